import { StaticWebApp as AzStaticWebApp } from "@cdktf/provider-azurerm/lib/static-web-app";
import { Testing } from "cdktf";
import { ValidationError } from "../../../lib/core/errors";
import { STATIC_WEB_APP_REGIONS, StaticWebApp, type StaticWebAppProps } from "../../../lib/web/static-web-app";
import { testStack } from "../../helpers/stack";

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
