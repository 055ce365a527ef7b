// `npm run bench`: whole-process wall time and peak RSS of synthesis and tests, against the
// floor of a one-resource cdktf app, with budgets. Prints a table, writes bench/results.json.
import { spawnSync } from "node:child_process";
import { appendFileSync, cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { cpus, totalmem, tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { performance } from "node:perf_hooks";

const ROOT = resolve(__dirname, "..", "..");
const HOOK = join(ROOT, "bench", "rusage-hook.js");
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const TEST_RUNS = Number(process.env.BENCH_TEST_RUNS ?? RUNS);

interface Sample {
  /** Wall time of the whole process tree, ms. */
  readonly wallMs: number;
  /** Largest peak RSS of any one process in the tree, MB. */
  readonly peakMb: number;
  /** Sum of every process's peak RSS, MB (an upper bound when several run at once, e.g. jest workers). */
  readonly sumPeakMb: number;
}

interface Measurement {
  readonly name: string;
  readonly command: string;
  readonly runs: number;
  readonly wallMs: number;
  readonly peakMb: number;
  readonly sumPeakMb: number;
  readonly samples: readonly Sample[];
}

function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Runs `args` once with the rusage hook preloaded into every node process it starts. */
function sample(args: readonly string[], env: Record<string, string> = {}): Sample {
  const rusage = join(mkdtempSync(join(tmpdir(), "bench-")), "rusage");
  writeFileSync(rusage, "");
  const started = performance.now();
  const r = spawnSync(args[0], args.slice(1), {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, ...env, BENCH_RUSAGE_FILE: rusage, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --require ${HOOK}`.trim() },
  });
  const wallMs = performance.now() - started;
  if (r.status !== 0) throw new Error(`${args.join(" ")} exited ${r.status}:\n${r.stdout}\n${r.stderr}`);
  const kbs = readFileSync(rusage, "utf8").trim().split("\n").filter(Boolean).map((l) => Number(l.split(" ")[1]));
  return { wallMs, peakMb: Math.max(...kbs) / 1024, sumPeakMb: kbs.reduce((a, b) => a + b, 0) / 1024 };
}

interface Scenario {
  readonly name: string;
  readonly args: readonly string[];
  readonly env?: Record<string, string>;
  /** Runs before each sample, untimed (the cold synth empties its cache folder). */
  readonly prepare?: () => void;
}

function summarize(scenario: Scenario, samples: Sample[]): Measurement {
  return {
    name: scenario.name,
    command: scenario.args.join(" "),
    runs: samples.length,
    wallMs: median(samples.map((s) => s.wallMs)),
    peakMb: median(samples.map((s) => s.peakMb)),
    sumPeakMb: median(samples.map((s) => s.sumPeakMb)),
    samples,
  };
}

/**
 * One warm-up of each scenario, then `runs` rounds that run every scenario once, in turn, so
 * a slow spell of a shared machine hits all of them alike and their ratios stay fair.
 */
function measureTogether(scenarios: readonly Scenario[], runs = RUNS): Measurement[] {
  process.stderr.write(`bench: ${scenarios.map((s) => s.name).join(" | ")} (${runs} rounds after a warm-up) ...\n`);
  const once = (s: Scenario) => {
    s.prepare?.();
    return sample(s.args, s.env);
  };
  for (const s of scenarios) once(s);
  const samples = scenarios.map(() => [] as Sample[]);
  for (let r = 0; r < runs; r++) scenarios.forEach((s, i) => samples[i].push(once(s)));
  return scenarios.map((s, i) => summarize(s, samples[i]));
}

function countResources(outdir: string): { stacks: number; resources: number } {
  const stacksDir = join(outdir, "stacks");
  const stacks = readdirSync(stacksDir);
  let resources = 0;
  for (const s of stacks) {
    const json = JSON.parse(readFileSync(join(stacksDir, s, "cdk.tf.json"), "utf8")) as { resource?: Record<string, object> };
    for (const byName of Object.values(json.resource ?? {})) resources += Object.keys(byName).length;
  }
  return { stacks: stacks.length, resources };
}

const out = mkdtempSync(join(tmpdir(), "bench-out-"));
const node = process.execPath;

// Cold: every run a cache miss (its cache folder emptied first), so it also pays for storing the
// entry. Warm: nothing changed since the warm-up run stored it, so the output is copied. Stock: the
// same synthesis the way the stock cdktf TypeScript template runs an app (bench/stock-app.ts).
const coldCache = join(out, "cache-cold");
const warmCache = join(out, "cache-warm");
// One environment edited: a copy of the environment files whose dev.yaml gets one more comment
// line before each run (a new key for dev, the same output), so dev's stacks are built and
// staging's and prod's are copied from the cache the warm-up run stored.
const editedEnvs = join(out, "environments-edited");
cpSync(join(ROOT, "environments"), editedEnvs, { recursive: true });
let edits = 0;
const [floor, full, warm, edited, stock] = measureTogether([
  { name: "floor: one resource group", args: [node, "dist/bench/floor-app.js", join(out, "floor")] },
  {
    name: "cold full synth: every enabled stack (blueprints synth, a cache miss)",
    args: [node, "dist/bin/blueprints.js", "synth", "--out", join(out, "full")],
    env: { BLUEPRINTS_CACHE_DIR: coldCache },
    prepare: () => rmSync(coldCache, { recursive: true, force: true }),
  },
  { name: "warm synth: nothing changed (blueprints synth, from the synth cache)", args: [node, "dist/bin/blueprints.js", "synth", "--out", join(out, "warm")], env: { BLUEPRINTS_CACHE_DIR: warmCache } },
  {
    name: "one environment edited: dev.yaml changed, staging and prod cached (blueprints synth)",
    args: [node, "dist/bin/blueprints.js", "--config-dir", editedEnvs, "synth", "--out", join(out, "edited")],
    env: { BLUEPRINTS_CACHE_DIR: join(out, "cache-edited") },
    prepare: () => appendFileSync(join(editedEnvs, "dev.yaml"), `# bench edit ${++edits}\n`),
  },
  { name: "stock cdktf: ts-node (type-checking) and the provider's root import", args: [node, "-r", "ts-node/register", "bench/stock-app.ts", join(out, "stock")] },
]);
const size = countResources(join(out, "full"));
const scaled = measureTogether([1, 10, 50].map((n) => ({ name: `scaling: ${n} copies of the largest system`, args: [node, "dist/bench/scale-app.js", String(n), join(out, `scale-${n}`)] })));
const scale = [1, 10, 50].map((n, i) => ({ n, m: scaled[i] }));
const jestJson = join(out, "jest.json");
const [tests] = measureTogether([{ name: "test suite: npm test (build, type check, lint, jest)", args: ["npm", "test", "--silent", "--", "--json", `--outputFile=${jestJson}`], env: { CI: "true" } }], TEST_RUNS);
/** The ten slowest test files of the last measured run, by jest's own per-file time. */
const slowest = (JSON.parse(readFileSync(jestJson, "utf8")) as { testResults: { name: string; startTime: number; endTime: number }[] }).testResults
  .map((t) => ({ file: relative(ROOT, t.name), seconds: (t.endTime - t.startTime) / 1000 }))
  .sort((a, b) => b.seconds - a.seconds)
  .slice(0, 10);
rmSync(out, { recursive: true, force: true });

const m1 = scale[0].m, m10 = scale[1].m, m50 = scale[2].m;
/** Marginal cost of one more stack between two sizes: what grows with N, without the fixed start-up. */
const marginal = (a: Measurement, b: Measurement, na: number, nb: number) => ({
  ms: (b.wallMs - a.wallMs) / (nb - na),
  mb: (b.peakMb - a.peakMb) / (nb - na),
});
const at10 = marginal(m1, m10, 1, 10);
const at50 = marginal(m10, m50, 10, 50);

const budgets = [
  { name: "cold full synth wall time <= 2.5x floor", value: full.wallMs / floor.wallMs, limit: 2.5, unit: "x" },
  { name: "cold full synth peak memory <= 2.5x floor", value: full.peakMb / floor.peakMb, limit: 2.5, unit: "x" },
  { name: "warm synth wall time <= 1.3x floor", value: warm.wallMs / floor.wallMs, limit: 1.3, unit: "x" },
  { name: "per-stack time at N=50 <= 1.1x N=10 (marginal)", value: at50.ms / at10.ms, limit: 1.1, unit: "x" },
  { name: "test suite <= 60 s", value: tests.wallMs / 1000, limit: 60, unit: "s" },
].map((b) => ({ ...b, pass: b.value <= b.limit }));
/** The headline: how many times longer the stock cdktf way takes for the same synthesis. */
const headline = { stockOverCold: stock.wallMs / full.wallMs, stockOverWarm: stock.wallMs / warm.wallMs };

const results = {
  machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model, memoryGb: Math.round(totalmem() / 2 ** 30), node: process.version, platform: `${process.platform}-${process.arch}` },
  runs: RUNS,
  floor,
  fullSynth: { ...full, ...size, msPerStack: full.wallMs / size.stacks, msPerResource: full.wallMs / size.resources },
  warmSynth: warm,
  editedSynth: edited,
  stock,
  headline,
  scaling: scale.map(({ n, m }) => ({ n, ...m, msPerStack: m.wallMs / n, mbPerStack: m.peakMb / n })),
  marginalPerStack: { from1to10: at10, from10to50: at50 },
  tests,
  slowestTestFiles: slowest,
  budgets,
};
writeFileSync(join(ROOT, "bench", "results.json"), `${JSON.stringify(results, (k, v) => (k === "samples" ? undefined : typeof v === "number" ? Math.round(v * 100) / 100 : v), 2)}\n`);

const f = (n: number, d = 0) => n.toFixed(d);
const rows: string[][] = [
  ["scenario", "wall (median)", "peak RSS", "notes"],
  ["floor (1 resource group)", `${f(floor.wallMs)} ms`, `${f(floor.peakMb)} MB`, ""],
  ["cold full synth", `${f(full.wallMs)} ms`, `${f(full.peakMb)} MB`, `${size.stacks} stacks, ${size.resources} resources: ${f(full.wallMs / size.stacks, 1)} ms/stack, ${f(full.wallMs / size.resources, 2)} ms/resource`],
  ["warm synth (cached)", `${f(warm.wallMs)} ms`, `${f(warm.peakMb)} MB`, ""],
  ["dev.yaml edited (dev built, rest cached)", `${f(edited.wallMs)} ms`, `${f(edited.peakMb)} MB`, `${f(edited.wallMs / full.wallMs, 2)}x the cold synth`],
  ["stock cdktf (ts-node, root import)", `${f(stock.wallMs)} ms`, `${f(stock.peakMb)} MB`, `${f(headline.stockOverCold, 1)}x the cold synth, ${f(headline.stockOverWarm, 1)}x the warm one`],
  ...scale.map(({ n, m }) => [`scaling N=${n}`, `${f(m.wallMs)} ms`, `${f(m.peakMb)} MB`, `${f(m.wallMs / n, 1)} ms/stack`]),
  ["marginal stack, N 1→10", `${f(at10.ms, 1)} ms`, `${f(at10.mb, 1)} MB`, ""],
  ["marginal stack, N 10→50", `${f(at50.ms, 1)} ms`, `${f(at50.mb, 1)} MB`, ""],
  ["npm test", `${f(tests.wallMs / 1000, 1)} s`, `${f(tests.peakMb)} MB`, `sum of process peaks ${f(tests.sumPeakMb)} MB`],
];
const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
for (const r of rows) process.stdout.write(`${r.map((c, i) => c.padEnd(widths[i])).join("  ").trimEnd()}\n`);
process.stdout.write("\n");
for (const b of budgets) process.stdout.write(`${b.pass ? "PASS" : "FAIL"}  ${b.name}: ${f(b.value, 2)}${b.unit}\n`);
process.stdout.write(`\nheadline: the stock cdktf way takes ${f(headline.stockOverCold, 1)}x as long as blueprints synth (cold), ${f(headline.stockOverWarm, 1)}x (warm)\n`);
process.stdout.write("\nslowest test files (jest's time per file, last run):\n");
for (const t of slowest) process.stdout.write(`  ${f(t.seconds, 1).padStart(5)} s  ${t.file}\n`);
process.stdout.write(`\nmachine: ${results.machine.cpus} cores (${results.machine.cpuModel}), ${results.machine.memoryGb} GB, node ${results.machine.node}; wrote bench/results.json\n`);
if (!existsSync(join(ROOT, "bench", "results.json"))) process.exitCode = 1;
