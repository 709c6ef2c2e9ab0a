// listCaseTags, addCaseTag, removeCaseTag and listAllCaseTags against the fake portal over real
// HTTP: the routes with the entity type `case` as a path segment, the portal's shared state.
import {
  caseTags,
  createCrmClient,
  createCrmClientFor,
  NotFoundError,
  PermissionDeniedError,
  tags,
  type CrmClient,
} from "../src";
import { startFakePortal, type FakePortal } from "../src/testing";
import { ALL_AREAS } from "../src/client";
import { METHODS } from "../generated/operations";
import type { Area } from "../src/core/shapes";

let portal: FakePortal;
let crm: CrmClient;

beforeEach(async () => {
  portal = await startFakePortal();
  crm = createCrmClient({ baseUrl: portal.url, token: portal.token, retryDelay: { baseMs: 1 } });
});
afterEach(() => portal.close());

function sent(index = 0) {
  const request = portal.requests[index]!;
  return {
    method: request.method,
    url: request.url,
    body: request.body,
    type: request.headers["content-type"],
  };
}

const count = async (title: string) =>
  (await crm.listAllCaseTags()).find((tag) => tag.title === title)?.relativeItemsCount;

describe("listCaseTags", () => {
  it("is GET case/tag/{id} and resolves to the tag names", async () => {
    expect(await crm.listCaseTags(42)).toEqual(["printer", "hardware"]);
    expect(sent()).toEqual({
      method: "GET",
      url: "/api/2.0/crm/case/tag/42",
      body: "",
      type: undefined,
    });
    expect(await crm.listCaseTags(7)).toEqual([]);
  });

  it("404 for a missing case and for one the user may not see", async () => {
    await expect(crm.listCaseTags(404404)).rejects.toBeInstanceOf(NotFoundError);
    await expect(crm.listCaseTags(99)).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe("addCaseTag", () => {
  it("is POST case/{id}/tag with a JSON body, and resolves to the tag", async () => {
    await expect(crm.addCaseTag(7, "onboarding")).resolves.toBe("onboarding");
    expect(sent()).toEqual({
      method: "POST",
      url: "/api/2.0/crm/case/7/tag",
      body: '{"tagName":"onboarding"}',
      type: "application/json",
    });
    expect(await crm.listCaseTags(7)).toEqual(["onboarding"]);
    expect(await count("onboarding")).toBe(1);
  });

  it("answers the name as sent, but reuses a tag of another letter case, trimmed", async () => {
    await expect(crm.addCaseTag(7, "  Printer ")).resolves.toBe("  Printer ");
    expect(await crm.listCaseTags(7)).toEqual(["printer"]);
    expect(await count("printer")).toBe(3);
    expect((await crm.listAllCaseTags()).map((tag) => tag.title)).not.toContain("Printer");
  });

  it("a tag the case has is fine, and links it once", async () => {
    await crm.addCaseTag(42, "printer");
    expect(await crm.listCaseTags(42)).toEqual(["printer", "hardware"]);
  });

  it("shares state with the cases: a tagged case is found by listCases' tags", async () => {
    const created = await crm.createCase({ title: "Scanner offline" });
    await crm.addCaseTag(created.id, "scanner");
    const page = await crm.listCases({ tags: ["scanner"] });
    expect(page.items.map((c) => c.id)).toEqual([created.id]);
  });

  it("404 for a missing or hidden case, and nothing is tagged", async () => {
    await expect(crm.addCaseTag(99, "x")).rejects.toBeInstanceOf(NotFoundError);
    expect(await count("x")).toBeUndefined();
  });

  it("is not retried after a 503 without Retry-After (it may have run)", async () => {
    portal.queue((_req, res) => res.writeHead(503).end("busy"));
    await expect(crm.addCaseTag(7, "urgent")).rejects.toMatchObject({ status: 503 });
    expect(portal.requests).toHaveLength(1);
  });

  it("is retried after a 429 (refused before it ran)", async () => {
    portal.queue((_req, res) => res.writeHead(429, { "Retry-After": "0" }).end());
    await expect(crm.addCaseTag(7, "urgent")).resolves.toBe("urgent");
    expect(portal.requests).toHaveLength(2);
  });
});

describe("removeCaseTag", () => {
  it("is DELETE case/{id}/tag with the name in the query, and resolves to it", async () => {
    await expect(crm.removeCaseTag(42, "PRINTER")).resolves.toBe("PRINTER");
    expect(sent()).toEqual({
      method: "DELETE",
      url: "/api/2.0/crm/case/42/tag?tagName=PRINTER",
      body: "",
      type: undefined,
    });
    expect(await crm.listCaseTags(42)).toEqual(["hardware"]);
    expect(await count("printer")).toBe(1);
  });

  it("a tag the case lacks is fine; a tag no case has ever had is a 404", async () => {
    await expect(crm.removeCaseTag(7, "printer")).resolves.toBe("printer");
    expect(await count("printer")).toBe(2);
    await expect(crm.removeCaseTag(7, "never-used")).rejects.toMatchObject({
      constructor: NotFoundError,
      portalMessage: "Not found",
    });
  });

  it("the tag stays, with no count, when its last case loses it", async () => {
    await crm.removeCaseTag(42, "hardware");
    expect(await crm.listAllCaseTags()).toEqual([
      { title: "hardware" },
      { title: "printer", relativeItemsCount: 2 },
    ]);
  });

  it("is retried after a 503 (safe to repeat)", async () => {
    portal.queue((_req, res) => res.writeHead(503).end("busy"));
    await expect(crm.removeCaseTag(42, "hardware")).resolves.toBe("hardware");
    expect(portal.requests).toHaveLength(2);
  });
});

describe("listAllCaseTags", () => {
  it("is GET case/tag: every case tag by name, ignoring letter case, with its count", async () => {
    await crm.addCaseTag(7, "Alpha");
    expect(await crm.listAllCaseTags()).toEqual([
      { title: "Alpha", relativeItemsCount: 1 },
      { title: "hardware", relativeItemsCount: 1 },
      { title: "printer", relativeItemsCount: 2 },
    ]);
    expect(sent(1)).toEqual({
      method: "GET",
      url: "/api/2.0/crm/case/tag",
      body: "",
      type: undefined,
    });
  });

  it("counts cases the user may not see", async () => {
    await portal.close(); // 99 is private to another user

    portal = await startFakePortal({ caseTags: { 99: ["salary"], 42: ["printer"] } });
    crm = createCrmClient({ baseUrl: portal.url, token: portal.token });
    expect(await count("salary")).toBe(1);
    await expect(crm.listCaseTags(99)).rejects.toBeInstanceOf(NotFoundError);
  });

  it("a deleted case takes its tags with it; the tags themselves stay", async () => {
    await crm.deleteCase(42);
    expect(await crm.listAllCaseTags()).toEqual([
      { title: "hardware" },
      { title: "printer", relativeItemsCount: 1 },
    ]);
  });
});

describe("refusals send nothing", () => {
  it.each([
    ["listCaseTags", [0]],
    ["listCaseTags", ["42"]],
    ["addCaseTag", [-1, "x"]],
    ["addCaseTag", [42, ""]],
    ["addCaseTag", [42, "   "]],
    ["addCaseTag", [42, "two\nlines"]],
    ["addCaseTag", [42, "x".repeat(256)]],
    ["addCaseTag", [42, 7]],
    ["removeCaseTag", [1.5, "x"]],
    ["removeCaseTag", [42, "a\r"]],
    ["removeCaseTag", [42, null]],
  ] as const)("%s(%j)", async (method, args) => {
    const call = (crm[method] as (...a: unknown[]) => Promise<unknown>)(...args);
    await expect(call).rejects.toThrow(/^(caseId|tag) must/);
    expect(portal.requests).toHaveLength(0);
  });

  it("a tag of 255 characters is fine", async () => {
    await expect(crm.addCaseTag(7, "x".repeat(255))).resolves.toHaveLength(255);
  });
});

// Tags of every kind of record, and the portal's tag lists.
const bodyOf = (index: number) => JSON.parse(portal.requests[index]!.body || "null");
const urlOf = (index: number) => {
  const { method, url } = portal.requests[index]!;
  return `${method} ${url}`;
};

describe("contact and deal tags", () => {
  it("addContactTag, listContactTags and removeContactTag", async () => {
    await expect(crm.addContactTag(10, "vip")).resolves.toBe("vip");
    expect(urlOf(0)).toBe("POST /api/2.0/crm/contact/10/tag");
    expect(bodyOf(0)).toEqual({ tagName: "vip" });
    expect(await crm.listContactTags(10)).toEqual(["vip"]);
    expect(urlOf(1)).toBe("GET /api/2.0/crm/contact/10/tag");
    await expect(crm.removeContactTag(10, "vip")).resolves.toBe("vip");
    expect(urlOf(2)).toBe("DELETE /api/2.0/crm/contact/10/tag?tagName=vip");
    expect(await crm.listContactTags(10)).toEqual([]);
    await expect(crm.listContactTags(11)).rejects.toBeInstanceOf(NotFoundError);
  });

  it("addDealTag, listDealTags and removeDealTag bind opportunity", async () => {
    await crm.addDealTag(22, "renewal");
    expect(urlOf(0)).toBe("POST /api/2.0/crm/opportunity/22/tag");
    expect(await crm.listDealTags(22)).toEqual(["renewal"]);
    expect(urlOf(1)).toBe("GET /api/2.0/crm/opportunity/tag/22");
    await crm.removeDealTag(22, "renewal");
    expect(urlOf(2)).toBe("DELETE /api/2.0/crm/opportunity/22/tag?tagName=renewal");
    expect(await crm.listDealTags(22)).toEqual([]);
    await expect(crm.addDealTag(24, "x")).rejects.toBeInstanceOf(NotFoundError); // hidden deal
    // Shared state: a tagged deal is found by listDeals' tags.
    await crm.addDealTag(23, "hardware");
    expect((await crm.listDeals({ tags: ["hardware"] })).items.map((d) => d.id)).toEqual([23]);
  });

  it("addCompanyTagWithPeople tags the company and its people; remove takes it off them all", async () => {
    await expect(crm.addCompanyTagWithPeople(9, "partner")).resolves.toBe("partner");
    expect(urlOf(0)).toBe("POST /api/2.0/crm/company/9/tag/group");
    expect(await crm.listContactTags(9)).toEqual(["partner"]);
    expect(await crm.listContactTags(10)).toEqual(["partner"]);
    await crm.removeCompanyTagWithPeople(9, "partner");
    expect(urlOf(3)).toBe("DELETE /api/2.0/crm/company/9/tag/group?tagName=partner");
    expect(await crm.listContactTags(10)).toEqual([]);
  });
});

describe("the portal's tags", () => {
  it("listAllTags takes the user's word for the entity", async () => {
    expect(await crm.listAllTags("deal")).toEqual([{ title: "printer", relativeItemsCount: 1 }]);
    expect(urlOf(0)).toBe("GET /api/2.0/crm/opportunity/tag");
    await expect(crm.listAllTags("opportunity" as "deal")).rejects.toThrow(
      "entity must be one of contact, deal, case",
    );
    expect(portal.requests).toHaveLength(1);
  });

  it("createTag creates a new tag, and an existing one is not an error and not sent", async () => {
    await expect(crm.createTag("deal", "q4")).resolves.toBe("q4");
    expect([urlOf(0), urlOf(1)]).toEqual([
      "GET /api/2.0/crm/opportunity/tag",
      "POST /api/2.0/crm/opportunity/tag",
    ]);
    expect(bodyOf(1)).toEqual({ tagName: "q4" });
    expect(await crm.listAllTags("deal")).toContainEqual({ title: "q4" });
    await expect(crm.createTag("deal", " Q4 ")).resolves.toBe("q4");
    expect(portal.requests.filter((r) => r.method === "POST")).toHaveLength(1);
    await expect(crm.createTag("deal", "two\nlines")).rejects.toThrow(RangeError);
    await expect(crm.createTag("company" as "deal", "x")).rejects.toThrow(RangeError);
    expect(portal.requests).toHaveLength(4);
  });

  it("deleteTagEverywhere removes the tag from every record of the kind, hidden ones too", async () => {
    await portal.close();
    portal = await startFakePortal({ caseTags: { 99: ["printer"], 42: ["printer"] } });
    crm = createCrmClient({ baseUrl: portal.url, token: portal.token });
    await expect(crm.deleteTagEverywhere("case", "PRINTER")).resolves.toBe("PRINTER");
    expect(urlOf(0)).toBe("DELETE /api/2.0/crm/case/tag?tagName=PRINTER");
    expect(await crm.listAllCaseTags()).toEqual([]);
    expect(await crm.listCaseTags(42)).toEqual([]);
    await expect(crm.deleteTagEverywhere("case", "printer")).rejects.toBeInstanceOf(NotFoundError);
  });

  it("deleteUnusedTags is admin-only", async () => {
    await expect(crm.deleteUnusedTags("contact")).rejects.toMatchObject({
      name: "PermissionDeniedError",
      portalMessage: "Access Denied",
    });
    expect(urlOf(0)).toBe("DELETE /api/2.0/crm/contact/tag/unused");
  });

  it("deleteUnusedTags, by an admin, deletes the tags no record carries and answers their names", async () => {
    const admin = await startFakePortal({ admin: true });
    try {
      const crmA = createCrmClient({ baseUrl: admin.url, token: admin.token });
      await crmA.createTag("deal", "spare");
      await expect(crmA.deleteUnusedTags("deal")).resolves.toEqual(["spare"]);
      expect((await crmA.listAllTags("deal")).map((t) => t.title)).toEqual(["printer"]);
    } finally {
      await admin.close();
    }
  });
});

describe("tagging many records", () => {
  it("tagMany is POST {entityType}/taglist with the IDs", async () => {
    await expect(crm.tagMany("case", [7, 42], "batch")).resolves.toBe("batch");
    expect(urlOf(0)).toBe("POST /api/2.0/crm/case/taglist");
    expect(bodyOf(0)).toEqual({ entityid: [7, 42], tagName: "batch" });
    expect(await count("batch")).toBe(2);
    await expect(crm.tagMany("case", [], "x")).rejects.toThrow(RangeError);
    expect(portal.requests).toHaveLength(2);
  });

  it("tagMany is not atomic: a hidden record stops it after the ones before", async () => {
    await expect(crm.tagMany("case", [7, 99, 42], "half")).rejects.toBeInstanceOf(NotFoundError);
    expect(await crm.listCaseTags(7)).toEqual(["half"]);
    expect(await crm.listCaseTags(42)).not.toContain("half");
  });

  it("tagContactsWhere sends any status and type unless named, the filter in the query", async () => {
    await crm.tagContactsWhere({ kind: "person" }, "people");
    expect(urlOf(0)).toBe(
      "POST /api/2.0/crm/contact/filter/taglist?contactListView=2&contactStage=-1&contactType=-1",
    );
    expect(bodyOf(0)).toEqual({ tagName: "people" });
    expect(await crm.listContactTags(10)).toEqual(["people"]);
    expect(await crm.listContactTags(7)).toEqual([]); // a company
    await crm.tagContactsWhere({ kind: "company", statusId: 5 }, "x");
    expect(urlOf(3)).toBe(
      "POST /api/2.0/crm/contact/filter/taglist?contactStage=5&contactListView=1&contactType=-1",
    );
  });

  it("tagContactsWhere: `until` is inclusive as given, and either date alone filters", async () => {
    const created = { from: "2023-06-01T00:00:00Z", until: "2023-09-14T00:00:00Z" };
    await crm.tagContactsWhere(created, "early");
    // A portal takes toDate + 1 day − 1 minute: sent less that.
    const query = new URL(portal.requests[0]!.url, "http://x").searchParams;
    expect(query.get("toDate")).toBe("2023-09-13T00:01:00.000Z");
    expect(await crm.listContactTags(7)).toEqual(["early"]); // created 2023-06-01
    expect(await crm.listContactTags(8)).toEqual([]); // created 2023-09-14 08:30Z, after `until`
    await crm.tagContactsWhere({ from: "2023-10-01T00:00:00Z" }, "new");
    expect(await crm.listContactTags(10)).toEqual(["new"]); // created 2023-10-02
    expect(await crm.listContactTags(8)).toEqual([]);
  });

  it("tagContactsWhere: statusId 0 tags the contacts without a status, as listContacts takes it", async () => {
    const none = (await crm.listContacts({ statusId: 0 })).items.map((c) => c.id);
    expect(none.length).toBeGreaterThan(0);
    await crm.tagContactsWhere({ statusId: 0 }, "unsorted");
    expect(urlOf(1)).toBe("POST /api/2.0/crm/contact/filter/taglist?contactStage=0&contactType=-1");
    for (const id of none) expect(await crm.listContactTags(id)).toContain("unsorted");
    await expect(crm.tagContactsWhere({ statusId: -1 }, "x")).rejects.toThrow(RangeError);
  });

  it("tagDealsWhere and tagCasesWhere use their filters", async () => {
    await crm.tagDealsWhere({ stageType: "open" }, "pipeline");
    expect(urlOf(0)).toBe("POST /api/2.0/crm/opportunity/filter/taglist?stageType=0");
    expect(await crm.listAllTags("deal")).toContainEqual({
      title: "pipeline",
      relativeItemsCount: 2,
    });
    await crm.tagCasesWhere({ isClosed: false, search: "printer" }, "jam");
    expect(urlOf(2)).toBe(
      "POST /api/2.0/crm/case/filter/taglist?isClosed=false&filterValue=printer",
    );
    expect(bodyOf(2)).toEqual({ tagName: "jam" });
  });

  it("refuses an empty filter, a lone date and a bad tag, sending nothing", async () => {
    await expect(crm.tagContactsWhere({}, "x")).rejects.toThrow(/filter is empty/);
    await expect(crm.tagDealsWhere({}, "x")).rejects.toThrow(/filter is empty/);
    await expect(crm.tagCasesWhere({}, "x")).rejects.toThrow(/filter is empty/);
    await expect(crm.tagDealsWhere({ from: new Date() }, "x")).rejects.toThrow(/both from/);
    await expect(crm.tagCasesWhere({ isClosed: true }, "a\nb")).rejects.toThrow(RangeError);
    expect(portal.requests).toHaveLength(0);
  });
});

describe("the tags rules, closed", () => {
  it("tagContactsWhere: a named type is sent, the status stays any", async () => {
    await crm.tagContactsWhere({ typeId: 40 }, "clients");
    expect(urlOf(0)).toBe(
      "POST /api/2.0/crm/contact/filter/taglist?contactType=40&contactStage=-1",
    );
  });

  it("deleteTagEverywhere is the only method that reaches DELETE {entityType}/tag", () => {
    const reaching: string[] = [];
    for (const area of ALL_AREAS as readonly Area[]) {
      for (const method of Object.keys(area.lines)) {
        const [path, flags] = area.operations[area.of?.[method] ?? method]!;
        if (METHODS[flags >> 3] === "DELETE" && path === "crm/{entityType}/tag")
          reaching.push(method);
      }
    }
    expect(reaching).toEqual(["deleteTagEverywhere"]);
  });
});

describe("caseTags is still published", () => {
  it("is the tags area under its first name", async () => {
    expect(caseTags).toBe(tags);
    const only = createCrmClientFor([caseTags], { baseUrl: portal.url, token: portal.token });
    expect(await only.listCaseTags(42)).toEqual(["printer", "hardware"]);
  });
});
