// The Custom fields controller: its routes take the entity type as a path segment
// (`{entityType}/customfield/...`). A method per kind of record (`setCaseField`, `setDealField`)
// binds it; the methods that manage the definitions take the entity as their first argument
// (`createFieldDefinition("deal", …)`).
import { customFieldsOperations } from "../../generated/operations";
import type { components } from "../../generated/schema";
import { cases, type CaseMethods } from "./cases";
import { contacts, type ContactMethods } from "./contacts";
import { dealBound, deals, type DealMethods } from "./deals";
import { checkWhole, flag, id, ids, text, texts } from "../core/guards";
import {
  encodeValue,
  fieldEntity,
  typed,
  valueFor,
  type FieldValue,
  type TypedCustomField,
} from "./field-values";
import { hooks } from "../core/hooks";
import type { RequestOptions } from "../core/options";
import {
  caseBound,
  shaped,
  type Arg,
  type Area,
  type LinesFor,
  type ReadFirst,
  type Shape,
  type Wire,
} from "../core/shapes";

/** A custom field as defined: `entityId` is -1 and `fieldValue` one space (it has no value). */
export type CustomFieldDefinition = components["schemas"]["CustomFieldDefinition"];
type CustomField = components["schemas"]["CustomField"];
export type { FieldValue, TypedCustomField } from "./field-values";

/** A kind of record with custom fields; `contact` fields apply to persons and companies. */
export type FieldEntity = "contact" | "person" | "company" | "deal" | "case";
/** A field's kind (the portal's 0–5). */
export type FieldKind = "text" | "textArea" | "select" | "checkbox" | "heading" | "date";

export interface NewFieldDefinition {
  label: string;
  type: FieldKind;
  /** A select box's options (required for one, not empty). */
  options?: string[];
  /** A text field's width in characters, 1–150 (default 40). */
  size?: number;
  /** A text area's rows (1–25, default 2) and columns (1–150, default 40). */
  rows?: number;
  cols?: number;
}

/** What to change; everything left out keeps its current value. */
export type FieldDefinitionChanges = Partial<NewFieldDefinition>;

export interface FieldMethods {
  /** `GET case/customfield/definitions`: the case fields (id, label, type, mask, position). */
  listCaseFieldDefinitions(options?: RequestOptions): Promise<CustomFieldDefinition[]>;
  /**
   * `POST case/{entityid}/customfield/{fieldid}`: sets the field's value, or clears it with `""`
   * (the only way). Reads the case and the fields first: a portal would store a value for a
   * missing or hidden case, or of a field that is not a case field, where nothing shows it. The
   * value must be of the field's kind (a portal stores any text): a select box takes one of its
   * options, a check box a boolean (sent `"true"`/`"false"`), a date a `Date` or an ISO date
   * (sent as `toISOString()`), a text field a string or a number. The portal trims the value.
   * Resolves to the field with `value` typed. Not retried after it may have run.
   */
  setCaseField(
    caseId: number,
    fieldId: number,
    value: FieldValue,
    options?: RequestOptions,
  ): Promise<TypedCustomField>;
  /** `GET {entityType}/customfield/definitions`: the fields of that kind of record, by position. */
  listFieldDefinitions(
    entity: FieldEntity,
    options?: RequestOptions,
  ): Promise<CustomFieldDefinition[]>;
  /** `POST {entityType}/customfield` (admins only): a new field, last. Not retried after it may have run. */
  createFieldDefinition(
    entity: FieldEntity,
    input: NewFieldDefinition,
    options?: RequestOptions,
  ): Promise<CustomFieldDefinition>;
  /**
   * `PUT {entityType}/customfield/{id}`: reads the field first and sends its whole definition
   * with `changes`. Refuses a type change of a field that holds values (the portal ignores it)
   * and removing a select box's options from a field that holds values.
   */
  updateFieldDefinition(
    entity: FieldEntity,
    fieldId: number,
    changes: FieldDefinitionChanges,
    options?: RequestOptions,
  ): Promise<CustomFieldDefinition>;
  /**
   * `DELETE {entityType}/customfield/{fieldid}` (admins only): deletes the field **and every
   * value of it**; refused for a field that holds values unless `{ deleteValues: true }`.
   */
  deleteFieldDefinition(
    entity: FieldEntity,
    fieldId: number,
    confirm?: { deleteValues?: boolean },
    options?: RequestOptions,
  ): Promise<CustomFieldDefinition>;
  /**
   * `PUT {entityType}/customfield/reorder` (admins only): `fieldIds` must name every field of
   * the kind once; resolves to the fields in their new order.
   */
  reorderFieldDefinitions(
    entity: FieldEntity,
    fieldIds: number[],
    options?: RequestOptions,
  ): Promise<CustomFieldDefinition[]>;
  /**
   * `GET person/{entityid}/customfield` (or `company/…`, as the contact is, read first: `contact/…`
   * leaves out the fields of persons or companies only): the contact's values (and the
   * headings), each with `value` typed by its kind (a check box's a boolean, a date's a `Date`).
   */
  listContactFields(contactId: number, options?: RequestOptions): Promise<TypedCustomField[]>;
  /** `GET opportunity/{entityid}/customfield`: as `listContactFields`, for a deal. */
  listDealFields(dealId: number, options?: RequestOptions): Promise<TypedCustomField[]>;
  /** `GET case/{entityid}/customfield`: as `listContactFields`, for a case. */
  listCaseFields(caseId: number, options?: RequestOptions): Promise<TypedCustomField[]>;
  /**
   * `POST person/{entityid}/customfield/{fieldid}` (or `company/…`, as the contact is): as
   * `setCaseField`, for a contact; the fields of its kind are those of every contact and those
   * of persons (or companies) only.
   */
  setContactField(
    contactId: number,
    fieldId: number,
    value: FieldValue,
    options?: RequestOptions,
  ): Promise<TypedCustomField>;
  /** `POST opportunity/{entityid}/customfield/{fieldid}`: as `setCaseField`, for a deal. */
  setDealField(
    dealId: number,
    fieldId: number,
    value: FieldValue,
    options?: RequestOptions,
  ): Promise<TypedCustomField>;
}

type Reads = CaseMethods & ContactMethods & DealMethods & FieldMethods;

/** The portal's word back to the user's, to call the client's own methods: only a deal's differs. */
const userWord = (portal: unknown) => (portal === "opportunity" ? "deal" : portal) as FieldEntity;

const KINDS = { text: 0, textArea: 1, select: 2, checkbox: 3, heading: 4, date: 5 } as const;

/** The field of `wire.entityType` that `wire[key]` names (refused when it is not there). */
async function fieldOf(wire: Wire, key: string, call: { crm: unknown; options: object }) {
  const entityWord = userWord(wire.entityType);
  const fields = await (call.crm as Reads).listFieldDefinitions(entityWord, call.options);
  const field = fields.find((f) => f.id === wire[key]);
  if (!field) throw new RangeError(`fieldId ${wire[key] as number} is not a ${entityWord} field`);
  return field;
}

const definitionFields = {
  label: ["label", text],
  type: ["fieldType", KINDS],
  options: ["options", texts],
  size: ["size", (name: string, value: unknown) => checkWhole(name, value, 1, 150)],
  rows: ["rows", (name: string, value: unknown) => checkWhole(name, value, 1, 25)],
  cols: ["cols", (name: string, value: unknown) => checkWhole(name, value, 1, 150)],
} as const;

/** The mask a portal wants for the kind (CustomFieldDao.cs:112-202), from the user's settings. */
function mask(written: Wire, current?: CustomFieldDefinition): string {
  const kind = written.fieldType as number;
  const old = current && current.fieldType === kind ? parse(current.mask) : undefined;
  if (kind === 2) {
    const options = (written.options ?? old) as string[] | undefined;
    if (!Array.isArray(options) || !options.length) {
      throw new RangeError("a select box needs options: a non-empty list of strings");
    }
    return JSON.stringify(options);
  }
  if (written.options) throw new RangeError("options apply only to a select box");
  const settings = (old && !Array.isArray(old) ? old : {}) as Record<string, unknown>;
  if (kind === 0) return JSON.stringify({ size: written.size ?? settings.size ?? 40 });
  if (kind === 1) {
    return JSON.stringify({
      rows: written.rows ?? settings.rows ?? 2,
      cols: written.cols ?? settings.cols ?? 40,
    });
  }
  return "";
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The portal's names: label, fieldType, mask (settings and options folded into it). */
function definitionWire(written: Wire, current?: CustomFieldDefinition): Wire {
  return { label: written.label, fieldType: written.fieldType, mask: mask(written, current) };
}

const newDefinition: ReadFirst = async (value, wire, call) => {
  const written = shaped(
    { name: "input", fields: definitionFields, required: ["label", "type"] },
    value,
  );
  Object.assign(wire, definitionWire(written));
};

const changesShape: Shape = { name: "changes", fields: definitionFields };

/** The field as it is, with `changes` over it: the portal replaces label, type and mask. */
const definitionChanges: ReadFirst = async (value, wire, call) => {
  const given = shaped(changesShape, value); // refused before anything is sent, the read included
  const field = await fieldOf(wire, "id", call);
  const held = !!field.relativeItemsCount;
  const kind = (given.fieldType ?? field.fieldType) as number;
  if (held && kind !== field.fieldType) {
    throw new RangeError(
      `field ${field.id} holds ${field.relativeItemsCount} values: the portal would ignore the type change`,
    );
  }
  if (held && kind === 2 && given.options) {
    const before = (parse(field.mask) ?? []) as string[];
    const gone = before.filter((option) => !(given.options as string[]).includes(option));
    if (gone.length) {
      throw new RangeError(
        `field ${field.id} holds values: options cannot be removed (${gone.length} missing)`,
      );
    }
  }
  Object.assign(wire, definitionWire({ label: field.label, ...given, fieldType: kind }, field));
};

/** Deleting a field drops every value of it: only when the caller says so. */
const deleteConfirmed: ReadFirst = async (value, wire, call) => {
  const confirm = shaped(
    { name: "confirm", fields: { deleteValues: ["deleteValues", flag] } },
    value,
  );
  const field = await fieldOf(wire, "fieldid", call);
  if (field.relativeItemsCount && !confirm.deleteValues) {
    throw new RangeError(
      `field ${field.id} holds ${field.relativeItemsCount} values, which the portal deletes with it: ` +
        "pass { deleteValues: true } to delete them",
    );
  }
};

/** Every field of the kind once: the portal would leave ties, or answer 404 after some writes. */
const everyField: ReadFirst = async (value, wire, call) => {
  const given = ids("fieldIds", value);
  const entityWord = userWord(wire.entityType);
  const fields = await (call.crm as Reads).listFieldDefinitions(entityWord, call.options);
  const known = fields.map((f) => f.id);
  // As many as there are, each of them among them: each once.
  if (given.length !== known.length || known.some((fieldId) => !given.includes(fieldId))) {
    throw new RangeError(`fieldIds must name every ${entityWord} field once (${known.join(", ")})`);
  }
  wire.fieldids = given;
};

/**
 * The value, after reading that the record is there (404 otherwise) and the field is one of its,
 * checked against the field's kind.
 */
function fieldValue(read: "getCase" | "getContact" | "getDeal"): ReadFirst {
  // Named, so that the CLI can name the argument (`<fieldValue>`).
  const fieldValue: ReadFirst = async (value, wire, call) => {
    encodeValue("value", value); // refused before anything is sent, the reads included
    // One after the other: a read left running after the other failed would retry on its own.
    const record = await (call.crm as Reads)[read](wire.entityid as number, call.options);
    // A contact's values are a person's or a company's: the portal writes and reads them so
    // (CRMApi.Contacts.cs:938, 1015, 2268-2274). Under `contact` a value would go beside the one
    // there (CustomFieldDao.cs:82), and the fields of persons or companies only would be refused.
    if ("isCompany" in record) wire.entityType = record.isCompany ? "company" : "person";
    const field = await fieldOf(wire, "fieldid", call);
    wire.fieldValue = valueFor("value", value, field); // (also refuses a heading: it has no value)
  };
  return fieldValue;
}

const fieldId: Arg = ["fieldId", "fieldid", id];

/**
 * The contact, read for its kind: its values are listed as a person's or a company's
 * (fieldValue). Named, so that the CLI names the argument (`<contactId>`).
 */
const contactId: ReadFirst = async (value, wire, call) => {
  const contact = await (call.crm as Reads).getContact(
    (wire.entityid = id("contactId", value)),
    call.options,
  );
  wire.entityType = contact.isCompany ? "company" : "person";
};

/** The operation each method calls where the names differ (the routes take the entity type). */
const fieldOps = {
  listCaseFieldDefinitions: "listFieldDefinitions",
  setCaseField: "setRecordField",
  listContactFields: "listRecordFields",
  listDealFields: "listRecordFields",
  listCaseFields: "listRecordFields",
  setContactField: "setRecordField",
  setDealField: "setRecordField",
} as const;

export const fieldLines = {
  listCaseFieldDefinitions: [],
  setCaseField: [["caseId", "entityid", id], fieldId, /* @__PURE__ */ fieldValue("getCase")],
  listFieldDefinitions: [fieldEntity],
  createFieldDefinition: [fieldEntity, newDefinition],
  updateFieldDefinition: [fieldEntity, ["fieldId", "id", id], definitionChanges],
  deleteFieldDefinition: [fieldEntity, fieldId, deleteConfirmed],
  reorderFieldDefinitions: [fieldEntity, everyField],
  listContactFields: [contactId],
  listDealFields: [["dealId", "entityid", id]],
  listCaseFields: [["caseId", "entityid", id]],
  setContactField: [
    ["contactId", "entityid", id],
    fieldId,
    /* @__PURE__ */ fieldValue("getContact"),
  ],
  setDealField: [["dealId", "entityid", id], fieldId, /* @__PURE__ */ fieldValue("getDeal")],
} satisfies LinesFor<typeof customFieldsOperations, FieldMethods, typeof fieldOps>;

const typedList = (fields: CustomField[]) => fields.map(typed);

/** Custom fields of every kind of record: pass it to `createCrmClientFor`. */
export const customFields: Area<FieldMethods> = {
  operations: customFieldsOperations,
  lines: fieldLines,
  of: fieldOps,
  bound: {
    listCaseFieldDefinitions: caseBound,
    setCaseField: caseBound,
    listDealFields: dealBound,
    listCaseFields: caseBound,
    // (setContactField: `person` or `company`, as the contact is: fieldValue.)
    setDealField: dealBound,
  },
  hooks,
  after: {
    // The answer says each field's kind: its value typed by it.
    setCaseField: typed,
    setContactField: typed,
    setDealField: typed,
    listContactFields: typedList,
    listDealFields: typedList,
    listCaseFields: typedList,
    // The portal answers the old positions: read the fields back in their new order.
    reorderFieldDefinitions: (_old: unknown, { crm, args, options }) =>
      (crm as Reads).listFieldDefinitions(args[0] as FieldEntity, options),
  },
  needs: [cases, contacts, deals], // the set…Field methods read the record first
};

/** Custom fields of cases (the same area as `customFields`, under its first name). */
export const caseFields = customFields;
