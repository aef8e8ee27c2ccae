#!/usr/bin/env bash
# Live interop suite: builds the `kms` CLI, `umbral-interop-agent` and `kms-policy-interop-agent`,
# prepares the pinned Python reference environment, and runs the pytest suite in Tests/Interop
# against umbral-pre 0.11.0 and nucypher-core 0.16.0.
set -euo pipefail

usage() {
    cat <<'USAGE'
Usage: Scripts/interop.sh [--release] [--scratch-path DIR] [--traits T] [--seed N] [-- PYTEST-ARGS...]

Builds the Swift products `kms`, `umbral-interop-agent` and `kms-policy-interop-agent`, ensures
the reference venv (Scripts/reference-env.sh), then runs `pytest -q Tests/Interop` with the venv's
python. Both directions (Python-made objects consumed by Swift and the reverse) are exercised:
Umbral through the CLI and the library agent (test_umbral_interop.py), the nucypher-core 0.16
policy and node objects through the KMSPolicy agent (test_nucypher_core_interop.py), with fresh
random keys and plaintexts on every run.

  --release            build and test the release configuration (default: debug)
  --scratch-path DIR   SwiftPM scratch path (default: $KMS_SCRATCH_PATH, else SwiftPM's .build)
  --traits T           package traits for every swift build, e.g. LibSecp256k1 (UmbralCore's
                       libsecp256k1 curve backend); give it its own --scratch-path
  --seed N             repeat a run's parameters (the seed is printed in pytest's header)
  --help               show this text
  -- ARGS              extra pytest arguments, e.g. -- -k agent -x, or -- -k nucypher

Environment: KMS_REFERENCE_VENV (see Scripts/reference-env.sh), KMS_INTEROP_SEED,
KMS_INTEROP_TIMEOUT (seconds an agent may take for one request, default 300). The script exports
KMS_BIN_DIR and KMS_POLICY_AGENT (the path of kms-policy-interop-agent) for pytest.
USAGE
}

configuration=debug
scratch="${KMS_SCRATCH_PATH:-}"
traits=""
pytest_args=()
while (($#)); do
    case "$1" in
        -h|--help) usage; exit 0 ;;
        --release) configuration=release ;;
        --scratch-path) scratch="${2:?--scratch-path needs a directory}"; shift ;;
        --traits) traits="${2:?--traits needs a trait list}"; shift ;;
        --seed) export KMS_INTEROP_SEED="${2:?--seed needs a number}"; shift ;;
        --) shift; pytest_args=("$@"); break ;;
        *) echo "interop.sh: unknown argument: $1 (see --help)" >&2; exit 2 ;;
    esac
    shift
done

script_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_root="$(cd "$script_dir/.." && pwd)"
cd "$repo_root"

swift_args=(-c "$configuration")
if [[ -n "$scratch" ]]; then
    swift_args+=(--scratch-path "$scratch")
fi
if [[ -n "$traits" ]]; then
    swift_args+=(--traits "$traits")
fi

products=(kms umbral-interop-agent kms-policy-interop-agent)
echo "==> building ${products[*]} ($configuration${traits:+, traits $traits})" >&2
for product in "${products[@]}"; do
    swift build "${swift_args[@]}" --product "$product" >&2
done
bin_dir="$(swift build "${swift_args[@]}" --show-bin-path | tail -n 1)"
for product in "${products[@]}"; do
    [[ -x "$bin_dir/$product" ]] || { echo "interop.sh: $bin_dir/$product was not built" >&2; exit 1; }
done

echo "==> reference environment" >&2
python="$("$script_dir/reference-env.sh" | tail -n 1)"

echo "==> pytest Tests/Interop" >&2
export KMS_BIN_DIR="$bin_dir"
export KMS_POLICY_AGENT="$bin_dir/kms-policy-interop-agent"
export PYTHONDONTWRITEBYTECODE=1
exec "$python" -m pytest -q -p no:cacheprovider Tests/Interop ${pytest_args[@]+"${pytest_args[@]}"}
