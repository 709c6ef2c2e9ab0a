// The fake portal's Custom fields controller: the 7 routes of `CRMApi.CustomFields.cs` for cases,
// deals and contacts (a person's or a company's fields are the contact fields here). Field IDs
// are one sequence for every entity type, and lookups by ID are type-blind, as the portal's.
// Line numbers are of module/ASC.Api/ASC.Api.CRM/CRMApi.CustomFields.cs unless named;
// `Dao/` = web/studio/ASC.Web.Studio/Products/CRM/Core/Dao/.
import type { components } from "../../../generated/schema";
import type { Route } from "../core/routes";
import type { FieldDefinition, PortalState } from "../core/state";
import { accessDenied, badArgument, notFound, serverError } from "../core/wire";

type CustomField = components["schemas"]["CustomField"];

const type = "(?<entityType>contact|person|company|opportunity|case)";
/** A NullReferenceException's message: 500. */
const nullReference = () => serverError("Object reference not set to an instance of an object.");

/** The seeded contact fields. */
export function seedFields(state: PortalState): void {
  state.contactFields.push(
    { id: 41, label: "Segment", fieldType: 0, position: 0, mask: '{"size":40}' },
    { id: 42, label: "Newsletter", fieldType: 3, position: 1, mask: "" },
  );
}

/** The table an entity type's fields are kept in (persons' and companies' with the contacts'). */
function tableFor(state: PortalState, entityType: string): FieldDefinition[] {
  if (entityType === "case") return state.caseFields;
  if (entityType === "opportunity") return state.dealFields;
  return state.contactFields;
}

/** The contact fields made for persons or companies only (entity_type 5 or 4); the rest are every contact's (0). */
const only = new WeakMap<FieldDefinition, string>();

/**
 * The definitions of an entity type: `person` and `company` have their own and every contact's,
 * `contact` only every contact's (`BuildEntityTypeConditions`, Dao/CustomFieldDao.cs:486-499).
 */
function fieldsFor(state: PortalState, entityType: string): FieldDefinition[] {
  return tableFor(state, entityType).filter((f) => [undefined, entityType].includes(only.get(f)));
}

const tables = (state: PortalState) => [state.caseFields, state.dealFields, state.contactFields];
/** `GetFieldDescription(id)`: any entity type's field (Dao/CustomFieldDao.cs:441-452). */
const anyField = (state: PortalState, id: number) =>
  tables(state)
    .flat()
    .find((f) => f.id === id);
const tableOf = (state: PortalState, field: FieldDefinition) =>
  tables(state).find((table) => table.includes(field))!;

/** Records of the field's type that hold a value (`crm_field_value` rows). */
function holders(state: PortalState, field: FieldDefinition) {
  const table = tableOf(state, field);
  const has = (fields: CustomField[], id: number) =>
    fields.some((f) => f.id === field.id && f.entityId === id);
  if (table === state.caseFields)
    return [...state.cases.values()].filter((c) => has(c.customFields, c.id));
  if (table === state.dealFields)
    return [...state.deals.values()].filter((d) => d.fields.has(field.id));
  return [...state.contacts.values()].filter((c) => has(c.customFields ?? [], c.id));
}

const definition = (state: PortalState, field: FieldDefinition) => ({
  ...field,
  entityId: -1,
  fieldValue: " ",
  relativeItemsCount: holders(state, field).length,
});

/** Writes a value where the record keeps it; a blank one is no value (Dao/CustomFieldDao.cs:65-108). */
function store(
  state: PortalState,
  entityType: string,
  id: number,
  field: FieldDefinition,
  value: string,
) {
  const stored = value.trim();
  if (entityType === "opportunity") {
    const d = state.deals.get(id);
    if (d) stored ? d.fields.set(field.id, stored) : d.fields.delete(field.id);
    return;
  }
  const record = entityType === "case" ? state.cases.get(id) : state.contacts.get(id);
  if (!record) return; // no check that it exists: the value shows nowhere
  const kept = (record.customFields ?? []).filter((f) => f.id !== field.id);
  if (stored || field.fieldType === 4)
    kept.push({ ...field, entityId: stored ? id : 0, fieldValue: stored });
  record.customFields = kept.sort((a, b) => a.position - b.position);
}

/** `GetValidMask` (Dao/CustomFieldDao.cs:112-202): the stored mask, or a 400/500. */
function validMask(fieldType: number, mask: string | undefined): string {
  if ([3, 4, 5].includes(fieldType)) return "";
  if (!mask) throw badArgument("Mask is not valid");
  let parsed: unknown;
  try {
    parsed = JSON.parse(mask);
  } catch {
    if (fieldType === 2) throw serverError("Unexpected character encountered while parsing value");
    return fieldType === 0 ? '{"size":40}' : fieldType === 1 ? '{"rows":2,"cols":40}' : "{}";
  }
  if (fieldType === 2) {
    if (!Array.isArray(parsed)) throw badArgument("Mask is not valid");
    return JSON.stringify(parsed);
  }
  const clamp = (n: unknown, max: number, fallback: number) =>
    Math.min(max, Math.max(1, Number(n) || fallback));
  const o = (parsed ?? {}) as Record<string, unknown>;
  if (fieldType === 0) return JSON.stringify({ size: clamp(o.size, 150, 40) });
  if (fieldType === 1)
    return JSON.stringify({ rows: clamp(o.rows, 25, 2), cols: clamp(o.cols, 150, 40) });
  return "{}";
}

export const customFieldRoutes: Route[] = [
  [
    "GET",
    `${type}/customfield/definitions`,
    ({ state, args }) => {
      // By position, with no value: entityId -1 and fieldValue " " (Dao/CustomFieldDao.cs:454-483),
      // and the number of values stored (Dao/CustomFieldDao.cs:369-383).
      const fields = [...fieldsFor(state, args.string("entityType")!)].sort(
        (a, b) => a.position - b.position,
      );
      return { value: fields.map((field) => definition(state, field)) };
    },
  ],
  [
    "GET",
    `${type}/(?<entityid>[0-9]+)/customfield`,
    ({ state, args }) => {
      const entityType = args.string("entityType")!;
      const id = args.int("entityid");
      // No access check; headings always, values when not blank (Dao/CustomFieldDao.cs:385-436).
      const fields = fieldsFor(state, entityType);
      const values: CustomField[] = [];
      const add = (recordId: number, field: FieldDefinition, fieldValue: string) =>
        values.push({ ...field, entityId: recordId, fieldValue });
      if (entityType === "opportunity") {
        for (const d of state.deals.values())
          if (id === 0 || d.id === id)
            for (const [fieldId, value] of d.fields)
              add(
                d.id,
                fields.find((f) => f.id === fieldId)!,
                value,
              );
      } else {
        const records =
          entityType === "case" ? [...state.cases.values()] : [...state.contacts.values()];
        // The values of the type's fields only (the join, Dao/CustomFieldDao.cs:412-418).
        const shown = (f: CustomField) => fields.some((x) => x.id === f.id);
        for (const r of records)
          if (id === 0 || r.id === id)
            for (const f of r.customFields ?? [])
              if (f.entityId === r.id && shown(f)) values.push({ ...f });
      }
      const headings = fields
        .filter((f) => f.fieldType === 4)
        .map((f) => ({ ...f, entityId: 0, fieldValue: "" }));
      return { value: [...values, ...headings].sort((a, b) => a.position - b.position) };
    },
  ],
  [
    "POST",
    `${type}/(?<entityid>[0-9]+)/customfield/(?<fieldid>[0-9]+)`,
    ({ state, args }) => {
      // Any field of any type; an unknown one is null: `customField.EntityID = …` throws (:91-94).
      const field = anyField(state, args.int("fieldid"));
      const value = args.string("fieldValue");
      // A missing value: null.Trim() (Dao/CustomFieldDao.cs:70).
      if (!field || value === undefined) throw nullReference();
      const entityId = args.int("entityid");
      // No check that the entity exists, that the user may see or edit it, or that the field is
      // of its type: a value for a missing record, or on another type's entity, shows nowhere.
      const entityType = args.string("entityType")!;
      // Any contact route stores a contact field's value: a read joins it whatever its type.
      const own = tableFor(state, entityType).includes(field);
      if (own) store(state, entityType, entityId, field, value);
      // The answer carries the value as sent, untrimmed (:96-99).
      return { value: { ...field, entityId, fieldValue: value } };
    },
  ],
  [
    "POST",
    `${type}/customfield`,
    ({ state, args }) => {
      if (!state.admin) throw accessDenied(); // :198
      const label = args.string("label");
      if (!label) throw badArgument(); // Dao/CustomFieldDao.cs:206-207
      const fieldType = args.int("fieldType"); // not validated: any integer is stored
      const entityType = args.string("entityType")!;
      const table = tableFor(state, entityType);
      // position is ignored: sort_order = max + 1 over every type (Dao/CustomFieldDao.cs:210).
      const position =
        Math.max(
          -1,
          ...tables(state)
            .flat()
            .map((f) => f.position),
        ) + 1;
      const field: FieldDefinition = {
        id:
          Math.max(
            100,
            ...tables(state)
              .flat()
              .map((f) => f.id),
          ) + 1,
        label,
        fieldType: fieldType as FieldDefinition["fieldType"],
        position,
        mask: validMask(fieldType, args.string("mask")),
      };
      table.push(field);
      if (entityType === "person" || entityType === "company") only.set(field, entityType);
      return { value: definition(state, field) };
    },
  ],
  [
    "PUT",
    `${type}/customfield/(?<id>[0-9]+)`,
    ({ state, args }) => {
      const id = args.int("id");
      if (id <= 0) throw badArgument();
      const field = anyField(state, id); // any entity type's (:241)
      if (!field) throw notFound();
      const label = args.string("label");
      if (!label) throw badArgument(); // Dao/CustomFieldDao.cs:264-265
      const fieldType = args.int("fieldType");
      const mask = args.string("mask");
      if (holders(state, field).length) {
        // With values: the type change is ignored; a select box must keep every option, but ""
        // passes and wipes them; the raw mask is stored (Dao/CustomFieldDao.cs:276-334).
        if (field.fieldType === 2 && mask) {
          const before = JSON.parse(field.mask || "[]") as string[];
          const after = JSON.parse(mask) as string[];
          if (!before.every((option) => after.includes(option)))
            throw badArgument("Mask is not valid");
        }
        Object.assign(field, { label, mask: mask ?? "" });
      } else {
        Object.assign(field, {
          label,
          fieldType: fieldType as FieldDefinition["fieldType"],
          mask: validMask(fieldType, mask),
        });
      }
      return { value: definition(state, field) }; // re-read (:254)
    },
  ],
  [
    "DELETE",
    `${type}/customfield/(?<fieldid>[0-9]+)`,
    ({ state, args }) => {
      if (!state.admin) throw accessDenied(); // :280
      const id = args.int("fieldid");
      if (id <= 0) throw badArgument();
      const field = anyField(state, id); // any type's: the route's only picks the audit action
      if (!field) throw notFound();
      const result = definition(state, field);
      // The definition and every value, in one transaction (Dao/CustomFieldDao.cs:501-513).
      for (const record of holders(state, field)) {
        if ("fields" in record && record.fields instanceof Map) record.fields.delete(id);
        else
          (record as { customFields: CustomField[] }).customFields = (
            record as { customFields: CustomField[] }
          ).customFields.filter((f) => f.id !== id);
      }
      const table = tableOf(state, field);
      table.splice(table.indexOf(field), 1);
      return { value: result };
    },
  ],
  [
    "PUT",
    `${type}/customfield/reorder`,
    ({ state, args }) => {
      const ids = args.ints("fieldids");
      if (!state.admin) throw accessDenied(); // :317
      // Every ID must exist (any type) before anything is written (:319-324).
      const found = ids.map((id) => anyField(state, id));
      if (found.some((f) => !f)) throw notFound();
      // The answer shows the positions before the reorder (:326-331).
      const before = found.map((f) => ({ ...f!, entityId: 0, fieldValue: "" }));
      found.forEach((f, index) => (f!.position = index));
      return { value: before };
    },
  ],
];
