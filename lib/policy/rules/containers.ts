import type { PolicyRule } from "../rule";
import { asBoolean, expectBoolean, finding, get, read, isReference } from "../util";

/*
 * Container rules. An attribute that is not in the synthesized JSON is judged by azurerm 4.55's
 * default (website/docs/r/<resource>.html.markdown): container_registry admin_enabled false and
 * public_network_access_enabled true; kubernetes_cluster role_based_access_control_enabled
 * true, local_account_disabled false, private_cluster_enabled false, no network policy and no
 * Entra ID integration.
 */

const REGISTRY = "azurerm_container_registry";
const AKS = "azurerm_kubernetes_cluster";

const NETWORK_POLICIES = ["azure", "calico", "cilium"];

export const CONTAINER_RULES: readonly PolicyRule[] = [
  // Azure Container Registry
  {
    id: "AZ-CR-001",
    severity: "error",
    description: "A container registry has the admin user off (admin_enabled is not true; the default when unset is false).",
    fix: "Use ContainerRegistry (the admin user is always off), or remove admin_enabled or set it to false on the resource; pull with AcrPull grants to identities.",
    resourceTypes: [REGISTRY],
    category: "security",
    checkov: ["CKV_AZURE_137"],
    check: (r) => expectBoolean(r, ["admin_enabled"], false, false),
  },
  {
    id: "AZ-CR-002",
    severity: "error",
    description: "A container registry is closed to public networks (public_network_access_enabled = false; azurerm's default when unset is true).",
    fix: "Leave publicNetworkAccess unset (false, Premium SKU) on ContainerRegistry and add privateEndpoints.",
    resourceTypes: [REGISTRY],
    category: "security",
    checkov: ["CKV_AZURE_139"],
    check: (r) => expectBoolean(r, ["public_network_access_enabled"], false, true),
  },

  // Azure Kubernetes Service
  {
    id: "AZ-AKS-001",
    severity: "error",
    description: "An AKS cluster has Kubernetes RBAC on (role_based_access_control_enabled = true; the default when unset).",
    fix: "Remove role_based_access_control_enabled or set it to true on the cluster (changing it recreates the cluster).",
    resourceTypes: [AKS],
    category: "security",
    checkov: ["CKV_AZURE_5"],
    check: (r) => expectBoolean(r, ["role_based_access_control_enabled"], true, true),
  },
  {
    id: "AZ-AKS-002",
    severity: "error",
    description: "An AKS cluster enforces Kubernetes network policies (network_profile.network_policy = azure, calico or cilium; none when unset).",
    fix: "Set network_profile { network_policy = \"cilium\" } with network_data_plane = \"cilium\" (or \"azure\" or \"calico\") on the cluster.",
    resourceTypes: [AKS],
    category: "security",
    checkov: ["CKV_AZURE_7"],
    check: (r) => {
      const { reference, unset, value } = read(r, ["network_profile", "network_policy"]);
      if (reference || (typeof value === "string" && NETWORK_POLICIES.includes(value))) return undefined;
      if (unset) return get(r, "network_profile") ? "network_profile.network_policy is not set (no network policy engine)" : "network_profile is not set (no network policy engine)";
      return finding("network_profile.network_policy", value, false);
    },
  },
  {
    id: "AZ-AKS-003",
    severity: "error",
    description: "An AKS cluster has local accounts off, so every sign-in goes through Entra ID (local_account_disabled = true; the default when unset is false).",
    fix: "Set local_account_disabled = true on the cluster together with azure_active_directory_role_based_access_control.",
    resourceTypes: [AKS],
    category: "security",
    checkov: ["CKV_AZURE_141"],
    check: (r) => expectBoolean(r, ["local_account_disabled"], true, false),
  },
  {
    id: "AZ-AKS-004",
    severity: "error",
    description: "An AKS cluster's API server is not open to the whole internet (private_cluster_enabled = true, or api_server_access_profile.authorized_ip_ranges lists the allowed ranges).",
    fix: "Set private_cluster_enabled = true on the cluster, or list the admin ranges in api_server_access_profile { authorized_ip_ranges }.",
    resourceTypes: [AKS],
    category: "security",
    checkov: ["CKV_AZURE_6", "CKV_AZURE_115"],
    check: (r) => {
      const priv = read(r, ["private_cluster_enabled"]);
      if (priv.reference) return undefined;
      const isPrivate = priv.unset ? false : asBoolean(priv.value);
      if (isPrivate !== false) return undefined; // private, or not a literal
      const ranges = read(r, ["api_server_access_profile", "authorized_ip_ranges"]);
      if (ranges.reference) return undefined;
      const list: unknown[] = Array.isArray(ranges.value) ? ranges.value : [];
      if (list.some(isReference)) return undefined;
      const open = list.filter((range) => range === "0.0.0.0/0");
      if (list.length > 0 && open.length === 0) return undefined;
      const why = list.length === 0 ? "api_server_access_profile.authorized_ip_ranges is empty" : "api_server_access_profile.authorized_ip_ranges includes 0.0.0.0/0";
      return `${finding("private_cluster_enabled", false, priv.unset)} and ${why}`;
    },
  },
  {
    id: "AZ-AKS-005",
    severity: "warning",
    description: "An AKS cluster authorizes Kubernetes access with Entra ID and Azure RBAC (azure_active_directory_role_based_access_control.azure_rbac_enabled = true).",
    fix: "Add azure_active_directory_role_based_access_control { azure_rbac_enabled = true, tenant_id } to the cluster.",
    resourceTypes: [AKS],
    category: "security",
    checkov: [],
    check: (r) => {
      const block = read(r, ["azure_active_directory_role_based_access_control"]);
      if (block.reference) return undefined;
      if (block.unset || (Array.isArray(block.value) && block.value.length === 0)) return "azure_active_directory_role_based_access_control is not set (no Entra ID integration)";
      return expectBoolean(r, ["azure_active_directory_role_based_access_control", "azure_rbac_enabled"], true, false);
    },
  },
];
