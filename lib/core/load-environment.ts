import { readFileSync, readdirSync } from "node:fs";
import { basename, join } from "node:path";
import { closest, distance } from "fastest-levenshtein";
import { type Document, LineCounter, isMap, isPair, isScalar, parseDocument } from "yaml";
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
  const best = closest(value, candidates as string[]);
  return distance(value, best) <= Math.max(2, Math.floor(value.length / 3)) ? best : undefined;
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
    return path.length === 0 || this.doc.getIn(path, true) !== undefined;
  }

  /** Position of the value at `path`, or of its key with `key: true`; falls back to the nearest ancestor present. */
  position(path: Path, key = false): { line: number; column: number } {
    for (let n = path.length; n >= 0; n--) {
      const sub = path.slice(0, n);
      if (key && n === path.length && n > 0) {
        const parent = sub.length > 1 ? this.doc.getIn(sub.slice(0, -1), true) : this.doc.contents;
        if (isMap(parent)) {
          const pair = parent.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === sub[sub.length - 1]);
          const range = (pair?.key as { range?: [number, number, number] } | undefined)?.range;
          if (range) return this.at(range[0]);
        }
      }
      const node = (n === 0 ? this.doc.contents : this.doc.getIn(sub, true)) as { range?: [number, number, number] } | null;
      if (node?.range) return this.at(node.range[0]);
    }
    return { line: 1, column: 1 };
  }

  /** The value as the user wrote it: `0000` stays `0000`, strings are quoted. */
  display(path: Path, value: unknown): string {
    const node = path.length ? this.doc.getIn(path, true) : undefined;
    if (typeof value !== "string" && isScalar(node) && typeof node.source === "string") return node.source;
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
    object: "a mapping", array: "a list", string: "a string", number: "a number", boolean: "a boolean (true or false)",
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
      if (value === undefined) {
        const expected = ours?.startsWith("is not ") ? ours.slice("is not ".length) : article(issue.expected);
        return [source.problem(path, `is required but missing (expected ${expected})`, true)];
      }
      if (path.length === 0) return [source.problem(path, `the document is ${source.display(path, value)}, not a mapping of settings`)];
      const quote = issue.expected === "string" && value !== null && typeof value !== "object" ? "; put it in quotes" : "";
      return [source.problem(path, `${source.display(path, value)} ${ours ?? `is not ${article(issue.expected)}`}${quote}`)];
    }
    case "invalid_value": {
      const values = issue.values.map(String);
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
        issue.origin === "string" ? `${issue.code === "too_small" ? "shorter" : "longer"} than allowed (${issue.code === "too_small" ? "at least" : "at most"} ${bound} characters)`
        : issue.origin === "array" ? `${issue.code === "too_small" ? "too short" : "too long"} (${issue.code === "too_small" ? "at least" : "at most"} ${bound} entries)`
        : `out of range (${issue.code === "too_small" ? "minimum" : "maximum"} ${bound})`;
      return [source.problem(path, `${source.display(path, value)} is ${what}`)];
    }
    default:
      return [source.problem(path, `${source.display(path, value)} ${ours ?? issue.message}`)];
  }
}

const ENV_NAME = /^[a-z][a-z0-9-]{0,15}$/;

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
  if (source.doc.errors.length > 0) {
    for (const err of source.doc.errors) {
      const { line, column } = source.at(err.pos[0]);
      problems.push({ file, line, column, path: "", message: `YAML syntax error: ${err.message.split("\n")[0]}` });
    }
    throw new ConfigError(problems);
  }
  const data: unknown = source.doc.toJS({ maxAliasCount: 100 });
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
    for (const issue of system.check(systemProfile(config, system), config, at)) {
      const path = issue.paths.find((p) => source.has(p));
      problems.push(
        path
          ? source.problem(path, `${source.display(path, valueAt(data, path))} ${issue.message}`)
          : source.problem(at(), `${formatPath(issue.paths[0] ?? [])} (tier default) ${issue.message}`),
      );
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
    systems: f.systems as EnvironmentConfig["systems"],
  };
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
