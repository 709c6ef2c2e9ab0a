// Checks a 2xx answer's `response` against the spec: walks the value along the table generated
// from it (generated/validate.ts) and words the first problem with a JS-like path. Unknown extra
// properties pass (tolerant reader). A string's content is never quoted (it may be personal data).
import type { components } from "../generated/schema";
import { isObject } from "./envelope";
import { InvalidResponseError } from "./errors";

type Type = "string" | "boolean" | "integer" | "int32" | "number" | "object";

/**
 * One entry of the generated table (scripts/validator-table.cjs writes it): a bare type, or an
 * object with `type` (and `enum`, `pattern`), `items` (an array), `nullable` (that or null), or
 * `req`/`opt` (an object's required and optional properties).
 */
export type Schema =
  | Type
  | {
      readonly type?: Type;
      readonly enum?: readonly (string | number | boolean)[];
      readonly pattern?: RegExp;
      readonly items?: Schema;
      readonly nullable?: Schema;
      readonly req?: { readonly [key: string]: Schema };
      readonly opt?: { readonly [key: string]: Schema };
    };

type SchemaName = keyof components["schemas"];

/** A schema that answers are checked against; its name types the result of `checkResponse`. */
export type Checked<N extends SchemaName> = Exclude<Schema, Type> & { readonly name: N };

/** The first problem; `keys` is its path, deepest first, built only on failure. */
interface Failure {
  keys: (string | number)[];
  problem: string;
}

function is(type: Type, value: unknown): boolean {
  switch (type) {
    case "int32":
      return typeof value === "number" && (value | 0) === value; // no coercion: `{valueOf}`
    case "integer":
      return Number.isInteger(value);
    case "number":
      return Number.isFinite(value);
    case "object":
      return isObject(value);
    default:
      return typeof value === type;
  }
}

function fail(problem: string, value: unknown): Failure {
  const kind =
    value === null
      ? "null"
      : Array.isArray(value)
        ? "array"
        : Number.isInteger(value)
          ? `integer ${value as number}`
          : typeof value; // never a string's content
  return { keys: [], problem: `must ${problem} (got ${kind})` };
}

function wrongType(type: Type | "array", value: unknown, orNull?: boolean): Failure {
  return fail(`be ${type}${orNull ? " or null" : ""}`, value);
}

function walk(schema: Schema, value: unknown, orNull?: boolean): Failure | undefined {
  if (orNull && value === null) return;
  if (typeof schema === "string")
    return is(schema, value) ? undefined : wrongType(schema, value, orNull);
  if (schema.nullable) return walk(schema.nullable, value, true);
  if (schema.items) {
    if (!Array.isArray(value)) return wrongType("array", value, orNull);
    for (let i = 0; i < value.length; i++) {
      const failure = walk(schema.items, value[i]);
      if (failure) return (failure.keys.push(i), failure);
    }
    return;
  }
  if (schema.type) {
    if (!is(schema.type, value)) return wrongType(schema.type, value, orNull);
    if (schema.enum && !schema.enum.includes(value as string)) {
      return fail(`be one of ${schema.enum.join(", ")}`, value);
    }
    if (schema.pattern && !schema.pattern.test(value as string)) {
      return fail(`match ${schema.pattern.source}`, value);
    }
    return;
  }
  if (!isObject(value)) return wrongType("object", value, orNull);
  return properties(schema.req, value, true) || properties(schema.opt, value);
}

/** An object's properties in table order: the first one missing (if required) or wrong. */
function properties(
  table: { readonly [key: string]: Schema } | undefined,
  value: Record<string, unknown>,
  required?: boolean,
): Failure | undefined {
  for (const key in table) {
    const item = value[key];
    const failure =
      item === undefined
        ? required && { keys: [], problem: "is missing" }
        : walk(table[key]!, item);
    if (failure) return (failure.keys.push(key), failure);
  }
}

/**
 * The first place where `value` does not match `schema`, e.g. `{ path:
 * "response.members[1].currency", problem: "must be object or null (got string)" }`; undefined
 * when it matches.
 */
export function firstProblem(
  schema: Schema,
  value: unknown,
): { path: string; problem: string } | undefined {
  const failure = walk(schema, value);
  if (!failure) return;
  let path = "response";
  for (let i = failure.keys.length; i--;) {
    const key = failure.keys[i]!;
    path += typeof key === "number" ? `[${key}]` : `.${key}`; // the generator allows identifiers only
  }
  return { path, problem: failure.problem };
}

/** Returns `value`, typed from the schema's name, when it matches; throws InvalidResponseError otherwise. */
export function checkResponse<N extends SchemaName>(
  schema: Checked<N>,
  value: unknown,
  status: number,
): components["schemas"][N] {
  const found = firstProblem(schema, value);
  if (!found) return value as components["schemas"][N];
  throw new InvalidResponseError(
    `HTTP ${status} but the answer does not match the spec's ${schema.name}: ${found.path} ${found.problem}`,
    status,
    undefined,
    found.path,
  );
}
