// Packs the package and uses the tarball from a fresh project: import, require and tsc --strict.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const root = join(__dirname, "..");
let project: string;

function run(command: string, args: string[], cwd = project): string {
  return execFileSync(command, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

const reopenThroughThePackage = (load: string) => `
${load}
(async () => {
  const portal = await startFakePortal();
  try {
    const crm = createCrmClient({ baseUrl: portal.url, token: portal.token });
    const c = await crm.reopenCase(42);
    const error = await crm.reopenCase(404404).catch((e) => e);
    console.log(JSON.stringify({ id: c.id, isClosed: c.isClosed, read: ShareType.Read, notFound: error instanceof NotFoundError }));
  } finally {
    await portal.close();
  }
})();
`;

beforeAll(() => {
  if (!existsSync(join(root, "dist/index.mjs")))
    throw new Error("dist/ is missing: run `npm run build` first");
  project = mkdtempSync(join(tmpdir(), "crm-consumer-"));
  run("npm", ["pack", "--ignore-scripts", "--silent", "--pack-destination", project], root);
  const tarball = readdirSync(project).find((name) => name.endsWith(".tgz"));
  writeFileSync(join(project, "package.json"), JSON.stringify({ name: "consumer", private: true }));
  run("npm", [
    "install",
    "--prefer-offline",
    "--no-audit",
    "--no-fund",
    `./${tarball}`,
    "typescript@~5.9.3",
    "@types/node@^20",
  ]);
}, 180_000);

afterAll(() => project && rmSync(project, { recursive: true, force: true }));

const expected = { id: 42, isClosed: false, read: 2, notFound: true };

it("works from import (ESM)", () => {
  writeFileSync(
    join(project, "esm.mjs"),
    reopenThroughThePackage(`import { createCrmClient, ShareType, NotFoundError } from "onlyoffice-crm-client";
import { startFakePortal } from "onlyoffice-crm-client/testing";`),
  );
  expect(JSON.parse(run("node", ["esm.mjs"]))).toEqual(expected);
});

it("works from require (CommonJS)", () => {
  writeFileSync(
    join(project, "cjs.cjs"),
    reopenThroughThePackage(`const { createCrmClient, ShareType, NotFoundError } = require("onlyoffice-crm-client");
const { startFakePortal } = require("onlyoffice-crm-client/testing");`),
  );
  expect(JSON.parse(run("node", ["cjs.cjs"]))).toEqual(expected);
});

it("installs the onlyoffice-crm command (package.json bin)", () => {
  const { version } = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
  expect(run("npx", ["--no", "--", "onlyoffice-crm", "--version"])).toBe(`${version}\n`);
});

it("type-checks under tsc --strict, and wrong use does not", () => {
  writeFileSync(
    join(project, "consumer.ts"),
    `import { createCrmClient, ShareType, type Case } from "onlyoffice-crm-client";
const crm = createCrmClient({ baseUrl: "https://portal.example.com", token: "t" });
export async function use(): Promise<boolean> {
  const c: Case = await crm.reopenCase(42);
  const share: ShareType | undefined = c.members[0]?.shareType;
  // @ts-expect-error a string ID is a compile error
  await crm.reopenCase("42");
  // @ts-expect-error PascalCase names from the reference page do not exist
  void c.IsClosed;
  return c.isClosed && share === ShareType.Read;
}
`,
  );
  const tsc = join(project, "node_modules/.bin/tsc");
  const flags = [
    "--strict",
    "--noEmit",
    "--module",
    "nodenext",
    "--moduleResolution",
    "nodenext",
    "--target",
    "es2022",
    "--lib",
    "es2022,dom",
  ];
  for (const type of ["module", "commonjs"]) {
    writeFileSync(
      join(project, "package.json"),
      JSON.stringify({ name: "consumer", private: true, type }),
    );
    expect(run(tsc, [...flags, "consumer.ts"])).toBe("");
  }
  // Without the expectations, the two wrong lines must fail to compile.
  writeFileSync(
    join(project, "wrong.ts"),
    "import { createCrmClient } from 'onlyoffice-crm-client';\nvoid createCrmClient().reopenCase('42');\n",
  );
  const failure = (() => {
    try {
      return run(tsc, [...flags, "wrong.ts"]);
    } catch (error) {
      return String((error as { stdout?: string }).stdout);
    }
  })();
  expect(failure).toMatch(/wrong\.ts\(2,\d+\): error TS2345/);
});
