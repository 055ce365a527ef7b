#!/usr/bin/env node
import { run } from "../cli/program";

// `blueprints list | head` closes the pipe early; that is not an error.
process.stdout.on("error", (e: NodeJS.ErrnoException) => {
  if (e.code === "EPIPE") process.exit(process.exitCode ?? 0);
  throw e;
});
process.exitCode = run(process.argv.slice(2));
