// Sign-in: `POST /api/2.0/authentication`, `…/{code}` for the second factor and `…/sendsms`, the
// calls that need no token. The password goes into the request body and nowhere else: it is cut
// out of every error these calls throw, whoever echoed it.
import type { components } from "../../generated/schema";
import { AuthenticationToken as AuthenticationTokenSchema } from "../../generated/validate";
import { DEFAULT_RETRY_DELAY } from "./backoff";
import { parseApiDateTime, type ApiDateTime } from "./dates";
import {
  ApiError,
  InvalidResponseError,
  OnlyofficeError,
  redactSecret,
  SignInError,
  TwoFactorRequiredError,
  type SignInFailure,
} from "./errors";
import {
  checkBaseUrl,
  DEFAULT_POLICY,
  resolvePolicy,
  type Credentials,
  type CrmClientOptions,
  type FetchFunction,
  type TokenSource,
} from "./options";
import { request } from "./request";
import { checkResponse } from "./validate";

type AuthenticationToken = components["schemas"]["AuthenticationToken"];

export interface SignInOptions {
  /** The portal's root URL, e.g. `https://portal.example.com` (https, or http to loopback). */
  baseUrl: string;
  /** The user's email (a portal looks the user up by email, or by user ID). */
  userName: string;
  /** The user's password. Sent once, in the JSON body; never kept, logged or put in an error. */
  password: string;
  /**
   * The second factor, after a `TwoFactorRequiredError`: the code the portal sent by SMS, or the
   * one the authenticator app shows (6 digits), or one of the app's backup codes. Sent as
   * `POST /api/2.0/authentication/{code}` with the same body.
   */
  code?: string;
  /** A custom `fetch` (a proxy agent, instrumentation, a test double). */
  fetch?: FetchFunction;
  /** Allow a plain `http://` URL that is not loopback (the password would travel in clear text). */
  allowInsecureHttp?: boolean;
  /** Cancels the request; the call then rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Time limit in milliseconds. Default 30 000. */
  timeoutMs?: number;
  /** Check the answer against the spec (default true); see `createCrmClient`. */
  validateResponses?: boolean;
}

export interface SignInResult {
  /** The token: pass it as `token` to `createCrmClient` (or set ONLYOFFICE_TOKEN). */
  token: string;
  /** When the token expires, as the portal sent it (`parseApiDateTime` turns it into a Date). */
  expires: ApiDateTime | undefined;
}

/** The options of `sendSignInCode`: those of `signIn`, without a code. */
export type SendSignInCodeOptions = Omit<SignInOptions, "code">;

export interface SignInCodeSent {
  /** The phone the code went to, masked (`+4917****0142`). */
  phoneNoise: string | undefined;
  /** When the code expires (10 minutes by default). */
  expires: ApiDateTime | undefined;
}

// The texts AuthenticationEntryPoint answers (as HTTP 500) for a refused sign-in.
const causes: [RegExp, SignInFailure][] = [
  [/^User authentication failed/, "credentials"],
  [/^Login Fail\. Too many attempts/, "locked"],
  [/IPSecurityException/, "ip-restricted"], // .NET's default message names the type
];

function requireString(value: unknown, name: string): string {
  // The value itself never goes into the message.
  if (typeof value !== "string" || value === "") throw new TypeError(`${name} is required`);
  return value;
}

// Six digits, or a backup code (letters, digits, `-`, `_`); never a name of the routes that
// `authentication/` serves before `{code}`.
function checkCode(value: unknown): string {
  const code = typeof value === "string" ? value.trim() : "";
  if (!/^[\w-]{1,64}$/.test(code) || /^(sendsms|setphone|login|register)$/i.test(code)) {
    throw new TypeError("code must be the digits from the SMS or the authenticator app");
  }
  return code;
}

/** One sign-in call to `/api/2.0/authentication{path}`; refusals become SignInError. */
async function authenticate(
  options: SendSignInCodeOptions,
  path: string,
  withCode: boolean,
): Promise<[AuthenticationToken, number]> {
  const { signal } = options;
  const baseUrl = checkBaseUrl(options.baseUrl, options.allowInsecureHttp);
  const userName = requireString(options.userName, "userName");
  const password = requireString(options.password, "password");
  if (options.fetch !== undefined && typeof options.fetch !== "function") {
    throw new TypeError("fetch must be a function");
  }
  const send = options.fetch ?? fetch;
  const body = JSON.stringify({ userName, password });
  const policy = resolvePolicy(
    { timeoutMs: options.timeoutMs, validateResponses: options.validateResponses },
    DEFAULT_POLICY,
  );
  try {
    const { envelope, status } = await request(
      {
        ...policy,
        maxRetries: 0, // never retried: every attempt counts towards the portal's lockout
        getToken: async () => "", // these calls carry no token
        retryDelay: DEFAULT_RETRY_DELAY,
      },
      {
        idempotent: false,
        signal,
        attempt: (_token, attemptSignal) =>
          send(
            new Request(`${baseUrl}/api/2.0/authentication${path}`, {
              method: "POST",
              // No cookie: the portal's session cookie must not stand in for the password.
              credentials: "omit",
              headers: { Accept: "application/json", "Content-Type": "application/json" },
              body,
              signal: attemptSignal,
            }),
          ),
      },
    );
    const { response } = envelope;
    const data = policy.validateResponses
      ? checkResponse<AuthenticationToken>(
          AuthenticationTokenSchema,
          response,
          status,
          "authenticate",
        )
      : ((response ?? {}) as AuthenticationToken);
    return [data, status];
  } catch (error) {
    let thrown = error;
    if (error instanceof ApiError && error.status === 500) {
      const said = error.portalMessage ?? "";
      const found = causes.find(([text]) => text.test(said))?.[1];
      if (found) {
        const { status, portalMessage, hresult } = error;
        const reason = found === "credentials" && withCode ? "code" : found;
        thrown = new SignInError({ status, portalMessage, hresult }, reason);
      }
    }
    // A proxy may echo the request body: cut the password out of what we throw.
    throw thrown instanceof OnlyofficeError ? redactSecret(thrown, password) : thrown;
  }
}

/**
 * Exchanges an email and password for a token (`POST /api/2.0/authentication`), or, with
 * `code`, completes a two-factor sign-in (`POST /api/2.0/authentication/{code}`).
 *
 * Rejects with TwoFactorRequiredError when the account needs a second factor (call again with
 * `code`), and with SignInError (an AuthenticationError) when the portal refuses: `reason` is
 * `credentials`, `code`, `locked` or `ip-restricted`. Not retried: every attempt counts
 * towards the portal's lockout (more than 5 in 60 s block the user name for 60 s).
 */
export async function signIn(options: SignInOptions): Promise<SignInResult> {
  const withCode = options.code !== undefined;
  const path = withCode ? `/${checkCode(options.code)}` : "";
  const [data, status] = await authenticate(options, path, withCode);
  const { token } = data;
  const expires = typeof data.expires === "string" ? data.expires : undefined;
  if (typeof token === "string" && token !== "") return { token, expires };
  if (!withCode && data.sms === true) {
    throw new TwoFactorRequiredError("sms", { phoneNoise: data.phoneNoise, codeExpires: expires });
  }
  if (!withCode && data.tfa === true) {
    throw new TwoFactorRequiredError("app", { tfaKey: data.tfaKey });
  }
  throw new InvalidResponseError(
    "The portal accepted the sign-in but sent neither a token nor a two-factor challenge",
    status,
  );
}

/**
 * Asks the portal to text a new sign-in code to an SMS two-factor account
 * (`POST /api/2.0/authentication/sendsms`); `signIn` itself already sent one. Resolves to the
 * masked phone and the code's expiry. Refusals are SignInError as for `signIn`; an account
 * without SMS sign-in is an InternalServerError, one without a phone a BadRequestError.
 */
export async function sendSignInCode(options: SendSignInCodeOptions): Promise<SignInCodeSent> {
  const [{ phoneNoise, expires }] = await authenticate(options, "/sendsms", false);
  return { phoneNoise, expires };
}

/** Signs in again when less than this is left of the token's life (or a tenth of it). */
const RENEW_BEFORE_MS = 60_000;

export interface SignInSessionOptions extends Credentials {
  baseUrl: string;
  fetch?: FetchFunction;
  allowInsecureHttp?: boolean;
}

/**
 * A token source that signs in (`signIn`) on first use, and again when the token is about to
 * expire or a call with it answers 401: one sign-in for every call in flight, which wait for it.
 * Never more than one sign-in per token: a refused sign-in (SignInError, TwoFactorRequiredError
 * without `code`) is never repeated, every call then rejects with it; a new token refused before
 * it ever worked is not replaced (another sign-in would only count towards the portal's lockout).
 * Pass it as `token` (`createCrmClient({ credentials })` does).
 */
export function signInSession(options: SignInSessionOptions): TokenSource {
  const { code, ...rest } = options;
  requireString(options.userName, "userName");
  requireString(options.password, "password");
  let token: string | undefined;
  let renewAt = 0;
  let proven = false;
  let pending: Promise<string> | undefined;
  let refused: unknown;

  const start = (): Promise<string> =>
    (pending ??= (async () => {
      try {
        let result: SignInResult;
        try {
          result = await signIn(rest);
        } catch (error) {
          // A two-factor account: the portal has just sent its SMS, or the app shows a code.
          if (!(error instanceof TwoFactorRequiredError && code)) throw error;
          result = await signIn({ ...rest, code: await code() });
        }
        const expires = result.expires && parseApiDateTime(result.expires);
        const until = expires ? expires.date.getTime() : Infinity;
        // A minute before it expires (a tenth of its life, for a short one).
        renewAt = until - Math.min(RENEW_BEFORE_MS, (until - Date.now()) / 10);
        proven = false;
        return (token = result.token);
      } catch (error) {
        if (error instanceof SignInError || error instanceof TwoFactorRequiredError)
          refused = error;
        throw error;
      } finally {
        pending = undefined;
      }
    })());

  return Object.assign(
    async () => {
      if (refused) throw refused;
      if (pending) return pending;
      return token && Date.now() < renewAt ? token : start();
    },
    {
      renew: (given: string) => {
        if (refused) return false;
        if (given !== token) return true; // renewed (or renewing) since: send with the new one
        if (!proven) return false; // fresh and refused: a new sign-in would not help
        token = undefined;
        return true;
      },
      proven: (given: string) => {
        if (given === token) proven = true;
      },
    },
  );
}

/** `options` with `credentials` turned into a `signInSession` token source. */
export function withCredentials({ credentials, ...options }: CrmClientOptions): CrmClientOptions {
  if (!credentials) return options;
  if (options.token !== undefined)
    throw new TypeError("Pass either token or credentials, not both");
  const baseUrl = checkBaseUrl(options.baseUrl, options.allowInsecureHttp);
  const { fetch, allowInsecureHttp } = options;
  return {
    ...options,
    baseUrl,
    token: signInSession({ ...credentials, baseUrl, fetch, allowInsecureHttp }),
  };
}
