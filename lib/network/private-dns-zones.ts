import { PrivateDnsZone } from "@cdktf/provider-azurerm/lib/private-dns-zone";
import { PrivateDnsZoneVirtualNetworkLink } from "@cdktf/provider-azurerm/lib/private-dns-zone-virtual-network-link";
import { Construct } from "constructs";
import type { IResourceGroup } from "../core/interfaces";

export interface PrivateDnsZonesProps {
  /** Resource group the zones are created in (the VNet's). */
  readonly resourceGroup: IResourceGroup;
  /** Id of the VNet every zone is linked to. */
  readonly virtualNetworkId: string;
  /** Name of the VNet, used to name the links. */
  readonly virtualNetworkName: string;
}

/**
 * The `privatelink.*` zones of one VNet, created on first use: whichever construct first puts a
 * private endpoint for a service into the VNet creates the zone and its VNet link; later ones
 * reuse it. VnetWithSubnets owns one; constructs reach it through `subnet.virtualNetwork`.
 */
export class PrivateDnsZones extends Construct {
  private readonly zones = new Map<string, PrivateDnsZone>();

  constructor(scope: Construct, id: string, private readonly props: PrivateDnsZonesProps) {
    super(scope, id);
  }

  /** The zone named `zoneName`, created (with its VNet link) the first time it is asked for. */
  zone(zoneName: string): PrivateDnsZone {
    const existing = this.zones.get(zoneName);
    if (existing) return existing;
    const zone = new PrivateDnsZone(this, zoneName, { name: zoneName, resourceGroupName: this.props.resourceGroup.name });
    new PrivateDnsZoneVirtualNetworkLink(this, `${zoneName}-link`, {
      name: `${this.props.virtualNetworkName}-link`,
      resourceGroupName: this.props.resourceGroup.name,
      privateDnsZoneName: zone.name,
      virtualNetworkId: this.props.virtualNetworkId,
      registrationEnabled: false,
    });
    this.zones.set(zoneName, zone);
    return zone;
  }

  /** Names of the zones created so far, sorted. */
  get names(): string[] {
    return [...this.zones.keys()].sort();
  }
}
