import { TerraformStack, Testing } from "cdktf";
import type { IResourceGroup } from "../../../lib/core/interfaces";
import {
  COSMOS_DATA_CONTRIBUTOR_ROLE_ID,
  COSMOS_DATA_READER_ROLE_ID,
  CosmosNoSql,
  type CosmosNoSqlProps,
  type CosmosSqlContainerOptions,
} from "../../../lib/data/cosmos-nosql";
import { expectValidationError, onlyResource, onlyResourceId, resourcesOf, synthJson, testStack, testSubnet } from "../../helpers/stack";

function cosmosStack(environment: Parameters<typeof testStack>[0] = {}) {
  const { stack, rg } = testStack(environment);
  const build = (props: Partial<CosmosNoSqlProps> = {}, id = "Cosmos") => new CosmosNoSql(stack, id, { resourceGroup: rg, ...props });
  return { stack, rg, build };
}

function accountJson(stack: TerraformStack): Record<string, unknown> {
  return onlyResource(synthJson(stack), "azurerm_cosmosdb_account");
}

function warnings(scope: { node: { metadata: Array<{ type: string; data: unknown }> } }): string[] {
  return scope.node.metadata.filter((m) => m.type === "@cdktf/warn").map((m) => m.data as string);
}

const APP = { principalId: "11111111-2222-3333-4444-555555555555" };

/** The 9Vectors containers: partitioned on the organization, Metrics with a 90-day TTL. */
const NINE_VECTORS: ReadonlyArray<CosmosSqlContainerOptions> = [
  { name: "Organizations", partitionKeyPaths: ["/organizationId"], throughput: { autoscaleMax: 1000 } },
  { name: "Users", partitionKeyPaths: ["/organizationId"], throughput: { autoscaleMax: 1000 } },
  { name: "Assessments", partitionKeyPaths: ["/organizationId"], throughput: { autoscaleMax: 5000 } },
  { name: "Responses", partitionKeyPaths: ["/organizationId"], throughput: { autoscaleMax: 5000 } },
  { name: "Documents", partitionKeyPaths: ["/organizationId"], throughput: { autoscaleMax: 2000 } },
  { name: "Metrics", partitionKeyPaths: ["/organizationId"], throughput: { autoscaleMax: 2000 }, defaultTtlSeconds: 7_776_000 },
];

describe("CosmosNoSql account", () => {
  test("defaults: Session, one zone-redundant region, continuous 30-day backup, private, Entra ID only, TLS 1.2", () => {
    const { stack, build } = cosmosStack();
    const cosmos = build();
    expect(accountJson(stack)).toEqual({
      name: cosmos.name,
      location: "eastus2",
      resource_group_name: expect.any(String),
      kind: "GlobalDocumentDB",
      offer_type: "Standard",
      consistency_policy: { consistency_level: "Session" },
      geo_location: [{ location: "eastus2", failover_priority: 0, zone_redundant: true }],
      automatic_failover_enabled: false,
      multiple_write_locations_enabled: false,
      backup: { type: "Continuous", tier: "Continuous30Days" },
      free_tier_enabled: false,
      local_authentication_disabled: true,
      access_key_metadata_writes_enabled: false,
      public_network_access_enabled: false,
      network_acl_bypass_for_azure_services: false,
      minimal_tls_version: "Tls12",
      tags: expect.anything(),
    });
    expect(cosmos.name).toMatch(/^cosno-demo-dev-eus2-[a-z0-9]{4}$/);
    expect(cosmos.consistency).toBe("Session");
    expect(cosmos.regions).toEqual(["eastus2"]);
    expect(cosmos.serverless).toBe(false);
    const json = synthJson(stack);
    expect(resourcesOf(json, "azurerm_private_endpoint")).toEqual({});
    expect(resourcesOf(json, "azurerm_monitor_diagnostic_setting")).toEqual({});
    expect(resourcesOf(json, "azurerm_management_lock")).toEqual({});
  });

  test("a region without availability zones is not zone-redundant; asking for it there is refused", () => {
    const { stack, build } = cosmosStack({ environment: { location: "westus" } });
    build();
    expect(accountJson(stack).geo_location).toEqual([{ location: "westus", failover_priority: 0, zone_redundant: false }]);
    expectValidationError(
      () => cosmosStack({ environment: { location: "westus" } }).build({ zoneRedundant: true }),
      'test/Cosmos: zoneRedundant is true, and region "westus" has no availability zones; leave it unset (false there) or choose a region with zones',
    );
  });

  test("a prod-like multi-region account: read region in failover order, automatic failover, 9Vectors containers", () => {
    const { stack, build } = cosmosStack({ environment: { location: "eastus" } });
    const cosmos = build({ secondaryRegions: [{ location: "westus2" }, { location: "northcentralus" }], lock: "CanNotDelete", preventDestroy: true });
    const db = cosmos.addDatabase({ name: "ninevectors" });
    for (const c of NINE_VECTORS) db.addContainer(c);
    const json = synthJson(stack);
    const account = onlyResource(json, "azurerm_cosmosdb_account");
    expect(account).toMatchObject({
      geo_location: [
        { location: "eastus", failover_priority: 0, zone_redundant: true },
        { location: "westus2", failover_priority: 1, zone_redundant: true },
        { location: "northcentralus", failover_priority: 2, zone_redundant: false },
      ],
      automatic_failover_enabled: true,
      multiple_write_locations_enabled: false,
      lifecycle: { prevent_destroy: true },
    });
    expect(cosmos.regions).toEqual(["eastus", "westus2", "northcentralus"]);
    const accountId = onlyResourceId(json, "azurerm_cosmosdb_account");
    expect(onlyResource(json, "azurerm_management_lock")).toMatchObject({ lock_level: "CanNotDelete", scope: `\${azurerm_cosmosdb_account.${accountId}.id}` });
    expect(onlyResource(json, "azurerm_cosmosdb_sql_database")).toEqual({
      name: "ninevectors",
      account_name: `\${azurerm_cosmosdb_account.${accountId}.name}`,
      resource_group_name: expect.any(String),
    });
    const containers = Object.values(resourcesOf(json, "azurerm_cosmosdb_sql_container"));
    expect(containers.map((c) => [c.name, (c.autoscale_settings as { max_throughput: number }).max_throughput]).sort()).toEqual([
      ["Assessments", 5000], ["Documents", 2000], ["Metrics", 2000], ["Organizations", 1000], ["Responses", 5000], ["Users", 1000],
    ]);
    const metrics = containers.find((c) => c.name === "Metrics") as Record<string, unknown>;
    expect(metrics).toMatchObject({
      // References: Terraform creates the container after its database, the database after the account.
      database_name: `\${azurerm_cosmosdb_sql_database.${onlyResourceId(json, "azurerm_cosmosdb_sql_database")}.name}`,
      partition_key_paths: ["/organizationId"],
      partition_key_kind: "Hash",
      partition_key_version: 2,
      default_ttl: 7_776_000,
    });
    expect(metrics.throughput).toBeUndefined();
    expect(containers.find((c) => c.name === "Users")?.default_ttl).toBeUndefined();
  });

  test("bounded staleness: limits pass through; multi-region accounts default to and need at least 300 s and 100000 operations", () => {
    const { stack, build } = cosmosStack();
    build({ consistency: "BoundedStaleness", boundedStaleness: { maxIntervalSeconds: 10, maxStalenessPrefix: 200 } });
    expect(accountJson(stack).consistency_policy).toEqual({ consistency_level: "BoundedStaleness", max_interval_in_seconds: 10, max_staleness_prefix: 200 });

    const multi = cosmosStack();
    multi.build({ consistency: "BoundedStaleness", secondaryRegions: [{ location: "centralus" }] });
    expect(accountJson(multi.stack).consistency_policy).toEqual({ consistency_level: "BoundedStaleness", max_interval_in_seconds: 300, max_staleness_prefix: 100000 });

    expectValidationError(
      () => cosmosStack().build({ consistency: "BoundedStaleness", secondaryRegions: [{ location: "centralus" }], boundedStaleness: { maxIntervalSeconds: 60 } }),
      "test/Cosmos: boundedStaleness.maxIntervalSeconds 60 is out of range (allowed: 300 to 86400)",
    );
    expectValidationError(
      () => cosmosStack().build({ consistency: "BoundedStaleness", boundedStaleness: { maxStalenessPrefix: 5 } }),
      "test/Cosmos: boundedStaleness.maxStalenessPrefix 5 is out of range (allowed: 10 to 2147483647)",
    );
    expectValidationError(
      () => cosmosStack().build({ boundedStaleness: { maxIntervalSeconds: 10 } }),
      'test/Cosmos: boundedStaleness is set, and consistency is "Session"; it applies to "BoundedStaleness" only',
    );
    expectValidationError(
      () => cosmosStack().build({ consistency: "Linearizable" as never }),
      'test/Cosmos: consistency "Linearizable" is not a Cosmos DB consistency level (allowed: Strong, BoundedStaleness, Session, ConsistentPrefix, Eventual)',
    );
  });

  test("region combinations Azure rejects are refused", () => {
    expectValidationError(
      () => cosmosStack().build({ secondaryRegions: [{ location: "eastus2" }] }),
      'test/Cosmos: secondaryRegions[0].location "eastus2" is listed twice (the write region is "eastus2"); each region can appear once',
    );
    expectValidationError(
      () => cosmosStack().build({ secondaryRegions: [{ location: "West US 2" }] }),
      'test/Cosmos: secondaryRegions[0].location "West US 2" is not a known Azure region; did you mean "westus2"? (use the ARM name, e.g. eastus2)',
    );
    expectValidationError(
      () => cosmosStack().build({ multipleWriteLocations: true }),
      "test/Cosmos: multipleWriteLocations needs at least one entry in secondaryRegions (a single-region account has one write region)",
    );
    expectValidationError(
      () => cosmosStack().build({ multipleWriteLocations: true, consistency: "Strong", secondaryRegions: [{ location: "centralus" }] }),
      'test/Cosmos: consistency "Strong" is not available with multipleWriteLocations (Azure offers it on single-write-region accounts); use "BoundedStaleness" or "Session"',
    );
  });

  test("serverless: the EnableServerless capability, one region, no throughput anywhere", () => {
    const { stack, build } = cosmosStack();
    const cosmos = build({ serverless: true });
    cosmos.addDatabase({ name: "app" }).addContainer({ name: "items", partitionKeyPaths: ["/tenantId"] });
    const json = synthJson(stack);
    expect(onlyResource(json, "azurerm_cosmosdb_account").capabilities).toEqual([{ name: "EnableServerless" }]);
    const container = onlyResource(json, "azurerm_cosmosdb_sql_container");
    expect(container.throughput).toBeUndefined();
    expect(container.autoscale_settings).toBeUndefined();

    expectValidationError(
      () => cosmosStack().build({ serverless: true, secondaryRegions: [{ location: "centralus" }] }),
      "test/Cosmos: serverless accounts run in one region, and secondaryRegions has 1 (centralus); drop secondaryRegions, or use provisioned throughput (serverless: false) for a multi-region account",
    );
    expectValidationError(
      () => cosmosStack().build({ serverless: true }).addDatabase({ name: "app", throughput: { manual: 400 } }),
      'test/Cosmos/Database-app: database "app" has throughput, and the account is serverless (no shared-throughput databases, billed per request); drop throughput',
    );
    expectValidationError(
      () => cosmosStack().build({ serverless: true }).addDatabase({ name: "app" }).addContainer({ name: "items", partitionKeyPaths: ["/id"], throughput: { autoscaleMax: 1000 } }),
      'test/Cosmos/Database-app/Container-items: container "items" has throughput, and the account is serverless (billed per request, no provisioned throughput); drop throughput',
    );
  });

  test("periodic backup, total throughput limit, public access with IP ranges", () => {
    const { stack, build } = cosmosStack();
    build({
      backup: { type: "Periodic", intervalMinutes: 60, retentionHours: 48, storageRedundancy: "Zone" },
      totalThroughputLimit: 20000,
      publicNetworkAccess: true,
      allowedIpRanges: ["203.0.113.0/24", "198.51.100.7"],
    });
    expect(accountJson(stack)).toMatchObject({
      backup: { type: "Periodic", interval_in_minutes: 60, retention_in_hours: 48, storage_redundancy: "Zone" },
      capacity: { total_throughput_limit: 20000 },
      public_network_access_enabled: true,
      ip_range_filter: ["203.0.113.0/24", "198.51.100.7"],
    });
    const continuous7 = cosmosStack();
    continuous7.build({ backup: { type: "Continuous", tier: "Continuous7Days" } });
    expect(accountJson(continuous7.stack).backup).toEqual({ type: "Continuous", tier: "Continuous7Days" });
  });

  test("backup, throughput limit and IP range values Azure rejects are refused", () => {
    expectValidationError(() => cosmosStack().build({ backup: { type: "Periodic", intervalMinutes: 30 } }), "test/Cosmos: backup.intervalMinutes 30 is out of range (allowed: 60 to 1440)");
    expectValidationError(() => cosmosStack().build({ backup: { type: "Periodic", retentionHours: 1000 } }), "test/Cosmos: backup.retentionHours 1000 is out of range (allowed: 8 to 720)");
    expectValidationError(
      () => cosmosStack().build({ backup: { type: "Continuous", tier: "Continuous14Days" as never } }),
      'test/Cosmos: backup.tier "Continuous14Days" is not a continuous backup tier (allowed: Continuous7Days, Continuous30Days)',
    );
    expectValidationError(
      () => cosmosStack().build({ totalThroughputLimit: 0 }),
      "test/Cosmos: totalThroughputLimit 0 is not allowed (allowed: -1 for no limit, or a whole number of RU/s of at least 1)",
    );
    expectValidationError(() => cosmosStack().build({ allowedIpRanges: ["203.0.113.0/24"] }), "test/Cosmos: allowedIpRanges need publicNetworkAccess: true (they filter the public endpoint)");
    expectValidationError(
      () => cosmosStack().build({ publicNetworkAccess: true, allowedIpRanges: ["10.0.0.0/33"] }),
      'test/Cosmos: allowedIpRanges entry "10.0.0.0/33" is not an IPv4 address or CIDR',
    );
  });

  test("a private endpoint connects to the Sql sub-resource and registers in privatelink.documents.azure.com", () => {
    const { stack, rg, build } = cosmosStack();
    const subnet = testSubnet({ stack, rg });
    const cosmos = build({ instance: "core", privateEndpoints: [{ subnet }] });
    const json = synthJson(stack);
    const accountId = onlyResourceId(json, "azurerm_cosmosdb_account");
    expect(cosmos.name).toMatch(/^cosno-demo-dev-eus2-core-[a-z0-9]{4}$/);
    expect(onlyResource(json, "azurerm_private_dns_zone").name).toBe("privatelink.documents.azure.com");
    expect(onlyResource(json, "azurerm_private_endpoint")).toMatchObject({
      name: "pep-demo-dev-eus2-cosmos-core",
      subnet_id: subnet.id,
      private_service_connection: { private_connection_resource_id: `\${azurerm_cosmosdb_account.${accountId}.id}`, subresource_names: ["Sql"], is_manual_connection: false },
    });
    expect(cosmos.privateEndpoints).toHaveLength(1);
  });

  test("diagnostic settings send all logs and metrics of the account", () => {
    const { stack, build } = cosmosStack();
    build({ diagnosticSettings: { workspaceId: "${azurerm_log_analytics_workspace.W.id}" } });
    const json = synthJson(stack);
    const accountId = onlyResourceId(json, "azurerm_cosmosdb_account");
    expect(onlyResource(json, "azurerm_monitor_diagnostic_setting")).toMatchObject({
      target_resource_id: `\${azurerm_cosmosdb_account.${accountId}.id}`,
      enabled_log: [{ category_group: "allLogs" }],
      enabled_metric: [{ category: "AllMetrics" }],
    });
  });

  test("names: a given name is checked against Azure's rule; outside an AzureStack a name is required", () => {
    expectValidationError(
      () => cosmosStack().build({ name: "Cosmos_Prod" }),
      'test/Cosmos: Cosmos DB for NoSQL account name "Cosmos_Prod" has characters or a shape Azure rejects; Azure allows 3-44 characters, lowercase letters, digits and hyphens, not starting or ending with a hyphen; globally unique',
    );
    const plain = new TerraformStack(Testing.app(), "plain");
    const rg: IResourceGroup = { name: "rg-data", location: "westeurope", id: "/subscriptions/0/resourceGroups/rg-data" };
    expectValidationError(() => new CosmosNoSql(plain, "Cosmos", { resourceGroup: rg }), "plain/Cosmos: no name given and no AzureStack (or BlueprintStack) to generate one; pass the `name` prop");
    const cosmos = new CosmosNoSql(plain, "Named", { resourceGroup: rg, name: "cosno-app-weu" });
    cosmos.addDatabase({ name: "app", throughput: { autoscaleMax: 4000 } }).addContainer({ name: "items", partitionKeyPaths: ["/tenantId", "/userId"] });
    const json = JSON.parse(Testing.synth(plain)) as { resource: Record<string, Record<string, Record<string, unknown>>> };
    expect(Object.values(json.resource.azurerm_cosmosdb_account)[0]).toMatchObject({ name: "cosno-app-weu", location: "westeurope", geo_location: [{ location: "westeurope", zone_redundant: true }] });
    expect(Object.values(json.resource.azurerm_cosmosdb_sql_database)[0]).toMatchObject({ autoscale_settings: { max_throughput: 4000 } });
    expect(Object.values(json.resource.azurerm_cosmosdb_sql_container)[0]).toMatchObject({
      partition_key_paths: ["/tenantId", "/userId"],
      partition_key_kind: "MultiHash",
      partition_key_version: 2,
    });
  });
});

describe("CosmosNoSql databases and containers", () => {
  function db(props: Partial<CosmosNoSqlProps> = {}, throughput?: { manual: number } | { autoscaleMax: number }) {
    const { stack, build } = cosmosStack();
    const cosmos = build(props);
    return { stack, cosmos, database: cosmos.addDatabase({ name: "app", throughput }) };
  }
  const C = "test/Cosmos/Database-app/Container-items";

  test("throughput: manual at least 400 in steps of 100, autoscale max at least 1000 in steps of 1000", () => {
    const { stack, database } = db();
    database.addContainer({ name: "a", partitionKeyPaths: ["/pk"], throughput: { manual: 400 } });
    database.addContainer({ name: "b", partitionKeyPaths: ["/pk"], throughput: { autoscaleMax: 40000 } });
    const containers = Object.values(resourcesOf(synthJson(stack), "azurerm_cosmosdb_sql_container"));
    expect(containers[0]).toMatchObject({ throughput: 400 });
    expect(containers[0].autoscale_settings).toBeUndefined();
    expect(containers[1]).toMatchObject({ autoscale_settings: { max_throughput: 40000 } });
    expect(containers[1].throughput).toBeUndefined();

    const add = (throughput: object) => () => db().database.addContainer({ name: "items", partitionKeyPaths: ["/pk"], throughput: throughput as never });
    expectValidationError(add({ manual: 300 }), `${C}: container "items" throughput manual 300 RU/s is not allowed (allowed: at least 400, in steps of 100)`);
    expectValidationError(add({ manual: 450 }), `${C}: container "items" throughput manual 450 RU/s is not allowed (allowed: at least 400, in steps of 100); did you mean 500?`);
    expectValidationError(add({ autoscaleMax: 500 }), `${C}: container "items" throughput autoscaleMax 500 RU/s is not allowed (allowed: at least 1000, in steps of 1000)`);
    expectValidationError(add({ autoscaleMax: 1500 }), `${C}: container "items" throughput autoscaleMax 1500 RU/s is not allowed (allowed: at least 1000, in steps of 1000); did you mean 2000?`);
    expectValidationError(add({ manual: 400, autoscaleMax: 1000 }), `${C}: container "items" throughput must have exactly one of manual or autoscaleMax (got {"manual":400,"autoscaleMax":1000})`);
    expectValidationError(
      () => db({}, { autoscaleMax: 4500 }),
      'test/Cosmos/Database-app: database "app" throughput autoscaleMax 4500 RU/s is not allowed (allowed: at least 1000, in steps of 1000); did you mean 5000?',
    );
  });

  test("throughput above the default quota of 1,000,000 RU/s is warned about, not refused", () => {
    const { database } = db();
    const container = database.addContainer({ name: "big", partitionKeyPaths: ["/pk"], throughput: { autoscaleMax: 2_000_000 } });
    expect(warnings(container)).toEqual([
      'container "big" throughput autoscaleMax 2000000 RU/s is above the default quota of 1000000 RU/s per container or database (learn.microsoft.com/azure/cosmos-db/concepts-limits): request a quota increase before deploying',
    ]);
  });

  test("containers share the database's throughput; beyond 25 the minimum rises by 100 (manual) or 1000 (autoscale) each", () => {
    const { stack, database } = db({}, { manual: 400 });
    for (let i = 1; i <= 25; i++) database.addContainer({ name: `c${i}`, partitionKeyPaths: ["/pk"] });
    database.addContainer({ name: "own", partitionKeyPaths: ["/pk"], throughput: { manual: 400 } });
    expect(database.sharedContainers).toHaveLength(25);
    expect(onlyResource(synthJson(stack), "azurerm_cosmosdb_sql_database")).toMatchObject({ throughput: 400 });
    expectValidationError(
      () => database.addContainer({ name: "c26", partitionKeyPaths: ["/pk"] }),
      'test/Cosmos/Database-app/Container-c26: database "app" would share manual 400 RU/s among 26 containers; Azure requires at least 500 RU/s for that many (400 + 100 per container beyond 25); raise the database\'s throughput or give some containers their own',
    );
    const auto = db({}, { autoscaleMax: 2000 }).database;
    for (let i = 1; i <= 26; i++) auto.addContainer({ name: `c${i}`, partitionKeyPaths: ["/pk"] });
    expectValidationError(
      () => auto.addContainer({ name: "c27", partitionKeyPaths: ["/pk"] }),
      'test/Cosmos/Database-app/Container-c27: database "app" would share autoscaleMax 2000 RU/s among 27 containers; Azure requires at least 3000 RU/s for that many (1000 + 1000 per container beyond 25); raise the database\'s throughput or give some containers their own',
    );
  });

  test("a container without throughput in a database without shared throughput is refused", () => {
    expectValidationError(
      () => db().database.addContainer({ name: "items", partitionKeyPaths: ["/pk"] }),
      `${C}: container "items" has no throughput, and database "app" has no shared throughput; give the container throughput (e.g. { autoscaleMax: 1000 }) or the database shared throughput`,
    );
  });

  test("TTL: -1 or 1..2147483647 seconds; unset is off", () => {
    const add = (ttl: number) => () => db({}, { manual: 400 }).database.addContainer({ name: "items", partitionKeyPaths: ["/pk"], defaultTtlSeconds: ttl });
    add(-1)();
    add(2_147_483_647)();
    for (const ttl of [0, -2, 1.5, 2_147_483_648]) {
      expectValidationError(add(ttl), `${C}: container "items" defaultTtlSeconds ${ttl} is not allowed (allowed: -1 for TTL on without a default, or 1 to 2147483647 seconds; leave it unset for TTL off)`);
    }
  });

  test("partition keys: property paths, at most three (hierarchical), no duplicates", () => {
    const add = (paths: string[]) => () => db({}, { manual: 400 }).database.addContainer({ name: "items", partitionKeyPaths: paths });
    add(["/address/city"])();
    expectValidationError(add([]), `${C}: container "items" has 0 partition key paths (allowed: 1, or 2-3 for a hierarchical key)`);
    expectValidationError(add(["/a", "/b", "/c", "/d"]), `${C}: container "items" has 4 partition key paths (allowed: 1, or 2-3 for a hierarchical key)`);
    for (const bad of ["organizationId", "/organizationId/", "/", "//x"]) {
      expectValidationError(
        add([bad]),
        `${C}: container "items" partition key path ${JSON.stringify(bad)} is not a property path (allowed: "/" followed by a property name, e.g. "/organizationId" or "/address/city"; no trailing "/")`,
      );
    }
    expectValidationError(add(["/a", "/a"]), `${C}: container "items" partition key path "/a" is listed twice`);
  });

  test("names of databases and containers: Azure's rule, and unique within their parent", () => {
    expectValidationError(
      () => db().cosmos.addDatabase({ name: "a/b" }),
      'test/Cosmos/Database-a--b: Cosmos DB SQL database name "a/b" has characters or a shape Azure rejects; Azure allows 1-255 characters, any characters except / \\ ? #, not ending with a space; unique within its parent resource',
    );
    const long = "x".repeat(256);
    expectValidationError(
      () => db().cosmos.addDatabase({ name: long }),
      `test/Cosmos/Database-${long}: Cosmos DB SQL database name "${long}" is 256 characters; Azure allows 1-255 characters, any characters except / \\ ? #, not ending with a space; unique within its parent resource`,
    );
    const { cosmos, database } = db({}, { manual: 400 });
    expectValidationError(() => cosmos.addDatabase({ name: "app" }), 'test/Cosmos: database "app" is defined twice');
    database.addContainer({ name: "items", partitionKeyPaths: ["/pk"] });
    expectValidationError(() => database.addContainer({ name: "items", partitionKeyPaths: ["/pk"] }), 'test/Cosmos/Database-app: container "items" is defined twice');
    expectValidationError(
      () => database.addContainer({ name: "bad?", partitionKeyPaths: ["/pk"] }),
      'test/Cosmos/Database-app/Container-bad?: Cosmos DB SQL container name "bad?" has characters or a shape Azure rejects; Azure allows 1-255 characters, any characters except / \\ ? #, not ending with a space; unique within its parent resource',
    );
  });

  test("indexing policy, unique keys and conflict resolution", () => {
    const { stack, database } = db({ secondaryRegions: [{ location: "centralus" }], multipleWriteLocations: true }, { autoscaleMax: 1000 });
    database.addContainer({
      name: "items",
      partitionKeyPaths: ["/organizationId"],
      indexingPolicy: { excludedPaths: ["/payload/*"], compositeIndexes: [[{ path: "/organizationId" }, { path: "/createdAt", order: "Descending" }]] },
      uniqueKeys: [["/email"]],
      conflictResolution: { mode: "LastWriterWins", path: "/updatedAt" },
    });
    expect(onlyResource(synthJson(stack), "azurerm_cosmosdb_sql_container")).toMatchObject({
      indexing_policy: {
        indexing_mode: "consistent",
        included_path: [{ path: "/*" }],
        excluded_path: [{ path: "/payload/*" }],
        composite_index: [{ index: [{ path: "/organizationId", order: "Ascending" }, { path: "/createdAt", order: "Descending" }] }],
      },
      unique_key: [{ paths: ["/email"] }],
      conflict_resolution_policy: { mode: "LastWriterWins", conflict_resolution_path: "/updatedAt" },
    });

    const single = () => db({}, { manual: 400 }).database;
    expectValidationError(
      () => single().addContainer({ name: "items", partitionKeyPaths: ["/pk"], conflictResolution: { mode: "LastWriterWins" } }),
      `${C}: container "items" has conflictResolution, and the account has one write region (conflicts arise with multipleWriteLocations only); drop conflictResolution`,
    );
    expectValidationError(
      () => single().addContainer({ name: "items", partitionKeyPaths: ["/pk"], uniqueKeys: [["email"]] }),
      `${C}: container "items" uniqueKeys[0] path "email" is not a property path (e.g. "/email")`,
    );
    expectValidationError(
      () => single().addContainer({ name: "items", partitionKeyPaths: ["/pk"], uniqueKeys: Array.from({ length: 11 }, (_, i) => [`/k${i}`]) }),
      `${C}: container "items" has 11 unique keys (allowed: at most 10)`,
    );
    expectValidationError(
      () => single().addContainer({ name: "items", partitionKeyPaths: ["/pk"], indexingPolicy: { compositeIndexes: [[{ path: "/a" }]] } }),
      `${C}: container "items" compositeIndexes[0] has 1 path(s) (allowed: at least 2; a single path is covered by the range index)`,
    );
  });
});

describe("CosmosNoSql data plane grants", () => {
  test("grantDataContributor and grantDataReader assign the built-in data plane roles on the account", () => {
    const { stack, build } = cosmosStack();
    const cosmos = build();
    const contributor = cosmos.grantDataContributor(APP);
    cosmos.grantDataReader({ principalId: "99999999-2222-3333-4444-555555555555" });
    expect(cosmos.dataGrants).toMatchObject({ DataContributor: contributor });
    const json = synthJson(stack);
    const accountId = onlyResourceId(json, "azurerm_cosmosdb_account");
    const grants = Object.values(resourcesOf(json, "azurerm_cosmosdb_sql_role_assignment"));
    expect(grants).toEqual([
      {
        resource_group_name: expect.any(String),
        account_name: `\${azurerm_cosmosdb_account.${accountId}.name}`,
        role_definition_id: `\${azurerm_cosmosdb_account.${accountId}.id}/sqlRoleDefinitions/${COSMOS_DATA_CONTRIBUTOR_ROLE_ID}`,
        principal_id: APP.principalId,
        scope: `\${azurerm_cosmosdb_account.${accountId}.id}`,
      },
      expect.objectContaining({
        role_definition_id: `\${azurerm_cosmosdb_account.${accountId}.id}/sqlRoleDefinitions/${COSMOS_DATA_READER_ROLE_ID}`,
        principal_id: "99999999-2222-3333-4444-555555555555",
        // One at a time: Cosmos DB locks the account for each assignment.
        depends_on: [`azurerm_cosmosdb_sql_role_assignment.${Object.keys(resourcesOf(json, "azurerm_cosmosdb_sql_role_assignment"))[0]}`],
      }),
    ]);
    expect(COSMOS_DATA_CONTRIBUTOR_ROLE_ID).toBe("00000000-0000-0000-0000-000000000002");
    expect(COSMOS_DATA_READER_ROLE_ID).toBe("00000000-0000-0000-0000-000000000001");
    expectValidationError(() => cosmos.grantDataReader(APP, "DataContributor"), 'test/Cosmos: grant "DataContributor" is defined twice');
  });

  test("grants on a database or a container are scoped to its data plane path", () => {
    const { stack, build } = cosmosStack();
    const database = build().addDatabase({ name: "app", throughput: { manual: 400 } });
    const container = database.addContainer({ name: "items", partitionKeyPaths: ["/pk"] });
    database.grantDataReader(APP);
    container.grantDataContributor(APP, "ApiWrites");
    const json = synthJson(stack);
    const accountId = onlyResourceId(json, "azurerm_cosmosdb_account");
    expect(Object.values(resourcesOf(json, "azurerm_cosmosdb_sql_role_assignment")).map((g) => [g.scope, String(g.role_definition_id).slice(-1)]).sort()).toEqual([
      [`\${azurerm_cosmosdb_account.${accountId}.id}/dbs/app`, "1"],
      [`\${azurerm_cosmosdb_account.${accountId}.id}/dbs/app/colls/items`, "2"],
    ]);
    expect(Object.keys(container.dataGrants)).toEqual(["ApiWrites"]);
  });
});
