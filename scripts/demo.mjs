// The main job: one help-desk step around a case. A customer wrote again about a closed case:
// find the case by its text, reopen it, add a note saying why, tag it, and list its open tasks,
// printing each step. By default on an embedded fake portal on 127.0.0.1; with ONLYOFFICE_URL and
// ONLYOFFICE_TOKEN set, on that portal: it reads first, and asks before it changes anything.
// `npm run demo -- --help` lists its flags.
import { createInterface } from "node:readline/promises";
import { parseArgs } from "node:util";
import { createCrmClient, OnlyofficeError, parseApiDateTime } from "../dist/index.mjs";
import { startFakePortal } from "../dist/testing/index.mjs";

const HELP = `Usage: npm run demo -- [--search TEXT] [--note TEXT] [--tag TAG] [--yes]

One help-desk step around a case: a customer wrote again about a closed case, so find it by its
text, reopen it, add a note saying why, tag it, and list its open tasks, printing each step.

By default it runs on a fake portal started on 127.0.0.1 for the demo. With ONLYOFFICE_URL and
ONLYOFFICE_TOKEN set it runs on that portal: it reads first, and asks before it changes anything.

  --search TEXT   the words to find the case by (default "printer jams")
  --note TEXT     the note to add (default: "The customer wrote again: …")
  --tag TAG       the tag to add (default "customer-wrote-again")
  -y, --yes       do not ask before changing a real portal
  -h, --help      this help`;

const options = {
  search: { type: "string", default: "printer jams" },
  note: {
    type: "string",
    default: "The customer wrote again: the printer jams after the repair.",
  },
  tag: { type: "string", default: "customer-wrote-again" },
  yes: { type: "boolean", short: "y", default: false },
  help: { type: "boolean", short: "h", default: false },
};
let values;
try {
  ({ values } = parseArgs({ options }));
} catch (error) {
  // One line naming what was wrong, not parseArgs' stack.
  console.error(`demo: ${error.message.split("\n")[0]}\n\n${HELP}`);
  process.exit(2);
}
if (values.help) {
  console.log(HELP);
  process.exit(0);
}

// Portal text is HTML-encoded (`O&#39;Brien`).
const plain = (text) =>
  text.replace(/&#(\d+);/g, (_, code) => String.fromCodePoint(Number(code))).replace(/&amp;/g, "&");
const when = (value) => {
  const parsed = parseApiDateTime(value);
  return parsed ? `${value.slice(0, 16).replace("T", " ")} (${parsed.offset})` : "no date";
};
const describe = (c) =>
  `case ${c.id} "${c.title}": ${c.isClosed ? "closed" : "open"}, ${c.isPrivate ? "private" : "public"}, ` +
  `${c.members.length} contact(s): ${c.members.map((m) => plain(m.displayName)).join(", ") || "none"}`;

async function confirm(question) {
  if (values.yes) return true;
  if (!process.stdin.isTTY) {
    console.error("Not asking on a non-interactive terminal: pass --yes to change a real portal.");
    return false;
  }
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  const answer = await rl.question(`${question} [y/N] `);
  rl.close();
  return /^y(es)?$/i.test(answer.trim());
}

/** The help-desk step, on any portal; `ask` comes before the first change. */
async function run(crm, ask) {
  console.log(`1. Find the closed case about "${values.search}"`);
  const page = await crm.listCases(
    { search: values.search, isClosed: true, sortBy: "created", sortOrder: "desc" },
    { pageSize: 5 },
  );
  const found = page.items[0];
  if (!found) return console.log(`   no closed case matches "${values.search}": nothing to do.`);
  console.log(`   ${describe(found)}`);

  if (!(await ask(`Reopen case ${found.id}, add a note, tag it "${values.tag}"?`))) {
    return console.log("Nothing changed.");
  }
  console.log("2. Reopen it");
  const reopened = await crm.reopenCase(found.id);
  console.log(`   ${describe(reopened)}`);

  console.log("3. Add a note saying why");
  const categories = await crm.listHistoryCategories();
  const category = categories.find((c) => c.title === "Note") ?? categories[0];
  const note = await crm.addCaseNote(found.id, { content: values.note, categoryId: category.id });
  console.log(
    `   event ${note.id} (${note.category?.title}) at ${when(note.created)}: "${note.content}"`,
  );

  console.log(`4. Tag it "${values.tag}"`);
  await crm.addCaseTag(found.id, values.tag);
  console.log(`   tags now: ${(await crm.listCaseTags(found.id)).join(", ")}`);

  console.log("5. Its open tasks");
  let count = 0;
  for await (const task of crm.listTasks({ caseId: found.id, isClosed: false })) {
    count++;
    console.log(
      `   task ${task.id} "${task.title}", due ${when(task.deadLine)}, ${plain(task.responsible.displayName)}`,
    );
  }
  if (!count) console.log("   none");
}

async function main() {
  if (process.env.ONLYOFFICE_URL && process.env.ONLYOFFICE_TOKEN) {
    console.log(`Portal ${process.env.ONLYOFFICE_URL}: reading first, asking before any change.`);
    return run(createCrmClient(), confirm);
  }
  const portal = await startFakePortal();
  try {
    console.log(
      `Fake portal on ${portal.url} (set ONLYOFFICE_URL and ONLYOFFICE_TOKEN for a real one)`,
    );
    await run(createCrmClient({ baseUrl: portal.url, token: portal.token }), async () => true);
    console.log(`\nSent, with Authorization: <token> and no cookie:`);
    for (const request of portal.requests) {
      const body = request.body ? ` ${request.body}` : "";
      console.log(`   ${request.method} ${decodeURIComponent(request.url)}${body}`);
    }
  } finally {
    await portal.close();
  }
}

main().catch((error) => {
  console.error(
    error instanceof OnlyofficeError || error instanceof RangeError || error instanceof TypeError
      ? `error: ${error.message}`
      : error,
  );
  process.exitCode = 1;
});
