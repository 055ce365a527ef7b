import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { TerraformStack } from "cdktf";
import { type PolicyReport, type PolicyRule, evaluateApp, policyWarnings, resourceLines } from "../lib/policy";
import { type BuildAppOptions, type StackPlan, buildApp } from "../stacks/app";

export interface StackSummary {
  readonly name: string;
  /** Managed resources in the stack's cdk.tf.json. */
  readonly resources: number;
  /** Milliseconds to build the stack's constructs and write its JSON. */
  readonly milliseconds: number;
  /** The security and deployability policy's verdict on the stack. */
  readonly policy: PolicyReport;
  /** The line of each resource in the stack's cdk.tf.json (for SARIF locations). */
  readonly resourceLine: (resourceType: string, logicalId: string) => number | undefined;
}

export interface SynthResult {
  readonly outdir: string;
  readonly stacks: readonly StackSummary[];
  /** Construct warnings and unsuppressed policy warnings, one line each. */
  readonly warnings: readonly string[];
  readonly milliseconds: number;
}

export interface SynthOptions extends Omit<BuildAppOptions, "outdir"> {
  /** @default "cdktf.out" */
  readonly outdir?: string;
  /** The security and deployability rules every stack must pass. @default AZURE_RULES */
  readonly rules?: readonly PolicyRule[];
  /** Synthesize and evaluate, but write nothing to `outdir` (`blueprints check`). @default false */
  readonly dryRun?: boolean;
  /** The date lifecycle rules judge at, `YYYY-MM-DD`; never written into the output. @default - today (UTC) */
  readonly date?: string;
  /**
   * Throw a PolicyError when a stack has unsuppressed policy errors. `false` returns the reports
   * instead (`blueprints check` prints them). @default true
   */
  readonly failOnPolicyErrors?: boolean;
}

interface Manifest {
  version: string;
  stacks: Record<string, { annotations?: { constructPath: string; level: string; message: string }[] }>;
}

/**
 * Synthesizes into a fresh temporary folder next to `outdir`, then moves the result into place.
 * If anything fails (invalid input, a construct validation), `outdir` is left exactly as it was.
 * A run for every system and environment replaces `outdir` whole; a filtered run replaces only
 * the stacks it produced and updates their entries in `manifest.json`.
 */
export function synth(options: SynthOptions = {}): SynthResult {
  const started = performance.now();
  const outdir = resolve(options.outdir ?? "cdktf.out");
  mkdirSync(dirname(outdir), { recursive: true });
  const staging = mkdtempSync(join(dirname(outdir), ".blueprints-synth-"));
  try {
    const buildStarted = performance.now();
    const { app, stacks: plans } = buildApp({ ...options, outdir: staging });
    const buildMs = performance.now() - buildStarted;
    const stacks = app.node.children.filter((c): c is TerraformStack => TerraformStack.isStack(c));
    // App.synth() in public API steps, so each stack's synthesis can be timed.
    const session = { outdir: staging, skipValidation: false, manifest: app.manifest };
    stacks.forEach((s) => s.prepareStack());
    const synthMs = new Map<string, number>();
    for (const stack of stacks) {
      const t = performance.now();
      stack.synthesizer.synthesize(session);
      synthMs.set(stack.node.id, performance.now() - t);
    }
    const appErrors = app.node.validate();
    if (appErrors.length) throw new Error(`Validation failed with the following errors:\n  ${appErrors.join("\n  ")}`);
    app.manifest.writeToFile();
    // Each stack's JSON is read and parsed once, for the policy and the summary.
    const texts = new Map(stacks.map((s) => [s.node.id, readFileSync(join(staging, "stacks", s.node.id, "cdk.tf.json"), "utf8")]));
    const parsed = new Map([...texts].map(([name, text]) => [name, JSON.parse(text) as StackJson]));
    const reports = new Map(
      evaluateApp(app, staging, { rules: options.rules, date: options.date, fail: options.failOnPolicyErrors, json: parsed }).map((r) => [r.stack, r]),
    );

    const manifest = JSON.parse(readFileSync(join(staging, "manifest.json"), "utf8")) as Manifest;
    const warnings = [
      ...Object.values(manifest.stacks).flatMap((s) =>
        (s.annotations ?? []).filter((a) => a.level.includes("warn")).map((a) => `${a.constructPath}: ${a.message}`),
      ),
      ...policyWarnings([...reports.values()]),
    ];
    // Build time is shared across stacks in proportion to their size; synthesis time is measured per stack.
    const counts = new Map([...parsed].map(([name, json]) => [name, countResources(json)]));
    const total = [...counts.values()].reduce((a, b) => a + b, 0) || 1;
    const summaries = stacks.map((s) => ({
      name: s.node.id,
      resources: counts.get(s.node.id)!,
      milliseconds: Math.round((synthMs.get(s.node.id) ?? 0) + (buildMs * counts.get(s.node.id)!) / total),
      policy: reports.get(s.node.id)!,
      resourceLine: lazyResourceLines(texts.get(s.node.id)!),
    }));
    if (options.dryRun) return { outdir, stacks: summaries, warnings, milliseconds: Math.round(performance.now() - started) };
    publish(staging, outdir, plans, isFullRun(options));
    return { outdir, stacks: summaries, warnings, milliseconds: Math.round(performance.now() - started) };
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

function isFullRun(options: SynthOptions): boolean {
  return !options.environments && !options.systems;
}

interface StackJson {
  readonly resource?: Record<string, Record<string, unknown>>;
}

function countResources(json: StackJson): number {
  return Object.values(json.resource ?? {}).reduce((n, byName) => n + Object.keys(byName).length, 0);
}

/** `resourceLines(text)`, computed on the first lookup: only SARIF output needs it. */
function lazyResourceLines(text: string): (resourceType: string, logicalId: string) => number | undefined {
  let lines: ((resourceType: string, logicalId: string) => number | undefined) | undefined;
  return (type, id) => (lines ??= resourceLines(text))(type, id);
}

/** Moves the staged output into `outdir`: whole for a full run, stack by stack otherwise. */
function publish(staging: string, outdir: string, plans: readonly StackPlan[], full: boolean): void {
  if (full || !existsSync(join(outdir, "manifest.json"))) {
    const old = `${staging}.old`;
    if (existsSync(outdir)) renameSync(outdir, old);
    renameSync(staging, outdir);
    rmSync(old, { recursive: true, force: true });
    mkdirSync(staging); // so the caller's cleanup has something to remove
    return;
  }
  const staged = JSON.parse(readFileSync(join(staging, "manifest.json"), "utf8")) as Manifest;
  const current = JSON.parse(readFileSync(join(outdir, "manifest.json"), "utf8")) as Manifest;
  mkdirSync(join(outdir, "stacks"), { recursive: true });
  for (const { name } of plans) {
    if (!staged.stacks[name]) continue;
    const target = join(outdir, "stacks", name);
    const old = join(staging, `old-${name}`);
    if (existsSync(target)) renameSync(target, old);
    renameSync(join(staging, "stacks", name), target);
    current.stacks[name] = staged.stacks[name];
  }
  const tmp = join(staging, "manifest.next.json");
  writeFileSync(tmp, `${JSON.stringify(sortKeys(current), null, 2)}`);
  renameSync(tmp, join(outdir, "manifest.json"));
}

function sortKeys<T>(value: T): T {
  if (Array.isArray(value)) return value.map(sortKeys) as T;
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sortKeys((value as Record<string, unknown>)[k])])) as T;
  }
  return value;
}

/** Names of the stacks already in `outdir`, for messages. */
export function existingStacks(outdir: string): string[] {
  const dir = join(outdir, "stacks");
  return existsSync(dir) ? readdirSync(dir).sort() : [];
}
