// getCase and closeCase: the same guards, pipeline and errors as reopenCase.
import {
  AuthenticationError,
  createCrmClient,
  InvalidResponseError,
  NotFoundError,
  PermissionDeniedError,
  type CrmClient,
} from "../src";
import { startFakePortal, type FakePortal } from "../src/testing";

let portal: FakePortal;
let crm: CrmClient;

beforeEach(async () => {
  portal = await startFakePortal();
  crm = createCrmClient({ baseUrl: portal.url, token: portal.token });
});
afterEach(() => portal.close());

describe("getCase", () => {
  it("is GET /api/2.0/crm/case/{id} with the token, and resolves to the case", async () => {
    const c = await crm.getCase(42);
    expect(c).toMatchObject({ id: 42, isClosed: true, isPrivate: true });
    expect(c.createBy.profileUrl).toBe(
      "https://portal.example.com/Products/People/Profile.aspx?user=anna.obrien",
    );
    const [request] = portal.requests;
    expect(request).toMatchObject({ method: "GET", url: "/api/2.0/crm/case/42", body: "" });
    expect(request?.headers.authorization).toBe(portal.token);
    expect(portal.cases.get(42)?.isClosed).toBe(true); // changes nothing
  });

  it("404 for a missing case", async () => {
    await expect(crm.getCase(404404)).rejects.toMatchObject({
      constructor: NotFoundError,
      status: 404,
      portalMessage: "Not found",
    });
  });

  it("404, not 403, for a private case the user is not on (the portal hides it)", async () => {
    await expect(crm.getCase(99)).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe("closeCase", () => {
  it("is PUT /api/2.0/crm/case/{id}/close with no body, and resolves to the closed case", async () => {
    const c = await crm.closeCase(7);
    expect(c).toMatchObject({ id: 7, isClosed: true });
    expect(portal.requests[0]).toMatchObject({
      method: "PUT",
      url: "/api/2.0/crm/case/7/close",
      body: "",
    });
    expect(portal.cases.get(7)?.isClosed).toBe(true);
  });

  it("is idempotent: closing a closed case resolves to it", async () => {
    await expect(crm.closeCase(42)).resolves.toMatchObject({ id: 42, isClosed: true });
  });

  it("mirrors reopen", async () => {
    expect((await crm.closeCase(7)).isClosed).toBe(true);
    expect((await crm.reopenCase(7)).isClosed).toBe(false);
    expect((await crm.getCase(7)).isClosed).toBe(false);
  });

  it("403 on a private case the user is not on, 404 on a missing one", async () => {
    await expect(crm.closeCase(99)).rejects.toMatchObject({
      constructor: PermissionDeniedError,
      portalMessage: "Access Denied",
    });
    await expect(crm.closeCase(404404)).rejects.toBeInstanceOf(NotFoundError);
    expect(portal.cases.get(99)?.isClosed).toBe(true);
  });
});

describe.each(["getCase", "closeCase"] as const)("%s shares reopenCase's path", (operation) => {
  it.each([0, -1, 1.5, 2 ** 31, Number.NaN])("rejects the ID %p before sending", async (id) => {
    await expect(crm[operation](id)).rejects.toThrow(RangeError);
    expect(portal.requests).toHaveLength(0);
  });

  it("rejects a string ID before sending", async () => {
    await expect(crm[operation]("42" as unknown as number)).rejects.toThrow(TypeError);
    expect(portal.requests).toHaveLength(0);
  });

  it("401 is an AuthenticationError that never shows the token", async () => {
    const wrong = createCrmClient({ baseUrl: portal.url, token: "WRONG-TOKEN-123" });
    const error = await wrong[operation](42).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(String(error)).not.toContain("WRONG-TOKEN-123");
  });

  it("retries a 503 like reopenCase, then resolves to the checked case", async () => {
    const quick = createCrmClient({
      baseUrl: portal.url,
      token: portal.token,
      retryDelay: { baseMs: 1 },
    });
    portal.queue((_req, res) => res.writeHead(503).end("busy"));
    await expect(quick[operation](42)).resolves.toMatchObject({ id: 42 });
    expect(portal.requests).toHaveLength(2);
  });

  it("checks the answer against the spec", async () => {
    portal.queue((_req, res) =>
      res
        .writeHead(200)
        .end(JSON.stringify({ status: 0, statusCode: 200, response: { id: "42" } })),
    );
    await expect(crm[operation](42)).rejects.toMatchObject({
      constructor: InvalidResponseError,
      path: expect.stringMatching(/^response/),
    });
  });

  it("honours an aborted signal", async () => {
    const controller = new AbortController();
    controller.abort(new Error("stop"));
    await expect(crm[operation](42, { signal: controller.signal })).rejects.toThrow("stop");
  });
});
