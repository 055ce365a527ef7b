/**
 * Errors a user can cause and fix. The CLI prints their message without a stack trace (unless
 * `--verbose`) and maps each class to a documented exit code.
 */
export abstract class BlueprintsError extends Error {
  /** Process exit code the CLI uses for this kind of error. */
  abstract readonly exitCode: number;
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** One problem found in an environment file, with its source position. */
export interface ConfigProblem {
  readonly file: string;
  /** 1-based line; 0 when the problem is with the file itself (unreadable, badly named, missing). */
  readonly line: number;
  /** 1-based column. */
  readonly column: number;
  /** Dotted key path, e.g. `systems.dot-copilot.postgresSku`; empty for the document root. */
  readonly path: string;
  readonly message: string;
}

export function formatProblem(p: ConfigProblem): string {
  const where = p.line > 0 ? `${p.file}:${p.line}:${p.column}` : p.file;
  return p.path ? `${where} ${p.path}: ${p.message}` : `${where} ${p.message}`;
}

/** An environment file is unreadable, malformed or invalid. Carries every problem found. */
export class ConfigError extends BlueprintsError {
  readonly exitCode = 3;
  constructor(readonly problems: readonly ConfigProblem[]) {
    super(problems.map(formatProblem).join("\n"));
  }
}

/**
 * Invalid literal input to a construct (a name breaking an Azure rule, a SKU combination Azure
 * rejects). The message starts with the construct path so the user can find the code.
 */
export class ValidationError extends BlueprintsError {
  readonly exitCode = 4;
  constructor(constructPath: string, message: string) {
    super(`${constructPath}: ${message}`);
  }
}

/**
 * The synthesized configuration breaks security rules (unsuppressed policy errors). The message
 * has one line per finding: stack and construct path, rule, what is wrong, and the fix.
 */
export class PolicyError extends BlueprintsError {
  readonly exitCode = 5;
}

/** The user asked for something that does not exist (an unknown system or environment). */
export class UsageError extends BlueprintsError {
  readonly exitCode = 2;
}

/** Formats a value for a message: strings quoted, everything else as JSON. */
export function show(value: unknown): string {
  if (value === undefined) return "(missing)";
  return JSON.stringify(value);
}

