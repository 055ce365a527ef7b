import { z } from "zod";
import { MANAGED_REDIS_SKUS } from "../../lib/data/redis";
import { STORAGE_REPLICATIONS } from "../../lib/data/storage-account";
import { bool, intRange, ipv4Cidr, oneOf } from "../../lib/framework/schema-types";
import type { TierTable } from "../../lib/framework/system";
import { SEARCH_PARTITION_COUNTS } from "../../lib/ai/search-service";
import { FRONT_DOOR_SKUS } from "../../lib/edge/front-door-waf";
import { SERVICE_BUS_PREMIUM_CAPACITIES, SERVICE_BUS_SKUS } from "../../lib/integration/service-bus";
import { BASTION_SKUS } from "../../lib/network/bastion";
import { APP_SERVICE_SKUS } from "../../lib/web/app-service-with-slots";
import { STATIC_WEB_APP_REGIONS } from "../../lib/web/static-web-app";

/** Redis persistence: none, the append-only file (every second) or RDB snapshots at Managed Redis' frequencies. */
export const NINE_VECTORS_REDIS_PERSISTENCE = ["none", "aof-1s", "rdb-1h", "rdb-6h", "rdb-12h"] as const;

/** ISO 3166-1 alpha-2 country code, as Front Door's geo match takes it. */
const COUNTRY = z.string().regex(/^[A-Z]{2}$/, { error: "is not an ISO 3166-1 alpha-2 country code (allowed: two capital letters, e.g. KP)" });
const EMAIL = z.string().regex(/^[^@\s]+@[^@\s]+\.[^@\s]+$/, { error: "is not an e-mail address" });
const GUID = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, { error: "is not a GUID (allowed: 8-4-4-4-12 hexadecimal digits)" });
/** One of `values`, numbers (the schema helpers' oneOf takes strings). */
const numberOf = <T extends number>(values: readonly T[]) =>
  z.union(values.map((v) => z.literal(v)) as unknown as [z.ZodLiteral<T>, z.ZodLiteral<T>, ...z.ZodLiteral<T>[]], { error: `is not allowed (allowed: ${values.join(", ")})` });
/** General Purpose serverless maximum vCores the library's SqlDatabase offers (GP_S_Gen5_<n>). */
export const NINE_VECTORS_SQL_MAX_VCORES = [1, 2, 4, 6, 8, 10, 12, 14, 16] as const;
const HTTPS_URL = z.string().regex(/^https:\/\/[^\s/]+(\/\S*)?$/, { error: "is not an https:// URL" });

/** One Azure OpenAI model deployment of the profile. */
const modelDeployment = (what: string) =>
  z
    .strictObject({
      name: z.string().min(1).describe("Model name, e.g. gpt-5.5."),
      version: z.string().min(1).describe("Model version, e.g. 2026-04-24."),
      sku: oneOf(["Standard", "GlobalStandard", "DataZoneStandard"] as const).describe("Deployment type."),
      capacity: intRange(1, 10000).describe("Thousands of tokens per minute."),
    })
    .describe(what);

/**
 * 9Vectors' settings (shared/seeds/nine-vectors.md), grouped by service. Every key can be
 * overridden under `systems.nine-vectors.<group>.<key>`. The document prices three usage tiers
 * (Startup, Growth, Enterprise) rather than environments; README ("9Vectors") maps them.
 */
export const nineVectorsProfileSchema = z.strictObject({
  network: z.strictObject({
    addressSpace: ipv4Cidr().describe("VNet address space."),
    appSubnet: ipv4Cidr().describe("Application subnet: App Service and Elastic Premium Functions VNet integration (delegated to Microsoft.Web/serverFarms)."),
    functionsSubnet: ipv4Cidr().describe("Flex Consumption Functions VNet integration (delegated to Microsoft.App/environments); unused on Elastic Premium."),
    apimSubnet: ipv4Cidr().describe("API Management's subnet (VNet injection or integration, where its tier has one)."),
    dataSubnet: ipv4Cidr().describe("Data subnet: private endpoints of Cosmos DB, SQL, Redis, Blob, Service Bus, AI Search, OpenAI and Key Vault."),
    managementSubnet: ipv4Cidr().describe("Management subnet: the operators' jump host, reached through Bastion."),
    bastionSubnet: ipv4Cidr().describe("AzureBastionSubnet for a dedicated Bastion SKU (/26 or larger); unused on Developer."),
  }),
  frontDoor: z.strictObject({
    sku: oneOf(FRONT_DOOR_SKUS).describe("Front Door tier: managed WAF rule sets (Default Rule Set, Bot Manager) and Private Link origins need Premium."),
    rateLimitPerMinute: intRange(10, 100000).describe("WAF: requests per minute from one client IP before it is blocked."),
    blockedCountries: z.array(COUNTRY).max(200).describe("WAF geo-filter: countries whose requests are blocked."),
  }),
  apiManagement: z.strictObject({
    sku: z.string().regex(/^(Consumption_0|Developer_1|(Basic|Standard|Premium)_\d+|(BasicV2|StandardV2|PremiumV2)_\d+)$/, { error: "is not an API Management SKU (allowed: Consumption_0, Developer_1, Basic_N, Standard_N, Premium_N, BasicV2_N, StandardV2_N, PremiumV2_N)" }).describe("API Management tier and units."),
    publisherEmail: EMAIL.describe("Publisher e-mail (notifications from API Management)."),
    openIdConfigUrl: HTTPS_URL.describe("OpenID configuration of the identity provider whose tokens the API accepts (validate-jwt)."),
    audience: z.string().min(1).describe("Audience the tokens must carry."),
    rateLimitCalls: intRange(1, 1000000).describe("Calls per client IP per rateLimitPeriodSeconds (rate-limit-by-key)."),
    rateLimitPeriodSeconds: intRange(1, 300).describe("Window of the rate limit, seconds."),
    dailyQuotaCalls: intRange(1, 2000000000).describe("Calls per subscription per day (quota-by-key)."),
  }),
  appService: z.strictObject({
    sku: oneOf(APP_SERVICE_SKUS).describe("App Service plan SKU (Linux) of the Node.js API."),
    minInstances: intRange(1, 30).describe("Instances the plan never goes below."),
    maxInstances: intRange(1, 30).describe("Instances autoscale may reach."),
    autoscale: bool().describe("The document's scale-out and scale-in rules (Standard and above)."),
    zoneBalancing: bool().describe("Spread the instances over availability zones (Premium v3, at least 2 instances)."),
    healthCheckPath: z.string().regex(/^\/[\w\-./]*$/, { error: "is not a URL path (allowed: starts with /)" }).describe("Path App Service probes."),
  }),
  functions: z.strictObject({
    plan: oneOf(["FlexConsumption", "EP1", "EP2", "EP3"] as const).describe("Flex Consumption (Microsoft's serverless plan for new Linux apps) or Elastic Premium."),
    preWarmedInstances: intRange(0, 20).describe("Elastic Premium: pre-warmed instances."),
    minimumInstances: intRange(1, 20).describe("Elastic Premium: always-ready instances of the plan."),
    zoneBalancing: bool().describe("Elastic Premium: spread the instances over availability zones (at least 2 instances)."),
    maxInstances: intRange(1, 1000).describe("Most instances the app scales out to."),
  }),
  cosmos: z.strictObject({
    capacity: oneOf(["serverless", "shared-autoscale", "container-autoscale"] as const).describe("serverless; shared-autoscale (one autoscale budget for the database); container-autoscale (each container its own, the document's per-container RU/s)."),
    sharedMaxThroughput: intRange(1000, 1000000).describe("shared-autoscale: the database's autoscale maximum RU/s (a multiple of 1000)."),
    secondaryRegion: bool().describe("A read region in the environment's secondaryLocation with automatic failover."),
    backup: oneOf(["Continuous7Days", "Continuous30Days"] as const).describe("Continuous backup tier (point-in-time restore window)."),
  }),
  sql: z.strictObject({
    maxVcores: numberOf(NINE_VECTORS_SQL_MAX_VCORES).describe("General Purpose serverless maximum vCores (GP_S_Gen5_<n>)."),
    minVcores: z.number().positive().describe("Serverless minimum vCores."),
    autoPauseMinutes: z.number().int().describe("Auto-pause delay in minutes (-1: never pause)."),
    maxSizeGb: intRange(1, 4096).describe("Maximum data size, GB."),
    backupRetentionDays: intRange(1, 35).describe("Point-in-time restore window, days."),
    longTermRetention: oneOf(["none", "P1Y"] as const).describe("Long-term retention of weekly backups."),
    failoverGroup: bool().describe("A geo-secondary in secondaryLocation through an auto-failover group."),
    administrator: z
      .strictObject({
        loginName: z.string().min(1).max(128).describe("Display name of the Microsoft Entra group, as SQL shows it."),
        objectId: GUID.describe("Object id of the group."),
      })
      .optional()
      .describe("The Microsoft Entra group that administers the server (Entra-only authentication: no SQL login exists). Required; set it in the environment file."),
  }),
  redis: z.strictObject({
    sku: z.enum(MANAGED_REDIS_SKUS, { error: "is not an Azure Managed Redis SKU (e.g. Balanced_B0, Balanced_B5)" }).describe("Azure Managed Redis SKU."),
    highAvailability: bool().describe("A replica of each shard (zone-redundant where the region has zones)."),
    persistence: oneOf(NINE_VECTORS_REDIS_PERSISTENCE).describe("none, aof-1s or rdb-<1h|6h|12h>."),
  }),
  storage: z.strictObject({
    replication: oneOf(STORAGE_REPLICATIONS).describe("Redundancy of the documents account (archive needs LRS, GRS or RAGRS)."),
    coolAfterDays: intRange(1, 99999).describe("Days after the last modification before blobs move to cool."),
    archiveAfterDays: intRange(1, 99999).describe("Days after the last modification before blobs move to archive."),
    softDeleteDays: intRange(1, 365).describe("Blob and container soft-delete retention, days."),
  }),
  serviceBus: z.strictObject({
    sku: oneOf(SERVICE_BUS_SKUS).describe("Service Bus tier (large messages and private endpoints need Premium)."),
    capacity: numberOf([0, ...SERVICE_BUS_PREMIUM_CAPACITIES]).describe("Premium messaging units (0 below Premium)."),
  }),
  search: z.strictObject({
    sku: oneOf(["basic", "standard", "standard2", "standard3"] as const).describe("Azure AI Search tier."),
    replicas: intRange(1, 12).describe("Replicas (2 for the read SLA, 3 for read-write)."),
    partitions: numberOf(SEARCH_PARTITION_COUNTS).describe("Partitions."),
    private: bool().describe("Private endpoint only, public network access off."),
  }),
  openai: z.strictObject({
    chat: modelDeployment("The chat and coaching model."),
    embeddings: modelDeployment("The embeddings model for the document index."),
  }),
  staticWebApp: z.strictObject({
    sku: oneOf(["Free", "Standard"] as const).describe("Static Web Apps plan of the React frontend."),
    location: oneOf(STATIC_WEB_APP_REGIONS).optional().describe("Region of the Static Web App. @default - the environment's location"),
  }),
  bastion: z.strictObject({
    sku: oneOf(BASTION_SKUS).describe("Azure Bastion SKU (Developer: free, one session, selected regions)."),
    operatorsGroupObjectId: GUID.optional().describe("Microsoft Entra group of the operators: Bastion reader, jump host login and the vault's secrets (the SSH key). @default - none: grant access yourself"),
  }),
  monitoring: z.strictObject({
    retentionDays: intRange(30, 730).describe("Log Analytics retention, days."),
    samplingPercentage: intRange(1, 100).describe("Share of Application Insights telemetry kept."),
    errorRatePercent: intRange(1, 100).describe("Failed requests above this share over 5 minutes."),
    p95LatencyMs: intRange(50, 60000).describe("95th percentile response time (ms) above this over 10 minutes."),
    resourcePercent: intRange(1, 100).describe("CPU and memory above this (%) over 15 minutes."),
    diagnostics: bool().describe("Send the data services' logs and metrics to Log Analytics."),
  }),
  budget: z.strictObject({
    monthlyAmount: intRange(1, 10000000).describe("Monthly Cost Management budget of the resource groups, in the billing currency."),
    startDate: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-01$/, { error: "is not the first day of a month (allowed: YYYY-MM-01)" }).describe("First month of the budget (YYYY-MM-01), fixed once created."),
  }),
  protection: z.strictObject({
    purgeProtection: bool().describe("Key Vault purge protection (cannot be turned off once on)."),
    lockStatefulResources: bool().describe("CanNotDelete locks and prevent_destroy on the databases, cache, storage, queues and vault."),
  }),
});

export type NineVectorsProfile = z.infer<typeof nineVectorsProfileSchema>;

/** What every tier shares: the document's WAF, APIM policies and alert thresholds. */
const edge = { rateLimitPerMinute: 1000, blockedCountries: ["CU", "IR", "KP", "SY"] };
const apimPolicies = {
  publisherEmail: "platform@9vectors.example",
  openIdConfigUrl: "https://login.microsoftonline.com/organizations/v2.0/.well-known/openid-configuration",
  audience: "api://9vectors",
  rateLimitCalls: 1000,
  rateLimitPeriodSeconds: 60,
  dailyQuotaCalls: 100000,
};
const alerts = { errorRatePercent: 5, p95LatencyMs: 2000, resourcePercent: 80 };
const models = {
  chat: { name: "gpt-5.5", version: "2026-04-24", sku: "DataZoneStandard" as const, capacity: 50 },
  embeddings: { name: "text-embedding-3-small", version: "1", sku: "DataZoneStandard" as const, capacity: 50 },
};
const network = (second: number) => ({
  addressSpace: `10.${second}.0.0/20`,
  appSubnet: `10.${second}.0.0/24`,
  functionsSubnet: `10.${second}.1.0/24`,
  apimSubnet: `10.${second}.2.0/24`,
  dataSubnet: `10.${second}.3.0/24`,
  managementSubnet: `10.${second}.4.0/27`,
  bastionSubnet: `10.${second}.5.0/26`,
});

/**
 * The document's three cost tiers mapped to environments (README, "9Vectors"): dev ≈ Startup,
 * staging ≈ Growth, prod ≈ Growth capacity with the Enterprise tier's availability features.
 */
export const nineVectorsTiers: TierTable<NineVectorsProfile> = {
  dev: {
    network: network(50),
    frontDoor: { sku: "Standard_AzureFrontDoor", ...edge },
    apiManagement: { sku: "Developer_1", ...apimPolicies },
    appService: { sku: "B1", minInstances: 1, maxInstances: 1, autoscale: false, zoneBalancing: false, healthCheckPath: "/health" },
    functions: { plan: "FlexConsumption", preWarmedInstances: 0, minimumInstances: 1, zoneBalancing: false, maxInstances: 40 },
    cosmos: { capacity: "serverless", sharedMaxThroughput: 1000, secondaryRegion: false, backup: "Continuous7Days" },
    sql: { maxVcores: 1, minVcores: 0.5, autoPauseMinutes: 60, maxSizeGb: 32, backupRetentionDays: 7, longTermRetention: "none", failoverGroup: false },
    redis: { sku: "Balanced_B0", highAvailability: false, persistence: "none" },
    storage: { replication: "LRS", coolAfterDays: 30, archiveAfterDays: 90, softDeleteDays: 14 },
    serviceBus: { sku: "Standard", capacity: 0 },
    search: { sku: "basic", replicas: 1, partitions: 1, private: false },
    openai: models,
    staticWebApp: { sku: "Free" },
    bastion: { sku: "Developer" },
    monitoring: { ...alerts, retentionDays: 30, samplingPercentage: 100, diagnostics: false },
    budget: { monthlyAmount: 178, startDate: "2026-12-01" },
    protection: { purgeProtection: false, lockStatefulResources: false },
  },
  staging: {
    network: network(51),
    frontDoor: { sku: "Standard_AzureFrontDoor", ...edge },
    apiManagement: { sku: "Developer_1", ...apimPolicies },
    appService: { sku: "P0v3", minInstances: 2, maxInstances: 5, autoscale: true, zoneBalancing: false, healthCheckPath: "/health" },
    functions: { plan: "EP1", preWarmedInstances: 1, minimumInstances: 1, zoneBalancing: false, maxInstances: 20 },
    cosmos: { capacity: "shared-autoscale", sharedMaxThroughput: 4000, secondaryRegion: false, backup: "Continuous7Days" },
    sql: { maxVcores: 2, minVcores: 0.5, autoPauseMinutes: 60, maxSizeGb: 32, backupRetentionDays: 7, longTermRetention: "none", failoverGroup: false },
    redis: { sku: "Balanced_B5", highAvailability: true, persistence: "none" },
    storage: { replication: "LRS", coolAfterDays: 30, archiveAfterDays: 90, softDeleteDays: 14 },
    serviceBus: { sku: "Premium", capacity: 1 },
    search: { sku: "basic", replicas: 1, partitions: 1, private: true },
    openai: models,
    staticWebApp: { sku: "Standard" },
    bastion: { sku: "Developer" },
    monitoring: { ...alerts, retentionDays: 30, samplingPercentage: 100, diagnostics: false },
    budget: { monthlyAmount: 1537, startDate: "2026-12-01" },
    protection: { purgeProtection: true, lockStatefulResources: false },
  },
  prod: {
    network: network(52),
    frontDoor: { sku: "Premium_AzureFrontDoor", ...edge },
    apiManagement: { sku: "StandardV2_1", ...apimPolicies },
    appService: { sku: "P1v3", minInstances: 2, maxInstances: 20, autoscale: true, zoneBalancing: true, healthCheckPath: "/health" },
    functions: { plan: "EP1", preWarmedInstances: 2, minimumInstances: 2, zoneBalancing: true, maxInstances: 100 },
    cosmos: { capacity: "container-autoscale", sharedMaxThroughput: 4000, secondaryRegion: true, backup: "Continuous30Days" },
    sql: { maxVcores: 8, minVcores: 1, autoPauseMinutes: -1, maxSizeGb: 32, backupRetentionDays: 35, longTermRetention: "P1Y", failoverGroup: true },
    redis: { sku: "Balanced_B5", highAvailability: true, persistence: "rdb-12h" },
    storage: { replication: "GRS", coolAfterDays: 30, archiveAfterDays: 90, softDeleteDays: 14 },
    serviceBus: { sku: "Premium", capacity: 1 },
    search: { sku: "standard", replicas: 2, partitions: 1, private: true },
    openai: models,
    staticWebApp: { sku: "Standard" },
    bastion: { sku: "Basic" },
    monitoring: { ...alerts, retentionDays: 90, samplingPercentage: 50, diagnostics: true },
    budget: { monthlyAmount: 3100, startDate: "2026-12-01" },
    protection: { purgeProtection: true, lockStatefulResources: true },
  },
};
