#!/usr/bin/env node
// The `blueprints` command: runs the bundled CLI (dist/blueprints.bundle.js) with its V8 code cache.
import { join } from "node:path";
import { runBundle } from "../cli/code-cache";
import { startShard, wantsShard } from "../cli/shard-start";

const dist = join(__dirname, "..");
// `blueprints synth` on two cores or more: a helper process synthesizes part of the stacks. It is
// spawned before the bundle loads, so both processes load it at the same time (cli/shard.ts).
const argv = process.argv.slice(2);
if (wantsShard(argv)) startShard(__filename, argv);
const verbose = process.argv.includes("--verbose") || process.argv.includes("-v");
runBundle(join(dist, "blueprints.bundle.js"), join(dist, "blueprints.bundle.cache"), {
  writeCache: process.env.BLUEPRINTS_WRITE_CODE_CACHE === "1",
  // Stack traces at cli/synth.ts:123 rather than the bundle's line; only for --verbose, so normal runs keep the code cache.
  sourceMaps: verbose,
});
