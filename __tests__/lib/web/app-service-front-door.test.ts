import { FrontDoor } from "../../../lib/edge/front-door";
import { ManagedIdentity } from "../../../lib/security/managed-identity";
import { AppServiceWithSlots } from "../../../lib/web/app-service-with-slots";
import { expectValidationError, onlyResource, onlyResourceId, resourcesOf, synthJson, testStack } from "../../helpers/stack";

describe("AppServiceWithSlots restrictToFrontDoor", () => {
  test("the app and its slots admit only the Front Door profile (service tag and X-Azure-FDID), everything else denied; SCM untouched", () => {
    const { stack, rg } = testStack();
    const identity = new ManagedIdentity(stack, "Identity", { resourceGroup: rg, instance: "api" });
    const fd = new FrontDoor(stack, "Edge", { resourceGroup: rg });
    fd.addEndpoint("web");
    new AppServiceWithSlots(stack, "Api", { resourceGroup: rg, slots: ["staging"], apps: [{ runtime: { node: "20-lts" }, identity, restrictToFrontDoor: fd }] });
    const json = synthJson(stack);
    const guid = `\${azurerm_cdn_frontdoor_profile.${onlyResourceId(json, "azurerm_cdn_frontdoor_profile")}.resource_guid}`;
    const expected = {
      ip_restriction_default_action: "Deny",
      ip_restriction: [{ name: "AllowFrontDoor", priority: 100, action: "Allow", service_tag: "AzureFrontDoor.Backend", headers: [{ x_azure_fdid: [guid] }] }],
    };
    const app = onlyResource(json, "azurerm_linux_web_app");
    const slot = onlyResource(json, "azurerm_linux_web_app_slot");
    for (const site of [app, slot]) {
      expect(site.site_config).toMatchObject(expected);
      const config = site.site_config as Record<string, unknown>;
      expect(config.scm_ip_restriction).toBeUndefined();
      expect(config.scm_ip_restriction_default_action).toBeUndefined();
    }
  });

  test("off by default: no restriction keys at all", () => {
    const { stack, rg } = testStack();
    const identity = new ManagedIdentity(stack, "Identity", { resourceGroup: rg, instance: "api" });
    new AppServiceWithSlots(stack, "Api", { resourceGroup: rg, apps: [{ runtime: { node: "20-lts" }, identity }] });
    const config = Object.values(resourcesOf(synthJson(stack), "azurerm_linux_web_app"))[0].site_config as Record<string, unknown>;
    expect(config.ip_restriction).toBeUndefined();
    expect(config.ip_restriction_default_action).toBeUndefined();
  });

  test("refused together with publicNetworkAccess false", () => {
    const { stack, rg } = testStack();
    const identity = new ManagedIdentity(stack, "Identity", { resourceGroup: rg, instance: "api" });
    expectValidationError(
      () =>
        new AppServiceWithSlots(stack, "Api", {
          resourceGroup: rg,
          apps: [{ runtime: { node: "20-lts" }, identity, publicNetworkAccess: false, restrictToFrontDoor: { resourceGuid: "00000000-0000-0000-0000-000000000001" } }],
        }),
      "test/Api: apps[0].restrictToFrontDoor is set with publicNetworkAccess false (allowed: one of them; Front Door reaches a closed app over Private Link, which needs no access restriction)",
    );
  });
});

describe("AppServiceWithSlots allowedSources", () => {
  test("each source is an Allow rule from priority 200, after Front Door's; everything else denied, on the app and its slots", () => {
    const { stack, rg } = testStack();
    const identity = new ManagedIdentity(stack, "Identity", { resourceGroup: rg, instance: "api" });
    new AppServiceWithSlots(stack, "Api", {
      resourceGroup: rg,
      slots: ["staging"],
      apps: [{
        runtime: { node: "20-lts" },
        identity,
        restrictToFrontDoor: { resourceGuid: "00000000-0000-0000-0000-000000000001" },
        allowedSources: [{ name: "AllowApim", ipAddress: "198.51.100.7/32" }, { name: "AllowMonitor", serviceTag: "AzureMonitor" }],
      }],
    });
    const json = synthJson(stack);
    for (const site of [onlyResource(json, "azurerm_linux_web_app"), onlyResource(json, "azurerm_linux_web_app_slot")]) {
      const config = site.site_config as { ip_restriction_default_action: string; ip_restriction: Record<string, unknown>[] };
      expect(config.ip_restriction_default_action).toBe("Deny");
      expect(config.ip_restriction.map((r) => [r.name, r.priority, r.action, r.ip_address ?? r.service_tag])).toEqual([
        ["AllowFrontDoor", 100, "Allow", "AzureFrontDoor.Backend"],
        ["AllowApim", 200, "Allow", "198.51.100.7/32"],
        ["AllowMonitor", 201, "Allow", "AzureMonitor"],
      ]);
    }
  });

  test("a source must be exactly one of an address, a service tag or a subnet, with a rule name; not with publicNetworkAccess false", () => {
    const build = (app: Record<string, unknown>) => () => {
      const { stack, rg } = testStack();
      const identity = new ManagedIdentity(stack, "Identity", { resourceGroup: rg, instance: "api" });
      new AppServiceWithSlots(stack, "Api", { resourceGroup: rg, apps: [{ runtime: { node: "20-lts" }, identity, ...app }] });
    };
    expectValidationError(build({ allowedSources: [{ name: "Both", ipAddress: "198.51.100.7/32", serviceTag: "AzureMonitor" }] }), 'test/Api: apps[0].allowedSources "Both" has 2 of ipAddress, serviceTag and virtualNetworkSubnetId (allowed: exactly one)');
    expectValidationError(build({ allowedSources: [{ name: "None" }] }), 'test/Api: apps[0].allowedSources "None" has 0 of ipAddress, serviceTag and virtualNetworkSubnetId (allowed: exactly one)');
    expectValidationError(build({ allowedSources: [{ name: "has space", ipAddress: "198.51.100.7/32" }] }), 'test/Api: apps[0].allowedSources name "has space" is not a rule name (allowed: 1-32 letters, digits, hyphens and underscores)');
    expectValidationError(build({ publicNetworkAccess: false, allowedSources: [{ name: "AllowApim", ipAddress: "198.51.100.7/32" }] }), "test/Api: apps[0].allowedSources is set with publicNetworkAccess false (allowed: one of them; a closed app admits no public source)");
  });
});

describe("AppServiceWithSlots minimumTlsVersion", () => {
  test("1.3 on the apps and slots; the SCM site stays at 1.2; anything but 1.2 and 1.3 is refused", () => {
    const { stack, rg } = testStack();
    const identity = new ManagedIdentity(stack, "Id", { resourceGroup: rg });
    new AppServiceWithSlots(stack, "Api", { resourceGroup: rg, slots: ["staging"], minimumTlsVersion: "1.3", apps: [{ runtime: { node: "22-lts" }, identity }] });
    const json = synthJson(stack);
    for (const type of ["azurerm_linux_web_app", "azurerm_linux_web_app_slot"]) {
      expect(onlyResource(json, type).site_config).toMatchObject({ minimum_tls_version: "1.3", scm_minimum_tls_version: "1.2" });
    }
    expectValidationError(
      () => new AppServiceWithSlots(stack, "Old", { resourceGroup: rg, planInstance: "old", minimumTlsVersion: "1.1" as never, apps: [{ runtime: { node: "22-lts" }, identity, instance: "x" }] }),
      'test/Old: minimumTlsVersion "1.1" is not allowed (allowed: "1.2", "1.3"; TLS 1.0 and 1.1 are insecure)',
    );
  });
});
