// `npm run docs:parts [-- --check]`: writes docs/<tag>.md (one page per tag of the spec) and
// docs/index.md from openapi/onlyoffice-crm.yaml and the parts' lines (the Areas src/index.ts
// exports); --check fails, writing nothing, when a committed page differs. See part-docs.cjs.
import { buildSync } from "esbuild";
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import YAML from "yaml";

const root = fileURLToPath(new URL("..", import.meta.url));
const require = createRequire(import.meta.url);
const { partDocs, areasOf, withParts } = require("./part-docs.cjs");

// The parts are TypeScript: bundle the public entry in memory and load it as CommonJS.
const bundle = buildSync({
  entryPoints: [`${root}src/index.ts`],
  bundle: true,
  write: false,
  platform: "node",
  format: "cjs",
  logLevel: "error",
});
const module = { exports: {} };
new Function("module", "exports", "require", bundle.outputFiles[0].text)(
  module,
  module.exports,
  require,
);

const spec = YAML.parse(readFileSync(`${root}openapi/onlyoffice-crm.yaml`, "utf8"));
const { pages, readmeParts } = await partDocs({ root, spec, areas: areasOf(module.exports) });
const readmeFile = `${root}README.md`;
const readme = readFileSync(readmeFile, "utf8");
const newReadme = withParts(readme, readmeParts);
const dir = `${root}docs`;
// A generated page of a tag the spec no longer has is stale too; hand-written pages (cli.md) stay.
const committed = existsSync(dir) ? readdirSync(dir).filter((name) => name.endsWith(".md")) : [];
const gone = committed.filter(
  (name) =>
    !(name in pages) && readFileSync(`${dir}/${name}`, "utf8").includes("npm run docs:parts"),
);

if (process.argv.includes("--check")) {
  const stale = [
    ...Object.keys(pages).filter(
      (name) =>
        !existsSync(`${dir}/${name}`) || readFileSync(`${dir}/${name}`, "utf8") !== pages[name],
    ),
    ...gone,
    ...(readme === newReadme ? [] : ["README.md (its list of parts)"]),
  ];
  if (stale.length) {
    console.error(`docs: stale ${stale.join(", ")}: run npm run docs:parts`);
    process.exit(1);
  }
  console.log(`docs: ${Object.keys(pages).length} pages up to date`);
} else {
  mkdirSync(dir, { recursive: true });
  for (const name of gone) rmSync(`${dir}/${name}`);
  for (const [name, text] of Object.entries(pages)) writeFileSync(`${dir}/${name}`, text);
  writeFileSync(readmeFile, newReadme);
  console.log(`docs: wrote ${Object.keys(pages).join(", ")}`);
}
