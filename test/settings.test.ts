// The CRM settings and organisation methods against the fake portal over real HTTP: the names
// and values sent, what comes back, and the refusals (a missing web-form key) sending nothing.
import {
  BadRequestError,
  createCrmClient,
  createCrmClientFor,
  settings,
  type CrmClient,
} from "../src";
import { startFakePortal, type FakePortal } from "../src/testing";
import { sent } from "./requests";

let portal: FakePortal;
let crm: CrmClient;

beforeEach(async () => {
  portal = await startFakePortal();
  crm = createCrmClient({ baseUrl: portal.url, token: portal.token, retryDelay: { baseMs: 1 } });
});
afterEach(() => portal.close());

const last = () => portal.requests.at(-1)!;
const lastBody = () => JSON.parse(last().body) as unknown;

describe("portal-wide switches", () => {
  it("send the portal's names and resolve to the value", async () => {
    expect(await crm.setContactStatusAutoChange(true)).toBe(true);
    expect(sent(last())).toMatchObject({
      method: "PUT",
      path: "/api/2.0/crm/contact/status/settings",
    });
    expect(lastBody()).toEqual({ changeContactStatusGroupAuto: true });
    expect(await crm.setMailToHistoryAuto(false)).toBe(false);
    expect(sent(last()).path).toBe("/api/2.0/crm/contact/mailtohistory/settings");
    expect(lastBody()).toEqual({ writeMailToHistoryAuto: false });
    expect(await crm.setCompanyTagToPeopleAuto(true)).toBe(true);
    expect(sent(last()).path).toBe("/api/2.0/crm/contact/tag/settings");
    expect(lastBody()).toEqual({ addTagToContactGroupAuto: true });
  });

  it("refuse a value that is not a boolean (a missing one would save null)", async () => {
    // @ts-expect-error: a boolean is required
    await expect(crm.setContactStatusAutoChange()).rejects.toThrow(TypeError);
    // @ts-expect-error: not a boolean
    await expect(crm.setCompanyTagToPeopleAuto("yes")).rejects.toThrow(TypeError);
    expect(portal.requests).toHaveLength(0);
  });
});

describe("setPortalConfigured and the web-form key", () => {
  it("always sends the key the caller gives; changeWebFormKey makes a new one", async () => {
    const key = await crm.changeWebFormKey();
    expect(sent(last())).toMatchObject({
      method: "PUT",
      path: "/api/2.0/crm/settings/webformkey/change",
    });
    expect(key).toMatch(/^[\da-f-]{36}$/);
    expect(await crm.setPortalConfigured({ configured: true, webFormKey: key })).toBe(true);
    expect(sent(last())).toMatchObject({ method: "PUT", path: "/api/2.0/crm/settings" });
    expect(lastBody()).toEqual({ configured: true, webFormKey: key });
  });

  it("refuses a call without the key, or with one that is not a GUID", async () => {
    // @ts-expect-error: the key is required
    await expect(crm.setPortalConfigured({ configured: true })).rejects.toThrow(
      /webFormKey is required/,
    );
    await expect(crm.setPortalConfigured({ configured: true, webFormKey: "abc" })).rejects.toThrow(
      /GUID/,
    );
    expect(portal.requests).toHaveLength(0);
  });
});

describe("the organisation on invoices", () => {
  it("setOrganisationName shows in the invoice settings", async () => {
    expect(await crm.setOrganisationName("Contoso Billing")).toBe("Contoso Billing");
    expect(lastBody()).toEqual({ companyName: "Contoso Billing" });
    expect((await crm.getInvoiceSettings()).companyName).toBe("Contoso Billing");
  });

  it('setOrganisationName("") takes the name off the invoices, the portal\'s only way (:209-224)', async () => {
    expect(await crm.setOrganisationName("")).toBe("");
    expect(lastBody()).toEqual({ companyName: "" });
    expect((await crm.getInvoiceSettings()).companyName).toBe("");
    const before = portal.requests.length;
    // @ts-expect-error: a string is required
    await expect(crm.setOrganisationName(null)).rejects.toThrow(TypeError);
    expect(portal.requests).toHaveLength(before);
  });

  it("setOrganisationAddress sends the parts and resolves to the address parsed", async () => {
    const address = await crm.setOrganisationAddress({
      street: "1 Main St",
      city: "Berlin",
      country: "DE",
    });
    expect(sent(last())).toMatchObject({
      method: "PUT",
      path: "/api/2.0/crm/settings/organisation/address",
    });
    expect(lastBody()).toEqual({ street: "1 Main St", city: "Berlin", country: "DE" });
    expect(address).toEqual({ street: "1 Main St", city: "Berlin", country: "DE" });
    expect(JSON.parse((await crm.getInvoiceSettings()).companyAddress!)).toMatchObject({
      type: "Billing",
      zip: null,
    });
    // @ts-expect-error: not a part of an address
    await expect(crm.setOrganisationAddress({ street: "x", town: "y" })).rejects.toThrow(
      /no field town/,
    );
  });

  it("setOrganisationLogo: none resets, uploaded without an upload is the portal's 500; getOrganisationLogo", async () => {
    expect(await crm.setOrganisationLogo("none")).toBe(0);
    expect(lastBody()).toEqual({ reset: true });
    await expect(crm.setOrganisationLogo("uploaded")).rejects.toMatchObject({ status: 500 });
    expect(lastBody()).toEqual({ reset: false });
    // @ts-expect-error: only "uploaded" or "none"
    await expect(crm.setOrganisationLogo(true)).rejects.toThrow(
      /logo must be one of uploaded, none/,
    );
    expect(await crm.getOrganisationLogo()).toBe("");
    expect(sent(last())).toEqual({
      method: "GET",
      path: "/api/2.0/crm/settings/organisation/logo",
      query: {},
    });
    await crm.getOrganisationLogo(7);
    expect(sent(last()).query).toEqual({ id: "7" });
  });

  it("a settings-only client has these methods only", () => {
    const only = createCrmClientFor([settings], { baseUrl: portal.url, token: portal.token });
    expect(typeof only.changeWebFormKey).toBe("function");
    // @ts-expect-error: not a settings method
    expect(only.getInvoice).toBeUndefined();
  });
});

describe("import and export jobs", () => {
  // The keys the portal reads (ImportCSVSettings.cs:31-41): the delimiter, the encoding's code
  // page and the quote as numbers.
  const csvSettings = {
    has_header: true,
    delimiter_character: 44,
    encoding: 65001,
    quote_character: 34,
  };
  const csv = { csvFileUri: "import/contacts.csv", settings: csvSettings };

  it("startImport sends the file's key and the settings as a JSON string; waitForImport waits", async () => {
    expect(await crm.startImport("deal", csv)).toBe("");
    expect(sent(last())).toMatchObject({
      method: "POST",
      path: "/api/2.0/crm/opportunity/import/start",
    });
    expect(lastBody()).toEqual({
      csvFileURI: "import/contacts.csv",
      jsonSettings: JSON.stringify(csvSettings),
    });
    const done = await crm.waitForImport("deal", { intervalMs: 250 });
    expect(done).toMatchObject({ isCompleted: true, percentage: 100, status: null });
    expect(
      portal.requests.filter((r) => r.url.endsWith("/opportunity/import/status")),
    ).toHaveLength(3);
    const before = portal.requests.length;
    await expect(crm.waitForImport("person" as never)).rejects.toThrow(
      "entity must be one of contact, deal, case, task",
    );
    expect(portal.requests).toHaveLength(before); // refused before the first read
  });

  it("getImportSampleRow and uploadImportFile read the uploaded file", async () => {
    // A JSON object's text (ImportFromCSV.cs:60-75); with a header, row 0 is the first record.
    expect(JSON.parse(await crm.getImportSampleRow({ ...csv, row: 1 }))).toEqual({
      data: ["Alan", "Turing", "alan@example.org"],
      isMaxIndex: true,
    });
    expect(sent(last())).toEqual({
      method: "GET",
      path: "/api/2.0/crm/import/samplerow",
      query: {
        csvFileURI: "import/contacts.csv",
        jsonSettings: JSON.stringify(csvSettings),
        indexRow: "1",
      },
    });
    await expect(crm.getImportSampleRow({ ...csv, row: -1 })).rejects.toThrow(RangeError);
    // Settings without the delimiter, encoding or quote: the portal's ArgumentNullException, a 400.
    const loose = { ...csv, settings: { has_header: true, separator: "," } };
    await expect(crm.getImportSampleRow({ ...loose, row: 0 })).rejects.toBeInstanceOf(
      BadRequestError,
    );
    await expect(crm.startImport("contact", loose)).rejects.toBeInstanceOf(BadRequestError);
    await expect(crm.uploadImportFile(loose)).rejects.toBeInstanceOf(BadRequestError);
  });

  it("uploadImportFile: `data` is base64 of the file's JSON description, not an object", async () => {
    // ImportFromCSVManager.cs:44-78: Global.EncodeTo64(jObject.ToString()).
    const result = await crm.uploadImportFile(csv);
    expect(result).toMatchObject({ success: true, message: null });
    expect(JSON.parse(Buffer.from(result.data as string, "base64").toString("utf8"))).toEqual({
      headerColumns: ["First Name", "Last Name", "Email"],
      firstContactFields: ["Ada", "Lovelace", "ada@example.org"],
      isMaxIndex: false,
      assignedPath: "import/contacts.csv",
    });
    // A file not in the temp store: 201 and success false, not a 400 (:51-53).
    expect(await crm.uploadImportFile({ ...csv, csvFileUri: "nope.csv" })).toEqual({
      success: false,
      data: null,
      message: null,
    });
  });

  it("startExport, getExportStatus and waitForExport: the file's URL when done", async () => {
    const started = await crm.startExport();
    expect(sent(last())).toMatchObject({ method: "POST", path: "/api/2.0/crm/export/start" });
    // `currentPart` is the CSV file being written, a string, null before the first
    // (ExportToCSV.cs:188, 368-432): never a number.
    expect(started).toMatchObject({
      status: 0,
      isCompleted: false,
      fileUrl: null,
      currentPart: null,
    });
    const done = await crm.waitForExport({ intervalMs: 250 });
    expect(done).toMatchObject({
      status: 2,
      isCompleted: true,
      currentPart: "Opportunities_0.csv",
    });
    expect(done.fileUrl).toMatch(/\.zip$/);
    expect(await crm.getExportStatus()).toMatchObject({ isCompleted: true });
  });

  it("no job: the portal answers `{}` (a null, ApiHttpHandlerBase.cs:195-199), resolved to null", async () => {
    expect(await crm.getImportStatus("contact")).toBeNull();
    expect(await crm.getExportStatus()).toBeNull();
    expect(await crm.cancelExport()).toBeNull();
    expect(await crm.getPartialExportStatus()).toBeNull();
    expect(await crm.cancelPartialExport()).toBeNull();
    // A wait that starts before the job shows keeps reading past the `{}`.
    await crm.startPartialExport("contact", { tags: { value: ["vip"] } });
    expect(await crm.waitForPartialExport({ intervalMs: 250 })).toMatchObject({
      isCompleted: true,
    });
  });

  it("cancelExport stops a running export", async () => {
    await crm.startExport();
    expect(await crm.cancelExport()).toMatchObject({ status: 3, isCompleted: true });
    expect(sent(last())).toMatchObject({ method: "PUT", path: "/api/2.0/crm/export/cancel" });
  });

  it("startPartialExport sends the filter base64; waitForPartialExport honours its time limit and signal", async () => {
    // The portal reads `id`/`params` items joined by `;`, each `params` base64 of its JSON
    // (Filter.cs:379-457); an object without them is skipped and everything is exported.
    const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64");
    const filter = { tags: { value: ["vip"] }, contactStage: { value: 1 } };
    await crm.startPartialExport("product", filter);
    expect(sent(last())).toMatchObject({
      method: "POST",
      path: "/api/2.0/crm/export/partial/invoiceitem/start",
    });
    const items = (body: unknown) =>
      Buffer.from((body as { base64FilterString: string }).base64FilterString, "base64")
        .toString("utf8")
        .split(";")
        .map((item) => JSON.parse(item) as unknown);
    expect(items(lastBody())).toEqual([
      { id: "tags", params: b64({ value: ["vip"] }) },
      { id: "contactStage", params: b64({ value: 1 }) },
    ]);
    // UTF-8 underneath: accents, symbols and a character outside the BMP.
    const wide = { text: { value: "Café ☕ 𝄞; more" } };
    await crm.startPartialExport("contact", wide);
    expect(items(lastBody())).toEqual([{ id: "text", params: b64(wide.text) }]);
    await expect(crm.waitForPartialExport({ intervalMs: 250, waitMs: 100 })).rejects.toThrow(
      /did not complete/,
    );
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error("stop")), 50);
    await expect(
      crm.waitForPartialExport({ intervalMs: 1000, signal: controller.signal }),
    ).rejects.toThrow("stop");
    expect(await crm.getPartialExportStatus()).toMatchObject({ isCompleted: true });
    expect(await crm.cancelPartialExport()).toMatchObject({ status: 2 });
    await expect(crm.startPartialExport("contact", {})).rejects.toThrow(/non-empty filter/);
    // A filter whose fields are all undefined is sent as `{}`: refused the same way, unsent.
    const empty = portal.requests.length;
    await expect(crm.startPartialExport("contact", { tags: undefined })).rejects.toThrow(
      "filter must be a non-empty filter object: the portal answers 400 to an empty one",
    );
    await expect(crm.startPartialExport("contact", "tags" as never)).rejects.toThrow(
      "filter must be an object, got string",
    );
    // An item's params are an object (`{ value }`, `{ id, sortOrder }`, `{ from, to }`).
    await expect(crm.startPartialExport("contact", { tags: ["vip"] })).rejects.toThrow(
      "filter.tags must be an object, got array",
    );
    expect(portal.requests).toHaveLength(empty);
    // The refusal of an unknown entity lists every word it takes, `product` too.
    const unsent = portal.requests.length;
    await expect(crm.startPartialExport("person" as never, { tags: ["vip"] })).rejects.toThrow(
      "entity must be one of contact, deal, case, task, product",
    );
    expect(portal.requests).toHaveLength(unsent);
    // A limit that is no whole number would wait forever (NaN) or not at all: refused unsent.
    const before = portal.requests.length;
    await expect(crm.waitForExport({ waitMs: Number.NaN })).rejects.toThrow(/waitMs/);
    await expect(crm.waitForExport({ intervalMs: 0.5 })).rejects.toThrow(/intervalMs/);
    // A signal aborted before the first read: its reason, and nothing is sent.
    await expect(
      crm.waitForExport({ signal: AbortSignal.abort(new Error("gone")) }),
    ).rejects.toThrow("gone");
    expect(portal.requests).toHaveLength(before);
  });
});
