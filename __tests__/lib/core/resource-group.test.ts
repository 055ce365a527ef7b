import { ResourceGroup as AzResourceGroup } from "@cdktf/provider-azurerm/lib/resource-group";
import { TerraformStack, TerraformVariable, Testing } from "cdktf";
import { ResourceGroup } from "../../../lib/core/resource-group";
import { expectValidationError } from "../../helpers/stack";

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
