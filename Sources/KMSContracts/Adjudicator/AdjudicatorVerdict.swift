public import KMSPolicy

/// What the adjudicator decided about a piece of evidence it accepted for judgement.
public enum AdjudicatorVerdict: Hashable, Sendable {
    /// The cFrag failed its correctness proof: the miner lost `penalty` and the investigator
    /// received `reward` of it.
    case slashed(miner: Address, penalty: TokenAmount, reward: TokenAmount)
    /// The cFrag was correct after all; nobody was slashed, and the evidence is spent.
    case cleared
}
