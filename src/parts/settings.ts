// The CRM's portal-wide settings and the organisation shown on invoices (CRMApi.Utils.cs).
// Portal-wide switches need no admin on the portal (facts §7 trap 12); `PUT settings` rotates the
// web-form key when it is left out, so the client always sends the one the caller gives.
import { settingsOperations } from "../../generated/operations";
import type { components } from "../../generated/schema";
import {
  anyText,
  checkWhole,
  entity,
  flag,
  id,
  text,
  userId,
  wrongType,
  type Check,
} from "../core/guards";
import { hooks } from "../core/hooks";
import { isObject } from "../core/envelope";
import type { RequestOptions } from "../core/options";
import { checked, type Area, type LinesFor, type ReadFirst } from "../core/shapes";
import { waitFor, type WaitOptions } from "./jobs";

/** The organisation's address as the invoices show it; a part left out is stored as null. */
export interface OrganisationAddress {
  street?: string;
  city?: string;
  state?: string;
  zip?: string;
  country?: string;
}

// A job has every member; the spec leaves them optional for the portal's `{}` (no job).
export type ExportProgress = Required<components["schemas"]["ExportProgress"]>;
export type ImportProgress = Required<components["schemas"]["ImportProgress"]>;
export type FileUploadResult = components["schemas"]["FileUploadResult"];
export { ProgressStatus } from "../../generated/schema";

/** What an import reads: a contact, a deal (`opportunity` on the portal), a case, a task. */
export type ImportEntity = "contact" | "deal" | "case" | "task";
/** What a partial export writes; `product` is the portal's `invoiceitem`. */
export type ExportEntity = ImportEntity | "product";

export type { WaitOptions } from "./jobs";

export interface SettingsMethods {
  /**
   * `POST {entityType}/import/start`: imports a CSV file already uploaded to the portal's temp
   * store. `settings` is the import's settings, sent as the JSON string the portal expects: it
   * needs `has_header` (boolean), `delimiter_character`, `encoding` (a code page, 65001 for
   * UTF-8) and `quote_character` (character codes), else it answers 400; `column_mapping` ….
   * Never repeated (a repeat would import the rows again).
   */
  startImport(
    entity: ImportEntity,
    input: { csvFileUri: string; settings: Record<string, unknown> },
    options?: RequestOptions,
  ): Promise<string>;
  /** `GET {entityType}/import/status`: the import's progress, null when none ran. */
  getImportStatus(entity: ImportEntity, options?: RequestOptions): Promise<ImportProgress | null>;
  /**
   * `GET import/samplerow`: one row of the uploaded file, as the portal reads it: the text of a
   * JSON object `{ data: fields, isMaxIndex }` (with `has_header`, row 0 follows the header).
   */
  getImportSampleRow(
    input: { csvFileUri: string; row: number; settings: Record<string, unknown> },
    options?: RequestOptions,
  ): Promise<string>;
  /**
   * `POST import/uploadfake`: checks the uploaded file with the settings. `data` is base64 of a
   * JSON text (`headerColumns`, `firstContactFields`, `isMaxIndex`, `assignedPath`); a missing
   * file is `success: false`.
   */
  uploadImportFile(
    input: { csvFileUri: string; settings: Record<string, unknown> },
    options?: RequestOptions,
  ): Promise<FileUploadResult>;
  /** `POST export/start` (admin): exports every record to a ZIP; never repeated. */
  startExport(options?: RequestOptions): Promise<ExportProgress | null>;
  /** `GET export/status` (admin). */
  getExportStatus(options?: RequestOptions): Promise<ExportProgress | null>;
  /** `PUT export/cancel` (admin). */
  cancelExport(options?: RequestOptions): Promise<ExportProgress | null>;
  /**
   * `POST export/partial/{entityType}/start`: the records the web UI's filter matches, to a CSV
   * file in your documents. `filter` holds the filter's items by ID, each with its params:
   * `{ tags: { value: ["vip"] }, contactStage: { value: 1 }, sorter: { id: "created",
   * sortOrder: "descending" } }` (sent as the portal expects: `{id, params}` items, base64).
   */
  startPartialExport(
    entity: ExportEntity,
    filter: Record<string, unknown>,
    options?: RequestOptions,
  ): Promise<ExportProgress | null>;
  /** `GET export/partial/status`. */
  getPartialExportStatus(options?: RequestOptions): Promise<ExportProgress | null>;
  /** `PUT export/partial/cancel`. */
  cancelPartialExport(options?: RequestOptions): Promise<ExportProgress | null>;
  /**
   * Reads the export's progress until it completes, every `intervalMs`, honouring `signal`
   * and `waitMs` (a TimeoutError). Resolves to the last progress (`fileUrl` when done).
   */
  waitForExport(options?: WaitOptions): Promise<ExportProgress>;
  /** The same for the partial export. */
  waitForPartialExport(options?: WaitOptions): Promise<ExportProgress>;
  /** The same for an import of `entity`. */
  waitForImport(entity: ImportEntity, options?: WaitOptions): Promise<ImportProgress>;
  /** `PUT contact/status/settings` (portal-wide): a contact's status change moves its group's too. */
  setContactStatusAutoChange(on: boolean, options?: RequestOptions): Promise<boolean>;
  /** `PUT contact/mailtohistory/settings` (portal-wide): mail is written to contacts' history. */
  setMailToHistoryAuto(on: boolean, options?: RequestOptions): Promise<boolean>;
  /** `PUT contact/tag/settings` (portal-wide): a company's tags go to its people too. */
  setCompanyTagToPeopleAuto(on: boolean, options?: RequestOptions): Promise<boolean>;
  /**
   * `PUT settings` (admin): whether the CRM is configured. `webFormKey` is required: left out,
   * the portal would make a new one and break the site's web-to-lead forms.
   */
  setPortalConfigured(
    input: { configured: boolean; webFormKey: string },
    options?: RequestOptions,
  ): Promise<boolean>;
  /** `PUT settings/webformkey/change` (admin): a new web-to-lead form key; resolves to it. */
  changeWebFormKey(options?: RequestOptions): Promise<string>;
  /** `PUT settings/organisation/base` (admin): the organisation's name on invoices (`""` for none). */
  setOrganisationName(name: string, options?: RequestOptions): Promise<string>;
  /** `PUT settings/organisation/address` (admin): replaces the whole address; resolves to it as stored. */
  setOrganisationAddress(
    address: OrganisationAddress,
    options?: RequestOptions,
  ): Promise<OrganisationAddress>;
  /**
   * `PUT settings/organisation/logo` (admin): `"uploaded"` takes the image last uploaded to the
   * portal's logo handler (a 500 when there is none), `"none"` removes the logo. Resolves to its ID.
   */
  setOrganisationLogo(logo: "uploaded" | "none", options?: RequestOptions): Promise<number>;
  /** `GET settings/organisation/logo`: a logo as base64 (`""` for none); the portal's own without `logoId`. */
  getOrganisationLogo(logoId?: number, options?: RequestOptions): Promise<string>;
}

/** An optional ID: left out, nothing is sent (the portal's own logo). */
const logoId: ReadFirst = async (value, wire) => {
  if (value !== undefined) wire.id = id("logoId", value);
};

const importWords = { contact: "contact", deal: "opportunity", case: "case", task: "task" };
const importEntity: Check<string> = entity(importWords);
/** `"uploaded"` → `reset: false`, `"none"` → `reset: true`. */
const logoWord = (name: string, value: unknown) =>
  checked(name, value, { uploaded: false, none: true }) as boolean;

// Its refusal lists `product` too.
const exportEntity: Check<string> = entity({ ...importWords, product: "invoiceitem" });

/** Settings as the JSON string the portal parses. */
const json: Check<string> = (name, value) => {
  if (!isObject(value)) throw wrongType(name, "an object", value);
  return JSON.stringify(value);
};

/** Text as base64 of its UTF-8 (btoa takes Latin-1: one character per byte). */
const base64 = (text: string) =>
  btoa(Array.from(new TextEncoder().encode(text), (byte) => String.fromCharCode(byte)).join(""));

/**
 * The web UI's filter as the portal parses it (Filter.cs:379-457): per item `{id, params}`, the
 * params base64 of their JSON, joined by `;`, the whole base64 (`base64FilterString`). An item
 * without params is skipped by the portal, so a plain object would export every record.
 */
const base64Filter: Check<string> = (name, value) => {
  json(name, value); // an object
  const items = [];
  for (const [id, params] of Object.entries(value as object)) {
    // Each item's params are an object (`{ value }`, `{ id, sortOrder }`, `{ from, to }`).
    if (params !== undefined)
      items.push(JSON.stringify({ id, params: base64(json(`${name}.${id}`, params)) }));
  }
  if (!items.length) {
    throw new RangeError(
      `${name} must be a non-empty filter object: the portal answers 400 to an empty one`,
    );
  }
  return base64(items.join(";"));
};

const csvFields = { csvFileUri: ["csvFileURI", text], settings: ["jsonSettings", json] } as const;

const addressParts = ["street", "city", "state", "zip", "country"] as const;

export const settingsLines = {
  setContactStatusAutoChange: [["on", "changeContactStatusGroupAuto", flag]],
  setMailToHistoryAuto: [["on", "writeMailToHistoryAuto", flag]],
  setCompanyTagToPeopleAuto: [["on", "addTagToContactGroupAuto", flag]],
  setPortalConfigured: [
    {
      name: "input",
      fields: { configured: ["configured", flag], webFormKey: ["webFormKey", userId] },
      required: ["configured", "webFormKey"],
    },
  ],
  changeWebFormKey: [],
  // "" takes the name off the invoices: the portal stores any string (CRMApi.Utils.cs:209-224).
  setOrganisationName: [["name", "companyName", anyText]],
  setOrganisationAddress: [
    {
      name: "address",
      // Each part under its own name, any string ("" clears it).
      fields: Object.fromEntries(addressParts.map((part) => [part, [part, anyText]])),
    },
  ],
  setOrganisationLogo: [["logo", "reset", logoWord]],
  getOrganisationLogo: [logoId],
  startImport: [
    ["entity", "entityType", importEntity],
    { name: "input", fields: csvFields, required: ["csvFileUri", "settings"] },
  ],
  getImportStatus: [["entity", "entityType", importEntity]],
  getImportSampleRow: [
    {
      name: "input",
      fields: { ...csvFields, row: ["indexRow", (n, v) => checkWhole(n, v, 0)] },
      required: ["csvFileUri", "row", "settings"],
    },
  ],
  uploadImportFile: [{ name: "input", fields: csvFields, required: ["csvFileUri", "settings"] }],
  startExport: [],
  getExportStatus: [],
  cancelExport: [],
  startPartialExport: [
    ["entity", "entityType", exportEntity],
    ["filter", "base64FilterString", base64Filter],
  ],
  getPartialExportStatus: [],
  cancelPartialExport: [],
} satisfies LinesFor<
  typeof settingsOperations,
  Omit<SettingsMethods, "waitForExport" | "waitForPartialExport" | "waitForImport">
>;

/** The stored address, a JSON string (`{type:"Billing",street,…}`), as an object. */
function parseAddress(stored: string): OrganisationAddress {
  const out: OrganisationAddress = {};
  try {
    // Not JSON, or JSON null, throws here; any other non-object has none of the keys.
    const data = JSON.parse(stored);
    for (const key of addressParts) {
      if (typeof data[key] === "string") out[key] = data[key];
    }
  } catch {} // no address we can read
  return out;
}

/** The portal's `{}` for no job (its null) as null. */
const orNull = (progress: { id?: unknown }) => (progress.id === undefined ? null : progress);

export const settings: Area<SettingsMethods> = {
  operations: settingsOperations,
  lines: settingsLines,
  after: {
    setOrganisationAddress: parseAddress,
    getImportStatus: orNull,
    getExportStatus: orNull,
    cancelExport: orNull,
    getPartialExportStatus: orNull,
    cancelPartialExport: orNull,
  },
  composites: {
    waitForExport: ({ crm }, options?: WaitOptions) =>
      waitFor((o) => (crm as SettingsMethods).getExportStatus(o), options),
    waitForPartialExport: ({ crm }, options?: WaitOptions) =>
      waitFor((o) => (crm as SettingsMethods).getPartialExportStatus(o), options),
    // `entity` is checked by getImportStatus's line before its first read is sent.
    waitForImport: ({ crm }, entity: ImportEntity, options?: WaitOptions) =>
      waitFor((o) => (crm as SettingsMethods).getImportStatus(entity, o), options),
  },
  hooks,
};
