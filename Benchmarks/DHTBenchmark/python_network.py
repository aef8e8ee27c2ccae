"""The Python half of the DHT benchmark: a loopback network of stock kademlia 2.2.3 nodes.

Builds --nodes stock `kademlia.network.Server` nodes in one asyncio process on 127.0.0.1 (ports
picked by the OS), joins them one after another (node i bootstraps to up to --peers randomly chosen
earlier nodes, as the Swift network of the benchmark is built), stores --keys random str keys with
random str values through `Server.set` from random nodes, then runs --lookups lookups, each from a
random node that does not hold the key locally (so every lookup goes over the network), and prints
one JSON object on stdout:

    {"nodes": N, "lookups": L, "latency_ms": [...], "rounds": [...], "found": n, ...}

latency_ms[i] is the wall time of lookup i, done exactly as `Server.get` does it (digest, the k
nearest contacts, a ValueSpiderCrawl, and the crawl's caching STORE to the nearest node without the
value, which `Server.get` also awaits). rounds[i] is the number of find_value rounds that crawl ran:
the stock ValueSpiderCrawl is subclassed only to count calls of `_find` (one call per round of up
to alpha parallel RPCs), and rpcs[i] the number of find_value RPCs it sent. found counts lookups
that returned exactly the stored value. Extra fields: seed, keys, peers, startup_s, store_s,
rpc_timeouts (RPCs of the whole run that got no reply; on loopback this should be 0).

Run with the pinned reference venv's python (Scripts/reference-env.sh). The installed package is
not modified. Everything but the JSON goes to stderr.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import random
import secrets
import sys
import time

import kademlia.network
from kademlia.crawling import ValueSpiderCrawl
from kademlia.node import Node
from kademlia.protocol import KademliaProtocol
from kademlia.utils import digest

HOST = "127.0.0.1"


class CountingValueSpiderCrawl(ValueSpiderCrawl):
    """Stock ValueSpiderCrawl; counts rounds (calls of `_find`) and find_value RPCs sent."""

    def __init__(self, *args):
        super().__init__(*args)
        self.rounds = 0
        self.rpcs = 0

    async def _find(self, rpcmethod):
        self.rounds += 1

        async def counted(peer, node):
            self.rpcs += 1
            return await rpcmethod(peer, node)

        return await super()._find(counted)


class TimeoutCountingProtocol(KademliaProtocol):
    """Stock protocol; counts RPCs of this node that got no reply within rpcudp's 5 s."""

    timeouts = 0

    def _timeout(self, msg_id):
        TimeoutCountingProtocol.timeouts += 1
        super()._timeout(msg_id)


class BenchServer(kademlia.network.Server):
    protocol_class = TimeoutCountingProtocol


async def instrumented_get(server: kademlia.network.Server, key: str):
    """`Server.get(key)` step for step, with the counting crawler; returns (value, crawler|None)."""
    dkey = digest(key)
    if server.storage.get(dkey) is not None:
        return server.storage.get(dkey), None
    node = Node(dkey)
    nearest = server.protocol.router.find_neighbors(node)
    if not nearest:
        return None, None
    spider = CountingValueSpiderCrawl(server.protocol, node, nearest, server.ksize, server.alpha)
    return await spider.find(), spider


async def run(args) -> dict:
    # kademlia draws node ids from the module-level `random`; seeding it makes ids repeatable.
    random.seed(args.seed)
    rng = random.Random(args.seed ^ 0x5EED)
    servers: list[BenchServer] = []
    addresses: list[tuple[str, int]] = []
    started = time.perf_counter()
    try:
        for _ in range(args.nodes):
            server = BenchServer()
            await server.listen(0, interface=HOST)
            servers.append(server)
            addresses.append((HOST, server.transport.get_extra_info("sockname")[1]))
        for index in range(1, args.nodes):
            seeds = rng.sample(addresses[:index], min(args.peers, index))
            await servers[index].bootstrap(seeds)
        startup_s = time.perf_counter() - started
        print(f"python_network: {args.nodes} nodes up in {startup_s:.1f} s", file=sys.stderr)

        started = time.perf_counter()
        stored: dict[str, str] = {}
        for _ in range(args.keys):
            key, value = f"bench-{rng.getrandbits(64):016x}", rng.getrandbits(128).to_bytes(16, "big").hex()
            await rng.choice(servers).set(key, value)
            stored[key] = value
        store_s = time.perf_counter() - started

        keys = list(stored)
        latency_ms: list[float] = []
        rounds: list[int] = []
        rpcs: list[int] = []
        found = 0
        for _ in range(args.lookups):
            for _attempt in range(1000):
                key, server = rng.choice(keys), rng.choice(servers)
                if server.storage.get(digest(key)) is None:
                    break
            else:
                raise RuntimeError("could not find a node lacking a key; use fewer keys per node")
            before = time.perf_counter()
            value, spider = await instrumented_get(server, key)
            latency_ms.append(round((time.perf_counter() - before) * 1000.0, 3))
            rounds.append(spider.rounds if spider else 0)
            rpcs.append(spider.rpcs if spider else 0)
            found += value == stored[key]
        return {
            "nodes": args.nodes, "lookups": args.lookups, "latency_ms": latency_ms, "rounds": rounds,
            "found": found, "rpcs": rpcs, "seed": args.seed, "keys": args.keys, "peers": args.peers,
            "startup_s": round(startup_s, 3), "store_s": round(store_s, 3),
            "rpc_timeouts": TimeoutCountingProtocol.timeouts,
        }
    finally:
        for server in servers:
            server.stop()


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        description="Latency and rounds of lookups in a loopback network of stock kademlia 2.2.3 nodes; "
                    "prints one JSON object on stdout.",
        epilog=__doc__.split("\n\n", 1)[1], formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--nodes", type=int, default=200, help="network size (default 200)")
    parser.add_argument("--keys", type=int, default=50, help="keys stored before the lookups (default 50)")
    parser.add_argument("--lookups", type=int, default=200, help="lookups measured (default 200)")
    parser.add_argument("--peers", type=int, default=3,
                        help="earlier nodes each joining node bootstraps to (default 3)")
    parser.add_argument("--seed", type=int, default=None,
                        help="seed for node ids, keys and choices (default: random, reported in the JSON)")
    parser.add_argument("--log-level", default="CRITICAL", help="kademlia/rpcudp log level on stderr")
    args = parser.parse_args(argv)
    if args.nodes < 2 or args.keys < 1 or args.lookups < 0 or args.peers < 1:
        parser.error("need --nodes >= 2, --keys >= 1, --lookups >= 0, --peers >= 1")
    if args.seed is None:
        args.seed = secrets.randbits(48)
    return args


def main() -> int:
    args = parse_args()
    logging.basicConfig(level=args.log_level.upper(), stream=sys.stderr)
    result = asyncio.run(run(args))
    json.dump(result, sys.stdout, separators=(",", ":"))
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
