// Many calls at once, and a process that exits by itself afterwards: no timer or socket of the
// client's keeps Node alive (each attempt's time limit and each backoff wait is cleared).
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

// The same through the built package in a child process, which must end on its own.
const child = `
const { createCrmClient } = require(${JSON.stringify(join(__dirname, "../dist/index.cjs"))});
const { startFakePortal } = require(${JSON.stringify(join(__dirname, "../dist/testing/index.cjs"))});
(async () => {
  const portal = await startFakePortal();
  // A 2-minute time limit per attempt: one timer left behind would outlive the 60 s budget below.
  const crm = createCrmClient({ baseUrl: portal.url, token: portal.token, timeoutMs: 120000, retryDelay: { baseMs: 1, maxMs: 5 }, maxRetries: 30 });
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
  await portal.close();
  console.log(JSON.stringify({ ok: ok.length, timeout, aborted, requests: portal.requests.length }));
})();
`;

it("a process that made 500 calls, a timed-out one and an aborted one exits by itself", async () => {
  if (!existsSync(join(__dirname, "../dist/index.cjs"))) {
    throw new Error("dist/ is missing: run `npm run build` first");
  }
  const started = Date.now();
  const output = await new Promise<string>((resolve, reject) => {
    // Without the cleanup, a leftover 2 min time limit or the 10 min wait would keep it alive.
    execFile(process.execPath, ["-e", child], { timeout: 60_000 }, (error, stdout, stderr) =>
      error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout),
    );
  });
  expect(JSON.parse(output)).toEqual({
    ok: 500,
    timeout: "TimeoutError",
    aborted: "AbortError",
    requests: 527,
  });
  expect(Date.now() - started).toBeLessThan(60_000);
});
