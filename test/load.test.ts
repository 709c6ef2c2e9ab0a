// Many calls at once, and a process that exits by itself afterwards: no timer or socket of the
// client's keeps Node alive (each attempt's time limit, each backoff wait and the line's timer is
// cleared), while a timer does keep it alive as long as calls wait in line for their turn.
// Generous limits: these run beside other suites on a small shared machine; what they check is
// counts and a natural exit, not speed.
jest.setTimeout(90_000);
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { createCrmClient } from "../src";
import { startFakePortal, type FakePortal } from "../src/testing";

let portal: FakePortal;
beforeEach(async () => {
  portal = await startFakePortal();
});
afterEach(() => portal.close());

it("500 concurrent reopenCase calls all succeed, some after a retry", async () => {
  const crm = createCrmClient({
    baseUrl: portal.url,
    token: portal.token,
    retryDelay: { baseMs: 1, maxMs: 5 },
    maxRetries: 30, // a call may meet several of the 25 busy answers
    rateLimit: false, // 525 requests: the default 450 per 10 s would make this take 10 s
  });
  const busy = (_req: unknown, res: import("node:http").ServerResponse) => {
    res.writeHead(503, { "Content-Type": "text/html" });
    res.end("<html>busy</html>");
  };
  portal.queue(...Array.from({ length: 25 }, () => busy));
  const ids = Array.from({ length: 500 }, (_, i) => (i % 2 === 0 ? 42 : 7));
  const cases = await Promise.all(ids.map((id) => crm.reopenCase(id)));
  expect(cases.map((c) => c.id)).toEqual(ids);
  expect(cases.every((c) => c.isClosed === false)).toBe(true);
  expect(portal.requests).toHaveLength(525);
});

// Bulk work inside the portal's limit (issue 13): the sync job that launched 5 000 calls at once
// spent its retries against the portal's limiter. Scaled down to run in seconds: 2 000 calls
// against a portal that takes 400 per second, through a client told the same limit.
it("2 000 calls launched at once against a rate-limited portal all succeed, with no 503", async () => {
  await portal.close();
  const limit = { requests: 400, perMs: 1000 };
  portal = await startFakePortal({ rateLimit: limit });
  let refused = 0;
  const crm = createCrmClient({
    baseUrl: portal.url,
    token: portal.token,
    rateLimit: limit,
    fetch: async (request) => {
      const response = await fetch(request);
      if (response.status === 503) refused++;
      return response;
    },
  });
  const started = Date.now();
  const cases = await Promise.all(Array.from({ length: 2000 }, () => crm.reopenCase(42)));
  const wallMs = Date.now() - started;
  expect(cases).toHaveLength(2000);
  // Not one refusal: the client's window counts each attempt until `perMs` after its answer,
  // so the portal never sees more than 400 of them in a second, whatever the latency.
  expect(refused).toBe(0);
  expect(portal.requests).toHaveLength(2000);
  // The least the limit allows is 4 s (400 at once, then 400 a second). The upper bound only
  // catches a stall (a line that waited a window per call would take minutes): runs here take
  // 4.6–6.1 s alone and up to 18.6 s on a machine shared with other builds.
  expect(wallMs).toBeGreaterThanOrEqual(4000);
  expect(wallMs).toBeLessThan(30_000);
});

// The same through the built package in a child process, which must end on its own.
const child = `
const { createCrmClient } = require(${JSON.stringify(join(__dirname, "../dist/index.cjs"))});
const { startFakePortal } = require(${JSON.stringify(join(__dirname, "../dist/testing/index.cjs"))});
(async () => {
  const portal = await startFakePortal();
  // A 2-minute time limit per attempt: one timer left behind would outlive the 60 s budget below.
  const crm = createCrmClient({ baseUrl: portal.url, token: portal.token, timeoutMs: 120000, retryDelay: { baseMs: 1, maxMs: 5 }, maxRetries: 30, rateLimit: false });
  const busy = (req, res) => res.writeHead(503).end();
  portal.queue(...Array.from({ length: 25 }, () => busy));
  const ok = await Promise.all(Array.from({ length: 500 }, () => crm.reopenCase(42)));
  portal.queue(() => {});
  const timeout = await crm.reopenCase(42, { timeoutMs: 50, maxRetries: 0 }).catch((e) => e.name);
  // An abort during a ten-minute backoff wait must not leave the wait's timer behind.
  const controller = new AbortController();
  portal.queue((req, res) => { res.writeHead(503).end(); res.on("finish", () => setTimeout(() => controller.abort(), 10)); });
  const slow = createCrmClient({ baseUrl: portal.url, token: portal.token, retryDelay: { baseMs: 600000, maxMs: 600000 } });
  const aborted = await slow.reopenCase(42, { signal: controller.signal }).catch((e) => e.name);
  // A call waiting in line behind a ten-minute pause (Retry-After: 600), and one behind a window
  // that is full for ten minutes, are aborted: the line's timer must go with them.
  const paused = createCrmClient({ baseUrl: portal.url, token: portal.token, maxRetries: 0, retryDelay: { retryAfterMaxMs: 600000 } });
  portal.queue((req, res) => res.writeHead(503, { "Retry-After": "600" }).end());
  const refused = await paused.reopenCase(42).catch((e) => e.name);
  const inPause = await paused.reopenCase(42, { signal: AbortSignal.timeout(20) }).catch((e) => e.name);
  const full = createCrmClient({ baseUrl: portal.url, token: portal.token, rateLimit: { requests: 1, perMs: 600000 } });
  await full.reopenCase(42);
  const inWindow = await full.reopenCase(42, { signal: AbortSignal.timeout(20) }).catch((e) => e.name);
  await portal.close();
  console.log(JSON.stringify({ ok: ok.length, timeout, aborted, refused, inPause, inWindow, requests: portal.requests.length }));
})();
`;

it("a process that made 500 calls, a timed-out one and aborted ones exits by itself", async () => {
  if (!existsSync(join(__dirname, "../dist/index.cjs"))) {
    throw new Error("dist/ is missing: run `npm run build` first");
  }
  const started = Date.now();
  const output = await new Promise<string>((resolve, reject) => {
    // Without the cleanup, a leftover 2 min time limit or a 10 min wait would keep it alive.
    execFile(process.execPath, ["-e", child], { timeout: 60_000 }, (error, stdout, stderr) =>
      error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout),
    );
  });
  expect(JSON.parse(output)).toEqual({
    ok: 500,
    timeout: "TimeoutError",
    aborted: "AbortError",
    refused: "InternalServerError",
    inPause: "TimeoutError", // AbortSignal.timeout's reason
    inWindow: "TimeoutError",
    requests: 529,
  });
  expect(Date.now() - started).toBeLessThan(60_000);
});

// The other half of "no timer keeps the process alive": while calls wait in line, the line's
// timer is all that keeps a process alive (the portal is in this process, not the child's), and it
// must, or Node would exit with the calls unfinished. So that timer is not `unref`ed.
it("a process whose calls wait in line for the window stays alive until they are done", async () => {
  if (!existsSync(join(__dirname, "../dist/index.cjs"))) {
    throw new Error("dist/ is missing: run `npm run build` first");
  }
  const script = `
const { createCrmClient } = require(${JSON.stringify(join(__dirname, "../dist/index.cjs"))});
const crm = createCrmClient({ baseUrl: process.env.PORTAL_URL, token: process.env.PORTAL_TOKEN, rateLimit: { requests: 10, perMs: 300 } });
Promise.all(Array.from({ length: 30 }, () => crm.getCase(42))).then((cases) => console.log(cases.length));
`;
  const output = await new Promise<string>((resolve, reject) => {
    execFile(
      process.execPath,
      ["-e", script],
      {
        timeout: 30_000,
        env: { ...process.env, PORTAL_URL: portal.url, PORTAL_TOKEN: portal.token },
      },
      (error, stdout, stderr) =>
        error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout),
    );
  });
  expect(output.trim()).toBe("30");
  expect(portal.requests).toHaveLength(30);
});
