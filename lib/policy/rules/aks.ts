import type { PolicyRule, ResourceView } from "../rule";
import { expectBoolean, finding, read } from "../util";

/*
 * AksCluster (lib/compute/aks-cluster.ts): AKS rules after AZ-AKS-001..005 (containers.ts). An
 * attribute that is not in the synthesized JSON is judged by azurerm 4.55's default
 * (website/docs/r/kubernetes_cluster.html.markdown, kubernetes_cluster_node_pool): azure_policy_enabled
 * off, no automatic_upgrade_channel (no auto-upgrade), sku_tier Free, host_encryption_enabled false,
 * only_critical_addons_enabled false, and max_pods AKS's default for the network plugin (250 with
 * Azure CNI Overlay, 30 with flat Azure CNI, which checkov assumes).
 * checkov ids are those of checkov's source (checkov/terraform/checks/resource/azure/AKS*.py):
 * AKSUsesAzurePoliciesAddon CKV_AZURE_116, AKSUpgradeChannel CKV_AZURE_171, AKSSecretStoreRotation
 * CKV_AZURE_172, AKSIsPaidSku CKV_AZURE_170 (checkov still expects the retired value "Paid"),
 * AKSMaxPodsMinimum CKV_AZURE_168, AKSEncryptionAtHostEnabled CKV_AZURE_227,
 * AKSOnlyCriticalPodsOnSystemNodes CKV_AZURE_229.
 */

const AKS = "azurerm_kubernetes_cluster";
const AKS_POOL = "azurerm_kubernetes_cluster_node_pool";

/** max_pods of the cluster's default pool or of a node pool, with AKS's default when unset. */
function maxPods(r: ResourceView): string | undefined {
  const path = r.type === AKS ? ["default_node_pool", "max_pods"] : ["max_pods"];
  const { reference, unset, value } = read(r, path);
  if (reference) return undefined;
  if (unset) {
    if (r.type === AKS_POOL) return undefined; // the pool's cluster decides the default: not known here
    const mode = read(r, ["network_profile", "network_plugin_mode"]);
    if (mode.reference || mode.value === "overlay") return undefined;
    return finding(path.join("."), 30, true);
  }
  return Number(value) >= 50 ? undefined : finding(path.join("."), value, false);
}

export const AKS_RULES: readonly PolicyRule[] = [
  {
    id: "AZ-AKS-006",
    severity: "error",
    description: "An AKS cluster runs the Azure Policy add-on, so Kubernetes admission policies (pod security baseline) are enforced (azure_policy_enabled = true; off when unset).",
    fix: "Set azure_policy_enabled = true on the cluster (AksCluster always does).",
    resourceTypes: [AKS],
    category: "security",
    checkov: ["CKV_AZURE_116"],
    check: (r) => expectBoolean(r, ["azure_policy_enabled"], true, false),
  },
  {
    id: "AZ-AKS-007",
    severity: "warning",
    description: "An AKS cluster has a Kubernetes auto-upgrade channel (automatic_upgrade_channel set and not none; no auto-upgrade when unset).",
    fix: "Set automatic_upgrade_channel = \"patch\" (or stable) with a maintenance_window_auto_upgrade on the cluster.",
    resourceTypes: [AKS],
    category: "security",
    checkov: ["CKV_AZURE_171"],
    check: (r) => {
      const { reference, unset, value } = read(r, ["automatic_upgrade_channel"]);
      if (reference) return undefined;
      if (unset) return "automatic_upgrade_channel is not set (no automatic upgrades)";
      return value === "none" ? finding("automatic_upgrade_channel", value, false) : undefined;
    },
  },
  {
    id: "AZ-AKS-008",
    severity: "warning",
    description: "An AKS cluster runs the Key Vault secrets provider (CSI driver) with secret rotation, so rotated Key Vault secrets reach pods (key_vault_secrets_provider.secret_rotation_enabled = true).",
    fix: "Add key_vault_secrets_provider { secret_rotation_enabled = true } to the cluster.",
    resourceTypes: [AKS],
    category: "security",
    checkov: ["CKV_AZURE_172"],
    check: (r) => {
      const block = read(r, ["key_vault_secrets_provider"]);
      if (block.reference) return undefined;
      if (block.unset) return "key_vault_secrets_provider is not set (no Key Vault CSI driver)";
      return expectBoolean(r, ["key_vault_secrets_provider", "secret_rotation_enabled"], true, false);
    },
  },
  {
    id: "AZ-AKS-009",
    severity: "error",
    description: "In prod, an AKS cluster has the API server uptime SLA (sku_tier Standard or Premium; Free when unset).",
    fix: "Set skuTier: \"Standard\" on AksCluster (sku_tier = \"Standard\"); Premium adds long-term support.",
    resourceTypes: [AKS],
    category: "security",
    checkov: ["CKV_AZURE_170"],
    check: (r, context) => {
      if (context.tier !== "prod") return undefined;
      const { reference, unset, value } = read(r, ["sku_tier"]);
      if (reference) return undefined;
      const tier = unset ? "Free" : value;
      return tier === "Standard" || tier === "Premium" ? undefined : `${finding("sku_tier", tier, unset)} (no uptime SLA) in a prod stack`;
    },
  },
  {
    id: "AZ-AKS-010",
    severity: "warning",
    description: "AKS nodes allow at least 50 pods each (max_pods >= 50; unset is 250 with Azure CNI Overlay, 30 with flat Azure CNI).",
    fix: "Use Azure CNI Overlay (AksCluster does) and leave max_pods unset or set it to 50-250; with flat Azure CNI every pod takes a subnet address, so size the subnet first.",
    resourceTypes: [AKS, AKS_POOL],
    category: "security",
    checkov: ["CKV_AZURE_168"],
    check: maxPods,
  },
  {
    id: "AZ-AKS-011",
    severity: "warning",
    description:
      "AKS nodes encrypt temp disks and disk caches on the host (host_encryption_enabled = true on the default pool and each node pool; false when unset). The subscription needs the Microsoft.Compute feature EncryptionAtHost registered first, or the pool fails to deploy.",
    fix: "Register the feature once per subscription (az feature register --namespace Microsoft.Compute --name EncryptionAtHost), then set hostEncryption: true on the pools.",
    resourceTypes: [AKS, AKS_POOL],
    category: "security",
    checkov: ["CKV_AZURE_227"],
    check: (r) => expectBoolean(r, r.type === AKS ? ["default_node_pool", "host_encryption_enabled"] : ["host_encryption_enabled"], true, false),
  },
  {
    id: "AZ-AKS-012",
    severity: "warning",
    description: "An AKS cluster's system pool runs only critical add-ons, so application pods cannot starve CoreDNS and the other system pods (default_node_pool.only_critical_addons_enabled = true; false when unset).",
    fix: "Set default_node_pool.only_critical_addons_enabled = true (AksCluster does) and run applications in User pools (addNodePool).",
    resourceTypes: [AKS],
    category: "security",
    checkov: ["CKV_AZURE_229"],
    check: (r) => expectBoolean(r, ["default_node_pool", "only_critical_addons_enabled"], true, false),
  },
];
