import KMSPolicy
import Testing
import UmbralCore

/// The cast of the user stories: Alice, Bob and a few staked Ursulas on an in-memory network,
/// with a clock the story moves and every Ursula's signer kept, so a story can make one of them lie.
struct StoryWorld {
    static let start = UnixTime(secondsSinceEpoch: 1_700_000_000)
    static let label = Array("vitals/2024".utf8)

    let ledger: InMemoryPolicyLedger
    let clock: ManualPolicyClock
    let network: InMemoryNetwork
    let ursulas: [Ursula]
    let ursulaSigners: [Address: Signer]
    let alice: Alice
    let bob: Bob

    init(ursulaCount: Int = 3, seed: UInt64) async {
        var rng = PREObjectTestRNG(seed: seed)
        let clock = ManualPolicyClock(start: Self.start)
        let ledger = InMemoryPolicyLedger(clock: clock)
        var ursulas: [Ursula] = []
        var signers: [Address: Signer] = [:]
        for index in 0..<ursulaCount {
            let signer = Signer(SecretKey.random(using: &rng))
            let address = try! Address(bytes: Array(repeating: UInt8(0x10 + index), count: 20))
            let ursula = Ursula(
                stakingProviderAddress: address, signer: signer, encryptingKey: SecretKey.random(using: &rng),
                ledger: ledger, clock: clock, randomness: PREObjectTestRNG(seed: seed &+ UInt64(index)))
            await ledger.stake(address)
            ursulas.append(ursula)
            signers[address] = signer
        }
        let network = InMemoryNetwork(ursulas: ursulas)
        self.ledger = ledger
        self.clock = clock
        self.network = network
        self.ursulas = ursulas
        self.ursulaSigners = signers
        self.alice = Alice(transport: network, ledger: ledger, using: &rng)
        self.bob = Bob(transport: network, using: &rng)
    }

    var addresses: [Address] { ursulas.map(\.stakingProviderAddress) }

    /// Alice grants Bob `threshold`-of-`shares` over ``label`` for 30 days, on every Ursula if
    /// `shares` equals their number.
    func grant(threshold: Int = 2, shares: Int = 3, days: Int64 = 30) async throws -> Policy {
        try await alice.grant(
            to: bob.card, label: Self.label, threshold: threshold, shares: shares,
            expiration: Self.start.adding(days: days),
            ursulas: shares == ursulas.count ? addresses : nil)
    }

    /// A message kit from Enrico for `policy`.
    func enrico(_ text: String, for policy: Policy, conditions: String? = nil) throws -> MessageKit {
        try Enrico(policyEncryptingKey: policy.policyEncryptingKey).encrypt(Array(text.utf8), conditions: conditions)
    }
}

/// Runs `body` and returns the KMSPolicyError it throws, recording an issue if it returns or
/// throws anything else.
func policyError<T>(
    _ body: () async throws -> T, sourceLocation: SourceLocation = #_sourceLocation
) async -> KMSPolicyError? {
    do {
        _ = try await body()
        Issue.record("expected a KMSPolicyError, but the call succeeded", sourceLocation: sourceLocation)
        return nil
    } catch let error as KMSPolicyError {
        return error
    } catch {
        Issue.record("expected a KMSPolicyError, got \(error)", sourceLocation: sourceLocation)
        return nil
    }
}
