import { KubernetesCluster } from "@cdktf/provider-azurerm/lib/kubernetes-cluster";
import { KubernetesClusterNodePool } from "@cdktf/provider-azurerm/lib/kubernetes-cluster-node-pool";
import { MonitorDiagnosticSetting } from "@cdktf/provider-azurerm/lib/monitor-diagnostic-setting";
import { MonitorDataCollectionEndpoint } from "@cdktf/provider-azurerm/lib/monitor-data-collection-endpoint";
import { MonitorDataCollectionRule } from "@cdktf/provider-azurerm/lib/monitor-data-collection-rule";
import { MonitorDataCollectionRuleAssociation } from "@cdktf/provider-azurerm/lib/monitor-data-collection-rule-association";
import type { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { resourceName } from "../core/azure-stack";
import { synthesisDate } from "../core/synthesis-date";
import { checkRegion, checkUnique, checkWholeNumber, requireZones } from "../core/checks";
import { ValidationError, show } from "../core/errors";
import { type IPrincipal, type IResourceGroup, type ProtectionProps, protect } from "../core/interfaces";
import { checkName } from "../core/naming";
import { AZURE_REGIONS } from "../core/regions";
import { clientConfig } from "../core/stack-singletons";
import { didYouMean } from "../core/suggest";
import type { ISubnet } from "../network/interfaces";
import type { ILogAnalyticsWorkspace } from "../observability/monitoring";
import type { DiagnosticSettingsProps } from "../observability/diagnostic-settings";
import { KUBERNETES_VERSIONS, findKubernetesVersion, findVmSize } from "../policy/lifecycle";
import { ManagedIdentity } from "../security/managed-identity";
import { grantRole } from "../security/role-grant";
import { WorkloadIdentity } from "../security/workload-identity";

/*
 * Azure Kubernetes Service (`azurerm_kubernetes_cluster`, `azurerm_kubernetes_cluster_node_pool`)
 * with Azure CNI Overlay, Entra ID + Azure RBAC, workload identity, and managed Prometheus.
 *
 * Sources, read 2026-11-29:
 * - azurerm 4.55 bindings (`kubernetes-cluster`, `kubernetes-cluster-node-pool`,
 *   `monitor-data-collection-*`): argument and block names;
 * - learn.microsoft.com/azure/aks/supported-kubernetes-versions (release calendar, through the
 *   project's lifecycle research): 1.36 GA June 2026, end of life 2027-06-30;
 * - learn.microsoft.com/azure/aks/azure-cni-overlay: with Overlay only nodes take subnet addresses,
 *   pods get addresses from a private CIDR (`pod_cidr`), up to 250 pods per node;
 * - learn.microsoft.com/training/modules/aks-optimize-compute-costs: user node pools can scale to
 *   zero with the cluster autoscaler (system pools cannot);
 * - learn.microsoft.com/azure/virtual-machines/ncv3-nc6s-nc12s-nc24s-retirement (NCv3 retired
 *   2025-09-30, NC A100 v4 recommended) and the NC-family size pages (NCasT4_v3, NC A100 v4,
 *   NCads H100 v5);
 * - resource-name-rules (Microsoft.ContainerService managedClusters 1-63, agentPools Linux 1-12
 *   lowercase letters and digits starting with a letter) and CAF abbreviations (`aks`, `np`).
 */

/** Kubernetes minor the construct deploys unless told otherwise: in AKS standard support on 2026-11-29 (GA June 2026, end of life 2027-06-30). */
export const AKS_DEFAULT_KUBERNETES_VERSION = "1.36";

/** What one VM size offers a node pool. */
export interface AksVmSize {
  readonly vcpus: number;
  readonly memoryGib: number;
  /** NVIDIA GPUs per VM; 0 for a general-purpose size. */
  readonly gpus: number;
  /** The series, for messages (`Dsv5`, `NCasT4_v3`). */
  readonly series: string;
}

/**
 * VM sizes a node pool may use: general purpose (Dsv3, Dsv5, Ddsv5, Dasv5) and current GPU sizes
 * (NCasT4_v3: NVIDIA T4 with NVENC, suited to video rendering and inference; NC A100 v4; NCads
 * H100 v5). NCv3 (`Standard_NC6s_v3`, V100) was retired on 2025-09-30 and is not here.
 * Export for profile schemas (`z.enum(Object.keys(AKS_VM_SIZES))`).
 */
export const AKS_VM_SIZES: Readonly<Record<string, AksVmSize>> = {
  Standard_D2s_v3: { vcpus: 2, memoryGib: 8, gpus: 0, series: "Dsv3" },
  Standard_D4s_v3: { vcpus: 4, memoryGib: 16, gpus: 0, series: "Dsv3" },
  Standard_D8s_v3: { vcpus: 8, memoryGib: 32, gpus: 0, series: "Dsv3" },
  Standard_D16s_v3: { vcpus: 16, memoryGib: 64, gpus: 0, series: "Dsv3" },
  Standard_D2s_v5: { vcpus: 2, memoryGib: 8, gpus: 0, series: "Dsv5" },
  Standard_D4s_v5: { vcpus: 4, memoryGib: 16, gpus: 0, series: "Dsv5" },
  Standard_D8s_v5: { vcpus: 8, memoryGib: 32, gpus: 0, series: "Dsv5" },
  Standard_D16s_v5: { vcpus: 16, memoryGib: 64, gpus: 0, series: "Dsv5" },
  Standard_D4ds_v5: { vcpus: 4, memoryGib: 16, gpus: 0, series: "Ddsv5" },
  Standard_D8ds_v5: { vcpus: 8, memoryGib: 32, gpus: 0, series: "Ddsv5" },
  Standard_D16ds_v5: { vcpus: 16, memoryGib: 64, gpus: 0, series: "Ddsv5" },
  Standard_D4as_v5: { vcpus: 4, memoryGib: 16, gpus: 0, series: "Dasv5" },
  Standard_D8as_v5: { vcpus: 8, memoryGib: 32, gpus: 0, series: "Dasv5" },
  Standard_D16as_v5: { vcpus: 16, memoryGib: 64, gpus: 0, series: "Dasv5" },
  Standard_NC4as_T4_v3: { vcpus: 4, memoryGib: 28, gpus: 1, series: "NCasT4_v3" },
  Standard_NC8as_T4_v3: { vcpus: 8, memoryGib: 56, gpus: 1, series: "NCasT4_v3" },
  Standard_NC16as_T4_v3: { vcpus: 16, memoryGib: 110, gpus: 1, series: "NCasT4_v3" },
  Standard_NC64as_T4_v3: { vcpus: 64, memoryGib: 440, gpus: 4, series: "NCasT4_v3" },
  Standard_NC24ads_A100_v4: { vcpus: 24, memoryGib: 220, gpus: 1, series: "NC A100 v4" },
  Standard_NC48ads_A100_v4: { vcpus: 48, memoryGib: 440, gpus: 2, series: "NC A100 v4" },
  Standard_NC96ads_A100_v4: { vcpus: 96, memoryGib: 880, gpus: 4, series: "NC A100 v4" },
  Standard_NC40ads_H100_v5: { vcpus: 40, memoryGib: 320, gpus: 1, series: "NCads H100 v5" },
  Standard_NC80adis_H100_v5: { vcpus: 80, memoryGib: 640, gpus: 2, series: "NCads H100 v5" },
};

/**
 * Control-plane log categories sent by default: `kube-audit-admin` (audit events without get and
 * list: far smaller than `kube-audit`), `guard` (Entra ID and Azure RBAC decisions), the API
 * server, controller manager and cluster autoscaler.
 */
export const AKS_DEFAULT_LOG_CATEGORIES = ["kube-audit-admin", "guard", "kube-apiserver", "kube-controller-manager", "cluster-autoscaler"] as const;

/** Pods per node Azure CNI Overlay allows (`max_pods`). */
export const AKS_MAX_PODS_RANGE = { min: 10, max: 250 } as const;
/** Addresses Azure reserves in every subnet (network, gateway, two DNS, broadcast). */
export const AZURE_SUBNET_RESERVED_ADDRESSES = 5;

/** The size of one node pool for subnet sizing: its autoscaler maximum and the upgrade surge. */
export interface NodePoolSizing {
  readonly name: string;
  /** Autoscaler maximum (or fixed count). */
  readonly maxCount: number;
  /** `max_surge`: a node count (`"2"`) or a percentage of the pool (`"10%"`, AKS's default). @default "10%" */
  readonly maxSurge?: string;
}

/** Surge nodes an upgrade adds to a pool of `maxCount` nodes (a percentage rounds up, as AKS does). */
export function surgeNodes(maxCount: number, maxSurge = "10%"): number {
  const pct = /^(\d+)%$/.exec(maxSurge);
  if (pct) return Math.ceil((maxCount * Number(pct[1])) / 100);
  return Number(maxSurge);
}

/**
 * Node subnet addresses a cluster needs at full scale with Azure CNI Overlay: every pool's maximum
 * node count plus its upgrade surge (pods take addresses from `pod_cidr`, not from the subnet),
 * plus the 5 addresses Azure reserves.
 */
export function nodeSubnetAddressesNeeded(pools: readonly NodePoolSizing[]): number {
  return pools.reduce((sum, p) => sum + p.maxCount + surgeNodes(p.maxCount, p.maxSurge), 0) + AZURE_SUBNET_RESERVED_ADDRESSES;
}

/** Node addresses a subnet of prefix length `prefix` holds (its size minus Azure's 5). */
export function subnetNodeCapacity(prefix: number): number {
  return 2 ** (32 - prefix) - AZURE_SUBNET_RESERVED_ADDRESSES;
}

/** `Standard_*` sizes allowed, for messages. */
function sizeList(filter: (s: AksVmSize) => boolean): string {
  return Object.entries(AKS_VM_SIZES).filter(([, s]) => filter(s)).map(([n]) => n).join(", ");
}

/**
 * Throws unless `vmSize` is in AKS_VM_SIZES and allowed for `mode` (no GPU size for a system
 * pool). A retired size (NCv3 and others in the lifecycle table) is named with its date.
 */
export function checkAksVmSize(path: string, prop: string, vmSize: string, mode: "System" | "User"): AksVmSize | undefined {
  if (Token.isUnresolved(vmSize)) return undefined;
  const size = AKS_VM_SIZES[vmSize];
  if (!size) {
    const retired = findVmSize(vmSize);
    const why = retired?.endOfSupport ? `is an ${retired.what} retired on ${retired.endOfSupport} (use ${retired.successor})` : "is not a VM size this library knows for AKS node pools";
    const hint = retired ? undefined : didYouMean(vmSize, Object.keys(AKS_VM_SIZES));
    throw new ValidationError(path, `${prop} ${show(vmSize)} ${why}${hint ? `; did you mean "${hint}"?` : ""}; allowed: ${sizeList(() => true)}`);
  }
  if (mode === "System" && size.gpus > 0) {
    throw new ValidationError(path, `${prop} ${show(vmSize)} is a GPU size (${size.series}), not allowed for a System pool (it runs CoreDNS, metrics-server and other system pods); use a User pool for GPU work; allowed for System: ${sizeList((s) => s.gpus === 0)}`);
  }
  return size;
}

/** Throws unless `version` is a Kubernetes minor (or patch) AKS still supports in the lifecycle table's sense (not past its end of life on `today`). */
export function checkKubernetesVersion(path: string, version: string, today: string): void {
  if (Token.isUnresolved(version)) return;
  const row = findKubernetesVersion(version);
  const supported = KUBERNETES_VERSIONS.filter((r) => r.endOfSupport === undefined || r.endOfSupport > today).map((r) => (r.match as { minor: string }).minor);
  const minor = /^v?1\.(\d+)(\.\d+)?$/.exec(version.trim())?.[1];
  const oldest = KUBERNETES_VERSIONS[0];
  const oldestMinor = Number((oldest.match as { minor: string }).minor.split(".")[1]);
  if (!row && minor !== undefined && Number(minor) < oldestMinor) {
    throw new ValidationError(path, `kubernetesVersion ${show(version)} is older than ${(oldest.match as { minor: string }).minor}, which reached its AKS end of life on ${oldest.endOfSupport} (AKS creates no new clusters on it); supported on ${today}: ${supported.join(", ")}`);
  }
  if (!row) {
    throw new ValidationError(path, `kubernetesVersion ${show(version)} is not a Kubernetes version AKS lists (1.<minor> or 1.<minor>.<patch>); supported on ${today}: ${supported.join(", ")}`);
  }
  if (row.endOfSupport !== undefined && row.endOfSupport <= today) {
    throw new ValidationError(path, `kubernetesVersion ${show(version)}: ${row.what} reached end of life on ${row.endOfSupport} (AKS creates no new clusters on it); supported on ${today}: ${supported.join(", ")}`);
  }
}

const POOL_NAME = /^[a-z][a-z0-9]{0,11}$/;

/** The cluster autoscaler and placement of a node pool. */
export interface AksNodePoolOptions {
  /** A key of AKS_VM_SIZES. Changing it recreates the pool (the system pool rotates through `temporary_name_for_rotation`). */
  readonly vmSize: string;
  /** `System` pools run system pods (at least one per cluster, no GPU sizes, cannot scale to zero). @default "User" */
  readonly mode?: "System" | "User";
  /** Autoscaler minimum: 0 lets a User pool scale to zero (a GPU pool outside prod). System pools need at least 1. */
  readonly minCount: number;
  /** Autoscaler maximum (at most 1000). */
  readonly maxCount: number;
  /** Availability zones (`["1","2","3"]`). Forces a new pool when changed. @default - every zone when the region has them, else none */
  readonly zones?: readonly string[];
  /** Pods per node (10-250 with Azure CNI Overlay). Forces a new pool. @default 110 */
  readonly maxPods?: number;
  /** Taints (`sku=gpu:NoSchedule`). @default - none; a GPU pool gets `nvidia.com/gpu=present:NoSchedule` */
  readonly taints?: readonly string[];
  /** Node labels. @default - none */
  readonly labels?: Readonly<Record<string, string>>;
  /** Node image OS. Forces a new pool. @default "AzureLinux" */
  readonly osSku?: "AzureLinux" | "Ubuntu";
  /** Spot VMs (evicted at Azure's need, deleted on eviction): User pools only, for interruptible work. @default false */
  readonly spot?: boolean;
  /** NVIDIA driver installation on a GPU pool: `Install` (AKS installs it) or `None` (you run the GPU Operator). @default "Install" on GPU sizes */
  readonly gpuDriver?: "Install" | "None";
  /** Extra nodes during an upgrade (`"10%"`, `"1"`). @default "10%" */
  readonly maxSurge?: string;
  /** Host-based encryption of temp disks and caches; the subscription needs the EncryptionAtHost feature registered. @default false */
  readonly hostEncryption?: boolean;
}

/** One workload identity of a cluster (`addWorkloadIdentity`). */
export interface AksWorkloadIdentityOptions {
  /** Namespace of the service account. */
  readonly namespace: string;
  /** The service account the pods run as. */
  readonly serviceAccount: string;
  /** Name of the identity (needed in a plain TerraformStack). @default - generated: `id-<workload>-<env>-<region>-<name>` */
  readonly identityName?: string;
}

/** Who may reach the API server. */
export type AksApiServerAccess =
  /** A private cluster: the API server has a private endpoint in the node subnet and a private DNS zone AKS manages (`System`). Kubectl needs a network path (Bastion, VPN, a runner in the VNet); Terraform needs none (ARM only). Forces a new cluster. */
  | { readonly private: true }
  /** A public API server reachable only from these CIDRs (an admin network, CI runners' egress). */
  | { readonly authorizedIpRanges: readonly string[] };

/** When AKS may upgrade: one weekly window for both the Kubernetes auto-upgrade and the node OS channel. */
export interface AksMaintenanceWindow {
  /** @default "Sunday" */
  readonly dayOfWeek?: "Monday" | "Tuesday" | "Wednesday" | "Thursday" | "Friday" | "Saturday" | "Sunday";
  /** `HH:mm`. @default "00:00" */
  readonly startTime?: string;
  /** Hours (at least 4). @default 4 */
  readonly durationHours?: number;
  /** `+00:00`. @default "+00:00" */
  readonly utcOffset?: string;
}

export interface AksClusterProps extends ProtectionProps {
  readonly resourceGroup: IResourceGroup;
  /** Forces a new cluster. @default - generated: `aks-<workload>-<env>-<region>[-<instance>]` */
  readonly name?: string;
  /** Distinguishes several clusters in one stack, in generated names. @default - none */
  readonly instance?: string;
  /** Forces a new cluster. @default - the resource group's location */
  readonly location?: string;
  /**
   * The node subnet (Azure CNI Overlay: nodes only). The control-plane identity gets Network
   * Contributor on it. A literal prefix is checked against the pools' full scale (`nodeSubnetAddressesNeeded`).
   * Forces a new cluster.
   */
  readonly subnet: ISubnet;
  /** Name of the control-plane identity (needed in a plain TerraformStack). @default - generated: `id-<workload>-<env>-<region>-aks[-<instance>]` */
  readonly controlPlaneIdentityName?: string;
  /** Kubernetes minor (`1.36`) or patch; refused when past its AKS end of life. @default AKS_DEFAULT_KUBERNETES_VERSION */
  readonly kubernetesVersion?: string;
  /** The date the version is judged at (`YYYY-MM-DD`). @default - the app's synthesis date (`SYNTHESIS_DATE_CONTEXT`, the CLI's `--date`), else today (UTC) */
  readonly today?: string;
  /** `Standard` gives the API server uptime SLA (use it in prod); `Premium` adds LTS. @default "Standard" */
  readonly skuTier?: "Free" | "Standard" | "Premium";
  /** Kubernetes auto-upgrade channel. @default "patch" */
  readonly automaticUpgradeChannel?: "none" | "patch" | "stable" | "rapid" | "node-image";
  /** Node OS security updates. @default "NodeImage" */
  readonly nodeOsUpgradeChannel?: "None" | "Unmanaged" | "SecurityPatch" | "NodeImage";
  /** When upgrades run. @default - Sunday 00:00 UTC, 4 hours, weekly */
  readonly maintenanceWindow?: AksMaintenanceWindow;
  /** The system pool (`default_node_pool`, only critical add-ons). @default - `system`, Standard_D4s_v5, 2-5 nodes, zones when the region has them */
  readonly systemPool?: Partial<Omit<AksNodePoolOptions, "mode" | "spot" | "gpuDriver">> & { readonly name?: string };
  /** Pod CIDR of Azure CNI Overlay (private, must not overlap the VNet). Forces a new cluster. @default "192.168.0.0/16" */
  readonly podCidr?: string;
  /** Service CIDR. Forces a new cluster. @default "172.16.0.0/16" (DNS service IP `172.16.0.10`) */
  readonly serviceCidr?: string;
  /** Network policy engine; `cilium` also sets the Cilium data plane (Microsoft's recommendation for new clusters). Forces a new cluster. @default "cilium" */
  readonly networkPolicy?: "cilium" | "azure" | "calico";
  /** Egress: `loadBalancer`, or `userDefinedRouting` behind a firewall, or a NAT gateway. @default "loadBalancer" */
  readonly outboundType?: "loadBalancer" | "userDefinedRouting" | "managedNATGateway" | "userAssignedNATGateway";
  /** Private cluster, or public with authorized IP ranges. @default { private: true } */
  readonly apiServerAccess?: AksApiServerAccess;
  /** Entra ID groups with cluster admin (through Azure RBAC). @default - none */
  readonly adminGroupObjectIds?: readonly string[];
  /** Entra ID tenant of the cluster's users. @default - the deployer's tenant */
  readonly tenantId?: string;
  /** Container Insights (`oms_agent`, MSI auth, and the `MSCI-<region>-<cluster>` data collection rule it collects through) into this Log Analytics workspace. @default - off */
  readonly logAnalyticsWorkspace?: ILogAnalyticsWorkspace;
  /** Managed Prometheus: ARM id of the Azure Monitor workspace (`azurerm_monitor_workspace`) that receives the metrics. @default - off */
  readonly monitorWorkspaceId?: string;
  /** Control-plane logs to Log Analytics: `AKS_DEFAULT_LOG_CATEGORIES` unless `logCategoryGroups` is given. @default - none */
  readonly diagnosticSettings?: DiagnosticSettingsProps;
  /** Key Vault CSI driver secret rotation interval. @default "2m" */
  readonly secretRotationInterval?: string;
}

/**
 * An AKS cluster: Azure CNI Overlay with a Cilium network policy, a system pool for critical
 * add-ons, Entra ID with Azure RBAC and local accounts off, OIDC issuer and workload identity,
 * KEDA, Azure Policy, the Key Vault CSI driver with rotation, image cleaner, run command off,
 * patch auto-upgrades and NodeImage OS updates in a maintenance window, a private API server by
 * default. Add pools with `addNodePool`, pulls with `grantPull`, identities with `addWorkloadIdentity`.
 */
export class AksCluster extends Construct {
  readonly resource: KubernetesCluster;
  readonly id: string;
  readonly name: string;
  /** The OIDC issuer URL federated credentials trust. */
  readonly oidcIssuerUrl: string;
  /** The kubelet identity AKS creates: what pulls images (`grantPull`). */
  readonly kubeletIdentity: IPrincipal;
  /** The control-plane identity (user-assigned, so its subnet grant exists before the cluster). */
  readonly controlPlaneIdentity: ManagedIdentity;
  readonly nodePools: Record<string, KubernetesClusterNodePool> = {};
  readonly workloadIdentities: Record<string, WorkloadIdentity> = {};
  readonly diagnosticSetting?: MonitorDiagnosticSetting;
  /** Container Insights' data collection rule (with `logAnalyticsWorkspace`). */
  containerInsightsRule?: MonitorDataCollectionRule;
  private readonly location: string;
  private readonly sizing: NodePoolSizing[] = [];
  private readonly zonesDefault: string[];

  constructor(scope: Construct, id: string, private readonly props: AksClusterProps) {
    super(scope, id);
    const path = this.node.path;
    this.location = props.location ?? props.resourceGroup.location;
    if (props.location !== undefined) checkRegion(path, "location", props.location);
    const version = props.kubernetesVersion ?? AKS_DEFAULT_KUBERNETES_VERSION;
    checkKubernetesVersion(path, version, props.today ?? synthesisDate(this));
    this.zonesDefault = !Token.isUnresolved(this.location) && AZURE_REGIONS.get(this.location)?.zones ? ["1", "2", "3"] : [];

    const access = props.apiServerAccess ?? { private: true };
    if ("authorizedIpRanges" in access) {
      if (access.authorizedIpRanges.length === 0) throw new ValidationError(path, "apiServerAccess.authorizedIpRanges is empty; list the CIDRs that may reach the API server, or use { private: true }");
      const open = access.authorizedIpRanges.find((r) => r === "0.0.0.0/0");
      if (open) throw new ValidationError(path, `apiServerAccess.authorizedIpRanges includes "0.0.0.0/0" (the whole internet); list the admin and CI ranges, or use { private: true }`);
    }

    const sys = props.systemPool ?? {};
    const sysName = sys.name ?? "system";
    const sysSize = sys.vmSize ?? "Standard_D4s_v5";
    const sysMin = sys.minCount ?? 2;
    const sysMax = sys.maxCount ?? 5;
    this.checkPool(sysName, { ...sys, vmSize: sysSize, minCount: sysMin, maxCount: sysMax, mode: "System" }, "systemPool");

    this.name = resourceName(this, "aksCluster", props.name, props.instance);
    this.controlPlaneIdentity = new ManagedIdentity(this, "ControlPlaneIdentity", {
      resourceGroup: props.resourceGroup,
      name: props.controlPlaneIdentityName,
      instance: props.instance ? `aks-${props.instance}` : "aks",
      location: props.location,
    });
    const subnetGrant: RoleAssignment = grantRole(this, "SubnetNetworkContributor", { scope: props.subnet.id, role: "Network Contributor", principal: this.controlPlaneIdentity });

    const window = props.maintenanceWindow ?? {};
    const windowConfig = {
      frequency: "Weekly",
      interval: 1,
      dayOfWeek: window.dayOfWeek ?? "Sunday",
      startTime: window.startTime ?? "00:00",
      duration: window.durationHours ?? 4,
      utcOffset: window.utcOffset ?? "+00:00",
    };
    checkWholeNumber(path, "maintenanceWindow.durationHours", windowConfig.duration, 4, 24);
    if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(windowConfig.startTime)) {
      throw new ValidationError(path, `maintenanceWindow.startTime ${show(windowConfig.startTime)} is not a time of day; allowed: HH:mm, e.g. "01:00"`);
    }
    if (!/^[+-](0\d|1[0-4]):[0-5]\d$/.test(windowConfig.utcOffset)) {
      throw new ValidationError(path, `maintenanceWindow.utcOffset ${show(windowConfig.utcOffset)} is not a UTC offset; allowed: +HH:mm or -HH:mm, e.g. "+01:00"`);
    }
    if (props.automaticUpgradeChannel === "node-image" && (props.nodeOsUpgradeChannel ?? "NodeImage") !== "NodeImage") {
      throw new ValidationError(path, `automaticUpgradeChannel "node-image" needs nodeOsUpgradeChannel "NodeImage" (got ${show(props.nodeOsUpgradeChannel)}); use "patch" or leave nodeOsUpgradeChannel unset`);
    }
    const policy = props.networkPolicy ?? "cilium";

    this.resource = new KubernetesCluster(this, "Resource", {
      name: this.name,
      location: this.location,
      resourceGroupName: props.resourceGroup.name,
      dnsPrefix: this.name.replace(/_/g, "-").slice(0, 54).replace(/-+$/, ""),
      kubernetesVersion: version,
      skuTier: props.skuTier ?? "Standard",
      automaticUpgradeChannel: props.automaticUpgradeChannel ?? "patch",
      nodeOsUpgradeChannel: props.nodeOsUpgradeChannel ?? "NodeImage",
      maintenanceWindowAutoUpgrade: windowConfig,
      maintenanceWindowNodeOs: windowConfig,
      defaultNodePool: {
        name: sysName,
        temporaryNameForRotation: `${sysName.slice(0, 8)}tmp`,
        vmSize: sysSize,
        onlyCriticalAddonsEnabled: true,
        autoScalingEnabled: true,
        minCount: sysMin,
        maxCount: sysMax,
        maxPods: sys.maxPods ?? 110,
        zones: [...(sys.zones ?? this.zonesDefault)],
        vnetSubnetId: props.subnet.id,
        osSku: sys.osSku ?? "AzureLinux",
        hostEncryptionEnabled: sys.hostEncryption ?? false,
        nodeLabels: sys.labels ? { ...sys.labels } : undefined,
        upgradeSettings: { maxSurge: sys.maxSurge ?? "10%" },
      },
      identity: { type: "UserAssigned", identityIds: [this.controlPlaneIdentity.id] },
      networkProfile: {
        networkPlugin: "azure",
        networkPluginMode: "overlay",
        networkPolicy: policy,
        networkDataPlane: policy === "cilium" ? "cilium" : "azure",
        podCidr: props.podCidr ?? "192.168.0.0/16",
        serviceCidr: props.serviceCidr ?? "172.16.0.0/16",
        dnsServiceIp: dnsServiceIp(props.serviceCidr ?? "172.16.0.0/16"),
        outboundType: props.outboundType ?? "loadBalancer",
        loadBalancerSku: "standard",
      },
      privateClusterEnabled: "private" in access,
      apiServerAccessProfile: "authorizedIpRanges" in access ? { authorizedIpRanges: [...access.authorizedIpRanges] } : undefined,
      oidcIssuerEnabled: true,
      workloadIdentityEnabled: true,
      roleBasedAccessControlEnabled: true,
      azureActiveDirectoryRoleBasedAccessControl: {
        azureRbacEnabled: true,
        tenantId: props.tenantId ?? clientConfig(this).tenantId,
        adminGroupObjectIds: props.adminGroupObjectIds?.length ? [...props.adminGroupObjectIds] : undefined,
      },
      localAccountDisabled: true,
      azurePolicyEnabled: true,
      keyVaultSecretsProvider: { secretRotationEnabled: true, secretRotationInterval: props.secretRotationInterval ?? "2m" },
      workloadAutoscalerProfile: { kedaEnabled: true },
      imageCleanerEnabled: true,
      imageCleanerIntervalHours: 48,
      runCommandEnabled: false,
      omsAgent: props.logAnalyticsWorkspace ? { logAnalyticsWorkspaceId: props.logAnalyticsWorkspace.id, msiAuthForMonitoringEnabled: true } : undefined,
      monitorMetrics: props.monitorWorkspaceId !== undefined ? {} : undefined,
      dependsOn: [subnetGrant],
      lifecycle: { ignoreChanges: ["default_node_pool[0].node_count"] },
    });
    this.id = this.resource.id;
    this.oidcIssuerUrl = this.resource.oidcIssuerUrl;
    this.kubeletIdentity = { principalId: this.resource.kubeletIdentity.objectId, principalType: "ServicePrincipal" };
    this.sizing.push({ name: sysName, maxCount: sysMax, maxSurge: sys.maxSurge });

    if (props.monitorWorkspaceId !== undefined) this.addPrometheus(props.monitorWorkspaceId);
    if (props.logAnalyticsWorkspace) this.addContainerInsights(props.logAnalyticsWorkspace);
    protect(this, this.resource, props, this.name);
    if (props.diagnosticSettings) {
      const d = props.diagnosticSettings;
      const metrics = d.metricCategories ?? ["AllMetrics"];
      this.diagnosticSetting = new MonitorDiagnosticSetting(this, "Diagnostics", {
        name: d.name ?? "to-log-analytics",
        targetResourceId: this.id,
        logAnalyticsWorkspaceId: d.workspaceId,
        enabledLog: d.logCategoryGroups
          ? d.logCategoryGroups.map((categoryGroup) => ({ categoryGroup }))
          : AKS_DEFAULT_LOG_CATEGORIES.map((category) => ({ category })),
        enabledMetric: metrics.length ? metrics.map((category) => ({ category })) : undefined,
      });
    }
    this.node.addValidation({ validate: () => this.checkSubnet() });
  }

  /**
   * Adds a node pool (`azurerm_kubernetes_cluster_node_pool`) with the cluster autoscaler. A GPU
   * size gets the NVIDIA taint and driver; `minCount: 0` lets a User pool scale to zero.
   */
  addNodePool(name: string, options: AksNodePoolOptions): KubernetesClusterNodePool {
    checkUnique(this.node.path, "node pool", name, this.nodePools);
    const mode = options.mode ?? "User";
    const size = this.checkPool(name, { ...options, mode }, `node pool ${show(name)}`);
    const gpu = (size?.gpus ?? 0) > 0;
    const taints = options.taints ?? (gpu ? ["nvidia.com/gpu=present:NoSchedule"] : undefined);
    const pool = new KubernetesClusterNodePool(this, `NodePool-${name}`, {
      name,
      kubernetesClusterId: this.id,
      mode,
      vmSize: options.vmSize,
      autoScalingEnabled: true,
      minCount: options.minCount,
      maxCount: options.maxCount,
      nodeCount: options.minCount,
      maxPods: options.maxPods ?? 110,
      zones: [...(options.zones ?? this.zonesDefault)],
      vnetSubnetId: this.props.subnet.id,
      osType: "Linux",
      osSku: options.osSku ?? "AzureLinux",
      orchestratorVersion: this.resource.kubernetesVersionInput,
      hostEncryptionEnabled: options.hostEncryption ?? false,
      nodeTaints: taints?.length ? [...taints] : undefined,
      nodeLabels: options.labels ? { ...options.labels } : undefined,
      priority: options.spot ? "Spot" : undefined,
      evictionPolicy: options.spot ? "Delete" : undefined,
      spotMaxPrice: options.spot ? -1 : undefined,
      gpuDriver: gpu ? (options.gpuDriver ?? "Install") : undefined,
      upgradeSettings: options.spot ? undefined : { maxSurge: options.maxSurge ?? "10%" },
      lifecycle: { ignoreChanges: ["node_count"] },
    });
    this.nodePools[name] = pool;
    this.sizing.push({ name, maxCount: options.maxCount, maxSurge: options.spot ? "0" : options.maxSurge });
    return pool;
  }

  /** AcrPull on `registry` for the kubelet identity, so nodes pull its images without credentials. */
  grantPull(registry: { readonly id: string }, id = "AcrPull"): RoleAssignment {
    return grantRole(this, id, { scope: registry.id, role: "AcrPull", principal: this.kubeletIdentity });
  }

  /**
   * A user-assigned identity trusted for pods running as `serviceAccount` in `namespace` (a
   * federated credential on the cluster's OIDC issuer). Grant it what the service reads
   * (`vault.grantSecretsRead(wi)`) and annotate the service account with `wi.clientId`.
   */
  addWorkloadIdentity(name: string, options: AksWorkloadIdentityOptions): WorkloadIdentity {
    checkUnique(this.node.path, "workload identity", name, this.workloadIdentities);
    const wi = new WorkloadIdentity(this, `WorkloadIdentity-${name}`, {
      resourceGroup: this.props.resourceGroup,
      location: this.props.location,
      name: options.identityName,
      instance: this.props.instance ? `${this.props.instance}-${name}` : name,
      oidcIssuerUrl: this.oidcIssuerUrl,
      namespace: options.namespace,
      serviceAccount: options.serviceAccount,
    });
    this.workloadIdentities[name] = wi;
    return wi;
  }

  private checkPool(name: string, o: AksNodePoolOptions & { mode: "System" | "User" }, where: string): ReturnType<typeof checkAksVmSize> {
    const path = this.node.path;
    if (!POOL_NAME.test(name)) {
      checkName(path, "aksNodePool", name);
      throw new ValidationError(path, `node pool name ${show(name)} has characters or a shape Azure rejects; Azure allows 1-12 lowercase letters and digits, starting with a letter (Linux)`);
    }
    const size = checkAksVmSize(path, `${where} vmSize`, o.vmSize, o.mode);
    checkWholeNumber(path, `${where} maxCount`, o.maxCount, 1, 1000);
    checkWholeNumber(path, `${where} minCount`, o.minCount, o.mode === "System" ? 1 : 0, 1000);
    if (o.minCount > o.maxCount) {
      throw new ValidationError(path, `${where} minCount ${o.minCount} is greater than maxCount ${o.maxCount}; the autoscaler needs minCount <= maxCount`);
    }
    if (o.maxPods !== undefined) checkWholeNumber(path, `${where} maxPods`, o.maxPods, AKS_MAX_PODS_RANGE.min, AKS_MAX_PODS_RANGE.max);
    if (o.spot && o.mode === "System") throw new ValidationError(path, `${where} is a System pool on Spot VMs; Spot is allowed for User pools only`);
    if (o.zones?.length) {
      requireZones(path, this.location, `${where} zones`);
      const bad = o.zones.find((z) => !["1", "2", "3"].includes(z));
      if (bad !== undefined) throw new ValidationError(path, `${where} zone ${show(bad)} is not an availability zone; allowed: "1", "2", "3"`);
    }
    return size;
  }

  /** The node subnet holds every pool at full scale plus upgrade surge (literal prefixes only; checked at synth, once every pool is added). */
  private checkSubnet(): string[] {
    const prefix = this.props.subnet.addressPrefix;
    const m = typeof prefix === "string" && !Token.isUnresolved(prefix) ? /^\d+\.\d+\.\d+\.\d+\/(\d+)$/.exec(prefix) : null;
    if (!m) return [];
    const bits = Number(m[1]);
    const capacity = subnetNodeCapacity(bits);
    const needed = nodeSubnetAddressesNeeded(this.sizing) - AZURE_SUBNET_RESERVED_ADDRESSES;
    if (needed <= capacity) return [];
    const parts = this.sizing.map((p) => `${p.name} ${p.maxCount}+${surgeNodes(p.maxCount, p.maxSurge)}`).join(", ");
    let bigger = bits;
    while (bigger > 0 && subnetNodeCapacity(bigger) < needed) bigger--;
    return [
      `${this.node.path}: subnet ${show(this.props.subnet.name)} (${prefix}) holds ${capacity} nodes (a /${bits} less Azure's 5 reserved addresses), and the node pools need ${needed} at full scale with upgrade surge (${parts}); use a /${bigger} or larger subnet (it holds ${subnetNodeCapacity(bigger)}), or lower maxCount`,
    ];
  }

  /**
   * Container Insights with managed identity authentication collects through a data collection
   * rule (`MSCI-<region>-<cluster>`, the ContainerInsights extension) associated with the cluster;
   * the Azure CLI and portal create it when they enable the add-on, Terraform must create it
   * itself (learn.microsoft.com/azure/azure-monitor/containers/kubernetes-monitoring-enable,
   * Terraform tab, and Microsoft's onboarding template microsoft/Docker-Provider
   * scripts/onboarding/aks/onboarding-msi-terraform).
   */
  private addContainerInsights(workspace: ILogAnalyticsWorkspace): void {
    this.containerInsightsRule = new MonitorDataCollectionRule(this, "ContainerInsightsRule", {
      name: `MSCI-${this.location}-${this.name}`.slice(0, 64),
      location: this.location,
      resourceGroupName: this.props.resourceGroup.name,
      kind: "Linux",
      destinations: { logAnalytics: [{ workspaceResourceId: workspace.id, name: "ciworkspace" }] },
      dataFlow: [{ streams: ["Microsoft-ContainerInsights-Group-Default"], destinations: ["ciworkspace"] }],
      dataSources: {
        extension: [{
          name: "ContainerInsightsExtension",
          extensionName: "ContainerInsights",
          streams: ["Microsoft-ContainerInsights-Group-Default"],
          extensionJson: JSON.stringify({ dataCollectionSettings: { interval: "1m", namespaceFilteringMode: "Off", enableContainerLogV2: true } }),
        }],
      },
      description: `Container Insights for AKS cluster ${this.name}`,
    });
    new MonitorDataCollectionRuleAssociation(this, "ContainerInsightsRuleAssociation", {
      name: "ContainerInsightsExtension",
      targetResourceId: this.id,
      dataCollectionRuleId: this.containerInsightsRule.id,
      description: "Association of data collection rule. Deleting this association will break the data collection for this AKS Cluster.",
    });
  }

  private addPrometheus(monitorWorkspaceId: string): void {
    const location = this.location;
    const rg = this.props.resourceGroup.name;
    const endpoint = new MonitorDataCollectionEndpoint(this, "PrometheusEndpoint", {
      name: `MSProm-${this.name}`.slice(0, 44),
      location,
      resourceGroupName: rg,
      kind: "Linux",
    });
    const rule = new MonitorDataCollectionRule(this, "PrometheusRule", {
      name: `MSProm-${this.name}`.slice(0, 64),
      location,
      resourceGroupName: rg,
      kind: "Linux",
      dataCollectionEndpointId: endpoint.id,
      destinations: { monitorAccount: [{ monitorAccountId: monitorWorkspaceId, name: "MonitoringAccount1" }] },
      dataFlow: [{ streams: ["Microsoft-PrometheusMetrics"], destinations: ["MonitoringAccount1"] }],
      dataSources: { prometheusForwarder: [{ streams: ["Microsoft-PrometheusMetrics"], name: "PrometheusDataSource" }] },
      description: `Managed Prometheus for AKS cluster ${this.name}`,
    });
    new MonitorDataCollectionRuleAssociation(this, "PrometheusRuleAssociation", {
      name: `MSProm-${this.name}`.slice(0, 64),
      targetResourceId: this.id,
      dataCollectionRuleId: rule.id,
    });
    new MonitorDataCollectionRuleAssociation(this, "PrometheusEndpointAssociation", {
      name: "configurationAccessEndpoint",
      targetResourceId: this.id,
      dataCollectionEndpointId: endpoint.id,
    });
  }
}

/** The tenth address of the service CIDR (`172.16.0.10`), AKS's convention for CoreDNS. */
function dnsServiceIp(serviceCidr: string): string | undefined {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\/\d+$/.exec(serviceCidr);
  if (!m) return undefined;
  return `${m[1]}.${m[2]}.${m[3]}.${Number(m[4]) + 10}`;
}
