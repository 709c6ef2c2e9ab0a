// The README's tables of operations are checked against the spec's generated table, so that the
// route and the retry rule a reader sees are the ones the client uses.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as generated from "../generated/operations";
import { IDEMPOTENT, type Operation } from "../generated/operations";

/** Every table of the generated file, together. */
const operations: Record<string, Operation> = Object.assign(
  {},
  ...Object.entries(generated)
    .filter(([name]) => name.endsWith("Operations"))
    .map(([, table]) => table),
);

const readme = readFileSync(join(__dirname, "../README.md"), "utf8");
const rows = readme.split("\n").filter((line) => line.startsWith("| `"));

describe("README", () => {
  it.each(Object.entries(operations))(
    "documents %s with its route and retry rule",
    (id, [method, path, flags]) => {
      const row = rows.find((line) => line.startsWith(`| \`${id}(`));
      expect(row).toBeDefined();
      const cells = row!.split(/(?<!\\)\|/).map((cell) => cell.trim());
      // A case method of an `{entityType}` route sends `case` there.
      const route = path.replace("/api/2.0/crm/", "").replace("{entityType}", "case");
      expect(cells[2]).toMatch(
        new RegExp(`^\`${method.toUpperCase()} ${route.replace(/[{}]/g, "\\$&")}\``),
      );
      expect(cells[4]).toBe(flags & IDEMPOTENT ? "any" : "refused");
    },
  );

  it("starts with the two set-up commands, and they are scripts of package.json", () => {
    const scripts = JSON.parse(readFileSync(join(__dirname, "../package.json"), "utf8")).scripts;
    const block = /```sh\n([\s\S]*?)```/.exec(readme)![1]!;
    expect(block).toMatch(/^npm ci && npm run demo\b/m);
    expect(block).toMatch(/^npm run setup && npm test\b/m);
    for (const name of ["demo", "setup", "test"]) expect(scripts[name]).toBeDefined();
  });
});
