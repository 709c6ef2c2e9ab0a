// `npm run docs [out-dir]`: the reference documentation, written to docs/ (git-ignored).
// - <out>/api/index.html: the spec rendered by Redoc as ONE self-contained file (--inlineBundle:
//   scripts and styles inside, nothing fetched from a CDN when it is opened).
// - <out>/reference/: TypeDoc for the package's entries (src/index.ts and the fake portal,
//   src/testing/index.ts), with the parts' pages (docs/*.md, from npm run docs:parts) beside it.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const out = resolve(process.argv[2] ?? `${root}docs`);
const bin = (name) => `${root}node_modules/.bin/${name}`;

function run(step, command, args) {
  const started = Date.now();
  const result = spawnSync(command, args, {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, REDOCLY_TELEMETRY: "off" },
  });
  if (result.status !== 0)
    throw new Error(`${step} failed (exit ${result.status ?? result.signal})`);
  console.log(`✓ ${step} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
}

try {
  run("redocly build-docs", bin("redocly"), [
    "build-docs",
    "openapi/onlyoffice-crm.yaml",
    "--config",
    "redocly.yaml",
    "--inlineBundle",
    "--title",
    "ONLYOFFICE Workspace CRM API",
    "--output",
    `${out}/api/index.html`,
  ]);
  // --inlineBundle still leaves one request: Redoc's "API docs by" logo comes from a CDN at view
  // time. Point it at an empty inline SVG so that opening the file fetches nothing.
  const html = `${out}/api/index.html`;
  const emptySvg = "data:image/svg+xml,%3Csvg xmlns=%22http://www.w3.org/2000/svg%22/%3E";
  const cdnLogo = /https:\/\/cdn\.redoc\.ly\/redoc\/logo-mini(-full)?\.svg/g;
  const source = readFileSync(html, "utf8");
  writeFileSync(html, source.replace(cdnLogo, emptySvg));
  console.log(`✓ inlined ${source.match(cdnLogo)?.length ?? 0} CDN logo reference(s)`);

  // The facade is the package's public surface; until it exists there is nothing to document.
  if (existsSync(`${root}src/index.ts`)) {
    rmSync(`${out}/reference`, { recursive: true, force: true });
    // Options in typedoc.config.mjs; only the output directory is set here.
    run("typedoc", bin("typedoc"), [
      "--options",
      "typedoc.config.mjs",
      "--out",
      `${out}/reference`,
    ]);
  } else {
    console.warn("! typedoc skipped: src/index.ts does not exist yet");
  }
} catch (error) {
  console.error(`docs: ${error.message}`);
  process.exitCode = 1;
}
