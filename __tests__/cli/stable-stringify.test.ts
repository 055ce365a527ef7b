import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import stableStringify from "../../cli/stable-stringify";

// The package cdktf writes cdk.tf.json with; the CLI bundle replaces it with cli/stable-stringify.ts.
const cdktfRequire = createRequire(require.resolve("cdktf"));
const original = cdktfRequire("json-stable-stringify") as (value: unknown, options?: { space?: number | string }) => string | undefined;

describe("the bundle's json-stable-stringify", () => {
  test.each([
    ["nested objects with unsorted keys", { b: 1, a: { d: [1, 2, { z: 0, y: "x" }], c: "q" }, "10": true, "9": null }],
    ["empty objects and arrays, written across two lines", { provider: { azurerm: [{ features: [{}] }] }, list: [], deep: { e: {} } }],
    ["undefined and functions: dropped from objects, null in arrays", { a: undefined, b: () => 1, c: [undefined, () => 1, 3] }],
    ["toJSON", { d: new Date(0), custom: { toJSON: () => ({ y: 2, x: 1 }) } }],
    ["strings that need escaping", { "k\"ey": "line\nbreak \u2028 \\ \"quoted\" ${x}", "ü": "é" }],
    ["numbers", { a: 0, b: -1.5, c: 1e21, d: NaN, e: Infinity }],
    ["a top-level array", [{ b: 1, a: 2 }, [], "x"]],
    ["a top-level scalar", "x"],
    ["a top-level undefined", undefined],
  ])("%s: the same text as the package", (_name, value) => {
    for (const space of [2, 0, "\t", undefined]) {
      expect(stableStringify(value, space === undefined ? undefined : { space })).toBe(original(value, space === undefined ? undefined : { space }));
    }
  });

  test("a shipped stack's JSON: the same text", () => {
    const json = JSON.parse(JSON.stringify({ terraform: { backend: { azurerm: { key: "k" } } }, resource: { azurerm_resource_group: { rg: { name: "rg", tags: {} } } } }));
    expect(stableStringify(json, { space: 2 })).toBe(original(json, { space: 2 }));
  });

  test("a cycle is refused as the package refuses it", () => {
    const a: Record<string, unknown> = { x: 1 };
    a.self = a;
    expect(() => original(a)).toThrow("Converting circular structure to JSON");
    expect(() => stableStringify(a)).toThrow("Converting circular structure to JSON");
  });

  test("the same object twice, not a cycle, is written twice", () => {
    const shared = { k: 1 };
    const value = { a: shared, b: [shared, shared] };
    expect(stableStringify(value, { space: 2 })).toBe(original(value, { space: 2 }));
  });
});

test("the CLI bundle carries this module instead of the package (the build's esbuild --alias)", () => {
  const map = JSON.parse(readFileSync(require.resolve("../../dist/blueprints.bundle.js.map"), "utf8")) as { sources: string[] };
  expect(map.sources.some((s) => s.endsWith("cli/stable-stringify.ts"))).toBe(true);
  expect(map.sources.filter((s) => s.includes("json-stable-stringify"))).toEqual([]);
});
