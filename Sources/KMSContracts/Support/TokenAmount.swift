/// An unsigned 256-bit token amount: the `uint256` of the NuCypher contracts.
///
/// Amounts count the token's smallest unit (18 decimals, so one NU is 10^18), and the issuance
/// formulas multiply such amounts by periods and rates, reaching about 10^50: far beyond
/// `UInt64` and `UInt128`. Arithmetic is checked the way SafeMath checks it: a result outside
/// 0 ..< 2^256 throws instead of wrapping, and division truncates toward zero.
///
/// Integer literals of any size up to 2^256 − 1 are accepted, for example
/// `let supply: TokenAmount = 1_000_000_000_000_000_000_000_000_000`.
public struct TokenAmount: Hashable, Sendable, Comparable, CustomStringConvertible, ExpressibleByIntegerLiteral {
    /// The two operations that can exceed 2^256 − 1, as named in
    /// ``KMSContractsError/overflow(operation:lhs:rhs:)``.
    public enum ArithmeticOperation: String, Hashable, Sendable {
        /// ``TokenAmount/adding(_:)``.
        case addition = "+"
        /// ``TokenAmount/multiplied(by:)``.
        case multiplication = "*"
    }

    /// Bits 0..<64, the least significant limb.
    private var w0: UInt64
    /// Bits 64..<128.
    private var w1: UInt64
    /// Bits 128..<192.
    private var w2: UInt64
    /// Bits 192..<256, the most significant limb.
    private var w3: UInt64

    /// Zero.
    public static let zero = TokenAmount(limbs: [0, 0, 0, 0])

    /// 2^256 − 1, the largest `uint256`.
    public static let max = TokenAmount(limbs: [.max, .max, .max, .max])

    /// Creates an amount from four limbs, least significant first.
    private init(limbs: [UInt64]) {
        w0 = limbs[0]
        w1 = limbs[1]
        w2 = limbs[2]
        w3 = limbs[3]
    }

    /// The four limbs, least significant first.
    private var limbs: [UInt64] { [w0, w1, w2, w3] }

    /// Creates an amount equal to `value`.
    public init(_ value: UInt64) {
        self.init(limbs: [value, 0, 0, 0])
    }

    /// Creates an amount from an integer literal.
    ///
    /// A negative literal, or one of 2^256 or more, is a programming error and traps, just as
    /// an out-of-range literal for a standard integer type fails to compile.
    public init(integerLiteral value: StaticBigInt) {
        precondition(value.signum() >= 0, "a TokenAmount literal cannot be negative")
        // bitWidth counts a sign bit, so a value below 2^256 needs at most 257 bits.
        precondition(value.bitWidth <= 257, "a TokenAmount literal must be below 2^256")
        var limbs: [UInt64] = [0, 0, 0, 0]
        let wordsPerLimb = 64 / UInt.bitWidth
        for index in 0..<(4 * wordsPerLimb) {
            let shift = (index % wordsPerLimb) * UInt.bitWidth
            limbs[index / wordsPerLimb] |= UInt64(value[index]) << shift
        }
        self.init(limbs: limbs)
    }

    /// Parses an amount written in decimal: ASCII digits only, leading zeros allowed.
    ///
    /// Throws ``KMSContractsError/emptyDecimal`` for `""`,
    /// ``KMSContractsError/signedDecimal(sign:)`` when the text starts with `+` or `-`,
    /// ``KMSContractsError/invalidDecimalCharacter(_:offset:)`` for the first other non-digit
    /// (spaces, underscores and non-ASCII digits included), and
    /// ``KMSContractsError/decimalTooLarge(digits:)`` for values of 2^256 or more. Every
    /// character is checked before the value is computed, so a long string with a stray
    /// character reports the character.
    public init(decimal: String) throws(KMSContractsError) {
        guard let first = decimal.first else { throw .emptyDecimal }
        if first == "+" || first == "-" { throw .signedDecimal(sign: first) }
        var digits: [UInt64] = []
        for (offset, character) in decimal.enumerated() {
            guard let ascii = character.asciiValue, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(ascii) else {
                throw .invalidDecimalCharacter(character, offset: offset)
            }
            digits.append(UInt64(ascii - UInt8(ascii: "0")))
        }
        var value = TokenAmount.zero
        for digit in digits {
            guard let shifted = value.multipliedReportingOverflow(by: 10),
                let next = shifted.addingReportingOverflow(TokenAmount(digit))
            else { throw .decimalTooLarge(digits: decimal) }
            value = next
        }
        self = value
    }

    /// Whether the amount is zero.
    public var isZero: Bool { (w0 | w1 | w2 | w3) == 0 }

    /// The exact value in decimal, without separators or leading zeros.
    public var description: String {
        if isZero { return "0" }
        // Peel off 19 decimal digits at a time: 10^19 is the largest power of ten in a UInt64.
        let chunkDivisor: UInt64 = 10_000_000_000_000_000_000
        var chunks: [UInt64] = []
        var rest = self
        while !rest.isZero {
            let (quotient, remainder) = rest.shortDivision(by: chunkDivisor)
            chunks.append(remainder)
            rest = quotient
        }
        var text = String(chunks.removeLast())
        for chunk in chunks.reversed() {
            let digits = String(chunk)
            text += String(repeating: "0", count: 19 - digits.count) + digits
        }
        return text
    }

    /// Orders amounts by value.
    public static func < (lhs: TokenAmount, rhs: TokenAmount) -> Bool {
        (lhs.w3, lhs.w2, lhs.w1, lhs.w0) < (rhs.w3, rhs.w2, rhs.w1, rhs.w0)
    }

    // MARK: Checked arithmetic

    /// `self + other`, throwing ``KMSContractsError/overflow(operation:lhs:rhs:)`` if the sum
    /// is 2^256 or more.
    public func adding(_ other: TokenAmount) throws(KMSContractsError) -> TokenAmount {
        guard let sum = addingReportingOverflow(other) else {
            throw .overflow(operation: .addition, lhs: self, rhs: other)
        }
        return sum
    }

    /// `self − other`, throwing ``KMSContractsError/underflow(minuend:subtrahend:)`` if
    /// `other` is larger.
    public func subtracting(_ other: TokenAmount) throws(KMSContractsError) -> TokenAmount {
        guard other <= self else { throw .underflow(minuend: self, subtrahend: other) }
        return wrappingSubtraction(other)
    }

    /// `self × other`, throwing ``KMSContractsError/overflow(operation:lhs:rhs:)`` if the
    /// product is 2^256 or more.
    public func multiplied(by other: TokenAmount) throws(KMSContractsError) -> TokenAmount {
        guard let product = multipliedReportingOverflow(by: other) else {
            throw .overflow(operation: .multiplication, lhs: self, rhs: other)
        }
        return product
    }

    /// `self / divisor`, truncated toward zero; throws
    /// ``KMSContractsError/divisionByZero(dividend:)`` when `divisor` is zero.
    public func divided(by divisor: TokenAmount) throws(KMSContractsError) -> TokenAmount {
        try quotientAndRemainder(dividingBy: divisor).quotient
    }

    /// `self mod divisor`; throws ``KMSContractsError/divisionByZero(dividend:)`` when
    /// `divisor` is zero.
    public func remainder(dividingBy divisor: TokenAmount) throws(KMSContractsError) -> TokenAmount {
        try quotientAndRemainder(dividingBy: divisor).remainder
    }

    /// The truncated quotient and the remainder in one pass, with
    /// `quotient × divisor + remainder == self` and `remainder < divisor`; throws
    /// ``KMSContractsError/divisionByZero(dividend:)`` when `divisor` is zero.
    public func quotientAndRemainder(
        dividingBy divisor: TokenAmount
    ) throws(KMSContractsError) -> (quotient: TokenAmount, remainder: TokenAmount) {
        guard !divisor.isZero else { throw .divisionByZero(dividend: self) }
        if self < divisor { return (.zero, self) }
        if divisor.w1 | divisor.w2 | divisor.w3 == 0 {
            let (quotient, remainder) = shortDivision(by: divisor.w0)
            return (quotient, TokenAmount(remainder))
        }
        // Binary long division; the divisor has at least 65 bits, so at most 192 quotient bits.
        let shift = divisor.leadingZeroBitCount - leadingZeroBitCount
        var shifted = divisor.shiftedLeft(by: shift)
        var remainder = self
        var quotient = TokenAmount.zero
        for bit in stride(from: shift, through: 0, by: -1) {
            if remainder >= shifted {
                remainder = remainder.wrappingSubtraction(shifted)
                quotient.setBit(bit)
            }
            shifted = shifted.shiftedRightByOne()
        }
        return (quotient, remainder)
    }

    // MARK: Limb helpers

    /// The sum, or `nil` if it is 2^256 or more.
    private func addingReportingOverflow(_ other: TokenAmount) -> TokenAmount? {
        let a = limbs
        let b = other.limbs
        var result: [UInt64] = [0, 0, 0, 0]
        var carry: UInt64 = 0
        for i in 0..<4 {
            let (partial, overflow1) = a[i].addingReportingOverflow(b[i])
            let (sum, overflow2) = partial.addingReportingOverflow(carry)
            result[i] = sum
            carry = (overflow1 || overflow2) ? 1 : 0
        }
        return carry == 0 ? TokenAmount(limbs: result) : nil
    }

    /// The difference modulo 2^256; callers make sure `other <= self`.
    private func wrappingSubtraction(_ other: TokenAmount) -> TokenAmount {
        let a = limbs
        let b = other.limbs
        var result: [UInt64] = [0, 0, 0, 0]
        var borrow: UInt64 = 0
        for i in 0..<4 {
            let (partial, overflow1) = a[i].subtractingReportingOverflow(b[i])
            let (difference, overflow2) = partial.subtractingReportingOverflow(borrow)
            result[i] = difference
            borrow = (overflow1 || overflow2) ? 1 : 0
        }
        return TokenAmount(limbs: result)
    }

    /// The product, or `nil` if it is 2^256 or more.
    private func multipliedReportingOverflow(by other: TokenAmount) -> TokenAmount? {
        let a = limbs
        let b = other.limbs
        // Schoolbook multiplication into eight limbs; the product fits iff the top four are zero.
        var product = [UInt64](repeating: 0, count: 8)
        for i in 0..<4 where a[i] != 0 {
            var carry: UInt64 = 0
            for j in 0..<4 {
                let (high, low) = a[i].multipliedFullWidth(by: b[j])
                let (sum1, overflow1) = product[i + j].addingReportingOverflow(low)
                let (sum2, overflow2) = sum1.addingReportingOverflow(carry)
                product[i + j] = sum2
                // high ≤ 2^64 − 2, so adding two carry bits cannot overflow.
                carry = high &+ (overflow1 ? 1 : 0) &+ (overflow2 ? 1 : 0)
            }
            product[i + 4] = carry
        }
        guard product[4...].allSatisfy({ $0 == 0 }) else { return nil }
        return TokenAmount(limbs: Array(product[0..<4]))
    }

    /// Division by a non-zero single limb, most significant limb first.
    private func shortDivision(by divisor: UInt64) -> (quotient: TokenAmount, remainder: UInt64) {
        var quotient: [UInt64] = [0, 0, 0, 0]
        var remainder: UInt64 = 0
        let a = limbs
        for i in stride(from: 3, through: 0, by: -1) {
            // remainder < divisor, so the two-limb dividend's quotient fits in one limb.
            (quotient[i], remainder) = divisor.dividingFullWidth((high: remainder, low: a[i]))
        }
        return (TokenAmount(limbs: quotient), remainder)
    }

    /// The number of zero bits above the highest set bit (256 for zero).
    private var leadingZeroBitCount: Int {
        if w3 != 0 { return w3.leadingZeroBitCount }
        if w2 != 0 { return 64 + w2.leadingZeroBitCount }
        if w1 != 0 { return 128 + w1.leadingZeroBitCount }
        return 192 + w0.leadingZeroBitCount
    }

    /// `self << count` for `0 <= count < 256`; callers make sure no set bit is shifted out.
    private func shiftedLeft(by count: Int) -> TokenAmount {
        let a = limbs
        let limbShift = count / 64
        let bitShift = count % 64
        var result: [UInt64] = [0, 0, 0, 0]
        for i in stride(from: 3, through: limbShift, by: -1) {
            let source = i - limbShift
            var limb = a[source] << bitShift
            if bitShift != 0 && source > 0 { limb |= a[source - 1] >> (64 - bitShift) }
            result[i] = limb
        }
        return TokenAmount(limbs: result)
    }

    /// `self >> 1`.
    private func shiftedRightByOne() -> TokenAmount {
        TokenAmount(limbs: [w0 >> 1 | w1 << 63, w1 >> 1 | w2 << 63, w2 >> 1 | w3 << 63, w3 >> 1])
    }

    /// Sets bit `index` (0 is the least significant).
    private mutating func setBit(_ index: Int) {
        let mask: UInt64 = 1 << (index % 64)
        switch index / 64 {
        case 0: w0 |= mask
        case 1: w1 |= mask
        case 2: w2 |= mask
        default: w3 |= mask
        }
    }
}
