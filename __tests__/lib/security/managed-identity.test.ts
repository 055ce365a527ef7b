import { TerraformStack, Testing } from "cdktf";
import { ManagedIdentity } from "../../../lib/security/managed-identity";
import { KeyVault } from "../../../lib/security/key-vault";
import { expectValidationError, resourcesOf, synthJson, testStack } from "../../helpers/stack";

const ID = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-platform/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-deployer";

describe("ManagedIdentity.fromId: an identity that already exists", () => {
  test("with its principal id given, a grant needs no lookup", () => {
    const { stack, rg } = testStack();
    const identity = ManagedIdentity.fromId(stack, "Platform", { identityId: ID, principalId: "22222222-2222-2222-2222-222222222222" });
    new KeyVault(stack, "Vault", { resourceGroup: rg }).grantSecretsRead(identity);
    const json = synthJson(stack);
    const grants = Object.values(resourcesOf(json, "azurerm_role_assignment")).filter((r) => r.role_definition_name === "Key Vault Secrets User");
    expect(grants.map((g) => g.principal_id)).toEqual(["22222222-2222-2222-2222-222222222222"]);
    expect(json.data?.azurerm_user_assigned_identity).toBeUndefined();
    expect(identity).toMatchObject({ id: ID, name: "id-deployer", resourceGroupName: "rg-platform" });
  });

  test("without it, an azurerm_user_assigned_identity data source reads the principal id when a grant asks", () => {
    const { stack, rg } = testStack();
    const identity = ManagedIdentity.fromId(stack, "Platform", { identityId: ID });
    expect(identity.lookupDataSource).toBeUndefined();
    new KeyVault(stack, "Vault", { resourceGroup: rg }).grantSecretsRead(identity);
    const json = synthJson(stack);
    expect(Object.values(json.data?.azurerm_user_assigned_identity ?? {})).toEqual([{ name: "id-deployer", resource_group_name: "rg-platform" }]);
    const grant = Object.values(resourcesOf(json, "azurerm_role_assignment")).find((r) => r.role_definition_name === "Key Vault Secrets User");
    expect(grant?.principal_id).toMatch(/^\$\{data\.azurerm_user_assigned_identity\.[A-Za-z0-9_]+\.principal_id\}$/);
  });

  test("a lookup in another subscription is refused with the fix; a bad id names the expected shape", () => {
    const { stack } = testStack();
    const other = ManagedIdentity.fromId(stack, "Other", { identityId: ID.replace("00000000-0000-0000-0000-000000000000", "33333333-3333-3333-3333-333333333333") });
    expectValidationError(
      () => other.principalId,
      'test/Other: managed identity "id-deployer" is in subscription 33333333-3333-3333-3333-333333333333, which the stack\'s azurerm provider (subscription 00000000-0000-0000-0000-000000000000) cannot read with a data source; give its principalId and clientId',
    );
    expect(() => ManagedIdentity.fromId(new TerraformStack(Testing.app(), "plain"), "Bad", { identityId: "/subscriptions/x" })).toThrow(/plain\/Bad: identityId "\/subscriptions\/x" is not the id of a user-assigned managed identity/);
  });
});
