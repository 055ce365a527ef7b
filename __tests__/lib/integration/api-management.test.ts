import { ApiManagement as ApiManagementResource } from "@cdktf/provider-azurerm/lib/api-management";
import { TerraformStack, Testing } from "cdktf";
import type { IResourceGroup } from "../../../lib/core/interfaces";
import type { EnvironmentConfig } from "../../../lib/framework/environment-config";
import { APIM_TIER_FEATURES, ApiManagement, type ApiManagementProps } from "../../../lib/integration/api-management";
import { ApimPolicy } from "../../../lib/integration/api-management-policy";
import type { ISubnet } from "../../../lib/network/interfaces";
import { evaluate } from "../../../lib/policy/engine";
import { AZURE_RULES } from "../../../lib/policy/rules";
import { KeyVault } from "../../../lib/security/key-vault";
import { expectValidationError, onlyResource, onlyResourceId, rendered, resourcesOf, synthJson, testStack, testSubnet } from "../../helpers/stack";

const PUBLISHER = { publisherName: "9Vectors", publisherEmail: "platform@example.com" };

function apimStack(props: Partial<ApiManagementProps> = {}, environment: Partial<EnvironmentConfig> = {}) {
  const { stack, rg } = testStack({ environment });
  const build = (more: Partial<ApiManagementProps> = {}) => new ApiManagement(stack, "Apim", { resourceGroup: rg, ...PUBLISHER, ...props, ...more });
  return { stack, rg, build };
}

/** The document's inbound and outbound policies (nine-vectors.md "Application Security"). */
function nineVectorsPolicy() {
  return ApimPolicy.document({
    inbound: [
      ApimPolicy.validateJwt({
        headerName: "Authorization",
        failedValidationHttpCode: 401,
        failedValidationErrorMessage: "Unauthorized",
        requireExpirationTime: true,
        requireSignedTokens: true,
        clockSkewSeconds: 300,
        openIdConfigUrl: "https://login.microsoftonline.com/tenant/v2.0/.well-known/openid-configuration",
      }),
      ApimPolicy.rateLimitByKey({ calls: 1000, renewalPeriodSeconds: 60, counterKey: "@(context.Request.IpAddress)" }),
      ApimPolicy.quotaByKey({ calls: 100000, renewalPeriodSeconds: 86400, counterKey: "@(context.Subscription.Id)" }),
    ],
    outbound: [ApimPolicy.setHeader({ name: "X-Content-Type-Options", value: "nosniff" }), ApimPolicy.setHeader({ name: "X-Frame-Options", value: "DENY" })],
  });
}

function subnet(name: string, delegations?: readonly string[]): ISubnet {
  return { id: `/subscriptions/0/vnet/subnets/${name}`, name, addressPrefix: "10.0.8.0/24", delegations, virtualNetwork: { id: "/subscriptions/0/vnet", name: "vnet", resourceGroupName: "rg" } };
}

describe("ApiManagement", () => {
  test("defaults: Developer_1, system-assigned identity, TLS 1.2+ both ways, 3DES off, min API version, public access (Azure's creation rule)", () => {
    const { stack, build } = apimStack();
    const apim = build();
    expect(Testing.synth(stack)).toHaveResourceWithProperties(ApiManagementResource, {
      sku_name: "Developer_1",
      publisher_name: "9Vectors",
      publisher_email: "platform@example.com",
      identity: { type: "SystemAssigned" },
      min_api_version: "2019-12-01",
      public_network_access_enabled: true,
      security: {
        frontend_ssl30_enabled: false,
        frontend_tls10_enabled: false,
        frontend_tls11_enabled: false,
        backend_ssl30_enabled: false,
        backend_tls10_enabled: false,
        backend_tls11_enabled: false,
        triple_des_ciphers_enabled: false,
      },
    });
    const json = onlyResource(synthJson(stack), "azurerm_api_management");
    expect(json.virtual_network_type).toBeUndefined();
    expect(json.zones).toBeUndefined();
    expect(apim.name).toMatch(/^apim-demo-dev-eus2-[a-z0-9]{4}$/);
    expect(apim.tier).toBe("Developer");
    const id = onlyResourceId(synthJson(stack), "azurerm_api_management");
    expect(rendered(stack, apim.principalId)).toBe(`\${azurerm_api_management.${id}.identity[0].principal_id}`);
    expect(rendered(stack, apim.gatewayUrl)).toBe(`\${azurerm_api_management.${id}.gateway_url}`);
    expect(resourcesOf(synthJson(stack), "azurerm_api_management_policy")).toEqual({});
  });

  test("sku validation: tier names, capacity per tier", () => {
    const { build } = apimStack();
    expectValidationError(() => build({ sku: "Standard_5" as never }), 'test/Apim: sku "Standard_5": capacity 5 is not available on Standard (allowed: 1 to 4)');
    expectValidationError(() => apimStack().build({ sku: "Consumption_1" as never }), 'test/Apim: sku "Consumption_1": capacity 1 is not available on Consumption (allowed: 0)');
    expectValidationError(
      () => apimStack().build({ sku: "StandardV3_1" as never }),
      'test/Apim: sku "StandardV3_1" is not an API Management SKU; did you mean "StandardV2_..."? (allowed: <tier>_<capacity> with tier Consumption, Developer, Basic, Standard, Premium, BasicV2, StandardV2, PremiumV2, e.g. "StandardV2_1")',
    );
    const ok = apimStack();
    ok.build({ sku: "PremiumV2_3" });
    expect(onlyResource(synthJson(ok.stack), "azurerm_api_management").sku_name).toBe("PremiumV2_3");
  });

  test("publisher and min API version validation", () => {
    expectValidationError(() => apimStack().build({ publisherEmail: "not-an-email" }), 'test/Apim: publisherEmail "not-an-email" is not an email address of at most 100 characters');
    expectValidationError(() => apimStack().build({ publisherName: "" }), 'test/Apim: publisherName "" is 0 characters; Azure allows 1-100');
    expectValidationError(() => apimStack().build({ minApiVersion: "2019" }), 'test/Apim: minApiVersion "2019" is not an API version (YYYY-MM-DD, e.g. "2019-12-01")');
  });

  test("the 9Vectors policies run on Developer and Standard; Consumption refuses rate-limit-by-key, StandardV2 refuses quota-by-key", () => {
    const dev = apimStack();
    dev.build({ policy: nineVectorsPolicy() });
    const xml = onlyResource(synthJson(dev.stack), "azurerm_api_management_policy").xml_content as string;
    expect(xml).toContain('<rate-limit-by-key calls="1000" renewal-period="60" counter-key="@(context.Request.IpAddress)" />');
    expect(xml).toContain("<forward-request />");
    apimStack().build({ sku: "Standard_1", policy: nineVectorsPolicy() });

    expectValidationError(
      () => apimStack().build({ sku: "Consumption_0", policy: nineVectorsPolicy() }),
      'test/Apim: policy "rate-limit-by-key" (inbound section of the service (global) policy) is not available on the Consumption tier (Consumption_0); tiers that run it: Developer, Basic, Standard, Premium, BasicV2, StandardV2, PremiumV2; choose one of them, or "rate-limit" (per subscription), which every tier has',
    );
    expectValidationError(
      () => apimStack().build({ sku: "StandardV2_1", policy: nineVectorsPolicy() }),
      'test/Apim: policy "quota-by-key" (inbound section of the service (global) policy) is not available on the StandardV2 tier (StandardV2_1); tiers that run it: Developer, Basic, Standard, Premium; choose one of them, or "quota" (per subscription), which every tier has',
    );
  });

  test("a per-API policy is checked against the tier too", () => {
    const { build } = apimStack({ sku: "Consumption_0" });
    const apim = build();
    expectValidationError(
      () =>
        apim.addApi("Assessments", {
          path: "assessments",
          displayName: "Assessments",
          serviceUrl: "https://app-api.azurewebsites.net",
          policy: ApimPolicy.document({ inbound: [ApimPolicy.rateLimitByKey({ calls: 1, renewalPeriodSeconds: 1, counterKey: "k" })] }),
        }),
      'test/Apim: policy "rate-limit-by-key" (inbound section of the policy of API "Assessments") is not available on the Consumption tier (Consumption_0); tiers that run it: Developer, Basic, Standard, Premium, BasicV2, StandardV2, PremiumV2; choose one of them, or "rate-limit" (per subscription), which every tier has',
    );
  });

  test("addApi: https only, subscription key required, its policy with <base />; addBackend wires set-backend-service and the managed-identity token", () => {
    const { stack, build } = apimStack();
    const apim = build();
    const backend = apim.addBackend("Functions", { url: "https://func-9v.azurewebsites.net/api", managedIdentityResource: "api://9v-functions" });
    apim.addApi("Assessments", { path: "assessments", displayName: "Assessments", backend, policy: ApimPolicy.document({ inbound: [ApimPolicy.checkHeader({ name: "X-Azure-FDID", values: ["fd-id"] })] }) });
    const json = synthJson(stack);
    expect(onlyResource(json, "azurerm_api_management_api")).toMatchObject({ name: "Assessments", path: "assessments", protocols: ["https"], subscription_required: true, revision: "1" });
    expect(onlyResource(json, "azurerm_api_management_backend")).toMatchObject({ name: "Functions", protocol: "http", url: "https://func-9v.azurewebsites.net/api", tls: { validate_certificate_chain: true, validate_certificate_name: true } });
    expect(onlyResource(json, "azurerm_api_management_api_policy").xml_content).toBe(
      [
        "<policies>",
        "  <inbound>",
        "    <base />",
        '    <check-header name="X-Azure-FDID" failed-check-httpcode="403" failed-check-error-message="Forbidden" ignore-case="true">',
        "      <value>fd-id</value>",
        "    </check-header>",
        '    <set-backend-service backend-id="Functions" />',
        '    <authentication-managed-identity resource="api://9v-functions" />',
        "  </inbound>",
        "  <backend>",
        "    <base />",
        "  </backend>",
        "  <outbound>",
        "    <base />",
        "  </outbound>",
        "  <on-error>",
        "    <base />",
        "  </on-error>",
        "</policies>",
      ].join("\n"),
    );
  });

  test("API and backend validation", () => {
    const apim = apimStack().build();
    expectValidationError(() => apim.addBackend("B", { url: "http://x.example.com" }), 'test/Apim/B: backend url "http://x.example.com" is not https://; the gateway would send requests (and tokens) unencrypted');
    expectValidationError(() => apim.addApi("A", { path: "/a", displayName: "A", serviceUrl: "https://x" }), 'test/Apim/A: API path "/a" is not allowed: up to 400 URL characters, not starting or ending with "/"');
    expectValidationError(() => apim.addApi("A", { path: "a", displayName: "A" }), 'test/Apim/A: API "A" needs exactly one of serviceUrl and backend');
    expectValidationError(() => apim.addApi("A", { path: "a", displayName: "A", serviceUrl: "http://x" }), 'test/Apim/A: API "A" serviceUrl "http://x" is not https://');
    apim.addApi("A", { path: "a", displayName: "A", serviceUrl: "https://x" });
    expectValidationError(() => apim.addApi("A2", { name: "A", path: "b", displayName: "B", serviceUrl: "https://y" }), 'test/Apim: API "A" is defined twice');
  });

  test("named values: Key Vault secrets with a Secrets User grant for the instance's identity; literal values are not secret", () => {
    const { stack, build } = apimStack();
    const apim = build();
    const vault = KeyVault.fromId(stack, "Vault", { keyVaultId: "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv-9v" });
    apim.addNamedValue("BackendKey", { keyVaultSecret: { versionlessId: "https://kv-9v.vault.azure.net/secrets/backend-key" }, keyVault: vault });
    apim.addNamedValue("Region", { value: "eastus2" });
    const json = synthJson(stack);
    const values = Object.values(resourcesOf(json, "azurerm_api_management_named_value"));
    expect(values).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: "BackendKey", secret: true, value_from_key_vault: { secret_id: "https://kv-9v.vault.azure.net/secrets/backend-key" } }),
        expect.objectContaining({ name: "Region", secret: false, value: "eastus2" }),
      ]),
    );
    const grant = onlyResource(json, "azurerm_role_assignment");
    expect(grant).toMatchObject({ role_definition_name: "Key Vault Secrets User" });
    expect(grant.principal_id).toBe(rendered(stack, apim.principalId));
    expectValidationError(() => apim.addNamedValue("Both", { value: "x", keyVaultSecret: { versionlessId: "https://kv/secrets/x" } }), 'test/Apim/Both: named value "Both" needs exactly one of value (not secret) and keyVaultSecret');
  });

  test("Application Insights logger by connection string; diagnostic without bodies, headers or client IPs by default", () => {
    const { stack, build } = apimStack();
    build({ applicationInsights: { connectionString: "${azurerm_application_insights.x.connection_string}", samplingPercentage: 25 } });
    const json = synthJson(stack);
    const logger = onlyResource(json, "azurerm_api_management_logger");
    expect(logger).toMatchObject({ name: "applicationinsights", application_insights: { connection_string: "${azurerm_application_insights.x.connection_string}" } });
    expect((logger.application_insights as Record<string, unknown>).instrumentation_key).toBeUndefined();
    const diagnostic = onlyResource(json, "azurerm_api_management_diagnostic");
    const loggerId = onlyResourceId(json, "azurerm_api_management_logger");
    expect(diagnostic).toMatchObject({
      identifier: "applicationinsights",
      api_management_logger_id: `\${azurerm_api_management_logger.${loggerId}.id}`,
      sampling_percentage: 25,
      always_log_errors: true,
      log_client_ip: false,
      verbosity: "information",
      http_correlation_protocol: "W3C",
      frontend_request: { body_bytes: 0, headers_to_log: [] },
      backend_response: { body_bytes: 0, headers_to_log: [] },
    });
    expectValidationError(() => apimStack().build({ applicationInsights: { connectionString: "x", samplingPercentage: 101 } }), "test/Apim: applicationInsights.samplingPercentage 101 is out of range (allowed: 0 to 100)");
    expectValidationError(() => apimStack().build({ applicationInsights: { connectionString: "x", bodyBytes: 9000 } }), "test/Apim: applicationInsights.bodyBytes 9000 is out of range (allowed: 0 to 8192)");
  });

  test("diagnostic settings send allLogs (GatewayLogs and the rest) and metrics", () => {
    const { stack, build } = apimStack();
    build({ diagnosticSettings: { workspaceId: "/subscriptions/0/ws" } });
    const setting = onlyResource(synthJson(stack), "azurerm_monitor_diagnostic_setting");
    expect(setting).toMatchObject({ enabled_log: [{ category_group: "allLogs" }], enabled_metric: [{ category: "AllMetrics" }] });
  });

  test("private endpoints: Gateway sub-resource and privatelink.azure-api.net; refused on Consumption and BasicV2 and with classic injection", () => {
    const s2 = apimStack({ sku: "StandardV2_1" });
    const withPe = s2.build({ privateEndpoints: [{ subnet: testSubnet({ stack: s2.stack, rg: s2.rg }) }] });
    expect(withPe.privateEndpoints).toHaveLength(1);
    const pe = onlyResource(synthJson(s2.stack), "azurerm_private_endpoint");
    expect(pe.private_service_connection).toMatchObject({ subresource_names: ["Gateway"] });
    expect(Object.values(resourcesOf(synthJson(s2.stack), "azurerm_private_dns_zone")).map((z) => z.name)).toContain("privatelink.azure-api.net");

    for (const sku of ["Consumption_0", "BasicV2_1"] as const) {
      const t = apimStack({ sku });
      expectValidationError(
        () => t.build({ privateEndpoints: [{ subnet: testSubnet({ stack: t.stack, rg: t.rg }) }] }),
        `test/Apim: privateEndpoints: the ${sku.split("_")[0]} tier has no inbound private endpoint (tiers with one: Developer, Basic, Standard, Premium, StandardV2, PremiumV2)`,
      );
    }
    const p = apimStack({ sku: "Premium_1" });
    expectValidationError(
      () => p.build({ virtualNetwork: { mode: "Internal", subnet: subnet("snet-apim") }, privateEndpoints: [{ subnet: testSubnet({ stack: p.stack, rg: p.rg }) }] }),
      "test/Apim: privateEndpoints: a classic Premium instance injected in a virtual network (Internal) takes no private endpoint; use one or the other",
    );
  });

  test("public network access cannot be disabled at creation, nor without a private endpoint", () => {
    const t = apimStack({ sku: "Standard_1" });
    expectValidationError(() => t.build({ publicNetworkAccess: false }), "test/Apim: publicNetworkAccess false needs privateEndpoints: Azure allows disabling public network access only once a private endpoint is connected to the gateway");
    const u = apimStack({ sku: "Standard_1" });
    expectValidationError(
      () => u.build({ publicNetworkAccess: false, privateEndpoints: [{ subnet: testSubnet({ stack: u.stack, rg: u.rg }) }] }),
      "test/Apim: publicNetworkAccess false is refused when the instance is created: Azure creates API Management only with public network access enabled; deploy with publicNetworkAccess true and the private endpoints first, then set publicNetworkAccess false and deployedBefore true",
    );
    const v = apimStack({ sku: "Standard_1" });
    v.build({ publicNetworkAccess: false, deployedBefore: true, privateEndpoints: [{ subnet: testSubnet({ stack: v.stack, rg: v.rg }) }] });
    expect(onlyResource(synthJson(v.stack), "azurerm_api_management").public_network_access_enabled).toBe(false);
  });

  test("virtual networks per tier: classic injection, Premium v2 injection, outbound integration", () => {
    const dev = apimStack();
    dev.build({ virtualNetwork: { mode: "External", subnet: subnet("snet-apim", []) } });
    expect(onlyResource(synthJson(dev.stack), "azurerm_api_management")).toMatchObject({ virtual_network_type: "External", virtual_network_configuration: { subnet_id: "/subscriptions/0/vnet/subnets/snet-apim" } });

    const std2 = apimStack({ sku: "StandardV2_1" });
    std2.build({ virtualNetwork: { mode: "Integration", subnet: subnet("snet-apim", ["Microsoft.Web/serverFarms"]) } });
    expect(onlyResource(synthJson(std2.stack), "azurerm_api_management").virtual_network_type).toBe("External");

    const prem2 = apimStack({ sku: "PremiumV2_1" });
    prem2.build({ virtualNetwork: { mode: "Internal", subnet: subnet("snet-apim", ["Microsoft.Web/hostingEnvironments"]) } });
    expect(onlyResource(synthJson(prem2.stack), "azurerm_api_management").virtual_network_type).toBe("Internal");

    expectValidationError(
      () => apimStack({ sku: "Standard_1" }).build({ virtualNetwork: { mode: "Internal", subnet: subnet("snet-apim") } }),
      'test/Apim: virtualNetwork mode "Internal" is not available on Standard (classic injection: Developer, Premium; Premium v2 injection: "Internal" on PremiumV2; outbound "Integration": StandardV2, PremiumV2)',
    );
    expectValidationError(
      () => apimStack({ sku: "Developer_1" }).build({ virtualNetwork: { mode: "Integration", subnet: subnet("snet-apim") } }),
      'test/Apim: virtualNetwork mode "Integration" is not available on Developer (tiers with outbound VNet integration: StandardV2, PremiumV2)',
    );
    expectValidationError(
      () => apimStack({ sku: "StandardV2_1" }).build({ virtualNetwork: { mode: "Integration", subnet: subnet("snet-apim", []) } }),
      'test/Apim: virtualNetwork: subnet "snet-apim" must be delegated to Microsoft.Web/serverFarms for Integration on StandardV2 (delegations: none)',
    );
    expectValidationError(
      () => apimStack({ sku: "Premium_1" }).build({ virtualNetwork: { mode: "External", subnet: subnet("snet-apim", ["Microsoft.Web/serverFarms"]) } }),
      'test/Apim: virtualNetwork: subnet "snet-apim" must not be delegated for External on Premium (delegations: Microsoft.Web/serverFarms)',
    );
  });

  test("zones on Premium only", () => {
    const p = apimStack({ sku: "Premium_3" });
    p.build({ zones: ["1", "2", "3"] });
    expect(onlyResource(synthJson(p.stack), "azurerm_api_management").zones).toEqual(["1", "2", "3"]);
    expectValidationError(() => apimStack({ sku: "StandardV2_1" }).build({ zones: ["1"] }), "test/Apim: zones: the StandardV2 tier has no availability zones in azurerm 4.55 (tiers with zones: Premium)");
    expect(APIM_TIER_FEATURES.Developer.sla).toBe(false);
  });

  test("user-assigned identities join the system-assigned one; lock and prevent_destroy", () => {
    const { stack, build } = apimStack();
    build({ userAssignedIdentities: [{ id: "/subscriptions/0/uai", principalId: "p", clientId: "c" }], lock: "CanNotDelete", preventDestroy: true });
    const json = synthJson(stack);
    expect(onlyResource(json, "azurerm_api_management")).toMatchObject({ identity: { type: "SystemAssigned, UserAssigned", identity_ids: ["/subscriptions/0/uai"] }, lifecycle: { prevent_destroy: true } });
    expect(onlyResource(json, "azurerm_management_lock")).toMatchObject({ lock_level: "CanNotDelete" });
  });

  test("names: explicit names are checked; a plain TerraformStack needs one", () => {
    expectValidationError(() => apimStack().build({ name: "9vectors" }), 'test/Apim: API Management service name "9vectors" has characters or a shape Azure rejects; Azure allows 1-50 characters, letters, digits and hyphens, starting with a letter and ending with a letter or digit; globally unique');
    const plain = new TerraformStack(Testing.app(), "plain");
    const rg: IResourceGroup = { name: "rg-api", location: "westeurope", id: "/subscriptions/0/resourceGroups/rg-api" };
    expectValidationError(() => new ApiManagement(plain, "Apim", { resourceGroup: rg, ...PUBLISHER }), "plain/Apim: no name given and no AzureStack (or BlueprintStack) to generate one; pass the `name` prop");
    const apim = new ApiManagement(plain, "Named", { resourceGroup: rg, ...PUBLISHER, name: "apim-ugc-weu", sku: "StandardV2_1" });
    apim.addApi("Media", { path: "media", displayName: "Media", serviceUrl: "https://media.example.com" });
    const json = JSON.parse(Testing.synth(plain));
    expect(Object.values(json.resource.azurerm_api_management as Record<string, { name: string }>)[0].name).toBe("apim-ugc-weu");
  });
});

describe("ApiManagement policy rules (AZ-APIM)", () => {
  function findings(build: (s: ReturnType<typeof apimStack>) => void, types = ["azurerm_api_management", "azurerm_api_management_api", "azurerm_api_management_backend", "azurerm_api_management_named_value"]): string[] {
    const s = apimStack({}, { name: "prod", tier: "prod" });
    build(s);
    const report = evaluate(AZURE_RULES, { name: "test", tier: "prod", json: synthJson(s.stack), date: "2026-11-29" }, []);
    return report.findings.filter((f) => types.includes(f.resourceType) && f.ruleId.startsWith("AZ-APIM")).map((f) => `${f.ruleId} ${f.message}`).sort();
  }

  test("the construct's defaults pass every rule but the public-access warning", () => {
    expect(
      findings((s) => {
        const apim = s.build();
        apim.addApi("A", { path: "a", displayName: "A", backend: apim.addBackend("B", { url: "https://b.example.com" }) });
        apim.addNamedValue("K", { keyVaultSecret: { versionlessId: "https://kv/secrets/k" } });
      }),
    ).toEqual(["AZ-APIM-002 public_network_access_enabled is true"]);
  });

  test("a private instance passes AZ-APIM-002 and AZ-APIM-003", () => {
    expect(findings((s) => s.build({ sku: "Standard_1", publicNetworkAccess: false, deployedBefore: true, privateEndpoints: [{ subnet: testSubnet({ stack: s.stack, rg: s.rg }) }] }))).toEqual([]);
  });

  test("violations: weak TLS, no identity, public access off without an endpoint, http APIs and backends, secret literals", () => {
    expect(
      findings((s) => {
        const apim = s.build();
        apim.resource.addOverride("security.frontend_tls10_enabled", true);
        apim.resource.addOverride("security.triple_des_ciphers_enabled", true);
        apim.resource.addOverride("identity", null);
        apim.resource.addOverride("public_network_access_enabled", false);
        const api = apim.addApi("A", { path: "a", displayName: "A", serviceUrl: "https://a" });
        api.addOverride("protocols", ["http", "https"]);
        const backend = apim.addBackend("B", { url: "https://b" });
        backend.resource.addOverride("url", "http://b");
        const nv = apim.addNamedValue("K", { value: "x" });
        nv.addOverride("secret", true);
      }),
    ).toEqual([
      "AZ-APIM-001 frontend_tls10_enabled, triple_des_ciphers_enabled are true",
      "AZ-APIM-003 public_network_access_enabled is false and no private endpoint connects to it",
      "AZ-APIM-004 no identity block",
      "AZ-APIM-005 protocols include http",
      'AZ-APIM-006 url "http://b" is not https',
      "AZ-APIM-007 secret is true and the value is given directly",
    ]);
  });
});
