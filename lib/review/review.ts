import type { Finding, PolicyReport } from "../policy/engine";
import { type PlanSummary, type ResourceChangeSummary, statefulRisks } from "./plan";

/**
 * The pull-request plan review: per stack a verdict, the plan's changes (replacements and
 * deletions first), the policy findings and, once the cost estimator exists, the cost delta.
 * {@link reviewPlans} builds it; {@link renderPlanReviewMarkdown} renders it for a pull-request
 * comment and the job summary.
 */

/** The hidden comment that marks the review's sticky pull-request comment: the workflow finds the comment by it and updates it. */
export const PLAN_REVIEW_MARKER = "<!-- blueprints-plan-review -->";

/** GitHub's limit on the body of an issue or pull-request comment, in characters. */
export const GITHUB_COMMENT_LIMIT = 65_536;

/**
 * A stack's monthly cost before and after the change. Nothing produces it yet: the cost estimator
 * is a separate, later piece of work. Leave it undefined until then: the review then shows no cost
 * line rather than a number nobody computed.
 */
export interface CostDelta {
  /** ISO 4217 currency code, e.g. `USD`. */
  readonly currency: string;
  /** Estimated monthly cost of what is deployed now. */
  readonly monthlyBefore: number;
  /** Estimated monthly cost after the change. */
  readonly monthlyAfter: number;
}

/** What the review knows about one stack. */
export interface StackReviewInput {
  /** The stack name, e.g. `studio-dev`. */
  readonly stack: string;
  /** The stack's plan. @default - not planned (e.g. synth failed on a policy error) */
  readonly plan?: PlanSummary;
  /** The stack's policy report (`policy-report.json` beside its synthesized JSON). @default - no policy section */
  readonly policy?: PolicyReport;
  /** The base branch's policy report of the stack: findings in it are not new. @default - every finding is listed */
  readonly basePolicy?: PolicyReport;
  /** The cost delta, from the cost estimator (not available yet). @default - no cost line */
  readonly costDelta?: CostDelta;
}

/** Options of {@link reviewPlans}. */
export interface PlanReviewOptions {
  /** A stateful replacement or deletion is accepted (the pull request carries the accepting label). @default false */
  readonly acceptReplace?: boolean;
}

/** The verdict on one stack, worst first. */
export type StackVerdict = "policy-errors" | "stateful-replace" | "errored" | "not-planned" | "changes" | "no-changes";

/** The policy part of a stack's review. */
export interface PolicyReview {
  /** Unsuppressed errors (new ones only when a base report was given). */
  readonly errors: readonly Finding[];
  /** Unsuppressed warnings (new ones only when a base report was given). */
  readonly warnings: readonly Finding[];
  /** Findings of the base report that no longer occur (only with a base report). */
  readonly resolved: readonly Finding[];
  /** True when compared with a base report: `errors` and `warnings` are then the new ones. */
  readonly comparedWithBase: boolean;
  readonly suppressed: number;
}

/** One stack's review. */
export interface StackReview {
  readonly stack: string;
  readonly verdict: StackVerdict;
  /** The one-line verdict, plain text. */
  readonly summary: string;
  readonly plan?: PlanSummary;
  /** Replacements and deletions of stateful resources. */
  readonly statefulRisks: readonly ResourceChangeSummary[];
  readonly policy?: PolicyReview;
  readonly costDelta?: CostDelta;
}

/** The review of every stack. */
export interface PlanReview {
  readonly stacks: readonly StackReview[];
  /** Replacements and deletions of stateful resources, across stacks. */
  readonly statefulRisks: number;
  readonly acceptReplace: boolean;
  /** Unsuppressed policy errors across stacks (new ones, where a base report was given). */
  readonly policyErrors: number;
}

const VERDICT_ORDER: Record<StackVerdict, number> = { "policy-errors": 0, "stateful-replace": 1, errored: 2, "not-planned": 3, changes: 4, "no-changes": 5 };

const plural = (n: number, noun: string) => `${n} ${noun}${n === 1 ? "" : "s"}`;

const findingKey = (f: Finding) => `${f.ruleId}\u0000${f.path}`;

function reviewPolicy(policy: PolicyReport, base?: PolicyReport): PolicyReview {
  const open = (r: PolicyReport) => r.findings.filter((f) => !f.suppressedBecause);
  const before = new Set(base ? open(base).map(findingKey) : []);
  const now = open(policy).filter((f) => !before.has(findingKey(f)));
  const after = new Set(open(policy).map(findingKey));
  return {
    errors: now.filter((f) => f.severity === "error"),
    warnings: now.filter((f) => f.severity !== "error"),
    resolved: base ? open(base).filter((f) => !after.has(findingKey(f))) : [],
    comparedWithBase: base !== undefined,
    suppressed: policy.findings.filter((f) => f.suppressedBecause).length,
  };
}

/** `2 to replace, 1 to delete, 3 to update, 1 to create`, or `no changes`. */
export function countsLine(plan: PlanSummary): string {
  const c = plan.counts;
  const parts = [
    c.replace && `${c.replace} to replace`,
    c.delete && `${c.delete} to delete`,
    c.update && `${c.update} to update`,
    c.create && `${c.create} to create`,
    c.import && `${c.import} to import`,
    c.forget && `${c.forget} to forget`,
    c.other && `${c.other} other`,
  ].filter(Boolean);
  return parts.length ? parts.join(", ") : "no changes";
}

function reviewStack(input: StackReviewInput, acceptReplace: boolean): StackReview {
  const risks = input.plan ? statefulRisks(input.plan) : [];
  const policy = input.policy ? reviewPolicy(input.policy, input.basePolicy) : undefined;
  const parts: string[] = [];
  let verdict: StackVerdict;
  if (policy?.errors.length) verdict = "policy-errors";
  else if (risks.length && !acceptReplace) verdict = "stateful-replace";
  else if (!input.plan) verdict = "not-planned";
  else if (input.plan.errored) verdict = "errored";
  else verdict = input.plan.changes.length ? "changes" : "no-changes";
  if (policy?.errors.length) parts.push(`${plural(policy.errors.length, policy.comparedWithBase ? "new policy error" : "policy error")}`);
  if (risks.length) {
    const categories = [...new Set(risks.map((r) => r.stateful!.split(" (")[0]))].join(", ");
    parts.push(`${acceptReplace ? "accepted: " : ""}replaces or deletes ${plural(risks.length, "stateful resource")} (${categories})`);
  }
  if (!input.plan) parts.push("not planned");
  else {
    if (input.plan.errored) parts.push("the plan errored and is incomplete");
    parts.push(countsLine(input.plan));
  }
  return {
    stack: input.stack,
    verdict,
    summary: parts.join("; "),
    ...(input.plan ? { plan: input.plan } : {}),
    statefulRisks: risks,
    ...(policy ? { policy } : {}),
    ...(input.costDelta ? { costDelta: input.costDelta } : {}),
  };
}

/** Reviews each stack: verdicts (worst first), stateful risks, policy findings. */
export function reviewPlans(inputs: readonly StackReviewInput[], options: PlanReviewOptions = {}): PlanReview {
  const acceptReplace = options.acceptReplace ?? false;
  const stacks = inputs.map((i) => reviewStack(i, acceptReplace)).sort((a, b) => VERDICT_ORDER[a.verdict] - VERDICT_ORDER[b.verdict] || a.stack.localeCompare(b.stack));
  return {
    stacks,
    statefulRisks: stacks.reduce((n, s) => n + s.statefulRisks.length, 0),
    acceptReplace,
    policyErrors: stacks.reduce((n, s) => n + (s.policy?.errors.length ?? 0), 0),
  };
}
