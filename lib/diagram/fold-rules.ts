/**
 * Which resources a diagram folds into another node instead of drawing them: the noise of an
 * architecture (role assignments, locks, DNS records, child resources). Every managed resource
 * of a stack is either a node, a group (resource group, virtual network, subnet) or folded into
 * exactly one node or group by one of these rules; a type without a rule is a node of its own.
 *
 * A rule names where the resource goes:
 * - `via`: the attributes whose reference (or, for `{ path, type }`, literal name of a resource of
 *   that type) names the resource it belongs to, tried in order;
 * - `usedBy`: the resources that reference it through these attributes, tried in order: it folds
 *   into theirs when they are all one node (`pick: "unique"`, the default), or into the first
 *   (`pick: "first"`, sorted by address), such as a generated password into the server it is for.
 * When no attribute resolves (a reference to something outside the stack), the resource stays a
 * node of its own.
 */
export interface FoldRule {
  /** The resource as a noun in its node's summary: `secret`, `role assignment`. */
  readonly noun: string;
  /** @default - the noun with an "s" */
  readonly plural?: string;
  /** Where it goes, in words, for the README's table. */
  readonly into: string;
  readonly via?: readonly (string | { readonly path: string; readonly type: string })[];
  readonly usedBy?: readonly string[];
  /** @default "unique" */
  readonly pick?: "unique" | "first";
}

const rule = (noun: string, into: string, via: FoldRule["via"], plural?: string): FoldRule => ({ noun, into, via, plural });
const apim = (noun: string, plural?: string): FoldRule =>
  rule(noun, "its API Management", ["api_management_id", { path: "api_management_name", type: "azurerm_api_management" }, "api_id", "api_management_logger_id"], plural);
const frontDoor = (noun: string, via: FoldRule["via"], plural?: string): FoldRule => rule(noun, "its Front Door profile", via, plural);

export const FOLD_RULES: Readonly<Record<string, FoldRule>> = {
  // Access and protection: they belong to what they protect or grant access to.
  azurerm_role_assignment: rule("role assignment", "its scope (else its principal); drawn as an edge principal → scope", ["scope", "principal_id"]),
  azurerm_role_definition: rule("custom role", "its scope", ["scope"]),
  azurerm_management_lock: rule("lock", "the resource it locks", ["scope"]),
  azurerm_monitor_diagnostic_setting: rule("diagnostic setting", "the resource it reads; drawn as one edge per resource group to the workspace", ["target_resource_id"]),
  azurerm_cosmosdb_sql_role_assignment: rule("data-plane role assignment", "its Cosmos DB account; drawn as an edge principal → account", ["account_name", "scope"]),
  azurerm_cosmosdb_sql_role_definition: rule("data-plane role", "its Cosmos DB account", ["account_name"]),
  azurerm_mongo_cluster_user: rule("database user", "its cluster; drawn as an edge principal → cluster", ["mongo_cluster_id"]),
  azurerm_redis_cache_access_policy_assignment: rule("access policy assignment", "its cache; drawn as an edge principal → cache", ["redis_cache_id"]),
  azurerm_resource_group_template_deployment: rule("ARM template deployment", "the resource it depends on (e.g. a Redis access policy assignment)", ["depends_on"]),
  azurerm_federated_identity_credential: rule("federated credential", "its managed identity", ["parent_id"]),
  azurerm_user_assigned_identity: { noun: "managed identity", plural: "managed identities", into: "the one resource that uses it (else a node of its own)", usedBy: ["identity.identity_ids"] },
  random_password: { noun: "generated password", into: "the server it is the password of, else the secret that stores it", usedBy: ["administrator_password", "administrator_login_password", "admin_password", "value"], pick: "first" },
  tls_private_key: { noun: "generated key pair", into: "the virtual machine it signs in to, else the secret that stores it", usedBy: ["admin_ssh_key.public_key", "value"], pick: "first" },
  // Networking.
  azurerm_private_dns_zone: { noun: "private DNS zone", into: "the virtual network it is linked to (else a node of its own)", usedBy: ["private_dns_zone_name"] },
  azurerm_private_dns_zone_virtual_network_link: rule("private DNS zone link", "the virtual network it links", ["virtual_network_id"]),
  azurerm_private_dns_a_record: rule("private DNS record", "its zone", [{ path: "zone_name", type: "azurerm_private_dns_zone" }]),
  azurerm_network_security_group: { noun: "NSG", into: "the subnet or network interface it is associated with (else a node of its own)", usedBy: ["network_security_group_id"] },
  azurerm_network_security_rule: rule("NSG rule", "its network security group", [{ path: "network_security_group_name", type: "azurerm_network_security_group" }]),
  azurerm_subnet_network_security_group_association: rule("NSG association", "its subnet", ["subnet_id"]),
  azurerm_network_interface_security_group_association: rule("NSG association", "its network interface", ["network_interface_id"]),
  azurerm_route_table: { noun: "route table", into: "the subnet it is associated with (else a node of its own)", usedBy: ["route_table_id"] },
  azurerm_subnet_route_table_association: rule("route table association", "its subnet", ["subnet_id"]),
  azurerm_network_interface: { noun: "network interface", into: "its virtual machine", usedBy: ["network_interface_ids"] },
  azurerm_public_ip: { noun: "public IP address", plural: "public IP addresses", into: "the Bastion, firewall or gateway that uses it", usedBy: ["ip_configuration.public_ip_address_id", "public_ip_address_id"] },
  azurerm_firewall_policy: { noun: "firewall policy", plural: "firewall policies", into: "its firewall", usedBy: ["firewall_policy_id"] },
  azurerm_firewall_policy_rule_collection_group: rule("rule collection group", "its firewall policy", ["firewall_policy_id"]),
  azurerm_dns_a_record: rule("DNS record", "its DNS zone", [{ path: "zone_name", type: "azurerm_dns_zone" }]),
  azurerm_dns_caa_record: rule("DNS record", "its DNS zone", [{ path: "zone_name", type: "azurerm_dns_zone" }]),
  azurerm_dns_cname_record: rule("DNS record", "its DNS zone", [{ path: "zone_name", type: "azurerm_dns_zone" }]),
  azurerm_dns_mx_record: rule("DNS record", "its DNS zone", [{ path: "zone_name", type: "azurerm_dns_zone" }]),
  azurerm_dns_txt_record: rule("DNS record", "its DNS zone", [{ path: "zone_name", type: "azurerm_dns_zone" }]),
  // Compute and web.
  azurerm_linux_web_app_slot: rule("deployment slot", "its app", ["app_service_id"]),
  azurerm_windows_web_app_slot: rule("deployment slot", "its app", ["app_service_id"]),
  azurerm_linux_function_app_slot: rule("deployment slot", "its app", ["function_app_id"]),
  azurerm_service_plan: { noun: "App Service plan", into: "its app when it hosts one (else a node of its own, with a \"runs on\" edge from each app)", usedBy: ["service_plan_id"] },
  azurerm_monitor_autoscale_setting: rule("autoscale setting", "what it scales", ["target_resource_id"]),
  azurerm_app_service_custom_hostname_binding: rule("custom domain", "its app", [{ path: "app_service_name", type: "azurerm_linux_web_app" }]),
  azurerm_app_service_managed_certificate: rule("managed certificate", "its custom domain's app", ["custom_hostname_binding_id"]),
  azurerm_app_service_certificate_binding: rule("certificate binding", "its custom domain's app", ["hostname_binding_id"]),
  azurerm_static_web_app_custom_domain: rule("custom domain", "its static web app", ["static_web_app_id"]),
  azurerm_virtual_machine_extension: rule("VM extension", "its virtual machine", ["virtual_machine_id"]),
  azurerm_dev_test_global_vm_shutdown_schedule: rule("shutdown schedule", "its virtual machine", ["virtual_machine_id"]),
  azurerm_kubernetes_cluster_node_pool: rule("node pool", "its cluster", ["kubernetes_cluster_id"]),
  azurerm_kubernetes_cluster_extension: rule("cluster extension", "its cluster", ["cluster_id"]),
  azurerm_kubernetes_flux_configuration: rule("Flux configuration", "its cluster", ["cluster_id"]),
  // Data.
  azurerm_key_vault_secret: rule("secret", "its vault", ["key_vault_id"]),
  azurerm_key_vault_key: rule("key", "its vault", ["key_vault_id"]),
  azurerm_key_vault_certificate: rule("certificate", "its vault", ["key_vault_id"]),
  azurerm_key_vault_access_policy: rule("access policy", "its vault", ["key_vault_id"], "access policies"),
  azurerm_storage_container: rule("container", "its storage account", ["storage_account_id", { path: "storage_account_name", type: "azurerm_storage_account" }]),
  azurerm_storage_queue: rule("queue", "its storage account", ["storage_account_id", { path: "storage_account_name", type: "azurerm_storage_account" }]),
  azurerm_storage_share: rule("file share", "its storage account", ["storage_account_id", { path: "storage_account_name", type: "azurerm_storage_account" }]),
  azurerm_storage_table: rule("table", "its storage account", ["storage_account_id", { path: "storage_account_name", type: "azurerm_storage_account" }]),
  azurerm_storage_management_policy: rule("lifecycle policy", "its storage account", ["storage_account_id"], "lifecycle policies"),
  azurerm_cosmosdb_sql_database: rule("database", "its Cosmos DB account", [{ path: "account_name", type: "azurerm_cosmosdb_account" }]),
  azurerm_cosmosdb_sql_container: rule("container", "its Cosmos DB account", [{ path: "account_name", type: "azurerm_cosmosdb_account" }]),
  azurerm_cosmosdb_mongo_database: rule("database", "its Cosmos DB account", [{ path: "account_name", type: "azurerm_cosmosdb_account" }]),
  azurerm_cosmosdb_mongo_collection: rule("collection", "its Cosmos DB account", [{ path: "account_name", type: "azurerm_cosmosdb_account" }]),
  azurerm_cosmosdb_postgresql_firewall_rule: rule("firewall rule", "its cluster", ["cluster_id"]),
  azurerm_mongo_cluster_firewall_rule: rule("firewall rule", "its cluster", ["mongo_cluster_id"]),
  azurerm_postgresql_flexible_server_database: rule("database", "its server", ["server_id"]),
  azurerm_postgresql_flexible_server_configuration: rule("server parameter", "its server", ["server_id"]),
  azurerm_postgresql_flexible_server_firewall_rule: rule("firewall rule", "its server", ["server_id"]),
  azurerm_postgresql_flexible_server_active_directory_administrator: rule("Entra ID administrator", "its server", ["server_id"]),
  azurerm_mssql_database: rule("database", "its logical server", ["server_id"]),
  azurerm_mssql_failover_group: rule("failover group", "its primary server", ["server_id"]),
  azurerm_mssql_server_extended_auditing_policy: rule("auditing policy", "its server", ["server_id"], "auditing policies"),
  azurerm_mssql_outbound_firewall_rule: rule("outbound firewall rule", "its server", ["server_id"]),
  azurerm_mssql_firewall_rule: rule("firewall rule", "its server", ["server_id"]),
  azurerm_servicebus_queue: rule("queue", "its namespace", ["namespace_id"]),
  azurerm_servicebus_topic: rule("topic", "its namespace", ["namespace_id"]),
  azurerm_servicebus_subscription: rule("subscription", "its topic's namespace", ["topic_id"]),
  azurerm_eventhub: rule("event hub", "its namespace", ["namespace_id", { path: "namespace_name", type: "azurerm_eventhub_namespace" }]),
  azurerm_eventhub_consumer_group: rule("consumer group", "its event hub's namespace", [{ path: "namespace_name", type: "azurerm_eventhub_namespace" }]),
  // AI.
  azurerm_cognitive_deployment: rule("model deployment", "its AI services account", ["cognitive_account_id"]),
  azurerm_cognitive_account_rai_policy: rule("content filter", "its AI services account", ["cognitive_account_id"]),
  azurerm_search_shared_private_link_service: rule("shared private link", "its search service; drawn as an edge search → target", ["search_service_id"]),
  // Integration and edge.
  azurerm_api_management_api: apim("API"),
  azurerm_api_management_api_policy: apim("API policy", "API policies"),
  azurerm_api_management_api_operation: apim("API operation"),
  azurerm_api_management_backend: apim("backend"),
  azurerm_api_management_diagnostic: apim("diagnostic"),
  azurerm_api_management_logger: apim("logger"),
  azurerm_api_management_named_value: apim("named value"),
  azurerm_api_management_policy: apim("policy", "policies"),
  azurerm_api_management_product: apim("product"),
  azurerm_cdn_frontdoor_endpoint: frontDoor("endpoint", ["cdn_frontdoor_profile_id"]),
  azurerm_cdn_frontdoor_origin_group: frontDoor("origin group", ["cdn_frontdoor_profile_id"]),
  azurerm_cdn_frontdoor_origin: frontDoor("origin", ["cdn_frontdoor_origin_group_id"]),
  azurerm_cdn_frontdoor_route: frontDoor("route", ["cdn_frontdoor_endpoint_id", "cdn_frontdoor_origin_group_id"]),
  azurerm_cdn_frontdoor_rule_set: frontDoor("rule set", ["cdn_frontdoor_profile_id"]),
  azurerm_cdn_frontdoor_rule: frontDoor("rule", ["cdn_frontdoor_rule_set_id"]),
  azurerm_cdn_frontdoor_security_policy: frontDoor("security policy", ["cdn_frontdoor_profile_id"], "security policies"),
  azurerm_cdn_frontdoor_custom_domain: frontDoor("custom domain", ["cdn_frontdoor_profile_id"]),
  azurerm_cdn_frontdoor_custom_domain_association: frontDoor("custom domain association", ["cdn_frontdoor_custom_domain_id"]),
  azurerm_cdn_frontdoor_firewall_policy: { noun: "WAF policy", plural: "WAF policies", into: "the Front Door profile whose security policy uses it", usedBy: ["security_policies.firewall.cdn_frontdoor_firewall_policy_id"] },
  azurerm_email_communication_service_domain: rule("email domain", "its Email Communication Service", ["email_service_id"]),
  azurerm_email_communication_service_domain_sender_username: rule("sender address", "its email domain's service", ["email_service_domain_id"], "sender addresses"),
  azurerm_communication_service_email_domain_association: rule("email domain link", "its Communication Service", ["communication_service_id"]),
  // Observability.
  azurerm_application_insights_standard_web_test: rule("availability test", "its Application Insights", ["application_insights_id"]),
  azurerm_monitor_metric_alert: rule("metric alert", "the first resource it watches", ["scopes"]),
  azurerm_monitor_activity_log_alert: rule("activity log alert", "the first resource it watches (else its scope)", ["criteria.resource_ids", "scopes"]),
  azurerm_monitor_scheduled_query_rules_alert_v2: rule("log alert", "the first resource it queries", ["scopes"]),
  azurerm_monitor_data_collection_rule_association: rule("data collection rule association", "the resource it collects from", ["target_resource_id"]),
  azurerm_monitor_data_collection_rule: { noun: "data collection rule", into: "the resource it collects from (through its association)", usedBy: ["data_collection_rule_id"] },
  azurerm_monitor_data_collection_endpoint: { noun: "data collection endpoint", into: "its data collection rule's resource", usedBy: ["data_collection_endpoint_id"] },
  azurerm_consumption_budget_resource_group: rule("budget", "its resource group", ["resource_group_id"]),
};
