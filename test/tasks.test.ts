// The Tasks area against the fake portal over real HTTP: what goes out (method, path, query,
// body, content type), what comes back, what is refused before anything is sent, and which
// failures are retried.
import fc from "fast-check";
import {
  BadRequestError,
  createCrmClient,
  InternalServerError,
  NotFoundError,
  PermissionDeniedError,
  TimeoutError,
  type CrmClient,
  type Task,
} from "../src";
import {
  CURRENT_USER,
  portalJson,
  startFakePortal,
  THIRD_USER,
  type FakePortal,
  type RecordedRequest,
} from "../src/testing";

import { sent } from "./requests";

let portal: FakePortal;
let crm: CrmClient;

beforeEach(async () => {
  portal = await startFakePortal();
  crm = createCrmClient({ baseUrl: portal.url, token: portal.token });
});
afterEach(() => portal.close());

const body = (request: RecordedRequest | undefined) => JSON.parse(request?.body ?? "null");
const ids = (tasks: Task[]) => tasks.map((task) => task.id);

describe("listTasks", () => {
  it("is GET task/filter: the tasks the user may see, open ones first, by deadline", async () => {
    const page = await crm.listTasks();
    expect(sent(portal.requests[0])).toEqual({
      method: "GET",
      path: "/api/2.0/crm/task/filter",
      query: { startIndex: "0", count: "100" },
    });
    // 304 is on a case the user may not see; 302 is closed, so last.
    expect(ids(page.items)).toEqual([303, 301, 306, 305, 302]);
    expect(page.total).toBe(5);
    const [carls, maintenance, thanks, , closed] = page.items;
    // Left out when false or 0: isClosed, canEdit, alertValue.
    expect(maintenance).not.toHaveProperty("isClosed");
    expect(maintenance).toMatchObject({
      alertValue: 30,
      canEdit: true,
      description: "Ask for two hours on a Friday.",
      category: { id: 1, title: "Phone call", sortOrder: 1 },
      contact: {
        id: 7,
        email: { infoType: 1, data: "support@contoso.example", isPrimary: true },
      },
      entity: { entityType: "case", entityId: 42, entityTitle: "Printer on floor 3 jams again" },
    });
    expect(maintenance!.category).not.toHaveProperty("relativeItemsCount"); // list form
    expect(closed).toMatchObject({ id: 302, isClosed: true });
    expect(carls).not.toHaveProperty("canEdit");
    expect(carls).not.toHaveProperty("alertValue");
    // A contact the user may not see: currency null, no email, no access list (list form only).
    expect(thanks!.contact).toMatchObject({ id: 11, currency: null, isPrivate: true });
    expect(thanks!.contact).not.toHaveProperty("email");
    expect(thanks!.contact).not.toHaveProperty("accessList");
    expect(thanks).not.toHaveProperty("entity");
  });

  it("maps every filter field onto the portal's names, a case as entityType=case&entityid", async () => {
    const page = await crm.listTasks({
      caseId: 42,
      responsibleId: CURRENT_USER.id,
      categoryId: 1,
      isClosed: false,
      deadlineFrom: new Date("2024-03-08T00:00:00.000Z"),
      deadlineTo: "2024-03-08T23:59:59.0000000+03:00",
      search: "maintenance",
      sortBy: "responsible",
      sortOrder: "desc",
    });
    expect(ids(page.items)).toEqual([301]);
    expect(sent(portal.requests[0]).query).toEqual({
      entityType: "case",
      entityid: "42",
      responsibleid: CURRENT_USER.id,
      categoryid: "1",
      isClosed: "false",
      fromDate: "2024-03-08T00:00:00.000Z",
      toDate: "2024-03-08T20:59:59.000Z",
      filterValue: "maintenance",
      sortBy: "contactmanager",
      sortOrder: "descending",
      startIndex: "0",
      count: "100",
    });
  });

  it("the deadline is what the dates filter; open tasks come first even by ID", async () => {
    const due = await crm.listTasks({ deadlineTo: "2024-03-08T12:00:00.0000000+03:00" });
    expect(ids(due.items)).toEqual([303, 301, 302]);
    const byId = await crm.listTasks({ sortBy: "id", sortOrder: "desc" });
    expect(ids(byId.items)).toEqual([306, 305, 303, 301, 302]);
    const alone = await crm.listTasks({ sortOrder: "desc" });
    expect(sent(portal.requests[2]).query).toMatchObject({
      sortBy: "deadline",
      sortOrder: "descending",
    });
    expect(ids(alone.items)).toEqual([305, 306, 301, 303, 302]);
  });

  it("pages by nextIndex: every task once, page after page", async () => {
    const first = await crm.listTasks(undefined, { pageSize: 2 });
    expect(ids(first.items)).toEqual([303, 301]);
    expect(first.hasNextPage()).toBe(true);
    const seen: number[] = [];
    for await (const task of crm.listTasks(undefined, { pageSize: 2 })) seen.push(task.id);
    expect(seen).toEqual([303, 301, 306, 305, 302]);
    expect(portal.requests.slice(1).map((r) => sent(r).query.startIndex)).toEqual(["0", "2", "4"]);
  });

  it("a deleted case takes its tasks with it", async () => {
    await crm.deleteCase(42);
    await expect(crm.getTask(301)).rejects.toBeInstanceOf(NotFoundError);
    expect(ids((await crm.listTasks({ caseId: 42 })).items)).toEqual([]);
  });
});

describe("getTask", () => {
  it("is GET task/{taskid}, in the single form", async () => {
    const task = await crm.getTask(306);
    expect(sent(portal.requests[0])).toEqual({
      method: "GET",
      path: "/api/2.0/crm/task/306",
      query: {},
    });
    // The single form shows the contact in full, and the category's number of tasks.
    expect(task.contact).toMatchObject({ id: 11, currency: null, accessList: [{}] });
    expect(task.contact?.email).toMatchObject({ data: "eve@example.org" });
    expect(task.category).toMatchObject({ id: 12, relativeItemsCount: 1 });
    expect(task.responsible).toMatchObject({ id: CURRENT_USER.id });
  });

  it("404 for a missing task, 403 (not 404) for one the user may not see", async () => {
    await expect(crm.getTask(404404)).rejects.toBeInstanceOf(NotFoundError);
    await expect(crm.getTask(304)).rejects.toMatchObject({
      constructor: PermissionDeniedError,
      portalMessage: "Access Denied",
    });
  });
});

describe("createTask", () => {
  it("is POST task with a JSON body, 201, and the task is then listed", async () => {
    const task = await crm.createTask({
      title: "Order a spare fuser unit",
      deadline: new Date("2024-03-14T15:00:00.000Z"),
      categoryId: 2,
      caseId: 42,
      responsibleId: THIRD_USER.id,
    });
    const [request] = portal.requests;
    expect(sent(request)).toEqual({ method: "POST", path: "/api/2.0/crm/task", query: {} });
    expect(request?.headers["content-type"]).toBe("application/json");
    expect(body(request)).toEqual({
      title: "Order a spare fuser unit",
      deadline: "2024-03-14T15:00:00.000Z",
      categoryId: 2,
      responsibleId: THIRD_USER.id,
      entityId: 42,
      entityType: "case",
    });
    expect(task).toMatchObject({
      title: "Order a spare fuser unit",
      deadLine: "2024-03-14T18:00:00.0000000+03:00",
      responsible: { id: THIRD_USER.id, displayName: "Mia Svensson" },
      createBy: { id: CURRENT_USER.id },
      category: { id: 2, title: "Opportunity", relativeItemsCount: 2 },
      entity: { entityType: "case", entityId: 42 },
      canEdit: true,
    });
    // Open, no reminder, no description sent: all three left out.
    for (const key of ["isClosed", "alertValue", "description", "contact"]) {
      expect(task).not.toHaveProperty(key);
    }
    expect(ids((await crm.listTasks({ caseId: 42 })).items)).toContain(task.id);
    // Read back, a description never sent is "".
    expect((await crm.getTask(task.id)).description).toBe("");
  });

  it("sends every field under the portal's name; an ApiDateTime string as toISOString()", async () => {
    const task = await crm.createTask({
      title: "Call Dana",
      deadline: "2024-03-14T18:00:00.0000000+03:00",
      categoryId: 1,
      description: "About the toner.",
      contactId: 10,
      alertMinutes: 15,
      notify: true,
    });
    expect(body(portal.requests[0])).toEqual({
      title: "Call Dana",
      deadline: "2024-03-14T15:00:00.000Z",
      categoryId: 1,
      description: "About the toner.",
      contactId: 10,
      alertValue: 15,
      isNotify: true,
    });
    expect(task).toMatchObject({ alertValue: 15, contact: { id: 10 } });
    expect(task.contact?.email).toMatchObject({ data: "dana@fabrikam.example" });
  });

  it("an unknown category is a 404 Category is not found; a history category's ID is taken", async () => {
    const input = { title: "x", deadline: new Date(), categoryId: 999 };
    await expect(crm.createTask(input)).rejects.toMatchObject({
      constructor: NotFoundError,
      portalMessage: "Category is not found",
    });
    const task = await crm.createTask({ ...input, categoryId: 20 });
    expect(task.category).toMatchObject({ id: 20, title: "Note" });
  });

  it("without a responsible user, the task shows the portal's lost user", async () => {
    const task = await crm.createTask({ title: "Nobody's", deadline: new Date(), categoryId: 1 });
    expect(task.responsible).toMatchObject({
      id: "4a515a15-d4d6-4b8e-828e-e0586f18f3a3",
      displayName: "Profile removed",
    });
  });

  it("is not repeated after a 500 or a time-out; it is after a 503 with Retry-After", async () => {
    const quick = createCrmClient({
      baseUrl: portal.url,
      token: portal.token,
      retryDelay: { baseMs: 1 },
    });
    const input = { title: "Once", deadline: new Date(), categoryId: 1 };
    portal.queue((_req, res) => res.writeHead(500).end("oops"));
    await expect(quick.createTask(input)).rejects.toBeInstanceOf(InternalServerError);
    expect(portal.requests).toHaveLength(1);
    portal.queue(() => {}); // no answer
    await expect(quick.createTask(input, { timeoutMs: 50 })).rejects.toBeInstanceOf(TimeoutError);
    expect(portal.requests).toHaveLength(2);
    portal.queue((_req, res) => {
      res.writeHead(503, { "Content-Type": "application/json", "Retry-After": "0" });
      res.end(portalJson({ status: 1, statusCode: 503, error: { message: "Busy" } }));
    });
    const task = await quick.createTask(input);
    expect(portal.requests).toHaveLength(4);
    expect(portal.requests[3]!.body).toBe(portal.requests[2]!.body);
    expect((await crm.listTasks({ search: "Once" })).items.map((t) => t.id)).toEqual([task.id]);
  });
});

describe("updateTask", () => {
  it("reads the task, then PUTs it whole with the changes (a portal replaces the task)", async () => {
    const task = await crm.updateTask(301, { title: "Agree a window with Contoso" });
    expect(portal.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      "GET /api/2.0/crm/task/301",
      "PUT /api/2.0/crm/task/301",
    ]);
    expect(portal.requests[1]?.headers["content-type"]).toBe("application/json");
    expect(body(portal.requests[1])).toEqual({
      title: "Agree a window with Contoso",
      deadline: "2024-03-08T09:00:00.000Z",
      categoryid: 1,
      description: "Ask for two hours on a Friday.",
      responsibleid: CURRENT_USER.id,
      contactid: 7,
      entityType: "case",
      entityid: 42,
      alertValue: 30,
    });
    // What the changes left out is kept, as it was.
    expect(task).toMatchObject({
      title: "Agree a window with Contoso",
      deadLine: "2024-03-08T12:00:00.0000000+03:00",
      alertValue: 30,
      contact: { id: 7 },
      entity: { entityId: 42 },
      category: { id: 1 },
    });
  });

  it("moves a task to another case; a closed task stays closed", async () => {
    const moved = await crm.updateTask(302, { caseId: 7, alertMinutes: 10 });
    expect(body(portal.requests[1])).toMatchObject({
      entityType: "case",
      entityid: 7,
      alertValue: 10,
      responsibleid: THIRD_USER.id,
    });
    expect(moved).toMatchObject({ isClosed: true, entity: { entityId: 7 }, alertValue: 10 });
  });

  it("contactId 0 and caseId 0 take the task off its contact and its case", async () => {
    const task = await crm.updateTask(301, { contactId: 0, caseId: 0 });
    const sentBody = body(portal.requests[1]);
    expect(sentBody).toMatchObject({ contactid: 0, entityid: 0 });
    expect(sentBody).not.toHaveProperty("entityType");
    expect(task).not.toHaveProperty("contact");
    expect(task).not.toHaveProperty("entity");
    expect(await crm.getTask(301)).toMatchObject({
      title: "Agree a maintenance window",
      alertValue: 30,
    });
    expect(await crm.getTask(301)).not.toHaveProperty("contact");
  });

  it("a missing task is a NotFoundError from the read: no PUT, which would create one", async () => {
    await expect(crm.updateTask(404404, { title: "x" })).rejects.toBeInstanceOf(NotFoundError);
    expect(portal.requests.map((r) => r.method)).toEqual(["GET"]);
    expect((await crm.listTasks()).items).toHaveLength(5);
  });

  it("403 for a task the user may see but not edit", async () => {
    await expect(crm.updateTask(303, { title: "x" })).rejects.toBeInstanceOf(PermissionDeniedError);
    expect(portal.requests.map((r) => r.method)).toEqual(["GET", "PUT"]);
  });
});

describe("closeTask, reopenTask, deleteTask", () => {
  it("close and reopen are PUTs with no body; isClosed is left out once open", async () => {
    const closed = await crm.closeTask(301);
    expect(sent(portal.requests[0])).toEqual({
      method: "PUT",
      path: "/api/2.0/crm/task/301/close",
      query: {},
    });
    expect(portal.requests[0]?.body).toBe("");
    expect(closed.isClosed).toBe(true);
    expect(await crm.closeTask(301)).toMatchObject({ isClosed: true }); // fine twice
    const reopened = await crm.reopenTask(301);
    expect(sent(portal.requests[2]).path).toBe("/api/2.0/crm/task/301/reopen");
    expect(reopened).not.toHaveProperty("isClosed");
  });

  it("a missing task is a 400 for close and reopen (not 404); someone else's a 403", async () => {
    await expect(crm.closeTask(404404)).rejects.toMatchObject({
      constructor: BadRequestError,
      status: 400,
    });
    await expect(crm.reopenTask(404404)).rejects.toBeInstanceOf(BadRequestError);
    await expect(crm.closeTask(303)).rejects.toBeInstanceOf(PermissionDeniedError);
  });

  it("delete is DELETE task/{taskid}: resolves to the task, then it is gone", async () => {
    const task = await crm.deleteTask(301);
    expect(sent(portal.requests[0])).toEqual({
      method: "DELETE",
      path: "/api/2.0/crm/task/301",
      query: {},
    });
    expect(task).toMatchObject({ id: 301, title: "Agree a maintenance window" });
    await expect(crm.getTask(301)).rejects.toBeInstanceOf(NotFoundError);
    await expect(crm.deleteTask(301)).rejects.toBeInstanceOf(NotFoundError);
    await expect(crm.deleteTask(303)).rejects.toBeInstanceOf(PermissionDeniedError);
  });
});

describe("listTaskCategories", () => {
  it("is GET task/category: by sortOrder, each with its number of tasks", async () => {
    const categories = await crm.listTaskCategories();
    expect(sent(portal.requests[0])).toEqual({
      method: "GET",
      path: "/api/2.0/crm/task/category",
      query: {},
    });
    expect(categories).toHaveLength(12);
    expect(categories[0]).toEqual({
      id: 1,
      title: "Phone call",
      description: "",
      color: "",
      sortOrder: 1,
      imagePath: "/Products/CRM/App_Themes/default/images/task_category_call.png",
      relativeItemsCount: 1,
    });
    expect(categories[2]).not.toHaveProperty("relativeItemsCount"); // Demo: no task, left out
  });
});

describe("refused before anything is sent", () => {
  const task = { title: "x", deadline: new Date("2024-03-14T15:00:00Z"), categoryId: 1 };
  const bad: [string, () => PromiseLike<unknown>, ErrorConstructor][] = [
    ["taskId 0", () => crm.getTask(0), RangeError],
    ["taskId as a string", () => crm.closeTask("1" as unknown as number), TypeError],
    ["taskId 2^31", () => crm.deleteTask(2 ** 31), RangeError],
    ["no deadline", () => crm.createTask({ title: "x", categoryId: 1 } as never), TypeError],
    ["a deadline as text", () => crm.createTask({ ...task, deadline: "next Friday" }), RangeError],
    ["an invalid Date", () => crm.createTask({ ...task, deadline: new Date("x") }), RangeError],
    [
      "the portal's no-date",
      () => crm.createTask({ ...task, deadline: "0001-01-01T00:00:00.0000000Z" }),
      RangeError,
    ],
    ["a deadline as a number", () => crm.createTask({ ...task, deadline: 1 as never }), TypeError],
    ["an empty title", () => crm.createTask({ ...task, title: "" }), RangeError],
    ["categoryId 0", () => crm.createTask({ ...task, categoryId: 0 }), RangeError],
    [
      "responsibleId not a GUID",
      () => crm.createTask({ ...task, responsibleId: "mia" }),
      RangeError,
    ],
    ["alertMinutes -1", () => crm.createTask({ ...task, alertMinutes: -1 }), RangeError],
    ["an unknown field", () => crm.createTask({ ...task, priority: 1 } as never), TypeError],
    ["description null", () => crm.createTask({ ...task, description: null as never }), TypeError],
    ["an update's unknown field", () => crm.updateTask(301, { done: true } as never), TypeError],
    ["an update's bad deadline", () => crm.updateTask(301, { deadline: "soon" }), RangeError],
    ["an update's null caseId", () => crm.updateTask(301, { caseId: null as never }), TypeError],
    ["an update's contactId -1", () => crm.updateTask(301, { contactId: -1 }), RangeError],
    ["a filter's unknown sortBy", () => crm.listTasks({ sortBy: "created" as never }), RangeError],
    ["a filter's comma", () => crm.listTasks({ search: "a,b" }), RangeError],
    ["a filter's caseId 0", () => crm.listTasks({ caseId: 0 }), RangeError],
    ["a filter's isClosed as text", () => crm.listTasks({ isClosed: "no" as never }), TypeError],
  ];
  it.each(bad)("%s", async (_name, call, ErrorClass) => {
    await expect(call()).rejects.toThrow(ErrorClass);
    expect(portal.requests).toHaveLength(0);
  });
});

describe("paging tasks (property)", () => {
  it("yields every task exactly once, in order, for any number of tasks and page size", async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat(12), fc.integer({ min: 1, max: 5 }), async (count, pageSize) => {
        const { id: caseId } = await crm.createCase({ title: "Paging" });
        const created: number[] = [];
        for (let i = 0; i < count; i++) {
          const deadline = new Date(Date.UTC(2030, 0, 1, 0, i));
          created.push(
            (await crm.createTask({ title: `t${i}`, deadline, categoryId: 1, caseId })).id,
          );
        }
        const before = portal.requests.length;
        const seen: number[] = [];
        for await (const task of crm.listTasks({ caseId }, { pageSize })) seen.push(task.id);
        expect(seen).toEqual(created); // by deadline
        expect(portal.requests.length - before).toBe(Math.max(1, Math.ceil(count / pageSize)));
      }),
      { numRuns: 25 },
    );
  });
});

describe("createTasksForContacts", () => {
  it("is POST contact/task/group: one task per contact, in the list form", async () => {
    const tasks = await crm.createTasksForContacts([7, 10], {
      title: "Send the price list",
      deadline: "2024-05-02T12:00:00.0000000+03:00",
      categoryId: 1,
      responsibleId: CURRENT_USER.id,
      dealId: 21,
      alertMinutes: 15,
      notify: false,
    });
    expect(sent(portal.requests[0])).toEqual({
      method: "POST",
      path: "/api/2.0/crm/contact/task/group",
      query: {},
    });
    expect(body(portal.requests[0])).toEqual({
      contactId: [7, 10],
      title: "Send the price list",
      deadline: "2024-05-02T09:00:00.000Z", // the same instant, as the date guard writes it
      categoryId: 1,
      responsibleId: CURRENT_USER.id,
      entityType: "opportunity",
      entityId: 21,
      alertValue: 15,
      isNotify: false,
    });
    expect(tasks.map((task) => task.contact?.id)).toEqual([7, 10]);
    expect(tasks[0]).toMatchObject({
      title: "Send the price list",
      alertValue: 15,
      entity: { entityType: "opportunity", entityId: 21, entityTitle: "Printers for Contoso" },
    });
    expect((await crm.getTask(tasks[1]!.id)).contact?.id).toBe(10);
  });

  it("a case ID goes as entityType=case", async () => {
    await crm.createTasksForContacts([8], {
      title: "Call",
      deadline: new Date("2024-05-02T09:00:00.000Z"),
      categoryId: 1,
      caseId: 42,
    });
    expect(body(portal.requests[0])).toMatchObject({ entityType: "case", entityId: 42 });
  });

  it("with notify, an unknown category is a 404 after every task was saved: not repeated", async () => {
    const before = (await crm.listTasks()).items.length;
    await expect(
      crm.createTasksForContacts([7], {
        title: "x",
        deadline: new Date(),
        categoryId: 999,
        notify: true,
      }),
    ).rejects.toBeInstanceOf(NotFoundError);
    expect((await crm.listTasks()).items.length).toBe(before + 1);
    expect(portal.requests.filter((r) => r.method === "POST")).toHaveLength(1);
  });

  it("is not repeated after a 500", async () => {
    portal.queue((_req, res) => res.writeHead(500).end());
    await expect(
      crm.createTasksForContacts([7], { title: "x", deadline: new Date(), categoryId: 1 }),
    ).rejects.toBeInstanceOf(InternalServerError);
    expect(portal.requests).toHaveLength(1);
  });
});

describe("setTaskCreated, setTaskModified", () => {
  it("PUT task/{id}/creationdate rewrites the creation date the task then shows", async () => {
    await crm.setTaskCreated(301, "2020-01-02T03:04:05.0000000+03:00");
    expect(sent(portal.requests[0])).toEqual({
      method: "PUT",
      path: "/api/2.0/crm/task/301/creationdate",
      query: {},
    });
    expect(body(portal.requests[0])).toEqual({ creationDate: "2020-01-02T00:04:05.000Z" });
    expect((await crm.getTask(301)).created).toBe("2020-01-02T03:04:05.0000000+03:00");
  });

  it("PUT task/{id}/lastmodifeddate (the server's spelling) with lastModifedDate", async () => {
    await crm.setTaskModified(301, new Date("2021-06-01T10:00:00.000Z"));
    expect(sent(portal.requests[0])).toEqual({
      method: "PUT",
      path: "/api/2.0/crm/task/301/lastmodifeddate",
      query: {},
    });
    expect(body(portal.requests[0])).toEqual({ lastModifedDate: "2021-06-01T10:00:00.000Z" });
  });

  it("a missing task, or one the user may not see, is a 404", async () => {
    await expect(crm.setTaskCreated(404404, new Date())).rejects.toBeInstanceOf(NotFoundError);
    await expect(crm.setTaskModified(304, new Date())).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe("the new task methods refuse before sending", () => {
  const valid = { title: "x", deadline: new Date(), categoryId: 1 };
  const bad: [string, () => PromiseLike<unknown>, ErrorConstructor][] = [
    ["no contacts", () => crm.createTasksForContacts([], valid), RangeError],
    ["a contact twice", () => crm.createTasksForContacts([7, 7], valid), RangeError],
    ["a contact ID 0", () => crm.createTasksForContacts([0], valid), RangeError],
    [
      "caseId and dealId",
      () => crm.createTasksForContacts([7], { ...valid, caseId: 42, dealId: 5 }),
      RangeError,
    ],
    [
      "no deadline",
      () => crm.createTasksForContacts([7], { title: "x", categoryId: 1 } as never),
      TypeError,
    ],
    ["a creation date that is not one", () => crm.setTaskCreated(301, "yesterday"), RangeError],
    [
      "the portal's no-date",
      () => crm.setTaskModified(301, "0001-01-01T00:00:00.0000000Z"),
      RangeError,
    ],
    ["no date", () => crm.setTaskCreated(301, undefined as never), TypeError],
    ["taskId 0", () => crm.setTaskModified(0, new Date()), RangeError],
  ];
  it.each(bad)("%s", async (_name, call, ErrorClass) => {
    await expect(call()).rejects.toThrow(ErrorClass);
    expect(portal.requests).toHaveLength(0);
  });

  it("types", () => {
    // @ts-expect-error contact IDs are a list
    const one = () => crm.createTasksForContacts(7, valid);
    // @ts-expect-error a task for many contacts has no single contactId
    const two = () => crm.createTasksForContacts([7], { ...valid, contactId: 7 });
    const made: () => Promise<Task[]> = () => crm.createTasksForContacts([7], valid);
    expect([one, two, made]).toHaveLength(3);
  });
});
