import { ConsumptionBudgetResourceGroup } from "@cdktf/provider-azurerm/lib/consumption-budget-resource-group";
import { ConsumptionBudgetSubscription } from "@cdktf/provider-azurerm/lib/consumption-budget-subscription";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { resourceName } from "../core/azure-stack";
import { ValidationError, show } from "../core/errors";
import type { IResourceGroup } from "../core/interfaces";

/**
 * How often the budget's spend resets. `Monthly`, `Quarterly` and `Annually` follow the calendar;
 * the `Billing*` grains follow the billing account's invoice periods (Microsoft Customer Agreement
 * and pay-as-you-go accounts only).
 */
export type BudgetTimeGrain = "Monthly" | "Quarterly" | "Annually" | "BillingMonth" | "BillingQuarter" | "BillingAnnual";

/** `Actual`: cost already incurred; `Forecasted`: the cost Cost Management projects for the period. */
export type BudgetThresholdType = "Actual" | "Forecasted";

/** How cost is compared with the threshold. */
export type BudgetOperator = "GreaterThan" | "GreaterThanOrEqualTo" | "EqualTo";

/** One alert condition of a budget: "notify when actual (or forecast) cost passes N % of the amount". */
export interface BudgetNotificationProps {
  /** Percent of the budget amount, a whole number from 0 to 1000 (`80` for 80 %). */
  readonly threshold: number;
  /** Whether actual or forecast cost is compared. @default "Actual" */
  readonly thresholdType?: BudgetThresholdType;
  /** How cost is compared with the threshold. @default "GreaterThan" */
  readonly operator?: BudgetOperator;
  /** E-mail addresses this condition notifies. @default - the budget's `emails` */
  readonly emails?: readonly string[];
  /** Action group ids this condition notifies (`Monitoring.actionGroup.id`). @default - the budget's `actionGroupIds` */
  readonly actionGroupIds?: readonly string[];
  /** RBAC roles on the scope whose holders are e-mailed (`Owner`, `Contributor`). @default - the budget's `contactRoles` */
  readonly contactRoles?: readonly string[];
  /** Whether the condition notifies. @default true */
  readonly enabled?: boolean;
}

/** A budget: its scope, amount, period and alert conditions. */
export interface BudgetProps {
  /** Scope: a budget on this resource group's cost. Give this or `subscriptionId`, not both. */
  readonly resourceGroup?: IResourceGroup;
  /**
   * Scope: a budget on the whole subscription, by its id (a GUID, or `/subscriptions/<GUID>`; a
   * Terraform reference must resolve to the `/subscriptions/<GUID>` form). Give this or
   * `resourceGroup`, not both.
   */
  readonly subscriptionId?: string;
  /** Budget name. @default - generated: `budget-<workload>-<env>[-<instance>]` (1-63 characters, unique within its scope) */
  readonly name?: string;
  /** Distinguishes several budgets in one stack, in generated names. @default - none */
  readonly instance?: string;
  /** The amount per time grain, in the billing account's currency: at least 1 (azurerm refuses less). */
  readonly amount: number;
  /** How often the spend resets. Changing it replaces the budget. @default "Monthly" */
  readonly timeGrain?: BudgetTimeGrain;
  /**
   * First day the budget tracks: the first of a month, `YYYY-MM-01` (on or after 2017-06-01).
   * A literal from the profile, never "now", so the synthesized JSON is the same every day.
   * Azure refuses to create a budget whose start date is before the current time-grain period or
   * more than twelve months ahead, and refuses to change the start date of one that exists
   * (Terraform replaces the budget when it changes). So: for a first deployment, pick the current
   * month (or a later one); afterwards leave it as it is. An existing budget keeps working after
   * its start month has passed, because an unchanged start date is never sent as a change. The
   * deployability rule AZ-BUD-001 judges the date against the synth date (`--date`).
   */
  readonly startDate: string;
  /** Last day the budget tracks, `YYYY-MM-DD`, after `startDate`. @default - 10 years after `startDate` (Azure's default) */
  readonly endDate?: string;
  /** E-mail addresses every notification goes to (unless a notification names its own). @default - none */
  readonly emails?: readonly string[];
  /** Action groups every notification goes to (`Monitoring.actionGroup.id`). @default - none */
  readonly actionGroupIds?: readonly string[];
  /** RBAC roles on the scope whose holders every notification e-mails (`Owner`). @default - none */
  readonly contactRoles?: readonly string[];
  /**
   * Alert conditions, at most five (Azure's limit per budget); each needs a recipient (an e-mail,
   * an action group or a contact role, its own or the budget's).
   * @default - actual cost above 80 % and above 100 %, forecast cost above 100 %
   */
  readonly notifications?: readonly BudgetNotificationProps[];
}

/** The notifications a budget gets when none are given. */
export const DEFAULT_BUDGET_NOTIFICATIONS: readonly BudgetNotificationProps[] = [
  { threshold: 80, thresholdType: "Actual" },
  { threshold: 100, thresholdType: "Actual" },
  { threshold: 100, thresholdType: "Forecasted" },
];

const TIME_GRAINS: readonly BudgetTimeGrain[] = ["Monthly", "Quarterly", "Annually", "BillingMonth", "BillingQuarter", "BillingAnnual"];
const OPERATORS: readonly BudgetOperator[] = ["GreaterThan", "GreaterThanOrEqualTo", "EqualTo"];
const THRESHOLD_TYPES: readonly BudgetThresholdType[] = ["Actual", "Forecasted"];
/** Budgets allow five notifications (Microsoft.Consumption budgets: "Budget can have up to five notifications"). */
export const MAX_BUDGET_NOTIFICATIONS = 5;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** `YYYY-MM-DD` of a literal date (`2026-12-01` or `2026-12-01T00:00:00Z`), or undefined when it is not one. */
function calendarDate(text: string): { readonly year: number; readonly month: number; readonly day: number } | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T00:00:00(?:\.0+)?Z)?$/.exec(text);
  if (!m) return undefined;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return undefined;
  return { year, month, day };
}

/**
 * A Cost Management budget on a resource group or a subscription, with alert conditions that
 * e-mail people or notify action groups when actual or forecast cost passes a share of the amount.
 * Budgets only notify: they never stop resources.
 */
export class Budget extends Construct {
  /** The `azurerm_consumption_budget_resource_group` or `_subscription` resource (escape hatch). */
  readonly resource: ConsumptionBudgetResourceGroup | ConsumptionBudgetSubscription;
  /** ARM id of the budget. */
  readonly id: string;
  /** The budget's name. */
  readonly name: string;
  /** The start date as synthesized (`YYYY-MM-01T00:00:00Z`). */
  readonly startDate: string;
  /** How often the spend resets. */
  readonly timeGrain: BudgetTimeGrain;

  constructor(scope: Construct, id: string, props: BudgetProps) {
    super(scope, id);
    const path = this.node.path;
    if (props.resourceGroup && props.subscriptionId !== undefined) {
      throw new ValidationError(path, "resourceGroup and subscriptionId are both given; a budget has one scope (give one of them)");
    }
    if (!props.resourceGroup && props.subscriptionId === undefined) {
      throw new ValidationError(path, "no scope: give resourceGroup (a budget on its cost) or subscriptionId (a budget on the whole subscription)");
    }
    if (!Token.isUnresolved(props.amount) && !(props.amount >= 1)) {
      throw new ValidationError(path, `amount ${props.amount} is out of range (allowed: at least 1, in the billing account's currency; a budget of nothing cannot be tracked, and azurerm refuses less than 1)`);
    }
    this.timeGrain = props.timeGrain ?? "Monthly";
    if (!TIME_GRAINS.includes(this.timeGrain)) {
      throw new ValidationError(path, `timeGrain ${show(this.timeGrain)} is not one Azure knows (allowed: ${TIME_GRAINS.join(", ")})`);
    }
    this.startDate = checkStartDate(path, props.startDate);
    const endDate = props.endDate === undefined ? undefined : checkEndDate(path, props.endDate, props.startDate);
    const notifications = (props.notifications ?? DEFAULT_BUDGET_NOTIFICATIONS).map((n, i) => notification(path, i, n, props));
    if (notifications.length === 0) throw new ValidationError(path, "notifications is empty (allowed: 1 to 5; a budget without one alerts nobody)");
    if (notifications.length > MAX_BUDGET_NOTIFICATIONS) {
      throw new ValidationError(path, `notifications has ${notifications.length} entries (allowed: at most ${MAX_BUDGET_NOTIFICATIONS} per budget)`);
    }
    const seen = new Map<string, number>();
    notifications.forEach((n, i) => {
      // azurerm keys each notification by type, operator and threshold: two alike would collapse into one.
      const key = `${n.thresholdType} ${n.operator} ${n.threshold}`;
      if (!Token.isUnresolved(n.threshold) && seen.has(key)) {
        throw new ValidationError(path, `notifications[${i}] (${n.thresholdType} ${n.operator} ${n.threshold} %) repeats notifications[${seen.get(key)}]; Azure keys notifications by type, operator and threshold, so give each a different one`);
      }
      seen.set(key, i);
    });
    this.name = resourceName(this, "budget", props.name, props.instance);
    const common = {
      name: this.name,
      amount: props.amount,
      timeGrain: this.timeGrain,
      timePeriod: { startDate: this.startDate, endDate },
      notification: notifications,
    };
    if (props.resourceGroup) {
      this.resource = new ConsumptionBudgetResourceGroup(this, "Resource", { ...common, resourceGroupId: props.resourceGroup.id });
    } else {
      this.resource = new ConsumptionBudgetSubscription(this, "Resource", { ...common, subscriptionId: subscriptionScope(path, props.subscriptionId as string) });
    }
    this.id = this.resource.id;
  }
}

/** `/subscriptions/<GUID>` from a GUID or that form; a reference is passed as is. */
function subscriptionScope(path: string, subscriptionId: string): string {
  if (Token.isUnresolved(subscriptionId)) return subscriptionId;
  const m = /^(?:\/subscriptions\/)?([^/]+)$/i.exec(subscriptionId);
  if (!m || !GUID.test(m[1])) {
    throw new ValidationError(path, `subscriptionId ${show(subscriptionId)} is not a subscription id (expected a GUID or /subscriptions/<GUID>)`);
  }
  return `/subscriptions/${m[1]}`;
}

function checkStartDate(path: string, startDate: string): string {
  if (Token.isUnresolved(startDate)) {
    throw new ValidationError(path, "startDate is a Terraform reference; give the first of a month as a literal (YYYY-MM-01), so the synthesized budget is the same every day and the start date can be checked");
  }
  const d = calendarDate(startDate);
  if (!d) throw new ValidationError(path, `startDate ${show(startDate)} is not a date (expected YYYY-MM-01, the first of a month)`);
  if (d.day !== 1) throw new ValidationError(path, `startDate ${show(startDate)} is not the first of a month (Azure requires YYYY-MM-01)`);
  if (d.year < 2017 || (d.year === 2017 && d.month < 6)) {
    throw new ValidationError(path, `startDate ${show(startDate)} is before 2017-06-01, the earliest start Azure accepts`);
  }
  return `${startDate.slice(0, 10)}T00:00:00Z`;
}

function checkEndDate(path: string, endDate: string, startDate: string): string {
  if (Token.isUnresolved(endDate)) return endDate;
  const d = calendarDate(endDate);
  if (!d) throw new ValidationError(path, `endDate ${show(endDate)} is not a date (expected YYYY-MM-DD)`);
  if (endDate.slice(0, 10) <= startDate.slice(0, 10)) {
    throw new ValidationError(path, `endDate ${show(endDate)} is not after startDate ${show(startDate)}`);
  }
  return `${endDate.slice(0, 10)}T00:00:00Z`;
}

function notification(path: string, index: number, n: BudgetNotificationProps, budget: BudgetProps) {
  const where = `notifications[${index}]`;
  if (!Token.isUnresolved(n.threshold) && (!Number.isInteger(n.threshold) || n.threshold < 0 || n.threshold > 1000)) {
    throw new ValidationError(path, `${where}.threshold ${n.threshold} is out of range (allowed: a whole percent of the amount, 0 to 1000)`);
  }
  const thresholdType = n.thresholdType ?? "Actual";
  if (!THRESHOLD_TYPES.includes(thresholdType)) throw new ValidationError(path, `${where}.thresholdType ${show(thresholdType)} is not one Azure knows (allowed: ${THRESHOLD_TYPES.join(", ")})`);
  const operator = n.operator ?? "GreaterThan";
  if (!OPERATORS.includes(operator)) throw new ValidationError(path, `${where}.operator ${show(operator)} is not one Azure knows (allowed: ${OPERATORS.join(", ")})`);
  const emails = [...(n.emails ?? budget.emails ?? [])];
  const groups = [...(n.actionGroupIds ?? budget.actionGroupIds ?? [])];
  const roles = [...(n.contactRoles ?? budget.contactRoles ?? [])];
  for (const email of emails) {
    if (!Token.isUnresolved(email) && !EMAIL.test(email)) throw new ValidationError(path, `${where}: e-mail ${show(email)} is not an e-mail address`);
  }
  for (const role of roles) {
    if (!Token.isUnresolved(role) && role.trim() === "") throw new ValidationError(path, `${where}: contact role ${show(role)} is empty`);
  }
  if (emails.length + groups.length + roles.length === 0) {
    throw new ValidationError(path, `${where} (${thresholdType} ${threshold(n)} %) notifies nobody; give the budget (or the notification) emails, actionGroupIds or contactRoles`);
  }
  return {
    threshold: n.threshold,
    thresholdType,
    operator,
    contactEmails: emails.length ? emails : undefined,
    contactGroups: groups.length ? groups : undefined,
    contactRoles: roles.length ? roles : undefined,
    enabled: n.enabled ?? true,
  };
}

function threshold(n: BudgetNotificationProps): string {
  return Token.isUnresolved(n.threshold) ? "?" : String(n.threshold);
}
