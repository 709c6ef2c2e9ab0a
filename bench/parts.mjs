// `npm run bench:parts`: what each part of the portal costs an app. For every part listed in
// src/client.ts (ALL_AREAS), an app that makes a client of that part alone
// (`createCrmClientFor([part])`) is bundled from dist/ as a browser app's bundler would
// (bench/lib/bundle.mjs) and gzipped; beside it, its operations and the bytes per operation over
// an empty client's. Prints a Markdown table for BENCHMARKS.md.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { bundleSize } from "./lib/bundle.mjs";
import { ensureBuilt, root } from "./lib/common.mjs";

ensureBuilt();
const list = /ALL_AREAS = \[([^\]]*)\]/.exec(readFileSync(join(root, "src/client.ts"), "utf8"))[1];
const parts = list
  .split(",")
  .map((name) => name.trim())
  .filter(Boolean);
const dir = join(root, ".tmp/bench/parts");
mkdirSync(dir, { recursive: true });

/** The gzipped bundle of an app whose client holds `areas` (an expression). */
async function appSize(name, areas, imports) {
  const file = join(dir, `${name}.mjs`);
  writeFileSync(
    file,
    `import { createCrmClientFor${imports.map((i) => `, ${i}`).join("")} } from "${join(root, "dist/index.mjs")}";\n` +
      `const crm = createCrmClientFor(${areas}, { baseUrl: "https://portal.example.com", token: "TOKEN" });\n` +
      `console.log(Object.keys(crm).length);\n`,
  );
  return (await bundleSize(file, { resolveDir: "/" })).gzip;
}

const { createCrmClientFor, ...exported } = await import(join(root, "dist/index.mjs"));
const empty = await appSize("empty", "[]", []);
const rows = [];
for (const part of parts) {
  const area = exported[part];
  const methods = Object.keys(
    createCrmClientFor([area], { baseUrl: "https://p.example.com", token: "T" }),
  ).length;
  const operations = Object.keys(area.operations).length;
  const gzip = await appSize(part, `[${part}]`, [part]);
  rows.push({ part, operations, methods, gzip, per: (gzip - empty) / operations });
}
const all = await appSize("all", `[${parts.join(", ")}]`, parts);
const total = rows.reduce((sum, row) => sum + row.operations, 0);
console.log(
  `| part (createCrmClientFor([part])) | operations | methods (with what it needs) | gzipped | over an empty client, per operation |`,
);
console.log(`| --- | ---: | ---: | ---: | ---: |`);
console.log(`| (none: an empty client) | 0 | 0 | ${empty} B | |`);
for (const r of rows)
  console.log(
    `| \`${r.part}\` | ${r.operations} | ${r.methods} | ${r.gzip} B | ${r.per.toFixed(0)} B |`,
  );
console.log(`| every part | ${total} | | ${all} B | ${((all - empty) / total).toFixed(0)} B |`);
