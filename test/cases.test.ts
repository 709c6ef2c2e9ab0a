// The whole Cases API against the fake portal over real HTTP: what each method sends (method,
// path, query, body, content type), what it resolves to, and every refusal sending nothing.
import {
  createCrmClient,
  InternalServerError,
  NotFoundError,
  PermissionDeniedError,
  TimeoutError,
  type CrmClient,
} from "../src";
import { CURRENT_USER, startFakePortal, THIRD_USER, type FakePortal } from "../src/testing";

let portal: FakePortal;
let crm: CrmClient;

beforeEach(async () => {
  portal = await startFakePortal();
  crm = createCrmClient({ baseUrl: portal.url, token: portal.token, retryDelay: { baseMs: 1 } });
});
afterEach(() => portal.close());

/** The one request sent: method, path, decoded query, parsed body, content type. */
function sent(index = 0) {
  const request = portal.requests[index]!;
  const url = new URL(request.url, "http://portal");
  const query: Record<string, string[]> = {};
  for (const [key, value] of url.searchParams) (query[key] ??= []).push(value);
  return {
    method: request.method,
    path: url.pathname,
    query,
    body: request.body ? (JSON.parse(request.body) as Record<string, unknown>) : undefined,
    type: request.headers["content-type"],
    cookie: request.headers.cookie,
  };
}

describe("listCases", () => {
  it("sends the filter under the portal's names, in the query string, and resolves to a page", async () => {
    const page = await crm.listCases(
      {
        contactId: 9,
        isClosed: false,
        tags: ["a b", "c"],
        search: "printer",
        sortBy: "created",
        sortOrder: "desc",
      },
      { pageSize: 10, startIndex: 5 },
    );
    expect(sent()).toEqual({
      method: "GET",
      path: "/api/2.0/crm/case/filter",
      query: {
        contactid: ["9"],
        isClosed: ["false"],
        tags: ["a b", "c"],
        filterValue: ["printer"],
        sortBy: ["dateandtime"],
        sortOrder: ["descending"],
        startIndex: ["5"],
        count: ["10"],
      },
      body: undefined,
      type: undefined,
      cookie: undefined,
    });
    expect(page).toMatchObject({ items: [], startIndex: 5 });
    expect(page.hasNextPage()).toBe(false);
  });

  it("maps every sortBy onto the portal's enum, and defaults to 100 per page", async () => {
    for (const [sortBy, wire] of [
      ["title", "title"],
      ["created", "dateandtime"],
      ["createdBy", "createby"],
      ["id", "id"],
    ] as const) {
      portal.requests.length = 0;
      await crm.listCases({ sortBy });
      expect(sent().query).toEqual({ sortBy: [wire], startIndex: ["0"], count: ["100"] });
    }
  });

  it("finds by the start of a word of the title, open before closed by title", async () => {
    const page = await crm.listCases({ search: "print" });
    expect(page.items.map((c) => [c.id, c.isClosed])).toEqual([
      [12, false],
      [42, true],
      [13, true],
    ]);
    expect(page.total).toBe(3);
    const tagged = await crm.listCases({ tags: ["printer", "hardware"] });
    expect(tagged.items.map((c) => c.id)).toEqual([42]);
    const byContact = await crm.listCases({ contactId: 10, sortBy: "id" });
    expect(byContact.items.map((c) => c.id)).toEqual([12, 13]);
  });

  it("pages: nextPage starts right after the page, and the last page says so", async () => {
    const first = await crm.listCases({ sortBy: "id" }, { pageSize: 2 });
    expect(first.items.map((c) => c.id)).toEqual([7, 12]);
    expect(first.hasNextPage()).toBe(true);
    const second = await first.nextPage();
    expect(second.startIndex).toBe(2);
    expect(second.items.map((c) => c.id)).toEqual([13, 42]);
    expect(second.hasNextPage()).toBe(false); // the portal had no further row (99 is hidden)
    await expect(second.nextPage()).rejects.toThrow(RangeError);
    expect(sent(1).query).toMatchObject({ startIndex: ["2"], count: ["2"] });
  });

  it("for await yields every case, one request per page, and stops early at maxItems", async () => {
    const ids: number[] = [];
    for await (const c of crm.listCases({ sortBy: "id" }, { pageSize: 1 })) ids.push(c.id);
    expect(ids).toEqual([7, 12, 13, 42]);
    expect(portal.requests).toHaveLength(4);
    portal.requests.length = 0;
    const some: number[] = [];
    for await (const c of crm.listCases({ sortBy: "id" }, { pageSize: 3, maxItems: 2 }))
      some.push(c.id);
    expect(some).toEqual([7, 12]);
    expect(portal.requests).toHaveLength(1);
    expect(sent().query.count).toEqual(["2"]); // asks for no more than it will yield
  });

  it("honours the signal between pages", async () => {
    const controller = new AbortController();
    const seen: number[] = [];
    const loop = (async () => {
      for await (const c of crm.listCases(
        { sortBy: "id" },
        { pageSize: 1, signal: controller.signal },
      )) {
        seen.push(c.id);
        controller.abort(new Error("enough"));
      }
    })();
    await expect(loop).rejects.toThrow("enough");
    expect(seen).toEqual([7]);
    expect(portal.requests).toHaveLength(1);
  });

  it("a page that repeats the previous one, or is longer than asked, is an InvalidResponseError", async () => {
    const page = (ids: number[]) => (_req: unknown, res: import("node:http").ServerResponse) =>
      res.writeHead(200, { "Content-Type": "application/json" }).end(
        JSON.stringify({
          count: ids.length,
          nextIndex: 3,
          status: 0,
          statusCode: 200,
          response: ids.map((id) => ({ ...portal.cases.get(7)!, id })),
        }),
      );
    portal.queue(page([1, 2]), page([1, 2]));
    const loop = async () => {
      for await (const _ of crm.listCases({}, { pageSize: 2 })) void _;
    };
    await expect(loop()).rejects.toThrow(/repeats the previous page/);
    portal.queue(page([1, 2, 3]));
    await expect(crm.listCases({}, { pageSize: 2 })).rejects.toThrow(
      /sent 3 items for a page size of 2/,
    );
  });

  it.each([
    [{ search: "a,b" }, RangeError, /comma/],
    [{ sortBy: "created_at" }, RangeError, /sortBy must be one of title, created, createdBy, id/],
    [{ sortOrder: "descending" }, RangeError, /sortOrder must be one of asc, desc/],
    [{ isclosed: true }, TypeError, /filter has no field isclosed/],
    [{ contactId: 0 }, RangeError, /filter.contactId must be a whole number from 1/],
    [{ tags: "a" }, TypeError, /filter.tags must be an array/],
    [{ tags: [""] }, RangeError, /filter.tags\[0\] must not be empty/],
    [{ tags: [] }, RangeError, /^filter.tags must not be empty: leave it out instead$/],
    [{ isClosed: null }, TypeError, /must not be null/],
  ])("refuses the filter %p before sending", async (filter, type, message) => {
    const list = crm.listCases(filter as never);
    await expect(list).rejects.toThrow(type);
    await expect(list).rejects.toThrow(message);
    await expect(
      (async () => {
        for await (const _ of list) void _;
      })(),
    ).rejects.toThrow(message);
    expect(portal.requests).toHaveLength(0);
  });

  it.each([
    [{ pageSize: 0 }, /pageSize must be a whole number from 1/],
    [{ pageSize: 1001 }, /pageSize must be a whole number from 1 to 1000/],
    [{ startIndex: -1 }, /startIndex must be a whole number from 0/],
    [{ maxItems: 0 }, /maxItems must be a whole number from 1/],
  ])("refuses the page %p before sending", async (page, message) => {
    await expect(crm.listCases({}, page)).rejects.toThrow(message);
    expect(portal.requests).toHaveLength(0);
  });
});

describe("searchCases", () => {
  it("is GET case/byprefix with prefix, and without a contact finds every word anywhere in the title", async () => {
    const found = await crm.searchCases("floor printer");
    expect(sent()).toMatchObject({
      method: "GET",
      path: "/api/2.0/crm/case/byprefix",
      query: { prefix: ["floor printer"] },
    });
    expect(found.map((c) => c.id)).toEqual([42, 13]);
  });

  it("with a contact: that contact's cases containing the text, case-sensitively", async () => {
    const found = await crm.searchCases("Printer", { contactId: 10 });
    expect(sent().query).toEqual({ prefix: ["Printer"], contactID: ["10"] });
    expect(found.map((c) => c.id).sort()).toEqual([12, 13]);
    await expect(crm.searchCases("printer", { contactId: 10 })).resolves.toEqual([]);
  });

  it("refuses empty text and a bad contact before sending", async () => {
    await expect(crm.searchCases("  ")).rejects.toThrow(/text must not be empty/);
    await expect(crm.searchCases(undefined as never)).rejects.toThrow(TypeError);
    await expect(crm.searchCases("x", { contactId: -1 })).rejects.toThrow(RangeError);
    expect(portal.requests).toHaveLength(0);
  });
});

describe("createCase", () => {
  it("sends a check box's boolean as the portal's pages store it, a Date as an ISO date", async () => {
    await crm.createCase({
      title: "Typed",
      customFields: { 4: true, 3: new Date("2025-06-30T00:00:00Z"), 5: "Low" },
    });
    expect(JSON.parse(portal.requests[0]!.body).customFieldList).toEqual([
      { key: 3, value: "2025-06-30T00:00:00.000Z" },
      { key: 4, value: "true" },
      { key: 5, value: "Low" },
    ]);
  });

  it("POSTs JSON with the portal's names, lists as arrays, no nulls, and resolves to the new case (201)", async () => {
    const created = await crm.createCase({
      title: "Scanner on floor 2",
      members: [7, 10],
      customFields: { 5: "High", 3: "2024-05-01" },
      isPrivate: true,
      accessList: [THIRD_USER.id],
      notify: true,
    });
    expect(sent()).toMatchObject({
      method: "POST",
      path: "/api/2.0/crm/case",
      query: {},
      type: "application/json",
      body: {
        title: "Scanner on floor 2",
        members: [7, 10],
        customFieldList: [
          { key: 3, value: "2024-05-01" },
          { key: 5, value: "High" },
        ],
        isPrivate: true,
        accessList: [THIRD_USER.id],
        isNotify: true,
      },
    });
    expect(portal.requests[0]!.body).not.toContain("null");
    expect(created).toMatchObject({
      title: "Scanner on floor 2",
      isClosed: false,
      isPrivate: true,
    });
    expect(created.members.map((m) => m.id)).toEqual([7, 10]);
    // the caller is always on a private case's list
    expect(created.accessList?.map((u) => u.id).sort()).toEqual(
      [CURRENT_USER.id, THIRD_USER.id].sort(),
    );
    await expect(crm.getCase(created.id)).resolves.toEqual(created);
    const listed = await crm.listCases({ search: "scanner" });
    expect(listed.items.map((c) => c.id)).toEqual([created.id]);
  });

  it("a minimal case: only the title is sent", async () => {
    const created = await crm.createCase({ title: "Call back" });
    expect(sent().body).toEqual({ title: "Call back" });
    expect(created.isPrivate).toBe(false);
  });

  it.each([
    [{}, TypeError, /input.title is required/],
    [{ title: "" }, RangeError, /input.title must not be empty/],
    [
      { title: "x", isPrivate: true },
      RangeError,
      /isPrivate: true needs a non-empty accessList.*public/,
    ],
    [{ title: "x", isPrivate: true, accessList: [] }, RangeError, /accessList must not be empty/],
    [
      { title: "x", accessList: [CURRENT_USER.id] },
      RangeError,
      /accessList applies only with isPrivate: true/,
    ],
    [{ title: "x", isPrivate: true, accessList: ["anna"] }, RangeError, /user ID \(a GUID\)/],
    [{ title: "x", members: [] }, RangeError, /removeCaseMember/],
    [{ title: "x", members: [7, 0] }, RangeError, /input.members\[1\]/],
    [{ title: "x", customFields: { 5: "" } }, RangeError, /setCaseField\(caseId, 5, ""\)/],
    [{ title: "x", customFields: { a: "b" } }, RangeError, /customFields key/],
    [
      { title: "x", customFields: { 5: {} } },
      TypeError,
      /customFields\[5\] must be a string, a number, a boolean or a Date, got object/,
    ],
    [
      { title: "x", customFields: { 3: new Date(NaN) } },
      RangeError,
      /customFields\[3\] must be a date/,
    ],
    [{ title: "x", notify: "yes" }, TypeError, /input.notify must be a boolean/],
    ["title", TypeError, /input must be an object/],
  ])("refuses %p before sending", async (input, type, message) => {
    const attempt = crm.createCase(input as never);
    await expect(attempt).rejects.toThrow(type);
    await expect(attempt).rejects.toThrow(message);
    expect(portal.requests).toHaveLength(0);
  });

  it("is not repeated after a 500 or a time-out: the case may exist already", async () => {
    portal.queue((_req, res) => res.writeHead(500).end("boom"));
    await expect(crm.createCase({ title: "Once" })).rejects.toBeInstanceOf(InternalServerError);
    expect(portal.requests).toHaveLength(1);
    portal.requests.length = 0;
    portal.queue(() => {}); // never answers
    await expect(crm.createCase({ title: "Once" }, { timeoutMs: 100 })).rejects.toBeInstanceOf(
      TimeoutError,
    );
    expect(portal.requests).toHaveLength(1);
  });

  it("is repeated after 429, or 503 with Retry-After: the portal refused it before it ran", async () => {
    portal.queue(
      (_req, res) => res.writeHead(503, { "Retry-After": "0" }).end(),
      (_req, res) => res.writeHead(429).end(),
    );
    await expect(crm.createCase({ title: "Twice refused" })).resolves.toMatchObject({
      title: "Twice refused",
    });
    expect(portal.requests).toHaveLength(3);
    portal.requests.length = 0;
    portal.queue((_req, res) => res.writeHead(503).end()); // no Retry-After: it may have run
    await expect(crm.createCase({ title: "x" })).rejects.toBeInstanceOf(InternalServerError);
    expect(portal.requests).toHaveLength(1);
  });
});

describe("updateCase", () => {
  it("reads the case first and sends the title and access it keeps, with the changes", async () => {
    const updated = await crm.updateCase(42, { title: "Printer on floor 3 fixed" });
    expect(portal.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      "GET /api/2.0/crm/case/42",
      "PUT /api/2.0/crm/case/42",
    ]);
    expect(sent(1)).toMatchObject({
      type: "application/json",
      body: {
        title: "Printer on floor 3 fixed",
        isPrivate: true,
        accessList: [CURRENT_USER.id, "0b1c2d3e-4f50-4617-8899-aabbccddeeff"],
      },
    });
    expect(updated).toMatchObject({ title: "Printer on floor 3 fixed", isPrivate: true });
    expect(updated.accessList).toHaveLength(2); // still private: nothing opened by omission
    expect(updated.members.map((m) => m.id)).toEqual([7, 8]); // members left out: unchanged
  });

  it("keeps the title when only access changes, and can make a case public", async () => {
    const updated = await crm.updateCase(42, { isPrivate: false });
    expect(sent(1).body).toEqual({ title: "Printer on floor 3 jams again", isPrivate: false });
    expect(updated.isPrivate).toBe(false);
    expect(updated).not.toHaveProperty("accessList");
  });

  it("replaces members and sets field values", async () => {
    const updated = await crm.updateCase(7, { members: [10], customFields: { 5: "Low" } });
    expect(sent(1).body).toEqual({
      title: "Onboarding call for Fabrikam",
      isPrivate: false,
      members: [10],
      customFieldList: [{ key: 5, value: "Low" }],
    });
    expect(updated.members.map((m) => m.id)).toEqual([10]);
    expect(updated.customFields.find((f) => f.id === 5)?.fieldValue).toBe("Low");
  });

  it("refuses what a portal would ignore or turn public, sending nothing", async () => {
    await expect(crm.updateCase(42, { members: [] })).rejects.toThrow(/removeCaseMember/);
    await expect(crm.updateCase(42, { customFields: { 5: "" } })).rejects.toThrow(/setCaseField/);
    await expect(crm.updateCase(42, { title: "" })).rejects.toThrow(RangeError);
    await expect(crm.updateCase(42, { owner: "x" } as never)).rejects.toThrow(
      /changes has no field owner/,
    );
    await expect(crm.updateCase(0, { title: "x" })).rejects.toThrow(/caseId/);
    expect(portal.requests).toHaveLength(0);
  });

  it("refuses to make a public case private without a list (after reading it, before writing)", async () => {
    await expect(crm.updateCase(7, { isPrivate: true })).rejects.toThrow(
      /needs a non-empty accessList/,
    );
    expect(portal.requests.map((r) => r.method)).toEqual(["GET"]);
  });

  it("a missing case is a NotFoundError from the read", async () => {
    await expect(crm.updateCase(404, { title: "x" })).rejects.toBeInstanceOf(NotFoundError);
    expect(portal.requests).toHaveLength(1);
  });
});

describe("deleting", () => {
  it("deleteCase is DELETE case/{id}, resolves to the case, which is then gone", async () => {
    const deleted = await crm.deleteCase(12);
    expect(sent()).toMatchObject({
      method: "DELETE",
      path: "/api/2.0/crm/case/12",
      body: undefined,
    });
    expect(deleted.id).toBe(12);
    await expect(crm.getCase(12)).rejects.toBeInstanceOf(NotFoundError);
  });

  it("deleteCase is not repeated after a 500", async () => {
    portal.queue((_req, res) => res.writeHead(502).end());
    await expect(crm.deleteCase(12)).rejects.toBeInstanceOf(InternalServerError);
    expect(portal.requests).toHaveLength(1);
  });

  it("deleteCases is PUT case with casesids, and resolves to the cases deleted", async () => {
    const deleted = await crm.deleteCases([7, 12, 99, 404]);
    expect(sent()).toMatchObject({
      method: "PUT",
      path: "/api/2.0/crm/case",
      body: { casesids: [7, 12, 99, 404] },
    });
    expect(deleted.map((c) => c.id).sort()).toEqual([12, 7]); // 99 is hidden, 404 missing
  });

  it("deleteCasesWhere sends the filter in the query and deletes what matches", async () => {
    const deleted = await crm.deleteCasesWhere({ isClosed: true, search: "printer" });
    expect(sent()).toMatchObject({
      method: "DELETE",
      path: "/api/2.0/crm/case/filter",
      query: { isClosed: ["true"], filterValue: ["printer"] },
      body: undefined,
    });
    expect(deleted.map((c) => c.id).sort()).toEqual([13, 42]);
    expect(portal.cases.has(7)).toBe(true);
  });

  it.each([
    ["an empty filter", () => crm.deleteCasesWhere({}), /filter is empty.*every case/],
    ["no filter", () => crm.deleteCasesWhere(undefined as never), /filter is empty/],
    [
      "a filter of only undefined",
      () => crm.deleteCasesWhere({ tags: undefined }),
      /filter is empty/,
    ],
    ["an empty ID list", () => crm.deleteCases([]), /^caseIds must not be empty$/],
    ["a bad ID in the list", () => crm.deleteCases([1, 1.5]), /caseIds\[1\]/],
    ["a bad ID", () => crm.deleteCase(-3), /caseId/],
  ])("refuses %s before sending", async (_name, call, message) => {
    await expect(call()).rejects.toThrow(message);
    expect(portal.requests).toHaveLength(0);
    expect(portal.cases.size).toBe(5);
  });
});

describe("access", () => {
  it("setCaseAccess sends isPrivate and accessList as JSON and resolves to the case", async () => {
    const changed = await crm.setCaseAccess(13, { isPrivate: true, accessList: [THIRD_USER.id] });
    expect(sent()).toMatchObject({
      method: "PUT",
      path: "/api/2.0/crm/case/13/access",
      type: "application/json",
      body: { isPrivate: true, accessList: [THIRD_USER.id] },
    });
    expect(changed.accessList?.map((u) => u.id)).toEqual([THIRD_USER.id, CURRENT_USER.id]);
    const open = await crm.setCaseAccess(13, { isPrivate: false });
    expect(sent(1).body).toEqual({ isPrivate: false });
    expect(open.isPrivate).toBe(false);
  });

  it("setCaseAccess is a 403 unless you created the case", async () => {
    await expect(crm.setCaseAccess(7, { isPrivate: false })).rejects.toBeInstanceOf(
      PermissionDeniedError,
    );
  });

  it("setCasesAccess sends casesid, and the portal skips the cases you did not create", async () => {
    const changed = await crm.setCasesAccess([13, 7], {
      isPrivate: true,
      accessList: [THIRD_USER.id],
    });
    expect(sent()).toMatchObject({
      method: "PUT",
      path: "/api/2.0/crm/case/access",
      body: { casesid: [13, 7], isPrivate: true, accessList: [THIRD_USER.id] },
    });
    expect(changed.map((c) => c.id)).toEqual([13]);
  });

  it("setCasesAccessWhere sends the filter in the query and the access in the body", async () => {
    const changed = await crm.setCasesAccessWhere({ tags: ["printer"] }, { isPrivate: false });
    expect(sent()).toMatchObject({
      method: "PUT",
      path: "/api/2.0/crm/case/filter/access",
      query: { tags: ["printer"] },
      body: { isPrivate: false },
    });
    expect(changed.map((c) => c.id).sort()).toEqual([13, 42]);
  });

  it.each([
    ["private with no list", () => crm.setCaseAccess(42, { isPrivate: true }), /public/],
    [
      "a missing isPrivate",
      () => crm.setCaseAccess(42, {} as never),
      /access.isPrivate is required/,
    ],
    ["an empty filter", () => crm.setCasesAccessWhere({}, { isPrivate: false }), /filter is empty/],
    ["private with no list, by IDs", () => crm.setCasesAccess([42], { isPrivate: true }), /public/],
    ["no IDs", () => crm.setCasesAccess([], { isPrivate: false }), /caseIds must not be empty/],
  ])("refuses %s before sending", async (_name, call, message) => {
    await expect(call()).rejects.toThrow(message);
    expect(portal.requests).toHaveLength(0);
  });
});

describe("members", () => {
  it("listCaseMembers resolves to full persons and companies, told apart by isCompany", async () => {
    const members = await crm.listCaseMembers(42);
    expect(sent()).toMatchObject({ method: "GET", path: "/api/2.0/crm/case/42/contact" });
    expect(members.map((m) => [m.id, m.isCompany])).toEqual([
      [7, true],
      [8, false],
    ]);
    const [company, person] = members;
    if (company?.isCompany) expect(company.companyName).toBe("Contoso Ltd");
    if (person && !person.isCompany) expect(person.firstName).toBe("Ben");
    expect(person).not.toHaveProperty("addresses"); // the list form leaves out an empty list
    await expect(crm.listCaseMembers(404)).resolves.toEqual([]); // no check on the case
  });

  it("addCaseMember POSTs contactid and resolves to the contact (201); removeCaseMember undoes it", async () => {
    const added = await crm.addCaseMember(7, 10);
    expect(sent()).toMatchObject({
      method: "POST",
      path: "/api/2.0/crm/case/7/contact",
      body: { contactid: 10 },
      type: "application/json",
    });
    expect(added).toMatchObject({ id: 10, isCompany: false, addresses: [] }); // the single form
    expect((await crm.getCase(7)).members.map((m) => m.id)).toEqual([10]);
    const removed = await crm.removeCaseMember(7, 10);
    expect(sent(2)).toMatchObject({
      method: "DELETE",
      path: "/api/2.0/crm/case/7/contact/10",
      body: undefined,
    });
    expect(removed.id).toBe(10);
    expect((await crm.getCase(7)).members).toEqual([]);
  });

  it("a hidden contact or case is a NotFoundError", async () => {
    await expect(crm.addCaseMember(7, 11)).rejects.toBeInstanceOf(NotFoundError);
    await expect(crm.addCaseMember(99, 10)).rejects.toBeInstanceOf(NotFoundError);
  });

  it("adding is retried after a 5xx: the portal writes the link with insert-or-replace", async () => {
    portal.queue((_req, res) => res.writeHead(502).end());
    await expect(crm.addCaseMember(7, 10)).resolves.toMatchObject({ id: 10 });
    expect(portal.requests).toHaveLength(2);
  });

  it("refuses bad IDs before sending", async () => {
    await expect(crm.addCaseMember(7, 0)).rejects.toThrow(/contactId/);
    await expect(crm.removeCaseMember(0, 7)).rejects.toThrow(/caseId/);
    await expect(crm.listCaseMembers("7" as never)).rejects.toThrow(TypeError);
    expect(portal.requests).toHaveLength(0);
  });
});

describe("every request", () => {
  it("sends the token, asks for JSON and sends no cookie", async () => {
    await crm.listCases();
    await crm.createCase({ title: "x" });
    for (const request of portal.requests) {
      expect(request.headers.authorization).toBe(portal.token);
      expect(request.headers.accept).toBe("application/json");
      expect(request.headers.cookie).toBeUndefined();
    }
  });
});
