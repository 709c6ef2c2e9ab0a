import { readFileSync } from "node:fs";
import type { Plugin } from "esbuild";
import { defineConfig } from "tsup";
import { parse } from "yaml";

/**
 * `import spec from "spec-summaries"` in the CLI: each tag's description and each CRM
 * operation's tag and one-line summary, read from the bundled spec at build time, for
 * `onlyoffice-crm help`. Only the CLI bundle carries it; the library's entries never import it.
 */
const specSummaries: Plugin = {
  name: "spec-summaries",
  setup(build) {
    build.onResolve({ filter: /^spec-summaries$/ }, () => ({
      path: "spec-summaries",
      namespace: "spec-summaries",
    }));
    build.onLoad({ filter: /.*/, namespace: "spec-summaries" }, () => {
      const spec = parse(readFileSync("openapi/onlyoffice-crm.yaml", "utf8"));
      const tags: Record<string, string> = {};
      for (const tag of spec.tags ?? []) tags[tag.name] = tag.description ?? "";
      const operations: Record<string, [tag: string, summary: string]> = {};
      for (const [path, item] of Object.entries<Record<string, any>>(spec.paths ?? {})) {
        // Sign-in and the batch endpoint are not client methods; people/@self, files/… are.
        if (path.startsWith("/api/2.0/authentication") || path === "/api/2.0/batch") continue;
        for (const operation of Object.values(item)) {
          if (operation?.operationId) {
            operations[operation.operationId] = [
              operation.tags?.[0] ?? "",
              operation.summary ?? "",
            ];
          }
        }
      }
      return { contents: JSON.stringify({ tags, operations }), loader: "json" };
    });
  },
};

export default defineConfig([
  // The library: two entries, each as ESM (.mjs) and CommonJS (.cjs), with .d.mts/.d.cts types.
  {
    entry: { index: "src/index.ts", "testing/index": "src/testing/index.ts" },
    format: ["esm", "cjs"],
    outExtension: ({ format }) => ({ js: format === "esm" ? ".mjs" : ".cjs" }),
    dts: true,
    // Both configs build at once: keep the CLI's output out of this one's clean.
    clean: ["!cli.cjs"],
    target: "es2022",
    sourcemap: false,
    splitting: false,
  },
  // The `onlyoffice-crm` command (package.json `bin`): one CommonJS file with a shebang.
  {
    entry: { cli: "src/cli/index.ts" },
    format: ["cjs"],
    outExtension: () => ({ js: ".cjs" }),
    banner: { js: "#!/usr/bin/env node" },
    dts: false,
    clean: false,
    target: "node20",
    platform: "node",
    sourcemap: false,
    splitting: false,
    esbuildPlugins: [specSummaries],
  },
]);
