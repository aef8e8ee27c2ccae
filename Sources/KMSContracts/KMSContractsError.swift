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
        }
    }
}
