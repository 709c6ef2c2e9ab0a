// The setup commands (`setup …`): the portal's lists, as tables.
import type { FieldEntity } from "../../index";
import { table } from "../format";
import { UsageError, type Command, type Context } from "./shared";

const STAGE_TYPES = ["open", "won", "lost"];
const FIELD_KINDS = ["text", "textArea", "select", "checkbox", "heading", "date"];
const ENTITIES = ["contact", "person", "company", "deal", "case"];

/** Prints `items` as JSON or as a table of `header` and `row`. */
function print<T>(
  context: Context,
  items: readonly T[],
  header: string[],
  row: (item: T) => (string | number)[],
  none: string,
) {
  if (context.flags.json) return context.out(JSON.stringify(items, null, 2));
  context.out(items.length ? table(header, items.map(row)) : none);
}

const used = (item: { relativeItemsCount?: number }) => item.relativeItemsCount ?? 0;

/** A select box's options, a text field's size: what a person reads of a field's mask. */
function settings(mask: string): string {
  try {
    const parsed = JSON.parse(mask) as unknown;
    if (Array.isArray(parsed)) return parsed.join(", ");
    if (parsed && typeof parsed === "object")
      return Object.entries(parsed)
        .map(([key, value]) => `${key} ${String(value)}`)
        .join(", ");
  } catch {}
  return "";
}

export const setup: Command[] = [
  {
    name: "setup stages",
    args: [],
    help: "list the deal stages, in the pipeline's order",
    run: async (context) =>
      print(
        context,
        await context.crm().listDealStages(),
        ["ID", "TYPE", "PROBABILITY", "DEALS", "TITLE"],
        (s) => [
          s.id,
          STAGE_TYPES[s.stageType] ?? "",
          `${s.successProbability} %`,
          used(s),
          s.title,
        ],
        "No stages.",
      ),
  },
  {
    name: "setup statuses",
    args: [],
    help: "list the contact statuses",
    run: async (context) =>
      print(
        context,
        await context.crm().listContactStatuses(),
        ["ID", "COLOR", "CONTACTS", "TITLE"],
        (s) => [s.id, s.color ?? "", used(s), s.title ?? ""],
        "No statuses.",
      ),
  },
  {
    name: "setup types",
    args: [],
    help: "list the contact types",
    run: async (context) =>
      print(
        context,
        await context.crm().listContactTypes(),
        ["ID", "CONTACTS", "TITLE"],
        (t) => [t.id, used(t), t.title],
        "No types.",
      ),
  },
  {
    name: "setup categories",
    args: [],
    help: "list the task and the history categories",
    run: async (context) => {
      const crm = context.crm();
      const tasks = await crm.listTaskCategories();
      const history = await crm.listHistoryCategories();
      const all = [
        ...tasks.map((c) => ({ kind: "task", ...c })),
        ...history.map((c) => ({ kind: "history", ...c })),
      ];
      print(
        context,
        all,
        ["KIND", "ID", "USED", "TITLE"],
        (c) => [c.kind, c.id, used(c), c.title],
        "No categories.",
      );
    },
  },
  {
    name: "setup fields",
    args: [["text", "ENTITY", ENTITIES.join("|")]],
    help: `list the custom fields of a kind of record (${ENTITIES.join(", ")})`,
    run: async (context) => {
      const entity = context.args[0] as string;
      if (!ENTITIES.includes(entity))
        throw new UsageError(`ENTITY must be one of ${ENTITIES.join(", ")}`);
      print(
        context,
        await context.crm().listFieldDefinitions(entity as FieldEntity),
        ["ID", "KIND", "VALUES", "SETTINGS", "LABEL"],
        (f) => [
          f.id,
          FIELD_KINDS[f.fieldType] ?? String(f.fieldType),
          f.relativeItemsCount,
          settings(f.mask),
          f.label,
        ],
        "No fields.",
      );
    },
  },
];
