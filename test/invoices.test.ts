// The invoice methods against the fake portal over real HTTP: what is sent (the exact line names,
// amounts as decimal strings) and what comes back; every refusal sends nothing; the money guard
// and the portal's cost formula as properties.
import fc from "fast-check";
import { getEventListeners } from "node:events";
import {
  createCrmClient,
  createCrmClientFor,
  invoices,
  InvoiceStatus,
  INVOICE_TRANSITIONS,
  BadRequestError,
  InvoiceStatusPartlyAppliedError,
  InUseError,
  InvoiceCreateAnswerLostError,
  InvoiceNumberTakenError,
  NotFoundError,
  OnlyofficeError,
  ConnectionError,
  TimeoutError,
  PermissionDeniedError,
  type CrmClient,
  type Invoice,
  type NewInvoice,
  type InvoiceSubmission,
  type InvoiceFile,
} from "../src";
import { money, signedMoney, MAX_AMOUNT } from "../src/parts/money";
import { startFakePortal, type FakePortal } from "../src/testing";
import { roundHalfEven } from "../src/testing/parts/invoices";
import { sent } from "./requests";

let portal: FakePortal;
let crm: CrmClient;

beforeEach(async () => {
  portal = await startFakePortal();
  crm = createCrmClient({ baseUrl: portal.url, token: portal.token, retryDelay: { baseMs: 1 } });
});
afterEach(() => portal.close());

const body = (index: number) => JSON.parse(portal.requests[index]!.body) as Record<string, unknown>;

const newInvoice = (extra: Partial<NewInvoice> = {}): NewInvoice => ({
  number: "INV-9000",
  contactId: 7,
  issueDate: "2024-05-01T00:00:00.000Z",
  dueDate: "2024-05-31T00:00:00.000Z",
  currency: "eur",
  terms: "Net 30",
  lines: [{ itemId: 2, quantity: 3, price: "49.99", discount: 10, tax1Id: 1, tax2Id: 2 }],
  ...extra,
});

describe("the money guard", () => {
  it("round-trips every amount with at most two decimals up to the maximum, as a number or a string", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 9_999_999_999 }), (cents) => {
        const exact = `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, "0")}`;
        expect(money("x", exact)).toBe(exact);
        // A number goes in its shortest exact form; its value is the same number of cents.
        const fromNumber = money("x", cents / 100);
        expect(Math.round(Number(fromNumber) * 100)).toBe(cents);
        expect(fromNumber).toBe(String(cents / 100));
      }),
      { numRuns: 2000 },
    );
  });

  it("signedMoney keeps the sign of a value read back, with the same rules", () => {
    fc.assert(
      fc.property(fc.integer({ min: -9_999_999_999, max: 9_999_999_999 }), (cents) => {
        const value = cents / 100;
        const text = signedMoney("x", value);
        expect(Number(text)).toBe(value);
        expect(signedMoney("x", text)).toBe(text);
      }),
    );
    expect(signedMoney("x", -0)).toBe("0");
    expect(signedMoney("x", "-0.00")).toBe("0.00");
    expect(() => signedMoney("x", -1.005)).toThrow(/two decimals/);
    expect(() => signedMoney("x", "--1")).toThrow(RangeError);
    expect(signedMoney("x", " -7.50 ")).toBe("-7.50");
    expect(() => signedMoney("x", -Infinity)).toThrow(RangeError);
    expect(() => signedMoney("x", true)).toThrow(TypeError);
    // Only a number or a string carries a minus: an array or an object that prints as one is not
    // an amount (they used to pass as "-5").
    for (const bad of [["-5"], { toString: () => "-5" }])
      expect(() => signedMoney("x", bad)).toThrow(TypeError);
    expect(() => signedMoney("x", "- 5")).toThrow(RangeError);
    // The range it says is the one it takes.
    expect(() => signedMoney("x", "-100000000")).toThrow(
      "x must be an amount from -99999999.99 to 99999999.99",
    );
    expect(signedMoney("x", "-" + MAX_AMOUNT)).toBe("-" + MAX_AMOUNT);
  });

  it("refuses more than two decimals, above the maximum, negatives and non-amounts", () => {
    for (const bad of [
      "1.005",
      0.1 + 0.2,
      "100000000",
      100_000_000,
      -1,
      "-1",
      "1e3",
      "",
      " ",
      NaN,
      Infinity,
      "1,50",
    ]) {
      expect(() => money("price", bad)).toThrow(RangeError);
    }
    for (const bad of [null, true, {}, [1], 10n])
      expect(() => money("price", bad)).toThrow(TypeError);
    expect(money("price", MAX_AMOUNT)).toBe(MAX_AMOUNT);
    expect(money("price", "007.50")).toBe("7.50");
    expect(money("price", -0)).toBe("0");
  });
});

describe("the portal's cost (fake portal)", () => {
  it("rounds half to even, as .NET's Math.Round", () => {
    expect(roundHalfEven(25n, 10n)).toBe(2n); // 2.5 → 2
    expect(roundHalfEven(35n, 10n)).toBe(4n); // 3.5 → 4
    expect(roundHalfEven(36n, 10n)).toBe(4n);
    expect(roundHalfEven(34n, 10n)).toBe(3n);
  });

  it("cost matches the portal's formula for any line", async () => {
    const cases = fc.sample(
      fc.record({
        price: fc.integer({ min: 0, max: 100_000 }),
        quantity: fc.integer({ min: 1, max: 10_000 }),
        discount: fc.integer({ min: 0, max: 10_000 }),
      }),
      { numRuns: 15, seed: 19 },
    );
    for (const [i, c] of cases.entries()) {
      const created = await crm.createInvoice(
        newInvoice({
          number: `PROP-${i}`,
          lines: [
            {
              itemId: 1,
              price: c.price / 100,
              quantity: c.quantity / 100,
              discount: c.discount / 100,
              tax1Id: 1,
            },
          ],
        }),
      );
      // net = R2(price × qty); net −= R2(net × discount / 100); tax = R2(net × 19 / 100)
      const r2 = (x: number) => {
        const f = Math.floor(x);
        return Math.abs(x - f - 0.5) < 1e-6 ? (f % 2 ? f + 1 : f) : Math.round(x);
      };
      let net = r2((c.price * c.quantity) / 100);
      net -= r2((net * c.discount) / 10000);
      const expected = net + r2((net * 1900) / 10000);
      expect(Math.round((await crm.getInvoice(created.id)).cost * 100)).toBe(expected);
    }
  });
});

describe("reads", () => {
  it("getInvoice is GET invoice/{id}, with lines and the portal's cost", async () => {
    const invoice: Invoice = await crm.getInvoice(1);
    expect(sent(portal.requests[0])).toEqual({
      method: "GET",
      path: "/api/2.0/crm/invoice/1",
      query: {},
    });
    expect(invoice).toMatchObject({
      id: 1,
      number: "INV-0000001",
      status: { id: InvoiceStatus.Draft },
    });
    expect(invoice.invoiceLines).toHaveLength(2);
    // 2 × 120.00 + 19 % = 285.60; 3 × 49.99 = 149.97 − 10 % (15.00) = 134.97 + 19 % 25.64 + 2.5 % 3.37
    expect(invoice.cost).toBe(449.58);
  });

  it("403 for an invoice the user may not read, 404 for a missing one", async () => {
    await expect(crm.getInvoice(2)).rejects.toBeInstanceOf(PermissionDeniedError);
    await expect(crm.getInvoice(404)).rejects.toBeInstanceOf(NotFoundError);
  });

  it("getInvoiceByNumber and invoiceNumberExists send the number in the query", async () => {
    const found = await crm.getInvoiceByNumber("INV-0000001");
    expect(sent(portal.requests[0])).toEqual({
      method: "GET",
      path: "/api/2.0/crm/invoice/bynumber",
      query: { number: "INV-0000001" },
    });
    expect(found).toMatchObject({ id: 1, contact: null, invoiceLines: null, cost: 0 });
    expect(await crm.invoiceNumberExists("INV-0000002")).toBe(true); // no access check
    expect(sent(portal.requests[1]).path).toBe("/api/2.0/crm/invoice/bynumber/exist");
    expect(await crm.invoiceNumberExists("NOPE")).toBe(false);
    await expect(crm.getInvoiceByNumber("NOPE")).rejects.toBeInstanceOf(NotFoundError);
  });

  it("listInvoices sends a typed filter under the portal's names and pages", async () => {
    const page = await crm.listInvoices({
      status: InvoiceStatus.Draft,
      contactId: 7,
      currency: "eur",
      sortBy: "issueDate",
      sortOrder: "desc",
      issuedFrom: "2024-01-01T00:00:00.000Z",
    });
    expect(sent(portal.requests[0])).toEqual({
      method: "GET",
      path: "/api/2.0/crm/invoice/filter",
      query: {
        status: "1",
        entityType: "contact",
        entityid: "7",
        currency: "EUR",
        sortBy: "issuedate",
        sortOrder: "descending",
        issueDateFrom: "2024-01-01T00:00:00.000Z",
        startIndex: "0",
        count: "100",
      },
    });
    expect(page.items.map((i) => i.id)).toEqual([1]);
    await crm.listInvoices({ dealId: 5 });
    expect(sent(portal.requests[1]).query).toMatchObject({
      entityType: "opportunity",
      entityid: "5",
    });
    expect(Object.keys(sent(portal.requests[1]).query)).not.toContain("opportunity");
    const all = [];
    for await (const invoice of crm.listInvoices(undefined, { pageSize: 1 })) all.push(invoice.id);
    expect(all).toEqual([1]);
  });

  it("listInvoices refuses a contact and a deal together, and unknown sort words", async () => {
    await expect(crm.listInvoices({ contactId: 7, dealId: 5 })).rejects.toThrow(/not both/);
    // @ts-expect-error: only the portal's sort words
    await expect(crm.listInvoices({ sortBy: "amount" })).rejects.toThrow(RangeError);
    expect(portal.requests).toHaveLength(0);
  });

  it("listContactInvoices and listDealInvoices bind the entity type", async () => {
    expect((await crm.listContactInvoices(7)).map((i) => i.number)).toEqual(["INV-0000001"]);
    expect(sent(portal.requests[0]).path).toBe("/api/2.0/crm/contact/invoicelist/7");
    expect(await crm.listDealInvoices(5)).toEqual([]);
    expect(sent(portal.requests[1]).path).toBe("/api/2.0/crm/opportunity/invoicelist/5");
  });

  it("getInvoiceSample suggests the next number; getInvoiceData is the snapshot", async () => {
    const sample = await crm.getInvoiceSample();
    expect(sample).toMatchObject({ id: 0, number: "INV-0000003", fileID: -1 });
    const data = await crm.getInvoiceData(1);
    expect(data).toMatchObject({ billingAddressId: 0, deliveryAddressId: 0 });
    expect(data.snapshot).toMatchObject({
      Number: { Item2: "INV-0000001" },
      Terms: { Item2: "Net 30" },
    });
    expect(sent(portal.requests[1]).path).toBe("/api/2.0/crm/invoice/jsondata/1");
  });
});

describe("createInvoice", () => {
  it("sends lines under the names the portal binds, amounts as decimal strings", async () => {
    const created = await crm.createInvoice(newInvoice());
    expect(sent(portal.requests[0])).toMatchObject({
      path: "/api/2.0/crm/invoice/bynumber/exist",
      query: { number: "INV-9000" },
    });
    expect(sent(portal.requests[1])).toMatchObject({
      method: "POST",
      path: "/api/2.0/crm/invoice",
    });
    expect(body(1)).toEqual({
      number: "INV-9000",
      contactId: 7,
      issueDate: "2024-05-01T00:00:00.000Z",
      dueDate: "2024-05-31T00:00:00.000Z",
      currency: "EUR",
      exchangeRate: "1",
      language: "",
      templateType: 0,
      terms: "Net 30",
      invoiceLines: [
        {
          invoiceItemID: 2,
          quantity: "3",
          price: "49.99",
          discount: "10",
          invoiceTax1ID: 1,
          invoiceTax2ID: 2,
        },
      ],
    });
    const read = await crm.getInvoice(created.id);
    expect(read.invoiceLines![0]).toMatchObject({
      invoiceItemID: 2,
      invoiceTax1ID: 1,
      invoiceTax2ID: 2,
      price: 49.99,
    });
    expect(read.cost).toBe(163.98); // 134.97 + 25.64 + 3.37
  });

  it("takes the number from the sample when none is given", async () => {
    const { number, ...rest } = newInvoice();
    void number;
    const created = await crm.createInvoice(rest);
    expect(sent(portal.requests[0]).path).toBe("/api/2.0/crm/invoice/sample");
    expect(created.number).toBe("INV-0000003");
    expect(body(2).number).toBe("INV-0000003");
  });

  it("refuses bad input before anything is sent", async () => {
    const refusals: [Partial<NewInvoice>, RegExp][] = [
      [{ lines: [] }, /must not be empty/],
      [{ lines: [{ itemId: 1, quantity: 1, price: "1.005" }] }, /two decimals/],
      [{ lines: [{ itemId: 1, quantity: 1, price: 100_000_000 }] }, /99999999.99/],
      [{ lines: [{ itemId: 1, quantity: 1, price: 1, discount: 101 }] }, /percentage/],
      [{ exchangeRate: 0 }, /above 0/],
      [{ exchangeRate: "0.004" }, /two decimals/],
      [{ currency: "euro" }, /currency code/],
    ];
    for (const [extra, message] of refusals) {
      await expect(crm.createInvoice(newInvoice(extra))).rejects.toThrow(message);
    }
    // A description that is not a string is refused, on the invoice and on a line.
    const notText = [
      { description: 5 },
      { lines: [{ itemId: 1, quantity: 1, price: 1, description: 5 }] },
    ];
    for (const extra of notText) {
      await expect(crm.createInvoice(newInvoice(extra as never))).rejects.toThrow(
        /description must be a string, got number/,
      );
    }
    await expect(
      crm.createInvoice(
        // @ts-expect-error: the JavaScript spelling is not a field
        newInvoice({ lines: [{ invoiceTax1Id: 1, itemId: 1, quantity: 1, price: 1 }] }),
      ),
    ).rejects.toThrow(/no field invoiceTax1Id/);
    expect(portal.requests).toHaveLength(0);
  });

  it("a number taken in another letter case is refused too (the portal's collation)", async () => {
    await expect(crm.createInvoice(newInvoice({ number: "inv-0000001" }))).rejects.toThrow(
      /is taken/,
    );
    expect(portal.requests.map((r) => r.method)).toEqual(["GET"]);
  });

  it("the fake portal drops a tax sent as invoiceTax1Id, as the portal does", async () => {
    const raw = await fetch(`${portal.url}/api/2.0/crm/invoice`, {
      method: "POST",
      headers: { Authorization: portal.token, "Content-Type": "application/json" },
      body: JSON.stringify({
        ...body0(),
        invoiceLines: [{ invoiceItemID: 1, invoiceTax1Id: 1, quantity: "1", price: "10" }],
      }),
    });
    const created = ((await raw.json()) as { response: Invoice }).response;
    expect(created.invoiceLines![0]!.invoiceTax1ID).toBe(0);
  });
});

function body0() {
  return {
    number: "RAW-1",
    contactId: 7,
    issueDate: "2024-05-01",
    dueDate: "2024-05-31",
    currency: "EUR",
    exchangeRate: "1",
    terms: "Net 30",
  };
}

describe("updateInvoice", () => {
  /** An invoice with a consignee (8), a deal (21), a billing address of 7 and a postal one of 8. */
  async function withEverything(number: string) {
    const billingAddress = await crm.addContactAddress(7, { city: "Leeds", category: "billing" });
    const postal = await crm.addContactAddress(8, { city: "York", category: "postal" });
    const created = await crm.createInvoice(
      newInvoice({
        number,
        consigneeId: 8,
        dealId: 21,
        billingAddressId: billingAddress.id,
        deliveryAddressId: postal.id,
      }),
    );
    return { billingAddress, postal, created };
  }

  it("reads first and sends the whole invoice back with the changes", async () => {
    const updated = await crm.updateInvoice(1, { terms: "Net 14", description: "Q2" });
    expect(portal.requests.map((r) => sent(r).path)).toEqual([
      "/api/2.0/crm/invoice/1",
      "/api/2.0/crm/invoice/jsondata/1",
      "/api/2.0/crm/invoice/1",
    ]);
    expect(portal.requests[2]!.method).toBe("PUT");
    expect(body(2)).toMatchObject({
      contactId: 7,
      currency: "EUR",
      exchangeRate: "1",
      terms: "Net 14",
      description: "Q2",
      billingAddressID: 0,
      invoiceLines: [
        {
          invoiceItemID: 1,
          invoiceTax1ID: 1,
          invoiceTax2ID: 0,
          quantity: "2",
          price: "120",
          discount: "0",
          description: "On-site visit",
        },
        {
          invoiceItemID: 2,
          invoiceTax1ID: 1,
          invoiceTax2ID: 2,
          quantity: "3",
          price: "49.99",
          discount: "10",
        },
      ],
    });
    expect(updated).toMatchObject({ terms: "Net 14", description: "Q2" });
    expect(updated.invoiceLines).toHaveLength(2);
  });

  it("keeps the addresses (read from the snapshot, their only home), the consignee and the deal", async () => {
    const { billingAddress, postal, created } = await withEverything("ADDR-1");
    expect(await crm.getInvoiceData(created.id)).toMatchObject({
      billingAddressId: billingAddress.id,
      deliveryAddressId: postal.id,
    });
    const before = portal.requests.length;
    await crm.updateInvoice(created.id, { terms: "Net 7" });
    const put = portal.requests.at(-1)!;
    expect(
      portal.requests.slice(before).map((r) => `${r.method} ${sent(r).path.slice(13)}`),
    ).toEqual([
      `GET invoice/${created.id}`,
      `GET invoice/jsondata/${created.id}`,
      `PUT invoice/${created.id}`,
    ]);
    expect(created.entity).toEqual({
      entityType: "opportunity",
      entityId: 21,
      entityTitle: "Printers for Contoso",
    });
    expect(JSON.parse(put.body)).toMatchObject({
      terms: "Net 7",
      consigneeId: 8,
      entityId: 21,
      billingAddressID: billingAddress.id,
      deliveryAddressID: postal.id,
    });
    // The portal keeps them because they were sent: the snapshot still names both.
    expect(await crm.getInvoiceData(created.id)).toMatchObject({
      billingAddressId: billingAddress.id,
      deliveryAddressId: postal.id,
    });
    expect((await crm.getInvoice(created.id)).entity?.entityId).toBe(21);
    // A deal the buyer is not a member of is the portal's 400 (CRMSecutiry.cs:763-772).
    await expect(crm.updateInvoice(created.id, { dealId: 22 })).rejects.toBeInstanceOf(
      BadRequestError,
    );
    // An address of another category or contact is the portal's 400 (CRMApi.Invoices.cs:499-511).
    await expect(
      crm.updateInvoice(created.id, { billingAddressId: postal.id }),
    ).rejects.toBeInstanceOf(BadRequestError);
  });

  it("clears the deal, the consignee and the addresses with 0; refuses a new owner with the old one's address", async () => {
    const { billingAddress, postal, created } = await withEverything("CLEAR-1");
    // A new consignee (or none) with the old one's delivery address: the portal's 400, refused
    // after the reads and before the PUT.
    let before = portal.requests.length;
    await expect(crm.updateInvoice(created.id, { consigneeId: 0 })).rejects.toThrow(
      "changes.consigneeId replaces contact 8, whose address the invoice has: " +
        "the portal would refuse it (400). Give changes.deliveryAddressId too (0 for none)",
    );
    await expect(crm.updateInvoice(created.id, { contactId: 8 })).rejects.toThrow(
      /^changes\.contactId replaces contact 7, .*Give changes\.billingAddressId too/,
    );
    expect(portal.requests.slice(before).map((r) => r.method)).not.toContain("PUT");
    // The same buyer given again keeps its address.
    await crm.updateInvoice(created.id, { contactId: 7, terms: "Net 10" });
    expect(JSON.parse(portal.requests.at(-1)!.body)).toMatchObject({
      billingAddressID: billingAddress.id,
    });

    before = portal.requests.length;
    const cleared = await crm.updateInvoice(created.id, {
      dealId: 0,
      consigneeId: 0,
      deliveryAddressId: 0,
      billingAddressId: 0,
    });
    expect(JSON.parse(portal.requests.at(-1)!.body)).toMatchObject({
      entityId: 0,
      consigneeId: 0,
      billingAddressID: 0,
      deliveryAddressID: 0,
    });
    expect(cleared).toMatchObject({ entity: null, consignee: null });
    expect(await crm.getInvoiceData(created.id)).toMatchObject({
      billingAddressId: 0,
      deliveryAddressId: 0,
    });
    // Below 0 is still refused, before anything is sent.
    before = portal.requests.length;
    await expect(crm.updateInvoice(created.id, { dealId: -1 })).rejects.toThrow(
      "changes.dealId must be a whole number from 0 to 2147483647, got -1",
    );
    expect(portal.requests.length).toBe(before);
  });

  it("refuses a non-Draft invoice before sending the update", async () => {
    await crm.setInvoicesStatus([1], InvoiceStatus.Sent);
    const before = portal.requests.length;
    await expect(crm.updateInvoice(1, { terms: "x" })).rejects.toThrow(
      /only a Draft .*\. Move it Sent → Rejected → Draft first$/,
    );
    expect(portal.requests.slice(before).map((r) => r.method)).toEqual(["GET"]);
    // A paid invoice's way back starts with Sent (InvoiceDao.cs:81-88).
    await crm.setInvoicesStatus([1], InvoiceStatus.Paid);
    await expect(crm.updateInvoice(1, { terms: "x" })).rejects.toThrow(
      /is Paid: .*Move it Paid → Sent → Rejected → Draft first$/,
    );
  });

  it("refuses a number change and bad changes before reading", async () => {
    // @ts-expect-error: the number is immutable
    await expect(crm.updateInvoice(1, { number: "X" })).rejects.toThrow(/no field number/);
    await expect(crm.updateInvoice(1, { lines: [] })).rejects.toThrow(/must not be empty/);
    expect(portal.requests).toHaveLength(0);
  });
});

describe("setInvoicesStatus", () => {
  it("moves invoices the table allows, and moves tracked stock", async () => {
    const answer = await crm.setInvoicesStatus([1], InvoiceStatus.Sent);
    const last = portal.requests.at(-1)!;
    expect(sent(last)).toMatchObject({ method: "PUT", path: "/api/2.0/crm/invoice/status/2" });
    expect(JSON.parse(last.body)).toEqual({ invoiceids: [1] });
    expect(answer.changed.map((i) => i.status.id)).toEqual([InvoiceStatus.Sent]);
    expect(answer.unchanged).toEqual([]);
    expect(answer.dropped).toEqual([]);
    expect(answer.items).toHaveLength(1); // the toner's stock went down by 3
  });

  it("refuses every transition the portal would ignore, sending nothing but the reads", async () => {
    for (const [from, to] of [
      [1, 4],
      [1, 1],
      [1, 5],
      [1, 3],
    ] as const) {
      expect(INVOICE_TRANSITIONS[from]).not.toContain(to);
      const before = portal.requests.length;
      await expect(crm.setInvoicesStatus([1], to)).rejects.toThrow(
        /cannot go from Draft to .*: the portal would answer 200 .*\(allowed from Draft: Sent\)$/,
      );
      expect(portal.requests.slice(before).every((r) => r.method === "GET")).toBe(true);
    }
    await expect(crm.setInvoicesStatus([], InvoiceStatus.Sent)).rejects.toThrow(
      /must not be empty/,
    );
    // @ts-expect-error: a status is an InvoiceStatus
    await expect(crm.setInvoicesStatus([1], "paid")).rejects.toThrow(TypeError);
  });

  it("the status machine matches the table, in the fake portal too", async () => {
    const path: InvoiceStatus[] = [
      InvoiceStatus.Sent,
      InvoiceStatus.Paid,
      InvoiceStatus.Sent,
      InvoiceStatus.Rejected,
      InvoiceStatus.Draft,
    ];
    for (const to of path) {
      const { changed } = await crm.setInvoicesStatus([1], to);
      expect(changed[0]!.status.id).toBe(to);
    }
  });
});

describe("setInvoicesStatus reports", () => {
  it("IDs the portal dropped (missing or hidden), without refusing", async () => {
    const result = await crm.setInvoicesStatus([1, 2, 404], InvoiceStatus.Sent);
    expect(result.changed.map((i) => i.id)).toEqual([1]);
    expect(result.dropped).toEqual([2, 404]);
    expect(JSON.parse(portal.requests.at(-1)!.body)).toEqual({ invoiceids: [1, 2, 404] });
  });

  it("refuses when every ID is missing or hidden (the portal's bare 400), sending only the reads", async () => {
    await expect(crm.setInvoicesStatus([2, 404], InvoiceStatus.Sent)).rejects.toThrow(
      /none of the invoices 2, 404 exists or is yours to see/,
    );
    expect(portal.requests.map((r) => r.method)).toEqual(["GET", "GET"]);
  });

  /** A client whose fetch lets `change` act on each request (forward it, alter the answer). */
  const clientWith = (
    change: (request: Request, forward: () => Promise<Response>) => Promise<Response>,
  ) =>
    createCrmClient({
      baseUrl: portal.url,
      token: portal.token,
      retryDelay: { baseMs: 1 },
      fetch: (request: Request) => change(request, () => fetch(request)),
    });

  it("what the portal left unchanged (another user moved it between the read and the change)", async () => {
    const racing = clientWith(async (request, forward) => {
      if (request.method === "PUT") await crm.setInvoicesStatus([1], InvoiceStatus.Sent);
      return forward();
    });
    const result = await racing.setInvoicesStatus([1], InvoiceStatus.Sent);
    expect(result.changed.map((i) => i.id)).toEqual([1]); // it is Sent: what was asked
    const back = clientWith(async (request, forward) => {
      if (request.method === "PUT") await crm.setInvoicesStatus([1], InvoiceStatus.Paid);
      return forward();
    });
    const refused = await back.setInvoicesStatus([1], InvoiceStatus.Rejected); // Paid→Rejected: ignored
    expect(refused.changed).toEqual([]);
    expect(refused.unchanged.map((i) => i.status.id)).toEqual([InvoiceStatus.Paid]);
  });

  it("a 403 after the change is an InvoiceStatusPartlyAppliedError", async () => {
    const denied = clientWith(async (request, forward) => {
      const answer = await forward();
      if (request.method !== "PUT") return answer;
      const body = { status: 1, statusCode: 403, error: { message: "Access Denied" } };
      return new Response(JSON.stringify(body), {
        status: 403,
        headers: { "Content-Type": "application/json" },
      });
    });
    const error = await denied.setInvoicesStatus([1], InvoiceStatus.Sent).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvoiceStatusPartlyAppliedError);
    expect(error).toMatchObject({ invoiceIds: [1] });
    expect((error as Error).cause).toBeInstanceOf(PermissionDeniedError);
    expect((await crm.getInvoice(1)).status.id).toBe(InvoiceStatus.Sent);
  });
});

describe("createInvoice after a failure", () => {
  const clientWith = (
    change: (request: Request, forward: () => Promise<Response>) => Promise<Response>,
    options: { timeoutMs?: number; maxRetries?: number } = {},
  ) =>
    createCrmClient({
      baseUrl: portal.url,
      token: portal.token,
      retryDelay: { baseMs: 1 },
      ...options,
      fetch: (request: Request) => change(request, () => fetch(request)),
    });
  /** What the client sent, in order: method and path. */
  const calls = () => portal.requests.map((r) => `${r.method} ${sent(r).path.slice(13)}`);
  /** The answer never comes: the client's own time limit ends the wait. */
  const never = (request: Request) =>
    new Promise<Response>((_, reject) =>
      request.signal.addEventListener("abort", () => reject(request.signal.reason)),
    );
  const portal400 = () =>
    new Response(
      JSON.stringify({
        status: 1,
        statusCode: 400,
        error: { message: "Value does not fall within the expected range." },
      }),
      { status: 400, headers: { "Content-Type": "application/json" } },
    );

  it("refuses a number that is taken before sending the create", async () => {
    const error = await crm.createInvoice(newInvoice({ number: "INV-0000001" })).catch((e) => e);
    expect(error).toBeInstanceOf(InvoiceNumberTakenError);
    expect(error).toMatchObject({ number: "INV-0000001" });
    expect(error.message).toMatch(/is taken/);
    expect(calls()).toEqual(["GET invoice/bynumber/exist"]);
  });

  it("a time-out after the create took effect resolves to the invoice, read by number; sent once", async () => {
    const slow = clientWith(
      async (request, forward) => {
        const answer = await forward();
        return request.method === "POST" ? never(request) : answer;
      },
      { timeoutMs: 100 },
    );
    const created = await slow.createInvoice(newInvoice({ number: "LATE-1" }));
    expect(created).toMatchObject({ number: "LATE-1", contact: { id: 7 } });
    expect(created.invoiceLines).toHaveLength(1);
    expect(calls()).toEqual([
      "GET invoice/bynumber/exist",
      "POST invoice",
      "GET invoice/bynumber/exist",
      "GET invoice/bynumber",
      `GET invoice/${created.id}`,
    ]);
  });

  it("a time-out where nothing was created stays the TimeoutError; the create is not repeated", async () => {
    const slow = clientWith(
      async (request, forward) => {
        const answer = await forward();
        // The portal swallows the next request (the create): no answer, no effect.
        if (request.method === "GET" && portal.requests.length === 1) portal.queue(() => {});
        return answer;
      },
      { timeoutMs: 100 },
    );
    await expect(slow.createInvoice(newInvoice({ number: "LATE-2" }))).rejects.toBeInstanceOf(
      TimeoutError,
    );
    expect(calls()).toEqual([
      "GET invoice/bynumber/exist",
      "POST invoice",
      "GET invoice/bynumber/exist",
    ]);
    expect(await crm.invoiceNumberExists("LATE-2")).toBe(false);
  });

  it("a connection lost after the create took effect: the number shows it, sent once", async () => {
    const lost = clientWith(async (request, forward) => {
      const answer = await forward();
      if (request.method === "POST") throw new TypeError("fetch failed");
      return answer;
    });
    const created = await lost.createInvoice(newInvoice({ number: "LOST-1" }));
    expect(created).toMatchObject({ number: "LOST-1", contact: { id: 7 } });
    expect(portal.requests.filter((r) => r.method === "POST")).toHaveLength(1);
  });

  it("a 400 whose create had taken effect resolves to the invoice; a real 400 is the 400", async () => {
    const lying = clientWith(async (request, forward) => {
      const answer = await forward();
      return request.method === "POST" ? portal400() : answer;
    });
    expect((await lying.createInvoice(newInvoice({ number: "ECHO-1" }))).number).toBe("ECHO-1");
    expect(portal.requests.filter((r) => r.method === "POST")).toHaveLength(1);
    // An unknown item: the portal refuses it, and nothing was created.
    await expect(
      crm.createInvoice(
        newInvoice({ number: "BAD-1", lines: [{ itemId: 99, quantity: 1, price: 1 }] }),
      ),
    ).rejects.toBeInstanceOf(BadRequestError);
    expect(await crm.invoiceNumberExists("BAD-1")).toBe(false);
  });

  it("a number another user took between the check and the create is 'taken', not their invoice", async () => {
    const other = createCrmClient({ baseUrl: portal.url, token: portal.token });
    const racing = clientWith(async (request, forward) => {
      if (request.method === "POST") {
        await other.submitInvoice({ ...newInvoice(), number: "RACE-1", contactId: 8 });
      }
      return forward();
    });
    const error = await racing.createInvoice(newInvoice({ number: "RACE-1" })).catch((e) => e);
    expect(error).toBeInstanceOf(InvoiceNumberTakenError);
    expect(error.message).toMatch(/"RACE-1" is taken/);
    expect(error.cause).toBeInstanceOf(BadRequestError);
    const mine = portal.requests.filter((r) => r.method === "POST" && /"contactId":7/.test(r.body));
    expect(mine).toHaveLength(1);
    const theirs = await crm.getInvoice((await crm.getInvoiceByNumber("RACE-1")).id);
    expect(theirs.contact?.id).toBe(8);
  });

  it("created but not readable: says it was created; the check failing: says it may have been", async () => {
    const unreadable = clientWith(
      async (request, forward) => {
        const answer = await forward();
        if (request.method === "POST") throw new TypeError("fetch failed");
        return request.url.includes("invoice/bynumber?")
          ? new Response("", { status: 500 })
          : answer;
      },
      { maxRetries: 0 },
    );
    const error = await unreadable.createInvoice(newInvoice({ number: "GONE-1" })).catch((e) => e);
    expect(error).toBeInstanceOf(InvoiceCreateAnswerLostError);
    expect(error).toMatchObject({ number: "GONE-1", created: true });
    expect(error).toBeInstanceOf(OnlyofficeError); // the CLI reports it as the portal's trouble
    expect(error.name).toBe("InvoiceCreateAnswerLostError");
    expect(error.message).toMatch(/"GONE-1" was created/);
    expect(error.cause).toBeInstanceOf(ConnectionError);

    let posted = false;
    const unchecked = clientWith(
      async (request, forward) => {
        if (posted) throw new TypeError("fetch failed");
        const answer = await forward();
        if (request.method === "POST") {
          posted = true;
          throw new TypeError("fetch failed");
        }
        return answer;
      },
      { maxRetries: 0 },
    );
    const unknown = await unchecked.createInvoice(newInvoice({ number: "GONE-2" })).catch((e) => e);
    expect(unknown).toBeInstanceOf(InvoiceCreateAnswerLostError);
    expect(unknown).toMatchObject({ number: "GONE-2", created: "unknown" });
    expect(unknown.message).toMatch(/"GONE-2" may have been created/);
    expect(portal.requests.filter((r) => r.method === "POST")).toHaveLength(2); // one per client
  });
});

describe("submitInvoice", () => {
  it("is the one POST, with the caller's number and nothing asked before", async () => {
    const created = await crm.submitInvoice({ ...newInvoice(), number: "SUB-1" });
    expect(portal.requests).toHaveLength(1);
    expect(sent(portal.requests[0])).toEqual({
      method: "POST",
      path: "/api/2.0/crm/invoice",
      query: {},
    });
    expect(body(0)).toMatchObject({
      number: "SUB-1",
      currency: "EUR",
      invoiceLines: [{ invoiceItemID: 2, quantity: "3", price: "49.99", invoiceTax1ID: 1 }],
    });
    expect(created).toMatchObject({ number: "SUB-1", status: { id: InvoiceStatus.Draft } });
    const typed: Invoice = created;
    void typed;
  });

  it("a taken number is the portal's 400, sent once; a missing number is refused", async () => {
    await expect(
      crm.submitInvoice({ ...newInvoice(), number: "INV-0000001" }),
    ).rejects.toBeInstanceOf(BadRequestError);
    expect(portal.requests).toHaveLength(1);
    const { number: _n, ...noNumber } = newInvoice();
    void _n;
    // @ts-expect-error: submitInvoice needs the number (createInvoice finds one)
    await expect(crm.submitInvoice(noNumber)).rejects.toThrow(/number/);
    const input: InvoiceSubmission = { ...noNumber, number: "SUB-2" };
    // @ts-expect-error: the JavaScript spelling of a line's tax is not a field
    input.lines = [{ itemId: 1, quantity: 1, price: 1, invoiceTax1Id: 1 }];
    await expect(crm.submitInvoice(input)).rejects.toThrow(/no field invoiceTax1Id/);
    expect(portal.requests).toHaveLength(1);
  });
});

describe("deletes", () => {
  it("deleteInvoice is DELETE invoice/{id} and answers cost 0", async () => {
    const deleted = await crm.deleteInvoice(1);
    expect(sent(portal.requests[0])).toEqual({
      method: "DELETE",
      path: "/api/2.0/crm/invoice/1",
      query: {},
    });
    expect(deleted).toMatchObject({ id: 1, cost: 0 });
    await expect(crm.getInvoice(1)).rejects.toBeInstanceOf(NotFoundError);
  });

  it("deleteInvoices sends the IDs in the query and skips what it may not delete", async () => {
    const created = await crm.createInvoice(newInvoice());
    const deleted = await crm.deleteInvoices([created.id, 2]);
    const last = portal.requests.at(-1)!;
    expect(last.method).toBe("DELETE");
    expect(last.url).toBe(`/api/2.0/crm/invoice?invoiceids=${created.id}&invoiceids=2`);
    expect(deleted.map((i) => i.id)).toEqual([created.id]);
    await expect(crm.deleteInvoices([])).rejects.toThrow(/must not be empty/);
  });
});

describe("types and bundling", () => {
  it("an invoices-only client has the invoice methods only", () => {
    const only = createCrmClientFor([invoices], { baseUrl: portal.url, token: portal.token });
    expect(typeof only.getInvoice).toBe("function");
    // @ts-expect-error: not an invoices method
    expect(only.getCase).toBeUndefined();
    const status: InvoiceStatus = InvoiceStatus.Archived;
    expect(status).toBe(5);
    // @ts-expect-error: InvoiceStatus has no Overdue
    void InvoiceStatus.Overdue;
  });
});

describe("invoice lines", () => {
  it("addInvoiceLine sends top-level line parameters, amounts as strings", async () => {
    const line = await crm.addInvoiceLine(1, {
      itemId: 3,
      quantity: "2.5",
      price: 15.5,
      tax1Id: 1,
    });
    const last = portal.requests.at(-1)!;
    expect(sent(last)).toMatchObject({ method: "POST", path: "/api/2.0/crm/invoiceline" });
    expect(JSON.parse(last.body)).toEqual({
      invoiceId: 1,
      invoiceItemId: 3,
      quantity: "2.5",
      price: "15.5",
      invoiceTax1Id: 1,
      // Last: the portal orders lines by sortOrder alone (InvoiceLineDao.cs:123-126), and the
      // default 0 would put the new line among the first ones.
      sortOrder: 2147483647,
    });
    expect(line).toMatchObject({ invoiceID: 1, invoiceItemID: 3, invoiceTax1ID: 1, price: 15.5 });
    const lines = (await crm.getInvoice(1)).invoiceLines!;
    expect(lines.map((l) => l.invoiceItemID)).toEqual([1, 2, 3]);
    expect(lines.at(-1)!.id).toBe(line.id);
    // Not repeated after a 503 without Retry-After (a repeat adds a second line).
    portal.queue((_req, res) => res.writeHead(503).end("busy"));
    const before = portal.requests.length;
    await expect(crm.addInvoiceLine(1, { itemId: 3, quantity: 1, price: 1 })).rejects.toMatchObject(
      {
        status: 503,
      },
    );
    expect(portal.requests.length - before).toBe(1);
  });

  it("updateInvoiceLine reads the invoice and sends the line whole", async () => {
    const { invoiceLines } = await crm.getInvoice(1);
    const lineId = invoiceLines![0]!.id;
    const updated = await crm.updateInvoiceLine(1, lineId, { quantity: 5 });
    const last = portal.requests.at(-1)!;
    expect(sent(last)).toMatchObject({ method: "PUT", path: `/api/2.0/crm/invoiceline/${lineId}` });
    expect(JSON.parse(last.body)).toEqual({
      invoiceId: 1,
      invoiceItemId: 1,
      invoiceTax1Id: 1,
      invoiceTax2Id: 0,
      sortOrder: 0,
      quantity: "5",
      price: "120",
      discount: "0",
      description: "On-site visit",
    });
    expect(updated).toMatchObject({ quantity: 5, description: "On-site visit" });
    await expect(crm.updateInvoiceLine(1, 999, { quantity: 1 })).rejects.toThrow(
      /not on invoice 1/,
    );
  });

  it("takes a line's tax off with 0", async () => {
    const { invoiceLines } = await crm.getInvoice(1);
    const taxed = invoiceLines!.find((l) => l.invoiceTax2ID > 0)!;
    const updated = await crm.updateInvoiceLine(1, taxed.id, { tax1Id: 0, tax2Id: 0 });
    expect(JSON.parse(portal.requests.at(-1)!.body)).toMatchObject({
      invoiceTax1Id: 0,
      invoiceTax2Id: 0,
    });
    expect(updated).toMatchObject({ invoiceTax1ID: 0, invoiceTax2ID: 0 });
    const line = (await crm.getInvoice(1)).invoiceLines!.find((l) => l.id === taxed.id);
    expect(line).toMatchObject({ invoiceTax1ID: 0, invoiceTax2ID: 0 });
  });

  it("deleteInvoiceLine resolves to the ID and refuses the last line", async () => {
    const { invoiceLines } = await crm.getInvoice(1);
    const [first, second] = invoiceLines!;
    expect(await crm.deleteInvoiceLine(1, first!.id)).toBe(first!.id);
    expect(sent(portal.requests.at(-1))).toMatchObject({
      method: "DELETE",
      path: `/api/2.0/crm/invoiceline/${first!.id}`,
      query: {},
    });
    const before = portal.requests.length;
    await expect(crm.deleteInvoiceLine(1, second!.id)).rejects.toThrow(/last line/);
    expect(portal.requests.slice(before).map((r) => r.method)).toEqual(["GET"]);
  });

  it("refuses line changes on a non-Draft invoice before sending them", async () => {
    await crm.setInvoicesStatus([1], InvoiceStatus.Sent);
    const before = portal.requests.length;
    await expect(crm.deleteInvoiceLine(1, 1)).rejects.toThrow(/only a Draft/);
    await expect(crm.updateInvoiceLine(1, 1, { price: 1 })).rejects.toThrow(/only a Draft/);
    expect(portal.requests.slice(before).every((r) => r.method === "GET")).toBe(true);
    await expect(crm.addInvoiceLine(1, { itemId: 1, quantity: 1, price: "0.001" })).rejects.toThrow(
      /two decimals/,
    );
  });
});

describe("products and taxes", () => {
  it("listInvoiceItems pages with a typed filter; getInvoiceItem", async () => {
    const page = await crm.listInvoiceItems({ tracked: true, sortBy: "price", sortOrder: "desc" });
    expect(sent(portal.requests[0])).toEqual({
      method: "GET",
      path: "/api/2.0/crm/invoiceitem/filter",
      query: {
        inventoryStock: "true",
        sortBy: "price",
        sortOrder: "descending",
        startIndex: "0",
        count: "100",
      },
    });
    expect(page.items.map((i) => i.title)).toEqual(["Toner cartridge"]);
    expect(page.items[0]).toMatchObject({ trackInvenory: true, invoiceTax2: { id: 2 } });
    expect(await crm.getInvoiceItem(3)).toMatchObject({ title: "Paper (box)", invoiceTax1: null });
    expect(sent(portal.requests[1]).path).toBe("/api/2.0/crm/invoiceitem/3");
  });

  it("createInvoiceItem checks the tax IDs first and sends the portal's names", async () => {
    await expect(
      crm.createInvoiceItem({ title: "Stapler", price: "9.90", tax1Id: 77 }),
    ).rejects.toThrow(/tax 77 does not exist/);
    expect(portal.requests.map((r) => r.method)).toEqual(["GET"]);
    await expect(crm.createInvoiceItem({ title: "Free", price: 0 })).rejects.toThrow(/above 0/);
    const item = await crm.createInvoiceItem({
      title: "Stapler",
      price: "9.90",
      sku: "STA-1",
      trackInventory: true,
      stockQuantity: 10,
      tax1Id: 1,
    });
    const last = portal.requests.at(-1)!;
    expect(JSON.parse(last.body)).toEqual({
      title: "Stapler",
      price: "9.90",
      sku: "STA-1",
      trackInventory: true,
      stockQuantity: "10",
      invoiceTax1id: 1,
    });
    expect(item).toMatchObject({ title: "Stapler", price: 9.9, stockKeepingUnit: "STA-1" });
  });

  it("updateInvoiceItem reads first and sends the product whole", async () => {
    const updated = await crm.updateInvoiceItem(2, { price: "52.00" });
    const last = portal.requests.at(-1)!;
    expect(sent(last)).toMatchObject({ method: "PUT", path: "/api/2.0/crm/invoiceitem/2" });
    expect(JSON.parse(last.body)).toEqual({
      title: "Toner cartridge",
      price: "52.00",
      description: "",
      sku: "TON-2",
      trackInventory: true,
      stockQuantity: "10",
      invoiceTax1id: 1,
      invoiceTax2id: 2,
    });
    expect(updated).toMatchObject({ price: 52, trackInvenory: true });
  });

  it("updateInvoiceItem takes a default tax off with 0, without reading the taxes", async () => {
    const before = portal.requests.length;
    const updated = await crm.updateInvoiceItem(2, { tax2Id: 0 });
    expect(portal.requests.slice(before).map((r) => sent(r).path)).toEqual([
      "/api/2.0/crm/invoiceitem/2",
      "/api/2.0/crm/invoiceitem/2",
    ]);
    expect(JSON.parse(portal.requests.at(-1)!.body)).toMatchObject({
      invoiceTax1id: 1,
      invoiceTax2id: 0,
    });
    expect(updated).toMatchObject({ invoiceTax1: { id: 1 }, invoiceTax2: null });
  });

  it("updateInvoiceItem sends a stock that sales took below 0 back as it is", async () => {
    const big = await crm.createInvoice(
      newInvoice({ number: "BULK-1", lines: [{ itemId: 2, quantity: "12.5", price: 40 }] }),
    );
    await crm.setInvoicesStatus([big.id], InvoiceStatus.Sent); // 10 − 12.5 in stock
    expect((await crm.getInvoiceItem(2)).stockQuantity).toBe(-2.5);
    const updated = await crm.updateInvoiceItem(2, { title: "Toner (black)" });
    expect(JSON.parse(portal.requests.at(-1)!.body)).toMatchObject({
      title: "Toner (black)",
      stockQuantity: "-2.5",
    });
    expect(updated).toMatchObject({ title: "Toner (black)", stockQuantity: -2.5 });
    // The user's own value stays an amount from 0.
    await expect(crm.updateInvoiceItem(2, { stockQuantity: -1 })).rejects.toThrow(/from 0/);
  });

  it("deleting a product or a tax in use is an InUseError; unused ones go", async () => {
    await expect(crm.deleteInvoiceItem(1)).rejects.toBeInstanceOf(InUseError);
    // An OnlyofficeError (the CLI's exit 1 with its message, not an "unexpected error").
    await expect(crm.deleteInvoiceItem(1)).rejects.toBeInstanceOf(OnlyofficeError);
    await expect(crm.deleteInvoiceTax(1)).rejects.toBeInstanceOf(InUseError);
    const item = await crm.createInvoiceItem({ title: "Spare", price: 1 });
    expect((await crm.deleteInvoiceItem(item.id)).id).toBe(item.id);
    expect(sent(portal.requests.at(-1))).toMatchObject({
      method: "DELETE",
      path: `/api/2.0/crm/invoiceitem/${item.id}`,
    });
    const two = await crm.createInvoiceItem({ title: "Spare 2", price: 1 });
    expect((await crm.deleteInvoiceItems([two.id, 1])).map((i) => i.id)).toEqual([two.id]);
    expect(portal.requests.at(-1)!.url).toBe(`/api/2.0/crm/invoiceitem?ids=${two.id}&ids=1`);
  });

  it("taxes: list, create, update read-first (a new rate changes the cost), delete", async () => {
    expect((await crm.listInvoiceTaxes()).map((t) => t.name)).toEqual(["VAT 19%", "Eco fee"]);
    const tax = await crm.createInvoiceTax({ name: "Reduced", rate: "7" });
    // The description is sent even when left out: a null is a 500 (a NOT NULL column).
    expect(JSON.parse(portal.requests.at(-1)!.body)).toEqual({
      name: "Reduced",
      rate: "7",
      description: "",
    });
    expect(tax).toMatchObject({ name: "Reduced", rate: 7 });
    await crm.updateInvoiceTax(1, { rate: 20 });
    expect(JSON.parse(portal.requests.at(-1)!.body)).toEqual({
      name: "VAT 19%",
      rate: "20",
      description: "German VAT",
    });
    // 2 × 120 + 20 % = 288; 134.97 + 20 % 26.99 + 2.5 % 3.37
    expect((await crm.getInvoice(1)).cost).toBe(453.33);
    expect((await crm.deleteInvoiceTax(tax.id)).id).toBe(tax.id);
    await expect(crm.createInvoiceTax({ name: "Bad", rate: "7.125" })).rejects.toThrow(
      /two decimals/,
    );
    // A name taken (the collation ignores case): the portal's own message (CRMInvoiceResource.resx:307-309).
    await expect(crm.createInvoiceTax({ name: "vat 19%", rate: "7" })).rejects.toMatchObject({
      status: 400,
      portalMessage: "The tax name already exists",
    });
  });
});

describe("taxes below 0 and the portal's NOT NULL description", () => {
  it("a withholding tax (rate below 0) is created, counted in the cost, and updated read-first", async () => {
    const withholding = await crm.createInvoiceTax({ name: "IRPF", rate: "-15" });
    expect(JSON.parse(portal.requests.at(-1)!.body)).toEqual({
      name: "IRPF",
      rate: "-15",
      description: "",
    });
    expect(withholding.rate).toBe(-15);
    const created = await crm.createInvoice(
      newInvoice({
        number: "IRPF-1",
        lines: [{ itemId: 1, quantity: 1, price: "33.33", tax1Id: 1, tax2Id: withholding.id }],
      }),
    );
    // 33.33 + 19 % 6.3327 → 6.33 − 15 % 4.9995 → −5.00 (half to even, symmetric): 34.66
    expect((await crm.getInvoice(created.id)).cost).toBe(34.66);
    await crm.updateInvoiceTax(withholding.id, { name: "IRPF 15%" });
    expect(JSON.parse(portal.requests.at(-1)!.body)).toEqual({
      name: "IRPF 15%",
      rate: "-15",
      description: "",
    });
    await expect(crm.createInvoiceTax({ name: "Bad", rate: "-1.005" })).rejects.toThrow(
      /two decimals/,
    );
    const before = portal.requests.length;
    await expect(
      crm.createInvoiceTax({ name: "Bad", rate: ["-5"] as unknown as string }),
    ).rejects.toThrow("input.rate must be an amount (a number or a decimal string), got array");
    expect(portal.requests).toHaveLength(before); // nothing sent
  });

  it("the fake portal answers 500 for a tax without description, as the portal's NOT NULL column", async () => {
    const raw = await fetch(`${portal.url}/api/2.0/crm/invoice/tax`, {
      method: "POST",
      headers: { Authorization: portal.token, "Content-Type": "application/json" },
      body: JSON.stringify({ name: "No description", rate: "5" }),
    });
    expect(raw.status).toBe(500);
    expect((await crm.listInvoiceTaxes()).map((t) => t.name)).not.toContain("No description");
  });

  it("roundHalfEven is symmetric around 0", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }),
        fc.bigInt({ min: 1n, max: 10n ** 4n }),
        (n, d) => {
          expect(roundHalfEven(-n, d)).toBe(-roundHalfEven(n, d));
        },
      ),
    );
    expect(roundHalfEven(-26n, 10n)).toBe(-3n);
    expect(roundHalfEven(-25n, 10n)).toBe(-2n);
    expect(roundHalfEven(-35n, 10n)).toBe(-4n);
  });
});

describe("invoice settings, dates and the PDF", () => {
  it("getInvoiceSettings; setInvoiceNumbering keeps the prefix left out; setInvoiceTerms", async () => {
    expect(await crm.getInvoiceSettings()).toMatchObject({ autogenerated: true, prefix: "INV-" });
    const set = await crm.setInvoiceNumbering({ autogenerated: true, number: "0000100" });
    const last = portal.requests.at(-1)!;
    expect(sent(last)).toMatchObject({ method: "PUT", path: "/api/2.0/crm/invoice/settings/name" });
    expect(JSON.parse(last.body)).toEqual({
      autogenerated: true,
      prefix: "INV-",
      number: "0000100",
    });
    expect(set).toMatchObject({ prefix: "INV-", number: "0000100" });
    expect(await crm.setInvoiceTerms("Net 14")).toMatchObject({ terms: "Net 14" });
    expect(JSON.parse(portal.requests.at(-1)!.body)).toEqual({ terms: "Net 14" });
    await crm.setInvoiceNumbering({ autogenerated: false, number: "" });
    const before = portal.requests.length;
    await expect(crm.setInvoiceNumbering({ autogenerated: true })).rejects.toThrow(
      /number is required/,
    );
    expect(portal.requests.slice(before).map((r) => r.method)).toEqual(["GET"]);
  });

  it("getInvoiceSample follows the numbering and the terms set (InvoiceDao.cs:414-447)", async () => {
    await crm.setInvoiceTerms("Net 14");
    await crm.setInvoiceNumbering({ autogenerated: true, prefix: "2026/", number: "001" });
    // The last invoice's number does not start with the prefix: the sequence starts.
    expect(await crm.getInvoiceSample()).toMatchObject({ number: "2026/001", terms: "Net 14" });
    const created = await crm.createInvoice(newInvoice({ number: undefined }));
    expect(created.number).toBe("2026/001");
    // Then the last number + 1, padded to the setting's length.
    expect((await crm.getInvoiceSample()).number).toBe("2026/002");
    // Automatic numbering off: no suggestion, so createInvoice needs a number and sends nothing.
    await crm.setInvoiceNumbering({ autogenerated: false });
    expect((await crm.getInvoiceSample()).number).toBe("");
    const before = portal.requests.length;
    await expect(crm.createInvoice(newInvoice({ number: undefined }))).rejects.toThrow(
      /input\.number is required: the portal's automatic numbering is off/,
    );
    expect(portal.requests.slice(before).map((r) => r.method)).toEqual(["GET"]);
  });

  it("setInvoiceCreated and setInvoiceModified send the date; 404 for a hidden invoice", async () => {
    await expect(
      crm.setInvoiceCreated(1, new Date("2024-01-02T03:04:05Z")),
    ).resolves.toBeUndefined();
    const last = portal.requests.at(-1)!;
    expect(sent(last)).toMatchObject({
      method: "PUT",
      path: "/api/2.0/crm/invoice/1/creationdate",
    });
    expect(JSON.parse(last.body)).toEqual({ creationDate: "2024-01-02T03:04:05.000Z" });
    expect((await crm.getInvoice(1)).createOn).toBe("2024-01-02T03:04:05.000Z");
    await expect(crm.setInvoiceModified(1, "2024-01-03T00:00:00Z")).resolves.toBeUndefined();
    expect(JSON.parse(portal.requests.at(-1)!.body)).toEqual({
      lastModifedDate: "2024-01-03T00:00:00.000Z",
    });
    await expect(crm.setInvoiceModified(2, new Date())).rejects.toBeInstanceOf(NotFoundError);
    await expect(crm.setInvoiceCreated(1, "2024-02-31T00:00:00Z")).rejects.toThrow(RangeError);
  });

  it("getInvoicePdf answers the file with its URL", async () => {
    const file = await crm.getInvoicePdf(1);
    expect(sent(portal.requests[0])).toEqual({
      method: "GET",
      path: "/api/2.0/crm/invoice/1/pdf",
      query: {},
    });
    expect(file).toMatchObject({ title: "INV-0000001.pdf", fileExst: ".pdf" });
    expect(file.viewUrl).toContain(`fileid=${file.id}`);
    expect((await crm.getInvoice(1)).fileID).toBe(file.id);
  });

  it("getInvoiceConverterData starts, then polls until the file is ready", async () => {
    const started = await crm.getInvoiceConverterData({ invoiceId: 1 });
    expect(JSON.parse(portal.requests[0]!.body)).toEqual({ invoiceId: 1 });
    expect(started.fileId).toBe(0);
    const poll = { invoiceId: 1, storageUrl: started.storageUrl!, revisionId: started.revisionId! };
    expect((await crm.getInvoiceConverterData(poll)).fileId).toBe(0);
    expect(JSON.parse(portal.requests[1]!.body)).toEqual(poll);
    expect((await crm.getInvoiceConverterData(poll)).fileId).toBeGreaterThan(0);
    await expect(crm.getInvoiceConverterData({ invoiceId: 1, storageUrl: "x" })).rejects.toThrow(
      /together/,
    );
    expect(portal.requests).toHaveLength(3);
  });

  it("waitForInvoicePdf starts the conversion once, polls it with its key, then reads the file", async () => {
    const { signal } = new AbortController();
    const file = await crm.waitForInvoicePdf(1, { intervalMs: 250, signal });
    expect(getEventListeners(signal, "abort")).toHaveLength(0); // the waits left no listener behind
    const calls = portal.requests.map((r) => `${r.method} ${sent(r).path.slice(13)}`);
    expect(calls).toEqual([
      "POST invoice/converter/data",
      "POST invoice/converter/data",
      "POST invoice/converter/data",
      "GET invoice/1/pdf",
    ]);
    expect(JSON.parse(portal.requests[0]!.body)).toEqual({ invoiceId: 1 });
    const { revisionId, storageUrl } = JSON.parse(portal.requests[1]!.body);
    expect(revisionId).toMatch(/^rev-1-/);
    expect(JSON.parse(portal.requests[2]!.body)).toEqual({ invoiceId: 1, storageUrl, revisionId });
    expect(file).toMatchObject({ title: "INV-0000001.pdf", fileExst: ".pdf" });
    expect(file.viewUrl).toContain(`fileid=${file.id}`);
    const typed: InvoiceFile = file;
    void typed;
    // A PDF that exists: one read of the converter, then the file.
    portal.requests.length = 0;
    expect((await crm.waitForInvoicePdf(1)).id).toBe(file.id);
    expect(portal.requests).toHaveLength(2);
  });

  it("waitForInvoicePdf honours its time limit and the signal; refuses bad input unsent", async () => {
    await expect(crm.waitForInvoicePdf(1, { intervalMs: 250, waitMs: 100 })).rejects.toBeInstanceOf(
      TimeoutError,
    );
    expect(portal.requests).toHaveLength(1); // started, then no time left for a second read
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error("stop")), 50);
    await expect(
      crm.waitForInvoicePdf(1, { intervalMs: 1000, signal: controller.signal }),
    ).rejects.toThrow("stop");
    portal.requests.length = 0;
    await expect(crm.waitForInvoicePdf(0)).rejects.toThrow(RangeError);
    await expect(crm.waitForInvoicePdf(1, { waitMs: Number.NaN })).rejects.toThrow(/waitMs/);
    await expect(crm.waitForInvoicePdf(1, { intervalMs: -1 })).rejects.toThrow(/intervalMs/);
    // @ts-expect-error: the invoice's ID is a number
    await expect(crm.waitForInvoicePdf("1")).rejects.toThrow(TypeError);
    expect(portal.requests).toHaveLength(0);
  });
});
