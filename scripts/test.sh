#!/usr/bin/env bash
# The one test command of trucewatch (README, .ci/run):
#   formatting, go vet and staticcheck; every test with the race detector,
#   the store conformance suite on SQLite and on a real PostgreSQL+PostGIS;
#   extraction scored against the floors in testdata/extract-floor.txt (and
#   the real development set's table printed when ../shared is present);
#   and short fuzz runs of the report-file, feed and Telegram parsers.
#
# PostgreSQL: TRUCEWATCH_TEST_POSTGRES, if set, names a server to use (a URL of
# a role that may create schemas and the postgis extension). Otherwise this
# script installs PostgreSQL and PostGIS from Debian packages if they are
# missing and starts a throwaway server, removed on exit. With CI=true a
# missing PostgreSQL fails the run; elsewhere its suite is skipped, loudly.
#
# Chromium (the browser tests) and poppler-utils (the daily report's PDF
# test) are installed from Debian packages likewise when missing.
#
# FUZZTIME (default 20s) sets the length of the fuzz run.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n== %s\n' "$*"; }
fail() { printf 'FAIL: %s\n' "$*" >&2; exit 1; }

step "gofmt"
unformatted=$(gofmt -l $(find . -name '*.go' -not -path './.cache/*'))
[ -z "$unformatted" ] || fail "gofmt would change: $unformatted"
echo "ok"

step "go vet"
go vet ./...
echo "ok"

step "staticcheck"
go tool staticcheck ./...
echo "ok"

step "PostgreSQL with PostGIS"
if [ -z "${TRUCEWATCH_TEST_POSTGRES:-}" ]; then
	pgdir=$(mktemp -d /tmp/trucewatch-pg.XXXXXX)
	trap 'scripts/postgres.sh stop "$pgdir"' EXIT
	if url=$(scripts/postgres.sh start "$pgdir"); then
		export TRUCEWATCH_TEST_POSTGRES=$url
	elif [ "${CI:-}" = true ]; then
		fail "could not start PostgreSQL (see above)"
	else
		echo "WARNING: no PostgreSQL: the store suite runs on SQLite only" >&2
	fi
fi
[ -n "${TRUCEWATCH_TEST_POSTGRES:-}" ] && echo "using ${TRUCEWATCH_TEST_POSTGRES}"

step "Chromium for the browser tests"
if ! command -v chromium >/dev/null 2>&1 && [ ! -x /usr/bin/chromium ]; then
	echo "installing Debian's chromium"
	if [ "$(id -u)" = 0 ]; then sudo=; elif sudo -n true 2>/dev/null; then sudo="sudo -n"; else sudo=none; fi
	if [ "$sudo" != none ]; then
		export DEBIAN_FRONTEND=noninteractive
		$sudo apt-get update -qq && $sudo apt-get install -y -qq chromium >/dev/null || true
	fi
fi
if [ -x /usr/bin/chromium ]; then
	/usr/bin/chromium --version
elif [ "${CI:-}" = true ]; then
	fail "no Chromium: the browser tests must run in CI"
else
	echo "WARNING: no Chromium: the browser tests will be skipped" >&2
fi
step "poppler-utils for the daily report's PDF test"
if ! command -v pdftoppm >/dev/null 2>&1 || ! command -v pdftotext >/dev/null 2>&1; then
	echo "installing Debian's poppler-utils"
	if [ "$(id -u)" = 0 ]; then sudo=; elif sudo -n true 2>/dev/null; then sudo="sudo -n"; else sudo=none; fi
	if [ "$sudo" != none ]; then
		export DEBIAN_FRONTEND=noninteractive
		$sudo apt-get update -qq && $sudo apt-get install -y -qq poppler-utils >/dev/null || true
	fi
fi
if command -v pdftoppm >/dev/null 2>&1; then
	# Not "| head -1": under pipefail, pdftoppm writing its later lines into
	# a closed pipe dies of SIGPIPE and fails the run (exit 141).
	version=$(pdftoppm -v 2>&1 || true)
	echo "${version%%$'\n'*}"
elif [ "${CI:-}" = true ]; then
	fail "no poppler-utils: the PDF test must run in CI"
else
	echo "WARNING: no poppler-utils: the daily report's PDF test will be skipped" >&2
fi
export TRUCEWATCH_ARTIFACTS="$PWD/artifacts/screenshots"
rm -rf "$TRUCEWATCH_ARTIFACTS"

step "go test -race ./..."
log=$(mktemp)
set +e
go test -race -count=1 -v ./... >"$log" 2>&1
status=$?
set -e
# Package results, failures and skips, and which engines the store suite ran on.
grep -E '^(ok |FAIL|--- FAIL|--- SKIP|panic:|\s+--- PASS: TestConformance/(sqlite|postgres) )|^\s+\S+_test\.go:[0-9]+: ' "$log" | grep -v ': miss ' || true
# Figures the tests measure (accuracy tables).
grep -hoE '(geocode table|extract eval|scenario grouping|scenario assessments): .*' "$log" | sort -u || true
if ls "$TRUCEWATCH_ARTIFACTS"/*.png >/dev/null 2>&1; then
	echo "browser screenshots: $(ls "$TRUCEWATCH_ARTIFACTS" | tr '\n' ' ')in $TRUCEWATCH_ARTIFACTS"
fi
if [ $status -ne 0 ]; then
	echo "--- full output of the failing run: $log (last 60 lines)"
	tail -n 60 "$log"
	exit $status
fi
for engine in sqlite postgres; do
	if grep -qE "^\s+--- PASS: TestConformance/$engine " "$log"; then
		echo "store conformance suite: passed on $engine"
	elif [ "$engine" = postgres ] && [ "${CI:-}" != true ]; then
		echo "store conformance suite: NOT run on $engine" >&2
	else
		fail "store conformance suite did not pass on $engine"
	fi
done
passed=$(grep -cE '^\s*--- PASS' "$log" || true)
skipped=$(grep -cE '^\s*--- SKIP' "$log" || true)
rm -f "$log"

step "extraction on the real development set (../shared/devset-real)"
# TestFloors above already failed the run if a figure fell below its floor
# in testdata/extract-floor.txt; this prints the per-language table.
if [ -d ../shared/devset-real ]; then
	go run ./cmd/trucewatch eval ../shared/devset-real | sed -n '/files scored/,$p'
elif [ "${CI:-}" = true ]; then
	fail "../shared/devset-real is missing; CI always has it"
else
	echo "WARNING: ../shared/devset-real not found (it sits beside a developer's checkout): not scored" >&2
fi

# One package at a time: go test -fuzz takes a single package.
for pkg in reportfile feed telegram; do
	step "fuzz the $pkg parser (${FUZZTIME:-20s})"
	go test -run='^$' -fuzz='^FuzzParse$' -fuzztime="${FUZZTIME:-20s}" -fuzzminimizetime=3s ./internal/$pkg
done

echo
echo "tests: $passed passed, 0 failed, $skipped skipped"
