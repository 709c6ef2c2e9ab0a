// The `contact …` write commands, through the built binary (`npm run build` first) against the
// fake portal: what each sends, what it prints, and that a merge or a delete asks first.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CURRENT_USER, startFakePortal, type FakePortal } from "../src/testing";
import { onTerminal, requireBuilt, run, scriptAvailable, type Run } from "./cli-run";

const token = "5B1C7E2A-TOKEN-CONTACTS-3D9F";
let portal: FakePortal;
let env: Record<string, string>;

beforeAll(requireBuilt);
beforeEach(async () => {
  portal = await startFakePortal({ token });
  env = { ONLYOFFICE_URL: portal.url, ONLYOFFICE_TOKEN: token };
});
afterEach(() => portal.close());

async function crm(args: string[]): Promise<Run> {
  const result = await run(args, { env });
  expect(result.stdout + result.stderr).not.toContain(token);
  return result;
}
const body = (index: number) => JSON.parse(portal.requests[index]!.body);
const lines = () => portal.requests.map((r) => `${r.method} ${r.url}`);

/** The CLI on a pseudo-terminal (util-linux `script`), to answer its question. */
const terminal = scriptAvailable ? it : it.skip;

describe("contact create-person and create-company", () => {
  it("create-person sends the names and the access; prints the person", async () => {
    const { code, stdout } = await crm([
      "contact",
      "create-person",
      "--first",
      "Lena",
      "--last",
      "Berg",
      "--job-title",
      "Buyer",
      "--company-id",
      "9",
      "--share",
      "none",
      "--manager",
      CURRENT_USER.id,
    ]);
    expect(code).toBe(0);
    expect(stdout).toMatch(
      /^Created person (\d+)\.\nContact \1: Lena Berg \(person\)\n  title: +Buyer\n/,
    );
    const post = portal.requests.findIndex((r) => r.method === "POST");
    expect(body(post)).toEqual({
      firstName: "Lena",
      lastName: "Berg",
      jobTitle: "Buyer",
      companyId: 9,
      about: "",
      shareType: 0,
      managerList: [CURRENT_USER.id],
    });
  });

  it("create-company with --json prints the company as JSON", async () => {
    const { code, stdout } = await crm([
      "contact",
      "create-company",
      "--name",
      "Northwind",
      "--share",
      "readwrite",
      "--json",
    ]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({
      companyName: "Northwind",
      isCompany: true,
      shareType: 1,
    });
    expect(body(0)).toEqual({ companyName: "Northwind", about: "", shareType: 1 });
  });

  it.each([
    [["create-person", "--first", "Lena"], /--share is required/],
    [["create-person", "--last", "Berg", "--share", "read"], /--first is required/],
    [
      ["create-person", "--first", "Lena", "--share", "everyone"],
      /--share must be none, read or readwrite/,
    ],
    [["create-person", "--first", "Lena", "--share", "none"], /needs a non-empty managers/],
    [["create-company", "--share", "read"], /--name is required/],
    [
      ["create-company", "--name", "X", "--share", "read", "--manager", CURRENT_USER.id],
      /managers apply only/,
    ],
  ])("%j is refused and sends nothing", async (args, message) => {
    const { code, stderr } = await crm(["contact", ...args]);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
    expect(portal.requests).toHaveLength(0);
  });
});

describe("contact update", () => {
  it("a person: reads it, sends back what is not named, prints it", async () => {
    const { code, stdout } = await crm(["contact", "update", "10", "--job-title", "CIO"]);
    expect(code).toBe(0);
    expect(stdout).toMatch(
      /^Updated person 10\.\nContact 10: Dana Scully \(person\)\n  title: +CIO\n/,
    );
    const put = portal.requests.findIndex((r) => r.method === "PUT");
    expect(portal.requests[put]!.url).toBe("/api/2.0/crm/contact/person/10");
    expect(body(put)).toMatchObject({
      firstName: "Dana",
      lastName: "Scully",
      jobTitle: "CIO",
      companyId: 9,
    });
  });

  it("a company: --name; a person's flag is refused before anything is written", async () => {
    const { code, stdout } = await crm([
      "contact",
      "update",
      "9",
      "--name",
      "Fabrikam AG",
      "--clear-industry",
    ]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Updated company 9\./);
    expect(portal.contacts.get(9)?.displayName).toBe("Fabrikam AG");
    portal.requests.length = 0;
    const wrong = await crm(["contact", "update", "9", "--first", "X"]);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/--first is for a person: contact 9 is a company/);
    expect(portal.requests.filter((r) => r.method !== "GET")).toHaveLength(0);
  });
});

describe("contact delete and merge", () => {
  it("delete: --yes deletes; without a terminal and without --yes nothing is sent", async () => {
    const refused = await crm(["contact", "delete", "8"]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/pass --yes/);
    expect(portal.requests).toHaveLength(0);
    const { code, stdout } = await crm(["contact", "delete", "8", "--yes"]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Deleted contact 8\./);
    expect(portal.contacts.has(8)).toBe(false);
  });

  it("merge: refused without a terminal and without --yes; --yes merges", async () => {
    const refused = await crm(["contact", "merge", "9", "7"]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/not a terminal: pass --yes/);
    expect(portal.requests).toHaveLength(0);
    const { code, stdout } = await crm(["contact", "merge", "9", "7", "--yes", "--json"]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ id: 7, isCompany: true });
    expect(lines()).toContain("PUT /api/2.0/crm/contact/merge");
    expect(portal.contacts.has(9)).toBe(false);
  });

  it("merge of a person into a company is refused by the library, nothing merged", async () => {
    const { code, stderr } = await crm(["contact", "merge", "8", "7", "--yes"]);
    expect(code).not.toBe(0);
    expect(stderr).toMatch(/cannot merge a person into a company/);
    expect(portal.requests.filter((r) => r.method !== "GET")).toHaveLength(0);
  });

  terminal("merge asks on a terminal: n merges nothing, y merges", async () => {
    const no = onTerminal("contact merge 9 7", env);
    await no.until("[y/N]");
    expect(no.output).toMatch(/Merge 9 "Fabrikam Inc" into 7 "Contoso Ltd"\? 9 will be deleted\./);
    no.type("n\r");
    expect(await no.done).toBe(0);
    expect(no.output).toContain("Nothing merged.");
    expect(portal.contacts.has(9)).toBe(true);
    const yes = onTerminal("contact merge 9 7", env);
    await yes.until("[y/N]");
    yes.type("y\r");
    expect(await yes.done).toBe(0);
    expect(yes.output).toContain("Merged contact 9 into 7.");
    expect(portal.contacts.has(9)).toBe(false);
  });
});

describe("contact info, add-email and add-phone", () => {
  it("info lists the items", async () => {
    const { code, stdout } = await crm(["contact", "info", "7"]);
    expect(code).toBe(0);
    expect(stdout.split("\n")[0]).toMatch(/^ID +TYPE +CATEGORY +PRIMARY +VALUE$/);
    expect(stdout).toMatch(/71 +email +Work +yes +support@contoso\.example/);
  });

  it("add-email sends the e-mail as a work address; --primary and --category", async () => {
    const { code, stdout } = await crm([
      "contact",
      "add-email",
      "7",
      "sales@contoso.example",
      "--primary",
    ]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Added email \d+ to contact 7: sales@contoso\.example\./);
    const post = portal.requests.find((r) => r.method === "POST")!;
    expect(post.url).toBe("/api/2.0/crm/contact/7/data");
    expect(JSON.parse(post.body)).toMatchObject({
      infoType: "Email",
      data: "sales@contoso.example",
      category: "Work",
      isPrimary: true,
    });
  });

  it("add-phone takes a phone category; a wrong one is refused before anything is sent", async () => {
    const { code } = await crm([
      "contact",
      "add-phone",
      "8",
      "+49 30 555",
      "--category",
      "fax",
      "--json",
    ]);
    expect(code).toBe(0);
    const post = portal.requests.find((r) => r.method === "POST")!;
    expect(JSON.parse(post.body)).toMatchObject({ infoType: "Phone", category: "Fax" });
    portal.requests.length = 0;
    const wrong = await crm(["contact", "add-email", "8", "x@example.org", "--category", "fax"]);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/--category must be one of home, work, other/);
    expect(portal.requests).toHaveLength(0);
  });
});

describe("call setContactPhoto", () => {
  it("@path uploads the file, typed as a PNG by its first bytes", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cli-photo-"));
    const path = join(dir, "ben.png");
    writeFileSync(path, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]));
    try {
      const { code, stdout, stderr } = await crm([
        "call",
        "setContactPhoto",
        "8",
        `@${path}`,
        "--json",
      ]);
      expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
      expect(JSON.parse(stdout)).toBe("/storage/crm/photos/8/contact_8_200_200.jpg");
      const put = portal.requests.find((r) => r.method === "PUT")!;
      expect(put.url).toBe("/api/2.0/crm/contact/8/changephoto");
      expect(put.body).toMatch(/filename="ben.png"\r\nContent-Type: image\/png/);
    } finally {
      rmSync(dir, { recursive: true });
    }
  });
});
