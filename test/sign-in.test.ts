// signIn against the fake portal: a token, wrong credentials (without the password anywhere in
// the error), two-factor accounts, and the same base URL checks as createCrmClient.
import { inspect } from "node:util";
import {
  AuthenticationError,
  createCrmClient,
  InvalidResponseError,
  OnlyofficeError,
  parseApiDateTime,
  signIn,
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
  expect(expires!.date.getTime()).toBeGreaterThan(before + 29 * 24 * 3600 * 1000);
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

it("wrong credentials: AuthenticationError, and the password is nowhere in it", async () => {
  const error = await signIn({
    baseUrl: portal.url,
    userName: "anna@example.com",
    password: `${password}x`,
  }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(AuthenticationError);
  expect(error).toMatchObject({ status: 500, portalMessage: "User authentication failed" });
  expect((error as Error).message).toMatch(/did not accept the user name and password/);
  expect(everythingShown(error)).not.toContain(password);
  expect(portal.requests).toHaveLength(1); // never retried: each attempt counts to a lockout
});

it("a wrong user name is the same AuthenticationError", async () => {
  await expect(signIn({ baseUrl: portal.url, userName: "carl", password })).rejects.toBeInstanceOf(
    AuthenticationError,
  );
});

it("the lockout message is an AuthenticationError too", async () => {
  portal.queue((_req, res) => {
    res.writeHead(500, { "Content-Type": "application/json; charset=UTF-8" });
    res.end(
      portalJson({
        status: 1,
        statusCode: 500,
        error: { message: "Login Fail. Too many attempts", hresult: -2146233087, data: {} },
      }),
    );
  });
  const error = await signIn({ baseUrl: portal.url, userName: "anna@example.com", password }).catch(
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AuthenticationError);
  expect((error as Error).message).toMatch(/Too many attempts/);
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
