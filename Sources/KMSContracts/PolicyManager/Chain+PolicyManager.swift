public import KMSPolicy

extension Chain {
    // MARK: Transactions

    /// `client` pays for a policy over `nodes` for `periods` periods (`createPolicy`, paid in
    /// tokens approved to the policy manager beforehand instead of ETH).
    ///
    /// `payment` plays the part of `msg.value`: each node's rate is
    /// `(payment / nodes − firstPartialReward) / periods`, and the payment must be exactly
    /// `(firstPartialReward + rate × periods) × nodes` with `rate > firstPartialReward`. Each
    /// node must be a registered miner with tokens locked, accepting the rate.
    ///
    /// - Parameters:
    ///   - client: Who pays.
    ///   - id: An id never used before.
    ///   - periods: Paid periods after the creation period, at least 1.
    ///   - firstPartialReward: Each node's fee for the rest of the creation period.
    ///   - nodes: Distinct miners.
    ///   - payment: The tokens pulled from the client.
    /// - Throws: ``KMSContractsError/policyAlreadyExists(_:)``, ``KMSContractsError/zeroPeriods(operation:)``,
    ///   ``KMSContractsError/zeroAmount(operation:)``, ``KMSContractsError/noNodes``,
    ///   ``KMSContractsError/duplicateNode(_:)``,
    ///   ``KMSContractsError/invalidPolicyPayment(payment:nodes:periods:firstPartialReward:)``,
    ///   ``KMSContractsError/nodeNotRegistered(_:)``, ``KMSContractsError/nodeNotStaked(_:)``,
    ///   ``KMSContractsError/rewardRateTooLow(node:rate:minimum:)``, or the token's errors.
    public mutating func createPolicy(
        from client: Address, id: PolicyID, periods: UInt64, firstPartialReward: TokenAmount = .zero,
        nodes: [Address], payment: TokenAmount
    ) throws(KMSContractsError) {
        try transact { chain throws(KMSContractsError) in
            guard chain.policyManager.policyRecords[id] == nil else { throw .policyAlreadyExists(id) }
            guard periods > 0 else { throw .zeroPeriods(operation: "createPolicy") }
            guard !payment.isZero else { throw .zeroAmount(operation: "createPolicy") }
            guard !nodes.isEmpty else { throw .noNodes }
            var seen = Set<Address>()
            for node in nodes where !seen.insert(node).inserted { throw .duplicateNode(node) }
            let mismatch = KMSContractsError.invalidPolicyPayment(
                payment: payment, nodes: nodes.count, periods: periods, firstPartialReward: firstPartialReward)
            let perNode = try payment.divided(by: TokenAmount(UInt64(nodes.count)))
            guard perNode >= firstPartialReward else { throw mismatch }
            let rate = try perNode.subtracting(firstPartialReward).divided(by: TokenAmount(periods))
            let exact = try rate.multiplied(by: TokenAmount(periods)).adding(firstPartialReward)
                .multiplied(by: TokenAmount(UInt64(nodes.count)))
            guard rate > firstPartialReward, exact == payment else { throw mismatch }

            let current = chain.currentPeriod
            var arrangements: [FeeArrangement] = []
            for node in nodes {
                guard var fees = chain.policyManager.nodeRecords[node] else { throw .nodeNotRegistered(node) }
                guard !chain.lockedTokens(of: node).isZero || !chain.lockedTokens(of: node, periodsAhead: 1).isZero
                else { throw .nodeNotStaked(node) }
                guard rate >= fees.minRewardRate else {
                    throw .rewardRateTooLow(node: node, rate: rate, minimum: fees.minRewardRate)
                }
                try fees.change(at: current, increase: firstPartialReward)
                try fees.change(at: current + 1, increase: try rate.subtracting(firstPartialReward))
                try fees.change(at: current + periods + 1, decrease: rate)
                chain.policyManager.nodeRecords[node] = fees
                let downtimeCount = chain.escrow.minerRecords[node]?.downtime.count ?? 0
                arrangements.append(FeeArrangement(node: node, indexOfDowntimePeriods: downtimeCount))
            }
            chain.policyManager.policyRecords[id] = FeePolicy(
                id: id, client: client, rewardRate: rate, firstPartialReward: firstPartialReward,
                startPeriod: current + 1, lastPeriod: current + periods, isDisabled: false, arrangements: arrangements)
            chain.policyManager.totalPaidIn = try chain.policyManager.totalPaidIn.adding(payment)
            try chain.pullTokens(by: chain.policyManagerAddress, from: client, to: chain.policyManagerAddress, amount: payment)
            chain.emit(.policyCreated(id: id, client: client, nodes: nodes, payment: payment))
        }
    }

    /// `node` sets the lowest rate per period it accepts in new policies (`setMinRewardRate`).
    ///
    /// - Parameters:
    ///   - node: A registered miner.
    ///   - rate: The minimum rate.
    /// - Throws: ``KMSContractsError/nodeNotRegistered(_:)``.
    public mutating func setMinRewardRate(from node: Address, rate: TokenAmount) throws(KMSContractsError) {
        try transact { chain throws(KMSContractsError) in
            guard chain.policyManager.nodeRecords[node] != nil else { throw .nodeNotRegistered(node) }
            chain.policyManager.nodeRecords[node]?.minRewardRate = rate
            chain.emit(.minRewardRateSet(node: node, value: rate))
        }
    }

    /// Credits `node` with its fees for `period` (`updateReward`). Only the escrow may call it,
    /// which it does while minting; any other sender reverts.
    ///
    /// - Parameters:
    ///   - sender: Must be ``escrowAddress``.
    ///   - node: The node.
    ///   - period: The minted period.
    /// - Throws: ``KMSContractsError/wrongSender(caller:expected:operation:)``.
    public mutating func updateReward(from sender: Address, node: Address, period: UInt64) throws(KMSContractsError) {
        try transact { chain throws(KMSContractsError) in
            guard sender == chain.escrowAddress else {
                throw .wrongSender(caller: sender, expected: chain.escrowAddress, operation: "updateReward")
            }
            try chain.creditFees(node: node, period: period)
        }
    }

    /// `node` withdraws the fees it earned (`withdraw`).
    ///
    /// - Parameter node: The node.
    /// - Returns: The amount sent.
    /// - Throws: ``KMSContractsError/nothingToWithdraw(_:)``.
    @discardableResult
    public mutating func withdrawFees(from node: Address) throws(KMSContractsError) -> TokenAmount {
        try transact { chain throws(KMSContractsError) in
            let reward = chain.policyManager.nodeRecords[node]?.reward ?? .zero
            guard !reward.isZero else { throw .nothingToWithdraw(node) }
            chain.policyManager.nodeRecords[node]?.reward = .zero
            try chain.moveTokens(from: chain.policyManagerAddress, to: node, amount: reward)
            chain.emit(.feesWithdrawn(node: node, value: reward))
            return reward
        }
    }

    /// `client` takes back the fees of periods its nodes missed so far (`refund(id)`); fully
    /// refunded arrangements end, and the policy is disabled when none remains.
    ///
    /// - Parameters:
    ///   - client: The policy's client.
    ///   - id: The policy.
    /// - Returns: The refund.
    /// - Throws: ``KMSContractsError/unknownPolicy(_:)``, ``KMSContractsError/policyDisabled(_:)`` or
    ///   ``KMSContractsError/notPolicyClient(_:caller:)``.
    @discardableResult
    public mutating func refund(from client: Address, id: PolicyID) throws(KMSContractsError) -> TokenAmount {
        try transact { chain throws(KMSContractsError) in
            try chain.settle(client: client, id: id, node: nil, revoke: false)
        }
    }

    /// `client` takes back the fees of periods `node` missed so far in policy `id`
    /// (`refund(id, node)`).
    ///
    /// - Parameters:
    ///   - client: The policy's client.
    ///   - id: The policy.
    ///   - node: A node of the policy with a running arrangement.
    /// - Returns: The refund.
    /// - Throws: As ``refund(from:id:)``, and ``KMSContractsError/unknownArrangement(_:node:)``.
    @discardableResult
    public mutating func refund(from client: Address, id: PolicyID, node: Address) throws(KMSContractsError)
        -> TokenAmount
    {
        try transact { chain throws(KMSContractsError) in
            try chain.settle(client: client, id: id, node: node, revoke: false)
        }
    }

    /// `client` revokes the whole policy (`revokePolicy`): the downtime refund plus every
    /// period still to come comes back, and the policy is disabled.
    ///
    /// - Parameters:
    ///   - client: The policy's client.
    ///   - id: The policy.
    /// - Returns: The refund.
    /// - Throws: As ``refund(from:id:)``.
    @discardableResult
    public mutating func revokePolicy(from client: Address, id: PolicyID) throws(KMSContractsError) -> TokenAmount {
        try transact { chain throws(KMSContractsError) in
            try chain.settle(client: client, id: id, node: nil, revoke: true)
        }
    }

    /// `client` revokes one node's arrangement (`revokeArrangement`).
    ///
    /// - Parameters:
    ///   - client: The policy's client.
    ///   - id: The policy.
    ///   - node: The node to stop paying.
    /// - Returns: The refund.
    /// - Throws: As ``refund(from:id:node:)``.
    @discardableResult
    public mutating func revokeArrangement(from client: Address, id: PolicyID, node: Address)
        throws(KMSContractsError) -> TokenAmount
    {
        try transact { chain throws(KMSContractsError) in
            try chain.settle(client: client, id: id, node: node, revoke: true)
        }
    }

    /// What ``refund(from:id:)`` (or, with `node`, ``refund(from:id:node:)``) would pay now,
    /// without paying it (`calculateRefundValue`).
    ///
    /// - Parameters:
    ///   - client: The policy's client.
    ///   - id: The policy.
    ///   - node: One node, or `nil` for the whole policy.
    /// - Returns: The refund.
    /// - Throws: As the refund.
    public func calculateRefundValue(from client: Address, id: PolicyID, node: Address? = nil)
        throws(KMSContractsError) -> TokenAmount
    {
        var scratch = self
        return try scratch.settle(client: client, id: id, node: node, revoke: false)
    }

    // MARK: Internal steps

    mutating func creditFees(node: Address, period: UInt64) throws(KMSContractsError) {
        guard var fees = policyManager.nodeRecords[node] else { return }
        let earned = try fees.credit(period: period)
        policyManager.nodeRecords[node] = fees
        policyManager.totalEarned = try policyManager.totalEarned.adding(earned)
    }

    /// Refunds (and with `revoke`, revokes) one arrangement or all of a policy's, pays the
    /// client and emits the matching event.
    mutating func settle(client: Address, id: PolicyID, node: Address?, revoke: Bool) throws(KMSContractsError)
        -> TokenAmount
    {
        guard var policy = policyManager.policyRecords[id] else { throw .unknownPolicy(id) }
        guard !policy.isDisabled else { throw .policyDisabled(id) }
        guard policy.client == client else { throw .notPolicyClient(id, caller: client) }
        let indices: [Int]
        if let node {
            guard let index = policy.arrangements.firstIndex(where: { $0.node == node && $0.isActive }) else {
                throw .unknownArrangement(id, node: node)
            }
            indices = [index]
        } else {
            indices = policy.arrangements.indices.filter { policy.arrangements[$0].isActive }
        }
        var total = TokenAmount.zero
        for index in indices {
            var arrangement = policy.arrangements[index]
            var value = try downtimeRefund(policy: policy, arrangement: &arrangement)
            if revoke {
                if arrangement.lastRefundedPeriod <= policy.lastPeriod {
                    let left = policy.lastPeriod + 1 - arrangement.lastRefundedPeriod
                    value = try value.adding(try policy.rewardRate.multiplied(by: TokenAmount(left)))
                    // The node stops earning this policy's rate from the first unsettled period.
                    try policyManager.nodeRecords[arrangement.node]?.change(
                        at: arrangement.lastRefundedPeriod, decrease: policy.rewardRate)
                    try policyManager.nodeRecords[arrangement.node]?.change(
                        at: policy.lastPeriod + 1, increase: policy.rewardRate)
                }
                arrangement.isActive = false
            } else if arrangement.lastRefundedPeriod > policy.lastPeriod {
                arrangement.isActive = false
            }
            policy.arrangements[index] = arrangement
            total = try total.adding(value)
            if node != nil {
                emit(
                    revoke
                        ? .arrangementRevoked(id: id, client: client, node: arrangement.node, value: value)
                        : .refundForArrangement(id: id, client: client, node: arrangement.node, value: value))
            }
        }
        if !policy.arrangements.contains(where: \.isActive) { policy.isDisabled = true }
        policyManager.policyRecords[id] = policy
        if node == nil {
            emit(
                revoke
                    ? .policyRevoked(id: id, client: client, value: total)
                    : .refundForPolicy(id: id, client: client, value: total))
        }
        if !total.isZero {
            policyManager.totalRefunded = try policyManager.totalRefunded.adding(total)
            try moveTokens(from: policyManagerAddress, to: client, amount: total)
        }
        return total
    }

    /// The fees of periods the arrangement's node missed, from the last refund up to now
    /// (`calculateRefund`), moving the arrangement's refund marks forward.
    func downtimeRefund(policy: FeePolicy, arrangement: inout FeeArrangement) throws(KMSContractsError) -> TokenAmount {
        let current = currentPeriod
        let maxPeriod = min(current, policy.lastPeriod)
        let minPeriod = max(policy.startPeriod, arrangement.lastRefundedPeriod)
        let info = escrow.minerRecords[arrangement.node]
        let downtime = info?.downtime ?? []
        let lastActive = info?.lastActivePeriod ?? 0
        var missed: UInt64 = 0
        var index = arrangement.indexOfDowntimePeriods
        if minPeriod <= maxPeriod {
            while index < downtime.count {
                let record = downtime[index]
                if record.startPeriod > maxPeriod { break }
                if record.endPeriod >= minPeriod {
                    missed += min(maxPeriod, record.endPeriod) - max(minPeriod, record.startPeriod) + 1
                    // A record reaching past maxPeriod may overlap the next refund too.
                    if maxPeriod <= record.endPeriod { break }
                }
                index += 1
            }
            if index == downtime.count, lastActive < maxPeriod {
                missed += maxPeriod - max(minPeriod - 1, lastActive)
            }
        }
        var refund = TokenAmount.zero
        // On the first refund, the creation period's partial fee comes back if the node had not
        // confirmed that period.
        if arrangement.lastRefundedPeriod == 0 && !policy.firstPartialReward.isZero {
            let creation = policy.startPeriod - 1
            let missedCreation: Bool
            if lastActive < creation {
                missedCreation = true
            } else {
                missedCreation = downtime[min(arrangement.indexOfDowntimePeriods, downtime.count)...].contains {
                    $0.startPeriod <= creation && creation <= $0.endPeriod
                }
            }
            if missedCreation { refund = policy.firstPartialReward }
        }
        refund = try refund.adding(try policy.rewardRate.multiplied(by: TokenAmount(missed)))
        arrangement.indexOfDowntimePeriods = index
        arrangement.lastRefundedPeriod = max(arrangement.lastRefundedPeriod, maxPeriod + 1)
        return refund
    }
}
