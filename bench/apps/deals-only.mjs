// An app that works on deals only: a client of the Deals part (`createCrmClientFor([deals])`),
// moving one deal to a stage. Bundled by `npm run size` (issue 18's budget).
import { createCrmClientFor, deals } from "../../dist/index.mjs";

const crm = createCrmClientFor([deals], { baseUrl: "https://portal.example.com", token: "TOKEN" });
crm.setDealStage(7, 4).then((deal) => console.log(deal.title));
