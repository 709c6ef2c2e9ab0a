// `npm run spec:validate` must fail when the most widely used generator loses the enum names:
// a copy of the spec without ShareType's x-enum-varnames makes OpenAPI Generator emit
// `NUMBER_0`... (the committed spec passing is `npm run spec:check`'s job).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse, stringify } from "yaml";
import { repo, run } from "./spec-helpers";

const dir = mkdtempSync(join(tmpdir(), "spec-validate-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it("fails when generated enums fall back to NUMBER_n names", async () => {
  const jar = await run("node", ["scripts/fetch-generator-jar.mjs"]);
  expect(jar.code).toBe(0);
  const spec = parse(readFileSync(join(repo, "openapi/onlyoffice-crm.yaml"), "utf8"));
  delete spec.components.schemas.ShareType["x-enum-varnames"];
  const file = join(dir, "no-enum-names.yaml");
  writeFileSync(file, stringify(spec));

  const { code, stdout, stderr } = await run("node", [
    "scripts/spec-validate.mjs",
    file,
    join(dir, "client"),
  ]);
  expect(stdout).toContain("✓ tsc on the typescript-fetch client"); // it got as far as the check
  expect(stderr).toContain("ShareType: generated names are NUMBER_n");
  expect(stderr).not.toContain("CustomFieldType"); // the intact enums pass
  expect(code).toBe(1);
}, 120_000);
