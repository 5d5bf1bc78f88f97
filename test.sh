#!/usr/bin/env bash
# The README's test command: restores, builds and runs every test project of RealName.sln,
# writes TRX files to artifacts/test-results and ends with one line "N passed, N failed".
# Needs python3, curl and openssl (the README's curl walkthroughs run as a spec) and, for the cluster tests, PostgreSQL; for the page tests Chromium (both installed from Debian if missing);
# for the contract lint node and npm (the pinned packages of tools/contract-lint come from the npm registry).
set -uo pipefail
cd "$(dirname "$0")"

results=artifacts/test-results
rm -rf "$results"
mkdir -p "$results"

dotnet restore RealName.sln --nologo -v quiet || { echo "0 passed, 1 failed"; exit 1; }
dotnet build RealName.sln --no-restore --nologo -v quiet -c Release || { echo "0 passed, 1 failed"; exit 1; }

# House style: the code is as `dotnet format` leaves it (whitespace, usings); one check in the totals.
format_passed=0
format_failed=0
if dotnet format RealName.sln --verify-no-changes --no-restore -v quiet; then
  format_passed=1
  echo "dotnet format: no changes needed"
else
  format_failed=1
  echo "dotnet format: the files above need 'dotnet format RealName.sln'"
fi

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
# The Kubernetes manifests (seed discovery through the Kubernetes API): parsed, not applied (no cluster
# here). PyYAML from Debian (python3-yaml) when the python3 on PATH lacks it; never skipped.
k8s_python=python3
if ! python3 -c 'import yaml' 2>/dev/null; then
  k8s_python=/usr/bin/python3
  /usr/bin/python3 -c 'import yaml' 2>/dev/null \
    || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-yaml) >&2 \
    || { echo "python3-yaml is missing and could not be installed: docker/k8s not linted"; echo "0 passed, 1 failed"; exit 1; }
fi
"$k8s_python" tools/lint-k8s.py docker/k8s/*.yaml \
  || { echo "docker/k8s manifests are invalid"; echo "0 passed, 1 failed"; exit 1; }

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
# The node's document specs (OpenApiDocumentSpecs) leave the served OpenAPI documents here for the contract checks below.
export REALNAME_OPENAPI_DIR="$PWD/artifacts/openapi"
rm -rf "$REALNAME_OPENAPI_DIR"
# -m:1: one test assembly at a time; the cluster specs run three node processes and would starve the others on 2 cores.
status=0
dotnet test RealName.sln --no-build -c Release --nologo -m:1 \
  --logger "trx" --logger "console;verbosity=normal" --results-directory "$results" || status=$?

# The contract: lint the served documents (Redocly recommended + Spectral spectral:oas, pinned npm
# packages), then build the Kiota client from the served public document and run its specs
# (tests/RealName.Contract.Tests, outside the solution: it compiles only once the document exists).
contract_passed=0
contract_failed=0
lint_output=$(tools/contract-lint/lint.sh "$REALNAME_OPENAPI_DIR")
echo "$lint_output"
lint_counts=$(tail -n 1 <<<"$lint_output")
contract_passed=$(sed -n 's/.*: \([0-9]*\) passed, \([0-9]*\) failed$/\1/p' <<<"$lint_counts")
contract_failed=$(sed -n 's/.*: \([0-9]*\) passed, \([0-9]*\) failed$/\2/p' <<<"$lint_counts")
[ -n "$contract_failed" ] || { contract_passed=0; contract_failed=1; }
if dotnet build tests/RealName.Contract.Tests -c Release --nologo -v quiet -p:RealNameOpenApiDocument="$REALNAME_OPENAPI_DIR/public.json"; then
  dotnet test tests/RealName.Contract.Tests --no-build -c Release --nologo \
    --logger "trx" --logger "console;verbosity=normal" --results-directory "$results" || status=$?
else
  echo "the Kiota client could not be generated or built from the served document"
  contract_failed=$((contract_failed + 1))
fi

for report in "$results"/*-report.md; do
  [ -f "$report" ] && { echo; cat "$report"; echo; }
done

# The failed tests by name, with their message's first lines and the failing line, next to the summary (a long log's tail is often all one sees).
failed_list=$(python3 - "$results" <<'PY'
import glob, sys, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
for trx in sorted(glob.glob(sys.argv[1] + "/*.trx")):
    for r in ET.parse(trx).getroot().iterfind(".//t:UnitTestResult", ns):
        if r.get("outcome") != "Failed":
            continue
        message = r.find("t:Output/t:ErrorInfo/t:Message", ns)
        lines = (message.text or "").strip().splitlines() if message is not None and message.text else [""]
        print(f"FAILED {r.get('testName')}: {lines[0][:300]}")
        for line in lines[1:4]: # an assertion's Expected / Actual
            print(f"    {line.strip()[:300]}")
        # Where it failed: the first frame in a test project's own source.
        trace = r.find("t:Output/t:ErrorInfo/t:StackTrace", ns)
        frames = [l.strip() for l in (trace.text or "").splitlines() if "/tests/" in l] if trace is not None else []
        if frames:
            print(f"    {frames[0][:300]}")
        # What Akka logged at WARNING or above during the test (specs that pass their ITestOutputHelper to the TestKit).
        out = r.find("t:Output/t:StdOut", ns)
        logged = [l for l in (out.text or "").splitlines() if l.startswith(("[WARNING]", "[ERROR]"))] if out is not None else []
        for line in logged[:12]:
            print(f"    {line[:400]}")
PY
)
[ -n "$failed_list" ] && { echo; echo "$failed_list"; echo; }

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
passed=$((passed + contract_passed))
failed=$((failed + contract_failed))
passed=$((passed + format_passed))
failed=$((failed + format_failed))
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  failed=1 # the run itself failed (crash, timeout) without a failed test in a TRX
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
