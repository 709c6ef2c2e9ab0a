// crm.batch over real HTTP against the fake portal, which serves POST /api/2.0/batch as the
// server does (ApiBatchHttpHandler.cs): results shaped like Promise.allSettled, values and
// errors as the methods alone give them, inputs checked first, chunks, retry rules.
import {
  cases,
  createCrmClient,
  createCrmClientFor,
  InternalServerError,
  NotFoundError,
  withBatch,
  type Case,
} from "../src";
import { portalJson, startFakePortal, type FakePortal } from "../src/testing";

let portal: FakePortal;
beforeEach(async () => {
  portal = await startFakePortal();
});
afterEach(() => portal.close());

const client = (more = {}) =>
  createCrmClient({
    baseUrl: portal.url,
    token: portal.token,
    retryDelay: { baseMs: 1, maxMs: 1 },
    ...more,
  });
const sentItems = (i = 0) =>
  JSON.parse(new URLSearchParams(portal.requests[i]!.body).get("batch")!) as Record<
    string,
    unknown
  >[];

describe("batch", () => {
  it("one request; a mix of successes and failures, each as the method alone gives it", async () => {
    const crm = client();
    const results = await crm.batch((b) => [
      b.closeCase(42),
      b.addCaseTag(42, "vip"),
      b.getContact(10),
      b.getCase(4242),
    ]);
    expect(portal.requests.map((r) => `${r.method} ${r.url}`)).toEqual(["POST /api/2.0/batch"]);
    expect(portal.requests[0]!.headers["content-type"]).toMatch(/x-www-form-urlencoded/);
    expect(sentItems()).toEqual([
      { relativeUrl: "/api/2.0/crm/case/42/close", method: "PUT", name: "0", order: 0 },
      {
        relativeUrl: "/api/2.0/crm/case/42/tag",
        method: "POST",
        body: JSON.stringify({ tagName: "vip" }),
        bodyContentType: "application/json; charset=utf-8",
        name: "1",
        order: 1,
      },
      { relativeUrl: "/api/2.0/crm/contact/10", method: "GET", name: "2", order: 2 },
      { relativeUrl: "/api/2.0/crm/case/4242", method: "GET", name: "3", order: 3 },
    ]);
    const [closed, tagged, contact, missing] = results;
    expect(closed).toMatchObject({ status: "fulfilled", value: { id: 42, isClosed: true } });
    expect(tagged).toEqual({ status: "fulfilled", value: await crm.addCaseTag(42, "vip") });
    expect(contact).toEqual({ status: "fulfilled", value: await crm.getContact(10) });
    expect(missing.status).toBe("rejected");
    const reason = (missing as PromiseRejectedResult).reason as NotFoundError;
    expect(reason).toBeInstanceOf(NotFoundError);
    expect(reason.message).toBe("getCase(4242): HTTP 404: the case was not found");
    expect(portal.cases.get(42)!.isClosed).toBe(true); // it ran
  });

  it("splits into chunks, each one request, in order", async () => {
    const crm = client();
    const ids = [42, 13, 7, 42, 13, 7, 42];
    const results = await crm.batch((b) => ids.map((id) => b.getCase(id)), { chunkSize: 3 });
    expect(portal.requests).toHaveLength(3);
    expect([0, 1, 2].map((i) => sentItems(i).length)).toEqual([3, 3, 1]);
    expect(results.map((r) => r.status === "fulfilled" && (r.value as Case).id)).toEqual(ids);
  });

  it("one bad input: nothing is sent, the batch rejects", async () => {
    const crm = client();
    await expect(crm.batch((b) => [b.closeCase(42), b.getCase(0)])).rejects.toThrow(/caseId/);
    await expect(crm.batch((b) => [b.addCaseTag(42, "")])).rejects.toThrow();
    await expect(crm.batch((b) => [b.getCase(42)], { chunkSize: 0 })).rejects.toThrow(/chunkSize/);
    expect(portal.requests).toHaveLength(0);
  });

  it("paged and read-first methods are refused with a clear message", async () => {
    const crm = client();
    await expect(crm.batch((b) => [b.listCases() as never])).rejects.toThrow(
      "batch: listCases reads page by page: call it outside a batch",
    );
    await expect(crm.batch((b) => [b.updateCase(42, { title: "x" })])).rejects.toThrow(
      /updateCase reads before it writes/,
    );
    expect(portal.requests).toHaveLength(0);
  });

  it("an empty batch sends nothing", async () => {
    await expect(client().batch(() => [])).resolves.toEqual([]);
    expect(portal.requests).toHaveLength(0);
  });

  it("a chunk with a call that must not be repeated: not retried after a 503", async () => {
    const crm = client();
    portal.queue((_req, res) => void res.writeHead(503).end("busy"));
    const results = await crm.batch((b) => [b.createCase({ title: "Once" }), b.getCase(42)]);
    expect(portal.requests).toHaveLength(1);
    for (const result of results) {
      expect((result as PromiseRejectedResult).reason).toBeInstanceOf(InternalServerError);
    }
    expect([...portal.cases.values()].some((c) => c.title === "Once")).toBe(false);
  });

  it("…but retried when the portal refused it before it ran (503 with Retry-After)", async () => {
    const crm = client();
    portal.queue((_req, res) => void res.writeHead(503, { "Retry-After": "0" }).end());
    const [created] = await crm.batch((b) => [b.createCase({ title: "Once" })]);
    expect(created).toMatchObject({ status: "fulfilled", value: { title: "Once" } });
    expect(portal.requests).toHaveLength(2);
  });

  it("a chunk of idempotent calls is retried after a 502", async () => {
    const crm = client();
    portal.queue((_req, res) => void res.writeHead(502).end("bad gateway"));
    const [closed] = await crm.batch((b) => [b.closeCase(42)]);
    expect(closed.status).toBe("fulfilled");
    expect(portal.requests).toHaveLength(2);
  });

  it("withBatch adds it to a client of some parts", async () => {
    const crm = withBatch(
      createCrmClientFor([cases], { baseUrl: portal.url, token: portal.token }),
    );
    const [reopened] = await crm.batch((b) => [b.reopenCase(42)]);
    expect(reopened).toMatchObject({ status: "fulfilled", value: { id: 42, isClosed: false } });
  });

  it("types: each result is typed by its call", async () => {
    const [c, tag] = await client().batch((b) => [b.getCase(42), b.addCaseTag(42, "vip")]);
    if (c.status === "fulfilled") {
      const title: string = c.value.title;
      // @ts-expect-error a Case has no tagName
      void c.value.tagName;
      void title;
    }
    if (tag.status === "fulfilled") {
      const name: string = tag.value;
      void name;
    }
    // @ts-expect-error b has only the client's methods
    await expect(client().batch((b) => [b.nothing(1)])).rejects.toThrow();
  });
});

describe("the fake portal's /api/2.0/batch", () => {
  const post = (body: string, type = "application/x-www-form-urlencoded", token = portal.token) =>
    fetch(`${portal.url}/api/2.0/batch`, {
      method: "POST",
      headers: { Authorization: token, "Content-Type": type },
      body,
    });

  it("no batch: 200 with the error `no batch specified`", async () => {
    const response = await post("");
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      status: 1,
      error: { message: "no batch specified" },
    });
  });

  it("needs the token; an unknown route answers null; items run in `order`", async () => {
    expect((await post("batch=[]", undefined, "wrong")).status).toBe(401);
    const batch = JSON.stringify([
      { relativeUrl: "api/2.0/crm/case/42", name: "b", order: 2 },
      { relativeUrl: "/api/2.0/crm/nothing/here", name: "a", order: 1 },
      { relativeUrl: "/api/2.0/crm/case/42/close", method: "PUT", name: "c", order: 0 },
    ]);
    const answer = await (await post(new URLSearchParams({ batch }).toString())).json();
    expect(answer.response[0]).toMatchObject({ name: "c", status: 200 });
    expect(answer.response[1]).toBeNull();
    expect(JSON.parse(answer.response[2].data).response).toMatchObject({ id: 42, isClosed: true });
    void portalJson;
  });
});
