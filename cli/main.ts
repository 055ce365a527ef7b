// The blueprints CLI's main: bundled into dist/blueprints.bundle.js, started by bin/blueprints.
import { skipTokenCreationTraces } from "./fast-traces";
import { run } from "./program";

const argv = process.argv.slice(2);
if (!argv.includes("--verbose") && !argv.includes("-v")) skipTokenCreationTraces();
// `blueprints synth 2>&1 | head -1` closes the pipe early. That is not an error: what cannot be
// written is dropped, and the process still exits with the command's own code.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code !== "EPIPE") throw e;
  });
}
const code = run(argv);
if (typeof code === "number") process.exitCode = code;
else void code.then((c) => (process.exitCode = c));
