import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { Command, CommanderError, Option } from "commander";
import { BlueprintsError } from "../lib/core/errors";
import type { SystemDefinition } from "../lib/core/system";
import type { PolicyReport } from "../lib/policy";
import { checkSystems, planStacks } from "../stacks/app";
import { SYSTEMS } from "../stacks/registry";
import { loadEnvironments } from "../lib/core/load-environment";
import { synth } from "./synth";

/** Exit codes, documented in the README. */
export const EXIT = {
  ok: 0,
  internal: 1,
  usage: 2,
  invalidEnvironment: 3,
  invalidConstruct: 4,
  policyViolation: 5,
} as const;

export interface Io {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
}

const defaultIo: Io = { out: (l) => process.stdout.write(`${l}\n`), err: (l) => process.stderr.write(`${l}\n`) };

/** Renders rows as an aligned plain-text table. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]))).join("  ");
  return [line(header), ...rows.map(line)];
}

/** `ok`, or the counts of what needs attention. */
function policyCell(p: PolicyReport): string {
  const suppressed = p.findings.filter((f) => f.suppressedBecause).length;
  const parts = [p.warnings ? `${p.warnings} warning${p.warnings === 1 ? "" : "s"}` : "", suppressed ? `${suppressed} suppressed` : ""].filter(Boolean);
  return parts.length ? `ok (${parts.join(", ")})` : "ok";
}

/** Builds the `blueprints` command line. `run` wraps it with error handling and exit codes. */
export function program(io: Io, registry: readonly SystemDefinition[] = SYSTEMS): Command {
  const cmd = new Command("blueprints")
    .description("Synthesize the Azure reference systems to Terraform JSON, per environment.")
    .option("-c, --config-dir <dir>", "folder of environment files", "environments")
    .option("-v, --verbose", "print stack traces for errors")
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) })
    .showHelpAfterError();

  cmd
    .command("synth")
    .description("write Terraform JSON for every enabled stack (atomic: a failure leaves the output as it was)")
    .addOption(new Option("--env <names...>", "only these environments"))
    .addOption(new Option("--system <names...>", "only these systems (`state` for the bootstrap stacks)"))
    .option("--out <dir>", "output folder", "cdktf.out")
    .action((opts: { env?: string[]; system?: string[]; out: string }) => {
      const { configDir } = cmd.opts<{ configDir: string }>();
      const result = synth({ environmentsDir: configDir, environments: opts.env, systems: opts.system, outdir: opts.out, registry });
      for (const l of table(["STACK", "RESOURCES", "TIME", "POLICY"], result.stacks.map((s) => [s.name, String(s.resources), `${s.milliseconds} ms`, policyCell(s.policy)]))) io.out(l);
      for (const w of result.warnings) io.err(`warning: ${w}`);
      io.out(`${result.stacks.length} stacks synthesized in ${result.milliseconds} ms to ${relative(process.cwd(), result.outdir) || "."}; policy reports beside each stack`);
    });

  cmd
    .command("check")
    .description("run the security policy over every enabled stack without writing Terraform output")
    .addOption(new Option("--env <names...>", "only these environments"))
    .addOption(new Option("--system <names...>", "only these systems (`state` for the bootstrap stacks)"))
    .action((opts: { env?: string[]; system?: string[] }) => {
      const { configDir } = cmd.opts<{ configDir: string }>();
      const scratch = mkdtempSync(join(tmpdir(), "blueprints-check-"));
      try {
        const result = synth({ environmentsDir: configDir, environments: opts.env, systems: opts.system, outdir: join(scratch, "out"), registry, dryRun: true });
        for (const l of table(["STACK", "RULES", "ERRORS", "WARNINGS", "SUPPRESSED"], result.stacks.map(({ name, policy: p }) => [
          name, String(p.rulesEvaluated), String(p.errors), String(p.warnings), String(p.findings.filter((f) => f.suppressedBecause).length),
        ]))) io.out(l);
        for (const w of result.warnings) io.err(`warning: ${w}`);
        io.out(`${result.stacks.length} stacks pass the security policy`);
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
      checkSystems(opts.system, registry);
      const envs = loadEnvironments(configDir, registry, opts.env);
      const plans = planStacks(envs, registry, opts.system);
      if (opts.json) {
        io.out(JSON.stringify(plans, null, 2));
        return;
      }
      const rows = plans.map((p) => [p.system, p.environment, p.name, p.enabled ? "yes" : "no"]);
      for (const l of table(["SYSTEM", "ENVIRONMENT", "STACK", "ENABLED"], rows)) io.out(l);
    });

  return cmd;
}

/** Runs the CLI; returns the exit code instead of exiting, so tests and embedders can call it. */
export function run(argv: readonly string[], io: Io = defaultIo, registry: readonly SystemDefinition[] = SYSTEMS): number {
  const cmd = program(io, registry);
  try {
    cmd.parse([...argv], { from: "user" });
    return EXIT.ok;
  } catch (e) {
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
}

