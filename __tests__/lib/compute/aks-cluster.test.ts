import { TerraformStack, Testing } from "cdktf";
import {
  AKS_DEFAULT_KUBERNETES_VERSION,
  AKS_VM_SIZES,
  AksCluster,
  type AksClusterProps,
  nodeSubnetAddressesNeeded,
  subnetNodeCapacity,
  surgeNodes,
} from "../../../lib/compute/aks-cluster";
import { ContainerRegistry } from "../../../lib/containers/container-registry";
import type { IResourceGroup } from "../../../lib/core/interfaces";
import { evaluate } from "../../../lib/policy/engine";
import { findKubernetesVersion, lifecycleVerdict } from "../../../lib/policy/lifecycle";
import { AZURE_RULES } from "../../../lib/policy/rules";
import { KeyVault } from "../../../lib/security/key-vault";
import { expectValidationError, onlyResource, resourcesOf, synthJson, testStack, testSubnet } from "../../helpers/stack";

const RG_NAME = /^\$\{azurerm_resource_group\.ResourceGroup_[A-F0-9]+\.name\}$/;
const TODAY = "2026-11-29";
const AMW = "/subscriptions/0/resourceGroups/rg-mon/providers/Microsoft.Monitor/accounts/amw-demo";

function aksStack(props: Partial<AksClusterProps> = {}, prefix = "10.0.0.0/22", environment = {}) {
  const { stack, rg } = testStack({ environment });
  const subnet = testSubnet({ stack, rg }, "snet-aks", prefix);
  const build = (more: Partial<AksClusterProps> = {}, id = "Aks") => new AksCluster(stack, id, { resourceGroup: rg, subnet, today: TODAY, ...props, ...more });
  return { stack, rg, subnet, build };
}

describe("AksCluster", () => {
  test("defaults: Overlay + Cilium, private API server, Entra ID with Azure RBAC, local accounts off, OIDC + workload identity, KEDA, Azure Policy, CSI rotation, upgrades in a window", () => {
    const { stack, build } = aksStack();
    const cluster = build();
    const json = synthJson(stack);
    expect(onlyResource(json, "azurerm_kubernetes_cluster")).toEqual({
      name: "aks-demo-dev-eus2",
      location: "eastus2",
      resource_group_name: expect.stringMatching(RG_NAME),
      dns_prefix: "aks-demo-dev-eus2",
      kubernetes_version: "1.36",
      sku_tier: "Standard",
      automatic_upgrade_channel: "patch",
      node_os_upgrade_channel: "NodeImage",
      maintenance_window_auto_upgrade: { frequency: "Weekly", interval: 1, day_of_week: "Sunday", start_time: "00:00", duration: 4, utc_offset: "+00:00" },
      maintenance_window_node_os: { frequency: "Weekly", interval: 1, day_of_week: "Sunday", start_time: "00:00", duration: 4, utc_offset: "+00:00" },
      default_node_pool: {
        name: "system",
        temporary_name_for_rotation: "systemtmp",
        vm_size: "Standard_D4s_v5",
        only_critical_addons_enabled: true,
        auto_scaling_enabled: true,
        min_count: 2,
        max_count: 5,
        max_pods: 110,
        zones: ["1", "2", "3"],
        vnet_subnet_id: "/subscriptions/0/vnet/subnets/snet-aks",
        os_sku: "AzureLinux",
        host_encryption_enabled: false,
        upgrade_settings: { max_surge: "10%" },
      },
      identity: { type: "UserAssigned", identity_ids: [expect.stringMatching(/^\$\{azurerm_user_assigned_identity\.Aks_ControlPlaneIdentity_[A-F0-9]+\.id\}$/)] },
      network_profile: {
        network_plugin: "azure",
        network_plugin_mode: "overlay",
        network_policy: "cilium",
        network_data_plane: "cilium",
        pod_cidr: "192.168.0.0/16",
        service_cidr: "172.16.0.0/16",
        dns_service_ip: "172.16.0.10",
        outbound_type: "loadBalancer",
        load_balancer_sku: "standard",
      },
      private_cluster_enabled: true,
      oidc_issuer_enabled: true,
      workload_identity_enabled: true,
      role_based_access_control_enabled: true,
      azure_active_directory_role_based_access_control: { azure_rbac_enabled: true, tenant_id: "${data.azurerm_client_config.ClientConfig.tenant_id}" },
      local_account_disabled: true,
      azure_policy_enabled: true,
      key_vault_secrets_provider: { secret_rotation_enabled: true, secret_rotation_interval: "2m" },
      workload_autoscaler_profile: { keda_enabled: true },
      image_cleaner_enabled: true,
      image_cleaner_interval_hours: 48,
      run_command_enabled: false,
      depends_on: [expect.stringMatching(/^azurerm_role_assignment\.Aks_SubnetNetworkContributor_[A-F0-9]+$/)],
      lifecycle: { ignore_changes: ["default_node_pool[0].node_count"] },
      tags: expect.any(Object),
    });
    // The control-plane identity is Network Contributor on the node subnet, before the cluster exists.
    expect(Object.values(resourcesOf(json, "azurerm_role_assignment"))).toEqual([
      {
        scope: "/subscriptions/0/vnet/subnets/snet-aks",
        role_definition_name: "Network Contributor",
        principal_id: expect.stringMatching(/^\$\{azurerm_user_assigned_identity\.Aks_ControlPlaneIdentity_[A-F0-9]+\.principal_id\}$/),
        principal_type: "ServicePrincipal",
      },
    ]);
    expect(resourcesOf(json, "azurerm_monitor_data_collection_rule")).toEqual({});
    expect(cluster.name).toBe("aks-demo-dev-eus2");
    expect(AKS_DEFAULT_KUBERNETES_VERSION).toBe("1.36");
    // The default version is in standard support on the synthesis date, with no warning due.
    expect(lifecycleVerdict(findKubernetesVersion("1.36")!, TODAY)).toBeUndefined();
  });

  test("the default cluster passes every error-level policy rule in prod", () => {
    const { stack, build } = aksStack();
    build().addNodePool("app", { vmSize: "Standard_D8s_v5", minCount: 3, maxCount: 20 });
    const report = evaluate(AZURE_RULES, { name: "test", tier: "prod", json: synthJson(stack), date: TODAY }, []);
    expect(report.findings.filter((f) => f.severity === "error")).toEqual([]);
  });

  test("node pools: an application pool and a GPU pool that scales to zero, with the NVIDIA taint and driver", () => {
    const { stack, build } = aksStack();
    const cluster = build();
    cluster.addNodePool("app", { vmSize: "Standard_D8s_v3", minCount: 3, maxCount: 20, labels: { tier: "app" } });
    cluster.addNodePool("gpu", { vmSize: "Standard_NC8as_T4_v3", minCount: 0, maxCount: 10, zones: ["1"] });
    const pools = Object.values(resourcesOf(synthJson(stack), "azurerm_kubernetes_cluster_node_pool"));
    expect(pools).toEqual([
      {
        name: "app",
        kubernetes_cluster_id: expect.stringMatching(/^\$\{azurerm_kubernetes_cluster\.Aks_[A-F0-9]+\.id\}$/),
        mode: "User",
        vm_size: "Standard_D8s_v3",
        auto_scaling_enabled: true,
        min_count: 3,
        max_count: 20,
        node_count: 3,
        max_pods: 110,
        zones: ["1", "2", "3"],
        vnet_subnet_id: "/subscriptions/0/vnet/subnets/snet-aks",
        os_type: "Linux",
        os_sku: "AzureLinux",
        orchestrator_version: "1.36",
        host_encryption_enabled: false,
        node_labels: { tier: "app" },
        upgrade_settings: { max_surge: "10%" },
        lifecycle: { ignore_changes: ["node_count"] },
        tags: expect.any(Object),
      },
      expect.objectContaining({ name: "gpu", vm_size: "Standard_NC8as_T4_v3", min_count: 0, max_count: 10, node_count: 0, zones: ["1"], node_taints: ["nvidia.com/gpu=present:NoSchedule"], gpu_driver: "Install" }),
    ]);
  });

  test("a spot pool: Spot priority, deleted on eviction, no surge", () => {
    const { stack, build } = aksStack();
    build().addNodePool("batch", { vmSize: "Standard_D4as_v5", minCount: 0, maxCount: 5, spot: true });
    const pool = onlyResource(synthJson(stack), "azurerm_kubernetes_cluster_node_pool");
    expect(pool).toMatchObject({ priority: "Spot", eviction_policy: "Delete", spot_max_price: -1 });
    expect(pool.upgrade_settings).toBeUndefined();
  });

  test("an IP-restricted public API server", () => {
    const { stack, build } = aksStack();
    build({ apiServerAccess: { authorizedIpRanges: ["203.0.113.0/24"] } });
    const aks = onlyResource(synthJson(stack), "azurerm_kubernetes_cluster");
    expect(aks.private_cluster_enabled).toBe(false);
    expect(aks.api_server_access_profile).toEqual({ authorized_ip_ranges: ["203.0.113.0/24"] });
  });

  test("Container Insights (MSI auth) and managed Prometheus into an Azure Monitor workspace, control-plane logs", () => {
    const { stack, build } = aksStack();
    build({
      logAnalyticsWorkspace: { id: "/subscriptions/0/law", name: "law" },
      monitorWorkspaceId: AMW,
      diagnosticSettings: { workspaceId: "/subscriptions/0/law" },
    });
    const json = synthJson(stack);
    const aks = onlyResource(json, "azurerm_kubernetes_cluster");
    expect(aks.oms_agent).toEqual({ log_analytics_workspace_id: "/subscriptions/0/law", msi_auth_for_monitoring_enabled: true });
    expect(aks.monitor_metrics).toEqual({});
    const endpoint = onlyResource(json, "azurerm_monitor_data_collection_endpoint");
    expect(endpoint).toMatchObject({ name: "MSProm-aks-demo-dev-eus2", kind: "Linux", location: "eastus2" });
    const rules = Object.values(resourcesOf(json, "azurerm_monitor_data_collection_rule"));
    expect(rules).toHaveLength(2);
    // Container Insights with MSI auth collects through its own rule, which Terraform must create.
    expect(rules.find((r) => String(r.name).startsWith("MSCI-"))).toMatchObject({
      name: "MSCI-eastus2-aks-demo-dev-eus2",
      location: "eastus2",
      resource_group_name: expect.stringMatching(/^\$\{azurerm_resource_group\./),
      kind: "Linux",
      description: "Container Insights for AKS cluster aks-demo-dev-eus2",
      destinations: { log_analytics: [{ workspace_resource_id: "/subscriptions/0/law", name: "ciworkspace" }] },
      data_flow: [{ streams: ["Microsoft-ContainerInsights-Group-Default"], destinations: ["ciworkspace"] }],
      data_sources: {
        extension: [{
          name: "ContainerInsightsExtension",
          extension_name: "ContainerInsights",
          streams: ["Microsoft-ContainerInsights-Group-Default"],
          extension_json: JSON.stringify({ dataCollectionSettings: { interval: "1m", namespaceFilteringMode: "Off", enableContainerLogV2: true } }),
        }],
      },
    });
    expect(rules.find((r) => String(r.name).startsWith("MSProm-"))).toMatchObject({
      kind: "Linux",
      data_collection_endpoint_id: expect.stringMatching(/^\$\{azurerm_monitor_data_collection_endpoint\.Aks_PrometheusEndpoint_[A-F0-9]+\.id\}$/),
      destinations: { monitor_account: [{ monitor_account_id: AMW, name: "MonitoringAccount1" }] },
      data_flow: [{ streams: ["Microsoft-PrometheusMetrics"], destinations: ["MonitoringAccount1"] }],
      data_sources: { prometheus_forwarder: [{ streams: ["Microsoft-PrometheusMetrics"], name: "PrometheusDataSource" }] },
    });
    const associations = Object.values(resourcesOf(json, "azurerm_monitor_data_collection_rule_association"));
    expect(associations.map((a) => a.name).sort()).toEqual(["ContainerInsightsExtension", "MSProm-aks-demo-dev-eus2", "configurationAccessEndpoint"]);
    expect(associations.find((a) => a.name === "ContainerInsightsExtension")?.data_collection_rule_id).toMatch(/^\$\{azurerm_monitor_data_collection_rule\.Aks_ContainerInsightsRule_[A-F0-9]+\.id\}$/);
    expect(onlyResource(json, "azurerm_monitor_diagnostic_setting")).toMatchObject({
      enabled_log: ["kube-audit-admin", "guard", "kube-apiserver", "kube-controller-manager", "cluster-autoscaler"].map((category) => ({ category })),
      enabled_metric: [{ category: "AllMetrics" }],
    });
  });

  test("grantPull: AcrPull on the registry for the kubelet identity", () => {
    const { stack, rg, build } = aksStack();
    const registry = new ContainerRegistry(stack, "Registry", { resourceGroup: rg });
    build().grantPull(registry);
    const grants = Object.values(resourcesOf(synthJson(stack), "azurerm_role_assignment")).filter((a) => a.role_definition_name === "AcrPull");
    expect(grants).toEqual([
      {
        scope: expect.stringMatching(/^\$\{azurerm_container_registry\.Registry_[A-F0-9]+\.id\}$/),
        role_definition_name: "AcrPull",
        principal_id: expect.stringMatching(/^\$\{azurerm_kubernetes_cluster\.Aks_[A-F0-9]+\.kubelet_identity\[0\]\.object_id\}$/),
        principal_type: "ServicePrincipal",
      },
    ]);
  });

  test("addWorkloadIdentity: an identity per service account, trusted by the cluster's OIDC issuer, usable by existing grants", () => {
    const { stack, rg, build } = aksStack();
    const cluster = build();
    const content = cluster.addWorkloadIdentity("content", { namespace: "content", serviceAccount: "content-api" });
    cluster.addWorkloadIdentity("render", { namespace: "render", serviceAccount: "render-worker" });
    const vault = new KeyVault(stack, "Vault", { resourceGroup: rg });
    vault.grantSecretsRead(content);
    const json = synthJson(stack);
    const credentials = Object.values(resourcesOf(json, "azurerm_federated_identity_credential"));
    expect(credentials).toEqual([
      {
        name: "k8s-content-content-api",
        resource_group_name: expect.stringMatching(RG_NAME),
        parent_id: expect.stringMatching(/^\$\{azurerm_user_assigned_identity\.Aks_WorkloadIdentity-content_Identity_[A-F0-9]+\.id\}$/),
        issuer: expect.stringMatching(/^\$\{azurerm_kubernetes_cluster\.Aks_[A-F0-9]+\.oidc_issuer_url\}$/),
        audience: ["api://AzureADTokenExchange"],
        subject: "system:serviceaccount:content:content-api",
      },
      expect.objectContaining({ name: "k8s-render-render-worker", subject: "system:serviceaccount:render:render-worker" }),
    ]);
    const names = Object.values(resourcesOf(json, "azurerm_user_assigned_identity")).map((i) => i.name).sort();
    expect(names).toEqual(["id-demo-dev-eus2-aks", "id-demo-dev-eus2-content", "id-demo-dev-eus2-render"]);
    const secretsUser = Object.values(resourcesOf(json, "azurerm_role_assignment")).find((a) => a.role_definition_name === "Key Vault Secrets User");
    expect(secretsUser?.principal_id).toMatch(/^\$\{azurerm_user_assigned_identity\.Aks_WorkloadIdentity-content_Identity_[A-F0-9]+\.principal_id\}$/);
    expect(content.serviceAccountAnnotations).toEqual({ "azure.workload.identity/client-id": content.clientId });
  });

  test("a plain TerraformStack with explicit names", () => {
    const stack = new TerraformStack(Testing.app(), "plain");
    const rg: IResourceGroup = { name: "rg-plain", location: "westeurope", id: "/subscriptions/0/resourceGroups/rg-plain" };
    const subnet = { id: "/subscriptions/0/vnet/subnets/aks", name: "aks", addressPrefix: "10.1.0.0/23", virtualNetwork: { id: "/subscriptions/0/vnet", name: "vnet", resourceGroupName: "rg-plain" } };
    const cluster = new AksCluster(stack, "Aks", { resourceGroup: rg, subnet, name: "aks-plain", controlPlaneIdentityName: "id-aks-plain", today: TODAY });
    cluster.addNodePool("app", { vmSize: "Standard_D8s_v5", minCount: 1, maxCount: 3 });
    const wi = cluster.addWorkloadIdentity("content", { namespace: "content", serviceAccount: "api", identityName: "id-content" });
    const json = synthJson(stack);
    expect(onlyResource(json, "azurerm_kubernetes_cluster")).toMatchObject({ name: "aks-plain", dns_prefix: "aks-plain", location: "westeurope", resource_group_name: "rg-plain" });
    expect(Object.values(resourcesOf(json, "azurerm_user_assigned_identity")).map((i) => i.name)).toEqual(["id-aks-plain", "id-content"]);
    expect(wi.subject).toBe("system:serviceaccount:content:api");
    // Without a name, a plain stack cannot generate one.
    expectValidationError(
      () => new AksCluster(stack, "Aks2", { resourceGroup: rg, subnet, name: "aks-plain2", today: TODAY }),
      "plain/Aks2/ControlPlaneIdentity: no name given and no AzureStack (or BlueprintStack) to generate one; pass the `name` prop",
    );
    expectValidationError(
      () => new AksCluster(stack, "Aks3", { resourceGroup: rg, subnet, name: "-bad", today: TODAY }),
      'plain/Aks3: AKS cluster name "-bad" has characters or a shape Azure rejects; Azure allows 1-63 characters, letters, digits, underscores and hyphens, starting and ending with a letter or digit; unique within its resource group',
    );
  });

  describe("validation", () => {
    const path = "test/Aks";

    test("a retired Kubernetes version, and an unknown one, with the supported list", () => {
      const { build } = aksStack();
      expectValidationError(
        () => build({ kubernetesVersion: "1.28" }),
        `${path}: kubernetesVersion "1.28" is older than 1.29, which reached its AKS end of life on 2025-03-31 (AKS creates no new clusters on it); supported on 2026-11-29: 1.34, 1.35, 1.36, 1.37`,
      );
      expectValidationError(
        () => build({ kubernetesVersion: "latest" }, "Aks3"),
        `test/Aks3: kubernetesVersion "latest" is not a Kubernetes version AKS lists (1.<minor> or 1.<minor>.<patch>); supported on 2026-11-29: 1.34, 1.35, 1.36, 1.37`,
      );
      expectValidationError(
        () => build({ kubernetesVersion: "1.33.2" }, "Aks2"),
        `test/Aks2: kubernetesVersion "1.33.2": Kubernetes 1.33 on AKS reached end of life on 2026-07-31 (AKS creates no new clusters on it); supported on 2026-11-29: 1.34, 1.35, 1.36, 1.37`,
      );
    });

    test("an unknown VM size, a retired GPU size, a GPU size in a System pool", () => {
      const { build } = aksStack();
      const cluster = build();
      const all = Object.keys(AKS_VM_SIZES).join(", ");
      expectValidationError(
        () => cluster.addNodePool("app", { vmSize: "Standard_D8s_v9", minCount: 1, maxCount: 3 }),
        `${path}: node pool "app" vmSize "Standard_D8s_v9" is not a VM size this library knows for AKS node pools; did you mean "Standard_D8s_v3"?; allowed: ${all}`,
      );
      expectValidationError(
        () => cluster.addNodePool("gpu", { vmSize: "Standard_NC6s_v3", minCount: 0, maxCount: 10 }),
        `${path}: node pool "gpu" vmSize "Standard_NC6s_v3" is an NCv3-series VM size retired on 2025-09-30 (use a current GPU series (see https://learn.microsoft.com/azure/virtual-machines/ncv3-nc6s-nc12s-nc24s-retirement)); allowed: ${all}`,
      );
      expect(() => cluster.addNodePool("sysgpu", { vmSize: "Standard_NC4as_T4_v3", mode: "System", minCount: 1, maxCount: 2 })).toThrow(
        /node pool "sysgpu" vmSize "Standard_NC4as_T4_v3" is a GPU size \(NCasT4_v3\), not allowed for a System pool/,
      );
    });

    test("autoscaler min above max, a System pool at zero, max pods out of range", () => {
      const { build } = aksStack();
      const cluster = build();
      expectValidationError(
        () => cluster.addNodePool("app", { vmSize: "Standard_D8s_v5", minCount: 5, maxCount: 3 }),
        `${path}: node pool "app" minCount 5 is greater than maxCount 3; the autoscaler needs minCount <= maxCount`,
      );
      expectValidationError(
        () => cluster.addNodePool("sys", { vmSize: "Standard_D4s_v5", mode: "System", minCount: 0, maxCount: 3 }),
        `${path}: node pool "sys" minCount 0 is out of range (allowed: 1 to 1000)`,
      );
      expectValidationError(
        () => cluster.addNodePool("app", { vmSize: "Standard_D8s_v5", minCount: 1, maxCount: 3, maxPods: 300 }),
        `${path}: node pool "app" maxPods 300 is out of range (allowed: 10 to 250)`,
      );
    });

    test("pool names: 1-12 lowercase letters and digits starting with a letter; unique", () => {
      const { build } = aksStack();
      const cluster = build();
      expectValidationError(
        () => cluster.addNodePool("Gpu-Pool", { vmSize: "Standard_D8s_v5", minCount: 1, maxCount: 3 }),
        `${path}: AKS node pool name "Gpu-Pool" has characters or a shape Azure rejects; Azure allows 1-12 characters, lowercase letters and digits, starting with a letter (Linux pools; Windows pools 1-6); unique within its parent resource`,
      );
      expectValidationError(
        () => cluster.addNodePool("applicationpool", { vmSize: "Standard_D8s_v5", minCount: 1, maxCount: 3 }),
        `${path}: AKS node pool name "applicationpool" is 15 characters; Azure allows 1-12 characters, lowercase letters and digits, starting with a letter (Linux pools; Windows pools 1-6); unique within its parent resource`,
      );
      cluster.addNodePool("app", { vmSize: "Standard_D8s_v5", minCount: 1, maxCount: 3 });
      expectValidationError(() => cluster.addNodePool("app", { vmSize: "Standard_D8s_v5", minCount: 1, maxCount: 3 }), `${path}: node pool "app" is defined twice`);
    });

    test("zones: only 1-3, and only in a region with zones", () => {
      const { build } = aksStack();
      const cluster = build();
      expectValidationError(
        () => cluster.addNodePool("app", { vmSize: "Standard_D8s_v5", minCount: 1, maxCount: 3, zones: ["4"] }),
        `${path}: node pool "app" zone "4" is not an availability zone; allowed: "1", "2", "3"`,
      );
      const west = aksStack({}, "10.0.0.0/22", { location: "westus" });
      const noZones = west.build();
      expect(onlyResource(synthJson(west.stack), "azurerm_kubernetes_cluster").default_node_pool).toMatchObject({ zones: [] });
      expectValidationError(
        () => noZones.addNodePool("app", { vmSize: "Standard_D8s_v5", minCount: 1, maxCount: 3, zones: ["1"] }),
        `${path}: node pool "app" zones needs availability zones, and region "westus" has none`,
      );
    });

    test("API server: empty or internet-wide authorized ranges", () => {
      const { build } = aksStack();
      expectValidationError(
        () => build({ apiServerAccess: { authorizedIpRanges: [] } }),
        `${path}: apiServerAccess.authorizedIpRanges is empty; list the CIDRs that may reach the API server, or use { private: true }`,
      );
      expectValidationError(
        () => build({ apiServerAccess: { authorizedIpRanges: ["0.0.0.0/0"] } }, "Aks2"),
        `test/Aks2: apiServerAccess.authorizedIpRanges includes "0.0.0.0/0" (the whole internet); list the admin and CI ranges, or use { private: true }`,
      );
    });

    test("maintenance window and upgrade channels", () => {
      const { build } = aksStack();
      expectValidationError(
        () => build({ maintenanceWindow: { startTime: "25:00" } }),
        `${path}: maintenanceWindow.startTime "25:00" is not a time of day; allowed: HH:mm, e.g. "01:00"`,
      );
      expectValidationError(
        () => build({ maintenanceWindow: { utcOffset: "UTC" } }, "Aks2"),
        `test/Aks2: maintenanceWindow.utcOffset "UTC" is not a UTC offset; allowed: +HH:mm or -HH:mm, e.g. "+01:00"`,
      );
      expectValidationError(
        () => build({ maintenanceWindow: { durationHours: 2 } }, "Aks3"),
        `test/Aks3: maintenanceWindow.durationHours 2 is out of range (allowed: 4 to 24)`,
      );
      expectValidationError(
        () => build({ automaticUpgradeChannel: "node-image", nodeOsUpgradeChannel: "SecurityPatch" }, "Aks4"),
        `test/Aks4: automaticUpgradeChannel "node-image" needs nodeOsUpgradeChannel "NodeImage" (got "SecurityPatch"); use "patch" or leave nodeOsUpgradeChannel unset`,
      );
    });

    test("a /24 too small for the pools at full scale with surge", () => {
      const { stack, build } = aksStack({}, "10.0.1.0/24");
      const cluster = build({ systemPool: { minCount: 3, maxCount: 5 } });
      cluster.addNodePool("app", { vmSize: "Standard_D8s_v5", minCount: 3, maxCount: 200 });
      cluster.addNodePool("gpu", { vmSize: "Standard_NC4as_T4_v3", minCount: 0, maxCount: 30 });
      let message = "";
      try {
        Testing.synth(stack, true);
      } catch (e) {
        message = (e as Error).message;
      }
      expect(message).toContain(
        `${path}: subnet "snet-aks" (10.0.1.0/24) holds 251 nodes (a /24 less Azure's 5 reserved addresses), and the node pools need 259 at full scale with upgrade surge (system 5+1, app 200+20, gpu 30+3); use a /23 or larger subnet (it holds 507), or lower maxCount`,
      );
    });

    test("the document's pools fit a /24 with Overlay", () => {
      const { stack, build } = aksStack({}, "10.0.1.0/24");
      const cluster = build({ systemPool: { vmSize: "Standard_D4s_v3", minCount: 3, maxCount: 5 } });
      cluster.addNodePool("app", { vmSize: "Standard_D8s_v3", minCount: 3, maxCount: 20 });
      cluster.addNodePool("gpu", { vmSize: "Standard_NC4as_T4_v3", minCount: 1, maxCount: 10 });
      expect(() => Testing.synth(stack, true)).not.toThrow();
    });
  });

  describe("subnet sizing helpers", () => {
    test("surge rounds a percentage up; a count is taken as is", () => {
      expect(surgeNodes(20)).toBe(2);
      expect(surgeNodes(5)).toBe(1);
      expect(surgeNodes(10, "33%")).toBe(4);
      expect(surgeNodes(10, "3")).toBe(3);
    });

    test("nodeSubnetAddressesNeeded adds every pool's max and surge and Azure's 5; subnetNodeCapacity", () => {
      expect(nodeSubnetAddressesNeeded([{ name: "system", maxCount: 5 }, { name: "app", maxCount: 20 }, { name: "gpu", maxCount: 10 }])).toBe(5 + 1 + 20 + 2 + 10 + 1 + 5);
      expect(subnetNodeCapacity(24)).toBe(251);
      expect(subnetNodeCapacity(28)).toBe(11);
    });
  });
});
