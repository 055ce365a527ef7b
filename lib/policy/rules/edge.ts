import type { PolicyRule } from "../rule";
import { get, isReference, read, references } from "../util";

/*
 * Azure Front Door Standard/Premium (FrontDoor, lib/edge/front-door.ts): the WAF on every domain,
 * its mode and managed rules, HTTPS on routes, TLS on custom domains. Defaults when an attribute
 * is unset are azurerm 4.55's: firewall policy `enabled` true; route `https_redirect_enabled` true;
 * custom domain `tls.minimum_tls_version` "TLS12". Sources: learn.microsoft.com/azure/frontdoor/
 * web-application-firewall, .../web-application-firewall/afds/waf-front-door-policy-settings,
 * .../frontdoor/tls-policy, the Azure security baseline for Azure Front Door (NS-6: deploy a WAF).
 * checkov ids: none found for the azurerm_cdn_frontdoor_* resource types (its Front Door WAF
 * checks, such as CKV_AZURE_121, are for the classic azurerm_frontdoor resources); the lists are
 * empty until one is confirmed.
 */

const ENDPOINT = "azurerm_cdn_frontdoor_endpoint";
const CUSTOM_DOMAIN = "azurerm_cdn_frontdoor_custom_domain";
const SECURITY_POLICY = "azurerm_cdn_frontdoor_security_policy";
const FIREWALL_POLICY = "azurerm_cdn_frontdoor_firewall_policy";
const ROUTE = "azurerm_cdn_frontdoor_route";

export const EDGE_RULES: readonly PolicyRule[] = [
  {
    id: "AZ-AFD-001",
    severity: "error",
    category: "security",
    description:
      "Every Front Door endpoint and custom domain is covered by a security policy with a WAF policy: traffic to an uncovered domain reaches the origins without WAF inspection, rate limiting or geo-filtering (Azure security baseline NS-6).",
    fix: "Add the endpoint or custom domain to the security policy's association (FrontDoor does this for everything added with addEndpoint and addCustomDomain).",
    resourceTypes: [ENDPOINT, CUSTOM_DOMAIN],
    checkov: [],
    check(resource, context) {
      const covered = context.resources.some((r) => r.type === SECURITY_POLICY && get(r, "security_policies", "firewall", "cdn_frontdoor_firewall_policy_id") !== undefined && references(r.config.security_policies, resource));
      return covered ? undefined : "no security policy with a WAF policy is associated with it";
    },
  },
  {
    id: "AZ-AFD-002",
    severity: "warning",
    category: "security",
    description:
      "A Front Door WAF policy is enabled and in Prevention mode: in Detection mode it only logs what its rules match, blocking nothing (learn.microsoft.com/azure/web-application-firewall/afds/waf-front-door-policy-settings). Detection is for tuning a new rule set against real traffic, for a limited time.",
    fix: "Set mode \"Prevention\" (FrontDoor's default; waf.mode) and enabled true once exclusions for false positives are in place.",
    resourceTypes: [FIREWALL_POLICY],
    checkov: [],
    check(resource) {
      const mode = read(resource, ["mode"]);
      const enabled = read(resource, ["enabled"]);
      if (!enabled.reference && (enabled.value === false || enabled.value === "false")) return "enabled is false";
      if (mode.reference || mode.value === "Prevention") return undefined;
      return `mode is ${JSON.stringify(mode.value)}`;
    },
  },
  {
    id: "AZ-AFD-003",
    severity: "error",
    category: "security",
    description:
      "A Front Door route serves HTTPS only: plain HTTP is either not accepted or answered with a redirect to HTTPS, and requests go to the origin over HTTPS (never HttpOnly), so that nothing crosses the internet unencrypted.",
    fix: "Set https_redirect_enabled true (or supported_protocols [\"Https\"]) and forwarding_protocol \"HttpsOnly\" (FrontDoor's defaults).",
    resourceTypes: [ROUTE],
    checkov: [],
    check(resource) {
      const forwarding = read(resource, ["forwarding_protocol"]);
      if (!forwarding.reference && forwarding.value === "HttpOnly") return "forwarding_protocol is \"HttpOnly\"";
      const protocols = resource.config.supported_protocols;
      if (isReference(protocols) || !Array.isArray(protocols) || !protocols.includes("Http")) return undefined;
      const redirect = read(resource, ["https_redirect_enabled"]);
      if (redirect.reference || redirect.unset || redirect.value === true || redirect.value === "true") return undefined;
      return "supported_protocols include \"Http\" and https_redirect_enabled is false";
    },
  },
  {
    id: "AZ-AFD-004",
    severity: "warning",
    category: "security",
    description:
      "A Premium Front Door WAF policy runs the Microsoft Default Rule Set (OWASP Top 10 and Microsoft Threat Intelligence rules): custom rules alone do not catch SQL injection, cross-site scripting or known exploits (learn.microsoft.com/azure/frontdoor/web-application-firewall). Standard has no managed rule sets.",
    fix: "Add a managed_rule of type \"Microsoft_DefaultRuleSet\" (FrontDoor's default on Premium: version 2.1, action Block, with Bot Manager 1.1).",
    resourceTypes: [FIREWALL_POLICY],
    checkov: [],
    check(resource) {
      const sku = resource.config.sku_name;
      if (sku !== "Premium_AzureFrontDoor") return undefined;
      const managed = resource.config.managed_rule;
      if (isReference(managed)) return undefined;
      const rules = Array.isArray(managed) ? managed : managed ? [managed] : [];
      const has = rules.some((r) => {
        const type = (r as { type?: unknown }).type;
        return isReference(type) || type === "Microsoft_DefaultRuleSet" || type === "DefaultRuleSet";
      });
      return has ? undefined : "a Premium policy has no Default Rule Set (managed_rule)";
    },
  },
  {
    id: "AZ-AFD-005",
    severity: "error",
    category: "security",
    description:
      "A Front Door custom domain requires TLS 1.2 or later (TLS 1.3 is always offered); TLS 1.0 and 1.1 are refused by Azure for new settings since 2025-03-01 (learn.microsoft.com/azure/frontdoor/tls-policy).",
    fix: "Set tls.minimum_tls_version \"TLS12\" (azurerm's default and FrontDoor's setting).",
    resourceTypes: [CUSTOM_DOMAIN],
    checkov: [],
    check(resource) {
      const tls = read(resource, ["tls", "minimum_tls_version"]);
      if (tls.reference || tls.unset || tls.value === "TLS12") return undefined;
      return `tls.minimum_tls_version is ${JSON.stringify(tls.value)}`;
    },
  },
];
