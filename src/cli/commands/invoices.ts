// The invoice commands (`invoice …`): list, show, create, send, pay and the PDF. Amounts are typed
// as decimal strings and checked by the library's money guard (two decimals, at most
// 99 999 999.99), so what a person types is what the portal stores.
import {
  InvoiceStatus,
  type CrmClient,
  type Invoice,
  type InvoiceBase,
  type InvoiceStatusResult,
  type NewInvoiceLine,
} from "../../index";
import { OnlyofficeError } from "../../core/errors";
import { money } from "../../parts/money";
import { plain, table, when } from "../format";
import { idFlag, list, parseDate, parseId, UsageError, type Command, type Context } from "./shared";

const STATUS = ["", "Draft", "Sent", "Rejected", "Paid", "Archived"];
const HEADER = ["ID", "NUMBER", "STATUS", "DUE", "CURRENCY", "COST", "BUYER"];

/** The portal's cost (two decimals as stored), for reading, not for sums. */
const amount = (value: number) => value.toFixed(2);

function row(invoice: InvoiceBase): (string | number)[] {
  return [
    invoice.id,
    plain(invoice.number),
    STATUS[invoice.status.id] ?? String(invoice.status.id),
    when(invoice.dueDate).slice(0, 10),
    invoice.currency.abbreviation,
    amount(invoice.cost),
    plain(invoice.contact?.displayName ?? ""),
  ];
}

function describe(invoice: Invoice): string {
  const lines = [
    `Invoice ${invoice.id}: ${plain(invoice.number)}`,
    `  status:   ${STATUS[invoice.status.id] ?? invoice.status.id}`,
    `  buyer:    ${plain(invoice.contact?.displayName ?? "none")}`,
    `  issued:   ${when(invoice.issueDate)}`,
    `  due:      ${when(invoice.dueDate)}`,
    `  cost:     ${amount(invoice.cost)} ${invoice.currency.abbreviation}`,
  ];
  for (const line of invoice.invoiceLines ?? []) {
    lines.push(
      `  line ${line.id}: item ${line.invoiceItemID} × ${line.quantity} at ${line.price}` +
        (line.discount ? ` −${line.discount}%` : ""),
    );
  }
  return lines.join("\n");
}

function printInvoice(context: Context, invoice: Invoice, said?: string): void {
  if (context.flags.json) return context.out(JSON.stringify(invoice, null, 2));
  if (said) context.out(said);
  context.out(describe(invoice));
}

/**
 * `--item ID:QTY[:PRICE]`: the product, the quantity and the unit price as decimal strings; the
 * price defaults to the product's own (the portal does not apply it by itself).
 */
async function parseItem(crm: CrmClient, text: string): Promise<NewInvoiceLine> {
  const parts = text.split(":");
  if (parts.length < 2 || parts.length > 3) {
    throw new UsageError(
      `--item must be ID:QUANTITY or ID:QUANTITY:PRICE, got ${JSON.stringify(text.slice(0, 40))}`,
    );
  }
  const itemId = parseId(parts[0], "--item's product ID");
  try {
    const quantity = money(`--item ${text}: the quantity`, parts[1]);
    const price =
      parts[2] !== undefined
        ? money(`--item ${text}: the price`, parts[2])
        : money("price", (await crm.getInvoiceItem(itemId)).price);
    return { itemId, quantity, price };
  } catch (error) {
    if (error instanceof RangeError || error instanceof TypeError)
      throw new UsageError(error.message);
    throw error;
  }
}

/** What a status command did, or why not: the portal answers 200 either way. */
function moved(
  context: Context,
  invoiceId: number,
  result: InvoiceStatusResult,
  to: InvoiceStatus,
) {
  const invoice = result.changed[0];
  if (!invoice) {
    if (result.dropped.includes(invoiceId)) {
      throw new OnlyofficeError(
        `invoice ${invoiceId} does not exist or you may not see it: the portal changed nothing`,
      );
    }
    const now = result.unchanged[0]!;
    throw new OnlyofficeError(
      `invoice ${invoiceId} is still ${STATUS[now.status.id]}: the portal did not make it ${STATUS[to]}`,
    );
  }
  if (context.flags.json) return context.out(JSON.stringify(result, null, 2));
  context.out(`Invoice ${invoice.id} (${plain(invoice.number)}) is now ${STATUS[to]}.`);
  for (const item of result.items) {
    context.out(`  stock of item ${item.id} (${plain(item.title)}): ${item.stockQuantity}`);
  }
}

function statusCommand(name: string, to: InvoiceStatus, help: string): Command {
  return {
    name: `invoice ${name}`,
    args: [["id", "invoice ID"]],
    help,
    run: async (context) => {
      const invoiceId = context.args[0] as number;
      moved(context, invoiceId, await context.crm().setInvoicesStatus([invoiceId], to), to);
    },
  };
}

export const invoices: Command[] = [
  {
    name: "invoice list",
    args: [],
    flags: {
      status: {
        type: "string",
        value: "STATUS",
        help: "only invoices in this status: draft, sent, rejected, paid, archived",
      },
      contact: { type: "string", value: "ID", help: "only invoices whose buyer is this contact" },
      search: { type: "string", value: "TEXT", help: "words that start words of the number" },
    },
    help: "list every matching invoice, page by page (--json: one object per line)",
    run: async (context) => {
      const { flags } = context;
      let status: InvoiceStatus | undefined;
      if (flags.status !== undefined) {
        const word = String(flags.status).toLowerCase();
        const index = STATUS.findIndex((s) => s.toLowerCase() === word);
        if (index < 1) {
          throw new UsageError(
            `--status must be draft, sent, rejected, paid or archived, got ${JSON.stringify(word.slice(0, 20))}`,
          );
        }
        status = index as InvoiceStatus;
      }
      const filter = {
        status,
        contactId: idFlag(context, "contact"),
        search: flags.search as string | undefined,
        sortBy: "id" as const, // the stable order: every invoice exactly once
      };
      const rows: (string | number)[][] = [];
      for await (const invoice of context.crm().listInvoices(filter)) {
        if (flags.json) context.out(JSON.stringify(invoice));
        else rows.push(row(invoice));
      }
      if (!flags.json) context.out(rows.length ? table(HEADER, rows) : "No invoices.");
    },
  },
  {
    name: "invoice get",
    args: [["id", "invoice ID"]],
    help: "show an invoice with its lines",
    run: async (context) =>
      printInvoice(context, await context.crm().getInvoice(context.args[0] as number)),
  },
  {
    name: "invoice create",
    args: [],
    flags: {
      contact: { type: "string", value: "ID", help: "the buyer" },
      item: {
        type: "string",
        multiple: true,
        value: "ID:QTY[:PRICE]",
        help: "a line: product, quantity, unit price (default the product's); repeat for more",
      },
      number: { type: "string", value: "TEXT", help: "the number (default: the portal's next)" },
      due: { type: "string", value: "DATE", help: "when it is due (default: the portal's terms)" },
      currency: { type: "string", value: "CODE", help: "e.g. EUR (default: the portal's)" },
      terms: { type: "string", value: "TEXT", help: "payment terms (default: the portal's)" },
    },
    help: "create a Draft invoice: --contact ID --item ID:QTY[:PRICE]... [--due DATE] [--number N]",
    details:
      "Amounts are decimal strings with at most two decimals (19.99), up to 99999999.99.\n" +
      "The create is sent once: after a lost answer, the number tells whether it took effect.",
    run: async (context) => {
      const { flags } = context;
      const contactId = idFlag(context, "contact");
      if (contactId === undefined) throw new UsageError("--contact is required: the buyer's ID");
      const items = list(flags.item);
      if (!items) throw new UsageError("--item is required: at least one ID:QTY[:PRICE]");
      const crm = context.crm();
      const lines: NewInvoiceLine[] = [];
      for (const text of items) lines.push(await parseItem(crm, text));
      const due = flags.due === undefined ? undefined : parseDate(flags.due as string, "--due");
      const sample = await crm.getInvoiceSample();
      const invoice = await crm.createInvoice({
        // The sample's number saves createInvoice a second read of it.
        number: typeof flags.number === "string" ? flags.number : sample.number || undefined,
        contactId,
        issueDate: sample.issueDate,
        dueDate: due ?? sample.dueDate,
        currency:
          typeof flags.currency === "string" ? flags.currency : sample.currency.abbreviation,
        terms: typeof flags.terms === "string" ? flags.terms : (sample.terms ?? ""),
        lines,
      });
      printInvoice(context, invoice, `Created invoice ${invoice.id} (${plain(invoice.number)}).`);
    },
  },
  statusCommand("send", InvoiceStatus.Sent, "mark a Draft invoice Sent (moves tracked stock)"),
  statusCommand("pay", InvoiceStatus.Paid, "mark a Sent invoice Paid"),
  {
    name: "invoice pdf",
    args: [["id", "invoice ID"]],
    help: "wait for the invoice's PDF and print its URL",
    run: async (context) => {
      const file = await context
        .crm()
        .waitForInvoicePdf(context.args[0] as number, { intervalMs: 1000 });
      if (context.flags.json) return context.out(JSON.stringify(file, null, 2));
      context.out(new URL(file.viewUrl ?? file.webUrl ?? "", `${context.url()}/`).href);
    },
  },
];
