import { TerraformVariable } from "cdktf";
import { KeyVault } from "../../../lib/security/key-vault";
import { ExistingSubnet, knownAddressPrefix } from "../../../lib/network/existing";
import { PrivateDnsZones } from "../../../lib/network/private-dns-zones";
import { VnetWithSubnets } from "../../../lib/network/vnet-with-subnets";
import { StorageAccount } from "../../../lib/data/storage-account";
import { expectValidationError, onlyResource, rendered, resourcesOf, synthJson, testStack } from "../../helpers/stack";

/** The stack's subscription in testStack() is all zeros; the hub lives in a connectivity subscription. */
const SPOKE_SUB = "00000000-0000-0000-0000-000000000000";
const HUB_SUB = "11111111-2222-3333-4444-555555555555";
const VNET = `/subscriptions/${SPOKE_SUB}/resourceGroups/rg-network/providers/Microsoft.Network/virtualNetworks/vnet-spoke`;
const DNS_RG = `/subscriptions/${HUB_SUB}/resourceGroups/rg-dns`;
const zoneId = (zone: string) => `${DNS_RG}/providers/Microsoft.Network/privateDnsZones/${zone}`;

/** Resource types in the synthesized JSON that a reference must never create. */
const CREATED_BY_REFERENCES = ["azurerm_virtual_network", "azurerm_subnet", "azurerm_private_dns_zone", "azurerm_private_dns_zone_virtual_network_link", "azurerm_network_security_group"];

function expectNothingNetworkCreated(json: ReturnType<typeof synthJson>): void {
  for (const type of CREATED_BY_REFERENCES) expect(resourcesOf(json, type)).toEqual({});
}

describe("VnetWithSubnets.fromId and its subnets", () => {
  test("a VNet by id: name and resource group from the id, no data source, no resource", () => {
    const { stack } = testStack();
    const vnet = VnetWithSubnets.fromId(stack, "Spoke", { virtualNetworkId: VNET });
    expect(vnet).toMatchObject({ id: VNET, name: "vnet-spoke", resourceGroupName: "rg-network", subscriptionId: SPOKE_SUB });
    const subnet = vnet.subnet("snet-endpoints");
    expect(subnet.id).toBe(`${VNET}/subnets/snet-endpoints`);
    expect(vnet.subnet("snet-endpoints")).toBe(subnet);
    expect(subnet.delegations).toBeUndefined();
    const json = synthJson(stack);
    expect(json.data).toBeUndefined();
    expectNothingNetworkCreated(json);
  });

  test("asking for the same subnet with another addressPrefix is refused", () => {
    const { stack } = testStack();
    const vnet = VnetWithSubnets.fromId(stack, "Spoke", { virtualNetworkId: VNET });
    vnet.subnet("snet-app");
    expectValidationError(
      () => vnet.subnet("snet-app", { addressPrefix: "10.1.0.0/24" }),
      'test/Spoke: subnet "snet-app" was already referenced without an addressPrefix; give addressPrefix "10.1.0.0/24" the first time, or not at all',
    );
  });

  test("a private endpoint in a referenced subnet with central zones: the zone group uses the given id, nothing is created or looked up", () => {
    const { stack, rg } = testStack();
    const dns = PrivateDnsZones.fromIds(stack, "CentralDns", { "privatelink.vaultcore.azure.net": zoneId("privatelink.vaultcore.azure.net") });
    const vnet = VnetWithSubnets.fromId(stack, "Spoke", { virtualNetworkId: VNET, privateDnsZones: dns, location: "eastus2" });
    new KeyVault(stack, "Vault", { resourceGroup: rg, privateEndpoints: [{ subnet: vnet.subnet("snet-endpoints") }] });
    const json = synthJson(stack);
    expect(onlyResource(json, "azurerm_private_endpoint")).toMatchObject({
      subnet_id: `${VNET}/subnets/snet-endpoints`,
      location: "eastus2",
      private_dns_zone_group: { name: "default", private_dns_zone_ids: [zoneId("privatelink.vaultcore.azure.net")] },
    });
    expect(onlyResource(json, "azurerm_private_endpoint").lifecycle).toBeUndefined();
    expect(json.data?.azurerm_subnet).toBeUndefined();
    expect(json.data?.azurerm_virtual_network).toBeUndefined();
    expectNothingNetworkCreated(json);
    expect(dns.names).toEqual(["privatelink.vaultcore.azure.net"]);
  });

  test("a zone missing from the central ids fails at synth, naming the zone, the endpoint and the fix", () => {
    const { stack, rg } = testStack();
    const dns = PrivateDnsZones.fromIds(stack, "CentralDns", { "privatelink.vaultcore.azure.net": zoneId("privatelink.vaultcore.azure.net") });
    const vnet = VnetWithSubnets.fromId(stack, "Spoke", { virtualNetworkId: VNET, privateDnsZones: dns });
    expectValidationError(
      () => new StorageAccount(stack, "Storage", { resourceGroup: rg, privateEndpoints: [{ subnet: vnet.subnet("snet-endpoints"), subresource: "blob" }] }),
      'test/Storage/PrivateEndpoint-st-blob: no private DNS zone id for "privatelink.blob.core.windows.net" in test/CentralDns (known: privatelink.vaultcore.azure.net); ' +
        'add "privatelink.blob.core.windows.net": "/subscriptions/<subscription id>/resourceGroups/<resource group>/providers/Microsoft.Network/privateDnsZones/privatelink.blob.core.windows.net" to its zone ids, ' +
        "or give this endpoint privateDnsZones: PrivateDnsZones.none() if Azure Policy writes its records",
    );
  });

  test("zones by resource group: each zone's id is composed from the group's id", () => {
    const { stack, rg } = testStack();
    const vnet = VnetWithSubnets.fromId(stack, "Spoke", { virtualNetworkId: VNET, privateDnsZones: PrivateDnsZones.fromResourceGroup(stack, "CentralDns", DNS_RG) });
    new StorageAccount(stack, "Storage", {
      resourceGroup: rg,
      privateEndpoints: [
        { subnet: vnet.subnet("snet-endpoints"), subresource: "blob" },
        { subnet: vnet.subnet("snet-endpoints"), subresource: "queue" },
      ],
    });
    const groups = Object.values(resourcesOf(synthJson(stack), "azurerm_private_endpoint")).map((e) => (e.private_dns_zone_group as { private_dns_zone_ids: string[] }).private_dns_zone_ids);
    expect(groups).toEqual([[zoneId("privatelink.blob.core.windows.net")], [zoneId("privatelink.queue.core.windows.net")]]);
  });

  test("PrivateDnsZones.none(): no zone group, and Terraform ignores the one Azure Policy adds", () => {
    const { stack, rg } = testStack();
    const vnet = VnetWithSubnets.fromId(stack, "Spoke", { virtualNetworkId: VNET, privateDnsZones: PrivateDnsZones.none() });
    const vault = new KeyVault(stack, "Vault", { resourceGroup: rg, privateEndpoints: [{ subnet: vnet.subnet("snet-endpoints") }] });
    const endpoint = onlyResource(synthJson(stack), "azurerm_private_endpoint");
    expect(endpoint.private_dns_zone_group).toBeUndefined();
    expect(endpoint.lifecycle).toEqual({ ignore_changes: ["private_dns_zone_group"] });
    expect(vault.privateEndpoints[0].zoneId).toBeUndefined();
    expect(vault.privateEndpoints[0].zoneName).toBe("privatelink.vaultcore.azure.net");
  });

  test("a referenced VNet without privateDnsZones: an endpoint in it fails, naming the choices", () => {
    const { stack, rg } = testStack();
    const vnet = VnetWithSubnets.fromId(stack, "Spoke", { virtualNetworkId: VNET });
    expectValidationError(
      () => new KeyVault(stack, "Vault", { resourceGroup: rg, privateEndpoints: [{ subnet: vnet.subnet("snet-endpoints") }] }),
      'test/Vault/PrivateEndpoint-kv: the private DNS zones of virtual network "vnet-spoke" are not known (it was referenced without privateDnsZones), and this endpoint needs zone "privatelink.vaultcore.azure.net"; ' +
        "set privateDnsZones on the reference or on the endpoint: PrivateDnsZones.fromIds(...) or fromResourceGroup(...) for existing zones, PrivateDnsZones.none() when Azure Policy writes the records",
    );
  });

  test("an endpoint's own privateDnsZones wins over its VNet's (none known here)", () => {
    const { stack, rg } = testStack();
    const vnet = VnetWithSubnets.fromId(stack, "Spoke", { virtualNetworkId: VNET });
    new KeyVault(stack, "Vault", { resourceGroup: rg, privateEndpoints: [{ subnet: vnet.subnet("snet-endpoints"), privateDnsZones: PrivateDnsZones.none() }] });
    expect(onlyResource(synthJson(stack), "azurerm_private_endpoint").private_dns_zone_group).toBeUndefined();
  });

  test("the endpoint defaults to its VNet's location (its NIC lives in the VNet's region), else the target's", () => {
    const { stack, rg } = testStack();
    const west = VnetWithSubnets.fromId(stack, "West", { virtualNetworkId: VNET.replace("vnet-spoke", "vnet-west"), location: "westus3", privateDnsZones: PrivateDnsZones.none() });
    const unknown = VnetWithSubnets.fromId(stack, "Unknown", { virtualNetworkId: VNET, privateDnsZones: PrivateDnsZones.none() });
    new KeyVault(stack, "Vault", { resourceGroup: rg, privateEndpoints: [{ subnet: west.subnet("snet-pe") }, { subnet: unknown.subnet("snet-pe") }] });
    const byName = Object.fromEntries(Object.values(resourcesOf(synthJson(stack), "azurerm_private_endpoint")).map((e) => [e.name, e.location]));
    expect(byName).toEqual({ "pep-demo-dev-eus2-kv": "westus3", "pep-demo-dev-eus2-kv-2": "eastus2" });
  });

  test("fromIds refuses an id whose zone is not the key", () => {
    const { stack } = testStack();
    expectValidationError(
      () => PrivateDnsZones.fromIds(stack, "CentralDns", { "privatelink.vaultcore.azure.net": zoneId("privatelink.blob.core.windows.net") }),
      `test/CentralDns: zoneIds["privatelink.vaultcore.azure.net"] "${zoneId("privatelink.blob.core.windows.net")}" is the id of zone "privatelink.blob.core.windows.net", not "privatelink.vaultcore.azure.net" (the key must be the zone's name)`,
    );
  });

  test("fromIds refuses the id of another resource type", () => {
    const { stack } = testStack();
    expectValidationError(
      () => PrivateDnsZones.fromIds(stack, "CentralDns", { "privatelink.vaultcore.azure.net": VNET }),
      `test/CentralDns: zoneIds["privatelink.vaultcore.azure.net"] "${VNET}" is not the id of a private DNS zone: it is the id of a Microsoft.Network/virtualNetworks resource (expected /subscriptions/<subscription id>/resourceGroups/<resource group>/providers/Microsoft.Network/privateDnsZones/<zone name>)`,
    );
  });

  test("a VNet id that is not one is refused", () => {
    const { stack } = testStack();
    expectValidationError(
      () => VnetWithSubnets.fromId(stack, "Spoke", { virtualNetworkId: `${VNET}/subnets/x` }),
      `test/Spoke: virtualNetworkId "${VNET}/subnets/x" is not the id of a virtual network: it is the id of a Microsoft.Network/virtualNetworks/subnets resource (expected /subscriptions/<subscription id>/resourceGroups/<resource group>/providers/Microsoft.Network/virtualNetworks/<virtual network>)`,
    );
  });
});

describe("VnetWithSubnets with existing zones", () => {
  const plan = { addressSpace: ["10.0.0.0/16"], subnets: [{ name: "endpoints", addressPrefix: "10.0.2.0/24" }] };

  test("central zones given to a new VNet: endpoints use them and no zone or link is created", () => {
    const { stack, rg } = testStack();
    const vnet = new VnetWithSubnets(stack, "Network", { resourceGroup: rg, ...plan, privateDnsZones: PrivateDnsZones.fromResourceGroup(stack, "CentralDns", DNS_RG) });
    new KeyVault(stack, "Vault", { resourceGroup: rg, privateEndpoints: [{ subnet: vnet.subnet("endpoints") }] });
    const json = synthJson(stack);
    expect(resourcesOf(json, "azurerm_private_dns_zone")).toEqual({});
    expect(resourcesOf(json, "azurerm_private_dns_zone_virtual_network_link")).toEqual({});
    expect(onlyResource(json, "azurerm_private_endpoint")).toMatchObject({ private_dns_zone_group: { private_dns_zone_ids: [zoneId("privatelink.vaultcore.azure.net")] } });
  });

  test("the default is unchanged: the VNet's own zone, created and linked, and no lifecycle on the endpoint", () => {
    const { stack, rg } = testStack();
    const vnet = new VnetWithSubnets(stack, "Network", { resourceGroup: rg, ...plan });
    new KeyVault(stack, "Vault", { resourceGroup: rg, privateEndpoints: [{ subnet: vnet.subnet("endpoints") }] });
    const json = synthJson(stack);
    expect(onlyResource(json, "azurerm_private_dns_zone")).toMatchObject({ name: "privatelink.vaultcore.azure.net" });
    const zone = Object.keys(resourcesOf(json, "azurerm_private_dns_zone"))[0];
    expect(onlyResource(json, "azurerm_private_endpoint")).toMatchObject({ private_dns_zone_group: { private_dns_zone_ids: [`\${azurerm_private_dns_zone.${zone}.id}`] } });
    expect(onlyResource(json, "azurerm_private_endpoint").lifecycle).toBeUndefined();
    expect(vnet.subnet("endpoints").delegations).toEqual([]);
  });

  test("an endpoint in a delegated subnet of the stack is refused (Azure refuses it at apply)", () => {
    const { stack, rg } = testStack();
    const vnet = new VnetWithSubnets(stack, "Network", { resourceGroup: rg, addressSpace: ["10.0.0.0/16"], subnets: [{ name: "app", addressPrefix: "10.0.1.0/26", delegation: "Microsoft.Web/serverFarms" }] });
    expectValidationError(
      () => new KeyVault(stack, "Vault", { resourceGroup: rg, privateEndpoints: [{ subnet: vnet.subnet("app") }] }),
      'test/Vault/PrivateEndpoint-kv: subnet "snet-app" is delegated to Microsoft.Web/serverFarms, and Azure refuses a private endpoint in a delegated subnet (PrivateEndpointCreationNotAllowedAsSubnetIsDelegated); place the endpoint in a subnet without a delegation',
    );
  });

  test("one endpoint can use central zones in a VNet that owns its zones", () => {
    const { stack, rg } = testStack();
    const vnet = new VnetWithSubnets(stack, "Network", { resourceGroup: rg, ...plan });
    const central = PrivateDnsZones.fromIds(stack, "CentralDns", { "privatelink.vaultcore.azure.net": zoneId("privatelink.vaultcore.azure.net") });
    new KeyVault(stack, "Vault", { resourceGroup: rg, privateEndpoints: [{ subnet: vnet.subnet("endpoints"), privateDnsZones: central }] });
    expect(resourcesOf(synthJson(stack), "azurerm_private_dns_zone")).toEqual({});
  });
});

describe("ExistingSubnet", () => {
  const SUBNET = `${VNET}/subnets/snet-app`;

  test("by id: name and VNet from the id, no data source while only the id is used", () => {
    const { stack } = testStack();
    const subnet = ExistingSubnet.fromId(stack, "App", { subnetId: SUBNET });
    expect(subnet).toMatchObject({ id: SUBNET, name: "snet-app" });
    expect(subnet.virtualNetwork).toMatchObject({ id: VNET, name: "vnet-spoke", resourceGroupName: "rg-network" });
    expect(knownAddressPrefix(subnet)).toBeUndefined();
    expect(subnet.lookupDataSource).toBeUndefined();
    expect(synthJson(stack).data).toBeUndefined();
  });

  test("by id, reading addressPrefix adds an azurerm_subnet data source for the names in the id", () => {
    const { stack } = testStack();
    const subnet = ExistingSubnet.fromId(stack, "App", { subnetId: SUBNET });
    const prefix = subnet.addressPrefix;
    const data = synthJson(stack).data?.azurerm_subnet ?? {};
    expect(Object.values(data)).toEqual([expect.objectContaining({ name: "snet-app", virtual_network_name: "vnet-spoke", resource_group_name: "rg-network" })]);
    expect(rendered(stack, prefix)).toBe(`\${element(data.azurerm_subnet.${Object.keys(data)[0]}.address_prefixes, 0)}`);
  });

  test("a literal addressPrefix is used as given, for checks and values alike, with no data source", () => {
    const { stack } = testStack();
    const subnet = ExistingSubnet.fromId(stack, "App", { subnetId: SUBNET, addressPrefix: "10.1.4.0/26" });
    expect(subnet.addressPrefix).toBe("10.1.4.0/26");
    expect(knownAddressPrefix(subnet)).toBe("10.1.4.0/26");
    expect(synthJson(stack).data).toBeUndefined();
  });

  test("an addressPrefix that is not a CIDR is refused", () => {
    const { stack } = testStack();
    expectValidationError(() => ExistingSubnet.fromId(stack, "App", { subnetId: SUBNET, addressPrefix: "10.1.4.0" }), 'test/App: addressPrefix "10.1.4.0" is not an IPv4 CIDR (a.b.c.d/prefix, prefix 0-32)');
  });

  test("a subnet in another subscription cannot be looked up by the stack's provider: reading its prefix says so", () => {
    const { stack } = testStack();
    const subnet = ExistingSubnet.fromId(stack, "Hub", { subnetId: `/subscriptions/${HUB_SUB}/resourceGroups/rg-hub/providers/Microsoft.Network/virtualNetworks/vnet-hub/subnets/snet-x` });
    expectValidationError(
      () => subnet.addressPrefix,
      `test/Hub: subnet "snet-x" is in subscription ${HUB_SUB}, which the stack's azurerm provider (subscription ${SPOKE_SUB}) cannot read with a data source; give its addressPrefix as a literal (ExistingSubnet addressPrefix)`,
    );
  });

  test("by name: one azurerm_subnet data source supplies the id and the prefix", () => {
    const { stack, rg } = testStack();
    const subnet = ExistingSubnet.fromName(stack, "App", { name: "snet-endpoints", virtualNetworkName: "vnet-spoke", resourceGroupName: "rg-network", privateDnsZones: PrivateDnsZones.none() });
    new KeyVault(stack, "Vault", { resourceGroup: rg, privateEndpoints: [{ subnet }] });
    void subnet.addressPrefix;
    const json = synthJson(stack);
    const data = json.data?.azurerm_subnet ?? {};
    expect(Object.keys(data)).toHaveLength(1);
    expect(json.data?.azurerm_virtual_network).toBeUndefined();
    expect(onlyResource(json, "azurerm_private_endpoint").subnet_id).toBe(`\${data.azurerm_subnet.${Object.keys(data)[0]}.id}`);
  });

  test("a subnet of a VNet referenced by name takes its id from the subnet's data source, not the VNet's", () => {
    const { stack } = testStack();
    const vnet = VnetWithSubnets.fromName(stack, "Spoke", { name: "vnet-spoke", resourceGroupName: "rg-network" });
    const subnet = vnet.subnet("snet-app");
    void subnet.id;
    const json = synthJson(stack);
    expect(Object.keys(json.data?.azurerm_subnet ?? {})).toHaveLength(1);
    expect(json.data?.azurerm_virtual_network).toBeUndefined();
    void vnet.id;
    expect(Object.values(synthJson(stack).data?.azurerm_virtual_network ?? {})).toEqual([expect.objectContaining({ name: "vnet-spoke", resource_group_name: "rg-network" })]);
  });

  test("a subnet id from a Terraform variable is accepted; its names are expressions on it", () => {
    const { stack, rg } = testStack();
    const id = new TerraformVariable(stack, "endpoints_subnet_id", { type: "string" }).stringValue;
    const subnet = ExistingSubnet.fromId(stack, "Endpoints", { subnetId: id, privateDnsZones: PrivateDnsZones.none() });
    new KeyVault(stack, "Vault", { resourceGroup: rg, privateEndpoints: [{ subnet }] });
    expect(onlyResource(synthJson(stack), "azurerm_private_endpoint").subnet_id).toBe("${var.endpoints_subnet_id}");
  });
});
