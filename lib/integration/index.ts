export * from "./email-communication";
// ApiManagement
export * from "./api-management";
export * from "./api-management-policy";
// ServiceBus
export * from "./service-bus";
