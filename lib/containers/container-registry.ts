import { ContainerRegistry as AzContainerRegistry } from "@cdktf/provider-azurerm/lib/container-registry";
import type { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { resourceName } from "../core/azure-stack";
import { checkRegion, checkWholeNumber, requireZones } from "../core/checks";
import { ValidationError } from "../core/errors";
import { type IManagedIdentity, type IPrincipal, type IResourceGroup, type ProtectionProps, protect } from "../core/interfaces";
import type { PrivateEndpointProps } from "../network/interfaces";
import { type PrivateEndpoint, addPrivateEndpoints } from "../network/private-endpoint";
import { grantRole } from "../security/role-grant";

/**
 * Container Registry SKUs: the values `azurerm_container_registry.sku` accepts for new registries
 * (the provider's schema; `Classic` is retired). Source: learn.microsoft.com/azure/container-registry/container-registry-skus.
 */
export const CONTAINER_REGISTRY_SKUS = ["Basic", "Standard", "Premium"] as const;
export type ContainerRegistrySku = (typeof CONTAINER_REGISTRY_SKUS)[number];

/** A geo-replica of a Premium registry (`georeplications` block). */
export interface ContainerRegistryGeoReplication {
  /** Region of the replica; not the registry's own region. */
  readonly location: string;
  /**
   * Spread the replica over its region's availability zones (needs a region with zones). Fixed at
   * creation: changing it recreates the replica.
   * @default - the registry's zoneRedundancy
   */
  readonly zoneRedundancy?: boolean;
  /**
   * A data endpoint of the replica's own (`<name>.<region>.data.azurecr.io`) that clients can
   * address directly, instead of being routed by Traffic Manager.
   * @default false
   */
  readonly regionalEndpoint?: boolean;
}

export interface ContainerRegistryProps extends ProtectionProps {
  readonly resourceGroup: IResourceGroup;
  /** @default - generated: `cr<workload><env><region>[<instance>]<suffix>` (globally unique, 5-50 letters and digits) */
  readonly name?: string;
  /** Distinguishes several registries in one stack, in generated names. @default - none */
  readonly instance?: string;
  /** @default - the resource group's location */
  readonly location?: string;
  /**
   * Premium is the only SKU with private endpoints, a disabled public endpoint, zone redundancy
   * and retention policies, so it is the secure default. A registry that may be public (a dev
   * environment without a VNet) can use `Basic` or `Standard` with `publicNetworkAccess: true`.
   * @default "Premium"
   */
  readonly sku?: ContainerRegistrySku;
  /**
   * Reachable from public networks (still Entra ID only: the admin user and anonymous pull stay
   * off). Turning it off needs the Premium SKU; pushes and pulls then go through
   * `privateEndpoints` (or trusted Azure services).
   * @default false
   */
  readonly publicNetworkAccess?: boolean;
  /**
   * Spread the registry over the region's availability zones. Premium only, in a region with
   * zones. Fixed at creation: changing it recreates the registry (and loses its images).
   * @default false
   */
  readonly zoneRedundancy?: boolean;
  /** Private endpoints for the registry (`registry` sub-resource, zone `privatelink.azurecr.io`). Premium only. @default - none */
  readonly privateEndpoints?: readonly PrivateEndpointProps[];
  /** User-assigned identity the registry runs as (customer-managed keys, tasks, cache credentials). @default - none */
  readonly identity?: IManagedIdentity;
  /**
   * Days after which untagged manifests are deleted (1-365). Premium only. Off by default because
   * it also deletes images that a workload still pulls by digest once their tag has moved on.
   * @default - no retention policy: untagged manifests are kept
   */
  readonly untaggedRetentionDays?: number;
  /**
   * Geo-replicas: the registry's content replicated to other regions, each served locally and
   * still reachable when the home region is down. Premium only; neither the registry's own region
   * nor a region twice. Each private endpoint of the registry also gets an address for every
   * replica's data endpoint.
   * Source: learn.microsoft.com/azure/container-registry/container-registry-geo-replication.
   * @default - none
   */
  readonly georeplications?: readonly ContainerRegistryGeoReplication[];
}

/**
 * An Azure Container Registry: Entra ID (RBAC) authentication only, with the admin user and
 * anonymous pull off, no public network access (Premium, reached through private endpoints),
 * optional zone redundancy and retention of untagged manifests. `grantPull` gives a workload's
 * identity `AcrPull`.
 */
export class ContainerRegistry extends Construct {
  readonly resource: AzContainerRegistry;
  readonly id: string;
  readonly name: string;
  /** `<name>.azurecr.io`. */
  readonly loginServer: string;
  readonly sku: ContainerRegistrySku;
  readonly privateEndpoints: readonly PrivateEndpoint[];

  constructor(scope: Construct, id: string, props: ContainerRegistryProps) {
    super(scope, id);
    const path = this.node.path;
    const sku = props.sku ?? "Premium";
    const location = props.location ?? props.resourceGroup.location;
    const publicNetworkAccess = props.publicNetworkAccess ?? false;
    const zoneRedundancy = props.zoneRedundancy ?? false;
    const endpoints = props.privateEndpoints ?? [];
    checkWholeNumber(path, "untaggedRetentionDays", props.untaggedRetentionDays, 1, 365);
    if (!Token.isUnresolved(sku)) {
      if (!(CONTAINER_REGISTRY_SKUS as readonly string[]).includes(sku)) {
        throw new ValidationError(path, `sku ${JSON.stringify(sku)} is not a Container Registry SKU (allowed: ${CONTAINER_REGISTRY_SKUS.join(", ")})`);
      }
      if (sku !== "Premium") {
        // Each of these is Premium only: the provider rejects them (CustomizeDiff, or at create for
        // the public endpoint), and learn.microsoft.com/azure/container-registry/container-registry-skus.
        const premiumOnly = (what: string, verb = "is") =>
          new ValidationError(path, `${what} ${verb} not available on the ${JSON.stringify(sku)} SKU (allowed: sku "Premium")`);
        if (!publicNetworkAccess) {
          throw new ValidationError(path, `publicNetworkAccess false is not available on the ${JSON.stringify(sku)} SKU (allowed: sku "Premium", or publicNetworkAccess true)`);
        }
        if (zoneRedundancy) throw premiumOnly("zoneRedundancy true");
        if (endpoints.length > 0) throw premiumOnly(`privateEndpoints (${endpoints.length})`, "are");
        if (props.untaggedRetentionDays !== undefined) throw premiumOnly(`untaggedRetentionDays ${props.untaggedRetentionDays}`);
        if (props.georeplications?.length) throw premiumOnly(`georeplications (${props.georeplications.length})`, "are");
      }
    }
    if (zoneRedundancy) requireZones(path, location, "zoneRedundancy");
    const georeplications = checkGeoReplications(path, location, zoneRedundancy, props.georeplications);

    this.name = resourceName(this, "containerRegistry", props.name, props.instance);
    this.sku = sku;
    this.resource = new AzContainerRegistry(this, "Resource", {
      name: this.name,
      location,
      resourceGroupName: props.resourceGroup.name,
      sku,
      adminEnabled: false,
      anonymousPullEnabled: false,
      publicNetworkAccessEnabled: publicNetworkAccess,
      // Trusted Azure services (Defender for Cloud, ACR Tasks, Machine Learning) may still reach a
      // registry whose public endpoint is off; they authenticate with Entra ID like everyone else.
      networkRuleBypassOption: "AzureServices",
      zoneRedundancyEnabled: zoneRedundancy,
      retentionPolicyInDays: props.untaggedRetentionDays,
      georeplications,
      identity: props.identity ? { type: "UserAssigned", identityIds: [props.identity.id] } : undefined,
    });
    this.id = this.resource.id;
    this.loginServer = this.resource.loginServer;
    // Each endpoint gets its own instance (`cr`, `cr-2`; `cr-<instance>` for a registry with one), hence its own name.
    this.privateEndpoints = addPrivateEndpoints(this, endpoints, {
      resourceGroup: props.resourceGroup,
      targetLocation: location,
      targetResourceId: this.id,
      target: "containerRegistry/registry",
      instance: props.instance ? `cr-${props.instance}` : "cr",
    });
    protect(this, this.resource, props, this.name);
  }

  /** `AcrPull` for `principal`: pull images and artifacts, nothing else. */
  grantPull(principal: IPrincipal, id = "AcrPull"): RoleAssignment {
    return grantRole(this, id, { scope: this.id, role: "AcrPull", principal });
  }
}

/** The `georeplications` blocks, after the checks azurerm and Azure would otherwise fail at apply. */
function checkGeoReplications(path: string, home: string, zoneRedundancy: boolean, replicas: readonly ContainerRegistryGeoReplication[] | undefined) {
  if (!replicas?.length) return undefined;
  const seen = new Set<string>();
  return replicas.map((replica, i) => {
    const where = `georeplications[${i}]`;
    checkRegion(path, `${where}.location`, replica.location);
    if (!Token.isUnresolved(replica.location)) {
      if (!Token.isUnresolved(home) && replica.location === home) {
        throw new ValidationError(path, `${where}.location ${JSON.stringify(replica.location)} is the registry's own region (allowed: any other region; the home region always holds the registry)`);
      }
      if (seen.has(replica.location)) throw new ValidationError(path, `${where}.location ${JSON.stringify(replica.location)} is listed twice (one replica per region)`);
      seen.add(replica.location);
    }
    const zones = replica.zoneRedundancy ?? zoneRedundancy;
    if (zones) requireZones(path, replica.location, `${where}.zoneRedundancy`);
    return { location: replica.location, zoneRedundancyEnabled: zones, regionalEndpointEnabled: replica.regionalEndpoint ?? false };
  });
}
