import { ManagementLock } from "@cdktf/provider-azurerm/lib/management-lock";
import { PostgresqlFlexibleServer } from "@cdktf/provider-azurerm/lib/postgresql-flexible-server";
import { PostgresqlFlexibleServerDatabase } from "@cdktf/provider-azurerm/lib/postgresql-flexible-server-database";
import { PostgresqlFlexibleServerFirewallRule } from "@cdktf/provider-azurerm/lib/postgresql-flexible-server-firewall-rule";
import type { EnvironmentConfig } from "../../../lib/framework/environment-config";
import { ValidationError } from "../../../lib/core/errors";
import { PostgresFlexible, type PostgresFlexibleProps } from "../../../lib/data/postgres-flexible";
import { ExistingSubnet } from "../../../lib/network/existing";
import { type SubnetSpec, VnetWithSubnets } from "../../../lib/network/vnet-with-subnets";
import { KeyVault } from "../../../lib/security/key-vault";
import { expectValidationError, onlyResource, onlyResourceId, rendered, resourcesOf, synthJson, testStack, testSubnet } from "../../helpers/stack";
import { TerraformStack, Testing } from "cdktf";
import { POSTGRES_SKUS, postgresSkuVcores } from "../../../lib/data/postgres-flexible";

function postgresStack(props: Partial<PostgresFlexibleProps> = {}, environment: Partial<EnvironmentConfig> = {}) {
  const { stack, rg } = testStack({ environment });
  const vault = new KeyVault(stack, "Vault", { resourceGroup: rg });
  const server = new PostgresFlexible(stack, "Database", { resourceGroup: rg, passwordVault: vault, ...props });
  return { stack, rg, vault, server };
}

function server(stack: Parameters<typeof synthJson>[0]): Record<string, unknown> {
  return onlyResource(synthJson(stack), "azurerm_postgresql_flexible_server");
}

describe("PostgresFlexible", () => {
  test("defaults: PostgreSQL 16 on General Purpose, private, 7-day backups, Sunday maintenance", () => {
    const { stack, server: pg } = postgresStack();
    expect(Testing.synth(stack)).toHaveResourceWithProperties(PostgresqlFlexibleServer, {
      version: "16",
      sku_name: "GP_Standard_D2s_v3",
      storage_mb: 32768,
      auto_grow_enabled: true,
      backup_retention_days: 7,
      geo_redundant_backup_enabled: false,
      public_network_access_enabled: false,
      administrator_login: "psqladmin",
      location: "eastus2",
      maintenance_window: { day_of_week: 0, start_hour: 2, start_minute: 0 },
    });
    const s = server(stack);
    expect(s.high_availability).toBeUndefined();
    expect(s.zone).toBeUndefined();
    expect(pg.name).toMatch(/^psql-demo-dev-eus2-[a-z0-9]{4}$/);
    expect(pg.administratorLogin).toBe("psqladmin");
    expect(resourcesOf(synthJson(stack), "azurerm_postgresql_flexible_server_firewall_rule")).toEqual({});
  });

  test("the administrator password is a random_password stored in the vault, never a literal", () => {
    const { stack, server: pg } = postgresStack();
    const json = synthJson(stack);
    const passwordId = onlyResourceId(json, "random_password");
    const vaultId = onlyResourceId(json, "azurerm_key_vault");
    expect(onlyResource(json, "random_password")).toMatchObject({ length: 32, special: false });
    expect(server(stack).administrator_password).toBe(`\${random_password.${passwordId}.result}`);
    expect(onlyResource(json, "azurerm_key_vault_secret")).toMatchObject({
      name: "postgres-admin-password",
      key_vault_id: `\${azurerm_key_vault.${vaultId}.id}`,
      value: `\${random_password.${passwordId}.result}`,
    });
    const secretId = onlyResourceId(json, "azurerm_key_vault_secret");
    expect(rendered(stack, pg.passwordSecret.reference)).toBe(`@Microsoft.KeyVault(SecretUri=\${azurerm_key_vault_secret.${secretId}.versionless_id})`);
  });

  test("passwordSecretName and administratorLogin are configurable", () => {
    const { stack } = postgresStack({ passwordSecretName: "database-password", administratorLogin: "dbadmin" });
    const json = synthJson(stack);
    expect(onlyResource(json, "azurerm_key_vault_secret").name).toBe("database-password");
    expect(server(stack).administrator_login).toBe("dbadmin");
  });

  test("Entra ID authentication alongside passwords, for the deployer's tenant", () => {
    const { stack } = postgresStack();
    expect(server(stack).authentication).toEqual({
      password_auth_enabled: true,
      active_directory_auth_enabled: true,
      tenant_id: "${data.azurerm_client_config.ClientConfig.tenant_id}",
    });
  });

  test("Entra ID authentication uses the environment's tenant when it sets one", () => {
    const { stack } = postgresStack({}, { tenantId: "11111111-1111-1111-1111-111111111111" });
    expect(server(stack).authentication).toMatchObject({ active_directory_auth_enabled: true, tenant_id: "11111111-1111-1111-1111-111111111111" });
  });

  test("entraAuthentication: false leaves passwords only, without a tenant", () => {
    const { stack } = postgresStack({ entraAuthentication: false });
    expect(server(stack).authentication).toEqual({ password_auth_enabled: true, active_directory_auth_enabled: false });
  });

  test("zone-redundant HA puts the primary in zone 1 and the standby in zone 2", () => {
    const { stack } = postgresStack({ highAvailability: "ZoneRedundant" });
    expect(server(stack)).toMatchObject({ zone: "1", high_availability: { mode: "ZoneRedundant", standby_availability_zone: "2" } });
  });

  test("zone-redundant HA with the primary in zone 2 puts the standby in zone 3", () => {
    const { stack } = postgresStack({ highAvailability: "ZoneRedundant", zone: "2" });
    expect(server(stack)).toMatchObject({ zone: "2", high_availability: { mode: "ZoneRedundant", standby_availability_zone: "3" } });
  });

  test("same-zone HA has no standby zone", () => {
    const { stack } = postgresStack({ highAvailability: "SameZone" });
    const s = server(stack);
    expect(s.high_availability).toEqual({ mode: "SameZone" });
    expect(s.zone).toBeUndefined();
  });

  test("ignores zone swaps after a failover", () => {
    const { stack } = postgresStack({ highAvailability: "ZoneRedundant" });
    expect(server(stack).lifecycle).toEqual({ ignore_changes: ["zone", "high_availability[0].standby_availability_zone"] });
  });

  test("SKU, storage, retention, geo-redundant backup and maintenance window are configurable", () => {
    const { stack } = postgresStack({
      version: "15",
      sku: "MO_Standard_E2s_v3",
      storageMb: 131072,
      autoGrow: false,
      backupRetentionDays: 35,
      geoRedundantBackup: true,
      maintenanceWindow: { dayOfWeek: 3, startHour: 23 },
    });
    expect(server(stack)).toMatchObject({
      version: "15",
      sku_name: "MO_Standard_E2s_v3",
      storage_mb: 131072,
      auto_grow_enabled: false,
      backup_retention_days: 35,
      geo_redundant_backup_enabled: true,
      maintenance_window: { day_of_week: 3, start_hour: 23, start_minute: 0 },
    });
  });

  test("HA on a Burstable SKU is rejected", () => {
    const attempt = () => postgresStack({ sku: "B_Standard_B1ms", highAvailability: "ZoneRedundant" });
    expect(attempt).toThrow(ValidationError);
    expect(attempt).toThrow('test/Database: highAvailability "ZoneRedundant" is not available on the Burstable SKU "B_Standard_B1ms" (use a GP_ or MO_ SKU)');
  });

  test("zone-redundant HA in a region without zones is rejected", () => {
    const attempt = () => postgresStack({ highAvailability: "ZoneRedundant" }, { location: "westus" });
    expect(attempt).toThrow(ValidationError);
    expect(attempt).toThrow('test/Database: zone-redundant high availability needs availability zones, and region "westus" has none');
  });

  test("same-zone HA is accepted in a region without zones", () => {
    const { stack } = postgresStack({ highAvailability: "SameZone" }, { location: "westus" });
    expect(server(stack)).toMatchObject({ location: "westus", high_availability: { mode: "SameZone" } });
  });

  test.each([
    [6, "test/Database: backupRetentionDays 6 is out of range (allowed: 7 to 35)"],
    [36, "test/Database: backupRetentionDays 36 is out of range (allowed: 7 to 35)"],
  ])("backupRetentionDays %d is rejected", (days, message) => {
    const attempt = () => postgresStack({ backupRetentionDays: days });
    expect(attempt).toThrow(ValidationError);
    expect(attempt).toThrow(message);
  });

  test("firewall rules turn CIDRs into start and end addresses", () => {
    const { stack } = postgresStack({
      publicNetworkAccess: true,
      firewallRules: [
        { name: "office", cidr: "203.0.113.0/24" },
        { name: "runner", cidr: "198.51.100.7/32" },
      ],
    });
    const json = synthJson(stack);
    const serverId = onlyResourceId(json, "azurerm_postgresql_flexible_server");
    const synth = Testing.synth(stack);
    expect(server(stack).public_network_access_enabled).toBe(true);
    expect(synth).toHaveResourceWithProperties(PostgresqlFlexibleServerFirewallRule, {
      name: "office",
      server_id: `\${azurerm_postgresql_flexible_server.${serverId}.id}`,
      start_ip_address: "203.0.113.0",
      end_ip_address: "203.0.113.255",
    });
    expect(synth).toHaveResourceWithProperties(PostgresqlFlexibleServerFirewallRule, {
      name: "runner",
      start_ip_address: "198.51.100.7",
      end_ip_address: "198.51.100.7",
    });
    expect(Object.keys(resourcesOf(json, "azurerm_postgresql_flexible_server_firewall_rule"))).toHaveLength(2);
  });

  test("allowAzureServices adds the 0.0.0.0 rule", () => {
    const { stack } = postgresStack({ publicNetworkAccess: true, allowAzureServices: true });
    expect(Testing.synth(stack)).toHaveResourceWithProperties(PostgresqlFlexibleServerFirewallRule, {
      name: "AllowAllAzureServicesAndResourcesWithinAzureIps",
      start_ip_address: "0.0.0.0",
      end_ip_address: "0.0.0.0",
    });
  });

  test("firewall rules without publicNetworkAccess are rejected", () => {
    const attempt = () => postgresStack({ firewallRules: [{ name: "office", cidr: "203.0.113.0/24" }] });
    expect(attempt).toThrow(ValidationError);
    expect(attempt).toThrow("test/Database: firewallRules need publicNetworkAccess: true");
  });

  test("a firewall rule that is not an IPv4 CIDR is rejected", () => {
    expect(() => postgresStack({ publicNetworkAccess: true, firewallRules: [{ name: "office", cidr: "203.0.113.0" }] })).toThrow(
      'test/Database: firewall rule "office": "203.0.113.0" is not an IPv4 CIDR',
    );
  });

  test("databases are UTF8 with the en_US.utf8 collation", () => {
    const { stack, server: pg } = postgresStack({ databases: ["app"] });
    pg.addDatabase("reporting");
    const json = synthJson(stack);
    const serverId = onlyResourceId(json, "azurerm_postgresql_flexible_server");
    for (const name of ["app", "reporting"]) {
      expect(Testing.synth(stack)).toHaveResourceWithProperties(PostgresqlFlexibleServerDatabase, {
        name,
        server_id: `\${azurerm_postgresql_flexible_server.${serverId}.id}`,
        charset: "UTF8",
        collation: "en_US.utf8",
      });
    }
    expect(Object.keys(pg.databases).sort()).toEqual(["app", "reporting"]);
  });

  test("a database name Azure rejects is rejected", () => {
    expect(() => postgresStack({ databases: ["my-db"] })).toThrow(
      'test/Database/Database[my-db]: PostgreSQL database name "my-db" has characters or a shape Azure rejects; Azure allows 1-63 characters, letters, digits and underscores, starting with a letter or underscore; unique within its parent resource',
    );
  });

  test("protection: lock and prevent_destroy", () => {
    const { stack, server: pg } = postgresStack({ lock: "CanNotDelete", preventDestroy: true });
    const json = synthJson(stack);
    const serverId = onlyResourceId(json, "azurerm_postgresql_flexible_server");
    expect(server(stack).lifecycle).toEqual({
      prevent_destroy: true,
      ignore_changes: ["zone", "high_availability[0].standby_availability_zone"],
    });
    expect(Testing.synth(stack)).toHaveResourceWithProperties(ManagementLock, {
      name: `lock-${pg.name}`,
      lock_level: "CanNotDelete",
      scope: `\${azurerm_postgresql_flexible_server.${serverId}.id}`,
    });
  });
});

describe("PostgresFlexible input checks", () => {
  test("allowAzureServices without public network access names that prop", () => {
    expect(() => postgresStack({ allowAzureServices: true })).toThrow("test/Database: allowAzureServices needs publicNetworkAccess: true");
  });

  test("a firewall rule name Azure rejects", () => {
    expect(() => postgresStack({ publicNetworkAccess: true, firewallRules: [{ name: "my office", cidr: "203.0.113.0/24" }] })).toThrow(
      'test/Database: firewall rule name "my office" is not allowed (allowed: 1-128 letters, digits, hyphens and underscores)',
    );
  });

  test("a firewall CIDR with host bits set is rejected instead of silently widened", () => {
    expect(() => postgresStack({ publicNetworkAccess: true, firewallRules: [{ name: "office", cidr: "203.0.113.7/24" }] })).toThrow(
      'test/Database: firewall rule "office": "203.0.113.7/24" has host bits set (did you mean 203.0.113.0/24?)',
    );
  });

  test("a pinned zone in a region without zones", () => {
    expect(() => postgresStack({ zone: "1" }, { location: "westus" })).toThrow('test/Database: zone "1" needs availability zones, and region "westus" has none');
  });

  test("a fractional backup retention is 'not a whole number'", () => {
    expect(() => postgresStack({ backupRetentionDays: 7.5 })).toThrow("test/Database: backupRetentionDays 7.5 is not a whole number (allowed: 7 to 35)");
  });

  test("a database defined twice", () => {
    expect(() => postgresStack({ databases: ["app", "app"] })).toThrow('test/Database: database "app" is defined twice');
  });

  test("two servers sharing a vault need distinct password secret names", () => {
    const { stack, rg, vault } = postgresStack();
    expect(() => new PostgresFlexible(stack, "Second", { resourceGroup: rg, passwordVault: vault, instance: "second" })).toThrow('test/Vault: secret "postgres-admin-password" is defined twice');
    expect(() => new PostgresFlexible(stack, "Third", { resourceGroup: rg, passwordVault: vault, instance: "third", passwordSecretName: "third-admin-password" })).not.toThrow();
  });

  test("a second server needs an instance: its generated name would collide with the first (Azure: globally unique)", () => {
    const { stack, rg, vault } = postgresStack();
    expect(() => new PostgresFlexible(stack, "Second", { resourceGroup: rg, passwordVault: vault, passwordSecretName: "second-admin-password" })).toThrow(
      /^test\/Second: PostgreSQL flexible server name "psql-demo-dev-eus2-[a-z0-9]{4}" is already used by test\/Database, and Azure requires it to be globally unique; give one of them an `instance` \(or a `name`\)$/,
    );
  });
});

describe("PostgresFlexible VNet injection", () => {
  /** `delegation` null: a subnet without one. */
  function injectedStack(props: Partial<PostgresFlexibleProps> = {}, delegation: SubnetSpec["delegation"] | null = "Microsoft.DBforPostgreSQL/flexibleServers") {
    const { stack, rg } = testStack();
    const vnet = new VnetWithSubnets(stack, "Network", { resourceGroup: rg, addressSpace: ["10.0.0.0/16"], subnets: [{ name: "db", addressPrefix: "10.0.3.0/24", delegation: delegation ?? undefined }] });
    const vault = new KeyVault(stack, "Vault", { resourceGroup: rg });
    const build = () => new PostgresFlexible(stack, "Database", { resourceGroup: rg, passwordVault: vault, delegatedSubnet: vnet.subnet("db"), ...props });
    return { stack, rg, vnet, vault, build };
  }

  test("the server goes into the delegated subnet, with a zone of its own linked to the VNet and created first", () => {
    const { stack, build } = injectedStack();
    const pg = build();
    const json = synthJson(stack);
    const subnetId = Object.keys(resourcesOf(json, "azurerm_subnet"))[0];
    const vnetId = onlyResourceId(json, "azurerm_virtual_network");
    const zones = resourcesOf(json, "azurerm_private_dns_zone");
    const [zoneId] = Object.entries(zones).find(([, z]) => String(z.name).endsWith(".private.postgres.database.azure.com")) ?? [];
    expect(zones[zoneId as string]).toMatchObject({ name: `${pg.name}.private.postgres.database.azure.com` });
    const links = Object.entries(resourcesOf(json, "azurerm_private_dns_zone_virtual_network_link"));
    expect(links).toHaveLength(1);
    const [linkId, link] = links[0];
    expect(link).toMatchObject({ private_dns_zone_name: `\${azurerm_private_dns_zone.${zoneId}.name}`, virtual_network_id: `\${azurerm_virtual_network.${vnetId}.id}`, registration_enabled: false });
    expect(server(stack)).toMatchObject({
      delegated_subnet_id: `\${azurerm_subnet.${subnetId}.id}`,
      private_dns_zone_id: `\${azurerm_private_dns_zone.${zoneId}.id}`,
      public_network_access_enabled: false,
      depends_on: [`azurerm_private_dns_zone_virtual_network_link.${linkId}`],
    });
    expect(pg.privateDnsZone).toBeDefined();
    expect(rendered(stack, pg.privateDnsZoneId as string)).toBe(`\${azurerm_private_dns_zone.${zoneId}.id}`);
    expect(resourcesOf(json, "azurerm_private_endpoint")).toEqual({});
  });

  test("an existing zone by id (and a referenced subnet): nothing is created for DNS", () => {
    const { stack, rg } = testStack();
    const vault = new KeyVault(stack, "Vault", { resourceGroup: rg });
    const zone = "/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/rg-dns/providers/Microsoft.Network/privateDnsZones/db.private.postgres.database.azure.com";
    const subnetId = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-network/providers/Microsoft.Network/virtualNetworks/vnet-spoke/subnets/snet-db";
    new PostgresFlexible(stack, "Database", { resourceGroup: rg, passwordVault: vault, delegatedSubnet: ExistingSubnet.fromId(stack, "Db", { subnetId }), privateDnsZoneId: zone });
    const json = synthJson(stack);
    expect(server(stack)).toMatchObject({ delegated_subnet_id: subnetId, private_dns_zone_id: zone, public_network_access_enabled: false });
    expect(server(stack).depends_on).toBeUndefined();
    expect(resourcesOf(json, "azurerm_private_dns_zone")).toEqual({});
    expect(resourcesOf(json, "azurerm_private_dns_zone_virtual_network_link")).toEqual({});
    expect(json.data?.azurerm_subnet).toBeUndefined();
  });

  test("without delegatedSubnet nothing changes: no subnet, no zone, no depends_on", () => {
    const { stack } = postgresStack();
    const s = server(stack);
    expect(s.delegated_subnet_id).toBeUndefined();
    expect(s.private_dns_zone_id).toBeUndefined();
    expect(s.depends_on).toBeUndefined();
  });

  test("publicNetworkAccess with delegatedSubnet is refused", () => {
    const { build } = injectedStack({ publicNetworkAccess: true });
    expect(build).toThrow(
      "test/Database: publicNetworkAccess true is not allowed with delegatedSubnet (a VNet-injected server has no public endpoint; azurerm requires public_network_access_enabled = false); leave publicNetworkAccess out, or drop delegatedSubnet for the public-access mode",
    );
  });

  test("privateEndpoints with delegatedSubnet are refused (Azure offers private endpoints only in the public-access mode)", () => {
    const { stack, rg } = testStack();
    const { build } = injectedStack({ privateEndpoints: [{ subnet: testSubnet({ stack, rg }) }] });
    expect(build).toThrow(
      "test/Database: privateEndpoints (1) are not allowed with delegatedSubnet (Azure offers private endpoints only to servers in the public-access networking mode); choose one: delegatedSubnet (VNet injection) or privateEndpoints",
    );
  });

  test("a subnet of the stack without the PostgreSQL delegation is refused", () => {
    const { build } = injectedStack({}, "Microsoft.Web/serverFarms");
    expect(build).toThrow(
      'test/Database: delegatedSubnet "snet-db" is not delegated to Microsoft.DBforPostgreSQL/flexibleServers (its delegations: Microsoft.Web/serverFarms); set delegation: "Microsoft.DBforPostgreSQL/flexibleServers" on its SubnetSpec (a subnet holding the server holds nothing else)',
    );
    const none = injectedStack({}, null);
    expect(none.build).toThrow('delegatedSubnet "snet-db" is not delegated to Microsoft.DBforPostgreSQL/flexibleServers (its delegations: none)');
  });

  test("a zone whose name does not end with .postgres.database.azure.com is refused", () => {
    const zone = "/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/rg-dns/providers/Microsoft.Network/privateDnsZones/db.example.com";
    const { build } = injectedStack({ privateDnsZoneId: zone });
    expect(build).toThrow('test/Database: privateDnsZoneId names zone "db.example.com", and the zone of a VNet-injected server must end with ".postgres.database.azure.com" (e.g. "<server>.private.postgres.database.azure.com")');
  });

  test("privateDnsZoneId without delegatedSubnet is refused", () => {
    expect(() => postgresStack({ privateDnsZoneId: "/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/rg-dns/providers/Microsoft.Network/privateDnsZones/db.private.postgres.database.azure.com" })).toThrow(
      "test/Database: privateDnsZoneId needs delegatedSubnet (it is the zone of a VNet-injected server; a server reached through privateEndpoints registers in the VNet's privatelink.postgres.database.azure.com zone)",
    );
  });
});

describe("PostgresFlexible with an existing vault", () => {
  test("the administrator password goes into the referenced vault; no vault is created", () => {
    const { stack, rg } = testStack();
    const vaultId = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-shared/providers/Microsoft.KeyVault/vaults/kv-shared";
    new PostgresFlexible(stack, "Database", { resourceGroup: rg, passwordVault: KeyVault.fromId(stack, "Shared", { keyVaultId: vaultId }) });
    const json = synthJson(stack);
    expect(resourcesOf(json, "azurerm_key_vault")).toEqual({});
    expect(onlyResource(json, "azurerm_key_vault_secret")).toMatchObject({ name: "postgres-admin-password", key_vault_id: vaultId });
  });
});

// PostgresFlexible read replicas (addReadReplica).
describe("PostgresFlexible read replicas", () => {
  function servers(stack: Parameters<typeof synthJson>[0]) {
    const all = Object.values(resourcesOf(synthJson(stack), "azurerm_postgresql_flexible_server"));
    return { primary: all.find((s) => s.create_mode === undefined) as Record<string, unknown>, replicas: all.filter((s) => s.create_mode === "Replica") };
  }

  test("a cross-region replica in the public-access mode: create_mode Replica, the source's id, SKU, storage and autogrow, no admin, no HA, no backups", () => {
    const { stack, server: pg } = postgresStack({ sku: "GP_Standard_D4ds_v5", storageMb: 131072, privateEndpoints: [{ subnet: testSubnet(testStack()) }] });
    const replica = pg.addReadReplica("Replica", { location: "centralus", crossRegion: true });
    const { replicas } = servers(stack);
    expect(replicas).toHaveLength(1);
    const serverId = Object.keys(resourcesOf(synthJson(stack), "azurerm_postgresql_flexible_server")).find((k) => !k.includes("Replica"));
    expect(replicas[0]).toMatchObject({
      create_mode: "Replica",
      source_server_id: `\${azurerm_postgresql_flexible_server.${serverId}.id}`,
      location: "centralus",
      sku_name: "GP_Standard_D4ds_v5",
      storage_mb: 131072,
      auto_grow_enabled: true,
      public_network_access_enabled: false,
    });
    for (const absent of ["administrator_login", "administrator_password", "high_availability", "geo_redundant_backup_enabled", "backup_retention_days", "version", "delegated_subnet_id"]) {
      expect(replicas[0][absent]).toBeUndefined();
    }
    expect(replica.name).toMatch(/^psql-demo-dev-eus2-rep-cus-[a-z0-9]{4}$/);
    expect(rendered(stack, replica.fqdn)).toMatch(/^\$\{azurerm_postgresql_flexible_server\.Database_Replica_[A-F0-9]+\.fqdn\}$/);
    expect(pg.readReplicas).toEqual([replica]);
  });

  test("a replica takes its own SKU (more vCores), storage, zone, private endpoints and protection", () => {
    const { stack, rg, server: pg } = postgresStack({ sku: "GP_Standard_D4ds_v5" });
    const replica = pg.addReadReplica("Replica", {
      location: "eastus2", sku: "MO_Standard_E4ds_v4", storageMb: 65536, zone: "2", instance: "read",
      privateEndpoints: [{ subnet: testSubnet({ stack, rg }) }], lock: "CanNotDelete", preventDestroy: true,
    });
    const json = synthJson(stack);
    expect(servers(stack).replicas[0]).toMatchObject({ sku_name: "MO_Standard_E4ds_v4", storage_mb: 65536, zone: "2", lifecycle: { prevent_destroy: true } });
    expect(replica.name).toMatch(/^psql-demo-dev-eus2-read-[a-z0-9]{4}$/);
    expect(replica.privateEndpoints).toHaveLength(1);
    const endpoint = Object.values(resourcesOf(json, "azurerm_private_endpoint"))[0];
    expect(endpoint).toMatchObject({ private_service_connection: { subresource_names: ["postgresqlServer"] } });
    expect(Object.values(resourcesOf(json, "azurerm_management_lock")).map((l) => l.name)).toEqual([`lock-${replica.name}`]);
  });

  test("a VNet-injected source: the replica goes into its own region's subnet and registers in the source's zone, linked to its VNet first", () => {
    const { stack, rg } = testStack();
    const primaryNet = new VnetWithSubnets(stack, "Network", { resourceGroup: rg, addressSpace: ["10.0.0.0/16"], subnets: [{ name: "db", addressPrefix: "10.0.3.0/24", delegation: "Microsoft.DBforPostgreSQL/flexibleServers" }] });
    const drNet = new VnetWithSubnets(stack, "DrNetwork", { resourceGroup: rg, location: "centralus", instance: "dr", addressSpace: ["10.1.0.0/16"], subnets: [{ name: "db", addressPrefix: "10.1.3.0/24", delegation: "Microsoft.DBforPostgreSQL/flexibleServers" }] });
    const vault = new KeyVault(stack, "Vault", { resourceGroup: rg });
    const pg = new PostgresFlexible(stack, "Database", { resourceGroup: rg, passwordVault: vault, delegatedSubnet: primaryNet.subnet("db") });
    const replica = pg.addReadReplica("Replica", { location: "centralus", crossRegion: true, delegatedSubnet: drNet.subnet("db") });
    const json = synthJson(stack);
    const zoneId = onlyResourceId(json, "azurerm_private_dns_zone");
    const links = resourcesOf(json, "azurerm_private_dns_zone_virtual_network_link");
    expect(Object.keys(links)).toHaveLength(2);
    const [replicaLinkId, replicaLink] = Object.entries(links).find(([k]) => k.includes("Replica")) as [string, Record<string, unknown>];
    const drVnetId = Object.keys(resourcesOf(json, "azurerm_virtual_network")).find((k) => k.startsWith("DrNetwork"));
    expect(replicaLink).toMatchObject({ private_dns_zone_name: `\${azurerm_private_dns_zone.${zoneId}.name}`, virtual_network_id: `\${azurerm_virtual_network.${drVnetId}.id}` });
    const drSubnetId = Object.keys(resourcesOf(json, "azurerm_subnet")).find((k) => k.startsWith("DrNetwork"));
    expect(servers(stack).replicas[0]).toMatchObject({
      delegated_subnet_id: `\${azurerm_subnet.${drSubnetId}.id}`,
      private_dns_zone_id: `\${azurerm_private_dns_zone.${zoneId}.id}`,
      depends_on: [`azurerm_private_dns_zone_virtual_network_link.${replicaLinkId}`],
    });
    expect(replica.privateDnsZoneLink).toBeDefined();
  });

  test("a same-region replica sharing the source's subnet needs no extra link", () => {
    const { stack, rg } = testStack();
    const net = new VnetWithSubnets(stack, "Network", { resourceGroup: rg, addressSpace: ["10.0.0.0/16"], subnets: [{ name: "db", addressPrefix: "10.0.3.0/24", delegation: "Microsoft.DBforPostgreSQL/flexibleServers" }] });
    const vault = new KeyVault(stack, "Vault", { resourceGroup: rg });
    const pg = new PostgresFlexible(stack, "Database", { resourceGroup: rg, passwordVault: vault, delegatedSubnet: net.subnet("db") });
    const replica = pg.addReadReplica("Replica", { location: "eastus2", delegatedSubnet: net.subnet("db") });
    expect(replica.privateDnsZoneLink).toBeUndefined();
    expect(Object.keys(resourcesOf(synthJson(stack), "azurerm_private_dns_zone_virtual_network_link"))).toHaveLength(1);
    expect(servers(stack).replicas[0].depends_on).toBeUndefined();
  });

  test("in a plain TerraformStack with explicit names", () => {
    const plain = new TerraformStack(Testing.app(), "plain");
    const rg = { name: "rg-db", location: "eastus2", id: "/subscriptions/0/resourceGroups/rg-db" };
    const vault = new KeyVault(plain, "Vault", { resourceGroup: rg, name: "kv-plain-db" });
    const pg = new PostgresFlexible(plain, "Database", { resourceGroup: rg, passwordVault: vault, name: "psql-plain", entraAuthentication: false });
    const replica = pg.addReadReplica("Replica", { location: "centralus", name: "psql-plain-dr" });
    expect(replica.name).toBe("psql-plain-dr");
    expect(servers(plain).replicas[0]).toMatchObject({ name: "psql-plain-dr", location: "centralus", resource_group_name: "rg-db" });
  });

  test("a replica without a name outside an AzureStack asks for one", () => {
    const plain = new TerraformStack(Testing.app(), "plain");
    const rg = { name: "rg-db", location: "eastus2", id: "/subscriptions/0/resourceGroups/rg-db" };
    const vault = new KeyVault(plain, "Vault", { resourceGroup: rg, name: "kv-plain-db" });
    const pg = new PostgresFlexible(plain, "Database", { resourceGroup: rg, passwordVault: vault, name: "psql-plain", entraAuthentication: false });
    expect(() => pg.addReadReplica("Replica", { location: "centralus" })).toThrow(/pass the `name` prop/);
  });

  test("postgresSkuVcores reads every listed SKU", () => {
    for (const sku of POSTGRES_SKUS) expect(postgresSkuVcores(sku)).toBeGreaterThan(0);
    expect(postgresSkuVcores("GP_Standard_D16s_v3")).toBe(16);
    expect(postgresSkuVcores("weird")).toBeUndefined();
  });
});

describe("PostgresFlexible read replica checks", () => {
  const P = "test/Database/Replica";
  test("a Burstable source is refused", () => {
    const { server: pg } = postgresStack({ sku: "B_Standard_B2s" });
    expectValidationError(() => pg.addReadReplica("Replica", { location: "centralus", sku: "GP_Standard_D2s_v3" }), `${P}: read replicas are not available for the Burstable source SKU "B_Standard_B2s" (allowed: a GP_ or MO_ SKU on the source server)`);
  });
  test("a Burstable replica is refused", () => {
    const { server: pg } = postgresStack();
    expectValidationError(() => pg.addReadReplica("Replica", { location: "centralus", sku: "B_Standard_B2s" }), `${P}: sku "B_Standard_B2s" is not allowed on a read replica (allowed: a GP_ or MO_ SKU; Burstable has no replicas)`);
  });
  test("fewer vCores than the source is refused", () => {
    const { server: pg } = postgresStack({ sku: "GP_Standard_D4s_v3" });
    expectValidationError(() => pg.addReadReplica("Replica", { location: "centralus", sku: "GP_Standard_D2s_v3" }), `${P}: sku "GP_Standard_D2s_v3" has 2 vCores, fewer than the source's "GP_Standard_D4s_v3" (4); a replica needs the same or more vCores`);
  });
  test("less storage than the source is refused", () => {
    const { server: pg } = postgresStack({ storageMb: 131072 });
    expectValidationError(() => pg.addReadReplica("Replica", { location: "centralus", storageMb: 65536 }), `${P}: storageMb 65536 is less than the source's 131072; a replica needs the same or more storage`);
  });
  test("a cross-region replica in the source's region is refused", () => {
    const { server: pg } = postgresStack();
    expectValidationError(() => pg.addReadReplica("Replica", { location: "eastus2", crossRegion: true }), `${P}: location "eastus2" is the source server's region, and crossRegion is true (give the disaster-recovery region, or drop crossRegion for a same-region replica)`);
  });
  test("an unknown region is refused", () => {
    const { server: pg } = postgresStack();
    expectValidationError(() => pg.addReadReplica("Replica", { location: "Central US" }), `${P}: location "Central US" is not a known Azure region; did you mean "centralus"? (use the ARM name, e.g. eastus2)`);
  });
  test("high availability, backups, an administrator or a version on a replica are refused", () => {
    const { server: pg } = postgresStack();
    expectValidationError(() => pg.addReadReplica("Replica", { location: "centralus", highAvailability: "ZoneRedundant" } as never), `${P}: highAvailability "ZoneRedundant" is not allowed on a read replica (Azure offers no high availability on read replicas); leave it out`);
    expectValidationError(() => pg.addReadReplica("Replica2", { location: "centralus", geoRedundantBackup: true } as never), 'test/Database/Replica2: geoRedundantBackup true is not allowed on a read replica (Azure takes no backups of read replicas); leave it out');
    expectValidationError(() => pg.addReadReplica("Replica3", { location: "centralus", version: "15" } as never), 'test/Database/Replica3: version "15" is not allowed on a read replica (a replica runs the source\'s major version); leave it out');
  });
  test("a sixth replica is refused", () => {
    const { server: pg } = postgresStack();
    const regions = ["centralus", "westus2", "northeurope", "westeurope", "uksouth"];
    regions.forEach((location, i) => pg.addReadReplica(`R${i}`, { location }));
    expectValidationError(() => pg.addReadReplica("R5", { location: "francecentral" }), `test/Database/R5: a source server has at most 5 read replicas; "${pg.name}" already has 5`);
  });
  test("a delegated subnet for the replica of a public-access source is refused", () => {
    const { stack, rg, server: pg } = postgresStack();
    expectValidationError(
      () => pg.addReadReplica("Replica", { location: "eastus2", delegatedSubnet: { ...testSubnet({ stack, rg }), delegations: ["Microsoft.DBforPostgreSQL/flexibleServers"] } }),
      `${P}: delegatedSubnet is not allowed: the source "${pg.name}" is in the public-access networking mode (give the replica privateEndpoints instead)`,
    );
  });
  describe("with a VNet-injected source", () => {
    function injected() {
      const { stack, rg } = testStack();
      const net = new VnetWithSubnets(stack, "Network", { resourceGroup: rg, addressSpace: ["10.0.0.0/16"], subnets: [{ name: "db", addressPrefix: "10.0.3.0/24", delegation: "Microsoft.DBforPostgreSQL/flexibleServers" }, { name: "app", addressPrefix: "10.0.4.0/24" }] });
      const vault = new KeyVault(stack, "Vault", { resourceGroup: rg });
      const pg = new PostgresFlexible(stack, "Database", { resourceGroup: rg, passwordVault: vault, delegatedSubnet: net.subnet("db") });
      return { stack, rg, net, pg };
    }
    test("no subnet is refused", () => {
      const { pg } = injected();
      expectValidationError(() => pg.addReadReplica("Replica", { location: "centralus" }), `${P}: delegatedSubnet is required: the source "${pg.name}" is VNet-injected, so the replica needs a delegated subnet of a VNet in "centralus", peered with the source's VNet`);
    });
    test("private endpoints are refused", () => {
      const { stack, rg, pg } = injected();
      expectValidationError(() => pg.addReadReplica("Replica", { location: "eastus2", privateEndpoints: [{ subnet: testSubnet({ stack, rg }) }] }), `${P}: privateEndpoints (1) are not allowed: the source "${pg.name}" is VNet-injected (give the replica a delegatedSubnet in its region instead)`);
    });
    test("a subnet without the delegation is refused", () => {
      const { net, pg } = injected();
      expectValidationError(() => pg.addReadReplica("Replica", { location: "eastus2", delegatedSubnet: net.subnet("app") }), `${P}: delegatedSubnet "snet-app" is not delegated to Microsoft.DBforPostgreSQL/flexibleServers (its delegations: none); set delegation: "Microsoft.DBforPostgreSQL/flexibleServers" on its SubnetSpec`);
    });
    test("a subnet in another region is refused", () => {
      const { net, pg } = injected();
      expectValidationError(() => pg.addReadReplica("Replica", { location: "centralus", delegatedSubnet: net.subnet("db") }), `${P}: delegatedSubnet "snet-db" is in a VNet in "eastus2", and the replica is in "centralus" (a server's subnet must be in its region)`);
    });
  });
});
