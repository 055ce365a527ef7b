import { PortalDashboard } from "@cdktf/provider-azurerm/lib/portal-dashboard";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { resourceName } from "../core/azure-stack";
import { checkWholeNumber } from "../core/checks";
import { ValidationError, show } from "../core/errors";
import type { IResourceGroup } from "../core/interfaces";
import type { MetricAlertProps } from "./monitoring";

/*
 * A shared Azure portal dashboard of metric charts (`azurerm_portal_dashboard`,
 * Microsoft.Portal/dashboards).
 *
 * Sources, read 2026-11-30: azurerm 4.55 bindings and website/docs/r/portal_dashboard
 * (`dashboard_properties` is the `properties` object of the dashboard's JSON; name, resource group
 * and location force a new dashboard; the `hidden-title` tag is the title the portal shows);
 * learn.microsoft.com/azure/azure-portal/azure-portal-dashboards-structure (lenses, parts with a
 * position in a 12-column grid, `MonitorChartPart` with the chart's metrics and the shared time
 * range).
 */

/** How a chart aggregates its metric (the same words as a metric alert's `aggregation`). */
export type DashboardAggregation = "Average" | "Count" | "Maximum" | "Minimum" | "Total";

/** The portal's numbers for the aggregations of a MonitorChartPart (MetricsAggregationType). */
const AGGREGATION_TYPES: Readonly<Record<DashboardAggregation, number>> = { Total: 1, Minimum: 2, Maximum: 3, Average: 4, Count: 7 };

/** One metric chart of the dashboard. */
export interface DashboardMetricChart {
  /** The chart's title. */
  readonly title: string;
  /** ARM id of the resource whose metric is drawn. */
  readonly resourceId: string;
  /** The metric's namespace (`Microsoft.DBforPostgreSQL/flexibleServers`). */
  readonly metricNamespace: string;
  /** The metric (`cpu_percent`). */
  readonly metricName: string;
  readonly aggregation: DashboardAggregation;
}

/** The chart of the metric a metric alert watches: same resource, namespace, metric and aggregation. */
export function chartOfAlert(alert: MetricAlertProps, title = alert.description): DashboardMetricChart {
  return { title, resourceId: alert.scope, metricNamespace: alert.metricNamespace, metricName: alert.metricName, aggregation: alert.aggregation };
}

export interface MetricsDashboardProps {
  readonly resourceGroup: IResourceGroup;
  /** Forces a new dashboard when changed. @default - generated: `dash-<workload>-<env>-<region>[-<instance>]` */
  readonly name?: string;
  /** Distinguishes several dashboards in one stack, in generated names. @default - none */
  readonly instance?: string;
  /** @default - the resource group's location */
  readonly location?: string;
  /** The title the portal shows (the `hidden-title` tag). */
  readonly title: string;
  /** The charts, left to right and top to bottom, at most 100. */
  readonly charts: readonly DashboardMetricChart[];
  /** Charts per row, 1-4 (the grid is 12 columns wide: 12, 6, 4 or 3 columns per chart). @default 2 */
  readonly chartsPerRow?: number;
  /** Hours of data the charts show, 1-720. @default 24 */
  readonly timeRangeHours?: number;
}

/**
 * A shared portal dashboard with one line chart per metric: give it the same metrics the alerts
 * watch (`chartOfAlert`), so the dashboard and the alerts cannot drift apart. The dashboard is a
 * resource in the resource group: whoever can read it sees it under "Shared dashboards".
 *
 * Construct id of the dashboard: `Resource`.
 */
export class MetricsDashboard extends Construct {
  readonly resource: PortalDashboard;
  readonly id: string;
  readonly name: string;

  constructor(scope: Construct, id: string, props: MetricsDashboardProps) {
    super(scope, id);
    const path = this.node.path;
    const perRow = props.chartsPerRow ?? 2;
    checkWholeNumber(path, "chartsPerRow", perRow, 1, 4);
    const hours = props.timeRangeHours ?? 24;
    checkWholeNumber(path, "timeRangeHours", hours, 1, 720);
    if (props.charts.length === 0 || props.charts.length > 100) {
      throw new ValidationError(path, `charts has ${props.charts.length} entries (allowed: 1 to 100)`);
    }
    props.charts.forEach((chart, i) => {
      if (!Token.isUnresolved(chart.aggregation) && !(chart.aggregation in AGGREGATION_TYPES)) {
        throw new ValidationError(path, `charts[${i}].aggregation ${show(chart.aggregation)} is not allowed (allowed: ${Object.keys(AGGREGATION_TYPES).join(", ")})`);
      }
    });
    const width = Math.floor(12 / perRow);
    const height = 4;
    const parts: Record<string, unknown> = {};
    props.charts.forEach((chart, i) => {
      parts[String(i)] = {
        position: { x: (i % perRow) * width, y: Math.floor(i / perRow) * height, colSpan: width, rowSpan: height },
        metadata: {
          type: "Extension/HubsExtension/PartType/MonitorChartPart",
          inputs: [
            {
              name: "options",
              isOptional: true,
              value: {
                chart: {
                  title: chart.title,
                  titleKind: 2,
                  metrics: [
                    {
                      resourceMetadata: { id: chart.resourceId },
                      name: chart.metricName,
                      namespace: chart.metricNamespace.toLowerCase(),
                      aggregationType: AGGREGATION_TYPES[chart.aggregation],
                      metricVisualization: { displayName: chart.metricName },
                    },
                  ],
                  // A line chart (chartType 2) with its legend below.
                  visualization: { chartType: 2, legendVisualization: { isVisible: true, position: 2, hideSubtitle: false } },
                },
              },
            },
            { name: "sharedTimeRange", isOptional: true },
          ],
          settings: {},
        },
      };
    });
    const properties = {
      lenses: { "0": { order: 0, parts } },
      metadata: {
        model: {
          timeRange: { value: { relative: { duration: hours, timeUnit: 1 } }, type: "MsPortalFx.Composition.Configuration.ValueTypes.TimeRange" },
        },
      },
    };
    this.name = resourceName(this, "portalDashboard", props.name, props.instance);
    this.resource = new PortalDashboard(this, "Resource", {
      name: this.name,
      resourceGroupName: props.resourceGroup.name,
      location: props.location ?? props.resourceGroup.location,
      // Resource ids are Terraform references: they stay `${...}` interpolations inside the JSON text.
      dashboardProperties: JSON.stringify(properties),
      tags: { "hidden-title": props.title },
    });
    this.id = this.resource.id;
  }
}
