/**
 * Resource types that hold data or identity a replacement or deletion loses: a database's rows, a
 * storage account's blobs, a vault's keys and secrets, a registry's images, a namespace's messages,
 * a DNS zone's delegation (new name servers). The plan review flags these when Terraform plans to
 * replace or delete them, and `blueprints plan-summary` exits non-zero for them unless
 * `--accept-replace` is given.
 *
 * Each entry names the type's category, shown in the review (`stateful: database`).
 */
export const STATEFUL_RESOURCE_TYPES: Readonly<Record<string, string>> = {
  // Databases
  azurerm_postgresql_flexible_server: "database",
  azurerm_postgresql_flexible_server_database: "database",
  azurerm_postgresql_server: "database",
  azurerm_postgresql_database: "database",
  azurerm_mssql_server: "database",
  azurerm_mssql_database: "database",
  azurerm_mssql_managed_instance: "database",
  azurerm_mssql_managed_database: "database",
  azurerm_mysql_flexible_server: "database",
  azurerm_mysql_flexible_database: "database",
  azurerm_mongo_cluster: "database",
  azurerm_cosmosdb_postgresql_cluster: "database",
  azurerm_kusto_cluster: "database",
  azurerm_kusto_database: "database",
  // Cosmos DB
  azurerm_cosmosdb_account: "Cosmos DB",
  azurerm_cosmosdb_sql_database: "Cosmos DB",
  azurerm_cosmosdb_sql_container: "Cosmos DB",
  azurerm_cosmosdb_mongo_database: "Cosmos DB",
  azurerm_cosmosdb_mongo_collection: "Cosmos DB",
  azurerm_cosmosdb_cassandra_keyspace: "Cosmos DB",
  azurerm_cosmosdb_gremlin_database: "Cosmos DB",
  azurerm_cosmosdb_table: "Cosmos DB",
  // Storage
  azurerm_storage_account: "storage",
  azurerm_storage_container: "storage",
  azurerm_storage_share: "storage",
  azurerm_storage_queue: "storage",
  azurerm_storage_table: "storage",
  azurerm_storage_blob: "storage",
  azurerm_storage_data_lake_gen2_filesystem: "storage",
  azurerm_managed_disk: "storage",
  azurerm_netapp_volume: "storage",
  // Secrets and keys
  azurerm_key_vault: "key vault",
  azurerm_key_vault_key: "key vault",
  azurerm_key_vault_secret: "key vault",
  azurerm_key_vault_certificate: "key vault",
  azurerm_key_vault_managed_hardware_security_module: "key vault",
  // Caches
  azurerm_redis_cache: "cache",
  azurerm_redis_enterprise_cluster: "cache",
  azurerm_redis_enterprise_database: "cache",
  azurerm_managed_redis: "cache",
  // Registries
  azurerm_container_registry: "registry",
  // Messaging (messages in flight)
  azurerm_servicebus_namespace: "messaging",
  azurerm_servicebus_queue: "messaging",
  azurerm_servicebus_topic: "messaging",
  azurerm_servicebus_subscription: "messaging",
  azurerm_eventhub_namespace: "messaging",
  azurerm_eventhub: "messaging",
  // Search indexes, logs and backups
  azurerm_search_service: "search index",
  azurerm_log_analytics_workspace: "logs",
  azurerm_application_insights: "logs",
  azurerm_recovery_services_vault: "backups",
  azurerm_data_protection_backup_vault: "backups",
  // Identity and delegation others depend on
  azurerm_user_assigned_identity: "identity (new principal id: role assignments and federated credentials break)",
  azurerm_dns_zone: "DNS zone (new name servers: the delegation breaks)",
};

/** The category of a stateful resource type, or undefined for a type a replacement does not lose data of. */
export function statefulCategory(type: string): string | undefined {
  return Object.prototype.hasOwnProperty.call(STATEFUL_RESOURCE_TYPES, type) ? STATEFUL_RESOURCE_TYPES[type] : undefined;
}
