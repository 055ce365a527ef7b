import type { EnvironmentConfig } from "../lib/framework/environment-config";
import { AZURE_REGIONS } from "../lib/core/regions";
import { POSTGRES_NO_GEO_BACKUP_REGIONS } from "../lib/data/postgres-flexible";
import type { ProfileIssue } from "../lib/framework/system";
import { appServiceTierLimits, skuHasSlots } from "../lib/web/app-service-with-slots";

/** Cross-setting checks several systems' profiles share; `at` prefixes a key with the system's section. */
type At = (...keys: string[]) => string[];

/** Whether the environment's region has availability zones. */
export function regionHasZones(env: EnvironmentConfig): boolean {
  return AZURE_REGIONS.get(env.location)?.zones ?? true;
}

/** `appService.stagingSlot` on a plan without deployment slots (Free, Basic). */
export function stagingSlotIssue(app: { readonly sku: string; readonly stagingSlot: boolean }, at: At): ProfileIssue[] {
  if (!app.stagingSlot || skuHasSlots(app.sku)) return [];
  return [{ reports: [
    { path: at("appService", "stagingSlot"), message: `is not allowed with the ${JSON.stringify(app.sku)} plan: deployment slots need Standard (S1) or Premium` },
    { path: at("appService", "sku"), message: "has no deployment slots, which appService.stagingSlot needs: choose S1 or a Premium SKU, or set stagingSlot: false" },
  ] }];
}

/** Zone-redundant `storage.replication` in a region without availability zones. */
export function zoneRedundantStorageIssue(replication: string, env: EnvironmentConfig, at: At): ProfileIssue[] {
  if (!replication.includes("ZRS") || regionHasZones(env)) return [];
  const key = at("storage", "replication");
  return [{ reports: [
    { path: key, message: `is not allowed in ${env.location}, which has no availability zones (allowed there: LRS, GRS, RAGRS)` },
    { path: ["location"], message: `has no availability zones, which storage.replication ${JSON.stringify(replication)} needs: choose a region with zones, or set ${key.join(".")} to LRS, GRS or RAGRS` },
  ] }];
}

/**
 * `appService.instanceCount` and `appService.zoneBalancing` against the plan: no more instances
 * than the tier allows; zone balancing only on Premium v2/v3, in a region with zones, with at
 * least two instances ("Reliability in Azure App Service", learn.microsoft.com/azure/reliability/reliability-app-service).
 */
export function planInstanceIssues(
  app: { readonly sku: string; readonly instanceCount: number; readonly zoneBalancing: boolean },
  env: EnvironmentConfig,
  at: At,
): ProfileIssue[] {
  const limits = appServiceTierLimits(app.sku);
  const issues: ProfileIssue[] = [];
  if (limits && app.instanceCount > limits.maxInstances) {
    issues.push({ reports: [
      { path: at("appService", "instanceCount"), message: `is more than the ${limits.tier} tier allows (allowed: 1 to ${limits.maxInstances})` },
      { path: at("appService", "sku"), message: `allows at most ${limits.maxInstances} instances, fewer than appService.instanceCount ${app.instanceCount}` },
    ] });
  }
  if (!app.zoneBalancing) return issues;
  if (limits && !limits.zoneBalancing) {
    issues.push({ reports: [
      { path: at("appService", "zoneBalancing"), message: `is not allowed with the ${JSON.stringify(app.sku)} plan: zone balancing needs Premium v2 or v3` },
      { path: at("appService", "sku"), message: "has no zone balancing, which appService.zoneBalancing needs: choose a Premium v2 or v3 SKU, or set zoneBalancing: false" },
    ] });
  }
  if (!regionHasZones(env)) {
    issues.push({ reports: [
      { path: at("appService", "zoneBalancing"), message: `is not allowed in ${env.location}, which has no availability zones` },
      { path: ["location"], message: "has no availability zones, which appService.zoneBalancing needs: choose a region with zones, or set zoneBalancing: false" },
    ] });
  }
  if (app.instanceCount < 2) {
    issues.push({ reports: [
      { path: at("appService", "instanceCount"), message: "is less than 2, and appService.zoneBalancing needs at least two instances to spread over zones" },
      { path: at("appService", "zoneBalancing"), message: `needs appService.instanceCount 2 or more (it is ${app.instanceCount})` },
    ] });
  }
  return issues;
}

/**
 * A `postgres` group's Flexible Server settings Azure rejects: high availability on a Burstable
 * SKU or in a region without zones, geo-redundant backup where there is no paired region.
 */
export function postgresFlexibleIssues(
  pg: { readonly sku: string; readonly highAvailability: boolean; readonly geoRedundantBackup: boolean },
  env: EnvironmentConfig,
  at: At,
  systemId: string,
): ProfileIssue[] {
  const issues: ProfileIssue[] = [];
  if (pg.highAvailability && pg.sku.startsWith("B_")) {
    issues.push({ reports: [
      { path: at("postgres", "highAvailability"), message: `is not allowed with the Burstable SKU ${JSON.stringify(pg.sku)}: high availability needs a GP_ or MO_ SKU` },
      { path: at("postgres", "sku"), message: "is Burstable, which offers no high availability (postgres.highAvailability is true): choose a GP_ or MO_ SKU, or set highAvailability: false" },
    ] });
  }
  if (pg.highAvailability && !regionHasZones(env)) {
    issues.push({ reports: [
      { path: at("postgres", "highAvailability"), message: `is not allowed in ${env.location}, which has no availability zones (zone-redundant high availability needs them)` },
      { path: ["location"], message: `has no availability zones, which postgres.highAvailability (zone-redundant) needs: choose a region with zones, or set systems.${systemId}.postgres.highAvailability: false` },
    ] });
  }
  if (pg.geoRedundantBackup && POSTGRES_NO_GEO_BACKUP_REGIONS.includes(env.location)) {
    issues.push({ reports: [
      { path: at("postgres", "geoRedundantBackup"), message: `is not allowed in ${env.location}, where PostgreSQL Flexible Server offers no geo-redundant backup (no paired region)` },
      { path: ["location"], message: "offers no geo-redundant backup for PostgreSQL Flexible Server (no paired region), which postgres.geoRedundantBackup needs: choose another region, or set it to false" },
    ] });
  }
  return issues;
}

/**
 * The plan's scale settings: `appService.autoscale` on a plan without autoscale (Free, Basic),
 * `minInstances` above `maxInstances`, and `maxInstances` above what the tier allows.
 */
export function appServiceScaleIssues(
  app: { readonly sku: string; readonly autoscale: boolean; readonly minInstances: number; readonly maxInstances: number },
  at: At,
): ProfileIssue[] {
  const issues: ProfileIssue[] = [];
  const limits = appServiceTierLimits(app.sku);
  if (app.autoscale && limits && !limits.autoscale) {
    issues.push({ reports: [
      { path: at("appService", "autoscale"), message: `is not allowed with the ${JSON.stringify(app.sku)} plan: autoscale needs Standard (S1) or Premium` },
      { path: at("appService", "sku"), message: "has no autoscale, which appService.autoscale needs: choose S1 or a Premium SKU, or set autoscale: false" },
    ] });
  }
  if (app.minInstances > app.maxInstances) {
    issues.push({ reports: [
      { path: at("appService", "minInstances"), message: `is more than appService.maxInstances ${app.maxInstances}` },
      { path: at("appService", "maxInstances"), message: `is less than appService.minInstances ${app.minInstances}` },
    ] });
  }
  if (limits && app.maxInstances > limits.maxInstances) {
    issues.push({ reports: [
      { path: at("appService", "maxInstances"), message: `is more than the ${limits.tier} tier allows (allowed: 1 to ${limits.maxInstances})` },
      { path: at("appService", "sku"), message: `allows at most ${limits.maxInstances} instances, fewer than appService.maxInstances ${app.maxInstances}` },
    ] });
  }
  return issues;
}
