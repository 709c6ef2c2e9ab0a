// Every error the client throws on purpose is an OnlyofficeError. ApiError carries what the
// portal said; its subclasses are picked from the HTTP status by `apiErrorFor`.
// Messages never contain the token: nothing here ever sees request headers.

export class OnlyofficeError extends Error {
  override name = "OnlyofficeError";
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
  readonly status: number;
  readonly portalMessage: string | undefined;
  readonly hresult: number | undefined;
  readonly bodyExcerpt: string | undefined;

  constructor(details: ApiErrorDetails) {
    const reason = details.portalMessage ?? details.bodyExcerpt;
    super(`HTTP ${details.status}${reason ? `: ${reason}` : ""}`);
    this.status = details.status;
    this.portalMessage = details.portalMessage;
    this.hresult = details.hresult;
    this.bodyExcerpt = details.bodyExcerpt;
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

/** A 2xx answer that is not the portal's JSON envelope around what the spec promises. */
export class InvalidResponseError extends OnlyofficeError {
  override name = "InvalidResponseError";
  readonly status: number;
  readonly bodyExcerpt: string | undefined;

  constructor(message: string, status: number, bodyExcerpt?: string) {
    super(message);
    this.status = status;
    this.bodyExcerpt = bodyExcerpt;
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
