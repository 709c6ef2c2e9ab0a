// Sign-in that renews itself (`createCrmClient({ credentials })`, `signInSession`), over real HTTP
// against the fake portal, which issues a new token per sign-in and refuses it with 401 once it
// has expired (SecurityContext.cs:105-108): one sign-in for every call in flight, and never a
// second attempt after a refusal.
import {
  AuthenticationError,
  cases,
  createCrmClient,
  createCrmClientFor,
  SignInError,
  signInSession,
  TwoFactorRequiredError,
} from "../src";
import { startFakePortal, type FakePortal } from "../src/testing";

const password = "pa$$w0rd-Zebra-7391";
const userName = "anna@example.com";
let portal: FakePortal;
let now = Date.now();
afterEach(() => portal.close());

const start = (options: Parameters<typeof startFakePortal>[0] = {}) =>
  startFakePortal({ userName, password, tokenLifetimeMs: 3_600_000, clock: () => now, ...options });

const signIns = () => portal.requests.filter((r) => r.url.startsWith("/api/2.0/authentication"));
const calls = (crm: { getCase(id: number): Promise<{ id: number }> }) =>
  Promise.all(Array.from({ length: 20 }, () => crm.getCase(42)));

describe("credentials", () => {
  it("20 calls in flight: one sign-in, then all of them with its token", async () => {
    portal = await start();
    const crm = createCrmClient({ baseUrl: portal.url, credentials: { userName, password } });
    expect(portal.requests).toHaveLength(0); // nothing before the first call
    expect((await calls(crm)).every((c) => c.id === 42)).toBe(true);
    expect(signIns()).toHaveLength(1);
    const token = `${portal.token}.1`;
    const sent = portal.requests.filter((r) => r.url === "/api/2.0/crm/case/42");
    expect(sent).toHaveLength(20);
    expect(sent.every((r) => r.headers.authorization === token)).toBe(true);
    expect(JSON.parse(signIns()[0]!.body)).toEqual({ userName, password });
  });

  it("the token expires: 20 calls in flight meet 401, one sign-in, each sent once more", async () => {
    portal = await start();
    const crm = createCrmClient({ baseUrl: portal.url, credentials: { userName, password } });
    await crm.getCase(42);
    now += 3_600_001; // the portal's clock passes the token's expiry
    portal.requests.length = 0;
    expect(await calls(crm)).toHaveLength(20);
    expect(signIns()).toHaveLength(1);
    const answers = portal.requests.filter((r) => r.url === "/api/2.0/crm/case/42");
    // Each call: at most one 401 with the old token, then once with the new one.
    expect(answers.filter((r) => r.headers.authorization === `${portal.token}.2`)).toHaveLength(20);
    expect(
      answers.filter((r) => r.headers.authorization === `${portal.token}.1`).length,
    ).toBeLessThanOrEqual(20);
  });

  it("a token about to expire is renewed before it is refused", async () => {
    portal = await start({ tokenLifetimeMs: 1000, clock: Date.now });
    const crm = createCrmClient({ baseUrl: portal.url, credentials: { userName, password } });
    await calls(crm);
    await new Promise((resolve) => setTimeout(resolve, 950)); // inside the last tenth of its life
    portal.requests.length = 0;
    await calls(crm);
    expect(signIns()).toHaveLength(1);
    expect(portal.requests.filter((r) => r.url === "/api/2.0/crm/case/42")).toHaveLength(20);
  });

  it("a refused sign-in is never repeated: every call rejects with that SignInError", async () => {
    portal = await start();
    const crm = createCrmClient({
      baseUrl: portal.url,
      credentials: { userName, password: "wrong-password-1" },
    });
    const errors = await Promise.all(
      Array.from({ length: 20 }, () => crm.getCase(42).catch((e: unknown) => e)),
    );
    const later = await crm.getCase(42).catch((e: unknown) => e);
    expect(signIns()).toHaveLength(1);
    expect(portal.requests).toHaveLength(1);
    for (const error of [...errors, later]) {
      expect(error).toBeInstanceOf(SignInError);
      expect(error).toBe(errors[0]);
    }
    expect((errors[0] as SignInError).reason).toBe("credentials");
    expect(JSON.stringify(errors[0]) + String(errors[0])).not.toContain("wrong-password-1");
  });

  it("two-factor: `code` is asked for when the portal wants one", async () => {
    portal = await start({ twoFactor: "app" });
    let asked = 0;
    const crm = createCrmClient({
      baseUrl: portal.url,
      credentials: { userName, password, code: () => (asked++, portal.code) },
    });
    expect(await calls(crm)).toHaveLength(20);
    expect(asked).toBe(1);
    expect(signIns().map((r) => r.url)).toEqual([
      "/api/2.0/authentication",
      `/api/2.0/authentication/${portal.code}`,
    ]);
  });

  it("two-factor without `code`: TwoFactorRequiredError, not asked again", async () => {
    portal = await start({ twoFactor: "app" });
    const crm = createCrmClient({ baseUrl: portal.url, credentials: { userName, password } });
    await expect(crm.getCase(42)).rejects.toBeInstanceOf(TwoFactorRequiredError);
    await expect(crm.getCase(42)).rejects.toBeInstanceOf(TwoFactorRequiredError);
    expect(signIns()).toHaveLength(1);
  });

  it("a new token refused before it ever worked is not replaced (no second sign-in)", async () => {
    // Tokens that expire 1 ms after the sign-in: the first call's is refused at once.
    portal = await startFakePortal({ userName, password, tokenLifetimeMs: 1 });
    const crm = createCrmClient({ baseUrl: portal.url, credentials: { userName, password } });
    await expect(crm.getCase(42)).rejects.toBeInstanceOf(AuthenticationError);
    await expect(crm.getCase(42)).rejects.toBeInstanceOf(AuthenticationError);
    // The second call signs in again (the first token is gone), and stops there too.
    expect(signIns().length).toBeLessThanOrEqual(2);
    expect(portal.requests.filter((r) => r.url === "/api/2.0/crm/case/42")).toHaveLength(2);
  });

  it("createCrmClientFor takes signInSession as its token; credentials there are refused", async () => {
    portal = await start();
    const crm = createCrmClientFor([cases], {
      baseUrl: portal.url,
      token: signInSession({ baseUrl: portal.url, userName, password }),
    });
    await expect(crm.reopenCase(42)).resolves.toMatchObject({ id: 42 });
    expect(() =>
      createCrmClientFor([cases], { baseUrl: portal.url, credentials: { userName, password } }),
    ).toThrow(/signInSession/);
    expect(() =>
      createCrmClient({
        baseUrl: portal.url,
        token: "x".repeat(20),
        credentials: { userName, password },
      }),
    ).toThrow(/either token or credentials/);
  });
});

describe("a token function", () => {
  it("is asked again once after a 401, and the call is sent once more", async () => {
    portal = await start();
    const given = ["stale-token-000000", portal.token];
    let asked = 0;
    const crm = createCrmClient({ baseUrl: portal.url, token: () => given[asked++]! });
    await expect(crm.createCase({ title: "Once" })).resolves.toMatchObject({ title: "Once" });
    expect(asked).toBe(2);
    expect(portal.requests.map((r) => r.headers.authorization)).toEqual(given);
  });

  it("only once: a second 401 rejects", async () => {
    portal = await start();
    let asked = 0;
    const crm = createCrmClient({
      baseUrl: portal.url,
      token: () => (asked++, "stale-token-000000"),
    });
    await expect(crm.getCase(42)).rejects.toBeInstanceOf(AuthenticationError);
    expect(asked).toBe(2);
  });

  it("a fixed token is not sent again after a 401", async () => {
    portal = await start();
    const crm = createCrmClient({ baseUrl: portal.url, token: "stale-token-000000" });
    await expect(crm.getCase(42)).rejects.toBeInstanceOf(AuthenticationError);
    expect(portal.requests).toHaveLength(1);
  });
});
