import { ApplicationInsightsStandardWebTest } from "@cdktf/provider-azurerm/lib/application-insights-standard-web-test";
import { TerraformStack, TerraformVariable, Testing } from "cdktf";
import type { IResourceGroup } from "../../../lib/core/interfaces";
import { checkName } from "../../../lib/core/naming";
import {
  AVAILABILITY_TEST_LOCATIONS,
  AvailabilityTest,
  type AvailabilityTestProps,
  DEFAULT_AVAILABILITY_TEST_LOCATIONS,
} from "../../../lib/observability/availability-test";
import { Monitoring } from "../../../lib/observability/monitoring";
import { expectValidationError, onlyResource, onlyResourceId, resourcesOf, synthJson, testStack } from "../../helpers/stack";

const URL = "https://app.contoso.com/healthz";

function availabilityStack() {
  const { stack, rg } = testStack();
  const monitoring = new Monitoring(stack, "Monitoring", { resourceGroup: rg, recipients: [{ name: "ops", address: "ops@example.com" }], shortName: "demo" });
  const build = (props: Partial<AvailabilityTestProps> = {}, id = "Health") =>
    new AvailabilityTest(stack, id, { resourceGroup: rg, applicationInsights: monitoring.insights, url: URL, actionGroups: monitoring.actionGroupIds("critical"), ...props });
  return { stack, rg, monitoring, build };
}

function warnings(test: AvailabilityTest): string[] {
  return test.node.metadata.filter((m) => m.type === "@cdktf/warn").map((m) => m.data as string);
}

describe("AvailabilityTest", () => {
  test("defaults: a standard GET test every 5 minutes from five locations, TLS and 7-day certificate checks, retries, enabled", () => {
    const { stack, build } = availabilityStack();
    const health = build();
    const json = synthJson(stack);
    const insightsId = onlyResourceId(json, "azurerm_application_insights");
    expect(Testing.synth(stack)).toHaveResourceWithProperties(ApplicationInsightsStandardWebTest, {
      name: "webtest-demo-dev-eus2",
      application_insights_id: `\${azurerm_application_insights.${insightsId}.id}`,
      location: `\${azurerm_application_insights.${insightsId}.location}`,
      geo_locations: ["us-va-ash-azr", "us-ca-sjc-azr", "emea-nl-ams-azr", "emea-gb-db3-azr", "apac-sg-sin-azr"],
      frequency: 300,
      timeout: 30,
      enabled: true,
      retry_enabled: true,
      request: { url: URL, http_verb: "GET", follow_redirects_enabled: true, parse_dependent_requests_enabled: false },
      validation_rules: { expected_status_code: 200, ssl_check_enabled: true, ssl_cert_remaining_lifetime: 7 },
    });
    const test = onlyResource(json, "azurerm_application_insights_standard_web_test");
    expect((test.request as Record<string, unknown>).header).toBeUndefined();
    expect((test.validation_rules as Record<string, unknown>).content).toBeUndefined();
    expect(health.locations).toEqual(DEFAULT_AVAILABILITY_TEST_LOCATIONS);
    expect(warnings(health)).toEqual([]);
  });

  test("the alert: 3 of 5 locations failing, on the test and its component, to the critical action groups, self-resolving", () => {
    const { stack, build } = availabilityStack();
    const health = build();
    const json = synthJson(stack);
    const testId = onlyResourceId(json, "azurerm_application_insights_standard_web_test");
    const insightsId = onlyResourceId(json, "azurerm_application_insights");
    const groupId = onlyResourceId(json, "azurerm_monitor_action_group");
    expect(onlyResource(json, "azurerm_monitor_metric_alert")).toMatchObject({
      name: "alrt-demo-dev-eus2-availability",
      scopes: [`\${azurerm_application_insights_standard_web_test.${testId}.id}`, `\${azurerm_application_insights.${insightsId}.id}`],
      description: `${URL} failed from 3 or more of 5 test locations`,
      severity: 1,
      frequency: "PT1M",
      window_size: "PT5M",
      auto_mitigate: true,
      application_insights_web_test_location_availability_criteria: {
        web_test_id: `\${azurerm_application_insights_standard_web_test.${testId}.id}`,
        component_id: `\${azurerm_application_insights.${insightsId}.id}`,
        failed_location_count: 3,
      },
      action: [{ action_group_id: `\${azurerm_monitor_action_group.${groupId}.id}` }],
    });
    expect(health.alert).toBeDefined();
  });

  test("with SMS recipients the critical route also notifies the SMS action group; action groups can be objects", () => {
    const { stack, rg } = testStack();
    const monitoring = new Monitoring(stack, "Monitoring", {
      resourceGroup: rg,
      recipients: [{ name: "ops", address: "ops@example.com" }],
      smsRecipients: [{ name: "oncall", countryCode: "1", phoneNumber: "5555550100" }],
      shortName: "demo",
    });
    new AvailabilityTest(stack, "Api", { resourceGroup: rg, applicationInsights: monitoring.insights, url: URL, instance: "api", actionGroups: monitoring.actionGroupIds("critical") });
    new AvailabilityTest(stack, "Web", { resourceGroup: rg, applicationInsights: monitoring.insights, url: URL, instance: "web", actionGroups: [monitoring.actionGroup] });
    const alerts = Object.values(resourcesOf(synthJson(stack), "azurerm_monitor_metric_alert"));
    expect(alerts.map((a) => [a.name, (a.action as unknown[]).length])).toEqual([
      ["alrt-demo-dev-eus2-availability-api", 2],
      ["alrt-demo-dev-eus2-availability-web", 1],
    ]);
    expect(Object.values(resourcesOf(synthJson(stack), "azurerm_application_insights_standard_web_test")).map((t) => t.name)).toEqual(["webtest-demo-dev-eus2-api", "webtest-demo-dev-eus2-web"]);
  });

  test("everything set: locations, frequency, timeout, verb, headers, body, status, content, certificate lifetime, alert threshold and severity", () => {
    const { stack, build } = availabilityStack();
    const locations = ["us-va-ash-azr", "us-il-ch1-azr", "us-tx-sn1-azr", "emea-nl-ams-azr", "emea-gb-db3-azr", "apac-jp-kaw-edge", "emea-au-syd-edge"] as const;
    build({
      name: "api-health",
      description: "API health",
      locations,
      frequencySeconds: 600,
      timeoutSeconds: 120,
      httpVerb: "POST",
      headers: { "x-health-check": "1", Host: "api.contoso.com" },
      body: "{}",
      expectedStatusCode: 204,
      contentMatch: "ok",
      sslCertRemainingLifetimeDays: 30,
      followRedirects: false,
      parseDependentRequests: true,
      retries: false,
      alert: { failedLocationCount: 4, severity: 0, name: "alrt-api-down", description: "API down" },
    });
    const json = synthJson(stack);
    expect(onlyResource(json, "azurerm_application_insights_standard_web_test")).toMatchObject({
      name: "api-health",
      description: "API health",
      geo_locations: [...locations],
      frequency: 600,
      timeout: 120,
      retry_enabled: false,
      request: {
        http_verb: "POST",
        body: "{}",
        header: [{ name: "x-health-check", value: "1" }, { name: "Host", value: "api.contoso.com" }],
        follow_redirects_enabled: false,
        parse_dependent_requests_enabled: true,
      },
      validation_rules: { expected_status_code: 204, ssl_cert_remaining_lifetime: 30, content: { content_match: "ok", ignore_case: false, pass_if_text_found: true } },
    });
    expect(onlyResource(json, "azurerm_monitor_metric_alert")).toMatchObject({
      name: "alrt-api-down",
      description: "API down",
      severity: 0,
      application_insights_web_test_location_availability_criteria: { failed_location_count: 4 },
    });
  });

  test("no certificate checks when sslCheck is off; no alert with alert: false", () => {
    const { stack, build } = availabilityStack();
    const health = build({ sslCheck: false, alert: false });
    const rules = onlyResource(synthJson(stack), "azurerm_application_insights_standard_web_test").validation_rules as Record<string, unknown>;
    expect(rules.ssl_check_enabled).toBe(false);
    expect(rules.ssl_cert_remaining_lifetime).toBeUndefined();
    expect(resourcesOf(synthJson(stack), "azurerm_monitor_metric_alert")).toEqual({});
    expect(health.alert).toBeUndefined();
  });

  test("a URL from a Terraform reference is accepted", () => {
    const { stack, build } = availabilityStack();
    const host = new TerraformVariable(stack, "host", { type: "string" });
    build({ url: `https://${host.stringValue}/healthz` });
    expect(onlyResource(synthJson(stack), "azurerm_monitor_metric_alert").description).toBe("the test URL failed from 3 or more of 5 test locations");
  });

  test("warnings: fewer than five locations, and an alert nobody receives", () => {
    const { build } = availabilityStack();
    expect(warnings(build({ locations: ["us-va-ash-azr", "emea-nl-ams-azr"], actionGroups: [] }))).toEqual([
      "2 test locations: Microsoft recommends at least five, to tell an outage of the site from one location's network trouble",
      'no actionGroups: the availability alert notifies nobody (pass monitoring.actionGroupIds("critical"), or alert: false)',
    ]);
  });

  test("two locations give a threshold of 1", () => {
    const { stack, build } = availabilityStack();
    build({ locations: ["us-va-ash-azr", "emea-nl-ams-azr"] });
    expect(onlyResource(synthJson(stack), "azurerm_monitor_metric_alert")).toMatchObject({ application_insights_web_test_location_availability_criteria: { failed_location_count: 1 } });
  });

  describe("validation", () => {
    const P = "test/Health";

    test("url: absolute and https", () => {
      expectValidationError(() => availabilityStack().build({ url: "http://app.contoso.com/" }), `${P}: url "http://app.contoso.com/" is not https; test the https endpoint users reach (the TLS and certificate-lifetime checks need it)`);
      expectValidationError(() => availabilityStack().build({ url: "app.contoso.com/healthz" }), `${P}: url "app.contoso.com/healthz" is not an absolute URL (expected https://<host>/<path>, e.g. "https://app.contoso.com/healthz")`);
    });

    test("frequency 300, 600 or 900; timeout 1-120", () => {
      expectValidationError(() => availabilityStack().build({ frequencySeconds: 60 }), `${P}: frequencySeconds 60 is not allowed (allowed: 300, 600, 900)`);
      expectValidationError(() => availabilityStack().build({ timeoutSeconds: 0 }), `${P}: timeoutSeconds 0 is out of range (allowed: whole seconds from 1 to 120)`);
      expectValidationError(() => availabilityStack().build({ timeoutSeconds: 180 }), `${P}: timeoutSeconds 180 is out of range (allowed: whole seconds from 1 to 120)`);
      expectValidationError(() => availabilityStack().build({ timeoutSeconds: 2.5 }), `${P}: timeoutSeconds 2.5 is out of range (allowed: whole seconds from 1 to 120)`);
    });

    test("locations: known population tags, distinct, 1 to 16", () => {
      expectValidationError(
        () => availabilityStack().build({ locations: ["eastus" as never] }),
        `${P}: location "eastus" is not an availability test location; did you mean "us-va-ash-azr"? (use a population tag from AVAILABILITY_TEST_LOCATIONS, e.g. "us-va-ash-azr" for East US)`,
      );
      expectValidationError(
        () => availabilityStack().build({ locations: ["us-va-ash-az" as never] }),
        `${P}: location "us-va-ash-az" is not an availability test location; did you mean "us-va-ash-azr"? (use a population tag from AVAILABILITY_TEST_LOCATIONS, e.g. "us-va-ash-azr" for East US)`,
      );
      expectValidationError(() => availabilityStack().build({ locations: ["us-va-ash-azr", "us-va-ash-azr"] }), `${P}: location "us-va-ash-azr" is listed twice`);
      expectValidationError(() => availabilityStack().build({ locations: [] }), `${P}: locations has 0 entries (allowed: 1 to 16; Microsoft recommends at least 5)`);
      const all = Object.keys(AVAILABILITY_TEST_LOCATIONS) as (keyof typeof AVAILABILITY_TEST_LOCATIONS)[];
      expect(all).toHaveLength(16);
      const { stack, build } = availabilityStack();
      build({ locations: all, alert: { failedLocationCount: 14 } });
      expect((onlyResource(synthJson(stack), "azurerm_application_insights_standard_web_test").geo_locations as string[]).length).toBe(16);
      expectValidationError(() => availabilityStack().build({ locations: [...all, "us-va-ash-azr"] }), `${P}: locations has 17 entries (allowed: 1 to 16; Microsoft recommends at least 5)`);
    });

    test("alert threshold within the number of locations, and a valid severity", () => {
      expectValidationError(() => availabilityStack().build({ alert: { failedLocationCount: 6 } }), `${P}: alert.failedLocationCount 6 is out of range (allowed: 1 to 5, the number of test locations; Microsoft recommends 3)`);
      expectValidationError(() => availabilityStack().build({ alert: { failedLocationCount: 0 } }), `${P}: alert.failedLocationCount 0 is out of range (allowed: 1 to 5, the number of test locations; Microsoft recommends 3)`);
      expectValidationError(() => availabilityStack().build({ alert: { severity: 5 as never } }), `${P}: alert.severity 5 is not allowed (allowed: 0, 1, 2, 3, 4)`);
    });

    test("request and response checks", () => {
      expectValidationError(() => availabilityStack().build({ httpVerb: "get" as never }), `${P}: httpVerb "get" is not allowed; did you mean "GET"? (allowed: GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS)`);
      expectValidationError(() => availabilityStack().build({ expectedStatusCode: 99 }), `${P}: expectedStatusCode 99 is not an HTTP status code (allowed: 100 to 599)`);
      expectValidationError(() => availabilityStack().build({ sslCertRemainingLifetimeDays: 0 }), `${P}: sslCertRemainingLifetimeDays 0 is out of range (allowed: whole days from 1 to 365)`);
      expectValidationError(() => availabilityStack().build({ sslCertRemainingLifetimeDays: 366 }), `${P}: sslCertRemainingLifetimeDays 366 is out of range (allowed: whole days from 1 to 365)`);
      expectValidationError(() => availabilityStack().build({ sslCheck: false, sslCertRemainingLifetimeDays: 7 }), `${P}: sslCertRemainingLifetimeDays needs sslCheck: true (the lifetime is part of the certificate check)`);
      expectValidationError(() => availabilityStack().build({ contentMatch: "" }), `${P}: contentMatch is empty (give the text the response must contain, or leave it out)`);
      expectValidationError(() => availabilityStack().build({ headers: { "bad header": "x" } }), `${P}: header name "bad header" is not an HTTP header name (letters, digits and !#$%&'*+.^_\`|~-)`);
    });

    test("names: the web test rule, and a given alert name is checked", () => {
      expect(checkName("p", "availabilityTest", "Home page (prod)")).toBe("Home page (prod)");
      expect(() => checkName("p", "availabilityTest", "a/b")).toThrow();
      expectValidationError(
        () => availabilityStack().build({ name: "health?" }),
        `${P}: Application Insights availability test name "health?" has characters or a shape Azure rejects; Azure allows 1-260 characters, any characters except % & \\ ? / and control characters; unique within its resource group`,
      );
      expectValidationError(
        () => availabilityStack().build({ alert: { name: "alert/x" } }),
        `${P}/Alert: metric alert name "alert/x" has characters or a shape Azure rejects; Azure allows 1-260 characters, any characters except < > * % { } & : \\ ? + / # |; unique within its resource group`,
      );
    });
  });

  test("in a plain TerraformStack with explicit names", () => {
    const plain = new TerraformStack(Testing.app(), "plain");
    const rg: IResourceGroup = { name: "rg-mon", location: "westeurope", id: "/subscriptions/0/resourceGroups/rg-mon" };
    const insights = { id: "/subscriptions/0/resourceGroups/rg-mon/providers/Microsoft.Insights/components/appi-shop", location: "westeurope" };
    expectValidationError(() => new AvailabilityTest(plain, "Health", { resourceGroup: rg, applicationInsights: insights, url: URL }), "plain/Health: no name given and no AzureStack (or BlueprintStack) to generate one; pass the `name` prop");
    expectValidationError(
      () => new AvailabilityTest(plain, "Named", { resourceGroup: rg, applicationInsights: insights, url: URL, name: "shop-health" }),
      "plain/Named: no alert.name given and no AzureStack (or BlueprintStack) to generate one; pass alert.name (or alert: false)",
    );
    new AvailabilityTest(plain, "Both", { resourceGroup: rg, applicationInsights: insights, url: URL, name: "shop-health", alert: { name: "shop-down" }, actionGroups: ["/subscriptions/0/ag"] });
    const json = synthJson(plain);
    expect(onlyResource(json, "azurerm_application_insights_standard_web_test")).toMatchObject({ name: "shop-health", location: "westeurope", resource_group_name: "rg-mon", application_insights_id: insights.id });
    expect(onlyResource(json, "azurerm_monitor_metric_alert")).toMatchObject({ name: "shop-down", action: [{ action_group_id: "/subscriptions/0/ag" }] });
  });
});
