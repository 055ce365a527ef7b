import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { TerraformStack, Testing } from "cdktf";
import { StorageAccount } from "../../../lib/data/storage-account";
import { VnetWithSubnets } from "../../../lib/network/vnet-with-subnets";
import { evaluate } from "../../../lib/policy/engine";
import { AZURE_RULES } from "../../../lib/policy/rules";
import { ManagedIdentity } from "../../../lib/security/managed-identity";
import { FunctionApp, type FunctionAppProps } from "../../../lib/web/function-app";
import { expectValidationError, onlyResource, resourcesOf, synthJson, testStack, testSubnet } from "../../helpers/stack";

type Extra = Partial<FunctionAppProps>;

/** A stack with an identity and a host StorageAccount, and a builder for a FunctionApp `Fn`. */
function fnStack(options: Parameters<typeof testStack>[0] = {}) {
  const { stack, rg } = testStack(options);
  const identity = new ManagedIdentity(stack, "Identity", { resourceGroup: rg, instance: "func" });
  const storage = new StorageAccount(stack, "Storage", { resourceGroup: rg, instance: "func" });
  const build = (extra: Extra = {}) =>
    new FunctionApp(stack, "Fn", { resourceGroup: rg, identity, hostStorage: storage, plan: { kind: "ElasticPremium", sku: "EP1", preWarmedInstances: 2, maximumElasticWorkers: 100 }, ...extra });
  return { stack, rg, identity, storage, build };
}

const FLEX = { kind: "FlexConsumption", instanceMemoryMb: 2048, maximumInstanceCount: 100 } as const;

describe("FunctionApp on Elastic Premium (the 9Vectors Growth tier: EP1, 2 pre-warmed, up to 100)", () => {
  test("plan, app and identity-based host storage", () => {
    const { stack, build } = fnStack();
    build();
    const json = synthJson(stack);
    const plan = onlyResource(json, "azurerm_service_plan");
    expect(plan).toMatchObject({ name: "asp-demo-dev-eus2-func", os_type: "Linux", sku_name: "EP1", worker_count: 1, maximum_elastic_worker_count: 100 });
    expect(plan.zone_balancing_enabled).toBeUndefined();
    const app = onlyResource(json, "azurerm_linux_function_app");
    expect(app).toMatchObject({
      functions_extension_version: "~4",
      https_only: true,
      ftp_publish_basic_authentication_enabled: false,
      webdeploy_publish_basic_authentication_enabled: false,
      public_network_access_enabled: true,
      storage_uses_managed_identity: true,
      content_share_force_disabled: true,
      identity: { type: "UserAssigned" },
    });
    expect(app.name).toMatch(/^func-demo-dev-eus2-[a-z0-9]{4}$/);
    expect(app.storage_account_access_key).toBeUndefined();
    expect(app.storage_account_name).toMatch(/^stdemodeveus2func[a-z0-9]{4}$/);
    expect(app.site_config).toMatchObject({
      application_stack: { node_version: "22" },
      minimum_tls_version: "1.2",
      scm_minimum_tls_version: "1.2",
      ftps_state: "Disabled",
      remote_debugging_enabled: false,
      http2_enabled: true,
      pre_warmed_instance_count: 2,
      elastic_instance_minimum: 1,
    });
    const settings = app.app_settings as Record<string, string>;
    expect(settings.AzureWebJobsStorage__credential).toBe("managedidentity");
    expect(settings.AzureWebJobsStorage__clientId).toMatch(/azurerm_user_assigned_identity\..*\.client_id/);
    expect(settings.WEBSITE_RUN_FROM_PACKAGE).toMatch(/^https:\/\/stdemodeveus2func[a-z0-9]{4}\.blob\.core\.windows\.net\/app-package\/app\.zip$/);
    expect(settings.WEBSITE_RUN_FROM_PACKAGE_BLOB_MI_RESOURCE_ID).toMatch(/azurerm_user_assigned_identity\..*\.id/);
    expect(Object.keys(settings).some((k) => /CONNECTIONSTRING|AccountKey/i.test(k) || /AccountKey=/.test(settings[k]))).toBe(false);
    // The deployment container is created in the StorageAccount; the host gets its three roles.
    expect(Object.values(resourcesOf(json, "azurerm_storage_container")).map((c) => c.name)).toEqual(["app-package"]);
    const roles = Object.values(resourcesOf(json, "azurerm_role_assignment")).map((r) => r.role_definition_name).sort();
    expect(roles).toEqual(["Storage Blob Data Owner", "Storage Queue Data Contributor", "Storage Table Data Contributor"]);
  });

  test("VNet integration: route-all and runtime scale monitoring, into a subnet delegated to Microsoft.Web/serverFarms", () => {
    const { stack, rg, build } = fnStack();
    const vnet = new VnetWithSubnets(stack, "Network", {
      resourceGroup: rg,
      addressSpace: ["10.0.0.0/16"],
      subnets: [{ name: "func", addressPrefix: "10.0.1.0/26", delegation: "Microsoft.Web/serverFarms" }],
    });
    build({ virtualNetworkSubnet: vnet.subnet("func") });
    const app = onlyResource(synthJson(stack), "azurerm_linux_function_app");
    expect(app.virtual_network_subnet_id).toMatch(/azurerm_subnet\..*\.id/);
    expect(app.site_config).toMatchObject({ vnet_route_all_enabled: true, runtime_scale_monitoring_enabled: true });
  });

  test("a subnet without the Microsoft.Web/serverFarms delegation is refused", () => {
    const { stack, rg, build } = fnStack();
    const vnet = new VnetWithSubnets(stack, "Network", {
      resourceGroup: rg,
      addressSpace: ["10.0.0.0/16"],
      subnets: [{ name: "func", addressPrefix: "10.0.1.0/26", delegation: { service: "Microsoft.App/environments" } }],
    });
    expectValidationError(
      () => build({ virtualNetworkSubnet: vnet.subnet("func") }),
      'test/Fn: virtualNetworkSubnet "snet-func" is not delegated to Microsoft.Web/serverFarms (its delegations: Microsoft.App/environments); a ElasticPremium app integrates only into a subnet delegated to Microsoft.Web/serverFarms: set it on the subnet\'s SubnetSpec',
    );
  });

  test("a subnet whose delegations are unknown is accepted (Azure checks it at apply)", () => {
    const { stack, rg, build } = fnStack();
    expect(() => build({ virtualNetworkSubnet: testSubnet({ stack, rg }, "snet-func") })).not.toThrow();
  });

  test("zone balancing: two instances minimum, in a region with zones", () => {
    const { stack, build } = fnStack();
    build({ plan: { kind: "ElasticPremium", sku: "EP2", zoneBalancing: true, maximumElasticWorkers: 30 } });
    expect(onlyResource(synthJson(stack), "azurerm_service_plan")).toMatchObject({ sku_name: "EP2", zone_balancing_enabled: true, worker_count: 2 });
    const other = fnStack();
    expectValidationError(
      () => other.build({ plan: { kind: "ElasticPremium", zoneBalancing: true, minimumInstances: 1 } }),
      "test/Fn: plan.minimumInstances 1 is out of range (allowed: 2 to plan.maximumElasticWorkers 20 with zoneBalancing)",
    );
  });

  test("health check path and function timeout", () => {
    const { stack, build } = fnStack();
    build({ healthCheckPath: "/api/health", functionTimeoutMinutes: 10 });
    const app = onlyResource(synthJson(stack), "azurerm_linux_function_app");
    expect(app.site_config).toMatchObject({ health_check_path: "/api/health", health_check_eviction_time_in_min: 5 });
    expect((app.app_settings as Record<string, string>).AzureFunctionsJobHost__functionTimeout).toBe("00:10:00");
  });

  test.each([
    [{ sku: "P1v3" }, 'test/Fn: plan.sku "P1v3" is not an Elastic Premium SKU (allowed: EP1, EP2, EP3; P-series SKUs are Dedicated App Service plans, which do not scale by events)'],
    [{ maximumElasticWorkers: 101 }, "test/Fn: plan.maximumElasticWorkers 101 is out of range (allowed: 1 to 100, an Elastic Premium plan's largest burst; Linux plans reach 100 only in some regions)"],
    [{ maximumElasticWorkers: 0 }, "test/Fn: plan.maximumElasticWorkers 0 is out of range (allowed: 1 to 100, an Elastic Premium plan's largest burst; Linux plans reach 100 only in some regions)"],
    [{ maximumElasticWorkers: 10, minimumInstances: 11 }, "test/Fn: plan.minimumInstances 11 is out of range (allowed: 1 to plan.maximumElasticWorkers 10)"],
    [{ maximumElasticWorkers: 10, preWarmedInstances: 11 }, "test/Fn: plan.preWarmedInstances 11 is out of range (allowed: 0 to plan.maximumElasticWorkers 10: instances are pre-warmed only up to the plan's maximum)"],
  ])("Elastic Premium limits %j", (plan, message) => {
    const { build } = fnStack();
    expectValidationError(() => build({ plan: { kind: "ElasticPremium", ...plan } as FunctionAppProps["plan"] }), message);
  });

  test("zone balancing in a region without zones", () => {
    const { stack, rg } = testStack({ environment: { location: "westus" } });
    const identity = new ManagedIdentity(stack, "Identity", { resourceGroup: rg, instance: "func" });
    const build = () =>
      new FunctionApp(stack, "Fn", { resourceGroup: rg, identity, hostStorage: { id: "/subscriptions/0/st", name: "stfunc" }, plan: { kind: "ElasticPremium", zoneBalancing: true } });
    expectValidationError(build, 'test/Fn: plan.zoneBalancing needs availability zones, and region "westus" has none');
  });
});

describe("FunctionApp on Flex Consumption (the Startup tier, instead of the retiring Linux Consumption plan)", () => {
  test("FC1 plan and a Flex app deploying into the host storage with its identity", () => {
    const { stack, build } = fnStack();
    build({ plan: { ...FLEX, alwaysReady: [{ name: "http", instanceCount: 1 }] } });
    const json = synthJson(stack);
    expect(onlyResource(json, "azurerm_service_plan")).toMatchObject({ os_type: "Linux", sku_name: "FC1" });
    expect(resourcesOf(json, "azurerm_linux_function_app")).toEqual({});
    const app = onlyResource(json, "azurerm_function_app_flex_consumption");
    expect(app).toMatchObject({
      runtime_name: "node",
      runtime_version: "22",
      instance_memory_in_mb: 2048,
      maximum_instance_count: 100,
      always_ready: [{ name: "http", instance_count: 1 }],
      storage_container_type: "blobContainer",
      storage_authentication_type: "UserAssignedIdentity",
      https_only: true,
      webdeploy_publish_basic_authentication_enabled: false,
      site_config: { minimum_tls_version: "1.2", scm_minimum_tls_version: "1.2", remote_debugging_enabled: false },
    });
    expect(app.storage_access_key).toBeUndefined();
    expect(app.storage_user_assigned_identity_id).toMatch(/azurerm_user_assigned_identity\..*\.id/);
    expect(app.storage_container_endpoint).toMatch(/^https:\/\/stdemodeveus2func[a-z0-9]{4}\.blob\.core\.windows\.net\/app-package$/);
    const settings = app.app_settings as Record<string, string>;
    expect(settings.AzureWebJobsStorage__accountName).toMatch(/^stdemodeveus2func[a-z0-9]{4}$/);
    expect(settings.AzureWebJobsStorage__credential).toBe("managedidentity");
    expect(settings.WEBSITE_RUN_FROM_PACKAGE).toBeUndefined();
  });

  test("VNet integration needs a subnet delegated to Microsoft.App/environments", () => {
    const { stack, rg, build } = fnStack();
    const vnet = new VnetWithSubnets(stack, "Network", {
      resourceGroup: rg,
      addressSpace: ["10.0.0.0/16"],
      subnets: [
        { name: "flex", addressPrefix: "10.0.1.0/26", delegation: { service: "Microsoft.App/environments" } },
        { name: "web", addressPrefix: "10.0.2.0/26", delegation: "Microsoft.Web/serverFarms" },
      ],
    });
    expectValidationError(
      () => build({ plan: FLEX, virtualNetworkSubnet: vnet.subnet("web") }),
      'test/Fn: virtualNetworkSubnet "snet-web" is not delegated to Microsoft.App/environments (its delegations: Microsoft.Web/serverFarms); a FlexConsumption app integrates only into a subnet delegated to Microsoft.App/environments: set it on the subnet\'s SubnetSpec',
    );
    const ok = fnStack();
    const vnet2 = new VnetWithSubnets(ok.stack, "Network", {
      resourceGroup: ok.rg,
      addressSpace: ["10.0.0.0/16"],
      subnets: [{ name: "flex", addressPrefix: "10.0.1.0/26", delegation: { service: "Microsoft.App/environments" } }],
    });
    ok.build({ plan: FLEX, virtualNetworkSubnet: vnet2.subnet("flex") });
    const app = onlyResource(synthJson(ok.stack), "azurerm_function_app_flex_consumption");
    expect(app.virtual_network_subnet_id).toMatch(/azurerm_subnet\..*\.id/);
    expect(app.site_config).toMatchObject({ vnet_route_all_enabled: true });
  });

  test.each([
    [{ instanceMemoryMb: 1024 }, "test/Fn: plan.instanceMemoryMb 1024 is not a Flex Consumption instance size (allowed: 512, 2048, 4096)"],
    [{ maximumInstanceCount: 39 }, "test/Fn: plan.maximumInstanceCount 39 is out of range (allowed: 40 to 1000)"],
    [{ maximumInstanceCount: 1001 }, "test/Fn: plan.maximumInstanceCount 1001 is out of range (allowed: 40 to 1000)"],
    [{ httpConcurrency: 0 }, "test/Fn: plan.httpConcurrency 0 is out of range (allowed: 1 to 1000)"],
    [{ alwaysReady: [{ name: "queue", instanceCount: 1 }] }, 'test/Fn: plan.alwaysReady[0].name "queue" is not a scale group (allowed: "http", "blob", "durable" or "function:<function name>")'],
    [{ alwaysReady: [{ name: "http", instanceCount: 1 }, { name: "HTTP", instanceCount: 1 }] }, 'test/Fn: plan.alwaysReady group "http" is defined twice'],
    [{ maximumInstanceCount: 40, alwaysReady: [{ name: "http", instanceCount: 30 }, { name: "function:exports", instanceCount: 11 }] }, "test/Fn: plan.alwaysReady keeps 41 instances ready, more than plan.maximumInstanceCount 40 (allowed: at most the maximum instance count in all)"],
  ])("Flex Consumption limits %j", (plan, message) => {
    const { build } = fnStack();
    expectValidationError(() => build({ plan: { kind: "FlexConsumption", ...plan } as FunctionAppProps["plan"] }), message);
  });

  test("Elastic Premium-only props are refused on Flex", () => {
    const { build } = fnStack();
    expectValidationError(() => build({ plan: FLEX, healthCheckPath: "/api/health" }), 'test/Fn: healthCheckPath "/api/health" is set on a Flex Consumption app (allowed: only with plan.kind ElasticPremium; Flex Consumption has no health check)');
    const other = fnStack();
    expectValidationError(() => other.build({ plan: FLEX, packageBlobName: "x.zip" }), 'test/Fn: packageBlobName "x.zip" is set on a Flex Consumption app (allowed: only with plan.kind ElasticPremium; Flex Consumption deploys into deploymentContainer itself)');
  });
});

describe("FunctionApp validation shared by both plans", () => {
  test("an unknown plan kind names the retiring Linux Consumption plan", () => {
    const { build } = fnStack();
    expectValidationError(
      () => build({ plan: { kind: "Consumption" } as unknown as FunctionAppProps["plan"] }),
      'test/Fn: plan.kind "Consumption" is not a hosting plan this construct offers (allowed: FlexConsumption, ElasticPremium; the Linux Consumption plan retires on 2028-09-30 and Flex Consumption replaces it)',
    );
  });

  test.each(["FlexConsumption", "ElasticPremium"] as const)("runtime versions on %s", (kind) => {
    const { build } = fnStack();
    expectValidationError(
      () => build({ plan: kind === "FlexConsumption" ? FLEX : { kind }, runtime: { node: "18" } as unknown as FunctionAppProps["runtime"] }),
      `test/Fn: runtime.node "18" is not available on the ${kind} plan (allowed: 20, 22; "24" needs a newer azurerm provider than 4.55)`,
    );
  });

  test("app settings the construct manages are refused", () => {
    const { build } = fnStack();
    expectValidationError(
      () => build({ appSettings: { AzureWebJobsStorage: "DefaultEndpointsProtocol=https;AccountName=x;AccountKey=y" } }),
      'test/Fn: appSettings "AzureWebJobsStorage" is managed by FunctionApp (allowed: other keys; host storage, the deployment package, Application Insights and functionTimeoutMinutes have props, trigger connections use addConnection)',
    );
  });

  test("functionTimeoutMinutes is a whole number of minutes", () => {
    const { build } = fnStack();
    expectValidationError(() => build({ functionTimeoutMinutes: 0 }), "test/Fn: functionTimeoutMinutes 0 is out of range (allowed: 1 to 10080)");
  });

  test("a deployment container name Azure rejects", () => {
    const { build } = fnStack();
    expect(() => build({ deploymentContainer: "App_Package" })).toThrow(/DeploymentContainer\[App_Package\]/);
  });
});

describe("identity-based connections", () => {
  test("Service Bus, Cosmos DB, Event Hubs and Storage settings with the identity's client id", () => {
    const { stack, build } = fnStack();
    const fn = build();
    fn.addConnection("ServiceBus", { kind: "serviceBus", fullyQualifiedNamespace: "sb-9v-prod.servicebus.windows.net" });
    fn.addConnection("Cosmos", { kind: "cosmosDb", accountEndpoint: "https://cosmos-9v-prod.documents.azure.com:443/" });
    fn.addConnection("Events", { kind: "eventHubs", fullyQualifiedNamespace: "evh-9v-prod.servicebus.windows.net" });
    const added = fn.addConnection("Uploads", { kind: "storage", accountName: "st9vprod", services: ["blob", "queue", "table"] });
    expect(Object.keys(added)).toEqual(["Uploads__blobServiceUri", "Uploads__queueServiceUri", "Uploads__tableServiceUri", "Uploads__credential", "Uploads__clientId"]);
    const settings = onlyResource(synthJson(stack), "azurerm_linux_function_app").app_settings as Record<string, string>;
    expect(settings).toMatchObject({
      ServiceBus__fullyQualifiedNamespace: "sb-9v-prod.servicebus.windows.net",
      ServiceBus__credential: "managedidentity",
      Cosmos__accountEndpoint: "https://cosmos-9v-prod.documents.azure.com:443/",
      Cosmos__credential: "managedidentity",
      Events__fullyQualifiedNamespace: "evh-9v-prod.servicebus.windows.net",
      Uploads__blobServiceUri: "https://st9vprod.blob.core.windows.net",
      Uploads__queueServiceUri: "https://st9vprod.queue.core.windows.net",
      Uploads__tableServiceUri: "https://st9vprod.table.core.windows.net",
    });
    expect(settings.ServiceBus__clientId).toMatch(/azurerm_user_assigned_identity\..*\.client_id/);
    // The host storage settings are still there.
    expect(settings.AzureWebJobsStorage__credential).toBe("managedidentity");
  });

  test("on a Flex Consumption app too", () => {
    const { stack, build } = fnStack();
    build({ plan: FLEX }).addConnection("ServiceBus", { kind: "serviceBus", fullyQualifiedNamespace: "sb-9v-dev.servicebus.windows.net" });
    const settings = onlyResource(synthJson(stack), "azurerm_function_app_flex_consumption").app_settings as Record<string, string>;
    expect(settings.ServiceBus__fullyQualifiedNamespace).toBe("sb-9v-dev.servicebus.windows.net");
  });

  test.each([
    ["Service-Bus", { kind: "serviceBus", fullyQualifiedNamespace: "sb-x1234.servicebus.windows.net" }, 'test/Fn: connection name "Service-Bus" is not a setting prefix (allowed: a letter, then letters, digits and underscores, e.g. "ServiceBus")'],
    ["AzureWebJobsStorage", { kind: "storage", accountName: "st" }, 'test/Fn: connection name "AzureWebJobsStorage" is the host storage connection (allowed: another name; the host storage is set from hostStorage)'],
    ["Bus", { kind: "serviceBus", fullyQualifiedNamespace: "Endpoint=sb://sb-x1234.servicebus.windows.net/;SharedAccessKeyName=k" }, 'test/Fn: connection "Bus" fullyQualifiedNamespace "Endpoint=sb://sb-x1234.servicebus.windows.net/;SharedAccessKeyName=k" is not a Service Bus namespace host name (allowed: "<namespace>.servicebus.windows.net", without scheme or port)'],
    ["Db", { kind: "cosmosDb", accountEndpoint: "AccountEndpoint=https://x.documents.azure.com:443/;AccountKey=k" }, 'test/Fn: connection "Db" accountEndpoint "AccountEndpoint=https://x.documents.azure.com:443/;AccountKey=k" is not a Cosmos DB account endpoint (allowed: "https://<account>.documents.azure.com:443/")'],
    ["Files", { kind: "storage", accountName: "st", services: [] }, 'test/Fn: connection "Files" lists no storage services (allowed: one or more of blob, queue, table)'],
  ] as const)("connection %s is refused", (name, target, message) => {
    const { build } = fnStack();
    const fn = build();
    expectValidationError(() => fn.addConnection(name, target as never), message);
  });

  test("a connection name used twice, or already in appSettings", () => {
    const { build } = fnStack();
    const fn = build({ appSettings: { Mail__endpoint: "https://acs.example" } });
    fn.addConnection("Bus", { kind: "serviceBus", fullyQualifiedNamespace: "sb-x1234.servicebus.windows.net" });
    expectValidationError(() => fn.addConnection("Bus", { kind: "serviceBus", fullyQualifiedNamespace: "sb-x1234.servicebus.windows.net" }), 'test/Fn: connection "Bus" is defined twice');
    expectValidationError(() => fn.addConnection("Mail", { kind: "storage", accountName: "st" }), 'test/Fn: connection "Mail" is defined twice');
  });
});

describe("network, monitoring and access", () => {
  test("private endpoint (sites) turns public access off by default", () => {
    const { stack, rg, build } = fnStack();
    build({ privateEndpoints: [{ subnet: testSubnet({ stack, rg }) }] });
    const json = synthJson(stack);
    expect(onlyResource(json, "azurerm_linux_function_app").public_network_access_enabled).toBe(false);
    const endpoint = onlyResource(json, "azurerm_private_endpoint");
    expect(endpoint.name).toBe("pep-demo-dev-eus2-func");
    expect(endpoint.private_service_connection).toMatchObject({ subresource_names: ["sites"] });
    expect(JSON.stringify(endpoint.private_dns_zone_group)).toContain("privatelinkazurewebsitesnet");
  });

  test("Application Insights with Entra ID authentication and diagnostic settings", () => {
    const { stack, build } = fnStack();
    const fn = build({
      applicationInsights: { connectionString: "InstrumentationKey=00000000-0000-0000-0000-000000000000", id: "/subscriptions/0/resourceGroups/rg/providers/Microsoft.Insights/components/appi" },
      diagnosticSettings: { workspaceId: "/subscriptions/0/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/log" },
    });
    const json = synthJson(stack);
    const app = onlyResource(json, "azurerm_linux_function_app");
    expect(app.site_config).toMatchObject({ application_insights_connection_string: "InstrumentationKey=00000000-0000-0000-0000-000000000000" });
    expect((app.app_settings as Record<string, string>).APPLICATIONINSIGHTS_AUTHENTICATION_STRING).toMatch(/^Authorization=AAD;ClientId=\$\{azurerm_user_assigned_identity\..*\.client_id\}$/);
    expect(fn.insightsGrant).toBeDefined();
    expect(Object.values(resourcesOf(json, "azurerm_role_assignment")).some((r) => r.role_definition_name === "Monitoring Metrics Publisher")).toBe(true);
    expect(onlyResource(json, "azurerm_monitor_diagnostic_setting")).toMatchObject({ enabled_log: [{ category_group: "allLogs" }] });
  });

  test("grantHostStorage: false leaves the roles to the caller", () => {
    const { stack, build } = fnStack();
    const fn = build({ grantHostStorage: false });
    expect(fn.hostStorageGrants).toEqual([]);
    expect(resourcesOf(synthJson(stack), "azurerm_role_assignment")).toEqual({});
  });

  test("two function apps in one stack: instances keep names and plans apart", () => {
    const { stack, rg, identity, storage } = fnStack();
    new FunctionApp(stack, "Docs", { resourceGroup: rg, identity, hostStorage: storage, instance: "docs", plan: FLEX, grantHostStorage: false });
    new FunctionApp(stack, "Reports", { resourceGroup: rg, identity, hostStorage: storage, instance: "reports", plan: FLEX, deploymentContainer: "reports-package", grantHostStorage: false });
    const json = synthJson(stack);
    expect(Object.values(resourcesOf(json, "azurerm_service_plan")).map((p) => p.name).sort()).toEqual(["asp-demo-dev-eus2-docs", "asp-demo-dev-eus2-reports"]);
    expect(Object.values(resourcesOf(json, "azurerm_storage_container")).map((c) => c.name).sort()).toEqual(["app-package", "reports-package"]);
  });
});

describe("in a plain TerraformStack", () => {
  test("explicit names, an existing storage account by id and name", () => {
    const stack = new TerraformStack(Testing.app(), "plain");
    new AzurermProvider(stack, "azurerm", { features: [{}] });
    const rg = { name: "rg-fn", location: "eastus2", id: "/subscriptions/0/resourceGroups/rg-fn" };
    const identity = { id: "/subscriptions/0/resourceGroups/rg-fn/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-fn", principalId: "p", clientId: "c" };
    const fn = new FunctionApp(stack, "Fn", {
      resourceGroup: rg,
      name: "func-contoso-reports",
      planName: "asp-contoso-reports",
      identity,
      hostStorage: { id: "/subscriptions/0/resourceGroups/rg-fn/providers/Microsoft.Storage/storageAccounts/stcontoso", name: "stcontoso" },
      plan: { kind: "FlexConsumption", instanceMemoryMb: 4096 },
    });
    expect(fn.name).toBe("func-contoso-reports");
    const json = synthJson(stack);
    expect(onlyResource(json, "azurerm_service_plan").name).toBe("asp-contoso-reports");
    expect(onlyResource(json, "azurerm_function_app_flex_consumption")).toMatchObject({
      name: "func-contoso-reports",
      instance_memory_in_mb: 4096,
      storage_container_endpoint: "https://stcontoso.blob.core.windows.net/app-package",
      app_settings: { AzureWebJobsStorage__accountName: "stcontoso", AzureWebJobsStorage__clientId: "c" },
    });
    expect(resourcesOf(json, "azurerm_storage_container")).toEqual({});
  });

  test("without names it asks for them", () => {
    const stack = new TerraformStack(Testing.app(), "plain");
    const rg = { name: "rg-fn", location: "eastus2", id: "/subscriptions/0/resourceGroups/rg-fn" };
    expect(
      () =>
        new FunctionApp(stack, "Fn", {
          resourceGroup: rg,
          identity: { id: "i", principalId: "p", clientId: "c" },
          hostStorage: { id: "s", name: "stcontoso" },
          plan: { kind: "ElasticPremium" },
        }),
    ).toThrow("plain/Fn: no name given and no AzureStack (or BlueprintStack) to generate one; pass the `name` prop");
  });
});

describe("FunctionApp under the rule pack", () => {
  function findings(extra: Extra): string[] {
    const { stack, rg, build } = fnStack();
    const vnet = new VnetWithSubnets(stack, "Network", {
      resourceGroup: rg,
      addressSpace: ["10.0.0.0/16"],
      subnets: [
        { name: "func", addressPrefix: "10.0.1.0/26", delegation: extra.plan?.kind === "FlexConsumption" ? { service: "Microsoft.App/environments" } : "Microsoft.Web/serverFarms" },
        { name: "endpoints", addressPrefix: "10.0.2.0/24" },
      ],
    });
    build({ virtualNetworkSubnet: vnet.subnet("func"), privateEndpoints: [{ subnet: vnet.subnet("endpoints") }], ...extra });
    const report = evaluate(AZURE_RULES, { name: "test", json: synthJson(stack), date: "2026-11-29" }, []);
    return report.findings.filter((f) => /function_app|service_plan/.test(f.resourceType)).map((f) => `${f.ruleId} ${f.severity} ${f.message}`).sort();
  }

  test("Elastic Premium: only the Node.js 22 end-of-life warning (the newest version azurerm 4.55 accepts) and the missing health check", () => {
    expect(findings({})).toEqual([
      "AZ-APP-008 warning site_config.health_check_path is unset (App Service does not probe the instances)",
      'AZ-LIFE-001 warning site_config.application_stack.node_version "22": Node.js 22 LTS on App Service (Linux) reaches end of support on 2027-04-30, in 152 days',
    ]);
    expect(findings({ healthCheckPath: "/api/health" })).toHaveLength(1);
  });

  test("Flex Consumption: only the Node.js 22 warning", () => {
    expect(findings({ plan: FLEX })).toEqual([
      'AZ-LIFE-001 warning runtime_version "22": Node.js 22 LTS on App Service (Linux) reaches end of support on 2027-04-30, in 152 days',
    ]);
  });
});
