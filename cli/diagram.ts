// `blueprints diagram`: architecture diagrams of the selected stacks, drawn from the JSON synth writes.
import { mkdtempSync, readFileSync, renameSync, rmSync, statSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join, relative, resolve } from "node:path";
import { UsageError } from "../lib/core/errors";
import { type Diagram, buildDiagram, diagramMarkers, renderSvg, toDot, toMermaid, updateDiagramMarkers } from "../lib/diagram";
import type { SystemDefinition } from "../lib/framework/system";
import type { PolicyReport } from "../lib/policy/engine";
import { synth } from "./synth";
import type { SynthCache } from "./synth-cache";
import { commandName } from "./shard-start";

export type DiagramFormat = "mermaid" | "dot" | "svg";

export const DIAGRAM_FORMATS: readonly DiagramFormat[] = ["mermaid", "dot", "svg"];

/** The file extension of each format under `--out`. */
export const DIAGRAM_EXTENSIONS: Readonly<Record<DiagramFormat, string>> = { mermaid: "mmd", dot: "dot", svg: "svg" };

export interface DiagramCommandOptions {
  readonly environmentsDir: string;
  readonly environments?: readonly string[];
  readonly systems?: readonly string[];
  readonly registry: readonly SystemDefinition[];
  readonly format: DiagramFormat;
  /** A folder: one file per stack. @default - stdout */
  readonly out?: string;
  /** A Markdown file whose diagram markers are rewritten. */
  readonly update?: string;
  /** Whether `--format` was given (it may not be with `--update`). */
  readonly formatGiven: boolean;
  /** The synth cache (`--no-cache` leaves it out). @default - none */
  readonly cache?: SynthCache;
}

/** Whether `argv` runs `blueprints diagram` (the CLI awaits it: SVG rendering is asynchronous). */
export function isDiagramCommand(argv: readonly string[]): boolean {
  return commandName(argv) === "diagram";
}

/**
 * The stacks' synthesized JSON, in plan order: the same synthesis as `blueprints synth` (validation,
 * constructs, policy), written to a scratch folder that is removed afterwards. Policy errors do
 * not stop a diagram (`blueprints check` reports them).
 */
export function synthesizedStacks(options: Pick<DiagramCommandOptions, "environmentsDir" | "environments" | "systems" | "registry" | "cache"> & { date?: string }): { name: string; json: unknown; policy: PolicyReport }[] {
  const scratch = mkdtempSync(join(tmpdir(), "blueprints-diagram-"));
  try {
    const out = join(scratch, "out");
    const result = synth({
      environmentsDir: options.environmentsDir, environments: options.environments, systems: options.systems, registry: options.registry, outdir: out, failOnPolicyErrors: false, date: options.date, cache: options.cache,
    });
    return result.stacks.map((s) => ({ name: s.name, json: JSON.parse(readFileSync(join(out, "stacks", s.name, "cdk.tf.json"), "utf8")) as unknown, policy: s.policy }));
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** Runs `blueprints diagram`; everything is rendered before anything is written, so an error leaves no file behind. */
export async function diagramCommand(options: DiagramCommandOptions, out: (line: string) => void): Promise<void> {
  const { format } = options;
  if (options.update !== undefined) {
    if (options.out !== undefined) throw new UsageError("--update and --out cannot be combined: --update rewrites the diagrams in a Markdown file, --out writes one file per stack");
    if (options.formatGiven && format !== "mermaid") throw new UsageError(`--update writes Mermaid diagrams (GitHub renders them in Markdown); --format ${format} cannot be combined with it`);
    return updateMarkdown(options, out);
  }
  if (options.out !== undefined) checkOutFolder(options.out);
  const diagrams = synthesizedStacks(options).map((s) => buildDiagram(s.name, s.json as Parameters<typeof buildDiagram>[1]));
  if (diagrams.length === 0) throw new UsageError("no stack selected: the environments enable none of the selected systems (see `blueprints list`)");
  if (format === "svg" && options.out === undefined && diagrams.length > 1) {
    throw new UsageError(`--format svg writes one SVG file per stack: give --out <folder>, or select one stack with --env and --system (selected: ${diagrams.length} stacks)`);
  }
  const texts = await Promise.all(diagrams.map((d) => render(d, format)));
  if (options.out === undefined) {
    if (diagrams.length === 1) out(texts[0].trimEnd());
    else if (format === "mermaid") out(diagrams.map((d, i) => `### ${d.stack}\n\n\`\`\`mermaid\n${texts[i]}\`\`\``).join("\n\n"));
    else out(texts.join("\n").trimEnd());
    return;
  }
  mkdirSync(options.out, { recursive: true });
  diagrams.forEach((d, i) => {
    const file = join(options.out!, `${d.stack}.${DIAGRAM_EXTENSIONS[format]}`);
    writeAtomically(file, texts[i]);
    out(`wrote ${relative(process.cwd(), resolve(file)) || file}`);
  });
}

/** One diagram in a format. */
export async function render(d: Diagram, format: DiagramFormat): Promise<string> {
  if (format === "mermaid") return toMermaid(d);
  const dot = toDot(d);
  return format === "dot" ? dot : renderSvg(dot);
}

/** `--update <file>`: the Mermaid diagram of each stack the file has markers for, written between its markers. */
function updateMarkdown(options: DiagramCommandOptions, out: (line: string) => void): void {
  const file = options.update!;
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw new UsageError(`--update ${file}: cannot read it (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  const names = diagramMarkers(text, file);
  if (names.length === 0) throw new UsageError(`--update ${file}: the file has no diagram markers; add <!-- diagram:<stack>:start --> and <!-- diagram:<stack>:end --> where a diagram goes`);
  const stacks = new Map(synthesizedStacks(options).map((s) => [s.name, s.json]));
  const missing = names.filter((n) => !stacks.has(n));
  if (missing.length) {
    throw new UsageError(`--update ${file}: no selected stack is named ${missing.map((m) => JSON.stringify(m)).join(", ")} (selected: ${[...stacks.keys()].join(", ") || "none"}); fix the marker or the --env/--system selection`);
  }
  const updated = updateDiagramMarkers(text, (name) => toMermaid(buildDiagram(name, stacks.get(name) as Parameters<typeof buildDiagram>[1])), file);
  if (updated !== text) writeAtomically(file, updated);
  out(`${updated === text ? "unchanged" : "updated"} ${file}: ${names.join(", ")}`);
}

/** `--out` must be a folder or not exist yet. */
function checkOutFolder(folder: string): void {
  const stat = statSync(folder, { throwIfNoEntry: false });
  if (stat && !stat.isDirectory()) throw new UsageError(`--out ${folder} is a file, not a folder; diagram writes one file per stack (<stack>.mmd, .dot or .svg) into a folder`);
}

/** Writes `text` through a temporary file in the same folder, so a reader never sees half of it. */
function writeAtomically(file: string, text: string): void {
  const tmp = join(dirname(resolve(file)), `.${basename(file)}.${process.pid}.blueprints.tmp`);
  writeFileSync(tmp, text);
  renameSync(tmp, file);
}
