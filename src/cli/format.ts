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

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/;
/** The words that name a thing; its column goes last, where a long value does no harm. */
const NAMES = ["displayName", "title", "name", "label", "content"];

/** One value for a person: a date in the portal's time, a thing by its name, a list by its size. */
function cell(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return DATE_TIME.test(value) ? when(value) : value;
  if (Array.isArray(value)) {
    return value.every((v) => typeof v !== "object")
      ? value.join(", ")
      : `${value.length} item${value.length === 1 ? "" : "s"}`;
  }
  if (typeof value === "object") {
    const named = NAMES.map((n) => (value as Record<string, unknown>)[n]).find(
      (v) => typeof v === "string",
    );
    return named !== undefined ? String(named) : JSON.stringify(value).slice(0, 60);
  }
  return String(value);
}

/** The columns of a table of `rows`: the ID first, its name last, at most seven. */
export function columns(rows: readonly unknown[]): string[] {
  const keys: string[] = [];
  for (const row of rows.slice(0, 20)) {
    if (row && typeof row === "object" && !Array.isArray(row)) {
      for (const key of Object.keys(row)) if (!keys.includes(key)) keys.push(key);
    }
  }
  const name = NAMES.find((n) => keys.includes(n));
  const rest = keys.filter((k) => k !== "id" && k !== name);
  return [
    ...(keys.includes("id") ? ["id"] : []),
    ...rest.slice(0, name ? 5 : 6),
    ...(name ? [name] : []),
  ];
}

/** Rows of objects as a table under `keys`. */
export function tableOf(keys: string[], rows: readonly unknown[]): string {
  return table(
    keys.map((k) => k.toUpperCase()),
    rows.map((row) => keys.map((k) => cell((row as Record<string, unknown>)[k]))),
  );
}

/** Any answer for a person: a table of a list, the fields of an object, or the value itself. */
export function render(value: unknown): string {
  if (value === undefined || value === null) return "Done.";
  if (Array.isArray(value)) {
    if (!value.length) return "None.";
    if (value.every((v) => v && typeof v === "object")) return tableOf(columns(value), value);
    return value.map((v) => plain(cell(v))).join("\n");
  }
  if (typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>);
    const width = Math.max(...entries.map(([key]) => key.length)) + 1;
    return entries.map(([key, v]) => `${`${key}:`.padEnd(width)} ${plain(cell(v))}`).join("\n");
  }
  return plain(String(value));
}
