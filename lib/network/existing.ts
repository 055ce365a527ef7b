import { DataAzurermSubnet } from "@cdktf/provider-azurerm/lib/data-azurerm-subnet";
import { DataAzurermVirtualNetwork } from "@cdktf/provider-azurerm/lib/data-azurerm-virtual-network";
import { Fn, Token } from "cdktf";
import { Construct } from "constructs";
import { ValidationError, show } from "../core/errors";
import { ARM_RESOURCE_KINDS, checkLookupSubscription, parseResourceId } from "./arm-id";
import type { IPrivateDnsZones, ISubnet, IVirtualNetwork } from "./interfaces";

/*
 * References to virtual networks and subnets that already exist (a landing zone's spoke VNet, a
 * platform team's subnets). By ARM id, nothing is looked up: names come from the id. By name, an
 * `azurerm_virtual_network` / `azurerm_subnet` data source supplies the id. A data source is
 * added only when an attribute the reference does not carry is read (the address prefix of a
 * subnet referenced by id, for an NSG rule); the library's own checks never add one, they skip.
 */

/** What a reference to an existing VNet can be told about it. */
export interface ExistingVirtualNetworkOptions {
  /**
   * Where private endpoints in its subnets register their DNS records: `PrivateDnsZones.fromIds`
   * or `fromResourceGroup` for central zones, `PrivateDnsZones.none()` when Azure Policy writes
   * the records, or `new PrivateDnsZones(...)` to create zones and link them to this VNet.
   * @default - none known: every private endpoint in its subnets must set its own privateDnsZones
   */
  readonly privateDnsZones?: IPrivateDnsZones;
  /**
   * The VNet's ARM region, as a literal; private endpoints in its subnets default to it.
   * @default - unknown: endpoints default to the location of the resource they connect to
   */
  readonly location?: string;
}

export interface ExistingVirtualNetworkByIdProps extends ExistingVirtualNetworkOptions {
  /** ARM id of the VNet (`/subscriptions/.../providers/Microsoft.Network/virtualNetworks/<name>`); a Terraform reference is accepted. */
  readonly virtualNetworkId: string;
}

export interface ExistingVirtualNetworkByNameProps extends ExistingVirtualNetworkOptions {
  readonly name: string;
  /** Resource group of the VNet, in the stack's subscription. */
  readonly resourceGroupName: string;
}

export type ExistingVirtualNetworkProps = ExistingVirtualNetworkByIdProps | ExistingVirtualNetworkByNameProps;

/**
 * A virtual network that already exists, for every prop that takes an IVirtualNetwork (and, through
 * `subnet(name)`, an ISubnet). Nothing is created; subnets it hands out have unknown delegations.
 * Prefer `VnetWithSubnets.fromId` / `fromName`.
 */
export class ExistingVirtualNetwork extends Construct implements IVirtualNetwork {
  /** A VNet by ARM id: its name and resource group come from the id, with no data source. */
  static fromId(scope: Construct, id: string, props: ExistingVirtualNetworkByIdProps): ExistingVirtualNetwork {
    return new ExistingVirtualNetwork(scope, id, props);
  }

  /** A VNet by name in the stack's subscription: its id comes from an `azurerm_virtual_network` data source, added when the id is first read. */
  static fromName(scope: Construct, id: string, props: ExistingVirtualNetworkByNameProps): ExistingVirtualNetwork {
    return new ExistingVirtualNetwork(scope, id, props);
  }

  readonly name: string;
  readonly resourceGroupName: string;
  /** Subscription of the VNet, from its id; undefined when referenced by name (the stack's). */
  readonly subscriptionId?: string;
  readonly location?: string;
  readonly privateDnsZones?: IPrivateDnsZones;
  private readonly givenId?: string;
  private lookup?: DataAzurermVirtualNetwork;
  private readonly subnets = new Map<string, ExistingSubnet>();

  constructor(scope: Construct, id: string, props: ExistingVirtualNetworkProps) {
    super(scope, id);
    this.location = props.location;
    this.privateDnsZones = props.privateDnsZones;
    if ("virtualNetworkId" in props) {
      const parsed = parseResourceId(this.node.path, "virtualNetworkId", props.virtualNetworkId, ARM_RESOURCE_KINDS.virtualNetwork);
      this.givenId = props.virtualNetworkId;
      this.name = parsed.name;
      this.resourceGroupName = parsed.resourceGroupName;
      this.subscriptionId = parsed.subscriptionId;
    } else {
      checkNonEmpty(this.node.path, { name: props.name, resourceGroupName: props.resourceGroupName });
      this.name = props.name;
      this.resourceGroupName = props.resourceGroupName;
    }
  }

  /** ARM id of the VNet: the one given, or the data source's. */
  get id(): string {
    return this.givenId ?? this.dataSource().id;
  }

  /** The `azurerm_virtual_network` data source, once something needed it. */
  get lookupDataSource(): DataAzurermVirtualNetwork | undefined {
    return this.lookup;
  }

  /**
   * The VNet's subnet `name` (its Azure name, e.g. `snet-endpoints`). Its id is derived from the
   * VNet's; its delegations are unknown. Asking twice for the same name returns the same object.
   */
  subnet(name: string, options: ExistingSubnetOptions = {}): ExistingSubnet {
    const found = this.subnets.get(name);
    if (found) {
      if (options.addressPrefix !== undefined && options.addressPrefix !== found.knownAddressPrefix) {
        const before = found.knownAddressPrefix === undefined ? "without an addressPrefix" : `with addressPrefix ${show(found.knownAddressPrefix)}`;
        throw new ValidationError(this.node.path, `subnet ${show(name)} was already referenced ${before}; give addressPrefix ${show(options.addressPrefix)} the first time, or not at all`);
      }
      return found;
    }
    const subnet = new ExistingSubnet(this, `Subnet-${name}`, { ...options, virtualNetwork: this, name });
    this.subnets.set(name, subnet);
    return subnet;
  }

  private dataSource(): DataAzurermVirtualNetwork {
    this.lookup ??= new DataAzurermVirtualNetwork(this, "Lookup", { name: this.name, resourceGroupName: this.resourceGroupName });
    return this.lookup;
  }
}

/** What a reference to an existing subnet can be told about it. */
export interface ExistingSubnetOptions {
  /**
   * The subnet's CIDR as a literal, for the checks that need it (subnet sizes) and the values
   * that use it (NSG rules naming it as a source).
   * @default - unknown: checks that need it are skipped, and reading `addressPrefix` adds an
   *   `azurerm_subnet` data source (in the stack's subscription)
   */
  readonly addressPrefix?: string;
}

export interface ExistingSubnetByIdProps extends ExistingSubnetOptions, ExistingVirtualNetworkOptions {
  /** ARM id of the subnet (`.../virtualNetworks/<vnet>/subnets/<subnet>`); a Terraform reference is accepted. */
  readonly subnetId: string;
}

export interface ExistingSubnetByNameProps extends ExistingSubnetOptions, ExistingVirtualNetworkOptions {
  /** The subnet's Azure name. */
  readonly name: string;
  readonly virtualNetworkName: string;
  /** Resource group of the VNet, in the stack's subscription. */
  readonly resourceGroupName: string;
}

/** A subnet of a referenced VNet (what `ExistingVirtualNetwork.subnet` passes). */
export interface ExistingSubnetOfVirtualNetworkProps extends ExistingSubnetOptions {
  readonly virtualNetwork: ExistingVirtualNetwork;
  readonly name: string;
}

export type ExistingSubnetProps = ExistingSubnetByIdProps | ExistingSubnetByNameProps | ExistingSubnetOfVirtualNetworkProps;

/**
 * A subnet that already exists, for every prop that takes an ISubnet (private endpoints, VNet
 * integration, VNet injection). Nothing is created. Its delegations are unknown (`delegations`
 * is undefined): a construct that needs a delegated subnet cannot check it at synth, and Azure
 * refuses the deployment if the delegation is missing.
 */
export class ExistingSubnet extends Construct implements ISubnet {
  /** A subnet by ARM id: its name, VNet and resource group come from the id, with no data source. */
  static fromId(scope: Construct, id: string, props: ExistingSubnetByIdProps): ExistingSubnet {
    return new ExistingSubnet(scope, id, props);
  }

  /** A subnet by name in the stack's subscription: an `azurerm_subnet` data source supplies its id (and address prefix). */
  static fromName(scope: Construct, id: string, props: ExistingSubnetByNameProps): ExistingSubnet {
    return new ExistingSubnet(scope, id, props);
  }

  readonly name: string;
  readonly virtualNetwork: ExistingVirtualNetwork;
  /** Unknown for a referenced subnet. */
  readonly delegations: readonly string[] | undefined = undefined;
  /** The literal address prefix given, if any. */
  readonly knownAddressPrefix?: string;
  private readonly givenId?: string;
  /** The subnet's subscription, from its id; undefined when unknown. */
  private readonly subscriptionId?: string;
  private lookup?: DataAzurermSubnet;

  constructor(scope: Construct, id: string, props: ExistingSubnetProps) {
    super(scope, id);
    const path = this.node.path;
    if (props.addressPrefix !== undefined && !Token.isUnresolved(props.addressPrefix) && !isIpv4Cidr(props.addressPrefix)) {
      throw new ValidationError(path, `addressPrefix ${show(props.addressPrefix)} is not an IPv4 CIDR (a.b.c.d/prefix, prefix 0-32)`);
    }
    this.knownAddressPrefix = props.addressPrefix;
    if ("subnetId" in props) {
      const parsed = parseResourceId(path, "subnetId", props.subnetId, ARM_RESOURCE_KINDS.subnet);
      this.givenId = props.subnetId;
      this.name = parsed.name;
      this.subscriptionId = parsed.subscriptionId;
      this.virtualNetwork = new ExistingVirtualNetwork(this, "VirtualNetwork", {
        virtualNetworkId: parsed.parentId as string,
        location: props.location,
        privateDnsZones: props.privateDnsZones,
      });
    } else if ("virtualNetwork" in props) {
      checkNonEmpty(path, { name: props.name });
      this.name = props.name;
      this.virtualNetwork = props.virtualNetwork;
      this.subscriptionId = props.virtualNetwork.subscriptionId;
      // A VNet referenced by id gives its subnets ids without a lookup.
      if (props.virtualNetwork.subscriptionId !== undefined) this.givenId = `${props.virtualNetwork.id}/subnets/${props.name}`;
    } else {
      checkNonEmpty(path, { name: props.name, virtualNetworkName: props.virtualNetworkName, resourceGroupName: props.resourceGroupName });
      this.name = props.name;
      this.virtualNetwork = new ExistingVirtualNetwork(this, "VirtualNetwork", {
        name: props.virtualNetworkName,
        resourceGroupName: props.resourceGroupName,
        location: props.location,
        privateDnsZones: props.privateDnsZones,
      });
    }
  }

  /** ARM id of the subnet: the one given (or derived from the VNet's id), else the data source's. */
  get id(): string {
    return this.givenId ?? this.dataSource().id;
  }

  /**
   * The subnet's CIDR: the literal given, else the first of the `azurerm_subnet` data source's
   * `address_prefixes` (the data source is added now). Checks use `knownAddressPrefix` instead.
   */
  get addressPrefix(): string {
    if (this.knownAddressPrefix !== undefined) return this.knownAddressPrefix;
    return Token.asString(Fn.element(this.dataSource().addressPrefixes, 0));
  }

  /** The `azurerm_subnet` data source, once something needed it. */
  get lookupDataSource(): DataAzurermSubnet | undefined {
    return this.lookup;
  }

  private dataSource(): DataAzurermSubnet {
    if (!this.lookup) {
      if (this.subscriptionId !== undefined) {
        checkLookupSubscription(this, this.subscriptionId, `subnet ${show(this.name)}`, "give its addressPrefix as a literal (ExistingSubnet addressPrefix)");
      }
      this.lookup = new DataAzurermSubnet(this, "Lookup", {
        name: this.name,
        virtualNetworkName: this.virtualNetwork.name,
        resourceGroupName: this.virtualNetwork.resourceGroupName,
      });
    }
    return this.lookup;
  }
}

/**
 * The subnet's address prefix when synth can read it (a literal), without adding a data source:
 * what checks use. Undefined for a reference without a literal prefix, or a Terraform reference.
 */
export function knownAddressPrefix(subnet: ISubnet): string | undefined {
  const prefix = subnet instanceof ExistingSubnet ? subnet.knownAddressPrefix : subnet.addressPrefix;
  return prefix === undefined || Token.isUnresolved(prefix) ? undefined : prefix;
}

const CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

function isIpv4Cidr(value: string): boolean {
  const m = CIDR.exec(value);
  return !!m && m.slice(1, 5).every((octet) => Number(octet) <= 255) && Number(m[5]) <= 32;
}

function checkNonEmpty(path: string, values: Readonly<Record<string, string>>): void {
  for (const [prop, value] of Object.entries(values)) {
    if (typeof value !== "string" || (!Token.isUnresolved(value) && value.trim() === "")) {
      throw new ValidationError(path, `${prop} ${show(value)} is empty (give the name of the existing resource)`);
    }
  }
}
