// A part's `after`, `errors` and `composites`, installed on the client by the facade when the part
// sets `hooks` (this function). Apart from the facade so that an app whose parts have none of
// them bundles none of this.
import { withResponse } from "./facade";
import type { RequestOptions } from "./options";
import type { Area, Done } from "./shapes";

type Method = (...args: unknown[]) => ReturnType<typeof withResponse<unknown, { data: unknown }>>;

/** Wraps the part's methods that have `after` or `errors`, and adds its composites. */
export function hooks(
  { lines, after = {}, errors = {}, composites = {} }: Area,
  crm: Record<string, unknown>,
) {
  for (const id in composites) {
    const composite = composites[id]!;
    // A line of the same name is what the composite wraps (a request it makes only when needed).
    const line = crm[id] as Done["line"];
    crm[id] = (...args: unknown[]) =>
      composite({ crm, options: {}, args, line }, ...(args as never[]));
  }
  for (const id in { ...after, ...errors }) {
    const method = crm[id] as Method;
    const done = after[id];
    const failed = errors[id];
    crm[id] = (...args: unknown[]) => {
      // The call's own options object (the argument after the line's): its read-first sees the
      // same one as `call.options`, so a part can pass what it read on to its `after`.
      const count = lines[id]?.length ?? args.length;
      const options: RequestOptions = { ...(args[count] as RequestOptions | undefined) };
      const call: Done = { crm, options, args };
      const inner = method(...Array.from({ length: count }, (_, i) => args[i]), options);
      const data = (async () => {
        try {
          const value = await inner;
          return done ? await done(value as never, call) : value;
        } catch (error) {
          throw failed?.(error, call) ?? error;
        }
      })();
      // `.withResponse()` keeps the HTTP answer, with what `after` made of it as the data.
      return withResponse(data, async () => {
        const value = await data;
        return { ...(await inner.withResponse()), data: value };
      });
    };
  }
}
