import { createHash } from "node:crypto";
import type { Finding, PolicyReport } from "./engine";
import type { PolicyRule } from "./rule";

/*
 * SARIF 2.1.0 (docs.oasis-open.org/sarif/sarif/v2.1.0) as GitHub code scanning reads it
 * (docs.github.com/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning):
 * one run, the tool's rules in `tool.driver.rules`, each result with `ruleId`, `level`,
 * `message.text`, one physical location (a repository-relative file and a start line) and
 * `partialFingerprints`, so an alert keeps its identity from one upload to the next.
 */

/** Where a stack's findings point: a file (relative to the repository root) and a line per resource. */
export interface SarifStackLocation {
  /** Repository-relative path with forward slashes, e.g. `cdktf.out/stacks/studio-prod/cdk.tf.json`. */
  readonly uri: string;
  /** The 1-based line of a resource in that file, from its type and logical id. @default - line 1 */
  readonly line?: (resourceType: string, logicalId: string) => number | undefined;
}

export interface SarifOptions {
  /** @default "blueprints" */
  readonly toolName?: string;
  readonly toolVersion?: string;
  /** @default - the project's README on npm */
  readonly informationUri?: string;
  /** Where each stack's findings point. */
  readonly location: (stack: string) => SarifStackLocation;
}

type SarifLevel = "error" | "warning" | "note";

/**
 * GitHub ranks security alerts by `security-severity` (0.1-10: above 7 high, 4-7 medium).
 * Errors are high, warnings medium; deployability findings carry no security severity, so
 * GitHub lists them by `level` alone.
 */
function securitySeverity(rule: PolicyRule): string | undefined {
  if ((rule.category ?? "security") !== "security") return undefined;
  return rule.severity === "error" ? "7.5" : "5.0";
}

function ruleDescriptor(rule: PolicyRule) {
  const severity = securitySeverity(rule);
  return {
    id: rule.id,
    name: rule.id.replace(/-/g, ""),
    shortDescription: { text: rule.description.split(/(?<=[.;])\s/)[0] },
    fullDescription: { text: rule.description },
    help: { text: `Fix: ${rule.fix}`, markdown: `**Fix:** ${rule.fix}` },
    defaultConfiguration: { level: rule.severity as SarifLevel },
    properties: {
      tags: [rule.category ?? "security", "azure", "terraform", ...(rule.checkov ?? []).map((id) => `checkov:${id}`)],
      ...(severity ? { "security-severity": severity } : {}),
    },
  };
}

/** A stable identity for a finding: the stack, the rule and the construct path (not the message, which may name values). */
function fingerprint(stack: string, finding: Finding): string {
  return createHash("sha256").update(`${stack}\0${finding.ruleId}\0${finding.path}`).digest("hex").slice(0, 32);
}

/**
 * The policy reports as one SARIF 2.1.0 log. Suppressed findings are included with an in-source
 * suppression and its reason, which GitHub shows as closed rather than open alerts.
 */
export function toSarif(reports: readonly PolicyReport[], rules: readonly PolicyRule[], options: SarifOptions): Record<string, unknown> {
  const used = new Set(reports.flatMap((r) => r.findings.map((f) => f.ruleId)));
  // Every rule evaluated is listed (so a rule that found nothing is visibly part of the run); unknown ids last.
  const descriptors = rules.map(ruleDescriptor);
  const index = new Map(descriptors.map((d, i) => [d.id, i]));
  for (const id of [...used].sort()) {
    if (!index.has(id)) {
      index.set(id, descriptors.length);
      descriptors.push({ ...ruleDescriptor({ id, severity: "warning", description: id, fix: "see the rule's documentation", resourceTypes: [], check: () => undefined }) });
    }
  }
  const results = reports.flatMap((report) => {
    const where = options.location(report.stack);
    return report.findings.map((f) => ({
      ruleId: f.ruleId,
      ruleIndex: index.get(f.ruleId),
      level: f.severity as SarifLevel,
      message: { text: `${f.path}: ${f.message}. Fix: ${f.fix}` },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: where.uri },
            region: { startLine: where.line?.(f.resourceType, f.logicalId) ?? 1 },
          },
          logicalLocations: [{ fullyQualifiedName: f.path, name: f.logicalId, kind: "resource" }],
        },
      ],
      partialFingerprints: { "blueprintsFinding/v1": fingerprint(report.stack, f) },
      ...(f.suppressedBecause ? { suppressions: [{ kind: "inSource", justification: f.suppressedBecause }] } : {}),
      properties: { stack: report.stack, resourceType: f.resourceType, category: f.category },
    }));
  });
  return {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: options.toolName ?? "blueprints",
            ...(options.toolVersion ? { semanticVersion: options.toolVersion, version: options.toolVersion } : {}),
            informationUri: options.informationUri ?? "https://www.npmjs.com/package/azure-cdktf-blueprints",
            rules: descriptors,
          },
        },
        results,
      },
    ],
  };
}

/**
 * The line of each resource in a synthesized `cdk.tf.json` (cdktf writes it with two-space
 * indentation: `"resource"` at depth 1, types at depth 2, logical ids at depth 3).
 */
export function resourceLines(text: string): (resourceType: string, logicalId: string) => number | undefined {
  const lines = new Map<string, number>();
  let inResources = false;
  let type: string | undefined;
  text.split("\n").forEach((line, i) => {
    const m = /^( *)"([^"]+)": \{/.exec(line);
    if (!m) return;
    const depth = m[1].length / 2;
    if (depth === 1) inResources = m[2] === "resource";
    else if (inResources && depth === 2) type = m[2];
    else if (inResources && depth === 3 && type) lines.set(`${type}.${m[2]}`, i + 1);
  });
  return (resourceType, logicalId) => lines.get(`${resourceType}.${logicalId}`);
}
