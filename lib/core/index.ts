export {
  ARM_RESOURCE_KINDS,
  type ArmResourceKind,
  type ParsedResourceGroupId,
  type ParsedResourceId,
  expectedShape,
  parseResourceGroupId,
  parseResourceId,
} from "./arm-id";
export * from "./azure-stack";
export * from "./checks";
export * from "./deployer";
export * from "./errors";
export * from "./interfaces";
export * from "./naming";
export * from "./regions";
export * from "./resource-group";
export * from "./stack-singletons";
export * from "./suggest";
export * from "./synthesis-date";
export * from "./tags";
export * from "./tier";
