import { PrivateDnsZone } from "@cdktf/provider-azurerm/lib/private-dns-zone";
import { PrivateDnsZoneVirtualNetworkLink } from "@cdktf/provider-azurerm/lib/private-dns-zone-virtual-network-link";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { ValidationError, show } from "../core/errors";
import type { IResourceGroup } from "../core/interfaces";
import { ARM_RESOURCE_KINDS, expectedShape, parseResourceGroupId, parseResourceId } from "./arm-id";
import type { IPrivateDnsZones } from "./interfaces";

export interface PrivateDnsZonesProps {
  /** Resource group the zones are created in (the VNet's). */
  readonly resourceGroup: IResourceGroup;
  /** Id of the VNet every zone is linked to. */
  readonly virtualNetworkId: string;
  /** Name of the VNet, used to name the links. */
  readonly virtualNetworkName: string;
}

/** Where existing zones are: one id per zone name, or the resource group that holds them all. */
export interface ExistingPrivateDnsZonesProps {
  /**
   * ARM id of each zone, by zone name: `{ "privatelink.vaultcore.azure.net": "/subscriptions/.../privateDnsZones/privatelink.vaultcore.azure.net" }`.
   * @default - every zone is in `resourceGroupId`
   */
  readonly zoneIds?: Readonly<Record<string, string>>;
  /**
   * ARM id of the resource group holding every zone an endpoint may need, named as Azure names
   * them (`privatelink.vaultcore.azure.net`), as in an Azure landing zone's connectivity
   * subscription. Zones in `zoneIds` take precedence.
   * @default - only the zones in `zoneIds`
   */
  readonly resourceGroupId?: string;
}

/**
 * The `privatelink.*` zones of one VNet, created on first use: whichever construct first puts a
 * private endpoint for a service into the VNet creates the zone and its VNet link; later ones
 * reuse it. VnetWithSubnets owns one unless given other zones; constructs reach it through
 * `subnet.virtualNetwork.privateDnsZones`.
 *
 * For zones that already exist, `PrivateDnsZones.fromIds` / `fromResourceGroup`; for none (Azure
 * Policy writes the records), `PrivateDnsZones.none()`.
 */
export class PrivateDnsZones extends Construct implements IPrivateDnsZones {
  /**
   * Existing zones, by id (a central connectivity subscription's): endpoints' zone groups use
   * these ids and nothing is created or linked (the zones must already be linked to the VNets
   * that resolve through them). An endpoint needing a zone not listed fails at synth, naming it.
   */
  static fromIds(scope: Construct, id: string, zoneIds: Readonly<Record<string, string>>): ExistingPrivateDnsZones {
    return new ExistingPrivateDnsZones(scope, id, { zoneIds });
  }

  /**
   * Existing zones that all live in one resource group, named as Azure names them (an Azure
   * landing zone's connectivity subscription): the id of zone `z` is
   * `<resourceGroupId>/providers/Microsoft.Network/privateDnsZones/<z>`. Nothing is created.
   */
  static fromResourceGroup(scope: Construct, id: string, resourceGroupId: string): ExistingPrivateDnsZones {
    return new ExistingPrivateDnsZones(scope, id, { resourceGroupId });
  }

  /**
   * No DNS zone group on private endpoints: Azure Policy (DeployIfNotExists, as in Azure landing
   * zones) or a DNS of your own writes the records. Endpoints then ignore changes to
   * `private_dns_zone_group`, so Terraform does not remove the zone group the policy adds.
   */
  static none(): IPrivateDnsZones {
    return NO_ZONE_GROUP;
  }

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

  zoneIdFor(zoneName: string): string {
    return this.zone(zoneName).id;
  }

  /** Names of the zones created so far, sorted. */
  get names(): string[] {
    return [...this.zones.keys()].sort();
  }
}

const NO_ZONE_GROUP: IPrivateDnsZones = Object.freeze({ zoneIdFor: () => undefined });

/** Private DNS zones that already exist (`PrivateDnsZones.fromIds` / `fromResourceGroup`): ids only, nothing created. */
export class ExistingPrivateDnsZones extends Construct implements IPrivateDnsZones {
  private readonly zoneIds = new Map<string, string>();
  private readonly resourceGroupId?: string;
  private readonly used = new Set<string>();

  constructor(scope: Construct, id: string, props: ExistingPrivateDnsZonesProps) {
    super(scope, id);
    const path = this.node.path;
    if (props.zoneIds === undefined && props.resourceGroupId === undefined) {
      throw new ValidationError(path, "no zones given (give zoneIds, resourceGroupId or both)");
    }
    if (props.resourceGroupId !== undefined) this.resourceGroupId = parseResourceGroupId(path, "resourceGroupId", props.resourceGroupId).id;
    for (const [zoneName, zoneId] of Object.entries(props.zoneIds ?? {})) {
      const parsed = parseResourceId(path, `zoneIds[${show(zoneName)}]`, zoneId, ARM_RESOURCE_KINDS.privateDnsZone);
      if (!Token.isUnresolved(zoneId) && parsed.name.toLowerCase() !== zoneName.toLowerCase()) {
        throw new ValidationError(path, `zoneIds[${show(zoneName)}] ${show(zoneId)} is the id of zone ${show(parsed.name)}, not ${show(zoneName)} (the key must be the zone's name)`);
      }
      this.zoneIds.set(zoneName.toLowerCase(), zoneId);
    }
  }

  zoneIdFor(zoneName: string, requester: string): string {
    const key = zoneName.toLowerCase();
    const id = this.zoneIds.get(key) ?? (this.resourceGroupId === undefined ? undefined : `${this.resourceGroupId}/providers/Microsoft.Network/privateDnsZones/${key}`);
    if (id === undefined) {
      const shape = expectedShape(ARM_RESOURCE_KINDS.privateDnsZone).replace("<zone name>", zoneName);
      throw new ValidationError(
        requester,
        `no private DNS zone id for ${show(zoneName)} in ${this.node.path} (known: ${[...this.zoneIds.keys()].sort().join(", ") || "none"}); ` +
          `add ${show(zoneName)}: "${shape}" to its zone ids, or give this endpoint privateDnsZones: PrivateDnsZones.none() if Azure Policy writes its records`,
      );
    }
    this.used.add(key);
    return id;
  }

  /** Names of the zones endpoints have used so far, sorted. */
  get names(): string[] {
    return [...this.used].sort();
  }
}
