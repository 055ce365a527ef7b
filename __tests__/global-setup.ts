import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildApp } from "../stacks/app";

/**
 * Synthesizes the shipped environments once for the whole run; the stack tests read the JSON
 * from there (helpers/synth-all.ts) instead of synthesizing again in every test file.
 */
export default function globalSetup(): void {
  const outdir = mkdtempSync(join(tmpdir(), "blueprints-jest-synth-"));
  const { app } = buildApp({ environmentsDir: join(__dirname, "..", "environments"), outdir });
  app.synth();
  process.env.BLUEPRINTS_TEST_SYNTH_DIR = outdir;
  // One synth cache for every `blueprints synth` the CLI tests run (__tests__/cli/process.ts): an
  // unchanged synthesis is copied, as it is for users; a test about synthesis itself passes --no-cache.
  process.env.BLUEPRINTS_TEST_CACHE_DIR = mkdtempSync(join(tmpdir(), "blueprints-jest-cache-"));
}
