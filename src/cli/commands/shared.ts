// What every command file uses: the command's shape, what it gets when it runs, and the parsers
// of IDs and lists. src/cli/main.ts parses, checks and runs the commands; nothing here parses
// argv or chooses exit codes.
import type { CrmClient } from "../../index";
import { date, INT32_MAX } from "../../core/guards";

/** A mistake in the command line or the configuration: exit code 2. */
export class UsageError extends Error {}

export type FlagValue = string | boolean | string[] | undefined;

/** What a command gets: its arguments (checked), its flags, the client, and the streams. */
export interface Context {
  args: (string | number)[];
  flags: Record<string, FlagValue>;
  /** The portal's URL (`--url` or ONLYOFFICE_URL). */
  url(): string;
  /** The client, for the URL and the token (`--token` or ONLYOFFICE_TOKEN). */
  crm(): CrmClient;
  /** Keeps `text` out of everything printed from now on. */
  secret(text: string): void;
  out(text: string): void;
  err(text: string): void;
}

export interface Flag {
  type: "string" | "boolean";
  multiple?: boolean;
  /** The value's name in the help, for string flags. */
  value?: string;
  help: string;
}

/**
 * A positional argument: a whole-number ID, text, or (last) any number of words: `rest` ones are
 * optional, and the command gets them as they are.
 */
export type Arg = readonly [kind: "id" | "text" | "rest", name: string, help?: string];

export interface Command {
  /** The words that name it, e.g. `case list`. */
  name: string;
  args: readonly Arg[];
  /** The flags it takes besides the global ones (a flag's name must mean one type everywhere). */
  flags?: Readonly<Record<string, Flag>>;
  help: string;
  /** More for its `--help`: what the one line of `help` leaves out. */
  details?: string;
  /** `--help` for these words after the command, where they change it (`call reopenCase --help`). */
  describe?(words: string[]): string | undefined;
  run(context: Context): Promise<void>;
}

/** A flag's repeated values, or undefined when it was not given. */
export const list = (value: FlagValue) =>
  Array.isArray(value) && value.length ? value : undefined;

/** `text` as an ID (a positive int32), or a usage error naming `name`. */
export function parseId(text: string | undefined, name: string): number {
  if (text === undefined) throw new UsageError(`missing the ${name}`);
  const id = /^[0-9]{1,10}$/.test(text) ? Number(text) : Number.NaN;
  if (!(id >= 1 && id <= INT32_MAX)) {
    const got = JSON.stringify(text.slice(0, 40));
    throw new UsageError(`the ${name} must be a whole number from 1 to ${INT32_MAX}, got ${got}`);
  }
  return id;
}

/** The ID given as `--name`, or undefined when it was not given. */
export const idFlag = (context: Context, name: string): number | undefined =>
  context.flags[name] === undefined ? undefined : parseId(String(context.flags[name]), `--${name}`);

/** Prints `value` as indented JSON (the portal's camelCase names). */
export const printJson = (context: Context, value: unknown) =>
  context.out(JSON.stringify(value, null, 2));

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A date typed by a person: `2025-06-30` (midnight UTC) or `2025-06-30T17:00:00Z`, checked by
 * the library's date guard, so `1` and `2025-02-31` are refused (Date.parse would take them as
 * 2001-01-01 and 3 March).
 */
export function parseDate(text: string | undefined, name: string): Date {
  const example = "e.g. 2025-06-30 or 2025-06-30T17:00:00Z";
  if (text === undefined) throw new UsageError(`${name} is required: a date, ${example}`);
  try {
    return new Date(date(name, DAY.test(text) ? `${text}T00:00:00Z` : text));
  } catch {
    const got = JSON.stringify(text.slice(0, 40));
    throw new UsageError(`${name} must be a date of the calendar, ${example}; got ${got}`);
  }
}
