// Checks that run before a value is used (in a URL, a body, a timer, a loop), so bad input fails
// with a clear TypeError (wrong kind) or RangeError (wrong value) and nothing is sent. Messages
// name the field and the kind of value, never a string's content (it may be personal data).

import { ApiDateTime } from "../../generated/validate";

export const INT32_MAX = 2 ** 31 - 1;

/** Checks one input value and returns what goes on the wire. */
export type Check<T = unknown> = (name: string, value: unknown) => T;

/** What a value is, in a message: `null`, `array` or its `typeof` (never a string's content). */
export const kind = (value: unknown) =>
  value === null ? "null" : Array.isArray(value) ? "array" : typeof value;

/** A TypeError saying what `name` must be and what it got. */
export function wrongType(name: string, expected: string, value: unknown): TypeError {
  return new TypeError(`${name} must be ${expected}, got ${kind(value)}`);
}

/**
 * `value` if it is a whole number from `min` to `max` (default 2^31 − 1: the portal's int32, and
 * the longest `setTimeout`); TypeError for anything that is not a number, RangeError otherwise.
 */
export function checkWhole(name: string, value: unknown, min: number, max = INT32_MAX): number {
  const isNumber = typeof value === "number";
  if (isNumber && Number.isInteger(value) && value >= min && value <= max) return value;
  const message = `${name} must be a whole number from ${min} to ${max}, got ${isNumber ? value : kind(value)}`;
  throw isNumber ? new RangeError(message) : new TypeError(message);
}

/** An ID: a positive int32 (the portal's routes are `[0-9]+` and it rejects 0). */
export const id: Check<number> = (name, value) => checkWhole(name, value, 1);

export const flag: Check<boolean> = (name, value) => {
  if (typeof value !== "boolean") throw wrongType(name, "a boolean", value);
  return value;
};

/** A string, maybe empty (`""` clears a text). */
export const anyText: Check<string> = (name, value) => {
  if (typeof value !== "string") throw wrongType(name, "a string", value);
  return value;
};

/** A string with something in it besides spaces. */
export const text: Check<string> = (name, value) => {
  if (typeof value !== "string") throw wrongType(name, "a string", value);
  if (!value.trim()) throw new RangeError(`${name} must not be empty`);
  return value;
};

/** A non-empty list, each item checked by `item` (`name[i]` in messages). */
/** A non-empty list, each item checked by `item` (`name[i]` in messages). */
export function list<T>(name: string, value: unknown, item: Check<T>): T[] {
  if (!Array.isArray(value)) throw wrongType(name, "an array", value);
  // An object's field may be left out; a positional argument (no dot in its name) may not.
  if (!value.length) {
    throw new RangeError(
      `${name} must not be empty${name.includes(".") ? ": leave it out instead" : ""}`,
    );
  }
  return value.map((v, i) => item(`${name}[${i}]`, v));
}

/**
 * The user's word for a kind of record, mapped to the portal's (`entity({ deal: "opportunity" })`):
 * each route accepts its own set, and the portal calls a deal an opportunity.
 */
export function entity<const W extends Readonly<Record<string, string>>>(
  words: W,
): Check<W[keyof W]> {
  return (name, value) => {
    if (typeof value !== "string" || !Object.hasOwn(words, value)) {
      throw new RangeError(`${name} must be one of ${Object.keys(words).join(", ")}`);
    }
    return words[value] as W[keyof W];
  };
}

export const ids: Check<number[]> = (name, value) => list(name, value, id);
export const texts: Check<string[]> = (name, value) => list(name, value, text);

/** A portal user ID: a GUID, which the portal binds as `Guid` (anything else is a 400). */
export const userId: Check<string> = (name, value) => {
  if (!/^[\da-f]{8}-([\da-f]{4}-){3}[\da-f]{12}$/i.test(text(name, value))) {
    throw new RangeError(`${name} must be a user ID (a GUID)`);
  }
  return value as string;
};

export const userIds: Check<string[]> = (name, value) => list(name, value, userId);

/** A search text: the portal keeps only what comes before the first comma, so refuse commas. */
export const searchText: Check<string> = (name, value) => {
  if (text(name, value).includes(",")) {
    throw new RangeError(
      `${name} must not contain a comma: the portal would search only for the text before it`,
    );
  }
  return value as string;
};

const { pattern } = ApiDateTime as { pattern: RegExp };

/**
 * A point in time: a `Date` or an ApiDateTime string (the spec's pattern), sent in
 * `toISOString()` form, which a portal parses exactly. Years 1 to 9999 (a .NET DateTime), and
 * not 0001-01-01T00:00Z, the portal's "no date", which would drop the bound.
 */
export const date: Check<string> = (name, value) => {
  const isText = typeof value === "string";
  if (!isText && !(value instanceof Date)) {
    throw wrongType(name, "a Date or an ApiDateTime string", value);
  }
  let time = NaN;
  try {
    // The wall clock must read back as written: Date.parse moves 31 February into March.
    const wall = isText && value.slice(0, 19);
    if (!isText) time = value.getTime();
    else if (pattern.test(value) && new Date(`${wall}Z`).toISOString().startsWith(wall as string)) {
      time = Date.parse(value.replace(/(\.\d{3})\d+/, "$1"));
    }
  } catch {} // toISOString of an invalid date
  if (!(time > -62135596800000 && time < 253402300800000)) {
    throw new RangeError(`${name} must be a date in the years 1 to 9999`);
  }
  return new Date(time).toISOString();
};

/**
 * An inclusive "up to" date as a portal's `toDate`: a portal takes everything up to `toDate` +
 * 1 day − 1 minute (it means a date at midnight), so send the date − 23 h 59 min.
 */
export const dateUntil: Check<string> = (name, value) =>
  date(name, new Date(Date.parse(date(name, value)) - 1439 * 60_000));
