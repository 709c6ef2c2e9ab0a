// The `onlyoffice-crm` command, run as users run it: `node dist/cli.cjs …` in a child process,
// against the fake portal in this process. Every run also checks that no secret leaked.
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { startFakePortal, type FakePortal } from "../src/testing";
import { onTerminal, scriptAvailable } from "./cli-run";

const root = join(__dirname, "..");
const cli = join(root, "dist/cli.cjs");
const password = "correct-Horse-93!";
const token = "8D4C2C1E-TOKEN-7F0A4B6E9C3D";

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(
  args: string[],
  options: { env?: Record<string, string>; input?: string; command?: string[] } = {},
): Promise<Run> {
  const { ONLYOFFICE_URL: _url, ONLYOFFICE_TOKEN: _token, ...inherited } = process.env;
  const [command, ...prefix] = options.command ?? [process.execPath, cli];
  const child = spawn(command!, [...prefix, ...args], {
    env: { ...inherited, ...options.env },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk) => (stdout += chunk));
  child.stderr.on("data", (chunk) => (stderr += chunk));
  child.stdin.end(options.input ?? "");
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

let portal: FakePortal;
let env: Record<string, string>;

beforeAll(() => {
  if (!existsSync(cli)) throw new Error("dist/cli.cjs is missing: run `npm run build` first");
});
beforeEach(async () => {
  portal = await startFakePortal({ token, userName: "anna", password });
  env = { ONLYOFFICE_URL: portal.url, ONLYOFFICE_TOKEN: token };
});
afterEach(() => portal.close());

/** Runs the CLI and checks that neither stream shows the token or the password. */
async function crm(args: string[], options: Parameters<typeof run>[1] = {}): Promise<Run> {
  const result = await run(args, { env, ...options });
  for (const secret of [token, password]) {
    expect(result.stdout).not.toContain(secret);
    expect(result.stderr).not.toContain(secret);
  }
  return result;
}

describe("case", () => {
  it("get: a short human summary on stdout", async () => {
    const { code, stdout, stderr } = await crm(["case", "get", "42"]);
    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
    expect(stdout).toBe(
      [
        "Case 42: Printer on floor 3 jams again",
        "  status:   closed",
        "  access:   private (Anna O'Brien, Carl Night)",
        "  created:  2024-03-05 14:07:31 +03:00 by Anna O'Brien",
        "  members:  Contoso Ltd (company), Ben Weber",
        "  Due: 2024-03-12T00:00:00.0000000+03:00",
        "  On site: true",
        "",
      ].join("\n"),
    );
    expect(portal.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      "GET /api/2.0/crm/case/42",
    ]);
  });

  it("get: portal text is decoded and defanged for the terminal", async () => {
    portal.cases.get(7)!.title = "Tom &amp; Jerry&#39;s \u001b[31mred&#99999999;";
    const { code, stdout } = await crm(["case", "get", "7"]);
    expect(code).toBe(0);
    expect(stdout.split("\n")[0]).toBe("Case 7: Tom & Jerry's  [31mred\ufffd");
  });

  it("get --json: the case exactly as the portal has it", async () => {
    const { code, stdout } = await crm(["case", "get", "42", "--json"]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual(portal.cases.get(42));
  });

  it("close: closes, says so, and summarises", async () => {
    const { code, stdout } = await crm(["case", "close", "7"]);
    expect(code).toBe(0);
    expect(stdout).toMatch(
      /^Closed case 7\.\nCase 7: Onboarding call for Fabrikam\n {2}status: {3}closed\n/,
    );
    expect(portal.cases.get(7)?.isClosed).toBe(true);
    expect(portal.requests[0]).toMatchObject({ method: "PUT", url: "/api/2.0/crm/case/7/close" });
  });

  it("reopen --json, with the URL and token as flags", async () => {
    const { code, stdout } = await crm(
      ["case", "reopen", "42", "--json", "--url", portal.url, "--token", token],
      { env: {} },
    );
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ id: 42, isClosed: false });
    expect(portal.requests[0]?.headers.authorization).toBe(token);
  });

  it("an API error goes to stderr with exit code 1", async () => {
    const { code, stdout, stderr } = await crm(["case", "get", "99"]);
    expect({ code, stdout }).toEqual({ code: 1, stdout: "" });
    expect(stderr).toMatch(/^onlyoffice-crm: getCase\(99\): HTTP 404: the case was not found\n/);
    const denied = await crm(["case", "close", "99"]);
    expect(denied.code).toBe(1);
    expect(denied.stderr).toMatch(/^onlyoffice-crm: closeCase\(99\): HTTP 403: /);
  });

  it("a token the portal refuses: exit 1, a hint, and the token is not shown", async () => {
    const wrong = "WRONG-TOKEN-5550123";
    const { code, stderr } = await crm(["case", "get", "42"], {
      env: { ...env, ONLYOFFICE_TOKEN: wrong },
    });
    expect(code).toBe(1);
    expect(stderr).toMatch(/^onlyoffice-crm: getCase\(42\): HTTP 401: the token was refused/);
    expect(stderr).toMatch(/ONLYOFFICE_TOKEN/);
    expect(stderr).not.toContain(wrong);
  });

  it("a missing token names ONLYOFFICE_TOKEN, exit code 2, nothing sent", async () => {
    const { code, stderr } = await crm(["case", "get", "42"], {
      env: { ONLYOFFICE_URL: portal.url },
    });
    expect(code).toBe(2);
    expect(stderr).toMatch(/no token: set ONLYOFFICE_TOKEN/);
    expect(portal.requests).toHaveLength(0);
  });

  it("a missing URL names ONLYOFFICE_URL; plain http to another host is refused", async () => {
    const missing = await crm(["case", "get", "42"], { env: { ONLYOFFICE_TOKEN: token } });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/ONLYOFFICE_URL/);
    const plain = await crm(["case", "get", "42"], {
      env: { ...env, ONLYOFFICE_URL: "http://portal.example.com" },
    });
    expect(plain.code).toBe(2);
    expect(plain.stderr).toMatch(/clear text/);
  });

  it.each([["abc"], ["0"], ["1.5"], ["2147483648"], ["0x10"], ["-1"]])(
    "the ID %p is a usage error (exit 2), nothing sent",
    async (id) => {
      const { code, stdout, stderr } = await crm(["case", "get", id]);
      expect({ code, stdout }).toEqual({ code: 2, stdout: "" });
      expect(stderr).toMatch(/--help/);
      expect(portal.requests).toHaveLength(0);
    },
  );

  it.each([
    [
      ["case", "get", "42", "--bogus"],
      /^onlyoffice-crm: unknown flag --bogus: `case get` takes --url, --token, --allow-insecure-http, --json, --help, --version\nTry `onlyoffice-crm case get --help`\.\n$/,
    ],
    [["case", "get", "42", "-q"], /unknown flag -q: `case get` takes --url/],
    [
      ["case", "remove", "42"],
      /unknown case action "remove": use get, close, reopen, list, create, delete, members/,
    ],
    [["case", "get"], /missing the case ID/],
    [["case", "get", "42", "43"], /unexpected argument "43"/],
    [["cases"], /unknown command "cases"/],
    [[], /missing a command/],
    [["case", "get", "42", "--url"], /--url needs a value: --url <URL>/],
    [["case", "get", "42", "--json=yes"], /--json takes no value/],
  ])("%p is a usage error", async (args, message) => {
    const { code, stderr } = await crm(args);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
  });
});

describe("more case commands", () => {
  it("case list: every case as a table, the filter sent under the portal's names", async () => {
    const { code, stdout, stderr } = await crm([
      "case",
      "list",
      "--closed",
      "--tag",
      "printer",
      "--search",
      "printer",
    ]);
    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
    expect(stdout).toBe(
      [
        "ID  STATUS  ACCESS   TITLE",
        "13  closed  public   Printer on floor 5 offline",
        "42  closed  private  Printer on floor 3 jams again",
        "",
      ].join("\n"),
    );
    const query = new URL(portal.requests[0]!.url, "http://p").searchParams;
    expect(Object.fromEntries(query)).toEqual({
      isClosed: "true",
      tags: "printer",
      filterValue: "printer",
      sortBy: "id",
      startIndex: "0",
      count: "100",
    });
  });

  it("case list --json: one JSON object per line, every page", async () => {
    for (let i = 0; i < 150; i++) {
      portal.cases.set(1000 + i, { ...structuredClone(portal.cases.get(7)!), id: 1000 + i });
    }
    const { code, stdout } = await crm(["case", "list", "--open", "--json"]);
    expect(code).toBe(0);
    const lines = stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as { id: number });
    expect(lines).toHaveLength(152); // 7, 12 and the 150 copies
    expect(new Set(lines.map((c) => c.id)).size).toBe(152);
    expect(portal.requests).toHaveLength(2);
  });

  (scriptAvailable ? it : it.skip)(
    "case list on a terminal shows a progress line on stderr",
    async () => {
      for (let i = 0; i < 150; i++) {
        portal.cases.set(1000 + i, { ...structuredClone(portal.cases.get(7)!), id: 1000 + i });
      }
      const terminal = onTerminal("case list --open", {
        ONLYOFFICE_URL: portal.url,
        ONLYOFFICE_TOKEN: token,
      });
      expect(await terminal.done).toBe(0);
      expect(terminal.output).toContain("\r100 cases…");
      expect(terminal.output).toMatch(/1149 +open +public +Onboarding call for Fabrikam/);
    },
  );

  it("case create: the title, members and access; prints the new case", async () => {
    const { code, stdout } = await crm([
      "case",
      "create",
      "--title",
      "Scanner jam",
      "--member",
      "7",
      "--member",
      "10",
      "--private",
      "--access",
      "0b1c2d3e-4f50-4617-8899-aabbccddeeff",
    ]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Created case \d+\.\nCase \d+: Scanner jam\n/);
    expect(JSON.parse(portal.requests[0]!.body)).toEqual({
      title: "Scanner jam",
      members: [7, 10],
      isPrivate: true,
      accessList: ["0b1c2d3e-4f50-4617-8899-aabbccddeeff"],
    });
  });

  it("case create refuses what the portal would turn public, nothing sent", async () => {
    const { code, stderr } = await crm(["case", "create", "--title", "x", "--private"]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/needs a non-empty accessList/);
    expect((await crm(["case", "create"])).stderr).toMatch(/--title is required/);
    expect(portal.requests).toHaveLength(0);
  });

  it("case delete: --yes deletes; without a terminal and without --yes nothing is sent", async () => {
    const refused = await crm(["case", "delete", "12"]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/pass --yes/);
    expect(portal.requests).toHaveLength(0);
    const { code, stdout } = await crm(["case", "delete", "12", "--yes"]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Deleted case 12\./);
    expect(portal.cases.has(12)).toBe(false);
  });

  it("case members: the contacts with their primary email and phone", async () => {
    const { code, stdout } = await crm(["case", "members", "42"]);
    expect(code).toBe(0);
    expect(stdout.split("\n")[0]).toMatch(/^ID +KIND +NAME +EMAIL +PHONE$/);
    expect(stdout).toMatch(/7 +company +Contoso Ltd +support@contoso\.example +\+49 30 1234567/);
  });

  it("a flag of another command is a usage error that names its command", async () => {
    const { code, stderr } = await crm(["case", "get", "42", "--title", "x"]);
    expect(code).toBe(2);
    expect(stderr).toMatch(
      /--title belongs to `case create`, `task create`, `deal create`, not `case get`/,
    );
  });

  it("plain http to another host names the flag that allows it, and the flag works", async () => {
    const plain = await crm(["case", "get", "42"], {
      env: { ...env, ONLYOFFICE_URL: "http://portal.invalid" },
    });
    expect(plain.code).toBe(2);
    expect(plain.stderr).toMatch(/--allow-insecure-http/);
    expect(plain.stderr).not.toMatch(/allowInsecureHttp/);
    const allowed = await crm(["case", "get", "42", "--allow-insecure-http"], {
      env: { ...env, ONLYOFFICE_URL: "http://portal.invalid" },
    });
    expect(allowed.code).toBe(1); // sent, and the network said no
    expect(allowed.stderr).toMatch(/Could not reach the portal/);
  });
});

describe("around a case: notes, tags, tasks, contacts", () => {
  it("case note: adds a note in the first history category by default", async () => {
    const { code, stdout } = await crm(["case", "note", "42", "Customer wrote again"]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Added note \d+ to case 42 \(Note\)\.\n$/);
    const post = portal.requests.find((r) => r.method === "POST")!;
    expect(JSON.parse(post.body)).toMatchObject({
      entityType: "case",
      entityId: 42,
      content: "Customer wrote again",
      categoryId: 20,
    });
  });

  it("case note --category sends that category, without asking for the list", async () => {
    const { code } = await crm(["case", "note", "42", "Called back", "--category", "22"]);
    expect(code).toBe(0);
    expect(portal.requests).toHaveLength(1);
    expect(JSON.parse(portal.requests[0]!.body)).toMatchObject({ categoryId: 22 });
  });

  it("case tag and case untag", async () => {
    expect((await crm(["case", "tag", "7", "vip"])).stdout).toBe('Tagged case 7 "vip".\n');
    expect(portal.requests[0]).toMatchObject({ method: "POST", url: "/api/2.0/crm/case/7/tag" });
    expect((await crm(["case", "untag", "7", "vip"])).stdout).toBe(
      'Removed the tag "vip" from case 7.\n',
    );
  });

  it("case tasks --open lists the case's open tasks", async () => {
    const { code, stdout } = await crm(["case", "tasks", "42", "--open"]);
    expect(code).toBe(0);
    const query = new URL(portal.requests[0]!.url, "http://p").searchParams;
    expect(Object.fromEntries(query)).toMatchObject({
      entityType: "case",
      entityid: "42",
      isClosed: "false",
    });
    expect(stdout.split("\n")[0]).toMatch(/^ID +STATUS +DEADLINE +CATEGORY +TITLE$/);
    expect(stdout).not.toMatch(/ closed /);
  });

  it("task create and task close", async () => {
    const created = await crm([
      "task",
      "create",
      "--case",
      "42",
      "--title",
      "Call the customer",
      "--deadline",
      "2030-06-30T15:00:00Z",
      "--category",
      "1",
    ]);
    expect(created.code).toBe(0);
    const id = /^Created task (\d+)\./.exec(created.stdout)?.[1];
    expect(id).toBeDefined();
    expect(JSON.parse(portal.requests[0]!.body)).toMatchObject({
      title: "Call the customer",
      deadline: "2030-06-30T15:00:00.000Z",
      categoryId: 1,
      entityType: "case",
      entityId: 42,
    });
    const closed = await crm(["task", "close", id!]);
    expect(closed.code).toBe(0);
    expect(closed.stdout).toMatch(new RegExp(`^Closed task ${id}\\.\n.*\n${id} +closed `));
  });

  it("task create refuses what is missing, nothing sent", async () => {
    const missing = await crm(["task", "create", "--title", "x", "--category", "1"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--deadline is required: a date, e\.g\. 2025-06-30/);
    expect(portal.requests).toHaveLength(0);
  });

  it("contact get: a person with their company, phones and emails", async () => {
    const { code, stdout } = await crm(["contact", "get", "10"]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Contact 10: Dana Scully \(person\)\n/);
    expect(stdout).toMatch(/company: +Fabrikam Inc \(9\)/);
    expect(stdout).toMatch(/email: +dana@fabrikam\.example/);
  });

  it("contact search: any kind by default (the portal's own default is companies only)", async () => {
    const { code, stdout } = await crm(["contact", "search", "fabrikam"]);
    expect(code).toBe(0);
    expect(new URL(portal.requests[0]!.url, "http://p").searchParams.get("searchType")).toBe("-1");
    expect(stdout).toMatch(/9 +company +Fabrikam Inc/);
    await crm(["contact", "search", "dana", "--person"]);
    expect(new URL(portal.requests[1]!.url, "http://p").searchParams.get("searchType")).toBe("1");
  });
});

describe("login", () => {
  it("reads the password from stdin, says it signed in and when it expires, not the token", async () => {
    const { code, stdout, stderr } = await crm(["login", "--user", "anna"], {
      input: `${password}\n`,
    });
    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
    expect(stdout).toMatch(
      /^Signed in to http:\/\/127\.0\.0\.1:\d+ as anna\. The token expires \d{4}-\d\d-\d\d \d\d:\d\d:\d\d (UTC|[+-]\d\d:\d\d)\./,
    );
    expect(stdout).toMatch(/export ONLYOFFICE_TOKEN="\$\(onlyoffice-crm login .*--print-token\)"/);
    expect(JSON.parse(portal.requests[0]!.body)).toEqual({ userName: "anna", password });
  });

  it("--print-token prints the token alone on stdout, for $(…)", async () => {
    const result = await run(["login", "--user", "anna", "--print-token"], {
      env,
      input: `${password}\r\n`,
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`${token}\n`);
    expect(result.stderr).toMatch(/^Signed in as anna; the token expires /);
    expect(result.stderr).not.toContain(token);
  });

  it("a wrong password: exit 1, and neither password appears", async () => {
    const { code, stdout, stderr } = await crm(["login", "--user", "anna"], {
      input: `${password}x\n`,
    });
    expect({ code, stdout }).toEqual({ code: 1, stdout: "" });
    expect(stderr).toMatch(/Sign-in failed: the portal did not accept the user name and password/);
  });

  it("a two-factor account with --code signs in with the code", async () => {
    const twoFactor = await startFakePortal({
      userName: "anna",
      password,
      twoFactor: "app",
      token,
    });
    try {
      const { code, stdout } = await run(
        ["login", "--user", "anna", "--code", twoFactor.code, "--print-token"],
        {
          env: { ONLYOFFICE_URL: twoFactor.url },
          input: password,
        },
      );
      expect(code).toBe(0);
      expect(stdout).toBe(`${token}\n`);
      expect(twoFactor.requests.map((r) => new URL(r.url, "http://p").pathname)).toEqual([
        `/api/2.0/authentication/${twoFactor.code}`,
      ]);
    } finally {
      await twoFactor.close();
    }
  });

  it("a two-factor account: exit 1 with a clear message", async () => {
    const twoFactor = await startFakePortal({ userName: "anna", password, twoFactor: "app" });
    try {
      const { code, stderr } = await crm(["login", "--user", "anna"], {
        env: { ONLYOFFICE_URL: twoFactor.url },
        input: password,
      });
      expect(code).toBe(1);
      expect(stderr).toMatch(/Two-factor sign-in is required/);
    } finally {
      await twoFactor.close();
    }
  });

  it("without --user or a password on stdin it is a usage error", async () => {
    expect((await crm(["login"], { input: password })).stderr).toMatch(/--user is required/);
    const empty = await crm(["login", "--user", "anna"], { input: "" });
    expect(empty.code).toBe(2);
    expect(empty.stderr).toMatch(/password is empty/);
    expect(portal.requests).toHaveLength(0);
  });

  (scriptAvailable ? it : it.skip)(
    "on a terminal it asks for the user and the password, and echoes no password",
    async () => {
      const terminal = onTerminal("login", { ONLYOFFICE_URL: portal.url, ONLYOFFICE_TOKEN: "" });
      await terminal.until("User name: ");
      terminal.type("anna\r");
      await terminal.until("Password: ");
      terminal.type(`${password}Q\u007f\r`); // a typo, erased with backspace
      expect(await terminal.done).toBe(0);
      expect(terminal.output).toMatch(/Signed in to .* as anna/);
      expect(terminal.output).not.toContain(password.slice(0, 8));
      expect(terminal.output).not.toContain(token);
    },
  );
});

describe("login on a terminal, two-factor", () => {
  (scriptAvailable ? it : it.skip)(
    "asks for the code after the password, then signs in",
    async () => {
      const twoFactor = await startFakePortal({
        userName: "anna",
        password,
        twoFactor: "app",
        token,
      });
      try {
        const terminal = onTerminal("login --user anna", {
          ONLYOFFICE_URL: twoFactor.url,
          ONLYOFFICE_TOKEN: "",
        });
        await terminal.until("Password: ");
        terminal.type(`${password}\r`);
        await terminal.until("Code: ");
        expect(terminal.output).toContain("Open your authenticator app.");
        terminal.type(`${twoFactor.code}\r`);
        expect(await terminal.done).toBe(0);
        expect(terminal.output).toMatch(/Signed in to .* as anna/);
        expect(twoFactor.requests.map((r) => new URL(r.url, "http://p").pathname)).toEqual([
          "/api/2.0/authentication",
          `/api/2.0/authentication/${twoFactor.code}`,
        ]);
      } finally {
        await twoFactor.close();
      }
    },
  );
});

describe("help and version", () => {
  it("--help lists the commands, exit codes, and warns that --token shows in ps", async () => {
    const { code, stdout } = await crm(["--help"]);
    expect(code).toBe(0);
    for (const text of ["case get <id>", "case close <id>", "case reopen <id>", "login", "`ps`"]) {
      expect(stdout).toContain(text);
    }
    expect(stdout).toMatch(/Exit codes: 0 done, 1 .*, 2 usage/);
  });

  it("--version is package.json's version", async () => {
    const { version } = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
    expect(await crm(["--version"])).toEqual({ code: 0, stdout: `${version}\n`, stderr: "" });
    expect((await crm(["-v"])).stdout).toBe(`${version}\n`);
  });
});
