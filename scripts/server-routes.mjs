#!/usr/bin/env node
// Reads a CommunityServer checkout and writes openapi/server-routes.json: every CRM route of the
// server with its verb, path, C# method, parameters (and where the server reads each one), and the
// wrapper it answers with, whose wire members are listed once in a `wrappers` table.
//
//   node scripts/server-routes.mjs <path-to-CommunityServer-checkout> [--tag v12.7.1] [--out FILE]
//
// Run by hand when the server changes (not in CI). It needs these folders of the checkout:
// module/ASC.Api, module/ASC.VoipService, web/studio/ASC.Web.Studio/Products/CRM,
// web/studio/ASC.Web.Studio/Products/Files/Services/DocumentService and …/Files/Core, web/core/ASC.Web.Core,
// common/ASC.Core.Common and common/ASC.Common (a partial checkout with only these is enough).
//
// This is not a C# parser: comments and strings are lexed properly, then declarations are found
// with regular expressions and brace matching. It fails loudly when a route or a type is not
// understood, so a server change that breaks it is noticed.
import { execFileSync } from "node:child_process";
import { readFileSync, readdirSync, statSync, writeFileSync, existsSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "..");

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { tag: { type: "string" }, out: { type: "string" } },
});
if (positionals.length !== 1) {
  console.error(
    "usage: node scripts/server-routes.mjs <CommunityServer checkout> [--tag TAG] [--out FILE]",
  );
  process.exit(2);
}
const checkout = resolve(positionals[0]);
const outFile = resolve(values.out ?? join(repo, "openapi/server-routes.json"));
const tag = values.tag ?? gitTag(checkout) ?? "v12.7.1";

const CONTROLLERS = "module/ASC.Api/ASC.Api.CRM";
// Where types are looked up, in the order used when two namespaces in scope declare the same name.
const TYPE_ROOTS = [
  "module/ASC.Api/ASC.Api.CRM",
  "module/ASC.Api/ASC.Api.Documents",
  "module/ASC.Api/ASC.Employee",
  "module/ASC.Api/ASC.Specific",
  "module/ASC.Api/ASC.Api",
  "module/ASC.VoipService",
  "web/studio/ASC.Web.Studio/Products/CRM",
  "web/studio/ASC.Web.Studio/Products/Files/Services/DocumentService",
  "web/studio/ASC.Web.Studio/Products/Files/Core",
  "web/core/ASC.Web.Core",
  "common/ASC.Core.Common",
  "common/ASC.Common",
];
const VERBS = { Create: "POST", Read: "GET", Update: "PUT", Delete: "DELETE" };
const COLLECTIONS = new Set([
  "IEnumerable",
  "ICollection",
  "IList",
  "List",
  "ItemList",
  "IReadOnlyList",
  "IReadOnlyCollection",
  "HashSet",
  "ISet",
]);
const PRIMITIVES = new Set(
  `bool Boolean byte Byte sbyte short Int16 ushort int Int32 uint UInt32 long Int64 ulong UInt64
   float Single double Double decimal Decimal char Char string String object Object Guid DateTime
   DateTimeOffset TimeSpan void Uri`.split(/\s+/),
);

function gitTag(dir) {
  try {
    return execFileSync("git", ["-C", dir, "describe", "--tags", "--exact-match"], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    }).trim();
  } catch {
    return undefined;
  }
}

const posix = (p) => p.split(sep).join("/");

function walk(dir, out = []) {
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    const st = statSync(full);
    if (st.isDirectory()) walk(full, out);
    else if (name.endsWith(".cs")) out.push(full);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Lexing: blank out comments (keeping newlines, so offsets and line numbers hold) and remember
// string literals, so that braces, parentheses and `//` inside strings cannot confuse the rest.

/** Returns the source with comments replaced by spaces and string contents replaced by `_`. */
function mask(src) {
  const out = src.split("");
  let i = 0;
  const blank = (from, to, keep) => {
    for (let k = from; k < to; k++) if (out[k] !== "\n" && out[k] !== "\r") out[k] = keep ?? " ";
  };
  while (i < src.length) {
    const c = src[i];
    const n = src[i + 1];
    if (c === "/" && n === "/") {
      const end = src.indexOf("\n", i);
      const stop = end === -1 ? src.length : end;
      blank(i, stop);
      i = stop;
    } else if (c === "/" && n === "*") {
      const end = src.indexOf("*/", i + 2);
      const stop = end === -1 ? src.length : end + 2;
      blank(i, stop);
      i = stop;
    } else if ((c === "@" && n === '"') || (c === "$" && n === "@" && src[i + 2] === '"')) {
      let j = src.indexOf('"', i) + 1;
      const start = j;
      while (j < src.length) {
        if (src[j] === '"' && src[j + 1] === '"') j += 2;
        else if (src[j] === '"') break;
        else j++;
      }
      blank(start, j, "_");
      i = j + 1;
    } else if (c === '"' || (c === "$" && n === '"')) {
      let j = src.indexOf('"', i) + 1;
      const start = j;
      while (j < src.length && src[j] !== '"') j += src[j] === "\\" ? 2 : 1;
      blank(start, j, "_");
      i = j + 1;
    } else if (c === "'") {
      let j = i + 1;
      while (j < src.length && src[j] !== "'") j += src[j] === "\\" ? 2 : 1;
      blank(i + 1, j, "_");
      i = j + 1;
    } else i++;
  }
  return out.join("");
}

function lineAt(src, offset) {
  let line = 1;
  for (let k = 0; k < offset; k++) if (src.charCodeAt(k) === 10) line++;
  return line;
}

/** Index of the bracket that closes the one at `open` (in masked text). */
function closing(text, open) {
  const pairs = { "(": ")", "{": "}", "[": "]", "<": ">" };
  const o = text[open];
  const c = pairs[o];
  let depth = 0;
  for (let k = open; k < text.length; k++) {
    if (text[k] === o) depth++;
    else if (text[k] === c && --depth === 0) return k;
  }
  throw new Error(`unbalanced ${o} at ${open}`);
}

/** Splits on commas that are not nested inside (), <>, [] or {}. */
function splitTop(text, by = ",") {
  const parts = [];
  let depth = 0;
  let from = 0;
  for (let k = 0; k < text.length; k++) {
    const ch = text[k];
    if ("(<[{".includes(ch)) depth++;
    else if (")>]}".includes(ch)) depth--;
    else if (ch === by && depth === 0) {
      parts.push(text.slice(from, k));
      from = k + 1;
    }
  }
  parts.push(text.slice(from));
  return parts.map((p) => p.trim()).filter((p) => p !== "");
}

/** Leading `[...]` attribute groups of a declaration, and the rest. */
function takeAttributes(text, original) {
  const attrs = [];
  let rest = text.trimStart();
  let offset = text.length - rest.length;
  while (rest.startsWith("[")) {
    const end = closing(rest, 0);
    attrs.push(...splitTop(original.slice(offset + 1, offset + end)));
    const after = rest.slice(end + 1);
    const trimmed = after.trimStart();
    offset += end + 1 + (after.length - trimmed.length);
    rest = trimmed;
  }
  return { attrs, rest, offset };
}

function attribute(attrs, name) {
  for (const a of attrs) {
    const m = /^([\w.]+)\s*(?:\(([\s\S]*)\))?$/.exec(a.trim());
    if (!m) continue;
    const short = m[1]
      .split(".")
      .pop()
      .replace(/Attribute$/, "");
    if (short !== name) continue;
    const args = { positional: [], named: {} };
    for (const arg of splitTop(m[2] ?? "")) {
      const kv = /^(\w+)\s*=\s*([\s\S]+)$/.exec(arg);
      const value = unquote(kv ? kv[2] : arg);
      if (kv) args.named[kv[1]] = value;
      else args.positional.push(value);
    }
    return args;
  }
  return undefined;
}

function unquote(v) {
  v = v.trim();
  let m = /^@"([\s\S]*)"$/.exec(v);
  if (m) return m[1].replace(/""/g, '"');
  m = /^"([\s\S]*)"$/.exec(v);
  if (m) return m[1].replace(/\\(.)/g, "$1");
  return v;
}

// ---------------------------------------------------------------------------------------------
// Types: every class, struct, interface and enum under TYPE_ROOTS, by namespace and name.

/** Newtonsoft's CamelCasePropertyNamesContractResolver (StringUtils.ToCamelCase). */
function camel(s) {
  if (!s || !/[A-Z]/.test(s[0])) return s;
  const chars = s.split("");
  const upper = (ch) => ch !== ch.toLowerCase() && ch === ch.toUpperCase();
  for (let i = 0; i < chars.length; i++) {
    if (i === 1 && !upper(chars[i])) break;
    const hasNext = i + 1 < chars.length;
    if (i > 0 && hasNext && !upper(chars[i + 1])) {
      if (chars[i + 1] === " ") chars[i] = chars[i].toLowerCase();
      break;
    }
    chars[i] = chars[i].toLowerCase();
  }
  return chars.join("");
}

function fileContext(masked, src) {
  const usings = [];
  const aliases = {};
  for (const m of masked.matchAll(/^\s*using\s+(?:(\w+)\s*=\s*)?([\w.]+)\s*;/gm)) {
    if (m[1]) aliases[m[1]] = m[2];
    else usings.push(m[2]);
  }
  void src;
  return { usings, aliases };
}

const types = new Map(); // "Namespace.Name" -> declaration
const byName = new Map(); // "Name" -> [declaration]

function indexTypes(file, rootRank) {
  const src = readFileSync(file, "utf8");
  const masked = mask(src);
  const ctx = fileContext(masked, src);
  const nsRe = /\bnamespace\s+([\w.]+)\s*\{/g;
  const namespaces = [];
  for (const m of masked.matchAll(nsRe)) {
    const open = m.index + m[0].length - 1;
    namespaces.push({ name: m[1], from: open, to: closing(masked, open) });
  }
  const declRe =
    /((?:\[[^\]]*\]\s*)*)((?:(?:public|internal|private|protected|static|abstract|sealed|partial|new)\s+)*)(class|struct|interface|enum)\s+(\w+)\s*(<[^>{]*>)?\s*(?::\s*([^{]+?))?\s*(?:where\s[^{]*)?\{/g;
  for (const m of masked.matchAll(declRe)) {
    const open = m.index + m[0].length - 1;
    const close = closing(masked, open);
    const ns = namespaces.filter((n) => n.from < m.index && m.index < n.to).pop();
    const attrText = src.slice(m.index, m.index + m[1].length);
    const attrs = [];
    for (const a of attrText.matchAll(/\[([^\]]*)\]/g)) attrs.push(...splitTop(a[1]));
    const decl = {
      name: m[4],
      generic: Boolean(m[5]),
      kind: m[3],
      namespace: ns?.name ?? "",
      file: posix(relative(checkout, file)),
      line: lineAt(src, m.index + m[1].length + m[2].length),
      bases: m[6] ? splitTop(m[6]).map((b) => b.replace(/\s+/g, "")) : [],
      dataContract: Boolean(attribute(attrs, "DataContract")),
      ctx,
      rank: rootRank,
      body: { src, masked, from: open + 1, to: close },
      nested: false,
    };
    // A type declared inside another type's body.
    for (const other of byName.values())
      for (const o of other)
        if (o.body.src === src && o.body.from < m.index && m.index < o.body.to) decl.nested = true;
    const key = `${decl.namespace}.${decl.name}`;
    if (!types.has(key) || types.get(key).rank > rootRank) types.set(key, decl);
    if (!byName.has(decl.name)) byName.set(decl.name, []);
    byName.get(decl.name).push(decl);
  }
}

/** Resolves a simple type name as C# would from `from` (a declaration or a file context). */
function resolveType(name, from) {
  const ctx = from.ctx;
  if (ctx.aliases[name]) {
    const full = ctx.aliases[name];
    return types.get(full) ?? byName.get(full.split(".").pop())?.[0];
  }
  if (name.includes(".")) {
    return types.get(name) ?? resolveType(name.split(".").pop(), from);
  }
  const candidates = [];
  const ns = from.namespace ?? "";
  const parts = ns.split(".");
  for (let k = parts.length; k >= 0; k--) {
    const t = types.get(`${parts.slice(0, k).join(".")}.${name}`);
    if (t) return t;
  }
  for (const u of ctx.usings) {
    const t = types.get(`${u}.${name}`);
    if (t) candidates.push(t);
  }
  if (candidates.length === 0) return undefined;
  candidates.sort((a, b) => a.rank - b.rank);
  return candidates[0];
}

// ---------------------------------------------------------------------------------------------
// Type expressions.

/** Parses `IEnumerable<Foo>`, `Foo[]`, `int?`, `Nullable<int>` into { text, name, args, array }. */
function parseType(text) {
  text = text.replace(/\s+/g, "");
  let nullable = false;
  let array = false;
  if (text.endsWith("[]")) {
    array = true;
    text = text.slice(0, -2);
  }
  if (text.endsWith("?")) {
    nullable = true;
    text = text.slice(0, -1);
  }
  const lt = text.indexOf("<");
  let name = text;
  let args = [];
  if (lt !== -1) {
    name = text.slice(0, lt);
    args = splitTop(text.slice(lt + 1, closing(text, lt))).map(parseType);
  }
  if (name === "Nullable" || name === "System.Nullable") return { ...args[0], nullable: true };
  return { name: name.split(".").pop(), qualified: name, args, array, nullable };
}

/** One spelling for a type expression: `IEnumerable<int>`, `KeyValuePair<int, string>`, `int?`. */
function normType(text) {
  return text
    .replace(/\s+/g, " ")
    .replace(/\s*([<\[])\s*/g, "$1")
    .replace(/\s*([>\]?])/g, "$1")
    .replace(/\s*,\s*/g, ", ")
    .trim();
}

/** The element type of a collection, or undefined when the type is not one. */
function elementOf(t) {
  if (t.array) return { ...t, array: false };
  if (COLLECTIONS.has(t.name) && t.args.length === 1) return t.args[0];
  return undefined;
}

function typeText(t) {
  let s = t.qualified ?? t.name;
  if (t.args?.length) s += `<${t.args.map(typeText).join(", ")}>`;
  if (t.nullable) s += "?";
  if (t.array) s += "[]";
  return s;
}

// ---------------------------------------------------------------------------------------------
// Wrappers: the wire members of a type, following its base classes.

const wrappers = new Map(); // name -> entry
const problems = [];

/** A reference to the type that holds values of `t`, recording it in `wrappers` when needed. */
function describeValue(t, from) {
  const element = elementOf(t);
  if (element) {
    const inner = describeValue(element, from);
    return { collection: true, ...inner };
  }
  if (PRIMITIVES.has(t.name)) return { primitive: t.name };
  if (t.name === "ApiDateTime") return { primitive: "ApiDateTime" };
  if (t.name === "KeyValuePair" || t.name === "Dictionary" || t.name === "IDictionary") {
    return { system: typeText(t) };
  }
  const decl = resolveType(t.qualified, from);
  if (!decl) {
    problems.push(`type ${typeText(t)} not found (from ${from.name ?? from.file})`);
    return { unresolved: typeText(t) };
  }
  if (decl.kind === "enum") return { enum: decl.name };
  const key = wrapperKey(decl);
  if (!wrappers.has(key)) {
    wrappers.set(key, null); // break cycles
    wrappers.set(key, describeWrapper(decl));
  }
  return { wrapper: key };
}

// Full names while collecting; shortened at the end where the short name is unique in the table.
function wrapperKey(decl) {
  return `${decl.namespace}.${decl.name}`;
}

function shortNames(keys) {
  const count = new Map();
  for (const k of keys) count.set(k.split(".").pop(), (count.get(k.split(".").pop()) ?? 0) + 1);
  return new Map(keys.map((k) => [k, count.get(k.split(".").pop()) > 1 ? k : k.split(".").pop()]));
}

function renameWrappers(value, names) {
  if (Array.isArray(value)) return value.map((v) => renameWrappers(v, names));
  if (value && typeof value === "object") {
    const out = {};
    for (const [k, v] of Object.entries(value)) {
      out[k] =
        k === "wrapper" && typeof v === "string"
          ? names.get(v)
          : k === "derived"
            ? v.map((d) => names.get(d))
            : renameWrappers(v, names);
    }
    return out;
  }
  return value;
}

function baseOf(decl) {
  for (const b of decl.bases) {
    const t = parseType(b);
    const d = resolveType(t.qualified, decl);
    if (d && d.kind === "class") return d;
  }
  return undefined;
}

/** Newtonsoft's DataContract detection also looks at base types. */
function isDataContract(decl) {
  for (let d = decl; d; d = baseOf(d)) if (d.dataContract) return true;
  return false;
}

function membersOf(decl) {
  const { src, masked, from, to } = decl.body;
  const members = [];
  let depth = 0;
  let start = from;
  for (let k = from; k < to; k++) {
    const ch = masked[k];
    if (ch === "{" || ch === "(" || ch === "[") {
      if (depth === 0 && ch === "{") {
        const header = masked.slice(start, k);
        const end = closing(masked, k);
        // `Type Name { get; set; }`: a property (no parameter list after the attributes).
        const { rest, offset } = takeAttributes(header, src.slice(start, k));
        if (!rest.includes("(") && !/\b(class|struct|interface|enum|operator|this)\b/.test(rest)) {
          members.push({ header, rest, offset: start + offset, start, kind: "property" });
        }
        k = end;
        // An initializer after the accessors: `{ get; set; } = new ...;`
        const after = /^\s*=[^;]*;/.exec(masked.slice(k + 1, to));
        if (after) k += after[0].length;
        start = k + 1;
        continue;
      }
      depth++;
    } else if (ch === "}" || ch === ")" || ch === "]") depth--;
    else if (ch === ";" && depth === 0) {
      const header = masked.slice(start, k);
      const { rest, offset } = takeAttributes(header, src.slice(start, k));
      const lambda = rest.indexOf("=>");
      const beforeInit = rest.split(/=(?!>)/)[0];
      if (lambda !== -1 && !beforeInit.slice(0, lambda).includes("(")) {
        members.push({
          header,
          rest: rest.slice(0, lambda),
          offset: start + offset,
          start,
          kind: "property",
        });
      } else if (
        !beforeInit.includes("(") &&
        !/\b(event|const|using|delegate)\b/.test(beforeInit)
      ) {
        members.push({ header, rest: beforeInit, offset: start + offset, start, kind: "field" });
      }
      start = k + 1;
    }
  }
  const result = [];
  for (const m of members) {
    const { attrs } = takeAttributes(m.header, src.slice(m.start, m.start + m.header.length));
    const words = m.rest.trim().replace(/\s+/g, " ");
    const dm =
      /^((?:(?:public|internal|private|protected|static|readonly|virtual|override|abstract|new|sealed|volatile)\s+)*)(.+?)\s+(\w+)$/.exec(
        normType(words),
      );
    if (!dm) {
      problems.push(`member not understood in ${decl.name}: ${words}`);
      continue;
    }
    const modifiers = dm[1].trim().split(/\s+/);
    result.push({
      csName: dm[3],
      type: dm[2].replace(/\s+/g, ""),
      isPublic: modifiers.includes("public"),
      isStatic: modifiers.includes("static") || modifiers.includes("const"),
      kind: m.kind,
      line: lineAt(src, m.offset),
      dataMember: attribute(attrs, "DataMember"),
      ignored: Boolean(
        attribute(attrs, "IgnoreDataMember") ||
        attribute(attrs, "JsonIgnore") ||
        attribute(attrs, "NonSerialized"),
      ),
    });
  }
  return result;
}

function describeWrapper(decl) {
  const entry = {
    csType: `${decl.namespace}.${decl.name}`,
    file: `${decl.file}:${decl.line}`,
    kind: decl.kind,
  };
  if (decl.kind === "interface") {
    entry.members = "unknown";
    entry.note = "an interface: the members sent are those of the object's runtime type";
    return entry;
  }
  const chain = [];
  for (let d = decl; d; d = baseOf(d)) chain.push(d);
  entry.bases = chain.slice(1).map((d) => `${d.namespace}.${d.name}`);
  const optIn = isDataContract(decl);
  entry.dataContract = optIn;
  if (!optIn) {
    entry.note =
      "not a [DataContract]: Json.NET sends every public instance property and field (camelCased); these are listed, but check them by hand";
  }
  const members = [];
  const seen = new Set();
  // Base members first, as Json.NET orders them when no Order is given.
  for (const d of chain.slice().reverse()) {
    for (const m of membersOf(d)) {
      if (m.isStatic || m.ignored) continue;
      if (optIn ? !m.dataMember : !m.isPublic) continue;
      const csName = m.csName;
      const wire = camel(m.dataMember?.named.Name ?? csName);
      if (seen.has(wire)) {
        // `new` or `override` in a subclass: keep the most derived declaration.
        members.splice(
          members.findIndex((x) => x.name === wire),
          1,
        );
      }
      seen.add(wire);
      const t = parseType(m.type);
      const member = {
        name: wire,
        csName,
        csType: m.type,
        ...describeValue(t, d),
        omittedWhenDefault: m.dataMember ? m.dataMember.named.EmitDefaultValue === "false" : false,
        declaredBy: d.name,
        declaredIn: `${d.file}:${m.line}`,
      };
      members.push(member);
    }
  }
  entry.members = members;
  const derived = [...byName.values()]
    .flat()
    .filter((d) => d.kind === "class" && d !== decl && baseOf(d) === decl)
    .map((d) => {
      // Derived types are described too, so that a check can accept their members.
      describeValue({ name: d.name, qualified: `${d.namespace}.${d.name}`, args: [] }, d);
      return wrapperKey(d);
    })
    .sort();
  if (derived.length) entry.derived = derived;
  return entry;
}

// ---------------------------------------------------------------------------------------------
// Routes.

function routeParams(path) {
  return [...path.matchAll(/\{(\w+)(?::([^}]*))?\}/g)].map((m) => ({
    name: m[1],
    constraint: m[2] ?? null,
  }));
}

function parseRoutes(file) {
  const src = readFileSync(file, "utf8");
  const masked = mask(src);
  const ctx = fileContext(masked, src);
  const nsMatch = /\bnamespace\s+([\w.]+)/.exec(masked);
  const from = { ctx, namespace: nsMatch?.[1] ?? "", file: posix(relative(checkout, file)) };
  const routes = [];
  const attrRe = /\[\s*(Create|Read|Update|Delete)\s*\(/g;
  for (const m of masked.matchAll(attrRe)) {
    const open = m.index + m[0].length - 1;
    const close = closing(masked, open);
    const args = splitTop(src.slice(open + 1, close)).map(unquote);
    const path = args[0];
    // The method that follows (possibly after more attributes).
    const after = masked.slice(masked.indexOf("]", close) + 1);
    const afterOffset = masked.length - after.length;
    const { rest, offset } = takeAttributes(after, src.slice(afterOffset));
    const sig =
      /^((?:(?:public|internal|private|protected|static|virtual|override|new)\s+)*)([\w.<>,?\[\]\s]+?)\s+(\w+)\s*\(/.exec(
        rest,
      );
    if (!sig) throw new Error(`no method after route ${path} in ${file}:${lineAt(src, m.index)}`);
    const methodOffset = afterOffset + offset;
    const parenOpen = methodOffset + sig[0].length - 1;
    const parenClose = closing(masked, parenOpen);
    const names = routeParams(path);
    const verb = VERBS[m[1]];
    const params = [];
    for (const p of splitTop(masked.slice(parenOpen + 1, parenClose))) {
      const pOffset = src.indexOf(p.slice(0, 10), parenOpen); // for the original default text
      void pOffset;
      const { attrs, rest: decl } = takeAttributes(p, p);
      const pm =
        /^((?:(?:params|ref|out|this|in)\s+)*)([\s\S]+?)\s+(\w+)\s*(?:=\s*([\s\S]+))?$/.exec(
          decl.trim(),
        );
      if (!pm) throw new Error(`parameter not understood: ${p} (${path})`);
      const type = normType(pm[2]);
      const name = pm[3];
      const inRoute = names.some((r) => r.name.toLowerCase() === name.toLowerCase());
      const param = {
        name,
        csType: type,
        in: inRoute ? "route" : verb === "GET" ? "query" : "body",
      };
      if (pm[4] !== undefined) {
        // Defaults are literals; take the original text (strings were masked).
        const text = src.slice(parenOpen + 1, parenClose);
        const dm = new RegExp(`\\b${name}\\s*=\\s*([^,)]+)`).exec(text);
        param.default = dm ? dm[1].trim() : pm[4].trim();
      }
      if (attrs.length) param.attributes = attrs;
      params.push(param);
    }
    // A route value no parameter takes (the server ignores it; e.g. `{id}` of
    // `opportunity/{opportunityid}/stage/{id}`, whose method reads `stageid`).
    const unbound = names
      .filter((r) => !params.some((p) => p.name.toLowerCase() === r.name.toLowerCase()))
      .map((r) => r.name);
    const ret = parseType(sig[2]);
    const returns = { csType: sig[2].replace(/\s+/g, " ").trim() };
    if (ret.name === "void") returns.void = true;
    else Object.assign(returns, describeValue(ret, from));
    routes.push({
      verb,
      path: `api/2.0/crm/${path}`,
      openapiPath: `/api/2.0/crm/${path.replace(/\{(\w+)(?::[^}]*)?\}/g, "{$1}")}`,
      routeParams: names,
      ...(unbound.length ? { unboundRouteValues: unbound } : {}),
      method: sig[3],
      source: `${posix(relative(checkout, file))}:${lineAt(src, m.index)}`,
      params,
      returns,
    });
  }
  return routes;
}

// ---------------------------------------------------------------------------------------------

for (const [rank, root] of TYPE_ROOTS.entries()) {
  const dir = join(checkout, root);
  if (!existsSync(dir)) {
    console.error(`missing ${root} in ${checkout}`);
    process.exit(1);
  }
  for (const file of walk(dir)) indexTypes(file, rank);
}

const controllerFiles = readdirSync(join(checkout, CONTROLLERS))
  .filter((f) => /^CRMApi\..+\.cs$/.test(f))
  .sort();
const routes = controllerFiles.flatMap((f) => parseRoutes(join(checkout, CONTROLLERS, f)));
routes.sort((a, b) => a.openapiPath.localeCompare(b.openapiPath) || a.verb.localeCompare(b.verb));

const keys = new Set();
for (const r of routes) {
  const key = `${r.verb} ${r.openapiPath}`;
  if (keys.has(key)) problems.push(`two routes for ${key}`);
  keys.add(key);
}
if (problems.length) {
  console.error(problems.join("\n"));
  process.exit(1);
}

const names = shortNames([...wrappers.keys()]);
const sortedWrappers = Object.fromEntries(
  [...wrappers.entries()]
    .map(([k, v]) => [names.get(k), renameWrappers(v, names)])
    .sort(([a], [b]) => a.localeCompare(b)),
);
for (const r of routes) r.returns = renameWrappers(r.returns, names);
const document = {
  description:
    "The CRM routes of ONLYOFFICE CommunityServer, read from its source by scripts/server-routes.mjs (run it by hand when the server changes). " +
    "`params[].in`: where the server reads the value for that verb (facts §0.5): `route` (a route value), `query` (GET: the query string), " +
    "`body` (non-GET: the query string first, then the JSON or form body). " +
    "`returns` and wrapper members name either a `wrapper` (an entry of `wrappers`), a `primitive`, an `enum`, or a `system` type; `collection: true` means a JSON array of that. " +
    "Wrapper members are listed with their wire names (Json.NET camelCase of the DataMember name or the member name), base classes included; " +
    "`omittedWhenDefault` is EmitDefaultValue=false (left out when null, 0, false).",
  tag,
  entryPoint: "api/2.0/crm",
  routeCount: routes.length,
  routes,
  wrappers: sortedWrappers,
};

let text = JSON.stringify(document, null, 2) + "\n";
try {
  const prettier = await import("prettier");
  const config = (await prettier.resolveConfig(outFile)) ?? {};
  text = await prettier.format(text, { ...config, filepath: outFile });
} catch (error) {
  console.error(`prettier not used: ${error.message}`);
}
writeFileSync(outFile, text);
console.log(
  `${routes.length} routes, ${wrappers.size} wrapper types (tag ${tag}) -> ${posix(relative(repo, outFile))}`,
);
