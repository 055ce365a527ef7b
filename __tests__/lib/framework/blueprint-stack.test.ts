import { ManagementLock } from "@cdktf/provider-azurerm/lib/management-lock";
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { ResourceGroup as AzResourceGroup } from "@cdktf/provider-azurerm/lib/resource-group";
import { TerraformStack, Testing } from "cdktf";
import { Construct } from "constructs";
import { BlueprintStack } from "../../../lib/framework/blueprint-stack";
import { generatedName, resourceName } from "../../../lib/core/azure-stack";
import { ValidationError } from "../../../lib/core/errors";
import { ResourceGroup } from "../../../lib/core/resource-group";
import { KeyVault } from "../../../lib/security/key-vault";
import { resourcesOf, synthJson, testStack } from "../../helpers/stack";

const REQUIRED_TAGS = { environment: "dev", system: "demo", "managed-by": "azure-cdktf-blueprints" };

describe("BlueprintStack", () => {
  describe("azurerm provider", () => {
    test("targets the environment's subscription, with Entra ID storage access and safe features", () => {
      const { stack } = testStack();
      expect(Testing.synth(stack)).toHaveProviderWithProperties(AzurermProvider, {
        subscription_id: "00000000-0000-0000-0000-000000000000",
        storage_use_azuread: true,
        features: [
          {
            key_vault: [{ purge_soft_delete_on_destroy: false, recover_soft_deleted_key_vaults: true }],
            resource_group: [{ prevent_deletion_if_contains_resources: true }],
            // Private storage accounts: no data-plane polling after create (it answers 403 from outside the VNet).
            storage: [{ data_plane_available: false }],
          },
        ],
      });
      expect(synthJson(stack).provider?.azurerm?.[0]).not.toHaveProperty("tenant_id");
    });

    test("declares the environment's deployer network, or none when the file has no deployer section", () => {
      expect(testStack().stack.deployer).toBeUndefined();
      const { stack } = testStack({ environment: { deployer: { ipRanges: ["203.0.113.0/24"] } } });
      expect(stack.deployer).toEqual({ ipRanges: ["203.0.113.0/24"], subnetIds: [] });
    });

    test("sets the tenant when the environment has one", () => {
      const { stack } = testStack({ environment: { tenantId: "11111111-1111-1111-1111-111111111111" } });
      expect(Testing.synth(stack)).toHaveProviderWithProperties(AzurermProvider, { tenant_id: "11111111-1111-1111-1111-111111111111" });
    });

    test("exposes the environment, system and naming context", () => {
      const { stack, environment } = testStack({ system: "dot-copilot", workload: "dotcopilot" });
      expect(stack.environment).toBe(environment);
      expect(stack.system).toBe("dot-copilot");
      expect(stack.naming.props).toMatchObject({ workload: "dotcopilot", environment: "dev", location: "eastus2" });
    });
  });

  describe("state backend", () => {
    test("remote by default: azurerm backend keyed <system>/<env>.tfstate with Entra ID auth", () => {
      const { stack } = testStack({ system: "dot-copilot", environment: { name: "staging" } });
      expect(synthJson(stack).terraform.backend).toEqual({
        azurerm: {
          resource_group_name: "rg-tfstate-dev-eus2",
          storage_account_name: "sttfstatedeveus2",
          container_name: "tfstate",
          key: "dot-copilot/staging.tfstate",
          subscription_id: "00000000-0000-0000-0000-000000000000",
          use_azuread_auth: true,
        },
      });
    });

    test("the backend carries the environment's tenant when it has one", () => {
      const { stack } = testStack({ environment: { tenantId: "11111111-1111-1111-1111-111111111111" } });
      expect(synthJson(stack).terraform.backend?.azurerm).toMatchObject({ tenant_id: "11111111-1111-1111-1111-111111111111", use_azuread_auth: true });
    });

    test("an explicit state key replaces <system>/<env>.tfstate", () => {
      const { stack } = testStack({ stateKey: "state/dev.tfstate" });
      expect(synthJson(stack).terraform.backend?.azurerm).toMatchObject({ key: "state/dev.tfstate", use_azuread_auth: true });
    });

    test("local on request: a file named after the stack in .terraform-state beside the synth output, no azurerm backend", () => {
      const { stack } = testStack({ state: "local", id: "state-dev" });
      // Terraform runs in <outdir>/stacks/<stack>, so three levels up is the folder holding <outdir>.
      expect(synthJson(stack).terraform.backend).toEqual({ local: { path: "../../../.terraform-state/state-dev.tfstate" } });
    });
  });

  describe("TagsAspect", () => {
    test("adds the required and profile tags to every taggable resource", () => {
      const { stack, rg } = testStack();
      const vault = new KeyVault(stack, "Vault", { resourceGroup: rg });
      vault.addGeneratedSecret("Jwt", { name: "jwt-secret" });
      const json = synthJson(stack);
      for (const type of ["azurerm_resource_group", "azurerm_key_vault", "azurerm_key_vault_secret"]) {
        for (const resource of Object.values(resourcesOf(json, type))) {
          expect(resource.tags).toEqual({ owner: "team", ...REQUIRED_TAGS });
        }
      }
    });

    test("leaves resource types without tags alone", () => {
      const { stack, rg } = testStack();
      const vault = new KeyVault(stack, "Vault", { resourceGroup: rg, lock: "CanNotDelete" });
      vault.addGeneratedSecret("Jwt", { name: "jwt-secret" });
      const json = synthJson(stack);
      expect(Testing.synth(stack)).toHaveResource(ManagementLock);
      for (const type of ["azurerm_management_lock", "azurerm_role_assignment", "random_password"]) {
        const resources = Object.values(resourcesOf(json, type));
        expect(resources.length).toBeGreaterThan(0);
        for (const resource of resources) expect(resource).not.toHaveProperty("tags");
      }
    });

    test("keeps a resource's own tags, over the profile's, and the required tags win", () => {
      const { stack } = testStack({ environment: { tags: { owner: "team", "cost-center": "0000" } } });
      new AzResourceGroup(stack, "Raw", {
        name: "rg-raw",
        location: "eastus2",
        tags: { owner: "data-team", purpose: "scratch", environment: "prod", "managed-by": "hand" },
      });
      const raw = Object.entries(resourcesOf(synthJson(stack), "azurerm_resource_group")).find(([id]) => id.startsWith("Raw"));
      expect(raw?.[1].tags).toEqual({ "cost-center": "0000", owner: "data-team", purpose: "scratch", ...REQUIRED_TAGS });
    });

    test("profile tags cannot override the required tags: a hand-built configuration is refused like the file", () => {
      expect(() => testStack({ environment: { tags: { owner: "team", system: "other", environment: "prod" } } })).toThrow(
        'environments/dev.yaml tags.system: "system" is reserved: the library sets it on every resource (reserved: environment, system, managed-by)\n' +
          'environments/dev.yaml tags.environment: "environment" is reserved: the library sets it on every resource (reserved: environment, system, managed-by)',
      );
    });

    test("synthesizing twice gives the same tags", () => {
      const { stack } = testStack();
      const first = Testing.synth(stack);
      expect(Testing.synth(stack)).toEqual(first);
    });
  });

  describe("resourceName", () => {
    test("generates CAF names from the stack's naming context", () => {
      const { stack } = testStack();
      const scope = new Construct(stack, "Scope");
      expect(generatedName(scope, "resourceGroup")).toBe("rg-demo-dev-eus2");
      expect(resourceName(scope, "resourceGroup", undefined, "web")).toBe("rg-demo-dev-eus2-web");
      expect(resourceName(scope, "keyVault")).toMatch(/^kv-demo-dev-[a-z0-9]{4}$/);
      expect(resourceName(scope, "storageAccount")).toMatch(/^stdemodeveus2[a-z0-9]{4}$/);
    });

    test("the organisation prefix goes after the abbreviation", () => {
      const { stack } = testStack({ environment: { naming: { prefix: "acme" } } });
      expect(resourceName(new Construct(stack, "Scope"), "resourceGroup", undefined, "x")).toBe("rg-acme-demo-dev-eus2-x");
    });

    test("a globally unique name is claimed: a second construct asking for it is rejected with the fix", () => {
      const { stack } = testStack();
      const name = resourceName(new Construct(stack, "First"), "keyVault");
      expect(() => resourceName(new Construct(stack, "Second"), "keyVault")).toThrow(
        `test/Second: key vault name ${JSON.stringify(name)} is already used by test/First, and Azure requires it to be globally unique; give one of them an \`instance\` (or a \`name\`)`,
      );
      expect(() => resourceName(new Construct(stack, "Third"), "keyVault", name.toUpperCase().replace(/^KV/, "Kv"))).toThrow(
        "test/Third: key vault name", // names are compared without case: Key Vault DNS names are case-insensitive
      );
      expect(resourceName(new Construct(stack, "Fourth"), "keyVault", undefined, "b")).toMatch(/^kv-demo-dev-b-[a-z0-9]{4}$/);
    });

    test("a name unique only within its resource group is not claimed across the stack (the policy checks those per group)", () => {
      const { stack } = testStack();
      expect(resourceName(new Construct(stack, "A"), "logAnalyticsWorkspace")).toBe(resourceName(new Construct(stack, "B"), "logAnalyticsWorkspace"));
    });

    test("web apps of any kind share one namespace (<name>.azurewebsites.net); other stacks are independent", () => {
      const { stack } = testStack();
      resourceName(new Construct(stack, "A"), "webApp", "app-shared");
      expect(() => resourceName(new Construct(stack, "B"), "webApp", "app-shared")).toThrow("give one of them another `name`");
      expect(resourceName(new Construct(testStack().stack, "A"), "webApp", "app-shared")).toBe("app-shared");
    });

    test("the unique suffix is stable for the same subscription, system and environment, and differs otherwise", () => {
      const suffix = (opts: Parameters<typeof testStack>[0]) => testStack(opts).stack.naming.suffix;
      expect(suffix({})).toBe(suffix({}));
      expect(suffix({ system: "other" })).not.toBe(suffix({}));
      expect(suffix({ environment: { subscriptionId: "99999999-9999-9999-9999-999999999999" } })).not.toBe(suffix({}));
    });

    test("the ResourceGroup construct uses the generated name", () => {
      const { stack, rg } = testStack();
      expect(rg.location).toBe("eastus2");
      expect(Testing.synth(stack)).toHaveResourceWithProperties(AzResourceGroup, { name: "rg-demo-dev-eus2", location: "eastus2" });
    });

    test("a given name is used when it follows the Azure rule", () => {
      const { stack } = testStack();
      expect(resourceName(new Construct(stack, "Scope"), "resourceGroup", "rg-custom")).toBe("rg-custom");
    });

    test("a given name breaking the Azure rule is rejected", () => {
      const { stack } = testStack();
      expect(() => resourceName(new Construct(stack, "Scope"), "storageAccount", "St-Bad")).toThrow(
        'test/Scope: storage account name "St-Bad" has characters or a shape Azure rejects; Azure allows 3-24 characters, lowercase letters and digits; globally unique',
      );
    });

    test("without an AzureStack a name must be given", () => {
      const attempt = () => new ResourceGroup(new TerraformStack(Testing.app(), "plain"), "Rg", { location: "eastus2" });
      expect(attempt).toThrow(ValidationError);
      expect(attempt).toThrow("plain/Rg: no name given and no AzureStack (or BlueprintStack) to generate one; pass the `name` prop");
      const named = new ResourceGroup(new TerraformStack(Testing.app(), "plain"), "Rg", { location: "eastus2", name: "rg-given" });
      expect(named.node.path).toBe("plain/Rg");
    });
  });

  test("find returns the enclosing BlueprintStack, or undefined outside one", () => {
    const { stack } = testStack();
    const nested = new Construct(new Construct(stack, "A"), "B");
    expect(BlueprintStack.find(nested)).toBe(stack);
    expect(BlueprintStack.find(new Construct(new TerraformStack(Testing.app(), "plain"), "C"))).toBeUndefined();
  });
});
