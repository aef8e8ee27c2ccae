public import UmbralCore

/// The recipient: Bob opens the treasure map Alice made for him, gathers cFrags from enough
/// Ursulas, checks every one, and decrypts.
///
/// Bob has two key pairs, as in nucypher: an **encrypting** key, which Alice's kFrags and treasure
/// map are made for, and a **signer** whose verifying key identifies him in the policy's HRAC and in
/// his requests. He gives Alice his ``card`` (the two public keys).
///
/// Bob trusts no Ursula. He checks each response's signature with her verifying key and each cFrag's
/// proof against Alice's, the policy's and his own keys; an Ursula who is down, refuses, or lies is
/// named in a ``UrsulaFault`` and he asks the next one, until `threshold` have answered honestly or
/// nobody is left.
///
/// ```swift
/// let bob = Bob(transport: network)
/// let cleartext = try await bob.retrieveAndDecrypt(
///     kit, label: Array("vitals".utf8), publisherVerifyingKey: alice.verifyingKey)
/// ```
public struct Bob: Sendable {
    /// Bob's signer; its verifying key names him in HRACs and re-encryption requests.
    public let signer: Signer

    private let encryptingSecretKey: SecretKey
    private let transport: any PolicyTransport

    /// Bob with the given keys, reaching Ursulas through `transport`.
    ///
    /// - Parameters:
    ///   - encryptingKey: The secret key cFrags and treasure maps are made for.
    ///   - signer: His signer, whose verifying key identifies him.
    ///   - transport: How he finds treasure maps and reaches Ursulas.
    public init(encryptingKey: SecretKey, signer: Signer, transport: any PolicyTransport) {
        self.encryptingSecretKey = encryptingKey
        self.signer = signer
        self.transport = transport
    }

    /// A new Bob with fresh keys from the system's secure random generator.
    ///
    /// - Parameter transport: How he finds treasure maps and reaches Ursulas.
    public init(transport: any PolicyTransport) {
        var rng = SystemRandom()
        self.init(transport: transport, using: &rng)
    }

    /// A new Bob with keys drawn from `rng`, which must be cryptographically secure outside tests.
    ///
    /// - Parameters:
    ///   - transport: How he finds treasure maps and reaches Ursulas.
    ///   - rng: The source of his two secret keys.
    public init(transport: any PolicyTransport, using rng: inout some RandomNumberGenerator) {
        self.init(
            encryptingKey: SecretKey.random(using: &rng), signer: Signer(SecretKey.random(using: &rng)),
            transport: transport)
    }

    /// Bob's two public keys, for Alice.
    public var card: BobCard {
        BobCard(encryptingKey: encryptingSecretKey.publicKey, verifyingKey: signer.verifyingKey)
    }

    /// The HRAC of the policy Alice (`publisherVerifyingKey`) granted Bob under `label`.
    ///
    /// - Parameters:
    ///   - label: The policy label, as Alice told Bob.
    ///   - publisherVerifyingKey: Alice's publisher verifying key.
    /// - Returns: The HRAC, the same Alice computed.
    public func hrac(label: [UInt8], publisherVerifyingKey: PublicKey) -> HRAC {
        HRAC(publisherVerifyingKey: publisherVerifyingKey, bobVerifyingKey: signer.verifyingKey, label: label)
    }

    /// Bob opens a treasure map and checks that Alice made it, for him, for this policy.
    ///
    /// Beyond the reference's checks (it decrypts with his key and verifies Alice's signature over
    /// his encrypting key and the map), Bob checks that the map names the same publisher key that
    /// signed it and, when `expectedHRAC` is given, that it is the map of that policy.
    ///
    /// - Parameters:
    ///   - encryptedTreasureMap: The map as Alice published or sent it.
    ///   - publisherVerifyingKey: Alice's publisher verifying key, as Bob knows it.
    ///   - expectedHRAC: The HRAC of the policy Bob expects, or `nil` to accept any of Alice's maps.
    /// - Returns: The verified map.
    /// - Throws: ``KMSPolicyError/decryptionFailed(object:_:)`` (not for Bob, or tampered),
    ///   ``KMSPolicyError/signatureVerificationFailed(object:)`` (not Alice's, or altered), a parse
    ///   error for a malformed plaintext, ``KMSPolicyError/treasureMapPublisherMismatch`` or
    ///   ``KMSPolicyError/treasureMapForAnotherPolicy(expected:actual:)``.
    public func decryptTreasureMap(
        _ encryptedTreasureMap: EncryptedTreasureMap, publisherVerifyingKey: PublicKey, expectedHRAC: HRAC? = nil
    ) throws(KMSPolicyError) -> TreasureMap {
        let map = try encryptedTreasureMap.decrypt(
            secretKey: encryptingSecretKey, publisherVerifyingKey: publisherVerifyingKey)
        guard map.publisherVerifyingKey == publisherVerifyingKey else { throw .treasureMapPublisherMismatch }
        if let expectedHRAC, map.hrac != expectedHRAC {
            throw .treasureMapForAnotherPolicy(expected: expectedHRAC, actual: map.hrac)
        }
        return map
    }

    /// Bob finds the treasure map of the policy Alice granted him under `label`, and opens it.
    ///
    /// - Parameters:
    ///   - label: The policy label.
    ///   - publisherVerifyingKey: Alice's publisher verifying key.
    /// - Returns: The verified map.
    /// - Throws: ``KMSPolicyError/treasureMapNotFound(_:)`` or the errors of
    ///   ``decryptTreasureMap(_:publisherVerifyingKey:expectedHRAC:)``.
    public func findTreasureMap(label: [UInt8], publisherVerifyingKey: PublicKey) async throws(KMSPolicyError)
        -> TreasureMap
    {
        let hrac = hrac(label: label, publisherVerifyingKey: publisherVerifyingKey)
        let encrypted = try await transport.treasureMap(for: hrac)
        return try decryptTreasureMap(encrypted, publisherVerifyingKey: publisherVerifyingKey, expectedHRAC: hrac)
    }

    /// Bob finds the policy's treasure map, retrieves cFrags for `messageKit` and decrypts it.
    ///
    /// - Parameters:
    ///   - messageKit: A kit Enrico encrypted for the policy.
    ///   - label: The policy label.
    ///   - publisherVerifyingKey: Alice's publisher verifying key.
    /// - Returns: The cleartext.
    /// - Throws: the errors of ``findTreasureMap(label:publisherVerifyingKey:)`` and
    ///   ``retrieveAndDecrypt(_:from:context:)``.
    public func retrieveAndDecrypt(
        _ messageKit: MessageKit, label: [UInt8], publisherVerifyingKey: PublicKey
    ) async throws(KMSPolicyError) -> [UInt8] {
        let map = try await findTreasureMap(label: label, publisherVerifyingKey: publisherVerifyingKey)
        return try await retrieveAndDecrypt([messageKit], from: map).cleartexts[0]
    }

    /// Bob asks the map's Ursulas to re-encrypt the kits' capsules and decrypts every kit.
    ///
    /// Kits are grouped by their conditions, since one request carries one set. For each group Bob
    /// asks the map's Ursulas in address order, one request each: first `threshold` of them at
    /// once, then, for each one at fault, the next, until `threshold` have answered honestly. Each response must carry Ursula's valid signature over exactly his capsules and a
    /// valid cFrag for each; anything else names her in ``Retrieval/faults`` and he moves on.
    ///
    /// - Parameters:
    ///   - messageKits: Kits Enrico encrypted for the map's policy.
    ///   - treasureMap: The verified map (from ``decryptTreasureMap(_:publisherVerifyingKey:expectedHRAC:)``).
    ///   - context: Values the kits' conditions need, passed to every Ursula, or `nil`.
    /// - Returns: The cleartexts, the Ursulas used and the faults met.
    /// - Throws: ``KMSPolicyError/nothingToRetrieve`` for no kits;
    ///   ``KMSPolicyError/notEnoughHonestUrsulas(threshold:honest:faults:)`` naming every Ursula at
    ///   fault when too few answered honestly; ``KMSPolicyError/decryptionFailed(object:_:)`` if a
    ///   kit does not open with verified cFrags (a kit for another policy, or a tampered ciphertext).
    public func retrieveAndDecrypt(
        _ messageKits: [MessageKit], from treasureMap: TreasureMap, context: String? = nil
    ) async throws(KMSPolicyError) -> Retrieval {
        guard !messageKits.isEmpty else { throw .nothingToRetrieve }
        var cleartexts = [[UInt8]?](repeating: nil, count: messageKits.count)
        var contributors: [Address] = []
        var faults: [UrsulaFault] = []
        for group in Self.groupedByConditions(messageKits) {
            let capsules = group.map { messageKits[$0].capsule }
            let collected = try await collectCapsuleFrags(
                for: capsules, conditions: messageKits[group[0]].conditions, context: context, from: treasureMap)
            faults += collected.faults
            for address in collected.contributors where !contributors.contains(address) {
                contributors.append(address)
            }
            for (position, kitIndex) in group.enumerated() {
                cleartexts[kitIndex] = try messageKits[kitIndex].decryptReencrypted(
                    receivingKey: encryptingSecretKey, policyEncryptingKey: treasureMap.policyEncryptingKey,
                    capsuleFrags: collected.capsuleFrags[position])
            }
        }
        return Retrieval(cleartexts: cleartexts.map { $0 ?? [] }, contributors: contributors, faults: faults)
    }

    /// Bob gathers `threshold` verified cFrags for each capsule from the map's Ursulas.
    ///
    /// This is the retrieval without the decryption, for callers that keep capsules apart from
    /// their ciphertexts.
    ///
    /// - Parameters:
    ///   - capsules: The capsules to have re-encrypted, all for the map's policy key.
    ///   - conditions: The conditions the capsules' kits carry, or `nil`.
    ///   - context: Values the conditions need, or `nil`.
    ///   - treasureMap: The verified map.
    /// - Returns: For each capsule, in order, one verified cFrag from each contributing Ursula; the
    ///   contributors; and the faults met.
    /// - Throws: ``KMSPolicyError/nothingToRetrieve`` or
    ///   ``KMSPolicyError/notEnoughHonestUrsulas(threshold:honest:faults:)``.
    public func collectCapsuleFrags(
        for capsules: [Capsule], conditions: String? = nil, context: String? = nil, from treasureMap: TreasureMap
    ) async throws(KMSPolicyError) -> (
        capsuleFrags: [[VerifiedCapsuleFrag]], contributors: [Address], faults: [UrsulaFault]
    ) {
        guard !capsules.isEmpty else { throw .nothingToRetrieve }
        let ursulas = treasureMap.destinations.sorted { $0.key < $1.key }
        var capsuleFrags = [[VerifiedCapsuleFrag]](repeating: [], count: capsules.count)
        var contributors: [Address] = []
        var faults: [UrsulaFault] = []
        var next = 0
        // Ask as many Ursulas at once as are still needed; replace each one at fault with the next.
        while contributors.count < treasureMap.threshold, next < ursulas.count {
            let wave = Array(ursulas[next..<min(next + treasureMap.threshold - contributors.count, ursulas.count)])
            next += wave.count
            let outcomes = await withTaskGroup(of: (Int, Result<[VerifiedCapsuleFrag], UrsulaFaultError>).self) { group in
                for (position, (address, encryptedKeyFrag)) in wave.enumerated() {
                    group.addTask {
                        let request = ReencryptionRequest(
                            capsules: capsules, hrac: treasureMap.hrac, encryptedKeyFrag: encryptedKeyFrag,
                            publisherVerifyingKey: treasureMap.publisherVerifyingKey,
                            bobVerifyingKey: signer.verifyingKey, conditions: conditions, context: context)
                        return (position, await ask(address, request, treasureMap: treasureMap))
                    }
                }
                var outcomes = [Result<[VerifiedCapsuleFrag], UrsulaFaultError>](
                    repeating: .failure(UrsulaFaultError(reason: .unreachable("no answer"))), count: wave.count)
                for await (position, outcome) in group {
                    outcomes[position] = outcome
                }
                return outcomes
            }
            for ((address, _), outcome) in zip(wave, outcomes) {
                switch outcome {
                case let .success(verified):
                    for (index, capsuleFrag) in verified.enumerated() {
                        capsuleFrags[index].append(capsuleFrag)
                    }
                    contributors.append(address)
                case let .failure(fault):
                    faults.append(UrsulaFault(address: address, reason: fault.reason))
                }
            }
        }
        guard contributors.count >= treasureMap.threshold else {
            throw .notEnoughHonestUrsulas(threshold: treasureMap.threshold, honest: contributors.count, faults: faults)
        }
        return (capsuleFrags, contributors, faults)
    }

    /// Sends one Ursula the request and checks her answer: her verified cFrags, or why she is at fault.
    private func ask(
        _ address: Address, _ request: ReencryptionRequest, treasureMap: TreasureMap
    ) async -> Result<[VerifiedCapsuleFrag], UrsulaFaultError> {
        let ursula: UrsulaProfile
        let response: ReencryptionResponse
        do {
            ursula = try await transport.profile(of: address)
            response = try await transport.reencrypt(request, at: address)
        } catch {
            return .failure(UrsulaFaultError(reason: .init(transportError: error)))
        }
        do {
            return .success(try await verify(response, capsules: request.capsules, ursula: ursula, treasureMap: treasureMap))
        } catch {
            return .failure(error)
        }
    }

    /// Checks one Ursula's response, turning each failure into the reason she is at fault.
    ///
    /// The checks and their outcome are those of
    /// ``ReencryptionResponse/verify(capsules:aliceVerifyingKey:ursulaVerifyingKey:policyEncryptingKey:bobEncryptingKey:)``
    /// (count, then Ursula's signature, then every cFrag, the lowest failing index named), but a
    /// response with several cFrags has them verified concurrently, one child task each. Responses
    /// of different Ursulas are already verified concurrently, each in its own task of the wave.
    private func verify(
        _ response: ReencryptionResponse, capsules: [Capsule], ursula: UrsulaProfile, treasureMap: TreasureMap
    ) async throws(UrsulaFaultError) -> [VerifiedCapsuleFrag] {
        do throws(KMSPolicyError) {
            guard response.capsuleFrags.count > 1, capsules.count == response.capsuleFrags.count else {
                return try response.verify(
                    capsules: capsules, aliceVerifyingKey: treasureMap.publisherVerifyingKey,
                    ursulaVerifyingKey: ursula.verifyingKey, policyEncryptingKey: treasureMap.policyEncryptingKey,
                    bobEncryptingKey: encryptingSecretKey.publicKey)
            }
            let message = ReencryptionResponse.signedMessage(capsules: capsules, capsuleFrags: response.capsuleFrags)
            guard response.signature.verify(message, with: ursula.verifyingKey) else {
                throw KMSPolicyError.invalidReencryptionResponseSignature
            }
            return try await Self.verifyConcurrently(
                response.capsuleFrags, capsules: capsules, aliceVerifyingKey: treasureMap.publisherVerifyingKey,
                policyEncryptingKey: treasureMap.policyEncryptingKey, bobEncryptingKey: encryptingSecretKey.publicKey)
        } catch {
            switch error {
            case let .capsuleCountMismatch(capsules, capsuleFrags):
                throw UrsulaFaultError(reason: .wrongCapsuleFragCount(capsules: capsules, capsuleFrags: capsuleFrags))
            case .invalidReencryptionResponseSignature:
                throw UrsulaFaultError(reason: .invalidSignature)
            case let .invalidCapsuleFrag(index, umbralError):
                throw UrsulaFaultError(reason: .invalidCapsuleFrag(index: index, umbralError))
            default:
                throw UrsulaFaultError(reason: .refused(error))
            }
        }
    }

    /// Verifies each cFrag against its capsule in its own child task and returns them in order;
    /// when some fail, the error is that of the lowest index, as a serial loop would report it.
    private static func verifyConcurrently(
        _ capsuleFrags: [CapsuleFrag], capsules: [Capsule], aliceVerifyingKey: PublicKey,
        policyEncryptingKey: PublicKey, bobEncryptingKey: PublicKey
    ) async throws(KMSPolicyError) -> [VerifiedCapsuleFrag] {
        let outcomes = await withTaskGroup(of: (Int, Result<VerifiedCapsuleFrag, UmbralError>).self) { group in
            for (index, (capsule, capsuleFrag)) in zip(capsules, capsuleFrags).enumerated() {
                group.addTask {
                    do throws(UmbralError) {
                        return (index, .success(try capsuleFrag.verify(
                            capsule: capsule, verifyingKey: aliceVerifyingKey,
                            delegatingKey: policyEncryptingKey, receivingKey: bobEncryptingKey)))
                    } catch {
                        return (index, .failure(error))
                    }
                }
            }
            var outcomes = [Result<VerifiedCapsuleFrag, UmbralError>?](repeating: nil, count: capsuleFrags.count)
            for await (index, outcome) in group {
                outcomes[index] = outcome
            }
            return outcomes
        }
        var verified: [VerifiedCapsuleFrag] = []
        verified.reserveCapacity(outcomes.count)
        for (index, outcome) in outcomes.enumerated() {
            switch outcome {
            case let .success(capsuleFrag)?: verified.append(capsuleFrag)
            case let .failure(error)?: throw .invalidCapsuleFrag(index: index, error)
            case nil: preconditionFailure("every child task reports its cFrag")
            }
        }
        return verified
    }

    /// The indices of `messageKits` grouped by equal conditions, groups in order of first appearance.
    private static func groupedByConditions(_ messageKits: [MessageKit]) -> [[Int]] {
        var groups: [[Int]] = []
        var groupOf: [String?: Int] = [:]
        for (index, kit) in messageKits.enumerated() {
            if let group = groupOf[kit.conditions] {
                groups[group].append(index)
            } else {
                groupOf[kit.conditions] = groups.count
                groups.append([index])
            }
        }
        return groups
    }
}

/// A verification failure already classified as an Ursula's fault, inside Bob's retrieval loop.
private struct UrsulaFaultError: Error {
    let reason: UrsulaFault.Reason
}
