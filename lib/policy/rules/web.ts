import type { PolicyRule, ResourceView } from "../rule";
import { get, isReference } from "../util";

/*
 * App Service rules, for web apps, function apps and their slots. Defaults when an attribute is
 * unset are azurerm 4.55's (internal/services/appservice/helpers/*_schema.go; website/docs/r/
 * linux_web_app.html.markdown): https_only false, site_config.minimum_tls_version and
 * scm_minimum_tls_version "1.2", ftps_state "Disabled", remote_debugging_enabled false, and no
 * managed identity without an `identity` block.
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
];
