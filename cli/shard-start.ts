// Started by bin/blueprints before the CLI bundle loads: for `blueprints synth` on a machine with
// a second core, a helper process synthesizes part of the stacks while this one does the rest
// (cli/shard.ts). It is spawned first, so that both processes load the bundle at the same time.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";

/** What the bundle finds on `globalThis[SHARD_HANDLE]` (cli/shard.ts takes it). */
export interface ShardHandle {
  /** The helper's folder: stack claims, its output (`out/`) and its result (`result.json`). */
  readonly dir: string;
  readonly child: ChildProcess;
  /** Settles with the helper's exit code once it has exited. */
  readonly exited: Promise<number>;
}

export const SHARD_HANDLE = Symbol.for("azure-cdktf-blueprints.shard");

/** The command `argv` runs: the first argument that is neither an option nor the value of --config-dir. */
export function commandName(argv: readonly string[]): string | undefined {
  return argv.find((a, i) => !a.startsWith("-") && !["--config-dir", "-c"].includes(argv[i - 1] ?? ""));
}

/** Whether this run starts a helper: `synth` on two cores or more, not in a helper, not turned off (BLUEPRINTS_PARALLEL=0). */
export function wantsShard(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.BLUEPRINTS_SHARD_OUT || env.BLUEPRINTS_PARALLEL === "0" || process.platform === "win32") return false;
  if (argv.includes("--help") || argv.includes("-h")) return false;
  return commandName(argv) === "synth" && availableParallelism() > 1;
}

/** Spawns the helper (this command again, told where to work) and publishes its handle for the bundle. */
export function startShard(bin: string, argv: readonly string[]): void {
  const dir = mkdtempSync(join(tmpdir(), "blueprints-shard-"));
  const child = spawn(process.execPath, [bin, ...argv], { env: { ...process.env, BLUEPRINTS_SHARD_OUT: dir }, stdio: "ignore" });
  const exited = new Promise<number>((resolve) => {
    child.once("error", () => resolve(127));
    child.once("exit", (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
  const handle: ShardHandle = { dir, child, exited };
  (globalThis as Record<symbol, unknown>)[SHARD_HANDLE] = handle;
}
