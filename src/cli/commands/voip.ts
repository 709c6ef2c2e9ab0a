// The telephony commands: the portal's call log, or the caller's recent missed calls.
import type { VoipCall } from "../../index";
import { plain, table, when } from "../format";
import type { Command } from "./shared";

const CALL_HEADER = ["ID", "STATUS", "DIALLED", "FROM", "TO", "SECONDS", "CONTACT"];
// `VoipCallStatus` by number; null when the portal never set it.
const STATUS = ["incoming", "outgoing", "answered", "missed"];

function callRow(call: VoipCall): (string | number)[] {
  return [
    call.id,
    call.status === null ? "" : (STATUS[call.status] ?? String(call.status)),
    when(call.dialDate),
    plain(call.from ?? ""),
    plain(call.to ?? ""),
    call.dialDuration,
    // A call with no contact has the placeholder contact -1 (no name).
    call.contact && call.contact.id > 0 ? plain(call.contact.displayName ?? "") : "",
  ];
}

export const voip: Command[] = [
  {
    name: "calls list",
    args: [],
    flags: {
      missed: { type: "boolean", help: "only your missed calls of the last 7 days (up to 10)" },
    },
    help: "list the portal's call log, every page (--missed: your recent missed calls)",
    details:
      "The call log is every call of the portal; the portal repeats calls across pages, and each " +
      "is printed once. --json prints one call per line.",
    run: async (context) => {
      const crm = context.crm();
      const rows: (string | number)[][] = [];
      const print = (call: VoipCall) => {
        if (context.flags.json) context.out(JSON.stringify(call));
        else rows.push(callRow(call));
      };
      if (context.flags.missed) (await crm.listMissedCalls()).forEach(print);
      else for await (const call of crm.listCalls({}, { pageSize: 1000 })) print(call);
      if (!context.flags.json) context.out(rows.length ? table(CALL_HEADER, rows) : "No calls.");
    },
  },
];
