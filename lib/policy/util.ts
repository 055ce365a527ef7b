import type { ResourceView } from "./rule";

/** A nested value of a resource's configuration: `get(r, "site_config", "minimum_tls_version")`. */
export function get(resource: ResourceView, ...path: string[]): unknown {
  let v: unknown = resource.config;
  for (const key of path) {
    if (Array.isArray(v)) v = v[0]; // single blocks are synthesized as objects, repeated ones as lists
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}

/** `${type}.${logicalId}`: how other resources reference this one in the synthesized JSON. */
export function addressOf(resource: ResourceView): string {
  return `${resource.type}.${resource.logicalId}`;
}

/** Whether `value` (a string, or anything JSON-serializable) references `resource`. */
export function references(value: unknown, resource: ResourceView): boolean {
  const text = typeof value === "string" ? value : JSON.stringify(value ?? "");
  return text.includes(`\${${addressOf(resource)}.`);
}

/**
 * Whether `value` references attribute `attribute` of `resource` anywhere in an expression
 * (`${azurerm_linux_web_app.App.default_hostname}`, also inside a function call).
 */
export function referencesAttribute(value: unknown, resource: ResourceView, attribute: string): boolean {
  const text = typeof value === "string" ? value : JSON.stringify(value ?? "");
  if (!text.includes("${")) return false;
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`(?<![\\w.-])${escape(addressOf(resource))}\\.${escape(attribute)}(?![\\w-])`).test(text);
}

/** Services that hold data: prod protects them against deletion and sends their logs to Log Analytics. */
export const DATA_SERVICE_TYPES = [
  "azurerm_storage_account",
  "azurerm_key_vault",
  "azurerm_postgresql_flexible_server",
  "azurerm_cosmosdb_postgresql_cluster",
  "azurerm_mongo_cluster",
  "azurerm_cosmosdb_account",
  "azurerm_mssql_server",
  "azurerm_mssql_database",
  "azurerm_redis_cache",
  "azurerm_managed_redis",
  // ServiceBus: queues and subscriptions hold messages.
  "azurerm_servicebus_namespace",
  // EventHub: hubs retain events (1 to 90 days).
  "azurerm_eventhub_namespace",
] as const;

/** A Terraform expression (`${...}`): its value is unknown at synth, so it is never judged. */
export function isReference(value: unknown): boolean {
  return typeof value === "string" && value.includes("${");
}

/** An attribute as synthesized: a reference (on it or on a block around it), unset, or a value. */
export function read(resource: ResourceView, path: readonly string[]): { readonly reference: boolean; readonly unset: boolean; readonly value: unknown } {
  for (let i = 1; i <= path.length; i++) {
    if (isReference(get(resource, ...path.slice(0, i)))) return { reference: true, unset: false, value: undefined };
  }
  const value = get(resource, ...path);
  return { reference: false, unset: value === undefined || value === null, value };
}

/** `attr is value`, noting when the value is the provider's default for an unset attribute. */
export function finding(attribute: string, value: unknown, unset: boolean, suffix = ""): string {
  return `${attribute} is ${JSON.stringify(value) ?? String(value)}${unset ? " (Azure's default when unset)" : ""}${suffix}`;
}

/** A literal boolean (also `"true"`/`"false"`), else undefined. */
export function asBoolean(value: unknown): boolean | undefined {
  if (typeof value === "boolean") return value;
  if (value === "true" || value === "false") return value === "true";
  return undefined;
}

/** Checks that a boolean attribute is `required`; an unset one counts as `defaultValue`. */
export function expectBoolean(resource: ResourceView, path: readonly string[], required: boolean, defaultValue: boolean, suffix = ""): string | undefined {
  const { reference, unset, value: raw } = read(resource, path);
  if (reference) return undefined;
  const value = unset ? defaultValue : asBoolean(raw);
  if (value === undefined || value === required) return undefined;
  return finding(path.join("."), value, unset, suffix);
}

/** Checks that a string attribute is one of `allowed`; an unset one counts as `defaultValue`. */
export function expectOneOf(resource: ResourceView, path: readonly string[], allowed: readonly string[], defaultValue: string, suffix = ""): string | undefined {
  const { reference, unset, value: raw } = read(resource, path);
  if (reference) return undefined;
  const value = unset ? defaultValue : raw;
  if (allowed.includes(value as string)) return undefined;
  return finding(path.join("."), value, unset, suffix);
}

