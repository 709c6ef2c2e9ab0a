// `npm run bench:paging`: what paging costs, measured side by side in one run.
//   1. One page of 1 000 cases (the portal's largest page, ~1.8 MB of JSON): raw `fetch` +
//      JSON.parse, the facade's `listCases` with validation, and without; ratios to raw fetch.
//   2. `for await` over 100 000 cases (100 pages of 1 000) keeps the heap flat: heapUsed after a
//      full GC, measured after the first pages and after the last, must not grow by more than the
//      tolerance (the loop keeps nothing; `--inject-leak` keeps every case to show the check bites).
// Both over a canned in-process fetch, so only client code differs. Run with --expose-gc.
//   --json   print one JSON line at the end          --quick   fewer rounds
import { parseArgs } from "node:util";
import { Bench } from "tinybench";
import {
  BASE_URL,
  TOKEN,
  fmt,
  loadPackage,
  median,
  printTable,
  RESPONSE_HEADERS,
} from "./lib/common.mjs";

const { values: args } = parseArgs({
  options: {
    json: { type: "boolean", default: false },
    quick: { type: "boolean", default: process.env.BENCH_QUICK === "1" },
    "inject-leak": { type: "boolean", default: false },
    "tolerance-kib": { type: "string", default: process.env.BENCH_HEAP_TOLERANCE_KIB ?? "1024" },
  },
});
if (typeof globalThis.gc !== "function") {
  console.error("paging: run node with --expose-gc");
  process.exit(2);
}

const { facade, testing } = await loadPackage();
const template = testing.seedCases().find((c) => c.id === 42);
// The list form: no heading fields.
template.customFields = template.customFields.filter((field) => field.fieldType !== 4);
const PAGE = 1000;

/** The envelope of the page at `start` of `total` cases, as a portal writes it. */
function pageBody(start, total) {
  const count = Math.max(0, Math.min(PAGE, total - start));
  const items = Array.from({ length: count }, (_, i) => ({ ...template, id: start + i + 1 }));
  return testing.portalJson({
    count,
    ...(start > 0 && { startIndex: start }),
    ...(start + count < total && { nextIndex: start + PAGE + 1 }),
    total,
    status: 0,
    statusCode: 200,
    response: items,
  });
}

// ---- 1. one page of 1 000 ----
const body = pageBody(0, PAGE);
const canned = async () => new Response(body, { status: 200, headers: RESPONSE_HEADERS });
const url = `${BASE_URL}/api/2.0/crm/case/filter?sortBy=id&startIndex=0&count=${PAGE}`;
const crm = facade.createCrmClient({ baseUrl: BASE_URL, token: TOKEN, fetch: canned });
const variants = [
  {
    key: "raw",
    label: "raw fetch + JSON.parse",
    call: async () => JSON.parse(await (await canned(url)).text()).response,
  },
  {
    key: "facade",
    label: "facade listCases (validation on)",
    call: async () => (await crm.listCases({ sortBy: "id" }, { pageSize: PAGE })).items,
  },
  {
    key: "novalidate",
    label: "facade listCases, validateResponses: false",
    call: async () =>
      (await crm.listCases({ sortBy: "id" }, { pageSize: PAGE, validateResponses: false })).items,
  },
];
for (const v of variants) {
  if ((await v.call()).length !== PAGE) throw new Error(`${v.key}: not ${PAGE} items`);
}
const rounds = args.quick ? 3 : 7;
const perRound = [];
for (let round = 0; round < rounds; round++) {
  const bench = new Bench({
    time: args.quick ? 100 : 300,
    iterations: 5,
    warmup: round === 0,
    throws: true,
  });
  for (let i = 0; i < variants.length; i++) {
    const v = variants[(i + round) % variants.length];
    bench.add(v.key, v.call);
  }
  await bench.run();
  perRound.push(Object.fromEntries(bench.tasks.map((t) => [t.name, t.result.period])));
}
const page = Object.fromEntries(
  variants.map(({ key, label }) => [
    key,
    {
      label,
      ms: median(perRound.map((r) => r[key])),
      ratio: median(perRound.map((r) => r[key] / r.raw)),
    },
  ]),
);
if (!args.json) {
  console.log(
    `\n## A page of ${PAGE} cases (${(body.length / 1e6).toFixed(2)} MB of JSON), canned fetch`,
  );
  console.log(`${rounds} alternating rounds; medians; ratio = median of same-round ratios\n`);
  printTable(
    ["variant", "per page", "× raw fetch"],
    variants.map(({ key }) => [page[key].label, fmt.ms(page[key].ms), fmt.ratio(page[key].ratio)]),
  );
}

// ---- 2. 100 000 cases with for await ----
const TOTAL = 100_000;
// Each page's body is built when asked for and dropped after; GC takes it back like any answer.
const pagedFetch = async (request) => {
  const start = Number(new URL(request.url).searchParams.get("startIndex"));
  return new Response(pageBody(start, TOTAL), { status: 200, headers: RESPONSE_HEADERS });
};
const sync = facade.createCrmClient({ baseUrl: BASE_URL, token: TOKEN, fetch: pagedFetch });

async function settledHeap() {
  for (let i = 0; i < 4; i++) {
    globalThis.gc();
    await new Promise((resolve) => setImmediate(resolve));
  }
  return process.memoryUsage().heapUsed;
}

const kept = [];
let seen = 0;
let afterWarmUp = 0;
let last = 0;
const started = performance.now();
for await (const c of sync.listCases({ sortBy: "id" }, { pageSize: PAGE })) {
  if (c.id !== ++seen) throw new Error(`case ${c.id} out of order (expected ${seen})`);
  if (args["inject-leak"]) kept.push(c);
  if (seen === 5 * PAGE) afterWarmUp = await settledHeap(); // after the first pages: JIT, pools
  last = c.id;
}
const after = await settledHeap();
const elapsed = performance.now() - started;
const growth = after - afterWarmUp;
const tolerance = Number(args["tolerance-kib"]) * 1024;
const flat = last === TOTAL && growth <= tolerance;
const line =
  `memory: for await over ${fmt.int(TOTAL)} cases: heapUsed ${(afterWarmUp / 1024).toFixed(0)} KiB ` +
  `after 5 pages → ${(after / 1024).toFixed(0)} KiB after ${TOTAL / PAGE} pages ` +
  `(${growth >= 0 ? "+" : ""}${(growth / 1024).toFixed(1)} KiB; tolerance ${args["tolerance-kib"]} KiB) ` +
  `${flat ? "ok" : "GREW"}; ${fmt.ms(elapsed)} in all (${fmt.ms(elapsed / (TOTAL / PAGE))} a page)` +
  // Read `kept` after the loop, or V8 may drop the array it can prove is never read.
  (args["inject-leak"] ? `; kept ${kept.length} cases on purpose` : "");
console.log(args.json ? line : `\n## Iterating 100 000 cases\n\n${line}`);
if (args.json)
  console.log(
    JSON.stringify({
      page,
      heap: { total: TOTAL, afterWarmUp, after, growth, tolerance, flat, elapsed },
    }),
  );
process.exitCode = flat ? 0 : 1;
