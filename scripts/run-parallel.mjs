#!/usr/bin/env node
// Runs npm scripts side by side (`node scripts/run-parallel.mjs typecheck lint`): on two cores the
// type check and the linter, each mostly single-threaded, take the time of the slower one instead
// of their sum. Each script's output is printed whole when it ends; the exit code is the first
// failure's (or 0).
import { spawn } from "node:child_process";
import process from "node:process";

const names = process.argv.slice(2);
if (names.length === 0) {
  process.stderr.write("usage: node scripts/run-parallel.mjs <npm script>...\n");
  process.exit(2);
}
const npm = process.platform === "win32" ? "npm.cmd" : "npm";
const results = await Promise.all(
  names.map(
    (name) =>
      new Promise((resolve) => {
        const child = spawn(npm, ["run", "--silent", name], { stdio: ["ignore", "pipe", "pipe"], shell: process.platform === "win32" });
        let out = "";
        child.stdout.on("data", (d) => (out += d));
        child.stderr.on("data", (d) => (out += d));
        child.on("error", (e) => resolve({ name, code: 1, out: `${out}${e.message}\n` }));
        child.on("close", (code) => resolve({ name, code: code ?? 1, out }));
      }),
  ),
);
for (const { out } of results) if (out) process.stdout.write(out);
const failed = results.find((r) => r.code !== 0);
if (failed) process.stderr.write(`npm run ${failed.name} failed (exit ${failed.code})\n`);
process.exit(failed ? failed.code : 0);
