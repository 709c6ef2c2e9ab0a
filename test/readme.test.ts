// The README is the guide: its set-up commands are scripts of package.json, every ```ts block
// type-checks under --strict as a user's file would (the package's imports resolve to src/), and
// the blocks marked ```ts runnable run against the fake portal. (The per-operation tables live in
// docs/, checked by test/part-docs.test.ts.)
import { buildSync } from "esbuild";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ts from "typescript";
import { startFakePortal } from "../src/testing";
import { run } from "./spec-helpers";

const root = join(__dirname, "..");
const readme = readFileSync(join(root, "README.md"), "utf8");
const blocks = [...readme.matchAll(/^```ts( runnable)?\n([\s\S]*?)^```$/gm)].map((match, i) => ({
  name: `block-${i + 1}.ts`,
  line: readme.slice(0, match.index).split("\n").length,
  runnable: Boolean(match[1]),
  code: match[2]!,
}));
const dir = mkdtempSync(join(tmpdir(), "readme-blocks-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
// Each block is a module of its own (top-level await, no shared names).
for (const block of blocks) writeFileSync(join(dir, block.name), `${block.code}\nexport {};\n`);

const entries = {
  "onlyoffice-crm-client": join(root, "src/index.ts"),
  "onlyoffice-crm-client/testing": join(root, "src/testing/index.ts"),
};

describe("README", () => {
  it("has the two set-up commands of a fresh clone, and they are scripts of package.json", () => {
    const scripts = JSON.parse(readFileSync(join(root, "package.json"), "utf8")).scripts;
    const block = /```sh\n([^`]*npm run demo[\s\S]*?)```/.exec(readme)![1]!;
    expect(block).toMatch(/^npm ci && npm run demo\b/m);
    expect(block).toMatch(/^npm run setup && npm test\b/m);
    for (const name of ["demo", "setup", "test"]) expect(scripts[name]).toBeDefined();
    // Install and a quick start come first, the prerequisites are said, and it stays a guide.
    expect(readme.indexOf("## Install")).toBeLessThan(readme.indexOf("npm run setup"));
    expect(readme.indexOf("## Quick start")).toBeLessThan(readme.indexOf("npm run setup"));
    for (const need of ["Node ≥ 20", "Java 17", "Maven", "root"]) expect(readme).toContain(need);
    expect(readme.split("\n").length).toBeLessThan(400);
  });

  it("has code blocks, some of them runnable", () => {
    expect(blocks.length).toBeGreaterThanOrEqual(5);
    expect(blocks.filter((block) => block.runnable).length).toBeGreaterThanOrEqual(4);
  });

  it("every ts block type-checks under --strict", () => {
    const program = ts.createProgram(
      blocks.map((block) => join(dir, block.name)),
      {
        strict: true,
        noEmit: true,
        target: ts.ScriptTarget.ES2022,
        module: ts.ModuleKind.ESNext,
        moduleResolution: ts.ModuleResolutionKind.Bundler,
        lib: ["lib.es2022.d.ts", "lib.dom.d.ts"],
        types: ["node"],
        typeRoots: [join(root, "node_modules/@types")],
        skipLibCheck: true,
        paths: Object.fromEntries(Object.entries(entries).map(([name, file]) => [name, [file]])),
      },
    );
    const problems = ts
      .getPreEmitDiagnostics(program)
      .filter((d) => d.file?.fileName.startsWith(dir))
      .map((d) => {
        const block = blocks.find((b) => d.file!.fileName.endsWith(b.name))!;
        const { line } = d.file!.getLineAndCharacterOfPosition(d.start ?? 0);
        const text = ts.flattenDiagnosticMessageText(d.messageText, "\n");
        return `README.md:${block.line + 1 + line}: ${text}`;
      });
    expect(problems).toEqual([]);
  }, 60_000);

  it.each(blocks.filter((block) => block.runnable).map((block) => [block.line, block] as const))(
    "the runnable block at line %i runs against the fake portal",
    async (_line, block) => {
      const bundle = buildSync({
        entryPoints: [join(dir, block.name)],
        bundle: true,
        write: false,
        platform: "node",
        format: "esm",
        target: "node20",
        alias: entries,
        logLevel: "error",
      });
      const file = join(dir, block.name.replace(/\.ts$/, ".mjs"));
      writeFileSync(file, bundle.outputFiles[0]!.text);
      const portal = await startFakePortal();
      try {
        const result = await run("node", [file], {
          env: { ONLYOFFICE_URL: portal.url, ONLYOFFICE_TOKEN: portal.token },
        });
        expect(result.stderr).toBe("");
        expect(result.code).toBe(0);
        expect(result.stdout).not.toBe("");
      } finally {
        await portal.close();
      }
    },
    30_000,
  );
});
