// `npm run generate` wall time: the generator script spawned a few times, next to a bare
// `node -e 0` spawned as often (the same-run baseline: Node's own start-up on this machine).
// generated/ must come out byte-identical: a changed file is an error.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync, utimesSync } from "node:fs";
import { join } from "node:path";
import { median, root } from "./common.mjs";

const generatedDir = join(root, "generated");

/** A hash of generated/'s names and bytes, and each file's times (to put back afterwards). */
function snapshot() {
  const hash = createHash("sha256");
  const times = [];
  for (const name of readdirSync(generatedDir).sort()) {
    const file = join(generatedDir, name);
    hash.update(name).update(readFileSync(file));
    const { atime, mtime } = statSync(file);
    times.push({ file, atime, mtime });
  }
  return { hash: hash.digest("hex"), times };
}

function timeSpawn(args) {
  const t0 = performance.now();
  const run = spawnSync(process.execPath, args, { cwd: root, encoding: "utf8" });
  const ms = performance.now() - t0;
  if (run.status !== 0) throw new Error(`node ${args.join(" ")} failed:\n${run.stderr}`);
  return ms;
}

export function measureGenerate({ runs = 3 } = {}) {
  const before = snapshot();
  const generate = [];
  const nodeStartup = [];
  for (let i = 0; i < runs; i++) {
    nodeStartup.push(timeSpawn(["-e", "0"]));
    generate.push(timeSpawn(["scripts/generate.mjs"]));
  }
  const after = snapshot();
  if (after.hash !== before.hash) {
    throw new Error("npm run generate changed generated/: the committed bindings are stale");
  }
  // Same bytes: put the old times back, so that dist/ does not look stale to the next run.
  for (const { file, atime, mtime } of before.times) utimesSync(file, atime, mtime);
  return {
    runs,
    generateMs: median(generate),
    generateAllMs: generate,
    nodeStartupMs: median(nodeStartup),
    ratio: median(generate) / median(nodeStartup),
    unchanged: true,
  };
}
