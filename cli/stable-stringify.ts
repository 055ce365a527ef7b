// json-stable-stringify 1.x for the CLI bundle: cdktf writes every cdk.tf.json and the manifest with
// it, and its per-value overhead (bound prototype calls, an indent string rebuilt character by
// character for every value, a linear cycle search) was 35 ms of a full synth. The build aliases
// the package to this module (esbuild --alias), which writes the same bytes: keys in default sort
// order, `toJSON` honoured, undefined and functions dropped from objects and written as null in
// arrays, and empty objects and arrays written across two lines, as the package writes them
// (collapseEmpty is off in cdktf). Only the options cdktf passes (`space`) are supported.

interface Options {
  readonly space?: string | number;
}

function stableStringify(value: unknown, options?: Options): string | undefined {
  const space = typeof options?.space === "number" ? " ".repeat(options.space) : (options?.space ?? "");
  const colon = space ? ": " : ":";
  const indents: string[] = [];
  const indent = (level: number): string => (indents[level] ??= space ? `\n${space.repeat(level)}` : "");
  const seen = new Set<object>();

  const write = (node: unknown, level: number): string | undefined => {
    if (node && typeof (node as { toJSON?: unknown }).toJSON === "function") node = (node as { toJSON(): unknown }).toJSON();
    if (node === undefined) return undefined;
    if (typeof node !== "object" || node === null) return JSON.stringify(node);
    const inner = indent(level + 1);
    const close = indent(level);
    if (Array.isArray(node)) {
      let out = "[";
      for (let i = 0; i < node.length; i++) out += `${i ? "," : ""}${inner}${write(node[i], level + 1) || "null"}`;
      return `${out}${close}]`;
    }
    if (seen.has(node)) throw new TypeError("Converting circular structure to JSON");
    seen.add(node);
    const keys = Object.keys(node).sort();
    let out = "{";
    let first = true;
    for (const key of keys) {
      const v = write((node as Record<string, unknown>)[key], level + 1);
      if (!v) continue;
      out += `${first ? "" : ","}${inner}${JSON.stringify(key)}${colon}${v}`;
      first = false;
    }
    seen.delete(node);
    return `${out}${close}}`;
  };
  return write(value, 0);
}

export = stableStringify;
