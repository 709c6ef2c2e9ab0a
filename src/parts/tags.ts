// The Tags controller, for cases: its routes take the entity type as a path segment
// (`{entityType}/tag/...`); these methods send `case` (`caseBound`).
import { tagsOperations } from "../../generated/operations";
import type { components } from "../../generated/schema";
import { id, text, type Check } from "../core/guards";
import type { RequestOptions } from "../core/options";
import { caseBound, type Arg, type Area, type LinesFor } from "../core/shapes";

/** A tag and how many cases carry it (also cases you may not see); no count when none does. */
export type TagCount = components["schemas"]["TagCount"];

export interface TagMethods {
  /** `GET case/tag/{entityid}`: the case's tags, in no particular order. */
  listCaseTags(caseId: number, options?: RequestOptions): Promise<string[]>;
  /**
   * `POST case/{entityid}/tag`: tags the case (a tag it has is fine) and resolves to `tag` as
   * sent. The portal trims it and reuses a tag of the same name in another case (letter case
   * aside). Not retried after it may have run (only on 429, or 503 with Retry-After).
   */
  addCaseTag(caseId: number, tag: string, options?: RequestOptions): Promise<string>;
  /**
   * `DELETE case/{entityid}/tag`: removes the tag from the case; resolves to `tag`. A tag the
   * case lacks is fine; one no case has ever had is a NotFoundError (404), like a missing case.
   */
  removeCaseTag(caseId: number, tag: string, options?: RequestOptions): Promise<string>;
  /** `GET case/tag`: every case tag, by name, with how many cases carry it. */
  listAllCaseTags(options?: RequestOptions): Promise<TagCount[]>;
}

/** A tag name: a portal removes line breaks silently (and trims), and its column holds 255. */
const tag: Check<string> = (name, value) => {
  if (/[\r\n]/.test(text(name, value)) || (value as string).length > 255) {
    throw new RangeError(`${name} must be one line of at most 255 characters`);
  }
  return value as string;
};

const caseId: Arg = ["caseId", "entityid", id];
const tagName: Arg = ["tag", "tagName", tag];

/** The operation each case method calls (the routes take the entity type). */
const tagOps = {
  listCaseTags: "listRecordTags",
  addCaseTag: "addRecordTag",
  removeCaseTag: "removeRecordTag",
  listAllCaseTags: "listAllTags",
} as const;

export const tagLines = {
  listCaseTags: [caseId],
  addCaseTag: [caseId, tagName],
  removeCaseTag: [caseId, tagName],
  listAllCaseTags: [],
} satisfies LinesFor<typeof tagsOperations, TagMethods, typeof tagOps>;

/** Tags of cases: pass it to `createCrmClientFor`. */
export const caseTags: Area<TagMethods> = {
  operations: tagsOperations,
  lines: tagLines,
  of: tagOps,
  bound: {
    listCaseTags: caseBound,
    addCaseTag: caseBound,
    removeCaseTag: caseBound,
    listAllCaseTags: caseBound,
  },
};
