// Parses Mermaid diagrams with Mermaid's own parser (the `mermaid` package, the flowchart grammar
// GitHub's renderer uses). Mermaid needs a DOM at import (DOMPurify), so it runs here, in a process
// of its own with happy-dom's window, not in the jest workers (whose other test files must not see
// a `window`). Input on stdin: a JSON array of diagram texts. Output: a JSON array of
// `{ ok: true, type }` or `{ ok: false, error }`, one per diagram.
import process from "node:process";
import { Window } from "happy-dom";

const window = new Window();
globalThis.window = window;
globalThis.document = window.document;
const { default: mermaid } = await import("mermaid");

let input = "";
for await (const chunk of process.stdin) input += chunk;
const results = [];
for (const text of JSON.parse(input)) {
  try {
    const parsed = await mermaid.parse(text);
    results.push({ ok: true, type: parsed.diagramType });
  } catch (e) {
    results.push({ ok: false, error: String(e?.message ?? e) });
  }
}
process.stdout.write(JSON.stringify(results));
await window.happyDOM.close();
process.exit(0);
