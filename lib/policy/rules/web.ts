import type { PolicyContext, PolicyRule, ResourceView } from "../rule";
import { addressOf, asBoolean, expectBoolean, finding, get, isReference, read, references, referencesAttribute } from "../util";

/*
 * App Service rules, for web apps, function apps, their slots and their plans. Defaults when an
 * attribute is unset are azurerm 4.55's (internal/services/appservice/helpers/*_schema.go;
 * website/docs/r/linux_web_app.html.markdown, service_plan.html.markdown): https_only false,
 * site_config.minimum_tls_version and scm_minimum_tls_version "1.2", ftps_state "Disabled",
 * remote_debugging_enabled false, no managed identity without an `identity` block, no `logs`
 * block (no HTTP logs; detailed_error_messages and failed_request_tracing false), no
 * health_check_path, ftp_ and webdeploy_publish_basic_authentication_enabled true,
 * public_network_access_enabled true, site_config.ip_restriction_default_action "Allow";
 * service_plan worker_count 1 (Azure's) and zone_balancing_enabled false.
 */

/** Web apps, function apps and their deployment slots (each slot has its own settings and identity). */
const APP_SERVICE_TYPES = [
  "azurerm_linux_web_app",
  "azurerm_linux_web_app_slot",
  "azurerm_windows_web_app",
  "azurerm_windows_web_app_slot",
  "azurerm_linux_function_app",
  "azurerm_linux_function_app_slot",
  "azurerm_windows_function_app",
  "azurerm_windows_function_app_slot",
] as const;

/** Web apps and their slots: function apps have no `logs` block. */
const WEB_APP_TYPES = ["azurerm_linux_web_app", "azurerm_linux_web_app_slot", "azurerm_windows_web_app", "azurerm_windows_web_app_slot"] as const;

const SERVICE_PLAN = "azurerm_service_plan";
const AUTOSCALE = "azurerm_monitor_autoscale_setting";
const PRIVATE_ENDPOINT = "azurerm_private_endpoint";
const FRONT_DOOR_ORIGIN = "azurerm_cdn_frontdoor_origin";

const PROD = " in a prod stack";

/** Plans whose instances Azure alone allocates (Consumption): no health check, no fixed instances. */
const CONSUMPTION_SKUS = ["Y1", "FC1"];

/** Free, Shared and Basic plans: no autoscale, no deployment slots, no zone redundancy (CKV_AZURE_211's list). */
const NON_PRODUCTION_SKUS = ["F1", "D1", "B1", "B2", "B3"];

function isUnset(value: unknown): boolean {
  return value === undefined || value === null;
}

/** The violation of one TLS floor (`site_config.<attribute>` >= 1.2), or undefined. */
function tlsViolation(resource: ResourceView, attribute: string): string | undefined {
  const value = get(resource, "site_config", attribute);
  if (isUnset(value) || isReference(value)) return undefined; // unset: "1.2"
  const version = typeof value === "string" && /^\d+\.\d+$/.test(value) ? Number(value) : undefined;
  return version !== undefined && version >= 1.2 ? undefined : `site_config.${attribute} is ${JSON.stringify(value)}`;
}

/** A list, from a repeated block (a list), a single one (an object), or nothing. */
function blocks(value: unknown): Record<string, unknown>[] {
  const list: unknown[] = Array.isArray(value) ? value : value && typeof value === "object" ? [value] : [];
  return list.filter((v): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v));
}

/** The app a slot belongs to (`app_service_id` of a web app slot, `function_app_id` of a function app slot), when it is in the stack. */
function parentOf(slot: ResourceView, context: PolicyContext): ResourceView | undefined {
  const parentId = slot.config[slot.type.includes("function") ? "function_app_id" : "app_service_id"];
  const parentType = slot.type.replace(/_slot$/, "");
  return context.resources.find((r) => r.type === parentType && references(parentId, r));
}

/** The App Service plan an app or slot runs on (a slot without service_plan_id runs on its app's), when it is in the stack. */
function planOf(resource: ResourceView, context: PolicyContext): ResourceView | undefined {
  let planId = resource.config.service_plan_id;
  if (isUnset(planId) && resource.type.endsWith("_slot")) planId = parentOf(resource, context)?.config.service_plan_id;
  return context.resources.find((r) => r.type === SERVICE_PLAN && references(planId, r));
}

/**
 * Whether a private endpoint in the stack connects to the app (`private_connection_resource_id`
 * references it), or, for a slot, to its app with the slot's sub-resource (`sites-<slot>`).
 */
function hasPrivateEndpoint(resource: ResourceView, context: PolicyContext): boolean {
  const slot = resource.type.endsWith("_slot");
  const parent = slot ? parentOf(resource, context) : undefined;
  return context.resources.some((endpoint) => {
    if (endpoint.type !== PRIVATE_ENDPOINT) return false;
    return blocks(endpoint.config.private_service_connection).some((connection) => {
      const target = connection.private_connection_resource_id;
      if (references(target, resource)) return true;
      if (!parent || !references(target, parent)) return false;
      const names: unknown[] = Array.isArray(connection.subresource_names) ? connection.subresource_names : [];
      return names.includes(`sites-${String(resource.config.name)}`);
    });
  });
}

/** Whether a Front Door origin in the stack points at the app's default host name (host_name or origin_host_header). */
function hasFrontDoorOrigin(resource: ResourceView, context: PolicyContext): boolean {
  return context.resources.some(
    (origin) =>
      origin.type === FRONT_DOOR_ORIGIN &&
      (referencesAttribute(origin.config.host_name, resource, "default_hostname") || referencesAttribute(origin.config.origin_host_header, resource, "default_hostname")),
  );
}

/** Every violation of `checks`, joined; undefined when there is none. */
function all(...checks: (string | undefined)[]): string | undefined {
  const problems = checks.filter((p): p is string => p !== undefined);
  return problems.length ? problems.join("; ") : undefined;
}

/** The violations of autoscale settings targeting `plan` whose floor is below two instances; undefined when none targets it. */
function autoscaleFloor(plan: ResourceView, context: PolicyContext): { readonly problems: string[] } | undefined {
  const settings = context.resources.filter((r) => r.type === AUTOSCALE && references(r.config.target_resource_id, plan) && asBoolean(r.config.enabled) !== false);
  if (settings.length === 0) return undefined;
  const problems: string[] = [];
  for (const setting of settings) {
    if (isReference(setting.config.profile)) continue;
    for (const profile of blocks(setting.config.profile)) {
      const capacity = blocks(profile.capacity)[0];
      const minimum = capacity?.minimum;
      if (isReference(minimum) || isReference(profile.capacity)) continue;
      if (typeof minimum === "number" && minimum >= 2) continue;
      if (typeof minimum === "string" && Number(minimum) >= 2) continue;
      problems.push(`${addressOf(setting)} profile ${JSON.stringify(profile.name)} has capacity.minimum ${JSON.stringify(minimum ?? null)}`);
    }
  }
  return { problems };
}

export const WEB_RULES: readonly PolicyRule[] = [
  {
    id: "AZ-APP-001",
    severity: "error",
    description: "A web or function app redirects HTTP to HTTPS (https_only = true; azurerm's default when unset is false).",
    fix: "Use AppServiceWithSlots (HTTPS only on apps and slots), or set https_only = true on the resource.",
    resourceTypes: APP_SERVICE_TYPES,
    category: "security",
    checkov: ["CKV_AZURE_14", "CKV_AZURE_70", "CKV_AZURE_153"],
    check(resource) {
      const value = get(resource, "https_only");
      if (value === true || value === "true" || isReference(value)) return undefined;
      return isUnset(value) ? "https_only is false (Azure's default when unset)" : `https_only is ${JSON.stringify(value)}`;
    },
  },
  {
    id: "AZ-APP-002",
    severity: "error",
    description: "A web or function app and its SCM (Kudu) site accept TLS 1.2 or later only (site_config.minimum_tls_version and scm_minimum_tls_version >= 1.2; the default when unset).",
    fix: "Use AppServiceWithSlots (TLS 1.2 on both sites), or remove site_config.minimum_tls_version and scm_minimum_tls_version or set them to \"1.2\" or \"1.3\".",
    resourceTypes: APP_SERVICE_TYPES,
    category: "security",
    checkov: ["CKV_AZURE_15", "CKV_AZURE_145", "CKV_AZURE_154"],
    check(resource) {
      const problems = [tlsViolation(resource, "minimum_tls_version"), tlsViolation(resource, "scm_minimum_tls_version")].filter((p): p is string => p !== undefined);
      return problems.length ? problems.join("; ") : undefined;
    },
  },
  {
    id: "AZ-APP-003",
    severity: "error",
    description: "A web or function app has FTP and FTPS deployment off (site_config.ftps_state = Disabled; the default when unset).",
    fix: "Use AppServiceWithSlots (FTP off), or remove site_config.ftps_state or set it to \"Disabled\"; deploy with zip deploy or a container image.",
    resourceTypes: APP_SERVICE_TYPES,
    category: "security",
    checkov: ["CKV_AZURE_78"],
    check(resource) {
      const value = get(resource, "site_config", "ftps_state");
      if (isUnset(value) || value === "Disabled" || isReference(value)) return undefined;
      return `site_config.ftps_state is ${JSON.stringify(value)}`;
    },
  },
  {
    id: "AZ-APP-004",
    severity: "error",
    description: "A web or function app has a managed identity (an identity block) to reach other services without secrets.",
    fix: "Pass identity (a ManagedIdentity) to each app of AppServiceWithSlots, or add an identity block (SystemAssigned or UserAssigned) to the resource.",
    resourceTypes: APP_SERVICE_TYPES,
    category: "security",
    checkov: ["CKV_AZURE_16", "CKV_AZURE_71"],
    check(resource) {
      const identity = get(resource, "identity");
      return isUnset(identity) || (Array.isArray(identity) && identity.length === 0) ? "identity is unset (no managed identity)" : undefined;
    },
  },
  {
    id: "AZ-APP-005",
    severity: "error",
    description: "A web or function app has remote debugging off (site_config.remote_debugging_enabled is not true; the default when unset is false).",
    fix: "Use AppServiceWithSlots (remote debugging off), or remove site_config.remote_debugging_enabled or set it to false.",
    resourceTypes: APP_SERVICE_TYPES,
    category: "security",
    checkov: ["CKV_AZURE_72", "CKV_AZURE_155"],
    check(resource) {
      const value = get(resource, "site_config", "remote_debugging_enabled");
      return value === true || value === "true" ? "site_config.remote_debugging_enabled is true" : undefined;
    },
  },

  {
    id: "AZ-APP-006",
    severity: "error",
    description:
      "A web app or web app slot writes HTTP logs (a logs.http_logs block, to the file system or a blob container; azurerm's default when unset is no logs block, no HTTP logs). Function apps have no logs block and are not judged.",
    fix: "Set logs { http_logs { file_system { retention_in_days, retention_in_mb } } } (or azure_blob_storage) on the app and on each of its slots.",
    resourceTypes: WEB_APP_TYPES,
    category: "security",
    checkov: ["CKV_AZURE_63"],
    check(resource) {
      const logs = read(resource, ["logs"]);
      if (logs.reference) return undefined;
      if (logs.unset || (Array.isArray(logs.value) && logs.value.length === 0)) return "logs is unset (no HTTP logs)";
      const http = read(resource, ["logs", "http_logs"]);
      if (http.reference) return undefined;
      return http.unset || (Array.isArray(http.value) && http.value.length === 0) ? "logs.http_logs is unset (no HTTP logs)" : undefined;
    },
  },
  {
    id: "AZ-APP-007",
    severity: "warning",
    description:
      "A Windows web app or slot keeps detailed error pages and failed request traces (logs.detailed_error_messages and logs.failed_request_tracing = true; the default when unset is false). Both are IIS features: App Service on Linux has neither (learn.microsoft.com/azure/app-service/troubleshoot-diagnostic-logs), so Linux apps are not judged; nor are function apps, which have no logs block.",
    fix: "Set logs { detailed_error_messages = true, failed_request_tracing = true } on the app and on each of its slots.",
    resourceTypes: ["azurerm_windows_web_app", "azurerm_windows_web_app_slot"],
    category: "security",
    checkov: ["CKV_AZURE_65", "CKV_AZURE_66"],
    check: (r) =>
      all(expectBoolean(r, ["logs", "detailed_error_messages"], true, false), expectBoolean(r, ["logs", "failed_request_tracing"], true, false)),
  },
  {
    id: "AZ-APP-008",
    severity: "warning",
    description:
      "A web or function app probes a health check path, so App Service takes failing instances out of rotation and replaces them (site_config.health_check_path; none when unset). Function apps on a Consumption plan (Y1, FC1) in the stack are not judged: they have no health check.",
    fix: "Set healthCheckPath on each app of AppServiceWithSlots (default \"/health\"), or site_config.health_check_path on the resource; the path must answer 200 only when the app and its dependencies work.",
    resourceTypes: APP_SERVICE_TYPES,
    category: "security",
    checkov: ["CKV_AZURE_213"],
    check(resource, context) {
      if (resource.type.includes("function")) {
        const sku = planOf(resource, context)?.config.sku_name;
        if (typeof sku === "string" && CONSUMPTION_SKUS.includes(sku)) return undefined;
      }
      const path = read(resource, ["site_config", "health_check_path"]);
      if (path.reference) return undefined;
      if (path.unset) return "site_config.health_check_path is unset (App Service does not probe the instances)";
      return path.value === "" ? 'site_config.health_check_path is ""' : undefined;
    },
  },
  {
    id: "AZ-APP-009",
    severity: "error",
    description:
      "A web or function app refuses basic-auth publishing: FTP and WebDeploy (Kudu) publishing credentials are off (ftp_publish_basic_authentication_enabled and webdeploy_publish_basic_authentication_enabled = false; azurerm's default when unset is true), so deployments use Entra ID.",
    fix: "Use AppServiceWithSlots (basic-auth publishing off on apps and slots), or set ftp_publish_basic_authentication_enabled = false and webdeploy_publish_basic_authentication_enabled = false on the resource; deploy with an Entra ID identity (azure/webapps-deploy with OIDC).",
    resourceTypes: APP_SERVICE_TYPES,
    category: "security",
    checkov: ["CKV_AZURE_237", "CKV_AZURE_238"],
    check: (r) =>
      all(
        expectBoolean(r, ["ftp_publish_basic_authentication_enabled"], false, true),
        expectBoolean(r, ["webdeploy_publish_basic_authentication_enabled"], false, true),
      ),
  },
  {
    id: "AZ-APP-010",
    severity: "warning",
    description:
      "A web or function app is not reachable from the whole internet without a front: public network access is off (public_network_access_enabled = false; azurerm's default when unset is true), or a private endpoint in the stack connects to it, or a Front Door origin in the stack points at its default_hostname, or its access restrictions deny unlisted callers (site_config.ip_restriction_default_action = Deny; the default when unset is Allow).",
    fix: "Put the app behind Front Door (an azurerm_cdn_frontdoor_origin on its default_hostname) or a private endpoint (privateEndpoints on the app of AppServiceWithSlots, with publicNetworkAccess: false), or set site_config.ip_restriction_default_action = \"Deny\" with ip_restriction entries for the callers.",
    resourceTypes: APP_SERVICE_TYPES,
    category: "security",
    checkov: ["CKV_AZURE_222", "CKV_AZURE_221"],
    check(resource, context) {
      const open = read(resource, ["public_network_access_enabled"]);
      if (open.reference) return undefined;
      const isOpen = open.unset ? true : asBoolean(open.value);
      if (isOpen !== true) return undefined;
      const action = read(resource, ["site_config", "ip_restriction_default_action"]);
      if (action.reference) return undefined;
      const defaultAction = action.unset ? "Allow" : action.value;
      if (defaultAction === "Deny") return undefined;
      if (hasPrivateEndpoint(resource, context) || hasFrontDoorOrigin(resource, context)) return undefined;
      return `${finding("public_network_access_enabled", true, open.unset)} and ${finding("site_config.ip_restriction_default_action", defaultAction, action.unset)}, with no private endpoint or Front Door origin in front of it`;
    },
  },

  // App Service plans (prod only)
  {
    id: "AZ-ASP-001",
    severity: "error",
    description:
      "In prod, an App Service plan runs at least two instances, so one instance failing or being patched does not take the apps down: worker_count >= 2 (Azure's default when unset is 1), or, when an azurerm_monitor_autoscale_setting targets the plan, every profile's capacity.minimum >= 2.",
    fix: "Set instanceCount to 2 or more on AppServiceWithSlots, or autoscale.minInstances to 2 or more (zoneBalancing: true makes 2 the default); on a raw plan set worker_count >= 2.",
    resourceTypes: [SERVICE_PLAN],
    category: "security",
    checkov: ["CKV_AZURE_212"],
    check(resource, context) {
      if (context.tier !== "prod") return undefined;
      const autoscale = autoscaleFloor(resource, context);
      if (autoscale) return autoscale.problems.length ? `${autoscale.problems.join("; ")}${PROD}` : undefined;
      const count = read(resource, ["worker_count"]);
      if (count.reference) return undefined;
      const value = count.unset ? 1 : count.value;
      if (Number(value) >= 2) return undefined;
      return finding("worker_count", value, count.unset, PROD);
    },
  },
  {
    id: "AZ-ASP-002",
    severity: "error",
    description:
      "In prod, an App Service plan spreads its instances over the region's availability zones (zone_balancing_enabled = true; the default when unset is false). Premium v2/v3 and Isolated plans only; fixed at creation.",
    fix: "Set zoneBalancing: true on AppServiceWithSlots (a Premium v2 or v3 sku, in a region with zones), or zone_balancing_enabled = true on the plan (changing it recreates the plan).",
    resourceTypes: [SERVICE_PLAN],
    category: "security",
    checkov: ["CKV_AZURE_225"],
    check: (r, context) => (context.tier === "prod" ? expectBoolean(r, ["zone_balancing_enabled"], true, false, PROD) : undefined),
  },
  {
    id: "AZ-ASP-003",
    severity: "error",
    description:
      "In prod, an App Service plan has a production SKU: not Free (F1), Shared (D1) or Basic (B1-B3), which have no autoscale, no deployment slots and no zone redundancy.",
    fix: "Set sku to a Standard or Premium SKU (P0v3 or above recommended) on AppServiceWithSlots, or sku_name on the plan.",
    resourceTypes: [SERVICE_PLAN],
    category: "security",
    checkov: ["CKV_AZURE_211"],
    check(resource, context) {
      if (context.tier !== "prod") return undefined;
      const sku = get(resource, "sku_name");
      return typeof sku === "string" && NON_PRODUCTION_SKUS.includes(sku) ? `${finding("sku_name", sku, false)}${PROD}` : undefined;
    },
  },
];
