public import KMSPolicy

extension Chain {
    // MARK: Views

    /// The tokens `miner` has locked `periodsAhead` periods from now (`getLockedTokens`).
    ///
    /// - Parameters:
    ///   - miner: The miner.
    ///   - periodsAhead: 0 for the current period.
    /// - Returns: The locked amount; zero for an unknown miner.
    public func lockedTokens(of miner: Address, periodsAhead: UInt64 = 0) -> TokenAmount {
        escrow.info(for: miner)?.lockedTokens(in: currentPeriod + periodsAhead, currentPeriod: currentPeriod) ?? .zero
    }

    /// The tokens `miner` owns in the escrow, locked or not (`minerInfo.value`).
    ///
    /// - Parameter miner: The miner.
    public func escrowValue(of miner: Address) -> TokenAmount {
        escrow.info(for: miner)?.value ?? .zero
    }

    /// All tokens confirmed for the current period (`getAllLockedTokens`).
    public var allLockedTokens: TokenAmount {
        escrow.lockedTokens(confirmedFor: currentPeriod)
    }

    /// The unissued reward reserve: the escrow's token balance less what miners own.
    public var rewardReserve: TokenAmount {
        token.balance(of: escrowAddress).saturatingSubtracting(escrow.totalValue)
    }

    /// ``MinerEscrow/findCumSum(startIndex:delta:periods:currentPeriod:)`` at the current period.
    ///
    /// - Parameters:
    ///   - startIndex: Where in the miners list to start.
    ///   - delta: The distance to step.
    ///   - periods: The horizon, at least 1.
    /// - Returns: The miner reached, its index and the shift; `nil` if none.
    public func findCumSum(
        startIndex: Int, delta: TokenAmount, periods: UInt64
    ) -> (miner: Address, index: Int, shift: TokenAmount)? {
        escrow.findCumSum(startIndex: startIndex, delta: delta, periods: periods, currentPeriod: currentPeriod)
    }

    /// Chooses `count` distinct active miners with probability growing with their stake, the
    /// way Alice chose Ursulas in 2018 (`escrow.sample`): draw ⌊1.7·count⌋ uniform points
    /// over the active stake, map them to miners, keep the distinct ones; up to five tries.
    ///
    /// - Parameters:
    ///   - count: How many miners.
    ///   - periods: How long they must stay locked, at least 1.
    ///   - rng: The randomness.
    /// - Returns: `count` distinct miners in random order.
    /// - Throws: ``KMSContractsError/notEnoughStakers(needed:available:)``.
    public func sampleMiners(count: Int, periods: UInt64 = 1, using rng: inout some RandomNumberGenerator)
        throws(KMSContractsError) -> [Address]
    {
        try sampleMinerGroups(1, count: count, periods: periods, using: &rng)[0]
    }

    /// `groups` independent draws of ``sampleMiners(count:periods:using:)`` from one walk over the
    /// miners: the walk is linear in the number of miners, each draw logarithmic. For choosing the
    /// Ursulas of many policies at once.
    ///
    /// - Parameters:
    ///   - groups: How many draws.
    ///   - count: Miners per draw.
    ///   - periods: How long they must stay locked, at least 1.
    ///   - rng: The randomness.
    /// - Returns: One array of `count` distinct miners per draw.
    /// - Throws: ``KMSContractsError/notEnoughStakers(needed:available:)`` if any draw falls short.
    public func sampleMinerGroups(
        _ groups: Int, count: Int, periods: UInt64 = 1, using rng: inout some RandomNumberGenerator
    ) throws(KMSContractsError) -> [[Address]] {
        guard count > 0 else { return Array(repeating: [], count: groups) }
        // The cumulative stake intervals that `sample` walks for every point, built once; each
        // point is then a binary search.
        let current = currentPeriod
        let horizon = current + max(periods, 1)
        var miners: [Address] = []
        var ends: [TokenAmount] = []
        var total = TokenAmount.zero
        for miner in escrow.miners {
            guard let info = escrow.minerRecords[miner], info.hasConfirmed(current) else { continue }
            let weight = info.lockedTokens(in: horizon, currentPeriod: current)
            guard !weight.isZero else { continue }
            total = try total.adding(weight)
            miners.append(miner)
            ends.append(total)
        }
        var result: [[Address]] = []
        for _ in 0..<groups {
            var best = 0
            var found: [Address]?
            if !total.isZero {
                let draws = max(count, count * 17 / 10)
                for _ in 0..<5 where found == nil {
                    var chosen: [Address] = []
                    var seen = Set<Address>()
                    for _ in 0..<draws {
                        let point = try Self.uniform(below: total, using: &rng)
                        // The first interval whose end passes the point.
                        var low = 0
                        var high = ends.count - 1
                        while low < high {
                            let middle = (low + high) / 2
                            if point < ends[middle] { high = middle } else { low = middle + 1 }
                        }
                        if seen.insert(miners[low]).inserted { chosen.append(miners[low]) }
                    }
                    best = max(best, chosen.count)
                    if chosen.count >= count {
                        chosen.shuffle(using: &rng)
                        found = Array(chosen.prefix(count))
                    }
                }
            }
            guard let found else { throw .notEnoughStakers(needed: count, available: best) }
            result.append(found)
        }
        return result
    }

    /// A uniform amount in `[0, bound)`: 192 random bits reduced modulo `bound` (the bias is at
    /// most bound / 2¹⁹², nothing for token amounts).
    static func uniform(below bound: TokenAmount, using rng: inout some RandomNumberGenerator)
        throws(KMSContractsError) -> TokenAmount
    {
        let limb: TokenAmount = 18_446_744_073_709_551_616
        var value = TokenAmount.zero
        for _ in 0..<3 { value = try value.multiplied(by: limb).adding(TokenAmount(rng.next())) }
        return try value.remainder(dividingBy: bound)
    }

    // MARK: Transactions

    /// Starts issuance (`initialize`): the circulating supply becomes the supply less the
    /// escrow's balance, which is the reward reserve.
    ///
    /// - Parameter sender: Must be the deployer.
    /// - Throws: ``KMSContractsError/wrongSender(caller:expected:operation:)`` or
    ///   ``KMSContractsError/escrowAlreadyInitialized``.
    public mutating func initializeEscrow(from sender: Address) throws(KMSContractsError) {
        try transact { chain throws(KMSContractsError) in
            guard sender == chain.deployer else {
                throw .wrongSender(caller: sender, expected: chain.deployer, operation: "initialize")
            }
            let reserve = chain.token.balance(of: chain.escrowAddress)
            try chain.escrow.issuer.initialize(circulatingSupply: try chain.parameters.totalSupply.subtracting(reserve))
            chain.emit(.initialized(reservedReward: reserve))
        }
    }

    /// `miner` deposits `value` tokens (approved to the escrow beforehand) and locks them for
    /// `periods` periods from the next one (`deposit`).
    ///
    /// - Parameters:
    ///   - miner: The depositor, who becomes a miner.
    ///   - value: Units; at least the minimum stake.
    ///   - periods: The lock, at least the minimum number of periods.
    /// - Throws: ``KMSContractsError/escrowNotInitialized``, ``KMSContractsError/zeroAmount(operation:)``,
    ///   the token's allowance and balance errors, or what ``lock(from:value:periods:)`` throws.
    public mutating func deposit(from miner: Address, value: TokenAmount, periods: UInt64) throws(KMSContractsError) {
        try transact { chain throws(KMSContractsError) in
            try chain.depositInEscrow(miner: miner, payer: miner, value: value, periods: periods)
        }
    }

    /// `sender` deposits and locks for several new miners at once, paying for all (`preDeposit`,
    /// open to anyone in June 2018). The stakes start next period; the miners have not
    /// confirmed it.
    ///
    /// - Parameters:
    ///   - sender: Who pays (after approving the escrow for the sum).
    ///   - owners: New miners.
    ///   - values: Their stakes, each within the stake limits.
    ///   - periods: Their lock durations, each at least the minimum.
    /// - Throws: ``KMSContractsError/invalidBatch(reason:)``,
    ///   ``KMSContractsError/minerAlreadyExists(_:)``, the stake-limit errors, or the token's errors.
    public mutating func preDeposit(
        from sender: Address, owners: [Address], values: [TokenAmount], periods: [UInt64]
    ) throws(KMSContractsError) {
        try transact { chain throws(KMSContractsError) in
            guard chain.escrow.issuer.isInitialized else { throw .escrowNotInitialized }
            guard !owners.isEmpty, owners.count == values.count, owners.count == periods.count else {
                throw .invalidBatch(reason: "\(owners.count) owners, \(values.count) values, \(periods.count) periods")
            }
            let current = chain.currentPeriod
            var sum = TokenAmount.zero
            for (owner, (value, lockPeriods)) in zip(owners, zip(values, periods)) {
                guard chain.escrow.minerRecords[owner] == nil else { throw .minerAlreadyExists(owner) }
                try chain.checkStakeLimits(value: value, total: value, periods: lockPeriods)
                chain.registerMiner(owner)
                var info = MinerInfo(lastActivePeriod: current)
                info.value = value
                info.stakes.append(
                    Stake(firstPeriod: current + 1, lastPeriod: nil, remainingPeriods: lockPeriods, lockedValue: value))
                chain.escrow.minerRecords[owner] = info
                chain.escrow.totalValue = try chain.escrow.totalValue.adding(value)
                sum = try sum.adding(value)
                chain.emit(.deposited(miner: owner, value: value, periods: lockPeriods))
            }
            try chain.pullTokens(by: chain.escrowAddress, from: sender, to: chain.escrowAddress, amount: sum)
        }
    }

    /// `miner` locks `value` more of its escrowed tokens in a new sub-stake of `periods`
    /// periods, starting next period (`lock`). Pending rewards are minted first.
    ///
    /// - Parameters:
    ///   - miner: The miner.
    ///   - value: Units to lock; at least the minimum stake.
    ///   - periods: At least the minimum lock.
    /// - Throws: ``KMSContractsError/notAMiner(_:)``, ``KMSContractsError/belowMinimumStake(value:minimum:)``,
    ///   ``KMSContractsError/lockTooShort(periods:minimum:)``,
    ///   ``KMSContractsError/insufficientUnlockedTokens(miner:requested:unlocked:)`` or
    ///   ``KMSContractsError/aboveMaximumStake(total:maximum:)``.
    public mutating func lock(from miner: Address, value: TokenAmount, periods: UInt64) throws(KMSContractsError) {
        try transact { chain throws(KMSContractsError) in
            try chain.requireMiner(miner)
            try chain.lockStake(miner: miner, value: value, periods: periods)
        }
    }

    /// `miner` splits sub-stake `index` in two: it keeps `old − newValue`, and a new stake of
    /// `newValue` from the same first period runs `extraPeriods` longer (`divideStake`).
    ///
    /// - Parameters:
    ///   - miner: The miner.
    ///   - index: The stake's index in ``MinerInfo/stakes``.
    ///   - newValue: The part that gets the longer lock; both parts must reach the minimum.
    ///   - extraPeriods: How much longer, at least 1.
    /// - Throws: ``KMSContractsError/notAMiner(_:)``, ``KMSContractsError/unknownStake(miner:index:)``,
    ///   ``KMSContractsError/zeroPeriods(operation:)``,
    ///   ``KMSContractsError/stakeEnded(miner:index:lastPeriod:currentPeriod:)`` or
    ///   ``KMSContractsError/belowMinimumStake(value:minimum:)``.
    public mutating func divideStake(from miner: Address, index: Int, newValue: TokenAmount, extraPeriods: UInt64)
        throws(KMSContractsError)
    {
        try transact { chain throws(KMSContractsError) in
            try chain.requireMiner(miner)
            guard var info = chain.escrow.minerRecords[miner] else { throw .notAMiner(miner) }
            guard info.stakes.indices.contains(index) else { throw .unknownStake(miner: miner, index: index) }
            guard extraPeriods > 0 else { throw .zeroPeriods(operation: "divideStake") }
            let stake = info.stakes[index]
            let current = chain.currentPeriod
            // A fixed stake must still cover the next period, so the new part is counted in it.
            if let last = stake.lastPeriod, last < current + 1 {
                throw .stakeEnded(miner: miner, index: index, lastPeriod: last, currentPeriod: current)
            }
            let minimum = chain.parameters.minAllowableLockedTokens
            guard newValue >= minimum else { throw .belowMinimumStake(value: newValue, minimum: minimum) }
            guard newValue < stake.lockedValue else { throw .belowMinimumStake(value: .zero, minimum: minimum) }
            let kept = try stake.lockedValue.subtracting(newValue)
            guard kept >= minimum else { throw .belowMinimumStake(value: kept, minimum: minimum) }
            info.stakes[index].lockedValue = kept
            // Unfixed, the new part ends `remaining + extra` after the latest confirmed period;
            // split from a fixed stake (which ends at the confirmed next period) that is `extra` on.
            let remaining = stake.lastPeriod == nil ? stake.remainingPeriods + extraPeriods : extraPeriods
            info.stakes.append(
                Stake(firstPeriod: stake.firstPeriod, lastPeriod: nil, remainingPeriods: remaining, lockedValue: newValue))
            chain.escrow.minerRecords[miner] = info
            chain.emit(
                .divided(
                    miner: miner, stakeIndex: index, oldValue: stake.lockedValue, newValue: newValue,
                    extraPeriods: extraPeriods))
        }
    }

    /// `miner` confirms it will be active next period, after minting its pending rewards
    /// (`confirmActivity`). Confirming an already confirmed period changes nothing.
    ///
    /// - Parameter miner: The miner.
    /// - Throws: ``KMSContractsError/notAMiner(_:)`` or ``KMSContractsError/nothingLocked(miner:period:)``
    ///   when nothing is locked next period.
    public mutating func confirmActivity(from miner: Address) throws(KMSContractsError) {
        try transact { chain throws(KMSContractsError) in
            try chain.requireMiner(miner)
            try chain.mintRewards(miner: miner)
            let next = chain.currentPeriod + 1
            guard let info = chain.escrow.minerRecords[miner], !info.hasConfirmed(next) else { return }
            let locked = info.lockedTokens(in: next, currentPeriod: chain.currentPeriod)
            try chain.confirm(miner: miner, lockedValue: locked, additional: .zero)
        }
    }

    /// `miner` mints its rewards for every confirmed period before the current one (`mint`);
    /// the policy manager credits its fees for those periods.
    ///
    /// - Parameter miner: The miner.
    /// - Throws: ``KMSContractsError/notAMiner(_:)``.
    public mutating func mint(from miner: Address) throws(KMSContractsError) {
        try transact { chain throws(KMSContractsError) in
            try chain.requireMiner(miner)
            try chain.mintRewards(miner: miner)
        }
    }

    /// `miner` takes `value` of its unlocked escrowed tokens back (`withdraw`): at most its
    /// value less the larger of what is locked now and next period.
    ///
    /// - Parameters:
    ///   - miner: The miner.
    ///   - value: Units, non-zero.
    /// - Throws: ``KMSContractsError/notAMiner(_:)``, ``KMSContractsError/zeroAmount(operation:)`` or
    ///   ``KMSContractsError/insufficientUnlockedTokens(miner:requested:unlocked:)``.
    public mutating func withdraw(from miner: Address, value: TokenAmount) throws(KMSContractsError) {
        try transact { chain throws(KMSContractsError) in
            try chain.withdrawFromEscrow(miner: miner, value: value)
        }
    }

    /// `miner` publishes a node key (the Feb 2018 `publishDHTKey` / `setMinerId` registry). The
    /// adjudicator accepts a cFrag response as the miner's when one of these keys signed it.
    ///
    /// - Parameters:
    ///   - miner: The miner.
    ///   - key: The key's bytes: for the adjudicator, a compressed Umbral verifying key.
    /// - Returns: The key's index.
    /// - Throws: ``KMSContractsError/notAMiner(_:)`` or ``KMSContractsError/emptyNodeKey``.
    @discardableResult
    public mutating func publishNodeKey(from miner: Address, key: [UInt8]) throws(KMSContractsError) -> Int {
        try transact { chain throws(KMSContractsError) in
            try chain.requireMiner(miner)
            guard !key.isEmpty else { throw .emptyNodeKey }
            chain.escrow.minerRecords[miner]?.nodeKeys.append(key)
            let index = (chain.escrow.minerRecords[miner]?.nodeKeys.count ?? 1) - 1
            chain.emit(.nodeKeyPublished(miner: miner, index: index))
            return index
        }
    }

    // MARK: Internal steps (run inside a transaction)

    mutating func requireMiner(_ miner: Address) throws(KMSContractsError) {
        // The contract's `onlyTokenOwner`: a miner with something in the escrow.
        guard let info = escrow.minerRecords[miner], !info.value.isZero else { throw .notAMiner(miner) }
    }

    mutating func registerMiner(_ miner: Address) {
        escrow.miners.append(miner)
        escrow.minerRecords[miner] = MinerInfo(lastActivePeriod: currentPeriod)
        if policyManager.nodeRecords[miner] == nil {
            policyManager.nodeRecords[miner] = NodeFees(registeredAt: currentPeriod)
        }
    }

    func checkStakeLimits(value: TokenAmount, total: TokenAmount, periods: UInt64) throws(KMSContractsError) {
        let minimum = parameters.minAllowableLockedTokens
        guard value >= minimum else { throw .belowMinimumStake(value: value, minimum: minimum) }
        guard periods >= parameters.minLockedPeriods else {
            throw .lockTooShort(periods: periods, minimum: parameters.minLockedPeriods)
        }
        guard total <= parameters.maxAllowableLockedTokens else {
            throw .aboveMaximumStake(total: total, maximum: parameters.maxAllowableLockedTokens)
        }
    }

    mutating func depositInEscrow(miner: Address, payer: Address, value: TokenAmount, periods: UInt64)
        throws(KMSContractsError)
    {
        guard escrow.issuer.isInitialized else { throw .escrowNotInitialized }
        guard !value.isZero else { throw .zeroAmount(operation: "deposit") }
        if escrow.minerRecords[miner] == nil { registerMiner(miner) }
        let newValue = try escrowValue(of: miner).adding(value)
        escrow.minerRecords[miner]?.value = newValue
        escrow.totalValue = try escrow.totalValue.adding(value)
        try pullTokens(by: escrowAddress, from: payer, to: escrowAddress, amount: value)
        try lockStake(miner: miner, value: value, periods: periods)
        emit(.deposited(miner: miner, value: value, periods: periods))
    }

    mutating func lockStake(miner: Address, value: TokenAmount, periods: UInt64) throws(KMSContractsError) {
        try mintRewards(miner: miner)
        guard var info = escrow.minerRecords[miner] else { throw .notAMiner(miner) }
        let current = currentPeriod
        let nextLocked = info.lockedTokens(in: current + 1, currentPeriod: current)
        let unlocked = info.value.saturatingSubtracting(nextLocked)
        try checkStakeLimits(value: value, total: nextLocked.saturatingAdding(value), periods: periods)
        guard value <= unlocked else {
            throw .insufficientUnlockedTokens(miner: miner, requested: value, unlocked: unlocked)
        }
        // If the next period is already confirmed, that confirmation counts as the first period.
        let nextConfirmed = info.hasConfirmed(current + 1)
        info.stakes.append(
            Stake(
                firstPeriod: current + 1, lastPeriod: nil, remainingPeriods: nextConfirmed ? periods - 1 : periods,
                lockedValue: value))
        escrow.minerRecords[miner] = info
        try confirm(miner: miner, lockedValue: try nextLocked.adding(value), additional: value)
        emit(.locked(miner: miner, value: value, firstPeriod: current + 1, periods: periods))
    }

    /// Confirms the next period with `lockedValue`, or adds `additional` if it is confirmed.
    mutating func confirm(miner: Address, lockedValue: TokenAmount, additional: TokenAmount) throws(KMSContractsError) {
        let current = currentPeriod
        let next = current + 1
        guard !lockedValue.isZero else { throw .nothingLocked(miner: miner, period: next) }
        guard var info = escrow.minerRecords[miner] else { throw .notAMiner(miner) }
        if info.hasConfirmed(next) {
            lockedPerPeriod(next, add: additional)
            emit(.activityConfirmed(miner: miner, period: next, value: additional))
            return
        }
        lockedPerPeriod(next, add: lockedValue)
        info.confirmedPeriods.append(next)
        info.confirmedPeriods.sort()
        for index in info.stakes.indices where info.stakes[index].lastPeriod == nil && info.stakes[index].firstPeriod <= next {
            info.stakes[index].remainingPeriods -= 1
            if info.stakes[index].remainingPeriods == 0 { info.stakes[index].lastPeriod = next }
        }
        if info.lastActivePeriod < current {
            info.downtime.append(Downtime(startPeriod: info.lastActivePeriod + 1, endPeriod: current))
        }
        info.lastActivePeriod = next
        escrow.minerRecords[miner] = info
        emit(.activityConfirmed(miner: miner, period: next, value: lockedValue))
    }

    private mutating func lockedPerPeriod(_ period: UInt64, add amount: TokenAmount) {
        escrow.lockedPerPeriod[period] = escrow.lockedTokens(confirmedFor: period).saturatingAdding(amount)
    }

    /// Mints the rewards for every confirmed period before the current one.
    mutating func mintRewards(miner: Address) throws(KMSContractsError) {
        let current = currentPeriod
        guard current > 0, var info = escrow.minerRecords[miner] else { return }
        let previous = current - 1
        let due = info.confirmedPeriods.filter { $0 <= previous }
        guard !due.isEmpty else { return }
        let nextConfirmed = info.hasConfirmed(current + 1)
        var reward = TokenAmount.zero
        for period in due {
            for stake in info.stakes where stake.firstPeriod <= period {
                let last = stake.lastPeriod(currentPeriod: current, nextConfirmed: nextConfirmed)
                guard last >= period else { continue }
                reward = try reward.adding(
                    try escrow.issuer.mint(
                        period: previous, lockedValue: stake.lockedValue,
                        totalLocked: escrow.lockedTokens(confirmedFor: period), lockedPeriods: last - period))
            }
            try creditFees(node: miner, period: period)
        }
        // The reserve is finite: a miner can never be credited tokens the escrow does not hold.
        reward = min(reward, rewardReserve)
        info.confirmedPeriods.removeAll { $0 <= previous }
        info.value = try info.value.adding(reward)
        escrow.minerRecords[miner] = info
        escrow.totalValue = try escrow.totalValue.adding(reward)
        emit(.mined(miner: miner, period: previous, value: reward))
    }

    mutating func withdrawFromEscrow(miner: Address, value: TokenAmount) throws(KMSContractsError) {
        try requireMiner(miner)
        guard !value.isZero else { throw .zeroAmount(operation: "withdraw") }
        guard var info = escrow.minerRecords[miner] else { throw .notAMiner(miner) }
        let locked = max(lockedTokens(of: miner), lockedTokens(of: miner, periodsAhead: 1))
        let unlocked = info.value.saturatingSubtracting(locked)
        guard value <= unlocked else {
            throw .insufficientUnlockedTokens(miner: miner, requested: value, unlocked: unlocked)
        }
        info.value = try info.value.subtracting(value)
        escrow.minerRecords[miner] = info
        escrow.totalValue = try escrow.totalValue.subtracting(value)
        try moveTokens(from: escrowAddress, to: miner, amount: value)
        emit(.withdrawn(miner: miner, value: value))
    }
}
