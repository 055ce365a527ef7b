import type { PolicyContext, PolicyRule, ResourceView } from "../../../../lib/policy/rule";
import { verdictText } from "../../../helpers/policy";
import type { Tier } from "../../../../lib/core/schema-types";
import { KEY_VAULT_RULES } from "../../../../lib/policy/rules/key-vault";

/** A key vault as KeyVault synthesizes it in prod: compliant with every rule. */
const SECURE = {
  purge_protection_enabled: true,
  soft_delete_retention_days: 90,
  rbac_authorization_enabled: true,
  public_network_access_enabled: true,
  network_acls: { bypass: "AzureServices", default_action: "Deny", ip_rules: [], virtual_network_subnet_ids: [] },
};

function vault(config: Record<string, unknown>): ResourceView {
  return { type: "azurerm_key_vault", logicalId: "X", path: "stack/X", config };
}

/** Runs rule `id` over a vault with `config`; tier "none" is a stack outside BlueprintStacks. */
function check(id: string, config: Record<string, unknown>, tier: Tier | "none" = "prod", others: ResourceView[] = []): string | undefined {
  const rule = KEY_VAULT_RULES.find((r) => r.id === id) as PolicyRule;
  const resource = vault(config);
  const context: PolicyContext = { stackName: "s", tier: tier === "none" ? undefined : tier, resources: [resource, ...others] };
  return verdictText(rule.check(resource, context));
}

describe("KEY_VAULT_RULES", () => {
  test("ids are unique AZ-<AREA>-<nnn>, every rule has a description, a fix and resource types", () => {
    const ids = KEY_VAULT_RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(["AZ-KV-001", "AZ-KV-002", "AZ-KV-003", "AZ-KV-004"]);
    for (const rule of KEY_VAULT_RULES) {
      expect(rule.id).toMatch(/^AZ-[A-Z]+-\d{3}$/);
      expect(rule.description.trim()).not.toBe("");
      expect(rule.fix.trim()).not.toBe("");
      expect(rule.resourceTypes).toEqual(["azurerm_key_vault"]);
    }
  });

  test("a KeyVault-like configuration complies with every rule", () => {
    for (const rule of KEY_VAULT_RULES) expect(check(rule.id, SECURE)).toBeUndefined();
  });

  test("severities: purge protection and RBAC are errors, retention and firewall warnings", () => {
    expect(Object.fromEntries(KEY_VAULT_RULES.map((r) => [r.id, r.severity]))).toEqual({
      "AZ-KV-001": "error",
      "AZ-KV-002": "warning",
      "AZ-KV-003": "error",
      "AZ-KV-004": "warning",
    });
  });

  describe("AZ-KV-001 purge protection (prod only)", () => {
    test("false in prod is a violation; unset is Azure's default, false", () => {
      expect(check("AZ-KV-001", { ...SECURE, purge_protection_enabled: false })).toBe("purge_protection_enabled is false");
      expect(check("AZ-KV-001", { ...SECURE, purge_protection_enabled: undefined })).toBe("purge_protection_enabled is false (Azure's default when unset)");
    });
    test("dev, staging and stacks without a tier comply: their vaults are torn down and recreated", () => {
      expect(check("AZ-KV-001", { purge_protection_enabled: false }, "dev")).toBeUndefined();
      expect(check("AZ-KV-001", { purge_protection_enabled: false }, "staging")).toBeUndefined();
      expect(check("AZ-KV-001", {}, "none")).toBeUndefined();
    });
    test("the description documents the tier choice", () => {
      expect(KEY_VAULT_RULES[0].description).toMatch(/prod.*torn down and recreated/);
    });
    test("true complies; a reference is not judged", () => {
      expect(check("AZ-KV-001", { purge_protection_enabled: true })).toBeUndefined();
      expect(check("AZ-KV-001", { purge_protection_enabled: "${var.purge}" })).toBeUndefined();
    });
  });

  describe("AZ-KV-002 soft-delete retention", () => {
    test("fewer than 90 days is a violation", () => {
      expect(check("AZ-KV-002", { ...SECURE, soft_delete_retention_days: 7 })).toBe("soft_delete_retention_days is 7");
      expect(check("AZ-KV-002", { ...SECURE, soft_delete_retention_days: 89 }, "dev")).toBe("soft_delete_retention_days is 89");
    });
    test("90 complies, and so does unset (default 90); a reference is not judged", () => {
      expect(check("AZ-KV-002", { soft_delete_retention_days: 90 })).toBeUndefined();
      expect(check("AZ-KV-002", {})).toBeUndefined();
      expect(check("AZ-KV-002", { soft_delete_retention_days: "${var.days}" })).toBeUndefined();
    });
  });

  describe("AZ-KV-003 RBAC authorization", () => {
    test("false, or unset (Azure's default, false), is a violation", () => {
      expect(check("AZ-KV-003", { ...SECURE, rbac_authorization_enabled: false })).toBe("rbac_authorization_enabled is false");
      expect(check("AZ-KV-003", { ...SECURE, rbac_authorization_enabled: undefined })).toBe("rbac_authorization_enabled is false (Azure's default when unset)");
      expect(check("AZ-KV-003", { enable_rbac_authorization: false })).toBe("enable_rbac_authorization is false");
    });
    test("the deprecated enable_rbac_authorization = true complies; a reference is not judged", () => {
      expect(check("AZ-KV-003", { enable_rbac_authorization: true })).toBeUndefined();
      expect(check("AZ-KV-003", { rbac_authorization_enabled: "${var.rbac}" })).toBeUndefined();
    });
    test("inline access_policy blocks are a violation, even with RBAC on; an empty list complies", () => {
      const policy = { tenant_id: "t", object_id: "o", secret_permissions: ["Get"] };
      expect(check("AZ-KV-003", { ...SECURE, access_policy: [policy, policy] })).toBe("access_policy has 2 entries");
      expect(check("AZ-KV-003", { access_policy: [policy] })).toBe("rbac_authorization_enabled is false (Azure's default when unset); access_policy has 1 entry");
      expect(check("AZ-KV-003", { ...SECURE, access_policy: [] })).toBeUndefined();
    });
    test("azurerm_key_vault_access_policy resources on the vault are a violation; ones on another vault are not", () => {
      const policy = (logicalId: string, vaultId: string): ResourceView => ({
        type: "azurerm_key_vault_access_policy",
        logicalId,
        path: `stack/${logicalId}`,
        config: { key_vault_id: vaultId, tenant_id: "t", object_id: "o" },
      });
      expect(check("AZ-KV-003", SECURE, "prod", [policy("Mine", "${azurerm_key_vault.X.id}"), policy("Other", "${azurerm_key_vault.Y.id}")])).toBe(
        "access policies in azurerm_key_vault_access_policy.Mine",
      );
    });
  });

  describe("AZ-KV-004 network ACLs deny by default", () => {
    test("Allow is a violation", () => {
      expect(check("AZ-KV-004", { ...SECURE, network_acls: { bypass: "AzureServices", default_action: "Allow" } })).toBe(
        'network_acls.default_action is "Allow"',
      );
    });
    test("no network_acls block: Azure allows every network", () => {
      expect(check("AZ-KV-004", { ...SECURE, network_acls: undefined })).toBe("network_acls is unset (Azure allows every network)");
    });
    test("Deny complies (also as a list); a reference is not judged", () => {
      expect(check("AZ-KV-004", { network_acls: [{ bypass: "None", default_action: "Deny" }] })).toBeUndefined();
      expect(check("AZ-KV-004", { network_acls: { bypass: "None", default_action: "${var.action}" } })).toBeUndefined();
      expect(check("AZ-KV-004", { network_acls: "${var.acls}" })).toBeUndefined();
    });
    test("with public network access off there is no public endpoint to filter", () => {
      expect(check("AZ-KV-004", { public_network_access_enabled: false })).toBeUndefined();
      expect(check("AZ-KV-004", { public_network_access_enabled: false, network_acls: { bypass: "None", default_action: "Allow" } })).toBeUndefined();
    });
  });
});
