#!/usr/bin/env bash
# Everything a fresh clone needs before `npm test`: the npm packages from the lock file, the
# OpenAPI Generator JAR (through Maven), and Chromium for the browser tests (Debian package).
set -euo pipefail
cd "$(dirname "$0")/.."

npm ci --no-audit --no-fund
node scripts/fetch-generator-jar.mjs

# CHROMIUM_PATH points the browser test at another Chromium (CI on GitHub: Google Chrome).
if [ -n "${CHROMIUM_PATH:-}" ] && [ -x "$CHROMIUM_PATH" ]; then
  :
elif ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "setup: Chromium is missing; install the 'chromium' package (it runs the browser tests)" >&2
    exit 1
  fi
fi
echo "setup: done"
