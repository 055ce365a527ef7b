import { ManagedRedis } from "@cdktf/provider-azurerm/lib/managed-redis";
import { ManagementLock } from "@cdktf/provider-azurerm/lib/management-lock";
import { TerraformStack, Testing } from "cdktf";
import type { IResourceGroup } from "../../../lib/core/interfaces";
import type { EnvironmentConfig } from "../../../lib/framework/environment-config";
import {
  MANAGED_REDIS_SKUS,
  Redis,
  type RedisProps,
  REDIS_ENTRA_TOKEN_SCOPE,
  managedRedisSkuInfo,
} from "../../../lib/data/redis";
import { evaluate } from "../../../lib/policy/engine";
import { AZURE_RULES } from "../../../lib/policy/rules";
import { ManagedIdentity } from "../../../lib/security/managed-identity";
import { expectValidationError, onlyResource, onlyResourceId, rendered, resourcesOf, synthJson, testStack, testSubnet } from "../../helpers/stack";

function redisStack(props: Partial<RedisProps> = {}, environment: Partial<EnvironmentConfig> = {}) {
  const { stack, rg } = testStack({ environment });
  const build = (more: Partial<RedisProps> = {}) => new Redis(stack, "Cache", { resourceGroup: rg, ...props, ...more });
  return { stack, rg, build };
}

function cacheJson(stack: TerraformStack): Record<string, unknown> {
  return onlyResource(synthJson(stack), "azurerm_managed_redis");
}

function warnings(redis: Redis): string[] {
  return redis.node.metadata.filter((m) => m.type === "@cdktf/warn").map((m) => m.data as string);
}

const APP = { principalId: "11111111-2222-3333-4444-555555555555" };

describe("Redis (Azure Managed Redis)", () => {
  test("defaults: Balanced B1 with HA, TLS only, Entra ID only, no public endpoint, a system-assigned identity, no persistence", () => {
    const { stack, build } = redisStack();
    const redis = build();
    expect(Testing.synth(stack)).toHaveResourceWithProperties(ManagedRedis, {
      sku_name: "Balanced_B1",
      high_availability_enabled: true,
      public_network_access: "Disabled",
      location: "eastus2",
      identity: { type: "SystemAssigned" },
      default_database: {
        client_protocol: "Encrypted",
        access_keys_authentication_enabled: false,
        clustering_policy: "OSSCluster",
        eviction_policy: "VolatileLRU",
      },
    });
    const cache = cacheJson(stack);
    expect(cache.customer_managed_key).toBeUndefined();
    expect((cache.default_database as Record<string, unknown>).persistence_append_only_file_backup_frequency).toBeUndefined();
    expect((cache.default_database as Record<string, unknown>).persistence_redis_database_backup_frequency).toBeUndefined();
    expect((cache.default_database as Record<string, unknown>).module).toBeUndefined();
    expect(redis.name).toMatch(/^redis-demo-dev-eus2-[a-z0-9]{4}$/);
    expect(redis.port).toBe(10000);
    expect(redis.clientPorts).toEqual(["10000", "8500-8599"]);
    expect(redis.sku).toBe("Balanced_B1");
    expect(redis.highAvailability).toBe(true);
    expect(resourcesOf(synthJson(stack), "azurerm_monitor_diagnostic_setting")).toEqual({});
    expect(warnings(redis)).toEqual([]);
  });

  test("host name, database id and principal id are the resource's attributes", () => {
    const { stack, build } = redisStack();
    const redis = build();
    const id = onlyResourceId(synthJson(stack), "azurerm_managed_redis");
    expect(rendered(stack, redis.hostName)).toBe(`\${azurerm_managed_redis.${id}.hostname}`);
    expect(rendered(stack, redis.databaseId)).toBe(`\${azurerm_managed_redis.${id}.id}/databases/default`);
    expect(rendered(stack, redis.principalId)).toBe(`\${azurerm_managed_redis.${id}.identity[0].principal_id}`);
    expect(REDIS_ENTRA_TOKEN_SCOPE).toBe("https://redis.azure.com/.default");
  });

  test("the Augeo columns: dev B0 without HA, staging B1, prod B1 with AOF", () => {
    const dev = redisStack();
    dev.build({ sku: "Balanced_B0", highAvailability: false });
    expect(cacheJson(dev.stack)).toMatchObject({ sku_name: "Balanced_B0", high_availability_enabled: false });

    const prod = redisStack();
    prod.build({ sku: "Balanced_B1", persistence: { aof: "1s" } });
    expect(cacheJson(prod.stack)).toMatchObject({ sku_name: "Balanced_B1", high_availability_enabled: true, default_database: { persistence_append_only_file_backup_frequency: "1s" } });
  });

  test("RDB persistence at each frequency Azure offers", () => {
    for (const rdb of ["1h", "6h", "12h"] as const) {
      const { stack, build } = redisStack();
      build({ persistence: { rdb } });
      const db = cacheJson(stack).default_database as Record<string, unknown>;
      expect(db.persistence_redis_database_backup_frequency).toBe(rdb);
      expect(db.persistence_append_only_file_backup_frequency).toBeUndefined();
    }
  });

  test("an empty persistence object means no persistence", () => {
    const { stack, build } = redisStack();
    build({ persistence: {} });
    const db = cacheJson(stack).default_database as Record<string, unknown>;
    expect(db.persistence_redis_database_backup_frequency).toBeUndefined();
    expect(db.persistence_append_only_file_backup_frequency).toBeUndefined();
  });

  test("clustering, eviction, modules and access keys are passed through", () => {
    const { stack, build } = redisStack();
    const redis = build({
      sku: "Balanced_B5",
      clusteringPolicy: "EnterpriseCluster",
      evictionPolicy: "NoEviction",
      modules: [{ name: "RediSearch" }, { name: "RedisJSON" }, { name: "RedisBloom", args: "ERROR_RATE 0.01 INITIAL_SIZE 400" }],
      accessKeysAuthentication: true,
    });
    expect(cacheJson(stack).default_database).toEqual({
      client_protocol: "Encrypted",
      clustering_policy: "EnterpriseCluster",
      eviction_policy: "NoEviction",
      access_keys_authentication_enabled: true,
      module: [{ name: "RediSearch" }, { name: "RedisJSON" }, { name: "RedisBloom", args: "ERROR_RATE 0.01 INITIAL_SIZE 400" }],
    });
    expect(redis.clientPorts).toEqual(["10000"]);
  });

  test("NoCluster on a cache of 25 GB or less; Plaintext with access keys", () => {
    const { stack, build } = redisStack();
    build({ sku: "Balanced_B20", clusteringPolicy: "NoCluster", clientProtocol: "Plaintext", accessKeysAuthentication: true });
    expect(cacheJson(stack).default_database).toMatchObject({ clustering_policy: "NoCluster", client_protocol: "Plaintext" });
  });

  test("a user-assigned identity replaces the system-assigned one", () => {
    const { stack, rg, build } = redisStack();
    const identity = new ManagedIdentity(stack, "CacheIdentity", { resourceGroup: rg, instance: "cache" });
    const redis = build({ identity });
    const identityId = onlyResourceId(synthJson(stack), "azurerm_user_assigned_identity");
    expect(cacheJson(stack).identity).toEqual({ type: "UserAssigned", identity_ids: [`\${azurerm_user_assigned_identity.${identityId}.id}`] });
    expect(rendered(stack, redis.principalId)).toBe(`\${azurerm_user_assigned_identity.${identityId}.principal_id}`);
  });

  test("a customer-managed key adds its identity to the cache's identities", () => {
    const { stack, rg, build } = redisStack();
    const keyIdentity = new ManagedIdentity(stack, "KeyIdentity", { resourceGroup: rg, instance: "key" });
    build({ customerManagedKey: { keyVaultKeyId: "https://kv-demo.vault.azure.net/keys/redis/0123456789abcdef", identity: keyIdentity } });
    const identityId = onlyResourceId(synthJson(stack), "azurerm_user_assigned_identity");
    expect(cacheJson(stack)).toMatchObject({
      identity: { type: "UserAssigned", identity_ids: [`\${azurerm_user_assigned_identity.${identityId}.id}`] },
      customer_managed_key: {
        key_vault_key_id: "https://kv-demo.vault.azure.net/keys/redis/0123456789abcdef",
        user_assigned_identity_id: `\${azurerm_user_assigned_identity.${identityId}.id}`,
      },
    });
  });

  test("a customer-managed key id must be a versioned key id", () => {
    const { stack, rg, build } = redisStack();
    const keyIdentity = new ManagedIdentity(stack, "KeyIdentity", { resourceGroup: rg, instance: "key" });
    expectValidationError(
      () => build({ customerManagedKey: { keyVaultKeyId: "https://kv-demo.vault.azure.net/keys/redis", identity: keyIdentity } }),
      'test/Cache: customerManagedKey.keyVaultKeyId "https://kv-demo.vault.azure.net/keys/redis" is not a versioned key id (expected https://<vault>.vault.azure.net/keys/<key>/<version>, azurerm_key_vault_key.id)',
    );
  });

  test("a private endpoint connects to the redisEnterprise sub-resource and registers in privatelink.redis.azure.net", () => {
    const { stack, rg, build } = redisStack();
    const subnet = testSubnet({ stack, rg }, "snet-endpoints");
    const redis = build({ privateEndpoints: [{ subnet }] });
    const json = synthJson(stack);
    const cacheId = onlyResourceId(json, "azurerm_managed_redis");
    const zoneId = onlyResourceId(json, "azurerm_private_dns_zone");
    expect(onlyResource(json, "azurerm_private_dns_zone").name).toBe("privatelink.redis.azure.net");
    expect(onlyResource(json, "azurerm_private_endpoint")).toMatchObject({
      name: "pep-demo-dev-eus2-redis",
      subnet_id: subnet.id,
      private_service_connection: {
        private_connection_resource_id: `\${azurerm_managed_redis.${cacheId}.id}`,
        subresource_names: ["redisEnterprise"],
        is_manual_connection: false,
      },
      private_dns_zone_group: { name: "default", private_dns_zone_ids: [`\${azurerm_private_dns_zone.${zoneId}.id}`] },
    });
    expect(redis.privateEndpoints).toHaveLength(1);
  });

  test("a cache with an instance names itself and its private endpoint after it", () => {
    const { stack, rg, build } = redisStack();
    const redis = build({ instance: "sessions", privateEndpoints: [{ subnet: testSubnet({ stack, rg }) }] });
    expect(redis.name).toMatch(/^redis-demo-dev-eus2-sessions-[a-z0-9]{4}$/);
    expect(onlyResource(synthJson(stack), "azurerm_private_endpoint").name).toBe("pep-demo-dev-eus2-redis-sessions");
  });

  test("diagnostic settings: connection logs from the database, metrics from the cluster", () => {
    const { stack, build } = redisStack();
    const redis = build({ diagnosticSettings: { workspaceId: "${azurerm_log_analytics_workspace.W.id}" } });
    const json = synthJson(stack);
    const cacheId = onlyResourceId(json, "azurerm_managed_redis");
    const settings = Object.values(resourcesOf(json, "azurerm_monitor_diagnostic_setting"));
    expect(settings).toHaveLength(2);
    expect(redis.diagnosticSettings).toHaveLength(2);
    const logs = settings.find((s) => String(s.target_resource_id).endsWith("/databases/default"));
    const metrics = settings.find((s) => s.target_resource_id === `\${azurerm_managed_redis.${cacheId}.id}`);
    expect(logs).toMatchObject({ target_resource_id: `\${azurerm_managed_redis.${cacheId}.id}/databases/default`, enabled_log: [{ category_group: "allLogs" }] });
    expect(logs?.enabled_metric).toBeUndefined();
    expect(metrics).toMatchObject({ enabled_metric: [{ category: "AllMetrics" }], enabled_log: [] });
  });

  test("diagnostic settings without metrics send the logs only", () => {
    const { stack, build } = redisStack();
    build({ diagnosticSettings: { workspaceId: "/subscriptions/0/ws", metricCategories: [] } });
    const settings = Object.values(resourcesOf(synthJson(stack), "azurerm_monitor_diagnostic_setting"));
    expect(settings).toHaveLength(1);
    expect(String(settings[0].target_resource_id)).toMatch(/\/databases\/default$/);
  });

  test("protection: lock and prevent_destroy", () => {
    const { stack, build } = redisStack();
    const redis = build({ lock: "CanNotDelete", preventDestroy: true });
    const cacheId = onlyResourceId(synthJson(stack), "azurerm_managed_redis");
    expect(cacheJson(stack).lifecycle).toEqual({ prevent_destroy: true });
    expect(Testing.synth(stack)).toHaveResourceWithProperties(ManagementLock, { name: `lock-${redis.name}`, lock_level: "CanNotDelete", scope: `\${azurerm_managed_redis.${cacheId}.id}` });
  });

  test("a given name is used as written; outside an AzureStack a name is required", () => {
    const { stack, build } = redisStack();
    expect(build({ name: "augeo-sessions-prod" }).name).toBe("augeo-sessions-prod");
    expect(cacheJson(stack).name).toBe("augeo-sessions-prod");

    const plain = new TerraformStack(Testing.app(), "plain");
    const rg: IResourceGroup = { name: "rg-cache", location: "westeurope", id: "/subscriptions/0/resourceGroups/rg-cache" };
    expectValidationError(() => new Redis(plain, "Cache", { resourceGroup: rg }), "plain/Cache: no name given and no AzureStack (or BlueprintStack) to generate one; pass the `name` prop");
    new Redis(plain, "Named", { resourceGroup: rg, name: "cache-weu-1" });
    expect(Object.values(JSON.parse(Testing.synth(plain)).resource.azurerm_managed_redis as Record<string, { name: string }>)[0].name).toBe("cache-weu-1");
  });

  test("preview SKUs and persistence on Flash Optimized warn at synth", () => {
    expect(warnings(redisStack().build({ sku: "Balanced_B500" }))).toEqual([
      "Balanced_B500 (480 GB) is in public preview (learn.microsoft.com/azure/redis/overview): no SLA until it is generally available",
    ]);
    expect(warnings(redisStack().build({ sku: "FlashOptimized_A250", persistence: { rdb: "6h" } }))).toEqual([
      "data persistence on Flash Optimized is in public preview (learn.microsoft.com/azure/redis/how-to-persistence)",
    ]);
    expect(warnings(redisStack().build({ sku: "Balanced_B350", persistence: { rdb: "6h" } }))).toEqual([]);
  });
});

describe("Redis under the rule pack", () => {
  function findings(props: Partial<RedisProps>): string[] {
    const { stack, build } = redisStack({}, { name: "prod", tier: "prod" });
    build(props);
    const report = evaluate(AZURE_RULES, { name: "test", tier: "prod", json: synthJson(stack), date: "2026-11-29" }, []);
    return report.findings.filter((f) => f.resourceType === "azurerm_managed_redis").map((f) => `${f.ruleId} ${f.message}`).sort();
  }

  test("a prod cache with lock, prevent_destroy and diagnostics passes every rule", () => {
    expect(findings({ lock: "CanNotDelete", preventDestroy: true, persistence: { aof: "1s" }, diagnosticSettings: { workspaceId: "/subscriptions/0/ws" } })).toEqual([]);
  });

  test("a bare prod cache needs protection and diagnostics; a non-HA one fails AZ-RED-008", () => {
    expect(findings({ highAvailability: false })).toEqual([
      "AZ-DIAG-001 no azurerm_monitor_diagnostic_setting targets it",
      "AZ-PROT-001 lifecycle.prevent_destroy is not set",
      "AZ-PROT-002 no CanNotDelete management lock is scoped to it",
      "AZ-RED-008 high_availability_enabled is false in a prod stack",
    ]);
  });
});

describe("Redis input checks", () => {
  test("an unknown SKU, with the closest one", () => {
    expectValidationError(
      () => redisStack().build({ sku: "balanced_b1" as never }),
      'test/Cache: sku "balanced_b1" is not an Azure Managed Redis SKU; did you mean "Balanced_B1"? (allowed: Balanced_B0-B1000, MemoryOptimized_M10-M2000, ComputeOptimized_X3-X700, FlashOptimized_A250-A4500; MANAGED_REDIS_SKUS lists them)',
    );
  });

  test("an Azure Cache for Redis size is answered with its Managed Redis equivalent", () => {
    expectValidationError(
      () => redisStack().build({ sku: "C1" as never }),
      'test/Cache: sku "C1" is not an Azure Managed Redis SKU; C1 is an Azure Cache for Redis size: Standard C1 (1 GB) is "Balanced_B1", C0 (250 MB) "Balanced_B0" (allowed: Balanced_B0-B1000, MemoryOptimized_M10-M2000, ComputeOptimized_X3-X700, FlashOptimized_A250-A4500; MANAGED_REDIS_SKUS lists them)',
    );
  });

  test("an Enterprise SKU belongs to Azure Cache for Redis Enterprise", () => {
    expectValidationError(
      () => redisStack().build({ sku: "Enterprise_E10" as never }),
      'test/Cache: sku "Enterprise_E10" is not an Azure Managed Redis SKU; Enterprise and Enterprise Flash SKUs belong to Azure Cache for Redis Enterprise, retiring 2027-03-31 (allowed: Balanced_B0-B1000, MemoryOptimized_M10-M2000, ComputeOptimized_X3-X700, FlashOptimized_A250-A4500; MANAGED_REDIS_SKUS lists them)',
    );
  });

  test("AOF and RDB at once", () => {
    expectValidationError(
      () => redisStack().build({ persistence: { aof: "1s", rdb: "1h" } }),
      'test/Cache: persistence has both aof "1s" and rdb "1h"; Azure Managed Redis persists with one method: choose aof (about 1 s of writes at risk, more CPU) or rdb (snapshots)',
    );
  });

  test("an RDB frequency Azure does not offer (the document's 4 hours)", () => {
    expectValidationError(
      () => redisStack().build({ persistence: { rdb: "4h" as never } }),
      'test/Cache: persistence.rdb "4h" is not an RDB snapshot frequency Azure offers (allowed: "1h", "6h", "12h")',
    );
  });

  test("an AOF frequency other than 1s", () => {
    expectValidationError(() => redisStack().build({ persistence: { aof: "always" as never } }), 'test/Cache: persistence.aof "always" is not offered (allowed: "1s", the only AOF frequency)');
  });

  test("NoCluster above 25 GB and on Flash Optimized", () => {
    expectValidationError(
      () => redisStack().build({ sku: "Balanced_B50", clusteringPolicy: "NoCluster" }),
      'test/Cache: clusteringPolicy "NoCluster" is not available on "Balanced_B50" (Balanced, 60 GB): Azure offers it on caches of 25 GB or less, not Flash Optimized; use "EnterpriseCluster" for clients without cluster support',
    );
    expectValidationError(
      () => redisStack().build({ sku: "FlashOptimized_A250", clusteringPolicy: "NoCluster" }),
      'test/Cache: clusteringPolicy "NoCluster" is not available on "FlashOptimized_A250" (FlashOptimized, 235 GB): Azure offers it on caches of 25 GB or less, not Flash Optimized; use "EnterpriseCluster" for clients without cluster support',
    );
  });

  test("unknown clustering and eviction policies and protocols", () => {
    expectValidationError(
      () => redisStack().build({ clusteringPolicy: "OssCluster" as never }),
      'test/Cache: clusteringPolicy "OssCluster" is not allowed; did you mean "OSSCluster"? (allowed: OSSCluster, EnterpriseCluster, NoCluster)',
    );
    expectValidationError(
      () => redisStack().build({ evictionPolicy: "allkeys-lru" as never }),
      'test/Cache: evictionPolicy "allkeys-lru" is not allowed; did you mean "AllKeysLRU"? (allowed: AllKeysLFU, AllKeysLRU, AllKeysRandom, VolatileLRU, VolatileLFU, VolatileTTL, VolatileRandom, NoEviction)',
    );
    expectValidationError(() => redisStack().build({ clientProtocol: "TLS" as never }), 'test/Cache: clientProtocol "TLS" is not allowed (allowed: Encrypted, Plaintext)');
  });

  test("Plaintext without access keys leaves no way to authenticate", () => {
    expectValidationError(
      () => redisStack().build({ clientProtocol: "Plaintext" }),
      'test/Cache: clientProtocol "Plaintext" needs accessKeysAuthentication: true (Entra ID authentication works over TLS only, so no client could sign in); keep "Encrypted"',
    );
  });

  test("RediSearch needs the Enterprise clustering policy and no eviction", () => {
    expectValidationError(() => redisStack().build({ modules: [{ name: "RediSearch" }] }), 'test/Cache: module "RediSearch" needs clusteringPolicy "EnterpriseCluster" (got "OSSCluster")');
    expectValidationError(
      () => redisStack().build({ modules: [{ name: "RediSearch" }], clusteringPolicy: "EnterpriseCluster" }),
      'test/Cache: module "RediSearch" needs evictionPolicy "NoEviction" (got "VolatileLRU")',
    );
  });

  test("Flash Optimized offers RedisJSON only", () => {
    expectValidationError(
      () => redisStack().build({ sku: "FlashOptimized_A500", modules: [{ name: "RedisBloom" }] }),
      'test/Cache: module "RedisBloom" is not available on "FlashOptimized_A500": Flash Optimized offers RedisJSON only (use a Memory Optimized, Balanced or Compute Optimized SKU)',
    );
    const { stack, build } = redisStack();
    build({ sku: "FlashOptimized_A500", modules: [{ name: "RedisJSON" }] });
    expect((cacheJson(stack).default_database as Record<string, unknown>).module).toEqual([{ name: "RedisJSON" }]);
  });

  test("an unknown module and a module listed twice", () => {
    expectValidationError(
      () => redisStack().build({ modules: [{ name: "RedisGraph" as never }] }),
      'test/Cache: module name "RedisGraph" is not allowed (allowed: RedisJSON, RediSearch, RedisBloom, RedisTimeSeries)',
    );
    expectValidationError(() => redisStack().build({ modules: [{ name: "RedisJSON" }, { name: "RedisJSON" }] }), 'test/Cache: module "RedisJSON" is listed twice');
  });

  test("a name breaking Azure's rule, and a name too long for its region", () => {
    expectValidationError(
      () => redisStack().build({ name: "cache--sessions" }),
      'test/Cache: Azure Managed Redis cache name "cache--sessions" has characters or a shape Azure rejects; Azure allows 3-63 characters, letters, digits and single hyphens, starting and ending with a letter or digit (name and region together at most 63 characters); globally unique',
    );
    const name = "a".repeat(50);
    expectValidationError(
      () => redisStack({}, { location: "germanywestcentral" }).build({ name }),
      `test/Cache: name "${name}" (50 characters) and region "germanywestcentral" together are 68 characters; Azure allows 63 (the host name is <name>.<region>.redis.azure.net); shorten the name`,
    );
    // The same name fits a region with a short name.
    expect(redisStack({}, { location: "eastus" }).build({ name }).name).toBe(name);
  });
});

describe("Managed Redis SKUs", () => {
  test("the list is azurerm 4.55's: 14 Balanced, 12 Memory Optimized, 11 Compute Optimized, 7 Flash Optimized", () => {
    const byTier = (tier: string) => MANAGED_REDIS_SKUS.filter((s) => managedRedisSkuInfo(s).tier === tier).length;
    expect(MANAGED_REDIS_SKUS).toHaveLength(44);
    expect(new Set(MANAGED_REDIS_SKUS).size).toBe(44);
    expect([byTier("Balanced"), byTier("MemoryOptimized"), byTier("ComputeOptimized"), byTier("FlashOptimized")]).toEqual([14, 12, 11, 7]);
  });

  test("sizes, preview status and features per SKU", () => {
    expect(managedRedisSkuInfo("Balanced_B0")).toEqual({
      sku: "Balanced_B0", tier: "Balanced", sizeGb: 0.5, preview: false, nonClustered: true, geoReplication: false,
      modules: ["RedisJSON", "RediSearch", "RedisBloom", "RedisTimeSeries"],
    });
    expect(managedRedisSkuInfo("Balanced_B1")).toMatchObject({ sizeGb: 1, geoReplication: false, nonClustered: true });
    expect(managedRedisSkuInfo("Balanced_B3")).toMatchObject({ sizeGb: 3, geoReplication: true });
    expect(managedRedisSkuInfo("Balanced_B20")).toMatchObject({ sizeGb: 24, nonClustered: true });
    expect(managedRedisSkuInfo("Balanced_B50")).toMatchObject({ sizeGb: 60, nonClustered: false });
    expect(managedRedisSkuInfo("Balanced_B350")).toMatchObject({ sizeGb: 360, preview: false });
    expect(managedRedisSkuInfo("Balanced_B500")).toMatchObject({ sizeGb: 480, preview: true });
    expect(managedRedisSkuInfo("MemoryOptimized_M10")).toMatchObject({ tier: "MemoryOptimized", sizeGb: 12 });
    expect(managedRedisSkuInfo("MemoryOptimized_M2000")).toMatchObject({ sizeGb: 1920, preview: true });
    expect(managedRedisSkuInfo("ComputeOptimized_X3")).toMatchObject({ tier: "ComputeOptimized", sizeGb: 3 });
    expect(managedRedisSkuInfo("FlashOptimized_A1500")).toMatchObject({ tier: "FlashOptimized", sizeGb: 1440, preview: false, nonClustered: false, geoReplication: false, modules: ["RedisJSON"] });
    expect(managedRedisSkuInfo("FlashOptimized_A2000")).toMatchObject({ preview: true });
    const previews = MANAGED_REDIS_SKUS.filter((s) => managedRedisSkuInfo(s).preview);
    expect(previews).toEqual([
      "Balanced_B500", "Balanced_B700", "Balanced_B1000",
      "MemoryOptimized_M500", "MemoryOptimized_M700", "MemoryOptimized_M1000", "MemoryOptimized_M1500", "MemoryOptimized_M2000",
      "ComputeOptimized_X500", "ComputeOptimized_X700",
      "FlashOptimized_A2000", "FlashOptimized_A4500",
    ]);
  });

  test("every SKU synthesizes", () => {
    const { stack, rg } = testStack();
    MANAGED_REDIS_SKUS.forEach((sku, i) => new Redis(stack, `Cache${i}`, { resourceGroup: rg, sku, instance: `c${i}` }));
    expect(Object.values(resourcesOf(synthJson(stack), "azurerm_managed_redis")).map((r) => r.sku_name).sort()).toEqual([...MANAGED_REDIS_SKUS].sort());
  });
});

describe("Redis.grantDataAccess", () => {
  test("the database's default access policy, as an Incremental ARM template deployment in the cache's resource group after the cache", () => {
    const { stack, rg, build } = redisStack();
    const identity = new ManagedIdentity(stack, "Api", { resourceGroup: rg, instance: "api" });
    const redis = build();
    const grant = redis.grantDataAccess(identity);
    const json = synthJson(stack);
    const cacheId = onlyResourceId(json, "azurerm_managed_redis");
    const identityId = onlyResourceId(json, "azurerm_user_assigned_identity");
    const rgId = onlyResourceId(json, "azurerm_resource_group");
    const deployment = onlyResource(json, "azurerm_resource_group_template_deployment");
    expect(deployment).toMatchObject({
      name: `${redis.name}-DataAccess`,
      resource_group_name: `\${azurerm_resource_group.${rgId}.name}`,
      deployment_mode: "Incremental",
      depends_on: [`azurerm_managed_redis.${cacheId}`],
      parameters_content: `\${jsonencode({"clusterName" = {"value" = "${redis.name}"}, "objectId" = {"value" = azurerm_user_assigned_identity.${identityId}.principal_id}})}`,
    });
    const template = JSON.parse(deployment.template_content as string);
    expect(template.resources).toEqual([
      {
        type: "Microsoft.Cache/redisEnterprise/databases/accessPolicyAssignments",
        apiVersion: "2025-07-01",
        name: "[format('{0}/default/{1}', parameters('clusterName'), replace(parameters('objectId'), '-', ''))]",
        properties: { accessPolicyName: "default", user: { objectId: "[parameters('objectId')]" } },
      },
    ]);
    expect(Object.keys(template.parameters)).toEqual(["clusterName", "objectId"]);
    expect(redis.dataAccessGrants).toEqual({ DataAccess: grant });
  });

  test("grants are deployed one at a time, each after the previous", () => {
    const { stack, build } = redisStack();
    const redis = build();
    redis.grantDataAccess(APP, "ApiAccess");
    redis.grantDataAccess({ principalId: "66666666-7777-8888-9999-000000000000", principalType: "Group" }, "OpsAccess");
    const deployments = resourcesOf(synthJson(stack), "azurerm_resource_group_template_deployment");
    const api = Object.keys(deployments).find((k) => k.includes("ApiAccess")) as string;
    const ops = Object.values(deployments).find((d) => String(d.name).endsWith("-OpsAccess"));
    expect(ops?.depends_on).toEqual([`azurerm_resource_group_template_deployment.${api}`]);
    expect(Object.keys(redis.dataAccessGrants)).toEqual(["ApiAccess", "OpsAccess"]);
  });

  test("a deployment name that would pass 64 characters is shortened with a hash", () => {
    const { stack, build } = redisStack();
    const redis = build({ name: "c".repeat(40) });
    redis.grantDataAccess(APP, "TheBackendApiManagedIdentityAccess");
    const name = String(onlyResource(synthJson(stack), "azurerm_resource_group_template_deployment").name);
    expect(name).toHaveLength(64);
    expect(name).toMatch(/^c{40}-TheBackendApiM-[0-9a-f]{8}$/);
  });
});

describe("Redis.fromId (an existing Managed Redis cache)", () => {
  const ID = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-shared/providers/Microsoft.Cache/redisEnterprise/redis-shared";

  test("name and resource group come from the id; the host name from the location, without a data source", () => {
    const { stack } = redisStack();
    const cache = Redis.fromId(stack, "Shared", { managedRedisId: ID, location: "westeurope" });
    expect(cache.name).toBe("redis-shared");
    expect(cache.hostName).toBe("redis-shared.westeurope.redis.azure.net");
    expect(cache.port).toBe(10000);
    cache.grantDataAccess(APP);
    const json = synthJson(stack);
    expect(onlyResource(json, "azurerm_resource_group_template_deployment")).toMatchObject({
      name: "redis-shared-DataAccess",
      resource_group_name: "rg-shared",
      parameters_content: `\${jsonencode({"clusterName" = {"value" = "redis-shared"}, "objectId" = {"value" = "${APP.principalId}"}})}`,
    });
    expect(onlyResource(json, "azurerm_resource_group_template_deployment").depends_on).toBeUndefined();
    expect(json.data).toBeUndefined();
  });

  test("without a location, the host name comes from a data source", () => {
    const { stack } = redisStack();
    const cache = Redis.fromId(stack, "Shared", { managedRedisId: ID });
    expect(rendered(stack, cache.hostName)).toMatch(/^\$\{data\.azurerm_managed_redis\.Shared_Lookup_[0-9A-F]{8}\.hostname\}$/);
    expect(Object.values(synthJson(stack).data?.azurerm_managed_redis ?? {})).toEqual([{ name: "redis-shared", resource_group_name: "rg-shared" }]);
  });

  test("an id of another resource type, a region that is not an ARM name, and a cache in another subscription", () => {
    const { stack } = redisStack();
    expectValidationError(
      () => Redis.fromId(stack, "Wrong", { managedRedisId: "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Cache/redis/old" }),
      'test/Wrong: managedRedisId "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Cache/redis/old" is not the id of a Managed Redis cache: it is the id of a Microsoft.Cache/redis resource (expected /subscriptions/<subscription id>/resourceGroups/<resource group>/providers/Microsoft.Cache/redisEnterprise/<cache>)',
    );
    expectValidationError(() => Redis.fromId(stack, "Region", { managedRedisId: ID, location: "West Europe" }), 'test/Region: location "West Europe" is not a known Azure region; did you mean "westeurope"? (use the ARM name, e.g. eastus2)');
    const other = Redis.fromId(stack, "Other", { managedRedisId: ID.replace("00000000-0000-0000-0000-000000000000", "99999999-9999-9999-9999-999999999999"), location: "westeurope" });
    expectValidationError(
      () => other.grantDataAccess(APP),
      "test/Other: Managed Redis cache \"redis-shared\" is in subscription 99999999-9999-9999-9999-999999999999, and grantDataAccess deploys into the stack's subscription 00000000-0000-0000-0000-000000000000; grant access from a stack in the cache's subscription",
    );
  });
});

describe("Redis.fromCacheId (an existing Azure Cache for Redis)", () => {
  const ID = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-legacy/providers/Microsoft.Cache/Redis/augeo-cache";

  test("host name and TLS port; grants are access policy assignments (Data Contributor by default)", () => {
    const { stack } = redisStack();
    const cache = Redis.fromCacheId(stack, "Legacy", { cacheId: ID });
    expect(cache.name).toBe("augeo-cache");
    expect(cache.hostName).toBe("augeo-cache.redis.cache.windows.net");
    expect(cache.port).toBe(6380);
    cache.grantDataAccess(APP);
    expect(onlyResource(synthJson(stack), "azurerm_redis_cache_access_policy_assignment")).toEqual({
      name: APP.principalId,
      redis_cache_id: ID,
      access_policy_name: "Data Contributor",
      object_id: APP.principalId,
      object_id_alias: APP.principalId,
    });
  });

  test("another built-in access policy; an unknown one and a wrong id are refused", () => {
    const { stack } = redisStack();
    Redis.fromCacheId(stack, "Reader", { cacheId: ID, accessPolicy: "Data Reader" }).grantDataAccess(APP);
    expect(onlyResource(synthJson(stack), "azurerm_redis_cache_access_policy_assignment").access_policy_name).toBe("Data Reader");
    expectValidationError(
      () => Redis.fromCacheId(stack, "Bad", { cacheId: ID, accessPolicy: "Owner" as never }),
      'test/Bad: accessPolicy "Owner" is not allowed (allowed: Data Owner, Data Contributor, Data Reader)',
    );
    expectValidationError(
      () => Redis.fromCacheId(stack, "Wrong", { cacheId: "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Cache/redisEnterprise/new" }),
      'test/Wrong: cacheId "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Cache/redisEnterprise/new" is not the id of a Redis cache (Azure Cache for Redis): it is the id of a Microsoft.Cache/redisEnterprise resource (expected /subscriptions/<subscription id>/resourceGroups/<resource group>/providers/Microsoft.Cache/redis/<cache>)',
    );
  });
});
