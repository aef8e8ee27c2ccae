#!/usr/bin/env bash
# The constant-time check: builds ConstantTime/ (constant-time-check) and runs it under valgrind's
# memcheck with every secret input marked undefined, so that any branch or memory address that
# depends on a secret in our code is reported. Exits 1 on a finding. Docs/Reliability.md,
# "Constant time", explains what is checked and every suppression.
set -euo pipefail

usage() {
    cat <<'USAGE'
Usage: Scripts/constant-time.sh [--traits LibSecp256k1] [--scratch-path DIR] [--case NAME]...
                                [--self-test] [--keep-log FILE]

Builds ConstantTime/ in release mode (into .build-ct, or .build-ct-secp256k1 with the trait) and
runs constant-time-check under
  valgrind --tool=memcheck --error-exitcode=1 --track-origins=yes
with the suppressions in ConstantTime/valgrind.supp (libcrypto's, libsecp256k1's and the dynamic
loader's own frames only). Every finding is printed with Swift names demangled.

  --traits LibSecp256k1  check UmbralCore's libsecp256k1 backend instead of libcrypto
  --scratch-path DIR     build directory (default .build-ct, .build-ct-secp256k1 with the trait)
  --case NAME            run only this case (repeatable; `constant-time-check --list` names them)
  --self-test            run only the planted secret-dependent branch and succeed only if memcheck
                         reports it: proof that the check can fail
  --keep-log FILE        keep valgrind's full log in FILE
  --help                 show this text

Needs valgrind (Debian: valgrind, which also ships the headers the check's C target includes).
Exit status: 0 when there is no finding and every case gave its expected output; 1 on a finding
or a wrong output (or, with --self-test, when the planted branch goes unreported); 2 for a usage
or setup error.
USAGE
}

traits=""
scratch=""
log_copy=""
self_test=0
case_args=()
while (($#)); do
    case "$1" in
        -h|--help) usage; exit 0 ;;
        --traits) traits="${2:?--traits needs a trait name}"; shift ;;
        --scratch-path) scratch="${2:?--scratch-path needs a directory}"; shift ;;
        --case) case_args+=(--case "${2:?--case needs a name}"); shift ;;
        --self-test) self_test=1 ;;
        --keep-log) log_copy="${2:?--keep-log needs a file}"; shift ;;
        *) echo "constant-time.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
    esac
    shift
done

cd "$(dirname "${BASH_SOURCE[0]}")/.."
root="$PWD"

command -v valgrind >/dev/null || { echo "constant-time.sh: valgrind is not installed (apt-get install valgrind)" >&2; exit 2; }
[ -f /usr/include/valgrind/memcheck.h ] || { echo "constant-time.sh: valgrind's headers are missing (/usr/include/valgrind/memcheck.h)" >&2; exit 2; }

build_args=(-c release --package-path ConstantTime --product constant-time-check -Xswiftc -g)
if [ -n "$traits" ]; then
    [ "$traits" = LibSecp256k1 ] || { echo "constant-time.sh: the only trait is LibSecp256k1" >&2; exit 2; }
    build_args+=(--traits "$traits")
    scratch="${scratch:-.build-ct-secp256k1}"
else
    scratch="${scratch:-.build-ct}"
fi
build_args+=(--scratch-path "$root/$scratch")

# The check resolves the main package's dependencies itself; start from the main package's pins
# so both build the same versions (ConstantTime/Package.resolved is ignored by git like the other).
[ -f ConstantTime/Package.resolved ] || { [ -f Package.resolved ] && cp Package.resolved ConstantTime/Package.resolved; } || true

echo "==> Building constant-time-check (${traits:-OpenSSL backend}, $scratch)"
swift build "${build_args[@]}"
binary="$(swift build "${build_args[@]}" --show-bin-path)/constant-time-check"

if ((self_test)); then
    case_args=(--case planted-branch)
fi

log="$(mktemp /tmp/constant-time.XXXXXX.log)"
trap 'rm -f "$log"' EXIT
echo "==> valgrind --tool=memcheck constant-time-check ${case_args[*]:-}"
start=$(date +%s)
status=0
valgrind --tool=memcheck --error-exitcode=1 --track-origins=yes --leak-check=no --num-callers=40 \
    --suppressions=ConstantTime/valgrind.supp --log-file="$log" \
    "$binary" "${case_args[@]}" || status=$?
elapsed=$(($(date +%s) - start))
[ -z "$log_copy" ] || cp "$log" "$log_copy"

# The findings, with Swift symbols demangled (valgrind prints them mangled).
demangle() { if command -v swift-demangle >/dev/null; then swift-demangle --simplified; else swift demangle --simplified 2>/dev/null || cat; fi; }
summary="$(grep -E 'ERROR SUMMARY' "$log" | tail -1 | sed 's/^==[0-9]*== //')"
errors="$(sed -nE 's/.*ERROR SUMMARY: ([0-9]+) errors.*/\1/p' <<<"$summary")"
if [ "${errors:-0}" != 0 ]; then
    echo "==> Findings"
    # Every error block: from the first line that names the problem to the blank line after its stack.
    awk '/== (Conditional jump|Use of uninitialised|Syscall param|Invalid )/{show=1} show{print} /^==[0-9]+== $/{show=0}' "$log" \
        | sed 's/^==[0-9]*== //' | demangle
fi
echo "==> memcheck: $summary"
echo "==> valgrind exit status $status, ${elapsed} s"

if ((self_test)); then
    if [ "${errors:-0}" != 0 ] && grep -q 'ConstantTimeCheck' "$log"; then
        echo "self-test: the planted secret-dependent branch was reported, so the check can fail"
        exit 0
    fi
    echo "self-test: the planted secret-dependent branch was NOT reported" >&2
    exit 1
fi
if [ "$status" != 0 ] || [ "${errors:-0}" != 0 ]; then
    echo "constant-time check FAILED: ${errors:-?} memcheck errors (status $status)" >&2
    exit 1
fi
echo "constant-time check passed: no branch or address depends on a secret in our code"
