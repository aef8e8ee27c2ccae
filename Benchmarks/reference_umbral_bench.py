#!/usr/bin/env python3
"""Reference timings for Umbral in Python: umbral-pre 0.11 (Rust) and pyUmbral 0.3 (pure Python).

Run with the pinned reference interpreter:

    PY="$(Scripts/reference-env.sh | tail -n 1)"
    "$PY" Benchmarks/reference_umbral_bench.py --iterations 50
    "$PY" Benchmarks/reference_umbral_bench.py --plaintext-file a.bin --plaintext-file b.bin

Output: one JSON object on stdout,

    {"<implementation>": {"<operation>": {"median_us": <float>, "samples": <int>}, ...}, ...}

Implementations: "umbral-pre-0.11" (module umbral_pre) and "pyumbral-0.3" (module umbral). The two
are different dialects of Umbral (pyUmbral 0.3 hashes and serializes differently), so only their
timings are comparable, never their bytes.

Operation names (a Swift benchmark should emit the same names; <size> is the plaintext length in
bytes, one entry per plaintext):
    encrypt_<size>              encrypt(pk, plaintext)
    decrypt_original_<size>     decrypt_original(sk, capsule, ciphertext)
    generate_kfrags_2of3        generate_kfrags(threshold 2, shares 3, both signing flags set)
    generate_kfrags_5of10       generate_kfrags(threshold 5, shares 10, both signing flags set)
    verify_kfrag                KeyFrag.verify(verifying, delegating, receiving) on a parsed kFrag
    reencrypt                   reencrypt(capsule, verified kFrag)
    verify_cfrag                CapsuleFrag.verify(capsule, verifying, delegating, receiving) on a
                                parsed cFrag
    decrypt_reencrypted_2       decrypt_reencrypted with 2 cFrags (2-of-3 kFrags)
    decrypt_reencrypted_5       decrypt_reencrypted with 5 cFrags (5-of-10 kFrags)
The kFrag/cFrag operations use the 2-of-3 set; both decrypt_reencrypted operations decrypt the
ciphertext of the first plaintext. Timings are wall-clock (time.perf_counter_ns) per call, after
--warmup untimed calls; median_us is the median over --iterations samples.

Inputs: --plaintext-file F (repeatable) uses the files' contents; otherwise --sizes (default
1024,1048576, i.e. 1 KiB and 1 MiB) with bytes from random.Random(--seed).randbytes(size), so a
Swift program can reproduce or simply be handed the same files.
"""

from __future__ import annotations

import argparse
import importlib
import json
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any, Callable

IMPLEMENTATIONS = {"umbral-pre-0.11": "umbral_pre", "pyumbral-0.3": "umbral"}


def measure(fn: Callable[[], Any], iterations: int, warmup: int) -> dict:
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(iterations):
        start = time.perf_counter_ns()
        fn()
        samples.append(time.perf_counter_ns() - start)
    return {"median_us": round(statistics.median(samples) / 1000.0, 3), "samples": len(samples)}


def bench(module: Any, plaintexts: list[bytes], iterations: int, warmup: int) -> dict:
    """Times one implementation. Both modules expose the same call shapes: SecretKey.random(),
    Signer, encrypt, decrypt_original, generate_kfrags, KeyFrag/CapsuleFrag.from_bytes(...).verify,
    reencrypt and decrypt_reencrypted."""
    m = module
    alice, bob, signing = m.SecretKey.random(), m.SecretKey.random(), m.SecretKey.random()
    alice_pk, bob_pk = alice.public_key(), bob.public_key()
    signer = m.Signer(signing)
    verifying_pk = signer.verifying_key()
    results: dict[str, dict] = {}

    encrypted = []
    for plaintext in plaintexts:
        size = len(plaintext)
        results[f"encrypt_{size}"] = measure(lambda: m.encrypt(alice_pk, plaintext), iterations, warmup)
        capsule, ciphertext = m.encrypt(alice_pk, plaintext)
        assert m.decrypt_original(alice, capsule, ciphertext) == plaintext
        results[f"decrypt_original_{size}"] = measure(
            lambda: m.decrypt_original(alice, capsule, ciphertext), iterations, warmup)
        encrypted.append((capsule, ciphertext, plaintext))

    def kfrags(threshold: int, shares: int):
        return m.generate_kfrags(alice, bob_pk, signer, threshold, shares, True, True)

    results["generate_kfrags_2of3"] = measure(lambda: kfrags(2, 3), iterations, warmup)
    results["generate_kfrags_5of10"] = measure(lambda: kfrags(5, 10), iterations, warmup)

    capsule, ciphertext, plaintext = encrypted[0]
    set3, set10 = kfrags(2, 3), kfrags(5, 10)
    kfrag = m.KeyFrag.from_bytes(bytes(set3[0]))
    results["verify_kfrag"] = measure(lambda: kfrag.verify(verifying_pk, alice_pk, bob_pk), iterations, warmup)
    verified_kfrag = kfrag.verify(verifying_pk, alice_pk, bob_pk)
    results["reencrypt"] = measure(lambda: m.reencrypt(capsule, verified_kfrag), iterations, warmup)
    cfrag = m.CapsuleFrag.from_bytes(bytes(m.reencrypt(capsule, verified_kfrag)))
    results["verify_cfrag"] = measure(
        lambda: cfrag.verify(capsule, verifying_pk, alice_pk, bob_pk), iterations, warmup)

    for count, kset in ((2, set3), (5, set10)):
        cfrags = [m.reencrypt(capsule, kf) for kf in kset[:count]]
        assert m.decrypt_reencrypted(bob, alice_pk, capsule, cfrags, ciphertext) == plaintext
        results[f"decrypt_reencrypted_{count}"] = measure(
            lambda: m.decrypt_reencrypted(bob, alice_pk, capsule, cfrags, ciphertext), iterations, warmup)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description="Time umbral-pre 0.11 and pyUmbral 0.3 (see the module docstring).")
    parser.add_argument("--iterations", type=int, default=30, help="timed samples per operation (default 30)")
    parser.add_argument("--warmup", type=int, default=2, help="untimed calls before sampling (default 2)")
    parser.add_argument("--plaintext-file", type=Path, action="append", default=[],
                        help="a plaintext to use (repeatable); overrides --sizes")
    parser.add_argument("--sizes", default="1024,1048576",
                        help="comma-separated plaintext sizes in bytes when no file is given (default 1024,1048576)")
    parser.add_argument("--seed", type=int, default=0, help="seed for generated plaintexts (default 0)")
    parser.add_argument("--implementation", action="append", choices=sorted(IMPLEMENTATIONS),
                        help="limit to these implementations (repeatable; default: all)")
    args = parser.parse_args()
    if args.iterations < 1:
        parser.error("--iterations must be at least 1")

    if args.plaintext_file:
        plaintexts = [path.read_bytes() for path in args.plaintext_file]
    else:
        rng = random.Random(args.seed)
        try:
            sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
        except ValueError:
            parser.error("--sizes must be comma-separated integers")
        if not sizes or min(sizes) < 0:
            parser.error("--sizes needs at least one non-negative size")
        plaintexts = [rng.randbytes(size) for size in sizes]

    output = {}
    for name in args.implementation or list(IMPLEMENTATIONS):
        module = importlib.import_module(IMPLEMENTATIONS[name])
        print(f"benchmarking {name} ({args.iterations} iterations)", file=sys.stderr)
        output[name] = bench(module, plaintexts, args.iterations, args.warmup)
    json.dump(output, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
