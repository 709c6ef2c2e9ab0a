// The pages under docs/ are generated from the spec and the parts' lines (scripts/part-docs.cjs):
// rendered again here, they must equal what is committed, and they must show every operation and
// method with the route and the retry rule the client uses (held against generated/operations.ts).
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import * as generated from "../generated/operations";
import { API, IDEMPOTENT, METHODS, type Operation } from "../generated/operations";
import * as api from "../src/index";
import { ALL_AREAS } from "../src/client";
import type { Area } from "../src/core/shapes";
import { areasOf, slug } from "../scripts/part-docs.cjs";
import { run } from "./spec-helpers";

const root = join(__dirname, "..");
const read = (file: string) => readFileSync(join(root, file), "utf8");
const spec = parse(read("openapi/onlyoffice-crm.yaml")) as {
  tags: { name: string }[];
  paths: Record<
    string,
    Record<string, { operationId?: string; tags?: string[]; "x-refuses"?: string[] }>
  >;
};
const areas = areasOf(api) as Record<string, Area>;

/** Every table of the generated file, together. */
const operations: Record<string, Operation> = Object.assign(
  {},
  ...Object.entries(generated)
    .filter(([name]) => name.endsWith("Operations"))
    .map(([, table]) => table),
);
const tagOf: Record<string, string> = {};
const refuses: Record<string, string[]> = {};
for (const item of Object.values(spec.paths)) {
  for (const op of Object.values(item)) {
    if (!op.operationId) continue;
    tagOf[op.operationId] = op.tags![0]!;
    refuses[op.operationId] = op["x-refuses"] ?? [];
  }
}

/** The committed pages (the first test holds them equal to what the generator makes now). */
const page = (tag: string) => read(`docs/${slug(tag)}.md`);

describe("docs/ pages", () => {
  // Rendered again in a child process (prettier formats them, and it cannot load inside jest).
  it("are up to date with the spec and the parts (npm run docs:parts)", async () => {
    const result = await run("node", ["scripts/part-docs.mjs", "--check"]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
  }, 60_000);

  it("are one page per tag, each listed in docs/index.md and linked from the README", () => {
    const index = read("docs/index.md");
    const readme = read("README.md");
    for (const { name } of spec.tags) {
      expect(existsSync(join(root, "docs", `${slug(name)}.md`))).toBe(true);
      expect(index).toContain(`](${slug(name)}.md)`);
      expect(readme).toContain(`](docs/${slug(name)}.md)`);
    }
  });

  it("every part of the client is exported and documented (ALL_AREAS)", () => {
    expect(new Set(Object.values(areas))).toEqual(new Set(ALL_AREAS));
  });

  it("name every operation of the spec", () => {
    const all = spec.tags.map(({ name }) => page(name)).join("\n");
    for (const id of Object.keys(tagOf)) expect(all).toContain(`\`${id}\``);
  });

  it("show every method with its route and retry rule, on its operation's page", () => {
    for (const area of Object.values(areas)) {
      for (const method of Object.keys(area.lines)) {
        const id = area.of?.[method] ?? method;
        const [path, flags] = operations[id]!;
        const row = page(tagOf[id]!)
          .split("\n")
          .find((line) => line.startsWith(`| \`${method}(`));
        expect(row).toBeDefined();
        const cells = row!.split(/(?<!\\)\|/).map((cell) => cell.trim());
        let route = (API + path).replace("/api/2.0/crm/", "");
        for (const [name, value] of Object.entries(area.bound?.[method] ?? {}))
          route = route.replace(`{${name}}`, String(value));
        expect(cells[3]).toBe(`\`${METHODS[flags >> 3]} ${route}\` (\`${id}\`)`);
        expect(cells[5]).toBe(flags & IDEMPOTENT ? "any" : "refused");
        // Every sentence of the operation's x-refuses, in its row.
        const sentences = refuses[id]!.map((text) => text.replace(/\s+/g, " ").trim());
        expect(cells[6]!.split("<br>").map((text) => text.replace(/\\\|/g, "|"))).toEqual(
          sentences.length ? sentences : ["–"],
        );
      }
    }
  });
});
