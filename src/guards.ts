// Checks that run before a value goes into a URL, so bad input never becomes a request.

const INT32_MAX = 2 ** 31 - 1;

/** A case ID must be a positive int32: the portal's route is `[0-9]+` and it rejects 0. */
export function assertCaseId(value: unknown): asserts value is number {
  if (typeof value !== "number") {
    throw new TypeError(`caseId must be a number, got ${value === null ? "null" : typeof value}`);
  }
  if (!Number.isInteger(value) || value < 1 || value > INT32_MAX) {
    throw new RangeError(`caseId must be an integer from 1 to ${INT32_MAX}, got ${value}`);
  }
}
