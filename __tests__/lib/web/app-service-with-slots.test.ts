import { LinuxWebApp } from "@cdktf/provider-azurerm/lib/linux-web-app";
import { ServicePlan } from "@cdktf/provider-azurerm/lib/service-plan";
import { Testing } from "cdktf";
import { ValidationError } from "../../../lib/core/errors";
import { KeyVault } from "../../../lib/security/key-vault";
import { ManagedIdentity } from "../../../lib/security/managed-identity";
import { AppServiceWithSlots, type AppServiceWithSlotsProps, skuHasSlots } from "../../../lib/web/app-service-with-slots";
import { onlyResource, onlyResourceId, resourcesOf, synthJson, testStack } from "../../helpers/stack";

function appStack(props: Partial<AppServiceWithSlotsProps> = {}) {
  const { stack, rg } = testStack();
  const identity = new ManagedIdentity(stack, "Identity", { resourceGroup: rg, instance: "api" });
  const build = (extra: Partial<AppServiceWithSlotsProps> = {}) =>
    new AppServiceWithSlots(stack, "Api", { resourceGroup: rg, runtime: { node: "20-lts" }, identity, ...props, ...extra });
  return { stack, rg, identity, build };
}

describe("AppServiceWithSlots", () => {
  test("a Linux plan, P1v3 by default", () => {
    const { stack, build } = appStack();
    const api = build();
    const json = synthJson(stack);
    expect(Testing.synth(stack)).toHaveResourceWithProperties(ServicePlan, {
      name: "asp-demo-dev-eus2",
      os_type: "Linux",
      sku_name: "P1v3",
      location: "eastus2",
    });
    const planId = onlyResourceId(json, "azurerm_service_plan");
    expect(onlyResource(json, "azurerm_linux_web_app").service_plan_id).toBe(`\${azurerm_service_plan.${planId}.id}`);
    expect(api.name).toMatch(/^app-demo-dev-eus2-[a-z0-9]{4}$/);
  });

  test("secure web app defaults: HTTPS only, TLS 1.2, FTPS and basic-auth publishing off", () => {
    const { stack, build } = appStack();
    build();
    expect(Testing.synth(stack)).toHaveResourceWithProperties(LinuxWebApp, {
      https_only: true,
      client_affinity_enabled: false,
      ftp_publish_basic_authentication_enabled: false,
      webdeploy_publish_basic_authentication_enabled: false,
      site_config: expect.objectContaining({
        minimum_tls_version: "1.2",
        scm_minimum_tls_version: "1.2",
        ftps_state: "Disabled",
        remote_debugging_enabled: false,
        http2_enabled: true,
        always_on: true,
      }),
    });
  });

  test("health check on /health and the Node 20 LTS stack", () => {
    const { stack, build } = appStack();
    build();
    expect(onlyResource(synthJson(stack), "azurerm_linux_web_app").site_config).toMatchObject({
      health_check_path: "/health",
      health_check_eviction_time_in_min: 5,
      application_stack: { node_version: "20-lts" },
    });
  });

  test("a custom health check path", () => {
    const { stack, build } = appStack({ healthCheckPath: "/api/healthz" });
    build();
    expect(onlyResource(synthJson(stack), "azurerm_linux_web_app").site_config).toMatchObject({ health_check_path: "/api/healthz" });
  });

  test("runs as the user-assigned identity, which also resolves Key Vault references", () => {
    const { stack, build } = appStack();
    build();
    const json = synthJson(stack);
    const identityId = onlyResourceId(json, "azurerm_user_assigned_identity");
    const ref = `\${azurerm_user_assigned_identity.${identityId}.id}`;
    expect(onlyResource(json, "azurerm_linux_web_app")).toMatchObject({
      identity: { type: "UserAssigned", identity_ids: [ref] },
      key_vault_reference_identity_id: ref,
    });
  });

  test("secretSettings become Key Vault references; appSettings stay as written", () => {
    const { stack, rg, build } = appStack();
    const vault = new KeyVault(stack, "Vault", { resourceGroup: rg });
    const jwt = vault.addGeneratedSecret("Jwt", { name: "jwt-secret" });
    build({ appSettings: { NODE_ENV: "production" }, secretSettings: { JWT_SECRET: jwt } });
    const json = synthJson(stack);
    const secretId = onlyResourceId(json, "azurerm_key_vault_secret");
    expect(onlyResource(json, "azurerm_linux_web_app").app_settings).toEqual({
      NODE_ENV: "production",
      JWT_SECRET: `@Microsoft.KeyVault(SecretUri=\${azurerm_key_vault_secret.${secretId}.versionless_id})`,
    });
  });

  test("an Application Insights connection string adds the agent settings", () => {
    const { stack, build } = appStack({ applicationInsightsConnectionString: "InstrumentationKey=abc" });
    build();
    expect(onlyResource(synthJson(stack), "azurerm_linux_web_app").app_settings).toEqual({
      APPLICATIONINSIGHTS_CONNECTION_STRING: "InstrumentationKey=abc",
      ApplicationInsightsAgent_EXTENSION_VERSION: "~3",
    });
  });

  test("CORS origins when given, none otherwise", () => {
    const withCors = appStack({ corsAllowedOrigins: ["https://app.example.com"] });
    withCors.build();
    expect(onlyResource(synthJson(withCors.stack), "azurerm_linux_web_app").site_config).toMatchObject({
      cors: { allowed_origins: ["https://app.example.com"], support_credentials: false },
    });

    const without = appStack();
    without.build();
    expect(onlyResource(synthJson(without.stack), "azurerm_linux_web_app").site_config).not.toHaveProperty("cors");
  });

  test.each([
    [{ python: "3.12" } as const, { python_version: "3.12" }],
    [{ dockerImage: "api:1.0", registryUrl: "https://acr.example.io" }, { docker_image_name: "api:1.0", docker_registry_url: "https://acr.example.io" }],
  ])("runtime %j sets the application stack", (runtime, stackConfig) => {
    const { stack, build } = appStack({ runtime });
    build();
    expect(onlyResource(synthJson(stack), "azurerm_linux_web_app").site_config).toMatchObject({ application_stack: stackConfig });
  });

  test("slots get the same site config, settings and identity as the production app", () => {
    const { stack, rg, build } = appStack({ slots: ["staging"] });
    const vault = new KeyVault(stack, "Vault", { resourceGroup: rg });
    const jwt = vault.addGeneratedSecret("Jwt", { name: "jwt-secret" });
    const api = build({ appSettings: { NODE_ENV: "production" }, secretSettings: { JWT_SECRET: jwt } });
    const json = synthJson(stack);
    const app = onlyResource(json, "azurerm_linux_web_app");
    const appId = onlyResourceId(json, "azurerm_linux_web_app");
    const slot = onlyResource(json, "azurerm_linux_web_app_slot");
    expect(slot).toMatchObject({ name: "staging", app_service_id: `\${azurerm_linux_web_app.${appId}.id}` });
    for (const key of [
      "site_config",
      "app_settings",
      "identity",
      "key_vault_reference_identity_id",
      "https_only",
      "client_affinity_enabled",
      "ftp_publish_basic_authentication_enabled",
      "webdeploy_publish_basic_authentication_enabled",
    ]) {
      expect(slot[key]).toEqual(app[key]);
    }
    expect(Object.keys(api.slots)).toEqual(["staging"]);
  });

  test("no slots by default", () => {
    const { stack, build } = appStack();
    build();
    expect(resourcesOf(synthJson(stack), "azurerm_linux_web_app_slot")).toEqual({});
  });

  test("slots on a Basic plan are rejected", () => {
    const attempt = () => appStack({ sku: "B1", slots: ["staging"] }).build();
    expect(attempt).toThrow(ValidationError);
    expect(attempt).toThrow('test/Api: slots ["staging"] need a Standard or Premium plan; "B1" has no deployment slots');
  });

  test("alwaysOn on the Free plan is rejected", () => {
    const attempt = () => appStack({ sku: "F1", alwaysOn: true }).build();
    expect(attempt).toThrow(ValidationError);
    expect(attempt).toThrow('test/Api: alwaysOn is not available on the "F1" plan');
  });

  test("the Free plan works with alwaysOn off", () => {
    const { stack, build } = appStack({ sku: "F1", alwaysOn: false });
    build();
    const json = synthJson(stack);
    expect(onlyResource(json, "azurerm_service_plan").sku_name).toBe("F1");
    expect(onlyResource(json, "azurerm_linux_web_app").site_config).toMatchObject({ always_on: false });
  });

  test("a slot name Azure rejects is rejected", () => {
    const attempt = () => appStack({ slots: ["-staging"] }).build();
    expect(attempt).toThrow(
      'test/Api/Slot[-staging]: deployment slot name "-staging" has characters or a shape Azure rejects; Azure allows 2-59 characters, letters, digits and hyphens, not starting or ending with a hyphen; unique within its parent resource',
    );
  });

  test("skuHasSlots: Standard and Premium only", () => {
    expect(["F1", "B1", "B2", "B3"].map(skuHasSlots)).toEqual([false, false, false, false]);
    expect(["S1", "P0v3", "P1v2", "P1v3", "P1mv3"].map(skuHasSlots)).toEqual([true, true, true, true, true]);
  });
});

describe("AppServiceWithSlots defaults and duplicates", () => {
  test("always-on defaults off on F1, where Azure does not offer it", () => {
    const { stack, build } = appStack({ sku: "F1" });
    build();
    expect((onlyResource(synthJson(stack), "azurerm_linux_web_app").site_config as { always_on: boolean }).always_on).toBe(false);
  });

  test("a slot defined twice", () => {
    const { build } = appStack({ sku: "S1" });
    expect(() => build({ slots: ["staging", "staging"] })).toThrow('test/Api: slot "staging" is defined twice');
  });
});
