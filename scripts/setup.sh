#!/usr/bin/env bash
# Everything a fresh clone needs before `npm test`: the npm packages from the lock file, the
# OpenAPI Generator JAR (through Maven; Java 17 runs it), and Chromium for the browser tests
# (Debian package, installed as root). A missing tool stops it with one line saying what to install.
set -euo pipefail
cd "$(dirname "$0")/.."

missing() {
  echo "setup: $1" >&2
  exit 1
}

command -v node >/dev/null 2>&1 || missing "node is missing: install Node.js 20 or later"
[ "$(node -p 'process.versions.node.split(".")[0]')" -ge 20 ] ||
  missing "Node.js $(node -v) is too old: install Node.js 20 or later"
command -v java >/dev/null 2>&1 ||
  missing "java is missing: install a Java 17 JDK (Debian: apt-get install openjdk-17-jdk-headless); OpenAPI Generator runs on it"
command -v mvn >/dev/null 2>&1 ||
  missing "mvn is missing: install Maven (Debian: apt-get install maven); it fetches the OpenAPI Generator JAR"

npm ci --no-audit --no-fund
node scripts/fetch-generator-jar.mjs

# CHROMIUM_PATH points the browser test at another Chromium (CI on GitHub: Google Chrome).
if [ -n "${CHROMIUM_PATH:-}" ] && [ -x "$CHROMIUM_PATH" ]; then
  :
elif ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  elif [ "$(id -u)" != 0 ]; then
    missing "Chromium is missing and installing it needs root: run 'sudo apt-get install chromium', or set CHROMIUM_PATH to a Chromium or Chrome"
  else
    missing "Chromium is missing and there is no apt-get: install Chromium, or set CHROMIUM_PATH to a Chromium or Chrome"
  fi
fi
echo "setup: done"
