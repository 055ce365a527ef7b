import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { Script, constants } from "node:vm";

/** What this module uses of `@hpcc-js/wasm-graphviz` (Graphviz compiled to WebAssembly). */
interface Graphviz {
  dot(source: string, format: "svg"): string;
  version(): string;
}

/**
 * `import()` of an ES module from this CommonJS code, which neither the build rewrites (SWC turns
 * `import()` into `require()`, which cannot load an ES module on every supported Node.js) nor the
 * CLI bundle inlines (esbuild would add Graphviz's 800 kB to every command), and which works where
 * the CLI bundle runs: in a `vm.Script` started from a code cache, whose own `import()` has no
 * loader. So the WebAssembly Graphviz loads only when an SVG is asked for.
 */
function importModule(url: string): Promise<unknown> {
  // Node.js 20 and 22 call the option experimental and say so on stderr, on every `blueprints
  // diagram --format svg`; the warning is dropped here, and only this one.
  const emitWarning = process.emitWarning;
  process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
    if (!String(typeof warning === "string" ? warning : warning.message).includes("USE_MAIN_CONTEXT_DEFAULT_LOADER")) (emitWarning as (...a: unknown[]) => void).call(process, warning, ...rest);
  }) as typeof process.emitWarning;
  try {
    const load = new Script("(url) => import(url)", { filename: "azure-cdktf-blueprints/diagram/import.js", importModuleDynamically: constants.USE_MAIN_CONTEXT_DEFAULT_LOADER }).runInThisContext() as (u: string) => Promise<unknown>;
    return load(url);
  } finally {
    process.emitWarning = emitWarning;
  }
}

let loading: Promise<Graphviz> | undefined;

/** Loads Graphviz (WebAssembly, in-process; no system binary, no network) once per process. */
export function loadGraphviz(): Promise<Graphviz> {
  // Resolved from this file (the CLI bundle runs with a `require` that has no `resolve`).
  loading ??= importModule(pathToFileURL(createRequire(__filename).resolve("@hpcc-js/wasm-graphviz")).href).then(async (m) => {
    const { Graphviz } = m as { Graphviz: { load(): Promise<Graphviz> } };
    return Graphviz.load();
  });
  return loading;
}

/** Lays out a DOT graph with Graphviz's `dot` engine and returns the SVG. The same DOT gives the same bytes. */
export async function renderSvg(dot: string): Promise<string> {
  const graphviz = await loadGraphviz();
  return graphviz.dot(dot, "svg");
}
