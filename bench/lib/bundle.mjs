// Bundle size of the apps in bench/apps/: esbuild, browser platform, tree-shaking, minified, then
// gzip level 9 (what size-limit's esbuild+file plugins do, without their empty-project offset).
import { spawnSync } from "node:child_process";
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
    label: "this package, a Cases client (createCrmClientFor([cases]) + reopenCase)",
    entry: "bench/apps/reopen-case.mjs",
  },
  {
    key: "facade-all",
    label: "this package, every part (createCrmClient + reopenCase)",
    entry: "bench/apps/reopen-case-all.mjs",
  },
];

/** How every app is bundled: what a browser app's bundler would do to it. */
export const APP_BUILD = {
  bundle: true,
  write: false,
  minify: true,
  treeShaking: true,
  platform: "browser",
  format: "esm",
  target: "es2022",
  logLevel: "error",
};

export async function bundleSize(entry, { resolveDir = root } = {}) {
  const result = await esbuild.build({ ...APP_BUILD, entryPoints: [join(resolveDir, entry)] });
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

/**
 * The figures the CI budget itself reads: `size-limit --json` on `.size-limit.cjs` (its esbuild
 * settings and its empty-project offset), so the bench never disagrees with `npm run size`.
 */
export function sizeLimitChecks() {
  const run = spawnSync(join(root, "node_modules/.bin/size-limit"), ["--json"], {
    cwd: root,
    encoding: "utf8",
  });
  try {
    return JSON.parse(run.stdout).map(({ name, size, sizeLimit, passed }) => ({
      name,
      size,
      sizeLimit,
      passed,
    }));
  } catch {
    throw new Error(`size-limit --json failed (exit ${run.status}): ${run.stderr || run.stdout}`);
  }
}
