import type { Finding } from "../policy/engine";
import type { AttributeChange, ResourceChangeSummary } from "./plan";
import { type PlanReview, type StackReview, type StackVerdict, GITHUB_COMMENT_LIMIT, PLAN_REVIEW_MARKER } from "./review";

/** Options of {@link renderPlanReviewMarkdown}. */
export interface MarkdownOptions {
  /** The heading. @default "Terraform plan review" */
  readonly title?: string;
  /**
   * The longest text to return, in characters. Longer reviews drop the attribute details, then
   * lines from the end, and say so with a link to `reportUrl`.
   * @default 60000 (GitHub's comment limit is 65,536, {@link GITHUB_COMMENT_LIMIT})
   */
  readonly maxLength?: number;
  /** Where the full report and the plan files are (the workflow run's artifacts). @default - no link */
  readonly reportUrl?: string;
  /** Start with the hidden {@link PLAN_REVIEW_MARKER} comment, which finds the sticky comment. @default true */
  readonly marker?: boolean;
  /** Most attribute rows per resource in the details. @default 50 */
  readonly maxAttributes?: number;
}

const ICON: Record<StackVerdict, string> = {
  "policy-errors": "🔴",
  "stateful-replace": "🔴",
  errored: "🔴",
  "not-planned": "⚪",
  changes: "🟡",
  "no-changes": "🟢",
};

const REASONS: Record<string, string> = {
  replace_because_cannot_update: "the provider cannot update it in place",
  replace_because_tainted: "it is tainted",
  replace_by_request: "replacement requested (-replace)",
  replace_by_triggers: "replace_triggered_by",
  delete_because_no_resource_config: "removed from the configuration",
  delete_because_no_module: "its module was removed",
  delete_because_wrong_repetition: "count or for_each changed",
  delete_because_count_index: "outside the new count",
  delete_because_each_key: "key no longer in for_each",
  delete_because_no_move_target: "its moved target does not exist",
};

/** Inline code, safe in a table cell and against HTML: backticks fenced, pipes escaped, newlines shown as `\n`, long values cut. */
export function code(text: string, max = 200): string {
  let t = text.replace(/\r?\n/g, "\\n");
  if (t.length > max) t = `${t.slice(0, max - 1)}…`;
  t = t.replace(/\|/g, "\\|");
  const longest = Math.max(0, ...(t.match(/`+/g) ?? []).map((m) => m.length));
  const fence = "`".repeat(longest + 1);
  const pad = t.startsWith("`") || t.endsWith("`") ? " " : "";
  return `${fence}${pad}${t}${pad}${fence}`;
}

/** Plain text for Markdown outside code: characters Markdown or HTML would interpret are escaped. */
function text(s: string): string {
  return s.replace(/[\\`*_[\]<>&|#]/g, (c) => `\\${c}`);
}

function resourceLine(c: ResourceChangeSummary): string {
  const notes: string[] = [];
  if (c.stateful) notes.push(`**stateful: ${text(c.stateful)}**`);
  if (c.replacePaths.length) notes.push(`forced by ${c.replacePaths.map((p) => code(p)).join(", ")}`);
  if (c.actionReason) notes.push(text(REASONS[c.actionReason] ?? c.actionReason));
  if (c.createBeforeDestroy) notes.push("create before destroy");
  if (c.previousAddress) notes.push(`moved from ${code(c.previousAddress)}`);
  if (c.deposed) notes.push(`deposed object ${code(c.deposed)}`);
  if (c.action === "update" && c.attributes.length) notes.push(plural(c.attributes.length, "attribute"));
  if (c.action === "other") notes.push(`actions ${code(c.actions.join(", "))}`);
  return `- ${c.stateful && (c.action === "replace" || c.action === "delete") ? "⚠️ " : ""}${code(c.address)}${notes.length ? ` — ${notes.join("; ")}` : ""}`;
}

const plural = (n: number, noun: string) => `${n} ${noun}${n === 1 ? "" : "s"}`;

const SECTIONS: readonly { action: ResourceChangeSummary["action"]; title: string }[] = [
  { action: "replace", title: "Replace (destroy and create again)" },
  { action: "delete", title: "Delete" },
  { action: "update", title: "Update in place" },
  { action: "create", title: "Create" },
  { action: "import", title: "Import" },
  { action: "forget", title: "Forget (removed from state, left in Azure)" },
  { action: "other", title: "Other" },
];

function attributeTable(changes: readonly AttributeChange[], max: number): string[] {
  const rows = changes.slice(0, max).map((a) => `| ${code(a.path)}${a.forcesReplacement ? " **forces replacement**" : ""} | ${code(a.before)} | ${code(a.after)} |`);
  const more = changes.length > max ? [`| … ${changes.length - max} more | | |`] : [];
  return ["| attribute | before | after |", "| --- | --- | --- |", ...rows, ...more];
}

function findingLine(f: Finding): string {
  const icon = f.severity === "error" ? "🔴" : "🟡";
  return `- ${icon} ${code(f.ruleId)} ${code(f.path)}: ${text(f.message)}; fix: ${text(f.fix)}`;
}

function money(n: number, currency: string): string {
  return `${n.toFixed(2)} ${currency}`;
}

function stackLines(s: StackReview, details: boolean, maxAttributes: number): string[] {
  const lines = [`### ${ICON[s.verdict]} ${text(s.stack)}: ${text(s.summary)}`, ""];
  const plan = s.plan;
  if (plan) {
    for (const { action, title } of SECTIONS) {
      const of = plan.changes.filter((c) => c.action === action);
      if (!of.length) continue;
      lines.push(`**${title}** (${of.length})`, "", ...of.map(resourceLine), "");
    }
    const withAttributes = plan.changes.filter((c) => c.attributes.length);
    if (details && (withAttributes.length || plan.outputs.length)) {
      lines.push(`<details><summary>Attribute changes of ${plural(withAttributes.length, "resource")}${plan.outputs.length ? ` and ${plural(plan.outputs.length, "output")}` : ""}</summary>`, "");
      for (const c of withAttributes) lines.push(`${code(c.address)} (${c.action})`, "", ...attributeTable(c.attributes, maxAttributes), "");
      if (plan.outputs.length) {
        lines.push("Outputs", "", "| output | before | after |", "| --- | --- | --- |", ...plan.outputs.map((o) => `| ${code(o.name)} | ${code(o.before)} | ${code(o.after)} |`), "");
      }
      lines.push("</details>", "");
    }
  }
  const p = s.policy;
  if (p) {
    const qualifier = p.comparedWithBase ? "new " : "";
    const counts = [plural(p.errors.length, `${qualifier}error`), plural(p.warnings.length, `${qualifier}warning`)];
    if (p.comparedWithBase) counts.push(`${p.resolved.length} resolved`);
    if (p.suppressed) counts.push(`${p.suppressed} suppressed`);
    lines.push(`**Policy**: ${counts.join(", ")}`, "");
    if (p.errors.length || p.warnings.length) lines.push(...[...p.errors, ...p.warnings].map(findingLine), "");
  }
  if (s.costDelta) {
    const { monthlyBefore: b, monthlyAfter: a, currency } = s.costDelta;
    const delta = a - b;
    lines.push(`**Cost**: ${delta >= 0 ? "+" : "−"}${money(Math.abs(delta), currency)} per month (${money(b, currency)} → ${money(a, currency)})`, "");
  }
  return lines;
}

function render(review: PlanReview, options: MarkdownOptions, details: boolean): string[] {
  const lines: string[] = [];
  if (options.marker ?? true) lines.push(PLAN_REVIEW_MARKER);
  lines.push(`## ${options.title ?? "Terraform plan review"}`, "");
  if (!review.stacks.length) lines.push("No stacks were planned.", "");
  else {
    lines.push("| | stack | verdict |", "| --- | --- | --- |", ...review.stacks.map((s) => `| ${ICON[s.verdict]} | ${text(s.stack)} | ${text(s.summary)} |`), "");
  }
  if (review.statefulRisks && !review.acceptReplace) {
    lines.push(`> [!CAUTION]`, `> ${plural(review.statefulRisks, "stateful resource")} would be replaced or deleted: the data in ${review.statefulRisks === 1 ? "it" : "them"} is lost unless restored from a backup. The check fails until the change is accepted (the \`accept-replace\` label).`, "");
  } else if (review.statefulRisks) {
    lines.push(`> [!WARNING]`, `> ${plural(review.statefulRisks, "stateful resource")} will be replaced or deleted; accepted on this pull request.`, "");
  }
  for (const s of review.stacks) lines.push(...stackLines(s, details, options.maxAttributes ?? 50));
  if (options.reportUrl) lines.push(`Plan files and the full report: [workflow run artifacts](${options.reportUrl})`, "");
  return lines;
}

/**
 * Renders the review as GitHub-flavoured Markdown for the sticky pull-request comment and the job
 * summary: the hidden marker, a table of verdicts, then per stack (worst first) replacements and
 * deletions, updates and creates, attribute changes in a collapsed `<details>`, policy findings and
 * the cost delta. Values come from the {@link PlanSummary}, where sensitive values are already
 * `(sensitive)`. Never longer than `maxLength`: a longer review loses its details first.
 */
export function renderPlanReviewMarkdown(review: PlanReview, options: MarkdownOptions = {}): string {
  const max = options.maxLength ?? 60_000;
  const full = `${render(review, options, true).join("\n").trimEnd()}\n`;
  if (full.length <= max) return full;
  const where = options.reportUrl ? `the full report is in the [workflow run artifacts](${options.reportUrl})` : "run `blueprints plan-summary` for the full report";
  const note = `> [!NOTE]\n> This review is shortened to stay under GitHub's comment limit (${GITHUB_COMMENT_LIMIT.toLocaleString("en-US")} characters): ${where}.\n`;
  const brief = render(review, options, false);
  const budget = max - note.length - 2;
  const kept: string[] = [];
  let length = 0;
  for (const line of brief) {
    if (length + line.length + 1 > budget) break;
    kept.push(line);
    length += line.length + 1;
  }
  return `${kept.join("\n").trimEnd()}\n\n${note}`;
}
