// `npm run size`: the bundle budgets (size-limit, gzipped). Each limit is what was measured plus a
// small margin, so that nothing grows unnoticed; the goals of the issues are below each, with why
// they are not met (bytes measured by taking each thing out of a copy; BENCHMARKS.md).
// - An app that only reopens a case, with a Cases client: 8 623 B measured, limit 8.5 KiB (8 704
//   B), whatever the package holds (the other parts are not in its bundle). Goal 7 KiB (issues 16
//   and 21): it held at 7 159 B before issue 21's machinery, which every call of every client
//   needs: errors that name their call 391 B, the time limit of a call waiting for a place ~200 B,
//   sign-in renewal of a token function ~100 B, `withResponse` 51 B. Logging and hooks are opt-in
//   (`createCrmClientFor([cases, logging])`): what is left of them costs 64 B (the refusal of
//   their options without `logging`). Since then the Cases part checks custom-field values by
//   kind (a boolean, a Date, a number; src/parts/field-values.ts and the date guard): 411 B. The
//   rest is the Cases part (16 methods) and the core it needs (options, retries, limiter,
//   paging, validation): an empty client is 6.4 kB.
// - The same app with the client of every part: at most 9 400 B (the 37 operations of the Cases
//   release, measured 9 380 B then) plus 131 B per operation added since (39 270 B at 268,
//   i.e. 129.3 B). Goal 100 B (issue 16): the compact operation table (path below /api/2.0/,
//   method in the flags, query names only where a PUT/POST has them) took 1.1 kB off. Of what
//   is left, about 3.5 kB is no operation's: issue 21's batch, sign-in with credentials and
//   logging, which `createCrmClient` always has; the rest is mostly the parts' own lines, checks
//   and refusal messages, then the table (about 60 B a row minified) and the response schemas.
// - Deals only (issue 18, goal 7 KiB) and invoices only (issue 19, goal 8 KiB): 10 738 B and
//   12 426 B measured. Each carries the same core as the Cases app and its part: deals 18
//   operations with their checks, reading the portal's currency and the custom fields first;
//   invoices 32 operations, money arithmetic, the status machine and the PDF wait. Limits at what
//   they measure plus a small margin.
const { readFileSync } = require("node:fs");

const operations = readFileSync(`${__dirname}/generated/operations.ts`, "utf8").match(
  /^ {2}\w+: \["/gm,
).length;
const allParts = 9400 + 131 * (operations - 37);

module.exports = [
  {
    name: "app that reopens a case with a Cases client (createCrmClientFor([cases]) + reopenCase, dist/index.mjs)",
    path: "bench/apps/reopen-case.mjs",
    limit: "8.5 KiB",
    gzip: true,
  },
  {
    name: `the same app with the client of every part (createCrmClient + reopenCase; ${operations} operations)`,
    path: "bench/apps/reopen-case-all.mjs",
    limit: `${allParts} B`,
    gzip: true,
  },
  {
    name: "app that moves a deal to a stage with a Deals client (createCrmClientFor([deals]))",
    path: "bench/apps/deals-only.mjs",
    limit: "10.6 KiB",
    gzip: true,
  },
  {
    name: "app that reads an invoice with an Invoices client (createCrmClientFor([invoices]))",
    path: "bench/apps/invoices-only.mjs",
    limit: "12.3 KiB",
    gzip: true,
  },
  {
    name: "the same call with openapi-fetch alone (reference)",
    path: "bench/apps/openapi-fetch.mjs",
    limit: "3 KiB",
    gzip: true,
  },
];
