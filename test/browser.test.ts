// A browser smoke test: a tiny app bundled from the built ESM entry with esbuild (platform
// "browser", so a `node:` import would fail the build), served from one origin, calls a fake
// portal on another origin in headless Chromium. The browser must send a CORS preflight for the
// Authorization header, and the token must travel in that header only.
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { browserApp, launchChromium } from "./chromium";
import { startFakePortal, type FakePortal } from "../src/testing";

const root = join(__dirname, "..");

// What runs in the page: reopen a case, then ask for one that does not exist.
const appSource = `
import { createCrmClient, NotFoundError, ConnectionError } from ${JSON.stringify(join(root, "dist/index.mjs"))};
const { baseUrl, token } = window.CRM_CONFIG;
const crm = createCrmClient({ baseUrl, token });
(async () => {
  try {
    const c = await crm.reopenCase(42);
    const missing = await crm.reopenCase(404404).catch((e) => e);
    window.RESULT = { id: c.id, isClosed: c.isClosed, notFound: missing instanceof NotFoundError };
  } catch (e) {
    window.RESULT = { error: e && e.name, connection: e instanceof ConnectionError, message: String(e && e.message) };
  }
})();
`;

let appJs: string;
let app: Server;
let appOrigin: string;
let userDataDir: string;
let context: BrowserContext;
const portals: FakePortal[] = [];

beforeAll(async () => {
  appJs = await browserApp(appSource);

  app = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://app");
    if (url.pathname === "/app.js") {
      res.writeHead(200, { "Content-Type": "text/javascript" });
      return void res.end(appJs);
    }
    const config = JSON.stringify({
      baseUrl: url.searchParams.get("portal"),
      token: url.searchParams.get("token"),
    });
    res.writeHead(200, { "Content-Type": "text/html" });
    res.end(
      `<!doctype html><meta charset="utf-8"><title>crm smoke</title>` +
        `<script>window.CRM_CONFIG = ${config};</script><script type="module" src="/app.js"></script>`,
    );
  });
  await new Promise<void>((resolve) => app.listen(0, "127.0.0.1", resolve));
  // `localhost` here and `127.0.0.1` for the portal: two origins, whatever the ports.
  appOrigin = `http://localhost:${(app.address() as AddressInfo).port}`;

  userDataDir = mkdtempSync(join(tmpdir(), "crm-chromium-"));
  context = await launchChromium(userDataDir);
}, 60_000);

afterAll(async () => {
  await context?.close();
  await Promise.all(portals.map((portal) => portal.close()));
  await new Promise((resolve) => (app ? app.close(resolve) : resolve(undefined)));
  if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
});

async function runApp(portal: FakePortal): Promise<Record<string, unknown>> {
  const page: Page = await context.newPage();
  try {
    const query = new URLSearchParams({ portal: portal.url, token: portal.token });
    await page.goto(`${appOrigin}/?${query}`);
    await page.waitForFunction(() => (window as { RESULT?: unknown }).RESULT, null, {
      timeout: 15_000,
    });
    return await page.evaluate(
      () => (window as unknown as { RESULT: Record<string, unknown> }).RESULT,
    );
  } finally {
    await page.close();
  }
}

it("reopens a case from a page on another origin, token in the Authorization header", async () => {
  const portal = await startFakePortal({ cors: { origin: appOrigin } });
  portals.push(portal);

  expect(await runApp(portal)).toEqual({ id: 42, isClosed: false, notFound: true });

  const preflight = portal.requests.find((r) => r.method === "OPTIONS");
  expect(preflight).toBeDefined();
  expect(preflight!.headers["access-control-request-method"]).toBe("PUT");
  expect(preflight!.headers["access-control-request-headers"]).toMatch(/authorization/i);
  expect(preflight!.headers.origin).toBe(appOrigin);
  expect(preflight!.headers.authorization).toBeUndefined(); // a preflight never carries it

  const puts = portal.requests.filter((r) => r.method === "PUT");
  expect(puts.map((r) => r.url)).toEqual([
    "/api/2.0/crm/case/42/reopen",
    "/api/2.0/crm/case/404404/reopen",
  ]);
  for (const put of puts) {
    expect(put.headers.origin).toBe(appOrigin);
    expect(put.headers.authorization).toBe(portal.token);
    expect(put.headers.cookie).toBeUndefined();
    expect(put.url).not.toContain(portal.token);
  }
}, 30_000);

it("fails with a ConnectionError when the portal does not answer the preflight", async () => {
  const portal = await startFakePortal(); // no CORS: the browser blocks the request
  portals.push(portal);

  expect(await runApp(portal)).toMatchObject({ error: "ConnectionError", connection: true });
  expect(portal.requests.filter((r) => r.method === "PUT")).toEqual([]);
}, 30_000);
