// The blueprints CLI's main: bundled into dist/blueprints.bundle.js, started by bin/blueprints.
import { skipTokenCreationTraces } from "./fast-traces";
import { run } from "./program";

const argv = process.argv.slice(2);
if (!argv.includes("--verbose") && !argv.includes("-v")) skipTokenCreationTraces();
// `blueprints list | head` closes the pipe early; that is not an error.
process.stdout.on("error", (e: NodeJS.ErrnoException) => {
  if (e.code === "EPIPE") process.exit(process.exitCode ?? 0);
  throw e;
});
process.exitCode = run(argv);
