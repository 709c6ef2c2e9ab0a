// Logging and hooks over real HTTP: a debug line per attempt, the same facts to the hooks, the
// level from `logLevel` or ONLYOFFICE_LOG, and never a secret in a line or a fact.
import { cases, createCrmClient, createCrmClientFor, logging, type Logger } from "../src";
import { startFakePortal, type FakePortal } from "../src/testing";

const TOKEN = "LOG-TOKEN-0123456789abcdef-SECRET";
let portal: FakePortal;
beforeEach(async () => {
  portal = await startFakePortal({ token: TOKEN });
});
afterEach(() => portal.close());

/** A logger that keeps every line, by level. */
function recorder() {
  const lines: [string, string][] = [];
  const logger: Logger = {
    debug: (m) => void lines.push(["debug", m]),
    info: (m) => void lines.push(["info", m]),
    warn: (m) => void lines.push(["warn", m]),
    error: (m) => void lines.push(["error", m]),
  };
  return { lines, logger };
}

const fast = { retryDelay: { baseMs: 1, maxMs: 1 } };

describe("logLevel and logger", () => {
  it("debug: a line per attempt with method, path, status, attempt, ms and the wait in line", async () => {
    const { lines, logger } = recorder();
    const crm = createCrmClient({
      baseUrl: portal.url,
      token: TOKEN,
      logLevel: "debug",
      logger,
      ...fast,
    });
    portal.queue((_req, res) => void res.writeHead(502).end("bad gateway"));
    await crm.getCase(42);
    expect(lines.map(([level]) => level)).toEqual(["debug", "info", "debug"]);
    expect(lines[0]![1]).toMatch(
      /^onlyoffice-crm: GET \/api\/2\.0\/crm\/case\/42 → 502 \(attempt 1, \d+ ms, waited \d+ ms in line\)$/,
    );
    expect(lines[1]![1]).toMatch(/GET \/api\/2\.0\/crm\/case\/42: attempt 2 in \d+ ms$/);
    expect(lines[2]![1]).toMatch(/→ 200 \(attempt 2, \d+ ms/);
  });

  it("a Retry-After refusal says so, with the wait", async () => {
    const { lines, logger } = recorder();
    const crm = createCrmClient({ baseUrl: portal.url, token: TOKEN, logLevel: "info", logger });
    portal.queue((_req, res) => void res.writeHead(503, { "Retry-After": "0" }).end());
    await crm.closeCase(42);
    expect(lines).toEqual([
      [
        "info",
        "onlyoffice-crm: PUT /api/2.0/crm/case/42/close: attempt 2 in 0 ms (the portal refused: 503, Retry-After; every call waits)",
      ],
    ]);
  });

  it("the default (warn) logs nothing of the requests", async () => {
    const { lines, logger } = recorder();
    const crm = createCrmClient({ baseUrl: portal.url, token: TOKEN, logger, ...fast });
    portal.queue((_req, res) => void res.writeHead(502).end());
    await crm.getCase(42);
    expect(lines).toEqual([]);
  });

  it("ONLYOFFICE_LOG=debug sets the level; logLevel wins over it", async () => {
    const { lines, logger } = recorder();
    process.env.ONLYOFFICE_LOG = "debug";
    try {
      await createCrmClient({ baseUrl: portal.url, token: TOKEN, logger }).getCase(42);
      await createCrmClient({ baseUrl: portal.url, token: TOKEN, logger, logLevel: "off" }).getCase(
        42,
      );
    } finally {
      delete process.env.ONLYOFFICE_LOG;
    }
    expect(lines).toHaveLength(1);
    expect(lines[0]![1]).toMatch(/GET \/api\/2\.0\/crm\/case\/42 → 200/);
  });

  it("console by default", async () => {
    const spy = jest.spyOn(console, "debug").mockImplementation(() => {});
    try {
      await createCrmClient({ baseUrl: portal.url, token: TOKEN, logLevel: "debug" }).getCase(42);
      expect(spy).toHaveBeenCalledTimes(1);
    } finally {
      spy.mockRestore();
    }
  });

  it("a wrong level is refused at construction", () => {
    expect(() =>
      createCrmClient({ baseUrl: portal.url, token: TOKEN, logLevel: "verbose" as never }),
    ).toThrow(/logLevel must be one of debug, info, warn, error, off/);
  });
});

describe("createCrmClientFor: logging is opt-in, so that other apps bundle none of it", () => {
  it("with logging among the parts: the same lines and hooks", async () => {
    const { lines, logger } = recorder();
    const statuses: number[] = [];
    const crm = createCrmClientFor([cases, logging], {
      baseUrl: portal.url,
      token: TOKEN,
      logLevel: "debug",
      logger,
      hooks: { onResponse: ({ status }) => void statuses.push(status) },
    });
    await crm.reopenCase(42);
    expect(lines).toEqual([
      [
        "debug",
        expect.stringMatching(
          /^onlyoffice-crm: PUT \/api\/2\.0\/crm\/case\/42\/reopen → 200 \(attempt 1, \d+ ms, waited \d+ ms in line\)$/,
        ),
      ],
    ]);
    expect(statuses).toEqual([200]);
    expect(() =>
      createCrmClientFor([cases, logging], {
        baseUrl: portal.url,
        token: TOKEN,
        logLevel: "all" as never,
      }),
    ).toThrow(/logLevel must be one of debug, info, warn, error, off/);
  });

  it("with ONLYOFFICE_LOG=debug: logs with logging among the parts, and nothing without", async () => {
    const debug = jest.spyOn(console, "debug").mockImplementation(() => {});
    process.env.ONLYOFFICE_LOG = "debug";
    try {
      await createCrmClientFor([cases], { baseUrl: portal.url, token: TOKEN }).getCase(42);
      expect(debug).not.toHaveBeenCalled();
      await createCrmClientFor([cases, logging], { baseUrl: portal.url, token: TOKEN }).getCase(42);
      expect(debug).toHaveBeenCalledTimes(1);
    } finally {
      delete process.env.ONLYOFFICE_LOG;
      debug.mockRestore();
    }
  });

  it("without it, logLevel, logger and hooks are refused (not ignored), and nothing is sent", () => {
    const { logger } = recorder();
    for (const given of [{ logLevel: "debug" as const }, { logger }, { hooks: {} }]) {
      expect(() =>
        createCrmClientFor([cases], { baseUrl: portal.url, token: TOKEN, ...given }),
      ).toThrow(/createCrmClientFor\(\[cases, logging\]/);
    }
    expect(portal.requests).toHaveLength(0);
  });
});

describe("hooks", () => {
  it("onRequest, onResponse and onRetry get the facts as plain objects", async () => {
    const seen: [string, Record<string, unknown>][] = [];
    const crm = createCrmClient({
      baseUrl: portal.url,
      token: TOKEN,
      ...fast,
      hooks: {
        onRequest: (facts) => void seen.push(["request", facts as never]),
        onResponse: (facts) => void seen.push(["response", facts as never]),
        onRetry: (facts) => void seen.push(["retry", facts as never]),
      },
    });
    portal.queue((_req, res) => void res.writeHead(503, { "Retry-After": "0" }).end());
    await crm.listCases({ search: "printer" }, { pageSize: 5 });
    const path = "/api/2.0/crm/case/filter"; // no query string: it holds what was searched
    expect(seen.map(([kind]) => kind)).toEqual([
      "request",
      "response",
      "retry",
      "request",
      "response",
    ]);
    expect(seen[0]![1]).toEqual({ method: "GET", path, attempt: 1, waitedMs: expect.any(Number) });
    expect(seen[1]![1]).toEqual({
      method: "GET",
      path,
      attempt: 1,
      waitedMs: expect.any(Number),
      status: 503,
      ms: expect.any(Number),
    });
    expect(seen[2]![1]).toMatchObject({ status: 503, delayMs: 0, refused: true });
    expect(seen[4]![1]).toMatchObject({ attempt: 2, status: 200 });
    for (const [, facts] of seen) expect(Object.getPrototypeOf(facts)).toBe(Object.prototype);
  });

  it("no time-out or connection failure goes unreported: status 0", async () => {
    const seen: number[] = [];
    const crm = createCrmClient({
      baseUrl: portal.url,
      token: TOKEN,
      timeoutMs: 50,
      maxRetries: 0,
      hooks: { onResponse: ({ status }) => void seen.push(status) },
    });
    portal.queue(() => {});
    await expect(crm.getCase(42)).rejects.toMatchObject({ name: "TimeoutError" });
    expect(seen).toEqual([0]);
  });
});

it("no line or fact holds the token, a password, a code or asc_auth_key", async () => {
  const { lines, logger } = recorder();
  const facts: unknown[] = [];
  const crm = createCrmClient({
    baseUrl: portal.url,
    token: TOKEN,
    logLevel: "debug",
    logger,
    ...fast,
    hooks: {
      onRequest: (f) => void facts.push(f),
      onResponse: (f) => void facts.push(f),
      onRetry: (f) => void facts.push(f),
    },
  });
  portal.queue((_req, res) => void res.writeHead(401).end(`Unauthorized ${TOKEN}`));
  await expect(crm.getCase(42)).rejects.toThrow();
  portal.queue((_req, res) => void res.writeHead(500).end(`password=${portal.password}`));
  await crm.getCase(42);
  await crm.createCase({ title: `A case for ${portal.password}` });
  const all = JSON.stringify([lines, facts]);
  expect(lines.length).toBeGreaterThan(3);
  for (const secret of [TOKEN, portal.password, portal.code, "asc_auth_key", "Authorization"])
    expect(all).not.toContain(secret);
});
