import { TerraformStack, Testing } from "cdktf";
import type { IResourceGroup } from "../../../lib/core/interfaces";
import { FrontDoor, type FrontDoorProps, cacheRule, customRule, noCacheRule } from "../../../lib/edge/front-door";
import { DnsZone } from "../../../lib/network/dns-zone";
import { expectValidationError, onlyResource, onlyResourceId, rendered, resourcesOf, synthJson, testStack } from "../../helpers/stack";

const PATH = "test/Edge";

/** A Front Door with one endpoint, so it synthesizes. */
function frontDoorStack(props: Partial<FrontDoorProps> = {}) {
  const { stack, rg } = testStack();
  const fd = new FrontDoor(stack, "Edge", { resourceGroup: rg, ...props });
  return { stack, rg, fd };
}

function withEndpoint(props: Partial<FrontDoorProps> = {}) {
  const built = frontDoorStack(props);
  const endpoint = built.fd.addEndpoint("web");
  return { ...built, endpoint };
}

function customRules(json: ReturnType<typeof synthJson>): Record<string, unknown>[] {
  return onlyResource(json, "azurerm_cdn_frontdoor_firewall_policy").custom_rule as Record<string, unknown>[];
}

describe("FrontDoor", () => {
  test("defaults: Premium profile, WAF in Prevention with DRS 2.1 and Bot Manager 1.1 (Block), 1000 requests/min per socket IP, one security policy over the endpoint", () => {
    const { stack, fd } = withEndpoint();
    const json = synthJson(stack);
    const profile = onlyResource(json, "azurerm_cdn_frontdoor_profile");
    expect(profile).toMatchObject({ name: "afd-demo-dev", sku_name: "Premium_AzureFrontDoor" });
    expect(profile.response_timeout_seconds).toBeUndefined();
    const waf = onlyResource(json, "azurerm_cdn_frontdoor_firewall_policy");
    expect(waf).toMatchObject({
      name: "fdfpdemodev",
      sku_name: "Premium_AzureFrontDoor",
      mode: "Prevention",
      enabled: true,
      request_body_check_enabled: true,
      managed_rule: [
        { type: "Microsoft_DefaultRuleSet", version: "2.1", action: "Block" },
        { type: "Microsoft_BotManagerRuleSet", version: "1.1", action: "Block" },
      ],
    });
    expect(customRules(json)).toEqual([
      {
        name: "RateLimitPerClientIp",
        priority: 20,
        type: "RateLimitRule",
        action: "Block",
        enabled: true,
        rate_limit_threshold: 1000,
        rate_limit_duration_in_minutes: 1,
        match_condition: [{ match_variable: "SocketAddr", operator: "IPMatch", negation_condition: true, match_values: ["192.0.2.0/24"] }],
      },
    ]);
    const endpointId = onlyResourceId(json, "azurerm_cdn_frontdoor_endpoint");
    expect(onlyResource(json, "azurerm_cdn_frontdoor_endpoint")).toMatchObject({ name: "fde-demo-dev-web", enabled: true });
    expect(onlyResource(json, "azurerm_cdn_frontdoor_security_policy")).toEqual(
      expect.objectContaining({
        name: "waf",
        security_policies: {
          firewall: {
            cdn_frontdoor_firewall_policy_id: `\${azurerm_cdn_frontdoor_firewall_policy.${onlyResourceId(json, "azurerm_cdn_frontdoor_firewall_policy")}.id}`,
            association: {
              domain: [{ cdn_frontdoor_domain_id: `\${azurerm_cdn_frontdoor_endpoint.${endpointId}.id}` }],
              patterns_to_match: ["/*"],
            },
          },
        },
      }),
    );
    expect(rendered(stack, fd.resourceGuid)).toBe(`\${azurerm_cdn_frontdoor_profile.${onlyResourceId(json, "azurerm_cdn_frontdoor_profile")}.resource_guid}`);
    expect(Object.values(json.output ?? {}).map((o) => o.value)).toContain(`\${azurerm_cdn_frontdoor_endpoint.${endpointId}.host_name}`);
    expect(resourcesOf(json, "azurerm_monitor_diagnostic_setting")).toEqual({});
  });

  test("Standard: no managed rules by default; managed rules and private link origins are refused with the fix", () => {
    const { stack } = withEndpoint({ sku: "Standard_AzureFrontDoor" });
    const waf = onlyResource(synthJson(stack), "azurerm_cdn_frontdoor_firewall_policy");
    expect(waf).toMatchObject({ sku_name: "Standard_AzureFrontDoor", mode: "Prevention" });
    expect(waf.managed_rule).toBeUndefined();

    expectValidationError(
      () => frontDoorStack({ sku: "Standard_AzureFrontDoor", waf: { managedRules: true } }),
      `${PATH}: waf.managedRules needs the Premium tier; sku "Standard_AzureFrontDoor" offers custom rules only (allowed: sku "Premium_AzureFrontDoor" for the Default Rule Set and Bot Manager, or waf.managedRules: false)`,
    );
    const { fd } = frontDoorStack({ sku: "Standard_AzureFrontDoor" });
    expectValidationError(
      () => fd.addOriginGroup("api", { origins: [{ hostName: "app.azurewebsites.net", privateLink: { targetId: "/subscriptions/0/sites/app", location: "eastus2", targetType: "sites" } }] }),
      `${PATH}: origin group "api" origins[0].privateLink needs the Premium tier; sku "Standard_AzureFrontDoor" reaches origins over their public endpoints only (allowed: sku "Premium_AzureFrontDoor", or no privateLink)`,
    );
    expectValidationError(
      () => frontDoorStack({ sku: "Classic_AzureFrontDoor" as never }),
      `${PATH}: sku "Classic_AzureFrontDoor" is not a Front Door tier (allowed: Standard_AzureFrontDoor, Premium_AzureFrontDoor; the classic tiers and Azure CDN from Microsoft are not offered)`,
    );
  });

  test("Detection mode, a 5-minute rate limit and a geo filter (allow only listed countries) as the document asks", () => {
    const { stack } = withEndpoint({
      waf: { mode: "Detection", rateLimit: { threshold: 5000, durationMinutes: 5 }, geoFilter: { countries: ["US", "DE", "ZZ"], mode: "allowOnly" } },
    });
    const json = synthJson(stack);
    expect(onlyResource(json, "azurerm_cdn_frontdoor_firewall_policy").mode).toBe("Detection");
    const [geo, rate] = customRules(json);
    expect(geo).toEqual({
      name: "GeoFilter",
      priority: 10,
      type: "MatchRule",
      action: "Block",
      enabled: true,
      match_condition: [{ match_variable: "SocketAddr", operator: "GeoMatch", negation_condition: true, match_values: ["US", "DE", "ZZ"] }],
    });
    expect(rate).toMatchObject({ rate_limit_threshold: 5000, rate_limit_duration_in_minutes: 5 });
  });

  test("a blocking geo filter on RemoteAddr, no rate limit", () => {
    const { stack } = withEndpoint({ waf: { rateLimit: false, geoFilter: { countries: ["KP"], clientAddress: "RemoteAddr" } } });
    expect(customRules(synthJson(stack))).toEqual([
      expect.objectContaining({ match_condition: [{ match_variable: "RemoteAddr", operator: "GeoMatch", negation_condition: false, match_values: ["KP"] }] }),
    ]);
  });

  test("WAF limits: each refused with its message", () => {
    const rule = (name: string, priority: number, conditions = 1, values = 1) => ({
      name,
      priority,
      type: "MatchRule",
      action: "Block",
      matchCondition: Array.from({ length: conditions }, () => ({ matchVariable: "RequestUri", operator: "Contains", matchValues: Array.from({ length: values }, (_, i) => `v${i}`) })),
    });
    const cases: [FrontDoorProps["waf"], string][] = [
      [{ rateLimit: { durationMinutes: 2 } }, "waf.rateLimit.durationMinutes 2 is not a rate-limit window Front Door offers (allowed: 1 or 5)"],
      [{ rateLimit: { threshold: 0 } }, "waf.rateLimit.threshold 0 is not a positive whole number (allowed: requests per client IP address per window, e.g. 1000)"],
      [{ rateLimit: { threshold: 10.5 } }, "waf.rateLimit.threshold 10.5 is not a positive whole number (allowed: requests per client IP address per window, e.g. 1000)"],
      [{ geoFilter: { countries: [] } }, 'waf.geoFilter.countries is empty (allowed: 1 to 10 ISO 3166-1 alpha-2 codes such as "CN"; leave geoFilter out for no geo-filtering)'],
      [
        { geoFilter: { countries: ["AA", "AB", "AC", "AD", "AE", "AF", "AG", "AH", "AI", "AJ", "AK"] } },
        "waf.geoFilter.countries has 11 codes (allowed: at most 10 in one custom rule; put the rest in waf.customRules as another GeoMatch rule)",
      ],
      [{ geoFilter: { countries: ["usa"] } }, 'waf.geoFilter.countries "usa" is not an ISO 3166-1 alpha-2 code (allowed: two upper-case letters such as "US" or "DE"; "ZZ" for unknown)'],
      [{ geoFilter: { countries: ["us"] } }, 'waf.geoFilter.countries "us" is not an ISO 3166-1 alpha-2 code (allowed: two upper-case letters such as "US" or "DE"; "ZZ" for unknown)'],
      [{ geoFilter: { countries: ["US", "US"] } }, 'waf.geoFilter.countries lists "US" twice'],
      [{ customRules: [rule("Mine", 20)] }, 'WAF custom rules "RateLimitPerClientIp" and "Mine" both have priority 20 (allowed: priorities unique among the policy\'s custom rules)'],
      [{ customRules: [rule("GeoFilter", 30)], geoFilter: { countries: ["CN"] } }, 'WAF custom rule name "GeoFilter" is used twice (allowed: each name once per policy)'],
      [{ customRules: [rule("bad-name", 30)] }, 'WAF custom rule name "bad-name" is not allowed (allowed: a letter, then letters and digits, at most 128 characters)'],
      [{ customRules: [rule("Many", 30, 11)] }, 'WAF custom rule "Many" has 11 match conditions (allowed: at most 10 per rule)'],
      [{ customRules: [rule("None", 30, 0)] }, 'WAF custom rule "None" has no match condition (allowed: 1 to 10)'],
      [{ customRules: [rule("Wide", 30, 2, 301)] }, 'WAF custom rule "Wide" has 602 match values (allowed: at most 600 per rule, across its conditions)'],
      [{ customRules: Array.from({ length: 100 }, (_, i) => rule(`R${i}`, 100 + i)) }, "the WAF policy has 101 custom rules (allowed: at most 100 per policy, the geo filter and rate limit included)"],
      [{ blockResponseStatusCode: 404 as never }, "waf.blockResponseStatusCode 404 is not allowed (allowed: 200, 403, 405, 406, 429)"],
    ];
    for (const [waf, message] of cases) expectValidationError(() => frontDoorStack({ waf }), `${PATH}: ${message}`);
  });

  test("origin groups: failover between two regions by priority, health probe over HTTPS, certificate name check, private link on Premium", () => {
    const { stack, fd } = withEndpoint();
    fd.addOriginGroup("api", {
      origins: [
        { name: "eastus2", hostName: "apim-a.azure-api.net", priority: 1 },
        {
          name: "westeurope",
          hostName: "apim-b.azure-api.net",
          priority: 2,
          privateLink: { targetId: "/subscriptions/0/resourceGroups/rg/providers/Microsoft.ApiManagement/service/apim-b", location: "westeurope", targetType: "Gateway" },
        },
      ],
      healthProbe: { path: "/status-0123456789abcdef" },
    });
    const json = synthJson(stack);
    expect(onlyResource(json, "azurerm_cdn_frontdoor_origin_group")).toMatchObject({
      name: "api",
      session_affinity_enabled: false,
      health_probe: { protocol: "Https", path: "/status-0123456789abcdef", request_type: "HEAD", interval_in_seconds: 100 },
      load_balancing: { sample_size: 4, successful_samples_required: 3, additional_latency_in_milliseconds: 50 },
    });
    const origins = Object.values(resourcesOf(json, "azurerm_cdn_frontdoor_origin"));
    expect(origins).toEqual([
      expect.objectContaining({ name: "eastus2", host_name: "apim-a.azure-api.net", origin_host_header: "apim-a.azure-api.net", priority: 1, weight: 1000, https_port: 443, certificate_name_check_enabled: true }),
      expect.objectContaining({
        name: "westeurope",
        priority: 2,
        private_link: {
          private_link_target_id: "/subscriptions/0/resourceGroups/rg/providers/Microsoft.ApiManagement/service/apim-b",
          location: "westeurope",
          target_type: "Gateway",
          request_message: `Azure Front Door \${azurerm_cdn_frontdoor_profile.${onlyResourceId(json, "azurerm_cdn_frontdoor_profile")}.name}`,
        },
      }),
    ]);
    expect(origins[0].private_link).toBeUndefined();
  });

  test("origin group limits", () => {
    const { fd } = frontDoorStack();
    expectValidationError(() => fd.addOriginGroup("none", { origins: [] }), `${PATH}: origin group "none" has 0 origins (allowed: 1 to 50)`);
    expectValidationError(() => fd.addOriginGroup("prio", { origins: [{ hostName: "a.example.com", priority: 6 }] }), `${PATH}: origin group "prio" origins[0].priority 6 is out of range (allowed: 1 to 5)`);
    expectValidationError(() => fd.addOriginGroup("weight", { origins: [{ hostName: "a.example.com", weight: 0 }] }), `${PATH}: origin group "weight" origins[0].weight 0 is out of range (allowed: 1 to 1000)`);
    expectValidationError(
      () => fd.addOriginGroup("dup", { origins: [{ hostName: "a.example.com", name: "one" }, { hostName: "b.example.com", name: "one" }] }),
      `${PATH}: origin group "dup" origins[1] name "one" is used twice in the group`,
    );
    expectValidationError(
      () => fd.addOriginGroup("bad_name", { origins: [{ hostName: "a.example.com" }] }),
      `${PATH}: origin group "bad_name" name "bad_name" is not allowed (allowed: 2-90 letters, digits and hyphens, starting and ending with a letter or digit)`,
    );
  });

  test("caching from the document: static assets 1 day, documents 1 hour, the API route not cached and its rule set bypassing the cache", () => {
    const { stack, fd, endpoint } = withEndpoint();
    const web = fd.addOriginGroup("web", { origins: [{ hostName: "stapp.azurestaticapps.net" }] });
    const api = fd.addOriginGroup("api", { origins: [{ hostName: "apim.azure-api.net" }] });
    const caching = fd.addRuleSet("Caching", {
      rules: [
        cacheRule({ name: "StaticAssets", extensions: ["js", "CSS", "png", "woff2"], duration: "1.00:00:00" }),
        cacheRule({ name: "Documents", pathBeginsWith: ["/documents/"], duration: "01:00:00", queryString: "UseQueryString" }),
      ],
    });
    const apiRules = fd.addRuleSet("ApiNoCache", { rules: [noCacheRule({ name: "NoCache", pathBeginsWith: ["/api/"] })] });
    fd.addRoute("web", { endpoint, originGroup: web, cache: {}, ruleSets: [caching] });
    fd.addRoute("api", { endpoint, originGroup: api, patterns: ["/api/*"], ruleSets: [apiRules] });
    const json = synthJson(stack);
    const byName = (type: string) => Object.fromEntries(Object.values(resourcesOf(json, type)).map((r) => [r.name as string, r]));
    const rules = byName("azurerm_cdn_frontdoor_rule");
    expect(rules.StaticAssets).toMatchObject({
      name: "StaticAssets",
      order: 1,
      behavior_on_match: "Continue",
      conditions: { url_file_extension_condition: [{ operator: "Equal", match_values: ["js", "css", "png", "woff2"], transforms: ["Lowercase"] }] },
      actions: { route_configuration_override_action: { cache_behavior: "OverrideAlways", cache_duration: "1.00:00:00", query_string_caching_behavior: "IgnoreQueryString", compression_enabled: true } },
    });
    expect(rules.Documents).toMatchObject({
      name: "Documents",
      order: 2,
      conditions: { url_path_condition: [{ operator: "BeginsWith", match_values: ["documents/"], transforms: ["Lowercase"] }] },
      actions: { route_configuration_override_action: { cache_behavior: "OverrideAlways", cache_duration: "01:00:00", query_string_caching_behavior: "UseQueryString" } },
      depends_on: [expect.stringContaining("azurerm_cdn_frontdoor_rule.")],
    });
    expect(rules.NoCache).toMatchObject({ name: "NoCache", actions: { route_configuration_override_action: { cache_behavior: "Disabled" } } });
    expect((rules.NoCache.actions as { route_configuration_override_action: Record<string, unknown> }).route_configuration_override_action.cache_duration).toBeUndefined();
    const routes = byName("azurerm_cdn_frontdoor_route");
    expect(routes.web).toMatchObject({
      name: "web",
      patterns_to_match: ["/*"],
      supported_protocols: ["Http", "Https"],
      https_redirect_enabled: true,
      forwarding_protocol: "HttpsOnly",
      link_to_default_domain: true,
      cache: { query_string_caching_behavior: "IgnoreQueryString", compression_enabled: true, content_types_to_compress: expect.arrayContaining(["text/html", "application/javascript"]) },
    });
    expect(routes.api).toMatchObject({ name: "api", patterns_to_match: ["/api/*"], cdn_frontdoor_rule_set_ids: [expect.stringContaining("azurerm_cdn_frontdoor_rule_set.")] });
    expect(routes.api.cache).toBeUndefined();
  });

  test("routes: HTTPS only without redirect; HttpOnly forwarding, foreign objects and bad patterns refused", () => {
    const { stack, fd, endpoint } = withEndpoint();
    const group = fd.addOriginGroup("web", { origins: [{ hostName: "a.example.com" }] });
    fd.addRoute("web", { endpoint, originGroup: group, httpsRedirect: false });
    expect(onlyResource(synthJson(stack), "azurerm_cdn_frontdoor_route")).toMatchObject({ supported_protocols: ["Https"], https_redirect_enabled: false });
    expectValidationError(
      () => fd.addRoute("http", { endpoint, originGroup: group, forwardingProtocol: "HttpOnly" as never }),
      `${PATH}: route "http" forwardingProtocol "HttpOnly" is not allowed (allowed: "HttpsOnly", "MatchRequest"; plain HTTP to origins is refused)`,
    );
    expectValidationError(
      () => fd.addRoute("pattern", { endpoint, originGroup: group, patterns: ["api/*"] }),
      `${PATH}: route "pattern" pattern "api/*" does not start with "/" (allowed: paths such as "/*" or "/api/*")`,
    );
    const other = withEndpoint();
    expectValidationError(
      () => fd.addRoute("foreign", { endpoint: other.endpoint, originGroup: group }),
      `${PATH}: route "foreign" endpoint belongs to another Front Door (allowed: endpoints, origin groups, rule sets and custom domains added to this one)`,
    );
  });

  test("rule set validation: durations, names, extensions", () => {
    const { fd } = frontDoorStack();
    const cases: [Parameters<typeof cacheRule>[0], string][] = [
      [{ name: "A", duration: "1 day" }, 'rule set "S1" rule "A": duration "1 day" is not a cache duration (allowed: "HH:MM:SS" below a day, "d.HH:MM:SS" from 1 to 365 days, e.g. "01:00:00" or "1.00:00:00")'],
      [{ name: "A", duration: "366.00:00:00" }, 'rule set "S2" rule "A": duration "366.00:00:00" is not a cache duration (allowed: "HH:MM:SS" below a day, "d.HH:MM:SS" from 1 to 365 days, e.g. "01:00:00" or "1.00:00:00")'],
      [{ name: "A", duration: "00:00:00" }, 'rule set "S3" rule "A": duration "00:00:00" caches nothing (use noCacheRule instead)'],
      [{ name: "A", duration: "01:00:00", extensions: [".js"] }, 'rule set "S4" rule "A": extension ".js" is not allowed (allowed: letters and digits without the dot, e.g. "js")'],
      [{ name: "A", duration: "01:00:00", pathBeginsWith: ["assets/"] }, 'rule set "S5" rule "A": pathBeginsWith "assets/" does not start with "/" (allowed: paths such as "/assets/")'],
      [{ name: "Static-Assets", duration: "01:00:00" }, 'rule set "S6" rule "Static-Assets": the name is not allowed (allowed: a letter, then letters and digits)'],
    ];
    cases.forEach(([rule, message], i) => expectValidationError(() => fd.addRuleSet(`S${i + 1}`, { rules: [cacheRule(rule)] }), `${PATH}: ${message}`));
    expectValidationError(() => fd.addRuleSet("bad-set", { rules: [noCacheRule({ name: "A" })] }), `${PATH}: rule set name "bad-set" is not allowed (allowed: a letter, then letters and digits, 1-60 characters)`);
    expectValidationError(() => fd.addRuleSet("Empty", { rules: [] }), `${PATH}: rule set "Empty" has 0 rules (allowed: 1 to 100)`);
    expectValidationError(
      () => fd.addRuleSet("Twice", { rules: [noCacheRule({ name: "A" }), customRule({ name: "A", actions: {} })] }),
      `${PATH}: rule set "Twice" rule "A" is defined twice in the rule set`,
    );
  });

  test("custom domain: managed certificate with TLS 1.2, _dnsauth TXT record, CNAME to the endpoint after route and security policy, association with every route, WAF over the domain", () => {
    const { stack, rg, fd, endpoint } = withEndpoint();
    const zone = new DnsZone(stack, "Zone", { resourceGroup: rg, name: "9vectors.com" });
    const domain = fd.addCustomDomain("www", { subdomain: "www", dnsZone: zone });
    const group = fd.addOriginGroup("web", { origins: [{ hostName: "stapp.azurestaticapps.net" }] });
    fd.addRoute("web", { endpoint, originGroup: group, customDomains: [domain] });
    fd.addRoute("docs", { endpoint, originGroup: group, patterns: ["/docs/*"], customDomains: [domain] });
    const json = synthJson(stack);
    const domainId = onlyResourceId(json, "azurerm_cdn_frontdoor_custom_domain");
    expect(onlyResource(json, "azurerm_cdn_frontdoor_custom_domain")).toMatchObject({
      name: "www-9vectors-com",
      host_name: "www.9vectors.com",
      dns_zone_id: expect.stringContaining("azurerm_dns_zone."),
      tls: { certificate_type: "ManagedCertificate", minimum_tls_version: "TLS12" },
    });
    expect(onlyResource(json, "azurerm_dns_txt_record")).toMatchObject({
      name: "_dnsauth.www",
      record: [{ value: `\${azurerm_cdn_frontdoor_custom_domain.${domainId}.validation_token}` }],
    });
    const routeIds = Object.keys(resourcesOf(json, "azurerm_cdn_frontdoor_route"));
    const webRoute = routeIds.find((r) => r.includes("Route-web"))!;
    const cname = onlyResource(json, "azurerm_dns_cname_record");
    expect(cname).toMatchObject({ name: "www", record: `\${azurerm_cdn_frontdoor_endpoint.${onlyResourceId(json, "azurerm_cdn_frontdoor_endpoint")}.host_name}` });
    expect(cname.depends_on).toEqual([`azurerm_cdn_frontdoor_route.${webRoute}`, `azurerm_cdn_frontdoor_security_policy.${onlyResourceId(json, "azurerm_cdn_frontdoor_security_policy")}`]);
    expect(onlyResource(json, "azurerm_cdn_frontdoor_custom_domain_association")).toMatchObject({
      cdn_frontdoor_custom_domain_id: `\${azurerm_cdn_frontdoor_custom_domain.${domainId}.id}`,
      cdn_frontdoor_route_ids: expect.arrayContaining(routeIds.map((r) => `\${azurerm_cdn_frontdoor_route.${r}.id}`)),
    });
    expect(resourcesOf(json, "azurerm_cdn_frontdoor_route")[webRoute].cdn_frontdoor_custom_domain_ids).toEqual([`\${azurerm_cdn_frontdoor_custom_domain.${domainId}.id}`]);
    const association = (onlyResource(json, "azurerm_cdn_frontdoor_security_policy").security_policies as { firewall: { association: { domain: unknown[] } } }).firewall.association;
    expect(association.domain).toEqual([
      { cdn_frontdoor_domain_id: `\${azurerm_cdn_frontdoor_endpoint.${onlyResourceId(json, "azurerm_cdn_frontdoor_endpoint")}.id}` },
      { cdn_frontdoor_domain_id: `\${azurerm_cdn_frontdoor_custom_domain.${domainId}.id}` },
    ]);
    expect(domain.records).toHaveLength(2);
  });

  test("custom domain checks: apex refused, twice refused, a domain without a route fails validation", () => {
    const { stack, rg, fd } = withEndpoint();
    const zone = new DnsZone(stack, "Zone", { resourceGroup: rg, name: "9vectors.com" });
    expectValidationError(
      () => fd.addCustomDomain("apex", { subdomain: "@", dnsZone: zone }),
      `${PATH}: customDomain "apex"[0].subdomain "@" is the zone apex (allowed: a subdomain such as "api" or "www"; an apex domain needs an A or alias record, which IDnsZone does not write)`,
    );
    fd.addCustomDomain("www", { subdomain: "www", dnsZone: zone });
    expectValidationError(
      () => fd.addCustomDomain("www2", { subdomain: "www", dnsZone: zone }),
      `${PATH}: customDomain "www2"[0] subdomain "www" of zone "9vectors.com" is defined twice (allowed: each host name once)`,
    );
    expect(() => Testing.synth(stack, true)).toThrow(/custom domain "www.9vectors.com" is served by no route/);
  });

  test("a Front Door without an endpoint fails validation; endpoint limit per tier", () => {
    const { stack } = frontDoorStack();
    expect(() => Testing.synth(stack, true)).toThrow(/the Front Door has no endpoint/);
    const { fd } = frontDoorStack({ sku: "Standard_AzureFrontDoor" });
    for (let i = 0; i < 10; i++) fd.addEndpoint(`e${i}`);
    expectValidationError(() => fd.addEndpoint("e10"), `${PATH}: endpoint "e10" would be number 11 (allowed: at most 10 endpoints per Standard_AzureFrontDoor profile)`);
  });

  test("responseTimeoutSeconds 16-240, diagnostic settings on the profile", () => {
    expectValidationError(() => frontDoorStack({ responseTimeoutSeconds: 10 }), `${PATH}: responseTimeoutSeconds 10 is out of range (allowed: 16 to 240)`);
    const { stack } = withEndpoint({ responseTimeoutSeconds: 60, diagnosticSettings: { workspaceId: "/subscriptions/0/workspaces/log" } });
    const json = synthJson(stack);
    expect(onlyResource(json, "azurerm_cdn_frontdoor_profile").response_timeout_seconds).toBe(60);
    expect(onlyResource(json, "azurerm_monitor_diagnostic_setting")).toMatchObject({
      target_resource_id: `\${azurerm_cdn_frontdoor_profile.${onlyResourceId(json, "azurerm_cdn_frontdoor_profile")}.id}`,
      log_analytics_workspace_id: "/subscriptions/0/workspaces/log",
      enabled_log: [{ category_group: "allLogs" }],
    });
  });

  test("plain TerraformStack: explicit names work, a missing name says to pass it", () => {
    const stack = new TerraformStack(Testing.app(), "plain");
    const rg: IResourceGroup = { name: "rg-edge", location: "eastus2", id: "/subscriptions/0/resourceGroups/rg-edge" };
    const fd = new FrontDoor(stack, "Edge", { resourceGroup: rg, name: "afd-9vectors", waf: { name: "fdfp9vectors" } });
    fd.addEndpoint("web", { name: "fde-9vectors" });
    const json = synthJson(stack);
    expect(onlyResource(json, "azurerm_cdn_frontdoor_profile").name).toBe("afd-9vectors");
    expect(onlyResource(json, "azurerm_cdn_frontdoor_firewall_policy").name).toBe("fdfp9vectors");
    expect(onlyResource(json, "azurerm_cdn_frontdoor_endpoint").name).toBe("fde-9vectors");
    expectValidationError(
      () => new FrontDoor(new TerraformStack(Testing.app(), "p2"), "Edge", { resourceGroup: rg }),
      "p2/Edge: no name given and no AzureStack (or BlueprintStack) to generate one; pass the `name` prop",
    );
    expectValidationError(
      () => new FrontDoor(new TerraformStack(Testing.app(), "p3"), "Edge", { resourceGroup: rg, name: "afd", waf: { name: "fdfp-9vectors" } }),
      'p3/Edge: Front Door WAF policy name "fdfp-9vectors" has characters or a shape Azure rejects; Azure allows 1-128 characters, letters and digits, starting with a letter; unique within its resource group',
    );
  });
});
