import type { PolicyRule, ResourceView } from "../rule";
import { addressOf, expectBoolean, get, isReference, read } from "../util";

/*
 * Azure Functions rules (FunctionApp, lib/web/function-app.ts). The App Service rules
 * (rules/web.ts, AZ-APP-*) already judge Linux and Windows function apps and their slots; these
 * add what is particular to Functions: the host storage connection, and the Flex Consumption app
 * (`azurerm_function_app_flex_consumption`), which the AZ-APP rules do not cover. Defaults when an
 * attribute is unset are azurerm 4.55's (internal/services/appservice/function_app_flex_consumption_resource.go):
 * https_only false, webdeploy_publish_basic_authentication_enabled true, public network access
 * true, no identity; site_config minimum_tls_version and scm_minimum_tls_version "1.2",
 * remote_debugging_enabled false. checkov has no checks on azurerm_function_app_flex_consumption
 * nor on how a function app reaches its host storage: no checkov ids.
 */

const FLEX_APP = "azurerm_function_app_flex_consumption";

/** Function apps on App Service plans (Elastic Premium, Dedicated, Consumption) and their slots. */
const PLAN_FUNCTION_APPS = ["azurerm_linux_function_app", "azurerm_linux_function_app_slot", "azurerm_windows_function_app", "azurerm_windows_function_app_slot"] as const;

/** App settings that carry a storage connection string (an account key). */
const KEYED_SETTINGS = ["AzureWebJobsStorage", "WEBSITE_CONTENTAZUREFILECONNECTIONSTRING", "DEPLOYMENT_STORAGE_CONNECTION_STRING"];

/** `problems` joined, or undefined. */
function all(...problems: (string | undefined)[]): string | undefined {
  const found = problems.filter((p): p is string => p !== undefined);
  return found.length ? found.join("; ") : undefined;
}

/** A value that is set (a literal or a reference). */
function isSet(resource: ResourceView, attribute: string): boolean {
  const value = get(resource, attribute);
  return value !== undefined && value !== null && value !== "";
}

/** App settings among KEYED_SETTINGS that are set, when app_settings is a literal map. */
function keyedSettings(resource: ResourceView): string[] {
  const settings = get(resource, "app_settings");
  if (settings === null || typeof settings !== "object" || Array.isArray(settings)) return [];
  return KEYED_SETTINGS.filter((key) => Object.prototype.hasOwnProperty.call(settings, key));
}

/** The TLS floor of `site_config.<attribute>` (unset: "1.2"). */
function tls(resource: ResourceView, attribute: string): string | undefined {
  const value = get(resource, "site_config", attribute);
  if (value === undefined || value === null || isReference(value)) return undefined;
  return typeof value === "string" && /^\d+\.\d+$/.test(value) && Number(value) >= 1.2 ? undefined : `site_config.${attribute} is ${JSON.stringify(value)}`;
}

// Subnet lookups for AZ-FUNC-003 (the same shape rules/subnets.ts reads).
const SUBNET_ID = /^\$\{azurerm_subnet\.([A-Za-z0-9_-]+)\.id\}$/;
const FLEX_DELEGATION = "Microsoft.App/environments";

function asList(value: unknown): unknown[] {
  return Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
}

function isObject(value: unknown): value is Readonly<Record<string, unknown>> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** The subnet's delegated services, or undefined when a reference or dynamic block decides them. */
function delegationsOf(subnet: ResourceView): readonly string[] | undefined {
  if (isObject(subnet.config.dynamic) && subnet.config.dynamic.delegation !== undefined) return undefined;
  const services: string[] = [];
  for (const delegation of asList(subnet.config.delegation)) {
    if (!isObject(delegation)) return undefined;
    for (const service of asList(delegation.service_delegation)) {
      if (!isObject(service) || typeof service.name !== "string" || isReference(service.name)) return undefined;
      services.push(service.name);
    }
  }
  return services;
}

export const FUNCTION_RULES: readonly PolicyRule[] = [
  {
    id: "AZ-FUNC-001",
    severity: "error",
    description:
      "A function app reaches its host and deployment storage with its managed identity, not an account key: no storage_account_access_key or storage_key_vault_secret_id (App Service plans), storage_authentication_type other than StorageAccountConnectionString and no storage_access_key (Flex Consumption), and no AzureWebJobsStorage, WEBSITE_CONTENTAZUREFILECONNECTIONSTRING or DEPLOYMENT_STORAGE_CONNECTION_STRING app setting.",
    fix: "Use FunctionApp (host storage, deployment package and connections by identity), or set storage_uses_managed_identity = true with storage_account_name (AzureWebJobsStorage__credential and __clientId for a user-assigned identity), content_share_force_disabled = true, and on Flex Consumption storage_authentication_type = \"UserAssignedIdentity\"; give the identity Storage Blob Data Owner on the account.",
    resourceTypes: [...PLAN_FUNCTION_APPS, FLEX_APP],
    category: "security",
    checkov: [],
    check(resource) {
      const settings = keyedSettings(resource).map((key) => `app setting ${key} is set (a connection string with the account key)`);
      if (resource.type === FLEX_APP) {
        const auth = read(resource, ["storage_authentication_type"]);
        return all(
          !auth.reference && auth.value === "StorageAccountConnectionString" ? 'storage_authentication_type is "StorageAccountConnectionString"' : undefined,
          isSet(resource, "storage_access_key") ? "storage_access_key is set" : undefined,
          ...settings,
        );
      }
      return all(
        isSet(resource, "storage_account_access_key") ? "storage_account_access_key is set" : undefined,
        isSet(resource, "storage_key_vault_secret_id") ? "storage_key_vault_secret_id is set (a connection string in Key Vault)" : undefined,
        ...settings,
      );
    },
  },
  {
    id: "AZ-FUNC-002",
    severity: "error",
    description:
      "A Flex Consumption function app has the App Service baseline the AZ-APP rules give other apps: HTTPS only (https_only = true; unset is false), a managed identity, WebDeploy basic-auth publishing off (unset is on), TLS 1.2 or later on the site and SCM site (unset is 1.2), remote debugging off.",
    fix: "Use FunctionApp with plan kind FlexConsumption, or set https_only = true, an identity block, webdeploy_publish_basic_authentication_enabled = false, and leave site_config.minimum_tls_version, scm_minimum_tls_version and remote_debugging_enabled at their defaults.",
    resourceTypes: [FLEX_APP],
    category: "security",
    checkov: [],
    check: (r) => {
      const identity = get(r, "identity");
      return all(
        expectBoolean(r, ["https_only"], true, false),
        identity === undefined || identity === null || (Array.isArray(identity) && identity.length === 0) ? "identity is unset (no managed identity)" : undefined,
        expectBoolean(r, ["webdeploy_publish_basic_authentication_enabled"], false, true),
        tls(r, "minimum_tls_version"),
        tls(r, "scm_minimum_tls_version"),
        get(r, "site_config", "remote_debugging_enabled") === true ? "site_config.remote_debugging_enabled is true" : undefined,
      );
    },
  },
  {
    id: "AZ-FUNC-003",
    severity: "error",
    description:
      "A Flex Consumption app's VNet integration (virtual_network_subnet_id, a subnet of the stack) uses a subnet delegated to Microsoft.App/environments, the only delegation Flex Consumption integrates with (a Microsoft.Web/serverFarms subnet is refused).",
    fix: "Delegate the integration subnet to Microsoft.App/environments (VnetWithSubnets: delegation: { service: \"Microsoft.App/environments\" }), and register the Microsoft.App resource provider in the subscription.",
    resourceTypes: [FLEX_APP],
    category: "deployability",
    checkov: [],
    check(resource, context) {
      const value = resource.config.virtual_network_subnet_id;
      const m = typeof value === "string" ? SUBNET_ID.exec(value) : null;
      const subnet = m ? context.resources.find((r) => r.type === "azurerm_subnet" && r.logicalId === m[1]) : undefined;
      if (!subnet) return undefined;
      const services = delegationsOf(subnet);
      if (services === undefined || services.includes(FLEX_DELEGATION)) return undefined;
      const name = typeof subnet.config.name === "string" && !isReference(subnet.config.name) ? JSON.stringify(subnet.config.name) : addressOf(subnet);
      return `virtual_network_subnet_id is subnet ${name}, which is not delegated to ${FLEX_DELEGATION} (its delegations: ${services.join(", ") || "none"})`;
    },
  },
];
