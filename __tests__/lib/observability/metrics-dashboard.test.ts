import { App, TerraformStack } from "cdktf";
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { MetricsDashboard, chartOfAlert } from "../../../lib/observability/metrics-dashboard";
import type { MetricAlertProps } from "../../../lib/observability/monitoring";
import { expectValidationError, onlyResource, synthJson, testStack } from "../../helpers/stack";

const cpuAlert: MetricAlertProps = {
  instance: "db-cpu",
  description: "Database CPU above 80 %",
  scope: "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.DBforPostgreSQL/flexibleServers/psql",
  metricNamespace: "Microsoft.DBforPostgreSQL/flexibleServers",
  metricName: "cpu_percent",
  aggregation: "Average",
  operator: "GreaterThan",
  threshold: 80,
};

describe("MetricsDashboard", () => {
  test("one line chart per metric, from an alert's own metric, laid out two per row, titled by the hidden-title tag", () => {
    const { stack, rg } = testStack();
    new MetricsDashboard(stack, "Dashboard", {
      resourceGroup: rg,
      title: "Demo dev",
      charts: [
        chartOfAlert(cpuAlert),
        { title: "Requests", resourceId: "/subscriptions/x/site", metricNamespace: "Microsoft.Web/sites", metricName: "Requests", aggregation: "Total" },
        { title: "5xx", resourceId: "/subscriptions/x/site", metricNamespace: "Microsoft.Web/sites", metricName: "Http5xx", aggregation: "Count" },
      ],
    });
    const dashboard = onlyResource(synthJson(stack), "azurerm_portal_dashboard") as { name: string; location: string; tags: Record<string, string>; dashboard_properties: string };
    expect(dashboard.name).toBe("dash-demo-dev-eus2");
    expect(dashboard.tags["hidden-title"]).toBe("Demo dev");
    const props = JSON.parse(dashboard.dashboard_properties);
    const parts = props.lenses["0"].parts;
    expect(Object.keys(parts)).toEqual(["0", "1", "2"]);
    expect(parts["0"].position).toEqual({ x: 0, y: 0, colSpan: 6, rowSpan: 4 });
    expect(parts["1"].position).toEqual({ x: 6, y: 0, colSpan: 6, rowSpan: 4 });
    expect(parts["2"].position).toEqual({ x: 0, y: 4, colSpan: 6, rowSpan: 4 });
    expect(parts["0"].metadata.type).toBe("Extension/HubsExtension/PartType/MonitorChartPart");
    const metric = parts["0"].metadata.inputs[0].value.chart.metrics[0];
    expect(metric).toMatchObject({ resourceMetadata: { id: cpuAlert.scope }, name: "cpu_percent", namespace: "microsoft.dbforpostgresql/flexibleservers", aggregationType: 4 });
    expect(parts["0"].metadata.inputs[0].value.chart.title).toBe("Database CPU above 80 %");
    expect(parts["1"].metadata.inputs[0].value.chart.metrics[0].aggregationType).toBe(1);
    expect(parts["2"].metadata.inputs[0].value.chart.metrics[0].aggregationType).toBe(7);
    expect(props.metadata.model.timeRange.value.relative).toEqual({ duration: 24, timeUnit: 1 });
  });

  test("resource ids that are Terraform references stay interpolations inside the JSON text", () => {
    const { stack, rg } = testStack();
    new MetricsDashboard(stack, "Dashboard", { resourceGroup: rg, title: "t", charts: [{ title: "rg", resourceId: rg.id, metricNamespace: "x/y", metricName: "m", aggregation: "Maximum" }] });
    const dashboard = onlyResource(synthJson(stack), "azurerm_portal_dashboard") as { dashboard_properties: string };
    expect(dashboard.dashboard_properties).toMatch(/"resourceMetadata":\{"id":"\$\{azurerm_resource_group\.ResourceGroup_[0-9A-F]+\.id\}"\}/);
  });

  test("validations: charts, chartsPerRow, timeRangeHours", () => {
    const { stack, rg } = testStack();
    const chart = chartOfAlert(cpuAlert);
    expectValidationError(() => new MetricsDashboard(stack, "A", { resourceGroup: rg, title: "t", charts: [] }), "test/A: charts has 0 entries (allowed: 1 to 100)");
    expectValidationError(() => new MetricsDashboard(stack, "B", { resourceGroup: rg, title: "t", charts: [chart], chartsPerRow: 5 }), "test/B: chartsPerRow 5 is out of range (allowed: 1 to 4)");
    expectValidationError(() => new MetricsDashboard(stack, "C", { resourceGroup: rg, title: "t", charts: [chart], timeRangeHours: 0 }), "test/C: timeRangeHours 0 is out of range (allowed: 1 to 720)");
    expectValidationError(
      () => new MetricsDashboard(stack, "D", { resourceGroup: rg, title: "t", charts: [{ ...chart, aggregation: "P95" as never }] }),
      'test/D: charts[0].aggregation "P95" is not allowed (allowed: Total, Minimum, Maximum, Average, Count)',
    );
  });

  test("in a plain TerraformStack with an explicit name", () => {
    const stack = new TerraformStack(new App(), "plain");
    new AzurermProvider(stack, "azurerm", { features: [{}] });
    new MetricsDashboard(stack, "Dashboard", {
      resourceGroup: { name: "rg-ops", location: "westeurope", id: "/subscriptions/x/resourceGroups/rg-ops" },
      name: "ops-dashboard",
      title: "Ops",
      charts: [chartOfAlert(cpuAlert)],
      chartsPerRow: 1,
    });
    const dashboard = onlyResource(synthJson(stack), "azurerm_portal_dashboard") as { name: string; location: string; dashboard_properties: string };
    expect(dashboard).toMatchObject({ name: "ops-dashboard", location: "westeurope" });
    expect(JSON.parse(dashboard.dashboard_properties).lenses["0"].parts["0"].position.colSpan).toBe(12);
    expectValidationError(
      () => new MetricsDashboard(stack, "Bad", { resourceGroup: { name: "rg", location: "westeurope", id: "x" }, name: "bad name", title: "t", charts: [chartOfAlert(cpuAlert)] }),
      'plain/Bad: portal dashboard name "bad name" has characters or a shape Azure rejects; Azure allows 1-160 characters, letters, digits, underscores and hyphens; unique within its resource group',
    );
  });
});
