import { LinuxWebApp } from "@cdktf/provider-azurerm/lib/linux-web-app";
import { ServicePlan } from "@cdktf/provider-azurerm/lib/service-plan";
import { Testing } from "cdktf";
import { ExistingSubnet } from "../../../lib/network/existing";
import type { ISubnet } from "../../../lib/network/interfaces";
import { VnetWithSubnets } from "../../../lib/network/vnet-with-subnets";
import { PrivateDnsZones } from "../../../lib/network/private-dns-zones";
import { APP_SERVICE_PLAN_SCALE_RULES } from "../../../lib/observability/autoscale";
import { KeyVault } from "../../../lib/security/key-vault";
import { ManagedIdentity } from "../../../lib/security/managed-identity";
import {
  AppServiceWithSlots,
  type AppServiceWithSlotsProps,
  type WebAppProps,
  appServicePlanAutoscaleTarget,
  appServiceTierLimits,
  skuHasSlots,
} from "../../../lib/web/app-service-with-slots";
import { type TerraformJson, type TestStack, type TestStackOptions, onlyResource, onlyResourceId, rendered, resourcesOf, synthJson, testStack, expectValidationError } from "../../helpers/stack";

type PlanProps = Partial<Omit<AppServiceWithSlotsProps, "apps">>;

/** A stack with one identity and a builder for an AppServiceWithSlots `Api` with one unnamed Node app. */
function appStack(plan: PlanProps = {}, app: Partial<WebAppProps> = {}, options: TestStackOptions = {}) {
  const { stack, rg } = testStack(options);
  const identity = new ManagedIdentity(stack, "Identity", { resourceGroup: rg, instance: "api" });
  const build = (extraApp: Partial<WebAppProps> = {}, extraPlan: PlanProps = {}) =>
    new AppServiceWithSlots(stack, "Api", {
      resourceGroup: rg,
      ...plan,
      ...extraPlan,
      apps: [{ runtime: { node: "20-lts" }, identity, ...app, ...extraApp }],
    });
  return { stack, rg, identity, build };
}

/** The Studio shape: one plan, a NextJS front end and a FastAPI back end, each with its own identity. */
function studioStack(plan: PlanProps = {}, apps: { web?: Partial<WebAppProps>; api?: Partial<WebAppProps> } = {}, options: TestStackOptions = {}) {
  const { stack, rg } = testStack(options);
  const webIdentity = new ManagedIdentity(stack, "WebIdentity", { resourceGroup: rg, instance: "web" });
  const apiIdentity = new ManagedIdentity(stack, "ApiIdentity", { resourceGroup: rg, instance: "api" });
  const build = (extraPlan: PlanProps = {}) =>
    new AppServiceWithSlots(stack, "Studio", {
      resourceGroup: rg,
      sku: "P1v3",
      ...plan,
      ...extraPlan,
      apps: [
        { instance: "web", runtime: { node: "20-lts" }, identity: webIdentity, appCommandLine: "node server.js", ...apps.web },
        {
          instance: "api",
          runtime: { python: "3.11" },
          identity: apiIdentity,
          appCommandLine: "gunicorn -w 2 -k uvicorn.workers.UvicornWorker main:app",
          healthCheckPath: "/api/health",
          ...apps.api,
        },
      ],
    });
  return { stack, rg, webIdentity, apiIdentity, build };
}

/** A hand-made subnet of a hand-made VNet, with its private DNS zones. */
function subnet({ stack, rg }: Pick<TestStack, "stack" | "rg">, name = "snet-app", addressPrefix = "10.0.1.0/26"): ISubnet {
  const privateDnsZones = (stack.node.tryFindChild("Dns") as PrivateDnsZones | undefined)
    ?? new PrivateDnsZones(stack, "Dns", { resourceGroup: rg, virtualNetworkId: "/subscriptions/0/vnet", virtualNetworkName: "vnet-test" });
  return {
    id: `/subscriptions/0/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet-test/subnets/${name}`,
    name,
    addressPrefix,
    virtualNetwork: { id: "/subscriptions/0/vnet", name: "vnet-test", resourceGroupName: rg.name, privateDnsZones },
  };
}

/**
 * Resources of `type` by logical id without its hash: the construct path below the stack, `_`
 * between ids and `Resource` left out (`Studio_App-web_App` for Studio/App-web/App).
 */
function byId(json: TerraformJson, type: string): Record<string, Record<string, unknown>> {
  return Object.fromEntries(Object.entries(resourcesOf(json, type)).map(([id, r]) => [id.replace(/_[0-9A-F]{8}$/, ""), r]));
}

/** Full logical ids of `type`, by the id without hash. */
function fullIds(json: TerraformJson, type: string): Record<string, string> {
  return Object.fromEntries(Object.keys(resourcesOf(json, type)).map((id) => [id.replace(/_[0-9A-F]{8}$/, ""), id]));
}

function warnings(construct: AppServiceWithSlots): string[] {
  return construct.node.metadata.filter((m) => m.type === "@cdktf/warn").map((m) => m.data as string);
}

describe("AppServiceWithSlots: one app", () => {
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
    expect(api.sku).toBe("P1v3");
  });

  test("an unnamed single app keeps the construct ids Plan, App and Slot-<name>", () => {
    const { stack, build } = appStack({ slots: ["staging"] });
    const api = build();
    const json = synthJson(stack);
    expect(Object.keys(byId(json, "azurerm_service_plan"))).toEqual(["Api_Plan"]);
    expect(Object.keys(byId(json, "azurerm_linux_web_app"))).toEqual(["Api_App"]);
    expect(Object.keys(byId(json, "azurerm_linux_web_app_slot"))).toEqual(["Api_Slot-staging"]);
    expect(Object.keys(api.apps)).toEqual(["default"]);
    expect(api.apps.default.instance).toBeUndefined();
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

  test("without VNet integration, startup command or publicNetworkAccess, none of their keys is written", () => {
    const { stack, build } = appStack({ slots: ["staging"] });
    build();
    const json = synthJson(stack);
    for (const resource of [onlyResource(json, "azurerm_linux_web_app"), onlyResource(json, "azurerm_linux_web_app_slot")]) {
      expect(resource).not.toHaveProperty("virtual_network_subnet_id");
      expect(resource).not.toHaveProperty("public_network_access_enabled");
      expect(resource.site_config).not.toHaveProperty("vnet_route_all_enabled");
      expect(resource.site_config).not.toHaveProperty("app_command_line");
    }
    const plan = onlyResource(json, "azurerm_service_plan");
    expect(plan).not.toHaveProperty("worker_count");
    expect(plan).not.toHaveProperty("zone_balancing_enabled");
    expect(plan).not.toHaveProperty("lifecycle");
    expect(resourcesOf(json, "azurerm_monitor_autoscale_setting")).toEqual({});
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

  test("a custom health check path and a startup command", () => {
    const { stack, build } = appStack({}, { healthCheckPath: "/api/healthz", appCommandLine: "node dist/server.js" });
    build();
    expect(onlyResource(synthJson(stack), "azurerm_linux_web_app").site_config).toMatchObject({
      health_check_path: "/api/healthz",
      app_command_line: "node dist/server.js",
    });
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
    const withCors = appStack({}, { corsAllowedOrigins: ["https://app.example.com"] });
    withCors.build();
    expect(onlyResource(synthJson(withCors.stack), "azurerm_linux_web_app").site_config).toMatchObject({
      cors: { allowed_origins: ["https://app.example.com"], support_credentials: false },
    });

    const without = appStack();
    without.build();
    expect(onlyResource(synthJson(without.stack), "azurerm_linux_web_app").site_config).not.toHaveProperty("cors");
  });

  test.each([
    [{ python: "3.11" } as const, { python_version: "3.11" }],
    [{ node: "22-lts" } as const, { node_version: "22-lts" }],
  ])("runtime %j sets the application stack", (runtime, stackConfig) => {
    const { stack, build } = appStack({}, { runtime });
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

  test("the Free plan works with alwaysOn off", () => {
    const { stack, build } = appStack({ sku: "F1", alwaysOn: false });
    build();
    const json = synthJson(stack);
    expect(onlyResource(json, "azurerm_service_plan").sku_name).toBe("F1");
    expect(onlyResource(json, "azurerm_linux_web_app").site_config).toMatchObject({ always_on: false });
  });

  test("always-on defaults off on F1, where Azure does not offer it", () => {
    const { stack, build } = appStack({ sku: "F1" });
    build();
    expect((onlyResource(synthJson(stack), "azurerm_linux_web_app").site_config as { always_on: boolean }).always_on).toBe(false);
  });

  test("instanceCount sets the plan's worker count", () => {
    const { stack, build } = appStack({ sku: "S1", instanceCount: 3 });
    build();
    expect(onlyResource(synthJson(stack), "azurerm_service_plan")).toMatchObject({ worker_count: 3 });
  });
});

describe("AppServiceWithSlots: several apps on one plan", () => {
  test("one plan, a Node 20 front end and a Python 3.11 back end, each with its own name and identity", () => {
    const { stack, build } = studioStack();
    const studio = build();
    const json = synthJson(stack);
    const planId = onlyResourceId(json, "azurerm_service_plan");
    const apps = byId(json, "azurerm_linux_web_app");
    expect(Object.keys(apps).sort()).toEqual(["Studio_App-api_App", "Studio_App-web_App"]);
    const web = apps["Studio_App-web_App"];
    const api = apps["Studio_App-api_App"];
    for (const app of [web, api]) expect(app.service_plan_id).toBe(`\${azurerm_service_plan.${planId}.id}`);
    expect(web.name).toMatch(/^app-demo-dev-eus2-web-[a-z0-9]{4}$/);
    expect(api.name).toMatch(/^app-demo-dev-eus2-api-[a-z0-9]{4}$/);
    expect(web.site_config).toMatchObject({ application_stack: { node_version: "20-lts" }, app_command_line: "node server.js", health_check_path: "/health" });
    expect(api.site_config).toMatchObject({
      application_stack: { python_version: "3.11" },
      app_command_line: "gunicorn -w 2 -k uvicorn.workers.UvicornWorker main:app",
      health_check_path: "/api/health",
    });
    const identities = resourcesOf(json, "azurerm_user_assigned_identity");
    const identityRef = (name: string) => `\${azurerm_user_assigned_identity.${Object.keys(identities).find((k) => identities[k].name === name)}.id}`;
    expect(web).toMatchObject({ identity: { identity_ids: [identityRef("id-demo-dev-eus2-web")] }, key_vault_reference_identity_id: identityRef("id-demo-dev-eus2-web") });
    expect(api).toMatchObject({ identity: { identity_ids: [identityRef("id-demo-dev-eus2-api")] }, key_vault_reference_identity_id: identityRef("id-demo-dev-eus2-api") });
    expect(Object.keys(studio.apps)).toEqual(["web", "api"]);
    expect(studio.apps.web.name).toBe(web.name);
    expect(studio.apps.api.name).toBe(api.name);
    // The construct's own id/name/app are the first app's.
    expect(studio.name).toBe(web.name);
    expect(studio.app).toBe(studio.apps.web.resource);
  });

  test("settings, secrets and CORS are per app; App Insights goes to every app", () => {
    const { stack, build } = studioStack(
      { applicationInsightsConnectionString: "InstrumentationKey=abc" },
      {
        web: { appSettings: { NEXT_PUBLIC_API_URL: "https://api.example.com" } },
        api: { appSettings: { ENVIRONMENT: "dev" }, corsAllowedOrigins: ["https://web.example.com"] },
      },
    );
    const studio = build();
    const apps = byId(synthJson(stack), "azurerm_linux_web_app");
    const web = apps["Studio_App-web_App"];
    const api = apps["Studio_App-api_App"];
    expect(web.app_settings).toEqual({
      NEXT_PUBLIC_API_URL: "https://api.example.com",
      APPLICATIONINSIGHTS_CONNECTION_STRING: "InstrumentationKey=abc",
      ApplicationInsightsAgent_EXTENSION_VERSION: "~3",
    });
    expect(api.app_settings).toEqual({
      ENVIRONMENT: "dev",
      APPLICATIONINSIGHTS_CONNECTION_STRING: "InstrumentationKey=abc",
      ApplicationInsightsAgent_EXTENSION_VERSION: "~3",
    });
    expect(web.site_config).not.toHaveProperty("cors");
    expect(api.site_config).toMatchObject({ cors: { allowed_origins: ["https://web.example.com"] } });
    expect(studio.apps.api.identity).toBeDefined();
  });

  test("the plan's slots apply to every app, each slot on its own app", () => {
    const { stack, build } = studioStack({ slots: ["staging"] });
    const studio = build();
    const json = synthJson(stack);
    const appIds = fullIds(json, "azurerm_linux_web_app");
    const slots = byId(json, "azurerm_linux_web_app_slot");
    expect(Object.keys(slots).sort()).toEqual(["Studio_App-api_Slot-staging", "Studio_App-web_Slot-staging"]);
    for (const app of ["web", "api"]) {
      expect(slots[`Studio_App-${app}_Slot-staging`]).toMatchObject({ name: "staging", app_service_id: `\${azurerm_linux_web_app.${appIds[`Studio_App-${app}_App`]}.id}` });
    }
    expect(Object.keys(studio.apps.web.slots)).toEqual(["staging"]);
    expect(Object.keys(studio.apps.api.slots)).toEqual(["staging"]);
  });

  test("an app's own slots replace the plan's", () => {
    const { stack, build } = studioStack({ slots: ["staging"] }, { api: { slots: ["blue", "green"] }, web: { slots: [] } });
    const studio = build();
    expect(Object.keys(byId(synthJson(stack), "azurerm_linux_web_app_slot")).sort()).toEqual(["Studio_App-api_Slot-blue", "Studio_App-api_Slot-green"]);
    expect(studio.apps.web.slots).toEqual({});
  });

  test("a single app with an instance is named after it and lives under App-<instance>", () => {
    const { stack, build } = appStack({}, { instance: "api" });
    const api = build();
    const json = synthJson(stack);
    expect(Object.keys(byId(json, "azurerm_linux_web_app"))).toEqual(["Api_App-api_App"]);
    expect(api.name).toMatch(/^app-demo-dev-eus2-api-[a-z0-9]{4}$/);
    expect(Object.keys(api.apps)).toEqual(["api"]);
  });
});

describe("AppServiceWithSlots: networking", () => {
  test("VNet integration puts every app and slot in the subnet and routes all outbound traffic through it", () => {
    const { stack, rg, build } = studioStack({ slots: ["staging"] });
    const appSubnet = subnet({ stack, rg });
    build({ vnetIntegrationSubnet: appSubnet });
    const json = synthJson(stack);
    const sites = [...Object.values(resourcesOf(json, "azurerm_linux_web_app")), ...Object.values(resourcesOf(json, "azurerm_linux_web_app_slot"))];
    expect(sites).toHaveLength(4);
    for (const site of sites) {
      expect(site.virtual_network_subnet_id).toBe(appSubnet.id);
      expect(site.site_config).toMatchObject({ vnet_route_all_enabled: true });
    }
  });

  test("publicNetworkAccess false closes the app and its slots; the default leaves Azure's (open)", () => {
    const { stack, build } = studioStack({ sku: "S1", slots: ["staging"] }, { api: { publicNetworkAccess: false } });
    build();
    const json = synthJson(stack);
    const sites = { ...byId(json, "azurerm_linux_web_app"), ...byId(json, "azurerm_linux_web_app_slot") };
    expect(Object.keys(sites)).toHaveLength(4);
    for (const [id, site] of Object.entries(sites)) {
      if (id.startsWith("Studio_App-api")) expect(site.public_network_access_enabled).toBe(false);
      else expect(site).not.toHaveProperty("public_network_access_enabled");
    }
  });

  test("a private endpoint per app, on the sites sub-resource, registered in privatelink.azurewebsites.net", () => {
    const { stack, rg } = testStack();
    const endpoints = subnet({ stack, rg }, "snet-endpoints", "10.0.2.0/24");
    const studio = new AppServiceWithSlots(stack, "Private", {
      resourceGroup: rg,
      sku: "P1v3",
      apps: [{ instance: "api", runtime: { python: "3.11" }, identity: new ManagedIdentity(stack, "Id", { resourceGroup: rg }), publicNetworkAccess: false, privateEndpoints: [{ subnet: endpoints }] }],
    });
    const json = synthJson(stack);
    const appId = Object.keys(resourcesOf(json, "azurerm_linux_web_app")).find((k) => k.startsWith("Private_App-api"));
    const pep = onlyResource(json, "azurerm_private_endpoint");
    expect(pep).toMatchObject({
      name: "pep-demo-dev-eus2-api",
      subnet_id: endpoints.id,
      location: "eastus2",
      private_service_connection: { private_connection_resource_id: `\${azurerm_linux_web_app.${appId}.id}`, subresource_names: ["sites"], is_manual_connection: false },
    });
    expect(Object.keys(byId(json, "azurerm_private_endpoint"))).toEqual(["Private_App-api_PrivateEndpoint-api"]);
    expect(onlyResource(json, "azurerm_private_dns_zone").name).toBe("privatelink.azurewebsites.net");
    expect(studio.apps.api.privateEndpoints).toHaveLength(1);
  });

  test("the single unnamed app's private endpoint is named after `app`", () => {
    const { stack, rg, build } = appStack();
    build({ privateEndpoints: [{ subnet: subnet({ stack, rg }, "snet-endpoints", "10.0.2.0/24") }] });
    const json = synthJson(stack);
    expect(onlyResource(json, "azurerm_private_endpoint").name).toBe("pep-demo-dev-eus2-app");
    expect(Object.keys(byId(json, "azurerm_private_endpoint"))).toEqual(["Api_PrivateEndpoint-app"]);
  });

  test("a subnet too small for the instances the plan can run gives a warning", () => {
    const { stack, rg, build } = appStack({ sku: "S1" });
    const small = subnet({ stack, rg }, "snet-app", "10.0.1.0/28");
    const api = build({}, { vnetIntegrationSubnet: small, autoscale: { minInstances: 1, maxInstances: 10 } });
    expect(warnings(api)).toEqual([
      'vnetIntegrationSubnet "snet-app" (/28) has room for 5 instances while the plan changes size, and the plan can run 10; use a larger subnet (Microsoft recommends /26)',
    ]);
    const roomy = appStack({ sku: "S1" });
    const enough = roomy.build({}, { vnetIntegrationSubnet: subnet(roomy, "snet-app", "10.0.1.0/26"), autoscale: { minInstances: 1, maxInstances: 10 } });
    expect(warnings(enough)).toEqual([]);
  });
});

describe("AppServiceWithSlots: scaling", () => {
  test("autoscale for the plan: the Studio rules, the plan starting at the default count and left to autoscale", () => {
    const { stack, build } = studioStack({ sku: "S1", autoscale: { minInstances: 2, maxInstances: 6, defaultInstances: 3 } });
    const studio = build();
    const json = synthJson(stack);
    const planId = onlyResourceId(json, "azurerm_service_plan");
    const planRef = `\${azurerm_service_plan.${planId}.id}`;
    expect(onlyResource(json, "azurerm_service_plan")).toMatchObject({ worker_count: 3, lifecycle: { ignore_changes: ["worker_count"] } });
    const setting = onlyResource(json, "azurerm_monitor_autoscale_setting");
    expect(setting).toMatchObject({ name: "autoscale-demo-dev-eus2", target_resource_id: planRef, location: "eastus2" });
    const profile = (setting.profile as Record<string, unknown>[])[0];
    expect(profile.capacity).toEqual({ minimum: 2, default: 3, maximum: 6 });
    const rules = profile.rule as { metric_trigger: Record<string, unknown>; scale_action: Record<string, unknown> }[];
    expect(rules.map((r) => [r.metric_trigger.metric_name, r.metric_trigger.operator, r.metric_trigger.threshold, r.scale_action.direction])).toEqual([
      ["CpuPercentage", "GreaterThan", 70, "Increase"],
      ["CpuPercentage", "LessThan", 30, "Decrease"],
      ["MemoryPercentage", "GreaterThan", 80, "Increase"],
      ["MemoryPercentage", "LessThan", 60, "Decrease"],
      ["HttpQueueLength", "GreaterThan", 100, "Increase"],
      ["HttpQueueLength", "LessThan", 10, "Decrease"],
    ]);
    for (const rule of rules) {
      expect(rule.metric_trigger.metric_resource_id).toBe(planRef);
      expect(rule.scale_action).toMatchObject({ type: "ChangeCount", value: 1, cooldown: "PT5M" });
    }
    expect(Object.keys(byId(json, "azurerm_monitor_autoscale_setting"))).toEqual(["Studio_Autoscale"]);
    expect(studio.autoscale?.defaultInstances).toBe(3);
  });

  test("autoscale without defaultInstances starts at minInstances", () => {
    const { stack, build } = appStack({ sku: "P1v2", autoscale: { minInstances: 2, maxInstances: 30 } });
    build();
    const json = synthJson(stack);
    expect(onlyResource(json, "azurerm_service_plan").worker_count).toBe(2);
    expect((onlyResource(json, "azurerm_monitor_autoscale_setting").profile as { capacity: unknown }[])[0].capacity).toEqual({ minimum: 2, default: 2, maximum: 30 });
  });

  test("zone balancing on Premium v3 in a zoned region: two instances by default, or instanceCount", () => {
    const twoByDefault = appStack({ zoneBalancing: true });
    twoByDefault.build();
    expect(onlyResource(synthJson(twoByDefault.stack), "azurerm_service_plan")).toMatchObject({ zone_balancing_enabled: true, worker_count: 2 });

    const three = appStack({ zoneBalancing: true, instanceCount: 3 });
    three.build();
    expect(onlyResource(synthJson(three.stack), "azurerm_service_plan")).toMatchObject({ zone_balancing_enabled: true, worker_count: 3 });
  });

  test("zone balancing with autoscale", () => {
    const { stack, build } = appStack({ sku: "P1v2", zoneBalancing: true, autoscale: { minInstances: 2, maxInstances: 9, defaultInstances: 3 } });
    build();
    const json = synthJson(stack);
    expect(onlyResource(json, "azurerm_service_plan")).toMatchObject({ zone_balancing_enabled: true, worker_count: 3, lifecycle: { ignore_changes: ["worker_count"] } });
  });

  test("autoscaleTarget describes the plan for an Autoscale of one's own", () => {
    const { stack, build } = appStack({ sku: "S2" });
    const api = build();
    expect(api.autoscaleTarget).toMatchObject({ location: "eastus2", description: 'the "S2" plan', maxInstances: 10 });
    expect(rendered(stack, api.autoscaleTarget.id)).toBe(`\${azurerm_service_plan.${onlyResourceId(synthJson(stack), "azurerm_service_plan")}.id}`);
    expect(api.autoscaleTarget.autoscaleUnavailable).toBeUndefined();
  });
});

describe("App Service tier facts", () => {
  test("skuHasSlots: Standard and Premium only", () => {
    expect(["F1", "B1", "B2", "B3"].map(skuHasSlots)).toEqual([false, false, false, false]);
    expect(["S1", "P0v3", "P1v2", "P1v3", "P1mv3"].map(skuHasSlots)).toEqual([true, true, true, true, true]);
  });

  test.each([
    ["F1", "Free", 1, 0, false, false, false],
    ["B2", "Basic", 3, 0, false, true, false],
    ["S3", "Standard", 10, 5, true, true, false],
    ["P2v2", "Premium v2", 30, 20, true, true, true],
    ["P0v3", "Premium v3", 30, 20, true, true, true],
    ["P2mv3", "Premium v3", 30, 20, true, true, true],
  ] as const)("%s: %s tier, %d instances, %d slots per app, autoscale %s, VNet integration %s, zone balancing %s", (sku, tier, instances, slots, autoscale, vnet, zones) => {
    expect(appServiceTierLimits(sku)).toMatchObject({ tier, maxInstances: instances, slotsPerApp: slots, autoscale, vnetIntegration: vnet, zoneBalancing: zones });
  });

  test("appServicePlanAutoscaleTarget explains why Free and Basic plans cannot autoscale", () => {
    expect(appServicePlanAutoscaleTarget({ id: "plan", location: "eastus2", sku: "B1" })).toEqual({
      id: "plan",
      location: "eastus2",
      description: 'the "B1" plan',
      maxInstances: 3,
      autoscaleUnavailable: 'autoscale is not available on the "B1" plan (allowed: Standard and Premium plans)',
    });
  });

  test("the default rules are the Studio document's", () => {
    expect(APP_SERVICE_PLAN_SCALE_RULES.filter((r) => r.direction === "Increase").map((r) => [r.metricName, r.threshold])).toEqual([
      ["CpuPercentage", 70],
      ["MemoryPercentage", 80],
      ["HttpQueueLength", 100],
    ]);
  });
});

describe("AppServiceWithSlots validation", () => {
  const expectError = expectValidationError;

  test("slots on a Basic plan", () => {
    expectError(() => appStack({ sku: "B1", slots: ["staging"] }).build(), 'test/Api: slots ["staging"] need a Standard or Premium plan; "B1" has no deployment slots');
  });

  test("an app's own slots on a Basic plan", () => {
    expectError(() => appStack({ sku: "B1" }, { slots: ["staging"] }).build(), 'test/Api: apps[0].slots ["staging"] need a Standard or Premium plan; "B1" has no deployment slots');
  });

  test("more slots than the tier allows per app", () => {
    expectError(
      () => appStack({ sku: "S1", slots: ["s1", "s2", "s3", "s4", "s5", "s6"] }).build(),
      'test/Api: slots ["s1","s2","s3","s4","s5","s6"] has 6 entries (allowed: at most 5 per app on the "S1" plan)',
    );
  });

  test("alwaysOn on the Free plan", () => {
    expectError(() => appStack({ sku: "F1", alwaysOn: true }).build(), 'test/Api: alwaysOn is not available on the "F1" plan');
  });

  test("a slot name Azure rejects", () => {
    expectError(
      () => appStack({ slots: ["-staging"] }).build(),
      'test/Api/Slot[-staging]: deployment slot name "-staging" has characters or a shape Azure rejects; Azure allows 2-59 characters, letters, digits and hyphens, not starting or ending with a hyphen; unique within its parent resource',
    );
  });

  test("a slot defined twice", () => {
    expectError(() => appStack({ sku: "S1" }).build({}, { slots: ["staging", "staging"] }), 'test/Api: slot "staging" is defined twice');
    expectError(() => appStack({ sku: "S1" }).build({ slots: ["blue", "blue"] }), 'test/Api: apps[0].slots: slot "blue" is defined twice');
  });

  test("no apps", () => {
    const { stack, rg } = testStack();
    expectError(() => new AppServiceWithSlots(stack, "Api", { resourceGroup: rg, apps: [] }), "test/Api: apps is empty (allowed: at least one app)");
  });

  test("several apps, one without an instance", () => {
    expectError(
      () => studioStack({}, { api: { instance: undefined } }).build(),
      'test/Studio: apps[1] has no instance (allowed: with several apps, each needs an instance such as "web" or "api")',
    );
  });

  test("two apps with the same instance", () => {
    expectError(() => studioStack({}, { api: { instance: "web" } }).build(), 'test/Studio: app instance "web" is defined twice');
  });

  test("a setting both plain and secret", () => {
    const { stack, rg, build } = appStack();
    const jwt = new KeyVault(stack, "Vault", { resourceGroup: rg }).addGeneratedSecret("Jwt", { name: "jwt-secret" });
    expectError(
      () => build({ appSettings: { JWT_SECRET: "x" }, secretSettings: { JWT_SECRET: jwt } }),
      'test/Api: apps[0].secretSettings "JWT_SECRET" is also in appSettings (allowed: each setting in one of them)',
    );
  });

  test("VNet integration on the Free plan", () => {
    const { stack, rg, build } = appStack({ sku: "F1", alwaysOn: false });
    expectError(
      () => build({}, { vnetIntegrationSubnet: subnet({ stack, rg }) }),
      'test/Api: vnetIntegrationSubnet needs a Basic, Standard or Premium plan; "F1" has no virtual network integration',
    );
  });

  test("VNet integration on a basic plan is allowed", () => {
    const { stack, rg, build } = appStack({ sku: "B1" });
    build({}, { vnetIntegrationSubnet: subnet({ stack, rg }) });
    expect(onlyResource(synthJson(stack), "azurerm_linux_web_app").site_config).toMatchObject({ vnet_route_all_enabled: true });
  });

  test("an integration subnet smaller than /28", () => {
    const { stack, rg, build } = appStack();
    expectError(
      () => build({}, { vnetIntegrationSubnet: subnet({ stack, rg }, "snet-app", "10.0.1.0/29") }),
      'test/Api: vnetIntegrationSubnet "snet-app" 10.0.1.0/29 is too small (allowed: /28 or larger; Microsoft recommends /26)',
    );
  });

  test("a referenced integration subnet is accepted without a lookup: its size and delegation are left to Azure", () => {
    const { stack, build } = appStack();
    const subnetId = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-network/providers/Microsoft.Network/virtualNetworks/vnet-spoke/subnets/snet-app";
    const api = build({}, { vnetIntegrationSubnet: ExistingSubnet.fromId(stack, "AppSubnet", { subnetId }), autoscale: { minInstances: 1, maxInstances: 30 } });
    const json = synthJson(stack);
    expect(onlyResource(json, "azurerm_linux_web_app").virtual_network_subnet_id).toBe(subnetId);
    expect(json.data?.azurerm_subnet).toBeUndefined();
    expect(warnings(api)).toEqual([]);
  });

  test("a referenced integration subnet with a literal prefix is still size-checked", () => {
    const { stack, build } = appStack();
    const subnetId = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-network/providers/Microsoft.Network/virtualNetworks/vnet-spoke/subnets/snet-app";
    expectError(
      () => build({}, { vnetIntegrationSubnet: ExistingSubnet.fromId(stack, "AppSubnet", { subnetId, addressPrefix: "10.0.1.0/29" }) }),
      'test/Api: vnetIntegrationSubnet "snet-app" 10.0.1.0/29 is too small (allowed: /28 or larger; Microsoft recommends /26)',
    );
  });

  test("an integration subnet of the stack without the Microsoft.Web/serverFarms delegation", () => {
    const { stack, rg, build } = appStack();
    const vnet = new VnetWithSubnets(stack, "Network", { resourceGroup: rg, addressSpace: ["10.0.0.0/16"], subnets: [{ name: "app", addressPrefix: "10.0.1.0/26" }] });
    expectError(
      () => build({}, { vnetIntegrationSubnet: vnet.subnet("app") }),
      'test/Api: vnetIntegrationSubnet "snet-app" is not delegated to Microsoft.Web/serverFarms (its delegations: none); set delegation: "Microsoft.Web/serverFarms" on its SubnetSpec',
    );
  });

  test("private endpoints on the Free plan", () => {
    const { stack, rg, build } = appStack({ sku: "F1", alwaysOn: false });
    expectError(
      () => build({ privateEndpoints: [{ subnet: subnet({ stack, rg }, "snet-endpoints") }] }),
      'test/Api: apps[0].privateEndpoints need a Basic, Standard or Premium plan; "F1" has no private endpoints',
    );
  });

  test("zone balancing below Premium v2", () => {
    expectError(() => appStack({ sku: "S1", zoneBalancing: true }).build(), 'test/Api: zoneBalancing needs a Premium v2 or v3 plan; "S1" has no zone redundancy');
  });

  test("zone balancing in a region without zones", () => {
    expectError(
      () => appStack({ zoneBalancing: true }, {}, { environment: { location: "westus" } }).build(),
      'test/Api: zoneBalancing needs availability zones, and region "westus" has none',
    );
  });

  test("zone balancing with one instance", () => {
    expectError(
      () => appStack({ zoneBalancing: true, instanceCount: 1 }).build(),
      'test/Api: instanceCount 1 is out of range (allowed: 2 to 30 on the "P1v3" plan with zoneBalancing)',
    );
  });

  test("zone balancing with autoscale down to one instance", () => {
    expectError(
      () => appStack({ zoneBalancing: true, autoscale: { minInstances: 1, maxInstances: 4 } }).build(),
      'test/Api: autoscale.minInstances 1 is out of range (allowed: 2 to 30 on the "P1v3" plan with zoneBalancing)',
    );
  });

  test("instanceCount beyond the tier's limit, or not whole", () => {
    expectError(() => appStack({ sku: "B1", instanceCount: 4 }).build(), 'test/Api: instanceCount 4 is out of range (allowed: 1 to 3 on the "B1" plan)');
    expectError(() => appStack({ sku: "S1", instanceCount: 1.5 }).build(), 'test/Api: instanceCount 1.5 is not a whole number (allowed: 1 to 10 on the "S1" plan)');
  });

  test("instanceCount together with autoscale", () => {
    expectError(
      () => appStack({ sku: "S1", instanceCount: 2, autoscale: { minInstances: 1, maxInstances: 3 } }).build(),
      "test/Api: instanceCount 2 is set together with autoscale (allowed: one of them; autoscale starts the plan at autoscale.defaultInstances)",
    );
  });

  test("autoscale on a Basic plan (checked by Autoscale)", () => {
    expectError(
      () => appStack({ sku: "B1", autoscale: { minInstances: 1, maxInstances: 3 } }).build(),
      'test/Api/Autoscale: autoscale is not available on the "B1" plan (allowed: Standard and Premium plans)',
    );
  });

  test("autoscale beyond the tier's instance limit (checked by Autoscale)", () => {
    expectError(
      () => appStack({ sku: "S1", autoscale: { minInstances: 1, maxInstances: 11 } }).build(),
      'test/Api/Autoscale: maxInstances 11 is out of range (allowed: 1 to 10 on the "S1" plan)',
    );
  });
});
