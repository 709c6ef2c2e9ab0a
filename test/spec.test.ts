// The spec against its own sources: the reference page's fields, and examples that are real.
import { readFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import Ajv from "ajv";
import { parse } from "yaml";
import { nullableToAnyOf } from "../scripts/json-schema.cjs";

type Schema = {
  properties?: Record<string, { description?: string }>;
  "x-enum-varnames"?: string[];
};
const spec = parse(readFileSync(join(__dirname, "../openapi/onlyoffice-crm.yaml"), "utf8"));
const schemas: Record<string, Schema> = spec.components.schemas;

// The seed page lives in the shared folder beside the repository.
const seedPath = join(__dirname, "../../shared/seed/reopen-case-api-doc.txt");
const seedIt = existsSync(seedPath) ? it : it.skip;

describe("the spec covers the reference page", () => {
  seedIt(
    "every field on the page is a property under its camelCase wire name, naming the page's name",
    () => {
      const page = readFileSync(seedPath, "utf8");
      const names = new Set(
        [
          ...page.matchAll(
            /^([A-Z][A-Za-z]*?)(?:array of object|string|boolean|integer|enum of integer|object)/gm,
          ),
        ].map((m) => m[1] as string),
      );
      expect(names.size).toBeGreaterThan(25);
      const documented = Object.values(schemas).flatMap((schema) =>
        Object.entries(schema.properties ?? {}).map(([wire, property]) => ({
          wire,
          description: property.description ?? "",
        })),
      );
      for (const name of names) {
        const wire = name === "ID" ? "id" : name[0]!.toLowerCase() + name.slice(1);
        const match = documented.find(
          (p) => p.wire === wire && p.description.includes(`\`${name}\``),
        );
        expect({ name, found: match !== undefined }).toEqual({ name, found: true });
      }
    },
  );

  seedIt("the enums carry the page's names, in the page's order", () => {
    const page = readFileSync(seedPath, "utf8");
    const lists = [...page.matchAll(/^Can be one of: (.+)\.$/gm)].map((m) => m[1]!.split(", "));
    expect(lists).toContainEqual(schemas.ShareType?.["x-enum-varnames"]);
    expect(lists).toContainEqual(schemas.CustomFieldType?.["x-enum-varnames"]);
  });
});

describe("examples", () => {
  const ajv = new Ajv({ strict: false, allErrors: true });
  ajv.addFormat("int32", {
    type: "number",
    validate: (n: number) => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31,
  });
  ajv.addFormat("uuid", /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
  ajv.addSchema(nullableToAnyOf(spec), "spec");

  it("the reopen example validates against its own schema", () => {
    const validate = ajv.getSchema("spec#/components/schemas/CaseEnvelope")!;
    const example = spec.components.examples.ReopenedPrivateCase.value;
    expect(validate(example) ? [] : validate.errors).toEqual([]);
  });

  it("and the validator is not a pushover: PascalCase or a missing field fails", () => {
    const validate = ajv.getSchema("spec#/components/schemas/Case")!;
    const example = structuredClone(spec.components.examples.ReopenedPrivateCase.value.response);
    delete example.isClosed;
    example.IsClosed = false;
    expect(validate(example)).toBe(false);
    expect(validate.errors?.[0]?.params).toEqual({ missingProperty: "isClosed" });
  });

  it("every example of every response validates against that response's schema", () => {
    const checked: string[] = [];
    const resolve = (value: { $ref?: string }) =>
      value.$ref
        ? value.$ref
            .slice(2)
            .split("/")
            .reduce((node: any, key: string) => node[key], spec)
        : value;
    for (const [path, item] of Object.entries<any>(spec.paths)) {
      for (const [method, operation] of Object.entries<any>(item)) {
        for (const [status, response] of Object.entries<any>(operation.responses)) {
          const media = resolve(response).content?.["application/json"];
          const ref = media?.schema?.$ref as string | undefined;
          if (!ref) continue;
          const validate = ajv.getSchema(`spec${ref}`)!;
          for (const [name, example] of Object.entries<any>(media.examples ?? {})) {
            const where = `${method.toUpperCase()} ${path} ${status} ${name}`;
            const valid = validate(resolve(example).value);
            expect({ where, errors: valid ? [] : validate.errors }).toEqual({ where, errors: [] });
            checked.push(where);
          }
        }
      }
    }
    expect(checked).toEqual(
      expect.arrayContaining([
        "POST /api/2.0/authentication 201 signedIn",
        "POST /api/2.0/authentication 201 twoFactorApp",
        "POST /api/2.0/authentication 201 twoFactorSms",
        "POST /api/2.0/authentication 500 wrongCredentials",
        "GET /api/2.0/crm/case/{caseid} 200 privateCase",
        "PUT /api/2.0/crm/case/{caseid}/close 200 privateCase",
      ]),
    );
  });

  it("the 404 example validates against the error envelope", () => {
    const validate = ajv.getSchema("spec#/components/schemas/ErrorEnvelope")!;
    expect(
      validate(
        spec.components.responses.NotFound.content["application/json"].examples.notFound.value,
      ),
    ).toBe(true);
  });
});
