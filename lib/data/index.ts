export * from "./postgres-flexible";
export * from "./storage-account";
export * from "./cosmos-postgres-cluster";
export * from "./mongo-vcore-vector";
export * from "./redis";
// SqlDatabase (Azure SQL Database: server, database, failover group)
export * from "./sql-database";
export * from "./cosmos-nosql";
// CosmosMongo (Cosmos DB for MongoDB, RU)
export * from "./cosmos-mongo";
