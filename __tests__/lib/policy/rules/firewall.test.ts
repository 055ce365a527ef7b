import { verdictText } from "../../../helpers/policy";
import { evaluate } from "../../../../lib/policy/engine";
import type { PolicyRule, ResourceView } from "../../../../lib/policy/rule";
import { AZURE_RULES } from "../../../../lib/policy/rules";
import { FIREWALL_RULES } from "../../../../lib/policy/rules/firewall";
import { Firewall, type FirewallProps } from "../../../../lib/network/firewall";
import type { ISubnet } from "../../../../lib/network/interfaces";
import { synthJson, testStack } from "../../../helpers/stack";

function check(id: string, type: string, config: Record<string, unknown>): string | undefined {
  const rule = FIREWALL_RULES.find((r) => r.id === id) as PolicyRule;
  expect(rule.resourceTypes).toContain(type);
  const resource: ResourceView = { type, logicalId: "X", path: "stack/X", config };
  return verdictText(rule.check(resource, { stackName: "s", tier: "prod", resources: [resource] }));
}

const FW = "azurerm_firewall";
const POLICY = "azurerm_firewall_policy";

describe("FIREWALL_RULES", () => {
  test("ids, descriptions, fixes, resource types; registered in AZURE_RULES", () => {
    expect(FIREWALL_RULES.map((r) => r.id)).toEqual(["AZ-FW-001", "AZ-FW-002", "AZ-FW-003"]);
    for (const rule of FIREWALL_RULES) {
      expect(rule.description.trim()).not.toBe("");
      expect(rule.fix.trim()).not.toBe("");
      expect(AZURE_RULES).toContain(rule);
    }
  });

  test("AZ-FW-001: a VNet firewall without a policy", () => {
    expect(check("AZ-FW-001", FW, { sku_name: "AZFW_VNet", sku_tier: "Standard" })).toBe("firewall_policy_id is unset (no firewall policy)");
    expect(check("AZ-FW-001", FW, { sku_name: "AZFW_VNet", firewall_policy_id: "${azurerm_firewall_policy.p.id}" })).toBeUndefined();
    expect(check("AZ-FW-001", FW, { sku_name: "AZFW_Hub" })).toBeUndefined();
  });

  test("AZ-FW-002: threat intelligence must deny on Standard and Premium (unset is Alert); Basic is not judged", () => {
    expect(check("AZ-FW-002", POLICY, {})).toBe('threat_intelligence_mode is "Alert" (Azure\'s default when unset)');
    expect(check("AZ-FW-002", POLICY, { sku: "Premium", threat_intelligence_mode: "Off" })).toBe('threat_intelligence_mode is "Off"');
    expect(check("AZ-FW-002", POLICY, { sku: "Standard", threat_intelligence_mode: "Deny" })).toBeUndefined();
    expect(check("AZ-FW-002", POLICY, { sku: "Basic", threat_intelligence_mode: "Alert" })).toBeUndefined();
    expect(check("AZ-FW-002", POLICY, { sku: "${var.tier}" })).toBeUndefined();
  });

  test("AZ-FW-003: IDPS must deny on Premium (no block is Off); other tiers are not judged", () => {
    expect(check("AZ-FW-003", POLICY, { sku: "Premium" })).toBe('intrusion_detection.mode is "Off" (Azure\'s default when unset)');
    expect(check("AZ-FW-003", POLICY, { sku: "Premium", intrusion_detection: { mode: "Alert" } })).toBe('intrusion_detection.mode is "Alert"');
    expect(check("AZ-FW-003", POLICY, { sku: "Premium", intrusion_detection: [{ mode: "Deny" }] })).toBeUndefined();
    expect(check("AZ-FW-003", POLICY, { sku: "Standard" })).toBeUndefined();
    expect(check("AZ-FW-003", POLICY, {})).toBeUndefined();
  });

  test("a Firewall complies with every firewall rule on each tier; weakening it is caught", () => {
    const subnet = (name: string, addressPrefix: string): ISubnet => ({ id: `/subscriptions/0/vnet/subnets/${name}`, name, addressPrefix, virtualNetwork: { id: "/subscriptions/0/vnet", name: "vnet", resourceGroupName: "rg" } });
    const findings = (props: Partial<FirewallProps>) => {
      const { stack, rg } = testStack();
      new Firewall(stack, "Firewall", { resourceGroup: rg, subnet: subnet("AzureFirewallSubnet", "10.0.0.0/26"), ...props });
      return evaluate(FIREWALL_RULES, { name: "test", tier: "prod", json: synthJson(stack), date: "2026-11-29" }, []).findings.map((f) => `${f.ruleId} ${f.message}`);
    };
    expect(findings({})).toEqual([]);
    expect(findings({ sku: "Premium" })).toEqual([]);
    expect(findings({ sku: "Basic", managementSubnet: subnet("AzureFirewallManagementSubnet", "10.0.0.64/26") })).toEqual([]);
    expect(findings({ threatIntelMode: "Alert" })).toEqual(['AZ-FW-002 threat_intelligence_mode is "Alert"']);
    expect(findings({ sku: "Premium", idps: "Alert" })).toEqual(['AZ-FW-003 intrusion_detection.mode is "Alert"']);
  });
});
