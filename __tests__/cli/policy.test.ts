import { cpSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { StorageAccount } from "@cdktf/provider-azurerm/lib/storage-account";
import { z } from "zod";
import { ResourceGroup } from "../../lib/core/resource-group";
import type { SystemDefinition } from "../../lib/framework/system";
import { Suppressions } from "../../lib/policy/suppressions";
import { run } from "../../cli/program";
import { SYSTEMS } from "../../stacks/registry";
import { REPO } from "../helpers/synth-all";

/** A system whose storage account is public and keeps shared keys on, unless told to suppress. */
function leakySystem(suppress: boolean): SystemDefinition {
  return {
    id: "leaky",
    title: "Leaky",
    workload: "leaky",
    profileSchema: z.strictObject({}),
    tiers: { dev: {}, staging: {}, prod: {} },
    build(scope) {
      const rg = new ResourceGroup(scope, "ResourceGroup", { location: "eastus2" });
      const account = new StorageAccount(scope, "Files", {
        name: "stleakydeveus2",
        resourceGroupName: rg.name,
        location: "eastus2",
        accountTier: "Standard",
        accountReplicationType: "LRS",
        blobProperties: { deleteRetentionPolicy: { days: 7 }, containerDeleteRetentionPolicy: { days: 7 } },
      });
      if (suppress) {
        Suppressions.of(account)
          .add("AZ-ST-001", "a partner's appliance uploads over the internet")
          .add("AZ-ST-002", "the partner reads a public container")
          .add("AZ-ST-004", "the appliance signs requests with the account key")
          .add("AZ-ST-007", "the appliance uploads over SFTP with a local user");
      }
    },
  };
}

function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), "blueprints-policy-"));
  cpSync(join(REPO, "environments"), join(dir, "environments"), { recursive: true });
  // Enable the test system in dev only.
  const dev = join(dir, "environments", "dev.yaml");
  writeFileSync(dev, `${readFileSync(dev, "utf8").trimEnd()}\n  leaky:\n    enabled: true\n`);
  return dir;
}

function runIn(dir: string, registry: readonly SystemDefinition[], ...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const cwd = process.cwd();
  process.chdir(dir);
  try {
    const status = run(argv, { out: (l) => out.push(l), err: (l) => err.push(l) }, registry);
    // One line per entry, as a terminal shows them.
    return { status, out, err: err.join("\n").split("\n").filter(Boolean) };
  } finally {
    process.chdir(cwd);
  }
}

describe("the security policy in synth", () => {
  test("an unsuppressed error fails synth with exit 5, naming stack, construct path, rule and fix, and writes nothing", () => {
    const dir = workspace();
    const r = runIn(dir, [...SYSTEMS, leakySystem(false)], "synth", "--env", "dev", "--system", "leaky");
    expect(r.status).toBe(5);
    expect(r.out).toEqual([]);
    expect(r.err).toEqual([
      "error: 4 policy errors:",
      "error: leaky-dev/Files: AZ-ST-001 (error) public_network_access_enabled is true (Azure's default when unset); fix: Leave publicNetworkAccess unset (false) on StorageAccount and add privateEndpoints; suppress with a reason where a caller has no private path.",
      expect.stringMatching(/^error: leaky-dev\/Files: AZ-ST-002 \(error\) allow_nested_items_to_be_public is true \(Azure's default when unset\); fix: /),
      expect.stringMatching(/^error: leaky-dev\/Files: AZ-ST-004 \(error\) shared_access_key_enabled is true \(Azure's default when unset\); fix: /),
      expect.stringMatching(/^error: leaky-dev\/Files: AZ-ST-007 \(error\) local_user_enabled is true \(Azure's default when unset\); fix: /),
    ]);
    expect(readdirSync(dir)).toEqual(["environments"]);
  });

  test("suppressions with reasons let it through, and the report lists them", () => {
    const dir = workspace();
    const r = runIn(dir, [...SYSTEMS, leakySystem(true)], "synth", "--env", "dev", "--system", "leaky");
    expect(r.status).toBe(0);
    const report = JSON.parse(readFileSync(join(dir, "cdktf.out", "stacks", "leaky-dev", "policy-report.json"), "utf8")) as {
      errors: number;
      suppressions: { ruleId: string; reason: string; path: string }[];
      findings: { ruleId: string; suppressedBecause?: string }[];
    };
    expect(report.errors).toBe(0);
    expect(report.suppressions.map((x) => `${x.ruleId} ${x.path}`)).toEqual(["AZ-ST-001 leaky-dev/Files", "AZ-ST-002 leaky-dev/Files", "AZ-ST-004 leaky-dev/Files", "AZ-ST-007 leaky-dev/Files"]);
    expect(report.findings.map((f) => `${f.ruleId}: ${f.suppressedBecause}`)).toEqual([
      "AZ-ST-001: a partner's appliance uploads over the internet",
      "AZ-ST-002: the partner reads a public container",
      "AZ-ST-004: the appliance signs requests with the account key",
      "AZ-ST-007: the appliance uploads over SFTP with a local user",
      "AZ-ST-008: undefined", // a warning, not suppressed: it does not fail the synth
    ]);
    expect(readFileSync(join(dir, "cdktf.out", "stacks", "leaky-dev", "policy-report.md"), "utf8")).toContain("| AZ-ST-004 | `leaky-dev/Files` | the appliance signs requests with the account key |");
  });

  test("blueprints check exits 5 on the same errors without writing anything", () => {
    const dir = workspace();
    const r = runIn(dir, [...SYSTEMS, leakySystem(false)], "check", "--env", "dev", "--system", "leaky");
    expect(r.status).toBe(5);
    // Warnings first (AZ-ST-008), then the errors that fail it.
    expect(r.err.filter((l) => l.startsWith("error: "))[0]).toBe("error: 4 policy errors:");
    expect(readdirSync(dir)).toEqual(["environments"]);
  });
});

// That every shipped stack passes (zero unsuppressed errors in each report) is asserted by the
// full-synth test in cli.test.ts.
