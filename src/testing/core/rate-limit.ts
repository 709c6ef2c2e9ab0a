// The portal's request limit, in front of everything else (routing, authentication, the route).
//
// What is documented (api.onlyoffice.com/portals/workspaceapi, "Basic concepts" → "Rate
// limiting", Workspace API v12.6; the same text for Community Server v12.1 at
// api.onlyoffice.com/portals/basic): "You can perform up to 500 requests per 10-second period
// from the same IP address with one account. If you exceed this limit, a 503 response for the
// subsequent requests will be received. Check the Retry-After header to see how many seconds to
// wait before you try again."
//
// What is not in the server's source: CommunityServer v12.7.1 has no request limiter (no
// `Retry-After`, rate limit or throttle in its code, its web.config files or the nginx configs it
// ships in build/install/*/Files/nginx; the only throttling is WCF's `serviceThrottling` in
// build/config/TeamLabSvc.exe.config:310). So the limit sits in front of the application on
// ONLYOFFICE's hosting, and its body and other headers are unknown. This fake sends what the
// documentation promises (503, `Retry-After` in whole seconds) with the body nginx writes for its
// own 503 (nginx's `limit_req` answers 503 by default); a client must not rely on the body.
//
// Counting: the documentation says per IP and account. Every client of this fake is on
// 127.0.0.1, so it counts per credential (the `asc_auth_key` or the `Authorization` header, with
// `Bearer ` taken off; none is a key of its own). A sliding window: at most `requests` accepted in
// any `perMs`, the strictest reading of "per 10-second period", so a client that stays within
// this fake stays within a portal that counts in fixed periods too. Refused requests do not count.
import type { IncomingMessage, ServerResponse } from "node:http";

export interface PortalRateLimit {
  /** How many requests of one account it accepts… */
  requests: number;
  /** …in any window of this many milliseconds. */
  perMs: number;
}

const NGINX_503 =
  "<html>\r\n<head><title>503 Service Temporarily Unavailable</title></head>\r\n<body>\r\n" +
  "<center><h1>503 Service Temporarily Unavailable</h1></center>\r\n<hr><center>nginx</center>\r\n" +
  "</body>\r\n</html>\r\n";

/** A check to run first on every request: true when it answered the request with a 503. */
export function rateLimiter({
  requests,
  perMs,
}: PortalRateLimit): (req: IncomingMessage, res: ServerResponse) => boolean {
  for (const [name, value] of Object.entries({ requests, perMs })) {
    if (!Number.isInteger(value) || value < 1) {
      throw new RangeError(`rateLimit.${name} must be a whole number of at least 1`);
    }
  }
  const accepted = new Map<string, number[]>(); // per credential: when, oldest first
  return (req, res) => {
    const now = Date.now();
    const url = new URL(req.url ?? "/", "http://portal");
    const key =
      url.searchParams.get("asc_auth_key") ||
      (req.headers.authorization ?? "").replace(/^Bearer./, "");
    const times = accepted.get(key) ?? [];
    accepted.set(key, times);
    while (times[0]! <= now - perMs) times.shift();
    if (times.length < requests) {
      times.push(now);
      return false;
    }
    res.writeHead(503, {
      "Content-Type": "text/html",
      "Retry-After": String(Math.ceil((times[0]! + perMs - now) / 1000)),
    });
    res.end(NGINX_503);
    return true;
  };
}
