import type { PolicyRule } from "../rule";
import { expectOneOf, read } from "../util";

/*
 * Firewall rules (lib/network/firewall.ts). Attributes as in azurerm 4.55's
 * website/docs/r/firewall.html.markdown and firewall_policy.html.markdown: azurerm_firewall_policy
 * `sku` defaults to Standard, `threat_intelligence_mode` to Alert, and a policy without an
 * `intrusion_detection` block has IDPS off. Threat intelligence cannot deny on Basic, and IDPS is
 * Premium only (learn.microsoft.com/azure/firewall/choose-firewall-sku), so those rules judge the
 * tiers that can comply.
 */

const FIREWALL = "azurerm_firewall";
const POLICY = "azurerm_firewall_policy";

/** The policy's tier as synthesized; unset is azurerm's default, Standard; undefined for a reference. */
function policyTier(r: Parameters<PolicyRule["check"]>[0]): string | undefined {
  const sku = read(r, ["sku"]);
  if (sku.reference) return undefined;
  return sku.unset ? "Standard" : String(sku.value);
}

export const FIREWALL_RULES: readonly PolicyRule[] = [
  {
    id: "AZ-FW-001",
    severity: "error",
    description: "An Azure Firewall in a VNet is governed by a firewall policy (firewall_policy_id is set), where threat intelligence, DNS proxy and IDPS are configured.",
    fix: "Use Firewall (it always creates a policy), or set firewall_policy_id on the firewall to an azurerm_firewall_policy.",
    resourceTypes: [FIREWALL],
    category: "security",
    checkov: ["CKV_AZURE_219"],
    check(r) {
      const sku = read(r, ["sku_name"]);
      if (!sku.reference && sku.value === "AZFW_Hub") return undefined;
      const policy = read(r, ["firewall_policy_id"]);
      return policy.unset ? "firewall_policy_id is unset (no firewall policy)" : undefined;
    },
  },
  {
    id: "AZ-FW-002",
    severity: "error",
    description:
      "A Standard or Premium firewall policy denies traffic to and from known malicious IPs and FQDNs (threat_intelligence_mode = Deny; azurerm's default when unset is Alert). Basic supports Alert only and is not judged.",
    fix: "Leave threatIntelMode unset on Firewall (Deny on Standard and Premium), or set threat_intelligence_mode = \"Deny\" on the policy.",
    resourceTypes: [POLICY],
    category: "security",
    checkov: [],
    check(r) {
      const tier = policyTier(r);
      if (tier === undefined || tier === "Basic") return undefined;
      return expectOneOf(r, ["threat_intelligence_mode"], ["Deny"], "Alert");
    },
  },
  {
    id: "AZ-FW-003",
    severity: "error",
    description:
      "A Premium firewall policy blocks intrusions (intrusion_detection.mode = Deny; without an intrusion_detection block IDPS is off). IDPS is Premium only; other tiers are not judged.",
    fix: "Leave idps unset on a Premium Firewall (Deny), or set intrusion_detection { mode = \"Deny\" } on the policy.",
    resourceTypes: [POLICY],
    category: "security",
    checkov: ["CKV_AZURE_220"],
    check(r) {
      if (policyTier(r) !== "Premium") return undefined;
      return expectOneOf(r, ["intrusion_detection", "mode"], ["Deny"], "Off");
    },
  },
];
