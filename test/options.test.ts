// Configuration errors are thrown by createCrmClient, before any request exists.
import { createCrmClient } from "../src";

const token = "864FE52C-1C1C-469F-9308-51DAFEFE7436";

describe("createCrmClient", () => {
  const saved = { url: process.env.ONLYOFFICE_URL, token: process.env.ONLYOFFICE_TOKEN };
  beforeEach(() => {
    delete process.env.ONLYOFFICE_URL;
    delete process.env.ONLYOFFICE_TOKEN;
  });
  afterAll(() => Object.assign(process.env, saved));

  it.each([undefined, "", "   "])("names ONLYOFFICE_TOKEN when the token is %p", (missing) => {
    expect(() =>
      createCrmClient({ baseUrl: "https://portal.example.com", token: missing }),
    ).toThrow(/token is required: pass `token` or set ONLYOFFICE_TOKEN/);
  });

  it("names ONLYOFFICE_URL when the base URL is missing", () => {
    expect(() => createCrmClient({ token })).toThrow(/set ONLYOFFICE_URL/);
  });

  it.each([
    "portal.example.com",
    "not a url",
    "ftp://portal.example.com",
    "https://portal.example.com/?x=1",
  ])("rejects the base URL %p", (baseUrl) => {
    expect(() => createCrmClient({ baseUrl, token })).toThrow(TypeError);
  });

  it("rejects credentials in the base URL without echoing them", () => {
    const attempt = () =>
      createCrmClient({ baseUrl: "https://me:s3cret@portal.example.com", token });
    expect(attempt).toThrow(/no credentials/);
    expect(attempt).not.toThrow(/s3cret/);
    // One that does not even parse is not quoted either.
    const broken = () => createCrmClient({ baseUrl: "https://me:s3cret@bad host", token });
    expect(broken).toThrow(/baseUrl must be an absolute URL/);
    expect(broken).not.toThrow(/s3cret/);
  });

  it("refuses plain http to a non-loopback host unless told otherwise", () => {
    expect(() => createCrmClient({ baseUrl: "http://portal.example.com", token })).toThrow(
      /clear text/,
    );
    expect(() =>
      createCrmClient({ baseUrl: "http://portal.example.com", token, allowInsecureHttp: true }),
    ).not.toThrow();
    for (const loopback of ["http://127.0.0.1:8080", "http://localhost:3000", "http://[::1]:80"]) {
      expect(() => createCrmClient({ baseUrl: loopback, token })).not.toThrow();
    }
  });

  it("keeps the token out of headers and out of messages", () => {
    expect(() =>
      createCrmClient({
        baseUrl: "https://portal.example.com",
        token,
        headers: { authorization: token },
      }),
    ).toThrow(/Pass the token as `token`/);
    const attempt = () =>
      createCrmClient({ baseUrl: "https://portal.example.com", token: "abc\r\nX-Evil: 1" });
    expect(attempt).toThrow(/line break/);
    expect(attempt).not.toThrow(/abc/);
  });

  it("rejects a token function's bad answer at call time, before sending", async () => {
    let sent = 0;
    const crm = createCrmClient({
      baseUrl: "https://portal.example.com",
      token: () => "",
      fetch: async () => (sent++, new Response("{}")),
    });
    await expect(crm.reopenCase(1)).rejects.toThrow(/token is required/);
    expect(sent).toBe(0);
  });
});

describe("reopenCase input guard", () => {
  let sent = 0;
  const crm = createCrmClient({
    baseUrl: "https://portal.example.com",
    token,
    fetch: async () => (sent++, new Response("{}")),
  });

  it.each([0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 31, Number.MAX_SAFE_INTEGER + 2])(
    "throws RangeError for %p and sends nothing",
    async (bad) => {
      await expect(crm.reopenCase(bad)).rejects.toThrow(RangeError);
      expect(sent).toBe(0);
    },
  );

  it.each(["42", 42n, null, undefined, {}])(
    "throws TypeError for %p and sends nothing",
    async (bad) => {
      await expect(crm.reopenCase(bad as number)).rejects.toThrow(TypeError);
      expect(sent).toBe(0);
    },
  );
});

describe("retry and time-limit options", () => {
  const base = { baseUrl: "https://portal.example.com", token };

  it.each([
    [{ maxRetries: -1 }, RangeError],
    [{ maxRetries: 1.5 }, RangeError],
    [{ maxRetries: Number.NaN }, RangeError],
    [{ timeoutMs: 0 }, RangeError],
    [{ timeoutMs: -5 }, RangeError],
    [{ timeoutMs: Number.POSITIVE_INFINITY }, RangeError],
    [{ retryDelay: { baseMs: -1 } }, RangeError],
    [{ validateResponses: "no" as unknown as boolean }, TypeError],
  ])("createCrmClient rejects %p", (bad, ErrorClass) => {
    expect(() => createCrmClient({ ...base, ...bad })).toThrow(ErrorClass);
  });

  it("a bad per-call override rejects before anything is sent", async () => {
    let sent = 0;
    const crm = createCrmClient({ ...base, fetch: async () => (sent++, new Response("{}")) });
    await expect(crm.reopenCase(1, { maxRetries: -1 })).rejects.toThrow(RangeError);
    await expect(crm.reopenCase(1, { timeoutMs: 0 })).rejects.toThrow(RangeError);
    expect(sent).toBe(0);
  });
});
