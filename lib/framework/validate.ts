import { z } from "zod";
import { type ConfigProblem, ConfigError, show } from "../core/errors";
import { didYouMean } from "../core/suggest";
import { todayUtc } from "../core/synthesis-date";
import { type EnvironmentFile, type EnvironmentSchemaOptions, environmentSchema } from "./environment";
import type { EnvironmentConfig } from "./environment-config";
import { type ProfileShape, type SystemDefinition, resolveProfile } from "./system";

export type Path = readonly (string | number)[];

/** Configurations that went through validation (the loader, `defineEnvironment`, `checkEnvironment`). */
const validated = new WeakSet<EnvironmentConfig>();

/** Formats a key path: `systems.dot-copilot.postgres.sku`, `alerts.emails[0].address`. */
export function formatPath(path: Path): string {
  return path.reduce<string>((acc, k) => (typeof k === "number" ? `${acc}[${k}]` : acc ? `${acc}.${k}` : k), "");
}

/**
 * Where validation problems are placed and how values are shown: a YAML file (`SourceMap`, with
 * line and column) or an object built in code (`ObjectSource`, key paths only).
 */
export interface ProblemSource {
  /** Whether the input spells out this path. */
  has(path: Path): boolean;
  /** The value as the user wrote it, for messages. */
  display(path: Path, value: unknown): string;
  /** A problem at `path` (at its key with `key: true`). */
  problem(path: Path, message: string, key?: boolean): ConfigProblem;
}

/** An environment configuration written in code: problems name the key path under `label`. */
export class ObjectSource implements ProblemSource {
  constructor(
    readonly label: string,
    private readonly data: unknown,
  ) {}

  has(path: Path): boolean {
    return valueAt(this.data, path) !== undefined;
  }

  display(_path: Path, value: unknown): string {
    return show(value);
  }

  problem(path: Path, message: string): ConfigProblem {
    return { file: this.label, line: 0, column: 0, path: formatPath(path), message };
  }
}

export function valueAt(data: unknown, path: Path): unknown {
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
function problemsOf(issue: z.core.$ZodIssue, data: unknown, source: ProblemSource, schema: z.ZodType): ConfigProblem[] {
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


/** Environment names: the file name without `.yaml`. */
export const ENV_NAME = /^[a-z][a-z0-9-]{0,15}$/;

/** The problem with an environment name, if any. */
export function environmentNameProblem(name: string): string | undefined {
  return ENV_NAME.test(name)
    ? undefined
    : `${show(name)} is not an environment name (allowed: a lowercase letter, then up to 15 lowercase letters, digits or hyphens, e.g. dev)`;
}

/** Options of `validateEnvironment`: the schema's, and the date system checks judge retired versions at. */
export interface ValidateEnvironmentOptions extends EnvironmentSchemaOptions {
  /** `YYYY-MM-DD`. @default - today (UTC) */
  readonly date?: string;
}

/**
 * Validates parsed environment data against the schema and each enabled system's cross-setting
 * checks, placing every problem through `source`. Throws a ConfigError with all of them.
 */
export function validateEnvironment(
  name: string,
  file: string,
  data: unknown,
  source: ProblemSource,
  systems: readonly SystemDefinition[],
  problems: ConfigProblem[] = [],
  options: ValidateEnvironmentOptions = {},
): EnvironmentConfig {
  const schema = environmentSchema(systems, options);
  // jitless: zod would compile a parser per object schema (new Function), which costs more than it saves for one parse per file.
  const parsed = schema.safeParse(data, { jitless: true });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) problems.push(...problemsOf(issue, data, source, schema));
    throw new ConfigError(sortProblems(problems));
  }
  if (problems.length) throw new ConfigError(problems);
  const config = toConfig(name, file, parsed.data);
  // One line per key: a value that breaks several requirements (of one system or of several,
  // such as a top-level key two systems need) gets them joined on its line.
  const byKey = new Map<string, number>();
  const date = options.date ?? todayUtc();
  for (const system of systems) {
    const section = config.systems[system.id];
    if (!section?.enabled || !system.check) continue;
    const at = (...keys: string[]) => ["systems", system.id, ...keys];
    for (const issue of system.check(systemProfile(config, system), config, at, { date })) {
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
        : report.path[0] === "systems" && valueAt(systemProfileData(config, system), report.path.slice(2)) !== undefined
          ? `${show(valueAt(systemProfileData(config, system), report.path.slice(2)))} (${config.tier} tier default) `
        : "";
      byKey.set(key, problems.length);
      problems.push(source.problem(report.path, `${shown}${report.message}`));
    }
  }
  if (problems.length) throw new ConfigError(sortProblems(problems));
  validated.add(config);
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
    systems: (f.systems ?? {}) as EnvironmentConfig["systems"],
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


/** What `defineEnvironment` takes: an environment file's content, as an object. */
export type EnvironmentInput = Omit<z.input<ReturnType<typeof environmentSchema>>, "systems"> & {
  /** One section per system: `enabled` plus overrides of its tier defaults. @default - none */
  readonly systems?: Readonly<Record<string, { readonly enabled: boolean } & Record<string, unknown>>>;
};

/**
 * An environment profile written in code, validated like a YAML file with the same messages
 * (key paths instead of line numbers): `defineEnvironment("dev", { tier: "dev", location: "eastus2", ... })`.
 * Throws a ConfigError listing every problem.
 */
export function defineEnvironment(name: string, input: EnvironmentInput, systems: readonly SystemDefinition[] = []): EnvironmentConfig {
  const label = `environment ${show(name)} (in code)`;
  const nameProblem = environmentNameProblem(name);
  const problems: ConfigProblem[] = nameProblem ? [{ file: label, line: 0, column: 0, path: "", message: `name ${nameProblem}` }] : [];
  return validateEnvironment(name, label, input, new ObjectSource(label, input), systems, problems);
}

/**
 * Returns `config` when it came from the loader or `defineEnvironment`; validates a configuration
 * assembled by hand (every field of EnvironmentConfig) with the loader's messages first. Systems
 * are checked for shape only: their registry is not known here.
 */
export function checkEnvironment(config: EnvironmentConfig): EnvironmentConfig {
  if (validated.has(config)) return config;
  const label = config.file || `environment ${show(config.name)} (in code)`;
  // The configuration's resolved form, back in the file's shape (an empty deployer section is none).
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  const { name: _name, file: _file, deployer, ...rest } = config;
  const data = { ...rest, ...(deployer?.ipRanges?.length ? { deployer } : {}) };
  const nameProblem = environmentNameProblem(config.name);
  const problems: ConfigProblem[] = nameProblem ? [{ file: label, line: 0, column: 0, path: "", message: `name ${nameProblem}` }] : [];
  validateEnvironment(config.name, config.file, data, new ObjectSource(label, data), [], problems, { otherSystems: true });
  validated.add(config);
  return config;
}
