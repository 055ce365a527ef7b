import { isAscii } from "node:buffer";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import Module, { createRequire } from "node:module";
import { dirname } from "node:path";
import { Script } from "node:vm";

export interface RunBundleOptions {
  /** Write the code cache when the process exits (the build does, once). @default false */
  readonly writeCache?: boolean;
  /**
   * Map stack traces to the TypeScript sources through the bundle's source map (`--verbose`).
   * Node applies source maps to modules its loader compiles, not to a `vm.Script`, so the bundle
   * is then loaded with `require`, without the code cache. @default false
   */
  readonly sourceMaps?: boolean;
}

/**
 * Runs a CommonJS bundle with a V8 code cache, so its ~5 MB (cdktf, the provider bindings it
 * uses, zod, yaml) are not parsed and compiled on every start: what Node 22's
 * `module.enableCompileCache()` does, for Node 20. The cache is written at build time
 * (`writeCache`); a missing cache, or one V8 rejects (another Node version), only costs the
 * compile it would have saved.
 */
export function runBundle(bundle: string, cache: string, options: RunBundleOptions = {}): void {
  if (options.sourceMaps) {
    process.setSourceMapsEnabled(true);
    createRequire(bundle)(bundle);
    return;
  }
  // esbuild writes string and template literals as ASCII (\u escapes) and the build strips
  // comments, so the bundle is normally pure ASCII: decoded as Latin-1 it becomes a one-byte V8
  // string, read without UTF-8 decoding (a non-ASCII character anywhere would make all 4 MB a
  // two-byte string). Anything else, such as a raw character in a regular expression, is decoded as
  // UTF-8. The code cache is written from the same decoding, so V8 accepts it.
  const bytes = readFileSync(bundle);
  const source = (isAscii(bytes) ? bytes.toString("latin1") : bytes.toString("utf8")).replace(/^#!.*/, "");
  const cachedData = !options.writeCache && existsSync(cache) ? readFileSync(cache) : undefined;
  const script = new Script(Module.wrap(source), { filename: bundle, cachedData });
  const mod = new Module(bundle);
  mod.filename = bundle;
  mod.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(dirname(bundle));
  if (options.writeCache) {
    // After the run, so the functions it compiled lazily are in the cache too.
    process.on("exit", () => writeFileSync(cache, script.createCachedData()));
  }
  const wrapper = script.runInThisContext() as (exports: object, require: NodeJS.Require, module: Module, filename: string, dirname: string) => void;
  wrapper.call(mod.exports, mod.exports, mod.require.bind(mod) as NodeJS.Require, mod, bundle, dirname(bundle));
}
