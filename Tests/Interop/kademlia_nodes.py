"""Runs N stock kademlia 2.2.3 nodes in one asyncio process and drives them over a stdin line protocol.

Used by test_kademlia_interop.py to put reference Python nodes into a mixed network with Swift
`kms dht node` processes. Every node is a stock `kademlia.network.Server`; the only additions are an
observer on the protocol's outgoing STORE calls (`call_store`), which records which addresses
acknowledged a STORE with `true`. That exists because `Server.set()` returns True whenever it had a
target, even if every STORE timed out, so its return value alone proves nothing. Nothing on the wire
changes. --rpc-timeout sets rpcudp's own `wait_timeout` knob (kademlia always leaves it at 5 s);
the interop test lowers it so that dead contacts (exited `kms dht` clients) cost less waiting.

Run with the pinned reference venv's python (Scripts/reference-env.sh). See --help for the protocol.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal
import sys
import threading
from collections import defaultdict

from kademlia.crawling import RPCFindResponse, ValueSpiderCrawl
from kademlia.network import Server
from kademlia.node import Node
from kademlia.protocol import KademliaProtocol
from kademlia.utils import digest

PROTOCOL_HELP = """\
On startup every node listens on HOST with a port the OS picks (port 0), bootstraps (to up to
--peers earlier nodes of this process and to every --bootstrap address), then one line per node is
printed on stdout:

    READY <node-id-hex> <host>:<port>

After that, one command per line on stdin, one reply line per command on stdout. <i> is a node index
(0-based, in READY order); addresses are HOST:PORT (IPv4 literals only, as kademlia requires).

    SET <i> <key> <value>       Server.set(key, value) with value a str (the rest of the line)
                                -> OK <True|False> acks=<addr,...|->   (addresses that answered the
                                   STORE for this key with true, counted by the call_store observer)
    GET <i> <key>               Server.get(key) (local storage first, then a ValueSpiderCrawl)
                                -> VALUE <type> <payload> | NONE
    LOCAL <i> <key>             the node's own storage only -> VALUE <type> <payload> | NONE
    LOOKUP <i> <key>            a network lookup exactly as Server.get does it but skipping local
                                storage, with the crawl instrumented
                                -> FOUND rounds=<r> from=<addr,...> <type> <payload> | NONE rounds=<r>
                                   (from = peers whose find_value reply carried the value)
    FINDVALUE <i> <addr> <key>  one find_value RPC to addr, interpreted as the stock crawler does
                                -> VALUE <type> <payload> | NODES <id@addr,...|-> | TIMEOUT
    FINDNODE <i> <addr> <hex>   one find_node RPC for a 40-hex-digit target -> NODES ... | TIMEOUT
    PING <i> <addr>             server.protocol.ping(addr, id) -> PONG <id-hex> | TIMEOUT
                                (PONG-BADTYPE <repr> if the reply is not bytes)
    BOOTSTRAP <i> <addr>...     Server.bootstrap(addrs) -> OK <number of nodes the crawl returned>
    ROUTES <i>                  primary routing-table contacts -> ROUTES <id@addr,...|->
    QUIT                        -> BYE, then the process stops its nodes and exits 0

<type> <payload>: "str <text>" (backslash escapes for non-printable characters), "bytes <hex>", or
"<type-name> <repr>" for other types. Errors reply "ERR <message>"; a command that takes longer
than --command-timeout seconds replies "ERR timeout". stdin EOF, SIGTERM and SIGINT stop the
nodes and exit 0. kademlia's own log goes to stderr.
"""


class ObservedProtocol(KademliaProtocol):
    """The stock protocol plus a record of STORE acknowledgements (address per key digest)."""

    wait_timeout = 5.0  # rpcudp's default; --rpc-timeout changes it for every node of the process

    def __init__(self, source_node, storage, ksize):
        super().__init__(source_node, storage, ksize)
        self._wait_timeout = self.wait_timeout  # RPCProtocol(wait_timeout=...), which kademlia leaves at 5
        self.store_acks: dict[bytes, list[str]] = defaultdict(list)

    async def call_store(self, node_to_ask, key, value):
        result = await super().call_store(node_to_ask, key, value)
        if result[0] and result[1] is True:
            self.store_acks[key].append(f"{node_to_ask.ip}:{node_to_ask.port}")
        return result


class ObservedServer(Server):
    protocol_class = ObservedProtocol


class CountingValueSpiderCrawl(ValueSpiderCrawl):
    """The stock ValueSpiderCrawl, counting its rounds and recording which peers returned the value."""

    def __init__(self, *args):
        super().__init__(*args)
        self.rounds = 0
        self.value_from: list[str] = []

    async def _find(self, rpcmethod):
        self.rounds += 1
        return await super()._find(rpcmethod)

    async def _nodes_found(self, responses):
        for peer_id, response in responses.items():
            wrapped = RPCFindResponse(response)
            if wrapped.happened() and wrapped.has_value():
                peer = self.nearest.get_node(peer_id)
                self.value_from.append(f"{peer.ip}:{peer.port}" if peer else peer_id.hex())
        return await super()._nodes_found(responses)


def parse_address(text: str) -> tuple[str, int]:
    host, sep, port = text.rpartition(":")
    if not sep or not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise ValueError(f"not a HOST:PORT address: {text!r}")
    return host, int(port)


def render_value(value) -> str:
    if isinstance(value, str):
        return "str " + value.encode("unicode_escape").decode("ascii")
    if isinstance(value, bytes):
        return "bytes " + value.hex()
    return f"{type(value).__name__} {value!r}"


def render_nodes(nodes) -> str:
    return ",".join(f"{n.id.hex()}@{n.ip}:{n.port}" for n in nodes) or "-"


class Nodes:
    def __init__(self, args):
        self.args = args
        self.servers: list[ObservedServer] = []
        self.addresses: list[tuple[str, int]] = []

    async def start(self) -> None:
        external = [parse_address(a) for a in self.args.bootstrap]
        for index in range(self.args.count):
            server = ObservedServer()
            await server.listen(0, interface=self.args.host)
            port = server.transport.get_extra_info("sockname")[1]
            self.servers.append(server)
            self.addresses.append((self.args.host, port))
            earlier = self.addresses[max(0, index - self.args.peers):index]
            seeds = earlier + external
            if seeds:
                await server.bootstrap(seeds)
            print(f"READY {server.node.id.hex()} {self.args.host}:{port}", flush=True)

    def stop(self) -> None:
        for server in self.servers:
            server.stop()

    def server(self, text: str) -> ObservedServer:
        index = int(text)
        if not 0 <= index < len(self.servers):
            raise ValueError(f"no node {index} (have {len(self.servers)})")
        return self.servers[index]

    async def handle(self, line: str) -> str:
        words = line.split(" ")
        command = words[0].upper()
        if command == "SET":
            parts = line.split(" ", 3)
            if len(parts) != 4:
                raise ValueError("usage: SET <i> <key> <value>")
            server, key, value = self.server(parts[1]), parts[2], parts[3]
            acks = server.protocol.store_acks
            before = len(acks[digest(key)])
            result = await server.set(key, value)
            acked = acks[digest(key)][before:]
            return f"OK {result} acks={','.join(acked) or '-'}"
        if command in ("GET", "LOCAL", "LOOKUP"):
            if len(words) != 3:
                raise ValueError(f"usage: {command} <i> <key>")
            server, key = self.server(words[1]), words[2]
            if command == "GET":
                value = await server.get(key)
            elif command == "LOCAL":
                value = server.storage.get(digest(key))
            else:
                return await self.lookup(server, key)
            return "NONE" if value is None else "VALUE " + render_value(value)
        if command in ("FINDVALUE", "FINDNODE"):
            if len(words) != 4:
                raise ValueError(f"usage: {command} <i> <addr> <key-or-hex-id>")
            server, address = self.server(words[1]), parse_address(words[2])
            if command == "FINDVALUE":
                result = await server.protocol.find_value(address, server.node.id, digest(words[3]))
            else:
                target = bytes.fromhex(words[3])
                result = await server.protocol.find_node(address, server.node.id, target)
            response = RPCFindResponse(result)
            if not response.happened():
                return "TIMEOUT"
            if command == "FINDVALUE" and response.has_value():
                return "VALUE " + render_value(response.get_value())
            return "NODES " + render_nodes(response.get_node_list())
        if command == "PING":
            if len(words) != 3:
                raise ValueError("usage: PING <i> <addr>")
            server = self.server(words[1])
            ok, data = await server.protocol.ping(parse_address(words[2]), server.node.id)
            if not ok:
                return "TIMEOUT"
            return f"PONG {data.hex()}" if isinstance(data, bytes) else f"PONG-BADTYPE {data!r}"
        if command == "BOOTSTRAP":
            if len(words) < 3:
                raise ValueError("usage: BOOTSTRAP <i> <addr>...")
            server = self.server(words[1])
            found = await server.bootstrap([parse_address(w) for w in words[2:]])
            return f"OK {len(found)}"
        if command == "ROUTES":
            if len(words) != 2:
                raise ValueError("usage: ROUTES <i>")
            server = self.server(words[1])
            contacts = [n for bucket in server.protocol.router.buckets for n in bucket.get_nodes()]
            return "ROUTES " + render_nodes(contacts)
        raise ValueError(f"unknown command {words[0]!r}")

    async def lookup(self, server: ObservedServer, key: str) -> str:
        # Server.get without its local-storage shortcut, so the answer has to come off the network.
        node = Node(digest(key))
        nearest = server.protocol.router.find_neighbors(node)
        if not nearest:
            return "NONE rounds=0"
        spider = CountingValueSpiderCrawl(server.protocol, node, nearest, server.ksize, server.alpha)
        value = await spider.find()
        if value is None:
            return f"NONE rounds={spider.rounds}"
        return f"FOUND rounds={spider.rounds} from={','.join(spider.value_from)} {render_value(value)}"


def stdin_lines(loop: asyncio.AbstractEventLoop, queue: asyncio.Queue) -> None:
    """Feeds stdin lines into the loop from a daemon thread (None marks EOF)."""
    for line in sys.stdin:
        loop.call_soon_threadsafe(queue.put_nowait, line.rstrip("\r\n"))
    loop.call_soon_threadsafe(queue.put_nowait, None)


async def main(args) -> int:
    loop = asyncio.get_running_loop()
    stopping = asyncio.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stopping.set)
    ObservedProtocol.wait_timeout = args.rpc_timeout
    nodes = Nodes(args)
    try:
        starting = asyncio.ensure_future(nodes.start())
        stop_wait = asyncio.ensure_future(stopping.wait())
        await asyncio.wait({starting, stop_wait}, return_when=asyncio.FIRST_COMPLETED)
        if stopping.is_set():
            starting.cancel()
            return 0
        starting.result()
        queue: asyncio.Queue = asyncio.Queue()
        threading.Thread(target=stdin_lines, args=(loop, queue), daemon=True).start()
        while True:
            getting = asyncio.ensure_future(queue.get())
            await asyncio.wait({getting, stop_wait}, return_when=asyncio.FIRST_COMPLETED)
            if stopping.is_set():
                getting.cancel()
                return 0
            line = getting.result()
            if line is None:
                return 0
            if not line.strip():
                continue
            if line.strip().upper() == "QUIT":
                print("BYE", flush=True)
                return 0
            try:
                reply = await asyncio.wait_for(nodes.handle(line.strip()), args.command_timeout)
            except asyncio.TimeoutError:
                reply = "ERR timeout"
            except Exception as error:  # reported to the driver, the nodes keep running
                reply = f"ERR {type(error).__name__}: {error}".replace("\n", " ")
            print(reply, flush=True)
    finally:
        nodes.stop()


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        description="Run stock kademlia 2.2.3 nodes in one process, driven by a stdin line protocol.",
        epilog=PROTOCOL_HELP, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--count", type=int, default=1, help="number of nodes (default 1)")
    parser.add_argument("--host", default="127.0.0.1", help="interface to bind (default 127.0.0.1)")
    parser.add_argument("--bootstrap", action="append", default=[], metavar="HOST:PORT",
                        help="bootstrap every node to this address too (repeatable)")
    parser.add_argument("--peers", type=int, default=4,
                        help="each node also bootstraps to up to this many earlier nodes (default 4)")
    parser.add_argument("--command-timeout", type=float, default=120.0,
                        help="seconds one command may take (default 120)")
    parser.add_argument("--rpc-timeout", type=float, default=5.0,
                        help="seconds each node waits for an RPC reply (rpcudp's wait_timeout; default 5, "
                             "the value stock kademlia uses)")
    parser.add_argument("--log-level", default="WARNING", help="kademlia log level on stderr")
    args = parser.parse_args(argv)
    if not args.rpc_timeout > 0:
        parser.error("--rpc-timeout must be positive")
    if args.count < 1:
        parser.error("--count must be at least 1")
    for address in args.bootstrap:
        try:
            parse_address(address)
        except ValueError as error:
            parser.error(str(error))
    return args


if __name__ == "__main__":
    arguments = parse_args()
    logging.basicConfig(level=arguments.log_level.upper(), stream=sys.stderr,
                        format="%(asctime)s %(name)s %(levelname)s %(message)s")
    sys.exit(asyncio.run(main(arguments)))
