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
