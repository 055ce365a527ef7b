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
