// The fake portal's sign-in (`AuthenticationEntryPoint`) and the portal's authentication order.
// `M/` = module/ASC.Api/, `W/` = web/core/ASC.Web.Core/, `S/` = web/studio/ASC.Web.Studio/,
// `C/` = common/ASC.Core.Common/ in
// ONLYOFFICE/CommunityServer v12.7.1; `AEP` = M/ASC.Specific/AuthorizationApi/AuthenticationEntryPoint.cs.
import type { IncomingMessage } from "node:http";
import { apiDateTime } from "./state";
import { PortalError, type Args } from "./wire";

export interface SignInSettings {
  token: string;
  userName: string;
  password: string;
  twoFactor: false | "app" | "sms";
  /** The code the SMS carries, or the authenticator app shows. */
  code: string;
  /** The SMS user's mobile phone; null: none (or not activated). */
  mobilePhone: string | null;
  /** The app's setup key while the user has not connected an app yet. */
  tfaKey: string | undefined;
  ipRestricted: boolean;
  /** undefined: a calendar year, as `TenantCookieSettings.GetExpiresTime` by default. */
  tokenLifetimeMs: number | undefined;
  offsetMinutes: number;
  clock: () => number;
  /**
   * With `tokenLifetimeMs` set, each sign-in issues a new token (a portal's is an encrypted cookie
   * holding its expiry, C/Security/Authentication/CookieStorage.cs:100-118): token → until (ms).
   */
  issued: Map<string, number>;
}

/**
 * Whether the request is authenticated, in the portal's order (S/web.autofac.config:15-17). Each
 * step that fails hands over to the next (M/ASC.Api/Impl/ApiRouteHandler.cs:54-60):
 * 1. `asc_auth_key` from the query string or a form field, else the cookie; only when there is
 *    none, the raw `Authorization` header (M/ASC.Specific/ASCCookieAuthorization.cs:45-53,
 *    W/CookiesManager.cs:81-90). A stale cookie fails this step, so a raw-token header is then
 *    never tried, but `Basic` and `Bearer` still are;
 * 2. `Authorization: Basic base64(email:password)`, no second factor asked
 *    (M/ASC.Specific/ASCBasicAuthorization.cs:56-103);
 * 3. `Authorization: Bearer<one character><token>`, case-sensitive (ASCBearerAuthorization.cs:61-66).
 * Steps 2 and 3 trim the header and cut it at the first comma.
 */
export function authenticated(
  req: IncomingMessage,
  url: URL,
  form: URLSearchParams | undefined,
  sign: SignInSettings,
): boolean {
  const cookie = /(?:^|;\s*)asc_auth_key=([^;]*)/.exec(req.headers.cookie ?? "")?.[1];
  // `QueryString[name] ?? Form[name]`, and the cookie when that is empty (CookiesManager.cs:87-89).
  const key = (url.searchParams.get("asc_auth_key") ?? form?.get("asc_auth_key")) || cookie;
  const raw = req.headers.authorization;
  if ((key || raw) === sign.token) return true;
  // A token a sign-in issued, until it expires (C/Context/SecurityContext.cs:105-108).
  if ((sign.issued.get((key || raw)!) ?? 0) > sign.clock()) return true;
  if (!raw) return false;
  const header = raw.trim().split(",")[0]!.trim();
  if (header.startsWith("Basic")) {
    // `user.Split(':')`: the password is the second piece only (ASCBasicAuthorization.cs:78-84).
    const [user, password] = Buffer.from(header.slice(6), "base64").toString("utf8").split(":");
    return sameEmail(user, sign.userName) && password === sign.password;
  }
  return header.startsWith("Bearer") && header.slice(7) === sign.token;
}

/** The login is matched against `u.email` in MySQL, case-insensitively (common/ASC.Core.Common/Data/DbUserService.cs:78-81). */
const sameEmail = (given: string | undefined, email: string) =>
  given !== undefined && given.toLowerCase() === email.toLowerCase();

// Every failure inside the entry point's try blocks is rethrown as this (AEP:150, :284, :481).
const failed = () => new PortalError(500, "User authentication failed", -2146233087);

/** A count kept until `until`, as an `AscCache` entry that expires after its last write. */
interface Counter {
  count: number;
  until: number;
}

const MINUTE = 60_000;
/** `SmsKeyStorage.StoreInterval` (W/Sms/SmsKeyStorage.cs:45-50) and its attempt count (:52-55). */
const SMS_STORE_MS = 10 * MINUTE;
const SMS_ATTEMPTS = 5;
/** `LoginSettings`: AttemptCount 5, CheckPeriod 60 s, BlockTime 60 s (W/Utility/LoginSettings.cs:44-46). */
const LOGIN_ATTEMPTS = 5;

/** `SmsSender.BuildPhoneNoise`: digits, the first and last four kept (W/Sms/SmsSender.cs:69-90). */
export function phoneNoise(phone: string): string {
  const digits = phone.replace(/\D/g, "");
  if (digits.length < 8) return digits;
  return `+${digits.slice(0, 4)}${"*".repeat(digits.length - 8)}${digits.slice(-4)}`;
}

/** The sign-in routes' state: the lockout, the SMS codes sent, the code checks. */
export class SignInDesk {
  /** `BruteForceLoginManager`: attempt times and blocks, per login + IP (W/BruteForceLoginManager.cs:52-100). */
  private readonly history = new Map<string, number[]>();
  private readonly blocked = new Map<string, number>();
  /** SMS codes sent and not used up (`SmsKeyStorage` keys: how many, the last one's time). */
  private sms: Counter | undefined;
  /** Code checks: SMS per phone (10 min), app per user (1 min) (SmsKeyStorage.cs:115-120, S/Core/Tfa/TfaManager.cs:101-109). */
  private smsChecks: Counter | undefined;
  private appChecks: Counter | undefined;

  constructor(readonly settings: SignInSettings) {}

  private live(counter: Counter | undefined): number {
    return counter && counter.until > this.settings.clock() ? counter.count : 0;
  }

  /** `GetUser` (AEP:407-492): the lockout, the credentials, then the IP restriction. */
  private user(args: Args, ip: string): void {
    const { settings } = this;
    const userName = args.string("userName");
    const password = args.string("password");
    // `ThrowIfNull` inside the try: a missing name or password fails before it counts (AEP:417-418).
    if (userName === undefined || password === undefined) throw failed();
    const key = userName + ip; // the login as typed: the cache key is case-sensitive
    const now = settings.clock();
    if ((this.blocked.get(key) ?? 0) > now) throw tooMany();
    const history = (this.history.get(key) ?? []).filter((at) => at > now - MINUTE);
    history.push(now);
    if (history.length > LOGIN_ATTEMPTS) {
      this.blocked.set(key, now + MINUTE);
      this.history.delete(key);
      throw tooMany();
    }
    this.history.set(key, history);
    if (!sameEmail(userName, settings.userName) || password !== settings.password) throw failed();
    history.pop(); // a success takes its attempt back (`Decrement`, AEP:452-455)
    // Outside the try, so not an AuthenticationException: .NET's default text, 500 (AEP:484-489).
    if (settings.ipRestricted) {
      throw new PortalError(
        500,
        "Exception of type 'ASC.IPSecurity.IPSecurityException' was thrown.",
        -2146233088,
      );
    }
  }

  private expires(ms: number): string {
    return apiDateTime(new Date(this.settings.clock() + ms), this.settings.offsetMinutes);
  }

  private tokenAnswer(): Record<string, unknown> {
    const { clock, tokenLifetimeMs, offsetMinutes } = this.settings;
    const until = new Date(clock() + (tokenLifetimeMs ?? 0));
    if (tokenLifetimeMs === undefined) {
      // `DateTime.UtcNow.AddYears(1)`: 29 February becomes 28 February (TenantCookieSettings.cs:103-110).
      const day = until.getUTCDate();
      until.setUTCFullYear(until.getUTCFullYear() + 1);
      if (until.getUTCDate() !== day) until.setUTCDate(0);
    }
    let { token } = this.settings;
    if (tokenLifetimeMs !== undefined) {
      token = `${token}.${this.settings.issued.size + 1}`;
      this.settings.issued.set(token, until.getTime());
    }
    return { token, expires: apiDateTime(until, offsetMinutes) };
  }

  /** `PutAuthCode` (S/Core/Sms/SmsManager.cs:69-85): a new code unless one is out and `again` is false. */
  private sendCode(again: boolean): void {
    const now = this.settings.clock();
    const out = this.live(this.sms);
    if (out && !again) return;
    // `GenerateKey` refuses past AttemptCount keys: plain Exception, 500 (SmsKeyStorage.cs:77-81).
    if (out > SMS_ATTEMPTS) {
      throw new PortalError(
        500,
        "You have sent too many text messages. Please try again later.",
        -2146233088,
      );
    }
    this.sms = { count: out + 1, until: now + SMS_STORE_MS };
  }

  /** `POST /api/2.0/authentication` (AEP:94-156). */
  signIn(args: Args, ip: string): { answer: Record<string, unknown>; signedIn: boolean } {
    this.user(args, ip);
    const { twoFactor, mobilePhone, tfaKey } = this.settings;
    if (twoFactor === "sms") {
      // No phone (or one not activated): just `sms: true`, no code sent (AEP:102-106).
      if (!mobilePhone) return { answer: { token: null, sms: true }, signedIn: false };
      this.sendCode(false);
      const answer = {
        token: null,
        expires: this.expires(SMS_STORE_MS),
        sms: true,
        phoneNoise: phoneNoise(mobilePhone),
      };
      return { answer, signedIn: false };
    }
    if (twoFactor === "app") {
      // An app not connected yet: its setup key comes along (AEP:120-125).
      return { answer: { token: null, tfa: true, ...(tfaKey && { tfaKey }) }, signedIn: false };
    }
    return { answer: this.tokenAnswer(), signedIn: true };
  }

  /** `POST /api/2.0/authentication/{code}` (AEP:230-290): every failure is the same 500. */
  signInWithCode(args: Args, ip: string, code: string): Record<string, unknown> {
    this.user(args, ip);
    const { settings } = this;
    const now = settings.clock();
    const given = code.trim();
    if (settings.twoFactor === "sms") {
      // `SmsKeyStorage.ValidateKey` (SmsKeyStorage.cs:107-140): no phone or no code: Empty.
      if (!settings.mobilePhone || !given) throw failed();
      const checks = this.live(this.smsChecks) + 1;
      if (checks > SMS_ATTEMPTS) throw failed(); // TooMuch: even the right code
      this.smsChecks = { count: checks, until: now + SMS_STORE_MS };
      // Timeout: no code was sent, it was used, or it is older than the store interval.
      if (!this.live(this.sms)) throw failed();
      if (given !== settings.code) throw failed(); // Invalide
      this.sms = undefined; // every code sent is gone once one is used
      this.smsChecks = { count: checks - 1, until: now + SMS_STORE_MS };
      return { ...this.tokenAnswer(), sms: true, phoneNoise: phoneNoise(settings.mobilePhone) };
    }
    if (settings.twoFactor === "app") {
      // `TfaManager.ValidateAuthCode` (TfaManager.cs:97-123): 5 checks a minute per user.
      if (!given) throw failed();
      const checks = this.live(this.appChecks) + 1;
      if (checks > LOGIN_ATTEMPTS) throw failed(); // too many: even the right code
      this.appChecks = { count: checks, until: now + MINUTE };
      if (given !== settings.code) throw failed();
      this.appChecks = { count: checks - 1, until: now + MINUTE };
      settings.tfaKey = undefined; // the first right code connects the app
      return { ...this.tokenAnswer(), tfa: true };
    }
    throw failed(); // `SecurityException("Auth code is not available")`, caught (AEP:251-254)
  }

  /** `POST /api/2.0/authentication/sendsms` (AEP:199-212). */
  sendSms(args: Args, ip: string): Record<string, unknown> {
    this.user(args, ip);
    const { twoFactor, mobilePhone } = this.settings;
    // `PutAuthCode` for a user without SMS sign-in: MethodAccessException, 500 (SmsManager.cs:73).
    if (twoFactor !== "sms") {
      throw new PortalError(500, "Attempt to access the method failed.", -2146233072);
    }
    // No phone: `GenerateKey` throws ArgumentNullException("phone"), a 400 (SmsKeyStorage.cs:68-71).
    if (!mobilePhone) {
      throw new PortalError(400, "Value cannot be null.\nParameter name: phone", -2147467261);
    }
    this.sendCode(true);
    // `Token` is a plain [DataMember]: its null is sent (AuthenticationTokenData.cs:27-28).
    const expires = this.expires(SMS_STORE_MS);
    return { token: null, expires, sms: true, phoneNoise: phoneNoise(mobilePhone) };
  }
}

/** `Login Fail. Too many attempts` (AEP:473-477). */
const tooMany = () => new PortalError(500, "Login Fail. Too many attempts", -2146233087);

/** The client's address as the lockout keys it: `X-Forwarded-For`, else the socket's (M/../ASC.MessagingSystem/MessageSettings.cs:92-100). */
export function clientIp(req: IncomingMessage): string {
  return String(req.headers["x-forwarded-for"] ?? req.socket.remoteAddress);
}
