import { ManagementLock } from "@cdktf/provider-azurerm/lib/management-lock";
import { MonitorDiagnosticSetting } from "@cdktf/provider-azurerm/lib/monitor-diagnostic-setting";
import { MssqlDatabase } from "@cdktf/provider-azurerm/lib/mssql-database";
import { MssqlFailoverGroup } from "@cdktf/provider-azurerm/lib/mssql-failover-group";
import { MssqlOutboundFirewallRule } from "@cdktf/provider-azurerm/lib/mssql-outbound-firewall-rule";
import { MssqlServer } from "@cdktf/provider-azurerm/lib/mssql-server";
import { MssqlServerExtendedAuditingPolicy } from "@cdktf/provider-azurerm/lib/mssql-server-extended-auditing-policy";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { resourceName } from "../core/azure-stack";
import { checkRegion, checkWholeNumber, requireZones } from "../core/checks";
import { ValidationError, show } from "../core/errors";
import { type IResourceGroup, type ProtectionProps, protect } from "../core/interfaces";
import { region } from "../core/regions";
import { didYouMean } from "../core/suggest";
import type { PrivateEndpointProps } from "../network/interfaces";
import { type PrivateEndpoint, addPrivateEndpoints } from "../network/private-endpoint";
import { type DiagnosticSettingsProps, addDiagnosticSetting } from "../observability/diagnostic-settings";

/*
 * Azure SQL Database: a logical server (`azurerm_mssql_server`), one database
 * (`azurerm_mssql_database`) and, for disaster recovery, a partner server in a second region
 * joined by a failover group (`azurerm_mssql_failover_group`).
 *
 * Sources, read 2026-11-29:
 * - azurerm 4.55 bindings and website/docs/r/mssql_server, mssql_database, mssql_failover_group,
 *   mssql_server_extended_auditing_policy; the provider's schema and validators
 *   (internal/services/mssql: DatabaseSkuName, DatabaseAutoPauseDelay 15-10080 or -1,
 *   min_capacity steps, max_size_gb 1-4096, read_replica_count 0-4, storage_account_type
 *   Geo/GeoZone/Local/Zone default Geo, short_term_retention_policy retention_days 1-35 and
 *   backup_interval_in_hours 12|24, transparent_data_encryption_enabled default true and only
 *   switchable off on DW SKUs, minimum_tls_version "1.2" the only value the 4.x page documents);
 * - learn.microsoft.com/azure/azure-sql/database/resource-limits-vcore-single-databases
 *   (min-max vCores and max data size per SKU), serverless-tier-overview (serverless on General
 *   Purpose and Hyperscale; auto-pause on General Purpose only; auto-pause delay 15-10080 minutes),
 *   serverless-tier-auto-pause-resume ("Features that prevent auto-pausing": geo-replication and
 *   failover groups, long-term backup retention, DNS aliases), auto-failover-group-sql-db
 *   (listeners `<group>.database.windows.net` and `<group>.secondary.database.windows.net`;
 *   grace period of an Automatic policy at least one hour), connectivity-architecture
 *   (Redirect is the recommended connection policy), authentication-azure-ad-only-authentication,
 *   authentication-aad-configure (contained users: CREATE USER ... FROM EXTERNAL PROVIDER);
 * - learn.microsoft.com/azure/private-link/private-endpoint-dns (`sqlServer`,
 *   privatelink.database.windows.net).
 */

/** The TDS port clients connect to (`<server>.database.windows.net:1433`). */
export const SQL_PORT = 1433;

/** The serverless SKUs (`GP_S_Gen5_<max vCores>`) and their floor of `minCapacity` (resource-limits-vcore-single-databases). */
const SERVERLESS: Readonly<Record<number, { readonly minFloor: number; readonly maxDataGb: number }>> = {
  1: { minFloor: 0.5, maxDataGb: 512 },
  2: { minFloor: 0.5, maxDataGb: 1024 },
  4: { minFloor: 0.5, maxDataGb: 1024 },
  6: { minFloor: 0.75, maxDataGb: 1024 },
  8: { minFloor: 1, maxDataGb: 2048 },
  10: { minFloor: 1.25, maxDataGb: 2048 },
  12: { minFloor: 1.5, maxDataGb: 3072 },
  14: { minFloor: 1.75, maxDataGb: 3072 },
  16: { minFloor: 2, maxDataGb: 3072 },
  18: { minFloor: 2.25, maxDataGb: 3072 },
  20: { minFloor: 2.5, maxDataGb: 3072 },
  24: { minFloor: 3, maxDataGb: 4096 },
  32: { minFloor: 4, maxDataGb: 4096 },
  40: { minFloor: 5, maxDataGb: 4096 },
};

/** Max data size of provisioned General Purpose and Business Critical Gen5 (the two tables agree). */
const PROVISIONED_MAX_DATA_GB: Readonly<Record<number, number>> = {
  2: 1024, 4: 1024, 6: 1536, 8: 2048, 10: 2048, 12: 3072, 14: 3072, 16: 3072, 18: 3072, 20: 3072, 24: 4096, 32: 4096, 40: 4096, 80: 4096,
};

const PROVISIONED_VCORES = [2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 24, 32, 40, 80] as const;
const SERVERLESS_VCORES = [1, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 24, 32, 40] as const;

/**
 * The vCore SKUs (standard-series Gen5) SqlDatabase offers: General Purpose serverless
 * (`GP_S_Gen5_<max vCores>`), provisioned General Purpose, Business Critical and Hyperscale. DTU
 * SKUs (Basic, S0-S12, P1-P15) are left out: they have no serverless, no zone redundancy below
 * Premium, and Microsoft's current guidance is vCore. Export for profile schemas.
 */
export const SQL_DATABASE_SKUS = [
  ...SERVERLESS_VCORES.map((n) => `GP_S_Gen5_${n}` as const),
  ...PROVISIONED_VCORES.map((n) => `GP_Gen5_${n}` as const),
  ...PROVISIONED_VCORES.map((n) => `BC_Gen5_${n}` as const),
  ...PROVISIONED_VCORES.map((n) => `HS_Gen5_${n}` as const),
] as const;
export type SqlDatabaseSku = (typeof SQL_DATABASE_SKUS)[number];

export type SqlServiceTier = "GeneralPurpose" | "BusinessCritical" | "Hyperscale";

/** What one SKU is: tier, compute model, vCores and the largest `maxSizeGb` Azure accepts. */
export interface SqlSkuInfo {
  readonly sku: SqlDatabaseSku;
  readonly tier: SqlServiceTier;
  readonly serverless: boolean;
  /** Max vCores (serverless) or vCores (provisioned). */
  readonly vCores: number;
  /** The smallest `minCapacity` of a serverless SKU; undefined for provisioned compute. */
  readonly minCapacityFloor?: number;
  /** Max data size in GB; undefined for Hyperscale (storage grows by itself, up to 128 TB). */
  readonly maxDataGb?: number;
}

/** Tier, compute model and limits of `sku` (resource-limits-vcore-single-databases). */
export function sqlSkuInfo(sku: SqlDatabaseSku): SqlSkuInfo {
  const vCores = Number(sku.slice(sku.lastIndexOf("_") + 1));
  if (sku.startsWith("GP_S_")) {
    const limits = SERVERLESS[vCores];
    return { sku, tier: "GeneralPurpose", serverless: true, vCores, minCapacityFloor: limits.minFloor, maxDataGb: limits.maxDataGb };
  }
  if (sku.startsWith("HS_")) return { sku, tier: "Hyperscale", serverless: false, vCores };
  return { sku, tier: sku.startsWith("BC_") ? "BusinessCritical" : "GeneralPurpose", serverless: false, vCores, maxDataGb: PROVISIONED_MAX_DATA_GB[vCores] };
}

/** The `min_capacity` values azurerm 4.55 accepts (serverless minimum vCores). */
export const SQL_MIN_CAPACITY_STEPS = [0.5, 0.75, 1, 1.25, 1.5, 1.75, 2, 2.25, 2.5, 3, 4, 5, 6, 8, 10, 12, 14, 16, 18, 20, 24, 32, 40] as const;

/** Where backups are kept (`storage_account_type`); changing it recreates nothing but applies to new backups only. */
export type SqlBackupStorageRedundancy = "Geo" | "GeoZone" | "Local" | "Zone";

/** Long-term retention of full backups (Azure keeps them in RA-GRS blobs, billed per GB). Durations are ISO 8601: `P<n>D`, `P<n>W`, `P<n>M`, `P<n>Y`. */
export interface SqlLongTermRetention {
  /** Keep each weekly full backup this long: 1 to 520 weeks. @default - no weekly backups kept */
  readonly weekly?: string;
  /** Keep the first full backup of each month this long: 1 to 120 months. @default - no monthly backups kept */
  readonly monthly?: string;
  /** Keep the backup of week `weekOfYear` this long: 1 to 10 years. @default - no yearly backups kept */
  readonly yearly?: string;
  /** The week (1-52) whose backup is the yearly one. @default 1 */
  readonly weekOfYear?: number;
}

/** The Entra ID administrator of the server: a group is Microsoft's recommendation (members come and go without a change here). */
export interface SqlEntraAdministrator {
  /** Display name of the user, group or application, as SQL shows it (`login_username`). */
  readonly loginName: string;
  /** Object id of the user or group, or the application's service principal. */
  readonly objectId: string;
}

/** A partner server in a second region and the failover group that replicates the database to it. */
export interface SqlGeoSecondaryProps {
  /** Resource group of the partner server (usually one in the secondary region). */
  readonly resourceGroup: IResourceGroup;
  /** Region of the partner server; must differ from the primary's. @default - the resource group's location */
  readonly location?: string;
  /** @default - generated: `sql-<workload>-<env>-<region>-<secondary region code>-<suffix>` */
  readonly name?: string;
  /** @default - generated: `sqlfg-<workload>-<env>[-<instance>]-<suffix>` */
  readonly failoverGroupName?: string;
  /**
   * `Automatic`: Azure fails over after an outage it cannot mitigate within `graceMinutes`
   * (possible data loss up to the replication lag). `Manual`: you fail over yourself.
   * @default "Automatic"
   */
  readonly failoverMode?: "Automatic" | "Manual";
  /** Minutes Azure waits before a failover with data loss (Automatic only): at least 60. @default 60 (the seed's RTO of one hour) */
  readonly graceMinutes?: number;
  /** Fail the read-only listener over to the primary when the secondary is unavailable. @default false */
  readonly readOnlyEndpointFailover?: boolean;
  /** Private endpoints to the partner server (in the secondary region's VNet). @default - none */
  readonly privateEndpoints?: readonly PrivateEndpointProps[];
}

export interface SqlDatabaseProps extends ProtectionProps {
  readonly resourceGroup: IResourceGroup;
  /** Name of the logical server; forces a new server when changed. @default - generated: `sql-<workload>-<env>-<region>[-<instance>]-<suffix>` */
  readonly serverName?: string;
  /** Name of the database; forces a new database when changed. @default - generated: `sqldb-<workload>-<env>-<region>[-<instance>]` */
  readonly name?: string;
  /** Distinguishes several SQL servers in one stack, in generated names. @default - none */
  readonly instance?: string;
  /** @default - the resource group's location */
  readonly location?: string;
  /**
   * The server's Entra ID administrator. The server accepts Entra ID authentication only
   * (`azuread_authentication_only = true`): no SQL administrator login or password exists.
   */
  readonly entraAdministrator: SqlEntraAdministrator;
  /**
   * Compute and tier (`SQL_DATABASE_SKUS`; `sqlSkuInfo` tells the limits). `GP_S_Gen5_<n>` is
   * General Purpose serverless with up to `n` vCores.
   * @default "GP_S_Gen5_2"
   */
  readonly sku?: SqlDatabaseSku;
  /** Serverless only: the vCores always allocated while the database is online. @default - the SKU's floor (0.5 for GP_S_Gen5_1 to _4) */
  readonly minCapacity?: number;
  /**
   * Serverless General Purpose only: minutes without sessions or CPU before the database pauses
   * (15-10080), or -1 never to pause. Azure does not pause a database that is geo-replicated or
   * has long-term retention, so those combinations need -1.
   * @default 60 on a serverless SKU; -1 with `geoSecondary` or `longTermRetention`
   */
  readonly autoPauseDelayMinutes?: number;
  /** Maximum data size in GB, up to the SKU's limit. Not used by Hyperscale. @default 32 */
  readonly maxSizeGb?: number;
  /** Replicas spread over availability zones (General Purpose, Business Critical, Hyperscale in regions with zones). @default false */
  readonly zoneRedundant?: boolean;
  /** Where backups are kept. AZ-SQL-004 requires Geo or GeoZone in prod. @default "Geo" */
  readonly backupStorageRedundancy?: SqlBackupStorageRedundancy;
  /** Point-in-time restore window, 1-35 days. @default 7 */
  readonly shortTermRetentionDays?: number;
  /** Hours between differential backups, 12 or 24 (not Hyperscale). @default 12 */
  readonly backupIntervalHours?: 12 | 24;
  /** Long-term retention of full backups (e.g. `{ yearly: "P1Y" }`). @default - none */
  readonly longTermRetention?: SqlLongTermRetention;
  /** Business Critical only: route `ApplicationIntent=ReadOnly` connections to a readable replica. @default - Azure's (on for Business Critical) */
  readonly readScale?: boolean;
  /** Hyperscale only: named high-availability replicas (0-4), readable with `ApplicationIntent=ReadOnly`. @default - Azure's (0) */
  readonly readReplicaCount?: number;
  /** Collation; forces a new database when changed. @default "SQL_Latin1_General_CP1_CI_AS" */
  readonly collation?: string;
  /** @default false */
  readonly publicNetworkAccess?: boolean;
  /**
   * `Redirect`: clients connect straight to the node hosting the database after the gateway
   * (lower latency; through a private endpoint the client reaches ports 1433 and 1024-65535 on the
   * endpoint's address). `Proxy`: everything through the gateway on 1433. `Default`: Redirect
   * from inside Azure, Proxy from outside.
   * @default "Redirect" (Microsoft's recommendation)
   */
  readonly connectionPolicy?: "Default" | "Redirect" | "Proxy";
  /**
   * Restrict the server's outbound traffic (exports, linked features) to these FQDNs
   * (`outbound_network_restriction_enabled` and one outbound firewall rule each).
   * @default - outbound traffic not restricted
   */
  readonly outboundFirewallFqdns?: readonly string[];
  /** Private endpoints to the server (`sqlServer` sub-resource, zone `privatelink.database.windows.net`). @default - none */
  readonly privateEndpoints?: readonly PrivateEndpointProps[];
  /**
   * Auditing and diagnostics to a Log Analytics workspace: server auditing
   * (`azurerm_mssql_server_extended_auditing_policy` with `log_monitoring_enabled`) and its
   * `SQLSecurityAuditEvents` through a diagnostic setting on the `master` database (the documented
   * pattern), plus the database's logs and metrics.
   * @default - no auditing, no diagnostics (AZ-SQL-005 flags a server without auditing)
   */
  readonly diagnosticSettings?: DiagnosticSettingsProps;
  /** A geo-secondary in a second region through a failover group (the database is replicated by Azure). @default - none */
  readonly geoSecondary?: SqlGeoSecondaryProps;
}

/**
 * Azure SQL Database: a logical server that accepts Entra ID authentication only, TLS 1.2, no
 * public network access, a system-assigned identity; one database (General Purpose serverless by
 * default) with TDE, Geo backups and point-in-time restore; optionally long-term retention,
 * auditing to Log Analytics and a geo-secondary through a failover group.
 *
 * Database users are T-SQL, not Azure RBAC: Terraform's azurerm provider cannot create them. After
 * the first apply, the Entra ID administrator connects to the database (through the private
 * endpoint) and runs, once per app identity, the statements `userSql(...)` returns:
 * `CREATE USER [<identity name>] FROM EXTERNAL PROVIDER; ALTER ROLE db_datareader ADD MEMBER [...]; ...`.
 * Apps then connect with `connectionString()` (no secret).
 */
export class SqlDatabase extends Construct {
  readonly server: MssqlServer;
  readonly database: MssqlDatabase;
  /** ARM id of the logical server. */
  readonly serverId: string;
  readonly serverName: string;
  /** `<server>.database.windows.net`. */
  readonly fqdn: string;
  /** ARM id of the database. */
  readonly id: string;
  readonly name: string;
  readonly sku: SqlDatabaseSku;
  /** Principal id of the server's system-assigned identity. */
  readonly principalId: string;
  /** The effective auto-pause delay (-1: never pauses); undefined for provisioned SKUs. */
  readonly autoPauseDelayMinutes?: number;
  readonly privateEndpoints: PrivateEndpoint[];
  /** The partner server, with `geoSecondary`. */
  readonly secondaryServer?: MssqlServer;
  readonly failoverGroup?: MssqlFailoverGroup;
  /**
   * The host name apps use: the failover group's read-write listener
   * (`<group>.database.windows.net`, follows failovers) with `geoSecondary`, else the server's.
   */
  readonly readWriteFqdn: string;
  /**
   * Where read-only work goes: the failover group's read-only listener
   * (`<group>.secondary.database.windows.net`) with `geoSecondary`; else the server (with
   * `ApplicationIntent=ReadOnly` Business Critical and Hyperscale route it to a replica).
   */
  readonly readOnlyFqdn: string;

  constructor(scope: Construct, id: string, props: SqlDatabaseProps) {
    super(scope, id);
    const path = this.node.path;
    const location = props.location ?? props.resourceGroup.location;
    const sku = checkSku(path, props.sku ?? "GP_S_Gen5_2");
    this.sku = sku;
    const info = sqlSkuInfo(sku);
    const ltr = props.longTermRetention;
    checkEntraAdministrator(path, props.entraAdministrator);
    const pause = checkCompute(path, props, info);
    this.autoPauseDelayMinutes = pause;
    const maxSizeGb = props.maxSizeGb ?? (info.tier === "Hyperscale" ? undefined : 32);
    if (maxSizeGb !== undefined && !Token.isUnresolved(maxSizeGb)) {
      if (info.tier === "Hyperscale") {
        throw new ValidationError(path, `maxSizeGb ${maxSizeGb} does not apply to Hyperscale ${show(sku)} (its storage grows by itself); leave maxSizeGb out`);
      }
      checkWholeNumber(path, "maxSizeGb", maxSizeGb, 1, info.maxDataGb ?? 4096);
    }
    if (props.zoneRedundant) requireZones(path, location, "zoneRedundant");
    const redundancy = props.backupStorageRedundancy ?? "Geo";
    if (!(["Geo", "GeoZone", "Local", "Zone"] as const).includes(redundancy)) {
      throw new ValidationError(path, `backupStorageRedundancy ${show(redundancy)} is not allowed (allowed: Geo, GeoZone, Local, Zone)`);
    }
    if (redundancy === "Zone" || redundancy === "GeoZone") requireZones(path, location, `backupStorageRedundancy ${show(redundancy)}`);
    const retentionDays = props.shortTermRetentionDays ?? 7;
    checkWholeNumber(path, "shortTermRetentionDays", retentionDays, 1, 35);
    if (props.backupIntervalHours !== undefined && !Token.isUnresolved(props.backupIntervalHours)) {
      if (info.tier === "Hyperscale") throw new ValidationError(path, `backupIntervalHours ${props.backupIntervalHours} cannot be set on Hyperscale ${show(sku)} (Azure takes its snapshots itself); leave it out`);
      if (props.backupIntervalHours !== 12 && props.backupIntervalHours !== 24) {
        throw new ValidationError(path, `backupIntervalHours ${props.backupIntervalHours} is not allowed (allowed: 12 or 24)`);
      }
    }
    if (ltr) checkLongTermRetention(path, ltr);
    if (props.readScale !== undefined && info.tier !== "BusinessCritical") {
      throw new ValidationError(
        path,
        `readScale applies to Business Critical only (its built-in readable replica); ${show(sku)} has none: read through geoSecondary's read-only listener, or use a BC_Gen5_<n> or HS_Gen5_<n> SKU`,
      );
    }
    if (props.readReplicaCount !== undefined) {
      if (info.tier !== "Hyperscale") {
        throw new ValidationError(path, `readReplicaCount applies to Hyperscale only (HS_Gen5_<n>); ${show(sku)} has none: read through geoSecondary's read-only listener instead`);
      }
      checkWholeNumber(path, "readReplicaCount", props.readReplicaCount, 0, 4);
    }
    const connectionPolicy = props.connectionPolicy ?? "Redirect";
    if (!["Default", "Redirect", "Proxy"].includes(connectionPolicy)) {
      throw new ValidationError(path, `connectionPolicy ${show(connectionPolicy)} is not allowed (allowed: Default, Redirect, Proxy)`);
    }
    const geo = props.geoSecondary;
    const secondaryLocation = geo ? (geo.location ?? geo.resourceGroup.location) : undefined;
    if (geo) checkGeoSecondary(path, location, secondaryLocation as string, geo);

    this.serverName = resourceName(this, "sqlServer", props.serverName, props.instance);
    const outbound = props.outboundFirewallFqdns ?? [];
    this.server = this.newServer("Server", {
      name: this.serverName,
      location,
      resourceGroup: props.resourceGroup,
      admin: props.entraAdministrator,
      publicNetworkAccess: props.publicNetworkAccess ?? false,
      connectionPolicy,
      outboundRestricted: outbound.length > 0,
    });
    this.serverId = this.server.id;
    this.fqdn = this.server.fullyQualifiedDomainName;
    this.principalId = this.server.identity.principalId;
    const seen = new Set<string>();
    outbound.forEach((fqdn, i) => {
      if (!Token.isUnresolved(fqdn) && !/^(?=.{1,253}$)([A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$/.test(fqdn)) {
        throw new ValidationError(path, `outboundFirewallFqdns[${i}] ${show(fqdn)} is not a fully qualified domain name (e.g. "mystorage.blob.core.windows.net")`);
      }
      if (seen.has(fqdn)) throw new ValidationError(path, `outboundFirewallFqdns lists ${show(fqdn)} twice`);
      seen.add(fqdn);
      new MssqlOutboundFirewallRule(this, `Outbound-${fqdn}`, { name: fqdn, serverId: this.serverId });
    });

    this.name = resourceName(this, "sqlDatabase", props.name, props.instance);
    this.database = new MssqlDatabase(this, "Database", {
      name: this.name,
      serverId: this.serverId,
      skuName: sku,
      collation: props.collation ?? "SQL_Latin1_General_CP1_CI_AS",
      maxSizeGb,
      minCapacity: info.serverless ? (props.minCapacity ?? info.minCapacityFloor) : undefined,
      autoPauseDelayInMinutes: pause,
      zoneRedundant: props.zoneRedundant ?? false,
      storageAccountType: redundancy,
      transparentDataEncryptionEnabled: true,
      readScale: props.readScale,
      readReplicaCount: props.readReplicaCount,
      shortTermRetentionPolicy: {
        retentionDays,
        backupIntervalInHours: info.tier === "Hyperscale" ? undefined : (props.backupIntervalHours ?? 12),
      },
      longTermRetentionPolicy: ltr
        ? {
            weeklyRetention: ltr.weekly,
            monthlyRetention: ltr.monthly,
            yearlyRetention: ltr.yearly,
            weekOfYear: ltr.yearly !== undefined ? (ltr.weekOfYear ?? 1) : ltr.weekOfYear,
          }
        : undefined,
    });
    this.id = this.database.id;
    if (props.preventDestroy) this.database.lifecycle = { ...(this.database.lifecycle ?? {}), preventDestroy: true };

    this.privateEndpoints = addPrivateEndpoints(this, props.privateEndpoints, {
      resourceGroup: props.resourceGroup,
      targetLocation: location,
      targetResourceId: this.serverId,
      target: "sqlServer/sqlServer",
      instance: props.instance ? `sql-${props.instance}` : "sql",
    });

    if (props.diagnosticSettings) {
      this.addAuditing("", this.serverId, props.diagnosticSettings);
      addDiagnosticSetting(this, "Diagnostics", this.id, props.diagnosticSettings);
    }

    this.readWriteFqdn = this.fqdn;
    this.readOnlyFqdn = this.fqdn;
    if (geo) {
      const regionCode = Token.isUnresolved(secondaryLocation as string) ? "dr" : region(secondaryLocation as string).short;
      const secondaryName = resourceName(this, "sqlServer", geo.name, props.instance ? `${props.instance}-${regionCode}` : regionCode);
      if (!Token.isUnresolved(secondaryName) && secondaryName === this.serverName) {
        throw new ValidationError(path, `geoSecondary.name ${show(secondaryName)} is the primary server's name; SQL server names are globally unique: give the partner another name`);
      }
      this.secondaryServer = this.newServer("SecondaryServer", {
        name: secondaryName,
        location: secondaryLocation as string,
        resourceGroup: geo.resourceGroup,
        admin: props.entraAdministrator,
        publicNetworkAccess: props.publicNetworkAccess ?? false,
        connectionPolicy,
        outboundRestricted: false,
      });
      addPrivateEndpoints(this, geo.privateEndpoints, {
        resourceGroup: geo.resourceGroup,
        targetLocation: secondaryLocation as string,
        targetResourceId: this.secondaryServer.id,
        target: "sqlServer/sqlServer",
        instance: props.instance ? `sql-${props.instance}-${regionCode}` : `sql-${regionCode}`,
      }).forEach((endpoint) => this.privateEndpoints.push(endpoint));
      if (props.diagnosticSettings) this.addAuditing("Secondary", this.secondaryServer.id, props.diagnosticSettings);
      const groupName = resourceName(this, "sqlFailoverGroup", geo.failoverGroupName, props.instance);
      const mode = geo.failoverMode ?? "Automatic";
      // The failover group creates the secondary database on the partner server itself (same
      // name and SKU); Terraform declares no azurerm_mssql_database for it (declaring one with
      // create_mode "Secondary" as well makes the two race for the same database).
      this.failoverGroup = new MssqlFailoverGroup(this, "FailoverGroup", {
        name: groupName,
        serverId: this.serverId,
        databases: [this.id],
        partnerServer: [{ id: this.secondaryServer.id }],
        readWriteEndpointFailoverPolicy: { mode, graceMinutes: mode === "Automatic" ? (geo.graceMinutes ?? 60) : undefined },
        readonlyEndpointFailoverPolicyEnabled: geo.readOnlyEndpointFailover ?? false,
      });
      this.readWriteFqdn = `${groupName}.database.windows.net`;
      this.readOnlyFqdn = `${groupName}.secondary.database.windows.net`;
    }
    protect(this, this.server, props, this.serverName);
    // Locks on a server reach its databases, but a lock on each stateful resource is what AZ-PROT-002 and reviewers look for.
    if (props.lock) this.lock("DatabaseLock", this.database, this.name, props.lock);
    if (this.secondaryServer) {
      if (props.preventDestroy) this.secondaryServer.lifecycle = { ...(this.secondaryServer.lifecycle ?? {}), preventDestroy: true };
      if (props.lock) this.lock("SecondaryLock", this.secondaryServer, this.secondaryServer.name, props.lock);
    }
  }

  private lock(id: string, resource: { readonly id: string }, name: string, level: "CanNotDelete" | "ReadOnly"): ManagementLock {
    return new ManagementLock(this, id, {
      name: `lock-${name}`,
      scope: resource.id,
      lockLevel: level,
      notes: `Protects ${name} from ${level === "CanNotDelete" ? "deletion" : "changes"}; remove the lock deliberately before decommissioning.`,
    });
  }

  /**
   * An ADO.NET / Microsoft.Data.SqlClient connection string without a secret: Entra ID through
   * `Active Directory Default` (the app's managed identity in Azure, the developer's sign-in
   * locally), or `Active Directory Managed Identity` with a user-assigned identity's client id.
   * `readOnly` targets the read-only listener with `ApplicationIntent=ReadOnly`.
   */
  connectionString(options: { readonly userAssignedClientId?: string; readonly readOnly?: boolean } = {}): string {
    const host = options.readOnly ? this.readOnlyFqdn : this.readWriteFqdn;
    const auth = options.userAssignedClientId
      ? `Authentication=Active Directory Managed Identity;User Id=${options.userAssignedClientId}`
      : "Authentication=Active Directory Default";
    const intent = options.readOnly ? ";ApplicationIntent=ReadOnly" : "";
    return `Server=tcp:${host},${SQL_PORT};Database=${this.name};${auth};Encrypt=True;TrustServerCertificate=False${intent}`;
  }

  /**
   * The one-time T-SQL the Entra ID administrator runs in the database to let an identity in:
   * a contained user from Entra ID and its database roles. `identityName` is the managed
   * identity's (or app registration's, or group's) display name. Terraform cannot run it: the
   * database's users are data plane, not ARM.
   */
  userSql(identityName: string, roles: readonly string[] = ["db_datareader", "db_datawriter"]): string {
    if (!Token.isUnresolved(identityName) && (identityName.length === 0 || identityName.includes("]"))) {
      throw new ValidationError(this.node.path, `identity name ${show(identityName)} cannot be a T-SQL identifier (it must be non-empty and contain no "]")`);
    }
    const statements = [`CREATE USER [${identityName}] FROM EXTERNAL PROVIDER;`];
    for (const role of roles) {
      if (!/^[A-Za-z_][\w]*$/.test(role)) throw new ValidationError(this.node.path, `database role ${show(role)} is not a role name (e.g. "db_datareader")`);
      statements.push(`ALTER ROLE ${role} ADD MEMBER [${identityName}];`);
    }
    return statements.join("\n");
  }

  private newServer(
    id: string,
    o: {
      name: string;
      location: string;
      resourceGroup: IResourceGroup;
      admin: SqlEntraAdministrator;
      publicNetworkAccess: boolean;
      connectionPolicy: string;
      outboundRestricted: boolean;
    },
  ): MssqlServer {
    return new MssqlServer(this, id, {
      name: o.name,
      location: o.location,
      resourceGroupName: o.resourceGroup.name,
      version: "12.0",
      minimumTlsVersion: "1.2",
      publicNetworkAccessEnabled: o.publicNetworkAccess,
      connectionPolicy: o.connectionPolicy,
      outboundNetworkRestrictionEnabled: o.outboundRestricted,
      // Entra ID only: azurerm 4.55 lets administrator_login and its password be omitted then.
      azureadAdministrator: { loginUsername: o.admin.loginName, objectId: o.admin.objectId, azureadAuthenticationOnly: true },
      identity: { type: "SystemAssigned" },
    });
  }

  /** Server auditing to Log Analytics, the azurerm docs' pattern: the audit events of `master` through a diagnostic setting, then the policy. */
  private addAuditing(prefix: string, serverId: string, settings: DiagnosticSettingsProps): void {
    const master = new MonitorDiagnosticSetting(this, `${prefix}AuditDiagnostics`, {
      name: settings.name ?? "to-log-analytics",
      targetResourceId: `${serverId}/databases/master`,
      logAnalyticsWorkspaceId: settings.workspaceId,
      enabledLog: [{ category: "SQLSecurityAuditEvents" }],
    });
    new MssqlServerExtendedAuditingPolicy(this, `${prefix}Auditing`, {
      serverId,
      enabled: true,
      logMonitoringEnabled: true,
      dependsOn: [master],
    });
  }
}

function checkSku(path: string, sku: string): SqlDatabaseSku {
  if (Token.isUnresolved(sku)) {
    throw new ValidationError(path, "sku must be a literal (its tier decides which settings are allowed); use one of SQL_DATABASE_SKUS");
  }
  if ((SQL_DATABASE_SKUS as readonly string[]).includes(sku)) return sku as SqlDatabaseSku;
  let hint = "";
  if (/^(Basic|Free|S\d+|P\d+)$/.test(sku)) hint = `; ${sku} is a DTU SKU, which SqlDatabase does not offer: GP_S_Gen5_1 (serverless) is the smallest vCore one`;
  else {
    const close = didYouMean(sku, SQL_DATABASE_SKUS);
    if (close) hint = `; did you mean ${show(close)}?`;
  }
  throw new ValidationError(
    path,
    `sku ${show(sku)} is not an Azure SQL Database SKU SqlDatabase offers${hint} (allowed: GP_S_Gen5_1-40 serverless, GP_Gen5_2-80, BC_Gen5_2-80, HS_Gen5_2-80; SQL_DATABASE_SKUS lists them)`,
  );
}

/** Serverless settings against the SKU; returns the effective auto-pause delay (undefined for provisioned). */
function checkCompute(path: string, props: SqlDatabaseProps, info: SqlSkuInfo): number | undefined {
  const { sku } = info;
  if (props.minCapacity !== undefined && !Token.isUnresolved(props.minCapacity)) {
    if (!info.serverless) {
      throw new ValidationError(path, `minCapacity ${props.minCapacity} applies to serverless SKUs only (GP_S_Gen5_<n>); ${show(sku)} is provisioned: leave minCapacity out`);
    }
    const floor = info.minCapacityFloor as number;
    const allowed = SQL_MIN_CAPACITY_STEPS.filter((v) => v >= floor && v <= info.vCores);
    if (!allowed.includes(props.minCapacity as (typeof SQL_MIN_CAPACITY_STEPS)[number])) {
      throw new ValidationError(path, `minCapacity ${props.minCapacity} is not allowed for ${show(sku)} (max ${info.vCores} vCores); allowed: ${allowed.join(", ")}`);
    }
  }
  const blockers = [props.geoSecondary ? "geoSecondary (a failover group)" : undefined, props.longTermRetention ? "longTermRetention" : undefined].filter(
    (b): b is string => b !== undefined,
  );
  const delay = props.autoPauseDelayMinutes;
  if (delay === undefined) return info.serverless ? (blockers.length ? -1 : 60) : undefined;
  if (Token.isUnresolved(delay)) return delay;
  if (!info.serverless) {
    throw new ValidationError(path, `autoPauseDelayMinutes ${delay} applies to General Purpose serverless only (GP_S_Gen5_<n>); ${show(sku)} never pauses: leave it out`);
  }
  if (delay !== -1 && (!Number.isInteger(delay) || delay < 15 || delay > 10080)) {
    throw new ValidationError(path, `autoPauseDelayMinutes ${delay} is out of range (allowed: 15 to 10080 minutes, or -1 never to pause)`);
  }
  if (delay !== -1 && blockers.length) {
    throw new ValidationError(
      path,
      `autoPauseDelayMinutes ${delay} cannot take effect with ${blockers.join(" and ")}: Azure keeps a serverless database online while it is geo-replicated or has long-term retention; set autoPauseDelayMinutes: -1 (compute billed at least at minCapacity around the clock) or drop ${blockers.join(" and ")}`,
    );
  }
  return delay;
}

function checkEntraAdministrator(path: string, admin: SqlEntraAdministrator): void {
  if (!Token.isUnresolved(admin.loginName) && admin.loginName.trim() === "") {
    throw new ValidationError(path, "entraAdministrator.loginName is empty; give the display name of the Entra ID group (or user) that administers the server");
  }
  if (!Token.isUnresolved(admin.objectId) && !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(admin.objectId)) {
    throw new ValidationError(path, `entraAdministrator.objectId ${show(admin.objectId)} is not an object id (a GUID such as "00000000-0000-0000-0000-000000000000")`);
  }
}

/** The span each long-term retention field accepts, per ISO 8601 unit (azurerm: weekly 1-520 weeks, monthly 1-120 months, yearly 1-10 years). */
const LTR_RANGES: Record<"weekly" | "monthly" | "yearly", { readonly words: string; readonly units: Record<string, readonly [number, number]> }> = {
  weekly: { words: "1 to 520 weeks", units: { D: [7, 3640], W: [1, 520], M: [1, 120], Y: [1, 10] } },
  monthly: { words: "1 to 120 months", units: { D: [28, 3650], W: [4, 520], M: [1, 120], Y: [1, 10] } },
  yearly: { words: "1 to 10 years", units: { D: [365, 3650], W: [52, 520], M: [12, 120], Y: [1, 10] } },
};

function checkLongTermRetention(path: string, ltr: SqlLongTermRetention): void {
  const fields = ["weekly", "monthly", "yearly"] as const;
  if (fields.every((f) => ltr[f] === undefined)) {
    throw new ValidationError(path, 'longTermRetention keeps nothing: set weekly, monthly or yearly (e.g. { yearly: "P1Y" }), or leave longTermRetention out');
  }
  for (const field of fields) {
    const value = ltr[field];
    if (value === undefined || Token.isUnresolved(value)) continue;
    const match = /^P(\d+)([DWMY])$/.exec(value);
    if (!match) {
      throw new ValidationError(path, `longTermRetention.${field} ${show(value)} is not an ISO 8601 duration Azure accepts (allowed: P<n>D, P<n>W, P<n>M or P<n>Y, e.g. "P1Y")`);
    }
    const [min, max] = LTR_RANGES[field].units[match[2]];
    const n = Number(match[1]);
    if (n < min || n > max) {
      throw new ValidationError(path, `longTermRetention.${field} ${show(value)} is out of range (allowed: ${LTR_RANGES[field].words}, e.g. P${min}${match[2]} to P${max}${match[2]})`);
    }
  }
  if (ltr.weekOfYear !== undefined) checkWholeNumber(path, "longTermRetention.weekOfYear", ltr.weekOfYear, 1, 52);
}

function checkGeoSecondary(path: string, primaryLocation: string, secondaryLocation: string, geo: SqlGeoSecondaryProps): void {
  checkRegion(path, "geoSecondary.location", secondaryLocation);
  if (!Token.isUnresolved(primaryLocation) && !Token.isUnresolved(secondaryLocation) && primaryLocation === secondaryLocation) {
    throw new ValidationError(path, `geoSecondary.location ${show(secondaryLocation)} is the primary's region; a failover group needs its partner server in another region (e.g. the paired region)`);
  }
  const mode = geo.failoverMode ?? "Automatic";
  if (mode !== "Automatic" && mode !== "Manual") throw new ValidationError(path, `geoSecondary.failoverMode ${show(mode)} is not allowed (allowed: Automatic, Manual)`);
  if (geo.graceMinutes !== undefined && !Token.isUnresolved(geo.graceMinutes)) {
    if (mode === "Manual") throw new ValidationError(path, `geoSecondary.graceMinutes ${geo.graceMinutes} applies to failoverMode "Automatic" only; leave it out with "Manual"`);
    if (!Number.isInteger(geo.graceMinutes) || geo.graceMinutes < 60) {
      throw new ValidationError(path, `geoSecondary.graceMinutes ${geo.graceMinutes} is not allowed (allowed: whole minutes, at least 60: Azure waits at least an hour before a failover with data loss)`);
    }
  }
}
