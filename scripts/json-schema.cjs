// OpenAPI 3.0 schemas are almost JSON Schema. The one difference that matters here: `nullable`,
// which JSON Schema does not know. Rewrite each `nullable: true` as
// `anyOf: [<schema>, {type: "null"}]`, which every JSON Schema tool reads.
// CommonJS so that both the .mjs scripts and the jest tests can load it.

/** @param {unknown} node */
function nullableToAnyOf(node) {
  if (Array.isArray(node)) return node.map(nullableToAnyOf);
  if (typeof node !== "object" || node === null) return node;
  const out = {};
  for (const [key, value] of Object.entries(node)) out[key] = nullableToAnyOf(value);
  if (out.nullable !== true) return out;
  const { nullable, description, ...rest } = out;
  return { ...(description === undefined ? {} : { description }), anyOf: [rest, { type: "null" }] };
}

const INT32 = { minimum: -(2 ** 31), maximum: 2 ** 31 - 1 };
const documentation = new Set(["description", "example", "examples", "title", "externalDocs"]);

/**
 * The spec's `components.schemas`, ready for a standalone (dependency-free) Ajv validator:
 * `nullable` becomes `anyOf … null`; `$ref`s point into `$defs`; documentation keywords and
 * `x-` extensions go (they change nothing and would bloat the code); `format: int32` becomes a
 * range; every other `format` (`uuid`) is dropped, since checking it needs Ajv's runtime and the
 * client reads tolerantly. `title` is only dropped as a keyword, never as a property name.
 * @param {any} spec the parsed OpenAPI document
 * @returns {Record<string, object>}
 */
function validatorSchemas(spec) {
  /** @param {unknown} node @param {boolean} inProperties */
  function clean(node, inProperties = false) {
    if (Array.isArray(node)) return node.map((item) => clean(item));
    if (typeof node !== "object" || node === null) return node;
    const out = {};
    for (const [key, value] of Object.entries(node)) {
      if (!inProperties && (documentation.has(key) || key.startsWith("x-") || key === "format"))
        continue;
      if (!inProperties && key === "$ref") {
        out.$ref = String(value).replace("#/components/schemas/", "#/$defs/");
      } else {
        out[key] = clean(value, !inProperties && key === "properties");
      }
    }
    if (!inProperties && node.format === "int32") {
      out.minimum ??= INT32.minimum;
      out.maximum ??= INT32.maximum;
    }
    return out;
  }
  return clean(nullableToAnyOf(spec).components.schemas, true);
}

module.exports = { nullableToAnyOf, validatorSchemas };
