import type { PolicyRule } from "../rule";
import { isReference, references } from "../util";

/*
 * API Management (lib/integration/api-management.ts). Sources: the Azure security baseline for
 * API Management and Azure Policy's built-ins (TLS, public access, private link, managed
 * identity, https backends), checkov's APIManagementMinTLS12 (CKV_AZURE_173),
 * APIManagementPublicAccess (CKV_AZURE_174), APIManagementBackendHTTPS (CKV_AZURE_215), and
 * learn.microsoft.com/azure/api-management/private-endpoint (public access can be disabled only
 * once a private endpoint exists).
 */

const WEAK_PROTOCOLS = [
  "frontend_ssl30_enabled",
  "frontend_tls10_enabled",
  "frontend_tls11_enabled",
  "backend_ssl30_enabled",
  "backend_tls10_enabled",
  "backend_tls11_enabled",
  "triple_des_ciphers_enabled",
] as const;

function first(value: unknown): Record<string, unknown> | undefined {
  if (Array.isArray(value)) return value[0] as Record<string, unknown> | undefined;
  return value && typeof value === "object" ? (value as Record<string, unknown>) : undefined;
}

export const API_MANAGEMENT_RULES: readonly PolicyRule[] = [
  {
    id: "AZ-APIM-001",
    severity: "error",
    description: "API Management accepts TLS 1.2 or later only, on the gateway and towards backends: SSL 3.0, TLS 1.0, TLS 1.1 and the 3DES cipher are off.",
    fix: "Leave the security block's *_ssl30_enabled, *_tls10_enabled, *_tls11_enabled and triple_des_ciphers_enabled false (ApiManagement sets them).",
    category: "security",
    resourceTypes: ["azurerm_api_management"],
    checkov: ["CKV_AZURE_173"],
    check(resource) {
      const security = first(resource.config.security);
      const on = WEAK_PROTOCOLS.filter((k) => security?.[k] === true);
      return on.length ? `${on.join(", ")} ${on.length === 1 ? "is" : "are"} true` : undefined;
    },
  },
  {
    id: "AZ-APIM-002",
    severity: "warning",
    description:
      "The API Management gateway is not reachable from the internet: public network access disabled behind a private endpoint, or internal VNet mode. Azure creates instances with public access only; a public gateway behind Front Door should admit only Front Door (check-header X-Azure-FDID).",
    fix: "After the first deployment with a private endpoint, set publicNetworkAccess: false (with deployedBefore: true), or suppress with the reason (a public gateway guarded by JWT validation and a Front Door check).",
    category: "security",
    resourceTypes: ["azurerm_api_management"],
    checkov: ["CKV_AZURE_174"],
    check(resource) {
      if (resource.config.virtual_network_type === "Internal") return undefined;
      return resource.config.public_network_access_enabled === false ? undefined : "public_network_access_enabled is true";
    },
  },
  {
    id: "AZ-APIM-003",
    severity: "error",
    category: "deployability",
    description:
      "API Management with public network access disabled has a private endpoint: Azure refuses to disable public access without one (and refuses it at creation).",
    fix: "Add privateEndpoints to the ApiManagement (a first deployment with public access on), or keep public network access enabled.",
    resourceTypes: ["azurerm_api_management"],
    checkov: [],
    check(resource, context) {
      if (resource.config.public_network_access_enabled !== false) return undefined;
      const endpoint = context.resources.some(
        (r) => r.type === "azurerm_private_endpoint" && references(first(r.config.private_service_connection)?.private_connection_resource_id, resource),
      );
      return endpoint ? undefined : "public_network_access_enabled is false and no private endpoint connects to it";
    },
  },
  {
    id: "AZ-APIM-004",
    severity: "error",
    description: "API Management has a managed identity, for Key Vault named values and certificates and for tokens to backends instead of stored credentials.",
    fix: "Give the instance an identity (ApiManagement always has a system-assigned one).",
    category: "security",
    resourceTypes: ["azurerm_api_management"],
    checkov: [],
    check(resource) {
      const identity = first(resource.config.identity);
      return identity?.type ? undefined : "no identity block";
    },
  },
  {
    id: "AZ-APIM-005",
    severity: "error",
    description: "APIs are served over HTTPS only: http in an API's protocols lets clients send tokens and subscription keys unencrypted.",
    fix: "Set protocols to [\"https\"] (ApiManagement.addApi does).",
    category: "security",
    resourceTypes: ["azurerm_api_management_api"],
    checkov: [],
    check(resource) {
      const protocols = resource.config.protocols;
      if (!Array.isArray(protocols) || isReference(protocols)) return undefined;
      return protocols.includes("http") ? "protocols include http" : undefined;
    },
  },
  {
    id: "AZ-APIM-006",
    severity: "error",
    description: "API Management backends are called over HTTPS.",
    fix: "Give the backend an https:// URL (ApiManagement.addBackend refuses others).",
    category: "security",
    resourceTypes: ["azurerm_api_management_backend"],
    checkov: ["CKV_AZURE_215"],
    check(resource) {
      const url = resource.config.url;
      if (typeof url !== "string" || isReference(url)) return undefined;
      return url.startsWith("https://") ? undefined : `url ${JSON.stringify(url)} is not https`;
    },
  },
  {
    id: "AZ-APIM-007",
    severity: "error",
    description: "Secret named values come from Key Vault (value_from_key_vault), not from a value in the configuration and the state.",
    fix: "Store the secret in Key Vault and use ApiManagement.addNamedValue with keyVaultSecret.",
    category: "security",
    resourceTypes: ["azurerm_api_management_named_value"],
    checkov: [],
    check(resource) {
      if (resource.config.secret !== true || resource.config.value_from_key_vault !== undefined) return undefined;
      return "secret is true and the value is given directly";
    },
  },
];
