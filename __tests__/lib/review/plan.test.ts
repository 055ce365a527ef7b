import { readFileSync } from "node:fs";
import { join } from "node:path";
import { KNOWN_AFTER_APPLY, PlanFormatError, SENSITIVE, classifyActions, parsePlan, statefulRisks } from "../../../lib/review";

const FIXTURES = join(__dirname, "..", "..", "fixtures", "plans");
const load = (name: string): unknown => JSON.parse(readFileSync(join(FIXTURES, name), "utf8"));
const text = (name: string) => readFileSync(join(FIXTURES, name), "utf8");

describe("parsePlan on real terraform show -json output (terraform_data, Terraform 1.11)", () => {
  const plan = parsePlan(load("terraform-data-changes.json"), "demo-dev");
  const byAddress = (a: string) => plan.changes.find((c) => c.address === a)!;

  test("classifies every action and leaves out the no-op", () => {
    expect(plan.changes.map((c) => [c.address, c.action])).toEqual([
      ["terraform_data.database", "replace"],
      ["terraform_data.database_firewall", "replace"],
      ["terraform_data.old_cache", "delete"],
      ["terraform_data.app_settings", "update"],
      ["terraform_data.queue", "create"],
    ]);
    expect(plan.counts).toEqual({ create: 1, update: 1, replace: 2, delete: 1, forget: 0, import: 0, other: 0 });
    expect(plan.formatVersion).toMatch(/^1\./);
    expect(plan.errored).toBe(false);
  });

  test("replace_paths and action_reason from Terraform", () => {
    expect(byAddress("terraform_data.database")).toMatchObject({ replacePaths: ["triggers_replace"], actionReason: "replace_because_cannot_update", actions: ["delete", "create"] });
    expect(byAddress("terraform_data.database").attributes).toContainEqual({ path: "triggers_replace[0]", before: '"engine-15"', after: '"engine-16"', forcesReplacement: true });
    expect(byAddress("terraform_data.database_firewall")).toMatchObject({ replacePaths: [], actionReason: "replace_by_triggers" });
    expect(byAddress("terraform_data.old_cache")).toMatchObject({ actionReason: "delete_because_no_resource_config", attributes: [] });
  });

  test("a sensitive input is masked before and after, and so is its unmarked copy in output", () => {
    const attributes = byAddress("terraform_data.app_settings").attributes;
    expect(attributes).toContainEqual({ path: "input.database_password", before: SENSITIVE, after: SENSITIVE, forcesReplacement: false });
    expect(attributes).toContainEqual({ path: "input.sku", before: '"B1"', after: '"P1v3"', forcesReplacement: false });
    // Terraform does not mark terraform_data's `output` copy sensitive; the review still masks the value.
    const output = attributes.find((a) => a.path === "output")!;
    expect(output.after).toBe(KNOWN_AFTER_APPLY);
    expect(output.before).toContain(`database_password = ${SENSITIVE}`);
    const serialized = JSON.stringify(plan);
    expect(text("terraform-data-changes.json")).toContain("changed-password-2"); // the fixture really holds it
    for (const secret of ["base-password-1", "changed-password-2"]) expect(serialized).not.toContain(secret);
  });

  test("unknown values are (known after apply)", () => {
    expect(byAddress("terraform_data.queue").attributes).toEqual([
      { path: "id", before: "(none)", after: KNOWN_AFTER_APPLY, forcesReplacement: false },
      { path: "input", before: "(none)", after: '"orders"', forcesReplacement: false },
      { path: "output", before: "(none)", after: KNOWN_AFTER_APPLY, forcesReplacement: false },
    ]);
    expect(plan.outputs).toEqual([
      { name: "database_id", action: "update", before: expect.stringMatching(/^"[0-9a-f-]{36}"$/), after: KNOWN_AFTER_APPLY },
      { name: "queue_id", action: "create", before: "(none)", after: KNOWN_AFTER_APPLY },
    ]);
  });

  test("a first apply creates only; a plan right after apply has no changes", () => {
    expect(parsePlan(load("terraform-data-first-apply.json"), "s").counts).toMatchObject({ create: 5, update: 0, replace: 0, delete: 0 });
    const none = parsePlan(load("terraform-data-no-changes.json"), "s");
    expect(none.changes).toEqual([]);
    expect(none.outputs).toEqual([]);
  });
});

describe("parsePlan on hand-written azurerm plans (Terraform's JSON plan format)", () => {
  const plan = parsePlan(load("azurerm-handwritten.json"), "studio-dev");

  test("stateful replacements and deletions come first and are flagged", () => {
    expect(plan.changes.map((c) => [c.address, c.action, c.stateful])).toEqual([
      ["azurerm_postgresql_flexible_server.main", "replace", "database"],
      ["azurerm_storage_account.logs", "delete", "storage"],
      ["azurerm_linux_web_app.api", "update", undefined],
      ["azurerm_key_vault_secret.database_url", "create", "key vault"],
    ]);
    expect(statefulRisks(plan).map((r) => r.address)).toEqual(["azurerm_postgresql_flexible_server.main", "azurerm_storage_account.logs"]);
    expect(plan.changes[0].attributes).toContainEqual({ path: "geo_redundant_backup_enabled", before: "false", after: "true", forcesReplacement: true });
  });

  test("no sensitive value reaches the model: app setting, admin password, storage keys, secret value, sensitive output", () => {
    const web = plan.changes.find((c) => c.type === "azurerm_linux_web_app")!;
    expect(web.attributes).toContainEqual({ path: "app_settings.DATABASE_PASSWORD", before: SENSITIVE, after: SENSITIVE, forcesReplacement: false });
    expect(web.attributes).toContainEqual({ path: "outbound_ip_addresses", before: '"20.1.2.3,20.1.2.4"', after: KNOWN_AFTER_APPLY, forcesReplacement: false });
    expect(plan.outputs).toContainEqual({ name: "storage_connection_string", action: "delete", before: SENSITIVE, after: "(none)" });
    const serialized = JSON.stringify(plan);
    for (const secret of ["old-Secret-Pa55word", "new-Secret-Pa55word", "Db-Admin-Pa55word!", "c3RvcmFnZS1hY2Nlc3Mta2V5LXNlY3JldA==", "AccountKey"]) {
      expect(serialized).not.toContain(secret);
    }
  });

  test("data sources and no-ops are left out", () => {
    expect(plan.changes.some((c) => c.address.startsWith("data.") || c.address === "azurerm_resource_group.main")).toBe(false);
  });
});

describe("parsePlan rejects what is not a plan", () => {
  test.each([
    [[], "plan.json: not a Terraform JSON plan: expected an object, found an array"],
    [{ values: {} }, 'plan.json: not a Terraform JSON plan: "format_version" is missing (make it with `terraform show -json <planfile>`)'],
    [{ format_version: "2.0", resource_changes: [] }, 'plan.json: format_version "2.0" is not supported (allowed: 1.x, Terraform 1.0 and later)'],
    [{ format_version: "1.0", values: { root_module: {} } }, expect.stringContaining('plan.json: not a Terraform JSON plan: no "planned_values" or "resource_changes" (a state file?')],
    [{ format_version: "1.2", resource_changes: {} }, 'plan.json: "resource_changes" is not an array'],
    [{ format_version: "1.2", resource_changes: [{ address: "a.b", change: {} }] }, "plan.json: resource_changes[0] (a.b): change.actions is missing or not a list of strings"],
  ])("%j", (input, message) => {
    expect(() => parsePlan(input, "s", "plan.json")).toThrow(PlanFormatError);
    try {
      parsePlan(input, "s", "plan.json");
    } catch (e) {
      expect((e as Error).message).toEqual(message);
      expect((e as PlanFormatError).exitCode).toBe(3);
    }
  });
});

test("classifyActions covers Terraform's action lists", () => {
  expect(classifyActions(["no-op"])).toBeUndefined();
  expect(classifyActions(["read"])).toBeUndefined();
  expect(classifyActions(["create", "delete"])).toBe("replace");
  expect(classifyActions(["delete", "create"])).toBe("replace");
  expect(classifyActions(["no-op"], true)).toBe("import");
  expect(classifyActions(["forget"])).toBe("forget");
  expect(classifyActions(["something-new"])).toBe("other");
});
