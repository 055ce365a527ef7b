import type { PolicyRule } from "../rule";
import { get, isReference } from "../util";

/*
 * Action group endpoints whose URL is their credential: a webhook without Entra ID authentication
 * (a Teams Workflows URL carries `sig=`, incident tools put an integration key in the path), a
 * Logic App callback URL (`sig=`), a function's HTTP trigger URL (`code=`). A literal in the
 * configuration is in the synthesized JSON and in git; a reference (a sensitive variable, a Key
 * Vault secret read with a data source) is only in the state.
 */

/** `block.attribute` pairs holding a URL that authorizes whoever has it; a webhook with `aad_auth` authenticates otherwise. */
const CREDENTIAL_URLS: readonly (readonly [string, string])[] = [
  ["webhook_receiver", "service_uri"],
  ["logic_app_receiver", "callback_url"],
  ["azure_function_receiver", "http_trigger_url"],
];

export const ACTION_GROUP_RULES: readonly PolicyRule[] = [
  {
    id: "AZ-AG-001",
    severity: "error",
    category: "security",
    description:
      "An action group's webhook (without Entra ID authentication), Logic App callback and function trigger URLs are Terraform references, not literals: each URL is the credential that lets anyone post alerts or run the flow, and a literal sits in the synthesized JSON and in git.",
    fix: "Pass the URL as a sensitive Terraform variable (TerraformVariable with sensitive: true, set through TF_VAR_... in CI) or read it from Key Vault with an azurerm_key_vault_secret data source (Monitoring's webhooks refuse literals).",
    resourceTypes: ["azurerm_monitor_action_group"],
    checkov: [],
    check(resource) {
      const found: string[] = [];
      for (const [block, attribute] of CREDENTIAL_URLS) {
        const entries = get(resource, block);
        if (isReference(entries)) continue;
        const list = Array.isArray(entries) ? entries : entries && typeof entries === "object" ? [entries] : [];
        for (const entry of list as Record<string, unknown>[]) {
          const url = entry?.[attribute];
          if (typeof url !== "string" || url === "" || isReference(url)) continue;
          const aad = entry.aad_auth;
          if (block === "webhook_receiver" && aad !== undefined && aad !== null && !(Array.isArray(aad) && aad.length === 0)) continue;
          found.push(`${block} ${JSON.stringify(entry.name ?? "")} ${attribute}`);
        }
      }
      return found.length ? `${found.join(", ")} ${found.length === 1 ? "is a literal URL" : "are literal URLs"}: the credential is in the JSON` : undefined;
    },
  },
];
