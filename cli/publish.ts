// Publishing a synthesis: the checks that keep synth from writing among files it did not write,
// and the move of a staged output into the output folder. Only node:fs and node:path, so the
// cached synth (cli/synth-fast.ts) can publish without loading cdktf.
import { cpSync, existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, realpathSync, renameSync, rmSync, rmdirSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { UsageError } from "../lib/core/errors";

export interface Manifest {
  version: string;
  stacks: Record<string, { annotations?: { constructPath: string; level: string; message: string }[] }>;
}


/**
 * What synth writes in each stack's folder: cdktf's `cdk.tf.json` and `assets/` (copies of
 * `TerraformAsset` files), and the policy reports. A synth replaces these and nothing else there:
 * `.terraform/`, `.terraform.lock.hcl`, plan files and anything else in the folder stay.
 */
export const STACK_OUTPUTS: readonly string[] = ["cdk.tf.json", "assets", "policy-report.json", "policy-report.md"];

/**
 * Moves the staged output into `outdir`: each staged stack's files into its folder (replacing
 * only `STACK_OUTPUTS`), then, for a full run, removes the stacks of the previous manifest that
 * were not produced, then replaces `manifest.json` atomically.
 */
export function publish(staging: string, outdir: string, full: boolean): RemovedStack[] {
  const staged = readManifest(join(staging, "manifest.json"));
  const previous = existsSync(join(outdir, "manifest.json")) ? readManifest(join(outdir, "manifest.json")) : undefined;
  mkdirSync(join(outdir, "stacks"), { recursive: true });
  for (const name of Object.keys(staged.stacks).sort()) {
    const from = join(staging, "stacks", name);
    const to = join(outdir, "stacks", name);
    mkdirSync(to, { recursive: true });
    const written = readdirSync(from);
    for (const entry of written) replace(join(from, entry), join(to, entry));
    // What an earlier synth wrote and this one did not (a stack that no longer has assets).
    for (const entry of STACK_OUTPUTS) if (!written.includes(entry)) rmSync(join(to, entry), { recursive: true, force: true });
  }
  const removed = full && previous ? Object.keys(previous.stacks).filter((name) => !staged.stacks[name]).sort().map((name) => removeStack(outdir, name)) : [];
  // A full run (or a first one) publishes cdktf's manifest as cdktf wrote it; a filtered run merges its stacks' entries.
  const text =
    full || !previous
      ? readFileSync(join(staging, "manifest.json"), "utf8")
      : JSON.stringify(sortKeys({ ...previous, version: staged.version, stacks: { ...previous.stacks, ...staged.stacks } }), null, 2);
  writeAtomically(join(outdir, "manifest.json"), text);
  return removed;
}

/** A stack a full synth removed from the output: no environment produces it any more. */
export interface RemovedStack {
  readonly name: string;
  /** What is left in the stack's folder (files synth did not write, such as `.terraform/`); empty when the folder was removed. */
  readonly kept: readonly string[];
}

/** Removes what synth wrote for a stack, and its folder when nothing else is in it. */
function removeStack(outdir: string, name: string): RemovedStack {
  const dir = join(outdir, "stacks", name);
  if (!lstatSync(dir, { throwIfNoEntry: false })?.isDirectory()) return { name, kept: [] };
  for (const entry of STACK_OUTPUTS) rmSync(join(dir, entry), { recursive: true, force: true });
  const kept = readdirSync(dir).sort();
  if (kept.length === 0) rmdirSync(dir);
  return { name, kept };
}

/** Puts `from` at `to`: a file atomically (rename), a folder after removing the one it replaces. */
function replace(from: string, to: string): void {
  const existing = lstatSync(to, { throwIfNoEntry: false });
  if (existing && (existing.isDirectory() || lstatSync(from).isDirectory())) rmSync(to, { recursive: true, force: true });
  try {
    renameSync(from, to);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EXDEV") throw e;
    // The output folder is on another file system than its parent (a mount point): copy, then rename.
    const tmp = join(dirname(to), `.${basename(to)}.${process.pid}.blueprints.tmp`);
    cpSync(from, tmp, { recursive: true });
    renameSync(tmp, to);
  }
}

/** Writes `text` to `file` through a temporary file in the same folder, so a reader never sees half of it. */
function writeAtomically(file: string, text: string): void {
  const tmp = join(dirname(file), `.${basename(file)}.${process.pid}.blueprints.tmp`);
  writeFileSync(tmp, text);
  renameSync(tmp, file);
}

/** `manifest.json` as synth reads it; `checkOutdir` has made sure the previous one has this shape. */
function readManifest(file: string): Manifest {
  return JSON.parse(readFileSync(file, "utf8")) as Manifest;
}

/**
 * Refuses an output folder in which synth could destroy something it did not write: the working
 * directory or one of its parents, the environment files' folder (`configDir`) or one holding it,
 * a file, or a folder with anything in it that is not a previous synth output. Accepts a folder
 * that does not exist, an empty one, and a previous output: a cdktf `manifest.json`
 * (`{ version, stacks }`) beside its `stacks/` folder. Paths are compared after resolving
 * symbolic links, so `.`, `..` and links are caught. Throws a UsageError (exit 2).
 */
export function checkOutdir(outdir: string, configDir: string): void {
  const shown = `--out ${outdir}`;
  const target = realPath(outdir);
  const cwd = realPath(process.cwd());
  const choose = "choose a folder of its own for the output, e.g. --out cdktf.out";
  if (contains(target, cwd)) {
    const what = target === cwd ? "the working directory" : `${target}, a parent of the working directory`;
    throw new UsageError(`${shown} is ${what}; synth would write among files it did not write: ${choose}`);
  }
  const config = realPath(configDir);
  if (contains(target, config)) {
    const what = target === config ? "is the environment files' folder" : `holds the environment files' folder`;
    throw new UsageError(`${shown} ${what} (--config-dir ${configDir}); synth would write among files it did not write: ${choose}`);
  }
  const existing = nearestExisting(outdir);
  if (!statSync(existing).isDirectory()) throw new UsageError(`${shown}: ${relative(process.cwd(), existing) || existing} is a file, not a folder; ${choose}`);
  if (existing !== resolve(outdir) || isEmptyOutput(outdir)) return;
  const why = notSynthOutput(outdir);
  if (why) {
    throw new UsageError(
      `${shown} is not empty and is not a previous synth output (${why}); synth writes only into a new folder, an empty one or its own output, so it never deletes files it did not write: choose another folder, or empty this one yourself`,
    );
  }
}

/**
 * Whether `dir` holds nothing synth could overwrite: no entries, or only an empty `stacks/`
 * folder (what cdktf's `new App()` creates before anything is synthesized).
 */
function isEmptyOutput(dir: string): boolean {
  const entries = readdirSync(dir);
  if (entries.length === 0) return true;
  if (entries.length !== 1 || entries[0] !== "stacks") return false;
  const stacks = join(dir, "stacks");
  return statSync(stacks).isDirectory() && readdirSync(stacks).length === 0;
}

/** Why `dir` is not a synth output, or undefined when it is one. */
function notSynthOutput(dir: string): string | undefined {
  let manifest: unknown;
  try {
    manifest = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8"));
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "ENOENT" ? "it has no manifest.json" : "its manifest.json is not JSON";
  }
  const { version, stacks } = (manifest ?? {}) as { version?: unknown; stacks?: unknown };
  if (typeof version !== "string" || !stacks || typeof stacks !== "object" || Array.isArray(stacks)) return "its manifest.json is not a cdktf manifest ({ version, stacks })";
  // A stack name is one folder under stacks/; anything else could point synth outside the folder.
  const bad = Object.keys(stacks).find((name) => name === "" || name === "." || name === ".." || /[/\\\0]/.test(name));
  if (bad !== undefined) return `its manifest.json names a stack ${JSON.stringify(bad)}, which is not a folder name`;
  if (!statSync(join(dir, "stacks"), { throwIfNoEntry: false })?.isDirectory()) return "it has no stacks/ folder beside manifest.json";
  return undefined;
}

/** `path` with symbolic links resolved; the part that does not exist yet is appended as given. */
function realPath(path: string): string {
  const existing = nearestExisting(path);
  return join(realpathSync.native(existing), relative(existing, resolve(path)));
}

/** `path` itself when it exists, else its nearest ancestor that does. */
export function nearestExisting(path: string): string {
  let p = resolve(path);
  while (!existsSync(p) && dirname(p) !== p) p = dirname(p);
  return p;
}

/** Whether `inner` is `outer` or inside it. */
function contains(outer: string, inner: string): boolean {
  const r = relative(outer, inner);
  return r === "" || (r !== ".." && !r.startsWith(`..${sep}`) && !isAbsolute(r));
}

function sortKeys<T>(value: T): T {
  if (Array.isArray(value)) return value.map(sortKeys) as T;
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sortKeys((value as Record<string, unknown>)[k])])) as T;
  }
  return value;
}

/** Names of the stacks already in `outdir`, for messages. */
export function existingStacks(outdir: string): string[] {
  const dir = join(outdir, "stacks");
  return existsSync(dir) ? readdirSync(dir).sort() : [];
}
