// Build step: runs a full synth of the shipped environments into a temporary folder with
// BLUEPRINTS_WRITE_CODE_CACHE=1, which leaves dist/blueprints.bundle.cache behind.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const out = mkdtempSync(join(tmpdir(), "blueprints-code-cache-"));
const r = spawnSync(process.execPath, [join(__dirname, "blueprints.js"), "synth", "--out", join(out, "cdktf.out")], {
  env: { ...process.env, BLUEPRINTS_WRITE_CODE_CACHE: "1" },
  encoding: "utf8",
});
rmSync(out, { recursive: true, force: true });
// A failing synth (an invalid environment file) is reported by the synth itself; the cache is optional.
if (r.status !== 0 && r.status !== 3) process.stderr.write(r.stderr);
