// The pages under docs/: one per tag of the spec (docs/<tag>.md) and docs/index.md, rendered from
// the spec (tags, summaries, routes, x-retry, x-paged, x-refuses) and from the parts' lines (the
// `Area` objects: each method, the operation it calls through `of`, its `bound` values). Pure:
// scripts/part-docs.mjs loads the inputs and writes the files; test/part-docs.test.ts renders
// them again and fails when a committed page is stale.
"use strict";
const { readFileSync, readdirSync } = require("node:fs");
const { join } = require("node:path");

const PREFIX = "/api/2.0/crm/";
const VERBS = ["get", "put", "post", "delete", "patch"];

/** Every operation of the spec: operationId → { verb, path, op }. */
function specOperations(spec) {
  const found = {};
  for (const [path, item] of Object.entries(spec.paths ?? {})) {
    for (const verb of VERBS) {
      const op = item?.[verb];
      if (op?.operationId) found[op.operationId] = { verb, path, op };
    }
  }
  return found;
}

const refName = (ref) => ref.slice(ref.lastIndexOf("/") + 1);

/** The schema the envelope's `response` holds, as a name a reader knows (`Case`, `Case[]`). */
function typeName(spec, schema) {
  if (!schema) return "void";
  const union = (list) => list.map((s) => typeName(spec, s)).join(" | ");
  if (schema.$ref) {
    const name = refName(schema.$ref);
    const target = spec.components?.schemas?.[name];
    // Unions and scalars behind a name read better as what they are.
    if (target && !target.properties && (target.oneOf || target.anyOf)) {
      return union(target.oneOf ?? target.anyOf);
    }
    if (target && !target.properties && target.type && target.type !== "object") {
      return typeName(spec, target);
    }
    return name;
  }
  if (schema.oneOf || schema.anyOf) return union(schema.oneOf ?? schema.anyOf);
  if (schema.allOf?.length === 1) return typeName(spec, schema.allOf[0]);
  if (schema.type === "array") {
    const item = typeName(spec, schema.items);
    return item.includes("|") ? `(${item})[]` : `${item}[]`;
  }
  if (schema.type === "integer") return "number";
  return schema.type ?? "object";
}

const code = (text) => `\`${text.replace(/\|/g, "\\|")}\``;

/** What an operation's 2xx answer resolves to, unwrapped from the envelope. */
function resolvesTo(spec, op) {
  const ok = Object.entries(op.responses ?? {}).find(([status]) => /^2/.test(status));
  if (!ok) return "nothing";
  let response = ok[1];
  if (response.$ref) response = spec.components?.responses?.[refName(response.$ref)] ?? {};
  let schema = response.content?.["application/json"]?.schema;
  if (!schema) return "nothing";
  schema = resolved(spec, schema);
  if (schema.allOf) {
    schema = {
      properties: Object.assign({}, ...schema.allOf.map((s) => resolved(spec, s).properties)),
    };
  }
  const inner = schema.properties?.response ?? schema;
  if (op["x-paged"]) {
    const item = typeName(
      spec,
      resolved(spec, inner).type === "array" ? resolved(spec, inner).items : inner,
    );
    return `a page of ${code(item)}, or all (\`for await\`)`;
  }
  return code(typeName(spec, inner));
}

function resolved(spec, schema) {
  return schema?.$ref ? (spec.components?.schemas?.[refName(schema.$ref)] ?? {}) : (schema ?? {});
}

/** `name(a, b?)` for every method signature of the interfaces in src/parts/*.ts. */
function methodSignatures(root) {
  const ts = require("typescript");
  const dir = join(root, "src/parts");
  const signatures = {};
  const returns = {};
  for (const file of readdirSync(dir).filter((name) => name.endsWith(".ts"))) {
    const source = ts.createSourceFile(
      file,
      readFileSync(join(dir, file), "utf8"),
      ts.ScriptTarget.Latest,
    );
    source.forEachChild(function visit(node) {
      if (ts.isInterfaceDeclaration(node)) {
        for (const member of node.members) {
          if (!ts.isMethodSignature(member) || !member.name) continue;
          const params = member.parameters
            .map((p) => `${p.name.getText(source)}${p.questionToken ? "?" : ""}`)
            .filter((p) => !/^options\??$/.test(p));
          const name = member.name.getText(source);
          signatures[name] = `${name}(${params.join(", ")})`;
          returns[name] = member.type?.getText(source).replace(/\s+/g, " ");
        }
      }
    });
  }
  return { signatures, returns };
}

/** What a method's declared return type says it resolves to (for `after` and composites). */
function declared(type) {
  if (!type) return "see its JSDoc";
  const paged = /^PagedList<(.*)>$/.exec(type);
  if (paged) return `a page of ${code(paged[1])}, or all (\`for await\`)`;
  const promise = /^Promise<(.*)>$/.exec(type);
  return code(promise ? promise[1] : type);
}

/** Markdown-safe text in a table cell. */
const cell = (text) =>
  String(text)
    .replace(/\s*\n\s*/g, " ")
    .replace(/\|/g, "\\|")
    .trim();

/** The page's file name: `custom fields` → `custom-fields`. */
const slug = (tag) =>
  tag
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");

const title = (tag) => tag.charAt(0).toUpperCase() + tag.slice(1).replace(/-/g, " ");

const RETRY =
  "_Retry_: **any** = retried after connection errors, time-outs, 408, 429 and 5xx (repeating it is " +
  "harmless); **refused** = only after 429, or 503 with `Retry-After` (the portal refused it before " +
  "it ran; after a time-out or another 5xx it may already have taken effect, so it is not repeated).";

/**
 * The pages: `{ "index.md": …, "<tag>.md": … }`, unformatted (scripts/part-docs.mjs runs them
 * through prettier). `areas`: `{ exportName: Area }` for every part of the client.
 */
function renderPartDocs({ spec, areas, signatures, returns = {} }) {
  const operations = specOperations(spec);
  // method → { part, operationId, bound }
  const methods = [];
  const aliases = {};
  // One part may be exported under two names (`caseTags`, kept for its users, is `tags`): its
  // methods are listed once, under the name of its tag when it has one, else its shortest.
  const byArea = new Map();
  for (const [name, area] of Object.entries(areas)) {
    byArea.set(area, [...(byArea.get(area) ?? []), name]);
  }
  const camel = (tag) => tag.replace(/[^a-zA-Z0-9]+(\w)/g, (_, c) => c.toUpperCase());
  for (const [area, names] of byArea) {
    const first = Object.keys(area.operations ?? {})[0];
    const tag = first && operations[first]?.op.tags?.[0];
    const part =
      names.find((name) => tag && name === camel(tag)) ??
      [...names].sort((a, b) => a.length - b.length)[0];
    const alias = names.filter((name) => name !== part);
    if (alias.length) aliases[part] = alias;
    const names_ = new Set([
      ...Object.keys(area.lines ?? {}),
      ...Object.keys(area.composites ?? {}),
    ]);
    for (const method of names_) {
      // A composite that has a line of its own name makes that request among others.
      const composite = !area.lines?.[method];
      const operationId = composite ? undefined : (area.of?.[method] ?? method);
      methods.push({ part, method, operationId, bound: area.bound?.[method] ?? {}, area });
    }
  }
  const tags = (spec.tags ?? []).map((tag) => tag.name);
  const tagOf = (operationId) => operations[operationId]?.op.tags?.[0];
  const pages = {};
  const index = [];
  const readme = [];
  for (const tag of tags) {
    const tagInfo = spec.tags.find((t) => t.name === tag);
    const ids = Object.keys(operations)
      .filter((id) => tagOf(id) === tag)
      .sort();
    // A composite's page is that of its part's other methods.
    const mine = methods.filter((m) =>
      m.operationId
        ? tagOf(m.operationId) === tag
        : Object.values(m.area.operations ?? {}).length &&
          tagOf(Object.keys(m.area.operations)[0]) === tag,
    );
    const parts = [...new Set(mine.map((m) => m.part))];
    const lines = [`# ${title(tag)}`, ""];
    lines.push(
      `${cell(tagInfo.description ?? "")} ${
        parts.length
          ? `The methods are on \`createCrmClient()\`; ${parts
              .map((p) => `\`createCrmClientFor([${p}])\``)
              .join(
                " or ",
              )} gives a client with ${parts.length > 1 ? "each part's" : "these"} alone.`
          : "No method of a part calls these operations (the package's functions, such as `signIn`, do)."
      }${parts
        .filter((p) => aliases[p])
        .map(
          (p) =>
            ` (${aliases[p].map((a) => `\`${a}\``).join(", ")} is the same part, by another name.)`,
        )
        .join(
          "",
        )}${mine.length ? ` Routes are under \`${PREFIX}\`.` : ""} This page is generated from the spec and the parts' lines (\`npm run docs:parts\`).`,
      "",
    );
    if (mine.length) {
      lines.push(
        "| method | does | route (operation) | resolves to | retry | refuses before sending, and why |",
        "| --- | --- | --- | --- | --- | --- |",
      );
      for (const m of [...mine].sort((a, b) => a.method.localeCompare(b.method))) {
        const signature = signatures[m.method] ?? `${m.method}(…)`;
        const bound = Object.entries(m.bound)
          .map(([k, v]) => `\`${k}=${v}\``)
          .join(", ");
        if (!m.operationId) {
          lines.push(
            `| \`${signature}\` | several requests (see its JSDoc) | – | ${declared(returns[m.method])} | – | – |`,
          );
          continue;
        }
        const { verb, path, op } = operations[m.operationId] ?? {};
        if (!op) throw new Error(`${m.method} calls ${m.operationId}, which is not in the spec`);
        let route = path.startsWith(PREFIX) ? path.slice(PREFIX.length) : path;
        for (const [k, v] of Object.entries(m.bound)) route = route.replace(`{${k}}`, String(v));
        const refuses = (op["x-refuses"] ?? []).map(cell).join("<br>") || "–";
        lines.push(
          `| \`${signature}\`${bound ? `<br>sends ${bound}` : ""} | ${cell(op.summary ?? "")} | \`${verb.toUpperCase()} ${route}\` (\`${m.operationId}\`) | ${m.area.after?.[m.method] ? declared(returns[m.method]) : resolvesTo(spec, op)} | ${op["x-retry"] === "idempotent" ? "any" : "refused"} | ${refuses} |`,
        );
      }
      lines.push("", RETRY, "");
    }
    const reached = new Set(mine.map((m) => m.operationId));
    const bare = ids.filter((id) => !reached.has(id));
    if (bare.length) {
      lines.push(
        mine.length ? "Operations of this tag that no method of a part calls:" : "Its operations:",
        "",
        "| operation | does | route | resolves to | retry |",
        "| --- | --- | --- | --- | --- |",
      );
      for (const id of bare) {
        const { verb, path, op } = operations[id];
        lines.push(
          `| \`${id}\` | ${cell(op.summary ?? "")} | \`${verb.toUpperCase()} ${path}\` | ${resolvesTo(spec, op)} | ${op["x-retry"] === "idempotent" ? "any" : "refused"} |`,
        );
      }
      lines.push("");
    }
    pages[`${slug(tag)}.md`] = lines.join("\n");
    const summary = cell(tagInfo.description ?? "").split(/(?<=\.)\s/)[0];
    readme.push(
      `- **[${title(tag)}](docs/${slug(tag)}.md)**${parts.length ? ` (${parts.map((p) => `\`${p}\``).join(", ")})` : ""}: ${cell(tagInfo.description ?? "")}${
        mine.length
          ? ` ${mine.length} method${mine.length === 1 ? "" : "s"}: ${mine
              .slice(0, 4)
              .map((m) => `\`${m.method}\``)
              .join(", ")}${mine.length > 4 ? ", …" : "."}`
          : ` Operations: ${ids.map((id) => `\`${id}\``).join(", ")}.`
      }`,
    );
    index.push(
      `- [${title(tag)}](${slug(tag)}.md): ${summary} (${mine.length} method${mine.length === 1 ? "" : "s"}${
        parts.length ? `; ${parts.map((p) => `\`${p}\``).join(", ")}` : ""
      })`,
    );
  }
  pages.readmeParts = readme.join("\n");
  pages["index.md"] = [
    "# The parts of the portal",
    "",
    "One page per tag of the spec (`openapi/onlyoffice-crm.yaml`): each method, its route, what it " +
      "resolves to, its retry rule and what the client refuses before sending. Generated by " +
      "`npm run docs:parts`; a test fails when a page is stale.",
    "",
    ...index,
    "",
  ].join("\n");
  return pages;
}

/** The pages as committed: rendered, then formatted by prettier with the repository's settings. */
async function partDocs({ root, spec, areas }) {
  const prettier = require("prettier");
  const pages = renderPartDocs({ spec, areas, ...methodSignatures(root) });
  const formatted = {};
  const { readmeParts, ...files } = pages;
  for (const [name, text] of Object.entries(files)) {
    const filepath = join(root, "docs", name);
    const config = (await prettier.resolveConfig(filepath)) ?? {};
    formatted[name] = await prettier.format(text, { ...config, filepath });
  }
  return { pages: formatted, readmeParts };
}

const START = /<!-- parts:start[^>]*-->\n/;
const END = "<!-- parts:end -->";

/** The README with the generated list of parts between its markers. */
function withParts(readme, block) {
  const start = START.exec(readme);
  const end = readme.indexOf(END);
  if (!start || end < start.index)
    throw new Error("README.md lacks the <!-- parts:start --> markers");
  const from = start.index + start[0].length;
  return `${readme.slice(0, from)}\n${block}\n\n${readme.slice(end)}`;
}

/** The parts among a module's exports (`cases`, `caseTags`, …), by export name. */
function areasOf(exports) {
  return Object.fromEntries(
    Object.entries(exports).filter(
      ([, value]) => value && typeof value === "object" && value.operations && value.lines,
    ),
  );
}

module.exports = {
  slug,
  partDocs,
  withParts,
  areasOf,
  renderPartDocs,
  methodSignatures,
  specOperations,
  resolvesTo,
};
