import { spawnSync } from "node:child_process";
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { REPO } from "../helpers/synth-all";
import { BIN, TEST_DATE, blueprints, workspace } from "./process";

// The command line itself: options, selection errors, counts, pipes and stack traces.

describe("the command line", () => {
  test("-V and --version print the package version, exit 0; -v stays --verbose", () => {
    const { version } = JSON.parse(readFileSync(join(REPO, "package.json"), "utf8")) as { version: string };
    for (const flag of ["-V", "--version"]) {
      const r = blueprints(workspace(), flag);
      expect({ flag, status: r.status, stdout: r.stdout, stderr: r.stderr }).toEqual({ flag, status: 0, stdout: `${version}\n`, stderr: "" });
    }
    expect(blueprints(workspace(), "--help").stdout).toMatch(/^ {2}-v, --verbose +print stack traces for errors$/m);
  });

  test("--env with an unknown environment: exit 2, the available ones, the closest as a suggestion, nothing written", () => {
    const dir = workspace();
    const r = blueprints(dir, "synth", "--env", "nosuch");
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('error: unknown environment "nosuch"; available: dev, prod, staging\n');
    const typo = blueprints(dir, "check", "--env", "dev", "prd");
    expect(typo.status).toBe(2);
    expect(typo.stderr).toBe('error: unknown environment "prd"; did you mean "prod"? (available: dev, prod, staging)\n');
    expect(blueprints(dir, "list", "--env", "nosuch").status).toBe(2);
    expect(readdirSync(dir)).toEqual(["environments"]);
  });

  test("a name given twice in --env or --system is selected once", () => {
    const dir = workspace();
    const r = blueprints(dir, "synth", "--env", "dev", "dev", "--system", "state", "dot-copilot", "state", "--no-cache");
    expect(r.stderr).not.toMatch(/internal error/);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^2 stacks synthesized in /m);
    expect(readdirSync(join(dir, "cdktf.out", "stacks")).sort()).toEqual(["dot-copilot-dev", "state-dev"]);
    const list = blueprints(dir, "list", "--env", "prod", "prod", "--system", "studio", "studio", "--json");
    expect(list.status).toBe(0);
    expect((JSON.parse(list.stdout) as { name: string }[]).map((p) => p.name)).toEqual(["studio-prod"]);
  });

  test("counts are singular for one: 1 stack synthesized, 1 stack passes, 2 stacks pass", () => {
    const dir = workspace();
    expect(blueprints(dir, "synth", "--env", "dev", "--system", "state", "--no-cache").stdout).toMatch(/^1 stack synthesized in \d+ ms to cdktf\.out; /m);
    expect(blueprints(dir, "check", "--env", "dev", "--system", "state").stdout).toMatch(/^1 stack passes the security and deployability rules$/m);
    expect(blueprints(dir, "check", "--env", "dev", "prod", "--system", "state").stdout).toMatch(/^2 stacks pass the security and deployability rules$/m);
  });

  /**
   * `blueprints synth 2>&1 | head -1` closes the pipe while the CLI still writes: the exit code
   * must be the command's, every time (EPIPE on stdout or stderr used to make it 1, at random).
   */
  test("a pipe closed early does not change the exit code", () => {
    const dir = workspace();
    const pipeline = (args: string, reader: string) =>
      // One process (BLUEPRINTS_PARALLEL=0): the exit code through a closed pipe does not depend on the helper.
      spawnSync("bash", ["-c", `node ${JSON.stringify(BIN)} ${args} 2>&1 | ${reader} >/dev/null; echo "\${PIPESTATUS[0]}"`], { cwd: dir, encoding: "utf8", env: { ...process.env, BLUEPRINTS_PARALLEL: "0" } }).stdout.trim();
    const codes = (args: string) => ["head -1", "head -c0", "head -1"].map((reader) => pipeline(args, reader));
    // dot-copilot-dev: a table on stdout and a warning on stderr, both into the closed pipe.
    expect(codes(`synth --env dev --system dot-copilot --out out --date ${TEST_DATE}`)).toEqual(["0", "0", "0"]);
    expect(codes("synth --system dot-copliot")).toEqual(["2", "2", "2"]);
    writeFileSync(join(dir, "environments", "prod.yaml"), "tier: [prod\n");
    expect(codes(`synth --env prod --date ${TEST_DATE}`)).toEqual(["3", "3", "3"]);
  });

  test("--verbose stack traces point at the TypeScript sources, line by line; without it there is none", () => {
    const dir = workspace();
    const file = join(dir, "environments", "prod.yaml");
    writeFileSync(file, readFileSync(file, "utf8").replace("location: eastus2", "location: eastus3"));
    const plain = blueprints(dir, "synth");
    expect(plain.status).toBe(3);
    expect(plain.stderr).not.toMatch(/^\s+at /m);
    const r = blueprints(dir, "--verbose", "synth");
    expect(r.status).toBe(3);
    expect(r.stderr).toMatch(/^ConfigError: environments\/prod\.yaml:6:11 location: "eastus3"/m);
    expect(r.stderr).not.toContain("blueprints.bundle.js");
    // Each frame names a source file and a line that holds the call it says.
    const frame = (source: string) => {
      const m = new RegExp(`\\(([^()]*/${source.replace(/[./]/g, "\\$&")}):(\\d+):\\d+\\)`).exec(r.stderr);
      expect({ source, frame: m?.[1] }).toEqual({ source, frame: join(REPO, source) });
      return readFileSync(join(REPO, source), "utf8").split("\n")[Number(m![2]) - 1];
    };
    // The loader's own frame comes first (wherever the loader lives), at a TypeScript line.
    expect(r.stderr.split("\n").find((l) => /^\s+at /.test(l))).toMatch(/^ {4}at loadEnvironments \(\/\S+\/load-environment\.ts:\d+:\d+\)$/);
    expect(frame("stacks/app.ts")).toContain("loadEnvironments(");
    expect(frame("cli/synth.ts")).toContain("buildApp(");
    // synth(...), or synthWithHelper(...) where a helper process synthesizes part of the stacks.
    expect(frame("cli/program.ts")).toMatch(/\bsynth(WithHelper)?\(/);
  });
});
