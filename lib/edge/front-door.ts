import { CdnFrontdoorCustomDomain } from "@cdktf/provider-azurerm/lib/cdn-frontdoor-custom-domain";
import { CdnFrontdoorCustomDomainAssociation } from "@cdktf/provider-azurerm/lib/cdn-frontdoor-custom-domain-association";
import { CdnFrontdoorEndpoint } from "@cdktf/provider-azurerm/lib/cdn-frontdoor-endpoint";
import type { CdnFrontdoorFirewallPolicy } from "@cdktf/provider-azurerm/lib/cdn-frontdoor-firewall-policy";
import { CdnFrontdoorOrigin } from "@cdktf/provider-azurerm/lib/cdn-frontdoor-origin";
import { CdnFrontdoorOriginGroup } from "@cdktf/provider-azurerm/lib/cdn-frontdoor-origin-group";
import { CdnFrontdoorProfile } from "@cdktf/provider-azurerm/lib/cdn-frontdoor-profile";
import { CdnFrontdoorRoute, type CdnFrontdoorRouteCache } from "@cdktf/provider-azurerm/lib/cdn-frontdoor-route";
import { CdnFrontdoorRule, type CdnFrontdoorRuleActions, type CdnFrontdoorRuleConditions } from "@cdktf/provider-azurerm/lib/cdn-frontdoor-rule";
import { CdnFrontdoorRuleSet } from "@cdktf/provider-azurerm/lib/cdn-frontdoor-rule-set";
import { CdnFrontdoorSecurityPolicy } from "@cdktf/provider-azurerm/lib/cdn-frontdoor-security-policy";
import type { MonitorDiagnosticSetting } from "@cdktf/provider-azurerm/lib/monitor-diagnostic-setting";
import { Lazy, TerraformOutput, TerraformResource, Token, dependable } from "cdktf";
import { Construct } from "constructs";
import { resourceName } from "../core/azure-stack";
import { checkWholeNumber } from "../core/checks";
import { ValidationError, show } from "../core/errors";
import type { IResourceGroup } from "../core/interfaces";
import type { IDnsRecord, IDnsZone } from "../network/interfaces";
import { type DiagnosticSettingsProps, addDiagnosticSetting } from "../observability/diagnostic-settings";
import { checkCustomDomains, customDomainHostName } from "../web/custom-domain";
import { FRONT_DOOR_SKUS, type FrontDoorSku, type FrontDoorWafProps, createWafPolicy } from "./front-door-waf";

/*
 * Azure Front Door Standard/Premium (`azurerm_cdn_frontdoor_*`, Microsoft.Cdn/profiles): a global
 * entry point with TLS termination, caching, a WAF and origins anywhere.
 *
 * Sources, read 2026-11-29:
 * - azurerm 4.55 bindings; azurerm docs and validators for cdn_frontdoor_custom_domain (TXT
 *   `_dnsauth.<sub>` with `validation_token`; the CNAME after the route and security policy),
 *   _custom_domain_association (every route of the domain), _rule (url_path_condition values
 *   without a leading `/`; cache_duration `[d.]HH:MM:SS` up to `365.23:59:59`; no duration or
 *   query-string settings with `Disabled`), rule set and rule names (a letter, then letters and
 *   digits: 1-60 and 1-260), origin group names (2-90 letters, digits, hyphens);
 * - MicrosoftDocs includes/front-door-limits.md: endpoints per profile 10 (Standard) / 25
 *   (Premium), origins per origin group 50, rules per rule set 100, origin response timeout
 *   16-240 s;
 * - learn.microsoft.com/azure/frontdoor/tls-policy: TLS 1.2 minimum (1.0/1.1 refused since
 *   2025-03-01), TLS 1.3 always offered; azurerm 4.55 accepts `TLS12` as the minimum;
 * - learn.microsoft.com/azure/frontdoor/origin-security (`X-Azure-FDID`, the
 *   `AzureFrontDoor.Backend` service tag) and private-link (Premium only);
 * - learn.microsoft.com/azure/azure-monitor/reference/supported-logs/microsoft-cdn-profiles-logs
 *   (FrontDoorAccessLog, FrontDoorHealthProbeLog, FrontDoorWebApplicationFirewallLog).
 */

/**
 * The service tag of the addresses Front Door connects to origins from. An origin that admits
 * only this tag still admits every Front Door profile of every customer: check `X-Azure-FDID`
 * against your profile's `resourceGuid` as well.
 */
export const AZURE_FRONT_DOOR_BACKEND_SERVICE_TAG = "AzureFrontDoor.Backend";

/** The request header in which Front Door sends its profile's `resourceGuid` to origins. */
export const FRONT_DOOR_ID_HEADER = "X-Azure-FDID";

/** Log categories of a Front Door profile (all in the `allLogs` group the diagnostic setting sends). */
export const FRONT_DOOR_LOG_CATEGORIES = ["FrontDoorAccessLog", "FrontDoorHealthProbeLog", "FrontDoorWebApplicationFirewallLog"] as const;

/** Endpoints per profile, by tier (front-door-limits). */
const MAX_ENDPOINTS: Readonly<Record<FrontDoorSku, number>> = { Standard_AzureFrontDoor: 10, Premium_AzureFrontDoor: 25 };
const MAX_ORIGINS_PER_GROUP = 50;
const MAX_RULES_PER_RULE_SET = 100;

/** Names azurerm accepts for origin groups (and this library for origins, routes and custom domains): 2-90 letters, digits and hyphens. */
const CHILD_NAME = /^[A-Za-z0-9][A-Za-z0-9-]{0,88}[A-Za-z0-9]$/;
/** Rule set names (azurerm FrontDoorRuleSetName). */
const RULE_SET_NAME = /^[A-Za-z][A-Za-z0-9]{0,59}$/;
/** Rule names (azurerm FrontDoorRuleName). */
const RULE_NAME = /^[A-Za-z][A-Za-z0-9]{0,259}$/;
/** `HH:MM:SS` or `d.HH:MM:SS`. */
const DURATION = /^(?:(\d{1,3})\.)?([01]\d|2[0-3]):([0-5]\d):([0-5]\d)$/;
/** Content types compressed on routes with caching (text and script types Front Door compresses). */
const COMPRESSED_TYPES = [
  "text/html", "text/css", "text/plain", "text/xml", "text/javascript",
  "application/javascript", "application/x-javascript", "application/json", "application/xml", "image/svg+xml",
];

export interface FrontDoorProps {
  readonly resourceGroup: IResourceGroup;
  /** @default - generated: `afd-<workload>-<env>[-<instance>]` (the profile is global: no region) */
  readonly name?: string;
  /** Distinguishes several Front Doors in one stack, in generated names. @default - none */
  readonly instance?: string;
  /**
   * `Premium_AzureFrontDoor`: managed WAF rule sets (Default Rule Set, Bot Manager) and Private
   * Link origins. `Standard_AzureFrontDoor`: custom WAF rules only, public origins only, at a
   * fraction of the base fee. Forces a new profile when changed.
   * @default "Premium_AzureFrontDoor"
   */
  readonly sku?: FrontDoorSku;
  /** Seconds Front Door waits for an origin's response, 16-240. @default - Azure's default (azurerm: 120) */
  readonly responseTimeoutSeconds?: number;
  /**
   * The WAF policy, attached to every endpoint and custom domain by one security policy.
   * @default - Prevention mode, 1000 requests per minute per client IP, and on Premium the Default Rule Set 2.1 and Bot Manager 1.1
   */
  readonly waf?: FrontDoorWafProps;
  /**
   * Diagnostic settings of the profile: its access, health probe and WAF logs
   * (FRONT_DOOR_LOG_CATEGORIES) and metrics go to a Log Analytics workspace.
   * @default - none
   */
  readonly diagnosticSettings?: DiagnosticSettingsProps;
  /** Tags of the profile, its endpoints and its WAF policy. @default - none (the stack's tags aspect adds its own) */
  readonly tags?: Readonly<Record<string, string>>;
}

/** One endpoint (`<name>-<hash>.z01.azurefd.net`). */
export interface FrontDoorEndpointProps {
  /** @default - generated: `fde-<workload>-<env>-<id>` */
  readonly name?: string;
}

export interface FrontDoorEndpoint {
  readonly resource: CdnFrontdoorEndpoint;
  readonly id: string;
  readonly name: string;
  /** `<name>-<hash>.z01.azurefd.net`. */
  readonly hostName: string;
}

/** A private link from Front Door to an origin (Premium only): the origin can close its public endpoint. */
export interface FrontDoorPrivateLinkProps {
  /** ARM id of the origin resource (a web app, a storage account, an internal load balancer's Private Link service, an API Management instance). */
  readonly targetId: string;
  /** Region of the origin resource (of its Private Link service). */
  readonly location: string;
  /**
   * The origin's sub-resource: `sites` (App Service), `blob`, `blob_secondary`, `web`,
   * `web_secondary` (storage), `Gateway` (API Management); none for a Private Link service.
   * @default - none
   */
  readonly targetType?: string;
  /**
   * The message the origin's owner sees on the connection request. The connection must be approved
   * on the origin (portal, CLI or `az network private-endpoint-connection approve`) before traffic flows.
   * @default - `Azure Front Door` followed by the profile's name
   */
  readonly requestMessage?: string;
}

export interface FrontDoorOriginProps {
  /** Letters, digits and hyphens (2-90). @default - `origin<n>` (n = position, from 1) */
  readonly name?: string;
  /** The origin's host name or IP address (`app-x.azurewebsites.net`, `apim-x.azure-api.net`). */
  readonly hostName: string;
  /** The Host header sent to the origin; App Service and API Management need their own host name. @default - hostName */
  readonly originHostHeader?: string;
  /** 1-5; Front Door sends traffic to the lowest priority that is healthy (failover between regions). @default 1 */
  readonly priority?: number;
  /** 1-1000; share among origins of equal priority. @default 1000 */
  readonly weight?: number;
  /** @default 443 */
  readonly httpsPort?: number;
  /** A Private Link connection to the origin (Premium only). @default - none: Front Door reaches the origin's public endpoint */
  readonly privateLink?: FrontDoorPrivateLinkProps;
}

export interface FrontDoorHealthProbeProps {
  /** @default "/" */
  readonly path?: string;
  /** @default "HEAD" */
  readonly requestType?: "HEAD" | "GET";
  /** Seconds between probes, 1-255. @default 100 */
  readonly intervalSeconds?: number;
}

export interface FrontDoorLoadBalancingProps {
  /** Probes considered per decision. @default 4 */
  readonly sampleSize?: number;
  /** Successful probes among them for an origin to be healthy. @default 3 */
  readonly successfulSamplesRequired?: number;
  /** Origins within this latency (ms) of the fastest share traffic. @default 50 */
  readonly additionalLatencyMs?: number;
}

export interface FrontDoorOriginGroupProps {
  /** Letters, digits and hyphens (2-90). @default - the id */
  readonly name?: string;
  /** 1-50 origins; several with different priorities fail over (a secondary region). */
  readonly origins: readonly FrontDoorOriginProps[];
  /** Health probes over HTTPS; `false` for none (one origin only needs none). @default - HEAD / every 100 s */
  readonly healthProbe?: FrontDoorHealthProbeProps | false;
  /** @default - 4 samples, 3 successful, 50 ms */
  readonly loadBalancing?: FrontDoorLoadBalancingProps;
}

export interface FrontDoorOriginGroup {
  readonly resource: CdnFrontdoorOriginGroup;
  readonly id: string;
  readonly name: string;
  readonly origins: readonly CdnFrontdoorOrigin[];
}

/** Which requests a rule applies to: every condition given must hold. */
export interface FrontDoorRuleMatch {
  /** URL paths starting with one of these (`/assets/`; case-insensitive). @default - any path */
  readonly pathBeginsWith?: readonly string[];
  /** File extensions, without the dot (`js`, `css`; case-insensitive). @default - any extension */
  readonly extensions?: readonly string[];
}

export interface FrontDoorCacheRuleProps extends FrontDoorRuleMatch {
  /** Letters and digits, starting with a letter. */
  readonly name: string;
  /** How long Front Door caches the responses, whatever the origin says: `HH:MM:SS` below a day, `d.HH:MM:SS` from a day (`1.00:00:00`), at most `365.23:59:59`. */
  readonly duration: string;
  /** @default "IgnoreQueryString" (one cached copy per path) */
  readonly queryString?: "IgnoreQueryString" | "UseQueryString";
  /** Compress responses. @default true */
  readonly compression?: boolean;
}

export interface FrontDoorNoCacheRuleProps extends FrontDoorRuleMatch {
  /** Letters and digits, starting with a letter. */
  readonly name: string;
}

/** A rule of a rule set, built with `cacheRule`, `noCacheRule` or `customRule`. */
export type FrontDoorRule =
  | ({ readonly kind: "cache" } & FrontDoorCacheRuleProps)
  | ({ readonly kind: "noCache" } & FrontDoorNoCacheRuleProps)
  | {
      readonly kind: "custom";
      readonly name: string;
      readonly conditions?: CdnFrontdoorRuleConditions;
      readonly actions: CdnFrontdoorRuleActions;
      readonly behaviorOnMatch?: "Continue" | "Stop";
    };

/** Cache matching responses at the edge for `duration`, overriding the origin's Cache-Control (`OverrideAlways`). */
export function cacheRule(props: FrontDoorCacheRuleProps): FrontDoorRule {
  return { kind: "cache", ...props };
}

/** Never cache matching responses (cache behavior `Disabled`): for API paths under a cached route. */
export function noCacheRule(props: FrontDoorNoCacheRuleProps): FrontDoorRule {
  return { kind: "noCache", ...props };
}

/** A rule as azurerm takes it (headers, redirects, rewrites). */
export function customRule(props: Omit<Extract<FrontDoorRule, { kind: "custom" }>, "kind">): FrontDoorRule {
  return { kind: "custom", ...props };
}

export interface FrontDoorRuleSetProps {
  /** Letters and digits, starting with a letter, 1-60. @default - the id */
  readonly name?: string;
  /** Rules, applied in this order (at most 100). */
  readonly rules: readonly FrontDoorRule[];
}

export interface FrontDoorRuleSet {
  readonly resource: CdnFrontdoorRuleSet;
  readonly id: string;
  readonly name: string;
  readonly rules: readonly CdnFrontdoorRule[];
}

/** A custom domain served by the Front Door: a subdomain of a public Azure DNS zone. */
export interface FrontDoorCustomDomainProps {
  /** The labels below the zone: `www` for `www.example.com`. No apex, no wildcard. */
  readonly subdomain: string;
  /**
   * The public DNS zone. Front Door validates the domain with the TXT record
   * `_dnsauth.<subdomain>` this construct writes, once the zone is delegated (the token expires
   * after 7 days: regenerate it in the portal if delegation takes longer), and issues a free
   * managed certificate (TLS 1.2 minimum; TLS 1.3 is always offered).
   */
  readonly dnsZone: IDnsZone;
  /** Letters, digits and hyphens (2-90). @default - the host name with dots as hyphens */
  readonly name?: string;
}

export interface FrontDoorCustomDomain {
  readonly resource: CdnFrontdoorCustomDomain;
  readonly id: string;
  /** `<subdomain>.<zone>`. */
  readonly hostName: string;
  readonly subdomain: string;
  readonly dnsZone: IDnsZone;
  /** The `_dnsauth` TXT record, and once a route serves the domain, its CNAME to the endpoint. */
  readonly records: IDnsRecord[];
}

/** Edge caching of a route. */
export interface FrontDoorRouteCacheProps {
  /** @default "IgnoreQueryString" */
  readonly queryStringCachingBehavior?: "IgnoreQueryString" | "UseQueryString" | "IgnoreSpecifiedQueryStrings" | "IncludeSpecifiedQueryStrings";
  /** For the `...Specified...` behaviors. @default - none */
  readonly queryStrings?: readonly string[];
  /** Compress text responses. @default true */
  readonly compression?: boolean;
}

export interface FrontDoorRouteProps {
  /** Letters, digits and hyphens (2-90). @default - the id */
  readonly name?: string;
  readonly endpoint: FrontDoorEndpoint;
  readonly originGroup: FrontDoorOriginGroup;
  /** Paths the route serves (`/api/*`). @default ["/*"] */
  readonly patterns?: readonly string[];
  /**
   * Redirect HTTP to HTTPS. `false` serves HTTPS only (plain HTTP is not accepted at all);
   * never plain HTTP. AZ-AFD-003 checks it.
   * @default true
   */
  readonly httpsRedirect?: boolean;
  /** How Front Door connects to the origin. `HttpOnly` is refused. @default "HttpsOnly" */
  readonly forwardingProtocol?: "HttpsOnly" | "MatchRequest";
  /**
   * Edge caching. Leave it out for a route that must not be cached at the edge (an API: Front Door
   * then caches nothing, whatever the origin's Cache-Control says).
   * @default - no caching
   */
  readonly cache?: FrontDoorRouteCacheProps;
  /** Rule sets applied to the route's requests (caching per path or extension, headers). @default - none */
  readonly ruleSets?: readonly FrontDoorRuleSet[];
  /** Custom domains the route serves, besides the endpoint's own host name. @default - none */
  readonly customDomains?: readonly FrontDoorCustomDomain[];
  /** A path prefix added before the request path on the way to the origin. @default - none */
  readonly originPath?: string;
}

/**
 * Azure Front Door Standard/Premium: a profile, its endpoints, origin groups (failover by
 * priority), routes (HTTPS redirect, HTTPS to origins), rule sets (typed caching rules), custom
 * domains (managed certificates, TLS 1.2 minimum, DNS records written), and a WAF policy attached
 * to every endpoint and custom domain by one security policy. Managed rule sets and Private Link
 * origins are Premium features; asking for them on Standard is a ValidationError.
 *
 * Origins locked to Front Door: `resourceGuid` is what Front Door sends in `X-Azure-FDID`;
 * admit the `AzureFrontDoor.Backend` service tag and check that header (AppServiceWithSlots'
 * `restrictToFrontDoor`), or use Private Link (Premium).
 *
 * Construct ids: `Profile`, `WafPolicy`, `SecurityPolicy`, `Endpoint-<id>`, `OriginGroup-<id>` with
 * `OriginGroup-<id>-<origin name>`, `RuleSet-<id>` with `RuleSet-<id>-<rule name>`, `Route-<id>`,
 * `Domain-<host name>` with `Domain-<host name>-Association`, `Diagnostics`.
 */
export class FrontDoor extends Construct {
  readonly profile: CdnFrontdoorProfile;
  readonly sku: FrontDoorSku;
  readonly id: string;
  readonly name: string;
  /** The profile's GUID: the value Front Door sends to origins in `X-Azure-FDID`. */
  readonly resourceGuid: string;
  readonly wafPolicy: CdnFrontdoorFirewallPolicy;
  /** Attaches the WAF policy to every endpoint and custom domain (`/*`). */
  readonly securityPolicy: CdnFrontdoorSecurityPolicy;
  readonly diagnosticSetting?: MonitorDiagnosticSetting;
  readonly endpoints: Record<string, FrontDoorEndpoint> = {};
  readonly originGroups: Record<string, FrontDoorOriginGroup> = {};
  readonly ruleSets: Record<string, FrontDoorRuleSet> = {};
  readonly routes: Record<string, CdnFrontdoorRoute> = {};
  readonly customDomains: Record<string, FrontDoorCustomDomain> = {};

  private readonly props: FrontDoorProps;
  /** Endpoint and custom domain ids the security policy covers. */
  private readonly protectedDomainIds: string[] = [];
  private readonly domainsTaken = new Map<IDnsZone, Set<string>>();
  /** Routes per custom domain (for its association) and whether its CNAME is written. */
  private readonly domainRoutes = new Map<FrontDoorCustomDomain, { routeIds: string[]; cname?: IDnsRecord }>();

  constructor(scope: Construct, id: string, props: FrontDoorProps) {
    super(scope, id);
    const path = this.node.path;
    this.props = props;
    const sku = props.sku ?? "Premium_AzureFrontDoor";
    if (!Token.isUnresolved(sku) && !(FRONT_DOOR_SKUS as readonly string[]).includes(sku)) {
      throw new ValidationError(path, `sku ${show(sku)} is not a Front Door tier (allowed: ${FRONT_DOOR_SKUS.join(", ")}; the classic tiers and Azure CDN from Microsoft are not offered)`);
    }
    this.sku = sku;
    checkWholeNumber(path, "responseTimeoutSeconds", props.responseTimeoutSeconds, 16, 240);
    const tags = props.tags ? { ...props.tags } : undefined;
    this.profile = new CdnFrontdoorProfile(this, "Profile", {
      name: resourceName(this, "frontDoorProfile", props.name, props.instance),
      resourceGroupName: props.resourceGroup.name,
      skuName: sku,
      responseTimeoutSeconds: props.responseTimeoutSeconds,
      tags,
    });
    this.id = this.profile.id;
    this.name = this.profile.name;
    this.resourceGuid = this.profile.resourceGuid;
    this.wafPolicy = createWafPolicy(this, "WafPolicy", props.waf ?? {}, { resourceGroup: props.resourceGroup, sku, instance: props.instance, tags });
    this.securityPolicy = new CdnFrontdoorSecurityPolicy(this, "SecurityPolicy", {
      name: "waf",
      cdnFrontdoorProfileId: this.profile.id,
      securityPolicies: {
        firewall: {
          cdnFrontdoorFirewallPolicyId: this.wafPolicy.id,
          association: {
            // Every endpoint and custom domain added, in order (snake_case: the list is a token).
            domain: Lazy.anyValue({ produce: () => this.protectedDomainIds.map((domainId) => ({ cdn_frontdoor_domain_id: domainId })) }),
            patternsToMatch: ["/*"],
          },
        },
      },
    });
    if (props.diagnosticSettings) {
      this.diagnosticSetting = addDiagnosticSetting(this, "Diagnostics", this.profile.id, props.diagnosticSettings);
    }
    this.node.addValidation({
      validate: () => (Object.keys(this.endpoints).length === 0 ? [`${path}: the Front Door has no endpoint (add one with addEndpoint; the WAF's security policy needs at least one domain)`] : []),
    });
  }

  /** An endpoint (`<name>-<hash>.z01.azurefd.net`), protected by the WAF. */
  addEndpoint(id: string, props: FrontDoorEndpointProps = {}): FrontDoorEndpoint {
    const path = this.node.path;
    if (this.endpoints[id]) throw new ValidationError(path, `endpoint ${show(id)} is added twice`);
    const max = MAX_ENDPOINTS[this.sku];
    if (max !== undefined && Object.keys(this.endpoints).length >= max) {
      throw new ValidationError(path, `endpoint ${show(id)} would be number ${max + 1} (allowed: at most ${max} endpoints per ${this.sku} profile)`);
    }
    const name = resourceName(this, "frontDoorEndpoint", props.name, [this.props.instance, id].filter(Boolean).join("-"));
    const resource = new CdnFrontdoorEndpoint(this, `Endpoint-${id}`, {
      name,
      cdnFrontdoorProfileId: this.profile.id,
      enabled: true,
      tags: this.props.tags ? { ...this.props.tags } : undefined,
    });
    this.protectedDomainIds.push(resource.id);
    const endpoint = { resource, id: resource.id, name, hostName: resource.hostName };
    this.endpoints[id] = endpoint;
    new TerraformOutput(this, `Endpoint-${id}-HostName`, { value: resource.hostName, description: `Host name of Front Door endpoint ${id}` });
    return endpoint;
  }

  /** An origin group with its origins; several origins with different priorities fail over. */
  addOriginGroup(id: string, props: FrontDoorOriginGroupProps): FrontDoorOriginGroup {
    const path = this.node.path;
    if (this.originGroups[id]) throw new ValidationError(path, `origin group ${show(id)} is added twice`);
    const name = checkChildName(path, `origin group ${show(id)} name`, props.name ?? id);
    const origins = props.origins;
    if (origins.length === 0 || origins.length > MAX_ORIGINS_PER_GROUP) {
      throw new ValidationError(path, `origin group ${show(id)} has ${origins.length} origins (allowed: 1 to ${MAX_ORIGINS_PER_GROUP})`);
    }
    const probe = props.healthProbe === false ? undefined : props.healthProbe ?? {};
    if (probe) checkWholeNumber(path, `origin group ${show(id)} healthProbe.intervalSeconds`, probe.intervalSeconds, 1, 255);
    const lb = props.loadBalancing ?? {};
    checkWholeNumber(path, `origin group ${show(id)} loadBalancing.sampleSize`, lb.sampleSize, 0, 255);
    checkWholeNumber(path, `origin group ${show(id)} loadBalancing.successfulSamplesRequired`, lb.successfulSamplesRequired, 0, 255);
    checkWholeNumber(path, `origin group ${show(id)} loadBalancing.additionalLatencyMs`, lb.additionalLatencyMs, 0, 1000);
    const resource = new CdnFrontdoorOriginGroup(this, `OriginGroup-${id}`, {
      name,
      cdnFrontdoorProfileId: this.profile.id,
      sessionAffinityEnabled: false,
      healthProbe: probe && {
        protocol: "Https",
        path: probe.path ?? "/",
        requestType: probe.requestType ?? "HEAD",
        intervalInSeconds: probe.intervalSeconds ?? 100,
      },
      loadBalancing: {
        sampleSize: lb.sampleSize ?? 4,
        successfulSamplesRequired: lb.successfulSamplesRequired ?? 3,
        additionalLatencyInMilliseconds: lb.additionalLatencyMs ?? 50,
      },
    });
    const names = new Set<string>();
    const originResources = origins.map((origin, i) => {
      const label = `origin group ${show(id)} origins[${i}]`;
      const originName = checkChildName(path, `${label} name`, origin.name ?? `origin${i + 1}`);
      if (names.has(originName)) throw new ValidationError(path, `${label} name ${show(originName)} is used twice in the group`);
      names.add(originName);
      checkWholeNumber(path, `${label}.priority`, origin.priority, 1, 5);
      checkWholeNumber(path, `${label}.weight`, origin.weight, 1, 1000);
      checkWholeNumber(path, `${label}.httpsPort`, origin.httpsPort, 1, 65535);
      const link = origin.privateLink;
      if (link && this.sku !== "Premium_AzureFrontDoor") {
        throw new ValidationError(path, `${label}.privateLink needs the Premium tier; sku ${show(this.sku)} reaches origins over their public endpoints only (allowed: sku "Premium_AzureFrontDoor", or no privateLink)`);
      }
      return new CdnFrontdoorOrigin(this, `OriginGroup-${id}-${originName}`, {
        name: originName,
        cdnFrontdoorOriginGroupId: resource.id,
        enabled: true,
        hostName: origin.hostName,
        originHostHeader: origin.originHostHeader ?? origin.hostName,
        // Front Door checks the origin's certificate against the host name: never a spoofed origin.
        certificateNameCheckEnabled: true,
        httpsPort: origin.httpsPort ?? 443,
        priority: origin.priority ?? 1,
        weight: origin.weight ?? 1000,
        privateLink: link && {
          privateLinkTargetId: link.targetId,
          location: link.location,
          targetType: link.targetType,
          requestMessage: link.requestMessage ?? `Azure Front Door ${this.name}`,
        },
      });
    });
    const group = { resource, id: resource.id, name, origins: originResources };
    this.originGroups[id] = group;
    return group;
  }

  /** A rule set (caching rules and others), for routes' `ruleSets`. */
  addRuleSet(id: string, props: FrontDoorRuleSetProps): FrontDoorRuleSet {
    const path = this.node.path;
    if (this.ruleSets[id]) throw new ValidationError(path, `rule set ${show(id)} is added twice`);
    const name = props.name ?? id;
    if (!Token.isUnresolved(name) && !RULE_SET_NAME.test(name)) {
      throw new ValidationError(path, `rule set name ${show(name)} is not allowed (allowed: a letter, then letters and digits, 1-60 characters)`);
    }
    if (props.rules.length === 0 || props.rules.length > MAX_RULES_PER_RULE_SET) {
      throw new ValidationError(path, `rule set ${show(name)} has ${props.rules.length} rules (allowed: 1 to ${MAX_RULES_PER_RULE_SET})`);
    }
    const resource = new CdnFrontdoorRuleSet(this, `RuleSet-${id}`, { name, cdnFrontdoorProfileId: this.profile.id });
    const seen = new Set<string>();
    const rules: CdnFrontdoorRule[] = [];
    props.rules.forEach((rule, order) => {
      const label = `rule set ${show(name)} rule ${show(rule.name)}`;
      if (!Token.isUnresolved(rule.name) && !RULE_NAME.test(rule.name)) {
        throw new ValidationError(path, `${label}: the name is not allowed (allowed: a letter, then letters and digits)`);
      }
      if (seen.has(rule.name)) throw new ValidationError(path, `${label} is defined twice in the rule set`);
      seen.add(rule.name);
      const { conditions, actions, behaviorOnMatch } = ruleDefinition(path, label, rule);
      // Each rule waits for the one before: Front Door refuses concurrent changes to a rule set.
      const dependsOn = rules.length ? [rules[rules.length - 1]] : undefined;
      rules.push(
        new CdnFrontdoorRule(this, `RuleSet-${id}-${rule.name}`, {
          name: rule.name,
          cdnFrontdoorRuleSetId: resource.id,
          order: order + 1,
          behaviorOnMatch: behaviorOnMatch ?? "Continue",
          conditions,
          actions,
          dependsOn,
        }),
      );
    });
    const set = { resource, id: resource.id, name, rules };
    this.ruleSets[id] = set;
    return set;
  }

  /**
   * A custom domain with a managed certificate (TLS 1.2 minimum) and its `_dnsauth` TXT record;
   * the CNAME to the endpoint is written when a route first serves the domain. The WAF covers it.
   */
  addCustomDomain(id: string, props: FrontDoorCustomDomainProps): FrontDoorCustomDomain {
    const path = this.node.path;
    if (this.customDomains[id]) throw new ValidationError(path, `custom domain ${show(id)} is added twice`);
    // `bind` is App Service's two-step binding; Front Door validates through the TXT record instead.
    const asDomain = { ...props, bind: true };
    checkCustomDomains(path, `customDomain ${show(id)}`, [asDomain], {}, this.domainsTaken);
    const hostName = customDomainHostName(asDomain);
    const zoneKnown = !Token.isUnresolved(props.dnsZone.name);
    const name = checkChildName(path, `custom domain ${show(id)} name`, props.name ?? (zoneKnown ? hostName.replace(/\./g, "-") : id));
    const constructId = zoneKnown ? `Domain-${hostName}` : `Domain-${id}`;
    const resource = new CdnFrontdoorCustomDomain(this, constructId, {
      name,
      cdnFrontdoorProfileId: this.profile.id,
      dnsZoneId: props.dnsZone.id,
      hostName,
      tls: { certificateType: "ManagedCertificate", minimumTlsVersion: "TLS12" },
    });
    const txt = props.dnsZone.addTxtRecord(`Txt-_dnsauth.${props.subdomain}`, `_dnsauth.${props.subdomain}`, [resource.validationToken]);
    this.protectedDomainIds.push(resource.id);
    const domain: FrontDoorCustomDomain = { resource, id: resource.id, hostName, subdomain: props.subdomain, dnsZone: props.dnsZone, records: [txt] };
    this.customDomains[id] = domain;
    const routes = { routeIds: [] as string[] };
    this.domainRoutes.set(domain, routes);
    // Every route of the domain, or azurerm cannot delete the domain later.
    new CdnFrontdoorCustomDomainAssociation(this, `${constructId}-Association`, {
      cdnFrontdoorCustomDomainId: resource.id,
      cdnFrontdoorRouteIds: Lazy.listValue({ produce: () => routes.routeIds }),
    });
    this.node.addValidation({
      validate: () => (routes.routeIds.length === 0 ? [`${path}: custom domain ${show(hostName)} is served by no route (list it in a route's customDomains)`] : []),
    });
    return domain;
  }

  /** A route from an endpoint (and custom domains) to an origin group: HTTPS to the client and to the origin. */
  addRoute(id: string, props: FrontDoorRouteProps): CdnFrontdoorRoute {
    const path = this.node.path;
    if (this.routes[id]) throw new ValidationError(path, `route ${show(id)} is added twice`);
    const name = checkChildName(path, `route ${show(id)} name`, props.name ?? id);
    const own = (what: string, value: unknown) => {
      if (!value) throw new ValidationError(path, `route ${show(id)} ${what} belongs to another Front Door (allowed: endpoints, origin groups, rule sets and custom domains added to this one)`);
    };
    own("endpoint", Object.values(this.endpoints).includes(props.endpoint));
    own("originGroup", Object.values(this.originGroups).includes(props.originGroup));
    for (const set of props.ruleSets ?? []) own(`rule set ${show(set.name)}`, Object.values(this.ruleSets).includes(set));
    for (const domain of props.customDomains ?? []) own(`custom domain ${show(domain.hostName)}`, this.domainRoutes.has(domain));
    const patterns = props.patterns ?? ["/*"];
    patterns.forEach((p) => {
      if (!Token.isUnresolved(p) && !p.startsWith("/")) throw new ValidationError(path, `route ${show(id)} pattern ${show(p)} does not start with "/" (allowed: paths such as "/*" or "/api/*")`);
    });
    const forwarding = props.forwardingProtocol ?? "HttpsOnly";
    if (!Token.isUnresolved(forwarding) && forwarding !== "HttpsOnly" && forwarding !== "MatchRequest") {
      throw new ValidationError(path, `route ${show(id)} forwardingProtocol ${show(forwarding)} is not allowed (allowed: "HttpsOnly", "MatchRequest"; plain HTTP to origins is refused)`);
    }
    const httpsRedirect = props.httpsRedirect ?? true;
    const route = new CdnFrontdoorRoute(this, `Route-${id}`, {
      name,
      cdnFrontdoorEndpointId: props.endpoint.id,
      cdnFrontdoorOriginGroupId: props.originGroup.id,
      cdnFrontdoorOriginIds: props.originGroup.origins.map((o) => o.id),
      cdnFrontdoorRuleSetIds: props.ruleSets?.length ? props.ruleSets.map((s) => s.id) : undefined,
      cdnFrontdoorCustomDomainIds: props.customDomains?.length ? props.customDomains.map((d) => d.id) : undefined,
      cdnFrontdoorOriginPath: props.originPath,
      enabled: true,
      linkToDefaultDomain: true,
      patternsToMatch: [...patterns],
      // With the redirect, HTTP is accepted only to answer it with a redirect to HTTPS.
      supportedProtocols: httpsRedirect ? ["Http", "Https"] : ["Https"],
      httpsRedirectEnabled: httpsRedirect,
      forwardingProtocol: forwarding,
      cache: props.cache && routeCache(path, id, props.cache),
      // The origins must exist before a route uses them; rules before a route applies their set.
      dependsOn: [...props.originGroup.origins, ...(props.ruleSets ?? []).flatMap((s) => s.rules)],
    });
    this.routes[id] = route;
    for (const domain of props.customDomains ?? []) {
      const entry = this.domainRoutes.get(domain)!;
      entry.routeIds.push(route.id);
      if (!entry.cname) {
        // The CNAME after the route and the security policy (azurerm's documented order), so that
        // Front Door serves the domain the moment it resolves to the endpoint.
        const cname = domain.dnsZone.addCnameRecord(`Cname-${domain.subdomain}`, domain.subdomain, props.endpoint.hostName);
        const resource = (cname as { resource?: unknown }).resource;
        if (resource instanceof TerraformResource) resource.dependsOn = [...(resource.dependsOn ?? []), dependable(route), dependable(this.securityPolicy)];
        entry.cname = cname;
        domain.records.push(cname);
      }
    }
    return route;
  }
}

function checkChildName(path: string, what: string, name: string): string {
  if (!Token.isUnresolved(name) && !CHILD_NAME.test(name)) {
    throw new ValidationError(path, `${what} ${show(name)} is not allowed (allowed: 2-90 letters, digits and hyphens, starting and ending with a letter or digit)`);
  }
  return name;
}

function routeCache(path: string, id: string, cache: FrontDoorRouteCacheProps): CdnFrontdoorRouteCache {
  const behavior = cache.queryStringCachingBehavior ?? "IgnoreQueryString";
  const specified = behavior === "IgnoreSpecifiedQueryStrings" || behavior === "IncludeSpecifiedQueryStrings";
  if (specified && !cache.queryStrings?.length) {
    throw new ValidationError(path, `route ${show(id)} cache.queryStringCachingBehavior ${show(behavior)} needs cache.queryStrings (the parameter names)`);
  }
  if (!specified && cache.queryStrings?.length) {
    throw new ValidationError(path, `route ${show(id)} cache.queryStrings is set with ${show(behavior)} (allowed: only with "IgnoreSpecifiedQueryStrings" or "IncludeSpecifiedQueryStrings")`);
  }
  const compression = cache.compression ?? true;
  return {
    queryStringCachingBehavior: behavior,
    queryStrings: cache.queryStrings?.length ? [...cache.queryStrings] : undefined,
    compressionEnabled: compression,
    contentTypesToCompress: compression ? [...COMPRESSED_TYPES] : undefined,
  };
}

/** The conditions and actions of a rule (validated). */
function ruleDefinition(path: string, label: string, rule: FrontDoorRule): { conditions?: CdnFrontdoorRuleConditions; actions: CdnFrontdoorRuleActions; behaviorOnMatch?: "Continue" | "Stop" } {
  if (rule.kind === "custom") return { conditions: rule.conditions, actions: rule.actions, behaviorOnMatch: rule.behaviorOnMatch };
  const conditions = matchConditions(path, label, rule);
  if (rule.kind === "noCache") {
    return { conditions, actions: { routeConfigurationOverrideAction: { cacheBehavior: "Disabled" } } };
  }
  checkDuration(path, label, rule.duration);
  return {
    conditions,
    actions: {
      routeConfigurationOverrideAction: {
        cacheBehavior: "OverrideAlways",
        cacheDuration: rule.duration,
        queryStringCachingBehavior: rule.queryString ?? "IgnoreQueryString",
        compressionEnabled: rule.compression ?? true,
      },
    },
  };
}

function matchConditions(path: string, label: string, match: FrontDoorRuleMatch): CdnFrontdoorRuleConditions | undefined {
  const paths = match.pathBeginsWith ?? [];
  const extensions = match.extensions ?? [];
  for (const p of paths) {
    if (!Token.isUnresolved(p) && !p.startsWith("/")) throw new ValidationError(path, `${label}: pathBeginsWith ${show(p)} does not start with "/" (allowed: paths such as "/assets/")`);
  }
  for (const e of extensions) {
    if (!Token.isUnresolved(e) && !/^[A-Za-z0-9]+$/.test(e)) throw new ValidationError(path, `${label}: extension ${show(e)} is not allowed (allowed: letters and digits without the dot, e.g. "js")`);
  }
  if (!paths.length && !extensions.length) return undefined;
  return {
    // The rules engine compares the path after its first "/" (azurerm refuses a leading "/").
    urlPathCondition: paths.length ? [{ operator: "BeginsWith", matchValues: paths.map((p) => (p === "/" ? p : p.slice(1))), transforms: ["Lowercase"] }] : undefined,
    urlFileExtensionCondition: extensions.length ? [{ operator: "Equal", matchValues: extensions.map((e) => e.toLowerCase()), transforms: ["Lowercase"] }] : undefined,
  };
}

function checkDuration(path: string, label: string, duration: string): void {
  if (Token.isUnresolved(duration)) return;
  const m = DURATION.exec(duration);
  const days = m?.[1] === undefined ? 0 : Number(m[1]);
  if (!m || (m[1] !== undefined && (days < 1 || days > 365))) {
    throw new ValidationError(path, `${label}: duration ${show(duration)} is not a cache duration (allowed: "HH:MM:SS" below a day, "d.HH:MM:SS" from 1 to 365 days, e.g. "01:00:00" or "1.00:00:00")`);
  }
  if (days === 0 && m[2] === "00" && m[3] === "00" && m[4] === "00") {
    throw new ValidationError(path, `${label}: duration "00:00:00" caches nothing (use noCacheRule instead)`);
  }
}
