// `onlyoffice-crm call`, `help`, per-command help, flags, dates and `fake-portal`, through the
// built binary (dist/cli.cjs) against the fake portal in this process.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import { portalJson, startFakePortal, type FakePortal } from "../src/testing";
import { cli, requireBuilt, run, start, type Run } from "./cli-run";

const token = "5E1F-CLI-CALL-TOKEN-77A0";
let portal: FakePortal;
let env: Record<string, string>;

beforeAll(requireBuilt);
beforeEach(async () => {
  portal = await startFakePortal({ token });
  env = { ONLYOFFICE_URL: portal.url, ONLYOFFICE_TOKEN: token };
});
afterEach(() => portal.close());

async function crm(args: string[], input?: string): Promise<Run> {
  const result = await run(args, { env, ...(input !== undefined && { input }) });
  expect(result.stderr).not.toContain(token);
  return result;
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const sent = () =>
  portal.requests.map((r) => `${r.method} ${new URL(r.url, "http://p").pathname.slice(13)}`);
const query = (i: number) =>
  Object.fromEntries(new URL(portal.requests[i]!.url, "http://p").searchParams);

/** The spec's operations: operationId → [tag, summary]. */
const spec = parse(readFileSync(join(__dirname, "../openapi/onlyoffice-crm.yaml"), "utf8"));
const summaries = new Map<string, { tag: string; summary: string }>();
for (const [path, item] of Object.entries<Record<string, any>>(spec.paths)) {
  // Sign-in and the batch endpoint are no client methods (crm.batch is not called by name).
  if (path.startsWith("/api/2.0/authentication") || path === "/api/2.0/batch") continue;
  for (const op of Object.values(item)) {
    if (op?.operationId) summaries.set(op.operationId, { tag: op.tags[0], summary: op.summary });
  }
}

describe("call: one method of every part", () => {
  it("cases: reopenCase 42 sends PUT case/42/reopen and prints the case", async () => {
    const { code, stdout, stderr } = await crm(["call", "reopenCase", "42"]);
    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
    expect(sent()).toEqual(["PUT case/42/reopen"]);
    expect(stdout).toMatch(/^id: +42\ntitle: +Printer on floor 3 jams again\n/);
    expect(stdout).toMatch(/\nisClosed: +false\n/);
    expect(stdout).toMatch(/\ncreated: +2024-03-05 14:07:31 \+03:00\n/); // the portal's time
  });

  it("cases --json: the answer as the portal has it", async () => {
    const { code, stdout } = await crm(["call", "getCase", "42", "--json"]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual(portal.cases.get(42));
  });

  it("contacts: searchContacts with a word and an --input object", async () => {
    const { code, stdout } = await crm(
      ["call", "searchContacts", "dana", "--input", "-", "--json"],
      '{"type":"person"}',
    );
    expect(code).toBe(0);
    expect(query(0)).toMatchObject({ prefix: "dana", searchType: "1" });
    expect(JSON.parse(stdout)).toEqual([expect.objectContaining({ id: 10 })]);
  });

  it("tags: addCaseTag 7 vip posts the tag; listCaseTags lists it", async () => {
    const added = await crm(["call", "addCaseTag", "7", "vip", "--json"]);
    expect(added).toEqual({ code: 0, stdout: '"vip"\n', stderr: "" });
    expect(portal.requests[0]).toMatchObject({ method: "POST", url: "/api/2.0/crm/case/7/tag" });
    expect(JSON.parse(portal.requests[0]!.body)).toMatchObject({ tagName: "vip" });
    expect((await crm(["call", "listCaseTags", "7"])).stdout).toBe("vip\n");
  });

  it("custom fields: listCaseFieldDefinitions as a table", async () => {
    const { code, stdout } = await crm(["call", "listCaseFieldDefinitions"]);
    expect(code).toBe(0);
    expect(sent()).toEqual(["GET case/customfield/definitions"]);
    expect(stdout.split("\n")[0]).toMatch(/^ID +.*LABEL$/);
    expect(stdout).toMatch(/\n5 +.*Priority\n/);
  });

  it("history: addCaseNote 42 with the note on stdin", async () => {
    const { code, stdout } = await crm(
      ["call", "addCaseNote", "42", "--input", "-", "--json"],
      JSON.stringify({ content: "Called back", categoryId: 22 }),
    );
    expect(code).toBe(0);
    expect(sent()).toEqual(["POST history"]);
    expect(JSON.parse(portal.requests[0]!.body)).toMatchObject({
      entityType: "case",
      entityId: 42,
      content: "Called back",
      categoryId: 22,
    });
    expect(JSON.parse(stdout)).toMatchObject({ content: "Called back" });
  });

  it("tasks: listTaskCategories, then closeTask on one of the tasks", async () => {
    const categories = await crm(["call", "listTaskCategories", "--json"]);
    expect(categories.code).toBe(0);
    expect(JSON.parse(categories.stdout).length).toBeGreaterThan(0);
    const closed = await crm(["call", "closeTask", "301", "--json"]);
    expect(closed.code).toBe(0);
    expect(JSON.parse(closed.stdout)).toMatchObject({ id: 301, isClosed: true });
    expect(sent()).toEqual(["GET task/category", "PUT task/301/close"]);
  });

  it("contacts: createPerson --input person.json (a read-first taking an object)", async () => {
    const { code, stdout } = await crm(
      ["call", "createPerson", "--input", "-", "--json"],
      JSON.stringify({ firstName: "Ada", lastName: "Lovelace", shareType: "read" }),
    );
    expect(code).toBe(0);
    const post = portal.requests.find((r) => r.method === "POST")!;
    expect(post.url).toBe("/api/2.0/crm/contact/person");
    expect(JSON.parse(post.body)).toMatchObject({ firstName: "Ada", lastName: "Lovelace" });
    expect(JSON.parse(stdout)).toMatchObject({ firstName: "Ada", isCompany: false });
  });

  it("a word for a read-first: a number where it takes one, text where it takes text", async () => {
    // setCaseField's value: a check box's word is a boolean, a select box's option text.
    const set = await crm(["call", "setCaseField", "42", "4", "true", "--json"]);
    expect(set.stderr).toBe("");
    const post = portal.requests.find((r) => r.method === "POST")!;
    expect(post.url).toBe("/api/2.0/crm/case/42/customfield/4");
    expect(JSON.parse(post.body)).toMatchObject({ fieldValue: "true" });
    expect(JSON.parse(set.stdout)).toMatchObject({ fieldValue: "true", value: true });
    portal.requests.length = 0;
    await crm(["call", "setCaseField", "42", "5", "High"]);
    expect(JSON.parse(portal.requests.find((r) => r.method === "POST")!.body)).toEqual({
      fieldValue: "High",
    });
    // mergeContacts' second ID is read first: the same contact twice is refused, nothing sent.
    portal.requests.length = 0;
    const merged = await crm(["call", "mergeContacts", "10", "10"]);
    expect(merged.code).toBe(2);
    expect(merged.stderr).toMatch(/fromId and intoId are the same contact/);
    expect(portal.requests).toHaveLength(0);
  });

  it("deals: setDealStage 21 4 (the stage read first, then PUT)", async () => {
    const { code, stdout, stderr } = await crm(["call", "setDealStage", "21", "4", "--json"]);
    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
    const put = portal.requests.find((r) => r.method === "PUT")!;
    expect(new URL(put.url, "http://p").pathname).toBe("/api/2.0/crm/opportunity/21/stage/4");
    expect(JSON.parse(stdout)).toMatchObject({ id: 21 });
  });

  it("invoices: getInvoice 1 as fields, listInvoiceTaxes as a table", async () => {
    const invoice = await crm(["call", "getInvoice", "1"]);
    expect(invoice.code).toBe(0);
    expect(invoice.stdout).toMatch(/^id: +1\n/);
    expect(invoice.stdout).toMatch(/\nnumber: +INV-0000001\n/);
    const taxes = await crm(["call", "listInvoiceTaxes"]);
    expect(taxes.code).toBe(0);
    expect(taxes.stdout.split("\n")[0]).toMatch(/^ID +.*NAME$/);
    expect(taxes.stdout).toMatch(/\n1 +German VAT +19 .*VAT 19%\n/);
    expect(sent()).toEqual(["GET invoice/1", "GET invoice/tax"]);
  });

  it("files: uploadFile case 42 @path sends the file as a multipart part", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cli-upload-"));
    const path = join(dir, "note.txt");
    writeFileSync(path, "the customer's note");
    try {
      const { code, stdout, stderr } = await crm(
        ["call", "uploadFile", "case", "42", `@${path}`, "--input", "-", "--json"],
        '{"name": "note.txt"}',
      );
      expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
      const post = portal.requests.find((r) => r.method === "POST")!;
      expect(post.url).toMatch(/^\/api\/2\.0\/crm\/case\/42\/files\/upload/);
      expect(post.headers["content-type"]).toMatch(/^multipart\/form-data/);
      expect(post.body).toContain("the customer's note");
      expect(JSON.parse(stdout)).toMatchObject({ title: "note.txt" });
    } finally {
      rmSync(dir, { recursive: true });
    }
  });

  it("task templates: listTaskTemplateContainers case", async () => {
    const { code, stdout } = await crm(["call", "listTaskTemplateContainers", "case", "--json"]);
    expect(code).toBe(0);
    expect(sent()).toEqual(["GET case/tasktemplatecontainer"]);
    expect(Array.isArray(JSON.parse(stdout))).toBe(true);
  });

  it("a list argument as words with commas: deleteCases 12,13", async () => {
    const { code, stdout } = await crm(["call", "deleteCases", "12,13", "--json"]);
    expect(code).toBe(0);
    expect(JSON.parse(portal.requests[0]!.body)).toEqual({ casesids: [12, 13] });
    expect(
      JSON.parse(stdout)
        .map((c: { id: number }) => c.id)
        .sort(),
    ).toEqual([12, 13]);
  });

  it("help --json: every part of the spec, each method with its command line", async () => {
    const listed = JSON.parse((await crm(["help", "--json"])).stdout) as {
      part: string;
      method: string;
      summary: string;
      usage: string;
    }[];
    const parts = new Set(listed.map((m) => m.part));
    for (const { tag } of summaries.values()) expect(parts).toContain(tag.replace(/ /g, "-"));
    for (const m of listed) {
      expect(m.usage.startsWith(`onlyoffice-crm call ${m.method}`)).toBe(true);
      expect(m.summary).not.toBe("");
    }
    expect(listed.find((m) => m.method === "setCaseField")).toMatchObject({
      part: "custom-fields",
      summary: summaries.get("setRecordField")!.summary, // the operation it calls (Area.of)
      usage: "onlyoffice-crm call setCaseField <caseId> <fieldId> <fieldValue>|--input FILE",
    });
    expect(portal.requests).toHaveLength(0);
  });
});

describe("call: paged lists", () => {
  const copies = (n: number) => {
    for (let i = 0; i < n; i++) {
      portal.cases.set(1000 + i, { ...structuredClone(portal.cases.get(7)!), id: 1000 + i });
    }
  };

  it("--json prints one object per line, every page", async () => {
    copies(150);
    const { code, stdout } = await crm(
      ["call", "listCases", "--input", "-", "--json"],
      '{"isClosed": false}',
    );
    expect(code).toBe(0);
    const ids = stdout
      .trim()
      .split("\n")
      .map((line) => (JSON.parse(line) as { id: number }).id);
    expect(ids).toHaveLength(152); // 7, 12 and the 150 copies
    expect(new Set(ids).size).toBe(152);
    expect(portal.requests).toHaveLength(2);
    expect(query(0)).toMatchObject({ isClosed: "false", startIndex: "0", count: "100" });
  });

  it("--json streams: the first page is out before the second is answered", async () => {
    const page = Array.from({ length: 100 }, (_, i) => ({
      ...structuredClone(portal.cases.get(7)!),
      id: 1000 + i,
    }));
    let release: () => void = () => {};
    portal.queue(
      (_req, res) => {
        res.writeHead(200, { "Content-Type": "application/json" });
        res.end(
          portalJson({
            count: 100,
            nextIndex: 101,
            total: 200,
            status: 0,
            statusCode: 200,
            response: page,
          }),
        );
      },
      (_req, res) => {
        // Held until the test has seen the first page on stdout; then the portal refuses.
        release = () => {
          res.writeHead(403, { "Content-Type": "application/json" });
          res.end(
            portalJson({
              status: 1,
              statusCode: 403,
              error: { message: "Access Denied", hresult: -2146233078, data: {} },
            }),
          );
        };
      },
    );
    const child = start(["call", "listCases", "--json"], env);
    child.stdin.end();
    let stdout = "";
    let stderr = "";
    child.stderr.on("data", (chunk) => (stderr += chunk));
    const firstPage = new Promise<void>((resolve) =>
      child.stdout.on("data", (chunk) => {
        stdout += chunk;
        if (stdout.split("\n").length > 2) resolve();
      }),
    );
    const code = new Promise((resolve) => child.on("close", resolve));
    await firstPage;
    for (let i = 0; i < 100 && portal.requests.length < 2; i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(portal.requests).toHaveLength(2); // the second page was asked for, not answered
    release();
    expect(await code).toBe(1);
    expect(
      stdout
        .trim()
        .split("\n")
        .map((line) => JSON.parse(line).id),
    ).toEqual(page.map((c) => c.id));
    expect(stderr).toMatch(/^onlyoffice-crm: listCases\(\): HTTP 403: /);
  });

  (existsSync("/usr/bin/script") ? it : it.skip)(
    "on a terminal a long listing shows its progress on stderr",
    async () => {
      copies(150);
      // util-linux `script` gives the CLI a pseudo-terminal.
      const child = spawn(
        "/usr/bin/script",
        ["-qec", `"${process.execPath}" "${cli}" call listCases`, "/dev/null"],
        { env: { ...process.env, ...env } },
      );
      let output = "";
      child.stdout.on("data", (chunk) => (output += chunk));
      expect(await new Promise((resolve) => child.on("close", resolve))).toBe(0);
      expect(output).toContain("\r100 items…");
      expect(output).toMatch(/1149 .*Onboarding call for Fabrikam/);
    },
  );

  it("a reader that stops early (| head) ends it quietly, exit 0, no stack", async () => {
    copies(300);
    const child = start(["call", "listCases", "--json"], env);
    child.stdin.end();
    let stderr = "";
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.stdout.once("data", () => child.stdout.destroy());
    expect(await new Promise((resolve) => child.on("close", resolve))).toBe(0);
    expect(stderr).toBe("");
  });

  it("without --json: one table of every page", async () => {
    copies(120);
    const { code, stdout } = await crm(["call", "listCases"]);
    expect(code).toBe(0);
    const lines = stdout.trim().split("\n");
    expect(lines[0]).toMatch(/^ID +.*TITLE$/);
    expect(lines).toHaveLength(1 + 124);
  });
});

describe("call: what is refused before anything is sent", () => {
  it("an unknown method names the close ones", async () => {
    const { code, stdout, stderr } = await crm(["call", "reopenCse", "42"]);
    expect({ code, stdout }).toEqual({ code: 2, stdout: "" });
    expect(stderr).toMatch(/^onlyoffice-crm: unknown method "reopenCse"; did you mean reopenCase/);
    expect(stderr).toMatch(/`onlyoffice-crm help` lists them/);
    expect((await crm(["call"])).stderr).toMatch(/missing the METHOD/);
    expect(portal.requests).toHaveLength(0);
  });

  it.each([
    [["getCase", "abc"], undefined, /caseId must be a whole number from 1 to 2147483647/],
    [["getCase", "0"], undefined, /caseId must be a whole number from 1 to 2147483647, got 0/],
    [["getCase"], undefined, /missing the caseId: onlyoffice-crm call getCase <caseId>/],
    [["getCase", "42", "43"], undefined, /unexpected argument "43"/],
    [["getCase", "42", "--input", "-"], "{}", /getCase takes no --input/],
    [["deleteCases", "12,x"], undefined, /caseIds/],
    [["listCases", "--input", "-"], '{"closed": true}', /filter has no field closed: use/],
    [["listCases", "--input", "-"], "{not json", /--input - \(stdin\): not valid JSON/],
    [["listCases", "--input", "/nonexistent/filter.json"], undefined, /cannot read it \(ENOENT\)/],
    [
      ["createCase", "--input", "-"],
      '{"title": "x", "isPrivate": true}',
      /isPrivate: true needs a non-empty accessList/,
    ],
    [["deleteCasesWhere", "--input", "-"], "{}", /filter is empty/],
    [
      ["listTasks", "--input", "-"],
      '{"deadlineFrom": "2025-02-31T00:00:00Z"}',
      /filter\.deadlineFrom must be a date/,
    ],
    [["searchCases", "printer", "--input", "-", "--input", "-"], "{}", /only once/],
  ])("call %p is refused (exit 2), nothing sent", async (args, input, message) => {
    const { code, stdout, stderr } = await crm(["call", ...args], input);
    expect({ code, stdout }).toEqual({ code: 2, stdout: "" });
    expect(stderr).toMatch(message);
    expect(stderr).toMatch(/Try `onlyoffice-crm call/);
    expect(portal.requests).toHaveLength(0);
  });

  it("a flag `call` does not take", async () => {
    const { code, stderr } = await crm(["call", "getCase", "42", "--title", "x"]);
    expect(code).toBe(2);
    expect(stderr).toMatch(
      /--title belongs to `case create`, `task create`, `deal create`, not `call`/,
    );
    expect(portal.requests).toHaveLength(0);
  });
});

describe("help", () => {
  it("help: every part with each method's one-line summary from the spec", async () => {
    const { code, stdout } = await crm(["help"]);
    expect(code).toBe(0);
    const parts = [
      "cases",
      "contacts",
      "custom-fields",
      "deals",
      "history",
      "invoices",
      "tags",
      "tasks",
    ];
    for (const part of parts) {
      expect(stdout).toMatch(new RegExp(`^${part}: `, "m"));
    }
    for (const id of ["reopenCase", "listTasks", "getContact", "listHistoryCategories"]) {
      expect(stdout).toMatch(new RegExp(`^  ${id} +${escape(summaries.get(id)!.summary)}$`, "m"));
    }
  });

  it("help cases: only that part, every summary as the spec has it", async () => {
    const { code, stdout } = await crm(["help", "cases"]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^cases: /);
    const cases = [...summaries].filter(([, s]) => s.tag === "cases");
    expect(cases.length).toBeGreaterThan(10);
    for (const [id, { summary }] of cases) {
      expect(stdout).toMatch(new RegExp(`^  ${id} +${escape(summary)}$`, "m"));
    }
    expect(stdout).not.toMatch(/listTasks/);
    expect((await crm(["help", "case"])).stdout).toBe(stdout); // the singular finds it too
  });

  it("help of an unknown part lists the parts", async () => {
    const { code, stderr } = await crm(["help", "invoices-and-more"]);
    expect(code).toBe(2);
    expect(stderr).toMatch(
      /unknown part "invoices-and-more": use cases, (.*, )?contacts, .*, tasks(, .*)?\n/,
    );
  });

  it("per command: its arguments and flags, not the others'", async () => {
    const get = await crm(["case", "get", "--help"]);
    expect(get.code).toBe(0);
    expect(get.stdout).toMatch(/^Usage: onlyoffice-crm case get <id>\n\nShow a case\.\n/);
    expect(get.stdout).toMatch(/<id> +the case ID/);
    expect(get.stdout).not.toMatch(/--title|--deadline|--open/);
    expect(get.stdout).toMatch(/--json/);
    expect((await crm(["help", "case", "get"])).stdout).toBe(get.stdout);
    expect((await crm(["case", "get", "-h"])).stdout).toBe(get.stdout);

    const create = await crm(["task", "create", "--help"]);
    expect(create.stdout).toMatch(/^Flags:\n(.*\n)*  --deadline <DATE> +when it is due/m);
    expect(create.stdout).not.toMatch(/--member/);

    const call = await crm(["call", "--help"]);
    expect(call.stdout).toMatch(/^Usage: onlyoffice-crm call <method> \[args…\] \[flags\]\n/);
    expect(call.stdout).toMatch(/\n {2}onlyoffice-crm call reopenCase 42\n/);
    expect(call.stdout).toMatch(/\n {2}--input <FILE> +an object argument as JSON/);
  });

  it("call METHOD --help: its command line and its object's fields", async () => {
    const { code, stdout } = await crm(["call", "listCases", "--help"]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Usage: onlyoffice-crm call listCases \[--input FILE\] \[--json\]\n/);
    expect(stdout).toContain(summaries.get("listCases")!.summary);
    expect(stdout).toMatch(/--input: the filter, a JSON object with: contactId, isClosed, tags/);
    expect(stdout).toMatch(/sortBy \(title\|created\|createdBy\|id\)/);
    const set = await crm(["call", "setCaseAccess", "--help"]);
    expect(set.stdout).toMatch(/^Usage: onlyoffice-crm call setCaseAccess <caseId> --input FILE/);
    expect(set.stdout).toMatch(/isPrivate \(required\)/);
  });

  it("case --help: the case commands", async () => {
    const { code, stdout } = await crm(["case", "--help"]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/case get <id> +show a case/);
    expect(stdout).not.toMatch(/task create/);
  });

  it("--help: the commands, and where per-command help and the methods are", async () => {
    const { stdout } = await crm(["--help"]);
    expect(stdout).toMatch(/call <method> \[args…\]/);
    expect(stdout).toMatch(/fake-portal/);
    expect(stdout).toMatch(/`onlyoffice-crm COMMAND --help` shows a command's arguments and flags/);
    expect(stdout).not.toMatch(/--deadline <DATE>/); // a command's flag, in that command's help
  });
});

describe("flags", () => {
  it("an unknown flag: one line naming it and what the command takes, nothing sent", async () => {
    const { code, stdout, stderr } = await crm(["contact", "search", "dana", "--persons"]);
    expect({ code, stdout }).toEqual({ code: 2, stdout: "" });
    expect(stderr).toBe(
      "onlyoffice-crm: unknown flag --persons: `contact search` takes --url, --token, " +
        "--allow-insecure-http, --json, --help, --version, --person, --company\n" +
        "Try `onlyoffice-crm contact search --help`.\n",
    );
    expect(portal.requests).toHaveLength(0);
  });

  it("a word that starts with - is a flag unless it comes after --", async () => {
    const flag = await crm(["call", "getCase", "-5"]);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toMatch(
      /^onlyoffice-crm: -5 is read as a flag: put words that start with - after --/,
    );
    const word = await crm(["call", "getCase", "--", "-5"]);
    expect(word.code).toBe(2);
    expect(word.stderr).toMatch(/caseId must be a whole number from 1 to 2147483647, got -5/);
    expect(portal.requests).toHaveLength(0);
  });

  it("every hand-written command takes --json (case tag)", async () => {
    const { code, stdout } = await crm(["case", "tag", "7", "vip", "--json"]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toBe("vip");
  });
});

describe("dates", () => {
  const create = (deadline: string) =>
    crm(["task", "create", "--title", "Call", "--category", "1", "--deadline", deadline]);

  it.each([["1"], ["2025-02-31"], ["2025-13-01"], ["tomorrow"], ["2025-06-30 17:00"]])(
    "--deadline %p is refused (Date.parse would take it), nothing sent",
    async (deadline) => {
      const { code, stderr } = await create(deadline);
      expect(code).toBe(2);
      expect(stderr).toContain(
        `--deadline must be a date of the calendar, e.g. 2025-06-30 or 2025-06-30T17:00:00Z; got ${JSON.stringify(deadline)}`,
      );
      expect(portal.requests).toHaveLength(0);
    },
  );

  it("--deadline 2025-06-30 is midnight UTC; a time with an offset is kept", async () => {
    expect((await create("2025-06-30")).code).toBe(0);
    expect(JSON.parse(portal.requests[0]!.body).deadline).toBe("2025-06-30T00:00:00.000Z");
    expect((await create("2025-06-30T17:00:00+02:00")).code).toBe(0);
    expect(JSON.parse(portal.requests[1]!.body).deadline).toBe("2025-06-30T15:00:00.000Z");
  });

  it("call: a date word through the library's guard", async () => {
    const refused = await crm(["call", "listTasks", "--input", "-"], '{"deadlineTo": "1"}');
    expect(refused.code).toBe(2);
    expect(portal.requests).toHaveLength(0);
  });
});

describe("fake-portal", () => {
  it("starts the fake portal, prints its URL and token, serves commands, stops on Ctrl-C", async () => {
    const child = start(["fake-portal"]);
    child.stdin.end();
    let stdout = "";
    const ready = new Promise<void>((resolve) =>
      child.stdout.on("data", (chunk) => {
        stdout += chunk;
        if (/Its sign-in/.test(stdout)) resolve();
      }),
    );
    const closed = new Promise((resolve) => child.on("close", resolve));
    try {
      await ready;
      expect(stdout).toMatch(/^A fake portal is running at http:\/\/127\.0\.0\.1:\d+ \(Ctrl-C/);
      const url = /export ONLYOFFICE_URL=(\S+)/.exec(stdout)![1]!;
      const printed = /export ONLYOFFICE_TOKEN=(\S+)/.exec(stdout)![1]!;
      const got = await run(["case", "get", "42"], {
        env: { ONLYOFFICE_URL: url, ONLYOFFICE_TOKEN: printed },
      });
      expect(got.code).toBe(0);
      expect(got.stdout).toMatch(/^Case 42: Printer on floor 3 jams again/);
      const [, user, password] = /user (\S+), password (\S+)/.exec(stdout)!;
      const login = await run(["login", "--user", user!, "--print-token"], {
        env: { ONLYOFFICE_URL: url },
        input: `${password}\n`,
      });
      expect(login.stdout).toBe(`${printed}\n`);
    } finally {
      child.kill("SIGINT");
    }
    expect(await closed).toBe(0);
  });

  it("--token and --json: the token it accepts, as JSON", async () => {
    const child = start(["fake-portal", "--token", "MY-TRY-TOKEN", "--json"]);
    child.stdin.end();
    const line = await new Promise<string>((resolve) =>
      child.stdout.once("data", (chunk) => resolve(String(chunk))),
    );
    const closed = new Promise((resolve) => child.on("close", resolve));
    child.kill("SIGTERM");
    expect(JSON.parse(line)).toMatchObject({
      url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/),
      token: "MY-TRY-TOKEN",
    });
    expect(await closed).toBe(0);
  });
});
