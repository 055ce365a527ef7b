import { evaluate } from "../../../lib/policy/engine";
import type { PolicyRule } from "../../../lib/policy/rule";
import { resourceLines, toSarif } from "../../../lib/policy/sarif";

const PUBLIC: PolicyRule = {
  id: "AZ-TST-001",
  severity: "error",
  category: "security",
  checkov: ["CKV_AZURE_59"],
  description: "No public access. Second sentence.",
  fix: "set public: false",
  resourceTypes: ["azurerm_thing"],
  check: (r) => (r.config.public === false ? undefined : "public is true"),
};
const REACH: PolicyRule = { ...PUBLIC, id: "AZ-TST-002", severity: "warning", category: "deployability", checkov: [], check: () => "unreachable" };

const text = JSON.stringify(
  { resource: { azurerm_thing: { a: { "//": { metadata: { path: "s/A" } }, public: true }, b: { "//": { metadata: { path: "s/B" } }, public: true } } } },
  null,
  2,
);

type Sarif = {
  version: string;
  $schema: string;
  runs: {
    tool: { driver: { name: string; version?: string; rules: { id: string; defaultConfiguration: { level: string }; properties: { tags: string[]; "security-severity"?: string }; help: { text: string } }[] } };
    results: { ruleId: string; ruleIndex: number; level: string; message: { text: string }; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } }; logicalLocations: { fullyQualifiedName: string }[] }[]; partialFingerprints: Record<string, string>; suppressions?: { kind: string; justification: string }[] }[];
  }[];
};

describe("SARIF 2.1.0 for GitHub code scanning", () => {
  const report = evaluate([PUBLIC, REACH], { name: "s", json: JSON.parse(text) as object, date: "2026-11-29" }, [{ ruleId: "AZ-TST-001", reason: "a partner needs it", path: "s/B" }]);
  const sarif = toSarif([report], [PUBLIC, REACH], { toolVersion: "1.2.3", location: () => ({ uri: "cdktf.out/stacks/s/cdk.tf.json", line: resourceLines(text) }) }) as unknown as Sarif;
  const [run] = sarif.runs;

  test("one run of the blueprints tool, every rule with its level, tags (category, checkov ids) and GitHub's security severity", () => {
    expect(sarif.version).toBe("2.1.0");
    expect(sarif.$schema).toMatch(/sarif-2\.1\.0/);
    expect(run.tool.driver).toMatchObject({ name: "blueprints", version: "1.2.3" });
    expect(run.tool.driver.rules.map((r) => [r.id, r.defaultConfiguration.level, r.properties.tags, r.properties["security-severity"]])).toEqual([
      ["AZ-TST-001", "error", ["security", "azure", "terraform", "checkov:CKV_AZURE_59"], "7.5"],
      ["AZ-TST-002", "warning", ["deployability", "azure", "terraform"], undefined],
    ]);
    expect(run.tool.driver.rules[0].help.text).toBe("Fix: set public: false");
  });

  test("each finding points at its resource's line in cdk.tf.json and carries a stable fingerprint", () => {
    const a = run.results.find((r) => r.ruleId === "AZ-TST-001" && !r.suppressions)!;
    expect(a).toMatchObject({ ruleIndex: 0, level: "error", message: { text: "s/A: public is true. Fix: set public: false" } });
    const lineOfA = text.split("\n").findIndex((l) => l === '      "a": {') + 1;
    expect(a.locations[0].physicalLocation).toEqual({ artifactLocation: { uri: "cdktf.out/stacks/s/cdk.tf.json" }, region: { startLine: lineOfA } });
    expect(a.locations[0].logicalLocations[0].fullyQualifiedName).toBe("s/A");
    const again = toSarif([report], [PUBLIC, REACH], { location: () => ({ uri: "x" }) }) as unknown as Sarif;
    expect(again.runs[0].results.map((r) => r.partialFingerprints)).toEqual(run.results.map((r) => r.partialFingerprints));
    expect(new Set(run.results.map((r) => r.partialFingerprints["blueprintsFinding/v1"])).size).toBe(run.results.length);
  });

  test("a suppressed finding is reported with an in-source suppression and its reason", () => {
    const b = run.results.find((r) => r.ruleId === "AZ-TST-001" && r.suppressions)!;
    expect(b.suppressions).toEqual([{ kind: "inSource", justification: "a partner needs it" }]);
  });

  test("resourceLines finds resources under `resource` only, by type and logical id", () => {
    const lines = resourceLines(text);
    expect(lines("azurerm_thing", "b")).toBe(text.split("\n").findIndex((l) => l === '      "b": {') + 1);
    expect(lines("azurerm_thing", "zzz")).toBeUndefined();
  });
});
