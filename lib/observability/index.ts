export * from "./autoscale";
export * from "./monitoring";
export * from "./diagnostic-settings";
export * from "./budget";
// AvailabilityTest
export * from "./availability-test";
// MetricsDashboard
export * from "./metrics-dashboard";
