import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REPO } from "../helpers/synth-all";

// The CLI as users run it: the compiled bin, as a separate process. `npm test` builds first.
export const BIN = join(REPO, "dist", "bin", "blueprints.js");

export interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * The date the lifecycle rules judge at in these tests: the shipped stacks' findings (a runtime
 * near its end of support, a model past its "no new customers" date) are pinned to it, so the
 * suite does not change verdict as the calendar moves. `blueprints check` without `--date` (a
 * scheduled CI job) is what tells the maintainers a shipped default has retired.
 */
export const TEST_DATE = "2026-11-29";

/**
 * Runs `blueprints <args>` in `cwd`; synth and check judge at TEST_DATE unless told otherwise.
 * The suite shares one synth cache (global-setup.ts): a synthesis another test already ran is
 * copied from it. Pass `--no-cache` where the test is about synthesizing itself.
 */
export function blueprints(cwd: string, ...args: string[]): Run {
  const dated = (args.includes("synth") || args.includes("check")) && !args.includes("--date") ? [...args, "--date", TEST_DATE] : args;
  // One process per run: jest already keeps both cores busy, and a helper process would only
  // compete with the other test worker. cli.test.ts ("two processes") covers the helper.
  const r = spawnSync(process.execPath, [BIN, ...dated], { cwd, encoding: "utf8", env: { ...process.env, BLUEPRINTS_PARALLEL: "0", BLUEPRINTS_CACHE_DIR: process.env.BLUEPRINTS_TEST_CACHE_DIR ?? "0" } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A scratch project: a copy of the shipped environment files. */
export function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), "blueprints-cli-"));
  cpSync(join(REPO, "environments"), join(dir, "environments"), { recursive: true });
  return dir;
}

/** Every file under `dir` with its modification time and content (a link: its target), to prove a run changed nothing. */
export function snapshotTree(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, entry.name);
      if (entry.isSymbolicLink()) files[p.slice(dir.length)] = `-> ${readlinkSync(p)}`;
      else if (entry.isDirectory()) walk(p);
      else files[p.slice(dir.length)] = `${statSync(p).mtimeMs}:${readFileSync(p, "utf8")}`;
    }
  };
  walk(dir);
  return files;
}

/** Names of the staging folders synth left in `dir` (there must be none). */
export function stagingLeft(dir: string): string[] {
  return readdirSync(dir).filter((f) => f.startsWith(".blueprints-synth-"));
}

export const ALL_STACKS = [
  "augeo-dev", "augeo-prod", "augeo-staging",
  "dot-copilot-dev", "dot-copilot-prod", "dot-copilot-staging",
  "nine-vectors-dev", "nine-vectors-prod", "nine-vectors-staging",
  "state-dev", "state-prod", "state-staging",
  "studio-dev", "studio-prod", "studio-staging",
  "ugc-studio-dev", "ugc-studio-prod", "ugc-studio-staging",
];
