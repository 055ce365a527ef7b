import { CosmosdbAccount, type CosmosdbAccountBackup, type CosmosdbAccountGeoLocation } from "@cdktf/provider-azurerm/lib/cosmosdb-account";
import { CosmosdbSqlContainer, type CosmosdbSqlContainerIndexingPolicy } from "@cdktf/provider-azurerm/lib/cosmosdb-sql-container";
import { CosmosdbSqlDatabase } from "@cdktf/provider-azurerm/lib/cosmosdb-sql-database";
import { CosmosdbSqlRoleAssignment } from "@cdktf/provider-azurerm/lib/cosmosdb-sql-role-assignment";
import type { MonitorDiagnosticSetting } from "@cdktf/provider-azurerm/lib/monitor-diagnostic-setting";
import { Annotations, Token } from "cdktf";
import { Construct } from "constructs";
import * as ipaddr from "ipaddr.js";
import { resourceName } from "../core/azure-stack";
import { checkRegion, checkUnique, checkWholeNumber } from "../core/checks";
import { ValidationError, show } from "../core/errors";
import { type IPrincipal, type IResourceGroup, type ProtectionProps, protect } from "../core/interfaces";
import { checkName } from "../core/naming";
import { AZURE_REGIONS } from "../core/regions";
import type { PrivateEndpointProps } from "../network/interfaces";
import { type PrivateEndpoint, addPrivateEndpoints } from "../network/private-endpoint";
import { type DiagnosticSettingsProps, addDiagnosticSetting } from "../observability/diagnostic-settings";

/*
 * Azure Cosmos DB for NoSQL: `azurerm_cosmosdb_account` (kind GlobalDocumentDB),
 * `azurerm_cosmosdb_sql_database`, `azurerm_cosmosdb_sql_container` and
 * `azurerm_cosmosdb_sql_role_assignment`.
 *
 * Sources, read 2026-11-29:
 * - azurerm 4.55 bindings (`@cdktf/provider-azurerm` 14.23.1) for argument names; the provider's
 *   internal/services/cosmos/validate/cosmos.go (throughput >= 400 in steps of 100, autoscale max
 *   >= 1000 in steps of 1000, entity names 1-255) and website/docs/r/cosmosdb_account.html.markdown
 *   (backup interval 60-1440 minutes, retention 8-720 hours, storage redundancy Geo/Local/Zone,
 *   bounded staleness 5-86400 s and 10-2147483647 operations, Continuous to Periodic recreates the
 *   account, free tier and kind force a new account);
 * - learn.microsoft.com/azure/cosmos-db/concepts-limits (minimum 400 RU/s manual and 1000 RU/s
 *   autoscale max, per container and per shared database for its first 25 containers, + 100 / +1000
 *   RU/s per container beyond 25; 1,000,000 RU/s per container or database by default; name at most
 *   255 characters; maximum TTL 2147483647; 10 unique keys per container; serverless: one region);
 * - learn.microsoft.com/azure/cosmos-db/serverless (one region, no throughput on containers, no
 *   shared-throughput databases, availability zones supported);
 * - learn.microsoft.com/azure/cosmos-db/nosql/security/reference-data-plane-roles (built-in data
 *   plane roles 00000000-0000-0000-0000-000000000001 Data Reader and ...0002 Data Contributor);
 * - learn.microsoft.com/azure/templates/microsoft.documentdb/databaseaccounts (account name 3-44
 *   lowercase letters, digits and hyphens, globally unique);
 * - learn.microsoft.com/azure/private-link/private-endpoint-dns (`Sql` sub-resource,
 *   privatelink.documents.azure.com).
 */

/** Consistency levels (`consistency_policy.consistency_level`), strongest first. */
export const COSMOS_CONSISTENCY_LEVELS = ["Strong", "BoundedStaleness", "Session", "ConsistentPrefix", "Eventual"] as const;
export type CosmosConsistencyLevel = (typeof COSMOS_CONSISTENCY_LEVELS)[number];

/** Continuous backup tiers: point-in-time restore to any second of the last 7 or 30 days. */
export const COSMOS_CONTINUOUS_BACKUP_TIERS = ["Continuous7Days", "Continuous30Days"] as const;
export type CosmosContinuousBackupTier = (typeof COSMOS_CONTINUOUS_BACKUP_TIERS)[number];

/** Built-in data plane role "Cosmos DB Built-in Data Reader" (read items, query, change feed). */
export const COSMOS_DATA_READER_ROLE_ID = "00000000-0000-0000-0000-000000000001";
/** Built-in data plane role "Cosmos DB Built-in Data Contributor" (items and container data operations; no control plane). */
export const COSMOS_DATA_CONTRIBUTOR_ROLE_ID = "00000000-0000-0000-0000-000000000002";

/** Manual throughput: at least 400 RU/s, in steps of 100. */
export const COSMOS_MIN_MANUAL_THROUGHPUT = 400;
/** Autoscale: the maximum is at least 1000 RU/s, in steps of 1000 (scales between 10% of it and it). */
export const COSMOS_MIN_AUTOSCALE_MAX_THROUGHPUT = 1000;
/** Default quota of RU/s per container or database (raised through a support request): more is warned about, not refused. */
export const COSMOS_THROUGHPUT_QUOTA = 1_000_000;
/** Containers a shared-throughput database holds at its minimum throughput; each one more raises the minimum. */
export const COSMOS_SHARED_CONTAINERS_AT_MINIMUM = 25;
/** Largest TTL in seconds (about 68 years). */
export const COSMOS_MAX_TTL_SECONDS = 2_147_483_647;
/** Unique keys per container (concepts-limits; raised through a support request). */
export const COSMOS_MAX_UNIQUE_KEYS = 10;
/** Paths of a hierarchical partition key (MultiHash). */
export const COSMOS_MAX_PARTITION_KEY_PATHS = 3;

/**
 * Throughput of a database (shared by its containers) or a container (dedicated):
 * `{ autoscaleMax: 4000 }` scales between 400 and 4000 RU/s and bills the highest RU/s of each
 * hour; `{ manual: 400 }` is fixed. azurerm 4.55 cannot switch a resource between the two modes
 * (change it in the portal or CLI, then here).
 */
export type CosmosThroughput = { readonly autoscaleMax: number; readonly manual?: undefined } | { readonly manual: number; readonly autoscaleMax?: undefined };

/** A region the account replicates to. */
export interface CosmosRegion {
  /** ARM region name, e.g. `westus2`. */
  readonly location: string;
  /**
   * Spread the region's replicas over availability zones. Chosen when the region is added
   * (changing it re-provisions the region).
   * @default - true where the region has availability zones
   */
  readonly zoneRedundant?: boolean;
}

/** Continuous backup: point-in-time restore into a new account. Periodic accounts can migrate to it (one way). */
export interface CosmosContinuousBackup {
  readonly type: "Continuous";
  /** How far back a restore can go. 7 days costs nothing extra; 30 days is billed per GB. @default "Continuous30Days" */
  readonly tier?: CosmosContinuousBackupTier;
}

/** Periodic backup: full backups at an interval, restored by a support request. Changing Continuous to Periodic recreates the account. */
export interface CosmosPeriodicBackup {
  readonly type: "Periodic";
  /** Minutes between backups, 60-1440. @default 240 */
  readonly intervalMinutes?: number;
  /** Hours each backup is kept, 8-720. @default 8 */
  readonly retentionHours?: number;
  /** Where the backups are stored. @default "Geo" */
  readonly storageRedundancy?: "Geo" | "Zone" | "Local";
}

export type CosmosBackup = CosmosContinuousBackup | CosmosPeriodicBackup;

/** What both Cosmos DB account constructs (NoSQL: CosmosNoSql, MongoDB: CosmosMongo) take alike. */
export interface CosmosAccountProps extends ProtectionProps {
  readonly resourceGroup: IResourceGroup;
  /** Distinguishes several accounts in one stack, in generated names. @default - none */
  readonly instance?: string;
  /**
   * Spread the write region's replicas over availability zones (not possible where the region has none).
   * @default - true where the region has availability zones
   */
  readonly zoneRedundant?: boolean;
  /**
   * More regions, in failover order (priority 1, 2, ...). Not with `serverless` (one region only).
   * @default - none: a single-region account
   */
  readonly secondaryRegions?: readonly CosmosRegion[];
  /**
   * Service-managed failover to the next region when the write region is down.
   * @default - true when the account has more than one region
   */
  readonly automaticFailover?: boolean;
  /** Writes in every region (multi-region writes). Needs a secondary region; not with Strong consistency. @default false */
  readonly multipleWriteLocations?: boolean;
  /**
   * Serverless capacity mode (`EnableServerless`): billed per request, one region, no throughput
   * on databases, containers or collections. Fixed at creation (changing it recreates the account).
   * @default false (provisioned throughput)
   */
  readonly serverless?: boolean;
  /** @default { type: "Continuous", tier: "Continuous30Days" } */
  readonly backup?: CosmosBackup;
  /**
   * The public endpoint. Off, clients connect through `privateEndpoints`. Databases, containers
   * and collections are created through Azure Resource Manager, so the deployer needs no network
   * path to the account.
   * @default false
   */
  readonly publicNetworkAccess?: boolean;
  /** Public IPv4 addresses or CIDRs allowed in when `publicNetworkAccess` is on (empty: every network). @default - none */
  readonly allowedIpRanges?: readonly string[];
}

export interface CosmosNoSqlProps extends CosmosAccountProps {
  /**
   * 3-44 lowercase letters, digits and hyphens, globally unique (`<name>.documents.azure.com`).
   * Forces a new account when changed.
   * @default - generated: `cosno-<workload>-<env>-<region>[-<instance>]-<suffix>`
   */
  readonly name?: string;
  /** The write region (failover priority 0). Forces a new account when changed. @default - the resource group's location */
  readonly location?: string;
  /** @default "Session" */
  readonly consistency?: CosmosConsistencyLevel;
  /**
   * Bounded staleness limits (only with `consistency: "BoundedStaleness"`): lag in seconds (5-86400)
   * and in operations (10-2147483647). Accounts with more than one region need at least 300 s and
   * 100,000 operations.
   * @default - azurerm's 5 s and 100 operations (300 s and 100000 with secondary regions)
   */
  readonly boundedStaleness?: { readonly maxIntervalSeconds?: number; readonly maxStalenessPrefix?: number };
  /**
   * Upper bound of the account's total provisioned RU/s (`capacity.total_throughput_limit`), a
   * cost guard: creating or scaling past it fails. -1 for no limit.
   * @default - no limit set
   */
  readonly totalThroughputLimit?: number;
  /** Private endpoints (sub-resource `Sql`, zone `privatelink.documents.azure.com`). @default - none */
  readonly privateEndpoints?: readonly PrivateEndpointProps[];
  /**
   * Account keys and resource tokens. Off (`local_authentication_disabled`), apps use Entra ID
   * with data plane roles (`grantDataContributor`, `grantDataReader`). AZ-COS-002 flags it on.
   * @default false
   */
  readonly localAuthentication?: boolean;
  /**
   * Resource logs and metrics to Log Analytics. `allLogs` is every category of
   * Microsoft.DocumentDB/databaseAccounts (learn.microsoft.com/azure/azure-monitor/reference/supported-logs/microsoft-documentdb-databaseaccounts-logs):
   * DataPlaneRequests (one row per request: the largest volume) and its aggregated forms,
   * ControlPlaneRequests, query and partition key statistics, and the other APIs' empty categories.
   * @default - none
   */
  readonly diagnosticSettings?: DiagnosticSettingsProps;
}

/** Options of a database. */
export interface CosmosSqlDatabaseOptions {
  /** 1-255 characters, none of `/ \ ? #`, not ending with a space. Forces a new database when changed. */
  readonly name: string;
  /**
   * Throughput shared by the containers that have none of their own. Not on serverless accounts.
   * @default - none: each container has its own throughput
   */
  readonly throughput?: CosmosThroughput;
}

/** One ordered path of a composite index. */
export interface CosmosCompositeIndexPath {
  readonly path: string;
  /** @default "Ascending" */
  readonly order?: "Ascending" | "Descending";
}

/** The indexing policy of a container (`indexing_policy`). */
export interface CosmosIndexingPolicy {
  /** `none` turns indexing off (point reads only). @default "consistent" */
  readonly indexingMode?: "consistent" | "none";
  /** @default ["/*"] when `excludedPaths` is set, else Azure's default (everything) */
  readonly includedPaths?: readonly string[];
  /** Paths left out of the index, e.g. `/payload/*`. @default - none (besides Azure's `/"_etag"/?`) */
  readonly excludedPaths?: readonly string[];
  /** Composite indexes for ORDER BY on several properties: each one a list of at least two paths. @default - none */
  readonly compositeIndexes?: ReadonlyArray<readonly CosmosCompositeIndexPath[]>;
}

/** Options of a container. */
export interface CosmosSqlContainerOptions {
  /** 1-255 characters, none of `/ \ ? #`, not ending with a space. Forces a new container when changed. */
  readonly name: string;
  /**
   * Partition key: one path (`["/organizationId"]`) or a hierarchical key of up to three
   * (`["/tenantId", "/userId"]`, MultiHash). Forces a new container when changed.
   */
  readonly partitionKeyPaths: readonly string[];
  /**
   * Time to live of items without their own `ttl`: seconds (1-2147483647), or -1 for TTL on with
   * no default (items expire only when they set `ttl`).
   * @default - TTL off
   */
  readonly defaultTtlSeconds?: number;
  /**
   * Dedicated throughput. Needed in a database without shared throughput on a provisioned
   * account; not on serverless accounts.
   * @default - the database's shared throughput
   */
  readonly throughput?: CosmosThroughput;
  /** @default - Azure's: every path indexed, consistent */
  readonly indexingPolicy?: CosmosIndexingPolicy;
  /** Unique keys (at most 10, up to 16 paths each), within a logical partition. Forces a new container when changed. @default - none */
  readonly uniqueKeys?: ReadonlyArray<readonly string[]>;
  /**
   * How write conflicts between regions are resolved (multi-region write accounts only): the
   * highest value of `path` wins (`/_ts` by default), or a stored procedure decides. Forces a new container.
   * @default - Azure's: last writer wins on `/_ts`
   */
  readonly conflictResolution?: { readonly mode: "LastWriterWins"; readonly path?: string } | { readonly mode: "Custom"; readonly procedure?: string };
}

const UNIQUE_KEY_MAX_PATHS = 16;
const PATH = /^(\/[^/]+)+$/;

/** What grants on an account, a database or a container need to know. */
interface GrantTarget {
  readonly account: CosmosNoSql;
  readonly scope: string;
}

/** The last data plane grant of each account: the next one waits for it. */
const LAST_GRANT = new WeakMap<CosmosNoSql, CosmosdbSqlRoleAssignment>();

/**
 * A SQL role assignment, after the account's previous one: Cosmos DB takes an exclusive lock on
 * the account for each and answers concurrent ones with 412 PreconditionFailed
 * (hashicorp/terraform-provider-azurerm#15842, #17233), so grants are created one at a time.
 */
function assignRole(owner: Construct, target: GrantTarget, roleId: string, principal: IPrincipal, id: string): CosmosdbSqlRoleAssignment {
  const previous = LAST_GRANT.get(target.account);
  const grant = new CosmosdbSqlRoleAssignment(owner, id, {
    resourceGroupName: target.account.resourceGroupName,
    // References (not the literal name) so Terraform creates the grant after the account.
    accountName: target.account.resource.name,
    roleDefinitionId: `${target.account.id}/sqlRoleDefinitions/${roleId}`,
    principalId: principal.principalId,
    scope: target.scope,
    dependsOn: previous ? [previous] : undefined,
  });
  LAST_GRANT.set(target.account, grant);
  return grant;
}

/**
 * An Azure Cosmos DB for NoSQL account: Entra ID only (keys off, key-based metadata writes off),
 * no public endpoint (private endpoints instead), TLS 1.2, Session consistency, continuous backup
 * with 30-day point-in-time restore, zone redundancy where the region has zones, optional read
 * regions with service-managed failover, provisioned (manual or autoscale) or serverless capacity.
 * Databases and containers come from `addDatabase` and `database.addContainer`; apps get data
 * access with `grantDataContributor` / `grantDataReader` (data plane roles, not Azure RBAC) on the
 * account, a database or a container. The throughput, TTL, partition key and capacity-mode
 * combinations Azure rejects are refused at synth.
 */
export class CosmosNoSql extends Construct {
  readonly resource: CosmosdbAccount;
  readonly id: string;
  readonly name: string;
  /** `https://<name>.documents.azure.com:443/`, for SDK clients. */
  readonly endpoint: string;
  readonly resourceGroupName: string;
  readonly location: string;
  readonly serverless: boolean;
  readonly consistency: CosmosConsistencyLevel;
  readonly multipleWriteLocations: boolean;
  /** Every region, write region first. */
  readonly regions: readonly string[];
  readonly databases: Record<string, CosmosSqlDatabase> = {};
  readonly dataGrants: Record<string, CosmosdbSqlRoleAssignment> = {};
  readonly privateEndpoints: PrivateEndpoint[];
  readonly diagnosticSetting?: MonitorDiagnosticSetting;

  constructor(scope: Construct, id: string, props: CosmosNoSqlProps) {
    super(scope, id);
    const path = this.node.path;
    const location = props.location ?? props.resourceGroup.location;
    checkRegion(path, "location", location);
    this.serverless = props.serverless ?? false;
    this.consistency = props.consistency ?? "Session";
    this.multipleWriteLocations = props.multipleWriteLocations ?? false;

    if (!Token.isUnresolved(this.consistency) && !(COSMOS_CONSISTENCY_LEVELS as readonly string[]).includes(this.consistency)) {
      throw new ValidationError(path, `consistency ${show(this.consistency)} is not a Cosmos DB consistency level (allowed: ${COSMOS_CONSISTENCY_LEVELS.join(", ")})`);
    }
    const layout = cosmosAccountLayout(path, location, this.consistency, props);
    this.regions = layout.regions;
    const staleness = this.checkStaleness(props.boundedStaleness, layout.multiRegion);
    const backup = checkBackup(path, props.backup);
    if (props.totalThroughputLimit !== undefined && !Token.isUnresolved(props.totalThroughputLimit)) {
      const limit = props.totalThroughputLimit;
      if (!Number.isInteger(limit) || limit < -1 || limit === 0) {
        throw new ValidationError(path, `totalThroughputLimit ${limit} is not allowed (allowed: -1 for no limit, or a whole number of RU/s of at least 1)`);
      }
    }

    this.name = resourceName(this, "cosmosNoSqlAccount", props.name, props.instance);
    this.resourceGroupName = props.resourceGroup.name;
    this.location = location;
    this.resource = new CosmosdbAccount(this, "Resource", {
      name: this.name,
      location,
      resourceGroupName: props.resourceGroup.name,
      kind: "GlobalDocumentDB",
      offerType: "Standard",
      consistencyPolicy: { consistencyLevel: this.consistency, ...staleness },
      geoLocation: layout.geoLocation,
      automaticFailoverEnabled: props.automaticFailover ?? layout.multiRegion,
      multipleWriteLocationsEnabled: this.multipleWriteLocations,
      capabilities: this.serverless ? [{ name: "EnableServerless" }] : undefined,
      capacity: props.totalThroughputLimit !== undefined ? { totalThroughputLimit: props.totalThroughputLimit } : undefined,
      backup,
      localAuthenticationDisabled: !(props.localAuthentication ?? false),
      ...layout.settings,
    });
    this.id = this.resource.id;
    this.endpoint = this.resource.endpoint;

    this.privateEndpoints = addPrivateEndpoints(this, props.privateEndpoints, {
      resourceGroup: props.resourceGroup,
      targetLocation: location,
      targetResourceId: this.id,
      target: "cosmosDb/Sql",
      instance: props.instance ? `cosmos-${props.instance}` : "cosmos",
    });
    if (props.diagnosticSettings) this.diagnosticSetting = addDiagnosticSetting(this, "Diagnostics", this.id, props.diagnosticSettings);
    protect(this, this.resource, props, this.name);
  }

  /** A SQL database in the account, with optional throughput shared by its containers. */
  addDatabase(options: CosmosSqlDatabaseOptions): CosmosSqlDatabase {
    checkUnique(this.node.path, "database", options.name, this.databases);
    const database = new CosmosSqlDatabase(this, `Database-${options.name}`, this, options);
    this.databases[options.name] = database;
    return database;
  }

  /** "Cosmos DB Built-in Data Contributor" on the whole account: read, write and query items in every container. */
  grantDataContributor(principal: IPrincipal, id = "DataContributor"): CosmosdbSqlRoleAssignment {
    return this.grant(COSMOS_DATA_CONTRIBUTOR_ROLE_ID, principal, id);
  }

  /** "Cosmos DB Built-in Data Reader" on the whole account: read and query items, read the change feed. */
  grantDataReader(principal: IPrincipal, id = "DataReader"): CosmosdbSqlRoleAssignment {
    return this.grant(COSMOS_DATA_READER_ROLE_ID, principal, id);
  }

  private grant(roleId: string, principal: IPrincipal, id: string): CosmosdbSqlRoleAssignment {
    checkUnique(this.node.path, "grant", id, this.dataGrants);
    const grant = assignRole(this, { account: this, scope: this.id }, roleId, principal, id);
    this.dataGrants[id] = grant;
    return grant;
  }

  private checkStaleness(
    given: CosmosNoSqlProps["boundedStaleness"],
    multiRegion: boolean,
  ): { maxIntervalInSeconds?: number; maxStalenessPrefix?: number } {
    const path = this.node.path;
    if (this.consistency !== "BoundedStaleness") {
      if (given) throw new ValidationError(path, `boundedStaleness is set, and consistency is ${show(this.consistency)}; it applies to "BoundedStaleness" only`);
      return {};
    }
    const interval = given?.maxIntervalSeconds ?? (multiRegion ? 300 : undefined);
    const prefix = given?.maxStalenessPrefix ?? (multiRegion ? 100_000 : undefined);
    checkWholeNumber(path, "boundedStaleness.maxIntervalSeconds", interval, multiRegion ? 300 : 5, 86_400);
    checkWholeNumber(path, "boundedStaleness.maxStalenessPrefix", prefix, multiRegion ? 100_000 : 10, 2_147_483_647);
    return { maxIntervalInSeconds: interval, maxStalenessPrefix: prefix };
  }
}

/** A SQL database of a CosmosNoSql account (`account.addDatabase`). */
export class CosmosSqlDatabase extends Construct {
  readonly resource: CosmosdbSqlDatabase;
  readonly account: CosmosNoSql;
  readonly name: string;
  /** The shared throughput, when the database has one. */
  readonly throughput?: CosmosThroughput;
  readonly containers: Record<string, CosmosSqlContainer> = {};
  readonly dataGrants: Record<string, CosmosdbSqlRoleAssignment> = {};
  /** Data plane path of the database (`<account id>/dbs/<name>`), the scope of its grants. */
  readonly scopePath: string;

  constructor(scope: Construct, id: string, account: CosmosNoSql, options: CosmosSqlDatabaseOptions) {
    super(scope, id);
    const path = this.node.path;
    this.name = checkName(path, "cosmosSqlDatabase", options.name);
    this.account = account;
    this.throughput = databaseThroughput(this, options.name, account.serverless, options.throughput);
    this.resource = new CosmosdbSqlDatabase(this, "Resource", {
      name: this.name,
      // A reference, so Terraform creates the database after the account.
      accountName: account.resource.name,
      resourceGroupName: account.resourceGroupName,
      throughput: this.throughput?.manual,
      autoscaleSettings: this.throughput?.autoscaleMax !== undefined ? { maxThroughput: this.throughput.autoscaleMax } : undefined,
    });
    this.scopePath = `${account.id}/dbs/${this.name}`;
  }

  /** A container in this database. */
  addContainer(options: CosmosSqlContainerOptions): CosmosSqlContainer {
    checkUnique(this.node.path, "container", options.name, this.containers);
    const container = new CosmosSqlContainer(this, `Container-${options.name}`, this, options);
    this.containers[options.name] = container;
    return container;
  }

  /** The containers that use the database's shared throughput. */
  get sharedContainers(): CosmosSqlContainer[] {
    return Object.values(this.containers).filter((c) => c.throughput === undefined);
  }

  /** "Cosmos DB Built-in Data Contributor" on this database's containers only. */
  grantDataContributor(principal: IPrincipal, id = "DataContributor"): CosmosdbSqlRoleAssignment {
    checkUnique(this.node.path, "grant", id, this.dataGrants);
    return (this.dataGrants[id] = assignRole(this, { account: this.account, scope: this.scopePath }, COSMOS_DATA_CONTRIBUTOR_ROLE_ID, principal, id));
  }

  /** "Cosmos DB Built-in Data Reader" on this database's containers only. */
  grantDataReader(principal: IPrincipal, id = "DataReader"): CosmosdbSqlRoleAssignment {
    checkUnique(this.node.path, "grant", id, this.dataGrants);
    return (this.dataGrants[id] = assignRole(this, { account: this.account, scope: this.scopePath }, COSMOS_DATA_READER_ROLE_ID, principal, id));
  }
}

/** A container of a CosmosSqlDatabase (`database.addContainer`). */
export class CosmosSqlContainer extends Construct {
  readonly resource: CosmosdbSqlContainer;
  readonly database: CosmosSqlDatabase;
  readonly name: string;
  /** Dedicated throughput; undefined when the container uses the database's. */
  readonly throughput?: CosmosThroughput;
  readonly partitionKeyPaths: readonly string[];
  readonly dataGrants: Record<string, CosmosdbSqlRoleAssignment> = {};
  /** Data plane path of the container (`<account id>/dbs/<database>/colls/<name>`), the scope of its grants. */
  readonly scopePath: string;

  constructor(scope: Construct, id: string, database: CosmosSqlDatabase, options: CosmosSqlContainerOptions) {
    super(scope, id);
    const path = this.node.path;
    const account = database.account;
    this.name = checkName(path, "cosmosSqlContainer", options.name);
    this.database = database;
    const what = `container ${show(options.name)}`;

    const keys = checkPartitionKey(path, what, options.partitionKeyPaths);
    this.partitionKeyPaths = keys;
    checkTtl(path, what, options.defaultTtlSeconds);
    if (options.throughput && account.serverless) {
      throw new ValidationError(path, `${what} has throughput, and the account is serverless (billed per request, no provisioned throughput); drop throughput`);
    }
    if (!options.throughput && !account.serverless && !database.throughput) {
      throw new ValidationError(
        path,
        `${what} has no throughput, and database ${show(database.name)} has no shared throughput; give the container throughput (e.g. { autoscaleMax: 1000 }) or the database shared throughput`,
      );
    }
    this.throughput = options.throughput ? checkThroughput(this, `${what} throughput`, options.throughput) : undefined;
    if (!this.throughput && database.throughput) checkSharedMinimum(path, database, database.sharedContainers.length + 1);
    const uniqueKeys = checkUniqueKeys(path, what, options.uniqueKeys);
    const conflict = options.conflictResolution;
    if (conflict && !account.multipleWriteLocations) {
      throw new ValidationError(path, `${what} has conflictResolution, and the account has one write region (conflicts arise with multipleWriteLocations only); drop conflictResolution`);
    }
    if (conflict?.mode === "LastWriterWins" && conflict.path !== undefined && !Token.isUnresolved(conflict.path) && !PATH.test(conflict.path)) {
      throw new ValidationError(path, `${what} conflictResolution.path ${show(conflict.path)} is not a property path (e.g. "/_ts" or "/updatedAt")`);
    }

    this.resource = new CosmosdbSqlContainer(this, "Resource", {
      name: this.name,
      // References, so Terraform creates the container after its database.
      accountName: account.resource.name,
      resourceGroupName: account.resourceGroupName,
      databaseName: database.resource.name,
      partitionKeyPaths: [...keys],
      partitionKeyKind: keys.length > 1 ? "MultiHash" : "Hash",
      partitionKeyVersion: 2,
      defaultTtl: options.defaultTtlSeconds,
      throughput: this.throughput?.manual,
      autoscaleSettings: this.throughput?.autoscaleMax !== undefined ? { maxThroughput: this.throughput.autoscaleMax } : undefined,
      indexingPolicy: options.indexingPolicy ? indexingPolicy(path, what, options.indexingPolicy) : undefined,
      uniqueKey: uniqueKeys?.map((paths) => ({ paths: [...paths] })),
      conflictResolutionPolicy: conflict
        ? conflict.mode === "LastWriterWins"
          ? { mode: "LastWriterWins", conflictResolutionPath: conflict.path ?? "/_ts" }
          : { mode: "Custom", conflictResolutionProcedure: conflict.procedure }
        : undefined,
    });
    this.scopePath = `${database.scopePath}/colls/${this.name}`;
  }

  /** "Cosmos DB Built-in Data Contributor" on this container only. */
  grantDataContributor(principal: IPrincipal, id = "DataContributor"): CosmosdbSqlRoleAssignment {
    checkUnique(this.node.path, "grant", id, this.dataGrants);
    return (this.dataGrants[id] = assignRole(this, { account: this.database.account, scope: this.scopePath }, COSMOS_DATA_CONTRIBUTOR_ROLE_ID, principal, id));
  }

  /** "Cosmos DB Built-in Data Reader" on this container only. */
  grantDataReader(principal: IPrincipal, id = "DataReader"): CosmosdbSqlRoleAssignment {
    checkUnique(this.node.path, "grant", id, this.dataGrants);
    return (this.dataGrants[id] = assignRole(this, { account: this.database.account, scope: this.scopePath }, COSMOS_DATA_READER_ROLE_ID, principal, id));
  }
}



/**
 * The account layout both Cosmos DB APIs share, checked: every region known and listed once,
 * serverless in one region only, multi-region writes with a second region and without Strong
 * consistency, IP ranges only on a public endpoint; the geo locations (write region first, zone
 * redundancy where the region has zones) and the network settings of the account.
 */
export function cosmosAccountLayout(path: string, location: string, consistency: string, props: CosmosAccountProps) {
  const secondaries = props.secondaryRegions ?? [];
  const regions = [location];
  secondaries.forEach((r, i) => {
    checkRegion(path, `secondaryRegions[${i}].location`, r.location);
    if (!Token.isUnresolved(r.location) && regions.includes(r.location)) {
      throw new ValidationError(path, `secondaryRegions[${i}].location ${show(r.location)} is listed twice (the write region is ${show(location)}); each region can appear once`);
    }
    regions.push(r.location);
  });
  if (props.serverless && secondaries.length) {
    throw new ValidationError(
      path,
      `serverless accounts run in one region, and secondaryRegions has ${secondaries.length} (${secondaries.map((r) => r.location).join(", ")}); drop secondaryRegions, or use provisioned throughput (serverless: false) for a multi-region account`,
    );
  }
  if (props.multipleWriteLocations && !secondaries.length) {
    throw new ValidationError(path, "multipleWriteLocations needs at least one entry in secondaryRegions (a single-region account has one write region)");
  }
  if (props.multipleWriteLocations && consistency === "Strong") {
    throw new ValidationError(path, `consistency "Strong" is not available with multipleWriteLocations (Azure offers it on single-write-region accounts); use "BoundedStaleness" or "Session"`);
  }
  if (props.allowedIpRanges?.length && !props.publicNetworkAccess) {
    throw new ValidationError(path, "allowedIpRanges need publicNetworkAccess: true (they filter the public endpoint)");
  }
  for (const range of props.allowedIpRanges ?? []) {
    if (Token.isUnresolved(range)) continue;
    if (!ipaddr.IPv4.isValid(range) && !ipaddr.IPv4.isValidCIDR(range)) {
      throw new ValidationError(path, `allowedIpRanges entry ${show(range)} is not an IPv4 address or CIDR`);
    }
  }
  const geoLocation: CosmosdbAccountGeoLocation[] = [
    { location, failoverPriority: 0, zoneRedundant: cosmosZoneRedundancy(path, "zoneRedundant", location, props.zoneRedundant) },
    ...secondaries.map((r, i) => ({
      location: r.location,
      failoverPriority: i + 1,
      zoneRedundant: cosmosZoneRedundancy(path, `secondaryRegions[${i}].zoneRedundant`, r.location, r.zoneRedundant),
    })),
  ];
  return {
    regions,
    multiRegion: secondaries.length > 0,
    geoLocation,
    /** Account settings both APIs set alike: no free tier, no key-based metadata writes, the endpoint closed unless asked, TLS 1.2. */
    settings: {
      freeTierEnabled: false,
      accessKeyMetadataWritesEnabled: false,
      publicNetworkAccessEnabled: props.publicNetworkAccess ?? false,
      ipRangeFilter: props.allowedIpRanges?.length ? [...props.allowedIpRanges] : undefined,
      networkAclBypassForAzureServices: false,
      minimalTlsVersion: "Tls12",
    },
  };
}

/** A region's `zone_redundant`: `given`, else whether the region has zones; refuses true where it has none. Shared with CosmosMongo. */
export function cosmosZoneRedundancy(path: string, prop: string, location: string, given: boolean | undefined): boolean {
  const zones = Token.isUnresolved(location) ? undefined : AZURE_REGIONS.get(location)?.zones;
  if (given === true && zones === false) {
    throw new ValidationError(path, `${prop} is true, and region ${show(location)} has no availability zones; leave it unset (false there) or choose a region with zones`);
  }
  return given ?? zones ?? false;
}

/** Throws for throughput Azure rejects; warns above the default quota. Shared with CosmosMongo. */
export function checkThroughput(scope: Construct, what: string, throughput: CosmosThroughput): CosmosThroughput {
  const path = scope.node.path;
  const { manual, autoscaleMax } = throughput;
  if ((manual === undefined) === (autoscaleMax === undefined)) {
    throw new ValidationError(path, `${what} must have exactly one of manual or autoscaleMax (got ${show(throughput)})`);
  }
  const value = (manual ?? autoscaleMax) as number;
  if (Token.isUnresolved(value)) return throughput;
  const [prop, min, step] = manual !== undefined ? ["manual", COSMOS_MIN_MANUAL_THROUGHPUT, 100] : ["autoscaleMax", COSMOS_MIN_AUTOSCALE_MAX_THROUGHPUT, 1000];
  if (!Number.isInteger(value) || value < min || value % step !== 0) {
    const fix = Number.isInteger(value) && value >= min ? `; did you mean ${Math.ceil(value / step) * step}?` : "";
    throw new ValidationError(path, `${what} ${prop} ${value} RU/s is not allowed (allowed: at least ${min}, in steps of ${step})${fix}`);
  }
  if (value > COSMOS_THROUGHPUT_QUOTA) {
    Annotations.of(scope).addWarning(`${what} ${prop} ${value} RU/s is above the default quota of ${COSMOS_THROUGHPUT_QUOTA} RU/s per container or database (learn.microsoft.com/azure/cosmos-db/concepts-limits): request a quota increase before deploying`);
  }
  return throughput;
}

/**
 * A database's shared throughput, checked: refused on a serverless account (no shared-throughput
 * databases there), else as `checkThroughput`. Shared with CosmosMongo.
 */
export function databaseThroughput(scope: Construct, name: string, serverless: boolean, throughput: CosmosThroughput | undefined): CosmosThroughput | undefined {
  if (!throughput) return undefined;
  if (serverless) {
    throw new ValidationError(scope.node.path, `database ${show(name)} has throughput, and the account is serverless (no shared-throughput databases, billed per request); drop throughput`);
  }
  return checkThroughput(scope, `database ${show(name)} throughput`, throughput);
}

/** Throws when a shared-throughput database's throughput is below Azure's minimum for `count` shared containers. */
function checkSharedMinimum(path: string, database: CosmosSqlDatabase, count: number): void {
  const t = database.throughput as CosmosThroughput;
  const extra = Math.max(count - COSMOS_SHARED_CONTAINERS_AT_MINIMUM, 0);
  const [prop, value, minimum] =
    t.manual !== undefined ? ["manual", t.manual, COSMOS_MIN_MANUAL_THROUGHPUT + extra * 100] : ["autoscaleMax", t.autoscaleMax as number, COSMOS_MIN_AUTOSCALE_MAX_THROUGHPUT + extra * 1000];
  if (Token.isUnresolved(value) || value >= minimum) return;
  throw new ValidationError(
    path,
    `database ${show(database.name)} would share ${prop} ${value} RU/s among ${count} containers; Azure requires at least ${minimum} RU/s for that many (${prop === "manual" ? "400 + 100" : "1000 + 1000"} per container beyond ${COSMOS_SHARED_CONTAINERS_AT_MINIMUM}); raise the database's throughput or give some containers their own`,
  );
}

function checkPartitionKey(path: string, what: string, paths: readonly string[]): readonly string[] {
  if (!paths.length || paths.length > COSMOS_MAX_PARTITION_KEY_PATHS) {
    throw new ValidationError(path, `${what} has ${paths.length} partition key paths (allowed: 1, or 2-${COSMOS_MAX_PARTITION_KEY_PATHS} for a hierarchical key)`);
  }
  paths.forEach((p, i) => {
    if (Token.isUnresolved(p)) return;
    if (!PATH.test(p)) {
      throw new ValidationError(path, `${what} partition key path ${show(p)} is not a property path (allowed: "/" followed by a property name, e.g. "/organizationId" or "/address/city"; no trailing "/")`);
    }
    if (paths.indexOf(p) !== i) throw new ValidationError(path, `${what} partition key path ${show(p)} is listed twice`);
  });
  return paths;
}

function checkTtl(path: string, what: string, ttl: number | undefined): void {
  if (ttl === undefined || Token.isUnresolved(ttl)) return;
  if (ttl === -1) return;
  if (!Number.isInteger(ttl) || ttl < 1 || ttl > COSMOS_MAX_TTL_SECONDS) {
    throw new ValidationError(path, `${what} defaultTtlSeconds ${ttl} is not allowed (allowed: -1 for TTL on without a default, or 1 to ${COSMOS_MAX_TTL_SECONDS} seconds; leave it unset for TTL off)`);
  }
}

function checkUniqueKeys(path: string, what: string, keys: ReadonlyArray<readonly string[]> | undefined): ReadonlyArray<readonly string[]> | undefined {
  if (!keys?.length) return undefined;
  if (keys.length > COSMOS_MAX_UNIQUE_KEYS) throw new ValidationError(path, `${what} has ${keys.length} unique keys (allowed: at most ${COSMOS_MAX_UNIQUE_KEYS})`);
  keys.forEach((key, i) => {
    if (!key.length || key.length > UNIQUE_KEY_MAX_PATHS) {
      throw new ValidationError(path, `${what} uniqueKeys[${i}] has ${key.length} paths (allowed: 1 to ${UNIQUE_KEY_MAX_PATHS})`);
    }
    for (const p of key) {
      if (!Token.isUnresolved(p) && !PATH.test(p)) throw new ValidationError(path, `${what} uniqueKeys[${i}] path ${show(p)} is not a property path (e.g. "/email")`);
    }
  });
  return keys;
}

function indexingPolicy(path: string, what: string, policy: CosmosIndexingPolicy): CosmosdbSqlContainerIndexingPolicy {
  (policy.compositeIndexes ?? []).forEach((index, i) => {
    if (index.length < 2) throw new ValidationError(path, `${what} compositeIndexes[${i}] has ${index.length} path(s) (allowed: at least 2; a single path is covered by the range index)`);
  });
  const included = policy.includedPaths ?? (policy.excludedPaths?.length ? ["/*"] : undefined);
  return {
    indexingMode: policy.indexingMode ?? "consistent",
    includedPath: included?.map((p) => ({ path: p })),
    excludedPath: policy.excludedPaths?.map((p) => ({ path: p })),
    compositeIndex: policy.compositeIndexes?.map((index) => ({ index: index.map((p) => ({ path: p.path, order: p.order ?? "Ascending" })) })),
  };
}

/** The backup block azurerm takes; throws for values outside azurerm's ranges. Shared with CosmosMongo. */
export function checkBackup(path: string, backup: CosmosBackup | undefined): CosmosdbAccountBackup {
  const b = backup ?? { type: "Continuous" };
  if (b.type === "Continuous") {
    const tier = b.tier ?? "Continuous30Days";
    if (!Token.isUnresolved(tier) && !(COSMOS_CONTINUOUS_BACKUP_TIERS as readonly string[]).includes(tier)) {
      throw new ValidationError(path, `backup.tier ${show(tier)} is not a continuous backup tier (allowed: ${COSMOS_CONTINUOUS_BACKUP_TIERS.join(", ")})`);
    }
    return { type: "Continuous", tier };
  }
  if (b.type !== "Periodic") throw new ValidationError(path, `backup.type ${show((b as { type: unknown }).type)} is not allowed (allowed: "Continuous", "Periodic")`);
  checkWholeNumber(path, "backup.intervalMinutes", b.intervalMinutes, 60, 1440);
  checkWholeNumber(path, "backup.retentionHours", b.retentionHours, 8, 720);
  const redundancy = b.storageRedundancy ?? "Geo";
  if (!Token.isUnresolved(redundancy) && !["Geo", "Zone", "Local"].includes(redundancy)) {
    throw new ValidationError(path, `backup.storageRedundancy ${show(redundancy)} is not allowed (allowed: Geo, Zone, Local)`);
  }
  return { type: "Periodic", intervalInMinutes: b.intervalMinutes ?? 240, retentionInHours: b.retentionHours ?? 8, storageRedundancy: redundancy };
}
