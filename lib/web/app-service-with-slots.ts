import { AppServiceCertificateBinding } from "@cdktf/provider-azurerm/lib/app-service-certificate-binding";
import { AppServiceCustomHostnameBinding } from "@cdktf/provider-azurerm/lib/app-service-custom-hostname-binding";
import { AppServiceManagedCertificate } from "@cdktf/provider-azurerm/lib/app-service-managed-certificate";
import { LinuxWebApp, type LinuxWebAppSiteConfig } from "@cdktf/provider-azurerm/lib/linux-web-app";
import { LinuxWebAppSlot } from "@cdktf/provider-azurerm/lib/linux-web-app-slot";
import type { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { ServicePlan } from "@cdktf/provider-azurerm/lib/service-plan";
import { Annotations, Token } from "cdktf";
import { Construct } from "constructs";
import { resourceName } from "../core/azure-stack";
import { checkUnique, checkWholeNumber, requireZones } from "../core/checks";
import { ValidationError } from "../core/errors";
import type { IManagedIdentity, IResourceGroup } from "../core/interfaces";
import { checkName } from "../core/naming";
import { knownAddressPrefix } from "../network/existing";
import type { IDnsZone, ISubnet, PrivateEndpointProps } from "../network/interfaces";
import { type PrivateEndpoint, addPrivateEndpoints } from "../network/private-endpoint";
import type { MonitorDiagnosticSetting } from "@cdktf/provider-azurerm/lib/monitor-diagnostic-setting";
import { type DiagnosticSettingsProps, addDiagnosticSetting } from "../observability/diagnostic-settings";
import { Autoscale, type AutoscaleCapacity, type AutoscaleMetricRule, type IAutoscaleTarget } from "../observability/autoscale";
import type { VaultSecret } from "../security/key-vault";
import { grantRole } from "../security/role-grant";
import { type CustomDomain, type CustomDomainProps, checkCustomDomains, customDomainHostName, customDomainId } from "./custom-domain";

/** Linux App Service plan SKUs. */
export const APP_SERVICE_SKUS = [
  "F1", "B1", "B2", "B3", "S1", "S2", "S3", "P0v3", "P1v2", "P2v2", "P3v2", "P1v3", "P2v3", "P3v3", "P1mv3", "P2mv3",
] as const;
export type AppServiceSku = (typeof APP_SERVICE_SKUS)[number];

/**
 * What an App Service pricing tier offers. Source: "App Service limits"
 * (learn.microsoft.com/azure/azure-resource-manager/management/azure-subscription-service-limits#azure-app-service-limits,
 * the table in MicrosoftDocs/azure-docs includes/azure-websites-limits.md): scale-out 1 / 3 / 10 /
 * 30 instances, staging slots per app 0 / 0 / 5 / 20, Always On, autoscale, VNet integration,
 * private endpoints, custom domains and App Service Managed Certificates (none on Free: "0
 * (azurewebsites.net subdomain only)") per tier. Zone balancing: "Reliability in Azure App Service"
 * (learn.microsoft.com/azure/reliability/reliability-app-service): Premium v2 and v3 only.
 */
export interface AppServiceTierLimits {
  readonly tier: "Free" | "Basic" | "Standard" | "Premium v2" | "Premium v3";
  /** Most instances the plan can scale out to. */
  readonly maxInstances: number;
  /** Deployment slots per app, besides production. */
  readonly slotsPerApp: number;
  readonly alwaysOn: boolean;
  readonly autoscale: boolean;
  /** Regional virtual network integration (outbound). */
  readonly vnetIntegration: boolean;
  /** Private endpoints (inbound). */
  readonly privateEndpoints: boolean;
  /** Instances spread over availability zones (`zone_balancing_enabled`). */
  readonly zoneBalancing: boolean;
  /** Custom domains, with SNI TLS bindings and free managed certificates (not on Free). */
  readonly customDomains: boolean;
}

const TIERS: ReadonlyArray<readonly [RegExp, AppServiceTierLimits]> = [
  [/^F1$/, { tier: "Free", maxInstances: 1, slotsPerApp: 0, alwaysOn: false, autoscale: false, vnetIntegration: false, privateEndpoints: false, zoneBalancing: false, customDomains: false }],
  [/^B[1-3]$/, { tier: "Basic", maxInstances: 3, slotsPerApp: 0, alwaysOn: true, autoscale: false, vnetIntegration: true, privateEndpoints: true, zoneBalancing: false, customDomains: true }],
  [/^S[1-3]$/, { tier: "Standard", maxInstances: 10, slotsPerApp: 5, alwaysOn: true, autoscale: true, vnetIntegration: true, privateEndpoints: true, zoneBalancing: false, customDomains: true }],
  [/^P\d+v2$/, { tier: "Premium v2", maxInstances: 30, slotsPerApp: 20, alwaysOn: true, autoscale: true, vnetIntegration: true, privateEndpoints: true, zoneBalancing: true, customDomains: true }],
  // P0v3-P3v3 and the memory-optimized P1mv3/P2mv3 are all the Premium v3 tier.
  [/^P\d+m?v3$/, { tier: "Premium v3", maxInstances: 30, slotsPerApp: 20, alwaysOn: true, autoscale: true, vnetIntegration: true, privateEndpoints: true, zoneBalancing: true, customDomains: true }],
];

/** The limits of `sku`'s tier; undefined for a SKU this library does not know (then nothing is checked). */
export function appServiceTierLimits(sku: string): AppServiceTierLimits | undefined {
  if (Token.isUnresolved(sku)) return undefined;
  return TIERS.find(([pattern]) => pattern.test(sku))?.[1];
}

/** Whether the SKU offers deployment slots (Standard and above). */
export function skuHasSlots(sku: string): boolean {
  return (appServiceTierLimits(sku)?.slotsPerApp ?? 1) > 0;
}

/**
 * The autoscale target for an App Service plan: its id and location, and what its SKU allows
 * (no autoscale on Free and Basic; at most 10 instances on Standard, 30 on Premium v2/v3).
 */
export function appServicePlanAutoscaleTarget(plan: { readonly id: string; readonly location: string; readonly sku: string }): IAutoscaleTarget {
  const limits = appServiceTierLimits(plan.sku);
  const description = `the ${JSON.stringify(plan.sku)} plan`;
  return {
    id: plan.id,
    location: plan.location,
    description,
    // Azure's own ceiling for an autoscale profile when the SKU is unknown (azurerm docs: 0-1000).
    maxInstances: limits?.maxInstances ?? 1000,
    autoscaleUnavailable: limits && !limits.autoscale ? `autoscale is not available on ${description} (allowed: Standard and Premium plans)` : undefined,
  };
}

/** The language runtime of a Linux web app (an app running a container image uses `container` instead). */
export type LinuxRuntime = { readonly node: "18-lts" | "20-lts" | "22-lts" } | { readonly python: "3.10" | "3.11" | "3.12" | "3.13" };

/**
 * A container registry a web app pulls its image from with its managed identity: a
 * `ContainerRegistry` of this stack, or one that exists (`{ id, loginServer }`).
 */
export interface IContainerImageRegistry {
  /** ARM id of the registry: the scope of the app identity's `AcrPull` role assignment. */
  readonly id: string;
  /** `<name>.azurecr.io`. */
  readonly loginServer: string;
}

/**
 * The container image a web app runs instead of a language runtime ("Configure a custom
 * container", learn.microsoft.com/azure/app-service/configure-custom-container). Never with
 * registry credentials: an image from `registry` is pulled with the app's user-assigned identity
 * (`AcrPull`); any other image must be public.
 */
export interface WebAppContainerProps {
  /**
   * The image, with a tag or a digest. With `registry`: the repository inside it
   * (`augeo-api:1.4.2`, `team/api@sha256:<64 hex>`). Without: a public image, its registry host
   * first (`mcr.microsoft.com/appsvc/staticsite:latest`), or a Docker Hub image (`nginx:1.27`).
   * A `latest` tag is accepted with a warning: every instance pulls it again at restart, so
   * instances can run different code.
   */
  readonly image: string;
  /**
   * The Azure Container Registry the image is in. The app pulls with its identity
   * (`container_registry_use_managed_identity`, the identity's client id) and the identity gets
   * `AcrPull` on the registry, unless `grantPull` is false.
   * @default - none: a public image, pulled anonymously
   */
  readonly registry?: IContainerImageRegistry;
  /**
   * Give the app's identity `AcrPull` on `registry` (one role assignment per identity and
   * registry in this construct). Turn off when the identity already has it, for example from
   * another AppServiceWithSlots of the same stack (a second identical assignment fails at apply).
   * @default true
   */
  readonly grantPull?: boolean;
  /**
   * The port the container listens on; anything but 80 is written as the `WEBSITES_PORT` app
   * setting (FastAPI under Gunicorn or Uvicorn usually listens on 8000).
   * @default 80 (App Service's assumption)
   */
  readonly port?: number;
  /**
   * CI deploys the image tags: Terraform creates the app and its slots with `image` and then
   * ignores `site_config[0].application_stack[0].docker_image_name`, so an apply neither undoes a
   * deployment nor a slot swap (a swap exchanges the images of production and the slot). Without
   * it, every apply sets `image` on the app and on every slot again.
   * @default false - Terraform owns the image
   */
  readonly imageManagedByCi?: boolean;
  /**
   * Pull the image over the app's VNet integration (`vnet_image_pull_enabled`), which a registry
   * reachable only through private endpoints needs. Only with `vnetIntegrationSubnet`.
   * @default - true for an image from `registry` when the plan has `vnetIntegrationSubnet`, else false
   */
  readonly vnetImagePull?: boolean;
}

/** One Linux web app in the plan. */
export interface WebAppProps {
  /**
   * Distinguishes the plan's apps in generated names (`app-<workload>-<env>-<region>-web-<suffix>`)
   * and construct ids (`App-web/App`). Required when the plan has several apps.
   * @default - none: the plan's only app, with construct ids `App` and `Slot-<slot>` directly under the construct
   */
  readonly instance?: string;
  /** @default - generated: `app-<workload>-<env>-<region>[-<instance>]-<suffix>` (globally unique) */
  readonly name?: string;
  /** The language runtime: one of `runtime` and `container`. @default - none: `container` must be set */
  readonly runtime?: LinuxRuntime;
  /**
   * A container image to run instead of a language runtime: one of `runtime` and `container`.
   * The app's slots start with the same image; deployments then give each slot its own tag
   * (`imageManagedByCi`). Health checks, settings, startup command (`appCommandLine`, the
   * container's command) and identity work as for a runtime.
   * @default - none: `runtime` must be set
   */
  readonly container?: WebAppContainerProps;
  /** Identity the app runs as; also resolves its Key Vault references. */
  readonly identity: IManagedIdentity;
  /**
   * Startup command (`site_config.app_command_line`), e.g.
   * `gunicorn -w 2 -k uvicorn.workers.UvicornWorker main:app` for FastAPI.
   * @default - the runtime's own start-up (Node: `npm start`; Python: Gunicorn on the detected app)
   */
  readonly appCommandLine?: string;
  /** Path App Service probes; unhealthy instances are replaced after 5 minutes. @default "/health" */
  readonly healthCheckPath?: string;
  /** Plain app settings. Never put secrets here: use `secretSettings`. @default - none */
  readonly appSettings?: Readonly<Record<string, string>>;
  /** Settings resolved from Key Vault at runtime (Key Vault references). @default - none */
  readonly secretSettings?: Readonly<Record<string, VaultSecret>>;
  /** Browser origins allowed to call the app (e.g. the front end's URL). @default - none */
  readonly corsAllowedOrigins?: readonly string[];
  /** Deployment slots of this app besides production. @default - the construct's `slots` */
  readonly slots?: readonly string[];
  /**
   * Reachable from the internet (the site and its SCM/deployment endpoint). The app's slots get
   * the same setting. Turn off for an app reached only through `privateEndpoints` (or Front Door
   * Private Link); deployments then need a path into the VNet too.
   * @default true (Azure's default: App Service is the public tier of these systems)
   */
  readonly publicNetworkAccess?: boolean;
  /**
   * Private endpoints for the app (`sites` sub-resource, zone `privatelink.azurewebsites.net`).
   * Its slots are not included: a slot needs its own endpoint (group id `sites-<slot>`).
   * @default - none
   */
  readonly privateEndpoints?: readonly PrivateEndpointProps[];
  /**
   * Custom domains of the app (subdomains of public DNS zones), on the production slot only: a
   * slot keeps its `<app>-<slot>.azurewebsites.net` name, and a swap moves the code, not the
   * domains. For each, the construct writes the CNAME `<subdomain>` pointing at the app's default host
   * name and the TXT `asuid.<subdomain>` with the app's domain verification id into the zone;
   * with `bind: true` it also binds the host name, issues a free App Service managed certificate
   * (Basic plans and above; at most 64 characters; DigiCert must be allowed by the zone's CAA
   * records if it has any) and binds it with SNI. See CustomDomainProps for the order of
   * delegation and binding.
   * @default - none
   */
  readonly customDomains?: readonly CustomDomainProps[];
  // FrontDoor (lib/edge/front-door.ts): origin lock-down.
  /**
   * Admit only the given Front Door profile (a `FrontDoor`, or `{ resourceGuid }` of one that
   * exists) on the app and its slots: one access restriction allowing the
   * `AzureFrontDoor.Backend` service tag with the header `X-Azure-FDID` equal to the profile's
   * `resourceGuid`, and everything else denied (`ip_restriction_default_action = "Deny"`).
   * The SCM (Kudu) site is left as it is: Front Door never routes to it, deployments from CI
   * reach it directly (with Entra ID; basic-auth publishing is off), and restricting it to Front
   * Door would lock deployments out. Needs `publicNetworkAccess` (Front Door reaches the app's
   * public endpoint; with Private Link origins no restriction is needed).
   * @default - none: the app admits any client
   */
  readonly restrictToFrontDoor?: { readonly resourceGuid: string };
  /**
   * Admit only these sources on the app and its slots (with `restrictToFrontDoor`: those too),
   * everything else denied: e.g. API Management's outbound address in front of an API
   * (`{ name: "AllowApim", ipAddress: "<ip>/32" }`). The SCM site is left as it is, as with
   * `restrictToFrontDoor`. Needs `publicNetworkAccess`.
   * @default - none
   */
  readonly allowedSources?: readonly AppAccessSource[];
}

/** One source an app admits (`allowedSources`): an IPv4 CIDR, a service tag or a subnet; priorities follow the list from 200. */
export interface AppAccessSource {
  /** Rule name, e.g. `AllowApim` (up to 32 characters). */
  readonly name: string;
  readonly ipAddress?: string;
  readonly serviceTag?: string;
  readonly virtualNetworkSubnetId?: string;
}

/** Autoscale for the plan: instance limits, and optionally other rules or notifications. */
export interface AppServiceAutoscaleProps extends AutoscaleCapacity {
  /** @default - generated: `autoscale-<workload>-<env>-<region>` */
  readonly name?: string;
  /** @default - APP_SERVICE_PLAN_SCALE_RULES: out at CPU above 70 %, memory above 80 % or an HTTP queue above 100; in at CPU below 30 %, memory below 60 % and a queue below 10 */
  readonly rules?: readonly AutoscaleMetricRule[];
  /** Addresses e-mailed on every scale action. @default - none */
  readonly notificationEmails?: readonly string[];
}

export interface AppServiceWithSlotsProps {
  readonly resourceGroup: IResourceGroup;
  /** @default - generated: `asp-<workload>-<env>-<region>[-<planInstance>]` */
  readonly planName?: string;
  /** Distinguishes several plans in one stack, in the generated plan name. @default - none */
  readonly planInstance?: string;
  /** @default - the resource group's location */
  readonly location?: string;
  /** @default "P1v3" */
  readonly sku?: AppServiceSku;
  /** The plan's web apps (at least one). With several, each needs an `instance`. */
  readonly apps: readonly WebAppProps[];
  /** Keep the apps loaded between requests. Not on Free. @default - true, except on F1 */
  readonly alwaysOn?: boolean;
  /**
   * Deployment slots (e.g. `staging`) each app gets unless it lists its own. Not on Free or Basic
   * plans; at most 5 per app on Standard, 20 on Premium.
   * @default - none
   */
  readonly slots?: readonly string[];
  /** Application Insights connection string, set on every app as APPLICATIONINSIGHTS_CONNECTION_STRING. @default - none */
  readonly applicationInsightsConnectionString?: string;
  /**
   * Subnet for regional VNet integration of every app and slot (`virtual_network_subnet_id`),
   * with all outbound traffic routed through the VNet (`vnet_route_all_enabled`), so the apps reach
   * private endpoints and resolve the VNet's private DNS zones. Linux apps need route-all for
   * Key Vault references to a vault behind a private endpoint ("Access network-restricted
   * vaults", learn.microsoft.com/azure/app-service/app-service-key-vault-references).
   * The subnet must be delegated to `Microsoft.Web/serverFarms`, used by this plan only, and /28
   * or larger (Microsoft recommends /26: learn.microsoft.com/azure/app-service/overview-vnet-integration,
   * "Subnet requirements"). Basic plans and above. A subnet that already exists
   * (`ExistingSubnet.fromId`) is accepted; its delegation, and its size unless given, cannot be
   * checked at synth.
   * @default - no VNet integration
   */
  readonly vnetIntegrationSubnet?: ISubnet;
  /**
   * Instances of the plan (`worker_count`), when there is no autoscale.
   * @default - Azure's default of one instance; two with zoneBalancing
   */
  readonly instanceCount?: number;
  /**
   * Azure Monitor autoscale for the plan (Standard and Premium plans), with the Studio rules by
   * default. The plan starts at `defaultInstances`; afterwards autoscale owns the instance count
   * (Terraform ignores changes to `worker_count`).
   * @default - no autoscale: a fixed instanceCount
   */
  readonly autoscale?: AppServiceAutoscaleProps;
  /**
   * Spread the plan's instances over the region's availability zones (`zone_balancing_enabled`).
   * Premium v2/v3 plans in regions with zones, at least two instances.
   * @default false
   */
  readonly zoneBalancing?: boolean;
  /**
   * Diagnostic settings on every app and slot: its logs (`allLogs`: HTTP, console, application,
   * audit, platform and IP security logs) and metrics go to a Log Analytics workspace, where an
   * operator queries them during an outage (`monitoring.diagnosticSettings()` for Monitoring's).
   * @default - none: logs stay in the apps' file systems only
   */
  readonly diagnosticSettings?: DiagnosticSettingsProps;
  /**
   * Days App Service keeps each app's file-system HTTP logs (on Linux, the container's log
   * stream), within a 35 MB quota. 0 keeps them until the quota rotates them.
   * @default 7
   */
  readonly httpLogRetentionDays?: number;
  /**
   * Lowest TLS version the apps and slots accept from clients (`site_config.minimum_tls_version`;
   * azurerm 4.55 accepts "1.0" to "1.3", this construct never less than "1.2"). "1.3" refuses
   * TLS 1.2 clients, Front Door included: its connections to origins use TLS 1.2 or 1.3. The
   * SCM (Kudu) site stays at 1.2, the most azurerm's `scm_minimum_tls_version` accepts.
   * @default "1.2"
   */
  readonly minimumTlsVersion?: "1.2" | "1.3";
}

/** One web app of an AppServiceWithSlots. */
export interface WebApp {
  /** The app's `instance`, undefined for a plan's single unnamed app. */
  readonly instance?: string;
  readonly resource: LinuxWebApp;
  readonly id: string;
  readonly name: string;
  readonly defaultHostname: string;
  readonly identity: IManagedIdentity;
  /** Deployment slots, by name. */
  readonly slots: Readonly<Record<string, LinuxWebAppSlot>>;
  readonly privateEndpoints: readonly PrivateEndpoint[];
  /** The app's and its slots' diagnostic settings, when `diagnosticSettings` is set. */
  readonly diagnosticSettings: readonly MonitorDiagnosticSetting[];
  /** The app identity's `AcrPull` assignment on its container registry, when this construct made it. */
  readonly acrPull?: RoleAssignment;
  /** The app's custom domains, in the order of `customDomains`. */
  readonly customDomains: readonly WebAppCustomDomain[];
}

/** A custom domain of a web app: its records, and when bound its host name and certificate bindings. */
export interface WebAppCustomDomain extends CustomDomain {
  /** The host name binding (`azurerm_app_service_custom_hostname_binding`), when bound. */
  readonly binding?: AppServiceCustomHostnameBinding;
  /** The free App Service managed certificate, when bound. */
  readonly certificate?: AppServiceManagedCertificate;
  /** The SNI binding of the certificate to the host name, when bound. */
  readonly certificateBinding?: AppServiceCertificateBinding;
}

/**
 * A Linux App Service plan with one or more web apps (each its own runtime or container image,
 * identity, settings, startup command and health check) and their deployment slots: HTTPS only,
 * TLS 1.2, FTP(S) and basic-auth publishing off, HTTP/2, a user-assigned identity, secrets only
 * as Key Vault references, container images pulled with that identity (never with registry
 * credentials). Slots get their app's configuration, so a swap changes code, not settings.
 *
 * Optional: regional VNet integration routing all outbound traffic through the VNet, private
 * endpoints per app, custom domains with free managed certificates, zone balancing, and Azure
 * Monitor autoscale for the plan. What the SKU does not offer (slots on Basic, autoscale on
 * Basic, VNet integration and custom domains on Free, zone balancing below Premium v2) is
 * rejected at synth.
 *
 * Construct ids: the plan is `Plan`; a single app without `instance` is `App` with slots
 * `Slot-<slot>`; an app with an instance lives under `App-<instance>` (`App-web/App`,
 * `App-web/Slot-staging`); next to them an app's `AcrPull` grant and, per bound custom domain,
 * `Domain-<host name>`, `Domain-<host name>-Certificate` and
 * `Domain-<host name>-CertificateBinding`; autoscale is `Autoscale`.
 */
export class AppServiceWithSlots extends Construct {
  readonly plan: ServicePlan;
  readonly sku: AppServiceSku;
  /** The plan as an autoscale target (for an Autoscale of your own). */
  readonly autoscaleTarget: IAutoscaleTarget;
  /** The plan's autoscale setting, when `autoscale` is set. */
  readonly autoscale?: Autoscale;
  /** The apps, by instance; the single unnamed app is `default`. */
  readonly apps: Readonly<Record<string, WebApp>>;
  /** The first app's web app resource (the only app, in the single-app case). */
  readonly app: LinuxWebApp;
  /** The first app's slots, by name. */
  readonly slots: Readonly<Record<string, LinuxWebAppSlot>>;
  /** The first app's id. */
  readonly id: string;
  /** The first app's name. */
  readonly name: string;
  /** The first app's default host name. */
  readonly defaultHostname: string;

  /** Host names of every app's customDomains, by zone: each once. */
  private readonly domainsTaken = new Map<IDnsZone, Set<string>>();
  /** The AcrPull grants made, one per registry and identity. */
  private readonly pullGrants: { readonly registry: IContainerImageRegistry; readonly identity: IManagedIdentity; readonly grant: RoleAssignment }[] = [];

  constructor(scope: Construct, id: string, props: AppServiceWithSlotsProps) {
    super(scope, id);
    const path = this.node.path;
    const sku = props.sku ?? "P1v3";
    this.sku = sku;
    const limits = appServiceTierLimits(sku);
    const alwaysOn = props.alwaysOn ?? (limits?.alwaysOn ?? true);
    const location = props.location ?? props.resourceGroup.location;
    if (alwaysOn && limits && !limits.alwaysOn) {
      throw new ValidationError(path, `alwaysOn is not available on the ${JSON.stringify(sku)} plan`);
    }
    const subnet = props.vnetIntegrationSubnet;
    if (subnet) checkIntegrationSubnet(path, sku, subnet);
    const zoneBalancing = props.zoneBalancing ?? false;
    if (zoneBalancing) {
      if (limits && !limits.zoneBalancing) {
        throw new ValidationError(path, `zoneBalancing needs a Premium v2 or v3 plan; ${JSON.stringify(sku)} has no zone redundancy`);
      }
      requireZones(path, location, "zoneBalancing");
    }
    const maxInstances = limits?.maxInstances ?? 1000;
    if (props.instanceCount !== undefined && props.autoscale) {
      throw new ValidationError(path, `instanceCount ${props.instanceCount} is set together with autoscale (allowed: one of them; autoscale starts the plan at autoscale.defaultInstances)`);
    }
    checkInstances(path, "instanceCount", props.instanceCount, zoneBalancing ? 2 : 1, maxInstances, sku, zoneBalancing);
    if (props.autoscale && zoneBalancing) {
      checkInstances(path, "autoscale.minInstances", props.autoscale.minInstances, 2, maxInstances, sku, true);
    }
    checkAppList(path, props.apps);
    checkWholeNumber(path, "httpLogRetentionDays", props.httpLogRetentionDays, 0, 99999);
    const tls = props.minimumTlsVersion;
    if (tls !== undefined && !Token.isUnresolved(tls) && tls !== "1.2" && tls !== "1.3") {
      throw new ValidationError(path, `minimumTlsVersion ${JSON.stringify(tls)} is not allowed (allowed: "1.2", "1.3"; TLS 1.0 and 1.1 are insecure)`);
    }

    // With autoscale, the plan starts at the autoscale default and autoscale owns the count afterwards.
    const autoscaleStart = props.autoscale ? (props.autoscale.defaultInstances ?? props.autoscale.minInstances) : undefined;
    const workerCount = autoscaleStart ?? props.instanceCount ?? (zoneBalancing ? 2 : undefined);
    this.plan = new ServicePlan(this, "Plan", {
      name: resourceName(this, "appServicePlan", props.planName, props.planInstance),
      location,
      resourceGroupName: props.resourceGroup.name,
      osType: "Linux",
      skuName: sku,
      workerCount,
      zoneBalancingEnabled: props.zoneBalancing,
      lifecycle: props.autoscale ? { ignoreChanges: ["worker_count"] } : undefined,
    });
    this.autoscaleTarget = appServicePlanAutoscaleTarget({ id: this.plan.id, location, sku });
    if (subnet) warnSubnetCapacity(this, subnet, props.autoscale?.maxInstances ?? workerCount ?? 1);

    const apps: Record<string, WebApp> = {};
    props.apps.forEach((app, index) => {
      apps[app.instance ?? "default"] = this.addApp(app, index, { props, sku, limits, alwaysOn, location });
    });
    this.apps = apps;
    const first = apps[props.apps[0].instance ?? "default"];
    this.app = first.resource;
    this.slots = first.slots;
    this.id = first.id;
    this.name = first.name;
    this.defaultHostname = first.defaultHostname;

    if (props.autoscale) {
      this.autoscale = new Autoscale(this, "Autoscale", { resourceGroup: props.resourceGroup, target: this.autoscaleTarget, ...props.autoscale });
    }
  }

  private addApp(app: WebAppProps, index: number, ctx: AppContext): WebApp {
    const { props, sku, limits, alwaysOn, location } = ctx;
    const path = this.node.path;
    const label = `apps[${index}]`;
    const scope = app.instance === undefined ? this : new Construct(this, `App-${app.instance}`);
    const slots = app.slots ?? props.slots ?? [];
    const slotsProp = app.slots ? `${label}.slots` : "slots";
    if (slots.length > 0 && limits && limits.slotsPerApp === 0) {
      throw new ValidationError(path, `${slotsProp} ${JSON.stringify(slots)} need a Standard or Premium plan; ${JSON.stringify(sku)} has no deployment slots`);
    }
    if (limits && slots.length > limits.slotsPerApp) {
      throw new ValidationError(path, `${slotsProp} ${JSON.stringify(slots)} has ${slots.length} entries (allowed: at most ${limits.slotsPerApp} per app on the ${JSON.stringify(sku)} plan)`);
    }
    if (app.privateEndpoints?.length && limits && !limits.privateEndpoints) {
      throw new ValidationError(path, `${label}.privateEndpoints need a Basic, Standard or Premium plan; ${JSON.stringify(sku)} has no private endpoints`);
    }
    const settings: Record<string, string> = { ...(app.appSettings ?? {}) };
    for (const [key, secret] of Object.entries(app.secretSettings ?? {})) {
      if (Object.prototype.hasOwnProperty.call(settings, key)) {
        throw new ValidationError(path, `${label}.secretSettings ${JSON.stringify(key)} is also in appSettings (allowed: each setting in one of them)`);
      }
      settings[key] = secret.reference;
    }
    if (props.applicationInsightsConnectionString) {
      settings.APPLICATIONINSIGHTS_CONNECTION_STRING = props.applicationInsightsConnectionString;
      settings.ApplicationInsightsAgent_EXTENSION_VERSION = "~3";
    }
    if (app.allowedSources?.length && app.publicNetworkAccess === false) {
      throw new ValidationError(path, `${label}.allowedSources is set with publicNetworkAccess false (allowed: one of them; a closed app admits no public source)`);
    }
    if (app.restrictToFrontDoor && app.publicNetworkAccess === false) {
      throw new ValidationError(
        path,
        `${label}.restrictToFrontDoor is set with publicNetworkAccess false (allowed: one of them; Front Door reaches a closed app over Private Link, which needs no access restriction)`,
      );
    }
    const subnet = props.vnetIntegrationSubnet;
    const container = app.container && this.containerConfig(app, label, scope, subnet !== undefined, settings);
    if (app.customDomains?.length && limits && !limits.customDomains) {
      throw new ValidationError(path, `${label}.customDomains need a Basic, Standard or Premium plan; ${JSON.stringify(sku)} has no custom domains`);
    }
    // A managed certificate's host name is its common name: at most 64 characters (X.509; "Create a free managed certificate", learn.microsoft.com/azure/app-service/configure-ssl-certificate).
    checkCustomDomains(path, `${label}.customDomains`, app.customDomains ?? [], { maxHostName: 64, why: "a free managed certificate's host name" }, this.domainsTaken);
    const siteConfig = (): LinuxWebAppSiteConfig => ({
      alwaysOn,
      http2Enabled: true,
      minimumTlsVersion: props.minimumTlsVersion ?? "1.2",
      scmMinimumTlsVersion: "1.2",
      ftpsState: "Disabled",
      remoteDebuggingEnabled: false,
      healthCheckPath: app.healthCheckPath ?? "/health",
      healthCheckEvictionTimeInMin: 5,
      applicationStack: container?.applicationStack ?? applicationStack(app.runtime!),
      containerRegistryUseManagedIdentity: container?.registryClientId ? true : undefined,
      containerRegistryManagedIdentityClientId: container?.registryClientId,
      appCommandLine: app.appCommandLine,
      // All outbound traffic through the VNet: NSGs and routes apply, private endpoints resolve,
      // and Key Vault references reach a private vault (Linux apps need route-all for that).
      vnetRouteAllEnabled: subnet ? true : undefined,
      cors: app.corsAllowedOrigins?.length ? { allowedOrigins: [...app.corsAllowedOrigins], supportCredentials: false } : undefined,
      ...accessRestrictions(path, label, app.restrictToFrontDoor, app.allowedSources),
    });
    // HTTP logs to the app's file system (on Linux: the container log stream), kept a week within
    // 35 MB; the diagnostic settings below send the same and more to Log Analytics.
    const logs = { httpLogs: { fileSystem: { retentionInDays: props.httpLogRetentionDays ?? 7, retentionInMb: 35 } } };
    const common = {
      logs,
      httpsOnly: true,
      clientAffinityEnabled: false,
      ftpPublishBasicAuthenticationEnabled: false,
      webdeployPublishBasicAuthenticationEnabled: false,
      identity: { type: "UserAssigned", identityIds: [app.identity.id] },
      keyVaultReferenceIdentityId: app.identity.id,
      appSettings: settings,
      virtualNetworkSubnetId: subnet?.id,
      vnetImagePullEnabled: container?.vnetImagePull,
      publicNetworkAccessEnabled: app.publicNetworkAccess,
      // The identity must be able to pull before the app first starts its container.
      dependsOn: container?.acrPull ? [container.acrPull] : undefined,
      lifecycle: container?.imageManagedByCi ? { ignoreChanges: [CI_MANAGED_IMAGE] } : undefined,
    };
    const name = resourceName(scope, "webApp", app.name, app.instance);
    const resource = new LinuxWebApp(scope, "App", {
      name,
      location,
      resourceGroupName: props.resourceGroup.name,
      servicePlanId: this.plan.id,
      siteConfig: siteConfig(),
      ...common,
    });
    const slotResources: Record<string, LinuxWebAppSlot> = {};
    for (const slot of slots) {
      checkName(`${scope.node.path}/Slot[${slot}]`, "webAppSlot", slot);
      checkUnique(path, app.slots ? `${label}.slots: slot` : "slot", slot, slotResources);
      slotResources[slot] = new LinuxWebAppSlot(scope, `Slot-${slot}`, {
        name: slot,
        appServiceId: resource.id,
        siteConfig: siteConfig(),
        ...common,
      });
    }
    const diagnosticSettings = props.diagnosticSettings
      ? [
          addDiagnosticSetting(scope, "Diagnostics", resource.id, props.diagnosticSettings),
          ...Object.entries(slotResources).map(([slot, r]) => addDiagnosticSetting(scope, `Slot-${slot}-Diagnostics`, r.id, props.diagnosticSettings!)),
        ]
      : [];
    const privateEndpoints = addPrivateEndpoints(scope, app.privateEndpoints, {
      resourceGroup: props.resourceGroup,
      targetLocation: location,
      targetResourceId: resource.id,
      target: "webApp/sites",
      instance: app.instance ?? "app",
    });
    const customDomains = (app.customDomains ?? []).map((domain) => this.addCustomDomain(scope, resource, domain));
    return {
      instance: app.instance,
      resource,
      id: resource.id,
      name,
      defaultHostname: resource.defaultHostname,
      identity: app.identity,
      slots: slotResources,
      privateEndpoints,
      diagnosticSettings,
      acrPull: container?.acrPull,
      customDomains,
    };
  }

  /**
   * The container settings of `app` (validated), the `AcrPull` grant for its identity (once per
   * identity and registry in this construct) and `WEBSITES_PORT` in `settings`.
   */
  private containerConfig(app: WebAppProps, label: string, scope: Construct, vnetIntegrated: boolean, settings: Record<string, string>): ContainerConfig {
    const path = this.node.path;
    const container = app.container!;
    const prop = `${label}.container`;
    const image = container.image;
    if (!Token.isUnresolved(image)) checkImage(this, prop, image, container.registry !== undefined);
    checkWholeNumber(path, `${prop}.port`, container.port, 1, 65535);
    if (container.port !== undefined && container.port !== 80) {
      if (Object.prototype.hasOwnProperty.call(settings, "WEBSITES_PORT")) {
        throw new ValidationError(path, `${label}.appSettings WEBSITES_PORT is also set by ${prop}.port ${container.port} (allowed: one of them; prefer container.port)`);
      }
      settings.WEBSITES_PORT = String(container.port);
    }
    if (container.vnetImagePull && !vnetIntegrated) {
      throw new ValidationError(path, `${prop}.vnetImagePull needs vnetIntegrationSubnet (the image is pulled over the app's VNet integration)`);
    }
    if (container.grantPull !== undefined && !container.registry) {
      throw new ValidationError(path, `${prop}.grantPull is set without ${prop}.registry (allowed: grantPull with a registry the identity pulls from)`);
    }
    const registry = container.registry;
    if (!registry) {
      const { registryUrl, imageName } = publicImage(image);
      return { applicationStack: { dockerImageName: imageName, dockerRegistryUrl: registryUrl }, imageManagedByCi: container.imageManagedByCi, vnetImagePull: container.vnetImagePull || undefined };
    }
    let acrPull: RoleAssignment | undefined;
    if (container.grantPull ?? true) {
      const granted = this.pullGrants.find((g) => g.registry === registry && g.identity === app.identity);
      if (!granted) {
        acrPull = grantRole(scope, "AcrPull", { scope: registry.id, role: "AcrPull", principal: app.identity });
        this.pullGrants.push({ registry, identity: app.identity, grant: acrPull });
      } else {
        acrPull = granted.grant;
      }
    }
    return {
      applicationStack: { dockerImageName: image, dockerRegistryUrl: `https://${registry.loginServer}` },
      registryClientId: app.identity.clientId,
      acrPull,
      imageManagedByCi: container.imageManagedByCi,
      vnetImagePull: (container.vnetImagePull ?? vnetIntegrated) || undefined,
    };
  }

  /**
   * The records of `domain` (CNAME to the app, `asuid` TXT with its verification id) and, when
   * bound, the host name binding, its managed certificate and the SNI binding of the two. The
   * binding waits for both records; Terraform ignores its ssl_state and thumbprint, which the
   * certificate binding sets (azurerm's documented pattern).
   */
  private addCustomDomain(scope: Construct, app: LinuxWebApp, domain: CustomDomainProps): WebAppCustomDomain {
    const { subdomain, dnsZone } = domain;
    const hostName = customDomainHostName(domain);
    const cname = dnsZone.addCnameRecord(`Cname-${subdomain}`, subdomain, app.defaultHostname);
    const txt = dnsZone.addTxtRecord(`Txt-asuid.${subdomain}`, `asuid.${subdomain}`, [app.customDomainVerificationId]);
    const common = { subdomain, hostName, bound: domain.bind, records: [cname, txt] };
    if (!domain.bind) return common;
    const bindingId = customDomainId(domain);
    const binding = new AppServiceCustomHostnameBinding(scope, bindingId, {
      hostname: hostName,
      appServiceName: app.name,
      resourceGroupName: app.resourceGroupName,
      dependsOn: [cname, txt],
      lifecycle: { ignoreChanges: ["ssl_state", "thumbprint"] },
    });
    const certificate = new AppServiceManagedCertificate(scope, `${bindingId}-Certificate`, { customHostnameBindingId: binding.id });
    const certificateBinding = new AppServiceCertificateBinding(scope, `${bindingId}-CertificateBinding`, {
      hostnameBindingId: binding.id,
      certificateId: certificate.id,
      sslState: "SniEnabled",
    });
    return { ...common, binding, certificate, certificateBinding };
  }
}

// FrontDoor (lib/edge/front-door.ts): origin lock-down.
/**
 * The access restriction admitting one Front Door profile (service tag `AzureFrontDoor.Backend`
 * and `X-Azure-FDID`, learn.microsoft.com/azure/frontdoor/origin-security and Microsoft's
 * front-door-standard-premium-app-service-public quickstart template),
 * everything else denied; nothing for an app without one (its JSON stays as it was).
 */
function accessRestrictions(path: string, label: string, frontDoor: { readonly resourceGuid: string } | undefined, sources: readonly AppAccessSource[] = []): Partial<LinuxWebAppSiteConfig> {
  if (!frontDoor && sources.length === 0) return {};
  for (const source of sources) {
    const kinds = [source.ipAddress, source.serviceTag, source.virtualNetworkSubnetId].filter((v) => v !== undefined).length;
    if (kinds !== 1) throw new ValidationError(path, `${label}.allowedSources "${source.name}" has ${kinds} of ipAddress, serviceTag and virtualNetworkSubnetId (allowed: exactly one)`);
    if (!/^[\w-]{1,32}$/.test(source.name)) throw new ValidationError(path, `${label}.allowedSources name "${source.name}" is not a rule name (allowed: 1-32 letters, digits, hyphens and underscores)`);
  }
  return {
    ipRestrictionDefaultAction: "Deny",
    ipRestriction: [
      ...(frontDoor
        ? [{ name: "AllowFrontDoor", priority: 100, action: "Allow", serviceTag: "AzureFrontDoor.Backend", headers: [{ xAzureFdid: [frontDoor.resourceGuid] }] }]
        : []),
      ...sources.map((source, i) => ({
        name: source.name,
        priority: 200 + i,
        action: "Allow",
        ipAddress: source.ipAddress,
        serviceTag: source.serviceTag,
        virtualNetworkSubnetId: source.virtualNetworkSubnetId,
      })),
    ],
  };
}

/** The path Terraform ignores when CI deploys the image tags. */
const CI_MANAGED_IMAGE = "site_config[0].application_stack[0].docker_image_name";

interface ContainerConfig {
  readonly applicationStack: NonNullable<LinuxWebAppSiteConfig["applicationStack"]>;
  /** The identity's client id, when the image comes from a registry pulled with it. */
  readonly registryClientId?: string;
  readonly acrPull?: RoleAssignment;
  readonly imageManagedByCi?: boolean;
  /** true, or undefined (the key left out). */
  readonly vnetImagePull?: boolean;
}

interface AppContext {
  readonly props: AppServiceWithSlotsProps;
  readonly sku: AppServiceSku;
  readonly limits: AppServiceTierLimits | undefined;
  readonly alwaysOn: boolean;
  readonly location: string;
}

function checkAppList(path: string, apps: readonly WebAppProps[]): void {
  if (apps.length === 0) throw new ValidationError(path, "apps is empty (allowed: at least one app)");
  const instances: Record<string, true> = {};
  apps.forEach((app, i) => {
    if (app.runtime && app.container) {
      throw new ValidationError(path, `apps[${i}] has both runtime ${JSON.stringify(app.runtime)} and container (allowed: one of them: a language runtime, or a container image that brings its own)`);
    }
    if (!app.runtime && !app.container) {
      throw new ValidationError(path, `apps[${i}] has neither runtime nor container (allowed: runtime such as { python: "3.12" }, or container: { image })`);
    }
    for (const key of [...Object.keys(app.appSettings ?? {}), ...Object.keys(app.secretSettings ?? {})]) {
      if (key.startsWith("DOCKER_REGISTRY_SERVER_")) {
        throw new ValidationError(
          path,
          `apps[${i}] setting ${key} is managed by azurerm from the container's registry (allowed: container.registry, pulled with the app's managed identity; registry credentials are not supported)`,
        );
      }
    }
    if (app.instance === undefined) {
      if (apps.length > 1) {
        throw new ValidationError(path, `apps[${i}] has no instance (allowed: with several apps, each needs an instance such as "web" or "api")`);
      }
      return;
    }
    checkUnique(path, "app instance", app.instance, instances);
    instances[app.instance] = true;
  });
}

function checkInstances(path: string, prop: string, value: number | undefined, min: number, max: number, sku: string, zoneBalancing: boolean): void {
  if (value === undefined || Token.isUnresolved(value)) return;
  const allowed = `allowed: ${min} to ${max} on the ${JSON.stringify(sku)} plan${zoneBalancing ? " with zoneBalancing" : ""}`;
  if (!Number.isInteger(value)) throw new ValidationError(path, `${prop} ${value} is not a whole number (${allowed})`);
  if (value < min || value > max) throw new ValidationError(path, `${prop} ${value} is out of range (${allowed})`);
}

/** VNet integration: Basic and above, a /28 or larger subnet ("Subnet requirements", learn.microsoft.com/azure/app-service/overview-vnet-integration). */
function checkIntegrationSubnet(path: string, sku: string, subnet: ISubnet): void {
  const limits = appServiceTierLimits(sku);
  if (limits && !limits.vnetIntegration) {
    throw new ValidationError(path, `vnetIntegrationSubnet needs a Basic, Standard or Premium plan; ${JSON.stringify(sku)} has no virtual network integration`);
  }
  const prefix = subnetPrefixLength(subnet);
  if (prefix !== undefined && prefix > 28) {
    throw new ValidationError(path, `vnetIntegrationSubnet ${JSON.stringify(subnet.name)} ${knownAddressPrefix(subnet)} is too small (allowed: /28 or larger; Microsoft recommends /26)`);
  }
  // A subnet referenced from outside the stack has unknown delegations: Azure checks it at apply.
  if (subnet.delegations !== undefined && !subnet.delegations.includes(WEB_DELEGATION)) {
    throw new ValidationError(
      path,
      `vnetIntegrationSubnet ${JSON.stringify(subnet.name)} is not delegated to ${WEB_DELEGATION} (its delegations: ${subnet.delegations.join(", ") || "none"}); set delegation: "${WEB_DELEGATION}" on its SubnetSpec`,
    );
  }
}

/** The delegation regional VNet integration needs on its subnet. */
const WEB_DELEGATION = "Microsoft.Web/serverFarms";

/** The prefix length of the subnet's CIDR when synth can read it (never adds a data source for a referenced subnet). */
function subnetPrefixLength(subnet: ISubnet): number | undefined {
  const prefix = knownAddressPrefix(subnet);
  const match = prefix === undefined ? null : /\/(\d{1,2})$/.exec(prefix);
  return match ? Number(match[1]) : undefined;
}

/**
 * Each plan instance takes one address of the integration subnet, twice as many while the plan
 * changes size or SKU, and Azure keeps 5 addresses per subnet: a /28 carries 5 instances, a /27
 * 13, a /26 29 (Microsoft's table in "Subnet requirements"). Azure accepts a smaller subnet; the
 * plan just cannot scale that far, so this is a warning.
 */
function warnSubnetCapacity(scope: Construct, subnet: ISubnet, instances: number): void {
  const prefix = subnetPrefixLength(subnet);
  if (prefix === undefined || Token.isUnresolved(instances)) return;
  const capacity = Math.floor((2 ** (32 - prefix) - 5) / 2);
  if (instances > capacity) {
    Annotations.of(scope).addWarning(
      `vnetIntegrationSubnet ${JSON.stringify(subnet.name)} (/${prefix}) has room for ${capacity} instances while the plan changes size, and the plan can run ${instances}; use a larger subnet (Microsoft recommends /26)`,
    );
  }
}

function applicationStack(runtime: LinuxRuntime): LinuxWebAppSiteConfig["applicationStack"] {
  if ("node" in runtime) return { nodeVersion: runtime.node };
  return { pythonVersion: runtime.python };
}

/** A reference's parts: `[host/]path[:tag][@digest]`. */
interface ImageReference {
  /** The registry host (`mcr.microsoft.com`, `localhost:5000`), when the reference names one. */
  readonly host?: string;
  /** The repository below the host: `appsvc/staticsite`. */
  readonly path: string;
  readonly tag?: string;
  readonly digest?: string;
}

/** One path component of a repository (the distribution reference grammar, github.com/distribution/reference). */
const IMAGE_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const IMAGE_HOST = /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::[0-9]+)?$/;
const IMAGE_TAG = /^[\w][\w.-]{0,127}$/;
const IMAGE_DIGEST = /^sha256:[a-f0-9]{64}$/;

/** Splits an image reference; undefined when it does not have the grammar's shape. */
function parseImage(image: string): ImageReference | undefined {
  const at = image.indexOf("@");
  const digest = at >= 0 ? image.slice(at + 1) : undefined;
  const named = at >= 0 ? image.slice(0, at) : image;
  const lastSlash = named.lastIndexOf("/");
  const colon = named.indexOf(":", lastSlash + 1);
  const tag = colon >= 0 ? named.slice(colon + 1) : undefined;
  const name = colon >= 0 ? named.slice(0, colon) : named;
  const parts = name.split("/");
  // Like docker: the first component is a registry host when it has a dot or a port, or is localhost.
  const host = parts.length > 1 && (/[.:]/.test(parts[0]) || parts[0] === "localhost") ? parts.shift() : undefined;
  if (host !== undefined && !IMAGE_HOST.test(host)) return undefined;
  if (parts.length === 0 || !parts.every((p) => IMAGE_COMPONENT.test(p))) return undefined;
  if (tag !== undefined && !IMAGE_TAG.test(tag)) return undefined;
  if (digest !== undefined && !IMAGE_DIGEST.test(digest)) return undefined;
  return { host, path: parts.join("/"), tag, digest };
}

/**
 * Checks a container image reference: the distribution grammar, a tag or digest, no registry host
 * with `registry` (the host comes from it), a warning for `latest` and for an anonymous pull from
 * an Azure Container Registry.
 */
function checkImage(scope: Construct, prop: string, image: string, withRegistry: boolean): void {
  const path = scope.node.path;
  const ref = parseImage(image);
  const shape = withRegistry ? '"repository:tag" or "repository@sha256:<64 hex>", relative to the registry' : '"[host/]repository:tag" or "[host/]repository@sha256:<64 hex>"';
  if (!ref) {
    throw new ValidationError(path, `${prop}.image ${JSON.stringify(image)} is not an image reference (allowed: ${shape}; lowercase repository names)`);
  }
  if (ref.tag === undefined && ref.digest === undefined) {
    throw new ValidationError(path, `${prop}.image ${JSON.stringify(image)} has no tag or digest (allowed: ${shape}; an untagged image means "latest")`);
  }
  if (withRegistry && ref.host !== undefined) {
    throw new ValidationError(
      path,
      `${prop}.image ${JSON.stringify(image)} names the registry host ${JSON.stringify(ref.host)} (allowed: with ${prop}.registry, the repository inside it, e.g. ${JSON.stringify(image.slice(ref.host.length + 1))})`,
    );
  }
  if (ref.tag === "latest" && ref.digest === undefined) {
    Annotations.of(scope).addWarning(
      `${prop}.image ${JSON.stringify(image)} uses the tag "latest": each instance pulls it again when it restarts, so instances can run different images and a rollback has nothing to return to; pin a version tag or a digest`,
    );
  }
  if (!withRegistry && ref.host?.endsWith(".azurecr.io")) {
    Annotations.of(scope).addWarning(
      `${prop}.image ${JSON.stringify(image)} is pulled from ${ref.host} without credentials, which works only if the registry allows anonymous pull; set ${prop}.registry to pull with the app's managed identity`,
    );
  }
}

/** The registry URL and image name azurerm wants for a public image (Docker Hub when the reference names no host). */
function publicImage(image: string): { readonly registryUrl: string; readonly imageName: string } {
  const ref = Token.isUnresolved(image) ? undefined : parseImage(image);
  if (!ref?.host) return { registryUrl: DOCKER_HUB, imageName: image };
  return { registryUrl: `https://${ref.host}`, imageName: image.slice(ref.host.length + 1) };
}

/** Docker Hub's registry URL, as azurerm's docs give it. */
const DOCKER_HUB = "https://index.docker.io";
