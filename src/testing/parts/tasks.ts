// The fake portal's Tasks controller: the routes of `CRMApi.Tasks.cs` (module/ASC.Api/ASC.Api.CRM/)
// and `GET task/category` of `CRMApi.ListItem.cs`. Line numbers are of CRMApi.Tasks.cs unless
// named; `CRM/` is web/studio/ASC.Web.Studio/Products/CRM/.
import type { components } from "../../../generated/schema";
import {
  dateArg,
  entityForm,
  ICONS,
  instant,
  listItem,
  listItemForm,
  matchesWords,
  searchWords,
  sortIndex,
} from "./history";
import type { Route } from "../core/routes";
import {
  apiDateTime,
  shortForm,
  type EntityKind,
  type FullContact,
  type ListItemRow,
  type PortalState,
  type TaskRow,
  LOST_USER_ID,
} from "../core/state";
import { accessDenied, badArgument, notFound, PortalError, type Args } from "../core/wire";

type Task = components["schemas"]["Task"];
type TaskContact = components["schemas"]["TaskContact"];

const NOBODY = "00000000-0000-0000-0000-000000000000";

/** `ItemNotFoundException(TaskCategoryNotFound)`: a 404 with the resource's text (:307-308). */
export const categoryNotFound = () => new PortalError(404, "Category is not found", -2147467259);

/** `TaskCategoryBaseWrapper`: `imagePath` is `""` without an icon (Wrappers/ListItemWrapper.cs:178-193). */
export function categoryForm(item: ListItemRow) {
  return { ...listItemForm(item), imagePath: item.icon ? ICONS + item.icon : "" };
}

/** Tasks in a category (`ListItemDao.GetRelativeItemsCount`, CRM/Core/Dao/ListItemDao.cs:277-312). */
export function tasksIn(state: PortalState, categoryId: number): number {
  return [...state.tasks.values()].filter((row) => row.categoryId === categoryId).length;
}

/** `CRMSecurity.CanAccessTo(Task)` (CRM/Core/Security/CRMSecutiry.cs:303-332). */
export function mayRead(state: PortalState, row: TaskRow): boolean {
  const me = state.me.id;
  if (row.responsibleId === me || row.createBy === me) return true;
  if (row.contactId === 0 && row.entityId === 0) return true;
  const contact = row.contactId > 0 ? state.contacts.get(row.contactId) : undefined;
  if (contact) return state.maySeeContact(contact);
  const c = row.entityType === "case" ? state.cases.get(row.entityId) : undefined;
  return c ? state.mayRead(c) : false;
}

/** `CRMSecurity.CanEdit(Task)`: an admin, the responsible user or the creator (CRMSecutiry.cs:441-444). */
const mayEdit = (state: PortalState, row: TaskRow) =>
  row.responsibleId === state.me.id || row.createBy === state.me.id;

/** `ContactBaseWithEmailWrapper`: the short form and the primary email (CRMApi.Contacts.cs:2281-2296). */
function withEmail(contact: FullContact): TaskContact {
  const email = contact.commonData.find((info) => info.infoType === 1 && info.isPrimary);
  return { ...shortForm(contact), ...(email && { email }) };
}

/**
 * A task as the wrappers show it (Wrappers/TaskWrapper.cs:38-96, nearly every member
 * `EmitDefaultValue=false`). The single form (`ToTaskWrapper`, :734-756): the category with
 * `relativeItemsCount` (a 404 when its list item is gone), the contact whoever asks. The list
 * form (`ToTaskListWrapper`, :607-731): the category without the count, and a contact the user
 * may not see with `currency: null` and without email and access list (:703-710). `stored`:
 * read back from the database, where a description that was never sent reads `""`.
 */
function taskForm(state: PortalState, row: TaskRow, single: boolean, stored = true): Task {
  const item = row.categoryId > 0 ? listItem(state, row.categoryId) : undefined;
  if (single && row.categoryId > 0 && !item) throw notFound(); // GetTaskCategoryByID (CRMApi.ListItem.cs:960-969)
  const count = single && item ? tasksIn(state, item.id) : 0;
  const contact = row.contactId > 0 ? state.contacts.get(row.contactId) : undefined;
  let shown: TaskContact | undefined;
  if (contact) {
    const { accessList: _hidden, ...masked } = shortForm(contact);
    shown =
      single || state.maySeeContact(contact) ? withEmail(contact) : { ...masked, currency: null };
  }
  const entity = row.entityId > 0 ? entityForm(state, row.entityType, row.entityId) : null;
  const description = stored ? (row.description ?? "") : row.description;
  const responsible = row.responsibleId === NOBODY ? LOST_USER_ID : row.responsibleId;
  return {
    id: row.id,
    createBy: state.user(row.createBy),
    created: row.created,
    title: row.title,
    ...(description !== null && { description }),
    deadLine: row.deadline,
    ...(row.alertValue !== 0 && { alertValue: row.alertValue }),
    responsible: state.user(responsible),
    ...(row.isClosed && { isClosed: true }),
    ...(item && {
      category: { ...categoryForm(item), ...(count && { relativeItemsCount: count }) },
    }),
    ...(shown && { contact: shown }),
    ...(entity && { entity }),
    ...(mayEdit(state, row) && { canEdit: true }),
  };
}

/** A task ID from the route: 0 is a 400 (:50, :204, :229, :255). */
function taskId(args: Args): number {
  const id = args.int("taskid");
  if (id <= 0) throw badArgument();
  return id;
}

/**
 * The body of `POST task` and `PUT task/{taskid}` bound and checked as both do (:299-308,
 * :505-512), then as `SaveOrUpdateTaskInDb` does (CRM/Core/Dao/TaskDao.cs:787-789). Names are
 * matched case-insensitively, so `categoryId` and `categoryid` are one parameter.
 */
function taskInput(state: PortalState, args: Args) {
  const typeText = args.string("entityType");
  const categoryId = args.int("categoryId");
  const deadline = dateArg(state, args, "deadline");
  const input = {
    title: args.string("title") ?? "",
    description: args.string("description") ?? null,
    responsibleId: args.guids("responsibleId")[0] ?? NOBODY,
    categoryId,
    contactId: args.int("contactId"),
    entityType: (typeText?.toLowerCase() ?? "") as EntityKind,
    entityId: args.int("entityId"),
    alertValue: args.int("alertValue"),
  };
  args.bool("isNotify"); // bound; nobody is mailed
  if ((typeText && !/^(opportunity|case)$/i.test(typeText)) || categoryId <= 0) throw badArgument();
  if (!listItem(state, categoryId)) throw categoryNotFound(); // any list's item will do
  if (!input.title || deadline === undefined) throw badArgument();
  return { ...input, deadline: apiDateTime(new Date(deadline), state.offsetMinutes) };
}

// TaskSortedByType {Title, Category, DeadLine, Contact, ContactManager, Id}; after the key,
// deadline and title (CRM/Core/Dao/TaskDao.cs:630-673).
const SORT_NAMES = ["title", "category", "deadline", "contact", "contactmanager", "id"];

function sorter(state: PortalState, index: number, descending: boolean) {
  const name = (row: TaskRow) => state.contacts.get(row.contactId)?.displayName;
  const keys: ((a: TaskRow, b: TaskRow) => number)[] = [
    (a, b) => a.title.localeCompare(b.title),
    (a, b) => a.categoryId - b.categoryId,
    (a, b) => instant(a.deadline) - instant(b.deadline),
    // Tasks without a contact last whichever the direction (`case when … is null then 1`).
    (a, b) => (name(a) ?? "").localeCompare(name(b) ?? ""),
    (a, b) =>
      state
        .user(a.responsibleId)
        .displayName.localeCompare(state.user(b.responsibleId).displayName),
    (a, b) => a.id - b.id,
  ];
  const then = (a: TaskRow, b: TaskRow) =>
    index === 5 ? 0 : keys[2]!(a, b) || keys[0]!(a, b) || a.id - b.id;
  return (a: TaskRow, b: TaskRow) => {
    // Open tasks first, whatever the key (:630).
    if (a.isClosed !== b.isClosed) return a.isClosed ? 1 : -1;
    if (index === 3 && !name(a) !== !name(b)) return name(a) ? -1 : 1;
    return (descending ? -1 : 1) * keys[index]!(a, b) || then(a, b);
  };
}

export const taskRoutes: Route[] = [
  [
    "GET",
    "task/filter",
    ({ state, args, paging }) => {
      const typeText = args.string("entityType");
      if (typeText && !/^(contact|opportunity|case)$/i.test(typeText)) throw badArgument(); // :94-100
      const kind = typeText?.toLowerCase() ?? "";
      const entityId = args.int("entityid");
      const responsible = args.guids("responsibleid").find((id) => id !== NOBODY);
      const categoryId = args.int("categoryid");
      const isClosed = args.bool("isClosed");
      const from = dateArg(state, args, "fromDate");
      const to = dateArg(state, args, "toDate");
      const words = searchWords(paging);
      // `TaskDao.WhereConditional` (:555-677): the deadline, not the creation, is filtered; an
      // `entityid` without a known kind filters nothing. Then what the user may see (:201-280).
      const found = [...state.tasks.values()].filter((row) => {
        const due = instant(row.deadline);
        const contact = state.contacts.get(row.contactId);
        const ofEntity =
          kind === "contact"
            ? row.contactId === entityId ||
              (contact !== undefined && !contact.isCompany && contact.company?.id === entityId)
            : row.entityType === kind && row.entityId === entityId;
        return (
          (entityId <= 0 || !kind || ofEntity) &&
          (responsible === undefined || row.responsibleId === responsible) &&
          (categoryId <= 0 || row.categoryId === categoryId) &&
          (isClosed === undefined || row.isClosed === isClosed) &&
          (from === undefined || due >= from) &&
          (to === undefined || due <= to) &&
          matchesWords(words, row.title, row.description ?? "") &&
          mayRead(state, row)
        );
      });
      const index = sortIndex(SORT_NAMES, paging.sortBy);
      const { startIndex, count } = paging;
      if (index === undefined) {
        // Not a TaskSortedByType: every task, deadline then title, paged in memory; `total` is
        // startIndex + all when they fit in a page, else the count (:146-184).
        found.sort(sorter(state, 2, false));
        const total = found.length < count + 1 ? startIndex + found.length : found.length;
        return { value: found.map((row) => taskForm(state, row, false)), total };
      }
      // No sortBy: deadline, ascending (:112-115).
      found.sort(sorter(state, index === -1 ? 2 : index, index !== -1 && paging.descending));
      // LIMIT count + 1 OFFSET startIndex; `total` as for cases (:121-184).
      const rows = found.slice(startIndex, startIndex + count + 1);
      const total = rows.length < count + 1 ? startIndex + rows.length : found.length;
      return { value: rows.map((row) => taskForm(state, row, false)), paginated: true, total };
    },
  ],
  [
    "GET",
    "task/category",
    ({ state }) => {
      // Ordered by sort_order, each with its number of tasks (CRMApi.ListItem.cs:1008-1021).
      const items = [...state.listItems.values()]
        .filter((item) => item.listType === 2)
        .sort((a, b) => a.sortOrder - b.sortOrder || a.id - b.id);
      return {
        value: items.map((item) => {
          const relativeItemsCount = tasksIn(state, item.id);
          return { ...categoryForm(item), ...(relativeItemsCount && { relativeItemsCount }) };
        }),
      };
    },
  ],
  [
    "GET",
    "task/(?<taskid>[0-9]+)",
    ({ state, args }) => {
      const row = state.tasks.get(taskId(args));
      if (!row) throw notFound(); // :53
      if (!mayRead(state, row)) throw accessDenied(); // a 403, not hidden as a 404 (:55-58)
      return { value: taskForm(state, row, true) };
    },
  ],
  [
    "POST",
    "task",
    ({ state, args }) => {
      const input = taskInput(state, args);
      const row: TaskRow = {
        id: state.newId(state.tasks),
        ...input,
        isClosed: false,
        created: state.now(),
        createBy: state.me.id,
      };
      // No check that the contact or the case exists, nor that the user may see them (:310-324).
      state.tasks.set(row.id, row);
      return { value: taskForm(state, row, true, false) };
    },
  ],
  [
    "PUT",
    "task/(?<taskid>[0-9]+)/(?<action>close|reopen)",
    ({ state, args }) => {
      const row = state.tasks.get(taskId(args));
      if (!row) throw badArgument(); // the DAO's ArgumentException: a 400, not a 404 (TaskDao.cs:101-131)
      if (!mayEdit(state, row)) throw accessDenied();
      row.isClosed = args.string("action") === "close"; // unconditionally
      return { value: taskForm(state, row, true) };
    },
  ],
  [
    "PUT",
    "task/(?<taskid>[0-9]+)",
    ({ state, args }) => {
      const id = args.int("taskid");
      const input = taskInput(state, args);
      const old = state.tasks.get(id);
      // A full replace that keeps only the creation and the open/closed state; an ID that does
      // not exist is inserted as a new task with a new ID (TaskDao.cs:791-849).
      if (old && !mayEdit(state, old)) throw accessDenied();
      const row: TaskRow = {
        ...input,
        id: old ? id : state.newId(state.tasks),
        isClosed: old?.isClosed ?? false,
        created: old?.created ?? state.now(),
        createBy: old?.createBy ?? state.me.id,
      };
      state.tasks.set(row.id, row);
      return { value: taskForm(state, row, true, false) };
    },
  ],
  [
    "DELETE",
    "task/(?<taskid>[0-9]+)",
    ({ state, args }) => {
      const row = state.tasks.get(taskId(args));
      if (!row) throw notFound(); // :257-258
      if (!mayEdit(state, row)) throw accessDenied(); // TaskDao.cs:910-922
      state.tasks.delete(row.id);
      return { value: taskForm(state, row, true) }; // built after the delete (:263)
    },
  ],
  [
    "POST",
    "contact/task/group",
    ({ state, args }) => {
      // CreateTaskGroup (CRMApi.Tasks.cs:379-469): one task per contact, none checked.
      const typeText = args.string("entityType");
      if (typeText && !/^(opportunity|case)$/i.test(typeText)) throw badArgument(); // :394-399
      const contactIds = args.ints("contactId");
      const categoryId = args.int("categoryId");
      const deadline = dateArg(state, args, "deadline");
      const title = args.string("title") ?? "";
      const notify = args.bool("isNotify") ?? false;
      if (!contactIds.length) return { value: [] }; // nothing to save, nothing checked
      // SaveOrUpdateTaskList → SaveOrUpdateTaskInDb's checks (TaskDao.cs:774-789).
      if (!title || deadline === undefined || categoryId <= 0) throw badArgument();
      const rows = contactIds.map((contactId) => {
        const row: TaskRow = {
          id: state.newId(state.tasks),
          title,
          description: args.string("description") ?? null,
          deadline: apiDateTime(new Date(deadline), state.offsetMinutes),
          responsibleId: args.guids("responsibleId")[0] ?? NOBODY,
          categoryId,
          contactId,
          entityType: (typeText?.toLowerCase() ?? "") as EntityKind,
          entityId: args.int("entityId"),
          isClosed: false,
          alertValue: args.int("alertValue"),
          created: state.now(),
          createBy: state.me.id,
        };
        state.tasks.set(row.id, row);
        return row;
      });
      // Only with isNotify is the category looked up: a 404 after every task was saved (:418-430).
      if (notify && !listItem(state, categoryId)) throw categoryNotFound();
      return { value: rows.map((row) => taskForm(state, row, false)) };
    },
  ],
  [
    "PUT",
    "task/(?<taskid>[0-9]+)/(?<which>creationdate|lastmodifeddate)",
    ({ state, args }) => {
      // SetTaskCreationDate / SetTaskLastModifedDate (:573-605): read access is enough.
      const row = state.tasks.get(args.int("taskid"));
      if (!row || !mayRead(state, row)) throw notFound();
      const creation = args.string("which") === "creationdate";
      const at = dateArg(state, args, creation ? "creationDate" : "lastModifedDate");
      // No date stores DateTime.MinValue (TaskDao.cs:1084-1092).
      const stored =
        at === undefined
          ? "0001-01-01T00:00:00.0000000Z"
          : apiDateTime(new Date(at), state.offsetMinutes);
      if (creation) row.created = stored;
      else state.taskModified.set(row.id, stored);
      return { value: undefined };
    },
  ],
];
