// The fake portal's Cases controller: the 16 routes of `CRMApi.Cases.cs` (module/ASC.Api/ASC.Api.CRM/),
// with the portal's checks, silent drops and quirks. Line numbers are of that file unless named.
import type { components } from "../../../generated/schema";
import { contactListForm } from "./contacts";
import type { Route } from "../core/routes";
import { shortForm, type FieldDefinition, type PortalState } from "../core/state";
import {
  accessDenied,
  badArgument,
  notFound,
  serverError,
  type Args,
  type Paging,
} from "../core/wire";

type Case = components["schemas"]["Case"];

/** The single form (`ToCasesWrapper`): members the user may see, now; heading fields included. */
function caseSingleForm(state: PortalState, c: Case): Case {
  const members = c.members.flatMap((member) => {
    const contact = state.contacts.get(member.id);
    if (!contact) return state.maySeeContact(member) ? [member] : [];
    return state.maySeeContact(contact) ? [shortForm(contact)] : [];
  });
  return { ...c, members };
}

/** The list form (`ToListCasesWrappers`): headings have no value row, so no case gets them (:723-726). */
function caseListForm(state: PortalState, c: Case): Case {
  const single = caseSingleForm(state, c);
  return { ...single, customFields: single.customFields.filter((field) => field.fieldType !== 4) };
}

/** `CasesDao.GetCases`' filter: contact, state, every tag, and each word starting a word of the title. */
export function matchingCases(state: PortalState, args: Args, paging: Paging): Case[] {
  const contactId = args.int("contactid");
  const isClosed = args.bool("isClosed");
  const tags = args.strings("tags").map((tag) => tag.trim().toLowerCase());
  const words = paging.filterValue?.trim().toLowerCase().split(/ +/).filter(Boolean) ?? [];
  return [...state.cases.values()].filter((c) => {
    const title = c.title.toLowerCase();
    const caseTags = state.tagsOf(`case:${c.id}`).map((tag) => tag.toLowerCase());
    return (
      state.mayRead(c) &&
      (contactId <= 0 || c.members.some((member) => member.id === contactId)) &&
      (isClosed === undefined || c.isClosed === isClosed) &&
      tags.every((tag) => caseTags.includes(tag)) &&
      words.every((word) => title.startsWith(word) || title.includes(` ${word}`))
    );
  });
}

// SortedByType {DateAndTime, Title, CreateBy, Id}, by name (any case) or number (CasesDao.cs:480-504).
const SORTS: Record<string, (a: Case, b: Case) => number> = {
  dateandtime: (a, b) => a.created.localeCompare(b.created),
  title: (a, b) => a.title.localeCompare(b.title),
  createby: (a, b) => a.createBy.id.localeCompare(b.createBy.id),
  id: (a, b) => a.id - b.id,
};
const SORT_NUMBERS = ["dateandtime", "title", "createby", "id"];

function sortKey(sortBy: string | undefined): string | null {
  if (sortBy === undefined || sortBy === "") return "title"; // no sortBy: title ascending
  const key = /^\d+$/.test(sortBy) ? SORT_NUMBERS[Number(sortBy)] : sortBy.toLowerCase();
  return key !== undefined && Object.hasOwn(SORTS, key) ? key : null; // null: not a SortedByType
}

/** Private to `accessList` plus the caller when the list is not empty; otherwise public (:268-301). */
function setAccess(state: PortalState, c: Case, isPrivate: boolean, accessList: string[]): void {
  const ids = [...new Set(accessList)];
  if (isPrivate && ids.length) {
    if (!ids.includes(state.me.id)) ids.push(state.me.id);
    c.isPrivate = true;
    c.accessList = ids.map((id) => state.user(id));
  } else {
    c.isPrivate = false;
    delete c.accessList;
  }
}

/** Members and field values as Create and Update write them: silently dropping what they cannot use. */
function setMembersAndFields(state: PortalState, c: Case, args: Args): void {
  const members = args.ints("members");
  if (members.length) {
    // SetMembers replaces every link with the accessible subset, which may be none (AbstractDao.cs:139-163).
    c.members = members.flatMap((id) => {
      const contact = state.visibleContact(id);
      return contact ? [shortForm(contact)] : [];
    });
  }
  for (const { key, value } of args.pairs("customFieldList")) {
    const field = state.caseFields.find((definition) => definition.id === key);
    // Empty values and fields that are not case fields are skipped (:151-159).
    if (!value || !field || field.fieldType === 4) continue;
    setFieldValue(c, field, value);
  }
}

/** `CustomFieldDao.SetFieldValue` as the single form shows it: a blank value is no value. */
function setFieldValue(c: Case, field: FieldDefinition, value: string): void {
  c.customFields = c.customFields.filter((existing) => existing.id !== field.id);
  // Stored trimmed (CustomFieldDao.cs:70, :80); a blank value is none.
  if (value.trim()) c.customFields.push({ ...field, entityId: c.id, fieldValue: value.trim() });
  c.customFields.sort((a, b) => a.position - b.position);
}

function readable(state: PortalState, id: number): Case {
  const found = state.cases.get(id);
  if (!found) throw notFound();
  return found;
}

/** Deleting a case takes its field values, history, tasks, tags and access entries with it (CasesDao.cs:245-281). */
function deleteCase(state: PortalState, c: Case): Case {
  state.cases.delete(c.id);
  state.tags.delete(`case:${c.id}`);
  for (const listener of state.caseDeleted) listener(c.id);
  // The wrapper is built afterwards: no access entries (so public), no values; members stay.
  const { accessList: _gone, ...rest } = c;
  return {
    ...rest,
    isPrivate: false,
    customFields: c.customFields.filter((field) => field.fieldType === 4),
  };
}

const caseId = "(?<caseid>[0-9]+)";

export const caseRoutes: Route[] = [
  [
    "PUT",
    `case/${caseId}/(?<action>close|reopen)`,
    ({ state, args }) => {
      const id = args.int("caseid");
      if (id <= 0) throw badArgument(); // :55, :81
      const c = readable(state, id);
      if (!state.mayRead(c)) throw accessDenied(); // a read-access check (CasesDao.cs:123-159)
      c.isClosed = args.string("action") === "close"; // unconditionally: both are idempotent
      return { value: caseSingleForm(state, c) };
    },
  ],
  [
    "GET",
    `case/${caseId}`,
    ({ state, args }) => {
      const id = args.int("caseid");
      const c = id > 0 ? state.cases.get(id) : undefined; // 0 is a 404 here (:401)
      if (!c || !state.mayRead(c)) throw notFound(); // hidden like a missing one (:404)
      return { value: caseSingleForm(state, c) };
    },
  ],
  [
    "POST",
    "case",
    ({ state, args }) => {
      const title = args.string("title");
      if (!title) throw badArgument(); // :129
      const c: Case = {
        id: state.nextId(),
        title,
        created: state.now(),
        createBy: { ...state.me },
        isClosed: false,
        isPrivate: false,
        canEdit: true,
        members: [],
        customFields: state.caseFields
          .filter((field) => field.fieldType === 4)
          .map((field) => ({ ...field, entityId: 0, fieldValue: "" })),
      };
      setAccess(state, c, args.bool("isPrivate") ?? false, args.guids("accessList"));
      setMembersAndFields(state, c, args);
      state.cases.set(c.id, c);
      return { value: caseSingleForm(state, c) };
    },
  ],
  [
    "PUT",
    `case/${caseId}`,
    ({ state, args }) => {
      const id = args.int("caseid");
      const title = args.string("title");
      if (id <= 0 || !title) throw badArgument(); // the title is required on every update (:207)
      const c = readable(state, id);
      if (!state.mayEdit(c)) throw accessDenied();
      c.title = title;
      // Access is rewritten on every update by an admin or the creator (:214-217).
      if (state.mayShare(c))
        setAccess(state, c, args.bool("isPrivate") ?? false, args.guids("accessList"));
      setMembersAndFields(state, c, args);
      return { value: caseSingleForm(state, c) };
    },
  ],
  [
    "DELETE",
    `case/${caseId}`,
    ({ state, args }) => {
      const id = args.int("caseid");
      if (id <= 0) throw badArgument();
      const c = readable(state, id);
      if (!state.mayEdit(c)) throw accessDenied();
      return { value: deleteCase(state, c) };
    },
  ],
  [
    "PUT",
    "case",
    ({ state, args }) => {
      // A batch delete: only cases the user may read and edit; a missing list is `[]` (:536-549).
      const deleted = [...new Set(args.ints("casesids"))]
        .map((id) => state.cases.get(id))
        .filter((c): c is Case => c !== undefined && state.mayRead(c) && state.mayEdit(c))
        .map((c) => caseListForm(state, deleteCase(state, c)));
      return { value: deleted };
    },
  ],
  [
    "DELETE",
    "case/filter",
    ({ state, args, paging }) => ({
      // No filter at all: every case the user may delete (:567-578).
      value: matchingCases(state, args, paging)
        .filter((c) => state.mayEdit(c))
        .map((c) => caseListForm(state, deleteCase(state, c))),
    }),
  ],
  [
    "PUT",
    `case/${caseId}/access`,
    ({ state, args }) => {
      const id = args.int("caseid");
      if (id <= 0) throw badArgument();
      const c = readable(state, id);
      if (!state.mayShare(c)) throw accessDenied(); // :263
      setAccess(state, c, args.bool("isPrivate") ?? false, args.guids("accessList"));
      return { value: caseSingleForm(state, c) };
    },
  ],
  [
    "PUT",
    "case/access",
    ({ state, args }) => {
      // Unreadable cases are dropped, those the user did not create are skipped (:319-339).
      const changed = args
        .ints("casesid")
        .map((id) => state.cases.get(id))
        .filter((c): c is Case => c !== undefined && state.mayRead(c) && state.mayShare(c));
      const isPrivate = args.bool("isPrivate") ?? false;
      const accessList = args.guids("accessList");
      for (const c of changed) setAccess(state, c, isPrivate, accessList);
      return { value: changed.map((c) => caseListForm(state, c)) };
    },
  ],
  [
    "PUT",
    "case/filter/access",
    ({ state, args, paging }) => {
      // No filter: every case the user can see (:370).
      const changed = matchingCases(state, args, paging).filter((c) => state.mayShare(c));
      const isPrivate = args.bool("isPrivate") ?? false;
      const accessList = args.guids("accessList");
      for (const c of changed) setAccess(state, c, isPrivate, accessList);
      return { value: changed.map((c) => caseListForm(state, c)) };
    },
  ],
  [
    "GET",
    "case/filter",
    ({ state, args, paging }) => {
      const key = sortKey(paging.sortBy);
      const found = matchingCases(state, args, paging);
      const { startIndex, count } = paging;
      if (key === null) {
        // Not a SortedByType: every case, paged in memory, and `total` counted wrong (:466-477).
        return {
          value: found.map((c) => caseListForm(state, c)),
          total: startIndex + found.length,
        };
      }
      const order = SORTS[key]!;
      found.sort((a, b) => {
        if (key !== "id" && a.isClosed !== b.isClosed) return a.isClosed ? 1 : -1; // open first
        return (paging.descending ? -1 : 1) * order(a, b) || a.id - b.id;
      });
      // LIMIT count + 1 OFFSET startIndex: one more row says whether the page is the last (:445-460).
      const rows = found.slice(startIndex, startIndex + count + 1);
      // A short page: startIndex + rows (startIndex itself past the end); else the count (:479-490).
      const total = rows.length < count + 1 ? startIndex + rows.length : found.length;
      return { value: rows.map((c) => caseListForm(state, c)), paginated: true, total };
    },
  ],
  [
    "GET",
    "case/byprefix",
    ({ state, args }) => {
      const prefix = args.string("prefix");
      const contactId = args.int("contactID");
      if (contactId > 0) {
        // The contact's cases whose title contains `prefix`, case-sensitively; `total` counts them all (:686-699).
        const all = [...state.cases.values()].filter(
          (c) => state.mayRead(c) && c.members.some((member) => member.id === contactId),
        );
        if (prefix === undefined && all.length)
          throw badArgument("Value cannot be null.\r\nParameter name: value");
        const found = all.filter((c) => c.title.includes(prefix ?? ""));
        return { value: found.map((c) => caseSingleForm(state, c)), total: all.length };
      }
      if (prefix === undefined)
        throw serverError("Object reference not set to an instance of an object.");
      // Every word anywhere in the title; 30 rows, then the access filter, then by title (CasesDao.cs:509-537).
      const words = prefix.trim().toLowerCase().split(/ +/).filter(Boolean);
      const found = [...state.cases.values()]
        .filter((c) => words.every((word) => c.title.toLowerCase().includes(word)))
        .slice(0, 30)
        .filter((c) => state.mayRead(c))
        .sort((a, b) => a.title.localeCompare(b.title));
      return { value: found.map((c) => caseSingleForm(state, c)) };
    },
  ],
  [
    "GET",
    `case/${caseId}/contact`,
    ({ state, args }) => {
      // No check on the case: a missing or hidden one is `[]` (:591-598).
      const c = state.cases.get(args.int("caseid"));
      const members = (c?.members ?? []).flatMap((member) => {
        const contact = state.visibleContact(member.id);
        return contact ? [contactListForm(state, contact)] : [];
      });
      return { value: members };
    },
  ],
  [
    "POST",
    `case/${caseId}/contact`,
    ({ state, args }) => {
      const { c, contact } = caseAndContact(state, args);
      if (!c.members.some((member) => member.id === contact.id)) c.members.push(shortForm(contact));
      return { value: contact };
    },
  ],
  [
    "DELETE",
    `case/${caseId}/contact/(?<contactid>[0-9]+)`,
    ({ state, args }) => {
      const { c, contact } = caseAndContact(state, args);
      c.members = c.members.filter((member) => member.id !== contact.id);
      return { value: contact };
    },
  ],
];

/** Both IDs > 0 (else 400), the case and the contact readable (else 404) (:614-666). */
function caseAndContact(state: PortalState, args: Args) {
  const id = args.int("caseid");
  const contactId = args.int("contactid");
  if (id <= 0 || contactId <= 0) throw badArgument();
  const c = state.cases.get(id);
  if (!c || !state.mayRead(c)) throw notFound();
  const contact = state.visibleContact(contactId);
  if (!contact) throw notFound();
  return { c, contact };
}
