import type { EnvironmentConfig } from "../lib/core/environment";
import { AZURE_REGIONS } from "../lib/core/regions";
import type { ProfileIssue } from "../lib/core/system";
import { skuHasSlots } from "../lib/web/app-service-with-slots";

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
