import type { PolicyRule, ResourceView } from "../rule";
import { asBoolean, expectBoolean, finding, get, read, isReference } from "../util";

/*
 * Container rules. An attribute that is not in the synthesized JSON is judged by azurerm 4.55's
 * default (website/docs/r/<resource>.html.markdown): container_registry admin_enabled false,
 * public_network_access_enabled true, anonymous_pull_enabled false, zone_redundancy_enabled false
 * (also on each georeplications entry), and no retention policy without retention_policy_in_days
 * (the provider enables the policy only for a value above 0; the doc's "Defaults to 7" is the
 * number of days Azure keeps once it is enabled); kubernetes_cluster role_based_access_control_enabled
 * true, local_account_disabled false, private_cluster_enabled false, no network policy and no
 * Entra ID integration.
 */

const REGISTRY = "azurerm_container_registry";
const AKS = "azurerm_kubernetes_cluster";

const NETWORK_POLICIES = ["azure", "calico", "cilium"];

const PROD = " in a prod stack";

/** The registry's zone redundancy and that of each geo-replica (zone_redundancy_enabled, default false). */
function zoneRedundancy(registry: ResourceView): string | undefined {
  const problems: string[] = [];
  const own = expectBoolean(registry, ["zone_redundancy_enabled"], true, false, PROD);
  if (own) problems.push(own);
  const replicas = get(registry, "georeplications");
  if (!isReference(replicas)) {
    const list: unknown[] = Array.isArray(replicas) ? replicas : replicas && typeof replicas === "object" ? [replicas] : [];
    list.forEach((replica, i) => {
      const config = (replica ?? {}) as Record<string, unknown>;
      const raw = config.zone_redundancy_enabled;
      if (isReference(raw) || isReference(replica)) return;
      const unset = raw === undefined || raw === null;
      if ((unset ? false : asBoolean(raw)) !== false) return;
      const where = typeof config.location === "string" ? ` (${config.location})` : "";
      problems.push(finding(`georeplications[${i}]${where}.zone_redundancy_enabled`, false, unset, PROD));
    });
  }
  return problems.length ? problems.join("; ") : undefined;
}

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
  {
    id: "AZ-CR-003",
    severity: "error",
    description: "A container registry refuses anonymous (unauthenticated) pulls (anonymous_pull_enabled is not true; the default when unset is false).",
    fix: "Use ContainerRegistry (anonymous pull is always off), or remove anonymous_pull_enabled or set it to false on the resource; pull with AcrPull grants to identities.",
    resourceTypes: [REGISTRY],
    category: "security",
    checkov: ["CKV_AZURE_138"],
    check: (r) => expectBoolean(r, ["anonymous_pull_enabled"], false, false),
  },
  {
    id: "AZ-CR-004",
    severity: "error",
    description:
      "In prod, a container registry deletes untagged manifests after a retention period (retention_policy_in_days >= 1; unset, or 0, leaves the retention policy off and keeps them). Premium only.",
    fix: "Set untaggedRetentionDays on ContainerRegistry (Premium), or retention_policy_in_days on the resource; choose more days than any deployment pinned to a digest lives.",
    resourceTypes: [REGISTRY],
    category: "security",
    checkov: ["CKV_AZURE_167"],
    check(r, context) {
      if (context.tier !== "prod") return undefined;
      const days = read(r, ["retention_policy_in_days"]);
      if (days.reference) return undefined;
      if (days.unset) return `retention_policy_in_days is unset (untagged manifests are never deleted)${PROD}`;
      return Number(days.value) >= 1 ? undefined : `${finding("retention_policy_in_days", days.value, false)} (no retention policy)${PROD}`;
    },
  },
  {
    id: "AZ-CR-005",
    severity: "error",
    description:
      "In prod, a container registry and each of its geo-replicas are zone redundant (zone_redundancy_enabled = true; the default when unset is false). Premium only, in regions with availability zones; fixed at creation.",
    fix: "Set zoneRedundancy: true on ContainerRegistry (Premium, in a region with zones), or zone_redundancy_enabled = true on the registry and on each georeplications entry (changing it recreates the registry).",
    resourceTypes: [REGISTRY],
    category: "security",
    checkov: ["CKV_AZURE_233"],
    check: (r, context) => (context.tier === "prod" ? zoneRedundancy(r) : undefined),
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
