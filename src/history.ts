// The History controller (relationship events) for cases: a case's events, adding one, deleting
// one, and the categories. One line per operation in `historyLines`; the route, the retry rule
// and the answer's schema come from the spec (generated/operations.ts).
import type { components } from "../generated/schema";
import type { ApiDateTime } from "./dates";
import {
  checkWhole,
  date,
  id,
  listOf,
  oneOf,
  searchText,
  text,
  userId,
  type Check,
} from "./guards";
import type { RequestOptions } from "./options";
import type { PageOptions, PagedList } from "./paging";
import { param, shape, withRule, type Arg, type Fields } from "./shapes";

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
}

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
   * `POST history`: adds an event to the case and resolves to it. A missing or hidden case is a
   * BadRequestError (400), not a 404. Not retried after it may have been added (only on 429,
   * or 503 with Retry-After).
   */
  addCaseNote(caseId: number, note: NewNote, options?: RequestOptions): Promise<RelationshipEvent>;
  /** `DELETE history/{id}`: deletes the event and its files; resolves to it. */
  deleteHistoryEvent(eventId: number, options?: RequestOptions): Promise<RelationshipEvent>;
  /** `GET history/category`: every history category, each with its number of events. */
  listHistoryCategories(options?: RequestOptions): Promise<HistoryCategory[]>;
}

/** The case an operation is about: `entityType=case` and the case's ID under `key`. */
export const caseEntity =
  (key: string): Arg =>
  (value, wire) => {
    wire.entityType = "case";
    wire[key] = id("caseId", value);
  };

/**
 * A list's filter with its order. A portal ignores `sortOrder` without a `sortBy` (it then
 * uses its fixed default order), so `first`, the default key, goes with it.
 */
export const listFilter = (
  fields: Fields,
  sorts: Record<string, string>,
  first: string,
  rule?: (written: Record<string, unknown>) => void,
): Arg =>
  withRule(
    shape("filter", {
      ...fields,
      sortBy: ["sortBy", oneOf(sorts)],
      sortOrder: ["sortOrder", oneOf({ asc: "ascending", desc: "descending" })],
    }),
    (written) => {
      if (written.sortOrder) written.sortBy ??= first;
      rule?.(written);
    },
  );

/**
 * `createdTo` as the portal's `toDate`: a portal takes everything up to `toDate` + 1 day − 1
 * minute (it means a date at midnight), so send `createdTo` − 23 h 59 min.
 */
const until: Check<string> = (name, value) =>
  date(name, new Date(Date.parse(date(name, value)) - 1439 * 60_000));

/** Content: not empty, and no longer than a portal's column (65 000 characters). */
const content: Check<string> = (name, value) => {
  if (text(name, value).length > 65000) throw new RangeError(`${name} is over 65000 characters`);
  return value as string;
};

export const historyLines = {
  listCaseHistory: [
    caseEntity("entityId"),
    listFilter(
      {
        categoryId: ["categoryId", (name, value) => checkWhole(name, value, -3)],
        createdBy: ["createBy", userId],
        createdFrom: ["fromDate", date],
        createdTo: ["toDate", until],
        search: ["filterValue", searchText],
      },
      {
        created: "created",
        createdBy: "createby",
        category: "category",
        content: "content",
        id: "id",
      },
      "created",
    ),
  ],
  addCaseNote: [
    caseEntity("entityId"),
    shape(
      "note",
      {
        content: ["content", content],
        categoryId: ["categoryId", id],
        contactId: ["contactId", id],
        notifyUsers: ["notifyUserList", listOf(userId)],
      },
      ["content", "categoryId"],
    ),
  ],
  deleteHistoryEvent: [param("eventId", "id", id)],
  listHistoryCategories: [],
} satisfies Record<keyof HistoryMethods, readonly Arg[]>;
