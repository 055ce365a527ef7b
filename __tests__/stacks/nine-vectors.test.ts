import { NINE_VECTORS_BLOB_CONTAINERS, NINE_VECTORS_CONTAINERS } from "../../stacks/nine-vectors";
import { onlyOfType as only, resourcesOfType as all, synthesizedStack as stack } from "../helpers/synth-all";

type Json = Record<string, unknown>;

/** The document's tiers mapped to environments (README, "9Vectors"), column by column. */
describe.each([
  ["dev", {
    frontDoor: "Standard_AzureFrontDoor", managedRules: 0, apim: "Developer_1", apimVnet: undefined, plan: "B1", autoscale: undefined, zones: false,
    apiPublic: true, functionsPlan: "FC1", flex: true, cosmosServerless: true, cosmosRegions: ["eastus2"], cosmosBackup: "Continuous7Days", sharedThroughput: undefined, containerThroughput: false,
    sql: "GP_S_Gen5_1", sqlMin: 0.5, autoPause: 60, shortTerm: 7, ltr: undefined, failoverGroups: 0, redis: "Balanced_B0", redisHa: false, rdb: undefined,
    replication: "LRS", bus: "Standard", busPrivate: false, exportsMaxKb: undefined, search: "basic", replicas: 1, searchPublic: true,
    swa: "Free", bastion: "Developer", budget: 178, locks: 0,
  }],
  ["staging", {
    frontDoor: "Standard_AzureFrontDoor", managedRules: 0, apim: "Developer_1", apimVnet: undefined, plan: "P0v3", autoscale: [2, 5], zones: false,
    apiPublic: true, functionsPlan: "EP1", flex: false, cosmosServerless: false, cosmosRegions: ["eastus2"], cosmosBackup: "Continuous7Days", sharedThroughput: 4000, containerThroughput: false,
    sql: "GP_S_Gen5_2", sqlMin: 0.5, autoPause: 60, shortTerm: 7, ltr: undefined, failoverGroups: 0, redis: "Balanced_B5", redisHa: true, rdb: undefined,
    replication: "LRS", bus: "Premium", busPrivate: true, exportsMaxKb: 102400, search: "basic", replicas: 1, searchPublic: false,
    swa: "Standard", bastion: "Developer", budget: 1537, locks: 0,
  }],
  ["prod", {
    frontDoor: "Premium_AzureFrontDoor", managedRules: 2, apim: "StandardV2_1", apimVnet: "External", plan: "P1v3", autoscale: [2, 20], zones: true,
    apiPublic: false, functionsPlan: "EP1", flex: false, cosmosServerless: false, cosmosRegions: ["eastus2", "centralus"], cosmosBackup: "Continuous30Days", sharedThroughput: undefined, containerThroughput: true,
    sql: "GP_S_Gen5_8", sqlMin: 1, autoPause: -1, shortTerm: 35, ltr: "P1Y", failoverGroups: 1, redis: "Balanced_B5", redisHa: true, rdb: "12h",
    replication: "GRS", bus: "Premium", busPrivate: true, exportsMaxKb: 102400, search: "standard", replicas: 2, searchPublic: false,
    swa: "Standard", bastion: "Basic", budget: 3100, locks: 12,
  }],
] as const)("nine-vectors-%s follows the tier table", (env, t) => {
  const s = stack(`nine-vectors-${env}`);

  test("Front Door: the tier, a WAF in Prevention with the document's rate limit and geo-filter, managed rules on Premium", () => {
    expect(only(s, "azurerm_cdn_frontdoor_profile")).toMatchObject({ sku_name: t.frontDoor });
    const waf = only(s, "azurerm_cdn_frontdoor_firewall_policy") as { mode: string; managed_rule?: unknown[]; custom_rule: Json[] };
    expect(waf.mode).toBe("Prevention");
    expect(waf.managed_rule ?? []).toHaveLength(t.managedRules);
    const rate = waf.custom_rule.find((r) => r.type === "RateLimitRule")!;
    expect(rate).toMatchObject({ rate_limit_threshold: 1000, rate_limit_duration_in_minutes: 1, action: "Block" });
    const geo = waf.custom_rule.find((r) => r.type === "MatchRule") as { match_condition: { match_variable: string; match_values: string[] }[] };
    expect(geo.match_condition[0].match_values).toEqual(["CU", "IR", "KP", "SY"]);
    expect(all(s, "azurerm_cdn_frontdoor_security_policy")).toHaveLength(1);
  });

  test("routes: the frontend cached by the document's rules, the API through API Management uncached, HTTPS only", () => {
    const routes = all(s, "azurerm_cdn_frontdoor_route") as { patterns_to_match: string[]; cache?: unknown; https_redirect_enabled: boolean; forwarding_protocol: string }[];
    expect(routes.map((r) => [r.patterns_to_match, r.cache !== undefined]).sort()).toEqual([[["/*"], true], [["/api/*"], false]]);
    for (const r of routes) expect(r).toMatchObject({ https_redirect_enabled: true, forwarding_protocol: "HttpsOnly" });
    const rules = all(s, "azurerm_cdn_frontdoor_rule") as { name: string; actions: { route_configuration_override_action: { cache_duration: string } } }[];
    expect(Object.fromEntries(rules.map((r) => [r.name, r.actions.route_configuration_override_action.cache_duration]))).toEqual({ StaticAssets: "1.00:00:00", Documents: "01:00:00" });
  });

  test("API Management: the tier, Front Door's id checked, tokens validated, per-IP rate limit and per-subscription quota, security headers", () => {
    const apim = only(s, "azurerm_api_management");
    expect(apim).toMatchObject({ sku_name: t.apim });
    expect(apim.virtual_network_type).toBe(t.apimVnet);
    const xml = only(s, "azurerm_api_management_policy").xml_content as string;
    expect(xml).toMatch(/<check-header name="X-Azure-FDID"[^>]*>\s*<value>\$\{azurerm_cdn_frontdoor_profile\.\w+\.resource_guid\}<\/value>/);
    expect(xml).toContain('<validate-jwt header-name="Authorization" failed-validation-httpcode="401"');
    expect(xml).toContain('<rate-limit-by-key calls="1000" renewal-period="60" counter-key="@(context.Request.IpAddress)" />');
    expect(xml).toContain('<quota calls="100000" renewal-period="86400" />');
    expect(xml).toContain('<set-header name="X-Frame-Options" exists-action="override">');
    expect(all(s, "azurerm_api_management_api").map((a) => (a as Json).path)).toEqual(["api/v1"]);
  });

  test("the API: the plan, the document's autoscale rules, private behind the v2 gateway or admitting the classic gateway's address only", () => {
    const plans = all(s, "azurerm_service_plan") as Json[];
    const apiPlan = plans.find((p) => p.sku_name === t.plan)!;
    expect(apiPlan.zone_balancing_enabled ?? false).toBe(t.zones);
    const autoscale = all(s, "azurerm_monitor_autoscale_setting") as { profile: { capacity: { minimum: number; maximum: number }; rule: { metric_trigger: Json; scale_action: Json }[] }[] }[];
    expect(autoscale.map((a) => [a.profile[0].capacity.minimum, a.profile[0].capacity.maximum])).toEqual(t.autoscale ? [[...t.autoscale]] : []);
    if (t.autoscale) {
      const rules = autoscale[0].profile[0].rule.map((r) => `${r.scale_action.direction} ${r.metric_trigger.metric_name} ${r.metric_trigger.operator} ${r.metric_trigger.threshold} ${r.metric_trigger.time_window}`);
      expect(rules).toEqual([
        "Increase CpuPercentage GreaterThan 70 PT5M",
        "Increase MemoryPercentage GreaterThan 80 PT5M",
        "Increase HttpQueueLength GreaterThan 100 PT5M",
        "Increase Http5xx GreaterThan 50 PT5M",
        "Decrease CpuPercentage LessThan 30 PT10M",
        "Decrease MemoryPercentage LessThan 40 PT10M",
        "Decrease HttpQueueLength LessThan 10 PT10M",
      ]);
    }
    const app = only(s, "azurerm_linux_web_app") as { public_network_access_enabled?: boolean; site_config: { ip_restriction?: Json[]; ip_restriction_default_action?: string } };
    expect(app.public_network_access_enabled ?? true).toBe(t.apiPublic);
    if (t.apiPublic) {
      expect(app.site_config.ip_restriction_default_action).toBe("Deny");
      expect(app.site_config.ip_restriction).toEqual([expect.objectContaining({ name: "AllowApiManagement", ip_address: expect.stringMatching(/^\$\{element\(azurerm_api_management\.\w+\.public_ip_addresses, 0\)\}\/32$/) })]);
    }
  });

  test("Functions: Flex Consumption or Elastic Premium, private, identity-based connections to Service Bus, Cosmos DB and Storage", () => {
    const plans = all(s, "azurerm_service_plan") as Json[];
    expect(plans.map((p) => p.sku_name)).toContain(t.functionsPlan);
    const fn = t.flex ? only(s, "azurerm_function_app_flex_consumption") : only(s, "azurerm_linux_function_app");
    expect(fn.public_network_access_enabled).toBe(false);
    const settings = fn.app_settings as Record<string, string>;
    expect(settings.ServiceBus__fullyQualifiedNamespace).toMatch(/\.servicebus\.windows\.net/);
    expect(settings.CosmosDb__accountEndpoint).toMatch(/^\$\{azurerm_cosmosdb_account\.\w+\.endpoint\}$/);
    expect(Object.keys(settings).filter((k) => /ConnectionString|AccountKey/i.test(k) || /AccountKey=/.test(settings[k]))).toEqual([]);
  });

  test("Cosmos DB for NoSQL: capacity mode, regions, backup, the six containers by organization, metrics expire after 90 days", () => {
    const account = only(s, "azurerm_cosmosdb_account") as { geo_location: { location: string }[]; backup: Json; capabilities?: { name: string }[]; local_authentication_disabled: boolean };
    expect(account.geo_location.map((g) => g.location)).toEqual(t.cosmosRegions);
    expect(account.backup).toEqual({ type: "Continuous", tier: t.cosmosBackup });
    expect((account.capabilities ?? []).some((c) => c.name === "EnableServerless")).toBe(t.cosmosServerless);
    expect(account.local_authentication_disabled).toBe(true);
    const db = only(s, "azurerm_cosmosdb_sql_database") as { autoscale_settings?: { max_throughput: number } };
    expect(db.autoscale_settings?.max_throughput).toBe(t.sharedThroughput);
    const containers = all(s, "azurerm_cosmosdb_sql_container") as { name: string; partition_key_paths: string[]; default_ttl?: number; autoscale_settings?: { max_throughput: number } }[];
    expect(containers.map((c) => c.name).sort()).toEqual(NINE_VECTORS_CONTAINERS.map((c) => c.name).sort());
    for (const c of containers) {
      const spec = NINE_VECTORS_CONTAINERS.find((x) => x.name === c.name)!;
      expect(c.partition_key_paths).toEqual(["/organizationId"]);
      expect(c.autoscale_settings?.max_throughput).toBe(t.containerThroughput ? spec.autoscaleMax : undefined);
      expect(c.default_ttl).toBe(c.name === "metrics" ? 7776000 : undefined);
    }
  });

  test("Azure SQL: General Purpose serverless, auto-pause where nothing prevents it, Entra-only, retention, a failover group in prod", () => {
    const db = only(s, "azurerm_mssql_database") as Json & { short_term_retention_policy: { retention_days: number }; long_term_retention_policy?: { yearly_retention: string } };
    expect(db).toMatchObject({ sku_name: t.sql, min_capacity: t.sqlMin, auto_pause_delay_in_minutes: t.autoPause, max_size_gb: 32 });
    expect(db.short_term_retention_policy.retention_days).toBe(t.shortTerm);
    expect(db.long_term_retention_policy?.yearly_retention).toBe(t.ltr);
    for (const server of all(s, "azurerm_mssql_server") as { azuread_administrator: { azuread_authentication_only: boolean }; administrator_login?: string; public_network_access_enabled: boolean }[]) {
      expect(server.azuread_administrator.azuread_authentication_only).toBe(true);
      expect(server.administrator_login).toBeUndefined();
      expect(server.public_network_access_enabled).toBe(false);
    }
    expect(all(s, "azurerm_mssql_failover_group")).toHaveLength(t.failoverGroups);
  });

  test("Managed Redis, Blob storage tiers, Service Bus queues, AI Search", () => {
    const redis = only(s, "azurerm_managed_redis") as { sku_name: string; high_availability_enabled: boolean; default_database: Json };
    expect(redis).toMatchObject({ sku_name: t.redis, high_availability_enabled: t.redisHa });
    expect(redis.default_database.persistence_redis_database_backup_frequency).toBe(t.rdb);

    const documents = (all(s, "azurerm_storage_account") as Json[]).find((a) => !String(a.name).includes("func"))!;
    expect(documents).toMatchObject({ account_replication_type: t.replication });
    expect(documents.blob_properties).toMatchObject({ versioning_enabled: true, delete_retention_policy: { days: 14 }, container_delete_retention_policy: { days: 14 } });
    const containers = (all(s, "azurerm_storage_container") as { name: string }[]).map((c) => c.name);
    expect(containers).toEqual(expect.arrayContaining([...NINE_VECTORS_BLOB_CONTAINERS]));
    const policy = JSON.stringify(all(s, "azurerm_storage_management_policy"));
    expect(policy).toContain('"tier_to_cool_after_days_since_modification_greater_than":30');
    expect(policy).toContain('"tier_to_archive_after_days_since_modification_greater_than":90');

    const bus = only(s, "azurerm_servicebus_namespace");
    expect(bus).toMatchObject({ sku: t.bus, local_auth_enabled: false, minimum_tls_version: "1.2" });
    expect(all(s, "azurerm_private_endpoint").some((e) => JSON.stringify(e).includes('"namespace"'))).toBe(t.busPrivate);
    const queues = Object.fromEntries((all(s, "azurerm_servicebus_queue") as Json[]).map((q) => [q.name, [q.default_message_ttl, q.max_delivery_count, q.max_message_size_in_kilobytes]]));
    expect(queues).toEqual({
      "document-processing": ["P1D", 3, undefined],
      "ai-analysis": ["PT12H", 5, undefined],
      notifications: ["PT6H", 3, undefined],
      exports: ["P2D", 1, t.exportsMaxKb],
    });

    const search = only(s, "azurerm_search_service");
    expect(search).toMatchObject({ sku: t.search, replica_count: t.replicas, public_network_access_enabled: t.searchPublic, local_authentication_enabled: false });
  });

  test("the frontend's plan, Bastion, the budget, locks on the stateful resources in prod", () => {
    expect(only(s, "azurerm_static_web_app")).toMatchObject({ sku_tier: t.swa });
    expect(only(s, "azurerm_bastion_host")).toMatchObject({ sku: t.bastion });
    expect(only(s, "azurerm_consumption_budget_resource_group")).toMatchObject({ amount: t.budget });
    expect(all(s, "azurerm_management_lock")).toHaveLength(t.locks);
  });
});
