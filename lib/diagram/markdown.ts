import { UsageError } from "../core/errors";

/** `<!-- diagram:studio-prod:start -->` … `<!-- diagram:studio-prod:end -->`. */
const MARKER = /<!-- diagram:([A-Za-z0-9][A-Za-z0-9._-]*):(start|end) -->/g;

/** The stacks a Markdown file has diagram markers for, in file order; throws when a pair is broken. */
export function diagramMarkers(markdown: string, file = "the Markdown file"): string[] {
  const names: string[] = [];
  let open: string | undefined;
  for (const m of markdown.matchAll(MARKER)) {
    const [, name, edge] = m;
    const line = markdown.slice(0, m.index).split("\n").length;
    if (edge === "start") {
      if (open !== undefined) throw new UsageError(`${file}:${line}: diagram marker "${name}" starts before "${open}" ends`);
      if (names.includes(name)) throw new UsageError(`${file}:${line}: diagram marker "${name}" appears twice`);
      open = name;
    } else {
      if (open !== name) throw new UsageError(`${file}:${line}: diagram end marker "${name}" without its start marker`);
      names.push(name);
      open = undefined;
    }
  }
  if (open !== undefined) throw new UsageError(`${file}: diagram marker "${open}" has no end marker (<!-- diagram:${open}:end -->)`);
  return names;
}

/**
 * `markdown` with a fenced Mermaid block between each pair of diagram markers, `render(stack)`
 * giving the diagram; everything outside the markers is kept byte for byte.
 */
export function updateDiagramMarkers(markdown: string, render: (stack: string) => string, file?: string): string {
  diagramMarkers(markdown, file);
  return markdown.replace(
    /(<!-- diagram:([A-Za-z0-9][A-Za-z0-9._-]*):start -->)[\s\S]*?(<!-- diagram:\2:end -->)/g,
    (_all, start: string, name: string, end: string) => `${start}\n\`\`\`mermaid\n${render(name)}\`\`\`\n${end}`,
  );
}
