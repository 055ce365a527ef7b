import * as ipaddr from "ipaddr.js";
import type { PolicyRule } from "../rule";
import { asBoolean, expectBoolean, expectOneOf, finding, get, isReference, read, references } from "../util";

/*
 * Database rules. An attribute that is not in the synthesized JSON is judged by the value Azure
 * gets: hashicorp/azurerm 4.55's default (website/docs/r/<resource>.html.markdown, and the
 * resource schema where the page is stale or silent):
 * - postgresql_flexible_server: public_network_access_enabled true, geo_redundant_backup_enabled
 *   false, authentication.active_directory_auth_enabled false;
 * - cosmosdb_postgresql_cluster: coordinator_public_ip_access_enabled true,
 *   node_public_ip_access_enabled false;
 * - mongo_cluster: public_network_access "Enabled"; authentication_methods unset leaves Azure's
 *   AuthConfig default, NativeAuth only (mongo_cluster_resource.go, the O+C note);
 * - cosmosdb_account: public_network_access_enabled true, local_authentication_disabled false,
 *   minimal_tls_version "Tls12";
 * - mssql_server: public_network_access_enabled true, minimum_tls_version "1.2",
 *   azuread_authentication_only false; mssql_database: storage_account_type "Geo";
 * - redis_cache: non_ssl_port_enabled false, public_network_access_enabled true,
 *   active_directory_authentication_enabled false, minimum_tls_version "1.2" (the schema's
 *   default since azurerm 3.0; the 4.x doc page still says "1.0");
 * - managed_redis: public_network_access "Enabled", high_availability_enabled true,
 *   default_database.client_protocol "Encrypted", default_database.access_keys_authentication_enabled
 *   false. checkov has no check for azurerm_managed_redis (read 2026-11), so AZ-RED-005 to 008
 *   cover none.
 */

const PG_SERVER = "azurerm_postgresql_flexible_server";
const PG_FIREWALL = "azurerm_postgresql_flexible_server_firewall_rule";
const COSMOS_PG = "azurerm_cosmosdb_postgresql_cluster";
const MONGO = "azurerm_mongo_cluster";
const COSMOS = "azurerm_cosmosdb_account";
const SQL_SERVER = "azurerm_mssql_server";
const SQL_DATABASE = "azurerm_mssql_database";
const SQL_AUDITING = "azurerm_mssql_server_extended_auditing_policy";
const REDIS = "azurerm_redis_cache";
const MANAGED_REDIS = "azurerm_managed_redis";

const PROD = " in a prod stack";

/** Addresses in an IPv4 range given by its first and last address, or undefined if they are not literal addresses. */
function rangeSize(start: unknown, end: unknown): number | undefined {
  if (typeof start !== "string" || typeof end !== "string") return undefined;
  if (!ipaddr.IPv4.isValidFourPartDecimal(start) || !ipaddr.IPv4.isValidFourPartDecimal(end)) return undefined;
  const toNumber = (address: string) => ipaddr.IPv4.parse(address).toByteArray().reduce((n, byte) => n * 256 + byte, 0);
  const size = toNumber(end) - toNumber(start) + 1;
  return size > 0 ? size : undefined;
}

/** 2^24: the addresses in a /8. */
const SLASH_8 = 16_777_216;

export const DATABASE_RULES: readonly PolicyRule[] = [
  // PostgreSQL Flexible Server
  {
    id: "AZ-PG-001",
    severity: "error",
    description: "A PostgreSQL Flexible Server is closed to public networks (public_network_access_enabled = false; azurerm's default when unset is true).",
    fix: "Leave publicNetworkAccess unset (false) on PostgresFlexible and connect through a private endpoint or VNet integration; suppress with a reason where a caller has no private path.",
    resourceTypes: [PG_SERVER],
    category: "security",
    checkov: [],
    check: (r) => expectBoolean(r, ["public_network_access_enabled"], false, true),
  },
  {
    id: "AZ-PG-002",
    severity: "error",
    description: "A PostgreSQL Flexible Server in prod copies its backups to the paired region (geo_redundant_backup_enabled = true; the default when unset is false).",
    fix: "Set geoRedundantBackup: true on PostgresFlexible in the prod profile, or geo_redundant_backup_enabled = true on the resource (fixed at creation: changing it recreates the server).",
    resourceTypes: [PG_SERVER],
    category: "security",
    checkov: ["CKV_AZURE_136"],
    check: (r, context) => (context.tier === "prod" ? expectBoolean(r, ["geo_redundant_backup_enabled"], true, false, PROD) : undefined),
  },
  {
    id: "AZ-PG-003",
    severity: "warning",
    description: "A PostgreSQL Flexible Server accepts Entra ID authentication (authentication.active_directory_auth_enabled = true; the default when unset is false).",
    fix: "Leave entraAuthentication unset (true) on PostgresFlexible, or set authentication { active_directory_auth_enabled = true, tenant_id } on the resource.",
    resourceTypes: [PG_SERVER],
    category: "security",
    checkov: [],
    check: (r) => expectBoolean(r, ["authentication", "active_directory_auth_enabled"], true, false),
  },
  {
    id: "AZ-PG-004",
    severity: "error",
    description: "No PostgreSQL Flexible Server firewall rule admits the whole internet (0.0.0.0-255.255.255.255) or any range wider than a /8.",
    fix: "List only the public ranges that need access in firewallRules on PostgresFlexible, or use private access.",
    resourceTypes: [PG_FIREWALL],
    category: "security",
    checkov: ["CKV2_AZURE_26"],
    check: (r) => {
      const start = get(r, "start_ip_address");
      const end = get(r, "end_ip_address");
      const size = rangeSize(start, end);
      if (size === undefined || size <= SLASH_8) return undefined;
      const range = `start_ip_address ${start} to end_ip_address ${end}`;
      return size === 2 ** 32 ? `${range} admits the whole internet` : `${range} admits ${size.toLocaleString("en-US")} addresses (more than a /8)`;
    },
  },
  {
    id: "AZ-PG-005",
    severity: "warning",
    description: "A PostgreSQL Flexible Server has no \"Allow Azure services\" firewall rule (start and end 0.0.0.0), which admits any Azure resource of any tenant.",
    fix: "Leave allowAzureServices unset (false) on PostgresFlexible and reach the server through a private endpoint or VNet integration.",
    resourceTypes: [PG_FIREWALL],
    category: "security",
    checkov: [],
    check: (r) =>
      get(r, "start_ip_address") === "0.0.0.0" && get(r, "end_ip_address") === "0.0.0.0"
        ? "start_ip_address and end_ip_address are 0.0.0.0 (allows connections from any Azure service, in any tenant)"
        : undefined,
  },

  // Azure Cosmos DB for PostgreSQL
  {
    id: "AZ-CPG-001",
    severity: "error",
    description: "A Cosmos DB for PostgreSQL cluster's coordinator is closed to public networks (coordinator_public_ip_access_enabled = false; azurerm's default when unset is true).",
    fix: "Leave publicNetworkAccess unset (false) on CosmosPostgresCluster and connect through its privateEndpoints.",
    resourceTypes: [COSMOS_PG],
    category: "security",
    checkov: [],
    check: (r) => expectBoolean(r, ["coordinator_public_ip_access_enabled"], false, true),
  },
  {
    id: "AZ-CPG-002",
    severity: "error",
    description: "A Cosmos DB for PostgreSQL cluster's worker nodes are closed to public networks (node_public_ip_access_enabled = false; the default when unset).",
    fix: "Use CosmosPostgresCluster (workers are never public), or remove node_public_ip_access_enabled or set it to false on the resource.",
    resourceTypes: [COSMOS_PG],
    category: "security",
    checkov: [],
    check: (r) => expectBoolean(r, ["node_public_ip_access_enabled"], false, false),
  },

  // Azure Cosmos DB for MongoDB (vCore)
  {
    id: "AZ-MDB-001",
    severity: "error",
    description: "A MongoDB vCore cluster is closed to public networks (public_network_access = Disabled; azurerm's default when unset is Enabled).",
    fix: "Leave publicNetworkAccess unset (false) on MongoVcoreVector and connect through its privateEndpoints.",
    resourceTypes: [MONGO],
    category: "security",
    checkov: [],
    check: (r) => expectOneOf(r, ["public_network_access"], ["Disabled"], "Enabled"),
  },
  {
    id: "AZ-MDB-002",
    severity: "warning",
    description: "A MongoDB vCore cluster accepts Entra ID authentication (authentication_methods includes MicrosoftEntraID; Azure's default when unset is NativeAuth only). A cross-region replica (create_mode GeoReplica) takes its source's and is not judged.",
    fix: "Leave entraAuthentication unset (true except on the Free tier) on MongoVcoreVector, or add \"MicrosoftEntraID\" to authentication_methods on the resource.",
    resourceTypes: [MONGO],
    category: "security",
    checkov: [],
    check: (r) => {
      // A cross-region replica takes its authentication from its source cluster.
      if (get(r, "create_mode") === "GeoReplica") return undefined;
      const raw = get(r, "authentication_methods");
      if (isReference(raw)) return undefined;
      const unset = raw === undefined || raw === null;
      const methods: unknown[] = unset ? ["NativeAuth"] : Array.isArray(raw) ? raw : [];
      if (methods.includes("MicrosoftEntraID") || methods.some(isReference)) return undefined;
      return finding("authentication_methods", unset ? methods : raw, unset);
    },
  },

  // Azure Cosmos DB (NoSQL and the other RU-based APIs)
  {
    id: "AZ-COS-001",
    severity: "error",
    description: "A Cosmos DB account is closed to public networks (public_network_access_enabled = false; azurerm's default when unset is true).",
    fix: "Set public_network_access_enabled = false on the account and connect through a private endpoint.",
    resourceTypes: [COSMOS],
    category: "security",
    checkov: ["CKV_AZURE_101"],
    check: (r) => expectBoolean(r, ["public_network_access_enabled"], false, true),
  },
  {
    id: "AZ-COS-002",
    severity: "error",
    description: "A Cosmos DB NoSQL account accepts Entra ID only (local_authentication_disabled = true; the default when unset is false). Not judged for the MongoDB, Cassandra, Table and Gremlin APIs, where azurerm cannot set it.",
    fix: "Set local_authentication_disabled = true on the account and grant data access with Cosmos DB SQL role assignments to identities.",
    resourceTypes: [COSMOS],
    category: "security",
    checkov: ["CKV_AZURE_140"],
    check: (r) => {
      // azurerm: "Can be set only when using the SQL API": not judged for the MongoDB, Cassandra, Table and Gremlin APIs.
      if (get(r, "kind") === "MongoDB") return undefined;
      const capabilities = get(r, "capabilities");
      const other = ["EnableMongo", "EnableCassandra", "EnableTable", "EnableGremlin"];
      const list: unknown[] = Array.isArray(capabilities) ? capabilities : capabilities ? [capabilities] : [];
      if (list.some((c) => other.includes((c as { name?: unknown } | null)?.name as string))) return undefined;
      return expectBoolean(r, ["local_authentication_disabled"], true, false);
    },
  },
  {
    id: "AZ-COS-003",
    severity: "error",
    description: "A Cosmos DB account accepts TLS 1.2 or later only (minimal_tls_version = Tls12; the default when unset).",
    fix: "Remove minimal_tls_version or set it to \"Tls12\" on the account.",
    resourceTypes: [COSMOS],
    category: "security",
    checkov: [],
    check: (r) => expectOneOf(r, ["minimal_tls_version"], ["Tls12"], "Tls12"),
  },
  // CosmosNoSql (lib/data/cosmos-nosql.ts): azurerm 4.55 defaults access_key_metadata_writes_enabled
  // to true, automatic_failover_enabled to false, and an account without a backup block gets
  // Azure's periodic backup (every 4 hours, kept 8 hours, no point-in-time restore).
  {
    id: "AZ-COS-004",
    severity: "error",
    description: "A Cosmos DB account refuses database, container and throughput changes made with account keys (access_key_metadata_writes_enabled = false; the default when unset is true), so only Azure RBAC can change them.",
    fix: "Use CosmosNoSql (it sets access_key_metadata_writes_enabled = false), or set it on the account and manage databases and containers through Azure Resource Manager.",
    resourceTypes: [COSMOS],
    category: "security",
    checkov: ["CKV_AZURE_132"],
    check: (r) => expectBoolean(r, ["access_key_metadata_writes_enabled"], false, true),
  },
  {
    id: "AZ-COS-005",
    severity: "error",
    description: "A Cosmos DB account in prod has continuous backup (backup.type = Continuous: point-in-time restore to any second of the last 7 or 30 days); unset is periodic backup every 4 hours kept 8 hours.",
    fix: "Leave backup unset on CosmosNoSql (Continuous, 30 days) or set backup { type = \"Continuous\", tier = \"Continuous30Days\" } on the account; Periodic to Continuous migrates in place, one way.",
    resourceTypes: [COSMOS],
    category: "security",
    checkov: [],
    check: (r, context) => (context.tier === "prod" ? expectOneOf(r, ["backup", "type"], ["Continuous"], "Periodic", PROD) : undefined),
  },
  {
    id: "AZ-COS-006",
    severity: "warning",
    description: "A Cosmos DB account in prod replicates to a second region and fails over to it automatically (two or more geo_location blocks and automatic_failover_enabled = true, or multiple_write_locations_enabled = true).",
    fix: "Give CosmosNoSql secondaryRegions in the prod profile (automatic failover follows), or suppress with a reason where one zone-redundant region meets the recovery objectives.",
    resourceTypes: [COSMOS],
    category: "security",
    checkov: [],
    check: (r, context) => {
      if (context.tier !== "prod") return undefined;
      const locations = get(r, "geo_location");
      if (isReference(locations)) return undefined;
      const count = Array.isArray(locations) ? locations.length : locations ? 1 : 0;
      if (count < 2) return `geo_location has ${count} region${count === 1 ? "" : "s"}${PROD} (no second region to fail over to)`;
      if (asBoolean(get(r, "multiple_write_locations_enabled")) === true) return undefined;
      return expectBoolean(r, ["automatic_failover_enabled"], true, false, PROD);
    },
  },

  // Azure SQL Database
  {
    id: "AZ-SQL-001",
    severity: "error",
    description: "An Azure SQL server is closed to public networks (public_network_access_enabled = false; azurerm's default when unset is true).",
    fix: "Set public_network_access_enabled = false on the server and connect through a private endpoint.",
    resourceTypes: [SQL_SERVER],
    category: "security",
    checkov: ["CKV_AZURE_113"],
    check: (r) => expectBoolean(r, ["public_network_access_enabled"], false, true),
  },
  {
    id: "AZ-SQL-002",
    severity: "error",
    description: "An Azure SQL server accepts TLS 1.2 or later only (minimum_tls_version >= 1.2; the default when unset is 1.2).",
    fix: "Remove minimum_tls_version or set it to \"1.2\" on the server.",
    resourceTypes: [SQL_SERVER],
    category: "security",
    checkov: ["CKV_AZURE_52"],
    check: (r) => {
      const raw = get(r, "minimum_tls_version");
      if (isReference(raw)) return undefined;
      if (raw === undefined || raw === null) return undefined; // azurerm's default is "1.2"
      const version = typeof raw === "string" && /^\d+\.\d+$/.test(raw) ? Number(raw) : undefined;
      return version !== undefined && version >= 1.2 ? undefined : finding("minimum_tls_version", raw, false);
    },
  },
  {
    id: "AZ-SQL-003",
    severity: "error",
    description: "An Azure SQL server has an Entra ID administrator and accepts Entra ID authentication only (azuread_administrator with azuread_authentication_only = true).",
    fix: "Add an azuread_administrator block (an Entra ID group) with azuread_authentication_only = true to the server, and drop the SQL administrator login.",
    resourceTypes: [SQL_SERVER],
    category: "security",
    checkov: ["CKV2_AZURE_27"],
    check: (r) => {
      const admin = get(r, "azuread_administrator");
      if (isReference(admin)) return undefined;
      if (admin === undefined || admin === null || (Array.isArray(admin) && admin.length === 0)) return "azuread_administrator is not set (SQL authentication only)";
      return expectBoolean(r, ["azuread_administrator", "azuread_authentication_only"], true, false);
    },
  },
  {
    id: "AZ-SQL-004",
    severity: "error",
    description: "An Azure SQL database in prod keeps its backups in geo-redundant storage (storage_account_type = Geo or GeoZone; the default when unset is Geo).",
    fix: "Remove storage_account_type or set it to \"Geo\" or \"GeoZone\" on prod databases.",
    resourceTypes: [SQL_DATABASE],
    category: "security",
    checkov: [],
    check: (r, context) => (context.tier === "prod" ? expectOneOf(r, ["storage_account_type"], ["Geo", "GeoZone"], "Geo", PROD) : undefined),
  },

  // SqlDatabase (lib/data/sql-database.ts): auditing, TDE, long-term retention. checkov's
  // CKV_AZURE_23/24 inspect the server's inline extended_auditing_policy block, which azurerm 4.x
  // no longer has, so they are not this rule's equivalent; checkov has no TDE or LTR check on
  // azurerm_mssql_database (read 2026-11).
  {
    id: "AZ-SQL-005",
    severity: "error",
    description:
      "An Azure SQL server is audited: an azurerm_mssql_server_extended_auditing_policy references it with enabled not false (the default when unset is true) and a destination (log_monitoring_enabled true, its default, or a storage_endpoint).",
    fix: "Give SqlDatabase diagnosticSettings (server auditing to Log Analytics through the master database), or add azurerm_mssql_server_extended_auditing_policy { server_id, log_monitoring_enabled = true } and a diagnostic setting on <server id>/databases/master with SQLSecurityAuditEvents.",
    resourceTypes: [SQL_SERVER],
    category: "security",
    checkov: [],
    check(resource, context) {
      const policies = context.resources.filter((r) => r.type === SQL_AUDITING && references(r.config.server_id, resource));
      if (!policies.length) return "no azurerm_mssql_server_extended_auditing_policy references it (auditing is off)";
      const on = policies.some((p) => {
        const enabled = read(p, ["enabled"]);
        if (enabled.reference) return true;
        if (!enabled.unset && asBoolean(enabled.value) === false) return false;
        const monitoring = read(p, ["log_monitoring_enabled"]);
        return monitoring.reference || monitoring.unset || asBoolean(monitoring.value) !== false || !read(p, ["storage_endpoint"]).unset;
      });
      return on ? undefined : "its azurerm_mssql_server_extended_auditing_policy is disabled or has no destination (enabled false, or log_monitoring_enabled false without storage_endpoint)";
    },
  },
  {
    id: "AZ-SQL-006",
    severity: "error",
    description: "An Azure SQL database keeps transparent data encryption on (transparent_data_encryption_enabled is not false; the default when unset is true, and azurerm refuses false except on Data Warehouse SKUs).",
    fix: "Remove transparent_data_encryption_enabled or set it to true on the database.",
    resourceTypes: [SQL_DATABASE],
    category: "security",
    checkov: [],
    check: (r) => expectBoolean(r, ["transparent_data_encryption_enabled"], true, true),
  },
  {
    id: "AZ-SQL-007",
    severity: "warning",
    description:
      "In prod, an Azure SQL database keeps long-term backups (long_term_retention_policy with a weekly, monthly or yearly retention other than PT0S); point-in-time restore alone reaches back 35 days at most. A geo-secondary (create_mode Secondary or OnlineSecondary) is not judged: its primary's policy counts.",
    fix: 'Set longTermRetention on SqlDatabase (e.g. { yearly: "P1Y" }), or a long_term_retention_policy block on the database.',
    resourceTypes: [SQL_DATABASE],
    category: "security",
    checkov: [],
    check(r, context) {
      if (context.tier !== "prod") return undefined;
      const mode = get(r, "create_mode");
      if (mode === "Secondary" || mode === "OnlineSecondary" || isReference(mode)) return undefined;
      const policy = get(r, "long_term_retention_policy");
      if (isReference(policy)) return undefined;
      const kept = ["weekly_retention", "monthly_retention", "yearly_retention"].some((k) => {
        const v = get(r, "long_term_retention_policy", k);
        return isReference(v) || (typeof v === "string" && v !== "" && v !== "PT0S");
      });
      return kept ? undefined : `long_term_retention_policy keeps no backup${PROD}`;
    },
  },

  // Azure Cache for Redis
  {
    id: "AZ-RED-001",
    severity: "error",
    description: "A Redis cache has the non-TLS port 6379 closed (non_ssl_port_enabled is not true; the default when unset is false).",
    fix: "Remove non_ssl_port_enabled or set it to false on the cache.",
    resourceTypes: [REDIS],
    category: "security",
    checkov: ["CKV_AZURE_91"],
    check: (r) => expectBoolean(r, ["non_ssl_port_enabled"], false, false),
  },
  {
    id: "AZ-RED-002",
    severity: "error",
    description: "A Redis cache accepts TLS 1.2 or later only (minimum_tls_version = 1.2; the default when unset).",
    fix: "Remove minimum_tls_version or set it to \"1.2\" on the cache.",
    resourceTypes: [REDIS],
    category: "security",
    checkov: ["CKV_AZURE_148"],
    check: (r) => expectOneOf(r, ["minimum_tls_version"], ["1.2"], "1.2"),
  },
  {
    id: "AZ-RED-003",
    severity: "error",
    description: "A Redis cache is closed to public networks (public_network_access_enabled = false; azurerm's default when unset is true).",
    fix: "Set public_network_access_enabled = false on the cache and connect through a private endpoint.",
    resourceTypes: [REDIS],
    category: "security",
    checkov: ["CKV_AZURE_89"],
    check: (r) => expectBoolean(r, ["public_network_access_enabled"], false, true),
  },
  {
    id: "AZ-RED-004",
    severity: "warning",
    description: "A Redis cache accepts Entra ID authentication (redis_configuration.active_directory_authentication_enabled = true; the default when unset is false).",
    fix: "Set redis_configuration { active_directory_authentication_enabled = true } on the cache and give identities data access policy assignments.",
    resourceTypes: [REDIS],
    category: "security",
    checkov: [],
    check: (r) => expectBoolean(r, ["redis_configuration", "active_directory_authentication_enabled"], true, false),
  },

  // Azure Managed Redis
  {
    id: "AZ-RED-005",
    severity: "error",
    description: "An Azure Managed Redis cache is closed to public networks (public_network_access = \"Disabled\"; azurerm's default when unset is \"Enabled\"). It has no IP firewall in azurerm 4.55: an open endpoint admits the whole internet.",
    fix: "Leave publicNetworkAccess unset (false) on Redis and connect through privateEndpoints; suppress with a reason where a client has no private path.",
    resourceTypes: [MANAGED_REDIS],
    category: "security",
    checkov: [],
    check: (r) => expectOneOf(r, ["public_network_access"], ["Disabled"], "Enabled"),
  },
  {
    id: "AZ-RED-006",
    severity: "error",
    description: "An Azure Managed Redis database accepts TLS connections only (default_database.client_protocol = \"Encrypted\"; the default when unset).",
    fix: "Remove clientProtocol (or set \"Encrypted\") on Redis: Plaintext sends data and access keys unencrypted, and Entra ID works over TLS only.",
    resourceTypes: [MANAGED_REDIS],
    category: "security",
    checkov: [],
    check: (r) => expectOneOf(r, ["default_database", "client_protocol"], ["Encrypted"], "Encrypted"),
  },
  {
    id: "AZ-RED-007",
    severity: "error",
    description: "An Azure Managed Redis database has access keys off, so clients authenticate with Entra ID (default_database.access_keys_authentication_enabled is not true; the default when unset is false).",
    fix: "Remove accessKeysAuthentication on Redis and give the apps' identities access with redis.grantDataAccess(identity); suppress with a reason for a client library without Entra ID support.",
    resourceTypes: [MANAGED_REDIS],
    category: "security",
    checkov: [],
    check: (r) => expectBoolean(r, ["default_database", "access_keys_authentication_enabled"], false, false),
  },
  {
    id: "AZ-RED-008",
    severity: "error",
    description: "In prod, an Azure Managed Redis cache has high availability (high_availability_enabled is not false; the default when unset is true): without it there is no SLA, no zone redundancy, and a node failure loses data.",
    fix: "Leave highAvailability unset (true) on Redis in prod (it cannot be turned on without replacing the cache in azurerm 4.55).",
    resourceTypes: [MANAGED_REDIS],
    category: "security",
    checkov: [],
    check: (r, context) => (context.tier === "prod" ? expectBoolean(r, ["high_availability_enabled"], true, true, PROD) : undefined),
  },
];
