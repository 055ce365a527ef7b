import { TerraformStack, Testing } from "cdktf";
import type { IResourceGroup } from "../../../lib/core/interfaces";
import { AKS_FQDN_TAG, Firewall, type FirewallProps } from "../../../lib/network/firewall";
import type { ISubnet } from "../../../lib/network/interfaces";
import { VnetWithSubnets } from "../../../lib/network/vnet-with-subnets";
import { expectValidationError, onlyResource, onlyResourceId, rendered, resourcesOf, synthJson, testStack } from "../../helpers/stack";

const VNET = { id: "/subscriptions/0/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet-hub", name: "vnet-hub", resourceGroupName: "rg", location: "eastus2" };
function subnet(name: string, addressPrefix: string): ISubnet {
  return { id: `${VNET.id}/subnets/${name}`, name, addressPrefix, virtualNetwork: VNET };
}
const FW_SUBNET = subnet("AzureFirewallSubnet", "10.0.0.0/26");
const MGMT_SUBNET = subnet("AzureFirewallManagementSubnet", "10.0.0.64/26");

function firewallStack(props: Partial<FirewallProps> = {}, environment = {}) {
  const { stack, rg } = testStack({ environment });
  const build = (more: Partial<FirewallProps> = {}) => new Firewall(stack, "Firewall", { resourceGroup: rg, subnet: FW_SUBNET, ...props, ...more });
  return { stack, rg, build };
}

describe("Firewall", () => {
  test("Standard by default: AZFW_VNet with a policy that denies threats and proxies DNS, a Standard static public IP", () => {
    const { stack, build } = firewallStack();
    const fw = build();
    const json = synthJson(stack);
    const policyId = onlyResourceId(json, "azurerm_firewall_policy");
    const pipId = onlyResourceId(json, "azurerm_public_ip");
    expect(onlyResource(json, "azurerm_firewall")).toMatchObject({
      name: "afw-demo-dev-eus2",
      location: "eastus2",
      sku_name: "AZFW_VNet",
      sku_tier: "Standard",
      firewall_policy_id: `\${azurerm_firewall_policy.${policyId}.id}`,
      ip_configuration: [{ name: "configuration", subnet_id: FW_SUBNET.id, public_ip_address_id: `\${azurerm_public_ip.${pipId}.id}` }],
    });
    const firewall = onlyResource(json, "azurerm_firewall");
    expect(firewall.management_ip_configuration).toBeUndefined();
    expect(firewall.threat_intel_mode).toBeUndefined();
    expect(onlyResource(json, "azurerm_firewall_policy")).toMatchObject({
      name: "afwp-demo-dev-eus2", sku: "Standard", threat_intelligence_mode: "Deny", dns: { proxy_enabled: true },
    });
    expect(onlyResource(json, "azurerm_firewall_policy").intrusion_detection).toBeUndefined();
    expect(onlyResource(json, "azurerm_public_ip")).toMatchObject({ name: "pip-demo-dev-eus2-afw", sku: "Standard", allocation_method: "Static" });
    expect(resourcesOf(json, "azurerm_firewall_policy_rule_collection_group")).toEqual({});
    expect(resourcesOf(json, "azurerm_monitor_diagnostic_setting")).toEqual({});
    expect(rendered(stack, fw.privateIpAddress)).toMatch(/^\$\{azurerm_firewall\.Firewall_[A-F0-9]+\.ip_configuration\[0\]\.private_ip_address\}$/);
  });

  test("Premium turns IDPS on in Deny mode; zones go to the firewall and its public IP", () => {
    const { stack, build } = firewallStack({ sku: "Premium", zones: ["1", "2", "3"] });
    build();
    const json = synthJson(stack);
    expect(onlyResource(json, "azurerm_firewall_policy")).toMatchObject({ sku: "Premium", threat_intelligence_mode: "Deny", intrusion_detection: { mode: "Deny" } });
    expect(onlyResource(json, "azurerm_firewall")).toMatchObject({ sku_tier: "Premium", zones: ["1", "2", "3"] });
    expect(onlyResource(json, "azurerm_public_ip")).toMatchObject({ zones: ["1", "2", "3"] });
  });

  test("Basic: a management IP configuration with its own public IP, threat intel Alert, no DNS block", () => {
    const { stack, build } = firewallStack({ sku: "Basic", managementSubnet: MGMT_SUBNET });
    const fw = build();
    const json = synthJson(stack);
    const pips = resourcesOf(json, "azurerm_public_ip");
    expect(Object.values(pips).map((p) => p.name).sort()).toEqual(["pip-demo-dev-eus2-afw", "pip-demo-dev-eus2-afw-mgmt"]);
    const mgmtPipId = Object.entries(pips).find(([, p]) => String(p.name).endsWith("-mgmt"))?.[0];
    expect(onlyResource(json, "azurerm_firewall")).toMatchObject({
      sku_tier: "Basic",
      management_ip_configuration: { name: "management", subnet_id: MGMT_SUBNET.id, public_ip_address_id: `\${azurerm_public_ip.${mgmtPipId}.id}` },
    });
    const policy = onlyResource(json, "azurerm_firewall_policy");
    expect(policy).toMatchObject({ sku: "Basic", threat_intelligence_mode: "Alert" });
    expect(policy.dns).toBeUndefined();
    expect(fw.managementPublicIp).toBeDefined();
  });

  test("typed rule collections: AKS egress by FQDN tag and network rules, in one rule collection group", () => {
    const { stack, build } = firewallStack({
      applicationRuleCollections: [{ name: "aks", priority: 200, rules: [{ name: "aks-fqdn-tag", sourceAddresses: ["10.1.0.0/22"], destinationFqdnTags: [AKS_FQDN_TAG] }] }],
      networkRuleCollections: [
        { name: "aks-net", priority: 100, rules: [{ name: "ntp", protocols: ["UDP"], sourceAddresses: ["10.1.0.0/22"], destinationFqdns: ["ntp.ubuntu.com"], destinationPorts: ["123"] }] },
        { name: "deny-smb", priority: 110, action: "Deny", rules: [{ name: "smb", protocols: ["TCP"], sourceAddresses: ["*"], destinationAddresses: ["*"], destinationPorts: ["445"] }] },
      ],
    });
    build();
    const json = synthJson(stack);
    const policyId = onlyResourceId(json, "azurerm_firewall_policy");
    expect(onlyResource(json, "azurerm_firewall_policy_rule_collection_group")).toMatchObject({
      name: "rules",
      priority: 200,
      firewall_policy_id: `\${azurerm_firewall_policy.${policyId}.id}`,
      application_rule_collection: [{
        name: "aks", priority: 200, action: "Allow",
        rule: [{ name: "aks-fqdn-tag", source_addresses: ["10.1.0.0/22"], destination_fqdn_tags: ["AzureKubernetesService"], protocols: [{ type: "Http", port: 80 }, { type: "Https", port: 443 }] }],
      }],
      network_rule_collection: [
        { name: "aks-net", priority: 100, action: "Allow", rule: [{ name: "ntp", protocols: ["UDP"], destination_fqdns: ["ntp.ubuntu.com"], destination_ports: ["123"] }] },
        { name: "deny-smb", priority: 110, action: "Deny", rule: [{ name: "smb", destination_addresses: ["*"], destination_ports: ["445"] }] },
      ],
    });
  });

  test("routeThrough: a route table sending 0.0.0.0/0 to the firewall's private IP, associated with the subnet", () => {
    const { stack, build } = firewallStack();
    const fw = build();
    const aks = subnet("snet-aks", "10.0.8.0/22");
    const { routeTable } = fw.routeThrough(aks);
    const json = synthJson(stack);
    const fwId = onlyResourceId(json, "azurerm_firewall");
    const rtId = onlyResourceId(json, "azurerm_route_table");
    expect(onlyResource(json, "azurerm_route_table")).toMatchObject({
      name: "rt-demo-dev-eus2-snet-aks",
      location: "eastus2",
      route: [{ name: "default-via-firewall", address_prefix: "0.0.0.0/0", next_hop_type: "VirtualAppliance", next_hop_in_ip_address: `\${azurerm_firewall.${fwId}.ip_configuration[0].private_ip_address}` }],
    });
    expect(onlyResource(json, "azurerm_subnet_route_table_association")).toEqual({ subnet_id: aks.id, route_table_id: `\${azurerm_route_table.${rtId}.id}` });
    expect(routeTable).toBeDefined();
  });

  test("diagnostics go to resource-specific tables (Dedicated); protection adds a lock and prevent_destroy", () => {
    const { stack, build } = firewallStack({ diagnosticSettings: { workspaceId: "/subscriptions/0/law" }, lock: "CanNotDelete", preventDestroy: true });
    const fw = build();
    const json = synthJson(stack);
    expect(onlyResource(json, "azurerm_monitor_diagnostic_setting")).toMatchObject({
      target_resource_id: `\${azurerm_firewall.${onlyResourceId(json, "azurerm_firewall")}.id}`,
      log_analytics_workspace_id: "/subscriptions/0/law",
      log_analytics_destination_type: "Dedicated",
      enabled_log: [{ category_group: "allLogs" }],
      enabled_metric: [{ category: "AllMetrics" }],
    });
    expect(onlyResource(json, "azurerm_firewall")).toMatchObject({ lifecycle: { prevent_destroy: true } });
    expect(onlyResource(json, "azurerm_management_lock")).toMatchObject({ name: `lock-${fw.name}`, lock_level: "CanNotDelete" });
  });

  test("with VnetWithSubnets: the AzureFirewallSubnet by azureName", () => {
    const { stack, rg } = testStack();
    const vnet = new VnetWithSubnets(stack, "Network", { resourceGroup: rg, addressSpace: ["10.0.0.0/16"], subnets: [{ name: "firewall", azureName: "AzureFirewallSubnet", addressPrefix: "10.0.0.0/26" }, { name: "aks", addressPrefix: "10.0.8.0/22" }] });
    const fw = new Firewall(stack, "Firewall", { resourceGroup: rg, subnet: vnet.subnet("firewall") });
    fw.routeThrough(vnet.subnet("aks"));
    const json = synthJson(stack);
    expect(onlyResource(json, "azurerm_route_table").name).toBe("rt-demo-dev-eus2-snet-aks");
  });

  test("in a plain TerraformStack with an explicit name", () => {
    const plain = new TerraformStack(Testing.app(), "plain");
    const rg: IResourceGroup = { name: "rg-hub", location: "eastus2", id: "/subscriptions/0/resourceGroups/rg-hub" };
    const fw = new Firewall(plain, "Firewall", { resourceGroup: rg, name: "afw-hub", subnet: FW_SUBNET, sku: "Basic", managementSubnet: MGMT_SUBNET });
    fw.routeThrough(subnet("snet-app", "10.0.4.0/24"));
    const json = synthJson(plain);
    expect(onlyResource(json, "azurerm_firewall_policy").name).toBe("afwp-afw-hub");
    expect(Object.values(resourcesOf(json, "azurerm_public_ip")).map((p) => p.name).sort()).toEqual(["pip-afw-hub", "pip-afw-hub-mgmt"]);
    expect(onlyResource(json, "azurerm_route_table").name).toBe("rt-snet-app-afw-hub");
    expect(() => new Firewall(plain, "Unnamed", { resourceGroup: rg, subnet: FW_SUBNET })).toThrow(/pass the `name` prop/);
  });
});

describe("Firewall input checks", () => {
  const P = "test/Firewall";
  test.each<[Partial<FirewallProps>, string]>([
    [{ sku: "Gold" as never }, `${P}: sku "Gold" is not allowed (allowed: Basic, Standard, Premium)`],
    [{ subnet: subnet("snet-firewall", "10.0.0.0/26") }, `${P}: subnet name "snet-firewall" is not allowed (Azure Firewall needs a subnet named exactly "AzureFirewallSubnet"; in VnetWithSubnets set azureName: "AzureFirewallSubnet")`],
    [{ subnet: subnet("AzureFirewallSubnet", "10.0.0.0/27") }, `${P}: subnet addressPrefix "10.0.0.0/27" is too small for Azure Firewall (allowed: /26 or larger)`],
    [{ sku: "Basic" }, `${P}: managementSubnet is required with sku "Basic" (Basic needs a management IP configuration in the VNet's AzureFirewallManagementSubnet, /26 or larger)`],
    [{ managementSubnet: subnet("AzureFirewallSubnet", "10.0.0.64/26") }, `${P}: managementSubnet name "AzureFirewallSubnet" is not allowed (Azure Firewall needs a subnet named exactly "AzureFirewallManagementSubnet"; in VnetWithSubnets set azureName: "AzureFirewallManagementSubnet")`],
    [{ sku: "Basic", managementSubnet: MGMT_SUBNET, threatIntelMode: "Deny" }, `${P}: threatIntelMode "Deny" is not available with sku "Basic" (Basic supports "Alert" only; use sku "Standard" or "Premium" to deny)`],
    [{ sku: "Basic", managementSubnet: MGMT_SUBNET, dnsProxy: true }, `${P}: dnsProxy true is not available with sku "Basic" (allowed with sku: Standard, Premium)`],
    [{ idps: "Deny" }, `${P}: idps "Deny" is not available with sku "Standard" (IDPS is Premium only; allowed with sku: Premium)`],
    [{ zones: [] }, `${P}: zones is empty (give one or more of "1", "2", "3", or leave it out)`],
    [{ zones: ["1", "1"] }, `${P}: zones ["1","1"] lists a zone twice`],
    [{ applicationRuleCollections: [{ name: "a", priority: 50, rules: [{ name: "r", sourceAddresses: ["*"], destinationFqdns: ["x.com"] }] }] }, `${P}: applicationRuleCollections: collection "a" priority 50 is out of range (allowed: whole numbers 100 to 65000)`],
    [{ applicationRuleCollections: [{ name: "a", priority: 100, rules: [{ name: "r", sourceAddresses: ["*"] }] }] }, `${P}: applicationRuleCollections: rule "r" has no destination (give destinationFqdns or destinationFqdnTags)`],
    [{ networkRuleCollections: [{ name: "n", priority: 100, rules: [{ name: "r", protocols: ["TCP"], sourceAddresses: ["*"], destinationPorts: ["443"] }] }] }, `${P}: networkRuleCollections: rule "r" has no destination (give destinationAddresses or destinationFqdns)`],
    [{ networkRuleCollections: [{ name: "n", priority: 100, rules: [] }, { name: "n", priority: 200, rules: [] }] }, `${P}: networkRuleCollections: collection "n" has no rules`],
    [{ networkRuleCollections: [{ name: "n", priority: 100, rules: [{ name: "r", protocols: ["TCP"], sourceAddresses: ["*"], destinationAddresses: ["*"], destinationPorts: ["1"] }] }, { name: "m", priority: 100, rules: [{ name: "r", protocols: ["TCP"], sourceAddresses: ["*"], destinationAddresses: ["*"], destinationPorts: ["1"] }] }] }, `${P}: networkRuleCollections: collection "m" priority 100 is used twice (each collection needs its own priority)`],
    [{ sku: "Basic", managementSubnet: MGMT_SUBNET, networkRuleCollections: [{ name: "n", priority: 100, rules: [{ name: "ntp", protocols: ["UDP"], sourceAddresses: ["*"], destinationFqdns: ["ntp.ubuntu.com"], destinationPorts: ["123"] }] }] }, `${P}: network rule "ntp" uses destinationFqdns, which need the DNS proxy (not available with sku "Basic"; use destinationAddresses, an application rule, or sku "Standard")`],
  ])("%j is refused", (props, message) => {
    expectValidationError(() => firewallStack(props).build(), message);
  });

  test("zones in a region without zones", () => {
    expectValidationError(() => firewallStack({ zones: ["1"] }, { location: "westus" }).build(), `${P}: zones ["1"] needs availability zones, and region "westus" has none`);
  });

  test("routeThrough refuses the firewall's own subnet and a second call for one subnet", () => {
    const { build } = firewallStack();
    const fw = build();
    expectValidationError(() => fw.routeThrough(FW_SUBNET), `${P}: routeThrough("AzureFirewallSubnet"): the firewall's own subnet cannot route through the firewall (give a workload subnet)`);
    fw.routeThrough(subnet("snet-aks", "10.0.8.0/22"));
    expectValidationError(() => fw.routeThrough(subnet("snet-aks", "10.0.8.0/22")), `${P}: routeThrough("snet-aks") is called twice (a subnet has one route table)`);
  });
});
