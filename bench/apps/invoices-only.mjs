// An app that works on invoices only: a client of the Invoices part
// (`createCrmClientFor([invoices])`), reading one invoice. Bundled by `npm run size` (issue 19's
// budget).
import { createCrmClientFor, invoices } from "../../dist/index.mjs";

const crm = createCrmClientFor([invoices], {
  baseUrl: "https://portal.example.com",
  token: "TOKEN",
});
crm.getInvoice(3).then((invoice) => console.log(invoice.number));
