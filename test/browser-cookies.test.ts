// Only the token authenticates, in a real browser: a page on the portal's own origin (where the
// browser holds the portal's `asc_auth_key` session cookie) uses the built client in headless
// Chromium. A portal tries that cookie before the Authorization header (ASCCookieAuthorization.cs:45-53,
// web.autofac.config:15-17); the client sends every request with `credentials: "omit"`, so no
// cookie goes out and none comes in. A plain `fetch` from the same page is the control: it
// sends the cookie, and the portal then decides by the cookie, not by the token.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { browserApp, launchChromium } from "./chromium";
import { startFakePortal, type FakePortal } from "../src/testing";

const root = join(__dirname, "..");
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const password = "browser-Pa55word";

// The app: the built client on `window`, for page.evaluate to drive.
const appSource = `
import * as client from ${JSON.stringify(join(root, "dist/index.mjs"))};
window.client = client;
window.READY = true;
`;

let appJs: string;
let portal: FakePortal;
let userDataDir: string;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  appJs = await browserApp(appSource);
  // The page and the API on one origin, as a portal serves its own web pages.
  portal = await startFakePortal({
    userName: "anna@example.com",
    password,
    web: (req, res) => {
      if (req.url === "/app.js") {
        res.writeHead(200, { "Content-Type": "text/javascript" });
        return void res.end(appJs);
      }
      if (req.url !== "/") return void res.writeHead(404).end();
      res.writeHead(200, { "Content-Type": "text/html" });
      res.end(
        `<!doctype html><title>portal page</title><script type="module" src="/app.js"></script>`,
      );
    },
  });
  userDataDir = mkdtempSync(join(tmpdir(), "crm-cookies-"));
  context = await launchChromium(userDataDir);
  page = await context.newPage();
  await page.goto(`${portal.url}/`);
  await page.waitForFunction(() => (window as { READY?: boolean }).READY, null, {
    timeout: 15_000,
  });
}, 60_000);

afterAll(async () => {
  await context?.close();
  await portal?.close();
  if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
});

beforeEach(async () => {
  await context.clearCookies();
  portal.requests.length = 0;
});

/** Puts `asc_auth_key=value` in the browser's jar for the portal's origin. */
async function sessionCookie(value: string): Promise<void> {
  await context.addCookies([{ name: "asc_auth_key", value, url: portal.url }]);
}

/** The API requests the portal saw, with their Cookie and Authorization headers. */
function apiRequests() {
  return portal.requests
    .filter((r) => r.url.startsWith("/api/"))
    .map((r) => ({ url: r.url, cookie: r.headers.cookie, authorization: r.headers.authorization }));
}

interface Outcome {
  status?: number;
  id?: number;
  error?: string;
}

/** The client, in the page: getCase(42) with `token`, and the raw client's GET of the same case. */
function clientCalls(token: string): Promise<Outcome[]> {
  return page.evaluate(async (token) => {
    const { createCrmClient, createRawClient } = (window as any).client;
    const options = { baseUrl: location.origin, token, maxRetries: 0 };
    const facade = await createCrmClient(options)
      .getCase(42)
      .then((c: { id: number }) => ({ id: c.id }))
      .catch((e: Error) => ({ error: e.name }));
    const raw = await createRawClient(options)
      .GET("/api/2.0/crm/case/{caseid}", { params: { path: { caseid: 42 } } })
      .then(({ response }: { response: Response }) => ({ status: response.status }));
    return [facade, raw];
  }, token);
}

/** The control: a plain `fetch` from the same page, which sends the page's cookies. */
function plainFetch(authorization: string): Promise<number> {
  return page.evaluate(
    (authorization) =>
      fetch("/api/2.0/crm/case/42", { headers: { Authorization: authorization } }).then(
        (r) => r.status,
      ),
    authorization,
  );
}

it("a stale asc_auth_key cookie: the client still acts with its token; a plain fetch gets 401", async () => {
  await sessionCookie("STALE-SESSION-3F9A0C");

  expect(await clientCalls(portal.token)).toEqual([{ id: 42 }, { status: 200 }]);
  expect(apiRequests()).toEqual([
    { url: "/api/2.0/crm/case/42", cookie: undefined, authorization: portal.token },
    { url: "/api/2.0/crm/case/42", cookie: undefined, authorization: portal.token },
  ]);

  // The control: a plain fetch sends the cookie, and the portal refuses it. Its 401 carries a
  // Basic challenge (an Authorization header came), on which the browser asks the user for a
  // password and the page's fetch never settles: so the request the portal got is replayed.
  portal.requests.length = 0;
  const control = await context.newPage();
  try {
    await control.goto(`${portal.url}/`);
    void control.evaluate((authorization) => {
      void fetch("/api/2.0/crm/case/42", { headers: { Authorization: authorization } });
    }, portal.token);
    for (let i = 0; i < 250 && apiRequests().length === 0; i++) await sleep(20);
  } finally {
    await control.close();
  }
  const [sent] = apiRequests();
  expect(sent).toEqual({
    url: "/api/2.0/crm/case/42",
    cookie: "asc_auth_key=STALE-SESSION-3F9A0C",
    authorization: portal.token,
  });
  const replayed = await fetch(`${portal.url}${sent!.url}`, {
    headers: { Cookie: sent!.cookie!, Authorization: sent!.authorization! },
  });
  expect(replayed.status).toBe(401); // the cookie was tried, not the token
  expect(replayed.headers.get("www-authenticate")).toMatch(/^Basic /);
}, 30_000);

it("a valid session cookie does not stand in for a wrong token; a plain fetch would pass on it", async () => {
  await sessionCookie(portal.token); // the portal's own, valid session

  expect(await clientCalls("NOT-THE-TOKEN-8E21D7")).toEqual([
    { error: "AuthenticationError" },
    { status: 401 },
  ]);
  for (const request of apiRequests()) expect(request.cookie).toBeUndefined();

  expect(await plainFetch("NOT-THE-TOKEN-8E21D7")).toBe(200); // the cookie authenticated it
}, 30_000);

it("signIn leaves no session cookie behind; a plain fetch of the same sign-in stores one", async () => {
  const signedIn = await page.evaluate(
    ({ password }) =>
      (window as any).client
        .signIn({ baseUrl: location.origin, userName: "anna@example.com", password })
        .then((r: { token: string }) => r.token),
    { password },
  );
  expect(signedIn).toBe(portal.token);
  expect(portal.requests.at(-1)!.headers.cookie).toBeUndefined();
  expect(await context.cookies(portal.url)).toEqual([]); // the Set-Cookie was not kept

  await page.evaluate(
    ({ password }) =>
      fetch("/api/2.0/authentication", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ userName: "anna@example.com", password }),
      }),
    { password },
  );
  expect((await context.cookies(portal.url)).map((c) => [c.name, c.value])).toEqual([
    ["asc_auth_key", portal.token],
  ]);
}, 30_000);
