import { CosmosNoSql } from "../../../../lib/data/cosmos-nosql";
import { CosmosPostgresCluster } from "../../../../lib/data/cosmos-postgres-cluster";
import { verdictText } from "../../../helpers/policy";
import { MongoVcoreVector } from "../../../../lib/data/mongo-vcore-vector";
import { PostgresFlexible } from "../../../../lib/data/postgres-flexible";
import { Redis } from "../../../../lib/data/redis";
import { evaluate } from "../../../../lib/policy/engine";
import type { PolicyContext, PolicyRule, ResourceView } from "../../../../lib/policy/rule";
import { DATABASE_RULES } from "../../../../lib/policy/rules/databases";
import { KeyVault } from "../../../../lib/security/key-vault";
import { synthJson, testStack } from "../../../helpers/stack";

function view(type: string, config: Record<string, unknown>): ResourceView {
  return { type, logicalId: "X", path: "stack/X", config };
}

/** Runs rule `id` over one resource of `type`, in a stack of tier `tier` (`null`: a stack without a tier). */
function check(id: string, type: string, config: Record<string, unknown>, tier: PolicyContext["tier"] | null = "prod"): string | undefined {
  const rule = DATABASE_RULES.find((r) => r.id === id) as PolicyRule;
  expect(rule.resourceTypes).toContain(type);
  const resource = view(type, config);
  return verdictText(rule.check(resource, { stackName: "s", tier: tier ?? undefined, resources: [resource] }));
}

const PG = "azurerm_postgresql_flexible_server";
const PG_FW = "azurerm_postgresql_flexible_server_firewall_rule";
const CPG = "azurerm_cosmosdb_postgresql_cluster";
const MONGO = "azurerm_mongo_cluster";
const COSMOS = "azurerm_cosmosdb_account";
const SQL = "azurerm_mssql_server";
const SQL_DB = "azurerm_mssql_database";
const REDIS = "azurerm_redis_cache";
const MANAGED_REDIS = "azurerm_managed_redis";
const DEFAULT = " (Azure's default when unset)";

describe("DATABASE_RULES", () => {
  test("ids are unique AZ-<AREA>-<nnn>, every rule has a description, a fix and resource types", () => {
    const ids = DATABASE_RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual([
      "AZ-PG-001", "AZ-PG-002", "AZ-PG-003", "AZ-PG-004", "AZ-PG-005",
      "AZ-CPG-001", "AZ-CPG-002",
      "AZ-MDB-001", "AZ-MDB-002",
      "AZ-COS-001", "AZ-COS-002", "AZ-COS-003", "AZ-COS-004", "AZ-COS-005", "AZ-COS-006",
      "AZ-SQL-001", "AZ-SQL-002", "AZ-SQL-003", "AZ-SQL-004", "AZ-SQL-005", "AZ-SQL-006", "AZ-SQL-007",
      "AZ-RED-001", "AZ-RED-002", "AZ-RED-003", "AZ-RED-004", "AZ-RED-005", "AZ-RED-006", "AZ-RED-007", "AZ-RED-008",
    ]);
    for (const rule of DATABASE_RULES) {
      expect(rule.id).toMatch(/^AZ-[A-Z]+-\d{3}$/);
      expect(rule.description.trim()).not.toBe("");
      expect(rule.fix.trim()).not.toBe("");
      expect(rule.resourceTypes.length).toBeGreaterThan(0);
      expect(["error", "warning"]).toContain(rule.severity);
    }
    const warnings = DATABASE_RULES.filter((r) => r.severity === "warning").map((r) => r.id);
    expect(warnings).toEqual(["AZ-PG-003", "AZ-PG-005", "AZ-MDB-002", "AZ-COS-006", "AZ-SQL-007", "AZ-RED-004"]);
  });

  describe("PostgreSQL Flexible Server", () => {
    /** As PostgresFlexible synthesizes a private prod server. */
    const SECURE = {
      public_network_access_enabled: false,
      geo_redundant_backup_enabled: true,
      authentication: { active_directory_auth_enabled: true, password_auth_enabled: true, tenant_id: "${data.azurerm_client_config.ClientConfig.tenant_id}" },
    };

    test("a PostgresFlexible-like private prod server complies with every server rule", () => {
      for (const id of ["AZ-PG-001", "AZ-PG-002", "AZ-PG-003"]) expect(check(id, PG, SECURE)).toBeUndefined();
    });

    test("AZ-PG-001: public access true or unset is a violation; false complies; a reference is not judged", () => {
      expect(check("AZ-PG-001", PG, { ...SECURE, public_network_access_enabled: true })).toBe("public_network_access_enabled is true");
      expect(check("AZ-PG-001", PG, { ...SECURE, public_network_access_enabled: undefined })).toBe(`public_network_access_enabled is true${DEFAULT}`);
      expect(check("AZ-PG-001", PG, { public_network_access_enabled: "false" })).toBeUndefined();
      expect(check("AZ-PG-001", PG, { public_network_access_enabled: "${var.public}" })).toBeUndefined();
    });

    test("AZ-PG-002: geo-redundant backup is required in prod only", () => {
      expect(check("AZ-PG-002", PG, { ...SECURE, geo_redundant_backup_enabled: false })).toBe("geo_redundant_backup_enabled is false in a prod stack");
      expect(check("AZ-PG-002", PG, { public_network_access_enabled: false })).toBe(`geo_redundant_backup_enabled is false${DEFAULT} in a prod stack`);
      expect(check("AZ-PG-002", PG, { geo_redundant_backup_enabled: "${var.geo}" })).toBeUndefined();
      expect(check("AZ-PG-002", PG, { geo_redundant_backup_enabled: false }, "staging")).toBeUndefined();
      expect(check("AZ-PG-002", PG, {}, "dev")).toBeUndefined();
      expect(check("AZ-PG-002", PG, {}, null)).toBeUndefined();
    });

    test("AZ-PG-003: Entra ID authentication off or unset is a violation", () => {
      expect(check("AZ-PG-003", PG, {})).toBe(`authentication.active_directory_auth_enabled is false${DEFAULT}`);
      expect(check("AZ-PG-003", PG, { authentication: { password_auth_enabled: true } })).toBe(`authentication.active_directory_auth_enabled is false${DEFAULT}`);
      expect(check("AZ-PG-003", PG, { authentication: { active_directory_auth_enabled: false } })).toBe("authentication.active_directory_auth_enabled is false");
      expect(check("AZ-PG-003", PG, { authentication: [{ active_directory_auth_enabled: true }] })).toBeUndefined();
      expect(check("AZ-PG-003", PG, { authentication: { active_directory_auth_enabled: "${var.entra}" } })).toBeUndefined();
      expect(check("AZ-PG-003", PG, { authentication: "${var.authentication}" })).toBeUndefined();
    });

    const rule = (start: unknown, end: unknown) => ({ name: "r", server_id: "${azurerm_postgresql_flexible_server.X.id}", start_ip_address: start, end_ip_address: end });

    test("AZ-PG-004: a rule for the whole internet or wider than a /8 is a violation", () => {
      expect(check("AZ-PG-004", PG_FW, rule("0.0.0.0", "255.255.255.255"))).toBe("start_ip_address 0.0.0.0 to end_ip_address 255.255.255.255 admits the whole internet");
      expect(check("AZ-PG-004", PG_FW, rule("1.0.0.0", "2.255.255.255"))).toBe(
        "start_ip_address 1.0.0.0 to end_ip_address 2.255.255.255 admits 33,554,432 addresses (more than a /8)",
      );
      expect(check("AZ-PG-004", PG_FW, rule("10.0.0.0", "10.1.0.0"))).toBeUndefined();
      expect(check("AZ-PG-004", PG_FW, rule("10.0.0.0", "11.0.0.0"))).toBe(
        "start_ip_address 10.0.0.0 to end_ip_address 11.0.0.0 admits 16,777,217 addresses (more than a /8)",
      );
    });

    test("AZ-PG-004: a /8 or narrower, the Azure services rule, references and invalid ranges are not judged", () => {
      expect(check("AZ-PG-004", PG_FW, rule("10.0.0.0", "10.255.255.255"))).toBeUndefined();
      expect(check("AZ-PG-004", PG_FW, rule("203.0.113.7", "203.0.113.7"))).toBeUndefined();
      expect(check("AZ-PG-004", PG_FW, rule("0.0.0.0", "0.0.0.0"))).toBeUndefined();
      expect(check("AZ-PG-004", PG_FW, rule("0.0.0.0", "${var.end}"))).toBeUndefined();
      expect(check("AZ-PG-004", PG_FW, rule("255.0.0.0", "1.0.0.0"))).toBeUndefined();
    });

    test("AZ-PG-005: the Allow Azure services rule (0.0.0.0-0.0.0.0) is a warning; other rules are not", () => {
      expect(check("AZ-PG-005", PG_FW, rule("0.0.0.0", "0.0.0.0"))).toBe(
        "start_ip_address and end_ip_address are 0.0.0.0 (allows connections from any Azure service, in any tenant)",
      );
      expect(check("AZ-PG-005", PG_FW, rule("0.0.0.0", "255.255.255.255"))).toBeUndefined();
      expect(check("AZ-PG-005", PG_FW, rule("203.0.113.0", "203.0.113.255"))).toBeUndefined();
      expect(check("AZ-PG-005", PG_FW, rule("${var.start}", "${var.end}"))).toBeUndefined();
    });
  });

  describe("Cosmos DB for PostgreSQL", () => {
    test("a CosmosPostgresCluster-like cluster complies", () => {
      const cluster = { coordinator_public_ip_access_enabled: false, node_public_ip_access_enabled: false, node_count: 2 };
      expect(check("AZ-CPG-001", CPG, cluster)).toBeUndefined();
      expect(check("AZ-CPG-002", CPG, cluster)).toBeUndefined();
    });

    test("AZ-CPG-001: public coordinator access true or unset is a violation", () => {
      expect(check("AZ-CPG-001", CPG, { coordinator_public_ip_access_enabled: true })).toBe("coordinator_public_ip_access_enabled is true");
      expect(check("AZ-CPG-001", CPG, {})).toBe(`coordinator_public_ip_access_enabled is true${DEFAULT}`);
      expect(check("AZ-CPG-001", CPG, { coordinator_public_ip_access_enabled: "${var.public}" })).toBeUndefined();
    });

    test("AZ-CPG-002: public worker access true is a violation; unset is Azure's default, false", () => {
      expect(check("AZ-CPG-002", CPG, { node_public_ip_access_enabled: true })).toBe("node_public_ip_access_enabled is true");
      expect(check("AZ-CPG-002", CPG, {})).toBeUndefined();
      expect(check("AZ-CPG-002", CPG, { node_public_ip_access_enabled: "${var.public}" })).toBeUndefined();
    });
  });

  describe("MongoDB vCore", () => {
    test("AZ-MDB-001: public network access Enabled or unset is a violation", () => {
      expect(check("AZ-MDB-001", MONGO, { public_network_access: "Enabled" })).toBe('public_network_access is "Enabled"');
      expect(check("AZ-MDB-001", MONGO, {})).toBe(`public_network_access is "Enabled"${DEFAULT}`);
      expect(check("AZ-MDB-001", MONGO, { public_network_access: "Disabled" })).toBeUndefined();
      expect(check("AZ-MDB-001", MONGO, { public_network_access: "${var.access}" })).toBeUndefined();
    });

    test("AZ-MDB-002: authentication methods without MicrosoftEntraID, or unset (NativeAuth only), are a violation", () => {
      expect(check("AZ-MDB-002", MONGO, { authentication_methods: ["NativeAuth"] })).toBe('authentication_methods is ["NativeAuth"]');
      expect(check("AZ-MDB-002", MONGO, {})).toBe(`authentication_methods is ["NativeAuth"]${DEFAULT}`);
      expect(check("AZ-MDB-002", MONGO, { authentication_methods: ["NativeAuth", "MicrosoftEntraID"] })).toBeUndefined();
      expect(check("AZ-MDB-002", MONGO, { authentication_methods: ["MicrosoftEntraID"] })).toBeUndefined();
      expect(check("AZ-MDB-002", MONGO, { authentication_methods: "${var.methods}" })).toBeUndefined();
      expect(check("AZ-MDB-002", MONGO, { authentication_methods: ["NativeAuth", "${var.method}"] })).toBeUndefined();
    });
  });

  describe("Cosmos DB account", () => {
    const SECURE = { kind: "GlobalDocumentDB", public_network_access_enabled: false, local_authentication_disabled: true, minimal_tls_version: "Tls12" };

    test("a private, Entra-only, TLS 1.2 account complies", () => {
      for (const id of ["AZ-COS-001", "AZ-COS-002", "AZ-COS-003"]) expect(check(id, COSMOS, SECURE)).toBeUndefined();
    });

    test("AZ-COS-001: public network access true or unset is a violation", () => {
      expect(check("AZ-COS-001", COSMOS, { ...SECURE, public_network_access_enabled: true })).toBe("public_network_access_enabled is true");
      expect(check("AZ-COS-001", COSMOS, {})).toBe(`public_network_access_enabled is true${DEFAULT}`);
      expect(check("AZ-COS-001", COSMOS, { public_network_access_enabled: "${var.public}" })).toBeUndefined();
    });

    test("AZ-COS-002: key-based authentication on (false or unset) is a violation on NoSQL accounts", () => {
      expect(check("AZ-COS-002", COSMOS, { ...SECURE, local_authentication_disabled: false })).toBe("local_authentication_disabled is false");
      expect(check("AZ-COS-002", COSMOS, {})).toBe(`local_authentication_disabled is false${DEFAULT}`);
      expect(check("AZ-COS-002", COSMOS, { capabilities: [{ name: "EnableServerless" }] })).toBe(`local_authentication_disabled is false${DEFAULT}`);
      expect(check("AZ-COS-002", COSMOS, { local_authentication_disabled: "${var.local}" })).toBeUndefined();
    });

    test("AZ-COS-002: the MongoDB, Cassandra, Table and Gremlin APIs are not judged (azurerm sets it for the SQL API only)", () => {
      expect(check("AZ-COS-002", COSMOS, { kind: "MongoDB" })).toBeUndefined();
      for (const name of ["EnableMongo", "EnableCassandra", "EnableTable", "EnableGremlin"]) {
        expect(check("AZ-COS-002", COSMOS, { capabilities: [{ name: "EnableServerless" }, { name }] })).toBeUndefined();
      }
    });

    test("AZ-COS-003: TLS below 1.2 is a violation; unset is Azure's default, Tls12", () => {
      expect(check("AZ-COS-003", COSMOS, { minimal_tls_version: "Tls11" })).toBe('minimal_tls_version is "Tls11"');
      expect(check("AZ-COS-003", COSMOS, { minimal_tls_version: "Tls" })).toBe('minimal_tls_version is "Tls"');
      expect(check("AZ-COS-003", COSMOS, {})).toBeUndefined();
      expect(check("AZ-COS-003", COSMOS, { minimal_tls_version: "${var.tls}" })).toBeUndefined();
    });

    // CosmosNoSql rules
    test("AZ-COS-004: key-based metadata writes on (true or unset) are a violation", () => {
      expect(check("AZ-COS-004", COSMOS, { access_key_metadata_writes_enabled: false })).toBeUndefined();
      expect(check("AZ-COS-004", COSMOS, { access_key_metadata_writes_enabled: true })).toBe("access_key_metadata_writes_enabled is true");
      expect(check("AZ-COS-004", COSMOS, {})).toBe(`access_key_metadata_writes_enabled is true${DEFAULT}`);
      expect(check("AZ-COS-004", COSMOS, { access_key_metadata_writes_enabled: "${var.writes}" })).toBeUndefined();
    });

    test("AZ-COS-005: prod needs continuous backup; unset is periodic; other tiers are not judged", () => {
      expect(check("AZ-COS-005", COSMOS, { backup: { type: "Continuous", tier: "Continuous30Days" } })).toBeUndefined();
      expect(check("AZ-COS-005", COSMOS, { backup: { type: "Periodic", interval_in_minutes: 240 } })).toBe('backup.type is "Periodic" in a prod stack');
      expect(check("AZ-COS-005", COSMOS, {})).toBe(`backup.type is "Periodic"${DEFAULT} in a prod stack`);
      expect(check("AZ-COS-005", COSMOS, {}, "dev")).toBeUndefined();
      expect(check("AZ-COS-005", COSMOS, { backup: { type: "${var.backup}" } })).toBeUndefined();
    });

    test("AZ-COS-006: prod needs a second region with automatic failover (or multi-region writes)", () => {
      const two = [{ location: "eastus", failover_priority: 0 }, { location: "westus2", failover_priority: 1 }];
      expect(check("AZ-COS-006", COSMOS, { geo_location: two, automatic_failover_enabled: true })).toBeUndefined();
      expect(check("AZ-COS-006", COSMOS, { geo_location: two, multiple_write_locations_enabled: true })).toBeUndefined();
      expect(check("AZ-COS-006", COSMOS, { geo_location: two })).toBe(`automatic_failover_enabled is false${DEFAULT} in a prod stack`);
      expect(check("AZ-COS-006", COSMOS, { geo_location: [two[0]], automatic_failover_enabled: true })).toBe("geo_location has 1 region in a prod stack (no second region to fail over to)");
      expect(check("AZ-COS-006", COSMOS, { geo_location: [two[0]] }, "staging")).toBeUndefined();
      expect(check("AZ-COS-006", COSMOS, { geo_location: "${var.locations}" })).toBeUndefined();
    });

    test("a CosmosNoSql account complies with every Cosmos DB rule in dev; in prod once it has a secondary region", () => {
      const { stack, rg } = testStack();
      new CosmosNoSql(stack, "Cosmos", { resourceGroup: rg });
      const account = Object.values(synthJson(stack).resource.azurerm_cosmosdb_account)[0];
      const ids = ["AZ-COS-001", "AZ-COS-002", "AZ-COS-003", "AZ-COS-004", "AZ-COS-005"];
      for (const id of ids) expect(check(id, COSMOS, account)).toBeUndefined();
      expect(check("AZ-COS-006", COSMOS, account)).toBe("geo_location has 1 region in a prod stack (no second region to fail over to)");
      const multi = testStack();
      new CosmosNoSql(multi.stack, "Cosmos", { resourceGroup: multi.rg, secondaryRegions: [{ location: "centralus" }] });
      expect(check("AZ-COS-006", COSMOS, Object.values(synthJson(multi.stack).resource.azurerm_cosmosdb_account)[0])).toBeUndefined();
    });
  });

  describe("Azure SQL", () => {
    const SECURE = {
      public_network_access_enabled: false,
      minimum_tls_version: "1.2",
      azuread_administrator: { login_username: "sql-admins", object_id: "00000000-0000-0000-0000-000000000000", azuread_authentication_only: true },
    };

    test("a private, Entra-only, TLS 1.2 server complies", () => {
      for (const id of ["AZ-SQL-001", "AZ-SQL-002", "AZ-SQL-003"]) expect(check(id, SQL, SECURE)).toBeUndefined();
    });

    test("AZ-SQL-001: public network access true or unset is a violation", () => {
      expect(check("AZ-SQL-001", SQL, { ...SECURE, public_network_access_enabled: true })).toBe("public_network_access_enabled is true");
      expect(check("AZ-SQL-001", SQL, {})).toBe(`public_network_access_enabled is true${DEFAULT}`);
      expect(check("AZ-SQL-001", SQL, { public_network_access_enabled: "${var.public}" })).toBeUndefined();
    });

    test("AZ-SQL-002: TLS below 1.2 or Disabled is a violation; unset is Azure's default, 1.2", () => {
      expect(check("AZ-SQL-002", SQL, { minimum_tls_version: "1.1" })).toBe('minimum_tls_version is "1.1"');
      expect(check("AZ-SQL-002", SQL, { minimum_tls_version: "1.0" })).toBe('minimum_tls_version is "1.0"');
      expect(check("AZ-SQL-002", SQL, { minimum_tls_version: "Disabled" })).toBe('minimum_tls_version is "Disabled"');
      expect(check("AZ-SQL-002", SQL, {})).toBeUndefined();
      expect(check("AZ-SQL-002", SQL, { minimum_tls_version: "1.3" })).toBeUndefined();
      expect(check("AZ-SQL-002", SQL, { minimum_tls_version: "${var.tls}" })).toBeUndefined();
    });

    test("AZ-SQL-003: no Entra ID administrator, or SQL logins still allowed, is a violation", () => {
      expect(check("AZ-SQL-003", SQL, {})).toBe("azuread_administrator is not set (SQL authentication only)");
      expect(check("AZ-SQL-003", SQL, { azuread_administrator: { login_username: "a", object_id: "b" } })).toBe(
        `azuread_administrator.azuread_authentication_only is false${DEFAULT}`,
      );
      expect(check("AZ-SQL-003", SQL, { azuread_administrator: [{ login_username: "a", object_id: "b", azuread_authentication_only: false }] })).toBe(
        "azuread_administrator.azuread_authentication_only is false",
      );
      expect(check("AZ-SQL-003", SQL, { azuread_administrator: { login_username: "a", object_id: "b", azuread_authentication_only: "${var.only}" } })).toBeUndefined();
      expect(check("AZ-SQL-003", SQL, { azuread_administrator: "${var.admin}" })).toBeUndefined();
    });

    test("AZ-SQL-004: locally or zone-redundant backups are a violation in prod only; unset is Azure's default, Geo", () => {
      expect(check("AZ-SQL-004", SQL_DB, { storage_account_type: "Local" })).toBe('storage_account_type is "Local" in a prod stack');
      expect(check("AZ-SQL-004", SQL_DB, { storage_account_type: "Zone" })).toBe('storage_account_type is "Zone" in a prod stack');
      expect(check("AZ-SQL-004", SQL_DB, {})).toBeUndefined();
      expect(check("AZ-SQL-004", SQL_DB, { storage_account_type: "Geo" })).toBeUndefined();
      expect(check("AZ-SQL-004", SQL_DB, { storage_account_type: "GeoZone" })).toBeUndefined();
      expect(check("AZ-SQL-004", SQL_DB, { storage_account_type: "${var.backup}" })).toBeUndefined();
      expect(check("AZ-SQL-004", SQL_DB, { storage_account_type: "Local" }, "dev")).toBeUndefined();
      expect(check("AZ-SQL-004", SQL_DB, { storage_account_type: "Local" }, null)).toBeUndefined();
    });

    // SqlDatabase's rules: auditing (across resources), TDE, long-term retention in prod.
    /** Rule `id` over `target` in a stack that also holds `others`. */
    function checkWith(id: string, target: ResourceView, others: ResourceView[], tier: PolicyContext["tier"] = "prod"): string | undefined {
      const rule = DATABASE_RULES.find((r) => r.id === id) as PolicyRule;
      return verdictText(rule.check(target, { stackName: "s", tier, resources: [target, ...others] }));
    }
    const server: ResourceView = { type: SQL, logicalId: "Srv", path: "stack/Srv", config: SECURE };
    const auditing = (config: Record<string, unknown>): ResourceView => ({
      type: "azurerm_mssql_server_extended_auditing_policy",
      logicalId: "Audit",
      path: "stack/Audit",
      config: { server_id: "${azurerm_mssql_server.Srv.id}", ...config },
    });

    test("AZ-SQL-005: a server without an enabled auditing policy with a destination is a violation", () => {
      expect(checkWith("AZ-SQL-005", server, [])).toBe("no azurerm_mssql_server_extended_auditing_policy references it (auditing is off)");
      expect(checkWith("AZ-SQL-005", server, [{ ...auditing({}), config: { server_id: "${azurerm_mssql_server.Other.id}" } }])).toBe(
        "no azurerm_mssql_server_extended_auditing_policy references it (auditing is off)",
      );
      const off = "its azurerm_mssql_server_extended_auditing_policy is disabled or has no destination (enabled false, or log_monitoring_enabled false without storage_endpoint)";
      expect(checkWith("AZ-SQL-005", server, [auditing({ enabled: false, log_monitoring_enabled: true })])).toBe(off);
      expect(checkWith("AZ-SQL-005", server, [auditing({ log_monitoring_enabled: false })])).toBe(off);
      expect(checkWith("AZ-SQL-005", server, [auditing({})])).toBeUndefined();
      expect(checkWith("AZ-SQL-005", server, [auditing({ enabled: true, log_monitoring_enabled: true })])).toBeUndefined();
      expect(checkWith("AZ-SQL-005", server, [auditing({ log_monitoring_enabled: false, storage_endpoint: "https://st.blob.core.windows.net/" })])).toBeUndefined();
      expect(checkWith("AZ-SQL-005", server, [auditing({ enabled: "${var.audit}" })])).toBeUndefined();
    });

    test("AZ-SQL-006: TDE switched off is a violation; unset is Azure's default, on", () => {
      expect(check("AZ-SQL-006", SQL_DB, { transparent_data_encryption_enabled: false })).toBe("transparent_data_encryption_enabled is false");
      expect(check("AZ-SQL-006", SQL_DB, { transparent_data_encryption_enabled: false }, "dev")).toBe("transparent_data_encryption_enabled is false");
      expect(check("AZ-SQL-006", SQL_DB, {})).toBeUndefined();
      expect(check("AZ-SQL-006", SQL_DB, { transparent_data_encryption_enabled: true })).toBeUndefined();
      expect(check("AZ-SQL-006", SQL_DB, { transparent_data_encryption_enabled: "${var.tde}" })).toBeUndefined();
    });

    test("AZ-SQL-007: a prod database without long-term backups is a warning; secondaries and other tiers are not judged", () => {
      expect(check("AZ-SQL-007", SQL_DB, {})).toBe("long_term_retention_policy keeps no backup in a prod stack");
      expect(check("AZ-SQL-007", SQL_DB, { long_term_retention_policy: { weekly_retention: "PT0S", yearly_retention: "PT0S", week_of_year: 1 } })).toBe(
        "long_term_retention_policy keeps no backup in a prod stack",
      );
      expect(check("AZ-SQL-007", SQL_DB, { long_term_retention_policy: { yearly_retention: "P1Y", week_of_year: 1 } })).toBeUndefined();
      expect(check("AZ-SQL-007", SQL_DB, { long_term_retention_policy: [{ weekly_retention: "P4W" }] })).toBeUndefined();
      expect(check("AZ-SQL-007", SQL_DB, { long_term_retention_policy: { monthly_retention: "${var.ltr}" } })).toBeUndefined();
      expect(check("AZ-SQL-007", SQL_DB, { create_mode: "Secondary" })).toBeUndefined();
      expect(check("AZ-SQL-007", SQL_DB, {}, "dev")).toBeUndefined();
      expect(check("AZ-SQL-007", SQL_DB, {}, null)).toBeUndefined();
    });
  });

  describe("Redis cache", () => {
    const SECURE = { non_ssl_port_enabled: false, minimum_tls_version: "1.2", public_network_access_enabled: false, redis_configuration: { active_directory_authentication_enabled: true } };

    test("a private, TLS-only, Entra-enabled cache complies", () => {
      for (const id of ["AZ-RED-001", "AZ-RED-002", "AZ-RED-003", "AZ-RED-004"]) expect(check(id, REDIS, SECURE)).toBeUndefined();
    });

    test("AZ-RED-001: the non-TLS port on is a violation; unset is Azure's default, off", () => {
      expect(check("AZ-RED-001", REDIS, { non_ssl_port_enabled: true })).toBe("non_ssl_port_enabled is true");
      expect(check("AZ-RED-001", REDIS, {})).toBeUndefined();
      expect(check("AZ-RED-001", REDIS, { non_ssl_port_enabled: "${var.plain}" })).toBeUndefined();
    });

    test("AZ-RED-002: TLS below 1.2 is a violation; unset is Azure's default, 1.2", () => {
      expect(check("AZ-RED-002", REDIS, { minimum_tls_version: "1.0" })).toBe('minimum_tls_version is "1.0"');
      expect(check("AZ-RED-002", REDIS, { minimum_tls_version: "1.1" })).toBe('minimum_tls_version is "1.1"');
      expect(check("AZ-RED-002", REDIS, {})).toBeUndefined();
      expect(check("AZ-RED-002", REDIS, { minimum_tls_version: "${var.tls}" })).toBeUndefined();
    });

    test("AZ-RED-003: public network access true or unset is a violation", () => {
      expect(check("AZ-RED-003", REDIS, { public_network_access_enabled: true })).toBe("public_network_access_enabled is true");
      expect(check("AZ-RED-003", REDIS, {})).toBe(`public_network_access_enabled is true${DEFAULT}`);
      expect(check("AZ-RED-003", REDIS, { public_network_access_enabled: "${var.public}" })).toBeUndefined();
    });

    test("AZ-RED-004: Entra ID authentication off or unset is a violation", () => {
      expect(check("AZ-RED-004", REDIS, {})).toBe(`redis_configuration.active_directory_authentication_enabled is false${DEFAULT}`);
      expect(check("AZ-RED-004", REDIS, { redis_configuration: { maxmemory_policy: "allkeys-lru" } })).toBe(
        `redis_configuration.active_directory_authentication_enabled is false${DEFAULT}`,
      );
      expect(check("AZ-RED-004", REDIS, { redis_configuration: { active_directory_authentication_enabled: false } })).toBe(
        "redis_configuration.active_directory_authentication_enabled is false",
      );
      expect(check("AZ-RED-004", REDIS, { redis_configuration: { active_directory_authentication_enabled: "${var.entra}" } })).toBeUndefined();
    });
  });

  describe("Azure Managed Redis", () => {
    /** As Redis synthesizes a cache with its defaults. */
    const SECURE = {
      public_network_access: "Disabled",
      high_availability_enabled: true,
      default_database: { client_protocol: "Encrypted", access_keys_authentication_enabled: false, clustering_policy: "OSSCluster" },
    };

    test("a Redis-like private, TLS-only, keyless, highly available cache complies with every rule", () => {
      for (const id of ["AZ-RED-005", "AZ-RED-006", "AZ-RED-007", "AZ-RED-008"]) expect(check(id, MANAGED_REDIS, SECURE)).toBeUndefined();
    });

    test("AZ-RED-005: public network access Enabled or unset (azurerm's default) is a violation", () => {
      expect(check("AZ-RED-005", MANAGED_REDIS, { ...SECURE, public_network_access: "Enabled" })).toBe('public_network_access is "Enabled"');
      expect(check("AZ-RED-005", MANAGED_REDIS, { default_database: {} })).toBe(`public_network_access is "Enabled"${DEFAULT}`);
      expect(check("AZ-RED-005", MANAGED_REDIS, { public_network_access: "${var.public}" })).toBeUndefined();
    });

    test("AZ-RED-006: the Plaintext protocol is a violation; unset is Encrypted", () => {
      expect(check("AZ-RED-006", MANAGED_REDIS, { default_database: { client_protocol: "Plaintext" } })).toBe('default_database.client_protocol is "Plaintext"');
      expect(check("AZ-RED-006", MANAGED_REDIS, { default_database: {} })).toBeUndefined();
      expect(check("AZ-RED-006", MANAGED_REDIS, {})).toBeUndefined();
      expect(check("AZ-RED-006", MANAGED_REDIS, { default_database: { client_protocol: "${var.protocol}" } })).toBeUndefined();
    });

    test("AZ-RED-007: access keys on is a violation; unset is off", () => {
      expect(check("AZ-RED-007", MANAGED_REDIS, { default_database: { access_keys_authentication_enabled: true } })).toBe("default_database.access_keys_authentication_enabled is true");
      expect(check("AZ-RED-007", MANAGED_REDIS, { default_database: { access_keys_authentication_enabled: "true" } })).toBe("default_database.access_keys_authentication_enabled is true");
      expect(check("AZ-RED-007", MANAGED_REDIS, { default_database: {} })).toBeUndefined();
      expect(check("AZ-RED-007", MANAGED_REDIS, { default_database: "${var.database}" })).toBeUndefined();
    });

    test("AZ-RED-008: high availability off is a violation in prod only; unset is on", () => {
      expect(check("AZ-RED-008", MANAGED_REDIS, { high_availability_enabled: false })).toBe("high_availability_enabled is false in a prod stack");
      expect(check("AZ-RED-008", MANAGED_REDIS, {})).toBeUndefined();
      expect(check("AZ-RED-008", MANAGED_REDIS, { high_availability_enabled: false }, "staging")).toBeUndefined();
      expect(check("AZ-RED-008", MANAGED_REDIS, { high_availability_enabled: false }, "dev")).toBeUndefined();
      expect(check("AZ-RED-008", MANAGED_REDIS, { high_availability_enabled: false }, null)).toBeUndefined();
      expect(check("AZ-RED-008", MANAGED_REDIS, { high_availability_enabled: "${var.ha}" })).toBeUndefined();
    });
  });

  describe("over the library's constructs", () => {
    function findings(build: (scope: ReturnType<typeof testStack>, vault: KeyVault) => void) {
      const scope = testStack();
      const vault = new KeyVault(scope.stack, "Vault", { resourceGroup: scope.rg });
      build(scope, vault);
      const report = evaluate(DATABASE_RULES, { name: "test", tier: "dev", json: synthJson(scope.stack) }, []);
      return report.findings.map((f) => `${f.resourceType}: ${f.ruleId} ${f.message}`).sort(); // Testing.synth drops construct paths
    }

    test("PostgresFlexible, CosmosPostgresCluster and MongoVcoreVector with their defaults comply", () => {
      const result = findings(({ stack, rg }, vault) => {
        new PostgresFlexible(stack, "Postgres", { resourceGroup: rg, passwordVault: vault });
        new CosmosPostgresCluster(stack, "Citus", { resourceGroup: rg, passwordVault: vault });
        new MongoVcoreVector(stack, "Mongo", { resourceGroup: rg, passwordVault: vault });
        new Redis(stack, "Redis", { resourceGroup: rg });
      });
      expect(result).toEqual([]);
    });

    test("the documented relaxations are reported against their resources", () => {
      const result = findings(({ stack, rg }, vault) => {
        new PostgresFlexible(stack, "Postgres", { resourceGroup: rg, passwordVault: vault, publicNetworkAccess: true, allowAzureServices: true, entraAuthentication: false });
        new CosmosPostgresCluster(stack, "Citus", { resourceGroup: rg, passwordVault: vault, publicNetworkAccess: true });
        new MongoVcoreVector(stack, "Mongo", { resourceGroup: rg, passwordVault: vault, publicNetworkAccess: true, entraAuthentication: false });
        new Redis(stack, "Redis", { resourceGroup: rg, publicNetworkAccess: true, accessKeysAuthentication: true, clientProtocol: "Plaintext", highAvailability: false });
      });
      expect(result).toEqual([
        "azurerm_cosmosdb_postgresql_cluster: AZ-CPG-001 coordinator_public_ip_access_enabled is true",
        'azurerm_managed_redis: AZ-RED-005 public_network_access is "Enabled"',
        'azurerm_managed_redis: AZ-RED-006 default_database.client_protocol is "Plaintext"',
        "azurerm_managed_redis: AZ-RED-007 default_database.access_keys_authentication_enabled is true",
        'azurerm_mongo_cluster: AZ-MDB-001 public_network_access is "Enabled"',
        'azurerm_mongo_cluster: AZ-MDB-002 authentication_methods is ["NativeAuth"]',
        "azurerm_postgresql_flexible_server: AZ-PG-001 public_network_access_enabled is true",
        "azurerm_postgresql_flexible_server: AZ-PG-003 authentication.active_directory_auth_enabled is false",
        "azurerm_postgresql_flexible_server_firewall_rule: AZ-PG-005 start_ip_address and end_ip_address are 0.0.0.0 (allows connections from any Azure service, in any tenant)",
      ]);
    });
  });
});
