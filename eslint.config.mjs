// ESLint (typescript-eslint) for the whole project; formatting is Prettier's (`npm run lint` runs both).
import js from "@eslint/js";
import prettier from "eslint-config-prettier";
import { defineConfig } from "eslint/config";
import tseslint from "typescript-eslint";

/** What Node scripts written as plain JavaScript may use. */
const nodeGlobals = {
  process: "readonly",
  console: "readonly",
  Buffer: "readonly",
  URL: "readonly",
  setTimeout: "readonly",
  clearTimeout: "readonly",
  setInterval: "readonly",
  clearInterval: "readonly",
  module: "writable",
  require: "readonly",
  __dirname: "readonly",
};

export default defineConfig(
  { ignores: ["dist/**", "node_modules/**", "data/**", "coverage/**"] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrorsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" },
      ],
    },
  },
  { files: ["**/*.js", "**/*.mjs"], languageOptions: { globals: nodeGlobals } },
  {
    // The parser and the template catalog are pure: no database, no graph, no HTTP, no network.
    files: ["src/parse/**", "src/domain/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["typeorm", "typeorm/*", "type-graphql", "graphql", "@apollo/*", "express", "mysql2", "mysql2/*", "better-sqlite3", "dataloader"],
              message: "parse/ and domain/ are pure: they import nothing from the database, the graph or HTTP",
            },
            {
              group: [
                "**/entities",
                "**/entities/*",
                "**/db/*",
                "**/graph/*",
                "**/graph/**",
                "**/http/*",
                "**/ingest/*",
                "**/analytics/*",
                "**/services/*",
                "**/cli/*",
              ],
              message: "parse/ and domain/ are pure: they import only from domain/ (and parse/ from itself)",
            },
          ],
        },
      ],
    },
  },
  prettier,
);
