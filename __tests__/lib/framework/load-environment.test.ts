import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConfigError } from "../../../lib/core/errors";
import { loadEnvironment, loadEnvironments } from "../../../lib/framework/load-environment";
import { systemProfile } from "../../../lib/framework/validate";
import { dotCopilot } from "../../../stacks/dot-copilot";
import { dotCopilotTiers } from "../../../stacks/dot-copilot/profile";
import { SYSTEMS } from "../../../stacks/registry";

/**
 * Every fixture is __tests__/fixtures/dev.yaml (a copy of an early environments/dev.yaml) with a small textual edit. Line numbers in the
 * expectations refer to that file:
 *
 *   3 tier: dev                 13 stateBackend:              23 systems:
 *   5 subscriptionId: ...       14   resourceGroup: ...       24   dot-copilot:
 *   6 location: eastus2         15   storageAccount: ...      25     enabled: true
 *   7 secondaryLocation: ...    16   container: tfstate       (26 is the first added line)
 *   9 tags:                     18 alerts:
 *  10   owner: platform-team    19   emails:
 *  11   cost-center: "0000"     20     - name: platform-oncall
 *                               21       address: platform-oncall@example.com
 */
// A frozen copy of environments/dev.yaml from before the Studio system, so positions stay put
// when systems are added to the shipped files.
const DEV_YAML = readFileSync(join(__dirname, "../../fixtures/dev.yaml"), "utf8");

type Edit = (text: string) => string;

/** Replaces the first occurrence of `from`, failing loudly if dev.yaml no longer contains it. */
function replace(from: string, to: string): Edit {
  return (text) => {
    if (!text.includes(from)) throw new Error(`fixture edit: dev.yaml does not contain ${JSON.stringify(from)}`);
    return text.replace(from, to);
  };
}

function edits(...fns: Edit[]): Edit {
  return (text) => fns.reduce((t, fn) => fn(t), text);
}

/** Adds lines to the dot-copilot section, starting at line 26. */
function dotCopilotSettings(...lines: string[]): Edit {
  return replace("    enabled: true\n", `    enabled: true\n${lines.map((l) => `${l}\n`).join("")}`);
}

/** Appends lines at the end of the file, starting at line 26. */
function append(...lines: string[]): Edit {
  return (text) => `${text}${lines.map((l) => `${l}\n`).join("")}`;
}

const tempDirs: string[] = [];

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "load-environment-test-"));
  tempDirs.push(dir);
  return dir;
}

afterAll(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

/** Writes dev.yaml with `edit` applied to a fresh temp dir; returns the file's path. */
function fixture(edit: Edit, fileName = "dev.yaml"): string {
  const file = join(tempDir(), fileName);
  writeFileSync(file, edit(DEV_YAML));
  return file;
}

function configErrorOf(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error("expected a ConfigError, but nothing was thrown");
}

/**
 * Loads the edited fixture and expects exactly the given problems. Each expected message is the
 * formatted line without the file path: `:5:17 subscriptionId: ...`, or ` file name ...` for
 * problems without a position.
 */
function expectProblems(edit: Edit, expected: readonly string[], fileName = "dev.yaml"): void {
  const file = fixture(edit, fileName);
  const error = configErrorOf(() => loadEnvironment(file, SYSTEMS));
  expect(error.message).toBe(expected.map((m) => `${file}${m}`).join("\n"));
  expect(error.problems).toHaveLength(expected.length);
  for (const p of error.problems) expect(p.file).toBe(file);
}

function expectProblem(edit: Edit, expected: string, fileName = "dev.yaml"): void {
  expectProblems(edit, [expected], fileName);
}

const GUID_RULE = "is not a GUID (8-4-4-4-12 hexadecimal digits, e.g. 00000000-0000-0000-0000-000000000000)";
const CONTAINER_RULE =
  "Azure allows 3-63 characters, lowercase letters, digits and single hyphens, starting and ending with a letter or digit; unique within its parent resource";
const STORAGE_ACCOUNT_RULE = "Azure allows 3-24 characters, lowercase letters and digits; globally unique";
const TOP_LEVEL_KEYS = "tier, subscriptionId, tenantId, location, secondaryLocation, naming, tags, stateBackend, alerts, network, deployer, systems";
const STATIC_WEB_APP_REGIONS = "centralus, eastasia, eastus2, westeurope, westus2";

describe("loadEnvironment: YAML and file level", () => {
  test("a YAML syntax error is reported with its position", () => {
    expectProblem(
      replace("location: eastus2", "location: east: us2"),
      ":6:11 YAML syntax error: Nested mappings are not allowed in compact mappings",
    );
  });

  test("a duplicate key is reported at the second occurrence", () => {
    expectProblem(
      replace("location: eastus2\n", "location: eastus2\nlocation: westus2\n"),
      ':7:1 YAML syntax error: duplicate key "location"',
    );
  });

  test("an empty file, or one with only comments, is reported as empty", () => {
    const expected = ":1:1 is empty (expected a mapping with tier, subscriptionId, location, stateBackend and alerts)";
    expectProblem(() => "", expected);
    expectProblem(() => "# yaml-language-server: $schema=./environment.schema.json\n", expected);
  });

  test("a document that is not a mapping is rejected", () => {
    expectProblem(() => "- tier: dev\n- location: eastus2\n", ':1:1 the document is [{"tier":"dev"},{"location":"eastus2"}], not a mapping of settings');
  });

  test("a file name that is not an environment name is rejected without a position", () => {
    expectProblem(
      (text) => text,
      ' file name "Prod" is not an environment name (allowed: a lowercase letter, then up to 15 lowercase letters, digits or hyphens, e.g. dev.yaml)',
      "Prod.yaml",
    );
  });
});

describe("loadEnvironment: keys", () => {
  test("an unknown top-level key suggests the closest known key and lists the allowed ones", () => {
    expectProblem(
      replace("secondaryLocation: centralus\n", "secondaryLocation: centralus\nlocaton: eastus2\n"),
      `:8:1 locaton: unknown key; did you mean "location"? (allowed: ${TOP_LEVEL_KEYS})`,
    );
  });

  test("an unknown nested key is reported at the key, with the keys allowed in its section", () => {
    expectProblem(
      replace("      address: platform-oncall@example.com\n", "      address: platform-oncall@example.com\n      nmae: on-call\n"),
      ':22:7 alerts.emails[0].nmae: unknown key; did you mean "name"? (allowed: name, address)',
    );
  });

  test("an unknown setting inside a system section lists that group's settings", () => {
    expectProblem(
      dotCopilotSettings("    postgres:", "      sk: B_Standard_B1ms"),
      ':27:7 systems.dot-copilot.postgres.sk: unknown key; did you mean "sku"? (allowed: sku, storageMb, highAvailability, backupRetentionDays, geoRedundantBackup)',
    );
  });

  test("an unknown system id under systems suggests the known system", () => {
    expectProblem(
      replace("  dot-copilot:", "  dot-copilt:"),
      ':24:3 systems.dot-copilt: unknown key; did you mean "dot-copilot"? (allowed: dot-copilot, studio, augeo, nine-vectors, ugc-studio)',
    );
  });

  test("a missing required top-level value is reported at the document", () => {
    expectProblem(
      replace("subscriptionId: 00000000-0000-0000-0000-000000000000\n", ""),
      ":3:1 subscriptionId: is required but missing (expected a GUID (8-4-4-4-12 hexadecimal digits, e.g. 00000000-0000-0000-0000-000000000000))",
    );
  });

  test("a missing required nested value is reported in its section", () => {
    expectProblem(
      replace("  container: tfstate\n", ""),
      ":13:1 stateBackend.container: is required but missing (expected a string (allowed: lowercase letters, digits and single hyphens, starting and ending with a letter or digit))",
    );
  });
});

describe("loadEnvironment: types and formats", () => {
  test("a string where a boolean is expected", () => {
    // YAML 1.2: `yes` is a string, not a boolean.
    expectProblem(replace("    enabled: true", "    enabled: yes"), ':25:14 systems.dot-copilot.enabled: "yes" is not a boolean (allowed: true, false)');
  });

  test("a number where a string is expected is shown as written, with a hint to quote it", () => {
    expectProblem(replace('  cost-center: "0000"', "  cost-center: 0000"), ":11:16 tags.cost-center: 0000 is not a string; put it in quotes");
  });

  test("subscriptionId must be a GUID", () => {
    expectProblem(
      replace("subscriptionId: 00000000-0000-0000-0000-000000000000", "subscriptionId: 00000000-0000-0000-0000-00000000000"),
      `:5:17 subscriptionId: "00000000-0000-0000-0000-00000000000" ${GUID_RULE}`,
    );
  });

  test("tenantId must be a GUID", () => {
    expectProblem(replace("location: eastus2\n", "tenantId: my-tenant\nlocation: eastus2\n"), `:6:11 tenantId: "my-tenant" ${GUID_RULE}`);
  });

  test("an unknown region suggests the closest region", () => {
    expectProblem(replace("location: eastus2", "location: eastus3"), ':6:11 location: "eastus3" is not a known Azure region; did you mean "eastus"?');
  });

  test("an unknown secondaryLocation is rejected", () => {
    expectProblem(replace("secondaryLocation: centralus", "secondaryLocation: moon"), ':7:20 secondaryLocation: "moon" is not a known Azure region');
  });

  test("an allowed IP range must be an IPv4 CIDR", () => {
    expectProblem(
      append("network:", "  allowedIpRanges:", "    - 10.0.0.0/33"),
      ':28:7 network.allowedIpRanges[0]: "10.0.0.0/33" is not an IPv4 CIDR (a.b.c.d/prefix, prefix 0-32)',
    );
  });

  test("an allowed IP range must be a network address (host bits zero)", () => {
    expectProblem(
      append("network:", "  allowedIpRanges:", "    - 198.51.100.0/24", "    - 203.0.113.1/16"),
      ':29:7 network.allowedIpRanges[1]: "203.0.113.1/16" is not a network address: its host bits are not zero',
    );
  });

  test.each([
    ["10.1.0.0/16", "a private range (RFC 1918)"],
    ["192.168.0.0/24", "a private range (RFC 1918)"],
    ["127.0.0.0/8", "a loopback range"],
    ["169.254.0.0/16", "a link-local range"],
    ["100.64.0.0/10", "a carrier-grade NAT range (RFC 6598)"],
  ])("an allowed IP range must be public: %s is rejected", (cidr, kind) => {
    expectProblem(
      append("network:", "  allowedIpRanges:", `    - ${cidr}`),
      `:28:7 network.allowedIpRanges[0]: "${cidr}" is ${kind}, and Azure firewalls admit public internet addresses only`,
    );
  });

  test("the deployer's ranges are public CIDRs, at least one", () => {
    expectProblem(append("deployer:", "  ipRanges:", "    - 10.0.0.0/8"), ':28:7 deployer.ipRanges[0]: "10.0.0.0/8" is a private range (RFC 1918), and Azure firewalls admit public internet addresses only');
    expectProblem(append("deployer:", "  ipRanges: []"), ":27:13 deployer.ipRanges: [] is empty (allowed: at least one public IPv4 CIDR)");
  });

  test("a tag value longer than Azure allows", () => {
    const long = "x".repeat(257);
    expectProblem(
      replace("  owner: platform-team", `  owner: ${long}`),
      `:10:10 tags.owner: "${long}" is longer than 256 characters (Azure tag value limit)`,
    );
  });

  test("naming.prefix must be 1-6 lowercase letters and digits", () => {
    expectProblem(
      replace("tags:", "naming:\n  prefix: Contoso\n\ntags:"),
      ':10:11 naming.prefix: "Contoso" is not allowed (allowed: 1-6 lowercase letters and digits, starting with a letter)',
    );
  });

  test("stateBackend.storageAccount with uppercase letters breaks the storage naming rule", () => {
    expectProblem(
      replace("  storageAccount: sttfstatedeveus2", "  storageAccount: StTfStateDev"),
      `:15:19 stateBackend.storageAccount: "StTfStateDev" has characters or a shape Azure rejects; ${STORAGE_ACCOUNT_RULE}`,
    );
  });

  test("stateBackend.storageAccount longer than 24 characters breaks the storage naming rule", () => {
    expectProblem(
      replace("  storageAccount: sttfstatedeveus2", "  storageAccount: sttfstatedeveus2abcdefghij"),
      `:15:19 stateBackend.storageAccount: "sttfstatedeveus2abcdefghij" is 26 characters; ${STORAGE_ACCOUNT_RULE}`,
    );
  });

  test("stateBackend.container must follow the blob container rule", () => {
    expectProblem(
      replace("  container: tfstate", "  container: tf--state"),
      `:16:14 stateBackend.container: "tf--state" has characters or a shape Azure rejects; ${CONTAINER_RULE}`,
    );
  });

  test("alerts.emails must not be empty", () => {
    expectProblem(
      replace("  emails:\n    - name: platform-oncall\n      address: platform-oncall@example.com\n", "  emails: []\n"),
      ":19:11 alerts.emails: [] is empty (allowed: at least one recipient)",
    );
  });

  test("an alert recipient needs a valid email address", () => {
    expectProblem(
      replace("      address: platform-oncall@example.com", "      address: platform-oncall.example.com"),
      ':21:16 alerts.emails[0].address: "platform-oncall.example.com" is not an email address',
    );
  });
});

describe("loadEnvironment: system settings", () => {
  test("an enum value that is not allowed lists the allowed values and suggests one", () => {
    expectProblem(
      dotCopilotSettings("    appService:", "      sku: B9"),
      ':27:12 systems.dot-copilot.appService.sku: "B9" is not allowed (allowed: F1, B1, B2, B3, S1, S2, S3, P0v3, P1v2, P2v2, P3v2, P1v3, P2v3, P3v3, P1mv3, P2mv3); did you mean "B1"?',
    );
  });

  test("an integer out of range names the range", () => {
    expectProblem(
      dotCopilotSettings("    postgres:", "      backupRetentionDays: 3"),
      ":27:28 systems.dot-copilot.postgres.backupRetentionDays: 3 is out of range (allowed: 7 to 35)",
    );
  });

  test("a non-integer where an integer is expected", () => {
    expectProblem(
      dotCopilotSettings("    postgres:", "      backupRetentionDays: 7.5"),
      ":27:28 systems.dot-copilot.postgres.backupRetentionDays: 7.5 is not an integer (allowed: 7 to 35)",
    );
  });

  test("a quoted number where an integer is expected", () => {
    expectProblem(
      dotCopilotSettings("    postgres:", '      backupRetentionDays: "10"'),
      ':27:28 systems.dot-copilot.postgres.backupRetentionDays: "10" is not a number (allowed: an integer from 7 to 35)',
    );
  });

  test("a PostgreSQL storage size Flexible Server does not offer", () => {
    expectProblem(
      dotCopilotSettings("    postgres:", "      storageMb: 50000"),
      ":27:18 systems.dot-copilot.postgres.storageMb: 50000 is not allowed (allowed: 32768, 65536, 131072, 262144, 524288, 1048576, 2097152, 4193280, 4194304, 8388608, 16777216, 33553408)",
    );
  });
});

describe("loadEnvironment: cross-setting checks (dot-copilot)", () => {
  test("high availability on the Burstable tier default SKU is reported at highAvailability", () => {
    expectProblem(
      dotCopilotSettings("    postgres:", "      highAvailability: true"),
      ':27:25 systems.dot-copilot.postgres.highAvailability: true is not allowed with the Burstable SKU "B_Standard_B1ms": high availability needs a GP_ or MO_ SKU',
    );
  });

  test("a staging slot on the B1 tier default plan is reported at stagingSlot", () => {
    expectProblem(
      dotCopilotSettings("    appService:", "      stagingSlot: true"),
      ':27:20 systems.dot-copilot.appService.stagingSlot: true is not allowed with the "B1" plan: deployment slots need Standard (S1) or Premium',
    );
  });

  test("zone-redundant storage in a region without zones is reported at replication", () => {
    expectProblem(
      edits(
        replace("location: eastus2", "location: westus"),
        dotCopilotSettings("    storage:", "      replication: ZRS", "    staticWebApp:", "      location: westus2"),
      ),
      ':27:20 systems.dot-copilot.storage.replication: "ZRS" is not allowed in westus, which has no availability zones (allowed there: LRS, GRS, RAGRS)',
    );
  });

  test("high availability in a region without zones is reported at highAvailability", () => {
    expectProblem(
      edits(
        replace("location: eastus2", "location: westus"),
        dotCopilotSettings("    postgres:", "      sku: GP_Standard_D2s_v3", "      highAvailability: true", "    staticWebApp:", "      location: westus2"),
      ),
      ":28:25 systems.dot-copilot.postgres.highAvailability: true is not allowed in westus, which has no availability zones (zone-redundant high availability needs them)",
    );
  });

  test("a location without Static Web Apps and no staticWebApp.location is reported at location", () => {
    expectProblem(
      replace("location: eastus2", "location: uksouth"),
      `:6:11 location: "uksouth" does not host Static Web Apps; set systems.dot-copilot.staticWebApp.location (allowed: ${STATIC_WEB_APP_REGIONS})`,
    );
  });

  test("staticWebApp.location resolves the Static Web App region check", () => {
    const file = fixture(edits(replace("location: eastus2", "location: uksouth"), dotCopilotSettings("    staticWebApp:", "      location: westeurope")));
    expect(loadEnvironment(file, SYSTEMS).location).toBe("uksouth");
  });

  test("cross-setting checks are skipped for a disabled system", () => {
    const file = fixture(
      edits(
        replace("location: eastus2", "location: westus"),
        replace("    enabled: true\n", "    enabled: false\n    postgres:\n      highAvailability: true\n"),
      ),
    );
    expect(loadEnvironment(file, SYSTEMS).systems["dot-copilot"]?.enabled).toBe(false);
  });
});

describe("loadEnvironment: several problems", () => {
  test("every problem in a file is reported, sorted by line", () => {
    expectProblems(
      edits(
        replace("tier: dev", "tier: dev2"),
        replace("  container: tfstate", "  container: TF"),
        replace("    enabled: true", "    enabled: 1"),
        // naming comes before stateBackend in the schema, but last in this file.
        append("naming:", "  prefix: Contoso"),
      ),
      [
        ':3:7 tier: "dev2" is not allowed (allowed: dev, staging, prod); did you mean "dev"?',
        `:16:14 stateBackend.container: "TF" is 2 characters; ${CONTAINER_RULE}`,
        ":25:14 systems.dot-copilot.enabled: 1 is not a boolean (allowed: true, false)",
        ':27:11 naming.prefix: "Contoso" is not allowed (allowed: 1-6 lowercase letters and digits, starting with a letter)',
      ],
    );
  });

  test("a bad file name is reported together with the file's other problems", () => {
    expectProblems(
      replace("location: eastus2", "location: eastus3"),
      [
        ' file name "Dev" is not an environment name (allowed: a lowercase letter, then up to 15 lowercase letters, digits or hyphens, e.g. dev.yaml)',
        ':6:11 location: "eastus3" is not a known Azure region; did you mean "eastus"?',
      ],
      "Dev.yaml",
    );
  });
});

describe("loadEnvironment: valid files", () => {
  test("dev.yaml loads with defaults filled in", () => {
    const file = fixture((text) => text);
    const config = loadEnvironment(file, SYSTEMS);
    expect(config).toMatchObject({
      name: "dev",
      file,
      tier: "dev",
      location: "eastus2",
      secondaryLocation: "centralus",
      naming: {},
      tags: { owner: "platform-team", "cost-center": "0000" },
      stateBackend: { resourceGroup: "rg-tfstate-dev-eus2", storageAccount: "sttfstatedeveus2", container: "tfstate", location: "eastus2" },
      network: { allowedIpRanges: [] },
      deployer: { ipRanges: [] },
      systems: { "dot-copilot": { enabled: true } },
    });
    expect(systemProfile(config, dotCopilot)).toEqual(dotCopilotTiers.dev);
  });

  test("systemProfile overlays the file's overrides on the tier defaults", () => {
    const file = fixture(
      edits(replace("tier: dev", "tier: prod"), dotCopilotSettings("    postgres:", "      backupRetentionDays: 21")),
      "prod.yaml",
    );
    const config = loadEnvironment(file, SYSTEMS);
    expect(config.name).toBe("prod");
    const profile = systemProfile(config, dotCopilot);
    expect(profile.postgres).toEqual({
      sku: "GP_Standard_D2s_v3",
      storageMb: 32768,
      highAvailability: true,
      backupRetentionDays: 21,
      geoRedundantBackup: true,
    });
    expect(profile).toEqual({ ...dotCopilotTiers.prod, postgres: { ...dotCopilotTiers.prod.postgres, backupRetentionDays: 21 } });
  });
});

describe("loadEnvironments", () => {
  function environmentsDir(files: Record<string, Edit>): string {
    const dir = tempDir();
    for (const [name, edit] of Object.entries(files)) writeFileSync(join(dir, name), edit(DEV_YAML));
    return dir;
  }

  test("collects the problems of every file into one ConfigError", () => {
    const dir = environmentsDir({
      "dev.yaml": replace("location: eastus2", "location: eastus3"),
      "prod.yaml": replace("tier: dev", "tier: prod"),
      "staging.yaml": edits(replace("tier: dev", "tier: staging"), replace("  container: tfstate", "  container: TF")),
    });
    const error = configErrorOf(() => loadEnvironments(dir, SYSTEMS));
    expect(error.message).toBe(
      [
        `${join(dir, "dev.yaml")}:6:11 location: "eastus3" is not a known Azure region; did you mean "eastus"?`,
        `${join(dir, "staging.yaml")}:16:14 stateBackend.container: "TF" is 2 characters; ${CONTAINER_RULE}`,
      ].join("\n"),
    );
    expect(error.problems).toHaveLength(2);
  });

  test("loads only the named environments", () => {
    const dir = environmentsDir({
      "dev.yaml": replace("location: eastus2", "location: eastus3"),
      "prod.yaml": replace("tier: dev", "tier: prod"),
    });
    expect(loadEnvironments(dir, SYSTEMS, ["prod"]).map((c) => c.name)).toEqual(["prod"]);
  });

  test("an unknown environment name suggests the closest one and lists the available ones", () => {
    const dir = environmentsDir({
      "dev.yaml": (text) => text,
      "prod.yaml": replace("tier: dev", "tier: prod"),
      "staging.yaml": replace("tier: dev", "tier: staging"),
    });
    const error = configErrorOf(() => loadEnvironments(dir, SYSTEMS, ["prd"]));
    expect(error.message).toBe(`${join(dir, "prd.yaml")} no such environment; did you mean "prod"? (available: dev, prod, staging)`);
    expect(error.problems).toHaveLength(1);
    expect(configErrorOf(() => loadEnvironments(dir, SYSTEMS, ["qa"])).message).toBe(
      `${join(dir, "qa.yaml")} no such environment (available: dev, prod, staging)`,
    );
  });
});

describe("messages for the cases a first review found wrong", () => {
  test("a number that is no GUID gets no 'put it in quotes' hint (quotes would not help)", () => {
    expectProblem(replace("subscriptionId: 00000000-0000-0000-0000-000000000000", "subscriptionId: 1234"), `:5:17 subscriptionId: 1234 ${GUID_RULE}`);
  });

  test("a tag key with a forbidden character is reported at the key, with the rule", () => {
    expectProblem(
      replace("  owner: platform-team", "  own/er: platform-team"),
      ':10:3 tags.own/er: "own/er" has a character Azure forbids in tag keys (< > % & \\ ? /)',
    );
  });

  test("a key without a value says so, at the key", () => {
    expectProblem(
      replace("subscriptionId: 00000000-0000-0000-0000-000000000000", "subscriptionId:"),
      ":5:1 subscriptionId: has no value (expected a GUID (8-4-4-4-12 hexadecimal digits, e.g. 00000000-0000-0000-0000-000000000000))",
    );
  });

  test("a list where a mapping belongs is 'not a mapping'", () => {
    expectProblem(
      replace("  owner: platform-team\n  cost-center: \"0000\"", "  - owner"),
      ':10:3 tags: ["owner"] is not a mapping',
    );
  });

  test("an unresolved YAML alias is a positioned error, not a crash", () => {
    expectProblem(
      replace("location: eastus2", "location: *region"),
      ":6:11 YAML syntax error: unresolved alias *region (no anchor &region before it)",
    );
  });

  test("a cross-setting problem at a key the user did not write is worded for that key", () => {
    expectProblem(
      edits(replace("tier: dev", "tier: prod"), dotCopilotSettings("    postgres:", "      sku: B_Standard_B1ms")),
      ':27:12 systems.dot-copilot.postgres.sku: "B_Standard_B1ms" is Burstable, which offers no high availability (postgres.highAvailability is true): choose a GP_ or MO_ SKU, or set highAvailability: false',
    );
  });

  test("a second YAML document is named as such", () => {
    expectProblem(append("---", "tier: dev"), ":26:1 YAML syntax error: the file holds more than one YAML document (an environment file is one mapping)");
  });

  test("'did you mean' ignores case", () => {
    expectProblem(
      dotCopilotSettings("    appService:", "      sku: b1"),
      ':27:12 systems.dot-copilot.appService.sku: "b1" is not allowed (allowed: F1, B1, B2, B3, S1, S2, S3, P0v3, P1v2, P2v2, P3v2, P1v3, P2v3, P3v3, P1mv3, P2mv3); did you mean "B1"?',
    );
  });

  test("an empty string is 'empty'", () => {
    expectProblem(replace("    - name: platform-oncall", '    - name: ""'), ':20:13 alerts.emails[0].name: "" is empty (at least 1 character)');
  });

  test("a folder without environment files is an error, not an empty run", () => {
    const dir = tempDir();
    const error = configErrorOf(() => loadEnvironments(dir, SYSTEMS));
    expect(error.message).toBe(`${dir} holds no environment files (expected <env>.yaml, e.g. dev.yaml)`);
  });
});
