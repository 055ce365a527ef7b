export * from "./engine";
export * from "./lifecycle";
export * from "./network-reach";
export * from "./rule";
export * from "./rules";
export * from "./suppressions";
export * from "./util";
export * from "./sarif";
