// Public API of azure-cdktf-blueprints: constructs and the core they are built on.
export * from "./core";
export * from "./network";
export * from "./security";
export * from "./data";
export * from "./web";
export * from "./observability";
export * from "./ai";
export * from "./containers";
export * from "./compute";
