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
}
