import { ResourceGroup as AzResourceGroup } from "@cdktf/provider-azurerm/lib/resource-group";
import { TerraformStack, TerraformVariable, Testing } from "cdktf";
import { ResourceGroup } from "../../../lib/core/resource-group";
import { ManagedIdentity } from "../../../lib/security/managed-identity";
import { expectValidationError, onlyResource, synthJson, testStack } from "../../helpers/stack";

function plainStack(): TerraformStack {
  return new TerraformStack(Testing.app(), "plain");
}

describe("ResourceGroup location", () => {
  test("a typo of a region is refused with the closest ARM name", () => {
    expectValidationError(
      () => new ResourceGroup(plainStack(), "Rg", { location: "westuss", name: "rg-x" }),
      'plain/Rg: location "westuss" is not a known Azure region; did you mean "westus"? (use the ARM name, e.g. eastus2)',
    );
  });

  test("a display name is answered with its ARM name", () => {
    expectValidationError(
      () => new ResourceGroup(plainStack(), "Rg", { location: "West US", name: "rg-x" }),
      'plain/Rg: location "West US" is not a known Azure region; did you mean "westus"? (use the ARM name, e.g. eastus2)',
    );
    expectValidationError(
      () => new ResourceGroup(plainStack(), "Rg", { location: "Germany West Central", name: "rg-x" }),
      'plain/Rg: location "Germany West Central" is not a known Azure region; did you mean "germanywestcentral"? (use the ARM name, e.g. eastus2)',
    );
  });

  test("a name far from every region gets no suggestion", () => {
    expectValidationError(
      () => new ResourceGroup(plainStack(), "Rg", { location: "moon", name: "rg-x" }),
      'plain/Rg: location "moon" is not a known Azure region (use the ARM name, e.g. eastus2)',
    );
  });

  test("a known ARM name is accepted and synthesized as given", () => {
    const stack = plainStack();
    new ResourceGroup(stack, "Rg", { location: "westus", name: "rg-x" });
    expect(Testing.synth(stack)).toHaveResourceWithProperties(AzResourceGroup, { name: "rg-x", location: "westus" });
  });

  test("an unresolved token is not judged", () => {
    const stack = plainStack();
    const location = new TerraformVariable(stack, "location", { type: "string" }).stringValue;
    const rg = new ResourceGroup(stack, "Rg", { location, name: "rg-x" });
    expect(rg.location).toBe(location);
    expect(Testing.synth(stack)).toHaveResourceWithProperties(AzResourceGroup, { name: "rg-x", location: "${var.location}" });
  });
});

describe("ResourceGroup.fromId / fromName: a resource group that already exists", () => {
  const RG_ID = "/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-landing-zone";

  test("by id: constructs deploy into it, nothing is created or looked up", () => {
    const { stack } = testStack();
    const rg = ResourceGroup.fromId(stack, "Landing", { resourceGroupId: RG_ID, location: "westeurope" });
    expect(rg).toMatchObject({ id: RG_ID, name: "rg-landing-zone", location: "westeurope" });
    new ManagedIdentity(stack, "Api", { resourceGroup: rg, instance: "api" });
    const json = synthJson(stack);
    expect(onlyResource(json, "azurerm_user_assigned_identity")).toMatchObject({ resource_group_name: "rg-landing-zone", location: "westeurope" });
    expect(json.data?.azurerm_resource_group).toBeUndefined();
  });

  test("by name in an AzureStack: the id comes from the stack's subscription, without a data source", () => {
    const { stack } = testStack();
    const rg = ResourceGroup.fromName(stack, "Landing", { name: "rg-landing-zone", location: "eastus2" });
    expect(rg.id).toBe("/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-landing-zone");
    expect(rg.lookupDataSource).toBeUndefined();
  });

  test("by name in a plain TerraformStack: a data source supplies the id", () => {
    const stack = plainStack();
    const rg = ResourceGroup.fromName(stack, "Landing", { name: "rg-landing-zone", location: "eastus2" });
    expect(rg.id).toMatch(/^\$\{TfToken\[/);
    expect(Object.values(JSON.parse(Testing.synth(stack)).data.azurerm_resource_group)).toEqual([{ name: "rg-landing-zone" }]);
  });

  test("a bad id, a bad region and an empty name are refused", () => {
    expectValidationError(
      () => ResourceGroup.fromId(plainStack(), "Rg", { resourceGroupId: "/subscriptions/nope/resourceGroups/rg", location: "eastus2" }),
      'plain/Rg: resourceGroupId "/subscriptions/nope/resourceGroups/rg" is not the id of a resource group: "nope" is not a subscription id (a GUID) (expected /subscriptions/<subscription id>/resourceGroups/<resource group>)',
    );
    expectValidationError(
      () => ResourceGroup.fromId(plainStack(), "Rg", { resourceGroupId: RG_ID, location: "West Europe" }),
      'plain/Rg: location "West Europe" is not a known Azure region; did you mean "westeurope"? (use the ARM name, e.g. eastus2)',
    );
    expectValidationError(() => ResourceGroup.fromName(plainStack(), "Rg", { name: " ", location: "eastus2" }), 'plain/Rg: name " " is empty (give the name of the existing resource group)');
  });
});
