import { z } from "zod";
import { bool, guid, intRange, ipv4Cidr, oneOf } from "../../lib/framework/schema-types";
import type { TierTable } from "../../lib/framework/system";
import { COSMOS_POSTGRES_EDITIONS } from "../../lib/data/cosmos-postgres-cluster";
import { POSTGRES_SKUS, POSTGRES_STORAGE_MB } from "../../lib/data/postgres-flexible";
import { MONGO_COMPUTE_TIERS, MONGO_STORAGE_SIZES_GB } from "../../lib/data/mongo-vcore-vector";
import { STORAGE_REPLICATIONS } from "../../lib/data/storage-account";
import { OPENAI_DEPLOYMENT_SKUS } from "../../lib/ai/openai-deployment";
import { APP_SERVICE_SKUS } from "../../lib/web/app-service-with-slots";
import { MANAGED_REDIS_SKUS } from "../../lib/data/redis";
import { FRONT_DOOR_SKUS } from "../../lib/edge/front-door-waf";

/** Studio's relational database engines: Flexible Server (new deployments) or Cosmos DB for PostgreSQL (existing clusters only). */
export const STUDIO_DATABASE_ENGINES = ["flexible-server", "cosmos-postgres"] as const;
/** PostgreSQL major versions both engines offer for a new server or cluster. */
export const STUDIO_POSTGRES_VERSIONS = ["15", "16"] as const;
/** Azure Bastion SKUs the operator path can use, or none. */
export const STUDIO_BASTION_SKUS = ["none", "Developer", "Basic", "Standard"] as const;

const model = () =>
  z.strictObject({
    name: z.string().regex(/^[a-z0-9][a-z0-9.-]*$/, { error: "is not a model name (allowed: lowercase letters, digits, periods and hyphens)" }).describe("Model name, e.g. gpt-4.1."),
    version: z.string().min(1).describe("Model version, e.g. 2025-04-14."),
    sku: oneOf(OPENAI_DEPLOYMENT_SKUS).describe("Deployment type."),
    capacity: intRange(1, 10000).describe("Capacity in thousands of tokens per minute."),
  });

/**
 * Studio's settings, grouped by service, from the "Deployment Environments" section of
 * shared/seeds/studio.md. Every key can be overridden under `systems.studio.<group>.<key>`.
 */
export const studioProfileSchema = z.strictObject({
  network: z.strictObject({
    addressSpace: ipv4Cidr().describe("VNet address space."),
    appSubnet: ipv4Cidr().describe("App Service VNet integration subnet (delegated to Microsoft.Web/serverFarms)."),
    endpointsSubnet: ipv4Cidr().describe("Private endpoints of Key Vault, Storage, OpenAI and the registry."),
    dataSubnet: ipv4Cidr().describe("Private endpoints of the databases."),
    operatorsSubnet: ipv4Cidr().describe("The operators' jump host (reached through Azure Bastion)."),
    bastionSubnet: ipv4Cidr().describe("AzureBastionSubnet, /26 or larger (Basic and Standard Bastion)."),
  }),
  operatorAccess: z.strictObject({
    bastionSku: oneOf(STUDIO_BASTION_SKUS).describe("Azure Bastion SKU in front of the jump host: Developer (free, portal only, one session), Basic (Entra ID sign-in in the portal), Standard (also `az network bastion ssh`), or none (no operator path into the VNet)."),
    jumpHostSize: z.string().regex(/^Standard_[A-Za-z0-9_]+$/, { error: "is not a VM size (allowed: e.g. Standard_B2als_v2)" }).describe("VM size of the jump host."),
    jumpHostShutdownUtc: z.string().regex(/^([01]\d|2[0-3])[0-5]\d$/, { error: "is not a time (allowed: HHMM in UTC, e.g. 1900)" }).describe("Daily time (UTC, HHMM) the jump host shuts down; operators start it when they need it."),
    loginGroupObjectId: guid().optional().describe("Entra ID group of the operators: Virtual Machine User Login on the jump host (Basic and Standard Bastion), Reader on the Bastion, Key Vault Secrets User. @default - none: grant these yourself"),
  }),
  appService: z.strictObject({
    sku: oneOf(APP_SERVICE_SKUS).describe("App Service plan SKU shared by the frontend and the backend."),
    stagingSlot: bool().describe("A `staging` slot on both apps for blue-green swaps."),
    autoscale: bool().describe("CPU, memory and HTTP queue autoscale rules (Standard and above)."),
    minInstances: intRange(1, 30).describe("Instances the plan never goes below."),
    maxInstances: intRange(1, 30).describe("Instances autoscale may reach."),
    zoneBalancing: bool().describe("Spread instances across availability zones (Premium v3)."),
  }),
  database: z.strictObject({
    engine: oneOf(STUDIO_DATABASE_ENGINES).describe("flexible-server: Azure Database for PostgreSQL Flexible Server. cosmos-postgres: Azure Cosmos DB for PostgreSQL, only for an environment whose cluster already exists (Microsoft blocks new deployments)."),
    postgresVersion: oneOf(STUDIO_POSTGRES_VERSIONS).describe("PostgreSQL major version."),
    highAvailability: bool().describe("A standby in another availability zone (Flexible Server) or for every node (Cosmos DB for PostgreSQL)."),
    connectionPooling: bool().describe("PgBouncer on port 6432 (Flexible Server: General Purpose and Memory Optimized SKUs; always on for Cosmos DB for PostgreSQL)."),
    sku: oneOf(POSTGRES_SKUS).describe("Flexible Server compute SKU."),
    storageMb: z.union(POSTGRES_STORAGE_MB.map((n) => z.literal(n)), { error: `is not allowed (allowed: ${POSTGRES_STORAGE_MB.join(", ")})` }).describe("Flexible Server storage, MB."),
    backupRetentionDays: intRange(7, 35).describe("Flexible Server point-in-time restore window, days (Cosmos DB for PostgreSQL keeps 35)."),
    geoRedundantBackup: bool().describe("Flexible Server backups copied to the paired region (geo-restore; fixed at creation)."),
  }),
  cosmosPostgres: z.strictObject({
    coordinatorEdition: oneOf(COSMOS_POSTGRES_EDITIONS).describe("Compute edition of the coordinator."),
    coordinatorVCores: intRange(1, 96).describe("Coordinator vCores."),
    coordinatorStorageMb: intRange(32768, 16777216).describe("Coordinator storage, MB."),
    workerCount: intRange(0, 20).describe("Worker nodes: 0 (single node) or 2-20."),
    workerVCores: intRange(4, 104).describe("vCores per worker."),
    workerStorageMb: intRange(524288, 16777216).describe("Storage per worker, MB."),
  }),
  mongo: z.strictObject({
    computeTier: oneOf(MONGO_COMPUTE_TIERS).describe("MongoDB vCore compute tier (HNSW vector indexes need M30 or higher)."),
    storageSizeGb: z.union(MONGO_STORAGE_SIZES_GB.map((n) => z.literal(n)), { error: `is not allowed (allowed: ${MONGO_STORAGE_SIZES_GB.join(", ")})` }).describe("Storage per shard, GiB."),
    shardCount: intRange(1, 10).describe("Shards."),
    highAvailability: bool().describe("Zone-redundant standby (when available in the region)."),
    geoReplica: bool().describe("A read-only replica in the environment's secondaryLocation, promoted on a regional outage."),
  }),
  storage: z.strictObject({
    replication: oneOf(STORAGE_REPLICATIONS).describe("Storage redundancy."),
    coolAfterDays: intRange(1, 99999).describe("Days after the last modification before blobs move to the cool tier."),
    coldAfterDays: intRange(1, 99999).describe("Days before they move to the cold tier (archive is not offered on zone-redundant accounts)."),
    deleteAfterDays: intRange(1, 99999).describe("Days before they are deleted."),
    softDeleteDays: intRange(1, 365).describe("Days deleted blobs and containers can be restored."),
  }),
  openai: z.strictObject({
    chat: model().describe("Main chat model deployment."),
    fastChat: model().describe("Fast, cheaper chat model deployment."),
    embeddings: model().describe("Embeddings deployment (its dimensions must match the vector index: 1536)."),
  }),
  registry: z.strictObject({
    sku: oneOf(["Basic", "Standard", "Premium"] as const).describe("Container Registry SKU (private endpoints need Premium)."),
    untaggedRetentionDays: intRange(0, 365).describe("Days before untagged manifests are deleted (Premium); 0 keeps them."),
    zoneRedundancy: bool().describe("Spread the registry over availability zones (Premium; fixed at creation)."),
  }),
  redis: z.strictObject({
    sku: z.enum(MANAGED_REDIS_SKUS, { error: "is not an Azure Managed Redis SKU (e.g. Balanced_B0, Balanced_B1)" }).describe("Azure Managed Redis SKU of the backend's cache (the document's \"Redis for frequently accessed data\")."),
    highAvailability: bool().describe("Replicated nodes with the availability SLA (zone-redundant where the region has zones)."),
  }),
  frontDoor: z.strictObject({
    sku: oneOf(FRONT_DOOR_SKUS).describe("Front Door tier in front of the frontend: Standard (WAF custom rules: a rate limit per client) or Premium (also the Default Rule Set and Bot Manager)."),
  }),
  budget: z.strictObject({
    monthlyAmount: intRange(1, 10000000).describe("Monthly Cost Management budget of the resource group, in the billing currency; an alert at 90 %."),
    startDate: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-01$/, { error: "is not the first day of a month (allowed: YYYY-MM-01)" }).describe("First month of the budget (YYYY-MM-01), fixed once created: Azure refuses to change it."),
  }),
  monitoring: z.strictObject({
    level: oneOf(["basic", "full"] as const).describe("basic: critical alerts only; full: every alert of the document and data-service diagnostics."),
    retentionDays: intRange(30, 730).describe("Log Analytics retention, days."),
    samplingPercentage: intRange(1, 100).describe("Share of Application Insights telemetry kept."),
  }),
  protection: z.strictObject({
    purgeProtection: bool().describe("Key Vault purge protection (cannot be turned off once on)."),
    lockStatefulResources: bool().describe("CanNotDelete locks and prevent_destroy on the databases, storage, vault and OpenAI account."),
  }),
});

export type StudioProfile = z.infer<typeof studioProfileSchema>;

const network = {
  addressSpace: "10.0.0.0/16", appSubnet: "10.0.1.0/24", endpointsSubnet: "10.0.2.0/24", dataSubnet: "10.0.3.0/24",
  operatorsSubnet: "10.0.4.0/27", bastionSubnet: "10.0.5.0/26",
};
/**
 * The newest models in Microsoft's retirement table (read 2026-11) with Data Zone Standard
 * deployments in the US and EU data zones (processing stays in the zone: the document's GDPR
 * section); see README "Studio" for their dates.
 */
const openai = (capacity: number) => ({
  chat: { name: "gpt-5.4", version: "2026-03-05", sku: "DataZoneStandard" as const, capacity },
  fastChat: { name: "gpt-5.4-mini", version: "2026-03-17", sku: "DataZoneStandard" as const, capacity },
  embeddings: { name: "text-embedding-3-small", version: "1", sku: "DataZoneStandard" as const, capacity },
});
const operatorAccess = (bastionSku: (typeof STUDIO_BASTION_SKUS)[number]) => ({ bastionSku, jumpHostSize: "Standard_B2als_v2", jumpHostShutdownUtc: "1900" });

/** The document's environments; choices it leaves open are in README ("Studio"). */
export const studioTiers: TierTable<StudioProfile> = {
  dev: {
    network,
    operatorAccess: operatorAccess("Developer"),
    appService: { sku: "B1", stagingSlot: false, autoscale: false, minInstances: 1, maxInstances: 1, zoneBalancing: false },
    database: {
      engine: "flexible-server", postgresVersion: "16", highAvailability: false, connectionPooling: false,
      sku: "B_Standard_B1ms", storageMb: 32768, backupRetentionDays: 7, geoRedundantBackup: false,
    },
    cosmosPostgres: { coordinatorEdition: "BurstableMemoryOptimized", coordinatorVCores: 1, coordinatorStorageMb: 32768, workerCount: 0, workerVCores: 4, workerStorageMb: 524288 },
    mongo: { computeTier: "M30", storageSizeGb: 32, shardCount: 1, highAvailability: false, geoReplica: false },
    storage: { replication: "LRS", coolAfterDays: 30, coldAfterDays: 90, deleteAfterDays: 365, softDeleteDays: 7 },
    openai: openai(10),
    registry: { sku: "Basic", untaggedRetentionDays: 0, zoneRedundancy: false },
    redis: { sku: "Balanced_B0", highAvailability: false },
    frontDoor: { sku: "Standard_AzureFrontDoor" },
    budget: { monthlyAmount: 100, startDate: "2026-12-01" },
    monitoring: { level: "basic", retentionDays: 30, samplingPercentage: 100 },
    protection: { purgeProtection: false, lockStatefulResources: false },
  },
  staging: {
    network,
    operatorAccess: operatorAccess("Developer"),
    appService: { sku: "S1", stagingSlot: false, autoscale: true, minInstances: 1, maxInstances: 3, zoneBalancing: false },
    database: {
      engine: "flexible-server", postgresVersion: "16", highAvailability: false, connectionPooling: true,
      sku: "GP_Standard_D2ds_v5", storageMb: 65536, backupRetentionDays: 7, geoRedundantBackup: false,
    },
    cosmosPostgres: { coordinatorEdition: "GeneralPurpose", coordinatorVCores: 4, coordinatorStorageMb: 131072, workerCount: 2, workerVCores: 4, workerStorageMb: 524288 },
    mongo: { computeTier: "M30", storageSizeGb: 128, shardCount: 1, highAvailability: false, geoReplica: false },
    storage: { replication: "ZRS", coolAfterDays: 30, coldAfterDays: 90, deleteAfterDays: 365, softDeleteDays: 14 },
    openai: openai(30),
    registry: { sku: "Standard", untaggedRetentionDays: 0, zoneRedundancy: false },
    redis: { sku: "Balanced_B0", highAvailability: true },
    frontDoor: { sku: "Standard_AzureFrontDoor" },
    budget: { monthlyAmount: 400, startDate: "2026-12-01" },
    monitoring: { level: "full", retentionDays: 30, samplingPercentage: 100 },
    protection: { purgeProtection: true, lockStatefulResources: false },
  },
  prod: {
    network,
    operatorAccess: operatorAccess("Basic"),
    appService: { sku: "P1v3", stagingSlot: true, autoscale: true, minInstances: 2, maxInstances: 10, zoneBalancing: true },
    database: {
      engine: "flexible-server", postgresVersion: "16", highAvailability: true, connectionPooling: true,
      sku: "GP_Standard_D2ds_v5", storageMb: 131072, backupRetentionDays: 7, geoRedundantBackup: true,
    },
    cosmosPostgres: { coordinatorEdition: "GeneralPurpose", coordinatorVCores: 4, coordinatorStorageMb: 131072, workerCount: 2, workerVCores: 4, workerStorageMb: 524288 },
    mongo: { computeTier: "M30", storageSizeGb: 128, shardCount: 1, highAvailability: true, geoReplica: true },
    storage: { replication: "RAGZRS", coolAfterDays: 30, coldAfterDays: 90, deleteAfterDays: 2555, softDeleteDays: 30 },
    openai: openai(100),
    // Untagged manifests go after 30 days (images deployed by tag keep theirs); zone-redundant in prod.
    registry: { sku: "Premium", untaggedRetentionDays: 30, zoneRedundancy: true },
    redis: { sku: "Balanced_B1", highAvailability: true },
    // Premium: the managed WAF rule sets (Default Rule Set, Bot Manager) in front of production.
    frontDoor: { sku: "Premium_AzureFrontDoor" },
    budget: { monthlyAmount: 1500, startDate: "2026-12-01" },
    monitoring: { level: "full", retentionDays: 90, samplingPercentage: 25 },
    protection: { purgeProtection: true, lockStatefulResources: true },
  },
};
