import { ManagementLock } from "@cdktf/provider-azurerm/lib/management-lock";
import { MongoCluster } from "@cdktf/provider-azurerm/lib/mongo-cluster";
import { MongoClusterFirewallRule } from "@cdktf/provider-azurerm/lib/mongo-cluster-firewall-rule";
import { MongoClusterUser } from "@cdktf/provider-azurerm/lib/mongo-cluster-user";
import { Testing } from "cdktf";
import type { EnvironmentConfig } from "../../../lib/framework/environment-config";
import { ValidationError } from "../../../lib/core/errors";
import {
  MongoVcoreVector,
  type MongoVcoreVectorProps,
  type VectorIndexCommand,
  type VectorIndexSpec,
} from "../../../lib/data/mongo-vcore-vector";
import { KeyVault } from "../../../lib/security/key-vault";
import { ManagedIdentity } from "../../../lib/security/managed-identity";
import { onlyResource, onlyResourceId, rendered, resourcesOf, synthJson, testStack, testSubnet } from "../../helpers/stack";

function mongoStack(props: Partial<MongoVcoreVectorProps> = {}, environment: Partial<EnvironmentConfig> = {}) {
  const { stack, rg } = testStack({ environment });
  const vault = new KeyVault(stack, "Vault", { resourceGroup: rg });
  const cluster = new MongoVcoreVector(stack, "Mongo", { resourceGroup: rg, passwordVault: vault, ...props });
  return { stack, rg, vault, cluster };
}

function clusterJson(stack: Parameters<typeof synthJson>[0]): Record<string, unknown> {
  return onlyResource(synthJson(stack), "azurerm_mongo_cluster");
}

function expectError(attempt: () => unknown, message: string): void {
  expect(attempt).toThrow(ValidationError);
  expect(attempt).toThrow(message);
}

/** The Studio document's index: `embeddings.vector`, 1536 dimensions, cosine, HNSW. */
const STUDIO_INDEX: VectorIndexSpec = {
  database: "studio",
  collection: "documents",
  name: "embeddings-vector",
  path: "embeddings.vector",
  dimensions: 1536,
  similarity: "COS",
  kind: "vector-hnsw",
};

function withIndex(overrides: Record<string, unknown>, props: Partial<MongoVcoreVectorProps> = {}) {
  return mongoStack({ ...props, vectorIndexes: [{ ...STUDIO_INDEX, ...overrides } as VectorIndexSpec] });
}

const INDEX = 'test/Mongo: vector index "embeddings-vector" on studio.documents';

describe("MongoVcoreVector", () => {
  test("defaults: M30, 128 GiB, one shard, no HA, MongoDB 8.0, private, native + Entra ID authentication", () => {
    const { stack, cluster } = mongoStack();
    expect(Testing.synth(stack)).toHaveResourceWithProperties(MongoCluster, {
      compute_tier: "M30",
      storage_size_in_gb: 128,
      shard_count: 1,
      high_availability_mode: "Disabled",
      version: "8.0",
      public_network_access: "Disabled",
      administrator_username: "mongoadmin",
      authentication_methods: ["NativeAuth", "MicrosoftEntraID"],
      location: "eastus2",
    });
    const json = synthJson(stack);
    expect(cluster.name).toMatch(/^cosmon-demo-dev-eus2-[a-z0-9]{4}$/);
    expect(clusterJson(stack).name).toBe(cluster.name);
    expect(cluster.computeTier).toBe("M30");
    expect(cluster.entraAuthentication).toBe(true);
    expect(resourcesOf(json, "azurerm_mongo_cluster_firewall_rule")).toEqual({});
    expect(resourcesOf(json, "azurerm_mongo_cluster_user")).toEqual({});
    expect(resourcesOf(json, "azurerm_private_endpoint")).toEqual({});
    expect(json.output).toBeUndefined();
    expect(cluster.vectorIndexCommands()).toEqual([]);
    expect(cluster.vectorIndexesOutputName).toBeUndefined();
  });

  test("the administrator password is a random_password stored in the vault, never a literal", () => {
    const { stack, cluster } = mongoStack();
    const json = synthJson(stack);
    const passwordId = onlyResourceId(json, "random_password");
    const vaultId = onlyResourceId(json, "azurerm_key_vault");
    expect(onlyResource(json, "random_password")).toMatchObject({ length: 32, special: false });
    expect(clusterJson(stack).administrator_password).toBe(`\${random_password.${passwordId}.result}`);
    const secrets = Object.values(resourcesOf(json, "azurerm_key_vault_secret"));
    expect(secrets.find((s) => s.name === "mongo-admin-password")).toMatchObject({
      key_vault_id: `\${azurerm_key_vault.${vaultId}.id}`,
      value: `\${random_password.${passwordId}.result}`,
    });
    expect(rendered(stack, cluster.passwordSecret.reference)).toMatch(/^@Microsoft\.KeyVault\(SecretUri=\$\{azurerm_key_vault_secret\.Vault_MongoAdminPassword_Secret_[0-9A-F]+\.versionless_id\}\)$/);
  });

  test("the connection string is a Key Vault secret referencing the cluster's connection_strings", () => {
    const { stack, cluster } = mongoStack();
    const json = synthJson(stack);
    const clusterId = onlyResourceId(json, "azurerm_mongo_cluster");
    const vaultId = onlyResourceId(json, "azurerm_key_vault");
    const secret = Object.values(resourcesOf(json, "azurerm_key_vault_secret")).find((s) => s.name === "mongo-connection-string");
    expect(secret).toMatchObject({
      key_vault_id: `\${azurerm_key_vault.${vaultId}.id}`,
      value: `\${azurerm_mongo_cluster.${clusterId}.connection_strings[0].value}`,
      content_type: "MongoDB connection string (administrator, native authentication)",
    });
    expect(cluster.connectionStringSecret.name).toBe("mongo-connection-string");
    expect(rendered(stack, cluster.connectionStringSecret.reference)).toMatch(/^@Microsoft\.KeyVault\(SecretUri=\$\{azurerm_key_vault_secret\.Vault_MongoConnectionString_Secret_[0-9A-F]+\.versionless_id\}\)$/);
  });

  test("secret names and the administrator are configurable; two clusters sharing a vault need distinct secret names", () => {
    const { stack, rg, vault } = mongoStack({ passwordSecretName: "vec-password", connectionStringSecretName: "vec-connection", administratorUsername: "vecadmin" });
    const names = Object.values(resourcesOf(synthJson(stack), "azurerm_key_vault_secret")).map((s) => s.name).sort();
    expect(names).toEqual(["vec-connection", "vec-password"]);
    expect(clusterJson(stack).administrator_username).toBe("vecadmin");
    expect(() => new MongoVcoreVector(stack, "Second", { resourceGroup: rg, passwordVault: vault, name: "cosmon-second", passwordSecretName: "vec-password" })).toThrow(
      'test/Vault: secret "vec-password" is defined twice',
    );
  });

  test("tier, storage, shards, HA and version are configurable", () => {
    const { stack } = mongoStack({ computeTier: "M40", storageSizeGb: 512, shardCount: 3, highAvailability: "ZoneRedundantPreferred", serverVersion: "7.0" });
    expect(clusterJson(stack)).toMatchObject({
      compute_tier: "M40",
      storage_size_in_gb: 512,
      shard_count: 3,
      high_availability_mode: "ZoneRedundantPreferred",
      version: "7.0",
    });
  });

  test("the Free tier defaults to 32 GiB and native authentication only", () => {
    const { stack, cluster } = mongoStack({ computeTier: "Free" });
    expect(clusterJson(stack)).toMatchObject({ compute_tier: "Free", storage_size_in_gb: 32, authentication_methods: ["NativeAuth"] });
    expect(cluster.entraAuthentication).toBe(false);
  });

  test("a burstable tier accepts 32-128 GiB on one shard", () => {
    const { stack } = mongoStack({ computeTier: "M25", storageSizeGb: 64 });
    expect(clusterJson(stack)).toMatchObject({ compute_tier: "M25", storage_size_in_gb: 64, shard_count: 1, high_availability_mode: "Disabled" });
  });

  test("entraAuthentication: false leaves native authentication only", () => {
    const { stack } = mongoStack({ entraAuthentication: false });
    expect(clusterJson(stack).authentication_methods).toEqual(["NativeAuth"]);
  });

  test("public access with firewall rules turns CIDRs into start and end addresses", () => {
    const { stack, cluster } = mongoStack({
      publicNetworkAccess: true,
      firewallRules: [
        { name: "office", cidr: "203.0.113.0/24" },
        { name: "ci.runner_1", cidr: "198.51.100.7/32" },
      ],
    });
    const json = synthJson(stack);
    const clusterId = onlyResourceId(json, "azurerm_mongo_cluster");
    const synth = Testing.synth(stack);
    expect(clusterJson(stack).public_network_access).toBe("Enabled");
    expect(synth).toHaveResourceWithProperties(MongoClusterFirewallRule, {
      name: "office",
      mongo_cluster_id: `\${azurerm_mongo_cluster.${clusterId}.id}`,
      start_ip_address: "203.0.113.0",
      end_ip_address: "203.0.113.255",
    });
    expect(synth).toHaveResourceWithProperties(MongoClusterFirewallRule, { name: "ci.runner_1", start_ip_address: "198.51.100.7", end_ip_address: "198.51.100.7" });
    expect(Object.keys(cluster.firewallRules).sort()).toEqual(["ci.runner_1", "office"]);
  });

  test("a cluster with an instance names its private endpoint after it", () => {
    const { stack, rg } = testStack();
    const vault = new KeyVault(stack, "Vault", { resourceGroup: rg });
    new MongoVcoreVector(stack, "Mongo", { resourceGroup: rg, instance: "docs", passwordVault: vault, privateEndpoints: [{ subnet: testSubnet({ stack, rg }, "endpoints") }] });
    expect(onlyResource(synthJson(stack), "azurerm_private_endpoint").name).toBe("pep-demo-dev-eus2-mongo-docs");
  });

  test("a private endpoint connects to the MongoCluster sub-resource and registers in privatelink.mongocluster.cosmos.azure.com", () => {
    const { stack, rg } = testStack();
    const vault = new KeyVault(stack, "Vault", { resourceGroup: rg });
    const subnet = testSubnet({ stack, rg }, "endpoints");

    const cluster = new MongoVcoreVector(stack, "Mongo", { resourceGroup: rg, passwordVault: vault, privateEndpoints: [{ subnet }] });
    const json = synthJson(stack);
    const clusterId = onlyResourceId(json, "azurerm_mongo_cluster");
    const zoneId = onlyResourceId(json, "azurerm_private_dns_zone");
    expect(onlyResource(json, "azurerm_private_dns_zone").name).toBe("privatelink.mongocluster.cosmos.azure.com");
    expect(onlyResource(json, "azurerm_private_endpoint")).toMatchObject({
      name: "pep-demo-dev-eus2-mongo",
      location: "eastus2",
      subnet_id: subnet.id,
      private_service_connection: {
        private_connection_resource_id: `\${azurerm_mongo_cluster.${clusterId}.id}`,
        subresource_names: ["MongoCluster"],
        is_manual_connection: false,
      },
      private_dns_zone_group: { name: "default", private_dns_zone_ids: [`\${azurerm_private_dns_zone.${zoneId}.id}`] },
    });
    expect(cluster.privateEndpoints).toHaveLength(1);
    expect(clusterJson(stack).public_network_access).toBe("Disabled");
  });

  test("protection: lock and prevent_destroy", () => {
    const { stack, cluster } = mongoStack({ lock: "CanNotDelete", preventDestroy: true });
    const json = synthJson(stack);
    const clusterId = onlyResourceId(json, "azurerm_mongo_cluster");
    expect(clusterJson(stack).lifecycle).toEqual({ prevent_destroy: true });
    expect(Testing.synth(stack)).toHaveResourceWithProperties(ManagementLock, {
      name: `lock-${cluster.name}`,
      lock_level: "CanNotDelete",
      scope: `\${azurerm_mongo_cluster.${clusterId}.id}`,
    });
  });

  test("a given name is used as written", () => {
    const { stack, cluster } = mongoStack({ name: "cosmon-studio-vectors" });
    expect(cluster.name).toBe("cosmon-studio-vectors");
    expect(clusterJson(stack).name).toBe("cosmon-studio-vectors");
  });
});

describe("MongoVcoreVector Entra ID administrators", () => {
  const OBJECT_ID = "11111111-2222-3333-4444-555555555555";

  test("a service principal becomes root on admin", () => {
    const { stack, cluster } = mongoStack();
    cluster.addEntraAdministrator({ principalId: OBJECT_ID });
    const clusterId = onlyResourceId(synthJson(stack), "azurerm_mongo_cluster");
    expect(Testing.synth(stack)).toHaveResourceWithProperties(MongoClusterUser, {
      mongo_cluster_id: `\${azurerm_mongo_cluster.${clusterId}.id}`,
      object_id: OBJECT_ID,
      identity_provider_type: "MicrosoftEntraID",
      principal_type: "servicePrincipal",
      role: [{ database: "admin", name: "root" }],
    });
    expect(cluster.entraAdministrators).toHaveLength(1);
  });

  test("a user principal, and a managed identity by reference", () => {
    const { stack, rg, cluster } = mongoStack();
    const identity = new ManagedIdentity(stack, "Api", { resourceGroup: rg, instance: "api" });
    cluster.addEntraAdministrator({ principalId: OBJECT_ID, principalType: "User" }, "Operator");
    cluster.addEntraAdministrator(identity, "Api");
    const json = synthJson(stack);
    const identityId = onlyResourceId(json, "azurerm_user_assigned_identity");
    const users = Object.values(resourcesOf(json, "azurerm_mongo_cluster_user"));
    expect(users.map((u) => [u.object_id, u.principal_type]).sort()).toEqual([
      [`\${azurerm_user_assigned_identity.${identityId}.principal_id}`, "servicePrincipal"],
      [OBJECT_ID, "user"],
    ]);
  });

  test.each([
    ["Group", 'test/Mongo: Entra administrator principalType "Group" is not supported (allowed: "ServicePrincipal", "User"; the service does not accept Entra ID groups)'],
    ["Unknown", 'test/Mongo: Entra administrator principalType "Unknown" is not supported (allowed: "ServicePrincipal", "User"; the service does not accept Entra ID groups)'],
  ] as const)("principalType %s is rejected", (principalType, message) => {
    const { cluster } = mongoStack();
    expectError(() => cluster.addEntraAdministrator({ principalId: OBJECT_ID, principalType }), message);
  });

  test("a principal id that is not a UUID is rejected", () => {
    const { cluster } = mongoStack();
    expectError(() => cluster.addEntraAdministrator({ principalId: "ops@example.com" }), 'test/Mongo: Entra administrator principalId "ops@example.com" is not an object id (allowed: a UUID)');
  });

  test("an administrator without Entra ID authentication is rejected", () => {
    const { cluster } = mongoStack({ entraAuthentication: false });
    expectError(() => cluster.addEntraAdministrator({ principalId: OBJECT_ID }), "test/Mongo: addEntraAdministrator needs entraAuthentication: true");
  });
});

describe("MongoVcoreVector vector indexes", () => {
  test("the Studio index: HNSW on embeddings.vector, 1536 dimensions, cosine, default m and efConstruction", () => {
    const { cluster } = mongoStack({ vectorIndexes: [STUDIO_INDEX] });
    expect(cluster.vectorIndexCommands()).toEqual([
      {
        database: "studio",
        command: {
          createIndexes: "documents",
          indexes: [
            {
              name: "embeddings-vector",
              key: { "embeddings.vector": "cosmosSearch" },
              cosmosSearchOptions: { kind: "vector-hnsw", m: 16, efConstruction: 64, similarity: "COS", dimensions: 1536 },
            },
          ],
        },
      },
    ]);
  });

  test("IVF and DiskANN commands carry their parameters; similarity defaults to COS", () => {
    const { cluster } = mongoStack({
      computeTier: "M40",
      vectorIndexes: [
        { database: "studio", collection: "chunks", name: "ivf", path: "vector", dimensions: 3, kind: "vector-ivf", numLists: 100, similarity: "L2" },
        { database: "studio", collection: "chunks", name: "ivf-default", path: "summary.vector", dimensions: 3, kind: "vector-ivf" },
        { database: "search", collection: "pages", name: "diskann", path: "contentVector", dimensions: 768, kind: "vector-diskann", maxDegree: 64, lBuild: 100, similarity: "IP" },
        { database: "search", collection: "pages", name: "diskann-default", path: "titleVector", dimensions: 768, kind: "vector-diskann" },
        { database: "search", collection: "pages", name: "hnsw", path: "bodyVector", dimensions: 1536, kind: "vector-hnsw", m: 32, efConstruction: 200 },
      ],
    });
    const options = cluster.vectorIndexCommands().map((c) => [c.database, c.command.createIndexes, c.command.indexes[0].key, c.command.indexes[0].cosmosSearchOptions]);
    expect(options).toEqual([
      ["studio", "chunks", { vector: "cosmosSearch" }, { kind: "vector-ivf", numLists: 100, similarity: "L2", dimensions: 3 }],
      ["studio", "chunks", { "summary.vector": "cosmosSearch" }, { kind: "vector-ivf", numLists: 1, similarity: "COS", dimensions: 3 }],
      ["search", "pages", { contentVector: "cosmosSearch" }, { kind: "vector-diskann", maxDegree: 64, lBuild: 100, similarity: "IP", dimensions: 768 }],
      ["search", "pages", { titleVector: "cosmosSearch" }, { kind: "vector-diskann", maxDegree: 32, lBuild: 50, similarity: "COS", dimensions: 768 }],
      ["search", "pages", { bodyVector: "cosmosSearch" }, { kind: "vector-hnsw", m: 32, efConstruction: 200, similarity: "COS", dimensions: 1536 }],
    ]);
  });

  test("a non-sensitive output carries the commands as JSON", () => {
    const { stack, cluster } = mongoStack({ vectorIndexes: [STUDIO_INDEX] });
    const outputs = synthJson(stack).output ?? {};
    const name = cluster.vectorIndexesOutputName;
    expect(name).toMatch(/^Mongo_vector_indexes_[0-9A-F]{8}$/);
    expect(Object.keys(outputs)).toEqual([name]);
    const output = outputs[name as string] as { value: string; sensitive: boolean; description: string };
    expect(output.sensitive).toBe(false);
    expect(output.description).toBe(
      `createIndexes commands for the vector indexes of ${cluster.name}, as JSON: run each with db.getSiblingDB(database).runCommand(command)`,
    );
    expect(JSON.parse(output.value) as VectorIndexCommand[]).toEqual(cluster.vectorIndexCommands());
  });

  test("addVectorIndex after construction returns its command and updates the output", () => {
    const { stack, cluster } = mongoStack({ computeTier: "M10", vectorIndexes: [{ ...STUDIO_INDEX, kind: "vector-ivf" }] });
    const command = cluster.addVectorIndex({ database: "studio", collection: "templates", name: "tpl", path: "vector", dimensions: 1536, kind: "vector-ivf", numLists: 5 });
    expect(command).toEqual({
      database: "studio",
      command: {
        createIndexes: "templates",
        indexes: [{ name: "tpl", key: { vector: "cosmosSearch" }, cosmosSearchOptions: { kind: "vector-ivf", numLists: 5, similarity: "COS", dimensions: 1536 } }],
      },
    });
    const value = (synthJson(stack).output ?? {})[cluster.vectorIndexesOutputName as string].value as string;
    expect((JSON.parse(value) as VectorIndexCommand[]).map((c) => c.command.indexes[0].name)).toEqual(["embeddings-vector", "tpl"]);
  });

  test("the same index name in another collection, and IVF on the Free tier, are accepted", () => {
    const { cluster } = mongoStack({
      computeTier: "Free",
      vectorIndexes: [
        { ...STUDIO_INDEX, kind: "vector-ivf" },
        { ...STUDIO_INDEX, collection: "templates", kind: "vector-ivf" },
      ],
    });
    expect(cluster.vectorIndexCommands()).toHaveLength(2);
  });
});

describe("MongoVcoreVector input checks", () => {
  test.each([
    [{ storageSizeGb: 100 }, "test/Mongo: storageSizeGb 100 is not a size Azure offers (allowed: 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384, 32768)"],
    [{ computeTier: "M25", storageSizeGb: 256 }, 'test/Mongo: storageSizeGb 256 is not available on compute tier "M25" (allowed: 32, 64, 128)'],
    [{ computeTier: "M10", storageSizeGb: 512 }, 'test/Mongo: storageSizeGb 512 is not available on compute tier "M10" (allowed: 32, 64, 128)'],
    [{ computeTier: "Free", storageSizeGb: 64 }, 'test/Mongo: storageSizeGb 64 is not available on compute tier "Free" (allowed: 32)'],
    [{ shardCount: 0 }, "test/Mongo: shardCount 0 is out of range (allowed: 1 to 10)"],
    [{ shardCount: 11 }, "test/Mongo: shardCount 11 is out of range (allowed: 1 to 10)"],
    [{ shardCount: 1.5 }, "test/Mongo: shardCount 1.5 is not a whole number (allowed: 1 to 10)"],
    [{ computeTier: "M20", shardCount: 2 }, 'test/Mongo: shardCount 2 is not available on compute tier "M20" (allowed: 1; use M30 or higher for more shards)'],
    [{ computeTier: "Free", shardCount: 2 }, 'test/Mongo: shardCount 2 is not available on compute tier "Free" (allowed: 1; use M30 or higher for more shards)'],
    [{ computeTier: "M25", highAvailability: "ZoneRedundantPreferred" }, 'test/Mongo: highAvailability "ZoneRedundantPreferred" is not available on compute tier "M25" (allowed: "Disabled"; use M30 or higher for HA)'],
    [{ computeTier: "Free", highAvailability: "ZoneRedundantPreferred" }, 'test/Mongo: highAvailability "ZoneRedundantPreferred" is not available on compute tier "Free" (allowed: "Disabled"; use M30 or higher for HA)'],
    [{ computeTier: "Free", entraAuthentication: true }, 'test/Mongo: entraAuthentication true is not available on compute tier "Free" (allowed: false)'],
    [{ firewallRules: [{ name: "office", cidr: "203.0.113.0/24" }] }, "test/Mongo: firewallRules need publicNetworkAccess: true"],
    [{ publicNetworkAccess: true, firewallRules: [{ name: "my office", cidr: "203.0.113.0/24" }] }, 'test/Mongo: firewall rule name "my office" is not allowed (allowed: 1-80 letters, digits, periods, hyphens and underscores, starting with a letter or digit)'],
    [{ publicNetworkAccess: true, firewallRules: [{ name: "office", cidr: "203.0.113.0" }] }, 'test/Mongo: firewall rule "office": "203.0.113.0" is not an IPv4 CIDR'],
    [{ publicNetworkAccess: true, firewallRules: [{ name: "office", cidr: "203.0.113.7/24" }] }, 'test/Mongo: firewall rule "office": "203.0.113.7/24" has host bits set (did you mean 203.0.113.0/24?)'],
    [{ publicNetworkAccess: true, firewallRules: [{ name: "office", cidr: "203.0.113.0/24" }, { name: "office", cidr: "198.51.100.0/24" }] }, 'test/Mongo: firewall rule "office" is defined twice'],
    [{ name: "Cosmon_Studio" }, 'test/Mongo: MongoDB vCore cluster name "Cosmon_Studio" has characters or a shape Azure rejects; Azure allows 3-40 characters, lowercase letters, digits and hyphens, not starting or ending with a hyphen; globally unique'],
  ] as Array<[Partial<MongoVcoreVectorProps>, string]>)("%j is rejected", (props, message) => {
    expectError(() => mongoStack(props), message);
  });

  test.each([
    [{ dimensions: 0 }, `${INDEX}: dimensions 0 is out of range (allowed: 1 to 2000)`],
    [{ dimensions: 3072 }, `${INDEX}: dimensions 3072 is out of range (allowed: 1 to 2000)`],
    [{ dimensions: 1.5 }, `${INDEX}: dimensions 1.5 is not a whole number (allowed: 1 to 2000)`],
    [{ m: 1 }, `${INDEX}: m 1 is out of range (allowed: 2 to 100)`],
    [{ m: 101, efConstruction: 1000 }, `${INDEX}: m 101 is out of range (allowed: 2 to 100)`],
    [{ efConstruction: 3, m: 2 }, `${INDEX}: efConstruction 3 is out of range (allowed: 4 to 1000)`],
    [{ efConstruction: 1001 }, `${INDEX}: efConstruction 1001 is out of range (allowed: 4 to 1000)`],
    [{ m: 48, efConstruction: 64 }, `${INDEX}: efConstruction 64 is less than 2 * m (m is 48; allowed: 96 to 1000)`],
    [{ kind: "vector-ivf", numLists: 0 }, `${INDEX}: numLists 0 is not allowed (allowed: a whole number of at least 1)`],
    [{ kind: "vector-ivf", numLists: 2.5 }, `${INDEX}: numLists 2.5 is not allowed (allowed: a whole number of at least 1)`],
    [{ kind: "vector-diskann", maxDegree: 19 }, `${INDEX}: maxDegree 19 is out of range (allowed: 20 to 2048)`],
    [{ kind: "vector-diskann", maxDegree: 2049 }, `${INDEX}: maxDegree 2049 is out of range (allowed: 20 to 2048)`],
    [{ kind: "vector-diskann", lBuild: 9 }, `${INDEX}: lBuild 9 is out of range (allowed: 10 to 500)`],
    [{ kind: "vector-diskann", lBuild: 501 }, `${INDEX}: lBuild 501 is out of range (allowed: 10 to 500)`],
    [{ similarity: "cosine" }, `${INDEX}: similarity "cosine" is not allowed (allowed: "COS", "L2", "IP")`],
    [{ kind: "vector-flat" }, `${INDEX}: kind "vector-flat" is not a vector index kind (allowed: "vector-hnsw", "vector-ivf", "vector-diskann")`],
    [{ path: "embeddings..vector" }, `${INDEX}: path "embeddings..vector" is not a field path (allowed: dot-separated field names, none empty or starting with "$")`],
    [{ path: "$vector" }, `${INDEX}: path "$vector" is not a field path (allowed: dot-separated field names, none empty or starting with "$")`],
    [{ collection: "" }, "test/Mongo: vectorIndexes[0]: database, collection, name and path must be non-empty strings"],
  ])("vector index %j is rejected", (overrides, message) => {
    expectError(() => withIndex(overrides), message);
  });

  test.each([
    ["vector-hnsw", "M25"],
    ["vector-hnsw", "M20"],
    ["vector-diskann", "M10"],
    ["vector-diskann", "Free"],
  ] as const)("kind %s on compute tier %s is rejected", (kind, computeTier) => {
    expectError(
      () => withIndex({ kind }, { computeTier }),
      `${INDEX}: kind "${kind}" is not available on compute tier "${computeTier}" (allowed on M30 and higher; "vector-ivf" works on every tier)`,
    );
  });

  test("an index name defined twice in one collection", () => {
    expectError(
      () => mongoStack({ vectorIndexes: [STUDIO_INDEX, { ...STUDIO_INDEX, path: "other.vector" }] }),
      `${INDEX} is defined twice`,
    );
  });

  test("a second vector index on the same path", () => {
    expectError(
      () => mongoStack({ vectorIndexes: [STUDIO_INDEX, { ...STUDIO_INDEX, name: "second", kind: "vector-diskann" }] }),
      'test/Mongo: vector index "second" on studio.documents: path "embeddings.vector" already has vector index "embeddings-vector" (one vector index per path)',
    );
  });
});
