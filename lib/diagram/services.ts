/**
 * Azure service names for the Terraform resource types a diagram draws as nodes: what a reader
 * knows the service as ("Key Vault", "Azure Managed Redis"), not `azurerm_key_vault`. A type
 * missing here is drawn with a generic label made from its type name (`genericServiceName`).
 */
export const SERVICE_NAMES: Readonly<Record<string, string>> = {
  azurerm_api_management: "API Management",
  azurerm_application_insights: "Application Insights",
  azurerm_bastion_host: "Azure Bastion",
  azurerm_cdn_frontdoor_profile: "Azure Front Door",
  azurerm_cognitive_account: "Azure AI services",
  azurerm_communication_service: "Communication Services",
  azurerm_container_app: "Container App",
  azurerm_container_app_environment: "Container Apps environment",
  azurerm_container_registry: "Container Registry",
  azurerm_cosmosdb_account: "Azure Cosmos DB",
  azurerm_cosmosdb_postgresql_cluster: "Azure Cosmos DB for PostgreSQL",
  azurerm_dns_zone: "DNS zone",
  azurerm_email_communication_service: "Email Communication Services",
  azurerm_eventhub_namespace: "Event Hubs",
  azurerm_firewall: "Azure Firewall",
  azurerm_firewall_policy: "Firewall policy",
  azurerm_function_app_flex_consumption: "Function App (Flex Consumption)",
  azurerm_key_vault: "Key Vault",
  azurerm_kubernetes_cluster: "Azure Kubernetes Service",
  azurerm_linux_function_app: "Function App",
  azurerm_linux_virtual_machine: "Virtual machine",
  azurerm_linux_web_app: "App Service",
  azurerm_log_analytics_workspace: "Log Analytics workspace",
  azurerm_managed_redis: "Azure Managed Redis",
  azurerm_monitor_action_group: "Action group",
  azurerm_monitor_data_collection_endpoint: "Data collection endpoint",
  azurerm_monitor_data_collection_rule: "Data collection rule",
  azurerm_mongo_cluster: "Azure DocumentDB (MongoDB vCore)",
  azurerm_mssql_database: "Azure SQL Database",
  azurerm_mssql_server: "Azure SQL logical server",
  azurerm_nat_gateway: "NAT gateway",
  azurerm_network_interface: "Network interface",
  azurerm_network_security_group: "Network security group",
  azurerm_postgresql_flexible_server: "Azure Database for PostgreSQL flexible server",
  azurerm_private_dns_zone: "Private DNS zone",
  azurerm_private_endpoint: "Private endpoint",
  azurerm_public_ip: "Public IP address",
  azurerm_redis_cache: "Azure Cache for Redis",
  azurerm_route_table: "Route table",
  azurerm_search_service: "Azure AI Search",
  azurerm_service_plan: "App Service plan",
  azurerm_servicebus_namespace: "Service Bus",
  azurerm_static_web_app: "Static Web Apps",
  azurerm_storage_account: "Storage account",
  azurerm_user_assigned_identity: "Managed identity",
  azurerm_windows_function_app: "Function App",
  azurerm_windows_virtual_machine: "Virtual machine",
  azurerm_windows_web_app: "App Service",
  // Budgets have no resource to fold into when they watch a whole subscription.
  azurerm_consumption_budget_subscription: "Cost budget (subscription)",
};

/** Node shapes: data stores are drawn as cylinders. */
export const DATA_STORES: ReadonlySet<string> = new Set([
  "azurerm_cosmosdb_account",
  "azurerm_cosmosdb_postgresql_cluster",
  "azurerm_managed_redis",
  "azurerm_mongo_cluster",
  "azurerm_mssql_database",
  "azurerm_mssql_server",
  "azurerm_postgresql_flexible_server",
  "azurerm_redis_cache",
  "azurerm_storage_account",
]);

/** `azurerm_foo_bar` → `Foo bar`: the label of a type the table does not know. */
export function genericServiceName(type: string): string {
  const words = type.replace(/^(azurerm|azuread|azapi|random|tls)_/, "").split("_");
  const text = words.join(" ");
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * The service name of a resource: the table's, refined where one Terraform type covers several
 * services (a Cognitive Services account of kind OpenAI is Azure OpenAI; a Cosmos DB account's API).
 */
export function serviceName(type: string, body: Readonly<Record<string, unknown>>): string {
  if (type === "azurerm_cognitive_account") {
    const kind = typeof body.kind === "string" ? body.kind : "";
    if (kind === "OpenAI") return "Azure OpenAI";
    if (kind === "AIServices") return "Azure AI Foundry";
  }
  if (type === "azurerm_cosmosdb_account") {
    if (body.kind === "MongoDB") return "Azure Cosmos DB for MongoDB";
    return "Azure Cosmos DB for NoSQL";
  }
  return SERVICE_NAMES[type] ?? genericServiceName(type);
}
