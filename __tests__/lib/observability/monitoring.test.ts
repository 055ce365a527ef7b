import { ApplicationInsights } from "@cdktf/provider-azurerm/lib/application-insights";
import { LogAnalyticsWorkspace } from "@cdktf/provider-azurerm/lib/log-analytics-workspace";
import { MonitorActionGroup } from "@cdktf/provider-azurerm/lib/monitor-action-group";
import { Testing } from "cdktf";
import { ValidationError } from "../../../lib/core/errors";
import { ExistingLogAnalyticsWorkspace, type MetricAlertProps, Monitoring, type MonitoringProps } from "../../../lib/observability/monitoring";
import { onlyResource, onlyResourceId, resourcesOf, synthJson, testStack } from "../../helpers/stack";

const RECIPIENTS = [{ name: "ops", address: "ops@example.com" }];

function monitoringStack(props: Partial<MonitoringProps> = {}) {
  const { stack, rg } = testStack();
  const build = () => new Monitoring(stack, "Monitoring", { resourceGroup: rg, recipients: RECIPIENTS, shortName: "demo-dev", ...props });
  return { stack, rg, build };
}

const ERROR_RATE: MetricAlertProps = {
  instance: "error-rate",
  description: "Failed requests above 5 in 5 minutes",
  scope: "/subscriptions/x/components/appi",
  metricNamespace: "microsoft.insights/components",
  metricName: "requests/failed",
  aggregation: "Count",
  operator: "GreaterThan",
  threshold: 5,
};

describe("Monitoring", () => {
  test("a PerGB2018 Log Analytics workspace with 30 days of retention by default", () => {
    const { stack, build } = monitoringStack();
    build();
    expect(Testing.synth(stack)).toHaveResourceWithProperties(LogAnalyticsWorkspace, {
      name: "log-demo-dev-eus2",
      sku: "PerGB2018",
      retention_in_days: 30,
      location: "eastus2",
    });
  });

  test("workspace-based Application Insights keeping all telemetry by default", () => {
    const { stack, build } = monitoringStack();
    build();
    const json = synthJson(stack);
    const workspaceId = onlyResourceId(json, "azurerm_log_analytics_workspace");
    expect(onlyResource(json, "azurerm_application_insights")).toMatchObject({
      name: "appi-demo-dev-eus2",
      application_type: "web",
      workspace_id: `\${azurerm_log_analytics_workspace.${workspaceId}.id}`,
      sampling_percentage: 100,
    });
  });

  test("retention and sampling are configurable", () => {
    const { stack, build } = monitoringStack({ retentionDays: 90, samplingPercentage: 10 });
    build();
    const synth = Testing.synth(stack);
    expect(synth).toHaveResourceWithProperties(LogAnalyticsWorkspace, { retention_in_days: 90 });
    expect(synth).toHaveResourceWithProperties(ApplicationInsights, { sampling_percentage: 10 });
  });

  test("an action group e-mailing every recipient with the common alert schema", () => {
    const { stack, build } = monitoringStack({
      recipients: [
        { name: "ops", address: "ops@example.com" },
        { name: "lead", address: "lead@example.com" },
      ],
    });
    build();
    expect(Testing.synth(stack)).toHaveResourceWithProperties(MonitorActionGroup, {
      name: "ag-demo-dev-eus2",
      short_name: "demo-dev",
      email_receiver: [
        { name: "ops", email_address: "ops@example.com", use_common_alert_schema: true },
        { name: "lead", email_address: "lead@example.com", use_common_alert_schema: true },
      ],
    });
  });

  test("addMetricAlert: criteria, the action group, defaults and a generated name", () => {
    const { stack, build } = monitoringStack();
    const monitoring = build();
    monitoring.addMetricAlert("ErrorRate", ERROR_RATE);
    const json = synthJson(stack);
    const actionGroupId = onlyResourceId(json, "azurerm_monitor_action_group");
    expect(onlyResource(json, "azurerm_monitor_metric_alert")).toMatchObject({
      name: "alrt-demo-dev-eus2-error-rate",
      description: "Failed requests above 5 in 5 minutes",
      scopes: ["/subscriptions/x/components/appi"],
      severity: 2,
      frequency: "PT1M",
      window_size: "PT5M",
      auto_mitigate: true,
      criteria: [
        {
          metric_namespace: "microsoft.insights/components",
          metric_name: "requests/failed",
          aggregation: "Count",
          operator: "GreaterThan",
          threshold: 5,
        },
      ],
      action: [{ action_group_id: `\${azurerm_monitor_action_group.${actionGroupId}.id}` }],
    });
    expect(Object.keys(monitoring.alerts)).toEqual(["error-rate"]);
  });

  test("addMetricAlert: a given name, severity, window and frequency", () => {
    const { stack, build } = monitoringStack();
    const monitoring = build();
    monitoring.addMetricAlert("ResponseTime", {
      ...ERROR_RATE,
      instance: "response-time",
      name: "alrt-api-response-time",
      severity: 1,
      windowSize: "PT15M",
      frequency: "PT5M",
    });
    expect(onlyResource(synthJson(stack), "azurerm_monitor_metric_alert")).toMatchObject({
      name: "alrt-api-response-time",
      severity: 1,
      window_size: "PT15M",
      frequency: "PT5M",
    });
  });

  test("addMetricAlert scoped to the component's own id", () => {
    const { stack, build } = monitoringStack();
    const monitoring = build();
    monitoring.addMetricAlert("ErrorRate", { ...ERROR_RATE, scope: monitoring.insights.id });
    const json = synthJson(stack);
    const insightsId = onlyResourceId(json, "azurerm_application_insights");
    expect(onlyResource(json, "azurerm_monitor_metric_alert").scopes).toEqual([`\${azurerm_application_insights.${insightsId}.id}`]);
  });

  test("an alert name Azure rejects is rejected", () => {
    const { build } = monitoringStack();
    const monitoring = build();
    expect(() => monitoring.addMetricAlert("Bad", { ...ERROR_RATE, name: "errors/api" })).toThrow(
      'test/Monitoring/Bad: metric alert name "errors/api" has characters or a shape Azure rejects; Azure allows 1-260 characters, any characters except < > * % { } & : \\ ? + / # |; unique within its resource group',
    );
  });

  test("a shortName over 12 characters is rejected", () => {
    const attempt = () => monitoringStack({ shortName: "demo-dev-ops1" }).build();
    expect(attempt).toThrow(ValidationError);
    expect(attempt).toThrow('test/Monitoring: shortName "demo-dev-ops1" is 13 characters (allowed: 1 to 12)');
  });

  test.each([
    [0, "test/Monitoring: samplingPercentage 0 is out of range (allowed: more than 0, at most 100)"],
    [101, "test/Monitoring: samplingPercentage 101 is out of range (allowed: more than 0, at most 100)"],
  ])("samplingPercentage %d is rejected", (samplingPercentage, message) => {
    const attempt = () => monitoringStack({ samplingPercentage }).build();
    expect(attempt).toThrow(ValidationError);
    expect(attempt).toThrow(message);
  });

  test.each([
    [29, "test/Monitoring: retentionDays 29 is out of range (allowed: 30 to 730)"],
    [731, "test/Monitoring: retentionDays 731 is out of range (allowed: 30 to 730)"],
  ])("retentionDays %d is rejected", (retentionDays, message) => {
    const attempt = () => monitoringStack({ retentionDays }).build();
    expect(attempt).toThrow(ValidationError);
    expect(attempt).toThrow(message);
  });

  test("no recipients is rejected", () => {
    const attempt = () => monitoringStack({ recipients: [] }).build();
    expect(attempt).toThrow("test/Monitoring: recipients is empty (allowed: at least one)");
  });
});

describe("Monitoring input checks", () => {
  test("an empty action group short name", () => {
    const { build } = monitoringStack({ shortName: "" });
    expect(() => build()).toThrow('test/Monitoring: shortName "" is 0 characters (allowed: 1 to 12)');
  });

  test("two alerts with the same instance would collide in Azure", () => {
    const { build } = monitoringStack();
    const monitoring = build();
    monitoring.addMetricAlert("ErrorRate", ERROR_RATE);
    expect(() => monitoring.addMetricAlert("ErrorRate2", ERROR_RATE)).toThrow('test/Monitoring: alert "error-rate" is defined twice');
  });

  test("a fractional retention is 'not a whole number'", () => {
    const { build } = monitoringStack({ retentionDays: 30.5 });
    expect(() => build()).toThrow("test/Monitoring: retentionDays 30.5 is not a whole number (allowed: 30 to 730)");
  });
});

describe("Monitoring log, resource-health alerts and diagnostics", () => {
  test("addLogAlert: a KQL alert over Application Insights with a measure column and the action group", () => {
    const { stack, build } = monitoringStack();
    const monitoring = build();
    monitoring.addLogAlert("ErrorRate", {
      instance: "error-rate",
      description: "More than 5 % of requests failed",
      query: "requests | summarize failedPercent = 100.0 * countif(success == false) / count()",
      metricColumn: "failedPercent",
      operator: "GreaterThan",
      threshold: 5,
      severity: 1,
    });
    const json = synthJson(stack);
    const alert = onlyResource(json, "azurerm_monitor_scheduled_query_rules_alert_v2");
    expect(alert).toMatchObject({
      name: "alrt-demo-dev-eus2-error-rate",
      scopes: [`\${azurerm_application_insights.${onlyResourceId(json, "azurerm_application_insights")}.id}`],
      severity: 1,
      window_duration: "PT5M",
      evaluation_frequency: "PT5M",
      auto_mitigation_enabled: true,
      criteria: [{ metric_measure_column: "failedPercent", time_aggregation_method: "Maximum", operator: "GreaterThan", threshold: 5 }],
      action: { action_groups: [`\${azurerm_monitor_action_group.${onlyResourceId(json, "azurerm_monitor_action_group")}.id}`] },
    });
  });

  test("addLogAlert without a measure column counts rows", () => {
    const { stack, build } = monitoringStack();
    build().addLogAlert("Exceptions", { instance: "exceptions", description: "x", query: "exceptions", operator: "GreaterThan", threshold: 10 });
    const alert = onlyResource(synthJson(stack), "azurerm_monitor_scheduled_query_rules_alert_v2");
    expect(alert.criteria).toEqual([expect.objectContaining({ time_aggregation_method: "Count" })]);
    expect((alert.criteria as Record<string, unknown>[])[0]).not.toHaveProperty("metric_measure_column");
  });

  test("addLogAlert with a scope: the query runs over that resource (the workspace, for resource logs)", () => {
    const { stack, build } = monitoringStack();
    const monitoring = build();
    monitoring.addLogAlert("KeyVaultDenied", { instance: "kv-denied", description: "x", scope: monitoring.workspace.id, query: "AzureDiagnostics", operator: "GreaterThan", threshold: 0, severity: 3 });
    const json = synthJson(stack);
    expect(onlyResource(json, "azurerm_monitor_scheduled_query_rules_alert_v2")).toMatchObject({
      scopes: [`\${azurerm_log_analytics_workspace.${onlyResourceId(json, "azurerm_log_analytics_workspace")}.id}`],
      severity: 3,
    });
  });

  test("addResourceHealthAlert: a global activity log alert on Resource Health", () => {
    const { stack, build } = monitoringStack();
    build().addResourceHealthAlert("DbHealth", { instance: "db-unavailable", description: "Database unavailable", resourceIds: ["/subscriptions/x/db"] });
    expect(onlyResource(synthJson(stack), "azurerm_monitor_activity_log_alert")).toMatchObject({
      name: "alrt-demo-dev-eus2-db-unavailable",
      location: "global",
      scopes: ["/subscriptions/x/db"],
      criteria: { category: "ResourceHealth", resource_ids: ["/subscriptions/x/db"], resource_health: { current: ["Unavailable", "Degraded"] } },
    });
  });

  test("addDiagnostics sends all logs and metrics to the workspace", () => {
    const { stack, build } = monitoringStack();
    build().addDiagnostics("DbDiagnostics", "/subscriptions/x/db");
    const json = synthJson(stack);
    expect(onlyResource(json, "azurerm_monitor_diagnostic_setting")).toMatchObject({
      target_resource_id: "/subscriptions/x/db",
      log_analytics_workspace_id: `\${azurerm_log_analytics_workspace.${onlyResourceId(json, "azurerm_log_analytics_workspace")}.id}`,
      enabled_log: [{ category_group: "allLogs" }],
      enabled_metric: [{ category: "AllMetrics" }],
    });
  });
});

describe("Monitoring with an existing (shared) workspace", () => {
  const WORKSPACE = "/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/rg-management/providers/Microsoft.OperationalInsights/workspaces/log-platform";

  test("no workspace is created; Application Insights and diagnostic settings use the given id, with no data source", () => {
    const { stack, rg } = testStack();
    const workspace = ExistingLogAnalyticsWorkspace.fromId(stack, "SharedWorkspace", WORKSPACE);
    expect(workspace.name).toBe("log-platform");
    new Monitoring(stack, "Monitoring", { resourceGroup: rg, recipients: RECIPIENTS, shortName: "demo-dev", workspace });
    const json = synthJson(stack);
    expect(resourcesOf(json, "azurerm_log_analytics_workspace")).toEqual({});
    expect(json.data).toBeUndefined();
    expect(onlyResource(json, "azurerm_application_insights")).toMatchObject({ workspace_id: WORKSPACE });
  });

  test("addDiagnostics and diagnosticSettings() send to the shared workspace", () => {
    const { stack, rg } = testStack();
    const workspace = ExistingLogAnalyticsWorkspace.fromId(stack, "SharedWorkspace", WORKSPACE);
    const monitoring = new Monitoring(stack, "Monitoring", { resourceGroup: rg, recipients: RECIPIENTS, shortName: "demo-dev", workspace });
    expect(monitoring.workspace).toBe(workspace);
    expect(monitoring.workspaceResource).toBeUndefined();
    expect(monitoring.diagnosticSettings()).toEqual({ workspaceId: WORKSPACE, metricCategories: ["AllMetrics"] });
    monitoring.addDiagnostics("VaultDiagnostics", "/subscriptions/x/vault");
    expect(onlyResource(synthJson(stack), "azurerm_monitor_diagnostic_setting")).toMatchObject({ log_analytics_workspace_id: WORKSPACE, target_resource_id: "/subscriptions/x/vault" });
  });

  test("by name, an azurerm_log_analytics_workspace data source supplies the id", () => {
    const { stack, rg } = testStack();
    const workspace = ExistingLogAnalyticsWorkspace.fromName(stack, "SharedWorkspace", { name: "log-platform", resourceGroupName: "rg-management" });
    new Monitoring(stack, "Monitoring", { resourceGroup: rg, recipients: RECIPIENTS, shortName: "demo-dev", workspace });
    const json = synthJson(stack);
    const dataId = Object.keys(json.data?.azurerm_log_analytics_workspace ?? {})[0];
    expect(json.data?.azurerm_log_analytics_workspace?.[dataId]).toMatchObject({ name: "log-platform", resource_group_name: "rg-management" });
    expect(onlyResource(json, "azurerm_application_insights").workspace_id).toBe(`\${data.azurerm_log_analytics_workspace.${dataId}.id}`);
  });

  test("retentionDays with an existing workspace is refused (its retention is set where it is managed)", () => {
    const { stack, rg } = testStack();
    const workspace = ExistingLogAnalyticsWorkspace.fromId(stack, "SharedWorkspace", WORKSPACE);
    expect(() => new Monitoring(stack, "Monitoring", { resourceGroup: rg, recipients: RECIPIENTS, shortName: "demo-dev", workspace, retentionDays: 90 })).toThrow(
      'test/Monitoring: retentionDays 90 applies to a workspace Monitoring creates, and workspace "log-platform" exists already (set its retention where it is managed, or leave retentionDays out)',
    );
  });

  test("a workspace id that is not one is refused", () => {
    const { stack } = testStack();
    const bad = WORKSPACE.replace("Microsoft.OperationalInsights/workspaces", "Microsoft.Insights/components");
    expect(() => ExistingLogAnalyticsWorkspace.fromId(stack, "SharedWorkspace", bad)).toThrow(ValidationError);
    expect(() => ExistingLogAnalyticsWorkspace.fromId(stack, "SharedWorkspace2", bad)).toThrow(
      `test/SharedWorkspace2: workspaceId "${bad}" is not the id of a Log Analytics workspace: it is the id of a Microsoft.Insights/components resource (expected /subscriptions/<subscription id>/resourceGroups/<resource group>/providers/Microsoft.OperationalInsights/workspaces/<workspace>)`,
    );
  });

  test("without one, the created workspace is both `workspace` and `workspaceResource`", () => {
    const { build } = monitoringStack();
    const monitoring = build();
    expect(monitoring.workspaceResource).toBeInstanceOf(LogAnalyticsWorkspace);
    expect(monitoring.workspace).toBe(monitoring.workspaceResource);
  });
});
