// `npm run bench:profile`: where a facade call spends its time. Runs the reopenCase loop over the
// canned fetch under `node --cpu-prof` (in a child process), then prints the top frames by self
// time and by inclusive time, grouped as "function file:line". Profiles go to .tmp/bench/profile/.
//   --variant facade|openapi-fetch|raw   (default facade)   --calls N (default 30000)
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { join, relative } from "node:path";
import { parseArgs } from "node:util";
import { printTable, root } from "./lib/common.mjs";
import { buildVariants } from "./lib/variants.mjs";

const { values: args } = parseArgs({
  options: {
    variant: { type: "string", default: "facade" },
    calls: { type: "string", default: "30000" },
    top: { type: "string", default: "20" },
    child: { type: "boolean", default: false },
  },
});

if (args.child) {
  const { variants } = await buildVariants({ only: [args.variant], typescriptFetch: false });
  const [variant] = variants;
  for (let i = 0, n = Number(args.calls); i < n; i++) await variant.call();
  process.exit(0);
}

const dir = join(root, ".tmp/bench/profile");
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
const run = spawnSync(
  process.execPath,
  [
    "--cpu-prof",
    `--cpu-prof-dir=${dir}`,
    new URL(import.meta.url).pathname,
    "--child",
    "--variant",
    args.variant,
    "--calls",
    args.calls,
  ],
  { stdio: "inherit" },
);
if (run.status !== 0) process.exit(run.status ?? 1);
const file = join(
  dir,
  readdirSync(dir).find((name) => name.endsWith(".cpuprofile")),
);
const profile = JSON.parse(readFileSync(file, "utf8"));

// Self time per node from the samples, then per frame; inclusive time by walking up the tree.
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const parent = new Map();
for (const node of profile.nodes)
  for (const child of node.children ?? []) parent.set(child, node.id);
const deltas = profile.timeDeltas;
const selfUs = new Map();
profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (deltas[i + 1] ?? 0)));
const total = [...selfUs.values()].reduce((a, b) => a + b, 0);

const frameName = ({ callFrame: f }) => {
  const where = f.url
    ? `${relative(root, f.url.replace(/^file:\/\//, "")) || f.url}:${f.lineNumber + 1}`
    : "(native)";
  return `${f.functionName || "(anonymous)"} ${where}`;
};
const self = new Map();
const inclusive = new Map();
for (const [id, us] of selfUs) {
  const node = byId.get(id);
  self.set(frameName(node), (self.get(frameName(node)) ?? 0) + us);
  const seen = new Set();
  for (let at = id; at !== undefined; at = parent.get(at)) {
    const name = frameName(byId.get(at));
    if (seen.has(name)) continue; // count recursion once
    seen.add(name);
    inclusive.set(name, (inclusive.get(name) ?? 0) + us);
  }
}
const top = (map) =>
  [...map.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, Number(args.top))
    .map(([name, us]) => [
      `${((us / total) * 100).toFixed(1)}%`,
      name.length > 110 ? `…${name.slice(-109)}` : name,
    ]);

console.log(
  `\n${args.variant}: ${args.calls} calls, ${(total / 1000).toFixed(0)} ms sampled; ${relative(root, file)}\n`,
);
console.log("### Self time");
printTable(["self", "frame"], top(self));
console.log("\n### Inclusive time");
printTable(["total", "frame"], top(inclusive));
