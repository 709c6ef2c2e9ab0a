// Where the CLI's commands are listed: one file per part of the portal (the part's spec tag),
// each exporting its commands. Adding a part's commands is one import and one entry here; the
// order here is the order of `--help`.
import { generic } from "./call";
import { cases } from "./cases";
import { contacts } from "./contacts";
import { files } from "./files";
import { general } from "./general";
import { history } from "./history";
import { reports } from "./reports";
import { invoices } from "./invoices";
import { money } from "./money";
import { deals } from "./deals";
import { setup } from "./setup";
import type { Command, Flag } from "./shared";
import { tags } from "./tags";
import { tasks } from "./tasks";
import { voip } from "./voip";

export const commands: readonly Command[] = [
  ...cases,
  ...history,
  ...tags,
  ...tasks,
  ...contacts,
  ...files,
  ...reports,
  ...invoices,
  ...money,
  ...voip,
  ...deals,
  ...setup,
  ...general,
  ...generic,
];

/** Every command's flags by name (the first command's help text where several take one). */
export const FLAGS: Readonly<Record<string, Flag>> = {};
for (const command of commands) {
  for (const [name, flag] of Object.entries(command.flags ?? {})) {
    (FLAGS as Record<string, Flag>)[name] ??= flag;
  }
}

export { parseId, UsageError } from "./shared";
export type { Arg, Command, Context, Flag, FlagValue } from "./shared";
