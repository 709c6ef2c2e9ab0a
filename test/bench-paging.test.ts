// The paging heap check (bench/paging.mjs, run by .ci/run) must catch a real leak: with
// --inject-leak it keeps every case of 100 000 alive and has to fail. No timing is asserted here.
import { spawnSync } from "node:child_process";
import { join } from "node:path";

const root = join(__dirname, "..");

test("the heap check of `for await` over 100 000 cases fails when every case is kept alive", () => {
  const run = spawnSync(
    process.execPath,
    ["--expose-gc", "--no-warnings", "bench/paging.mjs", "--quick", "--inject-leak"],
    { cwd: root, encoding: "utf8" },
  );
  expect(run.stdout).toMatch(/GREW; .*kept 100000 cases on purpose/);
  expect(run.status).toBe(1);
}, 120_000);
