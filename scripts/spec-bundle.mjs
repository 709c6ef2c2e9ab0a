// Bundles the spec's sources into the one document the package publishes and everything else
// reads (openapi/onlyoffice-crm.yaml): openapi/shared.yaml (info, security, the components that
// several parts use) and one file per part of the portal in openapi/parts/ (its tag, its paths,
// the components only it uses), in file-name order. A part refers to any component as
// `#/components/...`, which resolves in the bundle; Redocly then lints the bundle.
// Fails on a path, operation or component defined twice. `--check` writes nothing and fails when
// the committed bundle is not what the sources give.
import { readFile, readdir, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import * as prettier from "prettier";
import { isMap, parseDocument, YAMLMap, YAMLSeq } from "yaml";

const root = fileURLToPath(new URL("..", import.meta.url));
const out = `${root}openapi/onlyoffice-crm.yaml`;
const banner = `# Bundled by \`npm run spec:bundle\` from openapi/shared.yaml and openapi/parts/*.yaml.
# Do not edit by hand: edit those, then bundle.
`;

async function load(file) {
  const doc = parseDocument(await readFile(file, "utf8"));
  if (doc.errors.length) throw new Error(`${file}: ${doc.errors[0].message}`);
  return doc;
}

/** Appends `from`'s entries to the map at `keys` of `into`, refusing a key already there. */
function merge(into, keys, from, where) {
  if (!from) return;
  if (!isMap(from)) throw new Error(`${where}: ${keys.join(".")} must be a map`);
  if (!into.hasIn(keys)) into.setIn(keys, new YAMLMap());
  const target = into.getIn(keys);
  for (const pair of from.items) {
    // Two parts may share a path (`history/category`: its list in history, its writes in
    // setup): their operations merge, each defined once.
    if (keys.length === 1 && keys[0] === "paths" && target.has(pair.key.value)) {
      merge(into, ["paths", pair.key.value], pair.value, where);
      continue;
    }
    if (target.has(pair.key.value)) {
      throw new Error(`${where}: ${[...keys, pair.key.value].join(".")} is defined twice`);
    }
    target.items.push(pair);
  }
}

export async function bundle() {
  const doc = await load(`${root}openapi/shared.yaml`);
  doc.set("tags", new YAMLSeq());
  const files = (await readdir(`${root}openapi/parts`)).filter((f) => f.endsWith(".yaml")).sort();
  for (const file of files) {
    const where = `openapi/parts/${file}`;
    const part = await load(`${root}${where}`);
    for (const key of part.contents.items.map((pair) => String(pair.key.value))) {
      if (!["tags", "paths", "components"].includes(key)) {
        throw new Error(`${where}: a part holds only tags, paths and components, not ${key}`);
      }
    }
    doc.get("tags").items.push(...(part.get("tags")?.items ?? []));
    merge(doc, ["paths"], part.get("paths"), where);
    for (const kind of part.get("components")?.items ?? []) {
      merge(doc, ["components", kind.key.value], kind.value, where);
    }
  }
  // The keys in the usual order: header, tags, paths, components.
  const order = ["openapi", "info", "servers", "security", "tags", "paths", "components"];
  const rank = ({ key }) => order.indexOf(String(key?.value ?? key));
  doc.contents.items.sort((a, b) => rank(a) - rank(b));
  const options = (await prettier.resolveConfig(out)) ?? {};
  return prettier.format(banner + doc.toString({ lineWidth: 0 }), { ...options, filepath: out });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    const source = await bundle();
    if (process.argv.includes("--check")) {
      if ((await readFile(out, "utf8").catch(() => "")) !== source) {
        console.error(
          "openapi/onlyoffice-crm.yaml is stale: run `npm run spec:bundle` and commit it",
        );
        process.exitCode = 1;
      } else console.log("openapi/onlyoffice-crm.yaml matches its sources");
    } else {
      await writeFile(out, source);
      console.log(`bundled openapi/onlyoffice-crm.yaml (${Buffer.byteLength(source)} bytes)`);
    }
  } catch (error) {
    console.error(`npm run spec:bundle: ${error.message}`);
    process.exitCode = 1;
  }
}
