// cdktf.json's "app": `npx cdktf synth|diff|deploy` build the same app, through the same function, as `blueprints synth`.
import { skipTokenCreationTraces } from "../cli/fast-traces";
import { BlueprintsError } from "../lib/core/errors";
import { enforcePolicy } from "../lib/policy/enforce";
import { buildApp } from "../stacks/app";

if (!process.env.BLUEPRINTS_VERBOSE) skipTokenCreationTraces();
try {
  const { app } = buildApp();
  // The same security policy as `blueprints synth`: a violation stops `cdktf diff/deploy` here.
  enforcePolicy(app);
  app.synth();
} catch (e) {
  if (!(e instanceof BlueprintsError)) throw e;
  process.stderr.write(`error: ${e.message.replace(/\n/g, "\nerror: ")}\n`);
  process.exitCode = e.exitCode;
}
