// The validator table's generator is strict: what it does not understand fails `npm run generate`,
// so no part of a changed spec goes silently unchecked.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse, stringify } from "yaml";
import { validatorTable } from "../scripts/validator-table.cjs";

const root = join(__dirname, "..");
const specText = readFileSync(join(root, "openapi/onlyoffice-crm.yaml"), "utf8");
const schemasOf = (spec: any) => spec.components.schemas;

/** The table for `Case` of a copy of the spec that `change` edited. */
function tableWith(change: (schemas: any) => void, roots = ["Case", "PersonOrCompany"]) {
  const spec = parse(specText);
  change(schemasOf(spec));
  return validatorTable(spec, roots);
}

describe("the validator table", () => {
  it("covers the validated schemas and everything they reference, dependencies first", () => {
    const names = validatorTable(parse(specText), [
      "Case",
      "PersonOrCompany",
      "AuthenticationToken",
    ]).map((entry: { name: string }) => entry.name);
    expect(names).toEqual([
      "ApiDateTime",
      "Employee",
      "ShareType",
      "Currency",
      "Contact",
      "CustomFieldType",
      "CustomField",
      "Case",
      "Address",
      "ContactInfoType",
      "ContactInfo",
      "ContactStatus",
      "ContactDetails",
      "Person",
      "Company",
      "PersonOrCompany",
      "AuthenticationToken",
    ]);
  });

  it("turns allOf into `all` and a oneOf told apart by a one-value enum into `tag`/`of`", () => {
    const table = Object.fromEntries(
      validatorTable(parse(specText), ["PersonOrCompany"]).map((e: any) => [e.name, e.node]),
    );
    expect(table.PersonOrCompany).toEqual({
      tag: "isCompany",
      of: {
        false: expect.objectContaining({ name: "Person" }),
        true: expect.objectContaining({ name: "Company" }),
      },
    });
    expect(table.Person.all).toHaveLength(2);
    expect(table.Person.all[0]).toMatchObject({ name: "ContactDetails" });
  });

  it.each([
    [
      "minLength",
      (s: any) => (s.Employee.properties.displayName.minLength = 1),
      /#\/components\/schemas\/Employee\/properties\/displayName: unsupported keyword `minLength`/,
    ],
    [
      "a oneOf of inline schemas",
      (s: any) => (s.Contact.properties.currency = { oneOf: s.Contact.properties.currency.anyOf }),
      /Contact\/properties\/currency: `oneOf` is only supported as a list of \$refs/,
    ],
    [
      "a oneOf whose branches nothing tells apart",
      (s: any) => (s.Company.allOf[1].properties.isCompany.enum = [false]),
      /PersonOrCompany: `oneOf` needs a property that every branch requires with a one-value enum/,
    ],
    [
      "an anyOf that is not [schema, null]",
      (s: any) => (s.Contact.properties.currency.anyOf[1] = { type: "string" }),
      /`anyOf` is only supported as \[schema, \{nullable: true, enum: \[null\]\}\]/,
    ],
    [
      "an empty allOf",
      (s: any) => (s.Case.properties.created.allOf = []),
      /Case\/properties\/created: `allOf` needs a list of schemas/,
    ],
    [
      "a sibling of $ref",
      (s: any) => (s.Case.properties.members.items.nullable = true),
      /Case\/properties\/members\/items: unsupported keyword `nullable` next to `\$ref`/,
    ],
    [
      "an unknown format",
      (s: any) => (s.CustomField.properties.id.format = "int16"),
      /CustomField\/properties\/id: unknown format int16/,
    ],
    [
      "a bounded integer",
      (s: any) => (s.CustomField.properties.position.minimum = 0),
      /unsupported keyword `minimum` for type integer/,
    ],
    [
      "additionalProperties: false",
      (s: any) => (s.Currency.additionalProperties = false),
      /Currency: only `additionalProperties: true` is supported/,
    ],
    [
      "an enum value of the wrong type",
      (s: any) => s.ShareType.enum.push("3"),
      /ShareType: enum value "3" is not of type integer/,
    ],
    [
      "a required property without a schema",
      (s: any) => s.Currency.required.push("rate"),
      /Currency: required property rate is not in `properties`/,
    ],
    [
      "a recursive schema",
      (s: any) => (s.Employee.properties.manager = { $ref: "#/components/schemas/Employee" }),
      /recursive schema \(Employee → Employee\)/,
    ],
    [
      "a property name that is not an identifier (paths are written response.a.b)",
      (s: any) => (s.Currency.properties["iso-code"] = { type: "string" }),
      /Currency: property name "iso-code" is not an identifier/,
    ],
    [
      "a reference to a missing schema",
      (s: any) => (s.Case.properties.members.items.$ref = "#/components/schemas/Nobody"),
      /no schema named Nobody/,
    ],
  ])("rejects %s, naming where", (_name, change, message) => {
    expect(() => tableWith(change)).toThrow(message);
  });

  it("ignores documentation, x- extensions and known formats, and schemas nobody validates", () => {
    const plain = tableWith(() => {});
    const documented = tableWith((s) => {
      Object.assign(s.Employee.properties.id, { title: "ID", example: "x", "x-note": 1 });
      s.Employee.properties.id.format = "uuid";
      s.ErrorDetail.properties.message.minLength = 1; // ErrorDetail is not validated
    });
    expect(documented).toEqual(plain);
  });

  it("makes `npm run generate` fail with the reason, writing nothing", () => {
    const dir = mkdtempSync(join(tmpdir(), "validator-table-"));
    try {
      const spec = parse(specText);
      schemasOf(spec).Case.properties.title.minLength = 1;
      const file = join(dir, "spec.yaml");
      writeFileSync(file, stringify(spec));
      const run = spawnSync(
        process.execPath,
        [join(root, "scripts/generate.mjs"), "--check", "--spec", file],
        { encoding: "utf8" },
      );
      expect(run.status).toBe(1);
      expect(run.stderr).toMatch(
        /^npm run generate: #\/components\/schemas\/Case\/properties\/title: unsupported keyword `minLength` for type string\. /,
      );
      expect(run.stdout).toBe("");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
