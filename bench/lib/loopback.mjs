// Throughput and latency over real HTTP on 127.0.0.1 against the fake portal (in a child
// process), with N calls in flight for a fixed duration. The client side uses Node's global
// fetch (undici, keep-alive).
import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import {
  CASE_ID,
  UNTHROTTLED,
  ensureBuilt,
  openapiFetchReopen,
  percentile,
  rawReopen,
} from "./common.mjs";

/** The fake portal in a child process; `options` go to its `startFakePortal`. */
export async function startPortalProcess(options = {}) {
  ensureBuilt();
  const child = fork(
    fileURLToPath(new URL("./portal-child.mjs", import.meta.url)),
    [JSON.stringify(options)],
    { stdio: ["ignore", "inherit", "inherit", "ipc"] },
  );
  const info = await new Promise((resolve, reject) => {
    child.once("message", resolve);
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`fake portal exited (${code})`)));
  });
  return {
    ...info,
    stop: () =>
      new Promise((resolve) => {
        child.once("exit", resolve);
        child.send("stop");
      }),
  };
}

export function loopbackVariants(facade, portal) {
  const crm = facade.createCrmClient({ baseUrl: portal.url, token: portal.token, ...UNTHROTTLED });
  return [
    {
      key: "raw",
      label: "raw fetch + JSON.parse",
      call: rawReopen(fetch, portal.url, portal.token),
    },
    {
      key: "openapi-fetch",
      label: "bare openapi-fetch",
      call: openapiFetchReopen(undefined, portal.url, portal.token),
    },
    { key: "facade", label: "facade reopenCase", call: () => crm.reopenCase(CASE_ID) },
  ];
}

/** Runs `call` with `inFlight` workers for `duration` ms, pushing each latency into `latencies`. */
async function drive(call, { inFlight, duration }, latencies) {
  const started = performance.now();
  const deadline = started + duration;
  const worker = async () => {
    while (performance.now() < deadline) {
      const t0 = performance.now();
      await call();
      latencies.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  return performance.now() - started;
}

/**
 * For each concurrency, the variants take turns in `slices` short slices (rotating order), so a
 * burst of load from elsewhere on the machine is shared; each gets `duration` ms in total.
 * @returns `{ [inFlight]: { [key]: { requests, rps, p50, p99 } } }`
 */
export async function measureLoopback(
  facade,
  { concurrencies = [1, 16], duration = 1000, slices = 4 } = {},
) {
  const portal = await startPortalProcess();
  try {
    const variants = loopbackVariants(facade, portal);
    for (const v of variants) await drive(v.call, { inFlight: 4, duration: 150 }, []);
    const results = {};
    for (const inFlight of concurrencies) {
      const acc = Object.fromEntries(variants.map((v) => [v.key, { latencies: [], elapsed: 0 }]));
      for (let slice = 0; slice < slices; slice++) {
        for (let j = 0; j < variants.length; j++) {
          const v = variants[(slice + j) % variants.length];
          const a = acc[v.key];
          a.elapsed += await drive(v.call, { inFlight, duration: duration / slices }, a.latencies);
        }
      }
      results[inFlight] = {};
      for (const v of variants) {
        const { latencies, elapsed } = acc[v.key];
        latencies.sort((x, y) => x - y);
        results[inFlight][v.key] = {
          requests: latencies.length,
          rps: (latencies.length / elapsed) * 1000,
          p50: percentile(latencies, 50),
          p99: percentile(latencies, 99),
        };
      }
    }
    return {
      duration,
      slices,
      variants: variants.map(({ key, label }) => ({ key, label })),
      results,
    };
  } finally {
    await portal.stop();
  }
}
