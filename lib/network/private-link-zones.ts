/**
 * Private DNS zone of each Private Link service and sub-resource, in Azure's public cloud.
 *
 * Source: Microsoft Learn, "Azure Private Endpoint private DNS zone values"
 * (learn.microsoft.com/azure/private-link/private-endpoint-dns), read 2026-11. Keys are
 * `<service>/<sub-resource>`; the sub-resource is the `groupId` the endpoint connects to.
 * __tests__/lib/network/private-link-zones.test.ts pins every entry against that page.
 */
export const PRIVATE_LINK_ZONES = {
  "storage/blob": "privatelink.blob.core.windows.net",
  "storage/dfs": "privatelink.dfs.core.windows.net",
  "storage/file": "privatelink.file.core.windows.net",
  "storage/queue": "privatelink.queue.core.windows.net",
  "storage/table": "privatelink.table.core.windows.net",
  "storage/web": "privatelink.web.core.windows.net",
  "keyVault/vault": "privatelink.vaultcore.azure.net",
  "webApp/sites": "privatelink.azurewebsites.net",
  "cosmosPostgres/coordinator": "privatelink.postgres.cosmos.azure.com",
  "mongoCluster/MongoCluster": "privatelink.mongocluster.cosmos.azure.com",
  "cosmosDb/Sql": "privatelink.documents.azure.com",
  "cosmosDb/MongoDB": "privatelink.mongo.cosmos.azure.com",
  "postgresFlexible/postgresqlServer": "privatelink.postgres.database.azure.com",
  "sqlServer/sqlServer": "privatelink.database.windows.net",
  "redis/redisCache": "privatelink.redis.cache.windows.net",
  "managedRedis/redisEnterprise": "privatelink.redis.azure.net",
  "openAi/account": "privatelink.openai.azure.com",
  "cognitiveServices/account": "privatelink.cognitiveservices.azure.com",
  "search/searchService": "privatelink.search.windows.net",
  "containerRegistry/registry": "privatelink.azurecr.io",
  "serviceBus/namespace": "privatelink.servicebus.windows.net",
  "eventHub/namespace": "privatelink.servicebus.windows.net",
  "appConfiguration/configurationStores": "privatelink.azconfig.io",
  // ApiManagement (lib/integration/api-management.ts): only the gateway takes inbound private endpoints.
  "apiManagement/Gateway": "privatelink.azure-api.net",
} as const;

/** A Private Link target: service and sub-resource, e.g. `storage/blob`. */
export type PrivateLinkTarget = keyof typeof PRIVATE_LINK_ZONES;

/** The sub-resource (`groupId`) of a target: `storage/blob` → `blob`. */
export function subresourceOf(target: PrivateLinkTarget): string {
  return target.slice(target.indexOf("/") + 1);
}
