import { OpenAIDeployment } from "../../../../lib/ai/openai-deployment";
import { verdictText } from "../../../helpers/policy";
import { evaluate } from "../../../../lib/policy/engine";
import type { PolicyRule, ResourceView } from "../../../../lib/policy/rule";
import { AI_RULES } from "../../../../lib/policy/rules/ai";
import { synthJson, testStack } from "../../../helpers/stack";

function check(id: string, type: string, config: Record<string, unknown>): string | undefined {
  const rule = AI_RULES.find((r) => r.id === id) as PolicyRule;
  expect(rule.resourceTypes).toContain(type);
  const resource: ResourceView = { type, logicalId: "X", path: "stack/X", config };
  return verdictText(rule.check(resource, { stackName: "s", tier: "prod", resources: [resource] }));
}

const OPENAI = "azurerm_cognitive_account";
const AI_SERVICES = "azurerm_ai_services";
const SEARCH = "azurerm_search_service";
const DEFAULT = " (Azure's default when unset)";

describe("AI_RULES", () => {
  test("ids are unique AZ-<AREA>-<nnn>, every rule has a description, a fix and resource types", () => {
    const ids = AI_RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(["AZ-AI-001", "AZ-AI-002", "AZ-SRCH-001", "AZ-SRCH-002", "AZ-SRCH-003", "AZ-SRCH-004"]);
    for (const rule of AI_RULES) {
      expect(rule.id).toMatch(/^AZ-[A-Z]+-\d{3}$/);
      expect(rule.severity).toBe(rule.id === "AZ-SRCH-003" || rule.id === "AZ-SRCH-004" ? "warning" : "error");
      expect(rule.description.trim()).not.toBe("");
      expect(rule.fix.trim()).not.toBe("");
      expect(rule.resourceTypes).toEqual(rule.id.startsWith("AZ-SRCH-") ? [SEARCH] : [OPENAI, AI_SERVICES, SEARCH]);
    }
  });

  test("an OpenAIDeployment-like account complies with both rules", () => {
    const account = { kind: "OpenAI", local_auth_enabled: false, public_network_access_enabled: false, network_acls: { default_action: "Deny", bypass: "AzureServices", ip_rules: [] } };
    expect(check("AZ-AI-001", OPENAI, account)).toBeUndefined();
    expect(check("AZ-AI-002", OPENAI, account)).toBeUndefined();
  });

  describe("AZ-AI-001 local (key) authentication", () => {
    test("Azure OpenAI / Cognitive Services: local_auth_enabled true or unset is a violation", () => {
      expect(check("AZ-AI-001", OPENAI, { local_auth_enabled: true })).toBe("local_auth_enabled is true");
      expect(check("AZ-AI-001", OPENAI, {})).toBe(`local_auth_enabled is true${DEFAULT}`);
      expect(check("AZ-AI-001", OPENAI, { local_auth_enabled: false })).toBeUndefined();
      expect(check("AZ-AI-001", OPENAI, { local_auth_enabled: "${var.keys}" })).toBeUndefined();
    });

    test("AI Services and AI Search: local_authentication_enabled true or unset is a violation", () => {
      for (const type of [AI_SERVICES, SEARCH]) {
        expect(check("AZ-AI-001", type, { local_authentication_enabled: true })).toBe("local_authentication_enabled is true");
        expect(check("AZ-AI-001", type, {})).toBe(`local_authentication_enabled is true${DEFAULT}`);
        expect(check("AZ-AI-001", type, { local_authentication_enabled: false })).toBeUndefined();
        expect(check("AZ-AI-001", type, { local_authentication_enabled: "${var.keys}" })).toBeUndefined();
      }
    });
  });

  describe("AZ-AI-002 public network access", () => {
    test("Azure OpenAI and AI Search: public_network_access_enabled true or unset is a violation", () => {
      for (const type of [OPENAI, SEARCH]) {
        expect(check("AZ-AI-002", type, { public_network_access_enabled: true })).toBe("public_network_access_enabled is true");
        expect(check("AZ-AI-002", type, {})).toBe(`public_network_access_enabled is true${DEFAULT}`);
        expect(check("AZ-AI-002", type, { public_network_access_enabled: false })).toBeUndefined();
        expect(check("AZ-AI-002", type, { public_network_access_enabled: "${var.public}" })).toBeUndefined();
      }
    });

    test("AI Services: public_network_access Enabled or unset is a violation", () => {
      expect(check("AZ-AI-002", AI_SERVICES, { public_network_access: "Enabled" })).toBe('public_network_access is "Enabled"');
      expect(check("AZ-AI-002", AI_SERVICES, {})).toBe(`public_network_access is "Enabled"${DEFAULT}`);
      expect(check("AZ-AI-002", AI_SERVICES, { public_network_access: "Disabled" })).toBeUndefined();
      expect(check("AZ-AI-002", AI_SERVICES, { public_network_access: "${var.access}" })).toBeUndefined();
    });
  });

  // SearchService (lib/ai/search-service.ts)
  describe("AZ-SRCH-001 managed identity on billable tiers", () => {
    test("no identity block, or type None, is a violation; Free and references are not judged", () => {
      expect(check("AZ-SRCH-001", SEARCH, { sku: "basic" })).toBe("identity is not set (no managed identity)");
      expect(check("AZ-SRCH-001", SEARCH, { sku: "standard", identity: { type: "None" } })).toBe('identity.type is "None"');
      expect(check("AZ-SRCH-001", SEARCH, { sku: "basic", identity: { type: "SystemAssigned" } })).toBeUndefined();
      expect(check("AZ-SRCH-001", SEARCH, { sku: "basic", identity: [{ type: "SystemAssigned" }] })).toBeUndefined();
      expect(check("AZ-SRCH-001", SEARCH, { sku: "free" })).toBeUndefined();
      expect(check("AZ-SRCH-001", SEARCH, { sku: "basic", identity: "${var.identity}" })).toBeUndefined();
    });
  });

  describe("AZ-SRCH-002 IP rules never admit the whole internet", () => {
    test("0.0.0.0/0 is a violation; narrower ranges, none and references are not", () => {
      expect(check("AZ-SRCH-002", SEARCH, { allowed_ips: ["203.0.113.7", "0.0.0.0/0"] })).toBe('allowed_ips has "0.0.0.0/0" (every IPv4 address)');
      expect(check("AZ-SRCH-002", SEARCH, { allowed_ips: ["203.0.113.0/24"] })).toBeUndefined();
      expect(check("AZ-SRCH-002", SEARCH, {})).toBeUndefined();
      expect(check("AZ-SRCH-002", SEARCH, { allowed_ips: "${var.ips}" })).toBeUndefined();
    });
  });

  describe("AZ-SRCH-003 / AZ-SRCH-004 replicas for the SLA in prod", () => {
    function checkIn(id: string, tier: "dev" | "prod", config: Record<string, unknown>): string | undefined {
      const rule = AI_RULES.find((r) => r.id === id) as PolicyRule;
      const resource: ResourceView = { type: SEARCH, logicalId: "X", path: "stack/X", config };
      return verdictText(rule.check(resource, { stackName: "s", tier, resources: [resource] }));
    }

    test("prod: fewer than 2 (queries) or 3 (queries and indexing) replicas is a warning; unset counts as 1", () => {
      expect(checkIn("AZ-SRCH-003", "prod", { replica_count: 1 })).toBe("replica_count is 1 in a prod stack (the query SLA needs 2)");
      expect(checkIn("AZ-SRCH-003", "prod", {})).toBe(`replica_count is 1${DEFAULT} in a prod stack (the query SLA needs 2)`);
      expect(checkIn("AZ-SRCH-003", "prod", { replica_count: 2 })).toBeUndefined();
      expect(checkIn("AZ-SRCH-004", "prod", { replica_count: 2 })).toBe("replica_count is 2 in a prod stack (the SLA for queries and indexing needs 3)");
      expect(checkIn("AZ-SRCH-004", "prod", { replica_count: 3 })).toBeUndefined();
      expect(checkIn("AZ-SRCH-004", "prod", { replica_count: "${var.replicas}" })).toBeUndefined();
    });

    test("dev and staging are not judged", () => {
      expect(checkIn("AZ-SRCH-003", "dev", { replica_count: 1 })).toBeUndefined();
      expect(checkIn("AZ-SRCH-004", "dev", {})).toBeUndefined();
    });
  });

  describe("over the library's construct", () => {
    function findings(relaxed: boolean): string[] {
      const { stack, rg } = testStack();
      new OpenAIDeployment(stack, "OpenAI", { resourceGroup: rg, publicNetworkAccess: relaxed ? true : undefined });
      const report = evaluate(AI_RULES, { name: "test", tier: "dev", json: synthJson(stack) }, []);
      return report.findings.map((f) => `${f.resourceType}: ${f.ruleId} ${f.message}`);
    }

    test("OpenAIDeployment with its defaults complies", () => {
      expect(findings(false)).toEqual([]);
    });

    test("OpenAIDeployment with publicNetworkAccess: true is reported", () => {
      expect(findings(true)).toEqual(["azurerm_cognitive_account: AZ-AI-002 public_network_access_enabled is true"]);
    });
  });
});
