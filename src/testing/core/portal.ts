// A real HTTP server on 127.0.0.1 that answers the way an ONLYOFFICE Workspace portal does: it
// routes first (an unknown path is the host's 404), then authenticates in the portal's order,
// binds parameters as the portal does (route, query, JSON body only with its content type),
// and wraps answers in the envelope (camelCase, integer enums, `\/` escapes, 201 for POST).
import { randomInt, randomUUID } from "node:crypto";
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type ServerResponse,
} from "node:http";
import type { AddressInfo } from "node:net";
import type { components } from "../../../generated/schema";
import { authenticated, clientIp, SignInDesk, type SignInSettings } from "./auth";
import { seedFields } from "../parts/customfields";
import { seedDeals } from "../parts/deals";
import { seedSetup } from "../parts/setup";
import { seedActivity, seedCaseFields, seedCases, seedContacts, seedUsers } from "./fixtures";
import { rateLimiter, type PortalRateLimit } from "./rate-limit";
import { API_ROUTES, DOCUMENTS_ROUTES, ROUTES } from "../parts";
import { seedVoip, type VoipOptions } from "../parts/voip";
import { matchRoute } from "./routes";
import { PortalState, type FullContact } from "./state";
import {
  Args,
  pagingOf,
  PortalError,
  sendAnswer,
  sendError,
  sendHostNotFound,
  type Paging,
} from "./wire";

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
   * The token's user is a CRM administrator for the admin-only routes (the portal's setup:
   * stages, statuses, types, categories, custom field definitions, unused tags). Default: false.
   */
  admin?: boolean;
  /**
   * Answer as a portal behind a CORS-enabled proxy does, for a browser app on another origin:
   * OPTIONS preflights get 204 with the allowed methods and headers, and every answer carries
   * `Access-Control-Allow-Origin`. `true` allows any origin (`*`). Default: no CORS headers.
   */
  cors?: boolean | { origin: string };
  /**
   * Answers every request outside `/api/` (the portal's own web pages), for a test that runs a
   * page on the portal's origin in a browser. Default: the host's 404.
   */
  web?: Responder;
  /**
   * The email `POST /api/2.0/authentication` accepts (a portal looks the user up by email,
   * case-insensitively). Default: `anna.obrien@portal.example.com`.
   */
  userName?: string;
  /** The password `POST /api/2.0/authentication` accepts. Default: a random one. */
  password?: string;
  /**
   * Makes the user a two-factor account: a right password then answers 201 with no token and
   * `tfa: true` (`"app"`) or `sms: true` (`"sms"`), as a portal does, and the token comes from
   * `POST /api/2.0/authentication/{code}` with `code`. Default: `false`.
   */
  twoFactor?: false | "app" | "sms";
  /**
   * The code the authenticator app shows, or every SMS carries. A portal sends a new random SMS
   * code each time and an app's code changes every 30 s; this one is fixed. Default: 6 random digits.
   */
  code?: string;
  /**
   * The SMS user's mobile phone (`phoneNoise` masks it). `null`: none set or not activated, so
   * sign-in answers `{token: null, sms: true}` and sends no code. Default: `+49 170 5550142`.
   */
  mobilePhone?: string | null;
  /**
   * An app user who has not connected an authenticator app yet: sign-in answers this setup key
   * as `tfaKey`, until the first right code connects the app. Default: none (connected).
   */
  tfaKey?: string;
  /**
   * The portal's IP restrictions keep this user out from here: a right password answers 500
   * `Exception of type 'ASC.IPSecurity.IPSecurityException' was thrown.`. Default: `false`.
   */
  ipRestricted?: boolean;
  /**
   * How long a token it hands out lasts, in milliseconds. When set, each sign-in issues a new
   * token (`<token>.1`, `<token>.2`, …) that the portal refuses with 401 once `clock` passes its
   * `expires`, as a portal does; `token` itself stays valid. Default: a calendar year and the one
   * `token`, as a portal's default cookie settings.
   */
  tokenLifetimeMs?: number;
  /**
   * The sign-in routes' clock in milliseconds: the lockout (more than 5 attempts in 60 s for a
   * login from one IP blocks it for 60 s), code checks and `expires`. Default: `Date.now`.
   */
  clock?: () => number;
  /** The portal's UTC offset in minutes, for the dates it writes. Default: 180 (`+03:00`). */
  utcOffsetMinutes?: number;
  /**
   * The portal's documented request limit (500 per 10 s per IP and account; see rate-limit.ts): past
   * `requests` in any `perMs` for one token, it answers 503 with `Retry-After` (whole seconds)
   * before routing and authentication. Refused requests are recorded in `requests` too.
   * Default: no limit.
   */
  rateLimit?: PortalRateLimit;
  /**
   * Reports as for an administrator of a portal with a document builder: a report is built in
   * `runMs` (default 50), or fails with `fail`. Default: reports answer 403.
   */
  reports?: { runMs?: number; fail?: string };
  /**
   * VoIP: `admin` makes the user a portal administrator for the VoIP routes; `twilio` simulates
   * a provider (Twilio keys set) with numbers, operators, audio and a call log (`calls` replaces
   * the seeded log). Default: no keys, not an admin,
   * so the Twilio routes answer 400 `accountSid`. No real calls, ever.
   */
  voip?: VoipOptions;
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
  /** The two-factor code it accepts (see `FakePortalOptions.code`). */
  readonly code: string;
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
/** The Documents module's routes (only what the CRM's files need). */
const DOCUMENTS = "/api/2.0/files/";
/** The batch route, with or without `.json` (M/ASC.Api/Impl/Routing/ApiBatchRouteRegitrator.cs:40-44). */
const batchPath = /^\/api\/2\.0\/batch(\.json)?$/i;

interface BatchItem {
  relativeUrl?: string;
  method?: string;
  body?: string;
  bodyContentType?: string;
  name?: string;
  order?: number;
}

/** Not JSON: the portal answers 401 with this plain text (ErrorHttpHandler.cs:34-39). */
function unauthorized(req: IncomingMessage, res: ServerResponse): void {
  const challenge = req.headers.authorization
    ? { "WWW-Authenticate": `Basic Realm="${req.headers.host}"` }
    : {};
  res.writeHead(401, { "Content-Type": "text/html", ...challenge });
  res.end("Unauthorized");
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/**
 * Starts a fake ONLYOFFICE portal on 127.0.0.1 (a random port). It serves sign-in
 * (`POST /api/2.0/authentication`, `…/{code}` and `…/sendsms`, with the portal's lockout) and
 * the CRM routes of the Cases controller, contacts, case tags, case custom fields, history and
 * tasks, on shared state: a created case is listed and can be fetched, a deleted one is a 404 and
 * takes its tags, history and tasks with it, members added are listed, tags added are counted, a
 * note added is in the case's history.
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
    code: options.code ?? String(randomInt(0, 1e6)).padStart(6, "0"),
    mobilePhone: options.mobilePhone === undefined ? "+49 170 5550142" : options.mobilePhone,
    tfaKey: options.tfaKey,
    ipRestricted: options.ipRestricted ?? false,
    tokenLifetimeMs: options.tokenLifetimeMs,
    issued: new Map(),
    offsetMinutes: options.utcOffsetMinutes ?? 180,
    clock: options.clock ?? Date.now,
  };
  const desk = new SignInDesk(sign);
  // A token also sets the portal's session cookie (CookiesManager.cs:282-306).
  const cookie = `asc_auth_key=${sign.token}; path=/; HttpOnly`;
  const cases = new Map((options.cases ?? seedCases()).map((c) => [c.id, structuredClone(c)]));
  const contacts = new Map(
    (options.contacts ?? seedContacts()).map((c) => [c.id, structuredClone(c)]),
  );
  const state = new PortalState(cases, contacts, seedUsers(), seedCaseFields(), sign.offsetMinutes);
  for (const [id, tags] of Object.entries(
    options.caseTags ?? { 42: ["printer", "hardware"], 13: ["printer"] },
  )) {
    state.tags.set(`case:${id}`, [...tags]);
    state.tagTitles.set("case", [...new Set([...(state.tagTitles.get("case") ?? []), ...tags])]);
  }
  seedActivity(state); // history and task categories, events, tasks
  if (options.reports) state.reportBuilder = { runMs: 50, ...options.reports };
  if (options.voip) seedVoip(state, options.voip);
  seedDeals(state); // stages and deals
  seedFields(state); // contact custom fields
  seedSetup(state); // contact statuses and types
  state.admin = options.admin ?? false;
  const requests: RecordedRequest[] = [];
  const responders: Responder[] = [];
  const limited = options.rateLimit && rateLimiter(options.rateLimit);

  /** `POST /api/2.0/authentication`, `…/sendsms` and `…/{code}`. */
  function signInRoute(
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    body: string,
    paging: Paging,
    segment: string | undefined,
  ): void {
    const ip = clientIp(req);
    const reply = (value: unknown) => sendAnswer(res, "POST", paging, { value });
    if (segment?.toLowerCase() === "sendsms") {
      return reply(desk.sendSms(new Args(req, url, body, {}), ip));
    }
    if (segment === undefined) {
      const { answer, signedIn } = desk.signIn(new Args(req, url, body, {}), ip);
      if (signedIn) res.setHeader("Set-Cookie", cookie);
      return reply(answer);
    }
    // Routing decodes the path; the route value beats the body's `code`.
    const args = new Args(req, url, body, { code: safeDecode(segment) });
    const answer = desk.signInWithCode(args, ip, args.string("code") ?? "");
    res.setHeader("Set-Cookie", cookie);
    return reply(answer);
  }

  function handle(req: IncomingMessage, res: ServerResponse, body: string, raw?: Buffer): void {
    requests.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, body });
    if (applyCors(options.cors, req, res)) return;
    if (limited?.(req, res)) return;
    const responder = responders.shift();
    if (responder) return responder(req, res);
    serve(req, res, body, raw);
  }

  /** A request past the rate limit: routed, authenticated and answered as the portal does. */
  function serve(req: IncomingMessage, res: ServerResponse, body: string, raw?: Buffer): void {
    const url = new URL(req.url ?? "/", "http://portal");
    const file = req.method === "GET" ? state.stored.get(url.pathname) : undefined;
    if (file) {
      // Stored files are served to a signed-in user only (the store's validator).
      if (!authenticated(req, url, undefined, sign)) return unauthorized(req, res);
      res.writeHead(200, { "Content-Type": file.type, "Content-Length": file.bytes.length });
      return void res.end(file.bytes);
    }
    if (options.web && !url.pathname.startsWith("/api/")) return options.web(req, res);
    const method = req.method ?? "GET";
    const paging = pagingOf(url);
    try {
      // The sign-in routes need no token (AuthenticationEntryPoint.cs:94, :199, :230); routes
      // without `{` are matched first, so `sendsms` is no code (ApiRouteRegistrator.cs:44).
      // `setphone`, `register` and `login` are not modelled: the host's 404.
      const auth = /^\/api\/2\.0\/authentication(?:\/([^/]+?))?(?:\.json)?$/i.exec(url.pathname);
      const segment = auth?.[1];
      if (auth && method === "POST" && !/^(setphone|register|login)$/i.test(segment ?? "")) {
        return signInRoute(req, res, url, body, paging, segment);
      }
      // Routing comes first: an unknown URL never reaches authentication (ApiRouteHandler.cs:37-71).
      const route = url.pathname.startsWith(CRM)
        ? matchRoute(ROUTES, method, url.pathname.slice(CRM.length))
        : url.pathname.startsWith(DOCUMENTS)
          ? matchRoute(DOCUMENTS_ROUTES, method, url.pathname.slice(DOCUMENTS.length))
          : url.pathname.startsWith("/api/2.0/")
            ? matchRoute(API_ROUTES, method, url.pathname.slice("/api/2.0/".length))
            : undefined;
      if (batchPath.test(url.pathname) && method !== "GET") {
        if (!authenticated(req, url, undefined, sign)) return unauthorized(req, res);
        return sendAnswer(res, "GET", paging, { value: batch(req, url, body) });
      }
      if (!route) return sendHostNotFound(res);
      const form = /application\/x-www-form-urlencoded/i.test(req.headers["content-type"] ?? "")
        ? new URLSearchParams(body)
        : undefined;
      if (!authenticated(req, url, form, sign)) return unauthorized(req, res);
      const args = new Args(req, url, body, route.values);
      const request = {
        contentType: req.headers["content-type"] ?? "",
        contentDisposition: req.headers["content-disposition"] ?? "",
        body,
        raw,
      };
      sendAnswer(res, method, paging, route.handle({ state, args, paging, request }));
    } catch (error) {
      // Anything else is answered as a portal answers an unexpected exception (500, the
      // exception's message), not left hanging.
      const failure =
        error instanceof PortalError
          ? error
          : new PortalError(500, `fake portal: ${(error as Error).message}`, -2146233088);
      sendError(res, failure, paging.startIndex);
    }
  }

  /**
   * `POST /api/2.0/batch` (M/ASC.Api/Batch/ApiBatchHttpHandler.cs:43-150): the `batch` field
   * (`Request["batch"]`: the query string, then the urlencoded form) is a JSON array of
   * `{relativeUrl, method, body, bodyContentType, name, order}`; each runs in `order`, as its
   * own request with the batch's authentication, and answers `{name, status, headers, data}`
   * with `data` its whole answer as a string. One that matches no route answers `null` (:139).
   * No batch: a 200 whose envelope holds the error `no batch specified` (:83-86).
   */
  function batch(req: IncomingMessage, url: URL, body: string): unknown {
    const type = req.headers["content-type"] ?? "";
    const text =
      url.searchParams.get("batch") ??
      (/x-www-form-urlencoded/i.test(type) ? new URLSearchParams(body).get("batch") : null);
    const items = text ? (JSON.parse(text) as BatchItem[]) : [];
    if (!items.length) throw new PortalError(200, "no batch specified", -2146233079);
    return [...items]
      .sort((a, b) => (a.order ?? 0) - (b.order ?? 0))
      .map((item) => {
        const inner = {
          method: (item.method || "GET").toUpperCase(),
          url: `/${(item.relativeUrl ?? "").replace(/^\/+/, "")}`,
          headers: {
            ...req.headers,
            "content-type":
              item.bodyContentType ?? "application/x-www-form-urlencoded; charset=utf-8",
          },
          socket: req.socket,
        } as unknown as IncomingMessage;
        let status = 200;
        let data = "";
        const headers: Record<string, string> = {};
        const capture = {
          setHeader: (name: string, value: string) => void (headers[name] = String(value)),
          writeHead: (code: number, more: Record<string, string> = {}) => {
            status = code;
            for (const [name, value] of Object.entries(more)) headers[name] = String(value);
            return capture;
          },
          end: (chunk = "") => void (data += chunk),
        } as unknown as ServerResponse;
        if (batchPath.test(new URL(inner.url ?? "/", "http://portal").pathname)) return null;
        serve(inner, capture, item.body ?? "");
        // No route: the handler adds null (ApiBatchHttpHandler.cs:115-139).
        if (status === 404 && !data.startsWith("{")) return null;
        return { ...(item.name && { name: item.name }), headers, status, data };
      });
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const raw = Buffer.concat(chunks);
      handle(req, res, raw.toString("utf8"), raw);
    });
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
    code: sign.code,
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
