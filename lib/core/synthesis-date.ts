import type { IConstruct } from "constructs";
import { ValidationError } from "./errors";

/**
 * The cdktf context key holding the date a synthesis judges lifecycle at (`YYYY-MM-DD`): set it on
 * the App (`new App({ context: { [SYNTHESIS_DATE_CONTEXT]: "2027-01-31" } })`, what the CLI's
 * `--date` does) and constructs that refuse retired versions judge them at that date. Never
 * written into the synthesized JSON.
 */
export const SYNTHESIS_DATE_CONTEXT = "azure-cdktf-blueprints:synthesisDate";

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Today's date in UTC, `YYYY-MM-DD`. */
export function todayUtc(): string {
  return new Date().toISOString().slice(0, 10);
}

/** The synthesis date in `scope`'s app (the context value), or today (UTC) when none is set. */
export function synthesisDate(scope: IConstruct): string {
  const value: unknown = scope.node.tryGetContext(SYNTHESIS_DATE_CONTEXT);
  if (value === undefined) return todayUtc();
  if (typeof value !== "string" || !ISO_DATE.test(value) || new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) !== value) {
    throw new ValidationError(scope.node.path, `context ${SYNTHESIS_DATE_CONTEXT} ${JSON.stringify(value)} is not a date (allowed: YYYY-MM-DD)`);
  }
  return value;
}
