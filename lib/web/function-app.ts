import { FunctionAppFlexConsumption } from "@cdktf/provider-azurerm/lib/function-app-flex-consumption";
import { LinuxFunctionApp } from "@cdktf/provider-azurerm/lib/linux-function-app";
import type { MonitorDiagnosticSetting } from "@cdktf/provider-azurerm/lib/monitor-diagnostic-setting";
import type { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { ServicePlan } from "@cdktf/provider-azurerm/lib/service-plan";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { resourceName } from "../core/azure-stack";
import { checkUnique, checkWholeNumber, requireZones } from "../core/checks";
import { ValidationError } from "../core/errors";
import type { IManagedIdentity, IResourceGroup } from "../core/interfaces";
import { checkName } from "../core/naming";
import type { ISubnet, PrivateEndpointProps } from "../network/interfaces";
import { type PrivateEndpoint, addPrivateEndpoints } from "../network/private-endpoint";
import { type DiagnosticSettingsProps, addDiagnosticSetting } from "../observability/diagnostic-settings";
import { grantRole } from "../security/role-grant";

/*
 * Sources (read 2026-11-29):
 * - Hosting plans: learn.microsoft.com/azure/azure-functions/functions-scale; Flex Consumption:
 *   learn.microsoft.com/azure/azure-functions/flex-consumption-plan (instance memory 512, 2048 and
 *   4096 MB; "The lowest maximum scale ... is 40. The highest currently supported value is 1000";
 *   subnet delegation `Microsoft.App/environments`); Premium: learn.microsoft.com/azure/azure-functions/functions-premium-plan
 *   (EP1-EP3; maximum burst per plan: Windows 100, Linux 20-100 depending on the region).
 * - Linux Consumption (Y1 on Linux) retires on 2028-09-30 and gets no new language versions;
 *   Microsoft's path is Flex Consumption (learn.microsoft.com/azure/azure-functions/functions-versions;
 *   lib/policy/lifecycle.ts row `functions-linux-consumption`). This construct offers no Y1 plan.
 * - Identity-based connections: learn.microsoft.com/azure/azure-functions/functions-reference
 *   ("Configure an identity-based connection", "Common properties for identity-based connections",
 *   "Connecting to host storage with an identity"); storage-considerations ("Create an app without
 *   Azure Files": Azure Files has no identity-based connections, so a Premium app without secrets
 *   runs from a package in a blob container, read with its managed identity).
 * - azurerm 4.55: azurerm_function_app_flex_consumption (maximum_instance_count 1-1000, default
 *   100; instance_memory_in_mb default 2048, not validated; always_ready instance_count 0-1000;
 *   storage_authentication_type UserAssignedIdentity), azurerm_linux_function_app
 *   (storage_uses_managed_identity, content_share_force_disabled, site_config
 *   pre_warmed_instance_count, elastic_instance_minimum, runtime_scale_monitoring_enabled,
 *   application_stack.node_version up to "22"), azurerm_service_plan (maximum_elastic_worker_count).
 */

/** Elastic Premium SKUs: 1, 2 and 4 cores with 3.5, 7 and 14 GB (functions-premium-plan). */
export const ELASTIC_PREMIUM_SKUS = ["EP1", "EP2", "EP3"] as const;
export type ElasticPremiumSku = (typeof ELASTIC_PREMIUM_SKUS)[number];

/** Most instances an Elastic Premium plan scales out to (Windows 100; Linux 20-100 by region). */
export const ELASTIC_PREMIUM_MAX_BURST = 100;

/** Flex Consumption instance memory sizes in MB (flex-consumption-plan, "Instance memory"). */
export const FLEX_INSTANCE_MEMORY_MB = [512, 2048, 4096] as const;
export type FlexInstanceMemoryMb = (typeof FLEX_INSTANCE_MEMORY_MB)[number];

/** The range of a Flex Consumption app's maximum instance count (Learn: lowest 40, highest 1000). */
export const FLEX_MAXIMUM_INSTANCE_COUNT = { min: 40, max: 1000 } as const;

/**
 * Node.js versions each plan accepts here: the versions both Azure Functions and azurerm 4.55
 * offer (azurerm's node_version stops at "22"; "24" needs a newer provider). Node.js 20 reached
 * its end of life on 2026-04-30 (AZ-LIFE-001 rejects it); 22 is the default.
 */
export const FUNCTION_NODE_VERSIONS = { FlexConsumption: ["20", "22"], ElasticPremium: ["20", "22"] } as const;

/** The subnet delegation regional VNet integration needs, per plan. */
export const FUNCTION_SUBNET_DELEGATIONS = { FlexConsumption: "Microsoft.App/environments", ElasticPremium: "Microsoft.Web/serverFarms" } as const;

/** Always-ready instances of one per-function scale group of a Flex Consumption app. */
export interface FlexAlwaysReady {
  /**
   * The scale group: `http` (all HTTP triggers), `blob` (Event Grid blob triggers), `durable`
   * (Durable Functions triggers), or `function:<function name>` for one other function.
   */
  readonly name: string;
  /** Instances kept running for the group (0-1000), billed while idle. */
  readonly instanceCount: number;
}

/**
 * Flex Consumption (`FC1`): Linux, event-driven per-function scale to zero, VNet integration,
 * private endpoints, identity-based deployment storage. Microsoft's successor of the Linux
 * Consumption plan, which retires on 2028-09-30.
 */
export interface FlexConsumptionPlan {
  readonly kind: "FlexConsumption";
  /** Memory of each instance: 512, 2048 or 4096 MB (CPU in proportion). @default 2048 */
  readonly instanceMemoryMb?: FlexInstanceMemoryMb;
  /** Most instances the app scales out to (40-1000). @default 100 */
  readonly maximumInstanceCount?: number;
  /** Instances kept warm per scale group (billed while idle). @default - none: every group scales from zero */
  readonly alwaysReady?: readonly FlexAlwaysReady[];
  /** Concurrent HTTP executions per instance (1-1000). @default - Azure's default for the instance memory size */
  readonly httpConcurrency?: number;
}

/**
 * Elastic Premium (`EP1`-`EP3`) on Linux: always-ready and pre-warmed instances (no cold start),
 * VNet integration, private endpoints, unbounded execution time.
 */
export interface ElasticPremiumPlan {
  readonly kind: "ElasticPremium";
  /** @default "EP1" */
  readonly sku?: ElasticPremiumSku;
  /**
   * Always-ready instances: the plan's minimum size (`worker_count`) and the app's
   * `elastic_instance_minimum`. Billed whether or not functions run.
   * @default 1 (2 with zoneBalancing)
   */
  readonly minimumInstances?: number;
  /**
   * Instances warmed as a buffer ahead of scale-out (`pre_warmed_instance_count`), at most
   * `maximumElasticWorkers`.
   * @default 1 (Azure's default)
   */
  readonly preWarmedInstances?: number;
  /**
   * The plan's maximum burst (`maximum_elastic_worker_count` on the plan; the app has no limit of
   * its own below it): 1-100. Linux plans reach 100 only in some regions (20 or 40 elsewhere:
   * "Region max scale out" in functions-premium-plan); Azure caps the plan there.
   * @default 20
   */
  readonly maximumElasticWorkers?: number;
  /**
   * Spread the plan's instances over availability zones (`zone_balancing_enabled`; fixed at
   * creation). Needs a region with zones and at least two minimum instances.
   * @default false
   */
  readonly zoneBalancing?: boolean;
}

export type FunctionAppPlan = FlexConsumptionPlan | ElasticPremiumPlan;

/** The language runtime: Node.js (the Functions v4 host). */
export interface FunctionAppRuntime {
  /** The Node.js major version: "20" or "22" (see FUNCTION_NODE_VERSIONS). */
  readonly node: "20" | "22";
}

/**
 * The storage account the Functions host keeps its state in (keys, timers, leases, blob receipts)
 * and, here, the app's deployment package: a `StorageAccount`, or `{ id, name }` of one that
 * exists. Reached with the app's identity only (no connection string); public Azure endpoints
 * (`https://<name>.blob.core.windows.net`).
 */
export interface IFunctionHostStorage {
  /** ARM id of the account: the scope of the host's role assignments. */
  readonly id: string;
  readonly name: string;
  /** Blob containers the account already has, by name (a `StorageAccount`'s). @default - none known */
  readonly containers?: Readonly<Record<string, unknown>>;
  /** Creates a private blob container (a `StorageAccount` does); used for the deployment container when it is not in `containers`. */
  addContainer?(name: string): unknown;
}

/** Application Insights the app sends telemetry to. */
export interface FunctionAppInsights {
  /** The component's connection string (`APPLICATIONINSIGHTS_CONNECTION_STRING`). */
  readonly connectionString: string;
  /**
   * ARM id of the component. With it, the app authenticates its telemetry with Microsoft Entra
   * ID: `APPLICATIONINSIGHTS_AUTHENTICATION_STRING` names the app's identity, which gets
   * `Monitoring Metrics Publisher` on the component (what a component with local authentication
   * off requires).
   * @default - none: the instrumentation key in the connection string authenticates
   */
  readonly id?: string;
}

export interface FunctionAppProps {
  readonly resourceGroup: IResourceGroup;
  /** @default - generated: `func-<workload>-<env>-<region>[-<instance>]-<suffix>` (globally unique) */
  readonly name?: string;
  /** Distinguishes several function apps in one stack, in generated names. @default - none */
  readonly instance?: string;
  /** @default - generated: `asp-<workload>-<env>-<region>-<instance or "func">` */
  readonly planName?: string;
  /** @default - the resource group's location */
  readonly location?: string;
  /** The hosting plan and its scale settings. */
  readonly plan: FunctionAppPlan;
  /** @default { node: "22" } */
  readonly runtime?: FunctionAppRuntime;
  /** The user-assigned identity the app runs as: host storage, deployment package, connections, Key Vault references. */
  readonly identity: IManagedIdentity;
  /** The Functions host's storage account, reached with `identity` (see IFunctionHostStorage). */
  readonly hostStorage: IFunctionHostStorage;
  /**
   * Blob container in `hostStorage` holding the deployment package; created when `hostStorage`
   * is a StorageAccount without it. Flex Consumption deploys into it (`storage_container_endpoint`);
   * an Elastic Premium app runs from `<container>/<packageBlobName>` (`WEBSITE_RUN_FROM_PACKAGE`,
   * read with the identity: Azure Files, the default content share, has no identity-based access).
   * @default "app-package"
   */
  readonly deploymentContainer?: string;
  /**
   * Elastic Premium: the package blob CI uploads into `deploymentContainer` (then restarts the
   * app, which syncs its triggers). Not used on Flex Consumption.
   * @default "app.zip"
   */
  readonly packageBlobName?: string;
  /**
   * Grant `identity` what the host needs on `hostStorage`: `Storage Blob Data Owner`, `Storage
   * Queue Data Contributor` and `Storage Table Data Contributor` ("Connecting to host storage
   * with an identity": blob owner for the host, queues for blob triggers and retries, tables for
   * diagnostic events). Turn off when the identity already has them (a second identical
   * assignment fails at apply).
   * @default true
   */
  readonly grantHostStorage?: boolean;
  /**
   * Subnet for regional VNet integration (`virtual_network_subnet_id`), with all outbound traffic
   * through the VNet. Flex Consumption needs a subnet delegated to `Microsoft.App/environments`,
   * Elastic Premium one delegated to `Microsoft.Web/serverFarms` (checked at synth when the
   * subnet's delegations are known). On Elastic Premium, runtime scale monitoring is turned on so
   * non-HTTP triggers behind private endpoints scale.
   * @default - no VNet integration
   */
  readonly virtualNetworkSubnet?: ISubnet;
  /**
   * Reachable from the internet (the app and its SCM/deployment endpoint). With it off, callers
   * and deployments need a private endpoint path.
   * @default - false when privateEndpoints are given, else true
   */
  readonly publicNetworkAccess?: boolean;
  /** Private endpoints for the app (`sites`, zone `privatelink.azurewebsites.net`). @default - none */
  readonly privateEndpoints?: readonly PrivateEndpointProps[];
  /** @default - no Application Insights */
  readonly applicationInsights?: FunctionAppInsights;
  /**
   * Path App Service probes on each instance (Elastic Premium; Flex Consumption has no health
   * check). The path must answer 200 only when the app works.
   * @default - none
   */
  readonly healthCheckPath?: string;
  /** Minimum TLS version of the app and its SCM site. @default "1.2" */
  readonly minimumTlsVersion?: "1.2" | "1.3";
  /**
   * Longest run of one function execution (`AzureFunctionsJobHost__functionTimeout`, which
   * overrides host.json's `functionTimeout`). Both plans default to 30 minutes and allow more.
   * @default - host.json's, else 30 minutes
   */
  readonly functionTimeoutMinutes?: number;
  /**
   * Plain app settings. Connection settings come from `addConnection`, host storage and
   * Application Insights from their props: those keys are refused here. Never put secrets here.
   * @default - none
   */
  readonly appSettings?: Readonly<Record<string, string>>;
  /** Diagnostic settings: FunctionAppLogs (`allLogs`) and metrics to Log Analytics. @default - none */
  readonly diagnosticSettings?: DiagnosticSettingsProps;
}

/** A service a function's trigger or binding connects to with the app's identity. */
export type FunctionConnectionTarget =
  /** Service Bus: `<name>__fullyQualifiedNamespace` (`<namespace>.servicebus.windows.net`). */
  | { readonly kind: "serviceBus"; readonly fullyQualifiedNamespace: string }
  /** Event Hubs: `<name>__fullyQualifiedNamespace`. */
  | { readonly kind: "eventHubs"; readonly fullyQualifiedNamespace: string }
  /** Cosmos DB (NoSQL): `<name>__accountEndpoint` (`https://<account>.documents.azure.com:443/`). */
  | { readonly kind: "cosmosDb"; readonly accountEndpoint: string }
  /**
   * Azure Storage: `<name>__blobServiceUri`, `__queueServiceUri`, `__tableServiceUri` for each of
   * `services` (public Azure endpoints of `accountName`).
   */
  | { readonly kind: "storage"; readonly accountName: string; readonly services?: readonly ("blob" | "queue" | "table")[] };

/** App setting keys this construct writes itself; `appSettings` may not set them. */
const MANAGED_SETTINGS = /^(AzureWebJobsStorage|APPLICATIONINSIGHTS_|APPINSIGHTS_|FUNCTIONS_WORKER_RUNTIME$|FUNCTIONS_EXTENSION_VERSION$|WEBSITE_RUN_FROM_PACKAGE|WEBSITE_CONTENT|AzureFunctionsJobHost__functionTimeout$)/;

/** A connection name: the `connection` property of a trigger or binding (letters, digits, underscores). */
const CONNECTION_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;

/** Scale group names (Azure lower-cases them). */
const FLEX_GROUP = /^(http|blob|durable|function:[A-Za-z0-9_-]+)$/i;

/**
 * An Azure Functions app on Linux with its own plan: Flex Consumption (Microsoft's successor of
 * the retiring Linux Consumption plan) or Elastic Premium, on Node.js. HTTPS only, TLS 1.2+,
 * FTP and basic-auth publishing off, remote debugging off, a user-assigned identity, and no
 * connection string anywhere: host storage, the deployment package and every trigger or binding
 * connection (`addConnection`) use the identity. Optional VNet integration (all outbound through
 * the VNet), private endpoints, Application Insights with Entra ID authentication and
 * diagnostic settings.
 *
 * Roles the identity needs on the targets of `addConnection` are granted by the caller, through
 * the target's intent methods (see `addConnection`).
 *
 * Construct ids: `Plan`, `App`, `HostStorage-BlobDataOwner`, `HostStorage-QueueDataContributor`,
 * `HostStorage-TableDataContributor`, `AppInsights-MetricsPublisher`, `Diagnostics`.
 */
export class FunctionApp extends Construct {
  readonly plan: ServicePlan;
  /** The app: a Flex Consumption app or a Linux function app on the Elastic Premium plan. */
  readonly resource: FunctionAppFlexConsumption | LinuxFunctionApp;
  readonly id: string;
  readonly name: string;
  readonly defaultHostname: string;
  readonly identity: IManagedIdentity;
  readonly planKind: FunctionAppPlan["kind"];
  readonly privateEndpoints: readonly PrivateEndpoint[];
  readonly diagnosticSetting?: MonitorDiagnosticSetting;
  /** The identity's role assignments on the host storage, when `grantHostStorage` is on. */
  readonly hostStorageGrants: readonly RoleAssignment[];
  /** The identity's `Monitoring Metrics Publisher` assignment on Application Insights, when `applicationInsights.id` is set. */
  readonly insightsGrant?: RoleAssignment;

  /** Every app setting, including those of addConnection. */
  private readonly settings: Record<string, string>;
  private readonly connections: Record<string, true> = {};

  constructor(scope: Construct, id: string, props: FunctionAppProps) {
    super(scope, id);
    const path = this.node.path;
    const plan = props.plan;
    if (!Token.isUnresolved(plan.kind) && plan.kind !== "FlexConsumption" && plan.kind !== "ElasticPremium") {
      throw new ValidationError(
        path,
        `plan.kind ${JSON.stringify((plan as { kind: string }).kind)} is not a hosting plan this construct offers (allowed: FlexConsumption, ElasticPremium; the Linux Consumption plan retires on 2028-09-30 and Flex Consumption replaces it)`,
      );
    }
    this.planKind = plan.kind;
    this.identity = props.identity;
    const location = props.location ?? props.resourceGroup.location;
    const runtime = props.runtime ?? { node: "22" };
    checkRuntime(path, plan.kind, runtime);
    const subnet = props.virtualNetworkSubnet;
    if (subnet) checkSubnet(path, plan.kind, subnet);
    checkWholeNumber(path, "functionTimeoutMinutes", props.functionTimeoutMinutes, 1, 10080);
    const container = props.deploymentContainer ?? "app-package";
    checkName(`${path}/DeploymentContainer[${container}]`, "storageContainer", container);
    if (plan.kind === "FlexConsumption" && props.packageBlobName !== undefined) {
      throw new ValidationError(path, `packageBlobName ${JSON.stringify(props.packageBlobName)} is set on a Flex Consumption app (allowed: only with plan.kind ElasticPremium; Flex Consumption deploys into deploymentContainer itself)`);
    }
    if (plan.kind === "FlexConsumption" && props.healthCheckPath !== undefined) {
      throw new ValidationError(path, `healthCheckPath ${JSON.stringify(props.healthCheckPath)} is set on a Flex Consumption app (allowed: only with plan.kind ElasticPremium; Flex Consumption has no health check)`);
    }

    const settings: Record<string, string> = {};
    for (const [key, value] of Object.entries(props.appSettings ?? {})) {
      if (MANAGED_SETTINGS.test(key)) {
        throw new ValidationError(
          path,
          `appSettings ${JSON.stringify(key)} is managed by FunctionApp (allowed: other keys; host storage, the deployment package, Application Insights and functionTimeoutMinutes have props, trigger connections use addConnection)`,
        );
      }
      if (key.includes("__")) this.connections[key.slice(0, key.indexOf("__"))] = true;
      settings[key] = value;
    }
    // Host storage by identity ("Connecting to host storage with an identity"). A user-assigned
    // identity needs `credential` and `clientId`; azurerm writes `__accountName` for the Linux
    // function app (storage_uses_managed_identity), the Flex app gets it here.
    settings.AzureWebJobsStorage__credential = "managedidentity";
    settings.AzureWebJobsStorage__clientId = props.identity.clientId;
    if (plan.kind === "FlexConsumption") settings.AzureWebJobsStorage__accountName = props.hostStorage.name;
    if (props.functionTimeoutMinutes !== undefined) settings.AzureFunctionsJobHost__functionTimeout = timeSpan(props.functionTimeoutMinutes);
    if (props.applicationInsights?.id !== undefined) {
      // Entra ID-authenticated telemetry with a user-assigned identity (Application Insights "Microsoft Entra authentication").
      settings.APPLICATIONINSIGHTS_AUTHENTICATION_STRING = `Authorization=AAD;ClientId=${props.identity.clientId}`;
    }
    this.settings = settings;

    const publicNetworkAccess = props.publicNetworkAccess ?? !(props.privateEndpoints && props.privateEndpoints.length > 0);
    const tls = props.minimumTlsVersion ?? "1.2";
    const blobEndpoint = `https://${props.hostStorage.name}.blob.core.windows.net`;
    if (props.hostStorage.addContainer && !Object.prototype.hasOwnProperty.call(props.hostStorage.containers ?? {}, container)) {
      props.hostStorage.addContainer(container);
    }
    const planName = resourceName(this, "appServicePlan", props.planName, props.instance ?? "func");
    const name = resourceName(this, "functionApp", props.name, props.instance);
    const identity = { type: "UserAssigned", identityIds: [props.identity.id] };

    if (plan.kind === "FlexConsumption") {
      const flex = checkFlexPlan(path, plan);
      this.plan = new ServicePlan(this, "Plan", { name: planName, location, resourceGroupName: props.resourceGroup.name, osType: "Linux", skuName: "FC1" });
      this.resource = new FunctionAppFlexConsumption(this, "App", {
        name,
        location,
        resourceGroupName: props.resourceGroup.name,
        servicePlanId: this.plan.id,
        runtimeName: "node",
        runtimeVersion: runtime.node,
        instanceMemoryInMb: flex.instanceMemoryMb,
        maximumInstanceCount: flex.maximumInstanceCount,
        alwaysReady: plan.alwaysReady?.map((g) => ({ name: g.name, instanceCount: g.instanceCount })),
        httpConcurrency: plan.httpConcurrency,
        storageContainerType: "blobContainer",
        storageContainerEndpoint: `${blobEndpoint}/${container}`,
        storageAuthenticationType: "UserAssignedIdentity",
        storageUserAssignedIdentityId: props.identity.id,
        httpsOnly: true,
        webdeployPublishBasicAuthenticationEnabled: false,
        publicNetworkAccessEnabled: publicNetworkAccess,
        virtualNetworkSubnetId: subnet?.id,
        identity,
        appSettings: settings,
        siteConfig: {
          minimumTlsVersion: tls,
          scmMinimumTlsVersion: tls,
          http2Enabled: true,
          remoteDebuggingEnabled: false,
          vnetRouteAllEnabled: subnet ? true : undefined,
          applicationInsightsConnectionString: props.applicationInsights?.connectionString,
        },
      });
    } else {
      const ep = checkPremiumPlan(path, plan, location);
      const packageBlob = props.packageBlobName ?? "app.zip";
      // Without Azure Files (no identity-based access): run from the package blob, read with the identity.
      settings.WEBSITE_RUN_FROM_PACKAGE = `${blobEndpoint}/${container}/${packageBlob}`;
      settings.WEBSITE_RUN_FROM_PACKAGE_BLOB_MI_RESOURCE_ID = props.identity.id;
      this.plan = new ServicePlan(this, "Plan", {
        name: planName,
        location,
        resourceGroupName: props.resourceGroup.name,
        osType: "Linux",
        skuName: ep.sku,
        workerCount: ep.minimumInstances,
        maximumElasticWorkerCount: ep.maximumElasticWorkers,
        zoneBalancingEnabled: ep.zoneBalancing || undefined,
      });
      this.resource = new LinuxFunctionApp(this, "App", {
        name,
        location,
        resourceGroupName: props.resourceGroup.name,
        servicePlanId: this.plan.id,
        functionsExtensionVersion: "~4",
        storageAccountName: props.hostStorage.name,
        storageUsesManagedIdentity: true,
        contentShareForceDisabled: true,
        httpsOnly: true,
        ftpPublishBasicAuthenticationEnabled: false,
        webdeployPublishBasicAuthenticationEnabled: false,
        publicNetworkAccessEnabled: publicNetworkAccess,
        virtualNetworkSubnetId: subnet?.id,
        identity,
        keyVaultReferenceIdentityId: props.identity.id,
        appSettings: settings,
        siteConfig: {
          applicationStack: { nodeVersion: runtime.node },
          minimumTlsVersion: tls,
          scmMinimumTlsVersion: tls,
          ftpsState: "Disabled",
          http2Enabled: true,
          remoteDebuggingEnabled: false,
          preWarmedInstanceCount: ep.preWarmedInstances,
          elasticInstanceMinimum: ep.minimumInstances,
          // Non-HTTP triggers behind private endpoints scale only with runtime scale monitoring
          // (functions-networking-options, "Premium plan with virtual network triggers").
          runtimeScaleMonitoringEnabled: subnet ? true : undefined,
          vnetRouteAllEnabled: subnet ? true : undefined,
          healthCheckPath: props.healthCheckPath,
          healthCheckEvictionTimeInMin: props.healthCheckPath !== undefined ? 5 : undefined,
          applicationInsightsConnectionString: props.applicationInsights?.connectionString,
        },
      });
    }
    this.id = this.resource.id;
    this.name = name;
    this.defaultHostname = this.resource.defaultHostname;

    const grants: RoleAssignment[] = [];
    if (props.grantHostStorage ?? true) {
      const principal = props.identity;
      const scopeId = props.hostStorage.id;
      grants.push(
        grantRole(this, "HostStorage-BlobDataOwner", { scope: scopeId, role: "Storage Blob Data Owner", principal }),
        grantRole(this, "HostStorage-QueueDataContributor", { scope: scopeId, role: "Storage Queue Data Contributor", principal }),
        grantRole(this, "HostStorage-TableDataContributor", { scope: scopeId, role: "Storage Table Data Contributor", principal }),
      );
    }
    this.hostStorageGrants = grants;
    if (props.applicationInsights?.id !== undefined) {
      this.insightsGrant = grantRole(this, "AppInsights-MetricsPublisher", { scope: props.applicationInsights.id, role: "Monitoring Metrics Publisher", principal: props.identity });
    }
    this.privateEndpoints = addPrivateEndpoints(this, props.privateEndpoints, {
      resourceGroup: props.resourceGroup,
      targetLocation: location,
      targetResourceId: this.resource.id,
      target: "webApp/sites",
      instance: props.instance ? `func-${props.instance}` : "func",
    });
    if (props.diagnosticSettings) this.diagnosticSetting = addDiagnosticSetting(this, "Diagnostics", this.resource.id, props.diagnosticSettings);
  }

  /**
   * An identity-based connection named `name`, the `connection` property of a trigger or binding
   * (`connection: "ServiceBus"` reads the `ServiceBus__*` settings): writes the service's setting
   * plus `<name>__credential` = `managedidentity` and `<name>__clientId` (the user-assigned
   * identity). Settings per Learn "Configure an identity-based connection". Grant the roles the
   * trigger or binding needs on the target to `app.identity` yourself:
   * - Service Bus trigger: `Azure Service Bus Data Receiver`; output binding: `Azure Service Bus Data Sender`;
   * - Event Hubs trigger: `Azure Event Hubs Data Receiver`; output: `Azure Event Hubs Data Sender`;
   * - Cosmos DB: a Cosmos DB SQL role (`Cosmos DB Built-in Data Reader` for the trigger and input,
   *   `Cosmos DB Built-in Data Contributor` for output), a data-plane assignment, not Azure RBAC;
   * - Storage queues: `Storage Queue Data Reader` and `Storage Queue Data Message Processor` for the
   *   trigger, `Storage Queue Data Contributor` and `Storage Queue Data Message Sender` for output;
   *   blobs: `Storage Blob Data Owner` for the trigger, `Storage Blob Data Contributor` for output.
   * @returns the settings written
   */
  addConnection(name: string, target: FunctionConnectionTarget): Readonly<Record<string, string>> {
    const path = this.node.path;
    if (!CONNECTION_NAME.test(name)) {
      throw new ValidationError(path, `connection name ${JSON.stringify(name)} is not a setting prefix (allowed: a letter, then letters, digits and underscores, e.g. "ServiceBus")`);
    }
    if (name === "AzureWebJobsStorage") {
      throw new ValidationError(path, `connection name "AzureWebJobsStorage" is the host storage connection (allowed: another name; the host storage is set from hostStorage)`);
    }
    checkUnique(path, "connection", name, this.connections);
    const added: Record<string, string> = {};
    switch (target.kind) {
      case "serviceBus":
      case "eventHubs":
        checkNamespace(path, name, target.fullyQualifiedNamespace, target.kind === "serviceBus" ? "Service Bus" : "Event Hubs");
        added[`${name}__fullyQualifiedNamespace`] = target.fullyQualifiedNamespace;
        break;
      case "cosmosDb":
        if (!Token.isUnresolved(target.accountEndpoint) && !/^https:\/\/[a-z0-9-]+\.documents\.azure\.com(:443)?\/?$/.test(target.accountEndpoint)) {
          throw new ValidationError(path, `connection ${JSON.stringify(name)} accountEndpoint ${JSON.stringify(target.accountEndpoint)} is not a Cosmos DB account endpoint (allowed: "https://<account>.documents.azure.com:443/")`);
        }
        added[`${name}__accountEndpoint`] = target.accountEndpoint;
        break;
      case "storage": {
        const services = target.services ?? ["blob", "queue"];
        if (services.length === 0) throw new ValidationError(path, `connection ${JSON.stringify(name)} lists no storage services (allowed: one or more of blob, queue, table)`);
        for (const service of services) added[`${name}__${service}ServiceUri`] = `https://${target.accountName}.${service}.core.windows.net`;
        break;
      }
      default:
        throw new ValidationError(path, `connection ${JSON.stringify(name)} has kind ${JSON.stringify((target as { kind: string }).kind)} (allowed: serviceBus, eventHubs, cosmosDb, storage)`);
    }
    added[`${name}__credential`] = "managedidentity";
    added[`${name}__clientId`] = this.identity.clientId;
    this.connections[name] = true;
    Object.assign(this.settings, added);
    this.resource.appSettings = { ...this.settings };
    return added;
  }
}

/** `hh:mm:ss` for a host.json timeout. */
function timeSpan(minutes: number): string {
  if (Token.isUnresolved(minutes)) return String(minutes);
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}:00`;
}

function checkRuntime(path: string, kind: FunctionAppPlan["kind"], runtime: FunctionAppRuntime): void {
  const allowed: readonly string[] = FUNCTION_NODE_VERSIONS[kind];
  if (!Token.isUnresolved(runtime.node) && !allowed.includes(runtime.node)) {
    throw new ValidationError(path, `runtime.node ${JSON.stringify(runtime.node)} is not available on the ${kind} plan (allowed: ${allowed.join(", ")}; "24" needs a newer azurerm provider than 4.55)`);
  }
}

/** VNet integration: the delegation each plan needs, when the subnet's delegations are known. */
function checkSubnet(path: string, kind: FunctionAppPlan["kind"], subnet: ISubnet): void {
  const needed = FUNCTION_SUBNET_DELEGATIONS[kind];
  if (subnet.delegations !== undefined && !subnet.delegations.includes(needed)) {
    throw new ValidationError(
      path,
      `virtualNetworkSubnet ${JSON.stringify(subnet.name)} is not delegated to ${needed} (its delegations: ${subnet.delegations.join(", ") || "none"}); a ${kind} app integrates only into a subnet delegated to ${needed}: set it on the subnet's SubnetSpec`,
    );
  }
}

function checkFlexPlan(path: string, plan: FlexConsumptionPlan): { instanceMemoryMb: number; maximumInstanceCount: number } {
  const memory = plan.instanceMemoryMb ?? 2048;
  if (!Token.isUnresolved(memory) && !(FLEX_INSTANCE_MEMORY_MB as readonly number[]).includes(memory)) {
    throw new ValidationError(path, `plan.instanceMemoryMb ${memory} is not a Flex Consumption instance size (allowed: ${FLEX_INSTANCE_MEMORY_MB.join(", ")})`);
  }
  const max = plan.maximumInstanceCount ?? 100;
  const { min: lo, max: hi } = FLEX_MAXIMUM_INSTANCE_COUNT;
  checkWholeNumber(path, "plan.maximumInstanceCount", max, lo, hi);
  checkWholeNumber(path, "plan.httpConcurrency", plan.httpConcurrency, 1, 1000);
  const groups: Record<string, true> = {};
  let total = 0;
  for (const [i, group] of (plan.alwaysReady ?? []).entries()) {
    if (!Token.isUnresolved(group.name) && !FLEX_GROUP.test(group.name)) {
      throw new ValidationError(path, `plan.alwaysReady[${i}].name ${JSON.stringify(group.name)} is not a scale group (allowed: "http", "blob", "durable" or "function:<function name>")`);
    }
    checkUnique(path, "plan.alwaysReady group", group.name.toLowerCase(), groups);
    groups[group.name.toLowerCase()] = true;
    checkWholeNumber(path, `plan.alwaysReady[${i}].instanceCount`, group.instanceCount, 0, 1000);
    if (!Token.isUnresolved(group.instanceCount)) total += group.instanceCount;
  }
  if (!Token.isUnresolved(max) && total > max) {
    throw new ValidationError(path, `plan.alwaysReady keeps ${total} instances ready, more than plan.maximumInstanceCount ${max} (allowed: at most the maximum instance count in all)`);
  }
  return { instanceMemoryMb: memory, maximumInstanceCount: max };
}

function checkPremiumPlan(
  path: string,
  plan: ElasticPremiumPlan,
  location: string,
): { sku: ElasticPremiumSku; minimumInstances: number; preWarmedInstances?: number; maximumElasticWorkers: number; zoneBalancing: boolean } {
  const sku = plan.sku ?? "EP1";
  if (!Token.isUnresolved(sku) && !(ELASTIC_PREMIUM_SKUS as readonly string[]).includes(sku)) {
    throw new ValidationError(path, `plan.sku ${JSON.stringify(sku)} is not an Elastic Premium SKU (allowed: ${ELASTIC_PREMIUM_SKUS.join(", ")}; P-series SKUs are Dedicated App Service plans, which do not scale by events)`);
  }
  const zoneBalancing = plan.zoneBalancing ?? false;
  if (zoneBalancing) requireZones(path, location, "plan.zoneBalancing");
  const max = plan.maximumElasticWorkers ?? 20;
  if (!Token.isUnresolved(max) && (!Number.isInteger(max) || max < 1 || max > ELASTIC_PREMIUM_MAX_BURST)) {
    throw new ValidationError(path, `plan.maximumElasticWorkers ${max} is out of range (allowed: 1 to ${ELASTIC_PREMIUM_MAX_BURST}, an Elastic Premium plan's largest burst; Linux plans reach 100 only in some regions)`);
  }
  const floor = zoneBalancing ? 2 : 1;
  const minimum = plan.minimumInstances ?? floor;
  if (!Token.isUnresolved(minimum) && !Token.isUnresolved(max) && (!Number.isInteger(minimum) || minimum < floor || minimum > max)) {
    throw new ValidationError(path, `plan.minimumInstances ${minimum} is out of range (allowed: ${floor} to plan.maximumElasticWorkers ${max}${zoneBalancing ? " with zoneBalancing" : ""})`);
  }
  const preWarmed = plan.preWarmedInstances;
  if (preWarmed !== undefined && !Token.isUnresolved(preWarmed) && !Token.isUnresolved(max) && (!Number.isInteger(preWarmed) || preWarmed < 0 || preWarmed > max)) {
    throw new ValidationError(path, `plan.preWarmedInstances ${preWarmed} is out of range (allowed: 0 to plan.maximumElasticWorkers ${max}: instances are pre-warmed only up to the plan's maximum)`);
  }
  return { sku, minimumInstances: minimum, preWarmedInstances: preWarmed, maximumElasticWorkers: max, zoneBalancing };
}

/** A Service Bus or Event Hubs namespace host name, when literal. */
function checkNamespace(path: string, name: string, namespace: string, service: string): void {
  if (Token.isUnresolved(namespace)) return;
  if (!/^[A-Za-z][A-Za-z0-9-]{4,48}[A-Za-z0-9]\.servicebus\.windows\.net$/.test(namespace)) {
    throw new ValidationError(path, `connection ${JSON.stringify(name)} fullyQualifiedNamespace ${JSON.stringify(namespace)} is not a ${service} namespace host name (allowed: "<namespace>.servicebus.windows.net", without scheme or port)`);
  }
}
