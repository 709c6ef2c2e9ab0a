// The fake portal's files: the routes of `CRMApi.RelationshipEvent.cs` (module/ASC.Api/ASC.Api.CRM/)
// for an entity's files and the CRM folder, and the Documents module's `GET file/{fileId}`
// (module/ASC.Api/ASC.Api.Documents/DocumentsApi.cs:1054-1059), which alone tells a file's
// folder. Line numbers are of CRMApi.RelationshipEvent.cs unless named; `CRM/` is
// web/studio/ASC.Web.Studio/Products/CRM/.
import type { components } from "../../../generated/schema";
import type { Route } from "../core/routes";
import { apiDateTime, type EventRow, type FileRow, type PortalState } from "../core/state";
import { accessDenied, badArgument, notFound, PortalError, serverError } from "../core/wire";
import { eventForm, visibleDeal } from "./history";

type DocumentFile = components["schemas"]["HistoryFile"];

/** The CRM's own folder, `crm_common` (CRM/Core/Dao/FileDao.cs:54-57). */
export const CRM_FOLDER = 1001;
/** The user's "My documents", where a file the CRM must not take lives. */
export const MY_FOLDER = 1002;

/**
 * Seeded files: 501 in the CRM folder, attached to event 203 of case 42; 502 in the CRM folder,
 * attached to nothing; 503 in the user's own documents.
 */
export function seedFiles(state: PortalState): void {
  const anna = state.me.id;
  const at = "2024-03-07T09:30:00.0000000+03:00";
  const rows: FileRow[] = [
    {
      id: 501,
      title: "fuser-invoice.pdf",
      folderId: CRM_FOLDER,
      content: "%PDF",
      created: at,
      createBy: anna,
    },
    {
      id: 502,
      title: "contract.docx",
      folderId: CRM_FOLDER,
      content: "contract",
      created: at,
      createBy: anna,
    },
    {
      id: 503,
      title: "holiday.jpg",
      folderId: MY_FOLDER,
      content: "jpeg",
      created: at,
      createBy: anna,
    },
  ];
  for (const row of rows) state.files.set(row.id, row);
  if (state.events.has(203)) state.eventFiles.set(203, [501]);
}

/** A file's extension, with its dot. */
const extension = (title: string) => /\.[^.]*$/.exec(title)?.[0] ?? "";

/**
 * Documents' `FileWrapper` (ASC.Api.Documents/FileWrapper.cs:38-117, FileEntryWrapper.cs:35-129):
 * `access` 0 (none, i.e. full) for its author, else 2 (read) (CRM/Core/Security/CRMSecutiry.cs:201-207).
 */
export function fileForm(state: PortalState, row: FileRow): DocumentFile {
  const bytes = Buffer.byteLength(row.content);
  const by = state.user(row.createBy);
  return {
    id: row.id,
    title: row.title,
    access: row.createBy === state.me.id ? 0 : 2,
    shared: false,
    created: row.created,
    createdBy: by,
    updated: row.created,
    updatedBy: by,
    rootFolderType: row.folderId === CRM_FOLDER ? 2 : 5, // BUNCH or USER
    folderId: row.folderId,
    version: 1,
    versionGroup: 1,
    contentLength: `${bytes} bytes`,
    ...(bytes && { pureContentLength: bytes }),
    fileStatus: 0,
    viewUrl: `/Products/Files/HttpHandlers/filehandler.ashx?action=download&fileid=${row.id}`,
    webUrl: `/Products/Files/DocEditor.aspx?fileid=${row.id}`,
    fileExst: extension(row.title),
    comment: null,
  };
}

/** The files of events, those that still exist, each once. */
export function filesOfEvents(state: PortalState, events: EventRow[]): FileRow[] {
  const ids = new Set(events.flatMap((row) => state.eventFiles.get(row.id) ?? []));
  return [...ids].flatMap((id) => state.files.get(id) ?? []);
}

/**
 * `RelationshipEventDao.RemoveFile`: only its author may (`DemandDelete(File)`, a 403,
 * CRMSecutiry.cs:372-381, 622-625); the file goes from Documents and from every event
 * (CRM/Core/Dao/RelationshipEventDao.cs:264-291).
 */
export function removeFile(state: PortalState, row: FileRow): void {
  if (row.createBy !== state.me.id) throw accessDenied();
  state.files.delete(row.id);
  for (const [eventId, ids] of state.eventFiles) {
    state.eventFiles.set(
      eventId,
      ids.filter((id) => id !== row.id),
    );
  }
}

/** `FileUploader.Exec` into the CRM folder; an empty file is a plain Exception (FILES/Utils/FileUploader.cs:51-52). */
function saveFile(state: PortalState, title: string, content: string): FileRow {
  if (!content) throw serverError("Empty file", -2146233088);
  const row: FileRow = {
    id: state.newId(state.files),
    title,
    folderId: CRM_FOLDER,
    content,
    created: state.now(),
    createBy: state.me.id,
  };
  state.files.set(row.id, row);
  return row;
}

/** `GetEntityTitle(…, checkAccess: true)`: the entity must exist and be readable, else a 404 (CRMApi.cs:87-134). */
function entityOrNotFound(state: PortalState, kind: string, id: number): void {
  if (kind === "contact" && !state.visibleContact(id)) throw notFound();
  if (kind === "opportunity" && !visibleDeal(state, id)) throw notFound();
  if (kind === "case") {
    const c = state.cases.get(id);
    if (!c || !state.mayRead(c)) throw notFound();
  }
}

/**
 * `AttachFiles` (:461-501): every file must be directly in the CRM folder (400), the entity must
 * exist (404); a new system event (category -2, "Files are uploaded") holds them, even with no
 * files at all (RelationshipEventDao.cs:109-133). A contact's event has no entity.
 */
function attach(state: PortalState, kind: string, entityId: number, fileIds: number[]) {
  if (entityId <= 0) throw badArgument();
  const files = fileIds.flatMap((id) => state.files.get(id) ?? []); // unknown IDs are skipped here…
  if (files.some((file) => file.folderId !== CRM_FOLDER)) throw badArgument("invalid file folder");
  entityOrNotFound(state, kind, entityId);
  const row: EventRow = {
    id: state.newId(state.events),
    contactId: kind === "contact" ? entityId : 0,
    entityType: kind === "contact" ? "" : (kind as "case" | "opportunity"),
    entityId: kind === "contact" ? 0 : entityId,
    content: "Files are uploaded",
    categoryId: -2,
    created: state.now(),
    createBy: state.me.id,
  };
  state.events.set(row.id, row);
  state.eventFiles.set(row.id, [...fileIds]); // …and linked all the same, dangling
  return eventForm(state, row, true);
}

/** The raw multipart body's file parts, as the fake reads them (text content only). */
function fileParts(contentType: string, body: string): { name: string; content: string }[] {
  const boundary = /boundary="?([^";]+)"?/i.exec(contentType)?.[1];
  if (!boundary) return [];
  return body
    .split(`--${boundary}`)
    .slice(1, -1)
    .flatMap((part) => {
      const [head = "", ...rest] = part.replace(/^\r\n/, "").split("\r\n\r\n");
      const name = /filename="([^"]*)"/i.exec(head)?.[1];
      return name === undefined
        ? []
        : [{ name, content: rest.join("\r\n\r\n").replace(/\r\n$/, "") }];
    });
}

const ENTITY = "(?<entityType>contact|opportunity|case)/(?<entityid>[0-9]+)";

export const fileRoutes: Route[] = [
  [
    "GET",
    "files/root",
    // A bare number: the `crm_common` bunch folder, made on first use (:513-517).
    () => ({ value: CRM_FOLDER }),
  ],
  [
    "GET",
    `${ENTITY}/files`,
    ({ state, args }) => {
      const kind = args.string("entityType")!.toLowerCase();
      const entityId = args.int("entityid");
      if (entityId <= 0) throw badArgument(); // :535
      // No access check on the entity (:532-549): every file of its events.
      const events = [...state.events.values()].filter((row) =>
        kind === "contact"
          ? row.contactId === entityId
          : row.entityType === kind && row.entityId === entityId,
      );
      return { value: filesOfEvents(state, events).map((row) => fileForm(state, row)) };
    },
  ],
  [
    "POST",
    `${ENTITY}/files`,
    ({ state, args }) => ({
      value: attach(
        state,
        args.string("entityType")!.toLowerCase(),
        args.int("entityid"),
        args.ints("fileids"),
      ),
    }),
  ],
  [
    "POST",
    `${ENTITY}/files/text`,
    ({ state, args }) => {
      let title = args.string("title");
      const content = args.string("content");
      if (title === undefined) throw badArgument("Value cannot be null.\r\nParameter name: title"); // :205
      if (content === undefined)
        throw badArgument("Value cannot be null.\r\nParameter name: content"); // :206
      // `.html` only for a tag with whitespace inside (:212-219), appended unless already there.
      const ext = /<([^\s>]*)(\s[^<]*)>/.test(content) ? ".html" : ".txt";
      if (!title.toLowerCase().endsWith(ext)) title += ext;
      const row = saveFile(state, title, content); // saved first: a bad entity leaves it behind
      attach(state, args.string("entityType")!.toLowerCase(), args.int("entityid"), [row.id]);
      return { value: fileForm(state, row) };
    },
  ],
  [
    "POST",
    `${ENTITY}/files/upload`,
    ({ state, args, request }) => {
      // Writes the user's setting whether or not it was sent (:270; FilesSettings.cs:170-179).
      state.storeOriginalFiles = args.bool("storeOriginalFileFlag") ?? false;
      const parts = fileParts(request.contentType, request.body);
      // Without a multipart file the raw body is the file, named by Content-Disposition (:284-288).
      if (!parts.length) {
        const name = /filename="?([^";]+)"?/i.exec(request.contentDisposition)?.[1];
        if (name === undefined)
          throw serverError("Object reference not set to an instance of an object.");
        parts.push({ name, content: request.body });
      }
      // Saved into the CRM folder, attached to nothing; the answer is the last file (:275-291).
      const saved = parts.map((part) => saveFile(state, part.name, part.content));
      return { value: fileForm(state, saved[saved.length - 1]!) };
    },
  ],
  [
    "DELETE",
    "files/(?<fileid>[0-9]+)",
    ({ state, args }) => {
      const row = state.files.get(args.int("fileid"));
      if (!row) throw notFound(); // :575
      const wrapper = fileForm(state, row);
      removeFile(state, row); // any Documents file its author may delete, not only the CRM's
      return { value: wrapper };
    },
  ],
];

/** Routes below `/api/2.0/files/` (the Documents module), served for the folder check. */
export const documentsRoutes: Route[] = [
  [
    "GET",
    "file/(?<fileId>[^/]+)",
    ({ state, args }) => {
      const row = state.files.get(Number(args.string("fileId")));
      if (!row) throw new PortalError(404, "File not found", -2146233079); // DocumentsApi.cs:1057
      return { value: fileForm(state, row) };
    },
  ],
];
