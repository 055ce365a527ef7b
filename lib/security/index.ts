export * from "./key-vault";
export * from "./managed-identity";
export * from "./role-grant";
export * from "./github-deployer";
// AksCluster: Kubernetes workload identities.
export * from "./workload-identity";
