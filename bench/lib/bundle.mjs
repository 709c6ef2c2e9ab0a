// Bundle size of the apps in bench/apps/: esbuild, browser platform, tree-shaking, minified, then
// gzip level 9 (what size-limit's esbuild+file plugins do, without their empty-project offset).
import { gzipSync } from "node:zlib";
import { join } from "node:path";
import * as esbuild from "esbuild";
import { ensureBuilt, root } from "./common.mjs";

export const APPS = [
  { key: "raw", label: "raw fetch", entry: "bench/apps/raw-fetch.mjs" },
  {
    key: "openapi-fetch",
    label: "openapi-fetch alone (createClient + PUT)",
    entry: "bench/apps/openapi-fetch.mjs",
  },
  {
    key: "facade",
    label: "this package (createCrmClient + reopenCase)",
    entry: "bench/apps/reopen-case.mjs",
  },
];

export async function bundleSize(entry, { resolveDir = root } = {}) {
  const result = await esbuild.build({
    entryPoints: [join(resolveDir, entry)],
    bundle: true,
    write: false,
    minify: true,
    treeShaking: true,
    platform: "browser",
    format: "esm",
    target: "es2022",
    logLevel: "error",
  });
  const code = result.outputFiles[0].contents;
  return { minified: code.length, gzip: gzipSync(code, { level: 9 }).length };
}

/** Sizes of every app; `extra` adds `{ key, label, entry, resolveDir }` rows (the generated client). */
export async function measureBundles(extra = []) {
  ensureBuilt();
  const rows = [];
  for (const app of [...APPS, ...extra])
    rows.push({ ...app, ...(await bundleSize(app.entry, app)) });
  return rows;
}
