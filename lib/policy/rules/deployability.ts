import * as ipaddr from "ipaddr.js";
import { nsgAdmitsToPrivateEndpoints, referenced, subnetCidr } from "../network-reach";
import type { PolicyContext, PolicyRule, ResourceView, RuleVerdict } from "../rule";
import { addressOf, asBoolean, get, isReference, references } from "../util";

/*
 * Deployability rules: configurations that synthesize and pass `terraform validate`, but fail
 * at `terraform apply` in a real subscription. Defaults are azurerm 4.55's
 * (website/docs/r/key_vault.html.markdown, storage_account.html.markdown, the provider
 * `features` block in website/docs/guides/features-block.html.markdown).
 */

// ---------------------------------------------------------------------------------------------
// AZ-DEP-001: Terraform writes to a data plane it cannot reach
// ---------------------------------------------------------------------------------------------

/** Resources whose create/update calls the Key Vault data plane (`<vault>.vault.azure.net`). */
const KEY_VAULT_WRITES = ["azurerm_key_vault_secret", "azurerm_key_vault_key", "azurerm_key_vault_certificate"];

/**
 * Storage resources azurerm 4.55 creates through the data plane: containers, queues, shares and
 * tables addressed by `storage_account_name` (with `storage_account_id` they go through Azure
 * Resource Manager), blobs, Data Lake Gen2 file systems, share directories and files, table entities.
 */
const STORAGE_NAME_ADDRESSED = ["azurerm_storage_container", "azurerm_storage_queue", "azurerm_storage_share", "azurerm_storage_table"];
const STORAGE_DATA_PLANE_ALWAYS = ["azurerm_storage_blob", "azurerm_storage_data_lake_gen2_filesystem", "azurerm_storage_share_directory", "azurerm_storage_share_file", "azurerm_storage_table_entity"];

/** RFC 5737 documentation ranges: a placeholder, never a real deployer. */
const DOCUMENTATION_RANGES = ["192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24"];

function parseRange(text: string): [ipaddr.IPv4, number] | undefined {
  if (ipaddr.IPv4.isValidCIDR(text)) return ipaddr.IPv4.parseCIDR(text);
  if (ipaddr.IPv4.isValidFourPartDecimal(text)) return [ipaddr.IPv4.parse(text), 32];
  return undefined;
}

/** Whether firewall rule `rule` (an address or CIDR) admits every address of `range`. */
function admits(rule: string, range: string): boolean {
  const outer = parseRange(rule);
  const inner = parseRange(range);
  return !!outer && !!inner && inner[1] >= outer[1] && inner[0].match(outer[0], outer[1]);
}

function isDocumentationRange(range: string): boolean {
  return DOCUMENTATION_RANGES.some((doc) => admits(doc, range));
}

/** A data plane's network settings, as the rule reads them off the resource. */
interface DataPlaneNetwork {
  /** `public_network_access_enabled`; undefined when it is a reference. */
  readonly publicAccess: boolean | undefined;
  /** `Allow`, `Deny`, or undefined when it is a reference. */
  readonly defaultAction: string | undefined;
  /** Literal firewall entries; undefined when the list is a reference. */
  readonly ipRules: readonly string[] | undefined;
  /** Attribute names, for messages. */
  readonly labels: { readonly block: string };
}

function networkOf(resource: ResourceView, block: "network_acls" | "network_rules"): DataPlaneNetwork {
  const publicRaw = get(resource, "public_network_access_enabled");
  const publicAccess = isReference(publicRaw) ? undefined : (asBoolean(publicRaw) ?? true);
  const blockValue = get(resource, block);
  const present = !(blockValue === undefined || blockValue === null || (Array.isArray(blockValue) && blockValue.length === 0));
  const actionRaw = present ? get(resource, block, "default_action") : "Allow"; // no block: Azure allows every network
  const defaultAction = isReference(actionRaw) || isReference(blockValue) ? undefined : typeof actionRaw === "string" ? actionRaw : "Allow";
  const rulesRaw = present ? get(resource, block, "ip_rules") : [];
  const ipRules = isReference(rulesRaw) || isReference(blockValue) ? undefined : Array.isArray(rulesRaw) ? rulesRaw.filter((r): r is string => typeof r === "string" && !isReference(r)) : [];
  return { publicAccess, defaultAction, ipRules, labels: { block } };
}

/** Private endpoints in the stack that connect to `target`. */
function privateEndpointsOf(target: ResourceView, resources: readonly ResourceView[]): ResourceView[] {
  return resources.filter((r) => r.type === "azurerm_private_endpoint" && references(get(r, "private_service_connection", "private_connection_resource_id"), target));
}

/**
 * Whether a deployer subnet reaches one of the target's private endpoints on 443: true, false, or
 * undefined when a deciding value is unknown at synth (a subnet outside the stack, a reference).
 */
function privatePathOpen(target: ResourceView, context: PolicyContext): boolean | undefined {
  const subnetIds = context.deployer?.subnetIds ?? [];
  const endpoints = privateEndpointsOf(target, context.resources);
  if (subnetIds.length === 0 || endpoints.length === 0) return false;
  let unknown = false;
  for (const subnetId of subnetIds) {
    const deployerSubnet = referenced(subnetId, context.resources, "azurerm_subnet");
    const source = deployerSubnet && subnetCidr(deployerSubnet);
    if (!source) {
      unknown = true; // a subnet of another stack or VNet: its route to the endpoint is not visible here
      continue;
    }
    for (const endpoint of endpoints) {
      const endpointSubnet = referenced(endpoint.config.subnet_id, context.resources, "azurerm_subnet");
      if (!endpointSubnet) {
        unknown = true;
        continue;
      }
      const open = nsgAdmitsToPrivateEndpoints(endpointSubnet, source, 443, context.resources);
      if (open === true) return true;
      if (open === undefined) unknown = true;
    }
  }
  return unknown ? undefined : false;
}

/**
 * The verdict on whether the deployer reaches `target`'s data plane, where Terraform writes
 * `writes` (addresses, for the message).
 */
function reachVerdict(target: ResourceView, network: DataPlaneNetwork, writes: readonly ResourceView[], context: PolicyContext): RuleVerdict | undefined {
  if (network.publicAccess === undefined) return undefined;
  const deployerRanges = context.deployer?.ipRanges ?? [];
  const writing = `Terraform writes ${describeWrites(writes)} through its data plane`;
  const reasons: string[] = [];
  if (network.publicAccess) {
    if (network.defaultAction === undefined || network.ipRules === undefined) return undefined;
    if (network.defaultAction !== "Deny") return undefined; // open to every network
    const rules = network.ipRules;
    if (deployerRanges.length > 0) {
      const missing = deployerRanges.filter((range) => !rules.some((rule) => admits(rule, range)));
      if (missing.length === 0) {
        const placeholders = deployerRanges.filter(isDocumentationRange);
        if (placeholders.length === deployerRanges.length) {
          return {
            severity: "warning",
            message: `${writing}, admitted only from the deployer's ${placeholders.join(", ")}, a documentation range (RFC 5737): a placeholder, so the apply will fail from a real network`,
            fix: "Replace deployer.ipRanges in the environment file with the public egress ranges of the machines that run cdktf deploy (for example the output of `curl -s https://ifconfig.me`).",
          };
        }
        return undefined;
      }
      reasons.push(`${network.labels.block}.default_action is "Deny" and ip_rules ${JSON.stringify(rules)} do not admit the deployer's ${missing.join(", ")}`);
    } else {
      if (rules.length > 0) return undefined; // the listed ranges are taken to include the deployer
      reasons.push(`${network.labels.block}.default_action is "Deny" with no ip_rules, and the stack declares no deployer ranges`);
    }
  } else {
    reasons.push("public_network_access_enabled is false");
  }
  const privatePath = privatePathOpen(target, context);
  if (privatePath !== false) return undefined;
  const endpoints = privateEndpointsOf(target, context.resources).length;
  const subnets = context.deployer?.subnetIds?.length ?? 0;
  reasons.push(
    endpoints === 0 ? "it has no private endpoint"
    : subnets === 0 ? "its private endpoint is reachable only from inside its network, and the stack declares no deployer subnet"
    : "the deployer subnet's traffic to its private endpoint is denied by the endpoint subnet's network security group",
  );
  return { message: `${writing}, which the deployer cannot reach: ${reasons.join("; ")}` };
}

/** `3 azurerm_key_vault_secret (Vault/A/Secret, Vault/B/Secret, ...)`: counts per type and the first paths. */
function describeWrites(writes: readonly ResourceView[]): string {
  const types = [...new Set(writes.map((w) => w.type))];
  const counts = types.map((t) => `${writes.filter((w) => w.type === t).length} ${t}`).join(" and ");
  const paths = writes.slice(0, 3).map((w) => w.path);
  return `${counts} (${paths.join(", ")}${writes.length > 3 ? `, and ${writes.length - 3} more` : ""})`;
}

function keyVaultWrites(vault: ResourceView, resources: readonly ResourceView[]): ResourceView[] {
  return resources.filter((r) => KEY_VAULT_WRITES.includes(r.type) && references(r.config.key_vault_id, vault));
}

function storageWrites(account: ResourceView, resources: readonly ResourceView[]): ResourceView[] {
  const direct = resources.filter(
    (r) =>
      (STORAGE_NAME_ADDRESSED.includes(r.type) && r.config.storage_account_id === undefined && references(r.config.storage_account_name, account)) ||
      (STORAGE_DATA_PLANE_ALWAYS.includes(r.type) && (references(r.config.storage_account_name, account) || references(r.config.storage_account_id, account))),
  );
  // Blobs and share files addressed through a container or share of this account.
  const children = resources.filter((r) => ["azurerm_storage_container", "azurerm_storage_share"].includes(r.type) && (references(r.config.storage_account_id, account) || references(r.config.storage_account_name, account)));
  const indirect = resources.filter((r) => STORAGE_DATA_PLANE_ALWAYS.includes(r.type) && children.some((c) => references(r.config.storage_container_id, c) || references(r.config.storage_share_id, c)));
  return [...new Set([...direct, ...indirect])];
}

// ---------------------------------------------------------------------------------------------
// AZ-DEP-002: the provider's storage data-plane setting
// ---------------------------------------------------------------------------------------------

/** `features.storage.data_plane_available` of the stack's azurerm provider: true (azurerm's default), false, or undefined for a reference. */
function dataPlaneAvailable(context: PolicyContext): boolean | undefined {
  const features = context.provider?.features;
  const first = (v: unknown) => (Array.isArray(v) ? v[0] : v) as Record<string, unknown> | undefined;
  const storage = first(first(features)?.storage);
  const value = storage?.data_plane_available;
  if (isReference(value)) return undefined;
  return asBoolean(value) ?? true;
}

// ---------------------------------------------------------------------------------------------
// AZ-DEP-003: two resources with one name in one uniqueness scope
// ---------------------------------------------------------------------------------------------

/**
 * Resource types whose `name` is a DNS label in a namespace shared by the whole cloud
 * ("Naming rules and restrictions for Azure resources", scope "global"): types in one namespace
 * collide with each other too (web and function apps are all `<name>.azurewebsites.net`; Service
 * Bus and Event Hubs namespaces are all `<name>.servicebus.windows.net`).
 */
const GLOBAL_NAMESPACES: Readonly<Record<string, string>> = {
  azurerm_storage_account: "storage account",
  azurerm_key_vault: "key vault",
  azurerm_linux_web_app: "App Service app",
  azurerm_windows_web_app: "App Service app",
  azurerm_linux_function_app: "App Service app",
  azurerm_windows_function_app: "App Service app",
  azurerm_postgresql_flexible_server: "PostgreSQL flexible server",
  azurerm_cosmosdb_postgresql_cluster: "Cosmos DB for PostgreSQL cluster",
  azurerm_mongo_cluster: "MongoDB vCore cluster",
  azurerm_container_registry: "container registry",
  azurerm_cosmosdb_account: "Cosmos DB account",
  azurerm_mssql_server: "SQL server",
  azurerm_redis_cache: "Redis cache",
  azurerm_managed_redis: "managed Redis",
  azurerm_search_service: "search service",
  azurerm_servicebus_namespace: "Service Bus or Event Hubs namespace",
  azurerm_eventhub_namespace: "Service Bus or Event Hubs namespace",
  azurerm_api_management: "API Management service",
  azurerm_app_configuration: "App Configuration store",
};

/** Attributes that name the parent a resource's name must be unique within. */
const PARENT_ATTRIBUTES = [
  "resource_group_name", "virtual_network_name", "network_security_group_name", "private_dns_zone_name", "key_vault_id",
  "storage_account_id", "storage_account_name", "storage_container_name", "storage_share_id", "server_id", "cluster_id",
  "mongo_cluster_id", "cognitive_account_id", "app_service_id", "scope", "target_resource_id", "virtual_machine_id",
  "kubernetes_cluster_id", "namespace_id", "eventhub_namespace_id", "api_management_name", "profile_id", "cdn_frontdoor_profile_id",
  "resource_group_id", "subscription_id", "parent_id",
];

type NameScope = { readonly key: string; readonly described: string } | undefined;
/** Per resource, its name scope: the rule asks for every resource twice (building the owners, then checking). */
const nameScopes = new WeakMap<ResourceView, NameScope>();

/** The uniqueness scope of a resource's name (`key`) and how a message describes it, or undefined when the name is not a literal. */
function nameScope(resource: ResourceView): NameScope {
  if (nameScopes.has(resource)) return nameScopes.get(resource);
  const scope = computeNameScope(resource);
  nameScopes.set(resource, scope);
  return scope;
}

function computeNameScope(resource: ResourceView): NameScope {
  // A Cognitive Services account's custom subdomain (`<subdomain>.openai.azure.com`) is global; its name is not.
  const subdomain = resource.type === "azurerm_cognitive_account" ? resource.config.custom_subdomain_name : undefined;
  if (typeof subdomain === "string" && !isReference(subdomain)) {
    return { key: `global:cognitive subdomain:${subdomain.toLowerCase()}`, described: "custom subdomain names are globally unique" };
  }
  const name = resource.config.name;
  if (typeof name !== "string" || isReference(name) || name === "") return undefined;
  const global = GLOBAL_NAMESPACES[resource.type];
  if (global) return { key: `global:${global}:${name.toLowerCase()}`, described: `${global} names are globally unique` };
  const present = PARENT_ATTRIBUTES.filter((a) => resource.config[a] !== undefined);
  return {
    key: `${resource.type}:${present.map((a) => `${a}=${JSON.stringify(resource.config[a])}`).join(",")}:${name.toLowerCase()}`,
    described: present.length ? `same ${resource.type} parent (${present.join(", ")})` : `${resource.type} names are unique within the subscription`,
  };
}

/** Per stack (its resource list), the first resource holding each scoped name: one pass, not one per resource. */
const firstOwners = new WeakMap<readonly ResourceView[], Map<string, ResourceView>>();

/** The first resource of the stack with the same name in the same scope (Azure compares names without case). */
function firstWithName(resource: ResourceView, resources: readonly ResourceView[]): ResourceView | undefined {
  let owners = firstOwners.get(resources);
  if (!owners) {
    owners = new Map();
    for (const r of resources) {
      const key = nameScope(r)?.key;
      if (key !== undefined && !owners.has(key)) owners.set(key, r);
    }
    firstOwners.set(resources, owners);
  }
  const scope = nameScope(resource);
  return scope ? owners.get(scope.key) : undefined;
}

export const DEPLOYABILITY_RULES: readonly PolicyRule[] = [
  {
    id: "AZ-DEP-001",
    severity: "error",
    category: "deployability",
    description:
      "Terraform can reach every data plane it writes to: a key vault it writes secrets, keys or certificates into, or a storage account it writes containers, queues, shares, tables or blobs into through the data plane, admits the deployer (its firewall lists the deployer's ranges, or a private endpoint is reachable from a deployer subnet).",
    fix: "Declare where cdktf deploy runs (the environment's deployer.ipRanges, or Deployer.declare(stack, { ipRanges })): KeyVault admits those ranges through its firewall; or run the deployment from a subnet that reaches the resource's private endpoint and declare it (Deployer.declare(stack, { subnetIds })); for storage, create containers, queues and shares with storage_account_id (StorageAccount does).",
    resourceTypes: ["azurerm_key_vault", "azurerm_storage_account"],
    checkov: [],
    check(resource, context) {
      if (resource.type === "azurerm_key_vault") {
        const writes = keyVaultWrites(resource, context.resources);
        return writes.length ? reachVerdict(resource, networkOf(resource, "network_acls"), writes, context) : undefined;
      }
      const writes = storageWrites(resource, context.resources);
      return writes.length ? reachVerdict(resource, networkOf(resource, "network_rules"), writes, context) : undefined;
    },
  },
  {
    id: "AZ-DEP-002",
    severity: "error",
    category: "deployability",
    description:
      "The azurerm provider's storage data-plane setting suits the stack's storage accounts: a private account (public network access off, or a firewall that denies by default) needs features.storage.data_plane_available = false, or azurerm 4.x polls its blob, queue and file endpoints after creating it and the create fails with 403 from outside its network; with that setting, the provider refuses queue_properties and static_website.",
    fix: "BlueprintStack sets features.storage.data_plane_available = false; on a plain stack set features: [{ storage: [{ dataPlaneAvailable: false }] }] on the AzurermProvider, create containers, queues and shares with storage_account_id, and leave queue_properties and static_website unset.",
    resourceTypes: ["azurerm_storage_account"],
    checkov: [],
    check(resource, context) {
      const available = dataPlaneAvailable(context);
      if (available === undefined) return undefined;
      if (available) {
        const network = networkOf(resource, "network_rules");
        if (network.publicAccess === false) return "public_network_access_enabled is false, and the azurerm provider's features.storage.data_plane_available is true (its default): the create polls the blob, queue and file endpoints and fails with 403 from outside the account's network";
        if (network.publicAccess && network.defaultAction === "Deny") return "network_rules.default_action is \"Deny\", and the azurerm provider's features.storage.data_plane_available is true (its default): the create polls the blob, queue and file endpoints, which the firewall refuses unless the deployer is admitted";
        return undefined;
      }
      const refused = ["queue_properties", "static_website"].filter((a) => {
        const v = get(resource, a);
        return !(v === undefined || v === null || (Array.isArray(v) && v.length === 0));
      });
      return refused.length ? `${refused.join(" and ")} ${refused.length === 1 ? "is" : "are"} set, which the azurerm provider refuses with features.storage.data_plane_available = false` : undefined;
    },
  },
  {
    id: "AZ-DEP-003",
    severity: "error",
    category: "deployability",
    description:
      "No two resources have the same name in the scope Azure requires it to be unique in (the whole cloud for storage accounts, vaults, web apps, database servers and registries; the parent or resource group for the rest): Azure refuses the second at apply, after the first exists.",
    fix: "Give one of them another name: constructs take an `instance` that goes into generated names.",
    resourceTypes: ["*"],
    checkov: [],
    check(resource, context) {
      const first = firstWithName(resource, context.resources);
      if (!first || first === resource) return undefined;
      const scope = nameScope(resource)!;
      const attribute = scope.key.startsWith("global:cognitive subdomain:") ? "custom_subdomain_name" : "name";
      return `${attribute} ${JSON.stringify(resource.config[attribute])} is also the ${attribute} of ${first.path} (${addressOf(first)}); ${scope.described}`;
    },
  },
];
