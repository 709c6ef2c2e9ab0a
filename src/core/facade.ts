// The facade: one small object per portal, with one method per CRM operation of the spec. Data
// flows spec → generated/operations.ts (route, retry rule, schema) + an area's line of arguments
// (src/parts/cases.ts) → here (path, query, body) → request.ts (time limits, retries, envelope, errors)
// → validate.ts (checked against the spec) → the caller.
import { API, FORM, IDEMPOTENT, METHODS, PAGED, type Operation } from "../../generated/operations";
import { ApiError, describeCall } from "./errors";
import { internals } from "./internals";
import type { Feature } from "./log";
import { createLimiter } from "./limiter";
import {
  resolveOptions,
  resolvePolicy,
  type CrmClientOptions,
  type RequestOptions,
} from "./options";
import { pagedList, type PageAnswer } from "./paging";
import { request, withAnswer } from "./request";
import { applyArg, type Area, type Wire } from "./shapes";
import { checkResponse } from "./validate";

/** What `.withResponse()` resolves to: the method's value, the last HTTP response, the attempts. */
export interface WithResponse<T> {
  /** What the method alone resolves to. */
  data: T;
  /** The last attempt's HTTP response: its status and headers (its body has been read). */
  response: Response;
  /** How many attempts it took (1 when the first one succeeded). */
  attempts: number;
}

/** What a method returns: its value, and `.withResponse()` for the HTTP answer behind it. */
export interface ApiPromise<T> extends Promise<T> {
  /** `{ data, response, attempts }`: the value with the last HTTP `Response` and the attempts. */
  withResponse(): Promise<WithResponse<T>>;
}

/** `methods` with `.withResponse()` on every promise a method returns. */
export type WithResponses<M> = {
  [K in keyof M]: M[K] extends (...args: infer P) => Promise<infer T>
    ? (...args: P) => ApiPromise<T>
    : M[K];
};

/** The methods of some areas, together. */
export type MethodsOf<A extends readonly (Area | Feature)[]> = WithResponses<
  UnionToIntersection<MethodsOfOne<A[number]>>
>;
// Per member of the union (a Feature adds none).
type MethodsOfOne<T> = T extends Area<infer M> ? M : never;
type UnionToIntersection<U> = (U extends unknown ? (u: U) => void : never) extends (
  i: infer I,
) => void
  ? I
  : never;

/**
 * A client with the methods of `areas` only (`cases`, `contacts`, `caseTags`, `caseFields`, …):
 * an app bundles only the operations, checks and schemas of those.
 */
export function createCrmClientFor<const A extends readonly (Area | Feature)[]>(
  areas: A,
  options: CrmClientOptions = {},
): MethodsOf<A> {
  // `logging` among them: the client logs and reports (other clients bundle none of it).
  const settings = resolveOptions(options, areas.find((area) => "report" in area)?.report);
  const { baseUrl, headers, fetch: custom } = settings;
  settings.limiter = createLimiter(settings); // one line for all the client's calls

  /** One request for `id`: each wire name goes to the path, the query or the JSON body. */
  async function send(
    id: string,
    operation: Operation,
    wire: Wire,
    { signal, ...overrides }: RequestOptions,
    form?: (body: Wire) => FormData,
  ) {
    // Most calls override nothing: then the client's checked settings are the policy.
    let policy = settings;
    for (const _ in overrides) {
      policy = { ...settings, ...resolvePolicy(overrides, settings) };
      break;
    }
    const [, flags, schema] = operation;
    const { where, query, body } = route(operation, wire);
    const url = baseUrl + where + query;
    // A file upload goes as multipart/form-data (fetch sets its boundary); the rest as JSON.
    const json = body && !(flags & FORM) ? JSON.stringify(body) : undefined;
    // No cookie: a portal prefers its `asc_auth_key` cookie to the token (SECURITY.md).
    const method = METHODS[flags >> 3];
    const init: RequestInit = { method, credentials: "omit", body: json ?? (body && form!(body)) };
    const answer = await request(policy, {
      idempotent: flags & IDEMPOTENT,
      signal,
      method,
      path: where,
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
    const { envelope } = answer;
    if (policy.validateResponses)
      envelope.response = checkResponse(schema, envelope.response, answer.status, id);
    return answer;
  }

  const crm: Record<string, unknown> = {};
  const wanted = new Set<Area>();
  const want = (area: Area): void => {
    if (!wanted.has(area)) (wanted.add(area), area.needs?.forEach(want));
  };
  (areas as readonly Area[]).forEach(want); // a Feature (`logging`) has no lines: no methods
  // The user's areas come last, so that their methods win over a needed part's one-row copy.
  for (const area of areas as readonly Area[]) (wanted.delete(area), wanted.add(area));
  for (const area of wanted) {
    const { operations, lines, of, bound, form } = area;
    for (const id in lines) {
      const line = lines[id]!;
      const operation = operations[of?.[id] ?? id]!;
      crm[id] = (...args: unknown[]) => {
        /** One request: every argument checked (a read-first done) first, then sent. */
        const run = async (options: RequestOptions, page?: Wire) => {
          const wire: Wire = { ...bound?.[id] };
          for (let i = 0; i < line.length; i++) {
            const reading = applyArg(line[i]!, args[i], wire, { crm, options });
            if (reading) await reading; // only a read-first is asynchronous
          }
          return send(id, operation, Object.assign(wire, page), options, form).catch(
            (error: unknown) => {
              if (error instanceof ApiError) describeCall(error, id, line, args);
              throw error;
            },
          );
        };
        const options = (args[line.length] ?? {}) as RequestOptions;
        if (!(operation[1] & PAGED)) {
          const sent = run(options);
          return withResponse(
            sent.then((answer) => answer.envelope.response),
            () => sent.then((answer) => withAnswer(answer.envelope.response, answer)),
          );
        }
        return pagedList(
          (startIndex, count, pageOptions) =>
            run(pageOptions, { startIndex, count }).then((answer) =>
              Object.assign(answer.envelope, { sent: answer }),
            ) as Promise<PageAnswer<{ id: unknown }>>,
          options,
        );
      };
    }
    area.hooks?.(area, crm); // after, errors, composites: only parts that have them bundle them
  }
  internals.set(crm, { settings, areas: wanted }); // for batch
  return crm as MethodsOf<A>;
}

/**
 * Where each wire name of `operation` goes: the path's `{names}` into `where` (from `/api/2.0/`),
 * and of the rest, for PUT and POST (`flags & 8`) all but the query's names into the JSON body;
 * for GET and DELETE all into the query string (a list repeated: `tags=a&tags=b`).
 */
export function route([path, flags, , inQuery]: Operation, wire: Wire) {
  let query: URLSearchParams | undefined;
  let body: Wire | undefined;
  for (const key in wire) {
    if (path.includes(`{${key}}`)) continue;
    if (flags & 8 && !inQuery?.includes(key)) (body ??= {})[key] = wire[key];
    else
      for (const v of [wire[key]].flat()) (query ??= new URLSearchParams()).append(key, String(v));
  }
  const where = API + path.replace(/\{(\w+)\}/g, (_, key: string) => String(wire[key]));
  return { where, query: query ? `?${query}` : "", body };
}

/**
 * `data` with `.withResponse()`: `full()` for the answer behind it. When it is used instead of
 * the value, the value's own rejection is handled (the caller sees it through `full`).
 */
export function withResponse<T, W>(data: Promise<T>, full: () => Promise<W>) {
  return Object.assign(data, { withResponse: () => (data.catch(() => {}), full()) });
}
