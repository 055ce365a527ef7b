import { TerraformOutput } from "cdktf";
import type { Construct } from "constructs";
import { OpenAIDeployment } from "../../lib/ai/openai-deployment";
import { SearchService } from "../../lib/ai/search-service";
import { ResourceGroup } from "../../lib/core/resource-group";
import { CosmosNoSql, type CosmosSqlDatabase } from "../../lib/data/cosmos-nosql";
import { MANAGED_REDIS_PORT, Redis, type RedisPersistence } from "../../lib/data/redis";
import { SQL_MIN_CAPACITY_STEPS, SqlDatabase, type SqlDatabaseSku, sqlSkuInfo } from "../../lib/data/sql-database";
import { StorageAccount } from "../../lib/data/storage-account";
import type { ProfileIssue, SystemDefinition } from "../../lib/framework/system";
import { Fn } from "cdktf";
import { FrontDoor, cacheRule } from "../../lib/edge/front-door";
import { ApimPolicy } from "../../lib/integration/api-management-policy";
import { ServiceBus } from "../../lib/integration/service-bus";
import { ApiManagement, type ApimSku } from "../../lib/integration/api-management";
import { JumpHost, jumpHostSubnetRules } from "../../lib/compute/jump-host";
import { BASTION_DEVELOPER_SOURCE_ADDRESS, BASTION_SUBNET_RULES, Bastion } from "../../lib/network/bastion";
import { cidrContains, cidrsOverlap } from "../../lib/network/cidr";
import { type NsgRule, type SubnetSpec, VnetWithSubnets } from "../../lib/network/vnet-with-subnets";
import { Autoscale, type AutoscaleMetricRule } from "../../lib/observability/autoscale";
import { AvailabilityTest } from "../../lib/observability/availability-test";
import { Monitoring } from "../../lib/observability/monitoring";
import { Suppressions } from "../../lib/policy/suppressions";
import { KeyVault } from "../../lib/security/key-vault";
import { ManagedIdentity } from "../../lib/security/managed-identity";
import { AppServiceWithSlots } from "../../lib/web/app-service-with-slots";
import { FunctionApp } from "../../lib/web/function-app";
import { STATIC_WEB_APP_REGIONS, StaticWebApp } from "../../lib/web/static-web-app";
import { appServiceScaleIssues, planInstanceIssues, zoneRedundantStorageIssue } from "../profile-checks";
import { type NineVectorsProfile, nineVectorsProfileSchema, nineVectorsTiers } from "./profile";
import { systemBudget } from "../system-budget";

/** What the profile's `redis.persistence` means for the Redis construct. */
function redisPersistence(value: NineVectorsProfile["redis"]["persistence"]): RedisPersistence | undefined {
  if (value === "none") return undefined;
  if (value === "aof-1s") return { aof: "1s" };
  return { rdb: value.slice("rdb-".length) as "1h" | "6h" | "12h" };
}

/**
 * The document's Cosmos DB containers ("Database Scaling"), all partitioned by organization
 * (its "partitionKey": "org_abc123" on every document), with their RU/s as autoscale maxima.
 * Metrics keep 90 days (its `ttl: 7776000`).
 */
export const NINE_VECTORS_CONTAINERS = [
  { name: "organizations", autoscaleMax: 1000 },
  { name: "users", autoscaleMax: 1000 },
  { name: "assessments", autoscaleMax: 5000 },
  { name: "responses", autoscaleMax: 5000 },
  { name: "documents", autoscaleMax: 2000 },
  { name: "metrics", autoscaleMax: 2000, ttlSeconds: 90 * 24 * 3600 },
] as const;

/** The document's blob containers ("Container Structure"). */
export const NINE_VECTORS_BLOB_CONTAINERS = ["documents", "reports", "backups", "user-content", "system"] as const;

/**
 * The document's App Service autoscale ("Compute Scaling"): out by one on CPU > 70 %, memory
 * > 80 % (5 minutes), an HTTP queue > 100, or more than 50 HTTP 5xx in a minute; in by one when
 * CPU < 30 % and memory < 40 % for 10 minutes (Azure scales in only when every scale-in rule
 * holds); a 5-minute cooldown. The queue rule gets a scale-in partner (< 10) so that the three
 * levels all have to be low before an instance goes.
 */
function apiScaleRules(siteId: string): AutoscaleMetricRule[] {
  return [
    { metricName: "CpuPercentage", operator: "GreaterThan", threshold: 70, direction: "Increase" },
    { metricName: "MemoryPercentage", operator: "GreaterThan", threshold: 80, direction: "Increase" },
    { metricName: "HttpQueueLength", operator: "GreaterThan", threshold: 100, direction: "Increase" },
    { metricName: "Http5xx", metricResourceId: siteId, metricNamespace: "Microsoft.Web/sites", timeAggregation: "Total", operator: "GreaterThan", threshold: 50, direction: "Increase" },
    { metricName: "CpuPercentage", operator: "LessThan", threshold: 30, direction: "Decrease", timeWindowMinutes: 10 },
    { metricName: "MemoryPercentage", operator: "LessThan", threshold: 40, direction: "Decrease", timeWindowMinutes: 10 },
    { metricName: "HttpQueueLength", operator: "LessThan", threshold: 10, direction: "Decrease", timeWindowMinutes: 10 },
  ];
}

/** The subnets, their delegations and NSG rules; the Flex Consumption subnet only where Functions run on Flex. */
function subnets(p: NineVectorsProfile): SubnetSpec[] {
  const dataRules: NsgRule[] = [
    { priority: 100, name: "AllowAppHttps", destinationPorts: "443", protocol: "Tcp", source: { subnet: "app" }, destination: { subnet: "data" }, access: "Allow", description: "Cosmos DB, Blob, Service Bus, AI Search, OpenAI and Key Vault from the API and Functions" },
    { priority: 110, name: "AllowAppSql", destinationPorts: ["1433", "11000-11999"], protocol: "Tcp", source: { subnet: "app" }, destination: { subnet: "data" }, access: "Allow", description: "Azure SQL (redirect connection policy) from the API and Functions" },
    { priority: 120, name: "AllowAppRedis", destinationPorts: String(MANAGED_REDIS_PORT), protocol: "Tcp", source: { subnet: "app" }, destination: { subnet: "data" }, access: "Allow", description: "Managed Redis (TLS) from the API and Functions" },
    ...(apimVnetIntegration(p)
      ? [{ priority: 130, name: "AllowApimHttps", destinationPorts: "443", protocol: "Tcp", source: { subnet: "apim" }, destination: { subnet: "data" }, access: "Allow", description: "The API's and the Functions' private endpoints from API Management" } as NsgRule]
      : []),
    { priority: 140, name: "AllowOperators", destinationPorts: ["443", "1433", "11000-11999", String(MANAGED_REDIS_PORT)], protocol: "Tcp", source: { subnet: "management" }, destination: { subnet: "data" }, access: "Allow", description: "Operators on the jump host: the data services' endpoints" },
    ...(p.functions.plan === "FlexConsumption"
      ? [
          { priority: 150, name: "AllowFunctionsHttps", destinationPorts: "443", protocol: "Tcp", source: { subnet: "functions" }, destination: { subnet: "data" }, access: "Allow", description: "Cosmos DB, Blob, Service Bus, AI Search, OpenAI and Key Vault from Flex Consumption Functions" },
          { priority: 160, name: "AllowFunctionsSql", destinationPorts: ["1433", "11000-11999"], protocol: "Tcp", source: { subnet: "functions" }, destination: { subnet: "data" }, access: "Allow", description: "Azure SQL from Flex Consumption Functions" },
          { priority: 170, name: "AllowFunctionsRedis", destinationPorts: String(MANAGED_REDIS_PORT), protocol: "Tcp", source: { subnet: "functions" }, destination: { subnet: "data" }, access: "Allow", description: "Managed Redis from Flex Consumption Functions" },
        ] as NsgRule[]
      : []),
    { priority: 4000, name: "DenyVnetInbound", destinationPorts: "*", protocol: "*", source: "VirtualNetwork", destination: "*", access: "Deny" },
  ];
  const n = p.network;
  return [
    { name: "app", addressPrefix: n.appSubnet, delegation: "Microsoft.Web/serverFarms", defaultOutboundAccess: true },
    ...(p.functions.plan === "FlexConsumption" ? [{ name: "functions", addressPrefix: n.functionsSubnet, delegation: { service: "Microsoft.App/environments" }, defaultOutboundAccess: true } as SubnetSpec] : []),
    ...(apimVnetIntegration(p) ? [{ name: "apim", addressPrefix: n.apimSubnet, delegation: "Microsoft.Web/serverFarms", defaultOutboundAccess: true } as SubnetSpec] : []),
    { name: "data", addressPrefix: n.dataSubnet, securityRules: dataRules },
    // The jump host installs packages and the Entra ID login extension over the internet.
    { name: "management", addressPrefix: n.managementSubnet, defaultOutboundAccess: true, securityRules: jumpHostSubnetRules({ sshSourceAddressPrefix: dedicatedBastion(p) ? n.bastionSubnet : BASTION_DEVELOPER_SOURCE_ADDRESS }) },
    ...(dedicatedBastion(p) ? [{ name: "bastion", azureName: "AzureBastionSubnet", addressPrefix: n.bastionSubnet, securityRules: BASTION_SUBNET_RULES } as SubnetSpec] : []),
  ];
}

/** Bastion in its own AzureBastionSubnet (Basic and above); Developer attaches to the VNet. */
function dedicatedBastion(p: NineVectorsProfile): boolean {
  return p.bastion.sku !== "Developer";
}

/**
 * API Management reaches the private API through outbound VNet integration on the v2 tiers
 * (Standard v2, Premium v2); the classic Developer tier of dev and staging calls the API over
 * its public endpoint, which admits API Management only (README, "9Vectors").
 */
function apimVnetIntegration(p: NineVectorsProfile): boolean {
  return /^(StandardV2|PremiumV2)_/.test(p.apiManagement.sku);
}

/**
 * 9Vectors (shared/seeds/nine-vectors.md): Front Door with WAF in front of the React frontend
 * (Static Web Apps) and API Management, which fronts the Node.js API (App Service) and Azure
 * Functions; Cosmos DB for NoSQL, Azure SQL serverless, Azure Managed Redis, Blob storage with
 * tiering, Service Bus, Azure AI Search and Azure OpenAI behind private endpoints; Key Vault,
 * Application Insights with availability tests, Log Analytics, alerts and a budget; Bastion for
 * operators; a second region for Cosmos DB and SQL in prod.
 */
export const nineVectors: SystemDefinition<NineVectorsProfile> = {
  id: "nine-vectors",
  title: "9Vectors",
  workload: "ninevectors",
  profileSchema: nineVectorsProfileSchema,
  tiers: nineVectorsTiers,

  check(p, env, at) {
    const issues: ProfileIssue[] = [];
    const app = p.appService;
    issues.push(...planInstanceIssues({ sku: app.sku, instanceCount: app.minInstances, zoneBalancing: app.zoneBalancing }, env, at));
    issues.push(...appServiceScaleIssues(app, at));
    issues.push(...zoneRedundantStorageIssue(p.storage.replication, env, at));
    if (!["LRS", "GRS", "RAGRS"].includes(p.storage.replication)) {
      issues.push({ reports: [{ path: at("storage", "replication"), message: "does not offer the archive tier, which storage.archiveAfterDays moves documents to (allowed: LRS, GRS, RAGRS)" }] });
    }
    if (p.storage.coolAfterDays >= p.storage.archiveAfterDays) {
      issues.push({ reports: [{ path: at("storage", "archiveAfterDays"), message: `is not after storage.coolAfterDays (${p.storage.coolAfterDays}): blobs go hot → cool → archive` }] });
    }
    if (p.cosmos.capacity === "serverless" && p.cosmos.secondaryRegion) {
      issues.push({ reports: [
        { path: at("cosmos", "secondaryRegion"), message: "is not allowed with cosmos.capacity serverless: a serverless account runs in one region only (learn.microsoft.com/azure/cosmos-db/serverless); choose shared-autoscale or container-autoscale" },
      ] });
    }
    if (p.cosmos.sharedMaxThroughput % 1000 !== 0) {
      issues.push({ reports: [{ path: at("cosmos", "sharedMaxThroughput"), message: "is not a multiple of 1000 (autoscale maxima go in steps of 1000 RU/s)" }] });
    }
    if ((p.cosmos.secondaryRegion || p.sql.failoverGroup) && !env.secondaryLocation) {
      issues.push({ reports: [{ path: ["secondaryLocation"], message: "is required but missing: 9Vectors' cosmos.secondaryRegion and sql.failoverGroup replicate into the environment's secondary region" }] });
    }
    if (p.serviceBus.sku === "Premium" ? p.serviceBus.capacity === 0 : p.serviceBus.capacity !== 0) {
      issues.push({ reports: [{ path: at("serviceBus", "capacity"), message: p.serviceBus.sku === "Premium" ? "is 0, but a Premium namespace needs 1, 2, 4, 8 or 16 messaging units" : `is not allowed with the ${p.serviceBus.sku} tier (allowed: 0; messaging units are Premium's)` }] });
    }
    const sqlSku = sqlSkuInfo(`GP_S_Gen5_${p.sql.maxVcores}` as SqlDatabaseSku);
    const floor = sqlSku.minCapacityFloor ?? 0.5;
    if (!(SQL_MIN_CAPACITY_STEPS as readonly number[]).includes(p.sql.minVcores) || p.sql.minVcores < floor || p.sql.minVcores > p.sql.maxVcores) {
      const allowed = SQL_MIN_CAPACITY_STEPS.filter((v) => v >= floor && v <= p.sql.maxVcores);
      issues.push({ reports: [{ path: at("sql", "minVcores"), message: `is not a serverless minimum for ${p.sql.maxVcores} maximum vCores (allowed: ${allowed.join(", ")})` }] });
    }
    if (p.sql.autoPauseMinutes !== -1 && (p.sql.failoverGroup || p.sql.longTermRetention !== "none")) {
      issues.push({ reports: [{ path: at("sql", "autoPauseMinutes"), message: `is not allowed with ${p.sql.failoverGroup ? "sql.failoverGroup" : "sql.longTermRetention"}: geo-replication and long-term retention keep a serverless database from pausing (learn.microsoft.com/azure/azure-sql/database/serverless-tier-overview); set -1` }] });
    } else if (p.sql.autoPauseMinutes !== -1 && (p.sql.autoPauseMinutes < 15 || p.sql.autoPauseMinutes > 10080)) {
      issues.push({ reports: [{ path: at("sql", "autoPauseMinutes"), message: "is out of range (allowed: 15 to 10080 minutes, or -1 to never pause)" }] });
    }
    if (p.apiManagement.sku.startsWith("Consumption_")) {
      issues.push({ reports: [{ path: at("apiManagement", "sku"), message: "does not run rate-limit-by-key, the document's per-client-address limit (learn.microsoft.com/azure/api-management/rate-limit-by-key-policy): choose Developer_1, a Basic, Standard or Premium tier, or a v2 tier" }] });
    }
    if (!p.sql.administrator) {
      issues.push({ reports: [{ path: at("sql", "administrator"), message: "is required but missing: the Microsoft Entra group (loginName and objectId) that administers the SQL server (Entra-only authentication: there is no SQL login)" }] });
    }
    if (!p.staticWebApp.location && !(STATIC_WEB_APP_REGIONS as readonly string[]).includes(env.location)) {
      issues.push({ reports: [{ path: ["location"], message: `does not host Static Web Apps; set systems.nine-vectors.staticWebApp.location (allowed: ${STATIC_WEB_APP_REGIONS.join(", ")})` }] });
    }
    if (env.deployer.ipRanges.length === 0) {
      issues.push({ reports: [{ path: ["deployer", "ipRanges"], message: "is required but missing: 9Vectors' Key Vault denies public networks and Terraform writes the generated secrets into it, so the machines that run cdktf deploy must be let through (allowed: public IPv4 CIDRs, e.g. 203.0.113.0/24)" }] });
    }
    const n = p.network;
    const list = [["appSubnet", n.appSubnet], ["functionsSubnet", n.functionsSubnet], ["apimSubnet", n.apimSubnet], ["dataSubnet", n.dataSubnet], ["managementSubnet", n.managementSubnet], ["bastionSubnet", n.bastionSubnet]] as const;
    for (const [key, cidr] of list) {
      if (!cidrContains(n.addressSpace, cidr)) issues.push({ reports: [{ path: at("network", key), message: `is outside network.addressSpace ${n.addressSpace}` }] });
    }
    for (let i = 0; i < list.length; i++) {
      for (let j = i + 1; j < list.length; j++) {
        if (cidrsOverlap(list[i][1], list[j][1])) issues.push({ reports: [{ path: at("network", list[j][0]), message: `overlaps network.${list[i][0]} ${list[i][1]}` }] });
      }
    }
    return issues;
  },

  build(scope: Construct, { environment: env, profile: p }) {
    const rg = new ResourceGroup(scope, "ResourceGroup", { location: env.location });
    const secondaryRg = p.cosmos.secondaryRegion || p.sql.failoverGroup ? new ResourceGroup(scope, "SecondaryResourceGroup", { location: env.secondaryLocation!, instance: "dr" }) : undefined;
    const protection = p.protection.lockStatefulResources ? { lock: "CanNotDelete" as const, preventDestroy: true } : {};
    const isDev = env.tier === "dev";

    const network = new VnetWithSubnets(scope, "Network", { resourceGroup: rg, addressSpace: [p.network.addressSpace], subnets: subnets(p) });
    const data = [{ subnet: network.subnet("data") }];

    const monitoring = new Monitoring(scope, "Monitoring", {
      resourceGroup: rg,
      retentionDays: p.monitoring.retentionDays,
      samplingPercentage: p.monitoring.samplingPercentage,
      recipients: env.alerts.emails,
      shortName: `9v-${env.name}`.slice(0, 12),
    });
    const diagnostics = p.monitoring.diagnostics ? monitoring.diagnosticSettings() : undefined;

    const apiIdentity = new ManagedIdentity(scope, "ApiIdentity", { resourceGroup: rg, instance: "api" });
    const functionsIdentity = new ManagedIdentity(scope, "FunctionsIdentity", { resourceGroup: rg, instance: "func" });
    const identities = [apiIdentity, functionsIdentity];

    const vault = new KeyVault(scope, "KeyVault", {
      resourceGroup: rg,
      purgeProtection: p.protection.purgeProtection,
      network: { defaultAction: "Deny", allowedIpRanges: env.network.allowedIpRanges },
      privateEndpoints: data,
      ...protection,
    });
    monitoring.addDiagnostics("KeyVaultAudit", vault.id);
    for (const identity of identities) vault.grantSecretsRead(identity, `SecretsUser-${identity.node.id}`);

    // --- Data -----------------------------------------------------------------------------
    const cosmos = new CosmosNoSql(scope, "Cosmos", {
      resourceGroup: rg,
      serverless: p.cosmos.capacity === "serverless",
      secondaryRegions: p.cosmos.secondaryRegion ? [{ location: env.secondaryLocation! }] : [],
      backup: { type: "Continuous", tier: p.cosmos.backup },
      privateEndpoints: data,
      diagnosticSettings: diagnostics,
      ...protection,
    });
    const assessments: CosmosSqlDatabase = cosmos.addDatabase({
      name: "ninevectors",
      throughput: p.cosmos.capacity === "shared-autoscale" ? { autoscaleMax: p.cosmos.sharedMaxThroughput } : undefined,
    });
    for (const c of NINE_VECTORS_CONTAINERS) {
      assessments.addContainer({
        name: c.name,
        partitionKeyPaths: ["/organizationId"],
        defaultTtlSeconds: "ttlSeconds" in c ? c.ttlSeconds : undefined,
        throughput: p.cosmos.capacity === "container-autoscale" ? { autoscaleMax: c.autoscaleMax } : undefined,
      });
    }
    for (const identity of identities) cosmos.grantDataContributor(identity, `DataContributor-${identity.node.id}`);

    const sql = new SqlDatabase(scope, "Sql", {
      resourceGroup: rg,
      entraAdministrator: p.sql.administrator!,
      sku: `GP_S_Gen5_${p.sql.maxVcores}` as SqlDatabaseSku,
      minCapacity: p.sql.minVcores,
      autoPauseDelayMinutes: p.sql.autoPauseMinutes,
      maxSizeGb: p.sql.maxSizeGb,
      shortTermRetentionDays: p.sql.backupRetentionDays,
      longTermRetention: p.sql.longTermRetention === "none" ? undefined : { yearly: p.sql.longTermRetention, weekOfYear: 1 },
      privateEndpoints: data,
      // Auditing in every environment (AZ-SQL-005): who ran what against the database.
      diagnosticSettings: monitoring.diagnosticSettings(),
      geoSecondary: p.sql.failoverGroup && secondaryRg ? { resourceGroup: secondaryRg } : undefined,
      ...protection,
    });

    const redis = new Redis(scope, "Redis", {
      resourceGroup: rg,
      sku: p.redis.sku,
      highAvailability: p.redis.highAvailability,
      persistence: redisPersistence(p.redis.persistence),
      clusteringPolicy: "EnterpriseCluster",
      privateEndpoints: data,
      diagnosticSettings: diagnostics,
      ...protection,
    });
    for (const identity of identities) redis.grantDataAccess(identity, `DataAccess-${identity.node.id}`);

    const storage = new StorageAccount(scope, "Storage", {
      resourceGroup: rg,
      replication: p.storage.replication,
      containers: [...NINE_VECTORS_BLOB_CONTAINERS],
      versioning: true,
      blobSoftDeleteDays: p.storage.softDeleteDays,
      containerSoftDeleteDays: p.storage.softDeleteDays,
      lifecycle: { coolAfterDays: p.storage.coolAfterDays, archiveAfterDays: p.storage.archiveAfterDays },
      privateEndpoints: [{ subnet: network.subnet("data"), subresource: "blob" }],
      ...protection,
    });
    for (const identity of identities) storage.grantBlobDataContributor(identity, `BlobDataContributor-${identity.node.id}`);

    // --- AI -------------------------------------------------------------------------------
    const search = new SearchService(scope, "Search", {
      resourceGroup: rg,
      sku: p.search.sku,
      replicaCount: p.search.replicas,
      partitionCount: p.search.partitions,
      semanticRanker: "free",
      publicNetworkAccess: !p.search.private,
      allowedIps: p.search.private ? undefined : env.network.allowedIpRanges,
      privateEndpoints: p.search.private ? data : [],
      diagnosticSettings: diagnostics,
      ...protection,
    });
    search.grantIndexDataReader(apiIdentity);
    search.grantIndexDataContributor(functionsIdentity);
    if (!p.search.private) {
      Suppressions.of(search).add(
        "AZ-AI-002",
        "developers build the dev index from their machines: API keys are off (Entra ID roles only), and the firewall admits only network.allowedIpRanges when the environment lists any",
      );
    }

    const openai = new OpenAIDeployment(scope, "OpenAI", {
      resourceGroup: rg,
      publicNetworkAccess: isDev,
      network: isDev ? { defaultAction: "Deny", allowedIpRanges: env.network.allowedIpRanges } : undefined,
      deployments: [
        { name: "chat", model: { name: p.openai.chat.name, version: p.openai.chat.version }, sku: { name: p.openai.chat.sku, capacity: p.openai.chat.capacity } },
        { name: "embeddings", model: { name: p.openai.embeddings.name, version: p.openai.embeddings.version }, sku: { name: p.openai.embeddings.sku, capacity: p.openai.embeddings.capacity } },
      ],
      privateEndpoints: data,
      ...protection,
    });
    for (const identity of identities) openai.grantOpenAIUser(identity, `OpenAIUser-${identity.node.id}`);
    if (isDev) Suppressions.of(openai).add("AZ-AI-002", "developers call the dev models from their machines; the firewall denies all but network.allowedIpRanges, and keys are off");

    // --- Messaging ------------------------------------------------------------------------
    const premiumBus = p.serviceBus.sku === "Premium";
    const bus = new ServiceBus(scope, "ServiceBus", {
      resourceGroup: rg,
      sku: p.serviceBus.sku,
      capacity: premiumBus ? p.serviceBus.capacity : undefined,
      privateEndpoints: premiumBus ? data : undefined,
      diagnosticSettings: diagnostics ?? (env.tier === "prod" ? monitoring.diagnosticSettings() : undefined),
      ...protection,
    });
    // The document's queues ("Queue-Based Processing"). "Priority: high" is the notifications
    // queue's own consumers: Service Bus has no priority setting. Large messages (up to 100 MB)
    // exist on Premium only; below it, exports carry blob references (README).
    bus.addQueue("document-processing", { defaultMessageTtl: { hours: 24 }, maxDeliveryCount: 3, deadLetteringOnMessageExpiration: true });
    bus.addQueue("ai-analysis", { defaultMessageTtl: { hours: 12 }, maxDeliveryCount: 5, deadLetteringOnMessageExpiration: true, batchedOperations: true });
    bus.addQueue("notifications", { defaultMessageTtl: { hours: 6 }, maxDeliveryCount: 3, deadLetteringOnMessageExpiration: true });
    bus.addQueue("exports", { defaultMessageTtl: { hours: 48 }, maxDeliveryCount: 1, deadLetteringOnMessageExpiration: true, maxMessageSizeKb: premiumBus ? 102400 : undefined });
    bus.grantSend(apiIdentity);
    bus.grantSend(functionsIdentity, "SendFunctions");
    bus.grantReceive(functionsIdentity);
    if (!premiumBus) {
      Suppressions.of(bus).add("AZ-SB-003", `private endpoints and network rules are Premium features; the ${p.serviceBus.sku} namespace admits Entra ID principals only (SAS keys off)`);
    }

    // --- Compute --------------------------------------------------------------------------
    const app = p.appService;
    const privateApi = apimVnetIntegration(p);
    // Front Door first: the gateway's policy admits its profile id only.
    const edge = new FrontDoor(scope, "Edge", {
      resourceGroup: rg,
      sku: p.frontDoor.sku,
      waf: {
        rateLimit: { threshold: p.frontDoor.rateLimitPerMinute, durationMinutes: 1 },
        geoFilter: p.frontDoor.blockedCountries.length ? { countries: p.frontDoor.blockedCountries, mode: "block" } : undefined,
      },
      diagnosticSettings: monitoring.diagnosticSettings(),
    });
    const endpoint = edge.addEndpoint("web");
    // The gateway admits Front Door only (its X-Azure-FDID), validates tokens, limits each client
    // address and each subscription, and adds the document's security headers.
    const policies = p.apiManagement;
    const gatewayPolicy = ApimPolicy.document({
      inbound: [
        ApimPolicy.checkHeader({ name: "X-Azure-FDID", values: [edge.resourceGuid], failedCheckHttpCode: 403, failedCheckErrorMessage: "Forbidden" }),
        ApimPolicy.validateJwt({ openIdConfigUrl: policies.openIdConfigUrl, audiences: [policies.audience], failedValidationHttpCode: 401, failedValidationErrorMessage: "Unauthorized", requireExpirationTime: true, requireSignedTokens: true, clockSkewSeconds: 300 }),
        ApimPolicy.rateLimitByKey({ calls: policies.rateLimitCalls, renewalPeriodSeconds: policies.rateLimitPeriodSeconds, counterKey: "@(context.Request.IpAddress)" }),
        ApimPolicy.quota({ calls: policies.dailyQuotaCalls, renewalPeriodSeconds: 86400 }),
      ],
      outbound: [
        ApimPolicy.setHeader({ name: "X-Content-Type-Options", value: "nosniff" }),
        ApimPolicy.setHeader({ name: "X-Frame-Options", value: "DENY" }),
        ApimPolicy.setHeader({ name: "Strict-Transport-Security", value: "max-age=31536000; includeSubDomains" }),
      ],
    });
    const apim = new ApiManagement(scope, "Gateway", {
      resourceGroup: rg,
      sku: p.apiManagement.sku as ApimSku,
      publisherName: "9Vectors",
      publisherEmail: p.apiManagement.publisherEmail,
      virtualNetwork: privateApi ? { mode: "Integration", subnet: network.subnet("apim") } : undefined,
      applicationInsights: { connectionString: monitoring.insights.connectionString, resourceId: monitoring.insights.id },
      diagnosticSettings: monitoring.diagnosticSettings(),
      policy: gatewayPolicy,
      ...protection,
    });
    // Classic tiers call the API over its public endpoint from the gateway's address; v2 tiers
    // through the VNet to the API's private endpoint.
    const apimAddress = `${Fn.element(apim.resource.publicIpAddresses, 0)}/32`;
    const apis = new AppServiceWithSlots(scope, "Api", {
      resourceGroup: rg,
      sku: app.sku,
      vnetIntegrationSubnet: network.subnet("app"),
      zoneBalancing: app.zoneBalancing,
      instanceCount: app.autoscale ? undefined : app.minInstances,
      applicationInsightsConnectionString: monitoring.insights.connectionString,
      diagnosticSettings: monitoring.diagnosticSettings(),
      apps: [
        {
          runtime: { node: "22-lts" },
          identity: apiIdentity,
          healthCheckPath: app.healthCheckPath,
          publicNetworkAccess: !privateApi,
          privateEndpoints: privateApi ? data : [],
          allowedSources: privateApi ? undefined : [{ name: "AllowApiManagement", ipAddress: apimAddress }],
          appSettings: {
            AZURE_CLIENT_ID: apiIdentity.clientId,
            COSMOS_ENDPOINT: cosmos.endpoint,
            COSMOS_DATABASE: "ninevectors",
            // Entra ID with the API's identity (Authentication=Active Directory Managed Identity): no password.
            SQL_SERVER: sql.readWriteFqdn,
            SQL_DATABASE: sql.name,
            REDIS_HOST: redis.hostName,
            REDIS_PORT: String(redis.port),
            STORAGE_BLOB_ENDPOINT: storage.resource.primaryBlobEndpoint,
            SERVICE_BUS_NAMESPACE: bus.fullyQualifiedNamespace,
            SEARCH_ENDPOINT: search.endpoint,
            OPENAI_ENDPOINT: openai.endpoint,
          },
        },
      ],
    });
    const api = apis.apps[Object.keys(apis.apps)[0]];
    if (app.autoscale) {
      new Autoscale(scope, "ApiAutoscale", {
        resourceGroup: rg,
        target: apis.autoscaleTarget,
        minInstances: app.minInstances,
        maxInstances: app.maxInstances,
        rules: apiScaleRules(api.id),
        notificationEmails: env.alerts.emails.map((r) => r.address),
      });
    }

    const functionsStorage = new StorageAccount(scope, "FunctionsStorage", {
      resourceGroup: rg,
      instance: "func",
      replication: "LRS",
      privateEndpoints: (["blob", "queue", "table"] as const).map((subresource) => ({ subnet: network.subnet("data"), subresource })),
      ...protection,
    });
    if (p.monitoring.diagnostics) {
      monitoring.addDiagnostics("StorageDiagnostics", `${storage.id}/blobServices/default`, ["Transaction"]);
      monitoring.addDiagnostics("FunctionsStorageDiagnostics", `${functionsStorage.id}/blobServices/default`, ["Transaction"]);
    }
    const functions = new FunctionApp(scope, "Functions", {
      resourceGroup: rg,
      plan:
        p.functions.plan === "FlexConsumption"
          ? { kind: "FlexConsumption", maximumInstanceCount: p.functions.maxInstances }
          : {
              kind: "ElasticPremium",
              sku: p.functions.plan,
              minimumInstances: p.functions.minimumInstances,
              preWarmedInstances: p.functions.preWarmedInstances,
              maximumElasticWorkers: p.functions.maxInstances,
              zoneBalancing: p.functions.zoneBalancing,
            },
      identity: functionsIdentity,
      hostStorage: functionsStorage,
      virtualNetworkSubnet: network.subnet(p.functions.plan === "FlexConsumption" ? "functions" : "app"),
      privateEndpoints: data,
      applicationInsights: { connectionString: monitoring.insights.connectionString, id: monitoring.insights.id },
      diagnosticSettings: monitoring.diagnosticSettings(),
      healthCheckPath: p.functions.plan === "FlexConsumption" ? undefined : "/api/health",
      functionTimeoutMinutes: 10,
    });
    functions.addConnection("ServiceBus", { kind: "serviceBus", fullyQualifiedNamespace: bus.fullyQualifiedNamespace });
    functions.addConnection("CosmosDb", { kind: "cosmosDb", accountEndpoint: cosmos.endpoint });
    functions.addConnection("Documents", { kind: "storage", accountName: storage.name, services: ["blob"] });

    // --- Edge -----------------------------------------------------------------------------
    const frontend = new StaticWebApp(scope, "Frontend", {
      resourceGroup: rg,
      location: p.staticWebApp.location ?? env.location,
      sku: p.staticWebApp.sku,
    });
    const web = edge.addOriginGroup("web", { origins: [{ name: "static-web-app", hostName: frontend.defaultHostName }] });
    const gateway = edge.addOriginGroup("api", {
      origins: [{ name: "api-management", hostName: `${apim.name}.azure-api.net` }],
      healthProbe: { path: "/status-0123456789abcdef" },
    });
    // The document's caching ("Content Delivery"): static assets a day, documents an hour; the
    // API route has no cache (responses are per user: private caching is the API's Cache-Control).
    const caching = edge.addRuleSet("Caching", {
      rules: [
        cacheRule({ name: "StaticAssets", extensions: ["js", "css", "png", "jpg", "jpeg", "gif", "svg", "ico", "woff", "woff2"], duration: "1.00:00:00" }),
        cacheRule({ name: "Documents", pathBeginsWith: ["/documents/"], duration: "01:00:00" }),
      ],
    });
    edge.addRoute("web", { endpoint, originGroup: web, patterns: ["/*"], cache: { compression: true }, ruleSets: [caching] });
    edge.addRoute("api", { endpoint, originGroup: gateway, patterns: ["/api/*"] });

    apim.addApi("Core", { path: "api/v1", displayName: "9Vectors API", serviceUrl: `https://${api.defaultHostname}` });
    // Functions are internal workers (queue, timer and HTTP triggers the API calls through the
    // VNet): their endpoint is private in every environment, and the gateway publishes the API only.
    Suppressions.of(apim).add("AZ-APIM-002", "Front Door reaches the gateway over its public endpoint; the service-wide policy admits only this Front Door profile (X-Azure-FDID) and validates tokens");

    // --- Monitoring -----------------------------------------------------------------------
    new AvailabilityTest(scope, "FrontendAvailability", {
      resourceGroup: rg,
      instance: "frontend",
      applicationInsights: monitoring.insights,
      url: `https://${endpoint.hostName}/`,
      actionGroups: monitoring.actionGroupIds(),
    });
    new AvailabilityTest(scope, "GatewayAvailability", {
      resourceGroup: rg,
      instance: "gateway",
      applicationInsights: monitoring.insights,
      url: `${apim.gatewayUrl}/status-0123456789abcdef`,
      actionGroups: monitoring.actionGroupIds(),
    });
    const mon = p.monitoring;
    monitoring.addLogAlert("ErrorRate", {
      instance: "error-rate",
      description: `More than ${mon.errorRatePercent} % of API requests failed over 5 minutes`,
      query: "requests | summarize total = count(), failed = countif(success == false) | where total > 0 | project failedPercent = 100.0 * failed / total",
      metricColumn: "failedPercent",
      operator: "GreaterThan",
      threshold: mon.errorRatePercent,
      severity: 1,
      windowDuration: "PT5M",
    });
    monitoring.addLogAlert("P95Latency", {
      instance: "p95-latency",
      description: `API P95 response time above ${mon.p95LatencyMs} ms over 10 minutes`,
      query: "requests | summarize p95 = percentile(duration, 95)",
      metricColumn: "p95",
      operator: "GreaterThan",
      threshold: mon.p95LatencyMs,
      severity: 2,
      windowDuration: "PT10M",
    });
    for (const [metric, label] of [["CpuPercentage", "cpu"], ["MemoryPercentage", "memory"]] as const) {
      monitoring.addMetricAlert(`Plan-${label}`, {
        instance: `plan-${label}`,
        description: `App Service plan ${label} above ${mon.resourcePercent} % over 15 minutes`,
        scope: apis.plan.id,
        metricNamespace: "Microsoft.Web/serverfarms",
        metricName: metric,
        aggregation: "Average",
        operator: "GreaterThan",
        threshold: mon.resourcePercent,
        severity: 2,
        windowSize: "PT15M",
      });
    }
    monitoring.addActivityLogAlert("FailedDeployment", {
      instance: "failed-deployment",
      description: "A deployment into the resource group failed",
      scopes: [rg.id],
      operationName: "Microsoft.Resources/deployments/write",
      statuses: ["Failed"],
    });

    // --- Operators ------------------------------------------------------------------------
    // The document's management subnet: Bastion and a jump host, the operators' only way to the
    // private data services.
    const bastion = new Bastion(scope, "Bastion", {
      resourceGroup: rg,
      sku: p.bastion.sku as "Developer" | "Basic" | "Standard",
      virtualNetwork: network,
      subnet: dedicatedBastion(p) ? network.subnet("bastion") : undefined,
    });
    const jumpHost = new JumpHost(scope, "JumpHost", {
      resourceGroup: rg,
      subnet: network.subnet("management"),
      keyVault: vault,
      // Bastion reads the private key from the vault; RSA (PEM) is the format it documents.
      sshKeyAlgorithm: "RSA",
      entraIdLogin: bastion.supportsEntraIdLogin,
    });
    Suppressions.of(jumpHost).add("AZ-VM-002", "encryption at host needs the subscription feature Microsoft.Compute/EncryptionAtHost registered first, which a fresh subscription lacks; the OS disk holds tools only and is encrypted at rest with platform-managed keys");
    if (p.bastion.operatorsGroupObjectId) {
      const operators = { principalId: p.bastion.operatorsGroupObjectId, principalType: "Group" as const };
      if (bastion.supportsEntraIdLogin) jumpHost.grantLogin(operators, { id: "OperatorsLogin" });
      bastion.grantConnect(operators, "OperatorsBastionReader");
      vault.grantSecretsRead(operators, "OperatorsSecretsUser");
    }

    systemBudget(scope, { resourceGroup: rg, budget: p.budget, environment: env, actionGroupId: monitoring.actionGroup.id });

    new TerraformOutput(scope, "frontend_url", { value: `https://${endpoint.hostName}` });
    new TerraformOutput(scope, "gateway_url", { value: apim.gatewayUrl });
    new TerraformOutput(scope, "resource_group", { value: rg.name });
    new TerraformOutput(scope, "cosmos_endpoint", { value: cosmos.endpoint });
    new TerraformOutput(scope, "sql_fqdn", { value: sql.readWriteFqdn });
    new TerraformOutput(scope, "key_vault_uri", { value: vault.vaultUri });
  },
};
