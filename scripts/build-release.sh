#!/usr/bin/env bash
# Builds the release artifacts of influxsync for the machine (Linux or macOS, its architecture):
#
#   dist/influxsync-<version>-<os>-<arch>.tar.gz         the binary `influxsync`, shell completions
#                                                          (completions/influxsync.bash, _influxsync
#                                                          for zsh, influxsync.fish) and the man pages
#                                                          (man/man1/influxsync*.1)
#   dist/influxsync-<version>-<os>-<arch>.tar.gz.sha256  its checksum (sha256sum format)
#   dist/SHA256SUMS                                        the checksums of every tarball in dist/
#
# and checks what it built. On Linux: `ldd` may show only the C library (glibc's libc, libm,
# libdl, libpthread, librt, libutil and the dynamic loader) and the three libraries that every
# glibc distribution installs in its base system and that --static-swift-stdlib still links
# dynamically: libstdc++.so.6 and libgcc_s.so.1 (the Swift runtime's C++ library and unwinder;
# the toolchain's static-stdlib-args.lnk names -lstdc++) and libz.so.1 (zlib, linked by
# swift-nio-extras' HTTP compression, which AsyncHTTPClient uses); and the newest glibc symbol
# version the binary needs (objdump -T) must not be above GLIBC_CEILING, the oldest glibc the
# release promises to run on (README "Install"), nor the libstdc++ symbol version
# (GLIBCXX_3.4.n) above GLIBCXX_CEILING. Everywhere: `--version` must print the
# stamped version and commit, and the binary, copied to a directory outside the checkout, must
# apply the example manifests to an embedded sandbox and then plan "No changes".
#
# Usage: scripts/build-release.sh [--out DIR]
# Environment:
#   VERSION        the version to stamp (default: the tag on HEAD without its `v`, else the
#                  version committed in Sources/influxsync/Support/BuildInfo.swift)
#   COMMIT         the commit to stamp (default: `git rev-parse --short=12 HEAD`, else `unknown`)
#   SCRATCH_PATH   SwiftPM's build directory (default: .build-release; kept between runs, so a
#                  second run only recompiles what changed)
#   GLIBC_CEILING  the newest glibc version the binary may need (default 2.26, Amazon Linux 2's,
#                  the image the release workflow builds on); a build on a newer system fails
#                  this check unless it is raised, e.g. GLIBC_CEILING=2.36 for a local build
#   GLIBCXX_CEILING  the same for libstdc++ (default 3.4.24, Amazon Linux 2's GCC 7 runtime)
#
# .github/workflows/release.yml runs this script in the swift:6.3-amazonlinux2 image on an
# x86_64 and an arm64 runner, and on a macOS runner; the Dockerfile's build stage runs it too.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

out=dist
while [ $# -gt 0 ]; do
    case "$1" in
        --out) out=$2; shift 2 ;;
        -h|--help) sed -n '2,36p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
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
case "$(uname -s)" in
    Linux) os=linux ;;
    Darwin) os=macos ;;
    *) echo "error: no release build for $(uname -s)" >&2; exit 1 ;;
esac
glibc_ceiling=${GLIBC_CEILING:-2.26}
glibcxx_ceiling=${GLIBCXX_CEILING:-3.4.24}
scratch=${SCRATCH_PATH:-.build-release}
name="influxsync-$VERSION-$os-$arch"
echo "==> building $name (commit $COMMIT)"

# Stamp the version and commit for the build only; the checkout is restored however we exit.
backup=$(mktemp)
cp "$info" "$backup"
restore() { cp "$backup" "$info" && rm -f "$backup"; }
trap restore EXIT
sed -e "s|static let version = \"[^\"]*\"|static let version = \"$VERSION\"|" \
    -e "s|static let commit = \"[^\"]*\"|static let commit = \"$COMMIT\"|" "$backup" > "$info"

flags=(-c release --scratch-path "$scratch")
# Linux: the Swift runtime and Foundation linked in (macOS has them in the system).
if [ "$os" = linux ]; then flags+=(--static-swift-stdlib); fi
build=(swift build "${flags[@]}" --product influxsync)
start=$(date +%s)
"${build[@]}"
echo "==> release build took $(( $(date +%s) - start )) s"
bin="$("${build[@]}" --show-bin-path)/influxsync"
restore
trap - EXIT

if [ "$os" = linux ]; then
    # Only the C library (and the GCC runtime and zlib, see the top) may be loaded dynamically.
    echo "==> ldd $bin"
    libs=$(ldd "$bin")
    echo "$libs"
    while read -r lib _; do
        case "$lib" in
            linux-vdso.so.*|linux-gate.so.*|libc.so.*|libm.so.*|libdl.so.*|libpthread.so.*|librt.so.*|libutil.so.*|/lib*/ld-linux*.so.*|ld-linux*.so.*) ;;
            libstdc++.so.6|libgcc_s.so.1|libz.so.1) ;;
            *) echo "error: $bin needs $lib, which is neither the C library nor the GCC runtime or zlib" >&2; exit 1 ;;
        esac
    done <<<"$libs"

    # The oldest glibc it runs on is the newest symbol version it needs.
    scripts/check-glibc.sh "$bin" "$glibc_ceiling" "$glibcxx_ceiling"
fi

# The generator of the man pages: argument-parser's generate-manual tool (the same one its
# GenerateManual plugin runs), built with the same settings so it reuses the compiled parser.
swift build "${flags[@]}" --product generate-manual
generate_manual="$(swift build "${flags[@]}" --show-bin-path)/generate-manual"

mkdir -p "$out"
out=$(cd "$out" && pwd)
stage=$(mktemp -d)
cp "$bin" "$stage/influxsync"
strip --strip-debug "$stage/influxsync" 2>/dev/null || strip -S "$stage/influxsync" 2>/dev/null || true
mkdir -p "$stage/completions" "$stage/man/man1"
"$stage/influxsync" --generate-completion-script bash > "$stage/completions/influxsync.bash"
"$stage/influxsync" --generate-completion-script zsh > "$stage/completions/_influxsync"
"$stage/influxsync" --generate-completion-script fish > "$stage/completions/influxsync.fish"
"$generate_manual" "$stage/influxsync" --multi-page --output-directory "$stage/man/man1"
for f in completions/influxsync.bash completions/_influxsync completions/influxsync.fish man/man1/influxsync.1; do
    [ -s "$stage/$f" ] || { echo "error: $f was not generated" >&2; exit 1; }
done
tar -C "$stage" -czf "$out/$name.tar.gz" influxsync completions man
rm -rf "$stage"
sha256() { if command -v sha256sum >/dev/null 2>&1; then sha256sum "$@"; else shasum -a 256 "$@"; fi; }
(cd "$out" && sha256 "$name.tar.gz" > "$name.tar.gz.sha256" && cat ./*.tar.gz.sha256 > SHA256SUMS)

# Check the packaged binary the way a user gets it: unpacked outside the checkout, with no
# Swift on the PATH.
try=$(mktemp -d)
trap 'rm -rf "$try"' EXIT
(cd "$out" && sha256 --check --quiet "$name.tar.gz.sha256")
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
echo "==> $out/$name.tar.gz ($(du -h "$out/$name.tar.gz" | cut -f1)), checked: ldd and glibc $glibc_ceiling (Linux), --version, apply + plan from $try"
cat "$out/SHA256SUMS"
