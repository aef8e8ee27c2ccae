/// How many scalar multiplications of each kind every timed operation performs, read from the
/// protocol code (Sources/UmbralCore/Protocol, Capsule, KeyFrag, CapsuleFrag, Signatures) as the
/// benchmark calls it, and the floor they set: Σ count × measured price of one.
///
/// The counts are static, derived by hand from the code and written down here with their
/// derivation; UmbralCore has no multiplication counters (its `Point` belongs to the curve seam
/// and stays free of benchmark code). Keys' public halves are computed once when a key is made,
/// and the benchmark parses objects outside the timed call, so neither adds multiplications.
/// Hashing, the DEM, point encodings and scalar arithmetic are not multiplications: they are
/// what separates a measured figure from its floor.
struct MultiplicationCount {
    let fixed: Int
    let variable: Int
    let combinationWithG: Int
    let combinationOfTwo: Int
    let ecdsaVerify: Int
    /// The DEM operation the call also runs (`dem_encrypt` / `dem_decrypt`), if any: not a
    /// multiplication, shown in a second floor that adds its measured price.
    var dem: String? = nil
    /// Where the numbers come from.
    let derivation: String

    func count(_ kind: MultiplicationKind) -> Int {
        switch kind {
        case .fixed: fixed
        case .variable: variable
        case .combinationWithG: combinationWithG
        case .combinationOfTwo: combinationOfTwo
        case .ecdsaVerify: ecdsaVerify
        }
    }

    /// Σ count × price, in µs, or nil when a price is missing; with `dem`, plus the DEM's price.
    func floor(prices: [String: Double], dem demPrices: [String: Double]? = nil) -> Double? {
        var total = 0.0
        if let demPrices, let dem {
            guard let price = demPrices[dem] else { return nil }
            total += price
        }
        for kind in MultiplicationKind.allCases where count(kind) > 0 {
            guard let price = prices[kind.rawValue] else { return nil }
            total += Double(count(kind)) * price
        }
        return total
    }

    static func forOperation(_ name: String) -> MultiplicationCount? {
        if name.hasPrefix("encrypt_") {
            return MultiplicationCount(
                fixed: 2, variable: 1, combinationWithG: 0, combinationOfTwo: 0, ecdsaVerify: 0,
                dem: "dem_encrypt_" + name.dropFirst("encrypt_".count),
                derivation: "Capsule.make: E = r·G, V = u·G; shared point (r+u)·pk_A; then the DEM")
        }
        if name.hasPrefix("decrypt_original_") {
            return MultiplicationCount(
                fixed: 0, variable: 1, combinationWithG: 0, combinationOfTwo: 0, ecdsaVerify: 0,
                dem: "dem_decrypt_" + name.dropFirst("decrypt_original_".count),
                derivation: "Capsule.openOriginal: sk_A·(E+V); then the DEM")
        }
        switch name {
        case "generate_kfrags_2of3": return keyFrags(shares: 3)
        case "generate_kfrags_5of10": return keyFrags(shares: 10)
        case "verify_kfrag":
            return MultiplicationCount(
                fixed: 0, variable: 1, combinationWithG: 0, combinationOfTwo: 0, ecdsaVerify: 1,
                derivation: "KeyFrag.verify: commitment rk·U (secret rk, constant-time); one ECDSA verification of the "
                    + "signature for the proxy")
        case "reencrypt":
            return MultiplicationCount(
                fixed: 0, variable: 5, combinationWithG: 0, combinationOfTwo: 0, ecdsaVerify: 0,
                derivation: "Umbral.reencrypt: E1 = rk·E, V1 = rk·V; proof nonce t·E, t·V, t·U")
        case "verify_cfrag":
            return MultiplicationCount(
                fixed: 0, variable: 0, combinationWithG: 0, combinationOfTwo: 3, ecdsaVerify: 1,
                derivation: "CapsuleFrag.verify: one ECDSA verification of the kFrag signature for the receiver; the proof's z·X − h·X1 = X2 for X = E, V, U (three two-point combinations)")
        case "decrypt_reencrypted_2": return decryptReencrypted(capsuleFrags: 2)
        case "decrypt_reencrypted_5": return decryptReencrypted(capsuleFrags: 5)
        default: return nil
        }
    }

    /// Umbral.generateKeyFrags: precursor x·G and the Diffie–Hellman point x·pk_B once; per kFrag
    /// the commitment key·U and two ECDSA signatures (one k·G each).
    static func keyFrags(shares: Int) -> MultiplicationCount {
        MultiplicationCount(
            fixed: 1 + 2 * shares, variable: 1 + shares, combinationWithG: 0, combinationOfTwo: 0, ecdsaVerify: 0,
            derivation: "Umbral.generateKeyFrags: x·G and x·pk_B once; per kFrag key·U and two ECDSA signatures "
                + "(k·G each): 1+2n fixed, 1+n variable for n = \(shares)")
    }

    /// Capsule.openReencrypted: sk_B·precursor; λᵢ·E1ᵢ and λᵢ·V1ᵢ per cFrag; the check
    /// (s/d)·pk_A = h·E′ + V′ (two); the seed d·(E′+V′). All constant-time (λ derives from a secret).
    static func decryptReencrypted(capsuleFrags m: Int) -> MultiplicationCount {
        MultiplicationCount(
            fixed: 0, variable: 4 + 2 * m, combinationWithG: 0, combinationOfTwo: 0, ecdsaVerify: 0,
            dem: "dem_decrypt_\(BenchmarkInputs.sizes[0])",
            derivation: "Capsule.openReencrypted: sk_B·P; λ·E1 and λ·V1 per cFrag; (s/d)·pk_A and h·E′ for the "
                + "check; d·(E′+V′): 4+2m variable for m = \(m); then the DEM")
    }
}
