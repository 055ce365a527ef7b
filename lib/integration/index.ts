export * from "./email-communication";
// ApiManagement
export * from "./api-management";
export * from "./api-management-policy";
// ServiceBus
export * from "./service-bus";
// EventHub (lib/integration/event-hub.ts)
export * from "./event-hub";
