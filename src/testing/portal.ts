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
  /** The token the portal accepts. Default: a random one. */
  token?: string;
  /** The cases it holds. Default: `seedCases()`. */
  cases?: Case[];
  /**
   * Answer as a portal behind a CORS-enabled proxy does, for a browser app on another origin:
   * OPTIONS preflights get 204 with the allowed methods and headers, and every answer carries
   * `Access-Control-Allow-Origin`. `true` allows any origin (`*`). Default: no CORS headers.
   */
  cors?: boolean | { origin: string };
}

export interface FakePortal {
  /** `http://127.0.0.1:<port>`: pass it as `baseUrl`. */
  readonly url: string;
  /** The token it accepts (raw, `Bearer …`, or cookie `asc_auth_key`). */
  readonly token: string;
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

export async function startFakePortal(options: FakePortalOptions = {}): Promise<FakePortal> {
  const token = options.token ?? randomUUID().toUpperCase();
  const cases = new Map((options.cases ?? seedCases()).map((c) => [c.id, structuredClone(c)]));
  const requests: RecordedRequest[] = [];
  const responders: Responder[] = [];

  function handle(req: IncomingMessage, res: ServerResponse, body: string): void {
    requests.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, body });
    if (applyCors(options.cors, req, res)) return;
    const responder = responders.shift();
    if (responder) return responder(req, res);

    if (presentedToken(req.headers) !== token) {
      // Not JSON: the portal answers 401 with this plain text.
      const challenge = req.headers.authorization
        ? { "WWW-Authenticate": `Basic Realm="${req.headers.host}"` }
        : {};
      res.writeHead(401, { "Content-Type": "text/html", ...challenge });
      return void res.end("Unauthorized");
    }
    const path = new URL(req.url ?? "/", "http://portal").pathname;
    const route = /^\/api\/2\.0\/crm\/case\/([0-9]+)\/reopen(?:\.json)?$/.exec(path);
    if (!route || req.method !== "PUT") return send(res, 404, "Not Found", "text/html");

    const id = Number(route[1]);
    if (id <= 0) return sendError(res, 400, "Value cannot be null.");
    const found = cases.get(id);
    if (!found) return sendError(res, 404, "Not found");
    if (found.isPrivate && !found.accessList?.some((user) => user.id === CURRENT_USER.id)) {
      return sendError(res, 403, "Access Denied");
    }
    found.isClosed = false; // unconditionally: reopen is idempotent
    send(res, 200, portalJson({ count: 1, status: 0, statusCode: 200, response: found }));
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
