import { UGC_STUDIO_AI_PROVIDER_FQDNS, UGC_STUDIO_BLOB_CONTAINERS } from "../../stacks/ugc-studio";
import { onlyOfType as only, resourcesOfType as all, synthesizedStack as stack } from "../helpers/synth-all";

type Json = Record<string, unknown>;
type Pool = { name?: string; vm_size: string; min_count: number; max_count: number; node_taints?: string[]; gpu_driver?: string; kubernetes_cluster_id?: string };

/** The tier table (stacks/ugc-studio/profile.ts, README "UGC Creator Studio"), column by column. */
describe.each([
  ["dev", {
    aksTier: "Free", system: [1, 3], app: [1, 5], gpu: [0, 2], outbound: "loadBalancer", clusters: 1,
    pg: "GP_Standard_D2ds_v5", pgStorage: 32768, pgHa: undefined, pgRetention: 7, pgGeo: false, pgServers: 1,
    cosmosRegions: ["eastus2"], multiWrite: false, cosmosBackup: "Continuous7Days", ru: 1000,
    redis: "Balanced_B0", redisHa: false, replication: "LRS", bus: "Premium", busUnits: 1, hubPartitions: 2, hubRetention: 1,
    acrGeo: [], frontDoor: "Standard_AzureFrontDoor", apim: ["Developer_1"], apimVnet: "External", firewall: 0, ddos: false,
    bastion: "Developer", budget: 2600, locks: 0, vnets: 1,
  }],
  ["staging", {
    aksTier: "Standard", system: [2, 3], app: [2, 10], gpu: [0, 3], outbound: "loadBalancer", clusters: 1,
    pg: "GP_Standard_D4ds_v5", pgStorage: 65536, pgHa: undefined, pgRetention: 7, pgGeo: false, pgServers: 1,
    cosmosRegions: ["eastus2"], multiWrite: false, cosmosBackup: "Continuous7Days", ru: 4000,
    redis: "Balanced_B1", redisHa: true, replication: "LRS", bus: "Premium", busUnits: 1, hubPartitions: 4, hubRetention: 3,
    acrGeo: [], frontDoor: "Standard_AzureFrontDoor", apim: ["Developer_1"], apimVnet: "External", firewall: 0, ddos: false,
    bastion: "Developer", budget: 6000, locks: 0, vnets: 1,
  }],
  ["prod", {
    aksTier: "Standard", system: [3, 5], app: [3, 20], gpu: [1, 10], outbound: "userDefinedRouting", clusters: 2,
    pg: "MO_Standard_E8ds_v5", pgStorage: 262144, pgHa: "ZoneRedundant", pgRetention: 35, pgGeo: true, pgServers: 2,
    cosmosRegions: ["eastus2", "centralus"], multiWrite: true, cosmosBackup: "Continuous30Days", ru: 10000,
    redis: "Balanced_B5", redisHa: true, replication: "GRS", bus: "Premium", busUnits: 1, hubPartitions: 8, hubRetention: 7,
    acrGeo: ["centralus"], frontDoor: "Standard_AzureFrontDoor", apim: ["StandardV2_1", "StandardV2_1"], apimVnet: "External", firewall: 1, ddos: true,
    bastion: "Basic", budget: 22000, locks: 12, vnets: 2,
  }],
] as const)("ugc-studio-%s follows the tier table", (env, t) => {
  const s = stack(`ugc-studio-${env}`);
  const clusters = all(s, "azurerm_kubernetes_cluster") as Array<Json & { default_node_pool: Pool; network_profile: Json; location: string }>;
  const primary = clusters.find((c) => c.location === "eastus2")!;

  test("AKS: tier, a supported version, Azure CNI Overlay with Cilium, private API server, Entra ID with Azure RBAC, add-ons", () => {
    expect(clusters).toHaveLength(t.clusters);
    expect(primary).toMatchObject({
      sku_tier: t.aksTier,
      kubernetes_version: "1.36",
      private_cluster_enabled: true,
      oidc_issuer_enabled: true,
      workload_identity_enabled: true,
      local_account_disabled: true,
      azure_policy_enabled: true,
      workload_autoscaler_profile: { keda_enabled: true },
      key_vault_secrets_provider: { secret_rotation_enabled: true },
      azure_active_directory_role_based_access_control: { azure_rbac_enabled: true },
      node_os_upgrade_channel: "NodeImage",
      automatic_upgrade_channel: "patch",
    });
    expect(primary.network_profile).toMatchObject({ network_plugin: "azure", network_plugin_mode: "overlay", network_policy: "cilium", pod_cidr: "192.168.0.0/16", outbound_type: t.outbound });
    expect(primary.oms_agent).toMatchObject({ msi_auth_for_monitoring_enabled: true });
    expect(primary.monitor_metrics).toEqual({});
  });

  test("node pools: the system, application and GPU ranges; the GPU pool is tainted and scales to zero outside prod", () => {
    const sys = primary.default_node_pool;
    expect([sys.vm_size, sys.min_count, sys.max_count]).toEqual(["Standard_D4s_v5", ...t.system]);
    const pools = (all(s, "azurerm_kubernetes_cluster_node_pool") as Pool[]).filter((p) => JSON.stringify(p.kubernetes_cluster_id).includes(Object.keys(s.json.resource.azurerm_kubernetes_cluster).find((k) => s.json.resource.azurerm_kubernetes_cluster[k] === primary)!));
    const byName = Object.fromEntries(pools.map((p) => [p.name, p]));
    expect([byName.app.vm_size, byName.app.min_count, byName.app.max_count]).toEqual(["Standard_D8s_v5", ...t.app]);
    expect([byName.gpu.vm_size, byName.gpu.min_count, byName.gpu.max_count]).toEqual(["Standard_NC8as_T4_v3", ...t.gpu]);
    expect(byName.gpu).toMatchObject({ node_taints: ["nvidia.com/gpu=present:NoSchedule"], gpu_driver: "Install" });
  });

  test("Container Insights collects through its data collection rule; managed Prometheus into the Azure Monitor workspace", () => {
    const rules = all(s, "azurerm_monitor_data_collection_rule") as Array<{ name: string; data_sources: { extension?: Array<{ extension_name: string }>; prometheus_forwarder?: unknown[] } }>;
    expect(rules.filter((r) => r.data_sources.extension?.[0]?.extension_name === "ContainerInsights")).toHaveLength(t.clusters);
    expect(rules.filter((r) => r.data_sources.prometheus_forwarder)).toHaveLength(t.clusters);
    expect(all(s, "azurerm_monitor_workspace")).toHaveLength(1);
    const associations = (all(s, "azurerm_monitor_data_collection_rule_association") as Json[]).map((a) => a.name);
    expect(associations.filter((n) => n === "ContainerInsightsExtension")).toHaveLength(t.clusters);
  });

  test("workload identities: one per service account, federated with every cluster's issuer", () => {
    const credentials = all(s, "azurerm_federated_identity_credential") as Array<{ subject: string; audience: string[] }>;
    const subjects = [...new Set(credentials.map((c) => c.subject))].sort();
    expect(subjects).toEqual([
      "system:serviceaccount:kube-system:keda-operator",
      "system:serviceaccount:ugc:analytics-service",
      "system:serviceaccount:ugc:content-service",
      "system:serviceaccount:ugc:queue-processor",
      "system:serviceaccount:ugc:video-encoder",
    ]);
    expect(credentials).toHaveLength(5 * t.clusters);
    for (const c of credentials) expect(c.audience).toEqual(["api://AzureADTokenExchange"]);
  });

  test("PostgreSQL: version 15, the SKU, HA, backups, private endpoint, and the cross-region read replica in prod", () => {
    const servers = all(s, "azurerm_postgresql_flexible_server") as Json[];
    expect(servers).toHaveLength(t.pgServers);
    const pg = servers.find((x) => x.create_mode === undefined)!;
    expect(pg).toMatchObject({ version: "15", sku_name: t.pg, storage_mb: t.pgStorage, backup_retention_days: t.pgRetention, geo_redundant_backup_enabled: t.pgGeo, public_network_access_enabled: false });
    expect((pg.high_availability as Json | undefined)?.mode).toBe(t.pgHa);
    const replica = servers.find((x) => x.create_mode === "Replica");
    expect(replica?.location).toBe(t.pgServers === 2 ? "centralus" : undefined);
  });

  test("Cosmos DB for MongoDB: regions, multi-region writes, continuous backup, the shared autoscale maximum", () => {
    const account = only(s, "azurerm_cosmosdb_account") as { kind: string; geo_location: { location: string }[]; multiple_write_locations_enabled: boolean; backup: Json; public_network_access_enabled: boolean };
    expect(account).toMatchObject({ kind: "MongoDB", multiple_write_locations_enabled: t.multiWrite, backup: { type: "Continuous", tier: t.cosmosBackup }, public_network_access_enabled: false });
    expect(account.geo_location.map((g) => g.location)).toEqual(t.cosmosRegions);
    expect(only(s, "azurerm_cosmosdb_mongo_database")).toMatchObject({ name: "ugc", autoscale_settings: { max_throughput: t.ru } });
    expect((all(s, "azurerm_cosmosdb_mongo_collection") as Json[]).map((c) => [c.name, c.shard_key]).sort()).toEqual([["analytics", "creatorId"], ["templates", "brandId"]]);
  });

  test("Redis, Blob storage with archive lifecycle, Service Bus Premium job queues with dead-lettering, Event Hubs", () => {
    expect(only(s, "azurerm_managed_redis")).toMatchObject({ sku_name: t.redis, high_availability_enabled: t.redisHa });
    expect(only(s, "azurerm_storage_account")).toMatchObject({ account_replication_type: t.replication, account_tier: "Standard" });
    expect((all(s, "azurerm_storage_container") as Json[]).map((c) => c.name).sort()).toEqual([...UGC_STUDIO_BLOB_CONTAINERS].sort());
    const policy = JSON.stringify(all(s, "azurerm_storage_management_policy"));
    expect(policy).toContain('"tier_to_archive_after_days_since_modification_greater_than":180');
    expect(only(s, "azurerm_servicebus_namespace")).toMatchObject({ sku: t.bus, capacity: t.busUnits, local_auth_enabled: false, public_network_access_enabled: false });
    const queues = Object.fromEntries((all(s, "azurerm_servicebus_queue") as Json[]).map((q) => [q.name, [q.max_delivery_count, q.dead_lettering_on_message_expiration]]));
    expect(queues).toEqual({ "content-jobs": [5, true], "render-jobs": [5, true] });
    expect(only(s, "azurerm_eventhub")).toMatchObject({ name: "analytics-events", partition_count: t.hubPartitions, message_retention: t.hubRetention });
  });

  test("registry: Premium, private, zone redundant, untagged retention, geo-replicated to the standby region in prod; kubelets pull", () => {
    const acr = only(s, "azurerm_container_registry") as Json & { georeplications?: { location: string }[] };
    expect(acr).toMatchObject({ sku: "Premium", public_network_access_enabled: false, zone_redundancy_enabled: true, admin_enabled: false });
    expect((acr.georeplications ?? []).map((g) => g.location)).toEqual(t.acrGeo);
    const pulls = (all(s, "azurerm_role_assignment") as Json[]).filter((r) => r.role_definition_name === "AcrPull");
    expect(pulls).toHaveLength(t.clusters);
  });

  test("edge: Front Door with WAF, API Management in the VNet, failing over to the standby gateway in prod", () => {
    expect(only(s, "azurerm_cdn_frontdoor_profile")).toMatchObject({ sku_name: t.frontDoor });
    expect((only(s, "azurerm_cdn_frontdoor_firewall_policy") as Json).mode).toBe("Prevention");
    const gateways = all(s, "azurerm_api_management") as Json[];
    expect(gateways.map((g) => g.sku_name)).toEqual(t.apim);
    for (const g of gateways) expect(g.virtual_network_type).toBe(t.apimVnet);
    const origins = (all(s, "azurerm_cdn_frontdoor_origin") as Json[]).map((o) => o.priority).sort();
    expect(origins).toEqual(t.clusters === 2 ? [1, 2] : [1]);
    for (const api of all(s, "azurerm_api_management_api") as Json[]) expect(api.service_url).toMatch(/^https:\/\/10\.\d+\.1\.250$/);
  });

  test("perimeter: the egress firewall and the shared DDoS plan in prod only", () => {
    expect(all(s, "azurerm_firewall")).toHaveLength(t.firewall);
    if (t.firewall) {
      const group = JSON.stringify(only(s, "azurerm_firewall_policy_rule_collection_group"));
      for (const fqdn of UGC_STUDIO_AI_PROVIDER_FQDNS) expect(group).toContain(fqdn);
      expect(group).toContain("AzureKubernetesService");
    }
    const vnets = all(s, "azurerm_virtual_network") as Array<{ ddos_protection_plan?: { id: string } }>;
    expect(vnets).toHaveLength(t.vnets);
    for (const v of vnets) expect(v.ddos_protection_plan !== undefined).toBe(t.ddos);
  });

  test("alerts for the document's triggers and failures, Bastion, the budget, locks in prod", () => {
    const metrics = (all(s, "azurerm_monitor_metric_alert") as Array<{ criteria: Array<{ metric_name: string; threshold: number }> }>).map((a) => `${a.criteria[0].metric_name} ${a.criteria[0].threshold}`);
    expect(metrics).toEqual(expect.arrayContaining(["node_cpu_usage_percentage 70", "node_memory_working_set_percentage 80", "cluster_autoscaler_unschedulable_pods_count 0", "ActiveMessages 100", "DeadletteredMessages 0", "cpu_percent 80", "storage_percent 80"]));
    expect(metrics.includes("physical_replication_delay_in_seconds 300")).toBe(t.pgServers === 2);
    expect(only(s, "azurerm_bastion_host")).toMatchObject({ sku: t.bastion });
    expect(only(s, "azurerm_consumption_budget_resource_group")).toMatchObject({ amount: t.budget });
    expect(all(s, "azurerm_management_lock")).toHaveLength(t.locks);
  });
});
