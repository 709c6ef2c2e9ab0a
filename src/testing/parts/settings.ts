// The fake portal's CRM settings and organisation routes (module/ASC.Api/ASC.Api.CRM/CRMApi.Utils.cs).
// The switches need no admin; `PUT settings` without a key makes a new one (:188-198).
import { randomUUID } from "node:crypto";
import type { Route } from "../core/routes";
import { accessDenied, badArgument, serverError, type Args } from "../core/wire";
import { billingOf, type Billing } from "./invoices";

const admin = (billing: Billing) => {
  if (!billing.admin) throw accessDenied();
};

/** A `Boolean?` switch: saved as sent, null when left out (:117-173). */
const toggle = (
  path: string,
  name: string,
  key: "changeContactStatusGroupAuto" | "addTagToContactGroupAuto",
): Route => [
  "PUT",
  path,
  ({ state, args }) => {
    const value = args.bool(name) ?? null;
    billingOf(state).crm[key] = value;
    return { value };
  },
];

const text = (args: Args, name: string) => args.string(name) ?? null;

export const settingsRoutes: Route[] = [
  toggle("contact/status/settings", "changeContactStatusGroupAuto", "changeContactStatusGroupAuto"),
  toggle("contact/tag/settings", "addTagToContactGroupAuto", "addTagToContactGroupAuto"),
  [
    "PUT",
    "contact/mailtohistory/settings",
    ({ state, args }) => {
      const value = args.bool("writeMailToHistoryAuto") ?? false; // a `Boolean`: missing is false
      billingOf(state).crm.writeMailToHistoryAuto = value;
      return { value };
    },
  ],
  [
    "PUT",
    "settings",
    ({ state, args }) => {
      const billing = billingOf(state);
      admin(billing);
      const key = args.guids("webFormKey")[0];
      billing.crm.isConfiguredPortal = args.bool("configured") ?? true;
      billing.crm.webFormKey = key ?? randomUUID(); // left out: a new key (:194)
      return { value: billing.crm.isConfiguredPortal };
    },
  ],
  [
    "PUT",
    "settings/webformkey/change",
    ({ state }) => {
      const billing = billingOf(state);
      admin(billing);
      billing.crm.webFormKey = randomUUID();
      return { value: billing.crm.webFormKey };
    },
  ],
  [
    "PUT",
    "settings/organisation/base",
    ({ state, args }) => {
      const billing = billingOf(state);
      admin(billing);
      billing.settings.companyName = args.string("companyName") ?? "";
      return { value: args.string("companyName") ?? null };
    },
  ],
  [
    "PUT",
    "settings/organisation/address",
    ({ state, args }) => {
      const billing = billingOf(state);
      admin(billing);
      // Newtonsoft of an anonymous object: every part, null when left out (:253-261).
      const address = JSON.stringify({
        type: "Billing",
        street: text(args, "street"),
        city: text(args, "city"),
        state: text(args, "state"),
        zip: text(args, "zip"),
        country: text(args, "country"),
      });
      billing.settings.companyAddress = address;
      return { value: address };
    },
  ],
  [
    "PUT",
    "settings/organisation/logo",
    ({ state, args }) => {
      const billing = billingOf(state);
      admin(billing);
      let logoId = 0;
      if (!(args.bool("reset") ?? false)) {
        // The image uploaded to the logo handler; none: a bare Exception, 500 (:293-296).
        if (!billing.uploadedLogo) throw serverError("Downloaded image not found");
        logoId = 100 + billing.logos.size;
        billing.logos.set(logoId, billing.uploadedLogo);
        billing.uploadedLogo = undefined;
      }
      billing.settings.companyLogoID = logoId;
      return { value: logoId };
    },
  ],
  [
    "GET",
    "settings/organisation/logo",
    ({ state, args }) => {
      const billing = billingOf(state);
      const id = args.int("id") || billing.settings.companyLogoID;
      if (id < 0) throw badArgument();
      return { value: billing.logos.get(id) ?? "" };
    },
  ],
];

/** Files the fake portal's temp store holds, as an upload would leave them (key → CSV text). */
const TEMP_FILES: Record<string, string> = {
  "import/contacts.csv":
    "First Name,Last Name,Email\nAda,Lovelace,ada@example.org\nAlan,Turing,alan@example.org",
};

const PROGRESS_READS = 2; // a job finishes on its second status read

/** An export's progress (ExportToCSV.cs:174-188): every public property, nulls included. */
function exportProgress(billing: Billing, key: string) {
  const job = billing.jobs.get(key);
  if (!job) return null;
  const done = job.cancelled || job.reads >= PROGRESS_READS;
  return {
    id: `${key}_1`,
    status: job.cancelled ? 3 : done ? 2 : job.reads ? 1 : 0,
    error: job.cancelled ? "Canceled" : null,
    percentage: done ? 100 : job.reads * 50,
    isCompleted: done,
    fileName: job.fileName,
    fileUrl: done && !job.cancelled ? `/storage/crm/export/${job.fileName}` : null,
    // A string (ExportToCSV.cs:188): the full export's CSV being written (the last when done),
    // null before the first and in a partial export.
    currentPart: key === "export" && job.reads ? "Opportunities_0.csv" : null,
  };
}

/** An import's progress (ImportDataOperation.cs:182-190): `status` is never set. */
function importProgress(billing: Billing, entityType: string) {
  const job = billing.jobs.get(`import:${entityType}`);
  if (!job) return null;
  const done = job.reads >= PROGRESS_READS;
  return {
    id: `1_${entityType}`,
    status: null,
    error: null,
    percentage: done ? 100 : job.reads * 50,
    isCompleted: done,
  };
}

const readJob = (billing: Billing, key: string) => {
  const job = billing.jobs.get(key);
  if (job) job.reads++;
};

const startJob = (billing: Billing, key: string, fileName: string) =>
  billing.jobs.set(key, { reads: 0, cancelled: false, fileName, error: null });

const importType = "(?<entityType>contact|opportunity|case|task)";

/** `csvFileURI` and `jsonSettings` as the import reads them: a file in the temp store, JSON settings. */
function csvArgs(args: Args): { file: string; settings: Record<string, unknown> } {
  const uri = args.string("csvFileURI");
  const json = args.string("jsonSettings");
  if (!uri || !json) throw badArgument();
  const file = TEMP_FILES[uri];
  if (file === undefined) throw badArgument(); // not in the temp store (:489)
  let settings: Record<string, unknown>;
  try {
    settings = JSON.parse(json);
  } catch {
    throw serverError("Unexpected character encountered while parsing value");
  }
  // ImportCSVSettings (ImportCSVSettings.cs:31-41) reads these four: one missing or of another
  // kind is an ArgumentNullException or a cast failure, a 400.
  const { has_header, delimiter_character, encoding, quote_character } = settings ?? {};
  if (
    typeof has_header !== "boolean" ||
    ![delimiter_character, encoding, quote_character].every(Number.isInteger)
  )
    throw badArgument("Value cannot be null.");
  return { file, settings };
}

/**
 * The file's records as the CSV reader gives them (ImportFromCSV.cs:49-58): with `has_header`
 * the first line is the header, not a record.
 */
function csvRecords({ file, settings }: ReturnType<typeof csvArgs>) {
  const delimiter = String.fromCharCode(settings.delimiter_character as number);
  const rows = file.split("\n").map((line) => line.split(delimiter));
  return { header: rows[0]!, records: settings.has_header ? rows.slice(1) : rows };
}

settingsRoutes.push(
  [
    "POST",
    `${importType}/import/start`,
    ({ state, args }) => {
      csvArgs(args);
      startJob(billingOf(state), `import:${args.string("entityType")!.toLowerCase()}`, "");
      return { value: "" }; // :432
    },
  ],
  [
    "GET",
    `${importType}/import/status`,
    ({ state, args }) => {
      const billing = billingOf(state);
      const entityType = args.string("entityType")!.toLowerCase();
      const value = importProgress(billing, entityType);
      readJob(billing, `import:${entityType}`);
      return { value };
    },
  ],
  [
    "GET",
    "import/samplerow",
    ({ args }) => {
      const { records } = csvRecords(csvArgs(args));
      const row = args.int("indexRow");
      if (row < 0) throw badArgument();
      // JObject.ToString(): indented JSON of the row and whether it is the last (:60-75).
      const last = Math.min(row, records.length - 1);
      const data = { data: records[last] ?? [], isMaxIndex: last === records.length - 1 };
      return { value: JSON.stringify(data, null, 2) };
    },
  ],
  [
    "POST",
    "import/uploadfake",
    ({ args }) => {
      // ImportFromCSVManager.ProcessUploadFake (ImportFromCSVManager.cs:44-78): no file or no
      // settings is `success: false`, a 201; else `data` is base64 of the JSON's indented text.
      const uri = args.string("csvFileURI");
      if (!uri || !args.string("jsonSettings") || TEMP_FILES[uri] === undefined)
        return { value: { success: false, data: null, message: null } };
      const { header, records } = csvRecords(csvArgs(args));
      const info = {
        headerColumns: header,
        firstContactFields: records[0] ?? [],
        isMaxIndex: records.length <= 1,
        assignedPath: uri,
      };
      const data = Buffer.from(JSON.stringify(info, null, 2)).toString("base64");
      return { value: { success: true, data, message: null } };
    },
  ],
  [
    "POST",
    "export/start",
    ({ state }) => {
      const billing = billingOf(state);
      admin(billing);
      startJob(billing, "export", `Export_${Date.now()}.zip`);
      return { value: exportProgress(billing, "export") };
    },
  ],
  [
    "GET",
    "export/status",
    ({ state }) => {
      const billing = billingOf(state);
      admin(billing);
      const value = exportProgress(billing, "export");
      readJob(billing, "export");
      return { value };
    },
  ],
  [
    "PUT",
    "export/cancel",
    ({ state }) => {
      const billing = billingOf(state);
      admin(billing);
      const job = billing.jobs.get("export");
      if (job && job.reads < PROGRESS_READS) job.cancelled = true;
      return { value: exportProgress(billing, "export") };
    },
  ],
  [
    "POST",
    "export/partial/(?<entityType>contact|opportunity|case|task|invoiceitem)/start",
    ({ state, args }) => {
      const billing = billingOf(state);
      const filter = args.string("base64FilterString");
      if (!filter) throw badArgument(); // :610
      // Parsed as the portal does (Core/Entities/Filter.cs:379-457): `;`-joined JSON items, each
      // `params` base64 of JSON (an item without them is skipped); an unreadable one is a 500.
      try {
        for (const item of Buffer.from(filter, "base64").toString("utf8").split(";")) {
          const { params } = JSON.parse(item) as { params?: unknown };
          if (typeof params === "string" && params)
            JSON.parse(Buffer.from(params, "base64").toString("utf8"));
        }
      } catch {
        throw serverError("Unexpected character encountered while parsing value");
      }
      startJob(billing, "partial", `${args.string("entityType")}.csv`);
      return { value: exportProgress(billing, "partial") };
    },
  ],
  [
    "GET",
    "export/partial/status",
    ({ state }) => {
      const billing = billingOf(state);
      const value = exportProgress(billing, "partial");
      readJob(billing, "partial");
      return { value };
    },
  ],
  [
    "PUT",
    "export/partial/cancel",
    ({ state }) => {
      const billing = billingOf(state);
      const job = billing.jobs.get("partial");
      if (job && job.reads < PROGRESS_READS) job.cancelled = true;
      return { value: exportProgress(billing, "partial") };
    },
  ],
);
