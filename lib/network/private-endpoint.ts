import { PrivateEndpoint as AzPrivateEndpoint } from "@cdktf/provider-azurerm/lib/private-endpoint";
import { Construct } from "constructs";
import { resourceName } from "../core/azure-stack";
import type { IResourceGroup } from "../core/interfaces";
import type { PrivateEndpointProps } from "./interfaces";
import { PRIVATE_LINK_ZONES, type PrivateLinkTarget, subresourceOf } from "./private-link-zones";

export interface PrivateEndpointForProps extends PrivateEndpointProps {
  /** Resource group of the endpoint (the target's). */
  readonly resourceGroup: IResourceGroup;
  /** Location of the target resource; the endpoint's default location. */
  readonly targetLocation: string;
  /** ARM id of the resource the endpoint connects to. */
  readonly targetResourceId: string;
  /** Service and sub-resource, which decide the `privatelink.*` zone. */
  readonly target: PrivateLinkTarget;
  /** Distinguishes endpoints in names (`blob`, `vault`, `api`). */
  readonly instance: string;
}

/**
 * A private endpoint for one sub-resource of a resource: its network interface in the given
 * subnet, an automatically approved connection, and a DNS zone group registering its address
 * in the VNet's `privatelink.*` zone for that service (created once per VNet).
 */
export class PrivateEndpoint extends Construct {
  readonly resource: AzPrivateEndpoint;
  readonly zoneName: string;

  constructor(scope: Construct, id: string, props: PrivateEndpointForProps) {
    super(scope, id);
    this.zoneName = PRIVATE_LINK_ZONES[props.target];
    const zone = props.subnet.virtualNetwork.privateDnsZones.zone(this.zoneName);
    const name = resourceName(this, "privateEndpoint", undefined, props.instance);
    this.resource = new AzPrivateEndpoint(this, "Resource", {
      name,
      location: props.location ?? props.targetLocation,
      resourceGroupName: props.resourceGroup.name,
      subnetId: props.subnet.id,
      customNetworkInterfaceName: `${name}-nic`,
      privateServiceConnection: {
        name: `${name}-connection`,
        privateConnectionResourceId: props.targetResourceId,
        subresourceNames: [subresourceOf(props.target)],
        isManualConnection: false,
      },
      privateDnsZoneGroup: { name: "default", privateDnsZoneIds: [zone.id] },
    });
  }
}

/** Creates one PrivateEndpoint per entry of a construct's `privateEndpoints` prop. */
export function addPrivateEndpoints(
  scope: Construct,
  endpoints: readonly PrivateEndpointProps[] | undefined,
  common: Omit<PrivateEndpointForProps, keyof PrivateEndpointProps>,
): PrivateEndpoint[] {
  return (endpoints ?? []).map((endpoint, i) => {
    // The second endpoint to the same target (another VNet, say) gets its own Azure name too.
    const instance = i === 0 ? common.instance : `${common.instance}-${i + 1}`;
    return new PrivateEndpoint(scope, `PrivateEndpoint-${instance}`, { ...endpoint, ...common, instance });
  });
}
