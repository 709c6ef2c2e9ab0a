// Experiment behind a suggestion for src/client.ts: the facade sets Authorization in an
// openapi-fetch `onRequest` middleware. Having any middleware makes openapi-fetch do more per call
// (a random request id, a frozen options object, an awaited hook) and the hook then mutates the
// built Request's headers. Here, side by side: the facade as built, and two replicas of its
// pipeline (PUT parseAs text → status check → JSON.parse → envelope check) that differ only in how
// the token travels: a per-request `headers` option, or the client's static `headers`.
// Run: node bench/experiments/auth-header.mjs
import createClient from "openapi-fetch";
import { BASE_URL, CASE_ID, REOPEN_PATH, TOKEN, fmt, printTable } from "../lib/common.mjs";
import { measureOverhead, pairedRatio } from "../lib/overhead.mjs";
import { buildVariants } from "../lib/variants.mjs";

const { variants, body } = await buildVariants({
  only: ["openapi-fetch", "facade"],
  typescriptFetch: false,
});
const fetch = async () =>
  new Response(body, {
    status: 200,
    headers: { "Content-Type": "application/json; charset=UTF-8" },
  });

function unwrap(result) {
  if (!result.response.ok) throw new Error(`HTTP ${result.response.status}`);
  const parsed = JSON.parse(result.data ?? "");
  if (
    typeof parsed !== "object" ||
    parsed === null ||
    parsed.status !== 0 ||
    !("response" in parsed)
  ) {
    throw new Error("not the envelope");
  }
  return parsed.response;
}

const getToken = () => Promise.resolve(TOKEN);
const perRequest = createClient({
  baseUrl: BASE_URL,
  headers: { Accept: "application/json" },
  fetch,
});
variants.push({
  key: "per-request-header",
  label: "replica: token as per-request headers option",
  call: async () =>
    unwrap(
      await perRequest.PUT(REOPEN_PATH, {
        params: { path: { caseid: CASE_ID } },
        parseAs: "text",
        signal: undefined,
        headers: { Authorization: await getToken() },
      }),
    ),
});
const staticHeader = createClient({
  baseUrl: BASE_URL,
  headers: { Accept: "application/json", Authorization: TOKEN },
  fetch,
});
variants.push({
  key: "static-header",
  label: "replica: token in createClient headers",
  call: async () =>
    unwrap(
      await staticHeader.PUT(REOPEN_PATH, {
        params: { path: { caseid: CASE_ID } },
        parseAs: "text",
        signal: undefined,
      }),
    ),
});

const result = await measureOverhead(variants, { rounds: 9, time: 150 });
printTable(
  ["variant", "mean / call", "× bare openapi-fetch"],
  variants.map(({ key, label }) => [
    label,
    fmt.us(result.perVariant[key].mean),
    key === "openapi-fetch" ? "1.00×" : fmt.ratio(pairedRatio(result, key, "openapi-fetch")),
  ]),
);
console.log(
  `\nfacade ÷ per-request replica: ${fmt.ratio(pairedRatio(result, "facade", "per-request-header"))}`,
);
