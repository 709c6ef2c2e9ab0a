// A real HTTP server on 127.0.0.1 that answers the way an ONLYOFFICE Workspace portal does: it
// routes first (an unknown path is the host's 404), then authenticates in the portal's order,
// binds parameters as the portal does (route, query, JSON body only with its content type),
// and wraps answers in the envelope (camelCase, integer enums, `\/` escapes, 201 for POST).
import { randomUUID } from "node:crypto";
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type ServerResponse,
} from "node:http";
import type { AddressInfo } from "node:net";
import type { components } from "../../generated/schema";
import { authenticated, signIn, type SignInSettings } from "./auth";
import { caseRoutes } from "./cases";
import { seedActivity, seedCaseFields, seedCases, seedContacts, seedUsers } from "./fixtures";
import { historyRoutes } from "./history";
import { matchRoute, type Route } from "./routes";
import { PortalState, type FullContact } from "./state";
import { taskRoutes } from "./tasks";
import { Args, pagingOf, PortalError, sendAnswer, sendError, sendHostNotFound } from "./wire";

type Case = components["schemas"]["Case"];

export interface RecordedRequest {
  method: string;
  /** Path and query, as received. */
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** Takes over one request (fault injection): write any answer, or none, to `res`. */
export type Responder = (req: IncomingMessage, res: ServerResponse) => void;

export interface FakePortalOptions {
  /** The token the portal accepts, and hands out on sign-in. Default: a random one. */
  token?: string;
  /** The cases it holds, in their single form. Default: `seedCases()`. */
  cases?: Case[];
  /** The persons and companies it holds, in their single form. Default: `seedContacts()`. */
  contacts?: FullContact[];
  /** Tags of cases, by case ID. Default: 42 and 13 are tagged `printer`, 42 also `hardware`. */
  caseTags?: Record<number, string[]>;
  /**
   * Answer as a portal behind a CORS-enabled proxy does, for a browser app on another origin:
   * OPTIONS preflights get 204 with the allowed methods and headers, and every answer carries
   * `Access-Control-Allow-Origin`. `true` allows any origin (`*`). Default: no CORS headers.
   */
  cors?: boolean | { origin: string };
  /**
   * The user name `POST /api/2.0/authentication` accepts (compared exactly).
   * Default: `anna.obrien@portal.example.com`.
   */
  userName?: string;
  /** The password `POST /api/2.0/authentication` accepts. Default: a random one. */
  password?: string;
  /**
   * Makes the user a two-factor account: a right password then answers 201 with no token and
   * `tfa: true` (`"app"`) or `sms: true` (`"sms"`), as a portal does. Default: `false`.
   */
  twoFactor?: false | "app" | "sms";
  /** How long a token it hands out lasts, in milliseconds (for `expires`). Default: a year. */
  tokenLifetimeMs?: number;
  /** The portal's UTC offset in minutes, for the dates it writes. Default: 180 (`+03:00`). */
  utcOffsetMinutes?: number;
}

export interface FakePortal {
  /** `http://127.0.0.1:<port>`: pass it as `baseUrl`. */
  readonly url: string;
  /** The token it accepts (raw, `Bearer …`, or as `asc_auth_key`). */
  readonly token: string;
  /** The user name its sign-in accepts. */
  readonly userName: string;
  /** The password its sign-in accepts. */
  readonly password: string;
  /** The cases, by ID, in their single form; change them to set up a test. */
  readonly cases: Map<number, Case>;
  /** The persons and companies, by ID, in their single form. */
  readonly contacts: Map<number, FullContact>;
  /** Every request received, in order. */
  readonly requests: RecordedRequest[];
  /** Answers the next requests with these responders instead of the portal's logic, one each. */
  queue(...responders: Responder[]): void;
  close(): Promise<void>;
}

// Returns true when it answered the request (a preflight) itself.
function applyCors(
  cors: FakePortalOptions["cors"],
  req: IncomingMessage,
  res: ServerResponse,
): boolean {
  if (!cors) return false;
  res.setHeader("Access-Control-Allow-Origin", cors === true ? "*" : cors.origin);
  if (cors !== true) res.setHeader("Vary", "Origin");
  if (req.method !== "OPTIONS" || !req.headers["access-control-request-method"]) return false;
  res.writeHead(204, {
    "Access-Control-Allow-Methods": "GET, POST, PUT, DELETE",
    "Access-Control-Allow-Headers": "Authorization, Content-Type, Accept",
    "Access-Control-Max-Age": "600",
  });
  res.end();
  return true;
}

const CRM = "/api/2.0/crm/";

/**
 * Starts a fake ONLYOFFICE portal on 127.0.0.1 (a random port). It serves sign-in
 * (`POST /api/2.0/authentication`) and the CRM routes of the Cases, History and Tasks controllers,
 * on shared state: a created case is listed and can be fetched, a deleted one is a 404 and takes
 * its history and tasks with it, members added are listed, a note added is in the case's history.
 * Without the right token a CRM route answers the portal's plain-text 401 `Unauthorized`.
 *
 * Every route also answers with a `.json` suffix. Close it with `close()` when done.
 */
export async function startFakePortal(options: FakePortalOptions = {}): Promise<FakePortal> {
  const sign: SignInSettings = {
    token: options.token ?? randomUUID().toUpperCase(),
    userName: options.userName ?? "anna.obrien@portal.example.com",
    password: options.password ?? randomUUID(),
    twoFactor: options.twoFactor ?? false,
    tokenLifetimeMs: options.tokenLifetimeMs ?? 365 * 24 * 60 * 60 * 1000,
    offsetMinutes: options.utcOffsetMinutes ?? 180,
  };
  const cases = new Map((options.cases ?? seedCases()).map((c) => [c.id, structuredClone(c)]));
  const contacts = new Map(
    (options.contacts ?? seedContacts()).map((c) => [c.id, structuredClone(c)]),
  );
  const state = new PortalState(cases, contacts, seedUsers(), seedCaseFields(), sign.offsetMinutes);
  for (const [id, tags] of Object.entries(
    options.caseTags ?? { 42: ["printer", "hardware"], 13: ["printer"] },
  )) {
    state.tags.set(`case:${id}`, [...tags]);
  }
  seedActivity(state); // history and task categories, events, tasks
  const routes: Route[] = [...caseRoutes, ...historyRoutes, ...taskRoutes];
  const requests: RecordedRequest[] = [];
  const responders: Responder[] = [];

  function handle(req: IncomingMessage, res: ServerResponse, body: string): void {
    requests.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, body });
    if (applyCors(options.cors, req, res)) return;
    const responder = responders.shift();
    if (responder) return responder(req, res);

    const url = new URL(req.url ?? "/", "http://portal");
    const method = req.method ?? "GET";
    const paging = pagingOf(url);
    try {
      if (/^\/api\/2\.0\/authentication(?:\.json)?$/.test(url.pathname) && method === "POST") {
        return signIn(res, new Args(req, url, body, {}), paging, sign);
      }
      // Routing comes first: an unknown URL never reaches authentication (ApiRouteHandler.cs:37-71).
      const route = url.pathname.startsWith(CRM)
        ? matchRoute(routes, method, url.pathname.slice(CRM.length))
        : undefined;
      if (!route) return sendHostNotFound(res);
      const form = /application\/x-www-form-urlencoded/i.test(req.headers["content-type"] ?? "")
        ? new URLSearchParams(body)
        : undefined;
      if (!authenticated(req, url, form, sign)) {
        // Not JSON: the portal answers 401 with this plain text (ErrorHttpHandler.cs:34-39).
        const challenge = req.headers.authorization
          ? { "WWW-Authenticate": `Basic Realm="${req.headers.host}"` }
          : {};
        res.writeHead(401, { "Content-Type": "text/html", ...challenge });
        return void res.end("Unauthorized");
      }
      const args = new Args(req, url, body, route.values);
      sendAnswer(res, method, paging, route.handle({ state, args, paging }));
    } catch (error) {
      if (!(error instanceof PortalError)) throw error;
      sendError(res, error, paging.startIndex);
    }
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => handle(req, res, Buffer.concat(chunks).toString("utf8")));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    token: sign.token,
    userName: sign.userName,
    password: sign.password,
    cases,
    contacts,
    requests,
    queue: (...more) => void responders.push(...more),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
