"""Live interop between SwiftKMS's UmbralCore and the reference umbral-pre 0.11.0.

Two routes, both directions each:
  * CLI route: `kms umbral …` subprocesses exchanging files (raw 32-byte secret keys, 33-byte
    compressed public keys, MessagePack capsules/kFrags/cFrags, raw ciphertext).
  * Library route: the long-lived `umbral-interop-agent` speaking JSON lines (see its main.swift
    for the protocol).

Every case draws fresh keys and plaintexts. Its parameters (plaintext size from 0 bytes to 1 MiB,
threshold 1…10, shares threshold…10, signing flags, which kFrags and cFrags are used) come from a
random generator seeded with the run seed (printed in the header; KMS_INTEROP_SEED repeats it) and
the case name.
"""

from __future__ import annotations

import hashlib
import random
from pathlib import Path

import pytest
import umbral_pre as up

CASES = 60
MIB = 1 << 20

from conftest import RUN_SEED  # noqa: E402  (the seed is chosen once per run in conftest)


# --------------------------------------------------------------------------------------------
# Parameters and helpers


class Params:
    def __init__(self, route: str, case: int):
        digest = hashlib.sha256(f"{RUN_SEED}/{route}/{case}".encode()).digest()
        self.rng = rng = random.Random(int.from_bytes(digest, "big"))
        self.case = case
        self.threshold = rng.randint(1, 10)
        self.shares = rng.randint(self.threshold, 10)
        self.sign_delegating = rng.random() < 0.5
        self.sign_receiving = rng.random() < 0.5
        self.size = plaintext_size(rng, case)
        self.plaintext = rng.randbytes(self.size)

    def subset(self, count: int, population: int) -> list[int]:
        """A random ordered selection of `count` distinct indices below `population`."""
        return self.rng.sample(range(population), count)

    def __repr__(self) -> str:
        return (f"case {self.case}: {self.threshold} of {self.shares}, sign delegating {self.sign_delegating}, "
                f"sign receiving {self.sign_receiving}, {self.size} bytes")


def plaintext_size(rng: random.Random, case: int) -> int:
    # The first cases pin the extremes; the rest spread over every order of magnitude up to 1 MiB.
    fixed = {0: 0, 1: MIB, 2: 1, 3: MIB - 1}
    if case in fixed:
        return fixed[case]
    bucket = rng.random()
    if bucket < 0.3:
        return rng.randint(0, 64)
    if bucket < 0.55:
        return rng.randint(65, 4096)
    if bucket < 0.8:
        return rng.randint(4097, 65536)
    if bucket < 0.93:
        return rng.randint(65537, MIB)
    return MIB


def flipped(data: bytes, rng: random.Random, lo: int = 0, hi: int | None = None) -> bytes:
    """`data` with one random bit flipped at an index in [lo, hi)."""
    out = bytearray(data)
    index = rng.randrange(lo, len(data) if hi is None else hi)
    out[index] ^= 1 << rng.randrange(8)
    return bytes(out)


# Bytes of a 310-byte kFrag that KeyFrag.verify depends on: everything before
# signature_for_receiver (which only the cFrag check covers) ...
KFRAG_VERIFIED_PREFIX = 242
# ... and the two signing flags at the end.
KFRAG_FLAG_OFFSETS = (308, 309)


def tampered_kfrag(kfrag: bytes, rng: random.Random) -> bytes:
    if rng.random() < 0.1:
        out = bytearray(kfrag)
        out[rng.choice(KFRAG_FLAG_OFFSETS)] ^= 0x01  # c2 <-> c3
        return bytes(out)
    return flipped(kfrag, rng, 1, KFRAG_VERIFIED_PREFIX)


class Keys:
    """Alice (delegating), Bob (receiving) and a signer, made by umbral_pre."""

    def __init__(self):
        self.alice = up.SecretKey.random()
        self.bob = up.SecretKey.random()
        self.signing = up.SecretKey.random()
        self.signer = up.Signer(self.signing)
        self.alice_pk = self.alice.public_key()
        self.bob_pk = self.bob.public_key()
        self.verifying_pk = self.signer.verifying_key()


def pk_bytes(pk: up.PublicKey) -> bytes:
    return pk.to_compressed_bytes()


def load_pk(data: bytes) -> up.PublicKey:
    pk = up.PublicKey.from_compressed_bytes(data)
    assert pk.to_compressed_bytes() == data
    return pk


def verify_kfrag_py(raw: bytes, p: Params, verifying: up.PublicKey, alice: up.PublicKey, bob: up.PublicKey):
    kfrag = up.KeyFrag.from_bytes(raw)
    assert bytes(kfrag) == raw and len(raw) == 310
    verified = kfrag.verify(verifying, alice if p.sign_delegating else None, bob if p.sign_receiving else None)
    assert bytes(verified) == raw
    if p.sign_delegating:
        with pytest.raises(up.VerificationError):
            kfrag.verify(verifying, None, bob)
    if p.sign_receiving:
        with pytest.raises(up.VerificationError):
            kfrag.verify(verifying, alice, None)
    return verified


def verify_cfrag_py(raw: bytes, capsule: up.Capsule, verifying, alice, bob):
    cfrag = up.CapsuleFrag.from_bytes(raw)
    assert bytes(cfrag) == raw and len(raw) == 381
    verified = cfrag.verify(capsule, verifying, alice, bob)
    assert bytes(verified) == raw
    return verified


# --------------------------------------------------------------------------------------------
# CLI route


class Files:
    def __init__(self, root: Path):
        self.root = root

    def write(self, name: str, data: bytes) -> Path:
        path = self.root / name
        path.write_bytes(data)
        return path

    def path(self, name: str) -> Path:
        return self.root / name

    def read(self, name: str) -> bytes:
        return (self.root / name).read_bytes()


def key_flags(p: Params, files: Files, alice_pk: Path, bob_pk: Path) -> list:
    """Optional key arguments for verify-kfrag/reencrypt: required ones per the signing flags,
    and sometimes the unneeded ones too (they must be ignored)."""
    args: list = []
    if p.sign_delegating or p.rng.random() < 0.3:
        args += ["--delegating-public-key", alice_pk]
    if p.sign_receiving or p.rng.random() < 0.3:
        args += ["--receiving-public-key", bob_pk]
    return args


@pytest.mark.parametrize("case", range(CASES), ids=lambda c: f"case{c:02d}")
def test_cli_consumes_python_objects(case: int, kms, tmp_path: Path):
    """umbral_pre makes keys, capsule, kFrags and cFrags; the CLI verifies, re-encrypts and decrypts,
    and umbral_pre checks the CLI's cFrags."""
    p = Params("cli/python-to-swift", case)
    k = Keys()
    f = Files(tmp_path)
    capsule, ciphertext = up.encrypt(k.alice_pk, p.plaintext)
    kfrags = up.generate_kfrags(k.alice, k.bob_pk, k.signer, p.threshold, p.shares, p.sign_delegating, p.sign_receiving)

    alice_sk = f.write("alice.sk", k.alice.to_be_bytes())
    bob_sk = f.write("bob.sk", k.bob.to_be_bytes())
    alice_pk = f.write("alice.pk", pk_bytes(k.alice_pk))
    bob_pk = f.write("bob.pk", pk_bytes(k.bob_pk))
    vk = f.write("signer.pk", pk_bytes(k.verifying_pk))
    capsule_file = f.write("data.capsule", bytes(capsule))
    ct_file = f.write("data.ct", ciphertext)
    kfrag_files = [f.write(f"py{i + 1}.kfrag", bytes(kf)) for i, kf in enumerate(kfrags)]

    # Public key derivation and original decryption.
    kms.ok("public-key", "--secret-key", alice_sk, "--out", f.path("alice.pk.cli"))
    assert f.read("alice.pk.cli") == pk_bytes(k.alice_pk)
    kms.ok("decrypt-original", "--secret-key", alice_sk, "--capsule", capsule_file, "--ciphertext", ct_file,
           "--out", f.path("original.pt"))
    assert f.read("original.pt") == p.plaintext

    # The CLI re-encrypts with a threshold-sized subset (verifying each kFrag first) and only
    # verifies the others.
    chosen = p.subset(p.threshold, p.shares)
    cli_cfrags = {}
    for i, kfrag_file in enumerate(kfrag_files):
        extra = key_flags(p, f, alice_pk, bob_pk)
        if i in chosen:
            out = f.path(f"cli{i + 1}.cfrag")
            kms.ok("reencrypt", "--capsule", capsule_file, "--kfrag", kfrag_file, "--verifying-key", vk, *extra,
                   "--out", out)
            cli_cfrags[i] = out.read_bytes()
        else:
            kms.ok("verify-kfrag", "--kfrag", kfrag_file, "--verifying-key", vk, *extra)

    # umbral_pre verifies the CLI's cFrags and decrypts with them.
    verified = [verify_cfrag_py(cli_cfrags[i], capsule, k.verifying_pk, k.alice_pk, k.bob_pk) for i in chosen]
    assert up.decrypt_reencrypted(k.bob, k.alice_pk, capsule, verified, ciphertext) == p.plaintext

    # umbral_pre's cFrags: the CLI verifies them and decrypts with a threshold-sized set that
    # mixes them with its own (distinct kFrags throughout).
    py_cfrag_files = {}
    for i in p.subset(p.threshold, p.shares):
        py_cfrag_files[i] = f.write(f"py{i + 1}.cfrag", bytes(up.reencrypt(capsule, kfrags[i])))
        kms.ok("verify-cfrag", "--cfrag", py_cfrag_files[i], "--capsule", capsule_file, "--verifying-key", vk,
               "--delegating-public-key", alice_pk, "--receiving-public-key", bob_pk)
    decrypt_args = ["--secret-key", bob_sk, "--delegating-public-key", alice_pk, "--verifying-key", vk,
                    "--capsule", capsule_file, "--ciphertext", ct_file]
    cfrag_args = [a for path in py_cfrag_files.values() for a in ("--cfrag", path)]
    kms.ok("decrypt-reencrypted", *decrypt_args, *cfrag_args, "--out", f.path("py.pt"))
    assert f.read("py.pt") == p.plaintext

    mixed = []
    for i in range(p.shares):
        if len(mixed) == p.threshold:
            break
        if i in cli_cfrags and (i not in py_cfrag_files or p.rng.random() < 0.5):
            mixed.append(f.path(f"cli{i + 1}.cfrag"))
        elif i in py_cfrag_files:
            mixed.append(py_cfrag_files[i])
    if len(mixed) == p.threshold:
        mixed_args = [a for path in mixed for a in ("--cfrag", path)]
        kms.ok("decrypt-reencrypted", *decrypt_args, *mixed_args, "--out", f.path("mixed.pt"))
        assert f.read("mixed.pt") == p.plaintext

    # Negative checks: tampered objects and wrong keys make the CLI fail with one line on stderr.
    some = next(iter(py_cfrag_files.values()))
    bad_cfrag = f.write("bad.cfrag", flipped(some.read_bytes(), p.rng))
    kms.fails("verify-cfrag", "--cfrag", bad_cfrag, "--capsule", capsule_file, "--verifying-key", vk,
              "--delegating-public-key", alice_pk, "--receiving-public-key", bob_pk)
    kms.fails("decrypt-reencrypted", *decrypt_args, "--cfrag", bad_cfrag,
              *[a for path in list(py_cfrag_files.values())[1:] for a in ("--cfrag", path)], "--out", f.path("x.pt"))
    bad_kfrag = f.write("bad.kfrag", tampered_kfrag(bytes(kfrags[0]), p.rng))
    all_keys = ["--delegating-public-key", alice_pk, "--receiving-public-key", bob_pk]
    kms.fails("verify-kfrag", "--kfrag", bad_kfrag, "--verifying-key", vk, *all_keys)
    kms.fails("reencrypt", "--capsule", capsule_file, "--kfrag", bad_kfrag, "--verifying-key", vk, *all_keys,
              "--out", f.path("bad-out.cfrag"))
    kms.fails("verify-kfrag", "--kfrag", kfrag_files[0], "--verifying-key", alice_pk, *all_keys)
    kms.fails("decrypt-original", "--secret-key", bob_sk, "--capsule", capsule_file, "--ciphertext", ct_file,
              "--out", f.path("wrong.pt"))
    kms.fails("verify-cfrag", "--cfrag", some, "--capsule", capsule_file, "--verifying-key", vk,
              "--delegating-public-key", bob_pk, "--receiving-public-key", alice_pk)
    if p.threshold >= 2:
        short = [a for path in list(py_cfrag_files.values())[:p.threshold - 1] for a in ("--cfrag", path)]
        kms.fails("decrypt-reencrypted", *decrypt_args, *short, "--out", f.path("short.pt"))
    if p.sign_delegating:
        kms.fails("verify-kfrag", "--kfrag", kfrag_files[0], "--verifying-key", vk, "--receiving-public-key", bob_pk)


@pytest.mark.parametrize("case", range(CASES), ids=lambda c: f"case{c:02d}")
def test_python_consumes_cli_objects(case: int, kms, tmp_path: Path):
    """The CLI makes keys, capsule, kFrags and cFrags; umbral_pre verifies and decrypts them."""
    p = Params("cli/swift-to-python", case)
    f = Files(tmp_path)
    for who in ("alice", "bob", "signer"):
        kms.ok("keygen", "--secret-key-out", f.path(f"{who}.sk"), "--public-key-out", f.path(f"{who}.pk"))
    sks = {who: f.read(f"{who}.sk") for who in ("alice", "bob", "signer")}
    pks = {who: f.read(f"{who}.pk") for who in ("alice", "bob", "signer")}
    for who in sks:
        assert len(sks[who]) == 32 and len(pks[who]) == 33
        assert pk_bytes(up.SecretKey.from_be_bytes(sks[who]).public_key()) == pks[who]
    alice = up.SecretKey.from_be_bytes(sks["alice"])
    bob = up.SecretKey.from_be_bytes(sks["bob"])
    alice_pk, bob_pk, vk = load_pk(pks["alice"]), load_pk(pks["bob"]), load_pk(pks["signer"])

    pt_file = f.write("data.pt", p.plaintext)
    kms.ok("encrypt", "--public-key", f.path("alice.pk"), "--plaintext", pt_file,
           "--capsule-out", f.path("data.capsule"), "--ciphertext-out", f.path("data.ct"))
    capsule_raw, ciphertext = f.read("data.capsule"), f.read("data.ct")
    capsule = up.Capsule.from_bytes(capsule_raw)
    assert bytes(capsule) == capsule_raw and len(capsule_raw) == 105
    assert len(ciphertext) == p.size + 40
    assert up.decrypt_original(alice, capsule, ciphertext) == p.plaintext

    flags = [] if p.sign_delegating else ["--no-sign-delegating-key"]
    flags += [] if p.sign_receiving else ["--no-sign-receiving-key"]
    kms.ok("generate-kfrags", "--delegating-secret-key", f.path("alice.sk"), "--receiving-public-key",
           f.path("bob.pk"), "--signing-secret-key", f.path("signer.sk"), "--threshold", str(p.threshold),
           "--shares", str(p.shares), *flags, "--out-prefix", f.path("kf"))
    kfrag_raw = [f.read(f"kf{i + 1}.kfrag") for i in range(p.shares)]
    assert not f.path(f"kf{p.shares + 1}.kfrag").exists()
    vkfrags = [verify_kfrag_py(raw, p, vk, alice_pk, bob_pk) for raw in kfrag_raw]

    # The CLI re-encrypts with a threshold-sized subset; umbral_pre verifies and decrypts.
    chosen = p.subset(p.threshold, p.shares)
    cli_cfrags = {}
    for i in chosen:
        out = f.path(f"cli{i + 1}.cfrag")
        kms.ok("reencrypt", "--capsule", f.path("data.capsule"), "--kfrag", f.path(f"kf{i + 1}.kfrag"),
               "--verifying-key", f.path("signer.pk"), *key_flags(p, f, f.path("alice.pk"), f.path("bob.pk")),
               "--out", out)
        cli_cfrags[i] = verify_cfrag_py(out.read_bytes(), capsule, vk, alice_pk, bob_pk)
    assert up.decrypt_reencrypted(bob, alice_pk, capsule, list(cli_cfrags.values()), ciphertext) == p.plaintext

    # umbral_pre re-encrypts with the CLI's kFrags, and a mixed threshold-sized set decrypts.
    py_cfrags = {i: up.reencrypt(capsule, vkfrags[i]) for i in range(p.shares) if i not in cli_cfrags or p.rng.random() < 0.5}
    mixed = [py_cfrags[i] if i in py_cfrags else cli_cfrags[i] for i in p.subset(p.threshold, p.shares)
             if i in py_cfrags or i in cli_cfrags]
    if len(mixed) == p.threshold:
        assert up.decrypt_reencrypted(bob, alice_pk, capsule, mixed, ciphertext) == p.plaintext
    if p.threshold >= 2:
        with pytest.raises(ValueError):
            up.decrypt_reencrypted(bob, alice_pk, capsule, list(cli_cfrags.values())[:p.threshold - 1], ciphertext)

    # The CLI opens its own objects too.
    kms.ok("decrypt-original", "--secret-key", f.path("alice.sk"), "--capsule", f.path("data.capsule"),
           "--ciphertext", f.path("data.ct"), "--out", f.path("original.pt"))
    assert f.read("original.pt") == p.plaintext
    kms.ok("decrypt-reencrypted", "--secret-key", f.path("bob.sk"), "--delegating-public-key", f.path("alice.pk"),
           "--verifying-key", f.path("signer.pk"), "--capsule", f.path("data.capsule"), "--ciphertext",
           f.path("data.ct"), *[a for i in chosen for a in ("--cfrag", f.path(f"cli{i + 1}.cfrag"))],
           "--out", f.path("reencrypted.pt"))
    assert f.read("reencrypted.pt") == p.plaintext

    # A tampered CLI cFrag is rejected by umbral_pre as well as by the CLI.
    some = f.path(f"cli{chosen[0] + 1}.cfrag")
    bad = flipped(some.read_bytes(), p.rng)
    with pytest.raises((ValueError, up.VerificationError)):
        up.CapsuleFrag.from_bytes(bad).verify(capsule, vk, alice_pk, bob_pk)
    kms.fails("verify-cfrag", "--cfrag", f.write("bad.cfrag", bad), "--capsule", f.path("data.capsule"),
              "--verifying-key", f.path("signer.pk"), "--delegating-public-key", f.path("alice.pk"),
              "--receiving-public-key", f.path("bob.pk"))


# --------------------------------------------------------------------------------------------
# Library route (umbral-interop-agent)


def h(b: bytes) -> str:
    return bytes(b).hex()


def unhex(s: str) -> bytes:
    return bytes.fromhex(s)


@pytest.mark.parametrize("case", range(CASES), ids=lambda c: f"case{c:02d}")
def test_agent_consumes_python_objects(case: int, agent):
    """umbral_pre makes everything; the agent parses (byte-identical re-encoding), verifies,
    decrypts and re-encrypts; umbral_pre verifies and decrypts with the agent's cFrags."""
    p = Params("agent/python-to-swift", case)
    k = Keys()
    capsule, ciphertext = up.encrypt(k.alice_pk, p.plaintext)
    kfrags = up.generate_kfrags(k.alice, k.bob_pk, k.signer, p.threshold, p.shares, p.sign_delegating, p.sign_receiving)
    chosen = p.subset(p.threshold, p.shares)
    py_cfrags = [up.reencrypt(capsule, kfrags[i]) for i in chosen]

    response = agent.ok(
        "check",
        delegating_public_key=h(pk_bytes(k.alice_pk)), receiving_secret_key=h(k.bob.to_be_bytes()),
        verifying_key=h(pk_bytes(k.verifying_pk)), capsule=h(bytes(capsule)), ciphertext=h(ciphertext),
        sign_delegating_key=p.sign_delegating, sign_receiving_key=p.sign_receiving,
        kfrags=[h(bytes(kf)) for kf in kfrags], cfrags=[h(bytes(cf)) for cf in py_cfrags],
        delegating_secret_key=h(k.alice.to_be_bytes()),
    )
    assert unhex(response["receiving_public_key"]) == pk_bytes(k.bob_pk)
    assert unhex(response["capsule_simple"]) == capsule.to_bytes_simple()
    assert [unhex(s) for s in response["cfrags_simple"]] == [cf.to_bytes_simple() for cf in py_cfrags]
    assert unhex(response["plaintext_original"]) == p.plaintext
    assert unhex(response["plaintext_reencrypted"]) == p.plaintext

    # The agent's cFrags, made from umbral_pre's kFrags.
    agent_cfrags = [verify_cfrag_py(unhex(raw), capsule, k.verifying_pk, k.alice_pk, k.bob_pk)
                    for raw in response["agent_cfrags"]]
    assert len(agent_cfrags) == p.shares
    subset = [agent_cfrags[i] for i in p.subset(p.threshold, p.shares)]
    assert up.decrypt_reencrypted(k.bob, k.alice_pk, capsule, subset, ciphertext) == p.plaintext
    # Mixed with umbral_pre's own cFrags (distinct kFrags).
    half = p.threshold // 2
    mixed = [agent_cfrags[i] for i in chosen[:half]] + py_cfrags[half:]
    assert up.decrypt_reencrypted(k.bob, k.alice_pk, capsule, mixed, ciphertext) == p.plaintext

    # Evidence is deterministic: the agent's must equal umbral_pre's, byte for byte.
    which = p.rng.randrange(len(py_cfrags))
    evidence = agent.ok("evidence", capsule=h(bytes(capsule)), cfrag=h(bytes(py_cfrags[which])),
                        verifying_key=h(pk_bytes(k.verifying_pk)), delegating_key=h(pk_bytes(k.alice_pk)),
                        receiving_key=h(pk_bytes(k.bob_pk)))
    expected = up.ReencryptionEvidence(capsule, py_cfrags[which], k.verifying_pk, k.alice_pk, k.bob_pk)
    assert unhex(evidence["bytes"]) == bytes(expected)

    # Negative checks through the library.
    keys = dict(verifying_key=h(pk_bytes(k.verifying_pk)), delegating_key=h(pk_bytes(k.alice_pk)),
                receiving_key=h(pk_bytes(k.bob_pk)))
    bad_kfrag = tampered_kfrag(bytes(kfrags[0]), p.rng)
    assert_umbral_error(agent.call("verify_kfrag", kfrag=h(bad_kfrag), **keys))
    bad_cfrag = flipped(bytes(py_cfrags[0]), p.rng)
    assert_umbral_error(agent.call("verify_cfrag", cfrag=h(bad_cfrag), capsule=h(bytes(capsule)), **keys))
    assert_umbral_error(agent.call("decrypt_original", secret_key=h(k.bob.to_be_bytes()),
                                   capsule=h(bytes(capsule)), ciphertext=h(ciphertext)))
    wrong_keys = dict(keys, delegating_key=keys["receiving_key"], receiving_key=keys["delegating_key"])
    assert_umbral_error(agent.call("verify_cfrag", cfrag=h(bytes(py_cfrags[0])), capsule=h(bytes(capsule)), **wrong_keys))
    if p.threshold >= 2:
        assert_umbral_error(agent.call(
            "decrypt_reencrypted", receiving_secret_key=h(k.bob.to_be_bytes()),
            delegating_public_key=h(pk_bytes(k.alice_pk)), verifying_key=h(pk_bytes(k.verifying_pk)),
            capsule=h(bytes(capsule)), ciphertext=h(ciphertext), cfrags=[h(bytes(c)) for c in py_cfrags[:-1]]))


def assert_umbral_error(response: dict) -> None:
    assert response["ok"] is False, "the agent accepted a bad input"
    assert response["error_kind"] == "umbral", f"expected an UmbralError, got {response}"
    assert response["error"] and "\n" not in response["error"]


@pytest.mark.parametrize("case", range(CASES), ids=lambda c: f"case{c:02d}")
def test_python_consumes_agent_objects(case: int, agent):
    """The agent makes keys, capsule, kFrags and cFrags for an umbral_pre receiving key; umbral_pre
    checks all of it, including byte-identical evidence."""
    p = Params("agent/swift-to-python", case)
    bob = up.SecretKey.random()
    response = agent.ok("make", plaintext=h(p.plaintext), threshold=p.threshold, shares=p.shares,
                        sign_delegating_key=p.sign_delegating, sign_receiving_key=p.sign_receiving,
                        receiving_public_key=h(pk_bytes(bob.public_key())))
    alice = up.SecretKey.from_be_bytes(unhex(response["delegating_secret_key"]))
    alice_pk = load_pk(unhex(response["delegating_public_key"]))
    assert pk_bytes(alice.public_key()) == pk_bytes(alice_pk)
    vk = load_pk(unhex(response["verifying_key"]))
    assert pk_bytes(up.SecretKey.from_be_bytes(unhex(response["signing_secret_key"])).public_key()) == pk_bytes(vk)
    bob_pk = load_pk(unhex(response["receiving_public_key"]))
    assert pk_bytes(bob_pk) == pk_bytes(bob.public_key())

    capsule_raw = unhex(response["capsule"])
    capsule = up.Capsule.from_bytes(capsule_raw)
    assert bytes(capsule) == capsule_raw and len(capsule_raw) == 105
    assert capsule.to_bytes_simple() == unhex(response["capsule_simple"])
    ciphertext = unhex(response["ciphertext"])
    assert len(ciphertext) == p.size + 40
    assert up.decrypt_original(alice, capsule, ciphertext) == p.plaintext

    assert len(response["kfrags"]) == p.shares
    vkfrags = [verify_kfrag_py(unhex(raw), p, vk, alice_pk, bob_pk) for raw in response["kfrags"]]
    assert len(response["cfrags"]) == p.shares
    vcfrags = []
    for raw, simple, evidence in zip(response["cfrags"], response["cfrags_simple"], response["evidence"]):
        cfrag = verify_cfrag_py(unhex(raw), capsule, vk, alice_pk, bob_pk)
        assert cfrag.to_bytes_simple() == unhex(simple)
        assert bytes(up.ReencryptionEvidence(capsule, cfrag, vk, alice_pk, bob_pk)) == unhex(evidence)
        vcfrags.append(cfrag)

    subset = [vcfrags[i] for i in p.subset(p.threshold, p.shares)]
    assert up.decrypt_reencrypted(bob, alice_pk, capsule, subset, ciphertext) == p.plaintext
    if p.threshold >= 2:
        with pytest.raises(ValueError):
            up.decrypt_reencrypted(bob, alice_pk, capsule, subset[:-1], ciphertext)

    # umbral_pre re-encrypts with the agent's kFrags; a set mixing both implementations decrypts.
    own = [up.reencrypt(capsule, vk_) for vk_ in vkfrags]
    picks = p.subset(p.threshold, p.shares)
    mixed = [own[i] if n % 2 else vcfrags[i] for n, i in enumerate(picks)]
    assert up.decrypt_reencrypted(bob, alice_pk, capsule, mixed, ciphertext) == p.plaintext

    # umbral_pre rejects tampered agent objects.
    rng = p.rng
    with pytest.raises((ValueError, up.VerificationError)):
        up.CapsuleFrag.from_bytes(flipped(unhex(response["cfrags"][0]), rng)).verify(capsule, vk, alice_pk, bob_pk)
    with pytest.raises((ValueError, up.VerificationError)):
        up.KeyFrag.from_bytes(flipped(unhex(response["kfrags"][0]), rng, 37, KFRAG_VERIFIED_PREFIX)).verify(
            vk, alice_pk, bob_pk)
