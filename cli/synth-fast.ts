// `blueprints synth` from the synth cache, before the CLI bundle loads: when nothing that
// determines the output changed (cli/synth-cache.ts), the stored output is published the way a
// synthesis publishes its own, and the same summary is printed, without loading cdktf, the
// provider bindings or the systems. Anything this cannot serve exactly (an option it does not
// know, a miss, an output folder synth would refuse) is left to the full CLI, which reports errors.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { UsageError } from "../lib/core/errors";
import { checkOutdir, nearestExisting, publish } from "./publish";
import { type Io, printSynthReport } from "./report";
import { type CacheEntry, type EnvironmentKey, type SynthCache, cacheKeys, compose, restoreEntry } from "./synth-cache";

/** A `blueprints synth` command line, as far as the cached path accepts it. */
export interface CachedSynthArgs {
  readonly configDir: string;
  readonly environments?: readonly string[];
  readonly systems?: readonly string[];
  readonly out: string;
  readonly date?: string;
  readonly noCache: boolean;
}

/**
 * Reads `[--config-dir <dir>] synth [--env <names...>] [--system <names...>] [--out <dir>]
 * [--date <yyyy-mm-dd>] [--no-cache]` (and `-c`, `--opt=value`). `undefined` for anything else
 * (help, --verbose, an unknown or repeated option, a missing value, a date that is not one): the
 * full CLI handles those, with its messages.
 */
export function parseCachedSynthArgs(argv: readonly string[]): CachedSynthArgs | undefined {
  const tokens = argv.flatMap((a) => (/^--[a-z-]+=/.test(a) ? [a.slice(0, a.indexOf("=")), a.slice(a.indexOf("=") + 1)] : [a]));
  const seen = new Set<string>();
  const values: Record<string, string[]> = {};
  let command = false;
  let noCache = false;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t === "synth" && !command) {
      command = true;
      continue;
    }
    const name = ({ "-c": "--config-dir" } as Record<string, string>)[t] ?? t;
    if (seen.has(name)) return undefined;
    seen.add(name);
    if (name === "--no-cache" && command) {
      noCache = true;
      continue;
    }
    const variadic = name === "--env" || name === "--system";
    const single = name === "--config-dir" || name === "--out" || name === "--date";
    if ((!variadic && !single) || ((variadic || name !== "--config-dir") && !command)) return undefined;
    const taken: string[] = [];
    while (i + 1 < tokens.length && !tokens[i + 1].startsWith("-") && (variadic || taken.length === 0)) taken.push(tokens[++i]);
    if (taken.length === 0) return undefined;
    values[name] = taken;
  }
  if (!command) return undefined;
  const date = values["--date"]?.[0];
  if (date !== undefined && !isDate(date)) return undefined;
  return {
    configDir: values["--config-dir"]?.[0] ?? "environments",
    environments: values["--env"],
    systems: values["--system"],
    out: values["--out"]?.[0] ?? "cdktf.out",
    date,
    noCache,
  };
}

function isDate(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) === value;
}

const defaultIo: Io = { out: (l) => process.stdout.write(`${l}\n`), err: (l) => process.stderr.write(`${l}\n`) };

/**
 * Whether the cache holds some of the environments a `blueprints <argv>` synth covers (and is
 * used): the full CLI then builds the rest in one process, so bin/blueprints starts no helper.
 */
export function someCached(argv: readonly string[], cache: SynthCache | undefined): boolean {
  const args = parseCachedSynthArgs(argv);
  if (!args || !cache || args.noCache) return false;
  return keysOf(args, cache)?.some((k) => existsSync(join(cache.dir, k.key, "entry.json"))) ?? false;
}

/** The cache keys of the environments a synth command line covers, at its date (today in UTC without --date). */
function keysOf(args: CachedSynthArgs, cache: SynthCache): EnvironmentKey[] | undefined {
  const date = args.date ?? new Date().toISOString().slice(0, 10);
  return cacheKeys(cache, { environmentsDir: args.configDir, environments: args.environments, systems: args.systems, date });
}

/**
 * What `blueprints <argv>` can do before the bundle loads: refuse an output folder synth would
 * refuse (exit 2, the full CLI's message: it is the first thing the full CLI checks after the
 * command line), or publish the cached output and print its summary (exit 0). `undefined` when
 * the full CLI must run: not a plain synth, `--no-cache`, no cache, a miss, an entry that does
 * not check out.
 */
export function cachedSynth(argv: readonly string[], cache: SynthCache | undefined, io: Io = defaultIo): number | undefined {
  const started = performance.now();
  const args = parseCachedSynthArgs(argv);
  if (!args) return undefined;
  try {
    checkOutdir(args.out, args.configDir);
  } catch (e) {
    if (!(e instanceof UsageError)) return undefined; // the full CLI reports it, with --verbose's hint
    io.err(`error: ${e.message}`.replace(/\n/g, "\nerror: "));
    return e.exitCode;
  }
  if (!cache || args.noCache) return undefined;
  const keys = keysOf(args, cache);
  if (keys === undefined) return undefined;
  const outdir = resolve(args.out);
  const staging = mkdtempSync(join(nearestExisting(dirname(outdir)), ".blueprints-synth-"));
  try {
    const entries: CacheEntry[] = [];
    for (const { key } of keys) {
      const entry = restoreEntry(cache, key, staging);
      if (!entry) return undefined; // an environment changed: the full CLI builds its stacks and copies the rest
      entries.push(entry);
    }
    const composed = compose(entries);
    writeFileSync(join(staging, "manifest.json"), composed.manifest);
    const removed = publish(staging, outdir, !args.environments && !args.systems);
    printSynthReport(io, {
      out: relative(process.cwd(), outdir) || ".",
      stacks: composed.stacks.map((s) => ({ ...s, cached: true })),
      warnings: composed.warnings,
      removed,
      milliseconds: Math.round(performance.now() - started),
      cached: true,
    });
    return 0;
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}
