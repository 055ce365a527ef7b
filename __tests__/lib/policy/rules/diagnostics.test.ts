import type { Tier } from "../../../../lib/core/tier";
import { verdictText } from "../../../helpers/policy";
import type { PolicyContext, PolicyRule, ResourceView } from "../../../../lib/policy/rule";
import { DIAGNOSTICS_RULES } from "../../../../lib/policy/rules/diagnostics";

const DATA_TYPES = [
  "azurerm_storage_account",
  "azurerm_key_vault",
  "azurerm_postgresql_flexible_server",
  "azurerm_cosmosdb_postgresql_cluster",
  "azurerm_mongo_cluster",
  "azurerm_cosmosdb_account",
  "azurerm_mssql_server",
  "azurerm_mssql_database",
  "azurerm_redis_cache",
  "azurerm_managed_redis",
  "azurerm_servicebus_namespace",
  // EventHub
  "azurerm_eventhub_namespace",
];

const rule = DIAGNOSTICS_RULES[0] as PolicyRule;

function view(type: string, logicalId: string, config: Record<string, unknown> = {}): ResourceView {
  return { type, logicalId, path: `stack/${logicalId}`, config };
}

function diagnostics(logicalId: string, target: string): ResourceView {
  return view("azurerm_monitor_diagnostic_setting", logicalId, {
    name: "to-log-analytics",
    target_resource_id: target,
    log_analytics_workspace_id: "${azurerm_log_analytics_workspace.W.id}",
    enabled_log: [{ category_group: "allLogs" }],
  });
}

/** Runs the rule over `resource` in a stack of `resources`; tier "none" is a stack outside BlueprintStacks. */
function check(resource: ResourceView, others: ResourceView[], tier: Tier | "none" = "prod"): string | undefined {
  const context: PolicyContext = { stackName: "s", tier: tier === "none" ? undefined : tier, resources: [resource, ...others] };
  return verdictText(rule.check(resource, context));
}

describe("DIAGNOSTICS_RULES", () => {
  test("ids are unique AZ-<AREA>-<nnn>, every rule has a description, a fix and the data service types", () => {
    const ids = DIAGNOSTICS_RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(["AZ-DIAG-001"]);
    for (const r of DIAGNOSTICS_RULES) {
      expect(r.id).toMatch(/^AZ-[A-Z]+-\d{3}$/);
      expect(r.severity).toBe("error");
      expect(r.description.trim()).not.toBe("");
      expect(r.fix.trim()).not.toBe("");
    }
    expect([...rule.resourceTypes].sort()).toEqual([...DATA_TYPES].sort());
  });

  test.each(DATA_TYPES)("a %s without a diagnostic setting is a violation in prod", (type) => {
    const other = view(type, "Other");
    expect(check(view(type, "X"), [other, diagnostics("OtherDiagnostics", `\${${type}.Other.id}`)])).toBe("no azurerm_monitor_diagnostic_setting targets it");
  });

  test.each(DATA_TYPES)("a %s with a diagnostic setting targeting it complies", (type) => {
    expect(check(view(type, "X"), [diagnostics("XDiagnostics", `\${${type}.X.id}`)])).toBeUndefined();
  });

  test("a storage account's logs collected on its blob service count", () => {
    const account = view("azurerm_storage_account", "Storage");
    expect(check(account, [diagnostics("BlobDiagnostics", "${azurerm_storage_account.Storage.id}/blobServices/default")])).toBeUndefined();
  });

  test("a reference to a resource whose logical id only starts like this one's does not count", () => {
    const vault = view("azurerm_key_vault", "Vault");
    expect(check(vault, [diagnostics("D", "${azurerm_key_vault.Vault2.id}")])).toBe("no azurerm_monitor_diagnostic_setting targets it");
  });

  test("a target_resource_id on another resource type does not count", () => {
    const vault = view("azurerm_key_vault", "Vault");
    expect(check(vault, [view("azurerm_role_assignment", "R", { scope: "${azurerm_key_vault.Vault.id}" })])).toBe("no azurerm_monitor_diagnostic_setting targets it");
  });

  test("dev, staging and stacks without a tier comply", () => {
    const vault = view("azurerm_key_vault", "Vault");
    expect(check(vault, [], "dev")).toBeUndefined();
    expect(check(vault, [], "staging")).toBeUndefined();
    expect(check(vault, [], "none")).toBeUndefined();
  });
});
