import { MonitorAutoscaleSetting } from "@cdktf/provider-azurerm/lib/monitor-autoscale-setting";
import { ServicePlan } from "@cdktf/provider-azurerm/lib/service-plan";
import { Testing, Token } from "cdktf";
import { APP_SERVICE_PLAN_SCALE_RULES, Autoscale, type AutoscaleMetricRule, type AutoscaleProps, isoMinutes } from "../../../lib/observability/autoscale";
import { type AppServiceSku, appServicePlanAutoscaleTarget } from "../../../lib/web/app-service-with-slots";
import { onlyResource, onlyResourceId, synthJson, testStack, expectValidationError } from "../../helpers/stack";

type Rule = { metric_trigger: Record<string, unknown>; scale_action: Record<string, unknown> };
type Profile = { name: string; capacity: Record<string, number>; rule: Rule[] };

/** A stack with a plan of `sku` and a builder for an Autoscale `Scale` targeting it. */
function scaleStack(sku: AppServiceSku = "S1") {
  const { stack, rg } = testStack();
  const plan = new ServicePlan(stack, "Plan", { name: "asp-test", location: rg.location, resourceGroupName: rg.name, osType: "Linux", skuName: sku });
  const target = appServicePlanAutoscaleTarget({ id: plan.id, location: rg.location, sku });
  const build = (props: Partial<AutoscaleProps> = {}) =>
    new Autoscale(stack, "Scale", { resourceGroup: rg, target, minInstances: 1, maxInstances: 3, ...props });
  return { stack, rg, plan, target, build };
}

function profile(json: ReturnType<typeof synthJson>): Profile {
  const profiles = onlyResource(json, "azurerm_monitor_autoscale_setting").profile as Profile[];
  expect(profiles).toHaveLength(1);
  return profiles[0];
}

describe("Autoscale", () => {
  test("an autoscale setting on the target with the Studio rules, min/default/max and its generated name", () => {
    const { stack, build } = scaleStack();
    const scale = build({ minInstances: 2, maxInstances: 8, defaultInstances: 3 });
    const json = synthJson(stack);
    const planRef = `\${azurerm_service_plan.${onlyResourceId(json, "azurerm_service_plan")}.id}`;
    expect(Testing.synth(stack)).toHaveResourceWithProperties(MonitorAutoscaleSetting, {
      name: "autoscale-demo-dev-eus2",
      location: "eastus2",
      target_resource_id: planRef,
    });
    const p = profile(json);
    expect(p.name).toBe("default");
    expect(p.capacity).toEqual({ minimum: 2, default: 3, maximum: 8 });
    expect(p.rule).toHaveLength(6);
    expect(p.rule.map((r) => [r.metric_trigger.metric_name, r.metric_trigger.operator, r.metric_trigger.threshold, r.scale_action.direction])).toEqual([
      ["CpuPercentage", "GreaterThan", 70, "Increase"],
      ["CpuPercentage", "LessThan", 30, "Decrease"],
      ["MemoryPercentage", "GreaterThan", 80, "Increase"],
      ["MemoryPercentage", "LessThan", 60, "Decrease"],
      ["HttpQueueLength", "GreaterThan", 100, "Increase"],
      ["HttpQueueLength", "LessThan", 10, "Decrease"],
    ]);
    for (const rule of p.rule) {
      expect(rule.metric_trigger).toMatchObject({ metric_resource_id: planRef, time_grain: "PT1M", statistic: "Average", time_aggregation: "Average", time_window: "PT5M" });
      expect(rule.scale_action).toEqual({ type: "ChangeCount", value: 1, cooldown: "PT5M", direction: rule.scale_action.direction });
    }
    expect(onlyResource(json, "azurerm_monitor_autoscale_setting")).not.toHaveProperty("notification");
    expect(scale.name).toBe("autoscale-demo-dev-eus2");
    expect([scale.minInstances, scale.defaultInstances, scale.maxInstances]).toEqual([2, 3, 8]);
  });

  test("every scale-out rule of the default set has a scale-in rule on the same metric, below its threshold", () => {
    for (const out of APP_SERVICE_PLAN_SCALE_RULES.filter((r) => r.direction === "Increase")) {
      const into = APP_SERVICE_PLAN_SCALE_RULES.find((r) => r.direction === "Decrease" && r.metricName === out.metricName);
      expect(into?.operator).toBe("LessThan");
      expect(into!.threshold).toBeLessThan(out.threshold);
    }
  });

  test("defaultInstances defaults to minInstances", () => {
    const { stack, build } = scaleStack();
    build({ minInstances: 2, maxInstances: 5 });
    expect(profile(synthJson(stack)).capacity).toEqual({ minimum: 2, default: 2, maximum: 5 });
  });

  test("custom rules: change count, window and cooldown in ISO 8601", () => {
    const { stack, build } = scaleStack("P1v3");
    const rules: AutoscaleMetricRule[] = [
      { metricName: "CpuPercentage", operator: "GreaterThanOrEqual", threshold: 85, direction: "Increase", changeCount: 2, timeWindowMinutes: 10, cooldownMinutes: 90 },
      { metricName: "CpuPercentage", operator: "LessThanOrEqual", threshold: 20, direction: "Decrease", timeWindowMinutes: 60, cooldownMinutes: 10080 },
    ];
    build({ rules, maxInstances: 30 });
    const [out, into] = profile(synthJson(stack)).rule;
    expect(out.metric_trigger).toMatchObject({ operator: "GreaterThanOrEqual", threshold: 85, time_window: "PT10M" });
    expect(out.scale_action).toMatchObject({ value: 2, cooldown: "PT1H30M", direction: "Increase" });
    expect(into.metric_trigger).toMatchObject({ operator: "LessThanOrEqual", threshold: 20, time_window: "PT1H" });
    expect(into.scale_action).toMatchObject({ value: 1, cooldown: "P7D", direction: "Decrease" });
  });

  test("a rule on another resource's metric: its id, namespace and a total over the window", () => {
    const { stack, build } = scaleStack("P1v3");
    const site = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Web/sites/app-test";
    build({
      rules: [
        { metricName: "Http5xx", metricResourceId: site, metricNamespace: "Microsoft.Web/sites", timeAggregation: "Total", operator: "GreaterThan", threshold: 50, direction: "Increase", timeWindowMinutes: 5 },
        { metricName: "CpuPercentage", operator: "LessThan", threshold: 30, direction: "Decrease" },
      ],
    });
    const [errors, cpu] = profile(synthJson(stack)).rule;
    expect(errors.metric_trigger).toMatchObject({ metric_name: "Http5xx", metric_resource_id: site, metric_namespace: "Microsoft.Web/sites", time_aggregation: "Total", statistic: "Average" });
    // Without them: the scaled plan, its own namespace, averaged.
    expect(cpu.metric_trigger).toMatchObject({ metric_resource_id: "${azurerm_service_plan.Plan.id}", time_aggregation: "Average" });
    expect(cpu.metric_trigger).not.toHaveProperty("metric_namespace");
  });

  test("notification e-mails, a given name, an instance, a location", () => {
    const named = scaleStack();
    named.build({ name: "autoscale-studio", notificationEmails: ["ops@example.com"], location: "eastus" });
    expect(onlyResource(synthJson(named.stack), "azurerm_monitor_autoscale_setting")).toMatchObject({
      name: "autoscale-studio",
      location: "eastus",
      notification: { email: { custom_emails: ["ops@example.com"] } },
    });

    const instance = scaleStack();
    instance.build({ instance: "web" });
    expect(onlyResource(synthJson(instance.stack), "azurerm_monitor_autoscale_setting").name).toBe("autoscale-demo-dev-eus2-web");
  });

  test("instance counts that are tokens are left for Azure to check", () => {
    const { stack, build } = scaleStack();
    build({ maxInstances: Token.asNumber("${var.max_instances}") });
    expect(profile(synthJson(stack)).capacity).toMatchObject({ minimum: 1, maximum: "${var.max_instances}" });
  });

  test.each([
    [5, "PT5M"],
    [45, "PT45M"],
    [60, "PT1H"],
    [90, "PT1H30M"],
    [720, "PT12H"],
    [1440, "P1D"],
    [10080, "P7D"],
  ])("isoMinutes(%d) is %s", (minutes, iso) => {
    expect(isoMinutes(minutes)).toBe(iso);
  });
});

describe("Autoscale validation", () => {
  const expectError = expectValidationError;

  test.each(["F1", "B1", "B3"] as const)("no autoscale on the %s plan", (sku) => {
    expectError(() => scaleStack(sku).build({ maxInstances: 1 }), `test/Scale: autoscale is not available on the "${sku}" plan (allowed: Standard and Premium plans)`);
  });

  test.each([
    ["S1", 10],
    ["S3", 10],
    ["P1v2", 30],
    ["P1v3", 30],
    ["P1mv3", 30],
  ] as const)("the %s plan scales to %d instances and no further", (sku, limit) => {
    const { stack, build } = scaleStack(sku);
    build({ maxInstances: limit });
    expect(profile(synthJson(stack)).capacity.maximum).toBe(limit);
    expectError(() => scaleStack(sku).build({ maxInstances: limit + 1 }), `test/Scale: maxInstances ${limit + 1} is out of range (allowed: 1 to ${limit} on the "${sku}" plan)`);
  });

  test("minInstances below one", () => {
    expectError(() => scaleStack().build({ minInstances: 0 }), 'test/Scale: minInstances 0 is out of range (allowed: 1 to 10 on the "S1" plan)');
  });

  test("a count that is not whole", () => {
    expectError(() => scaleStack().build({ defaultInstances: 1.5 }), 'test/Scale: defaultInstances 1.5 is not a whole number (allowed: 1 to 10 on the "S1" plan)');
  });

  test("minInstances above maxInstances", () => {
    expectError(
      () => scaleStack().build({ minInstances: 4, maxInstances: 3 }),
      "test/Scale: minInstances 4 is more than maxInstances 3 (allowed: minInstances <= defaultInstances <= maxInstances)",
    );
  });

  test("defaultInstances outside min and max", () => {
    expectError(
      () => scaleStack().build({ minInstances: 2, maxInstances: 4, defaultInstances: 5 }),
      "test/Scale: defaultInstances 5 is outside minInstances 2 to maxInstances 4 (allowed: minInstances <= defaultInstances <= maxInstances)",
    );
    expectError(
      () => scaleStack().build({ minInstances: 2, maxInstances: 4, defaultInstances: 1 }),
      "test/Scale: defaultInstances 1 is outside minInstances 2 to maxInstances 4 (allowed: minInstances <= defaultInstances <= maxInstances)",
    );
  });

  test("no rules, or more than ten", () => {
    expectError(() => scaleStack().build({ rules: [] }), "test/Scale: rules has 0 entries (allowed: 1 to 10 per profile)");
    const eleven = Array.from({ length: 11 }, (): AutoscaleMetricRule => ({ metricName: "CpuPercentage", operator: "GreaterThan", threshold: 70, direction: "Increase" }));
    expectError(() => scaleStack().build({ rules: eleven }), "test/Scale: rules has 11 entries (allowed: 1 to 10 per profile)");
  });

  test.each([
    [{ changeCount: 0 }, "rules[0].changeCount 0 is out of range (allowed: 1 to 1000)"],
    [{ changeCount: 1.5 }, "rules[0].changeCount 1.5 is not a whole number (allowed: 1 to 1000)"],
    [{ timeWindowMinutes: 4 }, "rules[0].timeWindowMinutes 4 is out of range (allowed: 5 to 720)"],
    [{ timeWindowMinutes: 721 }, "rules[0].timeWindowMinutes 721 is out of range (allowed: 5 to 720)"],
    [{ cooldownMinutes: 0 }, "rules[0].cooldownMinutes 0 is out of range (allowed: 1 to 10080)"],
    [{ cooldownMinutes: 10081 }, "rules[0].cooldownMinutes 10081 is out of range (allowed: 1 to 10080)"],
  ])("rule %j", (extra, message) => {
    const rule: AutoscaleMetricRule = { metricName: "CpuPercentage", operator: "GreaterThan", threshold: 70, direction: "Increase", ...extra };
    expectError(() => scaleStack().build({ rules: [rule] }), `test/Scale: ${message}`);
  });
});
