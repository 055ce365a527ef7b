import { ApiManagement as ApiManagementResource, type ApiManagementIdentity } from "@cdktf/provider-azurerm/lib/api-management";
import { ApiManagementApi } from "@cdktf/provider-azurerm/lib/api-management-api";
import { ApiManagementApiPolicy } from "@cdktf/provider-azurerm/lib/api-management-api-policy";
import { ApiManagementBackend } from "@cdktf/provider-azurerm/lib/api-management-backend";
import { ApiManagementDiagnostic } from "@cdktf/provider-azurerm/lib/api-management-diagnostic";
import { ApiManagementLogger } from "@cdktf/provider-azurerm/lib/api-management-logger";
import { ApiManagementNamedValue } from "@cdktf/provider-azurerm/lib/api-management-named-value";
import { ApiManagementPolicy } from "@cdktf/provider-azurerm/lib/api-management-policy";
import type { MonitorDiagnosticSetting } from "@cdktf/provider-azurerm/lib/monitor-diagnostic-setting";
import type { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { resourceName } from "../core/azure-stack";
import { checkRegion, checkUnique } from "../core/checks";
import { ValidationError, show } from "../core/errors";
import { type IManagedIdentity, type IPrincipal, type IResourceGroup, type ProtectionProps, protect } from "../core/interfaces";
import { didYouMean } from "../core/suggest";
import type { ISubnet, PrivateEndpointProps } from "../network/interfaces";
import { type PrivateEndpoint, addPrivateEndpoints } from "../network/private-endpoint";
import { type DiagnosticSettingsProps, addDiagnosticSetting } from "../observability/diagnostic-settings";
import type { IKeyVault, VaultSecret } from "../security/key-vault";
import { APIM_TIERS, ApimPolicy, type ApimPolicyDocument, type ApimPolicyScope, type ApimTier } from "./api-management-policy";

/*
 * Azure API Management (`azurerm_api_management`) with typed policies, an Application Insights
 * logger, APIs, backends and Key Vault named values.
 *
 * Sources, read 2026-11-29:
 * - azurerm 4.55 bindings and internal/services/apimanagement/api_management_resource.go:
 *   `security` defaults (TLS 1.0/1.1, SSL 3.0, 3DES off unless set), `zones` Premium only,
 *   `public_network_access_enabled` default true, a change between classic and V2 SKUs forces
 *   a new instance, `sign_in`/`sign_up`/`delegation`/`tenant_access` refused on Consumption and V2;
 * - learn.microsoft.com/azure/api-management/api-management-features (feature x tier: VNet
 *   injection, inbound private endpoint, outbound VNet integration), virtual-network-concepts,
 *   private-endpoint ("Only the gateway endpoint supports inbound Private Link"; "you can only
 *   disable public network access after configuring a private endpoint"; not for classic
 *   instances injected in a VNet), inject-vnet-v2 (Premium v2), integrate-vnet-outbound
 *   (Standard v2, Premium v2);
 * - learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules
 *   (Microsoft.ApiManagement/service: global, 1-50);
 * - learn.microsoft.com/azure/private-link/private-endpoint-dns (Gateway, privatelink.azure-api.net).
 */

/**
 * Capacity (scale units) azurerm 4.55 and Azure accept per tier. Consumption is 0 (serverless),
 * Developer 1; Basic up to 2, Standard up to 4 (classic limits); Premium up to 99 (azurerm's check).
 * The v2 ranges follow azurerm's V2 SKU validation (BasicV2 and StandardV2 up to 10, PremiumV2 up to 30).
 */
export const APIM_CAPACITY: Readonly<Record<ApimTier, { readonly min: number; readonly max: number }>> = {
  Consumption: { min: 0, max: 0 },
  Developer: { min: 1, max: 1 },
  Basic: { min: 1, max: 2 },
  Standard: { min: 1, max: 4 },
  Premium: { min: 1, max: 99 },
  BasicV2: { min: 1, max: 10 },
  StandardV2: { min: 1, max: 10 },
  PremiumV2: { min: 1, max: 30 },
};

/** `<tier>_<capacity>`, as azurerm's `sku_name`: `Developer_1`, `StandardV2_2`, `Consumption_0`. */
export type ApimSku = `${ApimTier}_${number}`;

/** How the instance joins a virtual network. */
export type ApimNetworkMode = "External" | "Internal" | "Integration";

/** What each tier offers, for the checks and for profile tables. */
export interface ApimTierFeatures {
  /** Classic VNet injection (External or Internal): Developer, Premium. */
  readonly classicInjection: boolean;
  /** Premium v2 VNet injection (private gateway, `Internal`). */
  readonly v2Injection: boolean;
  /** Outbound VNet integration: Standard v2, Premium v2. */
  readonly outboundIntegration: boolean;
  /** Inbound private endpoint (Gateway): Developer, Basic, Standard, Premium, Standard v2, Premium v2. */
  readonly privateEndpoint: boolean;
  /** Availability zones: Premium (azurerm accepts `zones` on Premium only). */
  readonly zones: boolean;
  /** An SLA: every tier but Developer. */
  readonly sla: boolean;
}

/** The feature x tier table (learn.microsoft.com/azure/api-management/api-management-features, read 2026-11-29). */
export const APIM_TIER_FEATURES: Readonly<Record<ApimTier, ApimTierFeatures>> = {
  Consumption: { classicInjection: false, v2Injection: false, outboundIntegration: false, privateEndpoint: false, zones: false, sla: true },
  Developer: { classicInjection: true, v2Injection: false, outboundIntegration: false, privateEndpoint: true, zones: false, sla: false },
  Basic: { classicInjection: false, v2Injection: false, outboundIntegration: false, privateEndpoint: true, zones: false, sla: true },
  Standard: { classicInjection: false, v2Injection: false, outboundIntegration: false, privateEndpoint: true, zones: false, sla: true },
  Premium: { classicInjection: true, v2Injection: false, outboundIntegration: false, privateEndpoint: true, zones: true, sla: true },
  BasicV2: { classicInjection: false, v2Injection: false, outboundIntegration: false, privateEndpoint: false, zones: false, sla: true },
  StandardV2: { classicInjection: false, v2Injection: false, outboundIntegration: true, privateEndpoint: true, zones: false, sla: true },
  PremiumV2: { classicInjection: false, v2Injection: true, outboundIntegration: true, privateEndpoint: true, zones: false, sla: true },
};

function tiersWith(feature: keyof ApimTierFeatures): string {
  return APIM_TIERS.filter((t) => APIM_TIER_FEATURES[t][feature]).join(", ");
}

/** Virtual network placement. */
export interface ApimVirtualNetworkProps {
  /**
   * `External` / `Internal`: classic injection (Developer, Premium) with a public or a private
   * gateway; on Premium v2 `Internal` is its injection (private gateway). `Integration`: outbound
   * only (Standard v2, Premium v2), the gateway stays public; the subnet is delegated to
   * `Microsoft.Web/serverFarms`. Leaving injection recreates the instance (azurerm 4.55).
   */
  readonly mode: ApimNetworkMode;
  /** A subnet used by this instance alone. */
  readonly subnet: ISubnet;
}

/** The Application Insights logger and the service-wide `applicationinsights` diagnostic. */
export interface ApimApplicationInsightsProps {
  /** The component's connection string (`monitoring.insights.connectionString`): preferred over the instrumentation key. */
  readonly connectionString: string;
  /** ARM id of the component, shown in the portal. @default - none */
  readonly resourceId?: string;
  /** Percentage of requests sent (0-100). @default 100 */
  readonly samplingPercentage?: number;
  /** @default "information" */
  readonly verbosity?: "error" | "information" | "verbose";
  /** Log callers' IP addresses (personal data). @default false */
  readonly logClientIp?: boolean;
  /**
   * Bytes of request and response bodies logged (0-8192). Bodies carry personal data and secrets:
   * off unless you need them.
   * @default 0
   */
  readonly bodyBytes?: number;
}

export interface ApiManagementProps extends ProtectionProps {
  readonly resourceGroup: IResourceGroup;
  /**
   * Globally unique (`<name>.azure-api.net`): 1-50 letters, digits and hyphens, starting with a
   * letter. Forces a new instance.
   * @default - generated: `apim-<workload>-<env>-<region>[-<instance>]-<suffix>`
   */
  readonly name?: string;
  /** Distinguishes several instances in one stack, in generated names. @default - none */
  readonly instance?: string;
  /** @default - the resource group's location */
  readonly location?: string;
  /**
   * `<tier>_<capacity>`. Changing between a classic and a v2 tier recreates the instance.
   * Developer has no SLA (not for production); Consumption runs neither `rate-limit-by-key` nor
   * `quota-by-key`.
   * @default "Developer_1"
   */
  readonly sku?: ApimSku;
  /** Shown in the developer portal and notification emails (1-100 characters). */
  readonly publisherName: string;
  /** Receives service notifications (an email address, at most 100 characters). */
  readonly publisherEmail: string;
  /** User-assigned identities besides the system-assigned one. @default - system-assigned only */
  readonly userAssignedIdentities?: readonly IManagedIdentity[];
  /**
   * Oldest management API version the instance accepts (Azure Policy: "API Management minimum
   * API version should be set to 2019-12-01 or higher").
   * @default "2019-12-01"
   */
  readonly minApiVersion?: string;
  /**
   * Public network access to the gateway. Azure refuses to create an instance with it disabled
   * and allows disabling it only once a private endpoint is connected: deploy first with it on
   * and `privateEndpoints`, then set it false together with `deployedBefore: true`.
   * @default true
   */
  readonly publicNetworkAccess?: boolean;
  /** The instance already exists (a previous apply created it): allows `publicNetworkAccess: false`. @default false */
  readonly deployedBefore?: boolean;
  /** VNet injection or integration, per tier (APIM_TIER_FEATURES). @default - none */
  readonly virtualNetwork?: ApimVirtualNetworkProps;
  /** Inbound private endpoints to the gateway (`Gateway`, `privatelink.azure-api.net`). @default - none */
  readonly privateEndpoints?: readonly PrivateEndpointProps[];
  /** Availability zones (Premium only), e.g. ["1", "2", "3"]; the capacity should be a multiple of their number. @default - none */
  readonly zones?: readonly string[];
  /** Application Insights logger and diagnostic. @default - none */
  readonly applicationInsights?: ApimApplicationInsightsProps;
  /** Resource logs (GatewayLogs and the others in `allLogs`) and metrics to Log Analytics. @default - none */
  readonly diagnosticSettings?: DiagnosticSettingsProps;
  /** The service-wide (global) policy. @default - none (API Management's default) */
  readonly policy?: ApimPolicyDocument;
}

/** A backend the gateway forwards to. */
export interface ApimBackendProps {
  /** Name in the instance (letters, digits, underscores, hyphens). @default - the construct id */
  readonly name?: string;
  /** https:// URL of the backend. */
  readonly url: string;
  /** Description. @default - none */
  readonly description?: string;
  /**
   * Resource (App ID URI) the instance's managed identity gets a token for, sent to the backend
   * (an `authentication-managed-identity` policy on every API using this backend).
   * @default - no token
   */
  readonly managedIdentityResource?: string;
}

/** A backend added with `addBackend`. */
export interface ApimBackend {
  readonly name: string;
  readonly resource: ApiManagementBackend;
  readonly managedIdentityResource?: string;
}

/** An API. */
export interface ApimApiProps {
  /** API name (id in the instance). @default - the construct id */
  readonly name?: string;
  /** URL suffix under the gateway: `assessments` → `https://<gateway>/assessments`. */
  readonly path: string;
  readonly displayName: string;
  /** Backend base URL (https). Exactly one of serviceUrl and backend. */
  readonly serviceUrl?: string;
  /** A backend from `addBackend`: routed with `set-backend-service` (and its managed-identity token). */
  readonly backend?: ApimBackend;
  /** Callers must send a subscription key. @default true */
  readonly subscriptionRequired?: boolean;
  /** The API's policy (inbound `<base />` first). @default - none */
  readonly policy?: ApimPolicyDocument;
}

/** A named value: literal (not secret) or a Key Vault secret. */
export interface ApimNamedValueProps {
  /** Name used in policies as `{{name}}`. @default - the construct id */
  readonly name?: string;
  /** A non-secret literal. Exactly one of value and keyVaultSecret. */
  readonly value?: string;
  /** A Key Vault secret (versionless id: rotations are followed); read with the instance's identity. */
  readonly keyVaultSecret?: VaultSecret | { readonly versionlessId: string };
  /** The vault of `keyVaultSecret`: the instance's identity gets Key Vault Secrets User on it. @default - no grant (give one yourself) */
  readonly keyVault?: IKeyVault;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const API_VERSION = /^\d{4}-\d{2}-\d{2}(-preview)?$/;
/** azurerm's API path rule: up to 400 URL characters, no leading or trailing slash. */
const API_PATH = /^(?:|[\w]|[\w.][\w\-/.:]{0,398}[\w-])$/;
/** azurerm's rule for API, backend and named value names. */
const CHILD_NAME = /^[a-zA-Z0-9](?:[a-zA-Z0-9-_]{0,78}[a-zA-Z0-9])?$/;
const NAMED_VALUE_NAME = /^[0-9a-zA-Z_.-]{1,256}$/;

/**
 * An API Management instance, secure by default: TLS 1.2+ on both sides (TLS 1.0/1.1, SSL 3.0
 * and 3DES off), a system-assigned identity, a minimum management API version, https-only APIs,
 * typed policies refused at synth when the tier lacks them, Key Vault named values.
 */
export class ApiManagement extends Construct implements IPrincipal {
  readonly resource: ApiManagementResource;
  readonly id: string;
  readonly name: string;
  readonly sku: ApimSku;
  readonly tier: ApimTier;
  readonly capacity: number;
  /** Principal id of the system-assigned identity (grants: Key Vault, backends). */
  readonly principalId: string;
  readonly principalType = "ServicePrincipal" as const;
  /** `https://<name>.azure-api.net`. */
  readonly gatewayUrl: string;
  readonly privateEndpoints: PrivateEndpoint[];
  readonly diagnosticSetting?: MonitorDiagnosticSetting;
  readonly logger?: ApiManagementLogger;
  readonly diagnostic?: ApiManagementDiagnostic;
  readonly globalPolicy?: ApiManagementPolicy;
  readonly apis: Record<string, ApiManagementApi> = {};
  readonly apiPolicies: Record<string, ApiManagementApiPolicy> = {};
  readonly backends: Record<string, ApimBackend> = {};
  readonly namedValues: Record<string, ApiManagementNamedValue> = {};
  private readonly resourceGroupName: string;
  private readonly secretGrants = new Map<IKeyVault, RoleAssignment>();

  constructor(scope: Construct, id: string, props: ApiManagementProps) {
    super(scope, id);
    const path = this.node.path;
    const location = props.location ?? props.resourceGroup.location;
    if (props.location !== undefined) checkRegion(path, "location", props.location);
    this.sku = props.sku ?? "Developer_1";
    const { tier, capacity } = parseSku(path, this.sku);
    this.tier = tier;
    this.capacity = capacity;
    const features = APIM_TIER_FEATURES[tier];
    checkPublisher(path, props.publisherName, props.publisherEmail);
    const minApiVersion = props.minApiVersion ?? "2019-12-01";
    if (!Token.isUnresolved(minApiVersion) && !API_VERSION.test(minApiVersion)) {
      throw new ValidationError(path, `minApiVersion ${show(minApiVersion)} is not an API version (YYYY-MM-DD, e.g. "2019-12-01")`);
    }
    const network = props.virtualNetwork ? checkNetwork(path, tier, props.virtualNetwork) : undefined;
    const endpoints = props.privateEndpoints ?? [];
    if (endpoints.length && !features.privateEndpoint) {
      throw new ValidationError(path, `privateEndpoints: the ${tier} tier has no inbound private endpoint (tiers with one: ${tiersWith("privateEndpoint")})`);
    }
    if (endpoints.length && network && network.type !== "None" && features.classicInjection) {
      throw new ValidationError(path, `privateEndpoints: a classic ${tier} instance injected in a virtual network (${network.mode}) takes no private endpoint; use one or the other`);
    }
    const publicAccess = props.publicNetworkAccess ?? true;
    if (!publicAccess) {
      if (!endpoints.length) {
        throw new ValidationError(path, `publicNetworkAccess false needs privateEndpoints: Azure allows disabling public network access only once a private endpoint is connected to the gateway`);
      }
      if (!props.deployedBefore) {
        throw new ValidationError(
          path,
          `publicNetworkAccess false is refused when the instance is created: Azure creates API Management only with public network access enabled; deploy with publicNetworkAccess true and the private endpoints first, then set publicNetworkAccess false and deployedBefore true`,
        );
      }
    }
    if (props.zones?.length && !features.zones) {
      throw new ValidationError(path, `zones: the ${tier} tier has no availability zones in azurerm 4.55 (tiers with zones: ${tiersWith("zones")})`);
    }

    this.name = resourceName(this, "apiManagement", props.name, props.instance);
    this.resourceGroupName = props.resourceGroup.name;
    const userAssigned = (props.userAssignedIdentities ?? []).map((i) => i.id);
    const identity: ApiManagementIdentity = userAssigned.length ? { type: "SystemAssigned, UserAssigned", identityIds: userAssigned } : { type: "SystemAssigned" };
    this.resource = new ApiManagementResource(this, "Resource", {
      name: this.name,
      location,
      resourceGroupName: props.resourceGroup.name,
      publisherName: props.publisherName,
      publisherEmail: props.publisherEmail,
      skuName: this.sku,
      identity,
      minApiVersion,
      publicNetworkAccessEnabled: publicAccess,
      virtualNetworkType: network?.type,
      virtualNetworkConfiguration: network && network.type !== "None" ? { subnetId: network.subnetId } : undefined,
      zones: props.zones?.length ? [...props.zones] : undefined,
      security: {
        frontendSsl30Enabled: false,
        frontendTls10Enabled: false,
        frontendTls11Enabled: false,
        backendSsl30Enabled: false,
        backendTls10Enabled: false,
        backendTls11Enabled: false,
        tripleDesCiphersEnabled: false,
      },
    });
    this.id = this.resource.id;
    this.principalId = this.resource.identity.principalId;
    this.gatewayUrl = this.resource.gatewayUrl;

    this.privateEndpoints = addPrivateEndpoints(this, endpoints, {
      resourceGroup: props.resourceGroup,
      targetLocation: location,
      targetResourceId: this.id,
      target: "apiManagement/Gateway",
      instance: props.instance ? `apim-${props.instance}` : "apim",
    });
    if (props.applicationInsights) {
      const ai = props.applicationInsights;
      checkPercent(path, "applicationInsights.samplingPercentage", ai.samplingPercentage);
      const bodyBytes = ai.bodyBytes ?? 0;
      checkBodyBytes(path, bodyBytes);
      this.logger = new ApiManagementLogger(this, "Logger", {
        name: "applicationinsights",
        apiManagementName: this.name,
        resourceGroupName: this.resourceGroupName,
        resourceId: ai.resourceId,
        applicationInsights: { connectionString: ai.connectionString },
        dependsOn: [this.resource],
      });
      const dataLog = { bodyBytes, headersToLog: [] as string[] };
      this.diagnostic = new ApiManagementDiagnostic(this, "Diagnostic", {
        identifier: "applicationinsights",
        apiManagementName: this.name,
        resourceGroupName: this.resourceGroupName,
        apiManagementLoggerId: this.logger.id,
        samplingPercentage: ai.samplingPercentage ?? 100,
        alwaysLogErrors: true,
        logClientIp: ai.logClientIp ?? false,
        verbosity: ai.verbosity ?? "information",
        httpCorrelationProtocol: "W3C",
        frontendRequest: dataLog,
        frontendResponse: dataLog,
        backendRequest: dataLog,
        backendResponse: dataLog,
      });
    }
    if (props.diagnosticSettings) this.diagnosticSetting = addDiagnosticSetting(this, "Diagnostics", this.id, props.diagnosticSettings);
    if (props.policy) {
      this.checkPolicyTier(props.policy, "the service (global) policy");
      this.globalPolicy = new ApiManagementPolicy(this, "Policy", { apiManagementId: this.id, xmlContent: props.policy.render("global") });
    }
    protect(this, this.resource, props, this.name);
  }

  /** The XML of `document` at `scope`, after checking this tier runs every statement. */
  renderPolicy(document: ApimPolicyDocument, scope: ApimPolicyScope, where = "the policy"): string {
    this.checkPolicyTier(document, where);
    return document.render(scope);
  }

  /** A backend (https only, certificate chain and name validated). */
  addBackend(id: string, props: ApimBackendProps): ApimBackend {
    const path = `${this.node.path}/${id}`;
    const name = props.name ?? id;
    checkChildName(path, "backend", name);
    checkUnique(this.node.path, "backend", name, this.backends);
    if (!Token.isUnresolved(props.url) && !/^https:\/\//.test(props.url)) {
      throw new ValidationError(path, `backend url ${show(props.url)} is not https://; the gateway would send requests (and tokens) unencrypted`);
    }
    const resource = new ApiManagementBackend(this, id, {
      name,
      apiManagementName: this.name,
      resourceGroupName: this.resourceGroupName,
      protocol: "http",
      url: props.url,
      description: props.description,
      tls: { validateCertificateChain: true, validateCertificateName: true },
    });
    const backend: ApimBackend = { name, resource, managedIdentityResource: props.managedIdentityResource };
    this.backends[name] = backend;
    return backend;
  }

  /** An API (https only), with its policy. */
  addApi(id: string, props: ApimApiProps): ApiManagementApi {
    const path = `${this.node.path}/${id}`;
    const name = props.name ?? id;
    checkChildName(path, "API", name);
    checkUnique(this.node.path, "API", name, this.apis);
    if (!Token.isUnresolved(props.path) && !API_PATH.test(props.path)) {
      throw new ValidationError(path, `API path ${show(props.path)} is not allowed: up to 400 URL characters, not starting or ending with "/"`);
    }
    if ((props.serviceUrl === undefined) === (props.backend === undefined)) {
      throw new ValidationError(path, `API ${show(name)} needs exactly one of serviceUrl and backend`);
    }
    if (props.serviceUrl !== undefined && !Token.isUnresolved(props.serviceUrl) && !/^https:\/\//.test(props.serviceUrl)) {
      throw new ValidationError(path, `API ${show(name)} serviceUrl ${show(props.serviceUrl)} is not https://`);
    }
    const api = new ApiManagementApi(this, id, {
      name,
      apiManagementName: this.name,
      resourceGroupName: this.resourceGroupName,
      revision: "1",
      displayName: props.displayName,
      path: props.path,
      protocols: ["https"],
      serviceUrl: props.serviceUrl,
      subscriptionRequired: props.subscriptionRequired ?? true,
    });
    this.apis[name] = api;
    let policy = props.policy;
    if (props.backend) {
      const wiring = ApimPolicy.document({
        inbound: [
          ApimPolicy.setBackendService({ backendId: props.backend.name }),
          ...(props.backend.managedIdentityResource ? [ApimPolicy.authenticationManagedIdentity({ resource: props.backend.managedIdentityResource })] : []),
        ],
      });
      policy = policy ? policy.with(wiring.props) : wiring;
    }
    if (policy) {
      const xml = this.renderPolicy(policy, "api", `the policy of API ${show(name)}`);
      this.apiPolicies[name] = new ApiManagementApiPolicy(this, `${id}Policy`, {
        apiName: api.name,
        apiManagementName: this.name,
        resourceGroupName: this.resourceGroupName,
        xmlContent: xml,
        dependsOn: props.backend ? [props.backend.resource] : undefined,
      });
    }
    return api;
  }

  /**
   * A named value (`{{name}}` in policies): a non-secret literal, or a Key Vault secret read by
   * the instance's system-assigned identity (granted Key Vault Secrets User when `keyVault` is given).
   */
  addNamedValue(id: string, props: ApimNamedValueProps): ApiManagementNamedValue {
    const path = `${this.node.path}/${id}`;
    const name = props.name ?? id;
    if (!Token.isUnresolved(name) && !NAMED_VALUE_NAME.test(name)) {
      throw new ValidationError(path, `named value name ${show(name)} is not allowed: 1-256 letters, digits, periods, hyphens and underscores`);
    }
    checkUnique(this.node.path, "named value", name, this.namedValues);
    if ((props.value === undefined) === (props.keyVaultSecret === undefined)) {
      throw new ValidationError(path, `named value ${show(name)} needs exactly one of value (not secret) and keyVaultSecret`);
    }
    let grant: RoleAssignment | undefined;
    if (props.keyVault) {
      grant = this.secretGrants.get(props.keyVault);
      if (!grant) {
        grant = props.keyVault.grantSecretsRead(this, `${this.node.id}SecretsRead`);
        this.secretGrants.set(props.keyVault, grant);
      }
    }
    const namedValue = new ApiManagementNamedValue(this, id, {
      name,
      displayName: name,
      apiManagementName: this.name,
      resourceGroupName: this.resourceGroupName,
      value: props.value,
      secret: props.keyVaultSecret ? true : false,
      valueFromKeyVault: props.keyVaultSecret ? { secretId: props.keyVaultSecret.versionlessId } : undefined,
      dependsOn: grant ? [grant] : undefined,
    });
    this.namedValues[name] = namedValue;
    return namedValue;
  }

  private checkPolicyTier(document: ApimPolicyDocument, where: string): void {
    const unsupported = document.unsupportedOn(this.tier);
    if (!unsupported.length) return;
    const u = unsupported[0];
    const alternative = u.policy === "rate-limit-by-key" ? `, or "rate-limit" (per subscription), which every tier has` : u.policy === "quota-by-key" ? `, or "quota" (per subscription), which every tier has` : "";
    throw new ValidationError(
      this.node.path,
      `policy "${u.policy}" (${u.section} section of ${where}) is not available on the ${this.tier} tier (${this.sku}); tiers that run it: ${u.tiers.join(", ")}; choose one of them${alternative}`,
    );
  }
}

function parseSku(path: string, sku: string): { tier: ApimTier; capacity: number } {
  if (Token.isUnresolved(sku)) return { tier: "Developer", capacity: 1 };
  const match = /^([A-Za-z0-9]+)_(\d+)$/.exec(sku);
  const tier = match?.[1];
  if (!match || !(APIM_TIERS as readonly string[]).includes(tier as string)) {
    const close = tier ? didYouMean(tier, APIM_TIERS) : undefined;
    throw new ValidationError(path, `sku ${show(sku)} is not an API Management SKU${close ? `; did you mean "${close}_..."?` : ""} (allowed: <tier>_<capacity> with tier ${APIM_TIERS.join(", ")}, e.g. "StandardV2_1")`);
  }
  const t = tier as ApimTier;
  const capacity = Number(match[2]);
  const { min, max } = APIM_CAPACITY[t];
  if (capacity < min || capacity > max) {
    throw new ValidationError(path, `sku ${show(sku)}: capacity ${capacity} is not available on ${t} (allowed: ${min === max ? `${min}` : `${min} to ${max}`})`);
  }
  return { tier: t, capacity };
}

function checkPublisher(path: string, name: string, email: string): void {
  if (!Token.isUnresolved(name) && (name.trim().length < 1 || name.length > 100)) {
    throw new ValidationError(path, `publisherName ${show(name)} is ${name.length} characters; Azure allows 1-100`);
  }
  if (!Token.isUnresolved(email) && (!EMAIL.test(email) || email.length > 100)) {
    throw new ValidationError(path, `publisherEmail ${show(email)} is not an email address of at most 100 characters`);
  }
}

function checkNetwork(path: string, tier: ApimTier, network: ApimVirtualNetworkProps): { type: "External" | "Internal" | "None"; subnetId: string; mode: ApimNetworkMode } {
  const f = APIM_TIER_FEATURES[tier];
  const delegations = network.subnet.delegations;
  const needDelegation = (service: string | undefined) => {
    if (delegations === undefined) return;
    const has = service ? delegations.includes(service) : delegations.length === 0;
    if (!has) {
      throw new ValidationError(
        path,
        `virtualNetwork: subnet ${show(network.subnet.name)} ${service ? `must be delegated to ${service}` : "must not be delegated"} for ${network.mode} on ${tier} (delegations: ${delegations.length ? delegations.join(", ") : "none"})`,
      );
    }
  };
  if (network.mode === "Integration") {
    if (!f.outboundIntegration) throw new ValidationError(path, `virtualNetwork mode "Integration" is not available on ${tier} (tiers with outbound VNet integration: ${tiersWith("outboundIntegration")})`);
    needDelegation("Microsoft.Web/serverFarms");
    return { type: "External", subnetId: network.subnet.id, mode: network.mode };
  }
  if (network.mode !== "External" && network.mode !== "Internal") {
    throw new ValidationError(path, `virtualNetwork mode ${show(network.mode)} is not allowed (allowed: External, Internal, Integration)`);
  }
  if (f.classicInjection) {
    needDelegation(undefined);
    return { type: network.mode, subnetId: network.subnet.id, mode: network.mode };
  }
  if (f.v2Injection && network.mode === "Internal") {
    needDelegation("Microsoft.Web/hostingEnvironments");
    return { type: "Internal", subnetId: network.subnet.id, mode: network.mode };
  }
  throw new ValidationError(
    path,
    `virtualNetwork mode ${show(network.mode)} is not available on ${tier} (classic injection: ${tiersWith("classicInjection")}; Premium v2 injection: "Internal" on PremiumV2; outbound "Integration": ${tiersWith("outboundIntegration")})`,
  );
}

function checkChildName(path: string, what: string, name: string): void {
  if (!Token.isUnresolved(name) && !CHILD_NAME.test(name)) {
    throw new ValidationError(path, `${what} name ${show(name)} is not allowed: 1-80 letters, digits, hyphens and underscores, starting and ending with a letter or digit`);
  }
}

function checkPercent(path: string, prop: string, value: number | undefined): void {
  if (value === undefined || Token.isUnresolved(value)) return;
  if (value < 0 || value > 100) throw new ValidationError(path, `${prop} ${value} is out of range (allowed: 0 to 100)`);
}

function checkBodyBytes(path: string, value: number): void {
  if (Token.isUnresolved(value)) return;
  if (!Number.isInteger(value) || value < 0 || value > 8192) throw new ValidationError(path, `applicationInsights.bodyBytes ${value} is out of range (allowed: 0 to 8192)`);
}
