export * from "./postgres-flexible";
export * from "./storage-account";
