// `blueprints export`: a plain-Terraform bundle of the selected stacks for an operations team (lib/export).
import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, realpathSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { UsageError } from "../lib/core/errors";
import { type TerraformJsonDocument, buildDiagram, renderSvg, toDot, toMermaid } from "../lib/diagram";
import { BUNDLE_README_TITLE, type ExportStackInput, exportBundle, parseSha256Sums, tarGz } from "../lib/export";
import { loadEnvironments } from "../lib/framework/load-environment";
import type { SystemDefinition } from "../lib/framework/system";
import { planStacks } from "../stacks/app";
import { synth } from "./synth";
import type { SynthCache } from "./synth-cache";
import { commandName } from "./shard-start";

export interface ExportCommandOptions {
  readonly environmentsDir: string;
  readonly environments?: readonly string[];
  readonly systems?: readonly string[];
  readonly registry: readonly SystemDefinition[];
  /** The bundle's folder: new, empty, or an earlier export. */
  readonly out: string;
  /** Also write `<out>.tar.gz`. */
  readonly archive?: boolean;
  /** The date the lifecycle rules judge at (the policy reports), `YYYY-MM-DD`. @default - today (UTC) */
  readonly date?: string;
  /** The synth cache (`--no-cache` leaves it out). @default - none */
  readonly cache?: SynthCache;
}

/** Whether `argv` runs `blueprints export` (the CLI awaits it: SVG rendering is asynchronous). */
export function isExportCommand(argv: readonly string[]): boolean {
  return commandName(argv) === "export";
}

/** `path` with symbolic links resolved; the part that does not exist yet is appended as given. */
function realPath(path: string): string {
  let existing = resolve(path);
  while (!existsSync(existing) && dirname(existing) !== existing) existing = dirname(existing);
  return join(realpathSync.native(existing), relative(existing, resolve(path)));
}

/** Whether `inner` is `outer` or inside it. */
function contains(outer: string, inner: string): boolean {
  const r = relative(outer, inner);
  return r === "" || (r !== ".." && !r.startsWith(`..${sep}`) && !isAbsolute(r));
}

/** Every file and folder under `dir`, `/`-separated, relative to it; folders end in `/`. */
function listTree(dir: string, prefix = ""): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .flatMap((e) => (e.isDirectory() && !e.isSymbolicLink() ? [`${prefix}${e.name}/`, ...listTree(join(dir, e.name), `${prefix}${e.name}/`)] : [`${prefix}${e.name}`]));
}

/**
 * Refuses an `--out` export could destroy something in: the working directory or a parent of it,
 * the environment files' folder or one holding it, a file, or a folder that is neither empty nor
 * an earlier export. An earlier export is recognised by its README's first line and its
 * SHA256SUMS, and must hold nothing else (a state file, `.terraform/`): replacing it would delete
 * what export did not write. Throws a UsageError (exit 2).
 */
export function checkExportOut(out: string, configDir: string): void {
  const shown = `--out ${out}`;
  const target = realPath(out);
  if (contains(target, realPath(process.cwd()))) throw new UsageError(`${shown} is the working directory or a parent of it; export replaces its output folder as a whole: choose a folder of its own, e.g. --out ops-bundle`);
  if (contains(target, realPath(configDir))) throw new UsageError(`${shown} is or holds the environment files' folder (--config-dir ${configDir}); choose a folder of its own, e.g. --out ops-bundle`);
  const stat = lstatSync(out, { throwIfNoEntry: false });
  if (!stat) return;
  if (!stat.isDirectory()) throw new UsageError(`${shown} is not a folder; export writes a folder (and with --archive, <out>.tar.gz beside it): choose another path`);
  const entries = listTree(out);
  if (entries.length === 0) return;
  const notExport = (why: string) =>
    new UsageError(`${shown} is not empty and is not an earlier export (${why}); export writes only into a new folder, an empty one or its own earlier output, so it never deletes files it did not write: choose another folder, or empty this one yourself`);
  let title: string;
  let sums: Map<string, string>;
  try {
    title = readFileSync(join(out, "README.md"), "utf8").split("\n")[0];
    sums = parseSha256Sums(readFileSync(join(out, "SHA256SUMS"), "utf8"));
  } catch {
    throw notExport("it has no bundle README.md and SHA256SUMS");
  }
  if (title !== BUNDLE_README_TITLE) throw notExport(`its README.md does not start with "${BUNDLE_README_TITLE}"`);
  const extra = entries.filter((e) => !e.endsWith("/") && e !== "SHA256SUMS" && !sums.has(e));
  const extraFolders = entries.filter((e) => e.endsWith("/") && ![...sums.keys()].some((f) => f.startsWith(e)));
  const others = [...extra, ...extraFolders];
  if (others.length) {
    const shownFiles = others.slice(0, 5).join(", ") + (others.length > 5 ? `, and ${others.length - 5} more` : "");
    throw new UsageError(
      `${shown} is an earlier export that now holds files export did not write (${shownFiles}: a state file, .terraform/, a plan?); replacing the bundle would delete them: move them out (keep a terraform.tfstate safe), or export to another folder`,
    );
  }
}

/** The stacks' synthesized JSON, policy reports, assets and manifest dependencies, from a scratch synthesis. */
function synthesize(options: ExportCommandOptions): Omit<ExportStackInput, "mermaid" | "svg">[] {
  const scratch = mkdtempSync(join(tmpdir(), "blueprints-export-"));
  try {
    const out = join(scratch, "out");
    const result = synth({ environmentsDir: options.environmentsDir, environments: options.environments, systems: options.systems, registry: options.registry, outdir: out, date: options.date, cache: options.cache });
    const manifest = JSON.parse(readFileSync(join(out, "manifest.json"), "utf8")) as { stacks: Record<string, { dependencies?: string[] }> };
    const plans = new Map(planStacks(loadEnvironments(options.environmentsDir, options.registry, options.environments), options.registry, options.systems).map((p) => [p.name, p]));
    return result.stacks.map(({ name }) => {
      const dir = join(out, "stacks", name);
      const assetsDir = join(dir, "assets");
      const assets = existsSync(assetsDir)
        ? new Map(listTree(assetsDir).filter((p) => !p.endsWith("/")).map((p) => [p, readFileSync(join(assetsDir, ...p.split("/")))] as const))
        : undefined;
      const plan = plans.get(name);
      return {
        name,
        system: plan?.system ?? name,
        environment: plan?.environment ?? "",
        dependencies: [...(manifest.stacks[name]?.dependencies ?? [])],
        json: JSON.parse(readFileSync(join(dir, "cdk.tf.json"), "utf8")) as ExportStackInput["json"],
        policyJson: readFileSync(join(dir, "policy-report.json"), "utf8"),
        policyMarkdown: readFileSync(join(dir, "policy-report.md"), "utf8"),
        assets,
      };
    });
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * Runs `blueprints export`: synthesizes the selected stacks (policy errors fail it, exit 5, as in
 * synth), builds the whole bundle in memory, writes it into a staging folder beside `--out` and
 * renames it into place (replacing an earlier export), then `<out>.tar.gz` the same way. An error
 * at any point leaves `--out` and the archive as they were.
 */
export async function exportCommand(options: ExportCommandOptions, out: (line: string) => void): Promise<void> {
  const target = resolve(options.out);
  const archive = `${target}.tar.gz`;
  checkExportOut(options.out, options.environmentsDir);
  if (options.archive) {
    const a = lstatSync(archive, { throwIfNoEntry: false });
    if (a && !(a.isFile() && readFileSync(archive).subarray(0, 2).equals(Buffer.from([0x1f, 0x8b])))) {
      throw new UsageError(`--archive: ${relative(process.cwd(), archive) || archive} exists and is not a gzip archive; export replaces only an earlier archive: move it, or choose another --out`);
    }
  }
  const synthesized = synthesize(options);
  if (synthesized.length === 0) throw new UsageError("no stack selected: the environments enable none of the selected systems (see `blueprints list`)");
  const stacks: ExportStackInput[] = await Promise.all(
    synthesized.map(async (s) => {
      const diagram = buildDiagram(s.name, s.json as TerraformJsonDocument);
      return { ...s, mermaid: toMermaid(diagram), svg: await renderSvg(toDot(diagram)) };
    }),
  );
  const files = exportBundle(stacks);
  const tar = options.archive ? tarGz(basename(target), [...files].map(([path, content]) => ({ path, content: typeof content === "string" ? Buffer.from(content) : content }))) : undefined;

  mkdirSync(dirname(target), { recursive: true });
  const staging = mkdtempSync(join(dirname(target), `.${basename(target)}.blueprints-export-`));
  const archiveTmp = `${staging}.tar.gz`;
  try {
    chmodSync(staging, 0o755); // mkdtemp makes it private; the bundle is for others to read
    for (const [path, content] of files) {
      const file = join(staging, ...path.split("/"));
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, content);
    }
    if (tar) writeFileSync(archiveTmp, tar);
    checkExportOut(options.out, options.environmentsDir); // again: the folder may have changed meanwhile
    if (existsSync(target)) {
      const old = `${staging}.old`;
      renameSync(target, old);
      renameSync(staging, target);
      rmSync(old, { recursive: true, force: true });
    } else renameSync(staging, target);
    if (tar) renameSync(archiveTmp, archive);
  } finally {
    rmSync(staging, { recursive: true, force: true });
    rmSync(archiveTmp, { force: true });
  }
  const shown = relative(process.cwd(), target) || target;
  out(`exported ${stacks.length} ${stacks.length === 1 ? "stack" : "stacks"} to ${shown} (${files.size} files; check them with \`sha256sum -c SHA256SUMS\` in that folder)`);
  if (tar) out(`wrote ${shown}.tar.gz`);
}
