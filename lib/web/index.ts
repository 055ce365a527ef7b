export * from "./app-service-with-slots";
export * from "./static-web-app";
export type { CustomDomain, CustomDomainProps } from "./custom-domain";
