import type { ApiDateTime } from "./dates";

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
  /**
   * The method and the IDs it was called with, as the message starts (`getCase(4242)`); other
   * arguments show as `…`. Undefined for an error not made by a client method.
   */
  readonly call: string | undefined;

  constructor(details: ApiErrorDetails) {
    const reason = details.portalMessage ?? details.bodyExcerpt;
    super(`HTTP ${details.status}${reason ? `: ${reason}` : ""}`);
    Object.assign(this, details);
  }
}

// What a status means, where the portal's own words say little ("Unauthorized", an HTML page).
const readable: Record<number, string> = {
  401: "the token was refused (wrong or expired)",
  403: "this user may not do that",
  503: "the portal is unavailable or over its rate limit",
};

/**
 * Names the call in `error`'s message: `getCase(4242): HTTP 404: the case was not found`.
 * `line` is the method's line of arguments (a scalar's first item is its name, `caseId`): the
 * numbers among the arguments (the IDs) are shown, anything else as `…` (it may be personal
 * data; the token is never an argument).
 */
export function describeCall(
  error: ApiError,
  method: string,
  line: readonly unknown[],
  args: readonly unknown[],
): void {
  if (error.call) return; // a read-first's error already names its own call
  const { status, portalMessage: said = error.bodyExcerpt } = error;
  const things: string[] = [];
  const shown = line.map((arg, i) => {
    const name = (arg as (string | undefined)[])[0]; // undefined for an object or a function
    const value = args[i];
    if (typeof value !== "number" && typeof (value as unknown[])?.[0] !== "number") return "…";
    if (name?.endsWith("Id")) things.push(name.slice(0, -2).replace(/[A-Z]/g, " $&").toLowerCase());
    return Array.isArray(value) ? `[${value.slice(0, 5)}${value[5] ? ",…" : ""}]` : value;
  });
  while (shown.at(-1) === "…") shown.pop();
  const call = `${method}(${shown.join(", ")})`;
  // Clearer words than the portal's, where it has them; otherwise its own (the message so far).
  const clearer =
    status === 404 && said === "Not found" && things[0]
      ? `the ${things.join(" or ")} was not found`
      : (!said || /^(unauthorized|access denied|<)/i.test(said)) && readable[status];
  Object.assign(error, {
    call,
    message: `${call}: ${clearer ? `HTTP ${status}: ${clearer}` : error.message}`,
  });
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
 * Why the portal refused a sign-in (it answers HTTP 500 for each, never a 4xx):
 * - `credentials`: `User authentication failed`, the user name or password was wrong;
 * - `code`: the same text to a call with a `code`: the code was wrong, expired or already used,
 *   more than 5 codes were tried (within a minute for an app, 10 minutes for SMS), or the
 *   password was wrong after all;
 * - `locked`: `Login Fail. Too many attempts`, more than 5 attempts within 60 s for this user
 *   name from this address; the portal refuses it, right password or not, for 60 s;
 * - `ip-restricted`: the portal's IP restrictions keep this user out from this address.
 */
export type SignInFailure = "credentials" | "code" | "locked" | "ip-restricted";

const failures: Record<SignInFailure, string> = {
  credentials: "the portal did not accept the user name and password",
  code: "the portal did not accept the code (wrong, expired or used, or too many tries), or the password",
  locked:
    "too many attempts for this user name from this address; the portal blocks it for a minute",
  "ip-restricted": "the portal's IP restrictions do not let this user in from this address",
};

/** The portal refused `signIn` or `sendSignInCode`; `reason` says why. Never retried. */
export class SignInError extends AuthenticationError {
  override name = "SignInError";
  readonly reason: SignInFailure;

  constructor(details: ApiErrorDetails, reason: SignInFailure) {
    super(details);
    this.reason = reason;
    this.message = `Sign-in failed: ${failures[reason]} (HTTP ${details.status}: ${details.portalMessage})`;
  }
}

/** What a two-factor challenge carries, for `TwoFactorRequiredError`. */
export interface TwoFactorChallenge {
  /** SMS: the phone the code went to, masked (`+4917****0142`). */
  phoneNoise?: string | undefined;
  /** SMS: when the code expires. */
  codeExpires?: ApiDateTime | undefined;
  /** App: the setup key, while no authenticator app is connected. */
  tfaKey?: string | undefined;
}

/**
 * `signIn` reached the portal and the password was right, but the account needs a second factor,
 * so the portal sent no token. Call `signIn` again with the same options plus `code`: the code
 * the portal has just sent by SMS (`sendSignInCode` sends a new one), or the one the
 * authenticator app shows.
 */
export class TwoFactorRequiredError extends OnlyofficeError {
  override name = "TwoFactorRequiredError";
  /** Which second factor the portal asked for. */
  readonly method: "sms" | "app";
  /**
   * SMS: the phone the code went to, masked. Undefined: the account has no activated phone, so
   * no code was sent; it must set one in the portal's web sign-in first.
   */
  readonly phoneNoise: string | undefined;
  /** SMS: when the code expires (10 minutes by default). */
  readonly codeExpires: ApiDateTime | undefined;
  // A secret (it seeds the app's codes): a private field behind a method, so that neither the
  // message, JSON, util.inspect (even with showHidden) nor a logger copying fields shows it.
  readonly #tfaKey: string | undefined;

  constructor(method: "sms" | "app", challenge: TwoFactorChallenge = {}) {
    const { phoneNoise, codeExpires, tfaKey } = challenge;
    super(
      method === "app"
        ? `Two-factor sign-in is required for this account: pass the code from its authenticator app as \`code\`${tfaKey ? "; no app is connected yet: add the setup key (error.tfaKey()) to one first" : ""}`
        : phoneNoise
          ? "Two-factor sign-in is required for this account: the portal sent a code by SMS; pass it as `code`"
          : "Two-factor sign-in by SMS is required for this account, but it has no activated mobile phone, so no code was sent: set one in the portal first",
    );
    this.method = method;
    this.phoneNoise = phoneNoise;
    this.codeExpires = codeExpires;
    this.#tfaKey = tfaKey;
  }

  /**
   * App: the setup key (`tfaKey`) to enter in an authenticator app, sent while the user has none
   * connected; the first right code connects it. A secret, like a password: show it only to
   * the user.
   */
  tfaKey(): string | undefined {
    return this.#tfaKey;
  }
}

/**
 * Shorter than this, a string cannot be a secret the client holds: a portal's token has 100+
 * characters and its passwords at least 8 (PasswordSettings.LimitMinLength). Cutting it would
 * only damage the message ("x" turning "text" into "te[REDACTED]t"), so it is left alone.
 */
const MIN_SECRET = 8;

/**
 * `text` with every real occurrence of `secret` replaced by `[REDACTED]`, and nothing else
 * changed. A secret shorter than 8 characters is no secret: the text is returned as it is. One
 * shorter than a token (16) is cut only where it stands alone, so that a password that is also a
 * word does not eat into longer words.
 */
export function redactText(text: string, secret: string): string {
  if (!secret || secret.length < MIN_SECRET || !text.includes(secret)) return text;
  // Every non-word character escaped (an identity escape outside `u` mode); no lookbehind:
  // older Safari has none.
  const escaped = secret.replace(/\W/g, "\\$&");
  const pattern = RegExp(secret[15] ? `()${escaped}` : `(^|[^\\w-])${escaped}(?![\\w-])`, "g");
  return text.replace(pattern, "$1[REDACTED]");
}

/**
 * Cuts `secret` (the token) out of every string field of `error` and of its `cause`, message and
 * stack included (see `redactText`). The request loop only ever gives its errors a `cause` it
 * built itself from plain strings (see request.ts), so one level is all there is.
 */
export function redactSecret<E extends Error>(error: E, secret: string): E {
  for (const target of [error, error.cause]) {
    if (!isErrorLike(target)) continue;
    const fields = target as unknown as Record<string, unknown>;
    for (const key of Object.getOwnPropertyNames(target)) {
      const value = fields[key];
      if (typeof value === "string") fields[key] = redactText(value, secret);
    }
  }
  return error;
}
