// Bulk work inside the portal's limit: `calls` reopenCase calls launched at once, against the fake
// portal in its own process with `rateLimit` on (503 + Retry-After past it, like a portal). The
// portal's documented 500 per 10 s is scaled down in time by 10 (500 per 1 s) so that a run takes
// seconds, and the client's default (450 per 10 s, 10 in flight) is scaled the same way.
import { CASE_ID } from "./common.mjs";
import { startPortalProcess } from "./loopback.mjs";

export const PORTAL_LIMIT = { requests: 500, perMs: 1000 };
export const CLIENT_LIMIT = { requests: 450, perMs: 1000 };

/** One run on a fresh portal: how many succeeded, how many 503s the portal sent, how long. */
async function run(facade, calls, clientOptions) {
  const portal = await startPortalProcess({ rateLimit: PORTAL_LIMIT });
  try {
    let refused = 0;
    const crm = facade.createCrmClient({
      baseUrl: portal.url,
      token: portal.token,
      ...clientOptions,
      fetch: async (request) => {
        const response = await fetch(request);
        if (response.status === 503) refused++;
        return response;
      },
    });
    const started = performance.now();
    const outcomes = await Promise.allSettled(
      Array.from({ length: calls }, () => crm.reopenCase(CASE_ID)),
    );
    const wallMs = performance.now() - started;
    const ok = outcomes.filter((o) => o.status === "fulfilled").length;
    const rate = (ok / wallMs) * PORTAL_LIMIT.perMs; // per portal window
    return { ok, failed: calls - ok, refused, wallMs, rate, ratio: rate / PORTAL_LIMIT.requests };
  } finally {
    await portal.stop();
  }
}

/**
 * @returns `{ calls, portalLimit, clientLimit, floorMs, rows: [{ key, label, ok, failed, refused,
 *   wallMs, rate, ratio }] }`; `ratio` = achieved rate ÷ the portal's limit. `floorMs` is the
 *   least wall time the portal's limit allows for `calls` with none refused: a full window at
 *   once, then one more per window.
 */
export async function measureRateLimit(facade, { calls, withoutLimit = false }) {
  const rows = [];
  rows.push({
    key: "limited",
    label: `client rateLimit ${CLIENT_LIMIT.requests}/${CLIENT_LIMIT.perMs} ms, 10 in flight`,
    ...(await run(facade, calls, { rateLimit: CLIENT_LIMIT })),
  });
  if (withoutLimit) {
    // What launching everything at once did before: no line, every call sent at once. (The
    // client-wide pause on Retry-After is still on; without it, more calls fail.)
    rows.push({
      key: "unlimited",
      label: "rateLimit: false, no concurrency limit",
      ...(await run(facade, calls, { rateLimit: false, maxConcurrency: 2 ** 31 - 1 })),
    });
  }
  const floorMs = (Math.ceil(calls / PORTAL_LIMIT.requests) - 1) * PORTAL_LIMIT.perMs;
  return { calls, portalLimit: PORTAL_LIMIT, clientLimit: CLIENT_LIMIT, floorMs, rows };
}
