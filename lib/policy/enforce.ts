import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type App, TerraformStack } from "cdktf";
import { AzureStack } from "../core/azure-stack";
import { Deployer } from "../core/deployer";
import { PolicyError, ValidationError } from "../core/errors";
import { type Finding, type PolicyReport, evaluate, formatFinding, toMarkdown } from "./engine";
import type { PolicyRule } from "./rule";
import { AZURE_RULES } from "./rules";
import { Suppressions } from "./suppressions";

export interface EvaluateAppOptions {
  /** @default AZURE_RULES */
  readonly rules?: readonly PolicyRule[];
  /** Each stack's synthesized JSON, when the caller has it parsed already. @default - read from `outdir` */
  readonly json?: ReadonlyMap<string, object>;
  /** `YYYY-MM-DD` the lifecycle rules judge at. @default - today (UTC) */
  readonly date?: string;
  /** Throw a PolicyError listing every unsuppressed error. @default true */
  readonly fail?: boolean;
}

/**
 * Runs the security and deployability rules over every stack of `app` already synthesized into
 * `outdir`, writes `policy-report.json` and `policy-report.md` next to each stack's JSON, and
 * (unless `fail: false`) throws a PolicyError listing every unsuppressed error.
 */
export function evaluateApp(app: App, outdir: string, options: EvaluateAppOptions = {}): PolicyReport[] {
  const rules = options.rules ?? AZURE_RULES;
  const suppressions = Suppressions.collect(app);
  const reports = app.node.children
    .filter((c): c is TerraformStack => TerraformStack.isStack(c))
    .map((stack) => {
      const dir = join(outdir, "stacks", stack.node.id);
      const json = options.json?.get(stack.node.id) ?? (JSON.parse(readFileSync(join(dir, "cdk.tf.json"), "utf8")) as object);
      const tier = stack instanceof AzureStack ? stack.tier : undefined;
      const report = evaluate(rules, { name: stack.node.id, tier, json, deployer: Deployer.of(stack), date: options.date }, suppressions);
      writeFileSync(join(dir, "policy-report.json"), `${JSON.stringify(report, null, 2)}\n`);
      writeFileSync(join(dir, "policy-report.md"), toMarkdown(report));
      return report;
    });
  const errors = policyErrors(reports);
  if (errors.length && (options.fail ?? true)) throw new PolicyError(policyErrorMessage(errors));
  return reports;
}

/** `N policy errors:` and one line per finding. */
export function policyErrorMessage(errors: readonly Finding[]): string {
  return `${errors.length} policy error${errors.length === 1 ? "" : "s"}:\n${errors.map(formatFinding).join("\n")}`;
}

/** Unsuppressed errors of the reports. */
export function policyErrors(reports: readonly PolicyReport[]): Finding[] {
  return reports.flatMap((r) => r.findings.filter((f) => f.severity === "error" && !f.suppressedBecause));
}

/** Unsuppressed warnings of the reports, one line each. */
export function policyWarnings(reports: readonly PolicyReport[]): string[] {
  return reports.flatMap((r) => r.findings.filter((f) => f.severity === "warning" && !f.suppressedBecause).map(formatFinding));
}

export interface EnforcePolicyOptions {
  /** @default AZURE_RULES */
  readonly rules?: readonly PolicyRule[];
  /** `YYYY-MM-DD` the lifecycle rules judge at; never written into the output. @default - today (UTC) */
  readonly date?: string;
  /** Receives each unsuppressed warning, one line each. @default - printed to stderr as `warning: ...` */
  readonly onWarning?: (line: string) => void;
  /** Receives every stack's report after evaluation (before a PolicyError is thrown). @default - none */
  readonly onReports?: (reports: readonly PolicyReport[]) => void;
}

const enforced = new WeakSet<App>();

/**
 * The policy, in one line before `app.synth()`: when the app synthesizes, every stack's Terraform
 * JSON is judged by the security and deployability rules (`AZURE_RULES`, honouring
 * `Suppressions`), `policy-report.json` and `policy-report.md` are written next to each stack's
 * `cdk.tf.json`, warnings are printed, and an unsuppressed error makes `app.synth()` throw a
 * PolicyError listing every finding with its fix (so `cdktf synth|diff|deploy` stop there).
 *
 * It runs as an app-level validation, after every stack is written and before the manifest is:
 * an `App` created with `skipValidation: true` is refused, since it would skip the policy silently.
 *
 * ```ts
 * const app = new App();
 * // ... stacks and constructs ...
 * enforcePolicy(app);
 * app.synth();
 * ```
 */
export function enforcePolicy(app: App, options: EnforcePolicyOptions = {}): void {
  if (app.skipValidation) {
    throw new ValidationError("App", "enforcePolicy needs validation, and this App was created with skipValidation: true, which would skip the policy silently; remove that option");
  }
  if (enforced.has(app)) return;
  enforced.add(app);
  const warn = options.onWarning ?? ((line: string) => process.stderr.write(`warning: ${line}\n`));
  app.node.addValidation({
    validate: () => {
      const reports = evaluateApp(app, app.outdir, { rules: options.rules, date: options.date, fail: false });
      options.onReports?.(reports);
      for (const line of policyWarnings(reports)) warn(line);
      const errors = policyErrors(reports);
      if (errors.length) throw new PolicyError(policyErrorMessage(errors));
      return [];
    },
  });
}
