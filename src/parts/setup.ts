// The ListItem controller: the portal's setup lists (deal stages, contact statuses and types, task
// and history categories). A portal takes any list's item ID on these routes, so every write and
// read first finds the item in its own list; updates are full replaces that echo the request, so
// they send every field and resolve to the stored row.
import { setupOperations } from "../../generated/operations";
import type { components } from "../../generated/schema";
import { anyText, id, ids, text } from "../core/guards";
import { hooks } from "../core/hooks";
import type { RequestOptions } from "../core/options";
import {
  shaped,
  type Area,
  type Done,
  type Fields,
  type LinesFor,
  type ReadFirst,
  type Shape,
  type Wire,
} from "../core/shapes";
import { probability, STAGE_TYPES, type DealStageType } from "./deals";
import { history, type HistoryCategory, type HistoryMethods } from "./history";
import { tasks, type TaskCategory, type TaskMethods } from "./tasks";

/** A deal stage with the number of deals in it. */
export type DealStage = components["schemas"]["DealStage"];
/** A contact status with the number of contacts that have it. */
export type ContactStatusItem = components["schemas"]["ContactStatusItem"];
/** A contact type with the number of contacts of it. */
export type ContactType = components["schemas"]["ContactType"];

export interface NewDealStage {
  title: string;
  /** A CSS colour (`#ffd267`). */
  color: string;
  description?: string;
  /** 0–100; default 0. */
  successProbability?: number;
  /** Default `open`. */
  stageType?: DealStageType;
}
export interface NewContactStatus {
  title: string;
  /** A CSS colour (`#ffd267`). */
  color: string;
  description?: string;
}
export interface NewContactType {
  title: string;
}
export interface NewCategory {
  title: string;
  /** The icon's file name (`task_category_call.png`). */
  icon: string;
  description?: string;
}

export interface SetupMethods {
  /** `GET opportunity/stage`: the stages in pipeline order, with the number of deals in each. */
  listDealStages(options?: RequestOptions): Promise<DealStage[]>;
  /** `GET opportunity/stage/{id}`. */
  getDealStage(stageId: number, options?: RequestOptions): Promise<DealStage>;
  /** `POST opportunity/stage` (admins only): a new stage, last. Not retried after it may have run. */
  createDealStage(input: NewDealStage, options?: RequestOptions): Promise<DealStage>;
  /**
   * `PUT opportunity/stage/{id}`: reads the stage, sends every field with `changes` (a full
   * replace), resolves to the stored stage. A stage with deals in it is refused (the portal
   * allows only `setDealStageColor` then).
   */
  updateDealStage(
    stageId: number,
    changes: Partial<NewDealStage>,
    options?: RequestOptions,
  ): Promise<DealStage>;
  /** `PUT opportunity/stage/{id}/color`: the one change allowed on a stage in use. */
  setDealStageColor(stageId: number, color: string, options?: RequestOptions): Promise<DealStage>;
  /** `PUT opportunity/stage/reorder`: `stageIds` names every stage once, in the new order. */
  reorderDealStages(stageIds: number[], options?: RequestOptions): Promise<DealStage[]>;
  /** `DELETE opportunity/stage/{id}`: refused while deals are in the stage. */
  deleteDealStage(stageId: number, options?: RequestOptions): Promise<DealStage>;

  /** `GET contact/status`: the statuses, with the number of contacts that have each. */
  listContactStatuses(options?: RequestOptions): Promise<ContactStatusItem[]>;
  /** `GET contact/status/{id}` (after finding it among the statuses). */
  getContactStatus(statusId: number, options?: RequestOptions): Promise<ContactStatusItem>;
  /** `POST contact/status`: a status of an existing title is that status, unchanged. */
  createContactStatus(
    input: NewContactStatus,
    options?: RequestOptions,
  ): Promise<ContactStatusItem>;
  /** `PUT contact/status/{id}`: read first, full send, the stored row; refused while in use. */
  updateContactStatus(
    statusId: number,
    changes: Partial<NewContactStatus>,
    options?: RequestOptions,
  ): Promise<ContactStatusItem>;
  /** `PUT contact/status/{id}/color`: the one change allowed on a status in use. */
  setContactStatusColor(
    statusId: number,
    color: string,
    options?: RequestOptions,
  ): Promise<ContactStatusItem>;
  /** `PUT contact/status/reorder`: `statusIds` names every status once (sent as titles). */
  reorderContactStatuses(
    statusIds: number[],
    options?: RequestOptions,
  ): Promise<ContactStatusItem[]>;
  /** `DELETE contact/status/{id}`: refused while in use, and for the last one. */
  deleteContactStatus(statusId: number, options?: RequestOptions): Promise<ContactStatusItem>;

  /** `GET contact/type`: the types, with the number of contacts of each. */
  listContactTypes(options?: RequestOptions): Promise<ContactType[]>;
  /** `GET contact/type/{id}` (after finding it among the types). */
  getContactType(typeId: number, options?: RequestOptions): Promise<ContactType>;
  /** `POST contact/type`: a type of an existing title is that type, unchanged. */
  createContactType(input: NewContactType, options?: RequestOptions): Promise<ContactType>;
  /** `PUT contact/type/{id}`: read first, the stored row; refused while in use. */
  updateContactType(
    typeId: number,
    changes: Partial<NewContactType>,
    options?: RequestOptions,
  ): Promise<ContactType>;
  /** `PUT contact/type/reorder`: `typeIds` names every type once (sent as titles). */
  reorderContactTypes(typeIds: number[], options?: RequestOptions): Promise<ContactType[]>;
  /** `DELETE contact/type/{id}`: refused while in use, and for the last one. */
  deleteContactType(typeId: number, options?: RequestOptions): Promise<ContactType>;

  /** `GET task/category/{id}` (after finding it among the task categories). */
  getTaskCategory(categoryId: number, options?: RequestOptions): Promise<TaskCategory>;
  /** `POST task/category`: a category of an existing title is that category, unchanged. */
  createTaskCategory(input: NewCategory, options?: RequestOptions): Promise<TaskCategory>;
  /** `PUT task/category/{id}`: read first, full send, the stored row; refused while in use. */
  updateTaskCategory(
    categoryId: number,
    changes: Partial<NewCategory>,
    options?: RequestOptions,
  ): Promise<TaskCategory>;
  /** `PUT task/category/{id}/icon`: the one change allowed on a category in use. */
  setTaskCategoryIcon(
    categoryId: number,
    icon: string,
    options?: RequestOptions,
  ): Promise<TaskCategory>;
  /** `PUT task/category/reorder`: `categoryIds` names every task category once (sent as titles). */
  reorderTaskCategories(categoryIds: number[], options?: RequestOptions): Promise<TaskCategory[]>;
  /**
   * `DELETE task/category/{id}`: a category in use needs `moveTasksTo`, another task category
   * its tasks move to. Refused for the last one.
   */
  deleteTaskCategory(
    categoryId: number,
    move?: { moveTasksTo?: number },
    options?: RequestOptions,
  ): Promise<TaskCategory>;

  /** `POST history/category`: a category of an existing title is that category, unchanged. */
  createHistoryCategory(input: NewCategory, options?: RequestOptions): Promise<HistoryCategory>;
  /** `PUT history/category/{id}`: read first, full send, the stored row; refused while in use. */
  updateHistoryCategory(
    categoryId: number,
    changes: Partial<NewCategory>,
    options?: RequestOptions,
  ): Promise<HistoryCategory>;
  /** `PUT history/category/{id}/icon`: the one change allowed on a category in use. */
  setHistoryCategoryIcon(
    categoryId: number,
    icon: string,
    options?: RequestOptions,
  ): Promise<HistoryCategory>;
  /** `PUT history/category/reorder`: `categoryIds` names every history category once (sent as titles). */
  reorderHistoryCategories(
    categoryIds: number[],
    options?: RequestOptions,
  ): Promise<HistoryCategory[]>;
  /** `DELETE history/category/{id}`: refused while in use, and for the last one. */
  deleteHistoryCategory(categoryId: number, options?: RequestOptions): Promise<HistoryCategory>;
}

type Item = { id: number; title?: string; relativeItemsCount?: number } & Record<string, unknown>;
type Reads = SetupMethods & TaskMethods & HistoryMethods;

/** One of the lists: how to read it, what to call it, what its items are used by. */
interface List {
  /** The method that reads it. */
  read:
    | "listDealStages"
    | "listContactStatuses"
    | "listContactTypes"
    | "listTaskCategories"
    | "listHistoryCategories";
  what: string;
  usedBy: string;
  /** How to free an item in use, for the message. */
  instead: string;
}
const STAGES: List = {
  read: "listDealStages",
  what: "deal stage",
  usedBy: "deals",
  instead: "move the deals to another stage first; setDealStageColor still works",
};
const STATUSES: List = {
  read: "listContactStatuses",
  what: "contact status",
  usedBy: "contacts",
  instead: "give those contacts another status first; setContactStatusColor still works",
};
const TYPES: List = {
  read: "listContactTypes",
  what: "contact type",
  usedBy: "contacts",
  instead: "give those contacts another type first",
};
const TASK_CATEGORIES: List = {
  read: "listTaskCategories",
  what: "task category",
  usedBy: "tasks",
  instead: "setTaskCategoryIcon still works; deleteTaskCategory can move the tasks",
};
const HISTORY_CATEGORIES: List = {
  read: "listHistoryCategories",
  what: "history category",
  usedBy: "history events",
  instead: "setHistoryCategoryIcon still works",
};

/** The items of `list`. */
const read = (list: List, { crm, options }: { crm: unknown; options: object }) =>
  (crm as Reads)[list.read](options) as Promise<Item[]>;

/** Refused like a missing record: the ID is not an item of this list. */
export class NotInListError extends RangeError {
  constructor(what: string, itemId: number) {
    super(`${what} ${itemId} not found: no such item in the ${what} list`);
    this.name = "NotInListError";
  }
}

/** The item of `list` that `itemId` names, or a NotInListError. */
async function itemOf(list: List, itemId: number, call: { crm: unknown; options: object }) {
  const items = await read(list, call);
  const item = items.find((i) => i.id === itemId);
  if (!item) throw new NotInListError(list.what, itemId);
  return { item, items };
}

function notInUse(list: List, item: Item, doing: string): void {
  if (item.relativeItemsCount) {
    throw new RangeError(
      `${list.what} ${item.id} is in use by ${item.relativeItemsCount} ${list.usedBy}: ` +
        `the portal refuses to ${doing} it (${list.instead})`,
    );
  }
}

/** The item's ID, after finding it in its list (`check`: what else the write needs). */
function listed(
  list: List,
  name: string,
  wireName: string,
  check?: (item: Item, items: Item[]) => void,
): ReadFirst {
  return async (value, wire, call) => {
    const itemId = id(name, value);
    const { item, items } = await itemOf(list, itemId, call);
    check?.(item, items);
    wire[wireName] = itemId;
  };
}

/** Deleting: not an item in use, and not the last of the four lists (CRMApi.ListItem.cs:385-388). */
function deletable(list: List, name: string, wireName: string, last = true): ReadFirst {
  return /* @__PURE__ */ listed(list, name, wireName, (item, items) => {
    notInUse(list, item, "delete");
    if (last && items.length < 2) {
      throw new RangeError(`${list.what} ${item.id} is the last one, which the portal keeps`);
    }
  });
}

/**
 * `changes` over the item as it is: the portal clears on update what is left out, so every field
 * is sent, under the portal's name: a colour or description it lacks as `""`, a number it lacks
 * (the answer leaves out 0) left out too, the icon as its file name.
 */
function replaced(list: List, fields: Fields): ReadFirst {
  const shape: Shape = { name: "changes", fields };
  return async (value, wire, call) => {
    const given = shaped(shape, value); // refused before anything is sent, the read included
    const { item } = await itemOf(list, wire.id as number, call);
    notInUse(list, item, "edit");
    for (const key in fields) {
      wire[fields[key]![0]] =
        key === "icon"
          ? String(item.imagePath ?? "").replace(/^.*\//, "")
          : (item[key] ?? (key === "color" || key === "description" ? "" : undefined));
    }
    Object.assign(wire, given);
  };
}

/** Every item of the list once, sent as IDs (`ids`) or titles (`titles`). */
function everyItem(list: List, name: string, byTitle: boolean): ReadFirst {
  return async (value, wire, call) => {
    const given = ids(name, value);
    const items = await read(list, call);
    const all = items.map((i) => i.id);
    // As many as there are, each of them among them: each once.
    if (given.length !== all.length || all.some((itemId) => !given.includes(itemId))) {
      throw new RangeError(
        `${name} must name every ${list.what} once (${all.join(", ")}): ` +
          "the portal would save a partial order and then answer 500",
      );
    }
    if (byTitle) wire.titles = given.map((itemId) => items.find((i) => i.id === itemId)!.title);
    else wire.ids = given;
  };
}

/** A CSS colour: `#rgb` or `#rrggbb` (a portal stores anything, and its pages show it). */
const color = (name: string, value: unknown) => {
  if (!/^#([\da-f]{3}|[\da-f]{6})$/i.test(text(name, value))) {
    throw new RangeError(`${name} must be a colour such as #ffd267`);
  }
  return value as string;
};
/** An icon's file name (the portal keeps only the name on create, anything on edit). */
const icon = (name: string, value: unknown) => {
  if (/[\\/]/.test(text(name, value))) throw new RangeError(`${name} must be a file name`);
  return value as string;
};

const stageFields: Fields = {
  title: ["title", text],
  color: ["color", color],
  description: ["description", anyText],
  successProbability: ["successProbability", probability],
  stageType: ["stageType", STAGE_TYPES],
};
const statusFields: Fields = {
  title: ["title", text],
  color: ["color", color],
  description: ["description", anyText],
};
const typeFields: Fields = { title: ["title", text] };
const categoryFields: Fields = {
  title: ["title", text],
  icon: ["imageName", icon],
  description: ["description", anyText],
};

/** A task category in use moves its tasks to another one: check that one is a task category too. */
const moveTasks: ReadFirst = async (value, wire, call) => {
  const move = shaped({ name: "move", fields: { moveTasksTo: ["newcategoryid", id] } }, value);
  const { item, items } = await itemOf(TASK_CATEGORIES, wire.categoryid as number, call);
  if (items.length < 2)
    throw new RangeError(`task category ${item.id} is the last one, which the portal keeps`);
  const to = move.newcategoryid as number | undefined;
  if (item.relativeItemsCount && to === undefined) {
    throw new RangeError(
      `task category ${item.id} is in use by ${item.relativeItemsCount} tasks: pass { moveTasksTo } to move them`,
    );
  }
  if (to !== undefined && (to === item.id || !items.some((i) => i.id === to)))
    throw new NotInListError("task category", to);
  Object.assign(wire, move);
};

export const setupLines = {
  listDealStages: [],
  getDealStage: [/* @__PURE__ */ listed(STAGES, "stageId", "stageid")],
  createDealStage: [{ name: "input", fields: stageFields, required: ["title", "color"] }],
  updateDealStage: [["stageId", "id", id], /* @__PURE__ */ replaced(STAGES, stageFields)],
  setDealStageColor: [/* @__PURE__ */ listed(STAGES, "stageId", "id"), ["color", "color", color]],
  reorderDealStages: [/* @__PURE__ */ everyItem(STAGES, "stageIds", false)],
  deleteDealStage: [/* @__PURE__ */ deletable(STAGES, "stageId", "id", false)],

  listContactStatuses: [],
  getContactStatus: [/* @__PURE__ */ listed(STATUSES, "statusId", "contactStatusid")],
  createContactStatus: [{ name: "input", fields: statusFields, required: ["title", "color"] }],
  updateContactStatus: [["statusId", "id", id], /* @__PURE__ */ replaced(STATUSES, statusFields)],
  setContactStatusColor: [
    /* @__PURE__ */ listed(STATUSES, "statusId", "id"),
    ["color", "color", color],
  ],
  reorderContactStatuses: [/* @__PURE__ */ everyItem(STATUSES, "statusIds", true)],
  deleteContactStatus: [/* @__PURE__ */ deletable(STATUSES, "statusId", "contactStatusid")],

  listContactTypes: [],
  getContactType: [/* @__PURE__ */ listed(TYPES, "typeId", "contactTypeid")],
  createContactType: [{ name: "input", fields: typeFields, required: ["title"] }],
  updateContactType: [["typeId", "id", id], /* @__PURE__ */ replaced(TYPES, typeFields)],
  reorderContactTypes: [/* @__PURE__ */ everyItem(TYPES, "typeIds", true)],
  deleteContactType: [/* @__PURE__ */ deletable(TYPES, "typeId", "contactTypeid")],

  getTaskCategory: [/* @__PURE__ */ listed(TASK_CATEGORIES, "categoryId", "categoryid")],
  createTaskCategory: [{ name: "input", fields: categoryFields, required: ["title", "icon"] }],
  updateTaskCategory: [
    ["categoryId", "id", id],
    /* @__PURE__ */ replaced(TASK_CATEGORIES, categoryFields),
  ],
  setTaskCategoryIcon: [
    /* @__PURE__ */ listed(TASK_CATEGORIES, "categoryId", "id"),
    ["icon", "imageName", icon],
  ],
  reorderTaskCategories: [/* @__PURE__ */ everyItem(TASK_CATEGORIES, "categoryIds", true)],
  deleteTaskCategory: [["categoryId", "categoryid", id], moveTasks],

  createHistoryCategory: [{ name: "input", fields: categoryFields, required: ["title", "icon"] }],
  updateHistoryCategory: [
    ["categoryId", "id", id],
    /* @__PURE__ */ replaced(HISTORY_CATEGORIES, categoryFields),
  ],
  setHistoryCategoryIcon: [
    /* @__PURE__ */ listed(HISTORY_CATEGORIES, "categoryId", "id"),
    ["icon", "imageName", icon],
  ],
  reorderHistoryCategories: [/* @__PURE__ */ everyItem(HISTORY_CATEGORIES, "categoryIds", true)],
  deleteHistoryCategory: [/* @__PURE__ */ deletable(HISTORY_CATEGORIES, "categoryId", "id")],
} satisfies LinesFor<typeof setupOperations, SetupMethods>;

/** The stored row, not the portal's echo of the request: read back from the list. */
function stored(list: List) {
  return async (answer: Item, done: Done) => (await itemOf(list, answer.id, done)).item;
}

/** The portal's setup lists: pass it to `createCrmClientFor`. */
export const setup: Area<SetupMethods> = {
  operations: setupOperations,
  lines: setupLines,
  hooks,
  after: {
    createContactStatus: /* @__PURE__ */ stored(STATUSES),
    updateDealStage: /* @__PURE__ */ stored(STAGES),
    updateContactStatus: /* @__PURE__ */ stored(STATUSES),
    createContactType: /* @__PURE__ */ stored(TYPES),
    updateContactType: /* @__PURE__ */ stored(TYPES),
    createTaskCategory: /* @__PURE__ */ stored(TASK_CATEGORIES),
    updateTaskCategory: /* @__PURE__ */ stored(TASK_CATEGORIES),
    createHistoryCategory: /* @__PURE__ */ stored(HISTORY_CATEGORIES),
    updateHistoryCategory: /* @__PURE__ */ stored(HISTORY_CATEGORIES),
  },
  needs: [tasks, history], // the task and history categories are listed there
};
