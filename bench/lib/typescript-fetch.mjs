// The OpenAPI Generator `typescript-fetch` client for the same spec, for comparison. Generated
// with the pinned JAR into .tmp/bench-typescript-fetch/ (ignored), bundled for Node with esbuild,
// and regenerated only when the spec or the generator changes (Java takes ~10 s here).
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import * as esbuild from "esbuild";
import { root } from "./common.mjs";

const outDir = join(root, ".tmp/bench-typescript-fetch");
const srcDir = join(outDir, "src");
const bundle = join(outDir, "client.mjs");
const stampFile = join(outDir, "stamp");

function generatorJar() {
  const config = JSON.parse(readFileSync(join(root, "openapitools.json"), "utf8"))["generator-cli"];
  return { version: config.version, jar: join(root, config.storageDir, `${config.version}.jar`) };
}

/**
 * Resolves to `{ module, version }` with the bundled client's exports (CasesApi, Configuration),
 * or `{ skipped: reason }` when Java or the JAR is not there.
 */
export async function loadTypescriptFetch() {
  const { version, jar } = generatorJar();
  const java = spawnSync("java", ["-version"], { stdio: "ignore" });
  if (java.error || java.status !== 0) return { skipped: "java not found on PATH" };
  if (!existsSync(jar))
    return { skipped: `${jar.slice(root.length)} missing: run npm run spec:jar` };

  const spec = join(root, "openapi/onlyoffice-crm.yaml");
  const stamp = createHash("sha256")
    .update(readFileSync(spec))
    .update(`${version}:${esbuild.version}`)
    .digest("hex");
  if (!existsSync(bundle) || !existsSync(stampFile) || readFileSync(stampFile, "utf8") !== stamp) {
    console.error(
      `bench: generating the typescript-fetch client with OpenAPI Generator ${version}`,
    );
    rmSync(outDir, { recursive: true, force: true });
    mkdirSync(outDir, { recursive: true });
    const run = spawnSync(
      "java",
      [
        "-jar",
        jar,
        "generate",
        "-g",
        "typescript-fetch",
        "-i",
        spec,
        "-o",
        srcDir,
        "--additional-properties=supportsES6=true",
      ],
      { encoding: "utf8" },
    );
    if (run.status !== 0) return { skipped: `generator failed: ${run.stderr || run.stdout}` };
    await esbuild.build({
      entryPoints: [join(srcDir, "index.ts")],
      outfile: bundle,
      bundle: true,
      platform: "node",
      format: "esm",
      target: "es2022",
      logLevel: "error",
    });
    writeFileSync(stampFile, stamp);
  }
  return { module: await import(pathToFileURL(bundle).href), version, srcDir };
}
