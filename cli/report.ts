// The synth summary as the CLI prints it: shared by the full CLI (cli/program.ts) and the cached
// synth (cli/synth-fast.ts), which prints it without loading the bundle (so: node:path only).
import { join } from "node:path";
import type { RemovedStack } from "./publish";

export interface Io {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
}

/** Renders rows as an aligned plain-text table. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]))).join("  ");
  return [line(header), ...rows.map(line)];
}

/** `1 stack`, `2 stacks`: a count and its noun, singular for one. */
export function count(n: number, noun: string, plural = `${noun}s`): string {
  return `${n} ${n === 1 ? noun : plural}`;
}

/** A stack's policy verdict as the summary shows it: its unsuppressed warnings and its suppressed findings. */
export interface PolicyCounts {
  readonly warnings: number;
  readonly suppressed: number;
}

/** `ok`, or the counts of what needs attention. */
export function policyCell(p: PolicyCounts): string {
  const parts = [p.warnings ? count(p.warnings, "warning") : "", p.suppressed ? `${p.suppressed} suppressed` : ""].filter(Boolean);
  return parts.length ? `ok (${parts.join(", ")})` : "ok";
}

/** What the synth summary shows. */
export interface SynthReport {
  /** The output folder, as shown (relative to the working directory). */
  readonly out: string;
  /** `cached`: copied from the synth cache (its environment file and everything else that determines it are unchanged). */
  readonly stacks: readonly { readonly name: string; readonly resources: number; readonly milliseconds: number; readonly policy: PolicyCounts; readonly cached?: boolean }[];
  readonly warnings: readonly string[];
  readonly removed: readonly RemovedStack[];
  readonly milliseconds: number;
  /** The whole run was served from the synth cache: nothing that determines the output changed since it was stored. */
  readonly cached: boolean;
}

/** The synth summary: the table, warnings, removed stacks and the closing line. */
export function printSynthReport(io: Io, r: SynthReport): void {
  for (const l of table(["STACK", "RESOURCES", "TIME", "POLICY"], r.stacks.map((s) => [s.name, String(s.resources), s.cached ? "cached" : `${s.milliseconds} ms`, policyCell(s.policy)]))) io.out(l);
  for (const w of r.warnings) io.err(`warning: ${w}`);
  for (const removed of r.removed) {
    const folder = join(r.out, "stacks", removed.name);
    const what = removed.kept.length ? `deleted what synth wrote in ${folder}/, kept ${removed.kept.join(", ")}` : `deleted ${folder}/`;
    io.out(`removed stack ${removed.name} (no environment produces it any more; resources it deployed are not destroyed): ${what}`);
  }
  const cached = r.stacks.filter((s) => s.cached).length;
  const how =
    r.cached
      ? `copied from the synth cache in ${r.milliseconds} ms (nothing that determines the output changed; --no-cache rebuilds)`
      : cached
        ? `synthesized in ${r.milliseconds} ms (${cached} copied from the synth cache: nothing that determines them changed; --no-cache rebuilds)`
        : `synthesized in ${r.milliseconds} ms`;
  io.out(`${count(r.stacks.length, "stack")} ${how} to ${r.out}; policy reports beside each stack`);
}
