// The History area (a case's events, notes, the categories) against the fake portal over real
// HTTP: what goes out (method, path, query, body, content type), what comes back, what is refused
// before anything is sent, and which failures are retried.
import fc from "fast-check";
import {
  BadRequestError,
  createCrmClient,
  InternalServerError,
  NotFoundError,
  PermissionDeniedError,
  TimeoutError,
  withBatch,
  type CrmClient,
  type RelationshipEvent,
} from "../src";
import {
  CURRENT_USER,
  portalJson,
  seedContacts,
  startFakePortal,
  type FakePortal,
  type Responder,
} from "../src/testing";
import { date } from "../src/core/guards";
import { apiDateTime } from "../src/testing/core/state";

import { sent } from "./requests";

let portal: FakePortal;
let crm: ReturnType<typeof createCrmClient>;

beforeEach(async () => {
  portal = await startFakePortal();
  crm = createCrmClient({ baseUrl: portal.url, token: portal.token });
});
afterEach(() => portal.close());

const ids = (events: RelationshipEvent[]) => events.map((event) => event.id);

describe("listCaseHistory", () => {
  it("is GET history/filter?entityType=case&entityId=…, newest first, in the list form", async () => {
    const page = await crm.listCaseHistory(42);
    expect(ids(page.items)).toEqual([203, 202, 201]);
    expect(portal.requests).toHaveLength(1);
    expect(sent(portal.requests[0])).toEqual({
      method: "GET",
      path: "/api/2.0/crm/history/filter",
      query: { entityType: "case", entityId: "42", startIndex: "0", count: "100" },
    });
    expect(portal.requests[0]?.body).toBe("");
    const call = page.items[1]!;
    expect(call).toMatchObject({
      content: "Called Contoso about a maintenance window.",
      category: { id: 22, title: "Phone call", sortOrder: 2, description: "", color: "" },
      contact: { id: 7, displayName: "Contoso Ltd", isCompany: true },
      entity: { entityType: "case", entityId: 42, entityTitle: "Printer on floor 3 jams again" },
      canEdit: true,
      files: [],
    });
    expect(call.category?.imagePath).toBe(
      "/Products/CRM/App_Themes/default/images/event_category_call.png",
    );
    // A category with sortOrder 0 leaves it out; a list item never has relativeItemsCount.
    expect(page.items[0]!.category).not.toHaveProperty("sortOrder");
    expect(page.items[0]!.category).not.toHaveProperty("relativeItemsCount");
    expect(page.items[0]).not.toHaveProperty("contact");
  });

  it("maps every filter field onto the portal's names; createdTo is exact", async () => {
    const page = await crm.listCaseHistory(42, {
      categoryId: 20,
      createdBy: CURRENT_USER.id,
      createdFrom: new Date("2024-03-06T21:00:00.000Z"),
      createdTo: "2024-03-07T09:30:00.0000000+03:00",
      search: "fuser",
      sortBy: "id",
      sortOrder: "desc",
    });
    expect(ids(page.items)).toEqual([203]); // created at 09:30
    expect(sent(portal.requests[0]).query).toEqual({
      entityType: "case",
      entityId: "42",
      categoryId: "20",
      createBy: CURRENT_USER.id,
      fromDate: "2024-03-06T21:00:00.000Z",
      // The portal adds a day less a minute to toDate: the client takes them off first.
      toDate: "2024-03-06T06:31:00.000Z",
      filterValue: "fuser",
      sortBy: "id",
      sortOrder: "descending",
      startIndex: "0",
      count: "100",
    });
  });

  it("createdTo is a bound to the minute, not a day", async () => {
    const at = (createdTo: string) => crm.listCaseHistory(42, { createdTo });
    expect(ids((await at("2024-03-07T09:30:00.0000000+03:00")).items)).toEqual([203, 202, 201]);
    expect(ids((await at("2024-03-07T09:29:00.0000000+03:00")).items)).toEqual([202, 201]);
    expect(ids((await at("2024-03-06T00:00:00.0000000+03:00")).items)).toEqual([201]);
  });

  it("a system category (-1 task closed, -2 files, -3 mail) can be filtered on", async () => {
    await crm.addCaseNote(42, { content: "Filed as a note.", categoryId: 20 });
    expect((await crm.listCaseHistory(42, { categoryId: -2 })).items).toEqual([]);
    expect(sent(portal.requests[1]).query.categoryId).toBe("-2");
  });

  it("sortOrder without sortBy sends the default key (a portal ignores it alone)", async () => {
    const page = await crm.listCaseHistory(42, { sortOrder: "asc" });
    expect(ids(page.items)).toEqual([201, 202, 203]);
    expect(sent(portal.requests[0]).query).toMatchObject({
      sortBy: "created",
      sortOrder: "ascending",
    });
    const byAuthor = await crm.listCaseHistory(42, { sortBy: "createdBy" });
    expect(sent(portal.requests[1]).query.sortBy).toBe("createby");
    expect(byAuthor.items.map((event) => event.createBy.id)).toEqual(
      [...byAuthor.items.map((event) => event.createBy.id)].sort(),
    );
  });

  it("total is the page size + 1, not a count; paging follows nextIndex, not total", async () => {
    const first = await crm.listCaseHistory(42, undefined, { pageSize: 2 });
    expect(ids(first.items)).toEqual([203, 202]);
    expect(first.total).toBe(3); // the portal's figure, passed on: not the number of events
    expect(first.hasNextPage()).toBe(true);
    const second = await first.nextPage();
    expect(ids(second.items)).toEqual([201]);
    expect(second.total).toBeUndefined();
    expect(second.hasNextPage()).toBe(false);
    expect(sent(portal.requests[1]).query).toMatchObject({ startIndex: "2", count: "2" });

    const all: number[] = [];
    for await (const event of crm.listCaseHistory(42, undefined, { pageSize: 1 })) {
      all.push(event.id);
    }
    expect(all).toEqual([203, 202, 201]);
  });

  it("a hidden case and a missing one are NotFoundError", async () => {
    await expect(crm.listCaseHistory(99)).rejects.toBeInstanceOf(NotFoundError);
    await expect(crm.listCaseHistory(404404)).rejects.toMatchObject({
      constructor: NotFoundError,
      portalMessage: "Not found",
    });
  });

  it("a deleted case takes its history with it", async () => {
    await crm.deleteCase(42);
    await expect(crm.listCaseHistory(42)).rejects.toBeInstanceOf(NotFoundError);
    await expect(crm.deleteHistoryEvent(201)).rejects.toBeInstanceOf(NotFoundError);
    expect(ids((await crm.listCaseHistory(7)).items)).toEqual([204]);
  });
});

describe("addCaseNote", () => {
  it("is POST history with a JSON body, 201, and the note is then in the case's history", async () => {
    const note = await crm.addCaseNote(7, { content: "Agenda confirmed.", categoryId: 20 });
    const [request] = portal.requests;
    expect(sent(request)).toEqual({ method: "POST", path: "/api/2.0/crm/history", query: {} });
    expect(request?.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(request!.body)).toEqual({
      entityType: "case",
      entityId: 7,
      content: "Agenda confirmed.",
      categoryId: 20,
    });
    expect(note).toMatchObject({
      content: "Agenda confirmed.",
      createBy: { id: CURRENT_USER.id },
      category: { id: 20, title: "Note" },
      entity: { entityType: "case", entityId: 7, entityTitle: "Onboarding call for Fabrikam" },
      canEdit: true,
      files: [],
    });
    expect(note.created).toMatch(/\+03:00$/);
    expect(ids((await crm.listCaseHistory(7)).items)).toEqual([note.id, 204]);
  });

  it("sends the contact and the users to notify under the portal's names", async () => {
    const note = await crm.addCaseNote(42, {
      content: "Ben confirmed Friday.",
      categoryId: 22,
      contactId: 8,
      notifyUsers: [CURRENT_USER.id],
    });
    expect(JSON.parse(portal.requests[0]!.body)).toEqual({
      entityType: "case",
      entityId: 42,
      content: "Ben confirmed Friday.",
      categoryId: 22,
      contactId: 8,
      notifyUserList: [CURRENT_USER.id],
    });
    expect(note.contact).toMatchObject({ id: 8, displayName: "Ben Weber", isPrivate: true });
  });

  it("a missing or hidden case is a 400, not a 404 (the portal's ArgumentException)", async () => {
    await expect(crm.addCaseNote(404404, { content: "x", categoryId: 20 })).rejects.toMatchObject({
      constructor: BadRequestError,
      status: 400,
    });
    await expect(crm.addCaseNote(99, { content: "x", categoryId: 20 })).rejects.toBeInstanceOf(
      BadRequestError,
    );
    // So is a category that names no list item, and a contact the user may not see.
    await expect(crm.addCaseNote(7, { content: "x", categoryId: 999 })).rejects.toBeInstanceOf(
      BadRequestError,
    );
    await expect(
      crm.addCaseNote(7, { content: "x", categoryId: 20, contactId: 11 }),
    ).rejects.toBeInstanceOf(BadRequestError);
    expect((await crm.listCaseHistory(7)).items).toHaveLength(1);
  });

  it("takes a task category's ID as well (a portal looks in every list)", async () => {
    const note = await crm.addCaseNote(7, {
      content: "Filed under a task category.",
      categoryId: 1,
    });
    expect(note.category).toMatchObject({ id: 1, title: "Phone call" });
  });

  const busy =
    (headers: Record<string, string> = {}): Responder =>
    (_req, res) => {
      res.writeHead(503, { "Content-Type": "application/json; charset=UTF-8", ...headers });
      res.end(portalJson({ status: 1, statusCode: 503, error: { message: "Busy" } }));
    };

  it("is not repeated after a 500, a 503 without Retry-After, or a time-out", async () => {
    const quick = createCrmClient({
      baseUrl: portal.url,
      token: portal.token,
      retryDelay: { baseMs: 1 },
    });
    const note = { content: "Once only.", categoryId: 20 };
    portal.queue((_req, res) => res.writeHead(500).end("oops"));
    await expect(quick.addCaseNote(7, note)).rejects.toBeInstanceOf(InternalServerError);
    expect(portal.requests).toHaveLength(1);
    portal.queue(busy());
    await expect(quick.addCaseNote(7, note)).rejects.toBeInstanceOf(InternalServerError);
    expect(portal.requests).toHaveLength(2);
    portal.queue(() => {}); // no answer
    await expect(quick.addCaseNote(7, note, { timeoutMs: 50 })).rejects.toBeInstanceOf(
      TimeoutError,
    );
    expect(portal.requests).toHaveLength(3);
  });

  it("is repeated after a 503 with Retry-After (the portal refused it before it ran)", async () => {
    const quick = createCrmClient({
      baseUrl: portal.url,
      token: portal.token,
      retryDelay: { baseMs: 1 },
    });
    portal.queue(busy({ "Retry-After": "0" }));
    const note = await quick.addCaseNote(7, { content: "After a refusal.", categoryId: 20 });
    expect(portal.requests).toHaveLength(2);
    expect(portal.requests[1]!.body).toBe(portal.requests[0]!.body);
    expect(ids((await crm.listCaseHistory(7)).items)).toEqual([note.id, 204]);
  });
});

describe("deleteHistoryEvent", () => {
  const deletes = () => portal.requests.filter((r) => r.method === "DELETE");

  it("reads the history down to the event, then is DELETE history/{id} with no body", async () => {
    const event = await crm.deleteHistoryEvent(201);
    // No route reads one event: the portal's history, newest ID first, 1000 a page.
    expect(sent(portal.requests[0])).toEqual({
      method: "GET",
      path: "/api/2.0/crm/history/filter",
      query: { sortBy: "id", sortOrder: "descending", startIndex: "0", count: "1000" },
    });
    const last = portal.requests.at(-1);
    expect(sent(last)).toEqual({
      method: "DELETE",
      path: "/api/2.0/crm/history/201",
      query: {},
    });
    expect(last?.body).toBe("");
    expect(event).toMatchObject({ id: 201, entity: { entityId: 42 }, canEdit: true });
    expect(ids((await crm.listCaseHistory(42)).items)).toEqual([203, 202]);
  });

  it("refuses an event with files without { deleteFromDocuments: true }: nothing deleted", async () => {
    // Event 203 holds file 501 (in the CRM folder): deleting it deletes the file from Documents.
    await expect(crm.deleteHistoryEvent(203)).rejects.toThrow(
      /Event 203 has 1 file\(s\): deleting it deletes them from Documents.*deleteFromDocuments: true/,
    );
    expect(deletes()).toHaveLength(0);
    expect(portal.requests.every((r) => r.method === "GET")).toBe(true);
    await expect(crm.getDocumentsFile(501)).resolves.toMatchObject({ id: 501 });
    expect(ids((await crm.listCaseHistory(42)).items)).toContain(203);
  });

  it("with the consent deletes at once (no read) and the event's files go with it", async () => {
    const event = await crm.deleteHistoryEvent(203, { deleteFromDocuments: true });
    expect(portal.requests.map((r) => `${r.method} ${sent(r).path}`)).toEqual([
      "DELETE /api/2.0/crm/history/203",
    ]);
    expect(event.files).toMatchObject([{ id: 501 }]);
    await expect(crm.getDocumentsFile(501)).rejects.toBeInstanceOf(NotFoundError);
  });

  it("a consent that is not { deleteFromDocuments: true } is refused before anything is sent", async () => {
    for (const bad of [{ deleteFromDocuments: false }, { timeoutMs: 5 }, null, true]) {
      await expect(crm.deleteHistoryEvent(203, bad as never)).rejects.toThrow(
        /consent must be \{ deleteFromDocuments: true \} or left out/,
      );
    }
    expect(portal.requests).toHaveLength(0);
    // Request options come third.
    await crm.deleteHistoryEvent(201, undefined, { timeoutMs: 5000 });
    expect(deletes()).toHaveLength(1);
  });

  it("is refused inside a batch (it reads first): a batch would delete files unasked", async () => {
    const batching = withBatch(crm);
    await expect(batching.batch((b) => [b.getCase(42), b.deleteHistoryEvent(203)])).rejects.toThrow(
      /deleteHistoryEvent reads before it writes .*: call it outside a batch/,
    );
    expect(portal.requests).toHaveLength(0);
  });

  it("an old event is found behind a full page of newer ones", async () => {
    const note = (i: number) =>
      fetch(`${portal.url}/api/2.0/crm/history`, {
        method: "POST",
        headers: { Authorization: portal.token, "Content-Type": "application/json" },
        body: JSON.stringify({ contactId: 8, content: `n${i}`, categoryId: 20 }),
      });
    for (let i = 0; i < 1000; i += 50) {
      await Promise.all(Array.from({ length: 50 }, (_, j) => note(i + j)));
    }
    portal.requests.length = 0;
    await expect(crm.deleteHistoryEvent(203)).rejects.toThrow(/has 1 file/);
    expect(portal.requests.map((r) => sent(r).query.startIndex)).toEqual(["0", "1000"]);
    expect(deletes()).toHaveLength(0);
  }, 30_000);

  it("an event about a contact only has entity: null (sent, not left out)", async () => {
    const event = await crm.deleteHistoryEvent(206);
    expect(event.entity).toBeNull();
    expect(event.contact).toMatchObject({ id: 8 });
  });

  it("404 for a missing event; 403 without edit rights on its contact", async () => {
    await expect(crm.deleteHistoryEvent(404404)).rejects.toBeInstanceOf(NotFoundError);
    // Contoso shared for reading only: the user may read event 202, which Carl wrote, not delete it.
    await portal.close();
    const contacts = seedContacts().map((c) => (c.id === 7 ? { ...c, shareType: 2 as const } : c));
    portal = await startFakePortal({ contacts });
    crm = createCrmClient({ baseUrl: portal.url, token: portal.token });
    const listed = (await crm.listCaseHistory(42)).items.find((event) => event.id === 202);
    expect(listed).not.toHaveProperty("canEdit"); // left out when false
    await expect(crm.deleteHistoryEvent(202)).rejects.toMatchObject({
      constructor: PermissionDeniedError,
      portalMessage: "Access Denied",
    });
    expect(ids((await crm.listCaseHistory(42)).items)).toContain(202);
  });
});

describe("listHistoryCategories", () => {
  it("is GET history/category: the categories by sortOrder, each with its number of events", async () => {
    const categories = await crm.listHistoryCategories();
    expect(sent(portal.requests[0])).toEqual({
      method: "GET",
      path: "/api/2.0/crm/history/category",
      query: {},
    });
    expect(categories.map((c) => [c.id, c.title, c.sortOrder, c.relativeItemsCount])).toEqual([
      [20, "Note", undefined, 3], // 201, 203 and the hidden case's 205: the count ignores access
      [21, "Email", 1, 1],
      [22, "Phone call", 2, 2],
      [23, "Appointment", 3, undefined],
    ]);
    expect(categories[3]).not.toHaveProperty("relativeItemsCount");
    expect(categories[0]!.imagePath).toBe(
      "/Products/CRM/App_Themes/default/images/event_category_note.png",
    );
  });
});

describe("refused before anything is sent", () => {
  const bad: [string, () => PromiseLike<unknown>, ErrorConstructor][] = [
    ["caseId 0", () => crm.listCaseHistory(0), RangeError],
    ["caseId as a string", () => crm.listCaseHistory("42" as unknown as number), TypeError],
    ["an unknown filter field", () => crm.listCaseHistory(42, { after: 1 } as never), TypeError],
    [
      "createdFrom as text",
      () => crm.listCaseHistory(42, { createdFrom: "yesterday" }),
      RangeError,
    ],
    [
      "createdFrom an invalid Date",
      () => crm.listCaseHistory(42, { createdFrom: new Date("x") }),
      RangeError,
    ],
    [
      "createdTo the portal's no-date",
      () => crm.listCaseHistory(42, { createdTo: "0001-01-01T00:00:00.0000000Z" }),
      RangeError,
    ],
    ["createdFrom a number", () => crm.listCaseHistory(42, { createdFrom: 1 as never }), TypeError],
    ["categoryId -4", () => crm.listCaseHistory(42, { categoryId: -4 }), RangeError],
    ["createdBy not a GUID", () => crm.listCaseHistory(42, { createdBy: "anna" }), RangeError],
    ["search with a comma", () => crm.listCaseHistory(42, { search: "a,b" }), RangeError],
    ["an unknown sortBy", () => crm.listCaseHistory(42, { sortBy: "date" as never }), RangeError],
    ["pageSize over 1000", () => crm.listCaseHistory(42, {}, { pageSize: 1001 }), RangeError],
    ["a note without content", () => crm.addCaseNote(42, { categoryId: 20 } as never), TypeError],
    ["blank content", () => crm.addCaseNote(42, { content: "  ", categoryId: 20 }), RangeError],
    [
      "content over 65 000 characters",
      () => crm.addCaseNote(42, { content: "x".repeat(65001), categoryId: 20 }),
      RangeError,
    ],
    ["categoryId 0", () => crm.addCaseNote(42, { content: "x", categoryId: 0 }), RangeError],
    ["no note at all", () => crm.addCaseNote(42, undefined as never), TypeError],
    [
      "notifyUsers empty",
      () => crm.addCaseNote(42, { content: "x", categoryId: 20, notifyUsers: [] }),
      RangeError,
    ],
    [
      "notifyUsers not GUIDs",
      () => crm.addCaseNote(42, { content: "x", categoryId: 20, notifyUsers: ["anna"] }),
      RangeError,
    ],
    [
      "contactId null",
      () => crm.addCaseNote(42, { content: "x", categoryId: 20, contactId: null as never }),
      TypeError,
    ],
    ["eventId 0", () => crm.deleteHistoryEvent(0), RangeError],
  ];
  it.each(bad)("%s", async (_name, call, ErrorClass) => {
    await expect(call()).rejects.toThrow(ErrorClass);
    expect(portal.requests).toHaveLength(0);
  });

  it("a long content's message does not quote it", async () => {
    const error = await crm
      .addCaseNote(42, { content: `secret ${"x".repeat(65001)}`, categoryId: 20 })
      .catch((e: Error) => e);
    expect(String(error)).not.toContain("secret");
  });
});

describe("paging a case's history (property)", () => {
  it("yields every event exactly once, newest first, for any number of events and page size", async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat(12), fc.integer({ min: 1, max: 5 }), async (count, pageSize) => {
        const { id } = await crm.createCase({ title: "Paging" });
        const added: number[] = [];
        for (let i = 0; i < count; i++) {
          added.push((await crm.addCaseNote(id, { content: `note ${i}`, categoryId: 20 })).id);
        }
        const before = portal.requests.length;
        const seen: number[] = [];
        for await (const event of crm.listCaseHistory(id, undefined, { pageSize })) {
          seen.push(event.id);
        }
        // Created in the same millisecond or not, the fake orders equal dates by ID.
        expect(seen).toEqual(added.reverse());
        expect(portal.requests.length - before).toBe(Math.max(1, Math.ceil(count / pageSize)));
      }),
      { numRuns: 25 },
    );
  });
});

describe("the date guard (property)", () => {
  const YEAR_1 = -62135596800000; // 0001-01-01T00:00:00Z, the portal's "no date"
  const instants = fc.integer({ min: YEAR_1 + 1, max: 253402300799999 });

  it("a Date is sent as its toISOString()", () => {
    fc.assert(
      fc.property(instants, (ms) => {
        expect(date("d", new Date(ms))).toBe(new Date(ms).toISOString());
      }),
    );
  });

  it("an ApiDateTime at any offset, with 1 to 7 fraction digits, is the same instant", () => {
    const day = 24 * 60 * 60 * 1000; // so that the wall-clock year stays within 1-9999
    fc.assert(
      fc.property(
        fc.integer({ min: YEAR_1 + day, max: 253402300799999 - day }),
        fc.integer({ min: -14 * 60, max: 14 * 60 }),
        fc.integer({ min: 0, max: 7 }),
        fc.stringMatching(/^\d{4}$/),
        (ms, offset, digits, extra) => {
          const whole = apiDateTime(new Date(ms), offset); // …ss.mmm0000±hh:mm, as a portal writes
          const [, clock, millis, zone] = /^(.{19})\.(\d{3})\d{4}(.*)$/.exec(whole)!;
          const fraction = (millis! + extra).slice(0, digits);
          const text = `${clock}${digits ? `.${fraction}` : ""}${zone}`;
          // Fewer than three digits keep less of the time; more are cut, not rounded.
          const kept =
            ms - (((ms % 1000) + 1000) % 1000) + Number(fraction.padEnd(3, "0").slice(0, 3));
          const sent = date("d", text);
          if (kept > YEAR_1) expect(sent).toBe(new Date(kept).toISOString());
        },
      ),
    );
  });

  it("refuses the portal's no-date, years past 9999, and strings that are not ApiDateTimes", () => {
    expect(() => date("d", new Date(YEAR_1))).toThrow(RangeError);
    expect(() => date("d", "0001-01-01T00:00:00.0000000Z")).toThrow(RangeError);
    expect(() => date("d", new Date(253402300800000))).toThrow(RangeError);
    fc.assert(
      fc.property(
        fc.string().filter((s) => !/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/.test(s)),
        (text) => void expect(() => date("d", text)).toThrow(RangeError),
      ),
    );
    expect(() => date("d", "2024-13-01T00:00:00Z")).toThrow(RangeError);
    expect(() => date("d", 1709636851000)).toThrow(TypeError);
  });
});

describe("the history of a contact, a deal, the portal", () => {
  it("listContactHistory is GET history/filter?entityType=contact: every event about it, any case too", async () => {
    const note = await crm.addContactNote(8, { content: "Ben prefers mornings.", categoryId: 20 });
    const page = await crm.listContactHistory(8, { sortBy: "id" });
    expect(ids(page.items)).toEqual([206, note.id]);
    expect(sent(portal.requests[1])).toEqual({
      method: "GET",
      path: "/api/2.0/crm/history/filter",
      query: {
        entityType: "contact",
        entityId: "8",
        sortBy: "id",
        startIndex: "0",
        count: "100",
      },
    });
    // An event on a case that is also about Contoso is in Contoso's history.
    expect(ids((await crm.listContactHistory(7)).items)).toEqual([202]);
    await expect(crm.listContactHistory(11)).rejects.toBeInstanceOf(NotFoundError); // hidden
  });

  it("addContactNote is POST history with contactId only: the event's entity is null", async () => {
    const note = await crm.addContactNote(8, {
      content: "Called back.",
      categoryId: 22,
      notifyUsers: [CURRENT_USER.id],
    });
    expect(sent(portal.requests[0])).toEqual({
      method: "POST",
      path: "/api/2.0/crm/history",
      query: {},
    });
    expect(JSON.parse(portal.requests[0]!.body)).toEqual({
      contactId: 8,
      content: "Called back.",
      categoryId: 22,
      notifyUserList: [CURRENT_USER.id],
    });
    expect(note.entity).toBeNull();
    expect(note).toMatchObject({ contact: { id: 8 }, category: { id: 22 }, files: [] });
    await expect(crm.addContactNote(11, { content: "x", categoryId: 20 })).rejects.toBeInstanceOf(
      BadRequestError,
    ); // hidden: a 400, as for a case
  });

  it("addDealNote and listDealHistory send entityType=opportunity", async () => {
    const note = await crm.addDealNote(21, {
      content: "Quote sent.",
      categoryId: 21,
      contactId: 7,
    });
    expect(JSON.parse(portal.requests[0]!.body)).toEqual({
      entityType: "opportunity",
      entityId: 21,
      content: "Quote sent.",
      categoryId: 21,
      contactId: 7,
    });
    expect(note.entity).toEqual({
      entityType: "opportunity",
      entityId: 21,
      entityTitle: "Printers for Contoso",
    });
    const page = await crm.listDealHistory(21);
    expect(ids(page.items)).toEqual([note.id]);
    expect(sent(portal.requests[1]).query).toEqual({
      entityType: "opportunity",
      entityId: "21",
      startIndex: "0",
      count: "100",
    });
    await expect(crm.listDealHistory(24)).rejects.toBeInstanceOf(NotFoundError);
    await expect(crm.addDealNote(24, { content: "x", categoryId: 20 })).rejects.toBeInstanceOf(
      BadRequestError,
    );
  });

  it("listHistory is GET history/filter with no record: every event, newest first", async () => {
    const page = await crm.listHistory({ createdBy: CURRENT_USER.id });
    expect(ids(page.items)).toEqual([203, 206]);
    expect(sent(portal.requests[0]).query).toEqual({
      createBy: CURRENT_USER.id,
      startIndex: "0",
      count: "100",
    });
    expect(page.items[1]!.entity).toBeNull();
  });

  it("refuses bad input before sending", async () => {
    const calls: [() => PromiseLike<unknown>, ErrorConstructor][] = [
      [() => crm.listContactHistory(0), RangeError],
      [() => crm.listDealHistory(-1), RangeError],
      [() => crm.listHistory({ sortBy: "date" as never }), RangeError],
      [() => crm.addContactNote(8, { content: "", categoryId: 20 }), RangeError],
      // A contact note is about its contact: no second contactId.
      [
        () => crm.addContactNote(8, { content: "x", categoryId: 20, contactId: 7 } as never),
        TypeError,
      ],
      [() => crm.addDealNote(5, { content: "x" } as never), TypeError],
    ];
    for (const [call, ErrorClass] of calls) await expect(call()).rejects.toThrow(ErrorClass);
    expect(portal.requests).toHaveLength(0);
  });

  it("addContactNote and addDealNote are not repeated after a 500", async () => {
    portal.queue((_req, res) => res.writeHead(500).end());
    await expect(crm.addContactNote(8, { content: "x", categoryId: 20 })).rejects.toBeInstanceOf(
      InternalServerError,
    );
    expect(portal.requests).toHaveLength(1);
  });

  it("types: the record's ID is a number, the note needs content and a category", () => {
    // @ts-expect-error a contact ID is a number
    void (() => crm.listContactHistory("8"));
    // @ts-expect-error a contact note has no contactId
    void (() => crm.addContactNote(8, { content: "x", categoryId: 20, contactId: 7 }));
    // @ts-expect-error categoryId is required
    void (() => crm.addDealNote(5, { content: "x" }));
    const list = (): PromiseLike<RelationshipEvent[]> => crm.listHistory().then((p) => p.items);
    expect(typeof list).toBe("function");
  });
});

describe("paging the portal's history (property)", () => {
  it("yields every event of a contact exactly once, for any page size", async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat(8), fc.integer({ min: 1, max: 4 }), async (count, pageSize) => {
        const added: number[] = [];
        for (let i = 0; i < count; i++) {
          added.push((await crm.addContactNote(10, { content: `n ${i}`, categoryId: 20 })).id);
        }
        const seen: number[] = [];
        for await (const event of crm.listContactHistory(10, { sortBy: "id" }, { pageSize })) {
          seen.push(event.id);
        }
        // Each once, in ID order, the new ones last.
        expect(seen).toEqual([...new Set(seen)].sort((a, b) => a - b));
        expect(seen.slice(seen.length - count)).toEqual(added.slice(added.length - count));
      }),
      { numRuns: 15 },
    );
  });
});

describe("a note's files", () => {
  it("are checked in the CRM folder first, then sent as fileId; the event shows them", async () => {
    const event = await crm.addContactNote(8, {
      content: "Signed",
      categoryId: 20,
      fileIds: [502],
    });
    expect(portal.requests.map((r) => `${r.method} ${sent(r).path}`)).toEqual([
      "GET /api/2.0/crm/files/root",
      "GET /api/2.0/files/file/502",
      "POST /api/2.0/crm/history",
    ]);
    expect(JSON.parse(portal.requests[2]!.body)).toEqual({
      contactId: 8,
      content: "Signed",
      categoryId: 20,
      fileId: [502],
    });
    expect(event.files).toMatchObject([{ id: 502 }]);
  });

  it("a file outside the CRM folder, a missing one, or one named twice sends no POST", async () => {
    // 503 is in the user's own documents: the portal would attach it, and deleting the note
    // would delete it from Documents.
    await expect(
      crm.addDealNote(21, { content: "x", categoryId: 20, fileIds: [503] }),
    ).rejects.toThrow(/note\.fileIds: file 503 is not in the CRM's folder/);
    await expect(
      crm.addCaseNote(42, { content: "x", categoryId: 20, fileIds: [999] }),
    ).rejects.toThrow(/note\.fileIds: file 999 does not exist/);
    await expect(
      crm.addContactNote(8, { content: "x", categoryId: 20, fileIds: [502, 502] }),
    ).rejects.toThrow(/names a file twice/);
    // The note's own fields are checked before any read.
    await expect(
      crm.addContactNote(8, { content: "", categoryId: 20, fileIds: [503] }),
    ).rejects.toThrow(/content/);
    expect(portal.requests.filter((r) => r.method === "POST")).toHaveLength(0);
    expect(await crm.getDocumentsFile(503)).toMatchObject({ id: 503 });
  });

  it("types: fileIds are numbers; the consent is exactly { deleteFromDocuments: true }", () => {
    const ok = () => crm.deleteHistoryEvent(1, { deleteFromDocuments: true }, { timeoutMs: 1 });
    // @ts-expect-error false is no consent
    const no = () => crm.deleteHistoryEvent(1, { deleteFromDocuments: false });
    // @ts-expect-error file IDs are numbers
    const bad = () => crm.addContactNote(1, { content: "x", categoryId: 1, fileIds: ["1"] });
    expect([ok, no, bad]).toHaveLength(3);
  });

  it("a misspelt field's refusal names fileIds among the fields to use", async () => {
    await expect(
      crm.addCaseNote(42, { content: "x", categoryId: 20, fileId: [502] } as never),
    ).rejects.toThrow(
      "note has no field fileId: use content, categoryId, contactId, notifyUsers, fileIds",
    );
    await expect(
      crm.addContactNote(8, { content: "x", categoryId: 20, files: [502] } as never),
    ).rejects.toThrow("note has no field files: use content, categoryId, notifyUsers, fileIds");
    await expect(
      crm.addDealNote(21, { content: "x", categoryId: 20, fileIds: null } as never),
    ).rejects.toThrow("note.fileIds must not be null");
    expect(portal.requests).toHaveLength(0);
  });

  it("an empty list sends no fileId", async () => {
    await crm.addContactNote(8, { content: "x", categoryId: 20, fileIds: [] });
    expect(portal.requests.map((r) => r.method)).toEqual(["POST"]);
    expect(JSON.parse(portal.requests[0]!.body)).not.toHaveProperty("fileId");
  });
});

describe("paging the whole portal's history (property)", () => {
  it("listHistory yields every event exactly once, for any number of events and page size", async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat(6), fc.integer({ min: 1, max: 5 }), async (count, pageSize) => {
        for (let i = 0; i < count; i++) {
          await crm.addDealNote(21, { content: `d ${i}`, categoryId: 20 });
        }
        const all = (await crm.listHistory({ sortBy: "id" }, { pageSize: 1000 })).items;
        const seen: number[] = [];
        for await (const event of crm.listHistory({ sortBy: "id" }, { pageSize })) {
          seen.push(event.id);
        }
        expect(seen).toEqual(ids(all));
        expect(new Set(seen).size).toBe(seen.length);
        // Newest first by default, each once as well.
        const newest: number[] = [];
        for await (const event of crm.listHistory(undefined, { pageSize })) newest.push(event.id);
        expect([...newest].sort((a, b) => a - b)).toEqual(seen);
      }),
      { numRuns: 15 },
    );
  });
});
