import { StaticWebApp as AzStaticWebApp } from "@cdktf/provider-azurerm/lib/static-web-app";
import { Testing } from "cdktf";
import { ValidationError } from "../../../lib/core/errors";
import { STATIC_WEB_APP_CUSTOM_DOMAINS, STATIC_WEB_APP_REGIONS, StaticWebApp, type StaticWebAppProps } from "../../../lib/web/static-web-app";
import { FakeDnsZone } from "../../helpers/dns";
import { expectValidationError, onlyResource, onlyResourceId, resourcesOf, synthJson, testStack } from "../../helpers/stack";

function webStack(props: Partial<StaticWebAppProps> = {}, location = "eastus2") {
  const { stack, rg } = testStack({ environment: { location } });
  const build = () => new StaticWebApp(stack, "Frontend", { resourceGroup: rg, ...props });
  return { stack, rg, build };
}

describe("StaticWebApp", () => {
  test("Free tier by default, in the resource group's region, without preview environments", () => {
    const { stack, build } = webStack();
    const web = build();
    expect(Testing.synth(stack)).toHaveResourceWithProperties(AzStaticWebApp, {
      name: "stapp-demo-dev-eus2",
      location: "eastus2",
      sku_tier: "Free",
      sku_size: "Free",
      preview_environments_enabled: false,
      configuration_file_changes_enabled: true,
    });
    expect(web.name).toBe("stapp-demo-dev-eus2");
  });

  test("Standard tier, preview environments and a given name", () => {
    const { stack, build } = webStack({ sku: "Standard", previewEnvironments: true, name: "stapp-frontend" });
    build();
    expect(Testing.synth(stack)).toHaveResourceWithProperties(AzStaticWebApp, {
      name: "stapp-frontend",
      sku_tier: "Standard",
      sku_size: "Standard",
      preview_environments_enabled: true,
    });
  });

  test("an explicit supported location overrides the resource group's unsupported one", () => {
    const { stack, build } = webStack({ location: "westus2" }, "westus");
    build();
    expect(Testing.synth(stack)).toHaveResourceWithProperties(AzStaticWebApp, { location: "westus2" });
  });

  test.each(STATIC_WEB_APP_REGIONS.map((r) => [r]))("%s hosts Static Web Apps", (location) => {
    const { stack, build } = webStack({}, location);
    build();
    expect(Testing.synth(stack)).toHaveResourceWithProperties(AzStaticWebApp, { location });
  });

  test("a region without Static Web Apps is rejected", () => {
    const attempt = () => webStack({}, "westus").build();
    expect(attempt).toThrow(ValidationError);
    expect(attempt).toThrow('test/Frontend: location "westus" does not host Static Web Apps (allowed: centralus, eastasia, eastus2, westeurope, westus2)');
  });

  test("an explicit unsupported location is rejected", () => {
    const attempt = () => webStack({ location: "eastus" }).build();
    expect(attempt).toThrow('test/Frontend: location "eastus" does not host Static Web Apps (allowed: centralus, eastasia, eastus2, westeurope, westus2)');
  });
});

describe("StaticWebApp: custom domains", () => {
  /** A static web app `Admin` of `sku` with the zone `augeo.app`. */
  function adminStack(sku: "Free" | "Standard" = "Standard") {
    const { stack, rg } = testStack();
    const zone = new FakeDnsZone(stack, "Zone", "augeo.app");
    const build = (customDomains: StaticWebAppProps["customDomains"]) => new StaticWebApp(stack, "Admin", { resourceGroup: rg, sku, customDomains });
    return { stack, rg, zone, build };
  }

  test("before delegation (bind: false): the CNAME to the app's default host name only", () => {
    const { stack, zone, build } = adminStack();
    const admin = build([{ subdomain: "admin", dnsZone: zone, bind: false }]);
    const json = synthJson(stack);
    const appId = onlyResourceId(json, "azurerm_static_web_app");
    expect(onlyResource(json, "azurerm_dns_cname_record")).toMatchObject({
      name: "admin",
      zone_name: "augeo.app",
      record: `\${azurerm_static_web_app.${appId}.default_host_name}`,
    });
    expect(resourcesOf(json, "azurerm_dns_txt_record")).toEqual({});
    expect(resourcesOf(json, "azurerm_static_web_app_custom_domain")).toEqual({});
    expect(admin.customDomains).toEqual([expect.objectContaining({ subdomain: "admin", hostName: "admin.augeo.app", bound: false })]);
    expect(admin.customDomains[0].resource).toBeUndefined();
  });

  test("after delegation (bind: true): the domain with CNAME validation, after its record", () => {
    const { stack, zone, build } = adminStack();
    const admin = build([{ subdomain: "admin", dnsZone: zone, bind: true }]);
    const json = synthJson(stack);
    const appId = onlyResourceId(json, "azurerm_static_web_app");
    const cnameId = onlyResourceId(json, "azurerm_dns_cname_record");
    expect(onlyResource(json, "azurerm_static_web_app_custom_domain")).toMatchObject({
      static_web_app_id: `\${azurerm_static_web_app.${appId}.id}`,
      domain_name: "admin.augeo.app",
      validation_type: "cname-delegation",
      depends_on: [`azurerm_dns_cname_record.${cnameId}`],
    });
    expect(admin.node.tryFindChild("Domain-admin.augeo.app")).toBe(admin.customDomains[0].resource);
  });

  test("custom domains on the Free plan too, up to its limit", () => {
    const { stack, zone, build } = adminStack("Free");
    build([
      { subdomain: "admin", dnsZone: zone, bind: true },
      { subdomain: "www", dnsZone: zone, bind: true },
    ]);
    expect(Object.keys(resourcesOf(synthJson(stack), "azurerm_static_web_app_custom_domain"))).toHaveLength(STATIC_WEB_APP_CUSTOM_DOMAINS.Free);
  });

  test("more custom domains than the plan allows", () => {
    const domains = (n: number, zone: FakeDnsZone) => Array.from({ length: n }, (_, i) => ({ subdomain: `d${i}`, dnsZone: zone, bind: false }));
    const free = adminStack("Free");
    expectValidationError(() => free.build(domains(3, free.zone)), 'test/Admin: customDomains has 3 entries (allowed: at most 2 on the "Free" plan; Standard allows 5)');
    const standard = adminStack("Standard");
    expectValidationError(() => standard.build(domains(6, standard.zone)), 'test/Admin: customDomains has 6 entries (allowed: at most 5 on the "Standard" plan)');
  });

  test("the zone apex and a bad label", () => {
    const apex = adminStack();
    expectValidationError(
      () => apex.build([{ subdomain: "@", dnsZone: apex.zone, bind: true }]),
      'test/Admin: customDomains[0].subdomain "@" is the zone apex (allowed: a subdomain such as "api" or "www"; an apex domain needs an A or alias record, which IDnsZone does not write)',
    );
    const label = adminStack();
    expectValidationError(
      () => label.build([{ subdomain: "admin_", dnsZone: label.zone, bind: true }]),
      'test/Admin: customDomains[0].subdomain "admin_" has the label "admin_" (allowed: dot-separated labels of 1-63 lowercase letters, digits and hyphens, not starting or ending with a hyphen, relative to the zone: "api", not "api.example.com.")',
    );
  });
});
