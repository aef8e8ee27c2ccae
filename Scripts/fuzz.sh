#!/usr/bin/env bash
# Builds SwiftKMS's libFuzzer targets (the Fuzz/ package, under -sanitize=fuzzer,address) and runs
# each for a budget, keeping its corpus between runs and seeding it from the project's vectors.
set -euo pipefail

all_targets=(MessagePack Umbral ProtocolObjects Datagram RESTBodies)

usage() {
    cat <<'USAGE'
Usage: Scripts/fuzz.sh [--runs N | --seconds S] [--max-len N] [--no-build] [TARGET...]

Targets (default: all):
  MessagePack      KMSMessagePack's strict decoder (decode and decodePrefix)
  Umbral           every UmbralCore type that parses bytes: PublicKey, SecretKey, SecretKeyFactory
                   seed, Signature (raw and DER), RecoverableSignature, Capsule, KeyFrag,
                   CapsuleFrag, ReencryptionEvidence, PassphraseSeal, DEM ciphertexts
  ProtocolObjects  every nucypher-core object of KMSPolicy (MessageKit, TreasureMap, EncryptedKeyFrag,
                   ReencryptionRequest/Response, NodeMetadata, ... Arrangement), headered and bare
  Datagram         rpcudp datagrams, then their kademlia requests, responses and values
  RESTBodies       the bodies of Ursula's POST routes (node_metadata, consider_arrangement,
                   reencrypt, revoke), served by her real router in process

The targets are executables of the package in Fuzz/, built with
  swift build --package-path Fuzz --scratch-path .build-fuzz -c release \
    -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library
Each runs on fuzz-corpus/<TARGET>/queue (kept between runs, so coverage accumulates). An empty
queue is first seeded by the target itself: every byte string of the project's JSON vectors
(Tests/UmbralCoreTests/Fixtures, ../shared/vectors) that fits one of its types, and valid objects
made for the target's fixed keys. A target's first input byte chooses the type it parses.

  --runs N      stop each target after N executions (default 1000000)
  --seconds S   stop each target after S seconds instead (0: no time limit, the default)
  --max-len N   the longest input tried, in bytes (default 8192)
  --no-build    run the binaries already in .build-fuzz (for running targets side by side)
  --help        show this text

Exit status: 0 when every target ran its budget without a finding; 1 when one crashed, leaked,
timed out or broke a property (the input is kept in fuzz-corpus/<TARGET>/findings/ and the command
to replay it is printed); 2 for a usage error.
USAGE
}

runs=1000000
max_len=8192
seconds=0
build=1
targets=()
while (($#)); do
    case "$1" in
        -h|--help) usage; exit 0 ;;
        --runs) runs="${2:?--runs needs a number}"; shift ;;
        --seconds) seconds="${2:?--seconds needs a number}"; runs=-1; shift ;;
        --max-len) max_len="${2:?--max-len needs a number}"; shift ;;
        --no-build) build=0 ;;
        -*) echo "fuzz.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
        *)
            [[ " ${all_targets[*]} " == *" $1 "* ]] || {
                echo "fuzz.sh: unknown target $1 (known: ${all_targets[*]})" >&2
                exit 2
            }
            targets+=("$1")
            ;;
    esac
    shift
done

cd "$(dirname "${BASH_SOURCE[0]}")/.."
((${#targets[@]})) || targets=("${all_targets[@]}")

# ASan's default quarantine (256 MiB) and 30-frame allocation stacks grow the fuzzer past
# libFuzzer's 2 GiB RSS limit within a few million runs of Swift code, which allocates many small
# arrays; without ASan the same run peaks under 40 MiB, so this is not a leak of ours.
export ASAN_OPTIONS="${ASAN_OPTIONS:-quarantine_size_mb=64:malloc_context_size=5}"

scratch="$PWD/.build-fuzz"
build_flags=(--package-path Fuzz --scratch-path "$scratch" -c release
    -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library)
if ((build)); then
    started=$(date +%s)
    if ((${#targets[@]} == ${#all_targets[@]})); then
        echo "==> building every fuzz target into .build-fuzz/release" >&2
        swift build "${build_flags[@]}" 2> >(grep -v "Cannot export local symbol" >&2)
    else
        for target in "${targets[@]}"; do
            echo "==> building Fuzz$target into .build-fuzz/release" >&2
            swift build "${build_flags[@]}" --product "Fuzz$target" 2> >(grep -v "Cannot export local symbol" >&2)
        done
    fi
    echo "==> built in $(($(date +%s) - started)) s" >&2
fi
bin_dir=$(swift build "${build_flags[@]}" --show-bin-path)

status=0
for target in "${targets[@]}"; do
    binary="$bin_dir/Fuzz$target"
    [[ -x "$binary" ]] || { echo "fuzz.sh: $binary is missing; build without --no-build" >&2; exit 2; }
    corpus="fuzz-corpus/$target"
    findings="$corpus/findings"
    mkdir -p "$corpus/queue" "$findings"
    if [[ -z "$(ls -A "$corpus/queue")" ]]; then
        echo "==> seeding $corpus/queue" >&2
        KMS_FUZZ_WRITE_SEEDS="$corpus/queue" "$binary" >&2 2>"$corpus/seeding.log" || {
            cat "$corpus/seeding.log" >&2
            echo "fuzz.sh: $target could not write its seeds" >&2
            exit 1
        }
    fi
    # RESTBodies serves requests on Swift's concurrency threads, where OpenSSL 3 creates one random
    # generator per thread on first use, held only through pthread_setspecific: LeakSanitizer
    # cannot see it is owned and reports it (12 objects, once per worker thread). Its stack has no
    # frame of ours to suppress by, so leak checking is off for this target only; the code it
    # reaches below the router (parsing, Umbral) is leak-checked by the other targets.
    leaks=(); asan="$ASAN_OPTIONS"
    [[ "$target" == RESTBodies ]] && leaks=(-detect_leaks=0) && asan="$ASAN_OPTIONS:detect_leaks=0"
    echo "==> fuzzing $target: runs=$runs seconds=$seconds corpus=$corpus/queue" >&2
    started=$(date +%s)
    if ASAN_OPTIONS="$asan" "$binary" "$corpus/queue" "${leaks[@]}" -runs="$runs" -max_total_time="$seconds" -max_len="$max_len" -timeout=10 \
        -artifact_prefix="$findings/" -print_final_stats=1 2> "$corpus/last-run.log"; then
        elapsed=$(($(date +%s) - started))
        executed=$(sed -n 's/^stat::number_of_executed_units: *//p' "$corpus/last-run.log")
        rss=$(sed -n 's/^stat::peak_rss_mb: *//p' "$corpus/last-run.log")
        echo "$target: ${executed:-?} executions in ${elapsed} s ($(( ${executed:-0} / (elapsed > 0 ? elapsed : 1) )) exec/s)," \
            "corpus $(ls "$corpus/queue" | wc -l) inputs, peak RSS ${rss:-?} MiB, no finding" >&2
    else
        status=1
        tail -40 "$corpus/last-run.log" >&2
        echo "fuzz.sh: $target found a problem; replay with: $binary $findings/<file>" >&2
    fi
done
exit "$status"
