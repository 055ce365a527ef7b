import type { RuleVerdict } from "../../lib/policy/rule";

/** The message of a rule's verdict (a phrase, or a verdict object), or undefined when it complies. */
export function verdictText(verdict: string | RuleVerdict | undefined): string | undefined {
  return typeof verdict === "object" ? verdict.message : verdict;
}
