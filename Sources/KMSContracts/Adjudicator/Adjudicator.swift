/// The adjudicator (beyond the 2018 contracts, after SOL‑DEC's MiningAdjudicator): it judges
/// Bob's evidence that an Ursula returned a cFrag failing Umbral's verification, slashes her
/// stake if so, and remembers every piece of evidence it judged.
public struct Adjudicator: Hashable, Sendable, Codable {
    /// Keccak-256 (hex) of each evaluated capsule ‖ cFrag; the same pair is never judged twice.
    public internal(set) var evaluatedEvidence: Set<String>
    /// Everything slashed so far.
    public internal(set) var totalSlashed: TokenAmount
    /// Everything paid to investigators.
    public internal(set) var totalInvestigatorRewards: TokenAmount

    init() {
        evaluatedEvidence = []
        totalSlashed = .zero
        totalInvestigatorRewards = .zero
    }
}
