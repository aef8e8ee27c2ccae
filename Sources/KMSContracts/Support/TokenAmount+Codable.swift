/// Amounts are saved as decimal strings: JSON numbers cannot hold 256 bits exactly.
extension TokenAmount: Codable {
    /// Reads an amount saved by ``encode(to:)``: a string of decimal digits.
    ///
    /// - Parameter decoder: The decoder to read from.
    /// - Throws: `DecodingError.dataCorrupted` if the string is not a valid decimal amount.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do {
            self = try TokenAmount(decimal: text)
        } catch {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "not a token amount: \(error.description)")
        }
    }

    /// Writes the amount as its exact decimal string.
    ///
    /// - Parameter encoder: The encoder to write to.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

extension TokenAmount {
    /// `self + other`, capped at ``max`` instead of throwing; for sums that only bound a check.
    func saturatingAdding(_ other: TokenAmount) -> TokenAmount {
        (try? adding(other)) ?? .max
    }

    /// `self − other`, floored at zero instead of throwing.
    func saturatingSubtracting(_ other: TokenAmount) -> TokenAmount {
        other >= self ? .zero : ((try? subtracting(other)) ?? .zero)
    }

    /// `⌈self / divisor⌉`; throws on division by zero.
    func dividedRoundingUp(by divisor: TokenAmount) throws(KMSContractsError) -> TokenAmount {
        let (quotient, remainder) = try quotientAndRemainder(dividingBy: divisor)
        return remainder.isZero ? quotient : try quotient.adding(1)
    }
}
