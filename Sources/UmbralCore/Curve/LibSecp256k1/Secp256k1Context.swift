#if LibSecp256k1
internal import CSecp256k1
internal import CUmbralOpenSSL

/// The one libsecp256k1 context of the process, created and randomized once, then only read.
///
/// libsecp256k1 allows concurrent use of a context by every function that takes it `const`, which
/// is all of those called here; only `secp256k1_context_randomize` mutates it, and it runs before
/// the context is published. Randomization blinds the generator multiplication (signing, k·G)
/// against side channels.
final class Secp256k1Context: @unchecked Sendable {
    static let shared = Secp256k1Context()

    let pointer: OpaquePointer

    private init() {
        guard let context = secp256k1_context_create(CSecp256k1_CONTEXT_NONE) else {
            fatalError("libsecp256k1 could not create a context")
        }
        var rng = SystemRandom()
        var seed = rng.umbralRandomBytes(32)
        let randomized = seed.withUnsafeBufferPointer { secp256k1_context_randomize(context, $0.baseAddress) }
        precondition(randomized == 1, "secp256k1_context_randomize failed")
        seed.withUnsafeMutableBytes { OPENSSL_cleanse($0.baseAddress, $0.count) }
        self.pointer = context
    }
}
#endif
