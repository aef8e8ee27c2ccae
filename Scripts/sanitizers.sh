#!/usr/bin/env bash
# Runs the test suite, or a short soak, under ThreadSanitizer and AddressSanitizer.
set -euo pipefail

usage() {
    cat <<'USAGE'
Usage: Scripts/sanitizers.sh [--thread] [--address] [--suite | --soak SECONDS] [-- SWIFT-TEST-ARGS...]

Builds the package with `swift build --sanitize=thread` (scratch path .build-tsan) and/or
`--sanitize=address` (.build-asan), then either runs the whole test suite (--suite, the default)
or `kms-soak` for SECONDS (--soak: Ursulas, Alice, Bob and the DHT in one process under a mixed,
checked workload, the suite's most concurrent code in the least time; used by .ci/run).

  --thread           ThreadSanitizer (data races, lock misuse)
  --address          AddressSanitizer (out-of-bounds, use after free, double free)
                     (neither given: both, thread first)
  --suite            `swift test` on the instrumented build (default)
  --soak SECONDS     `kms-soak --seconds SECONDS` on the instrumented build instead
  --help             show this text
  -- ARGS            extra `swift test` arguments, e.g. -- --filter KMSNetworkTests

A report fails the run: the sanitizers exit with status 66 (TSan) or 1 (ASan) on a finding,
in the test process and in every `kms` process the tests start. Exit status: 0 when every
selected run passed; 1 otherwise; 2 for a usage error.
USAGE
}

sanitizers=()
mode=suite
soak_seconds=0
extra=()
while (($#)); do
    case "$1" in
        -h|--help) usage; exit 0 ;;
        --thread) sanitizers+=(thread) ;;
        --address) sanitizers+=(address) ;;
        --suite) mode=suite ;;
        --soak) mode=soak; soak_seconds="${2:?--soak needs a number of seconds}"; shift ;;
        --) shift; extra=("$@"); break ;;
        *) echo "sanitizers.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
    esac
    shift
done
((${#sanitizers[@]})) || sanitizers=(thread address)
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# halt_on_error=0 keeps a run going after a report so one run lists every finding; the exit
# status still says there was one.
export TSAN_OPTIONS="${TSAN_OPTIONS:-halt_on_error=0:second_deadlock_stack=1}"
# LeakSanitizer is off: at exit it reports OpenSSL 3's per-thread random generators and error
# states, which libcrypto keeps in thread-local storage it cannot scan, with stacks that end inside
# libcrypto, so they cannot be told apart from a leak of ours and every `kms` process would fail.
# Leaks are checked instead by memory staying flat (umbral-benchmark --leak-check, kms-soak) and by
# the fuzz targets, which run with leak checking on.
export ASAN_OPTIONS="${ASAN_OPTIONS:-halt_on_error=1:detect_leaks=0}"

status=0
for sanitizer in "${sanitizers[@]}"; do
    case "$sanitizer" in
        thread) scratch=.build-tsan ;;
        address) scratch=.build-asan ;;
    esac
    started=$SECONDS
    if [[ "$mode" == suite ]]; then
        echo "==> swift build --build-tests --sanitize=$sanitizer ($scratch)" >&2
        swift build --build-tests --sanitize="$sanitizer" --scratch-path "$scratch"
        echo "==> swift test --sanitize=$sanitizer ${extra[*]:-}" >&2
        if ! swift test --skip-build --sanitize="$sanitizer" --scratch-path "$scratch" "${extra[@]}"; then
            status=1
            echo "sanitizers.sh: the suite failed under the $sanitizer sanitizer" >&2
        fi
    else
        echo "==> swift build --product kms-soak --sanitize=$sanitizer ($scratch)" >&2
        swift build --product kms-soak --sanitize="$sanitizer" --scratch-path "$scratch"
        binary="$(swift build --sanitize="$sanitizer" --scratch-path "$scratch" --show-bin-path)/kms-soak"
        echo "==> kms-soak --seconds $soak_seconds under the $sanitizer sanitizer" >&2
        # Memory is not judged here: the sanitizers' own bookkeeping grows with the run. The plain
        # soak in .ci/run judges it.
        if ! "$binary" --seconds "$soak_seconds" --memory-slack 4096; then
            status=1
            echo "sanitizers.sh: kms-soak failed under the $sanitizer sanitizer" >&2
        fi
    fi
    echo "==> $sanitizer: $((SECONDS - started)) s" >&2
done
exit "$status"
