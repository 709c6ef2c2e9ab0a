// The contact commands: persons and companies.
import { describeContact, table } from "../format";
import { UsageError, type Command } from "./shared";

export const contacts: Command[] = [
  {
    name: "contact get",
    args: [["id", "contact ID"]],
    help: "show a person or a company",
    run: async (context) => {
      const contact = await context.crm().getContact(context.args[0] as number);
      context.out(context.flags.json ? JSON.stringify(contact, null, 2) : describeContact(contact));
    },
  },
  {
    name: "contact search",
    args: [["text", "TEXT"]],
    flags: {
      person: { type: "boolean", help: "only persons" },
      company: { type: "boolean", help: "only companies" },
    },
    help: "find contacts by words of their name (--person or --company: only those)",
    run: async (context) => {
      const { flags } = context;
      if (flags.person && flags.company) throw new UsageError("use either --person or --company");
      const type = flags.person ? "person" : flags.company ? "company" : "any";
      const found = await context.crm().searchContacts(context.args[0] as string, { type });
      if (flags.json) return context.out(JSON.stringify(found, null, 2));
      context.out(
        found.length
          ? table(
              ["ID", "KIND", "NAME", "PHONE"],
              found.map((c) => [
                c.id,
                c.isCompany ? "company" : "person",
                c.displayName,
                c.phone?.data ?? "",
              ]),
            )
          : "No contacts.",
      );
    },
  },
];
