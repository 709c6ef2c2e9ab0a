// One versioning rule (CONTRIBUTING.md#versions): before 1.0 the minor is the major. Every pending
// changeset follows it, and the other documents point to it rather than state another rule.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const root = join(__dirname, "..");
const read = (file: string) => readFileSync(join(root, file), "utf8");
const version = JSON.parse(read("package.json")).version as string;
const changesets = readdirSync(join(root, ".changeset"))
  .filter((name) => name.endsWith(".md") && name !== "README.md")
  .map((name) => {
    const text = read(`.changeset/${name}`);
    return { name, bump: /"onlyoffice-crm-client": (\w+)/.exec(text)?.[1], text };
  });

describe("versions", () => {
  it("CONTRIBUTING.md states the rule", () => {
    expect(read("CONTRIBUTING.md")).toMatch(/## Versions[\s\S]*before 1\.0 the minor is the major/);
  });

  it.each(changesets.map((c) => [c.name, c] as const))("%s has the bump the rule asks", (_, c) => {
    expect(["patch", "minor", "major"]).toContain(c.bump);
    if (version.startsWith("0.")) {
      // A major before 1.0 would publish 1.0.0; a breaking change is a minor.
      expect(c.bump).not.toBe("major");
      if (c.text.includes("**Breaking:**")) expect(c.bump).toBe("minor");
    } else if (c.text.includes("**Breaking:**")) expect(c.bump).toBe("major");
  });

  it("the README and .changeset/README.md point to the rule and do not call a 0.x break major", () => {
    for (const file of ["README.md", ".changeset/README.md"]) {
      const text = read(file);
      expect(text).toContain("CONTRIBUTING.md#versions");
      expect(text).not.toMatch(/breaking[^.]*\*\*major\*\*/i);
    }
  });
});
