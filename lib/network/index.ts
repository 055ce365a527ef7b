export * from "./interfaces";
export * from "./private-dns-zones";
export * from "./private-endpoint";
export * from "./private-link-zones";
export * from "./vnet-with-subnets";
export * from "./cidr";
export * from "./bastion";
export {
  ARM_RESOURCE_KINDS,
  type ArmResourceKind,
  type ParsedResourceGroupId,
  type ParsedResourceId,
  expectedShape,
  parseResourceGroupId,
  parseResourceId,
} from "./arm-id";
export * from "./existing";
