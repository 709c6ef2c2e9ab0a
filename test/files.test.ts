// The Files area (the CRM folder, a record's files, attaching, uploading, text files, deleting)
// against the fake portal over real HTTP: what goes out, what comes back, what is refused before
// anything is sent, and what is never repeated.
import {
  BadRequestError,
  createCrmClient,
  InternalServerError,
  NotFoundError,
  type CrmClient,
  type DocumentFile,
  type RelationshipEvent,
} from "../src";
import { startFakePortal, type FakePortal } from "../src/testing";

import { sent } from "./requests";

let portal: FakePortal;
let crm: CrmClient;

beforeEach(async () => {
  portal = await startFakePortal();
  crm = createCrmClient({ baseUrl: portal.url, token: portal.token });
});
afterEach(() => portal.close());

const titles = (files: DocumentFile[]) => files.map((file) => file.title);
const CRM_FOLDER = 1001; // the fake portal's `crm_common`

describe("getFilesFolder, listFiles, getDocumentsFile", () => {
  it("GET files/root is the CRM folder's ID, a bare number", async () => {
    await expect(crm.getFilesFolder()).resolves.toBe(CRM_FOLDER);
    expect(sent(portal.requests[0])).toEqual({
      method: "GET",
      path: "/api/2.0/crm/files/root",
      query: {},
    });
  });

  it("GET {entityType}/{id}/files lists the files of the record's events; deal is opportunity", async () => {
    const files = await crm.listFiles("case", 42);
    expect(sent(portal.requests[0])).toEqual({
      method: "GET",
      path: "/api/2.0/crm/case/42/files",
      query: {},
    });
    expect(titles(files)).toEqual(["fuser-invoice.pdf"]);
    expect(files[0]).toMatchObject({ id: 501, folderId: CRM_FOLDER, access: 0, version: 1 });
    await expect(crm.listFiles("deal", 21)).resolves.toEqual([]);
    expect(sent(portal.requests[1]).path).toBe("/api/2.0/crm/opportunity/21/files");
    // No access check and no existence check: a missing record lists nothing.
    await expect(crm.listFiles("contact", 404404)).resolves.toEqual([]);
  });

  it("GET /api/2.0/files/file/{id} (the Documents API) tells a file's folder", async () => {
    const file = await crm.getDocumentsFile(503);
    expect(sent(portal.requests[0]).path).toBe("/api/2.0/files/file/503");
    expect(file.folderId).not.toBe(CRM_FOLDER);
    await expect(crm.getDocumentsFile(999)).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe("attachFiles", () => {
  it("checks each file's folder first, then POSTs {entityType}/{id}/files: a new system event", async () => {
    const event: RelationshipEvent = await crm.attachFiles("contact", 8, [502]);
    expect(portal.requests.map((r) => `${r.method} ${sent(r).path}`)).toEqual([
      "GET /api/2.0/crm/files/root",
      "GET /api/2.0/files/file/502",
      "POST /api/2.0/crm/contact/8/files",
    ]);
    expect(JSON.parse(portal.requests[2]!.body)).toEqual({ fileids: [502] });
    expect(event).toMatchObject({
      category: { id: -2 },
      contact: { id: 8 },
      entity: null,
      files: [{ id: 502, title: "contract.docx" }],
    });
    expect(titles(await crm.listFiles("contact", 8))).toEqual(["contract.docx"]);
  });

  it("refuses a file outside the CRM folder, or a missing one, and sends no POST", async () => {
    await expect(crm.attachFiles("case", 42, [503])).rejects.toThrow(/not in the CRM's folder/);
    await expect(crm.attachFiles("case", 42, [999])).rejects.toThrow(/does not exist/);
    expect(portal.requests.filter((r) => r.method === "POST")).toHaveLength(0);
  });

  it("the portal itself refuses a file outside its folder (400) and a hidden record (404)", async () => {
    const raw = (path: string, body: unknown) =>
      fetch(`${portal.url}/api/2.0/crm/${path}`, {
        method: "POST",
        headers: { Authorization: portal.token, "Content-Type": "application/json" },
        body: JSON.stringify(body),
      }).then((r) => r.status);
    await expect(raw("case/42/files", { fileids: [503] })).resolves.toBe(400);
    await expect(raw("case/99/files", { fileids: [502] })).resolves.toBe(404);
  });

  it("is not repeated after a 500 (the reads before it are not either)", async () => {
    const file = await fetch(`${portal.url}/api/2.0/files/file/502`, {
      headers: { Authorization: portal.token },
    }).then((r) => r.text());
    const json = (body: string) => (_req: unknown, res: import("node:http").ServerResponse) =>
      void res.writeHead(200, { "Content-Type": "application/json" }).end(body);
    portal.queue(
      json(JSON.stringify({ status: 0, statusCode: 200, count: 1, response: CRM_FOLDER })),
      json(file),
      (_req, res) => res.writeHead(500).end(),
    );
    const before = portal.requests.length;
    await expect(crm.attachFiles("case", 42, [502])).rejects.toBeInstanceOf(InternalServerError);
    expect(portal.requests.length - before).toBe(3);
  });
});

describe("uploadFile", () => {
  it("streams the Blob as a multipart file part named as asked, storeOriginalFileFlag always sent", async () => {
    const file = await crm.uploadFile("deal", 21, new Blob(["quote v1"], { type: "text/plain" }), {
      name: "quote.txt",
    });
    const [request] = portal.requests;
    expect(sent(request)).toEqual({
      method: "POST",
      path: "/api/2.0/crm/opportunity/21/files/upload",
      query: { storeOriginalFileFlag: "true" },
    });
    expect(request?.headers["content-type"]).toMatch(/^multipart\/form-data; boundary=/);
    expect(request?.body).toMatch(/name="file"; filename="quote.txt"\r\n/);
    expect(request?.body).toContain("quote v1");
    expect(file).toMatchObject({ title: "quote.txt", folderId: CRM_FOLDER });
    // Saved, not attached.
    await expect(crm.listFiles("deal", 21)).resolves.toEqual([]);
    await crm.uploadFile("deal", 21, new Blob(["x"]), { name: "b.txt", storeOriginal: false });
    expect(sent(portal.requests[2]).query).toEqual({ storeOriginalFileFlag: "false" });
  });

  it("refuses what is not a Blob, an empty Blob, or no name; nothing is sent", async () => {
    await expect(crm.uploadFile("case", 42, "text" as never, { name: "a" })).rejects.toThrow(
      TypeError,
    );
    await expect(crm.uploadFile("case", 42, new Blob([]), { name: "a" })).rejects.toThrow(/empty/);
    await expect(crm.uploadFile("case", 42, new Blob(["x"]), {} as never)).rejects.toThrow(
      TypeError,
    );
    await expect(
      crm.uploadFile("task" as never, 42, new Blob(["x"]), { name: "a" }),
    ).rejects.toThrow(RangeError);
    expect(portal.requests).toHaveLength(0);
  });

  it("is not repeated after a 500", async () => {
    portal.queue((_req, res) => res.writeHead(500).end());
    await expect(
      crm.uploadFile("case", 42, new Blob(["x"]), { name: "a.txt" }),
    ).rejects.toBeInstanceOf(InternalServerError);
    expect(portal.requests).toHaveLength(1);
  });
});

describe("createTextFile", () => {
  it("POSTs {entityType}/{id}/files/text; the file is saved and attached", async () => {
    const file = await crm.createTextFile("case", 42, { title: "minutes", content: "Agreed." });
    expect(sent(portal.requests[0])).toEqual({
      method: "POST",
      path: "/api/2.0/crm/case/42/files/text",
      query: {},
    });
    expect(JSON.parse(portal.requests[0]!.body)).toEqual({ title: "minutes", content: "Agreed." });
    expect(file.title).toBe("minutes.txt");
    expect(titles(await crm.listFiles("case", 42))).toContain("minutes.txt");
    const html = await crm.createTextFile("case", 42, {
      title: "m",
      content: '<p class="x">Hi</p>',
    });
    expect(html.title).toBe("m.html");
  });

  it("refuses empty content (a portal answers 500) and an empty title", async () => {
    await expect(crm.createTextFile("case", 42, { title: "a", content: "" })).rejects.toThrow(
      /empty/,
    );
    await expect(crm.createTextFile("case", 42, { title: "", content: "x" })).rejects.toThrow(
      RangeError,
    );
    expect(portal.requests).toHaveLength(0);
  });

  it("a hidden record is a 404 after the file was saved", async () => {
    await expect(
      crm.createTextFile("case", 99, { title: "x", content: "y" }),
    ).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe("deleteFile and the files of a deleted event", () => {
  it("needs { deleteFromDocuments: true }; then DELETE files/{id} removes it everywhere", async () => {
    await expect(crm.deleteFile(501, undefined as never)).rejects.toThrow(/deleteFromDocuments/);
    await expect(crm.deleteFile(501, { deleteFromDocuments: false } as never)).rejects.toThrow(
      RangeError,
    );
    expect(portal.requests).toHaveLength(0);
    const file = await crm.deleteFile(501, { deleteFromDocuments: true });
    expect(sent(portal.requests[0])).toEqual({
      method: "DELETE",
      path: "/api/2.0/crm/files/501",
      query: {},
    });
    expect(file.id).toBe(501);
    await expect(crm.listFiles("case", 42)).resolves.toEqual([]);
    await expect(crm.deleteFile(501, { deleteFromDocuments: true })).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });

  it("deleting a history event deletes its files from Documents (the portal's cascade)", async () => {
    const event = await crm.attachFiles("case", 42, [502]);
    await expect(crm.deleteHistoryEvent(event.id)).rejects.toThrow(/deleteFromDocuments/);
    await crm.deleteHistoryEvent(event.id, { deleteFromDocuments: true });
    await expect(crm.getDocumentsFile(502)).rejects.toBeInstanceOf(NotFoundError);
  });

  it("a file attached with a note shows in the note (the portal does not check it)", async () => {
    const res = await fetch(`${portal.url}/api/2.0/crm/history`, {
      method: "POST",
      headers: { Authorization: portal.token, "Content-Type": "application/json" },
      body: JSON.stringify({ contactId: 8, content: "x", categoryId: 20, fileId: [503] }),
    });
    expect(res.status).toBe(201);
    await expect(crm.listFiles("contact", 8)).resolves.toMatchObject([{ id: 503 }]);
  });

  it("types", () => {
    // @ts-expect-error the consent is required
    const one = () => crm.deleteFile(501);
    // @ts-expect-error an entity is contact, deal or case
    const two = () => crm.listFiles("opportunity", 5);
    const three: () => Promise<number> = () => crm.getFilesFolder();
    expect([one, two, three]).toHaveLength(3);
    expect(BadRequestError).toBeDefined();
  });
});
