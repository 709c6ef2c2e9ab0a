// The same app with the client of every part of the portal (`createCrmClient`): what the
// convenience costs. Bundled by `npm run size` and the bench.
import { createCrmClient } from "../../dist/index.mjs";

const crm = createCrmClient({ baseUrl: "https://portal.example.com", token: "TOKEN" });
crm.reopenCase(42).then((found) => console.log(found.title));
