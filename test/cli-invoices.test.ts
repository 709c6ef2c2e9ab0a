// The invoice and rate commands through the built binary (dist/cli.cjs, `npm run build` first)
// against the fake portal in this process: what each sends (amounts as decimal strings, the
// create once) and prints; every refusal exits 2 and sends nothing.
import { startFakePortal, type FakePortal } from "../src/testing";
import { requireBuilt, run, type Run } from "./cli-run";

const token = "9C2E-CLI-INVOICE-TOKEN-41D7";
let portal: FakePortal;
let env: Record<string, string>;

beforeAll(requireBuilt);
beforeEach(async () => {
  portal = await startFakePortal({ token });
  env = { ONLYOFFICE_URL: portal.url, ONLYOFFICE_TOKEN: token };
});
afterEach(() => portal.close());

async function crm(...args: string[]): Promise<Run> {
  const result = await run(args, { env });
  expect(result.stderr).not.toContain(token);
  return result;
}

const sent = () =>
  portal.requests.map((r) => `${r.method} ${new URL(r.url, "http://p").pathname.slice(13)}`);
const query = (i: number) =>
  Object.fromEntries(new URL(portal.requests[i]!.url, "http://p").searchParams);
const body = (i: number) => JSON.parse(portal.requests[i]!.body) as Record<string, unknown>;

describe("invoice list and get", () => {
  it("lists every invoice as a table, or one JSON object per line", async () => {
    const { code, stdout, stderr } = await crm("invoice", "list");
    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
    expect(stdout).toMatch(/^ID +NUMBER +STATUS +DUE +CURRENCY +COST +BUYER\n/);
    expect(stdout).toMatch(/\n1 +INV-0000001 +Draft +2024-03-31 +EUR +449\.58 +Contoso Ltd\n/);
    expect(sent()).toEqual(["GET invoice/filter"]);
    expect(query(0)).toMatchObject({ sortBy: "id" });

    const json = await crm("invoice", "list", "--json", "--status", "Draft", "--contact", "7");
    expect(json.code).toBe(0);
    const rows = json.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(rows.map((r) => r.id)).toEqual([1]);
    expect(query(1)).toMatchObject({ status: "1", entityType: "contact", entityid: "7" });
  });

  it("refuses an unknown status before sending", async () => {
    const { code, stderr } = await crm("invoice", "list", "--status", "overdue");
    expect(code).toBe(2);
    expect(stderr).toMatch(/--status must be draft, sent, rejected, paid or archived/);
    expect(portal.requests).toHaveLength(0);
  });

  it("get shows the invoice with its lines; --json the invoice", async () => {
    const { code, stdout } = await crm("invoice", "get", "1");
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Invoice 1: INV-0000001\n {2}status: +Draft\n/);
    expect(stdout).toMatch(/cost: +449\.58 EUR/);
    expect(stdout).toMatch(/line \d+: item 2 × 3 at 49\.99 −10%/);
    expect(sent()).toEqual(["GET invoice/1"]);
    const json = await crm("invoice", "get", "1", "--json");
    expect(JSON.parse(json.stdout)).toMatchObject({ id: 1, number: "INV-0000001" });
    expect((await crm("invoice", "get", "abc")).code).toBe(2);
  });
});

describe("invoice create", () => {
  it("sends the lines' amounts as decimal strings, the price from the product when left out, once", async () => {
    const { code, stdout, stderr } = await crm(
      "invoice",
      "create",
      "--contact",
      "7",
      "--item",
      "2:3",
      "--item",
      "1:1.5:10.05",
      "--due",
      "2025-06-30",
    );
    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
    expect(sent()).toEqual([
      "GET invoiceitem/2",
      "GET invoice/sample",
      "GET invoice/bynumber/exist",
      "POST invoice",
    ]);
    expect(body(3)).toMatchObject({
      number: "INV-0000003",
      contactId: 7,
      currency: "EUR",
      terms: "Net 30",
      dueDate: "2025-06-30T00:00:00.000Z",
      invoiceLines: [
        { invoiceItemID: 2, quantity: "3", price: "49.99" },
        { invoiceItemID: 1, quantity: "1.5", price: "10.05" },
      ],
    });
    expect(stdout).toMatch(/^Created invoice 3 \(INV-0000003\)\.\nInvoice 3: INV-0000003\n/);
    expect(stdout).toMatch(/cost: +165\.05 EUR/); // 149.97 + 15.075, the line rounded half to even: 15.08
  });

  it("--number, --currency and --terms; --json prints the invoice", async () => {
    const { code, stdout } = await crm(
      ...["invoice", "create", "--contact", "7", "--item", "1:2:0.5", "--number", "CLI-1"],
      ...["--currency", "usd", "--terms", "Now", "--json"],
    );
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({
      number: "CLI-1",
      currency: { abbreviation: "USD" },
    });
    const post = portal.requests.findIndex((r) => r.method === "POST");
    expect(body(post)).toMatchObject({ number: "CLI-1", currency: "USD", terms: "Now" });
  });

  it.each([
    [["--item", "2:1"], /--contact is required/],
    [["--contact", "7"], /--item is required/],
    [["--contact", "7", "--item", "2"], /--item must be ID:QUANTITY or ID:QUANTITY:PRICE/],
    [["--contact", "7", "--item", "x:1"], /product ID must be a whole number/],
    [["--contact", "7", "--item", "2:1.001"], /quantity must be an amount .* two decimals/],
    [
      ["--contact", "7", "--item", "2:1:100000000"],
      /price must be an amount from 0 to 99999999\.99/,
    ],
    [["--contact", "7", "--item", "2:-1:1"], /quantity must be an amount/],
    [["--contact", "7", "--item", "2:1:1", "--due", "2025-02-31"], /--due must be a date/],
  ])("refuses %j before sending (exit 2)", async (flags, message) => {
    const { code, stderr } = await crm("invoice", "create", ...flags);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
    expect(portal.requests).toHaveLength(0);
  });

  it("a taken number is refused after the check, the create never sent", async () => {
    const { code, stderr } = await crm(
      ...["invoice", "create", "--contact", "7", "--item", "2:1:1", "--number", "INV-0000001"],
    );
    expect(code).toBe(2);
    expect(stderr).toMatch(/"INV-0000001" is taken/);
    expect(sent()).not.toContain("POST invoice");
  });
});

describe("invoice send, pay and pdf", () => {
  it("send then pay move the invoice and say so; a refused move exits 2 and sends no change", async () => {
    const sentOut = await crm("invoice", "send", "1");
    expect(sentOut).toMatchObject({ code: 0, stderr: "" });
    expect(sentOut.stdout).toMatch(/^Invoice 1 \(INV-0000001\) is now Sent\.\n/);
    expect(sent()).toEqual(["GET invoice/1", "PUT invoice/status/2"]);
    expect(body(1)).toEqual({ invoiceids: [1] });

    const again = await crm("invoice", "send", "1");
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/cannot go from Sent to Sent/);
    expect(sent().filter((s) => s.startsWith("PUT"))).toHaveLength(1);

    const paid = await crm("invoice", "pay", "1", "--json");
    expect(paid.code).toBe(0);
    expect(JSON.parse(paid.stdout)).toMatchObject({
      changed: [{ id: 1, status: { id: 4 } }],
      unchanged: [],
      dropped: [],
    });
    expect(sent().at(-1)).toBe("PUT invoice/status/4");
  });

  it("an invoice that is missing or hidden is refused (exit 2), nothing changed", async () => {
    const { code, stderr } = await crm("invoice", "pay", "99");
    expect(code).toBe(2);
    expect(stderr).toMatch(/none of the invoices 99 exists or is yours to see/);
    expect(sent()).toEqual(["GET invoice/99"]);
  });

  it("pdf waits for the conversion and prints the file's URL on the portal", async () => {
    const { code, stdout, stderr } = await crm("invoice", "pdf", "1");
    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
    expect(stdout.trim()).toBe(
      `${portal.url}/Products/Files/HttpHandlers/filehandler.ashx?action=download&fileid=5001`,
    );
    expect(sent()).toEqual([
      "POST invoice/converter/data",
      "POST invoice/converter/data",
      "POST invoice/converter/data",
      "GET invoice/1/pdf",
    ]);
  });
});

describe("rates", () => {
  it("list shows the portal's rates; --json the array", async () => {
    const { code, stdout } = await crm("rates", "list");
    expect(code).toBe(0);
    expect(stdout).toMatch(/^ID +FROM +TO +RATE\n1 +EUR +USD +1\.08\n2 +USD +EUR +0\.93\n$/);
    expect(sent()).toEqual(["GET currency/rates"]);
    const json = await crm("rates", "list", "--json");
    expect(JSON.parse(json.stdout)).toHaveLength(2);
  });

  it("set sends the pair upper-cased and the rate as a decimal string", async () => {
    const { code, stdout } = await crm("rates", "set", "eur", "usd", "1.09");
    expect(code).toBe(0);
    expect(stdout).toBe("1 EUR = 1.09 USD (rate 1).\n");
    expect(sent()).toEqual(["GET settings/currency", "POST currency/rates"]);
    expect(body(1)).toEqual({ fromCurrency: "EUR", toCurrency: "USD", rate: "1.09" });
  });

  it.each([
    [["EUR", "USD", "1.085"], /RATE must be an amount .* two decimals/],
    [["EUR", "USD", "0"], /RATE must be above 0/],
    [["EUR", "USD", "--", "-1"], /RATE must be an amount/],
    [["EURO", "USD", "1"], /FROM must be a three-letter currency code/],
  ])("set refuses %j before sending (exit 2)", async (args, message) => {
    const { code, stderr } = await crm("rates", "set", ...args);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
    expect(portal.requests).toHaveLength(0);
  });

  it("set refuses a currency the portal does not know, after reading the list only", async () => {
    const { code, stderr } = await crm("rates", "set", "EUR", "XYZ", "2");
    expect(code).toBe(2);
    expect(stderr).toMatch(/currency XYZ is not one the portal knows/);
    expect(sent()).toEqual(["GET settings/currency"]);
  });
});
