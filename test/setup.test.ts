// A fresh clone's set-up says in one line which tool is missing, instead of a stack trace
// (`spawnSync mvn ENOENT`). Run with a PATH that holds node and only the tools each case has.
import {
  chmodSync,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execFileSync } from "node:child_process";
import { repo, run } from "./spec-helpers";

const dir = mkdtempSync(join(tmpdir(), "setup-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A directory for PATH with node, bash's helpers, and a stand-in for each of `tools`. */
function pathWith(name: string, tools: string[]): string {
  const bin = join(dir, name);
  mkdirSync(bin);
  for (const tool of ["node", "dirname"]) {
    symlinkSync(
      execFileSync("bash", ["-c", `command -v ${tool}`], { encoding: "utf8" }).trim(),
      join(bin, tool),
    );
  }
  for (const tool of tools) {
    writeFileSync(join(bin, tool), "#!/bin/sh\nexit 0\n");
    chmodSync(join(bin, tool), 0o755);
  }
  return bin;
}

const bash = execFileSync("bash", ["-c", "command -v bash"], { encoding: "utf8" }).trim();

it.each([
  ["java", [], /^setup: java is missing: install a Java 17 JDK/],
  ["mvn", ["java"], /^setup: mvn is missing: install Maven/],
] as const)(
  "npm run setup without %s says what to install, in one line",
  async (name, tools, line) => {
    const result = await run(bash, [join(repo, "scripts/setup.sh")], {
      env: { PATH: pathWith(`no-${name}`, [...tools]) },
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(line);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(result.stdout).toBe(""); // it stopped before npm ci
  },
);

it("fetching the generator JAR without mvn says what to install, in one line", async () => {
  // A copy of the script in a tree of its own, so that no JAR is there yet.
  const root = join(dir, "clone");
  mkdirSync(join(root, "scripts"), { recursive: true });
  copyFileSync(
    join(repo, "scripts/fetch-generator-jar.mjs"),
    join(root, "scripts/fetch-generator-jar.mjs"),
  );
  copyFileSync(join(repo, "openapitools.json"), join(root, "openapitools.json"));
  const result = await run("node", [join(root, "scripts/fetch-generator-jar.mjs")], {
    env: { PATH: pathWith("no-mvn-jar", []) },
  });
  expect(result.code).toBe(1);
  expect(result.stderr.trim()).toMatch(/^spec:jar: mvn is missing: install Maven/);
  expect(result.stderr.trim().split("\n")).toHaveLength(1);
});
