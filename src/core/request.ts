// The one retry loop. Every call the facade makes goes through `request()`: token, time limit,
// retries with backoff, and the mapping of every failure onto the error taxonomy.
import { attemptScope, sleep } from "./abort";
import { isRetryableStatus, retryDelayMs, type RetryDelay } from "./backoff";
import { errorFromBody, unwrapEnvelope } from "./envelope";
import {
  ApiError,
  ConnectionError,
  isErrorLike,
  OnlyofficeError,
  redactSecret,
  TimeoutError,
} from "./errors";
import type { Limiter } from "./limiter";
import type { Report } from "./log";
import type { CallPolicy } from "./options";

/** What a client (or a sign-in) sends every call with: its policy, token and line. */
export interface RequestPlan extends CallPolicy {
  getToken: () => Promise<string>;
  /** A 401 with this token: whether to send once more (with a token asked for again). */
  renew?: ((token: string) => boolean | Promise<boolean>) | undefined;
  /** The token worked. */
  proven?: ((token: string) => void) | undefined;
  retryDelay: RetryDelay;
  /** The client's line (concurrency, rate, pauses); signIn has none. */
  limiter?: Limiter | undefined;
  /** Logs and hooks, with the method and the path (no query) they name; signIn has none. */
  report?: Report | undefined;
}

/** One call: how to send it, whether it may be repeated, what cancels it. */
export interface RequestCall {
  /** Issues the HTTP call once. Called again for each attempt: a Request body cannot be reused. */
  attempt: (token: string, signal: AbortSignal) => Promise<Response>;
  /**
   * Idempotent operations are retried after any retryable failure; others only when the portal
   * refused them before they ran (429, or 503 with Retry-After).
   */
  idempotent: unknown;
  signal: AbortSignal | undefined;
  method?: string;
  path?: string;
}

// fetch rejects with a bare TypeError ("fetch failed"); the reason is in its cause. The error
// keeps only that reason's name, message and code, as a new plain Error: a foreign error object
// may hold sockets, or the request and its headers.
function connectionError(thrown: unknown, timedOut: boolean, timeoutMs: number): ConnectionError {
  const inner = isErrorLike(thrown) && isErrorLike(thrown.cause) ? thrown.cause : thrown;
  const cause = new Error(isErrorLike(inner) ? inner.message : String(inner));
  if (isErrorLike(inner)) {
    cause.name = inner.name;
    const { code } = inner as { code?: unknown };
    if (typeof code === "string") Object.assign(cause, { code });
  }
  return timedOut
    ? new TimeoutError(`No answer from the portal within ${timeoutMs} ms`, { cause })
    : new ConnectionError(`Could not reach the portal: ${cause.message}`, { cause });
}

/** A call's answer: the envelope, and the last HTTP response (its body read) after `attempts`. */
export interface Answer {
  envelope: Record<string, unknown>;
  status: number;
  response: Response;
  attempts: number;
}

/** What `.withResponse()` resolves to: `data` with the answer's last response and attempts. */
export const withAnswer = <T>(
  data: T,
  { response, attempts }: Pick<Answer, "response" | "attempts">,
) => ({
  data,
  response,
  attempts,
});

/**
 * Sends until an attempt succeeds, fails for good, or the retries run out; resolves to the
 * envelope (its `response` is the answer) and the HTTP status. The caller's abort rejects at
 * once with `signal.reason`, in line, during an attempt or between attempts, and no further
 * attempt starts.
 */
export async function request(plan: RequestPlan, call: RequestCall): Promise<Answer> {
  const { limiter } = plan;
  const { signal } = call;
  const note = plan.report?.(call.method!, call.path!); // this call's log lines and hooks
  let renewed = 0; // a 401 is sent once more, after the token source renewed
  for (let retry = 0; ; retry++) {
    signal?.throwIfAborted();
    let error: OnlyofficeError;
    let retryAfter: string | null = null;
    let status = 0;
    let token = "";
    note?.(0); // the wait in line begins
    // A place in line first; the wait for a place in flight counts towards the time limit (a
    // call that runs out of it there is never sent), the rate limit's and a pause's do not.
    const release = await limiter?.take(signal, plan.timeoutMs);
    try {
      // Asked before every attempt (a rotating token source); its own errors pass through as is.
      token = await plan.getToken();
      signal?.throwIfAborted();
      const timeoutMs = plan.timeoutMs - (release?.waited ?? 0);
      const scope = attemptScope(signal, Math.max(1, timeoutMs));
      note?.(1); // sent
      try {
        const response = await call.attempt(token, scope.signal);
        const { ok } = response;
        status = response.status;
        const body = await response.text(); // within the time limit too
        note?.(2, status); // answered
        if (ok) {
          plan.proven?.(token);
          return { envelope: unwrapEnvelope(body, status), status, response, attempts: retry + 1 };
        }
        error = errorFromBody(status, body);
        retryAfter = response.headers.get("retry-after");
      } catch (cause) {
        if (signal?.aborted) throw signal.reason;
        // An answer that is not the envelope: final, and it may quote the token.
        if (cause instanceof OnlyofficeError) throw redactSecret(cause, token);
        error = connectionError(cause, scope.timedOut, plan.timeoutMs);
        if (!status) note?.(2); // no answer
      } finally {
        scope.dispose();
      }
      redactSecret(error, token);
    } finally {
      release?.(); // the answer has been read (or there is none): the next one may go
    }
    status = error instanceof ApiError ? error.status : 0;
    // Refused before it ran: sent once more with a new token, at once (a sign-in waits for all).
    if (status === 401 && !renewed && (await plan.renew?.(token))) {
      renewed = 1;
      continue;
    }
    // Refused before anything ran: the portal's rate limit, which counts per IP and account.
    const refused = status === 429 || (status === 503 && retryAfter !== null);
    const delay = retryDelayMs(retry, retryAfter, plan.retryDelay);
    if (refused) limiter?.pause(delay); // every call of the client waits, not just this one
    // Idempotent: no HTTP answer (connection, time-out) is worth another try; of answers, 408,
    // 429 and 5xx. Otherwise only a refusal that came before anything ran.
    const retryable = call.idempotent ? !status || isRetryableStatus(status) : refused;
    if (!retryable || retry >= plan.maxRetries + renewed) throw error;
    note?.(3, status, delay, refused);
    await sleep(delay, signal);
  }
}
