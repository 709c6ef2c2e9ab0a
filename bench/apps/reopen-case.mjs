// The smallest real app of this package: reopen one case. Bundled by `npm run size` and the bench.
import { createCrmClient } from "../../dist/index.mjs";

const crm = createCrmClient({ baseUrl: "https://portal.example.com", token: "TOKEN" });
crm.reopenCase(42).then((found) => console.log(found.title));
