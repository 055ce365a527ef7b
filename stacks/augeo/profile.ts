import { z } from "zod";
import { CONTAINER_REGISTRY_SKUS } from "../../lib/containers/container-registry";
import { POSTGRES_SKUS, POSTGRES_STORAGE_MB } from "../../lib/data/postgres-flexible";
import { MANAGED_REDIS_SKUS } from "../../lib/data/redis";
import { STORAGE_REPLICATIONS } from "../../lib/data/storage-account";
import { EMAIL_DATA_LOCATIONS } from "../../lib/integration/email-communication";
import { bool, intRange, ipv4Cidr, oneOf } from "../../lib/framework/schema-types";
import type { TierTable } from "../../lib/framework/system";
import { APP_SERVICE_SKUS } from "../../lib/web/app-service-with-slots";
import { STATIC_WEB_APP_REGIONS } from "../../lib/web/static-web-app";

/** PostgreSQL major versions Augeo may run: the document's 14 ends Azure standard support on 2026-12-11. */
export const AUGEO_POSTGRES_VERSIONS = ["15", "16"] as const;

/** Redis persistence: none, the append-only file (every second) or RDB snapshots at Managed Redis' frequencies. */
export const AUGEO_REDIS_PERSISTENCE = ["none", "aof-1s", "rdb-1h", "rdb-6h", "rdb-12h"] as const;

const DNS_LABEL = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const GITHUB_REPOSITORY = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})\/[A-Za-z0-9._-]{1,100}$/;

/**
 * Augeo's settings (shared/seeds/augeo.md, "Environment Configuration"), grouped by service.
 * Every key can be overridden under `systems.augeo.<group>.<key>`.
 */
export const augeoProfileSchema = z.strictObject({
  network: z.strictObject({
    addressSpace: ipv4Cidr().describe("VNet address space."),
    appSubnet: ipv4Cidr().describe("App Service regional VNet integration (delegated to Microsoft.Web/serverFarms; /28 or larger, /26 recommended)."),
    endpointsSubnet: ipv4Cidr().describe("Private endpoints of Redis, Key Vault and Storage."),
    databaseSubnet: ipv4Cidr().describe("PostgreSQL Flexible Server, VNet-injected (delegated to Microsoft.DBforPostgreSQL/flexibleServers)."),
  }),
  appService: z.strictObject({
    sku: oneOf(APP_SERVICE_SKUS).describe("App Service plan SKU (Linux)."),
    stagingSlot: bool().describe("A `staging` slot for blue-green swaps (Standard and above)."),
    autoscale: bool().describe("CPU, memory and HTTP queue autoscale rules between minInstances and maxInstances (Standard and above)."),
    minInstances: intRange(1, 30).describe("Instances the plan never goes below."),
    maxInstances: intRange(1, 30).describe("Instances autoscale may reach."),
    zoneBalancing: bool().describe("Spread the instances over availability zones (Premium v3, at least 2 instances)."),
    healthCheckPath: z.string().regex(/^\/[\w\-./]*$/, { error: "is not a URL path (allowed: starts with /)" }).describe("Path App Service probes."),
  }),
  api: z.strictObject({
    image: z
      .string()
      .regex(/^[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*(?::[\w][\w.-]{0,127}|@sha256:[a-f0-9]{64})$/, {
        error: "is not an image reference in the registry (allowed: repository:tag or repository@sha256:digest, without the registry host)",
      })
      .describe("The FastAPI container image in the environment's registry, as created; CI deploys later tags (Terraform then ignores the image)."),
    port: intRange(1, 65535).describe("Port the container listens on (WEBSITES_PORT)."),
  }),
  registry: z.strictObject({
    sku: oneOf(CONTAINER_REGISTRY_SKUS).describe("Container Registry SKU (retention and zone redundancy need Premium)."),
    untaggedRetentionDays: intRange(0, 365).describe("Days before untagged manifests are deleted (Premium); 0 keeps them."),
    zoneRedundancy: bool().describe("Spread the registry over availability zones (Premium; fixed at creation)."),
  }),
  postgres: z.strictObject({
    version: oneOf(AUGEO_POSTGRES_VERSIONS).describe("PostgreSQL major version."),
    sku: oneOf(POSTGRES_SKUS).describe("Flexible Server compute SKU."),
    storageMb: z.union(POSTGRES_STORAGE_MB.map((n) => z.literal(n)), { error: `is not allowed (allowed: ${POSTGRES_STORAGE_MB.join(", ")})` }).describe("Storage size in MB."),
    highAvailability: bool().describe("Zone-redundant standby (not on Burstable SKUs)."),
    backupRetentionDays: intRange(7, 35).describe("Point-in-time restore window, days."),
    geoRedundantBackup: bool().describe("Copy backups to the paired region; fixed at creation."),
  }),
  redis: z.strictObject({
    sku: z
      .enum(MANAGED_REDIS_SKUS, {
        error: "is not an Azure Managed Redis SKU (allowed: Balanced_B0-B1000, MemoryOptimized_M10-M2000, ComputeOptimized_X3-X700, FlashOptimized_A250-A4500, e.g. Balanced_B1; Azure Cache for Redis sizes such as C1 are not Managed Redis SKUs)",
      })
      .describe("Azure Managed Redis SKU."),
    highAvailability: bool().describe("A replica of each shard (Azure's SLA needs it; off only for development)."),
    persistence: oneOf(AUGEO_REDIS_PERSISTENCE).describe("none, aof-1s (append-only file, flushed every second) or rdb-<1h|6h|12h> (snapshots)."),
  }),
  staticWebApp: z.strictObject({
    sku: oneOf(["Free", "Standard"] as const).describe("Static Web Apps plan of the React admin."),
    location: oneOf(STATIC_WEB_APP_REGIONS).optional().describe("Region of the Static Web App. @default - the environment's location"),
  }),
  dns: z.strictObject({
    zoneName: z.string().regex(DNS_LABEL, { error: "is not a DNS domain name (allowed: lowercase labels separated by dots, e.g. augeo.app)" }).describe("The product domain's public zone for this environment."),
    delegated: bool().describe("The registrar (or the parent zone) points the domain at this zone's name servers: custom domains and their managed certificates are bound. Leave false for the first deploy."),
  }),
  email: z.strictObject({
    dataLocation: oneOf(EMAIL_DATA_LOCATIONS).describe("Where Communication Services keeps email data at rest."),
    domainVerified: bool().describe("Azure has verified the email domain (after delegation: `az communication email domain initiate-verification`): link it to the Communication Services resource."),
  }),
  storage: z.strictObject({
    replication: oneOf(STORAGE_REPLICATIONS).describe("Redundancy of the backups-and-logs account (archive needs LRS, GRS or RAGRS)."),
    archiveAfterDays: intRange(1, 99999).describe("Days after the last modification before blobs move to the archive tier."),
  }),
  monitoring: z.strictObject({
    retentionDays: intRange(30, 730).describe("Log Analytics retention, days."),
    samplingPercentage: intRange(1, 100).describe("Share of Application Insights telemetry kept."),
    errorRatePercent: intRange(1, 100).describe("Critical: failed requests above this share over 5 minutes."),
    p95LatencyMs: intRange(50, 60000).describe("Critical: 95th percentile response time (ms) above this over 5 minutes."),
    cpuPercent: intRange(1, 100).describe("Warning: App Service plan CPU above this (%) over 5 minutes."),
    memoryPercent: intRange(1, 100).describe("Warning: App Service plan memory above this (%) over 5 minutes."),
    teamsWebhook: bool().describe("Post alerts to a Microsoft Teams Workflows webhook, whose URL comes from the sensitive Terraform variable teams_webhook_url (TF_VAR_teams_webhook_url); never from this file."),
    smsRecipients: z
      .array(z.strictObject({
        name: z.string().regex(/^[A-Za-z0-9][\w-]{0,31}$/, { error: "is not a receiver name (allowed: letters, digits, hyphens and underscores)" }),
        countryCode: z.string().regex(/^[1-9]\d{0,2}$/, { error: "is not a country calling code (allowed: 1-3 digits, no +, e.g. 1)" }),
        phoneNumber: z.string().regex(/^\d{4,15}$/, { error: "is not a phone number (allowed: 4-15 digits, no spaces)" }),
      }))
      .max(10, { error: "has more than 10 entries (an action group takes at most 10 SMS receivers)" })
      .describe("On-call phones that receive critical alerts by SMS."),
    diagnostics: bool().describe("Send the database's, cache's, vault's and storage's logs and metrics to Log Analytics."),
  }),
  budget: z.strictObject({
    monthlyAmount: intRange(1, 1000000).describe("Monthly Cost Management budget of the resource group, in the billing currency."),
    startDate: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-01$/, { error: "is not the first day of a month (allowed: YYYY-MM-01)" }).describe("First month of the budget (YYYY-MM-01), fixed once created: Azure refuses to change it."),
  }),
  github: z.strictObject({
    repository: z.string().regex(GITHUB_REPOSITORY, { error: "is not a GitHub repository (allowed: owner/name)" }).optional().describe("The repository whose GitHub Actions deploy Augeo (owner/name). Required."),
    environment: z.string().regex(/^[^\s*'"`,;:\\/][^*'"`,;:\\/]{0,254}$/, { error: "is not a GitHub environment name" }).describe("The GitHub environment (with its protection rules) whose jobs may deploy here."),
  }),
  protection: z.strictObject({
    purgeProtection: bool().describe("Key Vault purge protection (cannot be turned off once on)."),
    lockStatefulResources: bool().describe("CanNotDelete locks and prevent_destroy on the database, cache, storage, vault and DNS zone."),
  }),
});

export type AugeoProfile = z.infer<typeof augeoProfileSchema>;

/** The document's alert thresholds; SMS numbers and the Teams webhook are the environment's to give. */
const monitoring = { errorRatePercent: 5, p95LatencyMs: 500, cpuPercent: 80, memoryPercent: 80, teamsWebhook: false, smsRecipients: [] };

/** The document's "Environment Configuration"; the choices it leaves open are in README ("Augeo"). */
export const augeoTiers: TierTable<AugeoProfile> = {
  dev: {
    network: { addressSpace: "10.40.0.0/22", appSubnet: "10.40.0.0/26", endpointsSubnet: "10.40.1.0/27", databaseSubnet: "10.40.2.0/28" },
    appService: { sku: "B1", stagingSlot: false, autoscale: false, minInstances: 1, maxInstances: 1, zoneBalancing: false, healthCheckPath: "/health" },
    api: { image: "augeo-api:bootstrap", port: 8000 },
    registry: { sku: "Basic", untaggedRetentionDays: 0, zoneRedundancy: false },
    postgres: { version: "16", sku: "B_Standard_B1ms", storageMb: 32768, highAvailability: false, backupRetentionDays: 7, geoRedundantBackup: false },
    redis: { sku: "Balanced_B0", highAvailability: false, persistence: "none" },
    staticWebApp: { sku: "Standard" },
    dns: { zoneName: "dev.augeo.app", delegated: false },
    email: { dataLocation: "United States", domainVerified: false },
    storage: { replication: "LRS", archiveAfterDays: 90 },
    monitoring: { ...monitoring, retentionDays: 30, samplingPercentage: 100, diagnostics: false },
    budget: { monthlyAmount: 42, startDate: "2026-12-01" },
    github: { environment: "dev" },
    protection: { purgeProtection: false, lockStatefulResources: false },
  },
  staging: {
    network: { addressSpace: "10.41.0.0/22", appSubnet: "10.41.0.0/26", endpointsSubnet: "10.41.1.0/27", databaseSubnet: "10.41.2.0/28" },
    // P0v3 instead of the document's S1: cheaper, newer hardware, and the SKU prod runs (README).
    appService: { sku: "P0v3", stagingSlot: true, autoscale: false, minInstances: 1, maxInstances: 1, zoneBalancing: false, healthCheckPath: "/health" },
    api: { image: "augeo-api:bootstrap", port: 8000 },
    registry: { sku: "Basic", untaggedRetentionDays: 0, zoneRedundancy: false },
    postgres: { version: "16", sku: "GP_Standard_D2s_v3", storageMb: 32768, highAvailability: false, backupRetentionDays: 7, geoRedundantBackup: false },
    redis: { sku: "Balanced_B1", highAvailability: true, persistence: "none" },
    staticWebApp: { sku: "Standard" },
    dns: { zoneName: "staging.augeo.app", delegated: false },
    email: { dataLocation: "United States", domainVerified: false },
    storage: { replication: "LRS", archiveAfterDays: 90 },
    monitoring: { ...monitoring, retentionDays: 30, samplingPercentage: 100, diagnostics: false },
    budget: { monthlyAmount: 100, startDate: "2026-12-01" },
    github: { environment: "staging" },
    protection: { purgeProtection: true, lockStatefulResources: false },
  },
  prod: {
    network: { addressSpace: "10.42.0.0/22", appSubnet: "10.42.0.0/26", endpointsSubnet: "10.42.1.0/27", databaseSubnet: "10.42.2.0/28" },
    // Zone-redundant P0v3, 2-5 instances: the document's S1 has no zone redundancy (README).
    appService: { sku: "P0v3", stagingSlot: true, autoscale: true, minInstances: 2, maxInstances: 5, zoneBalancing: true, healthCheckPath: "/health" },
    api: { image: "augeo-api:bootstrap", port: 8000 },
    registry: { sku: "Premium", untaggedRetentionDays: 30, zoneRedundancy: true },
    postgres: { version: "16", sku: "GP_Standard_D2s_v3", storageMb: 32768, highAvailability: true, backupRetentionDays: 30, geoRedundantBackup: true },
    redis: { sku: "Balanced_B1", highAvailability: true, persistence: "aof-1s" },
    staticWebApp: { sku: "Standard" },
    dns: { zoneName: "augeo.app", delegated: false },
    email: { dataLocation: "United States", domainVerified: false },
    storage: { replication: "GRS", archiveAfterDays: 90 },
    monitoring: { ...monitoring, retentionDays: 90, samplingPercentage: 50, diagnostics: true },
    budget: { monthlyAmount: 289, startDate: "2026-12-01" },
    github: { environment: "production" },
    protection: { purgeProtection: true, lockStatefulResources: true },
  },
};
