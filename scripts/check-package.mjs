// Checks the package as npm would ship it: publint for package.json/exports mistakes, and
// Are the Types Wrong for types that resolve differently under import and require.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const bin = (name) => join(root, "node_modules/.bin", name);
const run = (command, args) => execFileSync(command, args, { cwd: root, stdio: "inherit" });

const dir = mkdtempSync(join(tmpdir(), "crm-pack-"));
try {
  run("npm", ["pack", "--silent", "--pack-destination", dir]); // prepack builds dist/
  const tarball = join(
    dir,
    readdirSync(dir).find((name) => name.endsWith(".tgz")),
  );
  run(bin("publint"), ["run", "--strict", "--pack", "npm"]);
  run(bin("attw"), [tarball, "--profile", "node16"]);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
