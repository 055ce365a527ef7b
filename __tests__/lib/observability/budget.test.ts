import { App, TerraformStack, Testing } from "cdktf";
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { ValidationError } from "../../../lib/core/errors";
import { Budget, type BudgetProps } from "../../../lib/observability/budget";
import { Monitoring } from "../../../lib/observability/monitoring";
import { expectValidationError, onlyResource, resourcesOf, synthJson, testStack } from "../../helpers/stack";

const SUBSCRIPTION = "00000000-0000-0000-0000-000000000000";

function budgetStack(props: Partial<BudgetProps> = {}) {
  const { stack, rg } = testStack();
  const build = () => new Budget(stack, "Budget", { resourceGroup: rg, amount: 300, startDate: "2026-12-01", emails: ["ops@example.com"], ...props });
  return { stack, rg, build };
}

describe("Budget", () => {
  test("a monthly resource group budget with the generated name, the start date as synthesized and three default notifications", () => {
    const { stack, build } = budgetStack();
    const budget = build();
    const json = synthJson(stack);
    const resource = onlyResource(json, "azurerm_consumption_budget_resource_group");
    expect(resource).toEqual({
      name: "budget-demo-dev",
      resource_group_id: expect.stringMatching(/^\$\{azurerm_resource_group\.ResourceGroup_[0-9A-F]+\.id\}$/),
      amount: 300,
      time_grain: "Monthly",
      time_period: { start_date: "2026-12-01T00:00:00Z" },
      notification: [
        { threshold: 80, threshold_type: "Actual", operator: "GreaterThan", contact_emails: ["ops@example.com"], enabled: true },
        { threshold: 100, threshold_type: "Actual", operator: "GreaterThan", contact_emails: ["ops@example.com"], enabled: true },
        { threshold: 100, threshold_type: "Forecasted", operator: "GreaterThan", contact_emails: ["ops@example.com"], enabled: true },
      ],
    });
    expect(resourcesOf(json, "azurerm_consumption_budget_subscription")).toEqual({});
    expect(budget.startDate).toBe("2026-12-01T00:00:00Z");
    expect(budget.timeGrain).toBe("Monthly");
  });

  test("the JSON does not depend on the day it is synthesized", () => {
    const synthOn = (day: string) => {
      jest.useFakeTimers({ now: new Date(day), doNotFake: ["nextTick", "setImmediate"] });
      try {
        const s = budgetStack();
        s.build();
        return JSON.stringify(synthJson(s.stack));
      } finally {
        jest.useRealTimers();
      }
    };
    expect(synthOn("2027-08-17T12:00:00Z")).toBe(synthOn("2026-11-29T08:00:00Z"));
  });

  test("a subscription budget from a GUID or /subscriptions/<GUID>, notifying Monitoring's action group", () => {
    for (const subscriptionId of [SUBSCRIPTION, `/subscriptions/${SUBSCRIPTION}`]) {
      const { stack, rg } = testStack();
      const monitoring = new Monitoring(stack, "Monitoring", { resourceGroup: rg, recipients: [{ name: "ops", address: "ops@example.com" }], shortName: "demo" });
      new Budget(stack, "Budget", {
        subscriptionId,
        name: "budget-demo-subscription",
        amount: 1000,
        timeGrain: "Quarterly",
        startDate: "2026-10-01",
        endDate: "2028-09-30",
        actionGroupIds: [monitoring.actionGroup.id],
        contactRoles: ["Owner"],
        notifications: [{ threshold: 90, thresholdType: "Forecasted", operator: "GreaterThanOrEqualTo" }],
      });
      const json = synthJson(stack);
      expect(onlyResource(json, "azurerm_consumption_budget_subscription")).toEqual({
        name: "budget-demo-subscription",
        subscription_id: `/subscriptions/${SUBSCRIPTION}`,
        amount: 1000,
        time_grain: "Quarterly",
        time_period: { start_date: "2026-10-01T00:00:00Z", end_date: "2028-09-30T00:00:00Z" },
        notification: [
          {
            threshold: 90,
            threshold_type: "Forecasted",
            operator: "GreaterThanOrEqualTo",
            contact_groups: [expect.stringMatching(/^\$\{azurerm_monitor_action_group\.Monitoring_ActionGroup_[0-9A-F]+\.id\}$/)],
            contact_roles: ["Owner"],
            enabled: true,
          },
        ],
      });
    }
  });

  test("a notification's own recipients replace the budget's", () => {
    const { stack, build } = budgetStack({ notifications: [{ threshold: 100, emails: ["finance@example.com"] }, { threshold: 50 }] });
    build();
    const notifications = onlyResource(synthJson(stack), "azurerm_consumption_budget_resource_group").notification as Record<string, unknown>[];
    expect(notifications.map((n) => n.contact_emails)).toEqual([["finance@example.com"], ["ops@example.com"]]);
  });

  test("in a plain TerraformStack, with an explicit name", () => {
    const stack = new TerraformStack(new App(), "plain");
    new AzurermProvider(stack, "azurerm", { features: [{}] });
    new Budget(stack, "Budget", { subscriptionId: SUBSCRIPTION, name: "monthly", amount: 50, startDate: "2026-11-01", emails: ["ops@example.com"] });
    expect(onlyResource(JSON.parse(Testing.synth(stack)), "azurerm_consumption_budget_subscription").name).toBe("monthly");
  });
});

describe("Budget input checks", () => {
  test.each([
    [0, "test/Budget: amount 0 is out of range (allowed: at least 1, in the billing account's currency; a budget of nothing cannot be tracked, and azurerm refuses less than 1)"],
    [-100, "test/Budget: amount -100 is out of range (allowed: at least 1, in the billing account's currency; a budget of nothing cannot be tracked, and azurerm refuses less than 1)"],
    [0.5, "test/Budget: amount 0.5 is out of range (allowed: at least 1, in the billing account's currency; a budget of nothing cannot be tracked, and azurerm refuses less than 1)"],
  ])("amount %d is refused", (amount, message) => {
    expectValidationError(() => budgetStack({ amount }).build(), message);
  });

  test.each([
    ["2026-12-15", 'test/Budget: startDate "2026-12-15" is not the first of a month (Azure requires YYYY-MM-01)'],
    ["2026-13-01", 'test/Budget: startDate "2026-13-01" is not a date (expected YYYY-MM-01, the first of a month)'],
    ["December 2026", 'test/Budget: startDate "December 2026" is not a date (expected YYYY-MM-01, the first of a month)'],
    ["2017-05-01", 'test/Budget: startDate "2017-05-01" is before 2017-06-01, the earliest start Azure accepts'],
  ])("startDate %s is refused", (startDate, message) => {
    expectValidationError(() => budgetStack({ startDate }).build(), message);
  });

  test("a start date with the time of day Azure writes is accepted", () => {
    expect(budgetStack({ startDate: "2026-12-01T00:00:00Z" }).build().startDate).toBe("2026-12-01T00:00:00Z");
  });

  test("an end date not after the start is refused", () => {
    expectValidationError(() => budgetStack({ endDate: "2026-12-01" }).build(), 'test/Budget: endDate "2026-12-01" is not after startDate "2026-12-01"');
    expectValidationError(() => budgetStack({ endDate: "2026-02-30" }).build(), 'test/Budget: endDate "2026-02-30" is not a date (expected YYYY-MM-DD)');
  });

  test.each([
    [-1, "test/Budget: notifications[0].threshold -1 is out of range (allowed: a whole percent of the amount, 0 to 1000)"],
    [1001, "test/Budget: notifications[0].threshold 1001 is out of range (allowed: a whole percent of the amount, 0 to 1000)"],
    [80.5, "test/Budget: notifications[0].threshold 80.5 is out of range (allowed: a whole percent of the amount, 0 to 1000)"],
  ])("threshold %d is refused", (threshold, message) => {
    expectValidationError(() => budgetStack({ notifications: [{ threshold }] }).build(), message);
  });

  test("thresholds 0 and 1000 are accepted", () => {
    expect(() => budgetStack({ notifications: [{ threshold: 0 }, { threshold: 1000 }] }).build()).not.toThrow();
  });

  test("more than five notifications are refused, five are accepted", () => {
    const five = [50, 80, 90, 100, 120].map((threshold) => ({ threshold }));
    expect(() => budgetStack({ notifications: five }).build()).not.toThrow();
    expectValidationError(() => budgetStack({ notifications: [...five, { threshold: 150 }] }).build(), "test/Budget: notifications has 6 entries (allowed: at most 5 per budget)");
    expectValidationError(() => budgetStack({ notifications: [] }).build(), "test/Budget: notifications is empty (allowed: 1 to 5; a budget without one alerts nobody)");
  });

  test("two notifications Azure would key alike are refused", () => {
    expectValidationError(
      () => budgetStack({ notifications: [{ threshold: 100 }, { threshold: 100, thresholdType: "Actual", operator: "GreaterThan" }] }).build(),
      "test/Budget: notifications[1] (Actual GreaterThan 100 %) repeats notifications[0]; Azure keys notifications by type, operator and threshold, so give each a different one",
    );
  });

  test("a notification nobody receives is refused", () => {
    expectValidationError(
      () => budgetStack({ emails: undefined, notifications: [{ threshold: 100 }] }).build(),
      "test/Budget: notifications[0] (Actual 100 %) notifies nobody; give the budget (or the notification) emails, actionGroupIds or contactRoles",
    );
  });

  test("a malformed e-mail address is refused", () => {
    expectValidationError(() => budgetStack({ emails: ["ops at example.com"] }).build(), 'test/Budget: notifications[0]: e-mail "ops at example.com" is not an e-mail address');
  });

  test("scope: exactly one of resourceGroup and subscriptionId", () => {
    const { stack, rg } = testStack();
    expectValidationError(
      () => new Budget(stack, "Both", { resourceGroup: rg, subscriptionId: SUBSCRIPTION, amount: 1, startDate: "2026-12-01", emails: ["a@b.co"] }),
      "test/Both: resourceGroup and subscriptionId are both given; a budget has one scope (give one of them)",
    );
    expectValidationError(
      () => new Budget(stack, "None", { amount: 1, startDate: "2026-12-01", emails: ["a@b.co"] }),
      "test/None: no scope: give resourceGroup (a budget on its cost) or subscriptionId (a budget on the whole subscription)",
    );
    expectValidationError(
      () => new Budget(stack, "Bad", { subscriptionId: "my-subscription", amount: 1, startDate: "2026-12-01", emails: ["a@b.co"] }),
      'test/Bad: subscriptionId "my-subscription" is not a subscription id (expected a GUID or /subscriptions/<GUID>)',
    );
  });

  test("a budget name Azure rejects is refused", () => {
    const attempt = () => budgetStack({ name: "budget for demo" }).build();
    expect(attempt).toThrow(ValidationError);
    expect(attempt).toThrow('test/Budget: budget name "budget for demo" has characters or a shape Azure rejects; Azure allows 1-63 characters, letters, digits, hyphens and underscores; unique within its parent resource');
  });

  test("a time grain Azure does not know is refused", () => {
    expectValidationError(() => budgetStack({ timeGrain: "Weekly" as never }).build(), 'test/Budget: timeGrain "Weekly" is not one Azure knows (allowed: Monthly, Quarterly, Annually, BillingMonth, BillingQuarter, BillingAnnual)');
  });
});
