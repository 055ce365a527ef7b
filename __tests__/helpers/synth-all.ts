import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadEnvironments } from "../../lib/framework/load-environment";
import { buildApp, planStacks } from "../../stacks/app";
import { SYSTEMS } from "../../stacks/registry";

export const REPO = join(__dirname, "..", "..");

export interface SynthesizedStack {
  readonly name: string;
  readonly text: string;
  readonly json: TerraformJson;
}

export interface TerraformJson {
  readonly terraform: { readonly backend?: Record<string, Record<string, unknown>>; readonly required_providers: Record<string, unknown> };
  readonly resource: Record<string, Record<string, Record<string, unknown>>>;
  readonly data?: Record<string, Record<string, Record<string, unknown>>>;
  readonly output?: Record<string, { readonly value: unknown; readonly sensitive?: boolean }>;
  readonly provider?: Record<string, unknown>;
}

let cache: SynthesizedStack[] | undefined;

/**
 * Every stack of the shipped environments, synthesized: read from the run's global synth
 * (__tests__/global-setup.ts) when there is one, else synthesized here into a temp folder.
 */
export function synthAll(): SynthesizedStack[] {
  if (cache) return cache;
  const environmentsDir = join(REPO, "environments");
  let outdir = process.env.BLUEPRINTS_TEST_SYNTH_DIR;
  if (!outdir) {
    outdir = mkdtempSync(join(tmpdir(), "blueprints-synth-"));
    buildApp({ environmentsDir, outdir }).app.synth();
  }
  const stacks = planStacks(loadEnvironments(environmentsDir, SYSTEMS)).filter((p) => p.enabled);
  cache = stacks.map(({ name }) => {
    const text = readFileSync(join(outdir!, "stacks", name, "cdk.tf.json"), "utf8");
    return { name, text, json: JSON.parse(text) as TerraformJson };
  });
  return cache;
}

/** The shipped stack `name` from synthAll(); fails when there is none. */
export function synthesizedStack(name: string): SynthesizedStack {
  const s = synthAll().find((x) => x.name === name);
  if (!s) throw new Error(`no stack ${name}`);
  return s;
}

/** Every resource of `type` in the stack. */
export function resourcesOfType(s: SynthesizedStack, type: string): Record<string, unknown>[] {
  return Object.values(s.json.resource[type] ?? {});
}

/** The single resource of `type` in the stack; the test fails when there is not exactly one. */
export function onlyOfType(s: SynthesizedStack, type: string): Record<string, unknown> {
  const found = resourcesOfType(s, type);
  expect(found).toHaveLength(1);
  return found[0];
}
