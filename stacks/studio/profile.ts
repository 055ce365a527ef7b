import { z } from "zod";
import { bool, intRange, ipv4Cidr, oneOf } from "../../lib/core/schema-types";
import type { TierTable } from "../../lib/core/system";
import { COSMOS_POSTGRES_EDITIONS, COSMOS_POSTGRES_VERSIONS } from "../../lib/data/cosmos-postgres-cluster";
import { MONGO_COMPUTE_TIERS, MONGO_STORAGE_SIZES_GB } from "../../lib/data/mongo-vcore-vector";
import { STORAGE_REPLICATIONS } from "../../lib/data/storage-account";
import { OPENAI_DEPLOYMENT_SKUS } from "../../lib/ai/openai-deployment";
import { APP_SERVICE_SKUS } from "../../lib/web/app-service-with-slots";

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
    coordinatorEdition: oneOf(COSMOS_POSTGRES_EDITIONS).describe("Compute edition of the coordinator."),
    coordinatorVCores: intRange(1, 96).describe("Coordinator vCores."),
    coordinatorStorageMb: intRange(32768, 16777216).describe("Coordinator storage, MB."),
    workerCount: intRange(0, 20).describe("Worker nodes: 0 (single node) or 2-20."),
    workerVCores: intRange(4, 104).describe("vCores per worker."),
    workerStorageMb: intRange(524288, 16777216).describe("Storage per worker, MB."),
    highAvailability: bool().describe("A standby for every node."),
    postgresVersion: oneOf(COSMOS_POSTGRES_VERSIONS).describe("PostgreSQL major version."),
  }),
  mongo: z.strictObject({
    computeTier: oneOf(MONGO_COMPUTE_TIERS).describe("MongoDB vCore compute tier (HNSW vector indexes need M30 or higher)."),
    storageSizeGb: z.union(MONGO_STORAGE_SIZES_GB.map((n) => z.literal(n)), { error: `is not allowed (allowed: ${MONGO_STORAGE_SIZES_GB.join(", ")})` }).describe("Storage per shard, GiB."),
    shardCount: intRange(1, 10).describe("Shards."),
    highAvailability: bool().describe("Zone-redundant standby (when available in the region)."),
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

const network = { addressSpace: "10.0.0.0/16", appSubnet: "10.0.1.0/24", endpointsSubnet: "10.0.2.0/24", dataSubnet: "10.0.3.0/24" };
const openai = (capacity: number) => ({
  chat: { name: "gpt-4.1", version: "2025-04-14", sku: "GlobalStandard" as const, capacity },
  fastChat: { name: "gpt-4.1-mini", version: "2025-04-14", sku: "GlobalStandard" as const, capacity },
  embeddings: { name: "text-embedding-3-small", version: "1", sku: "Standard" as const, capacity },
});

/** The document's environments; choices it leaves open are in README ("Studio"). */
export const studioTiers: TierTable<StudioProfile> = {
  dev: {
    network,
    appService: { sku: "B1", stagingSlot: false, autoscale: false, minInstances: 1, maxInstances: 1, zoneBalancing: false },
    database: {
      coordinatorEdition: "BurstableMemoryOptimized", coordinatorVCores: 1, coordinatorStorageMb: 32768,
      workerCount: 0, workerVCores: 4, workerStorageMb: 524288, highAvailability: false, postgresVersion: "16",
    },
    mongo: { computeTier: "M30", storageSizeGb: 32, shardCount: 1, highAvailability: false },
    storage: { replication: "LRS", coolAfterDays: 30, coldAfterDays: 90, deleteAfterDays: 365, softDeleteDays: 7 },
    openai: openai(10),
    registry: { sku: "Basic" },
    monitoring: { level: "basic", retentionDays: 30, samplingPercentage: 100 },
    protection: { purgeProtection: false, lockStatefulResources: false },
  },
  staging: {
    network,
    appService: { sku: "S1", stagingSlot: false, autoscale: true, minInstances: 1, maxInstances: 3, zoneBalancing: false },
    database: {
      coordinatorEdition: "GeneralPurpose", coordinatorVCores: 4, coordinatorStorageMb: 131072,
      workerCount: 2, workerVCores: 4, workerStorageMb: 524288, highAvailability: false, postgresVersion: "16",
    },
    mongo: { computeTier: "M30", storageSizeGb: 128, shardCount: 1, highAvailability: false },
    storage: { replication: "ZRS", coolAfterDays: 30, coldAfterDays: 90, deleteAfterDays: 365, softDeleteDays: 14 },
    openai: openai(30),
    registry: { sku: "Standard" },
    monitoring: { level: "full", retentionDays: 30, samplingPercentage: 100 },
    protection: { purgeProtection: true, lockStatefulResources: false },
  },
  prod: {
    network,
    appService: { sku: "P1v3", stagingSlot: true, autoscale: true, minInstances: 2, maxInstances: 10, zoneBalancing: true },
    database: {
      coordinatorEdition: "GeneralPurpose", coordinatorVCores: 8, coordinatorStorageMb: 262144,
      workerCount: 2, workerVCores: 8, workerStorageMb: 1048576, highAvailability: true, postgresVersion: "16",
    },
    mongo: { computeTier: "M40", storageSizeGb: 256, shardCount: 1, highAvailability: true },
    storage: { replication: "RAGZRS", coolAfterDays: 30, coldAfterDays: 90, deleteAfterDays: 2555, softDeleteDays: 30 },
    openai: openai(100),
    registry: { sku: "Premium" },
    monitoring: { level: "full", retentionDays: 90, samplingPercentage: 25 },
    protection: { purgeProtection: true, lockStatefulResources: true },
  },
};
