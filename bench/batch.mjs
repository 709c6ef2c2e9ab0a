// `node bench/batch.mjs`: 2 000 closeCase calls against the fake portal (its own process) with
// its rate limit on, one by one (all launched at once, through the client's line) and batched
// (`crm.batch`, 50 per request), side by side in one run: requests sent and wall time, and their
// ratios. The portal's documented 500 per 10 s is scaled down in time by 10 (500 per 1 s), the
// client's default (450 per 10 s) the same way, as bench/lib/rate-limit.mjs does.
import { pathToFileURL } from "node:url";
import { distEntry, ensureBuilt } from "./lib/common.mjs";
import { startPortalProcess } from "./lib/loopback.mjs";

const CALLS = Number(process.env.BATCH_CALLS ?? 2000);
const PORTAL_LIMIT = { requests: 500, perMs: 1000 };
const CLIENT_LIMIT = { requests: 450, perMs: 1000 };
ensureBuilt();
const { createCrmClient } = await import(pathToFileURL(distEntry).href);

async function run(label, go) {
  const portal = await startPortalProcess({ rateLimit: PORTAL_LIMIT });
  try {
    let requests = 0;
    let refused = 0;
    const crm = createCrmClient({
      baseUrl: portal.url,
      token: portal.token,
      rateLimit: CLIENT_LIMIT,
      fetch: async (request) => {
        requests++;
        const response = await fetch(request);
        if (response.status === 503) refused++;
        return response;
      },
    });
    const started = performance.now();
    const ok = await go(crm);
    const wallMs = performance.now() - started;
    return { label, ok, requests, refused, wallMs };
  } finally {
    await portal.stop();
  }
}

const ids = Array.from({ length: CALLS }, (_, i) => 1 + (i % 50));
const oneByOne = await run("one by one", async (crm) => {
  const settled = await Promise.allSettled(ids.map((id) => crm.closeCase(id)));
  return settled.filter((s) => s.status === "fulfilled" || s.reason?.status === 404).length;
});
const batched = await run("batched (50 per request)", async (crm) => {
  const settled = await crm.batch((b) => ids.map((id) => b.closeCase(id)));
  return settled.filter((s) => s.status === "fulfilled" || s.reason?.status === 404).length;
});
for (const r of [oneByOne, batched]) {
  console.log(
    `bench:batch: ${r.label.padEnd(26)} ${String(r.ok).padStart(5)} answered  ${String(r.requests).padStart(5)} requests  ${String(r.refused).padStart(3)} refused  ${(r.wallMs / 1000).toFixed(2)} s`,
  );
}
const ratio = (a, b) => (a / b).toFixed(1);
console.log(
  `bench:batch: ${CALLS} closeCase: batched sends ${ratio(oneByOne.requests, batched.requests)}× fewer requests ` +
    `and takes ${ratio(oneByOne.wallMs, batched.wallMs)}× less time than one by one`,
);
console.log(
  JSON.stringify({
    calls: CALLS,
    portalLimit: PORTAL_LIMIT,
    clientLimit: CLIENT_LIMIT,
    oneByOne,
    batched,
  }),
);
