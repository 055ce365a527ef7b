import { MssqlDatabase } from "@cdktf/provider-azurerm/lib/mssql-database";
import { MssqlFailoverGroup } from "@cdktf/provider-azurerm/lib/mssql-failover-group";
import { MssqlServer } from "@cdktf/provider-azurerm/lib/mssql-server";
import { TerraformStack, Testing } from "cdktf";
import type { IResourceGroup } from "../../../lib/core/interfaces";
import { NAMING_RULES, checkName } from "../../../lib/core/naming";
import type { EnvironmentConfig } from "../../../lib/framework/environment-config";
import { SQL_DATABASE_SKUS, SqlDatabase, type SqlDatabaseProps, sqlSkuInfo } from "../../../lib/data/sql-database";
import { evaluate } from "../../../lib/policy/engine";
import { AZURE_RULES } from "../../../lib/policy/rules";
import { expectValidationError, onlyResource, onlyResourceId, rendered, resourcesOf, synthJson, testStack, testSubnet } from "../../helpers/stack";

const ADMIN = { loginName: "sql-admins", objectId: "11111111-2222-3333-4444-555555555555" };
const SECONDARY_RG: IResourceGroup = { name: "rg-demo-prd-weu", location: "westeurope", id: "/subscriptions/0/resourceGroups/rg-demo-prd-weu" };
const WORKSPACE = "/subscriptions/0/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/log";

function sqlStack(environment: Partial<EnvironmentConfig> = {}) {
  const { stack, rg } = testStack({ environment });
  const build = (props: Partial<SqlDatabaseProps> = {}) => new SqlDatabase(stack, "Sql", { resourceGroup: rg, entraAdministrator: ADMIN, ...props });
  return { stack, rg, build };
}

const PATH = "test/Sql";

describe("SqlDatabase", () => {
  test("defaults (the 9Vectors dev shape): serverless GP 2 vCores, 0.5 min, auto-pause 60, 32 GB, Entra only, TLS 1.2, private, Redirect, Geo backups, 7 days PITR", () => {
    const { stack, build } = sqlStack();
    const sql = build();
    const synth = Testing.synth(stack);
    expect(synth).toHaveResourceWithProperties(MssqlServer, {
      version: "12.0",
      minimum_tls_version: "1.2",
      public_network_access_enabled: false,
      connection_policy: "Redirect",
      outbound_network_restriction_enabled: false,
      azuread_administrator: { login_username: "sql-admins", object_id: ADMIN.objectId, azuread_authentication_only: true },
      identity: { type: "SystemAssigned" },
    });
    expect(synth).toHaveResourceWithProperties(MssqlDatabase, {
      sku_name: "GP_S_Gen5_2",
      min_capacity: 0.5,
      auto_pause_delay_in_minutes: 60,
      max_size_gb: 32,
      zone_redundant: false,
      storage_account_type: "Geo",
      transparent_data_encryption_enabled: true,
      collation: "SQL_Latin1_General_CP1_CI_AS",
      short_term_retention_policy: { retention_days: 7, backup_interval_in_hours: 12 },
    });
    const json = synthJson(stack);
    const server = onlyResource(json, "azurerm_mssql_server");
    expect(server.administrator_login).toBeUndefined();
    expect(server.administrator_login_password).toBeUndefined();
    expect(onlyResource(json, "azurerm_mssql_database").long_term_retention_policy).toBeUndefined();
    expect(resourcesOf(json, "azurerm_mssql_failover_group")).toEqual({});
    expect(resourcesOf(json, "azurerm_monitor_diagnostic_setting")).toEqual({});
    expect(sql.serverName).toMatch(/^sql-demo-dev-eus2-[a-z0-9]{4}$/);
    expect(sql.name).toBe("sqldb-demo-dev-eus2");
    expect(sql.autoPauseDelayMinutes).toBe(60);
    expect(JSON.stringify(json)).not.toMatch(/password/i);
  });

  test("outputs: server FQDN, ids, principal id, connection strings without a secret", () => {
    const { stack, build } = sqlStack();
    const sql = build({ name: "ninevectors" });
    const server = onlyResourceId(synthJson(stack), "azurerm_mssql_server");
    expect(rendered(stack, sql.fqdn)).toBe(`\${azurerm_mssql_server.${server}.fully_qualified_domain_name}`);
    expect(rendered(stack, sql.principalId)).toBe(`\${azurerm_mssql_server.${server}.identity[0].principal_id}`);
    expect(rendered(stack, sql.connectionString())).toBe(
      `Server=tcp:\${azurerm_mssql_server.${server}.fully_qualified_domain_name},1433;Database=ninevectors;Authentication=Active Directory Default;Encrypt=True;TrustServerCertificate=False`,
    );
    expect(rendered(stack, sql.connectionString({ userAssignedClientId: "cid" }))).toContain("Authentication=Active Directory Managed Identity;User Id=cid;");
    expect(sql.readOnlyFqdn).toBe(sql.fqdn);
  });

  test("userSql: the one-time T-SQL for an app identity (Terraform cannot create database users)", () => {
    const { build } = sqlStack();
    const sql = build();
    expect(sql.userSql("id-api")).toBe("CREATE USER [id-api] FROM EXTERNAL PROVIDER;\nALTER ROLE db_datareader ADD MEMBER [id-api];\nALTER ROLE db_datawriter ADD MEMBER [id-api];");
    expect(sql.userSql("id-report", ["db_datareader"])).toBe("CREATE USER [id-report] FROM EXTERNAL PROVIDER;\nALTER ROLE db_datareader ADD MEMBER [id-report];");
    expectValidationError(() => sql.userSql("x]; DROP TABLE y; --"), `${PATH}: identity name "x]; DROP TABLE y; --" cannot be a T-SQL identifier (it must be non-empty and contain no "]")`);
    expectValidationError(() => sql.userSql("app", ["db_owner; --"]), `${PATH}: database role "db_owner; --" is not a role name (e.g. "db_datareader")`);
  });

  test("the seed's scaling: serverless 1-8 vCores, auto-pause 60, 32 GB", () => {
    const { stack, build } = sqlStack();
    build({ sku: "GP_S_Gen5_8", minCapacity: 1, autoPauseDelayMinutes: 60, maxSizeGb: 32 });
    expect(Testing.synth(stack)).toHaveResourceWithProperties(MssqlDatabase, { sku_name: "GP_S_Gen5_8", min_capacity: 1, auto_pause_delay_in_minutes: 60, max_size_gb: 32 });
  });

  test("prod-like: failover group to West Europe, LTR one year, 35 days PITR, zone redundancy, auto-pause off, listeners", () => {
    const { stack, build } = sqlStack({ tier: "prod", name: "prod" });
    const sql = build({
      sku: "GP_S_Gen5_8",
      minCapacity: 1,
      zoneRedundant: true,
      backupStorageRedundancy: "GeoZone",
      shortTermRetentionDays: 35,
      longTermRetention: { yearly: "P1Y" },
      geoSecondary: { resourceGroup: SECONDARY_RG },
      lock: "CanNotDelete",
      preventDestroy: true,
    });
    const synth = Testing.synth(stack);
    expect(synth).toHaveResourceWithProperties(MssqlDatabase, {
      auto_pause_delay_in_minutes: -1,
      zone_redundant: true,
      storage_account_type: "GeoZone",
      short_term_retention_policy: { retention_days: 35, backup_interval_in_hours: 12 },
      long_term_retention_policy: { yearly_retention: "P1Y", week_of_year: 1 },
    });
    const json = synthJson(stack);
    const servers = resourcesOf(json, "azurerm_mssql_server");
    expect(Object.keys(servers)).toHaveLength(2);
    const secondary = Object.values(servers).find((s) => s.location === "westeurope") as Record<string, unknown>;
    expect(secondary).toMatchObject({
      resource_group_name: "rg-demo-prd-weu",
      public_network_access_enabled: false,
      minimum_tls_version: "1.2",
      azuread_administrator: { azuread_authentication_only: true, object_id: ADMIN.objectId },
    });
    expect(secondary.name).toMatch(/^sql-demo-prd-eus2-weu-[a-z0-9]{4}$/);
    // The failover group creates the secondary database: no second azurerm_mssql_database.
    expect(Object.keys(resourcesOf(json, "azurerm_mssql_database"))).toHaveLength(1);
    const db = onlyResourceId(json, "azurerm_mssql_database");
    expect(synth).toHaveResourceWithProperties(MssqlFailoverGroup, {
      databases: [`\${azurerm_mssql_database.${db}.id}`],
      read_write_endpoint_failover_policy: { mode: "Automatic", grace_minutes: 60 },
      readonly_endpoint_failover_policy_enabled: false,
    });
    const group = onlyResource(json, "azurerm_mssql_failover_group");
    expect(group.name).toMatch(/^sqlfg-demo-prd-[a-z0-9]{4}$/);
    expect(sql.readWriteFqdn).toBe(`${group.name as string}.database.windows.net`);
    expect(sql.readOnlyFqdn).toBe(`${group.name as string}.secondary.database.windows.net`);
    expect(sql.connectionString({ readOnly: true })).toContain(`Server=tcp:${group.name as string}.secondary.database.windows.net,1433;`);
    expect(sql.connectionString({ readOnly: true })).toMatch(/ApplicationIntent=ReadOnly$/);
    expect(sql.autoPauseDelayMinutes).toBe(-1);
    // Both servers and the database are locked and kept from destruction.
    const locks = Object.values(resourcesOf(json, "azurerm_management_lock"));
    expect(locks.map((l) => l.lock_level)).toEqual(["CanNotDelete", "CanNotDelete", "CanNotDelete"]);
    expect(locks.map((l) => String(l.scope).split(".")[0]).sort()).toEqual(["${azurerm_mssql_database", "${azurerm_mssql_server", "${azurerm_mssql_server"]);
    expect(onlyResource(json, "azurerm_mssql_database")).toMatchObject({ lifecycle: { prevent_destroy: true } });
    for (const s of Object.values(servers)) expect(s).toMatchObject({ lifecycle: { prevent_destroy: true } });
  });

  test("private endpoints on the primary and the partner server (sqlServer, privatelink.database.windows.net)", () => {
    const { stack, rg, build } = sqlStack();
    const subnet = testSubnet({ stack, rg });
    const sql = build({ privateEndpoints: [{ subnet }], geoSecondary: { resourceGroup: SECONDARY_RG, privateEndpoints: [{ subnet: testSubnet({ stack, rg }, "snet-dr", "10.1.2.0/24") }] } });
    const json = synthJson(stack);
    const endpoints = Object.values(resourcesOf(json, "azurerm_private_endpoint"));
    expect(endpoints).toHaveLength(2);
    for (const endpoint of endpoints) {
      expect(endpoint).toMatchObject({ private_service_connection: { subresource_names: ["sqlServer"], is_manual_connection: false } });
    }
    expect(endpoints.map((e) => e.name).sort()).toEqual(["pep-demo-dev-eus2-sql", "pep-demo-dev-eus2-sql-weu"]);
    expect(Object.values(resourcesOf(json, "azurerm_private_dns_zone")).map((z) => z.name)).toEqual(["privatelink.database.windows.net"]);
    expect(sql.privateEndpoints).toHaveLength(2);
  });

  test("auditing to Log Analytics: extended auditing policy + SQLSecurityAuditEvents from master, database diagnostics", () => {
    const { stack, build } = sqlStack();
    build({ diagnosticSettings: { workspaceId: WORKSPACE } });
    const json = synthJson(stack);
    const server = onlyResourceId(json, "azurerm_mssql_server");
    const settings = Object.values(resourcesOf(json, "azurerm_monitor_diagnostic_setting"));
    const master = settings.find((s) => String(s.target_resource_id).endsWith("/databases/master")) as Record<string, unknown>;
    expect(master).toMatchObject({
      target_resource_id: `\${azurerm_mssql_server.${server}.id}/databases/master`,
      log_analytics_workspace_id: WORKSPACE,
      enabled_log: [{ category: "SQLSecurityAuditEvents" }],
    });
    const auditing = onlyResource(json, "azurerm_mssql_server_extended_auditing_policy");
    expect(auditing).toMatchObject({ server_id: `\${azurerm_mssql_server.${server}.id}`, enabled: true, log_monitoring_enabled: true });
    expect((auditing.depends_on as string[])[0]).toMatch(/^azurerm_monitor_diagnostic_setting\./);
    const db = onlyResourceId(json, "azurerm_mssql_database");
    expect(settings.find((s) => s.target_resource_id === `\${azurerm_mssql_database.${db}.id}`)).toMatchObject({
      enabled_log: [{ category_group: "allLogs" }],
      enabled_metric: [{ category: "AllMetrics" }],
    });
  });

  test("outbound firewall: restriction on, one rule per FQDN", () => {
    const { stack, build } = sqlStack();
    build({ outboundFirewallFqdns: ["stexport.blob.core.windows.net"] });
    const json = synthJson(stack);
    expect(onlyResource(json, "azurerm_mssql_server").outbound_network_restriction_enabled).toBe(true);
    expect(onlyResource(json, "azurerm_mssql_outbound_firewall_rule").name).toBe("stexport.blob.core.windows.net");
    expectValidationError(() => sqlStack().build({ outboundFirewallFqdns: ["not a host"] }), `${PATH}: outboundFirewallFqdns[0] "not a host" is not a fully qualified domain name (e.g. "mystorage.blob.core.windows.net")`);
  });

  test("Business Critical read scale and Hyperscale replicas are passed through; Hyperscale has no max size or backup interval", () => {
    const bc = sqlStack();
    bc.build({ sku: "BC_Gen5_8", readScale: true, zoneRedundant: true });
    expect(Testing.synth(bc.stack)).toHaveResourceWithProperties(MssqlDatabase, { sku_name: "BC_Gen5_8", read_scale: true, max_size_gb: 32 });
    expect(onlyResource(synthJson(bc.stack), "azurerm_mssql_database").auto_pause_delay_in_minutes).toBeUndefined();
    expect(onlyResource(synthJson(bc.stack), "azurerm_mssql_database").min_capacity).toBeUndefined();
    const hs = sqlStack();
    hs.build({ sku: "HS_Gen5_4", readReplicaCount: 1 });
    const db = onlyResource(synthJson(hs.stack), "azurerm_mssql_database");
    expect(db).toMatchObject({ sku_name: "HS_Gen5_4", read_replica_count: 1, short_term_retention_policy: { retention_days: 7 } });
    expect(db.max_size_gb).toBeUndefined();
    expect((db.short_term_retention_policy as Record<string, unknown>).backup_interval_in_hours).toBeUndefined();
  });

  test("SKU table: limits per SKU from resource-limits-vcore-single-databases", () => {
    expect(SQL_DATABASE_SKUS).toContain("GP_S_Gen5_40");
    expect(SQL_DATABASE_SKUS).not.toContain("GP_S_Gen5_80");
    expect(sqlSkuInfo("GP_S_Gen5_1")).toEqual({ sku: "GP_S_Gen5_1", tier: "GeneralPurpose", serverless: true, vCores: 1, minCapacityFloor: 0.5, maxDataGb: 512 });
    expect(sqlSkuInfo("GP_S_Gen5_8")).toMatchObject({ minCapacityFloor: 1, maxDataGb: 2048 });
    expect(sqlSkuInfo("GP_S_Gen5_40")).toMatchObject({ minCapacityFloor: 5, maxDataGb: 4096 });
    expect(sqlSkuInfo("BC_Gen5_8")).toEqual({ sku: "BC_Gen5_8", tier: "BusinessCritical", serverless: false, vCores: 8, maxDataGb: 2048 });
    expect(sqlSkuInfo("GP_Gen5_2")).toMatchObject({ tier: "GeneralPurpose", serverless: false, maxDataGb: 1024 });
    expect(sqlSkuInfo("HS_Gen5_80")).toEqual({ sku: "HS_Gen5_80", tier: "Hyperscale", serverless: false, vCores: 80 });
  });

  describe("SQL serverless limits", () => {
    test("minCapacity: within the SKU's floor and max, in azurerm's steps; serverless only", () => {
      expectValidationError(() => sqlStack().build({ sku: "GP_S_Gen5_8", minCapacity: 0.5 }), `${PATH}: minCapacity 0.5 is not allowed for "GP_S_Gen5_8" (max 8 vCores); allowed: 1, 1.25, 1.5, 1.75, 2, 2.25, 2.5, 3, 4, 5, 6, 8`);
      expectValidationError(() => sqlStack().build({ sku: "GP_S_Gen5_2", minCapacity: 4 }), `${PATH}: minCapacity 4 is not allowed for "GP_S_Gen5_2" (max 2 vCores); allowed: 0.5, 0.75, 1, 1.25, 1.5, 1.75, 2`);
      expectValidationError(() => sqlStack().build({ sku: "GP_S_Gen5_4", minCapacity: 1.1 }), `${PATH}: minCapacity 1.1 is not allowed for "GP_S_Gen5_4" (max 4 vCores); allowed: 0.5, 0.75, 1, 1.25, 1.5, 1.75, 2, 2.25, 2.5, 3, 4`);
      expectValidationError(() => sqlStack().build({ sku: "GP_Gen5_2", minCapacity: 1 }), `${PATH}: minCapacity 1 applies to serverless SKUs only (GP_S_Gen5_<n>); "GP_Gen5_2" is provisioned: leave minCapacity out`);
    });

    test("auto-pause: 15-10080 or -1, General Purpose serverless only, refused with geo-replication or LTR", () => {
      expectValidationError(() => sqlStack().build({ autoPauseDelayMinutes: 10 }), `${PATH}: autoPauseDelayMinutes 10 is out of range (allowed: 15 to 10080 minutes, or -1 never to pause)`);
      expectValidationError(() => sqlStack().build({ autoPauseDelayMinutes: 20000 }), `${PATH}: autoPauseDelayMinutes 20000 is out of range (allowed: 15 to 10080 minutes, or -1 never to pause)`);
      expectValidationError(() => sqlStack().build({ sku: "BC_Gen5_2", autoPauseDelayMinutes: 60 }), `${PATH}: autoPauseDelayMinutes 60 applies to General Purpose serverless only (GP_S_Gen5_<n>); "BC_Gen5_2" never pauses: leave it out`);
      expectValidationError(
        () => sqlStack().build({ autoPauseDelayMinutes: 60, longTermRetention: { yearly: "P1Y" } }),
        `${PATH}: autoPauseDelayMinutes 60 cannot take effect with longTermRetention: Azure keeps a serverless database online while it is geo-replicated or has long-term retention; set autoPauseDelayMinutes: -1 (compute billed at least at minCapacity around the clock) or drop longTermRetention`,
      );
      expectValidationError(
        () => sqlStack().build({ autoPauseDelayMinutes: 60, geoSecondary: { resourceGroup: SECONDARY_RG } }),
        `${PATH}: autoPauseDelayMinutes 60 cannot take effect with geoSecondary (a failover group): Azure keeps a serverless database online while it is geo-replicated or has long-term retention; set autoPauseDelayMinutes: -1 (compute billed at least at minCapacity around the clock) or drop geoSecondary (a failover group)`,
      );
      const ok = sqlStack();
      ok.build({ autoPauseDelayMinutes: -1 });
      expect(onlyResource(synthJson(ok.stack), "azurerm_mssql_database").auto_pause_delay_in_minutes).toBe(-1);
      const fifteen = sqlStack();
      fifteen.build({ autoPauseDelayMinutes: 15 });
      expect(onlyResource(synthJson(fifteen.stack), "azurerm_mssql_database").auto_pause_delay_in_minutes).toBe(15);
    });

    test("max size against the SKU's maximum data size", () => {
      expectValidationError(() => sqlStack().build({ sku: "GP_S_Gen5_1", maxSizeGb: 1024 }), `${PATH}: maxSizeGb 1024 is out of range (allowed: 1 to 512)`);
      expectValidationError(() => sqlStack().build({ sku: "GP_S_Gen5_8", maxSizeGb: 4096 }), `${PATH}: maxSizeGb 4096 is out of range (allowed: 1 to 2048)`);
      expectValidationError(() => sqlStack().build({ maxSizeGb: 0 }), `${PATH}: maxSizeGb 0 is out of range (allowed: 1 to 1024)`);
      expectValidationError(() => sqlStack().build({ sku: "HS_Gen5_2", maxSizeGb: 100 }), `${PATH}: maxSizeGb 100 does not apply to Hyperscale "HS_Gen5_2" (its storage grows by itself); leave maxSizeGb out`);
      const tb = sqlStack();
      tb.build({ sku: "GP_S_Gen5_8", maxSizeGb: 1024 });
      expect(onlyResource(synthJson(tb.stack), "azurerm_mssql_database").max_size_gb).toBe(1024);
    });
  });

  test("SKU names: DTU and unknown SKUs are refused with a hint", () => {
    expectValidationError(
      () => sqlStack().build({ sku: "S0" as never }),
      `${PATH}: sku "S0" is not an Azure SQL Database SKU SqlDatabase offers; S0 is a DTU SKU, which SqlDatabase does not offer: GP_S_Gen5_1 (serverless) is the smallest vCore one (allowed: GP_S_Gen5_1-40 serverless, GP_Gen5_2-80, BC_Gen5_2-80, HS_Gen5_2-80; SQL_DATABASE_SKUS lists them)`,
    );
    expectValidationError(
      () => sqlStack().build({ sku: "GP_S_Gen5_3" as never }),
      `${PATH}: sku "GP_S_Gen5_3" is not an Azure SQL Database SKU SqlDatabase offers; did you mean "GP_S_Gen5_1"? (allowed: GP_S_Gen5_1-40 serverless, GP_Gen5_2-80, BC_Gen5_2-80, HS_Gen5_2-80; SQL_DATABASE_SKUS lists them)`,
    );
  });

  test("retention bounds and long-term retention durations", () => {
    expectValidationError(() => sqlStack().build({ shortTermRetentionDays: 36 }), `${PATH}: shortTermRetentionDays 36 is out of range (allowed: 1 to 35)`);
    expectValidationError(() => sqlStack().build({ shortTermRetentionDays: 0 }), `${PATH}: shortTermRetentionDays 0 is out of range (allowed: 1 to 35)`);
    expectValidationError(() => sqlStack().build({ backupIntervalHours: 6 as never }), `${PATH}: backupIntervalHours 6 is not allowed (allowed: 12 or 24)`);
    expectValidationError(() => sqlStack().build({ sku: "HS_Gen5_2", backupIntervalHours: 24 }), `${PATH}: backupIntervalHours 24 cannot be set on Hyperscale "HS_Gen5_2" (Azure takes its snapshots itself); leave it out`);
    expectValidationError(() => sqlStack().build({ longTermRetention: { yearly: "1 year" } }), `${PATH}: longTermRetention.yearly "1 year" is not an ISO 8601 duration Azure accepts (allowed: P<n>D, P<n>W, P<n>M or P<n>Y, e.g. "P1Y")`);
    expectValidationError(() => sqlStack().build({ longTermRetention: { yearly: "P11Y" } }), `${PATH}: longTermRetention.yearly "P11Y" is out of range (allowed: 1 to 10 years, e.g. P1Y to P10Y)`);
    expectValidationError(() => sqlStack().build({ longTermRetention: { weekly: "P521W" } }), `${PATH}: longTermRetention.weekly "P521W" is out of range (allowed: 1 to 520 weeks, e.g. P1W to P520W)`);
    expectValidationError(() => sqlStack().build({ longTermRetention: { monthly: "P121M" } }), `${PATH}: longTermRetention.monthly "P121M" is out of range (allowed: 1 to 120 months, e.g. P1M to P120M)`);
    expectValidationError(() => sqlStack().build({ longTermRetention: { yearly: "P1Y", weekOfYear: 53 } }), `${PATH}: longTermRetention.weekOfYear 53 is out of range (allowed: 1 to 52)`);
    expectValidationError(() => sqlStack().build({ longTermRetention: {} }), `${PATH}: longTermRetention keeps nothing: set weekly, monthly or yearly (e.g. { yearly: "P1Y" }), or leave longTermRetention out`);
    const ok = sqlStack();
    ok.build({ autoPauseDelayMinutes: -1, longTermRetention: { weekly: "P4W", monthly: "P12M", yearly: "P5Y", weekOfYear: 16 } });
    expect(onlyResource(synthJson(ok.stack), "azurerm_mssql_database").long_term_retention_policy).toEqual({
      weekly_retention: "P4W",
      monthly_retention: "P12M",
      yearly_retention: "P5Y",
      week_of_year: 16,
    });
  });

  test("failover group: partner in the same region, grace below an hour, same name are refused", () => {
    expectValidationError(
      () => sqlStack().build({ geoSecondary: { resourceGroup: SECONDARY_RG, location: "eastus2" } }),
      `${PATH}: geoSecondary.location "eastus2" is the primary's region; a failover group needs its partner server in another region (e.g. the paired region)`,
    );
    expectValidationError(
      () => sqlStack().build({ geoSecondary: { resourceGroup: SECONDARY_RG, graceMinutes: 30 } }),
      `${PATH}: geoSecondary.graceMinutes 30 is not allowed (allowed: whole minutes, at least 60: Azure waits at least an hour before a failover with data loss)`,
    );
    expectValidationError(
      () => sqlStack().build({ geoSecondary: { resourceGroup: SECONDARY_RG, failoverMode: "Manual", graceMinutes: 60 } }),
      `${PATH}: geoSecondary.graceMinutes 60 applies to failoverMode "Automatic" only; leave it out with "Manual"`,
    );
    expectValidationError(() => sqlStack().build({ geoSecondary: { resourceGroup: SECONDARY_RG, location: "West Europe" } }), `${PATH}: geoSecondary.location "West Europe" is not a known Azure region; did you mean "westeurope"? (use the ARM name, e.g. eastus2)`);
    expectValidationError(
      () => sqlStack().build({ serverName: "sql-nv", geoSecondary: { resourceGroup: SECONDARY_RG, name: "sql-nv" } }),
      `${PATH}: geoSecondary.name "sql-nv" is the primary server's name; SQL server names are globally unique: give the partner another name`,
    );
    const manual = sqlStack();
    manual.build({ autoPauseDelayMinutes: -1, geoSecondary: { resourceGroup: SECONDARY_RG, failoverMode: "Manual", readOnlyEndpointFailover: true } });
    expect(onlyResource(synthJson(manual.stack), "azurerm_mssql_failover_group")).toMatchObject({
      read_write_endpoint_failover_policy: { mode: "Manual" },
      readonly_endpoint_failover_policy_enabled: true,
    });
  });

  test("zone redundancy and zonal backup storage need a region with zones; read scale and replicas need their tier", () => {
    expectValidationError(() => sqlStack({ location: "northcentralus" }).build({ zoneRedundant: true }), `${PATH}: zoneRedundant needs availability zones, and region "northcentralus" has none`);
    expectValidationError(
      () => sqlStack({ location: "northcentralus" }).build({ backupStorageRedundancy: "GeoZone" }),
      `${PATH}: backupStorageRedundancy "GeoZone" needs availability zones, and region "northcentralus" has none`,
    );
    expectValidationError(
      () => sqlStack().build({ readScale: true }),
      `${PATH}: readScale applies to Business Critical only (its built-in readable replica); "GP_S_Gen5_2" has none: read through geoSecondary's read-only listener, or use a BC_Gen5_<n> or HS_Gen5_<n> SKU`,
    );
    expectValidationError(() => sqlStack().build({ sku: "BC_Gen5_2", readReplicaCount: 1 }), `${PATH}: readReplicaCount applies to Hyperscale only (HS_Gen5_<n>); "BC_Gen5_2" has none: read through geoSecondary's read-only listener instead`);
    expectValidationError(() => sqlStack().build({ sku: "HS_Gen5_2", readReplicaCount: 5 }), `${PATH}: readReplicaCount 5 is out of range (allowed: 0 to 4)`);
  });

  test("the Entra ID administrator is checked", () => {
    expectValidationError(() => sqlStack().build({ entraAdministrator: { loginName: " ", objectId: ADMIN.objectId } }), `${PATH}: entraAdministrator.loginName is empty; give the display name of the Entra ID group (or user) that administers the server`);
    expectValidationError(
      () => sqlStack().build({ entraAdministrator: { loginName: "admins", objectId: "sql-admins" } }),
      `${PATH}: entraAdministrator.objectId "sql-admins" is not an object id (a GUID such as "00000000-0000-0000-0000-000000000000")`,
    );
  });

  test("names: Azure's rules for servers, databases and failover groups", () => {
    expect(checkName("p", "sqlServer", "sql-ninevectors-prd")).toBe("sql-ninevectors-prd");
    expect(() => checkName("p", "sqlServer", "SQL-Upper")).toThrow(`Azure SQL logical server name "SQL-Upper" has characters or a shape Azure rejects; Azure allows 1-63 characters, ${NAMING_RULES.sqlServer.allowed}; globally unique`);
    expect(() => checkName("p", "sqlServer", "-sql")).toThrow("has characters or a shape Azure rejects");
    expect(checkName("p", "sqlDatabase", "Nine Vectors_DB")).toBe("Nine Vectors_DB");
    expect(() => checkName("p", "sqlDatabase", "db.")).toThrow("has characters or a shape Azure rejects");
    expect(() => checkName("p", "sqlDatabase", "a/b")).toThrow("has characters or a shape Azure rejects");
    expect(() => checkName("p", "sqlDatabase", "x".repeat(129))).toThrow("is 129 characters");
    expect(() => checkName("p", "sqlFailoverGroup", "fog_1")).toThrow("has characters or a shape Azure rejects");
    expectValidationError(() => sqlStack().build({ serverName: "Sql_Server" }), `${PATH}: Azure SQL logical server name "Sql_Server" has characters or a shape Azure rejects; Azure allows 1-63 characters, lowercase letters, digits and hyphens, not starting or ending with a hyphen; globally unique`);
  });

  test("a plain TerraformStack with explicit names", () => {
    const stack = new TerraformStack(Testing.app(), "plain");
    const rg: IResourceGroup = { name: "rg-app", location: "westus3", id: "/subscriptions/0/resourceGroups/rg-app" };
    const sql = new SqlDatabase(stack, "Sql", {
      resourceGroup: rg,
      serverName: "sql-app-prod",
      name: "appdb",
      entraAdministrator: ADMIN,
      geoSecondary: { resourceGroup: { ...rg, location: "eastus" }, name: "sql-app-prod-dr", failoverGroupName: "fog-app-prod" },
    });
    const json = synthJson(stack);
    expect(Object.values(resourcesOf(json, "azurerm_mssql_server")).map((s) => s.name).sort()).toEqual(["sql-app-prod", "sql-app-prod-dr"]);
    expect(onlyResource(json, "azurerm_mssql_database").name).toBe("appdb");
    expect(sql.readWriteFqdn).toBe("fog-app-prod.database.windows.net");
    expectValidationError(
      () => new SqlDatabase(new TerraformStack(Testing.app(), "bare"), "Sql", { resourceGroup: rg, entraAdministrator: ADMIN }),
      "bare/Sql: no name given and no AzureStack (or BlueprintStack) to generate one; pass the `name` prop",
    );
  });

  function findings(props: Partial<SqlDatabaseProps>): string[] {
    const { stack, build } = sqlStack({ tier: "prod", name: "prod" });
    build(props);
    const report = evaluate(AZURE_RULES, { name: "test", tier: "prod", json: synthJson(stack), date: "2026-11-29" }, []);
    return report.findings.filter((f) => f.resourceType.startsWith("azurerm_mssql")).map((f) => `${f.ruleId} ${f.resourceType}`).sort();
  }

  test("a prod database with auditing, LTR, lock and prevent_destroy passes every rule, with and without a geo-secondary", () => {
    const secure: Partial<SqlDatabaseProps> = { diagnosticSettings: { workspaceId: WORKSPACE }, longTermRetention: { yearly: "P1Y" }, lock: "CanNotDelete", preventDestroy: true };
    expect(findings(secure)).toEqual([]);
    expect(findings({ ...secure, geoSecondary: { resourceGroup: SECONDARY_RG } })).toEqual([]);
  });

  test("a bare prod database: no auditing (AZ-SQL-005), no LTR (AZ-SQL-007), no protection or diagnostics", () => {
    const found = findings({});
    expect(found).toContain("AZ-SQL-005 azurerm_mssql_server");
    expect(found).toContain("AZ-SQL-007 azurerm_mssql_database");
    expect(found.filter((f) => /AZ-SQL-00[1-4]|AZ-SQL-006/.test(f))).toEqual([]);
  });
});
