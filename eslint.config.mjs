import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist/", "node_modules/", "cdktf.out/", "coverage/", "bench/out/", "**/*.js"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [
            {
              name: "@cdktf/provider-azurerm",
              message: "Import the submodule (e.g. @cdktf/provider-azurerm/lib/key-vault): the root loads ~1,500 modules.",
            },
            {
              name: "@cdktf/provider-random",
              message: "Import the submodule (e.g. @cdktf/provider-random/lib/password).",
            },
          ],
        },
      ],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
    },
  },
);
