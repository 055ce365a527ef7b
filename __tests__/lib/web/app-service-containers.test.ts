import { Testing } from "cdktf";
import { ContainerRegistry } from "../../../lib/containers/container-registry";
import { evaluate } from "../../../lib/policy/engine";
import { LIFECYCLE_RULES } from "../../../lib/policy/rules/lifecycle";
import { ManagedIdentity } from "../../../lib/security/managed-identity";
import { AppServiceWithSlots, type AppServiceWithSlotsProps, type WebAppContainerProps, type WebAppProps } from "../../../lib/web/app-service-with-slots";
import { type TerraformJson, expectValidationError, onlyResource, onlyResourceId, resourcesOf, synthJson, testStack, testSubnet } from "../../helpers/stack";

type PlanProps = Partial<Omit<AppServiceWithSlotsProps, "apps">>;

/** The shared registry of an `{ id, loginServer }` reference. */
const SHARED_REGISTRY = {
  id: "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-shared/providers/Microsoft.ContainerRegistry/registries/crshared",
  loginServer: "crshared.azurecr.io",
};

/** A stack with one identity and a builder for an AppServiceWithSlots `Api` with one container app. */
function containerStack(plan: PlanProps = {}) {
  const { stack, rg } = testStack();
  const identity = new ManagedIdentity(stack, "Identity", { resourceGroup: rg, instance: "api" });
  const build = (container: WebAppContainerProps, app: Partial<WebAppProps> = {}) =>
    new AppServiceWithSlots(stack, "Api", { resourceGroup: rg, sku: "P1v3", ...plan, apps: [{ container, identity, ...app }] });
  return { stack, rg, identity, build };
}

function warnings(construct: AppServiceWithSlots): string[] {
  return construct.node.metadata.filter((m) => m.type === "@cdktf/warn").map((m) => m.data as string);
}

function identityRef(json: TerraformJson, attribute: string): string {
  return `\${azurerm_user_assigned_identity.${onlyResourceId(json, "azurerm_user_assigned_identity")}.${attribute}}`;
}

/** Every key in the JSON, at any depth. */
function allKeys(value: unknown, keys: Set<string> = new Set()): Set<string> {
  if (Array.isArray(value)) value.forEach((v) => allKeys(v, keys));
  else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      keys.add(k);
      allKeys(v, keys);
    }
  }
  return keys;
}

describe("AppServiceWithSlots: container images", () => {
  test("an image from a ContainerRegistry, pulled with the app's identity, which gets AcrPull before the app starts", () => {
    const { stack, rg, build } = containerStack();
    const registry = new ContainerRegistry(stack, "Registry", { resourceGroup: rg });
    const api = build({ image: "augeo-api:1.4.2", registry });
    const json = synthJson(stack);
    const registryId = onlyResourceId(json, "azurerm_container_registry");
    const app = onlyResource(json, "azurerm_linux_web_app");
    expect(app.site_config).toMatchObject({
      application_stack: { docker_image_name: "augeo-api:1.4.2", docker_registry_url: `https://\${azurerm_container_registry.${registryId}.login_server}` },
      container_registry_use_managed_identity: true,
      container_registry_managed_identity_client_id: identityRef(json, "client_id"),
      health_check_path: "/health",
    });
    const grantId = onlyResourceId(json, "azurerm_role_assignment");
    expect(onlyResource(json, "azurerm_role_assignment")).toMatchObject({
      scope: `\${azurerm_container_registry.${registryId}.id}`,
      role_definition_name: "AcrPull",
      principal_id: identityRef(json, "principal_id"),
      principal_type: "ServicePrincipal",
    });
    expect(app.depends_on).toEqual([`azurerm_role_assignment.${grantId}`]);
    expect(api.apps.default.acrPull).toBeDefined();
    // No registry credentials anywhere, no port setting for the default port 80, no lifecycle.
    expect([...allKeys(json)].filter((k) => /docker_registry_(username|password)|DOCKER_REGISTRY_SERVER/.test(k))).toEqual([]);
    expect(app.app_settings).toEqual({});
    expect(app).not.toHaveProperty("lifecycle");
    expect(app).not.toHaveProperty("vnet_image_pull_enabled");
  });

  test("a registry that exists, as { id, loginServer }", () => {
    const { stack, build } = containerStack();
    build({ image: "team/api@sha256:" + "a".repeat(64), registry: SHARED_REGISTRY });
    const json = synthJson(stack);
    expect(onlyResource(json, "azurerm_linux_web_app").site_config).toMatchObject({
      application_stack: { docker_image_name: `team/api@sha256:${"a".repeat(64)}`, docker_registry_url: "https://crshared.azurecr.io" },
      container_registry_use_managed_identity: true,
    });
    expect(onlyResource(json, "azurerm_role_assignment")).toMatchObject({ scope: SHARED_REGISTRY.id, role_definition_name: "AcrPull" });
  });

  test("grantPull false: the identity already has AcrPull; nothing is granted and the app waits for nothing", () => {
    const { stack, build } = containerStack();
    const api = build({ image: "api:1.0", registry: SHARED_REGISTRY, grantPull: false });
    const json = synthJson(stack);
    expect(resourcesOf(json, "azurerm_role_assignment")).toEqual({});
    const app = onlyResource(json, "azurerm_linux_web_app");
    expect(app).not.toHaveProperty("depends_on");
    expect(app.site_config).toMatchObject({ container_registry_use_managed_identity: true });
    expect(api.apps.default.acrPull).toBeUndefined();
  });

  test.each([
    ["mcr.microsoft.com/appsvc/staticsite:1.0", "https://mcr.microsoft.com", "appsvc/staticsite:1.0"],
    ["ghcr.io/org/api:2025.10.1", "https://ghcr.io", "org/api:2025.10.1"],
    ["nginx:1.27", "https://index.docker.io", "nginx:1.27"],
    ["library/nginx:1.27-alpine", "https://index.docker.io", "library/nginx:1.27-alpine"],
    ["localhost:5000/api:1", "https://localhost:5000", "api:1"],
  ])("a public image %s: registry %s, image %s, pulled anonymously", (image, url, name) => {
    const { stack, build } = containerStack();
    build({ image });
    const json = synthJson(stack);
    const siteConfig = onlyResource(json, "azurerm_linux_web_app").site_config as Record<string, unknown>;
    expect(siteConfig.application_stack).toEqual({ docker_image_name: name, docker_registry_url: url });
    expect(siteConfig).not.toHaveProperty("container_registry_use_managed_identity");
    expect(siteConfig).not.toHaveProperty("container_registry_managed_identity_client_id");
    expect(resourcesOf(json, "azurerm_role_assignment")).toEqual({});
  });

  test("a port other than 80 becomes WEBSITES_PORT, next to the app's own settings", () => {
    const { stack, build } = containerStack();
    build({ image: "api:1.0", registry: SHARED_REGISTRY, port: 8000 }, { appSettings: { LOG_LEVEL: "info" } });
    expect(onlyResource(synthJson(stack), "azurerm_linux_web_app").app_settings).toEqual({ LOG_LEVEL: "info", WEBSITES_PORT: "8000" });

    const on80 = containerStack();
    on80.build({ image: "api:1.0", registry: SHARED_REGISTRY, port: 80 });
    expect(onlyResource(synthJson(on80.stack), "azurerm_linux_web_app").app_settings).toEqual({});
  });

  test("slots start with the app's image and pull with the same identity after the grant", () => {
    const { stack, build } = containerStack({ slots: ["staging"] });
    build({ image: "api:1.0", registry: SHARED_REGISTRY, port: 8000 }, { healthCheckPath: "/api/health" });
    const json = synthJson(stack);
    const app = onlyResource(json, "azurerm_linux_web_app");
    const slot = onlyResource(json, "azurerm_linux_web_app_slot");
    expect(slot.site_config).toEqual(app.site_config);
    expect(slot.app_settings).toEqual({ WEBSITES_PORT: "8000" });
    expect(slot.depends_on).toEqual(app.depends_on);
    expect(slot.site_config).toMatchObject({ health_check_path: "/api/health", container_registry_use_managed_identity: true });
  });

  test("imageManagedByCi: the app and every slot ignore the image tag, so an apply undoes neither a deployment nor a swap", () => {
    const { stack, build } = containerStack({ slots: ["staging", "canary"] });
    build({ image: "api:1.0", registry: SHARED_REGISTRY, imageManagedByCi: true });
    const json = synthJson(stack);
    const sites = [...Object.values(resourcesOf(json, "azurerm_linux_web_app")), ...Object.values(resourcesOf(json, "azurerm_linux_web_app_slot"))];
    expect(sites).toHaveLength(3);
    for (const site of sites) {
      expect(site.lifecycle).toEqual({ ignore_changes: ["site_config[0].application_stack[0].docker_image_name"] });
    }
  });

  test("with VNet integration, an image from a registry is pulled over the VNet; a public image, or vnetImagePull false, is not", () => {
    const { stack, rg } = testStack();
    const id = (name: string) => new ManagedIdentity(stack, name, { resourceGroup: rg, instance: name.toLowerCase() });
    new AppServiceWithSlots(stack, "Plan", {
      resourceGroup: rg,
      slots: ["staging"],
      vnetIntegrationSubnet: testSubnet({ stack, rg }, "snet-app", "10.0.1.0/26"),
      apps: [
        { instance: "api", container: { image: "api:1.0", registry: SHARED_REGISTRY }, identity: id("Api") },
        { instance: "web", container: { image: "nginx:1.27" }, identity: id("Web") },
        { instance: "admin", container: { image: "admin:1.0", registry: SHARED_REGISTRY, vnetImagePull: false }, identity: id("Admin") },
      ],
    });
    const json = synthJson(stack);
    const sites = { ...resourcesOf(json, "azurerm_linux_web_app"), ...resourcesOf(json, "azurerm_linux_web_app_slot") };
    expect(Object.keys(sites)).toHaveLength(6);
    for (const [logicalId, site] of Object.entries(sites)) {
      expect(site.virtual_network_subnet_id).toBe("/subscriptions/0/vnet/subnets/snet-app");
      if (logicalId.startsWith("Plan_App-api_")) expect(site.vnet_image_pull_enabled).toBe(true);
      else expect(site).not.toHaveProperty("vnet_image_pull_enabled");
    }
  });

  test("one AcrPull per identity and registry: apps sharing both share the grant; another identity gets its own", () => {
    const { stack, rg } = testStack();
    const shared = new ManagedIdentity(stack, "Shared", { resourceGroup: rg, instance: "shared" });
    const other = new ManagedIdentity(stack, "Other", { resourceGroup: rg, instance: "other" });
    const plan = new AppServiceWithSlots(stack, "Plan", {
      resourceGroup: rg,
      apps: [
        { instance: "api", container: { image: "api:1.0", registry: SHARED_REGISTRY }, identity: shared },
        { instance: "worker", container: { image: "worker:1.0", registry: SHARED_REGISTRY }, identity: shared },
        { instance: "admin", container: { image: "admin:1.0", registry: SHARED_REGISTRY }, identity: other },
      ],
    });
    const json = synthJson(stack);
    const grants = Object.keys(resourcesOf(json, "azurerm_role_assignment"));
    expect(grants).toHaveLength(2);
    expect(grants.map((g) => g.replace(/_[0-9A-F]{8}$/, "")).sort()).toEqual(["Plan_App-admin_AcrPull", "Plan_App-api_AcrPull"]);
    expect(plan.apps.worker.acrPull).toBe(plan.apps.api.acrPull);
    const apps = Object.entries(resourcesOf(json, "azurerm_linux_web_app"));
    const workerApp = apps.find(([id]) => id.startsWith("Plan_App-worker"))![1];
    expect(workerApp.depends_on).toEqual([`azurerm_role_assignment.${grants.find((g) => g.startsWith("Plan_App-api"))}`]);
  });

  test("a container app is not judged by the language-stack lifecycle rule (AZ-LIFE-001)", () => {
    const { stack, build } = containerStack({ slots: ["staging"] });
    build({ image: "api:1.0", registry: SHARED_REGISTRY });
    const report = evaluate(LIFECYCLE_RULES, { name: "test", json: JSON.parse(Testing.synth(stack)), date: "2030-01-01" }, []);
    expect(report.findings).toEqual([]);
    // The same rule does flag a retired language stack at that date (the check is live).
    const node = testStack();
    new AppServiceWithSlots(node.stack, "Web", { resourceGroup: node.rg, apps: [{ runtime: { node: "20-lts" }, identity: new ManagedIdentity(node.stack, "Id", { resourceGroup: node.rg }) }] });
    const nodeReport = evaluate(LIFECYCLE_RULES, { name: "test", json: JSON.parse(Testing.synth(node.stack)), date: "2030-01-01" }, []);
    expect(nodeReport.findings.map((f) => f.ruleId)).toEqual(["AZ-LIFE-001"]);
  });

  test("warnings: a latest tag, and an Azure Container Registry image without registry", () => {
    const latest = containerStack();
    expect(warnings(latest.build({ image: "api:latest", registry: SHARED_REGISTRY }))).toEqual([
      'apps[0].container.image "api:latest" uses the tag "latest": each instance pulls it again when it restarts, so instances can run different images and a rollback has nothing to return to; pin a version tag or a digest',
    ]);
    const anonymous = containerStack();
    expect(warnings(anonymous.build({ image: "crshared.azurecr.io/api:1.0" }))).toEqual([
      'apps[0].container.image "crshared.azurecr.io/api:1.0" is pulled from crshared.azurecr.io without credentials, which works only if the registry allows anonymous pull; set apps[0].container.registry to pull with the app\'s managed identity',
    ]);
    const pinned = containerStack();
    expect(warnings(pinned.build({ image: "api:1.0", registry: SHARED_REGISTRY }))).toEqual([]);
  });
});

describe("AppServiceWithSlots: container validation", () => {
  test("runtime and container together, or neither", () => {
    const { stack, rg, identity } = containerStack();
    expectValidationError(
      () => new AppServiceWithSlots(stack, "Both", { resourceGroup: rg, apps: [{ runtime: { python: "3.12" }, container: { image: "api:1.0" }, identity }] }),
      'test/Both: apps[0] has both runtime {"python":"3.12"} and container (allowed: one of them: a language runtime, or a container image that brings its own)',
    );
    expectValidationError(
      () => new AppServiceWithSlots(stack, "Neither", { resourceGroup: rg, apps: [{ identity }] }),
      'test/Neither: apps[0] has neither runtime nor container (allowed: runtime such as { python: "3.12" }, or container: { image })',
    );
  });

  test.each([
    ["API:1.0", false, 'test/Api: apps[0].container.image "API:1.0" is not an image reference (allowed: "[host/]repository:tag" or "[host/]repository@sha256:<64 hex>"; lowercase repository names)'],
    ["api:1.0@sha256:abc", true, 'test/Api: apps[0].container.image "api:1.0@sha256:abc" is not an image reference (allowed: "repository:tag" or "repository@sha256:<64 hex>", relative to the registry; lowercase repository names)'],
    ["api:", true, 'test/Api: apps[0].container.image "api:" is not an image reference (allowed: "repository:tag" or "repository@sha256:<64 hex>", relative to the registry; lowercase repository names)'],
    ["nginx", false, 'test/Api: apps[0].container.image "nginx" has no tag or digest (allowed: "[host/]repository:tag" or "[host/]repository@sha256:<64 hex>"; an untagged image means "latest")'],
    [
      "crshared.azurecr.io/api:1.0",
      true,
      'test/Api: apps[0].container.image "crshared.azurecr.io/api:1.0" names the registry host "crshared.azurecr.io" (allowed: with apps[0].container.registry, the repository inside it, e.g. "api:1.0")',
    ],
  ])("image %j (with registry: %s)", (image, withRegistry, message) => {
    expectValidationError(() => containerStack().build({ image, registry: withRegistry ? SHARED_REGISTRY : undefined }), message);
  });

  test("a port out of range", () => {
    expectValidationError(() => containerStack().build({ image: "api:1.0", port: 0 }), "test/Api: apps[0].container.port 0 is out of range (allowed: 1 to 65535)");
    expectValidationError(() => containerStack().build({ image: "api:1.0", port: 8000.5 }), "test/Api: apps[0].container.port 8000.5 is not a whole number (allowed: 1 to 65535)");
  });

  test("WEBSITES_PORT in appSettings and container.port", () => {
    expectValidationError(
      () => containerStack().build({ image: "api:1.0", port: 8000 }, { appSettings: { WEBSITES_PORT: "8080" } }),
      "test/Api: apps[0].appSettings WEBSITES_PORT is also set by apps[0].container.port 8000 (allowed: one of them; prefer container.port)",
    );
  });

  test("registry credentials in the settings", () => {
    expectValidationError(
      () => containerStack().build({ image: "api:1.0" }, { appSettings: { DOCKER_REGISTRY_SERVER_PASSWORD: "hunter2" } }),
      "test/Api: apps[0] setting DOCKER_REGISTRY_SERVER_PASSWORD is managed by azurerm from the container's registry (allowed: container.registry, pulled with the app's managed identity; registry credentials are not supported)",
    );
  });

  test("vnetImagePull without VNet integration, grantPull without a registry", () => {
    expectValidationError(
      () => containerStack().build({ image: "api:1.0", registry: SHARED_REGISTRY, vnetImagePull: true }),
      "test/Api: apps[0].container.vnetImagePull needs vnetIntegrationSubnet (the image is pulled over the app's VNet integration)",
    );
    expectValidationError(
      () => containerStack().build({ image: "nginx:1.27", grantPull: true }),
      "test/Api: apps[0].container.grantPull is set without apps[0].container.registry (allowed: grantPull with a registry the identity pulls from)",
    );
  });
});
