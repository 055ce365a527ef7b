export * from "./autoscale";
export * from "./monitoring";
