import { PrivateEndpoint as AzPrivateEndpoint } from "@cdktf/provider-azurerm/lib/private-endpoint";
import { Construct } from "constructs";
import { resourceName } from "../core/azure-stack";
import { ValidationError, show } from "../core/errors";
import type { IResourceGroup } from "../core/interfaces";
import type { PrivateEndpointProps } from "./interfaces";
import { PRIVATE_LINK_ZONES, type PrivateLinkTarget, subresourceOf } from "./private-link-zones";

export interface PrivateEndpointForProps extends PrivateEndpointProps {
  /** Resource group of the endpoint (the target's). */
  readonly resourceGroup: IResourceGroup;
  /** Location of the target resource; the endpoint's location when neither it nor its VNet has one. */
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
 * subnet, an automatically approved connection, and a DNS zone group registering its address in
 * the `privatelink.*` zone for that service: the VNet's own zone (created once per VNet), an
 * existing central zone (`PrivateDnsZones.fromIds`), or no zone group at all
 * (`PrivateDnsZones.none()`: Azure Policy writes the records, and Terraform ignores the zone
 * group the policy adds).
 */
export class PrivateEndpoint extends Construct {
  readonly resource: AzPrivateEndpoint;
  readonly zoneName: string;
  /** Id of the zone the endpoint's DNS zone group uses; undefined without a zone group. */
  readonly zoneId?: string;

  constructor(scope: Construct, id: string, props: PrivateEndpointForProps) {
    super(scope, id);
    this.zoneName = PRIVATE_LINK_ZONES[props.target];
    const vnet = props.subnet.virtualNetwork;
    const zones = props.privateDnsZones ?? vnet.privateDnsZones;
    if (!zones) {
      throw new ValidationError(
        this.node.path,
        `the private DNS zones of virtual network ${show(vnet.name)} are not known (it was referenced without privateDnsZones), and this endpoint needs zone ${show(this.zoneName)}; ` +
          "set privateDnsZones on the reference or on the endpoint: PrivateDnsZones.fromIds(...) or fromResourceGroup(...) for existing zones, PrivateDnsZones.none() when Azure Policy writes the records",
      );
    }
    const delegations = props.subnet.delegations;
    if (delegations !== undefined && delegations.length > 0) {
      // The same refusal AZ-DEP-005 finds in synthesized JSON, caught here with the construct's path.
      throw new ValidationError(
        this.node.path,
        `subnet ${show(props.subnet.name)} is delegated to ${delegations.join(", ")}, and Azure refuses a private endpoint in a delegated subnet (PrivateEndpointCreationNotAllowedAsSubnetIsDelegated); place the endpoint in a subnet without a delegation`,
      );
    }
    this.zoneId = zones.zoneIdFor(this.zoneName, this.node.path);
    const name = resourceName(this, "privateEndpoint", undefined, props.instance);
    this.resource = new AzPrivateEndpoint(this, "Resource", {
      name,
      location: props.location ?? vnet.location ?? props.targetLocation,
      resourceGroupName: props.resourceGroup.name,
      subnetId: props.subnet.id,
      customNetworkInterfaceName: `${name}-nic`,
      privateServiceConnection: {
        name: `${name}-connection`,
        privateConnectionResourceId: props.targetResourceId,
        subresourceNames: [subresourceOf(props.target)],
        isManualConnection: false,
      },
      privateDnsZoneGroup: this.zoneId === undefined ? undefined : { name: "default", privateDnsZoneIds: [this.zoneId] },
      // Without a zone group of ours, Azure Policy adds one (DeployIfNotExists); Terraform must not remove it.
      lifecycle: this.zoneId === undefined ? { ignoreChanges: ["private_dns_zone_group"] } : undefined,
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
