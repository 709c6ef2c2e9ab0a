// The client's line: `maxConcurrency` attempts in flight, `rateLimit` starts per window, and a
// pause for every call when the portal refuses with 429 or 503 + Retry-After. First the line on
// its own under fake timers (what waits, in which order, and which timers are left), then the
// client over real HTTP against the fake portal.
import type { ServerResponse } from "node:http";
import {
  createCrmClient,
  InternalServerError,
  signIn,
  TimeoutError,
  type CrmClientOptions,
} from "../src";
import { createLimiter } from "../src/core/limiter";
import { portalJson, seedCases, startFakePortal, type FakePortal } from "../src/testing";

/** Lets every settled promise's callbacks run. */
const flush = () =>
  new Promise<void>((resolve) => jest.requireActual("timers").setImmediate(resolve));

describe("the line (fake timers)", () => {
  beforeEach(() => jest.useFakeTimers({ now: 0 }));
  afterEach(() => jest.useRealTimers());

  /** Takes a place for each label, recording when each was given one. */
  function taker(limiter: ReturnType<typeof createLimiter>) {
    const granted: [string, number][] = [];
    const releases = new Map<string, () => void>();
    const take = (label: string, signal?: AbortSignal) =>
      limiter.take(signal).then((release) => {
        granted.push([label, Date.now()]);
        releases.set(label, release);
      });
    return { granted, releases, take };
  }

  it("lets no more than maxConcurrency through; the next goes when a place is given back", async () => {
    const { granted, releases, take } = taker(
      createLimiter({ maxConcurrency: 2, rateLimit: false }),
    );
    void take("a");
    void take("b");
    void take("c");
    await flush();
    expect(granted.map(([label]) => label)).toEqual(["a", "b"]);
    expect(jest.getTimerCount()).toBe(0); // waiting for a place needs no timer
    releases.get("b")!();
    await flush();
    expect(granted.map(([label]) => label)).toEqual(["a", "b", "c"]);
  });

  it("counts an attempt in the window until `perMs` after its answer (a sliding window)", async () => {
    const limiter = createLimiter({ maxConcurrency: 100, rateLimit: { requests: 3, perMs: 1000 } });
    const { granted, releases, take } = taker(limiter);
    void take("a");
    void take("b");
    await flush();
    releases.get("a")!(); // a's answer at 0
    await jest.advanceTimersByTimeAsync(400);
    releases.get("b")!(); // b's at 400
    for (const label of ["c", "d", "e", "f"]) void take(label);
    await jest.advanceTimersByTimeAsync(100);
    // c fills the window at 400: a and b answered, c in flight. d when a's answer leaves (1000).
    expect(granted).toEqual([
      ["a", 0],
      ["b", 0],
      ["c", 400],
    ]);
    releases.get("c")!(); // c's answer at 500
    await jest.advanceTimersByTimeAsync(2000);
    // d at 1000 (a's answer leaves); e at 1400 (b's); f at 1500 (c's).
    expect(granted.slice(3)).toEqual([
      ["d", 1000],
      ["e", 1400],
      ["f", 1500],
    ]);
    expect(jest.getTimerCount()).toBe(0); // nothing waits: no timer left
  });

  it("a window full of attempts still in flight waits for an answer, with no timer", async () => {
    const limiter = createLimiter({ maxConcurrency: 100, rateLimit: { requests: 2, perMs: 1000 } });
    const { granted, releases, take } = taker(limiter);
    for (const label of ["a", "b", "c"]) void take(label);
    await jest.advanceTimersByTimeAsync(5000);
    expect(granted.map(([label]) => label)).toEqual(["a", "b"]);
    expect(jest.getTimerCount()).toBe(0);
    releases.get("a")!(); // at 5000: c may go 1000 ms later
    await jest.advanceTimersByTimeAsync(999);
    expect(granted).toHaveLength(2);
    await jest.advanceTimersByTimeAsync(1);
    expect(granted.at(-1)).toEqual(["c", 6000]);
  });

  it("pause holds every call back, even with room in flight and in the window", async () => {
    const limiter = createLimiter({ maxConcurrency: 5, rateLimit: { requests: 5, perMs: 100 } });
    const { granted, take } = taker(limiter);
    limiter.pause(700);
    void take("a");
    void take("b");
    await jest.advanceTimersByTimeAsync(300);
    limiter.pause(100); // a shorter pause does not shorten the longer one
    await jest.advanceTimersByTimeAsync(399);
    expect(granted).toEqual([]);
    await jest.advanceTimersByTimeAsync(1);
    expect(granted).toEqual([
      ["a", 700],
      ["b", 700],
    ]);
  });

  it("an aborted wait rejects at once with the signal's reason and gives its turn to the next", async () => {
    const limiter = createLimiter({ maxConcurrency: 1, rateLimit: false });
    const { granted, releases, take } = taker(limiter);
    void take("a");
    const controller = new AbortController();
    const b = take("b", controller.signal);
    void take("c");
    await flush();
    const reason = new Error("user cancelled");
    controller.abort(reason);
    await expect(b).rejects.toBe(reason);
    releases.get("a")!();
    await flush();
    expect(granted.map(([label]) => label)).toEqual(["a", "c"]);
  });

  it("clears its timer when the last waiting call is aborted", async () => {
    const limiter = createLimiter({ maxConcurrency: 1, rateLimit: false });
    limiter.pause(600_000);
    const controller = new AbortController();
    const waiting = limiter.take(controller.signal);
    await flush();
    expect(jest.getTimerCount()).toBe(1);
    controller.abort();
    await expect(waiting).rejects.toMatchObject({ name: "AbortError" });
    expect(jest.getTimerCount()).toBe(0);
  });

  it("a given place does not listen to the signal any longer", async () => {
    const limiter = createLimiter({ maxConcurrency: 1, rateLimit: false });
    const controller = new AbortController();
    const release = await limiter.take(controller.signal);
    controller.abort(); // too late to matter: the attempt's own scope handles it
    const next = limiter.take(undefined);
    release();
    await expect(next).resolves.toBeInstanceOf(Function);
  });
});

describe("maxConcurrency and rateLimit options", () => {
  const base = { baseUrl: "https://portal.example.com", token: "T" };
  it.each([
    [{ maxConcurrency: 0 }, RangeError, /maxConcurrency must be a whole number from 1/],
    [{ maxConcurrency: 2.5 }, RangeError, /maxConcurrency/],
    [{ maxConcurrency: Number.POSITIVE_INFINITY }, RangeError, /maxConcurrency/],
    [{ maxConcurrency: "4" }, TypeError, /maxConcurrency/],
    [{ rateLimit: { requests: 0, perMs: 1000 } }, RangeError, /rateLimit.requests/],
    [{ rateLimit: { requests: 10, perMs: 0.5 } }, RangeError, /rateLimit.perMs/],
    [{ rateLimit: { requests: 10 } }, TypeError, /rateLimit.perMs must be .* got undefined/],
    [{ rateLimit: true }, TypeError, /rateLimit.requests/],
    [{ rateLimit: null }, TypeError, /null/],
  ])("createCrmClient rejects %p", (bad, ErrorClass, message) => {
    const attempt = () => createCrmClient({ ...base, ...(bad as CrmClientOptions) });
    expect(attempt).toThrow(ErrorClass);
    expect(attempt).toThrow(message);
  });

  it("accepts rateLimit: false and whole numbers", () => {
    expect(() => createCrmClient({ ...base, rateLimit: false, maxConcurrency: 1 })).not.toThrow();
    expect(() =>
      createCrmClient({ ...base, rateLimit: { requests: 1, perMs: 2 ** 31 - 1 } }),
    ).not.toThrow();
  });
});

describe("over HTTP against the fake portal", () => {
  let portal: FakePortal;
  afterEach(() => portal.close());

  /** A client whose fetch records each attempt: when it was sent, when answered, its status. */
  function recorded(options: CrmClientOptions = {}) {
    const log: { sent: number; answered: number; status: number }[] = [];
    let inFlight = 0;
    const peak = { inFlight: 0 };
    const crm = createCrmClient({
      baseUrl: portal.url,
      token: portal.token,
      retryDelay: { baseMs: 1, maxMs: 2 },
      ...options,
      fetch: async (request) => {
        const sent = Date.now();
        peak.inFlight = Math.max(peak.inFlight, ++inFlight);
        try {
          const response = await fetch(request);
          // Read here, so that "in flight" lasts until the answer is read, as the line counts it.
          const body = await response.text();
          log.push({ sent, answered: Date.now(), status: response.status });
          return new Response(body, response);
        } finally {
          inFlight--;
        }
      },
    });
    return { crm, log, peak };
  }

  it("never has more than maxConcurrency attempts in flight, and reaches it", async () => {
    portal = await startFakePortal();
    const { crm, log, peak } = recorded({ maxConcurrency: 3, rateLimit: false });
    // Slow answers, so that calls pile up behind the three in flight.
    const slow = (_req: unknown, res: ServerResponse) =>
      setTimeout(() => {
        res.writeHead(200, { "Content-Type": "application/json; charset=UTF-8" });
        res.end(portalJson({ count: 1, status: 0, statusCode: 200, response: seedCases()[0] }));
      }, 10);
    portal.queue(...Array.from({ length: 30 }, () => slow));
    await Promise.all(Array.from({ length: 30 }, () => crm.getCase(42)));
    expect(log).toHaveLength(30);
    expect(peak.inFlight).toBe(3);
  });

  it("keeps within a portal's rate limit of the same size: 60 calls at once, no 503", async () => {
    portal = await startFakePortal({ rateLimit: { requests: 20, perMs: 400 } });
    // No margin: the window counts from each answer, so however slow the first answers (a cold
    // start here), no 400 ms of the portal's sees more than 20.
    const { crm, log } = recorded({ rateLimit: { requests: 20, perMs: 400 } });
    const cases = await Promise.all(Array.from({ length: 60 }, () => crm.reopenCase(42)));
    expect(cases).toHaveLength(60);
    expect(log.filter((a) => a.status === 503)).toEqual([]);
    expect(portal.requests).toHaveLength(60);
    // Each attempt went at least 400 ms after the answer 20 answers before it.
    const answered = log.map((a) => a.answered).sort((x, y) => x - y);
    const sent = log.map((a) => a.sent).sort((x, y) => x - y);
    for (let i = 20; i < sent.length; i++) {
      expect(sent[i]! - answered[i - 20]!).toBeGreaterThanOrEqual(400);
    }
  });

  it("a 503 with Retry-After pauses every call of the client, then they all succeed", async () => {
    portal = await startFakePortal();
    const { crm, log } = recorded({ maxRetries: 1 });
    portal.queue((_req, res) => {
      res.writeHead(503, { "Content-Type": "text/html", "Retry-After": "1" });
      res.end("<html>busy</html>");
    });
    const first = crm.reopenCase(42);
    while (log.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    // Calls made after the refusal wait for the pause too, not only the one that saw it.
    const others = Array.from({ length: 5 }, () => crm.getCase(42));
    await expect(Promise.all([first, ...others])).resolves.toHaveLength(6);
    expect(log.map((a) => a.status)).toEqual([503, 200, 200, 200, 200, 200, 200]);
    // The pause began after the 503 was read, so nothing went sooner than a second after that.
    for (const attempt of log.slice(1))
      expect(attempt.sent - log[0]!.answered).toBeGreaterThanOrEqual(1000);
  });

  it("a 429 pauses the client for its Retry-After even when the call that saw it gives up", async () => {
    portal = await startFakePortal();
    const { crm, log } = recorded({ maxRetries: 0 });
    portal.queue((_req, res) => {
      res.writeHead(429, { "Retry-After": "1" });
      res.end();
    });
    await expect(crm.reopenCase(42)).rejects.toMatchObject({ name: "RateLimitError" });
    const refused = log[0]!.answered;
    await crm.getCase(42);
    expect(log[1]!.sent - refused).toBeGreaterThanOrEqual(1000);
  });

  it("retries wait in the same line: they count in the window", async () => {
    portal = await startFakePortal();
    const { crm } = recorded({ rateLimit: { requests: 2, perMs: 60_000 } });
    portal.queue((_req, res) => void res.writeHead(500).end());
    await crm.getCase(42); // a 500, then its retry: both windows' places are used
    expect(portal.requests).toHaveLength(2);
    const controller = new AbortController();
    const third = crm.getCase(42, { signal: controller.signal });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(portal.requests).toHaveLength(2); // still waiting for the window
    controller.abort();
    await expect(third).rejects.toMatchObject({ name: "AbortError" });
  });

  it("an abort while waiting in line rejects at once with the reason and sends nothing", async () => {
    portal = await startFakePortal();
    const { crm } = recorded({ maxConcurrency: 1 });
    let answer: () => void = () => {};
    portal.queue((_req, res) => {
      answer = () => {
        res.writeHead(200, { "Content-Type": "application/json; charset=UTF-8" });
        res.end(portalJson({ count: 1, status: 0, statusCode: 200, response: seedCases()[0] }));
      };
    });
    const first = crm.getCase(42);
    while (portal.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    const controller = new AbortController();
    const waiting = crm.getCase(42, { signal: controller.signal });
    const reason = new Error("shutting down");
    controller.abort(reason);
    await expect(waiting).rejects.toBe(reason); // before the first call has its answer
    answer();
    await expect(first).resolves.toMatchObject({ id: 42 });
    expect(portal.requests).toHaveLength(1);
  });

  it("an abort during a pause rejects at once and sends nothing", async () => {
    portal = await startFakePortal();
    const { crm } = recorded({ maxRetries: 0 });
    portal.queue((_req, res) => void res.writeHead(503, { "Retry-After": "60" }).end());
    await expect(crm.getCase(42)).rejects.toBeInstanceOf(InternalServerError);
    const controller = new AbortController();
    const waiting = crm.getCase(42, { signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    const started = Date.now();
    await expect(waiting).rejects.toMatchObject({ name: "AbortError" });
    expect(Date.now() - started).toBeLessThan(30_000); // not the 60 s pause
    expect(portal.requests).toHaveLength(1);
  });

  it("a call waiting for a place past its time limit rejects with TimeoutError and is never sent", async () => {
    portal = await startFakePortal();
    const { crm } = recorded({ maxConcurrency: 1, maxRetries: 0 });
    // The first call holds the only place for 1 s; the second may wait 400 ms in all.
    const slow = (_req: unknown, res: ServerResponse) =>
      setTimeout(() => {
        res.writeHead(200, { "Content-Type": "application/json; charset=UTF-8" });
        res.end(portalJson({ count: 1, status: 0, statusCode: 200, response: seedCases()[0] }));
      }, 1000);
    portal.queue(slow);
    const first = crm.getCase(42);
    const started = Date.now();
    const waiting = crm.getCase(7, { timeoutMs: 400 }).catch((error: unknown) => error);
    const error = await waiting;
    const waited = Date.now() - started;
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as Error).message).toMatch(/within 400 ms.*not sent/);
    expect(waited).toBeGreaterThanOrEqual(390);
    expect(waited).toBeLessThan(900); // not when the place came free
    await first;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(portal.requests.map((r) => r.url)).toEqual(["/api/2.0/crm/case/42"]);
  });

  it("the wait for a place and the attempt share the time limit", async () => {
    portal = await startFakePortal();
    const { crm } = recorded({ maxConcurrency: 1, maxRetries: 0 });
    const after = (ms: number) => (_req: unknown, res: ServerResponse) =>
      setTimeout(() => {
        res.writeHead(200, { "Content-Type": "application/json; charset=UTF-8" });
        res.end(portalJson({ count: 1, status: 0, statusCode: 200, response: seedCases()[0] }));
      }, ms);
    portal.queue(after(300), after(300));
    const first = crm.getCase(42);
    // 300 ms in line, then 300 ms for its answer: past 500 ms in all.
    const second = crm.getCase(42, { timeoutMs: 500 }).catch((error: unknown) => error);
    await first;
    expect(await second).toBeInstanceOf(TimeoutError);
    expect(portal.requests).toHaveLength(2);
  });

  it("waits for the rate limit do not count towards the time limit", async () => {
    portal = await startFakePortal();
    const { crm } = recorded({ rateLimit: { requests: 2, perMs: 600 }, timeoutMs: 300 });
    const cases = await Promise.all([crm.getCase(42), crm.getCase(42), crm.getCase(42)]);
    expect(cases).toHaveLength(3);
    expect(portal.requests).toHaveLength(3);
  });

  it("each client has its own line; signIn is not in any", async () => {
    portal = await startFakePortal();
    const paused = recorded({ maxRetries: 0 });
    portal.queue((_req, res) => void res.writeHead(503, { "Retry-After": "60" }).end());
    await expect(paused.crm.getCase(42)).rejects.toBeInstanceOf(InternalServerError);
    // Another client, and a sign-in, go at once while the first client is paused for a minute.
    await expect(recorded().crm.getCase(42)).resolves.toMatchObject({ id: 42 });
    await expect(
      signIn({ baseUrl: portal.url, userName: portal.userName, password: portal.password }),
    ).resolves.toMatchObject({ token: portal.token });
  });
});

// The portal's documented limit (api.onlyoffice.com/portals/workspaceapi, "Rate limiting"): "up
// to 500 requests per 10-second period from the same IP address with one account. If you exceed
// this limit, a 503 response for the subsequent requests will be received. Check the Retry-After
// header to see how many seconds to wait before you try again." No limiter exists in the
// CommunityServer v12.7.1 source or the nginx configs it ships; see src/testing/core/rate-limit.ts.
describe("the fake portal's rateLimit", () => {
  let portal: FakePortal;
  afterEach(() => portal.close());
  const reopen = (token: string, path = "case/42/reopen") =>
    fetch(`${portal.url}/api/2.0/crm/${path}`, {
      method: "PUT",
      headers: { Authorization: token },
    });

  it("past `requests` in `perMs` for one account: 503 with Retry-After in whole seconds", async () => {
    portal = await startFakePortal({ rateLimit: { requests: 3, perMs: 1500 } });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await reopen(portal.token)).status);
    expect(statuses).toEqual([200, 200, 200]);
    const refused = await reopen(portal.token);
    expect(refused.status).toBe(503);
    expect(refused.headers.get("retry-after")).toMatch(/^[12]$/); // ⌈ms left / 1000⌉
    expect(refused.headers.get("content-type")).toBe("text/html");
    expect(await refused.text()).toContain("503 Service Temporarily Unavailable");
    // Every request is recorded, the refused one too.
    expect(portal.requests).toHaveLength(4);
  });

  it("answers before routing and authentication; counts each account on its own", async () => {
    portal = await startFakePortal({ rateLimit: { requests: 1, perMs: 60_000 } });
    expect((await reopen(portal.token)).status).toBe(200);
    // Over the limit, an unknown path and the same token still get the 503, not the host's 404.
    expect((await reopen(portal.token, "no/such/route")).status).toBe(503);
    expect((await reopen(`Bearer ${portal.token}`)).status).toBe(503); // the same account
    // Another credential has its own count: a wrong token is its 401, as without the limit.
    expect((await reopen("ANOTHER-TOKEN")).status).toBe(401);
    expect((await reopen("ANOTHER-TOKEN")).status).toBe(503);
    expect((await reopen("ANOTHER-TOKEN")).headers.get("retry-after")).toMatch(/^(59|60)$/);
  });

  it("accepts again once the oldest accepted request leaves the window; refusals do not count", async () => {
    portal = await startFakePortal({ rateLimit: { requests: 2, perMs: 300 } });
    const first = Date.now();
    await reopen(portal.token);
    await reopen(portal.token);
    expect((await reopen(portal.token)).status).toBe(503);
    expect((await reopen(portal.token)).status).toBe(503);
    while (Date.now() - first < 320) await new Promise((resolve) => setTimeout(resolve, 20));
    // The first two left the window; the two refused ones were never in it.
    expect((await reopen(portal.token)).status).toBe(200);
  });

  it("without the option there is no limit", async () => {
    portal = await startFakePortal();
    const statuses = await Promise.all(
      Array.from({ length: 600 }, () => reopen(portal.token).then((r) => r.status)),
    );
    expect(new Set(statuses)).toEqual(new Set([200]));
  });

  it("refuses a limit that is not whole numbers of at least 1", async () => {
    await expect(startFakePortal({ rateLimit: { requests: 0, perMs: 1000 } })).rejects.toThrow(
      /rateLimit.requests/,
    );
    portal = await startFakePortal(); // for afterEach
  });
});
