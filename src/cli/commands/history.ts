// The history commands: notes on a record's history.
import { plain } from "../format";
import { idFlag, UsageError, type Command } from "./shared";

export const history: Command[] = [
  {
    name: "case note",
    args: [
      ["id", "case ID"],
      ["text", "TEXT"],
    ],
    flags: { category: { type: "string", value: "ID", help: "a history or task category" } },
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
];
