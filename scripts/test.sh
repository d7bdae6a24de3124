#!/usr/bin/env bash
# The test command of README.md ("Tests"), also run by .ci/run:
#   1. makes python3's jsonschema available (the JSON-schema tests in Tests/InfluxSyncTests/CI
#      validate real output with it): already importable → used as is; otherwise installed into
#      a virtual environment under .build/python (nothing installed system-wide), or with
#      `pip install --user` when python3 has no venv module;
#   2. builds sources and tests (`swift build --build-tests`) and fails when the compiler prints
#      a warning from our code (Sources/, Tests/);
#   3. runs every test (`swift test --skip-build`: the same build, no second planning pass) and
#      ends on one "N passed, N failed" line taken from XCTest's summary.
# Arguments are passed to `swift test` (e.g. --filter EndToEndTests).
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v swift >/dev/null 2>&1; then
    echo "error: swift is not on the PATH" >&2
    echo "hint: install Swift 6.2 or newer from https://www.swift.org/install/linux/ (tested with 6.3.1)" >&2
    exit 1
fi
if ! command -v python3 >/dev/null 2>&1; then
    echo "error: python3 is not on the PATH (the JSON-schema tests run it)" >&2
    echo "hint: sudo apt-get install -y python3 python3-venv" >&2
    exit 1
fi

if ! python3 -c 'import jsonschema' >/dev/null 2>&1; then
    venv=.build/python
    if [ -x "$venv/bin/python3" ] && "$venv/bin/python3" -c 'import jsonschema' >/dev/null 2>&1; then
        :
    elif python3 -m venv "$venv" >/dev/null 2>&1; then
        echo "==> installing jsonschema into $venv"
        "$venv/bin/python3" -m pip install --quiet --disable-pip-version-check jsonschema
    else
        rm -rf "$venv"
        echo "==> installing jsonschema with pip install --user"
        python3 -m pip install --quiet --disable-pip-version-check --user jsonschema
    fi
    if [ -x "$venv/bin/python3" ]; then
        export PATH="$(pwd)/$venv/bin:$PATH"
    fi
fi

log=$(mktemp)
trap 'rm -f "$log"' EXIT

echo "==> swift build --build-tests"
set +e
swift build --build-tests 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
[ "$status" -eq 0 ] || exit "$status"
# Warnings from our own files; dependencies' warnings (e.g. swift-distributed-tracing's
# unhandled CMakeLists.txt) are not ours to fix.
ours=$(grep -E "^$(pwd)/(Sources|Tests)/[^:]+:[0-9]+:[0-9]+: warning:" "$log" | sort -u || true)
if [ -n "$ours" ]; then
    echo "$ours" >&2
    echo "error: the build printed $(wc -l <<<"$ours") warning(s) from Sources/ or Tests/" >&2
    echo "hint: fix them; the project builds with zero warnings" >&2
    exit 1
fi

echo "==> swift test --skip-build $*"
set +e
swift test --skip-build "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
# swift test's very last line is Swift Testing's, which counts only Swift Testing tests (none
# here); XCTest's own summary has the real counts.
summary=$(grep -E "Executed [0-9]+ tests?, with [0-9]+ failures?" "$log" | tail -n 1 || true)
if [ -n "$summary" ]; then
    total=$(sed -E 's/.*Executed ([0-9]+) tests?.*/\1/' <<<"$summary")
    failed=$(sed -E 's/.*with ([0-9]+) failures?.*/\1/' <<<"$summary")
    echo "$((total - failed)) passed, $failed failed"
fi
exit "$status"
