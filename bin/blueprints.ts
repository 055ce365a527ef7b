#!/usr/bin/env node
// The `blueprints` command: runs the bundled CLI (dist/blueprints.bundle.js) with its V8 code cache.
import { join } from "node:path";
import { runBundle } from "../cli/code-cache";
import { commandName, startShard, wantsShard } from "../cli/shard-start";
import { cachedSynth, someCached } from "../cli/synth-fast";
import { SYNTH_CACHE, bundleCache, synthCacheDir } from "../cli/synth-cache";

const dist = join(__dirname, "..");
const bundle = join(dist, "blueprints.bundle.js");
const argv = process.argv.slice(2);

function main(): void {
  // The synth cache (cli/synth-cache.ts), keyed by the bundle's own hash among the rest. A helper
  // process (BLUEPRINTS_SHARD_OUT) leaves storing to the main process.
  const dir = process.env.BLUEPRINTS_SHARD_OUT ? undefined : synthCacheDir();
  const cache = dir ? bundleCache(dir, bundle) : undefined;
  if (cache) (globalThis as Record<symbol, unknown>)[SYNTH_CACHE] = cache;
  // Before the bundle loads: a refused output folder, or an unchanged synth served from the cache
  // (no cdktf, no provider bindings).
  if (commandName(argv) === "synth" && !process.env.BLUEPRINTS_SHARD_OUT) {
    let code: number | undefined;
    try {
      code = cachedSynth(argv, cache);
    } catch (e) {
      process.stderr.write(`internal error: ${e instanceof Error ? e.message : String(e)}\n`);
      code = 1;
    }
    if (code !== undefined) {
      process.exitCode = code;
      return;
    }
  }
  // `blueprints synth` on two cores or more: a helper process synthesizes part of the stacks. It is
  // spawned before the bundle loads, so both processes load it at the same time (cli/shard.ts).
  // Not when the cache holds some environments: the rest is built in this process.
  if (wantsShard(argv) && !someCached(argv, cache)) startShard(__filename, argv);
  const verbose = argv.includes("--verbose") || argv.includes("-v");
  runBundle(bundle, join(dist, "blueprints.bundle.cache"), {
    writeCache: process.env.BLUEPRINTS_WRITE_CODE_CACHE === "1",
    // Stack traces at cli/synth.ts:123 rather than the bundle's line; only for --verbose, so normal runs keep the code cache.
    sourceMaps: verbose,
  });
}

main();
