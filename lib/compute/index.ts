export * from "./jump-host";
