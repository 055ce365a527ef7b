import { NetworkSecurityGroup } from "@cdktf/provider-azurerm/lib/network-security-group";
import { NetworkSecurityRule } from "@cdktf/provider-azurerm/lib/network-security-rule";
import { Subnet } from "@cdktf/provider-azurerm/lib/subnet";
import { SubnetNetworkSecurityGroupAssociation } from "@cdktf/provider-azurerm/lib/subnet-network-security-group-association";
import { VirtualNetwork } from "@cdktf/provider-azurerm/lib/virtual-network";
import { Token } from "cdktf";
import { Construct } from "constructs";
import * as ipaddr from "ipaddr.js";
import { resourceName } from "../core/azure-stack";
import { checkUnique, checkWholeNumber } from "../core/checks";
import { ValidationError, show } from "../core/errors";
import type { IResourceGroup } from "../core/interfaces";
import { NAMING_RULES, checkName } from "../core/naming";
import { ExistingVirtualNetwork, type ExistingVirtualNetworkByIdProps, type ExistingVirtualNetworkByNameProps } from "./existing";
import type { IPrivateDnsZones, ISubnet, IVirtualNetwork } from "./interfaces";
import { PrivateDnsZones } from "./private-dns-zones";

/**
 * Services a subnet can be delegated to, with the delegation actions the azurerm docs use for
 * them (Azure adds its own default actions per service; declaring the same ones avoids a
 * perpetual diff).
 *
 * - `Microsoft.Web/serverFarms`: App Service / Functions regional VNet integration. Actions from
 *   the example of `azurerm_app_service_virtual_network_swift_connection` (azurerm docs).
 * - `Microsoft.DBforPostgreSQL/flexibleServers`: a VNet-injected PostgreSQL Flexible Server.
 *   Actions from the example of `azurerm_postgresql_flexible_server` (azurerm docs).
 */
export const SUBNET_DELEGATIONS = {
  "Microsoft.Web/serverFarms": ["Microsoft.Network/virtualNetworks/subnets/action"],
  "Microsoft.DBforPostgreSQL/flexibleServers": ["Microsoft.Network/virtualNetworks/subnets/join/action"],
} as const;

/** A service with a known delegation (see SUBNET_DELEGATIONS). */
export type DelegatedService = keyof typeof SUBNET_DELEGATIONS;

/** A delegation to a service not in SUBNET_DELEGATIONS, with the actions `az network vnet subnet list-available-delegations` lists for it. */
export interface CustomSubnetDelegation {
  /** Service name, e.g. `Microsoft.ContainerInstance/containerGroups`. */
  readonly service: string;
  /** Actions delegated to the service. @default - none (Azure adds the service's default actions) */
  readonly actions?: readonly string[];
}

/**
 * `private_endpoint_network_policies` values azurerm 4.x accepts (azurerm docs, `azurerm_subnet`
 * / `azurerm_virtual_network` subnet block: `Disabled`, `Enabled`, `NetworkSecurityGroupEnabled`,
 * `RouteTableEnabled`).
 */
export const PRIVATE_ENDPOINT_NETWORK_POLICIES = ["Disabled", "Enabled", "NetworkSecurityGroupEnabled", "RouteTableEnabled"] as const;
export type PrivateEndpointNetworkPolicies = (typeof PRIVATE_ENDPOINT_NETWORK_POLICIES)[number];

/** NSG rule protocols azurerm accepts (`azurerm_network_security_rule`: `Tcp`, `Udp`, `Icmp`, `Esp`, `Ah` or `*`). */
export const NSG_PROTOCOLS = ["Tcp", "Udp", "Icmp", "Esp", "Ah", "*"] as const;
export type NsgProtocol = (typeof NSG_PROTOCOLS)[number];

const NSG_DIRECTIONS = ["Inbound", "Outbound"] as const;
const NSG_ACCESS = ["Allow", "Deny"] as const;

/**
 * A rule's source or destination: a service tag (`Internet`, `VirtualNetwork`,
 * `AzureLoadBalancer`, `Storage.EastUS`), `*`, an IPv4 address or CIDR, or `{ subnet: "<name>" }`
 * for the CIDR of another subnet of this VNet.
 */
export type NsgAddress = string | { readonly subnet: string };

/** One security rule of a subnet's network security group. */
export interface NsgRule {
  /** Unique within the subnet's NSG; 1-80 letters, digits, `_`, `.`, `-`. */
  readonly name: string;
  /** 100-4096, lower is evaluated first; unique per direction within the NSG. */
  readonly priority: number;
  /** @default "Inbound" */
  readonly direction?: "Inbound" | "Outbound";
  readonly access: "Allow" | "Deny";
  readonly protocol: NsgProtocol;
  readonly source: NsgAddress;
  readonly destination: NsgAddress;
  /** `443`, `8000-8080`, `*`, or several of them. */
  readonly destinationPorts: string | readonly string[];
  /** @default "*" */
  readonly sourcePorts?: string | readonly string[];
  /** At most 140 characters. @default - none */
  readonly description?: string;
}

/** One subnet of a VnetWithSubnets. */
export interface SubnetSpec {
  /** Logical name (`app`, `endpoints`, `data`): the key for `vnet.subnet(name)` and the Azure name `snet-<name>`. */
  readonly name: string;
  /**
   * The subnet's name in Azure, where a service requires a fixed one: `AzureBastionSubnet`
   * (Azure Bastion), `GatewaySubnet`, `AzureFirewallSubnet`.
   * @default `snet-<name>`
   */
  readonly azureName?: string;
  /** IPv4 CIDR inside one of the VNet's address spaces, /29 or larger. */
  readonly addressPrefix: string;
  /** Delegate the subnet to a service (App Service VNet integration: `Microsoft.Web/serverFarms`). @default - not delegated */
  readonly delegation?: DelegatedService | CustomSubnetDelegation;
  /**
   * Service endpoints, e.g. `Microsoft.Storage`, `Microsoft.KeyVault` (azurerm also documents
   * `Microsoft.AzureActiveDirectory`, `Microsoft.AzureCosmosDB`, `Microsoft.ContainerRegistry`,
   * `Microsoft.EventHub`, `Microsoft.ServiceBus`, `Microsoft.Sql`, `Microsoft.Storage.Global`,
   * `Microsoft.Web`). Prefer private endpoints. @default - none
   */
  readonly serviceEndpoints?: readonly string[];
  /**
   * Whether the subnet's NSG and route tables apply to private endpoints in it.
   * @default "Enabled" - the NSG created for the subnet also filters traffic to its private
   *   endpoints (Azure's own default, `Disabled`, lets that traffic bypass the NSG)
   */
  readonly privateEndpointNetworkPolicies?: PrivateEndpointNetworkPolicies;
  /**
   * Default outbound access to the internet for VMs without an explicit outbound method.
   * @default false - outbound internet needs an explicit NAT gateway, load balancer or public IP
   */
  readonly defaultOutboundAccess?: boolean;
  /** Rules of the subnet's network security group (Azure's default rules always apply after them). @default - none */
  readonly securityRules?: readonly NsgRule[];
}

export interface VnetWithSubnetsProps {
  readonly resourceGroup: IResourceGroup;
  /** @default - generated: `vnet-<workload>-<env>-<region>[-<instance>]` */
  readonly name?: string;
  /** Distinguishes several VNets in one stack, in the generated names of the VNet and its NSGs. @default - none */
  readonly instance?: string;
  /** @default - the resource group's location */
  readonly location?: string;
  /** IPv4 CIDRs of the VNet, e.g. `["10.0.0.0/16"]`; they must not overlap. */
  readonly addressSpace: readonly string[];
  /** Subnets, each with its own network security group. */
  readonly subnets: readonly SubnetSpec[];
  /**
   * Where private endpoints in the VNet's subnets register their DNS records:
   * `PrivateDnsZones.fromIds(...)` / `fromResourceGroup(...)` for existing central zones (nothing is
   * created; the zones must be linked to this VNet, or resolved through a DNS that is),
   * `PrivateDnsZones.none()` when Azure Policy writes the records. An endpoint can override it.
   * @default - zones of its own: each `privatelink.*` zone created in the VNet's resource group the
   *   first time an endpoint needs it, and linked to the VNet
   */
  readonly privateDnsZones?: IPrivateDnsZones;
  /**
   * ARM id of an existing DDoS Network Protection plan to protect the VNet's public IPs with
   * (`ddos_protection_plan`). A plan is billed monthly whether or not it is used, and one plan can
   * protect VNets in several subscriptions of the tenant: create it once, in a shared
   * subscription, and pass its id here; never a plan per stack.
   * Source: learn.microsoft.com/azure/ddos-protection/ddos-protection-overview.
   * @default - none: the VNet has the free, always-on infrastructure protection only
   */
  readonly ddosProtectionPlanId?: string;
}

/**
 * Subnets that take no network security group: Azure Firewall's (learn.microsoft.com/azure/firewall/firewall-faq:
 * "Subnet level NSGs aren't required on the AzureFirewallSubnet, and are disabled") and the VPN or
 * ExpressRoute gateway's. VnetWithSubnets creates no NSG for them and refuses `securityRules`.
 */
export const SUBNETS_WITHOUT_NSG = ["AzureFirewallSubnet", "AzureFirewallManagementSubnet", "GatewaySubnet"] as const;

/** A subnet created by VnetWithSubnets. */
export interface VnetSubnet extends ISubnet {
  /** The logical name it was declared with (`app`). */
  readonly logicalName: string;
  readonly resource: Subnet;
  /** None in the subnets where Azure disables subnet NSGs (`SUBNETS_WITHOUT_NSG`). */
  readonly networkSecurityGroup?: NetworkSecurityGroup;
  readonly securityRules: Readonly<Record<string, NetworkSecurityRule>>;
  /** The service it is delegated to, or none: always known for a subnet created here. */
  readonly delegations: readonly string[];
}

/**
 * Smallest and largest IPv4 subnet Azure supports: "The smallest supported IPv4 subnet is /29,
 * and the largest is /2" (Azure Virtual Network FAQ, "How small and how large can virtual
 * networks and subnets be?", learn.microsoft.com/azure/virtual-network/virtual-networks-faq).
 */
const SMALLEST_SUBNET_PREFIX = 29;
const LARGEST_SUBNET_PREFIX = 2;

/**
 * Smallest subnet per delegation. App Service VNet integration: "If the subnet already exists
 * before integrating through the portal, you can use a /28 subnet", and "To avoid any issues
 * with subnet capacity, use a /26" (learn.microsoft.com/azure/app-service/overview-vnet-integration,
 * "Subnet requirements"). The subnet exists before the app here, so /28 is Azure's floor.
 */
const DELEGATION_MIN_PREFIX: Partial<Record<string, { prefix: number; why: string }>> = {
  "Microsoft.Web/serverFarms": { prefix: 28, why: "App Service VNet integration needs /28 or larger; Microsoft recommends /26" },
};

/**
 * Ranges a VNet cannot use (Azure Virtual Network FAQ, "What address ranges can I use in my
 * virtual networks?").
 */
const RESERVED_RANGES: readonly (readonly [string, string])[] = [
  ["224.0.0.0/4", "multicast"],
  ["255.255.255.255/32", "broadcast"],
  ["127.0.0.0/8", "loopback"],
  ["169.254.0.0/16", "link-local"],
  ["168.63.129.16/32", "Azure's internal DNS"],
];

let parsedReservedRanges: readonly (readonly [string, string, Cidr])[] | undefined;
/** RESERVED_RANGES parsed, once per process rather than once per VNet. */
function reservedRanges(): readonly (readonly [string, string, Cidr])[] {
  return (parsedReservedRanges ??= RESERVED_RANGES.map(([range, what]) => [range, what, parseCidr("RESERVED_RANGES", "reserved range", range) as Cidr] as const));
}

interface Cidr {
  readonly text: string;
  readonly address: ipaddr.IPv4;
  readonly prefix: number;
}

const CIDR_SHAPE = /^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}\/(?:[0-9]|[12][0-9]|3[0-2])$/;

/** Parses an IPv4 CIDR, rejecting bad syntax and host bits; `undefined` for unresolved tokens. */
function parseCidr(where: string, prop: string, value: string): Cidr | undefined {
  if (Token.isUnresolved(value)) return undefined;
  if (!CIDR_SHAPE.test(value) || !ipaddr.IPv4.isValidCIDRFourPartDecimal(value)) {
    throw new ValidationError(where, `${prop} ${show(value)} is not an IPv4 CIDR (a.b.c.d/prefix, prefix 0-32)`);
  }
  const [address, prefix] = ipaddr.IPv4.parseCIDR(value);
  const network = `${ipaddr.IPv4.networkAddressFromCIDR(value).toString()}/${prefix}`;
  if (network !== value) throw new ValidationError(where, `${prop} ${show(value)} has host bits set (did you mean ${show(network)}?)`);
  return { text: value, address, prefix };
}

function overlaps(a: Cidr, b: Cidr): boolean {
  return a.address.match(b.address, Math.min(a.prefix, b.prefix));
}

function contains(outer: Cidr, inner: Cidr): boolean {
  return inner.prefix >= outer.prefix && inner.address.match(outer.address, outer.prefix);
}

function oneOf<T extends string>(where: string, prop: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) {
    throw new ValidationError(where, `${prop} ${show(value)} is not allowed (allowed: ${allowed.join(", ")})`);
  }
  return value as T;
}

function asList(value: string | readonly string[]): readonly string[] {
  return typeof value === "string" ? [value] : value;
}

const PORT_RANGE = /^(\d{1,5})(?:-(\d{1,5}))?$/;

function checkPorts(where: string, prop: string, ports: readonly string[]): void {
  if (ports.length === 0) throw new ValidationError(where, `${prop} is empty (give "*", a port or a range)`);
  for (const port of ports) {
    if (port === "*" || Token.isUnresolved(port)) continue;
    const m = PORT_RANGE.exec(port);
    const low = m ? Number(m[1]) : NaN;
    const high = m?.[2] !== undefined ? Number(m[2]) : low;
    if (!m || high > 65535 || low > high) {
      throw new ValidationError(where, `${prop} ${show(port)} is not a port, a port range or "*" (allowed: 0-65535, e.g. "443" or "8000-8080")`);
    }
  }
}

/** The Azure name of a subnet: its fixed `azureName`, or `snet-<name>`. */
function azureNameOf(spec: SubnetSpec): string {
  return spec.azureName ?? `snet-${spec.name}`;
}

/** A literal that looks like an IP address or CIDR (digits, dots, a slash), as opposed to a service tag. */
const IP_LIKE = /^[\d./]+$/;

/**
 * A virtual network with one `azurerm_subnet` per declared subnet (separate resources, not
 * inline blocks), each with its own network security group (rules as separate
 * `azurerm_network_security_rule` resources) associated with it, optional delegation and
 * service endpoints, network policies applied to private endpoints, and no default outbound
 * internet access. Owns the VNet's `privatelink.*` DNS zones (`privateDnsZones`), unless given
 * existing ones.
 *
 * A VNet that already exists is referenced, not recreated: `VnetWithSubnets.fromId` (ARM id, no
 * data source) or `fromName`, and its subnets with `.subnet(name)` or `ExistingSubnet.fromId`.
 *
 * Address plans are checked at synth: CIDR syntax and host bits, subnets inside the address
 * space and not overlapping, Azure's minimum subnet sizes (per delegation too), NSG rule names,
 * priorities (100-4096, unique per direction) and references to other subnets.
 */
export class VnetWithSubnets extends Construct implements IVirtualNetwork {
  /**
   * A VNet that already exists, by ARM id: name and resource group come from the id (no data
   * source). Give it `privateDnsZones` for the endpoints placed in its subnets.
   */
  static fromId(scope: Construct, id: string, props: ExistingVirtualNetworkByIdProps): ExistingVirtualNetwork {
    return ExistingVirtualNetwork.fromId(scope, id, props);
  }

  /** A VNet that already exists in the stack's subscription, by name: an `azurerm_virtual_network` data source supplies its id when it is needed. */
  static fromName(scope: Construct, id: string, props: ExistingVirtualNetworkByNameProps): ExistingVirtualNetwork {
    return ExistingVirtualNetwork.fromName(scope, id, props);
  }

  readonly resource: VirtualNetwork;
  readonly id: string;
  readonly name: string;
  readonly location: string;
  readonly resourceGroup: IResourceGroup;
  readonly addressSpace: readonly string[];
  /** Where endpoints in its subnets register DNS records: its own PrivateDnsZones unless given others. */
  readonly privateDnsZones: IPrivateDnsZones;
  /** The subnets by logical name. */
  readonly subnets: Readonly<Record<string, VnetSubnet>>;
  /** Each subnet's network security group, by the subnet's logical name. */
  readonly networkSecurityGroups: Readonly<Record<string, NetworkSecurityGroup>>;

  constructor(scope: Construct, id: string, props: VnetWithSubnetsProps) {
    super(scope, id);
    this.resourceGroup = props.resourceGroup;
    this.location = props.location ?? props.resourceGroup.location;
    this.addressSpace = [...props.addressSpace];
    this.checkAddressPlan(props);
    this.name = resourceName(this, "virtualNetwork", props.name, props.instance);

    this.resource = new VirtualNetwork(this, "Resource", {
      name: this.name,
      location: this.location,
      resourceGroupName: props.resourceGroup.name,
      addressSpace: [...props.addressSpace],
      // Firewall (DDoS plan): only with an existing plan id; without one the JSON is unchanged.
      ddosProtectionPlan: props.ddosProtectionPlanId === undefined ? undefined : { id: props.ddosProtectionPlanId, enable: true },
    });
    this.id = this.resource.id;
    this.privateDnsZones =
      props.privateDnsZones ??
      new PrivateDnsZones(this, "PrivateDns", {
        resourceGroup: props.resourceGroup,
        virtualNetworkId: this.resource.id,
        virtualNetworkName: this.name,
      });

    const subnets: Record<string, VnetSubnet> = {};
    const nsgs: Record<string, NetworkSecurityGroup> = {};
    for (const spec of props.subnets) {
      const subnet = this.createSubnet(spec, props);
      subnets[spec.name] = subnet;
      if (subnet.networkSecurityGroup) nsgs[spec.name] = subnet.networkSecurityGroup;
    }
    this.subnets = subnets;
    this.networkSecurityGroups = nsgs;
  }

  get resourceGroupName(): string {
    return this.resourceGroup.name;
  }

  /** The subnet declared as `name`; throws naming the known subnets when there is none. */
  subnet(name: string): VnetSubnet {
    const found = Object.prototype.hasOwnProperty.call(this.subnets, name) ? this.subnets[name] : undefined;
    if (!found) {
      throw new ValidationError(this.node.path, `no subnet ${show(name)} (known: ${Object.keys(this.subnets).join(", ") || "none"})`);
    }
    return found;
  }

  private subnetPath(name: string): string {
    return `${this.node.path}/Subnet[${name}]`;
  }

  /** Every check on literal input, before any resource exists. */
  private checkAddressPlan(props: VnetWithSubnetsProps): void {
    const path = this.node.path;
    if (props.addressSpace.length === 0) throw new ValidationError(path, "addressSpace is empty (give at least one IPv4 CIDR, e.g. \"10.0.0.0/16\")");
    const spaces: Cidr[] = [];
    let allSpacesKnown = true;
    for (const text of props.addressSpace) {
      const space = parseCidr(path, "addressSpace", text);
      if (!space) {
        allSpacesKnown = false;
        continue;
      }
      for (const [range, what, reserved] of reservedRanges()) {
        if (overlaps(space, reserved)) {
          throw new ValidationError(path, `addressSpace ${show(text)} overlaps ${range} (${what}), which Azure does not allow in a virtual network`);
        }
      }
      // One VNet's address spaces must be disjoint (also what keeps "the address space" of a subnet unambiguous).
      const clash = spaces.find((other) => overlaps(other, space));
      if (clash) throw new ValidationError(path, `addressSpace ${space.text} overlaps ${clash.text} (address spaces of a virtual network must not overlap)`);
      spaces.push(space);
    }

    const declared: Record<string, true> = {};
    const placed: { name: string; cidr: Cidr }[] = [];
    for (const spec of props.subnets) {
      const where = this.subnetPath(spec.name);
      checkUnique(where, "subnet", spec.name, declared);
      declared[spec.name] = true;
      checkName(where, "subnet", azureNameOf(spec));
      const cidr = parseCidr(where, "addressPrefix", spec.addressPrefix);
      if (spec.privateEndpointNetworkPolicies !== undefined) {
        oneOf(where, "privateEndpointNetworkPolicies", spec.privateEndpointNetworkPolicies, PRIVATE_ENDPOINT_NETWORK_POLICIES);
      }
      if (!cidr) continue;
      if (cidr.prefix > SMALLEST_SUBNET_PREFIX) {
        throw new ValidationError(where, `addressPrefix ${show(cidr.text)} is smaller than /${SMALLEST_SUBNET_PREFIX}, the smallest subnet Azure supports`);
      }
      if (cidr.prefix < LARGEST_SUBNET_PREFIX) {
        throw new ValidationError(where, `addressPrefix ${show(cidr.text)} is larger than /${LARGEST_SUBNET_PREFIX}, the largest subnet Azure supports`);
      }
      const service = typeof spec.delegation === "string" ? spec.delegation : spec.delegation?.service;
      const minimum = service === undefined ? undefined : DELEGATION_MIN_PREFIX[service];
      if (minimum && cidr.prefix > minimum.prefix) {
        throw new ValidationError(where, `addressPrefix ${show(cidr.text)} is too small for delegation ${service} (${minimum.why})`);
      }
      // A subnet is carved out of one of the VNet's address spaces (Azure Virtual Network FAQ: a
      // subnet needs "available space in the virtual network's address range").
      if (allSpacesKnown && !spaces.some((space) => contains(space, cidr))) {
        throw new ValidationError(where, `addressPrefix ${show(cidr.text)} is outside the address space (${spaces.map((s) => s.text).join(", ")})`);
      }
      // "Subnet address spaces can't overlap one another" (Azure Virtual Network FAQ).
      const clash = placed.find((other) => overlaps(other.cidr, cidr));
      if (clash) throw new ValidationError(where, `${cidr.text} overlaps ${clash.cidr.text} (Subnet[${clash.name}])`);
      placed.push({ name: spec.name, cidr });
    }

    for (const spec of props.subnets) this.checkRules(spec, props.subnets);
  }

  private checkRules(spec: SubnetSpec, all: readonly SubnetSpec[]): void {
    const where = this.subnetPath(spec.name);
    const names: Record<string, true> = {};
    const priorities = new Map<string, string>();
    const rule = NAMING_RULES.networkSecurityGroup;
    for (const r of spec.securityRules ?? []) {
      const what = `security rule ${show(r.name)}`;
      if (!Token.isUnresolved(r.name) && (r.name.length < 1 || r.name.length > 80 || !rule.pattern.test(r.name))) {
        throw new ValidationError(where, `security rule name ${show(r.name)} is not allowed (allowed: 1-80 characters, ${rule.allowed})`);
      }
      checkUnique(where, "security rule", r.name, names);
      names[r.name] = true;
      checkWholeNumber(where, `${what} priority`, r.priority, 100, 4096);
      const direction = oneOf(where, `${what} direction`, r.direction ?? "Inbound", NSG_DIRECTIONS);
      oneOf(where, `${what} access`, r.access, NSG_ACCESS);
      oneOf(where, `${what} protocol`, r.protocol, NSG_PROTOCOLS);
      if (!Token.isUnresolved(r.priority)) {
        // "You can't create two security rules with the same priority and direction"
        // (learn.microsoft.com/azure/virtual-network/network-security-groups-overview, "Security rules").
        const key = `${direction}/${r.priority}`;
        const other = priorities.get(key);
        if (other !== undefined) {
          throw new ValidationError(where, `${what} priority ${r.priority} is already used by security rule ${show(other)} (${direction}); Azure requires a unique priority per direction`);
        }
        priorities.set(key, r.name);
      }
      checkPorts(where, `${what} destinationPorts`, asList(r.destinationPorts));
      checkPorts(where, `${what} sourcePorts`, asList(r.sourcePorts ?? "*"));
      if (r.description !== undefined && r.description.length > 140) {
        throw new ValidationError(where, `${what} description is ${r.description.length} characters (allowed: at most 140)`);
      }
      for (const [side, address] of [["source", r.source], ["destination", r.destination]] as const) {
        if (typeof address === "string") {
          if (Token.isUnresolved(address) || !IP_LIKE.test(address)) continue;
          const valid = address.includes("/") ? CIDR_SHAPE.test(address) && ipaddr.IPv4.isValidCIDRFourPartDecimal(address) : ipaddr.IPv4.isValidFourPartDecimal(address);
          if (!valid) throw new ValidationError(where, `${what} ${side} ${show(address)} is not an IPv4 address or CIDR`);
        } else if (!all.some((s) => s.name === address.subnet)) {
          throw new ValidationError(where, `${what} ${side} refers to unknown subnet ${show(address.subnet)} (known: ${all.map((s) => s.name).join(", ")})`);
        }
      }
    }
  }

  private createSubnet(spec: SubnetSpec, props: VnetWithSubnetsProps): VnetSubnet {
    const delegation =
      spec.delegation === undefined ? undefined
      : typeof spec.delegation === "string" ? { service: spec.delegation, actions: SUBNET_DELEGATIONS[spec.delegation] as readonly string[] }
      : spec.delegation;
    // One scope per subnet: its resources' construct ids cannot collide across subnets.
    const scope = new Construct(this, `Subnet-${spec.name}`);
    const resource = new Subnet(scope, "Resource", {
      name: azureNameOf(spec),
      resourceGroupName: props.resourceGroup.name,
      virtualNetworkName: this.resource.name,
      addressPrefixes: [spec.addressPrefix],
      // Secure default (Azure's is true): no implicit outbound IP; egress must be explicit.
      defaultOutboundAccessEnabled: spec.defaultOutboundAccess ?? false,
      // Default "Enabled" (Azure's is "Disabled", AVM's network module defaults to "Enabled"): the
      // subnet's NSG also applies to private endpoints in it.
      privateEndpointNetworkPolicies: spec.privateEndpointNetworkPolicies ?? "Enabled",
      serviceEndpoints: spec.serviceEndpoints?.length ? [...spec.serviceEndpoints] : undefined,
      delegation: delegation && [
        {
          name: delegation.service.replace(/\//g, "."),
          serviceDelegation: { name: delegation.service, actions: delegation.actions ? [...delegation.actions] : undefined },
        },
      ],
    });

    if ((SUBNETS_WITHOUT_NSG as readonly string[]).includes(azureNameOf(spec))) {
      if (spec.securityRules?.length) {
        throw new ValidationError(this.node.path, `subnet "${spec.name}" (${azureNameOf(spec)}) has securityRules, but Azure disables network security groups on ${azureNameOf(spec)} (learn.microsoft.com/azure/firewall/firewall-faq); remove them`);
      }
      return { logicalName: spec.name, id: resource.id, name: azureNameOf(spec), addressPrefix: spec.addressPrefix, virtualNetwork: this, resource, securityRules: {}, delegations: delegation ? [delegation.service] : [] };
    }
    const nsg = new NetworkSecurityGroup(scope, "NetworkSecurityGroup", {
      name: resourceName(this, "networkSecurityGroup", undefined, props.instance ? `${props.instance}-${spec.name}` : spec.name),
      location: this.location,
      resourceGroupName: props.resourceGroup.name,
    });
    const rules: Record<string, NetworkSecurityRule> = {};
    // `{ subnet: "app" }` becomes that subnet's CIDR (checkRules made sure it exists).
    const address = (a: NsgAddress): string => (typeof a === "string" ? a : (props.subnets.find((s) => s.name === a.subnet) as SubnetSpec).addressPrefix);
    for (const r of spec.securityRules ?? []) {
      const destinationPorts = asList(r.destinationPorts);
      const sourcePorts = asList(r.sourcePorts ?? "*");
      rules[r.name] = new NetworkSecurityRule(scope, `Rule-${r.name}`, {
        name: r.name,
        resourceGroupName: props.resourceGroup.name,
        networkSecurityGroupName: nsg.name,
        priority: r.priority,
        direction: r.direction ?? "Inbound",
        access: r.access,
        protocol: r.protocol,
        description: r.description,
        sourceAddressPrefix: address(r.source),
        destinationAddressPrefix: address(r.destination),
        ...(sourcePorts.length === 1 ? { sourcePortRange: sourcePorts[0] } : { sourcePortRanges: [...sourcePorts] }),
        ...(destinationPorts.length === 1 ? { destinationPortRange: destinationPorts[0] } : { destinationPortRanges: [...destinationPorts] }),
      });
    }
    new SubnetNetworkSecurityGroupAssociation(scope, "NetworkSecurityGroupAssociation", {
      subnetId: resource.id,
      networkSecurityGroupId: nsg.id,
    });
    return {
      logicalName: spec.name,
      id: resource.id,
      name: azureNameOf(spec),
      addressPrefix: spec.addressPrefix,
      virtualNetwork: this,
      resource,
      networkSecurityGroup: nsg,
      securityRules: rules,
      delegations: delegation ? [delegation.service] : [],
    };
  }
}
