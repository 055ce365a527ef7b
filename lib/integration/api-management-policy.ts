import { Token } from "cdktf";
import { ValidationError, show } from "../core/errors";

/*
 * Typed API Management policy statements that render policy XML, so that stacks never carry raw
 * XML strings. Each statement knows the tiers whose gateway runs it and the policy sections it
 * may appear in; ApiManagement refuses at synth a document with a statement its tier lacks.
 *
 * Sources, read 2026-11-29 (learn.microsoft.com/azure/api-management/...):
 * - api-management-policies ("API Management policy reference": gateway support per policy);
 * - each policy's page ("APPLIES TO" tiers, attributes, policy sections): rate-limit-policy,
 *   rate-limit-by-key-policy, quota-policy, quota-by-key-policy, validate-jwt-policy,
 *   ip-filter-policy, check-header-policy, set-header-policy, cors-policy,
 *   authentication-managed-identity-policy, set-backend-service-policy;
 * - set-edit-policies (the `<base />` element, the global scope's `<forward-request />`).
 */

/** API Management tiers (the `sku_name` prefix in azurerm 4.55). */
export const APIM_TIERS = ["Consumption", "Developer", "Basic", "Standard", "Premium", "BasicV2", "StandardV2", "PremiumV2"] as const;
export type ApimTier = (typeof APIM_TIERS)[number];

/** Every tier. */
const ALL_TIERS: readonly ApimTier[] = APIM_TIERS;
/** Every tier but Consumption (its gateway lacks the `*-by-key` counters). */
const DEDICATED_TIERS: readonly ApimTier[] = APIM_TIERS.filter((t) => t !== "Consumption");
/**
 * quota-by-key: its page says "APPLIES TO: Developer | Basic | Standard | Premium" (classic
 * dedicated tiers only). The policy reference's table has marked the V2 gateway both "No" and, in
 * a later revision, "Yes"; the policy's own page is followed until it lists the v2 tiers.
 */
const CLASSIC_DEDICATED_TIERS: readonly ApimTier[] = ["Developer", "Basic", "Standard", "Premium"];

/** The sections of a policy document, in the order API Management runs them. */
export type ApimPolicySection = "inbound" | "backend" | "outbound" | "on-error";

/** One policy statement (`<rate-limit-by-key .../>`), rendered by ApimPolicyDocument. */
export interface ApimPolicyStatement {
  /** The element name, e.g. `rate-limit-by-key`. */
  readonly policy: string;
  /** Tiers whose gateway runs the policy. */
  readonly tiers: readonly ApimTier[];
  /** Sections the policy may appear in. */
  readonly sections: readonly ApimPolicySection[];
  /** The statement's XML lines, without indentation. */
  readonly lines: readonly string[];
}

/** Escapes a value for an XML attribute in double quotes. Policy expressions (`@(...)`) are attribute values like any other. */
export function xmlAttribute(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&apos;");
}

/** Escapes a value for XML element text. */
export function xmlText(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

type AttributeValue = string | number | boolean | undefined;

function element(name: string, attributes: Record<string, AttributeValue>, children: readonly string[] = []): string[] {
  const attrs = Object.entries(attributes)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}="${xmlAttribute(String(v))}"`)
    .join("");
  if (!children.length) return [`<${name}${attrs} />`];
  return [`<${name}${attrs}>`, ...children.map((c) => `  ${c}`), `</${name}>`];
}

function textElement(name: string, text: string): string {
  return `<${name}>${xmlText(text)}</${name}>`;
}

const WHERE = "ApimPolicy";

function fail(message: string): never {
  throw new ValidationError(WHERE, message);
}

/** A whole number within [min, max]; tokens pass. */
function checkWhole(policy: string, attribute: string, value: number | undefined, min: number, max = Number.MAX_SAFE_INTEGER): void {
  if (value === undefined || Token.isUnresolved(value)) return;
  if (!Number.isInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `a whole number of at least ${min}` : `a whole number from ${min} to ${max}`;
    fail(`${policy} ${attribute} ${show(value)} is not allowed (allowed: ${range})`);
  }
}

function checkNotEmpty(policy: string, attribute: string, value: string | undefined): void {
  if (value === undefined || Token.isUnresolved(value)) return;
  if (!value.trim()) fail(`${policy} ${attribute} is empty; give a value or a policy expression such as "@(context.Request.IpAddress)"`);
}

function checkHttpsUrl(policy: string, attribute: string, value: string): void {
  if (Token.isUnresolved(value)) return;
  if (!/^https:\/\/[^\s/]+/.test(value)) fail(`${policy} ${attribute} ${show(value)} is not an https:// URL`);
}

function checkHttpCode(policy: string, attribute: string, value: number | undefined): void {
  checkWhole(policy, attribute, value, 100, 599);
}

/** `validate-jwt`: a JWT must be present and valid (learn.microsoft.com/azure/api-management/validate-jwt-policy). */
export interface ValidateJwtProps {
  /** Header that carries the token. @default "Authorization" */
  readonly headerName?: string;
  /** Status code of a request whose token fails. @default 401 */
  readonly failedValidationHttpCode?: number;
  /** Message of a request whose token fails. @default "Unauthorized" */
  readonly failedValidationErrorMessage?: string;
  /** Tokens must carry an expiration claim. @default true */
  readonly requireExpirationTime?: boolean;
  /** Tokens must be signed. @default true */
  readonly requireSignedTokens?: boolean;
  /** Tolerated clock difference in seconds. @default - none (API Management's default) */
  readonly clockSkewSeconds?: number;
  /**
   * OpenID Connect metadata URL the signing keys come from, e.g.
   * `https://login.microsoftonline.com/<tenant>/v2.0/.well-known/openid-configuration`. Without a
   * key source validate-jwt cannot check signatures, so it is required.
   */
  readonly openIdConfigUrl: string;
  /** Accepted `aud` values. @default - any audience */
  readonly audiences?: readonly string[];
  /** Accepted `iss` values. @default - any issuer */
  readonly issuers?: readonly string[];
}

/** `rate-limit-by-key`: at most `calls` per `renewalPeriodSeconds` per key (HTTP 429 beyond). */
export interface RateLimitByKeyProps {
  /** Calls allowed per period, at least 1. */
  readonly calls: number;
  /** Length of the sliding window in seconds, at least 1. */
  readonly renewalPeriodSeconds: number;
  /** The key counted, usually a policy expression: `@(context.Request.IpAddress)`. */
  readonly counterKey: string;
  /** Boolean policy expression: only matching requests count. @default - every request */
  readonly incrementCondition?: string;
}

/** `quota-by-key`: at most `calls` (and/or `bandwidthKilobytes`) per period per key (HTTP 403 beyond). */
export interface QuotaByKeyProps {
  /** Calls allowed per period, at least 1. Give calls, bandwidth, or both. */
  readonly calls?: number;
  /** Kilobytes allowed per period, at least 1. @default - no bandwidth quota */
  readonly bandwidthKilobytes?: number;
  /** The fixed window in seconds: 0 for a lifetime quota, else at least 300 (Learn: "Minimum period: 300 seconds"). */
  readonly renewalPeriodSeconds: number;
  /** The key counted: `@(context.Subscription.Id)`. */
  readonly counterKey: string;
  /** Boolean policy expression: only matching requests count. @default - every request */
  readonly incrementCondition?: string;
}

/** `rate-limit`: per subscription (needs a subscription key). */
export interface RateLimitProps {
  readonly calls: number;
  readonly renewalPeriodSeconds: number;
}

/** `quota`: per subscription (needs a subscription key). */
export interface QuotaProps {
  readonly calls?: number;
  readonly bandwidthKilobytes?: number;
  /** 0 for a lifetime quota, else at least 300 seconds. */
  readonly renewalPeriodSeconds: number;
}

/** `ip-filter`: admits (`allow`) or refuses (`forbid`) the listed callers. */
export interface IpFilterProps {
  readonly action: "allow" | "forbid";
  /** Single IPv4 or IPv6 addresses. @default - none */
  readonly addresses?: readonly string[];
  /** Inclusive ranges. @default - none */
  readonly addressRanges?: readonly { readonly from: string; readonly to: string }[];
}

/** `set-header`: adds, replaces, appends to or removes a header. */
export interface SetHeaderProps {
  readonly name: string;
  /** The value (a literal or a policy expression). Not with `action: "delete"`. */
  readonly value?: string;
  /** `override` replaces the header, `skip` keeps an existing one, `append` adds a value, `delete` removes it. @default "override" */
  readonly action?: "override" | "skip" | "append" | "delete";
}

/** `check-header`: the request must carry a header, optionally with one of `values` (e.g. Front Door's `X-Azure-FDID`). */
export interface CheckHeaderProps {
  readonly name: string;
  /** Accepted values. @default - any value (the header must only be present) */
  readonly values?: readonly string[];
  /** @default 403 */
  readonly failedCheckHttpCode?: number;
  /** @default "Forbidden" */
  readonly failedCheckErrorMessage?: string;
  /** Compare values case-insensitively. @default true */
  readonly ignoreCase?: boolean;
}

/** `cors`: answers preflight requests and adds CORS headers. */
export interface CorsProps {
  /** Origins allowed (`https://app.example.com`); `*` for any (not with `allowCredentials`). */
  readonly allowedOrigins: readonly string[];
  /** @default ["GET", "POST"] */
  readonly allowedMethods?: readonly string[];
  /** @default ["*"] */
  readonly allowedHeaders?: readonly string[];
  /** @default - none */
  readonly exposeHeaders?: readonly string[];
  /** @default false */
  readonly allowCredentials?: boolean;
  /** Seconds browsers cache a preflight answer. @default - API Management's default (0) */
  readonly preflightResultMaxAgeSeconds?: number;
}

/** `authentication-managed-identity`: a token of the instance's identity for `resource`, sent to the backend. */
export interface AuthenticationManagedIdentityProps {
  /** App ID URI or resource of the backend: `https://management.azure.com/`, `api://<app id>`. */
  readonly resource: string;
  /** Client id of a user-assigned identity of the instance. @default - the system-assigned identity */
  readonly clientId?: string;
}

/** `set-backend-service`: routes to a backend entity or a URL. Exactly one of the two. */
export interface SetBackendServiceProps {
  /** Name of a backend (`apim.addBackend(...).name`). */
  readonly backendId?: string;
  /** https:// base URL. */
  readonly baseUrl?: string;
}

function tokenOk(value: string): boolean {
  return Token.isUnresolved(value);
}

/** Builders of typed policy statements. */
export class ApimPolicy {
  /** `<validate-jwt>` with an OpenID Connect key source. */
  static validateJwt(props: ValidateJwtProps): ApimPolicyStatement {
    const p = "validate-jwt";
    checkHttpCode(p, "failedValidationHttpCode", props.failedValidationHttpCode);
    checkWhole(p, "clockSkewSeconds", props.clockSkewSeconds, 0);
    checkHttpsUrl(p, "openIdConfigUrl", props.openIdConfigUrl);
    const children = [
      ...element("openid-config", { url: props.openIdConfigUrl }),
      ...(props.audiences?.length ? element("audiences", {}, props.audiences.map((a) => textElement("audience", a))) : []),
      ...(props.issuers?.length ? element("issuers", {}, props.issuers.map((i) => textElement("issuer", i))) : []),
    ];
    return {
      policy: p,
      tiers: ALL_TIERS,
      sections: ["inbound"],
      lines: element(
        p,
        {
          "header-name": props.headerName ?? "Authorization",
          "failed-validation-httpcode": props.failedValidationHttpCode ?? 401,
          "failed-validation-error-message": props.failedValidationErrorMessage ?? "Unauthorized",
          "require-expiration-time": props.requireExpirationTime ?? true,
          "require-signed-tokens": props.requireSignedTokens ?? true,
          "clock-skew": props.clockSkewSeconds,
        },
        children,
      ),
    };
  }

  /** `<rate-limit-by-key>`: not on Consumption. */
  static rateLimitByKey(props: RateLimitByKeyProps): ApimPolicyStatement {
    const p = "rate-limit-by-key";
    checkWhole(p, "calls", props.calls, 1);
    checkWhole(p, "renewalPeriodSeconds", props.renewalPeriodSeconds, 1);
    checkNotEmpty(p, "counterKey", props.counterKey);
    return {
      policy: p,
      tiers: DEDICATED_TIERS,
      sections: ["inbound"],
      lines: element(p, {
        calls: props.calls,
        "renewal-period": props.renewalPeriodSeconds,
        "counter-key": props.counterKey,
        "increment-condition": props.incrementCondition,
      }),
    };
  }

  /** `<quota-by-key>`: classic Developer, Basic, Standard and Premium only. */
  static quotaByKey(props: QuotaByKeyProps): ApimPolicyStatement {
    const p = "quota-by-key";
    checkQuota(p, props);
    checkNotEmpty(p, "counterKey", props.counterKey);
    return {
      policy: p,
      tiers: CLASSIC_DEDICATED_TIERS,
      sections: ["inbound"],
      lines: element(p, {
        calls: props.calls,
        bandwidth: props.bandwidthKilobytes,
        "renewal-period": props.renewalPeriodSeconds,
        "counter-key": props.counterKey,
        "increment-condition": props.incrementCondition,
      }),
    };
  }

  /** `<rate-limit>` per subscription: every tier. */
  static rateLimit(props: RateLimitProps): ApimPolicyStatement {
    const p = "rate-limit";
    checkWhole(p, "calls", props.calls, 1);
    checkWhole(p, "renewalPeriodSeconds", props.renewalPeriodSeconds, 1);
    return { policy: p, tiers: ALL_TIERS, sections: ["inbound"], lines: element(p, { calls: props.calls, "renewal-period": props.renewalPeriodSeconds }) };
  }

  /** `<quota>` per subscription: every tier. */
  static quota(props: QuotaProps): ApimPolicyStatement {
    const p = "quota";
    checkQuota(p, props);
    return {
      policy: p,
      tiers: ALL_TIERS,
      sections: ["inbound"],
      lines: element(p, { calls: props.calls, bandwidth: props.bandwidthKilobytes, "renewal-period": props.renewalPeriodSeconds }),
    };
  }

  /** `<ip-filter>`. */
  static ipFilter(props: IpFilterProps): ApimPolicyStatement {
    const p = "ip-filter";
    if (!tokenOk(props.action) && props.action !== "allow" && props.action !== "forbid") fail(`${p} action ${show(props.action)} is not allowed (allowed: allow, forbid)`);
    const addresses = props.addresses ?? [];
    const ranges = props.addressRanges ?? [];
    if (!addresses.length && !ranges.length) fail(`${p} lists no address or address range; give addresses or addressRanges`);
    for (const a of [...addresses, ...ranges.flatMap((r) => [r.from, r.to])]) {
      if (!tokenOk(a) && a.includes("/")) fail(`${p} address ${show(a)} is a CIDR; ip-filter takes single addresses and from-to ranges (e.g. { from: "10.0.0.0", to: "10.0.0.255" })`);
    }
    return {
      policy: p,
      tiers: ALL_TIERS,
      sections: ["inbound"],
      lines: element(p, { action: props.action }, [
        ...addresses.map((a) => textElement("address", a)),
        ...ranges.flatMap((r) => element("address-range", { from: r.from, to: r.to })),
      ]),
    };
  }

  /** `<set-header>`: in any section. */
  static setHeader(props: SetHeaderProps): ApimPolicyStatement {
    const p = "set-header";
    const action = props.action ?? "override";
    checkNotEmpty(p, "name", props.name);
    if (action === "delete" && props.value !== undefined) fail(`${p} ${show(props.name)} has action "delete" and a value; a deleted header takes no value`);
    if (action !== "delete" && props.value === undefined) fail(`${p} ${show(props.name)} has action ${show(action)} and no value; give a value, or action "delete"`);
    return {
      policy: p,
      tiers: ALL_TIERS,
      sections: ["inbound", "backend", "outbound", "on-error"],
      lines: element(p, { name: props.name, "exists-action": action }, props.value === undefined ? [] : [textElement("value", props.value)]),
    };
  }

  /** `<check-header>`: admit only requests with the header (and one of the values). */
  static checkHeader(props: CheckHeaderProps): ApimPolicyStatement {
    const p = "check-header";
    checkNotEmpty(p, "name", props.name);
    checkHttpCode(p, "failedCheckHttpCode", props.failedCheckHttpCode);
    return {
      policy: p,
      tiers: ALL_TIERS,
      sections: ["inbound"],
      lines: element(
        p,
        {
          name: props.name,
          "failed-check-httpcode": props.failedCheckHttpCode ?? 403,
          "failed-check-error-message": props.failedCheckErrorMessage ?? "Forbidden",
          "ignore-case": props.ignoreCase ?? true,
        },
        (props.values ?? []).map((v) => textElement("value", v)),
      ),
    };
  }

  /** `<cors>`. */
  static cors(props: CorsProps): ApimPolicyStatement {
    const p = "cors";
    if (!props.allowedOrigins.length) fail(`${p} lists no allowed origin`);
    const credentials = props.allowCredentials ?? false;
    if (credentials && props.allowedOrigins.includes("*")) {
      fail(`${p} allows credentials from origin "*"; browsers refuse credentialed requests to a wildcard origin: list the origins`);
    }
    checkWhole(p, "preflightResultMaxAgeSeconds", props.preflightResultMaxAgeSeconds, 0);
    const list = (outer: string, inner: string, values: readonly string[], attrs: Record<string, AttributeValue> = {}) => element(outer, attrs, values.map((v) => textElement(inner, v)));
    return {
      policy: p,
      tiers: ALL_TIERS,
      sections: ["inbound"],
      lines: element(p, { "allow-credentials": credentials }, [
        ...list("allowed-origins", "origin", props.allowedOrigins),
        ...list("allowed-methods", "method", props.allowedMethods ?? ["GET", "POST"], { "preflight-result-max-age": props.preflightResultMaxAgeSeconds }),
        ...list("allowed-headers", "header", props.allowedHeaders ?? ["*"]),
        ...(props.exposeHeaders?.length ? list("expose-headers", "header", props.exposeHeaders) : []),
      ]),
    };
  }

  /** `<authentication-managed-identity>`. */
  static authenticationManagedIdentity(props: AuthenticationManagedIdentityProps): ApimPolicyStatement {
    const p = "authentication-managed-identity";
    checkNotEmpty(p, "resource", props.resource);
    return { policy: p, tiers: ALL_TIERS, sections: ["inbound"], lines: element(p, { resource: props.resource, "client-id": props.clientId }) };
  }

  /** `<set-backend-service>`. */
  static setBackendService(props: SetBackendServiceProps): ApimPolicyStatement {
    const p = "set-backend-service";
    if ((props.backendId === undefined) === (props.baseUrl === undefined)) fail(`${p} needs exactly one of backendId and baseUrl`);
    if (props.baseUrl !== undefined) checkHttpsUrl(p, "baseUrl", props.baseUrl);
    return {
      policy: p,
      tiers: ALL_TIERS,
      sections: ["inbound", "backend"],
      lines: element(p, { "backend-id": props.backendId, "base-url": props.baseUrl }),
    };
  }

  /** A policy document from statements per section. */
  static document(props: ApimPolicyDocumentProps): ApimPolicyDocument {
    return new ApimPolicyDocument(props);
  }
}

function checkQuota(p: string, props: { readonly calls?: number; readonly bandwidthKilobytes?: number; readonly renewalPeriodSeconds: number }): void {
  if (props.calls === undefined && props.bandwidthKilobytes === undefined) fail(`${p} sets neither calls nor bandwidthKilobytes; give one or both`);
  checkWhole(p, "calls", props.calls, 1);
  checkWhole(p, "bandwidthKilobytes", props.bandwidthKilobytes, 1);
  const period = props.renewalPeriodSeconds;
  if (Token.isUnresolved(period)) return;
  if (!Number.isInteger(period) || (period !== 0 && period < 300)) {
    fail(`${p} renewalPeriodSeconds ${show(period)} is not allowed (allowed: 0 for a lifetime quota, or a whole number of at least 300)`);
  }
}

export interface ApimPolicyDocumentProps {
  readonly inbound?: readonly ApimPolicyStatement[];
  readonly backend?: readonly ApimPolicyStatement[];
  readonly outbound?: readonly ApimPolicyStatement[];
  readonly onError?: readonly ApimPolicyStatement[];
}

/** Where a document is attached: the service (global) or an API. */
export type ApimPolicyScope = "global" | "api";

/** A statement a tier lacks, for ValidationErrors. */
export interface UnsupportedPolicy {
  readonly policy: string;
  readonly section: ApimPolicySection;
  readonly tiers: readonly ApimTier[];
}

const SECTIONS: readonly [ApimPolicySection, keyof ApimPolicyDocumentProps][] = [
  ["inbound", "inbound"],
  ["backend", "backend"],
  ["outbound", "outbound"],
  ["on-error", "onError"],
];

/** A policy document: `<policies>` with inbound, backend, outbound and on-error. */
export class ApimPolicyDocument {
  constructor(readonly props: ApimPolicyDocumentProps) {
    for (const [section, key] of SECTIONS) {
      for (const statement of props[key] ?? []) {
        if (!statement.sections.includes(section)) {
          fail(`policy "${statement.policy}" cannot be in the ${section} section (allowed: ${statement.sections.join(", ")})`);
        }
      }
    }
  }

  /** Every statement, with its section. */
  get statements(): readonly { readonly section: ApimPolicySection; readonly statement: ApimPolicyStatement }[] {
    return SECTIONS.flatMap(([section, key]) => (this.props[key] ?? []).map((statement) => ({ section, statement })));
  }

  /** Statements whose gateway is not in `tier`. */
  unsupportedOn(tier: ApimTier): UnsupportedPolicy[] {
    return this.statements.filter(({ statement }) => !statement.tiers.includes(tier)).map(({ section, statement }) => ({ policy: statement.policy, section, tiers: statement.tiers }));
  }

  /**
   * The XML. At API scope every section starts with `<base />` (the service's policy runs
   * first); at global scope there is no parent, and an empty backend section gets
   * `<forward-request />` (without it no request reaches a backend).
   */
  render(scope: ApimPolicyScope): string {
    const out = ["<policies>"];
    for (const [section, key] of SECTIONS) {
      const statements = this.props[key] ?? [];
      const lines: string[] = [];
      if (scope === "api") lines.push("<base />");
      for (const s of statements) lines.push(...s.lines);
      if (scope === "global" && section === "backend" && !statements.length) lines.push("<forward-request />");
      if (!lines.length) {
        out.push(`  <${section} />`);
        continue;
      }
      out.push(`  <${section}>`, ...lines.map((l) => `    ${l}`), `  </${section}>`);
    }
    out.push("</policies>");
    return out.join("\n");
  }

  /** A document with `more` appended to each section. */
  with(more: ApimPolicyDocumentProps): ApimPolicyDocument {
    return new ApimPolicyDocument({
      inbound: [...(this.props.inbound ?? []), ...(more.inbound ?? [])],
      backend: [...(this.props.backend ?? []), ...(more.backend ?? [])],
      outbound: [...(this.props.outbound ?? []), ...(more.outbound ?? [])],
      onError: [...(this.props.onError ?? []), ...(more.onError ?? [])],
    });
  }
}
