public import KMSPolicy
import UmbralCore

extension Chain {
    /// `investigator` submits evidence that an Ursula returned a bad cFrag (`evaluateCFrag`).
    ///
    /// The checks, in order: the evidence is well formed; the accused is a miner, and one of the
    /// keys she published (``publishNodeKey(from:key:)``) signed the response; this capsule and
    /// cFrag were never judged; the cFrag's kFrag signature holds for the given keys (otherwise the
    /// keys, not Ursula, are wrong). Then the verdict: if the correctness proof fails, the miner is
    /// slashed by the penalty (capped at her value), the investigator gets
    /// `penalty / investigatorRewardCoefficient` and the rest returns to the reward reserve; if it
    /// holds, nobody is. Either way the evidence is spent.
    ///
    /// - Parameters:
    ///   - investigator: Who submits it and receives the reward.
    ///   - evidence: The evidence.
    /// - Returns: The verdict.
    /// - Throws: ``KMSContractsError/malformedEvidence(reason:)``, ``KMSContractsError/notAMiner(_:)``,
    ///   ``KMSContractsError/evidenceNotSignedByUrsula(_:)``,
    ///   ``KMSContractsError/evidenceAlreadyEvaluated(hash:)`` or
    ///   ``KMSContractsError/evidenceKeysDoNotMatch(ursula:)``.
    @discardableResult
    public mutating func evaluateCapsuleFrag(from investigator: Address, evidence: CapsuleFragEvidence)
        throws(KMSContractsError) -> AdjudicatorVerdict
    {
        try transact { chain throws(KMSContractsError) in
            let frags = evidence.response.capsuleFrags
            guard evidence.capsules.count == frags.count else {
                throw .malformedEvidence(reason: "\(evidence.capsules.count) capsules for \(frags.count) cFrags")
            }
            guard frags.indices.contains(evidence.index) else {
                throw .malformedEvidence(reason: "no cFrag at index \(evidence.index) of \(frags.count)")
            }
            try chain.requireMiner(evidence.ursula)
            let message = ReencryptionResponse.signedMessage(capsules: evidence.capsules, capsuleFrags: frags)
            let keys = chain.escrow.minerRecords[evidence.ursula]?.nodeKeys ?? []
            let signed = keys.contains { bytes in
                guard let key = try? PublicKey(compressedBytes: bytes) else { return false }
                return evidence.response.signature.verify(message, with: key)
            }
            guard signed else { throw .evidenceNotSignedByUrsula(evidence.ursula) }
            let hash = evidence.evidenceHash
            guard !chain.adjudicator.evaluatedEvidence.contains(hash) else { throw .evidenceAlreadyEvaluated(hash: hash) }

            let capsuleFrag = frags[evidence.index]
            let capsule = evidence.capsules[evidence.index]
            let outcome: Result<VerifiedCapsuleFrag, UmbralError>
            do throws(UmbralError) {
                outcome = .success(
                    try capsuleFrag.verify(
                        capsule: capsule, verifyingKey: evidence.aliceVerifyingKey,
                        delegatingKey: evidence.policyEncryptingKey, receivingKey: evidence.bobEncryptingKey))
            } catch {
                outcome = .failure(error)
            }
            switch outcome {
            case .success:
                break
            case .failure(.invalidReencryptionProof):
                chain.adjudicator.evaluatedEvidence.insert(hash)
                return try chain.slash(miner: evidence.ursula, investigator: investigator)
            case .failure:
                // Alice's signature over the keys failed: the keys are wrong, which proves nothing
                // against Ursula.
                throw .evidenceKeysDoNotMatch(ursula: evidence.ursula)
            }
            chain.adjudicator.evaluatedEvidence.insert(hash)
            chain.emit(.evidenceCleared(miner: evidence.ursula, evidenceHash: hash))
            return .cleared
        }
    }

    /// Takes the penalty from `miner` (`slashMiner`): her value falls, her sub-stakes shrink
    /// shortest-first until what is locked now and next period fits in it, the investigator's
    /// share is paid out and the rest goes back to the unissued reserve.
    mutating func slash(miner: Address, investigator: Address) throws(KMSContractsError) -> AdjudicatorVerdict {
        guard var info = escrow.minerRecords[miner] else { throw .notAMiner(miner) }
        let penalty = min(parameters.slashingPenalty, info.value)
        let reward = try penalty.divided(by: parameters.investigatorRewardCoefficient)
        info.value = try info.value.subtracting(penalty)
        let current = currentPeriod
        for period in [current, current + 1] {
            let before = info.lockedTokens(in: period, currentPeriod: current)
            guard before > info.value else { continue }
            var excess = try before.subtracting(info.value)
            let nextConfirmed = info.hasConfirmed(current + 1)
            let order = info.stakes.indices.filter { index in
                let stake = info.stakes[index]
                return stake.firstPeriod <= period
                    && stake.lastPeriod(currentPeriod: current, nextConfirmed: nextConfirmed) >= period
            }.sorted {
                info.stakes[$0].lastPeriod(currentPeriod: current, nextConfirmed: nextConfirmed)
                    < info.stakes[$1].lastPeriod(currentPeriod: current, nextConfirmed: nextConfirmed)
            }
            for index in order where !excess.isZero {
                let cut = min(excess, info.stakes[index].lockedValue)
                info.stakes[index].lockedValue = try info.stakes[index].lockedValue.subtracting(cut)
                excess = try excess.subtracting(cut)
            }
        }
        // Confirmed totals fall by what the miner no longer has locked in them.
        for period in info.confirmedPeriods where period >= current {
            let before = escrow.minerRecords[miner]?.lockedTokens(in: period, currentPeriod: current) ?? .zero
            let after = info.lockedTokens(in: period, currentPeriod: current)
            let drop = before.saturatingSubtracting(after)
            escrow.lockedPerPeriod[period] = escrow.lockedTokens(confirmedFor: period).saturatingSubtracting(drop)
        }
        // Emptied stakes stay, so stake indices keep meaning the same stakes.
        escrow.minerRecords[miner] = info
        escrow.totalValue = try escrow.totalValue.subtracting(penalty)
        escrow.issuer.unmint(try penalty.subtracting(reward))
        adjudicator.totalSlashed = try adjudicator.totalSlashed.adding(penalty)
        adjudicator.totalInvestigatorRewards = try adjudicator.totalInvestigatorRewards.adding(reward)
        if !reward.isZero { try moveTokens(from: escrowAddress, to: investigator, amount: reward) }
        emit(.slashed(miner: miner, penalty: penalty, investigator: investigator, reward: reward))
        return .slashed(miner: miner, penalty: penalty, reward: reward)
    }
}
