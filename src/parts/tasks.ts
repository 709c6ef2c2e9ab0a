// The Tasks controller: list, read, create, update, close, reopen and delete tasks, and the
// task categories. One line per operation in `taskLines`; the route, the retry rule and the
// answer's schema come from the spec (generated/operations.ts).
import { IDEMPOTENT, tasksOperations } from "../../generated/operations";
import type { components } from "../../generated/schema";
import {
  anyText,
  checkWhole,
  date,
  flag,
  id,
  ids,
  searchText,
  text,
  userId,
  type Check,
} from "../core/guards";
import type { DateInput } from "./history";
import { withMe } from "../core/me";
import type { RequestOptions } from "../core/options";
import type { PageOptions, PagedList } from "../core/paging";
import {
  shaped,
  type Arg,
  type Area,
  type Fields,
  type LinesFor,
  type ReadFirst,
  type Shape,
  type Wire,
} from "../core/shapes";

export type Task = components["schemas"]["Task"];
export type TaskCategory = components["schemas"]["TaskCategory"];
export type TaskContact = components["schemas"]["TaskContact"];

/** Which tasks: every field given must match. */
export interface TaskFilter {
  /** Only the tasks of this case. */
  caseId?: number;
  /** Only the tasks about this contact (a company's include its persons'). Not with caseId or dealId. */
  contactId?: number;
  /** Only the tasks of this deal. Not with caseId or contactId. */
  dealId?: number;
  /** Only tasks this user (a GUID) is responsible for. */
  responsibleId?: string;
  /** Only tasks of this category (`listTaskCategories`). */
  categoryId?: number;
  /** Only closed (true) or only open (false) tasks. */
  isClosed?: boolean;
  /** Only tasks due at or after this (the portal filters on the deadline, not the creation). */
  deadlineFrom?: DateInput;
  /** Only tasks due at or before this. */
  deadlineTo?: DateInput;
  /** Words that start words of the title or the description. No commas. */
  search?: string;
  /** The order; default `deadline`. Open tasks always come first, whatever the order. */
  sortBy?: "title" | "category" | "deadline" | "contact" | "responsible" | "id";
  /** Default `asc`. */
  sortOrder?: "asc" | "desc";
}

export interface NewTask {
  title: string;
  /** When it is due. */
  deadline: DateInput;
  /**
   * Its task category (`listTaskCategories`); it must exist (else a NotFoundError). A portal
   * takes any list item's ID here, a history category's too.
   */
  categoryId: number;
  description?: string;
  /**
   * The user (a GUID) responsible, or `"me"` (the signed-in user, asked once per client). Left
   * out, nobody: the portal shows "Profile removed".
   */
  responsibleId?: string;
  /** The contact it is about. A portal does not check that it exists. */
  contactId?: number;
  /** The case it belongs to. A portal does not check that it exists, nor that you may see it. */
  caseId?: number;
  /** The deal it belongs to (not with `caseId`). A portal does not check that it exists. */
  dealId?: number;
  /** A reminder, in minutes before the deadline. */
  alertMinutes?: number;
  /** Mail the responsible user about it. */
  notify?: boolean;
}

/**
 * What to change; everything left out keeps its current value. `contactId: 0` takes the task
 * off its contact, `caseId: 0` off its case or deal.
 */
export type TaskChanges = Partial<Omit<NewTask, "dealId">>;

/** The task `createTasksForContacts` makes for each contact. */
export interface NewContactTask extends Omit<NewTask, "contactId" | "caseId" | "dealId"> {
  /** The case every task also belongs to (not with `dealId`). */
  caseId?: number;
  /** The deal every task also belongs to (not with `caseId`). */
  dealId?: number;
}

export interface TaskMethods {
  /**
   * `GET task/filter`: `await` it for one page, or `for await` it for every task. `pageSize`
   * is 1–1000 (default 100).
   */
  listTasks(filter?: TaskFilter, page?: PageOptions): PagedList<Task>;
  /** `GET task/{taskid}`. A task you may not see is a PermissionDeniedError (403). */
  getTask(taskId: number, options?: RequestOptions): Promise<Task>;
  /** `POST task`. Not retried after it may have been created (only on 429, or 503 with Retry-After). */
  createTask(input: NewTask, options?: RequestOptions): Promise<Task>;
  /**
   * `PUT task/{taskid}`: reads the task first and sends it back with `changes` applied, because
   * a portal replaces the whole task (what an update leaves out is cleared) and creates a new
   * task for an ID it does not have. `contactId: 0` removes the contact, `caseId: 0` the case
   * or deal.
   */
  updateTask(taskId: number, changes: TaskChanges, options?: RequestOptions): Promise<Task>;
  /** `PUT task/{taskid}/close` (closing a closed task is fine). A missing task is a BadRequestError (400). */
  closeTask(taskId: number, options?: RequestOptions): Promise<Task>;
  /** `PUT task/{taskid}/reopen` (reopening an open task is fine). A missing task is a BadRequestError (400). */
  reopenTask(taskId: number, options?: RequestOptions): Promise<Task>;
  /** `DELETE task/{taskid}`: deletes the task; resolves to it. */
  deleteTask(taskId: number, options?: RequestOptions): Promise<Task>;
  /** `GET task/category`: every task category, each with its number of tasks. */
  listTaskCategories(options?: RequestOptions): Promise<TaskCategory[]>;
  /**
   * `POST contact/task/group`: the same task for each contact, resolving to the tasks made (in
   * the list form). The portal checks neither the contacts nor the category: an unknown category
   * with `notify` is a NotFoundError after every task was saved. Not retried after it may have
   * run (only on 429, or 503 with Retry-After).
   */
  createTasksForContacts(
    contactIds: number[],
    input: NewContactTask,
    options?: RequestOptions,
  ): Promise<Task[]>;
  /** `PUT task/{taskid}/creationdate`: rewrites when the task was created (for an import). */
  setTaskCreated(taskId: number, date: DateInput, options?: RequestOptions): Promise<void>;
  /** `PUT task/{taskid}/lastmodifeddate`: rewrites when the task was last changed (for an import). */
  setTaskModified(taskId: number, date: DateInput, options?: RequestOptions): Promise<void>;
}

const taskId: Arg = ["taskId", "taskid", id];

/** Minutes, or a link of an update that 0 clears (the portal stores 0 for none). */
const minutes: Check<number> = (name, value) => checkWhole(name, value, 0);

// A task's fields as `POST task` names them, and as `PUT task/{taskid}` does (some in lower case).
// Written out twice rather than built: a bundler can drop plain objects an app does not use.
const newTaskFields: Fields = {
  title: ["title", text],
  deadline: ["deadline", date],
  categoryId: ["categoryId", id],
  description: ["description", anyText],
  responsibleId: ["responsibleId", userId],
  contactId: ["contactId", id],
  caseId: ["entityId", id],
  dealId: ["dealId", id],
  alertMinutes: ["alertValue", minutes],
  notify: ["isNotify", flag],
};
const changesShape: Shape = {
  name: "changes",
  fields: {
    title: ["title", text],
    deadline: ["deadline", date],
    categoryId: ["categoryid", id],
    description: ["description", anyText],
    responsibleId: ["responsibleid", userId],
    contactId: ["contactid", minutes],
    caseId: ["entityid", minutes],
    alertMinutes: ["alertValue", minutes],
    notify: ["isNotify", flag],
  },
};

// `createTasksForContacts` takes a task's fields less its contact (each contact gets one).
const { contactId: _contact, ...groupFields } = newTaskFields;

/** A case ID goes with `entityType=case`; a deal's is `entityType=opportunity` with it as `entityId`. */
const onCase = (written: Wire) => {
  if (written.entityId) written.entityType = "case";
  if (written.dealId) {
    if (written.entityType) throw new RangeError("a task belongs to a case or a deal, not both");
    Object.assign(written, { entityType: "opportunity", entityId: written.dealId });
    delete written.dealId;
  }
};

/** A filter's record: one of caseId, contactId, dealId, as `entityType` + `entityid`. */
const onRecord = (written: Wire) => {
  const given = ["entityid", "contactid", "dealid"].filter((key) => written[key] !== undefined);
  if (given.length > 1) throw new RangeError("filter takes one of caseId, contactId, dealId");
  if (written.contactid)
    Object.assign(written, { entityType: "contact", entityid: written.contactid });
  else if (written.dealid)
    Object.assign(written, { entityType: "opportunity", entityid: written.dealid });
  else if (written.entityid) written.entityType = "case";
  delete written.contactid;
  delete written.dealid;
};

/**
 * `changes` over the task as it is now: a portal replaces the whole task on an update, so what
 * `changes` leaves out is sent as it is (its open or closed state the portal keeps itself).
 */
const taskChanges: ReadFirst = async (value, wire, call) => {
  const given = shaped(changesShape, value); // refused before anything is sent, the read included
  const now = await (call.crm as TaskMethods).getTask(wire.taskid as number, call.options);
  Object.assign(
    wire,
    {
      title: now.title,
      deadline: date("deadLine", now.deadLine),
      categoryid: now.category?.id,
      description: now.description,
      responsibleid: now.responsible.id,
      contactid: now.contact?.id,
      entityType: now.entity?.entityType,
      entityid: now.entity?.entityId,
      alertValue: now.alertValue,
    },
    given,
  );
  if ("entityid" in given) wire.entityType = given.entityid ? "case" : undefined;
  if (!wire.categoryid) throw new RangeError("changes.categoryId is required: the task has none");
};

/** Contacts for a task each: not empty (the portal would do nothing), none twice (two tasks). */
const contactIds: Check<number[]> = (name, value) => {
  const list = ids(name, value); // refuses an empty list
  if (new Set(list).size !== list.length) {
    throw new RangeError(`${name} names a contact twice: the portal would create two tasks for it`);
  }
  return list;
};

export const taskLines = {
  listTasks: [
    {
      name: "filter",
      fields: {
        caseId: ["entityid", id],
        contactId: ["contactid", id],
        dealId: ["dealid", id],
        responsibleId: ["responsibleid", userId],
        categoryId: ["categoryid", id],
        isClosed: ["isClosed", flag],
        deadlineFrom: ["fromDate", date],
        deadlineTo: ["toDate", date],
        search: ["filterValue", searchText],
        sortBy: [
          "sortBy",
          {
            title: "title",
            category: "category",
            deadline: "deadline",
            contact: "contact",
            responsible: "contactmanager",
            id: "id",
          },
        ],
        sortOrder: ["sortOrder", { asc: "ascending", desc: "descending" }],
      },
      rule: (written) => {
        // A portal ignores sortOrder without a sortBy (it keeps its fixed order): name the default.
        if (written.sortOrder) written.sortBy ??= "deadline";
        onRecord(written);
      },
    },
  ],
  getTask: [taskId],
  // `responsibleId: "me"`; pure: a bundler drops these lines with the rest of an unused part.
  createTask: [
    /* @__PURE__ */ withMe({
      name: "input",
      fields: newTaskFields,
      required: ["title", "deadline", "categoryId"],
      rule: onCase,
    }),
  ],
  updateTask: [taskId, /* @__PURE__ */ withMe(taskChanges)],
  closeTask: [taskId],
  reopenTask: [taskId],
  deleteTask: [taskId],
  listTaskCategories: [],
  createTasksForContacts: [
    ["contactIds", "contactId", contactIds],
    {
      name: "input",
      fields: groupFields,
      required: ["title", "deadline", "categoryId"],
      rule: onCase,
    },
  ],
  setTaskCreated: [taskId, ["date", "creationDate", date]],
  setTaskModified: [taskId, ["date", "lastModifedDate", date]],
} satisfies LinesFor<typeof tasksOperations, TaskMethods>;

/**
 * `GET people/@self`, checked for the ID alone: `responsibleId: "me"` needs nothing else of it (a
 * client made with `people` has its whole getCurrentUser: the user's parts win), as in Deals.
 */
const self: Area = {
  operations: { getCurrentUser: ["people/@self", IDEMPOTENT, { req: { id: "string" } }] },
  lines: { getCurrentUser: [] },
};

/** Tasks and the task categories: pass it to `createCrmClientFor`. */
export const tasks: Area<TaskMethods> = {
  operations: tasksOperations,
  lines: taskLines,
  needs: [self], // responsibleId: "me"
};
