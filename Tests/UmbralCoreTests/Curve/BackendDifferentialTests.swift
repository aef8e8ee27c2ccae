// Differential tests of the two curve backends. They exist only in builds with the LibSecp256k1
// trait: there `Point` is libsecp256k1's `Secp256k1Point`, while `OpenSSLPoint` (always compiled,
// since hash-to-curve builds on it) is the reference. Every input is fresh randomness, drawn from a
// seed that is printed with each failure; every deterministic output must be the same bytes on both
// sides, and everything one side makes must be accepted (or refused) identically by the other.
#if LibSecp256k1
import Testing

@testable import UmbralCore

@Suite("Backend differential: libsecp256k1 against the OpenSSL reference")
struct BackendDifferentialTests {
    /// Fresh per run; a failure message quotes it so the run can be repeated with a fixed seed.
    let seed = UInt64.random(in: .min ... .max)

    var seedComment: Comment { "seed \(seed)" }

    // MARK: Converting between the backends (only through public encodings)

    /// The same point in the reference backend, decoded there from its compressed encoding.
    static func reference(_ point: Point) throws -> OpenSSLPoint {
        point.isIdentity
            ? OpenSSLPoint.generatorMultiple(.zero)
            : try OpenSSLPoint(compressedBytes: point.compressedBytes, field: "reference")
    }

    /// The same point in the backend under test.
    static func underTest(_ point: OpenSSLPoint) throws -> Point {
        point.isIdentity ? Point.generatorMultiple(.zero) : try Point(compressedBytes: point.compressedBytes, field: "test")
    }

    /// Both points' encodings and coordinates agree, identity included.
    static func same(_ point: Point, _ reference: OpenSSLPoint) -> Bool {
        point.isIdentity == reference.isIdentity
            && point.compressedBytes == reference.compressedBytes
            && point.affineCoordinates?.x == reference.affineCoordinates?.x
            && point.affineCoordinates?.y == reference.affineCoordinates?.y
    }

    static func scalar(_ rng: inout SeededRNG) -> Scalar { Scalar.random(using: &rng) }

    /// Mostly random scalars, and the edge values 0, 1, 2 and n − 1 now and then.
    static func edgyScalar(_ rng: inout SeededRNG) -> Scalar {
        switch UInt8.random(in: 0..<12, using: &rng) {
        case 0: .zero
        case 1: .one
        case 2: .fromWord(2)
        case 3: Scalar.one.negated
        default: Scalar.random(using: &rng)
        }
    }

    // MARK: The build really compares two backends

    @Test("This build runs libsecp256k1, and the reference is a different type")
    func backendsDiffer() {
        #expect(Umbral.curveBackend == "libsecp256k1")
        #expect(Point.backendName == "libsecp256k1")
        #expect(OpenSSLPoint.backendName == "openssl")
        #expect(ObjectIdentifier(Point.self) != ObjectIdentifier(OpenSSLPoint.self))
        #expect(Self.same(Point.generator, OpenSSLPoint.generator))
        #expect(Self.same(Point.parameterU, OpenSSLPoint.parameterU))
    }

    // MARK: Group operations

    @Test("k·G, k·P, P + Q, −P and doubling give the same points, the identity included")
    func groupOperations() throws {
        var rng = SeededRNG(seed: seed)
        var compared = 0
        for _ in 0..<48 {
            let k = Self.edgyScalar(&rng)
            let a = Self.edgyScalar(&rng)
            let b = Self.scalar(&rng)
            let p = Point.generatorMultiple(a)
            let pRef = OpenSSLPoint.generatorMultiple(a)
            let q = Point.generatorMultiple(b)
            let qRef = OpenSSLPoint.generatorMultiple(b)
            #expect(Self.same(p, pRef), seedComment)
            #expect(Self.same(Point.generatorMultiple(k), OpenSSLPoint.generatorMultiple(k)), seedComment)
            #expect(Self.same(k * p, k * pRef), seedComment)
            #expect(Self.same(k * Point.parameterU, k * OpenSSLPoint.parameterU), seedComment)
            #expect(Self.same(p + q, pRef + qRef), seedComment)
            #expect(Self.same(p + p, pRef + pRef), seedComment)
            #expect(Self.same(p.negated, pRef.negated), seedComment)
            #expect(Self.same(p - p, pRef - pRef), seedComment)
            #expect(Self.same(p + p.negated + q, pRef + pRef.negated + qRef), seedComment)
            // Cached encodings must not change what a point is.
            #expect(Self.same(p.withCachedEncoding().negated, pRef.negated), seedComment)
            #expect((p.withCachedEncoding() == q) == (pRef == qRef), seedComment)
            compared += 1
        }
        #expect(compared == 48)
        // Sums that cancel exactly, and products that are the identity.
        let k = Self.scalar(&rng)
        #expect((Point.generatorMultiple(Scalar.one.negated) + Point.generator).isIdentity)
        #expect((Point.generatorMultiple(k) + Point.generatorMultiple(k.negated)).isIdentity)
        #expect((Scalar.zero * Point.generator).isIdentity)
        #expect((k * Point.generatorMultiple(.zero)).isIdentity)
        #expect(Point.generatorMultiple(.zero).negated.isIdentity)
        #expect(Point.generatorMultiple(.zero) == Point.generatorMultiple(.zero))
        #expect(Point.generatorMultiple(.zero) != Point.generator)
    }

    @Test("linearCombination gives the same points, cancelling sums and zero scalars included")
    func linearCombinations() throws {
        var rng = SeededRNG(seed: seed)
        var identities = 0
        for round in 0..<60 {
            let count = Int.random(in: 0...4, using: &rng)
            var scalars = (0..<count).map { _ in Self.edgyScalar(&rng) }
            var pointScalars = (0..<count).map { _ in Self.edgyScalar(&rng) }
            if count >= 2 && round % 3 == 0 {
                // Make the terms cancel: k·P + (−k)·P.
                scalars[1] = scalars[0].negated
                pointScalars[1] = pointScalars[0]
            }
            let generatorScalar: Scalar? = Bool.random(using: &rng) ? Self.edgyScalar(&rng) : nil
            let terms = zip(scalars, pointScalars).map { ($0, Point.generatorMultiple($1)) }
            let referenceTerms = zip(scalars, pointScalars).map { ($0, OpenSSLPoint.generatorMultiple($1)) }
            let combined = Point.linearCombination(terms, generatorScalar: generatorScalar)
            let referenceCombined = OpenSSLPoint.linearCombination(referenceTerms, generatorScalar: generatorScalar)
            #expect(Self.same(combined, referenceCombined), "round \(round), \(count) terms, \(seedComment)")
            if referenceCombined.isIdentity { identities += 1 }
        }
        #expect(identities > 0, "the rounds must include sums that are the identity")
    }

    // MARK: Encodings

    @Test("Compressed encodings are accepted and refused identically, with the same error")
    func parsing() throws {
        var rng = SeededRNG(seed: seed)
        func outcome<P: CurvePoint>(_ type: P.Type, _ bytes: [UInt8]) -> Result<[UInt8], UmbralError> {
            do {
                let point = try P(compressedBytes: bytes, field: "P")
                return .success(point.compressedBytes + (point.affineCoordinates.map { $0.x + $0.y } ?? []))
            } catch {
                return .failure(error)
            }
        }
        let prime = CurveTestSupport.bytes(CurveTestSupport.primeHex)
        let valid = Point.generatorMultiple(Self.scalar(&rng))
        var inputs: [[UInt8]] = [
            [], [0x00], [0x02], Array(valid.compressedBytes.dropLast()), valid.compressedBytes + [0x00],
            valid.uncompressedBytes ?? [],
            [0x02] + prime, [0x03] + prime, [0x02] + [UInt8](repeating: 0xff, count: 32),
            [0x02] + [UInt8](repeating: 0, count: 32), [0x03] + [UInt8](repeating: 0, count: 32),
            [0x04] + valid.compressedBytes.dropFirst(), [0x00] + valid.compressedBytes.dropFirst(),
            [0x06] + valid.compressedBytes.dropFirst(),
        ]
        for _ in 0..<200 {
            // Random x: about half are on the curve; random prefixes now and then.
            let prefix: UInt8 = Int.random(in: 0..<10, using: &rng) == 0
                ? UInt8.random(in: 0...255, using: &rng) : UInt8.random(in: 2...3, using: &rng)
            inputs.append([prefix] + rng.umbralRandomBytes(32))
        }
        var accepted = 0
        var refused = 0
        for bytes in inputs {
            let result = outcome(Point.self, bytes)
            #expect(result == outcome(OpenSSLPoint.self, bytes), "input \(bytes), \(seedComment)")
            if case .success = result { accepted += 1 } else { refused += 1 }
        }
        #expect(accepted > 50 && refused > 50, "both outcomes must be exercised (\(accepted) / \(refused))")
    }

    // MARK: ECDSA

    @Test("ECDSA signs the same bytes and recovery id; each backend accepts and refuses the other's signatures alike")
    func ecdsa() throws {
        var rng = SeededRNG(seed: seed)
        let order = CurveTestSupport.bytes(CurveTestSupport.orderHex)
        for round in 0..<40 {
            let secret = Self.scalar(&rng)
            let publicKey = Point.generatorMultiple(secret)
            let publicKeyRef = OpenSSLPoint.generatorMultiple(secret)
            // Prehashes at and above n exercise the reduction inside the nonce derivation.
            let prehash: [UInt8] = switch round % 10 {
            case 0: [UInt8](repeating: 0xff, count: 32)
            case 1: order
            default: rng.umbralRandomBytes(32)
            }
            let entropy = round % 4 == 0 ? [] : rng.umbralRandomBytes(32)
            let signed = Point.ecdsaSign(prehash: prehash, secretKey: secret, extraEntropy: entropy)
            let signedRef = OpenSSLPoint.ecdsaSign(prehash: prehash, secretKey: secret, extraEntropy: entropy)
            let comment: Comment = "round \(round), \(seedComment)"
            #expect(signed.r == signedRef.r && signed.s == signedRef.s, comment)
            #expect(signed.recoveryID == signedRef.recoveryID, comment)
            #expect(!signed.s.isHigh, comment)

            // Cross-acceptance, and the same refusals: other message, other key, high-S twin.
            let otherPrehash = rng.umbralRandomBytes(32)
            let otherKey = Point.generatorMultiple(Self.scalar(&rng))
            let cases: [(String, [UInt8], Scalar, Scalar, Point, Bool)] = [
                ("as signed", prehash, signed.r, signed.s, publicKey, true),
                ("other message", otherPrehash, signed.r, signed.s, publicKey, false),
                ("other key", prehash, signed.r, signed.s, otherKey, false),
                ("high-S twin", prehash, signed.r, signed.s.negated, publicKey, false),
                ("s + 1", prehash, signed.r, signed.s + .one, publicKey, false),
            ]
            for (name, message, r, s, key, expected) in cases {
                let keyRef = try Self.reference(key)
                #expect(Point.ecdsaVerify(prehash: message, r: r, s: s, publicKey: key) == expected, "\(name), \(comment)")
                #expect(OpenSSLPoint.ecdsaVerify(prehash: message, r: r, s: s, publicKey: keyRef) == expected, "\(name), \(comment)")
            }
            // Recovery: the same key (or none) for every recovery id.
            for recoveryID in UInt8(0)..<4 {
                let recovered = Point.ecdsaRecover(prehash: prehash, r: signed.r, s: signed.s, recoveryID: recoveryID)
                let recoveredRef = OpenSSLPoint.ecdsaRecover(prehash: prehash, r: signed.r, s: signed.s, recoveryID: recoveryID)
                #expect(recovered?.compressedBytes == recoveredRef?.compressedBytes, "recovery id \(recoveryID), \(comment)")
                if recoveryID == signed.recoveryID {
                    #expect(recovered == publicKey && Self.same(publicKey, publicKeyRef), comment)
                }
            }
            #expect(Point.ecdsaRecover(prehash: prehash, r: signed.r, s: signed.s.negated, recoveryID: signed.recoveryID ^ 1) == nil)
            #expect(OpenSSLPoint.ecdsaRecover(prehash: prehash, r: signed.r, s: signed.s.negated, recoveryID: signed.recoveryID ^ 1) == nil)
        }
    }

    // MARK: Whole Umbral flows

    /// Replays the protocol's draws from the same seeded generator on the reference backend and
    /// requires the same capsule, kFrags and cFrags, byte for byte; then opens the result on the
    /// reference backend, and has the backend under test verify objects the reference made.
    @Test("Capsules, kFrags and cFrags are the same bytes on both backends, and each verifies the other's", arguments: 0..<3)
    func umbralFlow(round: Int) throws {
        let flowSeed = seed &+ UInt64(round)
        let comment: Comment = "round \(round), \(seedComment)"
        var setup = SeededRNG(seed: flowSeed)
        let alice = SecretKey.random(using: &setup)
        let bob = SecretKey.random(using: &setup)
        let signingKey = SecretKey.random(using: &setup)
        let signer = Signer(signingKey)
        let threshold = Int.random(in: 1...3, using: &setup)
        let shares = threshold + Int.random(in: 0...2, using: &setup)
        let signDelegating = Bool.random(using: &setup)
        let signReceiving = Bool.random(using: &setup)
        let alicePublicRef = OpenSSLPoint.generatorMultiple(alice.scalar)
        let bobPublicRef = OpenSSLPoint.generatorMultiple(bob.scalar)
        #expect(Self.same(alice.publicKey.point, alicePublicRef), comment)
        #expect(Self.same(signer.verifyingKey.point, OpenSSLPoint.generatorMultiple(signingKey.scalar)), comment)

        // Capsule: E = r·G, V = u·G, s = u + r·h(E, V); key seed (r + u)·pk_A.
        var capsuleRNG = SeededRNG(seed: flowSeed ^ 0xCA95)
        let (capsule, keySeed) = Capsule.make(for: alice.publicKey, using: &capsuleRNG)
        var replay = SeededRNG(seed: flowSeed ^ 0xCA95)
        let r = Scalar.random(using: &replay)
        let u = Scalar.random(using: &replay)
        let eRef = OpenSSLPoint.generatorMultiple(r)
        let vRef = OpenSSLPoint.generatorMultiple(u)
        let h = DomainSeparation.hashCapsulePoints(e: try Self.underTest(eRef), v: try Self.underTest(vRef))
        let capsuleRef = Capsule(e: try Self.underTest(eRef), v: try Self.underTest(vRef), s: u + r * h)
        #expect(capsule.messagePackBytes == capsuleRef.messagePackBytes, comment)
        #expect(OpenSSLPoint.linearCombination([(h.negated, eRef)], generatorScalar: capsule.s) == vRef, comment)
        let seedRef = ((r + u) * alicePublicRef).compressedBytes
        #expect(keySeed.withUnsafeBytes { Array($0) } == seedRef, comment)
        // Alice opens on the reference backend: sk_A·(E + V).
        #expect((alice.scalar * (eRef + vRef)).compressedBytes == seedRef, comment)
        // The backend under test parses (and so self-verifies) the reference's capsule.
        #expect(try Capsule(messagePackBytes: capsuleRef.messagePackBytes) == capsule, comment)

        // kFrags, replayed draw by draw.
        var kfragRNG = SeededRNG(seed: flowSeed ^ 0x6F4A)
        let kfrags = try Umbral.generateKeyFrags(
            delegating: alice, receiving: bob.publicKey, signer: signer, threshold: threshold, shares: shares,
            signDelegatingKey: signDelegating, signReceivingKey: signReceiving, using: &kfragRNG)
        replay = SeededRNG(seed: flowSeed ^ 0x6F4A)
        let privatePrecursor = Scalar.random(using: &replay)
        let precursorRef = OpenSSLPoint.generatorMultiple(privatePrecursor)
        let dhRef = privatePrecursor * bobPublicRef
        let precursor = try Self.underTest(precursorRef)
        let dhPoint = try Self.underTest(dhRef)
        let d = DomainSeparation.hashToSharedSecret(precursor: precursor, receivingKey: bob.publicKey.point, dhPoint: dhPoint)
        var coefficients = [alice.scalar * d.inverted()!]
        for _ in 1..<threshold { coefficients.append(Scalar.random(using: &replay)) }
        for kfrag in kfrags.map(\.unverified) {
            let id = replay.umbralRandomBytes(32)
            let x = DomainSeparation.hashToPolynomialArgument(
                precursor: precursor, receivingKey: bob.publicKey.point, dhPoint: dhPoint, keyFragID: id)
            let key = Umbral.evaluatePolynomial(coefficients, at: x)
            let commitmentRef = key * OpenSSLPoint.parameterU
            #expect(kfrag.id == id && kfrag.key == key, comment)
            #expect(Self.same(kfrag.precursor, precursorRef) && Self.same(kfrag.commitment, commitmentRef), comment)
            let commitment = try Self.underTest(commitmentRef)
            for (signature, delegating, receiving) in [
                (kfrag.signatureForReceiver, true, true), (kfrag.signatureForProxy, signDelegating, signReceiving),
            ] {
                let message = DomainSeparation.keyFragSignatureMessage(
                    id: id, commitment: commitment, precursor: precursor,
                    delegatingKey: delegating ? alice.publicKey.point : nil, receivingKey: receiving ? bob.publicKey.point : nil)
                let signedRef = OpenSSLPoint.ecdsaSign(
                    prehash: SHA256.hash(message), secretKey: signingKey.scalar, extraEntropy: replay.umbralRandomBytes(32))
                #expect(signature.bytes == signedRef.r.bigEndianBytes + signedRef.s.bigEndianBytes, comment)
                let (rr, ss) = try Signature.components(r: signature.r, s: signature.s)
                #expect(OpenSSLPoint.ecdsaVerify(
                    prehash: SHA256.hash(message), r: rr, s: ss,
                    publicKey: try Self.reference(signer.verifyingKey.point)), comment)
            }
            // The backend under test verifies the kFrag as parsed from the bytes.
            _ = try KeyFrag(messagePackBytes: kfrag.messagePackBytes).verify(
                verifyingKey: signer.verifyingKey, delegatingKey: alice.publicKey, receivingKey: bob.publicKey)
        }

        // cFrags: E₁ = rk·E, V₁ = rk·V and the proof with nonce t, replayed on the reference.
        var cfrags: [VerifiedCapsuleFrag] = []
        for (index, kfrag) in kfrags.enumerated() {
            var cfragRNG = SeededRNG(seed: flowSeed ^ UInt64(0xCF00 + index))
            let cfrag = Umbral.reencrypt(capsule, with: kfrag, using: &cfragRNG).unverified
            replay = SeededRNG(seed: flowSeed ^ UInt64(0xCF00 + index))
            let t = Scalar.random(using: &replay)
            let rk = kfrag.unverified.key
            let uRef = OpenSSLPoint.parameterU
            let commitmentRef = try Self.reference(kfrag.unverified.commitment)
            let (e1, v1) = (try Self.underTest(rk * eRef), try Self.underTest(rk * vRef))
            let (e2, v2, u2) = (try Self.underTest(t * eRef), try Self.underTest(t * vRef), try Self.underTest(t * uRef))
            let challenge = DomainSeparation.hashToCapsuleFragVerification(
                e: capsule.e, e1: e1, e2: e2, v: capsule.v, v1: v1, v2: v2,
                u: Point.parameterU, u1: kfrag.unverified.commitment, u2: u2)
            let proofRef = CapsuleFragProof(
                e2: e2, v2: v2, keyFragCommitment: kfrag.unverified.commitment, keyFragPok: u2,
                signature: rk * challenge + t, keyFragSignature: kfrag.unverified.signatureForReceiver)
            let cfragRef = CapsuleFrag(
                e1: e1, v1: v1, keyFragID: kfrag.unverified.id, precursor: precursor, proof: proofRef)
            #expect(cfrag.messagePackBytes == cfragRef.messagePackBytes, comment)
            // The proof's three equations on the reference backend.
            let z = cfrag.proof.signature
            let minusH = challenge.negated
            #expect(OpenSSLPoint.linearCombination([(z, eRef), (minusH, try Self.reference(e1))]) == (t * eRef), comment)
            #expect(OpenSSLPoint.linearCombination([(z, vRef), (minusH, try Self.reference(v1))]) == (t * vRef), comment)
            #expect(OpenSSLPoint.linearCombination([(z, uRef), (minusH, commitmentRef)]) == (t * uRef), comment)
            // The backend under test verifies the reference's cFrag, and refuses it with a wrong proof.
            let parsed = try CapsuleFrag(messagePackBytes: cfragRef.messagePackBytes)
            cfrags.append(try parsed.verify(
                capsule: capsule, verifyingKey: signer.verifyingKey, delegatingKey: alice.publicKey, receivingKey: bob.publicKey))
            let forged = CapsuleFrag(
                e1: e1, v1: v1, keyFragID: kfrag.unverified.id, precursor: precursor,
                proof: CapsuleFragProof(
                    e2: e2, v2: v2, keyFragCommitment: kfrag.unverified.commitment, keyFragPok: u2,
                    signature: rk * challenge + t + .one, keyFragSignature: kfrag.unverified.signatureForReceiver))
            #expect(throws: UmbralError.invalidReencryptionProof, comment) {
                try forged.verify(
                    capsule: capsule, verifyingKey: signer.verifyingKey, delegatingKey: alice.publicKey, receivingKey: bob.publicKey)
            }
        }

        // Bob's opening on the reference backend yields the key seed Alice's capsule holds.
        let chosen = Array(cfrags.map(\.unverified).prefix(threshold))
        let bobDH = try Self.underTest(bob.scalar * precursorRef)
        let xs = chosen.map {
            DomainSeparation.hashToPolynomialArgument(
                precursor: precursor, receivingKey: bob.publicKey.point, dhPoint: bobDH, keyFragID: $0.keyFragID)
        }
        let lambdas = try Capsule.lagrangeCoefficientsAtZero(xs)
        var ePrime = OpenSSLPoint.generatorMultiple(.zero)
        var vPrime = OpenSSLPoint.generatorMultiple(.zero)
        for (lambda, cfrag) in zip(lambdas, chosen) {
            ePrime = ePrime + lambda * (try Self.reference(cfrag.e1))
            vPrime = vPrime + lambda * (try Self.reference(cfrag.v1))
        }
        let bobD = DomainSeparation.hashToSharedSecret(precursor: precursor, receivingKey: bob.publicKey.point, dhPoint: bobDH)
        #expect((bobD * (ePrime + vPrime)).compressedBytes == seedRef, comment)
        let opened = try capsule.openReencrypted(
            receivingKey: bob, delegatingKey: alice.publicKey, capsuleFrags: chosen)
        #expect(opened.withUnsafeBytes { Array($0) } == seedRef, comment)
    }
}
#endif
