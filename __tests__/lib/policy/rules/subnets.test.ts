import { AppServiceVirtualNetworkSwiftConnection } from "@cdktf/provider-azurerm/lib/app-service-virtual-network-swift-connection";
import { PrivateEndpoint } from "@cdktf/provider-azurerm/lib/private-endpoint";
import { Subnet } from "@cdktf/provider-azurerm/lib/subnet";
import { TerraformStack, TerraformVariable, Testing } from "cdktf";
import { evaluate } from "../../../../lib/policy/engine";
import type { PolicyRule, ResourceView } from "../../../../lib/policy/rule";
import { AZURE_RULES } from "../../../../lib/policy/rules";
import { SUBNET_RULES } from "../../../../lib/policy/rules/subnets";
import { verdictText } from "../../../helpers/policy";

type Json = { resource: Record<string, Record<string, Record<string, unknown>>> };

function rule(id: string): PolicyRule {
  return SUBNET_RULES.find((r) => r.id === id)!;
}

/** Runs one rule over a stack JSON, returning `path: message (severity)` lines. */
function run(id: string, json: Json): string[] {
  return evaluate([rule(id)], { name: "s", tier: "prod", json, date: "2026-11-29" }, []).findings.map((f) => `${f.path}: ${f.message} (${f.severity})`);
}

const meta = (path: string) => ({ "//": { metadata: { path } } });

/** A subnet as cdktf writes it: `delegation` a list, `service_delegation` an object. */
function subnet(name: string, delegations: readonly string[] = [], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    ...meta(`s/Net/${name}`),
    name,
    address_prefixes: ["10.0.1.0/24"],
    ...(delegations.length ? { delegation: delegations.map((service) => ({ name: service.replace(/\//g, "."), service_delegation: { name: service, actions: ["Microsoft.Network/virtualNetworks/subnets/action"] } })) } : {}),
    ...extra,
  };
}

/** A stack with the given subnets (by logical id) and one resource of `type` configured with `config`. */
function stack(subnets: Record<string, Record<string, unknown>>, type: string, config: Record<string, unknown>): Json {
  return { resource: { azurerm_subnet: subnets, [type]: { it: { ...meta("s/It/Resource"), name: "it", ...config } } } };
}

const WEB = "Microsoft.Web/serverFarms";
const PG = "Microsoft.DBforPostgreSQL/flexibleServers";

describe("AZ-DEP-004: regional VNet integration into a subnet delegated to Microsoft.Web/serverFarms", () => {
  test("covers web and function apps, their slots and the swift connection", () => {
    expect(rule("AZ-DEP-004").resourceTypes).toEqual([
      "azurerm_linux_web_app",
      "azurerm_windows_web_app",
      "azurerm_linux_web_app_slot",
      "azurerm_windows_web_app_slot",
      "azurerm_linux_function_app",
      "azurerm_windows_function_app",
      "azurerm_linux_function_app_slot",
      "azurerm_windows_function_app_slot",
      "azurerm_app_service_virtual_network_swift_connection",
    ]);
  });

  test("an app integrated into an undelegated subnet is refused", () => {
    expect(run("AZ-DEP-004", stack({ app: subnet("snet-app") }, "azurerm_linux_web_app", { virtual_network_subnet_id: "${azurerm_subnet.app.id}" }))).toEqual([
      's/It/Resource: virtual_network_subnet_id is subnet "snet-app" (s/Net/snet-app), which is not delegated to Microsoft.Web/serverFarms (its delegations: none): Azure refuses regional VNet integration into it (error)',
    ]);
  });

  test("a subnet delegated to another service is refused too; slots and function apps are judged alike", () => {
    expect(run("AZ-DEP-004", stack({ data: subnet("snet-data", [PG]) }, "azurerm_windows_function_app_slot", { virtual_network_subnet_id: "${azurerm_subnet.data.id}" }))).toEqual([
      's/It/Resource: virtual_network_subnet_id is subnet "snet-data" (s/Net/snet-data), which is not delegated to Microsoft.Web/serverFarms (its delegations: Microsoft.DBforPostgreSQL/flexibleServers): Azure refuses regional VNet integration into it (error)',
    ]);
  });

  test("the swift connection's subnet_id", () => {
    expect(run("AZ-DEP-004", stack({ app: subnet("snet-app") }, "azurerm_app_service_virtual_network_swift_connection", { app_service_id: "${azurerm_linux_web_app.x.id}", subnet_id: "${azurerm_subnet.app.id}" }))).toEqual([
      expect.stringMatching(/^s\/It\/Resource: subnet_id is subnet "snet-app" \(s\/Net\/snet-app\), which is not delegated to Microsoft\.Web\/serverFarms/),
    ]);
  });

  test("complies: the subnet is delegated to Microsoft.Web/serverFarms, or the app has no VNet integration", () => {
    expect(run("AZ-DEP-004", stack({ app: subnet("snet-app", [WEB]) }, "azurerm_linux_web_app", { virtual_network_subnet_id: "${azurerm_subnet.app.id}" }))).toEqual([]);
    expect(run("AZ-DEP-004", stack({ app: subnet("snet-app") }, "azurerm_linux_web_app", {}))).toEqual([]);
  });

  test("a subnet id the rule cannot resolve is not judged: a variable, a data source, a literal id, another attribute, an expression", () => {
    const subnets = { app: subnet("snet-app") };
    for (const value of [
      "${var.subnet_id}",
      "${data.azurerm_subnet.app.id}",
      "/subscriptions/0/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/hub/subnets/app",
      "${azurerm_subnet.app.name}",
      "${var.integrate ? azurerm_subnet.app.id : null}",
      "${azurerm_subnet.missing.id}",
    ]) {
      expect([value, run("AZ-DEP-004", stack(subnets, "azurerm_linux_web_app", { virtual_network_subnet_id: value }))]).toEqual([value, []]);
    }
  });

  test("delegations the rule cannot read are not judged: a reference in place of the block or the name, a dynamic block", () => {
    const app = { virtual_network_subnet_id: "${azurerm_subnet.app.id}" };
    expect(run("AZ-DEP-004", stack({ app: subnet("snet-app", [], { delegation: "${var.delegations}" }) }, "azurerm_linux_web_app", app))).toEqual([]);
    expect(run("AZ-DEP-004", stack({ app: subnet("snet-app", [], { delegation: [{ name: "d", service_delegation: { name: "${var.service}" } }] }) }, "azurerm_linux_web_app", app))).toEqual([]);
    expect(run("AZ-DEP-004", stack({ app: subnet("snet-app", [], { dynamic: { delegation: { for_each: "${var.d}", content: {} } } }) }, "azurerm_linux_web_app", app))).toEqual([]);
  });
});

describe("AZ-DEP-005: no private endpoint in a delegated subnet", () => {
  const endpoint = (subnetId: string) => ({ subnet_id: subnetId, private_service_connection: { private_connection_resource_id: "${azurerm_key_vault.kv.id}", subresource_names: ["vault"] } });

  test("a private endpoint in a subnet delegated to any service is refused", () => {
    expect(run("AZ-DEP-005", stack({ app: subnet("snet-app", [WEB]) }, "azurerm_private_endpoint", endpoint("${azurerm_subnet.app.id}")))).toEqual([
      's/It/Resource: subnet_id is subnet "snet-app" (s/Net/snet-app), which is delegated to Microsoft.Web/serverFarms: Azure refuses a private endpoint in a delegated subnet (PrivateEndpointCreationNotAllowedAsSubnetIsDelegated) (error)',
    ]);
    expect(run("AZ-DEP-005", stack({ data: subnet("snet-data", [PG]) }, "azurerm_private_endpoint", endpoint("${azurerm_subnet.data.id}")))).toHaveLength(1);
  });

  test("complies: a subnet without delegations (an empty list too)", () => {
    expect(run("AZ-DEP-005", stack({ pe: subnet("snet-endpoints") }, "azurerm_private_endpoint", endpoint("${azurerm_subnet.pe.id}")))).toEqual([]);
    expect(run("AZ-DEP-005", stack({ pe: subnet("snet-endpoints", [], { delegation: [] }) }, "azurerm_private_endpoint", endpoint("${azurerm_subnet.pe.id}")))).toEqual([]);
  });

  test("a subnet the rule cannot resolve is not judged", () => {
    const subnets = { app: subnet("snet-app", [WEB]) };
    expect(run("AZ-DEP-005", stack(subnets, "azurerm_private_endpoint", endpoint("${var.endpoint_subnet_id}")))).toEqual([]);
    expect(run("AZ-DEP-005", stack(subnets, "azurerm_private_endpoint", endpoint("${data.azurerm_subnet.app.id}")))).toEqual([]);
  });
});

describe("AZ-DEP-006: a VNet-injected PostgreSQL Flexible Server in a subnet delegated to it", () => {
  const server = (subnetId: string) => ({ delegated_subnet_id: subnetId, private_dns_zone_id: "${azurerm_private_dns_zone.pg.id}", public_network_access_enabled: false });

  test("a subnet delegated to another service, or to none", () => {
    expect(run("AZ-DEP-006", stack({ app: subnet("snet-app", [WEB]) }, "azurerm_postgresql_flexible_server", server("${azurerm_subnet.app.id}")))).toEqual([
      's/It/Resource: delegated_subnet_id is subnet "snet-app" (s/Net/snet-app), which is not delegated to Microsoft.DBforPostgreSQL/flexibleServers (its delegations: Microsoft.Web/serverFarms): a delegated subnet is reserved for the service it is delegated to (error)',
    ]);
    expect(run("AZ-DEP-006", stack({ data: subnet("snet-data") }, "azurerm_postgresql_flexible_server", server("${azurerm_subnet.data.id}")))).toEqual([
      's/It/Resource: delegated_subnet_id is subnet "snet-data" (s/Net/snet-data), which is not delegated to Microsoft.DBforPostgreSQL/flexibleServers (its delegations: none): Azure requires that delegation; the service would add it at create, and this azurerm_subnet, which does not declare it, plans to remove it at the next apply (error)',
    ]);
  });

  test("complies: delegated to Flexible Server, public access without a delegated subnet, or a subnet of another stack", () => {
    expect(run("AZ-DEP-006", stack({ data: subnet("snet-data", [PG]) }, "azurerm_postgresql_flexible_server", server("${azurerm_subnet.data.id}")))).toEqual([]);
    expect(run("AZ-DEP-006", stack({ data: subnet("snet-data") }, "azurerm_postgresql_flexible_server", { public_network_access_enabled: true }))).toEqual([]);
    expect(run("AZ-DEP-006", stack({ data: subnet("snet-data") }, "azurerm_postgresql_flexible_server", server("${var.pg_subnet_id}")))).toEqual([]);
  });
});

describe("AZ-DEP-007: a dedicated Bastion host in AzureBastionSubnet, /26 or larger", () => {
  const host = (subnetId: string) => ({ sku: "Basic", ip_configuration: { name: "configuration", public_ip_address_id: "${azurerm_public_ip.pip.id}", subnet_id: subnetId } });

  test("a subnet with another name, or one smaller than /26", () => {
    expect(run("AZ-DEP-007", stack({ b: subnet("snet-bastion") }, "azurerm_bastion_host", host("${azurerm_subnet.b.id}")))).toEqual([
      's/It/Resource: ip_configuration.subnet_id is subnet "snet-bastion" (s/Net/snet-bastion): Azure Bastion needs a subnet named exactly "AzureBastionSubnet" (error)',
    ]);
    expect(run("AZ-DEP-007", stack({ b: subnet("AzureBastionSubnet", [], { address_prefixes: ["10.0.9.0/27"] }) }, "azurerm_bastion_host", host("${azurerm_subnet.b.id}")))).toEqual([
      's/It/Resource: ip_configuration.subnet_id is subnet "AzureBastionSubnet" (s/Net/AzureBastionSubnet), 10.0.9.0/27: Azure Bastion needs /26 or larger (error)',
    ]);
  });

  test("complies: AzureBastionSubnet of /26 (or a list-shaped block), the Developer SKU without a subnet, a subnet of another stack", () => {
    expect(run("AZ-DEP-007", stack({ b: subnet("AzureBastionSubnet", [], { address_prefixes: ["10.0.9.0/26"] }) }, "azurerm_bastion_host", host("${azurerm_subnet.b.id}")))).toEqual([]);
    const listShaped = { ...host("${azurerm_subnet.b.id}"), ip_configuration: [host("${azurerm_subnet.b.id}").ip_configuration] };
    expect(run("AZ-DEP-007", stack({ b: subnet("AzureBastionSubnet") }, "azurerm_bastion_host", listShaped))).toEqual([]);
    expect(run("AZ-DEP-007", stack({ b: subnet("snet-bastion") }, "azurerm_bastion_host", { sku: "Developer", virtual_network_id: "${azurerm_virtual_network.v.id}" }))).toEqual([]);
    expect(run("AZ-DEP-007", stack({ b: subnet("snet-bastion") }, "azurerm_bastion_host", host("${data.azurerm_subnet.hub.id}")))).toEqual([]);
    expect(run("AZ-DEP-007", stack({ b: subnet("${var.name}") }, "azurerm_bastion_host", host("${azurerm_subnet.b.id}")))).toEqual([]);
  });
});

describe("the subnet rules over JSON synthesized by cdktf", () => {
  test("read the delegation and references exactly as cdktf writes them", () => {
    const app = Testing.app();
    const plain = new TerraformStack(app, "plain");
    const common = { resourceGroupName: "rg", virtualNetworkName: "vnet" };
    const integration = new Subnet(plain, "Integration", {
      ...common,
      name: "snet-app",
      addressPrefixes: ["10.0.1.0/26"],
      delegation: [{ name: "web", serviceDelegation: { name: WEB, actions: ["Microsoft.Network/virtualNetworks/subnets/action"] } }],
    });
    const undelegated = new Subnet(plain, "Plain", { ...common, name: "snet-plain", addressPrefixes: ["10.0.2.0/26"] });
    const external = new TerraformVariable(plain, "external_subnet_id", { type: "string" });
    new PrivateEndpoint(plain, "Endpoint", {
      name: "pe-x",
      location: "eastus2",
      resourceGroupName: "rg",
      subnetId: integration.id,
      privateServiceConnection: { name: "c", privateConnectionResourceId: "/subscriptions/0/x", isManualConnection: false, subresourceNames: ["vault"] },
    });
    new PrivateEndpoint(plain, "ExternalEndpoint", {
      name: "pe-y",
      location: "eastus2",
      resourceGroupName: "rg",
      subnetId: external.stringValue,
      privateServiceConnection: { name: "c", privateConnectionResourceId: "/subscriptions/0/x", isManualConnection: false, subresourceNames: ["vault"] },
    });
    new AppServiceVirtualNetworkSwiftConnection(plain, "Swift", { appServiceId: "/subscriptions/0/app", subnetId: undelegated.id });
    // Testing.synth leaves out construct paths: findings name the logical ids.
    const json = JSON.parse(Testing.synth(plain)) as Json;
    const report = evaluate(SUBNET_RULES, { name: "plain", json, date: "2026-11-29" }, []);
    expect(report.findings.map((f) => `${f.ruleId} ${f.path}`)).toEqual(["AZ-DEP-005 Endpoint", "AZ-DEP-004 Swift"]);
  });
});

describe("every subnet rule", () => {
  test("is a deployability error with a stable id, a description, a fix and no checkov equivalent, registered in the rule pack", () => {
    expect(SUBNET_RULES.map((r) => r.id)).toEqual(["AZ-DEP-004", "AZ-DEP-005", "AZ-DEP-006", "AZ-DEP-007"]);
    for (const r of SUBNET_RULES) {
      expect(r).toMatchObject({ category: "deployability", severity: "error", checkov: [] });
      expect(r.description.length).toBeGreaterThan(40);
      expect(r.fix.length).toBeGreaterThan(20);
      expect(AZURE_RULES).toContain(r);
      // A resource with no subnet at all complies.
      const view: ResourceView = { type: r.resourceTypes[0], logicalId: "x", path: "s/x", config: {} };
      expect(verdictText(r.check(view, { stackName: "s", resources: [view] }))).toBeUndefined();
    }
  });
});
