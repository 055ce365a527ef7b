import type { PolicyRule } from "../rule";
import { expectBoolean, expectOneOf, finding, read } from "../util";

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
  // SearchService (lib/ai/search-service.ts): checkov's Azure AI Search checks
  // (checkov/terraform/checks/resource/azure/AzureSearch*.py, read 2026-11-29); the SLA figures are
  // learn.microsoft.com/azure/search/search-limits-quotas-capacity's. azurerm's defaults when
  // unset: no identity, replica_count 1, allowed_ips empty.
  {
    id: "AZ-SRCH-001",
    severity: "error",
    description: "An Azure AI Search service on a billable tier has a managed identity (identity block), so indexers, skills and vectorizers reach data sources and Azure OpenAI with Entra ID instead of keys in connection strings (the Free tier has none to give).",
    fix: "Use SearchService (a system-assigned identity on every billable tier), or add identity { type = \"SystemAssigned\" } to the resource.",
    resourceTypes: [SEARCH],
    category: "security",
    checkov: ["CKV_AZURE_207"],
    check: (r) => {
      if (read(r, ["sku"]).value === "free" || read(r, ["identity"]).reference) return undefined;
      const type = read(r, ["identity", "type"]);
      if (type.reference || (typeof type.value === "string" && type.value !== "None")) return undefined;
      return type.unset ? "identity is not set (no managed identity)" : finding("identity.type", type.value, false);
    },
  },
  {
    id: "AZ-SRCH-002",
    severity: "error",
    description: "An Azure AI Search service's IP rules (allowed_ips) do not admit the whole internet (0.0.0.0/0).",
    fix: "List the public addresses that need the service in allowedIps, or close public access and add privateEndpoints.",
    resourceTypes: [SEARCH],
    category: "security",
    checkov: ["CKV_AZURE_210"],
    check: (r) => {
      const ips = read(r, ["allowed_ips"]);
      if (ips.reference || !Array.isArray(ips.value)) return undefined;
      const open = ips.value.find((ip) => typeof ip === "string" && /\/0$/.test(ip.trim()));
      return open === undefined ? undefined : `allowed_ips has ${JSON.stringify(open)} (every IPv4 address)`;
    },
  },
  {
    id: "AZ-SRCH-003",
    severity: "warning",
    description: "A prod Azure AI Search service has at least 2 replicas, the minimum for the query (read) SLA; with one, a replica's update or failure stops the service.",
    fix: "Set replicaCount: 2 or more on SearchService (Basic allows 3, Standard 12); in regions with availability zones Azure spreads the replicas over zones.",
    resourceTypes: [SEARCH],
    category: "security",
    checkov: ["CKV_AZURE_209"],
    check: (r, context) => replicasBelow(r, context.tier, 2, "the query SLA needs 2"),
  },
  {
    id: "AZ-SRCH-004",
    severity: "warning",
    description: "A prod Azure AI Search service has at least 3 replicas, the minimum for the SLA on queries and indexing (read-write).",
    fix: "Set replicaCount: 3 or more on SearchService, or accept a query-only SLA with a suppression stating the reason.",
    resourceTypes: [SEARCH],
    category: "security",
    checkov: ["CKV_AZURE_208"],
    check: (r, context) => replicasBelow(r, context.tier, 3, "the SLA for queries and indexing needs 3"),
  },
];

/** `replica_count is 1 in a prod stack (...)` when a prod service has fewer than `minimum` replicas. */
function replicasBelow(r: Parameters<PolicyRule["check"]>[0], tier: string | undefined, minimum: number, why: string): string | undefined {
  if (tier !== "prod") return undefined;
  const replicas = read(r, ["replica_count"]);
  if (replicas.reference) return undefined;
  const value = replicas.unset ? 1 : Number(replicas.value);
  if (!Number.isFinite(value) || value >= minimum) return undefined;
  return `${finding("replica_count", value, replicas.unset)} in a prod stack (${why})`;
}
