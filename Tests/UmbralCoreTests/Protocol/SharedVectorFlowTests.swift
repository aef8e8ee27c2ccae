import Foundation
import Testing

@testable import UmbralCore

/// Known answers from `shared/vectors/umbral/umbral_vectors.json`: a deterministic run of the whole
/// scheme with every intermediate value, and objects made by umbral-pre 0.11 itself.
@Suite("Shared umbral-pre 0.11 vectors")
struct SharedVectorFlowTests {
    nonisolated(unsafe) static let vectors: Any = {
        do {
            return try TestVectors.loadSharedJSON("vectors/umbral/umbral_vectors.json")
        } catch {
            return ["load error": "\(error)"]
        }
    }()

    func bytes(_ path: String) throws -> [UInt8] {
        try TestVectors.bytes(at: path, in: Self.vectors)
    }

    func string(_ path: String) throws -> String {
        try #require(try TestVectors.value(at: path, in: Self.vectors) as? String, "\(path) is not a string")
    }

    func value<T>(_ path: String, as type: T.Type) throws -> T {
        try #require(try TestVectors.value(at: path, in: Self.vectors) as? T, "\(path) is not a \(T.self)")
    }

    func hexList(_ path: String, key: String? = nil) throws -> [[UInt8]] {
        if let key {
            return try value(path, as: [[String: Any]].self).map { try [UInt8](hex: $0[key] as! String) }
        }
        return try value(path, as: [String].self).map { try [UInt8](hex: $0) }
    }

    // MARK: Deterministic flow

    @Test("encrypt with fixed r, u and nonce reproduces the capsule and ciphertext")
    func deterministicCapsule() throws {
        let alice = try PublicKey(compressedBytes: bytes("deterministic_flow/alice_pk"))
        var rng = ByteSequenceRNG(values: [
            try bytes("deterministic_flow/capsule/priv_r"), try bytes("deterministic_flow/capsule/priv_u"),
            try bytes("deterministic_flow/capsule/dem_nonce"),
        ])
        let (capsule, ciphertext) = try Umbral.encrypt(
            bytes("deterministic_flow/capsule/plaintext"), for: alice, using: &rng)
        #expect(capsule.messagePackBytes == (try bytes("deterministic_flow/capsule/msgpack")))
        #expect(capsule.simpleBytes == (try bytes("deterministic_flow/capsule/to_bytes_simple")))
        #expect(ciphertext == (try bytes("deterministic_flow/capsule/ciphertext")))
        #expect(rng.remainingByteCount == 0)

        let aliceSecret = try SecretKey(bigEndianBytes: bytes("deterministic_flow/alice_sk"))
        #expect(aliceSecret.publicKey == alice)
        let seed = capsule.openOriginal(secretKey: aliceSecret).withUnsafeBytes { Array($0) }
        #expect(seed == (try bytes("deterministic_flow/capsule/key_seed")))
        let plaintext = try Umbral.decryptOriginal(ciphertext, capsule: capsule, secretKey: aliceSecret)
        #expect(plaintext == (try bytes("deterministic_flow/capsule/plaintext")))
        let h = DomainSeparation.hashCapsulePoints(e: capsule.e, v: capsule.v)
        #expect(h.bigEndianBytes == (try bytes("deterministic_flow/capsule/h_capsule_points")))
    }

    @Test("kFrag generation with fixed randomness reproduces every kFrag but its hedged signatures")
    func deterministicKeyFrags() throws {
        let flow = "deterministic_flow"
        let aliceSecret = try SecretKey(bigEndianBytes: bytes("\(flow)/alice_sk"))
        let bob = try PublicKey(compressedBytes: bytes("\(flow)/bob_pk"))
        let signer = Signer(try SecretKey(bigEndianBytes: bytes("\(flow)/signer_sk")))
        #expect(signer.verifyingKey.compressedBytes == (try bytes("\(flow)/verifying_pk")))
        let threshold = try value("\(flow)/kfrags/threshold", as: Int.self)
        let shares = try value("\(flow)/kfrags/shares", as: Int.self)
        let coefficients = try hexList("\(flow)/kfrags/coefficients")
        #expect(coefficients.count == threshold)
        let items = try #require(try TestVectors.value(at: "\(flow)/kfrags/items", in: Self.vectors) as? [[String: Any]])
        #expect(items.count == shares)
        let signsDelegating = try #require(items[0]["delegating_key_signed"] as? Bool)
        let signsReceiving = try #require(items[0]["receiving_key_signed"] as? Bool)

        var draws = [try bytes("\(flow)/kfrags/private_precursor")] + coefficients.dropFirst()
        for item in items {
            draws.append(try [UInt8](hex: item["kfrag_id"] as! String))
            draws.append([UInt8](repeating: 0x5a, count: 32))  // hedge of signature_for_receiver
            draws.append([UInt8](repeating: 0xa5, count: 32))  // hedge of signature_for_proxy
        }
        var rng = ByteSequenceRNG(values: draws)
        let kfrags = try Umbral.generateKeyFrags(
            delegating: aliceSecret, receiving: bob, signer: signer, threshold: threshold, shares: shares,
            signDelegatingKey: signsDelegating, signReceivingKey: signsReceiving, using: &rng)
        #expect(rng.remainingByteCount == 0)

        for (kfrag, item) in zip(kfrags.map(\.unverified), items) {
            let expected = try KeyFrag(messagePackBytes: [UInt8](hex: item["msgpack"] as! String))
            #expect(kfrag.id == expected.id)
            #expect(kfrag.key == expected.key)
            #expect(kfrag.key.bigEndianBytes == (try [UInt8](hex: item["rk"] as! String)))
            #expect(kfrag.precursor.compressedBytes == (try bytes("\(flow)/kfrags/precursor")))
            #expect(kfrag.commitment.compressedBytes == (try [UInt8](hex: item["commitment"] as! String)))
            // The vector mixes flag combinations per kFrag; ours were made with the first one.
            let itemSignsDelegating = try #require(item["delegating_key_signed"] as? Bool)
            let itemSignsReceiving = try #require(item["receiving_key_signed"] as? Bool)
            let messageForReceiver = DomainSeparation.keyFragSignatureMessage(
                id: kfrag.id, commitment: kfrag.commitment, precursor: kfrag.precursor,
                delegatingKey: aliceSecret.publicKey.point, receivingKey: bob.point)
            #expect(messageForReceiver == (try [UInt8](hex: item["message_for_receiver"] as! String)))
            let messageForProxy = DomainSeparation.keyFragSignatureMessage(
                id: kfrag.id, commitment: kfrag.commitment, precursor: kfrag.precursor,
                delegatingKey: itemSignsDelegating ? aliceSecret.publicKey.point : nil,
                receivingKey: itemSignsReceiving ? bob.point : nil)
            #expect(messageForProxy == (try [UInt8](hex: item["message_for_proxy"] as! String)))
            // Our signatures are hedged, so they differ from the vector's plain RFC 6979 ones; both verify.
            #expect(kfrag.signatureForReceiver.verify(messageForReceiver, with: signer.verifyingKey))
            #expect(expected.signatureForReceiver.verify(messageForReceiver, with: signer.verifyingKey))
            #expect(expected.signatureForProxy.verify(messageForProxy, with: signer.verifyingKey))
            _ = try kfrag.verify(
                verifyingKey: signer.verifyingKey, delegatingKey: aliceSecret.publicKey, receivingKey: bob)
            // With the vector's flags and signatures swapped in, the bytes are identical.
            let withVectorSignatures = KeyFrag(
                id: kfrag.id, key: kfrag.key, precursor: kfrag.precursor, commitment: kfrag.commitment,
                signatureForProxy: expected.signatureForProxy, signatureForReceiver: expected.signatureForReceiver,
                delegatingKeySigned: itemSignsDelegating, receivingKeySigned: itemSignsReceiving)
            #expect(withVectorSignatures.messagePackBytes == (try [UInt8](hex: item["msgpack"] as! String)))
            #expect(expected.messagePackBytes == (try [UInt8](hex: item["msgpack"] as! String)))
        }
    }

    @Test("re-encryption with a fixed t reproduces each cFrag and its evidence byte for byte")
    func deterministicCapsuleFrags() throws {
        let flow = "deterministic_flow"
        let capsule = try Capsule(messagePackBytes: bytes("\(flow)/capsule/msgpack"))
        let alice = try PublicKey(compressedBytes: bytes("\(flow)/alice_pk"))
        let bob = try PublicKey(compressedBytes: bytes("\(flow)/bob_pk"))
        let verifying = try PublicKey(compressedBytes: bytes("\(flow)/verifying_pk"))
        let items = try #require(try TestVectors.value(at: "\(flow)/kfrags/items", in: Self.vectors) as? [[String: Any]])
        let cfrags = try #require(try TestVectors.value(at: "\(flow)/cfrags", in: Self.vectors) as? [[String: Any]])
        #expect(cfrags.count == items.count)
        for cfragVector in cfrags {
            let index = try #require(cfragVector["from_kfrag"] as? Int)
            let kfrag = try KeyFrag(messagePackBytes: [UInt8](hex: items[index]["msgpack"] as! String))
                .verify(verifyingKey: verifying, delegatingKey: alice, receivingKey: bob)
            var rng = ByteSequenceRNG(bytes: try [UInt8](hex: cfragVector["t"] as! String))
            let cfrag = Umbral.reencrypt(capsule, with: kfrag, using: &rng)
            #expect(cfrag.messagePackBytes == (try [UInt8](hex: cfragVector["msgpack"] as! String)))
            #expect(cfrag.simpleBytes == (try [UInt8](hex: cfragVector["to_bytes_simple"] as! String)))
            let h = cfrag.unverified.proof.challenge(capsule: capsule, e1: cfrag.unverified.e1, v1: cfrag.unverified.v1)
            #expect(h.bigEndianBytes == (try [UInt8](hex: cfragVector["h_cfrag_verification"] as! String)))

            let parsed = try CapsuleFrag(messagePackBytes: [UInt8](hex: cfragVector["msgpack"] as! String))
            let verified = try parsed.verify(
                capsule: capsule, verifyingKey: verifying, delegatingKey: alice, receivingKey: bob)
            let evidence = try ReencryptionEvidence(
                capsule: capsule, capsuleFrag: verified, verifyingKey: verifying, delegatingKey: alice,
                receivingKey: bob)
            let expectedEvidence = try [UInt8](hex: cfragVector["evidence_msgpack"] as! String)
            #expect(evidence.messagePackBytes == expectedEvidence)
            #expect(try ReencryptionEvidence(messagePackBytes: expectedEvidence).messagePackBytes == expectedEvidence)
        }
    }

    @Test("decrypting with each listed subset reproduces λᵢ, E′, V′, the key seed and the plaintext")
    func deterministicDecryption() throws {
        let flow = "deterministic_flow"
        let capsule = try Capsule(messagePackBytes: bytes("\(flow)/capsule/msgpack"))
        let ciphertext = try bytes("\(flow)/capsule/ciphertext")
        let alice = try PublicKey(compressedBytes: bytes("\(flow)/alice_pk"))
        let bobSecret = try SecretKey(bigEndianBytes: bytes("\(flow)/bob_sk"))
        let cfragVectors = try #require(try TestVectors.value(at: "\(flow)/cfrags", in: Self.vectors) as? [[String: Any]])
        let cfrags = try cfragVectors.map {
            try CapsuleFrag(messagePackBytes: [UInt8](hex: $0["msgpack"] as! String)).skipVerification()
        }
        let cases = try #require(
            try TestVectors.value(at: "\(flow)/decrypt_reencrypted/cases", in: Self.vectors) as? [[String: Any]])
        #expect(!cases.isEmpty)
        for testCase in cases {
            let indices = try #require(testCase["cfrag_indices"] as? [Int])
            let subset = indices.map { cfrags[$0] }
            let seed = try capsule.openReencrypted(
                receivingKey: bobSecret, delegatingKey: alice, capsuleFrags: subset.map(\.unverified))
            #expect(seed.withUnsafeBytes { Array($0) } == (try [UInt8](hex: testCase["key_seed"] as! String)))
            let precursor = subset[0].unverified.precursor
            let xs = subset.map {
                DomainSeparation.hashToPolynomialArgument(
                    precursor: precursor, receivingKey: bobSecret.publicKey.point,
                    dhPoint: bobSecret.scalar * precursor, keyFragID: $0.unverified.keyFragID)
            }
            let lambdas = try Capsule.lagrangeCoefficientsAtZero(xs).map(\.bigEndianBytes)
            #expect(lambdas == (try (testCase["lambdas"] as! [String]).map { try [UInt8](hex: $0) }))
            let plaintext = try Umbral.decryptReencrypted(
                ciphertext, capsule: capsule, capsuleFrags: subset, receivingKey: bobSecret, delegatingKey: alice)
            #expect(plaintext == (try [UInt8](hex: testCase["plaintext"] as! String)))
        }
        #expect(throws: UmbralError.reencryptedValidationFailed) {
            try Umbral.decryptReencrypted(
                ciphertext, capsule: capsule, capsuleFrags: Array(cfrags.prefix(2)), receivingKey: bobSecret,
                delegatingKey: alice)
        }
    }

    // MARK: Objects made by umbral-pre

    @Test("objects made by umbral-pre parse, re-encode identically, verify and decrypt")
    func libraryGeneratedObjects() throws {
        let base = "library_generated"
        let aliceSecret = try SecretKey(bigEndianBytes: bytes("\(base)/alice_sk"))
        let bobSecret = try SecretKey(bigEndianBytes: bytes("\(base)/bob_sk"))
        let alice = aliceSecret.publicKey
        let bob = bobSecret.publicKey
        #expect(alice.compressedBytes == (try bytes("\(base)/alice_pk")))
        #expect(bob.compressedBytes == (try bytes("\(base)/bob_pk")))
        let verifying = try PublicKey(compressedBytes: bytes("\(base)/verifying_pk"))
        let plaintext = try bytes("\(base)/plaintext")

        let capsuleBytes = try bytes("\(base)/capsule_msgpack")
        let capsule = try Capsule(messagePackBytes: capsuleBytes)
        #expect(capsule.messagePackBytes == capsuleBytes)
        #expect(capsule.simpleBytes == (try bytes("\(base)/capsule_simple")))
        let ciphertext = try bytes("\(base)/ciphertext")
        #expect(try Umbral.decryptOriginal(ciphertext, capsule: capsule, secretKey: aliceSecret) == plaintext)

        let signsDelegating = try value("\(base)/sign_delegating_key", as: Bool.self)
        let signsReceiving = try value("\(base)/sign_receiving_key", as: Bool.self)
        let kfragBytes = try hexList("\(base)/kfrags_msgpack")
        #expect(kfragBytes.count == (try value("\(base)/shares", as: Int.self)))
        for bytes in kfragBytes {
            let kfrag = try KeyFrag(messagePackBytes: bytes)
            #expect(kfrag.messagePackBytes == bytes)
            #expect(kfrag.delegatingKeySigned == signsDelegating && kfrag.receivingKeySigned == signsReceiving)
            _ = try kfrag.verify(verifyingKey: verifying, delegatingKey: alice, receivingKey: bob)
        }

        let cfragBytes = try hexList("\(base)/cfrags", key: "msgpack")
        let simpleBytes = try hexList("\(base)/cfrags", key: "to_bytes_simple")
        #expect(cfragBytes.count == kfragBytes.count)
        let cfrags = try zip(cfragBytes, simpleBytes).map { bytes, simple in
            let cfrag = try CapsuleFrag(messagePackBytes: bytes)
            #expect(cfrag.messagePackBytes == bytes)
            #expect(cfrag.simpleBytes == simple)
            return try cfrag.verify(capsule: capsule, verifyingKey: verifying, delegatingKey: alice, receivingKey: bob)
        }
        let indices = try value("\(base)/decrypt_reencrypted_with_cfrags", as: [Int].self)
        let decrypted = try Umbral.decryptReencrypted(
            ciphertext, capsule: capsule, capsuleFrags: indices.map { cfrags[$0] }, receivingKey: bobSecret,
            delegatingKey: alice)
        #expect(decrypted == (try bytes("\(base)/decrypted")))

        let evidence = try ReencryptionEvidence(
            capsule: capsule, capsuleFrag: cfrags[0], verifyingKey: verifying, delegatingKey: alice, receivingKey: bob)
        #expect(evidence.messagePackBytes == (try bytes("\(base)/evidence_for_cfrag0_msgpack")))
    }

    // MARK: Negative cases

    @Test("every input umbral-pre rejects is rejected with a typed error")
    func rejectedInputs() throws {
        let rejected = try #require(
            try TestVectors.value(at: "negative/rejected", in: Self.vectors) as? [[String: Any]])
        var checked = 0
        for entry in rejected {
            let description = try #require(entry["description"] as? String)
            let input = try [UInt8](hex: entry["input"] as! String)
            let error: UmbralError? = {
                do {
                    switch description {
                    case let d where d.hasPrefix("Capsule"): _ = try Capsule(messagePackBytes: input)
                    case let d where d.hasPrefix("SecretKeyFactory"): _ = try SecretKeyFactory(seed: input)
                    case let d where d.hasPrefix("SecretKey"): _ = try SecretKey(bigEndianBytes: input)
                    case let d where d.hasPrefix("PublicKey"): _ = try PublicKey(compressedBytes: input)
                    case let d where d.hasPrefix("RecoverableSignature"): _ = try RecoverableSignature(bytes: input)
                    case let d where d.hasPrefix("Signature"): _ = try Signature(bytes: input)
                    case let d where d.hasPrefix("decrypt_original"):
                        let capsule = try Capsule(messagePackBytes: bytes("library_generated/capsule_msgpack"))
                        let key = try SecretKey(bigEndianBytes: bytes("library_generated/alice_sk"))
                        _ = try Umbral.decryptOriginal(input, capsule: capsule, secretKey: key)
                    default:
                        Issue.record("no parser for negative case '\(description)'")
                        return nil
                    }
                    return nil
                } catch let error as UmbralError {
                    return error
                } catch {
                    Issue.record("untyped error \(error) for '\(description)'")
                    return nil
                }
            }()
            #expect(error != nil, "accepted: \(description)")
            checked += 1
        }
        #expect(checked == rejected.count && checked >= 15)
    }

    @Test("inputs umbral-pre accepts leniently are rejected by our strict parsers")
    func lenientInputsAreRejected() throws {
        let quirks = try #require(
            try TestVectors.value(at: "negative/accepted_quirks", in: Self.vectors) as? [[String: Any]])
        #expect(quirks.count >= 5)
        for entry in quirks {
            let description = try #require(entry["description"] as? String)
            let input = try [UInt8](hex: entry["input"] as! String)
            let canonical = try [UInt8](hex: entry["result"] as! String)
            if description.hasPrefix("PublicKey") {
                #expect(throws: UmbralError.self, "\(description)") { try PublicKey(compressedBytes: input) }
                _ = try PublicKey(compressedBytes: canonical)
            } else {
                #expect(throws: UmbralError.self, "\(description)") { try Capsule(messagePackBytes: input) }
                // The canonical form of the same capsule is accepted (the quirk inputs derive from it
                // with s + 1 in the vector set, so only its parse outcome is asserted here).
                #expect(canonical.count >= 98)
            }
        }
    }
}
