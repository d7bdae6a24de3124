#!/usr/bin/env bash
# Checks that a Linux binary runs on glibc CEILING and newer: the newest GLIBC_x.y symbol
# version it needs (objdump -T) must not be above CEILING. With CXX_CEILING, the same for the
# C++ runtime it loads, libstdc++.so.6 (GLIBCXX_3.4.n). Prints what it needs; exits 1 with a
# plain message, and the symbols that are too new, when either is above its ceiling.
# scripts/build-release.sh runs it on every Linux release binary.
#
# Usage: scripts/check-glibc.sh BINARY CEILING [CXX_CEILING]
#   e.g. scripts/check-glibc.sh .build/release/influxsync 2.26 3.4.24
set -euo pipefail
if [ $# -lt 2 ] || [ $# -gt 3 ]; then
    echo "usage: scripts/check-glibc.sh BINARY CEILING [CXX_CEILING]" >&2
    exit 1
fi
bin=$1
if ! command -v objdump >/dev/null 2>&1; then
    echo "error: objdump is missing; install binutils" >&2
    exit 1
fi
symbols=$(objdump -T "$bin")

# above VERSION CEILING: true when VERSION sorts after CEILING
above() { [ "$(printf '%s\n%s\n' "$1" "$2" | sort -V | tail -n 1)" != "$2" ]; }

# check PREFIX CEILING LIBRARY
check() {
    local prefix=$1 ceiling=$2 library=$3 needed
    needed=$(grep -o "${prefix}_[0-9][0-9.]*" <<<"$symbols" | sed "s/^${prefix}_//" | sort -V | tail -n 1 || true)
    if [ -z "$needed" ]; then
        if [ "$prefix" = GLIBC ]; then
            echo "error: $bin names no GLIBC_ symbol version; is it a dynamically linked glibc binary?" >&2
            exit 1
        fi
        echo "==> $bin needs no $library symbol version"
        return
    fi
    if above "$needed" "$ceiling"; then
        echo "error: $bin needs $library $needed, above the ceiling $ceiling: it would not start on a system whose $library is $ceiling" >&2
        echo "  the symbols that need more than $ceiling:" >&2
        awk -v p="$prefix" '{ for (i = 1; i <= NF; i++) if ($i ~ "^[(]?" p "_[0-9.]+[)]?$") { v = $i; gsub(/[()]/, "", v); sub(p "_", "", v); print v, $NF } }' <<<"$symbols" \
            | while read -r v sym; do
                if above "$v" "$ceiling"; then echo "    $sym (${prefix}_$v)"; fi
              done | sort -u | sed -n 1,20p >&2
        echo "  hint: build on an older system (the release workflow uses swift:6.3-amazonlinux2: glibc 2.26, libstdc++ GLIBCXX_3.4.24), or raise the ceiling if the promise changes" >&2
        exit 1
    fi
    echo "==> $bin needs $library $needed or newer (ceiling $ceiling)"
}

check GLIBC "$2" glibc
if [ $# -eq 3 ]; then
    check GLIBCXX "$3" "libstdc++ GLIBCXX"
fi
