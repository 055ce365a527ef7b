import type { DeployerNetwork } from "../core/deployer";
import type { Tier } from "../core/tier";
import type { PolicyContext, PolicyRule, ResourceView, RuleCategory, Severity } from "./rule";
import type { Suppression } from "./suppressions";

/** A rule's verdict on one resource. */
export interface Finding {
  readonly ruleId: string;
  readonly category: RuleCategory;
  readonly severity: Severity;
  readonly path: string;
  readonly resourceType: string;
  readonly logicalId: string;
  /** What is wrong, e.g. `public_network_access_enabled is true`. */
  readonly message: string;
  readonly fix: string;
  /** The reason, when a suppression covers this finding. */
  readonly suppressedBecause?: string;
}

/** The policy verdict on one stack. */
export interface PolicyReport {
  readonly stack: string;
  readonly tier?: Tier;
  readonly rulesEvaluated: number;
  readonly resourcesEvaluated: number;
  readonly findings: readonly Finding[];
  readonly suppressions: readonly Suppression[];
  /** Unsuppressed errors: a non-zero number fails the synth. */
  readonly errors: number;
  readonly warnings: number;
}

/** A stack's synthesized Terraform JSON, as far as the rules read it. */
export interface StackJson {
  readonly resource?: Record<string, Record<string, Record<string, unknown>>>;
  readonly provider?: Record<string, unknown>;
}

/** The stack to judge: its synthesized JSON and what the rules need to know about it. */
export interface StackUnderPolicy {
  readonly name: string;
  readonly tier?: Tier;
  readonly json: StackJson;
  /** Where Terraform runs, when the stack declares it. */
  readonly deployer?: DeployerNetwork;
  /** `YYYY-MM-DD` the lifecycle rules judge at. @default - today (UTC) */
  readonly date?: string;
}

/** Today's date in UTC, `YYYY-MM-DD`. */
export function today(): string {
  return new Date().toISOString().slice(0, 10);
}

/** The first `provider.azurerm` block of a synthesized stack (cdktf writes a list). */
function azurermProvider(json: StackJson): Record<string, unknown> | undefined {
  const blocks = json.provider?.azurerm;
  const first = Array.isArray(blocks) ? blocks[0] : blocks;
  return first && typeof first === "object" ? (first as Record<string, unknown>) : undefined;
}

/** The resources of a synthesized stack (its `cdk.tf.json`), with their construct paths. */
export function resourcesOf(json: StackJson): ResourceView[] {
  const views: ResourceView[] = [];
  for (const [type, byId] of Object.entries(json.resource ?? {})) {
    for (const [logicalId, config] of Object.entries(byId)) {
      const meta = (config["//"] as { metadata?: { path?: string } } | undefined)?.metadata;
      views.push({ type, logicalId, path: meta?.path ?? logicalId, config });
    }
  }
  return views;
}

/** Whether `suppression`, declared on a construct, covers the resource at `path`. */
function covers(suppression: Suppression, ruleId: string, path: string): boolean {
  return suppression.ruleId === ruleId && (path === suppression.path || path.startsWith(`${suppression.path}/`));
}

/** Per rule list, the rules that apply to each resource type, in the list's order. */
const rulesByType = new WeakMap<readonly PolicyRule[], Map<string, readonly PolicyRule[]>>();

/** The rules of `rules` that apply to `type` (theirs or `*`): asked once per type, not once per resource and rule. */
function rulesFor(rules: readonly PolicyRule[], type: string): readonly PolicyRule[] {
  let byType = rulesByType.get(rules);
  if (!byType) rulesByType.set(rules, (byType = new Map()));
  let applicable = byType.get(type);
  if (!applicable) byType.set(type, (applicable = rules.filter((r) => r.resourceTypes.includes(type) || r.resourceTypes.includes("*"))));
  return applicable;
}

/** Runs `rules` over one synthesized stack. */
export function evaluate(rules: readonly PolicyRule[], stack: StackUnderPolicy, suppressions: readonly Suppression[]): PolicyReport {
  const resources = resourcesOf(stack.json);
  const context: PolicyContext = {
    stackName: stack.name,
    tier: stack.tier,
    resources,
    provider: azurermProvider(stack.json),
    deployer: stack.deployer,
    date: stack.date ?? today(),
  };
  const relevant = suppressions.filter((s) => s.path === stack.name || s.path.startsWith(`${stack.name}/`));
  const findings: Finding[] = [];
  for (const resource of resources) {
    for (const rule of rulesFor(rules, resource.type)) {
      const verdict = rule.check(resource, context);
      if (verdict === undefined) continue;
      const { message, severity, fix } = typeof verdict === "string" ? { message: verdict, severity: undefined, fix: undefined } : verdict;
      const suppression = relevant.find((s) => covers(s, rule.id, resource.path));
      findings.push({
        ruleId: rule.id,
        category: rule.category ?? "security",
        severity: severity ?? rule.severity,
        path: resource.path,
        resourceType: resource.type,
        logicalId: resource.logicalId,
        message,
        fix: fix ?? rule.fix,
        suppressedBecause: suppression?.reason,
      });
    }
  }
  findings.sort((a, b) => a.path.localeCompare(b.path) || a.ruleId.localeCompare(b.ruleId));
  const open = findings.filter((f) => !f.suppressedBecause);
  return {
    stack: stack.name,
    tier: stack.tier,
    rulesEvaluated: rules.length,
    resourcesEvaluated: resources.length,
    findings,
    suppressions: relevant,
    errors: open.filter((f) => f.severity === "error").length,
    warnings: open.filter((f) => f.severity === "warning").length,
  };
}

/** One line per unsuppressed finding: `stack/path: AZ-ST-001 (error) what; fix: how`. */
export function formatFinding(f: Finding): string {
  return `${f.path}: ${f.ruleId} (${f.severity}) ${f.message}; fix: ${f.fix}`;
}

/** The short markdown summary written next to each stack's JSON report. */
export function toMarkdown(report: PolicyReport): string {
  const open = report.findings.filter((f) => !f.suppressedBecause);
  const suppressed = report.findings.filter((f) => f.suppressedBecause);
  const lines = [
    `# Policy report: ${report.stack}`,
    "",
    `${report.rulesEvaluated} rules over ${report.resourcesEvaluated} resources: **${report.errors} errors, ${report.warnings} warnings**, ${suppressed.length} suppressed.`,
    "",
  ];
  if (open.length) {
    lines.push("| rule | severity | resource | finding | fix |", "| --- | --- | --- | --- | --- |");
    for (const f of open) lines.push(`| ${f.ruleId} | ${f.severity} | \`${f.path}\` | ${f.message} | ${f.fix} |`);
    lines.push("");
  }
  if (suppressed.length) {
    lines.push("## Suppressed", "", "| rule | resource | reason |", "| --- | --- | --- |");
    for (const f of suppressed) lines.push(`| ${f.ruleId} | \`${f.path}\` | ${f.suppressedBecause} |`);
    lines.push("");
  }
  return `${lines.join("\n")}`;
}
