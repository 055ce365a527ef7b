import { verdictText } from "../../../helpers/policy";
import type { PolicyContext, PolicyRule, ResourceView } from "../../../../lib/policy/rule";
import { AKS_RULES } from "../../../../lib/policy/rules/aks";

const AKS = "azurerm_kubernetes_cluster";
const POOL = "azurerm_kubernetes_cluster_node_pool";
const DEFAULT = " (Azure's default when unset)";

function check(id: string, type: string, config: Record<string, unknown>, tier: PolicyContext["tier"] | null = "prod"): string | undefined {
  const rule = AKS_RULES.find((r) => r.id === id) as PolicyRule;
  expect(rule.resourceTypes).toContain(type);
  const resource: ResourceView = { type, logicalId: "X", path: "stack/X", config };
  return verdictText(rule.check(resource, { stackName: "s", tier: tier ?? undefined, resources: [resource] }));
}

/** What AksCluster synthesizes, in the parts these rules read. */
const AKS_CLUSTER = {
  azure_policy_enabled: true,
  automatic_upgrade_channel: "patch",
  key_vault_secrets_provider: { secret_rotation_enabled: true, secret_rotation_interval: "2m" },
  sku_tier: "Standard",
  network_profile: { network_plugin: "azure", network_plugin_mode: "overlay" },
  default_node_pool: { max_pods: 110, host_encryption_enabled: true, only_critical_addons_enabled: true },
};

describe("AKS_RULES", () => {
  test("ids continue AZ-AKS after 005; severities", () => {
    expect(AKS_RULES.map((r) => r.id)).toEqual(["AZ-AKS-006", "AZ-AKS-007", "AZ-AKS-008", "AZ-AKS-009", "AZ-AKS-010", "AZ-AKS-011", "AZ-AKS-012"]);
    expect(AKS_RULES.filter((r) => r.severity === "error").map((r) => r.id)).toEqual(["AZ-AKS-006", "AZ-AKS-009"]);
  });

  test("an AksCluster-like cluster complies with every rule", () => {
    for (const rule of AKS_RULES) expect(check(rule.id, AKS, AKS_CLUSTER)).toBeUndefined();
  });

  test("AZ-AKS-006: the Azure Policy add-on off or unset is a violation", () => {
    expect(check("AZ-AKS-006", AKS, {})).toBe(`azure_policy_enabled is false${DEFAULT}`);
    expect(check("AZ-AKS-006", AKS, { azure_policy_enabled: false })).toBe("azure_policy_enabled is false");
    expect(check("AZ-AKS-006", AKS, { azure_policy_enabled: "${var.p}" })).toBeUndefined();
  });

  test("AZ-AKS-007: no auto-upgrade channel, or none, is a violation", () => {
    expect(check("AZ-AKS-007", AKS, {})).toBe("automatic_upgrade_channel is not set (no automatic upgrades)");
    expect(check("AZ-AKS-007", AKS, { automatic_upgrade_channel: "none" })).toBe('automatic_upgrade_channel is "none"');
    expect(check("AZ-AKS-007", AKS, { automatic_upgrade_channel: "stable" })).toBeUndefined();
  });

  test("AZ-AKS-008: no secrets provider, or no rotation, is a violation", () => {
    expect(check("AZ-AKS-008", AKS, {})).toBe("key_vault_secrets_provider is not set (no Key Vault CSI driver)");
    expect(check("AZ-AKS-008", AKS, { key_vault_secrets_provider: {} })).toBe(`key_vault_secrets_provider.secret_rotation_enabled is false${DEFAULT}`);
    expect(check("AZ-AKS-008", AKS, { key_vault_secrets_provider: { secret_rotation_enabled: true } })).toBeUndefined();
  });

  test("AZ-AKS-009: Free (or unset) in prod is a violation; other tiers are not judged", () => {
    expect(check("AZ-AKS-009", AKS, {})).toBe(`sku_tier is "Free"${DEFAULT} (no uptime SLA) in a prod stack`);
    expect(check("AZ-AKS-009", AKS, { sku_tier: "Free" })).toBe('sku_tier is "Free" (no uptime SLA) in a prod stack');
    expect(check("AZ-AKS-009", AKS, { sku_tier: "Premium" })).toBeUndefined();
    expect(check("AZ-AKS-009", AKS, { sku_tier: "Free" }, "dev")).toBeUndefined();
  });

  test("AZ-AKS-010: fewer than 50 pods per node is a violation; unset is 250 with Overlay, 30 otherwise", () => {
    expect(check("AZ-AKS-010", AKS, { default_node_pool: { max_pods: 30 } })).toBe("default_node_pool.max_pods is 30");
    expect(check("AZ-AKS-010", AKS, { default_node_pool: {} })).toBe(`default_node_pool.max_pods is 30${DEFAULT}`);
    expect(check("AZ-AKS-010", AKS, { default_node_pool: {}, network_profile: { network_plugin: "azure", network_plugin_mode: "overlay" } })).toBeUndefined();
    expect(check("AZ-AKS-010", POOL, { max_pods: 20 })).toBe("max_pods is 20");
    expect(check("AZ-AKS-010", POOL, { max_pods: 110 })).toBeUndefined();
    expect(check("AZ-AKS-010", POOL, {})).toBeUndefined();
  });

  test("AZ-AKS-011: host encryption off on the default pool or a node pool is a violation", () => {
    expect(check("AZ-AKS-011", AKS, { default_node_pool: {} })).toBe(`default_node_pool.host_encryption_enabled is false${DEFAULT}`);
    expect(check("AZ-AKS-011", POOL, { host_encryption_enabled: false })).toBe("host_encryption_enabled is false");
    expect(check("AZ-AKS-011", POOL, { host_encryption_enabled: true })).toBeUndefined();
  });

  test("AZ-AKS-012: a system pool that also runs applications is a violation", () => {
    expect(check("AZ-AKS-012", AKS, { default_node_pool: {} })).toBe(`default_node_pool.only_critical_addons_enabled is false${DEFAULT}`);
    expect(check("AZ-AKS-012", AKS, { default_node_pool: { only_critical_addons_enabled: true } })).toBeUndefined();
  });
});
