import { BastionHost } from "@cdktf/provider-azurerm/lib/bastion-host";
import { PublicIp } from "@cdktf/provider-azurerm/lib/public-ip";
import type { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { AzureStack, resourceName } from "../core/azure-stack";
import { checkWholeNumber, requireZones } from "../core/checks";
import { ValidationError, show } from "../core/errors";
import type { IPrincipal, IResourceGroup } from "../core/interfaces";
import { checkName } from "../core/naming";
import { grantRole } from "../security/role-grant";
import type { ISubnet, IVirtualNetwork } from "./interfaces";
import type { NsgRule } from "./vnet-with-subnets";

/**
 * Azure Bastion SKUs, cheapest first. Downgrading forces a new host (azurerm's `CustomizeDiff`
 * weighs Developer 1 < Basic 2 < Standard 3 < Premium 4); upgrading is in place.
 * Source: learn.microsoft.com/azure/bastion/bastion-sku-comparison (ms.date 11/24/2025).
 */
export const BASTION_SKUS = ["Developer", "Basic", "Standard", "Premium"] as const;
export type BastionSku = (typeof BASTION_SKUS)[number];

/** The SKUs with a host of their own in the VNet's AzureBastionSubnet, behind a public IP. */
const DEDICATED_SKUS: readonly BastionSku[] = ["Basic", "Standard", "Premium"];

/** The SKUs with the native client, IP-Connect, shareable links, file copy, host scaling and copy/paste control. */
const ADVANCED_SKUS: readonly BastionSku[] = ["Standard", "Premium"];

/** The subnet name Azure requires for a dedicated Bastion host (azurerm validates `subnet_id` against it). */
export const BASTION_SUBNET_NAME = "AzureBastionSubnet";

/** The smallest AzureBastionSubnet Azure accepts for deployments since 2 Nov 2021: /26. */
export const BASTION_SUBNET_MIN_PREFIX = 26;

/**
 * Where a Developer SKU session reaches the target VM from: Azure's platform address. The target
 * VM's NSG must allow 22 (SSH) / 3389 (RDP) from it. Source: learn.microsoft.com/azure/bastion/quickstart-developer.
 */
export const BASTION_DEVELOPER_SOURCE_ADDRESS = "168.63.129.16";

/**
 * Regions that offer the Developer SKU. Source: MicrosoftDocs/azure-docs
 * `includes/bastion-developer-regions.md` (ms.date 09/08/2025), read 2026-11-29; Microsoft adds
 * regions over time, so a region missing here may have been added since.
 */
export const BASTION_DEVELOPER_REGIONS = [
  "australiacentral", "australiaeast", "australiasoutheast", "brazilsouth", "canadacentral", "canadaeast",
  "centralindia", "centralus", "centraluseuap", "eastasia", "eastus2", "eastus2euap", "francecentral",
  "germanywestcentral", "italynorth", "japaneast", "japanwest", "koreacentral", "koreasouth", "mexicocentral",
  "northcentralus", "northeurope", "norwayeast", "southafricanorth", "southindia", "spaincentral", "swedencentral",
  "switzerlandnorth", "southeastasia", "uaenorth", "uksouth", "ukwest", "westcentralus", "westeurope", "westus",
] as const;

/**
 * The rules Microsoft requires on an NSG applied to AzureBastionSubnet ("If you apply an NSG to
 * your Azure Bastion resource, you must create all of the following ingress and egress traffic
 * rules"), with Microsoft's rule names. Source: https://learn.microsoft.com/azure/bastion/bastion-nsg
 * (ms.date 02/24/2026). Microsoft gives no priorities; these are ours, 100-130 per direction,
 * leaving room for a rule of your own. Use them as the `securityRules` of the SubnetSpec with
 * `azureName: "AzureBastionSubnet"`.
 *
 * Only 443 is open to the Internet (the users' browsers); 22/3389 need not be open on this subnet.
 * With Standard/Premium custom ports, add those ports to `AllowSshRdpOutbound` yourself.
 */
export const BASTION_SUBNET_RULES: readonly NsgRule[] = [
  {
    name: "AllowHttpsInbound", priority: 100, direction: "Inbound", access: "Allow", protocol: "Tcp",
    source: "Internet", destination: "*", destinationPorts: "443",
    description: "Users reach the Bastion public IP over HTTPS",
  },
  {
    name: "AllowGatewayManagerInbound", priority: 110, direction: "Inbound", access: "Allow", protocol: "Tcp",
    source: "GatewayManager", destination: "*", destinationPorts: "443",
    description: "Bastion control plane",
  },
  {
    name: "AllowAzureLoadBalancerInbound", priority: 120, direction: "Inbound", access: "Allow", protocol: "Tcp",
    source: "AzureLoadBalancer", destination: "*", destinationPorts: "443",
    description: "Health probes",
  },
  {
    name: "AllowBastionHostCommunication", priority: 130, direction: "Inbound", access: "Allow", protocol: "*",
    source: "VirtualNetwork", destination: "VirtualNetwork", destinationPorts: ["8080", "5701"],
    description: "Data plane between Bastion's own components",
  },
  {
    name: "AllowSshRdpOutbound", priority: 100, direction: "Outbound", access: "Allow", protocol: "*",
    source: "*", destination: "VirtualNetwork", destinationPorts: ["22", "3389"],
    description: "Sessions to the target VMs",
  },
  {
    name: "AllowAzureCloudOutbound", priority: 110, direction: "Outbound", access: "Allow", protocol: "Tcp",
    source: "*", destination: "AzureCloud", destinationPorts: "443",
    description: "Diagnostics and metering logs",
  },
  {
    name: "AllowBastionCommunication", priority: 120, direction: "Outbound", access: "Allow", protocol: "*",
    source: "VirtualNetwork", destination: "VirtualNetwork", destinationPorts: ["8080", "5701"],
    description: "Data plane between Bastion's own components",
  },
  {
    name: "AllowHttpOutbound", priority: 130, direction: "Outbound", access: "Allow", protocol: "*",
    source: "*", destination: "Internet", destinationPorts: "80",
    description: "Session information, shareable links and certificate validation",
  },
];

export type AvailabilityZone = "1" | "2" | "3";
const ZONES: readonly AvailabilityZone[] = ["1", "2", "3"];

export interface BastionProps {
  readonly resourceGroup: IResourceGroup;
  /** @default - generated: `bas-<workload>-<env>-<region>[-<instance>]` */
  readonly name?: string;
  /** Distinguishes several Bastion hosts in one stack (one per VNet). @default - none */
  readonly instance?: string;
  /** Must be the virtual network's location. @default - the resource group's location */
  readonly location?: string;
  /**
   * - `Developer`: free, a shared pool attached to `virtualNetwork` (no subnet, no public IP),
   *   portal only, one VM session at a time, no Entra ID login; "not for production" (Microsoft).
   *   Select regions only (BASTION_DEVELOPER_REGIONS).
   * - `Basic`: a dedicated host (2 instances) in AzureBastionSubnet; portal SSH with Entra ID.
   * - `Standard` / `Premium`: adds the native client (`az network bastion ssh|tunnel`),
   *   IP-Connect, shareable links, file copy, host scaling; Premium adds session recording.
   *
   * Upgrading is in place; downgrading deletes and recreates the host.
   * @default "Basic"
   */
  readonly sku?: BastionSku;
  /**
   * The virtual network Bastion serves. The Developer SKU attaches to it (`virtual_network_id`);
   * the dedicated SKUs run in its AzureBastionSubnet (`subnet`).
   */
  readonly virtualNetwork: IVirtualNetwork;
  /**
   * The virtual network's subnet named exactly `AzureBastionSubnet` (in VnetWithSubnets:
   * `azureName: "AzureBastionSubnet"`), /26 or larger, holding nothing else; give its NSG
   * BASTION_SUBNET_RULES. Required for Basic, Standard and Premium; not allowed for Developer.
   * @default - none (Developer)
   */
  readonly subnet?: ISubnet;
  /**
   * Availability zones of the host and of its public IP (both force replacement when changed).
   * A Standard public IP without zones is not zone-redundant. Not for Developer.
   * @default - no zones
   */
  readonly zones?: readonly AvailabilityZone[];
  /**
   * Native client support (`az network bastion ssh` / `az network bastion tunnel`), needed for
   * Entra ID login from the CLI and for port forwarding. Standard and Premium only.
   * @default - true on Standard and Premium, false otherwise
   */
  readonly tunneling?: boolean;
  /** IP-Connect: connect to a VM by its private IP address. Standard and Premium only. @default false */
  readonly ipConnect?: boolean;
  /** Shareable links: users without portal access connect through a link. Standard and Premium only. @default false */
  readonly shareableLink?: boolean;
  /** File upload and download through the native client. Standard and Premium only. @default false */
  readonly fileCopy?: boolean;
  /**
   * Host instances (2-50), each good for about 20 RDP / 40 SSH sessions and each billed.
   * More than 2 on Standard and Premium only.
   * @default 2
   */
  readonly scaleUnits?: number;
  /** Copy and paste in sessions. Turning it off needs Standard or Premium. @default true */
  readonly copyPaste?: boolean;
}

/**
 * Azure Bastion: browser (and, from Standard, native client) SSH/RDP into the VNet without public
 * IPs on the VMs. Dedicated SKUs get a Standard, Static public IP and an `ip_configuration` in
 * the VNet's AzureBastionSubnet; Developer attaches to the VNet (`virtual_network_id`).
 *
 * Every SKU and feature combination azurerm or Azure rejects fails at synth: the subnet name and
 * size, features above the SKU, zones, scale units, Developer regions.
 *
 * Users connecting need Reader on the Bastion (`grantConnect`), and on the target VM and its NIC
 * (`JumpHost.grantLogin`).
 */
export class Bastion extends Construct {
  readonly resource: BastionHost;
  readonly id: string;
  readonly name: string;
  readonly sku: BastionSku;
  /** The public IP of a dedicated SKU; undefined for Developer. */
  readonly publicIp?: PublicIp;
  /**
   * What a target subnet's NSG must admit on port 22: the AzureBastionSubnet's CIDR for the
   * dedicated SKUs, `168.63.129.16` for Developer. See `jumpHostSubnetRules`.
   */
  readonly sshSourceAddressPrefix: string;
  /** Entra ID SSH login in the portal: Basic and above (not Developer). */
  readonly supportsEntraIdLogin: boolean;
  /** `az network bastion ssh|tunnel` (also with `--auth-type AAD`): Standard and Premium with tunneling. */
  readonly supportsNativeClient: boolean;

  constructor(scope: Construct, id: string, props: BastionProps) {
    super(scope, id);
    const path = this.node.path;
    const sku = props.sku ?? "Basic";
    if (!(BASTION_SKUS as readonly string[]).includes(sku)) {
      throw new ValidationError(path, `sku ${show(sku)} is not allowed (allowed: ${BASTION_SKUS.join(", ")})`);
    }
    this.sku = sku;
    const dedicated = DEDICATED_SKUS.includes(sku);
    const advanced = ADVANCED_SKUS.includes(sku);
    const location = props.location ?? props.resourceGroup.location;

    if (dedicated) this.checkSubnet(props, sku);
    else this.checkDeveloper(props, location);

    const zones = props.zones === undefined ? undefined : this.checkZones(props.zones, location);

    // Features above the SKU: azurerm refuses them at apply ("`tunneling_enabled` is only
    // supported when `sku` is `Standard` or `Premium`"), Azure refuses disabling copy/paste.
    const tunneling = props.tunneling ?? advanced;
    const features: ReadonlyArray<readonly [string, boolean | undefined, boolean]> = [
      ["tunneling", props.tunneling, true],
      ["ipConnect", props.ipConnect, true],
      ["shareableLink", props.shareableLink, true],
      ["fileCopy", props.fileCopy, true],
      ["copyPaste", props.copyPaste, false],
    ];
    for (const [prop, value, needsAdvancedWhen] of features) {
      if (value === needsAdvancedWhen && !advanced) {
        throw new ValidationError(path, `${prop} ${show(value)} is not allowed with sku ${show(sku)} (allowed with sku: ${ADVANCED_SKUS.join(", ")})`);
      }
    }
    checkWholeNumber(path, "scaleUnits", props.scaleUnits, 2, 50);
    if (props.scaleUnits !== undefined && !Token.isUnresolved(props.scaleUnits) && props.scaleUnits > 2 && !advanced) {
      throw new ValidationError(path, `scaleUnits ${props.scaleUnits} is not allowed with sku ${show(sku)} (allowed with sku: ${ADVANCED_SKUS.join(", ")}; ${sku} always runs 2 instances)`);
    }

    this.name = resourceName(this, "bastionHost", props.name, props.instance);

    if (dedicated) {
      const subnet = props.subnet as ISubnet;
      this.publicIp = new PublicIp(this, "PublicIp", {
        name: this.publicIpName(props.instance),
        location,
        resourceGroupName: props.resourceGroup.name,
        // Bastion requires a Standard, Static public IP (learn.microsoft.com/azure/bastion/configuration-settings).
        sku: "Standard",
        allocationMethod: "Static",
        zones,
      });
      this.sshSourceAddressPrefix = subnet.addressPrefix;
    } else {
      this.sshSourceAddressPrefix = BASTION_DEVELOPER_SOURCE_ADDRESS;
    }

    this.resource = new BastionHost(this, "Resource", {
      name: this.name,
      location,
      resourceGroupName: props.resourceGroup.name,
      sku,
      zones,
      virtualNetworkId: dedicated ? undefined : props.virtualNetwork.id,
      ipConfiguration: this.publicIp && {
        name: "configuration",
        subnetId: (props.subnet as ISubnet).id,
        publicIpAddressId: this.publicIp.id,
      },
      tunnelingEnabled: tunneling,
      ipConnectEnabled: props.ipConnect ?? false,
      shareableLinkEnabled: props.shareableLink ?? false,
      fileCopyEnabled: props.fileCopy ?? false,
      copyPasteEnabled: props.copyPaste ?? true,
      scaleUnits: props.scaleUnits,
    });
    this.id = this.resource.id;
    this.supportsEntraIdLogin = dedicated;
    this.supportsNativeClient = advanced && tunneling;
  }

  /**
   * Reader on the Bastion host for `principal`: Microsoft requires it (with Reader on the target
   * VM and its NIC) to connect through Bastion.
   */
  grantConnect(principal: IPrincipal, id = "ConnectReader"): RoleAssignment {
    return grantRole(this, id, { scope: this.id, role: "Reader", principal });
  }

  /** `pip-<workload>-<env>-<region>-bas[-<instance>]` in a BlueprintStack; `pip-<bastion name>` outside one. */
  private publicIpName(instance: string | undefined): string {
    if (AzureStack.find(this)) return resourceName(this, "publicIp", undefined, instance ? `bas-${instance}` : "bas");
    return checkName(this.node.path, "publicIp", `pip-${this.name}`);
  }

  private checkSubnet(props: BastionProps, sku: BastionSku): void {
    const path = this.node.path;
    const subnet = props.subnet;
    if (!subnet) {
      throw new ValidationError(path, `subnet is required with sku ${show(sku)} (a dedicated host runs in the virtual network's ${BASTION_SUBNET_NAME}, /${BASTION_SUBNET_MIN_PREFIX} or larger; or use sku "Developer")`);
    }
    if (!Token.isUnresolved(subnet.name) && subnet.name !== BASTION_SUBNET_NAME) {
      throw new ValidationError(path, `subnet name ${show(subnet.name)} is not allowed (Azure Bastion needs a subnet named exactly ${show(BASTION_SUBNET_NAME)}; in VnetWithSubnets set azureName: ${show(BASTION_SUBNET_NAME)})`);
    }
    if (!Token.isUnresolved(subnet.addressPrefix)) {
      const m = /^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}\/(\d{1,2})$/.exec(subnet.addressPrefix);
      if (!m) throw new ValidationError(path, `subnet addressPrefix ${show(subnet.addressPrefix)} is not an IPv4 CIDR (a.b.c.d/prefix)`);
      if (Number(m[1]) > BASTION_SUBNET_MIN_PREFIX) {
        throw new ValidationError(path, `subnet addressPrefix ${show(subnet.addressPrefix)} is too small for Azure Bastion (allowed: /${BASTION_SUBNET_MIN_PREFIX} or larger)`);
      }
    }
    const vnet = props.virtualNetwork;
    const other = subnet.virtualNetwork;
    const differs = (a: string, b: string) => !Token.isUnresolved(a) && !Token.isUnresolved(b) && a !== b;
    if (other !== vnet && (differs(other.id, vnet.id) || differs(other.name, vnet.name))) {
      throw new ValidationError(path, `subnet is in virtual network ${show(other.name)}, not in virtualNetwork ${show(vnet.name)} (the ${BASTION_SUBNET_NAME} must be in the Bastion's virtual network)`);
    }
  }

  private checkDeveloper(props: BastionProps, location: string): void {
    const path = this.node.path;
    if (props.subnet) {
      throw new ValidationError(path, `subnet is not allowed with sku "Developer" (Developer attaches to virtualNetwork from a shared pool, with no ${BASTION_SUBNET_NAME} and no public IP; allowed with sku: ${DEDICATED_SKUS.join(", ")})`);
    }
    if (props.zones !== undefined) {
      throw new ValidationError(path, `zones ${show(props.zones)} is not allowed with sku "Developer" (allowed with sku: ${DEDICATED_SKUS.join(", ")})`);
    }
    if (!Token.isUnresolved(location) && !(BASTION_DEVELOPER_REGIONS as readonly string[]).includes(location)) {
      throw new ValidationError(path, `location ${show(location)} does not offer the Developer SKU (allowed: ${BASTION_DEVELOPER_REGIONS.join(", ")}; or use sku "Basic")`);
    }
  }

  private checkZones(zones: readonly AvailabilityZone[], location: string): string[] {
    const path = this.node.path;
    if (zones.length === 0) throw new ValidationError(path, `zones is empty (give one or more of ${ZONES.map((z) => show(z)).join(", ")}, or leave it out)`);
    for (const zone of zones) {
      if (!Token.isUnresolved(zone) && !ZONES.includes(zone)) {
        throw new ValidationError(path, `zones ${show(zones)} is not allowed (allowed: ${ZONES.map((z) => show(z)).join(", ")})`);
      }
    }
    if (new Set(zones).size !== zones.length) throw new ValidationError(path, `zones ${show(zones)} lists a zone twice`);
    requireZones(path, location, `zones ${show(zones)}`);
    return [...zones];
  }
}
