// Turns the spec's CRM operations into the table of generated/operations.ts, from which the
// facade builds one method per operation (src/client.ts). STRICT, like the validator table: an
// operation it cannot describe fails generation with its location.
// CommonJS so that both scripts/generate.mjs and the jest tests can load it.
//
// One row per operation, keyed by its operationId, as compact as a bundle wants it (the table of
// every part is the largest thing the all-parts client holds):
//   [path, flags, response, query?]
//   path      the route below `/api/2.0/` (`crm/case/{caseid}/reopen`): every route shares it
//   flags     IDEMPOTENT (1): `x-retry: idempotent`, retried after any retryable failure;
//             otherwise (`x-retry: refused-only`) only when the portal refused it before it ran
//             (429, or 503 with Retry-After). PAGED (2): `x-paged: true`, a list read page by page
//             with `startIndex` and `count`. FORM (4): the body is `multipart/form-data` (a file
//             upload), sent as FormData; otherwise it is one JSON object. The method, times 8:
//             `flags >> 3` indexes METHODS (GET 0, PUT 1, DELETE 2, POST 3), so `flags & 8` is a
//             method with a body (PUT, POST).
//   response  the validator table node for the envelope's `response` (generated/validate.ts)
//   query     PUT and POST: the names that go into the query string, when there are any; every
//             other name that is not a `{name}` of the path goes into the body. GET and DELETE
//             have no body: every name that is not in the path goes into the query string.
const { SpecError, Ref, tableBuilder, nodeSource } = require("./validator-table.cjs");

const SIGN_IN = "/api/2.0/authentication";
const BATCH = "/api/2.0/batch";
const METHODS = ["get", "put", "post", "delete"];
// The method's number in a row's flags (times 8): PUT and POST, the methods with a body, are odd.
const METHOD_BITS = { get: 0, put: 8, delete: 16, post: 24 };
const PREFIX = "/api/2.0/";
const RETRY = { idempotent: 1, "refused-only": 0 };
const PAGED = 2;
const FORM = 4;
const BODY_TYPES = { "application/json": 0, "multipart/form-data": FORM };
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

function resolve(spec, node, where) {
  if (!node?.$ref) return node;
  const parts = String(node.$ref).replace(/^#\//, "").split("/");
  const found = parts.reduce((at, key) => at?.[key], spec);
  if (found === undefined) throw new SpecError(where, `unresolved $ref ${node.$ref}`);
  return resolve(spec, found, where);
}

/** The 2xx JSON schema's `response` property (the envelope's payload). */
function responseSchema(spec, operation, where) {
  const ok = Object.entries(operation.responses ?? {}).filter(([code]) => /^2\d\d$/.test(code));
  if (ok.length !== 1) throw new SpecError(where, "needs exactly one 2xx response");
  const [code, answer] = ok[0];
  const schema = resolve(spec, resolve(spec, answer, where)?.content?.["application/json"]?.schema);
  const payload = schema?.properties?.response;
  if (!payload) {
    throw new SpecError(
      `${where}/responses/${code}`,
      "the JSON answer must be an envelope with `response`",
    );
  }
  return payload;
}

/**
 * The rows of the table, and the validator builder that knows every schema they use.
 * @param {any} spec the parsed OpenAPI document
 */
function operationsTable(spec) {
  const builder = tableBuilder(spec);
  const rows = [];
  const seen = new Set();
  for (const [path, item] of Object.entries(spec.paths ?? {})) {
    for (const method of METHODS) {
      const operation = item?.[method];
      if (!operation) continue;
      const id = operation.operationId;
      const where = `#/paths/${path.replace(/\//g, "~1")}/${method}`;
      if (typeof id !== "string" || !IDENTIFIER.test(id) || seen.has(id)) {
        throw new SpecError(where, "needs a unique operationId that is an identifier");
      }
      seen.add(id);
      const node = builder.convert(responseSchema(spec, operation, where), `${where} response`);
      if (path.startsWith(SIGN_IN)) continue; // sign-in: src/core/auth.ts, not a client method
      if (path === BATCH) continue; // crm.batch: src/core/batch.ts, not a method of its own

      const retry = operation["x-retry"];
      if (!Object.hasOwn(RETRY, retry)) {
        throw new SpecError(where, "`x-retry` must be `idempotent` or `refused-only`");
      }
      const params = [...(item.parameters ?? []), ...(operation.parameters ?? [])].map((p, i) =>
        resolve(spec, p, `${where}/parameters/${i}`),
      );
      const inPath = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      for (const p of params) {
        if (!["path", "query"].includes(p.in)) {
          throw new SpecError(
            where,
            `parameter ${p.name}: only path and query parameters are supported`,
          );
        }
        if ((p.in === "path") !== inPath.includes(p.name)) {
          throw new SpecError(
            where,
            `parameter ${p.name} is in: ${p.in} but the path says otherwise`,
          );
        }
      }
      const query = params.filter((p) => p.in === "query").map((p) => p.name);
      if (!path.startsWith(PREFIX))
        throw new SpecError(where, `the path must start with ${PREFIX}`);
      let body = [];
      let form = 0;
      if (operation.requestBody) {
        if (method === "get" || method === "delete") {
          throw new SpecError(where, "a GET or DELETE cannot have a body");
        }
        const content = resolve(spec, operation.requestBody, where).content ?? {};
        const [type, ...others] = Object.keys(content);
        const schema = resolve(spec, content[type]?.schema, where);
        if (others.length || !Object.hasOwn(BODY_TYPES, type) || schema?.type !== "object") {
          throw new SpecError(
            where,
            "a request body must be one JSON object, or one multipart/form-data object",
          );
        }
        form = BODY_TYPES[type];
        body = Object.keys(schema.properties ?? {});
        const both = body.find((name) => query.includes(name) || inPath.includes(name));
        if (both) throw new SpecError(where, `${both} is both in the body and a parameter`);
      }
      const paged = operation["x-paged"] === true;
      if (paged && !(query.includes("startIndex") && query.includes("count"))) {
        throw new SpecError(where, "`x-paged` needs the query parameters startIndex and count");
      }
      const tag = operation.tags?.[0];
      if (typeof tag !== "string")
        throw new SpecError(where, "needs a tag: it names the part of the portal");
      rows.push({
        id,
        group: groupName(tag),
        tag,
        method,
        path,
        flags: RETRY[retry] | (paged ? PAGED : 0) | form | METHOD_BITS[method],
        node,
        body,
        query,
      });
    }
  }
  return { rows, builder };
}

/** The const of a tag's operations: `custom fields` → `customFieldsOperations`. */
function groupName(tag) {
  const words = tag.split(/[^A-Za-z0-9]+/).filter(Boolean);
  return (
    words.map((w, i) => (i ? w[0].toUpperCase() + w.slice(1) : w.toLowerCase())).join("") +
    "Operations"
  );
}

/** The TypeScript body of generated/operations.ts. */
function operationsTableSource(rows) {
  const names = new Set();
  const collect = (node) => {
    if (node instanceof Ref) names.add(node.name);
    else if (node && typeof node === "object") Object.values(node).forEach(collect);
  };
  rows.forEach((row) => collect(row.node));
  const groups = new Map();
  for (const row of rows) groups.set(row.group, [...(groups.get(row.group) ?? []), row]);
  const row = ({ id, path, flags, node, query }) => {
    const cells = [JSON.stringify(path.slice(PREFIX.length)), flags, nodeSource(node)];
    if (flags & 8 && query.length) cells.push(JSON.stringify(query));
    return `  ${id}: [${cells.join(", ")}],`;
  };
  const tables = [...groups].map(
    ([group, members]) =>
      `/** The operations tagged \`${members[0].tag}\`. */\n// prettier-ignore\nexport const ${group} = {\n${members.map(row).join("\n")}\n} as const satisfies Record<string, Operation>;`,
  );
  return `import type { Schema } from "../src/core/validate";
import { ${[...names].sort().join(", ")} } from "./validate";

/** \`flags\`: retried after any retryable failure (\`x-retry: idempotent\`). */
export const IDEMPOTENT = 1;
/** \`flags\`: a list read page by page with \`startIndex\` and \`count\` (\`x-paged\`). */
export const PAGED = 2;
/** \`flags\`: the body is \`multipart/form-data\` (a file upload), sent as FormData. */
export const FORM = 4;
/** \`flags >> 3\`: the method. PUT and POST (\`flags & 8\`) send a body. */
export const METHODS = ["GET", "PUT", "DELETE", "POST"] as const;
/** Where every path of the table starts. */
export const API = "${PREFIX}";

/**
 * One operation: its path below \`API\`, flags (with the method), the schema of the envelope's
 * \`response\`, and for PUT and POST the names that go into the query string (the others of
 * the wire go into the body; GET and DELETE send every name not in the path in the query).
 */
export type Operation = readonly [
  path: string,
  flags: number,
  response: Schema,
  query?: readonly string[],
];

// One table per tag, so that an app bundles only the parts of the portal it uses.
${tables.join("\n\n")}

/** Every CRM operation's name. (No object of them all: it would keep every table in every bundle.) */
export type OperationId = ${[...groups.keys()].map((g) => `keyof typeof ${g}`).join(" | ")};
`;
}

module.exports = { operationsTable, operationsTableSource };
