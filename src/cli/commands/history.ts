// The history commands: notes on a case's, a contact's or a deal's history.
import type { CrmClient } from "../../index";
import { plain } from "../format";
import { idFlag, UsageError, type Command, type Context } from "./shared";

/** `--category`, or the portal's first history category (by its order). */
async function category(context: Context, crm: CrmClient): Promise<number> {
  const given = idFlag(context, "category");
  if (given !== undefined) return given;
  const first = (await crm.listHistoryCategories()).sort(
    (a, b) => (a.sortOrder ?? 0) - (b.sortOrder ?? 0),
  )[0]?.id;
  if (first === undefined)
    throw new UsageError("the portal has no history category: pass --category");
  return first;
}

/** `case note`, `contact note`, `deal note`: the same command on another kind of record. */
function note(record: "case" | "contact" | "deal", add: keyof CrmClient): Command {
  return {
    name: `${record} note`,
    args: [
      ["id", `${record} ID`],
      ["text", "TEXT"],
    ],
    flags: { category: { type: "string", value: "ID", help: "a history or task category" } },
    help: `add a note to a ${record}'s history (--category: default the first history category)`,
    run: async (context) => {
      const crm = context.crm();
      const id = context.args[0] as number;
      const content = context.args[1] as string;
      const categoryId = await category(context, crm);
      const adding = crm[add] as (id: number, note: object) => ReturnType<CrmClient["addCaseNote"]>;
      const event = await adding.call(crm, id, { content, categoryId });
      if (context.flags.json) return context.out(JSON.stringify(event, null, 2));
      context.out(
        `Added note ${event.id} to ${record} ${id} (${plain(event.category?.title ?? "")}).`,
      );
    },
  };
}

export const history: Command[] = [
  note("case", "addCaseNote"),
  note("contact", "addContactNote"),
  note("deal", "addDealNote"),
];
