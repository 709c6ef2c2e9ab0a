// The facade: one small object per portal. Data flows spec → generated/schema.ts → openapi-fetch
// → here (auth, guards, envelope, errors) → the caller.
import createClient, { type Client } from "openapi-fetch";
import type { components, paths } from "../generated/schema";
import { errorFromBody, unwrapEnvelope } from "./envelope";
import { ConnectionError } from "./errors";
import { assertCaseId } from "./guards";
import { resolveOptions, type CrmClientOptions } from "./options";

export type Case = components["schemas"]["Case"];

export interface RequestOptions {
  /** Cancels the request; the call then rejects with the signal's reason. */
  signal?: AbortSignal;
}

export interface CrmClient {
  /**
   * `GET /api/2.0/crm/case/{caseid}`: resolves to the case. A case the caller may not see
   * rejects with NotFoundError, like a case that does not exist.
   */
  getCase(caseId: number, options?: RequestOptions): Promise<Case>;
  /** `PUT /api/2.0/crm/case/{caseid}/close`: closes a case (idempotent) and resolves to it. */
  closeCase(caseId: number, options?: RequestOptions): Promise<Case>;
  /** `PUT /api/2.0/crm/case/{caseid}/reopen`: reopens a case (idempotent) and resolves to it. */
  reopenCase(caseId: number, options?: RequestOptions): Promise<Case>;
  /**
   * The underlying openapi-fetch client, with the base URL and the token already applied, for
   * operations the facade does not wrap yet. It returns `{ data, error, response }` and does not
   * unwrap the envelope or throw.
   */
  readonly raw: Client<paths>;
}

export type RawResult = { data?: string; error?: unknown; response: Response };

/** What every case operation hands to openapi-fetch: the ID in the path, the body as text. */
type CaseRequestInit = {
  params: { path: { caseid: number } };
  parseAs: "text";
  signal: AbortSignal | undefined;
};

/**
 * One case operation (get, close, reopen): the same guard, the same `send()` pipeline, the same
 * errors. Only the route differs.
 */
function caseOperation(
  call: (init: CaseRequestInit) => Promise<RawResult>,
): (caseId: number, options?: RequestOptions) => Promise<Case> {
  return async (caseId, { signal } = {}) => {
    assertCaseId(caseId);
    const request = () => call({ params: { path: { caseid: caseId } }, parseAs: "text", signal });
    return (await send(request, signal)) as Case;
  };
}

export async function send(
  request: () => Promise<RawResult>,
  signal: AbortSignal | undefined,
): Promise<unknown> {
  let result: RawResult;
  try {
    result = await request();
  } catch (cause) {
    if (signal?.aborted) throw signal.reason;
    // fetch rejects with a bare TypeError ("fetch failed"); the reason is in its cause.
    const reason =
      cause instanceof Error && cause.cause instanceof Error ? cause.cause.message : String(cause);
    throw new ConnectionError(`Could not reach the portal: ${reason}`, { cause });
  }
  const { response } = result;
  if (!response.ok) throw errorFromBody(response.status, result.error);
  return unwrapEnvelope(result.data, response.status);
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
      request.headers.set("Authorization", await settings.getToken());
      return request;
    },
  });

  return {
    raw,
    getCase: caseOperation((init) => raw.GET("/api/2.0/crm/case/{caseid}", init)),
    closeCase: caseOperation((init) => raw.PUT("/api/2.0/crm/case/{caseid}/close", init)),
    reopenCase: caseOperation((init) => raw.PUT("/api/2.0/crm/case/{caseid}/reopen", init)),
  };
}
