import { Testing } from "cdktf";
import { ValidationError } from "../../../lib/core/errors";
import { type PolicyRule, Suppressions, evaluate, formatFinding, resourcesOf, toMarkdown } from "../../../lib/policy";
import { testStack } from "../../helpers/stack";

const PUBLIC: PolicyRule = {
  id: "AZ-TST-001",
  severity: "error",
  description: "no public access",
  fix: "set public: false",
  resourceTypes: ["azurerm_thing"],
  check: (r) => (r.config.public === false ? undefined : `public is ${JSON.stringify(r.config.public ?? true)}`),
};
const NAMED: PolicyRule = { ...PUBLIC, id: "AZ-TST-002", severity: "warning", check: (r) => (r.config.name ? undefined : "no name") };

const json = {
  resource: {
    azurerm_thing: {
      a: { "//": { metadata: { path: "s/A/Resource" } }, public: true, name: "a" },
      b: { "//": { metadata: { path: "s/B/Resource" } }, public: false },
    },
    azurerm_other: { c: { "//": { metadata: { path: "s/C" } }, public: true } },
  },
};

describe("policy engine", () => {
  test("resourcesOf reads type, logical id, construct path and configuration", () => {
    expect(resourcesOf(json).map((r) => `${r.type}.${r.logicalId} ${r.path}`)).toEqual(["azurerm_thing.a s/A/Resource", "azurerm_thing.b s/B/Resource", "azurerm_other.c s/C"]);
  });

  test("rules run on their resource types only; errors and warnings are counted", () => {
    const report = evaluate([PUBLIC, NAMED], { name: "s", tier: "prod", json }, []);
    expect(report.findings.map(formatFinding)).toEqual([
      "s/A/Resource: AZ-TST-001 (error) public is true; fix: set public: false",
      "s/B/Resource: AZ-TST-002 (warning) no name; fix: set public: false",
    ]);
    expect(report).toMatchObject({ stack: "s", tier: "prod", rulesEvaluated: 2, resourcesEvaluated: 3, errors: 1, warnings: 1 });
  });

  test("a suppression on a construct covers its children, for that rule only, and is reported", () => {
    const report = evaluate([PUBLIC, NAMED], { name: "s", json }, [{ ruleId: "AZ-TST-001", reason: "reached without a VNet", path: "s/A" }]);
    expect(report.errors).toBe(0);
    expect(report.findings.find((f) => f.ruleId === "AZ-TST-001")).toMatchObject({ path: "s/A/Resource", suppressedBecause: "reached without a VNet" });
    expect(report.suppressions).toEqual([{ ruleId: "AZ-TST-001", reason: "reached without a VNet", path: "s/A" }]);
  });

  test("a suppression does not leak to a sibling whose path shares a prefix", () => {
    const report = evaluate([PUBLIC], { name: "s", json: { resource: { azurerm_thing: { x: { "//": { metadata: { path: "s/AB/Resource" } }, public: true } } } } }, [
      { ruleId: "AZ-TST-001", reason: "only for A, not AB", path: "s/A" },
    ]);
    expect(report.errors).toBe(1);
  });

  test("the markdown summary lists open findings and suppressions", () => {
    const md = toMarkdown(evaluate([PUBLIC, NAMED], { name: "s", json }, [{ ruleId: "AZ-TST-002", reason: "names come later", path: "s/B" }]));
    expect(md).toContain("# Policy report: s");
    expect(md).toContain("2 rules over 3 resources: **1 errors, 0 warnings**, 1 suppressed.");
    expect(md).toContain("| AZ-TST-001 | error | `s/A/Resource` | public is true | set public: false |");
    expect(md).toContain("| AZ-TST-002 | `s/B/Resource` | names come later |");
  });
});

describe("Suppressions", () => {
  test("are declared in code with a reason and collected from the tree", () => {
    const { stack, rg } = testStack();
    Suppressions.of(rg).add("AZ-ST-001", "reached from App Service without a VNet");
    expect(Suppressions.collect(Testing.app()).length).toBe(0);
    expect(Suppressions.collect(stack)).toEqual([{ ruleId: "AZ-ST-001", reason: "reached from App Service without a VNet", path: "test/ResourceGroup" }]);
  });

  test("need a reason of at least 10 characters", () => {
    const { rg } = testStack();
    expect(() => Suppressions.of(rg).add("AZ-ST-001", "because")).toThrow(new ValidationError("test/ResourceGroup", 'suppression of AZ-ST-001 has reason "because": a reason of at least 10 characters is required'));
  });

  test("need a rule id", () => {
    const { rg } = testStack();
    expect(() => Suppressions.of(rg).add("ST-1", "a good long reason")).toThrow('test/ResourceGroup: suppression rule id "ST-1" is not a rule id (allowed: AZ-<AREA>-<nnn>, e.g. AZ-ST-001)');
  });
});
