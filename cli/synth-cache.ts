// The synth cache: a finished synthesis (every stack's files, the manifest, the summary) kept
// under a key made of everything that determines it, so an unchanged synth is a copy instead of a
// rebuild. Only node:fs, node:path and node:crypto: bin/blueprints uses it before the CLI bundle
// (cdktf, the provider bindings) loads, which is what makes a cached synth fast.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import type { PolicyCounts } from "./report";

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

/** One stack of a cached synthesis, as the summary table shows it. */
export interface CachedStack {
  readonly name: string;
  readonly resources: number;
  /** How long the stack took when it was built. */
  readonly milliseconds: number;
  /** Its policy report's unsuppressed warnings and suppressed findings. */
  readonly policy: PolicyCounts;
}

/** A cache entry's index (`entry.json`). */
export interface CacheEntry {
  readonly version: typeof ENTRY_VERSION;
  readonly key: string;
  /** Whether the run was a full one (no --env, no --system): publishing then removes stacks no environment produces. */
  readonly full: boolean;
  /** The stacks, in the order the summary lists them. */
  readonly stacks: readonly CachedStack[];
  /** The run's warning lines (construct and policy warnings). */
  readonly warnings: readonly string[];
  /** Every file of the output, by path relative to the output folder (`/`-separated), with its SHA-256. */
  readonly files: Readonly<Record<string, string>>;
}

const ENTRY_VERSION = 1;
/** Entries kept; the oldest beyond this are removed when a new one is stored. */
export const CACHE_ENTRIES_KEPT = 16;
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

/**
 * The key of a synthesis: SHA-256 over the code's hash, the Node.js version, the request (folder,
 * environments and systems as sets, date), the name and content of every environment file in the
 * folder, and the cdktf environment variables. `undefined` when the folder cannot be read (the
 * synthesis then reports it).
 */
export function cacheKey(cache: SynthCache, request: SynthRequest, env: NodeJS.ProcessEnv = process.env): string | undefined {
  let files: string[];
  try {
    files = readdirSync(request.environmentsDir).filter((f) => /\.ya?ml$/.test(f)).sort();
  } catch {
    return undefined;
  }
  const set = (names: readonly string[] | undefined) => (names ? [...new Set(names)].sort() : null);
  let contents: [string, string][];
  try {
    contents = files.map((f) => [f, sha256(readFileSync(join(request.environmentsDir, f)))]);
  } catch {
    return undefined;
  }
  const input = {
    version: ENTRY_VERSION,
    code: cache.codeHash(),
    node: process.version,
    environmentsDir: request.environmentsDir,
    environments: set(request.environments),
    systems: set(request.systems),
    date: request.date,
    files: contents,
    env: Object.keys(env).filter((k) => ENV_PREFIXES.some((p) => k.startsWith(p))).sort().map((k) => [k, env[k]]),
  };
  return sha256(JSON.stringify(input));
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
 * Stores a finished synthesis (the staged output folder, before it is published) under `key`.
 * Written into a temporary folder and renamed, so a reader never sees half an entry. A cache that
 * cannot be written (read-only, full disk) only loses the speed-up: errors are swallowed.
 */
export function storeEntry(cache: SynthCache, key: string, staging: string, run: Pick<CacheEntry, "full" | "stacks" | "warnings">): void {
  try {
    mkdirSync(cache.dir, { recursive: true });
    const target = join(cache.dir, key);
    if (existsSync(target)) return;
    const tmp = mkdtempSync(join(cache.dir, ".store-"));
    try {
      const files: Record<string, string> = {};
      for (const file of listFiles(staging)) {
        const data = readFileSync(join(staging, ...file.split("/")));
        files[file] = sha256(data);
        mkdirSync(dirname(join(tmp, "out", ...file.split("/"))), { recursive: true });
        writeFileSync(join(tmp, "out", ...file.split("/")), data);
      }
      const entry: CacheEntry = { version: ENTRY_VERSION, key, full: run.full, stacks: run.stacks, warnings: run.warnings, files };
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
 * Writes the entry stored under `key` into `staging` (an empty folder) and returns its index, or
 * `undefined` when there is no such entry or it does not check out: a file missing, added or
 * changed since it was stored (its SHA-256), an index that is not one. On `undefined`, `staging`
 * may hold part of the files: the caller removes it.
 */
export function restoreEntry(cache: SynthCache, key: string, staging: string): CacheEntry | undefined {
  const dir = join(cache.dir, key);
  let entry: CacheEntry;
  try {
    entry = JSON.parse(readFileSync(join(dir, "entry.json"), "utf8")) as CacheEntry;
  } catch {
    return undefined;
  }
  if (entry.version !== ENTRY_VERSION || entry.key !== key || !entry.files || !Array.isArray(entry.stacks) || !Array.isArray(entry.warnings)) return undefined;
  try {
    const out = join(dir, "out");
    const stored = listFiles(out);
    const listed = Object.keys(entry.files).sort();
    if (stored.length !== listed.length || stored.some((f, i) => f !== listed[i])) return undefined;
    for (const file of listed) {
      const data = readFileSync(join(out, ...file.split("/")));
      if (sha256(data) !== entry.files[file]) return undefined;
      mkdirSync(dirname(join(staging, ...file.split("/"))), { recursive: true });
      writeFileSync(join(staging, ...file.split("/")), data);
    }
    // Used now: pruning keeps the entries used last.
    const now = new Date();
    writeFileSync(join(dir, "used"), now.toISOString());
  } catch {
    return undefined;
  }
  return entry;
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
