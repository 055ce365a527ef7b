export * from "./email-communication";
