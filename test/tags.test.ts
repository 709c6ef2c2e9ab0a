// listCaseTags, addCaseTag, removeCaseTag and listAllCaseTags against the fake portal over real
// HTTP: the routes with the entity type `case` as a path segment, the portal's shared state.
import { createCrmClient, NotFoundError, type CrmClient } from "../src";
import { startFakePortal, type FakePortal } from "../src/testing";

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
