import { today } from "../engine";
import type { PolicyRule } from "../rule";
import { read } from "../util";

/*
 * Budgets are dated resources. Azure (Microsoft.Consumption budgets, which azurerm 4.55 calls)
 * creates a budget only when its start date is the first of a month, on or after 2017-06-01, not
 * more than twelve months ahead, and, when in the past, "within the timegrain period"; it refuses
 * to change the start date of a budget that exists ("Start date of budgets cannot be updated"), and
 * azurerm replaces the budget when `time_period.start_date` changes. An unchanged start date is
 * never sent as a change, so a budget keeps working after its start month has passed: a past date
 * is only a problem for a first deployment, which the rule cannot tell apart, hence a warning.
 */

const BUDGET_TYPES = ["azurerm_consumption_budget_resource_group", "azurerm_consumption_budget_subscription"];

/** `YYYY-MM-DD` plus `months` (day clamped to the month's length), as Go's `AddDate` for day 1 and "today". */
function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split("-").map(Number);
  const shifted = new Date(Date.UTC(y, m - 1 + months, d));
  return shifted.toISOString().slice(0, 10);
}

/** The first day a past start date may be on for a budget created on `date`, by time grain; undefined for billing-period grains. */
function earliestStart(date: string, grain: string): string | undefined {
  const firstOfMonth = `${date.slice(0, 7)}-01`;
  if (grain === "Monthly") return firstOfMonth;
  // The rule reads "within the timegrain period" as: within the last three (twelve) months.
  if (grain === "Quarterly") return addMonths(firstOfMonth, -2);
  if (grain === "Annually") return addMonths(firstOfMonth, -11);
  return undefined; // BillingMonth/Quarter/Annual follow the account's invoice periods, unknown at synth
}

export const BUDGET_RULES: readonly PolicyRule[] = [
  {
    id: "AZ-BUD-001",
    severity: "error",
    category: "deployability",
    description:
      "A budget's start date is one Azure accepts on the synth date: the first of a month, from 2017-06-01, at most twelve months ahead (error), and not before the current time-grain period (warning: a first deployment fails; a budget already created with that date is unaffected).",
    fix: "Set the budget's startDate to the first day of the current month (or a later month within a year) for a first deployment; once the budget exists keep the date as it is (changing it replaces the budget) and suppress AZ-BUD-001 on it, naming the month it was created.",
    resourceTypes: BUDGET_TYPES,
    checkov: [],
    check(resource, context) {
      const start = read(resource, ["time_period", "start_date"]);
      if (start.reference || start.unset || typeof start.value !== "string") return undefined;
      const raw = start.value;
      const day = raw.slice(0, 10);
      const valid = /^\d{4}-\d{2}-\d{2}$/.test(day) && !Number.isNaN(Date.parse(`${day}T00:00:00Z`)) && new Date(`${day}T00:00:00Z`).toISOString().startsWith(day);
      if (!valid) return `time_period.start_date ${JSON.stringify(raw)} is not a date Azure reads (expected YYYY-MM-01T00:00:00Z)`;
      if (!day.endsWith("-01")) return `time_period.start_date ${JSON.stringify(raw)} is not the first of a month, which Azure requires`;
      if (day < "2017-06-01") return `time_period.start_date ${JSON.stringify(raw)} is before 2017-06-01, the earliest start Azure accepts`;
      const date = context.date ?? today();
      const latest = addMonths(date, 12);
      if (day > latest) {
        return `time_period.start_date ${JSON.stringify(raw)} is more than twelve months after ${date} (the latest start Azure accepts is ${latest}): creating the budget fails`;
      }
      const grainValue = read(resource, ["time_grain"]);
      if (grainValue.reference) return undefined;
      const grain = typeof grainValue.value === "string" ? grainValue.value : "Monthly";
      const earliest = earliestStart(date, grain);
      if (earliest !== undefined && day < earliest) {
        return {
          severity: "warning",
          message: `time_period.start_date ${JSON.stringify(raw)} is before the current ${grain} period (${earliest} or later on ${date}): creating the budget now fails; a budget already created with this start date is unaffected, since an unchanged start date is never sent as a change`,
        };
      }
      return undefined;
    },
  },
];
