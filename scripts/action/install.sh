#!/usr/bin/env bash
# Installs the influxsync release that scripts/action/release-url.sh names (see there for the
# environment it reads) and puts it on the job's PATH: downloads the tarball, checks it against
# the INFLUXSYNC_SHA256 pin or else the release's SHA256SUMS before unpacking anything, unpacks it
# into $RUNNER_TEMP/influxsync-VERSION (binary, completions/, man/), and appends that directory
# to $GITHUB_PATH. Writes `version` and `path` (the binary) to $GITHUB_OUTPUT when it is set.
# Used by action.yml and setup/action.yml.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)

release=$("$here/release-url.sh")
value() { sed -n "s/^$1=//p" <<<"$release"; }
version=$(value version)
file=$(value file)
url=$(value url)
sums_url=$(value sums-url)

sha256() {
    if command -v sha256sum >/dev/null 2>&1; then sha256sum "$1"; else shasum -a 256 "$1"; fi
}

dir="${RUNNER_TEMP:-$(mktemp -d)}/influxsync-$version"
mkdir -p "$dir"
cd "$dir"
echo "Installing influxsync $version from $url"
curl -fsSL --retry 3 -o "$file" "$url"
actual=$(sha256 "$file" | cut -d' ' -f1)
pin=${INFLUXSYNC_SHA256:-}
if [ -n "$pin" ]; then
    expected=$pin
    source="the sha256 input"
else
    expected=$(curl -fsSL --retry 3 "$sums_url" | awk -v f="$file" '$2 == f || $2 == "*" f { print $1 }')
    source="$sums_url"
    if [ -z "$expected" ]; then
        echo "error: $sums_url lists no checksum for $file; nothing was installed" >&2
        rm -f "$file"
        exit 1
    fi
fi
if [ "$actual" != "$expected" ]; then
    echo "error: $file has SHA-256 $actual, but $source says $expected; nothing was installed" >&2
    rm -f "$file"
    exit 1
fi
tar -xzf "$file"
rm -f "$file"
"$dir/influxsync" --version
if [ -n "${GITHUB_PATH:-}" ]; then
    echo "$dir" >> "$GITHUB_PATH"
fi
if [ -n "${GITHUB_OUTPUT:-}" ]; then
    { echo "version=$version"; echo "path=$dir/influxsync"; } >> "$GITHUB_OUTPUT"
fi
