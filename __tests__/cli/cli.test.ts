import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ALL_STACKS, BIN, TEST_DATE, blueprints, snapshotTree, stagingLeft, workspace } from "./process";

beforeAll(() => {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run \`npm run build\` (npm test does it first)`);
});

describe("blueprints synth", () => {
  test("writes every enabled stack, prints a per-stack summary and the output path, exits 0", () => {
    const dir = workspace();
    const r = blueprints(dir, "synth", "--no-cache");
    expect(r.status).toBe(0);
    // Warnings go to stderr, one per line: on 2026-11-29, Node.js 22 ends within 180 days, the chat
    // models are past Microsoft's "no new customers" date, and the shipped deployer range is a placeholder.
    const warnings = r.stderr.trim().split("\n");
    expect(warnings.map((w) => /^warning: (\S+): (AZ-[A-Z]+-\d{3}) \(warning\)/.exec(w)?.slice(1).join(" ") ?? w).sort()).toEqual([
      ...["dev", "staging", "prod"].map((e) => `augeo-${e}/KeyVault/Resource AZ-DEP-001`),
      ...["dev", "staging", "prod"].map((e) => `dot-copilot-${e}/Api/App AZ-LIFE-001`),
      "dot-copilot-prod/Api/Slot-staging AZ-LIFE-001",
      ...["dev", "staging", "prod"].flatMap((e) => [
        `studio-${e}/Apps/App-web/App AZ-LIFE-001`,
        `studio-${e}/KeyVault/Resource AZ-DEP-001`,
        `studio-${e}/OpenAI/Deployment-chat AZ-LIFE-004`,
        `studio-${e}/OpenAI/Deployment-chat-fast AZ-LIFE-004`,
      ]),
      "studio-prod/Apps/App-web/Slot-staging AZ-LIFE-001",
      // 9Vectors: the same Node.js and model dates, and two search replicas in prod (the read SLA; three for read-write).
      ...["dev", "staging", "prod"].flatMap((e) => [
        `nine-vectors-${e}/Api/App AZ-LIFE-001`,
        `nine-vectors-${e}/Functions/App AZ-LIFE-001`,
        `nine-vectors-${e}/KeyVault/Resource AZ-DEP-001`,
        `nine-vectors-${e}/OpenAI/Deployment-chat AZ-LIFE-004`,
      ]),
      "nine-vectors-prod/Search/Resource AZ-SRCH-004",
      // UGC Creator Studio: host encryption needs a subscription feature (AZ-AKS-011), the
      // deployer placeholder, and the replica's Entra authentication, which is the source's.
      ...["dev", "staging", "prod"].flatMap((e) => [
        `ugc-studio-${e}/Aks/NodePool-app AZ-AKS-011`,
        `ugc-studio-${e}/Aks/NodePool-gpu AZ-AKS-011`,
        `ugc-studio-${e}/Aks/Resource AZ-AKS-011`,
        `ugc-studio-${e}/KeyVault/Resource AZ-DEP-001`,
      ]),
      "ugc-studio-prod/StandbyAks/NodePool-app AZ-AKS-011",
      "ugc-studio-prod/StandbyAks/NodePool-gpu AZ-AKS-011",
      "ugc-studio-prod/StandbyAks/Resource AZ-AKS-011",
      "ugc-studio-prod/Postgres/Replica/Resource AZ-PG-003",
    ].sort());
    expect(readdirSync(join(dir, "cdktf.out", "stacks")).sort()).toEqual(ALL_STACKS);
    expect(r.stdout).toMatch(/^STACK +RESOURCES +TIME +POLICY$/m);
    expect(r.stdout).toMatch(/^dot-copilot-prod +\d+ +\d+ ms +ok \(2 warnings, 6 suppressed\)$/m);
    expect(r.stdout).toMatch(/^18 stacks synthesized in \d+ ms to cdktf\.out; policy reports beside each stack$/m);
    for (const stack of ALL_STACKS) {
      const report = JSON.parse(readFileSync(join(dir, "cdktf.out", "stacks", stack, "policy-report.json"), "utf8")) as { errors: number };
      expect({ stack, errors: report.errors }).toEqual({ stack, errors: 0 });
      expect(readFileSync(join(dir, "cdktf.out", "stacks", stack, "policy-report.md"), "utf8")).toMatch(new RegExp(`^# Policy report: ${stack}\n`));
    }
    const manifest = JSON.parse(readFileSync(join(dir, "cdktf.out", "manifest.json"), "utf8")) as { stacks: Record<string, unknown> };
    expect(Object.keys(manifest.stacks).sort()).toEqual(ALL_STACKS);
    expect(stagingLeft(dir)).toEqual([]);
  });

  test("--env and --system select stacks; other stacks already in the output stay", () => {
    const dir = workspace();
    expect(blueprints(dir, "synth", "--env", "prod", "--out", "out").status).toBe(0);
    const before = readFileSync(join(dir, "out", "stacks", "dot-copilot-prod", "cdk.tf.json"), "utf8");
    const r = blueprints(dir, "synth", "--env", "dev", "--system", "dot-copilot", "--out", "out", "--no-cache");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^1 stack synthesized in \d+ ms to out; policy reports beside each stack$/m);
    expect(readdirSync(join(dir, "out", "stacks")).sort()).toEqual([...ALL_STACKS.filter((s) => s.endsWith("-prod")), "dot-copilot-dev"].sort());
    expect(readFileSync(join(dir, "out", "stacks", "dot-copilot-prod", "cdk.tf.json"), "utf8")).toBe(before);
  });

  test("broken YAML: exit 3, one positioned line, no stack trace, previous output untouched", () => {
    const dir = workspace();
    expect(blueprints(dir, "synth", "--env", "dev").status).toBe(0);
    const before = snapshotTree(join(dir, "cdktf.out"));
    const file = join(dir, "environments", "staging.yaml");
    writeFileSync(file, readFileSync(file, "utf8").replace("tier: staging", "tier: [staging"));
    const r = blueprints(dir, "synth");
    expect(r.status).toBe(3);
    expect(r.stdout).toBe("");
    const lines = r.stderr.trim().split("\n");
    expect(lines[0]).toMatch(/^error: environments\/staging\.yaml:\d+:\d+ YAML syntax error: /);
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expect(snapshotTree(join(dir, "cdktf.out"))).toEqual(before);
    expect(stagingLeft(dir)).toEqual([]);
  });

  test("an invalid value: exit 3 with file, line, column, key path, value and what is allowed", () => {
    const dir = workspace();
    const file = join(dir, "environments", "prod.yaml");
    writeFileSync(file, readFileSync(file, "utf8").replace("location: eastus2", "location: eastus3"));
    const r = blueprints(dir, "synth");
    expect(r.status).toBe(3);
    expect(r.stderr).toBe('error: environments/prod.yaml:6:11 location: "eastus3" is not a known Azure region; did you mean "eastus"?\n');
    expect(existsSync(join(dir, "cdktf.out"))).toBe(false);
  });

  test("an unknown system: exit 2 with a suggestion", () => {
    const r = blueprints(workspace(), "synth", "--system", "dot-copliot");
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('error: unknown system "dot-copliot"; did you mean "dot-copilot"? (known: state, dot-copilot, studio, augeo, nine-vectors, ugc-studio)\n');
  });

  test("an unknown option: exit 2 with commander's message", () => {
    const r = blueprints(workspace(), "synth", "--environment", "dev");
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^error: unknown option '--environment'/);
  });
});

describe("blueprints list", () => {
  test("lists systems, environments, stack names and whether each is enabled", () => {
    const dir = workspace();
    const file = join(dir, "environments", "dev.yaml");
    writeFileSync(file, readFileSync(file, "utf8").replace("enabled: true", "enabled: false"));
    const r = blueprints(dir, "list");
    expect(r.status).toBe(0);
    expect(r.stdout.trim().split("\n").map((l) => l.split(/ +/))).toEqual([
      ["SYSTEM", "ENVIRONMENT", "STACK", "ENABLED"],
      ["state", "dev", "state-dev", "yes"],
      ["dot-copilot", "dev", "dot-copilot-dev", "no"],
      ["studio", "dev", "studio-dev", "yes"],
      ["augeo", "dev", "augeo-dev", "yes"],
      ["nine-vectors", "dev", "nine-vectors-dev", "yes"],
      ["ugc-studio", "dev", "ugc-studio-dev", "yes"],
      ["state", "staging", "state-staging", "yes"],
      ["dot-copilot", "staging", "dot-copilot-staging", "yes"],
      ["studio", "staging", "studio-staging", "yes"],
      ["augeo", "staging", "augeo-staging", "yes"],
      ["nine-vectors", "staging", "nine-vectors-staging", "yes"],
      ["ugc-studio", "staging", "ugc-studio-staging", "yes"],
      ["state", "prod", "state-prod", "yes"],
      ["dot-copilot", "prod", "dot-copilot-prod", "yes"],
      ["studio", "prod", "studio-prod", "yes"],
      ["augeo", "prod", "augeo-prod", "yes"],
      ["nine-vectors", "prod", "nine-vectors-prod", "yes"],
      ["ugc-studio", "prod", "ugc-studio-prod", "yes"],
    ]);
  });

  test("--json prints the same as data", () => {
    const r = blueprints(workspace(), "list", "--env", "prod", "--json");
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([
      { name: "state-prod", system: "state", environment: "prod", enabled: true },
      { name: "dot-copilot-prod", system: "dot-copilot", environment: "prod", enabled: true },
      { name: "studio-prod", system: "studio", environment: "prod", enabled: true },
      { name: "augeo-prod", system: "augeo", environment: "prod", enabled: true },
      { name: "nine-vectors-prod", system: "nine-vectors", environment: "prod", enabled: true },
      { name: "ugc-studio-prod", system: "ugc-studio", environment: "prod", enabled: true },
    ]);
  });
});

describe("blueprints check", () => {
  test("runs the policy over every enabled stack and writes nothing", () => {
    const dir = workspace();
    const r = blueprints(dir, "check");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^STACK +RULES +ERRORS +WARNINGS +SUPPRESSED$/m);
    expect(r.stdout).toMatch(/^dot-copilot-prod +\d+ +0 +2 +6$/m);
    expect(r.stdout).toMatch(/^18 stacks pass the security and deployability rules$/m);
    expect(readdirSync(dir)).toEqual(["environments"]);
  });

  test("--date judges lifecycle rules at that date: after a shipped model retires, exit 5 naming it, nothing written", () => {
    const dir = workspace();
    const r = blueprints(dir, "check", "--system", "studio", "--env", "dev", "--date", "2027-03-06");
    expect(r.status).toBe(5);
    expect(r.stderr).toMatch(/^error: studio-dev\/OpenAI\/Deployment-chat: AZ-LIFE-004 \(error\) model\.name "gpt-5\.4", model\.version "2026-03-05": .*2027-03-05/m);
    expect(readdirSync(dir)).toEqual(["environments"]);
  });

  test("--date reaches the systems' checks: a tier default Kubernetes version past its AKS end of life is exit 3 at its position, the day before it passes", () => {
    const past = blueprints(workspace(), "synth", "--system", "ugc-studio", "--env", "dev", "--date", "2027-06-30");
    expect(past.status).toBe(3);
    expect(past.stderr).toMatch(/^error: environments\/dev\.yaml:\d+:\d+ systems\.ugc-studio\.aks\.kubernetesVersion: "1\.36" \(dev tier default\) reached its AKS end of life on 2027-06-30; /);
    const before = blueprints(workspace(), "synth", "--system", "ugc-studio", "--env", "dev", "--date", "2027-06-29");
    expect(before.stderr).not.toMatch(/kubernetesVersion/);
    expect(before.status).toBe(0);
  });

  test("--date must be a real calendar date: exit 2", () => {
    const r = blueprints(workspace(), "check", "--date", "2026-02-30");
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('error: --date "2026-02-30" is not a date (allowed: YYYY-MM-DD, e.g. 2026-12-31)\n');
  });

  test("--format sarif writes SARIF 2.1.0 with every rule and each finding at its resource's line", () => {
    const dir = workspace();
    const r = blueprints(dir, "check", "--format", "sarif", "--output", "results.sarif", "--env", "prod");
    expect(r.status).toBe(0);
    const sarif = JSON.parse(readFileSync(join(dir, "results.sarif"), "utf8")) as {
      version: string;
      runs: { tool: { driver: { name: string; rules: { id: string; properties: { tags: string[] } }[] } }; results: { ruleId: string; level: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[]; partialFingerprints: Record<string, string>; suppressions?: unknown[] }[] }[];
    };
    expect(sarif.version).toBe("2.1.0");
    const [run] = sarif.runs;
    expect(run.tool.driver.name).toBe("blueprints");
    expect(run.tool.driver.rules.map((x) => x.id)).toEqual(expect.arrayContaining(["AZ-ST-001", "AZ-DEP-001", "AZ-LIFE-004"]));
    const finding = run.results.find((x) => x.ruleId === "AZ-LIFE-004" && !x.suppressions)!;
    expect(finding.level).toBe("warning");
    const location = finding.locations[0].physicalLocation;
    expect(location.artifactLocation.uri).toBe("cdktf.out/stacks/studio-prod/cdk.tf.json");
    // The line is where the deployment's logical id opens in the JSON `blueprints synth` writes.
    blueprints(dir, "synth", "--env", "prod");
    const lines = readFileSync(join(dir, "cdktf.out", "stacks", "studio-prod", "cdk.tf.json"), "utf8").split("\n");
    expect(lines[location.region.startLine - 1]).toMatch(/^ {6}"OpenAI_Deployment-chat_\w+": \{$/);
    expect(Object.keys(finding.partialFingerprints)).toEqual(["blueprintsFinding/v1"]);
    expect(run.results.some((x) => x.suppressions)).toBe(true); // suppressed findings are reported as suppressed
  });

  test("--format sarif still writes the report when there are errors, then exits 5", () => {
    const dir = workspace();
    const r = blueprints(dir, "check", "--format", "sarif", "--system", "studio", "--env", "dev", "--date", "2027-03-06");
    expect(r.status).toBe(5);
    const sarif = JSON.parse(r.stdout) as { runs: { results: { ruleId: string; level: string }[] }[] };
    expect(sarif.runs[0].results.filter((x) => x.level === "error").map((x) => x.ruleId)).toContain("AZ-LIFE-004");
  });
});


describe("two processes (bin/blueprints starts a helper for synth on two cores or more)", () => {
  const run = (cwd: string, env: Record<string, string>, ...args: string[]) =>
    spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: "utf8", env: { ...process.env, ...env } });

  // Two runs, one with the helper and one without, byte for byte: also what proves synth deterministic.
  test("the output is the same, byte for byte, as one process writes (BLUEPRINTS_PARALLEL=0); the helper leaves nothing in the temp folder", () => {
    const dir = workspace();
    const tmp = mkdtempSync(join(tmpdir(), "blueprints-tmp-"));
    const two = run(dir, { TMPDIR: tmp }, "synth", "--out", "two", "--date", TEST_DATE);
    expect(two.status).toBe(0);
    const one = run(dir, { BLUEPRINTS_PARALLEL: "0" }, "synth", "--out", "one", "--date", TEST_DATE);
    expect(one.status).toBe(0);
    const strip = (tree: Record<string, string>) => Object.fromEntries(Object.entries(tree).map(([k, v]) => [k, v.slice(v.indexOf(":") + 1)]));
    expect(strip(snapshotTree(join(dir, "two")))).toEqual(strip(snapshotTree(join(dir, "one"))));
    // The same table rows (times aside) and warnings, in the same order.
    const rows = (out: string) => out.replace(/ to (one|two);/, " to OUT;").split("\n").map((l) => l.replace(/\d+ ms +/g, "N ms ").split(/ +/).join(" "));
    expect(rows(two.stdout)).toEqual(rows(one.stdout));
    expect(two.stderr).toBe(one.stderr);
    expect(readdirSync(tmp)).toEqual([]);
  });

  test("a policy error in any stack fails the synth with the same lines as one process, and writes nothing", () => {
    const dir = workspace();
    const tmp = mkdtempSync(join(tmpdir(), "blueprints-tmp-"));
    // On 2027-03-06 Studio's chat model is retired: AZ-LIFE-004 fails studio-dev.
    const two = run(dir, { TMPDIR: tmp }, "synth", "--env", "dev", "--date", "2027-03-06");
    const one = run(dir, { BLUEPRINTS_PARALLEL: "0" }, "synth", "--env", "dev", "--date", "2027-03-06");
    expect(two.status).toBe(5);
    expect(two.stderr).toMatch(/^error: studio-dev\/OpenAI\/Deployment-chat: AZ-LIFE-004 \(error\)/m);
    expect({ status: two.status, stdout: two.stdout, stderr: two.stderr }).toEqual({ status: one.status, stdout: one.stdout, stderr: one.stderr });
    expect(existsSync(join(dir, "cdktf.out"))).toBe(false);
    expect(readdirSync(tmp)).toEqual([]);
  });

  test("a usage error before synth runs stops the helper and removes its folder", () => {
    const tmp = mkdtempSync(join(tmpdir(), "blueprints-tmp-"));
    const r = run(workspace(), { TMPDIR: tmp }, "synth", "--environment", "dev");
    expect(r.status).toBe(2);
    expect(readdirSync(tmp)).toEqual([]);
  });
});
