// `npm run spec:validate [spec.yaml [out-dir]]`: the spec must also work with OpenAPI Generator, the most
// widely used generator, not only with openapi-typescript. Validates the spec, generates a
// typescript-fetch client into .tmp/typescript-fetch, type-checks it, and checks that every
// `x-enum-varnames` survived (a generator that ignores them emits `NUMBER_1` and friends).
// Expects the JAR in place (`npm run spec:jar`, which the npm script runs first).
import { spawnSync } from "node:child_process";
import { readFileSync, rmSync, existsSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import YAML from "yaml";

const root = fileURLToPath(new URL("..", import.meta.url));
const spec = resolve(process.argv[2] ?? `${root}openapi/onlyoffice-crm.yaml`);
const out = resolve(process.argv[3] ?? `${root}.tmp/typescript-fetch`);
const bin = (name) => `${root}node_modules/.bin/${name}`;

function run(step, command, args, { quiet = false } = {}) {
  const started = Date.now();
  const result = spawnSync(command, args, { cwd: root, encoding: "utf8" });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (result.status !== 0) {
    process.stdout.write(result.stdout ?? "");
    process.stderr.write(result.stderr ?? "");
    throw new Error(`${step} failed (exit ${result.status ?? result.signal})`);
  }
  if (!quiet) process.stdout.write(result.stdout);
  console.log(`✓ ${step} (${seconds} s)`);
}

// Each x-enum-varnames name must appear in the generated model as `Name: value`.
function checkEnums() {
  const doc = YAML.parse(readFileSync(spec, "utf8"));
  const problems = [];
  let checked = 0;
  for (const [name, schema] of Object.entries(doc.components?.schemas ?? {})) {
    const names = schema["x-enum-varnames"];
    if (!Array.isArray(schema.enum)) continue;
    const file = `${out}/models/${name}.ts`;
    const source = existsSync(file) ? readFileSync(file, "utf8") : "";
    if (!source) problems.push(`${name}: no generated model at ${file}`);
    else if (/\bNUMBER_/.test(source)) problems.push(`${name}: generated names are NUMBER_n`);
    if (!Array.isArray(names)) {
      problems.push(`${name}: integer enum without x-enum-varnames`);
      continue;
    }
    schema.enum.forEach((value, i) => {
      const expected = `${names[i]}: ${JSON.stringify(value)}`;
      if (!source.includes(expected)) problems.push(`${name}: missing \`${expected}\``);
    });
    checked += 1;
  }
  if (checked === 0) problems.push("no enum schema found to check");
  if (problems.length > 0) throw new Error(`enum names lost:\n  ${problems.join("\n  ")}`);
  console.log(`✓ enum names intact in ${checked} generated enums`);
}

try {
  run("openapi-generator validate", bin("openapi-generator-cli"), [
    "validate",
    "-i",
    spec,
    "--recommend",
  ]);
  rmSync(out, { recursive: true, force: true });
  run(
    "openapi-generator generate typescript-fetch",
    bin("openapi-generator-cli"),
    ["generate", "-g", "typescript-fetch", "-i", spec, "-o", out, "--skip-validate-spec"],
    { quiet: true },
  );
  // The generated client is ES module code for browsers and Node 18+; check it as such.
  run("tsc on the typescript-fetch client", bin("tsc"), [
    "--noEmit",
    "--strict",
    "--skipLibCheck",
    "--target",
    "ES2022",
    "--module",
    "ES2022",
    "--moduleResolution",
    "bundler",
    "--lib",
    "ES2022,DOM",
    `${out}/index.ts`,
  ]);
  checkEnums();
} catch (error) {
  console.error(`spec:validate: ${error.message}`);
  process.exitCode = 1;
}
