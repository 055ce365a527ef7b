import type { ITerraformDependable } from "cdktf";

/**
 * Where a private endpoint's DNS records go: the private DNS zone of each `privatelink.*` zone
 * name, for the endpoint's DNS zone group.
 *
 * - `PrivateDnsZones` (VnetWithSubnets' default): creates each zone the first time an endpoint
 *   needs it and links it to the VNet.
 * - `PrivateDnsZones.fromIds(...)` / `PrivateDnsZones.fromResourceGroup(...)`: zones that already
 *   exist (a connectivity subscription's); nothing is created.
 * - `PrivateDnsZones.none()`: no zone group; Azure Policy (DeployIfNotExists) or a DNS of your own
 *   writes the records.
 */
export interface IPrivateDnsZones {
  /**
   * The ARM id of zone `zoneName` for a private endpoint's DNS zone group, or `undefined` for no
   * zone group. Throws a ValidationError naming `requester` (the endpoint's construct path) when
   * the zone is needed and not known.
   */
  zoneIdFor(zoneName: string, requester: string): string | undefined;
}

/**
 * A virtual network that constructs can place private endpoints and integrations in: one made by
 * VnetWithSubnets, or one that already exists (`VnetWithSubnets.fromId` / `fromName`).
 */
export interface IVirtualNetwork {
  readonly id: string;
  readonly name: string;
  /** Name of the VNet's resource group. */
  readonly resourceGroupName: string;
  /** ARM region of the VNet, where known as a literal; private endpoints in its subnets default to it. */
  readonly location?: string;
  /**
   * Where private endpoints in the VNet's subnets register their DNS records. Undefined for a
   * referenced VNet given none: each endpoint then needs its own `privateDnsZones`.
   */
  readonly privateDnsZones?: IPrivateDnsZones;
}

/**
 * A subnet of an IVirtualNetwork: one made by VnetWithSubnets, or one that already exists
 * (`ExistingSubnet.fromId` / `fromName`, or `existingVnet.subnet(name)`).
 */
export interface ISubnet {
  readonly id: string;
  readonly name: string;
  /**
   * The subnet's CIDR, e.g. `10.0.2.0/24`. For a referenced subnet it is the literal given, or a
   * Terraform reference to an `azurerm_subnet` data source; checks skip what they cannot read.
   */
  readonly addressPrefix: string;
  readonly virtualNetwork: IVirtualNetwork;
  /**
   * Services the subnet is delegated to (`Microsoft.Web/serverFarms`); `[]` for none. Undefined
   * when unknown: a subnet referenced from outside the stack, whose delegations synth cannot see.
   */
  readonly delegations?: readonly string[];
}

/** One private endpoint a construct should create for itself (AVM's `privateEndpoints` entry). */
export interface PrivateEndpointProps {
  /** Subnet the endpoint's network interface goes into. */
  readonly subnet: ISubnet;
  /**
   * Must be the region of the subnet's virtual network (the endpoint's network interface lives in
   * it); the target resource may be in another region.
   * @default - the virtual network's location when known, else the location of the resource the endpoint connects to
   */
  readonly location?: string;
  /**
   * Where this endpoint's DNS records go: `PrivateDnsZones.fromIds(...)` for central zones,
   * `PrivateDnsZones.none()` when Azure Policy writes them.
   * @default - the subnet's virtual network's (`subnet.virtualNetwork.privateDnsZones`)
   */
  readonly privateDnsZones?: IPrivateDnsZones;
}

/**
 * A DNS record a construct added to a public zone: a Terraform resource (so a binding Azure
 * validates against it can `dependsOn` it), with its id and name.
 */
export interface IDnsRecord extends ITerraformDependable {
  /** ARM id of the record set. */
  readonly id: string;
  /** Fully qualified name, with the trailing dot (`api.example.com.`). */
  readonly fqdn: string;
}

/**
 * A public DNS zone constructs can add records to: a custom domain's verification and alias
 * records, an email domain's SPF, DKIM and DMARC records. Implemented by `DnsZone` (a zone made
 * here) and by references to a zone that exists. Record names are relative to the zone (`api`,
 * `asuid.api`, `@` for the apex).
 */
export interface IDnsZone {
  /** The zone's domain name, e.g. `example.com`. */
  readonly name: string;
  readonly id: string;
  readonly resourceGroupName: string;
  /** A CNAME record `name` pointing at `target` (a host name without scheme). */
  addCnameRecord(id: string, name: string, target: string, ttl?: number): IDnsRecord;
  /** A TXT record set `name` with `values` (each at most 1024 characters; one record per value). */
  addTxtRecord(id: string, name: string, values: readonly string[], ttl?: number): IDnsRecord;
}
