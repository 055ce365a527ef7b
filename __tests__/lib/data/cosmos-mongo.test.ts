import { TerraformStack, Testing } from "cdktf";
import type { IResourceGroup } from "../../../lib/core/interfaces";
import { CosmosMongo, type CosmosMongoProps } from "../../../lib/data/cosmos-mongo";
import { evaluate } from "../../../lib/policy/engine";
import { AZURE_RULES } from "../../../lib/policy/rules";
import { KeyVault } from "../../../lib/security/key-vault";
import { type TerraformJson, expectValidationError, onlyResource, onlyResourceId, resourcesOf, synthJson, testStack, testSubnet } from "../../helpers/stack";

function mongoStack() {
  const { stack, rg } = testStack();
  let n = 0;
  // A refused construct keeps its id: each call gets its own.
  const build = (props: Partial<CosmosMongoProps> = {}) => new CosmosMongo(stack, n++ ? `Mongo${n}` : "Mongo", { resourceGroup: rg, ...props, instance: n > 1 ? `i${n}` : props.instance });
  return { stack, rg, build };
}

function accountJson(stack: TerraformStack): Record<string, unknown> {
  return onlyResource(synthJson(stack), "azurerm_cosmosdb_account");
}

describe("CosmosMongo", () => {
  test("defaults: MongoDB 7.0, private, TLS 1.2, key-based metadata writes off, Session, continuous 30-day backup, zone redundant", () => {
    const { stack, build } = mongoStack();
    const account = build();
    expect(accountJson(stack)).toMatchObject({
      kind: "MongoDB",
      offer_type: "Standard",
      mongo_server_version: "7.0",
      capabilities: [{ name: "EnableMongo" }],
      consistency_policy: { consistency_level: "Session" },
      geo_location: [{ location: "eastus2", failover_priority: 0, zone_redundant: true }],
      automatic_failover_enabled: false,
      multiple_write_locations_enabled: false,
      backup: { type: "Continuous", tier: "Continuous30Days" },
      free_tier_enabled: false,
      access_key_metadata_writes_enabled: false,
      public_network_access_enabled: false,
      network_acl_bypass_for_azure_services: false,
      minimal_tls_version: "Tls12",
    });
    // azurerm: local_authentication_disabled can be set only with the SQL API.
    expect(accountJson(stack).local_authentication_disabled).toBeUndefined();
    expect(account.name).toMatch(/^cosmon-demo-dev-eus2-[a-z0-9]{4}$/);
    expect(account.regions).toEqual(["eastus2"]);
  });

  test("multi-region writes across two regions with continuous backup (the UGC DR layout)", () => {
    const { stack, build } = mongoStack();
    build({ secondaryRegions: [{ location: "centralus" }], multipleWriteLocations: true });
    expect(accountJson(stack)).toMatchObject({
      geo_location: [
        { location: "eastus2", failover_priority: 0, zone_redundant: true },
        { location: "centralus", failover_priority: 1, zone_redundant: true },
      ],
      automatic_failover_enabled: true,
      multiple_write_locations_enabled: true,
      backup: { type: "Continuous" },
    });
  });

  test("account validation messages", () => {
    const { build } = mongoStack();
    expectValidationError(() => build({ multipleWriteLocations: true }), "test/Mongo: multipleWriteLocations needs at least one entry in secondaryRegions (a single-region account has one write region)");
    expectValidationError(
      () => build({ multipleWriteLocations: true, secondaryRegions: [{ location: "centralus" }], consistency: "Strong" }),
      'test/Mongo2: consistency "Strong" is not available with multipleWriteLocations (Azure offers it on single-write-region accounts); use "BoundedStaleness" or "Session"',
    );
    expectValidationError(() => build({ serverVersion: "8.0" as never }), 'test/Mongo3: serverVersion "8.0" is not a Cosmos DB for MongoDB server version (allowed: 7.0, 6.0, 5.0, 4.2, 4.0, 3.6, 3.2)');
    expectValidationError(() => build({ serverless: true, secondaryRegions: [{ location: "centralus" }] }), "test/Mongo4: serverless accounts run in one region, and secondaryRegions has 1 (centralus); drop secondaryRegions, or use provisioned throughput (serverless: false) for a multi-region account");
    expectValidationError(() => build({ secondaryRegions: [{ location: "eastus2" }] }), 'test/Mongo5: secondaryRegions[0].location "eastus2" is listed twice (the write region is "eastus2"); each region can appear once');
    expectValidationError(() => build({ allowedIpRanges: ["203.0.113.0/24"] }), "test/Mongo6: allowedIpRanges need publicNetworkAccess: true (they filter the public endpoint)");
    expectValidationError(() => build({ backup: { type: "Continuous", tier: "Continuous90Days" as never } }), 'test/Mongo7: backup.tier "Continuous90Days" is not a continuous backup tier (allowed: Continuous7Days, Continuous30Days)');
  });

  test("databases and collections: shard key, _id and compound indexes, TTL, shared and dedicated throughput", () => {
    const { stack, build } = mongoStack();
    const db = build().addDatabase({ name: "ugc", throughput: { autoscaleMax: 10000 } });
    db.addCollection({ name: "assets", shardKey: "creatorId", indexes: [{ keys: ["creatorId", "createdAt"] }, { keys: ["creatorId", "slug"], unique: true }] });
    db.addCollection({ name: "sessions", shardKey: "userId", ttlSeconds: 86400, throughput: { autoscaleMax: 4000 } });
    const json = synthJson(stack);
    const dbId = onlyResourceId(json, "azurerm_cosmosdb_mongo_database");
    expect(onlyResource(json, "azurerm_cosmosdb_mongo_database")).toMatchObject({ name: "ugc", autoscale_settings: { max_throughput: 10000 } });
    const collections = Object.fromEntries(Object.values(resourcesOf(json, "azurerm_cosmosdb_mongo_collection")).map((c) => [c.name as string, c]));
    expect(collections.assets).toMatchObject({
      database_name: `\${azurerm_cosmosdb_mongo_database.${dbId}.name}`,
      shard_key: "creatorId",
      index: [
        { keys: ["_id"], unique: true },
        { keys: ["creatorId", "createdAt"], unique: false },
        { keys: ["creatorId", "slug"], unique: true },
      ],
    });
    expect(collections.assets.autoscale_settings).toBeUndefined();
    expect(collections.sessions).toMatchObject({ default_ttl_seconds: 86400, autoscale_settings: { max_throughput: 4000 }, index: [{ keys: ["_id"], unique: true }] });
  });

  test("collection validation messages", () => {
    const { build } = mongoStack();
    const account = build();
    const bare = account.addDatabase({ name: "bare" });
    expectValidationError(
      () => bare.addCollection({ name: "a", shardKey: "k" }),
      'test/Mongo/Database-bare/Collection-a: collection "a" has no throughput, and database "bare" has no shared throughput; give the collection throughput (e.g. { autoscaleMax: 1000 }) or the database shared throughput',
    );
    expectValidationError(
      () => bare.addCollection({ name: "b", throughput: { autoscaleMax: 1000 } }),
      'test/Mongo/Database-bare/Collection-b: collection "b" has autoscale throughput and no shardKey; azurerm requires a shard key for autoscale collections (unsharded collections are also limited to 20 GB): set shardKey',
    );
    expectValidationError(
      () => bare.addCollection({ name: "c", shardKey: "k", throughput: { manual: 450 } }),
      'test/Mongo/Database-bare/Collection-c: collection "c" throughput manual 450 RU/s is not allowed (allowed: at least 400, in steps of 100); did you mean 500?',
    );
    expectValidationError(
      () => bare.addCollection({ name: "d", shardKey: "k", throughput: { manual: 400 }, ttlSeconds: 0 }),
      'test/Mongo/Database-bare/Collection-d: collection "d" ttlSeconds 0 is out of range (allowed: 1 to 2147483647)',
    );
    expectValidationError(
      () => bare.addCollection({ name: "e", shardKey: "tenant", throughput: { manual: 400 }, indexes: [{ keys: ["email"], unique: true }] }),
      'test/Mongo/Database-bare/Collection-e: collection "e" indexes[0] is unique on email without the shard key "tenant"; unique indexes of a sharded collection must include it (add "tenant" to keys)',
    );
    expectValidationError(
      () => bare.addCollection({ name: "f", shardKey: "_id", throughput: { manual: 400 } }),
      'test/Mongo/Database-bare/Collection-f: collection "f" shardKey "_id" is not a document field to shard on (e.g. "creatorId"; not empty, not starting with "$", not "_id")',
    );
    expectValidationError(
      () => bare.addCollection({ name: "g", shardKey: "k", throughput: { manual: 400 }, indexes: [{ keys: ["_id"], unique: true }] }),
      'test/Mongo/Database-bare/Collection-g: collection "g" indexes[0] is the _id index, which is always declared (unique); drop it',
    );
    expectValidationError(() => account.addDatabase({ name: "bare" }), 'test/Mongo: database "bare" is defined twice');
    const serverless = build({ serverless: true });
    expectValidationError(
      () => serverless.addDatabase({ name: "x", throughput: { manual: 400 } }),
      'test/Mongo2/Database-x: database "x" has throughput, and the account is serverless (no shared-throughput databases, billed per request); drop throughput',
    );
    serverless.addDatabase({ name: "y" }).addCollection({ name: "events", shardKey: "k" });
  });

  test("a shared database's minimum grows beyond 25 collections", () => {
    const { build } = mongoStack();
    const db = build().addDatabase({ name: "many", throughput: { manual: 400 } });
    for (let i = 1; i <= 25; i++) db.addCollection({ name: `c${i}`, shardKey: "k" });
    expectValidationError(
      () => db.addCollection({ name: "c26", shardKey: "k" }),
      'test/Mongo/Database-many/Collection-c26: database "many" would share manual 400 RU/s among 26 collections; Azure requires at least 500 RU/s for that many; raise the database\'s throughput or give some collections their own',
    );
  });

  test("private endpoint, connection string in Key Vault, diagnostics, lock and preventDestroy", () => {
    const { stack, rg, build } = mongoStack();
    const vault = new KeyVault(stack, "Vault", { resourceGroup: rg });
    const account = build({
      privateEndpoints: [{ subnet: testSubnet({ stack, rg }) }],
      connectionStringSecret: { keyVault: vault },
      diagnosticSettings: { workspaceId: "/subscriptions/0/ws" },
      lock: "CanNotDelete",
      preventDestroy: true,
    });
    const json = synthJson(stack);
    const accountId = onlyResourceId(json, "azurerm_cosmosdb_account");
    expect(onlyResource(json, "azurerm_private_endpoint")).toMatchObject({
      private_service_connection: { private_connection_resource_id: `\${azurerm_cosmosdb_account.${accountId}.id}`, subresource_names: ["MongoDB"] },
    });
    expect(onlyResource(json, "azurerm_private_dns_zone").name).toBe("privatelink.mongo.cosmos.azure.com");
    expect(onlyResource(json, "azurerm_key_vault_secret")).toMatchObject({ name: `${account.name}-connection-string`, value: `\${azurerm_cosmosdb_account.${accountId}.primary_mongodb_connection_string}` });
    expect(account.connectionStringSecret?.reference).toMatch(/^@Microsoft\.KeyVault\(SecretUri=/);
    expect(onlyResource(json, "azurerm_monitor_diagnostic_setting")).toMatchObject({ target_resource_id: `\${azurerm_cosmosdb_account.${accountId}.id}` });
    expect(onlyResource(json, "azurerm_management_lock")).toMatchObject({ lock_level: "CanNotDelete" });
    expect(onlyResource(json, "azurerm_cosmosdb_account").lifecycle).toEqual({ prevent_destroy: true });
    const report = evaluate(AZURE_RULES, { name: "test", tier: "prod", json, date: "2026-11-29" }, []);
    expect(report.findings.filter((f) => f.resourceType === "azurerm_cosmosdb_account").map((f) => f.ruleId)).toEqual(["AZ-COS-006"]);
  });

  test("a given name is used as written; outside an AzureStack a name is required", () => {
    const plain = new TerraformStack(Testing.app(), "plain");
    const rg: IResourceGroup = { name: "rg-ugc", location: "westeurope", id: "/subscriptions/0/resourceGroups/rg-ugc" };
    expectValidationError(() => new CosmosMongo(plain, "Mongo", { resourceGroup: rg }), "plain/Mongo: no name given and no AzureStack (or BlueprintStack) to generate one; pass the `name` prop");
    const account = new CosmosMongo(plain, "Named", { resourceGroup: rg, name: "ugc-content-weu" });
    account.addDatabase({ name: "ugc", throughput: { autoscaleMax: 1000 } }).addCollection({ name: "assets", shardKey: "creatorId" });
    const json = JSON.parse(Testing.synth(plain)) as TerraformJson;
    expect(onlyResource(json, "azurerm_cosmosdb_account")).toMatchObject({ name: "ugc-content-weu", location: "westeurope", resource_group_name: "rg-ugc", kind: "MongoDB" });
    expect(onlyResource(json, "azurerm_cosmosdb_mongo_collection").name).toBe("assets");
  });
});
