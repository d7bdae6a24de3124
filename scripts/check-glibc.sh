#!/usr/bin/env bash
# Checks that a Linux binary runs on glibc CEILING and newer: the newest GLIBC_x.y symbol
# version it needs (objdump -T) must not be above CEILING. Prints that version; exits 1 with a
# plain message when it is above. scripts/build-release.sh runs it on every release binary.
#
# Usage: scripts/check-glibc.sh BINARY CEILING      e.g. scripts/check-glibc.sh dist/influxsync 2.26
set -euo pipefail
if [ $# -ne 2 ]; then
    echo "usage: scripts/check-glibc.sh BINARY CEILING" >&2
    exit 1
fi
bin=$1
ceiling=$2
if ! command -v objdump >/dev/null 2>&1; then
    echo "error: objdump is missing; install binutils" >&2
    exit 1
fi
symbols=$(objdump -T "$bin")
needed=$(grep -o 'GLIBC_[0-9][0-9.]*' <<<"$symbols" | sed 's/^GLIBC_//' | sort -V | tail -n 1 || true)
if [ -z "$needed" ]; then
    echo "error: $bin names no GLIBC_ symbol version; is it a dynamically linked glibc binary?" >&2
    exit 1
fi
newest=$(printf '%s\n%s\n' "$needed" "$ceiling" | sort -V | tail -n 1)
if [ "$newest" != "$ceiling" ]; then
    echo "error: $bin needs glibc $needed, above the ceiling $ceiling: it would not start on systems with glibc $ceiling" >&2
    echo "  the symbols that need more than $ceiling:" >&2
    awk '{ for (i = 1; i <= NF; i++) if ($i ~ /^\(?GLIBC_[0-9.]+\)?$/) { v = $i; gsub(/[()]|GLIBC_/, "", v); print v, $NF } }' <<<"$symbols" \
        | while read -r v sym; do
            [ "$(printf '%s\n%s\n' "$v" "$ceiling" | sort -V | tail -n 1)" = "$ceiling" ] || echo "    $sym (GLIBC_$v)"
          done | sort -u | sed -n 1,20p >&2
    echo "  hint: build on an older system (the release workflow uses swift:6.3-amazonlinux2, glibc 2.26), or raise GLIBC_CEILING if the promise changes" >&2
    exit 1
fi
echo "==> $bin needs glibc $needed or newer (ceiling $ceiling)"
