#!/usr/bin/env bash
# Builds the release artifacts of influxsync for the machine's architecture:
#
#   dist/influxsync-<version>-linux-<arch>.tar.gz         the static binary (a single file, `influxsync`)
#   dist/influxsync-<version>-linux-<arch>.tar.gz.sha256  its checksum (sha256sum format)
#   dist/SHA256SUMS                                       the checksums of every tarball in dist/
#
# and checks what it built: `ldd` must show only the C library (glibc's libc, libm, libdl,
# libpthread, librt, libutil and the dynamic loader); `--version` must print the stamped version
# and commit; and the binary, copied to a directory outside the checkout, must apply the example
# manifests to an embedded sandbox and then plan "No changes".
#
# Usage: scripts/build-release.sh [--out DIR]
# Environment:
#   VERSION       the version to stamp (default: the tag on HEAD without its `v`, else the
#                 version committed in Sources/influxsync/Support/BuildInfo.swift)
#   COMMIT        the commit to stamp (default: `git rev-parse --short=12 HEAD`, else `unknown`)
#   SCRATCH_PATH  SwiftPM's build directory (default: .build-release; kept between runs, so a
#                 second run only recompiles what changed)
#
# The Dockerfile's build stage runs this very script; .github/workflows/release.yml runs it on
# an x86_64 and an arm64 runner.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

out=dist
while [ $# -gt 0 ]; do
    case "$1" in
        --out) out=$2; shift 2 ;;
        -h|--help) sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "error: unknown argument '$1'" >&2; echo "hint: scripts/build-release.sh [--out DIR]" >&2; exit 1 ;;
    esac
done

info=Sources/influxsync/Support/BuildInfo.swift
committed_version=$(sed -n 's/.*static let version = "\([^"]*\)".*/\1/p' "$info")
if [ -z "${VERSION:-}" ]; then
    VERSION=$(git describe --tags --exact-match 2>/dev/null | sed 's/^v//' || true)
    VERSION=${VERSION:-$committed_version}
fi
VERSION=${VERSION#v}
if [ -z "${COMMIT:-}" ]; then
    COMMIT=$(git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
fi
COMMIT=${COMMIT:0:12}
case "$VERSION$COMMIT" in
    *'"'*|*'\'*) echo "error: VERSION and COMMIT must not contain quotes or backslashes" >&2; exit 1 ;;
esac
case "$(uname -m)" in
    x86_64|amd64) arch=x86_64 ;;
    aarch64|arm64) arch=arm64 ;;
    *) arch=$(uname -m) ;;
esac
scratch=${SCRATCH_PATH:-.build-release}
name="influxsync-$VERSION-linux-$arch"
echo "==> building $name (commit $COMMIT)"

# Stamp the version and commit for the build only; the checkout is restored however we exit.
backup=$(mktemp)
cp "$info" "$backup"
restore() { cp "$backup" "$info" && rm -f "$backup"; }
trap restore EXIT
sed -i -e "s|static let version = \"[^\"]*\"|static let version = \"$VERSION\"|" \
       -e "s|static let commit = \"[^\"]*\"|static let commit = \"$COMMIT\"|" "$info"

build=(swift build -c release --static-swift-stdlib --product influxsync --scratch-path "$scratch")
start=$(date +%s)
"${build[@]}"
echo "==> release build took $(( $(date +%s) - start )) s"
bin="$("${build[@]}" --show-bin-path)/influxsync"
restore
trap - EXIT

# Only the C library may be loaded dynamically.
echo "==> ldd $bin"
libs=$(ldd "$bin")
echo "$libs"
while read -r lib _; do
    case "$lib" in
        linux-vdso.so.*|linux-gate.so.*|libc.so.*|libm.so.*|libdl.so.*|libpthread.so.*|librt.so.*|libutil.so.*|/lib*/ld-linux*.so.*|ld-linux*.so.*) ;;
        *) echo "error: $bin needs $lib, which is not part of the C library" >&2; exit 1 ;;
    esac
done <<<"$libs"

mkdir -p "$out"
out=$(cd "$out" && pwd)
stage=$(mktemp -d)
cp "$bin" "$stage/influxsync"
strip --strip-debug "$stage/influxsync" 2>/dev/null || true
tar -C "$stage" -czf "$out/$name.tar.gz" influxsync
rm -rf "$stage"
(cd "$out" && sha256sum "$name.tar.gz" > "$name.tar.gz.sha256" && cat ./*.tar.gz.sha256 > SHA256SUMS)

# Check the packaged binary the way a user gets it: unpacked outside the checkout, with no
# Swift on the PATH.
try=$(mktemp -d)
trap 'rm -rf "$try"' EXIT
(cd "$out" && sha256sum --check --quiet "$name.tar.gz.sha256")
tar -C "$try" -xzf "$out/$name.tar.gz"
cp -R "$root/examples" "$try/manifests"
rm -rf "$try/manifests/ci"
cd "$try"
export PATH=/usr/bin:/bin
version_line=$(./influxsync --version)
expected="influxsync $VERSION (commit $COMMIT)"
if [ "$version_line" != "$expected" ]; then
    echo "error: --version printed '$version_line', expected '$expected'" >&2
    exit 1
fi
./influxsync apply manifests --sandbox sandbox.json --auto-approve > apply.txt
./influxsync plan manifests --sandbox sandbox.json --detailed-exitcode > plan.txt
grep -q '^No changes' plan.txt || { cat apply.txt plan.txt >&2; echo "error: the second plan was not 'No changes'" >&2; exit 1; }

echo "==> $version_line"
echo "==> $out/$name.tar.gz ($(du -h "$out/$name.tar.gz" | cut -f1)), checked: ldd, --version, apply + plan from $try"
cat "$out/SHA256SUMS"
