import type { PolicyRule, ResourceView } from "../../../../lib/policy/rule";
import { verdictText } from "../../../helpers/policy";
import { WEB_RULES } from "../../../../lib/policy/rules/web";

const APP_TYPES = [
  "azurerm_linux_web_app",
  "azurerm_linux_web_app_slot",
  "azurerm_windows_web_app",
  "azurerm_windows_web_app_slot",
  "azurerm_linux_function_app",
  "azurerm_linux_function_app_slot",
  "azurerm_windows_function_app",
  "azurerm_windows_function_app_slot",
];

/** A web app as AppServiceWithSlots synthesizes it: compliant with every rule. */
const SECURE = {
  https_only: true,
  identity: { type: "UserAssigned", identity_ids: ["${azurerm_user_assigned_identity.Id.id}"] },
  site_config: { ftps_state: "Disabled", minimum_tls_version: "1.2", scm_minimum_tls_version: "1.2", remote_debugging_enabled: false },
};

function app(config: Record<string, unknown>, type = "azurerm_linux_web_app"): ResourceView {
  return { type, logicalId: "X", path: "stack/X", config };
}

function check(id: string, config: Record<string, unknown>, type?: string): string | undefined {
  const rule = WEB_RULES.find((r) => r.id === id) as PolicyRule;
  const resource = app(config, type);
  return verdictText(rule.check(resource, { stackName: "s", tier: "prod", resources: [resource] }));
}

function siteConfig(overrides: Record<string, unknown>): Record<string, unknown> {
  return { ...SECURE, site_config: { ...SECURE.site_config, ...overrides } };
}

describe("WEB_RULES", () => {
  test("ids are unique AZ-<AREA>-<nnn>, every rule has a description, a fix, and covers apps, function apps and slots", () => {
    const ids = WEB_RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(["AZ-APP-001", "AZ-APP-002", "AZ-APP-003", "AZ-APP-004", "AZ-APP-005"]);
    for (const rule of WEB_RULES) {
      expect(rule.id).toMatch(/^AZ-[A-Z]+-\d{3}$/);
      expect(rule.severity).toBe("error");
      expect(rule.description.trim()).not.toBe("");
      expect(rule.fix.trim()).not.toBe("");
      expect([...rule.resourceTypes].sort()).toEqual([...APP_TYPES].sort());
    }
  });

  test("an AppServiceWithSlots-like configuration complies with every rule, on every app type", () => {
    for (const type of APP_TYPES) for (const rule of WEB_RULES) expect(check(rule.id, SECURE, type)).toBeUndefined();
  });

  describe("AZ-APP-001 HTTPS only", () => {
    test("false is a violation; unset is Azure's default, false", () => {
      expect(check("AZ-APP-001", { ...SECURE, https_only: false })).toBe("https_only is false");
      expect(check("AZ-APP-001", { ...SECURE, https_only: undefined }, "azurerm_windows_function_app")).toBe("https_only is false (Azure's default when unset)");
    });
    test("a reference is not judged", () => {
      expect(check("AZ-APP-001", { https_only: "${var.https}" })).toBeUndefined();
    });
  });

  describe("AZ-APP-002 minimum TLS on the site and the SCM site", () => {
    test("1.0 or 1.1 on either site is a violation", () => {
      expect(check("AZ-APP-002", siteConfig({ minimum_tls_version: "1.1" }))).toBe('site_config.minimum_tls_version is "1.1"');
      expect(check("AZ-APP-002", siteConfig({ scm_minimum_tls_version: "1.0" }))).toBe('site_config.scm_minimum_tls_version is "1.0"');
      expect(check("AZ-APP-002", siteConfig({ minimum_tls_version: "1.0", scm_minimum_tls_version: "1.1" }))).toBe(
        'site_config.minimum_tls_version is "1.0"; site_config.scm_minimum_tls_version is "1.1"',
      );
    });
    test("1.2 and 1.3 comply; unset defaults to 1.2 (also with no site_config at all); a reference is not judged", () => {
      expect(check("AZ-APP-002", siteConfig({ minimum_tls_version: "1.3", scm_minimum_tls_version: "1.2" }))).toBeUndefined();
      expect(check("AZ-APP-002", siteConfig({ minimum_tls_version: undefined, scm_minimum_tls_version: undefined }))).toBeUndefined();
      expect(check("AZ-APP-002", {})).toBeUndefined();
      expect(check("AZ-APP-002", siteConfig({ minimum_tls_version: "${var.tls}" }))).toBeUndefined();
    });
    test("site_config synthesized as a list is read too", () => {
      expect(check("AZ-APP-002", { site_config: [{ minimum_tls_version: "1.0" }] })).toBe('site_config.minimum_tls_version is "1.0"');
    });
  });

  describe("AZ-APP-003 FTP and FTPS off", () => {
    test("AllAllowed and FtpsOnly are violations", () => {
      expect(check("AZ-APP-003", siteConfig({ ftps_state: "AllAllowed" }))).toBe('site_config.ftps_state is "AllAllowed"');
      expect(check("AZ-APP-003", siteConfig({ ftps_state: "FtpsOnly" }), "azurerm_linux_function_app")).toBe('site_config.ftps_state is "FtpsOnly"');
    });
    test("Disabled complies, and so does unset (azurerm 4.x defaults to Disabled); a reference is not judged", () => {
      expect(check("AZ-APP-003", siteConfig({ ftps_state: undefined }))).toBeUndefined();
      expect(check("AZ-APP-003", {})).toBeUndefined();
      expect(check("AZ-APP-003", siteConfig({ ftps_state: "${var.ftps}" }))).toBeUndefined();
    });
  });

  describe("AZ-APP-004 managed identity", () => {
    test("no identity block is a violation", () => {
      expect(check("AZ-APP-004", { ...SECURE, identity: undefined }, "azurerm_linux_web_app_slot")).toBe("identity is unset (no managed identity)");
      expect(check("AZ-APP-004", { ...SECURE, identity: [] })).toBe("identity is unset (no managed identity)");
    });
    test("SystemAssigned and UserAssigned identities comply, as objects or lists", () => {
      expect(check("AZ-APP-004", { identity: { type: "SystemAssigned" } })).toBeUndefined();
      expect(check("AZ-APP-004", { identity: [{ type: "SystemAssigned, UserAssigned", identity_ids: ["${azurerm_user_assigned_identity.I.id}"] }] })).toBeUndefined();
    });
  });

  describe("AZ-APP-005 remote debugging off", () => {
    test("true is a violation", () => {
      expect(check("AZ-APP-005", siteConfig({ remote_debugging_enabled: true }), "azurerm_windows_web_app")).toBe("site_config.remote_debugging_enabled is true");
    });
    test("false complies, and so does unset (default false); a reference is not judged", () => {
      expect(check("AZ-APP-005", siteConfig({ remote_debugging_enabled: undefined }))).toBeUndefined();
      expect(check("AZ-APP-005", {})).toBeUndefined();
      expect(check("AZ-APP-005", siteConfig({ remote_debugging_enabled: "${var.debug}" }))).toBeUndefined();
    });
  });
});
