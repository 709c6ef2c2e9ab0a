// Headless Chromium for the browser tests: Debian's package (or CHROMIUM_PATH, e.g. Google Chrome
// on GitHub's runners), driven by playwright-core. The flags keep it from reaching for the
// network on its own: only package registries are reachable here, and tests must not depend on more.
import { chromium, type BrowserContext } from "playwright-core";

export const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

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
