export * from "./email-communication";
// ServiceBus
export * from "./service-bus";
