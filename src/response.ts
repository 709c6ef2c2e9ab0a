// Checks a 2xx answer's `response` against the spec, with the validators generated from it
// (generated/validate.ts), and words the first problem with its JSON path.
import type { ValidationIssue, Validator } from "../generated/validate";
import { InvalidResponseError } from "./errors";

/** `/members/1/currency` → `response.members[1].currency` (JSON Pointer to a JS-like path). */
export function jsonPath(pointer: string, root = "response"): string {
  if (pointer === "") return root;
  return pointer
    .slice(1)
    .split("/")
    .map((part) => part.replace(/~1/g, "/").replace(/~0/g, "~"))
    .reduce(
      (path, key) =>
        /^(0|[1-9]\d*)$/.test(key)
          ? `${path}[${key}]`
          : /^[A-Za-z_$][\w$]*$/.test(key)
            ? `${path}.${key}`
            : `${path}[${JSON.stringify(key)}]`,
      root,
    );
}

function valueAt(root: unknown, pointer: string): unknown {
  if (pointer === "") return root;
  let value: unknown = root;
  for (const raw of pointer.slice(1).split("/")) {
    const key = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    value =
      typeof value === "object" && value !== null
        ? (value as Record<string, unknown>)[key]
        : undefined;
  }
  return value;
}

function kind(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number" && Number.isInteger(value)) return `integer ${value}`;
  // A string's content may be personal data (names, titles): say what it is, not what it says.
  return typeof value;
}

/** The first problem as `{ path, problem }`, e.g. `response.id`, `must be integer (got string)`. */
export function describeIssue(
  issues: readonly ValidationIssue[],
  value: unknown,
): { path: string; problem: string } {
  const [first] = issues;
  if (!first) return { path: "response", problem: "does not match" };
  const { instancePath, keyword, params } = first;
  if (keyword === "required") {
    return {
      path: jsonPath(`${instancePath}/${String(params.missingProperty)}`),
      problem: "is missing",
    };
  }
  const actual = valueAt(value, instancePath);
  let expected: string;
  if (keyword === "type") {
    // A nullable property fails both branches of its anyOf at the same path: name both types.
    const types = issues
      .filter((issue) => issue.instancePath === instancePath && issue.keyword === "type")
      .map((issue) => String(issue.params.type));
    expected = `be ${[...new Set(types)].join(" or ")}`;
  } else if (keyword === "enum") {
    expected = `be one of ${(params.allowedValues as unknown[]).join(", ")}`;
  } else if (keyword === "minimum" || keyword === "maximum") {
    expected = `be ${String(params.comparison)} ${String(params.limit)}`;
  } else if (keyword === "pattern") {
    expected = `match ${String(params.pattern)}`;
  } else {
    expected = `satisfy ${keyword}`;
  }
  return { path: jsonPath(instancePath), problem: `must ${expected} (got ${kind(actual)})` };
}

/** Returns `value` typed as T when it matches the spec; throws InvalidResponseError otherwise. */
export function checkResponse<T>(
  validate: Validator<T>,
  schemaName: string,
  value: unknown,
  status: number,
): T {
  if (validate(value)) return value;
  const { path, problem } = describeIssue(validate.errors ?? [], value);
  throw new InvalidResponseError(
    `HTTP ${status} but the answer does not match the spec's ${schemaName}: ${path} ${problem}`,
    status,
    undefined,
    path,
  );
}
