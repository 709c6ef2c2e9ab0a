// `npm run check:publish`: what `npm publish` would upload is exactly the list below, no file more
// or less. Adding a file to the package (a new entry point, a second spec) means adding it here.
//
// It builds dist/, then asks `npm publish --dry-run --json` (which uploads nothing). If that fails
// for a reason that has nothing to do with the files (the registry's state: say, this version
// already published), it falls back to `npm pack --dry-run --json`, which lists the same files
// offline, and says so.
import { execFileSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));

// One pattern per file; `*` stands for tsup's content hash in shared chunk names.
const expected = [
  "CHANGELOG.md",
  "LICENSE",
  "README.md",
  "package.json",
  "openapi/onlyoffice-crm.yaml",
  "dist/index.cjs",
  "dist/index.mjs",
  "dist/index.d.ts",
  "dist/index.d.mts",
  "dist/testing/index.cjs",
  "dist/testing/index.mjs",
  "dist/testing/index.d.ts",
  "dist/testing/index.d.mts",
  "dist/cli.cjs",
  "dist/schema-*.d.ts",
  "dist/schema-*.d.mts",
  // The ES modules' parts (tsup.config.ts): one module per part of the portal.
  ...readdirSync(`${root}src/parts`)
    .filter((file) => file.endsWith(".ts"))
    .map((file) => `dist/parts/${file.slice(0, -3)}.mjs`),
];
// Patterns that match one file or more: the chunks the ES modules share.
const several = ["dist/chunk-*.mjs"];

const npm = (args) =>
  execFileSync("npm", args, { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });

npm(["run", "-s", "build"]);

let source = "npm publish --dry-run";
let output;
try {
  output = npm(["publish", "--dry-run", "--json", "--ignore-scripts"]);
} catch (error) {
  // With --json, npm reports the error on stdout as { error: { summary } }.
  let reason = String(error.stderr || error.message).trim();
  try {
    reason = JSON.parse(error.stdout).error.summary;
  } catch {}
  console.warn(`check:publish: npm publish --dry-run failed (${reason}); using npm pack --dry-run`);
  source = "npm pack --dry-run";
  output = npm(["pack", "--dry-run", "--json", "--ignore-scripts"]);
}

// publish prints { name: manifest }, pack prints [manifest].
const parsed = JSON.parse(output);
const manifest = Array.isArray(parsed) ? parsed[0] : Object.values(parsed)[0];
const shipped = manifest.files.map((file) => file.path).sort();

const toRegExp = (pattern) =>
  new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, "[^/]+")}$`);
const problems = [];
for (const pattern of expected) {
  const matches = shipped.filter((path) => toRegExp(pattern).test(path));
  if (matches.length !== 1) {
    problems.push(
      `expected exactly one file for ${pattern}, found ${matches.length ? matches.join(", ") : "none"}`,
    );
  }
}
for (const pattern of several) {
  if (!shipped.some((path) => toRegExp(pattern).test(path))) {
    problems.push(`expected files for ${pattern}, found none`);
  }
}
for (const path of shipped) {
  if (![...expected, ...several].some((pattern) => toRegExp(pattern).test(path))) {
    problems.push(`unexpected file in the package: ${path}`);
  }
}

if (problems.length) {
  console.error(`check:publish: ${source} lists ${shipped.length} files:`);
  for (const problem of problems) console.error(`  - ${problem}`);
  console.error("Fix `files` in package.json, or update the list in scripts/check-publish.mjs.");
  process.exit(1);
}
const kB = (bytes) => (bytes / 1024).toFixed(1);
console.log(
  `check:publish: ${source} ships the ${shipped.length} expected files ` +
    `(${manifest.name}@${manifest.version}, ${kB(manifest.size)} kB packed, ${kB(manifest.unpackedSize)} kB unpacked)`,
);
