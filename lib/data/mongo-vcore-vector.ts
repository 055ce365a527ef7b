import { MongoCluster } from "@cdktf/provider-azurerm/lib/mongo-cluster";
import { MongoClusterFirewallRule } from "@cdktf/provider-azurerm/lib/mongo-cluster-firewall-rule";
import { MongoClusterUser } from "@cdktf/provider-azurerm/lib/mongo-cluster-user";
import { Lazy, TerraformOutput, Token } from "cdktf";
import { Construct } from "constructs";
import * as ipaddr from "ipaddr.js";
import { resourceName } from "../core/azure-stack";
import { checkUnique, checkWholeNumber } from "../core/checks";
import { AZURE_REGIONS, region } from "../core/regions";
import { ValidationError } from "../core/errors";
import { type IPrincipal, type IResourceGroup, type ProtectionProps, protect } from "../core/interfaces";
import type { PrivateEndpointProps } from "../network/interfaces";
import { type PrivateEndpoint, addPrivateEndpoints } from "../network/private-endpoint";
import type { IKeyVault, VaultSecret } from "../security/key-vault";

/*
 * Sources (read 2026-11):
 * - azurerm 4.55 `azurerm_mongo_cluster`, `azurerm_mongo_cluster_firewall_rule`, `azurerm_mongo_cluster_user`
 *   (hashicorp/terraform-provider-azurerm website/docs/r/mongo_cluster*.html.markdown and
 *   internal/services/mongocluster/*.go): argument names, allowed values, and the provider's own
 *   rule that Free and M25 have no HA and one shard.
 * - Microsoft Learn, Azure DocumentDB (formerly Azure Cosmos DB for MongoDB vCore):
 *   "Service limits and quotas" (learn.microsoft.com/azure/documentdb/limitations, 2025-11-05),
 *   "Compute and storage configurations" (.../documentdb/compute-storage),
 *   "Free tier" (.../documentdb/free-tier), "Integrated vector store" (.../documentdb/vector-search,
 *   2025-11-05), "Connect using role-based access control and Microsoft Entra ID"
 *   (.../documentdb/how-to-connect-role-based-access-control).
 */

/** Compute tiers `compute_tier` accepts (azurerm 4.55); vCores and RAM per shard in the compute-storage page. */
export const MONGO_COMPUTE_TIERS = ["Free", "M10", "M20", "M25", "M30", "M40", "M50", "M60", "M80", "M200"] as const;
export type MongoComputeTier = (typeof MONGO_COMPUTE_TIERS)[number];

/** Burstable tiers: one shard, no in-region HA, 32/64/128 GiB ("Service limits", Tier limits). */
const BURSTABLE_TIERS: readonly string[] = ["M10", "M20", "M25"];

/** Storage sizes per shard, in GiB (compute-storage page; the provider accepts 32-32768). */
export const MONGO_STORAGE_SIZES_GB = [32, 64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384, 32768] as const;
export type MongoStorageSizeGb = (typeof MONGO_STORAGE_SIZES_GB)[number];

/** Sizes the burstable tiers offer; the Free tier has 32 GiB only. */
const BURSTABLE_STORAGE_SIZES_GB: readonly number[] = [32, 64, 128];

/** `version` values azurerm 4.55 accepts. */
export const MONGO_SERVER_VERSIONS = ["5.0", "6.0", "7.0", "8.0"] as const;
export type MongoServerVersion = (typeof MONGO_SERVER_VERSIONS)[number];

/**
 * `high_availability_mode` values azurerm 4.55 accepts. `ZoneRedundantPreferred` puts a standby of
 * every shard in another availability zone where the region has zones (same zone otherwise).
 */
export type MongoHighAvailability = "Disabled" | "ZoneRedundantPreferred";

/** Physical shards per cluster ("Service limits": maximum 10; more through a support ticket). */
export const MONGO_MAX_SHARDS = 10;

/** Vector index algorithms of the integrated vector store (`cosmosSearchOptions.kind`). */
export const VECTOR_INDEX_KINDS = ["vector-hnsw", "vector-ivf", "vector-diskann"] as const;
export type VectorIndexKind = (typeof VECTOR_INDEX_KINDS)[number];

/** Similarity metrics: cosine, Euclidean distance, inner product. */
export const VECTOR_SIMILARITIES = ["COS", "L2", "IP"] as const;
export type VectorSimilarity = (typeof VECTOR_SIMILARITIES)[number];

/**
 * Largest vector the service indexes without compression, for every kind ("Integrated vector
 * store", Features and limitations: 2,000; half precision raises HNSW/IVF to 4,000 and product
 * quantization DiskANN to 16,000, options this spec does not model).
 */
export const VECTOR_MAX_DIMENSIONS = 2000;

/**
 * Kinds that need a dedicated (non-burstable) tier: "HNSW and DiskANN are available on M30 and
 * greater cluster tiers" ("Service limits", Vector search limitations, and the vector-search page).
 * The same limits page's Free-tier list says "available in M40+" for HNSW; the vector pages and the
 * vector limits section agree on M30, which is what this library enforces.
 */
const GRAPH_INDEX_KINDS: readonly string[] = ["vector-hnsw", "vector-diskann"];
const GRAPH_INDEX_TIERS: readonly string[] = ["M30", "M40", "M50", "M60", "M80", "M200"];

interface VectorIndexSpecBase {
  /** Database holding the collection. */
  readonly database: string;
  /** Collection to index. */
  readonly collection: string;
  /** Index name, unique within the collection. */
  readonly name: string;
  /**
   * Dot-notation path of the property holding the vector (a `number[]`), e.g. `embeddings.vector`.
   * One vector index per path.
   */
  readonly path: string;
  /** Length of the vectors (1536 for text-embedding-ada-002 and text-embedding-3-small); 1-2000. */
  readonly dimensions: number;
  /** @default "COS" */
  readonly similarity?: VectorSimilarity;
}

/** A graph index; needs compute tier M30 or higher. */
export interface HnswVectorIndexSpec extends VectorIndexSpecBase {
  readonly kind: "vector-hnsw";
  /** Maximum connections per layer, 2-100. @default 16 */
  readonly m?: number;
  /** Candidate list size while building, 4-1000 and at least `2 * m`. @default 64 */
  readonly efConstruction?: number;
}

/** An inverted-file index; available on every tier. */
export interface IvfVectorIndexSpec extends VectorIndexSpecBase {
  readonly kind: "vector-ivf";
  /**
   * Number of clusters the vectors are grouped into. Microsoft recommends `documentCount / 1000`
   * up to a million documents; 1 is an exact (brute-force) search.
   * @default 1
   */
  readonly numLists?: number;
}

/** A DiskANN index; needs compute tier M30 or higher. */
export interface DiskAnnVectorIndexSpec extends VectorIndexSpecBase {
  readonly kind: "vector-diskann";
  /** Maximum edges per node, 20-2048. @default 32 */
  readonly maxDegree?: number;
  /** Candidate neighbours evaluated while building, 10-500. @default 50 */
  readonly lBuild?: number;
}

/**
 * A vector index of the integrated vector store. Azure Resource Manager cannot create it (it is
 * data-plane state), so the construct checks it at synth and publishes the `createIndexes`
 * command a post-deploy step runs.
 */
export type VectorIndexSpec = HnswVectorIndexSpec | IvfVectorIndexSpec | DiskAnnVectorIndexSpec;

/** `cosmosSearchOptions` of one vector index, as the service takes them. */
export interface CosmosSearchOptions {
  readonly kind: VectorIndexKind;
  readonly m?: number;
  readonly efConstruction?: number;
  readonly numLists?: number;
  readonly maxDegree?: number;
  readonly lBuild?: number;
  readonly similarity: VectorSimilarity;
  readonly dimensions: number;
}

/** The `createIndexes` command document for one vector index. */
export interface CreateVectorIndexCommand {
  readonly createIndexes: string;
  readonly indexes: ReadonlyArray<{
    readonly name: string;
    readonly key: Readonly<Record<string, "cosmosSearch">>;
    readonly cosmosSearchOptions: CosmosSearchOptions;
  }>;
}

/** A command to run against `database`: `db.getSiblingDB(database).runCommand(command)`. */
export interface VectorIndexCommand {
  readonly database: string;
  readonly command: CreateVectorIndexCommand;
}

export interface MongoVcoreFirewallRule {
  /** 1-80 letters, digits, periods, hyphens and underscores, starting with a letter or digit. */
  readonly name: string;
  /** An IPv4 CIDR; converted to the start/end addresses Azure takes. */
  readonly cidr: string;
}

export interface MongoVcoreVectorProps extends ProtectionProps {
  readonly resourceGroup: IResourceGroup;
  /** @default - generated: `cosmon-<workload>-<env>-<region>[-<instance>]-<suffix>` (globally unique, 3-40 characters) */
  readonly name?: string;
  /** Distinguishes several clusters in one stack, in generated names. @default - none */
  readonly instance?: string;
  /** @default - the resource group's location */
  readonly location?: string;
  /**
   * Cluster tier of every shard. `Free`, `M10`, `M20` and `M25` have one shard, no HA and at most
   * 128 GiB (Free: 32 GiB), and cannot build HNSW or DiskANN indexes.
   * @default "M30" (the smallest tier with HA and graph vector indexes)
   */
  readonly computeTier?: MongoComputeTier;
  /** Storage of every shard, in GiB. It can grow later, never shrink. @default - 32 on the Free tier, else 128 */
  readonly storageSizeGb?: MongoStorageSizeGb;
  /** Physical shards, 1-10 (1 on Free and burstable tiers). Fixed at creation (changing it recreates the cluster). @default 1 */
  readonly shardCount?: number;
  /** In-region HA: a standby for every shard. Not on Free, M10, M20 or M25. @default "Disabled" */
  readonly highAvailability?: MongoHighAvailability;
  /** MongoDB wire-protocol version. @default "8.0" */
  readonly serverVersion?: MongoServerVersion;
  /** Reachable from public networks (through `firewallRules` only). @default false */
  readonly publicNetworkAccess?: boolean;
  /** Public IPv4 ranges allowed in. Requires publicNetworkAccess. @default - none */
  readonly firewallRules?: readonly MongoVcoreFirewallRule[];
  /** Private endpoints (sub-resource `MongoCluster`, zone `privatelink.mongocluster.cosmos.azure.com`). @default - none */
  readonly privateEndpoints?: readonly PrivateEndpointProps[];
  /** Native administrator. Fixed at creation. @default "mongoadmin" */
  readonly administratorUsername?: string;
  /** Vault that receives the generated administrator password and the connection string. */
  readonly passwordVault: IKeyVault;
  /** @default "mongo-admin-password" */
  readonly passwordSecretName?: string;
  /** Secret holding the administrator connection string (it embeds the password). @default "mongo-connection-string" */
  readonly connectionStringSecretName?: string;
  /**
   * Microsoft Entra ID authentication alongside native authentication (Azure requires native
   * authentication at creation). Register principals with `addEntraAdministrator`.
   * @default - true, except on the Free tier, which has no Entra ID
   */
  readonly entraAuthentication?: boolean;
  /** Vector indexes to publish for the post-deploy step; see `vectorIndexCommands()`. @default - none */
  readonly vectorIndexes?: readonly VectorIndexSpec[];
  /**
   * A read-only replica of the cluster in another region, for disaster recovery (cross-region
   * replication): replicated asynchronously, promoted to read-write when the primary region
   * fails, so the recovery point is the replication lag. Same tier and storage as the primary,
   * billed as a full cluster. azurerm creates a replica only when the primary has
   * `preview_features = ["GeoReplicas"]`, which is fixed at creation (adding it later replaces the
   * primary). The replica keeps public access off and has no private endpoint until it is
   * promoted (learn.microsoft.com/azure/documentdb/cross-region-replication).
   * @default - none
   */
  readonly geoReplica?: { readonly location: string };
}

/** azurerm 4.55 `azurerm_mongo_cluster_firewall_rule` name rule. */
const FIREWALL_RULE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Azure Cosmos DB for MongoDB vCore (Azure DocumentDB) as a vector store: a private cluster with a
 * generated administrator password and the connection string kept in Key Vault, Entra ID
 * authentication, the tier, HA, shard and storage combinations Azure accepts (checked at synth),
 * and vector indexes as typed definitions. ARM cannot create indexes, so the construct publishes
 * each index's `createIndexes` command in a non-sensitive output for a post-deploy step:
 *
 * ```sh
 * INDEXES="$(terraform output -raw <vectorIndexesOutputName>)" mongosh "$CONNECTION_STRING" --quiet --eval '
 *   for (const c of JSON.parse(process.env.INDEXES))
 *     printjson(db.getSiblingDB(c.database).runCommand(c.command));'
 * ```
 *
 * As in MongoDB, re-running the command for an index that exists with the same definition does
 * nothing, and a changed definition under an existing name is rejected: drop the index
 * (`dropIndexes`) and run the command again.
 */
export class MongoVcoreVector extends Construct {
  readonly resource: MongoCluster;
  readonly id: string;
  readonly name: string;
  readonly computeTier: MongoComputeTier;
  readonly administratorUsername: string;
  /** The administrator password, as a Key Vault secret. */
  readonly passwordSecret: VaultSecret;
  /** The administrator connection string (password included), as a Key Vault secret. */
  readonly connectionStringSecret: VaultSecret;
  readonly entraAuthentication: boolean;
  readonly firewallRules: Record<string, MongoClusterFirewallRule> = {};
  readonly privateEndpoints: PrivateEndpoint[];
  readonly entraAdministrators: MongoClusterUser[] = [];
  /** The cross-region replica, when `geoReplica` is set. */
  readonly replica?: MongoCluster;
  private readonly vectorIndexes: Array<Required<VectorIndexSpecBase> & { readonly options: CosmosSearchOptions }> = [];
  private output?: TerraformOutput;

  constructor(scope: Construct, id: string, props: MongoVcoreVectorProps) {
    super(scope, id);
    const path = this.node.path;
    const tier = props.computeTier ?? "M30";
    this.computeTier = tier;
    const tierKnown = !Token.isUnresolved(tier);
    const free = tier === "Free";
    const small = free || BURSTABLE_TIERS.includes(tier);
    const storage = props.storageSizeGb ?? (free ? 32 : 128);
    const shards = props.shardCount ?? 1;
    const ha = props.highAvailability ?? "Disabled";
    this.entraAuthentication = props.entraAuthentication ?? !free;
    const location = props.location ?? props.resourceGroup.location;

    if (!Token.isUnresolved(storage)) {
      if (!(MONGO_STORAGE_SIZES_GB as readonly number[]).includes(storage)) {
        throw new ValidationError(path, `storageSizeGb ${storage} is not a size Azure offers (allowed: ${MONGO_STORAGE_SIZES_GB.join(", ")})`);
      }
      const allowed = free ? [32] : BURSTABLE_TIERS.includes(tier) ? BURSTABLE_STORAGE_SIZES_GB : undefined;
      if (tierKnown && allowed && !allowed.includes(storage)) {
        throw new ValidationError(path, `storageSizeGb ${storage} is not available on compute tier ${JSON.stringify(tier)} (allowed: ${allowed.join(", ")})`);
      }
    }
    checkWholeNumber(path, "shardCount", shards, 1, MONGO_MAX_SHARDS);
    if (tierKnown && small && !Token.isUnresolved(shards) && shards > 1) {
      throw new ValidationError(path, `shardCount ${shards} is not available on compute tier ${JSON.stringify(tier)} (allowed: 1; use M30 or higher for more shards)`);
    }
    if (tierKnown && small && ha !== "Disabled") {
      throw new ValidationError(path, `highAvailability ${JSON.stringify(ha)} is not available on compute tier ${JSON.stringify(tier)} (allowed: "Disabled"; use M30 or higher for HA)`);
    }
    if (tierKnown && free && this.entraAuthentication) {
      throw new ValidationError(path, `entraAuthentication true is not available on compute tier "Free" (allowed: false)`);
    }
    if (!props.publicNetworkAccess && props.firewallRules?.length) {
      throw new ValidationError(path, "firewallRules need publicNetworkAccess: true");
    }
    const replicaLocation = props.geoReplica?.location;
    if (replicaLocation !== undefined && !Token.isUnresolved(replicaLocation)) {
      if (tierKnown && free) throw new ValidationError(path, `geoReplica is not available on compute tier "Free" (allowed: M10 or higher)`);
      if (!AZURE_REGIONS.has(replicaLocation)) throw new ValidationError(path, `geoReplica.location ${JSON.stringify(replicaLocation)} is not a known Azure region`);
      if (!Token.isUnresolved(location) && replicaLocation === location) {
        throw new ValidationError(path, `geoReplica.location ${JSON.stringify(replicaLocation)} is the cluster's own region (allowed: another region, for disaster recovery)`);
      }
    }

    this.name = resourceName(this, "mongoCluster", props.name, props.instance);
    this.administratorUsername = props.administratorUsername ?? "mongoadmin";
    const password = props.passwordVault.addGeneratedSecret(`${id}AdminPassword`, {
      name: props.passwordSecretName ?? "mongo-admin-password",
      length: 32,
      // Letters and digits only: the password is embedded in the connection string URI.
      special: false,
    });
    this.passwordSecret = password;
    this.resource = new MongoCluster(this, "Resource", {
      name: this.name,
      location,
      resourceGroupName: props.resourceGroup.name,
      computeTier: tier,
      storageSizeInGb: storage,
      shardCount: shards,
      highAvailabilityMode: ha,
      version: props.serverVersion ?? "8.0",
      administratorUsername: this.administratorUsername,
      administratorPassword: password.value,
      // Azure requires native authentication at creation; Entra ID is added next to it.
      authenticationMethods: this.entraAuthentication ? ["NativeAuth", "MicrosoftEntraID"] : ["NativeAuth"],
      publicNetworkAccess: props.publicNetworkAccess ? "Enabled" : "Disabled",
      previewFeatures: props.geoReplica ? ["GeoReplicas"] : undefined,
    });
    this.id = this.resource.id;
    if (replicaLocation !== undefined) {
      const replicaRegion = Token.isUnresolved(replicaLocation) ? "geo" : region(replicaLocation).short;
      const replicaScope = new Construct(this, "GeoReplica");
      const replicaName = resourceName(replicaScope, "mongoCluster", undefined, [props.instance, replicaRegion].filter(Boolean).join("-"));
      this.replica = new MongoCluster(replicaScope, "Resource", {
        name: replicaName,
        location: replicaLocation,
        resourceGroupName: props.resourceGroup.name,
        createMode: "GeoReplica",
        sourceServerId: this.id,
        sourceLocation: location,
        publicNetworkAccess: "Disabled",
        // The replica takes these from its source (the provider's documented example).
        lifecycle: { ignoreChanges: ["administrator_username", "high_availability_mode", "preview_features", "shard_count", "storage_size_in_gb", "compute_tier", "version"] },
      });
      protect(replicaScope, this.replica, props, replicaName);
    }
    this.connectionStringSecret = props.passwordVault.addSecret(`${id}ConnectionString`, {
      name: props.connectionStringSecretName ?? "mongo-connection-string",
      // The provider fills the API's <user>:<password> placeholder from the administrator credentials.
      value: this.resource.connectionStrings.get(0).value,
      contentType: "MongoDB connection string (administrator, native authentication)",
    });

    for (const rule of props.firewallRules ?? []) this.addFirewallRule(rule);
    this.privateEndpoints = addPrivateEndpoints(this, props.privateEndpoints, {
      resourceGroup: props.resourceGroup,
      targetLocation: location,
      targetResourceId: this.id,
      target: "mongoCluster/MongoCluster",
      instance: props.instance ? `mongo-${props.instance}` : "mongo",
    });
    for (const spec of props.vectorIndexes ?? []) this.addVectorIndex(spec);
    protect(this, this.resource, props, this.name);
  }

  /** A firewall rule admitting a public IPv4 range (the cluster must allow public network access). */
  private addFirewallRule(rule: MongoVcoreFirewallRule): MongoClusterFirewallRule {
    const path = this.node.path;
    if (!Token.isUnresolved(rule.name) && !FIREWALL_RULE_NAME.test(rule.name)) {
      throw new ValidationError(path, `firewall rule name ${JSON.stringify(rule.name)} is not allowed (allowed: 1-80 letters, digits, periods, hyphens and underscores, starting with a letter or digit)`);
    }
    checkUnique(path, "firewall rule", rule.name, this.firewallRules);
    let start = rule.cidr;
    let end = rule.cidr;
    if (!Token.isUnresolved(rule.cidr)) {
      if (!ipaddr.IPv4.isValidCIDR(rule.cidr)) throw new ValidationError(path, `firewall rule ${JSON.stringify(rule.name)}: ${JSON.stringify(rule.cidr)} is not an IPv4 CIDR`);
      const [address, prefix] = rule.cidr.split("/");
      start = ipaddr.IPv4.networkAddressFromCIDR(rule.cidr).toString();
      if (start !== address) {
        throw new ValidationError(path, `firewall rule ${JSON.stringify(rule.name)}: ${JSON.stringify(rule.cidr)} has host bits set (did you mean ${start}/${prefix}?)`);
      }
      end = ipaddr.IPv4.broadcastAddressFromCIDR(rule.cidr).toString();
    }
    const resource = new MongoClusterFirewallRule(this, `Firewall-${rule.name}`, {
      name: rule.name,
      mongoClusterId: this.id,
      startIpAddress: start,
      endIpAddress: end,
    });
    this.firewallRules[rule.name] = resource;
    return resource;
  }

  /**
   * Registers an Entra ID principal (a managed identity, an app, a user; not a group, which the
   * service does not support) as a cluster administrator: the `root` role on `admin`, the only
   * role azurerm 4.55 and the API offer. Needs `entraAuthentication`.
   */
  addEntraAdministrator(principal: IPrincipal, id = "EntraAdministrator"): MongoClusterUser {
    const path = this.node.path;
    if (!this.entraAuthentication) throw new ValidationError(path, "addEntraAdministrator needs entraAuthentication: true");
    const type = principal.principalType ?? "ServicePrincipal";
    if (type !== "ServicePrincipal" && type !== "User") {
      throw new ValidationError(path, `Entra administrator principalType ${JSON.stringify(type)} is not supported (allowed: "ServicePrincipal", "User"; the service does not accept Entra ID groups)`);
    }
    if (!Token.isUnresolved(principal.principalId) && !UUID.test(principal.principalId)) {
      throw new ValidationError(path, `Entra administrator principalId ${JSON.stringify(principal.principalId)} is not an object id (allowed: a UUID)`);
    }
    const user = new MongoClusterUser(this, id, {
      mongoClusterId: this.id,
      objectId: principal.principalId,
      identityProviderType: "MicrosoftEntraID",
      principalType: type === "User" ? "user" : "servicePrincipal",
      role: [{ database: "admin", name: "root" }],
    });
    this.entraAdministrators.push(user);
    return user;
  }

  /**
   * Checks a vector index against the service's limits and this cluster's tier, and adds its
   * `createIndexes` command to `vectorIndexCommands()` and the `vector_indexes` output.
   */
  addVectorIndex(spec: VectorIndexSpec): VectorIndexCommand {
    const path = this.node.path;
    const { database, collection, name } = spec;
    const i = this.vectorIndexes.length;
    if ([database, collection, name, spec.path].some((s) => typeof s !== "string" || (!Token.isUnresolved(s) && s.length === 0))) {
      throw new ValidationError(path, `vectorIndexes[${i}]: database, collection, name and path must be non-empty strings`);
    }
    const what = `vector index ${JSON.stringify(name)} on ${database}.${collection}`;
    if (!(VECTOR_INDEX_KINDS as readonly string[]).includes(spec.kind)) {
      throw new ValidationError(path, `${what}: kind ${JSON.stringify(spec.kind)} is not a vector index kind (allowed: ${VECTOR_INDEX_KINDS.map((k) => JSON.stringify(k)).join(", ")})`);
    }
    const similarity = spec.similarity ?? "COS";
    if (!Token.isUnresolved(similarity) && !(VECTOR_SIMILARITIES as readonly string[]).includes(similarity)) {
      throw new ValidationError(path, `${what}: similarity ${JSON.stringify(similarity)} is not allowed (allowed: ${VECTOR_SIMILARITIES.map((k) => JSON.stringify(k)).join(", ")})`);
    }
    if (!Token.isUnresolved(spec.path) && !spec.path.split(".").every((segment) => segment.length > 0 && !segment.startsWith("$"))) {
      throw new ValidationError(path, `${what}: path ${JSON.stringify(spec.path)} is not a field path (allowed: dot-separated field names, none empty or starting with "$")`);
    }
    checkWholeNumber(path, `${what}: dimensions`, spec.dimensions, 1, VECTOR_MAX_DIMENSIONS);
    if (!Token.isUnresolved(this.computeTier) && GRAPH_INDEX_KINDS.includes(spec.kind) && !GRAPH_INDEX_TIERS.includes(this.computeTier)) {
      throw new ValidationError(path, `${what}: kind ${JSON.stringify(spec.kind)} is not available on compute tier ${JSON.stringify(this.computeTier)} (allowed on M30 and higher; "vector-ivf" works on every tier)`);
    }
    let options: CosmosSearchOptions;
    switch (spec.kind) {
      case "vector-hnsw": {
        const m = spec.m ?? 16;
        const efConstruction = spec.efConstruction ?? 64;
        checkWholeNumber(path, `${what}: m`, m, 2, 100);
        checkWholeNumber(path, `${what}: efConstruction`, efConstruction, 4, 1000);
        if (!Token.isUnresolved(m) && !Token.isUnresolved(efConstruction) && efConstruction < 2 * m) {
          throw new ValidationError(path, `${what}: efConstruction ${efConstruction} is less than 2 * m (m is ${m}; allowed: ${Math.max(4, 2 * m)} to 1000)`);
        }
        options = { kind: spec.kind, m, efConstruction, similarity, dimensions: spec.dimensions };
        break;
      }
      case "vector-ivf": {
        const numLists = spec.numLists ?? 1;
        if (!Token.isUnresolved(numLists) && (!Number.isInteger(numLists) || numLists < 1)) {
          throw new ValidationError(path, `${what}: numLists ${numLists} is not allowed (allowed: a whole number of at least 1)`);
        }
        options = { kind: spec.kind, numLists, similarity, dimensions: spec.dimensions };
        break;
      }
      case "vector-diskann": {
        const maxDegree = spec.maxDegree ?? 32;
        const lBuild = spec.lBuild ?? 50;
        checkWholeNumber(path, `${what}: maxDegree`, maxDegree, 20, 2048);
        checkWholeNumber(path, `${what}: lBuild`, lBuild, 10, 500);
        options = { kind: spec.kind, maxDegree, lBuild, similarity, dimensions: spec.dimensions };
        break;
      }
    }
    for (const other of this.vectorIndexes) {
      if (other.database !== database || other.collection !== collection) continue;
      if (other.name === name) throw new ValidationError(path, `${what} is defined twice`);
      if (other.path === spec.path) {
        throw new ValidationError(path, `${what}: path ${JSON.stringify(spec.path)} already has vector index ${JSON.stringify(other.name)} (one vector index per path)`);
      }
    }
    this.vectorIndexes.push({ database, collection, name, path: spec.path, dimensions: spec.dimensions, similarity, options });
    this.output ??= new TerraformOutput(this, "vector_indexes", {
      value: Lazy.stringValue({ produce: () => JSON.stringify(this.vectorIndexCommands()) }),
      description: `createIndexes commands for the vector indexes of ${this.name}, as JSON: run each with db.getSiblingDB(database).runCommand(command)`,
      sensitive: false,
    });
    return commandFor(this.vectorIndexes[this.vectorIndexes.length - 1]);
  }

  /** The `createIndexes` command of every vector index, one per index, in the order they were added. */
  vectorIndexCommands(): VectorIndexCommand[] {
    return this.vectorIndexes.map(commandFor);
  }

  /** The output carrying `vectorIndexCommands()` as JSON; undefined while the cluster has no vector index. */
  get vectorIndexesOutput(): TerraformOutput | undefined {
    return this.output;
  }

  /** The output's name for `terraform output -raw <name>` (`<id>_vector_indexes_<hash>`); undefined without vector indexes. */
  get vectorIndexesOutputName(): string | undefined {
    return this.output?.friendlyUniqueId;
  }
}

function commandFor(index: { readonly database: string; readonly collection: string; readonly name: string; readonly path: string; readonly options: CosmosSearchOptions }): VectorIndexCommand {
  return {
    database: index.database,
    command: {
      createIndexes: index.collection,
      indexes: [{ name: index.name, key: { [index.path]: "cosmosSearch" }, cosmosSearchOptions: index.options }],
    },
  };
}
