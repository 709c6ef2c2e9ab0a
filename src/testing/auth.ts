// The fake portal's sign-in and the portal's authentication order.
// `M/` = module/ASC.Api/ in ONLYOFFICE/CommunityServer v12.7.1.
import type { IncomingMessage, ServerResponse } from "node:http";
import { apiDateTime } from "./state";
import { PortalError, sendAnswer, type Args, type Paging } from "./wire";

export interface SignInSettings {
  token: string;
  userName: string;
  password: string;
  twoFactor: false | "app" | "sms";
  tokenLifetimeMs: number;
  offsetMinutes: number;
}

/**
 * Whether the request is authenticated, in the portal's order (web.autofac.config:15-17):
 * 1. `asc_auth_key` from the query string, a form field, then the cookie: when one is there it is
 *    the only thing tried; otherwise the raw `Authorization` header (ASCCookieAuthorization.cs:45-53,
 *    web/core/ASC.Web.Core/CookiesManager.cs:81-90);
 * 2. `Authorization: Basic base64(user:password)` (M/ASC.Specific/ASCBasicAuthorization.cs:56-103);
 * 3. `Authorization: Bearer<one character><token>`, case-sensitive (ASCBearerAuthorization.cs:61-66).
 */
export function authenticated(
  req: IncomingMessage,
  url: URL,
  form: URLSearchParams | undefined,
  sign: SignInSettings,
): boolean {
  const cookie = /(?:^|;\s*)asc_auth_key=([^;]*)/.exec(req.headers.cookie ?? "")?.[1];
  const key = url.searchParams.get("asc_auth_key") ?? form?.get("asc_auth_key") ?? cookie;
  if (key != null && key !== "") return key === sign.token;
  const header = req.headers.authorization;
  if (!header) return false;
  if (header === sign.token) return true;
  if (header.startsWith("Basic ")) {
    const [user, ...rest] = Buffer.from(header.slice(6), "base64").toString("utf8").split(":");
    return user === sign.userName && rest.join(":") === sign.password && !sign.twoFactor;
  }
  return header.startsWith("Bearer") && header.slice(7) === sign.token;
}

/** `POST /api/2.0/authentication` (M/ASC.Specific/AuthorizationApi/AuthenticationEntryPoint.cs:94-151). */
export function signIn(
  res: ServerResponse,
  args: Args,
  paging: Paging,
  sign: SignInSettings,
): void {
  const userName = args.string("userName");
  const password = args.string("password");
  if (userName !== sign.userName || password !== sign.password) {
    throw new PortalError(500, "User authentication failed", -2146233087);
  }
  let response: Record<string, unknown>;
  if (sign.twoFactor === "app") {
    response = { token: null, tfa: true };
  } else if (sign.twoFactor === "sms") {
    const codeExpires = apiDateTime(new Date(Date.now() + 5 * 60 * 1000), sign.offsetMinutes);
    response = { token: null, expires: codeExpires, sms: true, phoneNoise: "+49 *** *** **42" };
  } else {
    response = {
      token: sign.token,
      expires: apiDateTime(new Date(Date.now() + sign.tokenLifetimeMs), sign.offsetMinutes),
    };
    // The sign-in also sets the portal's session cookie (CookiesManager.cs:282-306).
    res.setHeader("Set-Cookie", `asc_auth_key=${sign.token}; path=/; HttpOnly`);
  }
  sendAnswer(res, "POST", paging, { value: response });
}
