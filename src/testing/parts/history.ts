// The fake portal's History controller: the routes of `CRMApi.RelationshipEvent.cs`
// (module/ASC.Api/ASC.Api.CRM/) for events, and `GET history/category` of `CRMApi.ListItem.cs`.
// Line numbers are of CRMApi.RelationshipEvent.cs unless named; `CRM/` is
// web/studio/ASC.Web.Studio/Products/CRM/.
import type { components } from "../../../generated/schema";
import { parseApiDateTime } from "../../core/dates";
import type { Route } from "../core/routes";
import { fileForm, filesOfEvents, removeFile } from "./files";
import {
  apiDateTime,
  shortForm,
  type EntityKind,
  type EventRow,
  type FullContact,
  type ListItemRow,
  type PortalState,
} from "../core/state";
import {
  accessDenied,
  badArgument,
  notFound,
  serverError,
  type Args,
  type Paging,
} from "../core/wire";

type RelationshipEvent = components["schemas"]["RelationshipEvent"];
type Entity = components["schemas"]["Entity"];
type ListItem = components["schemas"]["ListItem"];

/** Where the portal serves a category's icon (`WebImageSupplier.GetAbsoluteWebPath` for CRM). */
export const ICONS = "/Products/CRM/App_Themes/default/images/";

/** The system history categories (CRM/Core/Dao/ListItemDao.cs:170-199); -3, mail, is left out. */
const SYSTEM: Record<number, ListItemRow> = {
  [-1]: {
    id: -1,
    listType: 3,
    title: "Task is closed",
    description: "",
    color: "",
    sortOrder: 0,
    icon: "event_category_close.png",
  },
  [-2]: {
    id: -2,
    listType: 3,
    title: "Files are uploaded",
    description: "",
    color: "",
    sortOrder: 0,
    icon: "event_category_attach_file.png",
  },
};

/**
 * `ListItemDao.GetByID`: an item of **any** list (a task category serves as a history category
 * and the other way round), or a system history category for a negative ID (ListItemDao.cs:226-233).
 */
export function listItem(state: PortalState, id: number): ListItemRow | undefined {
  return id < 0 ? SYSTEM[id] : state.listItems.get(id);
}

/**
 * `ListItemWrapper`: every string is left out when null, `sortOrder` when 0
 * (Wrappers/ListItemWrapper.cs:397-428). System items have no description or colour.
 */
export function listItemForm(item: ListItemRow): ListItem {
  const { id, title, description, color, sortOrder } = item;
  return {
    id,
    title,
    ...(id > 0 && { description, color }),
    ...(sortOrder !== 0 && { sortOrder }),
  };
}

/** `HistoryCategoryBaseWrapper`: `imagePath` is a plain member, `null` without an icon (ListItemWrapper.cs:33-47). */
function categoryForm(item: ListItemRow) {
  return { ...listItemForm(item), imagePath: item.icon ? ICONS + item.icon : null };
}

/** `ToEntityType` (CRMApi.cs:56-85): `person` and `company` are kinds of their own here. */
function entityKind(text: string | undefined): EntityKind | "contact" | "other" {
  const kind = (text ?? "").toLowerCase();
  if (!kind) return "";
  return kind === "case" || kind === "opportunity" || kind === "contact" ? kind : "other";
}

/** A deal the user may read (`CRMSecurity.CanAccessTo(Deal)`: public, or on its access list). */
export function visibleDeal(state: PortalState, id: number): boolean {
  const deal = state.deals.get(id);
  return deal !== undefined && (deal.accessList === null || deal.accessList.includes(state.me.id));
}

/** `ToEntityWrapper`: the case or deal with its title now, or null when it is gone (:752-786). */
export function entityForm(state: PortalState, type: EntityKind, id: number): Entity | null {
  const c = type === "case" && id > 0 ? state.cases.get(id) : undefined;
  if (c) return { entityType: "case", entityId: id, entityTitle: c.title };
  const deal = type === "opportunity" ? state.deals.get(id)?.title : undefined;
  return deal === undefined ? null : { entityType: "opportunity", entityId: id, entityTitle: deal };
}

/** `CRMSecurity.CanEdit(Contact)`: shared for writing, or on its access list (CRMSecutiry.cs:436-439). */
function mayEditContact(state: PortalState, contact: FullContact): boolean {
  return contact.shareType === 1 || contact.accessList?.some((u) => u.id === state.me.id) === true;
}

/** `CRMSecurity.CanAccessTo(RelationshipEvent)`: by its contact when it has one, else by its case (CRMSecutiry.cs:235-264). */
function mayRead(state: PortalState, row: EventRow): boolean {
  const contact = row.contactId > 0 ? state.contacts.get(row.contactId) : undefined;
  if (contact) return state.maySeeContact(contact);
  const c = row.entityType === "case" ? state.cases.get(row.entityId) : undefined;
  return c
    ? state.mayRead(c)
    : row.entityType === "opportunity" && visibleDeal(state, row.entityId);
}

/** `CRMSecurity.CanEdit(RelationshipEvent)`: edit rights on its contact or case, or read rights and its author (CRMSecutiry.cs:389-434). */
function mayEdit(state: PortalState, row: EventRow): boolean {
  const mine = row.createBy === state.me.id;
  const contact = row.contactId > 0 ? state.contacts.get(row.contactId) : undefined;
  if (contact) return mayEditContact(state, contact) || (state.maySeeContact(contact) && mine);
  const c = row.entityType === "case" ? state.cases.get(row.entityId) : undefined;
  if (c) return state.mayEdit(c) || (state.mayRead(c) && mine);
  return row.entityType === "opportunity" && visibleDeal(state, row.entityId);
}

/**
 * An event as a wrapper shows it. The single form (`ToRelationshipEventWrapper`, :720-750) shows
 * its contact whoever asks and sets `canEdit` to read access (:747); the list form
 * (`ToListRelationshipEventWrapper`, :598-718) leaves out a contact the user may not see
 * (`ContactDao.GetContacts` filters them) and keeps the edit right the constructor set
 * (Wrappers/RelationshipEventWrapper.cs:66-74). `files` is always a list: those attached that
 * still exist (RelationshipEventDao.cs:203-235).
 */
export function eventForm(state: PortalState, row: EventRow, single: boolean): RelationshipEvent {
  const item = listItem(state, row.categoryId);
  const contact = row.contactId > 0 ? state.contacts.get(row.contactId) : undefined;
  const shown = contact && (single || state.maySeeContact(contact));
  return {
    id: row.id,
    createBy: state.user(row.createBy),
    created: row.created,
    content: row.content,
    ...(item && { category: categoryForm(item) }),
    ...(shown && { contact: shortForm(contact) }),
    entity: entityForm(state, row.entityType, row.entityId),
    ...((single ? mayRead(state, row) : mayEdit(state, row)) && { canEdit: true }),
    files: filesOfEvents(state, [row]).map((file) => fileForm(state, file)),
  };
}

/**
 * An `ApiDateTime` parameter as `ApiDateTime.Parse` reads it: `o`, `…fffK`, `…ssK` or
 * `yyyy-MM-dd`, a time without an offset in the portal's own zone (M/ASC.Specific/ApiDateTime.cs:35-109).
 * Missing: undefined. One that does not parse: a 400.
 */
export function dateArg(state: PortalState, args: Args, name: string): number | undefined {
  const text = args.string(name);
  if (text === undefined) return undefined;
  const local = /(Z|[+-]\d\d:\d\d)$/.exec(apiDateTime(new Date(0), state.offsetMinutes))![0];
  const full = /^\d{4}-\d\d-\d\d$/.test(text) ? `${text}T00:00:00` : text;
  const withOffset = /(Z|[+-]\d\d:\d\d)$/.test(full) ? full : full + local;
  try {
    const parsed = parseApiDateTime(withOffset);
    if (parsed) return parsed.date.getTime();
  } catch {
    // below
  }
  throw badArgument(`invalid date time format: ${text.slice(0, 40)}`);
}

/** An ApiDateTime as the fake stores it: the portal's wall-clock time at its offset. */
export const instant = (value: string) => parseApiDateTime(value)?.date.getTime() ?? 0;

/** A search's words, each matching the start of a word of one of `texts` (CRM/Core/Dao/AbstractDao.cs:283-302). */
export function matchesWords(words: string[], ...texts: string[]): boolean {
  return words.every((word) =>
    texts.some((text) => {
      const lower = text.toLowerCase();
      return lower.startsWith(word) || lower.includes(` ${word}`);
    }),
  );
}

export const searchWords = (paging: Paging) =>
  paging.filterValue?.trim().toLowerCase().split(/ +/).filter(Boolean) ?? [];

// RelationshipEventByType {Created, CreateBy, Category, Content, Id}, by name (any case) or
// number (CRM/Core/Enums/SortedByTypeEnum.cs, CRM/Core/Dao/RelationshipEventDao.cs:522-543).
const SORTS: ((a: EventRow, b: EventRow) => number)[] = [
  (a, b) => instant(a.created) - instant(b.created),
  (a, b) => a.createBy.localeCompare(b.createBy),
  (a, b) => a.categoryId - b.categoryId,
  (a, b) => a.content.localeCompare(b.content),
  (a, b) => a.id - b.id,
];
const SORT_NAMES = ["created", "createby", "category", "content", "id"];

/** A sort key's index, `-1` for none (the default order), undefined for a word the enum lacks. */
export function sortIndex(names: string[], sortBy: string | undefined): number | undefined {
  if (!sortBy) return -1;
  const index = /^\d+$/.test(sortBy) ? Number(sortBy) : names.indexOf(sortBy.toLowerCase());
  return index >= 0 && index < names.length ? index : undefined;
}

/** `RelationshipEventDao.GetItems`' filters (:435-521): entity, dates, author, category, words. */
function matching(state: PortalState, args: Args, paging: Paging, kind: string): EventRow[] {
  const entityId = args.int("entityId");
  const categoryId = args.int("categoryId");
  const createBy = args.guids("createBy").find((id) => !/^[0-]+$/.test(id)); // Guid.Empty: anyone
  const from = dateArg(state, args, "fromDate");
  const to = dateArg(state, args, "toDate");
  // `toDate` counts as a day: up to one day minus one minute after it (:483-488).
  const until = to === undefined ? undefined : to + 24 * 60 * 60 * 1000 - 60 * 1000;
  const words = searchWords(paging);
  /** A contact's events; a company's include its persons' (:452-475). */
  const about = (row: EventRow) => {
    const contact = state.contacts.get(row.contactId);
    return (
      row.contactId === entityId ||
      (contact && !contact.isCompany && contact.company?.id === entityId)
    );
  };
  return [...state.events.values()].filter((row) => {
    const at = instant(row.created);
    return (
      (entityId <= 0 ||
        (kind === "contact" ? about(row) : row.entityType === kind && row.entityId === entityId)) &&
      (from === undefined || at >= from) &&
      (until === undefined || at <= until) &&
      (createBy === undefined || row.createBy === createBy) &&
      (categoryId === 0 || row.categoryId === categoryId) &&
      matchesWords(words, row.content)
    );
  });
}

export const historyRoutes: Route[] = [
  [
    "GET",
    "history/filter",
    ({ state, args, paging }) => {
      const kind = entityKind(args.string("entityType"));
      const entityId = args.int("entityId");
      // A missing or unreadable entity is a 404; an unknown kind with an ID a 400 (:74-99).
      if (kind === "case") {
        const c = state.cases.get(entityId);
        if (!c || !state.mayRead(c)) throw notFound();
      } else if (kind === "contact") {
        if (!state.visibleContact(entityId)) throw notFound();
      } else if (kind === "opportunity") {
        if (!visibleDeal(state, entityId)) throw notFound();
      } else if (entityId !== 0) {
        throw badArgument();
      }
      const found = matching(state, args, paging, kind);
      const index = sortIndex(SORT_NAMES, paging.sortBy);
      const newest = (a: EventRow, b: EventRow) => SORTS[0]!(b, a) || b.id - a.id;
      if (index === undefined) {
        // Not a RelationshipEventByType: every event, newest first, paged in memory (:138-151).
        return { value: found.sort(newest).map((row) => eventForm(state, row, false)) };
      }
      // No sortBy: created, descending (:111-114); otherwise ascending unless `descending`.
      // Equal keys: the fake orders by ID in the same direction (the database leaves it open).
      const direction = index === -1 || paging.descending ? -1 : 1;
      const order = SORTS[Math.max(index, 0)]!;
      found.sort((a, b) => direction * (order(a, b) || a.id - b.id));
      // LIMIT count + 1 OFFSET startIndex, and no SetTotalCount: `total` becomes count + 1 (:122-136).
      const { startIndex, count } = paging;
      const rows = found.slice(startIndex, startIndex + count + 1);
      return { value: rows.map((row) => eventForm(state, row, false)), paginated: true };
    },
  ],
  [
    "GET",
    "history/category",
    ({ state }) => {
      // Ordered by sort_order, each with its number of events (CRMApi.ListItem.cs:982-995).
      const items = [...state.listItems.values()]
        .filter((item) => item.listType === 3)
        .sort((a, b) => a.sortOrder - b.sortOrder || a.id - b.id);
      return {
        value: items.map((item) => {
          const relativeItemsCount = [...state.events.values()].filter(
            (row) => row.categoryId === item.id,
          ).length;
          return { ...categoryForm(item), ...(relativeItemsCount && { relativeItemsCount }) };
        }),
      };
    },
  ],
  [
    "POST",
    "history",
    ({ state, args }) => {
      const typeText = args.string("entityType");
      if (typeText && !/^(opportunity|case)$/i.test(typeText)) throw badArgument(); // :336-341
      const entityType = (typeText?.toLowerCase() ?? "") as EntityKind;
      const entityId = args.int("entityId");
      const contactId = args.int("contactId");
      const content = args.string("content") ?? "";
      const categoryId = args.int("categoryId");
      const created = dateArg(state, args, "created");
      // Attached unchecked: any file ID, in any folder, or none at all (:397-433).
      const fileIds = args.ints("fileId");
      args.guids("notifyUserList"); // bound; nobody is mailed
      // A contact or a case that is missing or hidden is a 400, not a 404 (:346-373).
      if (contactId > 0 && !state.visibleContact(contactId)) throw badArgument();
      if (entityType === "case") {
        const c = state.cases.get(entityId);
        if (!c || !state.mayRead(c)) throw badArgument();
      }
      if (entityType === "opportunity" && !visibleDeal(state, entityId)) throw badArgument();
      if (!listItem(state, categoryId)) throw badArgument(); // any list's item will do (:386-387)
      if (categoryId === -3) throw badArgument("Mail message cannot be found"); // the mail module's (RelationshipEventDao.cs:323-333)
      // `DemandCreateOrUpdate` (CRM/Core/Security/CRMSecutiry.cs:667-679).
      if (!content || (contactId === 0 && entityId === 0)) throw badArgument();
      if (entityId > 0 && !entityType) throw badArgument();
      if (content.length > 65000) throw badArgument("Data too long for column 'content'");
      const row: EventRow = {
        id: state.newId(state.events),
        contactId,
        entityType,
        entityId,
        content,
        categoryId,
        created:
          created === undefined ? state.now() : apiDateTime(new Date(created), state.offsetMinutes),
        createBy: state.me.id,
      };
      if (!mayRead(state, row)) throw accessDenied();
      state.events.set(row.id, row);
      if (fileIds.length) state.eventFiles.set(row.id, fileIds);
      return { value: eventForm(state, row, true) };
    },
  ],
  [
    "DELETE",
    "history/(?<id>[0-9]+)",
    ({ state, args }) => {
      const id = args.int("id");
      if (id <= 0) throw badArgument(); // :174
      const row = state.events.get(id);
      if (!row) throw notFound(); // :176-177
      const wrapper = eventForm(state, row, true); // built before the delete (:178)
      // `DemandDelete`: the edit right, a 403 (RelationshipEventDao.cs:593-596, CRMSecutiry.cs:658-661).
      if (!mayEdit(state, row)) throw accessDenied();
      // Its files go from Documents, one by one: a 403 on one leaves the event and the files
      // already deleted gone (RelationshipEventDao.cs:593-609).
      for (const file of filesOfEvents(state, [row])) removeFile(state, file);
      state.events.delete(id);
      state.eventFiles.delete(id);
      // With neither a contact nor a case the audit line dereferences null: 500, after the delete (:183).
      if (!wrapper.contact && !wrapper.entity) {
        throw serverError("Object reference not set to an instance of an object.");
      }
      return { value: wrapper };
    },
  ],
];
