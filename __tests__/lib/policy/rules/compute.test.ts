import type { PolicyContext, PolicyRule, ResourceView } from "../../../../lib/policy/rule";
import { verdictText } from "../../../helpers/policy";
import { COMPUTE_RULES } from "../../../../lib/policy/rules/compute";

const VM = "azurerm_linux_virtual_machine";
const DEFAULT = " (Azure's default when unset)";

/** A jump host signing in with SSH keys or Entra ID, with encryption at host: compliant with every rule. */
const SECURE = {
  size: "Standard_B2s",
  admin_username: "operator",
  admin_ssh_key: [{ username: "operator", public_key: "${tls_private_key.Jump.public_key_openssh}" }],
  disable_password_authentication: true,
  encryption_at_host_enabled: true,
};

function check(id: string, config: Record<string, unknown>, tier: PolicyContext["tier"] = "prod"): string | undefined {
  const rule = COMPUTE_RULES.find((r) => r.id === id) as PolicyRule;
  const resource: ResourceView = { type: VM, logicalId: "Jump", path: "stack/Jump", config };
  expect(rule.resourceTypes).toContain(resource.type);
  return verdictText(rule.check(resource, { stackName: "s", tier, resources: [resource] }));
}

describe("COMPUTE_RULES", () => {
  test("ids are unique AZ-<AREA>-<nnn>, every rule has a description, a fix and the Linux VM type", () => {
    const ids = COMPUTE_RULES.map((r) => r.id);
    expect(ids).toEqual(["AZ-VM-001", "AZ-VM-002"]);
    for (const rule of COMPUTE_RULES) {
      expect(rule.description.trim()).not.toBe("");
      expect(rule.fix.trim()).not.toBe("");
      expect(rule.resourceTypes).toEqual([VM]);
      expect(rule.category).toBe("security");
    }
    expect(Object.fromEntries(COMPUTE_RULES.map((r) => [r.id, r.severity]))).toEqual({ "AZ-VM-001": "error", "AZ-VM-002": "warning" });
    expect(COMPUTE_RULES[1].description).toContain("EncryptionAtHost");
  });

  test("a VM with SSH keys and encryption at host complies with every rule", () => {
    for (const rule of COMPUTE_RULES) expect(check(rule.id, SECURE)).toBeUndefined();
  });

  describe("AZ-VM-001 password authentication off", () => {
    test("false is a violation", () => {
      expect(check("AZ-VM-001", { ...SECURE, disable_password_authentication: false, admin_password: "${random_password.Jump.result}" })).toBe(
        "disable_password_authentication is false",
      );
      expect(check("AZ-VM-001", { disable_password_authentication: "false" }, "dev")).toBe("disable_password_authentication is false");
    });
    test("unset is Azure's default, true, and complies; a reference is not judged", () => {
      expect(check("AZ-VM-001", { ...SECURE, disable_password_authentication: undefined })).toBeUndefined();
      expect(check("AZ-VM-001", { disable_password_authentication: "${var.passwords_off}" })).toBeUndefined();
    });
  });

  describe("AZ-VM-002 encryption at host", () => {
    test("false is a violation; unset is Azure's default, false", () => {
      expect(check("AZ-VM-002", { ...SECURE, encryption_at_host_enabled: false })).toBe("encryption_at_host_enabled is false");
      expect(check("AZ-VM-002", { ...SECURE, encryption_at_host_enabled: undefined }, "dev")).toBe(`encryption_at_host_enabled is false${DEFAULT}`);
    });
    test("true complies; a reference is not judged", () => {
      expect(check("AZ-VM-002", { encryption_at_host_enabled: "true" })).toBeUndefined();
      expect(check("AZ-VM-002", { encryption_at_host_enabled: "${var.encryption_at_host}" })).toBeUndefined();
    });
  });
});
