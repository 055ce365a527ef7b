import { type SynthesizedStack, synthAll } from "../helpers/synth-all";

function stack(name: string): SynthesizedStack {
  const s = synthAll().find((x) => x.name === name);
  if (!s) throw new Error(`no stack ${name}`);
  return s;
}

function all(s: SynthesizedStack, type: string): Record<string, unknown>[] {
  return Object.values(s.json.resource[type] ?? {});
}

function only(s: SynthesizedStack, type: string): Record<string, unknown> {
  const r = all(s, type);
  expect(r).toHaveLength(1);
  return r[0];
}

/** The document's "Deployment Environments", column by column. */
describe.each([
  ["dev", { plan: "B1", workers: undefined, ha: false, replication: "LRS", slots: 0, autoscale: false, fullMonitoring: false }],
  ["staging", { plan: "S1", workers: 2, ha: false, replication: "ZRS", slots: 0, autoscale: true, fullMonitoring: true }],
  ["prod", { plan: "P1v3", workers: 2, ha: true, replication: "RAGZRS", slots: 2, autoscale: true, fullMonitoring: true }],
])("studio-%s follows the environment table", (env, t) => {
  const s = stack(`studio-${env}`);

  test("one App Service plan with the NextJS frontend and the FastAPI backend, VNet-integrated", () => {
    expect(only(s, "azurerm_service_plan")).toMatchObject({ os_type: "Linux", sku_name: t.plan });
    const apps = all(s, "azurerm_linux_web_app") as { site_config: { application_stack: Record<string, string>; vnet_route_all_enabled: boolean }; virtual_network_subnet_id: string; https_only: boolean }[];
    expect(apps.map((a) => a.site_config.application_stack).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)))).toEqual([{ node_version: "20-lts" }, { python_version: "3.11" }]);
    for (const app of apps) {
      expect(app.https_only).toBe(true);
      expect(app.virtual_network_subnet_id).toMatch(/^\$\{azurerm_subnet\.Network_Subnet-app_\w+\.id\}$/);
      expect(app.site_config.vnet_route_all_enabled).toBe(true);
    }
    expect(all(s, "azurerm_linux_web_app_slot")).toHaveLength(t.slots);
    expect(all(s, "azurerm_monitor_autoscale_setting")).toHaveLength(t.autoscale ? 1 : 0);
  });

  test("Cosmos DB for PostgreSQL: single node, coordinator plus workers, or HA", () => {
    const cluster = only(s, "azurerm_cosmosdb_postgresql_cluster");
    expect(cluster.node_count ?? 0).toBe(t.workers ?? 0);
    expect(cluster.ha_enabled ?? false).toBe(t.ha);
    expect(cluster).toMatchObject({ coordinator_public_ip_access_enabled: false });
  });

  test("storage redundancy", () => {
    expect(only(s, "azurerm_storage_account")).toMatchObject({ account_replication_type: t.replication, public_network_access_enabled: false, shared_access_key_enabled: false });
  });

  test("monitoring: critical alerts everywhere, the full set and diagnostics outside dev", () => {
    const metricAlerts = all(s, "azurerm_monitor_metric_alert") as { criteria: { metric_name: string }[] }[];
    const names = metricAlerts.map((a) => a.criteria[0].metric_name).sort();
    const critical = ["HealthCheckStatus", "HealthCheckStatus"];
    expect(names).toEqual(t.fullMonitoring ? ["CpuPercentage", ...critical, "MemoryPercentage", "StoragePercent", "requests/duration", "storage_percent"].sort() : critical);
    expect(all(s, "azurerm_monitor_scheduled_query_rules_alert_v2")).toHaveLength(1); // error rate > 5 %
    expect(all(s, "azurerm_monitor_activity_log_alert")).toHaveLength(1); // database unavailable
    expect(all(s, "azurerm_monitor_diagnostic_setting")).toHaveLength(t.fullMonitoring ? 5 : 0);
  });
});

describe("Studio network", () => {
  const s = stack("studio-prod");

  test("the document's VNet: 10.0.0.0/16 with app, endpoints and database subnets", () => {
    expect(only(s, "azurerm_virtual_network")).toMatchObject({ address_space: ["10.0.0.0/16"] });
    const subnets = Object.fromEntries((all(s, "azurerm_subnet") as { name: string; address_prefixes: string[] }[]).map((x) => [x.name, x.address_prefixes]));
    expect(subnets).toEqual({ "snet-app": ["10.0.1.0/24"], "snet-endpoints": ["10.0.2.0/24"], "snet-data": ["10.0.3.0/24"] });
  });

  test("the document's NSG tables", () => {
    const rules = (all(s, "azurerm_network_security_rule") as { name: string; priority: number; access: string; destination_port_range?: string }[])
      .map((r) => `${r.priority} ${r.name} ${r.access} ${r.destination_port_range ?? ""}`)
      .sort();
    expect(rules).toEqual([
      "100 AllowAppService Allow *",
      "100 AllowHTTPS Allow 443",
      "100 AllowPostgres Allow 5432",
      "110 AllowHTTP Allow 80",
      "110 AllowMongo Allow 10260",
      "120 AllowAPI Allow 8000",
      "130 DenyAll Deny *",
      "130 DenyAll Deny *",
      "130 DenyAll Deny *",
    ]);
  });

  test.each(["staging", "prod"])("%s: every data service is reachable only through private endpoints", (env) => {
    const st = stack(`studio-${env}`);
    expect(only(st, "azurerm_cosmosdb_postgresql_cluster")).toMatchObject({ coordinator_public_ip_access_enabled: false, node_public_ip_access_enabled: false });
    expect(only(st, "azurerm_mongo_cluster")).toMatchObject({ public_network_access: "Disabled" });
    expect(only(st, "azurerm_storage_account")).toMatchObject({ public_network_access_enabled: false });
    expect(only(st, "azurerm_cognitive_account")).toMatchObject({ public_network_access_enabled: false, local_auth_enabled: false });
    expect(only(st, "azurerm_key_vault")).toMatchObject({ network_acls: { default_action: "Deny" } });
    const targets = (all(st, "azurerm_private_endpoint") as { private_service_connection: { subresource_names: string[] } }[]).map((e) => e.private_service_connection.subresource_names[0]).sort();
    expect(targets).toEqual(expect.arrayContaining(["MongoCluster", "account", "blob", "coordinator", "file", "queue", "vault"]));
  });

  test("one privatelink zone per service, each linked to the VNet once", () => {
    const zones = (all(s, "azurerm_private_dns_zone") as { name: string }[]).map((z) => z.name).sort();
    expect(zones).toEqual([
      "privatelink.azurecr.io",
      "privatelink.blob.core.windows.net",
      "privatelink.file.core.windows.net",
      "privatelink.mongocluster.cosmos.azure.com",
      "privatelink.openai.azure.com",
      "privatelink.postgres.cosmos.azure.com",
      "privatelink.queue.core.windows.net",
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
    expect(deployments.map((d) => `${d.name}:${d.model.name}`).sort()).toEqual(["chat-fast:gpt-4.1-mini", "chat:gpt-4.1", "embeddings:text-embedding-3-small"]);
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
    expect(roles).toEqual(["AcrPull", "Cognitive Services OpenAI User", "Key Vault Secrets User", "Storage Blob Data Contributor"]);
  });

  test("the registry has no admin user and is private on Premium", () => {
    expect(only(s, "azurerm_container_registry")).toMatchObject({ sku: "Premium", admin_enabled: false, public_network_access_enabled: false });
  });

  test("storage: containers, file shares, queues, lifecycle on operational data, CORS for the frontend", () => {
    expect((all(s, "azurerm_storage_container") as { name: string }[]).map((c) => c.name).sort()).toEqual(["backups", "logs", "temp-files", "user-files"]);
    expect((all(s, "azurerm_storage_share") as { name: string }[]).map((c) => c.name).sort()).toEqual(["reports", "shared-documents", "templates"]);
    expect((all(s, "azurerm_storage_queue") as { name: string }[]).map((c) => c.name).sort()).toEqual(["background-jobs", "events", "notifications"]);
    const policy = only(s, "azurerm_storage_management_policy") as { rule: { filters: { prefix_match: string[] } }[] };
    expect(policy.rule[0].filters.prefix_match).toEqual(["temp-files/", "backups/", "logs/"]);
    const account = only(s, "azurerm_storage_account") as { blob_properties: { cors_rule: { allowed_origins: string[] }[] } };
    const web = (all(s, "azurerm_linux_web_app") as { name: string; site_config: { application_stack: Record<string, string> } }[]).find((a) => a.site_config.application_stack.node_version)!;
    expect(web.name).toMatch(/^app-studio-prd-eus2-web-[0-9a-z]{4}$/);
    expect(account.blob_properties.cors_rule[0].allowed_origins).toEqual([`https://${web.name}.azurewebsites.net`]);
  });
});
