import type { PolicyContext, PolicyRule, ResourceView } from "../rule";
import { get, isReference, references } from "../util";

/*
 * Storage account rules. Defaults when an attribute is unset are azurerm 4.55's
 * (internal/services/storage/storage_account_resource.go, 4.x schema):
 * public_network_access_enabled true, allow_nested_items_to_be_public true, min_tls_version
 * "TLS1_2", shared_access_key_enabled true, https_traffic_only_enabled true, local_user_enabled
 * true, no `network_rules` block (Azure's firewall then allows every network), and no blob or
 * container soft delete unless the `blob_properties` block has its retention policy blocks.
 */

const STORAGE = ["azurerm_storage_account"] as const;
const NETWORK_RULES = "azurerm_storage_account_network_rules";

/**
 * The violation when boolean `attribute` is not `wanted`: undefined when it complies, when it
 * is a reference, or when it is unset and Azure's default is `wanted`.
 */
function requireFlag(resource: ResourceView, attribute: string, wanted: boolean, azureDefault: boolean): string | undefined {
  const value = get(resource, attribute);
  if (value === undefined || value === null) {
    return azureDefault === wanted ? undefined : `${attribute} is ${azureDefault} (Azure's default when unset)`;
  }
  if (isReference(value)) return undefined;
  const actual = value === true || value === "true" ? true : value === false || value === "false" ? false : value;
  return actual === wanted ? undefined : `${attribute} is ${JSON.stringify(actual)}`;
}

/** `TLS1_0` -> 1.0; undefined for anything else. */
function storageTlsVersion(value: string): number | undefined {
  const match = /^TLS(\d)_(\d)$/.exec(value);
  return match ? Number(`${match[1]}.${match[2]}`) : undefined;
}

/** The violation for one soft-delete retention block of `blob_properties`, or undefined. */
function softDeleteViolation(resource: ResourceView, block: string, what: string): string | undefined {
  if (isReference(get(resource, "blob_properties"))) return undefined;
  const policy = get(resource, "blob_properties", block);
  if (isReference(policy)) return undefined;
  if (policy === undefined || policy === null || (Array.isArray(policy) && policy.length === 0)) {
    return `blob_properties.${block} is unset (${what} soft delete is off)`;
  }
  const days = get(resource, "blob_properties", block, "days");
  if (typeof days === "number" && days < 1) return `blob_properties.${block}.days is ${days}`;
  return undefined; // days unset: azurerm's default of 7 days; a reference is known only at apply
}

/**
 * Whether the account's firewall denies unlisted networks when its public endpoint is on; the
 * violation, or undefined. A separate azurerm_storage_account_network_rules is judged on its own.
 */
function defaultDenyViolation(resource: ResourceView, context: PolicyContext): string | undefined {
  const access = requireFlag(resource, "public_network_access_enabled", false, true);
  if (access === undefined) return undefined; // closed, or a reference
  const rules = get(resource, "network_rules");
  if (isReference(rules)) return undefined;
  if (rules === undefined || rules === null || (Array.isArray(rules) && rules.length === 0)) {
    const separate = context.resources.some((r) => r.type === NETWORK_RULES && references(r.config.storage_account_id, resource));
    return separate ? undefined : `${access} and network_rules is unset (Azure allows every network)`;
  }
  const action = get(resource, "network_rules", "default_action");
  if (action === "Deny" || isReference(action)) return undefined;
  return `${access} and network_rules.default_action is ${JSON.stringify(action)}`;
}

/** The same for an azurerm_storage_account_network_rules resource: compliant when its account (in the stack) is closed to public networks. */
function separateRulesViolation(resource: ResourceView, context: PolicyContext): string | undefined {
  const account = context.resources.find((r) => r.type === STORAGE[0] && references(resource.config.storage_account_id, r));
  if (account && requireFlag(account, "public_network_access_enabled", false, true) === undefined) return undefined;
  const action = get(resource, "default_action");
  if (action === "Deny" || isReference(action)) return undefined;
  return `default_action is ${JSON.stringify(action)}`;
}

export const STORAGE_RULES: readonly PolicyRule[] = [
  {
    id: "AZ-ST-001",
    severity: "error",
    description: "A storage account is closed to public networks (public_network_access_enabled = false): it is reached through private endpoints.",
    fix: "Leave publicNetworkAccess unset (false) on StorageAccount and add privateEndpoints; suppress with a reason where a caller has no private path.",
    resourceTypes: STORAGE,
    category: "security",
    checkov: ["CKV_AZURE_59"],
    check: (resource) => requireFlag(resource, "public_network_access_enabled", false, true),
  },
  {
    id: "AZ-ST-002",
    severity: "error",
    description: "A storage account allows no anonymous read access to its containers and blobs (allow_nested_items_to_be_public = false).",
    fix: "Use StorageAccount (anonymous access is always off), or set allow_nested_items_to_be_public = false on the resource.",
    resourceTypes: STORAGE,
    category: "security",
    checkov: ["CKV_AZURE_190", "CKV2_AZURE_47"],
    check: (resource) => requireFlag(resource, "allow_nested_items_to_be_public", false, true),
  },
  {
    id: "AZ-ST-003",
    severity: "error",
    description: "A storage account accepts TLS 1.2 or later only (min_tls_version = TLS1_2; azurerm's default when unset).",
    fix: "Use StorageAccount (TLS 1.2), or remove min_tls_version or set it to TLS1_2 on the resource.",
    resourceTypes: STORAGE,
    category: "security",
    checkov: ["CKV_AZURE_44"],
    check(resource) {
      const value = get(resource, "min_tls_version");
      if (value === undefined || value === null || isReference(value)) return undefined; // unset: TLS1_2
      const version = typeof value === "string" ? storageTlsVersion(value) : undefined;
      return version !== undefined && version >= 1.2 ? undefined : `min_tls_version is ${JSON.stringify(value)}`;
    },
  },
  {
    id: "AZ-ST-004",
    severity: "error",
    description: "A storage account refuses shared-key and SAS authorization (shared_access_key_enabled = false): callers use Entra ID.",
    fix: "Use StorageAccount (shared keys are always off) and grant data roles (grantBlobDataContributor, grantBlobDataReader), or set shared_access_key_enabled = false.",
    resourceTypes: STORAGE,
    category: "security",
    checkov: ["CKV2_AZURE_40"],
    check: (resource) => requireFlag(resource, "shared_access_key_enabled", false, true),
  },
  {
    id: "AZ-ST-005",
    severity: "error",
    description: "A storage account refuses plain HTTP (https_traffic_only_enabled = true; azurerm's default when unset).",
    fix: "Use StorageAccount (HTTPS only), or remove https_traffic_only_enabled or set it to true on the resource.",
    resourceTypes: STORAGE,
    category: "security",
    checkov: ["CKV_AZURE_3"],
    check: (resource) => requireFlag(resource, "https_traffic_only_enabled", true, true),
  },
  {
    id: "AZ-ST-006",
    severity: "error",
    description:
      "A storage account keeps deleted blobs and containers restorable: blob_properties has delete_retention_policy and container_delete_retention_policy (days >= 1).",
    fix: "Use StorageAccount (soft delete on; blobSoftDeleteDays and containerSoftDeleteDays, default 7), or add both retention policy blocks to blob_properties.",
    resourceTypes: STORAGE,
    category: "security",
    checkov: ["CKV2_AZURE_38"],
    check(resource) {
      if (get(resource, "account_kind") === "FileStorage") return undefined; // no blob service
      const problems = [
        softDeleteViolation(resource, "delete_retention_policy", "blob"),
        softDeleteViolation(resource, "container_delete_retention_policy", "container"),
      ].filter((p): p is string => p !== undefined);
      return problems.length ? problems.join("; ") : undefined;
    },
  },
  {
    id: "AZ-ST-007",
    severity: "error",
    description: "A storage account has local users off (local_user_enabled = false; azurerm's default when unset is true): no SFTP or SMB local-user passwords or SSH keys outside Entra ID.",
    fix: "Use StorageAccount (local users off unless localUsers: true), or set local_user_enabled = false on the account; an account that serves SFTP needs local users: suppress with a reason.",
    resourceTypes: STORAGE,
    category: "security",
    checkov: ["CKV_AZURE_244"],
    check: (resource) => requireFlag(resource, "local_user_enabled", false, true),
  },
  {
    id: "AZ-ST-008",
    severity: "warning",
    description:
      "A storage account whose public endpoint is on denies networks it does not list (network_rules.default_action = Deny, inline or in an azurerm_storage_account_network_rules; with no network_rules Azure allows every network). Accounts with public network access off comply.",
    fix: "Leave publicNetworkAccess unset (false) on StorageAccount and use privateEndpoints; where the endpoint must be public, add network_rules { default_action = \"Deny\", bypass = [\"AzureServices\"], ip_rules, virtual_network_subnet_ids } listing the callers.",
    resourceTypes: [STORAGE[0], NETWORK_RULES],
    category: "security",
    checkov: ["CKV_AZURE_35"],
    check: (resource, context) => (resource.type === NETWORK_RULES ? separateRulesViolation(resource, context) : defaultDenyViolation(resource, context)),
  },
];
