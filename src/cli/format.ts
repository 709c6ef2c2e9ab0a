// What the CLI prints for people: portal text decoded and defanged, dates in the portal's own
// wall-clock time, short summaries and aligned tables.
import { decodeHtml } from "../core/html";
import {
  ContactInfoType,
  CustomFieldType,
  parseApiDateTime,
  type Case,
  type Company,
  type Employee,
  type Person,
} from "../index";

// Portal text is HTML-encoded (`O&#39;Brien`) and could hold terminal escape sequences: decode
// it (the library's `decodeHtml`) and drop control characters before a person reads it.
export function plain(text: string): string {
  return decodeHtml(text).replace(/[\u0000-\u001f\u007f-\u009f]/g, " ");
}

export function when(value: string | undefined): string {
  if (!value) return "unknown";
  try {
    const parsed = parseApiDateTime(value);
    if (!parsed) return "no date";
    // The portal's own wall-clock time and offset, without the seven fraction digits.
    return `${value.slice(0, 10)} ${value.slice(11, 19)} ${parsed.offset === "Z" ? "UTC" : parsed.offset}`;
  } catch {
    return plain(value);
  }
}

const names = (people: Employee[] | undefined) =>
  (people ?? []).map((person) => plain(person.displayName)).join(", ");

export function describeCase(c: Case): string {
  const members = c.members.map(
    (member) => `${plain(member.displayName)}${member.isCompany ? " (company)" : ""}`,
  );
  const lines = [
    `Case ${c.id}: ${plain(c.title)}`,
    `  status:   ${c.isClosed ? "closed" : "open"}`,
    `  access:   ${c.isPrivate ? `private (${names(c.accessList) || "nobody listed"})` : "public"}`,
    `  created:  ${when(c.created)} by ${plain(c.createBy.displayName)}`,
    `  members:  ${members.length ? members.join(", ") : "none"}`,
  ];
  // A heading groups fields and has no value.
  for (const field of c.customFields.filter((f) => f.fieldType !== CustomFieldType.Heading)) {
    lines.push(`  ${plain(field.label)}: ${plain(field.fieldValue)}`);
  }
  return lines.join("\n");
}

export function describeContact(contact: Person | Company): string {
  const lines = [
    `Contact ${contact.id}: ${plain(contact.displayName)} (${contact.isCompany ? "company" : "person"})`,
  ];
  if (!contact.isCompany) {
    if (contact.title) lines.push(`  title:    ${plain(contact.title)}`);
    if (contact.company)
      lines.push(`  company:  ${plain(contact.company.displayName)} (${contact.company.id})`);
  }
  lines.push(`  access:   ${contact.isPrivate ? "private" : "shared"}`);
  for (const info of contact.commonData) {
    const kind = ContactInfoType[info.infoType] ?? "other";
    lines.push(
      `  ${`${kind.toLowerCase()}:`.padEnd(9)} ${plain(info.data)}${info.isPrimary ? " (primary)" : ""}`,
    );
  }
  lines.push(`  created:  ${when(contact.created)} by ${plain(contact.createBy.displayName)}`);
  return lines.join("\n");
}

/** Rows as aligned columns under a header; every cell defanged. */
export function table(header: string[], rows: (string | number)[][]): string {
  const cells = [header, ...rows.map((row) => row.map((cell) => plain(String(cell))))];
  const widths = header.map((_, i) => Math.max(...cells.map((row) => row[i]!.length)));
  return cells
    .map((row) =>
      row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!))).join("  "),
    )
    .join("\n");
}
