// Checks that run before a value is used (in a URL, a timer, a loop), so bad input fails with a
// clear TypeError or RangeError and nothing is sent.

export const INT32_MAX = 2 ** 31 - 1;

/**
 * `value` if it is a whole number from `min` to 2^31 − 1 (the portal's int32, and the longest
 * `setTimeout`); TypeError for anything that is not a number, RangeError for any other number.
 */
export function checkWhole(name: string, value: unknown, min: number): number {
  const isNumber = typeof value === "number";
  if (isNumber && Number.isInteger(value) && value >= min && value <= INT32_MAX) return value;
  const got = isNumber ? value : value === null ? "null" : typeof value; // never a string's content
  const message = `${name} must be a whole number from ${min} to ${INT32_MAX}, got ${got}`;
  throw isNumber ? new RangeError(message) : new TypeError(message);
}

/** A case ID must be a positive int32: the portal's route is `[0-9]+` and it rejects 0. */
export function assertCaseId(value: unknown): asserts value is number {
  checkWhole("caseId", value, 1);
}
