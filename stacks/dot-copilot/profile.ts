import { z } from "zod";
import { POSTGRES_SKUS, POSTGRES_STORAGE_MB } from "../../lib/data/postgres-flexible";
import { STORAGE_REPLICATIONS } from "../../lib/data/storage-account";
import { APP_SERVICE_SKUS } from "../../lib/web/app-service-with-slots";
import { STATIC_WEB_APP_REGIONS } from "../../lib/web/static-web-app";
import { bool, intRange, ipv4Cidr, oneOf } from "../../lib/framework/schema-types";
import type { TierTable } from "../../lib/framework/system";

/**
 * DOT-Copilot's settings, grouped as in the "Environment Tiers" table of
 * shared/seeds/dot-copilot.md. Every key can be overridden per environment under
 * `systems.dot-copilot.<group>.<key>`.
 */
export const dotCopilotProfileSchema = z.strictObject({
  network: z.strictObject({
    addressSpace: ipv4Cidr().describe("Address space of the VNet the API is integrated into (the document's optional VNet)."),
    appSubnet: ipv4Cidr().describe("App Service VNet integration subnet (delegated to Microsoft.Web/serverFarms, with the Microsoft.Storage service endpoint); /28 or larger, /26 recommended."),
    endpointsSubnet: ipv4Cidr().describe("The database's private endpoint."),
  }),
  appService: z.strictObject({
    sku: oneOf(APP_SERVICE_SKUS).describe("App Service plan SKU."),
    alwaysOn: bool().describe("Keep the backend loaded between requests."),
    stagingSlot: bool().describe("A `staging` deployment slot for blue-green swaps."),
    healthCheckPath: z.string().regex(/^\/[\w\-./]*$/, { error: "is not a URL path (allowed: starts with /)" }).describe("Path App Service probes."),
    instanceCount: intRange(1, 30).describe("Instances of the plan."),
    zoneBalancing: bool().describe("Spread the instances over availability zones (Premium v2/v3, at least 2 instances)."),
  }),
  postgres: z.strictObject({
    sku: oneOf(POSTGRES_SKUS).describe("Flexible Server compute SKU."),
    storageMb: z.union(POSTGRES_STORAGE_MB.map((n) => z.literal(n)), { error: `is not allowed (allowed: ${POSTGRES_STORAGE_MB.join(", ")})` }).describe("Storage size in MB."),
    highAvailability: bool().describe("Zone-redundant standby (not on Burstable SKUs)."),
    backupRetentionDays: intRange(7, 35).describe("Point-in-time restore window, days."),
    geoRedundantBackup: bool().describe("Copy backups to the paired region; fixed at creation."),
  }),
  storage: z.strictObject({
    replication: oneOf(STORAGE_REPLICATIONS).describe("Storage redundancy."),
  }),
  staticWebApp: z.strictObject({
    sku: oneOf(["Free", "Standard"] as const).describe("Static Web Apps plan."),
    location: oneOf(STATIC_WEB_APP_REGIONS).optional().describe("Region of the Static Web App. @default - the environment's location"),
  }),
  monitoring: z.strictObject({
    samplingPercentage: intRange(1, 100).describe("Share of Application Insights telemetry kept."),
    retentionDays: intRange(30, 730).describe("Log Analytics retention, days."),
    failedRequestsThreshold: intRange(1, 100000).describe("Failed requests in 5 minutes that raise the error-rate alert."),
    responseTimeThresholdMs: intRange(100, 60000).describe("Average response time (ms) over 5 minutes that raises the alert."),
    databaseCpuThresholdPercent: intRange(1, 100).describe("Average database CPU (%) over 5 minutes that raises the alert."),
    diagnostics: bool().describe("Send the database's, vault's and storage's logs and metrics to Log Analytics."),
  }),
  protection: z.strictObject({
    purgeProtection: bool().describe("Key Vault purge protection (cannot be turned off once on)."),
    lockStatefulResources: bool().describe("CanNotDelete locks and prevent_destroy on the database, storage and vault."),
  }),
});

export type DotCopilotProfile = z.infer<typeof dotCopilotProfileSchema>;

/** The API's VNet: integration subnet /26 (Microsoft's recommendation), a small endpoints subnet. */
const network = { addressSpace: "10.20.0.0/24", appSubnet: "10.20.0.0/26", endpointsSubnet: "10.20.0.64/28" };

const monitoring = { retentionDays: 30, failedRequestsThreshold: 10, responseTimeThresholdMs: 2000, databaseCpuThresholdPercent: 80, diagnostics: false };

/** The document's Environment Tiers table; choices it leaves open are in README ("DOT-Copilot"). */
export const dotCopilotTiers: TierTable<DotCopilotProfile> = {
  dev: {
    network,
    appService: { sku: "B1", alwaysOn: false, stagingSlot: false, healthCheckPath: "/health", instanceCount: 1, zoneBalancing: false },
    postgres: { sku: "B_Standard_B1ms", storageMb: 32768, highAvailability: false, backupRetentionDays: 7, geoRedundantBackup: false },
    storage: { replication: "LRS" },
    staticWebApp: { sku: "Free" },
    monitoring: { ...monitoring, samplingPercentage: 100 },
    protection: { purgeProtection: false, lockStatefulResources: false },
  },
  staging: {
    network,
    appService: { sku: "B1", alwaysOn: false, stagingSlot: false, healthCheckPath: "/health", instanceCount: 1, zoneBalancing: false },
    postgres: { sku: "B_Standard_B1ms", storageMb: 32768, highAvailability: false, backupRetentionDays: 7, geoRedundantBackup: false },
    storage: { replication: "LRS" },
    staticWebApp: { sku: "Free" },
    monitoring: { ...monitoring, samplingPercentage: 100 },
    protection: { purgeProtection: true, lockStatefulResources: false },
  },
  prod: {
    network,
    // Two instances over availability zones: the document calls prod "zone redundant" (README).
    appService: { sku: "P1v2", alwaysOn: true, stagingSlot: true, healthCheckPath: "/health", instanceCount: 2, zoneBalancing: true },
    postgres: { sku: "GP_Standard_D2s_v3", storageMb: 32768, highAvailability: true, backupRetentionDays: 14, geoRedundantBackup: true },
    storage: { replication: "ZRS" },
    staticWebApp: { sku: "Free" },
    monitoring: { ...monitoring, samplingPercentage: 10, retentionDays: 90, failedRequestsThreshold: 5, diagnostics: true },
    protection: { purgeProtection: true, lockStatefulResources: true },
  },
};
