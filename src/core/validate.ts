// Checks a 2xx answer's `response` against the spec: walks the value along the table generated
// from it (generated/validate.ts) and words the first problem with a JS-like path. Unknown extra
// properties pass (tolerant reader). A string's content is never quoted (it may be personal data).
import { isObject } from "./envelope";
import { InvalidResponseError } from "./errors";
import { kind } from "./guards";

type Type = "string" | "boolean" | "integer" | "int32" | "number" | "object";

/**
 * One entry of the generated table (scripts/validator-table.cjs writes it): a bare type, or an
 * object with `type` (and `enum`, `pattern`), `items` (an array), `nullable` (that or null),
 * `req`/`opt` (an object's required and optional properties), `all` (every one of these), or
 * `tag`/`of` (the schema in `of` named by the value of property `tag`: a person or a company).
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
      readonly all?: readonly Schema[];
      readonly tag?: string;
      readonly of?: { readonly [value: string]: Schema };
    };

/** The first problem: where (a JS-like path below `response`, built only on failure) and what. */
interface Failure {
  path: string;
  problem: string;
}

function is(type: Type | "array", value: unknown): boolean {
  switch (type) {
    case "int32":
      return typeof value === "number" && (value | 0) === value; // no coercion: `{valueOf}`
    case "integer":
      return Number.isInteger(value);
    case "number":
      return Number.isFinite(value);
    case "array":
      return Array.isArray(value);
    case "object":
      return isObject(value);
    default:
      return typeof value === type;
  }
}

function fail(problem: string, value: unknown): Failure {
  const got = Number.isInteger(value) ? `integer ${value as number}` : kind(value);
  return { path: "", problem: `must ${problem} (got ${got})` };
}

/** Adds one key in front of the failure's path, on the way back up. */
function under(key: string | number, failure: Failure | undefined): Failure | undefined {
  // Property names are identifiers (the generator refuses others), so `.key` is always readable.
  if (failure) failure.path = (typeof key === "number" ? `[${key}]` : `.${key}`) + failure.path;
  return failure;
}

function walk(schema: Schema, value: unknown, orNull?: boolean): Failure | undefined {
  if (typeof schema === "string") {
    return is(schema, value) ? undefined : fail(`be ${schema}${orNull ? " or null" : ""}`, value);
  }
  if (schema.nullable) return value === null ? undefined : walk(schema.nullable, value, true);
  const { items, req, opt, all, tag, of } = schema;
  if (all) {
    for (const part of all) {
      const failure = walk(part, value);
      if (failure) return failure;
    }
    return;
  }
  if (of) {
    const key = tag as string;
    if (!isObject(value)) return fail("be object", value);
    const branch = of[String(value[key])];
    return branch
      ? walk(branch, value)
      : under(key, fail(`be one of ${Object.keys(of)}`, value[key]));
  }
  const type = schema.type ?? (items ? "array" : "object");
  if (!is(type, value)) return fail(`be ${type}${orNull ? " or null" : ""}`, value);
  if (schema.enum && !schema.enum.includes(value as string)) {
    return fail(`be one of ${schema.enum.join(", ")}`, value);
  }
  if (schema.pattern && !schema.pattern.test(value as string)) {
    return fail(`match ${schema.pattern.source}`, value);
  }
  if (items) {
    const list = value as unknown[];
    for (let i = 0; i < list.length; i++) {
      const failure = under(i, walk(items, list[i]));
      if (failure) return failure;
    }
  }
  return properties(req, value, true) || properties(opt, value);
}

/** An object's properties in table order: the first one missing (if required) or wrong. */
function properties(
  table: { readonly [key: string]: Schema } | undefined,
  value: unknown,
  required?: boolean,
): Failure | undefined {
  for (const key in table) {
    const item = (value as Record<string, unknown>)[key];
    const failure = under(
      key,
      item === undefined
        ? required
          ? { path: "", problem: "is missing" }
          : undefined
        : walk(table[key]!, item),
    );
    if (failure) return failure;
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
  return failure && { path: `response${failure.path}`, problem: failure.problem };
}

/** Returns `value` when it matches `schema`; throws InvalidResponseError otherwise. */
export function checkResponse<T>(
  schema: Schema,
  value: unknown,
  status: number,
  operationId: string,
): T {
  const found = firstProblem(schema, value);
  if (!found) return value as T;
  throw new InvalidResponseError(
    `HTTP ${status} but the answer to ${operationId} does not match the spec: ${found.path} ${found.problem}`,
    status,
    undefined,
    found.path,
  );
}
