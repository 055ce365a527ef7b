import type { IResourceGroup } from "../core/interfaces";
import type { PrivateDnsZones } from "./private-dns-zones";

/** A virtual network that constructs can place private endpoints and integrations in. */
export interface IVirtualNetwork {
  readonly id: string;
  readonly name: string;
  readonly resourceGroup: IResourceGroup;
  /** The VNet's private DNS zones: each `privatelink.*` zone is created once and linked to the VNet. */
  readonly privateDnsZones: PrivateDnsZones;
}

/** A subnet of an IVirtualNetwork. */
export interface ISubnet {
  readonly id: string;
  readonly name: string;
  /** The subnet's CIDR, e.g. `10.0.2.0/24`. */
  readonly addressPrefix: string;
  readonly virtualNetwork: IVirtualNetwork;
}

/** One private endpoint a construct should create for itself (AVM's `privateEndpoints` entry). */
export interface PrivateEndpointProps {
  /** Subnet the endpoint's network interface goes into. */
  readonly subnet: ISubnet;
  /** @default - the location of the resource the endpoint connects to */
  readonly location?: string;
}
