// The contact commands: persons and companies.
import type { Company, ContactSharing, NewContactInfo, Person, ShareTypeName } from "../../index";
import { INFO_CATEGORIES, INFO_TYPES } from "../../parts/contact-info";
import { describeContact, plain, table } from "../format";
import { confirm, interactive } from "../prompt";
import { idFlag, list, printJson, UsageError, type Command, type Context } from "./shared";

const reads: Command[] = [
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

/** `--share` and `--manager`: who may see the contact, as the library takes it (required on a create). */
const sharingFlags = {
  share: {
    type: "string",
    value: "WHO",
    help: "who may see it: none (only the --manager users), read or readwrite (every CRM user)",
  },
  manager: {
    type: "string",
    multiple: true,
    value: "USERID",
    help: "a user who may see and edit it, with --share none (repeat)",
  },
} as const;

const SHARE_WORDS: Record<string, ShareTypeName> = {
  none: "none",
  read: "read",
  readwrite: "readWrite",
};

/** `--share` and `--manager` as `ContactSharing`; `--share` is required unless `optional`. */
function sharingOf(context: Context, optional = false): Partial<ContactSharing> {
  const { share } = context.flags;
  const managers = list(context.flags.manager);
  if (share === undefined) {
    if (optional && !managers) return {};
    throw new UsageError(
      "--share is required: none (with --manager USERID…), read or readwrite. Left out, the portal would show the contact to its admins only",
    );
  }
  const shareType = SHARE_WORDS[String(share).toLowerCase()];
  if (!shareType) throw new UsageError("--share must be none, read or readwrite");
  return { shareType, ...(managers && { managers }) };
}

function printContact(context: Context, contact: Person | Company, said?: string): void {
  if (context.flags.json) return printJson(context, contact);
  if (said) context.out(said);
  context.out(describeContact(contact));
}

const text = (context: Context, name: string) =>
  context.flags[name] === undefined ? undefined : String(context.flags[name]);

/** An info item's category word for `type`, checked by the library's list. */
function categoryOf(context: Context, words: readonly string[], fallback: string): string {
  const category = text(context, "category") ?? fallback;
  if (!words.includes(category)) {
    throw new UsageError(`--category must be one of ${words.join(", ")}`);
  }
  return category;
}

/** `contact add-email` and `contact add-phone`: one item of that type. */
function addInfo(type: "email" | "phone"): Command {
  const words = type === "phone" ? INFO_CATEGORIES.phone : INFO_CATEGORIES.other;
  const fallback = type === "phone" ? "mobile" : "work";
  return {
    name: `contact add-${type}`,
    args: [
      ["id", "contact ID"],
      ["text", type === "phone" ? "PHONE" : "EMAIL"],
    ],
    flags: {
      category: {
        type: "string",
        value: "WORD",
        help: `${words.join(", ")} (default ${fallback})`,
      },
      primary: { type: "boolean", help: `make it the contact's primary ${type}` },
    },
    help: `add ${type === "phone" ? "a phone number" : "an e-mail address"} to a contact (not repeated if it fails)`,
    run: async (context) => {
      const [contactId, value] = context.args as [number, string];
      const item = await context.crm().addContactInfo(contactId, {
        type,
        value,
        category: categoryOf(context, words, fallback),
        ...(context.flags.primary && { isPrimary: true }),
      } as NewContactInfo);
      if (context.flags.json) return printJson(context, item);
      context.out(`Added ${type} ${item.id} to contact ${contactId}: ${plain(item.data)}.`);
    },
  };
}

const writes: Command[] = [
  {
    name: "contact create-person",
    args: [],
    flags: {
      first: { type: "string", value: "NAME", help: "the first name" },
      last: { type: "string", value: "NAME", help: 'the last name (default "")' },
      "job-title": { type: "string", value: "TEXT", help: "the job title" },
      "company-id": { type: "string", value: "ID", help: "the person's company" },
      about: { type: "string", value: "TEXT", help: "free text" },
      ...sharingFlags,
    },
    help: "create a person: --first NAME [--last NAME] --share none|read|readwrite [--manager USERID]...",
    run: async (context) => {
      const firstName = text(context, "first");
      if (firstName === undefined) throw new UsageError("--first is required");
      const person = await context.crm().createPerson({
        firstName,
        lastName: text(context, "last") ?? "",
        jobTitle: text(context, "job-title"),
        companyId: idFlag(context, "company-id"),
        about: text(context, "about"),
        ...(sharingOf(context) as ContactSharing),
      });
      printContact(context, person, `Created person ${person.id}.`);
    },
  },
  {
    name: "contact create-company",
    args: [],
    flags: {
      name: { type: "string", value: "NAME", help: "the company's name" },
      about: { type: "string", value: "TEXT", help: "free text" },
      ...sharingFlags,
    },
    help: "create a company: --name NAME --share none|read|readwrite [--manager USERID]...",
    run: async (context) => {
      const companyName = text(context, "name");
      if (companyName === undefined) throw new UsageError("--name is required");
      const company = await context.crm().createCompany({
        companyName,
        about: text(context, "about"),
        ...(sharingOf(context) as ContactSharing),
      });
      printContact(context, company, `Created company ${company.id}.`);
    },
  },
  {
    name: "contact update",
    args: [["id", "contact ID"]],
    flags: {
      first: { type: "string", value: "NAME", help: "a person's first name" },
      last: { type: "string", value: "NAME", help: "a person's last name" },
      "job-title": { type: "string", value: "TEXT", help: "a person's job title" },
      "company-id": { type: "string", value: "ID", help: "a person's company" },
      name: { type: "string", value: "NAME", help: "a company's name" },
      about: { type: "string", value: "TEXT", help: "free text" },
      ...sharingFlags,
      "clear-industry": {
        type: "boolean",
        help: "update even though the portal resets the industry, contact type and currency",
      },
    },
    help: "change a person or a company; what you leave out stays as it is",
    details:
      "The portal's update replaces the whole contact: the client reads it first and sends back\n" +
      "what you leave out, and puts its status back. It refuses a contact with an industry,\n" +
      "contact type or currency (the portal resets them) unless --clear-industry is given.",
    run: async (context) => {
      const id = context.args[0] as number;
      const crm = context.crm();
      const about = text(context, "about");
      const clear = context.flags["clear-industry"] ? { clearIndustryTypeAndCurrency: true } : {};
      const sharing = sharingOf(context, true);
      const current = await crm.getContact(id);
      if (current.isCompany) {
        for (const flag of ["first", "last", "job-title", "company-id"]) {
          if (context.flags[flag] !== undefined)
            throw new UsageError(`--${flag} is for a person: contact ${id} is a company`);
        }
        const company = await crm.updateCompany(id, {
          companyName: text(context, "name"),
          about,
          ...sharing,
          ...clear,
        });
        return printContact(context, company, `Updated company ${id}.`);
      }
      if (context.flags.name !== undefined)
        throw new UsageError(`--name is for a company: contact ${id} is a person`);
      const person = await crm.updatePerson(id, {
        firstName: text(context, "first"),
        lastName: text(context, "last"),
        jobTitle: text(context, "job-title"),
        companyId: idFlag(context, "company-id"),
        about,
        ...sharing,
        ...clear,
      });
      printContact(context, person, `Updated person ${id}.`);
    },
  },
  {
    name: "contact delete",
    args: [["id", "contact ID"]],
    flags: { yes: { type: "boolean", help: "do not ask" } },
    help: "delete a contact with its tasks, history and contact info (asks first; --yes does not)",
    run: async (context) => {
      const id = context.args[0] as number;
      if (!context.flags.yes) {
        if (!interactive())
          throw new UsageError("not a terminal: pass --yes to delete without asking");
        const contact = await context.crm().getContact(id);
        const question = `Delete ${contact.isCompany ? "company" : "person"} ${id} "${plain(contact.displayName)}" with its tasks, history and contact info?`;
        if (!(await confirm(question))) return context.err("Nothing deleted.");
      }
      const contact = await context.crm().deleteContact(id);
      printContact(context, contact, `Deleted contact ${id}.`);
    },
  },
  {
    name: "contact info",
    args: [["id", "contact ID"]],
    help: "list a contact's phones, e-mails, addresses and other details",
    run: async (context) => {
      const items = await context.crm().listContactInfo(context.args[0] as number);
      if (context.flags.json) return printJson(context, items);
      context.out(
        items.length
          ? table(
              ["ID", "TYPE", "CATEGORY", "PRIMARY", "VALUE"],
              items.map((item) => [
                item.id,
                (INFO_TYPES[item.infoType] as string | undefined) ?? String(item.infoType),
                item.categoryName,
                item.isPrimary ? "yes" : "",
                item.address
                  ? [item.address.street, item.address.city, item.address.zip, item.address.country]
                      .filter(Boolean)
                      .join(", ")
                  : item.data,
              ]),
            )
          : "No contact info.",
      );
    },
  },
  addInfo("email"),
  addInfo("phone"),
  {
    name: "contact merge",
    args: [
      ["id", "contact ID FROM"],
      ["id", "contact ID INTO"],
    ],
    flags: { yes: { type: "boolean", help: "do not ask" } },
    help: "merge one contact into another, which keeps everything; the first is deleted (asks first)",
    run: async (context) => {
      const [fromId, intoId] = context.args as [number, number];
      if (!context.flags.yes) {
        if (!interactive())
          throw new UsageError("not a terminal: pass --yes to merge without asking");
        const [from, into] = await Promise.all([
          context.crm().getContact(fromId),
          context.crm().getContact(intoId),
        ]);
        const question = `Merge ${fromId} "${plain(from.displayName)}" into ${intoId} "${plain(into.displayName)}"? ${fromId} will be deleted.`;
        if (!(await confirm(question))) return context.err("Nothing merged.");
      }
      const merged = await context.crm().mergeContacts(fromId, intoId);
      printContact(context, merged, `Merged contact ${fromId} into ${intoId}.`);
    },
  },
];

export const contacts: Command[] = [...reads, ...writes];
