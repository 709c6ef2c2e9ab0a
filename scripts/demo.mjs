// The main job: reopen a CRM case. By default on an embedded fake portal on 127.0.0.1; with
// ONLYOFFICE_URL and ONLYOFFICE_TOKEN set, on that portal: it reads the case (getCase), shows it,
// and asks before reopening it.
import { createInterface } from "node:readline/promises";
import { parseArgs } from "node:util";
import { createCrmClient, OnlyofficeError, parseApiDateTime } from "../dist/index.mjs";
import { startFakePortal } from "../dist/testing/index.mjs";

const { values } = parseArgs({
  options: {
    case: { type: "string", default: "42" },
    yes: { type: "boolean", short: "y", default: false },
  },
});
const caseId = Number(values.case);

function describe(c) {
  const created = parseApiDateTime(c.created);
  const when = created
    ? `${created.date.toISOString()} (portal offset ${created.offset})`
    : "no date";
  const privacy = c.isPrivate ? `private to ${c.accessList?.length ?? 0} users` : "public";
  return `case ${c.id} "${c.title}": ${c.isClosed ? "closed" : "open"}, ${privacy}, ${c.members.length} members, created ${when}`;
}

async function confirm(question) {
  if (values.yes) return true;
  if (!process.stdin.isTTY) {
    console.error("Not asking on a non-interactive terminal: pass --yes to touch a real portal.");
    return false;
  }
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  const answer = await rl.question(`${question} [y/N] `);
  rl.close();
  return /^y(es)?$/i.test(answer.trim());
}

async function main() {
  const real = process.env.ONLYOFFICE_URL && process.env.ONLYOFFICE_TOKEN;
  if (real) {
    // Reading changes nothing; the question comes before the one call that does.
    const crm = createCrmClient();
    const before = await crm.getCase(caseId);
    console.log(`before: ${describe(before)}`);
    if (!(await confirm(`Reopen case ${caseId} on ${process.env.ONLYOFFICE_URL}?`))) {
      console.log("Nothing changed.");
      return;
    }
    const after = await crm.reopenCase(caseId);
    console.log(`after:  ${describe(after)}`);
    return;
  }
  const portal = await startFakePortal();
  try {
    console.log(
      `Fake portal on ${portal.url} (set ONLYOFFICE_URL and ONLYOFFICE_TOKEN for a real one)`,
    );
    const crm = createCrmClient({ baseUrl: portal.url, token: portal.token });
    const before = await crm.getCase(caseId);
    console.log(`before: ${describe(before)}`);
    const after = await crm.reopenCase(caseId);
    for (const request of portal.requests) {
      console.log(`sent:   ${request.method} ${request.url} with Authorization: <token>, no body`);
    }
    console.log(`after:  ${describe(after)}`);
  } finally {
    await portal.close();
  }
}

main().catch((error) => {
  console.error(
    error instanceof OnlyofficeError || error instanceof RangeError
      ? `error: ${error.message}`
      : error,
  );
  process.exitCode = 1;
});
