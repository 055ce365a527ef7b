import { CosmosdbAccount } from "@cdktf/provider-azurerm/lib/cosmosdb-account";
import { CosmosdbMongoCollection } from "@cdktf/provider-azurerm/lib/cosmosdb-mongo-collection";
import { CosmosdbMongoDatabase } from "@cdktf/provider-azurerm/lib/cosmosdb-mongo-database";
import type { MonitorDiagnosticSetting } from "@cdktf/provider-azurerm/lib/monitor-diagnostic-setting";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { resourceName } from "../core/azure-stack";
import { checkRegion, checkUnique, checkWholeNumber } from "../core/checks";
import { ValidationError, show } from "../core/errors";
import { protect } from "../core/interfaces";
import { checkName } from "../core/naming";
import type { PrivateEndpointProps } from "../network/interfaces";
import { type PrivateEndpoint, addPrivateEndpoints } from "../network/private-endpoint";
import { type DiagnosticSettingsProps, addDiagnosticSetting } from "../observability/diagnostic-settings";
import type { IKeyVault, VaultSecret } from "../security/key-vault";
import {
  COSMOS_CONSISTENCY_LEVELS,
  COSMOS_MAX_TTL_SECONDS,
  COSMOS_MIN_AUTOSCALE_MAX_THROUGHPUT,
  COSMOS_MIN_MANUAL_THROUGHPUT,
  COSMOS_SHARED_CONTAINERS_AT_MINIMUM,
  type CosmosConsistencyLevel,
  type CosmosThroughput,
  checkBackup,
  checkThroughput,
  cosmosAccountLayout,
  databaseThroughput,
  type CosmosAccountProps,
} from "./cosmos-nosql";

/*
 * Azure Cosmos DB for MongoDB (RU): `azurerm_cosmosdb_account` (kind MongoDB),
 * `azurerm_cosmosdb_mongo_database` and `azurerm_cosmosdb_mongo_collection`. Not MongoDB vCore
 * (MongoVcoreVector), a different service.
 *
 * Sources, read 2026-11-29:
 * - azurerm 4.55 bindings and website/docs/r/cosmosdb_account.html.markdown: `mongo_server_version`
 *   7.0, 6.0, 5.0, 4.2, 4.0, 3.6, 3.2 (go-azure-sdk documentdb ServerVersion has the same list);
 *   capability `EnableMongo` with kind MongoDB; `local_authentication_disabled` "can be set only
 *   when using the SQL API"; `EnableMongoRoleBasedAccessControl` (Mongo users and roles, not Entra
 *   ID) is a capability that can be added later; Continuous to Periodic recreates the account;
 * - website/docs/r/cosmosdb_mongo_collection.html.markdown: `shard_key` forces nothing but is
 *   required for autoscale, "there must not be any other unique index keys"; `default_ttl_seconds`
 *   -1 or 0 never expires (it is the `_ts` TTL index); throughput 400+ by 100; switching between
 *   autoscale and manual is not possible through Terraform;
 * - learn.microsoft.com/azure/cosmos-db/mongodb/indexing: `_id` is always indexed (unique) and
 *   cannot be dropped, so the construct declares it (no perpetual diff); unique indexes on a sharded
 *   collection must include the shard key; learn.microsoft.com/azure/cosmos-db/concepts-limits
 *   (the same throughput minimums as NoSQL, shared by cosmos-nosql.ts's checks);
 * - learn.microsoft.com/azure/cosmos-db/multi-region-writes (applies to MongoDB) and
 *   continuous-backup-restore-introduction (continuous backup on multi-region write accounts:
 *   accepted, restores of such accounts were a preview section of the page);
 * - cloud-adoption-framework resource-abbreviations (`cosmon`); private-endpoint-dns (`MongoDB`
 *   sub-resource, privatelink.mongo.cosmos.azure.com).
 */

/** MongoDB wire protocol versions azurerm 4.55 accepts, newest first. */
export const COSMOS_MONGO_SERVER_VERSIONS = ["7.0", "6.0", "5.0", "4.2", "4.0", "3.6", "3.2"] as const;
export type CosmosMongoServerVersion = (typeof COSMOS_MONGO_SERVER_VERSIONS)[number];

export interface CosmosMongoProps extends CosmosAccountProps {
  /**
   * 3-44 lowercase letters, digits and hyphens, globally unique (`<name>.mongo.cosmos.azure.com`).
   * Forces a new account when changed.
   * @default - generated: `cosmon-<workload>-<env>-<region>[-<instance>]-<suffix>`
   */
  readonly name?: string;
  /** The first write region (failover priority 0, the hub region with multi-region writes). @default - the resource group's location */
  readonly location?: string;
  /** MongoDB server (wire protocol) version. Upgrades are made in the portal. @default "7.0" */
  readonly serverVersion?: CosmosMongoServerVersion;
  /**
   * Consistency level. "BoundedStaleness" takes azurerm's limits in one region and 300 s / 100,000
   * operations (Azure's minimum) with more regions; not "Strong" with `multipleWriteLocations`.
   * @default "Session"
   */
  readonly consistency?: CosmosConsistencyLevel;
  /** Private endpoints (sub-resource `MongoDB`, zone `privatelink.mongo.cosmos.azure.com`). @default - none */
  readonly privateEndpoints?: readonly PrivateEndpointProps[];
  /**
   * Stores the primary MongoDB connection string (it carries an account key: Cosmos DB for
   * MongoDB RU clients authenticate with keys, Entra ID is not offered) as a Key Vault secret,
   * so apps take it through a Key Vault reference (`connectionStringSecret.reference`), never
   * as a literal app setting.
   * @default - not stored
   */
  readonly connectionStringSecret?: { readonly keyVault: IKeyVault; /** @default "<account name>-connection-string" */ readonly name?: string };
  /** Resource logs (MongoRequests, ControlPlaneRequests, ...) and metrics to Log Analytics. @default - none */
  readonly diagnosticSettings?: DiagnosticSettingsProps;
}

/** Options of a database (`account.addDatabase`). */
export interface CosmosMongoDatabaseOptions {
  /** 1-255 characters, none of `/ \ ? #`. Forces a new database. */
  readonly name: string;
  /** Throughput shared by the collections without their own. Not on serverless accounts. @default - none */
  readonly throughput?: CosmosThroughput;
}

/** One index of a collection (`index` block). */
export interface CosmosMongoIndex {
  /** Fields, e.g. `["userId"]` or `["userId", "createdAt"]` for a compound index. */
  readonly keys: readonly string[];
  /** Unique (on a sharded collection it must include the shard key). @default false */
  readonly unique?: boolean;
}

/** Options of a collection (`database.addCollection`). */
export interface CosmosMongoCollectionOptions {
  /** 1-255 characters, none of `/ \ ? #`. Forces a new collection. */
  readonly name: string;
  /** The shard (partition) key field, e.g. `"creatorId"`. Unsharded collections are limited to 20 GB and cannot autoscale. Forces a new collection. @default - unsharded */
  readonly shardKey?: string;
  /** More indexes (the unique `_id` index is always declared). @default - none */
  readonly indexes?: readonly CosmosMongoIndex[];
  /** Documents expire this many seconds after their last write (the `_ts` TTL index); 1-2147483647. @default - no expiry */
  readonly ttlSeconds?: number;
  /** Dedicated throughput (autoscale needs `shardKey`). @default - the database's shared throughput */
  readonly throughput?: CosmosThroughput;
}

/**
 * An Azure Cosmos DB for MongoDB (RU) account: MongoDB 7.0, no public endpoint (private
 * endpoints instead), TLS 1.2, key-based metadata writes off (databases, collections and
 * throughput change only through Azure Resource Manager), Session consistency, continuous backup
 * (30-day point-in-time restore), zone redundancy where the region has zones, optional more
 * regions with automatic failover or multi-region writes. Mongo clients authenticate with the
 * account key in the connection string (azurerm cannot turn local auth off for this API):
 * `connectionStringSecret` keeps it in Key Vault.
 */
export class CosmosMongo extends Construct {
  readonly resource: CosmosdbAccount;
  readonly id: string;
  readonly name: string;
  /** `https://<name>.documents.azure.com:443/` (the account's ARM endpoint). */
  readonly endpoint: string;
  readonly resourceGroupName: string;
  readonly location: string;
  readonly serverless: boolean;
  readonly multipleWriteLocations: boolean;
  readonly serverVersion: CosmosMongoServerVersion;
  /** Every region, first write region first. */
  readonly regions: readonly string[];
  readonly databases: Record<string, CosmosMongoDatabase> = {};
  /** The Key Vault secret holding the connection string, when `connectionStringSecret` is given. */
  readonly connectionStringSecret?: VaultSecret;
  readonly privateEndpoints: PrivateEndpoint[];
  readonly diagnosticSetting?: MonitorDiagnosticSetting;

  constructor(scope: Construct, id: string, props: CosmosMongoProps) {
    super(scope, id);
    const path = this.node.path;
    const location = props.location ?? props.resourceGroup.location;
    checkRegion(path, "location", location);
    this.serverless = props.serverless ?? false;
    this.multipleWriteLocations = props.multipleWriteLocations ?? false;
    const consistency = props.consistency ?? "Session";
    const version = props.serverVersion ?? "7.0";
    if (!Token.isUnresolved(version) && !(COSMOS_MONGO_SERVER_VERSIONS as readonly string[]).includes(version)) {
      throw new ValidationError(path, `serverVersion ${show(version)} is not a Cosmos DB for MongoDB server version (allowed: ${COSMOS_MONGO_SERVER_VERSIONS.join(", ")})`);
    }
    this.serverVersion = version;
    if (!Token.isUnresolved(consistency) && !(COSMOS_CONSISTENCY_LEVELS as readonly string[]).includes(consistency)) {
      throw new ValidationError(path, `consistency ${show(consistency)} is not a Cosmos DB consistency level (allowed: ${COSMOS_CONSISTENCY_LEVELS.join(", ")})`);
    }
    const layout = cosmosAccountLayout(path, location, consistency, { ...props, serverless: this.serverless, multipleWriteLocations: this.multipleWriteLocations });
    this.regions = layout.regions;
    const backup = checkBackup(path, props.backup);
    const multiRegion = layout.multiRegion;

    this.name = resourceName(this, "cosmosMongoAccount", props.name, props.instance);
    this.resourceGroupName = props.resourceGroup.name;
    this.location = location;
    this.resource = new CosmosdbAccount(this, "Resource", {
      name: this.name,
      location,
      resourceGroupName: props.resourceGroup.name,
      kind: "MongoDB",
      offerType: "Standard",
      mongoServerVersion: version,
      capabilities: [{ name: "EnableMongo" }, ...(this.serverless ? [{ name: "EnableServerless" }] : [])],
      consistencyPolicy: consistency === "BoundedStaleness" && multiRegion ? { consistencyLevel: consistency, maxIntervalInSeconds: 300, maxStalenessPrefix: 100_000 } : { consistencyLevel: consistency },
      geoLocation: layout.geoLocation,
      automaticFailoverEnabled: props.automaticFailover ?? multiRegion,
      multipleWriteLocationsEnabled: this.multipleWriteLocations,
      backup,
      ...layout.settings,
    });
    this.id = this.resource.id;
    this.endpoint = this.resource.endpoint;
    this.privateEndpoints = addPrivateEndpoints(this, props.privateEndpoints, {
      resourceGroup: props.resourceGroup,
      targetLocation: location,
      targetResourceId: this.id,
      target: "cosmosDb/MongoDB",
      instance: props.instance ? `cosmon-${props.instance}` : "cosmon",
    });
    if (props.connectionStringSecret) {
      const secretName = props.connectionStringSecret.name ?? (Token.isUnresolved(this.name) ? "cosmos-mongo-connection-string" : `${this.name}-connection-string`);
      this.connectionStringSecret = props.connectionStringSecret.keyVault.addSecret(`${id}-MongoConnectionString`, { name: secretName, value: this.resource.primaryMongodbConnectionString });
    }
    if (props.diagnosticSettings) this.diagnosticSetting = addDiagnosticSetting(this, "Diagnostics", this.id, props.diagnosticSettings);
    protect(this, this.resource, props, this.name);
  }

  /** A MongoDB database, with optional throughput shared by its collections. */
  addDatabase(options: CosmosMongoDatabaseOptions): CosmosMongoDatabase {
    checkUnique(this.node.path, "database", options.name, this.databases);
    const database = new CosmosMongoDatabase(this, `Database-${options.name}`, this, options);
    this.databases[options.name] = database;
    return database;
  }
}

/** A database of a CosmosMongo account (`account.addDatabase`). */
export class CosmosMongoDatabase extends Construct {
  readonly resource: CosmosdbMongoDatabase;
  readonly account: CosmosMongo;
  readonly name: string;
  readonly throughput?: CosmosThroughput;
  readonly collections: Record<string, CosmosMongoCollection> = {};

  constructor(scope: Construct, id: string, account: CosmosMongo, options: CosmosMongoDatabaseOptions) {
    super(scope, id);
    const path = this.node.path;
    this.name = checkName(path, "cosmosMongoDatabase", options.name);
    this.account = account;
    this.throughput = databaseThroughput(this, options.name, account.serverless, options.throughput);
    this.resource = new CosmosdbMongoDatabase(this, "Resource", {
      name: this.name,
      accountName: account.resource.name,
      resourceGroupName: account.resourceGroupName,
      throughput: this.throughput?.manual,
      autoscaleSettings: this.throughput?.autoscaleMax !== undefined ? { maxThroughput: this.throughput.autoscaleMax } : undefined,
    });
  }

  /** A collection in this database. */
  addCollection(options: CosmosMongoCollectionOptions): CosmosMongoCollection {
    checkUnique(this.node.path, "collection", options.name, this.collections);
    const collection = new CosmosMongoCollection(this, `Collection-${options.name}`, this, options);
    this.collections[options.name] = collection;
    return collection;
  }
}

/** A collection of a CosmosMongoDatabase (`database.addCollection`). */
export class CosmosMongoCollection extends Construct {
  readonly resource: CosmosdbMongoCollection;
  readonly database: CosmosMongoDatabase;
  readonly name: string;
  readonly shardKey?: string;
  readonly throughput?: CosmosThroughput;

  constructor(scope: Construct, id: string, database: CosmosMongoDatabase, options: CosmosMongoCollectionOptions) {
    super(scope, id);
    const path = this.node.path;
    const account = database.account;
    this.name = checkName(path, "cosmosMongoCollection", options.name);
    this.database = database;
    const what = `collection ${show(options.name)}`;
    const shardKey = options.shardKey;
    if (shardKey !== undefined && !Token.isUnresolved(shardKey) && (!shardKey.length || shardKey.startsWith("$") || shardKey === "_id")) {
      throw new ValidationError(path, `${what} shardKey ${show(shardKey)} is not a document field to shard on (e.g. "creatorId"; not empty, not starting with "$", not "_id")`);
    }
    this.shardKey = shardKey;
    if (options.ttlSeconds !== undefined && !Token.isUnresolved(options.ttlSeconds)) {
      checkWholeNumber(path, `${what} ttlSeconds`, options.ttlSeconds, 1, COSMOS_MAX_TTL_SECONDS);
    }
    if (options.throughput && account.serverless) {
      throw new ValidationError(path, `${what} has throughput, and the account is serverless (billed per request, no provisioned throughput); drop throughput`);
    }
    if (!options.throughput && !account.serverless && !database.throughput) {
      throw new ValidationError(path, `${what} has no throughput, and database ${show(database.name)} has no shared throughput; give the collection throughput (e.g. { autoscaleMax: 1000 }) or the database shared throughput`);
    }
    if (options.throughput?.autoscaleMax !== undefined && shardKey === undefined) {
      throw new ValidationError(path, `${what} has autoscale throughput and no shardKey; azurerm requires a shard key for autoscale collections (unsharded collections are also limited to 20 GB): set shardKey`);
    }
    this.throughput = options.throughput ? checkThroughput(this, `${what} throughput`, options.throughput) : undefined;
    if (!this.throughput && database.throughput) {
      const shared = Object.values(database.collections).filter((c) => c.throughput === undefined).length + 1;
      const t = database.throughput;
      const extra = Math.max(shared - COSMOS_SHARED_CONTAINERS_AT_MINIMUM, 0);
      const [prop, value, minimum] =
        t.manual !== undefined ? ["manual", t.manual, COSMOS_MIN_MANUAL_THROUGHPUT + extra * 100] : ["autoscaleMax", t.autoscaleMax as number, COSMOS_MIN_AUTOSCALE_MAX_THROUGHPUT + extra * 1000];
      if (!Token.isUnresolved(value) && value < minimum) {
        throw new ValidationError(path, `database ${show(database.name)} would share ${prop} ${value} RU/s among ${shared} collections; Azure requires at least ${minimum} RU/s for that many; raise the database's throughput or give some collections their own`);
      }
    }
    const indexes = options.indexes ?? [];
    indexes.forEach((index, i) => {
      if (!index.keys.length) throw new ValidationError(path, `${what} indexes[${i}] has no keys`);
      if (index.keys.includes("_id") && index.keys.length === 1) throw new ValidationError(path, `${what} indexes[${i}] is the _id index, which is always declared (unique); drop it`);
      if (index.unique && shardKey !== undefined && !Token.isUnresolved(shardKey) && !index.keys.includes(shardKey)) {
        throw new ValidationError(path, `${what} indexes[${i}] is unique on ${index.keys.join(", ")} without the shard key ${show(shardKey)}; unique indexes of a sharded collection must include it (add ${show(shardKey)} to keys)`);
      }
    });

    this.resource = new CosmosdbMongoCollection(this, "Resource", {
      name: this.name,
      accountName: account.resource.name,
      resourceGroupName: account.resourceGroupName,
      databaseName: database.resource.name,
      shardKey,
      defaultTtlSeconds: options.ttlSeconds,
      throughput: this.throughput?.manual,
      autoscaleSettings: this.throughput?.autoscaleMax !== undefined ? { maxThroughput: this.throughput.autoscaleMax } : undefined,
      index: [{ keys: ["_id"], unique: true }, ...indexes.map((index) => ({ keys: [...index.keys], unique: index.unique ?? false }))],
    });
  }
}
