// N synthetic copies of the largest system, in one app: `node dist/bench/scale-app.js <N> <outdir> [system]`.
// Each copy is a full stack for the prod environment, so the cost per stack can be compared across N.
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { App, TerraformResource } from "cdktf";
import { skipTokenCreationTraces } from "../cli/fast-traces";
import { BlueprintStack } from "../lib/framework/blueprint-stack";
import { loadEnvironment } from "../lib/framework/load-environment";
import { systemProfile } from "../lib/framework/validate";
import type { SystemDefinition } from "../lib/framework/system";
import { SYSTEMS } from "../stacks/registry";

skipTokenCreationTraces(); // as the blueprints CLI does
const [count = "1", outdir = "bench/out/scale", systemId] = process.argv.slice(2);
const env = loadEnvironment(join("environments", "prod.yaml"), SYSTEMS);
mkdirSync(join(outdir, "probe"), { recursive: true });

/** The system with the most resources in prod: built once each in a throwaway app. */
function largest(): SystemDefinition {
  let best: { system: SystemDefinition; resources: number } | undefined;
  for (const system of SYSTEMS) {
    const app = new App({ outdir: join(outdir, "probe") });
    const stack = new BlueprintStack(app, "probe", { environment: env, system: system.id, workload: system.workload });
    system.build(stack, { environment: env, profile: systemProfile(env, system) });
    const resources = stack.node.findAll().filter((c) => TerraformResource.isTerraformResource(c)).length;
    if (!best || resources > best.resources) best = { system, resources };
  }
  return best!.system;
}

const system = systemId ? SYSTEMS.find((s) => s.id === systemId)! : largest();
rmSync(join(outdir, "probe"), { recursive: true, force: true });
const app = new App({ outdir, context: { "@cdktf/disable_stack_trace_in_metadata": true } });
for (let i = 1; i <= Number(count); i++) {
  const stack = new BlueprintStack(app, `${system.id}-copy${i}`, { environment: env, system: system.id, workload: system.workload });
  system.build(stack, { environment: env, profile: systemProfile(env, system) });
}
app.synth();
process.stdout.write(`${JSON.stringify({ system: system.id, stacks: Number(count) })}\n`);
