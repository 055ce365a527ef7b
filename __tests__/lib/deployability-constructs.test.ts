import { Testing } from "cdktf";
import { Deployer } from "../../lib/core/deployer";
import { MongoVcoreVector } from "../../lib/data/mongo-vcore-vector";
import { PostgresFlexible } from "../../lib/data/postgres-flexible";
import { StorageAccount } from "../../lib/data/storage-account";
import { Monitoring } from "../../lib/observability/monitoring";
import { KeyVault } from "../../lib/security/key-vault";
import { ManagedIdentity } from "../../lib/security/managed-identity";
import { AppServiceWithSlots } from "../../lib/web/app-service-with-slots";
import { expectValidationError, onlyResource, resourcesOf, synthJson, testStack, testSubnet } from "../helpers/stack";

/*
 * What the constructs do so that a stack deploys, not only synthesizes (issue: deployable by
 * construction): a path for the deployer through Key Vault's firewall, logs an operator can read,
 * connection pooling, private Flexible Server, a cross-region Mongo replica, local users off, and
 * the data roles the apps need with shared keys off.
 */

describe("KeyVault admits the deployer", () => {
  test("the environment's deployer ranges join the firewall's allow list, once each", () => {
    const { stack, rg } = testStack({ environment: { deployer: { ipRanges: ["203.0.113.0/24", "198.51.100.7/32"] } } });
    new KeyVault(stack, "Vault", { resourceGroup: rg, network: { allowedIpRanges: ["198.51.100.7/32", "192.0.2.0/28"] } });
    expect(onlyResource(synthJson(stack), "azurerm_key_vault")).toMatchObject({
      network_acls: { default_action: "Deny", ip_rules: ["198.51.100.7/32", "192.0.2.0/28", "203.0.113.0/24"] },
    });
  });

  test("a plain stack declares its deployer with Deployer.declare", () => {
    const { stack, rg } = testStack();
    Deployer.declare(stack, { ipRanges: ["203.0.113.0/24"] });
    new KeyVault(stack, "Vault", { resourceGroup: rg });
    expect(onlyResource(synthJson(stack), "azurerm_key_vault")).toMatchObject({ network_acls: { ip_rules: ["203.0.113.0/24"] } });
  });

  test("no deployer ranges for an open firewall, or with deployerAccess off", () => {
    const env = { deployer: { ipRanges: ["203.0.113.0/24"] } };
    const open = testStack({ environment: env });
    new KeyVault(open.stack, "Vault", { resourceGroup: open.rg, network: { defaultAction: "Allow" } });
    expect(onlyResource(synthJson(open.stack), "azurerm_key_vault")).toMatchObject({ network_acls: { default_action: "Allow", ip_rules: [] } });
    const off = testStack({ environment: env });
    new KeyVault(off.stack, "Vault", { resourceGroup: off.rg, deployerAccess: false });
    const json = synthJson(off.stack);
    expect(onlyResource(json, "azurerm_key_vault")).toMatchObject({ network_acls: { ip_rules: [] } });
    expect(resourcesOf(json, "azurerm_role_assignment")).toEqual({});
  });

  test("stored secrets carry a content type (text/plain unless given)", () => {
    const { stack, rg } = testStack();
    const vault = new KeyVault(stack, "Vault", { resourceGroup: rg });
    const identity = new ManagedIdentity(stack, "Id", { resourceGroup: rg });
    vault.addSecret("ClientId", { name: "client-id", value: identity.clientId });
    expect(onlyResource(synthJson(stack), "azurerm_key_vault_secret")).toMatchObject({ name: "client-id", content_type: "text/plain" });
  });
});

describe("AppServiceWithSlots logs", () => {
  function apps(extra: Partial<ConstructorParameters<typeof AppServiceWithSlots>[2]> = {}) {
    const { stack, rg } = testStack();
    const identity = new ManagedIdentity(stack, "Id", { resourceGroup: rg });
    const monitoring = new Monitoring(stack, "Monitoring", { resourceGroup: rg, recipients: [{ name: "ops", address: "ops@example.com" }], shortName: "ops" });
    new AppServiceWithSlots(stack, "Api", { resourceGroup: rg, sku: "S1", slots: ["staging"], apps: [{ runtime: { node: "22-lts" }, identity }], ...extra, diagnosticSettings: extra.diagnosticSettings ?? monitoring.diagnosticSettings() });
    return synthJson(stack);
  }

  test("every app and slot keeps a week of file-system HTTP logs within 35 MB", () => {
    const json = apps();
    const expected = { logs: { http_logs: { file_system: { retention_in_days: 7, retention_in_mb: 35 } } } };
    expect(onlyResource(json, "azurerm_linux_web_app")).toMatchObject(expected);
    expect(onlyResource(json, "azurerm_linux_web_app_slot")).toMatchObject(expected);
    expect(onlyResource(apps({ httpLogRetentionDays: 30 }), "azurerm_linux_web_app")).toMatchObject({ logs: { http_logs: { file_system: { retention_in_days: 30 } } } });
  });

  test("diagnosticSettings send each app's and slot's logs and metrics to the workspace", () => {
    const settings = Object.values(resourcesOf(apps(), "azurerm_monitor_diagnostic_setting")) as { target_resource_id: string; log_analytics_workspace_id: string; enabled_log: unknown; enabled_metric: unknown }[];
    expect(settings.map((s) => s.target_resource_id).sort()).toEqual([
      expect.stringMatching(/^\$\{azurerm_linux_web_app\.Api_App_\w+\.id\}$/),
      expect.stringMatching(/^\$\{azurerm_linux_web_app_slot\.Api_Slot-staging_\w+\.id\}$/),
    ]);
    for (const s of settings) {
      expect(s).toMatchObject({ log_analytics_workspace_id: expect.stringMatching(/^\$\{azurerm_log_analytics_workspace\.Monitoring_Workspace_\w+\.id\}$/), enabled_log: [{ category_group: "allLogs" }], enabled_metric: [{ category: "AllMetrics" }] });
    }
  });

  test("httpLogRetentionDays must be a whole number of days", () => {
    expectValidationError(() => apps({ httpLogRetentionDays: 1.5 }), "test/Api: httpLogRetentionDays 1.5 is not a whole number (allowed: 0 to 99999)");
  });
});

describe("PostgresFlexible: connection pooling and private endpoints", () => {
  function server(props: Partial<ConstructorParameters<typeof PostgresFlexible>[2]> = {}) {
    const { stack, rg } = testStack();
    const vault = new KeyVault(stack, "Vault", { resourceGroup: rg });
    const db = new PostgresFlexible(stack, "Database", { resourceGroup: rg, passwordVault: vault, ...props });
    return { stack, rg, db, json: () => synthJson(stack) };
  }

  test("PgBouncer on port 6432 with connectionPooling; 5432 without", () => {
    const pooled = server({ connectionPooling: true });
    expect(pooled.db.port).toBe(6432);
    expect(onlyResource(pooled.json(), "azurerm_postgresql_flexible_server_configuration")).toMatchObject({ name: "pgbouncer.enabled", value: "true", server_id: expect.stringMatching(/azurerm_postgresql_flexible_server\.Database_\w+\.id/) });
    const plain = server();
    expect(plain.db.port).toBe(5432);
    expect(resourcesOf(plain.json(), "azurerm_postgresql_flexible_server_configuration")).toEqual({});
  });

  test("PgBouncer is refused on Burstable SKUs", () => {
    expectValidationError(() => server({ sku: "B_Standard_B1ms", connectionPooling: true }), 'test/Database: connectionPooling is not available on the Burstable SKU "B_Standard_B1ms" (PgBouncer needs a GP_ or MO_ SKU)');
  });

  test("a private endpoint to the postgresqlServer sub-resource with its privatelink zone", () => {
    const { stack, rg } = testStack();
    const vault = new KeyVault(stack, "Vault", { resourceGroup: rg });
    new PostgresFlexible(stack, "Database", { resourceGroup: rg, passwordVault: vault, privateEndpoints: [{ subnet: testSubnet({ stack, rg }) }] });
    const json = synthJson(stack);
    expect(onlyResource(json, "azurerm_private_endpoint")).toMatchObject({ private_service_connection: { subresource_names: ["postgresqlServer"] } });
    expect(onlyResource(json, "azurerm_private_dns_zone")).toMatchObject({ name: "privatelink.postgres.database.azure.com" });
    expect(onlyResource(json, "azurerm_postgresql_flexible_server")).toMatchObject({ public_network_access_enabled: false });
  });
});

describe("MongoVcoreVector: a cross-region replica for disaster recovery", () => {
  function mongo(props: Partial<ConstructorParameters<typeof MongoVcoreVector>[2]> = {}) {
    const { stack, rg } = testStack();
    const vault = new KeyVault(stack, "Vault", { resourceGroup: rg });
    new MongoVcoreVector(stack, "Documents", { resourceGroup: rg, passwordVault: vault, computeTier: "M30", ...props });
    return synthJson(stack);
  }

  test("the replica: GeoReplica from the primary, in the other region, private, protected like the primary", () => {
    const json = mongo({ geoReplica: { location: "centralus" }, lock: "CanNotDelete", preventDestroy: true });
    const clusters = Object.values(resourcesOf(json, "azurerm_mongo_cluster"));
    const primary = clusters.find((c) => c.create_mode === undefined)!;
    const replica = clusters.find((c) => c.create_mode === "GeoReplica")!;
    expect(primary).toMatchObject({ preview_features: ["GeoReplicas"], location: "eastus2" });
    expect(replica).toMatchObject({
      name: expect.stringMatching(/^cosmon-demo-dev-eus2-cus-[0-9a-z]{4}$/),
      location: "centralus",
      source_location: "eastus2",
      source_server_id: expect.stringMatching(/^\$\{azurerm_mongo_cluster\.Documents_\w+\.id\}$/),
      public_network_access: "Disabled",
      lifecycle: { prevent_destroy: true, ignore_changes: expect.arrayContaining(["compute_tier", "storage_size_in_gb", "preview_features"]) },
    });
    expect(Object.values(resourcesOf(json, "azurerm_management_lock"))).toHaveLength(2);
  });

  test("no replica, no preview feature (it is fixed at creation)", () => {
    const json = mongo();
    expect(Object.values(resourcesOf(json, "azurerm_mongo_cluster"))).toEqual([expect.not.objectContaining({ preview_features: expect.anything() })]);
  });

  test("the replica's region must be another known region, and not on the Free tier", () => {
    expectValidationError(() => mongo({ geoReplica: { location: "eastus2" } }), 'test/Documents: geoReplica.location "eastus2" is the cluster\'s own region (allowed: another region, for disaster recovery)');
    expectValidationError(() => mongo({ geoReplica: { location: "moon" } }), 'test/Documents: geoReplica.location "moon" is not a known Azure region');
    expectValidationError(() => mongo({ computeTier: "Free", storageSizeGb: 32, geoReplica: { location: "centralus" } }), 'test/Documents: geoReplica is not available on compute tier "Free" (allowed: M10 or higher)');
  });
});

describe("StorageAccount: local users off, and the data roles apps need with shared keys off", () => {
  test("local users are off unless asked for", () => {
    const { stack, rg } = testStack();
    new StorageAccount(stack, "Storage", { resourceGroup: rg });
    expect(onlyResource(synthJson(stack), "azurerm_storage_account")).toMatchObject({ local_user_enabled: false });
    const sftp = testStack();
    new StorageAccount(sftp.stack, "Storage", { resourceGroup: sftp.rg, localUsers: true });
    expect(onlyResource(synthJson(sftp.stack), "azurerm_storage_account")).toMatchObject({ local_user_enabled: true });
  });

  test("queue and file (REST, backup intent) data roles, scoped to the account", () => {
    const { stack, rg } = testStack();
    const storage = new StorageAccount(stack, "Storage", { resourceGroup: rg });
    const identity = new ManagedIdentity(stack, "Id", { resourceGroup: rg });
    storage.grantQueueDataContributor(identity);
    storage.grantQueueDataReader(identity, "Reader");
    storage.grantFileDataPrivilegedContributor(identity);
    const roles = Object.values(resourcesOf(synthJson(stack), "azurerm_role_assignment")) as { role_definition_name: string; scope: string }[];
    expect(roles.map((r) => r.role_definition_name).sort()).toEqual(["Storage File Data Privileged Contributor", "Storage Queue Data Contributor", "Storage Queue Data Reader"]);
    for (const r of roles) expect(r.scope).toMatch(/^\$\{azurerm_storage_account\.Storage_\w+\.id\}$/);
  });
});

describe("BlueprintStack", () => {
  test("the provider block turns storage data-plane polling off", () => {
    const { stack } = testStack();
    expect(JSON.parse(Testing.synth(stack)).provider.azurerm[0].features[0].storage).toEqual([{ data_plane_available: false }]);
  });
});
