// `responsibleId: "me"`: the signed-in user's ID, asked once per client (`getCurrentUser`, which
// the part must bring along with `needs: [people]`). For any part whose inputs take a user ID
// (tasks, deals): wrap the argument with `withMe`.
import { isObject } from "./envelope";
import { applyArg, type Arg, type Call, type ReadFirst } from "./shapes";

const asked = new WeakMap<object, Promise<string>>();

/**
 * The signed-in user's ID, asked for once per client (again only after a failure). The read is
 * shared by every call waiting for it, so it carries no caller's signal: one call's abort must
 * not fail the others; each stops waiting on its own signal.
 */
export function currentUserId({ crm, options }: Call): Promise<string> {
  let id = asked.get(crm as object);
  if (!id) {
    id = (crm as { getCurrentUser(): Promise<{ id: string }> })
      .getCurrentUser()
      .then((user) => user.id);
    asked.set(crm as object, id);
    id.catch(() => asked.delete(crm as object));
  }
  const { signal } = options as { signal?: AbortSignal };
  if (!signal) return id;
  const shared = id;
  return new Promise((resolve, reject) => {
    const stop = () => reject(signal.reason);
    signal.addEventListener("abort", stop, { once: true });
    shared.then(resolve, reject).finally(() => signal.removeEventListener("abort", stop));
  });
}

/**
 * `arg` (an object argument, or a read-first) whose `field` may be `"me"`: checked first with a
 * stand-in ID (a bad input is refused before anything is sent), then sent with the user's ID.
 */
export function withMe(arg: Arg, field = "responsibleId"): ReadFirst {
  return async (value, wire, call) => {
    if (isObject(value) && value[field] === "me") {
      if (typeof arg !== "function") {
        applyArg(arg, { ...value, [field]: "00000000-0000-0000-0000-000000000000" }, {}, call);
      }
      value = { ...value, [field]: await currentUserId(call) };
    }
    await applyArg(arg, value, wire, call);
  };
}
