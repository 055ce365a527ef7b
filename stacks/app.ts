import { readdirSync } from "node:fs";
import { App, type TerraformStack } from "cdktf";
import { BlueprintStack } from "../lib/framework/blueprint-stack";
import type { EnvironmentConfig } from "../lib/framework/environment-config";
import { UsageError } from "../lib/core/errors";
import { SYNTHESIS_DATE_CONTEXT } from "../lib/core/synthesis-date";
import { loadEnvironments } from "../lib/framework/load-environment";
import { systemProfile } from "../lib/framework/validate";
import { didYouMean } from "../lib/core/suggest";
import { TIERS } from "../lib/core/tier";
import type { SystemDefinition } from "../lib/framework/system";
import { SYSTEMS } from "./registry";
import { StateBootstrapStack } from "./state-bootstrap";

export interface BuildAppOptions {
  /** Folder holding `<env>.yaml` files. @default "environments" */
  readonly environmentsDir?: string;
  /** Only these environments. @default - every file in the folder */
  readonly environments?: readonly string[];
  /** Only these systems (`state` selects the bootstrap stacks). @default - every system, plus the bootstrap stacks */
  readonly systems?: readonly string[];
  /** Synthesis output folder. @default - cdktf's default (`cdktf.out`, or what the cdktf CLI sets) */
  readonly outdir?: string;
  /** The systems to choose from. @default SYSTEMS */
  readonly registry?: readonly SystemDefinition[];
  /**
   * Builds only the enabled plans this accepts; asked in plan order, right before each would be
   * built (the CLI's two-process synth claims stacks with it). @default - every enabled plan
   */
  readonly select?: (plan: StackPlan, index: number) => boolean;
  /**
   * The order stacks are built in, as indices into the enabled plans (the two-process synth
   * builds the largest first, so neither process is left with a large stack at the end).
   * @default - plan order
   */
  readonly buildOrder?: (plans: readonly StackPlan[]) => readonly number[];
  /**
   * The synthesis date, `YYYY-MM-DD` (the CLI's `--date`): systems' checks and constructs judge
   * retired versions at it (the App's `SYNTHESIS_DATE_CONTEXT`); never written into the output.
   * @default - today (UTC)
   */
  readonly date?: string;
  /** Called once each stack is built (the CLI synthesizes it there and then). @default - nothing */
  readonly onStack?: (stack: TerraformStack, plan: StackPlan) => void;
}

/** One stack the app holds, for summaries and `blueprints list`. */
export interface StackPlan {
  readonly name: string;
  readonly system: string;
  readonly environment: string;
  readonly enabled: boolean;
}

export const STATE_SYSTEM = "state";

/** Every (system, environment) pair and whether the environment enables it, without building anything. */
export function planStacks(envs: readonly EnvironmentConfig[], registry: readonly SystemDefinition[] = SYSTEMS, systems?: readonly string[]): StackPlan[] {
  const wanted = (id: string) => !systems || systems.includes(id);
  const plans: StackPlan[] = [];
  const ordered = [...envs].sort((a, b) => TIERS.indexOf(a.tier) - TIERS.indexOf(b.tier) || a.name.localeCompare(b.name));
  for (const env of ordered) {
    if (wanted(STATE_SYSTEM)) plans.push({ name: `state-${env.name}`, system: STATE_SYSTEM, environment: env.name, enabled: true });
    for (const s of registry) {
      if (wanted(s.id)) plans.push({ name: `${s.id}-${env.name}`, system: s.id, environment: env.name, enabled: env.systems[s.id]?.enabled ?? false });
    }
  }
  return plans;
}

/** Rejects unknown system names, with a suggestion. */
export function checkSystems(systems: readonly string[] | undefined, registry: readonly SystemDefinition[] = SYSTEMS): void {
  const known = [STATE_SYSTEM, ...registry.map((s) => s.id)];
  for (const s of systems ?? []) {
    if (!known.includes(s)) {
      const hint = didYouMean(s, known);
      throw new UsageError(`unknown system ${JSON.stringify(s)}${hint ? `; did you mean "${hint}"?` : ""} (known: ${known.join(", ")})`);
    }
  }
}

/**
 * Rejects unknown environment names (a usage error, exit 2), with a suggestion and the
 * environments `dir` holds. A folder that cannot be read or holds no environment files is left
 * to the loader, which reports it as an environment-file problem (exit 3).
 */
export function checkEnvironments(environments: readonly string[] | undefined, dir: string): void {
  if (!environments?.length) return;
  let available: string[];
  try {
    available = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).map((f) => f.replace(/\.ya?ml$/, "")).sort();
  } catch {
    return;
  }
  if (available.length === 0) return;
  for (const e of environments) {
    if (!available.includes(e)) {
      const hint = didYouMean(e, available);
      const list = available.join(", ");
      throw new UsageError(`unknown environment ${JSON.stringify(e)}${hint ? `; did you mean "${hint}"? (available: ${list})` : `; available: ${list}`}`);
    }
  }
}

/** `names` without repeats, in first-seen order (`--env dev dev` selects dev once); `undefined` stays `undefined`. */
export function distinct(names: readonly string[] | undefined): string[] | undefined {
  return names && [...new Set(names)];
}

/**
 * The one way to build the app: the `blueprints` CLI and `cdktf synth|diff|deploy` (through
 * cdktf.json) both call this, so they cannot disagree. Loads and validates the environment files
 * first (every problem, with positions), then creates one stack per enabled (system, environment)
 * and a `state-<env>` bootstrap stack per environment.
 */
export function buildApp(options: BuildAppOptions = {}): { app: App; stacks: StackPlan[]; environments: EnvironmentConfig[] } {
  const registry = options.registry ?? SYSTEMS;
  const systems = distinct(options.systems);
  const environments = distinct(options.environments);
  const dir = options.environmentsDir ?? "environments";
  checkSystems(systems, registry);
  checkEnvironments(environments, dir);
  const envs = loadEnvironments(dir, registry, environments, { date: options.date });
  const app = new App({
    outdir: options.outdir,
    skipValidation: false,
    // No stack traces (machine paths) in the synthesized manifest.
    context: { "@cdktf/disable_stack_trace_in_metadata": true, ...(options.date ? { [SYNTHESIS_DATE_CONTEXT]: options.date } : {}) },
  });
  const plans = planStacks(envs, registry, systems).filter((p) => p.enabled);
  const order = options.buildOrder ? options.buildOrder(plans) : plans.map((_, i) => i);
  for (const index of order) {
    const plan = plans[index];
    if (options.select && !options.select(plan, index)) continue;
    const env = envs.find((e) => e.name === plan.environment)!;
    let stack: TerraformStack;
    if (plan.system === STATE_SYSTEM) {
      stack = new StateBootstrapStack(app, plan.name, env);
    } else {
      const system = registry.find((s) => s.id === plan.system)!;
      stack = new BlueprintStack(app, plan.name, { environment: env, system: system.id, workload: system.workload });
      system.build(stack, { environment: env, profile: systemProfile(env, system) });
    }
    options.onStack?.(stack, plan);
  }
  return { app, stacks: plans, environments: envs };
}
