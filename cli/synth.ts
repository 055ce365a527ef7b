import { cpSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { type App, TerraformStack } from "cdktf";
import type { StackPlan } from "../stacks/app";
import { BlueprintsError, PolicyError } from "../lib/core/errors";
import { todayUtc } from "../lib/core/synthesis-date";
import { TIERS } from "../lib/core/tier";
import { type PolicyReport, type PolicyRule, evaluateApp, policyErrorMessage, policyErrors, policyWarnings, resourceLines } from "../lib/policy";
import { type BuildAppOptions, buildApp } from "../stacks/app";
import { type Manifest, type RemovedStack, checkOutdir, nearestExisting, publish } from "./publish";
import { type ShardHandle, type ShardResult, claim, shardResult, stopShard, writeShardResult } from "./shard";
import { type CacheEntry, type CachedStack, type EntryContent, type EnvironmentKey, type SynthCache, cacheKeys, compose, restoreEntry, storeEntry } from "./synth-cache";

export { STACK_OUTPUTS, type RemovedStack, checkOutdir, existingStacks } from "./publish";

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
  /** Copied from the synth cache: its environment file and everything else that determines it are unchanged. */
  readonly cached: boolean;
}

export interface SynthResult {
  readonly outdir: string;
  readonly stacks: readonly StackSummary[];
  /** Construct warnings and unsuppressed policy warnings, one line each. */
  readonly warnings: readonly string[];
  /** Stacks of the previous output that a full run removed because no environment produces them any more. */
  readonly removed: readonly RemovedStack[];
  readonly milliseconds: number;
  /** Every stack was served from the synth cache: nothing that determines the output changed since it was stored. */
  readonly cached: boolean;
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
  /**
   * A helper process started by bin/blueprints (cli/shard.ts) that synthesizes part of the stacks
   * on the second core; synth owns it from here (waits for it, removes its folder). @default - none
   */
  readonly shard?: ShardHandle;
  /**
   * The synth cache (cli/synth-cache.ts; bin/blueprints passes it, `--no-cache` leaves it out):
   * an environment whose stacks' inputs all match stored ones is copied from it, the others are
   * synthesized and stored. Not used for a dry run or custom rules. @default - no cache
   */
  readonly cache?: SynthCache;
}


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
  const cache = cachePlan(options);
  const o = cache?.options ?? options;
  const { outdir, staging } = prepare(options);
  try {
    const restored = cache ? fromCache(cache, staging) : NOTHING_RESTORED;
    const built = restored.missing.length || !cache ? synthesizeAll(only(o, restored), staging) : undefined;
    return finish(o, outdir, staging, started, restored, built, cache);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/** The cache a synthesis uses and its environments' keys, with the date resolved (it is part of the keys); `undefined` for no cache. */
interface CachePlan {
  readonly cache: SynthCache;
  readonly keys: readonly EnvironmentKey[];
  readonly options: SynthOptions & { readonly date: string };
  /** Whether the date was given (`--date`), rather than today's. */
  readonly dateGiven: boolean;
}

function cachePlan(options: SynthOptions): CachePlan | undefined {
  if (!options.cache || options.dryRun || options.rules) return undefined;
  const date = options.date ?? todayUtc();
  const keys = cacheKeys(options.cache, { environmentsDir: options.environmentsDir ?? "environments", environments: options.environments, systems: options.systems, date });
  return keys === undefined ? undefined : { cache: options.cache, keys, options: { ...options, date }, dateGiven: options.date !== undefined };
}

/** The environments copied from the cache into the staged output, and those to synthesize. */
interface Restored {
  readonly entries: readonly CacheEntry[];
  /** The environments the cache did not hold (with a cache; without one, nothing was restored and everything is built). */
  readonly missing: readonly EnvironmentKey[];
}

const NOTHING_RESTORED: Restored = { entries: [], missing: [] };

/** Copies each environment the cache holds into `staging`. */
function fromCache(plan: CachePlan, staging: string): Restored {
  const entries: CacheEntry[] = [];
  const missing: EnvironmentKey[] = [];
  for (const k of plan.keys) {
    const entry = restoreEntry(plan.cache, k.key, staging);
    if (entry) entries.push(entry);
    else missing.push(k);
  }
  return { entries, missing };
}

/** The options for what the cache did not hold: its environments only (all of them without a cache, or when none was restored). */
function only(options: SynthOptions, restored: Restored): SynthOptions {
  return restored.entries.length ? { ...options, environments: restored.missing.map((m) => m.environment) } : options;
}

/**
 * `synth`, with a helper process (cli/shard.ts) that synthesizes part of the stacks on the
 * second core; the output is the same, byte for byte. This process owns the helper: it waits
 * for it, stops it on a failure, and removes its folder. When the cache holds some of the
 * environments, the rest is synthesized here, without the helper.
 */
export async function synthWithHelper(options: SynthOptions, shard: ShardHandle): Promise<SynthResult> {
  const started = performance.now();
  try {
    const cache = cachePlan(options);
    const o = cache?.options ?? options;
    const { outdir, staging } = prepare(options);
    try {
      const restored = cache ? fromCache(cache, staging) : NOTHING_RESTORED;
      if (restored.entries.length) {
        await stopShard(shard);
        const built = restored.missing.length ? synthesizeAll(only(o, restored), staging) : undefined;
        return finish(o, outdir, staging, started, restored, built, cache);
      }
      const mine = synthesizeOwnShare(o, staging, shard);
      if (!mine) await stopShard(shard); // this process synthesizes everything: the helper's work is not needed
      const built = (mine && joinHelper(o, staging, shard.dir, mine, await shardResult(shard))) || synthesizeAll(o, staging);
      return finish(o, outdir, staging, started, restored, built, cache);
    } finally {
      rmSync(staging, { recursive: true, force: true });
    }
  } finally {
    await stopShard(shard);
    rmSync(shard.dir, { recursive: true, force: true });
  }
}

/** Checks the output folder and creates the staging folder next to it. */
function prepare(options: SynthOptions): { outdir: string; staging: string } {
  const outdir = resolve(options.outdir ?? "cdktf.out");
  if (!options.dryRun) checkOutdir(options.outdir ?? "cdktf.out", options.environmentsDir ?? "environments");
  return { outdir, staging: mkdtempSync(join(nearestExisting(dirname(outdir)), ".blueprints-synth-")) };
}

/**
 * The staged output put together (the environments copied from the cache and those synthesized
 * now), summarized, the synthesized environments stored in the cache (`cache`), and published
 * into `outdir`.
 */
function finish(options: SynthOptions, outdir: string, staging: string, started: number, restored: Restored, built: Synthesized | undefined, cache?: CachePlan): SynthResult {
  const texts = new Map(built?.texts);
  const reports = new Map(built?.reports);
  for (const entry of restored.entries) {
    for (const s of entry.stacks) {
      texts.set(s.name, readFileSync(join(staging, "stacks", s.name, "cdk.tf.json"), "utf8"));
      reports.set(s.name, JSON.parse(readFileSync(join(staging, "stacks", s.name, "policy-report.json"), "utf8")) as PolicyReport);
    }
  }
  const fresh = built ? contentsOf(staging, built) : [];
  const composed = compose([...restored.entries, ...fresh]);
  // One synthesis's manifest.json: cdktf wrote the synthesized stacks' entries, the cache holds the others'.
  if (restored.entries.length) writeFileSync(join(staging, "manifest.json"), composed.manifest);
  const cachedStacks = new Set(restored.entries.flatMap((e) => e.stacks.map((s) => s.name)));
  const summaries = composed.stacks.map((s) => ({
    name: s.name,
    resources: s.resources,
    milliseconds: s.milliseconds,
    policy: reports.get(s.name)!,
    resourceLine: lazyResourceLines(texts.get(s.name)!),
    cached: cachedStacks.has(s.name),
  }));
  // Not stored: a run with policy errors, and one that began on another day than it ended (a helper
  // process judged at its own today).
  if (cache && policyErrors([...reports.values()]).length === 0 && (cache.dateGiven || todayUtc() === cache.options.date)) {
    for (const content of fresh) {
      const key = cache.keys.find((k) => k.environment === content.environment);
      if (key) storeEntry(cache.cache, key.key, staging, content);
    }
  }
  let removed: RemovedStack[] = [];
  if (!options.dryRun) {
    checkOutdir(options.outdir ?? "cdktf.out", options.environmentsDir ?? "environments"); // again: the folder may have changed while synth ran
    removed = publish(staging, outdir, isFullRun(options));
  }
  const cached = !built && restored.entries.length > 0;
  return { outdir, stacks: summaries, warnings: composed.warnings, removed, milliseconds: Math.round(performance.now() - started), cached };
}

/** The stacks a synthesis built (in plan order), their texts, resource counts and policy reports, and the environments they were built from. */
interface Synthesized {
  readonly stacks: readonly { readonly name: string; readonly milliseconds: number }[];
  readonly texts: Map<string, string>;
  readonly resources: Map<string, number>;
  readonly reports: Map<string, PolicyReport>;
  /** Every enabled plan of the app that built them (a stack's environment). */
  readonly plans: readonly StackPlan[];
  /** Each environment loaded, with its tier's place in TIERS: the order environments' stacks are planned in. */
  readonly ranks: ReadonlyMap<string, number>;
}

/** The built stacks by environment, as the cache stores them (and `compose` puts them together with cached ones). */
function contentsOf(staging: string, built: Synthesized): EntryContent[] {
  const manifest = JSON.parse(readFileSync(join(staging, "manifest.json"), "utf8")) as Manifest;
  const environmentOf = new Map(built.plans.map((p) => [p.name, p.environment]));
  const byEnvironment = new Map<string, CachedStack[]>([...built.ranks.keys()].map((e) => [e, []]));
  for (const { name, milliseconds } of built.stacks) {
    const report = built.reports.get(name)!;
    byEnvironment.get(environmentOf.get(name)!)!.push({
      name,
      resources: built.resources.get(name)!,
      milliseconds: Math.round(milliseconds),
      policy: { warnings: report.warnings, suppressed: report.findings.filter((f) => f.suppressedBecause).length },
      constructWarnings: (manifest.stacks[name]?.annotations ?? []).filter((a) => a.level.includes("warn")).map((a) => `${a.constructPath}: ${a.message}`),
      policyWarnings: policyWarnings([report]),
    });
  }
  return [...byEnvironment].map(([environment, stacks]) => ({
    environment,
    rank: built.ranks.get(environment)!,
    stacks,
    manifestVersion: manifest.version,
    manifest: Object.fromEntries(stacks.map((s) => [s.name, manifest.stacks[s.name]])),
  }));
}

/** Builds the stacks `select` accepts into `outdir`, synthesizing each as soon as it is built, timed. */
function buildAndSynthesize(options: SynthOptions, outdir: string, select?: BuildAppOptions["select"], buildOrder?: BuildAppOptions["buildOrder"]) {
  const times = new Map<string, { buildMs: number; synthMs: number }>();
  let session: { outdir: string; skipValidation: boolean; manifest: App["manifest"] } | undefined;
  let mark = performance.now();
  const { app, stacks: plans, environments } = buildApp({
    ...options,
    outdir,
    buildOrder,
    select:
      select &&
      ((plan, index) => {
        const mine = select(plan, index);
        mark = performance.now(); // the time spent on another process's stacks is not this one's
        return mine;
      }),
    onStack: (stack) => {
      const builtAt = performance.now();
      // App.synth() in public API steps, so each stack's synthesis can be timed, without cdktf's
      // preparing pass (see synthesizeAll).
      session ??= { outdir, skipValidation: false, manifest: (stack.node.root as App).manifest };
      stack.ensureBackendExists();
      stack.synthesizer.synthesize(session);
      const done = performance.now();
      times.set(stack.node.id, { buildMs: builtAt - mark, synthMs: done - builtAt });
      mark = done;
    },
  });
  const stacks = app.node.children.filter((c): c is TerraformStack => TerraformStack.isStack(c));
  const texts = readStacks(stacks, outdir);
  // Parsed from the text cdktf wrote (sorted keys), not taken from toTerraform's object: the rules
  // see resources in the file's order, which their messages follow.
  const parsed = new Map([...texts].map(([name, text]) => [name, JSON.parse(text) as StackJson]));
  const ranks = new Map(environments.map((e) => [e.name, TIERS.indexOf(e.tier)]));
  return { app, plans, ranks, stacks, times, texts, parsed };
}

function validateApp(app: App): void {
  const appErrors = app.node.validate();
  if (appErrors.length) throw new Error(`Validation failed with the following errors:\n  ${appErrors.join("\n  ")}`);
}

/**
 * Every stack in this process. cdktf's preparing pass (prepareStack) resolves every resource once
 * more only to find references from one stack into another, which it turns into outputs and
 * remote state; it was a fifth of a full synth. The stacks are synthesized without it and
 * checked: when a stack's JSON names a resource it does not hold, all are synthesized again, the
 * way App.synth() does, with the pass.
 */
function synthesizeAll(options: SynthOptions, staging: string): Synthesized {
  const built = buildAndSynthesize(options, staging);
  const { app, stacks, times, plans, ranks } = built;
  let { texts, parsed } = built;
  if ([...parsed.values()].some((json) => foreignReferences(json).length > 0)) {
    const session = { outdir: staging, skipValidation: false, manifest: app.manifest };
    stacks.forEach((s) => s.prepareStack());
    for (const stack of stacks) {
      const t = performance.now();
      stack.synthesizer.synthesize(session);
      times.get(stack.node.id)!.synthMs = performance.now() - t;
    }
    texts = readStacks(stacks, staging);
    parsed = new Map([...texts].map(([name, text]) => [name, JSON.parse(text) as StackJson]));
  }
  validateApp(app);
  app.manifest.writeToFile();
  const reports = new Map(
    evaluateApp(app, staging, { rules: options.rules, date: options.date, fail: options.failOnPolicyErrors, json: parsed }).map((r) => [r.stack, r]),
  );
  const stackTimes = stacks.map((s) => ({ name: s.node.id, milliseconds: times.get(s.node.id)!.buildMs + times.get(s.node.id)!.synthMs }));
  return { stacks: stackTimes, texts, resources: resourceCounts(parsed), reports, plans, ranks };
}

/**
 * Claim order for two processes: prod, then staging, then dev (the environments' stacks grow
 * with the tier), the state stacks last, so the last stacks claimed are the small ones and the
 * processes finish close together.
 */
function largestFirst(plans: readonly { readonly environment: string; readonly system: string }[]): number[] {
  const rank = (p: { readonly environment: string; readonly system: string }) => (p.system === "state" ? 3 : ({ prod: 0, staging: 1 } as Record<string, number>)[p.environment] ?? 2);
  return plans.map((p, i) => ({ i, r: rank(p) })).sort((a, b) => a.r - b.r || a.i - b.i).map((x) => x.i);
}

/** This process's share of the stacks (those it claims first), synthesized and judged; `undefined` when a stack references another. */
function synthesizeOwnShare(options: SynthOptions, staging: string, shard: ShardHandle) {
  const mine = buildAndSynthesize(options, staging, (_plan, index) => claim(shard.dir, index), largestFirst);
  if ([...mine.parsed.values()].some((json) => foreignReferences(json).length > 0)) return undefined;
  validateApp(mine.app);
  const reports = evaluateApp(mine.app, staging, { rules: options.rules, date: options.date, fail: false, json: mine.parsed });
  return { ...mine, reports };
}

/**
 * The helper's stacks join this process's: folders, manifest entries, reports, in plan order.
 * `undefined` when this process should synthesize everything itself instead: a stack of the
 * helper's references another (the preparing pass needs them all in one app), or the helper ended
 * without a result. An error in the helper's stacks is thrown here as the error it was.
 */
function joinHelper(
  options: SynthOptions,
  staging: string,
  shardDir: string,
  mine: NonNullable<ReturnType<typeof synthesizeOwnShare>>,
  result: ShardResult | undefined,
): Synthesized | undefined {
  if (!result || result.kind === "foreign-references") return undefined;
  if (result.kind === "error") throw result.exitCode === undefined ? new Error(result.message) : new HelperError(result.message, result.exitCode);
  const helperOut = join(shardDir, "out");
  const helperManifest = JSON.parse(readFileSync(join(helperOut, "manifest.json"), "utf8")) as { stacks: Record<string, unknown> };
  const manifest = mine.app.manifest as unknown as { stacks: Record<string, unknown> };
  for (const s of result.stacks) {
    moveFolder(join(helperOut, "stacks", s.name), join(staging, "stacks", s.name));
    manifest.stacks[s.name] = helperManifest.stacks[s.name];
    const text = readFileSync(join(staging, "stacks", s.name, "cdk.tf.json"), "utf8");
    mine.texts.set(s.name, text);
  }
  // cdktf writes the manifest with sorted keys: the same file whichever process built a stack.
  mine.app.manifest.writeToFile();
  const byName = new Map<string, PolicyReport>([...mine.reports, ...result.reports].map((r) => [r.stack, r]));
  const helperTimes = new Map(result.stacks.map((s) => [s.name, s.buildMs + s.synthMs]));
  // Every stack in plan order, as one process lists them (and orders its policy errors).
  const names = mine.plans.map((p) => p.name).filter((n) => byName.has(n));
  const reports = new Map(names.map((n) => [n, byName.get(n)!]));
  const errors = policyErrors([...reports.values()]);
  if (errors.length && (options.failOnPolicyErrors ?? true)) throw new PolicyError(policyErrorMessage(errors));
  const stacks = names.map((name) => {
    const own = mine.times.get(name);
    return { name, milliseconds: own ? own.buildMs + own.synthMs : (helperTimes.get(name) ?? 0) };
  });
  const resources = new Map([...resourceCounts(mine.parsed), ...result.stacks.map((s) => [s.name, s.resources] as const)]);
  return { stacks, texts: mine.texts, resources, reports, plans: mine.plans, ranks: mine.ranks };
}

/** In the helper process: synthesizes the stacks it claims into `<dir>/out`, then writes `result.json`. */
export function synthesizeAsHelper(options: SynthOptions, dir: string): void {
  try {
    const out = join(dir, "out");
    mkdirSync(out);
    const mine = buildAndSynthesize(options, out, (_plan, index) => claim(dir, index), largestFirst);
    if ([...mine.parsed.values()].some((json) => foreignReferences(json).length > 0)) {
      writeShardResult(dir, { kind: "foreign-references" });
      return;
    }
    validateApp(mine.app);
    mine.app.manifest.writeToFile();
    const reports = evaluateApp(mine.app, out, { date: options.date, fail: false, json: mine.parsed });
    const stacks = [...mine.times].map(([name, t]) => ({ name, buildMs: t.buildMs, synthMs: t.synthMs, resources: countResources(mine.parsed.get(name)!) }));
    writeShardResult(dir, { kind: "done", stacks, reports });
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    writeShardResult(dir, { kind: "error", message, exitCode: e instanceof BlueprintsError ? e.exitCode : undefined });
  }
}

/** An error the helper process met, with its exit code, reported by the main process as its own. */
class HelperError extends BlueprintsError {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

/** Moves a folder, copying it where a rename cannot cross file systems (the helper works in the temp folder). */
function moveFolder(from: string, to: string): void {
  try {
    renameSync(from, to);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EXDEV") throw e;
    cpSync(from, to, { recursive: true });
  }
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

/** Each stack's managed resource count. */
function resourceCounts(parsed: ReadonlyMap<string, StackJson>): Map<string, number> {
  return new Map([...parsed].map(([name, json]) => [name, countResources(json)]));
}

/** `resourceLines(text)`, computed on the first lookup: only SARIF output needs it. */
function lazyResourceLines(text: string): (resourceType: string, logicalId: string) => number | undefined {
  let lines: ((resourceType: string, logicalId: string) => number | undefined) | undefined;
  return (type, id) => (lines ??= resourceLines(text))(type, id);
}

