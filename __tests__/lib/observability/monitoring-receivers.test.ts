import { DataAzurermKeyVaultSecret } from "@cdktf/provider-azurerm/lib/data-azurerm-key-vault-secret";
import { TerraformVariable, Testing } from "cdktf";
import { type MetricAlertProps, Monitoring, type MonitoringProps } from "../../../lib/observability/monitoring";
import { expectValidationError, onlyResource, resourcesOf, synthJson, testStack } from "../../helpers/stack";

const RECIPIENTS = [{ name: "ops", address: "ops@example.com" }];
const SECRET_URL = "https://prod-00.westeurope.logic.azure.com:443/workflows/abc/triggers/manual/paths/invoke?api-version=2016-06-01&sig=SECRETSIGNATURE";
const ON_CALL = [{ name: "oncall", countryCode: "1", phoneNumber: "5555550100" }];

function monitoringStack(props: Partial<MonitoringProps> = {}) {
  const { stack, rg } = testStack();
  const url = new TerraformVariable(stack, "teams_webhook_url", { type: "string", sensitive: true, description: "Teams Workflows webhook URL" });
  const build = (more: Partial<MonitoringProps> = {}) =>
    new Monitoring(stack, "Monitoring", { resourceGroup: rg, recipients: RECIPIENTS, shortName: "augeo-prod", ...props, ...more });
  return { stack, rg, url, build };
}

const CPU: MetricAlertProps = {
  instance: "cpu",
  description: "CPU above 80 %",
  scope: "/subscriptions/x/serverfarms/asp",
  metricNamespace: "Microsoft.Web/serverfarms",
  metricName: "CpuPercentage",
  aggregation: "Average",
  operator: "GreaterThan",
  threshold: 80,
};

const actionGroupRef = (json: ReturnType<typeof synthJson>, construct: string) => {
  const id = Object.keys(resourcesOf(json, "azurerm_monitor_action_group")).find((k) => k.startsWith(`Monitoring_${construct}_`));
  return `\${azurerm_monitor_action_group.${id}.id}`;
};

describe("Monitoring webhook receivers (Microsoft Teams)", () => {
  test("a webhook from a sensitive variable: the common alert schema, and no URL in the JSON", () => {
    const { stack, url, build } = monitoringStack();
    build({ webhooks: [{ name: "teams", serviceUri: url.stringValue }] });
    const text = Testing.synth(stack);
    const json = JSON.parse(text);
    expect(onlyResource(json, "azurerm_monitor_action_group")).toMatchObject({
      email_receiver: [{ name: "ops", email_address: "ops@example.com", use_common_alert_schema: true }],
      webhook_receiver: [{ name: "teams", service_uri: "${var.teams_webhook_url}", use_common_alert_schema: true }],
    });
    expect(json.variable.teams_webhook_url).toEqual({ type: "string", sensitive: true, description: "Teams Workflows webhook URL" });
    expect(text).not.toMatch(/https?:\/\/[^"]*(logic\.azure|webhook\.office|powerplatform)/);
    expect(text).not.toContain("sig=");
  });

  test("a webhook from a Key Vault secret read with a data source", () => {
    const { stack, build } = monitoringStack();
    const secret = new DataAzurermKeyVaultSecret(stack, "TeamsUrl", { name: "teams-webhook-url", keyVaultId: "/subscriptions/x/vault" });
    build({ webhooks: [{ name: "teams", serviceUri: secret.value, useCommonAlertSchema: false }] });
    const json = synthJson(stack);
    const id = Object.keys(json.data?.azurerm_key_vault_secret ?? {})[0];
    expect(onlyResource(json, "azurerm_monitor_action_group").webhook_receiver).toEqual([
      { name: "teams", service_uri: `\${data.azurerm_key_vault_secret.${id}.value}`, use_common_alert_schema: false },
    ]);
  });

  test("a literal URL is refused, and the message does not repeat it", () => {
    const { build } = monitoringStack();
    let error: Error | undefined;
    try {
      build({ webhooks: [{ name: "teams", serviceUri: SECRET_URL }] });
    } catch (e) {
      error = e as Error;
    }
    expect(error?.message).toBe(
      'test/Monitoring: webhook "teams" has a literal URL; a webhook URL carries its credential and would sit in the synthesized JSON and in git: pass a sensitive Terraform variable (new TerraformVariable(stack, "teams_webhook_url", { type: "string", sensitive: true }).stringValue) or a Key Vault secret\'s value from a data source',
    );
    expect(error?.message).not.toContain("SECRETSIGNATURE");
  });

  test("a webhook named like an e-mail receiver, and more than ten webhooks, are refused", () => {
    const { url, build } = monitoringStack();
    expectValidationError(
      () => build({ webhooks: [{ name: "ops", serviceUri: url.stringValue }] }),
      'test/Monitoring: webhook "ops": the action group already has a receiver of that name (receiver names are unique within an action group)',
    );
    const eleven = Array.from({ length: 11 }, (_, i) => ({ name: `hook${i}`, serviceUri: url.stringValue }));
    const again = monitoringStack();
    expectValidationError(() => again.build({ webhooks: eleven }), "test/Monitoring: webhooks has 11 entries (allowed: at most 10 per action group)");
  });

  test("without webhooks or SMS recipients the action group is exactly as before (no new blocks, one group)", () => {
    const { stack, build } = monitoringStack();
    build();
    const json = synthJson(stack);
    const group = onlyResource(json, "azurerm_monitor_action_group");
    expect(Object.keys(group).sort()).toEqual(["email_receiver", "name", "resource_group_name", "short_name", "tags"]);
  });
});

describe("Monitoring SMS receivers for critical alerts", () => {
  test("SMS recipients go into a second action group of their own", () => {
    const { stack, build } = monitoringStack();
    const monitoring = build({ smsRecipients: [...ON_CALL, { name: "backup", countryCode: "44", phoneNumber: "7700900123" }] });
    const json = synthJson(stack);
    const groups = resourcesOf(json, "azurerm_monitor_action_group");
    expect(Object.keys(groups)).toHaveLength(2);
    const sms = Object.entries(groups).find(([k]) => k.startsWith("Monitoring_SmsActionGroup_"))![1];
    expect(sms).toMatchObject({
      name: "ag-demo-dev-eus2-sms",
      short_name: "augeo-prod",
      sms_receiver: [
        { name: "oncall", country_code: "1", phone_number: "5555550100" },
        { name: "backup", country_code: "44", phone_number: "7700900123" },
      ],
    });
    expect(sms).not.toHaveProperty("email_receiver");
    expect(onlyResourceNamed(groups, "Monitoring_ActionGroup_")).not.toHaveProperty("sms_receiver");
    expect(monitoring.smsActionGroup).toBeDefined();
  });

  test("a severity 0 metric alert pages (both groups); warnings notify the action group only", () => {
    const { stack, build } = monitoringStack();
    const monitoring = build({ smsRecipients: ON_CALL });
    monitoring.addMetricAlert("Down", { ...CPU, instance: "down", severity: 0 });
    monitoring.addMetricAlert("Cpu", { ...CPU, severity: 2 });
    const json = synthJson(stack);
    const alerts = resourcesOf(json, "azurerm_monitor_metric_alert");
    const byName = (n: string) => Object.values(alerts).find((a) => a.name === n);
    expect(byName("alrt-demo-dev-eus2-down")?.action).toEqual([{ action_group_id: actionGroupRef(json, "ActionGroup") }, { action_group_id: actionGroupRef(json, "SmsActionGroup") }]);
    expect(byName("alrt-demo-dev-eus2-cpu")?.action).toEqual([{ action_group_id: actionGroupRef(json, "ActionGroup") }]);
  });

  test("route overrides the severity default: a severity 1 log alert routed critical, a severity 0 one routed default", () => {
    const { stack, build } = monitoringStack();
    const monitoring = build({ smsRecipients: ON_CALL });
    monitoring.addLogAlert("ErrorRate", {
      instance: "error-rate",
      description: "More than 5 % of requests failed",
      query: "requests | summarize failedPercent = 100.0 * countif(success == false) / count()",
      metricColumn: "failedPercent",
      operator: "GreaterThan",
      threshold: 5,
      severity: 1,
      route: "critical",
    });
    monitoring.addLogAlert("Quiet", { instance: "quiet", description: "x", query: "exceptions", operator: "GreaterThan", threshold: 100, severity: 0, route: "default" });
    const json = synthJson(stack);
    const alerts = Object.values(resourcesOf(json, "azurerm_monitor_scheduled_query_rules_alert_v2"));
    expect(alerts.find((a) => a.name === "alrt-demo-dev-eus2-error-rate")?.action).toEqual({ action_groups: [actionGroupRef(json, "ActionGroup"), actionGroupRef(json, "SmsActionGroup")] });
    expect(alerts.find((a) => a.name === "alrt-demo-dev-eus2-quiet")?.action).toEqual({ action_groups: [actionGroupRef(json, "ActionGroup")] });
  });

  test("without SMS recipients, critical alerts notify the action group only", () => {
    const { stack, build } = monitoringStack();
    const monitoring = build();
    monitoring.addMetricAlert("Down", { ...CPU, instance: "down", severity: 0, route: "critical" });
    const json = synthJson(stack);
    expect(onlyResource(json, "azurerm_monitor_metric_alert").action).toEqual([{ action_group_id: actionGroupRef(json, "ActionGroup") }]);
    expect(monitoring.smsActionGroup).toBeUndefined();
    expect(monitoring.actionGroupIds("critical")).toHaveLength(1);
  });

  test("resource health alerts can page too", () => {
    const { stack, build } = monitoringStack();
    build({ smsRecipients: ON_CALL }).addResourceHealthAlert("DbHealth", { instance: "db-unavailable", description: "x", resourceIds: ["/subscriptions/x/db"], route: "critical" });
    const json = synthJson(stack);
    expect(onlyResource(json, "azurerm_monitor_activity_log_alert").action).toHaveLength(2);
  });

  test.each([
    [{ name: "a", countryCode: "+1", phoneNumber: "5555550100" }, 'test/Monitoring: SMS recipient "a": countryCode "+1" is not a country calling code (1 to 3 digits, no "+", e.g. "1" or "44")'],
    [{ name: "a", countryCode: "0", phoneNumber: "5555550100" }, 'test/Monitoring: SMS recipient "a": countryCode "0" is not a country calling code (1 to 3 digits, no "+", e.g. "1" or "44")'],
    [{ name: "a", countryCode: "1234", phoneNumber: "5555550100" }, 'test/Monitoring: SMS recipient "a": countryCode "1234" is not a country calling code (1 to 3 digits, no "+", e.g. "1" or "44")'],
    [{ name: "a", countryCode: "1", phoneNumber: "555-555-0100" }, 'test/Monitoring: SMS recipient "a": phoneNumber "555-555-0100" is not a phone number (4 to 14 digits, without the country code, spaces, hyphens or "+")'],
    [{ name: "a", countryCode: "1", phoneNumber: "+15555550100" }, 'test/Monitoring: SMS recipient "a": phoneNumber "+15555550100" is not a phone number (4 to 14 digits, without the country code, spaces, hyphens or "+")'],
    [{ name: "a", countryCode: "44", phoneNumber: "77009001234567" }, 'test/Monitoring: SMS recipient "a": +44 77009001234567 has 16 digits (an international number has at most 15, country code included)'],
  ])("a bad phone number is refused: %j", (recipient, message) => {
    expectValidationError(() => monitoringStack().build({ smsRecipients: [recipient] }), message);
  });

  test("an SMS recipient named twice, and more than ten, are refused", () => {
    expectValidationError(() => monitoringStack().build({ smsRecipients: [...ON_CALL, ...ON_CALL] }), 'test/Monitoring: SMS recipient "oncall" is defined twice (receiver names are unique within an action group)');
    const eleven = Array.from({ length: 11 }, (_, i) => ({ name: `p${i}`, countryCode: "1", phoneNumber: "5555550100" }));
    expectValidationError(() => monitoringStack().build({ smsRecipients: eleven }), "test/Monitoring: smsRecipients has 11 entries (allowed: at most 10 per action group)");
  });
});

describe("Monitoring activity log alerts (deployment events)", () => {
  test("a slot swap alert on an app: succeeded and failed swaps, global, default route", () => {
    const { stack, build } = monitoringStack();
    const monitoring = build({ smsRecipients: ON_CALL });
    monitoring.addActivityLogAlert("Deployment", {
      instance: "deployment",
      description: "A deployment (slot swap) of the API succeeded or failed",
      operationName: "Microsoft.Web/sites/slots/slotsswap/action",
      resourceIds: ["/subscriptions/x/sites/app-api"],
      statuses: ["Succeeded", "Failed"],
    });
    const json = synthJson(stack);
    expect(onlyResource(json, "azurerm_monitor_activity_log_alert")).toMatchObject({
      name: "alrt-demo-dev-eus2-deployment",
      location: "global",
      scopes: [expect.stringMatching(/^\$\{azurerm_resource_group\.ResourceGroup_[0-9A-F]+\.id\}$/)],
      criteria: {
        category: "Administrative",
        operation_name: "Microsoft.Web/sites/slots/slotsswap/action",
        resource_ids: ["/subscriptions/x/sites/app-api"],
        statuses: ["Succeeded", "Failed"],
      },
      action: [{ action_group_id: actionGroupRef(json, "ActionGroup") }],
    });
    expect(Object.keys(monitoring.alerts)).toEqual(["deployment"]);
  });

  test("explicit scopes and levels; an operation name that is not one is refused", () => {
    const { stack, build } = monitoringStack();
    const monitoring = build();
    monitoring.addActivityLogAlert("Deletes", { instance: "deletes", description: "x", scopes: ["/subscriptions/00000000-0000-0000-0000-000000000000"], operationName: "Microsoft.Web/sites/delete", levels: ["Critical", "Error"] });
    expect(onlyResource(synthJson(stack), "azurerm_monitor_activity_log_alert")).toMatchObject({
      scopes: ["/subscriptions/00000000-0000-0000-0000-000000000000"],
      criteria: { operation_name: "Microsoft.Web/sites/delete", levels: ["Critical", "Error"] },
    });
    expectValidationError(
      () => monitoring.addActivityLogAlert("Bad", { instance: "bad", description: "x", operationName: "slotsswap" }),
      'test/Monitoring/Bad: operationName "slotsswap" is not an operation (expected <provider>/<type>/<operation>, e.g. Microsoft.Web/sites/slots/slotsswap/action)',
    );
    expectValidationError(
      () => monitoring.addActivityLogAlert("Empty", { instance: "empty", description: "x", scopes: [] }),
      "test/Monitoring/Empty: scopes is empty (give a resource group, subscription or resource id, or leave scopes out for the Monitoring resource group)",
    );
  });

  test("the document's P95 latency alert is a log alert over a percentile column", () => {
    const { stack, build } = monitoringStack();
    build().addLogAlert("P95", {
      instance: "p95-latency",
      description: "P95 latency above 500 ms",
      query: "requests | summarize p95 = percentile(duration, 95)",
      metricColumn: "p95",
      operator: "GreaterThan",
      threshold: 500,
      severity: 0,
    });
    expect(onlyResource(synthJson(stack), "azurerm_monitor_scheduled_query_rules_alert_v2").criteria).toEqual([
      expect.objectContaining({ metric_measure_column: "p95", time_aggregation_method: "Maximum", operator: "GreaterThan", threshold: 500 }),
    ]);
  });
});

function onlyResourceNamed(resources: Record<string, Record<string, unknown>>, prefix: string): Record<string, unknown> {
  const matches = Object.entries(resources).filter(([k]) => k.startsWith(prefix));
  if (matches.length !== 1) throw new Error(`expected one resource ${prefix}*, found ${matches.length}`);
  return matches[0][1];
}
