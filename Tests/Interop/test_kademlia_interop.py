"""Live interop between SwiftKMS's Kademlia DHT (`kms dht …`) and stock kademlia 2.2.3 / rpcudp 5.0.1.

A mixed network on 127.0.0.1: five stock Python nodes (one kademlia_nodes.py process, driven over its
stdin line protocol) and five `kms dht node` processes, every Swift node bootstrapped to one Python
node and to the previous Swift node, then every Python node bootstrapped to all Swift nodes. With
ten nodes and k = 20 every STORE goes to every live node, so "set on one side, get on the other"
proves the STORE and find_value encodings and the key digest; the tests that have to prove a Swift
node *answered* something ask it directly (one stock find_value / find_node / ping RPC from a Python
node) or read which peers' replies carried a value in an instrumented Python lookup.

Every `kms dht set|get` client node exits after its one operation and stays behind in the other
nodes' routing tables as a dead contact, which every later crawl may wait on for a whole RPC
timeout (kademlia 2.2.3 evicts a contact only when its own request to it times out). To keep the
suite's run time down, the clients all use one --port (so their stale entries share one address,
which Python and Swift leave out of answers to the client itself) and all nodes wait
$KMS_DHT_RPC_TIMEOUT seconds (default 2; rpcudp's stock 5 is the same wait, only longer) for a reply;
one test runs a client without --port.

Node ports are picked by the OS (port 0) and read back from the READY lines; keys and values are
fresh random strings on every run. Every wait is bounded ($KMS_DHT_TIMEOUT seconds for one DHT
operation, default 120); every process is started here and stopped here, by its Popen handle (SIGTERM,
then SIGKILL after 10 s).
"""

from __future__ import annotations

import os
import queue
import re
import secrets
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
import umsgpack

HERE = Path(__file__).resolve().parent
NODES_SCRIPT = HERE / "kademlia_nodes.py"
DHT_TIMEOUT = float(os.environ.get("KMS_DHT_TIMEOUT", "120"))
RPC_TIMEOUT = os.environ.get("KMS_DHT_RPC_TIMEOUT", "2")
READY_TIMEOUT = 60.0
PYTHON_NODES = 5
SWIFT_NODES = 5
HOST = "127.0.0.1"
READY = re.compile(r"^READY ([0-9a-f]{40}) (127\.0\.0\.1:\d{1,5})$")


def fresh(prefix: str) -> str:
    return f"{prefix}-{secrets.token_hex(8)}"


@dataclass(frozen=True)
class Peer:
    id: str  # 40 hex digits
    address: str  # "127.0.0.1:PORT"
    kind: str  # "python" or "swift"


class LineProcess:
    """A child process whose stdout is read line by line on a thread (so it can never block on a
    full pipe) and whose stderr goes to a log file quoted in failure messages."""

    def __init__(self, name: str, argv: list[str], log_path: Path, stdin=subprocess.PIPE):
        self.name = name
        self.log_path = log_path
        self.log = open(log_path, "w")
        self.process = subprocess.Popen(
            argv, stdin=stdin, stdout=subprocess.PIPE, stderr=self.log, text=True, bufsize=1,
        )
        self.lines: queue.Queue = queue.Queue()
        threading.Thread(target=self._pump, daemon=True).start()

    def _pump(self) -> None:
        for line in self.process.stdout:
            self.lines.put(line.rstrip("\r\n"))
        self.lines.put(None)

    def stderr_tail(self) -> str:
        self.log.flush()
        return self.log_path.read_text(errors="replace")[-3000:]

    def next_line(self, timeout: float, what: str) -> str:
        try:
            line = self.lines.get(timeout=timeout)
        except queue.Empty:
            raise AssertionError(f"{self.name}: no {what} within {timeout:.0f} s; stderr:\n{self.stderr_tail()}")
        if line is None:
            self.process.wait(timeout=10)
            raise AssertionError(
                f"{self.name} exited ({self.process.returncode}) before {what}; stderr:\n{self.stderr_tail()}")
        return line

    def read_ready(self, kind: str) -> Peer:
        line = self.next_line(READY_TIMEOUT, "READY line")
        match = READY.match(line)
        assert match, f"{self.name}: expected 'READY <id-hex> 127.0.0.1:<port>', got {line!r}"
        return Peer(match.group(1), match.group(2), kind)

    def alive(self) -> bool:
        return self.process.poll() is None

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self.log.close()


class PythonNodes(LineProcess):
    """One kademlia_nodes.py process: `count` stock nodes and its stdin line protocol."""

    def __init__(self, log_path: Path, count: int, bootstrap: list[str] = ()):
        argv = [sys.executable, str(NODES_SCRIPT), "--count", str(count),
                "--command-timeout", str(DHT_TIMEOUT),
                "--rpc-timeout", RPC_TIMEOUT]
        for address in bootstrap:
            argv += ["--bootstrap", address]
        super().__init__(f"kademlia_nodes.py ({count} nodes)", argv, log_path)
        self.peers = [self.read_ready("python") for _ in range(count)]

    def command(self, line: str) -> str:
        self.process.stdin.write(line + "\n")
        self.process.stdin.flush()
        reply = self.next_line(DHT_TIMEOUT + 30, f"reply to {line!r}")
        assert not reply.startswith("ERR"), f"{self.name}: {line!r} -> {reply}"
        return reply


def parse_contacts(reply: str, word: str) -> set[tuple[str, str]]:
    """`NODES id@addr,...` / `ROUTES id@addr,...` -> {(id, addr)}."""
    head, _, body = reply.partition(" ")
    assert head == word, f"expected {word} ..., got {reply!r}"
    if body == "-":
        return set()
    return {tuple(item.split("@", 1)) for item in body.split(",")}


@dataclass
class MixedNetwork:
    kms: Path
    python: PythonNodes
    swift: list[LineProcess]
    swift_peers: list[Peer]
    client_port: int

    @property
    def python_peers(self) -> list[Peer]:
        return self.python.peers

    @property
    def all_peers(self) -> list[Peer]:
        return self.python.peers + self.swift_peers

    def dht(self, command: str, *args: str, fixed_port: bool = True) -> subprocess.CompletedProcess:
        """`kms dht COMMAND --timeout RPC_TIMEOUT [--port CLIENT_PORT] ARGS…`"""
        options = ["--timeout", RPC_TIMEOUT] + (["--port", str(self.client_port)] if fixed_port else [])
        return subprocess.run(
            [str(self.kms), "dht", command, *options, *args], stdin=subprocess.DEVNULL, capture_output=True, text=True,
            timeout=DHT_TIMEOUT,
        )

    def dht_ok(self, *args: str, fixed_port: bool = True) -> subprocess.CompletedProcess:
        result = self.dht(*args, fixed_port=fixed_port)
        assert result.returncode == 0, (
            f"kms dht {' '.join(args)} exited {result.returncode}\nstdout: {result.stdout}\nstderr: {result.stderr[-3000:]}")
        return result

    def assert_swift_alive(self) -> None:
        for process in self.swift:
            assert process.alive(), f"{process.name} exited ({process.process.returncode}):\n{process.stderr_tail()}"


def start_swift_node(kms: Path, log_dir: Path, index: int, bootstrap: list[str]) -> LineProcess:
    argv = [str(kms), "dht", "node", "--host", HOST, "--port", "0", "--timeout", RPC_TIMEOUT]
    for address in bootstrap:
        argv += ["--bootstrap", address]
    return LineProcess(f"kms dht node #{index}", argv, log_dir / f"swift-{index}.log", stdin=subprocess.DEVNULL)


@pytest.fixture(scope="module")
def kms_dht(bin_dir: Path) -> Path:
    return bin_dir / "kms"


@pytest.fixture(scope="module")
def mixed(kms_dht: Path, tmp_path_factory) -> MixedNetwork:
    """Five Python + five Swift nodes bootstrapped into each other (see the module docstring)."""
    log_dir = tmp_path_factory.mktemp("kademlia-mixed")
    started: list[LineProcess] = []
    try:
        python = PythonNodes(log_dir / "python.log", PYTHON_NODES)
        started.append(python)
        swift: list[LineProcess] = []
        swift_peers: list[Peer] = []
        for index in range(SWIFT_NODES):
            seeds = [python.peers[index % PYTHON_NODES].address] + ([swift_peers[-1].address] if swift_peers else [])
            node = start_swift_node(kms_dht, log_dir, index, seeds)
            started.append(node)
            swift.append(node)
            swift_peers.append(node.read_ready("swift"))
        addresses = " ".join(peer.address for peer in swift_peers)
        for index in range(PYTHON_NODES):
            reply = python.command(f"BOOTSTRAP {index} {addresses}")
            assert reply.startswith("OK "), reply
        network = MixedNetwork(kms_dht, python, swift, swift_peers, free_udp_port())
        yield network
    finally:
        for process in reversed(started):
            process.stop()


@pytest.fixture
def spawn(tmp_path):
    """Starts extra kademlia_nodes.py processes for one test and stops them afterwards."""
    started: list[LineProcess] = []

    def start(count: int, bootstrap: list[str]) -> PythonNodes:
        nodes = PythonNodes(tmp_path / f"extra-python-{len(started)}.log", count, bootstrap)
        started.append(nodes)
        return nodes

    yield start
    for process in started:
        process.stop()


def free_udp_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


# --------------------------------------------------------------------------------------------
# Routing: Swift find_node answers drive a Python bootstrap


def test_python_bootstrapped_only_through_a_swift_node_learns_the_whole_network(mixed, spawn):
    """A fresh stock node whose only seed is a Swift node: its find_node-driven bootstrap crawl
    starts from the Swift node's reply, so its routing table can only fill (with the right id at the
    right address) if Swift's ping and find_node answers are what kademlia 2.2.3 expects. With fewer
    than k live nodes, the stock crawl contacts every one of them, so all ten must be there. It then
    finds a value stored through a Python node with a network lookup (local storage skipped)."""
    key, value = fresh("route-key"), fresh("route-value")
    assert mixed.python.command(f"SET 0 {key} {value}").startswith("OK True")
    newcomer = spawn(1, [mixed.swift_peers[0].address])
    routes = parse_contacts(newcomer.command("ROUTES 0"), "ROUTES")
    missing = [peer for peer in mixed.all_peers if (peer.id, peer.address) not in routes]
    assert not missing, f"not in the newcomer's routing table (id@address): {missing}; table: {sorted(routes)}"
    reply = newcomer.command(f"LOOKUP 0 {key}")
    assert reply.startswith("FOUND ") and reply.endswith(f" str {value}"), reply
    mixed.assert_swift_alive()


def test_swift_find_node_replies_list_the_network_but_not_the_requester_or_themselves(mixed):
    """Each Swift node, asked find_node by a stock Python node, returns well-formed triples (the stock
    caller builds Node(*triple) from each), the correct id for every address it lists, every other
    network node (fewer than k exist), and neither the requester's address nor itself (spec 3.3)."""
    known = {peer.address: peer.id for peer in mixed.all_peers}
    for swift_index, swift in enumerate(mixed.swift_peers):
        requester = mixed.python_peers[swift_index % PYTHON_NODES]
        target = secrets.token_hex(20)
        nodes = parse_contacts(mixed.python.command(
            f"FINDNODE {swift_index % PYTHON_NODES} {swift.address} {target}"), "NODES")
        listed = {address: node_id for node_id, address in nodes}
        assert len(listed) == len(nodes), f"{swift.address} listed an address twice: {nodes}"
        assert requester.address not in listed, f"{swift.address} listed the requester {requester.address}"
        assert swift.address not in listed and swift.id not in {i for i, _ in nodes}, f"{swift.address} listed itself"
        assert len(nodes) <= 20
        for address, node_id in listed.items():
            if address in known:
                assert node_id == known[address], f"{swift.address} gave {address} the id {node_id}, not {known[address]}"
        expected = {peer.address for peer in mixed.all_peers} - {requester.address, swift.address}
        assert expected <= set(listed), f"{swift.address} does not list {sorted(expected - set(listed))}"


# --------------------------------------------------------------------------------------------
# Values across the two implementations


def test_python_set_is_stored_on_swift_nodes_and_served_by_their_find_value(mixed):
    """Server.set from a Python node: every Swift node acknowledges the STORE with true (the stock
    caller's observer records who did), then answers a stock find_value for the key with the
    {"value": str} map, and a stock ping with its READY id."""
    key, value = fresh("py-key"), fresh("py-value")
    reply = mixed.python.command(f"SET 1 {key} {value}")
    acks = set(reply.partition("acks=")[2].split(","))
    not_acked = [peer.address for peer in mixed.swift_peers if peer.address not in acks]
    assert reply.startswith("OK True") and not not_acked, f"Swift nodes that did not ack the STORE: {not_acked}: {reply}"
    for index, swift in enumerate(mixed.swift_peers):
        asker = index % PYTHON_NODES
        assert mixed.python.command(f"FINDVALUE {asker} {swift.address} {key}") == f"VALUE str {value}"
        assert mixed.python.command(f"PING {asker} {swift.address}") == f"PONG {swift.id}"
    other = fresh("absent-key")
    reply = mixed.python.command(f"FINDVALUE 0 {mixed.swift_peers[0].address} {other}")
    assert reply.startswith("NODES "), f"find_value for a missing key should answer with nodes: {reply}"


def test_kms_dht_set_and_get_on_an_ephemeral_client_port(mixed):
    """Without --port the client node listens on an OS-picked port; set and get still work (the
    other tests all pass --port). It runs before the other client tests: a client on any other port
    than the shared one would have to wait out every stale entry the fixed-port clients left."""
    key, value = fresh("port-key"), fresh("port-value")
    mixed.dht_ok("set", "--bootstrap", mixed.python_peers[3].address, key, value, fixed_port=False)
    assert mixed.python.command(f"GET 3 {key}") == f"VALUE str {value}"
    result = mixed.dht_ok("get", "--bootstrap", mixed.swift_peers[2].address, key, fixed_port=False)
    assert result.stdout.strip() == value


@pytest.mark.parametrize("via", ["swift", "python"])
def test_python_set_swift_get(mixed, via):
    """Set from a stock node, `kms dht get` through a Swift or a Python bootstrap node prints it; a
    key nobody stored makes `kms dht get` exit 1."""
    key, value = fresh("py2sw-key"), fresh("py2sw-value")
    assert mixed.python.command(f"SET 2 {key} {value}").startswith("OK True")
    seed = (mixed.swift_peers if via == "swift" else mixed.python_peers)[3].address
    result = mixed.dht_ok("get", "--bootstrap", seed, key)
    assert result.stdout.strip() == value
    missing = mixed.dht("get", "--bootstrap", seed, fresh("never-set"))
    assert missing.returncode == 1, f"get of a missing key exited {missing.returncode}: {missing.stdout} {missing.stderr[-2000:]}"
    assert value not in missing.stdout
    mixed.assert_swift_alive()


@pytest.mark.parametrize("via", ["python", "swift"])
def test_swift_set_python_get(mixed, via):
    """`kms dht set` (bootstrapped to a Python or a Swift node): the stock nodes then hold the value
    as a Python str under digest(key) (LOCAL reads their storage directly), Server.get returns it on
    every Python node, and a network-only lookup from a Python node finds it too."""
    key, value = fresh("sw2py-key"), fresh("sw2py-value")
    seed = (mixed.python_peers if via == "python" else mixed.swift_peers)[1].address
    mixed.dht_ok("set", "--bootstrap", seed, key, value)
    local = [mixed.python.command(f"LOCAL {i} {key}") for i in range(PYTHON_NODES)]
    assert f"VALUE str {value}" in local, f"no Python node stored the value as str: {local}"
    assert all(reply in (f"VALUE str {value}", "NONE") for reply in local), local
    for index in range(PYTHON_NODES):
        assert mixed.python.command(f"GET {index} {key}") == f"VALUE str {value}"
    reply = mixed.python.command(f"LOOKUP 4 {key}")
    assert reply.startswith("FOUND ") and reply.endswith(f" str {value}"), reply


def test_same_key_string_is_the_same_dht_key_in_both(mixed):
    """kademlia stores str keys under sha1(utf-8 key). Python sets K = v1, then `kms dht set K v2`
    must overwrite v1 in the Python nodes' storage (with a different digest, v1 would stay there);
    then the reverse: Swift sets K2 = w1, Python sets K2 = w2 and `kms dht get K2` must print w2 and
    every Swift node's find_value for K2 (digested by Python) must answer w2."""
    key, first, second = fresh("same-key"), fresh("v1"), fresh("v2")
    assert mixed.python.command(f"SET 0 {key} {first}").startswith("OK True")
    before = [mixed.python.command(f"LOCAL {i} {key}") for i in range(PYTHON_NODES)]
    assert f"VALUE str {first}" in before, before
    mixed.dht_ok("set", "--bootstrap", mixed.swift_peers[4].address, key, second)
    after = [mixed.python.command(f"LOCAL {i} {key}") for i in range(PYTHON_NODES)]
    assert f"VALUE str {first}" not in after and f"VALUE str {second}" in after, after

    key2, third, fourth = fresh("same-key2"), fresh("w1"), fresh("w2")
    mixed.dht_ok("set", "--bootstrap", mixed.python_peers[0].address, key2, third)
    assert mixed.python.command(f"SET 4 {key2} {fourth}").startswith("OK True")
    assert mixed.dht_ok("get", "--bootstrap", mixed.swift_peers[0].address, key2).stdout.strip() == fourth
    for index, swift in enumerate(mixed.swift_peers):
        assert mixed.python.command(f"FINDVALUE {index % PYTHON_NODES} {swift.address} {key2}") == f"VALUE str {fourth}"


# --------------------------------------------------------------------------------------------
# Malformed datagrams


def _request(msg_id: bytes, body: bytes) -> bytes:
    return b"\x00" + msg_id + body


def malformed_datagrams(sender_id: bytes) -> list[bytes]:
    """Datagrams a stock node drops (or, for a few, answers): random bytes, truncation, bad msgpack,
    wrong arity, wrong types, hostile length headers, deep nesting, oversize, unknown types."""
    rand = secrets.token_bytes
    mid = lambda: rand(20)  # noqa: E731
    key = rand(20)
    pack = umsgpack.packb
    out: list[bytes] = [b""]
    out += [rand(n) for n in range(1, 22)]
    out += [rand(secrets.randbelow(2000) + 22) for _ in range(200)]
    out += [b"\x00" + rand(20), b"\x01" + rand(20)]  # header only, no body
    ping = pack(["ping", [sender_id]])
    out += [_request(mid(), ping[:cut]) for cut in range(1, len(ping))]  # every truncation
    store = pack(["store", [sender_id, key, "x" * 300]])
    out += [_request(mid(), store[:cut]) for cut in (1, 5, 20, 40, 60, 200, len(store) - 1)]
    out += [_request(mid(), body) for body in (
        b"\xc1",  # reserved byte
        b"\x92\xa4\xff\xfe\xfd\xfc\x91\xc4\x14" + sender_id,  # invalid UTF-8 funcname
        b"\x92\xc4\x04ping\x91\xc4\x14" + sender_id,  # funcname as bin
        b"\xdd\xff\xff\xff\xff",  # array32 claiming 2^32-1 elements
        b"\xdb\xff\xff\xff\xff" + b"a" * 10,  # str32 claiming 4 GiB
        b"\xc6\xff\xff\xff\xff" + b"a" * 10,  # bin32 claiming 4 GiB
        b"\xdf\xff\xff\xff\xff",  # map32 claiming 2^32-1 pairs
        b"\x92\xa4ping\xdd\xff\xff\xff\xff",  # args array32 with nothing behind it
        b"\x91" * 60000 + b"\xc0",  # 60000 nested arrays
        b"\x92\xa4ping" + b"\x91" * 30000 + b"\xc4\x14" + sender_id,  # nested args
        b"\x92\xa4ping\x91\xd4\x01\x00",  # ext instead of id
        b"\x92\xa4ping\x91\xd6\xff\x00\x00",  # truncated timestamp ext
        b"\x92\xa4ping\x91\xca\x3f\xc0\x00\x00",  # float32 as id
        pack(["ping", [sender_id]]) + rand(100),  # trailing garbage (a stock node answers this)
    )]
    bodies = [
        True, {"a": 1}, [], ["ping"], ["ping", [sender_id], 1], ["ping", sender_id], ["ping", None],
        ["", []], ["shutdown", []], ["rpc_ping", [sender_id]], ["__init__", []], [1, [sender_id]],
        ["ping", []], ["ping", [sender_id, sender_id]], ["ping", ["a" * 20]], ["ping", [b""]],
        ["ping", [rand(32)]], ["ping", [rand(19)]], ["ping", [12345]], ["ping", [None]], ["ping", [[sender_id]]],
        ["ping", [sender_id, []]],  # nkms-style capability ping
        ["stun", [sender_id]], ["stun", [1, 2, 3]],
        ["store", [sender_id, key]], ["store", [sender_id, key, "v", "extra"]],
        ["store", [sender_id, "k" * 20, "v"]], ["store", [sender_id, rand(32), "v"]],
        ["store", [sender_id, key, ["a", "list"]]], ["store", [sender_id, key, {"a": "map"}]],
        ["store", [sender_id, key, None]], ["store", ["x" * 20, key, "v"]],
        ["store", [sender_id, rand(20), "x" * 60000]],  # oversize value (~60 KB datagram)
        ["find_node", [sender_id]], ["find_node", [sender_id, "t" * 20]], ["find_node", [sender_id, rand(32)]],
        ["find_node", [sender_id, key, key]], ["find_node", [rand(32), key]],
        ["find_value", [sender_id]], ["find_value", [sender_id, "k" * 20]], ["find_value", [sender_id, rand(32)]],
        ["find_value", [sender_id, 42]], ["find_value", [None, key]],
    ]
    out += [_request(mid(), pack(body)) for body in bodies]
    out += [b"\x02" + mid() + ping, b"\xff" + mid() + ping]  # unknown message types
    out += [b"\x01" + mid() + pack(True), b"\x01" + mid() + pack([[rand(20), "127.0.0.1", 1]])]  # unsolicited replies
    out.append(_request(mid(), rand(65507 - 21)))  # largest IPv4 UDP payload, random body
    out += [rand(secrets.randbelow(200) + 1) for _ in range(3000)]  # a flood
    return out


def test_malformed_datagrams_do_not_stop_a_swift_node(mixed):
    """Thousands of malformed datagrams from a raw socket, then: a raw, valid rpcudp ping from the
    same socket is answered with `01 | msgid | bin(swift id)`, every datagram the node sent back is a
    well-formed rpcudp message (a reply to one of ours, or a request), a stock Python ping still gets
    the node's id, a stock find_node reply still parses (no junk contact from the garbage is handed
    out), and a value set from Python is still served by the node's find_value."""
    target = mixed.swift_peers[SWIFT_NODES - 1]
    host, port = target.address.rsplit(":", 1)
    sender_id = secrets.token_bytes(20)
    datagrams = malformed_datagrams(sender_id)
    sent_ids = {d[1:21] for d in datagrams if len(d) >= 21}
    received: list[bytes] = []
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as raw:
        raw.bind((HOST, 0))
        raw.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 20)
        for index, datagram in enumerate(datagrams):
            raw.sendto(datagram, (host, int(port)))
            if index % 200 == 199:
                time.sleep(0.01)  # a flood, but not one the kernel's loopback queue simply discards
        time.sleep(1.0)
        # One valid ping every 3 s (a datagram can be lost when the node's receive queue was full).
        ping_ids: set[bytes] = set()
        answer = None
        deadline = time.monotonic() + 15
        next_ping = time.monotonic()
        raw.settimeout(0.5)
        while time.monotonic() < deadline and answer is None:
            if time.monotonic() >= next_ping:
                ping_id = secrets.token_bytes(20)
                ping_ids.add(ping_id)
                raw.sendto(_request(ping_id, umsgpack.packb(["ping", [sender_id]])), (host, int(port)))
                next_ping += 3
            try:
                data, _ = raw.recvfrom(65536)
            except socket.timeout:
                continue
            if data[1:21] in ping_ids:
                answer = data
            else:
                received.append(data)
    mixed.assert_swift_alive()
    assert answer is not None, "the Swift node no longer answers a valid ping after the malformed datagrams"
    assert answer[:1] == b"\x01" and umsgpack.unpackb(answer[21:]) == bytes.fromhex(target.id), answer.hex()
    for data in received:
        assert len(data) >= 22, f"short datagram from the Swift node: {data.hex()}"
        body = umsgpack.unpackb(data[21:])
        if data[:1] == b"\x01":
            assert data[1:21] in sent_ids, f"reply to a message id we never sent: {data[:64].hex()}"
        else:
            assert data[:1] == b"\x00" and isinstance(body, list) and len(body) == 2, f"not rpcudp: {data[:64].hex()}"
    assert mixed.python.command(f"PING 0 {target.address}") == f"PONG {target.id}"
    nodes = parse_contacts(mixed.python.command(f"FINDNODE 1 {target.address} {secrets.token_hex(20)}"), "NODES")
    assert nodes, "the Swift node lists no contacts after the malformed datagrams"
    key, value = fresh("after-garbage"), fresh("value")
    assert mixed.python.command(f"SET 2 {key} {value}").startswith("OK True")
    assert mixed.python.command(f"FINDVALUE 3 {target.address} {key}") == f"VALUE str {value}"
