// `npm run docs` output, opened in headless Chromium with every non-file:// request aborted: the
// API reference must render the reopen operation from the HTML file alone.
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { launchChromium } from "./chromium";
import { run } from "./spec-helpers";

const out = mkdtempSync(join(tmpdir(), "spec-docs-"));
const profile = mkdtempSync(join(tmpdir(), "spec-docs-chromium-"));

afterAll(() => {
  rmSync(out, { recursive: true, force: true });
  rmSync(profile, { recursive: true, force: true });
});

it("npm run docs writes the API reference and the TypeDoc reference", async () => {
  const result = await run("node", ["scripts/spec-docs.mjs", out]);
  expect(result.stderr.match(/^docs: .*/m)?.[0]).toBeUndefined();
  expect(result.code).toBe(0);
  expect(existsSync(join(out, "api/index.html"))).toBe(true);
  expect(existsSync(join(out, "reference/functions/index.createCrmClient.html"))).toBe(true);
}, 240_000);

/** A page of the TypeDoc reference, as text. */
const page = (file: string) =>
  readFileSync(join(out, "reference", file), "utf8")
    .replace(/<[^>]+>/g, "")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"');

describe("the TypeDoc reference", () => {
  it("shows a schema's type with its fields, each typed by name", () => {
    const text = page("types/index.Case.html");
    expect(text).not.toContain('components["schemas"]["Case"]');
    for (const field of ["accessList?: Employee[]", "isClosed: boolean", "members: Contact[]"]) {
      expect(text).toContain(field);
    }
  });

  it("shows methods returning the named type, so a part's page stays small", () => {
    const file = join(out, "reference/interfaces/index.CaseMethods.html");
    expect(page("interfaces/index.CaseMethods.html")).toContain("Promise<Case>");
    // 860 KB when every return type was written out in full.
    expect(statSync(file).size).toBeLessThan(150_000);
  });

  it("documents the fake portal and links the parts' pages", () => {
    expect(page("functions/testing.startFakePortal.html")).toContain("startFakePortal");
    expect(page("documents/cases.html")).toContain("reopenCase");
  });
});

it("the API reference renders the reopen operation offline", async () => {
  const context = await launchChromium(profile);
  const blocked: string[] = [];
  await context.route("**/*", (route) => {
    const url = route.request().url();
    if (url.startsWith("file://")) return route.continue();
    blocked.push(url);
    return route.abort();
  });
  try {
    const page = await context.newPage();
    // Redoc names each operation's page by its tag and operationId.
    const url = `${pathToFileURL(join(out, "api/index.html")).href}#/cases/reopencase`;
    await page.goto(url, { waitUntil: "load" });
    await page.getByText("Reopen a case", { exact: true }).first().waitFor({ timeout: 15_000 });
    const text = await page.locator("body").innerText();
    expect(text).toContain("/api/2.0/crm/case/{caseid}/reopen");
    expect(text).toContain("Reopens the case with the given ID");
    expect(blocked).toEqual([]);
  } finally {
    await context.close();
  }
}, 40_000);
