// Every method of the client, for `onlyoffice-crm call` and `onlyoffice-crm help`: made from the
// parts' lines (src/client.ts ALL_AREAS) and the operation table (generated/operations.ts), with
// each operation's part and one-line summary from the spec (the `spec-summaries` module is made
// at build time by tsup.config.ts). Nothing here is written per method.
import { existsSync, readFileSync } from "node:fs";
import { basename } from "node:path";
import spec from "spec-summaries";
import { PAGED } from "../../generated/operations";
import { ALL_AREAS } from "../client";
import type { Check } from "../core/guards";
import {
  applyArg,
  type Arg,
  type Area,
  type ReadFirst,
  type Shape,
  type Wire,
} from "../core/shapes";
import { UsageError } from "./commands/shared";

/**
 * One argument of a method, as the command line gives it: a scalar (a word), an object (an
 * `--input`), or a read-first, which may be either (`setCaseField`'s value, `updateCase`'s changes).
 */
export type Slot =
  | { kind: "scalar"; name: string; check: Check }
  | { kind: "object"; name: string; shape: Shape }
  | { kind: "either"; name: string; read: ReadFirst };

export interface Method {
  name: string;
  /** The part of the portal: its spec tag, with `-` for spaces (`custom-fields`). */
  part: string;
  summary: string;
  /** Its arguments; undefined for a method that is several requests (a composite). */
  slots?: Slot[];
  /** Its line (the library's arguments), for the checks of the words before a read-first. */
  line?: readonly Arg[];
  /** A list read page by page: `for await` streams it. */
  paged: boolean;
}

const partName = (tag: string) => tag.toLowerCase().replace(/\s+/g, "-");

function slot(arg: Arg): Slot {
  if (typeof arg === "function") {
    // A read-first's name is its constant's (`mergeInto`), less a bundler's numeric suffix; an
    // unnamed one (`createPerson`'s) is an object in practice.
    return { kind: "either", name: arg.name.replace(/\d+$/, ""), read: arg as ReadFirst };
  }
  if (Array.isArray(arg)) {
    const [name, , check] = arg as readonly [string, string, Check];
    return { kind: "scalar", name, check };
  }
  const shape = arg as Shape;
  return { kind: "object", name: shape.name, shape };
}

function collect(areas: readonly Area[]): Map<string, Method> {
  const found = new Map<string, Method>();
  for (const area of areas) {
    const tagOf = (operation: string) => spec.operations[operation]?.[0] ?? "";
    const areaTag = tagOf(Object.keys(area.operations)[0] ?? "");
    for (const [name, line] of Object.entries(area.lines)) {
      const operation = area.of?.[name] ?? name;
      const [tag, summary] = spec.operations[operation] ?? [areaTag, ""];
      found.set(name, {
        name,
        part: partName(tag),
        summary,
        slots: line.map(slot),
        line,
        paged: ((area.operations[operation]?.[1] ?? 0) & PAGED) !== 0,
      });
    }
    for (const name of Object.keys(area.composites ?? {})) {
      if (found.has(name)) continue; // a composite with a line: its words are checked as a line's
      found.set(name, {
        name,
        part: partName(areaTag),
        summary: spec.operations[name]?.[1] ?? "several requests",
        paged: false,
      });
    }
    if (area.needs)
      for (const [name, m] of collect(area.needs)) if (!found.has(name)) found.set(name, m);
  }
  return found;
}

/** Every method of `createCrmClient`'s client, by name. */
export const METHODS: ReadonlyMap<string, Method> = collect(ALL_AREAS as readonly Area[]);

/** The parts of the portal that have methods, in the spec's order, with their descriptions. */
export function parts(): { name: string; description: string; methods: Method[] }[] {
  const all = [...METHODS.values()];
  const tags = Object.keys(spec.tags).map(partName);
  for (const m of all) if (!tags.includes(m.part)) tags.push(m.part);
  return tags
    .map((name) => ({
      name,
      // One line: a tag's description may be a YAML block of several.
      description: (Object.entries(spec.tags).find(([tag]) => partName(tag) === name)?.[1] ?? "")
        .replace(/\s+/g, " ")
        .trim(),
      methods: all.filter((m) => m.part === name),
    }))
    .filter((part) => part.methods.length);
}

/** `call METHOD …`'s words for one argument. */
function word(s: Slot): string {
  if (s.kind === "scalar") return `<${s.name}>`;
  if (s.kind === "either") {
    return s.name && !/changes|input/i.test(s.name) ? `<${s.name}>|--input FILE` : "--input FILE";
  }
  return s.shape.required?.length ? `--input FILE` : `[--input FILE]`;
}

/** The command line that calls `method`. */
export function usage(method: Method): string {
  const words = method.slots ? method.slots.map(word) : ["[ARGS…]", "[--input FILE]…"];
  return ["onlyoffice-crm call", method.name, ...words].join(" ");
}

/** What `call METHOD --help` says: the command line, the summary, what each object holds. */
export function describe(method: Method): string {
  const lines = [
    `Usage: ${usage(method)} [--json]`,
    "",
    `${method.summary}${method.summary ? " " : ""}(${method.part})`,
  ];
  if (method.paged) {
    lines.push("A list read page by page: --json prints one JSON object per line as it comes.");
  }
  for (const s of method.slots ?? []) {
    if (s.kind !== "object") continue;
    const fields = Object.entries(s.shape.fields).map(([name, [, check]]) => {
      const words = typeof check === "function" ? "" : ` (${Object.keys(check).join("|")})`;
      return `${name}${s.shape.required?.includes(name) ? " (required)" : ""}${words}`;
    });
    lines.push(`--input: the ${s.name}, a JSON object with: ${fields.join(", ")}`);
  }
  lines.push(
    "",
    "Words fill the arguments in order (IDs as numbers, lists with commas: 1,2,3, dates as",
    "2025-06-30 or 2025-06-30T17:00:00Z, a file to upload as @path); --input FILE (- for stdin)",
    "gives an object as JSON, once per object argument. The library checks them all before",
    "anything is sent.",
  );
  return lines.join("\n");
}

const NUMBER = /^-?\d+(\.\d+)?$/;

/** What a word may stand for, most likely first: the first its check takes wins. */
function readings(text: string): (() => unknown)[] {
  const items = text.split(",");
  return [
    ...(NUMBER.test(text) ? [() => Number(text)] : []),
    ...(text === "true" || text === "false" ? [() => text === "true"] : []),
    () => text,
    ...(/^\d{4}-\d{2}-\d{2}$/.test(text) ? [() => `${text}T00:00:00Z`] : []),
    ...(/^[[{]/.test(text) ? [() => JSON.parse(text) as unknown] : []),
    () => items.map((item) => (NUMBER.test(item) ? Number(item) : item)),
    () => items,
    // A file for a multipart upload: @path.
    ...(text.startsWith("@") && existsSync(text.slice(1))
      ? [() => new File([readFileSync(text.slice(1))], basename(text.slice(1)))]
      : []),
  ];
}

/** `text` as the value `check` takes, or the check's own error for its most likely reading. */
export function convert(name: string, text: string, check: Check): unknown {
  let first: unknown;
  for (const reading of readings(text)) {
    let value: unknown;
    try {
      value = reading();
      check(name, value);
      return value;
    } catch (error) {
      first ??= error;
    }
  }
  throw first;
}

/** A word for a composite, whose arguments are checked by the composite itself. */
const plainValue = (text: string): unknown =>
  NUMBER.test(text)
    ? Number(text)
    : text === "true" || text === "false"
      ? text === "true"
      : /^[[{]/.test(text)
        ? (() => {
            try {
              return JSON.parse(text) as unknown;
            } catch {
              return text;
            }
          })()
        : text;

const NOT_SENT = Symbol("not sent");
/** A client whose every method fails with NOT_SENT, awaited or iterated: nothing is sent. */
const noClient = new Proxy(
  {},
  {
    get: () => () => {
      const refused = Promise.reject(NOT_SENT);
      refused.catch(() => {});
      return Object.assign(refused, {
        [Symbol.asyncIterator]: () => ({ next: () => Promise.reject(NOT_SENT) }),
      });
    },
  },
);

/**
 * Whether a read-first takes `value`: it checks its value before it reads, so a TypeError or
 * RangeError before any read means no.
 */
async function takes(read: ReadFirst, value: unknown, wire: Wire): Promise<boolean> {
  try {
    await read(value, { ...wire }, { crm: noClient, options: {} });
    return true;
  } catch (error) {
    return error === NOT_SENT || !(error instanceof TypeError || error instanceof RangeError);
  }
}

/** The arguments for `method`: the words in order for its scalars, the inputs for its objects. */
export async function argumentsFor(
  method: Method,
  words: string[],
  inputs: unknown[],
): Promise<unknown[]> {
  if (!method.slots) return [...words.map(plainValue), ...inputs];
  const rest = [...words];
  const objects = [...inputs];
  const args: unknown[] = [];
  const wire: Wire = {}; // what the arguments so far write, for a read-first's checks
  for (const [i, s] of method.slots.entries()) {
    let value: unknown;
    if (s.kind === "scalar") {
      const text = rest.shift();
      if (text === undefined) {
        throw new UsageError(`missing the ${s.name}: ${usage(method)}`);
      }
      value = convert(s.name, text, s.check);
    } else if (s.kind === "either" && rest.length) {
      // A word for a read-first (`mergeContacts 10 11`): the first reading it takes, else the
      // most likely one, for the library to refuse.
      const choices = readings(rest.shift()!);
      value = choices[0]!();
      for (const reading of choices) {
        const candidate = reading();
        if (await takes(s.read, candidate, wire)) {
          value = candidate;
          break;
        }
      }
    } else value = objects.shift();
    if (s.kind !== "either") {
      try {
        void applyArg(method.line![i]!, value, wire, { crm: noClient, options: {} });
      } catch {} // refused for real by the call itself
    }
    args.push(value);
  }
  if (rest.length) {
    throw new UsageError(
      `unexpected argument ${JSON.stringify(rest[0]!.slice(0, 40))}: ${usage(method)}`,
    );
  }
  if (objects.length) {
    const takes = method.slots.filter((s) => s.kind !== "scalar").length;
    throw new UsageError(
      `${method.name} takes ${takes ? `at most ${takes}` : "no"} --input: ${usage(method)}`,
    );
  }
  return args;
}

/** Up to five of `names` close to `wanted` (a typo, another case, a part of the name). */
export function closeNames(wanted: string, names: Iterable<string>): string[] {
  const w = wanted.toLowerCase();
  const scored = [...names].map((name) => {
    const n = name.toLowerCase();
    return [name, n.includes(w) || w.includes(n) ? 0 : distance(w, n)] as const;
  });
  const limit = Math.max(2, Math.floor(w.length / 3));
  return scored
    .filter(([, d]) => d <= limit)
    .sort((a, b) => a[1] - b[1])
    .slice(0, 5)
    .map(([name]) => name);
}

/** Levenshtein distance. */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(
        previous[j]! + 1,
        row[j - 1]! + 1,
        previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    previous = row;
  }
  return previous[b.length]!;
}
