// Fault injection against the real local portal: every status, broken bodies, resets, silence,
// refused connections, and what the retry loop does with each. No mocked fetch.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import {
  ApiError,
  AuthenticationError,
  BadRequestError,
  ConnectionError,
  createCrmClient,
  InternalServerError,
  InvalidResponseError,
  NotFoundError,
  OnlyofficeError,
  PaymentRequiredError,
  PermissionDeniedError,
  RateLimitError,
  TimeoutError,
  type CrmClientOptions,
} from "../src";
import { portalJson, startFakePortal, type FakePortal, type Responder } from "../src/testing";

let portal: FakePortal;
beforeEach(async () => {
  portal = await startFakePortal();
});
afterEach(() => portal.close());

/** A client with tiny backoff so that retries take milliseconds. */
function client(options: CrmClientOptions = {}) {
  return createCrmClient({
    baseUrl: portal.url,
    token: portal.token,
    retryDelay: { baseMs: 1, maxMs: 2, retryAfterMaxMs: 5 },
    ...options,
  });
}

function answer(status: number, body: string, headers: Record<string, string> = {}): Responder {
  return (_req, res) => {
    res.writeHead(status, { "Content-Type": "application/json; charset=UTF-8", ...headers });
    res.end(body);
  };
}
const portalError = (status: number, message: string) =>
  answer(status, portalJson({ status: 1, statusCode: status, error: { message, hresult: -1 } }));
const html502: Responder = (_req, res) => {
  res.writeHead(502, { "Content-Type": "text/html" });
  res.end(
    "<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1><hr>nginx</body></html>",
  );
};
const reset: Responder = (req) => req.socket.destroy();
const silence: Responder = () => {};

async function failure(promise: Promise<unknown>): Promise<Error> {
  const outcome = await promise.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  if (!("error" in outcome))
    throw new Error(`expected a rejection, got ${JSON.stringify(outcome)}`);
  return outcome.error as Error;
}

describe("every status maps onto the taxonomy", () => {
  it.each([
    [400, BadRequestError, false],
    [401, AuthenticationError, false],
    [402, PaymentRequiredError, false],
    [403, PermissionDeniedError, false],
    [404, NotFoundError, false],
    [405, ApiError, false],
    [408, ApiError, true],
    [409, ApiError, false],
    [422, ApiError, false],
    [429, RateLimitError, true],
    [500, InternalServerError, true],
    [501, InternalServerError, true],
    [503, InternalServerError, true],
    [504, InternalServerError, true],
  ] as const)("%i → %p, retried: %p", async (status, ErrorClass, retried) => {
    portal.queue(...Array.from({ length: 3 }, () => portalError(status, `Oops ${status}`)));
    const error = await failure(client().reopenCase(42));
    expect(error).toBeInstanceOf(ErrorClass);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toBeInstanceOf(OnlyofficeError);
    expect(error).toMatchObject({ status, portalMessage: `Oops ${status}`, hresult: -1 });
    expect(error.message).toBe(`reopenCase(42): HTTP ${status}: Oops ${status}`);
    // maxRetries defaults to 2: three attempts for a retryable status, one for the rest.
    expect(portal.requests).toHaveLength(retried ? 3 : 1);
  });

  it("a 401 is plain text: AuthenticationError with the excerpt, asked once", async () => {
    const error = await failure(client({ token: "not-the-token" }).reopenCase(42));
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error).toMatchObject({
      status: 401,
      bodyExcerpt: "Unauthorized",
      portalMessage: undefined,
    });
    expect(portal.requests).toHaveLength(1);
  });

  it("a proxy's HTML 502 page: InternalServerError with a short excerpt, retried", async () => {
    portal.queue(html502, html502, html502);
    const error = await failure(client().reopenCase(42));
    expect(error).toBeInstanceOf(InternalServerError);
    expect((error as ApiError).bodyExcerpt).toMatch(/^<html><head><title>502 Bad Gateway/);
    expect((error as ApiError).portalMessage).toBeUndefined();
    expect(portal.requests).toHaveLength(3);
  });

  it("a 502 page, then the portal: resolves after one retry", async () => {
    portal.queue(html502);
    await expect(client().reopenCase(42)).resolves.toMatchObject({ id: 42, isClosed: false });
    expect(portal.requests).toHaveLength(2);
  });
});

describe("retries", () => {
  it("503 twice, then 200: exactly 3 requests, same call each time", async () => {
    portal.queue(portalError(503, "Busy"), portalError(503, "Busy"));
    await expect(client().reopenCase(42)).resolves.toMatchObject({ id: 42 });
    expect(portal.requests.map((r) => `${r.method} ${r.url} ${r.headers.authorization}`)).toEqual(
      Array(3).fill(`PUT /api/2.0/crm/case/42/reopen ${portal.token}`),
    );
  });

  it("maxRetries 0 (client) and per call", async () => {
    portal.queue(portalError(503, "Busy"), portalError(503, "Busy"), portalError(503, "Busy"));
    await expect(client({ maxRetries: 0 }).reopenCase(42)).rejects.toBeInstanceOf(
      InternalServerError,
    );
    expect(portal.requests).toHaveLength(1);
    await expect(client().reopenCase(42, { maxRetries: 1 })).rejects.toBeInstanceOf(
      InternalServerError,
    );
    expect(portal.requests).toHaveLength(3);
  });

  it("gives up after maxRetries + 1 attempts with the last error", async () => {
    portal.queue(portalError(500, "first"), portalError(502, "second"), portalError(503, "third"));
    await expect(client().reopenCase(42)).rejects.toMatchObject({
      status: 503,
      portalMessage: "third",
    });
    expect(portal.requests).toHaveLength(3);
  });

  it("never retries 400, 401, 403 or 404", async () => {
    const crm = client({ maxRetries: 5 });
    await expect(crm.reopenCase(12345)).rejects.toBeInstanceOf(NotFoundError);
    await expect(crm.reopenCase(99)).rejects.toBeInstanceOf(PermissionDeniedError);
    portal.queue(portalError(400, "Bad"));
    await expect(crm.reopenCase(42)).rejects.toBeInstanceOf(BadRequestError);
    await expect(client({ token: "wrong", maxRetries: 5 }).reopenCase(42)).rejects.toBeInstanceOf(
      AuthenticationError,
    );
    expect(portal.requests).toHaveLength(4);
  });

  it("429 with Retry-After: 0 retries at once, even with an hour of backoff configured", async () => {
    portal.queue(answer(429, "", { "Retry-After": "0" }));
    const crm = client({ retryDelay: { baseMs: 3_600_000, maxMs: 3_600_000 } });
    await expect(crm.reopenCase(42)).resolves.toMatchObject({ id: 42 });
    expect(portal.requests).toHaveLength(2);
  });

  it("Retry-After as an HTTP date, and a huge Retry-After capped by retryAfterMaxMs", async () => {
    portal.queue(
      answer(429, "", { "Retry-After": new Date(Date.now() - 1000).toUTCString() }),
      answer(503, "", { "Retry-After": "86400" }),
    );
    const crm = client({ retryDelay: { baseMs: 3_600_000, maxMs: 3_600_000, retryAfterMaxMs: 5 } });
    await expect(crm.reopenCase(42)).resolves.toMatchObject({ id: 42 });
    expect(portal.requests).toHaveLength(3);
  });

  it("a rotating token is asked again for each attempt", async () => {
    let asked = 0;
    portal.queue(portalError(503, "Busy"));
    await client({ token: () => (asked++, portal.token) }).reopenCase(42);
    expect(asked).toBe(2);
  });
});

describe("broken 2xx bodies are InvalidResponseError, never data, and not retried", () => {
  it.each([
    [
      "an HTML login page",
      "<!DOCTYPE html><html><body>Sign in</body></html>",
      /not JSON: <!DOCTYPE html>/,
    ],
    [
      "truncated JSON",
      portalJson({ status: 0, statusCode: 200, response: { id: 42 } }).slice(0, 30),
      /not JSON/,
    ],
    ["an empty body", "", /not JSON \(empty\)/],
    ["a bare Case (no envelope)", portalJson({ id: 42, title: "x" }), /not the portal's envelope/],
    [
      "status 1",
      portalJson({ status: 1, statusCode: 200, error: { message: "Nope" } }),
      /status 1 \(error\): Nope/,
    ],
    ["a JSON array", "[]", /not the portal's envelope/],
  ])("%s", async (_name, body, message) => {
    portal.queue(answer(200, body));
    const error = await failure(client().reopenCase(42));
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect(error).toMatchObject({ status: 200 });
    expect(error.message).toMatch(message);
    expect(portal.requests).toHaveLength(1);
  });

  function reopenedWith(change: (c: Record<string, any>) => void): Responder {
    const body = structuredClone({ ...portal.cases.get(42)!, isClosed: false }) as Record<
      string,
      any
    >;
    change(body);
    return answer(200, portalJson({ count: 1, status: 0, statusCode: 200, response: body }));
  }

  it.each([
    ["id as a string", "response.id", (c: any) => (c.id = "42"), /must be int32 \(got string\)/],
    [
      "a member's currency as a string",
      "response.members[1].currency",
      (c: any) => (c.members[1].currency = "EUR"),
      /must be object or null/,
    ],
    [
      "a currency field",
      "response.members[0].currency.isBasic",
      (c: any) => (c.members[0].currency.isBasic = 1),
      /must be boolean \(got integer 1\)/,
    ],
    ["isClosed missing", "response.isClosed", (c: any) => delete c.isClosed, /is missing/],
    [
      "an enum out of range",
      "response.members[0].shareType",
      (c: any) => (c.members[0].shareType = 7),
      /must be one of 0, 1, 2/,
    ],
    [
      "an id beyond int32",
      "response.id",
      (c: any) => (c.id = 2 ** 31),
      /must be int32 \(got integer 2147483648\)/,
    ],
    ["a bad date", "response.created", (c: any) => (c.created = "05.03.2024"), /must match/],
    [
      "an access list entry",
      "response.accessList[1]",
      (c: any) => (c.accessList[1] = null),
      /must be object \(got null\)/,
    ],
  ])("wrong-typed JSON: %s names %s", async (_name, path, change, problem) => {
    portal.queue(reopenedWith(change));
    const error = await failure(client().reopenCase(42));
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect(error).toMatchObject({ status: 200, path });
    expect(error.message).toContain(`reopenCase does not match the spec: ${path} `);
    expect(error.message).toMatch(problem);
    expect(portal.requests).toHaveLength(1);
  });

  it("extra properties pass (tolerant reader)", async () => {
    portal.queue(reopenedWith((c) => ((c.futureField = { any: 1 }), (c.members[0].rating = 5))));
    await expect(client().reopenCase(42)).resolves.toMatchObject({
      id: 42,
      futureField: { any: 1 },
    });
  });

  it("validateResponses: false (client or per call) hands the value out unchecked", async () => {
    portal.queue(
      reopenedWith((c) => (c.id = "42")),
      reopenedWith((c) => (c.id = "42")),
    );
    await expect(client({ validateResponses: false }).reopenCase(42)).resolves.toMatchObject({
      id: "42",
    });
    await expect(client().reopenCase(42, { validateResponses: false })).resolves.toMatchObject({
      id: "42",
    });
    // The envelope is still checked.
    portal.queue(answer(200, "<html></html>"));
    await expect(client({ validateResponses: false }).reopenCase(42)).rejects.toBeInstanceOf(
      InvalidResponseError,
    );
  });
});

describe("connections", () => {
  it("a reset connection is a ConnectionError, retried", async () => {
    portal.queue(reset, reset, reset);
    const error = await failure(client().reopenCase(42));
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error).not.toBeInstanceOf(TimeoutError);
    expect(error.message).toMatch(/^Could not reach the portal: /);
    expect(portal.requests).toHaveLength(3);
  });

  it("a reset, then the portal: resolves", async () => {
    portal.queue(reset);
    await expect(client().reopenCase(42)).resolves.toMatchObject({ id: 42 });
    expect(portal.requests).toHaveLength(2);
  });

  it("a portal that never answers: TimeoutError per attempt, retried", async () => {
    portal.queue(silence, silence);
    const started = Date.now();
    const error = await failure(client({ timeoutMs: 50, maxRetries: 1 }).reopenCase(42));
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.message).toBe("No answer from the portal within 50 ms");
    expect(portal.requests).toHaveLength(2);
    expect(Date.now() - started).toBeLessThan(5_000); // the default would be 30 s per attempt
  });

  it("headers sent, then the body stalls: the time limit covers the body too", async () => {
    portal.queue((_req, res) => {
      res.writeHead(200, { "Content-Type": "application/json" });
      res.write('{"status":0,"statusCode":200,"response":{');
    });
    await expect(client({ timeoutMs: 50, maxRetries: 0 }).reopenCase(42)).rejects.toBeInstanceOf(
      TimeoutError,
    );
  });

  it("timeoutMs per call", async () => {
    portal.queue(silence);
    await expect(client().reopenCase(42, { timeoutMs: 30, maxRetries: 0 })).rejects.toBeInstanceOf(
      TimeoutError,
    );
  });

  it("connection refused (a closed port) is a ConnectionError after the retries", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    const crm = createCrmClient({
      baseUrl: `http://127.0.0.1:${port}`,
      token: "T0KEN-VALUE",
      retryDelay: { baseMs: 1, maxMs: 2 },
    });
    const error = await failure(crm.reopenCase(42));
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.message).toMatch(/ECONNREFUSED/);
  });
});

describe("abort", () => {
  it("during the backoff wait: rejects promptly with the signal's reason, no further attempt", async () => {
    const controller = new AbortController();
    portal.queue((req: IncomingMessage, res: ServerResponse) => {
      portalError(503, "Busy")(req, res);
      res.on("finish", () => setTimeout(() => controller.abort(), 20));
    });
    const crm = client({ retryDelay: { baseMs: 60_000, maxMs: 60_000 } });
    const started = Date.now();
    const error = await failure(crm.reopenCase(42, { signal: controller.signal }));
    expect(error).toBe(controller.signal.reason);
    expect(error.name).toBe("AbortError");
    expect(Date.now() - started).toBeLessThan(5_000); // the wait would have been ~45-60 s
    expect(portal.requests).toHaveLength(1);
  });

  it("during an attempt: rejects with a custom reason, not retried", async () => {
    const controller = new AbortController();
    const reason = new Error("shutting down");
    portal.queue(() => setTimeout(() => controller.abort(reason), 10));
    await expect(client().reopenCase(42, { signal: controller.signal })).rejects.toBe(reason);
    expect(portal.requests).toHaveLength(1);
  });

  it("an already aborted signal sends nothing", async () => {
    await expect(client().reopenCase(42, { signal: AbortSignal.abort() })).rejects.toMatchObject({
      name: "AbortError",
    });
    expect(portal.requests).toHaveLength(0);
  });
});
