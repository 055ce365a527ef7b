// The environment-profile framework: environment files (YAML or code), systems with tier tables,
// and BlueprintStack. An optional layer on top of the constructs, which know nothing of it.
export { z } from "zod";
export * from "./blueprint-stack";
export * from "./environment";
export * from "./environment-config";
export * from "./load-environment";
export * from "./schema-types";
export * from "./system";
export * from "./validate";
