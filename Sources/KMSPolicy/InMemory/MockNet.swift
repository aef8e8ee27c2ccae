import UmbralCore

/// A whole NuCypher network in one process, for tests and prototypes: staked Ursulas, a ledger,
/// a clock you control, and a network that carries real protocol bytes.
///
/// The cryptography and every check are the real ones; only the sockets and the contracts are
/// simulated. A prototype needs a few lines:
///
/// ```swift
/// let net = await MockNet(ursulaCount: 3)
/// let alice = net.makeAlice()
/// let bob = net.makeBob()
/// let label = Array("vitals".utf8)
/// let policy = try await alice.grant(
///     to: bob.card, label: label, threshold: 2, shares: 3,
///     expiration: await net.clock.now().adding(days: 1))
/// let kit = try Enrico(policyEncryptingKey: policy.policyEncryptingKey).encrypt(Array("61 bpm".utf8))
/// let cleartext = try await bob.retrieveAndDecrypt(kit, label: label, publisherVerifyingKey: alice.verifyingKey)
/// try await alice.revoke(policy)
/// ```
///
/// Each Ursula's staking-provider address is the Ethereum address of her verifying key, and she is
/// staked on the ledger from the start.
public struct MockNet: Sendable {
    /// The network the characters reach each other through.
    public let network: InMemoryNetwork

    /// The ledger of stakes and policies.
    public let ledger: InMemoryPolicyLedger

    /// The clock every Ursula checks expirations against.
    public let clock: ManualPolicyClock

    /// The Ursulas, in ascending address order.
    public let ursulas: [Ursula]

    /// A network of `ursulaCount` staked Ursulas with fresh keys from the system's secure random
    /// generator, whose clock starts at `start`.
    ///
    /// - Parameters:
    ///   - ursulaCount: How many Ursulas to start.
    ///   - start: The clock's first reading; the system's current time if `nil`.
    public init(ursulaCount: Int, start: UnixTime? = nil) async {
        var rng = SystemRandom()
        await self.init(ursulaCount: ursulaCount, start: start, using: &rng)
    }

    /// A network of `ursulaCount` staked Ursulas whose keys are drawn from `rng`.
    ///
    /// - Parameters:
    ///   - ursulaCount: How many Ursulas to start.
    ///   - start: The clock's first reading; the system's current time if `nil`.
    ///   - rng: The source of the Ursulas' keys; it must be cryptographically secure outside tests.
    public init(ursulaCount: Int, start: UnixTime? = nil, using rng: inout some RandomNumberGenerator) async {
        let startTime: UnixTime
        if let start {
            startTime = start
        } else {
            startTime = await SystemPolicyClock().now()
        }
        let clock = ManualPolicyClock(start: startTime)
        let ledger = InMemoryPolicyLedger(clock: clock)
        var ursulas: [Ursula] = []
        for _ in 0..<max(ursulaCount, 0) {
            let signer = Signer(SecretKey.random(using: &rng))
            let ursula = Ursula(
                stakingProviderAddress: Address(publicKey: signer.verifyingKey), signer: signer,
                encryptingKey: SecretKey.random(using: &rng), ledger: ledger, clock: clock)
            await ledger.stake(ursula.stakingProviderAddress)
            ursulas.append(ursula)
        }
        ursulas.sort { $0.stakingProviderAddress < $1.stakingProviderAddress }
        self.ledger = ledger
        self.clock = clock
        self.ursulas = ursulas
        self.network = InMemoryNetwork(ursulas: ursulas)
    }

    /// A new Alice on this network, with fresh keys.
    ///
    /// - Returns: Alice, using ``network`` and ``ledger``.
    public func makeAlice() -> Alice {
        Alice(transport: network, ledger: ledger)
    }

    /// A new Alice on this network, with keys drawn from `rng`.
    ///
    /// - Parameter rng: The source of her keys.
    /// - Returns: Alice, using ``network`` and ``ledger``.
    public func makeAlice(using rng: inout some RandomNumberGenerator) -> Alice {
        Alice(transport: network, ledger: ledger, using: &rng)
    }

    /// A new Bob on this network, with fresh keys.
    ///
    /// - Returns: Bob, using ``network``.
    public func makeBob() -> Bob {
        Bob(transport: network)
    }

    /// A new Bob on this network, with keys drawn from `rng`.
    ///
    /// - Parameter rng: The source of his keys.
    /// - Returns: Bob, using ``network``.
    public func makeBob(using rng: inout some RandomNumberGenerator) -> Bob {
        Bob(transport: network, using: &rng)
    }

    /// The Ursula at `address`, if she is one of this network's.
    ///
    /// - Parameter address: Her staking-provider address.
    /// - Returns: The Ursula, or `nil`.
    public func ursula(at address: Address) -> Ursula? {
        ursulas.first { $0.stakingProviderAddress == address }
    }
}
