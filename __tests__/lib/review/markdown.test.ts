import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Finding, PolicyReport } from "../../../lib/policy";
import { GITHUB_COMMENT_LIMIT, PLAN_REVIEW_MARKER, parsePlan, renderPlanReviewMarkdown, reviewPlans } from "../../../lib/review";

const FIXTURES = join(__dirname, "..", "..", "fixtures", "plans");
const load = (name: string, stack: string) => parsePlan(JSON.parse(readFileSync(join(FIXTURES, name), "utf8")), stack);

const finding = (ruleId: string, severity: "error" | "warning", path: string, suppressedBecause?: string): Finding => ({
  ruleId, category: "security", severity, path, resourceType: "azurerm_storage_account", logicalId: "x", message: `${ruleId} broken`, fix: "set it", ...(suppressedBecause ? { suppressedBecause } : {}),
});
const report = (stack: string, findings: Finding[]): PolicyReport => ({
  stack, rulesEvaluated: 10, resourcesEvaluated: 3, findings, suppressions: [], errors: findings.filter((f) => f.severity === "error" && !f.suppressedBecause).length, warnings: findings.filter((f) => f.severity === "warning" && !f.suppressedBecause).length,
});

describe("renderPlanReviewMarkdown", () => {
  const studio = load("azurerm-handwritten.json", "studio-dev");
  const demo = load("terraform-data-changes.json", "demo-dev");
  const quiet = load("terraform-data-no-changes.json", "quiet-dev");
  const review = reviewPlans([{ stack: "quiet-dev", plan: quiet }, { stack: "demo-dev", plan: demo }, { stack: "studio-dev", plan: studio }]);
  const md = renderPlanReviewMarkdown(review, { reportUrl: "https://github.com/o/r/actions/runs/1" });

  test("starts with the hidden marker; one verdict line per stack, worst first", () => {
    expect(md.startsWith(`${PLAN_REVIEW_MARKER}\n## Terraform plan review\n`)).toBe(true);
    expect(md).toContain(
      [
        "| 🔴 | studio-dev | replaces or deletes 2 stateful resources (database, storage); 1 to replace, 1 to delete, 1 to update, 1 to create |",
        "| 🟡 | demo-dev | 2 to replace, 1 to delete, 1 to update, 1 to create |",
        "| 🟢 | quiet-dev | no changes |",
      ].join("\n"),
    );
    expect(review.stacks.map((s) => s.verdict)).toEqual(["stateful-replace", "changes", "no-changes"]);
  });

  test("replacements and deletions before updates and creates; attribute changes collapsed", () => {
    const section = md.slice(md.indexOf("### 🔴 studio-dev"), md.indexOf("### 🟡 demo-dev"));
    const order = ["**Replace", "**Delete**", "**Update in place**", "**Create**", "<details>", "</details>"].map((s) => section.indexOf(s));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(section).toContain("- ⚠️ `azurerm_postgresql_flexible_server.main` — **stateful: database**; forced by `geo_redundant_backup_enabled`; the provider cannot update it in place");
    expect(section).toContain("- ⚠️ `azurerm_storage_account.logs` — **stateful: storage**; removed from the configuration");
    expect(section).toContain("| `geo_redundant_backup_enabled` **forces replacement** | `false` | `true` |");
    expect(section).toContain("| `app_settings.FEATURE_FLAGS` | `(none)` | `\"search\\|beta\"` |"); // a pipe in a value does not break the table
    expect(section).toContain("| `outbound_ip_addresses` | `\"20.1.2.3,20.1.2.4\"` | `(known after apply)` |");
    expect(md).toContain("> [!CAUTION]");
    expect(md).toContain("Plan files and the full report: [workflow run artifacts](https://github.com/o/r/actions/runs/1)");
  });

  test("never prints a sensitive value", () => {
    const fixtures = ["azurerm-handwritten.json", "terraform-data-changes.json"].map((f) => readFileSync(join(FIXTURES, f), "utf8")).join("");
    for (const secret of ["old-Secret-Pa55word", "new-Secret-Pa55word", "Db-Admin-Pa55word!", "c3RvcmFnZS1hY2Nlc3Mta2V5LXNlY3JldA==", "base-password-1", "changed-password-2"]) {
      expect(fixtures).toContain(secret);
      expect(md).not.toContain(secret);
    }
    expect(md).toContain("| `app_settings.DATABASE_PASSWORD` | `(sensitive)` | `(sensitive)` |");
  });

  test("accepting the replacement turns the caution into a warning", () => {
    const accepted = reviewPlans([{ stack: "studio-dev", plan: studio }], { acceptReplace: true });
    expect(accepted.stacks[0].verdict).toBe("changes");
    const text = renderPlanReviewMarkdown(accepted);
    expect(text).toContain("> [!WARNING]");
    expect(text).not.toContain("[!CAUTION]");
    expect(text).toContain("accepted: replaces or deletes 2 stateful resources");
  });

  test("policy: new errors and warnings against the base, resolved and suppressed counted", () => {
    const base = report("studio-dev", [finding("AZ-ST-001", "warning", "studio-dev/logs"), finding("AZ-ST-009", "error", "studio-dev/old")]);
    const head = report("studio-dev", [finding("AZ-ST-001", "warning", "studio-dev/logs"), finding("AZ-ST-002", "error", "studio-dev/data"), finding("AZ-KV-001", "warning", "studio-dev/kv", "accepted")]);
    const r = reviewPlans([{ stack: "studio-dev", plan: studio, policy: head, basePolicy: base }]);
    expect(r.policyErrors).toBe(1);
    expect(r.stacks[0].verdict).toBe("policy-errors");
    const text = renderPlanReviewMarkdown(r);
    expect(text).toContain("**Policy**: 1 new error, 0 new warnings, 1 resolved, 1 suppressed");
    expect(text).toContain("- 🔴 `AZ-ST-002` `studio-dev/data`: AZ-ST-002 broken; fix: set it");
    expect(text).not.toContain("`AZ-ST-001`");
    // Without a base every unsuppressed finding is listed.
    expect(renderPlanReviewMarkdown(reviewPlans([{ stack: "studio-dev", plan: studio, policy: head }]))).toContain("**Policy**: 1 error, 1 warning, 1 suppressed");
  });

  test("cost: no line without a delta; a line with one", () => {
    expect(md).not.toContain("**Cost**");
    const text = renderPlanReviewMarkdown(reviewPlans([{ stack: "demo-dev", plan: demo, costDelta: { currency: "USD", monthlyBefore: 100, monthlyAfter: 112.5 } }]));
    expect(text).toContain("**Cost**: +12.50 USD per month (100.00 USD → 112.50 USD)");
  });

  test("a stack without a plan (its policy failed) says so", () => {
    const r = reviewPlans([{ stack: "studio-prod", policy: report("studio-prod", [finding("AZ-ST-002", "error", "studio-prod/data")]) }]);
    expect(r.stacks[0]).toMatchObject({ verdict: "policy-errors", summary: "1 policy error; not planned" });
  });

  test("stays under the length cap: details go first, then lines, with a note and the link", () => {
    const many = Array.from({ length: 40 }, (_, i) => ({ stack: `stack-${String(i).padStart(2, "0")}`, plan: studio }));
    const big = reviewPlans(many);
    const full = renderPlanReviewMarkdown(big, { maxLength: 10_000_000 });
    expect(full.length).toBeGreaterThan(GITHUB_COMMENT_LIMIT);
    const capped = renderPlanReviewMarkdown(big, { maxLength: 60_000, reportUrl: "https://x/runs/1" });
    expect(capped.length).toBeLessThanOrEqual(60_000);
    expect(capped).not.toContain("<details>");
    expect(capped.startsWith(PLAN_REVIEW_MARKER)).toBe(true);
    expect(capped.trimEnd().endsWith("the full report is in the [workflow run artifacts](https://x/runs/1).")).toBe(true);
    const tiny = renderPlanReviewMarkdown(big, { maxLength: 3_000 });
    expect(tiny.length).toBeLessThanOrEqual(3_000);
    expect(tiny).toContain("run `blueprints plan-summary` for the full report");
  });

  test("Markdown and HTML in values and addresses stay inert", () => {
    const hostile = parsePlan({
      format_version: "1.2",
      resource_changes: [{ address: "azurerm_resource_group.x", type: "azurerm_resource_group", name: "x", mode: "managed", change: { actions: ["update"], before: { tags: { a: "x" } }, after: { tags: { a: "</details><img src=x> `tick` | pipe\nnewline" } }, after_unknown: {}, before_sensitive: {}, after_sensitive: {} } }],
    }, "s");
    const text = renderPlanReviewMarkdown(reviewPlans([{ stack: "s", plan: hostile }]));
    expect(text).toContain('| `tags.a` | `"x"` | ``"</details><img src=x> `tick` \\| pipe\\nnewline"`` |');
    expect(text.match(/<\/details>/g)).toHaveLength(2);
  });
});
