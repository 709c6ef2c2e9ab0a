// Who may see a private case or deal, shared by their parts: a portal makes a private record with
// nobody on its access list public, and ignores a list sent without `isPrivate`.
import { flag, userIds } from "./guards";
import type { Fields, Wire } from "./shapes";

/** `isPrivate` and `accessList` under the portal's names. */
export const accessFields: Fields = {
  isPrivate: ["isPrivate", flag],
  accessList: ["accessList", userIds],
};

/** The rule for a `record` ("case", "deal"): private needs a non-empty list, a list needs private. */
export function privacyRule(record: string): (written: Wire) => void {
  return (written) => {
    if (written.isPrivate && !written.accessList) {
      throw new RangeError(
        `isPrivate: true needs a non-empty accessList: without one the portal makes the ${record} public`,
      );
    }
    if (!written.isPrivate && written.accessList) {
      throw new RangeError(
        "accessList applies only with isPrivate: true (the portal would ignore it)",
      );
    }
  };
}
