import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type EntryContent, type SynthCache, type SynthRequest, CACHE_ENTRIES_KEPT, bundleCache, cacheKeys, compose, restoreEntry, storeEntry, synthCacheDir } from "../../cli/synth-cache";
import { parseCachedSynthArgs, someCached } from "../../cli/synth-fast";
import { BIN, TEST_DATE, snapshotTree, stagingLeft, workspace } from "./process";

const scratch = () => mkdtempSync(join(tmpdir(), "blueprints-cache-test-"));
const sha256 = (data: string | Buffer) => createHash("sha256").update(data).digest("hex");

describe("the synth cache keys (one per environment)", () => {
  const code = (hash: string): SynthCache => ({ dir: "/unused", codeHash: () => hash });
  const ws = workspace();
  const base: SynthRequest = { environmentsDir: join(ws, "environments"), date: TEST_DATE };
  const keysOf = (request: Partial<SynthRequest> = {}, hash = "code-1", env: NodeJS.ProcessEnv = {}) => cacheKeys(code(hash), { ...base, ...request }, env);
  /** Each environment's key, by name. */
  const byEnv = (request: Partial<SynthRequest> = {}, hash = "code-1", env: NodeJS.ProcessEnv = {}) => Object.fromEntries((keysOf(request, hash, env) ?? []).map((k) => [k.environment, k.key]));

  test("one key per environment file, or per --env name; the same for the same inputs, whatever the order or repeats of --env and --system names", () => {
    expect(keysOf()?.map((k) => k.environment)).toEqual(["dev", "prod", "staging"]);
    for (const k of keysOf()!) expect(k.key).toMatch(/^[0-9a-f]{64}$/);
    expect(keysOf()).toEqual(keysOf());
    expect(byEnv({ environments: ["prod", "dev", "dev"], systems: ["state", "augeo"] })).toEqual(byEnv({ environments: ["dev", "prod"], systems: ["augeo", "state"] }));
    // An environment's stacks do not depend on which other environments a run selects: `--env dev` uses the full run's entry.
    expect(byEnv({ environments: ["dev"] }).dev).toBe(byEnv().dev);
    // Variables cdktf does not read are not inputs.
    expect(byEnv({}, "code-1", { HOME: "/x", PATH: "/bin" })).toEqual(byEnv());
  });

  test("an environment file's content and name change its key only; the code, the selection of systems, the date, the folder and cdktf's variables change every key", () => {
    const all = byEnv();
    const everyKeyChanges = (other: Record<string, string>) => {
      expect(Object.keys(other).sort()).toEqual(Object.keys(all).sort());
      for (const env of Object.keys(all)) expect(other[env]).not.toBe(all[env]);
    };
    everyKeyChanges(byEnv({}, "code-2"));
    everyKeyChanges(byEnv({ systems: ["augeo"] }));
    everyKeyChanges(byEnv({ date: "2026-11-30" }));
    everyKeyChanges(byEnv({}, "code-1", { CDKTF_CONTEXT_JSON: "{}" }));
    const dir = join(ws, "environments");
    const seen = new Set(Object.values(all));
    for (const file of readdirSync(dir).filter((f) => f.endsWith(".yaml"))) {
      const env = file.replace(/\.yaml$/, "");
      const text = readFileSync(join(dir, file), "utf8");
      writeFileSync(join(dir, file), `${text}# one more line\n`);
      const edited = byEnv();
      expect(edited[env]).not.toBe(all[env]);
      expect(seen.has(edited[env])).toBe(false);
      seen.add(edited[env]);
      for (const other of Object.keys(all).filter((e) => e !== env)) expect(edited[other]).toBe(all[other]);
      writeFileSync(join(dir, file), text);
    }
    expect(byEnv()).toEqual(all); // every file restored
    writeFileSync(join(dir, "test.yaml"), "tier: dev\n");
    const added = byEnv();
    expect(added).toEqual({ ...all, test: expect.stringMatching(/^[0-9a-f]{64}$/) });
    renameSync(join(dir, "test.yaml"), join(dir, "test.yml"));
    expect(byEnv().test).not.toBe(added.test); // the same text under another file name
    rmSync(join(dir, "test.yml"));
    const moved = join(ws, "elsewhere");
    mkdirSync(moved);
    for (const f of readdirSync(dir)) writeFileSync(join(moved, f), readFileSync(join(dir, f)));
    everyKeyChanges(byEnv({ environmentsDir: moved }));
  });

  test("no keys when the folder cannot be read, holds no environment file, or an --env name has no file (the synthesis reports it)", () => {
    expect(keysOf({ environmentsDir: join(ws, "missing") })).toBeUndefined();
    const empty = join(ws, "empty");
    mkdirSync(empty);
    expect(keysOf({ environmentsDir: empty })).toBeUndefined();
    expect(keysOf({ environments: ["dev", "qa"] })).toBeUndefined();
  });

  test("the code's identity is the SHA-256 of the CLI bundle, read once", () => {
    const dir = scratch();
    const bundle = join(dir, "bundle.js");
    writeFileSync(bundle, "console.log(1);\n");
    const cache = bundleCache(join(dir, "cache"), bundle);
    expect(cache.codeHash()).toBe(sha256("console.log(1);\n"));
    writeFileSync(bundle, "console.log(2);\n");
    expect(cache.codeHash()).toBe(sha256("console.log(1);\n")); // this process's bundle is the one it loaded
    expect(bundleCache(join(dir, "cache"), bundle).codeHash()).toBe(sha256("console.log(2);\n"));
  });

  test("where the cache lives: BLUEPRINTS_CACHE_DIR, else node_modules/.cache in a project folder, else nowhere", () => {
    const project = scratch();
    expect(synthCacheDir(project, {})).toBeUndefined();
    mkdirSync(join(project, "node_modules"));
    expect(synthCacheDir(project, {})).toBe(join(project, "node_modules", ".cache", "blueprints", "synth"));
    expect(synthCacheDir(project, { BLUEPRINTS_CACHE_DIR: "/somewhere" })).toBe("/somewhere");
    expect(synthCacheDir(project, { BLUEPRINTS_CACHE_DIR: "0" })).toBeUndefined();
    expect(synthCacheDir(project, { BLUEPRINTS_CACHE_DIR: "" })).toBeUndefined();
  });
});

describe("cache entries", () => {
  const stack = (name: string, extra: Partial<EntryContent["stacks"][number]> = {}) => ({
    name,
    resources: 1,
    milliseconds: 5,
    policy: { warnings: 0, suppressed: 0 },
    constructWarnings: [],
    policyWarnings: [],
    ...extra,
  });
  const content: EntryContent = { environment: "dev", rank: 0, stacks: [stack("a")], manifestVersion: "0.21.0", manifest: { a: { name: "a" } } };
  /** A staged output with stacks `a` (the entry's) and `b` (another environment's). */
  const staged = () => {
    const dir = scratch();
    for (const name of ["a", "b"]) {
      mkdirSync(join(dir, "stacks", name, "assets"), { recursive: true });
      writeFileSync(join(dir, "stacks", name, "cdk.tf.json"), `{"resource":{"${name}":{}}}`);
      writeFileSync(join(dir, "stacks", name, "assets", "x.txt"), name);
    }
    writeFileSync(join(dir, "manifest.json"), '{"version":"0.21.0","stacks":{"a":{},"b":{}}}');
    return dir;
  };
  const key = "a".repeat(64);

  test("an entry holds its environment's stack folders, byte for byte, with its index", () => {
    const cache: SynthCache = { dir: scratch(), codeHash: () => "c" };
    const from = staged();
    storeEntry(cache, key, from, content);
    const into = scratch();
    const entry = restoreEntry(cache, key, into);
    expect(entry).toMatchObject({ key, ...content });
    const a = snapshotFiles(join(from, "stacks", "a"));
    expect(snapshotFiles(into)).toEqual(Object.fromEntries(Object.entries(a).map(([k, v]) => [`/stacks/a${k}`, v])));
    expect(restoreEntry(cache, "b".repeat(64), scratch())).toBeUndefined();
  });

  test.each([
    ["a file changed", (out: string) => writeFileSync(join(out, "stacks", "a", "cdk.tf.json"), '{"resource":{"x":{}}}')],
    ["a file removed", (out: string) => rmSync(join(out, "stacks", "a", "assets", "x.txt"))],
    ["a file added", (out: string) => writeFileSync(join(out, "stacks", "a", "extra.json"), "{}")],
    ["the index damaged", (out: string) => writeFileSync(join(out, "..", "entry.json"), "{")],
    ["the index of another version", (out: string) => writeFileSync(join(out, "..", "entry.json"), JSON.stringify({ ...JSON.parse(readFileSync(join(out, "..", "entry.json"), "utf8")), version: 1 }))],
  ])("an entry with %s is not served: nothing is written, and the entry is removed so a good one can be stored", (_what, damage) => {
    const cache: SynthCache = { dir: scratch(), codeHash: () => "c" };
    storeEntry(cache, key, staged(), content);
    damage(join(cache.dir, key, "out"));
    const into = scratch();
    expect(restoreEntry(cache, key, into)).toBeUndefined();
    expect(readdirSync(into)).toEqual([]);
    expect(readdirSync(cache.dir)).not.toContain(key);
    storeEntry(cache, key, staged(), content);
    expect(restoreEntry(cache, key, scratch())).toBeDefined();
  });

  test("an environment with no stacks (a --system selection it does not enable) is an entry too", () => {
    const cache: SynthCache = { dir: scratch(), codeHash: () => "c" };
    storeEntry(cache, key, staged(), { ...content, stacks: [], manifest: {} });
    const into = scratch();
    expect(restoreEntry(cache, key, into)).toMatchObject({ stacks: [], manifest: {} });
    expect(readdirSync(into)).toEqual([]);
  });

  test(`keeps the ${CACHE_ENTRIES_KEPT} entries used last`, () => {
    const cache: SynthCache = { dir: scratch(), codeHash: () => "c" };
    const from = staged();
    const keys = Array.from({ length: CACHE_ENTRIES_KEPT + 2 }, (_, i) => i.toString(16).padStart(64, "0"));
    storeEntry(cache, keys[0], from, content);
    // Entry 0 is the oldest stored, but used last: it stays.
    expect(restoreEntry(cache, keys[0], scratch())).toBeDefined();
    const later = new Date(Date.now() + 60_000);
    utimesSync(join(cache.dir, keys[0], "used"), later, later);
    for (const k of keys.slice(1)) storeEntry(cache, k, from, content);
    const left = readdirSync(cache.dir);
    expect(left).toHaveLength(CACHE_ENTRIES_KEPT);
    expect(left).toContain(keys[0]);
  });

  test("composing environments: stacks in plan order (tiers, then names), construct warnings by stack name, then policy warnings in plan order, one manifest", () => {
    const env = (environment: string, rank: number, names: string[]): EntryContent => ({
      environment,
      rank,
      stacks: names.map((n) => stack(n, { constructWarnings: [`${n}/C: w`], policyWarnings: [`${n}/P: w`] })),
      manifestVersion: "0.21.0",
      manifest: Object.fromEntries(names.map((n) => [n, { name: n }])),
    });
    const composed = compose([env("prod", 2, ["state-prod", "b-prod"]), env("qa", 0, ["state-qa"]), env("dev", 0, ["state-dev", "b-dev"])]);
    expect(composed.stacks.map((s) => s.name)).toEqual(["state-dev", "b-dev", "state-qa", "state-prod", "b-prod"]);
    expect(composed.warnings).toEqual([
      "b-dev/C: w", "b-prod/C: w", "state-dev/C: w", "state-prod/C: w", "state-qa/C: w",
      "state-dev/P: w", "b-dev/P: w", "state-qa/P: w", "state-prod/P: w", "b-prod/P: w",
    ]);
    const manifest = JSON.parse(composed.manifest) as { version: string; stacks: Record<string, unknown> };
    expect(manifest.version).toBe("0.21.0");
    expect(Object.keys(manifest.stacks)).toEqual(["b-dev", "b-prod", "state-dev", "state-prod", "state-qa"]);
  });
});

describe("the cached command line", () => {
  test.each([
    [["synth"], { configDir: "environments", out: "cdktf.out", noCache: false }],
    [["-c", "envs", "synth", "--env", "dev", "prod", "--system", "augeo", "--out", "o", "--date", "2026-11-30"], { configDir: "envs", environments: ["dev", "prod"], systems: ["augeo"], out: "o", date: "2026-11-30", noCache: false }],
    [["synth", "--config-dir=envs", "--out=o", "--no-cache"], { configDir: "envs", out: "o", noCache: true }],
  ])("%j is read as the full CLI reads it", (argv, expected) => {
    expect(parseCachedSynthArgs(argv)).toEqual(expected);
  });

  test.each([
    [["check"]], [["synth", "--help"]], [["synth", "--verbose"]], [["-v", "synth"]], [["synth", "--env"]], [["synth", "--out", "a", "--out", "b"]],
    [["synth", "--date", "2026-02-30"]], [["synth", "--frobnicate"]], [["synth", "extra"]], [["--env", "dev", "synth"]],
  ])("%j is left to the full CLI", (argv) => {
    expect(parseCachedSynthArgs(argv)).toBeUndefined();
  });
});

/**
 * Every file under `dir` with its content, by relative path; `manifest.json` parsed (a filtered
 * run into an earlier output merges its entries and writes the file in its own layout).
 */
function snapshotFiles(dir: string): Record<string, unknown> {
  return Object.fromEntries(Object.entries(snapshotTree(dir)).map(([k, v]) => [k, k === "/manifest.json" ? JSON.parse(v.slice(v.indexOf(":") + 1)) : v.slice(v.indexOf(":") + 1)]));
}

describe("blueprints synth with the cache (the binary)", () => {
  /** `blueprints synth --system augeo <args>` (or another system) with its own cache folder, one process. */
  const synthIn = (cwd: string, cache: string, ...args: string[]) => {
    const system = args.includes("--system") ? [] : ["--system", "augeo"];
    const r = spawnSync(process.execPath, [BIN, "synth", ...system, ...args], {
      cwd,
      encoding: "utf8",
      env: { ...process.env, BLUEPRINTS_PARALLEL: "0", BLUEPRINTS_CACHE_DIR: cache },
    });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr, cached: /^\d+ stacks? copied from the synth cache/m.test(r.stdout), synthesized: /^3 stacks synthesized in \d+ ms/m.test(r.stdout) };
  };
  const rows = (stdout: string) => stdout.split("\n").filter((l) => /^augeo-/.test(l)).map((l) => l.replace(/ +(\d+ ms|cached) +/, " TIME "));

  test("an unchanged synth is copied from the cache: the same files, rows and warnings as the synthesis that stored it; --no-cache synthesizes", () => {
    const dir = workspace();
    const cache = scratch();
    const first = synthIn(dir, cache, "--out", "first", "--date", TEST_DATE);
    expect(first.status).toBe(0);
    expect(first.synthesized).toBe(true);
    expect(readdirSync(cache).filter((n) => /^[0-9a-f]{64}$/.test(n))).toHaveLength(3); // one entry per environment
    const second = synthIn(dir, cache, "--out", "second", "--date", TEST_DATE);
    expect(second.status).toBe(0);
    expect(second.cached).toBe(true);
    expect(second.stdout).toMatch(/^3 stacks copied from the synth cache in \d+ ms \(nothing that determines the output changed; --no-cache rebuilds\) to second; policy reports beside each stack$/m);
    expect(snapshotFiles(join(dir, "second"))).toEqual(snapshotFiles(join(dir, "first")));
    expect(rows(second.stdout)).toEqual(rows(first.stdout));
    expect(second.stderr).toBe(first.stderr);
    const fresh = synthIn(dir, cache, "--out", "fresh", "--date", TEST_DATE, "--no-cache");
    expect(fresh.synthesized).toBe(true);
    expect(snapshotFiles(join(dir, "fresh"))).toEqual(snapshotFiles(join(dir, "first")));
    expect(stagingLeft(dir)).toEqual([]);
  });

  test("a changed environment file synthesizes that environment's stacks again and copies the others; the output is what a synthesis without the cache writes", () => {
    const dir = workspace();
    const cache = scratch();
    expect(synthIn(dir, cache, "--out", "out", "--date", TEST_DATE).synthesized).toBe(true);
    const before = readFileSync(join(dir, "out", "stacks", "augeo-dev", "cdk.tf.json"), "utf8");
    const file = join(dir, "environments", "dev.yaml");
    writeFileSync(file, readFileSync(file, "utf8").replace('cost-center: "0000"', 'cost-center: "4711"'));
    const edited = synthIn(dir, cache, "--out", "out", "--date", TEST_DATE);
    expect(edited.status).toBe(0);
    expect(edited.stdout).toMatch(/^3 stacks synthesized in \d+ ms \(2 copied from the synth cache: nothing that determines them changed; --no-cache rebuilds\) to out; policy reports beside each stack$/m);
    const time = (name: string) => new RegExp(`^${name} +\\d+ +(\\d+ ms|cached) `, "m").exec(edited.stdout)?.[1];
    expect(time("augeo-dev")).toMatch(/^\d+ ms$/);
    expect([time("augeo-staging"), time("augeo-prod")]).toEqual(["cached", "cached"]);
    const after = readFileSync(join(dir, "out", "stacks", "augeo-dev", "cdk.tf.json"), "utf8");
    expect(after).not.toBe(before);
    expect(after).toContain('"cost-center": "4711"');
    const nocache = synthIn(dir, cache, "--out", "nocache", "--date", TEST_DATE, "--no-cache");
    expect(nocache.synthesized).toBe(true);
    expect(snapshotFiles(join(dir, "out"))).toEqual(snapshotFiles(join(dir, "nocache")));
    expect(edited.stderr).toBe(nocache.stderr);
    expect(rows(edited.stdout)).toEqual(rows(nocache.stdout));
    // Both versions of dev.yaml are now stored: either is copied.
    expect(synthIn(dir, cache, "--out", "out", "--date", TEST_DATE).cached).toBe(true);
    writeFileSync(file, readFileSync(file, "utf8").replace('cost-center: "4711"', 'cost-center: "0000"'));
    expect(synthIn(dir, cache, "--out", "out", "--date", TEST_DATE).cached).toBe(true);
    expect(readFileSync(join(dir, "out", "stacks", "augeo-dev", "cdk.tf.json"), "utf8")).toBe(before);
  });

  test("a changed date synthesizes every stack again; a selection of environments is copied from the entries a full run stored", () => {
    const dir = workspace();
    const cache = scratch();
    expect(synthIn(dir, cache, "--out", "out", "--date", TEST_DATE).synthesized).toBe(true);
    const later = synthIn(dir, cache, "--out", "out", "--date", "2026-11-30");
    expect(later.stdout).toMatch(/^3 stacks synthesized in \d+ ms to out;/m);
    const selected = synthIn(dir, cache, "--out", "selected", "--date", TEST_DATE, "--env", "prod", "dev");
    expect(selected.stdout).toMatch(/^2 stacks copied from the synth cache in /m);
    expect(selected.stdout.split("\n").filter((l) => /^augeo-/.test(l)).map((l) => l.split(" ")[0])).toEqual(["augeo-dev", "augeo-prod"]);
    expect(synthIn(dir, cache, "--out", "selected-fresh", "--date", TEST_DATE, "--env", "prod", "dev", "--no-cache").stdout).toMatch(/^2 stacks synthesized in \d+ ms to selected-fresh;/m);
    expect(snapshotFiles(join(dir, "selected"))).toEqual(snapshotFiles(join(dir, "selected-fresh")));
  });

  test("a cache entry changed after it was stored is not served: its environment's stacks are synthesized again", () => {
    const dir = workspace();
    const cache = scratch();
    expect(synthIn(dir, cache, "--out", "a", "--date", TEST_DATE).synthesized).toBe(true);
    const keys = readdirSync(cache).filter((n) => /^[0-9a-f]{64}$/.test(n));
    const key = keys.find((k) => readdirSync(join(cache, k, "out", "stacks")).includes("augeo-prod"))!;
    const stored = join(cache, key, "out", "stacks", "augeo-prod", "cdk.tf.json");
    writeFileSync(stored, readFileSync(stored, "utf8").replace(/"location": "[a-z0-9]+"/, '"location": "westeurope"'));
    const again = synthIn(dir, cache, "--out", "b", "--date", TEST_DATE);
    expect(again.status).toBe(0);
    expect(again.stdout).toMatch(/^3 stacks synthesized in \d+ ms \(2 copied from the synth cache/m);
    expect(again.stdout).toMatch(/^augeo-prod +\d+ +\d+ ms /m);
    expect(snapshotFiles(join(dir, "b"))).toEqual(snapshotFiles(join(dir, "a")));
    // The damaged entry was replaced by a good one.
    expect(synthIn(dir, cache, "--out", "c", "--date", TEST_DATE).cached).toBe(true);
    expect(snapshotFiles(join(dir, "c"))).toEqual(snapshotFiles(join(dir, "a")));
  });

  test("with two processes allowed, a partly cached synth starts no helper (someCached) and writes what one process writes", () => {
    const dir = workspace();
    const cache = scratch();
    const argv = ["--config-dir", join(dir, "environments"), "synth", "--system", "augeo", "--date", TEST_DATE];
    const store: SynthCache = bundleCache(cache, join(BIN, "..", "..", "blueprints.bundle.js"));
    expect(someCached(argv, store)).toBe(false);
    expect(synthIn(dir, cache, "--config-dir", join(dir, "environments"), "--out", "a", "--date", TEST_DATE).synthesized).toBe(true);
    expect(someCached(argv, store)).toBe(true);
    expect(someCached([...argv, "--no-cache"], store)).toBe(false);
    expect(someCached(argv, undefined)).toBe(false);
    const file = join(dir, "environments", "prod.yaml");
    writeFileSync(file, readFileSync(file, "utf8").replace('cost-center: "0000"', 'cost-center: "4711"'));
    expect(someCached(argv, store)).toBe(true); // dev and staging still are
    const r = spawnSync(process.execPath, [BIN, ...argv, "--out", "b"], {
      cwd: dir,
      encoding: "utf8",
      env: { ...process.env, BLUEPRINTS_PARALLEL: "1", BLUEPRINTS_CACHE_DIR: cache },
    });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^3 stacks synthesized in \d+ ms \(2 copied from the synth cache/m);
    expect(synthIn(dir, cache, "--config-dir", join(dir, "environments"), "--out", "c", "--date", TEST_DATE, "--no-cache").synthesized).toBe(true);
    expect(snapshotFiles(join(dir, "b"))).toEqual(snapshotFiles(join(dir, "c")));
  });

  test("a refused output folder is refused before the bundle loads, with or without a cache, as the full CLI words it", () => {
    const dir = workspace();
    writeFileSync(join(dir, "notes.md"), "mine\n");
    for (const cache of ["0", scratch()]) {
      const r = synthIn(dir, cache, "--out", ".");
      expect(r.status).toBe(2);
      expect(r.stderr).toBe("error: --out . is the working directory; synth would write among files it did not write: choose a folder of its own for the output, e.g. --out cdktf.out\n");
    }
    // The full CLI (--verbose skips the early path) says the same.
    const full = synthIn(dir, "0", "--out", ".", "--verbose");
    expect(full.status).toBe(2);
    expect(full.stderr.split("\n")[0]).toBe("error: --out . is the working directory; synth would write among files it did not write: choose a folder of its own for the output, e.g. --out cdktf.out");
  });

  test("a synth that fails is never stored: a policy error fails every run, and leaves no entry", () => {
    const dir = workspace();
    const cache = scratch();
    // On 2027-06-01 DOT-Copilot's Node.js 22 is past its end of support (2027-04-30): AZ-LIFE-001 fails the synth.
    const failing = ["--system", "dot-copilot", "--env", "dev", "--date", "2027-06-01"];
    const runs = [synthIn(dir, cache, ...failing), synthIn(dir, cache, ...failing)];
    for (const r of runs) {
      expect(r.status).toBe(5);
      expect(r.stderr).toMatch(/^error: dot-copilot-dev\/Api\/App: AZ-LIFE-001 \(error\)/m);
      expect(r.stdout).not.toMatch(/copied from the synth cache/);
    }
    expect(runs[1].stderr).toBe(runs[0].stderr);
    expect(readdirSync(cache).filter((n) => /^[0-9a-f]{64}$/.test(n))).toEqual([]);
  });
});
