export * from "./interfaces";
export * from "./private-dns-zones";
export * from "./private-endpoint";
export * from "./private-link-zones";
export * from "./vnet-with-subnets";
export * from "./cidr";
export * from "./bastion";
export * from "./existing";
export * from "./dns-zone";
// Firewall
export * from "./firewall";
