// `onlyoffice-crm`: parses the command line (node:util parseArgs), finds the command in the
// table (src/cli/commands.ts), checks its arguments and flags, runs it, and turns what went
// wrong into a message on stderr and an exit code. stdout carries only results. Secrets (the
// token, the password) never reach either stream, except the token with `login --print-token`.
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
  type FlagValue,
} from "./commands";
import { Interrupted } from "./prompt";
import { redactText } from "../core/errors";

const EXIT_OK = 0;
const EXIT_API = 1; // the portal (or the network) said no
const EXIT_USAGE = 2; // the command line or the configuration is wrong
const EXIT_INTERRUPTED = 130; // Ctrl-C at a prompt

const GLOBAL: Record<
  string,
  { type: "string" | "boolean"; short?: string; value?: string; help: string }
> = {
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
  help: { type: "boolean", short: "h", help: "this help" },
  version: { type: "boolean", short: "v", help: "the version" },
};

const usage = (command: Command) =>
  [
    command.name,
    ...command.args.map(([, name]) => `<${name.split(" ").pop()!.toLowerCase()}>`),
  ].join(" ");

function help(): string {
  const width = Math.max(...commands.map((c) => usage(c).length));
  const flag = (name: string, f: { type: string; short?: string; value?: string; help: string }) =>
    `  ${f.short ? `-${f.short}, ` : ""}--${name}${f.value ? ` <${f.value}>` : ""}`.padEnd(28) +
    f.help;
  return [
    "Usage:",
    ...commands.map((c) => `  onlyoffice-crm ${usage(c).padEnd(width)}  ${c.help}`),
    "",
    "Options:",
    ...Object.entries(GLOBAL).map(([name, f]) => flag(name, f)),
    ...Object.entries(FLAGS).map(([name, f]) => flag(name, f)),
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
  if (!actions.length) throw new UsageError(`unknown command ${quote(first)}`);
  throw new UsageError(
    second === undefined
      ? `missing the ${first} action: ${actions.join(", ")}`
      : `unknown ${first} action ${quote(second)}: use ${actions.join(", ")}`,
  );
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

  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: true,
      options: { ...GLOBAL, ...FLAGS } as ParseArgsConfig["options"],
    });
  } catch (error) {
    // parseArgs names the flag, never the value of another one.
    err(`onlyoffice-crm: ${(error as Error).message}\nTry \`onlyoffice-crm --help\`.`);
    return EXIT_USAGE;
  }
  const flags = parsed.values as Record<string, FlagValue>;
  const token = (flags.token as string | undefined) ?? process.env.ONLYOFFICE_TOKEN;
  if (token) secrets.add(token);
  if (flags.help) return (out(help()), EXIT_OK);
  if (flags.version) return (out(version()), EXIT_OK);

  let subject = "";
  try {
    const [command, rest] = find(parsed.positionals);
    for (const name of Object.keys(flags)) {
      if (!(name in GLOBAL) && !command.flags?.includes(name)) {
        const owners = commands.filter((c) => c.flags?.includes(name)).map((c) => `\`${c.name}\``);
        throw new UsageError(`--${name} belongs to ${owners.join(", ")}, not \`${command.name}\``);
      }
    }
    const args = command.args.map(([kind, name], i) =>
      kind === "id" ? parseId(rest[i], name) : rest[i],
    );
    command.args.forEach(([kind, name], i) => {
      if (kind === "text" && !rest[i]) throw new UsageError(`missing the ${name}`);
    });
    if (rest.length > command.args.length)
      throw new UsageError(`unexpected argument ${quote(rest[command.args.length]!)}`);
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
      err(`onlyoffice-crm: ${cliMessage(error.message)}\nTry \`onlyoffice-crm --help\`.`);
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
      err(`onlyoffice-crm: ${error.message}\nTry \`onlyoffice-crm --help\`.`);
      return EXIT_USAGE;
    }
    // A bug, not a refusal: say so, still without secrets.
    err(`onlyoffice-crm: unexpected error: ${String(error)}`);
    return EXIT_API;
  }
}

function hint(error: ApiError, subject: string): string {
  if (error.status === 404) {
    const noun = subject.split(" ")[0] || "item";
    return `\nhint: the portal answers 404 both for a ${noun} that does not exist and for one you may not see`;
  }
  if (error.status === 401) {
    return "\nhint: the portal did not accept the token: check ONLYOFFICE_TOKEN, or get a new one with `onlyoffice-crm login`";
  }
  return "";
}
