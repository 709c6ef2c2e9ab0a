// The generic commands: `call` reaches every method of the client, `help` lists them by part.
// Both are made from the method table (src/cli/methods.ts); nothing here is written per method.
import { readFileSync } from "node:fs";
import type { PagedList } from "../../index";
import { columns, render, tableOf } from "../format";
import { readStdin } from "../prompt";
import { argumentsFor, closeNames, describe, METHODS, parts, usage, type Method } from "../methods";
import { UsageError, type Command, type Context } from "./shared";

/** The method named `name`, or a usage error naming the close ones. */
function method(name: string | undefined): Method {
  if (name === undefined) {
    throw new UsageError("missing the method: `onlyoffice-crm help` lists them by part");
  }
  const found = METHODS.get(name);
  if (found) return found;
  const close = closeNames(name, METHODS.keys());
  throw new UsageError(
    `unknown method ${JSON.stringify(name.slice(0, 40))}` +
      (close.length ? `; did you mean ${close.join(", ")}?` : "") +
      " (`onlyoffice-crm help` lists them by part)",
  );
}

/** Each `--input` (a file, or `-` for stdin) parsed as JSON. */
async function inputs(given: string[]): Promise<unknown[]> {
  if (given.filter((f) => f === "-").length > 1) {
    throw new UsageError("--input - (stdin) can be given only once");
  }
  const values: unknown[] = [];
  for (const file of given) {
    let text: string;
    try {
      text = file === "-" ? await readStdin() : readFileSync(file, "utf8");
    } catch (error) {
      const why = (error as NodeJS.ErrnoException).code ?? "unreadable";
      throw new UsageError(`--input ${file}: cannot read it (${why})`);
    }
    try {
      values.push(JSON.parse(text));
    } catch {
      // JSON.parse's message quotes the text, which may be personal data.
      throw new UsageError(`--input ${file === "-" ? "- (stdin)" : file}: not valid JSON`);
    }
  }
  return values;
}

/** Every item of a paged list, streamed as JSON lines or gathered into one table. */
async function stream(context: Context, list: PagedList<unknown>, noun: string): Promise<void> {
  const { flags } = context;
  const progress = process.stderr.isTTY === true && !flags.json;
  const rows: unknown[] = [];
  let count = 0;
  for await (const item of list) {
    count++;
    if (flags.json) context.out(JSON.stringify(item));
    else rows.push(item);
    if (progress && count % 100 === 0) process.stderr.write(`\r${count} ${noun}…`);
  }
  if (progress) process.stderr.write("\r\u001b[K");
  if (!flags.json) context.out(rows.length ? tableOf(columns(rows), rows) : "None.");
}

/** The part named `word` (`cases`, `case`, `custom-fields`, `fields`), or a usage error. */
function part(word: string) {
  const all = parts();
  const w = word.toLowerCase();
  const found =
    all.find((p) => p.name === w || p.name === `${w}s` || p.name.replace(/-/g, " ") === w) ??
    all.find((p) => p.name.split("-").includes(w) || p.name.split("-").includes(`${w}s`));
  if (found) return found;
  throw new UsageError(
    `unknown part ${JSON.stringify(word.slice(0, 40))}: use ${all.map((p) => p.name).join(", ")}`,
  );
}

function listing(selected: ReturnType<typeof parts>): string {
  const width = Math.max(...selected.flatMap((p) => p.methods.map((m) => m.name.length)));
  return selected
    .map((p) =>
      [
        `${p.name}: ${p.description}`,
        ...p.methods.map((m) => `  ${m.name.padEnd(width)}  ${m.summary}`),
      ].join("\n"),
    )
    .join("\n\n");
}

export const generic: Command[] = [
  {
    name: "call",
    args: [
      ["text", "METHOD", "a method of the client, e.g. reopenCase (`onlyoffice-crm help`)"],
      ["rest", "ARGS", "its arguments in order: IDs, text, lists as 1,2,3, dates, @file"],
    ],
    flags: {
      input: {
        type: "string",
        multiple: true,
        value: "FILE",
        help: "an object argument as JSON: a file, or - for stdin (once per object argument)",
      },
    },
    help: "call any method of the client (`call METHOD --help`: its arguments)",
    details: [
      "Examples:",
      "  onlyoffice-crm call reopenCase 42",
      "  onlyoffice-crm call deleteCases 12,13",
      "  onlyoffice-crm call listCases --input filter.json --json > cases.jsonl",
      '  echo \'{"content": "Called back", "categoryId": 22}\' | onlyoffice-crm call addCaseNote 42 --input -',
      "",
      "Words fill the method's arguments in order; --input gives an object argument as JSON. The",
      "library checks them before anything is sent. A list read page by page is streamed: with",
      "--json one object per line. `onlyoffice-crm help` lists the methods by part.",
    ].join("\n"),
    describe: ([name]) => (name === undefined ? undefined : describe(method(name))),
    run: async (context) => {
      const [name, ...words] = context.args.map(String);
      const m = method(name);
      const given = await inputs((context.flags.input as string[]) ?? []);
      const args = await argumentsFor(m, words, given);
      const client = context.crm() as unknown as Record<string, (...a: unknown[]) => unknown>;
      const answer = client[m.name]!(...args);
      if (m.paged) return stream(context, answer as PagedList<unknown>, "items");
      const value = await answer;
      context.out(context.flags.json ? (JSON.stringify(value, null, 2) ?? "null") : render(value));
    },
  },
  {
    name: "help",
    args: [["rest", "PART", "a part of the portal (cases, contacts, …), or a command"]],
    help: "the methods `call` reaches, by part, with their summaries; or a command's help",
    run: async (context) => {
      const words = context.args.map(String);
      const selected = words.length ? [part(words.join("-"))] : parts();
      if (context.flags.json) {
        const rows = selected.flatMap((p) =>
          p.methods.map((m) => ({
            part: p.name,
            method: m.name,
            summary: m.summary,
            usage: usage(m),
          })),
        );
        return context.out(JSON.stringify(rows, null, 2));
      }
      context.out(listing(selected));
      context.out("\n`onlyoffice-crm call METHOD --help` shows a method's arguments.");
    },
  },
];
