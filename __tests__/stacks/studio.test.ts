import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Suppressions } from "../../lib/policy/suppressions";
import { buildApp } from "../../stacks/app";
import { onlyOfType as only, REPO, resourcesOfType as all,synthesizedStack as stack } from "../helpers/synth-all";

/** The document's "Deployment Environments", column by column. */
describe.each([
  ["dev", { plan: "B1", db: "B_Standard_B1ms", ha: false, geoBackup: false, pooling: false, replication: "LRS", slots: 0, autoscale: false, fullMonitoring: false, bastion: "Developer", replica: false }],
  ["staging", { plan: "S1", db: "GP_Standard_D2ds_v5", ha: false, geoBackup: false, pooling: true, replication: "ZRS", slots: 0, autoscale: true, fullMonitoring: true, bastion: "Developer", replica: false }],
  ["prod", { plan: "P1v3", db: "GP_Standard_D2ds_v5", ha: true, geoBackup: true, pooling: true, replication: "RAGZRS", slots: 2, autoscale: true, fullMonitoring: true, bastion: "Basic", replica: true }],
])("studio-%s follows the environment table", (env, t) => {
  const s = stack(`studio-${env}`);

  test("one App Service plan with the NextJS frontend and the FastAPI backend, VNet-integrated", () => {
    expect(only(s, "azurerm_service_plan")).toMatchObject({ os_type: "Linux", sku_name: t.plan });
    const apps = all(s, "azurerm_linux_web_app") as { site_config: { application_stack: Record<string, string>; vnet_route_all_enabled: boolean }; virtual_network_subnet_id: string; https_only: boolean }[];
    expect(apps.map((a) => a.site_config.application_stack).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)))).toEqual([{ node_version: "22-lts" }, { python_version: "3.11" }]);
    for (const app of apps) {
      expect(app.https_only).toBe(true);
      expect(app.virtual_network_subnet_id).toMatch(/^\$\{azurerm_subnet\.Network_Subnet-app_\w+\.id\}$/);
      expect(app.site_config.vnet_route_all_enabled).toBe(true);
    }
    expect(all(s, "azurerm_linux_web_app_slot")).toHaveLength(t.slots);
    expect(all(s, "azurerm_monitor_autoscale_setting")).toHaveLength(t.autoscale ? 1 : 0);
  });

  test("the relational database: PostgreSQL Flexible Server, private, sized and protected per tier", () => {
    expect(all(s, "azurerm_cosmosdb_postgresql_cluster")).toEqual([]); // closed to new deployments (README)
    const server = only(s, "azurerm_postgresql_flexible_server") as Record<string, unknown> & { high_availability?: { mode: string } };
    expect(server).toMatchObject({ version: "16", sku_name: t.db, public_network_access_enabled: false, geo_redundant_backup_enabled: t.geoBackup, backup_retention_days: 7 });
    expect(server.high_availability?.mode).toBe(t.ha ? "ZoneRedundant" : undefined);
    const pgbouncer = all(s, "azurerm_postgresql_flexible_server_configuration") as { name: string; value: string }[];
    expect(pgbouncer).toEqual(t.pooling ? [expect.objectContaining({ name: "pgbouncer.enabled", value: "true" })] : []);
    const api = (all(s, "azurerm_linux_web_app") as { app_settings: Record<string, string>; site_config: { application_stack: Record<string, string> } }[]).find((a) => a.site_config.application_stack.python_version)!;
    expect(api.app_settings.POSTGRES_PORT).toBe(t.pooling ? "6432" : "5432");
  });

  test("MongoDB vCore: a replica in the secondary region where the tier promises disaster recovery", () => {
    const clusters = all(s, "azurerm_mongo_cluster") as Record<string, unknown>[];
    expect(clusters).toHaveLength(t.replica ? 2 : 1);
    const primary = clusters.find((c) => c.create_mode === undefined)!;
    expect(primary.preview_features).toEqual(t.replica ? ["GeoReplicas"] : undefined);
    if (t.replica) {
      expect(clusters.find((c) => c.create_mode === "GeoReplica")).toMatchObject({ location: "centralus", source_location: "eastus2", public_network_access: "Disabled", lifecycle: { prevent_destroy: true } });
    }
  });

  test("the operators' path: Azure Bastion and a jump host without a public address, stopped at 19:00 UTC", () => {
    const bastion = only(s, "azurerm_bastion_host");
    expect(bastion).toMatchObject({ sku: t.bastion });
    expect(all(s, "azurerm_public_ip")).toHaveLength(t.bastion === "Developer" ? 0 : 1);
    const vm = only(s, "azurerm_linux_virtual_machine");
    expect(vm).toMatchObject({ size: "Standard_B2als_v2", disable_password_authentication: true });
    expect(only(s, "azurerm_network_interface")).not.toHaveProperty("ip_configuration.public_ip_address_id");
    expect(only(s, "azurerm_dev_test_global_vm_shutdown_schedule")).toMatchObject({ daily_recurrence_time: "1900", timezone: "UTC" });
    // Entra ID sign-in needs Basic Bastion; Developer uses the key Terraform put in the vault.
    expect(all(s, "azurerm_virtual_machine_extension")).toHaveLength(t.bastion === "Developer" ? 0 : 1);
  });

  test("web apps and slots send their logs to the workspace in every environment", () => {
    const targets = (all(s, "azurerm_monitor_diagnostic_setting") as { target_resource_id: string }[]).map((d) => d.target_resource_id);
    const apps = [...Object.keys(s.json.resource.azurerm_linux_web_app ?? {}).map((id) => `azurerm_linux_web_app.${id}`), ...Object.keys(s.json.resource.azurerm_linux_web_app_slot ?? {}).map((id) => `azurerm_linux_web_app_slot.${id}`)];
    expect(apps).toHaveLength(2 + t.slots);
    for (const app of apps) expect(targets).toContain(`\${${app}.id}`);
    for (const app of all(s, "azurerm_linux_web_app")) expect(app).toMatchObject({ logs: { http_logs: { file_system: { retention_in_days: 7, retention_in_mb: 35 } } } });
  });

  test("storage redundancy", () => {
    expect(only(s, "azurerm_storage_account")).toMatchObject({ account_replication_type: t.replication, public_network_access_enabled: false, shared_access_key_enabled: false });
  });

  test("monitoring: critical alerts everywhere, the full set and diagnostics outside dev", () => {
    const metricAlerts = all(s, "azurerm_monitor_metric_alert") as { criteria: { metric_name: string }[] }[];
    const names = metricAlerts.map((a) => a.criteria[0].metric_name).sort();
    const critical = ["HealthCheckStatus", "HealthCheckStatus"];
    // With full monitoring also both databases' CPU and memory (issue 15).
    const databases = ["CpuPercent", "MemoryPercent", "cpu_percent", "memory_percent"];
    expect(names).toEqual(t.fullMonitoring ? ["CpuPercentage", ...critical, "MemoryPercentage", "StoragePercent", "requests/duration", "storage_percent", ...databases].sort() : critical);
    // Error rate > 5 % and authentication failures > 10 %; Key Vault denials with full monitoring.
    expect(all(s, "azurerm_monitor_scheduled_query_rules_alert_v2")).toHaveLength(t.fullMonitoring ? 3 : 2);
    // Database unavailable; autoscale events where the plan autoscales.
    expect(all(s, "azurerm_monitor_activity_log_alert")).toHaveLength(t.autoscale ? 2 : 1);
    // The apps' and slots' settings and Front Door's in every environment; the data services'
    // (Redis: two, logs on the database and metrics on the cluster) with "full" monitoring.
    const dataServices = t.fullMonitoring ? 5 + 2 + (t.replica ? 1 : 0) : 0;
    expect(all(s, "azurerm_monitor_diagnostic_setting")).toHaveLength(2 + t.slots + 1 + dataServices);
  });
});

describe("Studio network", () => {
  const s = stack("studio-prod");

  test("the document's VNet: 10.0.0.0/16 with app, endpoints and database subnets, and the operators' subnets", () => {
    expect(only(s, "azurerm_virtual_network")).toMatchObject({ address_space: ["10.0.0.0/16"] });
    const subnets = Object.fromEntries((all(s, "azurerm_subnet") as { name: string; address_prefixes: string[] }[]).map((x) => [x.name, x.address_prefixes]));
    expect(subnets).toEqual({
      "snet-app": ["10.0.1.0/24"], "snet-endpoints": ["10.0.2.0/24"], "snet-data": ["10.0.3.0/24"],
      "snet-operators": ["10.0.4.0/27"], AzureBastionSubnet: ["10.0.5.0/26"],
    });
    // Developer Bastion (dev, staging) needs no AzureBastionSubnet.
    expect((all(stack("studio-dev"), "azurerm_subnet") as { name: string }[]).map((x) => x.name).sort()).toEqual(["snet-app", "snet-data", "snet-endpoints", "snet-operators"]);
  });

  test("the document's NSG tables, the database ports (PgBouncer 6432 too), the operators' path and Bastion's required rules", () => {
    const rules = (all(s, "azurerm_network_security_rule") as { name: string; priority: number; direction: string; access: string; destination_port_range?: string; destination_port_ranges?: string[] }[])
      .map((r) => `${r.direction} ${r.priority} ${r.name} ${r.access} ${r.destination_port_range ?? r.destination_port_ranges?.join(",")}`)
      .sort();
    expect(rules).toEqual([
      "Inbound 100 AllowAppService Allow *",
      "Inbound 110 AllowGatewayManagerInbound Allow 443",
      "Inbound 100 AllowHTTPS Allow 443",
      "Inbound 100 AllowHttpsInbound Allow 443",
      "Inbound 100 AllowPostgres Allow 5432",
      "Inbound 100 AllowSshFromBastion Allow 22",
      "Inbound 105 AllowPgBouncer Allow 6432",
      "Inbound 110 AllowHTTP Allow 80",
      "Inbound 110 AllowMongo Allow 10260",
      "Inbound 110 AllowOperatorsHttps Allow 443",
      "Inbound 115 AllowOperatorsDatabases Allow 5432,6432,10260",
      "Inbound 120 AllowAPI Allow 8000",
      "Inbound 120 AllowAzureLoadBalancerInbound Allow 443",
      "Inbound 130 AllowBastionHostCommunication Allow 8080,5701",
      "Inbound 130 DenyAll Deny *",
      "Inbound 130 DenyAll Deny *",
      "Inbound 130 DenyAll Deny *",
      "Inbound 4096 DenyAllOtherInbound Deny *",
      "Outbound 100 AllowSshRdpOutbound Allow 22,3389",
      "Outbound 110 AllowAzureCloudOutbound Allow 443",
      "Outbound 120 AllowBastionCommunication Allow 8080,5701",
      "Outbound 130 AllowHttpOutbound Allow 80",
    ].sort());
  });

  test.each(["staging", "prod"])("%s: every data service is reachable only through private endpoints", (env) => {
    const st = stack(`studio-${env}`);
    expect(only(st, "azurerm_postgresql_flexible_server")).toMatchObject({ public_network_access_enabled: false });
    for (const cluster of all(st, "azurerm_mongo_cluster")) expect(cluster).toMatchObject({ public_network_access: "Disabled" });
    expect(only(st, "azurerm_storage_account")).toMatchObject({ public_network_access_enabled: false });
    expect(only(st, "azurerm_cognitive_account")).toMatchObject({ public_network_access_enabled: false, local_auth_enabled: false });
    expect(only(st, "azurerm_key_vault")).toMatchObject({ network_acls: { default_action: "Deny" } });
    const targets = (all(st, "azurerm_private_endpoint") as { private_service_connection: { subresource_names: string[] } }[]).map((e) => e.private_service_connection.subresource_names[0]).sort();
    expect(targets).toEqual(expect.arrayContaining(["MongoCluster", "account", "blob", "postgresqlServer", "file", "queue", "vault"]));
  });

  test("one privatelink zone per service, each linked to the VNet once", () => {
    const zones = (all(s, "azurerm_private_dns_zone") as { name: string }[]).map((z) => z.name).sort();
    expect(zones).toEqual([
      "privatelink.azurecr.io",
      "privatelink.azurewebsites.net",
      "privatelink.blob.core.windows.net",
      "privatelink.file.core.windows.net",
      "privatelink.mongocluster.cosmos.azure.com",
      "privatelink.openai.azure.com",
      "privatelink.postgres.database.azure.com",
      "privatelink.queue.core.windows.net",
      "privatelink.redis.azure.net",
      "privatelink.vaultcore.azure.net",
    ]);
    expect(all(s, "azurerm_private_dns_zone_virtual_network_link")).toHaveLength(zones.length);
  });

  test("OpenAI is public only in dev, where the firewall still denies everyone but the allowed ranges", () => {
    expect(only(stack("studio-dev"), "azurerm_cognitive_account")).toMatchObject({ public_network_access_enabled: true, network_acls: { default_action: "Deny" } });
  });
});

describe("Studio services", () => {
  const s = stack("studio-prod");

  test("chat, fast chat and embeddings deployments, with the content filter", () => {
    const deployments = all(s, "azurerm_cognitive_deployment") as { name: string; model: { name: string }; rai_policy_name: string }[];
    const all3 = deployments as unknown as { name: string; model: { name: string; version: string }; sku: { name: string } }[];
    expect(all3.map((d) => `${d.name}:${d.model.name}:${d.model.version}:${d.sku.name}`).sort()).toEqual([
      "chat-fast:gpt-5.4-mini:2026-03-17:DataZoneStandard", "chat:gpt-5.4:2026-03-05:DataZoneStandard", "embeddings:text-embedding-3-small:1:DataZoneStandard",
    ]);
    for (const d of deployments) expect(d.rai_policy_name).toMatch(/azurerm_cognitive_account_rai_policy/);
  });

  test("the vector index definition is an output the post-deploy step applies", () => {
    const output = Object.entries(s.json.output ?? {}).find(([k]) => k.includes("vector_indexes"));
    expect(output).toBeDefined();
    const commands = JSON.parse((output![1] as { value: string }).value) as { database: string; command: { createIndexes: string; indexes: { key: Record<string, string>; cosmosSearchOptions: Record<string, unknown> }[] } }[];
    expect(commands).toEqual([
      {
        database: "studio",
        command: {
          createIndexes: "documents",
          indexes: [{ name: "embeddings_vector_hnsw", key: { "embeddings.vector": "cosmosSearch" }, cosmosSearchOptions: { kind: "vector-hnsw", m: 16, efConstruction: 64, similarity: "COS", dimensions: 1536 } }],
        },
      },
    ]);
  });

  test("the backend reads its secrets through Key Vault references, and has exactly the roles it needs", () => {
    const api = (all(s, "azurerm_linux_web_app") as { app_settings: Record<string, string>; site_config: { application_stack: Record<string, string> } }[]).find((a) => a.site_config.application_stack.python_version)!;
    expect(api.app_settings.POSTGRES_PASSWORD).toMatch(/^@Microsoft\.KeyVault\(SecretUri=\$\{azurerm_key_vault_secret\.[\w-]+\.versionless_id\}\)$/);
    expect(api.app_settings.MONGODB_URI).toMatch(/^@Microsoft\.KeyVault\(SecretUri=/);
    const roles = (all(s, "azurerm_role_assignment") as { role_definition_name: string; principal_id: string }[])
      .filter((r) => r.principal_id.includes("BackendIdentity"))
      .map((r) => r.role_definition_name)
      .sort();
    // Blob, queue and file data roles: shared keys are off, so the backend reaches each storage service with Entra ID.
    expect(roles).toEqual(["AcrPull", "Cognitive Services OpenAI User", "Key Vault Secrets User", "Storage Blob Data Contributor", "Storage File Data Privileged Contributor", "Storage Queue Data Contributor"]);
  });

  test("Terraform can write the vault's secrets: the firewall admits the environment's deployer ranges", () => {
    expect(only(s, "azurerm_key_vault")).toMatchObject({ network_acls: { default_action: "Deny", ip_rules: ["203.0.113.0/24"] } });
    // Private storage deploys from outside the VNet: no data-plane polling, and every child through ARM.
    expect((s.json.provider as { azurerm: { features: { storage: { data_plane_available: boolean }[] }[] }[] }).azurerm[0].features[0].storage[0].data_plane_available).toBe(false);
    for (const type of ["azurerm_storage_container", "azurerm_storage_queue", "azurerm_storage_share"]) {
      for (const child of all(s, type)) expect(child).toMatchObject({ storage_account_id: expect.stringMatching(/^\$\{azurerm_storage_account\./) });
    }
  });

  test("the registry has no admin user and is private on Premium", () => {
    expect(only(s, "azurerm_container_registry")).toMatchObject({ sku: "Premium", admin_enabled: false, public_network_access_enabled: false });
  });

  test("storage: containers, file shares, queues, lifecycle on operational data, CORS for the frontend (its Front Door address)", () => {
    expect((all(s, "azurerm_storage_container") as { name: string }[]).map((c) => c.name).sort()).toEqual(["backups", "logs", "temp-files", "user-files"]);
    expect((all(s, "azurerm_storage_share") as { name: string }[]).map((c) => c.name).sort()).toEqual(["reports", "shared-documents", "templates"]);
    expect((all(s, "azurerm_storage_queue") as { name: string }[]).map((c) => c.name).sort()).toEqual(["background-jobs", "events", "notifications"]);
    const policy = only(s, "azurerm_storage_management_policy") as { rule: { filters: { prefix_match: string[] } }[] };
    expect(policy.rule[0].filters.prefix_match).toEqual(["temp-files/", "backups/", "logs/"]);
    const account = only(s, "azurerm_storage_account") as { blob_properties: { cors_rule: { allowed_origins: string[] }[] } };
    const web = (all(s, "azurerm_linux_web_app") as { name: string; site_config: { application_stack: Record<string, string> } }[]).find((a) => a.site_config.application_stack.node_version)!;
    expect(web.name).toMatch(/^app-studio-prd-eus2-web-[0-9a-z]{4}$/);
    // Browsers load the frontend through Front Door, so that is the origin they send.
    expect(account.blob_properties.cors_rule[0].allowed_origins).toEqual([expect.stringMatching(/^https:\/\/\$\{azurerm_cdn_frontdoor_endpoint\.Edge_Endpoint-web_\w+\.host_name\}$/)]);
  });
});

describe("Studio on an existing Cosmos DB for PostgreSQL cluster (database.engine: cosmos-postgres)", () => {
  test("builds the cluster behind its private endpoint, points the backend at PgBouncer, and records why the lifecycle rule is suppressed", () => {
    const dir = mkdtempSync(join(tmpdir(), "studio-cosmos-"));
    cpSync(join(REPO, "environments"), join(dir, "environments"), { recursive: true });
    const file = join(dir, "environments", "staging.yaml");
    writeFileSync(file, readFileSync(file, "utf8").replace("  studio:\n    enabled: true\n", "  studio:\n    enabled: true\n    database:\n      engine: cosmos-postgres\n"));
    const { app } = buildApp({ environmentsDir: join(dir, "environments"), environments: ["staging"], systems: ["studio"], outdir: join(dir, "out") });
    app.synth();
    const json = JSON.parse(readFileSync(join(dir, "out", "stacks", "studio-staging", "cdk.tf.json"), "utf8")) as { resource: Record<string, Record<string, Record<string, unknown>>> };
    expect(Object.values(json.resource.azurerm_cosmosdb_postgresql_cluster)).toEqual([expect.objectContaining({ node_count: 2, coordinator_public_ip_access_enabled: false })]);
    expect(json.resource.azurerm_postgresql_flexible_server).toBeUndefined();
    const api = (Object.values(json.resource.azurerm_linux_web_app) as { app_settings: Record<string, string> }[]).find((a) => a.app_settings.POSTGRES_HOST)!;
    expect(api.app_settings).toMatchObject({ POSTGRES_PORT: "6432", POSTGRES_DATABASE: "citus", POSTGRES_USER: "citus" });
    const suppressions = Suppressions.collect(app).filter((x) => x.ruleId === "AZ-LIFE-006");
    expect(suppressions).toEqual([{ ruleId: "AZ-LIFE-006", path: "studio-staging/Database", reason: expect.stringContaining("cluster already exists") }]);
  });
});

/** Issue 15: Redis, Front Door, the private backend, TLS 1.3, the remaining alerts and the budget. */
describe.each([
  ["dev", { redis: "Balanced_B0", redisHa: false, frontDoor: "Standard_AzureFrontDoor", budget: 100, full: false, autoscale: false }],
  ["staging", { redis: "Balanced_B0", redisHa: true, frontDoor: "Standard_AzureFrontDoor", budget: 400, full: true, autoscale: true }],
  ["prod", { redis: "Balanced_B1", redisHa: true, frontDoor: "Premium_AzureFrontDoor", budget: 1500, full: true, autoscale: true }],
])("studio-%s: caching, CDN, private backend, alerts and budget", (env, t) => {
  const s = stack(`studio-${env}`);
  type Site = { name: string; public_network_access_enabled?: boolean; app_settings: Record<string, string>; site_config: { application_stack: Record<string, string>; minimum_tls_version: string; scm_minimum_tls_version: string; ip_restriction_default_action?: string; ip_restriction?: { service_tag: string; headers: { x_azure_fdid: string[] }[] }[]; cors?: unknown } };
  const sites = () => [...all(s, "azurerm_linux_web_app"), ...all(s, "azurerm_linux_web_app_slot")] as Site[];
  const isWeb = (x: Site) => x.site_config.application_stack.node_version !== undefined;

  test("Managed Redis sized per tier, private, Entra ID only, the backend granted data access", () => {
    expect(only(s, "azurerm_managed_redis")).toMatchObject({ sku_name: t.redis, high_availability_enabled: t.redisHa, public_network_access: "Disabled" });
    const zones = (all(s, "azurerm_private_dns_zone") as { name: string }[]).map((z) => z.name);
    expect(zones).toEqual(expect.arrayContaining(["privatelink.redis.azure.net", "privatelink.azurewebsites.net"]));
    expect(all(s, "azurerm_resource_group_template_deployment")).toHaveLength(1);
    const api = sites().find((x) => !isWeb(x))!;
    expect(api.app_settings).toMatchObject({ REDIS_HOST: expect.stringContaining("azurerm_managed_redis"), REDIS_PORT: "10000" });
  });

  test("Front Door in front of the frontend: tier, WAF, caching rules, the frontend admitting only it", () => {
    expect(only(s, "azurerm_cdn_frontdoor_profile")).toMatchObject({ sku_name: t.frontDoor });
    const waf = only(s, "azurerm_cdn_frontdoor_firewall_policy") as { mode: string; managed_rule?: unknown[] };
    expect(waf.mode).toBe("Prevention");
    expect((waf.managed_rule ?? []).length > 0).toBe(t.frontDoor === "Premium_AzureFrontDoor");
    // In this order: the later rule wins (Next.js bundles a year, never the frontend's /api/).
    const rules = (all(s, "azurerm_cdn_frontdoor_rule") as { name: string; order: number }[]).sort((a, b) => a.order - b.order).map((r) => r.name);
    expect(rules).toEqual(["StaticFiles", "NextStatic", "NoCacheApi"]);
    for (const web of sites().filter(isWeb)) {
      expect(web.site_config.ip_restriction_default_action).toBe("Deny");
      expect(web.site_config.ip_restriction).toEqual([expect.objectContaining({ service_tag: "AzureFrontDoor.Backend", headers: [{ x_azure_fdid: [expect.stringContaining("azurerm_cdn_frontdoor_profile")] }] })]);
    }
  });

  test("the backend has no public endpoint: a private endpoint in the endpoints subnet; the frontend calls it by name", () => {
    for (const api of sites().filter((x) => !isWeb(x))) {
      expect(api.public_network_access_enabled).toBe(false);
      expect(api.site_config.cors).toBeUndefined();
    }
    const endpoints = all(s, "azurerm_private_endpoint") as { private_service_connection: { subresource_names: string[]; private_connection_resource_id: string } }[];
    expect(endpoints.filter((e) => e.private_service_connection.subresource_names[0] === "sites" && e.private_service_connection.private_connection_resource_id.includes("App-api"))).toHaveLength(1);
    const web = sites().find(isWeb)!;
    const api = sites().find((x) => !isWeb(x))!;
    expect(web.app_settings.BACKEND_URL).toBe(`https://${api.name}.azurewebsites.net`);
  });

  test("TLS 1.3 on the apps and slots (the SCM sites at azurerm's maximum, 1.2)", () => {
    for (const site of sites()) expect(site.site_config).toMatchObject({ minimum_tls_version: "1.3", scm_minimum_tls_version: "1.2" });
  });

  test("the alerts: authentication failures everywhere; database CPU and memory and Key Vault denials with full monitoring; autoscale events with autoscale", () => {
    const logs = all(s, "azurerm_monitor_scheduled_query_rules_alert_v2") as { name: string; severity: number; criteria: { query: string; threshold: number }[] }[];
    const auth = logs.find((a) => a.name.endsWith("-auth-failures"))!;
    expect(auth).toMatchObject({ severity: 1, criteria: [expect.objectContaining({ threshold: 10 })] });
    expect(auth.criteria[0].query).toContain('resultCode in ("401", "403")');
    const denied = logs.find((a) => a.name.endsWith("-kv-denied"));
    expect(denied?.severity).toBe(t.full ? 3 : undefined);
    const metrics = (all(s, "azurerm_monitor_metric_alert") as { criteria: { metric_name: string }[] }[]).map((a) => a.criteria[0].metric_name);
    for (const m of ["cpu_percent", "memory_percent", "CpuPercent", "MemoryPercent"]) expect(metrics.includes(m)).toBe(t.full);
    const activity = all(s, "azurerm_monitor_activity_log_alert") as { criteria: { category: string } }[];
    expect(activity.filter((a) => a.criteria.category === "Autoscale")).toHaveLength(t.autoscale ? 1 : 0);
  });

  test("a budget on the resource group with the document's 90 % alert", () => {
    expect(only(s, "azurerm_consumption_budget_resource_group")).toMatchObject({
      amount: t.budget,
      time_period: { start_date: "2026-12-01T00:00:00Z" },
      notification: [expect.objectContaining({ threshold: 90, threshold_type: "Actual" })],
    });
  });
});
