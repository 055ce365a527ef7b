import { onlyOfType as only,synthesizedStack as stack } from "../helpers/synth-all";

/** The document's Environment Tiers table, column by column. */
describe.each([
  ["dev", { plan: "B1", instances: 1, zones: false, pg: "B_Standard_B1ms", replication: "LRS", ha: false, retention: 7, geo: false, slot: false, alwaysOn: false, sampling: 100 }],
  ["staging", { plan: "B1", instances: 1, zones: false, pg: "B_Standard_B1ms", replication: "LRS", ha: false, retention: 7, geo: false, slot: false, alwaysOn: false, sampling: 100 }],
  ["prod", { plan: "P1v2", instances: 2, zones: true, pg: "GP_Standard_D2s_v3", replication: "ZRS", ha: true, retention: 14, geo: true, slot: true, alwaysOn: true, sampling: 10 }],
])("dot-copilot-%s follows the tier table", (env, t) => {
  const s = stack(`dot-copilot-${env}`);

  test("App Service plan and web app", () => {
    // Prod: two instances over availability zones, so the API tier is no single point of failure.
    const plan = only(s, "azurerm_service_plan");
    expect(plan).toMatchObject({ os_type: "Linux", sku_name: t.plan, worker_count: t.instances });
    expect(plan.zone_balancing_enabled ?? false).toBe(t.zones);
    const app = only(s, "azurerm_linux_web_app");
    expect(app).toMatchObject({
      https_only: true,
      site_config: { always_on: t.alwaysOn, minimum_tls_version: "1.2", ftps_state: "Disabled", health_check_path: "/health", application_stack: { node_version: "22-lts" } },
      logs: { http_logs: { file_system: { retention_in_days: 7, retention_in_mb: 35 } } },
    });
    expect(Object.keys(s.json.resource.azurerm_linux_web_app_slot ?? {})).toHaveLength(t.slot ? 1 : 0);
    // The app's (and the slot's) logs go to the workspace in every environment.
    const appTargets = (Object.values(s.json.resource.azurerm_monitor_diagnostic_setting ?? {}) as { target_resource_id: string }[]).filter((d) => /azurerm_linux_web_app(_slot)?\./.test(d.target_resource_id));
    expect(appTargets).toHaveLength(t.slot ? 2 : 1);
  });

  test("PostgreSQL Flexible Server 16 with database dot_copilot", () => {
    const pg = only(s, "azurerm_postgresql_flexible_server");
    expect(pg).toMatchObject({ version: "16", sku_name: t.pg, backup_retention_days: t.retention, geo_redundant_backup_enabled: t.geo });
    expect(pg.high_availability).toEqual(t.ha ? { mode: "ZoneRedundant", standby_availability_zone: "2" } : undefined);
    expect(only(s, "azurerm_postgresql_flexible_server_database")).toMatchObject({ name: "dot_copilot", charset: "UTF8" });
  });

  test("storage with a private uploads container", () => {
    expect(only(s, "azurerm_storage_account")).toMatchObject({ account_replication_type: t.replication, allow_nested_items_to_be_public: false, shared_access_key_enabled: false });
    expect(only(s, "azurerm_storage_container")).toMatchObject({ name: "uploads", container_access_type: "private" });
  });

  test("Static Web App on the Free tier", () => {
    expect(only(s, "azurerm_static_web_app")).toMatchObject({ sku_tier: "Free", sku_size: "Free" });
  });

  test("workspace-based Application Insights with the tier's sampling", () => {
    expect(only(s, "azurerm_application_insights")).toMatchObject({ application_type: "web", sampling_percentage: t.sampling });
  });

  test("the three alerts of the document: error rate, response time, database CPU", () => {
    const alerts = Object.values(s.json.resource.azurerm_monitor_metric_alert ?? {}) as { criteria: { metric_name: string }[] }[];
    expect(alerts.map((a) => a.criteria[0].metric_name).sort()).toEqual(["cpu_percent", "requests/duration", "requests/failed"]);
  });

  test("JWT secret and database password are generated into Key Vault", () => {
    const secrets = Object.values(s.json.resource.azurerm_key_vault_secret) as { name: string; value: string }[];
    expect(secrets.map((x) => x.name).sort()).toEqual(["database-password", "jwt-secret"]);
    for (const secret of secrets) expect(secret.value).toMatch(/^\$\{random_password\.[\w-]+\.result\}$/);
  });

  test("the API identity gets Key Vault Secrets User and Storage Blob Data Contributor", () => {
    const roles = (Object.values(s.json.resource.azurerm_role_assignment) as { role_definition_name: string; principal_id: string }[])
      .filter((r) => r.principal_id.includes("azurerm_user_assigned_identity"))
      .map((r) => r.role_definition_name)
      .sort();
    expect(roles).toEqual(["Key Vault Secrets User", "Storage Blob Data Contributor"]);
  });

  test("remote state in the environment's storage, keyed by system and environment", () => {
    expect(s.json.terraform.backend).toEqual({
      azurerm: expect.objectContaining({ key: `dot-copilot/${env}.tfstate`, use_azuread_auth: true, container_name: "tfstate" }),
    });
  });
});

describe("prod protection", () => {
  test("database, storage and vault have CanNotDelete locks and prevent_destroy in prod only", () => {
    const prod = stack("dot-copilot-prod");
    const locks = Object.values(prod.json.resource.azurerm_management_lock) as { lock_level: string }[];
    expect(locks).toHaveLength(3);
    expect(locks.every((l) => l.lock_level === "CanNotDelete")).toBe(true);
    for (const type of ["azurerm_postgresql_flexible_server", "azurerm_storage_account", "azurerm_key_vault"]) {
      expect(only(prod, type)).toMatchObject({ lifecycle: { prevent_destroy: true } });
      expect((only(stack("dot-copilot-dev"), type).lifecycle as { prevent_destroy?: boolean } | undefined)?.prevent_destroy).toBeUndefined();
    }
    expect(stack("dot-copilot-dev").json.resource.azurerm_management_lock).toBeUndefined();
  });
});

/** Issue 15: the document's firewall rules and Azure Dashboard, in every environment. */
describe.each(["dev", "staging", "prod"])("dot-copilot-%s: VNet integration, firewalls and the dashboard", (env) => {
  const s = stack(`dot-copilot-${env}`);
  const ref = (type: string) => new RegExp(`^\\$\\{${type}\\.[\\w-]+\\.id\\}$`);

  test("the API and its slot are integrated into the app subnet (delegated, with the storage service endpoint)", () => {
    const subnets = Object.values(s.json.resource.azurerm_subnet) as { name: string; address_prefixes: string[]; service_endpoints?: string[]; delegation?: { service_delegation: { name: string } }[] }[];
    const app = subnets.find((x) => x.address_prefixes[0] === "10.20.0.0/26")!;
    expect(app.service_endpoints).toEqual(["Microsoft.Storage"]);
    expect(app.delegation?.[0].service_delegation.name).toBe("Microsoft.Web/serverFarms");
    for (const type of ["azurerm_linux_web_app", "azurerm_linux_web_app_slot"]) {
      for (const site of Object.values(s.json.resource[type] ?? {}) as { virtual_network_subnet_id: string; site_config: { vnet_route_all_enabled: boolean } }[]) {
        expect(site.virtual_network_subnet_id).toMatch(ref("azurerm_subnet"));
        expect(site.site_config.vnet_route_all_enabled).toBe(true);
      }
    }
  });

  test("PostgreSQL: a private endpoint for the API, no 'Allow Azure services' rule", () => {
    expect(only(s, "azurerm_private_endpoint")).toMatchObject({ private_service_connection: expect.objectContaining({ subresource_names: ["postgresqlServer"] }) });
    expect(only(s, "azurerm_private_dns_zone")).toMatchObject({ name: "privatelink.postgres.database.azure.com" });
    const rules = Object.values(s.json.resource.azurerm_postgresql_flexible_server_firewall_rule ?? {}) as { start_ip_address: string }[];
    expect(rules.filter((r) => r.start_ip_address === "0.0.0.0")).toEqual([]);
  });

  test("storage admits the app subnet and network.allowedIpRanges only", () => {
    expect(only(s, "azurerm_storage_account").network_rules).toEqual({
      default_action: "Deny",
      bypass: ["AzureServices"],
      ip_rules: expect.any(Array),
      virtual_network_subnet_ids: [expect.stringMatching(ref("azurerm_subnet"))],
    });
  });

  test("a portal dashboard charting the alerts' own metrics, then the App Service and database charts", () => {
    const dashboard = only(s, "azurerm_portal_dashboard") as { dashboard_properties: string; tags: Record<string, string> };
    expect(dashboard.tags["hidden-title"]).toBe(`DOT-Copilot ${env}`);
    const parts = Object.values(JSON.parse(dashboard.dashboard_properties).lenses["0"].parts) as { metadata: { inputs: { value?: { chart: { metrics: { name: string }[] } } }[] } }[];
    const charted = parts.map((p) => p.metadata.inputs[0].value!.chart.metrics[0].name);
    const alerted = (Object.values(s.json.resource.azurerm_monitor_metric_alert) as { criteria: { metric_name: string }[] }[]).map((a) => a.criteria[0].metric_name);
    expect(charted.slice(0, 3).sort()).toEqual([...alerted].sort());
    expect(charted.slice(3)).toEqual(["Requests", "Http5xx", "CpuPercentage", "MemoryPercentage", "memory_percent", "active_connections", "storage_percent"]);
  });
});
