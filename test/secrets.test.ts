// The token never shows: not in messages, String(), util.inspect (all the way down the cause
// chain), JSON, stacks, or logs; whatever failed and whoever echoed it.
import { inspect } from "node:util";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import {
  ApiError,
  AuthenticationError,
  ConnectionError,
  createCrmClient,
  InternalServerError,
  InvalidResponseError,
  OnlyofficeError,
  TimeoutError,
} from "../src";
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { parse } from "yaml";
import { redactSecret, redactText } from "../src/core/errors";
import { portalJson, startFakePortal, type FakePortal } from "../src/testing";

const TOKEN = "S3CRET-7f1c9e2a-TOKEN-0b4d";
let portal: FakePortal;
beforeEach(async () => {
  portal = await startFakePortal({ token: TOKEN });
});
afterEach(() => portal.close());

const fast = { retryDelay: { baseMs: 1, maxMs: 1 }, maxRetries: 1 };

/** Every way an error gets printed or shipped. */
function everyRendering(error: unknown): string {
  return [
    String(error),
    (error as Error).message,
    (error as Error).stack,
    inspect(error, { depth: Infinity, showHidden: true, getters: true }),
    JSON.stringify(error),
    JSON.stringify({ wrapped: error }),
  ].join("\n");
}

/** What the CLI (dist/cli.cjs, as users run it) writes to stderr with `env` as its environment. */
async function cliStderr(argv: string[], env: Record<string, string>): Promise<string> {
  const cli = join(__dirname, "../dist/cli.cjs");
  if (!existsSync(cli)) throw new Error("dist/cli.cjs is missing: run `npm run build` first");
  const { ONLYOFFICE_URL: _u, ONLYOFFICE_TOKEN: _t, ...inherited } = process.env;
  const child = spawn(process.execPath, [cli, ...argv], { env: { ...inherited, ...env } });
  let written = "";
  child.stderr.on("data", (chunk) => (written += chunk));
  await new Promise((resolve) => child.on("close", resolve));
  return written;
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error("expected a rejection");
    },
    (error: unknown) => error,
  );
}

describe("errors never carry the token", () => {
  it("a 401 (wrong token) does not echo the token it was sent", async () => {
    const wrong = "WRONG-TOKEN-8d2e4b6f";
    const error = await rejection(
      createCrmClient({ baseUrl: portal.url, token: wrong, ...fast }).reopenCase(42),
    );
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(everyRendering(error)).not.toContain(wrong);
  });

  it("connection refused: the whole cause chain from fetch, inspected to any depth", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    const error = await rejection(
      createCrmClient({ baseUrl: `http://127.0.0.1:${port}`, token: TOKEN, ...fast }).reopenCase(
        42,
      ),
    );
    expect(error).toBeInstanceOf(ConnectionError);
    expect(inspect(error, { depth: Infinity })).toMatch(/ECONNREFUSED/); // the cause is kept…
    expect(everyRendering(error)).not.toContain(TOKEN); // …and holds no token
  });

  it("a time-out", async () => {
    portal.queue(
      () => {},
      () => {},
    );
    const error = await rejection(
      createCrmClient({ baseUrl: portal.url, token: TOKEN, ...fast, timeoutMs: 30 }).reopenCase(42),
    );
    expect(error).toBeInstanceOf(TimeoutError);
    expect(everyRendering(error)).not.toContain(TOKEN);
  });

  it("a custom fetch whose errors quote the request headers: the cause is redacted", async () => {
    const leaky = async (request: Request): Promise<Response> => {
      const inner = new Error(`proxy refused ${request.headers.get("authorization")}`);
      Object.assign(inner, { headers: { authorization: request.headers.get("authorization") } });
      throw new TypeError(
        `fetch failed for Authorization: ${request.headers.get("authorization")}`,
        {
          cause: inner,
        },
      );
    };
    const error = await rejection(
      createCrmClient({ baseUrl: portal.url, token: TOKEN, fetch: leaky, ...fast }).reopenCase(42),
    );
    expect(error).toBeInstanceOf(ConnectionError);
    const text = everyRendering(error);
    expect(text).not.toContain(TOKEN);
    expect(text).toContain("[REDACTED]");
  });

  it("a proxy or portal that echoes the token in its answer (HTML 502, JSON error, 2xx page)", async () => {
    portal.queue(
      (req, res) => {
        res.writeHead(502, { "Content-Type": "text/html" });
        res.end(
          `<html>Bad gateway. Your headers: Authorization: ${req.headers.authorization}</html>`,
        );
      },
      (req, res) => {
        res.writeHead(500, { "Content-Type": "application/json" });
        res.end(
          portalJson({
            status: 1,
            statusCode: 500,
            error: { message: `bad ${req.headers.authorization}` },
          }),
        );
      },
      (req, res) => {
        res.writeHead(200, { "Content-Type": "text/html" });
        res.end(`<html>Sign in again, ${req.headers.authorization}</html>`);
      },
    );
    const crm = createCrmClient({ baseUrl: portal.url, token: TOKEN, maxRetries: 0 });
    const errors = [
      await rejection(crm.reopenCase(42)),
      await rejection(crm.reopenCase(42)),
      await rejection(crm.reopenCase(42)),
    ];
    expect(errors.map((e) => (e as Error).constructor)).toEqual([
      InternalServerError,
      InternalServerError,
      InvalidResponseError,
    ]);
    for (const error of errors) {
      expect(everyRendering(error)).not.toContain(TOKEN);
      expect((error as Error).message).toContain("[REDACTED]");
    }
  });

  it("the JSON form is a plain, log-safe object", async () => {
    const error = await rejection(
      createCrmClient({ baseUrl: portal.url, token: TOKEN }).reopenCase(404),
    );
    expect(error).toBeInstanceOf(ApiError);
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      name: "NotFoundError",
      message: "reopenCase(404): HTTP 404: the case was not found",
      call: "reopenCase(404)",
      status: 404,
      portalMessage: "Not found",
      hresult: -2147467259,
    });
    // The cause (which may come from a foreign fetch) stays out of it; its message is kept.
    const timeout = new TimeoutError("late", { cause: new Error("inner") });
    expect(JSON.parse(JSON.stringify(timeout))).toStrictEqual({
      name: "TimeoutError",
      message: "late",
    });
    expect(timeout.toJSON()).toStrictEqual({ name: "TimeoutError", message: "late" });
    expect(timeout.message).toBe("late");
    expect(String(timeout)).toBe("TimeoutError: late");
    expect(timeout.cause).toEqual(new Error("inner"));
    expect(timeout).toBeInstanceOf(OnlyofficeError);
  });
});

describe("the token stays out of everything else", () => {
  it("no operation can send an asc_auth_key: the spec declares no such parameter or body field", () => {
    // A portal prefers `asc_auth_key` to the Authorization header (SECURITY.md).
    const spec = parse(readFileSync(join(__dirname, "../openapi/onlyoffice-crm.yaml"), "utf8"));
    const names: string[] = [];
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) return node.forEach(walk);
      if (typeof node !== "object" || node === null) return;
      const record = node as Record<string, unknown>;
      if (typeof record.in === "string" && typeof record.name === "string") names.push(record.name);
      if (record.properties) names.push(...Object.keys(record.properties));
      Object.values(record).forEach(walk);
    };
    walk(spec.paths);
    walk(spec.components);
    expect(names).toContain("caseid"); // the walk does see parameters…
    expect(names).toContain("userName"); // …and body fields
    expect(names.filter((name) => /asc_auth_key/i.test(name))).toEqual([]);
  });

  it("util.inspect of the client does not show it", () => {
    const crm = createCrmClient({ baseUrl: portal.url, token: TOKEN });
    expect(inspect(crm, { depth: Infinity, showHidden: true })).not.toContain(TOKEN);
  });

  it("configuration errors never quote the token", () => {
    for (const token of [`${TOKEN}\n`, `${TOKEN}\u0001`, `${TOKEN}€`]) {
      let message = "";
      try {
        createCrmClient({ baseUrl: portal.url, token });
      } catch (error) {
        message = everyRendering(error);
      }
      expect(message).toMatch(/token must be printable ASCII/);
      expect(message).not.toContain(TOKEN);
    }
  });

  it("the client writes no log lines at all (success, retry, failure)", async () => {
    const spies = (["log", "info", "warn", "error", "debug", "trace"] as const).map((name) =>
      jest.spyOn(console, name).mockImplementation(() => {}),
    );
    try {
      portal.queue((req) => req.socket.destroy());
      const crm = createCrmClient({ baseUrl: portal.url, token: TOKEN, ...fast });
      await crm.reopenCase(42);
      await rejection(crm.reopenCase(404));
      for (const spy of spies) expect(spy).not.toHaveBeenCalled();
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
  });
});

describe("redaction never damages a message", () => {
  /** A portal whose 500 quotes the Authorization header it got, inside `text`. */
  async function echoed(token: string, text: (header: string) => string): Promise<string> {
    const echo = await startFakePortal({ token });
    try {
      echo.queue((req, res) => {
        res.writeHead(500, { "Content-Type": "application/json" });
        const message = text(String(req.headers.authorization));
        res.end(portalJson({ status: 1, statusCode: 500, error: { message } }));
      });
      const crm = createCrmClient({ baseUrl: echo.url, token, maxRetries: 0 });
      return ((await rejection(crm.reopenCase(42))) as Error).message;
    } finally {
      await echo.close();
    }
  }

  it('a one-letter token does not turn "text" into "te[REDACTED]t", nor cut anything', async () => {
    expect(await echoed("x", (header) => `text: token ${header} refused, next`)).toBe(
      "reopenCase(42): HTTP 500: text: token x refused, next",
    );
  });

  it("a secret too short to be one (under 8 characters) is never cut", () => {
    for (const secret of ["x", "e", "a+b.c", "1234567"]) {
      const message = `in clear text, ${secret} (${secret}) ${secret}`;
      expect(redactText(message, secret)).toBe(message);
      expect(redactSecret(new Error(message), secret).message).toBe(message);
    }
  });

  it("a password-length secret is cut wherever it stands alone, regular-expression characters included", async () => {
    expect(await echoed("a+b.c$(d)", (h) => `aab_c ${h},${h}"${h} xa+b.c$(d)`)).toBe(
      'reopenCase(42): HTTP 500: aab_c [REDACTED],[REDACTED]"[REDACTED] xa+b.c$(d)',
    );
  });

  it("a real-length token is cut even inside other text", async () => {
    expect(await echoed(TOKEN, (header) => `prefix${header}suffix`)).toBe(
      "reopenCase(42): HTTP 500: prefix[REDACTED]suffix",
    );
  });

  it("property: a message without the token is left alone; a token standing alone is gone", () => {
    const printable = fc.string({
      unit: fc.constantFrom(..."abcxyz019-_ .,:;=/\"'+*$()[]{}?^|"),
      maxLength: 30,
    });
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom(..."ab01-._+$"), minLength: 8, maxLength: 20 }),
        printable,
        printable,
        (secret, before, after) => {
          const untouched = new Error(`${before}|${after}`);
          fc.pre(!untouched.message.includes(secret));
          expect(redactSecret(untouched, secret).message).toBe(`${before}|${after}`);
          const leaked = redactSecret(new Error(`${before} ${secret} ${after}`), secret);
          expect(leaked.message).toBe(
            `${before} ${secret} ${after}`.split(` ${secret} `).join(" [REDACTED] "),
          );
        },
      ),
    );
  });

  it("property: a secret under 8 characters leaves every message as it is", () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom(..."ab01-._+$ "), minLength: 1, maxLength: 7 }),
        fc.string({ maxLength: 40 }),
        (secret, text) => {
          const message = `${text}${secret}${text}`;
          expect(redactText(message, secret)).toBe(message);
        },
      ),
    );
  });

  it("the CLI: a one-character ONLYOFFICE_TOKEN leaves the plain-http message whole", async () => {
    const message = await cliStderr(["case", "get", "42"], {
      ONLYOFFICE_URL: "http://portal.example.com",
      ONLYOFFICE_TOKEN: "e",
    });
    expect(message).toContain("clear text");
    expect(message).not.toMatch(/redacted/i);
  });

  it("the CLI still cuts a real token out of what it prints", async () => {
    portal.queue((req, res) => {
      // A 400 is not retried: this one answer is the one the CLI prints.
      res.writeHead(400, { "Content-Type": "application/json" });
      const message = `bad header ${String(req.headers.authorization)}`;
      res.end(portalJson({ status: 1, statusCode: 400, error: { message } }));
    });
    const message = await cliStderr(["case", "get", "42"], {
      ONLYOFFICE_URL: portal.url,
      ONLYOFFICE_TOKEN: TOKEN,
    });
    expect(message).toContain("bad header [REDACTED]");
    expect(message).not.toContain(TOKEN);
  });
});
