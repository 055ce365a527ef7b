import { ApimPolicy, xmlAttribute, xmlText } from "../../../lib/integration/api-management-policy";
import { expectValidationError } from "../../helpers/stack";

describe("ApimPolicy builders render exact XML", () => {
  test("validate-jwt with the 9Vectors settings, an OpenID key source, audiences and issuers", () => {
    const s = ApimPolicy.validateJwt({
      headerName: "Authorization",
      failedValidationHttpCode: 401,
      failedValidationErrorMessage: "Unauthorized",
      requireExpirationTime: true,
      requireSignedTokens: true,
      clockSkewSeconds: 300,
      openIdConfigUrl: "https://login.microsoftonline.com/tenant/v2.0/.well-known/openid-configuration",
      audiences: ["api://nine-vectors"],
      issuers: ["https://login.microsoftonline.com/tenant/v2.0"],
    });
    expect(s.lines.join("\n")).toBe(
      [
        '<validate-jwt header-name="Authorization" failed-validation-httpcode="401" failed-validation-error-message="Unauthorized" require-expiration-time="true" require-signed-tokens="true" clock-skew="300">',
        '  <openid-config url="https://login.microsoftonline.com/tenant/v2.0/.well-known/openid-configuration" />',
        "  <audiences>",
        "    <audience>api://nine-vectors</audience>",
        "  </audiences>",
        "  <issuers>",
        "    <issuer>https://login.microsoftonline.com/tenant/v2.0</issuer>",
        "  </issuers>",
        "</validate-jwt>",
      ].join("\n"),
    );
    expect(s.tiers).toContain("Consumption");
  });

  test("rate-limit-by-key and quota-by-key keep policy expressions as attribute values", () => {
    expect(ApimPolicy.rateLimitByKey({ calls: 1000, renewalPeriodSeconds: 60, counterKey: "@(context.Request.IpAddress)" }).lines).toEqual([
      '<rate-limit-by-key calls="1000" renewal-period="60" counter-key="@(context.Request.IpAddress)" />',
    ]);
    expect(ApimPolicy.quotaByKey({ calls: 100000, renewalPeriodSeconds: 86400, counterKey: "@(context.Subscription.Id)" }).lines).toEqual([
      '<quota-by-key calls="100000" renewal-period="86400" counter-key="@(context.Subscription.Id)" />',
    ]);
    expect(ApimPolicy.rateLimitByKey({ calls: 5, renewalPeriodSeconds: 10, counterKey: '@(context.Request.Headers.GetValueOrDefault("X-Key",""))', incrementCondition: "@(context.Response.StatusCode >= 200)" }).lines).toEqual([
      '<rate-limit-by-key calls="5" renewal-period="10" counter-key="@(context.Request.Headers.GetValueOrDefault(&quot;X-Key&quot;,&quot;&quot;))" increment-condition="@(context.Response.StatusCode &gt;= 200)" />',
    ]);
  });

  test("rate-limit, quota, ip-filter, set-header, check-header", () => {
    expect(ApimPolicy.rateLimit({ calls: 100, renewalPeriodSeconds: 60 }).lines).toEqual(['<rate-limit calls="100" renewal-period="60" />']);
    expect(ApimPolicy.quota({ calls: 10, bandwidthKilobytes: 2048, renewalPeriodSeconds: 0 }).lines).toEqual(['<quota calls="10" bandwidth="2048" renewal-period="0" />']);
    expect(ApimPolicy.ipFilter({ action: "forbid", addresses: ["203.0.113.7"], addressRanges: [{ from: "10.0.0.0", to: "10.0.0.255" }] }).lines).toEqual([
      '<ip-filter action="forbid">',
      "  <address>203.0.113.7</address>",
      '  <address-range from="10.0.0.0" to="10.0.0.255" />',
      "</ip-filter>",
    ]);
    expect(ApimPolicy.setHeader({ name: "X-Content-Type-Options", value: "nosniff" }).lines).toEqual([
      '<set-header name="X-Content-Type-Options" exists-action="override">',
      "  <value>nosniff</value>",
      "</set-header>",
    ]);
    expect(ApimPolicy.setHeader({ name: "X-Powered-By", action: "delete" }).lines).toEqual(['<set-header name="X-Powered-By" exists-action="delete" />']);
    expect(ApimPolicy.checkHeader({ name: "X-Azure-FDID", values: ["00000000-1111-2222-3333-444444444444"] }).lines).toEqual([
      '<check-header name="X-Azure-FDID" failed-check-httpcode="403" failed-check-error-message="Forbidden" ignore-case="true">',
      "  <value>00000000-1111-2222-3333-444444444444</value>",
      "</check-header>",
    ]);
  });

  test("cors, authentication-managed-identity, set-backend-service", () => {
    expect(ApimPolicy.cors({ allowedOrigins: ["https://app.example.com"], allowedMethods: ["GET"], preflightResultMaxAgeSeconds: 300, exposeHeaders: ["X-Request-Id"] }).lines).toEqual([
      '<cors allow-credentials="false">',
      "  <allowed-origins>",
      "    <origin>https://app.example.com</origin>",
      "  </allowed-origins>",
      '  <allowed-methods preflight-result-max-age="300">',
      "    <method>GET</method>",
      "  </allowed-methods>",
      "  <allowed-headers>",
      "    <header>*</header>",
      "  </allowed-headers>",
      "  <expose-headers>",
      "    <header>X-Request-Id</header>",
      "  </expose-headers>",
      "</cors>",
    ]);
    expect(ApimPolicy.authenticationManagedIdentity({ resource: "api://backend", clientId: "cid" }).lines).toEqual(['<authentication-managed-identity resource="api://backend" client-id="cid" />']);
    expect(ApimPolicy.setBackendService({ backendId: "assessments" }).lines).toEqual(['<set-backend-service backend-id="assessments" />']);
    expect(ApimPolicy.setBackendService({ baseUrl: "https://api.example.com" }).lines).toEqual(['<set-backend-service base-url="https://api.example.com" />']);
  });

  test("escaping: attributes escape quotes, text escapes markup", () => {
    expect(xmlAttribute(`a&b<c>"d'`)).toBe("a&amp;b&lt;c&gt;&quot;d&apos;");
    expect(xmlText(`<script>&"`)).toBe('&lt;script&gt;&amp;"');
    expect(ApimPolicy.setHeader({ name: "X-Note", value: "<b>&</b>" }).lines[1]).toBe("  <value>&lt;b&gt;&amp;&lt;/b&gt;</value>");
  });
});

describe("ApimPolicy documents", () => {
  const doc = ApimPolicy.document({
    inbound: [ApimPolicy.rateLimit({ calls: 10, renewalPeriodSeconds: 60 })],
    outbound: [ApimPolicy.setHeader({ name: "X-Frame-Options", value: "DENY" })],
  });

  test("API scope: <base /> first in every section", () => {
    expect(doc.render("api")).toBe(
      [
        "<policies>",
        "  <inbound>",
        "    <base />",
        '    <rate-limit calls="10" renewal-period="60" />',
        "  </inbound>",
        "  <backend>",
        "    <base />",
        "  </backend>",
        "  <outbound>",
        "    <base />",
        '    <set-header name="X-Frame-Options" exists-action="override">',
        "      <value>DENY</value>",
        "    </set-header>",
        "  </outbound>",
        "  <on-error>",
        "    <base />",
        "  </on-error>",
        "</policies>",
      ].join("\n"),
    );
  });

  test("global scope: no <base />, and an empty backend forwards the request", () => {
    expect(doc.render("global")).toBe(
      [
        "<policies>",
        "  <inbound>",
        '    <rate-limit calls="10" renewal-period="60" />',
        "  </inbound>",
        "  <backend>",
        "    <forward-request />",
        "  </backend>",
        "  <outbound>",
        '    <set-header name="X-Frame-Options" exists-action="override">',
        "      <value>DENY</value>",
        "    </set-header>",
        "  </outbound>",
        "  <on-error />",
        "</policies>",
      ].join("\n"),
    );
  });

  test("tier support: by-key policies are missing on Consumption; quota-by-key on v2", () => {
    const d = ApimPolicy.document({
      inbound: [
        ApimPolicy.rateLimitByKey({ calls: 1000, renewalPeriodSeconds: 60, counterKey: "@(context.Request.IpAddress)" }),
        ApimPolicy.quotaByKey({ calls: 100000, renewalPeriodSeconds: 86400, counterKey: "@(context.Subscription.Id)" }),
      ],
    });
    expect(d.unsupportedOn("Consumption").map((u) => u.policy)).toEqual(["rate-limit-by-key", "quota-by-key"]);
    expect(d.unsupportedOn("StandardV2").map((u) => u.policy)).toEqual(["quota-by-key"]);
    expect(d.unsupportedOn("Standard")).toEqual([]);
    expect(d.unsupportedOn("Developer")).toEqual([]);
  });

  test("a statement in a section it cannot be in is refused", () => {
    expectValidationError(
      () => ApimPolicy.document({ outbound: [ApimPolicy.rateLimit({ calls: 1, renewalPeriodSeconds: 1 })] }),
      'ApimPolicy: policy "rate-limit" cannot be in the outbound section (allowed: inbound)',
    );
  });
});

describe("ApimPolicy validation", () => {
  test.each([
    [() => ApimPolicy.rateLimitByKey({ calls: 0, renewalPeriodSeconds: 60, counterKey: "k" }), 'ApimPolicy: rate-limit-by-key calls 0 is not allowed (allowed: a whole number of at least 1)'],
    [() => ApimPolicy.rateLimitByKey({ calls: 10, renewalPeriodSeconds: 1.5, counterKey: "k" }), 'ApimPolicy: rate-limit-by-key renewalPeriodSeconds 1.5 is not allowed (allowed: a whole number of at least 1)'],
    [() => ApimPolicy.rateLimitByKey({ calls: 10, renewalPeriodSeconds: 60, counterKey: " " }), 'ApimPolicy: rate-limit-by-key counterKey is empty; give a value or a policy expression such as "@(context.Request.IpAddress)"'],
    [() => ApimPolicy.quotaByKey({ calls: 10, renewalPeriodSeconds: 60, counterKey: "k" }), 'ApimPolicy: quota-by-key renewalPeriodSeconds 60 is not allowed (allowed: 0 for a lifetime quota, or a whole number of at least 300)'],
    [() => ApimPolicy.quota({ renewalPeriodSeconds: 3600 }), "ApimPolicy: quota sets neither calls nor bandwidthKilobytes; give one or both"],
    [() => ApimPolicy.validateJwt({ openIdConfigUrl: "http://idp/.well-known/openid-configuration" }), 'ApimPolicy: validate-jwt openIdConfigUrl "http://idp/.well-known/openid-configuration" is not an https:// URL'],
    [() => ApimPolicy.validateJwt({ openIdConfigUrl: "https://idp", failedValidationHttpCode: 99 }), 'ApimPolicy: validate-jwt failedValidationHttpCode 99 is not allowed (allowed: a whole number from 100 to 599)'],
    [() => ApimPolicy.ipFilter({ action: "allow", addresses: [] }), "ApimPolicy: ip-filter lists no address or address range; give addresses or addressRanges"],
    [() => ApimPolicy.ipFilter({ action: "allow", addresses: ["0.0.0.0/0"] }), 'ApimPolicy: ip-filter address "0.0.0.0/0" is a CIDR; ip-filter takes single addresses and from-to ranges (e.g. { from: "10.0.0.0", to: "10.0.0.255" })'],
    [() => ApimPolicy.setHeader({ name: "X-A" }), 'ApimPolicy: set-header "X-A" has action "override" and no value; give a value, or action "delete"'],
    [() => ApimPolicy.setHeader({ name: "X-A", value: "v", action: "delete" }), 'ApimPolicy: set-header "X-A" has action "delete" and a value; a deleted header takes no value'],
    [() => ApimPolicy.cors({ allowedOrigins: ["*"], allowCredentials: true }), 'ApimPolicy: cors allows credentials from origin "*"; browsers refuse credentialed requests to a wildcard origin: list the origins'],
    [() => ApimPolicy.setBackendService({}), "ApimPolicy: set-backend-service needs exactly one of backendId and baseUrl"],
    [() => ApimPolicy.setBackendService({ baseUrl: "http://x" }), 'ApimPolicy: set-backend-service baseUrl "http://x" is not an https:// URL'],
  ])("%#", (attempt, message) => {
    expectValidationError(attempt, message);
  });
});
