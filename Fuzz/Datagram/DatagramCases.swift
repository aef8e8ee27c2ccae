import FuzzSupport
import KMSMessagePack
import KMSNetwork

/// Whether a payload holds a float32 anywhere: DHTValue widens it to float64, as Python does, so
/// such a payload is the one a request legitimately re-encodes differently.
private func containsFloat32(_ value: MessagePackValue) -> Bool {
    switch value {
    case .float32: true
    case let .array(elements): elements.contains(where: containsFloat32)
    case let .map(entries): entries.contains { containsFloat32($0.key) || containsFloat32($0.value) }
    default: false
    }
}

/// A request read from a payload must read back the same from its own encoding, and that
/// encoding must be the payload itself unless a float32 was widened.
private func checkRequest(_ payload: MessagePackValue) {
    guard let request = try? DHTRequest.decode(payload) else { return }
    check((try? DHTRequest.decode(request.messagePackValue)) == request, "a DHTRequest does not read back from its encoding")
    check(request.messagePackValue == payload || containsFloat32(payload), "a DHTRequest re-encodes differently")
}

/// A response read from a payload must read back the same; its encoding is the payload except for
/// the tolerances DHTResponse documents (a 4-element stun answer, nil for no nodes, a float32).
private func checkResponse(_ payload: MessagePackValue, answering method: DHTMethod) {
    guard let response = try? DHTResponse.decode(payload, answering: method) else { return }
    check((try? DHTResponse.decode(response.messagePackValue, answering: method)) == response,
          "a \(method) DHTResponse does not read back from its encoding")
    var tolerated = containsFloat32(payload) || payload == .nil
    if method == .stun, case let .array(fields) = payload, fields.count == 4 { tolerated = true }
    check(response.messagePackValue == payload || tolerated, "a \(method) DHTResponse re-encodes differently")
}

/// rpcudp datagrams as a node receives them, and the DHT payloads inside them.
let datagramCases = FuzzCases([
    FuzzCase("Datagram", seeds: { _ in false }) { bytes in
        guard let datagram = try? RPCDatagram.decode(bytes) else { return }
        // Bytes after the payload are ignored, as Python ignores them; the rest is canonical.
        check(bytes.starts(with: datagram.encode()), "an RPCDatagram does not re-encode to its input's prefix")
        switch datagram.kind {
        case .request:
            checkRequest(datagram.payload)
        case .response:
            for method in DHTMethod.allCases { checkResponse(datagram.payload, answering: method) }
        }
    },
    FuzzCase("RequestPayload", seeds: { _ in false }) { bytes in
        guard let request = try? DHTRequest.decode(bytes) else { return }
        if let value = try? MessagePack.decode(bytes), !containsFloat32(value) {
            check(request.encode() == bytes, "a DHTRequest payload does not re-encode to its input")
        }
    },
    FuzzCase("ResponsePayload", seeds: { _ in false }) { bytes in
        guard let selector = bytes.first else { return }
        let methods = DHTMethod.allCases
        let method = methods[Int(selector) % methods.count]
        guard let value = try? MessagePack.decode(Array(bytes.dropFirst())) else {
            check((try? DHTResponse.decode(Array(bytes.dropFirst()), answering: method)) == nil,
                  "a DHTResponse was read from bytes that are not MessagePack")
            return
        }
        checkResponse(value, answering: method)
    },
    FuzzCase("Value", seeds: { _ in false }) { bytes in
        guard let value = try? DHTValue.decode(bytes) else { return }
        if bytes.first != 0xca {
            check(value.encode() == bytes, "a DHTValue does not re-encode to its input")
        }
    },
])

/// One datagram of every request and response kind a kademlia 2.2.3 node exchanges.
func datagramSeeds() -> [(String, [UInt8])] {
    var rng = FuzzRNG(seed: 0x5EED_0003)
    let sender = NodeID.random(using: &rng)
    let key = DHTKey(digesting: "fuzz")
    let contact = DHTContact(id: NodeID.random(using: &rng), host: "127.0.0.1", port: 8468)
    let requests: [DHTRequest] = [
        .ping(sender: sender), .stun, .findNode(sender: sender, target: NodeID.random(using: &rng)),
        .findValue(sender: sender, key: key),
        .store(sender: sender, key: key, value: .string("value")), .store(sender: sender, key: key, value: .bytes([1, 2])),
        .store(sender: sender, key: key, value: .integer(-5)), .store(sender: sender, key: key, value: .float(1.5)),
        .store(sender: sender, key: key, value: .bool(true)),
        .store(sender: sender, key: key, value: .largeUnsigned(UInt64.max)),
    ]
    let responses: [(DHTMethod, DHTResponse)] = [
        (.ping, .ping(sender)), (.stun, .stun(host: "10.0.0.1", port: 8468)), (.store, .store(true)),
        (.findNode, .nodes([contact, contact])), (.findValue, .nodes([])), (.findValue, .value(.string("v"))),
    ]
    var seeds: [(String, [UInt8])] = []
    for request in requests {
        seeds.append(("Datagram", RPCDatagram(request: request, messageID: .random(using: &rng)).encode()))
        seeds.append(("RequestPayload", request.encode()))
        if case let .store(_, _, value) = request { seeds.append(("Value", value.encode())) }
    }
    for (method, response) in responses {
        seeds.append(("Datagram", RPCDatagram(response: response, messageID: .random(using: &rng)).encode()))
        let selector = UInt8(DHTMethod.allCases.firstIndex(of: method) ?? 0)
        seeds.append(("ResponsePayload", [selector] + response.encode()))
    }
    return seeds
}
