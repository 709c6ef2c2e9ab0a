// `onlyoffice-crm`: parses the command line (node:util parseArgs), finds the command in the
// table (src/cli/commands/, one file per part of the portal), checks its arguments and flags,
// runs it, and turns what went wrong into a message on stderr and an exit code. stdout carries
// only results. Secrets (the token, the password) never reach either stream, except the token
// with `login --print-token`.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs, type ParseArgsConfig } from "node:util";
import { ApiError, createCrmClient, OnlyofficeError, type CrmClient } from "../index";
import {
  commands,
  FLAGS,
  parseId,
  UsageError,
  type Command,
  type Context,
  type Flag,
  type FlagValue,
} from "./commands";
import { closeNames } from "./methods";
import { Interrupted } from "./prompt";
import { redactText } from "../core/errors";

const EXIT_OK = 0;
const EXIT_API = 1; // the portal (or the network) said no
const EXIT_USAGE = 2; // the command line or the configuration is wrong
const EXIT_INTERRUPTED = 130; // Ctrl-C at a prompt

/** The flags every command takes. */
const GLOBAL: Record<string, Flag & { short?: string }> = {
  url: {
    type: "string",
    value: "URL",
    help: "the portal, e.g. https://portal.example.com (default: $ONLYOFFICE_URL)",
  },
  token: {
    type: "string",
    value: "TOKEN",
    help: "the token (default: $ONLYOFFICE_TOKEN). Prefer the variable: a flag is visible\n      to every user of this machine in `ps` and lands in shell history.",
  },
  "allow-insecure-http": {
    type: "boolean",
    help: "allow plain http:// to a host that is not this machine (the token travels in clear text)",
  },
  json: { type: "boolean", help: "print JSON (the portal's camelCase names)" },
  help: { type: "boolean", short: "h", help: "help: of the command, or this one" },
  version: { type: "boolean", short: "v", help: "the version" },
};

const usage = (command: Command) =>
  [
    command.name,
    ...command.args.map(([kind, name]) => {
      const word = name.split(" ").pop()!.toLowerCase();
      return kind === "rest" ? `[${word}…]` : `<${word}>`;
    }),
  ].join(" ");

const flagLine = (name: string, f: Flag & { short?: string }) =>
  `  ${f.short ? `-${f.short}, ` : ""}--${name}${f.value ? ` <${f.value}>` : ""}`.padEnd(28) +
  f.help;

function help(): string {
  const width = Math.max(...commands.map((c) => usage(c).length));
  return [
    "Usage:",
    ...commands.map((c) => `  onlyoffice-crm ${usage(c).padEnd(width)}  ${c.help}`),
    "",
    "`onlyoffice-crm COMMAND --help` shows a command's arguments and flags; `onlyoffice-crm help`",
    "lists every method `call` reaches, by part (`onlyoffice-crm help cases`: one part).",
    "",
    "Options of every command:",
    ...Object.entries(GLOBAL).map(([name, f]) => flagLine(name, f)),
    "",
    "The password is read from the terminal without echo or, when stdin is not a terminal, from the",
    "first line of stdin:   printf '%s\\n' \"$PASSWORD\" | onlyoffice-crm login --user anna",
    "To keep the token in this shell:",
    '  export ONLYOFFICE_TOKEN="$(onlyoffice-crm login --user anna --print-token)"',
    "",
    "Exit codes: 0 done, 1 the portal or the network refused, 2 usage or configuration error,",
    "130 interrupted.",
  ].join("\n");
}

/** `onlyoffice-crm case get --help`: the command's arguments and the flags it takes. */
function commandHelp(command: Command): string {
  const args = command.args.map(([kind, name, text]) => {
    const word = `<${name.split(" ").pop()!.toLowerCase()}>`;
    return [kind === "rest" ? `[${word.slice(1, -1)}…]` : word, text ?? `the ${name}`] as const;
  });
  const own = Object.entries(command.flags ?? {});
  return [
    `Usage: onlyoffice-crm ${usage(command)}${own.length ? " [flags]" : ""}`,
    "",
    `${command.help[0]!.toUpperCase()}${command.help.slice(1)}.`,
    ...(command.details ? ["", command.details] : []),
    ...(args.length
      ? ["", "Arguments:", ...args.map(([word, text]) => `  ${word.padEnd(26)}${text}`)]
      : []),
    ...(own.length ? ["", "Flags:", ...own.map(([name, f]) => flagLine(name, f))] : []),
    "",
    "Options of every command:",
    ...Object.entries(GLOBAL).map(([name, f]) => flagLine(name, f)),
  ].join("\n");
}

/** The commands whose names start with `group` (`case`), as a short help. */
function groupHelp(group: string): string | undefined {
  const members = commands.filter((c) => c.name.startsWith(`${group} `));
  if (!members.length) return undefined;
  const width = Math.max(...members.map((c) => usage(c).length));
  return [
    "Usage:",
    ...members.map((c) => `  onlyoffice-crm ${usage(c).padEnd(width)}  ${c.help}`),
    "",
    `\`onlyoffice-crm ${group} ACTION --help\` shows an action's arguments and flags.`,
  ].join("\n");
}

function version(): string {
  // dist/cli.cjs → the package root; read at run time so it is the installed package's version.
  const pkg = JSON.parse(readFileSync(join(__dirname, "..", "package.json"), "utf8")) as {
    version: string;
  };
  return pkg.version;
}

const quote = (text: string) => JSON.stringify(text.slice(0, 40));

/** The command named by the first words of `positionals`, and the words after it. */
function find(positionals: string[]): [Command, string[]] {
  for (const words of [2, 1]) {
    const name = positionals.slice(0, words).join(" ");
    const command = commands.find((c) => c.name === name);
    if (command) return [command, positionals.slice(words)];
  }
  const [first, second] = positionals;
  if (first === undefined) throw new UsageError("missing a command");
  const actions = commands
    .filter((c) => c.name.startsWith(`${first} `))
    .map((c) => c.name.slice(first.length + 1));
  if (!actions.length) {
    const close = closeNames(first, new Set(commands.map((c) => c.name.split(" ")[0]!)));
    throw new UsageError(
      `unknown command ${quote(first)}${close.length ? `; did you mean ${close.join(", ")}?` : ""}`,
    );
  }
  throw new UsageError(
    second === undefined
      ? `missing the ${first} action: ${actions.join(", ")}`
      : `unknown ${first} action ${quote(second)}: use ${actions.join(", ")}`,
  );
}

type Options = NonNullable<ParseArgsConfig["options"]>;

/**
 * The command line's flags for `command`: unknown ones and those of other commands are refused
 * with one line naming the flag and what this command takes.
 */
function flagsFor(command: Command, argv: string[]): Record<string, FlagValue> {
  const options = { ...GLOBAL, ...command.flags } as Options;
  const { tokens } = parseArgs({
    args: argv,
    strict: false,
    allowPositionals: true,
    tokens: true,
    options: { ...(FLAGS as Options), ...options },
  });
  const takes = Object.keys(options)
    .map((name) => `--${name}`)
    .join(", ");
  for (const token of tokens ?? []) {
    if (token.kind !== "option" || Object.hasOwn(options, token.name)) continue;
    if (/^-\d/.test(token.rawName)) {
      throw new UsageError(
        `${token.rawName} is read as a flag: put words that start with - after --, e.g. \`onlyoffice-crm ${command.name} … -- ${token.rawName}\``,
      );
    }
    if (token.rawName.length === 2 && !Object.values(GLOBAL).some((f) => f.short === token.name)) {
      throw new UsageError(`unknown flag ${token.rawName}: \`${command.name}\` takes ${takes}`);
    }
    const owners = commands.filter((c) => Object.hasOwn(c.flags ?? {}, token.name));
    throw new UsageError(
      owners.length
        ? `--${token.name} belongs to ${owners.map((c) => `\`${c.name}\``).join(", ")}, not \`${command.name}\``
        : `unknown flag ${token.rawName}: \`${command.name}\` takes ${takes}`,
    );
  }
  try {
    return parseArgs({ args: argv, strict: true, allowPositionals: true, options })
      .values as Record<string, FlagValue>;
  } catch (error) {
    // The flags are known here: what is left is a missing value or a value given to a switch.
    const code = (error as { code?: string }).code;
    const name = /'(--?[\w-]+)/.exec((error as Error).message)?.[1] ?? "a flag";
    const flag = options[name.replace(/^-+/, "")] as Flag | undefined;
    throw new UsageError(
      code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE" && flag?.type === "string"
        ? `${name} needs a value: ${name} <${flag.value ?? "VALUE"}>`
        : code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE"
          ? `${name} takes no value`
          : `${(error as Error).message.split("\n")[0]}`,
    );
  }
}

// The library's configuration messages name its options; say what the CLI calls them.
const cliMessage = (message: string) =>
  message
    .replace("allowInsecureHttp: true", "--allow-insecure-http")
    .replace("pass `baseUrl` or ", "pass --url or ");

export async function main(argv: string[]): Promise<number> {
  // Strings to keep out of every message, whatever went wrong.
  const secrets = new Set<string>();
  const redact = (text: string) => {
    let result = text;
    // The library's rule: real occurrences of secrets long enough to be one; nothing else changes.
    for (const secret of secrets) result = redactText(result, secret);
    return result;
  };
  // Results on stdout are data (the token itself with `login --print-token`); messages are redacted.
  const out = (text: string) => void process.stdout.write(`${text}\n`);
  const err = (text: string) => void process.stderr.write(`${redact(text)}\n`);

  // First pass: the words that name the command, and the token to keep out of every message.
  // Flags are checked against the command's own in the second pass (flagsFor).
  const loose = parseArgs({
    args: argv,
    strict: false,
    allowPositionals: true,
    options: { ...FLAGS, ...GLOBAL } as Options,
  });
  const given = loose.values as Record<string, FlagValue>;
  const token =
    (typeof given.token === "string" ? given.token : undefined) ?? process.env.ONLYOFFICE_TOKEN;
  if (token) secrets.add(token);

  let subject = "";
  let tryHelp = "onlyoffice-crm --help";
  try {
    let found: [Command, string[]];
    try {
      found = find(loose.positionals);
    } catch (error) {
      if (given.help) return (out(groupHelp(loose.positionals[0] ?? "") ?? help()), EXIT_OK);
      if (given.version && !loose.positionals.length) return (out(version()), EXIT_OK);
      throw error;
    }
    const [command, rest] = found;
    tryHelp = `onlyoffice-crm ${command.name} --help`;
    try {
      // `call METHOD --help` when METHOD is one.
      if (rest[0] && command.describe?.(rest))
        tryHelp = `onlyoffice-crm ${command.name} ${rest[0]} --help`;
    } catch {}
    if (given.help) return (out(command.describe?.(rest) ?? commandHelp(command)), EXIT_OK);
    const flags = flagsFor(command, argv);
    if (command.name === "help" && rest.length) {
      // `help case get`: that command's help; `help cases`: a part's methods (the command).
      const named = commands.find((c) => c.name === rest.join(" "));
      if (named) return (out(commandHelp(named)), EXIT_OK);
    }

    const fixed = command.args.filter(([kind]) => kind !== "rest");
    const args: (string | number)[] = fixed.map(([kind, name], i) =>
      kind === "id" ? parseId(rest[i], name) : rest[i]!,
    );
    fixed.forEach(([kind, name], i) => {
      if (kind === "text" && !rest[i]) throw new UsageError(`missing the ${name}`);
    });
    if (fixed.length < command.args.length) args.push(...rest.slice(fixed.length));
    else if (rest.length > fixed.length)
      throw new UsageError(`unexpected argument ${quote(rest[fixed.length]!)}`);
    if (command.args[0]?.[0] === "id") subject = `${command.name.split(" ")[0]} ${args[0]}: `;

    const url = () => {
      const value = (flags.url as string | undefined) ?? process.env.ONLYOFFICE_URL;
      if (!value) throw new UsageError("no portal URL: set ONLYOFFICE_URL or pass --url");
      return value;
    };
    let crm: CrmClient | undefined;
    const context: Context = {
      args: args as (string | number)[],
      flags,
      url,
      crm: () => {
        if (crm) return crm;
        const baseUrl = url();
        if (!token || !token.trim()) {
          throw new UsageError(
            "no token: set ONLYOFFICE_TOKEN (`onlyoffice-crm login` gets one; see --help)",
          );
        }
        try {
          crm = createCrmClient({
            baseUrl,
            token,
            allowInsecureHttp: flags["allow-insecure-http"] === true,
          });
        } catch (error) {
          throw new UsageError(cliMessage((error as Error).message));
        }
        return crm;
      },
      secret: (text) => void secrets.add(text),
      out,
      err,
    };
    await command.run(context);
    return EXIT_OK;
  } catch (error) {
    if (error instanceof UsageError) {
      err(`onlyoffice-crm: ${cliMessage(error.message)}\nTry \`${tryHelp}\`.`);
      return EXIT_USAGE;
    }
    if (error instanceof Interrupted) return EXIT_INTERRUPTED;
    if (error instanceof ApiError) {
      // The message names the call and its IDs itself (`getCase(99): HTTP 404: …`).
      err(`onlyoffice-crm: ${error.call ? "" : subject}${error.message}${hint(error, subject)}`);
      return EXIT_API;
    }
    if (error instanceof OnlyofficeError) {
      err(`onlyoffice-crm: ${subject}${error.message}`);
      return EXIT_API;
    }
    if (error instanceof TypeError || error instanceof RangeError) {
      // The client refused the input before sending anything.
      err(`onlyoffice-crm: ${error.message}\nTry \`${tryHelp}\`.`);
      return EXIT_USAGE;
    }
    // A bug, not a refusal: say so, still without secrets.
    err(`onlyoffice-crm: unexpected error: ${String(error)}`);
    return EXIT_API;
  }
}

function hint(error: ApiError, subject: string): string {
  if (error.status === 404) {
    const noun = subject.split(" ")[0] || "record";
    return `\nhint: the portal answers 404 both for a ${noun} that does not exist and for one you may not see`;
  }
  if (error.status === 401) {
    return "\nhint: the portal did not accept the token: check ONLYOFFICE_TOKEN, or get a new one with `onlyoffice-crm login`";
  }
  return "";
}
