// The smallest real app of this package: reopen one case, with a client of the Cases part only
// (what an app that only works on cases writes). Bundled by `npm run size` and the bench.
import { cases, createCrmClientFor } from "../../dist/index.mjs";

const crm = createCrmClientFor([cases], { baseUrl: "https://portal.example.com", token: "TOKEN" });
crm.reopenCase(42).then((found) => console.log(found.title));
