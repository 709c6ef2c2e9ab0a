// The facade: one small object per portal, with one method per CRM operation of the spec. Data
// flows spec → generated/operations.ts (route, retry rule, schema) + an area's line of arguments
// (src/cases.ts) → here (path, query, body) → request.ts (time limits, retries, envelope, errors)
// → validate.ts (checked against the spec) → the caller.
import {
  IDEMPOTENT,
  operations,
  PAGED,
  type Operation,
  type OperationId,
} from "../generated/operations";
import { caseLines, type CaseMethods } from "./cases";
import { contactLines, type ContactMethods } from "./contacts";
import { fieldLines, type FieldMethods } from "./fields";
import { historyLines, type HistoryMethods } from "./history";
import { createLimiter } from "./limiter";
import {
  resolveOptions,
  resolvePolicy,
  type CrmClientOptions,
  type RequestOptions,
} from "./options";
import { pagedList, type PageAnswer } from "./paging";
import { request } from "./request";
import type { Arg, Call, Wire } from "./shapes";
import { caseBound, tagLines, type TagMethods } from "./tags";
import { taskLines, type TaskMethods } from "./tasks";
import { checkResponse } from "./validate";

/** A client for one portal: one method per CRM operation of the spec. */
export interface CrmClient
  extends CaseMethods, ContactMethods, TagMethods, FieldMethods, HistoryMethods, TaskMethods {}

/** Every operation's arguments, by operationId: the compiler checks that none is missing. */
const lines: Record<OperationId, readonly Arg[]> = {
  ...caseLines,
  ...contactLines,
  ...tagLines,
  ...fieldLines,
  ...historyLines,
  ...taskLines,
};

/** What an operation sends besides its arguments: the case methods of `{entityType}` routes. */
const bound: Partial<Record<OperationId, Wire>> = {
  listCaseTags: caseBound,
  addCaseTag: caseBound,
  removeCaseTag: caseBound,
  listAllCaseTags: caseBound,
  listCaseFieldDefinitions: caseBound,
  setCaseField: caseBound,
};

/** `value` as the query string has it: lists repeated (`tags=a&tags=b`). */
function appendQuery(query: URLSearchParams, key: string, value: unknown) {
  for (const item of Array.isArray(value) ? value : [value]) query.append(key, String(item));
}

export function createCrmClient(options: CrmClientOptions = {}): CrmClient {
  const settings = resolveOptions(options);
  const { baseUrl, headers, fetch: custom } = settings;
  const limiter = createLimiter(settings); // one line for all the client's calls

  /** One request for `id`: each wire name goes to the path, the query or the JSON body. */
  async function send(id: OperationId, wire: Wire, { signal, ...overrides }: RequestOptions) {
    const [method, path, flags, schema, bodyNames] = operations[id] as Operation;
    const policy = resolvePolicy(overrides, settings);
    const query = new URLSearchParams();
    let body: Wire | undefined;
    for (const key in wire) {
      if (bodyNames?.includes(key)) (body ??= {})[key] = wire[key];
      else if (!path.includes(`{${key}}`)) appendQuery(query, key, wire[key]);
    }
    const search = String(query);
    const url = `${baseUrl}${path.replace(/\{(\w+)\}/g, (_, key: string) => String(wire[key]))}${search && "?"}${search}`;
    const json = body && JSON.stringify(body);
    const { envelope, status } = await request({
      ...settings,
      ...policy,
      idempotent: flags & IDEMPOTENT,
      signal,
      limiter,
      attempt: (token, attemptSignal) =>
        (custom ?? fetch)(
          new Request(url, {
            method,
            // No cookie: a portal prefers its `asc_auth_key` cookie to the token (SECURITY.md).
            credentials: "omit",
            headers: {
              ...headers,
              Authorization: token,
              ...(json && { "Content-Type": "application/json" }),
            },
            body: json,
            signal: attemptSignal,
          }),
        ),
    });
    const { response } = envelope;
    envelope.response = policy.validateResponses
      ? checkResponse(schema, response, status, id)
      : response;
    return envelope;
  }

  const crm: Record<string, unknown> = {};
  for (const id in lines) {
    const key = id as OperationId;
    const line = lines[key];
    const paged = operations[key][2] & PAGED;
    crm[key] = (...args: unknown[]) => {
      const options = (args[line.length] ?? {}) as RequestOptions;
      // Every argument is checked (and a read-first done) before the request is sent.
      const wire = async (call: Call) => {
        const bag: Wire = { ...bound[key] };
        for (let i = 0; i < line.length; i++) {
          const reading = line[i]!(args[i], bag, call);
          if (reading) await reading; // only a read-first is asynchronous
        }
        return bag;
      };
      if (!paged) {
        return wire({ crm, options }).then(async (bag) => (await send(key, bag, options)).response);
      }
      return pagedList(async (startIndex, count, pageOptions) => {
        const bag = await wire({ crm, options: pageOptions });
        const { response, nextIndex, total } = await send(
          key,
          { ...bag, startIndex, count },
          pageOptions,
        );
        return { items: response, nextIndex, total } as PageAnswer<{ id: unknown }>;
      }, options);
    };
  }
  return crm as unknown as CrmClient;
}
