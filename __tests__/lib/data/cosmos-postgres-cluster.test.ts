import { CosmosdbPostgresqlCluster } from "@cdktf/provider-azurerm/lib/cosmosdb-postgresql-cluster";
import { CosmosdbPostgresqlFirewallRule } from "@cdktf/provider-azurerm/lib/cosmosdb-postgresql-firewall-rule";
import { ManagementLock } from "@cdktf/provider-azurerm/lib/management-lock";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { type App, AnnotationMetadataEntryType, Testing } from "cdktf";
import type { EnvironmentConfig } from "../../../lib/framework/environment-config";
import { ValidationError } from "../../../lib/core/errors";
import {
  COSMOS_POSTGRES_RETIREMENT_WARNING,
  CosmosPostgresCluster,
  type CosmosPostgresClusterProps,
} from "../../../lib/data/cosmos-postgres-cluster";
import { KeyVault } from "../../../lib/security/key-vault";
import { onlyResource, onlyResourceId, rendered, resourcesOf, synthJson, testStack, testSubnet } from "../../helpers/stack";

function clusterStack(props: Partial<CosmosPostgresClusterProps> = {}, environment: Partial<EnvironmentConfig> = {}) {
  const { stack, rg } = testStack({ environment });
  const vault = new KeyVault(stack, "Vault", { resourceGroup: rg });
  const cluster = new CosmosPostgresCluster(stack, "Citus", { resourceGroup: rg, passwordVault: vault, ...props });
  return { stack, rg, vault, cluster };
}

function cluster(stack: Parameters<typeof synthJson>[0]): Record<string, unknown> {
  return onlyResource(synthJson(stack), "azurerm_cosmosdb_postgresql_cluster");
}

function expectInvalid(props: Partial<CosmosPostgresClusterProps>, message: string, environment: Partial<EnvironmentConfig> = {}): void {
  const attempt = () => clusterStack(props, environment);
  expect(attempt).toThrow(ValidationError);
  expect(attempt).toThrow(message);
}

describe("CosmosPostgresCluster", () => {
  test("defaults: single node, General Purpose 2 vCores / 128 GiB, PostgreSQL 16 with Citus 12.1, private, Sunday 02:00", () => {
    const { stack, cluster: c } = clusterStack();
    const json = synthJson(stack);
    const rgId = onlyResourceId(json, "azurerm_resource_group");
    const s = cluster(stack);
    expect(s.resource_group_name).toBe(`\${azurerm_resource_group.${rgId}.name}`);
    expect(s).toMatchObject({
      location: "eastus2",
      node_count: 0,
      coordinator_server_edition: "GeneralPurpose",
      coordinator_vcore_count: 2,
      coordinator_storage_quota_in_mb: 131072,
      sql_version: "16",
      citus_version: "12.1",
      ha_enabled: false,
      shards_on_coordinator_enabled: true,
      coordinator_public_ip_access_enabled: false,
      node_public_ip_access_enabled: false,
      maintenance_window: { day_of_week: 0, start_hour: 2, start_minute: 0 },
    });
    for (const key of ["node_vcores", "node_storage_quota_in_mb", "node_server_edition", "preferred_primary_zone"]) {
      expect(s[key]).toBeUndefined();
    }
    expect(c.name).toMatch(/^cospos-demo-dev-eus2-[a-z0-9]{4}$/);
    expect(s.name).toBe(c.name);
    expect(resourcesOf(synthJson(stack), "azurerm_cosmosdb_postgresql_firewall_rule")).toEqual({});
    expect(resourcesOf(synthJson(stack), "azurerm_private_endpoint")).toEqual({});
    expect(resourcesOf(synthJson(stack), "azurerm_management_lock")).toEqual({});
  });

  test("the administrator password is a random_password stored in the vault, never a literal", () => {
    const { stack, cluster: c } = clusterStack();
    const json = synthJson(stack);
    const passwordId = onlyResourceId(json, "random_password");
    const vaultId = onlyResourceId(json, "azurerm_key_vault");
    expect(onlyResource(json, "random_password")).toMatchObject({ length: 32, special: false });
    expect(cluster(stack).administrator_login_password).toBe(`\${random_password.${passwordId}.result}`);
    expect(onlyResource(json, "azurerm_key_vault_secret")).toMatchObject({
      name: "cosmos-postgres-admin-password",
      key_vault_id: `\${azurerm_key_vault.${vaultId}.id}`,
      value: `\${random_password.${passwordId}.result}`,
    });
    const secretId = onlyResourceId(json, "azurerm_key_vault_secret");
    expect(rendered(stack, c.passwordSecret.reference)).toBe(`@Microsoft.KeyVault(SecretUri=\${azurerm_key_vault_secret.${secretId}.versionless_id})`);
  });

  test("passwordSecretName, name and instance are configurable", () => {
    const { stack, cluster: c } = clusterStack({ passwordSecretName: "citus-password", instance: "events" });
    expect(onlyResource(synthJson(stack), "azurerm_key_vault_secret").name).toBe("citus-password");
    expect(c.name).toMatch(/^cospos-demo-dev-eus2-events-[a-z0-9]{4}$/);
    const named = clusterStack({ name: "studio-citus" });
    expect(cluster(named.stack).name).toBe("studio-citus");
  });

  test("exposes id, the fixed citus login and database, and the coordinator picked from servers by name", () => {
    const { stack, cluster: c } = clusterStack();
    const clusterId = onlyResourceId(synthJson(stack), "azurerm_cosmosdb_postgresql_cluster");
    expect(rendered(stack, c.id)).toBe(`\${azurerm_cosmosdb_postgresql_cluster.${clusterId}.id}`);
    expect(c.administratorLogin).toBe("citus");
    expect(c.databaseName).toBe("citus");
    expect(c.port).toBe(5432);
    const fqdn = `one([ for key, val in toset(azurerm_cosmosdb_postgresql_cluster.${clusterId}.servers): val.fqdn if endswith(val.name, "-c")])`;
    expect(rendered(stack, c.coordinatorFqdn)).toBe(`\${${fqdn}}`);
    expect(rendered(stack, c.connectionString)).toBe(`host=\${${fqdn}} port=5432 dbname=citus user=citus sslmode=require`);
  });

  test("dev shape: a single Burstable node (1 vCore, memory-optimized edition, 32 GiB)", () => {
    const { stack } = clusterStack({ coordinator: { edition: "BurstableMemoryOptimized", storageMb: 32768 } });
    expect(cluster(stack)).toMatchObject({
      node_count: 0,
      coordinator_server_edition: "BurstableMemoryOptimized",
      coordinator_vcore_count: 1,
      coordinator_storage_quota_in_mb: 32768,
      ha_enabled: false,
      shards_on_coordinator_enabled: true,
    });
  });

  test("the 2-vCore Burstable edition defaults to 2 vCores", () => {
    const { stack } = clusterStack({ coordinator: { edition: "BurstableGeneralPurpose" } });
    expect(cluster(stack)).toMatchObject({ coordinator_server_edition: "BurstableGeneralPurpose", coordinator_vcore_count: 2, coordinator_storage_quota_in_mb: 131072 });
  });

  test("staging shape: coordinator plus workers, worker defaults 4 vCores / 0.5 TiB memory-optimized, shards off the coordinator", () => {
    const { stack } = clusterStack({ workers: { count: 2 } });
    expect(Testing.synth(stack)).toHaveResourceWithProperties(CosmosdbPostgresqlCluster, {
      node_count: 2,
      node_vcores: 4,
      node_storage_quota_in_mb: 524288,
      node_server_edition: "MemoryOptimized",
      node_public_ip_access_enabled: false,
      coordinator_vcore_count: 4,
      coordinator_storage_quota_in_mb: 131072,
      coordinator_server_edition: "GeneralPurpose",
      shards_on_coordinator_enabled: false,
      ha_enabled: false,
    });
  });

  test("prod shape: HA with sized coordinator and workers, preferred zone and versions", () => {
    const { stack } = clusterStack({
      highAvailability: true,
      coordinator: { vCores: 16, storageMb: 1048576, edition: "MemoryOptimized" },
      workers: { count: 4, vCores: 104, storageMb: 16777216, edition: "GeneralPurpose" },
      postgresVersion: "15",
      citusVersion: "12.1",
      shardsOnCoordinator: true,
      preferredPrimaryZone: "2",
      maintenanceWindow: { dayOfWeek: 6, startHour: 23, startMinute: 30 },
    });
    expect(cluster(stack)).toMatchObject({
      ha_enabled: true,
      node_count: 4,
      node_vcores: 104,
      node_storage_quota_in_mb: 16777216,
      node_server_edition: "GeneralPurpose",
      coordinator_vcore_count: 16,
      coordinator_storage_quota_in_mb: 1048576,
      coordinator_server_edition: "MemoryOptimized",
      sql_version: "15",
      citus_version: "12.1",
      shards_on_coordinator_enabled: true,
      preferred_primary_zone: "2",
      maintenance_window: { day_of_week: 6, start_hour: 23, start_minute: 30 },
    });
  });

  test("HA on a regular single node is allowed", () => {
    const { stack } = clusterStack({ highAvailability: true, coordinator: { vCores: 8, storageMb: 2097152 } });
    expect(cluster(stack)).toMatchObject({ ha_enabled: true, node_count: 0, coordinator_vcore_count: 8, coordinator_storage_quota_in_mb: 2097152 });
  });

  test("workers.count 0 is a single node, and worker settings are not sent", () => {
    const { stack } = clusterStack({ workers: { count: 0, vCores: 8 } });
    const s = cluster(stack);
    expect(s.node_count).toBe(0);
    expect(s.node_vcores).toBeUndefined();
    expect(s.shards_on_coordinator_enabled).toBe(true);
  });

  test("warns at synth that the service is not recommended for new projects, naming its successor", () => {
    const { cluster: c } = clusterStack();
    const warnings = c.node.metadata.filter((m) => m.type === AnnotationMetadataEntryType.WARN).map((m) => m.data);
    expect(warnings).toEqual([COSMOS_POSTGRES_RETIREMENT_WARNING]);
    expect(COSMOS_POSTGRES_RETIREMENT_WARNING).toContain("Microsoft blocks new deployments");
    // How to flip: the library's construct, and Studio's profile switch.
    expect(COSMOS_POSTGRES_RETIREMENT_WARNING).toContain("use PostgresFlexible");
    expect(COSMOS_POSTGRES_RETIREMENT_WARNING).toContain("systems.studio.database.engine: flexible-server");
  });

  test("the warning reaches the synth manifest the CLI reports from", () => {
    const { stack } = clusterStack();
    const app = stack.node.root as App;
    app.synth();
    const manifest = JSON.parse(readFileSync(join(app.outdir, "manifest.json"), "utf8")) as {
      stacks: Record<string, { annotations: { constructPath: string; level: string; message: string }[] }>;
    };
    expect(manifest.stacks.test.annotations).toContainEqual({
      constructPath: "test/Citus",
      level: AnnotationMetadataEntryType.WARN,
      message: COSMOS_POSTGRES_RETIREMENT_WARNING,
    });
  });

  test("public access opens the coordinator only; firewall rules turn CIDRs into start and end addresses", () => {
    const { stack, cluster: c } = clusterStack({
      publicNetworkAccess: true,
      firewallRules: [
        { name: "office", cidr: "203.0.113.0/24" },
        { name: "ci.runner_1", cidr: "198.51.100.7/32" },
      ],
    });
    const json = synthJson(stack);
    const clusterId = onlyResourceId(json, "azurerm_cosmosdb_postgresql_cluster");
    expect(cluster(stack)).toMatchObject({ coordinator_public_ip_access_enabled: true, node_public_ip_access_enabled: false });
    const synth = Testing.synth(stack);
    expect(synth).toHaveResourceWithProperties(CosmosdbPostgresqlFirewallRule, {
      name: "office",
      cluster_id: `\${azurerm_cosmosdb_postgresql_cluster.${clusterId}.id}`,
      start_ip_address: "203.0.113.0",
      end_ip_address: "203.0.113.255",
    });
    expect(synth).toHaveResourceWithProperties(CosmosdbPostgresqlFirewallRule, {
      name: "ci.runner_1",
      start_ip_address: "198.51.100.7",
      end_ip_address: "198.51.100.7",
    });
    expect(Object.keys(resourcesOf(json, "azurerm_cosmosdb_postgresql_firewall_rule"))).toHaveLength(2);
    expect(Object.keys(c.firewallRules).sort()).toEqual(["ci.runner_1", "office"]);
  });

  test("a private endpoint to the coordinator, registered in privatelink.postgres.cosmos.azure.com", () => {
    const { stack, rg } = testStack();
    const subnet = testSubnet({ stack, rg }, "endpoints");

    const vault = new KeyVault(stack, "Vault", { resourceGroup: rg });
    const c = new CosmosPostgresCluster(stack, "Citus", { resourceGroup: rg, passwordVault: vault, privateEndpoints: [{ subnet }] });
    const json = synthJson(stack);
    const clusterId = onlyResourceId(json, "azurerm_cosmosdb_postgresql_cluster");
    const zoneId = onlyResourceId(json, "azurerm_private_dns_zone");
    expect(onlyResource(json, "azurerm_private_dns_zone").name).toBe("privatelink.postgres.cosmos.azure.com");
    expect(onlyResource(json, "azurerm_private_endpoint")).toMatchObject({
      name: "pep-demo-dev-eus2-cospos",
      location: "eastus2",
      subnet_id: subnet.id,
      private_service_connection: {
        private_connection_resource_id: `\${azurerm_cosmosdb_postgresql_cluster.${clusterId}.id}`,
        subresource_names: ["coordinator"],
        is_manual_connection: false,
      },
      private_dns_zone_group: { private_dns_zone_ids: [`\${azurerm_private_dns_zone.${zoneId}.id}`] },
    });
    expect(c.privateEndpoints).toHaveLength(1);
    expect(cluster(stack).coordinator_public_ip_access_enabled).toBe(false);
  });

  test("protection: lock and prevent_destroy", () => {
    const { stack, cluster: c } = clusterStack({ lock: "CanNotDelete", preventDestroy: true });
    const clusterId = onlyResourceId(synthJson(stack), "azurerm_cosmosdb_postgresql_cluster");
    expect(cluster(stack).lifecycle).toEqual({ prevent_destroy: true });
    expect(Testing.synth(stack)).toHaveResourceWithProperties(ManagementLock, {
      name: `lock-${c.name}`,
      lock_level: "CanNotDelete",
      scope: `\${azurerm_cosmosdb_postgresql_cluster.${clusterId}.id}`,
    });
  });
});

describe("CosmosPostgresCluster input checks", () => {
  test.each([1, 21, -2, 2.5])("workers.count %d", (count) => {
    expectInvalid({ workers: { count } }, `test/Citus: workers.count ${count} is not allowed (allowed: 0 or 2 to 20)`);
  });

  test("an edition azurerm does not know", () => {
    expectInvalid(
      { coordinator: { edition: "Premium" as never } },
      'test/Citus: coordinator.edition "Premium" is not allowed (allowed: "GeneralPurpose", "MemoryOptimized", "BurstableGeneralPurpose", "BurstableMemoryOptimized")',
    );
  });

  test("Burstable compute with workers", () => {
    expectInvalid(
      { coordinator: { edition: "BurstableGeneralPurpose" }, workers: { count: 2 } },
      'test/Citus: coordinator.edition "BurstableGeneralPurpose" is only offered on a single-node cluster, and workers.count is 2 (allowed with workers: "GeneralPurpose", "MemoryOptimized")',
    );
  });

  test("HA on Burstable compute", () => {
    expectInvalid(
      { coordinator: { edition: "BurstableMemoryOptimized" }, highAvailability: true },
      'test/Citus: highAvailability is not available with Burstable compute (coordinator.edition "BurstableMemoryOptimized"; use "GeneralPurpose" or "MemoryOptimized")',
    );
  });

  test.each([
    ["BurstableMemoryOptimized", 2, "1"],
    ["BurstableGeneralPurpose", 1, "2"],
  ] as const)("Burstable edition %s with %d vCores", (edition, vCores, allowed) => {
    expectInvalid(
      { coordinator: { edition, vCores } },
      `test/Citus: coordinator.vCores ${vCores} is not offered for a Burstable coordinator (edition "${edition}") (allowed: ${allowed})`,
    );
  });

  test("Burstable storage above 128 GiB", () => {
    expectInvalid(
      { coordinator: { edition: "BurstableGeneralPurpose", storageMb: 262144 } },
      'test/Citus: coordinator.storageMb 262144 is not offered for a Burstable coordinator (edition "BurstableGeneralPurpose") (allowed: 32768, 65536, 131072)',
    );
  });

  test("single-node vCores", () => {
    expectInvalid({ coordinator: { vCores: 96 } }, "test/Citus: coordinator.vCores 96 is not offered for a single-node cluster (allowed: 2, 4, 8, 16, 32, 64)");
    expectInvalid({ coordinator: { vCores: 1 } }, "test/Citus: coordinator.vCores 1 is not offered for a single-node cluster (allowed: 2, 4, 8, 16, 32, 64)");
  });

  test("single-node storage below 128 GiB (Burstable only)", () => {
    expectInvalid(
      { coordinator: { storageMb: 32768 } },
      "test/Citus: coordinator.storageMb 32768 is not offered for a single-node cluster with 2 vCores (allowed: 131072, 262144, 524288; 1048576 and 2097152 need 8 vCores or more)",
    );
  });

  test("single-node 1 TiB storage needs 8 vCores", () => {
    expectInvalid(
      { coordinator: { vCores: 4, storageMb: 1048576 } },
      "test/Citus: coordinator.storageMb 1048576 is not offered for a single-node cluster with 4 vCores (allowed: 131072, 262144, 524288; 1048576 and 2097152 need 8 vCores or more)",
    );
  });

  test("single-node storage above 2 TiB", () => {
    expectInvalid(
      { coordinator: { vCores: 8, storageMb: 4194304 } },
      "test/Citus: coordinator.storageMb 4194304 is not offered for a single-node cluster with 8 vCores (allowed: 131072, 262144, 524288, 1048576, 2097152)",
    );
  });

  test("multi-node coordinator vCores", () => {
    expectInvalid(
      { coordinator: { vCores: 2 }, workers: { count: 2 } },
      "test/Citus: coordinator.vCores 2 is not offered for the coordinator of a multi-node cluster (allowed: 4, 8, 16, 32, 64, 96)",
    );
  });

  test("multi-node coordinator storage (32 TiB is beyond azurerm 4.55)", () => {
    expectInvalid(
      { coordinator: { storageMb: 33554432 }, workers: { count: 2 } },
      "test/Citus: coordinator.storageMb 33554432 is not offered for the coordinator of a multi-node cluster (allowed: 131072, 262144, 524288, 1048576, 2097152, 4194304, 8388608, 16777216)",
    );
  });

  test("worker vCores", () => {
    expectInvalid({ workers: { count: 2, vCores: 2 } }, "test/Citus: workers.vCores 2 is not offered for worker nodes (allowed: 4, 8, 16, 32, 64, 96, 104)");
  });

  test("worker storage below 0.5 TiB", () => {
    expectInvalid(
      { workers: { count: 3, storageMb: 131072 } },
      "test/Citus: workers.storageMb 131072 is not offered for worker nodes (allowed: 524288, 1048576, 2097152, 4194304, 8388608, 16777216)",
    );
  });

  test("Burstable workers", () => {
    expectInvalid(
      { workers: { count: 2, edition: "BurstableGeneralPurpose" as never } },
      'test/Citus: workers.edition "BurstableGeneralPurpose" is not offered for worker nodes (allowed: "GeneralPurpose", "MemoryOptimized")',
    );
  });

  test.each(["11", "12", "13", "14"])("retired PostgreSQL %s", (version) => {
    expectInvalid({ postgresVersion: version as never }, `test/Citus: postgresVersion "${version}" is not offered for new clusters (allowed: "15", "16")`);
  });

  test("a Citus version that does not come with the PostgreSQL version", () => {
    expectInvalid({ postgresVersion: "15", citusVersion: "11.3" }, 'test/Citus: citusVersion "11.3" does not match postgresVersion "15" (allowed: "12.1")');
  });

  test("firewall rules without public network access", () => {
    expectInvalid({ firewallRules: [{ name: "office", cidr: "203.0.113.0/24" }] }, "test/Citus: firewallRules need publicNetworkAccess: true");
  });

  test("a firewall CIDR with host bits set is rejected instead of silently widened", () => {
    expectInvalid(
      { publicNetworkAccess: true, firewallRules: [{ name: "office", cidr: "203.0.113.7/24" }] },
      'test/Citus: firewall rule "office": "203.0.113.7/24" has host bits set (did you mean 203.0.113.0/24?)',
    );
  });

  test("a firewall rule that is not an IPv4 CIDR", () => {
    expectInvalid(
      { publicNetworkAccess: true, firewallRules: [{ name: "office", cidr: "203.0.113.0" }] },
      'test/Citus: firewall rule "office": "203.0.113.0" is not an IPv4 CIDR',
    );
  });

  test.each(["my office", "-office", "office.", "o"])("firewall rule name %j", (name) => {
    expectInvalid(
      { publicNetworkAccess: true, firewallRules: [{ name, cidr: "203.0.113.0/24" }] },
      `test/Citus: firewall rule name ${JSON.stringify(name)} is not allowed (allowed: 2 or more letters, digits, underscores, periods and hyphens, starting with a letter or digit and ending with a letter, digit or underscore)`,
    );
  });

  test("a firewall rule defined twice", () => {
    expectInvalid(
      { publicNetworkAccess: true, firewallRules: [{ name: "office", cidr: "203.0.113.0/24" }, { name: "office", cidr: "198.51.100.0/24" }] },
      'test/Citus: firewall rule "office" is defined twice',
    );
  });

  test("a preferred zone in a region without zones", () => {
    expectInvalid({ preferredPrimaryZone: "1" }, 'test/Citus: preferred primary zone "1" needs availability zones, and region "westus" has none', { location: "westus" });
  });

  test.each([
    [{ dayOfWeek: 7 }, "test/Citus: maintenanceWindow.dayOfWeek 7 is out of range (allowed: 0 to 6)"],
    [{ startHour: 24 }, "test/Citus: maintenanceWindow.startHour 24 is out of range (allowed: 0 to 23)"],
    [{ startMinute: 60 }, "test/Citus: maintenanceWindow.startMinute 60 is out of range (allowed: 0 to 59)"],
    [{ startHour: 1.5 }, "test/Citus: maintenanceWindow.startHour 1.5 is not a whole number (allowed: 0 to 23)"],
  ])("maintenance window %j", (maintenanceWindow, message) => {
    expectInvalid({ maintenanceWindow }, message);
  });

  test("a name Azure rejects", () => {
    expectInvalid(
      { name: "Studio_Citus" },
      'test/Citus: Cosmos DB for PostgreSQL cluster name "Studio_Citus" has characters or a shape Azure rejects; Azure allows 3-40 characters, lowercase letters, digits and hyphens, not starting or ending with a hyphen, not only digits; globally unique',
    );
  });

  test("two clusters sharing a vault need distinct password secret names", () => {
    const { stack, rg, vault } = clusterStack();
    expect(() => new CosmosPostgresCluster(stack, "Second", { resourceGroup: rg, passwordVault: vault, instance: "b" })).toThrow(
      'test/Vault: secret "cosmos-postgres-admin-password" is defined twice',
    );
  });
});
