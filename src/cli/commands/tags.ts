// The tag commands: a record's tags.
import { plain } from "../format";
import type { Command } from "./shared";

export const tags: Command[] = [
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
      if (context.flags.json) return context.out(JSON.stringify(tag));
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
      if (context.flags.json) return context.out(JSON.stringify(tag));
      context.out(`Removed the tag "${plain(tag)}" from case ${context.args[0]}.`);
    },
  },
];
