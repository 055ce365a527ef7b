import { createHash } from "node:crypto";
import { DataAzurermManagedRedis } from "@cdktf/provider-azurerm/lib/data-azurerm-managed-redis";
import { ManagedRedis, type ManagedRedisIdentity } from "@cdktf/provider-azurerm/lib/managed-redis";
import type { MonitorDiagnosticSetting } from "@cdktf/provider-azurerm/lib/monitor-diagnostic-setting";
import { RedisCacheAccessPolicyAssignment } from "@cdktf/provider-azurerm/lib/redis-cache-access-policy-assignment";
import { ResourceGroupTemplateDeployment } from "@cdktf/provider-azurerm/lib/resource-group-template-deployment";
import { Annotations, Fn, type TerraformResource, Token } from "cdktf";
import { Construct } from "constructs";
import { type ArmResourceKind, checkLookupSubscription, parseResourceId } from "../core/arm-id";
import { AzureStack, resourceName } from "../core/azure-stack";
import { checkRegion } from "../core/checks";
import { ValidationError, show } from "../core/errors";
import { type IManagedIdentity, type IPrincipal, type IResourceGroup, type ProtectionProps, protect } from "../core/interfaces";
import { didYouMean } from "../core/suggest";
import type { PrivateEndpointProps } from "../network/interfaces";
import { type PrivateEndpoint, addPrivateEndpoints } from "../network/private-endpoint";
import { type DiagnosticSettingsProps, addDiagnosticSetting } from "../observability/diagnostic-settings";

/*
 * Azure Managed Redis (`azurerm_managed_redis`, Microsoft.Cache/redisEnterprise with its one
 * `default` database), the successor of Azure Cache for Redis, which retires on 2028-09-30 and
 * is refused to tenants that had no cache before 2026-04-01 (AZ-LIFE-006).
 *
 * Sources, read 2026-11-29:
 * - azurerm 4.55 `website/docs/r/managed_redis.html.markdown` and the bindings: arguments,
 *   defaults, what forces replacement;
 * - learn.microsoft.com/azure/redis/overview (tiers, sizes, features per tier), architecture
 *   (sizes per SKU, clustering policies, non-HA mode), how-to-persistence, private-link,
 *   entra-for-authentication, monitor-diagnostic-settings, best-practices-flash-optimized, and
 *   includes/tier-preview.md (ms.date 2026-05-28: which sizes are in preview);
 * - learn.microsoft.com/azure/private-link/private-endpoint-dns (zone and sub-resource);
 * - learn.microsoft.com/azure/templates/microsoft.cache/redisenterprise/databases/accesspolicyassignments.
 */

/** The TLS port of a Managed Redis database (`<name>.<region>.redis.azure.net:10000`). */
export const MANAGED_REDIS_PORT = 10000;

/**
 * The ports of the shards behind an OSS-clustered Managed Redis database ("the 85XX range";
 * learn.microsoft.com/azure/redis/architecture): clients of the `OSSCluster` policy connect to
 * them after the first connection on 10000, so an NSG between clients and the cache's private
 * endpoint must admit both.
 */
export const MANAGED_REDIS_OSS_CLUSTER_PORTS = "8500-8599";

/** The Entra ID scope clients request tokens for (Managed Redis and Azure Cache for Redis). */
export const REDIS_ENTRA_TOKEN_SCOPE = "https://redis.azure.com/.default";

/** The TLS port of an Azure Cache for Redis cache (`<name>.redis.cache.windows.net:6380`). */
export const REDIS_CACHE_TLS_PORT = 6380;

/**
 * Azure Managed Redis SKUs, as azurerm 4.55 accepts them (`sku_name`), by tier and size.
 * `Enterprise_*` and `EnterpriseFlash_*` belong to Azure Cache for Redis Enterprise, not to
 * Managed Redis. Export for profile schemas (`z.enum(MANAGED_REDIS_SKUS)`).
 */
export const MANAGED_REDIS_SKUS = [
  "Balanced_B0", "Balanced_B1", "Balanced_B3", "Balanced_B5", "Balanced_B10", "Balanced_B20", "Balanced_B50",
  "Balanced_B100", "Balanced_B150", "Balanced_B250", "Balanced_B350", "Balanced_B500", "Balanced_B700", "Balanced_B1000",
  "MemoryOptimized_M10", "MemoryOptimized_M20", "MemoryOptimized_M50", "MemoryOptimized_M100", "MemoryOptimized_M150",
  "MemoryOptimized_M250", "MemoryOptimized_M350", "MemoryOptimized_M500", "MemoryOptimized_M700", "MemoryOptimized_M1000",
  "MemoryOptimized_M1500", "MemoryOptimized_M2000",
  "ComputeOptimized_X3", "ComputeOptimized_X5", "ComputeOptimized_X10", "ComputeOptimized_X20", "ComputeOptimized_X50",
  "ComputeOptimized_X100", "ComputeOptimized_X150", "ComputeOptimized_X250", "ComputeOptimized_X350", "ComputeOptimized_X500",
  "ComputeOptimized_X700",
  "FlashOptimized_A250", "FlashOptimized_A500", "FlashOptimized_A700", "FlashOptimized_A1000", "FlashOptimized_A1500",
  "FlashOptimized_A2000", "FlashOptimized_A4500",
] as const;
export type ManagedRedisSku = (typeof MANAGED_REDIS_SKUS)[number];

export type ManagedRedisTier = "Balanced" | "MemoryOptimized" | "ComputeOptimized" | "FlashOptimized";

/**
 * Memory per SKU in GB: the "Size (GB)" rows of the sharding table in
 * learn.microsoft.com/azure/redis/architecture, in SKU order per tier (Flash A250: 235 GB, per
 * best-practices-flash-optimized).
 */
const SIZE_GB: Readonly<Record<ManagedRedisSku, number>> = {
  Balanced_B0: 0.5, Balanced_B1: 1, Balanced_B3: 3, Balanced_B5: 6, Balanced_B10: 12, Balanced_B20: 24, Balanced_B50: 60,
  Balanced_B100: 120, Balanced_B150: 180, Balanced_B250: 240, Balanced_B350: 360, Balanced_B500: 480, Balanced_B700: 720, Balanced_B1000: 960,
  MemoryOptimized_M10: 12, MemoryOptimized_M20: 24, MemoryOptimized_M50: 60, MemoryOptimized_M100: 120, MemoryOptimized_M150: 180,
  MemoryOptimized_M250: 240, MemoryOptimized_M350: 360, MemoryOptimized_M500: 480, MemoryOptimized_M700: 720, MemoryOptimized_M1000: 960,
  MemoryOptimized_M1500: 1440, MemoryOptimized_M2000: 1920,
  ComputeOptimized_X3: 3, ComputeOptimized_X5: 6, ComputeOptimized_X10: 12, ComputeOptimized_X20: 24, ComputeOptimized_X50: 60,
  ComputeOptimized_X100: 120, ComputeOptimized_X150: 180, ComputeOptimized_X250: 240, ComputeOptimized_X350: 360, ComputeOptimized_X500: 480,
  ComputeOptimized_X700: 720,
  FlashOptimized_A250: 235, FlashOptimized_A500: 480, FlashOptimized_A700: 720, FlashOptimized_A1000: 960, FlashOptimized_A1500: 1440,
  FlashOptimized_A2000: 1920, FlashOptimized_A4500: 4500,
};

/** What one Managed Redis SKU offers. */
export interface ManagedRedisSkuInfo {
  readonly sku: ManagedRedisSku;
  readonly tier: ManagedRedisTier;
  /** Memory in GB (Flash Optimized: RAM and NVMe together). */
  readonly sizeGb: number;
  /**
   * In public preview: in-memory SKUs "over 350 GB", which Microsoft names as B500, M500, X500 and
   * up (480 GB and more), and Flash Optimized over 1500 GB (A2000, A4500)
   * (learn.microsoft.com/azure/redis/includes/tier-preview.md, ms.date 2026-05-28).
   */
  readonly preview: boolean;
  /** The `NoCluster` policy: caches of 25 GB or less, not Flash Optimized (architecture, best-practices-flash-optimized). */
  readonly nonClustered: boolean;
  /** Active geo-replication: not Balanced B0/B1 (overview; azurerm's check), not Flash Optimized. */
  readonly geoReplication: boolean;
  /** Modules the tier offers: Flash Optimized has RedisJSON only. */
  readonly modules: readonly RedisModuleName[];
}

/** What `sku` offers: tier, size, preview status, the features that depend on it. */
export function managedRedisSkuInfo(sku: ManagedRedisSku): ManagedRedisSkuInfo {
  const tier = sku.slice(0, sku.indexOf("_")) as ManagedRedisTier;
  const sizeGb = SIZE_GB[sku];
  const flash = tier === "FlashOptimized";
  return {
    sku,
    tier,
    sizeGb,
    preview: flash ? sizeGb > 1500 : sizeGb > 360,
    nonClustered: !flash && sizeGb <= 25,
    geoReplication: !flash && sku !== "Balanced_B0" && sku !== "Balanced_B1",
    modules: flash ? ["RedisJSON"] : REDIS_MODULES,
  };
}

/** Clustering policies (`default_database.clustering_policy`); changing one recreates the database (data lost). */
export const REDIS_CLUSTERING_POLICIES = ["OSSCluster", "EnterpriseCluster", "NoCluster"] as const;
export type RedisClusteringPolicy = (typeof REDIS_CLUSTERING_POLICIES)[number];

/** Eviction policies (`default_database.eviction_policy`). */
export const REDIS_EVICTION_POLICIES = [
  "AllKeysLFU", "AllKeysLRU", "AllKeysRandom", "VolatileLRU", "VolatileLFU", "VolatileTTL", "VolatileRandom", "NoEviction",
] as const;
export type RedisEvictionPolicy = (typeof REDIS_EVICTION_POLICIES)[number];

/** Modules azurerm 4.55 accepts (`default_database.module.name`). */
export const REDIS_MODULES = ["RedisJSON", "RediSearch", "RedisBloom", "RedisTimeSeries"] as const;
export type RedisModuleName = (typeof REDIS_MODULES)[number];

/** AOF persistence: the one frequency Azure offers (every write logged, flushed each second). */
export const REDIS_AOF_FREQUENCIES = ["1s"] as const;
/** RDB persistence: snapshot frequencies Azure offers. */
export const REDIS_RDB_FREQUENCIES = ["1h", "6h", "12h"] as const;

/**
 * Data persistence to a managed disk of the cache (free of charge; Microsoft-managed keys, or the
 * cache's customer-managed key). It restores the same cache after both nodes of a shard fail; the
 * files cannot be read, downloaded or imported into another cache: it is no backup (export is).
 * One method at most. Can be added to, changed on and removed from a running cache in place.
 */
export interface RedisPersistence {
  /**
   * Append-only file: every write is logged and flushed once a second, so a restore loses about a
   * second of writes; costs throughput (more CPU and server load than RDB).
   * @default - no AOF
   */
  readonly aof?: (typeof REDIS_AOF_FREQUENCIES)[number];
  /**
   * Snapshot ("Redis database") frequency: a restore loses the writes since the last snapshot;
   * little effect on throughput. The interval starts when the previous snapshot completes.
   * @default - no RDB
   */
  readonly rdb?: (typeof REDIS_RDB_FREQUENCIES)[number];
}

/** A Redis module on the database. Modules are chosen at creation: changing them recreates the database (data lost). */
export interface RedisModule {
  readonly name: RedisModuleName;
  /** Module arguments, e.g. `ERROR_RATE 0.01 INITIAL_SIZE 400` for RedisBloom. @default - none */
  readonly args?: string;
}

/** Encryption at rest (of the persistence disk) with a key of yours. */
export interface RedisCustomerManagedKey {
  /** Versioned id of the Key Vault key (`azurerm_key_vault_key.id`: `https://<vault>.vault.azure.net/keys/<key>/<version>`). */
  readonly keyVaultKeyId: string;
  /**
   * The user-assigned identity that reads the key (added to the cache's identities). It needs
   * *Key Vault Crypto Service Encryption User* on the key or vault (an RBAC vault), granted by you.
   */
  readonly identity: IManagedIdentity;
}

export interface RedisProps extends ProtectionProps {
  readonly resourceGroup: IResourceGroup;
  /**
   * Forces a new cache when changed. Name and region together at most 63 characters (the host
   * name is `<name>.<region>.redis.azure.net`).
   * @default - generated: `redis-<workload>-<env>-<region>[-<instance>]-<suffix>`
   */
  readonly name?: string;
  /** Distinguishes several caches in one stack, in generated names. @default - none */
  readonly instance?: string;
  /** Forces a new cache when changed. @default - the resource group's location */
  readonly location?: string;
  /**
   * Tier and size (`MANAGED_REDIS_SKUS`; `managedRedisSkuInfo` tells size and features). azurerm
   * 4.55 replaces the cache when it changes (data lost), although Azure can scale in place.
   * Azure Cache for Redis equivalents by memory: Basic/Standard C0 (250 MB) → `Balanced_B0`
   * (0.5 GB, non-HA for Basic), C1 (1 GB) → `Balanced_B1`, C2 (2.5 GB) → `Balanced_B3`.
   * @default "Balanced_B1"
   */
  readonly sku?: ManagedRedisSku;
  /**
   * Two or more nodes with replicated shards and the availability SLA; in a region with
   * availability zones the nodes are spread over zones (zone redundancy comes with it, nothing to
   * set). Off: fewer nodes, no replication, no SLA, data lost when a node fails: for dev/test only
   * (Microsoft). Azure cannot turn HA off on a running cache, and azurerm 4.55 replaces the cache
   * when this changes either way. AZ-RED-008 requires it in prod.
   * @default true
   */
  readonly highAvailability?: boolean;
  /**
   * How clients see the shards. `OSSCluster` (Microsoft's recommendation for throughput): the
   * Redis Cluster API, clients must support it and reach ports 8500-8599 as well as 10000.
   * `EnterpriseCluster`: one endpoint proxying to the shards, for clients without cluster support
   * (required by RediSearch). `NoCluster`: no sharding, caches of 25 GB or less, not Flash
   * Optimized. Changing it recreates the database (data lost).
   * @default "OSSCluster"
   */
  readonly clusteringPolicy?: RedisClusteringPolicy;
  /** What Redis removes when memory is full. Changed in place. @default "VolatileLRU" (keys with a TTL, least recently used first) */
  readonly evictionPolicy?: RedisEvictionPolicy;
  /**
   * Data persistence to the cache's disk: `{ aof: "1s" }` or `{ rdb: "1h" | "6h" | "12h" }`, not
   * both. Persistence excludes active geo-replication. Changed in place.
   * @default - none: a restart of both nodes of a shard loses its data
   */
  readonly persistence?: RedisPersistence;
  /**
   * Modules, chosen at creation (changing them recreates the database, data lost). RediSearch
   * needs `clusteringPolicy: "EnterpriseCluster"` and `evictionPolicy: "NoEviction"`; Flash
   * Optimized offers RedisJSON only.
   * @default - none
   */
  readonly modules?: readonly RedisModule[];
  /**
   * Access keys besides Entra ID. Off, clients authenticate with an Entra ID token for
   * `https://redis.azure.com/.default` as user `<object id>` (`grantDataAccess`); Microsoft
   * recommends keeping keys off. Changed in place (Azure drops every connection when it changes).
   * AZ-RED-007 flags it on.
   * @default false
   */
  readonly accessKeysAuthentication?: boolean;
  /**
   * `Encrypted`: TLS only. `Plaintext` sends data and credentials unencrypted and rules out Entra
   * ID (which works over TLS only), so it needs `accessKeysAuthentication`. AZ-RED-006 flags it.
   * @default "Encrypted"
   */
  readonly clientProtocol?: "Encrypted" | "Plaintext";
  /**
   * The public endpoint. Managed Redis has no firewall rules in azurerm 4.55: with it on, any
   * address on the internet can try to connect (authentication is the only guard). Off, clients
   * connect through `privateEndpoints`: "only the App Service subnet" is a private endpoint in the
   * VNet plus the endpoint subnet's NSG admitting the app subnet on 10000 (and 8500-8599 with
   * `OSSCluster`; `clientPorts`). AZ-RED-005 flags it on. Changed in place.
   * @default false
   */
  readonly publicNetworkAccess?: boolean;
  /** Private endpoints (`redisEnterprise` sub-resource, zone `privatelink.redis.azure.net`). @default - none */
  readonly privateEndpoints?: readonly PrivateEndpointProps[];
  /** The cache's identity (import/export to storage, customer-managed key). Changed in place. @default - system-assigned */
  readonly identity?: IManagedIdentity;
  /** Encryption at rest with a Key Vault key. @default - Microsoft-managed keys */
  readonly customerManagedKey?: RedisCustomerManagedKey;
  /**
   * Connection audit logs (`ConnectionEvents`, on the database: `<cache id>/databases/default`,
   * table `REDConnectionEvents`) and the cache's metrics (on the cluster) to Log Analytics:
   * `monitoring.diagnosticSettings()`. Two settings, because Azure has the logs on the database
   * and the metrics on the cluster.
   * @default - none
   */
  readonly diagnosticSettings?: DiagnosticSettingsProps;
}

/**
 * A Redis cache apps can connect to and be given access: one made by `Redis`, one referenced by
 * `Redis.fromId` (Managed Redis) or `Redis.fromCacheId` (Azure Cache for Redis).
 */
export interface IRedis {
  readonly id: string;
  readonly name: string;
  /** The host name clients connect to. */
  readonly hostName: string;
  /** The TLS port: 10000 on Managed Redis, 6380 on Azure Cache for Redis. */
  readonly port: number;
  /**
   * Entra ID data access for `principal`: it connects as user `<object id>` with a token for
   * `https://redis.azure.com/.default`.
   */
  grantDataAccess(principal: IPrincipal, id?: string): TerraformResource;
}

const MANAGED_REDIS_KIND: ArmResourceKind = { type: "Microsoft.Cache/redisEnterprise", description: "Managed Redis cache", placeholders: ["<cache>"] };
const REDIS_CACHE_KIND: ArmResourceKind = { type: "Microsoft.Cache/redis", description: "Redis cache (Azure Cache for Redis)", placeholders: ["<cache>"] };

/** The API version of the access policy assignments the grants deploy (azurerm 4.55's Managed Redis uses 2025-07-01). */
const ACCESS_POLICY_API_VERSION = "2025-07-01";

/**
 * An ARM template assigning the database's `default` access policy (the only one Azure offers;
 * full data access) to one Entra ID object. The assignment's name is the object id without
 * hyphens: Azure allows `^[A-Za-z0-9]{1,60}$`.
 */
const ACCESS_POLICY_TEMPLATE = JSON.stringify({
  $schema: "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  contentVersion: "1.0.0.0",
  parameters: { clusterName: { type: "string" }, objectId: { type: "string" } },
  resources: [
    {
      type: "Microsoft.Cache/redisEnterprise/databases/accessPolicyAssignments",
      apiVersion: ACCESS_POLICY_API_VERSION,
      name: "[format('{0}/default/{1}', parameters('clusterName'), replace(parameters('objectId'), '-', ''))]",
      properties: { accessPolicyName: "default", user: { objectId: "[parameters('objectId')]" } },
    },
  ],
  outputs: {
    id: {
      type: "string",
      value: "[resourceId('Microsoft.Cache/redisEnterprise/databases/accessPolicyAssignments', parameters('clusterName'), 'default', replace(parameters('objectId'), '-', ''))]",
    },
  },
});

/** Longest name Azure takes for a deployment. */
const DEPLOYMENT_NAME_MAX = 64;

/** A deployment name from the cache's name and the grant's construct id: `<cache>-<id>`, shortened with a hash when too long. */
function deploymentName(cacheName: string, id: string): string {
  const label = id.replace(/[^\w.-]/g, "-");
  const full = `${cacheName}-${label}`;
  if (Token.isUnresolved(cacheName) || full.length <= DEPLOYMENT_NAME_MAX) return full;
  const hash = createHash("sha256").update(full).digest("hex").slice(0, 8);
  return `${full.slice(0, DEPLOYMENT_NAME_MAX - hash.length - 1)}-${hash}`;
}

/**
 * The `default` access policy of a Managed Redis database for `principal`, deployed as an ARM
 * template in the cache's resource group. azurerm 4.55 has no resource for Managed Redis access
 * policy assignments (`azurerm_managed_redis_access_policy_assignment` came in 4.60) and the
 * project has no azapi provider: `azurerm_resource_group_template_deployment` is the azurerm
 * resource that creates one, Incremental (nothing else in the group is touched), and deletes it
 * again when the grant is removed (the provider's default, `features.template_deployment.
 * delete_nested_items_during_deletion`). The deployer needs
 * `Microsoft.Cache/redisEnterprise/databases/accessPolicyAssignments/write` (Contributor has it).
 */
function assignAccessPolicy(
  scope: Construct,
  id: string,
  props: { readonly cacheName: string; readonly resourceGroupName: string; readonly principal: IPrincipal; readonly dependsOn: readonly TerraformResource[] },
): ResourceGroupTemplateDeployment {
  return new ResourceGroupTemplateDeployment(scope, id, {
    name: deploymentName(props.cacheName, id),
    resourceGroupName: props.resourceGroupName,
    deploymentMode: "Incremental",
    templateContent: ACCESS_POLICY_TEMPLATE,
    parametersContent: Fn.jsonencode({ clusterName: { value: props.cacheName }, objectId: { value: props.principal.principalId } }),
    dependsOn: props.dependsOn.length ? [...props.dependsOn] : undefined,
  });
}

/**
 * Access grants on a Managed Redis database, shared by a cache created here (`Redis`) and one
 * referenced (`ExistingManagedRedis`): one at a time (Azure updates the database for each;
 * azurerm serializes access policy assignments on a cache too).
 */
export abstract class ManagedRedisBase extends Construct implements IRedis {
  /** ARM id of the cache (Microsoft.Cache/redisEnterprise). */
  abstract readonly id: string;
  abstract readonly name: string;
  /** `<name>.<region>.redis.azure.net`. */
  abstract readonly hostName: string;
  /** 10000, the TLS port of the database. */
  readonly port = MANAGED_REDIS_PORT;
  /** The access policy assignments made so far, by construct id. */
  readonly dataAccessGrants: Record<string, ResourceGroupTemplateDeployment> = {};
  /** The cache's resource group, where the grants' template deployments go. */
  protected abstract readonly resourceGroupName: string;
  /** What the first grant waits for: the cache and its database. */
  protected abstract readonly grantsAfter: readonly TerraformResource[];
  private lastGrant?: ResourceGroupTemplateDeployment;

  /**
   * Entra ID data access for `principal` (an app's managed identity, a group): the database's
   * `default` access policy (full data access; the only policy Managed Redis offers). The app
   * connects as user `<object id>` with a token for `https://redis.azure.com/.default`
   * (`REDIS_ENTRA_TOKEN_SCOPE`), refreshed before it expires (Microsoft's client libraries do).
   * Each grant waits for the previous one.
   */
  grantDataAccess(principal: IPrincipal, id = "DataAccess"): ResourceGroupTemplateDeployment {
    this.checkGrantScope();
    const grant = assignAccessPolicy(this, id, {
      cacheName: this.name,
      resourceGroupName: this.resourceGroupName,
      principal,
      dependsOn: this.lastGrant ? [this.lastGrant] : this.grantsAfter,
    });
    this.dataAccessGrants[id] = grant;
    this.lastGrant = grant;
    return grant;
  }

  /** Throws when a grant cannot be deployed from this stack. */
  protected checkGrantScope(): void {}
}

/**
 * An Azure Managed Redis cache with its one database (`default`): Entra ID authentication only,
 * TLS only, no public endpoint (private endpoints instead), a managed identity, high availability
 * (zone-redundant where the region has zones), and the SKU, persistence, clustering and module
 * combinations Azure rejects refused at synth.
 *
 * Apps connect to `hostName`:`port` (10000) over TLS as user `<their object id>` with an Entra ID
 * token (`grantDataAccess`). Managed Redis has no IP firewall in azurerm 4.55: network access is
 * the private endpoint and the NSGs in front of it (`clientPorts`).
 */
export class Redis extends ManagedRedisBase {
  /**
   * A Managed Redis cache that already exists, by ARM id (`/subscriptions/.../providers/Microsoft.Cache/redisEnterprise/<name>`):
   * `grantDataAccess` assigns access policies on it; nothing else is created.
   */
  static fromId(scope: Construct, id: string, props: ExistingManagedRedisProps): ExistingManagedRedis {
    return new ExistingManagedRedis(scope, id, props);
  }

  /**
   * An Azure Cache for Redis cache (Basic/Standard/Premium, retiring 2028-09-30) that already
   * exists, for apps that keep using it until they move: its host name and TLS port, and Entra
   * ID grants (access policy assignments). New caches are Managed Redis (`new Redis(...)`);
   * the library creates no Azure Cache for Redis.
   */
  static fromCacheId(scope: Construct, id: string, props: ExistingRedisCacheProps): ExistingRedisCache {
    return new ExistingRedisCache(scope, id, props);
  }

  readonly resource: ManagedRedis;
  readonly id: string;
  readonly name: string;
  /** `<name>.<region>.redis.azure.net`. */
  readonly hostName: string;
  /** ARM id of the database (`<id>/databases/default`), where the connection logs are. */
  readonly databaseId: string;
  readonly sku: ManagedRedisSku;
  readonly highAvailability: boolean;
  readonly clusteringPolicy: RedisClusteringPolicy;
  /** Principal id of the cache's identity (the user-assigned one when given). */
  readonly principalId: string;
  readonly privateEndpoints: PrivateEndpoint[];
  /** The diagnostic settings, when `diagnosticSettings` is set: logs on the database, metrics on the cluster. */
  readonly diagnosticSettings: readonly MonitorDiagnosticSetting[];
  protected readonly resourceGroupName: string;
  protected readonly grantsAfter: readonly TerraformResource[];

  constructor(scope: Construct, id: string, props: RedisProps) {
    super(scope, id);
    const path = this.node.path;
    const sku = props.sku ?? "Balanced_B1";
    const clustering = props.clusteringPolicy ?? "OSSCluster";
    const eviction = props.evictionPolicy ?? "VolatileLRU";
    const protocol = props.clientProtocol ?? "Encrypted";
    const accessKeys = props.accessKeysAuthentication ?? false;
    const location = props.location ?? props.resourceGroup.location;
    const info = checkSku(path, sku);
    checkOneOf(path, "clusteringPolicy", clustering, REDIS_CLUSTERING_POLICIES);
    checkOneOf(path, "evictionPolicy", eviction, REDIS_EVICTION_POLICIES);
    checkOneOf(path, "clientProtocol", protocol, ["Encrypted", "Plaintext"]);
    if (info && clustering === "NoCluster" && !info.nonClustered) {
      throw new ValidationError(
        path,
        `clusteringPolicy "NoCluster" is not available on ${show(sku)} (${info.tier}, ${info.sizeGb} GB): Azure offers it on caches of 25 GB or less, not Flash Optimized; use "EnterpriseCluster" for clients without cluster support`,
      );
    }
    if (protocol === "Plaintext" && !accessKeys) {
      throw new ValidationError(path, `clientProtocol "Plaintext" needs accessKeysAuthentication: true (Entra ID authentication works over TLS only, so no client could sign in); keep "Encrypted"`);
    }
    const persistence = checkPersistence(path, props.persistence);
    checkModules(path, props.modules ?? [], info, clustering, eviction);
    if (info?.preview) {
      Annotations.of(this).addWarning(`${sku} (${info.sizeGb} GB) is in public preview (learn.microsoft.com/azure/redis/overview): no SLA until it is generally available`);
    }
    if (info?.tier === "FlashOptimized" && persistence) {
      Annotations.of(this).addWarning(`data persistence on Flash Optimized is in public preview (learn.microsoft.com/azure/redis/how-to-persistence)`);
    }

    this.name = resourceName(this, "managedRedis", props.name, props.instance);
    if (!Token.isUnresolved(this.name) && !Token.isUnresolved(location) && this.name.length + location.length > 63) {
      throw new ValidationError(
        path,
        `name ${show(this.name)} (${this.name.length} characters) and region ${show(location)} together are ${this.name.length + location.length} characters; Azure allows 63 (the host name is <name>.<region>.redis.azure.net); shorten the name`,
      );
    }
    this.sku = sku;
    this.highAvailability = props.highAvailability ?? true;
    this.clusteringPolicy = clustering;
    this.resourceGroupName = props.resourceGroup.name;

    const cmk = props.customerManagedKey;
    if (cmk && !Token.isUnresolved(cmk.keyVaultKeyId) && !/^https:\/\/[^/]+\/keys\/[^/]+\/[^/]+$/.test(cmk.keyVaultKeyId)) {
      throw new ValidationError(path, `customerManagedKey.keyVaultKeyId ${show(cmk.keyVaultKeyId)} is not a versioned key id (expected https://<vault>.vault.azure.net/keys/<key>/<version>, azurerm_key_vault_key.id)`);
    }
    const userAssigned = [...new Set([props.identity?.id, cmk?.identity.id].filter((x): x is string => x !== undefined))];
    const identity: ManagedRedisIdentity = userAssigned.length ? { type: "UserAssigned", identityIds: userAssigned } : { type: "SystemAssigned" };

    this.resource = new ManagedRedis(this, "Resource", {
      name: this.name,
      location,
      resourceGroupName: props.resourceGroup.name,
      skuName: sku,
      highAvailabilityEnabled: this.highAvailability,
      publicNetworkAccess: props.publicNetworkAccess ? "Enabled" : "Disabled",
      identity,
      customerManagedKey: cmk ? { keyVaultKeyId: cmk.keyVaultKeyId, userAssignedIdentityId: cmk.identity.id } : undefined,
      defaultDatabase: {
        clientProtocol: protocol,
        clusteringPolicy: clustering,
        evictionPolicy: eviction,
        accessKeysAuthenticationEnabled: accessKeys,
        persistenceAppendOnlyFileBackupFrequency: persistence?.aof,
        persistenceRedisDatabaseBackupFrequency: persistence?.rdb,
        module: props.modules?.length ? props.modules.map((m) => ({ name: m.name, args: m.args })) : undefined,
      },
    });
    this.id = this.resource.id;
    this.hostName = this.resource.hostname;
    this.databaseId = `${this.resource.id}/databases/default`;
    this.principalId = props.identity ? props.identity.principalId : userAssigned.length ? (cmk as RedisCustomerManagedKey).identity.principalId : this.resource.identity.principalId;
    this.grantsAfter = [this.resource];

    this.privateEndpoints = addPrivateEndpoints(this, props.privateEndpoints, {
      resourceGroup: props.resourceGroup,
      targetLocation: location,
      targetResourceId: this.id,
      target: "managedRedis/redisEnterprise",
      instance: props.instance ? `redis-${props.instance}` : "redis",
    });
    this.diagnosticSettings = props.diagnosticSettings ? this.addDiagnostics(props.diagnosticSettings) : [];
    protect(this, this.resource, props, this.name);
  }

  /**
   * The TCP ports clients need to reach through an NSG: 10000, and 8500-8599 with the
   * `OSSCluster` policy (shard connections), for `destinationPorts` of NSG rules.
   */
  get clientPorts(): readonly string[] {
    return this.clusteringPolicy === "OSSCluster" ? [String(MANAGED_REDIS_PORT), MANAGED_REDIS_OSS_CLUSTER_PORTS] : [String(MANAGED_REDIS_PORT)];
  }

  private addDiagnostics(settings: DiagnosticSettingsProps): MonitorDiagnosticSetting[] {
    const logs = settings.logCategoryGroups ?? ["allLogs"];
    const metrics = settings.metricCategories ?? ["AllMetrics"];
    const result: MonitorDiagnosticSetting[] = [];
    // Azure Monitor has the resource logs (ConnectionEvents) on Microsoft.Cache/redisEnterprise/databases only.
    if (logs.length) result.push(addDiagnosticSetting(this, "Diagnostics", this.databaseId, { ...settings, logCategoryGroups: logs, metricCategories: [] }));
    if (metrics.length) result.push(addDiagnosticSetting(this, "MetricDiagnostics", this.id, { ...settings, logCategoryGroups: [], metricCategories: metrics }));
    return result;
  }
}

/** Throws for a SKU Managed Redis does not have; returns what it offers (undefined for an unresolved token). */
function checkSku(path: string, sku: string): ManagedRedisSkuInfo | undefined {
  if (Token.isUnresolved(sku)) return undefined;
  if ((MANAGED_REDIS_SKUS as readonly string[]).includes(sku)) return managedRedisSkuInfo(sku as ManagedRedisSku);
  let hint = "";
  if (/^Enterprise(Flash)?_/.test(sku)) hint = "; Enterprise and Enterprise Flash SKUs belong to Azure Cache for Redis Enterprise, retiring 2027-03-31";
  else if (/^(Basic|Standard|Premium)$|^[CP]\d$/.test(sku)) hint = `; ${sku} is an Azure Cache for Redis size: Standard C1 (1 GB) is "Balanced_B1", C0 (250 MB) "Balanced_B0"`;
  else {
    const close = didYouMean(sku, MANAGED_REDIS_SKUS);
    if (close) hint = `; did you mean ${show(close)}?`;
  }
  throw new ValidationError(path, `sku ${show(sku)} is not an Azure Managed Redis SKU${hint} (allowed: Balanced_B0-B1000, MemoryOptimized_M10-M2000, ComputeOptimized_X3-X700, FlashOptimized_A250-A4500; MANAGED_REDIS_SKUS lists them)`);
}

function checkOneOf(path: string, prop: string, value: string, allowed: readonly string[]): void {
  if (Token.isUnresolved(value) || allowed.includes(value)) return;
  const close = didYouMean(value, allowed);
  throw new ValidationError(path, `${prop} ${show(value)} is not allowed${close ? `; did you mean ${show(close)}?` : ""} (allowed: ${allowed.join(", ")})`);
}

/** The persistence Azure accepts: one method, one of its frequencies. */
function checkPersistence(path: string, persistence: RedisPersistence | undefined): RedisPersistence | undefined {
  if (!persistence) return undefined;
  const { aof, rdb } = persistence;
  if (aof !== undefined && rdb !== undefined) {
    throw new ValidationError(path, `persistence has both aof ${show(aof)} and rdb ${show(rdb)}; Azure Managed Redis persists with one method: choose aof (about 1 s of writes at risk, more CPU) or rdb (snapshots)`);
  }
  if (aof !== undefined && !Token.isUnresolved(aof) && !(REDIS_AOF_FREQUENCIES as readonly string[]).includes(aof)) {
    throw new ValidationError(path, `persistence.aof ${show(aof)} is not offered (allowed: "1s", the only AOF frequency)`);
  }
  if (rdb !== undefined && !Token.isUnresolved(rdb) && !(REDIS_RDB_FREQUENCIES as readonly string[]).includes(rdb)) {
    throw new ValidationError(path, `persistence.rdb ${show(rdb)} is not an RDB snapshot frequency Azure offers (allowed: "1h", "6h", "12h")`);
  }
  return aof === undefined && rdb === undefined ? undefined : persistence;
}

/** The module combinations Azure and azurerm refuse. */
function checkModules(path: string, modules: readonly RedisModule[], info: ManagedRedisSkuInfo | undefined, clustering: string, eviction: string): void {
  const seen = new Set<string>();
  for (const module of modules) {
    checkOneOf(path, "module name", module.name, REDIS_MODULES);
    if (seen.has(module.name)) throw new ValidationError(path, `module ${show(module.name)} is listed twice`);
    seen.add(module.name);
    if (info && !info.modules.includes(module.name)) {
      throw new ValidationError(path, `module ${show(module.name)} is not available on ${show(info.sku)}: Flash Optimized offers RedisJSON only (use a Memory Optimized, Balanced or Compute Optimized SKU)`);
    }
    if (module.name === "RediSearch") {
      if (!Token.isUnresolved(clustering) && clustering !== "EnterpriseCluster") {
        throw new ValidationError(path, `module "RediSearch" needs clusteringPolicy "EnterpriseCluster" (got ${show(clustering)})`);
      }
      if (!Token.isUnresolved(eviction) && eviction !== "NoEviction") {
        throw new ValidationError(path, `module "RediSearch" needs evictionPolicy "NoEviction" (got ${show(eviction)})`);
      }
    }
  }
}

export interface ExistingManagedRedisProps {
  /** ARM id (`/subscriptions/<sub>/resourceGroups/<group>/providers/Microsoft.Cache/redisEnterprise/<name>`); a Terraform reference is accepted. */
  readonly managedRedisId: string;
  /**
   * The cache's region (ARM name), for its host name `<name>.<region>.redis.azure.net`.
   * @default - read from an `azurerm_managed_redis` data source when `hostName` is first read
   */
  readonly location?: string;
}

/** A Managed Redis cache that already exists (`Redis.fromId`): its host name, port and Entra ID grants. */
export class ExistingManagedRedis extends ManagedRedisBase {
  readonly id: string;
  readonly name: string;
  protected readonly resourceGroupName: string;
  protected readonly grantsAfter: readonly TerraformResource[] = [];
  private readonly location?: string;
  private readonly subscriptionId: string;
  private lookup?: DataAzurermManagedRedis;

  constructor(scope: Construct, id: string, props: ExistingManagedRedisProps) {
    super(scope, id);
    const parsed = parseResourceId(this.node.path, "managedRedisId", props.managedRedisId, MANAGED_REDIS_KIND);
    if (props.location !== undefined) checkRegion(this.node.path, "location", props.location);
    this.id = props.managedRedisId;
    this.name = parsed.name;
    this.resourceGroupName = parsed.resourceGroupName;
    this.subscriptionId = parsed.subscriptionId;
    this.location = props.location;
  }

  /** The grant's template deployment goes into the stack's subscription, so the cache must be in it. */
  protected checkGrantScope(): void {
    const stackSubscription = AzureStack.find(this)?.subscriptionId;
    if (stackSubscription === undefined || Token.isUnresolved(this.subscriptionId) || Token.isUnresolved(stackSubscription)) return;
    if (this.subscriptionId.toLowerCase() === stackSubscription.toLowerCase()) return;
    throw new ValidationError(
      this.node.path,
      `Managed Redis cache ${show(this.name)} is in subscription ${this.subscriptionId}, and grantDataAccess deploys into the stack's subscription ${stackSubscription}; grant access from a stack in the cache's subscription`,
    );
  }

  /** `<name>.<region>.redis.azure.net`: from `location`, else the data source's `hostname`. */
  get hostName(): string {
    if (this.location !== undefined) return `${this.name}.${this.location}.redis.azure.net`;
    if (!this.lookup) {
      checkLookupSubscription(this, this.subscriptionId, `Managed Redis cache ${show(this.name)}`, "give its location");
      this.lookup = new DataAzurermManagedRedis(this, "Lookup", { name: this.name, resourceGroupName: this.resourceGroupName });
    }
    return this.lookup.hostname;
  }
}

/** Built-in data access policies of Azure Cache for Redis. */
export type RedisCacheAccessPolicy = "Data Owner" | "Data Contributor" | "Data Reader";

export interface ExistingRedisCacheProps {
  /** ARM id (`/subscriptions/<sub>/resourceGroups/<group>/providers/Microsoft.Cache/redis/<name>`); a Terraform reference is accepted. */
  readonly cacheId: string;
  /**
   * The access policy `grantDataAccess` assigns. The cache must have Entra ID authentication on
   * (`redis_configuration.active_directory_authentication_enabled`).
   * @default "Data Contributor" (read and write, no administrative commands)
   */
  readonly accessPolicy?: RedisCacheAccessPolicy;
}

/**
 * An Azure Cache for Redis cache that already exists (`Redis.fromCacheId`): host name, TLS port
 * 6380 and Entra ID grants, for apps that use it until they move to Managed Redis. Kept to a
 * reference because it costs little; the library creates no Azure Cache for Redis (retiring
 * 2028-09-30, closed to new customers since 2026-04-01).
 */
export class ExistingRedisCache extends Construct implements IRedis {
  readonly id: string;
  readonly name: string;
  /** `<name>.redis.cache.windows.net`. */
  readonly hostName: string;
  readonly port = REDIS_CACHE_TLS_PORT;
  readonly accessPolicy: RedisCacheAccessPolicy;
  readonly dataAccessGrants: Record<string, RedisCacheAccessPolicyAssignment> = {};

  constructor(scope: Construct, id: string, props: ExistingRedisCacheProps) {
    super(scope, id);
    const parsed = parseResourceId(this.node.path, "cacheId", props.cacheId, REDIS_CACHE_KIND);
    this.id = props.cacheId;
    this.name = parsed.name;
    this.hostName = `${parsed.name}.redis.cache.windows.net`;
    this.accessPolicy = props.accessPolicy ?? "Data Contributor";
    checkOneOf(this.node.path, "accessPolicy", this.accessPolicy, ["Data Owner", "Data Contributor", "Data Reader"]);
  }

  /**
   * The cache's access policy (`accessPolicy`) for `principal`, named and aliased by its object
   * id: it connects as user `<object id>` with a token for `https://redis.azure.com/.default`.
   */
  grantDataAccess(principal: IPrincipal, id = "DataAccess"): RedisCacheAccessPolicyAssignment {
    const grant = new RedisCacheAccessPolicyAssignment(this, id, {
      name: principal.principalId,
      redisCacheId: this.id,
      accessPolicyName: this.accessPolicy,
      objectId: principal.principalId,
      objectIdAlias: principal.principalId,
    });
    this.dataAccessGrants[id] = grant;
    return grant;
  }
}
