// `blueprints diff`: the current synthesis against a previous output folder or a git ref, offline.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, isAbsolute, join, relative, resolve } from "node:path";
import { type Command, Option } from "commander";
import { BlueprintsError, UsageError } from "../lib/core/errors";
import { type SynthDiff, type SynthesizedStackInput, diffSyntheses, readSynthOutput, renderDiffMarkdown, renderDiffText } from "../lib/diff";
import { loadEnvironments } from "../lib/framework/load-environment";
import type { SystemDefinition } from "../lib/framework/system";
import { checkEnvironments, checkSystems, distinct, planStacks } from "../stacks/app";
import { synthesizedStacks } from "./diagram";
import { type SynthCache, activeSynthCache } from "./synth-cache";

/** Exit code of `diff --fail-on replace` when a stateful resource would be replaced or destroyed. */
export const EXIT_DIFF_REPLACE = 7;

/** `--fail-on replace`: the diff replaces or destroys a stateful resource. Exit code 7. */
export class ReplacementRiskError extends BlueprintsError {
  readonly exitCode = EXIT_DIFF_REPLACE;
}

/** The base ref could not be synthesized (git, the install or the base's own synth failed). Exit code 1 is for bugs, so this is 3, like a bad input. */
export class BaseSynthError extends BlueprintsError {
  readonly exitCode = 3;
}

export type DiffFormat = "table" | "json" | "markdown";

export interface DiffCommandOptions {
  readonly environmentsDir: string;
  readonly environments?: readonly string[];
  readonly systems?: readonly string[];
  readonly registry: readonly SystemDefinition[];
  readonly against?: string;
  readonly base?: string;
  readonly format: DiffFormat;
  readonly failOn?: "replace";
  /** Use the cache of base syntheses, and the synth cache for the current synthesis. @default true */
  readonly cache: boolean;
  /** The synth cache the current synthesis uses when `cache` is on. @default - none */
  readonly synthCache?: SynthCache;
  readonly date?: string;
}

interface Io {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
}

function git(cwd: string, args: readonly string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync("git", [...args], { cwd, encoding: "utf8" });
  return { status: r.error ? -1 : r.status, stdout: r.stdout ?? "", stderr: r.stderr ?? String(r.error ?? "") };
}

/** Where base syntheses are cached: `<repository>/node_modules/.cache/blueprints/diff/<commit>/<date>/`. */
export function baseCacheDir(repo: string, commit: string, date: string): string {
  return join(repo, "node_modules", ".cache", "blueprints", "diff", commit, date);
}

/**
 * Synthesizes `ref` of the git repository around the working directory: a temporary detached
 * `git worktree` (removed afterwards), its `node_modules` a link to the current one when its
 * package-lock.json is byte-identical (no install, no network), else `npm ci` from its lockfile;
 * then its own `npm run synth -- --out <dir> --date <date>`. The output is cached by commit and
 * date (see {@link baseCacheDir}); `cache: false` synthesizes again (and refreshes the cache).
 * Returns the output folder.
 */
export function synthesizeBase(ref: string, options: { configDir: string; date: string; cache: boolean; log: (line: string) => void }): string {
  const top = git(process.cwd(), ["rev-parse", "--show-toplevel"]);
  if (top.status !== 0) throw new UsageError(`--base ${ref}: the working directory is not in a git repository (${top.stderr.trim() || "git failed"})`);
  const repo = top.stdout.trim();
  const rev = git(repo, ["rev-parse", "--verify", "--quiet", `${ref}^{commit}`]);
  if (rev.status !== 0) throw new UsageError(`--base ${JSON.stringify(ref)} is not a commit in ${repo} (a branch, tag or commit id, e.g. main or HEAD~1)`);
  const commit = rev.stdout.trim();
  const cached = baseCacheDir(repo, commit, options.date);
  if (options.cache && existsSync(join(cached, "manifest.json"))) {
    options.log(`base ${ref} (${commit.slice(0, 12)}): cached synthesis in ${relative(process.cwd(), cached) || cached}`);
    return cached;
  }
  const scratch = mkdtempSync(join(tmpdir(), "blueprints-diff-base-"));
  const worktree = join(scratch, "base");
  // The base's output is written beside the cache folder (same file system), then renamed into it.
  mkdirSync(dirname(cached), { recursive: true });
  const staging = mkdtempSync(join(dirname(cached), ".staging-"));
  let added = false;
  try {
    const add = git(repo, ["worktree", "add", "--detach", "--quiet", worktree, commit]);
    if (add.status !== 0) throw new BaseSynthError(`--base ${ref}: git worktree add failed: ${add.stderr.trim()}`);
    added = true;
    const lock = (dir: string) => (existsSync(join(dir, "package-lock.json")) ? readFileSync(join(dir, "package-lock.json")) : undefined);
    const [current, base] = [lock(repo), lock(worktree)];
    if (current && base && current.equals(base) && existsSync(join(repo, "node_modules"))) {
      symlinkSync(join(repo, "node_modules"), join(worktree, "node_modules"), "dir");
      options.log(`base ${ref} (${commit.slice(0, 12)}): package-lock.json unchanged, reusing node_modules`);
    } else {
      options.log(`base ${ref} (${commit.slice(0, 12)}): package-lock.json differs, npm ci in a temporary worktree`);
      const ci = spawnSync("npm", ["ci", "--no-audit", "--no-fund"], { cwd: worktree, encoding: "utf8" });
      if (ci.status !== 0) throw new BaseSynthError(`--base ${ref}: npm ci failed in the base worktree: ${(ci.stderr || String(ci.error ?? "")).trim().split("\n").slice(-3).join(" ")}`);
    }
    // The environment files of the base, at the same place relative to the repository.
    const configRel = relative(repo, resolve(options.configDir));
    const configDir = isAbsolute(options.configDir) && configRel.startsWith("..") ? options.configDir : configRel || ".";
    const out = join(staging, "out");
    const synth = spawnSync("npm", ["run", "--silent", "synth", "--", "--config-dir", configDir, "--out", out, "--date", options.date], {
      cwd: worktree, encoding: "utf8", env: { ...process.env, BLUEPRINTS_PARALLEL: "0" },
    });
    if (synth.status !== 0 || !existsSync(join(out, "manifest.json"))) {
      const detail = (synth.stderr || synth.stdout || String(synth.error ?? "")).trim().split("\n").slice(-5).join("\n");
      throw new BaseSynthError(`--base ${ref}: the base's synth (npm run synth) failed with exit ${synth.status}:\n${detail}`);
    }
    rmSync(cached, { recursive: true, force: true });
    renameSync(out, cached);
    return cached;
  } finally {
    rmSync(staging, { recursive: true, force: true });
    if (added) git(repo, ["worktree", "remove", "--force", worktree]);
    rmSync(scratch, { recursive: true, force: true });
    if (added) git(repo, ["worktree", "prune"]);
  }
}

/** Runs `blueprints diff`: the diff and its rendering; throws {@link ReplacementRiskError} after printing with `--fail-on replace`. */
export function diffCommand(options: DiffCommandOptions, io: Io): SynthDiff {
  if ((options.against === undefined) === (options.base === undefined)) {
    throw new UsageError("diff needs exactly one of --against <dir> (a previous synth output folder) or --base <git-ref> (synthesized in a temporary worktree)");
  }
  const [environments, systems] = [distinct(options.environments), distinct(options.systems)];
  checkSystems(systems, options.registry);
  checkEnvironments(environments, options.environmentsDir);
  const date = options.date ?? new Date().toISOString().slice(0, 10);
  let before: SynthesizedStackInput[];
  if (options.against !== undefined) before = readSynthOutput(options.against, "--against");
  else before = readSynthOutput(synthesizeBase(options.base!, { configDir: options.environmentsDir, date, cache: options.cache, log: io.err }), "--base");
  const after = synthesizedStacks({ environmentsDir: options.environmentsDir, environments, systems, registry: options.registry, date, cache: options.cache ? options.synthCache : undefined });
  if (environments || systems) {
    // A filtered run compares the selected stacks only: the others are not "removed".
    const selected = new Set(planStacks(loadEnvironments(options.environmentsDir, options.registry, environments), options.registry, systems).map((p) => p.name));
    before = before.filter((s) => selected.has(s.name));
  }
  const diff = diffSyntheses(before, after);
  const text = options.format === "json" ? `${JSON.stringify(diff, null, 2)}\n` : options.format === "markdown" ? renderDiffMarkdown(diff) : renderDiffText(diff);
  io.out(text.trimEnd());
  if (options.failOn === "replace" && diff.statefulRisks.length) {
    throw new ReplacementRiskError(`${diff.statefulRisks.join("\n")}\n${diff.statefulRisks.length === 1 ? "its data is" : "their data is"} lost unless restored; keep a renamed resource with its moved block, or revert the argument that forces the replacement`);
  }
  return diff;
}

/** Registers `blueprints diff` on the program. */
export function registerDiff(cmd: Command, io: Io, registry: readonly SystemDefinition[]): void {
  cmd
    .command("diff")
    .description("compare the current synthesis with a previous output folder (--against) or a git ref (--base), offline: replacements and address changes first")
    .option("--against <dir>", "a previous synth output folder (manifest.json and stacks/*/cdk.tf.json)")
    .option("--base <git-ref>", "synthesize this commit in a temporary git worktree and compare with it (cached by commit)")
    .addOption(new Option("--env <names...>", "only these environments"))
    .addOption(new Option("--system <names...>", "only these systems (`state` for the bootstrap stacks)"))
    .addOption(new Option("--format <format>", "table (terminal), json or markdown (GitHub-flavoured)").choices(["table", "json", "markdown"]).default("table"))
    .addOption(new Option("--fail-on <what>", "exit 7 when a stateful resource would be replaced or destroyed").choices(["replace"]))
    .option("--no-cache", "synthesize --base again instead of using node_modules/.cache/blueprints/diff/<commit>/, and the current stacks without the synth cache")
    .option("--date <yyyy-mm-dd>", "judge lifecycle rules as of this date on both sides (default: today, UTC)")
    .action((opts: { against?: string; base?: string; env?: string[]; system?: string[]; format: DiffFormat; failOn?: "replace"; cache: boolean; date?: string }) => {
      const { configDir } = cmd.opts<{ configDir: string }>();
      if (opts.date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(opts.date)) throw new UsageError(`--date ${JSON.stringify(opts.date)} is not a date (allowed: YYYY-MM-DD, e.g. 2026-12-31)`);
      diffCommand({ environmentsDir: configDir, environments: opts.env, systems: opts.system, registry, against: opts.against, base: opts.base, format: opts.format, failOn: opts.failOn, cache: opts.cache, synthCache: activeSynthCache(), date: opts.date }, io);
    });
}
