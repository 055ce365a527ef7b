import type { PolicyRule, ResourceView } from "../rule";
import { addressOf, get, isReference, read, references } from "../util";

/*
 * Key Vault rules. Defaults when an attribute is unset are azurerm 4.55's
 * (website/docs/r/key_vault.html.markdown): purge_protection_enabled false,
 * soft_delete_retention_days 90, rbac_authorization_enabled (and the deprecated
 * enable_rbac_authorization) false, public_network_access_enabled true, and no network_acls
 * block: Azure's firewall then allows every network. key_vault_secret: no content_type.
 */

const KEY_VAULT = ["azurerm_key_vault"] as const;
const SECRET = "azurerm_key_vault_secret";

/** A list attribute of `network_acls`: its entries, "reference" when unknown until apply. */
function aclList(resource: ResourceView, attribute: string): unknown[] | "reference" {
  const value = get(resource, "network_acls", attribute);
  if (isReference(value)) return "reference";
  return Array.isArray(value) ? value : [];
}

/** A boolean attribute as written: true, false, "reference", or undefined when unset. */
function flag(resource: ResourceView, attribute: string): boolean | "reference" | undefined {
  const value = get(resource, attribute);
  if (value === true || value === "true") return true;
  if (value === false || value === "false") return false;
  return isReference(value) ? "reference" : undefined;
}

/** The data-plane authorization model: RBAC, access policies, or unknown until apply. */
function rbacViolation(resource: ResourceView): string | undefined {
  const current = flag(resource, "rbac_authorization_enabled");
  const deprecated = flag(resource, "enable_rbac_authorization");
  if (current === true || deprecated === true || current === "reference" || deprecated === "reference") return undefined;
  if (current === false) return "rbac_authorization_enabled is false";
  if (deprecated === false) return "enable_rbac_authorization is false";
  return "rbac_authorization_enabled is false (Azure's default when unset)";
}

export const KEY_VAULT_RULES: readonly PolicyRule[] = [
  {
    id: "AZ-KV-001",
    severity: "error",
    description:
      "In prod, a key vault has purge protection (purge_protection_enabled = true); dev and staging vaults comply without it, as they are torn down and recreated.",
    fix: "Leave purgeProtection unset (true) on KeyVault in prod, or set purge_protection_enabled = true on the resource.",
    resourceTypes: KEY_VAULT,
    category: "security",
    checkov: ["CKV_AZURE_110", "CKV_AZURE_42"],
    check(resource, context) {
      if (context.tier !== "prod") return undefined;
      const value = flag(resource, "purge_protection_enabled");
      if (value === true || value === "reference") return undefined;
      return value === false ? "purge_protection_enabled is false" : "purge_protection_enabled is false (Azure's default when unset)";
    },
  },
  {
    id: "AZ-KV-002",
    severity: "warning",
    description: "A key vault keeps deleted vaults, secrets, keys and certificates recoverable for 90 days (soft_delete_retention_days >= 90; the default when unset).",
    fix: "Leave softDeleteRetentionDays unset (90) on KeyVault, or set soft_delete_retention_days = 90 on the resource (it cannot be changed after creation).",
    resourceTypes: KEY_VAULT,
    category: "security",
    checkov: [],
    check(resource) {
      const days = get(resource, "soft_delete_retention_days");
      if (days === undefined || days === null || isReference(days)) return undefined; // unset: 90
      return Number(days) >= 90 ? undefined : `soft_delete_retention_days is ${JSON.stringify(days)}`;
    },
  },
  {
    id: "AZ-KV-003",
    severity: "error",
    description: "A key vault authorizes data-plane access with Azure RBAC (rbac_authorization_enabled = true) and has no access policies.",
    fix: "Use KeyVault (RBAC only) and its grants (grantSecretsRead); on a raw azurerm_key_vault set rbac_authorization_enabled = true and remove access_policy blocks and azurerm_key_vault_access_policy resources.",
    resourceTypes: KEY_VAULT,
    category: "security",
    checkov: [],
    check(resource, context) {
      const problems: string[] = [];
      const rbac = rbacViolation(resource);
      if (rbac) problems.push(rbac);
      const inline = get(resource, "access_policy");
      if (Array.isArray(inline) && inline.length > 0) problems.push(`access_policy has ${inline.length} ${inline.length === 1 ? "entry" : "entries"}`);
      else if (inline && typeof inline === "object" && !Array.isArray(inline)) problems.push("access_policy has 1 entry");
      const separate = context.resources.filter((r) => r.type === "azurerm_key_vault_access_policy" && references(r.config.key_vault_id, resource));
      if (separate.length) problems.push(`access policies in ${separate.map(addressOf).join(", ")}`);
      return problems.length ? problems.join("; ") : undefined;
    },
  },
  {
    id: "AZ-KV-004",
    severity: "warning",
    description: "A key vault's firewall denies networks it does not list (network_acls.default_action = Deny), unless public network access is off altogether.",
    fix: "Leave network.defaultAction unset (Deny) on KeyVault and allow callers through allowedIpRanges, subnetIds or privateEndpoints; or set network_acls { default_action = \"Deny\" } on the resource.",
    resourceTypes: KEY_VAULT,
    category: "security",
    checkov: ["CKV_AZURE_109"],
    check(resource) {
      if (flag(resource, "public_network_access_enabled") === false) return undefined; // no public endpoint to filter
      const acls = get(resource, "network_acls");
      if (isReference(acls)) return undefined;
      if (acls === undefined || acls === null || (Array.isArray(acls) && acls.length === 0)) return "network_acls is unset (Azure allows every network)";
      const action = get(resource, "network_acls", "default_action");
      if (action === "Deny" || isReference(action)) return undefined;
      return `network_acls.default_action is ${JSON.stringify(action)}`;
    },
  },
  {
    id: "AZ-KV-005",
    severity: "warning",
    description:
      "A key vault is not open to every network: public network access is off (public_network_access_enabled = false; azurerm's default when unset is true), or its firewall denies by default (network_acls.default_action = Deny) and lists the networks it admits (ip_rules or virtual_network_subnet_ids). A public endpoint that admits no network should be off.",
    fix: "List the callers in network.allowedIpRanges or network.subnetIds on KeyVault (defaultAction stays Deny); a vault reached only through privateEndpoints should have public network access off (public_network_access_enabled = false).",
    resourceTypes: KEY_VAULT,
    category: "security",
    checkov: ["CKV_AZURE_189"],
    check(resource) {
      const open = flag(resource, "public_network_access_enabled");
      if (open === false || open === "reference") return undefined;
      const access = `public_network_access_enabled is true${open === undefined ? " (Azure's default when unset)" : ""}`;
      const acls = get(resource, "network_acls");
      if (isReference(acls)) return undefined;
      if (acls === undefined || acls === null || (Array.isArray(acls) && acls.length === 0)) return `${access} and network_acls is unset (Azure allows every network)`;
      const action = get(resource, "network_acls", "default_action");
      if (isReference(action)) return undefined;
      if (action !== "Deny") return `${access} and network_acls.default_action is ${JSON.stringify(action)}`;
      const ips = aclList(resource, "ip_rules");
      const subnets = aclList(resource, "virtual_network_subnet_ids");
      if (ips === "reference" || subnets === "reference" || ips.length > 0 || subnets.length > 0) return undefined;
      return `${access} and network_acls lists no ip_rules or virtual_network_subnet_ids`;
    },
  },
  {
    id: "AZ-KV-006",
    severity: "warning",
    description: "A Key Vault secret says what it holds (content_type set; none when unset), so whoever rotates it or answers an incident knows what it is and how it is used.",
    fix: "Pass contentType to KeyVault.addSecret (addGeneratedSecret sets one), or set content_type on the azurerm_key_vault_secret (e.g. \"PostgreSQL password (administrator)\").",
    resourceTypes: [SECRET],
    category: "security",
    checkov: ["CKV_AZURE_114"],
    check(resource) {
      const type = read(resource, ["content_type"]);
      if (type.reference) return undefined;
      if (type.unset) return "content_type is unset";
      return typeof type.value === "string" && type.value.trim() === "" ? `content_type is ${JSON.stringify(type.value)}` : undefined;
    },
  },
];
