// The case commands (`case …`) that act on cases themselves.
import type { Case, CrmClient } from "../../index";
import { describeCase, plain, table } from "../format";
import { confirm, interactive } from "../prompt";
import { idFlag, list, parseId, UsageError, type Command, type Context } from "./shared";

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

export const cases: Command[] = [
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
    flags: {
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
    },
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
    flags: {
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
    },
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
    flags: { yes: { type: "boolean", help: "do not ask" } },
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
];
