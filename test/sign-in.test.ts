// signIn against the fake portal: a token, refusals by cause (without the password anywhere in
// the error), two-factor sign-in to the end (a code, a new SMS), and the same base URL checks as
// createCrmClient.
import { inspect } from "node:util";
import {
  AuthenticationError,
  BadRequestError,
  createCrmClient,
  InternalServerError,
  InvalidResponseError,
  OnlyofficeError,
  parseApiDateTime,
  sendSignInCode,
  signIn,
  SignInError,
  TwoFactorRequiredError,
} from "../src";
import { portalJson, startFakePortal, type FakePortal } from "../src/testing";

const password = "pa$$w0rd-Zebra-7391";
let portal: FakePortal;

beforeEach(async () => {
  portal = await startFakePortal({ userName: "anna@example.com", password });
});
afterEach(() => portal.close());

/** Everything a log line could show of an error. */
function everythingShown(error: unknown): string {
  return [
    String(error),
    (error as Error).message,
    (error as Error).stack,
    inspect(error, { depth: 10, showHidden: true }),
    JSON.stringify(error),
    JSON.stringify(Object.assign({}, error)),
  ].join("\n");
}

it("POSTs the credentials as JSON with no Authorization and resolves to the token", async () => {
  const before = Date.now();
  const result = await signIn({ baseUrl: portal.url, userName: "anna@example.com", password });
  expect(result.token).toBe(portal.token);
  const expires = parseApiDateTime(result.expires!);
  expect(expires!.date.getTime()).toBeGreaterThan(before + 364 * 24 * 3600 * 1000); // a year
  expect(result.expires).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}(Z|[+-]\d\d:\d\d)$/);

  const [request] = portal.requests;
  expect(request?.method).toBe("POST");
  expect(request?.url).toBe("/api/2.0/authentication");
  expect(request?.headers.authorization).toBeUndefined();
  expect(request?.headers["content-type"]).toMatch(/^application\/json/);
  expect(JSON.parse(request!.body)).toEqual({ userName: "anna@example.com", password });

  // and the token works
  const crm = createCrmClient({ baseUrl: portal.url, token: result.token });
  await expect(crm.getCase(7)).resolves.toMatchObject({ id: 7 });
});

it("wrong credentials: SignInError `credentials`, and the password is nowhere in it", async () => {
  const error = await signIn({
    baseUrl: portal.url,
    userName: "anna@example.com",
    password: `${password}x`,
  }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(SignInError);
  expect(error).toBeInstanceOf(AuthenticationError);
  expect(error).toMatchObject({
    name: "SignInError",
    reason: "credentials",
    status: 500,
    portalMessage: "User authentication failed",
  });
  expect((error as Error).message).toMatch(/did not accept the user name and password/);
  expect(everythingShown(error)).not.toContain(password);
  expect(portal.requests).toHaveLength(1); // never retried: each attempt counts to a lockout
});

it("a wrong user name is the same AuthenticationError", async () => {
  await expect(signIn({ baseUrl: portal.url, userName: "carl", password })).rejects.toBeInstanceOf(
    AuthenticationError,
  );
});

it("the portal's lockout is SignInError `locked`, the right password too, and never retried", async () => {
  const wrong = { baseUrl: portal.url, userName: "anna@example.com", password: "wrong" };
  for (let i = 0; i < 5; i++) {
    await expect(signIn(wrong)).rejects.toMatchObject({ reason: "credentials" });
  }
  const error = await signIn({ ...wrong, password }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(SignInError);
  expect(error).toMatchObject({ reason: "locked", portalMessage: "Login Fail. Too many attempts" });
  expect((error as Error).message).toBe(
    "Sign-in failed: too many attempts for this user name from this address; the portal blocks it for a minute (HTTP 500: Login Fail. Too many attempts)",
  );
  expect(portal.requests).toHaveLength(6);
});

it("an IP-restricted user is SignInError `ip-restricted`, not an InternalServerError", async () => {
  const restricted = await startFakePortal({
    userName: "u@example.com",
    password,
    ipRestricted: true,
  });
  try {
    const error = await signIn({
      baseUrl: restricted.url,
      userName: "u@example.com",
      password,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SignInError);
    expect(error).not.toBeInstanceOf(InternalServerError);
    expect(error).toMatchObject({ reason: "ip-restricted", status: 500, hresult: -2146233088 });
    expect((error as Error).message).toMatch(/IP restrictions do not let this user in/);
  } finally {
    await restricted.close();
  }
});

it("a proxy that echoes the request body: the password is cut out of the error", async () => {
  portal.queue((_req, res) => {
    res.writeHead(502, { "Content-Type": "text/html" });
    res.end(`<html>Bad gateway for ${portal.requests.at(-1)!.body}</html>`);
  });
  const error = await signIn({ baseUrl: portal.url, userName: "anna@example.com", password }).catch(
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InternalServerError);
  expect((error as InternalServerError).bodyExcerpt).toContain('"password":"[REDACTED]"');
  expect(everythingShown(error)).not.toContain(password);
});

it.each([
  ["app", /authenticator app/],
  ["sms", /SMS/],
] as const)("a two-factor account (%s) rejects with TwoFactorRequiredError", async (kind, said) => {
  const twoFactor = await startFakePortal({ userName: "u", password, twoFactor: kind });
  try {
    const error = await signIn({ baseUrl: twoFactor.url, userName: "u", password }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TwoFactorRequiredError);
    expect(error).toBeInstanceOf(OnlyofficeError);
    expect(error).toMatchObject({ method: kind });
    expect((error as Error).message).toMatch(/^Two-factor sign-in is required/);
    expect((error as Error).message).toMatch(said);
    expect(everythingShown(error)).not.toContain(password);
  } finally {
    await twoFactor.close();
  }
});

it("a 201 with neither token nor challenge is an InvalidResponseError", async () => {
  portal.queue((_req, res) => {
    res.writeHead(201, { "Content-Type": "application/json" });
    res.end(JSON.stringify({ status: 0, statusCode: 201, response: { token: null } }));
  });
  await expect(
    signIn({ baseUrl: portal.url, userName: "anna@example.com", password }),
  ).rejects.toBeInstanceOf(InvalidResponseError);
});

it("checks the base URL like createCrmClient, before sending anything", async () => {
  const plain = signIn({ baseUrl: "http://portal.example.com", userName: "u", password });
  await expect(plain).rejects.toThrow(/clear text/);
  await expect(plain.catch(everythingShown)).resolves.not.toContain(password);
  await expect(signIn({ baseUrl: "portal.example.com", userName: "u", password })).rejects.toThrow(
    TypeError,
  );
  await expect(signIn({ baseUrl: portal.url, userName: "", password })).rejects.toThrow(
    /userName is required/,
  );
  await expect(signIn({ baseUrl: portal.url, userName: "u", password: "" })).rejects.toThrow(
    /password is required/,
  );
  expect(portal.requests).toHaveLength(0);
});

it("goes through a custom fetch", async () => {
  const seen: string[] = [];
  await signIn({
    baseUrl: portal.url,
    userName: "anna@example.com",
    password,
    fetch: (request) => (seen.push(request.method), fetch(request)),
  });
  expect(seen).toEqual(["POST"]);
});

describe("two-factor sign-in to the end", () => {
  let tfa: FakePortal;
  const user = { userName: "u@example.com", password };
  afterEach(() => tfa.close());

  it("an app: TwoFactorRequiredError, then the code as POST authentication/{code} with the same body", async () => {
    tfa = await startFakePortal({ ...user, twoFactor: "app", code: "246810" });
    const options = { baseUrl: tfa.url, ...user };
    const challenge = await signIn(options).catch((e: unknown) => e);
    expect(challenge).toBeInstanceOf(TwoFactorRequiredError);
    expect(challenge).toMatchObject({ method: "app", phoneNoise: undefined });
    expect((challenge as TwoFactorRequiredError).tfaKey()).toBeUndefined();

    const result = await signIn({ ...options, code: " 246810 " });
    expect(result.token).toBe(tfa.token);
    expect(parseApiDateTime(result.expires!)!.offset).toBe("+03:00");
    const sent = tfa.requests[1]!;
    expect([sent.method, sent.url]).toEqual(["POST", "/api/2.0/authentication/246810"]);
    expect(sent.headers["content-type"]).toMatch(/^application\/json/);
    expect(sent.headers.authorization).toBeUndefined();
    expect(sent.headers.cookie).toBeUndefined();
    expect(JSON.parse(sent.body)).toEqual(user);
    await expect(
      createCrmClient({ baseUrl: tfa.url, token: result.token }).getCase(7),
    ).resolves.toMatchObject({ id: 7 });
  });

  it("a wrong code is SignInError `code`, sent once", async () => {
    tfa = await startFakePortal({ ...user, twoFactor: "app", code: "246810" });
    const error = await signIn({ baseUrl: tfa.url, ...user, code: "135791" }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(SignInError);
    expect(error).toMatchObject({ reason: "code", portalMessage: "User authentication failed" });
    expect((error as Error).message).toMatch(/did not accept the code/);
    expect(tfa.requests).toHaveLength(1);
  });

  it("a first-time app user: the setup key is on the error, and nowhere it could be logged", async () => {
    const key = "JBSWY3DPEHPK3PXP";
    tfa = await startFakePortal({ ...user, twoFactor: "app", tfaKey: key, code: "112233" });
    const error = (await signIn({ baseUrl: tfa.url, ...user }).catch(
      (e: unknown) => e,
    )) as TwoFactorRequiredError;
    expect(error.tfaKey()).toBe(key);
    expect(error.message).toMatch(
      /no app is connected yet: add the setup key \(error\.tfaKey\(\)\)/,
    );
    // A private field behind a method: nothing that prints or copies fields reaches it.
    const shown = [
      everythingShown(error),
      inspect(error, { showHidden: true, getters: true, depth: Infinity }),
      JSON.stringify({ ...error }),
    ].join();
    expect(shown).not.toContain(key);
    await signIn({ baseUrl: tfa.url, ...user, code: "112233" }); // connects the app
    const again = await signIn({ baseUrl: tfa.url, ...user }).catch((e: unknown) => e);
    expect((again as TwoFactorRequiredError).tfaKey()).toBeUndefined();
  });

  it("SMS: the masked phone and the code's expiry; sendSignInCode sends a new one; then the code", async () => {
    tfa = await startFakePortal({
      ...user,
      twoFactor: "sms",
      code: "975310",
      mobilePhone: "+49 170 5550142",
    });
    const options = { baseUrl: tfa.url, ...user };
    const challenge = (await signIn(options).catch((e: unknown) => e)) as TwoFactorRequiredError;
    expect(challenge).toMatchObject({ method: "sms", phoneNoise: "+4917****0142" });
    const expires = parseApiDateTime(challenge.codeExpires!)!.date.getTime();
    expect(Math.abs(expires - Date.now() - 10 * 60_000)).toBeLessThan(60_000);
    expect(challenge.message).not.toContain("0142"); // the phone stays out of the message

    const sent = await sendSignInCode(options);
    expect(sent).toEqual({ phoneNoise: "+4917****0142", expires: expect.any(String) });
    expect(tfa.requests[1]!.url).toBe("/api/2.0/authentication/sendsms");
    expect(JSON.parse(tfa.requests[1]!.body)).toEqual(user);

    await expect(signIn({ ...options, code: "975310" })).resolves.toMatchObject({
      token: tfa.token,
    });
  });

  it("SMS without a phone: no code was sent, the error says so; sendSignInCode is a BadRequestError", async () => {
    tfa = await startFakePortal({ ...user, twoFactor: "sms", mobilePhone: null });
    const options = { baseUrl: tfa.url, ...user };
    const challenge = await signIn(options).catch((e: unknown) => e);
    expect(challenge).toMatchObject({
      method: "sms",
      phoneNoise: undefined,
      codeExpires: undefined,
    });
    expect((challenge as Error).message).toMatch(/no activated mobile phone, so no code was sent/);
    await expect(sendSignInCode(options)).rejects.toBeInstanceOf(BadRequestError);
  });

  it("sendSignInCode: wrong password is SignInError `credentials`; an account without SMS a 500", async () => {
    tfa = await startFakePortal({ ...user, twoFactor: "app" });
    await expect(
      sendSignInCode({ baseUrl: tfa.url, ...user, password: "x" }),
    ).rejects.toMatchObject({
      name: "SignInError",
      reason: "credentials",
    });
    const error = await sendSignInCode({ baseUrl: tfa.url, ...user }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error).not.toBeInstanceOf(SignInError);
  });

  it.each<[unknown, string]>([
    ["", "empty"],
    ["12 34", "a space"],
    ["12/34", "a slash"],
    ["sendsms", "a route"],
    [123456, "a number"],
  ])("refuses the code %p (%s) before sending", async (code) => {
    tfa = await startFakePortal({ ...user, twoFactor: "app" });
    await expect(signIn({ baseUrl: tfa.url, ...user, code: code as string })).rejects.toThrow(
      new TypeError("code must be the digits from the SMS or the authenticator app"),
    );
    expect(tfa.requests).toHaveLength(0);
  });
});
