import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Io, run } from "../../cli/program";

/**
 * The corpus of malformed environment files (__tests__/corpus/<case>.yaml): each is a shipped
 * environment file with one mistake, and a `# env: <name>` header naming the file it replaces.
 * Every case runs `blueprints synth` in-process (45+ child processes would take too long; cli.test.ts
 * covers the real binary) against a copy of the shipped environments with that one file replaced,
 * over an output folder holding a previous synth, and must fail with exactly the line in
 * expected.json, exit code 3, no stack trace, nothing on stdout and the previous output untouched.
 */

const REPO = join(__dirname, "..", "..");
const CORPUS = join(REPO, "__tests__", "corpus");
const SHIPPED = join(REPO, "environments");
const FILE_PLACEHOLDER = "{file}";

interface Expected {
  readonly exitCode: number;
  readonly stderr: readonly string[];
}

interface Pending {
  readonly problem: string;
}

const expected = JSON.parse(readFileSync(join(CORPUS, "expected.json"), "utf8")) as {
  readonly cases: Readonly<Record<string, Expected>>;
  readonly pending: Readonly<Record<string, Pending>>;
};

const corpusFiles = readdirSync(CORPUS).filter((f) => f.endsWith(".yaml")).map((f) => f.slice(0, -".yaml".length)).sort();

/** The environment a case replaces, from its `# env: <name>` header. */
function envOf(name: string): string {
  const header = /^# env: ([a-z][a-z0-9-]*)$/m.exec(readFileSync(join(CORPUS, `${name}.yaml`), "utf8"));
  if (!header) throw new Error(`${name}.yaml has no "# env: <name>" header`);
  return header[1];
}

/** Every file under `dir` with its bytes and modification time, to prove a failed run changed nothing. */
function snapshotTree(dir: string): Map<string, { readonly bytes: Buffer; readonly mtimeMs: number }> {
  const files = new Map<string, { bytes: Buffer; mtimeMs: number }>();
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, entry.name);
      if (entry.isDirectory()) walk(p);
      else files.set(p.slice(dir.length), { bytes: readFileSync(p), mtimeMs: statSync(p).mtimeMs });
    }
  };
  walk(dir);
  return files;
}

/** Paths whose content differs between two snapshots (missing, added or changed bytes). */
function changedFiles(before: ReturnType<typeof snapshotTree>, after: ReturnType<typeof snapshotTree>): string[] {
  const paths = new Set([...before.keys(), ...after.keys()]);
  return [...paths].filter((p) => !before.has(p) || !after.has(p) || !before.get(p)!.bytes.equals(after.get(p)!.bytes)).sort();
}

function capture(): Io & { readonly stdout: string[]; readonly stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  // run() may print several lines in one call; split so each entry is one line.
  return { stdout, stderr, out: (l) => stdout.push(...l.split("\n")), err: (l) => stderr.push(...l.split("\n")) };
}

const tempDirs: string[] = [];
function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}

let previousOut: string;
let previous: ReturnType<typeof snapshotTree>;

beforeAll(() => {
  // One real synth (of the dev stacks, enough to prove it is left alone and cheap to copy 77
  // times): the "previous output" every failed run must leave alone.
  previousOut = join(tempDir("blueprints-corpus-previous-"), "out");
  const io = capture();
  // Dated, so the shipped dev stacks' lifecycle verdicts do not move with the calendar.
  const code = run(["--config-dir", SHIPPED, "synth", "--env", "dev", "--out", previousOut, "--date", "2026-11-29"], io);
  if (code !== 0) throw new Error(`synth of the shipped environments failed (exit ${code}):\n${io.stderr.join("\n")}`);
  previous = snapshotTree(previousOut);
  expect(previous.size).toBeGreaterThan(1);
}, 60_000);

afterAll(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

describe("the corpus", () => {
  test("every case file is listed in expected.json, and every listed case has a file", () => {
    const listed = [...Object.keys(expected.cases), ...Object.keys(expected.pending)].sort();
    expect(corpusFiles).toEqual(listed);
    expect(Object.keys(expected.cases).filter((n) => n in expected.pending)).toEqual([]);
  });

  test("holds at least 45 active cases, each replacing a shipped environment and expecting one positioned line", () => {
    const active = Object.entries(expected.cases);
    expect(active.length).toBeGreaterThanOrEqual(45);
    const shipped = readdirSync(SHIPPED).filter((f) => f.endsWith(".yaml")).map((f) => f.slice(0, -".yaml".length));
    for (const [name, c] of active) {
      expect({ name, env: shipped.includes(envOf(name)) }).toEqual({ name, env: true });
      expect({ name, stderr: c.stderr.length }).toEqual({ name, stderr: 1 });
      expect(c.stderr[0]).toMatch(/^error: \{file\}:\d+:\d+ \S/);
    }
  });
});

describe("blueprints synth on a malformed environment file", () => {
  test.each(Object.keys(expected.cases))("%s", (name) => {
    const want = expected.cases[name];
    const env = envOf(name);
    const dir = tempDir(`blueprints-corpus-${name}-`);
    const environments = join(dir, "environments");
    cpSync(SHIPPED, environments, { recursive: true });
    const file = join(environments, `${env}.yaml`);
    cpSync(join(CORPUS, `${name}.yaml`), file);
    const out = join(dir, "out");
    cpSync(previousOut, out, { recursive: true, preserveTimestamps: true });
    const before = snapshotTree(out);
    const environmentsBefore = readdirSync(environments).sort();

    const io = capture();
    const code = run(["--config-dir", environments, "synth", "--out", out], io);

    expect({ code, stderr: io.stderr }).toEqual({ code: want.exitCode, stderr: want.stderr.map((l) => l.split(FILE_PLACEHOLDER).join(file)) });
    expect(io.stderr.filter((l) => /^\s+at /.test(l))).toEqual([]);
    expect(io.stdout).toEqual([]);
    // Nothing new next to the output (no .blueprints-synth-* staging folder) or among the environment files.
    expect(readdirSync(dir).sort()).toEqual(["environments", "out"]);
    expect(readdirSync(environments).sort()).toEqual(environmentsBefore);
    // The previous output is byte-identical to the original synth and was not rewritten.
    const after = snapshotTree(out);
    expect(changedFiles(previous, after)).toEqual([]);
    expect([...after].map(([p, f]) => [p, f.mtimeMs])).toEqual([...before].map(([p, f]) => [p, f.mtimeMs]));
  });

  // Known gaps (a wrong, unclear or badly positioned message, or a check Azure needs that is not
  // implemented): see `pending` in expected.json. Move a case to `cases` once it is fixed.
  for (const [name, p] of Object.entries(expected.pending)) test.todo(`${name}: ${p.problem}`);
});
