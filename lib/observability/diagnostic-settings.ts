import { MonitorDiagnosticSetting } from "@cdktf/provider-azurerm/lib/monitor-diagnostic-setting";
import type { Construct } from "constructs";

/** Where a resource's platform logs and metrics go (AVM's `diagnosticSettings`, to Log Analytics). */
export interface DiagnosticSettingsProps {
  /** ARM id of the Log Analytics workspace that receives the logs and metrics (Monitoring's `workspace.id`, or a shared one's). */
  readonly workspaceId: string;
  /**
   * Log category groups to send. `allLogs` is every category the resource type has (for a web
   * app: HTTP, console, application, audit, platform and IP security logs).
   * @default ["allLogs"]
   */
  readonly logCategoryGroups?: readonly string[];
  /** Metric categories to send; `[]` for none. @default ["AllMetrics"] */
  readonly metricCategories?: readonly string[];
  /** Name of the setting (unique per target resource). @default "to-log-analytics" */
  readonly name?: string;
}

/** A diagnostic setting sending `targetResourceId`'s logs and metrics to a Log Analytics workspace. */
export function addDiagnosticSetting(scope: Construct, id: string, targetResourceId: string, props: DiagnosticSettingsProps): MonitorDiagnosticSetting {
  const metrics = props.metricCategories ?? ["AllMetrics"];
  return new MonitorDiagnosticSetting(scope, id, {
    name: props.name ?? "to-log-analytics",
    targetResourceId,
    logAnalyticsWorkspaceId: props.workspaceId,
    enabledLog: (props.logCategoryGroups ?? ["allLogs"]).map((categoryGroup) => ({ categoryGroup })),
    enabledMetric: metrics.length ? metrics.map((category) => ({ category })) : undefined,
  });
}
