// `npm run demo`, as the README promises it: on the embedded portal it does the help-desk step;
// on a "real" portal (here a fake one named by ONLYOFFICE_URL) it reads, and changes nothing
// without --yes when nobody can be asked.
import { spawn } from "node:child_process";
import { join } from "node:path";
import { startFakePortal } from "../src/testing";

const demo = join(__dirname, "../scripts/demo.mjs");

function run(env: Record<string, string>, args: string[] = []) {
  const { ONLYOFFICE_URL: _u, ONLYOFFICE_TOKEN: _t, ...inherited } = process.env;
  const child = spawn(process.execPath, [demo, ...args], {
    env: { ...inherited, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk) => (stdout += chunk));
  child.stderr.on("data", (chunk) => (stderr += chunk));
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on("close", (code) => resolve({ code, stdout, stderr })),
  );
}

it("on the embedded portal: finds the closed case, reopens it, notes why, tags it, lists its open tasks", async () => {
  const { code, stdout, stderr } = await run({});
  expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
  expect(stdout).toMatch(/1\. Find the closed case about "printer jams"\n {3}case 42 .*: closed/);
  expect(stdout).toMatch(/2\. Reopen it\n {3}case 42 .*: open/);
  expect(stdout).toMatch(/3\. Add a note saying why\n {3}event \d+ \(Note\)/);
  expect(stdout).toMatch(/4\. Tag it "customer-wrote-again"\n {3}tags now: .*customer-wrote-again/);
  expect(stdout).toMatch(/5\. Its open tasks\n {3}task \d+ /);
  expect(stdout).toMatch(/PUT \/api\/2\.0\/crm\/case\/42\/reopen/);
});

it("on a real portal: reads, and without a terminal or --yes changes nothing", async () => {
  const portal = await startFakePortal();
  try {
    const { code, stdout, stderr } = await run({
      ONLYOFFICE_URL: portal.url,
      ONLYOFFICE_TOKEN: portal.token,
    });
    expect(code).toBe(0);
    expect(stdout).toMatch(/case 42 .*: closed/);
    expect(stdout).toMatch(/Nothing changed\./);
    expect(stderr).toMatch(/pass --yes/);
    expect(portal.requests.map((r) => r.method)).toEqual(["GET"]);
    expect(portal.cases.get(42)?.isClosed).toBe(true);
    const yes = await run({ ONLYOFFICE_URL: portal.url, ONLYOFFICE_TOKEN: portal.token }, [
      "--yes",
    ]);
    expect(yes.code).toBe(0);
    expect(portal.cases.get(42)?.isClosed).toBe(false);
  } finally {
    await portal.close();
  }
}, 30_000);

it("--help explains the demo and its flags; an unknown flag is one line and the help, no stack", async () => {
  const helped = await run({}, ["--help"]);
  expect(helped.code).toBe(0);
  expect(helped.stdout).toMatch(/^Usage: npm run demo -- \[--search TEXT\]/);
  expect(helped.stdout).toMatch(/ONLYOFFICE_URL/);
  expect(helped.stdout).not.toMatch(/1\. Find/); // it did not run
  const wrong = await run({}, ["--bogus"]);
  expect(wrong.code).toBe(2);
  expect(wrong.stderr).toMatch(/^demo: Unknown option '--bogus'/);
  expect(wrong.stderr).toMatch(/Usage: npm run demo/);
  expect(wrong.stderr).not.toMatch(/\n\s+at /);
});
