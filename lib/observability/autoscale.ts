import { MonitorAutoscaleSetting } from "@cdktf/provider-azurerm/lib/monitor-autoscale-setting";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { resourceName } from "../core/azure-stack";
import { checkWholeNumber } from "../core/checks";
import { ValidationError } from "../core/errors";
import type { IResourceGroup } from "../core/interfaces";

/** How a metric rule compares the metric with its threshold. */
export type AutoscaleOperator = "GreaterThan" | "GreaterThanOrEqual" | "LessThan" | "LessThanOrEqual";

/**
 * One metric rule of an autoscale profile: when the metric, averaged over all instances and over
 * `timeWindowMinutes`, crosses `threshold`, add (`Increase`) or remove (`Decrease`)
 * `changeCount` instances, then wait `cooldownMinutes` before the next scale action.
 *
 * Azure evaluates them together: it scales out when any `Increase` rule is met, and scales in
 * only when every `Decrease` rule is met (learn.microsoft.com/azure/azure-monitor/autoscale/autoscale-best-practices,
 * "Considerations for scaling when multiple rules are configured in a profile").
 */
export interface AutoscaleMetricRule {
  /** Metric name as the REST API knows it, e.g. `CpuPercentage` for an App Service plan. */
  readonly metricName: string;
  readonly operator: AutoscaleOperator;
  readonly threshold: number;
  readonly direction: "Increase" | "Decrease";
  /** Instances added or removed per action (1-1000). @default 1 */
  readonly changeCount?: number;
  /** Minutes of metric data averaged for each evaluation (5-720: Azure's 5 minutes to 12 hours). @default 5 */
  readonly timeWindowMinutes?: number;
  /** Minutes to wait after a scale action before the next one (1-10080: Azure's 1 minute to 1 week). @default 5 */
  readonly cooldownMinutes?: number;
  /**
   * The resource whose metric is read, when it is not the scaled one: e.g. a web app's `Http5xx`
   * (`Microsoft.Web/sites`) scaling its plan, or a Service Bus queue's length.
   * @default - the scaled resource
   */
  readonly metricResourceId?: string;
  /** The metric's namespace, when it is not the resource's default one. @default - the resource's default */
  readonly metricNamespace?: string;
  /**
   * How the per-minute values are combined over `timeWindowMinutes`: `Average` for a level (CPU,
   * memory, queue length), `Total` for a count (HTTP 5xx per window).
   * @default "Average"
   */
  readonly timeAggregation?: "Average" | "Minimum" | "Maximum" | "Total" | "Count" | "Last";
}

/**
 * The App Service plan rules of the Studio architecture document (shared/seeds/studio.md,
 * "App Service Scaling"): scale out by one instance when CPU is above 70 %, memory above 80 % or
 * the HTTP queue above 100 requests; scale in by one when all three are low again; a 5-minute
 * window and a 5-minute cooldown (the document's `cool_down: 300`).
 *
 * Metric names are those of `Microsoft.Web/serverfarms` (`CpuPercentage`, `MemoryPercentage`,
 * `HttpQueueLength`: learn.microsoft.com/azure/azure-monitor/reference/supported-metrics/microsoft-web-serverfarms-metrics).
 *
 * The document gives only the scale-out thresholds; the scale-in ones are ours, kept well below
 * them as Microsoft's autoscale best practices ask, so a scale-in does not trigger the next
 * scale-out ("flapping"):
 * - CPU below 30 %: even from two instances to one, the projected load (2 × 30 % = 60 %) stays
 *   under the 70 % scale-out threshold;
 * - memory below 60 %: memory has a per-instance floor (the OS and the runtimes of every app in
 *   the plan), so a lower threshold might never be met; at small instance counts Azure's own
 *   flapping estimate holds the scale-in back until the projected memory is under 80 %;
 * - HTTP queue below 10 requests: an almost empty queue.
 */
export const APP_SERVICE_PLAN_SCALE_RULES: readonly AutoscaleMetricRule[] = [
  { metricName: "CpuPercentage", operator: "GreaterThan", threshold: 70, direction: "Increase" },
  { metricName: "CpuPercentage", operator: "LessThan", threshold: 30, direction: "Decrease" },
  { metricName: "MemoryPercentage", operator: "GreaterThan", threshold: 80, direction: "Increase" },
  { metricName: "MemoryPercentage", operator: "LessThan", threshold: 60, direction: "Decrease" },
  { metricName: "HttpQueueLength", operator: "GreaterThan", threshold: 100, direction: "Increase" },
  { metricName: "HttpQueueLength", operator: "LessThan", threshold: 10, direction: "Decrease" },
];

/**
 * What an Autoscale scales: the resource, and the limits that decide what Azure accepts. For an
 * App Service plan, `AppServiceWithSlots.autoscaleTarget` or `appServicePlanAutoscaleTarget()`
 * builds it from the plan's SKU.
 */
export interface IAutoscaleTarget {
  /** ARM id of the resource to scale; the rules read its metrics. */
  readonly id: string;
  readonly location: string;
  /** How messages name the target, e.g. `the "S1" plan`. */
  readonly description: string;
  /** Most instances the target's tier can run. */
  readonly maxInstances: number;
  /**
   * Why the target cannot autoscale, e.g. autoscale is not available on the "B1" plan (allowed:
   * Standard and Premium plans); undefined when it can.
   */
  readonly autoscaleUnavailable?: string;
}

/** Instance counts an autoscale setting keeps the target between. */
export interface AutoscaleCapacity {
  /** Fewest instances, also when every scale-in rule is met (at least 1). */
  readonly minInstances: number;
  /** Most instances, also when every scale-out rule is met (at most the target's tier limit). */
  readonly maxInstances: number;
  /**
   * Instances Azure runs while metrics are unavailable (it never scales in to it).
   * @default - minInstances
   */
  readonly defaultInstances?: number;
}

export interface AutoscaleProps extends AutoscaleCapacity {
  readonly resourceGroup: IResourceGroup;
  readonly target: IAutoscaleTarget;
  /** @default - generated: `autoscale-<workload>-<env>-<region>[-<instance>]` */
  readonly name?: string;
  /** Distinguishes several autoscale settings in one stack. @default - none */
  readonly instance?: string;
  /** @default - the target's location */
  readonly location?: string;
  /**
   * The metric rules (1-10, Azure's limit per profile).
   * @default - APP_SERVICE_PLAN_SCALE_RULES (CPU, memory and HTTP queue of an App Service plan)
   */
  readonly rules?: readonly AutoscaleMetricRule[];
  /** Addresses e-mailed on every scale action. @default - none (scale actions are still in the Activity Log) */
  readonly notificationEmails?: readonly string[];
}

/**
 * An Azure Monitor autoscale setting (`azurerm_monitor_autoscale_setting`) with one profile that
 * always applies: instance limits and metric rules. Metrics are sampled every minute (time grain
 * `PT1M`, the grain of the App Service plan metrics) and averaged over instances and over each
 * rule's window.
 *
 * Checked at synth: the target can autoscale (App Service: Standard and Premium plans), the
 * instance counts are whole numbers with `1 <= min <= default <= max <= limit` (the tier's), and the
 * rules fit Azure's ranges.
 */
export class Autoscale extends Construct {
  readonly resource: MonitorAutoscaleSetting;
  readonly id: string;
  readonly name: string;
  readonly minInstances: number;
  readonly maxInstances: number;
  readonly defaultInstances: number;

  constructor(scope: Construct, id: string, props: AutoscaleProps) {
    super(scope, id);
    const path = this.node.path;
    const target = props.target;
    if (target.autoscaleUnavailable) throw new ValidationError(path, target.autoscaleUnavailable);
    const min = props.minInstances;
    const max = props.maxInstances;
    const dflt = props.defaultInstances ?? min;
    for (const [prop, value] of [["minInstances", min], ["maxInstances", max], ["defaultInstances", dflt]] as const) {
      checkCount(path, prop, value, target);
    }
    if (isLiteral(min) && isLiteral(max) && min > max) {
      throw new ValidationError(path, `minInstances ${min} is more than maxInstances ${max} (allowed: minInstances <= defaultInstances <= maxInstances)`);
    }
    if (isLiteral(min) && isLiteral(max) && isLiteral(dflt) && (dflt < min || dflt > max)) {
      throw new ValidationError(path, `defaultInstances ${dflt} is outside minInstances ${min} to maxInstances ${max} (allowed: minInstances <= defaultInstances <= maxInstances)`);
    }
    const rules = props.rules ?? APP_SERVICE_PLAN_SCALE_RULES;
    if (rules.length < 1 || rules.length > 10) {
      throw new ValidationError(path, `rules has ${rules.length} entries (allowed: 1 to 10 per profile)`);
    }
    rules.forEach((rule, i) => {
      checkWholeNumber(path, `rules[${i}].changeCount`, rule.changeCount, 1, 1000);
      checkWholeNumber(path, `rules[${i}].timeWindowMinutes`, rule.timeWindowMinutes, 5, 720);
      checkWholeNumber(path, `rules[${i}].cooldownMinutes`, rule.cooldownMinutes, 1, 10080);
    });
    this.minInstances = min;
    this.maxInstances = max;
    this.defaultInstances = dflt;
    this.name = resourceName(this, "autoscaleSetting", props.name, props.instance);
    const emails = props.notificationEmails ?? [];
    this.resource = new MonitorAutoscaleSetting(this, "Resource", {
      name: this.name,
      resourceGroupName: props.resourceGroup.name,
      location: props.location ?? target.location,
      targetResourceId: target.id,
      profile: [
        {
          name: "default",
          capacity: { minimum: min, default: dflt, maximum: max },
          rule: rules.map((rule) => ({
            metricTrigger: {
              metricName: rule.metricName,
              metricResourceId: rule.metricResourceId ?? target.id,
              metricNamespace: rule.metricNamespace,
              // Per-minute samples, averaged over instances (statistic), then combined over the window.
              timeGrain: "PT1M",
              statistic: "Average",
              timeAggregation: rule.timeAggregation ?? "Average",
              timeWindow: isoMinutes(rule.timeWindowMinutes ?? 5),
              operator: rule.operator,
              threshold: rule.threshold,
            },
            scaleAction: {
              direction: rule.direction,
              type: "ChangeCount",
              value: rule.changeCount ?? 1,
              cooldown: isoMinutes(rule.cooldownMinutes ?? 5),
            },
          })),
        },
      ],
      notification: emails.length ? { email: { customEmails: [...emails] } } : undefined,
    });
    this.id = this.resource.id;
  }
}

function isLiteral(n: number): boolean {
  return !Token.isUnresolved(n);
}

function checkCount(path: string, prop: string, value: number, target: IAutoscaleTarget): void {
  if (!isLiteral(value)) return;
  const allowed = `allowed: 1 to ${target.maxInstances} on ${target.description}`;
  if (!Number.isInteger(value)) throw new ValidationError(path, `${prop} ${value} is not a whole number (${allowed})`);
  if (value < 1 || value > target.maxInstances) throw new ValidationError(path, `${prop} ${value} is out of range (${allowed})`);
}

/** Minutes as an ISO 8601 duration in its largest units (`PT5M`, `PT1H`, `PT1H30M`, `P7D`), as the portal writes them. */
export function isoMinutes(minutes: number): string {
  if (minutes % 1440 === 0) return `P${minutes / 1440}D`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return `PT${hours ? `${hours}H` : ""}${rest ? `${rest}M` : ""}`;
}
