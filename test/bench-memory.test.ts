// The memory budget (bench/memory.mjs, run by `npm run bench:check`) must catch a real leak: with
// --inject-leak it keeps every result alive and has to fail. No timing is asserted here.
import { spawnSync } from "node:child_process";
import { join } from "node:path";

const root = join(__dirname, "..");

test("the heap check fails when every call's result is kept alive", () => {
  const run = spawnSync(
    process.execPath,
    ["--expose-gc", "bench/memory.mjs", "--calls", "3000", "--inject-leak"],
    { cwd: root, encoding: "utf8" },
  );
  expect(run.stdout).toMatch(/OVER/);
  expect(run.status).toBe(1);
});
