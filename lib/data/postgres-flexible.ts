import { PostgresqlFlexibleServer } from "@cdktf/provider-azurerm/lib/postgresql-flexible-server";
import { PrivateDnsZone } from "@cdktf/provider-azurerm/lib/private-dns-zone";
import { PrivateDnsZoneVirtualNetworkLink } from "@cdktf/provider-azurerm/lib/private-dns-zone-virtual-network-link";
import { PostgresqlFlexibleServerConfiguration } from "@cdktf/provider-azurerm/lib/postgresql-flexible-server-configuration";
import { PostgresqlFlexibleServerDatabase } from "@cdktf/provider-azurerm/lib/postgresql-flexible-server-database";
import { PostgresqlFlexibleServerFirewallRule } from "@cdktf/provider-azurerm/lib/postgresql-flexible-server-firewall-rule";
import { Token } from "cdktf";
import { Construct } from "constructs";
import * as ipaddr from "ipaddr.js";
import { AzureStack, resourceName } from "../core/azure-stack";
import { clientConfig } from "../core/stack-singletons";
import { ValidationError, show } from "../core/errors";
import { type IResourceGroup, type ProtectionProps, protect } from "../core/interfaces";
import { checkName } from "../core/naming";
import { checkRegion, checkUnique, checkWholeNumber, requireZones } from "../core/checks";
import { region } from "../core/regions";
import { ARM_RESOURCE_KINDS, parseResourceId } from "../core/arm-id";
import type { ISubnet, PrivateEndpointProps } from "../network/interfaces";
import { type PrivateEndpoint, addPrivateEndpoints } from "../network/private-endpoint";
import type { IKeyVault, VaultSecret } from "../security/key-vault";

/** Compute SKUs offered by Flexible Server (tier prefix B_, GP_ or MO_ + VM size). */
export const POSTGRES_SKUS = [
  "B_Standard_B1ms", "B_Standard_B2s", "B_Standard_B2ms", "B_Standard_B4ms", "B_Standard_B8ms",
  "GP_Standard_D2s_v3", "GP_Standard_D4s_v3", "GP_Standard_D8s_v3", "GP_Standard_D16s_v3",
  "GP_Standard_D2ds_v4", "GP_Standard_D4ds_v4", "GP_Standard_D8ds_v4", "GP_Standard_D2ds_v5", "GP_Standard_D4ds_v5",
  "MO_Standard_E2s_v3", "MO_Standard_E4s_v3", "MO_Standard_E2ds_v4", "MO_Standard_E4ds_v4", "MO_Standard_E2ds_v5",
  // UGC Creator Studio's "8 vCores, 64 GB" (Memory Optimized Edsv5: 8 vCores, 64 GiB; General
  // Purpose Ddsv5 at 8 vCores has 32 GiB). Learn "Compute options in Azure Database for PostgreSQL"
  // and the Edsv5/Ddsv5 series pages.
  "GP_Standard_D8ds_v5", "MO_Standard_E4ds_v5", "MO_Standard_E8ds_v5",
] as const;
export type PostgresSku = (typeof POSTGRES_SKUS)[number];

/** Storage sizes Flexible Server accepts, in MB. */
export const POSTGRES_STORAGE_MB = [32768, 65536, 131072, 262144, 524288, 1048576, 2097152, 4193280, 4194304, 8388608, 16777216, 33553408] as const;

/**
 * Regions where Flexible Server offers no geo-redundant backup (no paired region): the
 * "Geo-Redundant backup" column of learn.microsoft.com/azure/postgresql/flexible-server/overview#azure-regions
 * (regions table dated 2025-11-18). Use a geo-replica there instead.
 */
export const POSTGRES_NO_GEO_BACKUP_REGIONS: readonly string[] = [
  "australiacentral2", "austriaeast", "brazilsouth", "brazilsoutheast", "chilecentral", "indonesiacentral",
  "israelcentral", "italynorth", "malaysiawest", "mexicocentral", "newzealandnorth", "polandcentral",
  "qatarcentral", "spaincentral", "westus3",
];

export const POSTGRES_VERSIONS = ["13", "14", "15", "16"] as const;

/** The delegation a subnet needs for a VNet-injected server. */
export const POSTGRES_SUBNET_DELEGATION = "Microsoft.DBforPostgreSQL/flexibleServers";

/** What the name of a VNet-injected server's private DNS zone must end with (azurerm docs, `private_dns_zone_id`). */
export const POSTGRES_PRIVATE_DNS_ZONE_SUFFIX = ".postgres.database.azure.com";

export interface PostgresFirewallRule {
  readonly name: string;
  /** An IPv4 CIDR; converted to the start/end addresses Azure takes. */
  readonly cidr: string;
}

export interface PostgresFlexibleProps extends ProtectionProps {
  readonly resourceGroup: IResourceGroup;
  /** @default - generated: `psql-<workload>-<env>-<region>[-<instance>]-<suffix>` */
  readonly name?: string;
  /** Distinguishes several servers in one stack, in generated names. @default - none */
  readonly instance?: string;
  /** @default - the resource group's location */
  readonly location?: string;
  /** @default "16" */
  readonly version?: (typeof POSTGRES_VERSIONS)[number];
  /** @default "GP_Standard_D2s_v3" */
  readonly sku?: PostgresSku;
  /** @default 32768 */
  readonly storageMb?: (typeof POSTGRES_STORAGE_MB)[number];
  /** Grow storage automatically before it fills. @default true */
  readonly autoGrow?: boolean;
  /** 7-35 days. @default 7 */
  readonly backupRetentionDays?: number;
  /** Copy backups to the paired region. Fixed at creation (changing it recreates the server). @default false */
  readonly geoRedundantBackup?: boolean;
  /** Standby replica in another zone (`ZoneRedundant`) or the same zone. Not available on Burstable. @default - none */
  readonly highAvailability?: "ZoneRedundant" | "SameZone";
  /** Availability zone of the primary. @default "1" when zone-redundant HA is on, else Azure's choice */
  readonly zone?: "1" | "2" | "3";
  /** @default "psqladmin" */
  readonly administratorLogin?: string;
  /** Vault that receives the generated administrator password; the password is never a literal. */
  readonly passwordVault: IKeyVault;
  /** @default "postgres-admin-password" */
  readonly passwordSecretName?: string;
  /** Entra ID authentication alongside passwords. @default true */
  readonly entraAuthentication?: boolean;
  /** @default false */
  readonly publicNetworkAccess?: boolean;
  /**
   * Admit connections from any Azure service (the `0.0.0.0` rule). Needed for App Service apps
   * without VNet integration; it also admits other tenants' Azure IPs, so TLS and credentials are
   * the remaining guards. Requires publicNetworkAccess. @default false
   */
  readonly allowAzureServices?: boolean;
  /** Public IPv4 ranges allowed in. Requires publicNetworkAccess. @default - none */
  readonly firewallRules?: readonly PostgresFirewallRule[];
  /** Databases to create (UTF8, en_US.utf8). @default - none */
  readonly databases?: readonly string[];
  /** Weekly maintenance window (UTC). @default - Sunday 02:00 */
  readonly maintenanceWindow?: { readonly dayOfWeek: number; readonly startHour: number };
  /**
   * The built-in PgBouncer (`pgbouncer.enabled`): clients connect on port 6432 and share pooled
   * server connections. Not offered on Burstable SKUs
   * (learn.microsoft.com/azure/postgresql/flexible-server/concepts-pgbouncer).
   * @default false
   */
  readonly connectionPooling?: boolean;
  /**
   * Private endpoints (`postgresqlServer` sub-resource, zone `privatelink.postgres.database.azure.com`),
   * for a server with `publicNetworkAccess: false` reached from a VNet. Not with `delegatedSubnet`:
   * Azure offers private endpoints only to servers in the public-access networking mode.
   * @default - none
   */
  readonly privateEndpoints?: readonly PrivateEndpointProps[];
  /**
   * VNet injection (Azure's "private access" networking mode): the server gets an address in this
   * subnet, which must be delegated to `Microsoft.DBforPostgreSQL/flexibleServers` and hold
   * nothing else. The networking mode is chosen at creation: Azure cannot switch a server between
   * VNet injection and public access / private endpoints, and a change of subnet recreates the
   * server (azurerm: `delegated_subnet_id` forces replacement). Excludes `publicNetworkAccess`,
   * `firewallRules`, `allowAzureServices` and `privateEndpoints`. The delegation of a subnet
   * referenced from outside the stack cannot be checked at synth.
   * @default - none: the public-access networking mode (public access off), reached through `privateEndpoints`
   */
  readonly delegatedSubnet?: ISubnet;
  /**
   * ARM id of an existing private DNS zone for a VNet-injected server (a central one); its name
   * must end with `.postgres.database.azure.com`, and it must be linked to the VNets that resolve
   * the server. Only with `delegatedSubnet`. Can be changed in place.
   * @default - with `delegatedSubnet`, a zone `<server name>.private.postgres.database.azure.com` in the
   *   server's resource group, linked to the subnet's virtual network
   */
  readonly privateDnsZoneId?: string;
}

/**
 * Azure Database for PostgreSQL Flexible Server: private by default, Entra ID authentication,
 * a generated administrator password kept in Key Vault, and the HA and backup settings Azure
 * accepts for the SKU (checked at synth, not at apply).
 */
export class PostgresFlexible extends Construct {
  readonly resource: PostgresqlFlexibleServer;
  readonly id: string;
  readonly name: string;
  readonly fqdn: string;
  readonly administratorLogin: string;
  /** The administrator password, as a Key Vault secret. */
  readonly passwordSecret: VaultSecret;
  readonly databases: Record<string, PostgresqlFlexibleServerDatabase> = {};
  /** The port clients use: 6432 (PgBouncer) with `connectionPooling`, else 5432. */
  readonly port: number;
  readonly privateEndpoints: PrivateEndpoint[];
  /** The private DNS zone of a VNet-injected server, when the construct created it. */
  readonly privateDnsZone?: PrivateDnsZone;
  /** The id of the private DNS zone of a VNet-injected server; undefined without `delegatedSubnet`. */
  readonly privateDnsZoneId?: string;
  /** The compute SKU of the server (read replicas need at least as many vCores). */
  readonly sku: PostgresSku;
  /** The storage of the server in MB (read replicas need at least as much). */
  readonly storageMb: number;
  /** Whether storage grows automatically (read replicas get the same setting). */
  readonly autoGrow: boolean;
  /** The server's region. */
  readonly location: string;
  /** The server's resource group (read replicas default to it). */
  readonly resourceGroup: IResourceGroup;
  /** The subnet of a VNet-injected server; undefined in the public-access networking mode. */
  readonly delegatedSubnet?: ISubnet;
  /** The read replicas added with `addReadReplica`. */
  readonly readReplicas: PostgresReadReplica[] = [];
  private readonly instance?: string;

  constructor(scope: Construct, id: string, props: PostgresFlexibleProps) {
    super(scope, id);
    const sku = props.sku ?? "GP_Standard_D2s_v3";
    const location = props.location ?? props.resourceGroup.location;
    const retention = props.backupRetentionDays ?? 7;
    const path = this.node.path;
    if (props.highAvailability && sku.startsWith("B_")) {
      throw new ValidationError(path, `highAvailability ${JSON.stringify(props.highAvailability)} is not available on the Burstable SKU ${JSON.stringify(sku)} (use a GP_ or MO_ SKU)`);
    }
    if (props.highAvailability === "ZoneRedundant") requireZones(path, location, "zone-redundant high availability");
    checkWholeNumber(path, "backupRetentionDays", retention, 7, 35);
    if (props.geoRedundantBackup && !Token.isUnresolved(location) && POSTGRES_NO_GEO_BACKUP_REGIONS.includes(location)) {
      throw new ValidationError(path, `geoRedundantBackup is not available in ${location}, which has no paired region for Flexible Server backups (use a geo-replica instead)`);
    }
    if (props.zone) requireZones(path, location, `zone ${JSON.stringify(props.zone)}`);
    if (!props.publicNetworkAccess && props.allowAzureServices) {
      throw new ValidationError(path, "allowAzureServices needs publicNetworkAccess: true");
    }
    if (!props.publicNetworkAccess && props.firewallRules?.length) {
      throw new ValidationError(path, "firewallRules need publicNetworkAccess: true");
    }
    if (props.connectionPooling && !Token.isUnresolved(sku) && sku.startsWith("B_")) {
      throw new ValidationError(path, `connectionPooling is not available on the Burstable SKU ${JSON.stringify(sku)} (PgBouncer needs a GP_ or MO_ SKU)`);
    }
    checkVnetInjection(path, props);
    this.sku = sku;
    this.storageMb = props.storageMb ?? 32768;
    this.autoGrow = props.autoGrow ?? true;
    this.location = location;
    this.resourceGroup = props.resourceGroup;
    this.delegatedSubnet = props.delegatedSubnet;
    this.instance = props.instance;
    this.name = resourceName(this, "postgresFlexibleServer", props.name, props.instance);
    const injected = props.delegatedSubnet;
    let zoneLink: PrivateDnsZoneVirtualNetworkLink | undefined;
    if (injected && props.privateDnsZoneId === undefined) {
      this.privateDnsZone = new PrivateDnsZone(this, "PrivateDnsZone", {
        name: `${this.name}.private${POSTGRES_PRIVATE_DNS_ZONE_SUFFIX}`,
        resourceGroupName: props.resourceGroup.name,
      });
      zoneLink = new PrivateDnsZoneVirtualNetworkLink(this, "PrivateDnsZoneLink", {
        name: `${injected.virtualNetwork.name}-link`,
        resourceGroupName: props.resourceGroup.name,
        privateDnsZoneName: this.privateDnsZone.name,
        virtualNetworkId: injected.virtualNetwork.id,
        registrationEnabled: false,
      });
    }
    this.privateDnsZoneId = injected ? (props.privateDnsZoneId ?? this.privateDnsZone?.id) : undefined;
    this.administratorLogin = props.administratorLogin ?? "psqladmin";
    const generated = props.passwordVault.addGeneratedSecret(`${id}AdminPassword`, {
      name: props.passwordSecretName ?? "postgres-admin-password",
      length: 32,
    });
    this.passwordSecret = generated;
    const entra = props.entraAuthentication ?? true;
    const zone = props.zone ?? (props.highAvailability === "ZoneRedundant" ? "1" : undefined);
    this.resource = new PostgresqlFlexibleServer(this, "Resource", {
      name: this.name,
      location,
      resourceGroupName: props.resourceGroup.name,
      version: props.version ?? "16",
      skuName: sku,
      storageMb: this.storageMb,
      autoGrowEnabled: this.autoGrow,
      backupRetentionDays: retention,
      geoRedundantBackupEnabled: props.geoRedundantBackup ?? false,
      zone,
      highAvailability: props.highAvailability
        ? { mode: props.highAvailability, standbyAvailabilityZone: props.highAvailability === "ZoneRedundant" ? (zone === "2" ? "3" : "2") : undefined }
        : undefined,
      administratorLogin: this.administratorLogin,
      administratorPassword: generated.value,
      authentication: {
        passwordAuthEnabled: true,
        activeDirectoryAuthEnabled: entra,
        tenantId: entra ? (AzureStack.find(this)?.tenantId ?? clientConfig(this).tenantId) : undefined,
      },
      publicNetworkAccessEnabled: props.publicNetworkAccess ?? false,
      delegatedSubnetId: injected?.id,
      privateDnsZoneId: this.privateDnsZoneId,
      // The server registers its address in the zone while it is created: the link must exist first (azurerm's example).
      dependsOn: zoneLink ? [zoneLink] : undefined,
      maintenanceWindow: {
        dayOfWeek: props.maintenanceWindow?.dayOfWeek ?? 0,
        startHour: props.maintenanceWindow?.startHour ?? 2,
        startMinute: 0,
      },
      // After a failover Azure swaps the zones; do not fail back on the next apply.
      lifecycle: { ignoreChanges: ["zone", "high_availability[0].standby_availability_zone"] },
    });
    this.id = this.resource.id;
    this.fqdn = this.resource.fqdn;
    if (props.allowAzureServices) {
      new PostgresqlFlexibleServerFirewallRule(this, "AllowAzureServices", {
        name: "AllowAllAzureServicesAndResourcesWithinAzureIps",
        serverId: this.id,
        startIpAddress: "0.0.0.0",
        endIpAddress: "0.0.0.0",
      });
    }
    for (const rule of props.firewallRules ?? []) {
      if (!/^[\w-]{1,128}$/.test(rule.name)) {
        throw new ValidationError(path, `firewall rule name ${JSON.stringify(rule.name)} is not allowed (allowed: 1-128 letters, digits, hyphens and underscores)`);
      }
      if (!ipaddr.IPv4.isValidCIDR(rule.cidr)) throw new ValidationError(path, `firewall rule ${JSON.stringify(rule.name)}: ${JSON.stringify(rule.cidr)} is not an IPv4 CIDR`);
      if (ipaddr.IPv4.networkAddressFromCIDR(rule.cidr).toString() !== rule.cidr.split("/")[0]) {
        throw new ValidationError(path, `firewall rule ${JSON.stringify(rule.name)}: ${JSON.stringify(rule.cidr)} has host bits set (did you mean ${ipaddr.IPv4.networkAddressFromCIDR(rule.cidr).toString()}/${rule.cidr.split("/")[1]}?)`);
      }
      new PostgresqlFlexibleServerFirewallRule(this, `Firewall-${rule.name}`, {
        name: rule.name,
        serverId: this.id,
        startIpAddress: ipaddr.IPv4.networkAddressFromCIDR(rule.cidr).toString(),
        endIpAddress: ipaddr.IPv4.broadcastAddressFromCIDR(rule.cidr).toString(),
      });
    }
    for (const db of props.databases ?? []) this.addDatabase(db);
    this.port = props.connectionPooling ? 6432 : 5432;
    if (props.connectionPooling) {
      new PostgresqlFlexibleServerConfiguration(this, "PgBouncer", { name: "pgbouncer.enabled", serverId: this.id, value: "true" });
    }
    this.privateEndpoints = addPrivateEndpoints(this, props.privateEndpoints, {
      resourceGroup: props.resourceGroup,
      targetLocation: location,
      targetResourceId: this.id,
      target: "postgresFlexible/postgresqlServer",
      instance: props.instance ? `psql-${props.instance}` : "psql",
    });
    protect(this, this.resource, props, this.name);
  }

  /**
   * A read replica of this server (`create_mode = "Replica"`): a read-only server kept up to date
   * by asynchronous streaming replication, in the same or another region. A cross-region replica
   * is the usual disaster-recovery standby: promote it (portal, or `az postgres flexible-server
   * replica promote`) when the primary's region is lost. See PostgresReadReplicaProps for what
   * Azure requires of it; every rule there is checked at synth.
   */
  addReadReplica(id: string, props: PostgresReadReplicaProps): PostgresReadReplica {
    const replica = new PostgresReadReplica(this, id, { ...props, source: this, sourceInstance: this.instance, index: this.readReplicas.length });
    this.readReplicas.push(replica);
    return replica;
  }

  addDatabase(name: string): PostgresqlFlexibleServerDatabase {
    checkName(`${this.node.path}/Database[${name}]`, "postgresDatabase", name);
    checkUnique(this.node.path, "database", name, this.databases);
    const db = new PostgresqlFlexibleServerDatabase(this, `Database-${name}`, {
      name,
      serverId: this.id,
      charset: "UTF8",
      collation: "en_US.utf8",
    });
    this.databases[name] = db;
    return db;
  }
}

/** The combinations of VNet injection Azure and azurerm refuse, checked before anything is created. */
function checkVnetInjection(path: string, props: PostgresFlexibleProps): void {
  const subnet = props.delegatedSubnet;
  if (!subnet) {
    if (props.privateDnsZoneId !== undefined) {
      throw new ValidationError(path, "privateDnsZoneId needs delegatedSubnet (it is the zone of a VNet-injected server; a server reached through privateEndpoints registers in the VNet's privatelink.postgres.database.azure.com zone)");
    }
    return;
  }
  if (props.publicNetworkAccess) {
    throw new ValidationError(path, "publicNetworkAccess true is not allowed with delegatedSubnet (a VNet-injected server has no public endpoint; azurerm requires public_network_access_enabled = false); leave publicNetworkAccess out, or drop delegatedSubnet for the public-access mode");
  }
  if (props.privateEndpoints?.length) {
    throw new ValidationError(
      path,
      `privateEndpoints (${props.privateEndpoints.length}) are not allowed with delegatedSubnet (Azure offers private endpoints only to servers in the public-access networking mode); choose one: delegatedSubnet (VNet injection) or privateEndpoints`,
    );
  }
  const delegations = subnet.delegations;
  if (delegations !== undefined && !delegations.includes(POSTGRES_SUBNET_DELEGATION)) {
    throw new ValidationError(
      path,
      `delegatedSubnet ${show(subnet.name)} is not delegated to ${POSTGRES_SUBNET_DELEGATION} (its delegations: ${delegations.join(", ") || "none"}); ` +
        `set delegation: ${show(POSTGRES_SUBNET_DELEGATION)} on its SubnetSpec (a subnet holding the server holds nothing else)`,
    );
  }
  if (props.privateDnsZoneId !== undefined) {
    const zone = parseResourceId(path, "privateDnsZoneId", props.privateDnsZoneId, ARM_RESOURCE_KINDS.privateDnsZone);
    if (!Token.isUnresolved(zone.name) && !zone.name.toLowerCase().endsWith(POSTGRES_PRIVATE_DNS_ZONE_SUFFIX)) {
      throw new ValidationError(path, `privateDnsZoneId names zone ${show(zone.name)}, and the zone of a VNet-injected server must end with ${show(POSTGRES_PRIVATE_DNS_ZONE_SUFFIX)} (e.g. "<server>.private.postgres.database.azure.com")`);
    }
  }
}

// PostgresFlexible read replicas (addReadReplica).

/**
 * The most read replicas one server can have. Source: learn.microsoft.com/azure/postgresql/
 * read-replica/concepts-read-replicas ("You can replicate from the primary server to up to five
 * replicas", ms.date 07/16/2025).
 */
export const POSTGRES_MAX_READ_REPLICAS = 5;

/** The vCores of a Flexible Server SKU (`GP_Standard_D8s_v3` → 8), or undefined when it cannot be read. */
export function postgresSkuVcores(sku: string): number | undefined {
  const m = /^(?:B|GP|MO)_Standard_[A-Z](\d+)/.exec(sku);
  return m ? Number(m[1]) : undefined;
}

/**
 * A read replica of a PostgresFlexible server. What Azure requires (learn.microsoft.com/azure/
 * postgresql/read-replica/concepts-read-replicas and how-to-create-read-replica, read 2026-11):
 * - the source runs on General Purpose or Memory Optimized (no Burstable source or replica);
 * - the replica has the same or more vCores, and the same or more storage, than the source;
 *   storage autogrow is the source's (set by Azure at creation);
 * - no high availability, and no backups (hence no geo-redundant backup) on a replica;
 * - the administrator login, its password and the authentication settings are the source's;
 * - at most 5 replicas per source.
 *
 * Networking: the replica uses the source's networking mode (a choice of this construct, which
 * keeps the replica reachable the way the source is). A VNet-injected source needs
 * `delegatedSubnet` in a VNet in the replica's region, connected to the source's VNet (peering:
 * replication needs port 5432 both ways); the replica registers in the source's private DNS
 * zone, which the construct links to the replica's VNet when it created that zone. A source in the
 * public-access mode takes `privateEndpoints` in the replica's region.
 */
export interface PostgresReadReplicaProps extends ProtectionProps {
  /** Region of the replica. */
  readonly location: string;
  /**
   * The replica is meant for disaster recovery in another region: a `location` equal to the
   * source's is refused.
   * @default false
   */
  readonly crossRegion?: boolean;
  /** @default - the source server's resource group */
  readonly resourceGroup?: IResourceGroup;
  /** @default - generated: `psql-<workload>-<env>-<region>-[<source instance>-]rep-<replica region code>-<suffix>` */
  readonly name?: string;
  /** Distinguishes the replica in generated names. @default - `[<source instance>-]rep-<replica region code>` */
  readonly instance?: string;
  /** GP_ or MO_ SKU with at least the source's vCores. @default - the source's SKU */
  readonly sku?: PostgresSku;
  /** At least the source's storage. @default - the source's storage */
  readonly storageMb?: (typeof POSTGRES_STORAGE_MB)[number];
  /** Availability zone of the replica. @default - Azure's choice */
  readonly zone?: "1" | "2" | "3";
  /**
   * The replica's delegated subnet, for a VNet-injected source: a subnet of a VNet in the
   * replica's region, delegated to `Microsoft.DBforPostgreSQL/flexibleServers`, holding no other
   * kind of resource (a same-region replica may share the source's subnet). Required with a VNet-injected source; not allowed with a source in the public-access mode.
   * @default - none
   */
  readonly delegatedSubnet?: ISubnet;
  /**
   * Private endpoints of the replica, for a source in the public-access networking mode. Not with
   * a VNet-injected source.
   * @default - none
   */
  readonly privateEndpoints?: readonly PrivateEndpointProps[];
}

interface ReplicaInit extends PostgresReadReplicaProps {
  readonly source: PostgresFlexible;
  readonly sourceInstance?: string;
  readonly index: number;
}

/** Props Azure refuses on a replica, with the reason, checked for callers without the types (JavaScript, YAML-driven stacks). */
const REPLICA_REFUSED: ReadonlyArray<readonly [string, string]> = [
  ["highAvailability", "Azure offers no high availability on read replicas"],
  ["geoRedundantBackup", "Azure takes no backups of read replicas"],
  ["backupRetentionDays", "Azure takes no backups of read replicas"],
  ["administratorLogin", "a replica has the source's administrator"],
  ["version", "a replica runs the source's major version"],
];

/** A read replica of a PostgresFlexible server: `azurerm_postgresql_flexible_server` with `create_mode = "Replica"`. */
export class PostgresReadReplica extends Construct {
  readonly resource: PostgresqlFlexibleServer;
  readonly id: string;
  readonly name: string;
  /** Host name clients connect to for reads. */
  readonly fqdn: string;
  readonly location: string;
  readonly sku: PostgresSku;
  readonly privateEndpoints: PrivateEndpoint[];
  /** The link of the source's private DNS zone to the replica's VNet, when the construct made one. */
  readonly privateDnsZoneLink?: PrivateDnsZoneVirtualNetworkLink;

  constructor(scope: Construct, id: string, props: ReplicaInit) {
    super(scope, id);
    const path = this.node.path;
    const source = props.source;
    const location = props.location;
    const sku = props.sku ?? source.sku;
    const storageMb = props.storageMb ?? source.storageMb;
    for (const [prop, why] of REPLICA_REFUSED) {
      const value = (props as unknown as Record<string, unknown>)[prop];
      if (value !== undefined) throw new ValidationError(path, `${prop} ${show(value)} is not allowed on a read replica (${why}); leave it out`);
    }
    if (props.index >= POSTGRES_MAX_READ_REPLICAS) {
      throw new ValidationError(path, `a source server has at most ${POSTGRES_MAX_READ_REPLICAS} read replicas; ${show(source.name)} already has ${props.index}`);
    }
    if (!Token.isUnresolved(source.sku) && source.sku.startsWith("B_")) {
      throw new ValidationError(path, `read replicas are not available for the Burstable source SKU ${show(source.sku)} (allowed: a GP_ or MO_ SKU on the source server)`);
    }
    if (!Token.isUnresolved(sku)) {
      if (sku.startsWith("B_")) throw new ValidationError(path, `sku ${show(sku)} is not allowed on a read replica (allowed: a GP_ or MO_ SKU; Burstable has no replicas)`);
      const mine = postgresSkuVcores(sku);
      const theirs = Token.isUnresolved(source.sku) ? undefined : postgresSkuVcores(source.sku);
      if (mine !== undefined && theirs !== undefined && mine < theirs) {
        throw new ValidationError(path, `sku ${show(sku)} has ${mine} vCores, fewer than the source's ${show(source.sku)} (${theirs}); a replica needs the same or more vCores`);
      }
    }
    if (!Token.isUnresolved(storageMb) && !Token.isUnresolved(source.storageMb) && storageMb < source.storageMb) {
      throw new ValidationError(path, `storageMb ${storageMb} is less than the source's ${source.storageMb}; a replica needs the same or more storage`);
    }
    checkRegion(path, "location", location);
    if (props.crossRegion && !Token.isUnresolved(location) && !Token.isUnresolved(source.location) && location === source.location) {
      throw new ValidationError(path, `location ${show(location)} is the source server's region, and crossRegion is true (give the disaster-recovery region, or drop crossRegion for a same-region replica)`);
    }
    if (props.zone) requireZones(path, location, `zone ${show(props.zone)}`);
    const injected = this.checkNetworking(props);

    const instance = props.instance ?? [props.sourceInstance, "rep", Token.isUnresolved(location) ? undefined : region(location).short].filter(Boolean).join("-");
    this.name = resourceName(this, "postgresFlexibleServer", props.name, instance);
    this.location = location;
    this.sku = sku;
    const resourceGroup = props.resourceGroup ?? source.resourceGroup;

    // The replica registers its address in the source's zone; a zone the source created is linked to
    // the replica's VNet too, so clients there resolve it (Learn: concepts-networking-private).
    const sourceVnet = source.delegatedSubnet?.virtualNetwork;
    if (injected && source.privateDnsZone && sourceVnet && injected.virtualNetwork !== sourceVnet && injected.virtualNetwork.id !== sourceVnet.id) {
      this.privateDnsZoneLink = new PrivateDnsZoneVirtualNetworkLink(this, "PrivateDnsZoneLink", {
        name: `${injected.virtualNetwork.name}-link`,
        resourceGroupName: source.resourceGroup.name,
        privateDnsZoneName: source.privateDnsZone.name,
        virtualNetworkId: injected.virtualNetwork.id,
        registrationEnabled: false,
      });
    }

    this.resource = new PostgresqlFlexibleServer(this, "Resource", {
      name: this.name,
      location,
      resourceGroupName: resourceGroup.name,
      createMode: "Replica",
      sourceServerId: source.id,
      skuName: sku,
      storageMb,
      autoGrowEnabled: source.autoGrow,
      zone: props.zone,
      publicNetworkAccessEnabled: false,
      delegatedSubnetId: injected?.id,
      privateDnsZoneId: injected ? source.privateDnsZoneId : undefined,
      dependsOn: this.privateDnsZoneLink ? [this.privateDnsZoneLink] : undefined,
    });
    this.id = this.resource.id;
    this.fqdn = this.resource.fqdn;
    this.privateEndpoints = addPrivateEndpoints(this, props.privateEndpoints, {
      resourceGroup,
      targetLocation: location,
      targetResourceId: this.id,
      target: "postgresFlexible/postgresqlServer",
      instance: `psql-${instance}`,
    });
    protect(this, this.resource, props, this.name);
  }

  /** The replica's delegated subnet, after checking it fits the source's networking mode. */
  private checkNetworking(props: ReplicaInit): ISubnet | undefined {
    const path = this.node.path;
    const source = props.source;
    const subnet = props.delegatedSubnet;
    if (!source.delegatedSubnet) {
      if (subnet) {
        throw new ValidationError(path, `delegatedSubnet is not allowed: the source ${show(source.name)} is in the public-access networking mode (give the replica privateEndpoints instead)`);
      }
      return undefined;
    }
    if (props.privateEndpoints?.length) {
      throw new ValidationError(path, `privateEndpoints (${props.privateEndpoints.length}) are not allowed: the source ${show(source.name)} is VNet-injected (give the replica a delegatedSubnet in its region instead)`);
    }
    if (!subnet) {
      throw new ValidationError(path, `delegatedSubnet is required: the source ${show(source.name)} is VNet-injected, so the replica needs a delegated subnet of a VNet in ${show(props.location)}, peered with the source's VNet`);
    }
    const delegations = subnet.delegations;
    if (delegations !== undefined && !delegations.includes(POSTGRES_SUBNET_DELEGATION)) {
      throw new ValidationError(path, `delegatedSubnet ${show(subnet.name)} is not delegated to ${POSTGRES_SUBNET_DELEGATION} (its delegations: ${delegations.join(", ") || "none"}); set delegation: ${show(POSTGRES_SUBNET_DELEGATION)} on its SubnetSpec`);
    }
    const vnetLocation = subnet.virtualNetwork.location;
    if (vnetLocation !== undefined && !Token.isUnresolved(vnetLocation) && !Token.isUnresolved(props.location) && vnetLocation !== props.location) {
      throw new ValidationError(path, `delegatedSubnet ${show(subnet.name)} is in a VNet in ${show(vnetLocation)}, and the replica is in ${show(props.location)} (a server's subnet must be in its region)`);
    }
    return subnet;
  }
}
