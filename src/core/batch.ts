// `crm.batch((b) => [b.closeCase(1), b.addCaseTag(1, "vip"), b.getContact(8)])`: many calls in
// few `POST /api/2.0/batch` requests (ApiBatchHttpHandler.cs: the `batch` form field, a JSON
// array of `{relativeUrl, method, body, bodyContentType, name, order}`, run in `order`, each
// answering `{name, status, headers, data}` with `data` its whole answer as a string). Results
// in the shape of `Promise.allSettled`, each value or error as the method alone gives it. Apart
// from the facade: an app that does not batch bundles none of this.
import { FORM, IDEMPOTENT, METHODS, PAGED } from "../../generated/operations";
import { unwrapEnvelope, errorFromBody, isObject } from "./envelope";
import { ApiError, describeCall, InvalidResponseError, redactSecret } from "./errors";
import { route } from "./facade";
import { internals } from "./internals";
import { resolvePolicy, type RequestOptions } from "./options";
import { request } from "./request";
import { applyArg, type Area, type Wire } from "./shapes";
import { checkResponse } from "./validate";

/** One call of a batch, as `b.method(…)` plans it: nothing is sent until `batch` runs. */
export interface Planned<T> {
  readonly method: string;
  readonly args: readonly unknown[];
  /** Only a type: what the method resolves to. */
  readonly value?: T;
}

/** `b` in `crm.batch((b) => …)`: every method of the client, planning instead of sending. */
export type BatchBuilder<M> = {
  [K in keyof M]: M[K] extends (...args: infer P) => PromiseLike<infer T>
    ? (...args: P) => Planned<T>
    : never;
};

/** One result per planned call, as `Promise.allSettled` gives them. */
export type BatchResults<T extends readonly Planned<unknown>[]> = {
  -readonly [I in keyof T]: PromiseSettledResult<T[I] extends Planned<infer V> ? V : never>;
};

export interface BatchOptions extends RequestOptions {
  /** Calls per `POST /api/2.0/batch` request, 1–500. Default 50. */
  chunkSize?: number;
}

export interface BatchMethods<M> {
  /**
   * Sends the calls `build` plans in as few `POST /api/2.0/batch` requests as `chunkSize`
   * allows (each one request for the rate limit), in order, and resolves to one result per
   * call in the shape of `Promise.allSettled`: `{ status: "fulfilled", value }` with the value
   * the method alone resolves to (checked against the spec), or `{ status: "rejected", reason }`
   * with the error it would throw. Every input is checked first: one bad input, nothing is
   * sent and the batch rejects. Methods that read first, page, upload a file or are not one
   * request are refused in a batch. A chunk holding a call that must not be repeated is retried
   * only when the portal refused it before it ran (429, or 503 with Retry-After).
   */
  batch<const T extends readonly Planned<unknown>[]>(
    build: (b: BatchBuilder<M>) => T,
    options?: BatchOptions,
  ): Promise<BatchResults<T>>;
}

/** Adds `batch` to a client made by `createCrmClientFor` (or `createCrmClient`). */
export function withBatch<C extends object>(crm: C): C & BatchMethods<C> {
  return Object.assign(crm, {
    batch: (build: (b: object) => readonly Planned<unknown>[], options?: BatchOptions) =>
      runBatch(crm, build, options),
  }) as C & BatchMethods<C>;
}

async function runBatch(
  crm: object,
  build: (b: object) => readonly Planned<unknown>[],
  { chunkSize = 50, signal, ...overrides }: BatchOptions = {},
): Promise<PromiseSettledResult<unknown>[]> {
  const client = internals.get(crm)!;
  const { settings, areas } = client;
  const policy = resolvePolicy(overrides, settings);
  if (!Number.isInteger(chunkSize) || chunkSize < 1 || chunkSize > 500) {
    throw new RangeError("chunkSize must be a whole number from 1 to 500");
  }
  const owner = new Map<string, Area>();
  const b: Record<string, unknown> = {};
  for (const area of areas) {
    for (const id in area.lines) {
      owner.set(id, area);
      b[id] = (...args: unknown[]) => ({ method: id, args });
    }
  }
  const planned = build(b);
  if (!Array.isArray(planned))
    throw new TypeError("batch: build must return an array of b.method(…) calls");

  // Every input checked, and every call turned into its request, before anything is sent.
  const calls = planned.map((plan, index) => {
    const area = isObject(plan) ? owner.get(plan.method as string) : undefined;
    if (!area) throw new TypeError(`batch: item ${index} is not a b.method(…) call`);
    const { method: id, args } = plan;
    const line = area.lines[id]!;
    const operation = area.operations[area.of?.[id] ?? id]!;
    const [, flags, schema] = operation;
    if (flags & PAGED) {
      throw new TypeError(`batch: ${id} reads page by page: call it outside a batch`);
    }
    if (flags & FORM) throw new TypeError(`batch: ${id} uploads a file: call it outside a batch`);
    if (line.some((arg) => typeof arg === "function")) {
      throw new TypeError(
        `batch: ${id} reads before it writes (or asks the portal first): call it outside a batch`,
      );
    }
    const wire: Wire = { ...area.bound?.[id] };
    for (let i = 0; i < line.length; i++)
      void applyArg(line[i]!, args[i], wire, { crm, options: {} });
    const { where, query, body } = route(operation, wire);
    const relativeUrl = where + query;
    return {
      id,
      args,
      area,
      schema,
      line,
      idempotent: flags & IDEMPOTENT,
      item: {
        relativeUrl,
        method: METHODS[flags >> 3],
        ...(body && {
          body: JSON.stringify(body),
          bodyContentType: "application/json; charset=utf-8",
        }),
        name: String(index),
        order: index,
      },
    };
  });

  const results: PromiseSettledResult<unknown>[] = [];
  for (let start = 0; start < calls.length; start += chunkSize) {
    const chunk = calls.slice(start, start + chunkSize);
    const form = new URLSearchParams({ batch: JSON.stringify(chunk.map((c) => c.item)) });
    let token = "";
    let answered: unknown;
    let failure: unknown;
    try {
      const { envelope } = await request(
        { ...settings, ...policy },
        {
          // Repeated only when every call in it may be, or the portal refused it before it ran.
          idempotent: chunk.every((c) => c.idempotent),
          signal,
          method: "POST",
          path: "/api/2.0/batch",
          attempt: async (given, attemptSignal) => {
            token = given;
            return (settings.fetch ?? fetch)(
              new Request(`${settings.baseUrl}/api/2.0/batch`, {
                method: "POST",
                credentials: "omit",
                headers: {
                  ...settings.headers,
                  Authorization: given,
                  "Content-Type": "application/x-www-form-urlencoded; charset=utf-8",
                },
                body: form.toString(),
                signal: attemptSignal,
              }),
            );
          },
        },
      );
      answered = envelope.response;
      if (!Array.isArray(answered)) {
        throw new InvalidResponseError("The batch's answer is not a list", 200);
      }
    } catch (error) {
      if (signal?.aborted) throw error;
      failure = error; // the whole chunk failed: each of its calls with that error
    }
    const items = new Map<string, Record<string, unknown>>();
    for (const item of (answered as unknown[] | undefined) ?? []) {
      if (isObject(item) && typeof item.name === "string") items.set(item.name, item);
    }
    for (const call of chunk) {
      results.push(
        await settle(call, failure, items.get(call.item.name), token, policy.validateResponses, {
          crm,
          options: overrides,
        }),
      );
    }
  }
  return results;
}

/** One call's result from its item: the value as the method resolves it, or its error. */
async function settle(
  call: {
    id: string;
    args: readonly unknown[];
    area: Area;
    schema: Parameters<typeof checkResponse>[0];
    line: readonly unknown[];
  },
  failure: unknown,
  item: Record<string, unknown> | undefined,
  token: string,
  validate: boolean,
  context: { crm: object; options: object },
): Promise<PromiseSettledResult<unknown>> {
  const { id, args, area } = call;
  const done = { ...context, args };
  try {
    if (failure) throw failure;
    if (!item) {
      throw new InvalidResponseError(
        `${id}: the portal answered nothing for it in the batch (no such route on this portal)`,
        200,
      );
    }
    const status = Number(item.status);
    const data = typeof item.data === "string" ? item.data : "";
    if (status < 200 || status > 299) {
      const error = redactSecret(errorFromBody(status, data), token);
      describeCall(error, id, call.line, args);
      throw error;
    }
    let value = unwrapEnvelope(data, status).response;
    if (validate) value = checkResponse(call.schema, value, status, id);
    const after = area.after?.[id];
    if (after) value = await after(value as never, done);
    return { status: "fulfilled", value };
  } catch (error) {
    const mapped =
      error instanceof ApiError || failure ? area.errors?.[id]?.(error, done) : undefined;
    return { status: "rejected", reason: mapped ?? error };
  }
}
