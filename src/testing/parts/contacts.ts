// The fake portal's Contacts controller: the list form of a person or a company
// (`ToListContactWrapper`), and the routes `GET contact/{id}`, `GET contact/filter` and
// `GET contact/byprefix`. Line numbers are of module/ASC.Api/ASC.Api.CRM/CRMApi.Contacts.cs
// unless named; `Dao/` = web/studio/ASC.Web.Studio/Products/CRM/Core/Dao/.
import type { components } from "../../../generated/schema";
import type { Route } from "../core/routes";
import { shortForm, type FullContact, type ListItemRow, type PortalState } from "../core/state";
import { dealSingleForm } from "./deals";
import {
  accessDenied,
  PortalError,
  badArgument,
  notFound,
  serverError,
  type Args,
  type Paging,
} from "../core/wire";

/** Where a portal stores a contact's photo, the URL the photo routes answer (ContactPhotoManager.cs:503). */
export const photoPath = (contactId: number) =>
  `/storage/crm/photos/${contactId}/contact_${contactId}_200_200.jpg`;

/** Records `contact`'s photo, kept out of its JSON (the wrapper has no such member). */
export function setPhoto(contact: object, photo: string): void {
  Object.defineProperty(contact, "photo", {
    value: photo,
    enumerable: false,
    writable: true,
    configurable: true, // deleteContactPhoto deletes it
  });
}

type Person = components["schemas"]["Person"];
type Company = components["schemas"]["Company"];

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
export function apiDate(args: Args, name: string, offsetMinutes: number): number | undefined {
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
export const SORTS: ((a: FullContact, b: FullContact) => number)[] = [
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
export function sortOf(sortBy: string | undefined) {
  if (!sortBy) return undefined;
  // A number is any value of the enum; one it does not define sorts by Created (Dao/ContactDao.cs:830).
  if (/^\s*[+-]?\d+\s*$/.test(sortBy)) return SORTS[Number(sortBy)] ?? SORTS[2];
  const found = SORT_NAMES.indexOf(sortBy.trim().toLowerCase());
  return found < 0 ? null : SORTS[found];
}

/** `ContactDao.GetContacts`' filter and access check (Dao/ContactDao.cs:432-778). */
export function matching(
  state: PortalState,
  args: Args,
  paging: Paging,
  hiddenToo = false,
): FullContact[] {
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
      (hiddenToo || state.maySeeContact(c)) &&
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

const nre = () => serverError("Object reference not set to an instance of an object.");

/** `CRMSecurity.CanEdit(contact)`: shared ReadWrite, or the user on its list (CRMSecutiry.cs:436-439). */
export function mayEditContact(state: PortalState, contact: FullContact): boolean {
  return contact.shareType === 1 || contact.accessList?.some((u) => u.id === state.me.id) === true;
}

/** `ShareType` by `EnumConverter`: a name in any case or any number (CRM/Core/Enums/ShareType.cs). */
function shareTypeOf(args: Args): number {
  const text = args.string("shareType");
  if (text === undefined) return 0; // left out: None (facts §1.3)
  if (/^\s*[+-]?\d+\s*$/.test(text)) return Number(text);
  const found = ["none", "readwrite", "read"].indexOf(text.trim().toLowerCase());
  if (found < 0) throw badArgument(`Requested value '${text.slice(0, 40)}' was not found.`);
  return found;
}

/** Sharing fields as the wrapper computes them from `ShareType` (W/ContactWrapper.cs:399-407). */
function share(state: PortalState, contact: FullContact, shareType: number, managers?: string[]) {
  contact.shareType = shareType as FullContact["shareType"];
  contact.isShared = shareType === 1 || shareType === 2;
  contact.isPrivate = !contact.isShared;
  // The ACL is kept when no managers are sent (CRMApi.Contacts.cs:926-930); shown only for None.
  const acl =
    managers ??
    (contact as { acl?: string[] }).acl ??
    contact.accessList?.map((user) => user.id) ??
    [];
  Object.defineProperty(contact, "acl", { value: acl, enumerable: false, writable: true });
  if (contact.isPrivate) contact.accessList = acl.map((user) => state.user(user));
  else delete contact.accessList;
  const editable = mayEditContact(state, contact);
  contact.canEdit = editable;
  contact.canDelete = editable;
}

/** Persons count by `company.id`, as `crm_entity_contact` would (left out when 0). */
function recount(state: PortalState): void {
  for (const c of state.contacts.values()) {
    if (!c.isCompany) continue;
    const n = [...state.contacts.values()].filter((p) => !p.isCompany && p.company?.id === c.id);
    if (n.length) c.personsCount = n.length;
    else delete c.personsCount;
  }
}

const photo = (id: number, isCompany: boolean, size: number) =>
  `/Products/CRM/HttpHandlers/filehandler.ashx?action=contactphotoulr&cid=${id}&isc=${isCompany ? "True" : "False"}&ps=${size}`;

/** A new contact row with the fields every form has. */
function newContact(state: PortalState, isCompany: boolean, displayName: string): FullContact {
  const id = state.nextId();
  return {
    id,
    displayName,
    isCompany,
    isPrivate: true,
    isShared: false,
    shareType: 0,
    currency: null,
    canEdit: false,
    canDelete: false,
    smallFotoUrl: photo(id, isCompany, 1),
    mediumFotoUrl: photo(id, isCompany, 2),
    createBy: { ...state.me },
    created: state.now(),
    about: "",
    industry: "",
    addresses: [],
    commonData: [],
    customFields: [],
    haveLateTasks: false,
  } as unknown as FullContact;
}

/** A contact the user may see (404 otherwise), by a route or body ID that must be above 0. */
export function readable(state: PortalState, args: Args, name: string): FullContact {
  const id = args.int(name);
  if (id <= 0) throw badArgument();
  const contact = state.visibleContact(id);
  if (!contact) throw notFound();
  return contact;
}

/**
 * `ContactDao.DeleteBatchContact` (Dao/ContactDao.cs:1474-1563): its tasks and history events
 * (also those of a deal or a case), tags, contact info, memberships and ACL go; a company's
 * persons lose their company. Answers the contact as the wrapper shows it afterwards.
 */
function deleteContact(state: PortalState, contact: FullContact): FullContact {
  const id = contact.id;
  for (const table of [state.tasks, state.events]) {
    for (const [rowId, row] of table) if (row.contactId === id) table.delete(rowId);
  }
  state.tags.delete(`contact:${id}`);
  state.addressRows.delete(id);
  // Deals keep going without it as their contact and lose it as a member (:1474-1563).
  for (const d of state.deals.values()) {
    if (d.contactId === id) d.contactId = 0;
    d.members = d.members.filter((m) => m !== id);
  }
  for (const c of state.cases.values()) c.members = c.members.filter((m) => m.id !== id);
  for (const other of state.contacts.values()) {
    if (!other.isCompany && other.company?.id === id) delete (other as Partial<Person>).company;
  }
  state.contacts.delete(id);
  for (const hook of state.contactDeleted) hook(id);
  recount(state);
  const { taskCount: _gone, ...rest } = contact;
  return {
    ...rest,
    commonData: [],
    addresses: [],
    customFields: [],
    ...(contact.shareType === 0 && { accessList: [] }),
  } as FullContact;
}

/** The person fields of `UpdateContact`/`SaveContact`, trimmed (Dao/ContactDao.cs:1104-1143). */
function writePerson(state: PortalState, person: Person, args: Args): void {
  const first = args.string("firstName")!.trim();
  const last = args.string("lastName")!.trim();
  if (!first) throw badArgument(); // :1320-1321
  person.firstName = first;
  person.lastName = last;
  person.displayName = `${first} ${last}`;
  person.title = (args.string("jobTitle") ?? "").trim();
  const companyId = args.int("companyId");
  const company = companyId > 0 ? state.contacts.get(companyId) : undefined;
  // Not checked to be a company, nor to exist: a dangling ID shows no company (:1124-1129).
  if (company) person.company = shortForm(company);
  else delete (person as Partial<Person>).company;
}

/** `UpdateContact` (Dao/ContactDao.cs:1080-1176): a full replace of a fresh object. */
function update(state: PortalState, args: Args, name: string, isCompany: boolean): FullContact {
  const id = args.int(name);
  const contact = id > 0 ? state.contacts.get(id) : undefined;
  if (!contact) throw badArgument(); // an ArgumentException, not a 404 (:1087-1088)
  if (!mayEditContact(state, contact)) throw accessDenied(); // hidden contacts too (:1089)
  if (isCompany) {
    const name = args.string("companyName");
    if (name === undefined) throw nre(); // :1104
    if (!name.trim()) throw badArgument();
    Object.assign(contact, { companyName: name.trim(), displayName: name.trim() });
    if (!contact.isCompany) {
      // A person's row gets the company's name and its names blanked; then the cast fails (:1171).
      Object.assign(contact, { firstName: "", lastName: "" });
      throw serverError("Specified cast is not valid.");
    }
  } else {
    writePerson(state, contact as Person, args);
    if (contact.isCompany) {
      (contact as unknown as Person).title = "";
      throw serverError("Specified cast is not valid."); // after the write (:924)
    }
  }
  // What the route cannot set is reset from `new Contact()` (CRM/Core/Entities/Contact.cs:96-103).
  contact.about = (args.string("about") ?? "").trim();
  contact.industry = "";
  contact.currency = null;
  delete contact.contactStatus;
  const managers = args.guids("managerList");
  share(state, contact, shareTypeOf(args), managers.length ? managers : undefined);
  recount(state);
  return contact;
}

/**
 * The contact statuses (`crm_list_item`, list type 1 = ContactStatus, CRM/Core/Enums/ListTypeEnum.cs),
 * seeded on first use when no part of the fake portal seeded any: Cold 21, Warm 22, Hot 23.
 */
function ensureStatuses(state: PortalState): void {
  if ([...state.listItems.values()].some((item) => item.listType === 1)) return;
  const colors = ["#8eb2d2", "#ffb45e", "#ff6e58"];
  ["Cold", "Warm", "Hot"].forEach((title, i) =>
    state.listItems.set(21 + i, {
      id: 21 + i,
      listType: 1,
      title,
      description: "",
      color: colors[i]!,
      sortOrder: i + 1,
      icon: "",
    }),
  );
}

/**
 * `contactStatusid` checked as the status routes do: below 0 a 400, and above 0 any list item's
 * ID (`ListItemDao.GetByID` spans every list, Dao/ListItemDao.cs:226-233), else a 404.
 */
function statusOf(state: PortalState, args: Args): FullContact["contactStatus"] | null {
  ensureStatuses(state);
  const statusId = args.int("contactStatusid"); // left out: 0, the status cleared
  if (statusId < 0) throw badArgument();
  if (statusId === 0) return null;
  const item = state.listItems.get(statusId);
  if (!item) throw notFound();
  return statusForm(item);
}

/** A status as a contact shows it (ContactStatusBaseWrapper: empty strings and a sortOrder of 0 left out). */
export function statusForm(item: ListItemRow): NonNullable<FullContact["contactStatus"]> {
  return {
    id: item.id,
    title: item.title,
    ...(item.description && { description: item.description }),
    ...(item.color && { color: item.color }),
    ...(item.sortOrder && { sortOrder: item.sortOrder }),
  };
}

function setStatus(contacts: FullContact[], status: FullContact["contactStatus"] | null) {
  for (const contact of contacts) {
    if (status) contact.contactStatus = status;
    else delete contact.contactStatus;
  }
}

/** A company's persons the user may see (`GetMembersIDsAndShareType`, :1267-1279). */
const personsOf = (state: PortalState, companyId: number) =>
  [...state.contacts.values()].filter(
    (c) => !c.isCompany && c.company?.id === companyId && state.maySeeContact(c),
  );

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
  [
    "POST",
    "contact/person",
    ({ state, args }) => {
      const companyId = args.int("companyId");
      if (companyId > 0 && !state.visibleContact(companyId)) throw notFound(); // :729-733
      const first = args.string("firstName");
      const last = args.string("lastName");
      if (first === undefined || last === undefined) throw nre(); // :1306-1307
      const person = newContact(state, false, "") as Person;
      writePerson(state, person, args);
      person.about = (args.string("about") ?? "").trim();
      const managers = args.guids("managerList");
      share(state, person, shareTypeOf(args), managers);
      // Custom fields: the field ID is not checked (:755-762); with no person fields defined in
      // the fake portal the values are never shown.
      args.pairs("customFieldList");
      state.contacts.set(person.id, person);
      recount(state);
      // The answer is the in-memory object: names as sent, title and about only when sent (:735-764).
      const answer: Person = { ...person, firstName: first, lastName: last };
      answer.displayName = `${first} ${last}`;
      if (args.string("jobTitle") === undefined) delete (answer as Partial<Person>).title;
      if (args.string("about") === undefined) delete (answer as Partial<Person>).about;
      return { value: answer };
    },
  ],
  [
    "POST",
    "contact/company",
    ({ state, args }) => {
      const name = args.string("companyName");
      if (!name?.trim()) throw badArgument(); // Dao/ContactDao.cs:1293-1299
      const company = newContact(state, true, name.trim()) as Company;
      company.companyName = name.trim();
      company.about = (args.string("about") ?? "").trim();
      share(state, company, shareTypeOf(args), []);
      state.contacts.set(company.id, company);
      // Persons are linked with a read check on the new company before the managers are set:
      // a None company fails here, after it was created (:992-1007).
      for (const personId of args.ints("personList")) {
        const person = state.visibleContact(personId);
        if (!person || person.isCompany) continue;
        if (!state.maySeeContact(company)) throw notFound();
        (person as Person).company = shortForm(company);
      }
      const managers = args.guids("managerList");
      if (managers.length) share(state, company, company.shareType, managers);
      recount(state);
      const answer: Company = { ...company };
      if (args.string("about") === undefined) delete (answer as Partial<Company>).about;
      return { value: answer };
    },
  ],
  [
    "POST",
    "contact/person/quick",
    ({ state, args }) => {
      const created: FullContact[] = [];
      for (let i = 0; ; i++) {
        const first = args.string(`data[${i}][key]`);
        const last = args.string(`data[${i}][value]`);
        if (first === undefined && last === undefined) break;
        if (!first?.trim() || !last?.trim()) continue; // skipped silently (:1108)
        const person = newContact(state, false, `${first.trim()} ${last.trim()}`) as Person;
        Object.assign(person, { firstName: first.trim(), lastName: last.trim(), title: "" });
        share(state, person, 0, [state.me.id]); // private to the creator (:1112-1130)
        state.contacts.set(person.id, person);
        created.push(person);
      }
      return { value: created.length ? created.map(shortForm) : null };
    },
  ],
  [
    "POST",
    "contact/company/quick",
    ({ state, args }) => {
      const created: FullContact[] = [];
      for (const name of args.strings("companyName")) {
        if (!name.trim()) continue; // :1052
        const company = newContact(state, true, name.trim()) as Company;
        company.companyName = name.trim();
        share(state, company, 0, [state.me.id]); // private to the creator (:1057-1074)
        state.contacts.set(company.id, company);
        created.push(company);
      }
      return { value: created.length ? created.map(shortForm) : null };
    },
  ],
  [
    "PUT",
    "contact/person/(?<personid>[0-9]+)",
    ({ state, args }) => {
      const first = args.string("firstName");
      const last = args.string("lastName");
      if (args.int("personid") <= 0 || !first || !last) throw badArgument(); // :909
      return { value: update(state, args, "personid", false) };
    },
  ],
  [
    "PUT",
    "contact/company/(?<companyid>[0-9]+)",
    ({ state, args }) => ({ value: update(state, args, "companyid", true) }),
  ],
  [
    "DELETE",
    "contact/(?<contactid>[0-9]+)",
    ({ state, args }) => {
      const id = args.int("contactid");
      if (id <= 0) throw badArgument();
      const contact = state.contacts.get(id);
      if (!contact) throw notFound();
      if (!mayEditContact(state, contact)) throw accessDenied(); // CanDelete (CRMSecutiry.cs:471-477)
      return { value: deleteContact(state, contact) };
    },
  ],
  [
    "PUT",
    "contact",
    ({ state, args }) => {
      const ids = args.ints("contactids");
      // An empty list: the DAO answers null and Select(null) throws (Dao/ContactDao.cs:1448).
      if (!ids.length) throw badArgument("Value cannot be null.\r\nParameter name: source");
      const deleted = ids.flatMap((id) => {
        const contact = state.contacts.get(id);
        if (!contact || !state.maySeeContact(contact) || !mayEditContact(state, contact)) return [];
        return [shortForm(deleteContact(state, contact))];
      });
      return { value: deleted };
    },
  ],
  [
    "DELETE",
    "contact/filter",
    ({ state, args, paging }) => {
      // Every match, unpaged; a non-admin with a hidden match gets nothing (§1.2, :582-612).
      const found = matching(state, args, paging, true);
      if (found.some((c) => !state.maySeeContact(c))) return { value: [] };
      const deleted = found
        .filter((c) => mayEditContact(state, c))
        .map((c) => shortForm(deleteContact(state, c)));
      return { value: deleted };
    },
  ],
  [
    "PUT",
    "contact/merge",
    ({ state, args }) => {
      const fromId = args.int("fromcontactid");
      const toId = args.int("tocontactid");
      if (fromId <= 0 || toId <= 0) throw badArgument(); // :857
      const from = state.contacts.get(fromId);
      const to = state.contacts.get(toId);
      if (!from || !to) throw notFound(); // no read check (:859-862)
      if (!mayEditContact(state, from) || !mayEditContact(state, to)) throw accessDenied();
      if (fromId !== toId) merge(state, from, to); // the same contact: a no-op (Dao/ContactDao.cs:1596-1601)
      return { value: to };
    },
  ],
  [
    "PUT",
    "contact/(?<contactid>[0-9]+)/status",
    ({ state, args }) => {
      if (args.int("contactid") <= 0) throw badArgument();
      const status = statusOf(state, args); // checked first (:1215-1219)
      const contact = readable(state, args, "contactid");
      if (!mayEditContact(state, contact)) throw accessDenied();
      setStatus([contact], status);
      return { value: contact };
    },
  ],
  [
    "PUT",
    "contact/company/(?<companyid>[0-9]+)/status",
    ({ state, args }) => {
      if (args.int("companyid") <= 0) throw badArgument();
      const status = statusOf(state, args);
      const company = readable(state, args, "companyid"); // read access suffices
      if (!company.isCompany) throw serverError("Contact is not a company"); // :1265
      const before = structuredClone(company);
      setStatus([company, ...personsOf(state, company.id)], status);
      return { value: before }; // the object read before the change (:1284)
    },
  ],
  [
    "PUT",
    "contact/person/(?<personid>[0-9]+)/status",
    ({ state, args }) => {
      if (args.int("personid") <= 0) throw badArgument();
      const status = statusOf(state, args);
      const person = readable(state, args, "personid");
      if (person.isCompany) throw serverError("Contact is not a person"); // :1317
      const companyId = person.company?.id ?? 0;
      if (companyId) {
        const company = state.contacts.get(companyId);
        if (!company) throw notFound(); // :1325
        // A company the user may see: it and its persons; otherwise the person alone.
        if (state.maySeeContact(company))
          setStatus([company, ...personsOf(state, companyId)], status);
        else setStatus([person], status);
      } else setStatus([person], status);
      return { value: person };
    },
  ],
  [
    "PUT",
    "contact/(?<contactid>[0-9]+)/changephotobyurl",
    ({ state, args }) => {
      const url = args.string("photourl");
      if (args.int("contactid") <= 0 || !url) throw badArgument(); // :831
      const contact = readable(state, args, "contactid"); // read access suffices
      // The fake portal downloads nothing: it stores the photo as the portal names it
      // (CRM/Classes/ContactPhotoManager.cs:503).
      const stored = photoPath(contact.id);
      setPhoto(contact, url);
      state.stored.delete(stored); // an upload's bytes are no longer the photo
      return { value: stored };
    },
  ],
  [
    "DELETE",
    "contact/(?<contactid>[0-9]+)/avatar",
    ({ state, args }) => {
      const contact = readable(state, args, "contactid");
      if (!mayEditContact(state, contact)) throw accessDenied(); // :1716
      if (args.bool("uploadOnly")) return { value: "" }; // does nothing (:1723-1730)
      delete (contact as { photo?: string }).photo;
      state.stored.delete(photoPath(contact.id));
      return {
        value: `/skins/default/images/empty_${contact.isCompany ? "company" : "people"}_logo_200_200.png`,
      };
    },
  ],
  [
    "GET",
    "contact/mail",
    ({ state, args }) => {
      // Hidden and unknown IDs dropped, in the database's order (Dao/ContactDao.cs:1419-1426).
      const ids = new Set(args.ints("contactids"));
      const found = [...state.contacts.values()]
        .filter((c) => ids.has(c.id) && state.maySeeContact(c))
        .sort((a, b) => a.id - b.id)
        .map((c) => {
          const email = c.commonData.find((i) => i.infoType === 1 && i.isPrimary);
          return { ...shortForm(c), ...(email && { email }) }; // :2281-2296
        });
      return { value: found };
    },
  ],
  [
    "GET",
    "contact/bycontactinfo",
    ({ state, args }) => {
      const typeText = args.string("infoType");
      if (typeText === undefined) throw badArgument(); // :1684
      const type = Number(typeText);
      const data = (args.string("data") ?? "").toLowerCase();
      const category = args.string("category") === undefined ? undefined : args.int("category");
      const isPrimary = args.bool("isPrimary");
      // LIKE %data% on the value, any case (Dao/ContactDao.cs:1784-1787); the single form.
      const found = [...state.contacts.values()].filter(
        (c) =>
          state.maySeeContact(c) &&
          [...c.commonData, ...(state.addressRows.get(c.id) ?? [])].some(
            (i) =>
              i.infoType === type &&
              i.data.toLowerCase().includes(data) &&
              (category === undefined || i.category === category) &&
              (isPrimary === undefined || i.isPrimary === isPrimary),
          ),
      );
      return { value: found };
    },
  ],
  [
    "GET",
    "contact/(?<contactid>[0-9]+)/access",
    ({ state, args }) => {
      const id = args.int("contactid");
      if (id <= 0) throw badArgument();
      const contact = state.contacts.get(id);
      if (!contact) throw notFound();
      if (!state.maySeeContact(contact)) throw accessDenied(); // 403, not 404 (:1382)
      return { value: contact.shareType === 0 ? (contact.accessList ?? []) : [] };
    },
  ],
  [
    "PUT",
    "contact/(?<contactid>[0-9]+)/access",
    ({ state, args }) => {
      const id = args.int("contactid");
      if (id <= 0) throw badArgument();
      const contact = state.contacts.get(id);
      if (!contact) throw notFound();
      if (!mayEditContact(state, contact)) throw accessDenied(); // no read check first
      return {
        value: setAccess(state, contact, args.bool("isShared") ?? false, args.guids("managerList")),
      };
    },
  ],
  [
    "PUT",
    "contact/access",
    ({ state, args }) => {
      const isShared = args.bool("isShared") ?? false;
      const managers = args.guids("managerList");
      // Each in turn, stopping at the first failure; the earlier ones stay changed (:1463-1477).
      const changed = args.ints("contactid").map((id) => {
        if (id <= 0) throw badArgument();
        const contact = state.contacts.get(id);
        if (!contact) throw notFound();
        if (!mayEditContact(state, contact)) throw accessDenied();
        return setAccess(state, contact, isShared, managers);
      });
      return { value: changed };
    },
  ],
  [
    "PUT",
    "contact/filter/access",
    ({ state, args, paging }) => {
      const found = matching(state, args, paging, true);
      if (found.some((c) => !state.maySeeContact(c))) return { value: [] }; // §1.2
      // isPrivate goes into the isShared slot (:1536 → :1422).
      const isShared = args.bool("isPrivate") ?? false;
      const managers = args.guids("managerList");
      const changed = found
        .filter((c) => mayEditContact(state, c))
        .map((c) => contactListForm(state, setAccess(state, c, isShared, managers)));
      return { value: changed };
    },
  ],
  [
    "GET",
    "contact/company/(?<companyid>[0-9]+)/person",
    ({ state, args }) => {
      const company = readable(state, args, "companyid");
      return { value: personsOf(state, company.id).map((p) => contactListForm(state, p)) };
    },
  ],
  [
    "POST",
    "contact/company/(?<companyid>[0-9]+)/person",
    ({ state, args }) => {
      const company = readable(state, args, "companyid"); // not checked to be a company (:653-667)
      const person = readable(state, args, "personid");
      if (person.isCompany) throw notFound();
      const before = structuredClone(person);
      (person as Person).company = shortForm(company);
      recount(state);
      return { value: before }; // the person read before the change
    },
  ],
  [
    "DELETE",
    "contact/company/(?<companyid>[0-9]+)/person",
    ({ state, args }) => {
      readable(state, args, "companyid");
      const person = readable(state, args, "personid");
      const before = structuredClone(person);
      // Out of every company, this one or not (Dao/ContactDao.cs:926-930).
      delete (person as Partial<Person>).company;
      recount(state);
      if (person.isCompany) throw serverError("Specified cast is not valid."); // :696
      return { value: before };
    },
  ],
  ...(["creationdate", "lastmodifeddate"] as const).map((what): Route => [
    "PUT",
    `contact/(?<contactid>[0-9]+)/${what}`,
    ({ state, args }) => {
      const contact = state.visibleContact(args.int("contactid"));
      if (!contact) throw notFound(); // read access suffices (:1823-1854)
      const name = what === "creationdate" ? "creationDate" : "lastModifedDate";
      const text = args.string(name);
      // Left out: DateTime.MinValue, the year 1 (M/ASC.Specific/ApiDateTime.cs:219-223).
      const when = text === undefined ? "0001-01-01T00:00:00.0000000Z" : text;
      if (Number.isNaN(Date.parse(when))) throw badArgument();
      if (what === "creationdate") contact.created = when;
      return { value: null };
    },
  ]),
  [
    "POST",
    "contact/(?<contactid>[0-9]+)/opportunity/(?<opportunityid>[0-9]+)",
    ({ state, args }) => {
      const { contact, deal } = dealOf(state, args);
      if (!deal.members.includes(contact.id)) deal.members.push(contact.id); // REPLACE INTO
      return { value: dealSingleForm(state, deal) };
    },
  ],
  [
    "DELETE",
    "contact/(?<contactid>[0-9]+)/opportunity/(?<opportunityid>[0-9]+)",
    ({ state, args }) => {
      const { contact, deal } = dealOf(state, args);
      if (deal.contactId === contact.id) {
        throw new PortalError(403, "Can't unlink base contact", -2146233078); // :271
      }
      deal.members = deal.members.filter((m) => m !== contact.id);
      return { value: dealSingleForm(state, deal) };
    },
  ],
];

/** `SetAccessToContact` (:1406-1445): the ACL, then `is_shared` as a boolean; answers the old object. */
function setAccess(
  state: PortalState,
  contact: FullContact,
  isShared: boolean,
  managers: string[],
) {
  const before = structuredClone(contact);
  // Non-empty: the ACL is those users; empty: every entry removed (CRMSecutiry.cs SetAccessTo).
  Object.defineProperty(contact, "acl", { value: managers, enumerable: false, writable: true });
  share(state, contact, isShared ? 1 : 0, managers);
  // The wrapper of the object read before: the old sharing, the new list only if it was None.
  if (before.shareType === 0) before.accessList = managers.map((user) => state.user(user));
  return before;
}

/** The deal rows' link to a contact (`crm_entity_contact`, entity type Opportunity). */
function dealOf(state: PortalState, args: Args) {
  const dealId = args.int("opportunityid");
  const contactId = args.int("contactid");
  if (dealId <= 0 || contactId <= 0) throw badArgument();
  const contact = state.visibleContact(contactId);
  const deal = state.deals.get(dealId);
  const readableDeal = deal && (deal.accessList === null || deal.accessList.includes(state.me.id));
  if (!contact || !readableDeal) throw notFound(); // read access to both suffices (:229-276)
  return { contact, deal };
}

/** `ContactDao.MergeDublicate` (Dao/ContactDao.cs:1565-1766). */
function merge(state: PortalState, from: FullContact, to: FullContact): void {
  for (const table of [state.tasks, state.events]) {
    for (const row of table.values()) if (row.contactId === from.id) row.contactId = to.id;
  }
  for (const c of state.cases.values()) {
    const hasTo = c.members.some((m) => m.id === to.id);
    c.members = c.members.flatMap((m) => (m.id !== from.id ? [m] : hasTo ? [] : [shortForm(to)]));
  }
  const tags = [
    ...new Set([...state.tagsOf(`contact:${to.id}`), ...state.tagsOf(`contact:${from.id}`)]),
  ];
  if (tags.length) state.tags.set(`contact:${to.id}`, tags);
  state.tags.delete(`contact:${from.id}`);
  // Contact info: exact duplicates go; a second primary of the same type and category is demoted.
  for (const info of from.commonData) {
    const same = to.commonData.find(
      (i) => i.infoType === info.infoType && i.category === info.category && i.data === info.data,
    );
    if (same) continue;
    const primary = to.commonData.some(
      (i) => i.infoType === info.infoType && i.category === info.category && i.isPrimary,
    );
    to.commonData.push({ ...info, isPrimary: info.isPrimary && !primary });
  }
  const rows = [...(state.addressRows.get(to.id) ?? []), ...(state.addressRows.get(from.id) ?? [])];
  state.addressRows.set(to.id, rows);
  state.addressRows.delete(from.id);
  to.addresses = [...(to.addresses ?? []), ...(from.addresses ?? [])];
  // Empty fields filled from the source (:1565-1592).
  if (!to.industry) to.industry = from.industry;
  if (!to.about) to.about = from.about;
  if (!to.contactStatus && from.contactStatus) to.contactStatus = from.contactStatus;
  if (!to.isCompany && !from.isCompany) {
    if (!to.company && from.company) to.company = from.company;
    if (!to.title) to.title = from.title;
  }
  // Two companies: the source's persons move to the target (:1751-1757).
  for (const other of state.contacts.values()) {
    if (!other.isCompany && other.company?.id === from.id && to.isCompany)
      other.company = shortForm(to);
  }
  // Deals: their primary contact and memberships move, duplicates dropped (:1609-1640).
  for (const d of state.deals.values()) {
    if (d.contactId === from.id) d.contactId = to.id;
    d.members = [...new Set(d.members.map((m) => (m === from.id ? to.id : m)))];
  }
  // Project links move too (Dao/ContactDao.cs:1594-1766).
  for (const linked of state.projectLinks.values()) {
    if (linked.delete(from.id)) linked.add(to.id);
  }
  for (const hook of state.contactMerged) hook(from.id, to.id);
  state.contacts.delete(from.id);
  recount(state);
}
