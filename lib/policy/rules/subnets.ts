import { subnetCidr } from "../network-reach";
import type { PolicyRule, ResourceView } from "../rule";
import { addressOf, get, isReference } from "../util";

/*
 * Deployability rules for what a resource asks of the subnet it is placed in: a delegation to its
 * service, no delegation at all, or a reserved name. Each judges a subnet only when the value is
 * exactly `${azurerm_subnet.<id>.id}` of a subnet in the same stack; a subnet id from a variable,
 * a data source, another stack or a Terraform expression is never judged.
 */

type Config = Readonly<Record<string, unknown>>;

const SUBNET_ID = /^\$\{azurerm_subnet\.([A-Za-z0-9_-]+)\.id\}$/;

/** The subnet of the stack whose id `value` is (`${azurerm_subnet.<id>.id}`), or undefined. */
function subnetOf(value: unknown, resources: readonly ResourceView[]): ResourceView | undefined {
  if (typeof value !== "string") return undefined;
  const m = SUBNET_ID.exec(value);
  return m ? resources.find((r) => r.type === "azurerm_subnet" && r.logicalId === m[1]) : undefined;
}

function asList(value: unknown): unknown[] {
  return Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
}

function isObject(value: unknown): value is Config {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/**
 * The services a subnet is delegated to (`delegation[].service_delegation[].name`; cdktf writes
 * `delegation` as a list and `service_delegation` as an object), or undefined when a reference or
 * a dynamic block decides them.
 */
function delegationsOf(subnet: ResourceView): readonly string[] | undefined {
  const dynamic = subnet.config.dynamic;
  if (isObject(dynamic) && dynamic.delegation !== undefined) return undefined;
  const services: string[] = [];
  for (const delegation of asList(subnet.config.delegation)) {
    if (!isObject(delegation)) return undefined; // a reference in place of the block
    for (const service of asList(delegation.service_delegation)) {
      if (!isObject(service)) return undefined;
      const name = service.name;
      if (typeof name !== "string" || isReference(name)) return undefined;
      services.push(name);
    }
  }
  return services;
}

/** `subnet "snet-app" (studio-prod/Network/Subnet[app])` for messages. */
function describe(subnet: ResourceView): string {
  const name = subnet.config.name;
  return typeof name === "string" && !isReference(name) ? `subnet ${JSON.stringify(name)} (${subnet.path})` : `subnet ${subnet.path} (${addressOf(subnet)})`;
}

function listed(services: readonly string[]): string {
  return services.length ? services.join(", ") : "none";
}

// ---------------------------------------------------------------------------------------------
// AZ-DEP-004: regional VNet integration into a subnet not delegated to Microsoft.Web/serverFarms
// ---------------------------------------------------------------------------------------------

const WEB_DELEGATION = "Microsoft.Web/serverFarms";

/**
 * App Service and Functions resources that take `virtual_network_subnet_id` for regional VNet
 * integration on an App Service plan. Not `azurerm_function_app_flex_consumption`: Flex
 * Consumption integrates through a subnet delegated to `Microsoft.App/environments`.
 */
const VNET_INTEGRATED_APPS = [
  "azurerm_linux_web_app",
  "azurerm_windows_web_app",
  "azurerm_linux_web_app_slot",
  "azurerm_windows_web_app_slot",
  "azurerm_linux_function_app",
  "azurerm_windows_function_app",
  "azurerm_linux_function_app_slot",
  "azurerm_windows_function_app_slot",
];
const SWIFT_CONNECTION = "azurerm_app_service_virtual_network_swift_connection";

// ---------------------------------------------------------------------------------------------
// AZ-DEP-006: a VNet-injected PostgreSQL Flexible Server
// ---------------------------------------------------------------------------------------------

const POSTGRES_DELEGATION = "Microsoft.DBforPostgreSQL/flexibleServers";

// ---------------------------------------------------------------------------------------------
// AZ-DEP-007: a dedicated Bastion host's subnet
// ---------------------------------------------------------------------------------------------

/** The subnet name and smallest size Azure Bastion's dedicated SKUs accept (as lib/network/bastion.ts checks for the construct). */
const BASTION_SUBNET_NAME = "AzureBastionSubnet";
const BASTION_SUBNET_MIN_PREFIX = 26;

export const SUBNET_RULES: readonly PolicyRule[] = [
  /**
   * Azure refuses regional VNet integration into a subnet without the `Microsoft.Web/serverFarms`
   * delegation: the ARM call fails with "Subnet <subnet> in VNET <vnet> is missing a delegation to
   * Microsoft.Web/serverFarms. Please add the delegation and try again." (the portal and
   * `az webapp vnet-integration add` add the delegation themselves; an ARM or Terraform deployment
   * does not). Sources: azurerm 4.55, website/docs/r/app_service_virtual_network_swift_connection
   * ("the subnet must have a `service_delegation` configured for `Microsoft.Web/serverFarms`");
   * learn.microsoft.com/azure/app-service/configure-vnet-integration-enable ("The subnet must be
   * delegated to Microsoft.Web/serverFarms"); the ARM error as reported in
   * github.com/Azure/terraform-azurerm-vnet/issues/46 and
   * github.com/Azure/azure-quickstart-templates/issues/8813.
   */
  {
    id: "AZ-DEP-004",
    severity: "error",
    category: "deployability",
    description:
      "Regional VNet integration of a web or function app (or slot), through `virtual_network_subnet_id` or an `azurerm_app_service_virtual_network_swift_connection`, uses a subnet delegated to Microsoft.Web/serverFarms: Azure refuses the integration into any other subnet (\"is missing a delegation to Microsoft.Web/serverFarms\").",
    fix: "Delegate the integration subnet to Microsoft.Web/serverFarms (VnetWithSubnets: delegation: \"Microsoft.Web/serverFarms\"; azurerm_subnet: a delegation block whose service_delegation name is \"Microsoft.Web/serverFarms\"), and use it for this App Service plan only; or integrate into a subnet that is.",
    resourceTypes: [...VNET_INTEGRATED_APPS, SWIFT_CONNECTION],
    checkov: [],
    check(resource, context) {
      const attribute = resource.type === SWIFT_CONNECTION ? "subnet_id" : "virtual_network_subnet_id";
      const subnet = subnetOf(resource.config[attribute], context.resources);
      if (!subnet) return undefined;
      const services = delegationsOf(subnet);
      if (services === undefined || services.includes(WEB_DELEGATION)) return undefined;
      return `${attribute} is ${describe(subnet)}, which is not delegated to ${WEB_DELEGATION} (its delegations: ${listed(services)}): Azure refuses regional VNet integration into it`;
    },
  },
  /**
   * Azure refuses a private endpoint in a subnet that has any delegation:
   * "PrivateEndpointCreationNotAllowedAsSubnetIsDelegated" ("a delegated subnet can't host a
   * private endpoint network adapter"; a usable private endpoint subnet has an empty `delegations`
   * array). Source: Microsoft Learn, "Troubleshoot private endpoint creation that fails or stalls
   * in Azure Private Link",
   * https://learn.microsoft.com/troubleshoot/azure/private-link/troubleshoot-private-endpoint-creation-failed
   */
  {
    id: "AZ-DEP-005",
    severity: "error",
    category: "deployability",
    description:
      "A private endpoint is placed in a subnet without delegations: Azure refuses a private endpoint's network interface in a subnet delegated to any service (PrivateEndpointCreationNotAllowedAsSubnetIsDelegated).",
    fix: "Place the private endpoint in a subnet of its own without a delegation (VnetWithSubnets: a subnet such as \"endpoints\" with no delegation), and keep delegated subnets (App Service integration, PostgreSQL Flexible Server) for their service.",
    resourceTypes: ["azurerm_private_endpoint"],
    checkov: [],
    check(resource, context) {
      const subnet = subnetOf(resource.config.subnet_id, context.resources);
      if (!subnet) return undefined;
      const services = delegationsOf(subnet);
      if (services === undefined || services.length === 0) return undefined;
      return `subnet_id is ${describe(subnet)}, which is delegated to ${listed(services)}: Azure refuses a private endpoint in a delegated subnet (PrivateEndpointCreationNotAllowedAsSubnetIsDelegated)`;
    },
  },
  /**
   * A VNet-injected PostgreSQL Flexible Server "must be in a subnet that's delegated [...] only
   * Azure Database for PostgreSQL flexible server instances can use that subnet. [...] You delegate
   * a subnet by assigning its delegation property as Microsoft.DBforPostgreSQL/flexibleServers"
   * (learn.microsoft.com/azure/postgresql/network/concepts-networking-private, "Virtual network
   * concepts"). azurerm 4.55 (website/docs/r/postgresql_flexible_server, `delegated_subnet_id`):
   * the service delegates a subnet that is not delegated yet; an `azurerm_subnet` that does not
   * declare that delegation then plans to remove it at the next apply (its `delegation` is not
   * computed). A subnet delegated to another service is reserved for that service.
   */
  {
    id: "AZ-DEP-006",
    severity: "error",
    category: "deployability",
    description:
      "A PostgreSQL Flexible Server with private access (`delegated_subnet_id`) is placed in a subnet delegated to Microsoft.DBforPostgreSQL/flexibleServers: a subnet delegated to another service is reserved for it, and a delegation the service adds to an undelegated azurerm_subnet is removed again by Terraform's next plan.",
    fix: "Delegate the server's subnet to Microsoft.DBforPostgreSQL/flexibleServers (VnetWithSubnets: delegation: \"Microsoft.DBforPostgreSQL/flexibleServers\"; azurerm_subnet: a delegation block with that service_delegation name) and keep it for Flexible Servers only; or use public access with a private endpoint in an undelegated subnet (PostgresFlexible does).",
    resourceTypes: ["azurerm_postgresql_flexible_server"],
    checkov: [],
    check(resource, context) {
      const subnet = subnetOf(resource.config.delegated_subnet_id, context.resources);
      if (!subnet) return undefined;
      const services = delegationsOf(subnet);
      if (services === undefined || services.includes(POSTGRES_DELEGATION)) return undefined;
      const why =
        services.length === 0
          ? "Azure requires that delegation; the service would add it at create, and this azurerm_subnet, which does not declare it, plans to remove it at the next apply"
          : "a delegated subnet is reserved for the service it is delegated to";
      return `delegated_subnet_id is ${describe(subnet)}, which is not delegated to ${POSTGRES_DELEGATION} (its delegations: ${listed(services)}): ${why}`;
    },
  },
  /**
   * Azure Bastion's dedicated SKUs (Basic, Standard, Premium) run in a subnet that "must be named
   * AzureBastionSubnet" and is "/26 or larger" (learn.microsoft.com/azure/bastion/configuration-settings,
   * "Azure Bastion subnet"). azurerm checks the name only when `subnet_id` is known at plan time;
   * a reference to a subnet created in the same apply passes the plan and fails at create.
   */
  {
    id: "AZ-DEP-007",
    severity: "error",
    category: "deployability",
    description:
      "A dedicated Bastion host (Basic, Standard or Premium; `ip_configuration.subnet_id`) runs in a subnet named exactly AzureBastionSubnet, /26 or larger: Azure refuses any other subnet, and azurerm's own name check cannot see a subnet created in the same apply.",
    fix: "Give the Bastion host a subnet of its own named AzureBastionSubnet, /26 or larger (VnetWithSubnets: azureName: \"AzureBastionSubnet\", addressPrefix of /26 or larger; the Bastion construct checks both), or use sku \"Developer\", which needs no subnet.",
    resourceTypes: ["azurerm_bastion_host"],
    checkov: [],
    check(resource, context) {
      const subnet = subnetOf(get(resource, "ip_configuration", "subnet_id"), context.resources);
      if (!subnet) return undefined;
      const name = subnet.config.name;
      if (typeof name === "string" && !isReference(name) && name !== BASTION_SUBNET_NAME) {
        return `ip_configuration.subnet_id is ${describe(subnet)}: Azure Bastion needs a subnet named exactly ${JSON.stringify(BASTION_SUBNET_NAME)}`;
      }
      const cidr = subnetCidr(subnet);
      const prefix = cidr === undefined ? undefined : Number(cidr.split("/")[1]);
      if (prefix !== undefined && prefix > BASTION_SUBNET_MIN_PREFIX) {
        return `ip_configuration.subnet_id is ${describe(subnet)}, ${cidr}: Azure Bastion needs /${BASTION_SUBNET_MIN_PREFIX} or larger`;
      }
      return undefined;
    },
  },
];
