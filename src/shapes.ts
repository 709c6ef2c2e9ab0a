// How a method's arguments become the wire: each argument is checked and written under the
// portal's names into one bag (`Wire`); src/client.ts then puts each name where the spec says
// (path, query or JSON body). A method is a list of these arguments, one line of data each.
import type { Check } from "./guards";

/** The portal's names and the values to send, before they are split into path, query and body. */
export type Wire = Record<string, unknown>;

/** What an argument may need besides its value: the client (to read first) and the call's options. */
export interface Call {
  crm: unknown;
  options: object;
}

/** One positional argument: checks `value` and writes it into `wire` (async when it reads first). */
export type Arg = (value: unknown, wire: Wire, call: Call) => void | Promise<void>;

/** One scalar argument sent as the portal's `wire` name, e.g. `caseId` as `caseid`. */
export const param =
  (name: string, wireName: string, check: Check): Arg =>
  (value, wire) => {
    wire[wireName] = check(name, value);
  };

/** An object's fields: the user's name → [the portal's name, the check]. */
export type Fields = Record<string, readonly [wireName: string, check: Check]>;

const isPlain = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * An object argument (`name`: "filter", "input", ...). It may be left out unless it has
 * `required` fields. Unknown fields are refused (a typo would otherwise widen a filter), `null`
 * too (a portal turns a JSON null into "" and then fails); `undefined` counts as left out.
 */
export function shape(name: string, fields: Fields, required: readonly string[] = []): Arg {
  return (value, wire) => {
    if (value === undefined && !required.length) return;
    if (!isPlain(value)) throw new TypeError(`${name} must be an object`);
    for (const key in value) {
      if (!Object.hasOwn(fields, key)) {
        throw new TypeError(`${name} has no field ${key}: use ${Object.keys(fields).join(", ")}`);
      }
      if (value[key] === null) {
        throw new TypeError(`${name}.${key} must not be null: leave it out instead`);
      }
    }
    for (const key in fields) {
      const [wireName, check] = fields[key]!;
      if (value[key] !== undefined) wire[wireName] = check(`${name}.${key}`, value[key]);
      else if (required.includes(key)) throw new TypeError(`${name}.${key} is required`);
    }
  };
}

/** `arg` with a rule across its fields, checked on what it wrote before anything is sent. */
export const withRule =
  (arg: Arg, rule: (written: Wire) => void): Arg =>
  (value, wire, call) => {
    const written: Wire = {};
    void arg(value, written, call); // a shape: synchronous
    rule(written);
    Object.assign(wire, written);
  };
