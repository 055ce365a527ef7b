import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { ResourceGroup as AzResourceGroup } from "@cdktf/provider-azurerm/lib/resource-group";
import { Testing } from "cdktf";
import { AzureStack, type AzureStackProps } from "../../../lib/core/azure-stack";
import { ResourceGroup } from "../../../lib/core/resource-group";
import { KeyVault } from "../../../lib/security/key-vault";
import { expectValidationError, onlyResource, resourcesOf, synthJson } from "../../helpers/stack";

const PROPS: AzureStackProps = { subscriptionId: "00000000-0000-0000-0000-000000000000", location: "eastus2", workload: "billing", environment: "dev" };

function azureStack(props: Partial<AzureStackProps> = {}): AzureStack {
  return new AzureStack(Testing.app(), "billing-dev", { ...PROPS, ...props });
}

describe("AzureStack: the construct layer's stack, with no environment file or system", () => {
  test("configures the azurerm provider for the subscription, with the features private storage needs", () => {
    const stack = azureStack({ tenantId: "11111111-1111-1111-1111-111111111111" });
    expect(Testing.synth(stack)).toHaveProviderWithProperties(AzurermProvider, {
      subscription_id: "00000000-0000-0000-0000-000000000000",
      tenant_id: "11111111-1111-1111-1111-111111111111",
      storage_use_azuread: true,
      features: [
        {
          key_vault: [{ purge_soft_delete_on_destroy: false, recover_soft_deleted_key_vaults: true }],
          resource_group: [{ prevent_deletion_if_contains_resources: true }],
          storage: [{ data_plane_available: false }],
        },
      ],
    });
    expect(synthJson(stack).terraform.backend).toBeUndefined();
  });

  test("generates CAF names from workload, environment and region; the suffix comes from subscription/workload/environment", () => {
    const stack = azureStack({ namingPrefix: "acme" });
    new ResourceGroup(stack, "Rg", { location: "eastus2" });
    expect(onlyResource(synthJson(stack), "azurerm_resource_group").name).toBe("rg-acme-billing-dev-eus2");
    expect(stack.naming.props.uniqueSeed).toBe("00000000-0000-0000-0000-000000000000/billing/dev");
    expect(azureStack({ uniqueSeed: "seed" }).naming.suffix).not.toBe(stack.naming.suffix);
  });

  test("the tier defaults to the environment name when it is dev, staging or prod, and to none otherwise", () => {
    expect(azureStack({ environment: "prod" }).tier).toBe("prod");
    expect(azureStack({ environment: "staging" }).tier).toBe("staging");
    expect(azureStack({ environment: "sandbox" }).tier).toBeUndefined();
    expect(azureStack({ environment: "production", tier: "prod" }).tier).toBe("prod");
  });

  test("tags every taggable resource; environment, requiredTags and managed-by win over the constructs' own tags", () => {
    const stack = azureStack({ tags: { owner: "team", environment: "ignored" }, requiredTags: { costCenter: "42" } });
    new AzResourceGroup(stack, "Raw", { name: "rg-raw", location: "eastus2", tags: { owner: "data", environment: "prod", "managed-by": "hand" } });
    expect(Object.values(resourcesOf(synthJson(stack), "azurerm_resource_group"))[0].tags).toEqual({
      owner: "data",
      environment: "dev",
      costCenter: "42",
      "managed-by": "azure-cdktf-blueprints",
    });
  });

  test("declares the deployer network when given one, and KeyVault admits it", () => {
    expect(azureStack().deployer).toBeUndefined();
    const stack = azureStack({ deployer: { ipRanges: ["198.51.100.0/24"] } });
    expect(stack.deployer).toEqual({ ipRanges: ["198.51.100.0/24"], subnetIds: [] });
    const rg = new ResourceGroup(stack, "Rg", { location: "eastus2" });
    new KeyVault(stack, "Vault", { resourceGroup: rg });
    expect(onlyResource(synthJson(stack), "azurerm_key_vault").network_acls).toMatchObject({ default_action: "Deny", ip_rules: ["198.51.100.0/24"] });
  });

  test("Key Vault takes the stack's tenant when it has one", () => {
    const stack = azureStack({ tenantId: "11111111-1111-1111-1111-111111111111" });
    new KeyVault(stack, "Vault", { resourceGroup: new ResourceGroup(stack, "Rg", { location: "eastus2" }) });
    expect(onlyResource(synthJson(stack), "azurerm_key_vault").tenant_id).toBe("11111111-1111-1111-1111-111111111111");
  });

  test("an unknown region is refused with the ARM name it most likely means", () => {
    expectValidationError(() => azureStack({ location: "West Europe" }), 'billing-dev: location "West Europe" is not a known Azure region; did you mean "westeurope"? (use the ARM name, e.g. eastus2)');
    expectValidationError(() => azureStack({ location: "westuss" }), 'billing-dev: location "westuss" is not a known Azure region; did you mean "westus"? (use the ARM name, e.g. eastus2)');
  });

  test("AzureStack.find finds the enclosing stack", () => {
    const stack = azureStack();
    const rg = new ResourceGroup(stack, "Rg", { location: "eastus2" });
    expect(AzureStack.find(rg)).toBe(stack);
  });
});

describe("tags are compared without case, as Azure does", () => {
  test("a construct's own `Environment` is replaced by the required `environment`, not kept beside it", () => {
    const stack = azureStack({ tags: { Owner: "team" } });
    new AzResourceGroup(stack, "Raw", { name: "rg-raw", location: "eastus2", tags: { Environment: "Production", owner: "data" } });
    expect(Object.values(resourcesOf(synthJson(stack), "azurerm_resource_group"))[0].tags).toEqual({
      owner: "data",
      environment: "dev",
      "managed-by": "azure-cdktf-blueprints",
    });
  });
});
