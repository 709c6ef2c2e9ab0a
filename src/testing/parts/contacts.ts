// The fake portal's Contacts controller: the list form of a person or a company
// (`ToListContactWrapper`), and the routes `GET contact/{id}`, `GET contact/filter` and
// `GET contact/byprefix`. Line numbers are of module/ASC.Api/ASC.Api.CRM/CRMApi.Contacts.cs
// unless named; `Dao/` = web/studio/ASC.Web.Studio/Products/CRM/Core/Dao/.
import type { components } from "../../../generated/schema";
import type { Route } from "../core/routes";
import { shortForm, type FullContact, type PortalState } from "../core/state";
import { badArgument, notFound, serverError, type Args, type Paging } from "../core/wire";

type ContactWithPhone = components["schemas"]["ContactWithPhone"];

/**
 * The list form (:2023-2195): `tags` only when the contact has some, `addresses` left out when it
 * has none, and a person's `company` left out when the user may not see it.
 */
export function contactListForm(state: PortalState, contact: FullContact): FullContact {
  const { addresses, ...rest } = contact;
  const tags = state.tagsOf(`contact:${contact.id}`);
  const listed = {
    ...rest,
    ...(addresses?.length && { addresses }),
    ...(tags.length && { tags: [...tags].sort() }),
  } as FullContact;
  if (!listed.isCompany && listed.company && !state.visibleContact(listed.company.id)) {
    delete listed.company;
  }
  return listed;
}

/** The short form with the primary phone, left out when there is none (:2298-2313). */
function withPhone(contact: FullContact): ContactWithPhone {
  const phone = contact.commonData.find((info) => info.infoType === 0 && info.isPrimary);
  return { ...shortForm(contact), ...(phone && { phone }) };
}

/** An ApiDateTime string as a date as seen by the database (a milliseconds value). */
export function instant(text: string): number {
  const match = /^(.{19})(\.\d+)?(Z|[+-]\d\d:\d\d)$/.exec(text);
  return Date.parse(match ? `${match[1]}${(match[2] ?? "").slice(0, 4)}${match[3]}` : text);
}

/**
 * An `ApiDateTime` parameter (M/ASC.Specific/ApiDateTime.cs:35-109): `o`, `…ss.fffK`, `…ssK` or
 * `yyyy-MM-dd`, without an offset in the portal's local time; anything else is a 400. The
 * portal's "no date" (`DateTime.MinValue`) is no bound (Dao/ContactDao.cs:726).
 */
function apiDate(args: Args, name: string, offsetMinutes: number): number | undefined {
  const text = args.string(name);
  if (text === undefined) return undefined;
  const parts =
    /^(\d{4}-\d\d-\d\d)(?:T(\d\d:\d\d:\d\d)(\.\d{3}|\.\d{7})?(Z|[+-]\d\d:\d\d)?)?$/.exec(text);
  const sign = offsetMinutes < 0 ? "-" : "+";
  const local = `${sign}${new Date(Math.abs(offsetMinutes) * 60_000).toISOString().slice(11, 16)}`;
  const [, day, time = "00:00:00", fraction = "", offset = local] = parts ?? [];
  const parsed = parts ? Date.parse(`${day}T${time}${fraction.slice(0, 4)}${offset}`) : NaN;
  if (Number.isNaN(parsed)) throw badArgument(`invalid date time format: ${text.slice(0, 40)}`);
  return parsed === -62135596800000 ? undefined : parsed;
}

/**
 * An enum parameter bound by `LocalizedEnumConverter`: the English name of a value, or else
 * `Enum.Parse` ignoring case, a name or any number (CRM/Classes/LocalizedEnumConverter.cs:217-231).
 */
function enumOf(args: Args, name: string, names: string[], localized: string[]): number {
  const text = args.string(name);
  if (text === undefined) return 0;
  const found = localized.indexOf(text);
  if (found >= 0) return found;
  if (/^\s*[+-]?\d+\s*$/.test(text)) return Number(text);
  const named = names.indexOf(text.trim().toLowerCase());
  if (named < 0) throw badArgument(`Requested value '${text.slice(0, 40)}' was not found.`);
  return named;
}

const LIST_VIEWS = ["all", "company", "person", "withopportunity"];
const LIST_VIEW_NAMES = ["All companies and persons", "Companies", "Persons", "With opportunities"];

/** An `int?`: missing is null, which the controller makes -1, "no filter" (:332-333). */
const optionalInt = (args: Args, name: string) =>
  args.string(name) === undefined ? -1 : args.int(name);

const lower = (text: string) => text.toLowerCase();
/** `ORDER BY` on a text column: the database's collation ignores letter case. */
const byText = (a: string, b: string) => (lower(a) < lower(b) ? -1 : lower(a) > lower(b) ? 1 : 0);
const firstName = (c: FullContact) => (c.isCompany ? "" : c.firstName);
const lastName = (c: FullContact) => (c.isCompany ? "" : c.lastName);
const statusId = (c: FullContact) => c.contactStatus?.id ?? 0;

// ContactSortedByType {DisplayName, ContactType, Created, FirstName, LastName, History, Id}, by
// name in any case or by number (Dao/ContactDao.cs:827-873). ContactType sorts by the status;
// History by the latest event, then by creation: the fake portal keeps no events for contacts.
const SORTS: ((a: FullContact, b: FullContact) => number)[] = [
  (a, b) => byText(a.displayName, b.displayName),
  (a, b) => statusId(a) - statusId(b),
  (a, b) => instant(a.created) - instant(b.created),
  (a, b) => byText(firstName(a), firstName(b)) || byText(lastName(a), lastName(b)),
  (a, b) => byText(lastName(a), lastName(b)) || byText(firstName(a), firstName(b)),
  (a, b) => instant(a.created) - instant(b.created),
  (a, b) => a.id - b.id,
];
const SORT_NAMES = [
  "displayname",
  "contacttype",
  "created",
  "firstname",
  "lastname",
  "history",
  "id",
];

/** The sort for `sortBy`: undefined for none (newest first), null for an unknown name (:312-325). */
function sortOf(sortBy: string | undefined) {
  if (!sortBy) return undefined;
  // A number is any value of the enum; one it does not define sorts by Created (Dao/ContactDao.cs:830).
  if (/^\s*[+-]?\d+\s*$/.test(sortBy)) return SORTS[Number(sortBy)] ?? SORTS[2];
  const found = SORT_NAMES.indexOf(sortBy.trim().toLowerCase());
  return found < 0 ? null : SORTS[found];
}

/** `ContactDao.GetContacts`' filter and access check (Dao/ContactDao.cs:432-778). */
function matching(state: PortalState, args: Args, paging: Paging): FullContact[] {
  const tags = args.strings("tags").map((tag) => lower(tag.trim()));
  const stage = optionalInt(args, "contactStage");
  const type = optionalInt(args, "contactType");
  const view = enumOf(args, "contactListView", LIST_VIEWS, LIST_VIEW_NAMES);
  const [responsible] = args.guids("responsibleid");
  const isShared = args.bool("isShared");
  const from = apiDate(args, "fromDate", state.offsetMinutes);
  // `toDate` + 1 day − 1 minute: it means a whole day (Dao/ContactDao.cs:726-731).
  const to = apiDate(args, "toDate", state.offsetMinutes);
  const until = to === undefined ? Infinity : to + 1439 * 60_000;
  // Each word starts a word of the display name, any case (Dao/AbstractDao.cs:283-301).
  const words = paging.filterValue?.trim().split(" ").filter(Boolean).map(lower) ?? [];
  return [...state.contacts.values()].filter((c) => {
    const name = lower(c.displayName);
    const managers = c.accessList?.map((user) => user.id) ?? [];
    const created = instant(c.created);
    return (
      state.maySeeContact(c) &&
      tags.every((tag) => state.tagsOf(`contact:${c.id}`).some((t) => lower(t.trim()) === tag)) &&
      (stage < 0 || statusId(c) === stage) &&
      (type < 0 || type === 0) && // the fake portal's contacts have no contact type
      (view === 1 ? c.isCompany : view === 2 ? !c.isCompany : view !== 3) && // no opportunities
      // A manager is a user on the access list; the empty GUID asks for contacts with none
      // (Dao/ContactDao.cs:625-641).
      (responsible === undefined ||
        (/^[0-]+$/.test(responsible) ? !managers.length : managers.includes(responsible))) &&
      (isShared === undefined || c.isShared === isShared) &&
      (from === undefined || created >= from) &&
      created <= until &&
      words.every((word) => name.startsWith(word) || name.includes(` ${word}`))
    );
  });
}

/** searchType -1 any, 0 companies, 1 persons, 2 and 3 without a company (Dao/ContactDao.cs:124-138). */
const KINDS: ((c: FullContact) => boolean)[] = [
  (c) => true,
  (c) => c.isCompany,
  (c) => !c.isCompany,
  (c) => !c.isCompany && !c.company,
  (c) => c.isCompany || !c.company,
];

const ENTITY_TYPES = [
  "contact",
  "opportunity",
  "relationshipevent",
  "task",
  "company",
  "person",
  "file",
  "case",
  "invoice",
];
const ENTITY_TYPE_NAMES = [
  "Contact",
  "Opportunity",
  "History",
  "Task",
  "Company",
  "Person",
  "File",
  "Case",
  "Invoice",
];

export const contactRoutes: Route[] = [
  [
    "GET",
    "contact/(?<contactid>[0-9]+)",
    ({ state, args }) => {
      if (args.int("contactid") <= 0) throw badArgument(); // 0 is a 400 here, unlike a case (:63)
      const contact = state.visibleContact(args.int("contactid"));
      if (!contact) throw notFound(); // missing or hidden alike (:65-66)
      return { value: contact }; // the single form: no tags, addresses always (:2208-2279)
    },
  ],
  [
    "GET",
    "contact/filter",
    ({ state, args, paging }) => {
      const sort = sortOf(paging.sortBy);
      const found = matching(state, args, paging);
      const { startIndex, count } = paging;
      if (sort === null) {
        // Not a ContactSortedByType: every contact, paged in memory, `total` wrong (:354-391).
        return {
          value: found.map((c) => contactListForm(state, c)),
          total: startIndex + found.length,
        };
      }
      // No sortBy: Created, descending whatever sortOrder says (:320-323). Ties in id order.
      const descending = sort ? paging.descending : true;
      const order = sort ?? SORTS[2]!;
      found.sort((a, b) => (descending ? -1 : 1) * order(a, b) || a.id - b.id);
      // LIMIT count + 1 OFFSET startIndex, then `total` as for cases (:328-391).
      const rows = found.slice(startIndex, startIndex + count + 1);
      const total = rows.length < count + 1 ? startIndex + rows.length : found.length;
      return { value: rows.map((c) => contactListForm(state, c)), paginated: true, total };
    },
  ],
  [
    "GET",
    "contact/byprefix",
    ({ state, args }) => {
      const prefix = args.string("prefix");
      const entityId = args.int("entityID");
      const entityType = enumOf(args, "entityType", ENTITY_TYPES, ENTITY_TYPE_NAMES);
      if (entityId > 0) {
        // A case's members the user may see, the case itself unchecked; a case-sensitive
        // substring of "First Last" or the company name; `total` counts the matches (:1616-1652).
        // EntityType.Case is 7; the fake portal has no opportunities.
        const members = entityType === 7 ? (state.cases.get(entityId)?.members ?? []) : [];
        const contacts = members.flatMap((member) => state.visibleContact(member.id) ?? []);
        if (prefix === undefined && contacts.length) {
          throw badArgument("Value cannot be null.\r\nParameter name: value");
        }
        const found = contacts.filter((c) =>
          (c.isCompany ? c.companyName : `${c.firstName} ${c.lastName}`).includes(prefix ?? ""),
        );
        return { value: found.map(withPhone), total: found.length };
      }
      const searchType = args.int("searchType"); // left out: 0, companies only
      if (searchType < -1 || searchType > 3) throw badArgument(); // :1656
      if (prefix === undefined)
        throw serverError("Object reference not set to an instance of an object.");
      // Every space-separated word anywhere in the name, any case; access in SQL, then 30 by name
      // (Dao/ContactDao.cs:115-162).
      const words = prefix.trim().split(" ").filter(Boolean).map(lower);
      const found = [...state.contacts.values()]
        .filter(
          (c) =>
            state.maySeeContact(c) &&
            KINDS[searchType + 1]!(c) &&
            words.every((word) => lower(c.displayName).includes(word)),
        )
        .sort((a, b) => byText(a.displayName, b.displayName))
        .slice(0, 30);
      return { value: found.map(withPhone) };
    },
  ],
];
