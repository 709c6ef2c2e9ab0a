import { defineConfig } from "tsup";

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
  },
]);
