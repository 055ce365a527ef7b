import { CosmosdbPostgresqlCluster } from "@cdktf/provider-azurerm/lib/cosmosdb-postgresql-cluster";
import { CosmosdbPostgresqlFirewallRule } from "@cdktf/provider-azurerm/lib/cosmosdb-postgresql-firewall-rule";
import { Annotations, Fn, TerraformIterator, Token } from "cdktf";
import { Construct } from "constructs";
import * as ipaddr from "ipaddr.js";
import { resourceName } from "../core/azure-stack";
import { checkUnique, checkWholeNumber, requireZones } from "../core/checks";
import { ValidationError, show } from "../core/errors";
import { type IResourceGroup, type ProtectionProps, protect } from "../core/interfaces";
import type { PrivateEndpointProps } from "../network/interfaces";
import { type PrivateEndpoint, addPrivateEndpoints } from "../network/private-endpoint";
import type { IKeyVault, VaultSecret } from "../security/key-vault";

/*
 * Sources of the tables below (read 2026-11):
 * - azurerm 4.55 schema (internal/services/cosmos/cosmosdb_postgresql_cluster_resource.go):
 *   editions, sql_version 11-16, citus_version up to 12.1, node_count 0 or 2-20, storage
 *   32768-16777216 MB (so Azure's 32 TiB size cannot be set through azurerm 4.55).
 * - Microsoft Learn, "Azure Cosmos DB for PostgreSQL compute and storage"
 *   (learn.microsoft.com/azure/cosmos-db/postgresql/resources-compute): vCores and storage per
 *   node role, single-node regular and Burstable compute.
 * - Microsoft Learn, "Azure Cosmos DB for PostgreSQL limits and limitations" (reference-limits):
 *   Burstable compute has no high availability.
 * - The Cosmos DB for PostgreSQL REST API examples (2022-11-08, "Create a new single node
 *   Burstable 1 vCore / 2 vCores cluster") and Microsoft's migration SKU mapping to elastic
 *   clusters: BurstableMemoryOptimized is the 1-vCore Burstable edition, BurstableGeneralPurpose
 *   the 2-vCore one.
 * - Microsoft Learn, "Supported database versions" (reference-versions) and "PostgreSQL
 *   extensions" (reference-extensions): retired PostgreSQL versions (11 on 2023-11-09, 12 on
 *   2024-11-21, 13 on 2025-11-13, 14 on 2026-11-12) cannot be used for new clusters; PostgreSQL
 *   15 and 16 come with Citus 12.1.
 */

/** Node editions azurerm accepts for the coordinator and the workers. */
export const COSMOS_POSTGRES_EDITIONS = ["GeneralPurpose", "MemoryOptimized", "BurstableGeneralPurpose", "BurstableMemoryOptimized"] as const;
export type CosmosPostgresEdition = (typeof COSMOS_POSTGRES_EDITIONS)[number];
/** Editions worker nodes can use (Burstable compute is single-node only). */
export type CosmosPostgresWorkerEdition = "GeneralPurpose" | "MemoryOptimized";

/** PostgreSQL major versions a new cluster can be created with (11-14 are retired). */
export const COSMOS_POSTGRES_VERSIONS = ["15", "16"] as const;
export type CosmosPostgresVersion = (typeof COSMOS_POSTGRES_VERSIONS)[number];

/** The Citus version each PostgreSQL version comes with. */
export const COSMOS_POSTGRES_CITUS_VERSIONS: Readonly<Record<CosmosPostgresVersion, readonly string[]>> = {
  "15": ["12.1"],
  "16": ["12.1"],
};

/** vCores of a Burstable coordinator, by edition (1 vCore is memory-optimized, 2 general purpose). */
const BURSTABLE_VCORES: Readonly<Record<string, readonly number[]>> = {
  BurstableMemoryOptimized: [1],
  BurstableGeneralPurpose: [2],
};
const SINGLE_NODE_VCORES = [2, 4, 8, 16, 32, 64] as const;
const COORDINATOR_VCORES = [4, 8, 16, 32, 64, 96] as const;
const WORKER_VCORES = [4, 8, 16, 32, 64, 96, 104] as const;

const GIB = 1024;
const TIB = 1024 * 1024;
/** Burstable single node: 32, 64 or 128 GiB. */
const BURSTABLE_STORAGE_MB = [32 * GIB, 64 * GIB, 128 * GIB] as const;
/** Single node with regular compute: 128 GiB to 512 GiB, and 1-2 TiB from 8 vCores. */
const SINGLE_NODE_STORAGE_MB = [128 * GIB, 256 * GIB, 512 * GIB] as const;
const SINGLE_NODE_LARGE_STORAGE_MB = [1 * TIB, 2 * TIB] as const;
const SINGLE_NODE_LARGE_STORAGE_MIN_VCORES = 8;
/** Coordinator of a multi-node cluster: 0.128 TiB to 16 TiB (32 TiB is beyond azurerm 4.55's limit). */
const COORDINATOR_STORAGE_MB = [128 * GIB, 256 * GIB, 512 * GIB, 1 * TIB, 2 * TIB, 4 * TIB, 8 * TIB, 16 * TIB] as const;
/** Worker nodes: 0.5 TiB to 16 TiB (32 TiB is beyond azurerm 4.55's limit). */
const WORKER_STORAGE_MB = [512 * GIB, 1 * TIB, 2 * TIB, 4 * TIB, 8 * TIB, 16 * TIB] as const;

/** The administrator role every cluster is created with; Azure does not let you choose it. */
export const COSMOS_POSTGRES_ADMIN_LOGIN = "citus";
/** The one database of a cluster (azurerm 4.55 has no argument for a custom name). */
export const COSMOS_POSTGRES_DATABASE = "citus";

/**
 * Warning attached to every cluster. Microsoft blocks new deployments ("New deployments of Azure
 * Cosmos DB for PostgreSQL are blocked because the service is on a retirement path. Existing
 * clusters, including read replicas, remain supported":
 * learn.microsoft.com/azure/cosmos-db/postgresql/how-to-migrate-database-postgresql), so the
 * construct only fits a cluster that already exists (imported into the state); the lifecycle rule
 * AZ-LIFE-006 fails a synth that would create one, unless suppressed with that reason.
 */
export const COSMOS_POSTGRES_RETIREMENT_WARNING =
  "Azure Cosmos DB for PostgreSQL is on a retirement path: Microsoft blocks new deployments and no longer recommends it for new projects; existing clusters stay supported. " +
  "Use this construct only for a cluster that already exists. For a new database use PostgresFlexible (Azure Database for PostgreSQL Flexible Server; " +
  "in Studio set systems.studio.database.engine: flexible-server, the default). Its Citus successor is the elastic clusters feature of Flexible Server, " +
  "which needs the `cluster` block of azurerm_postgresql_flexible_server that azurerm 4.55 does not have.";

export interface CosmosPostgresCoordinatorProps {
  /** @default "GeneralPurpose" */
  readonly edition?: CosmosPostgresEdition;
  /**
   * vCores of the coordinator. Single node: 2, 4, 8, 16, 32 or 64; coordinator of a multi-node
   * cluster: 4, 8, 16, 32, 64 or 96; Burstable: 1 (BurstableMemoryOptimized) or 2
   * (BurstableGeneralPurpose).
   * @default - 1 or 2 for the Burstable editions, 2 on a single-node cluster, 4 with workers
   */
  readonly vCores?: number;
  /**
   * Storage of the coordinator in MB. Burstable: 32768, 65536 or 131072. Single node: 131072,
   * 262144 or 524288, and 1048576 or 2097152 from 8 vCores. With workers: 131072 to 16777216.
   * @default 131072 (128 GiB)
   */
  readonly storageMb?: number;
}

export interface CosmosPostgresWorkersProps {
  /** Worker nodes: 0 (a single-node cluster) or 2 to 20. */
  readonly count: number;
  /** vCores of each worker: 4, 8, 16, 32, 64, 96 or 104. Not sent when count is 0. @default 4 */
  readonly vCores?: number;
  /** Storage of each worker in MB: 524288 to 16777216. Not sent when count is 0. @default 524288 (0.5 TiB) */
  readonly storageMb?: number;
  /** Not sent when count is 0. @default "MemoryOptimized" */
  readonly edition?: CosmosPostgresWorkerEdition;
}

export interface CosmosPostgresFirewallRule {
  /** Letters, digits, underscores, periods and hyphens (azurerm's rule). */
  readonly name: string;
  /** An IPv4 CIDR; converted to the start/end addresses Azure takes. */
  readonly cidr: string;
}

export interface CosmosPostgresMaintenanceWindow {
  /** 0 = Sunday ... 6 = Saturday. @default 0 */
  readonly dayOfWeek?: number;
  /** UTC hour, 0-23. @default 2 */
  readonly startHour?: number;
  /** 0-59. @default 0 */
  readonly startMinute?: number;
}

export interface CosmosPostgresClusterProps extends ProtectionProps {
  readonly resourceGroup: IResourceGroup;
  /** @default - generated: `cospos-<workload>-<env>-<region>[-<instance>]-<suffix>` (globally unique, 3-40 characters) */
  readonly name?: string;
  /** Distinguishes several clusters in one stack, in generated names. @default - none */
  readonly instance?: string;
  /** @default - the resource group's location */
  readonly location?: string;
  /** @default - a General Purpose coordinator with 2 vCores and 128 GiB */
  readonly coordinator?: CosmosPostgresCoordinatorProps;
  /** Worker nodes. @default - none: a single-node cluster (the coordinator holds the shards) */
  readonly workers?: CosmosPostgresWorkersProps;
  /** A standby for every node. Not available on Burstable compute. @default false */
  readonly highAvailability?: boolean;
  /** PostgreSQL major version. @default "16" */
  readonly postgresVersion?: CosmosPostgresVersion;
  /** Citus extension version. @default - the version the PostgreSQL version comes with ("12.1") */
  readonly citusVersion?: string;
  /**
   * Place distributed tables' shards on the coordinator too.
   * @default - true on a single-node cluster, false with workers (Azure's own defaults)
   */
  readonly shardsOnCoordinator?: boolean;
  /** Availability zone Azure should prefer for the primary nodes. @default - Azure's choice */
  readonly preferredPrimaryZone?: "1" | "2" | "3";
  /** Weekly maintenance window (UTC). @default - Sunday 02:00 */
  readonly maintenanceWindow?: CosmosPostgresMaintenanceWindow;
  /** Vault that receives the generated password of the `citus` administrator; never a literal. */
  readonly passwordVault: IKeyVault;
  /** @default "cosmos-postgres-admin-password" */
  readonly passwordSecretName?: string;
  /**
   * Public access to the coordinator (worker nodes stay private). Connections are then limited
   * by `firewallRules`. @default false
   */
  readonly publicNetworkAccess?: boolean;
  /** Public IPv4 ranges allowed in. Requires publicNetworkAccess. @default - none */
  readonly firewallRules?: readonly CosmosPostgresFirewallRule[];
  /** Private endpoints to the coordinator (`privatelink.postgres.cosmos.azure.com`). @default - none */
  readonly privateEndpoints?: readonly PrivateEndpointProps[];
}

/** Throws unless `value` is one of `allowed`; unresolved tokens are left to Azure. */
function checkOffered(path: string, prop: string, value: number, what: string, allowed: readonly number[], note = ""): void {
  if (Token.isUnresolved(value) || allowed.includes(value)) return;
  throw new ValidationError(path, `${prop} ${show(value)} is not offered for ${what} (allowed: ${allowed.join(", ")}${note})`);
}

const FIREWALL_RULE_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*[a-zA-Z0-9_]$/;

/**
 * Azure Cosmos DB for PostgreSQL (Citus): a single-node cluster (optionally on Burstable
 * compute), or a coordinator with 2-20 workers, optionally highly available. Private by
 * default; the `citus` administrator's password is generated into a Key Vault. The compute,
 * storage and version combinations Azure offers are checked at synth.
 *
 * Microsoft no longer recommends the service for new projects; every cluster carries a synth
 * warning naming its successor.
 */
export class CosmosPostgresCluster extends Construct {
  readonly resource: CosmosdbPostgresqlCluster;
  readonly id: string;
  readonly name: string;
  /** FQDN of the coordinator, the node clients connect to (from the cluster's `servers`). */
  readonly coordinatorFqdn: string;
  /** Always `citus`. */
  readonly administratorLogin = COSMOS_POSTGRES_ADMIN_LOGIN;
  /** Always `citus`. */
  readonly databaseName = COSMOS_POSTGRES_DATABASE;
  readonly port = 5432;
  /** libpq keyword/value connection string without the password: host, port, dbname, user, sslmode=require. */
  readonly connectionString: string;
  /** The administrator password, as a Key Vault secret. */
  readonly passwordSecret: VaultSecret;
  readonly firewallRules: Record<string, CosmosdbPostgresqlFirewallRule> = {};
  readonly privateEndpoints: PrivateEndpoint[];

  constructor(scope: Construct, id: string, props: CosmosPostgresClusterProps) {
    super(scope, id);
    const path = this.node.path;
    const location = props.location ?? props.resourceGroup.location;

    const workerCount = props.workers?.count ?? 0;
    if (!Token.isUnresolved(workerCount) && !(Number.isInteger(workerCount) && (workerCount === 0 || (workerCount >= 2 && workerCount <= 20)))) {
      throw new ValidationError(path, `workers.count ${show(workerCount)} is not allowed (allowed: 0 or 2 to 20)`);
    }
    const singleNode = workerCount === 0;

    const edition = props.coordinator?.edition ?? "GeneralPurpose";
    if (!(COSMOS_POSTGRES_EDITIONS as readonly string[]).includes(edition)) {
      throw new ValidationError(path, `coordinator.edition ${show(edition)} is not allowed (allowed: ${COSMOS_POSTGRES_EDITIONS.map((e) => show(e)).join(", ")})`);
    }
    const burstable = edition.startsWith("Burstable");
    if (burstable && !singleNode) {
      throw new ValidationError(path, `coordinator.edition ${show(edition)} is only offered on a single-node cluster, and workers.count is ${workerCount} (allowed with workers: "GeneralPurpose", "MemoryOptimized")`);
    }
    if (burstable && props.highAvailability) {
      throw new ValidationError(path, `highAvailability is not available with Burstable compute (coordinator.edition ${show(edition)}; use "GeneralPurpose" or "MemoryOptimized")`);
    }

    const vCores = props.coordinator?.vCores ?? (burstable ? BURSTABLE_VCORES[edition][0] : singleNode ? 2 : 4);
    const storageMb = props.coordinator?.storageMb ?? 128 * GIB;
    if (burstable) {
      const what = `a Burstable coordinator (edition ${show(edition)})`;
      checkOffered(path, "coordinator.vCores", vCores, what, BURSTABLE_VCORES[edition]);
      checkOffered(path, "coordinator.storageMb", storageMb, what, BURSTABLE_STORAGE_MB);
    } else if (singleNode) {
      checkOffered(path, "coordinator.vCores", vCores, "a single-node cluster", SINGLE_NODE_VCORES);
      const large = Token.isUnresolved(vCores) || vCores >= SINGLE_NODE_LARGE_STORAGE_MIN_VCORES;
      checkOffered(
        path, "coordinator.storageMb", storageMb, `a single-node cluster with ${vCores} vCores`,
        large ? [...SINGLE_NODE_STORAGE_MB, ...SINGLE_NODE_LARGE_STORAGE_MB] : SINGLE_NODE_STORAGE_MB,
        large ? "" : `; ${SINGLE_NODE_LARGE_STORAGE_MB.join(" and ")} need ${SINGLE_NODE_LARGE_STORAGE_MIN_VCORES} vCores or more`,
      );
    } else {
      checkOffered(path, "coordinator.vCores", vCores, "the coordinator of a multi-node cluster", COORDINATOR_VCORES);
      checkOffered(path, "coordinator.storageMb", storageMb, "the coordinator of a multi-node cluster", COORDINATOR_STORAGE_MB);
    }

    const workerEdition = props.workers?.edition ?? "MemoryOptimized";
    const workerVCores = props.workers?.vCores ?? 4;
    const workerStorageMb = props.workers?.storageMb ?? 512 * GIB;
    if (!singleNode) {
      if (workerEdition !== "GeneralPurpose" && workerEdition !== "MemoryOptimized") {
        throw new ValidationError(path, `workers.edition ${show(workerEdition)} is not offered for worker nodes (allowed: "GeneralPurpose", "MemoryOptimized")`);
      }
      checkOffered(path, "workers.vCores", workerVCores, "worker nodes", WORKER_VCORES);
      checkOffered(path, "workers.storageMb", workerStorageMb, "worker nodes", WORKER_STORAGE_MB);
    }

    const postgresVersion = props.postgresVersion ?? "16";
    if (!Token.isUnresolved(postgresVersion) && !(COSMOS_POSTGRES_VERSIONS as readonly string[]).includes(postgresVersion)) {
      throw new ValidationError(path, `postgresVersion ${show(postgresVersion)} is not offered for new clusters (allowed: ${COSMOS_POSTGRES_VERSIONS.map((v) => show(v)).join(", ")})`);
    }
    const citusVersions = COSMOS_POSTGRES_CITUS_VERSIONS[postgresVersion] ?? [];
    const citusVersion = props.citusVersion ?? citusVersions[0];
    if (!Token.isUnresolved(citusVersion) && !Token.isUnresolved(postgresVersion) && !citusVersions.includes(citusVersion)) {
      throw new ValidationError(path, `citusVersion ${show(citusVersion)} does not match postgresVersion ${show(postgresVersion)} (allowed: ${citusVersions.map((v) => show(v)).join(", ")})`);
    }

    if (props.preferredPrimaryZone) requireZones(path, location, `preferred primary zone ${show(props.preferredPrimaryZone)}`);
    const window = {
      dayOfWeek: props.maintenanceWindow?.dayOfWeek ?? 0,
      startHour: props.maintenanceWindow?.startHour ?? 2,
      startMinute: props.maintenanceWindow?.startMinute ?? 0,
    };
    checkWholeNumber(path, "maintenanceWindow.dayOfWeek", window.dayOfWeek, 0, 6);
    checkWholeNumber(path, "maintenanceWindow.startHour", window.startHour, 0, 23);
    checkWholeNumber(path, "maintenanceWindow.startMinute", window.startMinute, 0, 59);

    const publicAccess = props.publicNetworkAccess ?? false;
    if (!publicAccess && props.firewallRules?.length) {
      throw new ValidationError(path, "firewallRules need publicNetworkAccess: true");
    }
    const rules: Record<string, { start: string; end: string }> = {};
    for (const rule of props.firewallRules ?? []) {
      const range = ipv4Range(path, rule);
      checkUnique(path, "firewall rule", rule.name, rules);
      rules[rule.name] = range;
    }

    Annotations.of(this).addWarning(COSMOS_POSTGRES_RETIREMENT_WARNING);

    this.name = resourceName(this, "cosmosPostgresCluster", props.name, props.instance);
    const password = props.passwordVault.addGeneratedSecret(`${id}AdminPassword`, {
      name: props.passwordSecretName ?? "cosmos-postgres-admin-password",
      length: 32,
    });
    this.passwordSecret = password;

    this.resource = new CosmosdbPostgresqlCluster(this, "Resource", {
      name: this.name,
      location,
      resourceGroupName: props.resourceGroup.name,
      administratorLoginPassword: password.value,
      sqlVersion: postgresVersion,
      citusVersion,
      coordinatorServerEdition: edition,
      coordinatorVcoreCount: vCores,
      coordinatorStorageQuotaInMb: storageMb,
      nodeCount: workerCount,
      ...(singleNode ? {} : { nodeServerEdition: workerEdition, nodeVcores: workerVCores, nodeStorageQuotaInMb: workerStorageMb }),
      haEnabled: props.highAvailability ?? false,
      shardsOnCoordinatorEnabled: props.shardsOnCoordinator ?? singleNode,
      preferredPrimaryZone: props.preferredPrimaryZone,
      // azurerm defaults coordinator public access to true; private unless asked for.
      coordinatorPublicIpAccessEnabled: publicAccess,
      nodePublicIpAccessEnabled: false,
      maintenanceWindow: window,
    });
    this.id = this.resource.id;
    // The coordinator is the server named `<cluster>-c` (workers are `-w0`, `-w1`, ...), per the
    // REST API's examples; select it by name rather than by its position in the list.
    this.coordinatorFqdn = Token.asString(
      Fn.one(TerraformIterator.fromList(this.resource.servers).forExpressionForList('val.fqdn if endswith(val.name, "-c")')),
    );
    this.connectionString = `host=${this.coordinatorFqdn} port=${this.port} dbname=${this.databaseName} user=${this.administratorLogin} sslmode=require`;

    for (const [name, range] of Object.entries(rules)) {
      this.firewallRules[name] = new CosmosdbPostgresqlFirewallRule(this, `Firewall-${name}`, {
        name,
        clusterId: this.id,
        startIpAddress: range.start,
        endIpAddress: range.end,
      });
    }

    this.privateEndpoints = addPrivateEndpoints(this, props.privateEndpoints, {
      resourceGroup: props.resourceGroup,
      targetLocation: location,
      targetResourceId: this.id,
      target: "cosmosPostgres/coordinator",
      instance: props.instance ? `cospos-${props.instance}` : "cospos",
    });
    protect(this, this.resource, props, this.name);
  }
}

/** The start and end address of a firewall rule's CIDR; rejects bad names, non-CIDRs and host bits. */
function ipv4Range(path: string, rule: CosmosPostgresFirewallRule): { start: string; end: string } {
  if (!FIREWALL_RULE_NAME.test(rule.name)) {
    throw new ValidationError(path, `firewall rule name ${show(rule.name)} is not allowed (allowed: 2 or more letters, digits, underscores, periods and hyphens, starting with a letter or digit and ending with a letter, digit or underscore)`);
  }
  if (!ipaddr.IPv4.isValidCIDR(rule.cidr)) throw new ValidationError(path, `firewall rule ${show(rule.name)}: ${show(rule.cidr)} is not an IPv4 CIDR`);
  const network = ipaddr.IPv4.networkAddressFromCIDR(rule.cidr).toString();
  const [address, prefix] = rule.cidr.split("/");
  if (network !== address) {
    throw new ValidationError(path, `firewall rule ${show(rule.name)}: ${show(rule.cidr)} has host bits set (did you mean ${network}/${prefix}?)`);
  }
  return { start: network, end: ipaddr.IPv4.broadcastAddressFromCIDR(rule.cidr).toString() };
}
