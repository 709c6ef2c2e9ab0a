// What every command file uses: the command's shape, what it gets when it runs, and the parsers
// of IDs and lists. src/cli/main.ts parses, checks and runs the commands; nothing here parses
// argv or chooses exit codes.
import type { CrmClient } from "../../index";
import { INT32_MAX } from "../../core/guards";

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

/** A positional argument: a whole-number ID, or text. */
export type Arg = readonly [kind: "id" | "text", name: string];

export interface Command {
  /** The words that name it, e.g. `case list`. */
  name: string;
  args: readonly Arg[];
  /** The flags it takes besides the global ones (a flag's name must mean one type everywhere). */
  flags?: Readonly<Record<string, Flag>>;
  help: string;
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
