import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { PLAN_REVIEW_MARKER } from "../../../lib/review";

const REPO = join(__dirname, "..", "..", "..");
interface Step { uses?: string; run?: string; with?: Record<string, unknown> }
interface Workflow { on: Record<string, unknown>; permissions: Record<string, string>; concurrency: { group: string; "cancel-in-progress": boolean }; jobs: Record<string, { steps: Step[]; environment?: string; permissions?: unknown }> }
const load = (name: string) => parse(readFileSync(join(REPO, ".github", "workflows", name), "utf8")) as Workflow;
const steps = (w: Workflow) => Object.values(w.jobs).flatMap((j) => j.steps);

describe("the plan and deploy workflows", () => {
  const plan = load("plan.yml");
  const deploy = load("deploy.yml");

  test("plan: on pull_request, least-privilege permissions, one run per pull request", () => {
    expect(Object.keys(plan.on)).toEqual(["pull_request"]);
    expect(plan.permissions).toEqual({ contents: "read", "id-token": "write", "pull-requests": "write" });
    expect(plan.concurrency).toEqual({ group: "plan-${{ github.event.pull_request.number }}", "cancel-in-progress": true });
    expect(Object.values(plan.jobs).every((j) => j.permissions === undefined)).toBe(true);
  });

  test("plan: OIDC sign-in without secrets, plan-summary, one sticky comment by the marker, artifacts", () => {
    const text = readFileSync(join(REPO, ".github", "workflows", "plan.yml"), "utf8");
    expect(text).not.toMatch(/secrets\./);
    expect(text).not.toMatch(/client-secret/);
    const uses = steps(plan).map((s) => s.uses).filter(Boolean);
    expect(uses).toEqual(expect.arrayContaining(["actions/checkout@v6", "actions/setup-node@v6", "hashicorp/setup-terraform@v3", "azure/login@v2", "actions/github-script@v8", "actions/upload-artifact@v6"]));
    const runs = steps(plan).map((s) => s.run ?? "").join("\n");
    expect(runs).toContain("terraform -chdir=\"$dir\" plan");
    expect(runs).toContain("show -json tfplan");
    expect(runs).toContain("blueprints.js plan-summary");
    expect(runs).toContain("$GITHUB_STEP_SUMMARY");
    const script = String(steps(plan).find((s) => s.uses?.startsWith("actions/github-script"))!.with!.script);
    expect(script).toContain(`const marker = "${PLAN_REVIEW_MARKER}"`);
    expect(script).toContain("updateComment");
    expect(text).toContain("accept-replace");
  });

  test("plan: only the stacks the offline diff against the base commit reports as added or changed are planned", () => {
    const checkout = steps(plan).find((s) => s.uses === "actions/checkout@v6")!;
    expect(checkout.with).toEqual({ "fetch-depth": 0 }); // the base commit must be in the clone
    const diff = steps(plan).find((s) => (s as { id?: string }).id === "diff")!;
    expect(diff.run).toContain('blueprints.js diff --base "$BASE"');
    expect(diff.run).toContain('s.status === "added" || s.status === "changed"');
    const plans = steps(plan).find((s) => (s as { id?: string }).id === "plans")!;
    expect((plans as { if?: string }).if).toBe("steps.diff.outcome == 'success'");
    expect(plans.run).toContain("done < changed-stacks.txt");
    expect(plans.run).not.toContain("cdktf.out/stacks/*/");
  });

  test("deploy: on push to main, per GitHub environment, no secrets", () => {
    expect(deploy.on).toEqual({ push: { branches: ["main"] } });
    expect(deploy.permissions).toEqual({ contents: "read", "id-token": "write" });
    expect(deploy.concurrency["cancel-in-progress"]).toBe(false);
    expect(deploy.jobs.deploy.environment).toBe("${{ matrix.environment }}");
    const text = readFileSync(join(REPO, ".github", "workflows", "deploy.yml"), "utf8");
    expect(text).not.toMatch(/secrets\./);
    expect(text).toContain("manifest.json");
  });
});
