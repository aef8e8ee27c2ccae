import KMSNetwork
import Testing

@Suite("Injected datagram faults")
struct DatagramFaultsTests {
    @Test("a perfect network reads every datagram once, at once")
    func none() {
        var rng = SeededGenerator(seed: 1)
        for _ in 0..<100 { #expect(DatagramFaults.none.fate(using: &rng) == [.zero]) }
    }

    @Test("loss, duplication and delay happen at their rates and within their bound")
    func rates() {
        let faults = DatagramFaults(lossRate: 0.25, duplicationRate: 0.5, maxDelay: .milliseconds(10))
        var rng = SeededGenerator(seed: 2)
        var (lost, duplicated, delays) = (0, 0, [Duration]())
        let trials = 20_000
        for _ in 0..<trials {
            let fate = faults.fate(using: &rng)
            if fate.isEmpty { lost += 1 }
            if fate.count == 2 { duplicated += 1 }
            delays += fate
        }
        #expect(abs(Double(lost) / Double(trials) - 0.25) < 0.02)
        #expect(abs(Double(duplicated) / Double(trials - lost) - 0.5) < 0.02)
        #expect(delays.allSatisfy { $0 >= .zero && $0 <= .milliseconds(10) })
        let mean = delays.reduce(Duration.zero, +) / delays.count
        #expect(mean > .milliseconds(4) && mean < .milliseconds(6), "uniform delays average half the bound, got \(mean)")
    }

    @Test("rates are clamped and the loss rate is the configuration's inboundLossRate")
    func clamping() {
        #expect(DatagramFaults(lossRate: 2, duplicationRate: -1).lossRate == 1)
        #expect(DatagramFaults(lossRate: 2, duplicationRate: -1).duplicationRate == 0)
        var configuration = KademliaServerConfiguration(inboundLossRate: 0.3)
        #expect(configuration.inboundFaults.lossRate == 0.3)
        configuration.inboundFaults = DatagramFaults(lossRate: 0.1, maxDelay: .milliseconds(5))
        #expect(configuration.inboundLossRate == 0.1)
    }
}
