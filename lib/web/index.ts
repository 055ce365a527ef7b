export * from "./app-service-with-slots";
export * from "./static-web-app";
