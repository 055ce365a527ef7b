// The published package as consumers see it: named exports from ES modules, the `exports` map,
// and what `npm pack` puts in the tarball. Runs against dist/, which `npm test` builds first.
// (scripts/consumer-smoke.mjs installs the real tarball into a project of its own; CI runs it.)
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";

const REPO = join(__dirname, "..");

function node(args: readonly string[]): string {
  const r = spawnSync(process.execPath, [...args], { cwd: REPO, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`node ${args.join(" ")} exited ${r.status}:\n${r.stderr}`);
  return r.stdout;
}

test("an ES module sees every export of the CommonJS build by name (Node's cjs-module-lexer)", () => {
  // Imports the package by name (a self-reference through `exports`), as a consumer's ESM app does.
  const out = node([
    "--input-type=module",
    "-e",
    `import { createRequire } from "node:module";
     import * as ns from "azure-cdktf-blueprints";
     const cjs = createRequire(process.cwd() + "/")("azure-cdktf-blueprints");
     console.log(JSON.stringify({
       cjs: Object.keys(cjs).sort(),
       esm: Object.keys(ns).filter((k) => k !== "default" && k !== "__esModule").sort(),
       same: ns.KeyVault === cjs.KeyVault && ns.default === cjs,
     }));`,
  ]);
  const { cjs, esm, same } = JSON.parse(out) as { cjs: string[]; esm: string[]; same: boolean };
  expect(cjs).toEqual(expect.arrayContaining(["AppServiceWithSlots", "KeyVault", "ResourceGroup", "StorageAccount"]));
  expect(esm).toEqual(cjs);
  // One implementation: the ESM names are the CommonJS objects (instanceof and per-stack singletons hold).
  expect(same).toBe(true);
});

test("exports: the root, the environment JSON Schema and package.json, by package path", () => {
  const out = node([
    "-p",
    `JSON.stringify(["azure-cdktf-blueprints", "azure-cdktf-blueprints/environment.schema.json", "azure-cdktf-blueprints/package.json"].map((s) => require.resolve(s)))`,
  ]);
  expect(JSON.parse(out)).toEqual([join(REPO, "dist/lib/index.js"), join(REPO, "environments/environment.schema.json"), join(REPO, "package.json")]);
});

test("the tarball holds the library, the CLI and what it runs, and no build tools, benchmarks or sources", () => {
  // --ignore-scripts: list what is there now, without prepack's clean build (`npm test` built dist/).
  const r = spawnSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: REPO, encoding: "utf8" });
  expect(r.status).toBe(0);
  const files = (JSON.parse(r.stdout) as { files: { path: string }[] }[])[0].files.map((f) => f.path);
  for (const f of ["package.json", "README.md", "LICENSE", "CHANGELOG.md", "dist/lib/index.js", "dist/bin/blueprints.js", "dist/cli/code-cache.js", "dist/cli/shard-start.js", "dist/blueprints.bundle.js", "dist/blueprints.bundle.js.map", "environments/environment.schema.json"]) {
    expect(files).toContain(f);
  }
  const unwanted = files.filter((f) => /^(dist\/(bench|stacks)\/|dist\/bin\/(?!blueprints\.js$)|dist\/cli\/(?!(code-cache|shard-start|publish|report|stable-stringify|synth-cache|synth-fast)\.js$)|lib\/|cli\/|stacks\/|bench\/|bin\/|__tests__\/|scripts\/|etc\/|environments\/.*\.yaml$|cdktf\.json$)/.test(f));
  expect(unwanted).toEqual([]);
  // The bin and every file it requires by relative path, and what those require, are in the tarball.
  const pkg = JSON.parse(readFileSync(join(REPO, "package.json"), "utf8")) as { bin: Record<string, string> };
  const bin = pkg.bin.blueprints;
  expect(files).toContain(bin);
  const seen = new Set<string>();
  const follow = (file: string) => {
    for (const [, rel] of readFileSync(join(REPO, file), "utf8").matchAll(/require\("(\.[^"]+)"\)/g)) {
      const required = join(dirname(file), rel) + ".js";
      expect(files).toContain(required);
      if (!seen.has(required)) {
        seen.add(required);
        follow(required);
      }
    }
  };
  follow(bin);
  expect([...seen]).toEqual(expect.arrayContaining(["dist/cli/synth-fast.js", "dist/lib/core/errors.js"]));
});
