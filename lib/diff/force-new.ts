/**
 * Arguments whose change makes the provider replace the resource (destroy, then create again). Most
 * rows come from the azurerm documentation's "Changing this forces a new resource to be created"
 * sentences: repo `hashicorp/terraform-provider-azurerm`, file `website/docs/r/<type>.html.markdown`,
 * at the commit each row names (the version that was read; it may be older than azurerm 4.55, so
 * only sentences that version states are listed, nothing inferred). Where the stored doc does not
 * mark the arguments, the row comes from the provider source the docs are generated from: schema
 * fields with `ForceNew: true` (azurerm, terraform-plugin-sdk) or attributes with a `RequiresReplace`
 * plan modifier (random, tls, terraform-plugin-framework); such a row names its repo and source file.
 *
 * Each entry lists argument paths: a top-level argument (`name`) or a nested one
 * (`default_database.clustering_policy`, a block's argument without list indexes). A changed
 * attribute at or under one of them forces a replacement. A type without a row is reported as
 * "replacement behaviour not in the table": `blueprints diff` never guesses.
 *
 * Coverage: the stateful types the shipped stacks emit (see `STATEFUL_RESOURCE_TYPES`) first;
 * README "Diffing a change offline" lists what is covered and what is not.
 */
export interface ForceNewRow {
  /** Argument paths whose change forces a new resource. */
  readonly arguments: readonly string[];
  /** The file the row was read from, a path in {@link ForceNewRow.repo}: the resource's doc page, or its schema source where the doc does not mark the arguments. */
  readonly doc: string;
  /**
   * The GitHub repository (`owner/name`) of {@link ForceNewRow.doc}.
   * @default "hashicorp/terraform-provider-azurerm"
   */
  readonly repo?: string;
  /** The commit of that file that was read. */
  readonly commit: string;
  /** Exceptions and details the documentation (or source) adds to the listed arguments, when any. */
  readonly note?: string;
  /** Changes the list cannot express that also force a new resource (a value change, a one-way switch), when any: shown on in-place verdicts. */
  readonly conditions?: string;
}

/** The repository rows come from unless they name another. */
export const AZURERM_REPO = "hashicorp/terraform-provider-azurerm";

const doc = (type: string) => `website/docs/r/${type.replace(/^azurerm_/, "")}.html.markdown`;

function row(type: string, commit: string, args: readonly string[], note?: string, conditions?: string): [string, ForceNewRow] {
  return [type, { arguments: args, doc: doc(type), commit, ...(note ? { note } : {}), ...(conditions ? { conditions } : {}) }];
}

/** A row read from a provider's schema source: `repo` (`owner/name`), `path` in it, and the commit read. */
function sourceRow(type: string, repo: string, path: string, commit: string, args: readonly string[], note?: string): [string, ForceNewRow] {
  return [type, { arguments: args, doc: path, ...(repo === AZURERM_REPO ? {} : { repo }), commit, ...(note ? { note } : {}) }];
}

/** Where a row comes from, for output: `<repo> <path>@<first 12 characters of the commit>`. */
export function rowSource(row: ForceNewRow): string {
  return `${row.repo ?? AZURERM_REPO} ${row.doc}@${row.commit.slice(0, 12)}`;
}

/** Force-new arguments by resource type. */
export const FORCE_NEW_ARGUMENTS: Readonly<Record<string, ForceNewRow>> = Object.fromEntries([
  // Stateful types (lib/review/stateful.ts) the shipped stacks emit.
  row("azurerm_storage_account", "00050b51fbaf2851ce7f265a9866f2e30a77fbca", [
    "name", "resource_group_name", "location", "account_kind", "account_tier", "is_hns_enabled",
    "queue_properties.logging", "queue_properties.hour_metrics.enabled", "queue_properties.hour_metrics.version", "queue_properties.hour_metrics.retention_policy_days",
    "queue_properties.minute_metrics.enabled", "queue_properties.minute_metrics.version", "queue_properties.minute_metrics.retention_policy_days",
  ], "account_kind from Storage to StorageV2 upgrades in place"),
  row("azurerm_storage_container", "046b215c0c6ffa6330fe8c0e8439dbc30bd2bf05", [
    "name", "storage_account_name", "storage_account_id", "default_encryption_scope", "encryption_scope_override_enabled",
  ], "migrating from storage_account_name to storage_account_id is supported without recreation"),
  row("azurerm_storage_queue", "3a0242807978f5edcbf8966018ff88719ccc0bf1", ["name", "storage_account_name"]),
  row("azurerm_user_assigned_identity", "14c4d1911c3c6f2d360ccff9d823b3de766711ab", ["name"]),
  row("azurerm_key_vault", "000eff94f646f445f7368f5d7e25b54e724e6963", ["name", "location", "resource_group_name"]),
  row("azurerm_key_vault_secret", "018f2cac7e5d431f84075fb74decd5fe148af423", ["name"]),
  row("azurerm_cosmosdb_sql_container", "0125d58605c13590b3e1c11abcd61c8dc989fad0", [
    "name", "resource_group_name", "account_name", "database_name", "partition_key_path", "unique_key",
  ], undefined, "adding throughput or autoscale_settings after creation needs a manual destroy-apply"),
  row("azurerm_servicebus_queue", "06f4d667cafc1bf3fc7b453d5aafdcdc5c9bc2bf", [
    "name", "namespace_name", "resource_group_name", "enable_partitioning", "requires_duplicate_detection", "requires_session",
  ]),
  row("azurerm_servicebus_namespace", "083745c2bded07eff1496fb5e663d7ed827412bc", ["name", "location"], "the doc version does not mark resource_group_name"),
  row("azurerm_application_insights", "00440d25f4fdc7ce447527d201d7191b9166c559", ["name", "location", "application_type"], "the doc version does not mark resource_group_name"),
  row("azurerm_log_analytics_workspace", "033fbf0ec8b2630e143ed4543191a7167f8c4071", ["name", "resource_group_name", "location", "sku"], "sku: except between PerGB2018 and CapacityReservation"),
  row("azurerm_postgresql_flexible_server", "015f68e50d6ee45407d9480785cf70c2098cca77", [
    "name", "resource_group_name", "location", "administrator_login", "customer_managed_key", "geo_redundant_backup_enabled", "create_mode",
    "delegated_subnet_id", "point_in_time_restore_time_in_utc", "source_server_id",
  ], "administrator_login: once specified; create_mode may change to Update (a major version upgrade) in place"),
  row("azurerm_postgresql_flexible_server_database", "03bcb6fea80bd9179ada3ffd94f686dfd13d3c14", ["name", "server_id", "charset", "collation"]),
  row("azurerm_managed_redis", "003ae81d2afb0c81df854144a8144a9d850a7d53", [
    "name", "resource_group_name", "location", "sku_name", "high_availability_enabled",
    "default_database.clustering_policy", "default_database.geo_replication_group_name", "default_database.module",
  ], "default_database changes recreate the database (data lost), not the instance"),
  row("azurerm_container_registry", "00588f6fb7adfc66eb08e3989962e635f571195c", ["name", "resource_group_name", "location"]),
  row("azurerm_mssql_server", "061d71c0580ff4ce672fb7d1fccfe7bc415db2ae", ["name", "resource_group_name", "location", "version", "administrator_login"]),
  row("azurerm_dns_zone", "04438422f96a9e949f2e1a7ca60d0474f3fcf91c", ["name", "resource_group_name"]),
  row("azurerm_search_service", "79b6516c583691e5ae129f766f45f84532e77672", ["location", "name", "resource_group_name", "sku"]),
  row("azurerm_cosmosdb_account", "01bcf16e235bbdf20707ac21a9e03f0fd1e12e6e", [
    "name", "resource_group_name", "location", "create_mode", "kind", "enable_free_tier", "key_vault_key_id", "restore",
  ], undefined, "backup.type from Continuous to Periodic; disabling analytical_storage_enabled once enabled"),
  row("azurerm_cosmosdb_sql_database", "075b14683fa28046cb7455c87c173c58bb5b8fa0", ["name", "resource_group_name", "account_name"], undefined, "adding throughput or autoscale_settings after creation needs a manual destroy-apply"),
  row("azurerm_cosmosdb_mongo_database", "033f40eb3a2627a28964a85eafc6910dd77149ae", ["name", "resource_group_name", "account_name"], undefined, "adding throughput or autoscale_settings after creation needs a manual destroy-apply"),
  row("azurerm_cosmosdb_mongo_collection", "0492f201720b3dc7b5e6363a8ab5b44af9271cfc", ["name", "resource_group_name", "database_name"]),
  row("azurerm_mongo_cluster", "097eb8a5223b45a4fbe3c891d1cce88258bd2cc5", [
    "name", "resource_group_name", "location", "administrator_username", "create_mode", "customer_managed_key", "preview_features", "restore",
    "shard_count", "source_location", "source_server_id", "storage_type",
  ], undefined, "adding or removing identity; disabling data_api_mode_enabled"),
  row("azurerm_mssql_database", "2598a62911c599278f06cf3fe9b57224e6bd3339", [
    "name", "server_id", "creation_source_database_id", "collation", "sku_name", "storage_account_type",
  ], "an older doc version: it lists sku_name as force-new; newer provider versions may change some SKUs in place"),
  row("azurerm_eventhub_namespace", "01d288d8eeee3dfe4e86a3b00a4753a78e369918", ["name", "resource_group_name", "location", "dedicated_cluster_id", "zone_redundant"], undefined, "sku changed to Premium"),
  row("azurerm_eventhub", "057c7cf3c7d88effcb72164c431ee153098095e3", ["name", "namespace_name", "resource_group_name", "partition_count"]),
  // The most common other types the shipped stacks emit.
  row("azurerm_role_assignment", "0238dbd7e300652f6a58a98b2eeaed3f31dd3cac", ["name", "scope", "role_definition_id", "principal_id"]),
  row("azurerm_network_security_rule", "083745c2bded07eff1496fb5e663d7ed827412bc", ["name", "resource_group_name", "network_security_group_name"]),
  row("azurerm_private_endpoint", "0045ff1637b1f246fb884f2a6f805b350e5696d3", [
    "name", "resource_group_name", "location", "subnet_id",
    "private_service_connection.name", "private_service_connection.is_manual_connection", "private_service_connection.private_connection_resource_id", "private_service_connection.subresource_names",
  ]),
  row("azurerm_monitor_diagnostic_setting", "02af0b631b03a6684b6c61a50206fe18534667f7", ["name", "target_resource_id", "eventhub_name", "eventhub_authorization_rule_id", "storage_account_id"]),
  row("azurerm_private_dns_zone_virtual_network_link", "04b98c56a71a32325a7a50ebcca1163eb96f79c2", ["name", "private_dns_zone_name", "resource_group_name", "virtual_network_id"]),
  row("azurerm_subnet", "0177a6ca6e8b84acc2d9d41d2bcfa3b7bd9bcc31", ["name", "resource_group_name", "virtual_network_name"]),
  row("azurerm_resource_group", "ed4e392d9747e8170c6fc0e32baf7945dfb13b57", ["location", "name"]),
  row("azurerm_monitor_metric_alert", "445d835581e0128cf732c7a5aa7fd01c05b84aae", ["name", "resource_group_name"]),
  row("azurerm_network_security_group", "00588f6fb7adfc66eb08e3989962e635f571195c", ["name", "resource_group_name", "location"]),
  row("azurerm_subnet_network_security_group_association", "06f4d667cafc1bf3fc7b453d5aafdcdc5c9bc2bf", ["network_security_group_id", "subnet_id"]),
  row("azurerm_management_lock", "18addb2f1af71b86ccca45c99a9acc9d4132ad28", ["name", "scope", "lock_level", "notes"]),
  row("azurerm_monitor_scheduled_query_rules_alert_v2", "0a296f60ee0be649a4f7688b6a5a8f76114a9a87", ["name", "resource_group_name", "location", "scopes"]),
  row("azurerm_federated_identity_credential", "2bd3da749a8d83a95d942bd9f8ae94459a973a25", [
    "location", "name", "resource_group_name", "audience", "issuer", "parent_id", "subject",
  ]),
  row("azurerm_resource_group_template_deployment", "04b98c56a71a32325a7a50ebcca1163eb96f79c2", ["name", "resource_group_name"]),
  row("azurerm_virtual_network", "0021d1ef5f428833426dd0723aebc74b75152068", ["name", "resource_group_name", "location", "edge_zone"]),
  row("azurerm_linux_web_app", "029cf9317861e2661f9659c68782cff7d6d2b18c", ["location", "name", "resource_group_name"]),
  row("azurerm_monitor_action_group", "c8b498e7de4db3232cd7fe323450f4e753e7eddf", ["name"], "the doc version does not mark resource_group_name"),
  row("azurerm_service_plan", "0102f942bf0f9a1d26fef87d7894d4635aec1149", ["name", "location", "os_type", "resource_group_name"], undefined,
    "zone_balancing_enabled: enabling it forces a new plan unless the SKU is Consumption, Premium, Isolated or Workflow, worker_count is above 1 and the plan supports more than one availability zone (disabling it is in place)"),
  row("azurerm_cdn_frontdoor_rule", "00cf81ed06aaa02862fbf8b06848d6173b3d6ae4", ["name", "cdn_frontdoor_rule_set_id"]),
  row("azurerm_cognitive_deployment", "0100768b4bc35c267a67177056595df1e7a83338", [
    "name", "cognitive_account_id", "model", "sku.tier", "sku.size", "sku.family",
  ], "model: the doc marks the whole block; inside it, format and name are marked and version is not"),
  row("azurerm_monitor_activity_log_alert", "08eaeaba0c54730f8f9f640f2743c0b2b90a3c1e", ["name", "resource_group_name", "location"]),
  row("azurerm_cdn_frontdoor_origin", "01dd790f2def4f4b31c04353f025d9186706f7bd", ["name", "cdn_frontdoor_origin_group_id", "private_link.location"]),
  row("azurerm_consumption_budget_resource_group", "081874f218058feb8553cd60aa0c4a21b326eff3", ["name", "resource_group_id", "time_grain", "time_period.start_date"]),
  row("azurerm_dns_cname_record", "0a830d4090cbb35bfe22f18df94eae5e9897a4d4", ["name", "resource_group_name", "zone_name"]),
  row("azurerm_cdn_frontdoor_origin_group", "08e1d1b4718d6824def924c8ab668a7fadd571ae", ["name", "cdn_frontdoor_profile_id"]),
  row("azurerm_cdn_frontdoor_route", "0c13faf750f7f4a72a9e148003415d2fc8f296eb", ["name", "cdn_frontdoor_endpoint_id"]),
  row("azurerm_monitor_data_collection_rule_association", "01a2dac8e7b8cb9df1aba7c7e9f4ff881b65f3eb", ["name", "target_resource_id"]),
  row("azurerm_dns_txt_record", "0a830d4090cbb35bfe22f18df94eae5e9897a4d4", ["name", "resource_group_name", "zone_name"]),
  row("azurerm_static_web_app", "108dab9842de1c580b559951daf5cc04d3dc0f04", ["name", "location", "resource_group_name"]),
  row("azurerm_bastion_host", "a603bd669a2974371a1d62e80682b37a125ff946", ["name", "location"], "the doc version does not mark resource_group_name"),
  row("azurerm_cdn_frontdoor_endpoint", "0c13faf750f7f4a72a9e148003415d2fc8f296eb", ["name", "cdn_frontdoor_profile_id"]),
  row("azurerm_cdn_frontdoor_firewall_policy", "a8607448e89958deb43ae44442f4ca01fb5a2588", ["name", "resource_group_name", "sku_name"]),
  row("azurerm_cdn_frontdoor_profile", "e8c5621db65dff400b0ed12d06a436c1691784f6", ["name", "resource_group_name", "sku_name"]),
  row("azurerm_cdn_frontdoor_security_policy", "00cf81ed06aaa02862fbf8b06848d6173b3d6ae4", ["name", "cdn_frontdoor_profile_id", "security_policies"],
    "security_policies: the doc marks the block and every block in it (firewall, association, domain); patterns_to_match itself is not marked"),
  row("azurerm_dev_test_global_vm_shutdown_schedule", "0a830d4090cbb35bfe22f18df94eae5e9897a4d4", ["location", "virtual_machine_id"]),
  row("azurerm_linux_virtual_machine", "053036d9e5d04159d562f6cdc13e95fdbe7ea55f", [
    "location", "name", "resource_group_name", "admin_username", "admin_password", "admin_ssh_key", "availability_set_id", "computer_name",
    "custom_data", "disable_password_authentication", "edge_zone", "eviction_policy", "plan", "platform_fault_domain", "priority",
    "provision_vm_agent", "secure_boot_enabled", "source_image_id", "source_image_reference", "os_managed_disk_id", "vtpm_enabled", "zone",
    "os_disk.storage_account_type", "os_disk.diff_disk_settings", "os_disk.name", "os_disk.secure_vm_disk_encryption_set_id", "os_disk.security_encryption_type",
  ]),
  row("azurerm_network_interface", "0492f201720b3dc7b5e6363a8ab5b44af9271cfc", ["location", "name", "resource_group_name"]),
  row("azurerm_api_management_api", "0a830d4090cbb35bfe22f18df94eae5e9897a4d4", ["name", "api_management_name", "resource_group_name", "revision"]),
  row("azurerm_api_management_diagnostic", "0156c530218a5b53a67cb18281a53d00e42d275b", ["identifier", "api_management_name", "resource_group_name"]),
  row("azurerm_api_management_logger", "081874f218058feb8553cd60aa0c4a21b326eff3", [
    "name", "resource_group_name", "api_management_name", "application_insights", "eventhub", "resource_id",
  ]),
  row("azurerm_api_management_policy", "0db1bd9a4749b9be05647696efcf5cb10e2b2855", ["api_management_id"]),
  row("azurerm_cdn_frontdoor_rule_set", "097ae8ac88a7deaf824e49aa32dfcfa2aca3fc73", ["name", "cdn_frontdoor_profile_id", "batch_mode_enabled"]),
  row("azurerm_cosmosdb_sql_role_assignment", "02a72522431fed82807188d3c90119c85616537c", ["name", "resource_group_name", "account_name", "principal_id", "scope"]),
  row("azurerm_monitor_data_collection_endpoint", "0a830d4090cbb35bfe22f18df94eae5e9897a4d4", ["location", "name", "resource_group_name"]),
  row("azurerm_eventhub_consumer_group", "057c7cf3c7d88effcb72164c431ee153098095e3", ["name", "namespace_name", "eventhub_name", "resource_group_name"]),
  row("azurerm_route_table", "0177a6ca6e8b84acc2d9d41d2bcfa3b7bd9bcc31", ["name", "resource_group_name", "location"]),
  row("azurerm_subnet_route_table_association", "06f4d667cafc1bf3fc7b453d5aafdcdc5c9bc2bf", ["route_table_id", "subnet_id"]),
  row("azurerm_kubernetes_cluster_node_pool", "006f87e316b3f5bfa59fbd4e2b9ef6fdbb3211e2", [
    "name", "kubernetes_cluster_id", "capacity_reservation_group_id", "eviction_policy", "host_group_id", "gpu_instance", "node_public_ip_prefix_id",
    "os_sku", "os_type", "priority", "proximity_placement_group_id", "spot_max_price", "windows_profile", "node_network_profile.node_public_ip_tags",
  ], "os_sku: except between AzureLinux and Ubuntu; vm_size, zones, vnet_subnet_id, kubelet_config and the other properties the doc names cycle the pool through temporary_name_for_rotation instead (not a replacement of the resource)",
  "unsetting upgrade_settings.drain_timeout_in_minutes after configuring it"),
  row("azurerm_monitor_data_collection_rule", "02c4d19af540fab27de6b44a0bb9ba21255cef9a", ["location", "name", "resource_group_name"], undefined,
    "changing kind once it has been set"),
  row("azurerm_api_management", "da36e672c2a3e6ad2e1ddd67f86e2287bb4f1d62", ["name", "location", "resource_group_name"],
    "an old doc version (azurerm 1.x/2.0 era): it marks only these three; arguments added to the resource since are not covered"),
  row("azurerm_application_insights_standard_web_test", "036c20f55eba5687a13a00b3f11d622122d9dcf8", ["name", "resource_group_name", "location", "application_insights_id"]),
  row("azurerm_cognitive_account", "005faa9feeedbfdcb6fcc04b691a5db32b955e9b", [
    "name", "resource_group_name", "location", "kind", "custom_subdomain_name",
    "metrics_advisor_aad_client_id", "metrics_advisor_aad_tenant_id", "metrics_advisor_super_user_name", "metrics_advisor_website_name",
  ], "an older doc version: arguments added to the resource since are not covered"),
  row("azurerm_cognitive_account_rai_policy", "003ae81d2afb0c81df854144a8144a9d850a7d53", ["name", "cognitive_account_id", "base_policy_name"]),
  row("azurerm_monitor_autoscale_setting", "0bcfe29914876ba4260b0c8ba3536fbde97beb42", ["name", "resource_group_name", "location"]),
  row("azurerm_mssql_server_extended_auditing_policy", "03ee5209365f64e74ad341374fc66c5bdc32ba43", ["server_id"]),
  row("azurerm_public_ip", "045222a630d4f8ec5b3446acfdbaafa0b1e7497f", [
    "name", "resource_group_name", "location", "zones", "edge_zone", "ip_tags", "ip_version", "ip_address", "public_ip_prefix_id", "sku", "sku_tier",
  ]),
  row("azurerm_communication_service", "0a830d4090cbb35bfe22f18df94eae5e9897a4d4", ["name", "resource_group_name", "data_location"]),
  row("azurerm_email_communication_service", "108dab9842de1c580b559951daf5cc04d3dc0f04", ["name", "resource_group_name", "data_location"]),
  row("azurerm_email_communication_service_domain", "06a7088c68e9899632c82a31c5e383cc951a51b3", ["name", "email_service_id", "domain_management"]),
  row("azurerm_portal_dashboard", "03a3ace93f8d37c18954340feeb06266fc528057", ["name", "resource_group_name", "location"]),
  row("azurerm_virtual_machine_extension", "0304542c5b1f324429ce9cc225cefe97f4102842", ["name", "virtual_machine_id", "publisher"]),
  row("azurerm_mongo_cluster_user", "16ea92952f568f0ebdab67b64f107d75e234b9b7", ["object_id", "mongo_cluster_id", "identity_provider_type", "principal_type", "role"]),
  row("azurerm_monitor_workspace", "0a830d4090cbb35bfe22f18df94eae5e9897a4d4", ["name", "resource_group_name", "location"]),
  row("azurerm_linux_function_app", "0104d0f9c4e735e1852928652435bc96dae1da8f", ["location", "name", "resource_group_name"]),
  row("azurerm_postgresql_flexible_server_configuration", "08c5ccdbc6035dfd54c8e9bbee91877452d7b396", ["name", "server_id"]),
  row("azurerm_function_app_flex_consumption", "016f23d1219b5844edb7d020a0476c2cb3947f78", ["location", "name", "resource_group_name"]),
  row("azurerm_mssql_failover_group", "068f89cf277e88cb7cfb2deb949657c607fc7062", ["name", "server_id"]),
  row("azurerm_firewall", "0177a6ca6e8b84acc2d9d41d2bcfa3b7bd9bcc31", [
    "name", "resource_group_name", "location", "sku_name", "sku_tier", "zones", "management_ip_configuration.subnet_id",
  ], undefined, "adding or removing the management_ip_configuration block"),
  row("azurerm_firewall_policy", "06469171ba8a3987b5b26cc03687b04d1d2fcb00", ["location", "name", "resource_group_name", "sku"]),
  row("azurerm_firewall_policy_rule_collection_group", "0a830d4090cbb35bfe22f18df94eae5e9897a4d4", ["name", "firewall_policy_id"]),
  row("azurerm_kubernetes_cluster", "00378cfc2806c8f85c9f09462bfdd05ff8135bc5", [
    "name", "location", "resource_group_name", "dns_prefix", "dns_prefix_private_cluster", "disk_encryption_set_id", "edge_zone", "network_profile",
    "node_resource_group", "private_cluster_enabled", "private_dns_zone_id", "role_based_access_control_enabled",
    "default_node_pool.capacity_reservation_group_id", "default_node_pool.gpu_instance", "default_node_pool.host_group_id", "default_node_pool.node_public_ip_prefix_id",
    "default_node_pool.proximity_placement_group_id", "default_node_pool.type", "default_node_pool.node_network_profile.node_public_ip_tags",
    "kubelet_identity.client_id", "kubelet_identity.object_id", "kubelet_identity.user_assigned_identity_id",
    "linux_profile.admin_username", "linux_profile.ssh_key.key_data", "windows_profile.admin_username",
  ], "network_profile: the doc marks the whole block; inside it network_plugin, network_mode, dns_service_ip, pod_cidr(s), service_cidr(s), ip_versions, load_balancer_sku, load_balancer_profile and nat_gateway_profile are marked, outbound_type, network_policy and network_plugin_mode are not (the doc points to supported outbound_type migrations); linux_profile.ssh_key.key_data is marked although the ssh_key description says a change updates the key on all node pools; default_node_pool vm_size, zones, os_sku and the other properties the doc names cycle the system pool through temporary_name_for_rotation instead",
  "disabling network_profile.network_data_plane; unsetting default_node_pool.upgrade_settings.drain_timeout_in_minutes after configuring it"),
  row("azurerm_linux_web_app_slot", "0350141d58b432908529e44de1500c811388614a", ["name", "app_service_id"]),
  // From the provider source: the stored docs of these types do not mark (all) their force-new arguments.
  sourceRow("azurerm_private_dns_zone", AZURERM_REPO, "internal/services/privatedns/private_dns_zone_resource.go", "3a75b1d62db2c01261b1cb4eeb535041071c54cf",
    ["name", "resource_group_name", "soa_record"],
    "resource_group_name through azure.SchemaResourceGroupNameDiffSuppress() (ForceNew, case-insensitive: a change of case only is no diff); soa_record: the source marks the whole block"),
  sourceRow("azurerm_storage_share", AZURERM_REPO, "internal/services/storage/storage_share_resource.go", "ceb1404943f2dc428bb484c3d49a514e482632d0",
    ["name", "storage_account_id", "storage_account_name", "enabled_protocol"],
    "storage_account_name exists only before provider 5.0 (deprecated for storage_account_id)"),
  sourceRow("azurerm_storage_management_policy", AZURERM_REPO, "internal/services/storage/storage_management_policy_resource.go", "06976fb7b3235ef329d2d65300284e01fb41fe5b",
    ["storage_account_id"]),
  sourceRow("random_password", "hashicorp/terraform-provider-random", "internal/provider/resource_password.go", "c054b4769837f07ce6dcff3eeaea47f16f1000b6",
    ["keepers", "length", "special", "upper", "lower", "number", "numeric", "min_numeric", "min_upper", "min_lower", "min_special", "override_special"],
    "keepers (RequiresReplaceIfValuesNotNull): not when only keys with null values are added; override_special (RequiresReplaceIf): not when it goes from \"\" to null"),
  sourceRow("tls_private_key", "hashicorp/terraform-provider-tls", "internal/provider/resource_private_key.go", "b49f7040d061123871f6fe6782251f8a0d23278e",
    ["algorithm", "openssh_comment", "rsa_bits", "ecdsa_curve"]),
]);

/** The table's row for a resource type, or undefined when the table does not cover it. */
export function forceNewRow(type: string): ForceNewRow | undefined {
  return Object.prototype.hasOwnProperty.call(FORCE_NEW_ARGUMENTS, type) ? FORCE_NEW_ARGUMENTS[type] : undefined;
}

/**
 * The force-new argument a changed attribute path falls under (`sku_name`,
 * `default_database.clustering_policy`), or undefined. List indexes in the path are ignored:
 * `default_database[0].module[1].name` is under `default_database.module`.
 */
export function forcingArgument(row: ForceNewRow, path: string): string | undefined {
  const plain = path.replace(/\[[^\]]*\]/g, "");
  return row.arguments.find((a) => plain === a || plain.startsWith(`${a}.`));
}
