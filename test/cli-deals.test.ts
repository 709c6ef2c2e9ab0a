// The deal and setup commands, run as users run them: the built `onlyoffice-crm` (dist/cli.cjs,
// `npm run build` first) in a child process, against the fake portal in this process.
import { startFakePortal, type FakePortal } from "../src/testing";
import { requireBuilt, run } from "./cli-run";

const token = "5B1E-DEALS-TOKEN-77C2";
let portal: FakePortal;
let env: Record<string, string>;

beforeAll(requireBuilt);
beforeEach(async () => {
  portal = await startFakePortal({ token });
  env = { ONLYOFFICE_URL: portal.url, ONLYOFFICE_TOKEN: token };
});
afterEach(() => portal.close());

async function crm(...args: string[]) {
  const result = await run(args, { env });
  expect(result.stdout + result.stderr).not.toContain(token);
  return result;
}
const calls = () => portal.requests.map((r) => `${r.method} ${r.url}`);
const bodyOf = (method: string) =>
  JSON.parse(portal.requests.find((r) => r.method === method)!.body);

describe("deal", () => {
  it("list: every deal as a table, in the stable order, the filter under the portal's names", async () => {
    const { code, stdout, stderr } = await crm("deal", "list");
    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
    expect(stdout).toBe(
      [
        "ID  STAGE            BID       RESPONSIBLE   TITLE",
        "21  Initial contact  1500 EUR  Anna O'Brien  Printers for Contoso",
        "22  Proposal         200 EUR   Anna O'Brien  Service contract Fabrikam",
        "23  Won              900 USD   Anna O'Brien  Scanner upgrade",
        "",
      ].join("\n"),
    );
    expect(calls()[0]).toMatch(/^GET \/api\/2\.0\/crm\/opportunity\/filter\?.*sortBy=id/);
    portal.requests.length = 0;
    const filtered = await crm("deal", "list", "--stage", "2", "--tag", "vip", "--search", "x");
    expect(filtered.stdout).toBe("No deals.\n");
    const query = new URL(portal.requests[0]!.url, "http://x").searchParams;
    expect([
      query.get("opportunityStagesid"),
      query.getAll("tags"),
      query.get("filterValue"),
    ]).toEqual(["2", ["vip"], "x"]);
  });

  it("list --json: one object per line", async () => {
    const { code, stdout } = await crm("deal", "list", "--json");
    expect(code).toBe(0);
    const lines = stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(lines.map((d) => d.id)).toEqual([21, 22, 23]);
  });

  it("get: a short summary; --json: the deal", async () => {
    const { code, stdout } = await crm("deal", "get", "21");
    expect(code).toBe(0);
    expect(stdout).toBe(
      [
        "Deal 21: Printers for Contoso",
        "  stage:       Initial contact (open, 10 %)",
        "  bid:         1500 EUR",
        "  responsible: Anna O'Brien",
        "  contact:     Contoso Ltd (7)",
        "  access:      public",
        "  created:     2023-11-20 09:15:00 +03:00",
        "  Region: North",
        "",
      ].join("\n"),
    );
    const json = await crm("deal", "get", "21", "--json");
    expect(JSON.parse(json.stdout)).toMatchObject({ id: 21, title: "Printers for Contoso" });
    expect(calls()).toEqual(["GET /api/2.0/crm/opportunity/21", "GET /api/2.0/crm/opportunity/21"]);
    const missing = await crm("deal", "get", "404");
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toMatch(/404|not found/i);
  });

  it("create: --responsible me is the signed-in user; the currency is the portal's default", async () => {
    const { code, stdout, stderr } = await crm(
      "deal",
      "create",
      "--title",
      "New printers",
      "--stage",
      "2",
      "--responsible",
      "me",
      "--contact",
      "9",
    );
    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
    expect(stdout).toMatch(
      /^Created deal (\d+)\.\nDeal \1: New printers\n {2}stage: {7}Proposal \(open, 50 %\)/,
    );
    expect(calls().slice(0, 3)).toEqual([
      "GET /api/2.0/people/@self",
      "GET /api/2.0/crm/invoice/sample",
      "POST /api/2.0/crm/opportunity",
    ]);
    expect(bodyOf("POST")).toEqual({
      title: "New printers",
      stageid: 2,
      responsibleid: "9a4f1d2e-6b3c-4e8a-9f10-2c7d5b8e1a34",
      contactid: 9,
      bidCurrencyAbbr: "EUR",
    });
  });

  it("create --json prints the deal; a missing flag is a usage error sending nothing", async () => {
    const json = await crm(
      "deal",
      "create",
      "--title",
      "T",
      "--stage",
      "1",
      "--responsible",
      "0b1c2d3e-4f50-4617-8899-aabbccddeeff",
      "--json",
    );
    expect(JSON.parse(json.stdout)).toMatchObject({ title: "T", stage: { id: 1 } });
    portal.requests.length = 0;
    for (const [args, message] of [
      [["--stage", "1", "--responsible", "me"], /--title is required/],
      [["--title", "T", "--responsible", "me"], /--stage is required/],
      [["--title", "T", "--stage", "1"], /--responsible is required/],
      [["--title", "T", "--stage", "x", "--responsible", "me"], /--stage must be a whole number/],
    ] as const) {
      const result = await crm("deal", "create", ...args);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(message);
    }
    const notUser = await crm(
      "deal",
      "create",
      "--title",
      "T",
      "--stage",
      "1",
      "--responsible",
      "bob",
    );
    expect(notUser.code).not.toBe(0);
    expect(notUser.stderr).toMatch(/responsibleId must be a user ID/);
    expect(portal.requests).toHaveLength(0);
  });

  it("stage: moves the deal, the stage sent in the body where the portal reads it", async () => {
    const { code, stdout } = await crm("deal", "stage", "21", "3");
    expect(code).toBe(0);
    expect(stdout.split("\n").slice(0, 3)).toEqual([
      'Moved deal 21 to "Won".',
      "Deal 21: Printers for Contoso",
      "  stage:       Won (won, 100 %)",
    ]);
    expect(calls()).toEqual(["PUT /api/2.0/crm/opportunity/21/stage/3"]);
    expect(bodyOf("PUT")).toEqual({ stageid: 3 });
  });

  it("tag: tags the deal; --json prints the tag", async () => {
    expect((await crm("deal", "tag", "22", "vip")).stdout).toBe('Tagged deal 22 "vip".\n');
    expect(calls()).toEqual(["POST /api/2.0/crm/opportunity/22/tag"]);
    expect(bodyOf("POST")).toEqual({ tagName: "vip" });
    expect((await crm("deal", "tag", "22", "big", "--json")).stdout).toBe('"big"\n');
  });
});

describe("setup", () => {
  it("stages: a table of the pipeline", async () => {
    const { code, stdout } = await crm("setup", "stages");
    expect(code).toBe(0);
    expect(stdout).toBe(
      [
        "ID  TYPE  PROBABILITY  DEALS  TITLE",
        "1   open  10 %         2      Initial contact",
        "2   open  50 %         1      Proposal",
        "3   won   100 %        1      Won",
        "4   lost  0 %          0      Lost",
        "",
      ].join("\n"),
    );
    expect(calls()).toEqual(["GET /api/2.0/crm/opportunity/stage"]);
  });

  it("statuses and types: tables; --json the lists", async () => {
    expect((await crm("setup", "statuses")).stdout.split("\n").slice(0, 2)).toEqual([
      "ID  COLOR    CONTACTS  TITLE",
      "30  #8a98d8  0         Cold",
    ]);
    expect((await crm("setup", "types")).stdout.split("\n").slice(0, 2)).toEqual([
      "ID  CONTACTS  TITLE",
      "40  0         Client",
    ]);
    const json = JSON.parse((await crm("setup", "types", "--json")).stdout);
    expect(json.map((t: { title: string }) => t.title)).toEqual(["Client", "Supplier", "Partner"]);
    expect(calls()).toEqual([
      "GET /api/2.0/crm/contact/status",
      "GET /api/2.0/crm/contact/type",
      "GET /api/2.0/crm/contact/type",
    ]);
  });

  it("categories: the task and the history categories in one table", async () => {
    const lines = (await crm("setup", "categories")).stdout.split("\n");
    expect(lines[0]).toBe("KIND     ID  USED  TITLE");
    expect(lines).toContain("task     1   1     Phone call");
    expect(lines).toContain("history  20  3     Note");
    expect(calls()).toEqual([
      "GET /api/2.0/crm/task/category",
      "GET /api/2.0/crm/history/category",
    ]);
  });

  it("fields ENTITY: the definitions, a select box's options readable", async () => {
    expect((await crm("setup", "fields", "case")).stdout).toBe(
      [
        "ID  KIND      VALUES  SETTINGS           LABEL",
        "3   date      1                          Due",
        "4   checkbox  1                          On site",
        "6   heading   0                          Details",
        "5   select    0       Low, Normal, High  Priority",
        "",
      ].join("\n"),
    );
    await crm("setup", "fields", "deal");
    expect(calls()).toEqual([
      "GET /api/2.0/crm/case/customfield/definitions",
      "GET /api/2.0/crm/opportunity/customfield/definitions",
    ]);
    portal.requests.length = 0;
    const wrong = await crm("setup", "fields", "opportunity");
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/ENTITY must be one of contact, person, company, deal, case/);
    expect(portal.requests).toHaveLength(0);
  });
});
