// reopenCase against a real HTTP server on 127.0.0.1 that answers the way a portal does.
import {
  ApiError,
  AuthenticationError,
  createCrmClient,
  createRawClient,
  CustomFieldType,
  InvalidResponseError,
  NotFoundError,
  PermissionDeniedError,
  ShareType,
  BadRequestError,
  type CrmClient,
} from "../src";
import { startFakePortal, portalJson, type FakePortal } from "../src/testing";

let portal: FakePortal;
let crm: CrmClient;

beforeEach(async () => {
  portal = await startFakePortal();
  crm = createCrmClient({ baseUrl: portal.url, token: portal.token });
});
afterEach(() => portal.close());

describe("the request", () => {
  it("is PUT /api/2.0/crm/case/{id}/reopen with the raw token and no body", async () => {
    await crm.reopenCase(42);
    expect(portal.requests).toHaveLength(1);
    const [request] = portal.requests;
    expect(request?.method).toBe("PUT");
    expect(request?.url).toBe("/api/2.0/crm/case/42/reopen");
    expect(request?.headers.authorization).toBe(portal.token);
    expect(request?.headers.accept).toBe("application/json");
    expect(request?.body).toBe("");
    expect(request?.headers["content-type"]).toBeUndefined();
    expect(request?.headers["content-length"] ?? "0").toBe("0");
  });

  it("asks a token function before every request (rotation)", async () => {
    let calls = 0;
    const rotating = createCrmClient({
      baseUrl: portal.url,
      token: async () => (++calls, portal.token),
    });
    await rotating.reopenCase(42);
    await rotating.reopenCase(7);
    expect(calls).toBe(2);
    expect(portal.requests.map((r) => r.headers.authorization)).toEqual([
      portal.token,
      portal.token,
    ]);
  });

  it("sends extra headers and goes through a custom fetch", async () => {
    const seen: string[] = [];
    const custom = createCrmClient({
      baseUrl: portal.url,
      token: portal.token,
      headers: { "X-Request-Source": "sync-job" },
      fetch: (request) => {
        seen.push(`${request.method} ${new URL(request.url).pathname}`);
        return fetch(request);
      },
    });
    await custom.reopenCase(7);
    expect(seen).toEqual(["PUT /api/2.0/crm/case/7/reopen"]);
    expect(portal.requests[0]?.headers["x-request-source"]).toBe("sync-job");
  });

  it("keeps a base URL's path prefix (a portal behind a proxy path)", async () => {
    const prefixed = createCrmClient({ baseUrl: `${portal.url}/onlyoffice/`, token: portal.token });
    await expect(prefixed.reopenCase(42)).rejects.toBeInstanceOf(ApiError);
    expect(portal.requests[0]?.url).toBe("/onlyoffice/api/2.0/crm/case/42/reopen");
  });

  it("reads ONLYOFFICE_URL and ONLYOFFICE_TOKEN when options are left out", async () => {
    const saved = { url: process.env.ONLYOFFICE_URL, token: process.env.ONLYOFFICE_TOKEN };
    process.env.ONLYOFFICE_URL = portal.url;
    process.env.ONLYOFFICE_TOKEN = portal.token;
    try {
      await expect(createCrmClient().reopenCase(42)).resolves.toMatchObject({ id: 42 });
    } finally {
      for (const [key, value] of [
        ["ONLYOFFICE_URL", saved.url],
        ["ONLYOFFICE_TOKEN", saved.token],
      ] as const) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    }
  });
});

describe("the answer", () => {
  it("resolves to the Case from the envelope, as the wire has it", async () => {
    expect(portal.cases.get(42)?.isClosed).toBe(true);
    const reopened = await crm.reopenCase(42);
    expect(reopened).toEqual({ ...portal.cases.get(42), isClosed: false });
    expect(reopened.isClosed).toBe(false);
    expect(reopened.isPrivate).toBe(true);
    expect(reopened.created).toBe("2024-03-05T14:07:31.0000000+03:00");
    // `\/` escapes on the wire come back as plain slashes.
    expect(reopened.createBy.profileUrl).toBe(
      "https://portal.example.com/Products/People/Profile.aspx?user=anna.obrien",
    );
    expect(reopened.accessList?.map((user) => user.displayName)).toEqual([
      "Anna O&#39;Brien",
      "Carl Night",
    ]);
    expect(reopened.accessList?.[1]).not.toHaveProperty("title");
    const [company, person] = reopened.members;
    expect(company?.shareType).toBe(ShareType.ReadWrite);
    expect(company?.currency?.abbreviation).toBe("EUR");
    expect(person?.currency).toBeNull();
    expect(reopened.customFields.map((f) => f.fieldType)).toEqual([
      CustomFieldType.Date,
      CustomFieldType.CheckBox,
      CustomFieldType.Heading,
    ]);
  });

  it("really receives `\\/` escapes from the portal", async () => {
    await crm.reopenCase(42);
    const raw = await fetch(`${portal.url}/api/2.0/crm/case/42/reopen`, {
      method: "PUT",
      headers: { Authorization: portal.token },
    });
    expect(await raw.text()).toContain("https:\\/\\/portal.example.com");
  });

  it("is idempotent: reopening an open case resolves to it", async () => {
    await expect(crm.reopenCase(7)).resolves.toMatchObject({ id: 7, isClosed: false, members: [] });
    await expect(crm.reopenCase(7)).resolves.toMatchObject({ id: 7, isClosed: false });
  });
});

describe("errors", () => {
  it("404 rejects with the portal's message", async () => {
    const error = await crm.reopenCase(12345).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({
      status: 404,
      portalMessage: "Not found",
      message: "reopenCase(12345): HTTP 404: the case was not found",
      call: "reopenCase(12345)",
    });
  });

  it("403 on a private case the user is not on", async () => {
    await expect(crm.reopenCase(99)).rejects.toThrow(PermissionDeniedError);
    await expect(crm.reopenCase(99)).rejects.toMatchObject({
      status: 403,
      portalMessage: "Access Denied",
    });
  });

  it("401 is plain text, and the error never shows the token", async () => {
    const wrong = createCrmClient({ baseUrl: portal.url, token: "WRONG-TOKEN-1234" });
    const error = await wrong.reopenCase(42).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error).toMatchObject({
      status: 401,
      bodyExcerpt: "Unauthorized",
      portalMessage: undefined,
    });
    expect(JSON.stringify(error) + String(error) + (error as Error).stack).not.toContain(
      "WRONG-TOKEN-1234",
    );
  });

  it("400 from the portal (the raw client can send caseid 0)", async () => {
    const raw = createRawClient({ baseUrl: portal.url, token: portal.token });
    const { response, error } = await raw.PUT("/api/2.0/crm/case/{caseid}/reopen", {
      params: { path: { caseid: 0 } },
    });
    expect(response.status).toBe(400);
    expect(error).toMatchObject({
      status: 1,
      error: { message: "Value does not fall within the expected range." },
    });
    portal.queue((_req, res) => {
      res.writeHead(400, { "Content-Type": "application/json" });
      res.end(portalJson({ status: 1, statusCode: 400, error: { message: "Bad" } }));
    });
    await expect(crm.reopenCase(42)).rejects.toBeInstanceOf(BadRequestError);
  });

  it("a 2xx that is not the envelope is an InvalidResponseError, not data", async () => {
    portal.queue(
      (_req, res) =>
        res.writeHead(200, { "Content-Type": "text/html" }).end("<html>Sign in</html>"),
      (_req, res) =>
        res.writeHead(200).end(portalJson({ status: 1, statusCode: 200, error: { message: "x" } })),
      (_req, res) => res.writeHead(200).end(portalJson({ id: 42 })),
    );
    await expect(crm.reopenCase(42)).rejects.toThrow(/not JSON: <html>Sign in<\/html>/);
    await expect(crm.reopenCase(42)).rejects.toThrow(/envelope says status 1 \(error\): x/);
    await expect(crm.reopenCase(42)).rejects.toBeInstanceOf(InvalidResponseError);
  });
});

describe("the raw client", () => {
  it("refuses to send an asc_auth_key, which a portal would prefer to the token", async () => {
    const raw = createRawClient({ baseUrl: portal.url, token: portal.token });
    await expect(
      raw.GET("/api/2.0/crm/case/{caseid}", {
        params: { path: { caseid: 42 }, query: { asc_auth_key: "x" } as never },
      }),
    ).rejects.toThrow(/asc_auth_key must not be sent/);
    expect(portal.requests).toHaveLength(0);
  });

  it("carries the base URL and the token, and sends no cookie", async () => {
    const raw = createRawClient({ baseUrl: portal.url, token: portal.token });
    const { data, response } = await raw.PUT("/api/2.0/crm/case/{caseid}/reopen", {
      params: { path: { caseid: 42 } },
    });
    expect(response.status).toBe(200);
    expect(data?.response.title).toBe("Printer on floor 3 jams again");
    expect(portal.requests[0]?.headers.authorization).toBe(portal.token);
  });
});
