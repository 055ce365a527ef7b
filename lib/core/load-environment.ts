import { readFileSync, readdirSync } from "node:fs";
import { basename, join } from "node:path";
import { closest, distance } from "fastest-levenshtein";
import { type Alias, type Document, LineCounter, isMap, isPair, isScalar, parseDocument, visit } from "yaml";
import { z } from "zod";
import { type EnvironmentConfig, type EnvironmentFile, environmentSchema } from "./environment";
import { type ConfigProblem, ConfigError, show } from "./errors";
import { type ProfileShape, type SystemDefinition, resolveProfile } from "./system";

type Path = readonly (string | number)[];

/** Formats a key path: `systems.dot-copilot.postgres.sku`, `alerts.emails[0].address`. */
export function formatPath(path: Path): string {
  return path.reduce<string>((acc, k) => (typeof k === "number" ? `${acc}[${k}]` : acc ? `${acc}.${k}` : k), "");
}

/** Suggests the closest candidate when it is close enough to be a typo. */
export function didYouMean(value: string, candidates: readonly string[]): string | undefined {
  if (candidates.length === 0) return undefined;
  const exactCase = candidates.find((c) => c.toLowerCase() === value.toLowerCase());
  if (exactCase) return exactCase;
  const lower = candidates.map((c) => c.toLowerCase());
  const best = closest(value.toLowerCase(), lower);
  return distance(value.toLowerCase(), best) <= Math.max(2, Math.floor(value.length / 3)) ? candidates[lower.indexOf(best)] : undefined;
}

/** The parsed YAML with positions, so every later check can point at the line the user wrote. */
export class SourceMap {
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

function valueAt(data: unknown, path: Path): unknown {
  let v: unknown = data;
  for (const k of path) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<string | number, unknown>)[k];
  }
  return v;
}

/** The object schema at `path` (through optionals, arrays and records), to list allowed keys. */
function schemaAt(schema: z.ZodType, path: Path): z.ZodType | undefined {
  let s: z.ZodType | undefined = schema;
  for (const k of path) {
    s = unwrap(s);
    if (s instanceof z.ZodObject) s = s.shape[k as string] as z.ZodType | undefined;
    else if (s instanceof z.ZodArray) s = s.element as z.ZodType;
    else if (s instanceof z.ZodRecord) s = s.valueType as z.ZodType;
    else return undefined;
  }
  return s && unwrap(s);
}

function unwrap(s: z.ZodType | undefined): z.ZodType | undefined {
  while (s instanceof z.ZodOptional || s instanceof z.ZodDefault || s instanceof z.ZodPipe) {
    s = (s instanceof z.ZodPipe ? s.in : s.unwrap()) as z.ZodType;
  }
  return s;
}

const OUR_MESSAGE = /^(is|has|breaks) /;

function article(type: string): string {
  const names: Record<string, string> = {
    object: "a mapping", record: "a mapping", map: "a mapping", array: "a list", string: "a string", number: "a number",
    int: "an integer", boolean: "a boolean (true or false)",
  };
  return names[type] ?? type;
}

/** Turns one zod issue into positioned problems (one per unknown key). */
function problemsOf(issue: z.core.$ZodIssue, data: unknown, source: SourceMap, schema: z.ZodType): ConfigProblem[] {
  const path = issue.path as Path;
  const value = valueAt(data, path);
  const ours = OUR_MESSAGE.test(issue.message) ? issue.message : undefined;
  switch (issue.code) {
    case "unrecognized_keys": {
      const s = schemaAt(schema, path);
      const allowed = s instanceof z.ZodObject ? Object.keys(s.shape) : [];
      return issue.keys.map((key) => {
        const hint = didYouMean(key, allowed);
        const allowedText = allowed.length ? `allowed: ${allowed.join(", ")}` : "no keys are allowed here";
        return source.problem([...path, key], `unknown key${hint ? `; did you mean "${hint}"?` : ""} (${allowedText})`, true);
      });
    }
    case "invalid_type": {
      const expected = ours?.startsWith("is not ") ? ours.slice("is not ".length) : article(issue.expected);
      if (value === undefined) return [source.problem(path, `is required but missing (expected ${expected})`, true)];
      if (value === null) return [source.problem(path, `has no value (expected ${expected})`, true)];
      if (path.length === 0) return [source.problem(path, `the document is ${source.display(path, value)}, not a mapping of settings`)];
      // YAML reads 0000 as a number and yes as a string: suggest quotes only where they would help.
      const quoted = issue.expected === "string" && typeof value !== "object" && schemaAt(schema, path)?.safeParse(source.display(path, value)).success;
      return [source.problem(path, `${source.display(path, value)} ${ours ?? `is not ${expected}`}${quoted ? "; put it in quotes" : ""}`)];
    }
    case "invalid_key": {
      // A record key (a tag name) breaking its rule: report the key, at the key.
      const key = String(path[path.length - 1]);
      const inner = issue.issues[0];
      const message = inner && OUR_MESSAGE.test(inner.message) ? inner.message : key === "" ? "is empty" : "is not allowed as a key";
      return [source.problem(path, `${show(key)} ${key === "" ? "is empty (a key needs at least 1 character)" : message}`, true)];
    }
    case "invalid_value": {
      const values = issue.values.map(String);
      const expected = values.length > 12 ? `expected ${ours?.replace(/^is not /, "") ?? "an allowed value"}, e.g. ${values.includes("eastus2") ? "eastus2" : values[0]}` : `allowed: ${values.join(", ")}`;
      if (value === undefined) return [source.problem(path, `is required but missing (${expected})`, true)];
      if (value === null) return [source.problem(path, `has no value (${expected})`, true)];
      const hint = typeof value === "string" ? didYouMean(value, values) : undefined;
      if (values.length > 12) {
        return [source.problem(path, `${source.display(path, value)} ${ours ?? "is not allowed"}${hint ? `; did you mean "${hint}"?` : ""}`)];
      }
      const text = ours ?? `is not allowed (allowed: ${values.join(", ")})`;
      return [source.problem(path, `${source.display(path, value)} ${text}${hint ? `; did you mean "${hint}"?` : ""}`)];
    }
    case "too_small":
    case "too_big": {
      if (ours) return [source.problem(path, `${source.display(path, value)} ${ours}`)];
      const bound = String(issue.code === "too_small" ? issue.minimum : issue.maximum);
      const what =
        issue.origin === "string" && issue.code === "too_small" && value === "" ? "empty (at least 1 character)"
        : issue.origin === "string" ? `${issue.code === "too_small" ? "shorter" : "longer"} than allowed (${issue.code === "too_small" ? "at least" : "at most"} ${bound} characters)`
        : issue.origin === "array" ? `${issue.code === "too_small" ? "too short" : "too long"} (${issue.code === "too_small" ? "at least" : "at most"} ${bound} entries)`
        : `out of range (${issue.code === "too_small" ? "minimum" : "maximum"} ${bound})`;
      return [source.problem(path, `${source.display(path, value)} is ${what}`)];
    }
    default:
      if (issue.code === "custom" && (issue.params as { atKey?: boolean } | undefined)?.atKey) {
        // A problem with the key itself (a reserved tag name): shown and positioned at the key.
        return [source.problem(path, `${show(String(path[path.length - 1]))} ${issue.message}`, true)];
      }
      return [source.problem(path, `${source.display(path, value)} ${ours ?? issue.message}`)];
  }
}

const ENV_NAME = /^[a-z][a-z0-9-]{0,15}$/;

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

/**
 * Loads and validates one environment file. Throws a ConfigError listing every problem as
 * `file:line:column key.path: value what-is-wrong (allowed ...)`.
 */
export function loadEnvironment(file: string, systems: readonly SystemDefinition[]): EnvironmentConfig {
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
    throw new ConfigError([...problems, { file, line: 1, column: 1, path: "", message: "is empty (expected a mapping with tier, subscriptionId, location, stateBackend, alerts and systems)" }]);
  }
  const schema = environmentSchema(systems);
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) problems.push(...problemsOf(issue, data, source, schema));
    throw new ConfigError(sortProblems(problems));
  }
  if (problems.length) throw new ConfigError(problems);
  const config = toConfig(name, file, parsed.data);
  for (const system of systems) {
    const section = config.systems[system.id];
    if (!section?.enabled || !system.check) continue;
    const at = (...keys: string[]) => ["systems", system.id, ...keys];
    // One line per key: a value that breaks several requirements gets them joined on its line.
    const byKey = new Map<string, number>();
    for (const issue of system.check(systemProfile(config, system), config, at)) {
      const report = issue.reports.find((r) => source.has(r.path)) ?? issue.reports[0];
      const key = formatPath(report.path);
      const earlier = byKey.get(key);
      if (earlier !== undefined) {
        problems[earlier] = { ...problems[earlier], message: `${problems[earlier].message}; and ${report.message}` };
        continue;
      }
      // The value as written, a system setting's tier default, or nothing for a key the file lacks.
      const shown =
        source.has(report.path) ? `${source.display(report.path, valueAt(data, report.path))} `
        : report.path[0] === "systems" ? `${show(valueAt(systemProfileData(config, system), report.path.slice(2)))} (${config.tier} tier default) `
        : "";
      byKey.set(key, problems.length);
      problems.push(source.problem(report.path, `${shown}${report.message}`));
    }
  }
  if (problems.length) throw new ConfigError(sortProblems(problems));
  return config;
}

function sortProblems(problems: ConfigProblem[]): ConfigProblem[] {
  return [...problems].sort((a, b) => a.line - b.line || a.column - b.column);
}

function toConfig(name: string, file: string, f: EnvironmentFile): EnvironmentConfig {
  return {
    name,
    file,
    tier: f.tier,
    subscriptionId: f.subscriptionId,
    tenantId: f.tenantId,
    location: f.location,
    secondaryLocation: f.secondaryLocation,
    naming: f.naming ?? {},
    tags: f.tags ?? {},
    stateBackend: { ...f.stateBackend, location: f.stateBackend.location ?? f.location, bootstrapState: f.stateBackend.bootstrapState ?? "local" },
    alerts: f.alerts,
    network: { allowedIpRanges: f.network?.allowedIpRanges ?? [] },
    deployer: { ipRanges: f.deployer?.ipRanges ?? [] },
    systems: f.systems as EnvironmentConfig["systems"],
  };
}

function systemProfileData(env: EnvironmentConfig, system: SystemDefinition): unknown {
  return systemProfile(env, system);
}

/** The system's tier defaults for this environment with the file's overrides applied. */
export function systemProfile<P extends ProfileShape>(env: EnvironmentConfig, system: SystemDefinition<P>): P {
  const section = env.systems[system.id] ?? {};
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  const { enabled: _enabled, ...overrides } = section as Record<string, unknown>;
  return resolveProfile(system.tiers[env.tier], overrides as Partial<P>);
}

/**
 * Loads every `*.yaml` in `dir` (or only `names`), collecting the problems of all files into one
 * ConfigError so a user sees everything to fix in one run.
 */
export function loadEnvironments(dir: string, systems: readonly SystemDefinition[], names?: readonly string[]): EnvironmentConfig[] {
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
      configs.push(loadEnvironment(join(dir, files[i]), systems));
    } catch (e) {
      if (e instanceof ConfigError) problems.push(...e.problems);
      else throw e;
    }
  }
  if (problems.length) throw new ConfigError(problems);
  return configs;
}
