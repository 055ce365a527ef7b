import { ApplicationInsightsStandardWebTest } from "@cdktf/provider-azurerm/lib/application-insights-standard-web-test";
import { MonitorMetricAlert } from "@cdktf/provider-azurerm/lib/monitor-metric-alert";
import { Annotations, Token } from "cdktf";
import { Construct } from "constructs";
import { AzureStack, resourceName } from "../core/azure-stack";
import { ValidationError, show } from "../core/errors";
import type { IResourceGroup } from "../core/interfaces";
import { checkName } from "../core/naming";
import { didYouMean } from "../core/suggest";

/*
 * Application Insights standard availability tests (`azurerm_application_insights_standard_web_test`)
 * and the "X out of Y locations failed" metric alert Microsoft recommends for them.
 *
 * Sources, read 2026-11-29:
 * - learn.microsoft.com/azure/azure-monitor/app/availability: standard tests (TLS validity,
 *   certificate lifetime check, verb, headers, body); retries recommended ("about 80% of failures
 *   disappear on retry"); at least five test locations recommended, at most 16; the alert
 *   location threshold "= number of test locations - 2, with a minimum of five test locations";
 *   the location population tags of the public cloud; URL ping tests retire on 2026-09-30 and
 *   multi-step web tests retired on 2024-08-31 (AZ-LIFE-006 flags `azurerm_application_insights_web_test`);
 * - azurerm `application_insights_standard_web_test_resource.go`: `frequency` 300, 600 or 900
 *   (default 300), `timeout` default 30, `enabled` and `retry_enabled` false unless set,
 *   `ssl_cert_remaining_lifetime` 1-365, `ssl_check_enabled` and the lifetime refused on a
 *   non-https URL, verbs GET POST PUT PATCH DELETE HEAD OPTIONS, `follow_redirects_enabled` and
 *   `parse_dependent_requests_enabled` true unless set; the test's location must be its
 *   Application Insights component's;
 * - azurerm `monitor_metric_alert` (`application_insights_web_test_location_availability_criteria`:
 *   web test id, component id, failed location count; scopes: the test and the component).
 */

/**
 * Test locations of the public cloud, by population tag (what `geo_locations` takes), with the
 * display name Learn gives. The tags are historical: some do not match the region's name.
 */
export const AVAILABILITY_TEST_LOCATIONS = {
  "emea-au-syd-edge": "Australia East",
  "latam-br-gru-edge": "Brazil South",
  "us-fl-mia-edge": "Central US",
  "apac-hk-hkn-azr": "East Asia",
  "us-va-ash-azr": "East US",
  "emea-ch-zrh-edge": "France South (formerly France Central)",
  "emea-fr-pra-edge": "France Central",
  "apac-jp-kaw-edge": "Japan East",
  "emea-gb-db3-azr": "North Europe",
  "us-il-ch1-azr": "North Central US",
  "us-tx-sn1-azr": "South Central US",
  "apac-sg-sin-azr": "Southeast Asia",
  "emea-se-sto-edge": "UK West",
  "emea-nl-ams-azr": "West Europe",
  "us-ca-sjc-azr": "West US",
  "emea-ru-msa-edge": "UK South",
} as const;
export type AvailabilityTestLocation = keyof typeof AVAILABILITY_TEST_LOCATIONS;

/** Five locations on three continents (East US, West US, West Europe, North Europe, Southeast Asia): Microsoft's recommended minimum. */
export const DEFAULT_AVAILABILITY_TEST_LOCATIONS: readonly AvailabilityTestLocation[] = ["us-va-ash-azr", "us-ca-sjc-azr", "emea-nl-ams-azr", "emea-gb-db3-azr", "apac-sg-sin-azr"];

/** Test frequencies azurerm accepts, in seconds. */
export const AVAILABILITY_TEST_FREQUENCIES = [300, 600, 900] as const;

/** Most locations one test can run from. */
export const MAX_AVAILABILITY_TEST_LOCATIONS = 16;

/** The longest timeout, in seconds (the portal offers 30, 60, 90 and 120). */
export const MAX_AVAILABILITY_TEST_TIMEOUT = 120;

export type AvailabilityTestVerb = "GET" | "POST" | "PUT" | "PATCH" | "DELETE" | "HEAD" | "OPTIONS";
const VERBS: readonly AvailabilityTestVerb[] = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];

/** The Application Insights component the test reports to (Monitoring's `insights`, or an `azurerm_application_insights`). */
export interface IApplicationInsights {
  readonly id: string;
  /** Its region: the test resource must be in the same one. */
  readonly location: string;
}

/** An action group the alert notifies (Monitoring's `actionGroup`, or an `azurerm_monitor_action_group`). */
export interface IActionGroup {
  readonly id: string;
}

export interface AvailabilityTestAlertProps {
  /**
   * The alert fires when at least this many locations fail in the window. Microsoft recommends
   * the number of locations minus 2 (3 of 5), so one location's network trouble does not page anyone.
   * @default - number of locations - 2, at least 1
   */
  readonly failedLocationCount?: number;
  /** 0 (critical) to 4 (verbose). @default 1 (error) */
  readonly severity?: 0 | 1 | 2 | 3 | 4;
  /** Alert rule name. @default - generated: `alrt-<workload>-<env>-<region>-availability[-<instance>]` */
  readonly name?: string;
  /** Shown in the notification. @default - "<url> failed from <n> or more of <m> test locations" */
  readonly description?: string;
}

export interface AvailabilityTestProps {
  readonly resourceGroup: IResourceGroup;
  /** Where the results go; the test resource is created in the component's region. */
  readonly applicationInsights: IApplicationInsights;
  /** The public https URL to test, e.g. `https://app.contoso.com/healthz`. A Terraform reference is accepted. */
  readonly url: string;
  /** Name of the test (shown in the Availability blade). @default - generated: `webtest-<workload>-<env>-<region>[-<instance>]` */
  readonly name?: string;
  /** Distinguishes several tests in one stack (`web`, `api`), in generated names. @default - none */
  readonly instance?: string;
  /** @default - none */
  readonly description?: string;
  /**
   * Population tags of the locations the test runs from (`AVAILABILITY_TEST_LOCATIONS`): 1-16,
   * distinct; Microsoft recommends at least five (fewer gives a warning). Each location runs the
   * test once per `frequencySeconds` and is billed per execution.
   * @default - `DEFAULT_AVAILABILITY_TEST_LOCATIONS` (five)
   */
  readonly locations?: readonly AvailabilityTestLocation[];
  /** Seconds between runs from each location: 300, 600 or 900. @default 300 */
  readonly frequencySeconds?: number;
  /** Seconds before a run counts as failed: 1-120 (the portal offers 30, 60, 90, 120). @default 30 */
  readonly timeoutSeconds?: number;
  /** @default "GET" */
  readonly httpVerb?: AvailabilityTestVerb;
  /**
   * Request headers (a host header, an `x-health-check` marker). Values are written into the
   * configuration as given: never a secret literal.
   * @default - none
   */
  readonly headers?: Readonly<Record<string, string>>;
  /** Request body (for POST/PUT/PATCH). @default - none */
  readonly body?: string;
  /** The status code that counts as success (100-599). @default 200 */
  readonly expectedStatusCode?: number;
  /** Text that must be in the response (case-sensitive, plain string). @default - not checked */
  readonly contentMatch?: string;
  /** Fail when the TLS certificate is invalid or untrusted. @default true */
  readonly sslCheck?: boolean;
  /**
   * Fail this many days before the certificate expires (1-365): a warning before users see an
   * expired certificate. Needs `sslCheck`.
   * @default 7
   */
  readonly sslCertRemainingLifetimeDays?: number;
  /** Follow up to 10 redirects. @default true */
  readonly followRedirects?: boolean;
  /** Also fetch images, scripts and styles of the page (a stricter, slower test). @default false */
  readonly parseDependentRequests?: boolean;
  /** Retry a failed run twice before reporting it (Microsoft's recommendation). @default true */
  readonly retries?: boolean;
  /** Run the test. @default true */
  readonly enabled?: boolean;
  /**
   * Who the availability alert notifies: action groups or their ids
   * (`monitoring.actionGroupIds("critical")`). Without any, the alert only shows in the portal
   * (a warning at synth).
   * @default - none
   */
  readonly actionGroups?: readonly (IActionGroup | string)[];
  /** The availability alert; `false` for none. @default - failed locations = locations - 2, severity 1 */
  readonly alert?: AvailabilityTestAlertProps | false;
}

/**
 * A standard availability test of a public URL from several Azure locations, with TLS and
 * certificate-lifetime checks and retries, and a metric alert that fires when enough locations
 * fail at once (Microsoft's "X out of Y locations" pattern) and resolves itself when they recover.
 */
export class AvailabilityTest extends Construct {
  readonly resource: ApplicationInsightsStandardWebTest;
  readonly id: string;
  readonly name: string;
  readonly locations: readonly AvailabilityTestLocation[];
  /** The availability alert; undefined with `alert: false`. */
  readonly alert?: MonitorMetricAlert;

  constructor(scope: Construct, id: string, props: AvailabilityTestProps) {
    super(scope, id);
    const path = this.node.path;
    const locations = props.locations ?? DEFAULT_AVAILABILITY_TEST_LOCATIONS;
    const frequency = props.frequencySeconds ?? 300;
    const timeout = props.timeoutSeconds ?? 30;
    const sslCheck = props.sslCheck ?? true;
    const lifetime = props.sslCertRemainingLifetimeDays ?? (sslCheck ? 7 : undefined);
    const status = props.expectedStatusCode ?? 200;
    const verb = props.httpVerb ?? "GET";
    checkUrl(path, props.url);
    checkLocations(path, locations);
    if (locations.length < 5) {
      Annotations.of(this).addWarning(`${locations.length} test location${locations.length === 1 ? "" : "s"}: Microsoft recommends at least five, to tell an outage of the site from one location's network trouble`);
    }
    if (!Token.isUnresolved(frequency) && !(AVAILABILITY_TEST_FREQUENCIES as readonly number[]).includes(frequency)) {
      throw new ValidationError(path, `frequencySeconds ${frequency} is not allowed (allowed: 300, 600, 900)`);
    }
    if (!Token.isUnresolved(timeout) && (!Number.isInteger(timeout) || timeout < 1 || timeout > MAX_AVAILABILITY_TEST_TIMEOUT)) {
      throw new ValidationError(path, `timeoutSeconds ${timeout} is out of range (allowed: whole seconds from 1 to ${MAX_AVAILABILITY_TEST_TIMEOUT})`);
    }
    if (!Token.isUnresolved(verb) && !VERBS.includes(verb)) {
      const close = didYouMean(verb.toUpperCase(), VERBS);
      throw new ValidationError(path, `httpVerb ${show(verb)} is not allowed${close ? `; did you mean ${show(close)}?` : ""} (allowed: ${VERBS.join(", ")})`);
    }
    if (!Token.isUnresolved(status) && (!Number.isInteger(status) || status < 100 || status > 599)) {
      throw new ValidationError(path, `expectedStatusCode ${status} is not an HTTP status code (allowed: 100 to 599)`);
    }
    if (props.sslCertRemainingLifetimeDays !== undefined && !sslCheck) {
      throw new ValidationError(path, `sslCertRemainingLifetimeDays needs sslCheck: true (the lifetime is part of the certificate check)`);
    }
    if (lifetime !== undefined && !Token.isUnresolved(lifetime) && (!Number.isInteger(lifetime) || lifetime < 1 || lifetime > 365)) {
      throw new ValidationError(path, `sslCertRemainingLifetimeDays ${lifetime} is out of range (allowed: whole days from 1 to 365)`);
    }
    if (props.contentMatch !== undefined && !Token.isUnresolved(props.contentMatch) && props.contentMatch === "") {
      throw new ValidationError(path, `contentMatch is empty (give the text the response must contain, or leave it out)`);
    }
    const headers = Object.entries(props.headers ?? {});
    for (const [name] of headers) {
      if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) throw new ValidationError(path, `header name ${show(name)} is not an HTTP header name (letters, digits and !#$%&'*+.^_\`|~-)`);
    }

    this.name = resourceName(this, "availabilityTest", props.name, props.instance);
    this.locations = locations;
    const alertName = props.alert === false ? undefined : this.alertName(props, props.alert ?? {});
    this.resource = new ApplicationInsightsStandardWebTest(this, "Resource", {
      name: this.name,
      resourceGroupName: props.resourceGroup.name,
      location: props.applicationInsights.location,
      applicationInsightsId: props.applicationInsights.id,
      description: props.description,
      geoLocations: [...locations],
      frequency,
      timeout,
      enabled: props.enabled ?? true,
      retryEnabled: props.retries ?? true,
      request: {
        url: props.url,
        httpVerb: verb,
        header: headers.length ? headers.map(([name, value]) => ({ name, value })) : undefined,
        body: props.body,
        followRedirectsEnabled: props.followRedirects ?? true,
        parseDependentRequestsEnabled: props.parseDependentRequests ?? false,
      },
      validationRules: {
        expectedStatusCode: status,
        sslCheckEnabled: sslCheck,
        sslCertRemainingLifetime: sslCheck ? lifetime : undefined,
        content: props.contentMatch !== undefined ? { contentMatch: props.contentMatch, ignoreCase: false, passIfTextFound: true } : undefined,
      },
    });
    this.id = this.resource.id;
    this.alert = props.alert === false ? undefined : this.addAlert(props, props.alert ?? {}, alertName as string);
  }

  /** The alert's name, settled before anything is created (outside an AzureStack it must be given). */
  private alertName(props: AvailabilityTestProps, alert: AvailabilityTestAlertProps): string {
    const path = this.node.path;
    if (alert.name !== undefined) return checkName(`${path}/Alert`, "metricAlert", alert.name);
    if (!AzureStack.find(this)) {
      throw new ValidationError(path, "no alert.name given and no AzureStack (or BlueprintStack) to generate one; pass alert.name (or alert: false)");
    }
    return resourceName(this, "metricAlert", undefined, props.instance ? `availability-${props.instance}` : "availability");
  }

  private addAlert(props: AvailabilityTestProps, alert: AvailabilityTestAlertProps, name: string): MonitorMetricAlert {
    const path = this.node.path;
    const count = this.locations.length;
    const failed = alert.failedLocationCount ?? Math.max(1, count - 2);
    if (!Token.isUnresolved(failed) && (!Number.isInteger(failed) || failed < 1 || failed > count)) {
      throw new ValidationError(path, `alert.failedLocationCount ${failed} is out of range (allowed: 1 to ${count}, the number of test locations; Microsoft recommends ${Math.max(1, count - 2)})`);
    }
    const severity = alert.severity ?? 1;
    if (![0, 1, 2, 3, 4].includes(severity)) throw new ValidationError(path, `alert.severity ${show(severity)} is not allowed (allowed: 0, 1, 2, 3, 4)`);
    const actionGroups = (props.actionGroups ?? []).map((g) => (typeof g === "string" ? g : g.id));
    if (actionGroups.length === 0) {
      Annotations.of(this).addWarning("no actionGroups: the availability alert notifies nobody (pass monitoring.actionGroupIds(\"critical\"), or alert: false)");
    }
    const url = Token.isUnresolved(props.url) ? "the test URL" : props.url;
    return new MonitorMetricAlert(this, "Alert", {
      name,
      resourceGroupName: props.resourceGroup.name,
      scopes: [this.resource.id, props.applicationInsights.id],
      description: alert.description ?? `${url} failed from ${failed} or more of ${count} test locations`,
      severity,
      frequency: "PT1M",
      windowSize: "PT5M",
      autoMitigate: true,
      applicationInsightsWebTestLocationAvailabilityCriteria: {
        webTestId: this.resource.id,
        componentId: props.applicationInsights.id,
        failedLocationCount: failed,
      },
      action: actionGroups.length ? actionGroups.map((actionGroupId) => ({ actionGroupId })) : undefined,
    });
  }
}

/** An absolute https URL (a Terraform reference passes: Azure checks it). */
function checkUrl(path: string, url: string): void {
  if (Token.isUnresolved(url)) return;
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }
  if (!parsed || !parsed.hostname) throw new ValidationError(path, `url ${show(url)} is not an absolute URL (expected https://<host>/<path>, e.g. "https://app.contoso.com/healthz")`);
  if (parsed.protocol !== "https:") {
    throw new ValidationError(path, `url ${show(url)} is not https; test the https endpoint users reach (the TLS and certificate-lifetime checks need it)`);
  }
}

/** 1-16 distinct known population tags. */
function checkLocations(path: string, locations: readonly string[]): void {
  if (locations.length === 0 || locations.length > MAX_AVAILABILITY_TEST_LOCATIONS) {
    throw new ValidationError(path, `locations has ${locations.length} entries (allowed: 1 to ${MAX_AVAILABILITY_TEST_LOCATIONS}; Microsoft recommends at least 5)`);
  }
  const known = Object.keys(AVAILABILITY_TEST_LOCATIONS);
  const seen = new Set<string>();
  for (const location of locations) {
    if (Token.isUnresolved(location)) continue;
    if (!known.includes(location)) {
      const byName = Object.entries(AVAILABILITY_TEST_LOCATIONS).find(([, display]) => display.toLowerCase().replace(/\s/g, "") === location.toLowerCase().replace(/[\s_-]/g, ""));
      const close = byName?.[0] ?? didYouMean(location, known);
      throw new ValidationError(path, `location ${show(location)} is not an availability test location${close ? `; did you mean ${show(close)}?` : ""} (use a population tag from AVAILABILITY_TEST_LOCATIONS, e.g. "us-va-ash-azr" for East US)`);
    }
    if (seen.has(location)) throw new ValidationError(path, `location ${show(location)} is listed twice`);
    seen.add(location);
  }
}
