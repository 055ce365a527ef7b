import { FrontDoor } from "../../../../lib/edge/front-door";
import { DnsZone } from "../../../../lib/network/dns-zone";
import { evaluate } from "../../../../lib/policy/engine";
import type { PolicyContext, PolicyRule, ResourceView } from "../../../../lib/policy/rule";
import { AZURE_RULES } from "../../../../lib/policy/rules";
import { EDGE_RULES } from "../../../../lib/policy/rules/edge";
import { verdictText } from "../../../helpers/policy";
import { synthJson, testStack } from "../../../helpers/stack";

function view(type: string, logicalId: string, config: Record<string, unknown> = {}): ResourceView {
  return { type, logicalId, path: `stack/${logicalId}`, config };
}

function check(id: string, resource: ResourceView, others: ResourceView[] = []): string | undefined {
  const rule = EDGE_RULES.find((r) => r.id === id) as PolicyRule;
  const context: PolicyContext = { stackName: "s", tier: "prod", resources: [resource, ...others] };
  return verdictText(rule.check(resource, context));
}

describe("EDGE_RULES", () => {
  test("ids, categories and registration in the rule pack", () => {
    expect(EDGE_RULES.map((r) => [r.id, r.severity, r.resourceTypes])).toEqual([
      ["AZ-AFD-001", "error", ["azurerm_cdn_frontdoor_endpoint", "azurerm_cdn_frontdoor_custom_domain"]],
      ["AZ-AFD-002", "warning", ["azurerm_cdn_frontdoor_firewall_policy"]],
      ["AZ-AFD-003", "error", ["azurerm_cdn_frontdoor_route"]],
      ["AZ-AFD-004", "warning", ["azurerm_cdn_frontdoor_firewall_policy"]],
      ["AZ-AFD-005", "error", ["azurerm_cdn_frontdoor_custom_domain"]],
    ]);
    for (const rule of EDGE_RULES) {
      expect(rule.category).toBe("security");
      expect(AZURE_RULES).toContain(rule);
    }
  });

  test("AZ-AFD-001: an endpoint without a security policy is a violation; one in a WAF security policy complies", () => {
    const endpoint = view("azurerm_cdn_frontdoor_endpoint", "Ep");
    expect(check("AZ-AFD-001", endpoint)).toBe("no security policy with a WAF policy is associated with it");
    const other = view("azurerm_cdn_frontdoor_security_policy", "Sp", {
      security_policies: { firewall: { cdn_frontdoor_firewall_policy_id: "${azurerm_cdn_frontdoor_firewall_policy.W.id}", association: { domain: [{ cdn_frontdoor_domain_id: "${azurerm_cdn_frontdoor_endpoint.Other.id}" }] } } },
    });
    expect(check("AZ-AFD-001", endpoint, [other])).toBe("no security policy with a WAF policy is associated with it");
    const covering = view("azurerm_cdn_frontdoor_security_policy", "Sp2", {
      security_policies: { firewall: { cdn_frontdoor_firewall_policy_id: "${azurerm_cdn_frontdoor_firewall_policy.W.id}", association: { domain: [{ cdn_frontdoor_domain_id: "${azurerm_cdn_frontdoor_endpoint.Ep.id}" }] } } },
    });
    expect(check("AZ-AFD-001", endpoint, [covering])).toBeUndefined();
  });

  test("AZ-AFD-002: Detection or disabled is a warning; Prevention complies", () => {
    expect(check("AZ-AFD-002", view("azurerm_cdn_frontdoor_firewall_policy", "W", { mode: "Detection" }))).toBe('mode is "Detection"');
    expect(check("AZ-AFD-002", view("azurerm_cdn_frontdoor_firewall_policy", "W", { mode: "Prevention", enabled: false }))).toBe("enabled is false");
    expect(check("AZ-AFD-002", view("azurerm_cdn_frontdoor_firewall_policy", "W", { mode: "Prevention" }))).toBeUndefined();
  });

  test("AZ-AFD-003: HTTP without redirect or HTTP to origins is a violation; redirect or HTTPS only complies", () => {
    const route = (config: Record<string, unknown>) => view("azurerm_cdn_frontdoor_route", "R", config);
    expect(check("AZ-AFD-003", route({ supported_protocols: ["Http", "Https"], https_redirect_enabled: false }))).toBe('supported_protocols include "Http" and https_redirect_enabled is false');
    expect(check("AZ-AFD-003", route({ supported_protocols: ["Https"], forwarding_protocol: "HttpOnly" }))).toBe('forwarding_protocol is "HttpOnly"');
    expect(check("AZ-AFD-003", route({ supported_protocols: ["Http", "Https"], https_redirect_enabled: true, forwarding_protocol: "HttpsOnly" }))).toBeUndefined();
    expect(check("AZ-AFD-003", route({ supported_protocols: ["Http", "Https"] }))).toBeUndefined();
    expect(check("AZ-AFD-003", route({ supported_protocols: ["Https"], https_redirect_enabled: false }))).toBeUndefined();
  });

  test("AZ-AFD-004: a Premium policy without the Default Rule Set warns; with it, or on Standard, complies", () => {
    const policy = (config: Record<string, unknown>) => view("azurerm_cdn_frontdoor_firewall_policy", "W", { mode: "Prevention", ...config });
    expect(check("AZ-AFD-004", policy({ sku_name: "Premium_AzureFrontDoor" }))).toBe("a Premium policy has no Default Rule Set (managed_rule)");
    expect(check("AZ-AFD-004", policy({ sku_name: "Premium_AzureFrontDoor", managed_rule: [{ type: "Microsoft_BotManagerRuleSet", version: "1.1" }] }))).toBe("a Premium policy has no Default Rule Set (managed_rule)");
    expect(check("AZ-AFD-004", policy({ sku_name: "Premium_AzureFrontDoor", managed_rule: [{ type: "Microsoft_DefaultRuleSet", version: "2.1" }] }))).toBeUndefined();
    expect(check("AZ-AFD-004", policy({ sku_name: "Standard_AzureFrontDoor" }))).toBeUndefined();
  });

  test("AZ-AFD-005: TLS 1.0 on a custom domain is a violation; TLS12 or unset complies", () => {
    const domain = (tls: Record<string, unknown>) => view("azurerm_cdn_frontdoor_custom_domain", "D", { tls });
    expect(check("AZ-AFD-005", domain({ minimum_tls_version: "TLS10" }))).toBe('tls.minimum_tls_version is "TLS10"');
    expect(check("AZ-AFD-005", domain({ minimum_tls_version: "TLS12" }))).toBeUndefined();
    expect(check("AZ-AFD-005", domain({ certificate_type: "ManagedCertificate" }))).toBeUndefined();
  });

  test("a FrontDoor with a custom domain, routes and the defaults passes every AZ-AFD rule; Detection mode is flagged", () => {
    const findings = (mode: "Prevention" | "Detection") => {
      const { stack, rg } = testStack({ environment: { name: "prod", tier: "prod" } });
      const zone = new DnsZone(stack, "Zone", { resourceGroup: rg, name: "9vectors.com", lock: "CanNotDelete" });
      const fd = new FrontDoor(stack, "Edge", { resourceGroup: rg, waf: { mode } });
      const endpoint = fd.addEndpoint("web");
      const domain = fd.addCustomDomain("www", { subdomain: "www", dnsZone: zone });
      const group = fd.addOriginGroup("web", { origins: [{ hostName: "stapp.azurestaticapps.net" }] });
      fd.addRoute("web", { endpoint, originGroup: group, customDomains: [domain] });
      const report = evaluate(AZURE_RULES, { name: "test", tier: "prod", json: synthJson(stack), date: "2026-11-29" }, []);
      return report.findings.filter((f) => f.ruleId.startsWith("AZ-AFD")).map((f) => `${f.ruleId} ${f.message}`);
    };
    expect(findings("Prevention")).toEqual([]);
    expect(findings("Detection")).toEqual(['AZ-AFD-002 mode is "Detection"']);
  });
});
