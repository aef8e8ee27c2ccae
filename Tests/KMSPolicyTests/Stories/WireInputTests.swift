import KMSPolicy
import Testing
import UmbralCore

@Suite("Characters reject malformed, wrong-version and mis-addressed wire input with errors that say what was wrong")
struct WireInputTests {
    @Test("Ursula refuses request bytes of another version, another brand, or with extra bytes, and serves good ones")
    func requestBytes() async throws {
        let world = await StoryWorld(seed: 70)
        let policy = try await world.grant()
        let request = ReencryptionRequest(
            capsules: [try world.enrico("x", for: policy).capsule], hrac: policy.hrac,
            encryptedKeyFrag: try #require(policy.treasureMap.destinations[world.addresses[0]]),
            publisherVerifyingKey: world.alice.verifyingKey, bobVerifyingKey: world.bob.card.verifyingKey)
        let ursula = world.ursulas[0]

        var newerMajor = request.bytes
        newerMajor[5] = 4
        #expect(await policyError { try await ursula.reencrypt(requestBytes: newerMajor) }
            == .majorVersionMismatch(expected: 3, actual: 4))
        var newerMinor = request.bytes
        newerMinor[7] = 1
        #expect(await policyError { try await ursula.reencrypt(requestBytes: newerMinor) }
            == .unsupportedMinorVersion(supported: 0, actual: 1))
        let response = try await ursula.reencrypt(requestBytes: request.bytes)
        #expect(await policyError { try await ursula.reencrypt(requestBytes: response) }
            == .wrongBrand(expected: Array("ReRq".utf8), actual: Array("ReRs".utf8)))
        let extra = await policyError { try await ursula.reencrypt(requestBytes: request.bytes + [0]) }
        guard case .malformedBody(object: "ReencryptionRequest", _) = extra else {
            Issue.record("unexpected \(String(describing: extra))")
            return
        }

        let parsed = try ReencryptionResponse(bytes: response)
        let verified = try parsed.verify(
            capsules: request.capsules, aliceVerifyingKey: world.alice.verifyingKey,
            ursulaVerifyingKey: ursula.profile.verifyingKey, policyEncryptingKey: policy.policyEncryptingKey,
            bobEncryptingKey: world.bob.card.encryptingKey)
        #expect(verified.count == 1)
    }

    @Test("Ursula refuses revocation bytes that are truncated or of another version")
    func revocationBytes() async throws {
        let world = await StoryWorld(seed: 71)
        let policy = try await world.grant()
        let order = try #require(world.alice.revocationOrders(for: policy).first)
        let ursula = world.ursulas[0]
        #expect(await policyError { try await ursula.revoke(orderBytes: Array(order.bytes.prefix(5)), publisherVerifyingKey: world.alice.verifyingKey) }
            == .headerTooShort(actual: 5))
        var older = order.bytes
        older[5] = 2
        #expect(await policyError { try await ursula.revoke(orderBytes: older, publisherVerifyingKey: world.alice.verifyingKey) }
            == .majorVersionMismatch(expected: 3, actual: 2))
        try await ursula.revoke(orderBytes: order.bytes, publisherVerifyingKey: world.alice.verifyingKey)
        #expect(try await ursula.hasRevoked(order.encryptedKeyFrag, publisherVerifyingKey: world.alice.verifyingKey))
    }

    @Test("The transport names Ursulas it does not know, and treasure maps it never stored")
    func transportErrors() async throws {
        let world = await StoryWorld(seed: 72)
        let stranger = try Address(bytes: Array(repeating: 0xab, count: 20))
        #expect(await policyError { try await world.network.profile(of: stranger) } == .unknownUrsula(stranger))
        await world.network.setOffline(world.addresses[0])
        #expect(await policyError { try await world.network.profile(of: world.addresses[0]) }
            == .ursulaUnreachable(world.addresses[0], reason: "offline"))
        #expect(await world.network.knownUrsulas().map(\.stakingProviderAddress) == Array(world.addresses.dropFirst()))
        let hrac = try HRAC(bytes: Array(repeating: 1, count: 16))
        #expect(await policyError { try await world.network.treasureMap(for: hrac) } == .treasureMapNotFound(hrac))
    }

    @Test("Every character error reads as a sentence naming the Ursula or policy concerned")
    func descriptions() throws {
        let address = try Address(bytes: Array(repeating: 0x42, count: 20))
        let other = try Address(bytes: Array(repeating: 0x43, count: 20))
        let hrac = try HRAC(bytes: Array(repeating: 0x0f, count: 16))
        let time = UnixTime(secondsSinceEpoch: 1_000)
        let named: [(KMSPolicyError, String)] = [
            (.unknownUrsula(address), address.checksummed),
            (.ursulaUnreachable(address, reason: "timed out"), "timed out"),
            (.ursulaNotStaked(address), "not staked"),
            (.notEnoughUrsulas(needed: 5, available: 3), "only 3"),
            (.ursulaCountMismatch(shares: 3, ursulas: 2), "2 were named"),
            (.duplicateUrsula(address), "twice"),
            (.policyAlreadyExists(hrac), hrac.description),
            (.expirationNotInFuture(expiration: time, now: time), "would never be active"),
            (.policyNotFound(hrac), "not on the ledger"),
            (.policyRevoked(hrac), "revoked"),
            (.policyExpired(hrac, expiration: time, now: time.adding(seconds: 1)), "expired at @1000 (now @1001)"),
            (.publisherMismatch(hrac), "not paid for by this publisher"),
            (.notPolicyOwner(hrac, caller: address), "does not own"),
            (.keyFragRevoked(address), "revoked"),
            (.keyFragNotForThisUrsula(address), "not sealed to"),
            (.misaddressedRevocation(addressedTo: address, receivedBy: other), other.checksummed),
            (.treasureMapNotFound(hrac), "no treasure map"),
            (.treasureMapForAnotherPolicy(expected: hrac, actual: hrac), "not"),
            (.treasureMapPublisherMismatch, "publisher"),
            (.nothingToRetrieve, "nothing to retrieve"),
            (.notEnoughHonestUrsulas(threshold: 2, honest: 0, faults: []), "no Ursula left to ask"),
            (.notEnoughHonestUrsulas(threshold: 2, honest: 1, faults: [
                UrsulaFault(address: address, reason: .invalidSignature),
                UrsulaFault(address: other, reason: .refused(.policyRevoked(hrac))),
            ]), "\(address.checksummed): bad signature on her response; \(other.checksummed): refused: policy"),
        ]
        for (error, fragment) in named {
            #expect(error.description.contains(fragment), "\(error)")
        }
    }
}
