import { PRIVATE_LINK_ZONES, subresourceOf } from "../../../lib/network/private-link-zones";

/**
 * Microsoft's published list, "Azure Private Endpoint private DNS zone values"
 * (learn.microsoft.com/azure/private-link/private-endpoint-dns, Commercial cloud), as
 * (resource type, sub-resource) → zone, copied from the page independently of the table in
 * lib/network/private-link-zones.ts: changing a zone there means changing it here too.
 */
const PUBLISHED: Record<string, readonly [resourceType: string, subresource: string, zone: string]> = {
  "storage/blob": ["Microsoft.Storage/storageAccounts", "blob", "privatelink.blob.core.windows.net"],
  "storage/dfs": ["Microsoft.Storage/storageAccounts", "dfs", "privatelink.dfs.core.windows.net"],
  "storage/file": ["Microsoft.Storage/storageAccounts", "file", "privatelink.file.core.windows.net"],
  "storage/queue": ["Microsoft.Storage/storageAccounts", "queue", "privatelink.queue.core.windows.net"],
  "storage/table": ["Microsoft.Storage/storageAccounts", "table", "privatelink.table.core.windows.net"],
  "storage/web": ["Microsoft.Storage/storageAccounts", "web", "privatelink.web.core.windows.net"],
  "keyVault/vault": ["Microsoft.KeyVault/vaults", "vault", "privatelink.vaultcore.azure.net"],
  "webApp/sites": ["Microsoft.Web/sites", "sites", "privatelink.azurewebsites.net"],
  "cosmosPostgres/coordinator": ["Microsoft.DBforPostgreSQL/serverGroupsv2", "coordinator", "privatelink.postgres.cosmos.azure.com"],
  "mongoCluster/MongoCluster": ["Microsoft.DocumentDB/mongoClusters", "MongoCluster", "privatelink.mongocluster.cosmos.azure.com"],
  "cosmosDb/Sql": ["Microsoft.DocumentDB/databaseAccounts", "Sql", "privatelink.documents.azure.com"],
  "cosmosDb/MongoDB": ["Microsoft.DocumentDB/databaseAccounts", "MongoDB", "privatelink.mongo.cosmos.azure.com"],
  "postgresFlexible/postgresqlServer": ["Microsoft.DBforPostgreSQL/flexibleServers", "postgresqlServer", "privatelink.postgres.database.azure.com"],
  "sqlServer/sqlServer": ["Microsoft.Sql/servers", "sqlServer", "privatelink.database.windows.net"],
  "redis/redisCache": ["Microsoft.Cache/Redis", "redisCache", "privatelink.redis.cache.windows.net"],
  "managedRedis/redisEnterprise": ["Microsoft.Cache/RedisEnterprise (Azure Managed Redis)", "redisEnterprise", "privatelink.redis.azure.net"],
  "openAi/account": ["Microsoft.CognitiveServices/accounts (kind OpenAI)", "account", "privatelink.openai.azure.com"],
  "cognitiveServices/account": ["Microsoft.CognitiveServices/accounts", "account", "privatelink.cognitiveservices.azure.com"],
  "search/searchService": ["Microsoft.Search/searchServices", "searchService", "privatelink.search.windows.net"],
  "containerRegistry/registry": ["Microsoft.ContainerRegistry/registries", "registry", "privatelink.azurecr.io"],
  "serviceBus/namespace": ["Microsoft.ServiceBus/namespaces", "namespace", "privatelink.servicebus.windows.net"],
  "eventHub/namespace": ["Microsoft.EventHub/namespaces", "namespace", "privatelink.servicebus.windows.net"],
  "appConfiguration/configurationStores": ["Microsoft.AppConfiguration/configurationStores", "configurationStores", "privatelink.azconfig.io"],
  // ApiManagement
  "apiManagement/Gateway": ["Microsoft.ApiManagement/service", "Gateway", "privatelink.azure-api.net"],
};

describe("private link zone table", () => {
  test("holds exactly the published (service, sub-resource) pairs", () => {
    expect(Object.keys(PRIVATE_LINK_ZONES).sort()).toEqual(Object.keys(PUBLISHED).sort());
  });

  test.each(Object.entries(PUBLISHED))("%s matches Microsoft's zone and sub-resource", (target, [, subresource, zone]) => {
    expect(PRIVATE_LINK_ZONES[target as keyof typeof PRIVATE_LINK_ZONES]).toBe(zone);
    expect(subresourceOf(target as keyof typeof PRIVATE_LINK_ZONES)).toBe(subresource);
  });
});
