// The facade: one small object per portal. Data flows spec → generated/schema.ts → openapi-fetch
// → here (auth, guards) → request.ts (time limits, retries, envelope, errors) → validate.ts
// (checked against the spec) → the caller.
import createClient, { type Client } from "openapi-fetch";
import type { components, paths } from "../generated/schema";
import { Case as CaseSchema } from "../generated/validate";
import { assertCaseId } from "./guards";
import {
  resolveOptions,
  resolvePolicy,
  type CrmClientOptions,
  type ResolvedOptions,
} from "./options";
import { request, type RawResult } from "./request";
import { checkResponse } from "./validate";

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
   * `GET /api/2.0/crm/case/{caseid}`: resolves to the case. A case the caller may not see
   * rejects with NotFoundError, like a case that does not exist.
   */
  getCase(caseId: number, options?: RequestOptions): Promise<Case>;
  /** `PUT /api/2.0/crm/case/{caseid}/close`: closes a case (idempotent) and resolves to it. */
  closeCase(caseId: number, options?: RequestOptions): Promise<Case>;
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

/** What every case operation hands to openapi-fetch for one attempt. */
type CaseRequestInit = {
  params: { path: { caseid: number } };
  headers: { Authorization: string };
  parseAs: "text";
  signal: AbortSignal;
};

/**
 * One case operation (get, close, reopen: all idempotent): the same guard, the same retry loop,
 * the same validation. Only the route differs.
 */
function caseOperation(
  settings: ResolvedOptions,
  call: (init: CaseRequestInit) => Promise<RawResult>,
): (caseId: number, options?: RequestOptions) => Promise<Case> {
  return async (caseId, { signal, ...overrides } = {}) => {
    assertCaseId(caseId);
    const policy = resolvePolicy(overrides, settings);
    const { value, status } = await request({
      ...settings,
      ...policy,
      idempotent: true,
      signal,
      attempt: (token, attemptSignal) =>
        call({
          params: { path: { caseid: caseId } },
          headers: { Authorization: token },
          parseAs: "text",
          signal: attemptSignal,
        }),
    });
    return policy.validateResponses ? checkResponse(CaseSchema, value, status) : (value as Case);
  };
}

export function createCrmClient(options: CrmClientOptions = {}): CrmClient {
  const settings = resolveOptions(options);
  const { fetch: custom, getToken } = settings;
  const raw = createClient<paths>({
    baseUrl: settings.baseUrl,
    headers: { Accept: "application/json", ...settings.headers },
    // The facade sets the token per attempt; calls made through `raw` get it here. A wrapped
    // fetch rather than a middleware: openapi-fetch does extra work per call for middleware.
    fetch: async (request: Request) => {
      if (!request.headers.has("Authorization")) {
        request.headers.set("Authorization", await getToken());
      }
      return custom ? custom(request) : fetch(request);
    },
  });

  return {
    raw,
    getCase: caseOperation(settings, (init) => raw.GET("/api/2.0/crm/case/{caseid}", init)),
    closeCase: caseOperation(settings, (init) => raw.PUT("/api/2.0/crm/case/{caseid}/close", init)),
    reopenCase: caseOperation(settings, (init) =>
      raw.PUT("/api/2.0/crm/case/{caseid}/reopen", init),
    ),
  };
}
