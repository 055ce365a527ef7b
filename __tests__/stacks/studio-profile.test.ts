import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConfigError } from "../../lib/core/errors";
import { loadEnvironment } from "../../lib/framework/load-environment";
import { SYSTEMS } from "../../stacks/registry";
import { REPO } from "../helpers/synth-all";

/** The shipped prod.yaml with extra lines under `systems.studio` (line numbers: see `at`). */
function prodWithStudio(...lines: string[]): { file: string; at: (n: number) => number } {
  // The lines go into Studio's section (`  studio:\n    enabled: true`), wherever it sits among the systems.
  const shipped = readFileSync(join(REPO, "environments", "prod.yaml"), "utf8").trimEnd().split("\n");
  const section = shipped.indexOf("  studio:");
  if (section < 0 || shipped[section + 1] !== "    enabled: true") throw new Error("prod.yaml has no `studio:` section starting with `enabled: true`");
  const file = join(mkdtempSync(join(tmpdir(), "studio-profile-")), "prod.yaml");
  writeFileSync(file, `${[...shipped.slice(0, section + 2), ...lines, ...shipped.slice(section + 2)].join("\n")}\n`);
  const first = section + 3;
  return { file, at: (n) => first + n };
}

function messages(file: string): string[] {
  try {
    loadEnvironment(file, SYSTEMS);
  } catch (e) {
    if (e instanceof ConfigError) return e.problems.map((p) => `${p.line}:${p.column} ${p.path}: ${p.message}`);
    throw e;
  }
  return [];
}

describe("Studio network plan, checked with positions", () => {
  test("overlapping subnets are reported at the subnet the file sets", () => {
    const { file, at } = prodWithStudio("    network:", "      dataSubnet: 10.0.2.0/23");
    expect(messages(file)).toEqual([`${at(1)}:19 systems.studio.network.dataSubnet: "10.0.2.0/23" overlaps network.endpointsSubnet "10.0.2.0/24"`]);
  });

  test("a subnet outside the address space", () => {
    const { file, at } = prodWithStudio("    network:", "      endpointsSubnet: 10.1.2.0/24");
    expect(messages(file)).toEqual([`${at(1)}:24 systems.studio.network.endpointsSubnet: "10.1.2.0/24" is not inside network.addressSpace "10.0.0.0/16"`]);
  });

  test("an App Service integration subnet smaller than /28", () => {
    const { file, at } = prodWithStudio("    network:", "      appSubnet: 10.0.1.0/29");
    expect(messages(file)).toEqual([`${at(1)}:18 systems.studio.network.appSubnet: "10.0.1.0/29" is smaller than /28, the smallest subnet Azure allows for App Service VNet integration`]);
  });

  test("an address space that no longer contains the default subnets is reported at the address space", () => {
    const { file, at } = prodWithStudio("    network:", "      addressSpace: 10.8.0.0/16");
    // One line per key: every subnet the prod profile uses (Basic Bastion: the operators' and AzureBastionSubnet too).
    expect(messages(file)).toEqual([
      `${at(1)}:21 systems.studio.network.addressSpace: "10.8.0.0/16" does not contain network.appSubnet "10.0.1.0/24"; and does not contain network.endpointsSubnet "10.0.2.0/24"; and does not contain network.dataSubnet "10.0.3.0/24"; and does not contain network.operatorsSubnet "10.0.4.0/27"; and does not contain network.bastionSubnet "10.0.5.0/26"`,
    ]);
  });

  test("the operators' and Bastion subnets are checked only when the profile uses them", () => {
    // No operator path: its subnets may be anything, even outside the address space.
    const none = prodWithStudio("    operatorAccess:", "      bastionSku: none", "    network:", "      operatorsSubnet: 10.9.0.0/27", "      bastionSubnet: 10.9.1.0/26");
    expect(messages(none.file)).toEqual([]);
    // Developer Bastion needs no AzureBastionSubnet: a /27 there is not an error.
    const developer = prodWithStudio("    operatorAccess:", "      bastionSku: Developer", "    network:", "      bastionSubnet: 10.0.5.0/27");
    expect(messages(developer.file)).toEqual([]);
    const basic = prodWithStudio("    network:", "      operatorsSubnet: 10.0.5.0/28");
    expect(messages(basic.file)).toEqual([`${basic.at(1)}:24 systems.studio.network.operatorsSubnet: "10.0.5.0/28" overlaps network.bastionSubnet "10.0.5.0/26"`]);
  });

  test("Flexible Server combinations Azure rejects: HA on Burstable; a region without zones", () => {
    const burstable = prodWithStudio("    database:", "      sku: B_Standard_B2s", "      connectionPooling: false");
    expect(messages(burstable.file)).toEqual([
      `${burstable.at(1)}:12 systems.studio.database.sku: "B_Standard_B2s" is Burstable, which offers no high availability (database.highAvailability is true): choose a GP_ or MO_ SKU, or set highAvailability: false`,
    ]);
  });

  test("the deployer's ranges are required: Terraform writes Key Vault secrets through the vault's firewall", () => {
    const shipped = readFileSync(join(REPO, "environments", "prod.yaml"), "utf8").replace(/^deployer:\n( {2}.*\n)+/m, "");
    const file = join(mkdtempSync(join(tmpdir(), "studio-profile-")), "prod.yaml");
    writeFileSync(file, shipped);
    expect(messages(file)).toEqual([
      // Augeo, 9Vectors and UGC Creator Studio need it too: one line for the key, every requirement on it.
      "3:1 deployer.ipRanges: is required but missing: Studio's Key Vault denies public networks and Terraform writes the generated secrets into it, so the machines that run cdktf deploy must be let through (allowed: public IPv4 CIDRs, e.g. 203.0.113.0/24); and is required but missing: Augeo's Key Vault denies public networks and Terraform writes the generated secrets into it, so the machines that run cdktf deploy must be let through (allowed: public IPv4 CIDRs, e.g. 203.0.113.0/24); and is required but missing: 9Vectors' Key Vault denies public networks and Terraform writes the generated secrets into it, so the machines that run cdktf deploy must be let through (allowed: public IPv4 CIDRs, e.g. 203.0.113.0/24); and is required but missing: UGC Creator Studio's Key Vault denies public networks and Terraform writes the generated secrets into it, so the machines that run cdktf deploy must be let through (allowed: public IPv4 CIDRs, e.g. 203.0.113.0/24)",
    ]);
  });

  test("autoscale on a Basic plan, and more instances than the tier allows", () => {
    const { file, at } = prodWithStudio("    appService:", "      sku: S1", "      stagingSlot: false", "      zoneBalancing: false", "      maxInstances: 20");
    expect(messages(file)).toEqual([`${at(4)}:21 systems.studio.appService.maxInstances: 20 is more than the Standard tier allows (allowed: 1 to 10)`]);
    const basic = prodWithStudio("    appService:", "      sku: B1", "      stagingSlot: false", "      zoneBalancing: false", "      maxInstances: 3");
    expect(messages(basic.file)).toEqual([`${basic.at(1)}:12 systems.studio.appService.sku: "B1" has no autoscale, which appService.autoscale needs: choose S1 or a Premium SKU, or set autoscale: false`]);
  });
});
