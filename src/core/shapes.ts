// How a method's arguments become the wire. A method is a line of arguments, each one plain data
// (a tuple, an object, or for a read-first an async function), that `applyArg` checks and writes
// under the portal's names into one bag (`Wire`); src/client.ts then puts each name where the
// spec says (path, query or JSON body). Plain data, not calls, so that a bundler drops the lines
// of every part of the portal an app does not use.
import { isObject } from "./envelope";
import type { Operation } from "../../generated/operations";
import { wrongType, type Check } from "./guards";

/** The portal's names and the values to send, before they are split into path, query and body. */
export type Wire = Record<string, unknown>;

/** What an argument may need besides its value: the client (to read first) and the call's options. */
export interface Call {
  crm: unknown;
  options: object;
  /** In a composite: the line of the same name it replaces (e.g. a request it makes only when needed). */
  line?: (...args: never[]) => Promise<unknown>;
}

/**
 * What `after`, `errors` and `composites` get: the client, the call's options, its arguments. The
 * options object is the call's own, the same that its arguments' read-first got as `call.options`.
 */
export interface Done extends Call {
  args: readonly unknown[];
}

/** A check, or the user's words mapped to the portal's (`{ created: "dateandtime" }`). */
export type FieldCheck = Check | Readonly<Record<string, unknown>>;

/** An object's fields: the user's name → [the portal's name, the check]. */
export type Fields = Readonly<Record<string, readonly [wireName: string, check: FieldCheck]>>;

/**
 * An object argument (`name`: "filter", "input", ...). It may be left out unless it has
 * `required` fields. Unknown fields are refused (a typo would otherwise widen a filter), `null`
 * too (a portal turns a JSON null into "" and then fails); `undefined` counts as left out.
 * `rule` checks what it wrote, across fields, before anything is sent.
 */
export interface Shape {
  readonly name: string;
  readonly fields: Fields;
  readonly required?: readonly string[];
  readonly rule?: (written: Wire) => void;
}

/** Checks `value` and writes it into `wire`; async when it reads first. */
export type ReadFirst = (value: unknown, wire: Wire, call: Call) => Promise<void>;

/**
 * One positional argument: a scalar `[name, wireName, check]` (e.g. `caseId` sent as `caseid`),
 * an object (`Shape`), or a read-first.
 */
export type Arg = readonly [name: string, wireName: string, check: Check] | Shape | ReadFirst;

/** `value` checked: by a check function, or one of a map's words (→ what the map gives). */
export function checked(name: string, value: unknown, check: FieldCheck): unknown {
  if (typeof check === "function") return check(name, value);
  if (typeof value !== "string" || !Object.hasOwn(check, value)) {
    throw new RangeError(`${name} must be one of ${Object.keys(check).join(", ")}`);
  }
  return (check as Record<string, unknown>)[value];
}

/** `value` checked against `shape`: what it writes under the portal's names. */
export function shaped({ name, fields, required = [], rule }: Shape, value: unknown): Wire {
  const written: Wire = {};
  if (value !== undefined || required.length) {
    if (!isObject(value)) {
      throw wrongType(name, "an object", value);
    }
    const given = value as Record<string, unknown>;
    for (const key in given) {
      if (!Object.hasOwn(fields, key)) {
        throw new TypeError(`${name} has no field ${key}: use ${Object.keys(fields).join(", ")}`);
      }
      if (given[key] === null) {
        throw new TypeError(`${name}.${key} must not be null: leave it out instead`);
      }
    }
    for (const key in fields) {
      const [wireName, check] = fields[key]!;
      if (given[key] !== undefined)
        written[wireName] = checked(`${name}.${key}`, given[key], check);
      else if (required.includes(key)) throw new TypeError(`${name}.${key} is required`);
    }
  }
  rule?.(written);
  return written;
}

/** Checks one argument and writes it into `wire`; a promise only for a read-first. */
export function applyArg(arg: Arg, value: unknown, wire: Wire, call: Call): Promise<void> | void {
  if (typeof arg === "function") return arg(value, wire, call);
  if (Array.isArray(arg)) {
    const [name, wireName, check] = arg as readonly [string, string, Check];
    wire[wireName] = check(name, value);
  } else Object.assign(wire, shaped(arg as Shape, value));
}

/** What the case methods of a route with an `{entityType}` segment send as its entity type. */
export const caseBound: Wire = { entityType: "case" };

/**
 * A part of the portal: its operations (generated from the spec, one table per tag), one line of
 * arguments per method, and what some methods send besides (`entityType=case` on the routes that
 * take the entity type). A method calls the operation of its own name, or the one `of` names: a
 * route that takes the entity type is one operation of the spec (`addRecordTag`) and a method per
 * kind of record (`addCaseTag`, `addContactTag`, `addDealTag`). `M` is the methods it adds to a
 * client; the compiler checks that every operation is reached by a method, and every method
 * reaches an operation (`LinesFor`).
 */
export interface Area<M = object> {
  readonly operations: Readonly<Record<string, Operation>>;
  readonly lines: Readonly<Record<string, readonly Arg[]>>;
  /** Method → the operation it calls, where the names differ. */
  readonly of?: Readonly<Record<string, string>>;
  readonly bound?: Readonly<Record<string, Wire>>;
  /**
   * What a method resolves to, made from the portal's checked answer: a JSON string parsed for
   * the user, a status put back after an update, an answer compared with the request. May call
   * other methods through `done.crm`.
   */
  readonly after?: Readonly<Record<string, (response: never, done: Done) => unknown>>;
  // (`after` is for methods that are not paged: a paged list is its pages.)
  /** The error the user should see instead (e.g. a 400 that means "not configured"); or none. */
  readonly errors?: Readonly<Record<string, (error: unknown, done: Done) => Error | undefined>>;
  /**
   * Methods that are not one request (wait for a job, apply templates): each gets the client and
   * the user's arguments, checks them before anything is sent, and calls other methods.
   */
  readonly composites?: Readonly<Record<string, (call: Done, ...args: never[]) => unknown>>;
  /**
   * Installs `after`, `errors` and `composites`: a part that has any sets `hooks` (from
   * src/core/hooks.ts), so that an app whose parts have none bundles none of it.
   */
  readonly hooks?: (area: Area, crm: Record<string, unknown>) => void;
  /** How the part sends a multipart body (`formData`), when it has a file upload (FORM). */
  readonly form?: (body: Wire) => FormData;
  /** Areas whose methods a read-first of this one calls (they come along into the client). */
  readonly needs?: readonly Area[];
  /** Only a type: the methods this area gives a client. */
  readonly methods?: M;
}

/** The operations that the methods reach: their own names, less those `Of` sends elsewhere. */
type Reached<Methods, Of> = Exclude<keyof Methods, keyof Of> | Of[keyof Of];

/**
 * `lines` when every operation is reached by some method and every method reaches an operation
 * (`Of`: the area's `of`); `never` otherwise.
 */
export type LinesFor<Operations, Methods, Of = object> = [keyof Operations] extends [
  Reached<Methods, Of>,
]
  ? [Reached<Methods, Of>] extends [keyof Operations]
    ? [keyof Of] extends [keyof Methods]
      ? Record<keyof Methods, readonly Arg[]>
      : never
    : never
  : never;

/** A multipart body, for a part with a file upload (`form: formData`): a `Blob` or `File` as a
 * file part, anything else as text. */
export function formData(body: Wire): FormData {
  const form = new FormData();
  for (const key in body) {
    const value = body[key];
    if (value instanceof Blob) form.append(key, value, (value as File).name ?? key);
    else for (const v of [value].flat()) form.append(key, String(v));
  }
  return form;
}
