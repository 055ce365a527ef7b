import {
  cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, realpathSync, renameSync, rmSync, rmdirSync, statSync, writeFileSync,
} from "node:fs";
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { performance } from "node:perf_hooks";
import { type App, TerraformStack } from "cdktf";
import { UsageError } from "../lib/core/errors";
import { type PolicyReport, type PolicyRule, evaluateApp, policyWarnings, resourceLines } from "../lib/policy";
import { type BuildAppOptions, buildApp } from "../stacks/app";

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
  /** Stacks of the previous output that a full run removed because no environment produces them any more. */
  readonly removed: readonly RemovedStack[];
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
 * What synth writes in each stack's folder: cdktf's `cdk.tf.json` and `assets/` (copies of
 * `TerraformAsset` files), and the policy reports. A synth replaces these and nothing else there:
 * `.terraform/`, `.terraform.lock.hcl`, plan files and anything else in the folder stay.
 */
export const STACK_OUTPUTS: readonly string[] = ["cdk.tf.json", "assets", "policy-report.json", "policy-report.md"];

/**
 * Synthesizes into a temporary folder next to `outdir`, then publishes the result into `outdir`
 * file by file. If anything fails (invalid input, a construct validation, the policy), `outdir`
 * is left exactly as it was. `outdir` must be new, empty or a previous synth output
 * (`checkOutdir`). Publishing replaces only what synth writes (`manifest.json`, and
 * `STACK_OUTPUTS` in each stack's folder); a run for every system and environment also removes
 * the stacks no environment produces any more, a filtered run (`environments`, `systems`)
 * replaces only its stacks and their entries in `manifest.json`.
 */
export function synth(options: SynthOptions = {}): SynthResult {
  const started = performance.now();
  const outdir = resolve(options.outdir ?? "cdktf.out");
  const environmentsDir = options.environmentsDir ?? "environments";
  if (!options.dryRun) checkOutdir(options.outdir ?? "cdktf.out", environmentsDir);
  const staging = mkdtempSync(join(nearestExisting(dirname(outdir)), ".blueprints-synth-"));
  try {
    const buildStarted = performance.now();
    const { app } = buildApp({ ...options, outdir: staging });
    const buildMs = performance.now() - buildStarted;
    const stacks = app.node.children.filter((c): c is TerraformStack => TerraformStack.isStack(c));
    // App.synth() in public API steps, so each stack's synthesis can be timed. cdktf's preparing
    // pass (prepareStack) resolves every resource once more only to find references from one
    // stack into another, which it turns into outputs and remote state; it was a fifth of a full
    // synth. The stacks are synthesized without it and checked: a stack whose JSON names a
    // resource it does not hold is synthesized again, the way App.synth() does, with the pass.
    const session = { outdir: staging, skipValidation: false, manifest: app.manifest };
    stacks.forEach((s) => s.ensureBackendExists());
    let synthMs = synthesizeStacks(stacks, session);
    let texts = readStacks(stacks, staging);
    let parsed = new Map([...texts].map(([name, text]) => [name, JSON.parse(text) as StackJson]));
    if ([...parsed.values()].some((json) => foreignReferences(json).length > 0)) {
      stacks.forEach((s) => s.prepareStack());
      synthMs = synthesizeStacks(stacks, session);
      texts = readStacks(stacks, staging);
      parsed = new Map([...texts].map(([name, text]) => [name, JSON.parse(text) as StackJson]));
    }
    const appErrors = app.node.validate();
    if (appErrors.length) throw new Error(`Validation failed with the following errors:\n  ${appErrors.join("\n  ")}`);
    app.manifest.writeToFile();
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
    let removed: RemovedStack[] = [];
    if (!options.dryRun) {
      checkOutdir(options.outdir ?? "cdktf.out", environmentsDir); // again: the folder may have changed while synth ran
      removed = publish(staging, outdir, isFullRun(options));
    }
    return { outdir, stacks: summaries, warnings, removed, milliseconds: Math.round(performance.now() - started) };
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/** Each stack's synthesis into the session's folder, timed. */
function synthesizeStacks(stacks: readonly TerraformStack[], session: { outdir: string; skipValidation: boolean; manifest: App["manifest"] }): Map<string, number> {
  const synthMs = new Map<string, number>();
  for (const stack of stacks) {
    const t = performance.now();
    stack.synthesizer.synthesize(session);
    synthMs.set(stack.node.id, performance.now() - t);
  }
  return synthMs;
}

/** Each stack's JSON text, read once (for the reference check, the policy and the summary). */
function readStacks(stacks: readonly TerraformStack[], staging: string): Map<string, string> {
  return new Map(stacks.map((s) => [s.node.id, readFileSync(join(staging, "stacks", s.node.id, "cdk.tf.json"), "utf8")]));
}

/** A resource or data source address: `azurerm_subnet.Network_Subnet-app_3C7B4F0C`, `data.azurerm_client_config.ClientConfig`. */
const ADDRESS = /\b(data\.)?([a-z][a-z0-9]*_[a-z0-9_]+)\.([A-Za-z_][\w-]*)/g;

/**
 * The resource and data source addresses in a stack's Terraform expressions that the stack does
 * not declare: references into another stack (which only cdktf's preparing pass turns into
 * outputs and remote state). Every string holding a `${` is searched, so nothing inside an
 * expression escapes; an address-shaped word outside one only costs the slower synthesis.
 */
export function foreignReferences(json: StackJson & { readonly data?: Record<string, Record<string, unknown>> }): string[] {
  const foreign = new Set<string>();
  const visit = (value: unknown): void => {
    if (typeof value === "string") {
      if (!value.includes("${")) return;
      for (const [, data, type, name] of value.matchAll(ADDRESS)) {
        const declared = data ? json.data?.[type]?.[name] : json.resource?.[type]?.[name];
        if (declared === undefined) foreign.add(`${data ?? ""}${type}.${name}`);
      }
    } else if (Array.isArray(value)) value.forEach(visit);
    else if (value && typeof value === "object") Object.values(value).forEach(visit);
  };
  visit(json);
  return [...foreign];
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

/**
 * Moves the staged output into `outdir`: each staged stack's files into its folder (replacing
 * only `STACK_OUTPUTS`), then, for a full run, removes the stacks of the previous manifest that
 * were not produced, then replaces `manifest.json` atomically.
 */
function publish(staging: string, outdir: string, full: boolean): RemovedStack[] {
  const staged = readManifest(join(staging, "manifest.json"));
  const previous = existsSync(join(outdir, "manifest.json")) ? readManifest(join(outdir, "manifest.json")) : undefined;
  mkdirSync(join(outdir, "stacks"), { recursive: true });
  for (const name of Object.keys(staged.stacks).sort()) {
    const from = join(staging, "stacks", name);
    const to = join(outdir, "stacks", name);
    mkdirSync(to, { recursive: true });
    const written = readdirSync(from);
    for (const entry of written) replace(join(from, entry), join(to, entry));
    // What an earlier synth wrote and this one did not (a stack that no longer has assets).
    for (const entry of STACK_OUTPUTS) if (!written.includes(entry)) rmSync(join(to, entry), { recursive: true, force: true });
  }
  const removed = full && previous ? Object.keys(previous.stacks).filter((name) => !staged.stacks[name]).sort().map((name) => removeStack(outdir, name)) : [];
  // A full run (or a first one) publishes cdktf's manifest as cdktf wrote it; a filtered run merges its stacks' entries.
  const text =
    full || !previous
      ? readFileSync(join(staging, "manifest.json"), "utf8")
      : JSON.stringify(sortKeys({ ...previous, version: staged.version, stacks: { ...previous.stacks, ...staged.stacks } }), null, 2);
  writeAtomically(join(outdir, "manifest.json"), text);
  return removed;
}

/** A stack a full synth removed from the output: no environment produces it any more. */
export interface RemovedStack {
  readonly name: string;
  /** What is left in the stack's folder (files synth did not write, such as `.terraform/`); empty when the folder was removed. */
  readonly kept: readonly string[];
}

/** Removes what synth wrote for a stack, and its folder when nothing else is in it. */
function removeStack(outdir: string, name: string): RemovedStack {
  const dir = join(outdir, "stacks", name);
  if (!lstatSync(dir, { throwIfNoEntry: false })?.isDirectory()) return { name, kept: [] };
  for (const entry of STACK_OUTPUTS) rmSync(join(dir, entry), { recursive: true, force: true });
  const kept = readdirSync(dir).sort();
  if (kept.length === 0) rmdirSync(dir);
  return { name, kept };
}

/** Puts `from` at `to`: a file atomically (rename), a folder after removing the one it replaces. */
function replace(from: string, to: string): void {
  const existing = lstatSync(to, { throwIfNoEntry: false });
  if (existing && (existing.isDirectory() || lstatSync(from).isDirectory())) rmSync(to, { recursive: true, force: true });
  try {
    renameSync(from, to);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EXDEV") throw e;
    // The output folder is on another file system than its parent (a mount point): copy, then rename.
    const tmp = join(dirname(to), `.${basename(to)}.${process.pid}.blueprints.tmp`);
    cpSync(from, tmp, { recursive: true });
    renameSync(tmp, to);
  }
}

/** Writes `text` to `file` through a temporary file in the same folder, so a reader never sees half of it. */
function writeAtomically(file: string, text: string): void {
  const tmp = join(dirname(file), `.${basename(file)}.${process.pid}.blueprints.tmp`);
  writeFileSync(tmp, text);
  renameSync(tmp, file);
}

/** `manifest.json` as synth reads it; `checkOutdir` has made sure the previous one has this shape. */
function readManifest(file: string): Manifest {
  return JSON.parse(readFileSync(file, "utf8")) as Manifest;
}

/**
 * Refuses an output folder in which synth could destroy something it did not write: the working
 * directory or one of its parents, the environment files' folder (`configDir`) or one holding it,
 * a file, or a folder with anything in it that is not a previous synth output. Accepts a folder
 * that does not exist, an empty one, and a previous output: a cdktf `manifest.json`
 * (`{ version, stacks }`) beside its `stacks/` folder. Paths are compared after resolving
 * symbolic links, so `.`, `..` and links are caught. Throws a UsageError (exit 2).
 */
export function checkOutdir(outdir: string, configDir: string): void {
  const shown = `--out ${outdir}`;
  const target = realPath(outdir);
  const cwd = realPath(process.cwd());
  const choose = "choose a folder of its own for the output, e.g. --out cdktf.out";
  if (contains(target, cwd)) {
    const what = target === cwd ? "the working directory" : `${target}, a parent of the working directory`;
    throw new UsageError(`${shown} is ${what}; synth would write among files it did not write: ${choose}`);
  }
  const config = realPath(configDir);
  if (contains(target, config)) {
    const what = target === config ? "is the environment files' folder" : `holds the environment files' folder`;
    throw new UsageError(`${shown} ${what} (--config-dir ${configDir}); synth would write among files it did not write: ${choose}`);
  }
  const existing = nearestExisting(outdir);
  if (!statSync(existing).isDirectory()) throw new UsageError(`${shown}: ${relative(process.cwd(), existing) || existing} is a file, not a folder; ${choose}`);
  if (existing !== resolve(outdir) || isEmptyOutput(outdir)) return;
  const why = notSynthOutput(outdir);
  if (why) {
    throw new UsageError(
      `${shown} is not empty and is not a previous synth output (${why}); synth writes only into a new folder, an empty one or its own output, so it never deletes files it did not write: choose another folder, or empty this one yourself`,
    );
  }
}

/**
 * Whether `dir` holds nothing synth could overwrite: no entries, or only an empty `stacks/`
 * folder (what cdktf's `new App()` creates before anything is synthesized).
 */
function isEmptyOutput(dir: string): boolean {
  const entries = readdirSync(dir);
  if (entries.length === 0) return true;
  if (entries.length !== 1 || entries[0] !== "stacks") return false;
  const stacks = join(dir, "stacks");
  return statSync(stacks).isDirectory() && readdirSync(stacks).length === 0;
}

/** Why `dir` is not a synth output, or undefined when it is one. */
function notSynthOutput(dir: string): string | undefined {
  let manifest: unknown;
  try {
    manifest = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8"));
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "ENOENT" ? "it has no manifest.json" : "its manifest.json is not JSON";
  }
  const { version, stacks } = (manifest ?? {}) as { version?: unknown; stacks?: unknown };
  if (typeof version !== "string" || !stacks || typeof stacks !== "object" || Array.isArray(stacks)) return "its manifest.json is not a cdktf manifest ({ version, stacks })";
  // A stack name is one folder under stacks/; anything else could point synth outside the folder.
  const bad = Object.keys(stacks).find((name) => name === "" || name === "." || name === ".." || /[/\\\0]/.test(name));
  if (bad !== undefined) return `its manifest.json names a stack ${JSON.stringify(bad)}, which is not a folder name`;
  if (!statSync(join(dir, "stacks"), { throwIfNoEntry: false })?.isDirectory()) return "it has no stacks/ folder beside manifest.json";
  return undefined;
}

/** `path` with symbolic links resolved; the part that does not exist yet is appended as given. */
function realPath(path: string): string {
  const existing = nearestExisting(path);
  return join(realpathSync.native(existing), relative(existing, resolve(path)));
}

/** `path` itself when it exists, else its nearest ancestor that does. */
function nearestExisting(path: string): string {
  let p = resolve(path);
  while (!existsSync(p) && dirname(p) !== p) p = dirname(p);
  return p;
}

/** Whether `inner` is `outer` or inside it. */
function contains(outer: string, inner: string): boolean {
  const r = relative(outer, inner);
  return r === "" || (r !== ".." && !r.startsWith(`..${sep}`) && !isAbsolute(r));
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
