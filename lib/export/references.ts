/**
 * Terraform references in a stack's JSON configuration: every `${...}` expression's traversals
 * (`azurerm_x.name`, `data.azurerm_x.name`, `var.x`, `local.x`, `module.x`), and those that do not
 * resolve within the same configuration. An exported stack must be self-contained.
 */

/** The parts of a Terraform JSON configuration references can point at. */
export interface TerraformJsonConfiguration {
  readonly resource?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  readonly data?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  readonly variable?: Readonly<Record<string, unknown>>;
  readonly locals?: Readonly<Record<string, unknown>>;
  readonly module?: Readonly<Record<string, unknown>>;
  readonly output?: Readonly<Record<string, unknown>>;
  readonly terraform?: unknown;
  readonly [key: string]: unknown;
}

/** Roots that name no configuration block: iteration and built-in objects. */
const BUILT_IN_ROOTS: ReadonlySet<string> = new Set(["each", "count", "self", "path", "terraform"]);

/** The body of every `${...}` interpolation in `text` (`$${` is an escaped, literal `${`). */
export function interpolations(text: string): string[] {
  const bodies: string[] = [];
  for (let i = text.indexOf("${"); i !== -1; i = text.indexOf("${", i + 2)) {
    if (i > 0 && text[i - 1] === "$") continue;
    let depth = 1;
    let j = i + 2;
    let quoted = false;
    for (; j < text.length && depth > 0; j++) {
      const c = text[j];
      if (quoted) {
        if (c === "\\") j++;
        else if (c === '"') quoted = false;
      } else if (c === '"') quoted = true;
      else if (c === "{") depth++;
      else if (c === "}") depth--;
    }
    bodies.push(text.slice(i + 2, j - 1));
    i = j - 2;
  }
  return bodies;
}

/** The traversals an expression reads (`azurerm_x.a.id` → `azurerm_x.a.id`), without string literals, function names and `for` variables. */
export function traversals(expression: string): string[] {
  const code = expression.replace(/"(?:[^"\\]|\\.)*"/g, '""');
  const bound = new Set<string>();
  for (const [, a, b] of code.matchAll(/\bfor\s+([A-Za-z_][\w-]*)\s*(?:,\s*([A-Za-z_][\w-]*)\s*)?\bin\b/g)) {
    bound.add(a);
    if (b) bound.add(b);
  }
  const found: string[] = [];
  for (const m of code.matchAll(/(?<![\w.-])([A-Za-z_][\w-]*)((?:\s*\.\s*[A-Za-z_][\w-]*|\[\s*\d+\s*\])+)/g)) {
    if (!bound.has(m[1])) found.push(`${m[1]}${m[2].replace(/\s+/g, "")}`);
  }
  return found;
}

/** The address a traversal refers to (`data.azurerm_x.a.id` → `data.azurerm_x.a`), or `undefined` for a built-in root. */
export function referencedAddress(traversal: string): string | undefined {
  const parts = traversal.replace(/\[\d+\]/g, "").split(".");
  const [root] = parts;
  if (BUILT_IN_ROOTS.has(root)) return undefined;
  if (root === "data") return parts.slice(0, 3).join(".");
  return parts.slice(0, 2).join(".");
}

/** Whether `address` (from `referencedAddress`) is declared in `json`. */
export function declares(json: TerraformJsonConfiguration, address: string): boolean {
  const [root, a, b] = address.split(".");
  switch (root) {
    case "data":
      return b !== undefined && json.data?.[a]?.[b] !== undefined;
    case "var":
      return json.variable?.[a] !== undefined;
    case "local":
      return json.locals?.[a] !== undefined;
    case "module":
      return json.module?.[a] !== undefined;
    default:
      return a !== undefined && json.resource?.[root]?.[a] !== undefined;
  }
}

/** Every address the configuration's expressions refer to, sorted, once each. */
export function referencedAddresses(json: TerraformJsonConfiguration): string[] {
  const found = new Set<string>();
  const visit = (value: unknown): void => {
    if (typeof value === "string") {
      if (!value.includes("${")) return;
      for (const body of interpolations(value)) {
        for (const t of traversals(body)) {
          const address = referencedAddress(t);
          if (address !== undefined) found.add(address);
        }
      }
    } else if (Array.isArray(value)) value.forEach(visit);
    else if (value && typeof value === "object") Object.values(value).forEach(visit);
  };
  visit(json);
  return [...found].sort();
}

/** The addresses the configuration refers to but does not declare (empty for a self-contained stack). */
export function unresolvedReferences(json: TerraformJsonConfiguration): string[] {
  return referencedAddresses(json).filter((a) => !declares(json, a));
}
