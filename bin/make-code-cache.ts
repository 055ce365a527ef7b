// Build step: runs a full synth of the shipped environments into a temporary folder with
// BLUEPRINTS_WRITE_CODE_CACHE=1, which leaves dist/blueprints.bundle.cache behind (--no-cache: a
// synth the synth cache served would not load the bundle at all).
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const out = mkdtempSync(join(tmpdir(), "blueprints-code-cache-"));
const r = spawnSync(process.execPath, [join(__dirname, "blueprints.js"), "synth", "--out", join(out, "cdktf.out"), "--no-cache"], {
  // One process: the cache holds what every stack's synthesis compiled.
  env: { ...process.env, BLUEPRINTS_WRITE_CODE_CACHE: "1", BLUEPRINTS_PARALLEL: "0" },
  encoding: "utf8",
});
rmSync(out, { recursive: true, force: true });
// A synth that fails on the user's input (an invalid environment file, exit 3; a policy error such as
// a runtime retired since, exit 5) is reported by the user's own synth; the cache is optional.
if (r.status !== 0 && r.status !== 3 && r.status !== 5) process.stderr.write(r.stderr);
