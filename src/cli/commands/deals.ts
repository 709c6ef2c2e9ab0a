// The deal commands (`deal …`): the portal's opportunities.
import type { Deal } from "../../index";
import { plain, table, when } from "../format";
import { idFlag, list, UsageError, type Command, type Context } from "./shared";

const STAGE_TYPES = ["open", "won", "lost"];
const DEAL_HEADER = ["ID", "STAGE", "BID", "RESPONSIBLE", "TITLE"];

function bid(deal: Deal): string {
  if (!deal.bidValue) return "";
  return `${deal.bidValue} ${deal.bidCurrency?.abbreviation ?? ""}`.trim();
}

function dealRow(deal: Deal): (string | number)[] {
  return [deal.id, deal.stage?.title ?? "", bid(deal), deal.responsible.displayName, deal.title];
}

export function describeDeal(deal: Deal): string {
  const stage = deal.stage
    ? `${plain(deal.stage.title)} (${STAGE_TYPES[deal.stage.stageType] ?? "open"}, ${deal.successProbability ?? 0} %)`
    : "none";
  const lines = [
    `Deal ${deal.id}: ${plain(deal.title)}`,
    `  stage:       ${stage}`,
    `  bid:         ${bid(deal) || "none"}`,
    `  responsible: ${plain(deal.responsible.displayName)}`,
    `  contact:     ${deal.contact ? `${plain(deal.contact.displayName)} (${deal.contact.id})` : "none"}`,
    `  access:      ${deal.isPrivate ? "private" : "public"}`,
    `  created:     ${when(deal.created)}`,
  ];
  // A heading groups fields and has no value.
  for (const field of deal.customFields.filter((f) => f.fieldType !== 4)) {
    lines.push(`  ${plain(field.label)}: ${plain(field.fieldValue)}`);
  }
  return lines.join("\n");
}

function printDeal(context: Context, deal: Deal, said?: string): void {
  if (context.flags.json) return context.out(JSON.stringify(deal, null, 2));
  if (said) context.out(said);
  context.out(describeDeal(deal));
}

export const deals: Command[] = [
  {
    name: "deal list",
    args: [],
    flags: {
      stage: { type: "string", value: "ID", help: "only deals in this stage" },
      contact: { type: "string", value: "ID", help: "only deals of this contact" },
      tag: {
        type: "string",
        multiple: true,
        value: "TAG",
        help: "only deals with this tag (repeat for more)",
      },
      search: { type: "string", value: "TEXT", help: "words that start words of the title" },
    },
    help: "list every matching deal, page by page (--json: one object per line)",
    run: async (context) => {
      const { flags } = context;
      const filter = {
        stageId: idFlag(context, "stage"),
        contactId: idFlag(context, "contact"),
        tags: list(flags.tag),
        search: flags.search as string | undefined,
        sortBy: "id" as const, // the stable order: every deal exactly once
      };
      const rows: (string | number)[][] = [];
      for await (const deal of context.crm().listDeals(filter)) {
        if (flags.json) context.out(JSON.stringify(deal));
        else rows.push(dealRow(deal));
      }
      if (!flags.json) context.out(rows.length ? table(DEAL_HEADER, rows) : "No deals.");
    },
  },
  {
    name: "deal get",
    args: [["id", "deal ID"]],
    help: "show a deal",
    run: async (context) =>
      printDeal(context, await context.crm().getDeal(context.args[0] as number)),
  },
  {
    name: "deal create",
    args: [],
    flags: {
      title: { type: "string", value: "TEXT", help: "the title" },
      stage: { type: "string", value: "ID", help: "the stage (`setup stages`)" },
      responsible: {
        type: "string",
        value: "USER",
        help: "the responsible user's ID, or me",
      },
      contact: { type: "string", value: "ID", help: "the primary contact" },
    },
    help: "create a deal: --title T --stage ID --responsible USER|me [--contact ID]",
    details: "The bid's currency is the portal's default, and the probability the stage's.",
    run: async (context) => {
      const { flags } = context;
      if (typeof flags.title !== "string") throw new UsageError("--title is required");
      const stageId = idFlag(context, "stage");
      if (stageId === undefined) throw new UsageError("--stage is required (`setup stages`)");
      if (typeof flags.responsible !== "string")
        throw new UsageError("--responsible is required: a user ID, or me");
      const deal = await context.crm().createDeal({
        title: flags.title,
        stageId,
        responsibleId: flags.responsible,
        contactId: idFlag(context, "contact"),
      });
      printDeal(context, deal, `Created deal ${deal.id}.`);
    },
  },
  {
    name: "deal stage",
    args: [
      ["id", "deal ID"],
      ["id", "stage ID"],
    ],
    help: "move a deal to a stage (its probability becomes the stage's)",
    run: async (context) => {
      const deal = await context
        .crm()
        .setDealStage(context.args[0] as number, context.args[1] as number);
      printDeal(context, deal, `Moved deal ${deal.id} to "${plain(deal.stage?.title ?? "")}".`);
    },
  },
  {
    name: "deal tag",
    args: [
      ["id", "deal ID"],
      ["text", "TAG"],
    ],
    help: "tag a deal",
    run: async (context) => {
      const tag = await context
        .crm()
        .addDealTag(context.args[0] as number, context.args[1] as string);
      if (context.flags.json) return context.out(JSON.stringify(tag));
      context.out(`Tagged deal ${context.args[0]} "${plain(tag)}".`);
    },
  },
];
