import { ManagedIdentity } from "../../../lib/security/managed-identity";
import { AppServiceWithSlots, type AppServiceWithSlotsProps, type WebAppProps } from "../../../lib/web/app-service-with-slots";
import type { CustomDomainProps } from "../../../lib/web/custom-domain";
import { FakeDnsZone } from "../../helpers/dns";
import { type TerraformJson, expectValidationError, onlyResource, onlyResourceId, resourcesOf, synthJson, testStack } from "../../helpers/stack";

type PlanProps = Partial<Omit<AppServiceWithSlotsProps, "apps">>;

/** A stack with the zone `augeo.app` and a builder for an AppServiceWithSlots `Api` with one Python app. */
function domainStack(plan: PlanProps = {}) {
  const { stack, rg } = testStack();
  const zone = new FakeDnsZone(stack, "Zone", "augeo.app");
  const identity = new ManagedIdentity(stack, "Identity", { resourceGroup: rg, instance: "api" });
  const build = (customDomains: readonly CustomDomainProps[], app: Partial<WebAppProps> = {}) =>
    new AppServiceWithSlots(stack, "Api", { resourceGroup: rg, sku: "S1", ...plan, apps: [{ runtime: { python: "3.12" }, identity, customDomains, ...app }] });
  return { stack, rg, zone, identity, build };
}

/** Resources of `type` by logical id without its hash. */
function byId(json: TerraformJson, type: string): Record<string, Record<string, unknown>> {
  return Object.fromEntries(Object.entries(resourcesOf(json, type)).map(([id, r]) => [id.replace(/_[0-9A-F]{8}$/, ""), r]));
}

/** The first custom domain of the single app. */
function domain(api: AppServiceWithSlots) {
  return api.apps.default.customDomains[0];
}

const BINDING_TYPES = ["azurerm_app_service_custom_hostname_binding", "azurerm_app_service_managed_certificate", "azurerm_app_service_certificate_binding"];

describe("AppServiceWithSlots: custom domains", () => {
  test("before delegation (bind: false): the CNAME and the asuid TXT record only", () => {
    const { stack, zone, build } = domainStack();
    const api = build([{ subdomain: "api", dnsZone: zone, bind: false }]);
    const json = synthJson(stack);
    const appId = onlyResourceId(json, "azurerm_linux_web_app");
    expect(onlyResource(json, "azurerm_dns_cname_record")).toMatchObject({
      name: "api",
      zone_name: "augeo.app",
      resource_group_name: "rg-dns",
      record: `\${azurerm_linux_web_app.${appId}.default_hostname}`,
    });
    expect(onlyResource(json, "azurerm_dns_txt_record")).toMatchObject({
      name: "asuid.api",
      zone_name: "augeo.app",
      record: [{ value: `\${azurerm_linux_web_app.${appId}.custom_domain_verification_id}` }],
    });
    for (const type of BINDING_TYPES) expect(resourcesOf(json, type)).toEqual({});
    expect(api.apps.default.customDomains).toHaveLength(1);
    expect(api.apps.default.customDomains[0]).toMatchObject({ subdomain: "api", hostName: "api.augeo.app", bound: false });
    expect(api.apps.default.customDomains[0].records).toHaveLength(2);
    expect(api.apps.default.customDomains[0].binding).toBeUndefined();
  });

  test("after delegation (bind: true): host name binding after both records, a managed certificate, an SNI binding", () => {
    const { stack, zone, build } = domainStack();
    const api = build([{ subdomain: "api", dnsZone: zone, bind: true }]);
    const json = synthJson(stack);
    const appId = onlyResourceId(json, "azurerm_linux_web_app");
    const cnameId = onlyResourceId(json, "azurerm_dns_cname_record");
    const txtId = onlyResourceId(json, "azurerm_dns_txt_record");
    const bindingId = onlyResourceId(json, "azurerm_app_service_custom_hostname_binding");
    const certificateId = onlyResourceId(json, "azurerm_app_service_managed_certificate");
    const binding = onlyResource(json, "azurerm_app_service_custom_hostname_binding");
    expect(binding).toMatchObject({
      hostname: "api.augeo.app",
      app_service_name: `\${azurerm_linux_web_app.${appId}.name}`,
      resource_group_name: `\${azurerm_linux_web_app.${appId}.resource_group_name}`,
      lifecycle: { ignore_changes: ["ssl_state", "thumbprint"] },
    });
    expect([...(binding.depends_on as string[])].sort()).toEqual([`azurerm_dns_cname_record.${cnameId}`, `azurerm_dns_txt_record.${txtId}`].sort());
    expect(binding).not.toHaveProperty("ssl_state");
    expect(onlyResource(json, "azurerm_app_service_managed_certificate")).toMatchObject({
      custom_hostname_binding_id: `\${azurerm_app_service_custom_hostname_binding.${bindingId}.id}`,
    });
    expect(onlyResource(json, "azurerm_app_service_certificate_binding")).toEqual(
      expect.objectContaining({
        hostname_binding_id: `\${azurerm_app_service_custom_hostname_binding.${bindingId}.id}`,
        certificate_id: `\${azurerm_app_service_managed_certificate.${certificateId}.id}`,
        ssl_state: "SniEnabled",
      }),
    );
    // Construct ids Domain-<host name>[-Certificate|-CertificateBinding]; Terraform's logical ids drop the dots.
    expect(api.node.tryFindChild("Domain-api.augeo.app")).toBe(domain(api).binding);
    expect(api.node.tryFindChild("Domain-api.augeo.app-Certificate")).toBe(domain(api).certificate);
    expect(api.node.tryFindChild("Domain-api.augeo.app-CertificateBinding")).toBe(domain(api).certificateBinding);
    expect(Object.keys(byId(json, "azurerm_app_service_custom_hostname_binding"))).toEqual(["Api_Domain-apiaugeoapp"]);
    expect(domain(api).bound).toBe(true);
    expect(domain(api).binding && domain(api).certificate && domain(api).certificateBinding).toBeDefined();
  });

  test("custom domains bind to the production app only: slots keep their own host names", () => {
    const { stack, zone, build } = domainStack({ slots: ["staging"] });
    build([{ subdomain: "api", dnsZone: zone, bind: true }]);
    const json = synthJson(stack);
    expect(Object.keys(resourcesOf(json, "azurerm_linux_web_app_slot"))).toHaveLength(1);
    expect(Object.keys(resourcesOf(json, "azurerm_app_service_custom_hostname_binding"))).toHaveLength(1);
    expect(resourcesOf(json, "azurerm_app_service_slot_custom_hostname_binding")).toEqual({});
    const appId = onlyResourceId(json, "azurerm_linux_web_app");
    expect(onlyResource(json, "azurerm_dns_cname_record").record).toBe(`\${azurerm_linux_web_app.${appId}.default_hostname}`);
  });

  test("several apps and domains: each app's records point at that app; a domain per bind switch", () => {
    const { stack, rg } = testStack();
    const zone = new FakeDnsZone(stack, "Zone", "augeo.app");
    const id = (name: string) => new ManagedIdentity(stack, name, { resourceGroup: rg, instance: name.toLowerCase() });
    const plan = new AppServiceWithSlots(stack, "Plan", {
      resourceGroup: rg,
      sku: "B1",
      apps: [
        { instance: "api", runtime: { python: "3.12" }, identity: id("Api"), customDomains: [{ subdomain: "api", dnsZone: zone, bind: true }, { subdomain: "api.eu", dnsZone: zone, bind: false }] },
        { instance: "web", runtime: { node: "22-lts" }, identity: id("Web"), customDomains: [{ subdomain: "www", dnsZone: zone, bind: true }] },
      ],
    });
    const json = synthJson(stack);
    const apps = byId(json, "azurerm_linux_web_app");
    const appRef = (instance: string) => Object.keys(resourcesOf(json, "azurerm_linux_web_app")).find((k) => k.startsWith(`Plan_App-${instance}_`));
    expect(Object.keys(apps).sort()).toEqual(["Plan_App-api_App", "Plan_App-web_App"]);
    const cnames = Object.values(resourcesOf(json, "azurerm_dns_cname_record")).map((r) => [r.name, r.record]);
    expect(cnames).toEqual([
      ["api", `\${azurerm_linux_web_app.${appRef("api")}.default_hostname}`],
      ["api.eu", `\${azurerm_linux_web_app.${appRef("api")}.default_hostname}`],
      ["www", `\${azurerm_linux_web_app.${appRef("web")}.default_hostname}`],
    ]);
    expect(Object.values(resourcesOf(json, "azurerm_dns_txt_record")).map((r) => r.name)).toEqual(["asuid.api", "asuid.api.eu", "asuid.www"]);
    expect(Object.values(resourcesOf(json, "azurerm_app_service_custom_hostname_binding")).map((r) => r.hostname)).toEqual(["api.augeo.app", "www.augeo.app"]);
    expect(Object.keys(byId(json, "azurerm_app_service_custom_hostname_binding"))).toEqual(["Plan_App-api_Domain-apiaugeoapp", "Plan_App-web_Domain-wwwaugeoapp"]);
    expect(plan.apps.api.customDomains.map((d) => [d.hostName, d.bound])).toEqual([
      ["api.augeo.app", true],
      ["api.eu.augeo.app", false],
    ]);
  });
});

describe("AppServiceWithSlots: custom domain validation", () => {
  test("the Free plan has no custom domains", () => {
    const { zone, build } = domainStack({ sku: "F1" });
    expectValidationError(() => build([{ subdomain: "api", dnsZone: zone, bind: false }]), 'test/Api: apps[0].customDomains need a Basic, Standard or Premium plan; "F1" has no custom domains');
  });

  test.each([
    ["@", 'test/Api: apps[0].customDomains[0].subdomain "@" is the zone apex (allowed: a subdomain such as "api" or "www"; an apex domain needs an A or alias record, which IDnsZone does not write)'],
    ["", 'test/Api: apps[0].customDomains[0].subdomain "" is the zone apex (allowed: a subdomain such as "api" or "www"; an apex domain needs an A or alias record, which IDnsZone does not write)'],
    ["*", 'test/Api: apps[0].customDomains[0].subdomain "*" is a wildcard (allowed: one host name; free managed certificates do not cover wildcards)'],
    [
      "API",
      'test/Api: apps[0].customDomains[0].subdomain "API" has the label "API" (allowed: dot-separated labels of 1-63 lowercase letters, digits and hyphens, not starting or ending with a hyphen, relative to the zone: "api", not "api.example.com.")',
    ],
    [
      "api-.eu",
      'test/Api: apps[0].customDomains[0].subdomain "api-.eu" has the label "api-" (allowed: dot-separated labels of 1-63 lowercase letters, digits and hyphens, not starting or ending with a hyphen, relative to the zone: "api", not "api.example.com.")',
    ],
    ["api.augeo.app", 'test/Api: apps[0].customDomains[0].subdomain "api.augeo.app" includes the zone name "augeo.app" (allowed: the labels below the zone, e.g. "api")'],
    [
      `${"a".repeat(50)}.${"b".repeat(5)}`,
      `test/Api: apps[0].customDomains[0] host name "${"a".repeat(50)}.${"b".repeat(5)}.augeo.app" has 66 characters (allowed: at most 64; a free managed certificate's host name)`,
    ],
  ])("subdomain %j", (subdomain, message) => {
    const { zone, build } = domainStack();
    expectValidationError(() => build([{ subdomain, dnsZone: zone, bind: true }]), message);
  });

  test("a host name defined twice, in one app or across apps", () => {
    const { zone, build } = domainStack();
    expectValidationError(
      () =>
        build([
          { subdomain: "api", dnsZone: zone, bind: true },
          { subdomain: "api", dnsZone: zone, bind: false },
        ]),
      'test/Api: apps[0].customDomains[1] subdomain "api" of zone "augeo.app" is defined twice (allowed: each host name once)',
    );
    const { stack, rg } = testStack();
    const zone2 = new FakeDnsZone(stack, "Zone", "augeo.app");
    const id = (name: string) => new ManagedIdentity(stack, name, { resourceGroup: rg, instance: name.toLowerCase() });
    expectValidationError(
      () =>
        new AppServiceWithSlots(stack, "Plan", {
          resourceGroup: rg,
          apps: [
            { instance: "a", runtime: { python: "3.12" }, identity: id("A"), customDomains: [{ subdomain: "api", dnsZone: zone2, bind: true }] },
            { instance: "b", runtime: { python: "3.12" }, identity: id("B"), customDomains: [{ subdomain: "api", dnsZone: zone2, bind: true }] },
          ],
        }),
      'test/Plan: apps[1].customDomains[0] subdomain "api" of zone "augeo.app" is defined twice (allowed: each host name once)',
    );
  });

  test("the same subdomain in two zones is two host names", () => {
    const { stack, zone, build } = domainStack();
    const other = new FakeDnsZone(stack, "Other", "augeo.dev");
    build([
      { subdomain: "api", dnsZone: zone, bind: true },
      { subdomain: "api", dnsZone: other, bind: true },
    ]);
    expect(Object.values(resourcesOf(synthJson(stack), "azurerm_app_service_custom_hostname_binding")).map((r) => r.hostname)).toEqual(["api.augeo.app", "api.augeo.dev"]);
  });
});
