import { ApplicationInsights } from "@cdktf/provider-azurerm/lib/application-insights";
import { DataAzurermLogAnalyticsWorkspace } from "@cdktf/provider-azurerm/lib/data-azurerm-log-analytics-workspace";
import { LogAnalyticsWorkspace } from "@cdktf/provider-azurerm/lib/log-analytics-workspace";
import { MonitorActionGroup } from "@cdktf/provider-azurerm/lib/monitor-action-group";
import { MonitorActivityLogAlert } from "@cdktf/provider-azurerm/lib/monitor-activity-log-alert";
import type { MonitorDiagnosticSetting } from "@cdktf/provider-azurerm/lib/monitor-diagnostic-setting";
import { MonitorMetricAlert } from "@cdktf/provider-azurerm/lib/monitor-metric-alert";
import { MonitorScheduledQueryRulesAlertV2 } from "@cdktf/provider-azurerm/lib/monitor-scheduled-query-rules-alert-v2";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { resourceName } from "../core/azure-stack";
import { checkUnique, checkWholeNumber } from "../core/checks";
import { ValidationError, show } from "../core/errors";
import type { IResourceGroup } from "../core/interfaces";
import { checkName } from "../core/naming";
import { ARM_RESOURCE_KINDS, parseResourceId } from "../network/arm-id";
import { type DiagnosticSettingsProps, addDiagnosticSetting } from "./diagnostic-settings";

/** A Log Analytics workspace that logs, metrics and Application Insights can go to. */
export interface ILogAnalyticsWorkspace {
  /** ARM id (what diagnostic settings and Application Insights' `workspace_id` take). */
  readonly id: string;
  readonly name: string;
}

export interface ExistingLogAnalyticsWorkspaceByNameProps {
  readonly name: string;
  /** Resource group of the workspace, in the stack's subscription. */
  readonly resourceGroupName: string;
}

/**
 * A Log Analytics workspace that already exists (a platform's shared one), for Monitoring's
 * `workspace` and anything else that takes an ILogAnalyticsWorkspace. Nothing is created.
 */
export class ExistingLogAnalyticsWorkspace extends Construct implements ILogAnalyticsWorkspace {
  /** By ARM id (`/subscriptions/.../providers/Microsoft.OperationalInsights/workspaces/<name>`): the name comes from the id, with no data source. */
  static fromId(scope: Construct, id: string, workspaceId: string): ExistingLogAnalyticsWorkspace {
    return new ExistingLogAnalyticsWorkspace(scope, id, { workspaceId });
  }

  /** By name in the stack's subscription: an `azurerm_log_analytics_workspace` data source supplies the id. */
  static fromName(scope: Construct, id: string, props: ExistingLogAnalyticsWorkspaceByNameProps): ExistingLogAnalyticsWorkspace {
    return new ExistingLogAnalyticsWorkspace(scope, id, props);
  }

  readonly id: string;
  readonly name: string;
  /** The data source, for a workspace referenced by name. */
  readonly lookupDataSource?: DataAzurermLogAnalyticsWorkspace;

  private constructor(scope: Construct, id: string, props: { readonly workspaceId: string } | ExistingLogAnalyticsWorkspaceByNameProps) {
    super(scope, id);
    if ("workspaceId" in props) {
      this.id = props.workspaceId;
      this.name = parseResourceId(this.node.path, "workspaceId", props.workspaceId, ARM_RESOURCE_KINDS.logAnalyticsWorkspace).name;
    } else {
      for (const [prop, value] of [["name", props.name], ["resourceGroupName", props.resourceGroupName]] as const) {
        if (!Token.isUnresolved(value) && value.trim() === "") throw new ValidationError(this.node.path, `${prop} ${show(value)} is empty (give the name of the existing workspace)`);
      }
      this.lookupDataSource = new DataAzurermLogAnalyticsWorkspace(this, "Lookup", { name: props.name, resourceGroupName: props.resourceGroupName });
      this.id = this.lookupDataSource.id;
      this.name = props.name;
    }
  }
}

export interface AlertRecipient {
  readonly name: string;
  readonly address: string;
}

export interface MonitoringProps {
  readonly resourceGroup: IResourceGroup;
  /** @default - the resource group's location */
  readonly location?: string;
  /**
   * An existing workspace to use instead of creating one (a platform team's shared workspace:
   * `ExistingLogAnalyticsWorkspace.fromId`). Application Insights and every diagnostic setting
   * made through this construct go to it. Its retention is the platform's to set.
   * @default - a workspace of its own (`log-<workload>-<env>-<region>[-<instance>]`)
   */
  readonly workspace?: ILogAnalyticsWorkspace;
  /** Days the workspace Monitoring creates keeps data (30-730). Not with an existing `workspace`. @default 30 */
  readonly retentionDays?: number;
  /** Percentage of telemetry Application Insights keeps (0-100). @default 100 */
  readonly samplingPercentage?: number;
  /** Who the action group e-mails. At least one. */
  readonly recipients: readonly AlertRecipient[];
  /** Action group short name (at most 12 characters), shown in SMS and e-mail. */
  readonly shortName: string;
  /** Distinguishes several Monitoring constructs in one stack, in the workspace's, component's and action group's generated names. @default - none */
  readonly instance?: string;
}

export interface MetricAlertProps {
  /** Alert rule name, e.g. `alrt-dotcopilot-prod-error-rate`. @default - generated from `instance` */
  readonly name?: string;
  /** Short kebab-case id used in the generated name (`error-rate`). */
  readonly instance: string;
  readonly description: string;
  /** ARM id of the resource the metric belongs to. */
  readonly scope: string;
  /** e.g. `microsoft.insights/components`. */
  readonly metricNamespace: string;
  readonly metricName: string;
  readonly aggregation: "Average" | "Count" | "Maximum" | "Minimum" | "Total";
  readonly operator: "GreaterThan" | "GreaterThanOrEqual" | "LessThan" | "LessThanOrEqual";
  readonly threshold: number;
  /** 0 (critical) to 4 (verbose). @default 2 */
  readonly severity?: 0 | 1 | 2 | 3 | 4;
  /** ISO 8601 duration the metric is aggregated over. @default "PT5M" */
  readonly windowSize?: string;
  /** ISO 8601 evaluation interval. @default "PT1M" */
  readonly frequency?: string;
}

export interface LogAlertProps {
  /** Short kebab-case id used in the generated name (`error-rate`). */
  readonly instance: string;
  readonly description: string;
  /**
   * KQL over the Application Insights component; the alert fires when the query's
   * `metricColumn` (or its row count, without one) crosses `threshold`.
   */
  readonly query: string;
  /** Numeric column the threshold applies to. @default - the number of rows */
  readonly metricColumn?: string;
  readonly operator: "GreaterThan" | "GreaterThanOrEqual" | "LessThan" | "LessThanOrEqual";
  readonly threshold: number;
  /** 0 (critical) to 4 (verbose). @default 2 */
  readonly severity?: 0 | 1 | 2 | 3 | 4;
  /** ISO 8601 duration the query looks back over. @default "PT5M" */
  readonly windowDuration?: string;
  /** ISO 8601 evaluation interval. @default "PT5M" */
  readonly evaluationFrequency?: string;
}

/**
 * Observability for one system: a Log Analytics workspace (its own, or an existing shared one),
 * a workspace-based Application Insights component, an action group e-mailing the environment's
 * recipients, and metric alerts wired to that group.
 */
export class Monitoring extends Construct {
  /** The workspace everything goes to: the one created here, or the existing one given as `workspace`. */
  readonly workspace: ILogAnalyticsWorkspace;
  /** The workspace created here; undefined with an existing `workspace`. */
  readonly workspaceResource?: LogAnalyticsWorkspace;
  readonly insights: ApplicationInsights;
  readonly actionGroup: MonitorActionGroup;
  readonly alerts: Record<string, MonitorMetricAlert | MonitorScheduledQueryRulesAlertV2 | MonitorActivityLogAlert> = {};
  private readonly location: string;
  private readonly resourceGroup: IResourceGroup;

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    this.resourceGroup = props.resourceGroup;
    const location = props.location ?? props.resourceGroup.location;
    this.location = location;
    if (props.workspace && props.retentionDays !== undefined) {
      throw new ValidationError(this.node.path, `retentionDays ${props.retentionDays} applies to a workspace Monitoring creates, and workspace ${show(props.workspace.name)} exists already (set its retention where it is managed, or leave retentionDays out)`);
    }
    const retention = props.retentionDays ?? 30;
    const sampling = props.samplingPercentage ?? 100;
    checkWholeNumber(this.node.path, "retentionDays", retention, 30, 730);
    if (!Token.isUnresolved(sampling) && (sampling <= 0 || sampling > 100)) {
      throw new ValidationError(this.node.path, `samplingPercentage ${sampling} is out of range (allowed: more than 0, at most 100)`);
    }
    if (props.shortName.length < 1 || props.shortName.length > 12) {
      throw new ValidationError(this.node.path, `shortName ${JSON.stringify(props.shortName)} is ${props.shortName.length} characters (allowed: 1 to 12)`);
    }
    if (props.recipients.length === 0) throw new ValidationError(this.node.path, "recipients is empty (allowed: at least one)");
    this.workspaceResource = props.workspace
      ? undefined
      : new LogAnalyticsWorkspace(this, "Workspace", {
          name: resourceName(this, "logAnalyticsWorkspace", undefined, props.instance),
          location,
          resourceGroupName: props.resourceGroup.name,
          sku: "PerGB2018",
          retentionInDays: retention,
        });
    this.workspace = props.workspace ?? (this.workspaceResource as LogAnalyticsWorkspace);
    this.insights = new ApplicationInsights(this, "Insights", {
      name: resourceName(this, "applicationInsights", undefined, props.instance),
      location,
      resourceGroupName: props.resourceGroup.name,
      applicationType: "web",
      workspaceId: this.workspace.id,
      samplingPercentage: sampling,
    });
    this.actionGroup = new MonitorActionGroup(this, "ActionGroup", {
      name: resourceName(this, "actionGroup", undefined, props.instance),
      resourceGroupName: props.resourceGroup.name,
      shortName: props.shortName,
      emailReceiver: props.recipients.map((r) => ({ name: r.name, emailAddress: r.address, useCommonAlertSchema: true })),
    });
  }

  /** A metric alert rule that notifies the action group and resolves itself when the metric recovers. */
  addMetricAlert(id: string, props: MetricAlertProps): MonitorMetricAlert {
    checkUnique(this.node.path, "alert", props.instance, this.alerts);
    const name = props.name ? checkName(`${this.node.path}/${id}`, "metricAlert", props.name) : resourceName(this, "metricAlert", undefined, props.instance);
    const alert = new MonitorMetricAlert(this, id, {
      name,
      resourceGroupName: this.resourceGroup.name,
      scopes: [props.scope],
      description: props.description,
      severity: props.severity ?? 2,
      frequency: props.frequency ?? "PT1M",
      windowSize: props.windowSize ?? "PT5M",
      autoMitigate: true,
      criteria: [
        {
          metricNamespace: props.metricNamespace,
          metricName: props.metricName,
          aggregation: props.aggregation,
          operator: props.operator,
          threshold: props.threshold,
        },
      ],
      action: [{ actionGroupId: this.actionGroup.id }],
    });
    this.alerts[props.instance] = alert;
    return alert;
  }

  /**
   * A log search alert over Application Insights, for conditions a metric alert cannot express
   * (a ratio such as "more than 5 % of requests failed").
   */
  addLogAlert(id: string, props: LogAlertProps): MonitorScheduledQueryRulesAlertV2 {
    checkUnique(this.node.path, "alert", props.instance, this.alerts);
    const alert = new MonitorScheduledQueryRulesAlertV2(this, id, {
      name: resourceName(this, "metricAlert", undefined, props.instance),
      resourceGroupName: this.resourceGroup.name,
      location: this.location,
      scopes: [this.insights.id],
      description: props.description,
      severity: props.severity ?? 2,
      windowDuration: props.windowDuration ?? "PT5M",
      evaluationFrequency: props.evaluationFrequency ?? "PT5M",
      autoMitigationEnabled: true,
      criteria: [
        {
          query: props.query,
          timeAggregationMethod: props.metricColumn ? "Maximum" : "Count",
          metricMeasureColumn: props.metricColumn,
          operator: props.operator,
          threshold: props.threshold,
          failingPeriods: { numberOfEvaluationPeriods: 1, minimumFailingPeriodsToTriggerAlert: 1 },
        },
      ],
      action: { actionGroups: [this.actionGroup.id] },
    });
    this.alerts[props.instance] = alert;
    return alert;
  }

  /**
   * Sends a resource's logs (every category, `allLogs`) and metrics to the workspace.
   * @param metricCategories the metric categories the resource type exports: `AllMetrics` for
   * most, `Transaction` for a storage account's blob service; `[]` for none
   */
  addDiagnostics(id: string, targetResourceId: string, metricCategories: readonly string[] = ["AllMetrics"]): MonitorDiagnosticSetting {
    return addDiagnosticSetting(this, id, targetResourceId, this.diagnosticSettings(metricCategories));
  }

  /** Diagnostic settings to this workspace, for a construct's `diagnosticSettings` prop. */
  diagnosticSettings(metricCategories: readonly string[] = ["AllMetrics"]): DiagnosticSettingsProps {
    return { workspaceId: this.workspace.id, metricCategories };
  }

  /**
   * An activity log alert on Azure Resource Health: fires when any of `resourceIds` becomes
   * Unavailable or Degraded for a platform reason (the service's own health, not a metric).
   */
  addResourceHealthAlert(id: string, props: { readonly instance: string; readonly description: string; readonly resourceIds: readonly string[] }): MonitorActivityLogAlert {
    checkUnique(this.node.path, "alert", props.instance, this.alerts);
    const alert = new MonitorActivityLogAlert(this, id, {
      name: resourceName(this, "metricAlert", undefined, props.instance),
      resourceGroupName: this.resourceGroup.name,
      location: "global",
      scopes: [...props.resourceIds],
      description: props.description,
      criteria: {
        category: "ResourceHealth",
        resourceIds: [...props.resourceIds],
        resourceHealth: { current: ["Unavailable", "Degraded"], previous: ["Available"], reason: ["PlatformInitiated", "Unknown"] },
      },
      action: [{ actionGroupId: this.actionGroup.id }],
    });
    this.alerts[props.instance] = alert;
    return alert;
  }
}
