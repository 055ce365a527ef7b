export * from "./postgres-flexible";
export * from "./storage-account";
export * from "./cosmos-postgres-cluster";
export * from "./mongo-vcore-vector";
export * from "./redis";
export * from "./cosmos-nosql";
