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
import { ARM_RESOURCE_KINDS, parseResourceId } from "../core/arm-id";
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

/**
 * A webhook the action group posts every alert to (the common alert schema): a Microsoft Teams
 * Workflows webhook (Teams' Office 365 connector webhooks are retired; a Workflows or Logic Apps
 * flow that accepts the common alert schema posts the card), a chat-ops or incident endpoint.
 */
export interface WebhookReceiver {
  /** Receiver name, unique within the action group. */
  readonly name: string;
  /**
   * The URL, as a Terraform reference: a webhook URL carries its credential (a Workflows URL's
   * `sig=` lets anyone who has it post into the channel), so a literal, which would sit in the
   * JSON and in git, is refused. Use a sensitive variable
   * (`new TerraformVariable(stack, "teams_webhook_url", { type: "string", sensitive: true }).stringValue`,
   * set through `TF_VAR_teams_webhook_url` in CI) or a Key Vault secret read with an
   * `azurerm_key_vault_secret` data source. The value is then only in the (access-controlled) state.
   */
  readonly serviceUri: string;
  /** Post the common alert schema (one payload shape for every alert type). @default true */
  readonly useCommonAlertSchema?: boolean;
}

/**
 * A phone that receives critical alerts by SMS (Azure sends at most one SMS every five minutes
 * per number; not every country is supported: the portal lists the country codes it accepts).
 */
export interface SmsRecipient {
  /** Receiver name, unique within the SMS action group. */
  readonly name: string;
  /** Country calling code, digits only without `+` (`1` for the US and Canada, `44` for the UK). */
  readonly countryCode: string;
  /** The national number, digits only (no spaces, hyphens, parentheses or leading `+`). */
  readonly phoneNumber: string;
}

/**
 * Who an alert notifies. `default`: the action group (e-mail recipients and webhooks).
 * `critical`: that group and, when `smsRecipients` are given, the SMS action group too.
 */
export type AlertRoute = "default" | "critical";

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
  /** Webhooks the action group posts every alert to (a Teams Workflows webhook), at most 10. @default - none */
  readonly webhooks?: readonly WebhookReceiver[];
  /**
   * On-call phones that receive *critical* alerts by SMS, at most 10: they go into a second action
   * group (`smsActionGroup`) that only alerts routed `critical` notify (by default the severity 0
   * ones; see `route` on each alert), so warnings and information never page anyone.
   * @default - none (critical alerts notify the action group only)
   */
  readonly smsRecipients?: readonly SmsRecipient[];
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
  /** Who it notifies. @default - "critical" for severity 0, else "default" */
  readonly route?: AlertRoute;
}

export interface LogAlertProps {
  /** Short kebab-case id used in the generated name (`error-rate`). */
  readonly instance: string;
  readonly description: string;
  /**
   * KQL over the Application Insights component (or `scope`); the alert fires when the query's
   * `metricColumn` (or its row count, without one) crosses `threshold`.
   */
  readonly query: string;
  /**
   * ARM id of the resource the query runs over: a Log Analytics workspace for resource logs
   * sent there by diagnostic settings (`monitoring.workspace.id`, e.g. Key Vault's audit events).
   * @default - the Application Insights component
   */
  readonly scope?: string;
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
  /** Who it notifies. @default - "critical" for severity 0, else "default" */
  readonly route?: AlertRoute;
}

/** A Resource Health alert: a resource became unavailable or degraded for a platform reason. */
export interface ResourceHealthAlertProps {
  /** Short kebab-case id used in the generated name (`db-unavailable`). */
  readonly instance: string;
  /** What the alert means, shown in the notification. */
  readonly description: string;
  /** ARM ids of the resources watched. */
  readonly resourceIds: readonly string[];
  /** Who it notifies. @default "default" */
  readonly route?: AlertRoute;
}

/**
 * An activity log alert: fires on control-plane events (Azure Resource Manager operations) such as
 * a deployment slot swap, a restart or a deletion. For "deployment succeeded / failed" on an App
 * Service app with slots: `operationName: "Microsoft.Web/sites/slots/slotsswap/action"`,
 * `statuses: ["Succeeded", "Failed"]`, `resourceIds: [app id]`.
 */
export interface ActivityLogAlertProps {
  /** Short kebab-case id used in the generated name (`slot-swap`). */
  readonly instance: string;
  /** What the alert means, shown in the notification. */
  readonly description: string;
  /** Where the alert listens: resource group, subscription or resource ids. @default - the Monitoring resource group */
  readonly scopes?: readonly string[];
  /** The activity log category of the events. @default "Administrative" */
  readonly category?: "Administrative" | "Autoscale" | "Policy" | "Recommendation" | "Security" | "ServiceHealth" | "ResourceHealth";
  /** `<provider>/<type>/<operation>`, e.g. `Microsoft.Web/sites/slots/slotsswap/action`. @default - any operation */
  readonly operationName?: string;
  /** Only events on these resources (within `scopes`). @default - any resource in the scopes */
  readonly resourceIds?: readonly string[];
  /** Only events of these resource types (`Microsoft.Web/sites`). @default - any type */
  readonly resourceTypes?: readonly string[];
  /** Only events with these statuses (`Started`, `Succeeded`, `Failed`). @default - any status */
  readonly statuses?: readonly string[];
  /** Only events of these levels. @default - any level */
  readonly levels?: readonly ("Verbose" | "Informational" | "Warning" | "Error" | "Critical")[];
  /** Who it notifies. @default "default" */
  readonly route?: AlertRoute;
}

/**
 * Observability for one system: a Log Analytics workspace (its own, or an existing shared one),
 * a workspace-based Application Insights component, an action group e-mailing the environment's
 * recipients (and posting to its webhooks), an SMS action group for critical alerts when on-call
 * phones are given, and metric, log, Resource Health and activity log alerts wired to them.
 */
export class Monitoring extends Construct {
  /** The workspace everything goes to: the one created here, or the existing one given as `workspace`. */
  readonly workspace: ILogAnalyticsWorkspace;
  /** The workspace created here; undefined with an existing `workspace`. */
  readonly workspaceResource?: LogAnalyticsWorkspace;
  readonly insights: ApplicationInsights;
  readonly actionGroup: MonitorActionGroup;
  /** The action group that texts `smsRecipients`; notified by alerts routed `critical`. Undefined without SMS recipients. */
  readonly smsActionGroup?: MonitorActionGroup;
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
    const webhooks = props.webhooks ?? [];
    const sms = props.smsRecipients ?? [];
    checkReceivers(this.node.path, webhooks, sms, props.recipients);
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
      webhookReceiver: webhooks.length
        ? webhooks.map((w) => ({ name: w.name, serviceUri: w.serviceUri, useCommonAlertSchema: w.useCommonAlertSchema ?? true }))
        : undefined,
    });
    this.smsActionGroup = sms.length
      ? new MonitorActionGroup(this, "SmsActionGroup", {
          name: resourceName(this, "actionGroup", undefined, props.instance ? `${props.instance}-sms` : "sms"),
          resourceGroupName: props.resourceGroup.name,
          shortName: props.shortName,
          smsReceiver: sms.map((r) => ({ name: r.name, countryCode: r.countryCode, phoneNumber: r.phoneNumber })),
        })
      : undefined;
  }

  /**
   * The action groups an alert routed `route` notifies: the action group, plus the SMS action
   * group for `critical` when there is one.
   */
  actionGroupIds(route: AlertRoute = "default"): string[] {
    return route === "critical" && this.smsActionGroup ? [this.actionGroup.id, this.smsActionGroup.id] : [this.actionGroup.id];
  }

  private routeOf(route: AlertRoute | undefined, severity: number): AlertRoute {
    return route ?? (severity === 0 ? "critical" : "default");
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
      action: this.actionGroupIds(this.routeOf(props.route, props.severity ?? 2)).map((actionGroupId) => ({ actionGroupId })),
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
      scopes: [props.scope ?? this.insights.id],
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
      action: { actionGroups: this.actionGroupIds(this.routeOf(props.route, props.severity ?? 2)) },
    });
    this.alerts[props.instance] = alert;
    return alert;
  }

  /**
   * Sends a resource's logs (every category, `allLogs`) and metrics to the workspace.
   * @param metricCategories - the metric categories the resource type exports: `AllMetrics` for
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
  addResourceHealthAlert(id: string, props: ResourceHealthAlertProps): MonitorActivityLogAlert {
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
      action: this.actionGroupIds(props.route ?? "default").map((actionGroupId) => ({ actionGroupId })),
    });
    this.alerts[props.instance] = alert;
    return alert;
  }

  /**
   * An activity log alert on control-plane events, e.g. an informational "deployment succeeded /
   * failed" alert on an App Service slot swap (see ActivityLogAlertProps). Activity log alerts are
   * global and carry no severity.
   */
  addActivityLogAlert(id: string, props: ActivityLogAlertProps): MonitorActivityLogAlert {
    checkUnique(this.node.path, "alert", props.instance, this.alerts);
    const where = `${this.node.path}/${id}`;
    const scopes = props.scopes ?? [this.resourceGroup.id];
    if (scopes.length === 0) throw new ValidationError(where, "scopes is empty (give a resource group, subscription or resource id, or leave scopes out for the Monitoring resource group)");
    const operation = props.operationName;
    if (operation !== undefined && !Token.isUnresolved(operation) && !/^[A-Za-z0-9.]+\/[^/\s]+(\/[^/\s]+)+$/.test(operation)) {
      throw new ValidationError(where, `operationName ${show(operation)} is not an operation (expected <provider>/<type>/<operation>, e.g. Microsoft.Web/sites/slots/slotsswap/action)`);
    }
    const alert = new MonitorActivityLogAlert(this, id, {
      name: resourceName(this, "metricAlert", undefined, props.instance),
      resourceGroupName: this.resourceGroup.name,
      location: "global",
      scopes: [...scopes],
      description: props.description,
      criteria: {
        category: props.category ?? "Administrative",
        operationName: operation,
        resourceIds: props.resourceIds?.length ? [...props.resourceIds] : undefined,
        resourceTypes: props.resourceTypes?.length ? [...props.resourceTypes] : undefined,
        statuses: props.statuses?.length ? [...props.statuses] : undefined,
        levels: props.levels?.length ? [...props.levels] : undefined,
      },
      action: this.actionGroupIds(props.route ?? "default").map((actionGroupId) => ({ actionGroupId })),
    });
    this.alerts[props.instance] = alert;
    return alert;
  }
}

/** Webhook receivers per action group (Azure Monitor service limit). */
export const MAX_WEBHOOK_RECEIVERS = 10;
/** SMS receivers per action group (Azure Monitor service limit). */
export const MAX_SMS_RECEIVERS = 10;

function checkReceivers(path: string, webhooks: readonly WebhookReceiver[], sms: readonly SmsRecipient[], emails: readonly AlertRecipient[]): void {
  if (webhooks.length > MAX_WEBHOOK_RECEIVERS) throw new ValidationError(path, `webhooks has ${webhooks.length} entries (allowed: at most ${MAX_WEBHOOK_RECEIVERS} per action group)`);
  if (sms.length > MAX_SMS_RECEIVERS) throw new ValidationError(path, `smsRecipients has ${sms.length} entries (allowed: at most ${MAX_SMS_RECEIVERS} per action group)`);
  const names = new Set(emails.map((r) => r.name));
  for (const w of webhooks) {
    if (names.has(w.name)) throw new ValidationError(path, `webhook ${show(w.name)}: the action group already has a receiver of that name (receiver names are unique within an action group)`);
    names.add(w.name);
    if (!Token.isUnresolved(w.serviceUri)) {
      throw new ValidationError(
        path,
        `webhook ${show(w.name)} has a literal URL; a webhook URL carries its credential and would sit in the synthesized JSON and in git: pass a sensitive Terraform variable (new TerraformVariable(stack, "teams_webhook_url", { type: "string", sensitive: true }).stringValue) or a Key Vault secret's value from a data source`,
      );
    }
  }
  const smsNames = new Set<string>();
  for (const r of sms) {
    if (smsNames.has(r.name)) throw new ValidationError(path, `SMS recipient ${show(r.name)} is defined twice (receiver names are unique within an action group)`);
    smsNames.add(r.name);
    if (Token.isUnresolved(r.countryCode) || Token.isUnresolved(r.phoneNumber)) continue;
    if (!/^[1-9][0-9]{0,2}$/.test(r.countryCode)) {
      throw new ValidationError(path, `SMS recipient ${show(r.name)}: countryCode ${show(r.countryCode)} is not a country calling code (1 to 3 digits, no "+", e.g. "1" or "44")`);
    }
    if (!/^[0-9]{4,14}$/.test(r.phoneNumber)) {
      throw new ValidationError(path, `SMS recipient ${show(r.name)}: phoneNumber ${show(r.phoneNumber)} is not a phone number (4 to 14 digits, without the country code, spaces, hyphens or "+")`);
    }
    if (r.countryCode.length + r.phoneNumber.length > 15) {
      throw new ValidationError(path, `SMS recipient ${show(r.name)}: +${r.countryCode} ${r.phoneNumber} has ${r.countryCode.length + r.phoneNumber.length} digits (an international number has at most 15, country code included)`);
    }
  }
}
