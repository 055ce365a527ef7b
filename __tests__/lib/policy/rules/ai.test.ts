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
    expect(ids).toEqual(["AZ-AI-001", "AZ-AI-002"]);
    for (const rule of AI_RULES) {
      expect(rule.id).toMatch(/^AZ-[A-Z]+-\d{3}$/);
      expect(rule.severity).toBe("error");
      expect(rule.description.trim()).not.toBe("");
      expect(rule.fix.trim()).not.toBe("");
      expect(rule.resourceTypes).toEqual([OPENAI, AI_SERVICES, SEARCH]);
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
