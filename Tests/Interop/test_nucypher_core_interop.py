"""Live interop between SwiftKMS's KMSPolicy objects and the reference nucypher-core 0.16.0.

The Swift side is the long-lived `kms-policy-interop-agent` (JSON lines; its main.swift lists the
operations), playing Alice, Enrico, Ursula and Bob's retrieval through KMSPolicy's characters (over
the agent's own transport and ledger, which stand for the Python side), and Bob's requests and the
other objects at the object level. The Python side is nucypher_core with its bundled umbral. Flows,
each in both directions:

  * Swift Alice grants: Python Bob opens her EncryptedTreasureMap, Python Ursulas open her
    EncryptedKeyFrags and answer Python-made requests; a Swift Bob verifies those responses and
    decrypts Swift Enrico's MessageKits; Python checks her RevocationOrders.
  * Python Alice grants: a Swift Bob opens the map and builds the ReencryptionRequests (byte-equal
    to Python's), Swift Ursulas (mixed with Python ones) serve them, Python Bob and Swift Bob both
    verify the responses and decrypt; Swift Ursulas check Python's RevocationOrders.
  * MessageKits made on one side are opened on the other.
  * Every object type Python can make is parsed by Swift and must re-encode byte for byte; random
    bit flips that Swift accepts, the reference accepts too (except in a node's ferveo key, which
    KMSPolicy can only check for form), and header errors read the same. Where the reference is
    lenient (trailing bytes, unchecked thresholds, unsorted or non-canonical fields, high-S
    signatures), Swift refuses rather than re-encoding differently.
  * NodeMetadata, FleetStateChecksum and the metadata request/response go both ways, with real
    Ethereum operator signatures (made here in pure Python) and real ferveo keys.

Every case draws fresh keys, addresses and plaintexts; its other parameters (Ursula count 1…5,
threshold 1…count, kit count, plaintext sizes, conditions, which Ursulas answer, how a response is
tampered with) come from a generator seeded with the run seed (KMS_INTEROP_SEED repeats them).
"""

from __future__ import annotations

import hashlib
import json
import random
import secrets
import time

import pytest
import nucypher_core as nc
from nucypher_core import ferveo
from nucypher_core import umbral as nu

from conftest import RUN_SEED  # noqa: E402  (the seed is chosen once per run in conftest)

CASES = 24
KIB = 1 << 10

# What the reference raises for bad bytes, failed verification or decryption.
REJECTED = (ValueError, nu.VerificationError)


# --------------------------------------------------------------------------------------------
# Hex, keys and parameters


def h(data) -> str:
    return bytes(data).hex()


def unhex(text: str) -> bytes:
    return bytes.fromhex(text)


def pk_bytes(pk: nu.PublicKey) -> bytes:
    return pk.to_compressed_bytes()


def load_pk(text: str) -> nu.PublicKey:
    raw = unhex(text)
    pk = nu.PublicKey.from_compressed_bytes(raw)
    assert pk.to_compressed_bytes() == raw
    return pk


def load_sk(secret_hex: str, public_hex: str | None = None) -> nu.SecretKey:
    """A Swift-made secret key; its public key, if given, must be the one Python derives."""
    sk = nu.SecretKey.from_be_bytes(unhex(secret_hex))
    assert sk.to_be_bytes() == unhex(secret_hex)
    if public_hex is not None:
        assert h(pk_bytes(sk.public_key())) == public_hex
    return sk


def random_address() -> bytes:
    return secrets.token_bytes(20)


CONDITION = {
    "version": "1.0.0",
    "condition": {
        "conditionType": "time", "chain": 80002, "method": "blocktime",
        "returnValueTest": {"comparator": ">", "value": 0},
    },
}


def random_conditions(rng: random.Random) -> str | None:
    choice = rng.randrange(6)
    if choice == 0:
        return None
    if choice == 1:
        return json.dumps(CONDITION, separators=(",", ":"))
    if choice == 2:
        return ""  # not JSON, but nucypher-core never parses conditions
    if choice == 3:  # long enough for str16
        return json.dumps({"version": "1.0.0", "padding": "x" * rng.randint(300, 700), **CONDITION})
    if choice == 4:
        return json.dumps({"note": "conditions ünïcødé ✓", "n": rng.randint(0, 10**9)}, ensure_ascii=False)
    return json.dumps({"n": rng.randbytes(rng.randint(0, 40)).hex()})


def random_context(rng: random.Random) -> str | None:
    if rng.random() < 0.5:
        return None
    return json.dumps({":userAddress": {"signature": "0x" + rng.randbytes(65).hex(), "address": "0x" + rng.randbytes(20).hex()}})


def conditions_obj(text: str | None) -> nc.Conditions | None:
    return None if text is None else nc.Conditions(text)


def context_obj(text: str | None) -> nc.Context | None:
    return None if text is None else nc.Context(text)


def conditions_text(value) -> str | None:
    return None if value is None else str(value)


def plaintext_size(rng: random.Random) -> int:
    bucket = rng.random()
    if bucket < 0.4:
        return rng.randint(0, 64)
    if bucket < 0.8:
        return rng.randint(65, 4 * KIB)
    return rng.randint(4 * KIB + 1, 64 * KIB)


class Params:
    """A case's parameters, from a generator seeded with the run seed, the flow and the case."""

    PINNED = {0: (1, 1), 1: (5, 5), 2: (5, 1), 3: (2, 2), 4: (3, 2)}

    def __init__(self, flow: str, case: int):
        digest = hashlib.sha256(f"{RUN_SEED}/nucypher-core/{flow}/{case}".encode()).digest()
        self.rng = rng = random.Random(int.from_bytes(digest, "big"))
        self.case = case
        if case in self.PINNED:
            self.shares, self.threshold = self.PINNED[case]
        else:
            self.shares = rng.randint(1, 5)
            self.threshold = rng.randint(1, self.shares)
        self.sign_delegating = rng.random() < 0.5
        self.sign_receiving = rng.random() < 0.5
        self.kit_count = rng.randint(1, 3)
        self.plaintexts = [rng.randbytes(0 if case == 0 and i == 0 else plaintext_size(rng))
                           for i in range(self.kit_count)]
        self.conditions = [random_conditions(rng) for _ in range(self.kit_count)]
        self.request_conditions = random_conditions(rng)
        self.context = random_context(rng)
        self.label = rng.randbytes(rng.randint(0, 48))

    def __repr__(self) -> str:
        return (f"case {self.case}: {self.threshold} of {self.shares}, {self.kit_count} kit(s) of "
                f"{[len(p) for p in self.plaintexts]} bytes")


def flipped(data: bytes, rng: random.Random, lo: int = 0, hi: int | None = None) -> bytes:
    """`data` with one random bit flipped at an index in [lo, hi)."""
    out = bytearray(data)
    index = rng.randrange(lo, len(data) if hi is None else hi)
    out[index] ^= 1 << rng.randrange(8)
    return bytes(out)


# --------------------------------------------------------------------------------------------
# Ethereum side of node metadata, in pure Python: Keccak-256 and recoverable secp256k1 signing,
# so operator signatures are real. Checked against the reference by every node test (the
# reference's derive_operator_address must give the operator's address).

_P = 2**256 - 2**32 - 977
_N = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141
_G = (0x79BE667EF9DCBBAC55A06295CE870B07029BFCDB2DCE28D959F2815B16F81798,
      0x483ADA7726A3C4655DA4FBFC0E1108A8FD17B448A68554199C47D08FFB10D4B8)


def _ec_add(a, b):
    if a is None:
        return b
    if b is None:
        return a
    if a[0] == b[0] and (a[1] + b[1]) % _P == 0:
        return None
    if a == b:
        lam = 3 * a[0] * a[0] * pow(2 * a[1], -1, _P) % _P
    else:
        lam = (b[1] - a[1]) * pow(b[0] - a[0], -1, _P) % _P
    x = (lam * lam - a[0] - b[0]) % _P
    return x, (lam * (a[0] - x) - a[1]) % _P


def _ec_mul(k: int, point):
    out = None
    while k:
        if k & 1:
            out = _ec_add(out, point)
        point = _ec_add(point, point)
        k >>= 1
    return out


_KECCAK_RC = [
    0x0000000000000001, 0x0000000000008082, 0x800000000000808A, 0x8000000080008000, 0x000000000000808B,
    0x0000000080000001, 0x8000000080008081, 0x8000000000008009, 0x000000000000008A, 0x0000000000000088,
    0x0000000080008009, 0x000000008000000A, 0x000000008000808B, 0x800000000000008B, 0x8000000000008089,
    0x8000000000008003, 0x8000000000008002, 0x8000000000000080, 0x000000000000800A, 0x800000008000000A,
    0x8000000080008081, 0x8000000000008080, 0x0000000080000001, 0x8000000080008008,
]
_KECCAK_ROT = [[0, 36, 3, 41, 18], [1, 44, 10, 45, 2], [62, 6, 43, 15, 61], [28, 55, 25, 21, 56],
               [27, 20, 39, 8, 14]]
_M64 = (1 << 64) - 1


def _rol(v: int, n: int) -> int:
    return ((v << n) | (v >> (64 - n))) & _M64 if n else v


def _keccak_f(a):
    for rc in _KECCAK_RC:
        c = [a[x][0] ^ a[x][1] ^ a[x][2] ^ a[x][3] ^ a[x][4] for x in range(5)]
        d = [c[(x - 1) % 5] ^ _rol(c[(x + 1) % 5], 1) for x in range(5)]
        a = [[a[x][y] ^ d[x] for y in range(5)] for x in range(5)]
        b = [[0] * 5 for _ in range(5)]
        for x in range(5):
            for y in range(5):
                b[y][(2 * x + 3 * y) % 5] = _rol(a[x][y], _KECCAK_ROT[x][y])
        a = [[b[x][y] ^ (~b[(x + 1) % 5][y] & b[(x + 2) % 5][y]) for y in range(5)] for x in range(5)]
        a[0][0] ^= rc
    return a


def keccak256(data: bytes) -> bytes:
    """Original Keccak-256 (pad byte 0x01), as Ethereum uses it."""
    rate = 136
    padded = bytearray(data) + b"\x01" + bytes((-len(data) - 1) % rate)
    padded[-1] |= 0x80
    state = [[0] * 5 for _ in range(5)]
    for offset in range(0, len(padded), rate):
        block = padded[offset:offset + rate]
        for i in range(rate // 8):
            state[i % 5][i // 5] ^= int.from_bytes(block[8 * i:8 * i + 8], "little")
        state = _keccak_f(state)
    return b"".join(state[i % 5][i // 5].to_bytes(8, "little") for i in range(4))


assert keccak256(b"").hex() == "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470"


class Operator:
    """An Ethereum operator key: signs a node's verifying key with EIP-191 personal_sign."""

    def __init__(self):
        self.secret = secrets.randbelow(_N - 1) + 1
        x, y = _ec_mul(self.secret, _G)
        self.address = keccak256(x.to_bytes(32, "big") + y.to_bytes(32, "big"))[12:]

    def sign(self, verifying_key: bytes) -> bytes:
        prehash = keccak256(b"\x19Ethereum Signed Message:\n" + str(len(verifying_key)).encode() + verifying_key)
        z = int.from_bytes(prehash, "big") % _N
        while True:
            k = secrets.randbelow(_N - 1) + 1
            point = _ec_mul(k, _G)
            r = point[0] % _N
            s = pow(k, -1, _N) * (z + r * self.secret) % _N
            if r == 0 or s == 0:
                continue
            v = (point[1] & 1) | (2 if point[0] >= _N else 0)
            if s > _N // 2:  # low-S, flipping the parity of R
                s, v = _N - s, v ^ 1
            return r.to_bytes(32, "big") + s.to_bytes(32, "big") + bytes([v])


# --------------------------------------------------------------------------------------------
# Characters on the Python side, and Swift Ursulas driven through the agent


class PyUrsula:
    kind = "python"

    def __init__(self):
        self.encrypting = nu.SecretKey.random()
        self.signer = nu.Signer(nu.SecretKey.random())
        self.address = random_address()

    @property
    def encrypting_key(self) -> nu.PublicKey:
        return self.encrypting.public_key()

    @property
    def verifying_key(self) -> nu.PublicKey:
        return self.signer.verifying_key()

    def serve(self, agent, request_bytes: bytes) -> bytes:
        """What a reference Ursula does with a ReencryptionRequest."""
        request = nc.ReencryptionRequest.from_bytes(request_bytes)
        assert bytes(request) == request_bytes
        kfrag = request.encrypted_kfrag.decrypt(self.encrypting, request.hrac, request.publisher_verifying_key)
        capsules = request.capsules
        vcfrags = [nu.reencrypt(capsule, kfrag) for capsule in capsules]
        return bytes(nc.ReencryptionResponse(self.signer, list(zip(capsules, vcfrags))))


class SwiftUrsula:
    kind = "swift"

    def __init__(self, encrypting_hex: tuple[str, str], signing_hex: tuple[str, str]):
        self.encrypting_secret, encrypting_public = encrypting_hex
        self.signing_secret, signing_public = signing_hex
        self.encrypting = load_sk(self.encrypting_secret, encrypting_public)
        self.signing = load_sk(self.signing_secret, signing_public)
        self.address = random_address()
        self.last_kfrag: bytes | None = None
        # The policy her ledger holds as paid and active ({hrac, publisher_verifying_key, shares,
        # expiration}); set once Alice has granted.
        self.policy: dict | None = None

    @property
    def encrypting_key(self) -> nu.PublicKey:
        return self.encrypting.public_key()

    @property
    def verifying_key(self) -> nu.PublicKey:
        return self.signing.public_key()

    def call(self, agent, request_bytes: bytes, **overrides) -> dict:
        fields = dict(encrypting_secret_key=self.encrypting_secret, signing_secret_key=self.signing_secret,
                      address=self.address.hex(), policy=self.policy, request=h(request_bytes))
        fields.update(overrides)
        return agent.call("ursula_reencrypt", **fields)

    def serve(self, agent, request_bytes: bytes) -> bytes:
        response = self.call(agent, request_bytes)
        assert response["ok"], f"Swift Ursula failed: {response['error_kind']}: {response['error']}"
        assert unhex(response["verifying_key"]) == pk_bytes(self.verifying_key)
        self.last_kfrag = unhex(response["kfrag"])
        return unhex(response["response"])


def swift_keys(agent, count: int) -> list[tuple[str, str]]:
    made = agent.ok("keys", count=count)
    keys = list(zip(made["secret_keys"], made["public_keys"]))
    assert len(keys) == count and len({secret for secret, _ in keys}) == count
    return keys


def swift_ursulas(agent, count: int) -> list[SwiftUrsula]:
    keys = swift_keys(agent, 2 * count)
    return [SwiftUrsula(keys[2 * i], keys[2 * i + 1]) for i in range(count)]


def assert_failure(response: dict, kind: str, *fragments: str) -> str:
    assert response["ok"] is False, "the agent accepted a bad input"
    assert response["error_kind"] == kind, f"expected a {kind} error, got {response}"
    message = response["error"]
    assert message and "\n" not in message
    for fragment in fragments:
        assert fragment in message, f"{fragment!r} not in {message!r}"
    return message


def assert_names_ursula(response: dict, address: bytes, how: str = "") -> None:
    assert response["ok"] is False, f"the Swift Bob accepted a bad response ({how})"
    assert_failure(response, "ursula")
    assert response["ursula"] == address.hex(), f"the failure names {response['ursula']}, not {address.hex()} ({how})"
    assert address.hex() in response["error"].lower()


def ursula_fields(ursula) -> dict:
    """An Ursula as Alice's transport knows her: address, encrypting key, verifying key."""
    return {"address": ursula.address.hex(), "encrypting_key": h(pk_bytes(ursula.encrypting_key)),
            "verifying_key": h(pk_bytes(ursula.verifying_key))}


def response_entry(ursula, response: bytes) -> dict:
    """What Bob's transport answers for `ursula`: her response, with her public keys."""
    return dict(ursula_fields(ursula), response=h(response))


def eth_address(pk: nu.PublicKey) -> bytes:
    """The Ethereum address of a public key (how a ledger names a policy's owner)."""
    return keccak256(_uncompressed(pk_bytes(pk))[1:])[12:]


def faults_named(response: dict) -> dict[str, str]:
    """The Ursulas Bob found at fault for something other than being unreachable, with the kind."""
    return {f["ursula"]: f["kind"] for f in response["faults"] if f["kind"] != "unreachable"}


def signer_of(ursula) -> nu.Signer:
    return ursula.signer if isinstance(ursula, PyUrsula) else nu.Signer(ursula.signing)


def tampered_response(rng: random.Random, victim, others: list, raw: bytes, capsules, policy_pk, bob_pk,
                      publisher) -> tuple[str, bytes]:
    """A response in `victim`'s name that a careful Bob must refuse, and how it was made."""
    mode = rng.choice(["bit flip", "other Ursula's signature", "foreign cFrag", "reordered capsules",
                       "fewer capsules"])
    if mode == "other Ursula's signature" and not others:
        mode = "bit flip"
    if mode in ("reordered capsules", "fewer capsules") and len(capsules) < 2:
        mode = "bit flip"
    if mode == "bit flip":
        return mode, flipped(raw, rng)
    if mode == "other Ursula's signature":
        # Valid cFrags, but signed by someone else.
        impostor = rng.choice(others)
        parsed = nc.ReencryptionResponse.from_bytes(raw)
        vcfrags = parsed.verify(capsules, publisher.verifying_key(), victim.verifying_key, policy_pk, bob_pk)
        return mode, bytes(nc.ReencryptionResponse(signer_of(impostor), list(zip(capsules, vcfrags))))
    signer = signer_of(victim)
    if mode == "foreign cFrag":
        # Signed by the right Ursula, but one cFrag comes from another policy's kFrag.
        stranger = nu.SecretKey.random()
        kfrag = nu.generate_kfrags(stranger, bob_pk, publisher, 1, 1, True, True)[0]
        parsed = nc.ReencryptionResponse.from_bytes(raw)
        vcfrags = parsed.verify(capsules, publisher.verifying_key(), victim.verifying_key, policy_pk, bob_pk)
        which = rng.randrange(len(capsules))
        vcfrags[which] = nu.reencrypt(capsules[which], kfrag)
        return mode, bytes(nc.ReencryptionResponse(signer, list(zip(capsules, vcfrags))))
    # Correctly signed by the right Ursula, but over the capsules in another order, or over fewer.
    parsed = nc.ReencryptionResponse.from_bytes(raw)
    vcfrags = parsed.verify(capsules, publisher.verifying_key(), victim.verifying_key, policy_pk, bob_pk)
    pairs = list(zip(capsules, vcfrags))
    return mode, bytes(nc.ReencryptionResponse(signer, pairs[::-1] if mode == "reordered capsules" else pairs[:-1]))


# --------------------------------------------------------------------------------------------
# Swift Alice → Python Bob and Ursulas → Swift Bob


@pytest.mark.parametrize("case", range(CASES), ids=lambda c: f"case{c:02d}")
def test_swift_alice_grants_to_python(case: int, policy_agent):
    """A Swift Alice grants a policy; Python Bob opens her treasure map, Python Ursulas open her
    kFrags and serve Python Bob; a Swift Bob verifies their responses and decrypts Swift Enrico's
    kits; Python checks her revocation orders."""
    p = Params("swift-alice", case)
    agent = policy_agent
    bob = nu.SecretKey.random()
    bob_signing = nu.SecretKey.random()
    bob_signer = nu.Signer(bob_signing)
    bob_pk, bob_vk = bob.public_key(), bob_signer.verifying_key()
    ursulas = [PyUrsula() for _ in range(p.shares)]

    expiration = int(time.time()) + 86400 * p.rng.randint(1, 365)
    grant = agent.ok(
        "alice_grant", bob_encrypting_key=h(pk_bytes(bob_pk)), bob_verifying_key=h(pk_bytes(bob_vk)),
        label=h(p.label), threshold=p.threshold, ursulas=[ursula_fields(u) for u in ursulas], expiration=expiration)
    policy_sk = load_sk(grant["policy_secret_key"], grant["policy_public_key"])
    policy_pk = load_pk(grant["policy_public_key"])
    publisher = nu.Signer(load_sk(grant["publisher_secret_key"], grant["publisher_public_key"]))
    publisher_vk = load_pk(grant["publisher_public_key"])
    hrac = nc.HRAC(publisher_vk, bob_vk, p.label)
    assert unhex(grant["hrac"]) == bytes(hrac)
    # She paid for the policy on her ledger: under its HRAC, owned by her publisher key's address.
    assert grant["expiration"] == expiration
    assert grant["ledger"] == {"hrac": h(bytes(hrac)), "owner": h(eth_address(publisher_vk)), "shares": p.shares,
                               "expiration": expiration, "revoked": False}

    # Python Bob opens the encrypted treasure map.
    emap_raw = unhex(grant["encrypted_treasure_map"])
    emap = nc.EncryptedTreasureMap.from_bytes(emap_raw)
    assert bytes(emap) == emap_raw
    tmap = emap.decrypt(bob, publisher_vk)
    assert bytes(tmap) == unhex(grant["treasure_map"])
    assert bytes(nc.TreasureMap.from_bytes(bytes(tmap))) == bytes(tmap)
    assert tmap.threshold == p.threshold
    assert bytes(tmap.hrac) == bytes(hrac)
    assert pk_bytes(tmap.policy_encrypting_key) == pk_bytes(policy_pk)
    assert pk_bytes(tmap.publisher_verifying_key) == pk_bytes(publisher_vk)
    destinations = {bytes(address): ekfrag for address, ekfrag in tmap.destinations.items()}
    assert sorted(destinations) == sorted(u.address for u in ursulas)
    with pytest.raises(REJECTED):
        emap.decrypt(bob, bob_vk)  # wrong publisher key
    with pytest.raises(REJECTED):
        emap.decrypt(nu.SecretKey.random(), publisher_vk)  # not Bob

    # Each Python Ursula opens her kFrag: the one Swift made, signed for this policy.
    assert len(grant["kfrags"]) == len(grant["encrypted_kfrags"]) == p.shares
    for ursula, kfrag_hex, ekfrag_hex in zip(ursulas, grant["kfrags"], grant["encrypted_kfrags"]):
        ekfrag = nc.EncryptedKeyFrag.from_bytes(unhex(ekfrag_hex))
        assert bytes(ekfrag) == unhex(ekfrag_hex) == bytes(destinations[ursula.address])
        vkfrag = ekfrag.decrypt(ursula.encrypting, hrac, publisher_vk)
        assert bytes(vkfrag) == unhex(kfrag_hex)
        # Like nucypher's Alice, she signs neither key into her kFrags: they verify without them.
        nu.KeyFrag.from_bytes(bytes(vkfrag)).verify(publisher_vk, None, None)
        nu.KeyFrag.from_bytes(bytes(vkfrag)).verify(
            publisher_vk, policy_pk if p.sign_delegating else None, bob_pk if p.sign_receiving else None)
        with pytest.raises(REJECTED):
            nu.KeyFrag.from_bytes(bytes(vkfrag)).verify(bob_vk, None, None)
    some = ursulas[0]
    with pytest.raises(REJECTED):
        destinations[some.address].decrypt(some.encrypting, nc.HRAC(publisher_vk, bob_vk, p.label + b"!"), publisher_vk)
    with pytest.raises(REJECTED):
        destinations[some.address].decrypt(some.encrypting, hrac, bob_vk)
    if p.shares > 1:
        with pytest.raises(REJECTED):
            destinations[some.address].decrypt(ursulas[1].encrypting, hrac, publisher_vk)

    # Her revocation orders: one per Ursula, ascending by address, each for that Ursula's kFrag.
    orders = [nc.RevocationOrder.from_bytes(unhex(raw)) for raw in grant["revocation_orders"]]
    assert [bytes(o) for o in orders] == [unhex(raw) for raw in grant["revocation_orders"]]
    order_addresses = []
    for order in orders:
        address, ekfrag = order.verify(publisher_vk)
        order_addresses.append(bytes(address))
        assert bytes(ekfrag) == bytes(destinations[bytes(address)])
        with pytest.raises(REJECTED):
            order.verify(bob_vk)
    assert order_addresses == sorted(u.address for u in ursulas)

    # Swift Enrico encrypts; the policy key opens the kits directly.
    kits = []
    for plaintext, conditions in zip(p.plaintexts, p.conditions):
        raw = unhex(agent.ok("enrico_encrypt", policy_encrypting_key=h(pk_bytes(policy_pk)), plaintext=h(plaintext),
                             conditions=conditions)["message_kit"])
        kit = nc.MessageKit.from_bytes(raw)
        assert bytes(kit) == raw
        assert conditions_text(kit.conditions) == conditions
        assert kit.decrypt(policy_sk) == plaintext
        kits.append(kit)
    capsules = [kit.capsule for kit in kits]

    # Python Bob asks a threshold of Python Ursulas; he verifies their answers and decrypts.
    chosen = p.rng.sample(ursulas, p.threshold)
    requests, responses, vcfrags = {}, {}, {}
    for ursula in chosen:
        request = nc.ReencryptionRequest(
            capsules, tmap.hrac, destinations[ursula.address], tmap.publisher_verifying_key, bob_vk,
            conditions_obj(p.request_conditions), context_obj(p.context))
        requests[ursula.address] = bytes(request)
        responses[ursula.address] = ursula.serve(agent, bytes(request))
        vcfrags[ursula.address] = nc.ReencryptionResponse.from_bytes(responses[ursula.address]).verify(
            capsules, publisher_vk, ursula.verifying_key, policy_pk, bob_pk)
    for index, (kit, plaintext) in enumerate(zip(kits, p.plaintexts)):
        cfrags = [vcfrags[u.address][index] for u in chosen]
        assert kit.decrypt_reencrypted(bob, policy_pk, cfrags) == plaintext

    # A Swift Bob with the same keys builds byte-identical requests and retrieval kits ...
    bob_fields = dict(bob_encrypting_secret_key=h(bob.to_be_bytes()), bob_signing_secret_key=h(bob_signing.to_be_bytes()),
                      publisher_verifying_key=h(pk_bytes(publisher_vk)),
                      encrypted_treasure_map=h(emap_raw), message_kits=[h(bytes(k)) for k in kits])
    made = agent.ok("bob_request", **bob_fields, bob_verifying_key=h(pk_bytes(bob_vk)),
                    addresses=[u.address.hex() for u in chosen], conditions=p.request_conditions, context=p.context)
    assert unhex(made["treasure_map"]) == bytes(tmap) and made["threshold"] == p.threshold
    assert made["destinations"] == sorted(u.address.hex() for u in ursulas)
    assert [unhex(r) for r in made["requests"]] == [requests[u.address] for u in chosen]
    queried = {nc.Address(u.address) for u in chosen}
    assert [unhex(r) for r in made["retrieval_kits"]] == [
        bytes(nc.RetrievalKit(kit.capsule, queried, kit.conditions)) for kit in kits]

    # ... and verifies the Python Ursulas' responses and decrypts every kit. He needs all of them
    # (the others are unreachable), and the requests he sent them are the ones they served.
    entries = [response_entry(u, responses[u.address]) for u in chosen]
    p.rng.shuffle(entries)
    out = agent.ok("bob_retrieve", **bob_fields, responses=entries, conditions=p.request_conditions, context=p.context)
    assert [unhex(pt) for pt in out["plaintexts"]] == p.plaintexts
    assert sorted(out["contributors"]) == sorted(u.address.hex() for u in chosen)
    assert {address: unhex(r) for address, r in out["requests"].items()} == {
        u.address.hex(): requests[u.address] for u in chosen}
    assert faults_named(out) == {}

    # Negative checks: a tampered response fails naming its Ursula (Python Bob refuses it too) ...
    victim = p.rng.choice(chosen)
    others = [u for u in ursulas if u is not victim]
    mode, bad = tampered_response(p.rng, victim, others, responses[victim.address], capsules, policy_pk, bob_pk,
                                  publisher)
    with pytest.raises(REJECTED):
        nc.ReencryptionResponse.from_bytes(bad).verify(capsules, publisher_vk, victim.verifying_key, policy_pk, bob_pk)
    bad_entries = [dict(e, response=h(bad)) if e["address"] == victim.address.hex() else e for e in entries]
    assert_names_ursula(agent.call("bob_retrieve", **bob_fields, responses=bad_entries), victim.address, mode)
    # ... a response checked against another Ursula's key fails naming the one it claims to be from ...
    if len(chosen) >= 2:
        swapped = [dict(e, verifying_key=entries[(i + 1) % len(entries)]["verifying_key"]) for i, e in enumerate(entries)]
        response = agent.call("bob_retrieve", **bob_fields, responses=swapped)
        assert_names_ursula(response, unhex(response["ursula"]))
        assert faults_named(response) == {e["address"]: "policy" for e in entries}
    # ... a wrong publisher key fails the treasure map, and too few responses fail the threshold.
    wrong = dict(bob_fields, publisher_verifying_key=h(pk_bytes(bob_vk)))
    assert_failure(agent.call("bob_retrieve", **wrong, responses=entries), "policy", "verification failed")
    if p.threshold >= 2:
        assert_failure(agent.call("bob_retrieve", **bob_fields, responses=entries[:-1]), "policy",
                       f"{p.threshold - 1} of the {p.threshold} Ursula(s) needed answered honestly")
    # Alice refuses a threshold outside 1…shares.
    grant_fields = dict(bob_encrypting_key=h(pk_bytes(bob_pk)), bob_verifying_key=h(pk_bytes(bob_vk)), label=h(p.label),
                        ursulas=[ursula_fields(u) for u in ursulas])
    for bad_threshold in (0, p.shares + 1):
        assert_failure(agent.call("alice_grant", **grant_fields, threshold=bad_threshold), "policy", "threshold")


# --------------------------------------------------------------------------------------------
# Python Alice → Swift Bob and Swift Ursulas


@pytest.mark.parametrize("case", range(CASES), ids=lambda c: f"case{c:02d}")
def test_python_alice_grants_to_swift(case: int, policy_agent):
    """A Python Alice grants a policy to a Swift-made Bob over Swift Ursulas (mixed with Python
    ones); a Swift Bob opens the map and builds the requests, the Ursulas serve them, and both a
    Python and a Swift Bob verify the responses and decrypt Python Enrico's kits."""
    p = Params("python-alice", case)
    agent = policy_agent
    bob_keys = swift_keys(agent, 2)
    bob = load_sk(*bob_keys[0])
    bob_signing = load_sk(*bob_keys[1])
    bob_pk, bob_vk = bob.public_key(), bob_signing.public_key()
    # Swift Ursulas, with some Python ones mixed in (the first is always Swift).
    kinds = ["swift"] + ["swift" if p.rng.random() < 0.6 else "python" for _ in range(p.shares - 1)]
    made_swift = iter(swift_ursulas(agent, kinds.count("swift")))
    ursulas = [next(made_swift) if kind == "swift" else PyUrsula() for kind in kinds]

    # Python Alice grants; Python Enrico encrypts.
    policy_sk = nu.SecretKey.random()
    policy_pk = policy_sk.public_key()
    publisher = nu.Signer(nu.SecretKey.random())
    publisher_vk = publisher.verifying_key()
    kfrags = nu.generate_kfrags(policy_sk, bob_pk, publisher, p.threshold, p.shares, p.sign_delegating,
                                p.sign_receiving)
    hrac = nc.HRAC(publisher_vk, bob_vk, p.label)
    tmap = nc.TreasureMap(publisher, hrac, policy_pk,
                          {nc.Address(u.address): (u.encrypting_key, kf) for u, kf in zip(ursulas, kfrags)},
                          p.threshold)
    emap = tmap.encrypt(publisher, bob_pk)
    destinations = {bytes(address): ekfrag for address, ekfrag in tmap.destinations.items()}
    kits = [nc.MessageKit(policy_pk, pt, conditions_obj(c)) for pt, c in zip(p.plaintexts, p.conditions)]
    capsules = [kit.capsule for kit in kits]
    # The policy as the Swift Ursulas' ledger knows it: paid for by Alice, active for a day.
    paid = dict(hrac=h(bytes(hrac)), publisher_verifying_key=h(pk_bytes(publisher_vk)), shares=p.shares,
                expiration=int(time.time()) + 86400)
    for ursula in ursulas:
        if isinstance(ursula, SwiftUrsula):
            ursula.policy = paid

    # The Swift Bob opens the map and asks a random set of at least a threshold of Ursulas.
    asked = p.rng.sample(ursulas, p.rng.randint(p.threshold, p.shares))
    bob_fields = dict(bob_encrypting_secret_key=bob_keys[0][0], bob_signing_secret_key=bob_keys[1][0],
                      publisher_verifying_key=h(pk_bytes(publisher_vk)),
                      encrypted_treasure_map=h(bytes(emap)), message_kits=[h(bytes(k)) for k in kits])
    made = agent.ok("bob_request", **bob_fields, bob_verifying_key=h(pk_bytes(bob_vk)),
                    addresses=[u.address.hex() for u in asked], conditions=p.request_conditions, context=p.context)
    assert unhex(made["treasure_map"]) == bytes(tmap)
    assert made["threshold"] == p.threshold and unhex(made["hrac"]) == bytes(hrac)
    assert unhex(made["policy_encrypting_key"]) == pk_bytes(policy_pk)
    assert unhex(made["publisher_verifying_key"]) == pk_bytes(publisher_vk)
    assert made["destinations"] == sorted(u.address.hex() for u in ursulas)
    assert len(made["requests"]) == len(asked)
    for ursula, request_hex in zip(asked, made["requests"]):
        expected = nc.ReencryptionRequest(capsules, hrac, destinations[ursula.address], publisher_vk, bob_vk,
                                          conditions_obj(p.request_conditions), context_obj(p.context))
        assert unhex(request_hex) == bytes(expected)
        request = nc.ReencryptionRequest.from_bytes(unhex(request_hex))
        assert conditions_text(request.conditions) == p.request_conditions
        assert conditions_text(request.context) == p.context
    queried = {nc.Address(u.address) for u in asked}
    for kit, kit_hex in zip(kits, made["retrieval_kits"]):
        raw = unhex(kit_hex)
        assert raw == bytes(nc.RetrievalKit(kit.capsule, queried, kit.conditions))
        assert bytes(nc.RetrievalKit.from_bytes(raw)) == raw

    # The Ursulas serve the Swift Bob's requests; a Python Bob checks every response.
    responses = {}
    for ursula, request_hex in zip(asked, made["requests"]):
        raw = ursula.serve(agent, unhex(request_hex))
        responses[ursula.address] = raw
        if isinstance(ursula, SwiftUrsula):
            assert ursula.last_kfrag == bytes(kfrags[ursulas.index(ursula)])
        response = nc.ReencryptionResponse.from_bytes(raw)
        assert bytes(response) == raw
        vcfrags = response.verify(capsules, publisher_vk, ursula.verifying_key, policy_pk, bob_pk)
        assert len(vcfrags) == len(kits)
        with pytest.raises(REJECTED):
            response.verify(capsules, publisher_vk, bob_vk, policy_pk, bob_pk)
    for index, (kit, plaintext) in enumerate(zip(kits, p.plaintexts)):
        cfrags = [nc.ReencryptionResponse.from_bytes(responses[u.address]).verify(
            capsules, publisher_vk, u.verifying_key, policy_pk, bob_pk)[index] for u in asked[:p.threshold]]
        assert kit.decrypt_reencrypted(bob, policy_pk, cfrags) == plaintext

    # The Swift Bob verifies them and decrypts: he asks the map's Ursulas in turn until a threshold
    # answered honestly, with the same requests his bob_request made.
    entries = [response_entry(u, responses[u.address]) for u in asked]
    out = agent.ok("bob_retrieve", **bob_fields, responses=entries, conditions=p.request_conditions, context=p.context)
    assert [unhex(pt) for pt in out["plaintexts"]] == p.plaintexts
    assert unhex(out["treasure_map"]) == bytes(tmap)
    made_requests = {u.address.hex(): unhex(r) for u, r in zip(asked, made["requests"])}
    assert len(out["contributors"]) == p.threshold and set(out["contributors"]) <= set(made_requests)
    assert out["requests"] and all(unhex(r) == made_requests[a] for a, r in out["requests"].items())
    assert faults_named(out) == {}

    # Swift Ursulas accept Python Alice's revocation orders, and only with her key.
    orders = tmap.make_revocation_orders(publisher)
    swift_ursula = ursulas[0]
    for order in orders:
        checked = agent.ok("verify_revocation_order", order=h(bytes(order)), verifying_key=h(pk_bytes(publisher_vk)))
        assert bytes(destinations[unhex(checked["address"])]) == unhex(checked["encrypted_kfrag"])
    assert_failure(agent.call("verify_revocation_order", order=h(bytes(orders[0])), verifying_key=h(pk_bytes(bob_vk))),
                   "policy", "RevocationOrder verification failed")

    # Negative checks for the Swift Ursula: a request naming the wrong publisher or HRAC, or sent
    # to the wrong Ursula, is refused. Her ledger refuses the first two (not paid for by that
    # publisher, no such policy); where it holds a policy under that publisher or HRAC, her kFrag
    # check refuses them (Alice's signature does not verify).
    def request_for(ursula_address: bytes, publisher_key=publisher_vk, policy_hrac=hrac) -> bytes:
        return bytes(nc.ReencryptionRequest(capsules, policy_hrac, destinations[ursula_address], publisher_key, bob_vk,
                                            None, None))
    other_hrac = nc.HRAC(publisher_vk, bob_vk, p.label + b"?")
    assert_failure(swift_ursula.call(agent, request_for(swift_ursula.address, publisher_key=bob_vk)),
                   "policy", "was not paid for by this publisher")
    assert_failure(swift_ursula.call(agent, request_for(swift_ursula.address, publisher_key=bob_vk),
                                     policy=dict(paid, publisher_verifying_key=h(pk_bytes(bob_vk)))),
                   "policy", "verification failed")
    assert_failure(swift_ursula.call(agent, request_for(swift_ursula.address, policy_hrac=other_hrac)),
                   "policy", "is not on the ledger")
    assert_failure(swift_ursula.call(agent, request_for(swift_ursula.address, policy_hrac=other_hrac),
                                     policy=dict(paid, hrac=h(bytes(other_hrac)))),
                   "policy", "verification failed")
    if p.shares > 1:
        assert_failure(swift_ursula.call(agent, request_for(ursulas[1].address)), "policy",
                       "was not sealed to the Ursula")
    assert_failure(swift_ursula.call(agent, flipped(request_for(swift_ursula.address), p.rng, 0, 8)), "policy")
    # ... and so is a policy that has expired or was revoked on the ledger.
    assert_failure(swift_ursula.call(agent, request_for(swift_ursula.address), now=paid["expiration"]),
                   "policy", "expired")
    assert_failure(swift_ursula.call(agent, request_for(swift_ursula.address), policy=dict(paid, revoked=True)),
                   "policy", "was revoked")

    # Negative checks for the Swift Bob: a tampered response names its Ursula; a wrong publisher
    # key fails the map; too few responses fail the threshold.
    victim = p.rng.choice(asked)
    others = [u for u in ursulas if u is not victim]
    mode, bad = tampered_response(p.rng, victim, others, responses[victim.address], capsules, policy_pk, bob_pk,
                                  publisher)
    bad_entries = [dict(e, response=h(bad)) if e["address"] == victim.address.hex() else e for e in entries]
    # When Bob needs her (the others answering are one short of the threshold), he fails naming her.
    needed = ([e for e in bad_entries if e["address"] == victim.address.hex()]
              + [e for e in bad_entries if e["address"] != victim.address.hex()][:p.threshold - 1])
    assert_names_ursula(agent.call("bob_retrieve", **bob_fields, responses=needed), victim.address, mode)
    # With every asked Ursula answering, he never uses her cFrags: he does without her, naming her
    # if he asked her, or fails naming her.
    spare = agent.call("bob_retrieve", **bob_fields, responses=bad_entries)
    if spare["ok"]:
        assert [unhex(pt) for pt in spare["plaintexts"]] == p.plaintexts
        assert victim.address.hex() not in spare["contributors"]
        assert set(faults_named(spare)) <= {victim.address.hex()}
        assert (victim.address.hex() in faults_named(spare)) == (victim.address.hex() in spare["requests"])
    else:
        assert_names_ursula(spare, victim.address, mode)
    with pytest.raises(REJECTED):
        nc.ReencryptionResponse.from_bytes(bad).verify(capsules, publisher_vk, victim.verifying_key, policy_pk, bob_pk)
    outsider = dict(entries[0], address=random_address().hex())
    assert_names_ursula(agent.call("bob_retrieve", **bob_fields, responses=entries + [outsider]),
                        unhex(outsider["address"]))
    wrong = dict(bob_fields, publisher_verifying_key=h(pk_bytes(bob_vk)))
    assert_failure(agent.call("bob_retrieve", **wrong, responses=entries), "policy", "verification failed")
    assert_failure(agent.call("bob_request", **wrong, bob_verifying_key=h(pk_bytes(bob_vk))), "policy",
                   "verification failed")
    if p.threshold >= 2:
        assert_failure(agent.call("bob_retrieve", **bob_fields, responses=entries[:p.threshold - 1]), "policy",
                       f"{p.threshold - 1} of the {p.threshold} Ursula(s) needed answered honestly")


# --------------------------------------------------------------------------------------------
# MessageKits both ways


@pytest.mark.parametrize("case", range(CASES), ids=lambda c: f"case{c:02d}")
def test_message_kits_both_ways(case: int, policy_agent):
    """Swift Enrico's kits open in Python and Python Enrico's in Swift, with and without
    conditions; the wrong key fails on both sides."""
    p = Params("message-kits", case)
    agent = policy_agent
    policy_sk = nu.SecretKey.random()
    policy_pk = policy_sk.public_key()
    other = nu.SecretKey.random()
    for plaintext, conditions in zip(p.plaintexts, p.conditions):
        swift_kit = unhex(agent.ok("enrico_encrypt", policy_encrypting_key=h(pk_bytes(policy_pk)),
                                   plaintext=h(plaintext), conditions=conditions)["message_kit"])
        kit = nc.MessageKit.from_bytes(swift_kit)
        assert bytes(kit) == swift_kit
        assert len(swift_kit) == len(bytes(nc.MessageKit(policy_pk, plaintext, conditions_obj(conditions))))
        assert kit.decrypt(policy_sk) == plaintext and conditions_text(kit.conditions) == conditions
        with pytest.raises(REJECTED):
            kit.decrypt(other)

        python_kit = nc.MessageKit(policy_pk, plaintext, conditions_obj(conditions))
        opened = agent.ok("decrypt_message_kit", secret_key=h(policy_sk.to_be_bytes()), message_kit=h(bytes(python_kit)))
        assert unhex(opened["plaintext"]) == plaintext and opened["conditions"] == conditions
        assert_failure(agent.call("decrypt_message_kit", secret_key=h(other.to_be_bytes()),
                                  message_kit=h(bytes(python_kit))), "policy", "decryption failed")
        # The ciphertext (nonce, body and tag) is authenticated: a flipped bit fails on both sides.
        raw = bytes(python_kit)
        ciphertext_length = len(plaintext) + 40
        start = 8 + 1 + 105 + (2 if ciphertext_length < 256 else 3 if ciphertext_length < 65536 else 5)
        tampered = flipped(raw, p.rng, start, start + ciphertext_length)
        with pytest.raises(REJECTED):
            nc.MessageKit.from_bytes(tampered).decrypt(policy_sk)
        assert_failure(agent.call("decrypt_message_kit", secret_key=h(policy_sk.to_be_bytes()),
                                  message_kit=h(tampered)), "policy", "decryption failed")
        # The conditions are not (as in the reference): swapping them leaves a kit that opens.
        swapped = nc.MessageKit.from_bytes(raw[:start + ciphertext_length] + b"\xa2{}")
        opened = agent.ok("decrypt_message_kit", secret_key=h(policy_sk.to_be_bytes()), message_kit=h(bytes(swapped)))
        assert unhex(opened["plaintext"]) == swapped.decrypt(policy_sk) == plaintext and opened["conditions"] == "{}"


# --------------------------------------------------------------------------------------------
# Every Python-made object type: parse and re-encode byte for byte


def python_node(rng: random.Random, signer: nu.Signer | None = None, operator: Operator | None = None,
                address: bytes | None = None):
    """A reference NodeMetadata with a real operator signature and ferveo key; returns it with the
    operator and the signer."""
    signer = signer or nu.Signer(nu.SecretKey.random())
    operator = operator or Operator()
    payload = nc.NodeMetadataPayload(
        staking_provider_address=nc.Address(address or random_address()),
        domain=rng.choice(["lynx", "tapir", "mainnet", "", "dömäin-" + "x" * rng.randint(0, 40)]),
        timestamp_epoch=rng.choice([0, 2**32 - 1, rng.randrange(2**32)]),
        verifying_key=signer.verifying_key(),
        encrypting_key=nu.SecretKey.random().public_key(),
        ferveo_public_key=ferveo.Keypair.random().public_key(),
        certificate_der=rng.randbytes(rng.choice([0, 20, 255, 256, rng.randint(300, 900)])),
        host=rng.choice(["127.0.0.1", "ursula.example.org", "::1", "h" * rng.randint(1, 300)]),
        port=rng.choice([0, 9151, 65535, rng.randrange(65536)]),
        operator_signature=nu.RecoverableSignature.from_be_bytes(operator.sign(pk_bytes(signer.verifying_key()))),
    )
    return nc.NodeMetadata(signer, payload), operator, signer


def python_objects(rng: random.Random) -> dict[str, list[bytes]]:
    """One fresh policy and fleet made by the reference: every object type, in several forms."""
    alice = nu.SecretKey.random()
    publisher = nu.Signer(nu.SecretKey.random())
    bob = nu.SecretKey.random()
    bob_vk = nu.Signer(nu.SecretKey.random()).verifying_key()
    shares = rng.randint(1, 5)
    threshold = rng.randint(1, shares)
    ursulas = [PyUrsula() for _ in range(shares)]
    kfrags = nu.generate_kfrags(alice, bob.public_key(), publisher, threshold, shares, rng.random() < 0.5,
                                rng.random() < 0.5)
    hrac = nc.HRAC(publisher.verifying_key(), bob_vk, rng.randbytes(rng.randint(0, 32)))
    tmap = nc.TreasureMap(publisher, hrac, alice.public_key(),
                          {nc.Address(u.address): (u.encrypting_key, kf) for u, kf in zip(ursulas, kfrags)}, threshold)
    by_address = {bytes(address): ekfrag for address, ekfrag in tmap.destinations.items()}
    ekfrags = [by_address[u.address] for u in ursulas]
    kits = [nc.MessageKit(alice.public_key(), rng.randbytes(plaintext_size(rng)), conditions_obj(c))
            for c in (None, random_conditions(rng), json.dumps(CONDITION))]
    capsules = [kit.capsule for kit in kits]
    requests = [
        nc.ReencryptionRequest(capsules[:n], hrac, ekfrags[0], publisher.verifying_key(), bob_vk,
                               conditions_obj(random_conditions(rng)), context_obj(random_context(rng)))
        for n in (1, rng.randint(1, 3), 3)
    ]
    responses = [ursulas[0].serve(None, bytes(rq)) for rq in requests]
    addresses = [nc.Address(u.address) for u in ursulas]
    nodes = [python_node(rng)[0] for _ in range(rng.randint(1, 3))]
    checksum = nc.FleetStateChecksum(nodes[1:], nodes[0])
    response_signer = nu.Signer(nu.SecretKey.random())
    return {
        "hrac": [bytes(hrac)],
        "address": [bytes(a) for a in addresses],
        "message_kit": [bytes(kit) for kit in kits],
        "treasure_map": [bytes(tmap)],
        "encrypted_treasure_map": [bytes(tmap.encrypt(publisher, bob.public_key()))],
        "encrypted_kfrag": [bytes(ek) for ek in ekfrags],
        "reencryption_request": [bytes(rq) for rq in requests],
        "reencryption_response": responses,
        "retrieval_kit": [bytes(nc.RetrievalKit.from_message_kit(kits[1])),
                          bytes(nc.RetrievalKit(capsules[0], set(addresses), conditions_obj(random_conditions(rng))))],
        "revocation_order": [bytes(o) for o in tmap.make_revocation_orders(publisher)],
        "node_metadata": [bytes(n) for n in nodes],
        "fleet_state_checksum": [bytes(checksum), bytes(nc.FleetStateChecksum([], None))],
        "metadata_request": [bytes(nc.MetadataRequest(checksum, nodes)), bytes(nc.MetadataRequest(checksum, []))],
        "metadata_response": [
            bytes(nc.MetadataResponse(response_signer, nc.MetadataResponsePayload(rng.randrange(2**32), nodes))),
            bytes(nc.MetadataResponse(response_signer, nc.MetadataResponsePayload(0, []))),
        ],
    }


def python_parse(type_name: str, raw: bytes) -> bytes:
    """The reference's parse-and-re-encode of `raw` as `type_name` (raises if it refuses)."""
    if type_name == "fleet_state_checksum":
        if len(raw) != 32:
            raise ValueError("a fleet state checksum is 32 bytes")
        return raw  # the reference has no parser: the checksum is just 32 bytes
    if type_name == "address":
        return bytes(nc.Address(raw))
    parsers = {
        "hrac": nc.HRAC, "message_kit": nc.MessageKit, "treasure_map": nc.TreasureMap,
        "encrypted_treasure_map": nc.EncryptedTreasureMap, "encrypted_kfrag": nc.EncryptedKeyFrag,
        "reencryption_request": nc.ReencryptionRequest, "reencryption_response": nc.ReencryptionResponse,
        "retrieval_kit": nc.RetrievalKit, "revocation_order": nc.RevocationOrder, "node_metadata": nc.NodeMetadata,
        "metadata_request": nc.MetadataRequest, "metadata_response": nc.MetadataResponse,
    }
    return bytes(parsers[type_name].from_bytes(raw))


REENCODED_TYPES = ["hrac", "address", "message_kit", "treasure_map", "encrypted_treasure_map", "encrypted_kfrag",
                   "reencryption_request", "reencryption_response", "retrieval_kit", "revocation_order",
                   "node_metadata", "fleet_state_checksum", "metadata_request", "metadata_response"]
# Where KMSPolicy knowingly accepts what the reference refuses: it has no BLS12-381 arithmetic, so
# it checks a node's ferveo key only for form (flags, coordinates below the modulus), not for
# being on the curve (see NodeMetadataPayload's documentation).
FERVEO_REFUSALS = ("the input buffer contained invalid data", "the call expects empty flags")


def in_ferveo_key(raw: bytes, index: int) -> bool:
    """Whether byte `index` of `raw` lies in a node's ferveo key (a `[bin 96]`: 91 c4 60 + 96 bytes)."""
    start = raw.find(b"\x91\xc4\x60")
    while start != -1:
        if start + 3 <= index < start + 3 + 96:
            return True
        start = raw.find(b"\x91\xc4\x60", start + 1)
    return False


@pytest.mark.parametrize("case", range(CASES), ids=lambda c: f"case{c:02d}")
def test_reencode_python_objects(case: int, policy_agent):
    """Every object type the reference makes, fresh, re-encodes byte for byte in Swift; random bit
    flips that Swift accepts, the reference accepts too, and both re-encode them unchanged."""
    p = Params("reencode", case)
    objects = python_objects(p.rng)
    assert sorted(objects) == sorted(REENCODED_TYPES)
    assert sorted(policy_agent.ok("ping")["types"]) == sorted(REENCODED_TYPES)
    for type_name, blobs in objects.items():
        for raw in blobs:
            assert python_parse(type_name, raw) == raw
            out = policy_agent.ok("reencode", type=type_name, bytes=h(raw))
            assert unhex(out["bytes"]) == raw, f"{type_name}: Swift re-encoded differently"

    for type_name, blobs in objects.items():
        raw = p.rng.choice(blobs)
        for _ in range(4):
            mutant = flipped(raw, p.rng)
            index = next(i for i, (x, y) in enumerate(zip(raw, mutant)) if x != y)
            swift = policy_agent.call("reencode", type=type_name, bytes=h(mutant))
            if not swift["ok"]:
                assert swift["error_kind"] in ("policy", "umbral"), f"{type_name}: {swift}"
                continue  # KMSPolicy may be stricter than the reference (high-S, non-canonical forms)
            assert unhex(swift["bytes"]) == mutant
            try:
                assert python_parse(type_name, mutant) == mutant, f"{type_name}: the reference re-encodes the mutant"
            except REJECTED as error:
                assert in_ferveo_key(raw, index) and any(text in str(error) for text in FERVEO_REFUSALS), (
                    f"{type_name}: Swift accepted bytes the reference refuses ({error})")


WIDE_CASES = 4


@pytest.mark.parametrize("case", range(WIDE_CASES), ids=lambda c: f"case{c}")
def test_wide_objects_both_ways(case: int, policy_agent):
    """Objects whose MessagePack lengths cross the encoding boundaries (fixarray/fixmap → 16-bit
    at 16 entries, positive fixint → uint8 at 128, bin8 → bin16 → bin32 at 256 and 65536 bytes,
    str8 → str16 → str32): reference-made ones re-encode byte for byte in Swift, and Swift-made
    ones parse and re-encode in the reference."""
    rng = random.Random(f"{RUN_SEED}/wide/{case}")
    agent = policy_agent
    alice = nu.SecretKey.random()
    publisher = nu.Signer(nu.SecretKey.random())
    bob = nu.SecretKey.random()
    bob_vk = nu.Signer(nu.SecretKey.random()).verifying_key()
    threshold = [16, 127, 128, rng.randint(129, 255)][case]
    shares = rng.randint(threshold, min(threshold + 8, 255))
    ursulas = [PyUrsula() for _ in range(shares)]
    kfrags = nu.generate_kfrags(alice, bob.public_key(), publisher, threshold, shares, False, False)
    hrac = nc.HRAC(publisher.verifying_key(), bob_vk, b"wide")
    tmap = nc.TreasureMap(publisher, hrac, alice.public_key(),
                          {nc.Address(u.address): (u.encrypting_key, kf) for u, kf in zip(ursulas, kfrags)}, threshold)
    ekfrag = tmap.destinations[nc.Address(ursulas[0].address)]
    sizes = [215, 216, 65495, 65496, rng.randint(65497, 100_000)]
    long_conditions = ["c" * 31, "c" * 32, "c" * 255, "c" * 256, "c" * 65535, "c" * 65536]
    kits = [nc.MessageKit(alice.public_key(), rng.randbytes(size), conditions_obj(rng.choice(long_conditions)))
            for size in sizes]
    capsules = [kits[i % len(kits)].capsule for i in range(rng.randint(16, 40))]
    request = nc.ReencryptionRequest(capsules, hrac, ekfrag, publisher.verifying_key(), bob_vk,
                                     conditions_obj(rng.choice(long_conditions)), context_obj("x" * 70_000))
    empty_request = nc.ReencryptionRequest([], hrac, ekfrag, publisher.verifying_key(), bob_vk, None, None)
    addresses = {nc.Address(random_address()) for _ in range(rng.choice([15, 16, 17, 300]))}
    nodes = [python_node(rng)[0] for _ in range(16)]
    checksum = nc.FleetStateChecksum(nodes, None)
    base_node, _, base_signer = python_node(rng)
    wide_node_payload = base_node.payload
    wide_node = nc.NodeMetadata(base_signer, nc.NodeMetadataPayload(
        wide_node_payload.staking_provider_address, "d" * 300, wide_node_payload.timestamp_epoch,
        wide_node_payload.verifying_key, wide_node_payload.encrypting_key, wide_node_payload.ferveo_public_key,
        rng.randbytes(70_000), "h" * 70_000, wide_node_payload.port, wide_node_payload.operator_signature))
    objects = {
        "treasure_map": [bytes(tmap)],
        "encrypted_treasure_map": [bytes(tmap.encrypt(publisher, bob.public_key()))],
        "message_kit": [bytes(kit) for kit in kits],
        "reencryption_request": [bytes(request), bytes(empty_request)],
        "reencryption_response": [ursulas[0].serve(agent, bytes(request)), ursulas[0].serve(agent, bytes(empty_request))],
        "retrieval_kit": [bytes(nc.RetrievalKit(kits[0].capsule, addresses, None))],
        "revocation_order": [bytes(o) for o in tmap.make_revocation_orders(publisher)[:3]],
        "node_metadata": [bytes(wide_node)],
        "metadata_request": [bytes(nc.MetadataRequest(checksum, nodes))],
        "metadata_response": [bytes(nc.MetadataResponse(publisher, nc.MetadataResponsePayload(2**32 - 1, nodes)))],
    }
    for type_name, blobs in objects.items():
        for raw in blobs:
            assert python_parse(type_name, raw) == raw
            assert unhex(agent.ok("reencode", type=type_name, bytes=h(raw))["bytes"]) == raw, type_name
    assert unhex(agent.ok("check_nodes", nodes=[h(bytes(n)) for n in nodes])["fleet_state_checksum"]) == bytes(checksum)
    assert wide_node.verify() and agent.ok("check_nodes", nodes=[h(bytes(wide_node))])["verifies"] == [True]

    # Swift-made wide objects: a grant over as many Ursulas, long kits, a wide request and a
    # signed response announcing 16 nodes.
    grant = agent.ok("alice_grant", bob_encrypting_key=h(pk_bytes(bob.public_key())), bob_verifying_key=h(pk_bytes(bob_vk)),
                     label=h(b"wide"), threshold=threshold, ursulas=[ursula_fields(u) for u in ursulas])
    publisher_vk = load_pk(grant["publisher_public_key"])
    swift_map = nc.EncryptedTreasureMap.from_bytes(unhex(grant["encrypted_treasure_map"])).decrypt(bob, publisher_vk)
    assert bytes(swift_map) == unhex(grant["treasure_map"]) and swift_map.threshold == threshold
    assert len(swift_map.destinations) == shares
    policy_pk = load_pk(grant["policy_public_key"])
    swift_kits = []
    for size in sizes[2:]:
        conditions = rng.choice(long_conditions)
        plaintext = rng.randbytes(size)
        raw = unhex(agent.ok("enrico_encrypt", policy_encrypting_key=h(pk_bytes(policy_pk)), plaintext=h(plaintext),
                             conditions=conditions)["message_kit"])
        kit = nc.MessageKit.from_bytes(raw)
        assert bytes(kit) == raw and str(kit.conditions) == conditions
        assert kit.decrypt(load_sk(grant["policy_secret_key"])) == plaintext
        swift_kits.append(kit)
    made = agent.ok("bob_request", bob_encrypting_secret_key=h(bob.to_be_bytes()), bob_verifying_key=h(pk_bytes(bob_vk)),
                    publisher_verifying_key=h(pk_bytes(publisher_vk)), encrypted_treasure_map=grant["encrypted_treasure_map"],
                    message_kits=[h(bytes(swift_kits[i % len(swift_kits)])) for i in range(17)],
                    addresses=[ursulas[0].address.hex()], context="x" * 70_000)
    expected = nc.ReencryptionRequest([swift_kits[i % len(swift_kits)].capsule for i in range(17)], swift_map.hrac,
                                      swift_map.destinations[nc.Address(ursulas[0].address)], publisher_vk, bob_vk,
                                      None, nc.Context("x" * 70_000))
    assert unhex(made["requests"][0]) == bytes(expected)
    [swift_ursula] = swift_ursulas(agent, 1)
    signed = agent.ok("metadata_response", signing_secret_key=swift_ursula.signing_secret, timestamp_epoch=2**32 - 1,
                      nodes=[h(bytes(n)) for n in nodes + [wide_node]])
    opened = nc.MetadataResponse.from_bytes(unhex(signed["bytes"])).verify(swift_ursula.verifying_key)
    assert [bytes(n) for n in opened.announce_nodes] == [bytes(n) for n in nodes + [wide_node]]


HEADERED = {
    "message_kit": (b"MKit", 3), "treasure_map": (b"TMap", 3), "encrypted_treasure_map": (b"EMap", 3),
    "encrypted_kfrag": (b"EKFr", 3), "reencryption_request": (b"ReRq", 3), "reencryption_response": (b"ReRs", 3),
    "retrieval_kit": (b"RKit", 3), "revocation_order": (b"Revo", 3), "node_metadata": (b"NdMd", 4),
    "metadata_request": (b"MdRq", 3), "metadata_response": (b"MdRs", 3),
}


@pytest.mark.parametrize("type_name", sorted(HEADERED))
def test_header_errors_read_like_the_reference(type_name: str, policy_agent):
    """Short input, a wrong brand and unsupported versions are refused by both sides with the same
    text (the reference prefixes it with "Failed to deserialize: ")."""
    rng = random.Random(f"{RUN_SEED}/headers/{type_name}")
    raw = rng.choice(python_objects(rng)[type_name])
    brand, major = HEADERED[type_name]
    assert raw[:4] == brand and int.from_bytes(raw[4:6], "big") == major and raw[6:8] == b"\0\0"
    other_brand = rng.choice([b for b, _ in HEADERED.values() if b != brand] + [b"XXXX"])
    variants = [
        raw[:rng.randrange(8)],
        other_brand + raw[4:],
        raw[:4] + (major + 1).to_bytes(2, "big") + raw[6:],
        raw[:4] + (major - 1).to_bytes(2, "big") + raw[6:],
        raw[:6] + rng.randint(1, 0xFFFF).to_bytes(2, "big") + raw[8:],
    ]
    for variant in variants:
        with pytest.raises(ValueError) as refused:
            python_parse(type_name, variant)
        reference = str(refused.value).removeprefix("Failed to deserialize: ")
        swift = policy_agent.call("reencode", type=type_name, bytes=h(variant))
        assert_failure(swift, "policy")
        assert swift["error"] == reference
    # A bare header: both refuse (the body is missing).
    with pytest.raises(ValueError):
        python_parse(type_name, raw[:8])
    assert_failure(policy_agent.call("reencode", type=type_name, bytes=h(raw[:8])), "policy")


def _uncompressed(pk: bytes) -> bytes:
    x = int.from_bytes(pk[1:], "big")
    y = pow((x ** 3 + 7) % _P, (_P + 1) // 4, _P)
    if y % 2 != pk[0] % 2:
        y = _P - y
    return b"\x04" + x.to_bytes(32, "big") + y.to_bytes(32, "big")


def _lenient_variant(name: str, rng: random.Random) -> tuple[str, bytes, str]:
    """(type, bytes the reference accepts but KMSPolicy refuses, a fragment of KMSPolicy's error)."""
    objects = python_objects(rng)
    if name.startswith("trailing byte/"):
        type_name = name.split("/", 1)[1]
        return type_name, rng.choice(objects[type_name]) + rng.randbytes(rng.randint(1, 3)), "payload deserialization"
    if name.startswith("treasure map threshold"):
        raw = objects["treasure_map"][0]
        destinations = raw[29 - 1] & 0x0F  # the fixmap header just before the entries
        threshold = 0 if name.endswith("0") else destinations + 1
        return "treasure_map", raw[:9] + bytes([threshold]) + raw[10:], "invalid threshold"
    if name == "treasure map destinations out of order":
        alice, bob = nu.SecretKey.random(), nu.SecretKey.random()
        publisher = nu.Signer(nu.SecretKey.random())
        ursulas = [PyUrsula() for _ in range(rng.randint(2, 4))]
        kfrags = nu.generate_kfrags(alice, bob.public_key(), publisher, 1, len(ursulas), False, False)
        tmap = nc.TreasureMap(publisher, nc.HRAC(publisher.verifying_key(), bob.public_key(), b""), alice.public_key(),
                              {nc.Address(u.address): (u.encrypting_key, kf) for u, kf in zip(ursulas, kfrags)}, 1)
        raw, entry = bytes(tmap), 22 + 534  # c414 address, then the bare EncryptedKeyFrag
        first, second = raw[29:29 + entry], raw[29 + entry:29 + 2 * entry]
        return "treasure_map", raw[:29] + second + first + raw[29 + 2 * entry:], "strictly ascending"
    if name == "retrieval kit addresses out of order":
        kit = nc.MessageKit.from_bytes(objects["message_kit"][0])
        addresses = sorted(random_address() for _ in range(rng.randint(2, 4)))
        raw = bytes(nc.RetrievalKit(kit.capsule, {nc.Address(a) for a in addresses}, None))
        start = 8 + 1 + 105 + 1
        listed = [raw[start + 22 * i:start + 22 * (i + 1)] for i in range(len(addresses))]
        listed[0], listed[1] = listed[1], listed[0]
        return "retrieval_kit", raw[:start] + b"".join(listed) + raw[start + 22 * len(addresses):], "strictly ascending"
    if name == "message kit conditions as bin":
        text = "x" * rng.randint(32, 255)
        kit = nc.MessageKit(nu.SecretKey.random().public_key(), b"", nc.Conditions(text))
        raw = bytes(kit)
        marker = len(raw) - len(text) - 2
        assert raw[marker] == 0xD9
        return "message_kit", raw[:marker] + b"\xc4" + raw[marker + 1:], "payload deserialization"
    if name == "revocation order high-S signature":
        publisher = nu.Signer(nu.SecretKey.random())
        ekfrag = nc.EncryptedKeyFrag.from_bytes(rng.choice(objects["encrypted_kfrag"]))
        raw = bytes(nc.RevocationOrder(publisher, nc.Address(random_address()), ekfrag))
        s_value = int.from_bytes(raw[-32:], "big")
        twin = raw[:-32] + (_N - s_value).to_bytes(32, "big")
        # The reference parses the high-S twin of its own signature but cannot verify it.
        nc.RevocationOrder.from_bytes(raw).verify(publisher.verifying_key())
        with pytest.raises(REJECTED):
            nc.RevocationOrder.from_bytes(twin).verify(publisher.verifying_key())
        return "revocation_order", twin, "high S"
    if name == "reencryption request uncompressed key":
        raw = rng.choice(objects["reencryption_request"])
        request = nc.ReencryptionRequest.from_bytes(raw)
        key = pk_bytes(request.bob_verifying_key)
        at = raw.index(b"\xc4\x21" + key)
        return "reencryption_request", raw[:at] + b"\xc4\x41" + _uncompressed(key) + raw[at + 35:], "bob_verifying_key"
    raise AssertionError(f"unknown variant {name}")


LENIENT_VARIANTS = [f"trailing byte/{t}" for t in sorted(HEADERED)] + [
    "treasure map threshold 0", "treasure map threshold above destinations",
    "treasure map destinations out of order", "retrieval kit addresses out of order",
    "message kit conditions as bin", "revocation order high-S signature", "reencryption request uncompressed key",
]


@pytest.mark.parametrize("variant", LENIENT_VARIANTS)
def test_swift_refuses_what_the_reference_tolerates(variant: str, policy_agent):
    """Where the reference is lenient (section 8.3 of the format notes: trailing bytes, unchecked
    thresholds, unsorted or non-canonical fields, high-S signatures), KMSPolicy refuses the bytes
    with a one-line error instead of accepting something it would re-encode differently."""
    rng = random.Random(f"{RUN_SEED}/lenient/{variant}")
    type_name, raw, fragment = _lenient_variant(variant, rng)
    reencoded = python_parse(type_name, raw)  # the reference accepts it ...
    if variant == "revocation order high-S signature" or variant.startswith("treasure map threshold"):
        assert reencoded == raw  # ... canonical in form, but unusable
    else:
        assert reencoded != raw  # ... and re-encodes it to other bytes
        assert unhex(policy_agent.ok("reencode", type=type_name, bytes=h(reencoded))["bytes"]) == reencoded
    assert_failure(policy_agent.call("reencode", type=type_name, bytes=h(raw)), "policy", fragment)


# --------------------------------------------------------------------------------------------
# Node metadata, fleet state and metadata exchange


def metadata_fields(rng: random.Random, operator: Operator, verifying_key: bytes) -> dict:
    return dict(
        staking_provider_address=random_address().hex(),
        domain=rng.choice(["lynx", "tapir", "mainnet", "dömäin"]),
        timestamp_epoch=rng.choice([0, 2**32 - 1, rng.randrange(2**32)]),
        ferveo_public_key=h(bytes(ferveo.Keypair.random().public_key())),
        certificate_der=h(rng.randbytes(rng.choice([0, 255, 256, rng.randint(1, 900)]))),
        host=rng.choice(["127.0.0.1", "ursula.example.org", "::1", "h" * rng.randint(1, 300)]),
        port=rng.choice([0, 9151, 65535, rng.randrange(65536)]),
        operator_signature=h(operator.sign(verifying_key)),
    )


@pytest.mark.parametrize("case", range(CASES), ids=lambda c: f"case{c:02d}")
def test_swift_node_metadata_to_python(case: int, policy_agent):
    """A Swift Ursula's NodeMetadata, metadata response and request verify in the reference, and
    her fleet state checksum is the reference's."""
    p = Params("swift-nodes", case)
    agent = policy_agent
    [ursula] = swift_ursulas(agent, 1)
    operator = Operator()
    fields = metadata_fields(p.rng, operator, pk_bytes(ursula.verifying_key))
    made = agent.ok("node_metadata", signing_secret_key=ursula.signing_secret,
                    encrypting_key=h(pk_bytes(ursula.encrypting_key)), **fields)
    raw = unhex(made["node_metadata"])
    node = nc.NodeMetadata.from_bytes(raw)
    assert bytes(node) == raw and node.verify() and made["verifies"] is True
    payload = node.payload
    assert bytes(payload.staking_provider_address).hex() == fields["staking_provider_address"]
    assert payload.domain == fields["domain"] and payload.host == fields["host"] and payload.port == fields["port"]
    assert payload.timestamp_epoch == fields["timestamp_epoch"]
    assert payload.certificate_der == unhex(fields["certificate_der"])
    assert bytes(payload.ferveo_public_key) == unhex(fields["ferveo_public_key"])
    assert pk_bytes(payload.verifying_key) == pk_bytes(ursula.verifying_key)
    assert pk_bytes(payload.encrypting_key) == pk_bytes(ursula.encrypting_key)
    assert payload.operator_signature.to_be_bytes() == unhex(fields["operator_signature"])
    assert bytes(payload.derive_operator_address()) == operator.address == unhex(made["operator_address"])
    # The payload is deterministic: the reference signing the same fields gives the same payload bytes.
    twin = nc.NodeMetadata(nu.Signer(ursula.signing), nc.NodeMetadataPayload(
        payload.staking_provider_address, payload.domain, payload.timestamp_epoch, payload.verifying_key,
        payload.encrypting_key, payload.ferveo_public_key, payload.certificate_der, payload.host, payload.port,
        payload.operator_signature))
    payload_offset = len(raw) - len(unhex(made["payload"]))
    assert bytes(twin)[payload_offset:] == raw[payload_offset:] == unhex(made["payload"])
    # Her payload signed by another key does not verify (in either implementation).
    forgery = agent.ok("node_metadata", signing_secret_key=h(nu.SecretKey.random().to_be_bytes()),
                       verifying_key=h(pk_bytes(ursula.verifying_key)), encrypting_key=h(pk_bytes(ursula.encrypting_key)),
                       **fields)
    assert forgery["verifies"] is False and unhex(forgery["payload"]) == unhex(made["payload"])
    assert not nc.NodeMetadata.from_bytes(unhex(forgery["node_metadata"])).verify()

    # The fleet: Python peers plus the Swift node.
    peers = [python_node(p.rng)[0] for _ in range(p.rng.randint(0, 3))]
    checked = agent.ok("check_nodes", nodes=[h(bytes(n)) for n in peers], this_node=h(raw))
    assert unhex(checked["fleet_state_checksum"]) == bytes(nc.FleetStateChecksum(peers, node))
    everyone = agent.ok("check_nodes", nodes=[h(bytes(n)) for n in peers + [node]])
    assert unhex(everyone["fleet_state_checksum"]) == bytes(nc.FleetStateChecksum(peers + [node], None))
    checksum = nc.FleetStateChecksum(peers, node)

    # Her metadata request is the reference's, byte for byte; her signed response verifies.
    announced = peers + [node]
    p.rng.shuffle(announced)
    request = agent.ok("metadata_request", fleet_state_checksum=h(bytes(checksum)), nodes=[h(bytes(n)) for n in announced])
    assert unhex(request["bytes"]) == bytes(nc.MetadataRequest(checksum, announced))
    timestamp = p.rng.randrange(2**32)
    signed = agent.ok("metadata_response", signing_secret_key=ursula.signing_secret, timestamp_epoch=timestamp,
                      nodes=[h(bytes(n)) for n in announced])
    response = nc.MetadataResponse.from_bytes(unhex(signed["bytes"]))
    assert bytes(response) == unhex(signed["bytes"])
    opened = response.verify(ursula.verifying_key)
    assert opened.timestamp_epoch == timestamp
    assert [bytes(n) for n in opened.announce_nodes] == [bytes(n) for n in announced]
    with pytest.raises(REJECTED):
        response.verify(ursula.encrypting_key)


@pytest.mark.parametrize("case", range(CASES), ids=lambda c: f"case{c:02d}")
def test_python_node_metadata_to_swift(case: int, policy_agent):
    """Reference NodeMetadata verifies in Swift, which derives the same operator addresses and
    fleet state checksum, builds the same metadata request and checks the reference's signed
    metadata response."""
    p = Params("python-nodes", case)
    agent = policy_agent
    made = [python_node(p.rng) for _ in range(p.rng.randint(1, 4))]
    nodes = [node for node, _, _ in made]
    # One node whose signature is not its own, and one whose operator signature is random bytes.
    forged_signer = nu.Signer(nu.SecretKey.random())
    honest, operator, signer = python_node(p.rng)
    forged = nc.NodeMetadata(forged_signer, honest.payload)
    everyone = nodes + [forged]

    # Operator signatures that are random (low-S) bytes: recovery may succeed or fail, and both
    # sides must agree on which and on the address. A high-S twin is refused by KMSPolicy at parse
    # time (stricter than the reference, which parses it but cannot recover from it).
    r = p.rng.randrange(1, _N)
    s = p.rng.randrange(1, _N // 2 + 1)
    for junk, high_s in ((r.to_bytes(32, "big") + s.to_bytes(32, "big") + bytes([p.rng.randrange(4)]), False),
                         (r.to_bytes(32, "big") + (_N - s).to_bytes(32, "big") + bytes([p.rng.randrange(4)]), True)):
        odd = nc.NodeMetadata(signer, nc.NodeMetadataPayload(
            honest.payload.staking_provider_address, honest.payload.domain, honest.payload.timestamp_epoch,
            honest.payload.verifying_key, honest.payload.encrypting_key, honest.payload.ferveo_public_key,
            honest.payload.certificate_der, honest.payload.host, honest.payload.port,
            nu.RecoverableSignature.from_be_bytes(junk)))
        try:
            python_address = bytes(odd.payload.derive_operator_address()).hex()
        except REJECTED:
            python_address = None
        swift = agent.call("check_nodes", nodes=[h(bytes(odd))])
        if high_s:
            assert python_address is None
            assert_failure(swift, "policy", "operator_signature")
        else:
            assert swift["ok"], swift
            assert swift["operator_addresses"] == [python_address]
            assert (swift["operator_errors"][0] is None) == (python_address is not None)

    checked = agent.ok("check_nodes", nodes=[h(bytes(n)) for n in everyone])
    assert checked["verifies"] == [n.verify() for n in everyone] == [True] * len(nodes) + [False]
    assert checked["operator_addresses"] == [
        op.address.hex() for _, op, _ in made] + [operator.address.hex()]
    assert checked["operator_addresses"][:len(nodes)] == [bytes(n.payload.derive_operator_address()).hex() for n in nodes]
    assert checked["staking_provider_addresses"] == [bytes(n.payload.staking_provider_address).hex() for n in everyone]
    assert checked["verifying_keys"] == [h(pk_bytes(n.payload.verifying_key)) for n in everyone]
    assert checked["encrypting_keys"] == [h(pk_bytes(n.payload.encrypting_key)) for n in everyone]
    assert unhex(checked["fleet_state_checksum"]) == bytes(nc.FleetStateChecksum(everyone, None))
    this = nodes[0]
    fleet = agent.ok("check_nodes", nodes=[h(bytes(n)) for n in nodes[1:]], this_node=h(bytes(this)))
    checksum = nc.FleetStateChecksum(nodes[1:], this)
    assert unhex(fleet["fleet_state_checksum"]) == bytes(checksum)

    request = agent.ok("metadata_request", fleet_state_checksum=h(bytes(checksum)), nodes=[h(bytes(n)) for n in nodes])
    assert unhex(request["bytes"]) == bytes(nc.MetadataRequest(checksum, nodes))
    assert unhex(agent.ok("reencode", type="metadata_request", bytes=request["bytes"])["bytes"]) == unhex(request["bytes"])

    responder = nu.Signer(nu.SecretKey.random())
    timestamp = p.rng.randrange(2**32)
    response = nc.MetadataResponse(responder, nc.MetadataResponsePayload(timestamp, nodes))
    opened = agent.ok("verify_metadata_response", response=h(bytes(response)),
                      verifying_key=h(pk_bytes(responder.verifying_key())))
    assert opened["timestamp_epoch"] == timestamp
    assert [unhex(n) for n in opened["nodes"]] == [bytes(n) for n in nodes]
    assert_failure(agent.call("verify_metadata_response", response=h(bytes(response)),
                              verifying_key=h(pk_bytes(forged_signer.verifying_key()))),
                   "policy", "MetadataResponse verification failed")
