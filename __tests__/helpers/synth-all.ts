import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildApp } from "../../stacks/app";

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
  readonly output?: Record<string, Record<string, unknown>>;
  readonly provider?: Record<string, unknown>;
}

let cache: SynthesizedStack[] | undefined;

/** Synthesizes every stack of the shipped environments once per test file, into a temp folder. */
export function synthAll(): SynthesizedStack[] {
  if (cache) return cache;
  const outdir = mkdtempSync(join(tmpdir(), "blueprints-synth-"));
  const { app, stacks } = buildApp({ environmentsDir: join(REPO, "environments"), outdir });
  app.synth();
  cache = stacks.map(({ name }) => {
    const text = readFileSync(join(outdir, "stacks", name, "cdk.tf.json"), "utf8");
    return { name, text, json: JSON.parse(text) as TerraformJson };
  });
  return cache;
}
