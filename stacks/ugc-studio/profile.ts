import { z } from "zod";
import { AKS_VM_SIZES } from "../../lib/compute/aks-cluster";
import { CONTAINER_REGISTRY_SKUS } from "../../lib/containers/container-registry";
import { POSTGRES_SKUS, POSTGRES_STORAGE_MB } from "../../lib/data/postgres-flexible";
import { MANAGED_REDIS_SKUS } from "../../lib/data/redis";
import { STORAGE_REPLICATIONS } from "../../lib/data/storage-account";
import { FRONT_DOOR_SKUS } from "../../lib/edge/front-door-waf";
import { bool, intRange, ipv4Cidr, oneOf } from "../../lib/framework/schema-types";
import type { TierTable } from "../../lib/framework/system";
import { EVENT_HUB_SKUS } from "../../lib/integration/event-hub";
import { SERVICE_BUS_SKUS } from "../../lib/integration/service-bus";
import { BASTION_SKUS } from "../../lib/network/bastion";
import { FIREWALL_SKU_TIERS } from "../../lib/network/firewall";

const GUID = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, { error: "is not a GUID (allowed: 8-4-4-4-12 hexadecimal digits)" });
const EMAIL = z.string().regex(/^[^@\s]+@[^@\s]+\.[^@\s]+$/, { error: "is not an e-mail address" });
const HTTPS_URL = z.string().regex(/^https:\/\/[^\s/]+(\/\S*)?$/, { error: "is not an https:// URL" });
const DDOS_PLAN_ID = z
  .string()
  .regex(/^\/subscriptions\/[0-9a-f-]{36}\/resourceGroups\/[^/]+\/providers\/Microsoft\.Network\/ddosProtectionPlans\/[^/]+$/i, {
    error: "is not the ARM id of a DDoS protection plan (allowed: /subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.Network/ddosProtectionPlans/<name>)",
  });
const VM_SIZE = z.enum(Object.keys(AKS_VM_SIZES) as [string, ...string[]], { error: `is not a VM size this library offers AKS node pools (allowed: ${Object.keys(AKS_VM_SIZES).join(", ")})` });
const KUBERNETES_VERSION = z.string().regex(/^1\.\d+(\.\d+)?$/, { error: "is not a Kubernetes version (allowed: 1.<minor> or 1.<minor>.<patch>, e.g. 1.36)" });
const IPV4 = z.string().regex(/^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/, { error: "is not an IPv4 address" });
/** One of `values`, numbers. */
const numberOf = <T extends number>(values: readonly T[]) =>
  z.union(values.map((v) => z.literal(v)) as unknown as [z.ZodLiteral<T>, z.ZodLiteral<T>, ...z.ZodLiteral<T>[]], { error: `is not allowed (allowed: ${values.join(", ")})` });

/**
 * UGC Creator Studio's settings (shared/seeds/ugc-studio.md), grouped by service. Every key can be
 * overridden under `systems.ugc-studio.<group>.<key>`. The document gives production figures only
 * (its component table and scaling diagram); README ("UGC Creator Studio") says how dev and
 * staging are derived.
 */
export const ugcStudioProfileSchema = z.strictObject({
  network: z.strictObject({
    addressSpace: ipv4Cidr().describe("VNet address space (the document's 10.0.0.0/16 layout, one /16 per environment)."),
    aksSubnet: ipv4Cidr().describe("AKS node subnet (Azure CNI Overlay: nodes only; pods take addresses from aks.podCidr)."),
    databaseSubnet: ipv4Cidr().describe("Database subnet: PostgreSQL's private endpoint."),
    endpointsSubnet: ipv4Cidr().describe("Private endpoints of Cosmos DB, Redis, Blob, Service Bus, Event Hubs, Key Vault and the registry."),
    apimSubnet: ipv4Cidr().describe("API Management: classic injection (Developer, Premium) or outbound integration (v2 tiers)."),
    managementSubnet: ipv4Cidr().describe("Operators' jump host (kubectl to the private API server), reached through Bastion."),
    bastionSubnet: ipv4Cidr().describe("AzureBastionSubnet for a dedicated Bastion SKU (/26 or larger); unused on Developer."),
    firewallSubnet: ipv4Cidr().describe("AzureFirewallSubnet (/26 or larger); unused without perimeter.firewall."),
    secondaryAddressSpace: ipv4Cidr().describe("The secondary region's VNet (warm standby); unused without dr.warmStandby."),
    secondaryAksSubnet: ipv4Cidr().describe("The standby cluster's node subnet."),
    secondaryEndpointsSubnet: ipv4Cidr().describe("Private endpoints in the secondary region (database replica, Cosmos DB, registry, Key Vault, Blob)."),
    secondaryApimSubnet: ipv4Cidr().describe("The standby gateway's subnet."),
  }),
  aks: z.strictObject({
    kubernetesVersion: KUBERNETES_VERSION.describe("Kubernetes minor (or patch) AKS supports on the synthesis date."),
    skuTier: oneOf(["Free", "Standard", "Premium"] as const).describe("AKS tier: Standard gives the API server its uptime SLA; Free has none (dev)."),
    podCidr: ipv4Cidr().describe("Azure CNI Overlay pod CIDR (private, outside the VNets)."),
    maxPods: intRange(10, 250).describe("Pods per node (Azure CNI Overlay allows 10-250)."),
    systemVmSize: VM_SIZE.describe("System pool VM size (the document's Standard_D4s_v3 class)."),
    systemMinCount: intRange(1, 1000).describe("System pool autoscaler minimum (at least 1)."),
    systemMaxCount: intRange(1, 1000).describe("System pool autoscaler maximum."),
    appVmSize: VM_SIZE.describe("Application pool VM size (the document's Standard_D8s_v3 class)."),
    appMinCount: intRange(0, 1000).describe("Application pool autoscaler minimum (the document's 3)."),
    appMaxCount: intRange(1, 1000).describe("Application pool autoscaler maximum (the document's 20)."),
    gpuVmSize: VM_SIZE.describe("GPU pool VM size for video rendering (the document's NC6s_v3 was retired on 2025-09-30)."),
    gpuMinCount: intRange(0, 1000).describe("GPU pool autoscaler minimum (0 scales to zero when no render job waits)."),
    gpuMaxCount: intRange(1, 1000).describe("GPU pool autoscaler maximum (the document's 10)."),
    ingressIp: IPV4.describe("Static address in the AKS subnet of the ingress controller's internal load balancer, which API Management calls."),
    adminGroupObjectId: GUID.optional().describe("Microsoft Entra group with cluster admin through Azure RBAC. @default - none: grant roles yourself"),
  }),
  postgres: z.strictObject({
    version: oneOf(["15", "16"] as const).describe("PostgreSQL major version (the document's 15)."),
    sku: oneOf(POSTGRES_SKUS).describe("Flexible Server compute (the document's 8 vCores, 64 GB: MO_Standard_E8ds_v5)."),
    storageMb: numberOf(POSTGRES_STORAGE_MB).describe("Storage, MB."),
    highAvailability: bool().describe("Zone-redundant standby in the primary region."),
    backupRetentionDays: intRange(7, 35).describe("Point-in-time restore window, days."),
    geoRedundantBackup: bool().describe("Backups copied to the paired region (fixed at creation)."),
  }),
  cosmos: z.strictObject({
    autoscaleMaxThroughput: intRange(1000, 1000000).describe("Database autoscale maximum RU/s, shared by the collections (the document's 10K RU/s; a multiple of 1000)."),
    multiRegionWrites: bool().describe("A second write region in the environment's secondaryLocation (the document's multi-master, RPO < 1 min)."),
    backup: oneOf(["Continuous7Days", "Continuous30Days"] as const).describe("Continuous backup tier (point-in-time restore window)."),
  }),
  redis: z.strictObject({
    sku: z.enum(MANAGED_REDIS_SKUS, { error: "is not an Azure Managed Redis SKU (e.g. Balanced_B0, Balanced_B5)" }).describe("Azure Managed Redis SKU (the document's Redis Enterprise 6 GB: Balanced_B5)."),
    highAvailability: bool().describe("A replica of each shard."),
  }),
  storage: z.strictObject({
    replication: oneOf(STORAGE_REPLICATIONS).describe("Redundancy of the video and asset account (archive needs LRS, GRS or RAGRS)."),
    coolAfterDays: intRange(1, 99999).describe("Days after the last modification before blobs move to cool."),
    archiveAfterDays: intRange(1, 99999).describe("Days after the last modification before blobs move to archive (the document's cold storage)."),
    softDeleteDays: intRange(1, 365).describe("Blob and container soft-delete retention, days."),
  }),
  serviceBus: z.strictObject({
    sku: oneOf(SERVICE_BUS_SKUS).describe("Service Bus tier (the document's Premium: private endpoints, large messages, predictable throughput)."),
    capacity: numberOf([0, 1, 2, 4, 8, 16] as const).describe("Premium messaging units (0 below Premium)."),
    maxDeliveryCount: intRange(1, 2000).describe("Deliveries of a job before it is dead-lettered."),
  }),
  eventHub: z.strictObject({
    sku: oneOf(EVENT_HUB_SKUS).describe("Event Hubs tier of the analytics stream (private endpoints need Standard or Premium)."),
    capacity: intRange(1, 40).describe("Throughput units (Standard) or processing units (Premium: 1, 2, 4, 8, 16)."),
    partitions: intRange(1, 100).describe("Partitions of the analytics hub (fixed below Premium)."),
    retentionDays: intRange(1, 90).describe("Days events are kept (Standard 1-7)."),
  }),
  registry: z.strictObject({
    sku: oneOf(CONTAINER_REGISTRY_SKUS).describe("Container registry tier (private endpoints, geo-replication and retention need Premium)."),
    untaggedRetentionDays: intRange(1, 365).describe("Days before untagged manifests are deleted."),
  }),
  frontDoor: z.strictObject({
    sku: oneOf(FRONT_DOOR_SKUS).describe("Front Door tier (the document's Standard; managed WAF rule sets need Premium)."),
    rateLimitPerMinute: intRange(10, 100000).describe("WAF: requests per minute from one client IP before it is blocked."),
  }),
  apiManagement: z.strictObject({
    sku: z.string().regex(/^(Developer_1|Premium_\d+|StandardV2_\d+|PremiumV2_\d+)$/, { error: "is not an API Management SKU with a private path to the cluster (allowed: Developer_1, Premium_N, StandardV2_N, PremiumV2_N)" }).describe("API Management tier and units (the document's Premium; see README)."),
    publisherEmail: EMAIL.describe("Publisher e-mail (notifications from API Management)."),
    openIdConfigUrl: HTTPS_URL.describe("OpenID configuration of the identity provider whose tokens the API accepts (validate-jwt)."),
    audience: z.string().min(1).describe("Audience the tokens must carry."),
    rateLimitCalls: intRange(1, 1000000).describe("Calls per client IP per minute (rate-limit-by-key)."),
  }),
  perimeter: z.strictObject({
    firewall: bool().describe("Azure Firewall on the cluster's egress (only the AKS dependencies and the AI providers' APIs)."),
    firewallSku: oneOf(FIREWALL_SKU_TIERS).describe("Azure Firewall tier."),
    ddosProtection: bool().describe("Attach the organisation's shared DDoS Network Protection plan (ddosProtectionPlanId) to the VNets."),
    ddosProtectionPlanId: DDOS_PLAN_ID.optional().describe("ARM id of the shared DDoS Network Protection plan. Required with ddosProtection."),
  }),
  dr: z.strictObject({
    warmStandby: bool().describe("A smaller standby cluster, gateway, PostgreSQL read replica and private endpoints in the environment's secondaryLocation."),
    standbyAppMaxCount: intRange(1, 1000).describe("Standby cluster: application pool maximum (it scales up after failover)."),
    standbyGpuMaxCount: intRange(1, 1000).describe("Standby cluster: GPU pool maximum (minimum 0)."),
    standbyIngressIp: IPV4.describe("Static address in network.secondaryAksSubnet of the standby cluster's internal ingress, which the standby gateway calls."),
  }),
  bastion: z.strictObject({
    sku: oneOf(BASTION_SKUS).describe("Azure Bastion SKU (Developer: free, one session, selected regions)."),
  }),
  monitoring: z.strictObject({
    retentionDays: intRange(30, 730).describe("Log Analytics retention, days."),
    samplingPercentage: intRange(1, 100).describe("Share of Application Insights telemetry kept."),
    cpuPercent: intRange(1, 100).describe("Node CPU above this (%) (the document's scaling trigger, 70)."),
    memoryPercent: intRange(1, 100).describe("Node memory working set above this (%) (the document's 80)."),
    queueDepth: intRange(1, 100000).describe("Active jobs in the queue above this (the document's 100)."),
    p95LatencyMs: intRange(50, 60000).describe("95th percentile response time above this (the document's 500 ms)."),
    diagnostics: bool().describe("Send the data services' logs and metrics to Log Analytics."),
  }),
  budget: z.strictObject({
    monthlyAmount: intRange(1, 10000000).describe("Monthly Cost Management budget of the resource groups, in the billing currency."),
    startDate: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-01$/, { error: "is not the first day of a month (allowed: YYYY-MM-01)" }).describe("First month of the budget (YYYY-MM-01)."),
  }),
  protection: z.strictObject({
    purgeProtection: bool().describe("Key Vault purge protection (cannot be turned off once on)."),
    lockStatefulResources: bool().describe("CanNotDelete locks and prevent_destroy on the databases, cache, storage, queues, registry and vault."),
  }),
});

export type UgcStudioProfile = z.infer<typeof ugcStudioProfileSchema>;

/** The document's layout (10.0.0.0/16: AKS .1, database .2, endpoints .3) with one /16 per environment, and the standby region's /16 next to it. */
const network = (second: number) => ({
  addressSpace: `10.${second}.0.0/16`,
  aksSubnet: `10.${second}.1.0/24`,
  databaseSubnet: `10.${second}.2.0/24`,
  endpointsSubnet: `10.${second}.3.0/24`,
  apimSubnet: `10.${second}.4.0/27`,
  managementSubnet: `10.${second}.4.64/27`,
  bastionSubnet: `10.${second}.5.0/26`,
  firewallSubnet: `10.${second}.6.0/26`,
  secondaryAddressSpace: `10.${second + 10}.0.0/16`,
  secondaryAksSubnet: `10.${second + 10}.1.0/24`,
  secondaryEndpointsSubnet: `10.${second + 10}.3.0/24`,
  secondaryApimSubnet: `10.${second + 10}.4.0/27`,
});

const apiManagement = {
  publisherEmail: "platform@ugc-studio.example",
  openIdConfigUrl: "https://login.microsoftonline.com/organizations/v2.0/.well-known/openid-configuration",
  audience: "api://ugc-studio",
  rateLimitCalls: 600,
};
const alerts = { cpuPercent: 70, memoryPercent: 80, queueDepth: 100, p95LatencyMs: 500 };
const aks = (second: number) => ({
  kubernetesVersion: "1.36",
  podCidr: "192.168.0.0/16",
  maxPods: 110,
  systemVmSize: "Standard_D4s_v5",
  appVmSize: "Standard_D8s_v5",
  gpuVmSize: "Standard_NC8as_T4_v3",
  ingressIp: `10.${second}.1.250`,
});

/**
 * dev: the smallest cluster that runs every service (GPU at zero); staging: the production shape
 * at lower scale; prod: the document's figures, warm standby in the secondary region.
 */
export const ugcStudioTiers: TierTable<UgcStudioProfile> = {
  dev: {
    network: network(60),
    aks: { ...aks(60), skuTier: "Free", systemMinCount: 1, systemMaxCount: 3, appMinCount: 1, appMaxCount: 5, gpuMinCount: 0, gpuMaxCount: 2 },
    postgres: { version: "15", sku: "GP_Standard_D2ds_v5", storageMb: 32768, highAvailability: false, backupRetentionDays: 7, geoRedundantBackup: false },
    cosmos: { autoscaleMaxThroughput: 1000, multiRegionWrites: false, backup: "Continuous7Days" },
    redis: { sku: "Balanced_B0", highAvailability: false },
    storage: { replication: "LRS", coolAfterDays: 30, archiveAfterDays: 180, softDeleteDays: 7 },
    serviceBus: { sku: "Premium", capacity: 1, maxDeliveryCount: 5 },
    eventHub: { sku: "Standard", capacity: 1, partitions: 2, retentionDays: 1 },
    registry: { sku: "Premium", untaggedRetentionDays: 7 },
    frontDoor: { sku: "Standard_AzureFrontDoor", rateLimitPerMinute: 1000 },
    apiManagement: { sku: "Developer_1", ...apiManagement },
    perimeter: { firewall: false, firewallSku: "Standard", ddosProtection: false },
    dr: { warmStandby: false, standbyAppMaxCount: 5, standbyGpuMaxCount: 2, standbyIngressIp: "10.70.1.250" },
    bastion: { sku: "Developer" },
    monitoring: { ...alerts, retentionDays: 30, samplingPercentage: 100, diagnostics: false },
    budget: { monthlyAmount: 2600, startDate: "2026-12-01" },
    protection: { purgeProtection: false, lockStatefulResources: false },
  },
  staging: {
    network: network(61),
    aks: { ...aks(61), skuTier: "Standard", systemMinCount: 2, systemMaxCount: 3, appMinCount: 2, appMaxCount: 10, gpuMinCount: 0, gpuMaxCount: 3 },
    postgres: { version: "15", sku: "GP_Standard_D4ds_v5", storageMb: 65536, highAvailability: false, backupRetentionDays: 7, geoRedundantBackup: false },
    cosmos: { autoscaleMaxThroughput: 4000, multiRegionWrites: false, backup: "Continuous7Days" },
    redis: { sku: "Balanced_B1", highAvailability: true },
    storage: { replication: "LRS", coolAfterDays: 30, archiveAfterDays: 180, softDeleteDays: 14 },
    serviceBus: { sku: "Premium", capacity: 1, maxDeliveryCount: 5 },
    eventHub: { sku: "Standard", capacity: 1, partitions: 4, retentionDays: 3 },
    registry: { sku: "Premium", untaggedRetentionDays: 14 },
    frontDoor: { sku: "Standard_AzureFrontDoor", rateLimitPerMinute: 1000 },
    apiManagement: { sku: "Developer_1", ...apiManagement },
    perimeter: { firewall: false, firewallSku: "Standard", ddosProtection: false },
    dr: { warmStandby: false, standbyAppMaxCount: 5, standbyGpuMaxCount: 2, standbyIngressIp: "10.71.1.250" },
    bastion: { sku: "Developer" },
    monitoring: { ...alerts, retentionDays: 30, samplingPercentage: 100, diagnostics: false },
    budget: { monthlyAmount: 6000, startDate: "2026-12-01" },
    protection: { purgeProtection: true, lockStatefulResources: false },
  },
  prod: {
    network: network(62),
    aks: { ...aks(62), skuTier: "Standard", systemMinCount: 3, systemMaxCount: 5, appMinCount: 3, appMaxCount: 20, gpuMinCount: 1, gpuMaxCount: 10 },
    postgres: { version: "15", sku: "MO_Standard_E8ds_v5", storageMb: 262144, highAvailability: true, backupRetentionDays: 35, geoRedundantBackup: true },
    cosmos: { autoscaleMaxThroughput: 10000, multiRegionWrites: true, backup: "Continuous30Days" },
    redis: { sku: "Balanced_B5", highAvailability: true },
    storage: { replication: "GRS", coolAfterDays: 30, archiveAfterDays: 180, softDeleteDays: 30 },
    serviceBus: { sku: "Premium", capacity: 1, maxDeliveryCount: 5 },
    eventHub: { sku: "Standard", capacity: 2, partitions: 8, retentionDays: 7 },
    registry: { sku: "Premium", untaggedRetentionDays: 30 },
    frontDoor: { sku: "Standard_AzureFrontDoor", rateLimitPerMinute: 1000 },
    apiManagement: { sku: "StandardV2_1", ...apiManagement },
    perimeter: { firewall: true, firewallSku: "Standard", ddosProtection: true },
    dr: { warmStandby: true, standbyAppMaxCount: 20, standbyGpuMaxCount: 10, standbyIngressIp: "10.72.1.250" },
    bastion: { sku: "Basic" },
    monitoring: { ...alerts, retentionDays: 90, samplingPercentage: 50, diagnostics: true },
    budget: { monthlyAmount: 22000, startDate: "2026-12-01" },
    protection: { purgeProtection: true, lockStatefulResources: true },
  },
};
