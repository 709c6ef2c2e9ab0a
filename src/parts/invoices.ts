// The Invoices controller (CRMApi.Invoices.cs): invoices and their lines. Billing is where the
// portal is least forgiving (facts-invoices-money-utils.md §7): an update replaces the whole
// invoice, lines bind only under the server's spelling, amounts are DECIMAL(10,2), refused status
// changes answer 200, and a retried create that had succeeded answers a generic 400.
import { hooks } from "../core/hooks";
import type { Done } from "../core/shapes";
import { invoicesOperations } from "../../generated/operations";
import type { components } from "../../generated/schema";
import { isObject } from "../core/envelope";
import {
  anyText,
  checkWhole,
  INT32_MAX,
  date,
  flag,
  id,
  ids,
  list,
  searchText,
  text,
  wrongType,
  type Check,
} from "../core/guards";
import {
  BadRequestError,
  ConnectionError,
  NotFoundError,
  OnlyofficeError,
  PermissionDeniedError,
} from "../core/errors";
import type { RequestOptions } from "../core/options";
import type { PageOptions, PagedList } from "../core/paging";
import {
  shaped,
  type Arg,
  type Area,
  type Fields,
  type LinesFor,
  type ReadFirst,
  type Shape,
  type Wire,
} from "../core/shapes";
import { waitFor, type WaitOptions } from "./jobs";
import { currencyCode, money, percent, positiveMoney, signedMoney, type Amount } from "./money";

export type Invoice = components["schemas"]["Invoice"];
export type InvoiceBase = components["schemas"]["InvoiceBase"];
export type InvoiceLine = components["schemas"]["InvoiceLine"];
export type InvoiceStatusInfo = components["schemas"]["InvoiceStatusInfo"];
export type InvoiceItem = components["schemas"]["InvoiceItem"];
export type InvoiceSettings = components["schemas"]["InvoiceSettings"];
/** A file as the Documents module describes it (the invoice's PDF). */
export type InvoiceFile = components["schemas"]["HistoryFile"];
export type InvoiceConverterData = components["schemas"]["ConverterData"];
export type InvoiceTax = components["schemas"]["InvoiceTax"];
type InvoiceStatusChange = components["schemas"]["InvoiceStatusChange"];

/** What `setInvoicesStatus` did: the portal answers 200 whether or not an invoice moved. */
export interface InvoiceStatusResult {
  /** The invoices now in the status asked for. */
  changed: InvoiceBase[];
  /** The invoices the portal left as they were (their status unchanged). */
  unchanged: InvoiceBase[];
  /** IDs asked for that the portal dropped silently (missing, or not yours to read). */
  dropped: number[];
  /** Stock-tracked items whose stock the change moved (Draft→Sent subtracts, Sent→Rejected adds). */
  items: InvoiceStatusChange["value"];
}

/** An invoice's PDF snapshot, parsed: the only place its address IDs can be read back. */
export interface InvoiceData {
  /** The buyer's Billing address (contact info ID), 0 for none. */
  billingAddressId: number;
  /** The consignee's Postal address (contact info ID), 0 for none. */
  deliveryAddressId: number;
  /**
   * The snapshot as the portal stored it (PascalCase names: `Number`, `TableBodyRows`,
   * `TableTotalRow`, …); `{}` when it has none. Stale after the invoice-line routes.
   */
  snapshot: Record<string, unknown>;
}

/**
 * A status change the portal committed before it answered 403: a non-admin moved invoices with
 * stock-tracked items (CRMApi.Invoices.cs:282-352). Read the invoices again to see where they are.
 */
export class InvoiceStatusPartlyAppliedError extends OnlyofficeError {
  override name = "InvoiceStatusPartlyAppliedError";
  constructor(
    readonly invoiceIds: number[],
    options: { cause: unknown },
  ) {
    super(
      "the portal changed the invoices' status, then refused to move the items' stock (403): " +
        "read the invoices again",
      options,
    );
  }
}
export { InvoiceStatus, InvoiceTemplateType } from "../../generated/schema";
import { InvoiceStatus } from "../../generated/schema";

/** A date as the user gives it: a `Date` or an ApiDateTime string. */
type DateInput = Date | string;

/** Which invoices: every field given must match. */
export interface InvoiceFilter {
  status?: InvoiceStatus;
  issuedFrom?: DateInput;
  /** Inclusive: the portal takes everything up to this day's end. */
  issuedTo?: DateInput;
  dueFrom?: DateInput;
  dueTo?: DateInput;
  /** Only invoices whose buyer is this contact. */
  contactId?: number;
  /** Only invoices linked to this deal. */
  dealId?: number;
  /** ISO code, e.g. `EUR`. */
  currency?: string;
  /** Words that start words of the number or the description. No commas. */
  search?: string;
  /** Default `number` (sorted as text: `INV-10` before `INV-9`). */
  sortBy?: "number" | "issueDate" | "contact" | "dueDate" | "status" | "id";
  sortOrder?: "asc" | "desc";
}

/** One line of an invoice. Amounts are numbers or decimal strings with at most two decimals. */
export interface NewInvoiceLine {
  /** The product (`listInvoiceItems`). */
  itemId: number;
  quantity: Amount;
  /** The unit price: the item's own price is not applied by the portal. */
  price: Amount;
  /** Percent, 0 to 100. */
  discount?: Amount;
  /** A tax (`listInvoiceTaxes`), or 0 for none (on an update: takes the tax off). */
  tax1Id?: number;
  /** A second tax, or 0 for none. */
  tax2Id?: number;
  description?: string;
}

export interface NewInvoice {
  /** Unique in the portal; default: the portal's suggested next number (`getInvoiceSample`). */
  number?: string;
  /** The buyer. */
  contactId: number;
  /** Who receives the goods, or 0 for none (on an update: clears it). */
  consigneeId?: number;
  /** A deal the buyer is a member of, or 0 for none (on an update: unlinks it). */
  dealId?: number;
  issueDate: DateInput;
  dueDate: DateInput;
  /** ISO code, upper-cased before it is sent. */
  currency: string;
  /** Above 0, at most two decimals. Default 1. */
  exchangeRate?: Amount;
  /** Payment terms; required by the portal (see `getInvoiceSample().terms` for the default). */
  terms: string;
  purchaseOrderNumber?: string;
  description?: string;
  /** Culture name of the PDF's labels; default `""`, the creator's. */
  language?: string;
  /** 0 Eur (default), 1 Rus. */
  templateType?: 0 | 1;
  /**
   * A Billing address (contact info) of the buyer, or 0 for none. On an update that changes the
   * buyer, say which (the old buyer's address is refused).
   */
  billingAddressId?: number;
  /** A Postal address (contact info) of the consignee, or 0 for none; the same on an update. */
  deliveryAddressId?: number;
  /** At least one. */
  lines: NewInvoiceLine[];
}

/** What to change on a line; the rest is sent back as it is. */
export type InvoiceLineChanges = Partial<NewInvoiceLine>;

/** Which products. */
export interface InvoiceItemFilter {
  /** Only products whose stock is tracked (true) or not (false). */
  tracked?: boolean;
  /** Words that start words of the title, description or SKU. No commas. */
  search?: string;
  /** Default `name`. */
  sortBy?: "name" | "price" | "quantity" | "sku" | "created" | "id";
  sortOrder?: "asc" | "desc";
}

/** A product of the catalogue. */
export interface NewInvoiceItem {
  title: string;
  /** Above 0, at most two decimals, at most 99 999 999.99. */
  price: Amount;
  description?: string;
  sku?: string;
  /** Whether status changes move its stock. Default false. */
  trackInventory?: boolean;
  stockQuantity?: Amount;
  /** Default taxes (`listInvoiceTaxes`), checked before sending; 0 for none (takes it off). */
  tax1Id?: number;
  tax2Id?: number;
}

export type InvoiceItemChanges = Partial<NewInvoiceItem>;

export interface NewInvoiceTax {
  /** Unique among the taxes. */
  name: string;
  /** Percent, at most two decimals; below 0 for a withholding tax. */
  rate: Amount;
  description?: string;
}

export type InvoiceTaxChanges = Partial<NewInvoiceTax>;

/**
 * A product or a tax the portal would not delete because something uses it (it answers 403
 * `Access Denied`, as to a non-admin).
 */
export class InUseError extends OnlyofficeError {
  override name = "InUseError";
  // No own constructor: OnlyofficeError's (message, { cause }) is the same, as for ConnectionError.
}

/** What `submitInvoice` sends: a new invoice whose number the caller has chosen. */
export interface InvoiceSubmission extends NewInvoice {
  /** Unique in the portal (the portal answers a generic 400 for a taken one). */
  number: string;
}

/** A number another invoice has: the portal would answer (or answered) a generic 400. */
export class InvoiceNumberTakenError extends RangeError {
  override name = "InvoiceNumberTakenError";
  constructor(
    readonly number: string,
    options?: { cause: unknown },
  ) {
    super(
      `input.number ${JSON.stringify(number)} is taken by another invoice: the portal ` +
        "refuses it (400). Choose another",
      options,
    );
  }
}

/**
 * A create whose answer was lost (a time-out, a lost connection, a 400 for a create that had in
 * fact taken effect): `created` is `true` when the portal has the invoice but it could not be
 * read back, `"unknown"` when even the check failed. Never create it again before checking
 * `invoiceNumberExists(number)`.
 */
export class InvoiceCreateAnswerLostError extends OnlyofficeError {
  override name = "InvoiceCreateAnswerLostError";
  constructor(
    readonly number: string,
    readonly created: true | "unknown",
    options: { cause: unknown },
  ) {
    super(
      created === true
        ? `invoice ${JSON.stringify(number)} was created, but the portal's answer was lost and ` +
            "reading it back failed: read it with getInvoiceByNumber, do not create it again"
        : `invoice ${JSON.stringify(number)} may have been created, but the portal's answer was ` +
            "lost and the check failed: ask invoiceNumberExists before creating it again",
      options,
    );
  }
}

/** What to change on a Draft invoice; the rest is sent back as it is (the number never changes). */
export type InvoiceChanges = Partial<Omit<NewInvoice, "number">>;

/** The invoice numbering: `prefix` and `number` left out keep their current values. */
export interface InvoiceNumbering {
  autogenerated: boolean;
  prefix?: string;
  /** The next number, a string such as `0000001`. */
  number?: string;
}

export interface InvoiceMethods {
  /** `GET invoice/settings`: numbering, default terms, organisation. */
  getInvoiceSettings(options?: RequestOptions): Promise<InvoiceSettings>;
  /** `PUT invoice/settings/name` (admin): reads the settings and keeps the prefix and number left out. */
  setInvoiceNumbering(
    numbering: InvoiceNumbering,
    options?: RequestOptions,
  ): Promise<InvoiceSettings>;
  /** `PUT invoice/settings/terms` (admin): the default terms. */
  setInvoiceTerms(terms: string, options?: RequestOptions): Promise<InvoiceSettings>;
  /** `PUT invoice/{id}/creationdate`: rewrites when the invoice was created (imports). */
  setInvoiceCreated(
    invoiceId: number,
    date: Date | string,
    options?: RequestOptions,
  ): Promise<void>;
  /** `PUT invoice/{id}/lastmodifeddate`: rewrites when the invoice was last modified. */
  setInvoiceModified(
    invoiceId: number,
    date: Date | string,
    options?: RequestOptions,
  ): Promise<void>;
  /**
   * `GET invoice/{id}/pdf`: the PDF's file and its URL; without one the portal renders it now
   * (a new file and a history event).
   */
  getInvoicePdf(invoiceId: number, options?: RequestOptions): Promise<InvoiceFile>;
  /**
   * `POST invoice/converter/data`: starts the PDF conversion (no `storageUrl`/`revisionId`) or
   * polls it (both, as the previous answer gave them); `fileId` is 0 until the file is ready.
   */
  getInvoiceConverterData(
    input: { invoiceId: number; storageUrl?: string; revisionId?: string },
    options?: RequestOptions,
  ): Promise<InvoiceConverterData>;
  /**
   * The invoice's PDF once it exists: starts the portal's conversion (`getInvoiceConverterData`),
   * polls it every `intervalMs` (at least 250 ms) until the file is ready, within `waitMs` (a
   * TimeoutError) and the call's `signal`, then resolves to the file with its URL
   * (`getInvoicePdf`). Unlike `getInvoicePdf` alone, no single request waits for the rendering.
   */
  waitForInvoicePdf(invoiceId: number, options?: WaitOptions): Promise<InvoiceFile>;
  /**
   * `POST invoiceline`: adds a line to a Draft invoice. The PDF snapshot is not updated until the
   * next `updateInvoice`. Not repeated after it may have taken effect (a repeat adds a second line).
   */
  addInvoiceLine(
    invoiceId: number,
    line: NewInvoiceLine,
    options?: RequestOptions,
  ): Promise<InvoiceLine>;
  /** `PUT invoiceline/{id}`: reads the invoice and sends the line whole with `changes` (Draft only). */
  updateInvoiceLine(
    invoiceId: number,
    lineId: number,
    changes: InvoiceLineChanges,
    options?: RequestOptions,
  ): Promise<InvoiceLine>;
  /** `DELETE invoiceline/{id}`: resolves to its ID. The last line is refused (the portal answers 500). */
  deleteInvoiceLine(invoiceId: number, lineId: number, options?: RequestOptions): Promise<number>;
  /** `GET invoiceitem/filter`: the product catalogue, page by page. */
  listInvoiceItems(filter?: InvoiceItemFilter, page?: PageOptions): PagedList<InvoiceItem>;
  /** `GET invoiceitem/{id}`. */
  getInvoiceItem(itemId: number, options?: RequestOptions): Promise<InvoiceItem>;
  /** `POST invoiceitem` (admin): tax IDs are checked first (an unknown one breaks every later read). */
  createInvoiceItem(input: NewInvoiceItem, options?: RequestOptions): Promise<InvoiceItem>;
  /** `PUT invoiceitem/{id}` (admin): reads the product and sends it whole with `changes`. */
  updateInvoiceItem(
    itemId: number,
    changes: InvoiceItemChanges,
    options?: RequestOptions,
  ): Promise<InvoiceItem>;
  /** `DELETE invoiceitem/{id}` (admin): an `InUseError` when an invoice line uses it. */
  deleteInvoiceItem(itemId: number, options?: RequestOptions): Promise<InvoiceItem>;
  /** `DELETE invoiceitem?ids=…` (admin): those no line uses; the others are skipped. */
  deleteInvoiceItems(itemIds: number[], options?: RequestOptions): Promise<InvoiceItem[]>;
  /** `GET invoice/tax`. */
  listInvoiceTaxes(options?: RequestOptions): Promise<InvoiceTax[]>;
  /** `POST invoice/tax` (admin). */
  createInvoiceTax(input: NewInvoiceTax, options?: RequestOptions): Promise<InvoiceTax>;
  /**
   * `PUT invoice/tax/{id}` (admin): reads the taxes and sends this one whole with `changes`. A
   * new rate changes the cost of every invoice using it, Sent and Paid ones included.
   */
  updateInvoiceTax(
    taxId: number,
    changes: InvoiceTaxChanges,
    options?: RequestOptions,
  ): Promise<InvoiceTax>;
  /** `DELETE invoice/tax/{id}` (admin): an `InUseError` when a product or a line uses it. */
  deleteInvoiceTax(taxId: number, options?: RequestOptions): Promise<InvoiceTax>;
  /** `GET invoice/{id}`: the invoice with its lines and `cost` (403 when you may not read it). */
  getInvoice(invoiceId: number, options?: RequestOptions): Promise<Invoice>;
  /**
   * `GET invoice/bynumber`. The portal leaves out contact, consignee, deal and lines here, and
   * `cost` is 0: use `getInvoice(found.id)` for the whole invoice.
   */
  getInvoiceByNumber(number: string, options?: RequestOptions): Promise<Invoice>;
  /** `GET invoice/bynumber/exist`: whether any invoice of the portal has that number. */
  invoiceNumberExists(number: string, options?: RequestOptions): Promise<boolean>;
  /** `GET invoice/filter`: `await` it for one page, `for await` it for every invoice. */
  listInvoices(filter?: InvoiceFilter, page?: PageOptions): PagedList<InvoiceBase>;
  /** `GET contact/invoicelist/{id}`: the invoices whose buyer is the contact. */
  listContactInvoices(contactId: number, options?: RequestOptions): Promise<InvoiceBase[]>;
  /** `GET opportunity/invoicelist/{id}`: the invoices linked to the deal. */
  listDealInvoices(dealId: number, options?: RequestOptions): Promise<InvoiceBase[]>;
  /** `GET invoice/sample`: a new invoice's defaults, with the suggested (not reserved) next number. */
  getInvoiceSample(options?: RequestOptions): Promise<Invoice>;
  /** `GET invoice/jsondata/{id}`: the PDF snapshot (addresses, lines, totals) as the portal stored it. */
  getInvoiceData(invoiceId: number, options?: RequestOptions): Promise<InvoiceData>;
  /**
   * `POST invoice`: a Draft with its lines. Without `number` the portal's next one is taken from
   * `getInvoiceSample()`; a number already taken is refused before sending
   * (`InvoiceNumberTakenError`). Never repeated: after a time-out, a lost connection or a 400 it
   * asks `invoiceNumberExists`, and resolves to the invoice found under the number when it holds
   * what was sent (buyer, currency, terms, lines); one that does not is another user's
   * (`InvoiceNumberTakenError`). A create that took effect but cannot be read back, or whose
   * effect could not be checked, is an `InvoiceCreateAnswerLostError`.
   */
  createInvoice(input: NewInvoice, options?: RequestOptions): Promise<Invoice>;
  /**
   * `POST invoice`, the one request of `createInvoice` without its checks: the number is the
   * caller's, nothing is asked before or after, and a lost answer is the caller's to resolve
   * (`invoiceNumberExists`). Never repeated after it may have taken effect. Prefer `createInvoice`.
   */
  submitInvoice(input: InvoiceSubmission, options?: RequestOptions): Promise<Invoice>;
  /**
   * `PUT invoice/{id}`: reads the invoice (and its snapshot, for the addresses) and sends it back
   * whole with `changes`, because the portal clears whatever is left out and recreates every
   * line. Refused for an invoice that is not a Draft (the portal would answer 404).
   */
  updateInvoice(
    invoiceId: number,
    changes: InvoiceChanges,
    options?: RequestOptions,
  ): Promise<Invoice>;
  /** `DELETE invoice/{id}`, in any status; stock and PDF files stay. Resolves to it (`cost` 0). */
  deleteInvoice(invoiceId: number, options?: RequestOptions): Promise<InvoiceBase>;
  /** `DELETE invoice?invoiceids=…`: those you may delete among `invoiceIds` (the others are skipped). */
  deleteInvoices(invoiceIds: number[], options?: RequestOptions): Promise<InvoiceBase[]>;
  /**
   * `PUT invoice/status/{status}`: reads the invoices, refuses a transition the portal would
   * ignore, and says which invoices changed, which did not and which IDs the portal dropped. A
   * 403 after the change is an `InvoiceStatusPartlyAppliedError`.
   */
  setInvoicesStatus(
    invoiceIds: number[],
    status: InvoiceStatus,
    options?: RequestOptions,
  ): Promise<InvoiceStatusResult>;
}

/** The transitions the portal makes (InvoiceDao.cs:81-88); any other answers 200, unchanged. */
export const INVOICE_TRANSITIONS: Readonly<Record<number, readonly number[]>> = {
  [InvoiceStatus.Draft]: [InvoiceStatus.Sent],
  [InvoiceStatus.Sent]: [InvoiceStatus.Paid, InvoiceStatus.Rejected],
  [InvoiceStatus.Rejected]: [InvoiceStatus.Draft],
  [InvoiceStatus.Paid]: [InvoiceStatus.Sent],
};

const STATUS_NAMES = ["", "Draft", "Sent", "Rejected", "Paid", "Archived"];

/** The way back to Draft by the transitions above, per status; an Archived invoice has none. */
const BACK_TO_DRAFT = ["", "", "Sent → Rejected", "Rejected", "Paid → Sent → Rejected"];

const status: Check<number> = (name, value) => checkWhole(name, value, 1, 5);

/** A reference that can be cleared: an ID, or 0, which the portal stores for "none". */
const idOrNone: Check<number> = (name, value) => checkWhole(name, value, 0);

/** An invoice number: one line, at most 255 characters (its column). */
const invoiceNumber: Check<string> = (name, value) => {
  if (/[\r\n]/.test(text(name, value)) || (value as string).length > 255) {
    throw new RangeError(`${name} must be one line of at most 255 characters`);
  }
  return value as string;
};

/** A line's fields for the `invoiceline` routes, where they are top-level parameters. */
const lineRouteFields: Fields = {
  itemId: ["invoiceItemId", id],
  quantity: ["quantity", money],
  price: ["price", money],
  discount: ["discount", percent],
  tax1Id: ["invoiceTax1Id", idOrNone],
  tax2Id: ["invoiceTax2Id", idOrNone],
  description: ["description", anyText],
};

/**
 * A Draft invoice, read first: for any other, the line routes answer 403 and `PUT invoice/{id}`
 * 404 (`refusal`).
 */
async function draft(methods: InvoiceMethods, invoiceId: number, options: object, refusal = 403) {
  const now = await methods.getInvoice(invoiceId, options);
  const state = now.status.id;
  if (state !== InvoiceStatus.Draft) {
    const back = BACK_TO_DRAFT[state];
    throw new RangeError(
      `invoice ${invoiceId} is ${STATUS_NAMES[state]}: only a Draft can be edited ` +
        `(the portal would answer ${refusal}). ` +
        (back ? `Move it ${back} → Draft first` : "It cannot go back to Draft"),
    );
  }
  return now;
}

/** The line as it is, with `changes`, whole: the portal sets what is left out to 0 or empty. */
const lineChanges: ReadFirst = async (value, wire, { crm, options }) => {
  const given = shaped({ name: "changes", fields: lineRouteFields }, value);
  const now = await draft(crm as InvoiceMethods, wire.invoiceId as number, options);
  const line = now.invoiceLines?.find((l) => l.id === wire.id);
  if (!line) throw new RangeError(`line ${wire.id as number} is not on invoice ${now.id}`);
  Object.assign(
    wire,
    {
      invoiceItemId: line.invoiceItemID,
      invoiceTax1Id: line.invoiceTax1ID,
      invoiceTax2Id: line.invoiceTax2ID,
      quantity: money("quantity", line.quantity),
      price: money("price", line.price),
      discount: percent("discount", line.discount),
      ...(line.description != null && { description: line.description }),
      sortOrder: line.sortOrder,
    },
    given,
  );
};

/** Refuses the last line (the portal answers 500) and a line of another invoice. */
const lastLine: ReadFirst = async (value, wire, { crm, options }) => {
  const lineId = id("lineId", value);
  const now = await draft(crm as InvoiceMethods, wire.invoiceId as number, options);
  const lines = now.invoiceLines ?? [];
  if (!lines.some((l) => l.id === lineId)) {
    throw new RangeError(`line ${lineId} is not on invoice ${now.id}`);
  }
  if (lines.length === 1) {
    throw new RangeError(
      `line ${lineId} is the invoice's last line: the portal cannot delete it (it answers 500). ` +
        "Delete the invoice, or add another line first",
    );
  }
  delete wire.invoiceId; // the route takes the line's ID only
  wire.id = lineId;
};

const itemFields: Fields = {
  title: ["title", text],
  price: ["price", positiveMoney],
  description: ["description", anyText],
  sku: ["sku", anyText],
  trackInventory: ["trackInventory", flag],
  stockQuantity: ["stockQuantity", money],
  tax1Id: ["invoiceTax1id", idOrNone],
  tax2Id: ["invoiceTax2id", idOrNone],
};

/** Tax IDs the portal has: an unknown one is saved and then every read of the item is a 500. */
async function knownTaxes(written: Wire, crm: unknown, options: object): Promise<void> {
  const wanted = [written.invoiceTax1id, written.invoiceTax2id].filter((t) => t) as number[];
  if (!wanted.length) return;
  const taxes = await (crm as InvoiceMethods).listInvoiceTaxes(options);
  for (const taxId of wanted) {
    if (!taxes.some((t) => t.id === taxId)) {
      throw new RangeError(
        `tax ${taxId} does not exist: the portal would save it, and every later read of the product would fail (500)`,
      );
    }
  }
}

const newItem: ReadFirst = async (value, wire, { crm, options }) => {
  const written = shaped(
    { name: "input", fields: itemFields, required: ["title", "price"] },
    value,
  );
  await knownTaxes(written, crm, options);
  Object.assign(wire, written);
};

const itemChanges: ReadFirst = async (value, wire, { crm, options }) => {
  const given = shaped({ name: "changes", fields: itemFields }, value);
  await knownTaxes(given, crm, options);
  const now = await (crm as InvoiceMethods).getInvoiceItem(wire.invoiceitemid as number, options);
  Object.assign(
    wire,
    {
      title: now.title,
      price: money("price", now.price),
      description: now.description,
      sku: now.stockKeepingUnit,
      trackInventory: now.trackInvenory,
      // Sent back as it is, below 0 too (sales move it unchecked); the user's own value may not be.
      stockQuantity: signedMoney("stockQuantity", now.stockQuantity),
      invoiceTax1id: now.invoiceTax1?.id ?? 0,
      invoiceTax2id: now.invoiceTax2?.id ?? 0,
    },
    given,
  );
};

const taxFields: Fields = {
  name: ["name", text],
  // The portal takes any rate (facts I25): below 0 is a withholding tax, and the cost follows.
  rate: ["rate", signedMoney],
  description: ["description", anyText],
};

const taxChanges: ReadFirst = async (value, wire, { crm, options }) => {
  const given = shaped({ name: "changes", fields: taxFields }, value);
  const now = (await (crm as InvoiceMethods).listInvoiceTaxes(options)).find(
    (t) => t.id === wire.id,
  );
  if (!now) throw new RangeError(`tax ${wire.id as number} does not exist`);
  Object.assign(
    wire,
    { name: now.name, rate: signedMoney("rate", now.rate), description: now.description ?? "" },
    given,
  );
};

/** A 403 on a delete of a product or a tax: in use (or not an admin), not a bare "Access Denied". */
const inUse =
  (what: string) =>
  (error: unknown, { args }: Done) =>
    error instanceof PermissionDeniedError
      ? new InUseError(
          `${what} ${args[0] as number} is in use (or you are not a CRM admin): the portal refused to delete it`,
          { cause: error },
        )
      : undefined;

/** One line under exactly the names the server binds (facts §1.2): `invoiceTax1Id` would drop the tax. */
const line: Check<Wire> = (name, value) =>
  shaped(
    {
      name,
      fields: {
        itemId: ["invoiceItemID", id],
        quantity: ["quantity", money],
        price: ["price", money],
        discount: ["discount", percent],
        tax1Id: ["invoiceTax1ID", idOrNone],
        tax2Id: ["invoiceTax2ID", idOrNone],
        description: ["description", anyText],
      },
      required: ["itemId", "quantity", "price"],
    },
    value,
  );

const lines: Check<Wire[]> = (name, value) => list(name, value, line);

const invoiceFields: Fields = {
  number: ["number", invoiceNumber],
  contactId: ["contactId", id],
  consigneeId: ["consigneeId", idOrNone],
  dealId: ["entityId", idOrNone],
  issueDate: ["issueDate", date],
  dueDate: ["dueDate", date],
  currency: ["currency", currencyCode],
  exchangeRate: ["exchangeRate", positiveMoney],
  terms: ["terms", text],
  purchaseOrderNumber: ["purchaseOrderNumber", anyText],
  description: ["description", anyText],
  language: ["language", anyText],
  templateType: ["templateType", (n, v) => checkWhole(n, v, 0, 1)],
  billingAddressId: ["billingAddressID", idOrNone],
  deliveryAddressId: ["deliveryAddressID", idOrNone],
  lines: ["invoiceLines", lines],
};

const newInvoice: Shape = {
  name: "input",
  fields: invoiceFields,
  required: ["contactId", "issueDate", "dueDate", "currency", "terms", "lines"],
};

/**
 * `createInvoice`: the number from the sample when none is given (the numbering settings alone
 * would collide), refused when taken; one POST, never repeated. After a 400 or a lost answer, the
 * number tells whether it took effect (a retried create that had succeeded is a 400 too, facts
 * I9), and the invoice found under it is ours only if it holds what was sent: another user may
 * have taken the number between the check and the create.
 */
async function createInvoice(
  { crm }: { crm: unknown },
  input: NewInvoice,
  options: RequestOptions = {},
): Promise<Invoice> {
  const sent = shaped(newInvoice, input); // refused before anything is sent
  const methods = crm as InvoiceMethods;
  // A number given is not empty (checked above): only the sample's may be missing.
  const number = input.number ?? (await methods.getInvoiceSample(options)).number;
  if (!number) {
    throw new RangeError(
      "input.number is required: the portal's automatic numbering is off (getInvoiceSample has no number)",
    );
  }
  if (await methods.invoiceNumberExists(number, options)) throw new InvoiceNumberTakenError(number);
  try {
    return await methods.submitInvoice({ ...input, number }, options);
  } catch (error) {
    if (!(error instanceof BadRequestError || error instanceof ConnectionError)) throw error;
    let exists: boolean;
    try {
      exists = await methods.invoiceNumberExists(number, options);
    } catch {
      throw new InvoiceCreateAnswerLostError(number, "unknown", { cause: error });
    }
    if (!exists) throw error; // nothing was created: the failure is the news
    let found: Invoice;
    try {
      found = await methods.getInvoice(
        (await methods.getInvoiceByNumber(number, options)).id,
        options,
      );
    } catch {
      throw new InvoiceCreateAnswerLostError(number, true, { cause: error });
    }
    if (holds(found, sent)) return found;
    throw new InvoiceNumberTakenError(number, { cause: error });
  }
}

/** Whether the invoice is the one `sent` describes (buyer, currency, terms, every line). */
function holds(found: Invoice, sent: Wire): boolean {
  const lines = sent.invoiceLines as Wire[];
  return (
    found.contact?.id === sent.contactId &&
    found.currency.abbreviation === sent.currency &&
    (found.terms ?? "") === sent.terms &&
    found.invoiceLines?.length === lines.length &&
    lines.every((l, i) => {
      const got = found.invoiceLines![i] as unknown as Wire;
      return [
        "invoiceItemID",
        "quantity",
        "price",
        "discount",
        "invoiceTax1ID",
        "invoiceTax2ID",
      ].every((k) => Number(got[k] ?? 0) === Number(l[k] ?? 0));
    })
  );
}

/** `waitForInvoicePdf`: the conversion started once, then polled with its own key. */
async function waitForInvoicePdf(
  { crm }: { crm: unknown },
  invoiceId: number,
  options?: WaitOptions,
): Promise<InvoiceFile> {
  id("invoiceId", invoiceId); // checked before anything is sent
  const methods = crm as InvoiceMethods;
  let data: InvoiceConverterData | undefined;
  await waitFor(async (o) => {
    const { storageUrl, revisionId } = data ?? {};
    data = await methods.getInvoiceConverterData(
      storageUrl && revisionId ? { invoiceId, storageUrl, revisionId } : { invoiceId },
      o,
    );
    return { isCompleted: data.fileId > 0 };
  }, options);
  return methods.getInvoicePdf(invoiceId, options); // a request takes no notice of waitMs, intervalMs
}

const { number: _number, ...changeFields } = invoiceFields;

/** The snapshot, a string of JSON (facts I3), parsed; the address IDs are only there. */
function parseSnapshot(text: string): InvoiceData {
  let snapshot: Record<string, unknown> = {};
  try {
    const data: unknown = JSON.parse(text); // "" throws too: no snapshot
    if (isObject(data)) snapshot = data as Record<string, unknown>;
  } catch {} // an unreadable snapshot holds nothing we could use
  const idOf = (key: string) => (typeof snapshot[key] === "number" ? (snapshot[key] as number) : 0);
  return {
    billingAddressId: idOf("BillingAddressID"),
    deliveryAddressId: idOf("DeliveryAddressID"),
    snapshot,
  };
}

/** The portal's answer held against the request: what moved, what did not, what it dropped. */
function statusResult(response: InvoiceStatusChange, { args }: Done): InvoiceStatusResult {
  const [asked, target] = args as [number[], number]; // checked before sending
  const changed = response.key.filter((i) => i.status.id === target);
  return {
    changed,
    unchanged: response.key.filter((i) => i.status.id !== target),
    dropped: asked.filter((id) => !response.key.some((i) => i.id === id)),
    items: response.value,
  };
}

/** The invoice as the portal holds it, with `changes`, whole: the portal clears what is left out. */
const invoiceChanges: ReadFirst = async (value, wire, { crm, options }) => {
  // Anything of a new invoice but its number (immutable after create).
  const given = shaped({ name: "changes", fields: changeFields }, value);
  const methods = crm as InvoiceMethods;
  const invoiceId = wire.invoiceid as number;
  const now = await draft(methods, invoiceId, options, 404);
  const addresses = await methods.getInvoiceData(invoiceId, options);
  Object.assign(
    wire,
    {
      issueDate: now.issueDate,
      dueDate: now.dueDate,
      contactId: now.contact?.id ?? 0,
      consigneeId: now.consignee?.id ?? 0,
      entityId: now.entity?.entityId ?? 0,
      billingAddressID: addresses.billingAddressId,
      deliveryAddressID: addresses.deliveryAddressId,
      currency: now.currency.abbreviation,
      exchangeRate: money("exchangeRate", now.exchangeRate),
      language: now.language ?? "",
      templateType: now.templateType,
      terms: now.terms ?? "",
      purchaseOrderNumber: now.purchaseOrderNumber ?? "",
      ...(now.description != null && { description: now.description }),
      invoiceLines: (now.invoiceLines ?? []).map((l) => ({
        invoiceItemID: l.invoiceItemID,
        invoiceTax1ID: l.invoiceTax1ID,
        invoiceTax2ID: l.invoiceTax2ID,
        quantity: money("quantity", l.quantity),
        price: money("price", l.price),
        discount: percent("discount", l.discount),
        ...(l.description != null && { description: l.description }),
      })),
    },
    given,
  );
  // An address is its contact's: kept across a new buyer or consignee, the portal answers 400.
  for (const [owner, was, field] of [
    ["contactId", now.contact?.id, "billingAddressId"],
    ["consigneeId", now.consignee?.id ?? 0, "deliveryAddressId"],
  ] as const) {
    const address = changeFields[field]![0];
    if (owner in given && given[owner] !== was && !(address in given) && wire[address]) {
      throw new RangeError(
        `changes.${owner} replaces contact ${was}, whose address the invoice has: the portal ` +
          `would refuse it (400). Give changes.${field} too (0 for none)`,
      );
    }
  }
};

/** Reads the invoices and refuses a transition the portal would answer 200 without making. */
const transition: ReadFirst = async (value, wire, { crm, options }) => {
  const target = status("status", value);
  const methods = crm as InvoiceMethods;
  let found = 0;
  for (const invoiceId of wire.invoiceids as number[]) {
    let now: InvoiceStatusInfo;
    try {
      now = (await methods.getInvoice(invoiceId, options)).status;
    } catch (error) {
      // Missing or hidden: the portal drops it silently; the result lists it as dropped.
      if (error instanceof NotFoundError || error instanceof PermissionDeniedError) continue;
      throw error;
    }
    found++;
    if (!INVOICE_TRANSITIONS[now.id]?.includes(target)) {
      throw new RangeError(
        `invoice ${invoiceId} cannot go from ${STATUS_NAMES[now.id]} to ${STATUS_NAMES[target]}: ` +
          `the portal would answer 200 and leave it unchanged (allowed from ${STATUS_NAMES[now.id]}: ` +
          `${INVOICE_TRANSITIONS[now.id]?.map((s) => STATUS_NAMES[s]).join(" or ") ?? "none"})`,
      );
    }
  }
  if (!found) {
    // Nothing left to change: the portal answers a bare 400 (InvoiceDao.cs:557-558).
    throw new RangeError(
      `none of the invoices ${(wire.invoiceids as number[]).join(", ")} exists or is yours to see: ` +
        "the portal would change nothing and answer 400",
    );
  }
  wire.status = target;
};

/** The portal's sort names are the user's in lower case. */
const sortWords = (...words: string[]) =>
  Object.fromEntries(words.map((word) => [word, word.toLowerCase()]));

const invoiceId: Arg = ["invoiceId", "invoiceid", id];
const numberArg: Arg = ["number", "number", invoiceNumber];

/** The invoice filter: a contact or a deal is `entityType` + `entityid` (one of them alone gives []). */
const invoiceFilter: Shape = {
  name: "filter",
  fields: {
    status: ["status", status],
    issuedFrom: ["issueDateFrom", date],
    issuedTo: ["issueDateTo", date],
    dueFrom: ["dueDateFrom", date],
    dueTo: ["dueDateTo", date],
    contactId: ["contact", id],
    dealId: ["opportunity", id],
    currency: ["currency", currencyCode],
    search: ["filterValue", searchText],
    sortBy: ["sortBy", sortWords("number", "issueDate", "contact", "dueDate", "status", "id")],
    sortOrder: ["sortOrder", { asc: "ascending", desc: "descending" }],
  },
  // Written under the entity type's name, then moved to `entityType` + `entityid`.
  rule: (written) => {
    for (const entityType of ["contact", "opportunity"]) {
      if (written[entityType] === undefined) continue;
      if (written.entityType) {
        throw new RangeError(
          "filter takes contactId or dealId, not both: the portal filters on one",
        );
      }
      Object.assign(written, { entityType, entityid: written[entityType] });
      delete written[entityType];
    }
  },
};

const invoiceOps = {
  listContactInvoices: "listEntityInvoices",
  listDealInvoices: "listEntityInvoices",
  submitInvoice: "createInvoice",
} as const;

/** The methods that are one request each (`createInvoice` is a composite around `submitInvoice`). */
type InvoiceRequests = Omit<InvoiceMethods, "createInvoice" | "waitForInvoicePdf">;

/** Numbering: the three are written together, so the current prefix and number are kept. */
const numbering: ReadFirst = async (value, wire, { crm, options }) => {
  const given = shaped(
    {
      name: "numbering",
      fields: {
        autogenerated: ["autogenerated", flag],
        prefix: ["prefix", anyText],
        number: ["number", anyText],
      },
      required: ["autogenerated"],
    },
    value,
  );
  const now = await (crm as InvoiceMethods).getInvoiceSettings(options);
  Object.assign(wire, { prefix: now.prefix ?? "", number: now.number ?? "" }, given);
  if (wire.autogenerated && !wire.number) {
    throw new RangeError(
      "numbering.number is required with autogenerated: true (the portal answers 400)",
    );
  }
};

export const invoiceLines = {
  getInvoiceSettings: [],
  setInvoiceNumbering: [numbering],
  setInvoiceTerms: [["terms", "terms", anyText]],
  setInvoiceCreated: [invoiceId, ["date", "creationDate", date]],
  setInvoiceModified: [invoiceId, ["date", "lastModifedDate", date]],
  getInvoicePdf: [invoiceId],
  getInvoiceConverterData: [
    // Both or neither: one alone makes the portal start another conversion.
    {
      name: "input",
      fields: {
        invoiceId: ["invoiceId", id],
        storageUrl: ["storageUrl", text],
        revisionId: ["revisionId", text],
      },
      required: ["invoiceId"],
      rule: (written) => {
        if ((written.storageUrl === undefined) !== (written.revisionId === undefined)) {
          throw new RangeError(
            "input needs storageUrl and revisionId together (as the previous answer gave them), or neither to start",
          );
        }
      },
    },
  ],
  addInvoiceLine: [
    ["invoiceId", "invoiceId", id],
    { name: "line", fields: lineRouteFields, required: ["itemId", "quantity", "price"] },
  ],
  updateInvoiceLine: [["invoiceId", "invoiceId", id], ["lineId", "id", id], lineChanges],
  deleteInvoiceLine: [["invoiceId", "invoiceId", id], lastLine],
  listInvoiceItems: [
    {
      name: "filter",
      fields: {
        tracked: ["inventoryStock", flag],
        search: ["filterValue", searchText],
        sortBy: ["sortBy", sortWords("name", "price", "quantity", "sku", "created", "id")],
        sortOrder: ["sortOrder", { asc: "ascending", desc: "descending" }],
      },
    },
  ],
  getInvoiceItem: [["itemId", "invoiceitemid", id]],
  createInvoiceItem: [newItem],
  updateInvoiceItem: [["itemId", "invoiceitemid", id], itemChanges],
  deleteInvoiceItem: [["itemId", "invoiceitemid", id]],
  deleteInvoiceItems: [["itemIds", "ids", ids]],
  listInvoiceTaxes: [],
  createInvoiceTax: [
    {
      name: "input",
      fields: taxFields,
      required: ["name", "rate"],
      // `description` always sent, as null would go into a NOT NULL column (a 500).
      rule: (written) => {
        written.description ??= "";
      },
    },
  ],
  updateInvoiceTax: [["taxId", "id", id], taxChanges],
  deleteInvoiceTax: [["taxId", "id", id]],
  getInvoice: [invoiceId],
  getInvoiceByNumber: [numberArg],
  invoiceNumberExists: [numberArg],
  listInvoices: [invoiceFilter],
  listContactInvoices: [["contactId", "entityid", id]],
  listDealInvoices: [["dealId", "entityid", id]],
  getInvoiceSample: [],
  getInvoiceData: [invoiceId],
  submitInvoice: [
    // What a create sends: a number is required here (the composite takes the sample's).
    {
      ...newInvoice,
      required: ["contactId", "issueDate", "dueDate", "currency", "terms", "lines", "number"],
      rule: (written) => {
        written.exchangeRate ??= "1";
        written.language ??= "";
        written.templateType ??= 0;
      },
    },
  ],
  updateInvoice: [invoiceId, invoiceChanges],
  deleteInvoice: [invoiceId],
  deleteInvoices: [["invoiceIds", "invoiceids", ids]],
  setInvoicesStatus: [["invoiceIds", "invoiceids", ids], transition],
} satisfies LinesFor<typeof invoicesOperations, InvoiceRequests, typeof invoiceOps>;

/** Invoices and their lines: pass it to `createCrmClientFor`. */
export const invoices: Area<InvoiceMethods> = {
  operations: invoicesOperations,
  lines: invoiceLines,
  of: invoiceOps,
  bound: {
    listContactInvoices: { entityType: "contact" },
    listDealInvoices: { entityType: "opportunity" },
    // Last: lines are ordered by sortOrder alone (InvoiceLineDao.cs:123-126); 0 sorts it first.
    addInvoiceLine: { sortOrder: INT32_MAX },
  },
  after: {
    setInvoiceCreated: () => undefined,
    setInvoiceModified: () => undefined,
    getInvoiceData: parseSnapshot,
    setInvoicesStatus: statusResult,
  },
  errors: {
    deleteInvoiceItem: inUse("product"),
    deleteInvoiceTax: inUse("tax"),
    setInvoicesStatus: (error, { args }) =>
      error instanceof PermissionDeniedError
        ? new InvoiceStatusPartlyAppliedError(args[0] as number[], { cause: error })
        : undefined,
  },
  composites: { createInvoice, waitForInvoicePdf },
  hooks,
};
