public import KMSPolicy

/// The miners' escrow of June 2018 (`MinersEscrow`): miners deposit and lock tokens in
/// sub-stakes, confirm activity period by period, and mint rewards from the ``Issuer`` for the
/// periods they confirmed.
///
/// This value holds the escrow's storage and its read-only views; the chain's transactions
/// (``Chain/deposit(from:value:periods:)``, ``Chain/confirmActivity(from:)`` and the rest) change it.
public struct MinerEscrow: Hashable, Sendable, Codable {
    /// The reward formula and the supply it has issued.
    public internal(set) var issuer: Issuer
    /// The miners in the order they first deposited; sampling walks this order.
    public internal(set) var miners: [Address]
    /// Per-miner records, sharded so a transaction copies only the part it changes.
    var minerRecords: ShardedMap<Address, MinerInfo>
    /// For each period, the sum of the amounts miners confirmed for it.
    public internal(set) var lockedPerPeriod: [UInt64: TokenAmount]
    /// The sum of every miner's ``MinerInfo/value``; the rest of the escrow's token balance is
    /// the unissued reward reserve.
    public internal(set) var totalValue: TokenAmount

    init(issuer: Issuer) {
        self.issuer = issuer
        miners = []
        minerRecords = ShardedMap()
        lockedPerPeriod = [:]
        totalValue = .zero
    }

    /// Every miner's record, as one dictionary (a copy: O(number of miners)).
    public var minerInfo: [Address: MinerInfo] { minerRecords.dictionary }

    /// The info for `miner`, or `nil` if it never deposited.
    ///
    /// - Parameter miner: The miner's address.
    public func info(for miner: Address) -> MinerInfo? {
        minerRecords[miner]
    }

    /// The sum confirmed for `period` by all miners (`lockedPerPeriod`).
    ///
    /// - Parameter period: Any period.
    public func lockedTokens(confirmedFor period: UInt64) -> TokenAmount {
        lockedPerPeriod[period] ?? .zero
    }

    /// A miner is active in `currentPeriod` when it confirmed that period.
    func isActive(_ miner: Address, currentPeriod: UInt64) -> Bool {
        minerRecords[miner]?.hasConfirmed(currentPeriod) ?? false
    }

    /// Stake-weighted lookup (`findCumSum`): walk the miners active now from `startIndex`,
    /// weighting each by its tokens locked `periods` ahead, and stop at the first whose
    /// cumulative weight passes `delta`.
    ///
    /// - Parameters:
    ///   - startIndex: The index in ``miners`` to start from.
    ///   - delta: The distance to step, in tokens.
    ///   - periods: How far ahead the locked amount is taken, at least 1.
    ///   - currentPeriod: The chain's period.
    /// - Returns: The miner, its index, and how far into its weight `delta` landed; `nil` if the
    ///   active stake runs out first.
    public func findCumSum(
        startIndex: Int, delta: TokenAmount, periods: UInt64, currentPeriod: UInt64
    ) -> (miner: Address, index: Int, shift: TokenAmount)? {
        var distance = TokenAmount.zero
        for index in max(startIndex, 0)..<miners.count {
            let miner = miners[index]
            guard let info = minerRecords[miner], info.hasConfirmed(currentPeriod) else { continue }
            let weight = info.lockedTokens(in: currentPeriod + periods, currentPeriod: currentPeriod)
            let end = distance.saturatingAdding(weight)
            if delta < end { return (miner, index, delta.saturatingSubtracting(distance)) }
            distance = end
        }
        return nil
    }

    /// Stake-weighted sampling (June 2018 `sample`): for each point, in ascending order, the
    /// active miner whose cumulative stake interval contains it.
    ///
    /// - Parameters:
    ///   - points: Positions in `[0, total active stake)`, ascending.
    ///   - periods: How far ahead the locked amount is taken, at least 1.
    ///   - currentPeriod: The chain's period.
    /// - Returns: One miner per point, `nil` where a point lies beyond the total stake.
    public func sample(points: [TokenAmount], periods: UInt64, currentPeriod: UInt64) -> [Address?] {
        var result = [Address?](repeating: nil, count: points.count)
        var pointIndex = 0
        var cumulative = TokenAmount.zero
        for miner in miners where pointIndex < points.count {
            guard let info = minerRecords[miner], info.hasConfirmed(currentPeriod) else { continue }
            cumulative = cumulative.saturatingAdding(
                info.lockedTokens(in: currentPeriod + periods, currentPeriod: currentPeriod))
            while pointIndex < points.count, points[pointIndex] < cumulative {
                result[pointIndex] = miner
                pointIndex += 1
            }
        }
        return result
    }

    /// The total stake that ``sample(points:periods:currentPeriod:)`` draws from: tokens locked
    /// `periods` ahead by the miners who confirmed the current period.
    ///
    /// - Parameters:
    ///   - periods: How far ahead, at least 1.
    ///   - currentPeriod: The chain's period.
    public func activeStake(periods: UInt64, currentPeriod: UInt64) -> TokenAmount {
        var total = TokenAmount.zero
        for (_, info) in minerRecords where info.hasConfirmed(currentPeriod) {
            total = total.saturatingAdding(info.lockedTokens(in: currentPeriod + periods, currentPeriod: currentPeriod))
        }
        return total
    }
}
