// `npm run bench`: every measurement side by side in one run on this machine, printed as tables
// with ratios, and written as JSON. Timings on a shared machine are noisy: read the ratios.
//   --quick       shorter rounds and one generate run (CI smoke); writes .tmp/bench/results.quick.json
//   --out FILE    where to write the JSON (default bench/results.json, or the quick path)
//   --no-typescript-fetch   skip the OpenAPI Generator client (no Java needed)
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { parseArgs } from "node:util";
import * as prettier from "prettier";
import { fmt, machine, printTable, root } from "./lib/common.mjs";
import { measureBundles, sizeLimitChecks } from "./lib/bundle.mjs";
import { measureOperationBytes } from "./lib/op-bytes.mjs";
import { measureGenerate } from "./lib/generate-time.mjs";
import { measureLoopback } from "./lib/loopback.mjs";
import { measureOverhead, pairedRatio } from "./lib/overhead.mjs";
import { measureRateLimit } from "./lib/rate-limit.mjs";
import { buildVariants } from "./lib/variants.mjs";

const { values: args } = parseArgs({
  options: {
    quick: { type: "boolean", default: process.env.BENCH_QUICK === "1" },
    out: { type: "string" },
    "no-typescript-fetch": { type: "boolean", default: false },
  },
});
const quick = args.quick;
const settings = quick
  ? {
      rounds: 5,
      time: 60,
      warmupCalls: 500,
      loopbackMs: 300,
      slices: 2,
      generateRuns: 1,
      bulkCalls: 1000,
    }
  : {
      rounds: 7,
      time: 150,
      warmupCalls: 2000,
      loopbackMs: 1200,
      slices: 4,
      generateRuns: 3,
      bulkCalls: 3000,
    };
const out = join(
  root,
  args.out ?? (quick ? ".tmp/bench/results.quick.json" : "bench/results.json"),
);
const started = performance.now();

const built = await buildVariants({ typescriptFetch: !args["no-typescript-fetch"] });
const { variants, notes, validation, facade } = built;

console.log(`\n## Per-call overhead (canned in-process fetch, fresh Response per call, case 42)`);
console.log(
  `${settings.rounds} alternating rounds × ${settings.time} ms per variant; medians over rounds; ` +
    `ratio = median of same-round ratios to the first row\n`,
);
const overhead = await measureOverhead(variants, settings);
const base = overhead.perVariant[overhead.baseline].mean;
printTable(
  ["variant", "mean / call", "p50", "p99", "× raw fetch", "overhead vs raw", "calls"],
  variants.map(({ key, label }) => {
    const v = overhead.perVariant[key];
    return [
      label,
      fmt.us(v.mean),
      fmt.us(v.p50),
      fmt.us(v.p99),
      fmt.ratio(v.ratio),
      `+${fmt.us(v.mean - base)}`,
      fmt.int(v.samples),
    ];
  }),
);
for (const note of notes) console.log(`- ${note}`);
const facadeVsOpenapiFetch =
  overhead.perVariant.facade && overhead.perVariant["openapi-fetch"]
    ? pairedRatio(overhead, "facade", "openapi-fetch")
    : undefined;
if (facadeVsOpenapiFetch)
  console.log(
    `- facade ÷ bare openapi-fetch: ${fmt.ratio(facadeVsOpenapiFetch)} (budget ≤ 1.50×, enforced by npm run bench:check)`,
  );

console.log(`\n## Loopback HTTP against the fake portal (separate process, 127.0.0.1, keep-alive)`);
console.log(
  `${fmt.ms(settings.loopbackMs)} per variant per concurrency, in ${settings.slices} rotating slices\n`,
);
const loopback = await measureLoopback(facade, {
  concurrencies: [1, 16],
  duration: settings.loopbackMs,
  slices: settings.slices,
});
const loopRows = [];
for (const [inFlight, byKey] of Object.entries(loopback.results)) {
  for (const { key, label } of loopback.variants) {
    const r = byKey[key];
    loopRows.push([
      inFlight,
      label,
      fmt.int(r.rps),
      fmt.ratio(r.rps / byKey.raw.rps),
      fmt.ms(r.p50),
      fmt.ms(r.p99),
      fmt.int(r.requests),
    ]);
  }
}
printTable(["in flight", "variant", "req/s", "× raw req/s", "p50", "p99", "requests"], loopRows);

console.log(
  `\n## Bulk work inside the portal's limit (fake portal with rateLimit, separate process)`,
);
const bulk = await measureRateLimit(facade, { calls: settings.bulkCalls, withoutLimit: !quick });
console.log(
  `${fmt.int(bulk.calls)} reopenCase calls launched at once; the portal answers 503 + Retry-After ` +
    `past ${bulk.portalLimit.requests} per ${fmt.int(bulk.portalLimit.perMs)} ms (the documented ` +
    `500 per 10 s, 10× faster); ratio = achieved rate ÷ the portal's limit\n`,
);
printTable(
  ["client", "succeeded", "failed", "503s sent", "wall time", "calls / s", "÷ portal limit"],
  bulk.rows.map((r) => [
    r.label,
    fmt.int(r.ok),
    fmt.int(r.failed),
    fmt.int(r.refused),
    fmt.ms(r.wallMs),
    fmt.int((r.ok / r.wallMs) * 1000),
    fmt.ratio(r.ratio),
  ]),
);
console.log(
  `- least wall time the portal's limit allows for ${fmt.int(bulk.calls)} calls with none refused ` +
    `(a full window at once, then one per window): ${fmt.ms(bulk.floorMs)}`,
);

console.log(`\n## Bundle size (esbuild, platform browser, tree-shaken, minified; gzip -9)\n`);
const extraApps = [];
const generatedClient = variants.find((v) => v.key === "typescript-fetch");
if (generatedClient) {
  const dir = join(root, ".tmp/bench-typescript-fetch");
  writeFileSync(
    join(dir, "app.ts"),
    `import { CasesApi, Configuration } from "./src/index";\n` +
      `new CasesApi(new Configuration({ basePath: "https://portal.example.com", apiKey: "TOKEN" }))` +
      `.reopenCase({ caseid: 42 }).then((e) => console.log(e.response?.title));\n`,
  );
  extraApps.push({
    key: "typescript-fetch",
    label: generatedClient.label,
    entry: "app.ts",
    resolveDir: dir,
  });
}
const bundles = await measureBundles(extraApps);
const openapiFetchSize = bundles.find((b) => b.key === "openapi-fetch").gzip;
printTable(
  ["app", "minified", "gzip", "gzip Δ vs openapi-fetch"],
  bundles.map((b) => [
    b.label,
    fmt.bytes(b.minified),
    fmt.bytes(b.gzip),
    `${b.gzip - openapiFetchSize >= 0 ? "+" : ""}${b.gzip - openapiFetchSize} B`,
  ]),
);
const sizeLimit = sizeLimitChecks();
for (const check of sizeLimit) {
  console.log(
    `- npm run size (size-limit, the budget's own measure): ${check.name}: ${check.size} B ` +
      `of ${check.sizeLimit} B, ${check.passed ? "ok" : "OVER BUDGET"}`,
  );
}

const perOperation = await measureOperationBytes();
{
  const { counts, sizes } = perOperation;
  console.log(`\nWhat operations cost in the reopen app (gzip; bench/lib/op-bytes.mjs):\n`);
  printTable(
    ["client", "operations", "gzip", "bytes per operation added"],
    [
      [
        "Cases client cut down to getCase, closeCase, reopenCase",
        counts.small,
        `${sizes.small} B`,
        "—",
      ],
      [
        "Cases client (createCrmClientFor([cases]))",
        counts.cases,
        `${sizes.cases} B`,
        `${perOperation.perCaseOperation.toFixed(0)} B`,
      ],
      [
        "every part (createCrmClient)",
        counts.all,
        `${sizes.all} B`,
        `${perOperation.perOtherOperation.toFixed(0)} B`,
      ],
    ],
  );
}

console.log(`\n## Paging (bench/paging.mjs, in its own process with --expose-gc)\n`);
const pagingRun = spawnSync(
  process.execPath,
  [
    "--expose-gc",
    "--no-warnings",
    join(root, "bench/paging.mjs"),
    "--json",
    ...(quick ? ["--quick"] : []),
  ],
  { encoding: "utf8" },
);
const pagingLines = pagingRun.stdout.trim().split("\n");
const paging = JSON.parse(pagingLines.pop() || "{}");
if (paging.page) {
  printTable(
    ["a page of 1 000 cases (canned fetch)", "per page", "× raw fetch"],
    Object.values(paging.page).map((v) => [v.label, fmt.ms(v.ms), fmt.ratio(v.ratio)]),
  );
}
for (const line of pagingLines) console.log(`- ${line}`);

console.log(`\n## npm run generate (spawned ${settings.generateRuns}×, next to \`node -e 0\`)\n`);
const generate = measureGenerate({ runs: settings.generateRuns });
printTable(
  ["command", "median wall time", "× node start-up"],
  [
    ["node -e 0", fmt.ms(generate.nodeStartupMs), "1.00×"],
    ["node scripts/generate.mjs", fmt.ms(generate.generateMs), fmt.ratio(generate.ratio)],
  ],
);
console.log(`- generated/ unchanged after the runs: ${generate.unchanged ? "yes" : "NO"}`);

const results = {
  date: new Date().toISOString(),
  quick,
  machine: await machine(),
  settings,
  validation,
  notes,
  overhead: {
    baseline: overhead.baseline,
    facadeVsOpenapiFetch,
    variants: variants.map(({ key, label }) => ({ key, label, ...overhead.perVariant[key] })),
  },
  loopback,
  bulk,
  bundles,
  sizeLimit,
  perOperation,
  paging,
  generate,
  wallSeconds: (performance.now() - started) / 1000,
};
mkdirSync(dirname(out), { recursive: true });
const style = (await prettier.resolveConfig(out)) ?? {};
writeFileSync(out, await prettier.format(JSON.stringify(results), { ...style, parser: "json" }));
console.log(
  `\nwrote ${relative(root, out)} in ${results.wallSeconds.toFixed(1)} s (load average ${results.machine.loadavg.join(", ")}, ${results.machine.cpus} CPUs)`,
);
