// A real HTTP server on 127.0.0.1 that answers the way an ONLYOFFICE Workspace portal does:
// the envelope, camelCase, integer enums, `\/` escapes, a plain-text 401, JSON errors.
import { randomUUID } from "node:crypto";
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type ServerResponse,
} from "node:http";
import type { AddressInfo } from "node:net";
import type { components } from "../../generated/schema";
import { CURRENT_USER, seedCases } from "./fixtures";

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
  /** The cases it holds. Default: `seedCases()`. */
  cases?: Case[];
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
  /** How long a token it hands out lasts, in milliseconds (for `expires`). Default: 30 days. */
  tokenLifetimeMs?: number;
}

export interface FakePortal {
  /** `http://127.0.0.1:<port>`: pass it as `baseUrl`. */
  readonly url: string;
  /** The token it accepts (raw, `Bearer …`, or cookie `asc_auth_key`). */
  readonly token: string;
  /** The user name its sign-in accepts. */
  readonly userName: string;
  /** The password its sign-in accepts. */
  readonly password: string;
  /** The cases, by ID; change them to set up a test. */
  readonly cases: Map<number, Case>;
  /** Every request received, in order. */
  readonly requests: RecordedRequest[];
  /** Answers the next requests with these responders instead of the portal's logic, one each. */
  queue(...responders: Responder[]): void;
  close(): Promise<void>;
}

// The portal escapes every `/` in strings; valid JSON that any parser reads back.
export function portalJson(value: unknown): string {
  return JSON.stringify(value).replace(/\//g, "\\/");
}

function send(
  res: ServerResponse,
  status: number,
  body: string,
  type = "application/json; charset=UTF-8",
): void {
  res.writeHead(status, { "Content-Type": type, "Content-Length": Buffer.byteLength(body) });
  res.end(body);
}

function sendError(res: ServerResponse, status: number, message: string): void {
  send(
    res,
    status,
    portalJson({
      status: 1,
      statusCode: status,
      error: { message, hresult: -2146233079, data: {} },
    }),
  );
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
    "Access-Control-Allow-Methods": "GET, POST, PUT",
    "Access-Control-Allow-Headers": "Authorization, Content-Type, Accept",
    "Access-Control-Max-Age": "600",
  });
  res.end();
  return true;
}

function presentedToken(headers: IncomingHttpHeaders): string | undefined {
  const header = headers.authorization;
  if (header) return header.replace(/^Bearer\s+/i, "");
  return /(?:^|;\s*)asc_auth_key=([^;]*)/.exec(headers.cookie ?? "")?.[1];
}

// An ApiDateTime in UTC: seven fraction digits, `Z`.
function apiDateTime(date: Date): string {
  return date.toISOString().replace(/\.(\d{3})Z$/, ".$10000Z");
}

function parseCredentials(req: IncomingMessage, body: string): Record<string, unknown> {
  try {
    if (/application\/x-www-form-urlencoded/i.test(req.headers["content-type"] ?? "")) {
      return Object.fromEntries(new URLSearchParams(body));
    }
    const parsed: unknown = JSON.parse(body);
    return typeof parsed === "object" && parsed !== null ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/**
 * Starts a fake ONLYOFFICE portal on 127.0.0.1 (a random port). It serves:
 * - `POST /api/2.0/authentication` (no token needed): 201 with `{token, expires}` for the right
 *   `userName`/`password`, a two-factor answer without a token when `twoFactor` is set, and
 *   500 `User authentication failed` otherwise;
 * - `GET /api/2.0/crm/case/{id}`: the case, or 404 `Not found` when it is missing or private to
 *   others (the portal hides it);
 * - `PUT /api/2.0/crm/case/{id}/close` and `.../reopen`: set `isClosed` and answer the case; 403
 *   `Access Denied` for a private case the user is not on, 404 for a missing one;
 * - a plain-text 401 `Unauthorized` for the case routes without the right token.
 *
 * Every route also answers with a `.json` suffix. Close it with `close()` when done.
 */
export async function startFakePortal(options: FakePortalOptions = {}): Promise<FakePortal> {
  const token = options.token ?? randomUUID().toUpperCase();
  const userName = options.userName ?? "anna.obrien@portal.example.com";
  const password = options.password ?? randomUUID();
  const twoFactor = options.twoFactor ?? false;
  const tokenLifetimeMs = options.tokenLifetimeMs ?? 30 * 24 * 60 * 60 * 1000;
  const cases = new Map((options.cases ?? seedCases()).map((c) => [c.id, structuredClone(c)]));
  const requests: RecordedRequest[] = [];
  const responders: Responder[] = [];

  function handle(req: IncomingMessage, res: ServerResponse, body: string): void {
    requests.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, body });
    if (applyCors(options.cors, req, res)) return;
    const responder = responders.shift();
    if (responder) return responder(req, res);

    const path = new URL(req.url ?? "/", "http://portal").pathname;
    if (/^\/api\/2\.0\/authentication(?:\.json)?$/.test(path) && req.method === "POST") {
      return authenticate(req, res, body);
    }

    if (presentedToken(req.headers) !== token) {
      // Not JSON: the portal answers 401 with this plain text.
      const challenge = req.headers.authorization
        ? { "WWW-Authenticate": `Basic Realm="${req.headers.host}"` }
        : {};
      res.writeHead(401, { "Content-Type": "text/html", ...challenge });
      return void res.end("Unauthorized");
    }
    const route = /^\/api\/2\.0\/crm\/case\/([0-9]+)(?:\/(reopen|close))?(?:\.json)?$/.exec(path);
    const action = route?.[2];
    const allowed = action ? "PUT" : "GET";
    if (!route || req.method !== allowed) return send(res, 404, "Not Found", "text/html");

    const id = Number(route[1]);
    if (id <= 0) return sendError(res, 400, "Value cannot be null.");
    const found = cases.get(id);
    const mayAccess =
      found !== undefined &&
      (!found.isPrivate || found.accessList?.some((user) => user.id === CURRENT_USER.id) === true);
    // GET hides a case the user may not see; close and reopen say Access Denied.
    if (!found || (!action && !mayAccess)) return sendError(res, 404, "Not found");
    if (!mayAccess) return sendError(res, 403, "Access Denied");
    if (action) found.isClosed = action === "close"; // unconditionally: both are idempotent
    send(res, 200, portalJson({ count: 1, status: 0, statusCode: 200, response: found }));
  }

  function authenticate(req: IncomingMessage, res: ServerResponse, body: string): void {
    const given = parseCredentials(req, body);
    if (given.userName !== userName || given.password !== password) {
      return sendError(res, 500, "User authentication failed");
    }
    let response: Record<string, unknown>;
    if (twoFactor === "app") {
      response = { token: null, tfa: true };
    } else if (twoFactor === "sms") {
      const codeExpires = apiDateTime(new Date(Date.now() + 5 * 60 * 1000));
      response = { token: null, expires: codeExpires, sms: true, phoneNoise: "+49 *** *** **42" };
    } else {
      response = { token, expires: apiDateTime(new Date(Date.now() + tokenLifetimeMs)) };
    }
    send(res, 201, portalJson({ count: 1, status: 0, statusCode: 201, response }));
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
    token,
    userName,
    password,
    cases,
    requests,
    queue: (...more) => void responders.push(...more),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
