#!/usr/bin/env python3
"""Capture real kademlia 2.2.3 / rpcudp datagrams for the Swift KMSNetwork wire tests.

Run it with the pinned reference interpreter (it needs only 127.0.0.1 ports 8470-8472):

    PY="$(Scripts/reference-env.sh | tail -n 1)"
    "$PY" Scripts/capture-kademlia-wire.py

It prints one line per datagram as `REQ|RESP <rpc> <hex>` (a stock Server with id 33*20 on port
8470 answering hand-made requests from a raw socket on 8471, sender id 11*20, message id 22*20)
and `PYCALL <hex>` (the same Server calling the 8471 socket through its own call_* methods; those
message ids are random, so they differ on every run). The hex strings are pasted, by hand, into
Tests/KMSNetworkTests/Wire/CapturedDatagramTests.swift as known answers; nothing is written to disk.
"""
import asyncio
import socket

import umsgpack
from kademlia.network import Server
from kademlia.node import Node

HOST = "127.0.0.1"
SERVER_PORT, RAW_PORT, OTHER_PORT = 8470, 8471, 8472
MESSAGE_ID = b"\x22" * 20
SENDER = b"\x11" * 20
KEY = bytes.fromhex("a0f7e779f9247566c84036f07f7bdf4a40a869bd")  # sha1("greeting")


async def main():
    server = Server(node_id=b"\x33" * 20)
    await server.listen(SERVER_PORT, interface=HOST)
    loop = asyncio.get_running_loop()
    raw = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    raw.bind((HOST, RAW_PORT))
    raw.setblocking(False)

    async def rpc(name, args):
        request = b"\x00" + MESSAGE_ID + umsgpack.packb([name, args])
        raw.sendto(request, (HOST, SERVER_PORT))
        while True:
            data = await asyncio.wait_for(loop.sock_recv(raw, 70000), 3)
            if data[0] == 1:
                break
            # The server may push its own STOREs to a newcomer first (welcome_if_new).
            print("PYREQ", data.hex())
        print("REQ", name, request.hex())
        print("RESP", name, data.hex())

    await rpc("ping", [SENDER])
    await rpc("store", [SENDER, KEY, 2**64 - 1])
    await rpc("find_value", [SENDER, KEY])
    await rpc("store", [SENDER, KEY, -1.25])
    await rpc("find_value", [SENDER, KEY])
    await rpc("find_value", [SENDER, b"\x44" * 20])
    # A second peer (id 66*20) pings first, so find_node has a contact to report: the
    # requester's own address is always left out.
    other = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    other.bind((HOST, OTHER_PORT))
    other.sendto(b"\x00" + b"\x77" * 20 + umsgpack.packb(["ping", [b"\x66" * 20]]), (HOST, SERVER_PORT))
    await asyncio.sleep(0.5)
    await rpc("find_node", [SENDER, b"\x55" * 20])
    await rpc("stun", [])

    peer = Node(SENDER, HOST, RAW_PORT)
    protocol = server.protocol
    for call in [
        protocol.call_ping(peer),
        protocol.call_store(peer, KEY, "h\u00e9llo"),
        protocol.call_find_node(peer, Node(b"\x55" * 20)),
        protocol.call_find_value(peer, Node(KEY)),
    ]:
        task = asyncio.ensure_future(call)
        print("PYCALL", (await asyncio.wait_for(loop.sock_recv(raw, 70000), 3)).hex())
        task.cancel()
    server.stop()


if __name__ == "__main__":
    asyncio.run(main())
