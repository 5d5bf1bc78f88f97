#!/usr/bin/env bash
# Lints the OpenAPI documents a real node served (written by OpenApiDocumentSpecs into the folder
# given as $1) with Redocly CLI (recommended rules) and Spectral (spectral:oas). Installs the pinned
# npm packages (package-lock.json) first if they are missing. Prints one line per check, then
# "contract lint: N passed, N failed" (test.sh reads the counts); exits non-zero on any error.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
documents="$(cd "${1:?usage: lint.sh <folder with public.json and admin.json>}" && pwd)" || exit 1
cd "$here"

if [ ! -x node_modules/.bin/redocly ] || [ ! -x node_modules/.bin/spectral ]; then
  npm ci --no-audit --no-fund --prefer-offline --loglevel=error >&2 \
    || { echo "contract lint: could not install the pinned npm packages"; echo "contract lint: 0 passed, 1 failed"; exit 1; }
fi

passed=0
failed=0
check() { # name, command...
  local name="$1"; shift
  if "$@" >"$documents/$name.log" 2>&1; then
    passed=$((passed + 1)); echo "contract lint: $name: 0 errors"
  else
    failed=$((failed + 1)); echo "contract lint: $name: FAILED"; cat "$documents/$name.log"
  fi
}
for doc in public admin; do
  if [ ! -s "$documents/$doc.json" ]; then
    failed=$((failed + 1)); echo "contract lint: $documents/$doc.json was not written (did OpenApiDocumentSpecs run?)"
    continue
  fi
  check "redocly-$doc" node_modules/.bin/redocly lint --config redocly.yaml --format=stylish "$documents/$doc.json"
  check "spectral-$doc" node_modules/.bin/spectral lint --ruleset .spectral.yaml --fail-severity error "$documents/$doc.json"
done
echo "contract lint: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
