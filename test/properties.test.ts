// Property-based tests (fast-check): the caseId guard, and the generated response validator
// against Cases built from the spec itself.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import Ajv from "ajv";
import fc from "fast-check";
import { parse } from "yaml";
import { validateCase } from "../generated/validate";
import { nullableToAnyOf, validatorSchemas } from "../scripts/json-schema.cjs";
import { createCrmClient } from "../src";
import { assertCaseId } from "../src/guards";
import { describeIssue, jsonPath } from "../src/response";

const INT32_MAX = 2 ** 31 - 1;

describe("the caseId guard", () => {
  it("accepts every positive int32", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: INT32_MAX }), (id) => {
        expect(() => assertCaseId(id)).not.toThrow();
      }),
    );
  });

  const badNumber = fc.oneof(
    fc.integer({ min: -(2 ** 31), max: 0 }),
    fc.integer({ min: 2 ** 31, max: Number.MAX_SAFE_INTEGER }),
    fc.double().filter((n) => !(Number.isInteger(n) && n >= 1 && n <= INT32_MAX)),
    fc.constantFrom(0, -0, Number.NaN, Infinity, -Infinity, 2 ** 31, 0.5, 1e-300),
  );
  const notANumber = fc.oneof(
    fc.string(),
    fc.bigInt(),
    fc.constantFrom(null, undefined, true, false, Symbol("id")),
    fc.object(),
    fc.array(fc.integer()),
    fc.integer({ min: 1, max: INT32_MAX }).map((n) => String(n)),
    fc.integer({ min: 1, max: INT32_MAX }).map((n) => BigInt(n)),
  );

  it("throws RangeError for any other number, TypeError for any non-number", () => {
    fc.assert(
      fc.property(badNumber, (id) => void expect(() => assertCaseId(id)).toThrow(RangeError)),
    );
    fc.assert(
      fc.property(notANumber, (id) => void expect(() => assertCaseId(id)).toThrow(TypeError)),
    );
  });

  it("reopenCase sends nothing for a bad id", async () => {
    let sent = 0;
    const crm = createCrmClient({
      baseUrl: "https://portal.example.com",
      token: "T",
      fetch: async () => (sent++, new Response("{}")),
    });
    await fc.assert(
      fc.asyncProperty(fc.oneof(badNumber, notANumber), async (id) => {
        await expect(crm.reopenCase(id as number)).rejects.toThrow(/caseId must be/);
      }),
      { numRuns: 200 },
    );
    expect(sent).toBe(0);
  });
});

// ---- Arbitrary values built from the spec's own schemas ----

type Schema = Record<string, any>;
const spec = parse(readFileSync(join(__dirname, "../openapi/onlyoffice-crm.yaml"), "utf8"));
const defs: Record<string, Schema> = validatorSchemas(spec);

function resolve(schema: Schema): Schema {
  if (schema.$ref) return resolve(defs[String(schema.$ref).replace("#/$defs/", "")]!);
  if (schema.allOf?.length === 1) return resolve(schema.allOf[0]);
  return schema;
}

/** Values that match `schema`, with the optional properties sometimes left out and unknown ones added. */
function arbitrary(input: Schema): fc.Arbitrary<unknown> {
  const schema = resolve(input);
  if (schema.anyOf) return fc.oneof(...schema.anyOf.map(arbitrary));
  if (schema.enum) return fc.constantFrom(...schema.enum);
  switch (schema.type) {
    case "null":
      return fc.constant(null);
    case "boolean":
      return fc.boolean();
    case "integer":
      return fc.integer({ min: schema.minimum, max: schema.maximum });
    case "string":
      return schema.pattern ? fc.stringMatching(new RegExp(schema.pattern)) : fc.string();
    case "array":
      return fc.array(arbitrary(schema.items), { maxLength: 3 });
    case "object": {
      const known = fc.record(
        Object.fromEntries(
          Object.entries(schema.properties ?? {}).map(([k, v]) => [k, arbitrary(v as Schema)]),
        ),
        { requiredKeys: schema.required ?? [] },
      );
      const extra = fc.dictionary(fc.constantFrom("extraA", "zz_future"), fc.jsonValue(), {
        maxKeys: 1,
      });
      return fc.tuple(known, extra).map(([k, e]) => ({ ...e, ...k }));
    }
    default:
      throw new Error(`no arbitrary for ${JSON.stringify(schema)}`);
  }
}

/** Every location in `value` that its schema types: [JSON pointer, the types allowed there]. */
function typedLocations(input: Schema, value: unknown, pointer = ""): [string, string[]][] {
  const schema = resolve(input);
  if (schema.anyOf) {
    const branches = schema.anyOf.map(resolve);
    const types = branches.map((b: Schema) => b.type);
    const taken =
      value === null
        ? []
        : typedLocations(
            branches.find((b: Schema) => b.type !== "null")!,
            value,
            pointer,
          );
    return [[pointer, types], ...taken.filter(([p]) => p !== pointer)];
  }
  const here: [string, string[]][] = [[pointer, [schema.type]]];
  if (schema.type === "array") {
    (value as unknown[]).forEach((item, i) =>
      here.push(...typedLocations(schema.items, item, `${pointer}/${i}`)),
    );
  }
  if (schema.type === "object") {
    for (const [key, sub] of Object.entries(schema.properties ?? {})) {
      if ((value as Record<string, unknown>)[key] !== undefined) {
        here.push(
          ...typedLocations(
            sub as Schema,
            (value as Record<string, unknown>)[key],
            `${pointer}/${key}`,
          ),
        );
      }
    }
  }
  return here;
}

/** A value that none of `types` accepts. */
function wrongFor(types: string[]): unknown {
  return types.includes("string") ? 12345 : types.includes("integer") ? "12345" : 1.5;
}

function setAt(root: any, pointer: string, value: unknown): any {
  const keys = pointer.slice(1).split("/");
  const last = keys.pop()!;
  let node = root;
  for (const key of keys) node = node[key];
  node[last] = value;
  return root;
}

const arbitraryCase = arbitrary(defs.Case!);

describe("the generated Case validator", () => {
  it("accepts every Case built from the spec (with unknown extra properties)", () => {
    fc.assert(
      fc.property(arbitraryCase, (value) => {
        expect(validateCase(value) ? [] : validateCase.errors).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it("rejects a wrong-typed value anywhere, naming its JSON path", () => {
    const mutated = arbitraryCase.chain((value) => {
      const locations = typedLocations(defs.Case!, value);
      return fc.constantFrom(...locations).map(([pointer, types]) => ({ value, pointer, types }));
    });
    fc.assert(
      fc.property(mutated, ({ value, pointer, types }) => {
        const broken =
          pointer === ""
            ? wrongFor(types)
            : setAt(structuredClone(value), pointer, wrongFor(types));
        expect(validateCase(broken)).toBe(false);
        const { path, problem } = describeIssue(validateCase.errors ?? [], broken);
        expect(path).toBe(jsonPath(pointer));
        expect(problem).toMatch(new RegExp(`^must be ${types.join(" or ")} \\(got `));
      }),
      { numRuns: 300 },
    );
  });

  it("rejects a missing required property, naming it", () => {
    const withoutOne = arbitraryCase.chain((value) =>
      fc.constantFrom(...(defs.Case!.required as string[])).map((key) => ({ value, key })),
    );
    fc.assert(
      fc.property(withoutOne, ({ value, key }) => {
        const broken = { ...(value as object) } as Record<string, unknown>;
        delete broken[key];
        expect(validateCase(broken)).toBe(false);
        expect(describeIssue(validateCase.errors ?? [], broken)).toEqual({
          path: `response.${key}`,
          problem: "is missing",
        });
      }),
    );
  });

  it("agrees with Ajv compiled from the spec at run time, on arbitrary damage", () => {
    const ajv = new Ajv({ strict: false });
    ajv.addFormat("int32", {
      type: "number",
      validate: (n: number) => Number.isInteger(n) && n >= -(2 ** 31) && n <= INT32_MAX,
    });
    ajv.addFormat("uuid", () => true); // not checked by the client (tolerant reader)
    ajv.addSchema(nullableToAnyOf(spec), "spec");
    const reference = ajv.getSchema("spec#/components/schemas/Case")!;
    const damaged = arbitraryCase.chain((value) => {
      const locations = typedLocations(defs.Case!, value).filter(([p]) => p !== "");
      return fc
        .tuple(
          fc.constantFrom(...locations),
          fc.oneof(fc.jsonValue(), fc.integer({ min: 2 ** 31, max: 2 ** 40 })),
        )
        .map(([[pointer], junk]) => setAt(structuredClone(value), pointer, junk));
    });
    fc.assert(
      fc.property(damaged, (value) => {
        expect(validateCase(value)).toBe(reference(value));
      }),
      { numRuns: 300 },
    );
  });
});
