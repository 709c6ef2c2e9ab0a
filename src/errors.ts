// Every error the client throws on purpose is an OnlyofficeError. ApiError carries what the
// portal said; its subclasses are picked from the HTTP status by `apiErrorFor`.
// Messages never contain the token: nothing here ever sees request headers, and the request
// loop runs `redactSecret` over every error (and the `cause` it built) before it is thrown.

export class OnlyofficeError extends Error {
  override name = "OnlyofficeError";
  // Re-declared so that it is an enumerable own field, like `name` and the subclasses' fields.
  override message: string = (this as Error).message;

  /**
   * A plain, log-safe object, the same one `JSON.stringify(error)` gives: name, message and this
   * class's own fields. The `cause` is left out (one from `fetch` can hold sockets).
   */
  toJSON(): Record<string, unknown> {
    return { ...(this as object) };
  }
}

/** An Error from any realm (fetch's errors are not `instanceof Error` inside a jest sandbox). */
export function isErrorLike(value: unknown): value is Error {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as Error).message === "string" &&
    typeof (value as Error).name === "string"
  );
}

/** The JSON error envelope a portal sends with a non-2xx status. */
export interface PortalErrorBody {
  status?: number;
  statusCode?: number;
  error?: { message?: string; hresult?: number; [key: string]: unknown };
}

export interface ApiErrorDetails {
  status: number;
  /** The portal's `error.message`, when it sent the JSON error envelope. */
  portalMessage?: string;
  /** The portal's `error.hresult`, when sent. Not stable across servers: do not branch on it. */
  hresult?: number;
  /** The start of a body that was not the JSON error envelope (for example an HTML proxy page). */
  bodyExcerpt?: string;
}

/** The portal (or a proxy in front of it) answered with a non-2xx status. */
export class ApiError extends OnlyofficeError {
  override name = "ApiError";
  readonly status!: number;
  readonly portalMessage: string | undefined;
  readonly hresult: number | undefined;
  readonly bodyExcerpt: string | undefined;

  constructor(details: ApiErrorDetails) {
    const reason = details.portalMessage ?? details.bodyExcerpt;
    super(`HTTP ${details.status}${reason ? `: ${reason}` : ""}`);
    Object.assign(this, details);
  }
}

export class BadRequestError extends ApiError {
  override name = "BadRequestError";
}
/** 401: no valid token. A portal sends the plain text `Unauthorized`, not JSON. */
export class AuthenticationError extends ApiError {
  override name = "AuthenticationError";
}
export class PaymentRequiredError extends ApiError {
  override name = "PaymentRequiredError";
}
export class PermissionDeniedError extends ApiError {
  override name = "PermissionDeniedError";
}
export class NotFoundError extends ApiError {
  override name = "NotFoundError";
}
export class RateLimitError extends ApiError {
  override name = "RateLimitError";
}
export class InternalServerError extends ApiError {
  override name = "InternalServerError";
}

const byStatus: Record<number, typeof ApiError> = {
  400: BadRequestError,
  401: AuthenticationError,
  402: PaymentRequiredError,
  403: PermissionDeniedError,
  404: NotFoundError,
  429: RateLimitError,
};

/** The ApiError subclass for an HTTP status (≥ 500: InternalServerError; others: ApiError). */
export function apiErrorFor(details: ApiErrorDetails): ApiError {
  const ErrorClass =
    byStatus[details.status] ?? (details.status >= 500 ? InternalServerError : ApiError);
  return new ErrorClass(details);
}

/** The request never got an HTTP answer: DNS failure, connection refused or reset. */
export class ConnectionError extends OnlyofficeError {
  override name = "ConnectionError";
}

/** No answer within the time limit. */
export class TimeoutError extends ConnectionError {
  override name = "TimeoutError";
}

/**
 * A 2xx answer that is not the portal's JSON envelope around what the spec promises: an HTML
 * login page, truncated JSON, no envelope, `status: 1`, or a `response` that does not match the
 * spec's schema (then `path` names the first offending value, e.g. `response.members[1].currency`).
 */
export class InvalidResponseError extends OnlyofficeError {
  override name = "InvalidResponseError";
  declare readonly status: number;
  declare readonly bodyExcerpt: string | undefined;
  /** The JSON path of the first value that does not match the spec, when that was the problem. */
  declare readonly path: string | undefined;

  constructor(message: string, status: number, bodyExcerpt?: string, path?: string) {
    super(message);
    Object.assign(this, { status, bodyExcerpt, path });
  }
}

/**
 * `signIn` reached the portal and the credentials were right, but the account needs a second
 * factor (an SMS code or an authenticator app), so the portal sent no token. This client cannot
 * complete that sign-in.
 */
export class TwoFactorRequiredError extends OnlyofficeError {
  override name = "TwoFactorRequiredError";
  /** Which second factor the portal asked for. */
  readonly method: "sms" | "app";

  constructor(method: "sms" | "app") {
    super(
      `Two-factor sign-in is required for this account (${method === "sms" ? "a code sent by SMS" : "a code from an authenticator app"}); ` +
        "signIn cannot complete it. Use an account without two-factor sign-in for automation, " +
        "or get a token another way and pass it as ONLYOFFICE_TOKEN",
    );
    this.method = method;
  }
}

/**
 * Cuts `secret` (the token) out of every string field of `error` and of its `cause`, message and
 * stack included. The request loop only ever gives its errors a `cause` it built itself from
 * plain strings (see request.ts), so one level is all there is.
 */
export function redactSecret<E extends Error>(error: E, secret: string): E {
  for (const target of [error, error.cause]) {
    if (!secret || !isErrorLike(target)) continue;
    const fields = target as unknown as Record<string, unknown>;
    for (const key of Object.getOwnPropertyNames(target)) {
      const value = fields[key];
      if (typeof value === "string") fields[key] = value.split(secret).join("[REDACTED]");
    }
  }
  return error;
}
