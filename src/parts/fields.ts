// The Custom fields controller, for cases: its routes take the entity type as a path segment
// (`{entityType}/customfield/...`); these methods send `case` (`caseBound`).
import { customFieldsOperations } from "../../generated/operations";
import type { components } from "../../generated/schema";
import { cases, type CaseMethods } from "./cases";
import { id, wrongType } from "../core/guards";
import type { RequestOptions } from "../core/options";
import { caseBound, type Area, type LinesFor, type ReadFirst } from "../core/shapes";

/** A custom field as defined: `entityId` is -1 and `fieldValue` one space (it has no value). */
export type CustomFieldDefinition = components["schemas"]["CustomFieldDefinition"];
type CustomField = components["schemas"]["CustomField"];

export interface FieldMethods {
  /** `GET case/customfield/definitions`: the case fields (id, label, type, mask, position). */
  listCaseFieldDefinitions(options?: RequestOptions): Promise<CustomFieldDefinition[]>;
  /**
   * `POST case/{entityid}/customfield/{fieldid}`: sets the field's value, or clears it with `""`
   * (the only way). Reads the case and the fields first: a portal would store a value for a
   * missing or hidden case, or of a field that is not a case field, where nothing shows it.
   * The portal trims the value. Not retried after it may have run.
   */
  setCaseField(
    caseId: number,
    fieldId: number,
    value: string,
    options?: RequestOptions,
  ): Promise<CustomField>;
}

/** The value, after reading that the case is there (404 otherwise) and the field is one of its. */
const fieldValue: ReadFirst = async (value, wire, { crm, options }) => {
  if (typeof value !== "string") throw wrongType("value", "a string", value);
  const reads = crm as CaseMethods & FieldMethods;
  // One after the other: a read left running after the other failed would retry on its own.
  await reads.getCase(wire.entityid as number, options);
  const fields = await reads.listCaseFieldDefinitions(options);
  const field = fields.find((f) => f.id === wire.fieldid);
  if (!field || field.fieldType === 4) {
    const what = field ? "a heading, which has no value" : "not a case field";
    throw new RangeError(`fieldId ${wire.fieldid as number} is ${what}`);
  }
  wire.fieldValue = value;
};

/** The operation each case method calls (the routes take the entity type). */
const fieldOps = {
  listCaseFieldDefinitions: "listFieldDefinitions",
  setCaseField: "setRecordField",
} as const;

export const fieldLines = {
  listCaseFieldDefinitions: [],
  setCaseField: [["caseId", "entityid", id], ["fieldId", "fieldid", id], fieldValue],
} satisfies LinesFor<typeof customFieldsOperations, FieldMethods, typeof fieldOps>;

/** Custom fields of cases: pass it to `createCrmClientFor`. */
export const caseFields: Area<FieldMethods> = {
  operations: customFieldsOperations,
  lines: fieldLines,
  of: fieldOps,
  bound: { listCaseFieldDefinitions: caseBound, setCaseField: caseBound },
  needs: [cases], // setCaseField reads the case first
};
