// The facade: one small object per portal. Data flows spec → generated/schema.ts → openapi-fetch
// → here (auth, guards) → request.ts (time limits, retries, envelope, errors) → response.ts
// (checked against the spec) → the caller.
import createClient, { type Client } from "openapi-fetch";
import type { components, paths } from "../generated/schema";
import { validateCase } from "../generated/validate";
import { assertCaseId } from "./guards";
import { resolveOptions, resolvePolicy, type CrmClientOptions } from "./options";
import { request } from "./request";
import { checkResponse } from "./response";

export type Case = components["schemas"]["Case"];

export interface RequestOptions {
  /**
   * Cancels the call, including any wait between retries. The call then rejects with the
   * signal's reason (by default a DOMException named `AbortError`), not with an OnlyofficeError,
   * and no further attempt is made.
   */
  signal?: AbortSignal;
  /** Overrides the client's `maxRetries` for this call. */
  maxRetries?: number;
  /** Overrides the client's `timeoutMs` (per attempt) for this call. */
  timeoutMs?: number;
  /** Overrides the client's `validateResponses` for this call. */
  validateResponses?: boolean;
}

export interface CrmClient {
  /**
   * `PUT /api/2.0/crm/case/{caseid}/reopen`: reopens a case and resolves to it. Idempotent, so
   * connection errors, time-outs, 408, 429 and 5xx are retried (`maxRetries`).
   */
  reopenCase(caseId: number, options?: RequestOptions): Promise<Case>;
  /**
   * The underlying openapi-fetch client, with the base URL and the token already applied, for
   * operations the facade does not wrap yet. It returns `{ data, error, response }` and does not
   * unwrap the envelope, retry, time out or throw.
   */
  readonly raw: Client<paths>;
}

export function createCrmClient(options: CrmClientOptions = {}): CrmClient {
  const settings = resolveOptions(options);
  const raw = createClient<paths>({
    baseUrl: settings.baseUrl,
    headers: { Accept: "application/json", ...settings.headers },
    ...(settings.fetch ? { fetch: settings.fetch } : {}),
  });
  raw.use({
    async onRequest({ request }) {
      // The facade sets the token per attempt; calls made through `raw` get it here.
      if (!request.headers.has("Authorization")) {
        request.headers.set("Authorization", await settings.getToken());
      }
      return request;
    },
  });

  return {
    raw,
    async reopenCase(caseId, { signal, ...overrides } = {}) {
      assertCaseId(caseId);
      const policy = resolvePolicy(overrides, settings);
      const { value, status } = await request({
        ...policy,
        idempotent: true,
        getToken: settings.getToken,
        retryDelay: settings.retryDelay,
        signal,
        attempt: (token, attemptSignal) =>
          raw.PUT("/api/2.0/crm/case/{caseid}/reopen", {
            params: { path: { caseid: caseId } },
            headers: { Authorization: token },
            parseAs: "text",
            signal: attemptSignal,
          }),
      });
      return policy.validateResponses
        ? checkResponse(validateCase, "Case", value, status)
        : (value as Case);
    },
  };
}
