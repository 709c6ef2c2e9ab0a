// `npm run bench:check`: the CI budgets that are about speed and memory, as ratios measured in
// this very run (never absolute times), so a slow or busy machine does not fail it:
//   1. the facade's per-call time ≤ 1.5× bare openapi-fetch's (canned fetch; median of alternating
//      rounds; when over, a second batch must confirm it before the check fails);
//   2. 10 000 sequential calls do not grow the heap (bench/memory.mjs under --expose-gc).
// The bundle budget is `npm run size` (size-limit). Writes .tmp/bench/check.json (ignored).
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fmt, root } from "./lib/common.mjs";
import { measureOverhead, pairedRatio } from "./lib/overhead.mjs";
import { buildVariants } from "./lib/variants.mjs";

const BUDGET = Number(process.env.BENCH_OVERHEAD_BUDGET ?? 1.5);
const settings = { rounds: 9, time: 120, warmupCalls: 2000 };

const { variants, validation } = await buildVariants({
  only: ["openapi-fetch", "facade", "facade-novalidate"],
  typescriptFetch: false,
});
const labels = Object.fromEntries(variants.map((v) => [v.key, v.label]));

async function batch() {
  const result = await measureOverhead(variants, settings);
  const ratios = {};
  for (const { key } of variants.slice(1)) ratios[key] = pairedRatio(result, key, "openapi-fetch");
  return { ratios, perVariant: result.perVariant };
}

const batches = [await batch()];
if (batches[0].ratios.facade > BUDGET) {
  console.log(
    `bench:check: facade ${fmt.ratio(batches[0].ratios.facade)} over budget; measuring again to confirm`,
  );
  batches.push(await batch());
}
const facadeRatio = Math.min(...batches.map((b) => b.ratios.facade));
const overheadOk = facadeRatio <= BUDGET;
const last = batches.at(-1);
for (const { key } of variants) {
  const v = last.perVariant[key];
  const ratio = key === "openapi-fetch" ? "1.00×" : fmt.ratio(last.ratios[key]);
  console.log(
    `bench:check: ${labels[key].padEnd(48)} ${fmt.us(v.mean).padStart(10)} / call  ${ratio} openapi-fetch`,
  );
}
console.log(
  `bench:check: per-call overhead: facade ${fmt.ratio(facadeRatio)} bare openapi-fetch ` +
    `(budget ≤ ${BUDGET.toFixed(2)}×) ${overheadOk ? "ok" : "OVER BUDGET"}` +
    (validation.validates ? "" : " [this build has no response validation]"),
);

const memory = spawnSync(
  process.execPath,
  ["--expose-gc", "--no-warnings", join(root, "bench/memory.mjs"), "--json"],
  {
    encoding: "utf8",
  },
);
const memoryLines = memory.stdout.trim().split("\n");
const memoryJson = JSON.parse(memoryLines.pop() || "{}");
for (const line of memoryLines) console.log(`bench:check: ${line}`);
if (memory.stderr.trim()) console.error(memory.stderr.trim());
const memoryOk = memory.status === 0;

mkdirSync(join(root, ".tmp/bench"), { recursive: true });
writeFileSync(
  join(root, ".tmp/bench/check.json"),
  `${JSON.stringify({ budget: BUDGET, validation, facadeRatio, batches, memory: memoryJson }, null, 2)}\n`,
);
const passed = Number(overheadOk) + Number(memoryOk);
console.log(`bench:check: ${passed} passed, ${2 - passed} failed`);
process.exitCode = overheadOk && memoryOk ? 0 : 1;
