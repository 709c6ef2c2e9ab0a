// Contract test: the facade against Stoplight Prism mocking openapi/onlyoffice-crm.yaml on
// 127.0.0.1. Prism answers only requests that match the spec (security scheme, path parameter
// types and bounds) and reports what it found wrong in the `sl-violations` header, so a facade
// request that drifts from the spec fails here even when the fake portal would accept it.
import { spawn, type ChildProcess } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { createCrmClient, createRawClient, type Case } from "../src";
import { bin, freePort, repo } from "./spec-helpers";

const specPath = join(repo, "openapi/onlyoffice-crm.yaml");
const spec = parse(readFileSync(specPath, "utf8"));
const example: Case = spec.components.examples.ReopenedPrivateCase.value.response;
const reopen = (id: string): string => `/api/2.0/crm/case/${id}/reopen`;

let prism: ChildProcess | undefined;
let port = 0;
let baseUrl = "";
let log = "";

beforeAll(async () => {
  port = await freePort();
  baseUrl = `http://127.0.0.1:${port}`;
  // The binary itself, not npx: npx would leave the server orphaned when killed.
  const child = spawn(
    bin("prism"),
    ["mock", specPath, "--host", "127.0.0.1", "--port", `${port}`],
    {
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  prism = child;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Prism did not start:\n${log}`)), 20_000);
    const onOutput = (chunk: Buffer): void => {
      log += chunk.toString();
      if (log.includes("Prism is listening")) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on("data", onOutput);
    child.stderr?.on("data", onOutput);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`Prism exited early (${code}):\n${log}`));
    });
  });
}, 30_000);

// Processes still running with this test's Prism command line (empty once it is gone).
function prismProcesses(): string[] {
  return readdirSync("/proc")
    .filter((entry) => /^\d+$/.test(entry))
    .map((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, "utf8").replace(/\0/g, " ");
      } catch {
        return ""; // exited while we looked
      }
    })
    .filter((cmdline) => cmdline.includes("prism") && cmdline.includes(`--port ${port}`));
}

afterAll(async () => {
  const child = prism;
  if (child?.pid && child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    await exited;
  }
  expect(prismProcesses()).toEqual([]); // no orphan left behind
});

/** The facade with a `fetch` that records Prism's verdict on each request. */
function facade(token = "contract-test-token") {
  const violations: (string | null)[] = [];
  const options = {
    baseUrl,
    token,
    fetch: async (request: Request) => {
      const response = await fetch(request);
      violations.push(response.headers.get("sl-violations"));
      return response;
    },
  };
  return { crm: createCrmClient(options), raw: createRawClient(options), violations };
}

describe("the facade against Prism mocking the spec", () => {
  it("runs Prism as this test's child on the loopback port it was given", () => {
    expect(prismProcesses()).toHaveLength(1);
    expect(log).toContain(`Prism is listening on http://127.0.0.1:${port}`);
  });

  it("sends a request the spec accepts and resolves to the unwrapped Case", async () => {
    const { crm, violations } = facade();
    const reopened = await crm.reopenCase(42);
    expect(reopened).toEqual(example);
    expect(reopened.isClosed).toBe(false);
    expect(violations).toEqual([null]);
  });

  it("Prism rejects a request without Authorization with 401 (the spec's text body)", async () => {
    const response = await fetch(`${baseUrl}${reopen("42")}`, { method: "PUT" });
    expect(response.status).toBe(401);
    expect(await response.text()).toBe("Unauthorized");
    expect(response.headers.get("sl-violations")).toContain("Invalid security scheme");
  });

  it("Prism rejects a non-integer caseid with 400", async () => {
    const response = await fetch(`${baseUrl}${reopen("abc")}`, {
      method: "PUT",
      headers: { Authorization: "contract-test-token" },
    });
    expect(response.status).toBe(400);
    expect(response.headers.get("sl-violations")).toContain("caseid must be integer");
  });

  it("caseid 0 is below the spec's minimum: Prism says 400, the facade refuses to send it", async () => {
    const { crm, raw, violations } = facade();
    const { response } = await raw.PUT("/api/2.0/crm/case/{caseid}/reopen", {
      params: { path: { caseid: 0 } },
    });
    expect(response.status).toBe(400);
    expect(violations[0]).toContain("caseid must be >= 1");
    await expect(crm.reopenCase(0)).rejects.toThrow(RangeError);
    expect(violations).toHaveLength(1);
  });
});
