// The Tags controller: its routes take the entity type as a path segment (`{entityType}/tag/...`).
// A method per kind of record (`addCaseTag`, `addContactTag`, `addDealTag`) binds it; the methods
// that manage the portal's tags take the entity as their first argument (`listAllTags("deal")`).
import { tagsOperations } from "../../generated/operations";
import type { components } from "../../generated/schema";
import {
  checkWhole,
  date,
  dateUntil,
  entity,
  id,
  ids,
  searchText,
  text,
  texts,
  userId,
  type Check,
} from "../core/guards";
import { hooks } from "../core/hooks";
import type { RequestOptions } from "../core/options";
import {
  caseBound,
  type Arg,
  type Area,
  type Done,
  type Fields,
  type LinesFor,
  type Shape,
  type Wire,
} from "../core/shapes";
import { contactBound, dealBound, dealWhere, whereShape, type DealFilter } from "./deals";
import { caseWhere, type CaseFilter } from "./cases";

/** A tag and how many records carry it (also records you may not see); no count when none does. */
export type TagCount = components["schemas"]["TagCount"];

/** A kind of record that has tags: a person and a company are both a `contact`. */
export type TagEntity = "contact" | "deal" | "case";

/** Which contacts: every field given must match. */
export interface ContactTagFilter {
  /** Only contacts with every one of these tags. */
  tags?: string[];
  /** Only contacts with this status (`listContactStatuses`); 0: without a status. Default: any. */
  statusId?: number;
  /** Only contacts of this type (`listContactTypes`); 0: without a type. Default: any. */
  typeId?: number;
  /** Only companies, only persons, or only contacts with deals. */
  kind?: "company" | "person" | "withDeals";
  /** Created at or after `from`, at or before `until` (either alone too). */
  from?: Date | string;
  until?: Date | string;
  /** Words that start words of the name. No commas. */
  search?: string;
}

export interface TagMethods {
  /** `GET case/tag/{entityid}`: the case's tags, in no particular order. */
  listCaseTags(caseId: number, options?: RequestOptions): Promise<string[]>;
  /**
   * `POST case/{entityid}/tag`: tags the case (a tag it has is fine) and resolves to `tag` as
   * sent. The portal trims it and reuses a tag of the same name in another case (letter case
   * aside). Not retried after it may have run (only on 429, or 503 with Retry-After).
   */
  addCaseTag(caseId: number, tag: string, options?: RequestOptions): Promise<string>;
  /**
   * `DELETE case/{entityid}/tag`: removes the tag from the case; resolves to `tag`. A tag the
   * case lacks is fine; one no case has ever had is a NotFoundError (404), like a missing case.
   */
  removeCaseTag(caseId: number, tag: string, options?: RequestOptions): Promise<string>;
  /** `GET case/tag`: every case tag, by name, with how many cases carry it. */
  listAllCaseTags(options?: RequestOptions): Promise<TagCount[]>;
  /** `GET contact/{contactid}/tag`: the contact's tags. */
  listContactTags(contactId: number, options?: RequestOptions): Promise<string[]>;
  /** `POST contact/{entityid}/tag`: tags the contact (you need the right to edit it); resolves to `tag`. */
  addContactTag(contactId: number, tag: string, options?: RequestOptions): Promise<string>;
  /** `DELETE contact/{entityid}/tag`: removes the tag from the contact; resolves to `tag`. */
  removeContactTag(contactId: number, tag: string, options?: RequestOptions): Promise<string>;
  /** `GET opportunity/tag/{entityid}`: the deal's tags. */
  listDealTags(dealId: number, options?: RequestOptions): Promise<string[]>;
  /** `POST opportunity/{entityid}/tag`: tags the deal; resolves to `tag`. */
  addDealTag(dealId: number, tag: string, options?: RequestOptions): Promise<string>;
  /** `DELETE opportunity/{entityid}/tag`: removes the tag from the deal; resolves to `tag`. */
  removeDealTag(dealId: number, tag: string, options?: RequestOptions): Promise<string>;
  /** `POST company/{entityid}/tag/group`: tags the company and every person of it you may see. */
  addCompanyTagWithPeople(
    companyId: number,
    tag: string,
    options?: RequestOptions,
  ): Promise<string>;
  /** `DELETE company/{entityid}/tag/group`: removes the tag from the company and its people. */
  removeCompanyTagWithPeople(
    companyId: number,
    tag: string,
    options?: RequestOptions,
  ): Promise<string>;
  /** `GET {entityType}/tag`: every tag of that kind of record, by name, with how many carry it. */
  listAllTags(entity: TagEntity, options?: RequestOptions): Promise<TagCount[]>;
  /**
   * `POST {entityType}/tag`: a tag no record carries yet. Reads the tags first: a tag that
   * exists (letter case and spaces aside) is not an error, and resolves to its stored name
   * without a request. Not retried after it may have run.
   */
  createTag(entity: TagEntity, tag: string, options?: RequestOptions): Promise<string>;
  /** `DELETE {entityType}/tag/unused` (admins only): deletes the tags no record carries; resolves to their names. */
  deleteUnusedTags(entity: TagEntity, options?: RequestOptions): Promise<string[]>;
  /**
   * `DELETE {entityType}/tag`: **removes the tag from every record of that kind in the portal**,
   * also those you may not see, and deletes it. To untag one record use `removeCaseTag`,
   * `removeContactTag` or `removeDealTag`.
   */
  deleteTagEverywhere(entity: TagEntity, tag: string, options?: RequestOptions): Promise<string>;
  /** `POST {entityType}/taglist`: tags every record of `ids`, one after the other (not atomic). */
  tagMany(entity: TagEntity, ids: number[], tag: string, options?: RequestOptions): Promise<string>;
  /**
   * `POST contact/filter/taglist`: tags every contact you may edit that matches `filter`, which
   * must not be empty. Any status and type unless the filter names one (the portal's default is
   * "none").
   */
  tagContactsWhere(
    filter: ContactTagFilter,
    tag: string,
    options?: RequestOptions,
  ): Promise<string>;
  /** `POST opportunity/filter/taglist`: tags every deal matching `filter`, which must not be empty. */
  tagDealsWhere(filter: DealFilter, tag: string, options?: RequestOptions): Promise<string>;
  /** `POST case/filter/taglist`: tags every case matching `filter`, which must not be empty. */
  tagCasesWhere(filter: CaseFilter, tag: string, options?: RequestOptions): Promise<string>;
}

/** A tag name: a portal removes line breaks silently (and trims), and its column holds 255. */
const tag: Check<string> = (name, value) => {
  if (/[\r\n]/.test(text(name, value)) || (value as string).length > 255) {
    throw new RangeError(`${name} must be one line of at most 255 characters`);
  }
  return value as string;
};

const tagName: Arg = ["tag", "tagName", tag];
const entityWord = /* @__PURE__ */ entity({
  contact: "contact",
  deal: "opportunity",
  case: "case",
});
const tagEntity: Arg = ["entity", "entityType", entityWord];

const orNone: Check<number> = (name, value) => checkWhole(name, value, 0);

const contactFilter = /* @__PURE__ */ whereShape(
  {
    tags: ["tags", texts],
    // 0: contacts without one (ContactDao.cs:721-724), as listContacts takes it.
    statusId: ["contactStage", orNone],
    typeId: ["contactType", orNone],
    kind: ["contactListView", { company: 1, person: 2, withDeals: 3 }],
    from: ["fromDate", date],
    // A portal takes `toDate` + 1 day − 1 minute (ContactDao.cs:726-731): sent less that.
    until: ["toDate", dateUntil],
    search: ["filterValue", searchText],
  },
  "contact",
  () => {}, // either date alone filters too (ContactDao.cs:728-731)
);
const contactWhere: Shape = {
  ...contactFilter,
  // Status and type filter when ≥ 0 and default to 0, "none": send -1, "any" (ContactDao.cs:721-724).
  rule: (written) => {
    contactFilter.rule!(written);
    written.contactStage ??= -1;
    written.contactType ??= -1;
  },
};

/** The operation each method calls where the names differ (the routes take the entity type). */
const tagOps = {
  listCaseTags: "listRecordTags",
  addCaseTag: "addRecordTag",
  removeCaseTag: "removeRecordTag",
  listAllCaseTags: "listAllTags",
  addContactTag: "addRecordTag",
  removeContactTag: "removeRecordTag",
  listDealTags: "listRecordTags",
  addDealTag: "addRecordTag",
  removeDealTag: "removeRecordTag",
  addCompanyTagWithPeople: "addTagWithPeople",
  removeCompanyTagWithPeople: "removeTagWithPeople",
} as const;

export const tagLines = {
  listCaseTags: [["caseId", "entityid", id]],
  addCaseTag: [["caseId", "entityid", id], tagName],
  removeCaseTag: [["caseId", "entityid", id], tagName],
  listAllCaseTags: [],
  listContactTags: [["contactId", "contactid", id]],
  addContactTag: [["contactId", "entityid", id], tagName],
  removeContactTag: [["contactId", "entityid", id], tagName],
  listDealTags: [["dealId", "entityid", id]],
  addDealTag: [["dealId", "entityid", id], tagName],
  removeDealTag: [["dealId", "entityid", id], tagName],
  addCompanyTagWithPeople: [["companyId", "entityid", id], tagName],
  removeCompanyTagWithPeople: [["companyId", "entityid", id], tagName],
  listAllTags: [tagEntity],
  createTag: [tagEntity, tagName],
  deleteUnusedTags: [tagEntity],
  deleteTagEverywhere: [tagEntity, tagName],
  tagMany: [tagEntity, ["ids", "entityid", ids], tagName],
  tagContactsWhere: [contactWhere, tagName],
  tagDealsWhere: [dealWhere, tagName],
  tagCasesWhere: [caseWhere, tagName],
} satisfies LinesFor<typeof tagsOperations, TagMethods, typeof tagOps>;

const company = { entityType: "company" };

/** How a portal matches tag names (Dao/TagDao.cs:53-62). */
const key = (name: string) => name.trim().toLowerCase();

/** The tags of every kind of record: pass it to `createCrmClientFor`. */
export const tags: Area<TagMethods> = {
  operations: tagsOperations,
  lines: tagLines,
  of: tagOps,
  bound: {
    listCaseTags: caseBound,
    addCaseTag: caseBound,
    removeCaseTag: caseBound,
    listAllCaseTags: caseBound,
    addContactTag: contactBound,
    removeContactTag: contactBound,
    listDealTags: dealBound,
    addDealTag: dealBound,
    removeDealTag: dealBound,
    addCompanyTagWithPeople: company,
    removeCompanyTagWithPeople: company,
  },
  hooks,
  composites: {
    // The portal answers 400 for a tag that exists: read first, and create only a new one.
    createTag: async (
      { crm, line }: Done,
      kind: TagEntity,
      name: string,
      options?: RequestOptions,
    ) => {
      entityWord("entity", kind); // refused before the read
      tag("tag", name);
      const found = (await (crm as TagMethods).listAllTags(kind, options)).find(
        (t) => key(t.title) === key(name),
      );
      return found ? found.title : (line as TagMethods["createTag"])(kind, name, options);
    },
  },
};

/** Tags of cases (the same area as `tags`, under its first name). */
export const caseTags = tags;
