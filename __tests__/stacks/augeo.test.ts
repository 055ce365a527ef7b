import { onlyOfType as only, resourcesOfType as all, synthesizedStack as stack } from "../helpers/synth-all";

/** The document's "Environment Configuration", column by column, with the decisions the README lists. */
describe.each([
  ["dev", { plan: "B1", workers: 1, autoscale: undefined, zones: false, slot: false, pg: "B_Standard_B1ms", ha: false, retention: 7, geo: false, redis: "Balanced_B0", redisHa: false, persistence: {}, locks: 0, replication: "LRS", budget: 42, registry: "Basic", zone: "dev.augeo.app", github: "dev" }],
  ["staging", { plan: "P0v3", workers: 1, autoscale: undefined, zones: false, slot: true, pg: "GP_Standard_D2s_v3", ha: false, retention: 7, geo: false, redis: "Balanced_B1", redisHa: true, persistence: {}, locks: 0, replication: "LRS", budget: 100, registry: "Basic", zone: "staging.augeo.app", github: "staging" }],
  ["prod", { plan: "P0v3", workers: 2, autoscale: [2, 5], zones: true, slot: true, pg: "GP_Standard_D2s_v3", ha: true, retention: 30, geo: true, redis: "Balanced_B1", redisHa: true, persistence: { persistence_append_only_file_backup_frequency: "1s" }, locks: 7, replication: "GRS", budget: 289, registry: "Premium", zone: "augeo.app", github: "production" }],
] as const)("augeo-%s follows the tier table", (env, t) => {
  const s = stack(`augeo-${env}`);

  test("App Service plan: SKU, instances or autoscale, zones, and the blue-green slot where the plan has slots", () => {
    const plan = only(s, "azurerm_service_plan");
    expect(plan).toMatchObject({ os_type: "Linux", sku_name: t.plan });
    expect(plan.worker_count).toBe(t.workers);
    expect(plan.zone_balancing_enabled ?? false).toBe(t.zones);
    const autoscale = all(s, "azurerm_monitor_autoscale_setting") as { profile: { capacity: { minimum: number; maximum: number } }[] }[];
    expect(autoscale.map((a) => [a.profile[0].capacity.minimum, a.profile[0].capacity.maximum])).toEqual(t.autoscale ? [[...t.autoscale]] : []);
    expect(all(s, "azurerm_linux_web_app_slot")).toHaveLength(t.slot ? 1 : 0);
  });

  test("the FastAPI container pulled from the environment's registry with the app's managed identity", () => {
    const app = only(s, "azurerm_linux_web_app") as { site_config: Record<string, unknown>; app_settings: Record<string, string>; lifecycle: { ignore_changes: string[] } };
    expect(app.site_config).toMatchObject({
      application_stack: { docker_image_name: "augeo-api:bootstrap", docker_registry_url: expect.stringMatching(/^https:\/\/\$\{azurerm_container_registry\.[\w]+\.login_server\}$/) },
      container_registry_use_managed_identity: true,
      health_check_path: "/health",
      vnet_route_all_enabled: true,
    });
    expect(app.app_settings.WEBSITES_PORT).toBe("8000");
    // CI deploys later tags; Terraform leaves them alone.
    expect(app.lifecycle.ignore_changes).toContain("site_config[0].application_stack[0].docker_image_name");
    expect(only(s, "azurerm_container_registry")).toMatchObject({ sku: t.registry, admin_enabled: false });
    const pulls = (all(s, "azurerm_role_assignment") as { role_definition_name?: string }[]).filter((r) => r.role_definition_name === "AcrPull");
    expect(pulls).toHaveLength(1);
  });

  test("PostgreSQL 16 (the document's 14 leaves standard support on 2026-12-11), private access in its own subnet", () => {
    const pg = only(s, "azurerm_postgresql_flexible_server");
    expect(pg).toMatchObject({ version: "16", sku_name: t.pg, backup_retention_days: t.retention, geo_redundant_backup_enabled: t.geo, public_network_access_enabled: false });
    expect(pg.delegated_subnet_id).toMatch(/^\$\{azurerm_subnet\.Network_Subnet-database_\w+\.id\}$/);
    expect(pg.high_availability).toEqual(t.ha ? { mode: "ZoneRedundant", standby_availability_zone: "2" } : undefined);
    expect(only(s, "azurerm_postgresql_flexible_server_database")).toMatchObject({ name: "augeo" });
  });

  test("Azure Managed Redis: the tier's SKU, TLS only, Entra ID only, private, persistence only in prod", () => {
    const redis = only(s, "azurerm_managed_redis") as { default_database: Record<string, unknown> };
    expect(redis).toMatchObject({ sku_name: t.redis, high_availability_enabled: t.redisHa, public_network_access: "Disabled" });
    expect(redis.default_database).toMatchObject({ client_protocol: "Encrypted", access_keys_authentication_enabled: false, clustering_policy: "EnterpriseCluster", ...t.persistence });
    if (!("persistence_append_only_file_backup_frequency" in t.persistence)) {
      expect(redis.default_database).not.toHaveProperty("persistence_append_only_file_backup_frequency");
      expect(redis.default_database).not.toHaveProperty("persistence_redis_database_backup_frequency");
    }
  });

  test("Redis, Key Vault and Storage behind private endpoints; the endpoints subnet admits the API subnet only", () => {
    const endpoints = all(s, "azurerm_private_endpoint") as { private_service_connection: { subresource_names: string[] } }[];
    expect(endpoints.map((e) => e.private_service_connection.subresource_names[0]).sort()).toEqual(["blob", "redisEnterprise", "vault"]);
    const rules = (all(s, "azurerm_network_security_rule") as { name: string; destination_port_ranges?: string[]; destination_port_range?: string; access: string }[]).map((r) => r.name).sort();
    expect(rules).toEqual(["AllowAppHttps", "AllowAppPostgres", "AllowAppRedis", "AllowDatabaseSubnet", "DenyVnetInbound", "DenyVnetInbound"]);
  });

  test("the product domain: a public zone with api. and admin. records, bound only once delegated", () => {
    expect(only(s, "azurerm_dns_zone")).toMatchObject({ name: t.zone });
    const cnames = (all(s, "azurerm_dns_cname_record") as { name: string }[]).map((r) => r.name).filter((n) => !n.startsWith("${"));
    expect(cnames.sort()).toEqual(["admin", "api"]);
    expect((all(s, "azurerm_dns_txt_record") as { name: string }[]).map((r) => r.name).sort()).toEqual(["@", "_dmarc", "asuid.api"]);
    // dns.delegated is false in the shipped files: nothing waits on public DNS in the first deploy.
    expect(all(s, "azurerm_app_service_custom_hostname_binding")).toHaveLength(0);
    expect(all(s, "azurerm_static_web_app_custom_domain")).toHaveLength(0);
  });

  test("Communication Services email on the environment's domain, not linked before verification, sent with Entra ID", () => {
    expect(only(s, "azurerm_email_communication_service_domain")).toMatchObject({ name: t.zone, domain_management: "CustomerManaged" });
    expect(all(s, "azurerm_communication_service_email_domain_association")).toHaveLength(0);
    const app = only(s, "azurerm_linux_web_app") as { app_settings: Record<string, string> };
    expect(app.app_settings.EMAIL_SENDER).toBe(`DoNotReply@${t.zone}`);
    const sender = (all(s, "azurerm_role_assignment") as { role_definition_name?: string; scope: string }[]).filter((r) => r.role_definition_name === "Communication and Email Service Owner");
    expect(sender).toHaveLength(1);
    expect(sender[0].scope).toMatch(/^\$\{azurerm_communication_service\./);
  });

  test("the Static Web App of the React admin on Standard", () => {
    expect(only(s, "azurerm_static_web_app")).toMatchObject({ sku_tier: "Standard", sku_size: "Standard" });
  });

  test("backups-and-logs storage archived after 90 days", () => {
    expect(only(s, "azurerm_storage_account")).toMatchObject({ account_replication_type: t.replication, public_network_access_enabled: false, shared_access_key_enabled: false });
    const policy = only(s, "azurerm_storage_management_policy") as { rule: { actions: { base_blob: Record<string, unknown> } }[] };
    expect(policy.rule[0].actions.base_blob).toMatchObject({ tier_to_archive_after_days_since_modification_greater_than: 90 });
  });

  test("the document's alerts: critical error rate and P95 latency, warning CPU and memory, info deployments", () => {
    const logAlerts = (all(s, "azurerm_monitor_scheduled_query_rules_alert_v2") as { name: string; severity: number; criteria: { threshold: number }[] }[]).map((a) => [a.name.replace(/^alrt-augeo-\w+-eus2-/, ""), a.severity, a.criteria[0].threshold]);
    expect(logAlerts.sort()).toEqual([["error-rate", 0, 5], ["p95-latency", 0, 500]]);
    const metricAlerts = (all(s, "azurerm_monitor_metric_alert") as { criteria: { metric_name: string; threshold: number }[]; severity: number }[]).map((a) => [a.criteria[0].metric_name, a.criteria[0].threshold, a.severity]);
    expect(metricAlerts.sort()).toEqual([["CpuPercentage", 80, 2], ["MemoryPercentage", 80, 2]]);
    const deployment = only(s, "azurerm_monitor_activity_log_alert") as { criteria: { operation_name: string; statuses: string[] } };
    expect(deployment.criteria).toMatchObject({ operation_name: t.slot ? "Microsoft.Web/sites/slots/slotsswap/action" : "Microsoft.Web/sites/config/write", statuses: ["Succeeded", "Failed"] });
    // No webhook URL or phone number is in the shipped files: the e-mail action group only.
    expect(only(s, "azurerm_monitor_action_group")).not.toHaveProperty("webhook_receiver");
  });

  test("a monthly budget of the document's estimate, starting on a fixed first of a month", () => {
    expect(only(s, "azurerm_consumption_budget_resource_group")).toMatchObject({ amount: t.budget, time_grain: "Monthly", time_period: { start_date: "2026-12-01T00:00:00Z" } });
  });

  test("locks on the stateful resources in prod only", () => {
    expect(all(s, "azurerm_management_lock")).toHaveLength(t.locks);
  });

  test("a GitHub OIDC deployer for the environment's GitHub environment, Contributor on the group, role assignment only of the roles the stack grants", () => {
    const credentials = all(s, "azurerm_federated_identity_credential") as { subject: string; issuer: string; audience: string[] }[];
    expect(credentials).toEqual([expect.objectContaining({ subject: `repo:augeo-platform/augeo:environment:${t.github}`, issuer: "https://token.actions.githubusercontent.com", audience: ["api://AzureADTokenExchange"] })]);
    const roles = (all(s, "azurerm_role_assignment") as { role_definition_name?: string; principal_id: string; condition?: string }[]).filter((r) => r.principal_id.includes("GitHubDeployer"));
    expect(roles.map((r) => r.role_definition_name).sort()).toEqual(["Contributor", "Key Vault Secrets Officer", "Role Based Access Control Administrator", "Storage Blob Data Contributor"]);
    expect(roles.find((r) => r.role_definition_name === "Role Based Access Control Administrator")?.condition).toMatch(/GuidEquals/);
    expect(JSON.stringify(roles)).not.toMatch(/"(Owner|User Access Administrator)"/);
  });
});
