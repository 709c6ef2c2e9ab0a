import { defineConfig } from "tsup";

// Two entries, each as ESM (.mjs) and CommonJS (.cjs), with matching .d.mts/.d.cts types.
export default defineConfig({
  entry: { index: "src/index.ts", "testing/index": "src/testing/index.ts" },
  format: ["esm", "cjs"],
  outExtension: ({ format }) => ({ js: format === "esm" ? ".mjs" : ".cjs" }),
  dts: true,
  clean: true,
  target: "es2022",
  sourcemap: false,
  splitting: false,
});
