import { readFileSync, readdirSync } from "node:fs";
import { basename, join } from "node:path";
import { type Alias, type Document, LineCounter, isMap, isPair, isScalar, parseDocument, visit } from "yaml";
import { type ConfigProblem, ConfigError, show } from "../core/errors";
import { didYouMean } from "../core/suggest";
import type { EnvironmentConfig } from "./environment-config";
import type { SystemDefinition } from "./system";
import { ENV_NAME, type Path, type ProblemSource, formatPath, validateEnvironment } from "./validate";

/** The parsed YAML with positions, so every later check can point at the line the user wrote. */
export class SourceMap implements ProblemSource {
  private readonly lines = new LineCounter();
  readonly doc: Document.Parsed;

  constructor(readonly file: string, text: string) {
    this.doc = parseDocument(text, { lineCounter: this.lines, prettyErrors: false, uniqueKeys: true });
  }

  /** Whether the file spells out this path. */
  has(path: Path): boolean {
    return path.length === 0 || this.doc.hasIn(path);
  }

  /**
   * Position of the value at `path`, or of its key with `key: true`. A path the file does not
   * contain (a missing key) is placed at the key of its nearest ancestor that it does contain.
   */
  position(path: Path, key = false): { line: number; column: number } {
    for (let n = path.length; n > 0; n--) {
      const sub = path.slice(0, n);
      const present = this.doc.hasIn(sub);
      if (key || !present) {
        const range = this.keyRange(sub);
        if (range) return this.at(range[0]);
      }
      const node = this.doc.getIn(sub, true) as { range?: [number, number, number] } | null | undefined;
      if (present && node?.range) return this.at(node.range[0]);
      key = true; // an ancestor of a missing path: point at its key
    }
    const root = this.doc.contents as { range?: [number, number, number] } | null;
    return root?.range ? this.at(root.range[0]) : { line: 1, column: 1 };
  }

  private keyRange(path: Path): [number, number, number] | undefined {
    const parent = path.length > 1 ? this.doc.getIn(path.slice(0, -1), true) : this.doc.contents;
    if (!isMap(parent)) return undefined;
    const pair = parent.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === path[path.length - 1]);
    return (pair?.key as { range?: [number, number, number] } | undefined)?.range;
  }

  /** The value as the user wrote it: `0000` stays `0000`, strings are quoted. */
  display(path: Path, value: unknown): string {
    const node = path.length ? this.doc.getIn(path, true) : undefined;
    if (typeof value !== "string" && isScalar(node) && typeof node.source === "string" && node.source !== "") return node.source;
    return show(value);
  }

  at(offset: number): { line: number; column: number } {
    const { line, col } = this.lines.linePos(offset);
    return { line, column: col };
  }

  problem(path: Path, message: string, key = false): ConfigProblem {
    return { file: this.file, ...this.position(path, key), path: formatPath(path), message };
  }
}

/**
 * The YAML parser notices an unclosed `[`, `{` or quote only where the text after it stops
 * making sense (the next key, or the end of the file). Point at the opening instead: the last
 * value before the error that starts with it and does not close on its line.
 */
function unclosedOpening(text: string, err: { code: string; message: string; pos: [number, number] }): { offset: number; message: string } | undefined {
  const kinds = [
    { when: err.code === "MISSING_CHAR" && err.message.includes('"'), open: '"', message: 'the double-quoted string opened here is never closed (missing ")' },
    { when: err.code === "MISSING_CHAR" && err.message.includes("'"), open: "'", message: "the single-quoted string opened here is never closed (missing ')" },
    { when: /Flow sequence/.test(err.message), open: "[", message: 'the flow sequence "[" opened here is not closed with "]"' },
    { when: /Flow mapping/.test(err.message), open: "{", message: 'the flow mapping "{" opened here is not closed with "}"' },
  ];
  const kind = kinds.find((k) => k.when);
  if (!kind) return undefined;
  const close = { '"': '"', "'": "'", "[": "]", "{": "}" }[kind.open]!;
  const lines = text.slice(0, err.pos[0]).split("\n");
  for (let i = lines.length - 1, offset = err.pos[0] - lines[lines.length - 1].length; i >= 0; i--) {
    const m = new RegExp(`^(\\s*(?:- |[^#"'\\n]*?:\\s+))\\${kind.open}([^${close === "]" ? "\\]" : close}]*)$`).exec(lines[i]);
    if (m) return { offset: offset + m[1].length, message: kind.message };
    offset -= (lines[i - 1]?.length ?? 0) + 1;
  }
  return undefined;
}


/** Options of the loader. */
export interface LoadEnvironmentOptions {
  /** The date systems' checks judge retired versions at, `YYYY-MM-DD` (the CLI's `--date`). @default - today (UTC) */
  readonly date?: string;
}

/**
 * Loads and validates one environment file. Throws a ConfigError listing every problem as
 * `file:line:column key.path: value what-is-wrong (allowed ...)`.
 */
export function loadEnvironment(file: string, systems: readonly SystemDefinition[], options: LoadEnvironmentOptions = {}): EnvironmentConfig {
  const name = basename(file).replace(/\.ya?ml$/, "");
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw new ConfigError([{ file, line: 0, column: 0, path: "", message: `cannot be read: ${(e as NodeJS.ErrnoException).code ?? String(e)}` }]);
  }
  const source = new SourceMap(file, text);
  const problems: ConfigProblem[] = [];
  if (!ENV_NAME.test(name)) {
    problems.push({ file, line: 0, column: 0, path: "", message: `file name ${show(name)} is not an environment name (allowed: a lowercase letter, then up to 15 lowercase letters, digits or hyphens, e.g. dev.yaml)` });
  }
  // Later YAML errors are usually consequences of the first: report that one.
  const err = source.doc.errors[0];
  if (err) {
    const opened = unclosedOpening(text, err);
    const { line, column } = source.at(opened?.offset ?? err.pos[0]);
    const message =
      opened ? opened.message
      : err.code === "MULTIPLE_DOCS" ? "the file holds more than one YAML document (an environment file is one mapping)"
      : err.code === "DUPLICATE_KEY" ? `duplicate key ${show((/^[^:\n]*/.exec(text.slice(err.pos[0])) ?? [""])[0].trim())}`
      : err.message.split("\n")[0];
    throw new ConfigError([...problems, { file, line, column, path: "", message: `YAML syntax error: ${message}` }]);
  }
  let data: unknown;
  try {
    data = source.doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    // Unresolved or excessive aliases surface only when the document is converted.
    let unresolved: Alias | undefined;
    visit(source.doc, {
      Alias(_key, node) {
        if (!unresolved && !node.resolve(source.doc)) unresolved = node;
      },
    });
    const where = unresolved?.range ? source.at(unresolved.range[0]) : { line: 1, column: 1 };
    const message = unresolved
      ? `YAML syntax error: unresolved alias *${unresolved.source} (no anchor &${unresolved.source} before it)`
      : `YAML error: ${(e as Error).message.split("\n")[0]}`;
    throw new ConfigError([...problems, { file, ...where, path: "", message }]);
  }
  if (data === null || data === undefined) {
    throw new ConfigError([...problems, { file, line: 1, column: 1, path: "", message: "is empty (expected a mapping with tier, subscriptionId, location, stateBackend and alerts)" }]);
  }
  return validateEnvironment(name, file, data, source, systems, problems, { date: options.date });
}

/**
 * Loads every `*.yaml` in `dir` (or only `names`), collecting the problems of all files into one
 * ConfigError so a user sees everything to fix in one run.
 */
export function loadEnvironments(dir: string, systems: readonly SystemDefinition[], names?: readonly string[], options: LoadEnvironmentOptions = {}): EnvironmentConfig[] {
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort();
  } catch (e) {
    throw new ConfigError([{ file: dir, line: 0, column: 0, path: "", message: `cannot be read: ${(e as NodeJS.ErrnoException).code ?? String(e)}` }]);
  }
  const available = files.map((f) => f.replace(/\.ya?ml$/, ""));
  if (available.length === 0) {
    throw new ConfigError([{ file: dir, line: 0, column: 0, path: "", message: "holds no environment files (expected <env>.yaml, e.g. dev.yaml)" }]);
  }
  const chosen = names ?? available;
  const problems: ConfigProblem[] = [];
  const configs: EnvironmentConfig[] = [];
  for (const env of chosen) {
    const i = available.indexOf(env);
    if (i < 0) {
      const hint = didYouMean(env, available);
      problems.push({ file: join(dir, `${env}.yaml`), line: 0, column: 0, path: "", message: `no such environment${hint ? `; did you mean "${hint}"?` : ""} (available: ${available.join(", ") || "none"})` });
      continue;
    }
    try {
      configs.push(loadEnvironment(join(dir, files[i]), systems, options));
    } catch (e) {
      if (e instanceof ConfigError) problems.push(...e.problems);
      else throw e;
    }
  }
  if (problems.length) throw new ConfigError(problems);
  return configs;
}
