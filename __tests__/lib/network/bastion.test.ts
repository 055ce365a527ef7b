import { BastionHost } from "@cdktf/provider-azurerm/lib/bastion-host";
import { PublicIp } from "@cdktf/provider-azurerm/lib/public-ip";
import { TerraformStack, Testing } from "cdktf";
import { evaluate } from "../../../lib/policy/engine";
import { AZURE_RULES } from "../../../lib/policy/rules";
import type { IResourceGroup } from "../../../lib/core/interfaces";
import {
  BASTION_DEVELOPER_REGIONS,
  BASTION_SKUS,
  BASTION_SUBNET_RULES,
  Bastion,
  type BastionProps,
} from "../../../lib/network/bastion";
import type { ISubnet } from "../../../lib/network/interfaces";
import { PrivateDnsZones } from "../../../lib/network/private-dns-zones";
import { type SubnetSpec, VnetWithSubnets } from "../../../lib/network/vnet-with-subnets";
import { expectValidationError, onlyResource, onlyResourceId, resourcesOf, synthJson, testStack } from "../../helpers/stack";

const BASTION_SUBNET: SubnetSpec = { name: "bastion", azureName: "AzureBastionSubnet", addressPrefix: "10.0.4.0/26", securityRules: BASTION_SUBNET_RULES };

/** A stack with a VNet holding an AzureBastionSubnet (plus `extra` subnets), and a builder for the Bastion. */
function bastionStack(extra: readonly SubnetSpec[] = [], environment = {}) {
  const { stack, rg } = testStack({ environment });
  const vnet = new VnetWithSubnets(stack, "Network", { resourceGroup: rg, addressSpace: ["10.0.0.0/16"], subnets: [BASTION_SUBNET, ...extra] });
  const build = (props: Partial<BastionProps> = {}) =>
    new Bastion(stack, "Bastion", { resourceGroup: rg, virtualNetwork: vnet, subnet: vnet.subnet("bastion"), ...props });
  return { stack, rg, vnet, build };
}

/** The same, for the Developer SKU: no subnet. */
function developerStack(props: Partial<BastionProps> = {}, environment = {}) {
  const { stack, rg, vnet } = bastionStack([], environment);
  const bastion = new Bastion(stack, "Bastion", { resourceGroup: rg, virtualNetwork: vnet, sku: "Developer", ...props });
  return { stack, rg, vnet, bastion };
}

describe("Bastion", () => {
  test("Basic by default: a Standard, Static public IP and a host in the AzureBastionSubnet", () => {
    const { stack, vnet, build } = bastionStack();
    const bastion = build();
    const json = synthJson(stack);
    const pipId = onlyResourceId(json, "azurerm_public_ip");
    const subnetId = Object.entries(resourcesOf(json, "azurerm_subnet")).find(([, s]) => s.name === "AzureBastionSubnet")?.[0];
    expect(onlyResource(json, "azurerm_public_ip")).toEqual({
      name: "pip-demo-dev-eus2-bas",
      location: "eastus2",
      resource_group_name: expect.stringMatching(/^\$\{azurerm_resource_group\.ResourceGroup_[A-F0-9]+\.name\}$/),
      sku: "Standard",
      allocation_method: "Static",
      tags: expect.any(Object),
    });
    expect(onlyResource(json, "azurerm_bastion_host")).toEqual({
      name: "bas-demo-dev-eus2",
      location: "eastus2",
      resource_group_name: expect.stringMatching(/^\$\{azurerm_resource_group\.ResourceGroup_[A-F0-9]+\.name\}$/),
      sku: "Basic",
      ip_configuration: {
        name: "configuration",
        subnet_id: `\${azurerm_subnet.${subnetId}.id}`,
        public_ip_address_id: `\${azurerm_public_ip.${pipId}.id}`,
      },
      tunneling_enabled: false,
      ip_connect_enabled: false,
      shareable_link_enabled: false,
      file_copy_enabled: false,
      copy_paste_enabled: true,
      tags: expect.any(Object),
    });
    expect(bastion.sku).toBe("Basic");
    expect(bastion.name).toBe("bas-demo-dev-eus2");
    expect(bastion.resource).toBeInstanceOf(BastionHost);
    expect(bastion.publicIp).toBeInstanceOf(PublicIp);
    expect(bastion.sshSourceAddressPrefix).toBe("10.0.4.0/26");
    expect(bastion.sshSourceAddressPrefix).toBe(vnet.subnet("bastion").addressPrefix);
    expect(bastion.supportsEntraIdLogin).toBe(true);
    expect(bastion.supportsNativeClient).toBe(false);
  });

  test("Standard turns the native client (tunneling) on by default", () => {
    const { stack, build } = bastionStack();
    const bastion = build({ sku: "Standard" });
    expect(Testing.synth(stack)).toHaveResourceWithProperties(BastionHost, { sku: "Standard", tunneling_enabled: true });
    expect(bastion.supportsNativeClient).toBe(true);
    expect(bastion.supportsEntraIdLogin).toBe(true);
  });

  test("Standard without tunneling has no native client", () => {
    const { stack, build } = bastionStack();
    const bastion = build({ sku: "Standard", tunneling: false });
    expect(Testing.synth(stack)).toHaveResourceWithProperties(BastionHost, { sku: "Standard", tunneling_enabled: false });
    expect(bastion.supportsNativeClient).toBe(false);
  });

  test("Premium with every Standard feature, host scaling and copy/paste off", () => {
    const { stack, build } = bastionStack();
    const bastion = build({ sku: "Premium", ipConnect: true, shareableLink: true, fileCopy: true, scaleUnits: 50, copyPaste: false });
    expect(onlyResource(synthJson(stack), "azurerm_bastion_host")).toMatchObject({
      sku: "Premium",
      tunneling_enabled: true,
      ip_connect_enabled: true,
      shareable_link_enabled: true,
      file_copy_enabled: true,
      copy_paste_enabled: false,
      scale_units: 50,
    });
    expect(bastion.supportsNativeClient).toBe(true);
  });

  test("scaleUnits 2 is accepted on Basic (its fixed count)", () => {
    const { stack, build } = bastionStack();
    build({ scaleUnits: 2 });
    expect(onlyResource(synthJson(stack), "azurerm_bastion_host")).toMatchObject({ sku: "Basic", scale_units: 2 });
  });

  test("zones go on both the host and its public IP", () => {
    const { stack, build } = bastionStack();
    build({ sku: "Standard", zones: ["1", "2", "3"] });
    const json = synthJson(stack);
    expect(onlyResource(json, "azurerm_bastion_host").zones).toEqual(["1", "2", "3"]);
    expect(onlyResource(json, "azurerm_public_ip").zones).toEqual(["1", "2", "3"]);
  });

  test("no zones unless asked for", () => {
    const { stack, build } = bastionStack();
    build();
    const json = synthJson(stack);
    expect(onlyResource(json, "azurerm_bastion_host")).not.toHaveProperty("zones");
    expect(onlyResource(json, "azurerm_public_ip")).not.toHaveProperty("zones");
  });

  test("Developer attaches to the VNet: virtual_network_id, no ip_configuration, no public IP", () => {
    const { stack, bastion } = developerStack();
    const json = synthJson(stack);
    const vnetId = onlyResourceId(json, "azurerm_virtual_network");
    const host = onlyResource(json, "azurerm_bastion_host");
    expect(host).toMatchObject({
      name: "bas-demo-dev-eus2",
      sku: "Developer",
      virtual_network_id: `\${azurerm_virtual_network.${vnetId}.id}`,
      tunneling_enabled: false,
      copy_paste_enabled: true,
    });
    expect(host).not.toHaveProperty("ip_configuration");
    expect(host).not.toHaveProperty("zones");
    expect(resourcesOf(json, "azurerm_public_ip")).toEqual({});
    expect(bastion.publicIp).toBeUndefined();
    expect(bastion.sshSourceAddressPrefix).toBe("168.63.129.16");
    expect(bastion.supportsEntraIdLogin).toBe(false);
    expect(bastion.supportsNativeClient).toBe(false);
  });

  test("dedicated SKUs have no virtual_network_id", () => {
    const { stack, build } = bastionStack();
    build({ sku: "Standard" });
    expect(onlyResource(synthJson(stack), "azurerm_bastion_host")).not.toHaveProperty("virtual_network_id");
  });

  test("an instance goes into the host's and the public IP's generated names; a name can be given", () => {
    const { stack, build } = bastionStack();
    build({ instance: "ops" });
    const json = synthJson(stack);
    expect(onlyResource(json, "azurerm_bastion_host").name).toBe("bas-demo-dev-eus2-ops");
    expect(onlyResource(json, "azurerm_public_ip").name).toBe("pip-demo-dev-eus2-bas-ops");

    const other = bastionStack();
    other.build({ name: "bas-shared" });
    expect(onlyResource(synthJson(other.stack), "azurerm_bastion_host").name).toBe("bas-shared");
  });

  test("outside a BlueprintStack the public IP is named after the given host name", () => {
    const stack = new TerraformStack(Testing.app(), "plain");
    const rg: IResourceGroup = { name: "rg-ops", location: "eastus2", id: "/subscriptions/0/resourceGroups/rg-ops" };
    const privateDnsZones = new PrivateDnsZones(stack, "Dns", { resourceGroup: rg, virtualNetworkId: "/subscriptions/0/vnet", virtualNetworkName: "vnet-ops" });
    const virtualNetwork = { id: "/subscriptions/0/vnet", name: "vnet-ops", resourceGroupName: rg.name, privateDnsZones };
    const subnet: ISubnet = { id: "/subscriptions/0/vnet/subnets/AzureBastionSubnet", name: "AzureBastionSubnet", addressPrefix: "10.9.0.0/26", virtualNetwork };
    new Bastion(stack, "Bastion", { resourceGroup: rg, name: "bas-ops", virtualNetwork, subnet });
    const json = JSON.parse(Testing.synth(stack));
    expect(Object.values(json.resource.azurerm_public_ip as Record<string, { name: string }>)[0].name).toBe("pip-bas-ops");
    expect(Object.values(json.resource.azurerm_bastion_host as Record<string, unknown>)[0]).toMatchObject({
      name: "bas-ops",
      resource_group_name: "rg-ops",
      ip_configuration: { subnet_id: "/subscriptions/0/vnet/subnets/AzureBastionSubnet" },
    });
  });

  test("grantConnect gives the principal Reader on the host", () => {
    const { stack, build } = bastionStack();
    const bastion = build();
    bastion.grantConnect({ principalId: "11111111-1111-1111-1111-111111111111", principalType: "Group" });
    const json = synthJson(stack);
    expect(onlyResource(json, "azurerm_role_assignment")).toEqual({
      scope: `\${azurerm_bastion_host.${onlyResourceId(json, "azurerm_bastion_host")}.id}`,
      role_definition_name: "Reader",
      principal_id: "11111111-1111-1111-1111-111111111111",
      principal_type: "Group",
    });
  });

  test("BASTION_SKUS", () => {
    expect(BASTION_SKUS).toEqual(["Developer", "Basic", "Standard", "Premium"]);
  });

  describe("BASTION_SUBNET_RULES", () => {
    test("Microsoft's eight rules, as synthesized on the AzureBastionSubnet's NSG", () => {
      const { stack } = bastionStack();
      const json = synthJson(stack);
      const subnet = Object.values(resourcesOf(json, "azurerm_subnet")).find((s) => s.name === "AzureBastionSubnet");
      expect(subnet).toMatchObject({ address_prefixes: ["10.0.4.0/26"] });
      const nsgId = Object.entries(resourcesOf(json, "azurerm_network_security_group")).find(([, n]) => n.name === "nsg-demo-dev-eus2-bastion")?.[0];
      const rules = Object.values(resourcesOf(json, "azurerm_network_security_rule"));
      for (const rule of rules) {
        expect(rule.network_security_group_name).toBe(`\${azurerm_network_security_group.${nsgId}.name}`);
        expect(rule.access).toBe("Allow");
        expect(rule.source_port_range).toBe("*");
      }
      const table = rules
        .map((r) => [r.direction, r.priority, r.name, r.protocol, r.source_address_prefix, r.destination_address_prefix, r.destination_port_range ?? r.destination_port_ranges])
        .sort((a, b) => String(a[0]).localeCompare(String(b[0])) || Number(a[1]) - Number(b[1]));
      expect(table).toEqual([
        ["Inbound", 100, "AllowHttpsInbound", "Tcp", "Internet", "*", "443"],
        ["Inbound", 110, "AllowGatewayManagerInbound", "Tcp", "GatewayManager", "*", "443"],
        ["Inbound", 120, "AllowAzureLoadBalancerInbound", "Tcp", "AzureLoadBalancer", "*", "443"],
        ["Inbound", 130, "AllowBastionHostCommunication", "*", "VirtualNetwork", "VirtualNetwork", ["8080", "5701"]],
        ["Outbound", 100, "AllowSshRdpOutbound", "*", "*", "VirtualNetwork", ["22", "3389"]],
        ["Outbound", 110, "AllowAzureCloudOutbound", "Tcp", "*", "AzureCloud", "443"],
        ["Outbound", 120, "AllowBastionCommunication", "*", "VirtualNetwork", "VirtualNetwork", ["8080", "5701"]],
        ["Outbound", 130, "AllowHttpOutbound", "*", "*", "Internet", "80"],
      ]);
    });

    test("pass the project's NSG policy (only 443 is open to the Internet)", () => {
      const { stack, build } = bastionStack();
      build();
      const report = evaluate(AZURE_RULES, { name: "test", tier: "prod", json: synthJson(stack) }, []);
      expect(report.findings.filter((f) => f.ruleId.startsWith("AZ-NSG"))).toEqual([]);
    });
  });

  describe("validation", () => {
    const path = "test/Bastion";

    test("an unknown sku", () => {
      const { build } = bastionStack();
      expectValidationError(() => build({ sku: "Free" as never }), `${path}: sku "Free" is not allowed (allowed: Developer, Basic, Standard, Premium)`);
    });

    test.each(["Basic", "Standard", "Premium"] as const)("%s without a subnet", (sku) => {
      const { build } = bastionStack();
      expectValidationError(
        () => build({ sku, subnet: undefined }),
        `${path}: subnet is required with sku "${sku}" (a dedicated host runs in the virtual network's AzureBastionSubnet, /26 or larger; or use sku "Developer")`,
      );
    });

    test("a subnet not named AzureBastionSubnet", () => {
      const { vnet, build } = bastionStack([{ name: "ops", addressPrefix: "10.0.5.0/26" }]);
      expectValidationError(
        () => build({ subnet: vnet.subnet("ops") }),
        `${path}: subnet name "snet-ops" is not allowed (Azure Bastion needs a subnet named exactly "AzureBastionSubnet"; in VnetWithSubnets set azureName: "AzureBastionSubnet")`,
      );
    });

    test("an AzureBastionSubnet smaller than /26", () => {
      const { stack, rg } = testStack();
      const vnet = new VnetWithSubnets(stack, "Network", { resourceGroup: rg, addressSpace: ["10.0.0.0/16"], subnets: [{ ...BASTION_SUBNET, addressPrefix: "10.0.4.0/27" }] });
      expectValidationError(
        () => new Bastion(stack, "Bastion", { resourceGroup: rg, virtualNetwork: vnet, subnet: vnet.subnet("bastion") }),
        `${path}: subnet addressPrefix "10.0.4.0/27" is too small for Azure Bastion (allowed: /26 or larger)`,
      );
    });

    test("a larger AzureBastionSubnet is fine", () => {
      const { stack, rg } = testStack();
      const vnet = new VnetWithSubnets(stack, "Network", { resourceGroup: rg, addressSpace: ["10.0.0.0/16"], subnets: [{ ...BASTION_SUBNET, addressPrefix: "10.0.4.0/24" }] });
      const bastion = new Bastion(stack, "Bastion", { resourceGroup: rg, virtualNetwork: vnet, subnet: vnet.subnet("bastion") });
      expect(bastion.sshSourceAddressPrefix).toBe("10.0.4.0/24");
    });

    test("a subnet address that is not a CIDR", () => {
      const { vnet, build } = bastionStack();
      const subnet: ISubnet = { ...vnet.subnet("bastion"), addressPrefix: "10.0.4.0" };
      expectValidationError(() => build({ subnet }), `${path}: subnet addressPrefix "10.0.4.0" is not an IPv4 CIDR (a.b.c.d/prefix)`);
    });

    test("an AzureBastionSubnet of another virtual network", () => {
      const { stack, rg, build } = bastionStack();
      const other = new VnetWithSubnets(stack, "Other", { resourceGroup: rg, name: "vnet-other", addressSpace: ["10.1.0.0/16"], subnets: [{ ...BASTION_SUBNET, addressPrefix: "10.1.4.0/26" }] });
      expectValidationError(
        () => build({ subnet: other.subnet("bastion") }),
        `${path}: subnet is in virtual network "vnet-other", not in virtualNetwork "vnet-demo-dev-eus2" (the AzureBastionSubnet must be in the Bastion's virtual network)`,
      );
    });

    test("Developer with a subnet", () => {
      const { vnet, build } = bastionStack();
      expectValidationError(
        () => build({ sku: "Developer", subnet: vnet.subnet("bastion") }),
        `${path}: subnet is not allowed with sku "Developer" (Developer attaches to virtualNetwork from a shared pool, with no AzureBastionSubnet and no public IP; allowed with sku: Basic, Standard, Premium)`,
      );
    });

    test("Developer with zones", () => {
      expectValidationError(() => developerStack({ zones: ["1"] }), `${path}: zones ["1"] is not allowed with sku "Developer" (allowed with sku: Basic, Standard, Premium)`);
    });

    test("Developer in a region without it", () => {
      expectValidationError(
        () => developerStack({}, { location: "eastus" }),
        `${path}: location "eastus" does not offer the Developer SKU (allowed: ${BASTION_DEVELOPER_REGIONS.join(", ")}; or use sku "Basic")`,
      );
    });

    test("Developer in centralus is fine", () => {
      const { bastion } = developerStack({}, { location: "centralus" });
      expect(bastion.sku).toBe("Developer");
    });

    test.each([
      ["tunneling", { sku: "Basic", tunneling: true }, 'tunneling true is not allowed with sku "Basic"'],
      ["tunneling", { sku: "Developer", tunneling: true }, 'tunneling true is not allowed with sku "Developer"'],
      ["ipConnect", { sku: "Basic", ipConnect: true }, 'ipConnect true is not allowed with sku "Basic"'],
      ["shareableLink", { sku: "Basic", shareableLink: true }, 'shareableLink true is not allowed with sku "Basic"'],
      ["fileCopy", { sku: "Developer", fileCopy: true }, 'fileCopy true is not allowed with sku "Developer"'],
      ["copyPaste", { sku: "Basic", copyPaste: false }, 'copyPaste false is not allowed with sku "Basic"'],
    ] as const)("%s above the SKU: %j", (_prop, props, message) => {
      const attempt = () => (props.sku === "Developer" ? developerStack(props) : bastionStack().build(props));
      expectValidationError(attempt, `${path}: ${message} (allowed with sku: Standard, Premium)`);
    });

    test("the Standard features may be turned off explicitly on Basic", () => {
      const { stack, build } = bastionStack();
      build({ tunneling: false, ipConnect: false, shareableLink: false, fileCopy: false, copyPaste: true });
      expect(onlyResource(synthJson(stack), "azurerm_bastion_host")).toMatchObject({ sku: "Basic", tunneling_enabled: false });
    });

    test.each([
      [1, "scaleUnits 1 is out of range (allowed: 2 to 50)"],
      [51, "scaleUnits 51 is out of range (allowed: 2 to 50)"],
      [2.5, "scaleUnits 2.5 is not a whole number (allowed: 2 to 50)"],
    ])("scaleUnits %d", (scaleUnits, message) => {
      expectValidationError(() => bastionStack().build({ sku: "Standard", scaleUnits }), `${path}: ${message}`);
    });

    test("more than 2 scale units on Basic", () => {
      expectValidationError(
        () => bastionStack().build({ scaleUnits: 3 }),
        `${path}: scaleUnits 3 is not allowed with sku "Basic" (allowed with sku: Standard, Premium; Basic always runs 2 instances)`,
      );
    });

    test.each([
      [[], 'zones is empty (give one or more of "1", "2", "3", or leave it out)'],
      [["4"], 'zones ["4"] is not allowed (allowed: "1", "2", "3")'],
      [["1", "1"], 'zones ["1","1"] lists a zone twice'],
    ])("zones %j", (zones, message) => {
      expectValidationError(() => bastionStack().build({ zones: zones as never }), `${path}: ${message}`);
    });

    test("zones in a region without availability zones", () => {
      expectValidationError(
        () => bastionStack([], { location: "northcentralus" }).build({ zones: ["1"] }),
        `${path}: zones ["1"] needs availability zones, and region "northcentralus" has none`,
      );
    });

    test("a name Azure rejects", () => {
      expectValidationError(
        () => bastionStack().build({ name: "bas-" }),
        `${path}: Azure Bastion host name "bas-" has characters or a shape Azure rejects; Azure allows 1-80 characters, letters, digits, underscores, periods and hyphens, starting with a letter or digit and ending with a letter, digit or underscore; unique within its resource group`,
      );
    });
  });
});
