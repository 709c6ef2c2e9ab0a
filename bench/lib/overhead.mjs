// Per-call overhead, in alternating rounds: each round runs every variant once (tinybench, a
// short time budget each), in a rotated order, so that a noisy neighbour hits all variants alike.
// Per variant we keep the median over rounds of its mean latency; each ratio is the median over
// rounds of (variant / baseline) from the same round.
import { Bench } from "tinybench";
import { median } from "./common.mjs";

async function warmUp(variants, calls) {
  for (const variant of variants) for (let i = 0; i < calls; i++) await variant.call();
}

/**
 * @param variants `{ key, call }[]`; the first is the baseline for ratios.
 * @returns `{ rounds, perVariant: { [key]: { mean, p50, p99, ratio, ratios, samples } } }`
 */
export async function measureOverhead(
  variants,
  { rounds = 7, time = 150, warmupCalls = 2000 } = {},
) {
  await warmUp(variants, warmupCalls);
  const perRound = []; // [{ key: { mean, p50, p99, samples } }]
  for (let round = 0; round < rounds; round++) {
    const bench = new Bench({ time, iterations: 10, warmup: false, throws: true });
    const order = variants.map((_, i) => variants[(i + round) % variants.length]);
    for (const variant of order) bench.add(variant.key, variant.call);
    await bench.run();
    const result = {};
    for (const task of bench.tasks) {
      const r = task.result;
      if (r.state !== "completed") throw new Error(`${task.name}: ${r.state} ${r.error ?? ""}`);
      result[task.name] = {
        mean: r.period,
        p50: r.latency.p50,
        p99: r.latency.p99,
        samples: r.latency.samplesCount,
      };
    }
    perRound.push(result);
  }
  const baseline = variants[0].key;
  const perVariant = {};
  for (const { key } of variants) {
    const ratios = perRound.map((r) => r[key].mean / r[baseline].mean);
    perVariant[key] = {
      mean: median(perRound.map((r) => r[key].mean)),
      p50: median(perRound.map((r) => r[key].p50)),
      p99: median(perRound.map((r) => r[key].p99)),
      samples: perRound.reduce((n, r) => n + r[key].samples, 0),
      ratio: median(ratios),
      ratios,
    };
  }
  return { rounds, time, baseline, perVariant, perRound };
}

/** Median over rounds of `a.mean / b.mean`, same round. */
export function pairedRatio(result, a, b) {
  return median(result.perRound.map((r) => r[a].mean / r[b].mean));
}
