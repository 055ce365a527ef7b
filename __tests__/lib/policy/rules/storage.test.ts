import type { PolicyContext, PolicyRule, ResourceView } from "../../../../lib/policy/rule";
import { verdictText } from "../../../helpers/policy";
import { STORAGE_RULES } from "../../../../lib/policy/rules/storage";

/** A storage account as StorageAccount synthesizes it: compliant with every rule. */
const SECURE = {
  public_network_access_enabled: false,
  allow_nested_items_to_be_public: false,
  min_tls_version: "TLS1_2",
  shared_access_key_enabled: false,
  https_traffic_only_enabled: true,
  local_user_enabled: false,
  blob_properties: { delete_retention_policy: { days: 7 }, container_delete_retention_policy: { days: 7 } },
};

const DEFAULT = " (Azure's default when unset)";

function account(config: Record<string, unknown>): ResourceView {
  return { type: "azurerm_storage_account", logicalId: "X", path: "stack/X", config };
}

function check(id: string, config: Record<string, unknown>, tier: PolicyContext["tier"] = "prod", others: ResourceView[] = []): string | undefined {
  return judge(id, account(config), tier, others);
}

function judge(id: string, resource: ResourceView, tier: PolicyContext["tier"] = "prod", others: ResourceView[] = []): string | undefined {
  const rule = STORAGE_RULES.find((r) => r.id === id) as PolicyRule;
  expect(rule.resourceTypes).toContain(resource.type);
  return verdictText(rule.check(resource, { stackName: "s", tier, resources: [resource, ...others] }));
}

describe("STORAGE_RULES", () => {
  test("ids are unique AZ-<AREA>-<nnn>, every rule has a description, a fix and resource types", () => {
    const ids = STORAGE_RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(["AZ-ST-001", "AZ-ST-002", "AZ-ST-003", "AZ-ST-004", "AZ-ST-005", "AZ-ST-006", "AZ-ST-007", "AZ-ST-008"]);
    for (const rule of STORAGE_RULES) {
      expect(rule.id).toMatch(/^AZ-[A-Z]+-\d{3}$/);
      expect(rule.description.trim()).not.toBe("");
      expect(rule.fix.trim()).not.toBe("");
      expect(rule.resourceTypes).toEqual(rule.id === "AZ-ST-008" ? ["azurerm_storage_account", "azurerm_storage_account_network_rules"] : ["azurerm_storage_account"]);
    }
    expect(STORAGE_RULES.filter((r) => r.severity === "warning").map((r) => r.id)).toEqual(["AZ-ST-008"]);
  });

  test("a StorageAccount-like configuration complies with every rule", () => {
    for (const rule of STORAGE_RULES) expect(check(rule.id, SECURE)).toBeUndefined();
  });

  describe("AZ-ST-001 public network access", () => {
    test("true is a violation", () => {
      expect(check("AZ-ST-001", { ...SECURE, public_network_access_enabled: true })).toBe("public_network_access_enabled is true");
    });
    test("unset is Azure's default, true", () => {
      expect(check("AZ-ST-001", { ...SECURE, public_network_access_enabled: undefined })).toBe(
        "public_network_access_enabled is true (Azure's default when unset)",
      );
    });
    test("false complies; a reference is not judged", () => {
      expect(check("AZ-ST-001", { public_network_access_enabled: false })).toBeUndefined();
      expect(check("AZ-ST-001", { public_network_access_enabled: "${var.public}" })).toBeUndefined();
    });
  });

  describe("AZ-ST-002 anonymous blob access", () => {
    test("true is a violation; unset is Azure's default, true", () => {
      expect(check("AZ-ST-002", { ...SECURE, allow_nested_items_to_be_public: true })).toBe("allow_nested_items_to_be_public is true");
      expect(check("AZ-ST-002", { ...SECURE, allow_nested_items_to_be_public: undefined })).toBe(
        "allow_nested_items_to_be_public is true (Azure's default when unset)",
      );
    });
    test("false complies; a reference is not judged", () => {
      expect(check("AZ-ST-002", { allow_nested_items_to_be_public: false })).toBeUndefined();
      expect(check("AZ-ST-002", { allow_nested_items_to_be_public: "${local.public}" })).toBeUndefined();
    });
  });

  describe("AZ-ST-003 minimum TLS", () => {
    test("TLS1_0 and TLS1_1 are violations", () => {
      expect(check("AZ-ST-003", { ...SECURE, min_tls_version: "TLS1_0" })).toBe('min_tls_version is "TLS1_0"');
      expect(check("AZ-ST-003", { ...SECURE, min_tls_version: "TLS1_1" })).toBe('min_tls_version is "TLS1_1"');
    });
    test("TLS1_2 complies, and so does unset (azurerm 4.x defaults to TLS1_2); a reference is not judged", () => {
      expect(check("AZ-ST-003", { min_tls_version: "TLS1_2" })).toBeUndefined();
      expect(check("AZ-ST-003", {})).toBeUndefined();
      expect(check("AZ-ST-003", { min_tls_version: "${var.tls}" })).toBeUndefined();
    });
  });

  describe("AZ-ST-004 shared key access", () => {
    test("true is a violation; unset is Azure's default, true", () => {
      expect(check("AZ-ST-004", { ...SECURE, shared_access_key_enabled: true })).toBe("shared_access_key_enabled is true");
      expect(check("AZ-ST-004", { ...SECURE, shared_access_key_enabled: undefined })).toBe(
        "shared_access_key_enabled is true (Azure's default when unset)",
      );
    });
    test("false complies; a reference is not judged", () => {
      expect(check("AZ-ST-004", { shared_access_key_enabled: false })).toBeUndefined();
      expect(check("AZ-ST-004", { shared_access_key_enabled: "${var.keys}" })).toBeUndefined();
    });
  });

  describe("AZ-ST-005 HTTPS only", () => {
    test("false is a violation", () => {
      expect(check("AZ-ST-005", { ...SECURE, https_traffic_only_enabled: false })).toBe("https_traffic_only_enabled is false");
    });
    test("true complies, and so does unset (default true); a reference is not judged", () => {
      expect(check("AZ-ST-005", { https_traffic_only_enabled: true })).toBeUndefined();
      expect(check("AZ-ST-005", {})).toBeUndefined();
      expect(check("AZ-ST-005", { https_traffic_only_enabled: "${var.https}" })).toBeUndefined();
    });
  });

  describe("AZ-ST-006 blob and container soft delete", () => {
    test("no blob_properties: both are off", () => {
      expect(check("AZ-ST-006", { ...SECURE, blob_properties: undefined })).toBe(
        "blob_properties.delete_retention_policy is unset (blob soft delete is off); blob_properties.container_delete_retention_policy is unset (container soft delete is off)",
      );
    });
    test("only one of the two retention policies", () => {
      expect(check("AZ-ST-006", { blob_properties: { delete_retention_policy: { days: 7 }, versioning_enabled: true } })).toBe(
        "blob_properties.container_delete_retention_policy is unset (container soft delete is off)",
      );
      expect(check("AZ-ST-006", { blob_properties: { container_delete_retention_policy: { days: 7 } } })).toBe(
        "blob_properties.delete_retention_policy is unset (blob soft delete is off)",
      );
    });
    test("days below 1 is a violation", () => {
      expect(check("AZ-ST-006", { blob_properties: { delete_retention_policy: { days: 0 }, container_delete_retention_policy: { days: 7 } } })).toBe(
        "blob_properties.delete_retention_policy.days is 0",
      );
    });
    test("blocks without days (azurerm default 7), blocks as lists, and referenced days comply", () => {
      expect(check("AZ-ST-006", { blob_properties: { delete_retention_policy: {}, container_delete_retention_policy: {} } })).toBeUndefined();
      expect(check("AZ-ST-006", { blob_properties: [{ delete_retention_policy: [{ days: 30 }], container_delete_retention_policy: [{ days: 30 }] }] })).toBeUndefined();
      expect(check("AZ-ST-006", { blob_properties: { delete_retention_policy: { days: "${var.days}" }, container_delete_retention_policy: { days: 1 } } })).toBeUndefined();
      expect(check("AZ-ST-006", { blob_properties: "${var.blob_properties}" })).toBeUndefined();
      expect(check("AZ-ST-006", { blob_properties: { delete_retention_policy: "${var.policy}", container_delete_retention_policy: { days: 1 } } })).toBeUndefined();
    });
    test("FileStorage accounts have no blob service and comply", () => {
      expect(check("AZ-ST-006", { account_kind: "FileStorage" })).toBeUndefined();
    });
  });

  describe("AZ-ST-007 local users (SFTP) off", () => {
    test("true is a violation; unset is Azure's default, true", () => {
      expect(check("AZ-ST-007", { ...SECURE, local_user_enabled: true })).toBe("local_user_enabled is true");
      expect(check("AZ-ST-007", { ...SECURE, local_user_enabled: undefined })).toBe(`local_user_enabled is true${DEFAULT}`);
    });
    test("false complies; a reference is not judged", () => {
      expect(check("AZ-ST-007", { local_user_enabled: false })).toBeUndefined();
      expect(check("AZ-ST-007", { local_user_enabled: "false" })).toBeUndefined();
      expect(check("AZ-ST-007", { local_user_enabled: "${var.sftp}" })).toBeUndefined();
    });
  });

  describe("AZ-ST-008 network rules deny by default when public access is on", () => {
    const rulesResource = (logicalId: string, config: Record<string, unknown>): ResourceView => ({
      type: "azurerm_storage_account_network_rules",
      logicalId,
      path: `stack/${logicalId}`,
      config: { storage_account_id: "${azurerm_storage_account.X.id}", bypass: ["AzureServices"], ...config },
    });

    test("a public account without network rules is a violation; unset public access is Azure's default, on", () => {
      expect(check("AZ-ST-008", { ...SECURE, public_network_access_enabled: undefined })).toBe(
        `public_network_access_enabled is true${DEFAULT} and network_rules is unset (Azure allows every network)`,
      );
      expect(check("AZ-ST-008", { public_network_access_enabled: true, network_rules: { default_action: "Allow", bypass: ["AzureServices"] } })).toBe(
        'public_network_access_enabled is true and network_rules.default_action is "Allow"',
      );
    });
    test("public access off complies, whatever the network rules", () => {
      expect(check("AZ-ST-008", SECURE)).toBeUndefined();
      expect(check("AZ-ST-008", { public_network_access_enabled: false, network_rules: { default_action: "Allow" } })).toBeUndefined();
    });
    test("Deny complies (inline, also as a list)", () => {
      expect(check("AZ-ST-008", { public_network_access_enabled: true, network_rules: { default_action: "Deny", ip_rules: ["203.0.113.0/24"] } })).toBeUndefined();
      expect(check("AZ-ST-008", { network_rules: [{ default_action: "Deny" }] })).toBeUndefined();
    });
    test("a separate azurerm_storage_account_network_rules is judged on its own, and covers the account", () => {
      const deny = rulesResource("Rules", { default_action: "Deny" });
      const allow = rulesResource("Rules", { default_action: "Allow" });
      expect(check("AZ-ST-008", { public_network_access_enabled: true }, "prod", [allow])).toBeUndefined();
      expect(judge("AZ-ST-008", deny, "prod", [account({ public_network_access_enabled: true })])).toBeUndefined();
      expect(judge("AZ-ST-008", allow, "prod", [account({ public_network_access_enabled: true })])).toBe('default_action is "Allow"');
      expect(judge("AZ-ST-008", allow, "dev", [account({})])).toBe('default_action is "Allow"');
      expect(judge("AZ-ST-008", allow, "prod", [])).toBe('default_action is "Allow"');
      expect(judge("AZ-ST-008", allow, "prod", [account({ public_network_access_enabled: false })])).toBeUndefined();
    });
    test("references are not judged", () => {
      expect(check("AZ-ST-008", { public_network_access_enabled: "${var.public}" })).toBeUndefined();
      expect(check("AZ-ST-008", { public_network_access_enabled: true, network_rules: "${var.rules}" })).toBeUndefined();
      expect(check("AZ-ST-008", { public_network_access_enabled: true, network_rules: { default_action: "${var.action}" } })).toBeUndefined();
      expect(judge("AZ-ST-008", rulesResource("Rules", { default_action: "${var.action}" }), "prod", [])).toBeUndefined();
    });
  });

  test("no storage rule depends on the tier", () => {
    const insecure = { public_network_access_enabled: true, min_tls_version: "TLS1_0" };
    for (const rule of STORAGE_RULES) expect(check(rule.id, insecure, "dev")).toBe(check(rule.id, insecure, "prod"));
  });
});
