import { ContainerRegistry as AzContainerRegistry } from "@cdktf/provider-azurerm/lib/container-registry";
import { ManagementLock } from "@cdktf/provider-azurerm/lib/management-lock";
import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { Testing } from "cdktf";
import { ContainerRegistry, type ContainerRegistryProps } from "../../../lib/containers/container-registry";
import { ValidationError } from "../../../lib/core/errors";
import { ManagedIdentity } from "../../../lib/security/managed-identity";
import { onlyResource, onlyResourceId, rendered, resourcesOf, synthJson, testStack, testSubnet } from "../../helpers/stack";

function registryStack(props: Partial<ContainerRegistryProps> = {}) {
  const { stack, rg } = testStack();
  const registry = new ContainerRegistry(stack, "Registry", { resourceGroup: rg, ...props });
  return { stack, rg, registry };
}

function registry(stack: Parameters<typeof synthJson>[0]): Record<string, unknown> {
  return onlyResource(synthJson(stack), "azurerm_container_registry");
}

const subnet = testSubnet;

describe("ContainerRegistry", () => {
  test("secure defaults: Premium, no admin user, no anonymous pull, no public network access", () => {
    const { stack, registry: cr } = registryStack();
    expect(Testing.synth(stack)).toHaveResourceWithProperties(AzContainerRegistry, {
      sku: "Premium",
      admin_enabled: false,
      anonymous_pull_enabled: false,
      public_network_access_enabled: false,
      network_rule_bypass_option: "AzureServices",
      zone_redundancy_enabled: false,
      location: "eastus2",
    });
    const r = registry(stack);
    expect(r.retention_policy_in_days).toBeUndefined();
    expect(r.identity).toBeUndefined();
    expect(cr.sku).toBe("Premium");
    expect(resourcesOf(synthJson(stack), "azurerm_private_endpoint")).toEqual({});
  });

  test("generated name is compact, alphanumeric and globally unique", () => {
    const { registry: cr } = registryStack();
    expect(cr.name).toMatch(/^crdemodeveus2[a-z0-9]{4}$/);
  });

  test("an explicit name is checked against the Azure rule", () => {
    expect(() => registryStack({ name: "cr-demo" })).toThrow(
      'test/Registry: container registry name "cr-demo" has characters or a shape Azure rejects; Azure allows 5-50 characters, letters and digits; globally unique',
    );
    expect(registryStack({ name: "crDemo01" }).registry.name).toBe("crDemo01");
  });

  test("id, name and login server reference the registry", () => {
    const { stack, registry: cr } = registryStack();
    const registryId = onlyResourceId(synthJson(stack), "azurerm_container_registry");
    expect(rendered(stack, cr.id)).toBe(`\${azurerm_container_registry.${registryId}.id}`);
    expect(rendered(stack, cr.loginServer)).toBe(`\${azurerm_container_registry.${registryId}.login_server}`);
    expect(cr.name).toMatch(/^crdemodeveus2/);
  });

  test("Basic or Standard with public network access, for environments without a VNet", () => {
    const { stack } = registryStack({ sku: "Basic", publicNetworkAccess: true });
    expect(Testing.synth(stack)).toHaveResourceWithProperties(AzContainerRegistry, {
      sku: "Basic",
      public_network_access_enabled: true,
      admin_enabled: false,
      anonymous_pull_enabled: false,
    });
  });

  test("zone redundancy and retention of untagged manifests on Premium", () => {
    const { stack } = registryStack({ zoneRedundancy: true, untaggedRetentionDays: 7 });
    expect(Testing.synth(stack)).toHaveResourceWithProperties(AzContainerRegistry, {
      zone_redundancy_enabled: true,
      retention_policy_in_days: 7,
    });
  });

  test("a user-assigned identity", () => {
    const { stack, rg } = testStack();
    const identity = new ManagedIdentity(stack, "Identity", { resourceGroup: rg });
    new ContainerRegistry(stack, "Registry", { resourceGroup: rg, identity });
    const identityId = onlyResourceId(synthJson(stack), "azurerm_user_assigned_identity");
    expect(registry(stack).identity).toEqual({
      type: "UserAssigned",
      identity_ids: [`\${azurerm_user_assigned_identity.${identityId}.id}`],
    });
  });

  test("private endpoint names carry the registry's instance, so two registries' endpoints differ", () => {
    const t = testStack();
    new ContainerRegistry(t.stack, "Registry", { resourceGroup: t.rg, privateEndpoints: [{ subnet: subnet(t) }] });
    new ContainerRegistry(t.stack, "Cache", { resourceGroup: t.rg, instance: "cache", privateEndpoints: [{ subnet: subnet(t) }, { subnet: subnet(t) }] });
    const names = Object.values(resourcesOf(synthJson(t.stack), "azurerm_private_endpoint")).map((e) => e.name).sort();
    expect(names).toEqual(["pep-demo-dev-eus2-cr", "pep-demo-dev-eus2-cr-cache", "pep-demo-dev-eus2-cr-cache-2"]);
  });

  test("private endpoints: registry sub-resource, privatelink.azurecr.io zone, one name per endpoint", () => {
    const t = testStack();
    const cr = new ContainerRegistry(t.stack, "Registry", {
      resourceGroup: t.rg,
      privateEndpoints: [{ subnet: subnet(t) }, { subnet: subnet(t, "snet-spoke"), location: "centralus" }],
    });
    const json = synthJson(t.stack);
    const registryId = onlyResourceId(json, "azurerm_container_registry");
    const endpoints = Object.values(resourcesOf(json, "azurerm_private_endpoint"));
    expect(endpoints.map((e) => e.name).sort()).toEqual(["pep-demo-dev-eus2-cr", "pep-demo-dev-eus2-cr-2"]);
    for (const e of endpoints) {
      expect(e.private_service_connection).toEqual({
        name: `${e.name}-connection`,
        private_connection_resource_id: `\${azurerm_container_registry.${registryId}.id}`,
        subresource_names: ["registry"],
        is_manual_connection: false,
      });
    }
    expect(endpoints.find((e) => e.name === "pep-demo-dev-eus2-cr")).toMatchObject({ location: "eastus2", subnet_id: "/subscriptions/0/vnet/subnets/snet-endpoints" });
    expect(endpoints.find((e) => e.name === "pep-demo-dev-eus2-cr-2")).toMatchObject({ location: "centralus", subnet_id: "/subscriptions/0/vnet/subnets/snet-spoke" });
    expect(Object.values(resourcesOf(json, "azurerm_private_dns_zone")).map((z) => z.name)).toEqual(["privatelink.azurecr.io"]);
    expect(cr.privateEndpoints).toHaveLength(2);
    expect(cr.privateEndpoints[0].zoneName).toBe("privatelink.azurecr.io");
  });

  test("grantPull assigns AcrPull on the registry", () => {
    const { stack, rg, registry: cr } = registryStack();
    const identity = new ManagedIdentity(stack, "Identity", { resourceGroup: rg });
    cr.grantPull(identity);
    const json = synthJson(stack);
    const registryId = onlyResourceId(json, "azurerm_container_registry");
    const identityId = onlyResourceId(json, "azurerm_user_assigned_identity");
    expect(onlyResource(json, "azurerm_role_assignment")).toEqual({
      role_definition_name: "AcrPull",
      scope: `\${azurerm_container_registry.${registryId}.id}`,
      principal_id: `\${azurerm_user_assigned_identity.${identityId}.principal_id}`,
      principal_type: "ServicePrincipal",
    });
  });

  test("grantPull takes any principal and a construct id for several grants", () => {
    const { stack, registry: cr } = registryStack();
    cr.grantPull({ principalId: "11111111-1111-1111-1111-111111111111", principalType: "Group" }, "TeamPull");
    cr.grantPull({ principalId: "22222222-2222-2222-2222-222222222222" }, "KubeletPull");
    const synth = Testing.synth(stack);
    expect(synth).toHaveResourceWithProperties(RoleAssignment, { role_definition_name: "AcrPull", principal_id: "11111111-1111-1111-1111-111111111111", principal_type: "Group" });
    expect(synth).toHaveResourceWithProperties(RoleAssignment, { role_definition_name: "AcrPull", principal_id: "22222222-2222-2222-2222-222222222222", principal_type: "ServicePrincipal" });
  });

  test("protection: lock and prevent_destroy", () => {
    const { stack, registry: cr } = registryStack({ lock: "CanNotDelete", preventDestroy: true });
    const synth = Testing.synth(stack);
    expect(synth).toHaveResourceWithProperties(AzContainerRegistry, { lifecycle: { prevent_destroy: true } });
    expect(synth).toHaveResourceWithProperties(ManagementLock, { name: `lock-${cr.name}`, lock_level: "CanNotDelete" });
  });

  test("no protection unless asked", () => {
    const { stack } = registryStack();
    const json = synthJson(stack);
    expect(resourcesOf(json, "azurerm_management_lock")).toEqual({});
    expect(registry(stack).lifecycle).toBeUndefined();
  });
});

describe("ContainerRegistry validation", () => {
  test.each<[Partial<ContainerRegistryProps>, string]>([
    [{ sku: "Basic" }, 'test/Registry: publicNetworkAccess false is not available on the "Basic" SKU (allowed: sku "Premium", or publicNetworkAccess true)'],
    [{ sku: "Standard", publicNetworkAccess: false }, 'test/Registry: publicNetworkAccess false is not available on the "Standard" SKU (allowed: sku "Premium", or publicNetworkAccess true)'],
    [{ sku: "Standard", publicNetworkAccess: true, zoneRedundancy: true }, 'test/Registry: zoneRedundancy true is not available on the "Standard" SKU (allowed: sku "Premium")'],
    [{ sku: "Basic", publicNetworkAccess: true, untaggedRetentionDays: 7 }, 'test/Registry: untaggedRetentionDays 7 is not available on the "Basic" SKU (allowed: sku "Premium")'],
    [{ sku: "Gold" as never }, 'test/Registry: sku "Gold" is not a Container Registry SKU (allowed: Basic, Standard, Premium)'],
    [{ untaggedRetentionDays: 0 }, "test/Registry: untaggedRetentionDays 0 is out of range (allowed: 1 to 365)"],
    [{ untaggedRetentionDays: 366 }, "test/Registry: untaggedRetentionDays 366 is out of range (allowed: 1 to 365)"],
    [{ untaggedRetentionDays: 1.5 }, "test/Registry: untaggedRetentionDays 1.5 is not a whole number (allowed: 1 to 365)"],
  ])("%j is rejected", (props, message) => {
    const attempt = () => registryStack(props);
    expect(attempt).toThrow(ValidationError);
    expect(attempt).toThrow(message);
  });

  test("private endpoints on a SKU other than Premium are rejected", () => {
    const attempt = () => {
      const t = testStack();
      return new ContainerRegistry(t.stack, "Registry", { resourceGroup: t.rg, sku: "Standard", publicNetworkAccess: true, privateEndpoints: [{ subnet: subnet(t) }] });
    };
    expect(attempt).toThrow(ValidationError);
    expect(attempt).toThrow('test/Registry: privateEndpoints (1) are not available on the "Standard" SKU (allowed: sku "Premium")');
  });

  test("zone redundancy in a region without zones is rejected at synth", () => {
    const attempt = () => {
      const { stack, rg } = testStack({ environment: { location: "westus" } });
      return new ContainerRegistry(stack, "Registry", { resourceGroup: rg, zoneRedundancy: true });
    };
    expect(attempt).toThrow(ValidationError);
    expect(attempt).toThrow('test/Registry: zoneRedundancy needs availability zones, and region "westus" has none');
    const { stack, rg } = testStack({ environment: { location: "westus" } });
    expect(() => new ContainerRegistry(stack, "Plain", { resourceGroup: rg })).not.toThrow();
  });
});

// ContainerRegistry geo-replication (georeplications).
describe("ContainerRegistry geo-replication", () => {
  test("no georeplications by default: the attribute stays out of the JSON", () => {
    const { stack } = registryStack();
    expect(registry(stack).georeplications).toBeUndefined();
  });

  test("replicas inherit the registry's zone redundancy, with regional endpoints off unless asked", () => {
    const { stack } = registryStack({
      zoneRedundancy: true,
      georeplications: [{ location: "centralus" }, { location: "westeurope", zoneRedundancy: false, regionalEndpoint: true }],
    });
    expect(registry(stack).georeplications).toEqual([
      { location: "centralus", zone_redundancy_enabled: true, regional_endpoint_enabled: false },
      { location: "westeurope", zone_redundancy_enabled: false, regional_endpoint_enabled: true },
    ]);
  });

  test.each<[Partial<ContainerRegistryProps>, string]>([
    [{ sku: "Standard", publicNetworkAccess: true, georeplications: [{ location: "centralus" }] }, 'test/Registry: georeplications (1) are not available on the "Standard" SKU (allowed: sku "Premium")'],
    [{ georeplications: [{ location: "eastus2" }] }, 'test/Registry: georeplications[0].location "eastus2" is the registry\'s own region (allowed: any other region; the home region always holds the registry)'],
    [{ georeplications: [{ location: "centralus" }, { location: "centralus" }] }, 'test/Registry: georeplications[1].location "centralus" is listed twice (one replica per region)'],
    [{ georeplications: [{ location: "Central US" }] }, 'test/Registry: georeplications[0].location "Central US" is not a known Azure region; did you mean "centralus"? (use the ARM name, e.g. eastus2)'],
    [{ georeplications: [{ location: "westus", zoneRedundancy: true }] }, 'test/Registry: georeplications[0].zoneRedundancy needs availability zones, and region "westus" has none'],
    [{ zoneRedundancy: true, georeplications: [{ location: "westus" }] }, 'test/Registry: georeplications[0].zoneRedundancy needs availability zones, and region "westus" has none'],
  ])("%j is rejected", (props, message) => {
    const attempt = () => registryStack(props);
    expect(attempt).toThrow(ValidationError);
    expect(attempt).toThrow(message);
  });

  test("a replica without zones in a region without zones, next to a zone-redundant home", () => {
    const { stack } = registryStack({ zoneRedundancy: true, georeplications: [{ location: "westus", zoneRedundancy: false }] });
    expect(registry(stack).georeplications).toEqual([{ location: "westus", zone_redundancy_enabled: false, regional_endpoint_enabled: false }]);
  });
});
