import { TerraformVariable } from "cdktf";
import { evaluate } from "../../../../lib/policy/engine";
import type { PolicyRule } from "../../../../lib/policy/rule";
import { AZURE_RULES } from "../../../../lib/policy/rules";
import { ACTION_GROUP_RULES } from "../../../../lib/policy/rules/action-groups";
import { BUDGET_RULES } from "../../../../lib/policy/rules/budgets";
import { FEDERATED_CREDENTIAL_RULES } from "../../../../lib/policy/rules/federated-credentials";
import { Budget } from "../../../../lib/observability/budget";
import { Monitoring } from "../../../../lib/observability/monitoring";
import { GitHubDeployer } from "../../../../lib/security/github-deployer";
import { synthJson, testStack } from "../../../helpers/stack";

type Resources = Record<string, Record<string, Record<string, unknown>>>;

const ALL = [...FEDERATED_CREDENTIAL_RULES, ...ACTION_GROUP_RULES, ...BUDGET_RULES];
const rule = (id: string): PolicyRule => ALL.find((r) => r.id === id)!;
const meta = (path: string) => ({ "//": { metadata: { path } } });

/** One rule over a stack's resources at `date`: `path: message (severity)` lines. */
function run(id: string, resource: Resources, date = "2026-11-29"): string[] {
  const report = evaluate([rule(id)], { name: "s", tier: "prod", json: { resource }, date }, []);
  return report.findings.map((f) => `${f.path}: ${f.message} (${f.severity})`);
}

describe("the ops rules are registered", () => {
  test("AZ-FIC-001/002, AZ-AG-001 and AZ-BUD-001 are in the pack, with their categories and one-line texts", () => {
    expect(ALL.map((r) => [r.id, r.category, r.severity])).toEqual([
      ["AZ-FIC-001", "deployability", "error"],
      ["AZ-FIC-002", "security", "warning"],
      ["AZ-AG-001", "security", "error"],
      ["AZ-BUD-001", "deployability", "error"],
    ]);
    for (const r of ALL) {
      expect(AZURE_RULES).toContain(r);
      expect(r.description).not.toContain("\n");
      expect(r.fix).not.toContain("\n");
    }
  });
});

describe("AZ-BUD-001: a budget's start date is one Azure accepts on the synth date", () => {
  const budget = (start_date: string, time_grain?: string): Resources => ({
    azurerm_consumption_budget_resource_group: { b: { ...meta("s/Budget/Resource"), name: "budget-x", amount: 100, time_grain, time_period: { start_date } } },
  });

  test("the current month, or a later one within twelve months, passes", () => {
    expect(run("AZ-BUD-001", budget("2026-11-01T00:00:00Z"))).toEqual([]);
    expect(run("AZ-BUD-001", budget("2027-11-01T00:00:00Z"))).toEqual([]);
  });

  test("more than twelve months ahead is an error", () => {
    expect(run("AZ-BUD-001", budget("2027-12-01T00:00:00Z"))).toEqual([
      's/Budget/Resource: time_period.start_date "2027-12-01T00:00:00Z" is more than twelve months after 2026-11-29 (the latest start Azure accepts is 2027-11-29): creating the budget fails (error)',
    ]);
  });

  test("a past month is a warning (a first deployment fails; an existing budget is unaffected), judged at the --date", () => {
    expect(run("AZ-BUD-001", budget("2026-10-01T00:00:00Z"))).toEqual([
      's/Budget/Resource: time_period.start_date "2026-10-01T00:00:00Z" is before the current Monthly period (2026-11-01 or later on 2026-11-29): creating the budget now fails; a budget already created with this start date is unaffected, since an unchanged start date is never sent as a change (warning)',
    ]);
    // The same JSON judged on the day it was written passes.
    expect(run("AZ-BUD-001", budget("2026-10-01T00:00:00Z"), "2026-10-15")).toEqual([]);
  });

  test("quarterly and annual budgets may start up to two and eleven months back; billing periods are not judged", () => {
    expect(run("AZ-BUD-001", budget("2026-09-01T00:00:00Z", "Quarterly"))).toEqual([]);
    expect(run("AZ-BUD-001", budget("2026-08-01T00:00:00Z", "Quarterly"))).toHaveLength(1);
    expect(run("AZ-BUD-001", budget("2025-12-01T00:00:00Z", "Annually"))).toEqual([]);
    expect(run("AZ-BUD-001", budget("2025-11-01T00:00:00Z", "Annually"))).toHaveLength(1);
    expect(run("AZ-BUD-001", budget("2025-01-01T00:00:00Z", "BillingMonth"))).toEqual([]);
  });

  test("not the first of a month, or before June 2017, is an error (for configurations written without Budget)", () => {
    expect(run("AZ-BUD-001", budget("2026-11-15T00:00:00Z"))).toEqual(['s/Budget/Resource: time_period.start_date "2026-11-15T00:00:00Z" is not the first of a month, which Azure requires (error)']);
    expect(run("AZ-BUD-001", budget("2017-01-01T00:00:00Z"))).toEqual(['s/Budget/Resource: time_period.start_date "2017-01-01T00:00:00Z" is before 2017-06-01, the earliest start Azure accepts (error)']);
  });

  test("a start date that is a reference is not judged", () => {
    expect(run("AZ-BUD-001", budget("${var.start}"))).toEqual([]);
  });

  test("on a Budget construct's JSON, subscription scope too", () => {
    const { stack } = testStack();
    new Budget(stack, "Budget", { subscriptionId: "00000000-0000-0000-0000-000000000000", amount: 10, startDate: "2026-11-01", emails: ["ops@example.com"] });
    const resource = synthJson(stack).resource;
    expect(run("AZ-BUD-001", resource)).toEqual([]);
    expect(run("AZ-BUD-001", resource, "2027-01-10")[0]).toMatch(/^Budget_[0-9A-F]+: time_period.start_date "2026-11-01T00:00:00Z" is before the current Monthly period .* \(warning\)$/);
  });
});

describe("AZ-FIC-001: federated credentials Entra ID can match", () => {
  const credential = (config: Record<string, unknown>): Resources => ({
    azurerm_federated_identity_credential: {
      c: { ...meta("s/Deployer/Credential"), name: "c", issuer: "https://token.actions.githubusercontent.com", audience: ["api://AzureADTokenExchange"], subject: "repo:o/r:environment:prod", parent_id: "${azurerm_user_assigned_identity.i.id}", ...config },
    },
  });

  test("an exact subject passes; a wildcard never matches: error", () => {
    expect(run("AZ-FIC-001", credential({}))).toEqual([]);
    expect(run("AZ-FIC-001", credential({ subject: "repo:o/r:*" }))).toEqual(['s/Deployer/Credential: subject "repo:o/r:*" contains "*", which Entra ID compares literally: no token ever matches (error)']);
    expect(run("AZ-FIC-001", credential({ subject: "repo:o/r:environment:prod " }))).toEqual(['s/Deployer/Credential: subject "repo:o/r:environment:prod " is empty or has surrounding spaces: no token matches (error)']);
  });

  test("another audience is a warning", () => {
    expect(run("AZ-FIC-001", credential({ audience: ["api://custom"] }))).toEqual([
      's/Deployer/Credential: audience ["api://custom"] is not ["api://AzureADTokenExchange"], the audience azure/login and the Azure SDKs request: sign-in works only for workflows that ask for this one (warning)',
    ]);
  });

  test("GitHubDeployer's credentials pass", () => {
    const { stack, rg } = testStack();
    new GitHubDeployer(stack, "Deployer", { resourceGroup: rg, repository: "octo-org/augeo", environments: ["prod"], branches: ["main"], deployTo: [rg] });
    expect(run("AZ-FIC-001", synthJson(stack).resource)).toEqual([]);
  });
});

describe("AZ-FIC-002: pull request workflows cannot sign in as an identity that can change resources", () => {
  test("a pull request subject on a deployer with Contributor is a warning naming the roles", () => {
    const { stack, rg } = testStack();
    new GitHubDeployer(stack, "Deployer", { resourceGroup: rg, repository: "octo-org/augeo", environments: ["prod"], pullRequests: true, deployTo: [rg], assignableRoles: ["AcrPull"] });
    const findings = run("AZ-FIC-002", synthJson(stack).resource);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatch(
      // (Testing.synth leaves construct paths out of the JSON: the engine names resources by logical id.)
      /^Deployer_Credential-github-pull-request_[0-9A-F]+: subject "repo:octo-org\/augeo:pull_request" lets any pull request's workflow sign in as Deployer_Identity_[0-9A-F]+, which holds Contributor, Role Based Access Control Administrator \(Deployer_Contributor_[0-9A-F]+, Deployer_RoleAdministrator_[0-9A-F]+\) \(warning\)$/,
    );
  });

  test("environment subjects, and a pull request identity with read roles only, pass", () => {
    const { stack, rg } = testStack();
    new GitHubDeployer(stack, "Deployer", { resourceGroup: rg, repository: "octo-org/augeo", environments: ["prod"], deployTo: [rg] });
    expect(run("AZ-FIC-002", synthJson(stack).resource)).toEqual([]);
    const readOnly: Resources = {
      azurerm_user_assigned_identity: { i: { ...meta("s/Plan/Identity"), name: "id-plan" } },
      azurerm_federated_identity_credential: { c: { ...meta("s/Plan/Credential"), name: "pr", issuer: "https://token.actions.githubusercontent.com", subject: "repo:o/r:pull_request", parent_id: "${azurerm_user_assigned_identity.i.id}" } },
      azurerm_role_assignment: {
        r: { ...meta("s/Plan/Reader"), scope: "/subscriptions/x", role_definition_name: "Reader", principal_id: "${azurerm_user_assigned_identity.i.principal_id}" },
        o: { ...meta("s/Plan/Owner"), scope: "/subscriptions/x", role_definition_id: "/providers/Microsoft.Authorization/roleDefinitions/8e3af657-a8ff-443c-a75c-2fe8c4bcb635", principal_id: "${azurerm_user_assigned_identity.other.principal_id}" },
      },
    };
    expect(run("AZ-FIC-002", readOnly)).toEqual([]);
  });

  test("a write role given by definition id counts", () => {
    const resources: Resources = {
      azurerm_user_assigned_identity: { i: { ...meta("s/Ci/Identity"), name: "id-ci" } },
      azurerm_federated_identity_credential: { c: { ...meta("s/Ci/Credential"), name: "pr", issuer: "https://token.actions.githubusercontent.com", subject: "repo:o/r:pull_request", parent_id: "${azurerm_user_assigned_identity.i.id}" } },
      azurerm_role_assignment: { o: { ...meta("s/Ci/Owner"), scope: "/subscriptions/x", role_definition_id: "/subscriptions/x/providers/Microsoft.Authorization/roleDefinitions/8e3af657-a8ff-443c-a75c-2fe8c4bcb635", principal_id: "${azurerm_user_assigned_identity.i.principal_id}" } },
    };
    expect(run("AZ-FIC-002", resources)).toEqual(['s/Ci/Credential: subject "repo:o/r:pull_request" lets any pull request\'s workflow sign in as s/Ci/Identity, which holds Owner (s/Ci/Owner) (warning)']);
  });
});

describe("AZ-AG-001: action group endpoint URLs are not literals", () => {
  const group = (config: Record<string, unknown>): Resources => ({ azurerm_monitor_action_group: { g: { ...meta("s/Monitoring/ActionGroup"), name: "ag", short_name: "ag", ...config } } });

  test("literal webhook, Logic App and function URLs are errors", () => {
    expect(run("AZ-AG-001", group({ webhook_receiver: [{ name: "teams", service_uri: "https://x.logic.azure.com/workflows/1?sig=abc" }] }))).toEqual([
      's/Monitoring/ActionGroup: webhook_receiver "teams" service_uri is a literal URL: the credential is in the JSON (error)',
    ]);
    expect(
      run("AZ-AG-001", group({ logic_app_receiver: [{ name: "flow", resource_id: "/x", callback_url: "https://x?sig=1" }], azure_function_receiver: [{ name: "fn", function_app_resource_id: "/y", function_name: "f", http_trigger_url: "https://f.azurewebsites.net/api/f?code=1" }] })),
    ).toEqual(['s/Monitoring/ActionGroup: logic_app_receiver "flow" callback_url, azure_function_receiver "fn" http_trigger_url are literal URLs: the credential is in the JSON (error)']);
  });

  test("references, and a secure webhook (Entra ID authentication), pass", () => {
    expect(run("AZ-AG-001", group({ webhook_receiver: [{ name: "teams", service_uri: "${var.teams_webhook_url}" }] }))).toEqual([]);
    expect(run("AZ-AG-001", group({ webhook_receiver: [{ name: "itsm", service_uri: "https://itsm.example.com/hook", aad_auth: { object_id: "x" } }] }))).toEqual([]);
    expect(run("AZ-AG-001", group({ email_receiver: [{ name: "ops", email_address: "ops@example.com" }] }))).toEqual([]);
  });

  test("Monitoring with a webhook variable passes", () => {
    const { stack, rg } = testStack();
    const url = new TerraformVariable(stack, "teams_webhook_url", { type: "string", sensitive: true });
    new Monitoring(stack, "Monitoring", { resourceGroup: rg, recipients: [{ name: "ops", address: "ops@example.com" }], shortName: "demo", webhooks: [{ name: "teams", serviceUri: url.stringValue }] });
    expect(run("AZ-AG-001", synthJson(stack).resource)).toEqual([]);
  });
});

describe("AZ-DEP-003 scopes budget and credential names by their parent", () => {
  const dep003 = AZURE_RULES.find((r) => r.id === "AZ-DEP-003")!;
  const findings = (resource: Resources) => evaluate([dep003], { name: "s", json: { resource }, date: "2026-11-29" }, []).findings.map((f) => f.path);

  test("one budget name in two resource groups is fine; twice in one group is not", () => {
    const budget = (path: string, rg: string) => ({ ...meta(path), name: "budget-x", resource_group_id: rg, amount: 1, time_period: { start_date: "2026-11-01T00:00:00Z" } });
    expect(findings({ azurerm_consumption_budget_resource_group: { a: budget("s/A", "${azurerm_resource_group.a.id}"), b: budget("s/B", "${azurerm_resource_group.b.id}") } })).toEqual([]);
    expect(findings({ azurerm_consumption_budget_resource_group: { a: budget("s/A", "${azurerm_resource_group.a.id}"), b: budget("s/B", "${azurerm_resource_group.a.id}") } })).toEqual(["s/B"]);
  });

  test("one credential name under two identities is fine", () => {
    const credential = (path: string, identity: string) => ({ ...meta(path), name: "github-env-prod", resource_group_name: "rg", parent_id: `\${azurerm_user_assigned_identity.${identity}.id}`, subject: `repo:o/${identity}:environment:prod` });
    expect(findings({ azurerm_federated_identity_credential: { a: credential("s/A", "a"), b: credential("s/B", "b") } })).toEqual([]);
    expect(findings({ azurerm_federated_identity_credential: { a: credential("s/A", "a"), b: credential("s/B", "a") } })).toEqual(["s/B"]);
  });
});
