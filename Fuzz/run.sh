#!/bin/bash
# Builds and runs a libFuzzer harness (Swift's -sanitize=fuzzer, with AddressSanitizer).
#
#   Fuzz/run.sh TARGET [RUNS] [extra libFuzzer flags…]     TARGET: flux | manifest
#
# Builds with swiftc/clang straight from the sources into .build-fuzz/ (its own scratch path:
# never touches .build, never part of `swift build` or `swift test`), then runs
#   .build-fuzz/TARGET-fuzz -runs=RUNS -timeout=1 -detect_leaks=1 -max_len=4096 \
#       .build-fuzz/corpus-TARGET Fuzz/corpus/TARGET
# (RUNS defaults to 1000000), with the leak suppressions of Fuzz/lsan.supp (one-time globals). A crashing, hanging (> 1 s) or leaking input is written to
# .build-fuzz/artifacts/ ; turn it into a regression test (Tests/…/FuzzRegressionTests.swift).
# The Yams sources come from the SwiftPM checkout (.build/checkouts/Yams): run
# `swift build` once first.
set -euo pipefail
cd "$(dirname "$0")/.."
target=${1:?usage: Fuzz/run.sh flux|manifest [RUNS] [libFuzzer flags…]}
runs=${2:-1000000}
shift $(( $# >= 2 ? 2 : 1 ))
out=.build-fuzz
mkdir -p "$out/obj-$target" "$out/corpus-$target" "$out/artifacts"
san=(-sanitize=fuzzer,address -parse-as-library -O -g)

case "$target" in
flux)
    swiftc "${san[@]}" -module-name FluxFuzz Sources/Flux/*.swift Fuzz/flux/Harness.swift -o "$out/flux-fuzz"
    ;;
manifest)
    yams=.build/checkouts/Yams/Sources
    [ -d "$yams" ] || { echo "error: $yams not found; run swift build first" >&2; exit 1; }
    obj=$out/obj-manifest
    for c in "$yams"/CYaml/src/*.c; do
        clang -c -g -fsanitize=fuzzer-no-link,address -I "$yams/CYaml/include" -DYAML_DECLARE_STATIC "$c" -o "$obj/$(basename "$c" .c).o"
    done
    # One module at a time, each instrumented for coverage (-sanitize=fuzzer) and ASan.
    module() { # NAME SOURCES…  (rebuilt only when a source is newer than its object)
        local name=$1; shift
        if [ -f "$obj/$name.o" ] && [ -z "$(find "$@" -newer "$obj/$name.o" 2>/dev/null | grep -v '^-')" ]; then return; fi
        swiftc "${san[@]}" -c -module-name "$name" -emit-module -emit-module-path "$obj/$name.swiftmodule" \
            -I "$obj" -I "$yams/CYaml/include" -Xcc -I -Xcc "$yams/CYaml/include" -Xcc -DYAML_DECLARE_STATIC -wmo -o "$obj/$name.o" "$@"
    }
    module Yams -D SWIFT_PACKAGE "$yams"/Yams/*.swift
    module Flux Sources/Flux/*.swift
    module InfluxAPI Sources/InfluxAPI/*.swift
    module InfluxSync $(find Sources/InfluxSync -name '*.swift' ! -name SHA256Hex.swift | sort) Fuzz/manifest/SHA256HexStandIn.swift
    swiftc "${san[@]}" -I "$obj" -I "$yams/CYaml/include" -module-name ManifestFuzz Fuzz/manifest/Harness.swift \
        "$obj"/*.o -o "$out/manifest-fuzz"
    ;;
*)
    echo "error: unknown target $target (flux or manifest)" >&2; exit 1 ;;
esac

export LSAN_OPTIONS="suppressions=Fuzz/lsan.supp:print_suppressions=0"
exec "$out/$target-fuzz" -runs="$runs" -timeout=1 -detect_leaks=1 -max_len=4096 \
    -artifact_prefix="$out/artifacts/$target-" -print_final_stats=1 "$@" \
    "$out/corpus-$target" "Fuzz/corpus/$target"
