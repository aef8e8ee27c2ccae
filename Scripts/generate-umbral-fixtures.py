#!/usr/bin/env python3
"""Generate the umbral-pre 0.11 known-answer fixture used by the Swift UmbralCore tests.

Run it with the pinned reference interpreter:

    PY="$(Scripts/reference-env.sh | tail -n 1)"
    "$PY" Scripts/generate-umbral-fixtures.py            # writes the default output file
    "$PY" Scripts/generate-umbral-fixtures.py --out F    # or somewhere else

Default output: Tests/UmbralCoreTests/Fixtures/umbral-pre-0.11.json (committed).

Every value in the file was produced or checked by the `umbral_pre` package itself; the script
only decides *what* to ask it. The random parts (keys, capsules, kfrags, cfrags) are fresh on each
run, so regenerating changes those bytes but never their meaning. Before writing, the script
re-checks every positive object with umbral_pre (parse, re-encode, verify, decrypt with every
threshold-sized subset), and checks that every negative case behaves as the case's construction
predicts (so a surprise in the reference stops the script instead of landing in the fixture).

JSON schema (all byte strings are lowercase hex; the same description is stored under "schema"):

  generator            this script's repository path
  versions             {"umbral-pre", "nucypher-core", "python"}
  curve                {"n", "p", "u"}: group order, field prime, compressed Parameters().u
  key_factory[]        {"seed", "label", "make_key", "make_secret",
                        "make_factory": {"label", "probe_label", "make_key", "make_secret"}}
                       make_key is the 32-byte secret key, make_secret the 64 bytes; make_factory
                       cannot be exported, so the child factory is probed with probe_label.
  public_keys[]        {"note", "secret_key", "public_key"}: SecretKey.from_be_bytes(secret_key)
                       .public_key().to_compressed_bytes()
  signatures[]         {"secret_key", "verifying_key", "message", "signature" (64-byte r||s),
                        "der" (to_der_bytes), "other_message"}: the signature verifies for
                       message and does not verify for other_message. All are low-S.
  flows[]              one random encrypt / kfrag / re-encrypt run:
                       {"name", "threshold", "shares", "sign_delegating_key",
                        "sign_receiving_key", "delegating_secret_key", "delegating_public_key",
                        "receiving_secret_key", "receiving_public_key", "signing_secret_key",
                        "verifying_key", "plaintext", "capsule" (bytes(capsule), 105 bytes),
                        "capsule_simple" (to_bytes_simple, 98), "ciphertext",
                        "kfrags"[] (bytes(kfrag), 310), "cfrags"[]}
                       cfrags[i] was made by reencrypt(capsule, kfrags[i]):
                       {"bytes" (381), "simple" (359), "evidence"}
                       evidence = {"bytes" (528, ReencryptionEvidence(capsule, cfrag,
                        verifying_key, delegating_public_key, receiving_public_key)), the
                        getters "e", "ez", "e1", "e1h", "e2", "v", "vz", "v1", "v1h", "v2",
                        "uz", "u1", "u1h", "u2" (compressed points),
                        "kfrag_validity_message_hash", "kfrag_signature_v" (bool),
                        "recoverable_signature" (65 bytes: the cfrag's kfrag signature followed
                        by kfrag_signature_v; PublicKey.recover_from_prehash(
                        kfrag_validity_message_hash, it) gives verifying_key)}
  negative[]           inputs every implementation must reject in the named operation:
                       {"name", "operation", "inputs": {...}, "umbral_pre": {"result":
                        "rejected" | "accepted" | "panic", "error_type", "error"},
                        "stricter_than_umbral_pre": bool, "note"}
                       operation and its inputs:
                         secret_key | public_key | signature | signature_der |
                         recoverable_signature | key_factory_seed | capsule | evidence:
                             {"bytes"}: parse only
                         kfrag_verify: {"kfrag", "verifying_key", "delegating_key" (or null),
                             "receiving_key" (or null)}: parse, then verify
                         cfrag_verify: {"cfrag", "capsule", "verifying_key", "delegating_key",
                             "receiving_key"}: parse both, then verify the cfrag
                         evidence_create: {"capsule", "cfrag", "verifying_key",
                             "delegating_key", "receiving_key"}: the cfrag is taken without
                             verification, then evidence is computed
                         decrypt_original: {"secret_key", "capsule", "ciphertext"}
                         decrypt_reencrypted: {"receiving_secret_key", "delegating_key",
                             "capsule", "cfrags"[], "ciphertext"}: cfrags taken without
                             verification (skip_verification), then decrypt_reencrypted
                         generate_kfrags: {"delegating_secret_key", "receiving_key",
                             "signing_secret_key", "threshold", "shares"}
                       umbral_pre.result "accepted" means umbral-pre 0.11 let the input through
                       (always with stricter_than_umbral_pre = true: the input is
                       non-canonical or semantically invalid, and a strict implementation
                       rejects it); "panic" means umbral-pre aborted with a Rust panic
                       (pyo3_runtime.PanicException) instead of an error.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import importlib.metadata as metadata
import itertools
import json
import os
import random
import sys
from pathlib import Path
from typing import Any, Callable

import umbral_pre as up

GENERATOR = "Scripts/generate-umbral-fixtures.py"
DEFAULT_OUT = Path(__file__).resolve().parent.parent / "Tests/UmbralCoreTests/Fixtures/umbral-pre-0.11.json"

P = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEFFFFFC2F
N = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141

SCHEMA = {
    "generator": "repository path of the script that wrote this file",
    "versions": "package versions of the reference used",
    "encoding": "every byte string is lowercase hex",
    "curve": "n (group order), p (field prime), u (compressed umbral_pre.Parameters().u)",
    "key_factory": "[{seed, label, make_key (32), make_secret (64), make_factory: {label, probe_label, "
                   "make_key, make_secret of the child factory for probe_label}}]",
    "public_keys": "[{note, secret_key, public_key}]: compressed public key of each secret key",
    "signatures": "[{secret_key, verifying_key, message, signature (r||s, 64), der, other_message}]: "
                  "verifies for message, not for other_message; all low-S",
    "flows": "[{name, threshold, shares, sign_delegating_key, sign_receiving_key, delegating_secret_key, "
             "delegating_public_key, receiving_secret_key, receiving_public_key, signing_secret_key, "
             "verifying_key, plaintext, capsule (105), capsule_simple (98), ciphertext, kfrags[] (310), "
             "cfrags[]: {bytes (381), simple (359), evidence: {bytes (528), e, ez, e1, e1h, e2, v, vz, v1, "
             "v1h, v2, uz, u1, u1h, u2, kfrag_validity_message_hash, kfrag_signature_v, "
             "recoverable_signature (65)}}}]; cfrags[i] = reencrypt(capsule, kfrags[i])",
    "negative": "[{name, operation, inputs, umbral_pre: {result: rejected|accepted|panic, error_type, "
                "error}, stricter_than_umbral_pre, note}]; every case must be rejected by a strict "
                "implementation. Operations: secret_key, public_key, signature, signature_der, "
                "recoverable_signature, key_factory_seed, capsule, evidence (inputs {bytes}); "
                "kfrag_verify {kfrag, verifying_key, delegating_key|null, receiving_key|null}; "
                "cfrag_verify {cfrag, capsule, verifying_key, delegating_key, receiving_key}; "
                "evidence_create {capsule, cfrag, verifying_key, delegating_key, receiving_key}; "
                "decrypt_original {secret_key, capsule, ciphertext}; decrypt_reencrypted "
                "{receiving_secret_key, delegating_key, capsule, cfrags[] (unverified), ciphertext}; "
                "generate_kfrags {delegating_secret_key, receiving_key, signing_secret_key, threshold, shares}",
}


# --------------------------------------------------------------------------------------------
# Small helpers: hex, points, a minimal MessagePack codec for building non-canonical variants.

def h(b: bytes) -> str:
    return bytes(b).hex()


def be32(x: int) -> bytes:
    return x.to_bytes(32, "big")


def y_for_x(x: int, odd: bool) -> int | None:
    """The y with the requested parity on secp256k1 for x, or None if x is not on the curve."""
    rhs = (pow(x, 3, P) + 7) % P
    y = pow(rhs, (P + 1) // 4, P)
    if y * y % P != rhs:
        return None
    if (y & 1) != odd:
        y = P - y
    return y


def uncompressed(point33: bytes) -> bytes:
    x = int.from_bytes(point33[1:], "big")
    y = y_for_x(x, point33[0] == 3)
    assert y is not None
    return b"\x04" + point33[1:] + be32(y)


def off_curve_x(start: int) -> int:
    x = start
    while y_for_x(x, False) is not None:
        x += 1
    return x


def point_bytes(cp: up.CurvePoint) -> bytes:
    x, y = cp.coordinates
    return bytes([2 + (y[-1] & 1)]) + x


class Bin:
    """A msgpack byte string plus how to write it (bin8, bin16, bin32 or str8)."""

    def __init__(self, data: bytes, form: str = "bin8"):
        self.data = bytes(data)
        self.form = form


class Arr:
    """A msgpack array plus its header form (fix, a16, a32) or a map with field names."""

    def __init__(self, items: list, form: str = "fix", names: list[str] | None = None):
        self.items = items
        self.form = form
        self.names = names


def mp_decode(data: bytes) -> tuple[Any, int]:
    """Decodes the subset of msgpack Umbral writes; returns (value, bytes consumed)."""
    def go(i: int) -> tuple[Any, int]:
        m = data[i]
        form = "fix"
        if 0x90 <= m <= 0x9F:
            count, i = m & 0x0F, i + 1
        elif m == 0xDC:
            count, i, form = int.from_bytes(data[i + 1:i + 3], "big"), i + 3, "a16"
        elif m == 0xC4:
            ln = data[i + 1]
            return Bin(data[i + 2:i + 2 + ln]), i + 2 + ln
        elif m in (0xC2, 0xC3):
            return m == 0xC3, i + 1
        else:
            raise ValueError(f"unexpected marker {m:#x}")
        items = []
        for _ in range(count):
            v, i = go(i)
            items.append(v)
        return Arr(items, form), i
    return go(0)


def mp_encode(v: Any) -> bytes:
    if isinstance(v, bool):
        return b"\xc3" if v else b"\xc2"
    if isinstance(v, int):
        return bytes([v]) if 0 <= v < 0x80 else b"\xcd" + v.to_bytes(2, "big")
    if isinstance(v, Bin):
        ln = len(v.data)
        if v.form == "bin8":
            return b"\xc4" + bytes([ln]) + v.data
        if v.form == "bin16":
            return b"\xc5" + ln.to_bytes(2, "big") + v.data
        if v.form == "bin32":
            return b"\xc6" + ln.to_bytes(4, "big") + v.data
        if v.form == "str8":
            return b"\xd9" + bytes([ln]) + v.data
        raise ValueError(v.form)
    if isinstance(v, Arr):
        body = b""
        if v.names is not None:
            for name, item in zip(v.names, v.items):
                enc = name.encode()
                body += bytes([0xA0 | len(enc)]) + enc + mp_encode(item)
            return bytes([0x80 | len(v.items)]) + body
        body = b"".join(mp_encode(x) for x in v.items)
        if v.form == "fix":
            assert len(v.items) < 16
            return bytes([0x90 | len(v.items)]) + body
        if v.form == "a16":
            return b"\xdc" + len(v.items).to_bytes(2, "big") + body
        if v.form == "a32":
            return b"\xdd" + len(v.items).to_bytes(4, "big") + body
        raise ValueError(v.form)
    raise TypeError(type(v))


def tree(data: bytes) -> Arr:
    value, used = mp_decode(data)
    assert used == len(data) and mp_encode(value) == data, "canonical msgpack round trip"
    return value


def leaf_paths(v: Any, prefix: tuple = ()) -> list[tuple]:
    if isinstance(v, Arr):
        out = []
        for i, item in enumerate(v.items):
            out += leaf_paths(item, prefix + (i,))
        return out
    return [prefix]


def get(v: Arr, path: tuple) -> Any:
    for i in path:
        v = v.items[i]
    return v


def replaced(data: bytes, path: tuple, new: Any) -> bytes:
    t = tree(data)
    parent = get(t, path[:-1])
    parent.items[path[-1]] = new
    return mp_encode(t)


# Field names, in serialization order, for naming cases and for the map form.
CAPSULE_FIELDS = ["point_e", "point_v", "signature"]
KFRAG_FIELDS = {(0, 0): "params.u", (1,): "id", (2,): "key", (3,): "precursor",
                (4, 0): "proof.commitment", (4, 1): "proof.signature_for_proxy",
                (4, 2): "proof.signature_for_receiver", (4, 3): "proof.delegating_key_signed",
                (4, 4): "proof.receiving_key_signed"}
CFRAG_FIELDS = {(0,): "point_e1", (1,): "point_v1", (2,): "kfrag_id", (3,): "precursor",
                (4, 0): "proof.point_e2", (4, 1): "proof.point_v2", (4, 2): "proof.kfrag_commitment",
                (4, 3): "proof.kfrag_pok", (4, 4): "proof.signature", (4, 5): "proof.kfrag_signature"}
CFRAG_TOP = ["point_e1", "point_v1", "kfrag_id", "precursor", "proof"]
CFRAG_PROOF = ["point_e2", "point_v2", "kfrag_commitment", "kfrag_pok", "signature", "kfrag_signature"]


@contextlib.contextmanager
def quiet_stderr():
    """Rust panics print a report to fd 2; keep the generator's output readable."""
    sys.stderr.flush()
    saved = os.dup(2)
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)
    try:
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(devnull)


# --------------------------------------------------------------------------------------------
# Deterministic values.

def key_factory_cases() -> list[dict]:
    seeds = [bytes(range(32)), bytes(32), b"\xff" * 32, hashlib.sha256(b"swiftkms seed").digest(),
             os.urandom(32)]
    labels = [b"", b"foo", b"alice@example.org/decrypting", b"\x00", b"\x00\xff\x80\x7f\x01",
              bytes(range(256)), "ünïcødé".encode()]
    out = []
    for si, seed in enumerate(seeds):
        factory = up.SecretKeyFactory.from_secure_randomness(seed)
        for li, label in enumerate(labels):
            # Cover every label for the first seeds and a rotating subset for the rest.
            if si >= 2 and (li + si) % 2:
                continue
            child_label = labels[(li + 1) % len(labels)]
            child = factory.make_factory(child_label)
            probe = b"probe/" + label[:8]
            out.append({
                "seed": h(seed),
                "label": h(label),
                "make_key": h(factory.make_key(label).to_be_bytes()),
                "make_secret": h(factory.make_secret(label)),
                "make_factory": {
                    "label": h(child_label),
                    "probe_label": h(probe),
                    "make_key": h(child.make_key(probe).to_be_bytes()),
                    "make_secret": h(child.make_secret(probe)),
                },
            })
    return out


def public_key_cases() -> list[dict]:
    rng = random.Random(0x5EC7E7)
    chosen: list[tuple[str, int]] = [
        ("one", 1), ("two", 2), ("three", 3), ("n-1", N - 1), ("n-2", N - 2),
        ("(n-1)/2", (N - 1) // 2), ("(n+1)/2", (N + 1) // 2), ("2^128", 1 << 128),
        ("2^255", 1 << 255), ("2^256 - 2^224 (high bytes set, below n)", (1 << 256) - (1 << 224) - (1 << 200)),
        ("one leading zero byte", 0x00A702F986353CC7889C869EF8DD9DC5D7C21E993516C46B3BB263A42A820209),
        ("two leading zero bytes", int.from_bytes(b"\x00\x00" + hashlib.sha256(b"z2").digest()[2:], "big")),
        ("eight leading zero bytes", int.from_bytes(b"\x00" * 8 + hashlib.sha256(b"z8").digest()[8:], "big")),
        ("sixteen leading zero bytes", int.from_bytes(b"\x00" * 16 + hashlib.sha256(b"z16").digest()[16:], "big")),
        ("small 0xc0ffee", 0xC0FFEE), ("small 255", 255), ("small 256", 256),
    ]
    for i in range(24):
        chosen.append((f"random {i}", rng.randrange(1, N)))
    out = []
    for note, k in chosen:
        sk = up.SecretKey.from_be_bytes(be32(k))
        assert sk.to_be_bytes() == be32(k)
        out.append({"note": note, "secret_key": h(be32(k)), "public_key": h(sk.public_key().to_compressed_bytes())})
    # Keys as umbral_pre makes them, including make_key output with a leading zero byte.
    for i in range(6):
        sk = up.SecretKey.random()
        out.append({"note": f"SecretKey.random() {i}", "secret_key": h(sk.to_be_bytes()),
                    "public_key": h(sk.public_key().to_compressed_bytes())})
    return out


def signature_cases() -> list[dict]:
    messages = [b"", b"hello", b"\x00" * 32, bytes(range(256)), os.urandom(1000)]
    keys = [be32(1), be32(0xC0FFEE), be32(N - 1)] + [up.SecretKey.random().to_be_bytes() for _ in range(3)]
    out = []
    for ki, key in enumerate(keys):
        sk = up.SecretKey.from_be_bytes(key)
        signer = up.Signer(sk)
        for mi, message in enumerate(messages):
            if (ki + mi) % 2 and ki >= 3:
                continue
            sig = signer.sign(message)
            raw = sig.to_be_bytes()
            assert int.from_bytes(raw[32:], "big") <= N // 2, "umbral_pre emitted a high-S signature"
            assert sig.verify(signer.verifying_key(), message)
            other = message + b"!"
            assert not sig.verify(signer.verifying_key(), other)
            assert up.Signature.from_der_bytes(sig.to_der_bytes()).to_be_bytes() == raw
            out.append({"secret_key": h(key), "verifying_key": h(signer.verifying_key().to_compressed_bytes()),
                        "message": h(message), "signature": h(raw), "der": h(sig.to_der_bytes()),
                        "other_message": h(other)})
    return out


# --------------------------------------------------------------------------------------------
# Random flows.

FLOW_PLAN = [
    # (threshold, shares, sign_delegating_key, sign_receiving_key, plaintext size)
    (1, 1, True, True, 0),
    (1, 3, False, False, 1),
    (2, 3, True, False, 100),
    (3, 5, False, True, 10000),
    (2, 2, False, False, 0),
    (3, 4, True, True, 1),
    (4, 6, True, True, 100),
    (5, 5, False, True, 10000),
    (2, 5, True, False, 10000),
    (6, 8, True, True, 100),
]


def evidence_dict(capsule, vcfrag, vk, dpk, rpk, cfrag_bytes: bytes) -> dict:
    ev = up.ReencryptionEvidence(capsule, vcfrag, vk, dpk, rpk)
    raw = bytes(ev)
    assert bytes(up.ReencryptionEvidence.from_bytes(raw)) == raw
    names = ["e", "ez", "e1", "e1h", "e2", "v", "vz", "v1", "v1h", "v2", "uz", "u1", "u1h", "u2"]
    d: dict[str, Any] = {"bytes": h(raw)}
    for i, name in enumerate(names):
        pb = point_bytes(getattr(ev, name))
        # Layout check: array16 header, then bin8(33) entries in getter order.
        assert raw[3 + 35 * i:3 + 35 * (i + 1)] == b"\xc4\x21" + pb
        d[name] = h(pb)
    d["kfrag_validity_message_hash"] = h(ev.kfrag_validity_message_hash)
    d["kfrag_signature_v"] = bool(ev.kfrag_signature_v)
    kfrag_signature = cfrag_bytes[-64:]
    rsig = kfrag_signature + bytes([1 if ev.kfrag_signature_v else 0])
    recovered = up.PublicKey.recover_from_prehash(ev.kfrag_validity_message_hash,
                                                  up.RecoverableSignature.from_be_bytes(rsig))
    assert recovered.to_compressed_bytes() == vk.to_compressed_bytes()
    d["recoverable_signature"] = h(rsig)
    return d


def make_flow(index: int, threshold: int, shares: int, sign_d: bool, sign_r: bool, size: int) -> dict:
    alice, bob, signing = up.SecretKey.random(), up.SecretKey.random(), up.SecretKey.random()
    signer = up.Signer(signing)
    plaintext = os.urandom(size)
    capsule, ciphertext = up.encrypt(alice.public_key(), plaintext)
    kfrags = up.generate_kfrags(alice, bob.public_key(), signer, threshold, shares, sign_d, sign_r)
    vcfrags = [up.reencrypt(capsule, k) for k in kfrags]
    vk, dpk, rpk = signer.verifying_key(), alice.public_key(), bob.public_key()
    flow = {
        "name": f"flow{index}-{threshold}of{shares}-d{int(sign_d)}r{int(sign_r)}-{size}B",
        "threshold": threshold, "shares": shares,
        "sign_delegating_key": sign_d, "sign_receiving_key": sign_r,
        "delegating_secret_key": h(alice.to_be_bytes()), "delegating_public_key": h(dpk.to_compressed_bytes()),
        "receiving_secret_key": h(bob.to_be_bytes()), "receiving_public_key": h(rpk.to_compressed_bytes()),
        "signing_secret_key": h(signing.to_be_bytes()), "verifying_key": h(vk.to_compressed_bytes()),
        "plaintext": h(plaintext), "capsule": h(bytes(capsule)), "capsule_simple": h(capsule.to_bytes_simple()),
        "ciphertext": h(ciphertext),
        "kfrags": [h(bytes(k)) for k in kfrags],
        "cfrags": [{"bytes": h(bytes(c)), "simple": h(c.to_bytes_simple()),
                    "evidence": evidence_dict(capsule, c, vk, dpk, rpk, bytes(c))} for c in vcfrags],
    }
    check_flow(flow)
    return flow


def check_flow(flow: dict) -> None:
    """Re-reads a flow from its hex and checks it end to end with umbral_pre."""
    b = bytes.fromhex
    vk = up.PublicKey.from_compressed_bytes(b(flow["verifying_key"]))
    dpk = up.PublicKey.from_compressed_bytes(b(flow["delegating_public_key"]))
    rpk = up.PublicKey.from_compressed_bytes(b(flow["receiving_public_key"]))
    alice = up.SecretKey.from_be_bytes(b(flow["delegating_secret_key"]))
    bob = up.SecretKey.from_be_bytes(b(flow["receiving_secret_key"]))
    capsule = up.Capsule.from_bytes(b(flow["capsule"]))
    assert bytes(capsule) == b(flow["capsule"]) and len(bytes(capsule)) == 105
    assert capsule.to_bytes_simple() == b(flow["capsule_simple"]) and len(b(flow["capsule_simple"])) == 98
    ct, pt = b(flow["ciphertext"]), b(flow["plaintext"])
    assert len(ct) == len(pt) + 40
    assert up.decrypt_original(alice, capsule, ct) == pt
    d = dpk if flow["sign_delegating_key"] else None
    r = rpk if flow["sign_receiving_key"] else None
    for kb in flow["kfrags"]:
        kfrag = up.KeyFrag.from_bytes(b(kb))
        assert bytes(kfrag) == b(kb) and len(b(kb)) == 310
        assert bytes(kfrag.verify(vk, d, r)) == b(kb)
        kfrag.verify(vk, dpk, rpk)
    vcfrags = []
    for cf in flow["cfrags"]:
        cfrag = up.CapsuleFrag.from_bytes(b(cf["bytes"]))
        assert bytes(cfrag) == b(cf["bytes"]) and len(b(cf["bytes"])) == 381
        assert cfrag.to_bytes_simple() == b(cf["simple"]) and len(b(cf["simple"])) == 359
        vcfrags.append(cfrag.verify(capsule, vk, dpk, rpk))
    t = flow["threshold"]
    for subset in itertools.combinations(range(len(vcfrags)), t):
        chosen = [vcfrags[i] for i in subset]
        assert up.decrypt_reencrypted(bob, dpk, capsule, chosen, ct) == pt
        assert up.decrypt_reencrypted(bob, dpk, capsule, list(reversed(chosen)), ct) == pt


# --------------------------------------------------------------------------------------------
# Negative cases.

class Negatives:
    def __init__(self, flows: list[dict]):
        self.cases: list[dict] = []
        self.rng = random.Random(0x0BAD)
        self.flows = flows

    def run(self, operation: str, inputs: dict) -> dict:
        b = lambda key: bytes.fromhex(inputs[key])
        pk = lambda key: None if inputs[key] is None else up.PublicKey.from_compressed_bytes(b(key))

        def call():
            if operation == "secret_key":
                return up.SecretKey.from_be_bytes(b("bytes"))
            if operation == "public_key":
                return up.PublicKey.from_compressed_bytes(b("bytes"))
            if operation == "signature":
                return up.Signature.from_be_bytes(b("bytes"))
            if operation == "signature_der":
                return up.Signature.from_der_bytes(b("bytes"))
            if operation == "recoverable_signature":
                return up.RecoverableSignature.from_be_bytes(b("bytes"))
            if operation == "key_factory_seed":
                return up.SecretKeyFactory.from_secure_randomness(b("bytes"))
            if operation == "capsule":
                return up.Capsule.from_bytes(b("bytes"))
            if operation == "evidence":
                return up.ReencryptionEvidence.from_bytes(b("bytes"))
            if operation == "kfrag_verify":
                kfrag = up.KeyFrag.from_bytes(b("kfrag"))
                return kfrag.verify(pk("verifying_key"), pk("delegating_key"), pk("receiving_key"))
            if operation == "cfrag_verify":
                capsule = up.Capsule.from_bytes(b("capsule"))
                cfrag = up.CapsuleFrag.from_bytes(b("cfrag"))
                return cfrag.verify(capsule, pk("verifying_key"), pk("delegating_key"), pk("receiving_key"))
            if operation == "evidence_create":
                capsule = up.Capsule.from_bytes(b("capsule"))
                cfrag = up.CapsuleFrag.from_bytes(b("cfrag")).skip_verification()
                return up.ReencryptionEvidence(capsule, cfrag, pk("verifying_key"), pk("delegating_key"),
                                               pk("receiving_key"))
            if operation == "decrypt_original":
                return up.decrypt_original(up.SecretKey.from_be_bytes(b("secret_key")),
                                           up.Capsule.from_bytes(b("capsule")), b("ciphertext"))
            if operation == "decrypt_reencrypted":
                capsule = up.Capsule.from_bytes(b("capsule"))
                cfrags = [up.CapsuleFrag.from_bytes(bytes.fromhex(c)).skip_verification() for c in inputs["cfrags"]]
                return up.decrypt_reencrypted(up.SecretKey.from_be_bytes(b("receiving_secret_key")),
                                              pk("delegating_key"), capsule, cfrags, b("ciphertext"))
            if operation == "generate_kfrags":
                signer = up.Signer(up.SecretKey.from_be_bytes(b("signing_secret_key")))
                return up.generate_kfrags(up.SecretKey.from_be_bytes(b("delegating_secret_key")), pk("receiving_key"),
                                          signer, inputs["threshold"], inputs["shares"], True, True)
            raise ValueError(operation)

        with quiet_stderr():
            try:
                result = call()
            except (KeyboardInterrupt, SystemExit):
                raise
            except BaseException as exc:  # pyo3_runtime.PanicException is a BaseException
                kind = "panic" if type(exc).__name__ == "PanicException" else "rejected"
                return {"result": kind, "error_type": type(exc).__name__, "error": str(exc).splitlines()[0] if str(exc) else ""}
        if operation == "decrypt_reencrypted" and result is None:
            return {"result": "rejected", "error_type": "None", "error": "returned None"}
        return {"result": "accepted", "error_type": None, "error": None}

    def add(self, name: str, operation: str, inputs: dict, expect: str, note: str = "") -> None:
        """expect: 'reject' (umbral-pre raises), 'accept' (umbral-pre lets it through, so the case
        documents where a strict implementation is stricter), 'panic', or 'any'."""
        outcome = self.run(operation, inputs)
        got = {"rejected": "reject", "accepted": "accept", "panic": "panic"}[outcome["result"]]
        if expect != "any" and got != expect:
            raise SystemExit(f"negative case {name!r}: expected umbral-pre to {expect}, got {outcome}")
        self.cases.append({"name": name, "operation": operation, "inputs": inputs, "umbral_pre": outcome,
                           "stricter_than_umbral_pre": outcome["result"] != "rejected", "note": note})

    # ---- scalars, keys, signatures -----------------------------------------------------------

    def keys_and_signatures(self) -> None:
        for name, raw, exp in [
            ("secret key zero", be32(0), "reject"), ("secret key n", be32(N), "reject"),
            ("secret key n+1", be32(N + 1), "reject"), ("secret key all ff", b"\xff" * 32, "reject"),
            ("secret key 31 bytes", be32(5)[1:], "reject"), ("secret key 33 bytes", b"\x00" + be32(5), "reject"),
            ("secret key empty", b"", "reject"),
        ]:
            self.add(name, "secret_key", {"bytes": h(raw)}, exp)

        sk = up.SecretKey.random()
        pkb = sk.public_key().to_compressed_bytes()
        x = int.from_bytes(pkb[1:], "big")
        bad_x = off_curve_x(x)
        self.add("public key identity (single 00 byte)", "public_key", {"bytes": "00"}, "reject")
        self.add("public key off curve", "public_key", {"bytes": h(b"\x02" + be32(bad_x))}, "reject")
        self.add("public key x = p (not a field element)", "public_key", {"bytes": h(b"\x02" + be32(P))}, "reject")
        self.add("public key x = 2^256-1", "public_key", {"bytes": h(b"\x03" + b"\xff" * 32)}, "reject")
        self.add("public key 32 bytes", "public_key", {"bytes": h(pkb[:32])}, "reject")
        self.add("public key 34 bytes", "public_key", {"bytes": h(pkb + b"\x00")}, "reject",
                 "umbral-pre rejects a trailing byte on a bare public key")
        self.add("public key empty", "public_key", {"bytes": ""}, "reject")
        self.add("public key prefix 01", "public_key", {"bytes": h(b"\x01" + pkb[1:])}, "reject")
        self.add("public key prefix 06 (hybrid)", "public_key",
                 {"bytes": h(b"\x06" + uncompressed(pkb)[1:])}, "reject")
        self.add("public key uncompressed 04 form", "public_key", {"bytes": h(uncompressed(pkb))}, "accept",
                 "non-canonical: only the 33-byte compressed form is accepted by a strict implementation")
        even = pkb if pkb[0] == 2 else None
        while even is None:
            cand = up.SecretKey.random().public_key().to_compressed_bytes()
            even = cand if cand[0] == 2 else None
        self.add("public key compact 05 form", "public_key", {"bytes": h(b"\x05" + even[1:])}, "accept",
                 "non-canonical compact SEC1 form")

        signer = up.Signer(sk)
        sig = signer.sign(b"negative").to_be_bytes()
        r, s = int.from_bytes(sig[:32], "big"), int.from_bytes(sig[32:], "big")
        high = sig[:32] + be32(N - s)
        assert up.Signature.from_be_bytes(high).verify(signer.verifying_key(), b"negative")
        self.add("signature high-S twin of a valid signature", "signature", {"bytes": h(high)}, "accept",
                 "umbral-pre 0.11 parses and verifies high-S; the project emits and accepts only low-S")
        self.add("signature r = 0", "signature", {"bytes": h(be32(0) + sig[32:])}, "reject")
        self.add("signature s = 0", "signature", {"bytes": h(sig[:32] + be32(0))}, "reject")
        self.add("signature r = n", "signature", {"bytes": h(be32(N) + sig[32:])}, "reject")
        self.add("signature s = n", "signature", {"bytes": h(sig[:32] + be32(N))}, "reject")
        self.add("signature 63 bytes", "signature", {"bytes": h(sig[:63])}, "reject")
        self.add("signature 65 bytes", "signature", {"bytes": h(sig + b"\x01")}, "reject")
        self.add("signature empty", "signature", {"bytes": ""}, "reject")

        def der_int(v: int) -> bytes:
            raw = v.to_bytes(max(1, (v.bit_length() + 7) // 8), "big")
            if raw[0] & 0x80:
                raw = b"\x00" + raw
            return b"\x02" + bytes([len(raw)]) + raw

        def der(r_: int, s_: int) -> bytes:
            body = der_int(r_) + der_int(s_)
            return b"\x30" + bytes([len(body)]) + body

        good_der = up.Signature.from_be_bytes(sig).to_der_bytes()
        assert der(r, s) == good_der
        self.add("DER with a trailing byte", "signature_der", {"bytes": h(good_der + b"\x00")}, "reject")
        s_raw = s.to_bytes(32, "big").lstrip(b"\x00")
        padded_s = b"\x02" + bytes([len(s_raw) + 1]) + b"\x00" + s_raw
        body = der_int(r) + padded_s
        self.add("DER with a non-minimal INTEGER (extra leading zero in s)", "signature_der",
                 {"bytes": h(b"\x30" + bytes([len(body)]) + body)}, "reject")
        self.add("DER with a wrong SEQUENCE length", "signature_der",
                 {"bytes": h(b"\x30" + bytes([good_der[1] + 1]) + good_der[2:])}, "reject")
        self.add("DER truncated", "signature_der", {"bytes": h(good_der[:-1])}, "reject")
        self.add("DER empty", "signature_der", {"bytes": ""}, "reject")
        self.add("DER of the high-S twin", "signature_der", {"bytes": h(der(r, N - s))}, "accept",
                 "umbral-pre 0.11 accepts high-S; the project rejects it in every form")

        rsig = sig + b"\x00"
        self.add("recoverable signature recovery byte 4", "recoverable_signature",
                 {"bytes": h(sig + b"\x04")}, "reject")
        self.add("recoverable signature recovery byte ff", "recoverable_signature",
                 {"bytes": h(sig + b"\xff")}, "reject")
        self.add("recoverable signature 64 bytes", "recoverable_signature", {"bytes": h(sig)}, "reject")
        self.add("recoverable signature 66 bytes", "recoverable_signature", {"bytes": h(rsig + b"\x00")}, "reject")
        self.add("recoverable signature r = 0", "recoverable_signature",
                 {"bytes": h(be32(0) + sig[32:] + b"\x00")}, "reject")

        for ln in (0, 16, 31, 33, 64):
            self.add(f"key factory seed of {ln} bytes", "key_factory_seed", {"bytes": h(os.urandom(ln))}, "reject")

    # ---- generic msgpack mutations -----------------------------------------------------------

    def structural(self, label: str, data: bytes, make: Callable[[bytes], tuple[str, dict]],
                   top_names: list[str] | None) -> None:
        """Framing mutations that apply to any of the msgpack objects."""
        def add(name, mutated, expect, note=""):
            op, inputs = make(mutated)
            self.add(f"{label}: {name}", op, inputs, expect, note)

        add("empty input", b"", "reject")
        add("first byte only", data[:1], "reject")
        add("truncated by one byte", data[:-1], "reject")
        add("truncated to half", data[:len(data) // 2], "reject")
        add("one trailing zero byte", data + b"\x00", "accept", "non-canonical: trailing bytes after the object")
        add("a trailing copy of itself", data + data, "accept", "non-canonical: trailing bytes after the object")
        t = tree(data)
        add("array header one short", mp_encode(Arr(t.items[:-1])), "reject")
        add("array header one extra", mp_encode(Arr(t.items + [Bin(b"")])), "reject")
        add("array16 header", mp_encode(Arr(t.items, "a16")), "accept", "non-canonical: array16 for a short array")
        add("array32 header", mp_encode(Arr(t.items, "a32")), "accept", "non-canonical: array32 for a short array")
        first = t.items[0]
        first = first if isinstance(first, Bin) else None
        if first is not None:
            add("bin16 for the first field", replaced(data, (0,), Bin(first.data, "bin16")), "accept",
                "non-canonical: bin16 for a short byte string")
            add("bin32 for the first field", replaced(data, (0,), Bin(first.data, "bin32")), "accept",
                "non-canonical: bin32 for a short byte string")
            str_ok = True
            try:
                first.data.decode("utf-8")
                str_ok = False
            except UnicodeDecodeError:
                pass
            add("str8 (non-UTF-8 payload) for the first field", replaced(data, (0,), Bin(first.data, "str8")),
                "accept" if str_ok else "reject", "non-canonical: msgpack str instead of bin")
        add("fixmap instead of fixarray (same marker nibble)", bytes([0x80 | (data[0] & 0x0F)]) + data[1:], "reject")
        add("nil as the whole object", b"\xc0", "reject")
        add("integer as the whole object", b"\x05", "reject")
        if top_names is not None:
            named = Arr(t.items, names=top_names)
            add("map keyed by field names", mp_encode(named), "accept", "non-canonical: map form instead of array")

    def point_mutations(self, label: str, data: bytes, path: tuple, field: str,
                        make: Callable[[bytes], tuple[str, dict]], expect_valid_point: str) -> None:
        """expect_valid_point: what umbral-pre does when the field is replaced by a different valid
        point or a non-canonical encoding of the same point ('accept' or 'reject' or 'any')."""
        def add(name, mutated, expect, note=""):
            op, inputs = make(mutated)
            self.add(f"{label}: {field} {name}", op, inputs, expect, note)

        pt = get(tree(data), path).data
        x = int.from_bytes(pt[1:], "big")
        add("with the other y (02/03 swapped)", replaced(data, path, Bin(bytes([pt[0] ^ 1]) + pt[1:])), "reject")
        add("uncompressed 04 form of the same point", replaced(data, path, Bin(uncompressed(pt))),
            expect_valid_point, "non-canonical point encoding")
        compact_same = pt[0] == 2
        add("compact 05 form", replaced(data, path, Bin(b"\x05" + pt[1:])),
            expect_valid_point if compact_same else "reject",
            "non-canonical point encoding" if compact_same else "05 means even y: a different point")
        add("hybrid 06/07 form", replaced(data, path, Bin(bytes([6 + (pt[0] & 1)]) + uncompressed(pt)[1:])), "reject")
        add("identity (single 00 byte)", replaced(data, path, Bin(b"\x00")), "any",
            "umbral-pre panics on the identity in most places")
        add("x not on the curve", replaced(data, path, Bin(bytes([pt[0]]) + be32(off_curve_x(x)))), "reject")
        add("x = p", replaced(data, path, Bin(b"\x02" + be32(P))), "reject")
        add("32 bytes", replaced(data, path, Bin(pt[:32])), "reject")
        add("34 bytes", replaced(data, path, Bin(pt + b"\x00")), "reject")
        add("prefix 00 with 32 bytes of x", replaced(data, path, Bin(b"\x00" + pt[1:])), "reject")
        flipped = bytearray(pt)
        flipped[-1] ^= 0x01
        add("last byte flipped", replaced(data, path, Bin(bytes(flipped))), "reject")
        other = up.SecretKey.random().public_key().to_compressed_bytes()
        add("replaced by a random valid point", replaced(data, path, Bin(other)), "reject")

    def scalar_mutations(self, label: str, data: bytes, path: tuple, field: str,
                         make: Callable[[bytes], tuple[str, dict]]) -> None:
        def add(name, mutated, expect, note=""):
            op, inputs = make(mutated)
            self.add(f"{label}: {field} {name}", op, inputs, expect, note)

        sc = get(tree(data), path).data
        add("= n", replaced(data, path, Bin(be32(N))), "reject")
        add("= n + 1", replaced(data, path, Bin(be32(N + 1))), "reject")
        add("= 2^256 - 1", replaced(data, path, Bin(b"\xff" * 32)), "reject")
        add("= 0", replaced(data, path, Bin(be32(0))), "reject")
        add("31 bytes", replaced(data, path, Bin(sc[1:])), "reject")
        add("33 bytes", replaced(data, path, Bin(b"\x00" + sc)), "reject")
        add("plus one", replaced(data, path, Bin(be32((int.from_bytes(sc, "big") + 1) % N))), "reject")

    def signature_mutations(self, label: str, data: bytes, path: tuple, field: str,
                            make: Callable[[bytes], tuple[str, dict]], high_s_expect: str,
                            checked_here: bool = True) -> None:
        """checked_here is False for a signature the operation does not verify (a kfrag's
        signature_for_receiver is only checked later, through the cfrag), so only malformed
        encodings of it are negative cases there."""
        def add(name, mutated, expect, note=""):
            op, inputs = make(mutated)
            self.add(f"{label}: {field} {name}", op, inputs, expect, note)

        sig = get(tree(data), path).data
        s = int.from_bytes(sig[32:], "big")
        add("high-S twin", replaced(data, path, Bin(sig[:32] + be32(N - s))), high_s_expect,
            "umbral-pre 0.11 accepts a high-S signature here; the project rejects high-S")
        add("r = 0", replaced(data, path, Bin(be32(0) + sig[32:])), "reject")
        add("s = n", replaced(data, path, Bin(sig[:32] + be32(N))), "reject")
        add("63 bytes", replaced(data, path, Bin(sig[:63])), "reject")
        add("DER form instead of r||s", replaced(data, path, Bin(up.Signature.from_be_bytes(sig).to_der_bytes())), "reject")
        if checked_here:
            flipped = bytearray(sig)
            flipped[10] ^= 0x40
            add("a byte of r flipped", replaced(data, path, Bin(bytes(flipped))), "reject")

    # ---- capsules, kfrags, cfrags, evidence ---------------------------------------------------

    def capsules(self) -> None:
        flow = self.flows[2]
        capsule = bytes.fromhex(flow["capsule"])
        make = lambda m: ("capsule", {"bytes": h(m)})
        self.structural("capsule", capsule, make, CAPSULE_FIELDS)
        self.point_mutations("capsule", capsule, (0,), "point_e", make, "accept")
        self.point_mutations("capsule", capsule, (1,), "point_v", make, "accept")
        self.scalar_mutations("capsule", capsule, (2,), "signature", make)
        self.add("capsule: E and V swapped", "capsule",
                 {"bytes": h(mp_encode(Arr([tree(capsule).items[1], tree(capsule).items[0], tree(capsule).items[2]])))},
                 "reject")
        other = bytes.fromhex(self.flows[3]["capsule"])
        spliced = mp_encode(Arr([tree(capsule).items[0], tree(capsule).items[1], tree(other).items[2]]))
        self.add("capsule: signature scalar from another capsule", "capsule", {"bytes": h(spliced)}, "reject")
        simple = bytes.fromhex(flow["capsule_simple"])
        self.add("capsule: to_bytes_simple form given to the msgpack parser", "capsule", {"bytes": h(simple)}, "reject",
                 "there is no parser for the simple form")

    def kfrags(self) -> None:
        flow = next(f for f in self.flows if f["sign_delegating_key"] and f["sign_receiving_key"] and f["shares"] >= 4)
        kfrag = bytes.fromhex(flow["kfrags"][0])
        vk, dpk, rpk = flow["verifying_key"], flow["delegating_public_key"], flow["receiving_public_key"]
        make = lambda m: ("kfrag_verify", {"kfrag": h(m), "verifying_key": vk, "delegating_key": dpk, "receiving_key": rpk})
        self.structural("kfrag", kfrag, make, None)
        for path, field in KFRAG_FIELDS.items():
            leaf = get(tree(kfrag), path)
            if isinstance(leaf, bool):
                self.add(f"kfrag: {field} flipped", "kfrag_verify",
                         make(replaced(kfrag, path, not leaf))[1], "reject")
                self.add(f"kfrag: {field} as integer 1", "kfrag_verify", make(replaced(kfrag, path, 1))[1], "reject")
            elif len(leaf.data) == 33:
                self.point_mutations("kfrag", kfrag, path, field, make, "accept" if path in ((0, 0),) else "any")
            elif len(leaf.data) == 64:
                self.signature_mutations("kfrag", kfrag, path, field, make, "accept",
                                         checked_here=field == "proof.signature_for_proxy")
            elif field == "key":
                self.scalar_mutations("kfrag", kfrag, path, field, make)
            else:  # id
                flipped = bytearray(leaf.data)
                flipped[0] ^= 0x80
                self.add("kfrag: id flipped bit", "kfrag_verify", make(replaced(kfrag, path, Bin(bytes(flipped))))[1], "reject")
                self.add("kfrag: id 31 bytes", "kfrag_verify", make(replaced(kfrag, path, Bin(leaf.data[:31])))[1], "reject")
                self.add("kfrag: id 33 bytes", "kfrag_verify", make(replaced(kfrag, path, Bin(leaf.data + b"\0")))[1], "reject")
        t = tree(kfrag)
        self.add("kfrag: parameters array empty", "kfrag_verify",
                 make(replaced(kfrag, (0,), Arr([])))[1], "reject")
        self.add("kfrag: parameters given as a bare point", "kfrag_verify",
                 make(replaced(kfrag, (0,), t.items[0].items[0]))[1], "reject")
        self.add("kfrag: proof array one short", "kfrag_verify",
                 make(replaced(kfrag, (4,), Arr(t.items[4].items[:-1])))[1], "reject")

        # Verification with the wrong or missing keys, for each signing-flag combination.
        stranger = h(up.SecretKey.random().public_key().to_compressed_bytes())
        for f in self.flows:
            if f["shares"] < 2:
                continue
            k = f["kfrags"][1]
            fvk, fdpk, frpk = f["verifying_key"], f["delegating_public_key"], f["receiving_public_key"]
            sd, sr = f["sign_delegating_key"], f["sign_receiving_key"]
            tag = f"kfrag ({f['name']})"
            inp = lambda v, d, r: {"kfrag": k, "verifying_key": v, "delegating_key": d, "receiving_key": r}
            self.add(f"{tag}: wrong verifying key", "kfrag_verify", inp(stranger, fdpk, frpk), "reject")
            self.add(f"{tag}: delegating key as verifying key", "kfrag_verify", inp(fdpk, fdpk, frpk), "reject")
            if sd:
                self.add(f"{tag}: delegating key missing", "kfrag_verify", inp(fvk, None, frpk), "reject")
                self.add(f"{tag}: wrong delegating key", "kfrag_verify", inp(fvk, stranger, frpk), "reject")
                self.add(f"{tag}: receiving key given as delegating key", "kfrag_verify", inp(fvk, frpk, frpk), "reject")
            if sr:
                self.add(f"{tag}: receiving key missing", "kfrag_verify", inp(fvk, fdpk, None), "reject")
                self.add(f"{tag}: wrong receiving key", "kfrag_verify", inp(fvk, fdpk, stranger), "reject")
            if sd and sr:
                self.add(f"{tag}: both keys missing", "kfrag_verify", inp(fvk, None, None), "reject")
                self.add(f"{tag}: delegating and receiving keys swapped", "kfrag_verify", inp(fvk, frpk, fdpk), "reject")
            if not sd and not sr:
                self.add(f"{tag}: wrong verifying key, no other keys", "kfrag_verify", inp(stranger, None, None), "reject")

        # Splices across two kfrags of one batch and across batches.
        other = bytes.fromhex(flow["kfrags"][1])
        to, tk = tree(other), tree(kfrag)
        self.add("kfrag: key of a sibling kfrag", "kfrag_verify", make(replaced(kfrag, (2,), to.items[2]))[1], "reject")
        self.add("kfrag: proof of a sibling kfrag", "kfrag_verify", make(replaced(kfrag, (4,), to.items[4]))[1], "reject")
        self.add("kfrag: id of a sibling kfrag", "kfrag_verify", make(replaced(kfrag, (1,), to.items[1]))[1], "reject")
        assert tk.items[3].data == to.items[3].data

    def cfrags(self) -> None:
        flow = next(f for f in self.flows if f["shares"] >= 4 and f["threshold"] >= 2)
        cfrag = bytes.fromhex(flow["cfrags"][0]["bytes"])
        capsule = flow["capsule"]
        vk, dpk, rpk = flow["verifying_key"], flow["delegating_public_key"], flow["receiving_public_key"]
        make = lambda m: ("cfrag_verify", {"cfrag": h(m), "capsule": capsule, "verifying_key": vk,
                                           "delegating_key": dpk, "receiving_key": rpk})
        self.structural("cfrag", cfrag, make, None)
        t = tree(cfrag)
        named = Arr(t.items[:4] + [Arr(t.items[4].items, names=CFRAG_PROOF)], names=CFRAG_TOP)
        self.add("cfrag: map keyed by field names (nested)", "cfrag_verify", make(mp_encode(named))[1], "accept",
                 "non-canonical: map form instead of array")
        for path, field in CFRAG_FIELDS.items():
            leaf = get(t, path)
            if len(leaf.data) == 33:
                self.point_mutations("cfrag", cfrag, path, field, make, "accept")
            elif len(leaf.data) == 64:
                self.signature_mutations("cfrag", cfrag, path, field, make, "accept")
            elif field == "proof.signature":
                self.scalar_mutations("cfrag", cfrag, path, field, make)
            else:  # kfrag_id
                flipped = bytearray(leaf.data)
                flipped[31] ^= 0x01
                self.add("cfrag: kfrag_id flipped bit", "cfrag_verify", make(replaced(cfrag, path, Bin(bytes(flipped))))[1], "reject")
                self.add("cfrag: kfrag_id 31 bytes", "cfrag_verify", make(replaced(cfrag, path, Bin(leaf.data[:31])))[1], "reject")
        sibling = tree(bytes.fromhex(flow["cfrags"][1]["bytes"]))
        self.add("cfrag: proof of a sibling cfrag", "cfrag_verify", make(replaced(cfrag, (4,), sibling.items[4]))[1], "reject")
        self.add("cfrag: e1 of a sibling cfrag", "cfrag_verify", make(replaced(cfrag, (0,), sibling.items[0]))[1], "reject")

        stranger = h(up.SecretKey.random().public_key().to_compressed_bytes())
        for f in self.flows[:6]:
            c, cap = f["cfrags"][0]["bytes"], f["capsule"]
            fvk, fdpk, frpk = f["verifying_key"], f["delegating_public_key"], f["receiving_public_key"]
            other_cap = next(g["capsule"] for g in self.flows if g is not f)
            tag = f"cfrag ({f['name']})"
            inp = lambda c_, v, d, r: {"cfrag": c, "capsule": c_, "verifying_key": v, "delegating_key": d, "receiving_key": r}
            self.add(f"{tag}: verified with the wrong capsule", "cfrag_verify", inp(other_cap, fvk, fdpk, frpk), "reject")
            self.add(f"{tag}: wrong verifying key", "cfrag_verify", inp(cap, stranger, fdpk, frpk), "reject")
            self.add(f"{tag}: wrong delegating key", "cfrag_verify", inp(cap, fvk, stranger, frpk), "reject")
            self.add(f"{tag}: wrong receiving key", "cfrag_verify", inp(cap, fvk, fdpk, stranger), "reject")
            self.add(f"{tag}: delegating and receiving keys swapped", "cfrag_verify", inp(cap, fvk, frpk, fdpk), "reject")
            ev = {"capsule": cap, "cfrag": c, "verifying_key": stranger, "delegating_key": fdpk, "receiving_key": frpk}
            self.add(f"evidence ({f['name']}): wrong verifying key", "evidence_create", ev, "reject")

    def evidence(self) -> None:
        ev = bytes.fromhex(self.flows[2]["cfrags"][0]["evidence"]["bytes"])
        make = lambda m: ("evidence", {"bytes": h(m)})
        self.add("evidence: empty input", "evidence", {"bytes": ""}, "reject")
        self.add("evidence: truncated by one byte", "evidence", {"bytes": h(ev[:-1])}, "reject")
        self.add("evidence: one trailing byte", "evidence", {"bytes": h(ev + b"\x00")}, "accept",
                 "non-canonical: trailing bytes after the object")
        t = tree(ev)
        self.add("evidence: fifteen elements", "evidence", {"bytes": h(mp_encode(Arr(t.items[:-1], "a16")))}, "reject")
        self.add("evidence: fixarray header would not fit 16 elements, array32 used", "evidence",
                 {"bytes": h(mp_encode(Arr(t.items, "a32")))}, "accept", "non-canonical: array32 header")
        self.add("evidence: kfrag_signature_v as integer", "evidence", {"bytes": h(replaced(ev, (15,), 1))}, "reject")
        pt = t.items[0].data
        self.add("evidence: e not on the curve", "evidence",
                 {"bytes": h(replaced(ev, (0,), Bin(b"\x02" + be32(off_curve_x(int.from_bytes(pt[1:], "big"))))))}, "reject")
        self.add("evidence: e uncompressed", "evidence", {"bytes": h(replaced(ev, (0,), Bin(uncompressed(pt))))}, "accept",
                 "non-canonical point encoding")
        self.add("evidence: hash 31 bytes", "evidence", {"bytes": h(replaced(ev, (14,), Bin(t.items[14].data[:31])))}, "reject")

    def decryption(self) -> None:
        for f in self.flows:
            alice, bob, dpk = f["delegating_secret_key"], f["receiving_secret_key"], f["delegating_public_key"]
            cap, ct, t = f["capsule"], f["ciphertext"], f["threshold"]
            cfrags = [c["bytes"] for c in f["cfrags"]]
            other = next(g for g in self.flows if g is not f)
            tag = f["name"]
            stranger_sk = h(up.SecretKey.random().to_be_bytes())
            ctb = bytearray.fromhex(ct)
            tampered = bytearray(ctb)
            tampered[self.rng.randrange(len(tampered))] ^= 1 << self.rng.randrange(8)
            orig = lambda sk, c, x: {"secret_key": sk, "capsule": c, "ciphertext": h(x)}
            self.add(f"decrypt_original ({tag}): wrong secret key", "decrypt_original", orig(stranger_sk, cap, ctb), "reject")
            self.add(f"decrypt_original ({tag}): receiving key instead", "decrypt_original", orig(bob, cap, ctb), "reject")
            self.add(f"decrypt_original ({tag}): tampered ciphertext", "decrypt_original", orig(alice, cap, tampered), "reject")
            self.add(f"decrypt_original ({tag}): another capsule", "decrypt_original", orig(alice, other["capsule"], ctb), "reject")
            self.add(f"decrypt_original ({tag}): ciphertext without its tag", "decrypt_original",
                     orig(alice, cap, ctb[:-16]), "reject")
            self.add(f"decrypt_original ({tag}): 23-byte ciphertext", "decrypt_original", orig(alice, cap, ctb[:23]), "reject")
            self.add(f"decrypt_original ({tag}): nonce only", "decrypt_original", orig(alice, cap, ctb[:24]), "reject")

            re = lambda sk, d, c, cf, x: {"receiving_secret_key": sk, "delegating_key": d, "capsule": c,
                                          "cfrags": cf, "ciphertext": h(x)}
            enough = cfrags[:t]
            if t >= 2:
                self.add(f"decrypt_reencrypted ({tag}): {t - 1} cfrags, threshold {t}", "decrypt_reencrypted",
                         re(bob, dpk, cap, cfrags[:t - 1], ctb), "reject")
                self.add(f"decrypt_reencrypted ({tag}): one cfrag repeated to reach the threshold",
                         "decrypt_reencrypted", re(bob, dpk, cap, cfrags[:t - 1] + [cfrags[0]], ctb), "reject")
            self.add(f"decrypt_reencrypted ({tag}): no cfrags", "decrypt_reencrypted", re(bob, dpk, cap, [], ctb), "reject")
            self.add(f"decrypt_reencrypted ({tag}): wrong receiving secret key", "decrypt_reencrypted",
                     re(stranger_sk, dpk, cap, enough, ctb), "reject")
            self.add(f"decrypt_reencrypted ({tag}): delegating secret key as receiving key", "decrypt_reencrypted",
                     re(alice, dpk, cap, enough, ctb), "reject")
            self.add(f"decrypt_reencrypted ({tag}): wrong delegating key", "decrypt_reencrypted",
                     re(bob, f["receiving_public_key"], cap, enough, ctb), "reject")
            self.add(f"decrypt_reencrypted ({tag}): another capsule", "decrypt_reencrypted",
                     re(bob, dpk, other["capsule"], enough, ctb), "reject")
            self.add(f"decrypt_reencrypted ({tag}): tampered ciphertext", "decrypt_reencrypted",
                     re(bob, dpk, cap, enough, tampered), "reject")
            mixed = enough[:-1] + [other["cfrags"][0]["bytes"]]
            self.add(f"decrypt_reencrypted ({tag}): a cfrag from another batch", "decrypt_reencrypted",
                     re(bob, dpk, cap, mixed, ctb), "reject")

        f = self.flows[3]
        gen = lambda t, n: {"delegating_secret_key": f["delegating_secret_key"], "receiving_key": f["receiving_public_key"],
                            "signing_secret_key": f["signing_secret_key"], "threshold": t, "shares": n}
        self.add("generate_kfrags: threshold 0", "generate_kfrags", gen(0, 3), "accept",
                 "umbral-pre treats threshold 0 as 1; a strict implementation needs 1 <= threshold <= shares")
        self.add("generate_kfrags: threshold above shares", "generate_kfrags", gen(4, 3), "accept",
                 "umbral-pre makes kfrags that can never be combined")
        self.add("generate_kfrags: zero shares", "generate_kfrags", gen(1, 0), "accept",
                 "umbral-pre returns an empty list")
        self.add("generate_kfrags: zero threshold and zero shares", "generate_kfrags", gen(0, 0), "accept",
                 "umbral-pre returns an empty list")


# --------------------------------------------------------------------------------------------

def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output JSON path")
    args = parser.parse_args()

    ux, uy = up.Parameters().u.coordinates
    flows = [make_flow(i, *plan) for i, plan in enumerate(FLOW_PLAN)]
    neg = Negatives(flows)
    neg.keys_and_signatures()
    neg.capsules()
    neg.kfrags()
    neg.cfrags()
    neg.evidence()
    neg.decryption()
    names = [c["name"] for c in neg.cases]
    assert len(names) == len(set(names)), "negative case names must be unique"

    document = {
        "schema": SCHEMA,
        "generator": GENERATOR,
        "versions": {"umbral-pre": metadata.version("umbral-pre"), "nucypher-core": metadata.version("nucypher-core"),
                     "python": sys.version.split()[0]},
        "curve": {"n": f"{N:064x}", "p": f"{P:064x}", "u": h(bytes([2 + (uy[-1] & 1)]) + ux)},
        "key_factory": key_factory_cases(),
        "public_keys": public_key_cases(),
        "signatures": signature_cases(),
        "flows": flows,
        "negative": neg.cases,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(document, indent=1) + "\n")
    stricter = sum(1 for c in neg.cases if c["stricter_than_umbral_pre"])
    print(f"wrote {args.out}: {len(document['key_factory'])} key-factory, {len(document['public_keys'])} public-key, "
          f"{len(document['signatures'])} signature, {len(flows)} flow and {len(neg.cases)} negative cases "
          f"({stricter} accepted or panicking in umbral-pre)")


if __name__ == "__main__":
    main()
