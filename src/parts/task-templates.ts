// Task templates: containers of templates per kind of record, the templates in them, and
// `applyTaskTemplates`, which makes a container's tasks for a record (no portal route does).
import { taskTemplatesOperations } from "../../generated/operations";
import type { components } from "../../generated/schema";
import {
  anyText,
  checkWhole,
  date,
  entity,
  flag,
  id,
  text,
  userId,
  type Check,
} from "../core/guards";
import { hooks } from "../core/hooks";
import type { RequestOptions } from "../core/options";
import {
  shaped,
  type Arg,
  type Area,
  type Call,
  type Fields,
  type LinesFor,
  type ReadFirst,
  type Shape,
} from "../core/shapes";
import type { Task, TaskMethods } from "./tasks";
import { tasks } from "./tasks";

/** The kinds of record a container is for (`person` and `company` are kinds of their own). */
export type TemplateEntity = "contact" | "person" | "company" | "deal" | "case";

/**
 * A container of task templates. `entityType` is in the words the methods take (`deal`), not the
 * portal's enum name (`Opportunity`).
 */
export type TaskTemplateContainer = Omit<
  components["schemas"]["TaskTemplateContainer"],
  "entityType"
> & { entityType: TemplateEntity };
export type TaskTemplate = components["schemas"]["TaskTemplate"];

/** How long after the task is made its deadline is. */
export interface TemplateOffset {
  days?: number;
  hours?: number;
  minutes?: number;
}

export interface NewTaskTemplate {
  title: string;
  /** The task category (`listTaskCategories`). */
  categoryId: number;
  description?: string;
  /** Who the task will be for (a user's GUID). */
  responsibleId?: string;
  /** The deadline's distance from when the task is made (default: none, due at once). */
  offset?: TemplateOffset;
  /** Mail the responsible user when the task is made. */
  notify?: boolean;
  deadlineIsFixed?: boolean;
}

/** What to change; everything left out keeps its current value. */
export type TaskTemplateChanges = Partial<NewTaskTemplate>;

/** Which record `applyTaskTemplates` makes tasks for. */
export interface TemplateTarget {
  /** The kind of record: a container for contacts, persons or companies applies to a contact. */
  entity: "contact" | "deal" | "case";
  id: number;
  /** When the offsets count from; default now. */
  startAt?: Date;
}

/** What `applyTaskTemplates` did for each template of the container. */
export interface AppliedTemplate {
  template: TaskTemplate;
  /** The task made now, or the one made before (then `created` is false). */
  task: Task;
  created: boolean;
}

export interface TaskTemplateMethods {
  /**
   * `GET {entityType}/tasktemplatecontainer`: the containers of exactly that kind (`person` is
   * not `contact`), with their templates.
   */
  listTaskTemplateContainers(
    entity: TemplateEntity,
    options?: RequestOptions,
  ): Promise<TaskTemplateContainer[]>;
  /** `POST {entityType}/tasktemplatecontainer`. Not retried after it may have run. */
  createTaskTemplateContainer(
    entity: TemplateEntity,
    title: string,
    options?: RequestOptions,
  ): Promise<TaskTemplateContainer>;
  /** `GET tasktemplatecontainer/{containerid}`: the container with its templates. */
  getTaskTemplateContainer(
    containerId: number,
    options?: RequestOptions,
  ): Promise<TaskTemplateContainer>;
  /** `PUT tasktemplatecontainer/{containerid}`: sets its title. */
  renameTaskTemplateContainer(
    containerId: number,
    title: string,
    options?: RequestOptions,
  ): Promise<TaskTemplateContainer>;
  /**
   * `DELETE tasktemplatecontainer/{containerid}`: its templates stay, as orphans (delete them
   * first with `deleteTaskTemplate`). A missing container is an InternalServerError (500).
   */
  deleteTaskTemplateContainer(
    containerId: number,
    options?: RequestOptions,
  ): Promise<TaskTemplateContainer>;
  /** `GET tasktemplatecontainer/{containerid}/tasktemplate`: the container's templates. */
  listTaskTemplates(containerId: number, options?: RequestOptions): Promise<TaskTemplate[]>;
  /** `GET tasktemplatecontainer/tasktemplate/{id}`. */
  getTaskTemplate(templateId: number, options?: RequestOptions): Promise<TaskTemplate>;
  /**
   * `POST tasktemplatecontainer/{containerid}/tasktemplate`. An unknown category is a
   * NotFoundError after the template was saved. Not retried after it may have run.
   */
  createTaskTemplate(
    containerId: number,
    input: NewTaskTemplate,
    options?: RequestOptions,
  ): Promise<TaskTemplate>;
  /**
   * `PUT tasktemplatecontainer/{containerid}/tasktemplate`: reads the template first and sends
   * it whole with `changes` (a portal replaces it all), always with its ID (without one a
   * portal answers 500). `containerId` is where it is then: another container moves it.
   */
  updateTaskTemplate(
    containerId: number,
    templateId: number,
    changes: TaskTemplateChanges,
    options?: RequestOptions,
  ): Promise<TaskTemplate>;
  /** `DELETE tasktemplatecontainer/tasktemplate/{id}`. */
  deleteTaskTemplate(templateId: number, options?: RequestOptions): Promise<TaskTemplate>;
  /**
   * Makes the container's tasks for a record (no portal route does): each template becomes a
   * task with its title, description, category, responsible user and deadline (`startAt` +
   * offset). A template that already has its task on the record (same title and category) is
   * skipped, so running it twice makes each task once. Resolves to what was done per template.
   */
  applyTaskTemplates(
    containerId: number,
    target: TemplateTarget,
    options?: RequestOptions,
  ): Promise<AppliedTemplate[]>;
}

const TICKS_PER_MINUTE = 60 * 10_000_000;

/** `{ days, hours, minutes }` → .NET ticks (100 ns), whole and not negative. */
const offset: Check<number> = (name, value) => {
  const upTo100Years: Check = (n, v) => checkWhole(n, v, 0, 36500 * 24 * 60);
  const fields: Fields = {
    days: ["days", upTo100Years],
    hours: ["hours", upTo100Years],
    minutes: ["minutes", upTo100Years],
  };
  const parts = shaped({ name, fields }, value); // a Shape: no call needed
  const { days = 0, hours = 0, minutes = 0 } = parts as Record<string, number>;
  return ((days * 24 + hours) * 60 + minutes) * TICKS_PER_MINUTE;
};

/** Ticks back to days, hours and minutes. */
export function offsetOf(template: Pick<TaskTemplate, "offsetTicks">): Required<TemplateOffset> {
  let minutes = Math.floor(template.offsetTicks / TICKS_PER_MINUTE);
  const days = Math.floor(minutes / (24 * 60));
  minutes -= days * 24 * 60;
  return { days, hours: Math.floor(minutes / 60), minutes: minutes % 60 };
}

const templateFields: Fields = {
  title: ["title", text],
  categoryId: ["categoryid", id],
  description: ["description", anyText],
  responsibleId: ["responsibleid", userId],
  offset: ["offsetTicks", offset],
  notify: ["isNotify", flag],
  deadlineIsFixed: ["deadLineIsFixed", flag],
};
const changesShape: Shape = { name: "changes", fields: templateFields };

const containerEntity: Arg = [
  "entity",
  "entityType",
  entity({
    contact: "contact",
    person: "person",
    company: "company",
    deal: "opportunity",
    case: "case",
  }),
];
const containerId: Arg = ["containerId", "containerid", id];
const templateId: Arg = ["templateId", "id", id];
const title: Arg = ["title", "title", text];

/** The template as it is, with `changes` over it: a portal replaces the whole template. */
const templateChanges: ReadFirst = async (value, wire, call) => {
  const given = shaped(changesShape, value); // refused before anything is sent, the read included
  const now = await (call.crm as TaskTemplateMethods).getTaskTemplate(
    wire.id as number,
    call.options,
  );
  Object.assign(
    wire,
    {
      title: now.title,
      description: now.description,
      responsibleid: now.responsible?.id,
      categoryid: now.category?.id,
      isNotify: now.isNotify,
      offsetTicks: now.offsetTicks,
      deadLineIsFixed: now.deadLineIsFixed,
    },
    given,
  ); // what the template lacks (undefined) stays out of the JSON body
  if (!wire.categoryid)
    throw new RangeError("changes.categoryId is required: the template has none");
};

export const taskTemplateLines = {
  listTaskTemplateContainers: [containerEntity],
  createTaskTemplateContainer: [containerEntity, title],
  getTaskTemplateContainer: [containerId],
  renameTaskTemplateContainer: [containerId, title],
  deleteTaskTemplateContainer: [containerId],
  listTaskTemplates: [containerId],
  getTaskTemplate: [templateId],
  createTaskTemplate: [
    containerId,
    { name: "input", fields: templateFields, required: ["title", "categoryId"] },
  ],
  updateTaskTemplate: [containerId, templateId, templateChanges],
  deleteTaskTemplate: [templateId],
} satisfies LinesFor<
  typeof taskTemplatesOperations,
  Omit<TaskTemplateMethods, "applyTaskTemplates">
>;

/**
 * The portal's enum names (TaskTemplate.cs:379) in the user's words, as the methods take them:
 * lower case, and a deal for an Opportunity (the answer's check refuses any other name).
 */
const inWords = (container: components["schemas"]["TaskTemplateContainer"]) => ({
  ...container,
  entityType: (container.entityType === "Opportunity"
    ? "deal"
    : container.entityType.toLowerCase()) as TemplateEntity,
});

const targetShape: Shape = {
  name: "target",
  fields: {
    entity: ["entity", entity({ contact: "contact", deal: "deal", case: "case" })],
    id: ["id", id],
    startAt: ["startAt", date],
  },
  required: ["entity", "id"],
};

async function applyTaskTemplates(
  call: Call,
  containerIdValue: unknown,
  targetValue: unknown,
  options: RequestOptions = {},
): Promise<AppliedTemplate[]> {
  // Checked before anything is sent.
  const target = shaped(targetShape, targetValue); // the container ID: its read checks it
  const cid = containerIdValue as number;
  const { entity: kind, id: recordId } = target as { entity: TemplateTarget["entity"]; id: number };
  const start = new Date((target.startAt as string | undefined) ?? Date.now());
  const crm = call.crm as TaskTemplateMethods & TaskMethods;
  const container = await crm.getTaskTemplateContainer(cid, options);
  // A contact's templates are a container of contacts, persons or companies.
  const applies = kind === "contact" ? ["contact", "person", "company"] : [kind];
  if (!applies.includes(container.entityType)) {
    throw new RangeError(
      `container ${cid} holds templates for ${container.entityType}, not for a ${kind}`,
    );
  }
  const templates = container.items ?? [];
  if (!templates.length) return [];
  // The record's tasks now: a template whose task is there already is not applied again. A
  // company's list holds its persons' tasks too (Dao/TaskDao.cs:589-599): only its own count.
  const on = { [`${kind}Id`]: recordId }; // contactId, dealId or caseId
  const existing: Task[] = [];
  for await (const task of crm.listTasks(on, { ...options, pageSize: 1000 }))
    if (kind !== "contact" || task.contact?.id === recordId) existing.push(task);
  const done: AppliedTemplate[] = [];
  // Each task answers for one template: two alike templates make (and later find) two tasks.
  const taken = new Set<number>();
  for (const template of templates) {
    const found = existing.find(
      (task) =>
        !taken.has(task.id) &&
        task.title === template.title &&
        task.category?.id === template.category?.id,
    );
    const deadline = new Date(start.getTime() + template.offsetTicks / 10_000);
    const task =
      found ??
      (await crm.createTask(
        {
          title: template.title!,
          deadline,
          categoryId: template.category!.id,
          ...(template.description && { description: template.description }),
          ...(template.responsible && { responsibleId: template.responsible.id }),
          ...(template.isNotify && { notify: true }),
          ...on,
        },
        options,
      ));
    taken.add(task.id);
    done.push({ template, task, created: !found });
  }
  return done;
}

/** Task templates and `applyTaskTemplates`: pass it to `createCrmClientFor`. */
export const taskTemplates: Area<TaskTemplateMethods> = {
  operations: taskTemplatesOperations,
  lines: taskTemplateLines,
  composites: { applyTaskTemplates: applyTaskTemplates as never },
  after: {
    listTaskTemplateContainers: (list: components["schemas"]["TaskTemplateContainer"][]) =>
      list.map(inWords),
    createTaskTemplateContainer: inWords,
    getTaskTemplateContainer: inWords,
    renameTaskTemplateContainer: inWords,
    deleteTaskTemplateContainer: inWords,
  },
  hooks,
  needs: [tasks],
};
