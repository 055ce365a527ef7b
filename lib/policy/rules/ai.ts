import type { PolicyRule, ResourceView } from "../rule";
import { get } from "../util";

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

/** A Terraform expression (`${...}`): its value is unknown at synth, so it is never judged. */
function isReference(value: unknown): boolean {
  return typeof value === "string" && value.includes("${");
}

/** An attribute as synthesized: a reference (on it or on a block around it), unset, or a value. */
function read(resource: ResourceView, path: readonly string[]): { readonly reference: boolean; readonly unset: boolean; readonly value: unknown } {
  for (let i = 1; i <= path.length; i++) {
    if (isReference(get(resource, ...path.slice(0, i)))) return { reference: true, unset: false, value: undefined };
  }
  const value = get(resource, ...path);
  return { reference: false, unset: value === undefined || value === null, value };
}

/** `attr is value`, noting when the value is the provider's default for an unset attribute. */
function finding(attribute: string, value: unknown, unset: boolean, suffix = ""): string {
  return `${attribute} is ${JSON.stringify(value) ?? String(value)}${unset ? " (Azure's default when unset)" : ""}${suffix}`;
}

/** A literal boolean (also `"true"`/`"false"`), else undefined. */
function asBoolean(value: unknown): boolean | undefined {
  if (typeof value === "boolean") return value;
  if (value === "true" || value === "false") return value === "true";
  return undefined;
}

/** Checks that a boolean attribute is `required`; an unset one counts as `defaultValue`. */
function expectBoolean(resource: ResourceView, path: readonly string[], required: boolean, defaultValue: boolean, suffix = ""): string | undefined {
  const { reference, unset, value: raw } = read(resource, path);
  if (reference) return undefined;
  const value = unset ? defaultValue : asBoolean(raw);
  if (value === undefined || value === required) return undefined;
  return finding(path.join("."), value, unset, suffix);
}

/** Checks that a string attribute is one of `allowed`; an unset one counts as `defaultValue`. */
function expectOneOf(resource: ResourceView, path: readonly string[], allowed: readonly string[], defaultValue: string, suffix = ""): string | undefined {
  const { reference, unset, value: raw } = read(resource, path);
  if (reference) return undefined;
  const value = unset ? defaultValue : raw;
  if (allowed.includes(value as string)) return undefined;
  return finding(path.join("."), value, unset, suffix);
}

export const AI_RULES: readonly PolicyRule[] = [
  {
    id: "AZ-AI-001",
    severity: "error",
    description: "An Azure OpenAI, AI Services or AI Search account accepts Entra ID only (local_auth_enabled = false; local_authentication_enabled on AI Services and Search; the default when unset is true).",
    fix: "Use OpenAIDeployment (keys are always off), or set local_auth_enabled = false (local_authentication_enabled = false on AI Services and Search) on the resource and grant roles to identities.",
    resourceTypes: [COGNITIVE, AI_SERVICES, SEARCH],
    check: (r) => expectBoolean(r, [r.type === COGNITIVE ? "local_auth_enabled" : "local_authentication_enabled"], false, true),
  },
  {
    id: "AZ-AI-002",
    severity: "error",
    description: "An Azure OpenAI, AI Services or AI Search account is closed to public networks (public_network_access_enabled = false; public_network_access = Disabled on AI Services; azurerm's default when unset is open).",
    fix: "Leave publicNetworkAccess unset (false) on OpenAIDeployment and add privateEndpoints; on other accounts disable public network access and add a private endpoint.",
    resourceTypes: [COGNITIVE, AI_SERVICES, SEARCH],
    check: (r) =>
      r.type === AI_SERVICES
        ? expectOneOf(r, ["public_network_access"], ["Disabled"], "Enabled")
        : expectBoolean(r, ["public_network_access_enabled"], false, true),
  },
];
