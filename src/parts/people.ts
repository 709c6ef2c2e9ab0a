// The People module, as far as a CRM client needs it: who the token belongs to. One line per
// operation; the route, the retry rule and the answer's schema come from the spec.
import { peopleOperations } from "../../generated/operations";
import type { components } from "../../generated/schema";
import type { RequestOptions } from "../core/options";
import type { Area, LinesFor } from "../core/shapes";

export type CurrentUser = components["schemas"]["CurrentUser"];

export interface PeopleMethods {
  /**
   * `GET people/@self`: the signed-in user's profile. Its `id` is what `responsibleId` takes
   * (`responsibleId: "me"` asks for it once per client). Names are HTML-encoded: `decodeHtml`.
   */
  getCurrentUser(options?: RequestOptions): Promise<CurrentUser>;
}

export const peopleLines = {
  getCurrentUser: [],
} satisfies LinesFor<typeof peopleOperations, PeopleMethods>;

/** Who am I: pass it to `createCrmClientFor`. */
export const people: Area<PeopleMethods> = { operations: peopleOperations, lines: peopleLines };
