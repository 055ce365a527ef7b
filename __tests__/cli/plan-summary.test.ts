import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { run } from "../../cli/program";
import { stackOfPlanFile } from "../../cli/plan-summary";
import { PLAN_REVIEW_MARKER } from "../../lib/review";

const FIXTURES = join(__dirname, "..", "fixtures", "plans");
const fixture = (name: string) => join(FIXTURES, name);

/** Runs `blueprints <args>` in this process; returns the exit code and what it printed. */
function cli(...args: string[]): { code: number; out: string; err: string } {
  const out: string[] = [];
  const err: string[] = [];
  const code = run(args, { out: (l) => out.push(l), err: (l) => err.push(l) });
  if (typeof code !== "number") throw new Error("plan-summary completes synchronously");
  return { code, out: out.join("\n"), err: err.join("\n") };
}

/** A scratch folder holding `files` (name → JSON value or text). */
function scratch(files: Record<string, unknown> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), "blueprints-plan-summary-"));
  for (const [name, value] of Object.entries(files)) {
    mkdirSync(join(dir, name, ".."), { recursive: true });
    writeFileSync(join(dir, name), typeof value === "string" ? value : JSON.stringify(value));
  }
  return dir;
}

const errorReport = (stack: string) => ({
  stack, rulesEvaluated: 1, resourcesEvaluated: 1, suppressions: [], errors: 1, warnings: 0,
  findings: [{ ruleId: "AZ-ST-002", category: "security", severity: "error", path: `${stack}/data`, resourceType: "azurerm_storage_account", logicalId: "data", message: "shared keys enabled", fix: "disable them" }],
});

describe("blueprints plan-summary", () => {
  test("markdown review of a real plan on stdout, exit 0 without stateful risks", () => {
    const r = cli("plan-summary", fixture("terraform-data-changes.json"));
    expect(r.code).toBe(0);
    expect(r.out.startsWith(PLAN_REVIEW_MARKER)).toBe(true);
    expect(r.out).toContain("| 🟡 | terraform-data-changes | 2 to replace, 1 to delete, 1 to update, 1 to create |");
    expect(r.out).not.toContain("changed-password-2");
    expect(r.err).toBe("");
  });

  test("a stateful replacement exits 6 after writing the review; --accept-replace exits 0", () => {
    const dir = scratch();
    const output = join(dir, "review.md");
    const r = cli("plan-summary", fixture("azurerm-handwritten.json"), "--output", output);
    expect(r.code).toBe(6);
    expect(r.err).toBe(
      [
        "error: azurerm-handwritten: azurerm_postgresql_flexible_server.main (database) would be replaced",
        "error: azurerm-handwritten: azurerm_storage_account.logs (storage) would be deleted",
        "error: their data is lost unless restored; if that is intended, run again with --accept-replace (in the pull-request workflow: the accept-replace label)",
      ].join("\n"),
    );
    expect(readFileSync(output, "utf8")).toContain("> [!CAUTION]");
    const accepted = cli("plan-summary", fixture("azurerm-handwritten.json"), "--accept-replace", "--output", output);
    expect(accepted.code).toBe(0);
    expect(readFileSync(output, "utf8")).toContain("> [!WARNING]");
  });

  test("--format json: the review model, without sensitive values", () => {
    const r = cli("plan-summary", fixture("azurerm-handwritten.json"), "--format", "json", "--accept-replace");
    expect(r.code).toBe(0);
    const review = JSON.parse(r.out);
    expect(review.stacks[0]).toMatchObject({ stack: "azurerm-handwritten", verdict: "changes" });
    expect(review.statefulRisks).toBe(2);
    expect(r.out).not.toContain("Db-Admin-Pa55word!");
  });

  test("stack names: <stack>.json, or the folder of plan.json", () => {
    expect(stackOfPlanFile("plans/studio-dev.json")).toBe("studio-dev");
    expect(stackOfPlanFile("cdktf.out/stacks/augeo-prod/plan.json")).toBe("augeo-prod");
    expect(stackOfPlanFile("x/state-dev/tfplan.json")).toBe("state-dev");
  });

  test("--policy: a synth output folder; unsuppressed errors exit 5 after writing", () => {
    const plan = readFileSync(fixture("terraform-data-no-changes.json"), "utf8");
    const dir = scratch({ "plans/studio-dev.json": plan, "out/stacks/studio-dev/policy-report.json": errorReport("studio-dev") });
    const r = cli("plan-summary", join(dir, "plans/studio-dev.json"), "--policy", join(dir, "out"));
    expect(r.code).toBe(5);
    expect(r.out).toContain("**Policy**: 1 error, 0 warnings");
    expect(r.err).toBe("error: studio-dev/studio-dev/data: AZ-ST-002 (error) shared keys enabled; fix: disable them");
  });

  test("--policy: the JSON of blueprints check, without plans (synth failed): the failing stack, not planned", () => {
    const dir = scratch({ "policy.json": [errorReport("studio-prod"), { ...errorReport("augeo-dev"), findings: [], errors: 0 }] });
    const r = cli("plan-summary", "--policy", join(dir, "policy.json"));
    expect(r.code).toBe(5);
    expect(r.out).toContain("| 🔴 | studio-prod | 1 policy error; not planned |");
    expect(r.out).not.toContain("augeo-dev");
  });

  test.each([
    [[], 2, "error: plan-summary needs at least one plan file (the JSON of `terraform show -json <planfile>`) or --policy"],
    [["nosuch.json"], 2, "error: nosuch.json: no such file"],
    [["--format", "html", "x.json"], 2, "error: option '--format <format>' argument 'html' is invalid. Allowed choices are markdown, json."],
    [["--max-length", "70000", "x.json"], 2, 'error: --max-length "70000" is not allowed (allowed: a whole number from 1000 to 65536)'],
  ])("usage errors exit 2: %j", (args, code, message) => {
    const r = cli("plan-summary", ...args);
    expect(r.code).toBe(code);
    expect(r.err.split("\n")[0]).toBe(message);
  });

  test("bad input exits 3 naming the file and what is wrong, and writes nothing", () => {
    const dir = scratch({ "broken.json": "{ not json", "state.json": { format_version: "1.0", values: {} }, "tfplan.json": "PK\u0003\u0004binary" });
    const output = join(dir, "review.md");
    for (const [file, message] of [
      ["broken.json", `${join(dir, "broken.json")}: not JSON (`],
      ["state.json", `${join(dir, "state.json")}: not a Terraform JSON plan: no "planned_values" or "resource_changes" (a state file?`],
      ["tfplan.json", "this is a binary plan file: convert it with `terraform show -json <planfile> > plan.json`"],
    ]) {
      const r = cli("plan-summary", fixture("terraform-data-changes.json"), join(dir, file), "--output", output);
      expect(r.code).toBe(3);
      expect(r.err).toContain(message);
      expect(existsSync(output)).toBe(false);
    }
  });

  test("two plans for one stack are a usage error", () => {
    const plan = readFileSync(fixture("terraform-data-no-changes.json"), "utf8");
    const dir = scratch({ "a/studio-dev.json": plan, "b/studio-dev/plan.json": plan });
    const r = cli("plan-summary", join(dir, "a/studio-dev.json"), join(dir, "b/studio-dev/plan.json"));
    expect(r.code).toBe(2);
    expect(r.err).toContain('two plan files for stack "studio-dev"');
  });
});
