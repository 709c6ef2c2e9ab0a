// Custom field values, typed. A portal stores every value as a trimmed string
// (`crm_field_value.value`, Dao/CustomFieldDao.cs:65-108) and never checks it against the field;
// its own pages read a check box as "true" (Templates/CommonCustomFieldsTemplates.html:59, the CSV
// import writes "true"/"false": Utils/Import/CSV/ImportDeals.cs:251), a select box as one of its
// options (:124-131) and a date as an ApiDateTime (the reference page's sample,
// Wrappers/CustomFieldWrapper.cs:51-52). Shared by the parts whose records have custom fields.
import type { components, CustomFieldType as Kind } from "../../generated/schema";
import { IDEMPOTENT } from "../../generated/operations";
import { CustomFieldDefinition } from "../../generated/validate";
import { date, id, wrongType } from "../core/guards";
import { isObject } from "../core/envelope";
import { checked, type Arg, type Area, type Call, type Wire } from "../core/shapes";
import type { RequestOptions } from "../core/options";

type CustomField = components["schemas"]["CustomField"];
type Definition = components["schemas"]["CustomFieldDefinition"];

/**
 * A custom field's value as you give it: a select box takes one of its options, a check box a
 * boolean, a date a `Date` or an ISO date (`2025-06-30`, `2025-06-30T17:00:00Z`), a text field or
 * area a string or a number.
 */
export type FieldValue = string | number | boolean | Date;

/** A record's field with its value typed by the field's kind (`value`); `fieldValue` as stored. */
export type TypedCustomField = CustomField &
  (
    | { fieldType: Kind.TextField | Kind.TextArea | Kind.SelectBox; value: string }
    | { fieldType: Kind.CheckBox; value: boolean }
    | { fieldType: Kind.Heading; value: null }
    /** A `Date`, or the text as stored when the portal's own pages wrote it in the user's format. */
    | { fieldType: Kind.Date; value: Date | string }
  );

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** What the portal stores for `value`, by its kind alone (the field's definition unknown). */
export function encodeValue(name: string, value: unknown): string {
  if (typeof value === "string") return value;
  if (typeof value === "boolean") return String(value);
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new RangeError(`${name} must be a finite number`);
    return String(value);
  }
  if (value instanceof Date) {
    // The date guard's range (years 1 to 9999), without its string parsing: this check is in
    // every app that creates cases or contacts.
    const time = value.getTime();
    if (!(time > -62135596800000 && time < 253402300800000)) {
      throw new RangeError(`${name} must be a date in the years 1 to 9999`);
    }
    return value.toISOString();
  }
  throw wrongType(name, "a string, a number, a boolean or a Date", value);
}

/** `value` checked against the field's kind, as the portal's pages store it; `""` clears any. */
export function valueFor(name: string, value: unknown, field: Definition): string {
  const kind = field.fieldType as number;
  if (value === "" && kind !== 4) return "";
  if (kind === 3) {
    if (typeof value !== "boolean")
      throw wrongType(name, `a boolean (field ${field.id} is a check box)`, value);
    return String(value);
  }
  if (kind === 5) {
    if (typeof value !== "string" && !(value instanceof Date)) {
      throw wrongType(name, `a Date or an ISO date (field ${field.id} is a date)`, value);
    }
    return date(name, typeof value === "string" && DAY.test(value) ? `${value}T00:00:00Z` : value);
  }
  if (kind === 2) {
    let options: unknown;
    try {
      options = JSON.parse(field.mask);
    } catch {}
    if (typeof value !== "string") {
      throw wrongType(name, `one of the options (field ${field.id} is a select box)`, value);
    }
    if (!Array.isArray(options) || !options.includes(value.trim())) {
      throw new RangeError(
        `${name} is not an option of select box ${field.id}: use one of ${JSON.stringify(options ?? [])}`,
      );
    }
    return value; // the portal trims it
  }
  if (kind === 4)
    throw new RangeError(`${name}: field ${field.id} is a heading, which has no value`);
  if (typeof value !== "string" && typeof value !== "number") {
    throw wrongType(name, `a string or a number (field ${field.id} is text)`, value);
  }
  return encodeValue(name, value);
}

/** The field with `value` typed by its kind (the answer says the kind). */
export function typed(field: CustomField): TypedCustomField {
  const text = field.fieldValue;
  const kind = field.fieldType as number;
  let value: unknown = text;
  if (kind === 3) value = text.trim() === "true";
  else if (kind === 4) value = null;
  else if (kind === 5) {
    try {
      value = new Date(date("value", DAY.test(text) ? `${text}T00:00:00Z` : text));
    } catch {} // the user's own format, as the portal's date picker wrote it: kept as text
  }
  return { ...field, value } as TypedCustomField;
}

/**
 * `{ 3: "high", 4: true }` → `[{ key: 3, value: "high" }, { key: 4, value: "true" }]`, each value
 * encoded by its kind (`setter`: the start of the call that clears a field, `setCaseField(caseId`,
 * for the message).
 */
export function customFieldList(name: string, value: unknown, setter: string) {
  if (!isObject(value)) throw wrongType(name, "an object of field ID → value", value);
  return Object.entries(value).map(([key, fieldValue]) => {
    id(`${name} key`, /^\d+$/.test(key) ? Number(key) : NaN); // keys are field IDs
    const encoded = encodeValue(`${name}[${key}]`, fieldValue);
    // An empty value is skipped by a portal (it stores no blank value).
    if (!encoded.trim()) {
      throw new RangeError(
        `${name}[${key}] is empty, which a portal skips: clear a field with ${setter}, ${key}, "")`,
      );
    }
    return { key: Number(key), value: encoded };
  });
}

/** The entity words of the field routes (the portal's `opportunity` is the user's `deal`). */
export const fieldEntity: Arg = [
  "entity",
  "entityType",
  // A shape's check of a map of words (`checked`, in every app), not a second one (`entity`).
  (name, value) =>
    checked(name, value, {
      contact: "contact",
      person: "person",
      company: "company",
      deal: "opportunity",
      case: "case",
    }),
];

/**
 * `listFieldDefinitions` alone, for a part that checks values against their fields without
 * bringing the whole Custom fields part (its row and line are the same as there).
 */
export const fieldDefinitions: Area<{
  listFieldDefinitions(entity: string, options?: RequestOptions): Promise<Definition[]>;
}> = {
  operations: {
    // GET (METHODS[0]), so the flags are the retry rule alone.
    listFieldDefinitions: [
      "crm/{entityType}/customfield/definitions",
      IDEMPOTENT,
      { items: CustomFieldDefinition },
    ],
  },
  lines: { listFieldDefinitions: [fieldEntity] },
};

/**
 * The `customFields` of `input` (already checked by its shape into `wire.customFieldList`)
 * checked against the fields of `entityWord`, read first: a value of the wrong kind, an option a
 * select box does not have, a field of another kind of record are refused before anything is
 * written. (`input` is read only when it had field values: a left-out `changes` has none.)
 */
export async function checkFieldList(
  entityWord: string,
  input: unknown,
  wire: Wire,
  call: Call,
): Promise<void> {
  if (!wire.customFieldList) return;
  const fields = await (
    call.crm as { listFieldDefinitions(e: string, o: object): Promise<Definition[]> }
  ).listFieldDefinitions(entityWord, call.options);
  wire.customFieldList = Object.entries(
    (input as { customFields: Record<string, unknown> }).customFields,
  ).map(([key, value]) => {
    const field = fields.find((f) => f.id === Number(key));
    if (!field) throw new RangeError(`customFields key ${key} is not a ${entityWord} field`);
    return { key: field.id, value: valueFor(`customFields[${key}]`, value, field) };
  });
}
