// Checks a 2xx answer's `response` against the spec: walks the value along the table generated
// from it (generated/validate.ts) and words the first problem with a JS-like path. Unknown extra
// properties pass (tolerant reader). A string's content is never quoted (it may be personal data).
import type { components } from "../generated/schema";
import { InvalidResponseError } from "./errors";

type Type = "string" | "boolean" | "integer" | "int32" | "number" | "object";
type Properties = { readonly [key: string]: Schema };

/** One entry of the generated table (scripts/validator-table.cjs writes it). */
export type Schema =
  | Type
  | {
      readonly type: Type;
      readonly enum?: readonly (string | number | boolean)[];
      readonly pattern?: RegExp;
    }
  | { readonly items: Schema }
  | { readonly nullable: Schema }
  | { readonly req?: Properties; readonly opt?: Properties };

type SchemaName = keyof components["schemas"];

/** A schema that answers are checked against; its name types the result of `checkResponse`. */
export type Checked<N extends SchemaName> = Exclude<Schema, Type> & { readonly name: N };

/** The first problem; `keys` is its path, deepest first, built only on failure. */
interface Failure {
  keys: (string | number)[];
  problem: string;
}

function got(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (Number.isInteger(value)) return `integer ${value as number}`;
  return typeof value; // never a string's content
}

const fail = (problem: string, value: unknown): Failure => ({
  keys: [],
  problem: `must ${problem} (got ${got(value)})`,
});

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

function isType(type: Type, value: unknown): boolean {
  return type === "object"
    ? isObject(value)
    : type === "int32" || type === "integer"
      ? Number.isInteger(value)
      : type === "number"
        ? Number.isFinite(value)
        : typeof value === type;
}

function walkProperties(
  properties: Properties | undefined,
  value: Record<string, unknown>,
): Failure | undefined {
  for (const key in properties) {
    const failure = value[key] !== undefined && walk(properties[key]!, value[key]);
    if (failure) return (failure.keys.push(key), failure);
  }
}

function walk(schema: Schema, value: unknown, orNull?: boolean): Failure | undefined {
  if (orNull && value === null) return;
  if (typeof schema === "object" && "nullable" in schema) return walk(schema.nullable, value, true);
  const type =
    typeof schema === "string"
      ? schema
      : "type" in schema
        ? schema.type
        : "items" in schema
          ? "array"
          : "object";
  if (type === "array" ? !Array.isArray(value) : !isType(type, value)) {
    return fail(`be ${type === "int32" ? "integer" : type}${orNull ? " or null" : ""}`, value);
  }
  if (typeof schema === "string") {
    // a bare type: only int32 has more to check
  } else if ("items" in schema) {
    const items = value as unknown[];
    for (let i = 0; i < items.length; i++) {
      const failure = walk(schema.items, items[i]);
      if (failure) return (failure.keys.push(i), failure);
    }
    return;
  } else if (!("type" in schema)) {
    const object = value as Record<string, unknown>;
    for (const key in schema.req) {
      if (object[key] === undefined) return { keys: [key], problem: "is missing" };
    }
    return walkProperties(schema.req, object) || walkProperties(schema.opt, object);
  } else if (schema.enum && !schema.enum.includes(value as string)) {
    return fail(`be one of ${schema.enum.join(", ")}`, value);
  } else if (schema.pattern && !schema.pattern.test(value as string)) {
    return fail(`match ${schema.pattern.source}`, value);
  }
  if (type === "int32" && ((value as number) | 0) !== value) {
    return fail((value as number) > 0 ? "be <= 2147483647" : "be >= -2147483648", value);
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
    path +=
      typeof key === "number"
        ? `[${key}]`
        : /^[A-Za-z_$][\w$]*$/.test(key)
          ? `.${key}`
          : `[${JSON.stringify(key)}]`;
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
