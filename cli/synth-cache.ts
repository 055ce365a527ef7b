// The synth cache: each environment's stacks (their files, manifest entries, summary rows and
// warnings) kept under a key made of everything that determines them, so an unchanged synth is a
// copy instead of a rebuild, and a changed environment file rebuilds that environment's stacks. Only node:fs, node:path and node:crypto: bin/blueprints uses it before the CLI bundle
// (cdktf, the provider bindings) loads, which is what makes a cached synth fast.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import type { PolicyCounts } from "./report";
import stableStringify from "./stable-stringify";

/** Where bin/blueprints publishes the cache for the bundle (`globalThis[SYNTH_CACHE]`). */
export const SYNTH_CACHE = Symbol.for("azure-cdktf-blueprints.synth-cache");

/** The cache a run may use: its folder and the identity of the code that synthesizes. */
export interface SynthCache {
  /** The cache folder: one subfolder per entry, named by its key. */
  readonly dir: string;
  /** SHA-256 of the code that builds the stacks (the CLI bundle, which holds the library, the systems, cdktf and the provider bindings). */
  readonly codeHash: () => string;
}

/** The cache bin/blueprints set up for this process, if any (none in tests that call the CLI in-process, or with no cache folder). */
export function activeSynthCache(): SynthCache | undefined {
  return (globalThis as Record<symbol, unknown>)[SYNTH_CACHE] as SynthCache | undefined;
}

/** What a synthesis is asked for: the options that select and shape its output. */
export interface SynthRequest {
  /** The environment files' folder (`--config-dir`). */
  readonly environmentsDir: string;
  readonly environments?: readonly string[];
  readonly systems?: readonly string[];
  /** The date the lifecycle rules judge at, resolved (`--date`, or today in UTC). */
  readonly date: string;
}

/** One stack of a cached environment, as the summary table and the warnings show it. */
export interface CachedStack {
  readonly name: string;
  readonly resources: number;
  /** How long the stack took when it was built. */
  readonly milliseconds: number;
  /** Its policy report's unsuppressed warnings and suppressed findings. */
  readonly policy: PolicyCounts;
  /** Its construct warnings (`<path>: <message>`), as the manifest's annotations give them. */
  readonly constructWarnings: readonly string[];
  /** Its unsuppressed policy warnings, one line each. */
  readonly policyWarnings: readonly string[];
}

/**
 * A cache entry's index (`entry.json`): one environment's stacks, as a synthesis built them.
 * A synthesis is cached per environment file, so editing `dev.yaml` rebuilds the dev stacks
 * only: a stack is built from its own environment and nothing else (the two-process synth
 * relies on the same: each process builds and judges its stacks alone).
 */
export interface CacheEntry {
  readonly version: typeof ENTRY_VERSION;
  readonly key: string;
  /** The environment (its file's name without `.yaml`). */
  readonly environment: string;
  /** Its tier's place in TIERS: environments come in the order of their tiers, then of their names (planStacks). */
  readonly rank: number;
  /** The stacks, in plan order. */
  readonly stacks: readonly CachedStack[];
  /** cdktf's version in `manifest.json`. */
  readonly manifestVersion: string;
  /** The stacks' entries in `manifest.json`, by name. */
  readonly manifest: Readonly<Record<string, unknown>>;
  /** Every file of the stacks' folders, by path relative to the output folder (`/`-separated), with its SHA-256. */
  readonly files: Readonly<Record<string, string>>;
}

/** What a synthesis stores per environment (the rest of `CacheEntry` is the cache's own). */
export type EntryContent = Omit<CacheEntry, "version" | "key" | "files">;

const ENTRY_VERSION = 2;
/** Entries kept (one per environment file and selection); the oldest beyond this are removed when a new one is stored. */
export const CACHE_ENTRIES_KEPT = 48;
/** Environment variables cdktf reads while synthesizing (context, output settings): part of the key. */
const ENV_PREFIXES = ["CDKTF_", "SYNTH_"];

const sha256 = (data: string | Buffer) => createHash("sha256").update(data).digest("hex");

/**
 * The cache folder: `BLUEPRINTS_CACHE_DIR` when set (empty or `0`: no cache), else
 * `node_modules/.cache/blueprints/synth` in the working directory when it has `node_modules`
 * (the project's own folder, as other tools keep their caches), else none.
 */
export function synthCacheDir(cwd: string = process.cwd(), env: NodeJS.ProcessEnv = process.env): string | undefined {
  const configured = env.BLUEPRINTS_CACHE_DIR;
  if (configured !== undefined) return configured === "" || configured === "0" ? undefined : configured;
  return existsSync(join(cwd, "node_modules")) ? join(cwd, "node_modules", ".cache", "blueprints", "synth") : undefined;
}

/** A cache whose code identity is the SHA-256 of `bundle`, computed once, on first use. */
export function bundleCache(dir: string, bundle: string): SynthCache {
  let hash: string | undefined;
  return { dir, codeHash: () => (hash ??= sha256(readFileSync(bundle))) };
}

/** One environment of a synthesis and the key its stacks are cached under. */
export interface EnvironmentKey {
  readonly environment: string;
  readonly key: string;
}

/**
 * The environments a synthesis covers (the `--env` names, or every environment file in the
 * folder), each with its key: SHA-256 over the code's hash, the Node.js version, the folder, the
 * environment's file name and content, the `--system` selection as a set, the date, and the cdktf
 * environment variables. `undefined` when the folder or a file cannot be read, or an `--env` name
 * has no file (the synthesis reports it).
 */
export function cacheKeys(cache: SynthCache, request: SynthRequest, env: NodeJS.ProcessEnv = process.env): EnvironmentKey[] | undefined {
  let files: string[];
  try {
    files = readdirSync(request.environmentsDir).filter((f) => /\.ya?ml$/.test(f)).sort();
  } catch {
    return undefined;
  }
  // As the loader maps names to files: the first file of that name (dev.yaml before dev.yml).
  const available = files.map((f) => f.replace(/\.ya?ml$/, ""));
  const chosen = request.environments ? [...new Set(request.environments)] : [...new Set(available)];
  if (chosen.length === 0 || chosen.some((e) => !available.includes(e))) return undefined;
  const common = {
    version: ENTRY_VERSION,
    code: cache.codeHash(),
    node: process.version,
    environmentsDir: request.environmentsDir,
    systems: request.systems ? [...new Set(request.systems)].sort() : null,
    date: request.date,
    env: Object.keys(env).filter((k) => ENV_PREFIXES.some((p) => k.startsWith(p))).sort().map((k) => [k, env[k]]),
  };
  try {
    return chosen.map((environment) => {
      const file = files[available.indexOf(environment)];
      const content = sha256(readFileSync(join(request.environmentsDir, file)));
      return { environment, key: sha256(JSON.stringify({ ...common, environment, file, content })) };
    });
  } catch {
    return undefined;
  }
}

/** Every file under `dir`, as `/`-separated relative paths. */
function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) out.push(relative(dir, p).split(sep).join("/"));
    }
  };
  walk(dir);
  return out.sort();
}

/**
 * Stores one environment's stacks (their folders in the staged output, before it is published)
 * under `key`. Written into a temporary folder and renamed, so a reader never sees half an entry.
 * A cache that cannot be written (read-only, full disk) only loses the speed-up: errors are
 * swallowed.
 */
export function storeEntry(cache: SynthCache, key: string, staging: string, content: EntryContent): void {
  try {
    mkdirSync(cache.dir, { recursive: true });
    const target = join(cache.dir, key);
    if (existsSync(target)) return;
    const tmp = mkdtempSync(join(cache.dir, ".store-"));
    try {
      const files: Record<string, string> = {};
      for (const stack of content.stacks) {
        for (const file of listFiles(join(staging, "stacks", stack.name)).map((f) => `stacks/${stack.name}/${f}`)) {
          const data = readFileSync(join(staging, ...file.split("/")));
          files[file] = sha256(data);
          mkdirSync(dirname(join(tmp, "out", ...file.split("/"))), { recursive: true });
          writeFileSync(join(tmp, "out", ...file.split("/")), data);
        }
      }
      mkdirSync(join(tmp, "out"), { recursive: true }); // an environment with no stacks (a --system selection it does not enable)
      const entry: CacheEntry = { version: ENTRY_VERSION, key, ...content, files };
      writeFileSync(join(tmp, "entry.json"), JSON.stringify(entry));
      renameSync(tmp, target);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
    prune(cache.dir, CACHE_ENTRIES_KEPT);
  } catch {
    // the cache is an optimization: a synthesis never fails because of it
  }
}

/**
 * Writes the stacks stored under `key` into `staging` and returns the entry's index, or
 * `undefined` when there is no such entry or it does not check out: a file missing, added or
 * changed since it was stored (its SHA-256), an index that is not one. Every file is checked
 * before any is written, so `undefined` leaves `staging` as it was; an entry that does not check
 * out is removed, so the next synthesis stores a good one.
 */
export function restoreEntry(cache: SynthCache, key: string, staging: string): CacheEntry | undefined {
  const dir = join(cache.dir, key);
  const entry = checkedEntry(dir, key);
  if (!entry) {
    if (existsSync(dir)) rmSync(dir, { recursive: true, force: true });
    return undefined;
  }
  try {
    for (const [file, data] of entry.data) {
      mkdirSync(dirname(join(staging, ...file.split("/"))), { recursive: true });
      writeFileSync(join(staging, ...file.split("/")), data);
    }
    // Used now: pruning keeps the entries used last.
    writeFileSync(join(dir, "used"), new Date().toISOString());
  } catch {
    return undefined;
  }
  return entry.index;
}

/** The entry in `dir` and its files' contents, when its index is one and every file checks out. */
function checkedEntry(dir: string, key: string): { index: CacheEntry; data: [string, Buffer][] } | undefined {
  try {
    const index = JSON.parse(readFileSync(join(dir, "entry.json"), "utf8")) as CacheEntry;
    if (index.version !== ENTRY_VERSION || index.key !== key || !index.files || !index.manifest || !Array.isArray(index.stacks)) return undefined;
    const out = join(dir, "out");
    const stored = listFiles(out);
    const listed = Object.keys(index.files).sort();
    if (stored.length !== listed.length || stored.some((f, i) => f !== listed[i])) return undefined;
    const data: [string, Buffer][] = listed.map((file) => [file, readFileSync(join(out, ...file.split("/")))]);
    if (data.some(([file, bytes]) => sha256(bytes) !== index.files[file])) return undefined;
    return { index, data };
  } catch {
    return undefined;
  }
}

/** A synthesis put together from cached environments (and, in the bundle, freshly built ones). */
export interface Composed {
  /** Every stack in plan order: environments by tier, then name; each environment's stacks in its own order. */
  readonly stacks: readonly CachedStack[];
  /** The warning lines as one synthesis prints them: construct warnings by stack name, then policy warnings in plan order. */
  readonly warnings: readonly string[];
  /** `manifest.json` as cdktf writes it for these stacks. */
  readonly manifest: string;
}

/** Puts environments' stacks together the way one synthesis of all of them writes and reports them. */
export function compose(entries: readonly EntryContent[]): Composed {
  const ordered = [...entries].sort((a, b) => a.rank - b.rank || a.environment.localeCompare(b.environment));
  const stacks = ordered.flatMap((e) => e.stacks);
  const byName = [...stacks].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const manifest: Record<string, unknown> = {};
  for (const e of ordered) Object.assign(manifest, e.manifest);
  return {
    stacks,
    warnings: [...byName.flatMap((s) => s.constructWarnings), ...stacks.flatMap((s) => s.policyWarnings)],
    manifest: stableStringify({ stacks: manifest, version: ordered[0]?.manifestVersion ?? "" }, { space: 2 })!,
  };
}

/** Removes all but the `keep` entries used or stored last, and temporary folders left by an interrupted store. */
function prune(dir: string, keep: number): void {
  const lastUse = (name: string) => statSync(existsSync(join(dir, name, "used")) ? join(dir, name, "used") : join(dir, name)).mtimeMs;
  const entries = readdirSync(dir).filter((n) => /^[0-9a-f]{64}$/.test(n));
  for (const name of entries.sort((a, b) => lastUse(b) - lastUse(a)).slice(keep)) rmSync(join(dir, name), { recursive: true, force: true });
  const hour = 60 * 60 * 1000;
  for (const name of readdirSync(dir).filter((n) => n.startsWith(".store-"))) {
    if (Date.now() - statSync(join(dir, name)).mtimeMs > hour) rmSync(join(dir, name), { recursive: true, force: true });
  }
}
