export * from "./key-vault";
export * from "./managed-identity";
export * from "./role-grant";
export * from "./github-deployer";
