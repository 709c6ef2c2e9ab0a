// `calls list` through the built binary (dist/cli.cjs, `npm run build` first) against the fake
// portal with a simulated provider: what it sends and prints, each call once.
import { startFakePortal, type FakePortal } from "../src/testing";
import { requireBuilt, run, type Run } from "./cli-run";

const token = "7B1D-CLI-VOIP-TOKEN-93AF";
let portal: FakePortal;
let env: Record<string, string>;

beforeAll(requireBuilt);
beforeEach(async () => {
  portal = await startFakePortal({ token, voip: { twilio: true } });
  env = { ONLYOFFICE_URL: portal.url, ONLYOFFICE_TOKEN: token };
});
afterEach(() => portal.close());

async function crm(...args: string[]): Promise<Run> {
  const result = await run(args, { env });
  expect(result.stderr).not.toContain(token);
  return result;
}
const sent = () =>
  portal.requests.map((r) => {
    const url = new URL(r.url, "http://p");
    return `${r.method} ${url.pathname.slice(13)}${url.search}`;
  });

describe("calls list", () => {
  it("prints the call log as a table, every call once", async () => {
    const { code, stdout, stderr } = await crm("calls", "list");
    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
    expect(stdout).toMatch(/^ID +STATUS +DIALLED +FROM +TO +SECONDS +CONTACT\n/);
    expect(stdout).toMatch(
      /\nCA10 +answered +\d{4}-\d\d-\d\d [\d:]+ \+03:00 +\+14255550142 +\+15550100 +120 +Dana Scully\n/,
    );
    expect(stdout).toMatch(/\nCA20 +missed .* Fabrikam Inc\n/);
    const ids = stdout
      .trim()
      .split("\n")
      .slice(1)
      .map((line) => line.split(" ")[0]);
    expect(ids).toEqual(["CA10", "CA20", "CA30", "CA40", "CA50"]);
    expect(sent()).toEqual(["GET voip/call?startIndex=0&count=1000"]);
  });

  it("--missed: the caller's missed calls; --json one call per line", async () => {
    const { code, stdout } = await crm("calls", "list", "--missed", "--json");
    expect(code).toBe(0);
    const calls = stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as { id: string; status: number });
    expect(calls.map((c) => c.id).sort()).toEqual(["CA20", "CA40"]);
    expect(calls.every((c) => c.status === 3)).toBe(true);
    expect(sent()).toEqual(["GET voip/call/missed"]);
  });

  it("an empty log says so", async () => {
    await portal.close();
    portal = await startFakePortal({ token });
    env.ONLYOFFICE_URL = portal.url;
    const { code, stdout } = await crm("calls", "list");
    expect({ code, stdout: stdout.trim() }).toEqual({ code: 0, stdout: "No calls." });
  });
});
