// The CLI's commands, one entry each: its words, its arguments, its flags, one line of help, and
// what it does with the client. src/cli/main.ts parses, checks and runs them; nothing here
// parses argv or chooses exit codes.
import {
  signIn,
  TwoFactorRequiredError,
  type Case,
  type CrmClient,
  type Person,
  type Company,
  type Task,
} from "../index";
import { INT32_MAX } from "../core/guards";
import { describeCase, describeContact, plain, table, when } from "./format";
import { ask, askHidden, confirm, firstLine, interactive } from "./prompt";

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

/** The flags the commands share; each command names those it takes. */
export const FLAGS: Record<string, Flag> = {
  open: { type: "boolean", help: "only open cases" },
  closed: { type: "boolean", help: "only closed cases" },
  contact: { type: "string", value: "ID", help: "only cases of this contact" },
  tag: {
    type: "string",
    multiple: true,
    value: "TAG",
    help: "only cases with this tag (repeat for more)",
  },
  search: { type: "string", value: "TEXT", help: "words that start words of the title" },
  title: { type: "string", value: "TEXT", help: "the title" },
  member: {
    type: "string",
    multiple: true,
    value: "ID",
    help: "a contact to link (repeat for more)",
  },
  private: { type: "boolean", help: "private to the --access users (and you)" },
  access: {
    type: "string",
    multiple: true,
    value: "USERID",
    help: "a user who may see it (repeat)",
  },
  yes: { type: "boolean", help: "do not ask" },
  user: { type: "string", value: "NAME", help: "the user name or email (asked on a terminal)" },
  "print-token": { type: "boolean", help: "print the token, and only the token, on stdout" },
  code: { type: "string", value: "CODE", help: "the two-factor code (asked on a terminal)" },
  person: { type: "boolean", help: "only persons" },
  company: { type: "boolean", help: "only companies" },
  category: { type: "string", value: "ID", help: "a history or task category" },
  case: { type: "string", value: "ID", help: "the case it belongs to" },
  deadline: {
    type: "string",
    value: "DATE",
    help: "when it is due: 2025-06-30 or 2025-06-30T17:00:00Z",
  },
};

/** A positional argument: a whole-number ID, or text. */
export type Arg = readonly [kind: "id" | "text", name: string];

export interface Command {
  /** The words that name it, e.g. `case list`. */
  name: string;
  args: readonly Arg[];
  /** The names of the flags it takes, from FLAGS (and the global ones). */
  flags?: readonly string[];
  help: string;
  run(context: Context): Promise<void>;
}

function printCase(context: Context, c: Case, said?: string): void {
  if (context.flags.json) return context.out(JSON.stringify(c, null, 2));
  if (said) context.out(said);
  context.out(describeCase(c));
}

/** A command that acts on one case by ID and prints it. */
function onCase(
  name: string,
  help: string,
  act: (crm: CrmClient, id: number) => Promise<Case>,
  said?: (c: Case) => string,
): Command {
  return {
    name: `case ${name}`,
    args: [["id", "case ID"]],
    help,
    run: async (context) => {
      const c = await act(context.crm(), context.args[0] as number);
      printCase(context, c, said?.(c));
    },
  };
}

const list = (value: FlagValue) => (Array.isArray(value) && value.length ? value : undefined);

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

const idFlag = (context: Context, name: string): number | undefined =>
  context.flags[name] === undefined ? undefined : parseId(String(context.flags[name]), `--${name}`);

export const commands: Command[] = [
  onCase("get", "show a case", (crm, id) => crm.getCase(id)),
  onCase(
    "close",
    "close a case (closing a closed case is fine)",
    (crm, id) => crm.closeCase(id),
    (c) => `Closed case ${c.id}.`,
  ),
  onCase(
    "reopen",
    "reopen a case (reopening an open case is fine)",
    (crm, id) => crm.reopenCase(id),
    (c) => `Reopened case ${c.id}.`,
  ),
  {
    name: "case list",
    args: [],
    flags: ["open", "closed", "contact", "tag", "search"],
    help: "list every matching case, page by page (--json: one object per line)",
    run: async (context) => {
      const { flags } = context;
      if (flags.open && flags.closed) throw new UsageError("use either --open or --closed");
      const filter = {
        isClosed: flags.open ? false : flags.closed ? true : undefined,
        contactId: idFlag(context, "contact"),
        tags: list(flags.tag),
        search: flags.search as string | undefined,
        sortBy: "id" as const, // the stable order: every case exactly once
      };
      const progress = process.stderr.isTTY === true && !flags.json;
      const rows: (string | number)[][] = [];
      for await (const c of context.crm().listCases(filter)) {
        if (flags.json) context.out(JSON.stringify(c));
        else
          rows.push([
            c.id,
            c.isClosed ? "closed" : "open",
            c.isPrivate ? "private" : "public",
            c.title,
          ]);
        if (progress && rows.length % 100 === 0) process.stderr.write(`\r${rows.length} cases…`);
      }
      if (progress) process.stderr.write("\r\u001b[K");
      if (!flags.json) {
        context.out(rows.length ? table(["ID", "STATUS", "ACCESS", "TITLE"], rows) : "No cases.");
      }
    },
  },
  {
    name: "case create",
    args: [],
    flags: ["title", "member", "private", "access"],
    help: "create a case: --title T [--member ID]... [--private --access USERID...]",
    run: async (context) => {
      const { flags } = context;
      if (typeof flags.title !== "string") throw new UsageError("--title is required");
      const members = list(flags.member)?.map((text) => parseId(text, "--member"));
      const c = await context.crm().createCase({
        title: flags.title,
        members,
        ...(flags.private && { isPrivate: true }),
        accessList: list(flags.access),
      });
      printCase(context, c, `Created case ${c.id}.`);
    },
  },
  {
    name: "case delete",
    args: [["id", "case ID"]],
    flags: ["yes"],
    help: "delete a case with its history, tasks and tags (asks first; --yes does not)",
    run: async (context) => {
      const id = context.args[0] as number;
      if (!context.flags.yes) {
        if (!interactive())
          throw new UsageError("not a terminal: pass --yes to delete without asking");
        const c = await context.crm().getCase(id);
        if (
          !(await confirm(
            `Delete case ${id} "${plain(c.title)}" with its history, tasks and tags?`,
          ))
        ) {
          return context.err("Nothing deleted.");
        }
      }
      const c = await context.crm().deleteCase(id);
      printCase(context, c, `Deleted case ${c.id}.`);
    },
  },
  {
    name: "case members",
    args: [["id", "case ID"]],
    help: "list a case's contacts",
    run: async (context) => {
      const members = await context.crm().listCaseMembers(context.args[0] as number);
      if (context.flags.json) return context.out(JSON.stringify(members, null, 2));
      const primary = (contact: (typeof members)[number], infoType: number) =>
        contact.commonData.find((info) => info.infoType === infoType && info.isPrimary)?.data ?? "";
      context.out(
        members.length
          ? table(
              ["ID", "KIND", "NAME", "EMAIL", "PHONE"],
              members.map((m) => [
                m.id,
                m.isCompany ? "company" : "person",
                m.displayName,
                primary(m, 1),
                primary(m, 0),
              ]),
            )
          : "No contacts.",
      );
    },
  },
  {
    name: "case note",
    args: [
      ["id", "case ID"],
      ["text", "TEXT"],
    ],
    flags: ["category"],
    help: "add a note to a case's history (--category: default the first history category)",
    run: async (context) => {
      const crm = context.crm();
      const caseId = context.args[0] as number;
      const categoryId =
        idFlag(context, "category") ??
        (await crm.listHistoryCategories()).sort(
          (a, b) => (a.sortOrder ?? 0) - (b.sortOrder ?? 0),
        )[0]?.id;
      if (categoryId === undefined)
        throw new UsageError("the portal has no history category: pass --category");
      const event = await crm.addCaseNote(caseId, {
        content: context.args[1] as string,
        categoryId,
      });
      if (context.flags.json) return context.out(JSON.stringify(event, null, 2));
      context.out(
        `Added note ${event.id} to case ${caseId} (${plain(event.category?.title ?? "")}).`,
      );
    },
  },
  {
    name: "case tag",
    args: [
      ["id", "case ID"],
      ["text", "TAG"],
    ],
    help: "tag a case",
    run: async (context) => {
      const tag = await context
        .crm()
        .addCaseTag(context.args[0] as number, context.args[1] as string);
      context.out(`Tagged case ${context.args[0]} "${plain(tag)}".`);
    },
  },
  {
    name: "case untag",
    args: [
      ["id", "case ID"],
      ["text", "TAG"],
    ],
    help: "remove a tag from a case",
    run: async (context) => {
      const tag = await context
        .crm()
        .removeCaseTag(context.args[0] as number, context.args[1] as string);
      context.out(`Removed the tag "${plain(tag)}" from case ${context.args[0]}.`);
    },
  },
  {
    name: "case tasks",
    args: [["id", "case ID"]],
    flags: ["open"],
    help: "list a case's tasks, every page (--open: only open ones)",
    run: async (context) => {
      const filter = {
        caseId: context.args[0] as number,
        ...(context.flags.open && { isClosed: false }),
      };
      const rows: (string | number)[][] = [];
      for await (const task of context.crm().listTasks(filter, { pageSize: 1000 })) {
        if (context.flags.json) context.out(JSON.stringify(task));
        else rows.push(taskRow(task));
      }
      if (!context.flags.json) context.out(rows.length ? table(TASK_HEADER, rows) : "No tasks.");
    },
  },
  {
    name: "task create",
    args: [],
    flags: ["case", "title", "deadline", "category"],
    help: "create a task: --case ID --title T --deadline DATE --category ID",
    run: async (context) => {
      const { flags } = context;
      if (typeof flags.title !== "string") throw new UsageError("--title is required");
      const categoryId = idFlag(context, "category");
      if (categoryId === undefined)
        throw new UsageError("--category is required (`task categories` in the portal)");
      const deadline = Date.parse(String(flags.deadline ?? ""));
      if (Number.isNaN(deadline))
        throw new UsageError("--deadline must be a date, e.g. 2025-06-30 or 2025-06-30T17:00:00Z");
      const task = await context.crm().createTask({
        title: flags.title,
        deadline: new Date(deadline),
        categoryId,
        caseId: idFlag(context, "case"),
      });
      if (context.flags.json) return context.out(JSON.stringify(task, null, 2));
      context.out(`Created task ${task.id}.`);
      context.out(table(TASK_HEADER, [taskRow(task)]));
    },
  },
  {
    name: "task close",
    args: [["id", "task ID"]],
    help: "close a task (closing a closed task is fine)",
    run: async (context) => {
      const task = await context.crm().closeTask(context.args[0] as number);
      if (context.flags.json) return context.out(JSON.stringify(task, null, 2));
      context.out(`Closed task ${task.id}.`);
      context.out(table(TASK_HEADER, [taskRow(task)]));
    },
  },
  {
    name: "contact get",
    args: [["id", "contact ID"]],
    help: "show a person or a company",
    run: async (context) => {
      const contact = await context.crm().getContact(context.args[0] as number);
      context.out(context.flags.json ? JSON.stringify(contact, null, 2) : describeContact(contact));
    },
  },
  {
    name: "contact search",
    args: [["text", "TEXT"]],
    flags: ["person", "company"],
    help: "find contacts by words of their name (--person or --company: only those)",
    run: async (context) => {
      const { flags } = context;
      if (flags.person && flags.company) throw new UsageError("use either --person or --company");
      const type = flags.person ? "person" : flags.company ? "company" : "any";
      const found = await context.crm().searchContacts(context.args[0] as string, { type });
      if (flags.json) return context.out(JSON.stringify(found, null, 2));
      context.out(
        found.length
          ? table(
              ["ID", "KIND", "NAME", "PHONE"],
              found.map((c) => [
                c.id,
                c.isCompany ? "company" : "person",
                c.displayName,
                c.phone?.data ?? "",
              ]),
            )
          : "No contacts.",
      );
    },
  },
  {
    name: "login",
    args: [],
    flags: ["user", "print-token", "code"],
    help: "sign in with a user name and password, get a token",
    run: async (context) => {
      const { flags } = context;
      if (flags.json && flags["print-token"])
        throw new UsageError("use either --json or --print-token");
      const baseUrl = context.url();
      let userName = flags.user as string | undefined;
      if (userName === undefined) {
        if (!interactive()) throw new UsageError("--user is required when stdin is not a terminal");
        userName = await ask("User name: ");
      }
      if (!userName) throw new UsageError("the user name is empty");
      // On a terminal without echo; otherwise the first line of stdin.
      const password = interactive() ? await askHidden("Password: ") : await firstLine();
      if (!password) throw new UsageError("the password is empty (none typed or on stdin)");
      context.secret(password);
      let result;
      try {
        const code = flags.code as string | undefined;
        result = await signIn({
          baseUrl,
          userName,
          password,
          ...(code !== undefined && { code }),
        }).catch(async (error: unknown) => {
          // Two-factor sign-in: ask for the code on a terminal, then sign in with it.
          if (
            !(error instanceof TwoFactorRequiredError) ||
            !interactive() ||
            (error.method === "sms" && !error.phoneNoise)
          ) {
            throw error;
          }
          context.err(
            error.method === "sms"
              ? `A code went by SMS to ${error.phoneNoise}.`
              : "Open your authenticator app.",
          );
          const key = error.tfaKey();
          if (key) context.err(`No app is connected yet: add this setup key to one first: ${key}`);
          return signIn({ baseUrl, userName, password, code: await ask("Code: ") });
        });
      } catch (error) {
        if (error instanceof TypeError || error instanceof RangeError)
          throw new UsageError(error.message);
        throw error;
      }
      context.secret(result.token);
      const expires = when(result.expires);
      if (flags["print-token"]) {
        context.out(result.token);
        return context.err(`Signed in as ${plain(userName)}; the token expires ${expires}.`);
      }
      if (flags.json) {
        return context.out(
          JSON.stringify({ signedIn: true, userName, expires: result.expires ?? null }, null, 2),
        );
      }
      context.out(`Signed in to ${baseUrl} as ${plain(userName)}. The token expires ${expires}.`);
      context.out("The token was not printed. To keep one in this shell, run:");
      context.out(
        `  export ONLYOFFICE_TOKEN="$(onlyoffice-crm login --url ${baseUrl} --user ${shellQuote(userName)} --print-token)"`,
      );
    },
  },
];

const TASK_HEADER = ["ID", "STATUS", "DEADLINE", "CATEGORY", "TITLE"];

function taskRow(task: Task): (string | number)[] {
  return [
    task.id,
    task.isClosed ? "closed" : "open",
    when(task.deadLine),
    task.category?.title ?? "",
    task.title,
  ];
}

function shellQuote(text: string): string {
  return /^[\w@.+-]+$/.test(text) ? text : `'${text.replace(/'/g, "'\\''")}'`;
}
