// OpenAPI 3.0 schemas are almost JSON Schema. The one difference that matters here: `nullable`.
// Ajv only accepts it next to `type`, and our nullable `$ref`s sit in an `allOf`. Rewrite each
// `nullable: true` as `anyOf: [<schema>, {type: "null"}]`, which every JSON Schema tool reads.
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

module.exports = { nullableToAnyOf };
