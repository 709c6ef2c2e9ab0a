// The activity commands (`contact note`, `deal note`, `file upload`, `report generate`) through
// the built binary (dist/cli.cjs) against the fake portal in this process: what they send, what
// they print, and their exit codes.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startFakePortal, type FakePortal, type FakePortalOptions } from "../src/testing";
import { requireBuilt, run, type Run } from "./cli-run";

const token = "3C9A-CLI-ACTIVITY-TOKEN-51B2";
let portal: FakePortal;
let env: Record<string, string>;
let dir: string;

async function open(options: FakePortalOptions = {}) {
  portal = await startFakePortal({ token, ...options });
  env = { ONLYOFFICE_URL: portal.url, ONLYOFFICE_TOKEN: token };
}

beforeAll(requireBuilt);
beforeEach(async () => {
  await open();
  dir = mkdtempSync(join(tmpdir(), "crm-cli-"));
});
afterEach(async () => {
  await portal.close();
  rmSync(dir, { recursive: true, force: true });
});

async function crm(args: string[]): Promise<Run> {
  const result = await run(args, { env });
  expect(result.stdout + result.stderr).not.toContain(token);
  return result;
}

/** Each request as `METHOD path`, the path after `/api/2.0/`. */
const sent = () =>
  portal.requests.map((r) => `${r.method} ${new URL(r.url, "http://p").pathname.slice(9)}`);
const posted = () => JSON.parse(portal.requests.find((r) => r.method === "POST")!.body);

describe("contact note and deal note", () => {
  it("contact note ID TEXT: a note on the contact alone, in the first history category", async () => {
    const { code, stdout, stderr } = await crm(["contact", "note", "8", "Called about renewal"]);
    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
    expect(stdout).toMatch(/^Added note \d+ to contact 8 \(Note\)\.\n$/);
    expect(sent()).toEqual(["GET crm/history/category", "POST crm/history"]);
    expect(posted()).toEqual({ contactId: 8, content: "Called about renewal", categoryId: 20 });
  });

  it("deal note ID TEXT --category: entityType=opportunity, that category, no list read", async () => {
    const { code, stdout } = await crm([
      "deal",
      "note",
      "21",
      "Sent the offer",
      "--category",
      "22",
    ]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Added note \d+ to deal 21 \(Phone call\)\.\n$/);
    expect(sent()).toEqual(["POST crm/history"]);
    expect(posted()).toEqual({
      entityType: "opportunity",
      entityId: 21,
      content: "Sent the offer",
      categoryId: 22,
    });
  });

  it("--json prints the event; a bad ID is a usage error with nothing sent", async () => {
    const json = await crm(["deal", "note", "21", "x", "--json"]);
    expect(JSON.parse(json.stdout)).toMatchObject({
      content: "x",
      entity: { entityType: "opportunity", entityId: 21 },
    });
    portal.requests.length = 0;
    const bad = await crm(["contact", "note", "eight", "x"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/contact ID must be a whole number/);
    expect(portal.requests).toHaveLength(0);
  });
});

describe("file upload", () => {
  it("streams the file into the CRM folder, then attaches it to the record", async () => {
    const path = join(dir, "offer.txt");
    writeFileSync(path, "Our offer: 10 printers");
    const { code, stdout, stderr } = await crm(["file", "upload", "deal", "21", path]);
    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
    expect(stdout).toMatch(
      /^Uploaded offer\.txt \(file (\d+)\) and attached it to deal 21 \(event \d+\)\.\n$/,
    );
    const fileId = Number(/file (\d+)/.exec(stdout)![1]);
    expect(sent()).toEqual([
      "POST crm/opportunity/21/files/upload",
      "GET crm/files/root",
      `GET files/file/${fileId}`,
      "POST crm/opportunity/21/files",
    ]);
    // The part is the file, named as on the disk; the store-original setting is sent.
    const upload = portal.requests[0]!;
    expect(new URL(upload.url, "http://p").searchParams.get("storeOriginalFileFlag")).toBe("true");
    expect(upload.headers["content-type"]).toMatch(/^multipart\/form-data; boundary=/);
    expect(upload.body).toContain('filename="offer.txt"');
    expect(upload.body).toContain("Our offer: 10 printers");
    expect(JSON.parse(portal.requests[3]!.body)).toEqual({ fileids: [fileId] });
  });

  it("--name names it; --json prints the file and the event", async () => {
    const path = join(dir, "a.txt");
    writeFileSync(path, "text");
    const { code, stdout } = await crm([
      "file",
      "upload",
      "contact",
      "8",
      path,
      "--name",
      "Contract.txt",
      "--json",
    ]);
    expect(code).toBe(0);
    const { file, event } = JSON.parse(stdout);
    expect(file).toMatchObject({ title: "Contract.txt", folderId: 1001 });
    expect(event).toMatchObject({ contact: { id: 8 }, entity: null, files: [{ id: file.id }] });
  });

  it("refuses a bad entity, a missing file and an empty one, with nothing sent (exit 2)", async () => {
    const empty = join(dir, "empty.txt");
    writeFileSync(empty, "");
    for (const [args, message] of [
      [["file", "upload", "opportunity", "21", empty], /ENTITY must be contact, deal or case/],
      [
        ["file", "upload", "deal", "21", join(dir, "missing.pdf")],
        /cannot read .*missing\.pdf: ENOENT/,
      ],
      [["file", "upload", "deal", "21", empty], /file is empty/],
      [["file", "upload", "deal", "21", dir], /cannot read .*: not a file/],
    ] as const) {
      const { code, stderr } = await crm([...args]);
      expect(code).toBe(2);
      expect(stderr).toMatch(message);
    }
    expect(portal.requests).toHaveLength(0);
  });
});

describe("report generate", () => {
  it("--wait generates, polls, and prints the report's file", async () => {
    await portal.close();
    await open({ reports: { runMs: 50 } });
    const { code, stdout, stderr } = await crm([
      "report",
      "generate",
      "salesFunnel",
      "currentMonth",
      "--wait",
    ]);
    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
    const [line, url] = stdout.trimEnd().split("\n");
    expect(line).toMatch(/^Report ready: Sales funnel \(\d{4}-\d{2}-\d{2}\)\.xlsx \(file (\d+)\)$/);
    const fileId = Number(/file (\d+)/.exec(line!)![1]);
    expect(url).toBe(
      `${portal.url}/Products/Files/HttpHandlers/filehandler.ashx?action=download&fileid=${fileId}`,
    );
    expect(sent()[0]).toBe("POST crm/report/generate");
    expect(JSON.parse(portal.requests[0]!.body)).toEqual({ type: 2, timePeriod: 6 });
    expect(sent().filter((s) => s === "GET crm/report/status").length).toBeGreaterThan(0);
    expect(sent().at(-1)).toBe(`GET files/file/${fileId}`);
  });

  it("without --wait queues it; --json prints the state", async () => {
    await portal.close();
    await open({ reports: { runMs: 50 } });
    const { code, stdout } = await crm(["report", "generate", "workloadByTasks", "duringAllTime"]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Queued the report Workload by tasks .*--wait/);
    expect(sent()).toEqual(["POST crm/report/generate"]);
    const json = await crm(["report", "generate", "workloadByTasks", "today", "--json"]);
    expect(JSON.parse(json.stdout)).toMatchObject({ status: 0, fileId: 0, reportType: 4 });
  });

  it("an unknown type or period is refused before sending (exit 2), naming the choices", async () => {
    const { code, stderr } = await crm(["report", "generate", "sales", "currentMonth"]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/type must be one of salesByManagers, salesForecast/);
    const period = await crm(["report", "generate", "salesFunnel", "thisMonth", "--wait"]);
    expect(period.stderr).toMatch(/period must be one of today, yesterday/);
    expect(portal.requests).toHaveLength(0);
  });

  it("a portal without reports: exit 1 and a message naming both causes", async () => {
    const { code, stderr } = await crm(["report", "generate", "salesFunnel", "today", "--wait"]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/not a portal administrator.*no document builder/);
  });

  it("a failed report: exit 1 with the portal's reason", async () => {
    await portal.close();
    await open({ reports: { runMs: 10, fail: "Document builder timed out" } });
    const { code, stderr } = await crm(["report", "generate", "salesFunnel", "today", "--wait"]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/The report failed: Document builder timed out/);
  });
});
