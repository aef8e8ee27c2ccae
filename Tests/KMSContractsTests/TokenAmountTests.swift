import KMSContracts
import Testing

@Suite("256-bit token amounts")
struct TokenAmountTests {
    static let twoTo64: TokenAmount = 18_446_744_073_709_551_616
    static let twoTo128: TokenAmount = 340_282_366_920_938_463_463_374_607_431_768_211_456
    static let twoTo192: TokenAmount = 6_277_101_735_386_680_763_835_789_423_207_666_416_102_355_444_464_034_512_896
    static let maxDecimal = "115792089237316195423570985008687907853269984665640564039457584007913129639935"

    static func amount(_ decimal: String) -> TokenAmount {
        // Fixtures are valid decimals; a failure here is a bug in the test.
        do {
            return try TokenAmount(decimal: decimal)
        } catch {
            preconditionFailure("\(error)")
        }
    }

    /// A random amount whose highest set bit is below `bits` (0...256), built limb by limb.
    static func random(bits: Int, using rng: inout SplitMix64) -> TokenAmount {
        var value = TokenAmount.zero
        for limb in 0..<4 {
            let available = min(max(bits - 64 * (3 - limb), 0), 64)
            let word: UInt64 = available == 0 ? 0 : rng.next() >> (64 - available)
            // value < 2^(64·limb) here, so shifting in one more limb cannot overflow.
            do {
                value = try value.multiplied(by: twoTo64).adding(TokenAmount(word))
            } catch {
                preconditionFailure("\(error)")
            }
        }
        return value
    }

    // MARK: Construction and decimal text

    @Test("literals, UInt64 and the constants")
    func construction() {
        #expect(TokenAmount.zero == TokenAmount(0))
        #expect(TokenAmount.zero.isZero)
        #expect(!TokenAmount(1).isZero)
        #expect(TokenAmount(UInt64.max).description == "18446744073709551615")
        let literal: TokenAmount = 12345
        #expect(literal == TokenAmount(12345))
        let max: TokenAmount =
            115_792_089_237_316_195_423_570_985_008_687_907_853_269_984_665_640_564_039_457_584_007_913_129_639_935
        #expect(max == .max)
        #expect(TokenAmount.max.description == Self.maxDecimal)
        #expect(Self.twoTo64.description == "18446744073709551616")
        #expect(Self.twoTo128.description == "340282366920938463463374607431768211456")
        #expect(
            Self.twoTo192.description
                == "6277101735386680763835789423207666416102355444464034512896")
        let oneNU: TokenAmount = 1_000_000_000_000_000_000
        #expect(oneNU.description == "1000000000000000000")
    }

    @Test(
        "decimal round trips",
        arguments: [
            "0", "1", "9", "10", "18446744073709551615", "18446744073709551616", "18446744073709551617",
            "10000000000000000000", "9999999999999999999", "100000000000000000000000000000000000000",
            "340282366920938463463374607431768211455", "340282366920938463463374607431768211456",
            "1000000000000000000000000000", "200000000000000000000000000000000000000000000000000",
            maxDecimal, "115792089237316195423570985008687907853269984665640564039457584007913129639934",
        ])
    func decimalRoundTrip(text: String) throws {
        #expect(try TokenAmount(decimal: text).description == text)
    }

    @Test("leading zeros are accepted and dropped")
    func leadingZeros() throws {
        #expect(try TokenAmount(decimal: "000") == .zero)
        #expect(try TokenAmount(decimal: "007").description == "7")
        #expect(try TokenAmount(decimal: "0000" + Self.maxDecimal) == .max)
    }

    @Test("random decimal round trips, compared with UInt64 and the limb-built value")
    func randomDecimalRoundTrip() throws {
        var rng = SplitMix64(seed: 11)
        for _ in 0..<200 {
            let small = rng.next()
            #expect(try TokenAmount(decimal: String(small)) == TokenAmount(small))
            #expect(TokenAmount(small).description == String(small))
            let big = Self.random(bits: Int.random(in: 0...256, using: &rng), using: &rng)
            #expect(try TokenAmount(decimal: big.description) == big)
        }
    }

    @Test("parse errors name what was wrong")
    func parseErrors() {
        #expect(throws: KMSContractsError.emptyDecimal) { try TokenAmount(decimal: "") }
        #expect(throws: KMSContractsError.signedDecimal(sign: "+")) { try TokenAmount(decimal: "+1") }
        #expect(throws: KMSContractsError.signedDecimal(sign: "-")) { try TokenAmount(decimal: "-1") }
        #expect(throws: KMSContractsError.signedDecimal(sign: "-")) { try TokenAmount(decimal: "-") }
        #expect(throws: KMSContractsError.signedDecimal(sign: "-")) { try TokenAmount(decimal: "-0") }
        #expect(throws: KMSContractsError.invalidDecimalCharacter("-", offset: 1)) { try TokenAmount(decimal: "1-") }
        #expect(throws: KMSContractsError.invalidDecimalCharacter(" ", offset: 0)) { try TokenAmount(decimal: " 1") }
        #expect(throws: KMSContractsError.invalidDecimalCharacter(" ", offset: 1)) { try TokenAmount(decimal: "1 ") }
        #expect(throws: KMSContractsError.invalidDecimalCharacter("_", offset: 1)) { try TokenAmount(decimal: "1_000") }
        #expect(throws: KMSContractsError.invalidDecimalCharacter(".", offset: 1)) { try TokenAmount(decimal: "1.5") }
        #expect(throws: KMSContractsError.invalidDecimalCharacter("x", offset: 1)) { try TokenAmount(decimal: "0x10") }
        #expect(throws: KMSContractsError.invalidDecimalCharacter("a", offset: 0)) { try TokenAmount(decimal: "a") }
        // Non-ASCII digits and a digit with a combining mark are not ASCII digits.
        #expect(throws: KMSContractsError.invalidDecimalCharacter("٣", offset: 1)) { try TokenAmount(decimal: "1٣") }
        #expect(throws: KMSContractsError.invalidDecimalCharacter("1\u{301}", offset: 0)) {
            try TokenAmount(decimal: "1\u{301}")
        }
    }

    @Test("2^256 and above are too large; a stray character is reported even in a too-large number")
    func parseTooLarge() {
        let twoTo256 = "115792089237316195423570985008687907853269984665640564039457584007913129639936"
        #expect(throws: KMSContractsError.decimalTooLarge(digits: twoTo256)) { try TokenAmount(decimal: twoTo256) }
        let huge = String(repeating: "9", count: 100)
        #expect(throws: KMSContractsError.decimalTooLarge(digits: huge)) { try TokenAmount(decimal: huge) }
        let tenTo78 = "1" + String(repeating: "0", count: 78)
        #expect(throws: KMSContractsError.decimalTooLarge(digits: tenTo78)) { try TokenAmount(decimal: tenTo78) }
        #expect(throws: KMSContractsError.invalidDecimalCharacter("z", offset: 100)) {
            try TokenAmount(decimal: huge + "z")
        }
    }

    // MARK: Comparison

    @Test("ordering compares the most significant limb first")
    func ordering() {
        #expect(TokenAmount(UInt64.max) < Self.twoTo64)
        #expect(Self.twoTo64 < Self.twoTo128)
        #expect(Self.twoTo128 < Self.twoTo192)
        #expect(Self.twoTo192 < .max)
        #expect(!(TokenAmount.max < .max))
        #expect(Self.amount("340282366920938463463374607431768211455") < Self.twoTo128)
        var rng = SplitMix64(seed: 12)
        let values = (0..<100).map { _ in Self.random(bits: Int.random(in: 0...256, using: &rng), using: &rng) }
        // Sorting by value agrees with sorting the zero-padded decimal text.
        let padded = { (a: TokenAmount) in String(repeating: "0", count: 78 - a.description.count) + a.description }
        #expect(values.sorted().map(padded) == values.map(padded).sorted())
    }

    // MARK: Addition and subtraction

    @Test("carries and borrows cross every limb boundary")
    func carries() throws {
        #expect(try TokenAmount(UInt64.max).adding(1) == Self.twoTo64)
        #expect(try Self.twoTo64.subtracting(1) == TokenAmount(UInt64.max))
        #expect(try Self.twoTo64.adding(1).description == "18446744073709551617")
        #expect(try Self.twoTo128.subtracting(1).adding(1) == Self.twoTo128)
        #expect(try Self.twoTo128.subtracting(1).description == "340282366920938463463374607431768211455")
        #expect(try Self.twoTo192.subtracting(1).adding(1) == Self.twoTo192)
        #expect(try TokenAmount.max.subtracting(.max) == .zero)
        #expect(try TokenAmount.zero.adding(.max) == .max)
        #expect(try TokenAmount.max.subtracting(Self.twoTo192).adding(Self.twoTo192) == .max)
    }

    @Test("2^256 − 1 + 1 overflows; 0 − 1 underflows")
    func overflowAndUnderflow() {
        #expect(throws: KMSContractsError.overflow(operation: .addition, lhs: .max, rhs: 1)) {
            try TokenAmount.max.adding(1)
        }
        #expect(throws: KMSContractsError.overflow(operation: .addition, lhs: Self.twoTo192, rhs: .max)) {
            try Self.twoTo192.adding(.max)
        }
        #expect(throws: KMSContractsError.underflow(minuend: 0, subtrahend: 1)) {
            try TokenAmount.zero.subtracting(1)
        }
        #expect(throws: KMSContractsError.underflow(minuend: Self.twoTo128, subtrahend: Self.twoTo192)) {
            try Self.twoTo128.subtracting(Self.twoTo192)
        }
    }

    @Test("addition and subtraction agree with UInt64 and invert each other")
    func additionProperties() throws {
        var rng = SplitMix64(seed: 13)
        for _ in 0..<300 {
            let x = rng.next() >> 1
            let y = rng.next() >> 1
            #expect(try TokenAmount(x).adding(TokenAmount(y)) == TokenAmount(x + y))
            let a = Self.random(bits: 255, using: &rng)
            let b = Self.random(bits: Int.random(in: 0...255, using: &rng), using: &rng)
            let sum = try a.adding(b)
            #expect(try b.adding(a) == sum)
            #expect(try sum.subtracting(b) == a)
            #expect(try sum.subtracting(a) == b)
            #expect(sum >= a && sum >= b)
        }
    }

    // MARK: Multiplication and division

    @Test("products overflow exactly at 2^256")
    func multiplicationBoundaries() throws {
        let below128 = try Self.twoTo128.subtracting(1)
        #expect(try below128.multiplied(by: Self.twoTo128).adding(below128) == .max)
        #expect(try Self.twoTo64.multiplied(by: Self.twoTo128) == Self.twoTo192)
        #expect(try TokenAmount.max.multiplied(by: 1) == .max)
        #expect(try TokenAmount.max.multiplied(by: 0) == .zero)
        #expect(try TokenAmount.zero.multiplied(by: .max) == .zero)
        #expect(try below128.multiplied(by: below128).description
            == "115792089237316195423570985008687907852589419931798687112530834793049593217025")
        #expect(throws: KMSContractsError.overflow(operation: .multiplication, lhs: Self.twoTo64, rhs: Self.twoTo192)) {
            try Self.twoTo64.multiplied(by: Self.twoTo192)
        }
        #expect(throws: KMSContractsError.overflow(operation: .multiplication, lhs: Self.twoTo128, rhs: Self.twoTo128)) {
            try Self.twoTo128.multiplied(by: Self.twoTo128)
        }
        #expect(throws: KMSContractsError.overflow(operation: .multiplication, lhs: .max, rhs: 2)) {
            try TokenAmount.max.multiplied(by: 2)
        }
        let twoTo255 = try Self.twoTo192.multiplied(by: Self.amount("9223372036854775808"))
        #expect(try twoTo255.adding(twoTo255.subtracting(1)) == .max)
        #expect(throws: KMSContractsError.overflow(operation: .multiplication, lhs: twoTo255, rhs: 2)) {
            try twoTo255.multiplied(by: 2)
        }
    }

    @available(macOS 15, *)
    @Test("products of values below 2^64 agree with UInt128")
    func multiplicationAgainstUInt128Small() throws {
        var rng = SplitMix64(seed: 21)
        for _ in 0..<300 {
            let a = rng.next() >> (rng.next() % 64)
            let b = rng.next() >> (rng.next() % 64)
            let expected = UInt128(a) * UInt128(b)
            #expect(try TokenAmount(a).multiplied(by: TokenAmount(b)).description == String(expected))
        }
    }

    @available(macOS 15, *)
    @Test("products of values below 2^128 agree with UInt128's full-width product")
    func multiplicationAgainstUInt128FullWidth() throws {
        var rng = SplitMix64(seed: 22)
        for _ in 0..<300 {
            let a = UInt128(rng.next()) << 64 | UInt128(rng.next()) >> (rng.next() % 128)
            let b = UInt128(rng.next()) << 64 | UInt128(rng.next()) >> (rng.next() % 128)
            let (high, low) = a.multipliedFullWidth(by: b)
            let product = try Self.amount(String(a)).multiplied(by: Self.amount(String(b)))
            let split = try product.quotientAndRemainder(dividingBy: Self.twoTo128)
            #expect(split.quotient == Self.amount(String(high)))
            #expect(split.remainder == Self.amount(String(low)))
        }
    }

    @available(macOS 15, *)
    @Test("quotients and remainders of values below 2^128 agree with UInt128")
    func divisionAgainstUInt128() throws {
        var rng = SplitMix64(seed: 23)
        for _ in 0..<500 {
            let a = (UInt128(rng.next()) << 64 | UInt128(rng.next())) >> (rng.next() % 128)
            var b = (UInt128(rng.next()) << 64 | UInt128(rng.next())) >> (rng.next() % 128)
            if b == 0 { b = 1 }
            let x = Self.amount(String(a))
            let y = Self.amount(String(b))
            #expect(try x.divided(by: y).description == String(a / b))
            #expect(try x.remainder(dividingBy: y).description == String(a % b))
        }
    }

    @Test("division edge cases on both paths (one-limb divisor and long division)")
    func divisionEdges() throws {
        #expect(try TokenAmount.max.divided(by: .max) == 1)
        #expect(try TokenAmount.max.remainder(dividingBy: .max) == .zero)
        #expect(try TokenAmount.max.divided(by: 1) == .max)
        #expect(try TokenAmount(7).quotientAndRemainder(dividingBy: Self.twoTo64) == (0, 7))
        #expect(try TokenAmount.zero.quotientAndRemainder(dividingBy: 3) == (0, 0))
        let byTwoTo64 = try TokenAmount.max.quotientAndRemainder(dividingBy: Self.twoTo64)
        #expect(try byTwoTo64.quotient == Self.twoTo192.subtracting(1))
        #expect(byTwoTo64.remainder == TokenAmount(UInt64.max))
        let byMaxLimb = try TokenAmount.max.quotientAndRemainder(dividingBy: TokenAmount(UInt64.max))
        #expect(byMaxLimb.quotient.description == "6277101735386680764176071790128604879584176795969512275969")
        #expect(byMaxLimb.remainder == .zero)
        // (2^256 − 1) = (2^128 − 1)(2^128 + 1)
        let below128 = try Self.twoTo128.subtracting(1)
        #expect(try TokenAmount.max.quotientAndRemainder(dividingBy: below128) == (Self.twoTo128.adding(1), 0))
        #expect(try TokenAmount.max.divided(by: Self.twoTo192.adding(1)).description == "18446744073709551615")
        #expect(try TokenAmount.max.remainder(dividingBy: 10).description == "5")
        #expect(try TokenAmount.max.divided(by: 10).description
            == "11579208923731619542357098500868790785326998466564056403945758400791312963993")
    }

    @Test("division by zero names the dividend")
    func divisionByZero() {
        #expect(throws: KMSContractsError.divisionByZero(dividend: 42)) { try TokenAmount(42).divided(by: 0) }
        #expect(throws: KMSContractsError.divisionByZero(dividend: .max)) { try TokenAmount.max.remainder(dividingBy: 0) }
        #expect(throws: KMSContractsError.divisionByZero(dividend: 0)) {
            try TokenAmount.zero.quotientAndRemainder(dividingBy: .zero)
        }
    }

    @Test("(a·b)/b = a and (a·b) mod b = 0 whenever a·b fits")
    func multiplyThenDivide() throws {
        var rng = SplitMix64(seed: 24)
        for _ in 0..<300 {
            let bitsA = Int.random(in: 0...256, using: &rng)
            let a = Self.random(bits: bitsA, using: &rng)
            var b = Self.random(bits: Int.random(in: 0...(256 - bitsA), using: &rng), using: &rng)
            if b.isZero { b = 1 }
            let product = try a.multiplied(by: b)
            #expect(try b.multiplied(by: a) == product)
            #expect(try product.divided(by: b) == a)
            #expect(try product.remainder(dividingBy: b) == .zero)
            if !a.isZero { #expect(try product.divided(by: a) == b) }
        }
    }

    @Test("q·d + r = a with r < d for random 256-bit dividends and divisors of every size")
    func divisionIdentity() throws {
        var rng = SplitMix64(seed: 25)
        for _ in 0..<400 {
            let a = Self.random(bits: Int.random(in: 0...256, using: &rng), using: &rng)
            var d = Self.random(bits: Int.random(in: 1...256, using: &rng), using: &rng)
            if d.isZero { d = 1 }
            let (q, r) = try a.quotientAndRemainder(dividingBy: d)
            #expect(r < d)
            #expect(try q.multiplied(by: d).adding(r) == a)
            #expect(try a.divided(by: d) == q)
            #expect(try a.remainder(dividingBy: d) == r)
        }
    }

    @Test("error descriptions carry the operands in decimal")
    func errorDescriptions() {
        #expect(
            KMSContractsError.overflow(operation: .addition, lhs: .max, rhs: 1).description
                == "overflow: \(Self.maxDecimal) + 1 does not fit in 256 bits")
        #expect(
            KMSContractsError.overflow(operation: .multiplication, lhs: Self.twoTo128, rhs: Self.twoTo128).description
                == "overflow: 340282366920938463463374607431768211456 * 340282366920938463463374607431768211456 does not fit in 256 bits")
        #expect(KMSContractsError.underflow(minuend: 0, subtrahend: 1).description == "underflow: 0 - 1 is negative")
        #expect(KMSContractsError.divisionByZero(dividend: 42).description == "division by zero: 42 / 0")
        #expect(KMSContractsError.emptyDecimal.description == "empty decimal amount")
        #expect(
            KMSContractsError.signedDecimal(sign: "-").description
                == "decimal amount starts with the sign '-'; only digits are allowed")
        #expect(
            KMSContractsError.invalidDecimalCharacter("x", offset: 1).description
                == "decimal amount has the non-digit \"x\" at offset 1")
        #expect(KMSContractsError.decimalTooLarge(digits: "1" + String(repeating: "0", count: 78)).description
            == "decimal amount 1\(String(repeating: "0", count: 78)) does not fit in 256 bits")
    }
}
