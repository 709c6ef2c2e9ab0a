// `npm run spec:diff`: real spec mutations in a temporary git repository. The base commit (on
// `main`) holds the committed spec and version 0.1.0; each run edits the working tree on a
// branch and runs the real script, which compares against the merge base with main.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse, stringify } from "yaml";
import { repo, run } from "./spec-helpers";

// A parsed YAML tree that the mutations below poke into; local to this test.
type Spec = Record<string, any>;
const specText = readFileSync(join(repo, "openapi/onlyoffice-crm.yaml"), "utf8");
// Each run starts Redocly (about 1.5 s of CPU); several run at once, so allow for a busy machine.
jest.setTimeout(60_000);
const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

// A fresh repository per run, so that the tests can run concurrently.
function makeRepo(): string {
  const dir = mkdtempSync(join(tmpdir(), "spec-diff-"));
  dirs.push(dir);
  const git = (...args: string[]): string =>
    execFileSync("git", ["-c", "user.name=test", "-c", "user.email=test@localhost", ...args], {
      cwd: dir,
      encoding: "utf8",
    });
  git("init", "-q", "-b", "main");
  mkdirSync(join(dir, "openapi"));
  writeTree(dir, specText, "0.1.0");
  git("add", ".");
  git("commit", "-q", "-m", "base");
  git("checkout", "-q", "-b", "feature");
  return dir;
}

function writeTree(dir: string, spec: string, version: string, accepted?: unknown): void {
  writeFileSync(join(dir, "openapi/onlyoffice-crm.yaml"), spec);
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "t", version }, null, 2));
  if (accepted !== undefined)
    writeFileSync(join(dir, "spec-diff-accepted.yaml"), stringify(accepted));
}

async function diff(
  mutate: (spec: Spec) => void,
  { version = "0.1.0", accepted, ref }: { version?: string; accepted?: unknown; ref?: string } = {},
) {
  const dir = makeRepo();
  const spec: Spec = parse(specText);
  mutate(spec);
  writeTree(dir, stringify(spec), version, accepted);
  const args = [join(repo, "scripts/spec-diff.mjs"), ...(ref ? [ref] : [])];
  const result = await run("node", args, { cwd: dir });
  return { code: result.code, report: result.stdout, errors: result.stderr };
}

const schemas = (spec: Spec): Spec => spec.components.schemas;
const removeTitle = (spec: Spec): void => {
  delete schemas(spec).Case.properties.title;
  schemas(spec).Case.required = schemas(spec).Case.required.filter((n: string) => n !== "title");
};

it.concurrent("no change: passes and says so", async () => {
  const { code, report } = await diff(() => undefined);
  expect(report).toContain("merge base with main");
  expect(report).toContain("0 breaking, 0 accepted, 0 minor, 0 patch.");
  expect(code).toBe(0);
});

it.concurrent("a new optional field is reported as minor and passes", async () => {
  const { code, report } = await diff((spec) => {
    schemas(spec).Case.properties.deadline = { $ref: "#/components/schemas/ApiDateTime" };
  });
  expect(report).toMatch(/minor\s+added .*properties\/response\/(items\/)?properties\/deadline/);
  expect(report).toContain("0 breaking");
  expect(code).toBe(0);
});

it.concurrent.each<[string, (spec: Spec) => void, RegExp]>([
  ["a removed field", removeTitle, /BREAKING Property `title` of `\w+` was removed/],
  [
    "a field made required",
    (spec) => schemas(spec).Employee.required.push("title"),
    /BREAKING Employee: became required: title/,
  ],
  [
    "a changed type",
    (spec) => (schemas(spec).Currency.properties.isBasic.type = "string"),
    /BREAKING Type of `isBasic` .*'boolean' to 'string'/,
  ],
  [
    "a removed enum value",
    (spec) => {
      schemas(spec).ShareType.enum = [0, 1];
      schemas(spec)["ShareType"]["x-enum-varnames"] = ["None", "ReadWrite"];
      schemas(spec)["ShareType"]["x-enum-descriptions"].pop();
    },
    /BREAKING ShareType: enum lost values: 2[\s\S]*BREAKING ShareType: enum lost names: Read/,
  ],
  [
    "a renamed enum member",
    (spec) => (schemas(spec)["CustomFieldType"]["x-enum-varnames"][2] = "Select"),
    /BREAKING CustomFieldType: enum lost names: SelectBox/,
  ],
])("%s is breaking: exit 1 without a version bump", async (_name, mutate, finding) => {
  const { code, report, errors } = await diff(mutate);
  expect(report).toMatch(finding);
  expect(errors).toContain("breaking changes need a breaking version bump");
  expect(code).toBe(1);
});

it.concurrent("0.x: a patch bump does not allow a breaking change, a minor bump does", async () => {
  expect((await diff(removeTitle, { version: "0.1.1" })).code).toBe(1);
  const bumped = await diff(removeTitle, { version: "0.2.0" });
  expect(bumped.report).toContain("Breaking changes allowed: 0.1.0 -> 0.2.0");
  expect(bumped.code).toBe(0);
});

it.concurrent(
  "a reviewed entry in spec-diff-accepted.yaml turns that one finding into ACCEPTED",
  async () => {
    const entry = { rule: "type-required-added", at: "Employee", reason: "reviewed" };
    const { code, report } = await diff((spec) => schemas(spec).Employee.required.push("title"), {
      accepted: [entry],
    });
    expect(report).toMatch(/ACCEPTED Employee: became required: title .*reviewed/);
    expect(code).toBe(0);
  },
);

it.concurrent(
  "compares against an explicit ref, and exits 2 on one that does not exist",
  async () => {
    const { code, report } = await diff(removeTitle, { ref: "main" });
    expect(report).toContain("Spec changes: main (");
    expect(code).toBe(1);
    const missing = await diff(() => undefined, { ref: "no-such-ref" });
    expect(missing.errors).toContain("unknown git ref: no-such-ref");
    expect(missing.code).toBe(2);
  },
);
