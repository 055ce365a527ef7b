export * from "./jump-host";
export * from "./aks-cluster";
