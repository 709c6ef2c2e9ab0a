// Files of contacts, deals and cases: the CRM's own Documents folder, the files attached to a
// record, attaching, uploading, text files and deleting. The routes take the kind of record as a
// path segment; these methods take the user's word (`deal`) and send the portal's (`opportunity`).
import { filesOperations } from "../../generated/operations";
import type { components } from "../../generated/schema";
import { NotFoundError } from "../core/errors";
import { anyText, entity, flag, id, ids, text, wrongType, type Check } from "../core/guards";
import type { RequestOptions } from "../core/options";
import {
  formData,
  shaped,
  type Arg,
  type Area,
  type Call,
  type LinesFor,
  type ReadFirst,
  type Shape,
} from "../core/shapes";
import type { RelationshipEvent } from "./history";

/** A Documents file, as the portal describes it (Documents' `FileWrapper`). */
export type DocumentFile = components["schemas"]["HistoryFile"];

/** The kinds of record that have files. */
export type FileEntity = "contact" | "deal" | "case";

export interface NewTextFile {
  /** The file's name; `.txt` (or `.html` for HTML content) is added unless it ends so. */
  title: string;
  /** The text; not empty (a portal answers 500 for an empty file). */
  content: string;
}

export interface UploadOptions {
  /** The file's name in Documents. */
  name: string;
  /**
   * Keep the original as well when Documents converts the file; default `true`. A portal stores
   * this as your own Documents setting, so the client always sends it.
   */
  storeOriginal?: boolean;
}

/** The explicit consent `deleteFile` needs. */
export interface DeleteFileConsent {
  /** The portal deletes the file itself from Documents (not a link to it): say so. */
  deleteFromDocuments: true;
}

export interface FileMethods {
  /** `GET files/root`: the ID of the CRM's own Documents folder (made on first use). */
  getFilesFolder(options?: RequestOptions): Promise<number>;
  /**
   * `GET {entityType}/{entityid}/files`: every file attached to the record's history (for a
   * contact, also its events on cases and deals). A missing record lists nothing.
   */
  listFiles(entity: FileEntity, id: number, options?: RequestOptions): Promise<DocumentFile[]>;
  /**
   * `POST {entityType}/{entityid}/files`: attaches files of the CRM folder to the record, in a
   * new history event it resolves to. Each file is checked first (`getFilesFolder` and
   * `getDocumentsFile`): one that is missing or outside the CRM folder is refused, because a
   * portal links a missing file anyway and deleting the event deletes a linked file from
   * Documents. Not retried after it may have run.
   */
  attachFiles(
    entity: FileEntity,
    id: number,
    fileIds: number[],
    options?: RequestOptions,
  ): Promise<RelationshipEvent>;
  /**
   * `POST {entityType}/{entityid}/files/upload`: saves `file` (a `Blob` or `File`, streamed as
   * multipart) in the CRM folder and resolves to it. It attaches nothing: follow with
   * `attachFiles`. Sends `storeOriginalFileFlag` every time (a portal would otherwise reset your
   * own setting to false). Not retried after it may have run.
   */
  uploadFile(
    entity: FileEntity,
    id: number,
    file: Blob,
    upload: UploadOptions,
    options?: RequestOptions,
  ): Promise<DocumentFile>;
  /**
   * `POST {entityType}/{entityid}/files/text`: saves `content` as a file in the CRM folder and
   * attaches it to the record; resolves to the file. A missing record is a NotFoundError after
   * the file was saved. Not retried after it may have run.
   */
  createTextFile(
    entity: FileEntity,
    id: number,
    file: NewTextFile,
    options?: RequestOptions,
  ): Promise<DocumentFile>;
  /**
   * `DELETE files/{fileid}`: deletes the file **from Documents** and from every record that shows
   * it; needs `{ deleteFromDocuments: true }`. Resolves to the file as it was.
   */
  deleteFile(
    fileId: number,
    consent: DeleteFileConsent,
    options?: RequestOptions,
  ): Promise<DocumentFile>;
  /** `GET /api/2.0/files/file/{fileId}` (the Documents API): a file's details, its folder among them. */
  getDocumentsFile(fileId: number, options?: RequestOptions): Promise<DocumentFile>;
}

const record: Arg = [
  "entity",
  "entityType",
  entity({ contact: "contact", deal: "opportunity", case: "case" }),
];
const recordId: Arg = ["id", "entityid", id];

/**
 * Files to attach: some, each once, each in the CRM folder (asked before anything is sent, since
 * the portal links any file ID and deleting the event deletes the file). `name` is the argument's.
 */
export async function crmFiles(name: string, value: unknown, call: Call): Promise<number[]> {
  const list = ids(name, value); // refuses an empty list
  if (new Set(list).size !== list.length) throw new RangeError(`${name} names a file twice`);
  const crm = call.crm as FileMethods;
  const folder = await crm.getFilesFolder(call.options);
  for (const fileId of list) {
    const file = await crm.getDocumentsFile(fileId, call.options).catch((error: unknown) => {
      if (error instanceof NotFoundError) {
        throw new RangeError(
          `${name}: file ${fileId} does not exist (the portal would link it anyway)`,
        );
      }
      throw error;
    });
    if (file.folderId !== folder) {
      throw new RangeError(
        `${name}: file ${fileId} is not in the CRM's folder (${folder}): deleting the event would ` +
          "delete it from Documents. Upload a copy with uploadFile instead",
      );
    }
  }
  return list;
}

const filesInCrmFolder: ReadFirst = async (value, wire, call) => {
  wire.fileids = await crmFiles("fileIds", value, call);
};

/** A file to upload: a non-empty `Blob`. */
const blob: Check<Blob> = (name, value) => {
  if (!(value instanceof Blob)) throw wrongType(name, "a Blob or a File", value);
  if (!value.size)
    throw new RangeError(`${name} is empty: the portal answers 500 for an empty file`);
  return value;
};

const uploadShape: Shape = {
  name: "upload",
  fields: { name: ["name", text], storeOriginal: ["storeOriginalFileFlag", flag] },
  required: ["name"],
};
/** The name goes into the file part; the setting is always sent (the portal stores it). */
const upload: ReadFirst = async (value, wire, call) => {
  const written = shaped(uploadShape, value);
  wire.file = new File([wire.file as Blob], written.name as string, {
    type: (wire.file as Blob).type,
  });
  wire.storeOriginalFileFlag = written.storeOriginalFileFlag ?? true;
};

const content: Check<string> = (name, value) => {
  if (!anyText(name, value)) {
    throw new RangeError(`${name} is empty: the portal answers 500 for an empty file`);
  }
  return value as string;
};

/** Refuses anything but `{ deleteFromDocuments: true }`, saying `why` after what is wrong. */
export function needConsent(value: unknown, why: string): void {
  const given = value as Partial<DeleteFileConsent> | undefined;
  if (given?.deleteFromDocuments !== true || Object.keys(given).length !== 1) {
    throw new RangeError(`consent must be { deleteFromDocuments: true }${why}`);
  }
}

/** Checked, not sent: the consent is the user's, not the portal's. */
const consent: ReadFirst = async (value) =>
  needConsent(
    value,
    ": the portal deletes the file itself from Documents (and from every record and invoice " +
      "that shows it), not a link",
  );

export const fileLines = {
  getFilesFolder: [],
  listFiles: [record, recordId],
  attachFiles: [record, recordId, filesInCrmFolder],
  uploadFile: [record, recordId, ["file", "file", blob], upload],
  createTextFile: [
    record,
    recordId,
    {
      name: "file",
      fields: { title: ["title", text], content: ["content", content] },
      required: ["title", "content"],
    },
  ],
  deleteFile: [["fileId", "fileid", id], consent],
  getDocumentsFile: [["fileId", "fileId", id]],
} satisfies LinesFor<typeof filesOperations, FileMethods>;

/** Files of contacts, deals and cases: pass it to `createCrmClientFor`. */
export const files: Area<FileMethods> = {
  operations: filesOperations,
  lines: fileLines,
  form: formData, // uploadFile
};
