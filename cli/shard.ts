// Two-process synthesis: `bin/blueprints` spawns a helper process for `synth` before the bundle
// loads (cli/shard-start.ts). Both processes build and synthesize the stacks they claim, one at a
// time in plan order (a claim is a file created exclusively, so each stack is built once and the
// faster process takes more), then the main process takes the helper's stacks, manifest entries
// and policy reports and publishes the output exactly as one process would.
import { type FSWatcher, closeSync, existsSync, openSync, readFileSync, renameSync, rmSync, watch, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { PolicyReport } from "../lib/policy";
import { SHARD_HANDLE, type ShardHandle } from "./shard-start";

export type { ShardHandle };

/** The helper's handle, once: whoever takes it owns the helper (waits for it, removes its folder). */
export function takeShard(): ShardHandle | undefined {
  const global = globalThis as Record<symbol, ShardHandle | undefined>;
  const handle = global[SHARD_HANDLE];
  delete global[SHARD_HANDLE];
  return handle;
}

/** Whether a helper process was started for this run (bin/blueprints, `synth`). */
export function peekShard(): boolean {
  return (globalThis as Record<symbol, unknown>)[SHARD_HANDLE] !== undefined;
}

/** In the helper process: the folder it works in. */
export function shardHelperDir(): string | undefined {
  return process.env.BLUEPRINTS_SHARD_OUT || undefined;
}

/** Claims plan `index` for this process: true if no other process has. */
export function claim(dir: string, index: number): boolean {
  try {
    closeSync(openSync(join(dir, `claim-${index}`), "wx"));
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw e;
  }
}

/** One stack the helper built: its name and timings. */
export interface ShardStack {
  readonly name: string;
  readonly buildMs: number;
  readonly synthMs: number;
  /** Managed resources in its cdk.tf.json (the summary's count, without parsing it again). */
  readonly resources: number;
}

/** What the helper reports in `result.json`. */
export type ShardResult =
  | { readonly kind: "done"; readonly stacks: readonly ShardStack[]; readonly reports: readonly PolicyReport[] }
  /** A stack of the helper references another stack: the main process synthesizes everything itself. */
  | { readonly kind: "foreign-references" }
  | { readonly kind: "error"; readonly message: string; readonly exitCode?: number };

/** Writes the helper's result atomically: the main process never reads half of it. */
export function writeShardResult(dir: string, result: ShardResult): void {
  const file = join(dir, "result.json");
  writeFileSync(`${file}.tmp`, JSON.stringify(result));
  renameSync(`${file}.tmp`, file);
}

/**
 * The helper's result as soon as it is written (the helper writes its output folders first, then
 * `result.json`, then exits), so this process joins and publishes while the helper's process is
 * still tearing down; `undefined` if the helper exited without one (killed, crashed).
 */
export async function shardResult(handle: ShardHandle): Promise<ShardResult | undefined> {
  const file = join(handle.dir, "result.json");
  const read = () => (existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as ShardResult) : undefined);
  let watcher: FSWatcher | undefined;
  const written = new Promise<void>((resolve) => {
    try {
      // result.json appears by a rename into the folder: one inotify event.
      watcher = watch(handle.dir, () => existsSync(file) && resolve());
      watcher.on("error", () => undefined); // the exit below still settles the wait
    } catch {
      // No watcher (an unusual file system): the exit settles the wait.
    }
    if (existsSync(file)) resolve();
  });
  try {
    await Promise.race([written, handle.exited]);
  } finally {
    watcher?.close();
  }
  return read();
}

/** Stops the helper if it still runs, and waits until it has exited. */
export async function stopShard(handle: ShardHandle): Promise<void> {
  if (handle.child.exitCode === null && handle.child.signalCode === null) handle.child.kill();
  await handle.exited;
}

/**
 * When the run ended without synth taking the helper (a usage error before the command ran):
 * stops it and removes its folder once it has exited.
 */
export function discardShard(): Promise<void> {
  const handle = takeShard();
  if (!handle) return Promise.resolve();
  return stopShard(handle).then(() => rmSync(handle.dir, { recursive: true, force: true }));
}
