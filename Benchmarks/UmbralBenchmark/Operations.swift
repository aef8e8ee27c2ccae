import UmbralCore

/// The operation names of `Benchmarks/reference_umbral_bench.py`, in the order it runs them;
/// `<size>` operations appear once per plaintext, in the order the plaintexts were given.
enum OperationNames {
    static func all(sizes: [Int]) -> [String] {
        sizes.flatMap { ["encrypt_\($0)", "decrypt_original_\($0)"] } + [
            "generate_kfrags_2of3", "generate_kfrags_5of10", "verify_kfrag", "reencrypt", "verify_cfrag",
            "decrypt_reencrypted_2", "decrypt_reencrypted_5",
        ]
    }
}

/// Times UmbralCore with the semantics of the reference script's `bench()`, step for step:
/// fresh random keys; kFrags with both signing flags set; kFrag and cFrag verification on objects
/// parsed from their MessagePack bytes, with all three public keys; the kFrag/cFrag operations on
/// the 2-of-3 set; both `decrypt_reencrypted` operations on the first plaintext's ciphertext.
enum SwiftUmbralBenchmark {
    static func run(
        plaintexts: [[UInt8]], iterations: Int, warmup: Int, progress: (String) -> Void
    ) throws -> [String: TimingSummary] {
        let alice = SecretKey.random()
        let bob = SecretKey.random()
        let signer = Signer(SecretKey.random())
        let alicePublic = alice.publicKey
        let bobPublic = bob.publicKey
        let verifyingKey = signer.verifyingKey
        var results = [String: TimingSummary]()

        func time(_ name: String, _ body: () throws -> Void) rethrows {
            progress(name)
            results[name] = try Stopwatch.measure(iterations: iterations, warmup: warmup, body)
        }

        var encrypted = [(capsule: Capsule, ciphertext: [UInt8], plaintext: [UInt8])]()
        for plaintext in plaintexts {
            let size = plaintext.count
            try time("encrypt_\(size)") { blackHole(try Umbral.encrypt(plaintext, for: alicePublic)) }
            let (capsule, ciphertext) = try Umbral.encrypt(plaintext, for: alicePublic)
            guard try Umbral.decryptOriginal(ciphertext, capsule: capsule, secretKey: alice) == plaintext else {
                throw BenchmarkError.roundTripFailed("decryptOriginal of a \(size)-byte plaintext")
            }
            try time("decrypt_original_\(size)") {
                blackHole(try Umbral.decryptOriginal(ciphertext, capsule: capsule, secretKey: alice))
            }
            encrypted.append((capsule, ciphertext, plaintext))
        }

        func keyFrags(threshold: Int, shares: Int) throws -> [VerifiedKeyFrag] {
            try Umbral.generateKeyFrags(
                delegating: alice, receiving: bobPublic, signer: signer, threshold: threshold, shares: shares,
                signDelegatingKey: true, signReceivingKey: true)
        }
        try time("generate_kfrags_2of3") { blackHole(try keyFrags(threshold: 2, shares: 3)) }
        try time("generate_kfrags_5of10") { blackHole(try keyFrags(threshold: 5, shares: 10)) }

        guard let (capsule, ciphertext, plaintext) = encrypted.first else {
            throw BenchmarkError.roundTripFailed("no plaintext to re-encrypt")
        }
        let set3 = try keyFrags(threshold: 2, shares: 3)
        let set10 = try keyFrags(threshold: 5, shares: 10)

        let keyFrag = try KeyFrag(messagePackBytes: set3[0].messagePackBytes)
        try time("verify_kfrag") {
            blackHole(try keyFrag.verify(verifyingKey: verifyingKey, delegatingKey: alicePublic, receivingKey: bobPublic))
        }
        let verifiedKeyFrag = try keyFrag.verify(
            verifyingKey: verifyingKey, delegatingKey: alicePublic, receivingKey: bobPublic)
        time("reencrypt") { blackHole(Umbral.reencrypt(capsule, with: verifiedKeyFrag)) }

        let capsuleFrag = try CapsuleFrag(messagePackBytes: Umbral.reencrypt(capsule, with: verifiedKeyFrag).messagePackBytes)
        try time("verify_cfrag") {
            blackHole(try capsuleFrag.verify(
                capsule: capsule, verifyingKey: verifyingKey, delegatingKey: alicePublic, receivingKey: bobPublic))
        }

        for (count, set) in [(2, set3), (5, set10)] {
            let capsuleFrags = set.prefix(count).map { Umbral.reencrypt(capsule, with: $0) }
            func decrypt() throws -> [UInt8] {
                try Umbral.decryptReencrypted(
                    ciphertext, capsule: capsule, capsuleFrags: capsuleFrags, receivingKey: bob,
                    delegatingKey: alicePublic)
            }
            guard try decrypt() == plaintext else {
                throw BenchmarkError.roundTripFailed("decryptReencrypted with \(count) cFrags")
            }
            try time("decrypt_reencrypted_\(count)") { blackHole(try decrypt()) }
        }
        return results
    }
}
