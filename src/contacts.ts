// The Contacts controller (persons and companies): what a user writes, checked and mapped onto
// the portal's names. One line per operation in `contactLines`; the route, the retry rule and the
// answer's schema come from the spec (generated/operations.ts).
import type { components } from "../generated/schema";
import type { Company, Person } from "./cases";
import {
  checkWhole,
  date,
  flag,
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
import { param, shape, withRule, type Arg } from "./shapes";

/** A contact's short form with its primary phone, as `searchContacts` finds it. */
export type ContactWithPhone = components["schemas"]["ContactWithPhone"];

/** Which contacts, in which order: every field given must match. */
export interface ContactListFilter {
  /** Only persons, only companies, or only contacts linked to an opportunity. Default: all. */
  type?: "person" | "company" | "withOpportunity";
  /** Only contacts with every one of these tags. */
  tags?: string[];
  /** Only contacts with this status (`contactStatus.id`); 0: contacts without a status. */
  statusId?: number;
  /** Only contacts of this contact type (an ID of the portal's list); 0: without a type. */
  contactTypeId?: number;
  /** Only contacts this user (a GUID) manages, i.e. is on the access list of. */
  responsibleId?: string;
  /** Only shared (true) or only private (false) contacts. */
  isShared?: boolean;
  /** Only contacts created at or after this instant (a Date or an ApiDateTime string). */
  createdFrom?: Date | string;
  /**
   * Only contacts created at or before this instant (a Date or an ApiDateTime string). The
   * client sends it as the portal's `toDate` less 23 h 59 min: a portal adds a day less a minute.
   */
  createdTo?: Date | string;
  /** Words that start words of the display name. No commas: a portal searches up to the first. */
  search?: string;
  /**
   * The order; default newest first (`created`, descending). `status` sorts by `contactStatus`;
   * `history` by the latest history event. Only `id` is stable across pages: use it for a sync.
   */
  sortBy?: "displayName" | "status" | "created" | "firstName" | "lastName" | "history" | "id";
  /** Default `asc` with a `sortBy`; given alone, it orders by `created`. */
  sortOrder?: "asc" | "desc";
}

/** Which contacts `searchContacts` looks among. */
export interface ContactSearch {
  /** Default `any` (a portal's own default is companies only). */
  type?: "any" | "person" | "company";
}

export interface ContactMethods {
  /** `GET contact/{contactid}`. A contact you may not see is a NotFoundError, like a missing one. */
  getContact(contactId: number, options?: RequestOptions): Promise<Person | Company>;
  /**
   * `GET contact/filter`: `await` it for one page, or `for await` it for every contact, page
   * after page as the loop asks. `pageSize` is 1–1000 (default 100).
   */
  listContacts(filter?: ContactListFilter, page?: PageOptions): PagedList<Person | Company>;
  /**
   * `GET contact/byprefix`: at most 30 contacts whose display name contains every word of
   * `text` (any case), sorted by name, each with its primary phone.
   */
  searchContacts(
    text: string,
    search?: ContactSearch,
    options?: RequestOptions,
  ): Promise<ContactWithPhone[]>;
}

const whole: Check<number> = (name, value) => checkWhole(name, value, 0);

/**
 * `createdTo` as the portal's `toDate`: the portal takes everything up to `toDate` + 1 day − 1
 * minute (it means a date at midnight), so send `createdTo` − 23 h 59 min.
 */
const until: Check<string> = (name, value) =>
  date(name, new Date(Date.parse(date(name, value)) - 1439 * 60_000));

const contactFilter = withRule(
  shape("filter", {
    type: [
      "contactListView",
      oneOf({ person: "person", company: "company", withOpportunity: "withopportunity" }),
    ],
    tags: ["tags", listOf(text)],
    statusId: ["contactStage", whole],
    contactTypeId: ["contactType", whole],
    responsibleId: ["responsibleid", userId],
    isShared: ["isShared", flag],
    createdFrom: ["fromDate", date],
    createdTo: ["toDate", until],
    search: ["filterValue", searchText],
    sortBy: [
      "sortBy",
      oneOf({
        displayName: "displayname",
        status: "contacttype",
        created: "created",
        firstName: "firstname",
        lastName: "lastname",
        history: "history",
        id: "id",
      }),
    ],
    sortOrder: ["sortOrder", oneOf({ asc: "ascending", desc: "descending" })],
  }),
  // Without a sortBy a portal ignores sortOrder (newest first): name the default key.
  (written) => void (written.sortOrder && (written.sortBy ??= "created")),
);

export const contactLines = {
  getContact: [param("contactId", "contactid", id)],
  listContacts: [contactFilter],
  searchContacts: [
    param("text", "prefix", text),
    // A portal's default searchType is 0, companies only: send -1 (any) unless told otherwise.
    withRule(
      shape("search", { type: ["searchType", oneOf({ any: "-1", person: "1", company: "0" })] }),
      (written) => void (written.searchType ??= "-1"),
    ),
  ],
} satisfies Record<keyof ContactMethods, readonly Arg[]>;
