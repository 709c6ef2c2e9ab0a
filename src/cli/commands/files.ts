// The file commands: a file from the disk into the CRM's folder, attached to a record.
import { openAsBlob } from "node:fs";
import { stat } from "node:fs/promises";
import { basename } from "node:path";
import type { FileEntity } from "../../index";
import { plain } from "../format";
import { UsageError, type Command } from "./shared";

const ENTITIES: readonly string[] = ["contact", "deal", "case"];

export const files: Command[] = [
  {
    name: "file upload",
    args: [
      ["text", "ENTITY", "contact, deal or case"],
      ["id", "record ID"],
      ["text", "PATH", "the file on the disk"],
    ],
    flags: {
      name: {
        type: "string",
        value: "NAME",
        help: "the file's name in Documents (default: PATH's)",
      },
    },
    help: "upload a file into the CRM's folder and attach it to a contact, a deal or a case",
    details:
      "The file is streamed from the disk (not read into memory), saved in the CRM's own " +
      "Documents folder, then attached to the record in a new history event. Deleting that " +
      "event later deletes the file from Documents.",
    run: async (context) => {
      const [entity, id, path] = context.args as [string, number, string];
      if (!ENTITIES.includes(entity)) {
        throw new UsageError(`ENTITY must be contact, deal or case, got ${JSON.stringify(entity)}`);
      }
      const name = typeof context.flags.name === "string" ? context.flags.name : basename(path);
      // Stat first: openAsBlob throws without saying why (no ENOENT, no EISDIR).
      const found = await stat(path).catch((error: NodeJS.ErrnoException) => {
        throw new UsageError(`cannot read ${path}: ${error.code ?? error.message}`);
      });
      if (!found.isFile()) throw new UsageError(`cannot read ${path}: not a file`);
      const blob = await openAsBlob(path);
      const crm = context.crm();
      const file = await crm.uploadFile(entity as FileEntity, id, blob, { name });
      const event = await crm.attachFiles(entity as FileEntity, id, [file.id]);
      if (context.flags.json) return context.out(JSON.stringify({ file, event }, null, 2));
      context.out(
        `Uploaded ${plain(file.title)} (file ${file.id}) and attached it to ${entity} ${id} ` +
          `(event ${event.id}).`,
      );
    },
  },
];
