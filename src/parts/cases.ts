// The Cases controller: what a user writes, checked and mapped onto the portal's names. One line
// per operation in `caseLines`; the route, the retry rule and the answer's schema come from the
// spec (generated/operations.ts).
import { accessFields, privacyRule } from "../core/access";
import { casesOperations } from "../../generated/operations";
import type { components } from "../../generated/schema";
import { flag, id, ids, searchText, text, texts, userIds } from "../core/guards";
import type { Page, PageOptions, PagedList } from "../core/paging";
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
import type { RequestOptions } from "../core/options";
import { customFieldList, type FieldValue } from "./field-values";

export type Case = components["schemas"]["Case"];
export type Person = components["schemas"]["Person"];
export type Company = components["schemas"]["Company"];

/** Which cases: every field given must match. */
export interface CaseFilter {
  /** Only cases linked to this contact. */
  contactId?: number;
  /** Only closed (true) or only open (false) cases. */
  isClosed?: boolean;
  /** Only cases with every one of these tags. */
  tags?: string[];
  /** Words that start words of the title. No commas: the portal searches only up to the first. */
  search?: string;
}

/** A filter for `listCases`, with an order. */
export interface CaseListFilter extends CaseFilter {
  /**
   * The order; default `title`. `title`, `created` and `createdBy` put open cases first; `id`
   * is the stable order for a sync.
   */
  sortBy?: "title" | "created" | "createdBy" | "id";
  /** Default `asc`. */
  sortOrder?: "asc" | "desc";
}

/** Who may see a case. */
export interface CaseAccess {
  /** Private to `accessList` (plus you), or public. */
  isPrivate: boolean;
  /** User IDs (GUIDs); required, and not empty, when `isPrivate` is true. */
  accessList?: string[];
}

export interface NewCase {
  title: string;
  /** Contact IDs. Contacts you may not see, or that do not exist, are dropped by the portal. */
  members?: number[];
  /**
   * Custom-field values by field ID (`listCaseFieldDefinitions` lists the fields): a check box's
   * boolean is sent `"true"`/`"false"`, a `Date` as an ISO date, a number as its digits.
   */
  customFields?: Record<number, FieldValue>;
  /** Default false. When true, `accessList` is required. */
  isPrivate?: boolean;
  accessList?: string[];
  /** Mail the users on `accessList` about the case. */
  notify?: boolean;
}

/** What to change; everything left out keeps its current value. */
export type CaseChanges = Partial<NewCase>;

export interface CaseMethods {
  /** `GET case/{caseid}`. A case you may not see is a NotFoundError (404), like a missing one. */
  getCase(caseId: number, options?: RequestOptions): Promise<Case>;
  /** `PUT case/{caseid}/close`: closes the case (closing a closed case is fine). */
  closeCase(caseId: number, options?: RequestOptions): Promise<Case>;
  /** `PUT case/{caseid}/reopen`: reopens the case (reopening an open case is fine). */
  reopenCase(caseId: number, options?: RequestOptions): Promise<Case>;
  /**
   * `GET case/filter`: `await` it for one page, or `for await` it for every case, page after
   * page as the loop asks. `pageSize` is 1–1000 (default 100).
   */
  listCases(filter?: CaseListFilter, page?: PageOptions): PagedList<Case>;
  /**
   * `GET case/byprefix`: cases whose title contains every word of `text`. Without `contactId`
   * at most 30 (the portal's cap), sorted by title; with it, that contact's cases whose title
   * contains `text` exactly (case-sensitive).
   */
  searchCases(
    text: string,
    search?: { contactId?: number },
    options?: RequestOptions,
  ): Promise<Case[]>;
  /** `POST case`. Not retried after it may have been created (only on 429, or 503 with Retry-After). */
  createCase(input: NewCase, options?: RequestOptions): Promise<Case>;
  /**
   * `PUT case/{caseid}`: reads the case first and sends it back with `changes` applied, because
   * a portal needs the title on every update and makes a private case public when an update
   * leaves its access out. `members: []` and empty field values are refused (the portal would
   * ignore them): use `removeCaseMember` and `setCaseField(caseId, fieldId, "")`.
   */
  updateCase(caseId: number, changes: CaseChanges, options?: RequestOptions): Promise<Case>;
  /** `DELETE case/{caseid}`: deletes the case with its history, tasks and tags; resolves to it. */
  deleteCase(caseId: number, options?: RequestOptions): Promise<Case>;
  /** `PUT case` (a batch delete): the cases you may delete among `caseIds`; resolves to those deleted. */
  deleteCases(caseIds: number[], options?: RequestOptions): Promise<Case[]>;
  /** `DELETE case/filter`: deletes every case matching `filter`, which must not be empty. */
  deleteCasesWhere(filter: CaseFilter, options?: RequestOptions): Promise<Case[]>;
  /** `PUT case/{caseid}/access` (only an admin or the case's creator may). */
  setCaseAccess(caseId: number, access: CaseAccess, options?: RequestOptions): Promise<Case>;
  /** `PUT case/access`: resolves to the cases changed (the portal skips those you did not create). */
  setCasesAccess(caseIds: number[], access: CaseAccess, options?: RequestOptions): Promise<Case[]>;
  /** `PUT case/filter/access`: every case matching `filter`, which must not be empty. */
  setCasesAccessWhere(
    filter: CaseFilter,
    access: CaseAccess,
    options?: RequestOptions,
  ): Promise<Case[]>;
  /** `GET case/{caseid}/contact`: the case's contacts (`[]` for a missing or hidden case). */
  listCaseMembers(caseId: number, options?: RequestOptions): Promise<(Person | Company)[]>;
  /** `POST case/{caseid}/contact`: links a contact; resolves to it. */
  addCaseMember(
    caseId: number,
    contactId: number,
    options?: RequestOptions,
  ): Promise<Person | Company>;
  /** `DELETE case/{caseid}/contact/{contactid}`: unlinks a contact; resolves to it. */
  removeCaseMember(
    caseId: number,
    contactId: number,
    options?: RequestOptions,
  ): Promise<Person | Company>;
}

// Page and Paged are part of this area's surface.
export type { Page, PageOptions, PagedList };

const caseId: Arg = ["caseId", "caseid", id];
/** Members: an empty list means "unchanged" to a portal, so it cannot clear them. */
const members: typeof ids = (name, value) => {
  if (Array.isArray(value) && !value.length) {
    throw new RangeError(
      `${name} is empty, which a portal ignores: remove members with removeCaseMember`,
    );
  }
  return ids(name, value);
};
const where: Fields = {
  contactId: ["contactid", id],
  isClosed: ["isClosed", flag],
  tags: ["tags", texts],
  search: ["filterValue", searchText],
};

/**
 * A filter that acts on every case it matches: an empty one would match them all (also what
 * `tagCasesWhere` tags).
 */
export const caseWhere: Shape = {
  name: "filter",
  fields: where,
  rule: (written) => {
    if (!Object.keys(written).length) {
      throw new RangeError(
        "filter is empty: the portal would act on every case you can reach. Give at least one of " +
          `${Object.keys(where).join(", ")}`,
      );
    }
  },
};

/** A private case with nobody on its list is made public by a portal: refused. */
const privacy = /* @__PURE__ */ privacyRule("case");

const access: Shape = {
  name: "access",
  fields: accessFields,
  required: ["isPrivate"],
  rule: privacy,
};

const caseFields: Fields = {
  title: ["title", text],
  members: ["members", members],
  customFields: [
    "customFieldList",
    (name, value) => customFieldList(name, value, "setCaseField(caseId"),
  ],
  ...accessFields,
  notify: ["isNotify", flag],
};
const newCase: Shape = { name: "input", fields: caseFields, required: ["title"], rule: privacy };
const changesShape: Shape = { name: "changes", fields: caseFields };

/**
 * `changes` over the case as it is now: a portal needs the title on every update and rewrites
 * access on every update, so what `changes` leaves out is sent as it is.
 */
const caseChanges: ReadFirst = async (value, wire, call) => {
  const given = shaped(changesShape, value); // refused before anything is sent, the read included
  const current = await (call.crm as CaseMethods).getCase(wire.caseid as number, call.options);
  const isPrivate = given.isPrivate ?? current.isPrivate;
  Object.assign(wire, { title: current.title, isPrivate }, given);
  // A case that stays private keeps its list unless `changes` gives one.
  if (isPrivate && current.isPrivate && current.accessList?.length) {
    wire.accessList ??= current.accessList.map((u) => u.id);
  }
  privacy(wire);
};

export const caseLines = {
  getCase: [caseId],
  closeCase: [caseId],
  reopenCase: [caseId],
  listCases: [
    {
      name: "filter",
      fields: {
        ...where,
        sortBy: [
          "sortBy",
          { title: "title", created: "dateandtime", createdBy: "createby", id: "id" },
        ],
        sortOrder: ["sortOrder", { asc: "ascending", desc: "descending" }],
      },
    },
  ],
  searchCases: [
    ["text", "prefix", text],
    { name: "search", fields: { contactId: ["contactID", id] } },
  ],
  createCase: [newCase],
  updateCase: [caseId, caseChanges],
  deleteCase: [caseId],
  deleteCases: [["caseIds", "casesids", ids]],
  deleteCasesWhere: [caseWhere],
  setCaseAccess: [caseId, access],
  setCasesAccess: [["caseIds", "casesid", ids], access],
  setCasesAccessWhere: [caseWhere, access],
  listCaseMembers: [caseId],
  addCaseMember: [caseId, ["contactId", "contactid", id]],
  removeCaseMember: [caseId, ["contactId", "contactid", id]],
} satisfies LinesFor<typeof casesOperations, CaseMethods>;

/** The Cases controller: pass it to `createCrmClientFor` for a client with these methods only. */
export const cases: Area<CaseMethods> = { operations: casesOperations, lines: caseLines };
