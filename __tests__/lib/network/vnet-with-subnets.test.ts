import { NetworkSecurityGroup } from "@cdktf/provider-azurerm/lib/network-security-group";
import { NetworkSecurityRule } from "@cdktf/provider-azurerm/lib/network-security-rule";
import { PrivateDnsZone } from "@cdktf/provider-azurerm/lib/private-dns-zone";
import { Subnet } from "@cdktf/provider-azurerm/lib/subnet";
import { VirtualNetwork } from "@cdktf/provider-azurerm/lib/virtual-network";
import { TerraformVariable, Testing } from "cdktf";
import { ValidationError } from "../../../lib/core/errors";
import { PrivateEndpoint } from "../../../lib/network/private-endpoint";
import { PrivateDnsZones } from "../../../lib/network/private-dns-zones";
import { type NsgRule, type SubnetSpec, VnetWithSubnets, type VnetWithSubnetsProps } from "../../../lib/network/vnet-with-subnets";
import { onlyResource, onlyResourceId, rendered, resourcesOf, synthJson, testStack } from "../../helpers/stack";

/** The address plan of DESIGN.md's example: app (App Service integration), endpoints, data. */
const SUBNETS: readonly SubnetSpec[] = [
  { name: "app", addressPrefix: "10.0.1.0/26", delegation: "Microsoft.Web/serverFarms" },
  { name: "endpoints", addressPrefix: "10.0.2.0/24" },
  { name: "data", addressPrefix: "10.0.3.0/24" },
];

function vnetStack(props: Partial<VnetWithSubnetsProps> = {}) {
  const { stack, rg } = testStack();
  const build = (extra: Partial<VnetWithSubnetsProps> = {}) =>
    new VnetWithSubnets(stack, "Network", { resourceGroup: rg, addressSpace: ["10.0.0.0/16"], subnets: SUBNETS, ...props, ...extra });
  return { stack, rg, build };
}

/** The synthesized resource of `type` whose `name` is `name`, with its logical id. */
function byName(json: ReturnType<typeof synthJson>, type: string, name: string): { id: string; body: Record<string, unknown> } {
  const found = Object.entries(resourcesOf(json, type)).filter(([, body]) => body.name === name);
  if (found.length !== 1) throw new Error(`expected one ${type} named ${name}, found ${found.length}`);
  return { id: found[0][0], body: found[0][1] };
}

/** Building a VNet (in a fresh stack each time) with `props` throws a ValidationError whose message is exactly `message`. */
function expectRejected(props: Partial<VnetWithSubnetsProps>, message: string) {
  const attempt = () => vnetStack(props).build();
  expect(attempt).toThrow(ValidationError);
  expect(attempt).toThrow(message);
  let thrown: unknown;
  try {
    attempt();
  } catch (e) {
    thrown = e;
  }
  expect((thrown as Error).message).toBe(message);
}

function withRules(rules: readonly NsgRule[], subnets: readonly SubnetSpec[] = SUBNETS): Partial<VnetWithSubnetsProps> {
  return { subnets: subnets.map((s) => (s.name === "endpoints" ? { ...s, securityRules: rules } : s)) };
}

const HTTPS_FROM_APP: NsgRule = {
  name: "allow-https-from-app",
  priority: 100,
  access: "Allow",
  protocol: "Tcp",
  source: { subnet: "app" },
  destination: "VirtualNetwork",
  destinationPorts: "443",
};

describe("VnetWithSubnets", () => {
  test("a virtual network with the given address space, named by the naming rules", () => {
    const { stack, build } = vnetStack();
    const vnet = build();
    expect(Testing.synth(stack)).toHaveResourceWithProperties(VirtualNetwork, {
      name: "vnet-demo-dev-eus2",
      address_space: ["10.0.0.0/16"],
      location: "eastus2",
      resource_group_name: expect.stringContaining("azurerm_resource_group"),
    });
    // Subnets are separate azurerm_subnet resources: no inline `subnet` blocks on the VNet.
    expect(onlyResource(synthJson(stack), "azurerm_virtual_network")).not.toHaveProperty("subnet");
    expect(vnet.name).toBe("vnet-demo-dev-eus2");
    expect(vnet.addressSpace).toEqual(["10.0.0.0/16"]);
    expect(vnet.location).toBe("eastus2");
    expect(vnet.resource).toBeInstanceOf(VirtualNetwork);
  });

  test("name and location can be given; several address spaces", () => {
    const { stack, build } = vnetStack({ name: "vnet-shared", location: "westus3", addressSpace: ["10.0.0.0/16", "10.1.0.0/16"] });
    build({ subnets: [...SUBNETS, { name: "extra", addressPrefix: "10.1.0.0/24" }] });
    expect(Testing.synth(stack)).toHaveResourceWithProperties(VirtualNetwork, {
      name: "vnet-shared",
      location: "westus3",
      address_space: ["10.0.0.0/16", "10.1.0.0/16"],
    });
    expect(Testing.synth(stack)).toHaveResourceWithProperties(NetworkSecurityGroup, { name: "nsg-demo-dev-eus2-extra", location: "westus3" });
  });

  test("one azurerm_subnet per subnet, secure defaults: no default outbound access, network policies on private endpoints", () => {
    const { stack, build } = vnetStack();
    build();
    const json = synthJson(stack);
    const vnetId = onlyResourceId(json, "azurerm_virtual_network");
    const subnets = resourcesOf(json, "azurerm_subnet");
    expect(Object.values(subnets).map((s) => s.name).sort()).toEqual(["snet-app", "snet-data", "snet-endpoints"]);
    for (const [name, prefix] of [["snet-app", "10.0.1.0/26"], ["snet-endpoints", "10.0.2.0/24"], ["snet-data", "10.0.3.0/24"]]) {
      const { body } = byName(json, "azurerm_subnet", name);
      expect(body).toMatchObject({
        address_prefixes: [prefix],
        virtual_network_name: `\${azurerm_virtual_network.${vnetId}.name}`,
        resource_group_name: expect.stringContaining("azurerm_resource_group"),
        default_outbound_access_enabled: false,
        private_endpoint_network_policies: "Enabled",
      });
    }
    expect(byName(json, "azurerm_subnet", "snet-endpoints").body).not.toHaveProperty("delegation");
    expect(byName(json, "azurerm_subnet", "snet-endpoints").body).not.toHaveProperty("service_endpoints");
  });

  test("delegation to Microsoft.Web/serverFarms for App Service VNet integration", () => {
    const { stack, build } = vnetStack();
    build();
    expect(byName(synthJson(stack), "azurerm_subnet", "snet-app").body.delegation).toEqual([
      {
        name: "Microsoft.Web.serverFarms",
        service_delegation: { name: "Microsoft.Web/serverFarms", actions: ["Microsoft.Network/virtualNetworks/subnets/action"] },
      },
    ]);
  });

  test("delegation to PostgreSQL Flexible Server, and a custom delegation", () => {
    const { stack, build } = vnetStack();
    build({
      subnets: [
        { name: "pg", addressPrefix: "10.0.4.0/28", delegation: "Microsoft.DBforPostgreSQL/flexibleServers" },
        { name: "aci", addressPrefix: "10.0.5.0/28", delegation: { service: "Microsoft.ContainerInstance/containerGroups", actions: ["Microsoft.Network/virtualNetworks/subnets/action"] } },
        { name: "other", addressPrefix: "10.0.6.0/28", delegation: { service: "Microsoft.Netapp/volumes" } },
      ],
    });
    const json = synthJson(stack);
    expect(byName(json, "azurerm_subnet", "snet-pg").body.delegation).toEqual([
      {
        name: "Microsoft.DBforPostgreSQL.flexibleServers",
        service_delegation: { name: "Microsoft.DBforPostgreSQL/flexibleServers", actions: ["Microsoft.Network/virtualNetworks/subnets/join/action"] },
      },
    ]);
    expect(byName(json, "azurerm_subnet", "snet-aci").body.delegation).toEqual([
      {
        name: "Microsoft.ContainerInstance.containerGroups",
        service_delegation: { name: "Microsoft.ContainerInstance/containerGroups", actions: ["Microsoft.Network/virtualNetworks/subnets/action"] },
      },
    ]);
    expect(byName(json, "azurerm_subnet", "snet-other").body.delegation).toEqual([
      { name: "Microsoft.Netapp.volumes", service_delegation: { name: "Microsoft.Netapp/volumes" } },
    ]);
  });

  test("service endpoints, private endpoint network policies and default outbound access are per subnet", () => {
    const { stack, build } = vnetStack();
    build({
      subnets: [
        { name: "app", addressPrefix: "10.0.1.0/24", serviceEndpoints: ["Microsoft.Storage", "Microsoft.KeyVault"] },
        { name: "endpoints", addressPrefix: "10.0.2.0/24", privateEndpointNetworkPolicies: "NetworkSecurityGroupEnabled" },
        { name: "legacy", addressPrefix: "10.0.3.0/24", privateEndpointNetworkPolicies: "Disabled", defaultOutboundAccess: true },
      ],
    });
    const json = synthJson(stack);
    expect(byName(json, "azurerm_subnet", "snet-app").body).toMatchObject({ service_endpoints: ["Microsoft.Storage", "Microsoft.KeyVault"] });
    expect(byName(json, "azurerm_subnet", "snet-endpoints").body).toMatchObject({ private_endpoint_network_policies: "NetworkSecurityGroupEnabled" });
    expect(byName(json, "azurerm_subnet", "snet-legacy").body).toMatchObject({
      private_endpoint_network_policies: "Disabled",
      default_outbound_access_enabled: true,
    });
  });

  test("one network security group per subnet, associated with it", () => {
    const { stack, build } = vnetStack();
    const vnet = build();
    const json = synthJson(stack);
    const nsgs = resourcesOf(json, "azurerm_network_security_group");
    expect(Object.values(nsgs).map((n) => n.name).sort()).toEqual(["nsg-demo-dev-eus2-app", "nsg-demo-dev-eus2-data", "nsg-demo-dev-eus2-endpoints"]);
    for (const nsg of Object.values(nsgs)) {
      expect(nsg).toMatchObject({ location: "eastus2", resource_group_name: expect.stringContaining("azurerm_resource_group") });
      expect(nsg).not.toHaveProperty("security_rule");
    }
    const associations = Object.values(resourcesOf(json, "azurerm_subnet_network_security_group_association"));
    expect(associations).toHaveLength(3);
    for (const name of ["app", "endpoints", "data"]) {
      const subnet = byName(json, "azurerm_subnet", `snet-${name}`);
      const nsg = byName(json, "azurerm_network_security_group", `nsg-demo-dev-eus2-${name}`);
      expect(associations).toContainEqual({
        subnet_id: `\${azurerm_subnet.${subnet.id}.id}`,
        network_security_group_id: `\${azurerm_network_security_group.${nsg.id}.id}`,
      });
    }
    expect(Object.keys(vnet.networkSecurityGroups).sort()).toEqual(["app", "data", "endpoints"]);
    expect(vnet.subnet("app").networkSecurityGroup).toBe(vnet.networkSecurityGroups.app);
  });

  test("Azure Firewall's and the gateway's subnets get no NSG (Azure disables subnet NSGs there); security rules on them are refused", () => {
    const fw: SubnetSpec[] = [
      { name: "app", addressPrefix: "10.0.1.0/24" },
      { name: "firewall", azureName: "AzureFirewallSubnet", addressPrefix: "10.0.2.0/26" },
      { name: "firewall-mgmt", azureName: "AzureFirewallManagementSubnet", addressPrefix: "10.0.2.64/26" },
      { name: "gateway", azureName: "GatewaySubnet", addressPrefix: "10.0.3.0/27" },
    ];
    const { stack, build } = vnetStack({ subnets: fw });
    const vnet = build();
    const json = synthJson(stack);
    expect(Object.values(resourcesOf(json, "azurerm_network_security_group")).map((n) => n.name)).toEqual(["nsg-demo-dev-eus2-app"]);
    expect(Object.keys(resourcesOf(json, "azurerm_subnet_network_security_group_association"))).toHaveLength(1);
    expect(Object.keys(vnet.networkSecurityGroups)).toEqual(["app"]);
    expect(vnet.subnet("firewall").networkSecurityGroup).toBeUndefined();
    expect(vnet.subnet("firewall").name).toBe("AzureFirewallSubnet");
    expect(() =>
      vnetStack({ subnets: [{ name: "firewall", azureName: "AzureFirewallSubnet", addressPrefix: "10.0.2.0/26", securityRules: [{ priority: 100, name: "AllowX", destinationPorts: "443", protocol: "Tcp", source: "*", destination: "*", access: "Allow" }] }] }).build(),
    ).toThrow('subnet "firewall" (AzureFirewallSubnet) has securityRules, but Azure disables network security groups on AzureFirewallSubnet (learn.microsoft.com/azure/firewall/firewall-faq); remove them');
  });

  test("security rules as synthesized: defaults (Inbound, any source port) and `{ subnet }` resolved to its CIDR", () => {
    const { stack, build } = vnetStack(withRules([HTTPS_FROM_APP]));
    build();
    const json = synthJson(stack);
    const nsg = byName(json, "azurerm_network_security_group", "nsg-demo-dev-eus2-endpoints");
    expect(Object.values(resourcesOf(json, "azurerm_network_security_rule"))).toEqual([
      {
        name: "allow-https-from-app",
        resource_group_name: expect.stringContaining("azurerm_resource_group"),
        network_security_group_name: `\${azurerm_network_security_group.${nsg.id}.name}`,
        priority: 100,
        direction: "Inbound",
        access: "Allow",
        protocol: "Tcp",
        source_address_prefix: "10.0.1.0/26",
        destination_address_prefix: "VirtualNetwork",
        source_port_range: "*",
        destination_port_range: "443",
      },
    ]);
  });

  test("outbound rules, port lists, CIDR and service-tag addresses, descriptions", () => {
    const { stack, build } = vnetStack(
      withRules([
        { name: "deny-internet-out", priority: 4096, direction: "Outbound", access: "Deny", protocol: "*", source: "*", destination: "Internet", destinationPorts: "*", description: "No egress to the internet" },
        { name: "allow-web", priority: 200, access: "Allow", protocol: "Tcp", source: "10.1.0.0/24", destination: { subnet: "endpoints" }, destinationPorts: ["80", "443", "8000-8080"], sourcePorts: ["1024-65535"] },
        { name: "allow-dns", priority: 300, access: "Allow", protocol: "Udp", source: "10.0.2.4", destination: "AzureLoadBalancer", destinationPorts: "53", sourcePorts: ["53", "5353"] },
      ]),
    );
    build();
    const synth = Testing.synth(stack);
    expect(synth).toHaveResourceWithProperties(NetworkSecurityRule, {
      name: "deny-internet-out",
      priority: 4096,
      direction: "Outbound",
      access: "Deny",
      protocol: "*",
      source_address_prefix: "*",
      destination_address_prefix: "Internet",
      destination_port_range: "*",
      source_port_range: "*",
      description: "No egress to the internet",
    });
    expect(synth).toHaveResourceWithProperties(NetworkSecurityRule, {
      name: "allow-web",
      source_address_prefix: "10.1.0.0/24",
      destination_address_prefix: "10.0.2.0/24",
      destination_port_ranges: ["80", "443", "8000-8080"],
      source_port_range: "1024-65535",
    });
    expect(synth).toHaveResourceWithProperties(NetworkSecurityRule, {
      name: "allow-dns",
      protocol: "Udp",
      source_address_prefix: "10.0.2.4",
      source_port_ranges: ["53", "5353"],
      destination_port_range: "53",
    });
    const web = byName(synthJson(stack), "azurerm_network_security_rule", "allow-web").body;
    expect(web).not.toHaveProperty("destination_port_range");
    expect(web).not.toHaveProperty("source_port_ranges");
  });

  test("the same priority in both directions is allowed", () => {
    const { stack, build } = vnetStack(
      withRules([
        HTTPS_FROM_APP,
        { ...HTTPS_FROM_APP, name: "allow-https-out", direction: "Outbound", source: "VirtualNetwork", destination: { subnet: "data" } },
      ]),
    );
    const vnet = build();
    expect(Object.keys(vnet.subnet("endpoints").securityRules).sort()).toEqual(["allow-https-from-app", "allow-https-out"]);
    expect(Testing.synth(stack)).toHaveResourceWithProperties(NetworkSecurityRule, { name: "allow-https-out", direction: "Outbound", priority: 100, destination_address_prefix: "10.0.3.0/24" });
  });

  test("subnet(name) gives an ISubnet of this VNet; subnets lists them by logical name", () => {
    const { stack, build } = vnetStack();
    const vnet = build();
    const endpoints = vnet.subnet("endpoints");
    expect(endpoints.name).toBe("snet-endpoints");
    expect(endpoints.logicalName).toBe("endpoints");
    expect(endpoints.addressPrefix).toBe("10.0.2.0/24");
    expect(endpoints.virtualNetwork).toBe(vnet);
    expect(endpoints.resource).toBeInstanceOf(Subnet);
    expect(Object.keys(vnet.subnets)).toEqual(["app", "endpoints", "data"]);
    const json = synthJson(stack);
    const subnetId = byName(json, "azurerm_subnet", "snet-endpoints").id;
    expect(rendered(stack, endpoints.id)).toBe(`\${azurerm_subnet.${subnetId}.id}`);
    expect(rendered(stack, vnet.id)).toBe(`\${azurerm_virtual_network.${onlyResourceId(json, "azurerm_virtual_network")}.id}`);
  });

  test("subnet(name) of an unknown subnet names the known ones", () => {
    const { build } = vnetStack();
    const vnet = build();
    expect(() => vnet.subnet("db")).toThrow(ValidationError);
    expect(() => vnet.subnet("db")).toThrow('test/Network: no subnet "db" (known: app, endpoints, data)');
    expect(() => vnet.subnet("toString")).toThrow('test/Network: no subnet "toString" (known: app, endpoints, data)');
  });

  test("privateDnsZones: a zone asked for is created once and linked to this VNet", () => {
    const { stack, build } = vnetStack();
    const zones = build().privateDnsZones as PrivateDnsZones;
    expect(zones).toBeInstanceOf(PrivateDnsZones);
    const zone = zones.zone("privatelink.blob.core.windows.net");
    expect(zones.zone("privatelink.blob.core.windows.net")).toBe(zone);
    const json = synthJson(stack);
    const vnetId = onlyResourceId(json, "azurerm_virtual_network");
    const zoneId = onlyResourceId(json, "azurerm_private_dns_zone");
    expect(Testing.synth(stack)).toHaveResourceWithProperties(PrivateDnsZone, { name: "privatelink.blob.core.windows.net" });
    expect(onlyResource(json, "azurerm_private_dns_zone_virtual_network_link")).toMatchObject({
      name: "vnet-demo-dev-eus2-link",
      virtual_network_id: `\${azurerm_virtual_network.${vnetId}.id}`,
      private_dns_zone_name: `\${azurerm_private_dns_zone.${zoneId}.name}`,
      registration_enabled: false,
    });
    expect(zones.names).toEqual(["privatelink.blob.core.windows.net"]);
  });

  test("no DNS zone exists until one is asked for", () => {
    const { stack, build } = vnetStack();
    build();
    expect(resourcesOf(synthJson(stack), "azurerm_private_dns_zone")).toEqual({});
  });

  test("a private endpoint placed in a subnet uses its id and the VNet's zone", () => {
    const { stack, rg, build } = vnetStack();
    const vnet = build();
    new PrivateEndpoint(stack, "Endpoint", {
      subnet: vnet.subnet("endpoints"),
      resourceGroup: rg,
      targetLocation: "eastus2",
      targetResourceId: "/subscriptions/x/resourceGroups/y/providers/Microsoft.Storage/storageAccounts/z",
      target: "storage/blob",
      instance: "blob",
    });
    const json = synthJson(stack);
    const subnetId = byName(json, "azurerm_subnet", "snet-endpoints").id;
    expect(onlyResource(json, "azurerm_private_endpoint").subnet_id).toBe(`\${azurerm_subnet.${subnetId}.id}`);
    expect(onlyResource(json, "azurerm_private_dns_zone_virtual_network_link").virtual_network_id).toBe(
      `\${azurerm_virtual_network.${onlyResourceId(json, "azurerm_virtual_network")}.id}`,
    );
  });

  test("a /28 is enough for App Service integration, /29 for other subnets", () => {
    const { build } = vnetStack();
    expect(() =>
      build({
        subnets: [
          { name: "app", addressPrefix: "10.0.1.0/28", delegation: "Microsoft.Web/serverFarms" },
          { name: "small", addressPrefix: "10.0.2.0/29" },
        ],
      }),
    ).not.toThrow();
  });

  test("unresolved address spaces and prefixes are left to Azure", () => {
    const { stack, build } = vnetStack();
    const space = new TerraformVariable(stack, "space", { type: "string" });
    const prefix = new TerraformVariable(stack, "prefix", { type: "string" });
    expect(() => build({ addressSpace: [space.stringValue], subnets: [{ name: "app", addressPrefix: prefix.stringValue }, { name: "data", addressPrefix: "10.9.0.0/24" }] })).not.toThrow();
  });
});

describe("VnetWithSubnets address plan checks", () => {
  test.each<[string, Partial<VnetWithSubnetsProps>, string]>([
    ["an address space that is not a CIDR", { addressSpace: ["10.0.0.0/33"] }, 'test/Network: addressSpace "10.0.0.0/33" is not an IPv4 CIDR (a.b.c.d/prefix, prefix 0-32)'],
    ["an address space in a short form", { addressSpace: ["10.0/16"] }, 'test/Network: addressSpace "10.0/16" is not an IPv4 CIDR (a.b.c.d/prefix, prefix 0-32)'],
    ["an address space with host bits", { addressSpace: ["10.0.0.1/16"] }, 'test/Network: addressSpace "10.0.0.1/16" has host bits set (did you mean "10.0.0.0/16"?)'],
    ["no address space", { addressSpace: [] }, 'test/Network: addressSpace is empty (give at least one IPv4 CIDR, e.g. "10.0.0.0/16")'],
    ["overlapping address spaces", { addressSpace: ["10.0.0.0/16", "10.0.128.0/17"] }, "test/Network: addressSpace 10.0.128.0/17 overlaps 10.0.0.0/16 (address spaces of a virtual network must not overlap)"],
    ["a reserved range", { addressSpace: ["10.0.0.0/16", "169.254.0.0/24"] }, 'test/Network: addressSpace "169.254.0.0/24" overlaps 169.254.0.0/16 (link-local), which Azure does not allow in a virtual network'],
    ["Azure's DNS address", { addressSpace: ["168.63.0.0/16"] }, 'test/Network: addressSpace "168.63.0.0/16" overlaps 168.63.129.16/32 (Azure\'s internal DNS), which Azure does not allow in a virtual network'],
  ])("%s is rejected", (_what, props, message) => {
    expectRejected(props, message);
  });

  test.each<[string, readonly SubnetSpec[], string]>([
    ["a prefix that is not a CIDR", [{ name: "app", addressPrefix: "10.0.1.0/33" }], 'test/Network/Subnet[app]: addressPrefix "10.0.1.0/33" is not an IPv4 CIDR (a.b.c.d/prefix, prefix 0-32)'],
    ["a prefix without a length", [{ name: "app", addressPrefix: "10.0.1.0" }], 'test/Network/Subnet[app]: addressPrefix "10.0.1.0" is not an IPv4 CIDR (a.b.c.d/prefix, prefix 0-32)'],
    ["a prefix with host bits", [{ name: "app", addressPrefix: "10.0.1.5/24" }], 'test/Network/Subnet[app]: addressPrefix "10.0.1.5/24" has host bits set (did you mean "10.0.1.0/24"?)'],
    ["a subnet outside the address space", [{ name: "app", addressPrefix: "10.1.0.0/24" }], 'test/Network/Subnet[app]: addressPrefix "10.1.0.0/24" is outside the address space (10.0.0.0/16)'],
    ["a subnet larger than the address space", [{ name: "app", addressPrefix: "10.0.0.0/15" }], 'test/Network/Subnet[app]: addressPrefix "10.0.0.0/15" is outside the address space (10.0.0.0/16)'],
    [
      "overlapping subnets (the pair is named)",
      [
        { name: "endpoints", addressPrefix: "10.0.2.0/23" },
        { name: "data", addressPrefix: "10.0.3.0/24" },
      ],
      "test/Network/Subnet[data]: 10.0.3.0/24 overlaps 10.0.2.0/23 (Subnet[endpoints])",
    ],
    [
      "identical subnets",
      [
        { name: "app", addressPrefix: "10.0.1.0/24" },
        { name: "data", addressPrefix: "10.0.2.0/24" },
        { name: "cache", addressPrefix: "10.0.1.0/24" },
      ],
      "test/Network/Subnet[cache]: 10.0.1.0/24 overlaps 10.0.1.0/24 (Subnet[app])",
    ],
    ["a subnet smaller than /29", [{ name: "app", addressPrefix: "10.0.1.0/30" }], 'test/Network/Subnet[app]: addressPrefix "10.0.1.0/30" is smaller than /29, the smallest subnet Azure supports'],
    [
      "an App Service integration subnet smaller than /28",
      [{ name: "app", addressPrefix: "10.0.1.0/29", delegation: "Microsoft.Web/serverFarms" }],
      'test/Network/Subnet[app]: addressPrefix "10.0.1.0/29" is too small for delegation Microsoft.Web/serverFarms (App Service VNet integration needs /28 or larger; Microsoft recommends /26)',
    ],
    [
      "a custom serverFarms delegation smaller than /28",
      [{ name: "app", addressPrefix: "10.0.1.0/29", delegation: { service: "Microsoft.Web/serverFarms" } }],
      'test/Network/Subnet[app]: addressPrefix "10.0.1.0/29" is too small for delegation Microsoft.Web/serverFarms (App Service VNet integration needs /28 or larger; Microsoft recommends /26)',
    ],
    [
      "a subnet declared twice",
      [
        { name: "app", addressPrefix: "10.0.1.0/24" },
        { name: "app", addressPrefix: "10.0.2.0/24" },
      ],
      'test/Network/Subnet[app]: subnet "app" is defined twice',
    ],
    [
      "a subnet name Azure rejects",
      [{ name: "app/web", addressPrefix: "10.0.1.0/24" }],
      'test/Network/Subnet[app/web]: subnet name "snet-app/web" has characters or a shape Azure rejects; Azure allows 1-80 characters, letters, digits, underscores, periods and hyphens, starting with a letter or digit and ending with a letter, digit or underscore; unique within its parent resource',
    ],
    [
      "an unknown private endpoint network policy",
      [{ name: "app", addressPrefix: "10.0.1.0/24", privateEndpointNetworkPolicies: "On" as never }],
      'test/Network/Subnet[app]: privateEndpointNetworkPolicies "On" is not allowed (allowed: Disabled, Enabled, NetworkSecurityGroupEnabled, RouteTableEnabled)',
    ],
  ])("%s is rejected", (_what, subnets, message) => {
    expectRejected({ subnets }, message);
  });

  test("a subnet larger than /2 is rejected (reachable only with an unresolved address space)", () => {
    const { stack, build } = vnetStack();
    const space = new TerraformVariable(stack, "space", { type: "string" });
    const attempt = () => build({ addressSpace: [space.stringValue], subnets: [{ name: "app", addressPrefix: "0.0.0.0/1" }] });
    expect(attempt).toThrow('test/Network/Subnet[app]: addressPrefix "0.0.0.0/1" is larger than /2, the largest subnet Azure supports');
  });
});

describe("VnetWithSubnets security rule checks", () => {
  test.each<[string, readonly NsgRule[], string]>([
    ["a rule name defined twice", [HTTPS_FROM_APP, { ...HTTPS_FROM_APP, priority: 200 }], 'test/Network/Subnet[endpoints]: security rule "allow-https-from-app" is defined twice'],
    ["a priority below 100", [{ ...HTTPS_FROM_APP, priority: 99 }], 'test/Network/Subnet[endpoints]: security rule "allow-https-from-app" priority 99 is out of range (allowed: 100 to 4096)'],
    ["a priority above 4096", [{ ...HTTPS_FROM_APP, priority: 4097 }], 'test/Network/Subnet[endpoints]: security rule "allow-https-from-app" priority 4097 is out of range (allowed: 100 to 4096)'],
    ["a fractional priority", [{ ...HTTPS_FROM_APP, priority: 150.5 }], 'test/Network/Subnet[endpoints]: security rule "allow-https-from-app" priority 150.5 is not a whole number (allowed: 100 to 4096)'],
    [
      "a priority used twice in one direction",
      [HTTPS_FROM_APP, { ...HTTPS_FROM_APP, name: "allow-http", destinationPorts: "80" }],
      'test/Network/Subnet[endpoints]: security rule "allow-http" priority 100 is already used by security rule "allow-https-from-app" (Inbound); Azure requires a unique priority per direction',
    ],
    [
      "a priority used twice outbound (explicit direction)",
      [
        { ...HTTPS_FROM_APP, direction: "Outbound" },
        { ...HTTPS_FROM_APP, name: "deny-all-out", direction: "Outbound", access: "Deny" },
      ],
      'test/Network/Subnet[endpoints]: security rule "deny-all-out" priority 100 is already used by security rule "allow-https-from-app" (Outbound); Azure requires a unique priority per direction',
    ],
    [
      "a source naming an unknown subnet",
      [{ ...HTTPS_FROM_APP, source: { subnet: "web" } }],
      'test/Network/Subnet[endpoints]: security rule "allow-https-from-app" source refers to unknown subnet "web" (known: app, endpoints, data)',
    ],
    [
      "a destination naming an unknown subnet",
      [{ ...HTTPS_FROM_APP, destination: { subnet: "db" } }],
      'test/Network/Subnet[endpoints]: security rule "allow-https-from-app" destination refers to unknown subnet "db" (known: app, endpoints, data)',
    ],
    [
      "a port out of range",
      [{ ...HTTPS_FROM_APP, destinationPorts: "70000" }],
      'test/Network/Subnet[endpoints]: security rule "allow-https-from-app" destinationPorts "70000" is not a port, a port range or "*" (allowed: 0-65535, e.g. "443" or "8000-8080")',
    ],
    [
      "a reversed port range",
      [{ ...HTTPS_FROM_APP, sourcePorts: ["1024-80"] }],
      'test/Network/Subnet[endpoints]: security rule "allow-https-from-app" sourcePorts "1024-80" is not a port, a port range or "*" (allowed: 0-65535, e.g. "443" or "8000-8080")',
    ],
    [
      "no destination ports",
      [{ ...HTTPS_FROM_APP, destinationPorts: [] }],
      'test/Network/Subnet[endpoints]: security rule "allow-https-from-app" destinationPorts is empty (give "*", a port or a range)',
    ],
    [
      "a protocol in the wrong case",
      [{ ...HTTPS_FROM_APP, protocol: "TCP" as never }],
      'test/Network/Subnet[endpoints]: security rule "allow-https-from-app" protocol "TCP" is not allowed (allowed: Tcp, Udp, Icmp, Esp, Ah, *)',
    ],
    [
      "an unknown direction",
      [{ ...HTTPS_FROM_APP, direction: "In" as never }],
      'test/Network/Subnet[endpoints]: security rule "allow-https-from-app" direction "In" is not allowed (allowed: Inbound, Outbound)',
    ],
    [
      "an unknown access",
      [{ ...HTTPS_FROM_APP, access: "Permit" as never }],
      'test/Network/Subnet[endpoints]: security rule "allow-https-from-app" access "Permit" is not allowed (allowed: Allow, Deny)',
    ],
    [
      "an address that is not an IPv4 address or CIDR",
      [{ ...HTTPS_FROM_APP, source: "10.0.0.0/33" }],
      'test/Network/Subnet[endpoints]: security rule "allow-https-from-app" source "10.0.0.0/33" is not an IPv4 address or CIDR',
    ],
    [
      "a rule name Azure rejects",
      [{ ...HTTPS_FROM_APP, name: "allow https" }],
      'test/Network/Subnet[endpoints]: security rule name "allow https" is not allowed (allowed: 1-80 characters, letters, digits, underscores, periods and hyphens, starting with a letter or digit and ending with a letter, digit or underscore)',
    ],
    [
      "a description over 140 characters",
      [{ ...HTTPS_FROM_APP, description: "x".repeat(141) }],
      'test/Network/Subnet[endpoints]: security rule "allow-https-from-app" description is 141 characters (allowed: at most 140)',
    ],
  ])("%s is rejected", (_what, rules, message) => {
    expectRejected(withRules(rules), message);
  });
});

// Firewall (DDoS plan): VnetWithSubnets.ddosProtectionPlanId.
describe("VnetWithSubnets DDoS protection plan", () => {
  test("no plan by default: no ddos_protection_plan block", () => {
    const { stack, build } = vnetStack();
    build();
    expect(onlyResource(synthJson(stack), "azurerm_virtual_network")).not.toHaveProperty("ddos_protection_plan");
  });

  test("an existing plan's id is attached and enabled", () => {
    const plan = "/subscriptions/0/resourceGroups/rg-shared/providers/Microsoft.Network/ddosProtectionPlans/ddos-shared";
    const { stack, build } = vnetStack();
    build({ ddosProtectionPlanId: plan });
    expect(onlyResource(synthJson(stack), "azurerm_virtual_network")).toMatchObject({ ddos_protection_plan: { id: plan, enable: true } });
  });
});
