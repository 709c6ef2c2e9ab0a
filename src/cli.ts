// `onlyoffice-crm`: the command-line face of the client, for scripts and people. Node only.
// stdout carries the result (a summary, JSON, or with --print-token the token alone); prompts,
// notes and errors go to stderr. Secrets (the token, the password) never reach either stream,
// except the token on stdout when --print-token asks for it.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline/promises";
import { parseArgs } from "node:util";
import {
  ApiError,
  createCrmClient,
  CustomFieldType,
  OnlyofficeError,
  parseApiDateTime,
  signIn,
  type Case,
  type Employee,
} from "./index";
import { INT32_MAX } from "./guards";

const EXIT_OK = 0;
const EXIT_API = 1; // the portal (or the network) said no
const EXIT_USAGE = 2; // the command line or the configuration is wrong
const EXIT_INTERRUPTED = 130; // Ctrl-C at a prompt

const HELP = `Usage:
  onlyoffice-crm case get <id>       show a CRM case
  onlyoffice-crm case close <id>     close a case (closing a closed case is fine)
  onlyoffice-crm case reopen <id>    reopen a case (reopening an open case is fine)
  onlyoffice-crm login               sign in with a user name and password, get a token

Options:
  --url <url>        the portal, e.g. https://portal.example.com  (default: $ONLYOFFICE_URL)
  --token <token>    the token (default: $ONLYOFFICE_TOKEN). Prefer the variable: a flag is
                     visible to every user of this machine in \`ps\` and lands in shell history.
  --json             print the case as JSON (the portal's camelCase names)
  --user <name>      login: the user name or email (asked for when left out on a terminal)
  --print-token      login: print the token, and only the token, on stdout
  -h, --help         this help
  -v, --version      the version

The password is read from the terminal without echo or, when stdin is not a terminal, from the
first line of stdin:   printf '%s\\n' "$PASSWORD" | onlyoffice-crm login --user anna
To keep the token in this shell:
  export ONLYOFFICE_TOKEN="$(onlyoffice-crm login --user anna --print-token)"

Exit codes: 0 done, 1 the portal or the network refused, 2 usage or configuration error,
130 interrupted.`;

/** A mistake in the command line or the configuration: exit code 2. */
class UsageError extends Error {}

interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
}

const io: Io = {
  out: (text) => void process.stdout.write(`${text}\n`),
  err: (text) => void process.stderr.write(`${text}\n`),
};

// Strings to keep out of every message, whatever went wrong.
const secrets = new Set<string>();

function redact(text: string): string {
  let result = text;
  for (const secret of secrets) if (secret) result = result.split(secret).join("<redacted>");
  return result;
}

function version(): string {
  // dist/cli.cjs → the package root; read at run time so it is the installed package's version.
  const pkg = JSON.parse(readFileSync(join(__dirname, "..", "package.json"), "utf8")) as {
    version: string;
  };
  return pkg.version;
}

function parseCaseId(text: string | undefined): number {
  if (text === undefined) throw new UsageError("missing the case ID, e.g. `case get 42`");
  const id = /^[0-9]{1,10}$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isInteger(id) || id < 1 || id > INT32_MAX) {
    throw new UsageError(
      `the case ID must be a whole number from 1 to ${INT32_MAX}, got ${JSON.stringify(text.slice(0, 40))}`,
    );
  }
  return id;
}

// Portal text is HTML-encoded (`O&#39;Brien`) and could hold terminal escape sequences: decode
// the common entities and drop control characters before a person reads it.
function codePoint(code: number): string {
  return code <= 0x10ffff ? String.fromCodePoint(code) : "\ufffd"; // &#99999999; is no character
}

function plain(text: string): string {
  return text
    .replace(/&#(\d+);/g, (_, code: string) => codePoint(Number(code)))
    .replace(/&#x([0-9a-f]+);/gi, (_, code: string) => codePoint(parseInt(code, 16)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&")
    .replace(/[\u0000-\u001f\u007f-\u009f]/g, " ");
}

function when(value: string | undefined): string {
  if (!value) return "unknown";
  try {
    const parsed = parseApiDateTime(value);
    if (!parsed) return "no date";
    // The portal's own wall-clock time and offset, without the seven fraction digits.
    return `${value.slice(0, 10)} ${value.slice(11, 19)} ${parsed.offset === "Z" ? "UTC" : parsed.offset}`;
  } catch {
    return plain(value);
  }
}

function names(people: Employee[] | undefined): string {
  return (people ?? []).map((person) => plain(person.displayName)).join(", ");
}

function describeCase(c: Case): string {
  const members = c.members.map(
    (member) => `${plain(member.displayName)}${member.isCompany ? " (company)" : ""}`,
  );
  const lines = [
    `Case ${c.id}: ${plain(c.title)}`,
    `  status:   ${c.isClosed ? "closed" : "open"}`,
    `  access:   ${c.isPrivate ? `private (${names(c.accessList) || "nobody listed"})` : "public"}`,
    `  created:  ${when(c.created)} by ${plain(c.createBy.displayName)}`,
    `  members:  ${members.length ? members.join(", ") : "none"}`,
  ];
  // A heading groups fields and has no value.
  for (const field of c.customFields.filter((f) => f.fieldType !== CustomFieldType.Heading)) {
    lines.push(`  ${plain(field.label)}: ${plain(field.fieldValue)}`);
  }
  return lines.join("\n");
}

interface Values {
  url?: string;
  token?: string;
  json?: boolean;
  user?: string;
  "print-token"?: boolean;
  help?: boolean;
  version?: boolean;
}

function portalUrl(values: Values): string {
  const url = values.url ?? process.env.ONLYOFFICE_URL;
  if (!url) throw new UsageError("no portal URL: set ONLYOFFICE_URL or pass --url");
  return url;
}

async function caseCommand(positionals: string[], values: Values): Promise<void> {
  const [action, idText, ...extra] = positionals;
  if (action !== "get" && action !== "close" && action !== "reopen") {
    throw new UsageError(
      action === undefined
        ? "missing the case action: get, close or reopen"
        : `unknown case action ${JSON.stringify(action.slice(0, 40))}: use get, close or reopen`,
    );
  }
  const caseId = parseCaseId(idText);
  if (extra.length) throw new UsageError(`unexpected argument ${JSON.stringify(extra[0])}`);
  if (values.user !== undefined || values["print-token"]) {
    throw new UsageError("--user and --print-token belong to `login`");
  }
  const baseUrl = portalUrl(values);
  const token = values.token ?? process.env.ONLYOFFICE_TOKEN;
  if (!token || token.trim() === "") {
    throw new UsageError(
      "no token: set ONLYOFFICE_TOKEN (`onlyoffice-crm login` gets one; see --help)",
    );
  }
  secrets.add(token);
  let crm;
  try {
    crm = createCrmClient({ baseUrl, token });
  } catch (error) {
    throw new UsageError(cliMessage((error as Error).message));
  }
  const operation = { get: crm.getCase, close: crm.closeCase, reopen: crm.reopenCase }[action];
  let c: Case;
  try {
    c = await operation(caseId);
  } catch (error) {
    if (error instanceof ApiError) error.message = `case ${caseId}: ${error.message}`;
    throw error;
  }
  if (values.json) {
    io.out(JSON.stringify(c, null, 2));
  } else {
    if (action !== "get") io.out(`${action === "close" ? "Closed" : "Reopened"} case ${c.id}.`);
    io.out(describeCase(c));
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

async function ask(question: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  try {
    return (await rl.question(question)).trim();
  } finally {
    rl.close();
  }
}

/** Reads a line from the terminal in raw mode, echoing nothing. */
function askHidden(question: string): Promise<string> {
  const stdin = process.stdin;
  process.stderr.write(question);
  return new Promise((resolve, reject) => {
    let typed = "";
    const finish = (error?: Error) => {
      stdin.off("data", onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write("\n");
      if (error) reject(error);
      else resolve(typed);
    };
    const onData = (chunk: Buffer) => {
      for (const char of chunk.toString("utf8")) {
        if (char === "\r" || char === "\n") return finish();
        if (char === "\u0003") return finish(new Interrupted());
        if (char === "\u0004") {
          if (typed === "") return finish(new Interrupted());
          return finish();
        }
        if (char === "\u007f" || char === "\b") typed = typed.slice(0, -1);
        else if (char === "\u0015")
          typed = ""; // Ctrl-U
        else if (char >= " ") typed += char;
      }
    };
    stdin.setRawMode(true);
    stdin.resume();
    stdin.on("data", onData);
  });
}

class Interrupted extends Error {}

async function loginCommand(positionals: string[], values: Values): Promise<void> {
  if (positionals.length) {
    throw new UsageError(`unexpected argument ${JSON.stringify(positionals[0]?.slice(0, 40))}`);
  }
  if (values.json && values["print-token"]) {
    throw new UsageError("use either --json or --print-token");
  }
  const baseUrl = portalUrl(values);
  const interactive = process.stdin.isTTY === true;
  let userName = values.user;
  if (userName === undefined) {
    if (!interactive) throw new UsageError("--user is required when stdin is not a terminal");
    userName = await ask("User name: ");
  }
  if (!userName) throw new UsageError("the user name is empty");

  let password: string;
  if (interactive) {
    password = await askHidden("Password: ");
  } else {
    // The first line of stdin, without its line ending.
    password = (await readStdin()).split(/\r?\n/, 1)[0] ?? "";
  }
  if (!password) throw new UsageError("the password is empty (none typed or on stdin)");
  secrets.add(password);

  let result;
  try {
    result = await signIn({ baseUrl, userName, password });
  } catch (error) {
    if (error instanceof TypeError) throw new UsageError(cliMessage(error.message));
    throw error;
  }
  secrets.add(result.token);
  const expires = when(result.expires);

  if (values["print-token"]) {
    io.out(result.token);
    io.err(`Signed in as ${plain(userName)}; the token expires ${expires}.`);
    return;
  }
  if (values.json) {
    io.out(JSON.stringify({ signedIn: true, userName, expires: result.expires ?? null }, null, 2));
    return;
  }
  io.out(`Signed in to ${baseUrl} as ${plain(userName)}. The token expires ${expires}.`);
  io.out("The token was not printed. To keep one in this shell, run:");
  io.out(
    `  export ONLYOFFICE_TOKEN="$(onlyoffice-crm login --url ${baseUrl} --user ${shellQuote(userName)} --print-token)"`,
  );
}

// The library's configuration messages name its options; the CLI has no allowInsecureHttp.
function cliMessage(message: string): string {
  return message.replace(/, or pass allowInsecureHttp: true if you really mean it$/, "");
}

function shellQuote(text: string): string {
  return /^[\w@.+-]+$/.test(text) ? text : `'${text.replace(/'/g, "'\\''")}'`;
}

function hint(error: ApiError): string {
  if (error.status === 404) {
    return "\nhint: the portal answers 404 both for a case that does not exist and for one you may not see";
  }
  if (error.status === 401) {
    return "\nhint: the portal did not accept the token: check ONLYOFFICE_TOKEN, or get a new one with `onlyoffice-crm login`";
  }
  return "";
}

export async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: true,
      options: {
        url: { type: "string" },
        token: { type: "string" },
        json: { type: "boolean" },
        user: { type: "string" },
        "print-token": { type: "boolean" },
        help: { type: "boolean", short: "h" },
        version: { type: "boolean", short: "v" },
      },
    });
  } catch (error) {
    // parseArgs names the flag, never the value of another one.
    io.err(`onlyoffice-crm: ${(error as Error).message}\nTry \`onlyoffice-crm --help\`.`);
    return EXIT_USAGE;
  }
  const values = parsed.values as Values;
  if (values.token) secrets.add(values.token);
  if (process.env.ONLYOFFICE_TOKEN) secrets.add(process.env.ONLYOFFICE_TOKEN);
  if (values.help) {
    io.out(HELP);
    return EXIT_OK;
  }
  if (values.version) {
    io.out(version());
    return EXIT_OK;
  }

  const [command, ...rest] = parsed.positionals;
  try {
    if (command === "case") await caseCommand(rest, values);
    else if (command === "login") await loginCommand(rest, values);
    else {
      throw new UsageError(
        command === undefined
          ? "missing a command"
          : `unknown command ${JSON.stringify(command.slice(0, 40))}`,
      );
    }
    return EXIT_OK;
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(redact(`onlyoffice-crm: ${error.message}\nTry \`onlyoffice-crm --help\`.`));
      return EXIT_USAGE;
    }
    if (error instanceof Interrupted) return EXIT_INTERRUPTED;
    if (error instanceof ApiError) {
      io.err(redact(`onlyoffice-crm: ${error.message}${hint(error)}`));
      return EXIT_API;
    }
    if (error instanceof OnlyofficeError) {
      io.err(redact(`onlyoffice-crm: ${error.message}`));
      return EXIT_API;
    }
    // A bug, not a refusal: say so, still without secrets.
    io.err(redact(`onlyoffice-crm: unexpected error: ${String(error)}`));
    return EXIT_API;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    io.err(redact(`onlyoffice-crm: ${String(error)}`));
    process.exitCode = EXIT_API;
  },
);
