import { MonitorWorkspace } from "@cdktf/provider-azurerm/lib/monitor-workspace";
import { TerraformOutput } from "cdktf";
import type { Construct } from "constructs";
import { AKS_VM_SIZES, AksCluster, type AksNodePoolOptions, nodeSubnetAddressesNeeded, subnetNodeCapacity } from "../../lib/compute/aks-cluster";
import { JumpHost, jumpHostSubnetRules } from "../../lib/compute/jump-host";
import { ContainerRegistry } from "../../lib/containers/container-registry";
import { resourceName } from "../../lib/core/azure-stack";
import { AZURE_REGIONS } from "../../lib/core/regions";
import { ResourceGroup } from "../../lib/core/resource-group";
import { CosmosMongo } from "../../lib/data/cosmos-mongo";
import { PostgresFlexible } from "../../lib/data/postgres-flexible";
import { MANAGED_REDIS_PORT, Redis } from "../../lib/data/redis";
import { StorageAccount } from "../../lib/data/storage-account";
import { FrontDoor } from "../../lib/edge/front-door";
import type { ProfileIssue, SystemDefinition } from "../../lib/framework/system";
import { ApiManagement, type ApimSku, type ApimVirtualNetworkProps } from "../../lib/integration/api-management";
import { ApimPolicy } from "../../lib/integration/api-management-policy";
import { EVENT_HUB_PREMIUM_CAPACITIES, EVENT_HUB_TIER_LIMITS, EventHub } from "../../lib/integration/event-hub";
import { ServiceBus } from "../../lib/integration/service-bus";
import { BASTION_DEVELOPER_SOURCE_ADDRESS, BASTION_SUBNET_RULES, Bastion } from "../../lib/network/bastion";
import { cidrContains, cidrsOverlap, prefixLength } from "../../lib/network/cidr";
import { AKS_FQDN_TAG, Firewall } from "../../lib/network/firewall";
import type { ISubnet } from "../../lib/network/interfaces";
import { type NsgRule, type SubnetSpec, VnetWithSubnets } from "../../lib/network/vnet-with-subnets";
import { Monitoring } from "../../lib/observability/monitoring";
import { KUBERNETES_VERSIONS, findKubernetesVersion } from "../../lib/policy/lifecycle";
import { Suppressions } from "../../lib/policy/suppressions";
import { KeyVault } from "../../lib/security/key-vault";
import type { WorkloadIdentity } from "../../lib/security/workload-identity";
import { zoneRedundantStorageIssue } from "../profile-checks";
import { type UgcStudioProfile, ugcStudioProfileSchema, ugcStudioTiers } from "./profile";
import { systemBudget } from "../system-budget";

/** The document's blob containers: rendered videos, uploaded assets, voice-overs and thumbnails. */
export const UGC_STUDIO_BLOB_CONTAINERS = ["videos", "assets", "audio", "thumbnails"] as const;

/**
 * The AI providers the agents call (the document's Claude, OpenAI and ElevenLabs): the only
 * internet destinations the firewall admits besides AKS's own dependencies.
 */
export const UGC_STUDIO_AI_PROVIDER_FQDNS = ["api.anthropic.com", "api.openai.com", "api.elevenlabs.io"] as const;

/** Kubernetes namespace of the platform's services. */
export const UGC_STUDIO_NAMESPACE = "ugc";

/** The path API Management's and Front Door's health probes call (the gateway's status endpoint). */
const GATEWAY_STATUS_PATH = "/status-0123456789abcdef";

/** Ports of the private endpoints: HTTPS, Cosmos DB for MongoDB, Managed Redis, AMQP (Service Bus, Event Hubs), Kafka (Event Hubs). */
const ENDPOINT_PORTS = ["443", "10255", String(MANAGED_REDIS_PORT), "5671", "5672", "9093"];

/** The three node pools of a cluster as the profile gives them. */
function pools(p: UgcStudioProfile): Array<{ key: "system" | "app" | "gpu"; options: AksNodePoolOptions }> {
  const a = p.aks;
  return [
    { key: "system", options: { mode: "System", vmSize: a.systemVmSize, minCount: a.systemMinCount, maxCount: a.systemMaxCount, maxPods: a.maxPods } },
    { key: "app", options: { vmSize: a.appVmSize, minCount: a.appMinCount, maxCount: a.appMaxCount, maxPods: a.maxPods, labels: { workload: "app" } } },
    { key: "gpu", options: { vmSize: a.gpuVmSize, minCount: a.gpuMinCount, maxCount: a.gpuMaxCount, maxPods: a.maxPods, labels: { workload: "render" } } },
  ];
}

/** API Management's way into the VNet: classic injection (Developer, Premium) or outbound integration (v2 tiers). */
function apimNetwork(p: UgcStudioProfile, subnet: ISubnet): ApimVirtualNetworkProps {
  return { mode: /^(StandardV2|PremiumV2)_/.test(p.apiManagement.sku) ? "Integration" : "External", subnet };
}

function apimIntegration(p: UgcStudioProfile): boolean {
  return /^(StandardV2|PremiumV2)_/.test(p.apiManagement.sku);
}

/** Inbound rules of a classic-injected gateway's subnet (learn.microsoft.com/azure/api-management/api-management-using-with-vnet): management on 3443, the Azure load balancer's probe on 6390, clients (Front Door) on 443. */
const APIM_INJECTION_RULES: readonly NsgRule[] = [
  { priority: 100, name: "AllowApimManagement", destinationPorts: "3443", protocol: "Tcp", source: "ApiManagement", destination: "VirtualNetwork", access: "Allow", description: "API Management control plane" },
  { priority: 110, name: "AllowAzureLoadBalancer", destinationPorts: "6390", protocol: "Tcp", source: "AzureLoadBalancer", destination: "VirtualNetwork", access: "Allow", description: "Azure infrastructure load balancer probe" },
  { priority: 120, name: "AllowFrontDoorHttps", destinationPorts: "443", protocol: "Tcp", source: "AzureFrontDoor.Backend", destination: "VirtualNetwork", access: "Allow", description: "Front Door to the gateway" },
];

/** Rules of a subnet of private endpoints (or a database's endpoint): the cluster and the operators in, nothing else from the VNet. */
function endpointRules(ports: readonly string[], sources: ReadonlyArray<{ name: string; subnet: string; what: string }>): NsgRule[] {
  return [
    ...sources.map((s, i) => ({ priority: 100 + 10 * i, name: `Allow${s.name}`, destinationPorts: [...ports], protocol: "Tcp", source: { subnet: s.subnet }, destination: "VirtualNetwork", access: "Allow", description: s.what }) as NsgRule),
    { priority: 4000, name: "DenyVnetInbound", destinationPorts: "*", protocol: "*", source: "VirtualNetwork", destination: "*", access: "Deny" },
  ];
}

/** The primary region's subnets. */
function subnets(p: UgcStudioProfile): SubnetSpec[] {
  const n = p.network;
  const dedicatedBastion = p.bastion.sku !== "Developer";
  const sources = [
    { name: "Aks", subnet: "aks", what: "the cluster's nodes and pods (overlay traffic leaves with the node's address)" },
    { name: "Operators", subnet: "management", what: "operators on the jump host" },
  ];
  return [
    { name: "aks", addressPrefix: n.aksSubnet },
    { name: "database", addressPrefix: n.databaseSubnet, securityRules: endpointRules(["5432", "6432"], sources) },
    { name: "endpoints", addressPrefix: n.endpointsSubnet, securityRules: endpointRules(ENDPOINT_PORTS, sources) },
    apimIntegration(p)
      ? { name: "apim", addressPrefix: n.apimSubnet, delegation: "Microsoft.Web/serverFarms", defaultOutboundAccess: true }
      : { name: "apim", addressPrefix: n.apimSubnet, defaultOutboundAccess: true, securityRules: APIM_INJECTION_RULES },
    // The jump host installs kubectl, the Azure CLI and the Entra ID login extension over the internet.
    { name: "management", addressPrefix: n.managementSubnet, defaultOutboundAccess: true, securityRules: jumpHostSubnetRules({ sshSourceAddressPrefix: dedicatedBastion ? n.bastionSubnet : BASTION_DEVELOPER_SOURCE_ADDRESS }) },
    ...(dedicatedBastion ? [{ name: "bastion", azureName: "AzureBastionSubnet", addressPrefix: n.bastionSubnet, securityRules: BASTION_SUBNET_RULES } as SubnetSpec] : []),
    ...(p.perimeter.firewall ? [{ name: "firewall", azureName: "AzureFirewallSubnet", addressPrefix: n.firewallSubnet } as SubnetSpec] : []),
  ];
}

/** The secondary region's subnets (warm standby). */
function secondarySubnets(p: UgcStudioProfile): SubnetSpec[] {
  const n = p.network;
  return [
    { name: "aks", addressPrefix: n.secondaryAksSubnet },
    { name: "endpoints", addressPrefix: n.secondaryEndpointsSubnet, securityRules: endpointRules([...ENDPOINT_PORTS, "5432", "6432"], [{ name: "Aks", subnet: "aks", what: "the standby cluster" }]) },
    apimIntegration(p)
      ? { name: "apim", addressPrefix: n.secondaryApimSubnet, delegation: "Microsoft.Web/serverFarms", defaultOutboundAccess: true }
      : { name: "apim", addressPrefix: n.secondaryApimSubnet, defaultOutboundAccess: true, securityRules: APIM_INJECTION_RULES },
  ];
}

/** The address of `ip` as a number (for the ingress address check). */
function ipNumber(ip: string): number {
  return ip.split(".").reduce((n, o) => n * 256 + Number(o), 0);
}

/** Whether `ip` is a usable host address of `cidr` (not the network, Azure's first three, or broadcast). */
function usableIn(cidr: string, ip: string): boolean {
  const [base, bits] = cidr.split("/");
  const size = 2 ** (32 - Number(bits));
  const offset = ipNumber(ip) - ipNumber(base);
  return offset >= 4 && offset < size - 1;
}

/**
 * UGC Creator Studio (shared/seeds/ugc-studio.md): Front Door with WAF in front of API Management,
 * which reaches the AKS cluster's internal ingress privately; an AKS cluster with system,
 * application and GPU node pools, KEDA and workload identity; PostgreSQL Flexible Server,
 * Cosmos DB for MongoDB, Azure Managed Redis, Blob storage, Service Bus Premium and Event Hubs
 * behind private endpoints; a Premium container registry; Key Vault; Container Insights, managed
 * Prometheus, Application Insights and alerts; Bastion and a jump host for operators; an egress
 * firewall and a warm standby in the secondary region where the profile asks for them.
 */
export const ugcStudio: SystemDefinition<UgcStudioProfile> = {
  id: "ugc-studio",
  title: "UGC Creator Studio",
  workload: "ugcstudio",
  profileSchema: ugcStudioProfileSchema,
  tiers: ugcStudioTiers,

  check(p, env, at, { date }) {
    const issues: ProfileIssue[] = [];
    const a = p.aks;
    // Kubernetes version: refused past its AKS end of life (the lifecycle table), judged at the synthesis date.
    // The messages name no date-dependent list, so the same mistake reads the same every day.
    const minorOf = (r: (typeof KUBERNETES_VERSIONS)[number]) => (r.match as { minor: string }).minor;
    const oldest = KUBERNETES_VERSIONS[0];
    const row = findKubernetesVersion(a.kubernetesVersion);
    const choose = "choose a minor AKS supports (az aks get-versions --location <region>)";
    if (!row && Number(a.kubernetesVersion.split(".")[1]) < Number(minorOf(oldest).split(".")[1])) {
      issues.push({ reports: [{ path: at("aks", "kubernetesVersion"), message: `is past its AKS end of life (older than ${minorOf(oldest)}, which ended on ${oldest.endOfSupport}); AKS creates no new clusters on it: ${choose}` }] });
    } else if (!row) {
      issues.push({ reports: [{ path: at("aks", "kubernetesVersion"), message: `is not a Kubernetes version AKS lists (allowed: ${KUBERNETES_VERSIONS.map(minorOf).join(", ")}, while AKS supports them)` }] });
    } else if (row.endOfSupport !== undefined && row.endOfSupport <= date) {
      issues.push({ reports: [{ path: at("aks", "kubernetesVersion"), message: `reached its AKS end of life on ${row.endOfSupport}; AKS creates no new clusters on it: ${choose}` }] });
    }
    // Pools: autoscaler ranges, GPU sizes where they belong.
    for (const { key, options } of pools(p)) {
      if (options.minCount > options.maxCount) {
        issues.push({ reports: [
          { path: at("aks", `${key}MinCount`), message: `is greater than aks.${key}MaxCount (${options.maxCount}); the cluster autoscaler needs minCount <= maxCount` },
          { path: at("aks", `${key}MaxCount`), message: `is less than aks.${key}MinCount (${options.minCount}); the cluster autoscaler needs minCount <= maxCount` },
        ] });
      }
      const gpus = AKS_VM_SIZES[options.vmSize]?.gpus ?? 0;
      if (key === "gpu" && gpus === 0) {
        issues.push({ reports: [{ path: at("aks", "gpuVmSize"), message: `is not a GPU size; the render pool needs one (allowed: ${Object.entries(AKS_VM_SIZES).filter(([, s]) => s.gpus > 0).map(([n]) => n).join(", ")})` }] });
      } else if (key !== "gpu" && gpus > 0) {
        issues.push({ reports: [{ path: at("aks", `${key}VmSize`), message: `is a GPU size; the ${key} pool runs general-purpose work (allowed: ${Object.entries(AKS_VM_SIZES).filter(([, s]) => s.gpus === 0).map(([n]) => n).join(", ")})` }] });
      }
    }
    // The node subnet holds every pool at full scale plus the upgrade surge (Azure CNI Overlay: nodes only).
    const needed = nodeSubnetAddressesNeeded(pools(p).map(({ key, options }) => ({ name: key, maxCount: options.maxCount }))) - 5;
    const bits = prefixLength(p.network.aksSubnet);
    if (needed > subnetNodeCapacity(bits)) {
      let bigger = bits;
      while (bigger > 0 && subnetNodeCapacity(bigger) < needed) bigger--;
      issues.push({ reports: [
        { path: at("network", "aksSubnet"), message: `holds ${subnetNodeCapacity(bits)} nodes (a /${bits} less Azure's 5 reserved addresses), and the node pools need ${needed} at full scale with upgrade surge; use a /${bigger} or larger, or lower the pools' maxCount` },
        ...(["system", "app", "gpu"] as const).map((key) => ({
          path: at("aks", `${key}MaxCount`),
          message: `makes the node pools need ${needed} nodes at full scale with upgrade surge, more than network.aksSubnet ${p.network.aksSubnet} holds (${subnetNodeCapacity(bits)}); lower it, or use a /${bigger} or larger subnet`,
        })),
      ] });
    }
    if (!usableIn(p.network.aksSubnet, a.ingressIp)) {
      issues.push({ reports: [{ path: at("aks", "ingressIp"), message: `is not a usable address of network.aksSubnet ${p.network.aksSubnet} (the ingress controller's internal load balancer takes it there)` }] });
    }
    if (p.dr.warmStandby && !usableIn(p.network.secondaryAksSubnet, p.dr.standbyIngressIp)) {
      issues.push({ reports: [{ path: at("dr", "standbyIngressIp"), message: `is not a usable address of network.secondaryAksSubnet ${p.network.secondaryAksSubnet} (the standby ingress controller's internal load balancer takes it there)` }] });
    }
    // Messaging: the job queue and the analytics stream are private, which needs Premium / Standard.
    if (p.serviceBus.sku !== "Premium") {
      issues.push({ reports: [
        { path: at("serviceBus", "sku"), message: `is not allowed: UGC Creator Studio's job queue is reached through a private endpoint, and private endpoints are a Premium feature of Service Bus (allowed: Premium)` },
      ] });
    } else if (p.serviceBus.capacity === 0) {
      issues.push({ reports: [{ path: at("serviceBus", "capacity"), message: "is no messaging units: a Premium namespace runs on 1, 2, 4, 8 or 16 (allowed: 1, 2, 4, 8, 16)" }] });
    }
    const hubLimits = EVENT_HUB_TIER_LIMITS[p.eventHub.sku];
    if (!hubLimits.privateNetworking) {
      issues.push({ reports: [{ path: at("eventHub", "sku"), message: "has no private endpoints, and the analytics stream is private (allowed: Standard, Premium)" }] });
    } else {
      if (p.eventHub.sku === "Premium" && !(EVENT_HUB_PREMIUM_CAPACITIES as readonly number[]).includes(p.eventHub.capacity)) {
        issues.push({ reports: [{ path: at("eventHub", "capacity"), message: `is not a Premium processing unit count (allowed: ${EVENT_HUB_PREMIUM_CAPACITIES.join(", ")})` }] });
      }
      if (p.eventHub.partitions > hubLimits.maxPartitions) {
        issues.push({ reports: [{ path: at("eventHub", "partitions"), message: `is more than the ${p.eventHub.sku} tier allows (allowed: 1-${hubLimits.maxPartitions})` }] });
      }
      if (p.eventHub.retentionDays > hubLimits.maxRetentionDays) {
        issues.push({ reports: [{ path: at("eventHub", "retentionDays"), message: `is longer than the ${p.eventHub.sku} tier keeps events (allowed: 1-${hubLimits.maxRetentionDays})` }] });
      }
    }
    if (p.registry.sku !== "Premium") {
      issues.push({ reports: [{ path: at("registry", "sku"), message: "is not allowed: the registry is private (private endpoints, retention of untagged manifests and geo-replication are Premium features; allowed: Premium)" }] });
    }
    // Data.
    const burstableMissing = [p.postgres.highAvailability ? "high availability (postgres.highAvailability)" : "", p.dr.warmStandby ? "read replicas (dr.warmStandby)" : ""].filter(Boolean);
    if (p.postgres.sku.startsWith("B_") && burstableMissing.length) {
      issues.push({ reports: [{ path: at("postgres", "sku"), message: `is Burstable, which offers no ${burstableMissing.join(" and no ")} (allowed: a GP_ or MO_ SKU)` }] });
    }
    if (p.cosmos.autoscaleMaxThroughput % 1000 !== 0) {
      issues.push({ reports: [{ path: at("cosmos", "autoscaleMaxThroughput"), message: "is not a multiple of 1000 (autoscale maxima go in steps of 1000 RU/s)" }] });
    }
    issues.push(...zoneRedundantStorageIssue(p.storage.replication, env, at));
    if (!["LRS", "GRS", "RAGRS"].includes(p.storage.replication)) {
      issues.push({ reports: [{ path: at("storage", "replication"), message: "does not offer the archive tier, which storage.archiveAfterDays moves old content to (allowed: LRS, GRS, RAGRS)" }] });
    }
    if (p.storage.coolAfterDays >= p.storage.archiveAfterDays) {
      issues.push({ reports: [{ path: at("storage", "archiveAfterDays"), message: `is not after storage.coolAfterDays (${p.storage.coolAfterDays}): blobs go hot → cool → archive` }] });
    }
    // Second region and perimeter.
    if ((p.dr.warmStandby || p.cosmos.multiRegionWrites) && !env.secondaryLocation) {
      issues.push({ reports: [{ path: ["secondaryLocation"], message: "is required but missing: UGC Creator Studio's dr.warmStandby and cosmos.multiRegionWrites run in the environment's secondary region" }] });
    }
    if (p.perimeter.ddosProtection && !p.perimeter.ddosProtectionPlanId) {
      issues.push({ reports: [
        { path: at("perimeter", "ddosProtectionPlanId"), message: "is required but missing: perimeter.ddosProtection attaches the organisation's shared DDoS Network Protection plan (one per tenant, never one per stack); give its ARM id, or set perimeter.ddosProtection false" },
      ] });
    }
    if (env.deployer.ipRanges.length === 0) {
      issues.push({ reports: [{ path: ["deployer", "ipRanges"], message: "is required but missing: UGC Creator Studio's Key Vault denies public networks and Terraform writes the generated secrets into it, so the machines that run cdktf deploy must be let through (allowed: public IPv4 CIDRs, e.g. 203.0.113.0/24)" }] });
    }
    // Addresses.
    const n = p.network;
    const primary = [["aksSubnet", n.aksSubnet], ["databaseSubnet", n.databaseSubnet], ["endpointsSubnet", n.endpointsSubnet], ["apimSubnet", n.apimSubnet], ["managementSubnet", n.managementSubnet], ["bastionSubnet", n.bastionSubnet], ["firewallSubnet", n.firewallSubnet]] as const;
    const secondary = [["secondaryAksSubnet", n.secondaryAksSubnet], ["secondaryEndpointsSubnet", n.secondaryEndpointsSubnet], ["secondaryApimSubnet", n.secondaryApimSubnet]] as const;
    for (const [space, list] of [["addressSpace", primary], ["secondaryAddressSpace", secondary]] as const) {
      const outer = n[space];
      for (const [key, cidr] of list) {
        if (!cidrContains(outer, cidr)) issues.push({ reports: [{ path: at("network", key), message: `is outside network.${space} ${outer}` }] });
      }
      for (let i = 0; i < list.length; i++) {
        for (let j = i + 1; j < list.length; j++) {
          if (cidrsOverlap(list[i][1], list[j][1])) issues.push({ reports: [{ path: at("network", list[j][0]), message: `overlaps network.${list[i][0]} ${list[i][1]}` }] });
        }
      }
    }
    if (p.dr.warmStandby && cidrsOverlap(n.addressSpace, n.secondaryAddressSpace)) {
      issues.push({ reports: [{ path: at("network", "secondaryAddressSpace"), message: `overlaps network.addressSpace ${n.addressSpace} (the two regions' VNets must be peerable)` }] });
    }
    for (const [key, cidr] of [["addressSpace", n.addressSpace], ["secondaryAddressSpace", n.secondaryAddressSpace]] as const) {
      if (cidrsOverlap(cidr, a.podCidr)) issues.push({ reports: [{ path: at("aks", "podCidr"), message: `overlaps network.${key} ${cidr} (Azure CNI Overlay's pod CIDR must lie outside the VNets)` }] });
    }
    return issues;
  },

  build(scope: Construct, { environment: env, profile: p }) {
    const rg = new ResourceGroup(scope, "ResourceGroup", { location: env.location });
    const standby = p.dr.warmStandby;
    const secondaryLocation = env.secondaryLocation!;
    const drRg = standby ? new ResourceGroup(scope, "SecondaryResourceGroup", { location: secondaryLocation, instance: "dr" }) : undefined;
    const protection = p.protection.lockStatefulResources ? { lock: "CanNotDelete" as const, preventDestroy: true } : {};
    const ddosProtectionPlanId = p.perimeter.ddosProtection ? p.perimeter.ddosProtectionPlanId : undefined;
    const zones = AZURE_REGIONS.get(env.location)?.zones ?? false;

    // --- Network ----------------------------------------------------------------------------
    const network = new VnetWithSubnets(scope, "Network", { resourceGroup: rg, addressSpace: [p.network.addressSpace], subnets: subnets(p), ddosProtectionPlanId });
    const endpoints = [{ subnet: network.subnet("endpoints") }];
    const drNetwork = drRg
      ? new VnetWithSubnets(scope, "SecondaryNetwork", { resourceGroup: drRg, instance: "dr", addressSpace: [p.network.secondaryAddressSpace], subnets: secondarySubnets(p), ddosProtectionPlanId })
      : undefined;
    // Every service the standby cluster uses gets an endpoint in its own region too: when the
    // primary region is down, the endpoints there are down with it.
    const everywhere = drNetwork ? [...endpoints, { subnet: drNetwork.subnet("endpoints") }] : endpoints;

    // --- Monitoring -------------------------------------------------------------------------
    const monitoring = new Monitoring(scope, "Monitoring", {
      resourceGroup: rg,
      retentionDays: p.monitoring.retentionDays,
      samplingPercentage: p.monitoring.samplingPercentage,
      recipients: env.alerts.emails,
      shortName: `ugc-${env.name}`.slice(0, 12),
    });
    const diagnostics = p.monitoring.diagnostics ? monitoring.diagnosticSettings() : undefined;
    // Managed Prometheus' store (the document's "Azure Monitor Workspace").
    const prometheus = new MonitorWorkspace(scope, "MonitorWorkspace", { name: resourceName(scope, "monitorWorkspace"), resourceGroupName: rg.name, location: env.location });

    // --- Security ---------------------------------------------------------------------------
    const vault = new KeyVault(scope, "KeyVault", {
      resourceGroup: rg,
      purgeProtection: p.protection.purgeProtection,
      network: { defaultAction: "Deny", allowedIpRanges: env.network.allowedIpRanges },
      privateEndpoints: everywhere,
      ...protection,
    });
    monitoring.addDiagnostics("KeyVaultAudit", vault.id);

    const registry = new ContainerRegistry(scope, "Registry", {
      resourceGroup: rg,
      sku: p.registry.sku,
      zoneRedundancy: zones,
      untaggedRetentionDays: p.registry.untaggedRetentionDays,
      georeplications: standby ? [{ location: secondaryLocation, zoneRedundancy: AZURE_REGIONS.get(secondaryLocation)?.zones ?? false }] : [],
      privateEndpoints: everywhere,
      ...protection,
    });

    // --- Perimeter --------------------------------------------------------------------------
    const firewall = p.perimeter.firewall
      ? new Firewall(scope, "Firewall", {
          resourceGroup: rg,
          sku: p.perimeter.firewallSku,
          subnet: network.subnet("firewall"),
          zones: zones ? ["1", "2", "3"] : undefined,
          applicationRuleCollections: [
            {
              name: "egress",
              priority: 200,
              rules: [
                { name: "aks-dependencies", sourceAddresses: [p.network.aksSubnet], destinationFqdnTags: [AKS_FQDN_TAG], description: "MCR, the API server, Entra ID, node packages (limit-egress-traffic)" },
                { name: "ai-providers", sourceAddresses: [p.network.aksSubnet], destinationFqdns: [...UGC_STUDIO_AI_PROVIDER_FQDNS], protocols: [{ type: "Https", port: 443 }], description: "Claude, OpenAI and ElevenLabs APIs the agents call" },
              ],
            },
          ],
          networkRuleCollections: [
            {
              name: "aks-network",
              priority: 100,
              rules: [
                { name: "ntp", protocols: ["UDP"], sourceAddresses: [p.network.aksSubnet], destinationAddresses: ["*"], destinationPorts: ["123"], description: "Node time synchronisation" },
                { name: "azure-monitor", protocols: ["TCP"], sourceAddresses: [p.network.aksSubnet], destinationAddresses: ["AzureMonitor"], destinationPorts: ["443"], description: "Container Insights and managed Prometheus" },
              ],
            },
          ],
          diagnosticSettings: monitoring.diagnosticSettings(),
          ...protection,
        })
      : undefined;
    const egress = firewall?.routeThrough(network.subnet("aks"));

    // --- Compute ----------------------------------------------------------------------------
    const a = p.aks;
    const [system, app, gpu] = pools(p);
    const cluster = new AksCluster(scope, "Aks", {
      resourceGroup: rg,
      subnet: network.subnet("aks"),
      kubernetesVersion: a.kubernetesVersion,
      skuTier: a.skuTier,
      podCidr: a.podCidr,
      systemPool: { name: "system", vmSize: system.options.vmSize, minCount: system.options.minCount, maxCount: system.options.maxCount, maxPods: a.maxPods },
      apiServerAccess: { private: true },
      adminGroupObjectIds: a.adminGroupObjectId ? [a.adminGroupObjectId] : undefined,
      outboundType: egress ? "userDefinedRouting" : "loadBalancer",
      maintenanceWindow: { dayOfWeek: "Sunday", startTime: "02:00", durationHours: 4 },
      logAnalyticsWorkspace: monitoring.workspace,
      monitorWorkspaceId: prometheus.id,
      diagnosticSettings: monitoring.diagnosticSettings(),
    });
    // userDefinedRouting: AKS refuses a subnet without its 0.0.0.0/0 route at creation.
    if (egress) cluster.resource.dependsOn = [...(cluster.resource.dependsOn ?? []), egress.association.fqn];
    cluster.addNodePool("app", app.options);
    cluster.addNodePool("gpu", gpu.options);
    cluster.grantPull(registry);

    // The workload identities of the services that read Key Vault, Service Bus, Storage and Cosmos DB
    // (its connection string is a Key Vault secret: Cosmos DB for MongoDB RU takes keys only).
    const identity = (name: string, serviceAccount: string, namespace = UGC_STUDIO_NAMESPACE): WorkloadIdentity => cluster.addWorkloadIdentity(name, { namespace, serviceAccount });
    const content = identity("content", "content-service");
    const worker = identity("worker", "queue-processor");
    const render = identity("render", "video-encoder");
    const analytics = identity("analytics", "analytics-service");
    // KEDA reads the queue length with its own identity (the operator's service account).
    const keda = identity("keda", "keda-operator", "kube-system");
    const services = [content, worker, render, analytics];

    // --- Data -------------------------------------------------------------------------------
    const postgres = new PostgresFlexible(scope, "Postgres", {
      resourceGroup: rg,
      version: p.postgres.version,
      sku: p.postgres.sku,
      storageMb: p.postgres.storageMb,
      highAvailability: p.postgres.highAvailability ? "ZoneRedundant" : undefined,
      backupRetentionDays: p.postgres.backupRetentionDays,
      geoRedundantBackup: p.postgres.geoRedundantBackup,
      passwordVault: vault,
      databases: ["ugc"],
      privateEndpoints: [{ subnet: network.subnet("database") }],
      ...protection,
    });
    const replica = drRg && drNetwork
      ? postgres.addReadReplica("Replica", { location: secondaryLocation, crossRegion: true, resourceGroup: drRg, privateEndpoints: [{ subnet: drNetwork.subnet("endpoints") }], ...protection })
      : undefined;

    if (p.monitoring.diagnostics) monitoring.addDiagnostics("PostgresDiagnostics", postgres.id);
    if (replica) {
      if (p.monitoring.diagnostics) monitoring.addDiagnostics("ReplicaDiagnostics", replica.id);
      Suppressions.of(replica).add("AZ-PG-002", "Azure takes no backups of a read replica (concepts-read-replicas), so it has no geo-redundant backup setting; the primary's backups are geo-redundant, and the replica is itself the cross-region copy");
    }

    const cosmos = new CosmosMongo(scope, "Cosmos", {
      resourceGroup: rg,
      secondaryRegions: p.cosmos.multiRegionWrites ? [{ location: secondaryLocation }] : [],
      multipleWriteLocations: p.cosmos.multiRegionWrites,
      backup: { type: "Continuous", tier: p.cosmos.backup },
      privateEndpoints: everywhere,
      connectionStringSecret: { keyVault: vault },
      diagnosticSettings: diagnostics,
      ...protection,
    });
    // The document's templates and analytics documents, sharded by brand and creator.
    const documents = cosmos.addDatabase({ name: "ugc", throughput: { autoscaleMax: p.cosmos.autoscaleMaxThroughput } });
    documents.addCollection({ name: "templates", shardKey: "brandId", indexes: [{ keys: ["category"] }] });
    documents.addCollection({ name: "analytics", shardKey: "creatorId", indexes: [{ keys: ["contentId", "createdAt"] }] });

    const redis = new Redis(scope, "Redis", {
      resourceGroup: rg,
      sku: p.redis.sku,
      highAvailability: p.redis.highAvailability,
      privateEndpoints: endpoints,
      diagnosticSettings: diagnostics,
      ...protection,
    });
    for (const wi of [content, worker]) redis.grantDataAccess(wi, `DataAccess-${wi.node.id}`);

    const storage = new StorageAccount(scope, "Storage", {
      resourceGroup: rg,
      replication: p.storage.replication,
      containers: [...UGC_STUDIO_BLOB_CONTAINERS],
      versioning: true,
      blobSoftDeleteDays: p.storage.softDeleteDays,
      containerSoftDeleteDays: p.storage.softDeleteDays,
      lifecycle: { coolAfterDays: p.storage.coolAfterDays, archiveAfterDays: p.storage.archiveAfterDays },
      privateEndpoints: everywhere.map((e) => ({ ...e, subresource: "blob" as const })),
      ...protection,
    });
    if (p.monitoring.diagnostics) monitoring.addDiagnostics("StorageDiagnostics", `${storage.id}/blobServices/default`, ["Transaction"]);

    // --- Messaging and analytics ------------------------------------------------------------
    const bus = new ServiceBus(scope, "ServiceBus", {
      resourceGroup: rg,
      sku: p.serviceBus.sku,
      capacity: p.serviceBus.capacity,
      privateEndpoints: endpoints,
      diagnosticSettings: diagnostics ?? monitoring.diagnosticSettings(),
      ...protection,
    });
    // The document's job queue (Content → Queue → Orchestrator) and the render queue the GPU
    // workers take; KEDA scales both worker deployments from their length. Failed jobs go to the
    // dead-letter queue after maxDeliveryCount attempts.
    const jobs = bus.addQueue("content-jobs", { defaultMessageTtl: { hours: 24 }, maxDeliveryCount: p.serviceBus.maxDeliveryCount, deadLetteringOnMessageExpiration: true, lockDuration: { minutes: 5 } });
    const renders = bus.addQueue("render-jobs", { defaultMessageTtl: { hours: 24 }, maxDeliveryCount: p.serviceBus.maxDeliveryCount, deadLetteringOnMessageExpiration: true, lockDuration: { minutes: 5 } });
    jobs.grantSend(content, "SendContent");
    jobs.grantReceive(worker, "ReceiveWorker");
    renders.grantSend(worker, "SendWorker");
    renders.grantReceive(render, "ReceiveRender");
    // KEDA's Service Bus scaler reads message counts through the management operations, which
    // need the Data Owner role (KEDA docs, azure-service-bus scaler); scoped to the two queues.
    jobs.grantOwner(keda, "KedaJobs");
    renders.grantOwner(keda, "KedaRenders");

    const events = new EventHub(scope, "EventHub", {
      resourceGroup: rg,
      sku: p.eventHub.sku,
      capacity: p.eventHub.capacity,
      privateEndpoints: endpoints,
      diagnosticSettings: diagnostics ?? monitoring.diagnosticSettings(),
      ...protection,
    });
    // The document's analytics stream: the services send events; the analytics service reads
    // them in its own consumer group and writes the aggregates to Cosmos DB (README: no Stream Analytics).
    const stream = events.addHub("analytics-events", { partitionCount: p.eventHub.partitions, retentionDays: p.eventHub.retentionDays });
    stream.addConsumerGroup("analytics-service");
    for (const wi of [content, worker, render]) stream.grantSend(wi, `Send-${wi.node.id}`);
    stream.grantReceive(analytics, "ReceiveAnalytics");

    for (const wi of services) {
      vault.grantSecretsRead(wi, `SecretsUser-${wi.node.id}`);
      storage.grantBlobDataContributor(wi, `BlobDataContributor-${wi.node.id}`);
    }

    // --- Edge and API -----------------------------------------------------------------------
    const edge = new FrontDoor(scope, "Edge", {
      resourceGroup: rg,
      sku: p.frontDoor.sku,
      waf: { rateLimit: { threshold: p.frontDoor.rateLimitPerMinute, durationMinutes: 1 } },
      diagnosticSettings: monitoring.diagnosticSettings(),
    });
    const endpoint = edge.addEndpoint("web");
    const gatewayPolicy = ApimPolicy.document({
      inbound: [
        ApimPolicy.checkHeader({ name: "X-Azure-FDID", values: [edge.resourceGuid], failedCheckHttpCode: 403, failedCheckErrorMessage: "Forbidden" }),
        ApimPolicy.validateJwt({ openIdConfigUrl: p.apiManagement.openIdConfigUrl, audiences: [p.apiManagement.audience], failedValidationHttpCode: 401, failedValidationErrorMessage: "Unauthorized", requireExpirationTime: true, requireSignedTokens: true, clockSkewSeconds: 300 }),
        ApimPolicy.rateLimitByKey({ calls: p.apiManagement.rateLimitCalls, renewalPeriodSeconds: 60, counterKey: "@(context.Request.IpAddress)" }),
      ],
    });
    const gateway = (id: string, subnet: ISubnet, ingressIp: string, region?: { resourceGroup: ResourceGroup; location: string }): ApiManagement => {
      const apim = new ApiManagement(scope, id, {
        resourceGroup: region?.resourceGroup ?? rg,
        location: region?.location,
        instance: region ? "dr" : undefined,
        sku: p.apiManagement.sku as ApimSku,
        publisherName: "UGC Creator Studio",
        publisherEmail: p.apiManagement.publisherEmail,
        virtualNetwork: apimNetwork(p, subnet),
        applicationInsights: { connectionString: monitoring.insights.connectionString, resourceId: monitoring.insights.id },
        diagnosticSettings: monitoring.diagnosticSettings(),
        policy: gatewayPolicy,
        ...protection,
      });
      // The cluster's ingress controller on its internal load balancer (TLS with the platform's internal certificate): reached through the VNet only.
      apim.addApi("Platform", { path: "v1", displayName: "UGC Creator Studio API", serviceUrl: `https://${ingressIp}` });
      Suppressions.of(apim).add("AZ-APIM-002", "Front Door reaches the gateway over its public endpoint; the service-wide policy admits only this Front Door profile (X-Azure-FDID) and validates tokens");
      return apim;
    };
    const apim = gateway("Gateway", network.subnet("apim"), a.ingressIp);
    const standbyApim = drRg && drNetwork ? gateway("StandbyGateway", drNetwork.subnet("apim"), p.dr.standbyIngressIp, { resourceGroup: drRg, location: secondaryLocation }) : undefined;
    // Active-passive: Front Door sends everything to the primary gateway and fails over to the
    // standby when the health probes fail (priority 2 takes traffic only then).
    const origins = edge.addOriginGroup("api", {
      origins: [
        { name: "primary", hostName: `${apim.name}.azure-api.net`, priority: 1 },
        ...(standbyApim ? [{ name: "standby", hostName: `${standbyApim.name}.azure-api.net`, priority: 2 }] : []),
      ],
      healthProbe: { path: GATEWAY_STATUS_PATH, intervalSeconds: 30 },
    });
    edge.addRoute("api", { endpoint, originGroup: origins, patterns: ["/*"] });

    // --- Warm standby -----------------------------------------------------------------------
    if (drRg && drNetwork) {
      const standbyCluster = new AksCluster(scope, "StandbyAks", {
        resourceGroup: drRg,
        instance: "dr",
        location: secondaryLocation,
        subnet: drNetwork.subnet("aks"),
        kubernetesVersion: a.kubernetesVersion,
        skuTier: a.skuTier,
        podCidr: a.podCidr,
        systemPool: { name: "system", vmSize: system.options.vmSize, minCount: 2, maxCount: system.options.maxCount, maxPods: a.maxPods },
        apiServerAccess: { private: true },
        adminGroupObjectIds: a.adminGroupObjectId ? [a.adminGroupObjectId] : undefined,
        maintenanceWindow: { dayOfWeek: "Saturday", startTime: "02:00", durationHours: 4 },
        logAnalyticsWorkspace: monitoring.workspace,
        monitorWorkspaceId: prometheus.id,
        diagnosticSettings: monitoring.diagnosticSettings(),
      });
      standbyCluster.addNodePool("app", { ...app.options, minCount: 1, maxCount: p.dr.standbyAppMaxCount });
      standbyCluster.addNodePool("gpu", { ...gpu.options, minCount: 0, maxCount: p.dr.standbyGpuMaxCount });
      standbyCluster.grantPull(registry);
      // The same identities, trusted for the same service accounts on the standby cluster.
      for (const wi of [...services, keda]) wi.addFederation(`Standby-${wi.node.id}`, standbyCluster.oidcIssuerUrl);
      new TerraformOutput(scope, "standby_cluster_name", { value: standbyCluster.name });
    }

    // --- Alerts: the document's scaling triggers and failures ------------------------------
    const mon = p.monitoring;
    const aksNamespace = "Microsoft.ContainerService/managedClusters";
    monitoring.addMetricAlert("NodeCpu", { instance: "node-cpu", description: `Node CPU above ${mon.cpuPercent} % over 15 minutes (the document's scale-out trigger)`, scope: cluster.id, metricNamespace: aksNamespace, metricName: "node_cpu_usage_percentage", aggregation: "Average", operator: "GreaterThan", threshold: mon.cpuPercent, severity: 2, windowSize: "PT15M" });
    monitoring.addMetricAlert("NodeMemory", { instance: "node-memory", description: `Node memory working set above ${mon.memoryPercent} % over 15 minutes`, scope: cluster.id, metricNamespace: aksNamespace, metricName: "node_memory_working_set_percentage", aggregation: "Average", operator: "GreaterThan", threshold: mon.memoryPercent, severity: 2, windowSize: "PT15M" });
    monitoring.addMetricAlert("PoolAtMax", { instance: "pool-at-max", description: "Pods the cluster autoscaler cannot place: a node pool is at its maximum", scope: cluster.id, metricNamespace: aksNamespace, metricName: "cluster_autoscaler_unschedulable_pods_count", aggregation: "Average", operator: "GreaterThan", threshold: 0, severity: 2, windowSize: "PT15M" });
    monitoring.addLogAlert("PodRestarts", {
      instance: "pod-restarts",
      description: "Containers restarted more than 5 times in 15 minutes",
      query: `KubePodInventory | where Namespace == "${UGC_STUDIO_NAMESPACE}" | summarize restarts = max(ContainerRestartCount) - min(ContainerRestartCount) by ContainerName | summarize total = sum(restarts)`,
      metricColumn: "total",
      operator: "GreaterThan",
      threshold: 5,
      severity: 2,
      windowDuration: "PT15M",
    });
    monitoring.addMetricAlert("QueueDepth", { instance: "queue-depth", description: `More than ${mon.queueDepth} jobs waiting (the document's KEDA trigger)`, scope: bus.id, metricNamespace: "Microsoft.ServiceBus/namespaces", metricName: "ActiveMessages", aggregation: "Average", operator: "GreaterThan", threshold: mon.queueDepth, severity: 2, windowSize: "PT5M" });
    monitoring.addMetricAlert("DeadLetters", { instance: "dead-letters", description: "A job was dead-lettered", scope: bus.id, metricNamespace: "Microsoft.ServiceBus/namespaces", metricName: "DeadletteredMessages", aggregation: "Maximum", operator: "GreaterThan", threshold: 0, severity: 1, windowSize: "PT5M" });
    monitoring.addMetricAlert("DatabaseCpu", { instance: "db-cpu", description: "PostgreSQL CPU above 80 % over 15 minutes", scope: postgres.id, metricNamespace: "Microsoft.DBforPostgreSQL/flexibleServers", metricName: "cpu_percent", aggregation: "Average", operator: "GreaterThan", threshold: 80, severity: 2, windowSize: "PT15M" });
    monitoring.addMetricAlert("DatabaseStorage", { instance: "db-storage", description: "PostgreSQL storage above 80 %", scope: postgres.id, metricNamespace: "Microsoft.DBforPostgreSQL/flexibleServers", metricName: "storage_percent", aggregation: "Maximum", operator: "GreaterThan", threshold: 80, severity: 2, windowSize: "PT15M" });
    if (replica) {
      monitoring.addMetricAlert("ReplicaLag", { instance: "replica-lag", description: "The read replica is more than 5 minutes behind (the document's RPO)", scope: replica.id, metricNamespace: "Microsoft.DBforPostgreSQL/flexibleServers", metricName: "physical_replication_delay_in_seconds", aggregation: "Maximum", operator: "GreaterThan", threshold: 300, severity: 1, windowSize: "PT5M" });
    }
    monitoring.addLogAlert("P95Latency", {
      instance: "p95-latency",
      description: `API P95 response time above ${mon.p95LatencyMs} ms over 10 minutes (the document's latency trigger)`,
      query: "requests | summarize p95 = percentile(duration, 95)",
      metricColumn: "p95",
      operator: "GreaterThan",
      threshold: mon.p95LatencyMs,
      severity: 2,
      windowDuration: "PT10M",
    });
    monitoring.addActivityLogAlert("FailedDeployment", { instance: "failed-deployment", description: "A deployment into the resource group failed", scopes: [rg.id], operationName: "Microsoft.Resources/deployments/write", statuses: ["Failed"] });

    // --- Operators --------------------------------------------------------------------------
    // The API server is private: operators run kubectl from the jump host, reached through Bastion.
    const bastion = new Bastion(scope, "Bastion", {
      resourceGroup: rg,
      sku: p.bastion.sku as "Developer" | "Basic" | "Standard",
      virtualNetwork: network,
      subnet: p.bastion.sku !== "Developer" ? network.subnet("bastion") : undefined,
    });
    const jumpHost = new JumpHost(scope, "JumpHost", { resourceGroup: rg, subnet: network.subnet("management"), keyVault: vault, sshKeyAlgorithm: "RSA", entraIdLogin: bastion.supportsEntraIdLogin });
    Suppressions.of(jumpHost).add("AZ-VM-002", "encryption at host needs the subscription feature Microsoft.Compute/EncryptionAtHost registered first, which a fresh subscription lacks; the OS disk holds tools only and is encrypted at rest with platform-managed keys");

    systemBudget(scope, { resourceGroup: rg, budget: p.budget, environment: env, actionGroupId: monitoring.actionGroup.id });

    new TerraformOutput(scope, "frontend_url", { value: `https://${endpoint.hostName}` });
    new TerraformOutput(scope, "gateway_url", { value: apim.gatewayUrl });
    new TerraformOutput(scope, "resource_group", { value: rg.name });
    new TerraformOutput(scope, "cluster_name", { value: cluster.name });
    new TerraformOutput(scope, "registry_login_server", { value: registry.loginServer });
    new TerraformOutput(scope, "postgres_fqdn", { value: postgres.fqdn });
    new TerraformOutput(scope, "key_vault_uri", { value: vault.vaultUri });
    new TerraformOutput(scope, "workload_identity_client_ids", { value: Object.fromEntries([...services, keda].map((wi) => [wi.subject, wi.clientId])) });
  },
};
