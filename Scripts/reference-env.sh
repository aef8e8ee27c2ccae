#!/usr/bin/env bash
# Creates or reuses the pinned Python reference environment (umbral-pre 0.11.0, nucypher-core
# 0.16.0, kademlia 2.2.3, pyUmbral 0.3.0, pytest) used by the fixture generator, the interop suite
# and the reference benchmarks. The last line on stdout is the venv's python; everything else
# goes to stderr, so callers can write: PY="$(Scripts/reference-env.sh | tail -n 1)".
set -euo pipefail

usage() {
    cat <<'USAGE'
Usage: Scripts/reference-env.sh [--force] [--help]

Creates (or reuses) a Python virtual environment holding exactly the packages pinned in
Scripts/reference-requirements.txt, checks that umbral_pre, nucypher_core, kademlia and umbral
import, and prints the environment's python executable as the last line of stdout.

  --force   rebuild the environment even if it already matches the pins
  --help    show this text

Environment:
  KMS_REFERENCE_VENV   where the venv lives (default: <repo>/.venv-reference)
  PYTHON               interpreter used to create the venv (default: python3)

An existing venv is reused only when its installed packages are exactly the pinned set; otherwise
it is cleared and rebuilt. PyPI must be reachable the first time.
USAGE
}

force=0
for arg in "$@"; do
    case "$arg" in
        -h|--help) usage; exit 0 ;;
        --force) force=1 ;;
        *) echo "reference-env.sh: unknown argument: $arg (see --help)" >&2; exit 2 ;;
    esac
done

script_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_root="$(cd "$script_dir/.." && pwd)"
requirements="$script_dir/reference-requirements.txt"
venv="${KMS_REFERENCE_VENV:-$repo_root/.venv-reference}"
base_python="${PYTHON:-python3}"
venv_python="$venv/bin/python"

# "name==version" lines with names normalized (PEP 503), sorted; reads stdin.
normalize() {
    awk -F'==' 'NF == 2 { n = tolower($1); gsub(/[-_.]+/, "-", n); gsub(/[ \t\r]/, "", $2); print n "==" $2 }' | LC_ALL=C sort
}

wanted_pins() {
    sed -e 's/#.*$//' -e '/^[[:space:]]*$/d' "$requirements" | normalize
}

installed_pins() {
    "$venv_python" -m pip freeze --all --disable-pip-version-check 2>/dev/null \
        | grep -v -i -E '^(pip|wheel)==' | normalize
}

matches_pins() {
    [[ -x "$venv_python" ]] || return 1
    [[ "$(installed_pins)" == "$(wanted_pins)" ]]
}

if [[ "$force" == 1 ]] || ! matches_pins; then
    if [[ -e "$venv" && ! -f "$venv/pyvenv.cfg" ]] && [[ -n "$(ls -A "$venv" 2>/dev/null)" ]]; then
        echo "reference-env.sh: $venv exists and is not a virtual environment; refusing to touch it" >&2
        exit 1
    fi
    echo "reference-env.sh: building the reference environment in $venv" >&2
    "$base_python" -m venv --clear "$venv" >&2
    "$venv_python" -m pip install --disable-pip-version-check --quiet --no-input \
        -r "$requirements" >&2
    if ! matches_pins; then
        echo "reference-env.sh: installed packages differ from $requirements:" >&2
        diff <(wanted_pins) <(installed_pins) >&2 || true
        exit 1
    fi
else
    echo "reference-env.sh: reusing $venv (matches the pins)" >&2
fi

# Sanity check: every reference module imports, and the versions are the pinned ones.
"$venv_python" - >&2 <<'PY'
import importlib.metadata as md
import kademlia
import nucypher_core
import umbral
import umbral_pre

expected = {"umbral-pre": "0.11.0", "nucypher-core": "0.16.0", "kademlia": "2.2.3", "umbral": "0.3.0"}
for name, version in expected.items():
    found = md.version(name)
    if found != version:
        raise SystemExit(f"reference-env.sh: {name} is {found}, expected {version}")
# A smoke round trip through umbral_pre, so a broken wheel shows up here rather than in tests.
sk = umbral_pre.SecretKey.random()
capsule, ciphertext = umbral_pre.encrypt(sk.public_key(), b"reference-env")
assert umbral_pre.decrypt_original(sk, capsule, ciphertext) == b"reference-env"
print("reference-env.sh: imports umbral_pre, nucypher_core, kademlia, umbral: ok")
PY

echo "$venv_python"
