// The fake portal's task templates: the routes of `CRMApi.TaskTemplate.cs`
// (module/ASC.Api/ASC.Api.CRM/). No route checks admin rights or a record's access: any CRM user
// may change templates. Line numbers are of CRMApi.TaskTemplate.cs unless named.
import type { components } from "../../../generated/schema";
import type { Route } from "../core/routes";
import type { PortalState, TaskTemplateRow, TemplateContainerRow } from "../core/state";
import { badArgument, serverError, notFound, type Args } from "../core/wire";
import { listItem } from "./history";
import { categoryForm, categoryNotFound, tasksIn } from "./tasks";

type TaskTemplate = components["schemas"]["TaskTemplate"];
type TaskTemplateContainer = components["schemas"]["TaskTemplateContainer"];

const NOBODY = "00000000-0000-0000-0000-000000000000";
/** `ToEntityType`'s enum names, as the container wrapper writes them (:379). */
const KINDS: Record<string, string> = {
  contact: "Contact",
  person: "Person",
  company: "Company",
  opportunity: "Opportunity",
  case: "Case",
};

/**
 * `ToTaskTemplateWrapper` (:350-362): the category is looked up, a missing one a 404
 * (`GetTaskCategoryByID`, CRMApi.ListItem.cs:960-969); `description` as stored (`""` when read,
 * absent when a create sent none).
 */
function templateForm(state: PortalState, row: TaskTemplateRow, read: boolean): TaskTemplate {
  const item = listItem(state, row.categoryId);
  if (!item) throw categoryNotFound();
  const count = tasksIn(state, item.id);
  const description = read ? (row.description ?? "") : row.description;
  return {
    id: row.id,
    ...(row.containerId && { containerID: row.containerId }),
    title: row.title,
    ...(description !== null && { description }),
    responsible: state.user(row.responsibleId),
    category: { ...categoryForm(item), ...(count && { relativeItemsCount: count }) },
    isNotify: row.isNotify,
    offsetTicks: row.offsetTicks,
    deadLineIsFixed: row.deadLineIsFixed,
  };
}

/** `ToTaskListTemplateContainerWrapper` (:364-381): `items` only when it has templates. */
function containerForm(state: PortalState, row: TemplateContainerRow): TaskTemplateContainer {
  const items = [...state.taskTemplates.values()]
    .filter((template) => template.containerId === row.id)
    .map((template) => templateForm(state, template, true));
  return {
    id: row.id,
    title: row.title,
    entityType: row.entityType as TaskTemplateContainer["entityType"],
    ...(items.length && { items }),
  };
}

function positive(args: Args, name: string): number {
  const value = args.int(name);
  if (value <= 0) throw badArgument();
  return value;
}

function container(state: PortalState, id: number): TemplateContainerRow {
  const row = state.templateContainers.get(id);
  if (!row) throw notFound();
  return row;
}

/** The seven values of a template, as `CreateTaskTemplate` and `UpdateTaskTemplate` bind them (:207-298). */
function templateInput(args: Args) {
  const title = args.string("title") ?? "";
  const categoryId = args.int("categoryid");
  if (!title || categoryId <= 0) throw badArgument();
  return {
    title,
    description: args.string("description") ?? null,
    responsibleId: args.guids("responsibleid")[0] ?? NOBODY,
    categoryId,
    isNotify: args.bool("isNotify") ?? false,
    offsetTicks: Number(args.string("offsetTicks") ?? 0),
    deadLineIsFixed: args.bool("deadLineIsFixed") ?? false,
  };
}

const KIND = "(?<entityType>contact|person|company|opportunity|case)";

export const taskTemplateRoutes: Route[] = [
  [
    "GET",
    `${KIND}/tasktemplatecontainer`,
    ({ state, args }) => {
      const kind = KINDS[args.string("entityType")!.toLowerCase()];
      const rows = [...state.templateContainers.values()].filter((row) => row.entityType === kind);
      return { value: rows.map((row) => containerForm(state, row)) };
    },
  ],
  [
    "POST",
    `${KIND}/tasktemplatecontainer`,
    ({ state, args }) => {
      const title = args.string("title");
      if (!title) throw badArgument(); // :49
      const row: TemplateContainerRow = {
        id: state.newId(state.templateContainers),
        title,
        entityType: KINDS[args.string("entityType")!.toLowerCase()]!,
      };
      state.templateContainers.set(row.id, row);
      return { value: containerForm(state, row) };
    },
  ],
  [
    "GET",
    "tasktemplatecontainer/(?<containerid>[0-9]+)",
    ({ state, args }) => ({
      value: containerForm(state, container(state, positive(args, "containerid"))),
    }),
  ],
  [
    "PUT",
    "tasktemplatecontainer/(?<containerid>[0-9]+)",
    ({ state, args }) => {
      const id = args.int("containerid");
      const title = args.string("title");
      if (id <= 0 || !title) throw badArgument(); // :125
      const row = container(state, id);
      row.title = title;
      return { value: containerForm(state, row) };
    },
  ],
  [
    "DELETE",
    "tasktemplatecontainer/(?<containerid>[0-9]+)",
    ({ state, args }) => {
      const row = state.templateContainers.get(positive(args, "containerid"));
      // The wrapper is built from null before the null check: a NullReferenceException (:99-100).
      if (!row) throw serverError("Object reference not set to an instance of an object.");
      const wrapper = containerForm(state, row);
      state.templateContainers.delete(row.id); // its templates stay, as orphans (DAO:113-120)
      return { value: wrapper };
    },
  ],
  [
    "GET",
    "tasktemplatecontainer/(?<containerid>[0-9]+)/tasktemplate",
    ({ state, args }) => {
      const id = container(state, positive(args, "containerid")).id;
      const rows = [...state.taskTemplates.values()].filter((row) => row.containerId === id);
      return { value: rows.map((row) => templateForm(state, row, true)) };
    },
  ],
  [
    "POST",
    "tasktemplatecontainer/(?<containerid>[0-9]+)/tasktemplate",
    ({ state, args }) => {
      const containerId = args.int("containerid");
      const input = templateInput(args);
      if (containerId <= 0) throw badArgument(); // :219
      container(state, containerId);
      const row: TaskTemplateRow = { id: state.newId(state.taskTemplates), containerId, ...input };
      state.taskTemplates.set(row.id, row);
      // The wrapper looks the category up after the save: an unknown one is a 404 then (:354).
      return { value: templateForm(state, row, false) };
    },
  ],
  [
    "PUT",
    "tasktemplatecontainer/(?<containerid>[0-9]+)/tasktemplate",
    ({ state, args }) => {
      const containerId = args.int("containerid");
      const input = templateInput(args);
      if (containerId <= 0) throw badArgument(); // :276
      const id = args.int("id");
      // No ID: the DAO's NotImplementedException, a 500 (TaskTemplateContainerDao.cs:273-277).
      if (id <= 0) throw serverError("The method or operation is not implemented.", -2147467263);
      if (!state.taskTemplates.has(id)) throw notFound();
      container(state, containerId);
      // A full replace; the route's container moves it (:287-297).
      const row: TaskTemplateRow = { id, containerId, ...input };
      state.taskTemplates.set(id, row);
      return { value: templateForm(state, row, false) };
    },
  ],
  [
    "GET",
    "tasktemplatecontainer/tasktemplate/(?<id>[0-9]+)",
    ({ state, args }) => {
      const row = state.taskTemplates.get(positive(args, "id"));
      if (!row) throw notFound();
      return { value: templateForm(state, row, true) };
    },
  ],
  [
    "DELETE",
    "tasktemplatecontainer/tasktemplate/(?<id>[0-9]+)",
    ({ state, args }) => {
      const row = state.taskTemplates.get(positive(args, "id"));
      if (!row) throw notFound();
      const wrapper = templateForm(state, row, true);
      state.taskTemplates.delete(row.id);
      return { value: wrapper };
    },
  ],
];
