#!/usr/bin/env bash
# Works out which influxsync release the GitHub Action installs and where it downloads it from,
# so that `uses: OWNER/influxsync@vX.Y.Z` is the only line a workflow needs. Prints
#
#   repository=OWNER/NAME
#   version=X.Y.Z
#   file=influxsync-X.Y.Z-linux-x86_64.tar.gz
#   url=https://github.com/OWNER/NAME/releases/download/vX.Y.Z/influxsync-X.Y.Z-linux-x86_64.tar.gz
#   sums-url=https://github.com/OWNER/NAME/releases/download/vX.Y.Z/SHA256SUMS
#
# (the format of $GITHUB_OUTPUT), or an error and exit 1. Read from the environment:
#   INFLUXSYNC_VERSION  the action's `version` input (X.Y.Z or vX.Y.Z); when set it wins
#   ACTION_REPOSITORY   ${{ github.action_repository }}: the repository the action was loaded from
#   ACTION_REF          ${{ github.action_ref }}: the ref it was loaded at; a tag vX.Y.Z is the version
#   ACTION_PATH         ${{ github.action_path }}: where the runner unpacked the action,
#                       .../_actions/OWNER/NAME/REF[/setup]; read when the two above are empty
#                       (the runner leaves them empty in some composite-action steps)
#   GITHUB_REPOSITORY   the workflow's repository: used when the action is run from the
#                       workflow's own checkout (`uses: ./`), where no action repository is known
#   GITHUB_SERVER_URL   https://github.com unless set (GitHub Enterprise Server)
#   RUNNER_OS, RUNNER_ARCH  Linux/macOS and X64/ARM64 as the runner sets them; else uname
set -euo pipefail

fail() {
    echo "error: $1" >&2
    [ -z "${2:-}" ] || echo "  hint: $2" >&2
    exit 1
}

repository=${ACTION_REPOSITORY:-}
ref=${ACTION_REF:-}
# .../_actions/OWNER/NAME/REF or .../_actions/OWNER/NAME/REF/setup
if { [ -z "$repository" ] || [ -z "$ref" ]; } && [[ "${ACTION_PATH:-}" == */_actions/*/*/* ]]; then
    rest=${ACTION_PATH##*/_actions/}
    IFS=/ read -r path_owner path_name path_ref _ <<<"$rest"
    [ -n "$repository" ] || repository="$path_owner/$path_name"
    [ -n "$ref" ] || ref=$path_ref
fi
if [ -z "$repository" ]; then
    repository=${GITHUB_REPOSITORY:-}
fi
if ! [[ "$repository" =~ ^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$ ]]; then
    fail "cannot tell which repository the influxsync action was loaded from (got '$repository')" \
         "use the action as \`uses: OWNER/influxsync@vX.Y.Z\`"
fi

version=${INFLUXSYNC_VERSION:-}
if [ -z "$version" ]; then
    if [[ "$ref" =~ ^v[0-9]+\.[0-9]+\.[0-9]+([-+][0-9A-Za-z.-]+)?$ ]]; then
        version=$ref
    elif [ -z "$ref" ]; then
        fail "influxsync was not loaded from a release tag, so the release to install is unknown" \
             "use a release tag (uses: $repository@v0.1.0) or set the input \`version: 0.1.0\`"
    else
        fail "influxsync was loaded from $repository@$ref, which is not a release tag (vX.Y.Z), so the release to install is unknown" \
             "use a release tag (uses: $repository@v0.1.0) or set the input \`version: 0.1.0\`"
    fi
fi
version=${version#v}
if ! [[ "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+([-+][0-9A-Za-z.-]+)?$ ]]; then
    fail "version '$version' is not a release version (X.Y.Z)" "set the input \`version: 0.1.0\`, or leave it empty to install the release of the action's tag"
fi

os=${RUNNER_OS:-$(uname -s)}
arch=${RUNNER_ARCH:-$(uname -m)}
case "$os" in
    Linux) os=linux ;;
    macOS|Darwin) os=macos ;;
    *) fail "no influxsync release for $os" "build from source: swift build -c release --product influxsync" ;;
esac
case "$arch" in
    X64|x86_64|amd64) arch=x86_64 ;;
    ARM64|aarch64|arm64) arch=arm64 ;;
    *) fail "no influxsync release for $os/$arch" "build from source: swift build -c release --product influxsync" ;;
esac
if [ "$os" = macos ] && [ "$arch" != arm64 ]; then
    fail "no influxsync release for macOS on $arch (macOS releases are arm64 only)" "use an arm64 macOS runner (macos-15) or a Linux runner"
fi

server=${GITHUB_SERVER_URL:-https://github.com}
file="influxsync-$version-$os-$arch.tar.gz"
base="$server/$repository/releases/download/v$version"
echo "repository=$repository"
echo "version=$version"
echo "file=$file"
echo "url=$base/$file"
echo "sums-url=$base/SHA256SUMS"
