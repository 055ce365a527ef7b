import { AZURE_RULES } from "../../../../lib/policy/rules";

/**
 * The checkov checks each rule covers, pinned so that a change is deliberate. Where each id comes
 * from, and which ones could not be confirmed against checkov's source, is in the README's
 * checkov parity section.
 */
const CHECKOV: Record<string, readonly string[]> = {
  "AZ-ST-001": ["CKV_AZURE_59"],
  "AZ-ST-002": ["CKV_AZURE_190", "CKV2_AZURE_47"],
  "AZ-ST-003": ["CKV_AZURE_44"],
  "AZ-ST-004": ["CKV2_AZURE_40"],
  "AZ-ST-005": ["CKV_AZURE_3"],
  "AZ-ST-006": ["CKV2_AZURE_38"],
  "AZ-ST-007": ["CKV_AZURE_244"],
  "AZ-ST-008": ["CKV_AZURE_35"],
  "AZ-KV-001": ["CKV_AZURE_110", "CKV_AZURE_42"],
  "AZ-KV-002": [],
  "AZ-KV-003": [],
  "AZ-KV-004": ["CKV_AZURE_109"],
  "AZ-KV-005": ["CKV_AZURE_189"],
  "AZ-KV-006": ["CKV_AZURE_114"],
  "AZ-APP-001": ["CKV_AZURE_14", "CKV_AZURE_70", "CKV_AZURE_153"],
  "AZ-APP-002": ["CKV_AZURE_15", "CKV_AZURE_145", "CKV_AZURE_154"],
  "AZ-APP-003": ["CKV_AZURE_78"],
  "AZ-APP-004": ["CKV_AZURE_16", "CKV_AZURE_71"],
  "AZ-APP-005": ["CKV_AZURE_72", "CKV_AZURE_155"],
  "AZ-APP-006": ["CKV_AZURE_63"],
  "AZ-APP-007": ["CKV_AZURE_65", "CKV_AZURE_66"],
  "AZ-APP-008": ["CKV_AZURE_213"],
  "AZ-APP-009": ["CKV_AZURE_237", "CKV_AZURE_238"],
  "AZ-APP-010": ["CKV_AZURE_222", "CKV_AZURE_221"],
  "AZ-ASP-001": ["CKV_AZURE_212"],
  "AZ-ASP-002": ["CKV_AZURE_225"],
  "AZ-ASP-003": ["CKV_AZURE_211"],
  // FunctionApp: checkov has no checks on Flex Consumption apps or on how a function app reaches its host storage.
  "AZ-FUNC-001": [],
  "AZ-FUNC-002": [],
  "AZ-FUNC-003": [],
  "AZ-PG-001": [],
  "AZ-PG-002": ["CKV_AZURE_136"],
  "AZ-PG-003": [],
  "AZ-PG-004": ["CKV2_AZURE_26"],
  "AZ-PG-005": [],
  "AZ-CPG-001": [],
  "AZ-CPG-002": [],
  "AZ-MDB-001": [],
  "AZ-MDB-002": [],
  "AZ-COS-001": ["CKV_AZURE_101"],
  "AZ-COS-002": ["CKV_AZURE_140"],
  "AZ-COS-003": [],
  // CosmosNoSql
  "AZ-COS-004": ["CKV_AZURE_132"],
  "AZ-COS-005": [],
  "AZ-COS-006": [],
  "AZ-SQL-001": ["CKV_AZURE_113"],
  "AZ-SQL-002": ["CKV_AZURE_52"],
  "AZ-SQL-003": ["CKV2_AZURE_27"],
  "AZ-SQL-004": [],
  "AZ-SQL-005": [],
  "AZ-SQL-006": [],
  "AZ-SQL-007": [],
  "AZ-RED-001": ["CKV_AZURE_91"],
  "AZ-RED-002": ["CKV_AZURE_148"],
  "AZ-RED-003": ["CKV_AZURE_89"],
  "AZ-RED-004": [],
  "AZ-RED-005": [],
  "AZ-RED-006": [],
  "AZ-RED-007": [],
  "AZ-RED-008": [],
  "AZ-AI-001": ["CKV_AZURE_236"],
  "AZ-AI-002": ["CKV_AZURE_134", "CKV_AZURE_124"],
  // SearchService (lib/ai/search-service.ts)
  "AZ-SRCH-001": ["CKV_AZURE_207"],
  "AZ-SRCH-002": ["CKV_AZURE_210"],
  "AZ-SRCH-003": ["CKV_AZURE_209"],
  "AZ-SRCH-004": ["CKV_AZURE_208"],
  "AZ-CR-001": ["CKV_AZURE_137"],
  "AZ-CR-002": ["CKV_AZURE_139"],
  "AZ-CR-003": ["CKV_AZURE_138"],
  "AZ-CR-004": ["CKV_AZURE_167"],
  "AZ-CR-005": ["CKV_AZURE_233"],
  "AZ-AKS-001": ["CKV_AZURE_5"],
  "AZ-AKS-002": ["CKV_AZURE_7"],
  "AZ-AKS-003": ["CKV_AZURE_141"],
  "AZ-AKS-004": ["CKV_AZURE_6", "CKV_AZURE_115"],
  "AZ-AKS-005": [],
  // AksCluster (lib/compute/aks-cluster.ts)
  "AZ-AKS-006": ["CKV_AZURE_116"],
  "AZ-AKS-007": ["CKV_AZURE_171"],
  "AZ-AKS-008": ["CKV_AZURE_172"],
  "AZ-AKS-009": ["CKV_AZURE_170"],
  "AZ-AKS-010": ["CKV_AZURE_168"],
  "AZ-AKS-011": ["CKV_AZURE_227"],
  "AZ-AKS-012": ["CKV_AZURE_229"],
  "AZ-NSG-001": ["CKV_AZURE_9", "CKV_AZURE_10"],
  "AZ-NSG-002": ["CKV_AZURE_9", "CKV_AZURE_10"],
  // checkov has no checks for public DNS zones or Communication Services.
  "AZ-DNS-001": [],
  "AZ-ACS-001": [],
  // FrontDoor: checkov's Front Door WAF checks are for the classic azurerm_frontdoor resources.
  "AZ-AFD-001": [],
  "AZ-AFD-002": [],
  "AZ-AFD-003": [],
  "AZ-AFD-004": [],
  "AZ-AFD-005": [],
  "AZ-DIAG-001": [],
  "AZ-PROT-001": [],
  "AZ-PROT-002": [],
  "AZ-VM-001": ["CKV_AZURE_1", "CKV_AZURE_149", "CKV_AZURE_178"],
  "AZ-VM-002": ["CKV_AZURE_151"],
  // Deployability: checkov judges configuration, not whether the deployer reaches a data plane,
  // names collide, a subnet suits what is placed in it, or a runtime has retired by a date.
  "AZ-DEP-001": [],
  "AZ-DEP-002": [],
  "AZ-DEP-003": [],
  "AZ-DEP-004": [],
  "AZ-DEP-005": [],
  "AZ-DEP-006": [],
  "AZ-DEP-007": [],
  "AZ-LIFE-001": [],
  "AZ-LIFE-002": [],
  "AZ-LIFE-003": [],
  "AZ-LIFE-004": [],
  "AZ-LIFE-005": [],
  "AZ-LIFE-006": [],
  // FunctionApp
  "AZ-LIFE-007": [],
  // Federated credentials, action group endpoints and budget dates: checkov has no checks on
  // azurerm_federated_identity_credential, azurerm_monitor_action_group or the budget resources.
  "AZ-FIC-001": [],
  "AZ-FIC-002": [],
  "AZ-AG-001": [],
  "AZ-BUD-001": [],
  // ApiManagement: checkov's APIManagementMinTLS12, APIManagementPublicAccess and
  // APIManagementBackendHTTPS (read in bridgecrewio/checkov, checkov/terraform/checks/resource/azure).
  "AZ-APIM-001": ["CKV_AZURE_173"],
  "AZ-APIM-002": ["CKV_AZURE_174"],
  "AZ-APIM-003": [],
  "AZ-APIM-004": [],
  "AZ-APIM-005": [],
  "AZ-APIM-006": ["CKV_AZURE_215"],
  "AZ-APIM-007": [],
  // ServiceBus: checkov/terraform/checks/resource/azure/AzureServicebus*.py.
  "AZ-SB-001": ["CKV_AZURE_203"],
  "AZ-SB-002": ["CKV_AZURE_205"],
  "AZ-SB-003": ["CKV_AZURE_204"],
  "AZ-SB-004": ["CKV_AZURE_202"],
  // Firewall: checkov's AzureFirewallDefinesPolicy (CKV_AZURE_219, azurerm_firewall) and
  // AzureFirewallPolicyIDPSDeny (CKV_AZURE_220, azurerm_firewall_policy). CKV_AZURE_216 inspects
  // azurerm_firewall.threat_intel_mode (a firewall with classic rules), not the policy's
  // threat_intelligence_mode, so AZ-FW-002 has no checkov twin.
  "AZ-FW-001": ["CKV_AZURE_219"],
  "AZ-FW-002": [],
  "AZ-FW-003": ["CKV_AZURE_220"],
  "AZ-SB-005": [],
  // EventHub: checkov ids not verified here, left empty.
  "AZ-EVH-001": [],
  "AZ-EVH-002": [],
  "AZ-EVH-003": [],
  "AZ-EVH-004": [],
};

const RULES = AZURE_RULES;
const DEPLOYABILITY = new Set(["AZ-ACS-001", "AZ-DEP-001", "AZ-DEP-002", "AZ-DEP-003", "AZ-DEP-004", "AZ-DEP-005", "AZ-DEP-006", "AZ-DEP-007", "AZ-LIFE-001", "AZ-LIFE-002", "AZ-LIFE-003", "AZ-LIFE-004", "AZ-LIFE-005", "AZ-LIFE-006", "AZ-FIC-001", "AZ-BUD-001", "AZ-APIM-003", "AZ-LIFE-007", "AZ-FUNC-003", "AZ-SB-005"]);

describe("checkov parity", () => {
  test("every rule states its category and its checkov ids (an empty list where checkov has no equivalent)", () => {
    for (const rule of RULES) {
      expect([rule.id, rule.category]).toEqual([rule.id, DEPLOYABILITY.has(rule.id) ? "deployability" : "security"]);
      expect(Array.isArray(rule.checkov)).toBe(true);
      for (const id of rule.checkov ?? []) expect(id).toMatch(/^CKV2?_AZURE_\d+$/);
      expect(new Set(rule.checkov).size).toBe(rule.checkov?.length);
    }
  });

  test("the mapping is the documented one", () => {
    expect(Object.fromEntries(RULES.map((r) => [r.id, r.checkov]))).toEqual(CHECKOV);
  });
});
