import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { BIN, TEST_DATE, blueprints, snapshotTree, workspace } from "./process";

beforeAll(() => {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run \`npm run build\` (npm test does it first)`);
});

type Json = Record<string, Record<string, Record<string, Record<string, unknown>>>>;

/** A workspace with `before/`: the synth output of studio-dev, as a previous run left it. */
function withBefore(): string {
  const dir = workspace();
  const r = blueprints(dir, "synth", "--env", "dev", "--system", "studio", "--out", "before");
  expect(r.status).toBe(0);
  return dir;
}

function edit(dir: string, stack: string, change: (json: Json, text: string) => string | Json): void {
  const file = join(dir, "before", "stacks", stack, "cdk.tf.json");
  const text = readFileSync(file, "utf8");
  const result = change(JSON.parse(text) as Json, text);
  writeFileSync(file, typeof result === "string" ? result : JSON.stringify(result, null, 2));
}

const diff = (dir: string, ...args: string[]) => blueprints(dir, "diff", "--date", TEST_DATE, ...args);

describe("blueprints diff --against", () => {
  test("no change: every stack says so, exit 0 even with --fail-on replace", () => {
    const dir = withBefore();
    const r = diff(dir, "--against", "before", "--env", "dev", "--system", "studio", "--fail-on", "replace");
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toBe("STACK       CHANGE\nstudio-dev  no resource changes\n");
  });

  test("a renamed construct id comes first with its moved block; a force-new change is a replacement; --fail-on replace exits 7 after printing", () => {
    const dir = withBefore();
    edit(dir, "studio-dev", (json, text) => {
      const vault = Object.keys(json.resource.azurerm_key_vault)[0];
      const renamed = JSON.parse(text.split(vault).join("Vault_OLD0001")) as Json;
      const account = Object.values(renamed.resource.azurerm_storage_account)[0];
      account.account_tier = "Premium";
      return renamed;
    });
    const r = diff(dir, "--against", "before", "--env", "dev", "--system", "studio", "--fail-on", "replace");
    expect(r.status).toBe(7);
    const lines = r.stdout.split("\n");
    expect(lines[1]).toMatch(/^studio-dev {2}2 stateful resources at risk; 1 to replace, 1 address change/);
    expect(lines[3]).toBe("REPLACEMENT RISK: 2 stateful resources would be replaced or destroyed");
    expect(r.stdout).toMatch(/! replace azurerm_storage_account\.\S+ \[stateful: storage\]: forced by account_tier \(hashicorp\/terraform-provider-azurerm website\/docs\/r\/storage_account\.html\.markdown@[0-9a-f]{12}\)\n {6}account_tier: Premium -> Standard {2}\(forces replacement\)/);
    expect(r.stdout).toMatch(/! address change azurerm_key_vault\.Vault_OLD0001 -> azurerm_key_vault\.KeyVault_\w+ \[stateful: key vault\]/);
    expect(r.stdout).toMatch(/ {6}moved \{\n {8}from = azurerm_key_vault\.Vault_OLD0001\n {8}to {3}= azurerm_key_vault\.KeyVault_\w+\n {6}\}\n {6}or in cdktf, on studio-dev\/KeyVault\/Resource: resource\.moveFromId\("azurerm_key_vault\.Vault_OLD0001"\)/);
    // References to the moved vault are no change once the moved block is in.
    expect(r.stdout).not.toContain("key_vault_id:");
    expect(r.stdout.indexOf("address change")).toBeLessThan(r.stdout.search(/~ change|\+ create|- destroy|$/));
    expect(r.stderr).toMatch(/^error: studio-dev: azurerm_storage_account\.\S+ \(storage\) would be replaced: account_tier forces a new resource\nerror: studio-dev: azurerm_key_vault\.Vault_OLD0001 \(key vault\) would be destroyed and created again/);
    const md = diff(dir, "--against", "before", "--env", "dev", "--system", "studio", "--format", "markdown");
    expect(md.status).toBe(0);
    expect(md.stdout).toMatch(/^## Synth diff\n\n\| stack \| change \|/);
    expect(md.stdout).toContain("> [!CAUTION]");
    expect(md.stdout).toMatch(/```hcl\n {2}moved \{\n {4}from = azurerm_key_vault\.Vault_OLD0001/);
    const json = diff(dir, "--against", "before", "--env", "dev", "--system", "studio", "--format", "json");
    const parsed = JSON.parse(json.stdout) as { stacks: { moved: { from: string }[]; replaced: { replacement: string }[] }[]; statefulRisks: string[] };
    expect(parsed.stacks[0].moved.map((m) => m.from)).toEqual(["azurerm_key_vault.Vault_OLD0001"]);
    expect(parsed.stacks[0].replaced.map((c) => c.replacement)).toEqual(["replace"]);
    expect(parsed.statefulRisks).toHaveLength(2);
  });

  test("sensitive values are masked; stacks added and removed; the policy delta", () => {
    const dir = withBefore();
    edit(dir, "studio-dev", (json) => {
      const app = Object.values(json.resource.azurerm_linux_web_app)[0] as { app_settings?: Record<string, string> };
      app.app_settings = { ...app.app_settings, LEGACY_API_TOKEN: "tok-123-very-secret" };
      return json;
    });
    const policyFile = join(dir, "before", "stacks", "studio-dev", "policy-report.json");
    const report = JSON.parse(readFileSync(policyFile, "utf8")) as { findings: Record<string, unknown>[] };
    report.findings.push({ ruleId: "AZ-ST-999", category: "security", severity: "warning", path: "studio-dev/Gone", resourceType: "azurerm_storage_account", logicalId: "Gone", message: "fixed since", fix: "none" });
    writeFileSync(policyFile, JSON.stringify(report));
    // A stack the previous run had and this selection does not produce any more, and one it did not have.
    const manifestFile = join(dir, "before", "manifest.json");
    const manifest = JSON.parse(readFileSync(manifestFile, "utf8")) as { stacks: Record<string, unknown> };
    manifest.stacks["studio-old"] = { ...(manifest.stacks["studio-dev"] as object), name: "studio-old" };
    writeFileSync(manifestFile, JSON.stringify(manifest));
    mkdirSync(join(dir, "before", "stacks", "studio-old"));
    writeFileSync(join(dir, "before", "stacks", "studio-old", "cdk.tf.json"), "{}");
    const r = diff(dir, "--against", "before");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/app_settings\.LEGACY_API_TOKEN: \(sensitive\) -> \(none\)/);
    expect(r.stdout).not.toContain("tok-123");
    expect(r.stdout).toMatch(/^state-dev +new stack$/m);
    expect(r.stdout).toMatch(/^studio-old +stack removed/m);
    expect(r.stdout).toContain("policy: 0 new, 1 resolved\n    resolved AZ-ST-999 (warning) studio-dev/Gone: fixed since");
  });

  test("usage errors exit 2; a bad --against folder exits 3 with a clear message; nothing is written", () => {
    const dir = withBefore();
    writeFileSync(join(dir, "file.txt"), "x");
    mkdirSync(join(dir, "empty"));
    const before = snapshotTree(dir);
    const cases: [string[], number, RegExp][] = [
      [[], 2, /^error: diff needs exactly one of --against <dir> \(a previous synth output folder\) or --base <git-ref>/],
      [["--against", "before", "--base", "HEAD"], 2, /^error: diff needs exactly one of/],
      [["--against", "before", "--format", "yaml"], 2, /option '--format <format>' argument 'yaml' is invalid/],
      [["--against", "before", "--fail-on", "update"], 2, /option '--fail-on <what>' argument 'update' is invalid/],
      [["--against", "before", "--env", "nosuch"], 2, /^error: unknown environment "nosuch"/],
      [["--against", "nosuch"], 3, /^error: --against nosuch: no such folder; give a previous synth output folder \(a cdktf\.out with manifest\.json and stacks\/\)$/m],
      [["--against", "file.txt"], 3, /^error: --against file\.txt: is a file, not a folder/],
      [["--against", "empty"], 3, /^error: --against empty: not a synth output folder: no manifest\.json$/m],
      [["--against", "."], 3, /^error: --against \.: not a synth output folder: no manifest\.json$/m],
    ];
    for (const [args, status, message] of cases) {
      const r = diff(dir, ...args);
      expect([args.join(" "), r.status]).toEqual([args.join(" "), status]);
      expect(r.stderr).toMatch(message);
      expect(r.stdout).toBe(status === 2 && /format|fail-on/.test(args.join(" ")) ? "" : r.stdout);
    }
    writeFileSync(join(dir, "before", "stacks", "studio-dev", "cdk.tf.json"), "{ not json");
    const broken = diff(dir, "--against", "before");
    expect(broken.status).toBe(3);
    expect(broken.stderr).toMatch(/before\/stacks\/studio-dev\/cdk\.tf\.json: the stack's Terraform JSON is not JSON/);
    const after = snapshotTree(dir);
    delete after["/before/stacks/studio-dev/cdk.tf.json"];
    delete before["/before/stacks/studio-dev/cdk.tf.json"];
    expect(after).toEqual(before);
  });
});

describe("blueprints diff --base", () => {
  const git = (cwd: string, ...args: string[]) => {
    const r = spawnSync("git", ["-c", "user.name=test", "-c", "user.email=test@example.com", "-c", "commit.gpgsign=false", ...args], { cwd, encoding: "utf8" });
    if (r.status !== 0) throw new Error(`git ${args.join(" ")}: ${r.stderr}`);
    return r.stdout;
  };

  test("synthesizes the base commit in a temporary worktree (node_modules linked: same lockfile), caches it by commit, removes the worktree", () => {
    // A repository whose `npm run synth` is this build's CLI: the base's own synth, offline.
    const dir = workspace();
    writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "diff-base-test", private: true, scripts: { synth: `node ${JSON.stringify(BIN)} synth` } }, null, 2));
    writeFileSync(join(dir, "package-lock.json"), JSON.stringify({ name: "diff-base-test", lockfileVersion: 3, requires: true, packages: {} }, null, 2));
    writeFileSync(join(dir, ".gitignore"), "node_modules/\n");
    mkdirSync(join(dir, "node_modules"));
    git(dir, "init", "--quiet", "--initial-branch=main");
    git(dir, "add", "-A");
    git(dir, "commit", "--quiet", "-m", "base");
    const commit = git(dir, "rev-parse", "HEAD").trim();
    // The change under review: a tag in the working tree.
    const env = join(dir, "environments", "dev.yaml");
    writeFileSync(env, readFileSync(env, "utf8").replace("owner: platform-team", "owner: data-team"));

    const first = diff(dir, "--base", "HEAD", "--env", "dev", "--system", "state");
    expect(first.stderr).toBe(`base HEAD (${commit.slice(0, 12)}): package-lock.json unchanged, reusing node_modules\n`);
    expect(first.status).toBe(0);
    expect(first.stdout).toMatch(/^state-dev {2}\d+ to change$/m);
    expect(first.stdout).toMatch(/~ change azurerm_storage_account\.\S+: in place\n(?: {6}.*\n)*? {6}tags\.owner: platform-team -> data-team/);
    const cache = join(dir, "node_modules", ".cache", "blueprints", "diff", commit, TEST_DATE);
    expect(existsSync(join(cache, "manifest.json"))).toBe(true);
    expect(git(dir, "worktree", "list").trim().split("\n")).toHaveLength(1);

    const second = diff(dir, "--base", "HEAD", "--env", "dev", "--system", "state");
    expect(second.stderr).toBe(`base HEAD (${commit.slice(0, 12)}): cached synthesis in node_modules/.cache/blueprints/diff/${commit}/${TEST_DATE}\n`);
    expect(second.stdout).toBe(first.stdout);
    const fresh = diff(dir, "--base", "main", "--env", "dev", "--system", "state", "--no-cache");
    expect(fresh.stderr).toContain("reusing node_modules");
    expect(fresh.stdout).toBe(first.stdout);
    expect(readdirSync(join(dir, "node_modules", ".cache", "blueprints", "diff"))).toEqual([commit]);

    const bad = diff(dir, "--base", "no-such-branch");
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/^error: --base "no-such-branch" is not a commit in /);
  });
});
