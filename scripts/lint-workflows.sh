#!/usr/bin/env bash
# `npm run lint:workflows`: actionlint over .github/workflows/, built from the Go module proxy
# into .tools/bin/ the first time (needs Go >= 1.25). With `shellcheck` on PATH, actionlint also
# checks every `run:` script (Debian/Ubuntu: apt-get install shellcheck).
set -euo pipefail
cd "$(dirname "$0")/.."

version=v1.7.12
bin=.tools/bin/actionlint
if ! [ -x "$bin" ] || ! "$bin" --version | grep -qx "$version"; then
  echo "lint:workflows: building actionlint $version into .tools/bin" >&2
  GOBIN="$PWD/.tools/bin" go install "github.com/rhysd/actionlint/cmd/actionlint@$version"
fi
if ! command -v shellcheck >/dev/null 2>&1; then
  echo "lint:workflows: shellcheck not found, run: scripts are not checked" >&2
fi
"$bin" "$@"
echo "lint:workflows: $(find .github/workflows -name '*.yml' | wc -l) workflows OK"
