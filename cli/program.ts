import { mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { Command, CommanderError, Option } from "commander";
import { BlueprintsError, PolicyError, UsageError } from "../lib/core/errors";
import type { SystemDefinition } from "../lib/framework/system";
import { AZURE_RULES, type PolicyReport, policyErrorMessage, policyErrors, toSarif } from "../lib/policy";
import { checkEnvironments, checkSystems, distinct, planStacks } from "../stacks/app";
import { SYSTEMS } from "../stacks/registry";
import { loadEnvironments } from "../lib/framework/load-environment";
import { discardShard, peekShard, shardHelperDir, takeShard } from "./shard";
import { type SynthResult, synth, synthWithHelper, synthesizeAsHelper } from "./synth";
import { DIAGRAM_FORMATS, type DiagramFormat, diagramCommand, isDiagramCommand } from "./diagram";
import { registerPlanSummary } from "./plan-summary";
import { exportCommand, isExportCommand } from "./export";
import { type Io, count, printSynthReport, table } from "./report";
import { type SynthCache, activeSynthCache } from "./synth-cache";
// diff: the offline synth diff (cli/diff.ts, lib/diff).
import { registerDiff } from "./diff";

/** Exit codes, documented in the README. */
export const EXIT = {
  ok: 0,
  internal: 1,
  usage: 2,
  invalidEnvironment: 3,
  invalidConstruct: 4,
  policyViolation: 5,
} as const;

export type { Io } from "./report";
export { count, table } from "./report";

const defaultIo: Io = { out: (l) => process.stdout.write(`${l}\n`), err: (l) => process.stderr.write(`${l}\n`) };

/** The synth cache bin/blueprints set up (cli/synth-cache.ts), unless `--no-cache`. */
function synthCache(opts: { cache?: boolean }): SynthCache | undefined {
  return opts.cache === false ? undefined : activeSynthCache();
}

/** A stack's policy counts, as the summary shows them. */
const policyCounts = (p: PolicyReport) => ({ warnings: p.warnings, suppressed: p.findings.filter((f) => f.suppressedBecause).length });

/** `--date`: a real calendar date, `YYYY-MM-DD`. */
export function parseDate(value: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const date = match ? new Date(`${value}T00:00:00Z`) : undefined;
  if (!date || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value) {
    throw new UsageError(`--date ${JSON.stringify(value)} is not a date (allowed: YYYY-MM-DD, e.g. 2026-12-31)`);
  }
  return value;
}

const DATE_HELP = "judge lifecycle rules (retired runtimes, versions, models) as of this date, YYYY-MM-DD (default: today, UTC); never written into the output";

/** Writes `text` to `file` through a temporary file in the same folder, so a reader never sees half of it. */
function writeAtomically(file: string, text: string): void {
  const target = resolve(file);
  const tmp = join(dirname(target), `.${Date.now()}-${process.pid}.blueprints.tmp`);
  writeFileSync(tmp, text);
  renameSync(tmp, target);
}

/** Builds the `blueprints` command line. `run` wraps it with error handling and exit codes. */
export function program(io: Io, registry: readonly SystemDefinition[] = SYSTEMS): Command {
  const cmd = new Command("blueprints")
    .description("Synthesize the Azure reference systems to Terraform JSON, per environment.")
    .option("-c, --config-dir <dir>", "folder of environment files", "environments")
    .option("-v, --verbose", "print stack traces for errors")
    .version(VERSION, "-V, --version", "print the version")
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) })
    .showHelpAfterError();

  cmd
    .command("synth")
    .description("write Terraform JSON for every enabled stack (atomic: a failure leaves the output as it was)")
    .addOption(new Option("--env <names...>", "only these environments"))
    .addOption(new Option("--system <names...>", "only these systems (`state` for the bootstrap stacks)"))
    .option("--out <dir>", "output folder: a new or empty folder, or an earlier synth output (only what synth writes is replaced)", "cdktf.out")
    .option("--date <yyyy-mm-dd>", DATE_HELP)
    .option("--no-cache", "synthesize even when nothing that determines the output changed since a synthesis the cache holds")
    .action((opts: { env?: string[]; system?: string[]; out: string; date?: string; cache?: boolean }): Promise<void> | undefined => {
      const { configDir } = cmd.opts<{ configDir: string }>();
      const date = opts.date === undefined ? undefined : parseDate(opts.date);
      const helperDir = shardHelperDir();
      if (helperDir) {
        // This is the helper process of a two-process synth: its result goes to the main process.
        synthesizeAsHelper({ environmentsDir: configDir, environments: opts.env, systems: opts.system, registry, date }, helperDir);
        return undefined;
      }
      const options = { environmentsDir: configDir, environments: opts.env, systems: opts.system, outdir: opts.out, registry, date, cache: synthCache(opts) };
      const shard = takeShard();
      // With a helper process (bin/blueprints started one: cli/shard.ts) synth waits for it, so
      // the command completes asynchronously; `run` then returns a promise of the exit code.
      if (shard) return synthWithHelper(options, shard).then(report);
      report(synth(options));
      return undefined;
    });

  /** The synth summary: the table, warnings, removed stacks and the closing line. */
  function report(result: SynthResult): void {
    printSynthReport(io, {
      out: relative(process.cwd(), result.outdir) || ".",
      stacks: result.stacks.map((s) => ({ ...s, policy: policyCounts(s.policy) })),
      warnings: result.warnings,
      removed: result.removed,
      milliseconds: result.milliseconds,
      cached: result.cached,
    });
  }

  cmd
    .command("check")
    .description("run the security and deployability rules over every enabled stack without writing Terraform output")
    .addOption(new Option("--env <names...>", "only these environments"))
    .addOption(new Option("--system <names...>", "only these systems (`state` for the bootstrap stacks)"))
    .addOption(new Option("--format <format>", "table, json (the policy reports) or sarif (SARIF 2.1.0 for GitHub code scanning)").choices(["table", "json", "sarif"]).default("table"))
    .option("--output <file>", "write the json or sarif report to this file instead of stdout")
    .option("--date <yyyy-mm-dd>", DATE_HELP)
    .action((opts: { env?: string[]; system?: string[]; format: "table" | "json" | "sarif"; output?: string; date?: string }) => {
      const { configDir } = cmd.opts<{ configDir: string }>();
      const date = opts.date === undefined ? undefined : parseDate(opts.date);
      if (opts.output && opts.format === "table") throw new UsageError("--output needs --format json or --format sarif");
      const scratch = mkdtempSync(join(tmpdir(), "blueprints-check-"));
      try {
        const result = synth({
          environmentsDir: configDir, environments: opts.env, systems: opts.system, outdir: join(scratch, "out"), registry, dryRun: true, date, failOnPolicyErrors: false,
        });
        const reports = result.stacks.map((s) => s.policy);
        const errors = policyErrors(reports);
        if (opts.format === "table") {
          for (const l of table(["STACK", "RULES", "ERRORS", "WARNINGS", "SUPPRESSED"], result.stacks.map(({ name, policy: p }) => [
            name, String(p.rulesEvaluated), String(p.errors), String(p.warnings), String(p.findings.filter((f) => f.suppressedBecause).length),
          ]))) io.out(l);
        } else {
          const lines = new Map(result.stacks.map((s) => [s.name, s.resourceLine]));
          // Findings point at the stack's JSON where `blueprints synth` writes it (the default output folder).
          const document =
            opts.format === "sarif"
              ? toSarif(reports, AZURE_RULES, { toolVersion: VERSION, location: (stack) => ({ uri: `cdktf.out/stacks/${stack}/cdk.tf.json`, line: lines.get(stack) }) })
              : reports;
          const text = `${JSON.stringify(document, null, 2)}\n`;
          if (opts.output) writeAtomically(opts.output, text);
          else io.out(text.trimEnd());
        }
        for (const w of result.warnings) io.err(`warning: ${w}`);
        if (errors.length) throw new PolicyError(policyErrorMessage(errors)); // after the reports were printed
        if (opts.format === "table" || opts.output) io.out(`${count(result.stacks.length, "stack")} ${result.stacks.length === 1 ? "passes" : "pass"} the security and deployability rules`);
      } finally {
        rmSync(scratch, { recursive: true, force: true });
      }
    });

  cmd
    .command("list")
    .description("list systems, environments and stack names, enabled or not")
    .addOption(new Option("--env <names...>", "only these environments"))
    .addOption(new Option("--system <names...>", "only these systems"))
    .option("--json", "print JSON")
    .action((opts: { env?: string[]; system?: string[]; json?: boolean }) => {
      const { configDir } = cmd.opts<{ configDir: string }>();
      const [environments, systems] = [distinct(opts.env), distinct(opts.system)];
      checkSystems(systems, registry);
      checkEnvironments(environments, configDir);
      const envs = loadEnvironments(configDir, registry, environments);
      const plans = planStacks(envs, registry, systems);
      if (opts.json) {
        io.out(JSON.stringify(plans, null, 2));
        return;
      }
      const rows = plans.map((p) => [p.system, p.environment, p.name, p.enabled ? "yes" : "no"]);
      for (const l of table(["SYSTEM", "ENVIRONMENT", "STACK", "ENABLED"], rows)) io.out(l);
    });

  // `blueprints diagram` (cli/diagram.ts): architecture diagrams from the synthesized stacks.
  cmd
    .command("diagram")
    .description("draw an architecture diagram of each selected stack from its synthesized JSON: Mermaid (GitHub renders it), DOT or SVG")
    .addOption(new Option("--env <names...>", "only these environments"))
    .addOption(new Option("--system <names...>", "only these systems (`state` for the bootstrap stacks)"))
    .addOption(new Option("--format <format>", "mermaid (a flowchart GitHub renders), dot (Graphviz) or svg (laid out in-process by Graphviz in WebAssembly)").choices([...DIAGRAM_FORMATS]).default("mermaid"))
    .option("--out <dir>", "write one file per stack into this folder (<stack>.mmd, .dot or .svg) instead of printing")
    .option("--update <file>", "rewrite the Mermaid diagram between each <!-- diagram:<stack>:start --> and <!-- diagram:<stack>:end --> marker pair in this Markdown file")
    .option("--no-cache", "synthesize even when the synth cache holds this synthesis")
    .action((opts: { env?: string[]; system?: string[]; format: DiagramFormat; out?: string; update?: string; cache?: boolean }, command: Command) => {
      const { configDir } = cmd.opts<{ configDir: string }>();
      const formatGiven = command.getOptionValueSource("format") === "cli";
      return diagramCommand({ environmentsDir: configDir, environments: distinct(opts.env), systems: distinct(opts.system), registry, format: opts.format, out: opts.out, update: opts.update, formatGiven, cache: synthCache(opts) }, io.out);
    });
  // plan-summary: the pull-request plan review (cli/plan-summary.ts, lib/review).
  registerPlanSummary(cmd, io);
  // `blueprints export` (cli/export.ts, lib/export): the plain-Terraform bundle for an operations team.
  cmd
    .command("export")
    .description("write a plain-Terraform bundle of the selected stacks for an operations team: per stack main.tf.json, backend.hcl, README, diagram, policy report; the apply order; SHA256SUMS")
    .addOption(new Option("--env <names...>", "only these environments"))
    .addOption(new Option("--system <names...>", "only these systems (`state` for the bootstrap stacks)"))
    .requiredOption("--out <dir>", "the bundle's folder: a new or empty folder, or an earlier export (replaced as a whole)")
    .option("--archive", "also write <out>.tar.gz")
    .option("--date <yyyy-mm-dd>", DATE_HELP)
    .option("--no-cache", "synthesize even when the synth cache holds this synthesis")
    .action((opts: { env?: string[]; system?: string[]; out: string; archive?: boolean; date?: string; cache?: boolean }) => {
      const { configDir } = cmd.opts<{ configDir: string }>();
      const date = opts.date === undefined ? undefined : parseDate(opts.date);
      return exportCommand({ environmentsDir: configDir, environments: distinct(opts.env), systems: distinct(opts.system), registry, out: opts.out, archive: opts.archive, date, cache: synthCache(opts) }, io.out);
    });
  // diff: the current synthesis against a previous output folder or a git ref (cli/diff.ts, lib/diff).
  registerDiff(cmd, io, registry);

  return cmd;
}

/** The package version, for SARIF's tool.driver. */
const VERSION: string = (() => {
  // cli/ (sources, tests), dist/cli/ (compiled) and dist/ (the bundle) are one or two levels below it.
  for (const up of [[".."], ["..", ".."]]) {
    try {
      const pkg = JSON.parse(readFileSync(join(__dirname, ...up, "package.json"), "utf8")) as { name?: string; version?: string };
      if (pkg.name === "azure-cdktf-blueprints" && pkg.version) return pkg.version;
    } catch {
      // not here; try one level up
    }
  }
  return "0.0.0";
})();

/** Runs the CLI; returns the exit code instead of exiting, so tests and embedders can call it. */
export function run(argv: readonly string[], io: Io = defaultIo, registry: readonly SystemDefinition[] = SYSTEMS): number | Promise<number> {
  const cmd = program(io, registry);
  try {
    if (peekShard() || isDiagramCommand(argv) || isExportCommand(argv)) {
      // `synth` with a helper process completes asynchronously (see the synth command); a run that
      // never reached it (a usage error) stops the helper and removes its folder. `diagram` is
      // asynchronous too (SVG rendering).
      return cmd
        .parseAsync([...argv], { from: "user" })
        .then(
          () => EXIT.ok,
          (e: unknown) => exitCodeOf(e, argv, io),
        )
        .then((code) => discardShard().then(() => code));
    }
    cmd.parse([...argv], { from: "user" });
    return EXIT.ok;
  } catch (e) {
    return exitCodeOf(e, argv, io);
  }
}

/** Prints what went wrong, one line per problem (a stack trace with --verbose), and returns the exit code. */
function exitCodeOf(e: unknown, argv: readonly string[], io: Io): number {
  const verbose = argv.includes("-v") || argv.includes("--verbose");
  if (e instanceof CommanderError) {
    return e.exitCode === 0 ? EXIT.ok : EXIT.usage; // help and version exit 0; commander already printed the message
  }
  if (e instanceof BlueprintsError) {
    io.err(`error: ${e.message}`.replace(/\n/g, "\nerror: "));
    if (verbose && e.stack) io.err(e.stack);
    return e.exitCode;
  }
  const message = e instanceof Error ? e.message : String(e);
  if (/^(App-level )?[Vv]alidation failed/.test(message)) {
    io.err(`error: ${message.split("\n").slice(1).map((l) => l.trim()).filter((l) => l && !l.startsWith("If you wish")).join("\nerror: ")}`);
    return EXIT.invalidConstruct;
  }
  io.err(`internal error: ${message}`);
  if (verbose && e instanceof Error && e.stack) io.err(e.stack);
  else io.err("(run with --verbose for the stack trace; please report it)");
  return EXIT.internal;
}
