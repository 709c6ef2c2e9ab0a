// signIn: `POST /api/2.0/authentication`, the one call that needs no token. The password goes
// into the request body and nowhere else: no error, message or property here ever holds it.
import type { components } from "../generated/schema";
import { AuthenticationToken as AuthenticationTokenSchema } from "../generated/validate";
import { DEFAULT_RETRY_DELAY } from "./backoff";
import type { ApiDateTime } from "./dates";
import {
  ApiError,
  AuthenticationError,
  InvalidResponseError,
  TwoFactorRequiredError,
} from "./errors";
import { checkBaseUrl, DEFAULT_POLICY, resolvePolicy, type FetchFunction } from "./options";
import { request } from "./request";
import { checkResponse } from "./validate";

type AuthenticationToken = components["schemas"]["AuthenticationToken"];

export interface SignInOptions {
  /** The portal's root URL, e.g. `https://portal.example.com` (https, or http to loopback). */
  baseUrl: string;
  /** The user's login name or email. */
  userName: string;
  /** The user's password. Sent once, in the JSON body; never kept, logged or put in an error. */
  password: string;
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

// What AuthenticationEntryPoint throws (as HTTP 500) for credentials it does not accept.
const rejectedCredentials = /^(User authentication failed|Login Fail\. Too many attempts)/i;

function requireString(value: unknown, name: string): string {
  // The value itself never goes into the message.
  if (typeof value !== "string" || value === "") throw new TypeError(`${name} is required`);
  return value;
}

/**
 * Exchanges a user name and password for a token (`POST /api/2.0/authentication`).
 *
 * Rejects with AuthenticationError when the portal does not accept the credentials (it answers
 * HTTP 500 `User authentication failed`), and with TwoFactorRequiredError when the account needs
 * a second factor. Not retried: every failed attempt counts towards the portal's lockout.
 */
export async function signIn(options: SignInOptions): Promise<SignInResult> {
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
  let data: AuthenticationToken;
  let status: number;
  try {
    const answer = await request({
      ...policy,
      maxRetries: 0, // never retried: every failed attempt counts towards the portal's lockout
      idempotent: false,
      getToken: async () => "", // the one call without a token
      retryDelay: DEFAULT_RETRY_DELAY,
      signal,
      attempt: (_token, attemptSignal) =>
        send(
          new Request(`${baseUrl}/api/2.0/authentication`, {
            method: "POST",
            credentials: "omit",
            headers: { Accept: "application/json", "Content-Type": "application/json" },
            body,
            signal: attemptSignal,
          }),
        ),
    });
    status = answer.status;
    const { response } = answer.envelope;
    data = policy.validateResponses
      ? checkResponse<AuthenticationToken>(
          AuthenticationTokenSchema,
          response,
          status,
          "authenticate",
        )
      : ((response ?? {}) as AuthenticationToken);
  } catch (error) {
    if (
      error instanceof ApiError &&
      error.status === 500 &&
      rejectedCredentials.test(error.portalMessage ?? "")
    ) {
      const rejected = new AuthenticationError({
        status: error.status,
        portalMessage: error.portalMessage,
        hresult: error.hresult,
      });
      rejected.message = `Sign-in failed: the portal did not accept the user name and password (HTTP 500: ${error.portalMessage})`;
      throw rejected;
    }
    throw error;
  }

  if (typeof data.token === "string" && data.token !== "") {
    return {
      token: data.token,
      expires: typeof data.expires === "string" ? data.expires : undefined,
    };
  }
  if (data.sms === true) throw new TwoFactorRequiredError("sms");
  if (data.tfa === true) throw new TwoFactorRequiredError("app");
  throw new InvalidResponseError(
    "The portal accepted the sign-in but sent neither a token nor a two-factor challenge",
    status,
  );
}
