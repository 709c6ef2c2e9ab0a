// The facade: one small object per portal, with one method per CRM operation of the spec. Data
// flows spec → generated/operations.ts (route, retry rule, schema) + an area's line of arguments
// (src/parts/cases.ts) → here (path, query, body) → request.ts (time limits, retries, envelope, errors)
// → validate.ts (checked against the spec) → the caller.
import { FORM, IDEMPOTENT, PAGED, type Operation } from "../../generated/operations";
import { createLimiter } from "./limiter";
import {
  resolveOptions,
  resolvePolicy,
  type CallPolicy,
  type CrmClientOptions,
  type RequestOptions,
} from "./options";
import { pagedList, type PageAnswer } from "./paging";
import { request } from "./request";
import { applyArg, type Area, type Call, type Done, type Wire } from "./shapes";
import { checkResponse } from "./validate";

/** The methods of some areas, together. */
export type MethodsOf<A extends readonly Area[]> = UnionToIntersection<
  A[number] extends Area<infer M> ? M : never
>;
type UnionToIntersection<U> = (U extends unknown ? (u: U) => void : never) extends (
  i: infer I,
) => void
  ? I
  : never;

/**
 * A client with the methods of `areas` only (`cases`, `contacts`, `caseTags`, `caseFields`, …):
 * an app bundles only the operations, checks and schemas of those.
 */
export function createCrmClientFor<const A extends readonly Area[]>(
  areas: A,
  options: CrmClientOptions = {},
): MethodsOf<A> {
  const settings = resolveOptions(options);
  const { baseUrl, headers, fetch: custom } = settings;
  const limiter = createLimiter(settings); // one line for all the client's calls

  /** One request for `id`: each wire name goes to the path, the query or the JSON body. */
  async function send(
    id: string,
    [method, path, flags, schema, bodyNames]: Operation,
    wire: Wire,
    { signal, ...overrides }: RequestOptions,
  ) {
    // Most calls override nothing: then the client's checked settings are the policy.
    let policy: CallPolicy = settings;
    for (const _ in overrides) {
      policy = resolvePolicy(overrides, settings);
      break;
    }
    let query: URLSearchParams | undefined;
    let body: Wire | undefined;
    for (const key in wire) {
      if (bodyNames?.includes(key)) (body ??= {})[key] = wire[key];
      // A list goes into the query string repeated (`tags=a&tags=b`).
      else if (!path.includes(`{${key}}`)) {
        for (const v of [wire[key]].flat())
          (query ??= new URLSearchParams()).append(key, String(v));
      }
    }
    const url = `${baseUrl}${path.replace(/\{(\w+)\}/g, (_, key: string) => String(wire[key]))}${query ? `?${query}` : ""}`;
    // A file upload goes as multipart/form-data (fetch sets its boundary); the rest as JSON.
    const json = body && !(flags & FORM) ? JSON.stringify(body) : undefined;
    const payload = body && flags & FORM ? formData(body) : json;
    // No cookie: a portal prefers its `asc_auth_key` cookie to the token (SECURITY.md).
    const init: RequestInit = { method, credentials: "omit", body: payload };
    const { envelope, status } = await request({
      getToken: settings.getToken,
      retryDelay: settings.retryDelay,
      maxRetries: policy.maxRetries,
      timeoutMs: policy.timeoutMs,
      validateResponses: policy.validateResponses,
      idempotent: flags & IDEMPOTENT,
      signal,
      limiter,
      attempt: (token, attemptSignal) => {
        init.headers = {
          ...headers,
          Authorization: token,
          ...(json && { "Content-Type": "application/json" }),
        };
        init.signal = attemptSignal;
        return (custom ?? fetch)(new Request(url, init));
      },
    });
    const { response } = envelope;
    envelope.response = policy.validateResponses
      ? checkResponse(schema, response, status, id)
      : response;
    return envelope;
  }

  const crm: Record<string, unknown> = {};
  const wanted = new Set<Area>();
  const want = (area: Area): void => {
    if (!wanted.has(area)) (wanted.add(area), area.needs?.forEach(want));
  };
  areas.forEach(want);
  for (const { operations, lines, of, bound, after, errors, composites } of wanted) {
    for (const id in lines) {
      const line = lines[id]!;
      const operation = operations[of?.[id] ?? id]!;
      const done = after?.[id];
      const failed = errors?.[id];
      crm[id] = (...args: unknown[]) => {
        const options = (args[line.length] ?? {}) as RequestOptions;
        // Every argument is checked (and a read-first done) before the request is sent.
        const wire = async (call: Call) => {
          const bag: Wire = { ...bound?.[id] };
          for (let i = 0; i < line.length; i++) {
            const reading = applyArg(line[i]!, args[i], bag, call);
            if (reading) await reading; // only a read-first is asynchronous
          }
          return bag;
        };
        /** One request; its answer through the part's `after`, its error through `errors`. */
        const answer = async (bag: Wire, call: Call, extra?: Wire) => {
          try {
            const envelope = await send(
              id,
              operation,
              extra ? { ...bag, ...extra } : bag,
              call.options,
            );
            if (done)
              envelope.response = await done(envelope.response as never, {
                ...call,
                wire: bag,
                args,
              });
            return envelope;
          } catch (error) {
            throw (failed && failed(error, { ...call, wire: bag, args })) ?? error;
          }
        };
        if (!(operation[2] & PAGED)) {
          const call = { crm, options };
          return wire(call).then(async (bag) => (await answer(bag, call)).response);
        }
        return pagedList(async (startIndex, count, pageOptions) => {
          const call = { crm, options: pageOptions };
          const bag = await wire(call);
          const { response, nextIndex, total } = await answer(bag, call, { startIndex, count });
          return { items: response, nextIndex, total } as PageAnswer<{ id: unknown }>;
        }, options);
      };
    }
    for (const id in composites) {
      const composite = composites[id]!;
      crm[id] = (...args: unknown[]) => composite({ crm, options: {} }, ...(args as never[]));
    }
  }
  return crm as MethodsOf<A>;
}

/** A multipart body: a `Blob` (or `File`) as a file part, anything else as text. */
function formData(body: Wire): FormData {
  const form = new FormData();
  for (const key in body) {
    const value = body[key];
    if (value instanceof Blob) form.append(key, value, (value as File).name ?? key);
    else for (const v of [value].flat()) form.append(key, String(v));
  }
  return form;
}
