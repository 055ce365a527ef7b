import js from "@eslint/js";
import tseslint from "typescript-eslint";

const PROVIDER_ROOTS = [
  {
    name: "@cdktf/provider-azurerm",
    message: "Import the submodule (e.g. @cdktf/provider-azurerm/lib/key-vault): the root loads ~1,500 modules.",
  },
  {
    name: "@cdktf/provider-random",
    message: "Import the submodule (e.g. @cdktf/provider-random/lib/password).",
  },
];

export default tseslint.config(
  { ignores: ["dist/", "node_modules/", "cdktf.out/", "coverage/", "bench/out/", "**/*.js"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: PROVIDER_ROOTS,
        },
      ],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
    },
  },
  {
    // The constructs and the policy know nothing of environment files or systems: the framework
    // (lib/framework) is an optional layer on top of them, never underneath.
    files: ["lib/**/*.ts"],
    ignores: ["lib/framework/**", "lib/index.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: PROVIDER_ROOTS,
          patterns: [{ group: ["**/framework", "**/framework/*"], message: "lib/framework sits on top of the constructs; the construct layer must not import it." }],
        },
      ],
    },
  },
);
