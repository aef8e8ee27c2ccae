public import KMSPolicy

/// Everything that can go wrong in KMSContracts, each case carrying the values involved.
///
/// KMSContracts throws only this type (typed throws). A Solidity contract reverts the whole
/// call on a failed `require` or a SafeMath overflow; the simulation models that revert as one
/// of these errors, thrown before any state has changed.
public enum KMSContractsError: Error, Hashable, Sendable, CustomStringConvertible {
    /// `lhs` combined with `rhs` by `operation` would be 2^256 or more.
    case overflow(operation: TokenAmount.ArithmeticOperation, lhs: TokenAmount, rhs: TokenAmount)

    /// `minuend − subtrahend` would be negative.
    case underflow(minuend: TokenAmount, subtrahend: TokenAmount)

    /// `dividend` was divided by zero (or its remainder taken modulo zero).
    case divisionByZero(dividend: TokenAmount)

    /// A decimal amount was the empty string.
    case emptyDecimal

    /// A decimal amount started with a sign (`+` or `-`); amounts are written as bare digits.
    case signedDecimal(sign: Character)

    /// A decimal amount held `character`, which is not an ASCII digit, at character `offset`.
    case invalidDecimalCharacter(Character, offset: Int)

    /// The decimal amount `digits` is 2^256 or more.
    case decimalTooLarge(digits: String)

    // MARK: Chain

    /// The chain parameters break a constructor's requirement.
    case invalidParameters(reason: String)

    /// The chain time may not move from `now` back to `requested`.
    case timeWentBackwards(now: UInt64, requested: UInt64)

    /// `caller` may not call `operation`; only `expected` may.
    case wrongSender(caller: Address, expected: Address, operation: String)

    /// `operation` was called with a zero amount.
    case zeroAmount(operation: String)

    /// `operation` was called with zero periods.
    case zeroPeriods(operation: String)

    /// Saving or restoring the chain at `path` failed.
    case persistenceFailed(path: String, reason: String)

    // MARK: Token

    /// `account` holds `balance` but needed `needed`.
    case insufficientBalance(account: Address, balance: TokenAmount, needed: TokenAmount)

    /// `spender` may move only `allowance` of `owner`'s tokens but tried `needed`.
    case insufficientAllowance(owner: Address, spender: Address, allowance: TokenAmount, needed: TokenAmount)

    /// Tokens were sent to the zero address.
    case transferToZeroAddress

    // MARK: Escrow

    /// The escrow's issuance has not been initialized, so it takes no deposits.
    case escrowNotInitialized

    /// The escrow's issuance was already initialized.
    case escrowAlreadyInitialized

    /// The address has no tokens in the escrow.
    case notAMiner(Address)

    /// A pre-deposit named an address that is already a miner.
    case minerAlreadyExists(Address)

    /// A stake of `value` is below the minimum `minimum`.
    case belowMinimumStake(value: TokenAmount, minimum: TokenAmount)

    /// The miner would have `total` locked, above the maximum `maximum`.
    case aboveMaximumStake(total: TokenAmount, maximum: TokenAmount)

    /// A lock of `periods` is shorter than `minimum`.
    case lockTooShort(periods: UInt64, minimum: UInt64)

    /// `miner` asked for `requested` but only `unlocked` of its escrowed tokens are free.
    case insufficientUnlockedTokens(miner: Address, requested: TokenAmount, unlocked: TokenAmount)

    /// `miner` has nothing locked in `period`, so it cannot confirm it.
    case nothingLocked(miner: Address, period: UInt64)

    /// `miner` has no stake at `index`.
    case unknownStake(miner: Address, index: Int)

    /// Stake `index` of `miner` ended in `lastPeriod`, too early at `currentPeriod`.
    case stakeEnded(miner: Address, index: Int, lastPeriod: UInt64, currentPeriod: UInt64)

    /// A batch's arrays are empty or of different lengths.
    case invalidBatch(reason: String)

    /// A node key was empty.
    case emptyNodeKey

    /// Fewer than `needed` distinct stakers could be sampled; `available` were found.
    case notEnoughStakers(needed: Int, available: Int)

    // MARK: Policy manager

    /// A policy id must be 16 bytes, not all zero.
    case invalidPolicyID(byteCount: Int)

    /// A policy with this id exists (ids are never reused).
    case policyAlreadyExists(PolicyID)

    /// No policy has this id.
    case unknownPolicy(PolicyID)

    /// The policy was fully refunded or revoked and refuses every call.
    case policyDisabled(PolicyID)

    /// `caller` is not the client of the policy.
    case notPolicyClient(PolicyID, caller: Address)

    /// The policy has no running arrangement with `node`.
    case unknownArrangement(PolicyID, node: Address)

    /// A policy was created without nodes.
    case noNodes

    /// A policy named `node` twice.
    case duplicateNode(Address)

    /// `payment` is not `(firstPartialReward + rate × periods) × nodes` for a whole rate above
    /// `firstPartialReward`.
    case invalidPolicyPayment(payment: TokenAmount, nodes: Int, periods: UInt64, firstPartialReward: TokenAmount)

    /// The node never deposited, so the policy manager does not know it.
    case nodeNotRegistered(Address)

    /// The node has no tokens locked now or next period.
    case nodeNotStaked(Address)

    /// `rate` is below `node`'s minimum `minimum`.
    case rewardRateTooLow(node: Address, rate: TokenAmount, minimum: TokenAmount)

    /// The node has no fees to withdraw.
    case nothingToWithdraw(Address)

    /// A policy was to be paid until `expiration` (seconds), not after the chain time `now`.
    case expirationNotInFuture(expiration: Int64, now: UInt64)

    /// Alice's grant failed after she paid; the payment was returned.
    case grantFailed(KMSPolicyError)

    // MARK: Vesting

    /// No vesting escrow at this address.
    case unknownUserEscrow(Address)

    /// The vesting escrow was already funded.
    case userEscrowAlreadyFunded(Address)

    /// Only `available` of the vesting escrow's tokens are unlocked; `requested` was asked.
    case vestingLocked(escrow: Address, requested: TokenAmount, available: TokenAmount)

    // MARK: Adjudicator

    /// The evidence does not hold together.
    case malformedEvidence(reason: String)

    /// None of the keys the accused published signed the response.
    case evidenceNotSignedByUrsula(Address)

    /// This capsule and cFrag were already judged.
    case evidenceAlreadyEvaluated(hash: String)

    /// The cFrag's kFrag signature fails for the keys given: the keys are wrong, which proves
    /// nothing against the Ursula.
    case evidenceKeysDoNotMatch(ursula: Address)

    /// A one-line explanation, with the operands written out in decimal.
    public var description: String {
        switch self {
        case let .overflow(operation, lhs, rhs):
            return "overflow: \(lhs) \(operation.rawValue) \(rhs) does not fit in 256 bits"
        case let .underflow(minuend, subtrahend):
            return "underflow: \(minuend) - \(subtrahend) is negative"
        case let .divisionByZero(dividend):
            return "division by zero: \(dividend) / 0"
        case .emptyDecimal:
            return "empty decimal amount"
        case let .signedDecimal(sign):
            return "decimal amount starts with the sign '\(sign)'; only digits are allowed"
        case let .invalidDecimalCharacter(character, offset):
            return "decimal amount has the non-digit \(String(reflecting: String(character))) at offset \(offset)"
        case let .decimalTooLarge(digits):
            return "decimal amount \(digits) does not fit in 256 bits"
        case let .invalidParameters(reason):
            return "invalid chain parameters: \(reason)"
        case let .timeWentBackwards(now, requested):
            return "chain time cannot go back from \(now) to \(requested)"
        case let .wrongSender(caller, expected, operation):
            return "\(operation) may only be called by \(expected), not \(caller)"
        case let .zeroAmount(operation):
            return "\(operation) with a zero amount"
        case let .zeroPeriods(operation):
            return "\(operation) with zero periods"
        case let .persistenceFailed(path, reason):
            return "saving or restoring the chain at '\(path)' failed: \(reason)"
        case let .insufficientBalance(account, balance, needed):
            return "\(account) holds \(balance), needs \(needed)"
        case let .insufficientAllowance(owner, spender, allowance, needed):
            return "\(spender) may move \(allowance) of \(owner)'s tokens, not \(needed)"
        case .transferToZeroAddress:
            return "transfer to the zero address"
        case .escrowNotInitialized:
            return "the escrow is not initialized"
        case .escrowAlreadyInitialized:
            return "the escrow is already initialized"
        case let .notAMiner(address):
            return "\(address) has no tokens in the escrow"
        case let .minerAlreadyExists(address):
            return "\(address) is already a miner"
        case let .belowMinimumStake(value, minimum):
            return "stake \(value) is below the minimum \(minimum)"
        case let .aboveMaximumStake(total, maximum):
            return "locked total \(total) would exceed the maximum \(maximum)"
        case let .lockTooShort(periods, minimum):
            return "a lock of \(periods) periods is shorter than the minimum \(minimum)"
        case let .insufficientUnlockedTokens(miner, requested, unlocked):
            return "\(miner) asked for \(requested) but has \(unlocked) unlocked"
        case let .nothingLocked(miner, period):
            return "\(miner) has nothing locked in period \(period)"
        case let .unknownStake(miner, index):
            return "\(miner) has no stake \(index)"
        case let .stakeEnded(miner, index, lastPeriod, currentPeriod):
            return "stake \(index) of \(miner) ended in period \(lastPeriod) (now \(currentPeriod))"
        case let .invalidBatch(reason):
            return "invalid batch: \(reason)"
        case .emptyNodeKey:
            return "empty node key"
        case let .notEnoughStakers(needed, available):
            return "not enough stakers: needed \(needed), found \(available)"
        case let .invalidPolicyID(byteCount):
            return "a policy id is 16 bytes, not all zero (got \(byteCount) bytes)"
        case let .policyAlreadyExists(id):
            return "policy \(id) already exists"
        case let .unknownPolicy(id):
            return "no policy \(id)"
        case let .policyDisabled(id):
            return "policy \(id) is disabled"
        case let .notPolicyClient(id, caller):
            return "\(caller) is not the client of policy \(id)"
        case let .unknownArrangement(id, node):
            return "policy \(id) has no running arrangement with \(node)"
        case .noNodes:
            return "a policy needs at least one node"
        case let .duplicateNode(node):
            return "node \(node) is listed twice"
        case let .invalidPolicyPayment(payment, nodes, periods, firstPartialReward):
            return "payment \(payment) does not split into \(nodes) nodes × (\(firstPartialReward) + rate × \(periods)) with rate > \(firstPartialReward)"
        case let .nodeNotRegistered(node):
            return "node \(node) is not registered"
        case let .nodeNotStaked(node):
            return "node \(node) has nothing locked"
        case let .rewardRateTooLow(node, rate, minimum):
            return "rate \(rate) is below \(node)'s minimum \(minimum)"
        case let .nothingToWithdraw(node):
            return "\(node) has no fees to withdraw"
        case let .expirationNotInFuture(expiration, now):
            return "expiration @\(expiration) is not after the chain time @\(now)"
        case let .grantFailed(error):
            return "the grant failed (the payment was returned): \(error)"
        case let .unknownUserEscrow(address):
            return "no vesting escrow at \(address)"
        case let .userEscrowAlreadyFunded(address):
            return "vesting escrow \(address) is already funded"
        case let .vestingLocked(escrow, requested, available):
            return "vesting escrow \(escrow) has \(available) unlocked, \(requested) asked"
        case let .malformedEvidence(reason):
            return "malformed evidence: \(reason)"
        case let .evidenceNotSignedByUrsula(address):
            return "no key published by \(address) signed the response"
        case let .evidenceAlreadyEvaluated(hash):
            return "evidence \(hash) was already evaluated"
        case let .evidenceKeysDoNotMatch(ursula):
            return "the keys do not match the cFrag's kFrag signature; nothing proven against \(ursula)"
        }
    }
}
