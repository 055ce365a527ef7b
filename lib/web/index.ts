export * from "./app-service-with-slots";
export * from "./static-web-app";
// FunctionApp
export * from "./function-app";
export type { CustomDomain, CustomDomainProps } from "./custom-domain";
