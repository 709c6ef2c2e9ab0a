// Holds the spec against the server's routes (openapi/server-routes.json, written by
// scripts/server-routes.mjs). `coverage(spec, routes, exceptions)` is pure: it reads the three
// parsed documents and returns the figures and every difference, as one line each.
//
// The rules (test/coverage.test.ts runs them on the committed files):
// - every server route is a spec operation with the same verb and path (route constraints aside;
//   the spec writes `{name}`), or is listed in `notCovered`; a listed route the spec covers is a
//   difference too (the list is stale);
// - every spec operation under /api/2.0/crm/ is a server route;
// - every parameter of the server's method is in the spec where the server reads it (facts §0.5):
//   a route value as a `path` parameter; on GET a `query` parameter; on other verbs a property of
//   the JSON request body or a `query` parameter (the server reads the query first, then the
//   body). Or it is listed in `neverSent` with the reason the client never sends it;
// - every spec parameter and body property is a parameter of the server's method, read from
//   there, or one of the values the framework reads from the query string on every route
//   (CONTEXT below); those are never read from a body;
// - names match case-insensitively, as the server matches them (route values, the query string
//   and the flattened JSON body all land in one case-insensitive NameValueCollection), so the
//   spec's case is free; two spec names that differ only in case are a difference;
// - the `response` of each success answer is an array when the server returns a collection and
//   an object otherwise, and has the members the wrapper sends under their wire names, no others
//   (a derived wrapper's members are allowed: the runtime type decides), `required` exactly when
//   the server always sends it (not EmitDefaultValue=false) unless `alwaysSet` names the member
//   with the reason it is never null or 0; a member `neverSet` names (with the reason it is never
//   assigned) stays out of the spec; members that hold a wrapper are checked the same way.
"use strict";

/** Values `ApiContext` reads from the query string for every route (ASC.Api/Impl/ApiContext.cs:48-90). */
const CONTEXT = [
  "count",
  "startIndex",
  "sortBy",
  "sortOrder",
  "filterBy",
  "filterOp",
  "filterValue",
  "updatedSince",
  "fields",
  "type",
];
const PREFIX = "/api/2.0/crm/";
const VERBS = ["get", "post", "put", "delete", "patch"];

const lower = (s) => s.toLowerCase();
/** `GET case/{caseid}` for a route or an operation (path parameter names kept). */
const routeKey = (verb, path) => `${verb.toUpperCase()} ${path.slice(PREFIX.length)}`;
/** The same with path parameter names dropped, to match the two sides. */
const shapeKey = (verb, path) => `${verb.toUpperCase()} ${path.replace(/\{[^}]*\}/g, "{}")}`;

function resolver(spec) {
  const deref = (node) => {
    let seen = 0;
    while (node && typeof node === "object" && typeof node.$ref === "string") {
      if (++seen > 20) throw new Error(`$ref loop at ${node.$ref}`);
      const parts = node.$ref.replace(/^#\//, "").split("/");
      node = parts.reduce(
        (n, p) => (n == null ? n : n[p.replace(/~1/g, "/").replace(/~0/g, "~")]),
        spec,
      );
    }
    return node;
  };
  return deref;
}

/**
 * The shapes a schema may take, each as { array, properties, required, ref } with allOf merged and
 * oneOf/anyOf split into variants (a `null` variant is dropped).
 */
function variants(schema, deref, ref) {
  const s = deref(schema);
  ref = schema && schema.$ref ? schema.$ref : ref;
  if (!s || typeof s !== "object") return [];
  if (s.nullable === true && Array.isArray(s.enum) && s.enum.length === 1 && s.enum[0] === null)
    return [];
  const alternatives = s.oneOf || s.anyOf;
  if (alternatives) {
    return alternatives.flatMap((alt) => variants(alt, deref, alt.$ref));
  }
  if (s.allOf) {
    let acc = [
      { array: false, items: undefined, properties: {}, required: new Set(), ref, typed: false },
    ];
    for (const part of s.allOf) {
      const next = [];
      for (const a of acc)
        for (const v of variants(part, deref)) {
          next.push({
            array: a.array || v.array,
            items: a.items || v.items,
            properties: { ...a.properties, ...v.properties },
            required: new Set([...a.required, ...v.required]),
            ref,
            typed: a.typed || v.typed,
            type: a.type || v.type,
          });
        }
      acc = next;
    }
    // Properties and required listed beside allOf.
    return acc.map((a) => ({
      ...a,
      properties: { ...a.properties, ...(s.properties || {}) },
      required: new Set([...a.required, ...(s.required || [])]),
    }));
  }
  if (s.type === "array") {
    return [
      {
        array: true,
        items: s.items,
        properties: {},
        required: new Set(),
        ref,
        typed: true,
        type: "array",
      },
    ];
  }
  return [
    {
      array: false,
      items: undefined,
      properties: s.properties || {},
      required: new Set(s.required || []),
      ref,
      typed: Boolean(s.type || s.properties),
      type: s.type || (s.properties ? "object" : undefined),
    },
  ];
}

const PRIMITIVE_TYPES = {
  bool: "boolean",
  Boolean: "boolean",
  string: "string",
  String: "string",
  Guid: "string",
  ApiDateTime: "string",
  DateTime: "string",
  int: "integer",
  Int32: "integer",
  long: "integer",
  Int64: "integer",
  short: "integer",
  decimal: "number",
  Decimal: "number",
  double: "number",
  Double: "number",
  float: "number",
};

/**
 * @param {any} spec the parsed bundled spec (openapi/onlyoffice-crm.yaml)
 * @param {any} server the parsed openapi/server-routes.json
 * @param {any} exceptions the parsed openapi/coverage-exceptions.yaml
 * @returns {{ total: number, covered: number, differences: string[] }}
 */
function coverage(spec, server, exceptions) {
  const deref = resolver(spec);
  const differences = [];
  const say = (line) => differences.push(line);
  const notCovered = { ...(exceptions.notCovered || {}) };
  const neverSent = exceptions.neverSent || {};
  const alwaysSet = exceptions.alwaysSet || {};
  const neverSet = exceptions.neverSet || {};
  // Routes whose method may return null, which the portal sends as `{}`: the wrapper's members
  // cannot be required in the spec there (`GET report/status` once the job was handed out).
  const mayBeEmpty = exceptions.mayBeEmpty || {};
  const renamed = exceptions.renamedRouteValues || {};
  const used = new Set();

  // The spec's operations under /api/2.0/crm/, by shape.
  const operations = new Map();
  for (const [path, item] of Object.entries(spec.paths || {})) {
    if (!path.startsWith(PREFIX)) continue;
    for (const verb of VERBS) {
      if (!item[verb]) continue;
      operations.set(shapeKey(verb, path), { path, verb, item, op: item[verb], matched: false });
    }
  }

  let covered = 0;
  for (const route of server.routes) {
    const key = routeKey(route.verb, route.openapiPath);
    let found = operations.get(shapeKey(route.verb, route.openapiPath));
    // Two server routes of one shape (`contact/{contactid}/data/{id}` and `…/{infoType}`, told
    // apart by a constraint): the operation with the other names covers the other route only.
    if (found && found.path !== route.openapiPath && key in notCovered) found = undefined;
    if (!found) {
      if (!(key in notCovered))
        say(
          `${key}: a server route (${route.method}, ${route.source}) the spec lacks and coverage-exceptions.yaml does not list`,
        );
      continue;
    }
    found.matched = true;
    covered++;
    if (key in notCovered)
      say(
        `${key}: covered by operation ${found.op.operationId}, but still listed in notCovered (stale)`,
      );
    const label = `${key} (${found.op.operationId})`;
    let checked = route;
    if (found.path !== route.openapiPath) {
      if (!(key in renamed)) {
        say(`${label}: path parameters differ: spec ${found.path}, server ${route.openapiPath}`);
      } else {
        // OpenAPI holds one name per path: the spec's name at the same place stands for the
        // server's (both read the same route value).
        used.add(`renamedRouteValues ${key}`);
        const names = (path) => [...path.matchAll(/\{([^}]*)\}/g)].map((m) => m[1]);
        const spec = names(found.path);
        const rename = new Map(names(route.openapiPath).map((n, i) => [lower(n), spec[i]]));
        const as = (n) => rename.get(lower(n)) ?? n;
        checked = {
          ...route,
          params: route.params.map((p) => (p.in === "route" ? { ...p, name: as(p.name) } : p)),
          routeParams: route.routeParams.map((r) => ({ ...r, name: as(r.name) })),
        };
      }
    } else if (key in renamed) say(`renamedRouteValues ${key}: not needed (stale)`);
    checkParameters(checked, found, label);
    checkResponse(route, found, label);
  }
  for (const key of Object.keys(notCovered)) {
    const [verb, path] = key.split(" ");
    if (!server.routes.some((r) => r.verb === verb && r.openapiPath === PREFIX + path)) {
      say(`${key}: listed in notCovered but the server has no such route`);
    }
  }
  for (const o of operations.values()) {
    if (!o.matched)
      say(
        `${routeKey(o.verb, o.path)} (${o.op.operationId}): a spec operation with no server route`,
      );
  }
  for (const key of Object.keys(neverSent))
    if (!used.has(`neverSent ${key}`)) say(`neverSent ${key}: not needed (stale)`);
  for (const key of Object.keys(alwaysSet))
    if (!used.has(`alwaysSet ${key}`)) say(`alwaysSet ${key}: not needed (stale)`);
  for (const key of Object.keys(mayBeEmpty))
    if (!used.has(`mayBeEmpty ${key}`)) say(`mayBeEmpty ${key}: not needed (stale)`);
  for (const key of Object.keys(neverSet))
    if (!used.has(`neverSet ${key}`)) say(`neverSet ${key}: not needed (stale)`);

  return { total: server.routes.length, covered, differences: [...new Set(differences)] };

  function checkParameters(route, found, label) {
    const params = [...(found.item.parameters || []), ...(found.op.parameters || [])].map(deref);
    const byIn = (where) => params.filter((p) => p.in === where);
    const body = bodyProperties(found.op);
    const names = new Map();
    for (const [where, list] of [
      ["path", byIn("path").map((p) => p.name)],
      ["query", byIn("query").map((p) => p.name)],
      ["body", body ? Object.keys(body) : []],
    ]) {
      for (const n of list) {
        const k = `${where} ${lower(n)}`;
        if (names.has(k))
          say(`${label}: ${where} names ${names.get(k)} and ${n} differ only in case`);
        names.set(k, n);
      }
    }
    const has = (where, name) => names.has(`${where} ${lower(name)}`);

    // Every server parameter where the server reads it.
    for (const p of route.params) {
      const where =
        p.in === "route"
          ? has("path", p.name)
          : p.in === "query"
            ? has("query", p.name)
            : has("body", p.name) || has("query", p.name);
      if (where) continue;
      const ex = neverSentKey(route, p.name);
      if (ex) {
        used.add(`neverSent ${ex}`);
        continue;
      }
      const wanted =
        p.in === "route"
          ? "a path parameter"
          : p.in === "query"
            ? "a query parameter"
            : "a body property or a query parameter";
      say(
        `${label}: server parameter ${p.name} (${p.csType}, read from ${p.in}) is not ${wanted} in the spec, nor in neverSent`,
      );
    }
    // Every spec name on the server, where the server reads it.
    const server = new Map(route.params.map((p) => [lower(p.name), p]));
    for (const n of byIn("path").map((p) => p.name)) {
      const p = server.get(lower(n));
      if (!p || p.in !== "route") {
        // A route value the server ignores but the path needs (`stage/{id}`: the method reads stageid).
        if ((route.unboundRouteValues || []).some((u) => lower(u) === lower(n))) continue;
        if (!route.routeParams.some((r) => lower(r.name) === lower(n)))
          say(`${label}: path parameter ${n} is not a route value`);
        else
          say(
            `${label}: path parameter ${n} is a route value no parameter of ${route.method} takes (the server ignores it)`,
          );
      }
    }
    for (const n of byIn("query").map((p) => p.name)) {
      const p = server.get(lower(n));
      if (p && p.in === "route")
        say(`${label}: query parameter ${n} is a route value (the route wins)`);
      else if (!p && !CONTEXT.some((c) => lower(c) === lower(n)))
        say(`${label}: query parameter ${n} is not a parameter of ${route.method}`);
    }
    for (const n of body ? Object.keys(body) : []) {
      const p = server.get(lower(n));
      if (route.verb === "GET")
        say(`${label}: a GET reads no body, but the spec has body property ${n}`);
      else if (!p) {
        const context = CONTEXT.some((c) => lower(c) === lower(n));
        say(
          `${label}: body property ${n} is not a parameter of ${route.method}${context ? " (the framework reads it from the query string only)" : ""}`,
        );
      } else if (p.in === "route")
        say(`${label}: body property ${n} is a route value (the route wins)`);
    }
    for (const p of byIn("header").concat(byIn("cookie")))
      say(`${label}: ${p.in} parameter ${p.name} is read by no server method`);
  }

  function neverSentKey(route, name) {
    const key = routeKey(route.verb, route.openapiPath);
    for (const k of [`${key} ${name}`, name]) {
      if (Object.keys(neverSent).some((x) => x === k)) return k;
    }
    const ci = Object.keys(neverSent).find(
      (x) => lower(x) === lower(`${key} ${name}`) || lower(x) === lower(name),
    );
    return ci;
  }

  function bodyProperties(op) {
    const rb = deref(op.requestBody);
    if (!rb) return undefined;
    // A JSON object, or a multipart/form-data one (a file upload).
    const media =
      rb.content && (rb.content["application/json"] || rb.content["multipart/form-data"]);
    if (!media) return undefined;
    const props = {};
    for (const v of variants(media.schema, deref)) Object.assign(props, v.properties);
    return props;
  }

  function checkResponse(route, found, label) {
    const responses = found.op.responses || {};
    const success = Object.keys(responses).filter((s) => /^2\d\d$/.test(s));
    if (success.length === 0) return say(`${label}: no success response`);
    for (const status of success) {
      const r = deref(responses[status]);
      const media = r.content && r.content["application/json"];
      if (!media) {
        say(`${label}: ${status} has no application/json body`);
        continue;
      }
      for (const envelope of variants(media.schema, deref)) {
        const schema = envelope.properties.response;
        if (!schema) {
          say(`${label}: ${status} envelope has no response member`);
          continue;
        }
        const key = routeKey(route.verb, route.openapiPath);
        if (key in mayBeEmpty) used.add(`mayBeEmpty ${key}`);
        compareValue(
          route.returns,
          schema,
          `${label} ${status} response`,
          new Set(),
          key in mayBeEmpty,
        );
      }
    }
  }

  /** A value the server sends (a `returns` or a member) against the spec's schema for it. */
  function compareValue(value, schema, where, seen, empty = false) {
    if (value.void) return; // the server answers {}; nothing to compare
    const shapes = variants(schema, deref);
    if (shapes.length === 0) return;
    for (const shape of shapes) {
      if (!shape.typed) continue; // `{}`: anything
      if (Boolean(value.collection) !== shape.array) {
        say(
          `${where}: the server sends ${value.collection ? "an array" : "a single value"} (${value.csType || "?"}), the spec ${shape.array ? "an array" : "a single value"}`,
        );
        continue;
      }
      if (shape.array) {
        compareValue({ ...value, collection: false }, shape.items, `${where}[]`, seen);
        continue;
      }
      if (value.primitive) {
        const t = PRIMITIVE_TYPES[value.primitive];
        if (t && shape.type && shape.type !== t && !(t === "integer" && shape.type === "number")) {
          say(`${where}: the server sends ${value.primitive} (${t}), the spec ${shape.type}`);
        }
        continue;
      }
      if (value.enum) {
        if (shape.type && shape.type !== "integer")
          say(
            `${where}: the server sends enum ${value.enum} as an integer, the spec ${shape.type}`,
          );
        continue;
      }
      if (value.wrapper) compareWrapper(value.wrapper, shape, where, seen, empty);
    }
  }

  function compareWrapper(name, shape, where, seen, empty = false) {
    const wrapper = server.wrappers[name];
    if (!wrapper || !Array.isArray(wrapper.members)) return; // an interface: the runtime type decides
    const visit = `${name} ${shape.ref || where}`;
    if (seen.has(visit)) return;
    seen = new Set(seen).add(visit);
    const allowed = new Set(wrapper.members.map((m) => m.name));
    const derived = (n) => (server.wrappers[n] && server.wrappers[n].derived) || [];
    for (const queue = [...derived(name)]; queue.length;) {
      const d = queue.shift();
      for (const m of (server.wrappers[d] && server.wrappers[d].members) || []) allowed.add(m.name);
      queue.push(...derived(d));
    }
    const props = new Map(Object.keys(shape.properties).map((p) => [p, p]));
    for (const m of wrapper.members) {
      const key = `${m.declaredBy}.${m.csName}`;
      const spec = props.get(m.name);
      if (spec === undefined) {
        if (key in neverSet) used.add(`neverSet ${key}`);
        else say(`${where}: member ${m.name} (${key}) is missing`);
        continue;
      }
      if (key in neverSet)
        say(
          `${where}: member ${m.name} is in the spec, but neverSet says the server never sends it (${key})`,
        );
      const required = shape.required.has(m.name);
      if (!m.omittedWhenDefault && !required && !empty)
        say(`${where}: member ${m.name} is always sent (${key}) but not required`);
      if (m.omittedWhenDefault && required) {
        if (key in alwaysSet) used.add(`alwaysSet ${key}`);
        else
          say(
            `${where}: member ${m.name} is left out when default (${key}: EmitDefaultValue=false) but required, and alwaysSet does not list it`,
          );
      }
      compareValue(m, shape.properties[spec], `${where}.${m.name}`, seen);
    }
    for (const p of props.keys()) {
      if (!allowed.has(p))
        say(
          `${where}: property ${p} is not a member of ${name}${derived(name).length ? " or its derived types" : ""}`,
        );
    }
  }
}

module.exports = { coverage, CONTEXT };
