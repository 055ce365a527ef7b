import { ContainerRegistry } from "../../../../lib/containers/container-registry";
import { verdictText } from "../../../helpers/policy";
import { evaluate } from "../../../../lib/policy/engine";
import type { PolicyContext, PolicyRule, ResourceView } from "../../../../lib/policy/rule";
import { CONTAINER_RULES } from "../../../../lib/policy/rules/containers";
import { synthJson, testStack } from "../../../helpers/stack";

/** Runs rule `id` over one resource of `type`, in a stack of tier `tier` (`null`: a stack without a tier). */
function check(id: string, type: string, config: Record<string, unknown>, tier: PolicyContext["tier"] | null = "prod"): string | undefined {
  const rule = CONTAINER_RULES.find((r) => r.id === id) as PolicyRule;
  expect(rule.resourceTypes).toContain(type);
  const resource: ResourceView = { type, logicalId: "X", path: "stack/X", config };
  return verdictText(rule.check(resource, { stackName: "s", tier: tier ?? undefined, resources: [resource] }));
}

const ACR = "azurerm_container_registry";
const AKS = "azurerm_kubernetes_cluster";
const DEFAULT = " (Azure's default when unset)";

/** A private AKS cluster with Entra ID, Azure RBAC and Cilium network policies. */
const SECURE_AKS = {
  role_based_access_control_enabled: true,
  local_account_disabled: true,
  private_cluster_enabled: true,
  network_profile: { network_plugin: "azure", network_plugin_mode: "overlay", network_data_plane: "cilium", network_policy: "cilium" },
  azure_active_directory_role_based_access_control: { azure_rbac_enabled: true, tenant_id: "${data.azurerm_client_config.ClientConfig.tenant_id}" },
};

describe("CONTAINER_RULES", () => {
  test("ids are unique AZ-<AREA>-<nnn>, every rule has a description, a fix and resource types", () => {
    const ids = CONTAINER_RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(["AZ-CR-001", "AZ-CR-002", "AZ-CR-003", "AZ-CR-004", "AZ-CR-005", "AZ-AKS-001", "AZ-AKS-002", "AZ-AKS-003", "AZ-AKS-004", "AZ-AKS-005"]);
    for (const rule of CONTAINER_RULES) {
      expect(rule.id).toMatch(/^AZ-[A-Z]+-\d{3}$/);
      expect(rule.description.trim()).not.toBe("");
      expect(rule.fix.trim()).not.toBe("");
      expect(rule.resourceTypes).toEqual([rule.id.startsWith("AZ-CR-") ? ACR : AKS]);
    }
    expect(CONTAINER_RULES.filter((r) => r.severity === "warning").map((r) => r.id)).toEqual(["AZ-AKS-005"]);
  });

  describe("Container Registry", () => {
    test("a ContainerRegistry-like prod registry (zone redundant, with a retention policy) complies with every registry rule", () => {
      const registry = {
        sku: "Premium",
        admin_enabled: false,
        anonymous_pull_enabled: false,
        public_network_access_enabled: false,
        zone_redundancy_enabled: true,
        retention_policy_in_days: 30,
      };
      for (const rule of CONTAINER_RULES.filter((r) => r.id.startsWith("AZ-CR-"))) expect(check(rule.id, ACR, registry)).toBeUndefined();
    });

    test("AZ-CR-001: the admin user on is a violation; unset is Azure's default, off", () => {
      expect(check("AZ-CR-001", ACR, { admin_enabled: true })).toBe("admin_enabled is true");
      expect(check("AZ-CR-001", ACR, { admin_enabled: "true" })).toBe("admin_enabled is true");
      expect(check("AZ-CR-001", ACR, {})).toBeUndefined();
      expect(check("AZ-CR-001", ACR, { admin_enabled: "${var.admin}" })).toBeUndefined();
    });

    test("AZ-CR-002: public network access true or unset is a violation", () => {
      expect(check("AZ-CR-002", ACR, { public_network_access_enabled: true })).toBe("public_network_access_enabled is true");
      expect(check("AZ-CR-002", ACR, {})).toBe(`public_network_access_enabled is true${DEFAULT}`);
      expect(check("AZ-CR-002", ACR, { public_network_access_enabled: "${var.public}" })).toBeUndefined();
    });

    test("AZ-CR-003: anonymous pull on is a violation; unset is Azure's default, off", () => {
      expect(check("AZ-CR-003", ACR, { sku: "Standard", anonymous_pull_enabled: true })).toBe("anonymous_pull_enabled is true");
      expect(check("AZ-CR-003", ACR, { anonymous_pull_enabled: "true" }, "dev")).toBe("anonymous_pull_enabled is true");
      expect(check("AZ-CR-003", ACR, {})).toBeUndefined();
      expect(check("AZ-CR-003", ACR, { anonymous_pull_enabled: false })).toBeUndefined();
      expect(check("AZ-CR-003", ACR, { anonymous_pull_enabled: "${var.anonymous}" })).toBeUndefined();
    });

    test("AZ-CR-004: in prod, no retention policy is a violation; unset keeps untagged manifests", () => {
      expect(check("AZ-CR-004", ACR, { sku: "Premium" })).toBe("retention_policy_in_days is unset (untagged manifests are never deleted) in a prod stack");
      expect(check("AZ-CR-004", ACR, { sku: "Premium", retention_policy_in_days: 0 })).toBe("retention_policy_in_days is 0 (no retention policy) in a prod stack");
      expect(check("AZ-CR-004", ACR, { retention_policy_in_days: 7 })).toBeUndefined();
      expect(check("AZ-CR-004", ACR, { retention_policy_in_days: "${var.days}" })).toBeUndefined();
    });

    test("AZ-CR-005: in prod, a registry or geo-replica without zone redundancy is a violation; unset is Azure's default, off", () => {
      expect(check("AZ-CR-005", ACR, { sku: "Premium" })).toBe(`zone_redundancy_enabled is false${DEFAULT} in a prod stack`);
      expect(check("AZ-CR-005", ACR, { zone_redundancy_enabled: false })).toBe("zone_redundancy_enabled is false in a prod stack");
      expect(
        check("AZ-CR-005", ACR, {
          zone_redundancy_enabled: true,
          georeplications: [
            { location: "westeurope", zone_redundancy_enabled: true },
            { location: "northeurope" },
            { location: "swedencentral", zone_redundancy_enabled: false },
          ],
        }),
      ).toBe(
        `georeplications[1] (northeurope).zone_redundancy_enabled is false${DEFAULT} in a prod stack; georeplications[2] (swedencentral).zone_redundancy_enabled is false in a prod stack`,
      );
      expect(check("AZ-CR-005", ACR, { zone_redundancy_enabled: true, georeplications: [{ location: "westeurope", zone_redundancy_enabled: true }] })).toBeUndefined();
      expect(check("AZ-CR-005", ACR, { zone_redundancy_enabled: "${var.zones}", georeplications: "${var.replicas}" })).toBeUndefined();
      expect(check("AZ-CR-005", ACR, { zone_redundancy_enabled: true, georeplications: [{ location: "westeurope", zone_redundancy_enabled: "${var.zones}" }] })).toBeUndefined();
    });

    test("AZ-CR-004 and AZ-CR-005 judge prod only", () => {
      for (const tier of ["dev", "staging", null] as const) {
        expect(check("AZ-CR-004", ACR, { sku: "Basic" }, tier)).toBeUndefined();
        expect(check("AZ-CR-005", ACR, { sku: "Basic" }, tier)).toBeUndefined();
      }
    });
  });

  describe("AKS", () => {
    test("a private cluster with Entra ID, Azure RBAC and network policies complies with every rule", () => {
      for (const rule of CONTAINER_RULES.filter((r) => r.id.startsWith("AZ-AKS-"))) expect(check(rule.id, AKS, SECURE_AKS)).toBeUndefined();
    });

    test("AZ-AKS-001: Kubernetes RBAC off is a violation; unset is Azure's default, on", () => {
      expect(check("AZ-AKS-001", AKS, { role_based_access_control_enabled: false })).toBe("role_based_access_control_enabled is false");
      expect(check("AZ-AKS-001", AKS, {})).toBeUndefined();
      expect(check("AZ-AKS-001", AKS, { role_based_access_control_enabled: "${var.rbac}" })).toBeUndefined();
    });

    test("AZ-AKS-002: no network policy engine is a violation", () => {
      expect(check("AZ-AKS-002", AKS, {})).toBe("network_profile is not set (no network policy engine)");
      expect(check("AZ-AKS-002", AKS, { network_profile: { network_plugin: "azure" } })).toBe("network_profile.network_policy is not set (no network policy engine)");
      expect(check("AZ-AKS-002", AKS, { network_profile: { network_plugin: "azure", network_policy: "none" } })).toBe('network_profile.network_policy is "none"');
    });

    test("AZ-AKS-002: azure, calico and cilium comply; a reference is not judged", () => {
      for (const policy of ["azure", "calico", "cilium"]) expect(check("AZ-AKS-002", AKS, { network_profile: { network_plugin: "azure", network_policy: policy } })).toBeUndefined();
      expect(check("AZ-AKS-002", AKS, { network_profile: [{ network_plugin: "azure", network_policy: "calico" }] })).toBeUndefined();
      expect(check("AZ-AKS-002", AKS, { network_profile: { network_plugin: "azure", network_policy: "${var.policy}" } })).toBeUndefined();
      expect(check("AZ-AKS-002", AKS, { network_profile: "${var.network_profile}" })).toBeUndefined();
    });

    test("AZ-AKS-003: local accounts on (false or unset) is a violation", () => {
      expect(check("AZ-AKS-003", AKS, { local_account_disabled: false })).toBe("local_account_disabled is false");
      expect(check("AZ-AKS-003", AKS, {})).toBe(`local_account_disabled is false${DEFAULT}`);
      expect(check("AZ-AKS-003", AKS, { local_account_disabled: "${var.local}" })).toBeUndefined();
    });

    test("AZ-AKS-004: a public API server without authorized IP ranges is a violation", () => {
      expect(check("AZ-AKS-004", AKS, {})).toBe(`private_cluster_enabled is false${DEFAULT} and api_server_access_profile.authorized_ip_ranges is empty`);
      expect(check("AZ-AKS-004", AKS, { private_cluster_enabled: false, api_server_access_profile: { authorized_ip_ranges: [] } })).toBe(
        "private_cluster_enabled is false and api_server_access_profile.authorized_ip_ranges is empty",
      );
      expect(check("AZ-AKS-004", AKS, { api_server_access_profile: { authorized_ip_ranges: ["203.0.113.0/24", "0.0.0.0/0"] } })).toBe(
        `private_cluster_enabled is false${DEFAULT} and api_server_access_profile.authorized_ip_ranges includes 0.0.0.0/0`,
      );
    });

    test("AZ-AKS-004: a private cluster or authorized IP ranges comply; references are not judged", () => {
      expect(check("AZ-AKS-004", AKS, { private_cluster_enabled: true })).toBeUndefined();
      expect(check("AZ-AKS-004", AKS, { api_server_access_profile: { authorized_ip_ranges: ["203.0.113.0/24"] } })).toBeUndefined();
      expect(check("AZ-AKS-004", AKS, { private_cluster_enabled: "${var.private}" })).toBeUndefined();
      expect(check("AZ-AKS-004", AKS, { api_server_access_profile: { authorized_ip_ranges: "${var.ranges}" } })).toBeUndefined();
      expect(check("AZ-AKS-004", AKS, { api_server_access_profile: { authorized_ip_ranges: ["${var.office}"] } })).toBeUndefined();
    });

    test("AZ-AKS-005: no Entra ID integration, or Kubernetes RBAC instead of Azure RBAC, is a violation", () => {
      expect(check("AZ-AKS-005", AKS, {})).toBe("azure_active_directory_role_based_access_control is not set (no Entra ID integration)");
      expect(check("AZ-AKS-005", AKS, { azure_active_directory_role_based_access_control: { admin_group_object_ids: ["g"] } })).toBe(
        `azure_active_directory_role_based_access_control.azure_rbac_enabled is false${DEFAULT}`,
      );
      expect(check("AZ-AKS-005", AKS, { azure_active_directory_role_based_access_control: [{ azure_rbac_enabled: false }] })).toBe(
        "azure_active_directory_role_based_access_control.azure_rbac_enabled is false",
      );
      expect(check("AZ-AKS-005", AKS, { azure_active_directory_role_based_access_control: { azure_rbac_enabled: "${var.rbac}" } })).toBeUndefined();
      expect(check("AZ-AKS-005", AKS, { azure_active_directory_role_based_access_control: "${var.aad}" })).toBeUndefined();
    });
  });

  describe("over the library's construct", () => {
    function findings(relaxed: boolean): string[] {
      const { stack, rg } = testStack();
      new ContainerRegistry(stack, "Registry", { resourceGroup: rg, publicNetworkAccess: relaxed ? true : undefined });
      const report = evaluate(CONTAINER_RULES, { name: "test", tier: "dev", json: synthJson(stack) }, []);
      return report.findings.map((f) => `${f.resourceType}: ${f.ruleId} ${f.message}`);
    }

    test("ContainerRegistry with its defaults complies", () => {
      expect(findings(false)).toEqual([]);
    });

    test("ContainerRegistry with publicNetworkAccess: true is reported", () => {
      expect(findings(true)).toEqual(["azurerm_container_registry: AZ-CR-002 public_network_access_enabled is true"]);
    });
  });
});
