import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App, TerraformVariable } from "cdktf";
import { AzureStack, Budget, GitHubDeployer, Monitoring, ResourceGroup, enforcePolicy } from "../../lib";

test("the README's alerts, budget and deployment identity example synthesizes and passes the policy", () => {
  const outdir = join(mkdtempSync(join(tmpdir(), "readme-ops-")), "cdktf.out");
  const warnings: string[] = [];

  // The example, as in README.md ("Alerts, budgets and the deployment identity"), with outdir made local and the date pinned.
  const app = new App({ outdir });
  const stack = new AzureStack(app, "billing-prod", { subscriptionId: "00000000-0000-0000-0000-000000000000", location: "eastus2", workload: "billing", environment: "prod" });
  const rg = new ResourceGroup(stack, "ResourceGroup", { location: "eastus2" });
  const teams = new TerraformVariable(stack, "teams_webhook_url", { type: "string", sensitive: true });
  const monitoring = new Monitoring(stack, "Monitoring", {
    resourceGroup: rg, shortName: "billing", recipients: [{ name: "ops", address: "ops@example.com" }],
    webhooks: [{ name: "teams", serviceUri: teams.stringValue }],
    smsRecipients: [{ name: "on-call", countryCode: "1", phoneNumber: "5555550100" }],
  });
  monitoring.addLogAlert("ErrorRate", { instance: "error-rate", description: "More than 5 % of requests failed", severity: 0,
    query: "requests | summarize failed = 100.0 * countif(success == false) / count()", metricColumn: "failed", operator: "GreaterThan", threshold: 5 });
  new Budget(stack, "Budget", { resourceGroup: rg, amount: 300, startDate: "2026-12-01", actionGroupIds: [monitoring.actionGroup.id] });
  new GitHubDeployer(stack, "Deployer", { resourceGroup: rg, repository: "octo-org/billing", environments: ["prod"], deployTo: [rg] });
  stack.provider.resourceProviderRegistrations = "none";
  enforcePolicy(app, { date: "2026-11-29", onWarning: (line) => warnings.push(line) });
  app.synth();

  const json = JSON.parse(readFileSync(join(outdir, "stacks", "billing-prod", "cdk.tf.json"), "utf8"));
  const groups = Object.values(json.resource.azurerm_monitor_action_group) as Record<string, unknown>[];
  expect(groups.flatMap((g) => (g.webhook_receiver as { service_uri: string }[] | undefined) ?? []).map((w) => w.service_uri)).toEqual(["${var.teams_webhook_url}"]);
  expect(Object.keys(json.resource.azurerm_monitor_action_group)).toHaveLength(2);
  expect(Object.values(json.resource.azurerm_consumption_budget_resource_group)).toEqual([expect.objectContaining({ time_period: { start_date: "2026-12-01T00:00:00Z" } })]);
  expect(Object.values(json.resource.azurerm_federated_identity_credential)).toEqual([expect.objectContaining({ subject: "repo:octo-org/billing:environment:prod" })]);
  expect(json.provider.azurerm[0].resource_provider_registrations).toBe("none");
  expect(warnings.filter((w) => /AZ-(FIC|AG|BUD)-/.test(w))).toEqual([]);
});
