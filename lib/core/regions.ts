/**
 * Azure public-cloud regions the library accepts, with the short code used in resource names
 * and whether the region has availability zones.
 *
 * Source: Microsoft Learn, "Azure regions list" and "Azure regions with availability zone
 * support" (learn.microsoft.com/azure/reliability/regions-list), read 2026-11. Restricted-access
 * regions (for example Germany North, Norway West, Switzerland West) are listed because
 * subscriptions can be enabled for them; the sovereign clouds (Azure Government, Azure China)
 * are not.
 */
export interface AzureRegion {
  /** ARM name, e.g. `eastus2`. */
  readonly name: string;
  /** Short code used in resource names, e.g. `eus2`. */
  readonly short: string;
  /** Whether the region offers availability zones (zone-redundant HA, ZRS, zone-balanced plans). */
  readonly zones: boolean;
}

const TABLE: ReadonlyArray<readonly [string, string, boolean]> = [
  ["australiacentral", "acl", false],
  ["australiacentral2", "acl2", false],
  ["australiaeast", "ae", true],
  ["australiasoutheast", "ase", false],
  ["austriaeast", "ate", true],
  ["belgiumcentral", "bec", true],
  ["brazilsouth", "brs", true],
  ["brazilsoutheast", "brse", false],
  ["canadacentral", "cac", true],
  ["canadaeast", "cae", false],
  ["centralindia", "inc", true],
  ["centralus", "cus", true],
  ["chilecentral", "clc", true],
  ["denmarkeast", "dke", true],
  ["eastasia", "ea", true],
  ["eastus", "eus", true],
  ["eastus2", "eus2", true],
  ["francecentral", "frc", true],
  ["francesouth", "frs", false],
  ["germanynorth", "gn", false],
  ["germanywestcentral", "gwc", true],
  ["indonesiacentral", "idc", true],
  ["israelcentral", "ilc", true],
  ["italynorth", "itn", true],
  ["japaneast", "jpe", true],
  ["japanwest", "jpw", true],
  ["jioindiacentral", "jinc", false],
  ["jioindiawest", "jinw", false],
  ["koreacentral", "krc", true],
  ["koreasouth", "krs", false],
  ["malaysiawest", "myw", true],
  ["mexicocentral", "mxc", true],
  ["newzealandnorth", "nzn", true],
  ["northcentralus", "ncus", false],
  ["northeurope", "neu", true],
  ["norwayeast", "noe", true],
  ["norwaywest", "now", false],
  ["polandcentral", "plc", true],
  ["qatarcentral", "qac", true],
  ["southafricanorth", "san", true],
  ["southafricawest", "saw", false],
  ["southcentralus", "scus", true],
  ["southeastasia", "sea", true],
  ["southindia", "ins", false],
  ["spaincentral", "spc", true],
  ["swedencentral", "sdc", true],
  ["switzerlandnorth", "szn", true],
  ["switzerlandwest", "szw", false],
  ["uaecentral", "uaec", false],
  ["uaenorth", "uaen", true],
  ["uksouth", "uks", true],
  ["ukwest", "ukw", false],
  ["westcentralus", "wcus", false],
  ["westeurope", "weu", true],
  ["westindia", "inw", false],
  ["westus", "wus", false],
  ["westus2", "wus2", true],
  ["westus3", "wus3", true],
];

export const AZURE_REGIONS: ReadonlyMap<string, AzureRegion> = new Map(
  TABLE.map(([name, short, zones]) => [name, { name, short, zones }]),
);

/** All region names, sorted, for schemas and messages. */
export const AZURE_REGION_NAMES: readonly string[] = TABLE.map(([name]) => name);

/** Looks a region up by ARM name; throws for an unknown one (the profile loader rejects those first). */
export function region(name: string): AzureRegion {
  const r = AZURE_REGIONS.get(name);
  if (!r) throw new Error(`unknown Azure region "${name}"`);
  return r;
}
