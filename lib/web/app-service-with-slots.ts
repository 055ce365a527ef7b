import { LinuxWebApp, type LinuxWebAppSiteConfig } from "@cdktf/provider-azurerm/lib/linux-web-app";
import { LinuxWebAppSlot } from "@cdktf/provider-azurerm/lib/linux-web-app-slot";
import { ServicePlan } from "@cdktf/provider-azurerm/lib/service-plan";
import { Construct } from "constructs";
import { resourceName } from "../core/blueprint-stack";
import { checkUnique } from "../core/checks";
import { ValidationError } from "../core/errors";
import type { IManagedIdentity, IResourceGroup } from "../core/interfaces";
import { checkName } from "../core/naming";
import type { VaultSecret } from "../security/key-vault";

/** Linux App Service plan SKUs. */
export const APP_SERVICE_SKUS = [
  "F1", "B1", "B2", "B3", "S1", "S2", "S3", "P0v3", "P1v2", "P2v2", "P3v2", "P1v3", "P2v3", "P3v3", "P1mv3", "P2mv3",
] as const;
export type AppServiceSku = (typeof APP_SERVICE_SKUS)[number];

/** SKUs without deployment slots (Free, Basic) and without always-on (Free). */
const NO_SLOTS = /^(F1|D1|B\d)$/;
const NO_ALWAYS_ON = /^(F1|D1)$/;

/** Whether the SKU offers deployment slots (Standard and above). */
export function skuHasSlots(sku: string): boolean {
  return !NO_SLOTS.test(sku);
}

/** The language runtime of a Linux web app. */
export type LinuxRuntime =
  | { readonly node: "18-lts" | "20-lts" | "22-lts" }
  | { readonly python: "3.10" | "3.11" | "3.12" | "3.13" }
  | { readonly dockerImage: string; readonly registryUrl: string };

export interface AppServiceWithSlotsProps {
  readonly resourceGroup: IResourceGroup;
  /** @default - generated: `app-<workload>-<env>-<region>-<suffix>` */
  readonly name?: string;
  /** @default - generated: `asp-<workload>-<env>-<region>` */
  readonly planName?: string;
  /** @default - the resource group's location */
  readonly location?: string;
  /** @default "P1v3" */
  readonly sku?: AppServiceSku;
  readonly runtime: LinuxRuntime;
  /** Identity the app runs as; also resolves its Key Vault references. */
  readonly identity: IManagedIdentity;
  /** Keep the app loaded between requests. Not on Free. @default - true, except on F1 */
  readonly alwaysOn?: boolean;
  /** Path App Service probes; unhealthy instances are replaced. @default "/health" */
  readonly healthCheckPath?: string;
  /** Deployment slots besides production (e.g. `staging`). Not on Free or Basic plans. @default - none */
  readonly slots?: readonly string[];
  /** Plain app settings. Never put secrets here: use `secretSettings`. @default - none */
  readonly appSettings?: Readonly<Record<string, string>>;
  /** Settings resolved from Key Vault at runtime (Key Vault references). @default - none */
  readonly secretSettings?: Readonly<Record<string, VaultSecret>>;
  /** Browser origins allowed to call the app (e.g. the front end's URL). @default - none */
  readonly corsAllowedOrigins?: readonly string[];
  /** Application Insights connection string, set as APPLICATIONINSIGHTS_CONNECTION_STRING. @default - none */
  readonly applicationInsightsConnectionString?: string;
}

/**
 * A Linux App Service plan with one web app and its deployment slots: HTTPS only, TLS 1.2,
 * FTP(S) and basic-auth publishing off, HTTP/2, a health check, a user-assigned identity, and
 * secrets only as Key Vault references. Slots get the same configuration, so a swap changes code,
 * not settings.
 */
export class AppServiceWithSlots extends Construct {
  readonly plan: ServicePlan;
  readonly app: LinuxWebApp;
  readonly slots: Record<string, LinuxWebAppSlot> = {};
  readonly id: string;
  readonly name: string;
  readonly defaultHostname: string;

  constructor(scope: Construct, id: string, props: AppServiceWithSlotsProps) {
    super(scope, id);
    const sku = props.sku ?? "P1v3";
    const alwaysOn = props.alwaysOn ?? !NO_ALWAYS_ON.test(sku);
    const slots = props.slots ?? [];
    if (slots.length > 0 && !skuHasSlots(sku)) {
      throw new ValidationError(this.node.path, `slots ${JSON.stringify(slots)} need a Standard or Premium plan; ${JSON.stringify(sku)} has no deployment slots`);
    }
    if (alwaysOn && NO_ALWAYS_ON.test(sku)) {
      throw new ValidationError(this.node.path, `alwaysOn is not available on the ${JSON.stringify(sku)} plan`);
    }
    const location = props.location ?? props.resourceGroup.location;
    this.plan = new ServicePlan(this, "Plan", {
      name: resourceName(this, "appServicePlan", props.planName),
      location,
      resourceGroupName: props.resourceGroup.name,
      osType: "Linux",
      skuName: sku,
    });
    this.name = resourceName(this, "webApp", props.name);
    const settings: Record<string, string> = { ...(props.appSettings ?? {}) };
    for (const [key, secret] of Object.entries(props.secretSettings ?? {})) settings[key] = secret.reference;
    if (props.applicationInsightsConnectionString) {
      settings.APPLICATIONINSIGHTS_CONNECTION_STRING = props.applicationInsightsConnectionString;
      settings.ApplicationInsightsAgent_EXTENSION_VERSION = "~3";
    }
    const siteConfig = (): LinuxWebAppSiteConfig => ({
      alwaysOn,
      http2Enabled: true,
      minimumTlsVersion: "1.2",
      scmMinimumTlsVersion: "1.2",
      ftpsState: "Disabled",
      remoteDebuggingEnabled: false,
      healthCheckPath: props.healthCheckPath ?? "/health",
      healthCheckEvictionTimeInMin: 5,
      applicationStack: applicationStack(props.runtime),
      cors: props.corsAllowedOrigins?.length ? { allowedOrigins: [...props.corsAllowedOrigins], supportCredentials: false } : undefined,
    });
    const common = {
      httpsOnly: true,
      clientAffinityEnabled: false,
      ftpPublishBasicAuthenticationEnabled: false,
      webdeployPublishBasicAuthenticationEnabled: false,
      identity: { type: "UserAssigned", identityIds: [props.identity.id] },
      keyVaultReferenceIdentityId: props.identity.id,
      appSettings: settings,
    };
    this.app = new LinuxWebApp(this, "App", {
      name: this.name,
      location,
      resourceGroupName: props.resourceGroup.name,
      servicePlanId: this.plan.id,
      siteConfig: siteConfig(),
      ...common,
    });
    this.id = this.app.id;
    this.defaultHostname = this.app.defaultHostname;
    for (const slot of slots) {
      checkName(`${this.node.path}/Slot[${slot}]`, "webAppSlot", slot);
      checkUnique(this.node.path, "slot", slot, this.slots);
      this.slots[slot] = new LinuxWebAppSlot(this, `Slot-${slot}`, {
        name: slot,
        appServiceId: this.app.id,
        siteConfig: siteConfig(),
        ...common,
      });
    }
  }
}

function applicationStack(runtime: LinuxRuntime): LinuxWebAppSiteConfig["applicationStack"] {
  if ("node" in runtime) return { nodeVersion: runtime.node };
  if ("python" in runtime) return { pythonVersion: runtime.python };
  return { dockerImageName: runtime.dockerImage, dockerRegistryUrl: runtime.registryUrl };
}
