// Algebraic sanity of Scalar and Point with a seeded generator: field laws mod n, the group law,
// the variable-time multi-scalar multiplication against the constant-time ladder, and
// Capsule.batchInvert against one-by-one inversion.

import Foundation
import Testing
@testable import UmbralCore

@Suite("Curve scalar and point algebra")
struct CurveScalarAlgebraTests {
    static let iterations = 48

    @Test("(a + b) − b = a, a·a⁻¹ = 1, a + (−a) = 0, a·(b + c) = a·b + a·c")
    func scalarLaws() {
        var rng = SeededRNG(seed: 0xA16E_B4A0)
        var checked = 0
        for _ in 0..<Self.iterations {
            let a = Scalar.random(using: &rng)
            let b = Scalar.random(using: &rng)
            let c = Scalar.random(using: &rng)
            #expect((a + b) - b == a)
            #expect(a - a == Scalar.fromWord(0))
            #expect((a + a.negated).isZero)
            #expect(a.inverted().map { a * $0 } == Scalar.one)
            #expect(a * (b + c) == a * b + a * c)
            #expect(a * b == b * a)
            #expect(a != b)
            checked += 1
        }
        #expect(checked == Self.iterations)
        #expect(Scalar.fromWord(0).inverted() == nil)
        #expect(Scalar.one.inverted() == Scalar.one)
    }

    @Test("Scalar parsing and reduction at the boundaries of [0, n)")
    func scalarBoundaries() throws {
        let n = CurveTestSupport.bytes(CurveTestSupport.orderHex)
        var nMinusOne = n
        nMinusOne[31] -= 1
        #expect(throws: UmbralError.scalarOutOfRange(field: "t")) { try Scalar(bigEndianBytes: n, field: "t") }
        #expect(throws: UmbralError.zeroScalar(field: "t")) {
            try Scalar(nonZeroBigEndianBytes: [UInt8](repeating: 0, count: 32), field: "t")
        }
        #expect(throws: UmbralError.invalidLength(field: "t", expected: "32", actual: 31)) {
            try Scalar(bigEndianBytes: [UInt8](repeating: 0, count: 31), field: "t")
        }
        // CurveScalar accepts zero (spec §1.2).
        #expect(try Scalar(bigEndianBytes: [UInt8](repeating: 0, count: 32), field: "t").isZero)
        let top = try Scalar(bigEndianBytes: nMinusOne, field: "t")
        #expect(top + Scalar.one == Scalar.fromWord(0))
        #expect(top == Scalar.one.negated)
        #expect(Scalar.reducing(bigEndianBytes: n).isZero)
        var nPlusFive = n
        nPlusFive[31] += 5
        #expect(Scalar.reducing(bigEndianBytes: nPlusFive) == Scalar.fromWord(5))
        #expect(Scalar.reducing(bigEndianBytes: [0x07]) == Scalar.fromWord(7))

        let half = CurveTestSupport.bytes(CurveTestSupport.halfOrderHex)
        var halfPlusOne = half
        halfPlusOne[31] += 1
        #expect(!(try Scalar(bigEndianBytes: half, field: "t")).isHigh)
        #expect(try Scalar(bigEndianBytes: halfPlusOne, field: "t").isHigh)
    }

    @Test("Group law: (a + b)·G = a·G + b·G, a·(b·G) = (ab)·G, P − P = O, n·G = O")
    func pointLaws() throws {
        var rng = SeededRNG(seed: 0x9017)
        var checked = 0
        for _ in 0..<Self.iterations / 2 {
            let a = Scalar.random(using: &rng)
            let b = Scalar.random(using: &rng)
            let aG = Point.generatorMultiple(a)
            let bG = Point.generatorMultiple(b)
            #expect(Point.generatorMultiple(a + b) == aG + bG)
            #expect(a * bG == Point.generatorMultiple(a * b))
            #expect(a * Point.generator == aG)
            #expect((aG - aG).isIdentity)
            #expect(aG + aG.negated == aG - aG)
            let reparsed = try Point(compressedBytes: aG.compressedBytes, field: "P")
            #expect(reparsed == aG)
            #expect(aG.compressedBytes.count == 33)
            checked += 1
        }
        #expect(checked == Self.iterations / 2)
        let top = Scalar.one.negated  // n − 1
        let identity = Point.generatorMultiple(top) + Point.generator
        #expect(identity.isIdentity)
        #expect(identity.compressedBytes == [0x00])
        #expect(identity.affineCoordinates == nil)
        #expect(Point.generatorMultiple(Scalar.fromWord(0)).isIdentity)
    }

    @Test("linearCombination equals the sum of ladder products")
    func linearCombination() {
        var rng = SeededRNG(seed: 0x11AC)
        var checked = 0
        for termCount in 1...6 {
            for withGenerator in [false, true] {
                let terms = (0..<termCount).map { _ in
                    (Scalar.random(using: &rng), Point.generatorMultiple(Scalar.random(using: &rng)))
                }
                let g = withGenerator ? Scalar.random(using: &rng) : nil
                var expected = terms.dropFirst().reduce(terms[0].0 * terms[0].1) { $0 + $1.0 * $1.1 }
                if let g { expected = expected + Point.generatorMultiple(g) }
                #expect(Point.linearCombination(terms, generatorScalar: g) == expected,
                        "\(termCount) terms, generator: \(withGenerator)")
                checked += 1
            }
        }
        #expect(checked == 12)
        // Terms that cancel give the identity.
        let k = Scalar.random(using: &rng)
        let p = Point.generatorMultiple(Scalar.random(using: &rng))
        #expect(Point.linearCombination([(k, p), (k.negated, p)]).isIdentity)
        #expect(Point.linearCombination([], generatorScalar: k) == Point.generatorMultiple(k))
    }

    @Test("Capsule.batchInvert equals one-by-one inversion")
    func batchInvert() {
        var rng = SeededRNG(seed: 0xBA7C)
        var checked = 0
        for count in [1, 2, 3, 5, 8, 13] {
            let values = (0..<count).map { _ in Scalar.random(using: &rng) }
            let inverses = Capsule.batchInvert(values)
            #expect(inverses.count == count)
            for (value, inverse) in zip(values, inverses) {
                #expect(value.inverted() == inverse)
                #expect(value * inverse == Scalar.one)
                checked += 1
            }
        }
        #expect(checked == 32)
        #expect(Capsule.batchInvert([]).isEmpty)
        // Repeated values and 1 are fine.
        let a = Scalar.random(using: &rng)
        #expect(Capsule.batchInvert([a, a, Scalar.one]) == [a.inverted()!, a.inverted()!, Scalar.one])
    }
}
