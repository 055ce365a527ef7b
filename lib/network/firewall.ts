import { Firewall as AzFirewall } from "@cdktf/provider-azurerm/lib/firewall";
import { FirewallPolicy } from "@cdktf/provider-azurerm/lib/firewall-policy";
import { FirewallPolicyRuleCollectionGroup } from "@cdktf/provider-azurerm/lib/firewall-policy-rule-collection-group";
import { MonitorDiagnosticSetting } from "@cdktf/provider-azurerm/lib/monitor-diagnostic-setting";
import { PublicIp } from "@cdktf/provider-azurerm/lib/public-ip";
import { RouteTable } from "@cdktf/provider-azurerm/lib/route-table";
import { SubnetRouteTableAssociation } from "@cdktf/provider-azurerm/lib/subnet-route-table-association";
import { Token } from "cdktf";
import { Construct } from "constructs";
import * as ipaddr from "ipaddr.js";
import { AzureStack, resourceName } from "../core/azure-stack";
import { requireZones } from "../core/checks";
import { ValidationError, show } from "../core/errors";
import { type IResourceGroup, type ProtectionProps, protect } from "../core/interfaces";
import { checkName } from "../core/naming";
import type { DiagnosticSettingsProps } from "../observability/diagnostic-settings";
import type { AvailabilityZone } from "./bastion";
import type { ISubnet } from "./interfaces";

/**
 * Azure Firewall tiers (`sku_tier`; `sku_name` is always `AZFW_VNet`, a firewall in a VNet).
 * Source: learn.microsoft.com/azure/firewall/choose-firewall-sku and basic-features (read 2026-11):
 * - `Basic`: threat intelligence in alert mode only, no DNS proxy, no IDPS; needs a management
 *   IP configuration in an AzureFirewallManagementSubnet; small workloads.
 * - `Standard`: threat intelligence that can deny, DNS proxy, FQDN filtering in network rules.
 * - `Premium`: Standard plus IDPS (signature-based intrusion detection and prevention), TLS
 *   inspection and URL filtering.
 * Changing the tier forces a new firewall (azurerm: `sku_tier` ForceNew).
 */
export const FIREWALL_SKU_TIERS = ["Basic", "Standard", "Premium"] as const;
export type FirewallSkuTier = (typeof FIREWALL_SKU_TIERS)[number];

/** The subnet name Azure requires for the firewall (azurerm docs, `ip_configuration.subnet_id`). */
export const FIREWALL_SUBNET_NAME = "AzureFirewallSubnet";
/** The subnet name Azure requires for the management IP configuration (azurerm docs, `management_ip_configuration.subnet_id`). */
export const FIREWALL_MANAGEMENT_SUBNET_NAME = "AzureFirewallManagementSubnet";
/** The smallest AzureFirewallSubnet / AzureFirewallManagementSubnet Azure accepts: /26 (azurerm docs; Learn firewall FAQ). */
export const FIREWALL_SUBNET_MIN_PREFIX = 26;

/**
 * The FQDN tag that admits the FQDNs an AKS cluster needs (MCR, the API server, Entra ID, node
 * packages). Source: learn.microsoft.com/azure/aks/limit-egress-traffic (application rule with
 * `destination_fqdn_tags = ["AzureKubernetesService"]` on HTTP 80 and HTTPS 443).
 */
export const AKS_FQDN_TAG = "AzureKubernetesService";

export type FirewallThreatIntelMode = "Off" | "Alert" | "Deny";
export type FirewallIdpsMode = "Off" | "Alert" | "Deny";

/** One application (layer 7) rule: what `sourceAddresses` may reach by FQDN, FQDN tag or web category. */
export interface FirewallApplicationRule {
  /** Unique within its collection. */
  readonly name: string;
  /** Source CIDRs or IPs, e.g. the AKS node subnet. */
  readonly sourceAddresses: readonly string[];
  /** FQDNs, wildcards allowed (`*.blob.core.windows.net`). @default - none */
  readonly destinationFqdns?: readonly string[];
  /** FQDN tags, e.g. AKS_FQDN_TAG. @default - none */
  readonly destinationFqdnTags?: readonly string[];
  /** @default - HTTP 80 and HTTPS 443 */
  readonly protocols?: ReadonlyArray<{ readonly type: "Http" | "Https" | "Mssql"; readonly port: number }>;
  /** @default - none */
  readonly description?: string;
}

/** One network (layer 4) rule. */
export interface FirewallNetworkRule {
  /** Unique within its collection. */
  readonly name: string;
  readonly protocols: ReadonlyArray<"TCP" | "UDP" | "ICMP" | "Any">;
  /** Source CIDRs or IPs. */
  readonly sourceAddresses: readonly string[];
  /** Destination CIDRs, IPs or service tags (`AzureCloud.eastus2`). @default - none */
  readonly destinationAddresses?: readonly string[];
  /** Destination FQDNs (resolved through the firewall's DNS proxy; Standard and Premium). @default - none */
  readonly destinationFqdns?: readonly string[];
  /** Ports or ranges (`443`, `1194`, `9000-9010`, `*`). */
  readonly destinationPorts: readonly string[];
  /** @default - none */
  readonly description?: string;
}

/** A rule collection: rules sharing an action and a priority. */
export interface FirewallRuleCollection<R> {
  /** Unique within the firewall policy's rule collection group. */
  readonly name: string;
  /** 100-65000; lower runs first; unique per kind of collection. */
  readonly priority: number;
  /** @default "Allow" */
  readonly action?: "Allow" | "Deny";
  readonly rules: readonly R[];
}

export interface FirewallProps extends ProtectionProps {
  readonly resourceGroup: IResourceGroup;
  /** @default - generated: `afw-<workload>-<env>-<region>[-<instance>]` */
  readonly name?: string;
  /** Distinguishes several firewalls in one stack. @default - none */
  readonly instance?: string;
  /** Must be the virtual network's location. @default - the resource group's location */
  readonly location?: string;
  /**
   * The firewall's tier (see FIREWALL_SKU_TIERS). Standard is the smallest tier whose threat
   * intelligence can deny and that proxies DNS; Premium adds IDPS. Fixed at creation.
   * @default "Standard"
   */
  readonly sku?: FirewallSkuTier;
  /**
   * The virtual network's subnet named exactly `AzureFirewallSubnet`, /26 or larger, holding
   * nothing else (in VnetWithSubnets: `azureName: "AzureFirewallSubnet"`, no NSG).
   */
  readonly subnet: ISubnet;
  /**
   * The virtual network's `AzureFirewallManagementSubnet` (/26 or larger): the management IP
   * configuration that carries Azure's management traffic apart from customer traffic. Required
   * for Basic; optional for Standard and Premium (forced tunnelling). Adding or removing it
   * recreates the firewall.
   * @default - none (Standard, Premium)
   */
  readonly managementSubnet?: ISubnet;
  /**
   * Availability zones of the firewall and its public IPs (fixed at creation). Two or more zones
   * raise the SLA to 99.99% (learn.microsoft.com/azure/firewall/features#availability-zones).
   * @default - no zones
   */
  readonly zones?: readonly AvailabilityZone[];
  /**
   * Threat intelligence filtering of traffic to and from known malicious IPs and FQDNs. Basic
   * supports `Alert` only.
   * @default - "Deny" (Standard, Premium); "Alert" (Basic)
   */
  readonly threatIntelMode?: FirewallThreatIntelMode;
  /**
   * The firewall answers DNS on port 53 for the VNets that point their DNS at it, so FQDNs in
   * network rules resolve the same for clients and firewall. Standard and Premium only. Set the
   * VNets' DNS servers to `privateIpAddress` to use it.
   * @default - true (Standard, Premium); false (Basic)
   */
  readonly dnsProxy?: boolean;
  /** DNS servers the firewall (and its proxy) resolves with. @default - Azure DNS */
  readonly dnsServers?: readonly string[];
  /**
   * Intrusion detection and prevention (IDPS). Premium only.
   * @default - "Deny" on Premium; none otherwise
   */
  readonly idps?: FirewallIdpsMode;
  /** Application rule collections, in one rule collection group. @default - none */
  readonly applicationRuleCollections?: ReadonlyArray<FirewallRuleCollection<FirewallApplicationRule>>;
  /** Network rule collections, in one rule collection group. @default - none */
  readonly networkRuleCollections?: ReadonlyArray<FirewallRuleCollection<FirewallNetworkRule>>;
  /**
   * Firewall logs and metrics to Log Analytics, in resource-specific tables (`AZFW*`,
   * `log_analytics_destination_type = "Dedicated"`: learn.microsoft.com/azure/firewall/
   * firewall-structured-logs) rather than the legacy AzureDiagnostics table.
   * @default - none
   */
  readonly diagnosticSettings?: DiagnosticSettingsProps;
}

/**
 * Azure Firewall (`AZFW_VNet`) with a firewall policy: threat intelligence that denies, DNS proxy
 * and, on Premium, IDPS that denies; a Standard, static, zonal public IP; typed application and
 * network rule collections; `routeThrough(subnet)` sends a subnet's Internet-bound traffic through
 * it (a route table with `0.0.0.0/0` → the firewall), which is what AKS's
 * `outbound_type = "userDefinedRouting"` expects.
 *
 * Cost: a firewall is billed per deployment hour plus data processed, whether or not traffic
 * flows; Basic is the cheapest, Premium the dearest. Environments without egress control (dev)
 * usually leave it out.
 *
 * DDoS protection is not part of this construct: DDoS Network Protection is a plan
 * (`azurerm_network_ddos_protection_plan`) bought once per tenant or subscription and shared by
 * the VNets that reference it; a stack should reference the organisation's plan, never create one
 * per environment.
 */
export class Firewall extends Construct {
  readonly resource: AzFirewall;
  readonly id: string;
  readonly name: string;
  readonly sku: FirewallSkuTier;
  readonly policy: FirewallPolicy;
  readonly publicIp: PublicIp;
  /** The public IP of the management IP configuration (Basic, or with `managementSubnet`). */
  readonly managementPublicIp?: PublicIp;
  /** The firewall's private address in AzureFirewallSubnet: the next hop of `routeThrough`, and the DNS proxy's address. */
  readonly privateIpAddress: string;
  readonly ruleCollectionGroup?: FirewallPolicyRuleCollectionGroup;
  readonly diagnosticSetting?: MonitorDiagnosticSetting;
  private readonly location: string;
  private readonly resourceGroup: IResourceGroup;
  private readonly subnet: ISubnet;
  private readonly instance?: string;
  private readonly routed = new Set<string>();

  constructor(scope: Construct, id: string, props: FirewallProps) {
    super(scope, id);
    const path = this.node.path;
    const sku = props.sku ?? "Standard";
    if (!(FIREWALL_SKU_TIERS as readonly string[]).includes(sku)) {
      throw new ValidationError(path, `sku ${show(sku)} is not allowed (allowed: ${FIREWALL_SKU_TIERS.join(", ")})`);
    }
    this.sku = sku;
    const basic = sku === "Basic";
    const location = props.location ?? props.resourceGroup.location;
    this.location = location;
    this.resourceGroup = props.resourceGroup;
    this.subnet = props.subnet;
    this.instance = props.instance;

    checkFirewallSubnet(path, "subnet", props.subnet, FIREWALL_SUBNET_NAME);
    if (props.managementSubnet) checkFirewallSubnet(path, "managementSubnet", props.managementSubnet, FIREWALL_MANAGEMENT_SUBNET_NAME);
    else if (basic) {
      throw new ValidationError(path, `managementSubnet is required with sku "Basic" (Basic needs a management IP configuration in the VNet's ${FIREWALL_MANAGEMENT_SUBNET_NAME}, /${FIREWALL_SUBNET_MIN_PREFIX} or larger)`);
    }
    const zones = props.zones === undefined ? undefined : checkZones(path, props.zones, location);

    const threatIntel = props.threatIntelMode ?? (basic ? "Alert" : "Deny");
    if (basic && threatIntel === "Deny") {
      throw new ValidationError(path, `threatIntelMode "Deny" is not available with sku "Basic" (Basic supports "Alert" only; use sku "Standard" or "Premium" to deny)`);
    }
    const dnsProxy = props.dnsProxy ?? !basic;
    if (basic && dnsProxy) throw new ValidationError(path, `dnsProxy true is not available with sku "Basic" (allowed with sku: Standard, Premium)`);
    if (props.idps !== undefined && sku !== "Premium") {
      throw new ValidationError(path, `idps ${show(props.idps)} is not available with sku ${show(sku)} (IDPS is Premium only; allowed with sku: Premium)`);
    }
    const idps = sku === "Premium" ? (props.idps ?? "Deny") : undefined;
    checkCollections(path, "applicationRuleCollections", props.applicationRuleCollections);
    checkCollections(path, "networkRuleCollections", props.networkRuleCollections);
    const fqdnRule = basic ? props.networkRuleCollections?.flatMap((c) => c.rules).find((r) => r.destinationFqdns?.length) : undefined;
    if (fqdnRule) {
      throw new ValidationError(path, `network rule ${show(fqdnRule.name)} uses destinationFqdns, which need the DNS proxy (not available with sku "Basic"; use destinationAddresses, an application rule, or sku "Standard")`);
    }

    this.name = resourceName(this, "firewall", props.name, props.instance);
    const policyName = AzureStack.find(this) ? resourceName(this, "firewallPolicy", undefined, props.instance) : checkName(path, "firewallPolicy", `afwp-${this.name}`);

    this.publicIp = this.newPublicIp("PublicIp", props.instance ? `afw-${props.instance}` : "afw", "", zones);
    if (props.managementSubnet) {
      this.managementPublicIp = this.newPublicIp("ManagementPublicIp", props.instance ? `afw-${props.instance}-mgmt` : "afw-mgmt", "-mgmt", zones);
    }

    this.policy = new FirewallPolicy(this, "Policy", {
      name: policyName,
      location,
      resourceGroupName: props.resourceGroup.name,
      sku,
      threatIntelligenceMode: threatIntel,
      // Basic policies take no dns block (no DNS proxy, no custom DNS on Basic).
      dns: basic ? undefined : { proxyEnabled: dnsProxy, servers: props.dnsServers ? [...props.dnsServers] : undefined },
      intrusionDetection: idps ? { mode: idps } : undefined,
    });

    this.resource = new AzFirewall(this, "Resource", {
      name: this.name,
      location,
      resourceGroupName: props.resourceGroup.name,
      skuName: "AZFW_VNet",
      skuTier: sku,
      firewallPolicyId: this.policy.id,
      zones,
      ipConfiguration: [{ name: "configuration", subnetId: props.subnet.id, publicIpAddressId: this.publicIp.id }],
      managementIpConfiguration:
        props.managementSubnet && this.managementPublicIp
          ? { name: "management", subnetId: props.managementSubnet.id, publicIpAddressId: this.managementPublicIp.id }
          : undefined,
    });
    this.id = this.resource.id;
    this.privateIpAddress = this.resource.ipConfiguration.get(0).privateIpAddress;

    if (props.applicationRuleCollections?.length || props.networkRuleCollections?.length) {
      this.ruleCollectionGroup = new FirewallPolicyRuleCollectionGroup(this, "Rules", {
        name: "rules",
        firewallPolicyId: this.policy.id,
        priority: 200,
        applicationRuleCollection: props.applicationRuleCollections?.map((c) => ({
          name: c.name,
          priority: c.priority,
          action: c.action ?? "Allow",
          rule: c.rules.map((r) => ({
            name: r.name,
            description: r.description,
            sourceAddresses: [...r.sourceAddresses],
            destinationFqdns: r.destinationFqdns ? [...r.destinationFqdns] : undefined,
            destinationFqdnTags: r.destinationFqdnTags ? [...r.destinationFqdnTags] : undefined,
            protocols: (r.protocols ?? [{ type: "Http", port: 80 }, { type: "Https", port: 443 }]).map((p) => ({ type: p.type, port: p.port })),
          })),
        })),
        networkRuleCollection: props.networkRuleCollections?.map((c) => ({
          name: c.name,
          priority: c.priority,
          action: c.action ?? "Allow",
          rule: c.rules.map((r) => ({
            name: r.name,
            description: r.description,
            protocols: [...r.protocols],
            sourceAddresses: [...r.sourceAddresses],
            destinationAddresses: r.destinationAddresses ? [...r.destinationAddresses] : undefined,
            destinationFqdns: r.destinationFqdns ? [...r.destinationFqdns] : undefined,
            destinationPorts: [...r.destinationPorts],
          })),
        })),
      });
    }
    if (props.diagnosticSettings) {
      const d = props.diagnosticSettings;
      const metrics = d.metricCategories ?? ["AllMetrics"];
      this.diagnosticSetting = new MonitorDiagnosticSetting(this, "Diagnostics", {
        name: d.name ?? "to-log-analytics",
        targetResourceId: this.id,
        logAnalyticsWorkspaceId: d.workspaceId,
        // Resource-specific tables (AZFWApplicationRule, AZFWNetworkRule, AZFWThreatIntel, ...).
        logAnalyticsDestinationType: "Dedicated",
        enabledLog: (d.logCategoryGroups ?? ["allLogs"]).map((categoryGroup) => ({ categoryGroup })),
        enabledMetric: metrics.length ? metrics.map((category) => ({ category })) : undefined,
      });
    }
    protect(this, this.resource, props, this.name);
  }

  /**
   * Sends `subnet`'s Internet-bound traffic through the firewall: a route table with
   * `0.0.0.0/0` → the firewall's private IP (`VirtualAppliance`), associated with the subnet. This
   * is the route AKS needs for `network_profile.outbound_type = "userDefinedRouting"` (the cluster
   * refuses to create without it). The firewall must also admit that traffic: for AKS, an
   * application rule with AKS_FQDN_TAG and the network rules of learn.microsoft.com/azure/aks/limit-egress-traffic.
   * A subnet has one route table: do not associate another with it.
   */
  routeThrough(subnet: ISubnet, id?: string): { readonly routeTable: RouteTable; readonly association: SubnetRouteTableAssociation } {
    const path = this.node.path;
    if (!Token.isUnresolved(subnet.name) && (subnet.name === FIREWALL_SUBNET_NAME || subnet.name === FIREWALL_MANAGEMENT_SUBNET_NAME)) {
      throw new ValidationError(path, `routeThrough(${show(subnet.name)}): the firewall's own subnet cannot route through the firewall (give a workload subnet)`);
    }
    if (subnet === this.subnet) throw new ValidationError(path, "routeThrough: the firewall's own subnet cannot route through the firewall (give a workload subnet)");
    const key = Token.isUnresolved(subnet.name) ? (id ?? subnet.id) : subnet.name;
    if (this.routed.has(key)) throw new ValidationError(path, `routeThrough(${show(key)}) is called twice (a subnet has one route table)`);
    this.routed.add(key);
    const cid = id ?? `Route-${subnet.name}`;
    const scope = new Construct(this, cid);
    const routeTableName = AzureStack.find(this)
      ? resourceName(scope, "routeTable", undefined, [this.instance, Token.isUnresolved(subnet.name) ? cid.toLowerCase() : subnet.name].filter(Boolean).join("-"))
      : checkName(scope.node.path, "routeTable", `rt-${Token.isUnresolved(subnet.name) ? cid : subnet.name}-${this.name}`);
    const routeTable = new RouteTable(scope, "RouteTable", {
      name: routeTableName,
      location: subnet.virtualNetwork.location ?? this.location,
      resourceGroupName: this.resourceGroup.name,
      route: [{ name: "default-via-firewall", addressPrefix: "0.0.0.0/0", nextHopType: "VirtualAppliance", nextHopInIpAddress: this.privateIpAddress }],
    });
    const association = new SubnetRouteTableAssociation(scope, "Association", { subnetId: subnet.id, routeTableId: routeTable.id });
    return { routeTable, association };
  }

  /** `pip-<workload>-<env>-<region>-afw[-<instance>]` in an AzureStack; `pip-<firewall name>[-mgmt]` outside one. */
  private newPublicIp(id: string, instance: string, plainSuffix: string, zones: string[] | undefined): PublicIp {
    const name = AzureStack.find(this) ? resourceName(this, "publicIp", undefined, instance) : checkName(this.node.path, "publicIp", `pip-${this.name}${plainSuffix}`);
    return new PublicIp(this, id, {
      name,
      location: this.location,
      resourceGroupName: this.resourceGroup.name,
      // Azure Firewall requires a Standard, Static public IP (azurerm docs, ip_configuration).
      sku: "Standard",
      allocationMethod: "Static",
      zones,
    });
  }
}

function checkFirewallSubnet(path: string, prop: string, subnet: ISubnet, required: string): void {
  if (!Token.isUnresolved(subnet.name) && subnet.name !== required) {
    throw new ValidationError(path, `${prop} name ${show(subnet.name)} is not allowed (Azure Firewall needs a subnet named exactly ${show(required)}; in VnetWithSubnets set azureName: ${show(required)})`);
  }
  if (!Token.isUnresolved(subnet.addressPrefix)) {
    const m = /^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}\/(\d{1,2})$/.exec(subnet.addressPrefix);
    if (!m || !ipaddr.IPv4.isValidCIDR(subnet.addressPrefix)) throw new ValidationError(path, `${prop} addressPrefix ${show(subnet.addressPrefix)} is not an IPv4 CIDR (a.b.c.d/prefix)`);
    if (Number(m[1]) > FIREWALL_SUBNET_MIN_PREFIX) {
      throw new ValidationError(path, `${prop} addressPrefix ${show(subnet.addressPrefix)} is too small for Azure Firewall (allowed: /${FIREWALL_SUBNET_MIN_PREFIX} or larger)`);
    }
  }
}

function checkZones(path: string, zones: readonly AvailabilityZone[], location: string): string[] {
  const all: readonly string[] = ["1", "2", "3"];
  if (zones.length === 0) throw new ValidationError(path, `zones is empty (give one or more of "1", "2", "3", or leave it out)`);
  for (const zone of zones) {
    if (!Token.isUnresolved(zone) && !all.includes(zone)) throw new ValidationError(path, `zones ${show(zones)} is not allowed (allowed: "1", "2", "3")`);
  }
  if (new Set(zones).size !== zones.length) throw new ValidationError(path, `zones ${show(zones)} lists a zone twice`);
  requireZones(path, location, `zones ${show(zones)}`);
  return [...zones];
}

function checkCollections<R extends { readonly name: string }>(path: string, prop: string, collections: ReadonlyArray<FirewallRuleCollection<R>> | undefined): void {
  const names = new Set<string>();
  const priorities = new Set<number>();
  for (const c of collections ?? []) {
    if (names.has(c.name)) throw new ValidationError(path, `${prop}: collection ${show(c.name)} is defined twice`);
    names.add(c.name);
    if (!Token.isUnresolved(c.priority)) {
      if (!Number.isInteger(c.priority) || c.priority < 100 || c.priority > 65000) {
        throw new ValidationError(path, `${prop}: collection ${show(c.name)} priority ${c.priority} is out of range (allowed: whole numbers 100 to 65000)`);
      }
      if (priorities.has(c.priority)) throw new ValidationError(path, `${prop}: collection ${show(c.name)} priority ${c.priority} is used twice (each collection needs its own priority)`);
      priorities.add(c.priority);
    }
    if (c.rules.length === 0) throw new ValidationError(path, `${prop}: collection ${show(c.name)} has no rules`);
    const ruleNames = new Set<string>();
    for (const r of c.rules) {
      if (ruleNames.has(r.name)) throw new ValidationError(path, `${prop}: collection ${show(c.name)} has rule ${show(r.name)} twice`);
      ruleNames.add(r.name);
      const app = r as unknown as FirewallApplicationRule;
      if (prop === "applicationRuleCollections" && !app.destinationFqdns?.length && !app.destinationFqdnTags?.length) {
        throw new ValidationError(path, `${prop}: rule ${show(r.name)} has no destination (give destinationFqdns or destinationFqdnTags)`);
      }
      const net = r as unknown as FirewallNetworkRule;
      if (prop === "networkRuleCollections" && !net.destinationAddresses?.length && !net.destinationFqdns?.length) {
        throw new ValidationError(path, `${prop}: rule ${show(r.name)} has no destination (give destinationAddresses or destinationFqdns)`);
      }
    }
  }
}
