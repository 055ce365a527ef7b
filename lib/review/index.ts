// The pull-request plan review: Terraform JSON plans in, a Markdown review out (`blueprints plan-summary`).
export { PlanFormatError, SENSITIVE, KNOWN_AFTER_APPLY, classifyActions, formatPlanPath, parsePlan, statefulRisks } from "./plan";
export type { PlanAction, AttributeChange, ResourceChangeSummary, OutputChangeSummary, PlanCounts, PlanSummary } from "./plan";
export { STATEFUL_RESOURCE_TYPES, statefulCategory } from "./stateful";
export { PLAN_REVIEW_MARKER, GITHUB_COMMENT_LIMIT, countsLine, reviewPlans } from "./review";
export type { CostDelta, StackReviewInput, PlanReviewOptions, StackVerdict, PolicyReview, StackReview, PlanReview } from "./review";
export { renderPlanReviewMarkdown } from "./markdown";
export type { MarkdownOptions } from "./markdown";
