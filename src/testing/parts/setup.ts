// The fake portal's ListItem controller (setup lists): deal stages (`crm_deal_milestone`) and the
// four `crm_list_item` lists, one table with type-blind IDs as the portal's. Admin-only writes
// (`startFakePortal({ admin: true })`). Line numbers are of
// module/ASC.Api/ASC.Api.CRM/CRMApi.ListItem.cs unless named; `Dao/` =
// web/studio/ASC.Web.Studio/Products/CRM/Core/Dao/.
import type { Route } from "../core/routes";
import type { ListItemRow, PortalState, StageRow } from "../core/state";
import { accessDenied, badArgument, notFound, serverError, type Args } from "../core/wire";
import { statusForm } from "./contacts";
import { ICONS, listItemForm } from "./history";

/** `ListType`: ContactStatus 1, TaskCategory 2, HistoryCategory 3, ContactType 4 (ListTypeEnum.cs). */
const STATUS = 1;
const TASK = 2;
const HISTORY = 3;
const TYPE = 4;

/** The seeded contact statuses and types. */
export function seedSetup(state: PortalState): void {
  const item = (id: number, listType: number, title: string, color: string, sortOrder: number) =>
    state.listItems.set(id, { id, listType, title, description: "", color, sortOrder, icon: "" });
  item(30, STATUS, "Cold", "#8a98d8", 1);
  item(31, STATUS, "Warm", "#ffd267", 2);
  item(32, STATUS, "Hot", "#f48454", 3);
  item(40, TYPE, "Client", "", 1);
  item(41, TYPE, "Supplier", "", 2);
  item(42, TYPE, "Partner", "", 3);
}

/** `ListItemDao.GetRelativeItemsCount` (Dao/ListItemDao.cs:277-356). */
function usedBy(state: PortalState, item: ListItemRow): number {
  switch (item.listType) {
    case STATUS:
      return [...state.contacts.values()].filter(
        (c) => (c as { contactStatus?: { id: number } }).contactStatus?.id === item.id,
      ).length;
    case TASK:
      return [...state.tasks.values()].filter((t) => t.categoryId === item.id).length;
    case HISTORY:
      return [...state.events.values()].filter((e) => e.categoryId === item.id).length;
    default:
      return 0; // the fake portal's contacts have no type
  }
}

/** The wrapper of the list the route names, whatever list the item is in (type-blind). */
function itemForm(state: PortalState, listType: number, item: ListItemRow, count = true) {
  const relativeItemsCount = count ? usedBy(state, item) : 0;
  const form = { ...listItemForm(item), ...(relativeItemsCount && { relativeItemsCount }) };
  if (listType === TASK) return { ...form, imagePath: item.icon ? ICONS + item.icon : "" };
  if (listType === HISTORY) return { ...form, imagePath: item.icon ? ICONS + item.icon : null };
  return form;
}

const dealsIn = (state: PortalState, stageId: number) =>
  [...state.deals.values()].filter((d) => d.stageId === stageId).length;

/** `DealMilestoneWrapper`: no sortOrder ever (ListItemWrapper.cs:99-139). */
function stageForm(state: PortalState, s: StageRow, count = true) {
  const relativeItemsCount = count ? dealsIn(state, s.id) : 0;
  return {
    id: s.id,
    title: s.title,
    description: s.description,
    color: s.color,
    successProbability: s.probability,
    stageType: s.status,
    ...(relativeItemsCount && { relativeItemsCount }),
  };
}

/**
 * A contact shows its status as the list has it now (read with the contact, CRMApi.Contacts.cs:
 * 2085, 2239): the fake portal's copies on contacts follow a colour change or a reorder.
 */
function showOnContacts(state: PortalState, item: ListItemRow): void {
  if (item.listType !== STATUS) return;
  for (const contact of state.contacts.values())
    if (contact.contactStatus?.id === item.id) contact.contactStatus = statusForm(item);
}

const admin = (state: PortalState) => {
  if (!state.admin) throw accessDenied();
};
const itemsOf = (state: PortalState, listType: number) =>
  [...state.listItems.values()]
    .filter((i) => i.listType === listType)
    .sort((a, b) => a.sortOrder - b.sortOrder || a.id - b.id);
const stagesOf = (state: PortalState) =>
  [...state.stages.values()].sort((a, b) => a.sortOrder - b.sortOrder || a.id - b.id);

/** A `DealMilestoneStatus` parameter: a name or a number (LocalizedEnumConverter). */
function stageType(args: Args): number {
  const text = args.string("stageType");
  if (text === undefined) return 0; // left out: Open
  const named = ["open", "closedandwon", "closedandlost"].indexOf(text.toLowerCase());
  return named >= 0 ? named : Number(text);
}

/** The message of an item in use, by list (CRM/Resources/CRMErrorsResource.resx:126-235). */
const IN_USE: Record<number, string> = {
  [STATUS]: "There are some related contacts.",
  [TYPE]: "There are some related contacts.",
  [TASK]: "There are some tasks with this category.",
  [HISTORY]: "There are some history events with this category.",
};
const LAST: Record<number, string> = {
  [STATUS]: "The last contact status cannot be deleted",
  [TYPE]: "The last contact type cannot be deleted",
  [TASK]: "The last task category cannot be deleted",
  [HISTORY]: "The last history category cannot be deleted",
};

/** The routes of one `crm_list_item` list. */
function listRoutes(
  base: string,
  listType: number,
  getId: string | null,
  deleteId: string,
  writes: { color: boolean; icon: boolean },
): Route[] {
  const routes: Route[] = [
    // The task and history category lists are served by their parts (tasks.ts, history.ts).
    [
      "GET",
      listType === STATUS || listType === TYPE ? base : "(?!)",
      ({ state }) => ({ value: itemsOf(state, listType).map((i) => itemForm(state, listType, i)) }),
    ],
    [
      "POST",
      base,
      ({ state, args }) => {
        admin(state);
        const title = args.string("title");
        if (!title) throw badArgument(); // :242
        const iconName = args.string("imageName");
        const color = args.string("color");
        // A title the list has: that item's ID, nothing changed, the request echoed (Dao/ListItemDao.cs:358-394).
        const same = itemsOf(state, listType).find(
          (i) => i.title.toLowerCase() === title.toLowerCase(),
        );
        if (listType === TASK || listType === HISTORY) {
          if (!iconName) throw badArgument(); // Dao/ListItemDao.cs:367-369
        }
        if (listType === STATUS && !color) throw badArgument(); // Dao/ListItemDao.cs:373-375
        const sortOrder = args.int("sortOrder");
        const row: ListItemRow = {
          id: same?.id ?? state.newId(state.listItems),
          listType,
          title,
          description: listType === TYPE ? "" : (args.string("description") ?? ""),
          color: color ?? "",
          sortOrder:
            sortOrder || Math.max(0, ...itemsOf(state, listType).map((i) => i.sortOrder)) + 1,
          icon: (iconName ?? "").replace(/^.*[\\/]/, ""), // Path.GetFileName on create
        };
        if (!same) state.listItems.set(row.id, row);
        return { value: itemForm(state, listType, row, false) };
      },
    ],
    [
      "PUT",
      `${base}/(?<id>[0-9]+)`,
      ({ state, args }) => {
        admin(state);
        const id = args.int("id");
        const title = args.string("title");
        if (id <= 0 || !title) throw badArgument();
        const item = state.listItems.get(id); // any list's item (Dao/ListItemDao.cs:141-145)
        if (!item) throw notFound();
        if (usedBy(state, item)) throw badArgument(`Can't be edited. ${IN_USE[item.listType]}`);
        // A full replace of title, description, icon and color; sort_order never (:396-419).
        item.title = title;
        item.description = args.string("description") ?? "";
        item.color = args.string("color") ?? "";
        item.icon = args.string("imageName") ?? "";
        // The answer echoes the request, the ignored sortOrder included (:284-295).
        const echo: ListItemRow = { ...item, sortOrder: args.int("sortOrder") };
        return { value: itemForm(state, listType, echo, false) };
      },
    ],
    [
      "PUT",
      `${base}/reorder`,
      ({ state, args }) => {
        admin(state);
        const titles = args.strings("titles");
        const items = itemsOf(state, listType);
        // By title within the list; the order is saved, then an unknown title fails (:354-357).
        const found = titles.map((t) => items.find((i) => i.title === t));
        // The answer is read before the reorder is saved: the old positions (:354-357).
        const before = found.map((i) => i && itemForm(state, listType, i));
        found.forEach((item, index) => {
          if (!item) return;
          item.sortOrder = index;
          showOnContacts(state, item);
        });
        if (found.some((item) => !item))
          throw serverError("Object reference not set to an instance of an object.");
        return { value: before };
      },
    ],
    [
      "DELETE",
      `${base}/(?<${deleteId}>[0-9]+)`,
      ({ state, args }) => {
        admin(state);
        const id = args.int(deleteId);
        if (id <= 0) throw badArgument();
        const item = state.listItems.get(id);
        if (!item) throw notFound();
        if (itemsOf(state, listType).length < 2) throw badArgument(LAST[listType]);
        // Another list's ID: 200 and nothing deleted (`id AND list_type`, Dao/ListItemDao.cs:521).
        if (item.listType !== listType) return { value: itemForm(state, listType, item) };
        const used = usedBy(state, item);
        if (listType === TASK) {
          const to = args.int("newcategoryid");
          if (to < 0) throw badArgument();
          if (used) {
            if (to === id) throw badArgument(`Can't be deleted. ${IN_USE[TASK]}`);
            if (!to || !state.listItems.has(to)) throw badArgument("toItemID"); // type-blind
            for (const task of state.tasks.values())
              if (task.categoryId === id) task.categoryId = to;
          }
          state.listItems.delete(id);
          return { value: itemForm(state, listType, item) }; // read after the delete: no count
        }
        if (used) throw badArgument(`Can't be deleted. ${IN_USE[listType]}`);
        state.listItems.delete(id);
        return { value: itemForm(state, listType, item, false) };
      },
    ],
  ];
  if (getId) {
    routes.push([
      "GET",
      `${base}/(?<${getId}>[0-9]+)`,
      ({ state, args }) => {
        const id = args.int(getId);
        if (id <= 0) throw badArgument();
        const item = state.listItems.get(id); // any list's, dressed as this one
        if (!item) throw notFound();
        return { value: itemForm(state, listType, item) };
      },
    ]);
  }
  if (writes.color || writes.icon) {
    const what = writes.color ? "color" : "icon";
    routes.push([
      "PUT",
      `${base}/(?<id>[0-9]+)/${what}`,
      ({ state, args }) => {
        admin(state);
        const id = args.int("id");
        if (id <= 0) throw badArgument();
        const item = state.listItems.get(id); // any list's; allowed while in use
        if (!item) throw notFound();
        if (writes.color) item.color = args.string("color") ?? "";
        else item.icon = args.string("imageName") ?? "";
        showOnContacts(state, item);
        return { value: itemForm(state, listType, item) };
      },
    ]);
  }
  return routes;
}

export const setupRoutes: Route[] = [
  [
    "GET",
    "opportunity/stage",
    ({ state }) => ({ value: stagesOf(state).map((s) => stageForm(state, s)) }),
  ],
  [
    "POST",
    "opportunity/stage",
    ({ state, args }) => {
      admin(state);
      const title = args.string("title");
      const probability = args.int("successProbability");
      if (!title || probability < 0 || probability > 100) throw badArgument(); // :60
      const color = args.string("color");
      if (!color) throw badArgument(); // Dao/DealMilestoneDao.cs:153-154
      // No title de-duplication; last in the pipeline (Dao/DealMilestoneDao.cs:160-162).
      const row: StageRow = {
        id: state.newId(state.stages),
        title,
        description: args.string("description") ?? "",
        color,
        sortOrder: Math.max(-1, ...stagesOf(state).map((s) => s.sortOrder)) + 1,
        probability,
        status: stageType(args),
      };
      state.stages.set(row.id, row);
      return { value: stageForm(state, row, false) };
    },
  ],
  [
    "PUT",
    "opportunity/stage/reorder",
    ({ state, args }) => {
      admin(state);
      const ids = args.ints("ids");
      // sort_order = index, saved; an unknown ID then fails (:185-188).
      ids.forEach((id, index) => {
        const s = state.stages.get(id);
        if (s) s.sortOrder = index;
      });
      if (ids.some((id) => !state.stages.has(id)))
        throw serverError("Object reference not set to an instance of an object.");
      return { value: ids.map((id) => stageForm(state, state.stages.get(id)!)) };
    },
  ],
  [
    "GET",
    "opportunity/stage/(?<stageid>[0-9]+)",
    ({ state, args }) => {
      const id = args.int("stageid");
      if (id <= 0) throw badArgument();
      const s = state.stages.get(id);
      if (!s) throw notFound();
      return { value: stageForm(state, s) };
    },
  ],
  [
    "PUT",
    "opportunity/stage/(?<id>[0-9]+)",
    ({ state, args }) => {
      admin(state);
      const id = args.int("id");
      const title = args.string("title");
      const probability = args.int("successProbability");
      if (id <= 0 || !title || probability < 0 || probability > 100) throw badArgument(); // :106
      const s = state.stages.get(id);
      if (!s) throw notFound();
      if (dealsIn(state, id))
        throw badArgument("Can't be edited. There are some opportunities at this stage.");
      // A full replace; sort order untouched (Dao/DealMilestoneDao.cs:189-201).
      Object.assign(s, {
        title,
        description: args.string("description") ?? "",
        color: args.string("color") ?? "",
        probability,
        status: stageType(args),
      });
      return { value: stageForm(state, s, false) }; // built from the request
    },
  ],
  [
    "PUT",
    "opportunity/stage/(?<id>[0-9]+)/color",
    ({ state, args }) => {
      admin(state);
      const id = args.int("id");
      if (id <= 0) throw badArgument();
      const s = state.stages.get(id);
      if (!s) throw notFound();
      s.color = args.string("color") ?? ""; // no in-use check (Dao/DealMilestoneDao.cs:182-187)
      return { value: stageForm(state, s) };
    },
  ],
  [
    "DELETE",
    "opportunity/stage/(?<id>[0-9]+)",
    ({ state, args }) => {
      admin(state);
      const id = args.int("id");
      if (id <= 0) throw badArgument();
      const s = state.stages.get(id);
      if (!s) throw notFound();
      if (dealsIn(state, id))
        throw badArgument("Can't be deleted. There are some opportunities at this stage.");
      state.stages.delete(id);
      return { value: stageForm(state, s) };
    },
  ],
  ...listRoutes("contact/status", STATUS, "contactStatusid", "contactStatusid", {
    color: true,
    icon: false,
  }),
  ...listRoutes("contact/type", TYPE, "contactTypeid", "contactTypeid", {
    color: false,
    icon: false,
  }),
  ...listRoutes("task/category", TASK, "categoryid", "categoryid", { color: false, icon: true }),
  ...listRoutes("history/category", HISTORY, null, "id", { color: false, icon: true }),
];
