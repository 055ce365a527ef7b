import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { REPO } from "../helpers/synth-all";

// scripts/cdktn-check.sh installs from the npm registry, so its real run is CI's cdktn job, not a
// test; these cover what needs no network: usage errors stop before anything is copied, and the
// README and the workflow say what the script does.
const SCRIPT = join(REPO, "scripts", "cdktn-check.sh");
const run = (...args: string[]) => spawnSync("bash", [SCRIPT, ...args], { encoding: "utf8" });

test.each([
  [["--date", "2026-13"], 'cdktn-check: --date "2026-13" is not YYYY-MM-DD'],
  [["--date"], "cdktn-check: --date needs a value (see --help)"],
  [["--out"], "cdktn-check: --out needs a value (see --help)"],
  [["--jset"], "cdktn-check: unknown argument --jset (see --help)"],
])("cdktn-check %j exits 2 before copying anything", (args, message) => {
  const r = run(...args);
  expect(r.status).toBe(2);
  expect(r.stderr.trim()).toBe(message);
  expect(r.stdout).toBe("");
});

test("cdktn-check --help prints the usage from the script's header", () => {
  const r = run("--help");
  expect(r.status).toBe(0);
  expect(r.stdout).toMatch(/^Builds, type-checks and synthesizes the library and every system against CDK Terrain/);
  expect(r.stdout).toContain("scripts/cdktn-check.sh [--date YYYY-MM-DD] [--jest] [--out DIR]");
  expect(r.stdout).not.toContain("set -uo pipefail");
});

test("the README's cdktn versions are the ones the script installs", () => {
  const script = readFileSync(SCRIPT, "utf8");
  const pinned = (name: string) => new RegExp(`^${name}="\\$\\{${name}:-([0-9.]+)\\}"`, "m").exec(script)?.[1];
  const readme = readFileSync(join(REPO, "README.md"), "utf8");
  const section = readme.slice(readme.indexOf("## CDK Terrain (cdktn)"), readme.indexOf("## Dependencies, and why"));
  expect(section.length).toBeGreaterThan(100);
  expect(section).toContain(`| core | \`cdktf\` 0.21.0 | \`cdktn\` ${pinned("CDKTN_VERSION")} |`);
  expect(section).toContain(`\`@cdktn/provider-azurerm\` ${pinned("CDKTN_AZURERM_VERSION")} (azurerm 4.73.0)`);
  expect(section).toContain(`\`@cdktn/provider-random\` ${pinned("CDKTN_RANDOM_VERSION")} (random 3.9.1)`);
  expect(section).toContain(`| \`constructs\` | 10.4.2 | ${pinned("CDKTN_CONSTRUCTS_VERSION")} `);
});

test("the cdktn workflow runs the script with the test suite on push, pull requests and weekly", () => {
  const wf = parse(readFileSync(join(REPO, ".github", "workflows", "cdktn.yml"), "utf8")) as {
    on: Record<string, unknown>;
    jobs: Record<string, { "continue-on-error"?: unknown; steps: { run?: string }[] }>;
  };
  expect(Object.keys(wf.on).sort()).toEqual(["pull_request", "push", "schedule"]);
  const job = wf.jobs.cdktn;
  expect(job["continue-on-error"]).toBeUndefined();
  expect(job.steps.map((s) => s.run).filter(Boolean)).toEqual(["npm install --no-audit --no-fund", "scripts/cdktn-check.sh --jest --out cdktn-report"]);
});
