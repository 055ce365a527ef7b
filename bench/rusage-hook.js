// Preloaded (node --require) into every process a benchmark runs: on exit, appends this
// process's peak resident set size to the file named by BENCH_RUSAGE_FILE.
"use strict";
const { appendFileSync } = require("node:fs");
const file = process.env.BENCH_RUSAGE_FILE;
if (file) {
  process.on("exit", () => {
    const { maxRSS } = process.resourceUsage(); // kilobytes
    appendFileSync(file, `${process.pid} ${maxRSS}\n`);
  });
}
