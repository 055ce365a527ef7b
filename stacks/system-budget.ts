import type { Construct } from "constructs";
import type { IResourceGroup } from "../lib/core/interfaces";
import type { EnvironmentConfig } from "../lib/framework/environment-config";
import { Budget, type BudgetProps } from "../lib/observability/budget";

/** The `budget` group the systems' profiles share. */
export interface SystemBudgetProfile {
  readonly monthlyAmount: number;
  readonly startDate: string;
}

/**
 * A system's monthly budget on its resource group (construct id `Budget`): the profile's amount
 * from its start month, alerting the environment's alert e-mails and the system's action group.
 */
export function systemBudget(
  scope: Construct,
  props: { readonly resourceGroup: IResourceGroup; readonly budget: SystemBudgetProfile; readonly environment: EnvironmentConfig; readonly actionGroupId: string; readonly notifications?: BudgetProps["notifications"] },
): Budget {
  return new Budget(scope, "Budget", {
    resourceGroup: props.resourceGroup,
    amount: props.budget.monthlyAmount,
    startDate: props.budget.startDate,
    emails: props.environment.alerts.emails.map((r) => r.address),
    actionGroupIds: [props.actionGroupId],
    ...(props.notifications ? { notifications: props.notifications } : {}),
  });
}
