import { existsSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { type Command, Option } from "commander";
import { BlueprintsError, PolicyError, UsageError } from "../lib/core/errors";
import type { PolicyReport } from "../lib/policy/engine";
import { type PlanReview, type StackReviewInput, PlanFormatError, parsePlan, renderPlanReviewMarkdown, reviewPlans } from "../lib/review";

/** Exit code of `plan-summary` when a stateful resource would be replaced or deleted and `--accept-replace` was not given. */
export const EXIT_STATEFUL_REPLACE = 6;

/** A plan replaces or deletes a stateful resource, and nobody accepted it. Exit code 6. */
export class StatefulReplaceError extends BlueprintsError {
  readonly exitCode = EXIT_STATEFUL_REPLACE;
}

interface Output {
  readonly out: (line: string) => void;
}

/** The stack a plan file is for: its name without `.json`, or its folder's name for `plan.json` and `tfplan.json`. */
export function stackOfPlanFile(file: string): string {
  const name = basename(file).replace(/\.json$/i, "");
  return name === "plan" || name === "tfplan" ? basename(dirname(resolve(file))) : name;
}

function readJson(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(`${file}: ${code === "ENOENT" ? "no such file" : code === "EISDIR" ? "is a folder, not a file" : `cannot be read (${code})`}`);
  }
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (e) {
    const binary = text.startsWith("PK");
    throw new PlanFormatError(`${file}: not JSON (${(e as Error).message})${binary ? "; this is a binary plan file: convert it with `terraform show -json <planfile> > plan.json`" : ""}`);
  }
}

function asPolicyReport(value: unknown, file: string): PolicyReport {
  const r = value as Partial<PolicyReport> | null;
  if (typeof r !== "object" || r === null || typeof r.stack !== "string" || !Array.isArray(r.findings)) {
    throw new PlanFormatError(`${file}: not a policy report (expected an object with "stack" and "findings", as synth writes to policy-report.json)`);
  }
  r.findings.forEach((f, i) => {
    if (typeof f !== "object" || f === null || typeof f.ruleId !== "string" || typeof f.severity !== "string" || typeof f.path !== "string") {
      throw new PlanFormatError(`${file}: findings[${i}] is not a policy finding (needs ruleId, severity, path)`);
    }
  });
  return r as PolicyReport;
}

/**
 * Policy reports by stack, from `--policy`: a synth output folder (`<dir>/stacks/<stack>/policy-report.json`),
 * a folder of stack folders (`<dir>/<stack>/policy-report.json`), a `policy-report.json`, or the
 * array `blueprints check --format json` writes.
 */
function readPolicy(path: string, stacks: readonly string[]): Map<string, PolicyReport> {
  const reports = new Map<string, PolicyReport>();
  if (!existsSync(path)) throw new UsageError(`--policy ${path}: no such file or folder`);
  if (statSync(path).isDirectory()) {
    for (const stack of stacks) {
      const file = [join(path, "stacks", stack, "policy-report.json"), join(path, stack, "policy-report.json")].find((f) => existsSync(f));
      if (file) reports.set(stack, asPolicyReport(readJson(file), file));
    }
    return reports;
  }
  const value = readJson(path);
  for (const r of Array.isArray(value) ? value : [value]) {
    const report = asPolicyReport(r, path);
    reports.set(report.stack, report);
  }
  return reports;
}

function writeAtomically(file: string, text: string): void {
  const target = resolve(file);
  const tmp = join(dirname(target), `.${Date.now()}-${process.pid}.blueprints.tmp`);
  writeFileSync(tmp, text);
  renameSync(tmp, target);
}

/** Reads the plans and policy reports, reviews them and renders the review; throws before anything is written when an input is bad. */
export function planSummary(plans: readonly string[], opts: { policy?: string; format: "markdown" | "json"; acceptReplace?: boolean; reportUrl?: string; maxLength?: number }): { review: PlanReview; text: string } {
  if (!plans.length && !opts.policy) throw new UsageError("plan-summary needs at least one plan file (the JSON of `terraform show -json <planfile>`) or --policy");
  const inputs = new Map<string, StackReviewInput>();
  for (const file of plans) {
    const stack = stackOfPlanFile(file);
    if (inputs.has(stack)) throw new UsageError(`two plan files for stack ${JSON.stringify(stack)} (${file}); name each plan file after its stack, e.g. ${stack}.json, or put it in the stack's folder as plan.json`);
    inputs.set(stack, { stack, plan: parsePlan(readJson(file), stack, file) });
  }
  if (opts.policy) {
    for (const [stack, policy] of readPolicy(opts.policy, [...inputs.keys()])) {
      const input = inputs.get(stack);
      if (input) inputs.set(stack, { ...input, policy });
      // A stack without a plan is shown when its policy fails: that is why it was not planned.
      else if (policy.findings.some((f) => f.severity === "error" && !f.suppressedBecause)) inputs.set(stack, { stack, policy });
    }
  }
  const review = reviewPlans([...inputs.values()], { acceptReplace: opts.acceptReplace });
  const text = opts.format === "json" ? `${JSON.stringify(review, null, 2)}\n` : renderPlanReviewMarkdown(review, { reportUrl: opts.reportUrl, maxLength: opts.maxLength });
  return { review, text };
}

/** Registers `blueprints plan-summary` on the program. */
export function registerPlanSummary(cmd: Command, io: Output): void {
  cmd
    .command("plan-summary")
    .description("review Terraform plans (the JSON of `terraform show -json`): a Markdown pull-request comment or JSON; exits 6 when a stateful resource would be replaced or deleted")
    .argument("[plans...]", "plan JSON files, one per stack, named <stack>.json or <stack>/plan.json")
    .option("--policy <path>", "policy reports: a synth output folder, a policy-report.json, or the JSON of `blueprints check --format json`")
    .addOption(new Option("--format <format>", "markdown (a pull-request comment) or json").choices(["markdown", "json"]).default("markdown"))
    .option("--output <file>", "write the review to this file (atomically) instead of stdout")
    .option("--accept-replace", "accept replacing or deleting stateful resources (exit 0 instead of 6)")
    .option("--report-url <url>", "link to the full report and plan files (the workflow run), shown in the comment")
    .option("--max-length <characters>", "longest Markdown to write; longer reviews are shortened (GitHub's comment limit is 65536)", "60000")
    .action((plans: string[], opts: { policy?: string; format: "markdown" | "json"; output?: string; acceptReplace?: boolean; reportUrl?: string; maxLength: string }) => {
      const maxLength = Number(opts.maxLength);
      if (!/^\d+$/.test(opts.maxLength) || maxLength < 1000 || maxLength > 65_536) {
        throw new UsageError(`--max-length ${JSON.stringify(opts.maxLength)} is not allowed (allowed: a whole number from 1000 to 65536)`);
      }
      const { review, text } = planSummary(plans, { ...opts, maxLength });
      if (opts.output) writeAtomically(opts.output, text);
      else io.out(text.trimEnd());
      const policyErrors = review.stacks.flatMap((s) => (s.policy?.errors ?? []).map((f) => `${s.stack}/${f.path}: ${f.ruleId} (error) ${f.message}; fix: ${f.fix}`));
      if (policyErrors.length) throw new PolicyError(policyErrors.join("\n"));
      const risks = review.stacks.flatMap((s) => s.statefulRisks.map((r) => `${s.stack}: ${r.address} (${r.stateful}) would be ${r.action === "replace" ? "replaced" : "deleted"}`));
      if (risks.length && !opts.acceptReplace) {
        throw new StatefulReplaceError(`${risks.join("\n")}\n${risks.length === 1 ? "its data is" : "their data is"} lost unless restored; if that is intended, run again with --accept-replace (in the pull-request workflow: the accept-replace label)`);
      }
    });
}
