// Memory budget: 10 000 sequential reopenCase calls over the canned fetch must not grow the heap.
// Run with --expose-gc (npm run bench:check does). heapUsed after a full GC is compared before and
// after the calls, with a tolerance; `--inject-leak` keeps every result to show the check bites.
import { parseArgs } from "node:util";
import {
  BASE_URL,
  CASE_ID,
  TOKEN,
  UNTHROTTLED,
  cannedBody,
  cannedFetch,
  loadPackage,
} from "./lib/common.mjs";
import { VALIDATION_OPTION, detectValidation } from "./lib/variants.mjs";

const { values: args } = parseArgs({
  options: {
    calls: { type: "string", default: "10000" },
    "tolerance-kib": { type: "string", default: process.env.BENCH_HEAP_TOLERANCE_KIB ?? "512" },
    "inject-leak": { type: "boolean", default: false },
    json: { type: "boolean", default: false },
  },
});
if (typeof globalThis.gc !== "function") {
  console.error("memory: run node with --expose-gc");
  process.exit(2);
}
const calls = Number(args.calls);
const toleranceBytes = Number(args["tolerance-kib"]) * 1024;

async function settledHeap() {
  // Several collections with turns of the event loop in between, so finalizers and weak refs run.
  for (let i = 0; i < 4; i++) {
    globalThis.gc();
    await new Promise((resolve) => setImmediate(resolve));
  }
  return process.memoryUsage().heapUsed;
}

const { facade, testing } = await loadPackage();
const fetch = cannedFetch(cannedBody(testing));
const validation = await detectValidation(facade, testing);
// [label, client options, per-call options]. One AbortSignal shared by every call is how an app
// passes its shutdown signal: combining it per call (timeouts, retries) must not pile up on it.
// That row is informational until the facade works around nodejs/node#52635 (undici keeps one
// listener per Request on the caller's signal until GC): BENCH_ENFORCE_SIGNAL=1 makes it a budget.
const enforceSignal = process.env.BENCH_ENFORCE_SIGNAL === "1";
const shutdown = new AbortController();
const configs = [
  ["facade (default options)", {}, {}],
  ["facade, one long-lived signal for all calls", {}, { signal: shutdown.signal }, !enforceSignal],
];
if (validation.offWorks) {
  configs.push([`facade, ${VALIDATION_OPTION}: false`, { [VALIDATION_OPTION]: false }, {}]);
}

// undici adds an abort listener to the caller's signal per Request and drops it only when that
// Request is collected (nodejs/node#52635), so a shared signal trips MaxListenersExceededWarning.
// Counted per configuration and reported; failing on it is opt-in (BENCH_FAIL_ON_LISTENER_WARNINGS=1).
let listenerWarnings = 0;
process.on("warning", (warning) => {
  if (warning.name === "MaxListenersExceededWarning") listenerWarnings++;
});
const failOnWarnings = process.env.BENCH_FAIL_ON_LISTENER_WARNINGS === "1";

const kept = [];
const results = [];
for (const [label, extra, callOptions, informational = false] of configs) {
  // Unthrottled: 15 000 calls in a few seconds would otherwise wait out the default rate limit.
  const crm = facade.createCrmClient({
    baseUrl: BASE_URL,
    token: TOKEN,
    fetch,
    ...UNTHROTTLED,
    ...extra,
  });
  // Warm up (JIT, pools), yielding as below, so that what the first calls allocate once is not
  // counted as growth.
  for (let i = 0; i < 5000; i++) {
    await crm.reopenCase(CASE_ID, callOptions);
    if (i % 100 === 99) await new Promise((resolve) => setTimeout(resolve, 0));
  }
  const before = await settledHeap();
  listenerWarnings = 0;
  for (let i = 0; i < calls; i++) {
    const found = await crm.reopenCase(CASE_ID, callOptions);
    if (args["inject-leak"]) kept.push(found);
    // A canned fetch answers within the same task, so without this the loop never leaves the
    // microtask queue, and Node's per-Request abort bookkeeping (a WeakRef and a
    // FinalizationRegistry entry for every Request with a signal) piles up until the loop ends:
    // about 35 B a call, also for a bare `new Request(url, { signal })`. Real network I/O
    // yields to the event loop on every call; this does so every 100 calls.
    if (i % 100 === 99) await new Promise((resolve) => setTimeout(resolve, 0));
  }
  const after = await settledHeap();
  const growth = after - before;
  await new Promise((resolve) => setImmediate(resolve)); // warnings are emitted on a later tick
  results.push({
    listenerWarnings,
    label,
    calls,
    before,
    after,
    growth,
    perCall: growth / calls,
    informational,
    ok: informational || (growth <= toleranceBytes && !(failOnWarnings && listenerWarnings > 0)),
  });
}

let failed = false;
for (const r of results) {
  const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
  console.log(
    `memory: ${r.label}: heapUsed ${kib(r.before)} → ${kib(r.after)} after ${r.calls} calls ` +
      `(${r.growth >= 0 ? "+" : ""}${kib(r.growth)}, ${r.perCall.toFixed(1)} B/call; tolerance ${kib(toleranceBytes)})` +
      (r.listenerWarnings
        ? `, ${r.listenerWarnings} MaxListenersExceededWarning(s) on the signal `
        : " ") +
      (r.informational ? "(informational)" : r.ok ? "ok" : "OVER"),
  );
  failed ||= !r.ok;
}
if (args.json) console.log(JSON.stringify({ toleranceBytes, results }));
if (kept.length < 0) console.log(kept); // keep `kept` alive to the end
process.exitCode = failed ? 1 : 0;
