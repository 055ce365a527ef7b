import type { PolicyContext, PolicyRule, ResourceView } from "../../../../lib/policy/rule";
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
const WEB_APP_TYPES = APP_TYPES.filter((t) => t.includes("web_app"));
const PLAN = "azurerm_service_plan";
const DEFAULT = " (Azure's default when unset)";

/** A web app as AppServiceWithSlots synthesizes it, with logs on and private: compliant with every rule. */
const SECURE = {
  https_only: true,
  identity: { type: "UserAssigned", identity_ids: ["${azurerm_user_assigned_identity.Id.id}"] },
  ftp_publish_basic_authentication_enabled: false,
  webdeploy_publish_basic_authentication_enabled: false,
  public_network_access_enabled: false,
  logs: { detailed_error_messages: true, failed_request_tracing: true, http_logs: { file_system: { retention_in_days: 7, retention_in_mb: 35 } } },
  site_config: { ftps_state: "Disabled", minimum_tls_version: "1.2", scm_minimum_tls_version: "1.2", remote_debugging_enabled: false, health_check_path: "/health" },
};

function view(type: string, logicalId: string, config: Record<string, unknown>): ResourceView {
  return { type, logicalId, path: `stack/${logicalId}`, config };
}

function app(config: Record<string, unknown>, type = "azurerm_linux_web_app"): ResourceView {
  return view(type, "X", config);
}

/** Runs rule `id` over `resource` in a stack of `resources` (itself included) and tier `tier` (null: no tier). */
function judge(id: string, resource: ResourceView, others: ResourceView[] = [], tier: PolicyContext["tier"] | null = "prod"): string | undefined {
  const rule = WEB_RULES.find((r) => r.id === id) as PolicyRule;
  expect(rule.resourceTypes).toContain(resource.type);
  return verdictText(rule.check(resource, { stackName: "s", tier: tier ?? undefined, resources: [resource, ...others] }));
}

function check(id: string, config: Record<string, unknown>, type?: string, others: ResourceView[] = []): string | undefined {
  return judge(id, app(config, type), others);
}

function siteConfig(overrides: Record<string, unknown>): Record<string, unknown> {
  return { ...SECURE, site_config: { ...SECURE.site_config, ...overrides } };
}

describe("WEB_RULES", () => {
  test("ids are unique AZ-<AREA>-<nnn>, every rule has a description, a fix, and its resource types", () => {
    const ids = WEB_RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual([
      "AZ-APP-001", "AZ-APP-002", "AZ-APP-003", "AZ-APP-004", "AZ-APP-005",
      "AZ-APP-006", "AZ-APP-007", "AZ-APP-008", "AZ-APP-009", "AZ-APP-010",
      "AZ-ASP-001", "AZ-ASP-002", "AZ-ASP-003",
    ]);
    for (const rule of WEB_RULES) {
      expect(rule.id).toMatch(/^AZ-[A-Z]+-\d{3}$/);
      expect(rule.description.trim()).not.toBe("");
      expect(rule.fix.trim()).not.toBe("");
      expect(rule.category).toBe("security");
    }
    const types = Object.fromEntries(WEB_RULES.map((r) => [r.id, [...r.resourceTypes].sort()]));
    for (const id of ["AZ-APP-001", "AZ-APP-002", "AZ-APP-003", "AZ-APP-004", "AZ-APP-005", "AZ-APP-008", "AZ-APP-009", "AZ-APP-010"]) expect(types[id]).toEqual([...APP_TYPES].sort());
    expect(types["AZ-APP-006"]).toEqual([...WEB_APP_TYPES].sort());
    // Detailed errors and failed request tracing are IIS features: Windows apps only.
    expect(types["AZ-APP-007"]).toEqual(["azurerm_windows_web_app", "azurerm_windows_web_app_slot"]);
    for (const id of ["AZ-ASP-001", "AZ-ASP-002", "AZ-ASP-003"]) expect(types[id]).toEqual([PLAN]);
    expect(WEB_RULES.filter((r) => r.severity === "warning").map((r) => r.id)).toEqual(["AZ-APP-007", "AZ-APP-008", "AZ-APP-010"]);
  });

  test("a private AppServiceWithSlots-like configuration with logs on complies with every app rule, on every app type", () => {
    for (const type of APP_TYPES) {
      for (const rule of WEB_RULES.filter((r) => r.resourceTypes.includes(type))) expect(check(rule.id, SECURE, type)).toBeUndefined();
    }
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

  describe("AZ-APP-006 HTTP logs", () => {
    test("no logs block, or one without http_logs, is a violation", () => {
      expect(check("AZ-APP-006", { ...SECURE, logs: undefined })).toBe("logs is unset (no HTTP logs)");
      expect(check("AZ-APP-006", { ...SECURE, logs: [] }, "azurerm_windows_web_app_slot")).toBe("logs is unset (no HTTP logs)");
      expect(check("AZ-APP-006", { logs: { detailed_error_messages: true } })).toBe("logs.http_logs is unset (no HTTP logs)");
      expect(check("AZ-APP-006", { logs: [{ http_logs: [] }] })).toBe("logs.http_logs is unset (no HTTP logs)");
    });
    test("an http_logs block complies (file system or blob storage, as an object or a list)", () => {
      expect(check("AZ-APP-006", { logs: { http_logs: { file_system: { retention_in_days: 7, retention_in_mb: 35 } } } }, "azurerm_linux_web_app_slot")).toBeUndefined();
      expect(check("AZ-APP-006", { logs: [{ http_logs: [{ azure_blob_storage: [{ retention_in_days: 30, sas_url: "${var.sas}" }] }] }] }, "azurerm_windows_web_app")).toBeUndefined();
    });
    test("references are not judged", () => {
      expect(check("AZ-APP-006", { logs: "${var.logs}" })).toBeUndefined();
      expect(check("AZ-APP-006", { logs: { http_logs: "${var.http_logs}" } })).toBeUndefined();
    });
  });

  describe("AZ-APP-007 detailed errors and failed request tracing", () => {
    test("unset is Azure's default, off; false is a violation", () => {
      const both = `logs.detailed_error_messages is false${DEFAULT}; logs.failed_request_tracing is false${DEFAULT}`;
      expect(check("AZ-APP-007", { ...SECURE, logs: undefined }, "azurerm_windows_web_app")).toBe(both);
      expect(check("AZ-APP-007", { logs: { http_logs: { file_system: {} } } }, "azurerm_windows_web_app_slot")).toBe(both);
      expect(check("AZ-APP-007", { logs: { detailed_error_messages: false, failed_request_tracing: true } }, "azurerm_windows_web_app")).toBe("logs.detailed_error_messages is false");
      expect(check("AZ-APP-007", { logs: [{ detailed_error_messages: true }] }, "azurerm_windows_web_app")).toBe(`logs.failed_request_tracing is false${DEFAULT}`);
    });
    test("both on complies; references are not judged", () => {
      expect(check("AZ-APP-007", { logs: { detailed_error_messages: "true", failed_request_tracing: true } }, "azurerm_windows_web_app")).toBeUndefined();
      expect(check("AZ-APP-007", { logs: "${var.logs}" }, "azurerm_windows_web_app")).toBeUndefined();
      expect(check("AZ-APP-007", { logs: { detailed_error_messages: "${var.detailed}", failed_request_tracing: true } }, "azurerm_windows_web_app")).toBeUndefined();
    });
  });

  describe("AZ-APP-008 health check path", () => {
    const plan = (sku: string) => view(PLAN, "Plan", { sku_name: sku, os_type: "Linux" });
    const fn = (config: Record<string, unknown>, type = "azurerm_linux_function_app") => app({ service_plan_id: "${azurerm_service_plan.Plan.id}", ...config }, type);

    test("no health check path is a violation (none when unset)", () => {
      const unset = "site_config.health_check_path is unset (App Service does not probe the instances)";
      expect(check("AZ-APP-008", siteConfig({ health_check_path: undefined }))).toBe(unset);
      expect(check("AZ-APP-008", {}, "azurerm_windows_function_app_slot")).toBe(unset);
      expect(check("AZ-APP-008", siteConfig({ health_check_path: "" }))).toBe('site_config.health_check_path is ""');
    });
    test("a path complies; a reference is not judged", () => {
      expect(check("AZ-APP-008", { site_config: [{ health_check_path: "/healthz" }] }, "azurerm_linux_web_app_slot")).toBeUndefined();
      expect(check("AZ-APP-008", siteConfig({ health_check_path: "${var.probe}" }))).toBeUndefined();
      expect(check("AZ-APP-008", { site_config: "${var.site_config}" })).toBeUndefined();
    });
    test("function apps on a Consumption plan in the stack are not judged; on other plans they are", () => {
      expect(judge("AZ-APP-008", fn({}), [plan("Y1")])).toBeUndefined();
      expect(judge("AZ-APP-008", fn({}, "azurerm_windows_function_app"), [plan("FC1")])).toBeUndefined();
      expect(judge("AZ-APP-008", fn({}), [plan("EP1")])).toBe("site_config.health_check_path is unset (App Service does not probe the instances)");
      expect(judge("AZ-APP-008", fn({}), [])).toBe("site_config.health_check_path is unset (App Service does not probe the instances)");
    });
    test("a function app slot without its own plan runs on its app's", () => {
      const parent = view("azurerm_linux_function_app", "Fn", { service_plan_id: "${azurerm_service_plan.Plan.id}" });
      const slot = view("azurerm_linux_function_app_slot", "Slot", { name: "staging", function_app_id: "${azurerm_linux_function_app.Fn.id}" });
      expect(judge("AZ-APP-008", slot, [parent, plan("Y1")])).toBeUndefined();
      expect(judge("AZ-APP-008", slot, [parent, plan("P1v3")])).toBe("site_config.health_check_path is unset (App Service does not probe the instances)");
    });
  });

  describe("AZ-APP-009 basic-auth publishing off", () => {
    test("unset is Azure's default, on; true is a violation", () => {
      expect(check("AZ-APP-009", { ...SECURE, ftp_publish_basic_authentication_enabled: undefined, webdeploy_publish_basic_authentication_enabled: undefined }, "azurerm_linux_function_app")).toBe(
        `ftp_publish_basic_authentication_enabled is true${DEFAULT}; webdeploy_publish_basic_authentication_enabled is true${DEFAULT}`,
      );
      expect(check("AZ-APP-009", { ...SECURE, ftp_publish_basic_authentication_enabled: true })).toBe("ftp_publish_basic_authentication_enabled is true");
      expect(check("AZ-APP-009", { ftp_publish_basic_authentication_enabled: false, webdeploy_publish_basic_authentication_enabled: "true" }, "azurerm_windows_web_app_slot")).toBe(
        "webdeploy_publish_basic_authentication_enabled is true",
      );
    });
    test("both off complies; references are not judged", () => {
      expect(check("AZ-APP-009", { ftp_publish_basic_authentication_enabled: "false", webdeploy_publish_basic_authentication_enabled: false })).toBeUndefined();
      expect(check("AZ-APP-009", { ftp_publish_basic_authentication_enabled: "${var.ftp}", webdeploy_publish_basic_authentication_enabled: "${var.webdeploy}" })).toBeUndefined();
    });
  });

  describe("AZ-APP-010 reachable from the internet without a front", () => {
    const OPEN = `public_network_access_enabled is true${DEFAULT} and site_config.ip_restriction_default_action is "Allow"${DEFAULT}, with no private endpoint or Front Door origin in front of it`;
    const endpoint = (logicalId: string, target: string, subresources = ["sites"]) =>
      view("azurerm_private_endpoint", logicalId, { private_service_connection: { name: "psc", private_connection_resource_id: target, subresource_names: subresources, is_manual_connection: false } });
    const origin = (config: Record<string, unknown>) => view("azurerm_cdn_frontdoor_origin", "Origin", { name: "app", certificate_name_check_enabled: true, ...config });

    test("public with the default Allow and nothing in front is a violation", () => {
      expect(check("AZ-APP-010", { ...SECURE, public_network_access_enabled: undefined })).toBe(OPEN);
      expect(check("AZ-APP-010", { public_network_access_enabled: true, site_config: { ip_restriction_default_action: "Allow" } }, "azurerm_windows_function_app")).toBe(
        'public_network_access_enabled is true and site_config.ip_restriction_default_action is "Allow", with no private endpoint or Front Door origin in front of it',
      );
    });
    test("public access off, or access restrictions that deny by default, comply", () => {
      expect(check("AZ-APP-010", { public_network_access_enabled: false })).toBeUndefined();
      expect(check("AZ-APP-010", { public_network_access_enabled: "false" }, "azurerm_linux_function_app_slot")).toBeUndefined();
      expect(check("AZ-APP-010", { site_config: { ip_restriction_default_action: "Deny", ip_restriction: [{ service_tag: "AzureFrontDoor.Backend", action: "Allow" }] } })).toBeUndefined();
    });
    test("a private endpoint to the app complies; one to another app does not", () => {
      expect(check("AZ-APP-010", {}, undefined, [endpoint("Pe", "${azurerm_linux_web_app.X.id}")])).toBeUndefined();
      expect(check("AZ-APP-010", {}, undefined, [endpoint("Pe", "${azurerm_linux_web_app.Other.id}")])).toBe(OPEN);
    });
    test("a slot is covered by an endpoint to its app with the slot's sub-resource (sites-<slot>), not by the app's own", () => {
      const parent = view("azurerm_linux_web_app", "App", {});
      const slot = view("azurerm_linux_web_app_slot", "Slot", { name: "staging", app_service_id: "${azurerm_linux_web_app.App.id}" });
      expect(judge("AZ-APP-010", slot, [parent, endpoint("Pe", "${azurerm_linux_web_app.App.id}", ["sites-staging"])])).toBeUndefined();
      expect(judge("AZ-APP-010", slot, [parent, endpoint("Pe", "${azurerm_linux_web_app.App.id}", ["sites"])])).toBe(OPEN);
      expect(judge("AZ-APP-010", slot, [parent, endpoint("Pe", "${azurerm_linux_web_app_slot.Slot.id}")])).toBeUndefined();
    });
    test("a Front Door origin on the app's default host name complies (host_name or origin_host_header); one on another app does not", () => {
      expect(check("AZ-APP-010", {}, undefined, [origin({ host_name: "${azurerm_linux_web_app.X.default_hostname}" })])).toBeUndefined();
      expect(check("AZ-APP-010", {}, undefined, [origin({ host_name: "api.example.com", origin_host_header: "${lower(azurerm_linux_web_app.X.default_hostname)}" })])).toBeUndefined();
      expect(check("AZ-APP-010", {}, undefined, [origin({ host_name: "${azurerm_linux_web_app.XY.default_hostname}" })])).toBe(OPEN);
      expect(check("AZ-APP-010", {}, undefined, [origin({ host_name: "${data.azurerm_linux_web_app.X.default_hostname}" })])).toBe(OPEN);
    });
    test("references are not judged", () => {
      expect(check("AZ-APP-010", { public_network_access_enabled: "${var.public}" })).toBeUndefined();
      expect(check("AZ-APP-010", { site_config: { ip_restriction_default_action: "${var.action}" } })).toBeUndefined();
    });
  });

  describe("App Service plans (prod only)", () => {
    function plan(config: Record<string, unknown>, others: ResourceView[] = [], tier: PolicyContext["tier"] | null = "prod", id = "AZ-ASP-001"): string | undefined {
      return judge(id, view(PLAN, "Plan", { os_type: "Linux", ...config }), others, tier);
    }
    const autoscale = (logicalId: string, config: Record<string, unknown>) =>
      view("azurerm_monitor_autoscale_setting", logicalId, { target_resource_id: "${azurerm_service_plan.Plan.id}", ...config });
    const profile = (minimum: unknown, name = "default") => ({ name, capacity: { minimum, default: 2, maximum: 10 } });

    test("AZ-ASP-001: fewer than two instances is a violation; unset is Azure's default, one", () => {
      expect(plan({ sku_name: "P1v3" })).toBe("worker_count is 1 (Azure's default when unset) in a prod stack");
      expect(plan({ sku_name: "P1v3", worker_count: 1 })).toBe("worker_count is 1 in a prod stack");
      expect(plan({ worker_count: 2 })).toBeUndefined();
      expect(plan({ worker_count: "${var.workers}" })).toBeUndefined();
    });
    test("AZ-ASP-001: an autoscale setting on the plan decides the floor: every profile's capacity.minimum", () => {
      expect(plan({}, [autoscale("Scale", { profile: [profile(2)] })])).toBeUndefined();
      expect(plan({ worker_count: 2 }, [autoscale("Scale", { profile: [profile(1)] })])).toBe('azurerm_monitor_autoscale_setting.Scale profile "default" has capacity.minimum 1 in a prod stack');
      expect(plan({}, [autoscale("Scale", { profile: [profile(3), profile(1, "nights")] })])).toBe('azurerm_monitor_autoscale_setting.Scale profile "nights" has capacity.minimum 1 in a prod stack');
      expect(plan({}, [autoscale("Scale", { profile: { name: "default", capacity: [{ minimum: "2", default: "2", maximum: "4" }] } })])).toBeUndefined();
      expect(plan({}, [autoscale("Scale", { profile: [profile("${var.min}")] })])).toBeUndefined();
      expect(plan({}, [autoscale("Scale", { profile: "${var.profiles}" })])).toBeUndefined();
    });
    test("AZ-ASP-001: a disabled autoscale setting, or one on another plan, does not count", () => {
      expect(plan({}, [autoscale("Scale", { enabled: false, profile: [profile(2)] })])).toBe("worker_count is 1 (Azure's default when unset) in a prod stack");
      expect(plan({}, [autoscale("Scale", { target_resource_id: "${azurerm_service_plan.Other.id}", profile: [profile(2)] })])).toBe(
        "worker_count is 1 (Azure's default when unset) in a prod stack",
      );
    });

    test("AZ-ASP-002: no zone balancing is a violation; unset is Azure's default, off", () => {
      expect(plan({ sku_name: "P1v3" }, [], "prod", "AZ-ASP-002")).toBe("zone_balancing_enabled is false (Azure's default when unset) in a prod stack");
      expect(plan({ zone_balancing_enabled: false }, [], "prod", "AZ-ASP-002")).toBe("zone_balancing_enabled is false in a prod stack");
      expect(plan({ zone_balancing_enabled: true }, [], "prod", "AZ-ASP-002")).toBeUndefined();
      expect(plan({ zone_balancing_enabled: "${var.zones}" }, [], "prod", "AZ-ASP-002")).toBeUndefined();
    });

    test("AZ-ASP-003: Free, Shared and Basic SKUs are violations; Standard and Premium comply", () => {
      for (const sku of ["F1", "D1", "B1", "B2", "B3"]) expect(plan({ sku_name: sku }, [], "prod", "AZ-ASP-003")).toBe(`sku_name is ${JSON.stringify(sku)} in a prod stack`);
      for (const sku of ["S1", "P0v3", "P1v3", "P1mv3", "EP1"]) expect(plan({ sku_name: sku }, [], "prod", "AZ-ASP-003")).toBeUndefined();
      expect(plan({ sku_name: "${var.sku}" }, [], "prod", "AZ-ASP-003")).toBeUndefined();
    });

    test("dev, staging and stacks without a tier are not judged", () => {
      const weak = { sku_name: "B1", worker_count: 1, zone_balancing_enabled: false };
      for (const tier of ["dev", "staging", null] as const) {
        for (const id of ["AZ-ASP-001", "AZ-ASP-002", "AZ-ASP-003"]) expect(plan(weak, [], tier, id)).toBeUndefined();
      }
    });
  });
});
