// kms-policy-interop-agent: a long-lived process that exposes KMSPolicy's nucypher-core 0.16
// objects to the Python interop suite (Tests/Interop/test_nucypher_core_interop.py). Alice, Enrico,
// Ursula and Bob's retrieval are played by KMSPolicy's characters (Alice, Enrico, Ursula, Bob),
// with the agent's own seams (Seams.swift) standing for the network and ledger that Python's
// characters are on; the other operations work at the object level.
//
// Protocol: one JSON object per line on stdin, one JSON object per line on stdout, in order.
// Byte strings (keys, objects, addresses, plaintexts) are lowercase hex; objects are their
// standalone (headered) bytes. Every request has "op"; an optional "id" is echoed back.
// Success: {"ok": true, "id": …, …results…}. Failure: {"ok": false, "id": …, "error": "<one line>",
// "error_kind": …}, where error_kind is "policy" (KMSPolicy threw a KMSPolicyError), "umbral"
// (UmbralCore threw an UmbralError), "check" (a re-encoding was not byte-identical, or too few
// responses for the threshold), "ursula" (Bob's failure with one Ursula's response; the reply also
// carries "ursula": her address, "cause_kind": the kind of the underlying error, and "faults":
// every Ursula Bob found at fault, as {ursula, kind, reason}) or "request"
// (malformed request). Every object the agent parses must re-encode to exactly its input, and
// every object it makes must parse back to itself. The agent exits when stdin closes.
//
// Operations (request fields → response fields):
//   ping                  → version, types (what reencode accepts)
//   keys                  count → secret_keys[], public_keys[] (fresh random)
//   reencode              type, bytes → bytes. Types: hrac, address, message_kit, treasure_map,
//                         encrypted_treasure_map, encrypted_kfrag, reencryption_request,
//                         reencryption_response, retrieval_kit, revocation_order, node_metadata,
//                         fleet_state_checksum, metadata_request, metadata_response
//   alice_grant           bob_encrypting_key, bob_verifying_key, label, threshold,
//                         ursulas[{address, encrypting_key, verifying_key}], [expiration (Unix
//                         seconds; default now + 30 days)]
//                         A fresh KMSPolicy Alice (publisher signer, SecretKeyFactory) grants with
//                         Alice.grant(to:label:threshold:shares:expiration:ursulas:using:) over a
//                         transport that knows exactly these Ursulas and records what she
//                         publishes, and a ledger that stakes them all. She signs neither key into
//                         her kFrags (sign_delegating_key / sign_receiving_key true are refused).
//                         → policy_secret_key (her factory's key for the label), policy_public_key,
//                         publisher_secret_key, publisher_public_key; hrac, kfrags[] (ursulas'
//                         order; regenerated from the randomness she drew), treasure_map,
//                         encrypted_treasure_map (as her transport recorded it), encrypted_kfrags[]
//                         (ursulas' order), revocation_orders[] (Alice.revocationOrders(for:),
//                         ascending address order), expiration, ledger {hrac, owner, shares,
//                         expiration, revoked} (what she recorded)
//   enrico_encrypt        policy_encrypting_key, plaintext, [conditions] → message_kit (Enrico)
//   decrypt_message_kit   secret_key, message_kit → plaintext, conditions (Alice, no Ursulas)
//   ursula_reencrypt      encrypting_secret_key, signing_secret_key, address, request,
//                         policy {hrac, publisher_verifying_key, shares, expiration, [revoked=false]},
//                         [now (Unix seconds; default the system clock)]
//                         A KMSPolicy Ursula actor at `address`, whose ledger stakes her and holds
//                         exactly `policy`, serves the bytes with reencrypt(requestBytes:).
//                         → response, verifying_key, kfrag (the kFrag her key opens from the
//                         request, with its HRAC and publisher key), hrac, capsules,
//                         reencrypted_capsules (her count)
//   verify_revocation_order  order, verifying_key → address, encrypted_kfrag
//   bob_request           bob_encrypting_secret_key, bob_verifying_key, publisher_verifying_key,
//                         encrypted_treasure_map, message_kits[], [addresses[] (default: every
//                         destination, ascending)], [conditions], [context]
//                         → requests[] (one per address, every kit's capsule in order),
//                         retrieval_kits[] (one per kit, queried addresses = addresses), and the
//                         map: treasure_map, threshold, hrac, policy_encrypting_key,
//                         publisher_verifying_key, destinations[]
//   bob_retrieve          bob_encrypting_secret_key, bob_signing_secret_key, publisher_verifying_key,
//                         encrypted_treasure_map, message_kits[],
//                         responses[{address, encrypting_key, verifying_key, response}],
//                         [conditions], [context]
//                         A KMSPolicy Bob opens the map (decryptTreasureMap) and collects cFrags
//                         for every kit's capsule, in one request per Ursula
//                         (collectCapsuleFrags), over a transport that answers each address with
//                         its response and reports every other Ursula unreachable; each kit is
//                         then decrypted with his key and the verified cFrags.
//                         → plaintexts[] (one per kit), contributors[], faults[] ({ursula, kind,
//                         reason}), requests {address: the request Bob sent her} and the map
//                         fields as for bob_request. A response from an address outside the map
//                         is refused naming her; when too few Ursulas answer honestly, the
//                         failure names the first one Bob's checks refused ("ursula"), or is
//                         Bob's own "policy" error when the rest were merely unreachable.
//   node_metadata         signing_secret_key, staking_provider_address, domain, timestamp_epoch,
//                         encrypting_key, ferveo_public_key, certificate_der, host, port,
//                         operator_signature, [verifying_key (the payload's; default: the
//                         signer's, which any other value makes a forgery)]
//                         → node_metadata, payload (bare), verifying_key, operator_address, verifies
//   check_nodes           nodes[], [this_node] → verifies[], operator_addresses[] (null when
//                         recovery fails, with operator_errors[]), staking_provider_addresses[],
//                         verifying_keys[], encrypting_keys[], fleet_state_checksum
//   metadata_request      fleet_state_checksum, nodes[] → bytes
//   metadata_response     signing_secret_key, timestamp_epoch, nodes[] → bytes, verifying_key
//   verify_metadata_response  response, verifying_key → timestamp_epoch, nodes[]

import Foundation
import KMSPolicy
import UmbralCore

func handle(_ request: Request) throws -> JSONObject {
    switch try request.string("op") {
    case "ping": return ["version": "kms-policy-interop-agent 1", "types": reencodableTypes]
    case "keys": return try makeKeys(request)
    case "reencode": return try reencode(request)
    case "alice_grant": return try aliceGrant(request)
    case "enrico_encrypt": return try enricoEncrypt(request)
    case "decrypt_message_kit": return try decryptMessageKit(request)
    case "ursula_reencrypt": return try ursulaReencrypt(request)
    case "verify_revocation_order": return try verifyRevocationOrder(request)
    case "bob_request": return try bobRequest(request)
    case "bob_retrieve": return try bobRetrieve(request)
    case "node_metadata": return try nodeMetadata(request)
    case "check_nodes": return try checkNodes(request)
    case "metadata_request": return try metadataRequest(request)
    case "metadata_response": return try metadataResponse(request)
    case "verify_metadata_response": return try verifyMetadataResponse(request)
    case let other: throw RequestError("unknown op \(other)")
    }
}

func respond(_ object: JSONObject) {
    let data: Data
    do {
        data = try JSONSerialization.data(withJSONObject: object)
    } catch {
        data = Data(#"{"ok": false, "error": "response could not be encoded", "error_kind": "agent"}"#.utf8)
    }
    FileHandle.standardOutput.write(data + Data([0x0A]))
}

while let line = readLine(strippingNewline: true) {
    if line.trimmingCharacters(in: .whitespaces).isEmpty { continue }
    var id: Any = NSNull()
    var response: JSONObject
    do {
        guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? JSONObject else {
            throw RequestError("a request must be a JSON object")
        }
        id = object["id"] ?? NSNull()
        response = try handle(Request(fields: object))
        response["ok"] = true
    } catch let failure as UrsulaFailure {
        response = [
            "ok": false, "error": oneLine(failure.description), "error_kind": "ursula",
            "ursula": hexString(failure.address.bytes), "cause_kind": failure.underlyingKind,
            "faults": failure.faults.map(describe),
        ]
    } catch {
        response = ["ok": false, "error": oneLine(String(describing: error)), "error_kind": errorKind(of: error)]
    }
    response["id"] = id
    respond(response)
}
