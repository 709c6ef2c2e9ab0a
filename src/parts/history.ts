// The History controller (relationship events) for cases: a case's events, adding one, deleting
// one, and the categories. One line per operation in `historyLines`; the route, the retry rule
// and the answer's schema come from the spec (generated/operations.ts).
import { historyOperations } from "../../generated/operations";
import type { components } from "../../generated/schema";
import type { ApiDateTime } from "../core/dates";
import {
  checkWhole,
  date,
  dateUntil,
  id,
  searchText,
  text,
  userId,
  userIds,
  type Check,
} from "../core/guards";
import type { RequestOptions } from "../core/options";
import type { PageOptions, PagedList } from "../core/paging";
import {
  caseBound,
  shaped,
  type Area,
  type Fields,
  type LinesFor,
  type ReadFirst,
  type Shape,
} from "../core/shapes";
import { crmFiles, files, needConsent, type DeleteFileConsent } from "./files";

export type RelationshipEvent = components["schemas"]["RelationshipEvent"];
export type HistoryCategory = components["schemas"]["HistoryCategory"];
export type ListItem = components["schemas"]["ListItem"];
export type Entity = components["schemas"]["Entity"];
export type HistoryFile = components["schemas"]["HistoryFile"];

/** A date: a `Date`, or an ApiDateTime string as the portal writes them. */
export type DateInput = Date | ApiDateTime;

/** Which events: every field given must match. */
export interface HistoryFilter {
  /**
   * Only events of this category (`listHistoryCategories`), or of a system one: -1 task closed,
   * -2 files attached, -3 mail.
   */
  categoryId?: number;
  /** Only events written by this user (a GUID). */
  createdBy?: string;
  /** Only events created at or after this. */
  createdFrom?: DateInput;
  /**
   * Only events created at or before this. The client sends it as the portal's `toDate` less
   * 23 h 59 min: a portal adds a day less a minute.
   */
  createdTo?: DateInput;
  /** Words that start words of the content. No commas: the portal searches only up to the first. */
  search?: string;
  /**
   * The order; default `created`, newest first. Events of the same second have no order among
   * themselves: `id` is the stable order for a sync.
   */
  sortBy?: "created" | "createdBy" | "category" | "content" | "id";
  /** Default `desc` without `sortBy`, `asc` with one. */
  sortOrder?: "asc" | "desc";
}

export interface NewNote {
  /** The text, up to 65 000 characters. */
  content: string;
  /**
   * Its history category (`listHistoryCategories`): a note, a call, an email... A portal takes
   * any list item's ID here, a task category's too.
   */
  categoryId: number;
  /** A contact the event is also about; it must exist and be visible to you (else a 400). */
  contactId?: number;
  /** Users (GUIDs) to mail about it. */
  notifyUsers?: string[];
  /**
   * Files to attach: each must be directly in the CRM's folder (`getFilesFolder`), checked with
   * the Documents API first. The portal itself links any file ID, and deleting the event later
   * deletes its files from Documents: upload a copy with `uploadFile` instead of linking a
   * user's own file.
   */
  fileIds?: number[];
}

/** A note on a contact: the contact is the first argument. */
export type NewContactNote = Omit<NewNote, "contactId">;

export interface HistoryMethods {
  /**
   * `GET history/filter`: the case's events, newest first; `await` it for one page, `for await`
   * it for every event. A missing or hidden case is a NotFoundError. The envelope's `total` is
   * not a count here (the page size + 1): `Page.total` is left as the portal sent it.
   */
  listCaseHistory(
    caseId: number,
    filter?: HistoryFilter,
    page?: PageOptions,
  ): PagedList<RelationshipEvent>;
  /**
   * `GET history/filter` with `entityType=contact`: every event about the contact, whatever case
   * or deal it also belongs to (a company's includes its persons' events), newest first. A
   * missing or hidden contact is a NotFoundError.
   */
  listContactHistory(
    contactId: number,
    filter?: HistoryFilter,
    page?: PageOptions,
  ): PagedList<RelationshipEvent>;
  /** `GET history/filter` with `entityType=opportunity`: the deal's events, newest first. */
  listDealHistory(
    dealId: number,
    filter?: HistoryFilter,
    page?: PageOptions,
  ): PagedList<RelationshipEvent>;
  /** `GET history/filter` with no record: every event of the portal, newest first. */
  listHistory(filter?: HistoryFilter, page?: PageOptions): PagedList<RelationshipEvent>;
  /**
   * `POST history`: adds an event to the case and resolves to it. A missing or hidden case is a
   * BadRequestError (400), not a 404. Not retried after it may have been added (only on 429,
   * or 503 with Retry-After).
   */
  addCaseNote(caseId: number, note: NewNote, options?: RequestOptions): Promise<RelationshipEvent>;
  /**
   * `POST history` with `contactId`: an event about the contact alone (its `entity` is `null`).
   * A missing or hidden contact is a BadRequestError (400). Not retried after it may have been
   * added.
   */
  addContactNote(
    contactId: number,
    note: NewContactNote,
    options?: RequestOptions,
  ): Promise<RelationshipEvent>;
  /**
   * `POST history` with `entityType=opportunity`: an event on the deal (and on `contactId` when
   * given). A missing or hidden deal is a BadRequestError (400). Not retried after it may have
   * been added.
   */
  addDealNote(dealId: number, note: NewNote, options?: RequestOptions): Promise<RelationshipEvent>;
  /**
   * `DELETE history/{id}`: deletes the event **and its files from Documents** (the files
   * themselves, not links; from every record that shows them); resolves to the event. The client
   * first reads the portal's history, newest ID first (one request per 1000 newer events), and
   * refuses an event with files unless `consent` is `{ deleteFromDocuments: true }`. Not retried
   * after it may have run.
   */
  deleteHistoryEvent(
    eventId: number,
    consent?: DeleteFileConsent,
    options?: RequestOptions,
  ): Promise<RelationshipEvent>;
  /** `GET history/category`: every history category, each with its number of events. */
  listHistoryCategories(options?: RequestOptions): Promise<HistoryCategory[]>;
}

/** Content: not empty, and no longer than a portal's column (65 000 characters). */
const content: Check<string> = (name, value) => {
  if (text(name, value).length > 65000) throw new RangeError(`${name} is over 65000 characters`);
  return value as string;
};

/** A history filter, as every history list takes it. */
const historyFilter: Shape = {
  name: "filter",
  fields: {
    categoryId: ["categoryId", (name, value) => checkWhole(name, value, -3)],
    createdBy: ["createBy", userId],
    createdFrom: ["fromDate", date],
    createdTo: ["toDate", dateUntil],
    search: ["filterValue", searchText],
    sortBy: [
      "sortBy",
      {
        created: "created",
        createdBy: "createby",
        category: "category",
        content: "content",
        id: "id",
      },
    ],
    sortOrder: ["sortOrder", { asc: "ascending", desc: "descending" }],
  },
  // A portal ignores sortOrder without a sortBy (it keeps its fixed order): name the default.
  rule: (written) => void (written.sortOrder && (written.sortBy ??= "created")),
};

const noteFields: Fields = {
  content: ["content", content],
  categoryId: ["categoryId", id],
  contactId: ["contactId", id],
  notifyUsers: ["notifyUserList", userIds],
  fileIds: ["fileId", (_, value) => value], // checked last, by withFiles: it reads
};
const noteShape: Shape = { name: "note", fields: noteFields, required: ["content", "categoryId"] };
const { contactId: _onContact, ...contactNoteFields } = noteFields;

/** A note; its files, checked last, must be in the CRM folder (the portal links any file ID). */
const withFiles =
  (shape: Shape): ReadFirst =>
  async (value, wire, call) => {
    const { fileId, ...rest } = shaped(shape, value);
    Object.assign(wire, rest);
    if (fileId !== undefined && !(Array.isArray(fileId) && !fileId.length)) {
      wire.fileId = await crmFiles("note.fileIds", fileId, call);
    }
  };
const note = withFiles(noteShape);
const contactNote = withFiles({ ...noteShape, fields: contactNoteFields });

/**
 * Deleting an event deletes its files from Documents: an event with files needs the consent.
 * No route reads one event, so the portal's history is read newest ID first down to it.
 */
const filesConsent: ReadFirst = async (value, wire, call) => {
  if (value === undefined) {
    const target = wire.id as number;
    const list = (call.crm as HistoryMethods).listHistory(
      { sortBy: "id", sortOrder: "desc" },
      { ...call.options, pageSize: 1000 },
    );
    for await (const event of list) {
      if (event.id > target) continue;
      if (event.id === target && event.files.length) {
        throw new RangeError(
          `Event ${target} has ${event.files.length} file(s): deleting it deletes them from ` +
            "Documents and every record that shows them. Pass { deleteFromDocuments: true } to do so",
        );
      }
      break;
    }
  } else {
    needConsent(
      value,
      " or left out (request options come third): deleting an event deletes its files from Documents",
    );
  }
};

/** The operation each method calls: the routes serve every kind of record. */
const historyOps = {
  listCaseHistory: "listHistoryEvents",
  listContactHistory: "listHistoryEvents",
  listDealHistory: "listHistoryEvents",
  listHistory: "listHistoryEvents",
  addCaseNote: "addHistoryEvent",
  addContactNote: "addHistoryEvent",
  addDealNote: "addHistoryEvent",
} as const;

export const historyLines = {
  listCaseHistory: [["caseId", "entityId", id], historyFilter],
  listContactHistory: [["contactId", "entityId", id], historyFilter],
  listDealHistory: [["dealId", "entityId", id], historyFilter],
  listHistory: [historyFilter],
  addCaseNote: [["caseId", "entityId", id], note],
  addContactNote: [["contactId", "contactId", id], contactNote],
  addDealNote: [["dealId", "entityId", id], note],
  deleteHistoryEvent: [["eventId", "id", id], filesConsent],
  listHistoryCategories: [],
} satisfies LinesFor<typeof historyOperations, HistoryMethods, typeof historyOps>;

const dealBound = { entityType: "opportunity" };

/** The history of contacts, deals and cases, and the history categories: pass it to `createCrmClientFor`. */
export const history: Area<HistoryMethods> = {
  operations: historyOperations,
  lines: historyLines,
  of: historyOps,
  bound: {
    listCaseHistory: caseBound,
    listContactHistory: { entityType: "contact" },
    listDealHistory: dealBound,
    addCaseNote: caseBound,
    addDealNote: dealBound,
  },
  needs: [files], // the notes' files and deleteHistoryEvent read first
};
