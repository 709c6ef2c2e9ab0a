// Turns the spec's `components.schemas` into the data table of generated/validate.ts, which the
// small interpreter in src/core/validate.ts walks. STRICT: a keyword it does not understand fails
// generation with its location, so no part of a future spec goes silently unchecked.
// CommonJS so that both scripts/generate.mjs and the jest tests can load it.
//
// The table, per schema (see `Schema` in src/core/validate.ts):
//   "string" | "boolean" | "integer" | "int32" | "number" | "object"   a type, nothing more
//   { type, enum?, pattern? }        a type with allowed values or a pattern (a RegExp literal)
//   { req?: {...}, opt?: {...} }     an object: its required and its optional properties;
//                                    unknown extra properties always pass
//   { items: ... }                   an array
//   { nullable: ... }                the schema, or null
//   { all: [...] }                   every one of these (`allOf` with several parts)
//   { tag, of: { value: ... } }      one of these, picked by the value of property `tag`
//                                    (`oneOf` whose branches each fix `tag` with a one-value enum)
//   Employee                         another schema (a reference to its const)

/** Keys that document and change nothing: dropped wherever they appear. `x-*` too. */
const DOCUMENTATION = new Set(["description", "example", "examples", "title", "externalDocs"]);
/** Formats that are not checked (tolerant reader). `int32` is checked, as a range. */
const IGNORED_FORMATS = new Set([
  "uuid",
  "int64",
  "float",
  "double",
  "date",
  "date-time",
  "password",
  "email",
  "uri",
  "byte",
  "binary",
]);
/** The keywords understood next to each `type`. */
const KEYWORDS = {
  string: ["type", "nullable", "format", "enum", "pattern"],
  integer: ["type", "nullable", "format", "enum"],
  number: ["type", "nullable", "format", "enum"],
  boolean: ["type", "nullable", "enum"],
  object: ["type", "nullable", "properties", "required", "additionalProperties"],
  array: ["type", "nullable", "items"],
};
const RESERVED = new Set(["Schema"]); // type names the generated file imports
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
const REF_PREFIX = "#/components/schemas/";
/** A reference to another schema's const, and a pattern: emitted as code, not as data. */
class Ref {
  constructor(name) {
    this.name = name;
  }
}
class Pattern {
  constructor(source) {
    this.source = source;
  }
}

class SpecError extends Error {
  constructor(where, message) {
    super(
      `${where}: ${message}. The response validator (scripts/validator-table.cjs) only ` +
        `generates what it understands; extend it (and src/core/validate.ts) before using this in the spec.`,
    );
    this.name = "SpecError";
  }
}

const meaningful = (schema) =>
  Object.keys(schema).filter((key) => !DOCUMENTATION.has(key) && !key.startsWith("x-"));

const isNullOnly = (schema) =>
  schema.nullable === true &&
  Array.isArray(schema.enum) &&
  schema.enum.length === 1 &&
  schema.enum[0] === null &&
  meaningful(schema).every((key) => ["type", "nullable", "enum"].includes(key));

function checkEnum(values, type, format, where) {
  const fits = (value) =>
    type === "string"
      ? typeof value === "string"
      : type === "boolean"
        ? typeof value === "boolean"
        : type === "number"
          ? Number.isFinite(value)
          : Number.isInteger(value) &&
            (format !== "int32" || (value >= -(2 ** 31) && value <= 2 ** 31 - 1));
  if (!Array.isArray(values) || values.length === 0) {
    throw new SpecError(where, "`enum` must be a non-empty list");
  }
  for (const value of values) {
    if (!fits(value)) {
      throw new SpecError(where, `enum value ${JSON.stringify(value)} is not of type ${type}`);
    }
  }
}

/**
 * A converter for `spec`: `convert(schema, where)` turns one schema (a response's, say) into a
 * table node, visiting every schema it references; `entries()` lists those, dependencies first.
 * @param {any} spec the parsed OpenAPI document
 */
function tableBuilder(spec) {
  const schemas = spec?.components?.schemas ?? {};
  const done = new Map();
  const visiting = [];

  function visit(name, where) {
    if (done.has(name)) return;
    if (visiting.includes(name)) {
      const cycle = [...visiting.slice(visiting.indexOf(name)), name];
      throw new SpecError(where, `recursive schema (${cycle.join(" → ")})`);
    }
    if (!Object.hasOwn(schemas, name)) throw new SpecError(where, `no schema named ${name}`);
    if (!IDENTIFIER.test(name) || RESERVED.has(name)) {
      throw new SpecError(where, `the schema name ${JSON.stringify(name)} cannot be a const`);
    }
    visiting.push(name);
    const node = convert(schemas[name], `${REF_PREFIX}${name}`);
    visiting.pop();
    done.set(name, node);
  }

  function convert(schema, where) {
    if (typeof schema !== "object" || schema === null || Array.isArray(schema)) {
      throw new SpecError(where, "a schema must be an object");
    }
    const keys = meaningful(schema);
    // `{}`: any value (a member the spec cannot type without recursion, e.g. a call leg's legs).
    if (keys.length === 0) return { all: [] };
    const only = (keyword) => {
      const others = keys.filter((key) => key !== keyword);
      if (others.length > 0) {
        throw new SpecError(where, `unsupported keyword \`${others[0]}\` next to \`${keyword}\``);
      }
    };
    if ("$ref" in schema) {
      only("$ref");
      const ref = String(schema.$ref);
      if (!ref.startsWith(REF_PREFIX)) throw new SpecError(where, `unsupported $ref ${ref}`);
      const name = ref.slice(REF_PREFIX.length);
      visit(name, where);
      return new Ref(name);
    }
    if ("allOf" in schema) {
      only("allOf");
      if (!Array.isArray(schema.allOf) || schema.allOf.length === 0) {
        throw new SpecError(where, "`allOf` needs a list of schemas");
      }
      const parts = schema.allOf.map((part, i) => convert(part, `${where}/allOf/${i}`));
      return parts.length === 1 ? parts[0] : { all: parts };
    }
    if ("oneOf" in schema) {
      only("oneOf");
      return oneOf(schema.oneOf, where);
    }
    if ("anyOf" in schema) {
      only("anyOf");
      const branches = Array.isArray(schema.anyOf) ? schema.anyOf : [];
      const nulls = branches.filter((branch) => isNullOnly(branch));
      if (branches.length !== 2 || nulls.length !== 1) {
        throw new SpecError(
          where,
          "`anyOf` is only supported as [schema, {nullable: true, enum: [null]}]",
        );
      }
      const other = branches.findIndex((branch) => !isNullOnly(branch));
      return { nullable: convert(branches[other], `${where}/anyOf/${other}`) };
    }
    if (isNullOnly(schema)) {
      throw new SpecError(where, "a null-only schema is only supported as a branch of `anyOf`");
    }

    const { type } = schema;
    if (!Object.hasOwn(KEYWORDS, type)) {
      const known = new Set(Object.values(KEYWORDS).flat());
      const unknown = keys.find((key) => !known.has(key));
      if (unknown !== undefined) throw new SpecError(where, `unsupported keyword \`${unknown}\``);
      throw new SpecError(where, `unsupported or missing type ${JSON.stringify(type)}`);
    }
    for (const key of keys) {
      if (!KEYWORDS[type].includes(key)) {
        throw new SpecError(where, `unsupported keyword \`${key}\` for type ${type}`);
      }
    }
    if (schema.nullable !== undefined && typeof schema.nullable !== "boolean") {
      throw new SpecError(where, "`nullable` must be true or false");
    }
    const { format } = schema;
    if (format !== undefined && !(type === "integer" && format === "int32")) {
      if (!IGNORED_FORMATS.has(format)) throw new SpecError(where, `unknown format ${format}`);
    }
    let values = schema.enum;
    if (values !== undefined) {
      if (schema.nullable === true) values = values.filter((value) => value !== null);
      checkEnum(values, type, format, where);
    }

    let node;
    if (type === "object") {
      const { properties, required, additionalProperties } = schema;
      if (additionalProperties !== undefined && additionalProperties !== true) {
        throw new SpecError(where, "only `additionalProperties: true` is supported");
      }
      if (
        required !== undefined &&
        !(Array.isArray(required) && required.every((key) => typeof key === "string"))
      ) {
        throw new SpecError(where, "`required` must be a list of property names");
      }
      const req = {};
      const opt = {};
      for (const [key, value] of Object.entries(properties ?? {})) {
        // src/core/validate.ts writes paths as `response.a.b`: a name needs to be an identifier.
        if (!/^[A-Za-z_$][\w$]*$/.test(key) || key === "__proto__") {
          throw new SpecError(where, `property name ${JSON.stringify(key)} is not an identifier`);
        }
        (required?.includes(key) ? req : opt)[key] = convert(value, `${where}/properties/${key}`);
      }
      const unknown = required?.find((key) => !Object.hasOwn(req, key));
      if (unknown !== undefined) {
        throw new SpecError(where, `required property ${unknown} is not in \`properties\``);
      }
      const hasReq = Object.keys(req).length > 0;
      const hasOpt = Object.keys(opt).length > 0;
      node =
        hasReq || hasOpt ? { ...(hasReq ? { req } : {}), ...(hasOpt ? { opt } : {}) } : "object";
    } else if (type === "array") {
      if (schema.items === undefined) throw new SpecError(where, "an array needs `items`");
      node = { items: convert(schema.items, `${where}/items`) };
    } else {
      const name = format === "int32" ? "int32" : type;
      let pattern;
      if (schema.pattern !== undefined) {
        try {
          pattern = new RegExp(schema.pattern).source;
        } catch (error) {
          throw new SpecError(where, `invalid pattern (${error.message})`);
        }
      }
      node =
        values === undefined && pattern === undefined
          ? name
          : {
              type: name,
              ...(values === undefined ? {} : { enum: values }),
              ...(pattern === undefined ? {} : { pattern: new Pattern(pattern) }),
            };
    }
    return schema.nullable === true ? { nullable: node } : node;
  }

  // `oneOf` is supported when every branch is a $ref whose schema (through `allOf`) requires the
  // same property with a one-value enum, a different value each: the value picks the branch.
  function oneOf(branches, where) {
    if (!Array.isArray(branches) || branches.length < 2 || branches.some((b) => !b?.$ref)) {
      throw new SpecError(where, "`oneOf` is only supported as a list of $refs");
    }
    const fixed = (schema) => {
      const found = {};
      for (const part of schema.allOf ?? [schema]) {
        const resolved = part.$ref ? schemas[String(part.$ref).slice(REF_PREFIX.length)] : part;
        if (part.$ref && resolved) Object.assign(found, fixed(resolved));
        for (const [key, value] of Object.entries(resolved?.properties ?? {})) {
          if (resolved.required?.includes(key) && value.enum?.length === 1)
            found[key] = value.enum[0];
        }
      }
      return found;
    };
    const names = branches.map((b, i) => {
      convert(b, `${where}/oneOf/${i}`); // visits it, and checks the $ref
      return String(b.$ref).slice(REF_PREFIX.length);
    });
    const perBranch = names.map((name) => fixed(schemas[name]));
    const tag = Object.keys(perBranch[0]).find((key) => {
      const values = perBranch.map((found) => found[key]);
      return (
        values.every((v) => v !== undefined) && new Set(values.map(String)).size === values.length
      );
    });
    if (tag === undefined) {
      throw new SpecError(
        where,
        "`oneOf` needs a property that every branch requires with a one-value enum, a different value each",
      );
    }
    return {
      tag,
      of: Object.fromEntries(names.map((name, i) => [String(perBranch[i][tag]), new Ref(name)])),
    };
  }

  return {
    convert,
    visit,
    entries: () => [...done].map(([name, node]) => ({ name, node })),
  };
}

/**
 * The table for `roots` and every schema they reference, dependencies first.
 * @param {any} spec the parsed OpenAPI document
 * @param {readonly string[]} roots the schemas a response is checked against
 * @returns {{ name: string, node: unknown }[]} in declaration order; `node` is the table entry,
 *   with references as `Ref`s and patterns as `Pattern`s
 */
function validatorTable(spec, roots) {
  const builder = tableBuilder(spec);
  for (const name of roots) builder.visit(name, `the validated schemas (${roots.join(", ")})`);
  return builder.entries();
}

/** One table entry as TypeScript source. */
function nodeSource(node) {
  if (typeof node === "string") return JSON.stringify(node);
  if (node instanceof Ref) return node.name;
  if (node instanceof Pattern) return `/${node.source}/`;
  if (Array.isArray(node)) return `[${node.map(nodeSource).join(", ")}]`;
  if (typeof node !== "object" || node === null) return JSON.stringify(node);
  const entries = Object.entries(node).map(
    ([key, value]) => `${IDENTIFIER.test(key) ? key : JSON.stringify(key)}: ${nodeSource(value)}`,
  );
  return `{ ${entries.join(", ")} }`;
}

/**
 * The body of generated/validate.ts: one `export const` per schema in `entries`.
 * @param {{ name: string, node: unknown }[]} entries from `validatorTable` or a builder
 */
function validatorTableSource(entries) {
  return entries
    .map(({ name, node }) => `export const ${name}: Schema = ${nodeSource(node)};`)
    .join("\n\n");
}

module.exports = {
  tableBuilder,
  validatorTable,
  validatorTableSource,
  nodeSource,
  SpecError,
  Ref,
  Pattern,
};
