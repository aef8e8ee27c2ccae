#!/usr/bin/env bash
# Builds libFuzzer targets (swiftc -sanitize=fuzzer,address) from Fuzz/<Target>/ plus the
# sources of the module they exercise, and runs each for a budget, keeping its corpus.
set -euo pipefail

usage() {
    cat <<'USAGE'
Usage: Scripts/fuzz.sh [--runs N] [--seconds S] [TARGET...]

Targets (default: all): MessagePack

Each target is compiled with `swiftc -O -sanitize=fuzzer,address` from Fuzz/<TARGET>/*.swift and
the sources of the module it exercises, into .build-fuzz/. It then runs on fuzz-corpus/<TARGET>/
(kept between runs, so coverage accumulates), seeded once from Fuzz/<TARGET>/seeds/ if present.

  --runs N      stop each target after N executions (default 1000000)
  --max-len N   the longest input tried, in bytes (default 8192)
  --seconds S   stop each target after S seconds instead (0: no time limit, the default)
  --help        show this text

Exit status: 0 when every target ran its budget without a finding; 1 when one crashed, leaked or
timed out (the input is kept in fuzz-corpus/<TARGET>/findings/ and the command to replay it is
printed); 2 for a usage error.
USAGE
}

runs=1000000
max_len=8192
seconds=0
targets=()
while (($#)); do
    case "$1" in
        -h|--help) usage; exit 0 ;;
        --runs) runs="${2:?--runs needs a number}"; shift ;;
        --seconds) seconds="${2:?--seconds needs a number}"; shift ;;
        --max-len) max_len="${2:?--max-len needs a number}"; shift ;;
        -*) echo "fuzz.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
        *) targets+=("$1") ;;
    esac
    shift
done

cd "$(dirname "${BASH_SOURCE[0]}")/.."
all_targets=(MessagePack)
((${#targets[@]})) || targets=("${all_targets[@]}")

# The module sources each target is compiled with.
sources_for() {
    case "$1" in
        MessagePack) ls Sources/KMSMessagePack/*.swift ;;
        *) echo "fuzz.sh: unknown target $1 (known: ${all_targets[*]})" >&2; return 2 ;;
    esac
}

# ASan's default quarantine (256 MiB) and 30-frame allocation stacks grow the fuzzer past
# libFuzzer's 2 GiB RSS limit within a few million runs of Swift code, which allocates many small
# arrays; without ASan the same run peaks under 40 MiB, so this is not a leak of ours.
export ASAN_OPTIONS="${ASAN_OPTIONS:-quarantine_size_mb=64:malloc_context_size=5}"

mkdir -p .build-fuzz
status=0
for target in "${targets[@]}"; do
    sources=$(sources_for "$target") || exit 2
    binary=".build-fuzz/fuzz-$target"
    echo "==> building $binary" >&2
    # shellcheck disable=SC2086
    swiftc -O -sanitize=fuzzer,address -parse-as-library -module-name "Fuzz$target" \
        $sources Fuzz/"$target"/*.swift -o "$binary" 2> >(grep -v "Cannot export local symbol" >&2)

    corpus="fuzz-corpus/$target"
    findings="$corpus/findings"
    mkdir -p "$corpus/queue" "$findings"
    if [[ -d "Fuzz/$target/seeds" ]] && [[ -z "$(ls -A "$corpus/queue")" ]]; then
        cp "Fuzz/$target/seeds/"* "$corpus/queue/"
    fi
    echo "==> fuzzing $target: runs=$runs seconds=$seconds corpus=$corpus/queue" >&2
    if "$binary" "$corpus/queue" -runs="$runs" -max_total_time="$seconds" -max_len="$max_len" -timeout=10 \
        -artifact_prefix="$findings/" -print_final_stats=1 2> "$corpus/last-run.log"; then
        grep -E "stat::number_of_executed_units|Done [0-9]+ runs" "$corpus/last-run.log" >&2 || true
    else
        status=1
        tail -40 "$corpus/last-run.log" >&2
        echo "fuzz.sh: $target found a problem; replay with: $binary $findings/<file>" >&2
    fi
done
exit "$status"
