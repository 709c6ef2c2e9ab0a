// Turns what the caller passed (or the environment holds) into checked settings. Everything that
// can be wrong with the configuration fails here, at construction, before any request exists.
import { DEFAULT_RETRY_DELAY, type RetryDelay } from "./backoff";
import { checkWhole, flag, wrongType } from "./guards";
import type { Limiter, RateLimit } from "./limiter";
import type { Feature, Hooks, Logger, LogLevel, Report } from "./log";

/**
 * A token, or a function that returns the current one (called before every attempt, and asked
 * again once after a 401). A function may carry `renew` (told of a 401 with the token it gave:
 * resolves to whether a re-send is worth it) and `proven` (told of a success), as `signInSession`'s does.
 */
export type TokenSource =
  | string
  | ((() => string | Promise<string>) & {
      renew?: (token: string) => boolean | Promise<boolean>;
      proven?: (token: string) => void;
    });

/** What `createCrmClient` signs in with, again when the token expires or is refused. */
export interface Credentials {
  /** The user's email. */
  userName: string;
  /** The user's password: sent only to `POST /api/2.0/authentication`, never logged. */
  password: string;
  /** For a two-factor account: returns the current code (asked for each sign-in that needs one). */
  code?: () => string | Promise<string>;
}

/** The `fetch` the client calls; defaults to the global one. */
export type FetchFunction = (input: Request) => Promise<Response>;

export interface CrmClientOptions {
  /** The portal's root URL, e.g. `https://portal.example.com`. Default: `ONLYOFFICE_URL`. */
  baseUrl?: string;
  /** The token from `POST /api/2.0/authentication`. Default: `ONLYOFFICE_TOKEN`. */
  token?: TokenSource;
  /**
   * Sign in with these instead of a token (`createCrmClient` only; with `createCrmClientFor`,
   * pass `token: signInSession(…)`): on the first call, and again on a 401 or when the token is
   * about to expire, once for every call in flight. A refused sign-in is never repeated.
   */
  credentials?: Credentials;
  /** A custom `fetch` (a proxy agent, instrumentation, a test double). */
  fetch?: FetchFunction;
  /** Extra headers for every request. Put the token in `token`, not here. */
  headers?: Record<string, string>;
  /**
   * Allow a plain `http://` URL that is not loopback. Off by default: the token would cross the
   * network in clear text.
   */
  allowInsecureHttp?: boolean;
  /**
   * How many times to retry a failed idempotent call (connection error, time-out, 408, 429,
   * 5xx). Default 2, so at most 3 attempts. 0 turns retries off.
   */
  maxRetries?: number;
  /**
   * Time limit per attempt, in milliseconds: the wait for a place in flight (see
   * `maxConcurrency`), then the answer's headers and body. A call whose limit runs out while it
   * waits for a place rejects with TimeoutError and is never sent. Waits for the rate limit or a
   * portal's pause do not count. Default 30 000.
   */
  timeoutMs?: number;
  /**
   * Check every 2xx answer's `response` against the spec's schema (code generated from the spec)
   * and reject with InvalidResponseError when it does not match. Default true.
   */
  validateResponses?: boolean;
  /**
   * Backoff tuning, in milliseconds: `baseMs` (500) doubles per retry up to `maxMs` (8 000), minus
   * up to 25 % jitter; a `Retry-After` wait is capped at `retryAfterMaxMs` (60 000). Mostly for
   * tests; the defaults suit a portal.
   */
  retryDelay?: Partial<RetryDelay>;
  /**
   * How many attempts of this client may be in flight at once; the others wait in line, their
   * time limit running (see `timeoutMs`). Default 10: enough to reach the rate limit below when a call takes
   * up to about 200 ms, and gentle on a small self-hosted portal.
   */
  maxConcurrency?: number;
  /**
   * At most `requests` attempts (retries included) in any `perMs` milliseconds; the others wait
   * in line. An attempt counts from when it goes until `perMs` after its answer, so the portal,
   * which counts when a request arrives, never sees more, however slow the network. Default
   * `{ requests: 450, perMs: 10_000 }`: a portal allows 500 per 10 s per IP and account and
   * answers 503 past that; the margin is for other clients on the same account or IP. `false`
   * turns it off. Either way, a 429, or a 503 with `Retry-After`, pauses every call of the client.
   */
  rateLimit?: RateLimit | false;
  /**
   * How much to log: `debug` a line per attempt (method, path, status, attempt, ms, the wait in
   * line); `info` retries and the portal's pauses; `warn`, `error`, `off` nothing of the
   * requests. Default `warn`, or `ONLYOFFICE_LOG` where there is a `process.env` (Node). No line
   * holds the token, a password, a code, a header, a body or the query string.
   */
  logLevel?: LogLevel;
  /** Where the lines go (anything with `debug`, `info`, `warn`, `error`). Default `console`. */
  logger?: Logger;
  /** `onRequest`, `onResponse`, `onRetry`: the same facts as the log lines, as plain objects. */
  hooks?: Hooks;
}

/** What every method takes last. */
export interface RequestOptions {
  /**
   * Cancels the call, including any wait in line or between retries. The call then rejects with the
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

/** Settings a single call may override. */
export interface CallPolicy {
  maxRetries: number;
  timeoutMs: number;
  validateResponses: boolean;
}

export const DEFAULT_POLICY: CallPolicy = {
  maxRetries: 2,
  timeoutMs: 30_000,
  validateResponses: true,
};

export interface ResolvedOptions extends CallPolicy {
  baseUrl: string;
  getToken: () => Promise<string>;
  /** A 401 with `token`: whether to send once more (a token function is asked again). */
  renew: ((token: string) => boolean | Promise<boolean>) | undefined;
  proven: ((token: string) => void) | undefined;
  fetch: FetchFunction | undefined;
  headers: Record<string, string>;
  retryDelay: RetryDelay;
  maxConcurrency: number;
  rateLimit: RateLimit | false;
  report: Report | undefined;
  /** The client's line, set once the client is made. */
  limiter?: Limiter;
}

/** `maxRetries`, `timeoutMs` and `validateResponses` from `options`, over `defaults`. */
export function resolvePolicy(
  options: Partial<Record<keyof CallPolicy, unknown>>,
  defaults: CallPolicy,
): CallPolicy {
  const {
    maxRetries = defaults.maxRetries,
    timeoutMs = defaults.timeoutMs,
    validateResponses = defaults.validateResponses,
  } = options;
  return {
    maxRetries: checkWhole("maxRetries", maxRetries, 0),
    timeoutMs: checkWhole("timeoutMs", timeoutMs, 1),
    validateResponses: flag("validateResponses", validateResponses),
  };
}

function resolveRetryDelay(delay: Partial<RetryDelay> | undefined): RetryDelay {
  const merged = { ...DEFAULT_RETRY_DELAY, ...delay };
  for (const [key, value] of Object.entries(merged)) checkWhole(`retryDelay.${key}`, value, 0);
  return merged;
}

// Both numbers, always: a lone `{ requests }` would otherwise pair with a window it did not mean.
// `null` is refused too (a TypeError from the destructuring), not taken for the default.
function checkRateLimit(
  { requests, perMs }: RateLimit = { requests: 450, perMs: 10_000 },
): RateLimit {
  return {
    requests: checkWhole("rateLimit.requests", requests, 1),
    perMs: checkWhole("rateLimit.perMs", perMs, 1),
  };
}

// Read without importing `node:process`, so the client runs wherever `fetch` does.
function env(name: string): string | undefined {
  const processLike = (globalThis as { process?: { env?: Record<string, string | undefined> } })
    .process;
  return processLike?.env?.[name];
}

// URL has already normalised the host: lower case, IPv4 as four decimal numbers.
const loopbackHost = /^(localhost|127\.[\d.]+|\[::1\])$/;

export function checkBaseUrl(value: unknown, allowInsecureHttp = false): string {
  let url: URL;
  try {
    url = new URL(value as string);
  } catch {
    // Not echoed: a URL that fails to parse may still hold credentials.
    throw new TypeError("baseUrl must be an absolute URL: pass `baseUrl` or set ONLYOFFICE_URL");
  }
  const { protocol } = url;
  // Plain http only to this machine, or when the caller says the network is trusted.
  const httpAllowed =
    protocol === "http:" && (allowInsecureHttp || loopbackHost.test(url.hostname));
  if (
    (protocol !== "https:" && !httpAllowed) ||
    url.username ||
    url.password ||
    url.search ||
    url.hash
  ) {
    throw new TypeError(
      "baseUrl must be https with no credentials, query or fragment; http sends the token in " +
        "clear text (allowed to loopback, or with allowInsecureHttp: true)",
    );
  }
  return url.href.replace(/\/+$/, "");
}

// Never put the token itself in a message.
export function checkToken(value: unknown): string {
  if (typeof value !== "string" || value.trim() === "") {
    throw new TypeError("token is required: pass `token` or set ONLYOFFICE_TOKEN");
  }
  // Printable ASCII only: a line break would split the header, anything else is a copy-paste
  // accident, and some `fetch` implementations quote a bad header value in their errors.
  if (!/^[\x20-\x7e]+$/.test(value)) {
    throw new TypeError("token must be printable ASCII, with no line breaks");
  }
  return value;
}

/** `report`: the reporter of `logging`, when the client has it among its parts. */
export function resolveOptions(
  options: CrmClientOptions,
  report?: Feature["report"],
): ResolvedOptions {
  const baseUrl = checkBaseUrl(options.baseUrl ?? env("ONLYOFFICE_URL"), options.allowInsecureHttp);
  const {
    token = env("ONLYOFFICE_TOKEN"),
    fetch,
    headers,
    rateLimit,
    logLevel,
    logger,
    hooks,
  } = options;
  if (options.credentials) {
    throw new TypeError(
      "credentials: use createCrmClient, or pass token: signInSession({ baseUrl, ...credentials })",
    );
  }
  // Not ignored in silence: the caller expects lines or hooks that this client cannot give.
  if (!report && (logLevel || logger || hooks)) {
    throw new TypeError(
      "logLevel, logger, hooks: use createCrmClient, or add logging: createCrmClientFor([cases, logging], …)",
    );
  }
  const source = typeof token === "function" ? token : undefined;
  // A fixed token is checked once, here; a token function's answer is checked on every call.
  const fixed = typeof token === "function" ? undefined : checkToken(token);
  if (headers && Object.keys(headers).some((name) => /^authorization$/i.test(name))) {
    throw new TypeError("Pass the token as `token`, not in `headers`");
  }
  if (fetch !== undefined && typeof fetch !== "function")
    throw wrongType("fetch", "a function", fetch);
  return {
    ...resolvePolicy(options, DEFAULT_POLICY),
    baseUrl,
    getToken: async () => fixed ?? checkToken(await source!()),
    renew: source && (source.renew ?? (() => true)),
    proven: source?.proven,
    fetch,
    headers: { Accept: "application/json", ...headers },
    retryDelay: resolveRetryDelay(options.retryDelay),
    maxConcurrency: checkWhole("maxConcurrency", options.maxConcurrency ?? 10, 1),
    rateLimit: rateLimit !== false && checkRateLimit(rateLimit),
    report: report?.(logLevel ?? env("ONLYOFFICE_LOG"), logger, hooks),
  };
}
