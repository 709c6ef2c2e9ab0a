// The Contacts controller (persons and companies): what a user writes, checked and mapped onto
// the portal's names. One line per operation in `contactLines`; the route, the retry rule and the
// answer's schema come from the spec (generated/operations.ts).
import { contactsOperations } from "../../generated/operations";
import type { components } from "../../generated/schema";
import type { Company, Person } from "./cases";
import {
  checkWhole,
  date,
  dateUntil,
  flag,
  id,
  searchText,
  text,
  texts,
  userId,
  type Check,
} from "../core/guards";
import type { RequestOptions } from "../core/options";
import type { PageOptions, PagedList } from "../core/paging";
import type { Area, LinesFor, Shape } from "../core/shapes";

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

const contactFilter: Shape = {
  name: "filter",
  fields: {
    type: [
      "contactListView",
      { person: "person", company: "company", withOpportunity: "withopportunity" },
    ],
    tags: ["tags", texts],
    statusId: ["contactStage", whole],
    contactTypeId: ["contactType", whole],
    responsibleId: ["responsibleid", userId],
    isShared: ["isShared", flag],
    createdFrom: ["fromDate", date],
    createdTo: ["toDate", dateUntil],
    search: ["filterValue", searchText],
    sortBy: [
      "sortBy",
      {
        displayName: "displayname",
        status: "contacttype",
        created: "created",
        firstName: "firstname",
        lastName: "lastname",
        history: "history",
        id: "id",
      },
    ],
    sortOrder: ["sortOrder", { asc: "ascending", desc: "descending" }],
  },
  // Without a sortBy a portal ignores sortOrder (newest first): name the default key.
  rule: (written) => void (written.sortOrder && (written.sortBy ??= "created")),
};

export const contactLines = {
  getContact: [["contactId", "contactid", id]],
  listContacts: [contactFilter],
  searchContacts: [
    ["text", "prefix", text],
    {
      name: "search",
      fields: { type: ["searchType", { any: "-1", person: "1", company: "0" }] },
      // A portal's default searchType is 0, companies only: send -1 (any) unless told otherwise.
      rule: (written) => void (written.searchType ??= "-1"),
    },
  ],
} satisfies LinesFor<typeof contactsOperations, ContactMethods>;

/** Persons and companies: pass it to `createCrmClientFor`. */
export const contacts: Area<ContactMethods> = {
  operations: contactsOperations,
  lines: contactLines,
};
