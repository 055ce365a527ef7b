import type { PolicyRule } from "../rule";
import { expectBoolean, expectOneOf } from "../util";

/*
 * AI rules. An attribute that is not in the synthesized JSON is judged by azurerm 4.55's default
 * (website/docs/r/<resource>.html.markdown): cognitive_account local_auth_enabled true and
 * public_network_access_enabled true; ai_services local_authentication_enabled true and
 * public_network_access "Enabled"; search_service local_authentication_enabled true and
 * public_network_access_enabled true.
 */

const COGNITIVE = "azurerm_cognitive_account";
const AI_SERVICES = "azurerm_ai_services";
const SEARCH = "azurerm_search_service";

export const AI_RULES: readonly PolicyRule[] = [
  {
    id: "AZ-AI-001",
    severity: "error",
    description: "An Azure OpenAI, AI Services or AI Search account accepts Entra ID only (local_auth_enabled = false; local_authentication_enabled on AI Services and Search; the default when unset is true).",
    fix: "Use OpenAIDeployment (keys are always off), or set local_auth_enabled = false (local_authentication_enabled = false on AI Services and Search) on the resource and grant roles to identities.",
    resourceTypes: [COGNITIVE, AI_SERVICES, SEARCH],
    category: "security",
    checkov: ["CKV_AZURE_236"],
    check: (r) => expectBoolean(r, [r.type === COGNITIVE ? "local_auth_enabled" : "local_authentication_enabled"], false, true),
  },
  {
    id: "AZ-AI-002",
    severity: "error",
    description: "An Azure OpenAI, AI Services or AI Search account is closed to public networks (public_network_access_enabled = false; public_network_access = Disabled on AI Services; azurerm's default when unset is open).",
    fix: "Leave publicNetworkAccess unset (false) on OpenAIDeployment and add privateEndpoints; on other accounts disable public network access and add a private endpoint.",
    resourceTypes: [COGNITIVE, AI_SERVICES, SEARCH],
    category: "security",
    checkov: ["CKV_AZURE_134", "CKV_AZURE_124"],
    check: (r) =>
      r.type === AI_SERVICES
        ? expectOneOf(r, ["public_network_access"], ["Disabled"], "Enabled")
        : expectBoolean(r, ["public_network_access_enabled"], false, true),
  },
];
