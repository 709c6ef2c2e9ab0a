import { readdirSync, readFileSync } from "node:fs";
import type { Plugin } from "esbuild";
import { defineConfig } from "tsup";
import { parse } from "yaml";

/**
 * `import spec from "spec-summaries"` in the CLI: each tag's description and each
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
        // Sign-in (`authentication`) is no client method: `help` lists only parts with methods.
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
  // The library as ES modules, split so that each part of the portal is a module of its own
  // (a chunk): an app's bundler then drops whole the parts it does not use (package.json
  // `sideEffects: false`), whatever their top level holds. `parts/*` are entries only to make
  // those chunks; the package's exports name `index` and `testing/index`.
  {
    entry: {
      index: "src/index.ts",
      "testing/index": "src/testing/index.ts",
      ...Object.fromEntries(
        readdirSync("src/parts")
          .filter((file) => file.endsWith(".ts"))
          .map((file) => [`parts/${file.slice(0, -3)}`, `src/parts/${file}`]),
      ),
    },
    format: ["esm"],
    outExtension: () => ({ js: ".mjs" }),
    dts: { entry: { index: "src/index.ts", "testing/index": "src/testing/index.ts" } },
    // Both configs build at once: keep the others' output out of this one's clean.
    clean: ["!cli.cjs", "!**/*.cjs", "!**/*.d.ts"],
    target: "es2022",
    sourcemap: false,
    splitting: true,
  },
  // The library as CommonJS (.cjs, .d.cts types): one file per entry.
  {
    entry: { index: "src/index.ts", "testing/index": "src/testing/index.ts" },
    format: ["cjs"],
    outExtension: () => ({ js: ".cjs" }),
    dts: true,
    clean: false,
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
