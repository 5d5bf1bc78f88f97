#!/usr/bin/env bash
# The README's test command: restores, builds and runs every test project of RealName.sln,
# writes TRX files to artifacts/test-results and ends with one line "N passed, N failed".
# Needs python3 and, for the cluster tests, PostgreSQL; for the page tests Chromium (both installed from Debian if missing).
set -uo pipefail
cd "$(dirname "$0")"

results=artifacts/test-results
rm -rf "$results"
mkdir -p "$results"

dotnet restore RealName.sln --nologo -v quiet || { echo "0 passed, 1 failed"; exit 1; }
dotnet build RealName.sln --no-restore --nologo -v quiet -c Release || { echo "0 passed, 1 failed"; exit 1; }

# The container files cannot run here (no Docker engine); lint the compose file instead, never skip it:
# docker-compose is installed from Debian if missing, and a machine that cannot have it fails the run.
if ! command -v docker-compose >/dev/null 2>&1; then
  echo "installing docker-compose (Debian package) to lint docker/compose.yaml..." >&2
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker-compose) >&2 \
    || { echo "docker-compose is missing and could not be installed: docker/compose.yaml not linted"; echo "0 passed, 1 failed"; exit 1; }
fi
REALNAME_ENCRYPTION_KEY=lint REALNAME_ID_KEY_SECRET=lint docker-compose -f docker/compose.yaml config -q \
  || { echo "docker/compose.yaml is invalid"; echo "0 passed, 1 failed"; exit 1; }
echo "docker/compose.yaml: valid (docker-compose config)"

# Debian's Chromium for the hosted pages' browser tests (Playwright drives /usr/bin/chromium and
# never downloads a browser of its own), with a CJK font so the screenshots show the Chinese text.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
browser_packages=()
command -v chromium >/dev/null 2>&1 || browser_packages+=(chromium)
command -v chromedriver >/dev/null 2>&1 || browser_packages+=(chromium-driver)
[ -d /usr/share/fonts/truetype/wqy ] || browser_packages+=(fonts-wqy-microhei)
if [ ${#browser_packages[@]} -gt 0 ]; then
  echo "installing ${browser_packages[*]} (Debian packages)..." >&2
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${browser_packages[@]}") >&2 \
    || { echo "could not install ${browser_packages[*]}"; echo "0 passed, 1 failed"; exit 1; }
fi

# A real, throwaway PostgreSQL server for the cluster tests; stopped and removed on exit.
source tools/test-postgres.sh
trap pg_test_stop EXIT
pg_test_start || { echo "could not start PostgreSQL for the tests"; echo "0 passed, 1 failed"; exit 1; }

export REALNAME_REPORT_DIR="$PWD/$results"
# -m:1: one test assembly at a time; the cluster specs run three node processes and would starve the others on 2 cores.
status=0
dotnet test RealName.sln --no-build -c Release --nologo -m:1 \
  --logger "trx" --logger "console;verbosity=normal" --results-directory "$results" || status=$?

for report in "$results"/*-report.md; do
  [ -f "$report" ] && { echo; cat "$report"; echo; }
done

passed=0
failed=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0}))
done
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  failed=1 # the run itself failed (crash, timeout) without a failed test in a TRX
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
