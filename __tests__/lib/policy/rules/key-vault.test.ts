import type { PolicyContext, PolicyRule, ResourceView } from "../../../../lib/policy/rule";
import { verdictText } from "../../../helpers/policy";
import type { Tier } from "../../../../lib/core/tier";
import { KEY_VAULT_RULES } from "../../../../lib/policy/rules/key-vault";

/** A key vault as KeyVault synthesizes it in prod, with an allow list: compliant with every vault rule. */
const SECURE = {
  purge_protection_enabled: true,
  soft_delete_retention_days: 90,
  rbac_authorization_enabled: true,
  public_network_access_enabled: true,
  network_acls: { bypass: "AzureServices", default_action: "Deny", ip_rules: ["203.0.113.0/24"], virtual_network_subnet_ids: [] },
};

const DEFAULT = " (Azure's default when unset)";

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
    expect(ids).toEqual(["AZ-KV-001", "AZ-KV-002", "AZ-KV-003", "AZ-KV-004", "AZ-KV-005", "AZ-KV-006"]);
    for (const rule of KEY_VAULT_RULES) {
      expect(rule.id).toMatch(/^AZ-[A-Z]+-\d{3}$/);
      expect(rule.description.trim()).not.toBe("");
      expect(rule.fix.trim()).not.toBe("");
      expect(rule.resourceTypes).toEqual([rule.id === "AZ-KV-006" ? "azurerm_key_vault_secret" : "azurerm_key_vault"]);
    }
  });

  test("a KeyVault-like configuration complies with every vault rule", () => {
    for (const rule of KEY_VAULT_RULES.filter((r) => r.id !== "AZ-KV-006")) expect(check(rule.id, SECURE)).toBeUndefined();
  });

  test("severities: purge protection and RBAC are errors, retention, firewall and content types warnings", () => {
    expect(Object.fromEntries(KEY_VAULT_RULES.map((r) => [r.id, r.severity]))).toEqual({
      "AZ-KV-001": "error",
      "AZ-KV-002": "warning",
      "AZ-KV-003": "error",
      "AZ-KV-004": "warning",
      "AZ-KV-005": "warning",
      "AZ-KV-006": "warning",
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

  describe("AZ-KV-005 public network access off, or a deny-by-default firewall with an allow list", () => {
    const acls = (overrides: Record<string, unknown>) => ({ network_acls: { bypass: "AzureServices", default_action: "Deny", ip_rules: [], virtual_network_subnet_ids: [], ...overrides } });

    test("an open vault is a violation; unset public access is Azure's default, on", () => {
      expect(check("AZ-KV-005", {})).toBe(`public_network_access_enabled is true${DEFAULT} and network_acls is unset (Azure allows every network)`);
      expect(check("AZ-KV-005", { public_network_access_enabled: true, ...acls({ default_action: "Allow", ip_rules: ["203.0.113.0/24"] }) }, "dev")).toBe(
        'public_network_access_enabled is true and network_acls.default_action is "Allow"',
      );
    });
    test("a public endpoint that denies by default and lists no network is a violation (turn it off instead)", () => {
      expect(check("AZ-KV-005", { public_network_access_enabled: true, ...acls({}) })).toBe(
        "public_network_access_enabled is true and network_acls lists no ip_rules or virtual_network_subnet_ids",
      );
      expect(check("AZ-KV-005", { network_acls: [{ bypass: "None", default_action: "Deny" }] })).toBe(
        `public_network_access_enabled is true${DEFAULT} and network_acls lists no ip_rules or virtual_network_subnet_ids`,
      );
    });
    test("public access off, or Deny with ip_rules or subnets, complies", () => {
      expect(check("AZ-KV-005", { public_network_access_enabled: false })).toBeUndefined();
      expect(check("AZ-KV-005", { public_network_access_enabled: "false", ...acls({ default_action: "Allow" }) })).toBeUndefined();
      expect(check("AZ-KV-005", acls({ ip_rules: ["203.0.113.7"] }))).toBeUndefined();
      expect(check("AZ-KV-005", { network_acls: [{ default_action: "Deny", virtual_network_subnet_ids: ["${azurerm_subnet.App.id}"] }] })).toBeUndefined();
    });
    test("references are not judged", () => {
      expect(check("AZ-KV-005", { public_network_access_enabled: "${var.public}" })).toBeUndefined();
      expect(check("AZ-KV-005", { network_acls: "${var.acls}" })).toBeUndefined();
      expect(check("AZ-KV-005", acls({ default_action: "${var.action}" }))).toBeUndefined();
      expect(check("AZ-KV-005", acls({ ip_rules: "${var.ip_rules}" }))).toBeUndefined();
    });
  });

  describe("AZ-KV-006 secrets have a content type", () => {
    function secret(config: Record<string, unknown>, tier: Tier = "dev"): string | undefined {
      const rule = KEY_VAULT_RULES.find((r) => r.id === "AZ-KV-006") as PolicyRule;
      const resource: ResourceView = { type: "azurerm_key_vault_secret", logicalId: "S", path: "stack/S", config: { name: "pg-password", value: "${random_password.P.result}", ...config } };
      return verdictText(rule.check(resource, { stackName: "s", tier, resources: [resource] }));
    }

    test("no content_type (none when unset), or an empty one, is a violation", () => {
      expect(secret({})).toBe("content_type is unset");
      expect(secret({ content_type: "" }, "prod")).toBe('content_type is ""');
      expect(secret({ content_type: "  " })).toBe('content_type is "  "');
    });
    test("a content type complies; a reference is not judged", () => {
      expect(secret({ content_type: "generated by Terraform (random_password)" })).toBeUndefined();
      expect(secret({ content_type: "${var.content_type}" })).toBeUndefined();
    });
  });
});
