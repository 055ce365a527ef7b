import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type SynthCache, type SynthRequest, CACHE_ENTRIES_KEPT, bundleCache, cacheKey, restoreEntry, storeEntry, synthCacheDir } from "../../cli/synth-cache";
import { parseCachedSynthArgs } from "../../cli/synth-fast";
import { BIN, TEST_DATE, snapshotTree, stagingLeft, workspace } from "./process";

const scratch = () => mkdtempSync(join(tmpdir(), "blueprints-cache-test-"));
const sha256 = (data: string | Buffer) => createHash("sha256").update(data).digest("hex");

describe("the synth cache key", () => {
  const code = (hash: string): SynthCache => ({ dir: "/unused", codeHash: () => hash });
  const ws = workspace();
  const base: SynthRequest = { environmentsDir: join(ws, "environments"), date: TEST_DATE };
  const keyOf = (request: Partial<SynthRequest> = {}, hash = "code-1", env: NodeJS.ProcessEnv = {}) => cacheKey(code(hash), { ...base, ...request }, env);

  test("is the same for the same inputs, whatever the order or repeats of --env and --system names", () => {
    expect(keyOf()).toMatch(/^[0-9a-f]{64}$/);
    expect(keyOf()).toBe(keyOf());
    expect(keyOf({ environments: ["prod", "dev", "dev"], systems: ["state", "augeo"] })).toBe(keyOf({ environments: ["dev", "prod"], systems: ["augeo", "state"] }));
    // Variables cdktf does not read are not inputs.
    expect(keyOf({}, "code-1", { HOME: "/x", PATH: "/bin" })).toBe(keyOf());
  });

  test("changes with each input in turn: the code, each environment file, a file added, removed or renamed, the selection, the date, the folder, cdktf's variables", () => {
    const keys = new Map<string, string | undefined>([["base", keyOf()]]);
    keys.set("code", keyOf({}, "code-2"));
    keys.set("environments", keyOf({ environments: ["dev"] }));
    keys.set("systems", keyOf({ systems: ["augeo"] }));
    keys.set("date", keyOf({ date: "2026-11-30" }));
    keys.set("CDKTF_CONTEXT_JSON", keyOf({}, "code-1", { CDKTF_CONTEXT_JSON: "{}" }));
    const dir = join(ws, "environments");
    for (const file of readdirSync(dir).filter((f) => f.endsWith(".yaml"))) {
      const text = readFileSync(join(dir, file), "utf8");
      writeFileSync(join(dir, file), `${text}# one more line\n`);
      keys.set(`edit ${file}`, keyOf());
      writeFileSync(join(dir, file), text);
    }
    expect(keyOf()).toBe(keys.get("base")); // every file restored
    writeFileSync(join(dir, "test.yaml"), "tier: dev\n");
    keys.set("file added", keyOf());
    renameSync(join(dir, "test.yaml"), join(dir, "test.yml"));
    keys.set("file renamed", keyOf());
    rmSync(join(dir, "test.yml"));
    const moved = join(ws, "elsewhere");
    mkdirSync(moved);
    for (const f of readdirSync(dir)) writeFileSync(join(moved, f), readFileSync(join(dir, f)));
    keys.set("folder", keyOf({ environmentsDir: moved }));
    rmSync(join(moved, "dev.yaml"));
    keys.set("file removed", keyOf({ environmentsDir: moved }));
    expect([...keys.values()].every((k) => typeof k === "string")).toBe(true);
    expect(new Set(keys.values()).size).toBe(keys.size);
  });

  test("an environment folder that cannot be read has no key (the synthesis reports it)", () => {
    expect(keyOf({ environmentsDir: join(ws, "missing") })).toBeUndefined();
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
  const run = { full: true, stacks: [{ name: "a", resources: 1, milliseconds: 5, policy: { warnings: 0, suppressed: 0 } }], warnings: ["w"] };
  const staged = () => {
    const dir = scratch();
    mkdirSync(join(dir, "stacks", "a", "assets"), { recursive: true });
    writeFileSync(join(dir, "manifest.json"), '{"version":"0.21.0","stacks":{"a":{}}}');
    writeFileSync(join(dir, "stacks", "a", "cdk.tf.json"), '{"resource":{}}');
    writeFileSync(join(dir, "stacks", "a", "assets", "x.txt"), "x");
    return dir;
  };
  const key = "a".repeat(64);

  test("an entry restores byte for byte, with its index", () => {
    const cache: SynthCache = { dir: scratch(), codeHash: () => "c" };
    const from = staged();
    storeEntry(cache, key, from, run);
    const into = scratch();
    const entry = restoreEntry(cache, key, into);
    expect(entry).toMatchObject({ key, full: true, stacks: run.stacks, warnings: ["w"] });
    expect(snapshotFiles(into)).toEqual(snapshotFiles(from));
    expect(restoreEntry(cache, "b".repeat(64), scratch())).toBeUndefined();
  });

  test.each([
    ["a file changed", (out: string) => writeFileSync(join(out, "stacks", "a", "cdk.tf.json"), '{"resource":{"x":{}}}')],
    ["a file removed", (out: string) => rmSync(join(out, "stacks", "a", "assets", "x.txt"))],
    ["a file added", (out: string) => writeFileSync(join(out, "stacks", "a", "extra.json"), "{}")],
    ["the index damaged", (out: string) => writeFileSync(join(out, "..", "entry.json"), "{")],
    ["the index of another version", (out: string) => writeFileSync(join(out, "..", "entry.json"), JSON.stringify({ ...JSON.parse(readFileSync(join(out, "..", "entry.json"), "utf8")), version: 0 }))],
  ])("an entry with %s is not served", (_what, damage) => {
    const cache: SynthCache = { dir: scratch(), codeHash: () => "c" };
    storeEntry(cache, key, staged(), run);
    damage(join(cache.dir, key, "out"));
    expect(restoreEntry(cache, key, scratch())).toBeUndefined();
  });

  test(`keeps the ${CACHE_ENTRIES_KEPT} entries used last`, () => {
    const cache: SynthCache = { dir: scratch(), codeHash: () => "c" };
    const from = staged();
    const keys = Array.from({ length: CACHE_ENTRIES_KEPT + 2 }, (_, i) => i.toString(16).padStart(64, "0"));
    storeEntry(cache, keys[0], from, run);
    // Entry 0 is the oldest stored, but used last: it stays.
    expect(restoreEntry(cache, keys[0], scratch())).toBeDefined();
    const later = new Date(Date.now() + 60_000);
    utimesSync(join(cache.dir, keys[0], "used"), later, later);
    for (const k of keys.slice(1)) storeEntry(cache, k, from, run);
    const left = readdirSync(cache.dir);
    expect(left).toHaveLength(CACHE_ENTRIES_KEPT);
    expect(left).toContain(keys[0]);
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
    return { status: r.status, stdout: r.stdout, stderr: r.stderr, cached: /copied from the synth cache/.test(r.stdout), synthesized: /^3 stacks synthesized in \d+ ms/m.test(r.stdout) };
  };
  const rows = (stdout: string) => stdout.split("\n").filter((l) => /^augeo-/.test(l)).map((l) => l.replace(/ +(\d+ ms|cached) +/, " TIME "));

  test("an unchanged synth is copied from the cache: the same files, rows and warnings as the synthesis that stored it; --no-cache synthesizes", () => {
    const dir = workspace();
    const cache = scratch();
    const first = synthIn(dir, cache, "--out", "first", "--date", TEST_DATE);
    expect(first.status).toBe(0);
    expect(first.synthesized).toBe(true);
    expect(readdirSync(cache).filter((n) => /^[0-9a-f]{64}$/.test(n))).toHaveLength(1);
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

  test("a changed environment file, date or selection synthesizes again, and writes what a synthesis without the cache writes", () => {
    const dir = workspace();
    const cache = scratch();
    expect(synthIn(dir, cache, "--out", "out", "--date", TEST_DATE).synthesized).toBe(true);
    const before = readFileSync(join(dir, "out", "stacks", "augeo-dev", "cdk.tf.json"), "utf8");
    const file = join(dir, "environments", "dev.yaml");
    writeFileSync(file, readFileSync(file, "utf8").replace('cost-center: "0000"', 'cost-center: "4711"'));
    const edited = synthIn(dir, cache, "--out", "out", "--date", TEST_DATE);
    expect(edited.synthesized).toBe(true);
    const after = readFileSync(join(dir, "out", "stacks", "augeo-dev", "cdk.tf.json"), "utf8");
    expect(after).not.toBe(before);
    expect(after).toContain('"cost-center": "4711"');
    expect(synthIn(dir, cache, "--out", "nocache", "--date", TEST_DATE, "--no-cache").synthesized).toBe(true);
    expect(snapshotFiles(join(dir, "out"))).toEqual(snapshotFiles(join(dir, "nocache")));
    expect(synthIn(dir, cache, "--out", "out", "--date", TEST_DATE).cached).toBe(true);
    expect(synthIn(dir, cache, "--out", "out", "--date", "2026-11-30").synthesized).toBe(true);
    const selected = synthIn(dir, cache, "--out", "out", "--date", TEST_DATE, "--env", "dev");
    expect(selected.stdout).toMatch(/^1 stack synthesized in /m);
  });

  test("a cache entry changed after it was stored is not served: the stacks are synthesized again", () => {
    const dir = workspace();
    const cache = scratch();
    expect(synthIn(dir, cache, "--out", "a", "--date", TEST_DATE).synthesized).toBe(true);
    const [key] = readdirSync(cache).filter((n) => /^[0-9a-f]{64}$/.test(n));
    const stored = join(cache, key, "out", "stacks", "augeo-prod", "cdk.tf.json");
    writeFileSync(stored, readFileSync(stored, "utf8").replace(/"location": "[a-z0-9]+"/, '"location": "westeurope"'));
    const again = synthIn(dir, cache, "--out", "b", "--date", TEST_DATE);
    expect(again.status).toBe(0);
    expect(again.synthesized).toBe(true);
    expect(snapshotFiles(join(dir, "b"))).toEqual(snapshotFiles(join(dir, "a")));
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
