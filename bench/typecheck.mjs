// `npm run bench:typecheck`: what the package costs a user's type-check, as a ratio measured in
// this run. A small app that uses `createCrmClient` is checked by `tsc --extendedDiagnostics`
// against the package's types as they are (dist/) and as they were before the whole API came in
// (BASE, built from git the same way), alternating, several rounds; the budget is the median
// time at most 2× the base's. Needs the repository's git history (a clone has it).
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, rmSync, symlinkSync, writeFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { fmt, root } from "./lib/common.mjs";
import { ensureBuilt } from "./lib/common.mjs";

/** The last commit before the parts beyond cases: the types every app paid for until then. */
const BASE = "cde42ff";
const BUDGET = 2;
const ROUNDS = Number(process.env.BENCH_TYPECHECK_ROUNDS ?? 3);
const work = join(root, ".tmp/bench/typecheck");

const app = `import { createCrmClient, type Case } from "onlyoffice-crm-client";
const crm = createCrmClient({ baseUrl: "https://portal.example.com", token: "TOKEN" });
export async function reopen(id: number): Promise<string> {
  const found: Case = await crm.reopenCase(id);
  for await (const other of crm.listCases({ isClosed: false }, { maxItems: 10 })) {
    if (other.id !== found.id) await crm.addCaseTag(other.id, "related");
  }
  return found.title;
}
`;

/** A project that checks the app against the package types in `dist`. */
function project(name, dist) {
  const dir = join(work, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "app.ts"), app);
  writeFileSync(
    join(dir, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: {
        strict: true,
        noEmit: true,
        target: "es2022",
        module: "nodenext",
        moduleResolution: "nodenext",
        skipLibCheck: false,
        types: [],
        paths: { "onlyoffice-crm-client": [join(dist, "index.d.ts")] },
      },
      files: ["app.ts"],
    }),
  );
  return dir;
}

/** The base's types, built from git with the same tsup as now (cached in .tmp). */
function baseTypes() {
  const dir = join(work, `base-${BASE}`);
  if (existsSync(join(dir, "dist/index.d.ts"))) return join(dir, "dist");
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const archive = execFileSync("git", ["archive", BASE, "src", "generated", "tsconfig.json"], {
    cwd: root,
  });
  execFileSync("tar", ["-x", "-C", dir], { input: archive });
  symlinkSync(join(root, "node_modules"), join(dir, "node_modules"));
  const built = spawnSync(
    join(root, "node_modules/.bin/tsup"),
    ["src/index.ts", "--no-config", "--dts-only", "--format", "cjs", "--out-dir", "dist"],
    { cwd: dir, encoding: "utf8" },
  );
  if (built.status !== 0)
    throw new Error(`bench:typecheck: building ${BASE}'s types failed\n${built.stderr}`);
  return join(dir, "dist");
}

/** One `tsc --extendedDiagnostics` run: its total time in seconds. */
function check(dir) {
  const result = spawnSync(
    process.execPath,
    [join(root, "node_modules/typescript/bin/tsc"), "-p", dir, "--extendedDiagnostics"],
    { encoding: "utf8" },
  );
  if (result.status !== 0)
    throw new Error(`bench:typecheck: the app does not type-check in ${dir}\n${result.stdout}`);
  const seconds = (label) => Number(new RegExp(`${label}:\\s+([\\d.]+)s`).exec(result.stdout)?.[1]);
  const types = Number(/Types:\s+(\d+)/.exec(result.stdout)?.[1]);
  return { total: seconds("Total time"), check: seconds("Check time"), types };
}

ensureBuilt();
const now = project("now", join(root, "dist"));
const base = project("base", baseTypes());
const runs = { now: [], base: [] };
for (let i = 0; i < ROUNDS; i++) {
  runs.base.push(check(base));
  runs.now.push(check(now));
}
const median = (values) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];
const total = (key) => median(runs[key].map((r) => r.total));
const ratio = total("now") / total("base");
const ok = ratio <= BUDGET;
console.log(
  `bench:typecheck: an app using createCrmClient: ${total("now").toFixed(2)} s now ` +
    `(${runs.now[0].types} types), ${total("base").toFixed(2)} s at ${BASE} (${runs.base[0].types} types), ` +
    `median of ${ROUNDS}: ${fmt.ratio(ratio)} (budget ≤ ${BUDGET}×) ${ok ? "ok" : "OVER BUDGET"}`,
);
if (!ok) process.exitCode = 1;
