// The fake portal's Invoices controller: invoices with their lines, the status machine with its
// stock moves, the server-side `cost` (half to even), two-decimal storage and number uniqueness.
// Line numbers are of module/ASC.Api/ASC.Api.CRM/CRMApi.Invoices.cs unless named; `Dao/` =
// web/studio/ASC.Web.Studio/Products/CRM/Core/Dao/. The billing tables live beside the portal's
// state (one set per portal, seeded on first use).
import type { components } from "../../../generated/schema";
import type { Route } from "../core/routes";
import { shortForm, type PortalState } from "../core/state";
import { accessDenied, badArgument, notFound, serverError, type Args } from "../core/wire";

type Currency = components["schemas"]["Currency"];

/** A `crm_invoice_line` row; amounts in hundredths (DECIMAL(10,2)). */
export interface LineRow {
  id: number;
  invoiceId: number;
  itemId: number;
  tax1: number;
  tax2: number;
  sortOrder: number;
  description: string | null;
  quantity: number;
  price: number;
  discount: number;
}

/** A `crm_invoice` row (Dao/InvoiceDao.cs:720-745). */
export interface InvoiceRow {
  id: number;
  number: string;
  status: number;
  issueDate: string;
  dueDate: string;
  templateType: number;
  contactId: number;
  consigneeId: number;
  entityId: number;
  language: string | null;
  currency: string;
  /** Hundredths. */
  exchangeRate: number;
  purchaseOrderNumber: string;
  terms: string;
  description: string | null;
  fileId: number;
  createOn: string;
  createBy: string;
  /** The PDF snapshot (`json_data`), rebuilt on create and update only. */
  jsonData: string;
}

/** A `crm_invoice_item` row. */
export interface ItemRow {
  id: number;
  title: string;
  description: string;
  sku: string;
  /** Hundredths. */
  price: number;
  /** Hundredths. */
  stockQuantity: number;
  trackInventory: boolean;
  tax1: number;
  tax2: number;
  createOn: string;
  createBy: string;
}

/** A `crm_invoice_tax` row; `rate` in hundredths of a percent. */
export interface TaxRow {
  id: number;
  name: string;
  description: string;
  rate: number;
  createOn: string;
  createBy: string;
}

/** The billing tables of one portal. */
export interface Billing {
  invoices: Map<number, InvoiceRow>;
  lines: Map<number, LineRow>;
  items: Map<number, ItemRow>;
  taxes: Map<number, TaxRow>;
  /** The currencies the portal knows (`crm_currency_info`), by code. */
  currencies: Map<string, Currency>;
  defaultCurrency: string;
  /**
   * Whether the user is a CRM admin for the catalogue and the settings (items, taxes, numbering),
   * which only admins may write (CRMSecutiry.cs:457-498). True: the fake portal's user manages
   * them; set it false to see the portal's 403s.
   */
  admin: boolean;
}

const CURRENCIES: Currency[] = [
  ["Euro", "€", "EUR", "de-DE", true, true],
  ["US Dollar", "$", "USD", "en-US", true, true],
  ["Pound Sterling", "£", "GBP", "en-GB", true, false],
  ["Russian Ruble", "₽", "RUB", "ru-RU", true, true],
  ["Swiss Franc", "CHF", "CHF", "de-CH", true, false],
].map(([title, symbol, abbreviation, cultureName, isConvertable, isBasic]) => ({
  title,
  symbol,
  abbreviation,
  cultureName,
  isConvertable,
  isBasic,
})) as Currency[];

const tables = new WeakMap<PortalState, Billing>();

/** The portal's billing tables, seeded with two taxes, three items and two invoices. */
export function billingOf(state: PortalState): Billing {
  let billing = tables.get(state);
  if (billing) return billing;
  const created = "2024-02-01T10:00:00.0000000+03:00";
  const me = state.me.id;
  billing = {
    invoices: new Map(),
    lines: new Map(),
    items: new Map(),
    taxes: new Map(),
    currencies: new Map(CURRENCIES.map((c) => [c.abbreviation, c])),
    defaultCurrency: "EUR",
    admin: true,
  };
  tables.set(state, billing);
  for (const tax of [
    { id: 1, name: "VAT 19%", description: "German VAT", rate: 1900 },
    { id: 2, name: "Eco fee", description: "", rate: 250 },
  ]) {
    billing.taxes.set(tax.id, { ...tax, createOn: created, createBy: me });
  }
  for (const item of [
    {
      id: 1,
      title: "Printer service",
      sku: "SRV-1",
      price: 12000,
      tax1: 1,
      tax2: 0,
      track: false,
      stock: 0,
    },
    {
      id: 2,
      title: "Toner cartridge",
      sku: "TON-2",
      price: 4999,
      tax1: 1,
      tax2: 2,
      track: true,
      stock: 1000,
    },
    {
      id: 3,
      title: "Paper (box)",
      sku: "PAP-3",
      price: 1550,
      tax1: 0,
      tax2: 0,
      track: false,
      stock: 0,
    },
  ]) {
    billing.items.set(item.id, {
      id: item.id,
      title: item.title,
      description: "",
      sku: item.sku,
      price: item.price,
      stockQuantity: item.stock,
      trackInventory: item.track,
      tax1: item.tax1,
      tax2: item.tax2,
      createOn: created,
      createBy: me,
    });
  }
  const seed = (row: Omit<InvoiceRow, "jsonData">, lines: Omit<LineRow, "id" | "invoiceId">[]) => {
    const invoice = { ...row, jsonData: "" };
    billing!.invoices.set(row.id, invoice);
    for (const l of lines)
      billing!.lines.set(state.newId(billing!.lines), { ...l, id: 0, invoiceId: row.id });
    for (const [lineId, l] of billing!.lines) if (l.id === 0) l.id = lineId;
    invoice.jsonData = snapshot(state, billing!, invoice, 0, 0);
  };
  const common = {
    templateType: 0,
    consigneeId: 0,
    entityId: 0,
    language: "",
    currency: "EUR",
    exchangeRate: 100,
    purchaseOrderNumber: "",
    terms: "Net 30",
    description: null,
    fileId: 0,
    createOn: created,
  };
  seed(
    {
      ...common,
      id: 1,
      number: "INV-0000001",
      status: 1,
      issueDate: "2024-03-01T00:00:00.0000000+03:00",
      dueDate: "2024-03-31T00:00:00.0000000+03:00",
      contactId: 7,
      createBy: me,
    },
    [
      {
        itemId: 1,
        tax1: 1,
        tax2: 0,
        sortOrder: 0,
        description: "On-site visit",
        quantity: 200,
        price: 12000,
        discount: 0,
      },
      {
        itemId: 2,
        tax1: 1,
        tax2: 2,
        sortOrder: 1,
        description: null,
        quantity: 300,
        price: 4999,
        discount: 1000,
      },
    ],
  );
  // Another user's, for a contact the user may not see: 403 on read (CRMSecutiry.cs:339-354).
  seed(
    {
      ...common,
      id: 2,
      number: "INV-0000002",
      status: 2,
      issueDate: "2024-03-05T00:00:00.0000000+03:00",
      dueDate: "2024-04-04T00:00:00.0000000+03:00",
      contactId: 11,
      createBy: "0b1c2d3e-4f50-4617-8899-aabbccddeeff",
    },
    [
      {
        itemId: 3,
        tax1: 0,
        tax2: 0,
        sortOrder: 0,
        description: null,
        quantity: 1000,
        price: 1550,
        discount: 0,
      },
    ],
  );
  return billing;
}

/** Math.Round(n / d) on exact integers, half to even (.NET's default, Dao/InvoiceDao.cs:942-970). */
export function roundHalfEven(n: bigint, d: bigint): bigint {
  const q = n / d;
  const r = n % d;
  const twice = 2n * r;
  if (twice > d || (twice === d && q % 2n !== 0n)) return q + 1n;
  return q;
}

/** `CalculateInvoiceCost` (Dao/InvoiceDao.cs:937-971), in hundredths; taxes looked up live. */
export function invoiceCost(billing: Billing, invoiceId: number): number {
  let cost = 0n;
  for (const l of billing.lines.values()) {
    if (l.invoiceId !== invoiceId) continue;
    let net = roundHalfEven(BigInt(l.price) * BigInt(l.quantity), 100n);
    net -= roundHalfEven(net * BigInt(l.discount), 10000n);
    const tax = (taxId: number) => {
      const found = billing.taxes.get(taxId);
      return found ? roundHalfEven(net * BigInt(found.rate), 10000n) : 0n;
    };
    cost += net + tax(l.tax1) + tax(l.tax2);
  }
  return Number(cost);
}

/** Hundredths as the JSON number a portal writes (`7.70` reads back as 7.7). */
export const amount = (hundredths: number) => hundredths / 100;

/**
 * A decimal parameter stored in DECIMAL(10,2): MySQL rounds extra decimals (half away from zero)
 * and, in strict mode, fails above 99 999 999.99 (a 500). A JSON number arrives as its text.
 */
export function storedAmount(text: string | undefined): number {
  if (text === undefined || text === "") return 0;
  const match = /^\s*(-?)(\d*)(?:\.(\d*))?\s*$/.exec(text);
  if (!match || (!match[2] && !match[3]))
    throw badArgument(`${text.slice(0, 20)} is not a valid value for Decimal.`);
  const digits = `${match[3] ?? ""}000`;
  let hundredths = Number(match[2] || "0") * 100 + Number(digits.slice(0, 2));
  if (Number(digits[2]) >= 5) hundredths += 1;
  if (hundredths > 9999999999) throw serverError("Out of range value for column");
  return match[1] ? -hundredths : hundredths;
}

const STATUS_TITLES = ["", "Draft", "Billed", "Rejected", "Paid", "Archive"];
const STATUS_WORDS: Record<string, number> = {
  draft: 1,
  sent: 2,
  billed: 2,
  rejected: 3,
  paid: 4,
  archived: 5,
  archive: 5,
};

/** `InvoiceStatus` from a route or query value: a name, the English label or a number (LocalizedEnumConverter.cs:218-233). */
function statusOf(text: string): number {
  if (/^\d+$/.test(text)) return Number(text);
  const found = STATUS_WORDS[text.toLowerCase()];
  if (found === undefined) throw badArgument();
  return found;
}

/** `CanAccessTo` (CRMSecutiry.cs:339-354): the creator, or read access to the contact. */
function mayRead(state: PortalState, invoice: InvoiceRow): boolean {
  return invoice.createBy === state.me.id || state.visibleContact(invoice.contactId) !== undefined;
}

/** `CanEdit` (CRMSecutiry.cs:452-455): (admin or creator) and Draft. */
const mayEdit = (state: PortalState, invoice: InvoiceRow) =>
  invoice.createBy === state.me.id && invoice.status === 1;

function found(state: PortalState, billing: Billing, invoiceId: number): InvoiceRow {
  if (invoiceId <= 0) throw badArgument();
  const invoice = billing.invoices.get(invoiceId);
  if (!invoice) throw notFound();
  if (!mayRead(state, invoice)) throw accessDenied(); // a 403, not a 404 (:59-60)
  return invoice;
}

const contactOf = (state: PortalState, id: number) => {
  const contact = id > 0 ? state.contacts.get(id) : undefined;
  return contact ? { ...shortForm(contact), canDelete: false } : null; // ContactWrapper.cs:442
};

/** `InvoiceBaseWrapper` (InvoiceWrapper.cs:39-150); `cost` computed now (:1096). */
export function invoiceBase(
  state: PortalState,
  billing: Billing,
  row: InvoiceRow,
  withCost = true,
) {
  return {
    id: row.id,
    status: { id: row.status, title: STATUS_TITLES[row.status] },
    number: row.number,
    issueDate: row.issueDate,
    templateType: row.templateType,
    contact: contactOf(state, row.contactId),
    consignee: contactOf(state, row.consigneeId),
    entity: null, // the fake portal holds no deals
    dueDate: row.dueDate,
    language: row.language,
    currency: { ...billing.currencies.get(row.currency)! },
    exchangeRate: amount(row.exchangeRate),
    purchaseOrderNumber: row.purchaseOrderNumber,
    terms: row.terms,
    description: row.description,
    fileID: row.fileId,
    createOn: row.createOn,
    createBy: state.user(row.createBy),
    cost: withCost ? amount(invoiceCost(billing, row.id)) : 0,
    canEdit: mayEdit(state, row),
    canDelete: row.createBy === state.me.id,
  };
}

export const lineWire = (l: LineRow) => ({
  id: l.id,
  invoiceID: l.invoiceId,
  invoiceItemID: l.itemId,
  invoiceTax1ID: l.tax1,
  invoiceTax2ID: l.tax2,
  sortOrder: l.sortOrder,
  description: l.description,
  quantity: amount(l.quantity),
  price: amount(l.price),
  discount: amount(l.discount),
});

export const linesOf = (billing: Billing, invoiceId: number) =>
  [...billing.lines.values()]
    .filter((l) => l.invoiceId === invoiceId)
    .sort((a, b) => a.sortOrder - b.sortOrder);

/** `InvoiceWrapper` with its lines (`ToInvoiceWrapper`, :1503-1520). */
function invoiceWire(state: PortalState, billing: Billing, row: InvoiceRow) {
  return {
    ...invoiceBase(state, billing, row),
    invoiceLines: linesOf(billing, row.id).map(lineWire),
  };
}

/**
 * The PDF snapshot (`InvoiceFormattedData`, CRM/Classes/InvoiceFormattedData.cs:36-55), PascalCase,
 * with its own totals: per line `R2(net + R2(net × (rate1 + rate2) / 100))`, not summed again.
 */
function snapshot(
  state: PortalState,
  billing: Billing,
  row: InvoiceRow,
  billingId: number,
  deliveryId: number,
): string {
  const rows = linesOf(billing, row.id).map((l) => {
    const item = billing.items.get(l.itemId);
    let net = roundHalfEven(BigInt(l.price) * BigInt(l.quantity), 100n);
    net -= roundHalfEven(net * BigInt(l.discount), 10000n);
    const rate = BigInt(
      (billing.taxes.get(l.tax1)?.rate ?? 0) + (billing.taxes.get(l.tax2)?.rate ?? 0),
    );
    const total = net + roundHalfEven(net * rate, 10000n);
    return {
      Item: item?.title ?? "",
      Description: l.description ?? "",
      Quantity: amount(l.quantity),
      Price: amount(l.price),
      Discount: amount(l.discount),
      Amount: amount(Number(total)),
    };
  });
  return JSON.stringify({
    TemplateType: row.templateType,
    Seller: { Item1: "Seller", Item2: "" },
    LogoBase64Id: 0,
    LogoBase64: null,
    LogoSrcFormat: "data:image/jpeg;base64,{0}",
    Number: { Item1: "Invoice", Item2: row.number },
    Invoice: [
      { Item1: "Issue date", Item2: row.issueDate.slice(0, 10) },
      { Item1: "Due date", Item2: row.dueDate.slice(0, 10) },
    ],
    Customer: { Item1: "Bill to", Item2: state.contacts.get(row.contactId)?.displayName ?? "" },
    TableHeaderRow: ["Item", "Description", "Quantity", "Price", "Discount", "Amount"],
    TableBodyRows: rows,
    TableFooterRows: [],
    TableTotalRow: {
      Item1: "Total",
      Item2: amount(rows.reduce((sum, r) => sum + Math.round(r.Amount * 100), 0)),
    },
    Terms: { Item1: "Terms", Item2: row.terms },
    Notes: { Item1: "Notes", Item2: row.description ?? "" },
    Consignee: { Item1: "Ship to", Item2: state.contacts.get(row.consigneeId)?.displayName ?? "" },
    DeliveryAddressID: deliveryId,
    BillingAddressID: billingId,
  });
}

/**
 * `IEnumerable<InvoiceLine> invoiceLines`: the collection name is case-sensitive, and each
 * property binds only as its C# name, that name with a lower-case first letter, or all lower case
 * (M/ASC.Api/Utils/Binder.cs:182-209): `invoiceTax1Id` binds to nothing, so the tax is 0.
 */
function boundLines(args: Args): Omit<LineRow, "id" | "invoiceId" | "sortOrder">[] {
  const body = args.json as Record<string, unknown> | undefined;
  const given = body && Array.isArray(body.invoiceLines) ? body.invoiceLines : [];
  return given.map((element: unknown) => {
    const e = (element ?? {}) as Record<string, unknown>;
    const get = (csName: string) => {
      for (const name of [
        csName,
        csName[0]!.toLowerCase() + csName.slice(1),
        csName.toLowerCase(),
      ]) {
        if (e[name] !== undefined && e[name] !== null) return String(e[name]);
      }
      return undefined;
    };
    const int = (csName: string) => {
      const text = get(csName);
      if (text === undefined) return 0;
      if (!/^\s*-?\d+\s*$/.test(text)) throw badArgument();
      return Number(text);
    };
    return {
      itemId: int("InvoiceItemID"),
      tax1: int("InvoiceTax1ID"),
      tax2: int("InvoiceTax2ID"),
      description: get("Description") ?? null,
      quantity: storedAmount(get("Quantity")),
      price: storedAmount(get("Price")),
      discount: storedAmount(get("Discount")),
    };
  });
}

/** `IsLinesForInvoiceCorrect` (:523-542). */
function checkLines(billing: Billing, lines: ReturnType<typeof boundLines>): void {
  if (!lines.length) throw badArgument();
  for (const l of lines) {
    if (
      l.itemId <= 0 ||
      l.quantity < 0 ||
      l.price < 0 ||
      l.discount < 0 ||
      l.discount > 10000 ||
      l.tax1 < 0 ||
      l.tax2 < 0
    ) {
      throw badArgument();
    }
    if (!billing.items.has(l.itemId)) throw badArgument();
    if ((l.tax1 > 0 && !billing.taxes.has(l.tax1)) || (l.tax2 > 0 && !billing.taxes.has(l.tax2)))
      throw badArgument();
  }
}

/** A date parameter (`ApiDateTime`): missing is MinValue, which `DemandCreateOrUpdate` refuses. */
function requiredDate(args: Args, name: string): string {
  const text = args.string(name);
  if (!text || Number.isNaN(Date.parse(text))) throw badArgument();
  return text;
}

/** The fields of create and update, checked as `DemandCreateOrUpdate` does (CRMSecutiry.cs:730-780). */
function invoiceFields(state: PortalState, billing: Billing, args: Args) {
  const fields = {
    issueDate: requiredDate(args, "issueDate"),
    dueDate: requiredDate(args, "dueDate"),
    templateType: args.int("templateType"),
    contactId: args.int("contactId"),
    consigneeId: args.int("consigneeId"),
    entityId: args.int("entityId"),
    language: args.string("language") ?? null,
    currency: (args.string("currency") ?? "").toUpperCase(), // :490
    exchangeRate: storedAmount(args.string("exchangeRate")),
    purchaseOrderNumber: args.string("purchaseOrderNumber") ?? "", // Dao/InvoiceDao.cs:482
    terms: args.string("terms") ?? "",
    description: args.string("description") ?? null,
  };
  // The check reads the value as sent (`> 0`, :745); 0.004 passes and is stored as 0.00.
  const sentRate = Number(args.string("exchangeRate") ?? "0");
  if (!fields.terms || !(sentRate > 0) || fields.contactId <= 0) throw badArgument();
  if (!state.contacts.has(fields.contactId)) throw badArgument();
  if (!state.visibleContact(fields.contactId)) throw accessDenied();
  if (fields.consigneeId > 0 && fields.consigneeId !== fields.contactId) {
    if (!state.contacts.has(fields.consigneeId)) throw badArgument();
    if (!state.visibleContact(fields.consigneeId)) throw accessDenied();
  }
  if (fields.entityId > 0) throw badArgument(); // no deal exists in the fake portal
  if (!billing.currencies.has(fields.currency)) throw badArgument(); // :775-778
  // Addresses (:499-511): the fake portal's contacts hold no Billing or Postal address.
  if (args.int("billingAddressID") > 0 || args.int("deliveryAddressID") > 0) throw badArgument();
  return { fields, sentRate };
}

function insertLines(
  state: PortalState,
  billing: Billing,
  invoiceId: number,
  lines: ReturnType<typeof boundLines>,
): void {
  lines.forEach((l, i) => {
    const lineId = state.newId(billing.lines);
    billing.lines.set(lineId, { ...l, id: lineId, invoiceId, sortOrder: i }); // sortOrder = index (:544-567)
  });
}

const sameNumber = (a: string, b: string) =>
  a.trimEnd().toLowerCase() === b.trimEnd().toLowerCase();

/** `InvoiceTaxWrapper` (InvoiceWrapper.cs:304-353). */
function taxWire(state: PortalState, billing: Billing, tax: TaxRow) {
  return {
    id: tax.id,
    name: tax.name,
    description: tax.description,
    rate: amount(tax.rate),
    createOn: tax.createOn,
    createBy: state.user(tax.createBy),
    canEdit: billing.admin,
    canDelete: billing.admin && taxFree(billing, tax.id),
  };
}

/** `InvoiceTaxDao.CanDelete` (:98-106): no product and no line uses it. */
const taxFree = (billing: Billing, taxId: number) =>
  ![...billing.items.values(), ...billing.lines.values()].some(
    (row) => row.tax1 === taxId || row.tax2 === taxId,
  );

/** `InvoiceItemWrapper` (InvoiceWrapper.cs:220-298): an unknown tax ID is a 500 (the wrapper dereferences null). */
function itemWire(state: PortalState, billing: Billing, item: ItemRow) {
  const tax = (taxId: number) => {
    if (taxId <= 0) return null;
    const found = billing.taxes.get(taxId);
    if (!found) throw serverError("Object reference not set to an instance of an object.");
    return taxWire(state, billing, found);
  };
  return {
    id: item.id,
    title: item.title,
    stockKeepingUnit: item.sku,
    description: item.description,
    price: amount(item.price),
    currency: { ...billing.currencies.get(billing.defaultCurrency)! }, // the column is always ""
    stockQuantity: amount(item.stockQuantity),
    trackInvenory: item.trackInventory, // the wire name carries the server's typo (:271-273)
    invoiceTax1: tax(item.tax1),
    invoiceTax2: tax(item.tax2),
    createOn: item.createOn,
    createBy: state.user(item.createBy),
    canEdit: billing.admin,
    canDelete: billing.admin && ![...billing.lines.values()].some((l) => l.itemId === item.id),
  };
}

/** The line fields of `POST`/`PUT invoiceline`: top-level parameters, any letter case. */
function lineArgs(args: Args) {
  return {
    itemId: args.int("invoiceItemId"),
    tax1: args.int("invoiceTax1Id"),
    tax2: args.int("invoiceTax2Id"),
    sortOrder: args.int("sortOrder"),
    description: args.string("description") ?? null,
    quantity: storedAmount(args.string("quantity")),
    price: storedAmount(args.string("price")),
    discount: storedAmount(args.string("discount")),
  };
}

/** `DemandCreateOrUpdate(line, invoice)` (CRMSecutiry.cs:700-728): the invoice editable, the line valid. */
function checkLine(
  state: PortalState,
  billing: Billing,
  invoice: InvoiceRow | undefined,
  line: ReturnType<typeof lineArgs>,
) {
  if (!invoice) throw badArgument();
  if (!mayEdit(state, invoice)) throw accessDenied();
  checkLines(billing, [line]);
}

/** A line's answer echoes what was sent, not what was stored (facts §1.3). */
function sentLine(args: Args, id: number, invoiceId: number, line: ReturnType<typeof lineArgs>) {
  const sent = (name: string) => Number(args.string(name) ?? "0");
  return {
    ...lineWire({ ...line, id, invoiceId }),
    quantity: sent("quantity"),
    price: sent("price"),
    discount: sent("discount"),
  };
}

/** Item parameters (:1117-1207), checked as the DAO does (ItemDao.cs:275-279). */
function itemArgs(args: Args) {
  const title = args.string("title");
  const price = storedAmount(args.string("price"));
  if (!title || price <= 0) throw badArgument();
  if (price > 9999999999) throw badArgument("Max Invoice Item Price: 99999999.99");
  return {
    title,
    description: args.string("description") ?? "",
    sku: args.string("sku") ?? "",
    price,
    stockQuantity: storedAmount(args.string("stockQuantity")),
    trackInventory: args.bool("trackInventory") ?? false,
    // No check that the taxes exist: an unknown one is saved (facts I20).
    tax1: args.int("invoiceTax1id"),
    tax2: args.int("invoiceTax2id"),
  };
}

const demandAdmin = (billing: Billing) => {
  if (!billing.admin) throw accessDenied();
};

export const invoiceRoutes: Route[] = [
  [
    "GET",
    "invoice/(?<invoiceid>[0-9]+)",
    ({ state, args }) => {
      const billing = billingOf(state);
      return { value: invoiceWire(state, billing, found(state, billing, args.int("invoiceid"))) };
    },
  ],
  [
    "GET",
    "invoice/sample",
    ({ state }) => {
      // GetSample + the next number, the default terms and currency (:73-89).
      const billing = billingOf(state);
      const now = state.now();
      const due = new Date(Date.parse(now) + 30 * 86400000);
      let highest = 0;
      for (const { number } of billing.invoices.values()) {
        const digits = /^INV-(\d+)$/.exec(number);
        if (digits) highest = Math.max(highest, Number(digits[1]));
      }
      return {
        value: {
          id: 0,
          status: { id: 1, title: "Draft" },
          number: `INV-${String(highest + 1).padStart(7, "0")}`, // Dao/InvoiceDao.cs:418-440
          issueDate: now,
          templateType: 0,
          contact: null,
          consignee: null,
          entity: null,
          dueDate: `${due.toISOString().slice(0, 19)}.0000000${now.slice(27)}`,
          language: "",
          currency: { ...billing.currencies.get(billing.defaultCurrency)! },
          exchangeRate: 1,
          purchaseOrderNumber: "",
          terms: "Net 30",
          description: "",
          fileID: -1,
          createOn: now,
          createBy: {
            id: "00000000-0000-0000-0000-000000000000",
            displayName: "Mike Zanyatski",
            avatarSmall: "",
            profileUrl: "",
          },
          cost: 0,
          canEdit: true,
          canDelete: true,
          invoiceLines: [
            {
              id: 0,
              invoiceID: 0,
              invoiceItemID: 0,
              invoiceTax1ID: 0,
              invoiceTax2ID: 0,
              sortOrder: 0,
              description: "",
              quantity: 1,
              price: 0,
              discount: 0,
            },
          ],
        },
      };
    },
  ],
  [
    "GET",
    "invoice/jsondata/(?<invoiceid>[0-9]+)",
    ({ state, args }) => {
      const billing = billingOf(state);
      const invoice = billing.invoices.get(args.int("invoiceid"));
      if (!invoice) throw notFound(); // no ≤ 0 check: 0 is a 404 (:100-112)
      if (!mayRead(state, invoice)) throw accessDenied();
      return { value: invoice.jsonData };
    },
  ],
  [
    "GET",
    "invoice/filter",
    ({ state, args, paging }) => {
      const billing = billingOf(state);
      const entityType = args.string("entityType");
      if (entityType !== undefined && !/^(contact|opportunity|case)$/i.test(entityType))
        throw badArgument(); // :143-147
      const entityid = args.int("entityid");
      const status = args.string("status");
      const wanted = status === undefined ? undefined : statusOf(status);
      const after = (name: string) => {
        const text = args.string(name);
        return text ? Date.parse(text) : undefined;
      };
      const until = (name: string) => {
        const text = args.string(name);
        return text ? Date.parse(text) + 86400000 - 60000 : undefined; // +1 day −1 minute (Dao/InvoiceDao.cs:862-875)
      };
      const [issueFrom, issueTo, dueFrom, dueTo] = [
        after("issueDateFrom"),
        until("issueDateTo"),
        after("dueDateFrom"),
        until("dueDateTo"),
      ];
      const currency = args.string("currency");
      const words = paging.filterValue?.toLowerCase().split(/\s+/).filter(Boolean) ?? [];
      let rows = [...billing.invoices.values()].filter((row) => {
        if (!mayRead(state, row)) return false;
        // entityid without entityType matches nothing; `case` too (invoices are opportunities).
        if (entityid && !entityType) return false;
        if (entityType && /^case$/i.test(entityType)) return false;
        if (
          entityType &&
          entityid &&
          (/^contact$/i.test(entityType) ? row.contactId : row.entityId) !== entityid
        )
          return false;
        if (wanted !== undefined && row.status !== wanted) return false;
        const issued = Date.parse(row.issueDate);
        const due = Date.parse(row.dueDate);
        if ((issueFrom && issued < issueFrom) || (issueTo && issued > issueTo)) return false;
        if ((dueFrom && due < dueFrom) || (dueTo && due > dueTo)) return false;
        if (currency && row.currency.toLowerCase() !== currency.toLowerCase()) return false;
        const haystack = `${row.number} ${row.description ?? ""}`.toLowerCase().split(/\s+/);
        return words.every((w) => haystack.some((h) => h.startsWith(w)));
      });
      // Sorting (Dao/InvoiceDao.cs:273-305): number as text by default.
      const key: Record<string, (r: InvoiceRow) => string | number> = {
        number: (r) => r.number,
        issuedate: (r) => Date.parse(r.issueDate),
        duedate: (r) => Date.parse(r.dueDate),
        status: (r) => r.status,
        id: (r) => r.id,
        contact: (r) => state.contacts.get(r.contactId)?.displayName ?? "",
      };
      const by = key[(paging.sortBy ?? "number").toLowerCase()] ?? key.number!;
      rows = rows.sort((a, b) => (by(a) < by(b) ? -1 : by(a) > by(b) ? 1 : 0));
      if (paging.descending) rows.reverse();
      const page = rows.slice(paging.startIndex, paging.startIndex + paging.count + 1);
      return {
        value: page.map((row) => invoiceBase(state, billing, row)),
        paginated: true,
        total: rows.length,
      };
    },
  ],
  [
    "GET",
    "(?<entityType>contact|person|company|opportunity)/invoicelist/(?<entityid>[0-9]+)",
    ({ state, args }) => {
      const billing = billingOf(state);
      const entityid = args.int("entityid");
      if (entityid <= 0) throw badArgument();
      const byDeal = args.string("entityType") === "opportunity";
      const value = [...billing.invoices.values()]
        .filter(
          (row) => (byDeal ? row.entityId : row.contactId) === entityid && mayRead(state, row),
        )
        .map((row) => invoiceBase(state, billing, row));
      return { value };
    },
  ],
  [
    "GET",
    "invoice/bynumber/exist",
    ({ state, args }) => {
      const number = args.string("number");
      if (!number) throw badArgument();
      // No access check (:791-796); MySQL's collation ignores case and trailing spaces.
      return {
        value: [...billingOf(state).invoices.values()].some((row) =>
          sameNumber(row.number, number),
        ),
      };
    },
  ],
  [
    "GET",
    "invoice/bynumber",
    ({ state, args }) => {
      const number = args.string("number");
      if (!number) throw badArgument();
      const billing = billingOf(state);
      const row = [...billing.invoices.values()].find((r) => sameNumber(r.number, number));
      if (!row) throw notFound();
      if (!mayRead(state, row)) throw accessDenied();
      // `new InvoiceWrapper(invoice)`, not ToInvoiceWrapper (:819): no contact, lines or cost.
      return {
        value: {
          ...invoiceBase(state, billing, row, false),
          contact: null,
          consignee: null,
          entity: null,
          invoiceLines: null,
        },
      };
    },
  ],
  [
    "POST",
    "invoice",
    ({ state, args }) => {
      const billing = billingOf(state);
      const lines = boundLines(args);
      checkLines(billing, lines); // first, before anything else (:476)
      const { fields, sentRate } = invoiceFields(state, billing, args);
      const number = args.string("number");
      if (!number) throw badArgument(); // Dao/InvoiceDao.cs:471
      if ([...billing.invoices.values()].some((r) => sameNumber(r.number, number)))
        throw badArgument(); // :484-487
      const row: InvoiceRow = {
        id: state.newId(billing.invoices),
        number,
        status: 1,
        ...fields,
        fileId: 0,
        createOn: state.now(),
        createBy: state.me.id,
        jsonData: "",
      };
      billing.invoices.set(row.id, row);
      insertLines(state, billing, row.id, lines);
      row.jsonData = snapshot(state, billing, row, 0, 0);
      // The answer is the in-memory invoice: createOn MinValue, the lost user, the rate as sent.
      return {
        value: {
          ...invoiceWire(state, billing, row),
          createOn: "0001-01-01T00:00:00.0000000Z",
          createBy: state.user(""),
          exchangeRate: sentRate,
          canEdit: false,
          canDelete: false,
        },
      };
    },
  ],
  [
    "PUT",
    "invoice/(?<id>[0-9]+)",
    ({ state, args }) => {
      const billing = billingOf(state);
      const lines = boundLines(args);
      checkLines(billing, lines); // 400 even for a missing invoice (:643-644)
      const row = billing.invoices.get(args.int("id"));
      // Missing, not a Draft, or not the creator's: 404, not 403 (:646-647).
      if (!row || !mayRead(state, row) || !mayEdit(state, row)) throw notFound();
      const { fields, sentRate } = invoiceFields(state, billing, args);
      Object.assign(row, fields, { fileId: 0 }); // a full replace; file_id reset (Dao/InvoiceDao.cs:541)
      for (const [lineId, l] of billing.lines)
        if (l.invoiceId === row.id) billing.lines.delete(lineId);
      insertLines(state, billing, row.id, lines); // new IDs (:683-684)
      row.jsonData = snapshot(state, billing, row, 0, 0);
      return { value: { ...invoiceWire(state, billing, row), exchangeRate: sentRate } };
    },
  ],
  [
    "PUT",
    "invoice/status/(?<status>[\\w\\d-]+)",
    ({ state, args }) => {
      const billing = billingOf(state);
      const target = statusOf(args.string("status")!);
      const invoiceIds = args.ints("invoiceids");
      if (!invoiceIds.length) throw badArgument(); // :263
      const rows = invoiceIds
        .map((id) => billing.invoices.get(id))
        .filter((row): row is InvoiceRow => row !== undefined && mayRead(state, row)); // :265
      if (!rows.length) throw badArgument(); // Dao/InvoiceDao.cs:557-558
      const moved: ItemRow[] = [];
      const allowed = [
        [1, 2],
        [2, 4],
        [2, 3],
        [3, 1],
        [4, 2],
      ];
      for (const row of rows) {
        const from = row.status;
        if (!allowed.some(([a, b]) => a === from && b === target)) continue; // unchanged, 200
        row.status = target;
        // Stock (:282-352): Draft→Sent subtracts, Sent→Rejected adds back, tracked items only.
        const sign = from === 1 && target === 2 ? -1 : from === 2 && target === 3 ? 1 : 0;
        if (!sign) continue;
        for (const l of linesOf(billing, row.id)) {
          const item = billing.items.get(l.itemId);
          if (!item?.trackInventory) continue;
          item.stockQuantity += sign * l.quantity;
          if (!moved.includes(item)) moved.push(item);
        }
      }
      return {
        value: {
          key: rows.map((row) => invoiceBase(state, billing, row)),
          value: moved.map((item) => itemWire(state, billing, item)),
        },
      };
    },
  ],
  [
    "DELETE",
    "invoice/(?<invoiceid>[0-9]+)",
    ({ state, args }) => {
      const billing = billingOf(state);
      const row = found(state, billing, args.int("invoiceid"));
      if (row.createBy !== state.me.id) throw accessDenied(); // CanDelete (CRMSecutiry.cs:479-482)
      for (const [lineId, l] of billing.lines)
        if (l.invoiceId === row.id) billing.lines.delete(lineId);
      billing.invoices.delete(row.id);
      return { value: invoiceBase(state, billing, row) }; // cost 0: the lines are gone (:1096)
    },
  ],
  [
    "DELETE",
    "invoice",
    ({ state, args }) => {
      const billing = billingOf(state);
      const invoiceIds = args.ints("invoiceids");
      if (!invoiceIds.length) throw badArgument();
      const deleted = [];
      for (const id of invoiceIds) {
        const row = billing.invoices.get(id);
        if (!row || !mayRead(state, row) || row.createBy !== state.me.id) continue; // skipped (Dao/InvoiceDao.cs:686-697)
        for (const [lineId, l] of billing.lines)
          if (l.invoiceId === id) billing.lines.delete(lineId);
        billing.invoices.delete(id);
        deleted.push(invoiceBase(state, billing, row));
      }
      return { value: deleted };
    },
  ],
  [
    "POST",
    "invoiceline",
    ({ state, args }) => {
      const billing = billingOf(state);
      const line = lineArgs(args);
      const invoiceId = args.int("invoiceId");
      if (invoiceId <= 0) throw badArgument(); // :966
      checkLine(state, billing, billing.invoices.get(invoiceId), line);
      const lineId = state.newId(billing.lines);
      billing.lines.set(lineId, { ...line, id: lineId, invoiceId });
      // The snapshot is written back unchanged (Dao/InvoiceDao.cs:628-636): jsonData stays.
      return { value: sentLine(args, lineId, invoiceId, line) };
    },
  ],
  [
    "PUT",
    "invoiceline/(?<id>[0-9]+)",
    ({ state, args }) => {
      const billing = billingOf(state);
      const invoiceId = args.int("invoiceId");
      if (invoiceId <= 0) throw badArgument(); // :1016
      const existing = billing.lines.get(args.int("id"));
      if (!existing || existing.invoiceId !== invoiceId) throw notFound(); // :1018-1019
      const line = lineArgs(args);
      checkLine(state, billing, billing.invoices.get(invoiceId), line);
      Object.assign(existing, line);
      return { value: sentLine(args, existing.id, invoiceId, line) };
    },
  ],
  [
    "DELETE",
    "invoiceline/(?<id>[0-9]+)",
    ({ state, args }) => {
      const billing = billingOf(state);
      const lineId = args.int("id");
      const line = billing.lines.get(lineId);
      if (!line) throw notFound();
      // The last line cannot go: a bare Exception, 500 (:1063; InvoiceLineDao.cs:220-233).
      if (linesOf(billing, line.invoiceId).length <= 1)
        throw serverError("Can't delete invoice line");
      const invoice = billing.invoices.get(line.invoiceId);
      if (!invoice) throw notFound();
      if (!mayEdit(state, invoice)) throw accessDenied();
      billing.lines.delete(lineId);
      return { value: lineId };
    },
  ],
  [
    "GET",
    "invoiceitem/filter",
    ({ state, args, paging }) => {
      const billing = billingOf(state);
      const tracked = args.bool("inventoryStock"); // track_inventory, not the stock (ItemDao:488-491)
      const words = paging.filterValue?.toLowerCase().split(/\s+/).filter(Boolean) ?? [];
      const key: Record<string, (i: ItemRow) => string | number> = {
        name: (i) => i.title.toLowerCase(),
        price: (i) => i.price,
        quantity: (i) => i.stockQuantity,
        sku: (i) => i.sku,
        created: (i) => i.createOn,
        id: (i) => i.id,
      };
      const by = key[(paging.sortBy ?? "name").toLowerCase()] ?? key.name!;
      let rows = [...billing.items.values()]
        .filter((i) => tracked === undefined || i.trackInventory === tracked)
        .filter((i) => {
          const hay = `${i.title} ${i.description} ${i.sku}`.toLowerCase().split(/\s+/);
          return words.every((w) => hay.some((h) => h.startsWith(w)));
        })
        .sort((a, b) => (by(a) < by(b) ? -1 : by(a) > by(b) ? 1 : 0));
      if (paging.descending) rows = rows.reverse();
      const page = rows.slice(paging.startIndex, paging.startIndex + paging.count + 1);
      return {
        value: page.map((i) => itemWire(state, billing, i)),
        paginated: true,
        total: rows.length,
      };
    },
  ],
  [
    "GET",
    "invoiceitem/(?<invoiceitemid>[0-9]+)",
    ({ state, args }) => {
      const billing = billingOf(state);
      const itemId = args.int("invoiceitemid");
      if (itemId <= 0) throw badArgument();
      const item = billing.items.get(itemId);
      if (!item) throw notFound();
      return { value: itemWire(state, billing, item) };
    },
  ],
  [
    "POST",
    "invoiceitem",
    ({ state, args }) => {
      const billing = billingOf(state);
      demandAdmin(billing); // :1128-1131, before any check
      const fields = itemArgs(args);
      const item: ItemRow = {
        id: state.newId(billing.items),
        ...fields,
        createOn: state.now(),
        createBy: state.me.id,
      };
      billing.items.set(item.id, item);
      return { value: itemWire(state, billing, item) }; // a 500 here when a tax is unknown, after the save
    },
  ],
  [
    "PUT",
    "invoiceitem/(?<id>[0-9]+)",
    ({ state, args }) => {
      const billing = billingOf(state);
      demandAdmin(billing);
      const itemId = args.int("id");
      const fields = itemArgs(args);
      if (itemId <= 0) throw badArgument();
      const item = billing.items.get(itemId);
      if (!item) throw notFound();
      Object.assign(item, fields); // a full replace (:1188-1199)
      // The answer is the in-memory item: createOn MinValue, the lost user (facts §5.3).
      return {
        value: {
          ...itemWire(state, billing, item),
          createOn: "0001-01-01T00:00:00.0000000Z",
          createBy: state.user(""),
        },
      };
    },
  ],
  [
    "DELETE",
    "invoiceitem/(?<id>[0-9]+)",
    ({ state, args }) => {
      const billing = billingOf(state);
      demandAdmin(billing);
      const itemId = args.int("id");
      if (itemId <= 0) throw badArgument();
      const item = billing.items.get(itemId);
      if (!item) throw notFound();
      // In use by a line: DemandDelete's 403 (ItemDao.cs:358, CRMSecutiry.cs:484-498).
      if ([...billing.lines.values()].some((l) => l.itemId === itemId)) throw accessDenied();
      const value = itemWire(state, billing, item);
      billing.items.delete(itemId);
      return { value };
    },
  ],
  [
    "DELETE",
    "invoiceitem",
    ({ state, args }) => {
      const billing = billingOf(state);
      demandAdmin(billing);
      const value = [];
      for (const itemId of new Set(args.ints("ids"))) {
        const item = billing.items.get(itemId);
        if (!item || [...billing.lines.values()].some((l) => l.itemId === itemId)) continue; // skipped (ItemDao.cs:372)
        value.push(itemWire(state, billing, item));
        billing.items.delete(itemId);
      }
      return { value };
    },
  ],
  [
    "GET",
    "invoice/tax",
    ({ state }) => {
      const billing = billingOf(state);
      return { value: [...billing.taxes.values()].map((t) => taxWire(state, billing, t)) };
    },
  ],
  [
    "POST",
    "invoice/tax",
    ({ state, args }) => {
      const billing = billingOf(state);
      demandAdmin(billing);
      const name = args.string("name");
      if (!name) throw badArgument("The tax name is empty"); // :1300
      if ([...billing.taxes.values()].some((t) => t.name.toLowerCase() === name.toLowerCase())) {
        throw badArgument("A tax with this name already exists"); // :1301
      }
      const tax: TaxRow = {
        id: state.newId(billing.taxes),
        name,
        description: args.string("description") ?? "",
        rate: storedAmount(args.string("rate")),
        createOn: state.now(),
        createBy: state.me.id,
      };
      billing.taxes.set(tax.id, tax);
      return {
        value: { ...taxWire(state, billing, tax), rate: Number(args.string("rate") ?? "0") },
      };
    },
  ],
  [
    "PUT",
    "invoice/tax/(?<id>[0-9]+)",
    ({ state, args }) => {
      const billing = billingOf(state);
      demandAdmin(billing);
      const taxId = args.int("id");
      const name = args.string("name");
      if (taxId <= 0 || !name) throw badArgument("The tax name is empty"); // :1339
      const tax = billing.taxes.get(taxId);
      if (!tax) throw notFound();
      Object.assign(tax, {
        name,
        description: args.string("description") ?? "",
        rate: storedAmount(args.string("rate")),
      });
      return {
        value: {
          ...taxWire(state, billing, tax),
          rate: Number(args.string("rate") ?? "0"),
          createOn: "0001-01-01T00:00:00.0000000Z",
          createBy: state.user(""),
        },
      };
    },
  ],
  [
    "DELETE",
    "invoice/tax/(?<id>[0-9]+)",
    ({ state, args }) => {
      const billing = billingOf(state);
      demandAdmin(billing);
      const taxId = args.int("id");
      if (taxId <= 0) throw badArgument();
      const tax = billing.taxes.get(taxId);
      if (!tax) throw notFound();
      if (!taxFree(billing, taxId)) throw accessDenied(); // in use (TaxDao.cs:201)
      const value = taxWire(state, billing, tax);
      billing.taxes.delete(taxId);
      return { value };
    },
  ],
];
