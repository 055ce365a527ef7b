import { TerraformVariable } from "cdktf";
import { ValidationError } from "../../../lib/core/errors";
import { ARM_RESOURCE_KINDS, expectedShape, parseResourceGroupId, parseResourceId } from "../../../lib/network/arm-id";
import { expectValidationError, rendered, testStack } from "../../helpers/stack";

const SUB = "11111111-2222-3333-4444-555555555555";
const SUBNET = `/subscriptions/${SUB}/resourceGroups/rg-hub/providers/Microsoft.Network/virtualNetworks/vnet-hub/subnets/snet-endpoints`;
const SHAPE = "/subscriptions/<subscription id>/resourceGroups/<resource group>/providers/Microsoft.Network/virtualNetworks/<virtual network>/subnets/<subnet>";

describe("parseResourceId", () => {
  test("a subnet id: subscription, resource group, names along the path, and the parent's id", () => {
    expect(parseResourceId("x", "subnetId", SUBNET, ARM_RESOURCE_KINDS.subnet)).toEqual({
      id: SUBNET,
      subscriptionId: SUB,
      resourceGroupName: "rg-hub",
      names: ["vnet-hub", "snet-endpoints"],
      name: "snet-endpoints",
      parentId: `/subscriptions/${SUB}/resourceGroups/rg-hub/providers/Microsoft.Network/virtualNetworks/vnet-hub`,
    });
  });

  test("keywords, namespace and types are matched without regard to case (ARM is case-insensitive); names are kept as written", () => {
    const id = `/SUBSCRIPTIONS/${SUB}/resourcegroups/RG-Hub/providers/microsoft.network/VIRTUALNETWORKS/Vnet-Hub`;
    const parsed = parseResourceId("x", "virtualNetworkId", id, ARM_RESOURCE_KINDS.virtualNetwork);
    expect(parsed).toMatchObject({ resourceGroupName: "RG-Hub", name: "Vnet-Hub", parentId: undefined });
  });

  test("the expected shape names every level", () => {
    expect(expectedShape(ARM_RESOURCE_KINDS.subnet)).toBe(SHAPE);
    expect(expectedShape(ARM_RESOURCE_KINDS.keyVault)).toBe("/subscriptions/<subscription id>/resourceGroups/<resource group>/providers/Microsoft.KeyVault/vaults/<vault>");
  });

  test.each([
    ["the id of another resource type", `/subscriptions/${SUB}/resourceGroups/rg-hub/providers/Microsoft.Network/virtualNetworks/vnet-hub`, ": it is the id of a Microsoft.Network/virtualNetworks resource"],
    ["a subscription that is not a GUID", SUBNET.replace(SUB, "my-sub"), ': "my-sub" is not a subscription id (a GUID)'],
    ["a trailing slash", `${SUBNET}/`, ""],
    ["a name only", "snet-endpoints", ""],
    ["a missing providers segment", `/subscriptions/${SUB}/resourceGroups/rg-hub/Microsoft.Network/virtualNetworks/vnet-hub/subnets/s`, ""],
    ["a resource group name ending in a period", SUBNET.replace("rg-hub", "rg-hub."), ': "rg-hub." is not a resource group name'],
  ])("rejects %s, naming the value and the expected shape", (_, id, why) => {
    expectValidationError(() => parseResourceId("stack/Hub", "subnetId", id, ARM_RESOURCE_KINDS.subnet), `stack/Hub: subnetId ${JSON.stringify(id)} is not the id of a subnet${why} (expected ${SHAPE})`);
  });

  test("an unresolved id is not checked: its parts are Terraform expressions on it", () => {
    const { stack } = testStack();
    const variable = new TerraformVariable(stack, "subnet_id", { type: "string" });
    const parsed = parseResourceId("x", "subnetId", variable.stringValue, ARM_RESOURCE_KINDS.subnet);
    expect(rendered(stack, parsed.name)).toBe('${element(split("/", var.subnet_id), 10)}');
    expect(rendered(stack, parsed.names[0])).toBe('${element(split("/", var.subnet_id), 8)}');
    expect(rendered(stack, parsed.resourceGroupName)).toBe('${element(split("/", var.subnet_id), 4)}');
    expect(rendered(stack, parsed.parentId as string)).toBe('${join("/", slice(split("/", var.subnet_id), 0, 9))}');
  });
});

describe("parseResourceGroupId", () => {
  test("name and subscription of a resource group id", () => {
    expect(parseResourceGroupId("x", "resourceGroupId", `/subscriptions/${SUB}/resourceGroups/rg-dns`)).toEqual({ id: `/subscriptions/${SUB}/resourceGroups/rg-dns`, subscriptionId: SUB, name: "rg-dns" });
  });

  test("rejects the id of a resource in the group", () => {
    expect(() => parseResourceGroupId("x", "resourceGroupId", SUBNET)).toThrow(ValidationError);
    expect(() => parseResourceGroupId("x", "resourceGroupId", SUBNET)).toThrow(`x: resourceGroupId ${JSON.stringify(SUBNET)} is not the id of a resource group (expected /subscriptions/<subscription id>/resourceGroups/<resource group>)`);
  });
});
