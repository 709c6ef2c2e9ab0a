// Property-based tests (fast-check): the caseId guard, and the response validator (the generated
// table walked by src/core/validate.ts) against Cases built from the spec itself, with Ajv as the oracle.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import Ajv from "ajv";
import fc from "fast-check";
import { parse } from "yaml";
import { AuthenticationToken, Case } from "../generated/validate";
import { nullableToAnyOf, validatorSchemas } from "../scripts/json-schema.cjs";
import { createCrmClient } from "../src";
import { id } from "../src/core/guards";

/** The guard every ID goes through (the case ID, the contact ID, …). */
const assertCaseId = (value: unknown) => id("caseId", value);
import { firstProblem, type Schema as Table } from "../src/core/validate";

const INT32_MAX = 2 ** 31 - 1;

describe("the ID guard", () => {
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
    // nullableToAnyOf turns the spec's `{nullable: true, enum: [null]}` branch into an anyOf
    // whose only non-null branch accepts nothing else: it is the "null" branch.
    const types = branches.map((b: Schema) =>
      b.anyOf?.some((x: Schema) => x.type === "null") ? "null" : b.type,
    );
    const taken =
      value === null
        ? []
        : typedLocations(
            branches[types.indexOf(types.find((t: string) => t !== "null"))]!,
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

/** `/members/1/currency` → `response.members[1].currency`. */
function jsonPath(pointer: string): string {
  return pointer
    .split("/")
    .slice(1)
    .reduce((path, key) => (/^\d+$/.test(key) ? `${path}[${key}]` : `${path}.${key}`), "response");
}

const isValid = (table: Table, value: unknown) => firstProblem(table, value) === undefined;

const arbitraryCase = arbitrary(defs.Case!);

describe("the Case validator", () => {
  it("accepts every Case built from the spec (with unknown extra properties)", () => {
    fc.assert(
      fc.property(arbitraryCase, (value) => {
        expect(firstProblem(Case, value)).toBeUndefined();
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
        const { path, problem } = firstProblem(Case, broken) ?? { path: "", problem: "passed" };
        expect(path).toBe(jsonPath(pointer));
        // Every integer in the spec is an int32, and the validator says so.
        const expected = types.map((type) => (type === "integer" ? "int32" : type)).join(" or ");
        expect(problem).toMatch(new RegExp(`^must be ${expected} \\(got `));
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
        expect(firstProblem(Case, broken)).toEqual({
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
        expect(isValid(Case, value)).toBe(reference(value));
      }),
      { numRuns: 300 },
    );
  });
});

// ---- Differential: the same verdict as Ajv on the JSON Schemas derived from the spec ----

/** Ajv, as the old generator configured it, on `validatorSchemas()` (nullable → anyOf null). */
function oracle(name: string): (value: unknown) => boolean {
  const ajv = new Ajv({
    strict: true,
    allErrors: false,
    validateFormats: false,
    unicodeRegExp: false,
    schemas: [{ $id: "spec", $defs: validatorSchemas(spec) }],
  });
  const validate = ajv.getSchema(`spec#/$defs/${name}`)!;
  return (value) => validate(value) as boolean;
}

type Keys = (string | number)[];

/** Unknown properties that `arbitrary` and `mutate` add: their insides are not worth damaging. */
const EXTRAS = new Set(["extraA", "zz_future", "zz-dash"]);

/** Every location in `value` outside unknown properties, as its keys from the root (root: []). */
function locations(value: unknown, keys: Keys = []): Keys[] {
  if (typeof value !== "object" || value === null) return [keys];
  return [
    keys,
    ...Object.entries(value).flatMap(([key, item]) =>
      EXTRAS.has(key) ? [] : locations(item, [...keys, key]),
    ),
  ];
}

const getAt = (root: unknown, keys: Keys): unknown =>
  keys.reduce((node: any, key) => node?.[key], root);

/** Values that break a schema somewhere: wrong types, null, ints beyond int32 or an enum, dates. */
const junk = fc.oneof(
  fc.constantFrom(null, true, false, 0, 1, 7, -1, 1.5, "", "x", [], {}, "2024-03-05T14:07:31Z"),
  fc.constantFrom(2 ** 31 - 1, 2 ** 31, -(2 ** 31), -(2 ** 31) - 1, Number.MAX_SAFE_INTEGER),
  fc.integer({ min: -10, max: 10 }),
  fc.string({ maxLength: 4 }),
  fc.jsonValue({ maxDepth: 2 }),
);

type Mutation =
  | { kind: "set"; at: number; junk: unknown }
  | { kind: "delete"; at: number }
  | { kind: "extra"; at: number; key: string; junk: unknown };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant("set" as const), at: fc.nat(), junk }),
  fc.record({ kind: fc.constant("delete" as const), at: fc.nat() }),
  fc.record({
    kind: fc.constant("extra" as const),
    at: fc.nat(),
    key: fc.constantFrom("zz_future", "zz-dash", "title", "id"),
    junk,
  }),
);

/** Applies each mutation to a location picked among the value's current ones. */
function mutate(value: unknown, mutations: Mutation[]): unknown {
  let root = structuredClone(value);
  for (const m of mutations) {
    const all = locations(root);
    const keys = all[m.at % all.length]!;
    if (m.kind === "extra") {
      const target = getAt(root, keys);
      if (typeof target === "object" && target !== null && !Array.isArray(target)) {
        (target as Record<string, unknown>)[m.key] = structuredClone(m.junk);
      }
    } else if (keys.length === 0) {
      if (m.kind === "set") root = structuredClone(m.junk);
    } else {
      const parent = getAt(root, keys.slice(0, -1)) as Record<string | number, unknown>;
      const last = keys.at(-1)!;
      if (m.kind === "set") parent[last] = structuredClone(m.junk);
      else if (!Array.isArray(parent)) delete parent[last];
    }
  }
  return root;
}

describe("the validator agrees with Ajv (differential)", () => {
  it.each([
    ["Case", Case],
    ["AuthenticationToken", AuthenticationToken],
  ] as const)("%s: the same verdict on valid and mutated values", (name, table) => {
    const reference = oracle(name);
    const values = arbitrary(defs[name]!).chain((value) =>
      fc.array(mutation, { maxLength: 3 }).map((mutations) => mutate(value, mutations)),
    );
    let invalid = 0;
    fc.assert(
      fc.property(values, (value) => {
        const expected = reference(value);
        if (!expected) invalid++;
        expect(isValid(table, value)).toBe(expected);
      }),
      { numRuns: 1000 },
    );
    expect(invalid).toBeGreaterThan(100); // the mutations do break things
  });
});
