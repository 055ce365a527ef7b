import {
  CdnFrontdoorFirewallPolicy,
  type CdnFrontdoorFirewallPolicyCustomRule,
  type CdnFrontdoorFirewallPolicyCustomRuleMatchCondition,
  type CdnFrontdoorFirewallPolicyManagedRule,
} from "@cdktf/provider-azurerm/lib/cdn-frontdoor-firewall-policy";
import { Token } from "cdktf";
import type { Construct } from "constructs";
import { resourceName } from "../core/azure-stack";
import { ValidationError, show } from "../core/errors";
import type { IResourceGroup } from "../core/interfaces";

/*
 * The WAF policy of a FrontDoor (`azurerm_cdn_frontdoor_firewall_policy`,
 * Microsoft.Network/FrontDoorWebApplicationFirewallPolicies).
 *
 * Sources, read 2026-11-29:
 * - azurerm 4.55 bindings and `internal/services/cdn/cdn_frontdoor_firewall_policy_resource.go`
 *   (`mode` required, `sku_name` forces replacement, at most 100 custom rules and 10 match
 *   conditions per rule, managed rules need an `action`, name `^[a-zA-Z][a-zA-Z0-9]{0,127}$`);
 * - learn.microsoft.com/azure/web-application-firewall/afds/waf-front-door-custom-rules
 *   (priorities unique among custom rules, lower first);
 * - .../afds/waf-front-door-rate-limit (threshold per socket IP address over one or five minutes;
 *   thresholds under about 200 per minute leak some requests);
 * - .../afds/waf-front-door-geo-filtering (SocketAddr or RemoteAddr with GeoMatch, two-letter
 *   codes, `ZZ` for unmapped addresses, at most 10 country codes in one custom rule);
 * - .../afds/waf-front-door-custom-rules-powershell and frontdoor/web-application-firewall
 *   (managed rule sets, the Default Rule Set and Bot Manager, need the Premium tier);
 * - MicrosoftDocs azure-docs includes/front-door-limits.md (100 custom rules per policy, 10 match
 *   conditions per custom rule, 600 IP ranges per custom rule, 256-character match values).
 */

/** Front Door tiers (`sku_name` of the profile and of its WAF policy, which must be equal). */
export const FRONT_DOOR_SKUS = ["Standard_AzureFrontDoor", "Premium_AzureFrontDoor"] as const;
export type FrontDoorSku = (typeof FRONT_DOOR_SKUS)[number];

/** Azure's limits on a Front Door WAF policy (front-door-limits, geo-filtering). */
export const FRONT_DOOR_WAF_LIMITS = {
  /** Custom rules per policy. */
  customRules: 100,
  /** Match conditions per custom rule. */
  matchConditionsPerRule: 10,
  /** Country codes in one geo-filtering custom rule. */
  countryCodesPerRule: 10,
  /** Values (IP ranges) per custom rule. */
  matchValuesPerRule: 600,
  /** Characters per match value. */
  matchValueLength: 256,
  /** Rate-limit windows, in minutes. */
  rateLimitDurations: [1, 5],
} as const;

/** The Default Rule Set (OWASP-based, with Microsoft Threat Intelligence rules) version this library applies. */
export const FRONT_DOOR_DEFAULT_RULE_SET = { type: "Microsoft_DefaultRuleSet", version: "2.1" } as const;
/** The Bot Manager rule set version this library applies (GA since 2024, good and bad bot rules). */
export const FRONT_DOOR_BOT_MANAGER_RULE_SET = { type: "Microsoft_BotManagerRuleSet", version: "1.1" } as const;

/**
 * A match condition that every real client meets: its socket address is not in 192.0.2.0/24
 * (TEST-NET-1, reserved for documentation), the way Microsoft's rate-limit quickstart template
 * applies a rate limit to all requests (a rate-limit rule needs at least one condition).
 */
const EVERY_CLIENT: CdnFrontdoorFirewallPolicyCustomRuleMatchCondition = {
  matchVariable: "SocketAddr",
  operator: "IPMatch",
  negationCondition: true,
  matchValues: ["192.0.2.0/24"],
};

/** Which client address a rule looks at. */
export type FrontDoorClientAddress = "SocketAddr" | "RemoteAddr";

/** A rate limit per client IP address, over every request of the policy's endpoints and domains. */
export interface FrontDoorRateLimitProps {
  /**
   * Requests one client IP address may send per window before it is blocked for the rest of the
   * window. Below about 200 per minute, Front Door's servers can let some requests above the
   * threshold through (they count separately).
   * @default 1000
   */
  readonly threshold?: number;
  /** The window, 1 or 5 minutes. @default 1 */
  readonly durationMinutes?: number;
  /** Custom rule name (letters and digits). @default "RateLimitPerClientIp" */
  readonly name?: string;
  /** Custom rule priority (unique in the policy; lower runs first). @default 20 */
  readonly priority?: number;
}

/** Geo-filtering: block or admit requests by the country of the client's address. */
export interface FrontDoorGeoFilterProps {
  /**
   * ISO 3166-1 alpha-2 codes in upper case (`CN`, `RU`), at most 10 (Azure's limit per rule).
   * `ZZ` is "unknown": addresses not yet mapped to a country; Microsoft recommends listing it in
   * an allow list so that such clients are not blocked by mistake.
   */
  readonly countries: readonly string[];
  /**
   * `block`: requests from `countries` are blocked. `allowOnly`: requests from anywhere else are
   * blocked.
   * @default "block"
   */
  readonly mode?: "block" | "allowOnly";
  /**
   * `SocketAddr`: the address that connected to Front Door (a proxy's, if the user is behind
   * one); `RemoteAddr`: the original client address, usually from `X-Forwarded-For`, which the
   * client can forge.
   * @default "SocketAddr"
   */
  readonly clientAddress?: FrontDoorClientAddress;
  /** Custom rule name (letters and digits). @default "GeoFilter" */
  readonly name?: string;
  /** Custom rule priority (unique in the policy; lower runs first). @default 10 */
  readonly priority?: number;
}

/** The WAF policy a FrontDoor attaches to all its endpoints and custom domains. */
export interface FrontDoorWafProps {
  /**
   * Letters and digits, starting with a letter, at most 128. Forces a new policy when changed.
   * @default - generated: `fdfp<workload><env>[<instance>]`
   */
  readonly name?: string;
  /**
   * `Prevention` blocks what the rules match; `Detection` only logs it (for tuning a new rule
   * set against real traffic). AZ-AFD-002 warns on Detection.
   * @default "Prevention"
   */
  readonly mode?: "Prevention" | "Detection";
  /**
   * The Default Rule Set 2.1 (OWASP Top 10 and Microsoft Threat Intelligence rules, anomaly
   * scoring, action Block) and the Bot Manager rule set 1.1. Managed rule sets need the Premium
   * tier: asking for them on Standard is a ValidationError.
   * @default - true on Premium, false on Standard
   */
  readonly managedRules?: boolean;
  /**
   * Rate limiting per client IP address; `false` for none.
   * @default - 1000 requests per minute per socket IP address
   */
  readonly rateLimit?: FrontDoorRateLimitProps | false;
  /** Geo-filtering by country. @default - none */
  readonly geoFilter?: FrontDoorGeoFilterProps;
  /**
   * Further custom rules, as azurerm takes them (each with a unique `priority`). They count
   * against the 100 custom rules per policy.
   * @default - none
   */
  readonly customRules?: readonly CdnFrontdoorFirewallPolicyCustomRule[];
  /**
   * HTTP status code of a blocked request: 200, 403, 405, 406 or 429.
   * @default 403 (Azure's default)
   */
  readonly blockResponseStatusCode?: 200 | 403 | 405 | 406 | 429;
}

const RULE_NAME = /^[A-Za-z][A-Za-z0-9]{0,127}$/;
const COUNTRY = /^[A-Z]{2}$/;
const BLOCK_STATUS_CODES = [200, 403, 405, 406, 429];

/** Everything the WAF policy needs to know about its FrontDoor. */
export interface WafPolicyContext {
  readonly resourceGroup: IResourceGroup;
  readonly sku: FrontDoorSku;
  /** The FrontDoor's `instance`, for the generated name. */
  readonly instance?: string;
  readonly tags?: Readonly<Record<string, string>>;
}

/** The WAF policy of `props` (validated): custom rules first (geo filter, rate limit, yours), managed rule sets on Premium. */
export function createWafPolicy(scope: Construct, id: string, props: FrontDoorWafProps, ctx: WafPolicyContext): CdnFrontdoorFirewallPolicy {
  const path = scope.node.path;
  const premium = ctx.sku === "Premium_AzureFrontDoor";
  const managed = props.managedRules ?? premium;
  if (managed && !premium) {
    throw new ValidationError(
      path,
      `waf.managedRules needs the Premium tier; sku ${show(ctx.sku)} offers custom rules only (allowed: sku "Premium_AzureFrontDoor" for the Default Rule Set and Bot Manager, or waf.managedRules: false)`,
    );
  }
  const mode = props.mode ?? "Prevention";
  if (!Token.isUnresolved(mode) && mode !== "Prevention" && mode !== "Detection") {
    throw new ValidationError(path, `waf.mode ${show(mode)} is not a WAF mode (allowed: "Prevention", "Detection")`);
  }
  const status = props.blockResponseStatusCode;
  if (status !== undefined && !Token.isUnresolved(status) && !BLOCK_STATUS_CODES.includes(status)) {
    throw new ValidationError(path, `waf.blockResponseStatusCode ${status} is not allowed (allowed: ${BLOCK_STATUS_CODES.join(", ")})`);
  }
  const rules: CdnFrontdoorFirewallPolicyCustomRule[] = [];
  if (props.geoFilter) rules.push(geoFilterRule(path, props.geoFilter));
  if (props.rateLimit !== false) rules.push(rateLimitRule(path, props.rateLimit ?? {}));
  rules.push(...(props.customRules ?? []));
  checkCustomRules(path, rules);

  const managedRule: CdnFrontdoorFirewallPolicyManagedRule[] = managed
    ? [
        { ...FRONT_DOOR_DEFAULT_RULE_SET, action: "Block" },
        { ...FRONT_DOOR_BOT_MANAGER_RULE_SET, action: "Block" },
      ]
    : [];
  return new CdnFrontdoorFirewallPolicy(scope, id, {
    name: resourceName(scope, "frontDoorFirewallPolicy", props.name, ctx.instance),
    resourceGroupName: ctx.resourceGroup.name,
    skuName: ctx.sku,
    mode,
    enabled: true,
    requestBodyCheckEnabled: true,
    customBlockResponseStatusCode: status,
    customRule: rules.length ? rules : undefined,
    managedRule: managedRule.length ? managedRule : undefined,
    tags: ctx.tags ? { ...ctx.tags } : undefined,
  });
}

function geoFilterRule(path: string, geo: FrontDoorGeoFilterProps): CdnFrontdoorFirewallPolicyCustomRule {
  const countries = geo.countries;
  if (countries.length === 0) {
    throw new ValidationError(path, "waf.geoFilter.countries is empty (allowed: 1 to 10 ISO 3166-1 alpha-2 codes such as \"CN\"; leave geoFilter out for no geo-filtering)");
  }
  if (countries.length > FRONT_DOOR_WAF_LIMITS.countryCodesPerRule) {
    throw new ValidationError(
      path,
      `waf.geoFilter.countries has ${countries.length} codes (allowed: at most ${FRONT_DOOR_WAF_LIMITS.countryCodesPerRule} in one custom rule; put the rest in waf.customRules as another GeoMatch rule)`,
    );
  }
  const seen = new Set<string>();
  for (const code of countries) {
    if (Token.isUnresolved(code)) continue;
    if (!COUNTRY.test(code)) {
      throw new ValidationError(path, `waf.geoFilter.countries ${show(code)} is not an ISO 3166-1 alpha-2 code (allowed: two upper-case letters such as "US" or "DE"; "ZZ" for unknown)`);
    }
    if (seen.has(code)) throw new ValidationError(path, `waf.geoFilter.countries lists ${show(code)} twice`);
    seen.add(code);
  }
  const allowOnly = (geo.mode ?? "block") === "allowOnly";
  return {
    name: geo.name ?? "GeoFilter",
    priority: geo.priority ?? 10,
    type: "MatchRule",
    action: "Block",
    enabled: true,
    matchCondition: [
      {
        matchVariable: geo.clientAddress ?? "SocketAddr",
        operator: "GeoMatch",
        // allowOnly: block what is NOT from the listed countries.
        negationCondition: allowOnly,
        matchValues: [...countries],
      },
    ],
  };
}

function rateLimitRule(path: string, rate: FrontDoorRateLimitProps): CdnFrontdoorFirewallPolicyCustomRule {
  const threshold = rate.threshold ?? 1000;
  const duration = rate.durationMinutes ?? 1;
  if (!Token.isUnresolved(threshold) && (!Number.isInteger(threshold) || threshold < 1)) {
    throw new ValidationError(path, `waf.rateLimit.threshold ${threshold} is not a positive whole number (allowed: requests per client IP address per window, e.g. 1000)`);
  }
  if (!Token.isUnresolved(duration) && !(FRONT_DOOR_WAF_LIMITS.rateLimitDurations as readonly number[]).includes(duration)) {
    throw new ValidationError(path, `waf.rateLimit.durationMinutes ${duration} is not a rate-limit window Front Door offers (allowed: 1 or 5)`);
  }
  return {
    name: rate.name ?? "RateLimitPerClientIp",
    priority: rate.priority ?? 20,
    type: "RateLimitRule",
    action: "Block",
    enabled: true,
    rateLimitThreshold: threshold,
    rateLimitDurationInMinutes: duration,
    matchCondition: [EVERY_CLIENT],
  };
}

/** Azure's limits on the policy's custom rules: count, names, unique priorities, conditions and values. */
function checkCustomRules(path: string, rules: readonly CdnFrontdoorFirewallPolicyCustomRule[]): void {
  if (rules.length > FRONT_DOOR_WAF_LIMITS.customRules) {
    throw new ValidationError(path, `the WAF policy has ${rules.length} custom rules (allowed: at most ${FRONT_DOOR_WAF_LIMITS.customRules} per policy, the geo filter and rate limit included)`);
  }
  const names = new Map<string, true>();
  const priorities = new Map<number, string>();
  for (const rule of rules) {
    const name = rule.name;
    if (!Token.isUnresolved(name)) {
      if (!RULE_NAME.test(name)) {
        throw new ValidationError(path, `WAF custom rule name ${show(name)} is not allowed (allowed: a letter, then letters and digits, at most 128 characters)`);
      }
      if (names.has(name)) throw new ValidationError(path, `WAF custom rule name ${show(name)} is used twice (allowed: each name once per policy)`);
      names.set(name, true);
    }
    const priority = rule.priority;
    if (priority === undefined) {
      throw new ValidationError(path, `WAF custom rule ${show(name)} has no priority (allowed: a unique whole number; lower runs first)`);
    }
    if (!Token.isUnresolved(priority)) {
      if (!Number.isInteger(priority) || priority < 0) {
        throw new ValidationError(path, `WAF custom rule ${show(name)} priority ${priority} is not a whole number of 0 or more`);
      }
      const other = priorities.get(priority);
      if (other !== undefined) {
        throw new ValidationError(path, `WAF custom rules ${show(other)} and ${show(name)} both have priority ${priority} (allowed: priorities unique among the policy's custom rules)`);
      }
      priorities.set(priority, name);
    }
    const conditions = rule.matchCondition;
    if (conditions === undefined || Token.isUnresolved(conditions)) continue;
    const list = conditions as readonly CdnFrontdoorFirewallPolicyCustomRuleMatchCondition[];
    if (list.length === 0) {
      throw new ValidationError(path, `WAF custom rule ${show(name)} has no match condition (allowed: 1 to ${FRONT_DOOR_WAF_LIMITS.matchConditionsPerRule})`);
    }
    if (list.length > FRONT_DOOR_WAF_LIMITS.matchConditionsPerRule) {
      throw new ValidationError(path, `WAF custom rule ${show(name)} has ${list.length} match conditions (allowed: at most ${FRONT_DOOR_WAF_LIMITS.matchConditionsPerRule} per rule)`);
    }
    let values = 0;
    for (const condition of list) {
      values += condition.matchValues.length;
      const long = condition.matchValues.find((v) => !Token.isUnresolved(v) && v.length > FRONT_DOOR_WAF_LIMITS.matchValueLength);
      if (long !== undefined) {
        throw new ValidationError(path, `WAF custom rule ${show(name)} has a match value of ${long.length} characters (allowed: at most ${FRONT_DOOR_WAF_LIMITS.matchValueLength})`);
      }
    }
    if (values > FRONT_DOOR_WAF_LIMITS.matchValuesPerRule) {
      throw new ValidationError(path, `WAF custom rule ${show(name)} has ${values} match values (allowed: at most ${FRONT_DOOR_WAF_LIMITS.matchValuesPerRule} per rule, across its conditions)`);
    }
  }
}
