// Headless Chromium for the browser tests: Debian's package (or CHROMIUM_PATH, e.g. Google Chrome
// on GitHub's runners), driven by playwright-core. The flags keep it from reaching for the
// network on its own: only package registries are reachable here, and tests must not depend on more.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { build } from "esbuild";
import { chromium, type BrowserContext } from "playwright-core";

export const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const root = join(__dirname, "..");

/**
 * `source` (an app importing the built `dist/index.mjs`) bundled for the browser platform, so a
 * `node:` import would fail it. Fails first when dist/ or Chromium is missing.
 */
export async function browserApp(source: string): Promise<string> {
  if (!existsSync(join(root, "dist/index.mjs"))) {
    throw new Error("dist/ is missing: run `npm run build` first");
  }
  if (!existsSync(chromiumPath)) {
    throw new Error(`Chromium is missing at ${chromiumPath}: run \`npm run setup\``);
  }
  const bundle = await build({
    stdin: { contents: source, resolveDir: root, loader: "js" },
    bundle: true,
    platform: "browser",
    format: "esm",
    target: "es2022",
    write: false,
    logLevel: "silent",
  });
  return bundle.outputFiles[0]!.text;
}

/** A headless Chromium with a fresh profile in `userDataDir`. */
export function launchChromium(userDataDir: string): Promise<BrowserContext> {
  return chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--no-first-run",
    ],
  });
}
