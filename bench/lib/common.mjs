// Shared by every bench script: the built package (rebuilt when src/ is newer), the canned
// portal answer for case 42, a canned in-process fetch, and small statistics helpers.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import createClient from "openapi-fetch";

export const root = fileURLToPath(new URL("../..", import.meta.url));
export const distEntry = join(root, "dist/index.mjs");
export const distTesting = join(root, "dist/testing/index.mjs");
export const BASE_URL = "https://portal.example.com";
export const TOKEN = "BENCH-TOKEN-0000";
export const CASE_ID = 42;
export const REOPEN_PATH = "/api/2.0/crm/case/{caseid}/reopen";
/**
 * For facade clients that measure per-call cost or throughput: no rate limit (the default of
 * 450 per 10 s would make the loop wait, and the bench measure the wait) and room for every
 * call the harness keeps in flight. The line itself stays in the path of every call.
 */
export const UNTHROTTLED = { rateLimit: false, maxConcurrency: 1024 };

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** Builds dist/ with tsup when it is missing or older than src/ or generated/. */
export function ensureBuilt() {
  const built = existsSync(distEntry) && existsSync(distTesting) ? statSync(distEntry).mtimeMs : 0;
  const sources = Math.max(newestMtime(join(root, "src")), newestMtime(join(root, "generated")));
  if (built >= sources) return;
  console.error("bench: dist/ is missing or older than src/: building it (npm run build)");
  const result = spawnSync("npm", ["run", "-s", "build"], { cwd: root, stdio: "ignore" });
  if (result.status !== 0) throw new Error("bench: `npm run build` failed");
}

export async function loadPackage() {
  ensureBuilt();
  const facade = await import(pathToFileURL(distEntry).href);
  const testing = await import(pathToFileURL(distTesting).href);
  return { facade, testing };
}

/** The wire JSON of a successful reopen of case 42, exactly as the fake portal sends it. */
export function cannedBody(testing) {
  const found = testing.seedCases().find((c) => c.id === CASE_ID);
  found.isClosed = false;
  return testing.portalJson({ count: 1, status: 0, statusCode: 200, response: found });
}

export const RESPONSE_HEADERS = { "Content-Type": "application/json; charset=UTF-8" };

/** An in-process fetch: a fresh Response per call, no I/O. */
export function cannedFetch(body) {
  return async () => new Response(body, { status: 200, headers: RESPONSE_HEADERS });
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index];
}

export const fmt = {
  us: (ms) => `${(ms * 1000).toFixed(2)} µs`,
  ms: (ms) => `${ms.toFixed(ms < 10 ? 2 : 0)} ms`,
  ratio: (r) => (Number.isFinite(r) ? `${r.toFixed(2)}×` : "—"),
  bytes: (n) => `${n} B (${(n / 1024).toFixed(2)} KiB)`,
  int: (n) => Math.round(n).toLocaleString("en-US"),
};

/** Prints rows (arrays of strings) as an aligned Markdown table. */
export function printTable(header, rows) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) => `| ${cells.map((c, i) => String(c).padEnd(widths[i])).join(" | ")} |`;
  console.log(line(header));
  console.log(`|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`);
  for (const row of rows) console.log(line(row));
}

export function machine() {
  return import("node:os").then((os) => ({
    node: process.version,
    cpus: os.cpus().length,
    cpu: os.cpus()[0]?.model ?? "unknown",
    loadavg: os.loadavg().map((l) => Number(l.toFixed(2))),
    platform: `${os.platform()} ${os.arch()}`,
  }));
}

/** The baseline: `fetch(url, init)` and JSON.parse, no Request object, no checks beyond `ok`. */
export function rawReopen(fetchFn, baseUrl, token) {
  const url = `${baseUrl}${REOPEN_PATH.replace("{caseid}", String(CASE_ID))}`;
  const init = { method: "PUT", headers: { Accept: "application/json", Authorization: token } };
  return async () => {
    const response = await fetchFn(url, init);
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    return JSON.parse(await response.text()).response;
  };
}

/** Bare openapi-fetch: static headers, `PUT`, the default `parseAs: "json"`. */
export function openapiFetchReopen(fetchFn, baseUrl, token) {
  const client = createClient({
    baseUrl,
    headers: { Accept: "application/json", Authorization: token },
    ...(fetchFn ? { fetch: fetchFn } : {}),
  });
  const options = { params: { path: { caseid: CASE_ID } } };
  return async () => {
    const { data, error } = await client.PUT(REOPEN_PATH, options);
    if (error !== undefined) throw new Error("openapi-fetch error");
    return data.response;
  };
}
