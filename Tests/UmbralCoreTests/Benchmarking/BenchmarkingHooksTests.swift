import Testing
@_spi(Benchmarking) import UmbralCore

/// The hooks umbral-benchmark times must compute what they claim: the multiplication hooks agree
/// with each other, and every naive verification decides exactly as the real one does.
@Suite("Benchmarking SPI: multiplication hooks and naive verification")
struct BenchmarkingHooksTests {
    @Test("The backend name is the one Umbral reports")
    func backendName() {
        #expect(BenchmarkingBackend.name == Umbral.curveBackend)
    }

    @Test("a·P + b·G and a·P + b·Q in one call equal the sums of separate multiplications; the ECDSA hook verifies")
    func multiplicationHooksAgree() {
        for _ in 0..<5 {
            let operands = MultiplicationOperands()
            #expect(operands.hooksAgree)
            #expect(operands.fixedBase() != operands.variableBase())
        }
    }

    @Test("Naive cFrag and kFrag verification accept what the real checks accept and refuse what they refuse")
    func naiveVerificationDecidesAlike() throws {
        let alice = SecretKey.random()
        let bob = SecretKey.random()
        let signer = Signer(SecretKey.random())
        let stranger = Signer(SecretKey.random())
        let (capsule, _) = try Umbral.encrypt(Array("naive".utf8), for: alice.publicKey)
        let (otherCapsule, _) = try Umbral.encrypt(Array("other".utf8), for: alice.publicKey)
        let keyFrags = try Umbral.generateKeyFrags(
            delegating: alice, receiving: bob.publicKey, signer: signer, threshold: 2, shares: 3)
        let keyFrag = try KeyFrag(messagePackBytes: keyFrags[0].messagePackBytes)
        let capsuleFrag = try CapsuleFrag(messagePackBytes: Umbral.reencrypt(capsule, with: keyFrags[0]).messagePackBytes)

        // cFrag: honest; another capsule; the wrong verifying key; the wrong receiving key.
        let cases: [(Capsule, PublicKey, PublicKey)] = [
            (capsule, signer.verifyingKey, bob.publicKey),
            (otherCapsule, signer.verifyingKey, bob.publicKey),
            (capsule, stranger.verifyingKey, bob.publicKey),
            (capsule, signer.verifyingKey, alice.publicKey),
        ]
        for (index, (target, verifying, receiving)) in cases.enumerated() {
            let real = (try? capsuleFrag.verify(
                capsule: target, verifyingKey: verifying, delegatingKey: alice.publicKey, receivingKey: receiving)) != nil
            let naive = capsuleFrag.verifyNaively(
                capsule: target, verifyingKey: verifying, delegatingKey: alice.publicKey, receivingKey: receiving)
            #expect(real == naive, "cFrag case \(index)")
            #expect(real == (index == 0), "cFrag case \(index)")
        }

        // kFrag: honest; the wrong verifying key; the wrong delegating key; a missing receiving key.
        let keyCases: [(PublicKey, PublicKey?, PublicKey?)] = [
            (signer.verifyingKey, alice.publicKey, bob.publicKey),
            (stranger.verifyingKey, alice.publicKey, bob.publicKey),
            (signer.verifyingKey, bob.publicKey, bob.publicKey),
            (signer.verifyingKey, alice.publicKey, nil),
        ]
        for (index, (verifying, delegating, receiving)) in keyCases.enumerated() {
            let real = (try? keyFrag.verify(verifyingKey: verifying, delegatingKey: delegating, receivingKey: receiving)) != nil
            let naive = keyFrag.verifyNaively(verifyingKey: verifying, delegatingKey: delegating, receivingKey: receiving)
            #expect(real == naive, "kFrag case \(index)")
            #expect(real == (index == 0), "kFrag case \(index)")
        }

        // The capsule's self-check, both ways, on a parsed capsule.
        let parsed = try Capsule(messagePackBytes: capsule.messagePackBytes)
        #expect(parsed.verifiesItself)
        #expect(parsed.verifiesItselfNaively)
    }

    @Test("The DEM hook round-trips its plaintext")
    func demHook() throws {
        let dem = try BenchmarkingDEM(plaintext: Array(repeating: 7, count: 1000))
        #expect(try dem.encrypt() == 1040)
        #expect(try dem.decrypt() == 1000)
    }
}
