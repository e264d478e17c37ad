/// Properties of ChangePlan over random configuration pairs (seeded, so failures reproduce):
/// a plan from a configuration to itself is empty; applying a plan's removals, additions and
/// changes to the old peer set gives the new one; unchanged peers appear nowhere.
import CalicoModel
import NetCore
import Testing
@testable import Templater

/// SplitMix64: a tiny deterministic generator for reproducible random configurations.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

enum RandomConfigs {
    /// A configuration with a random subset of twelve candidate peers (on eight addresses, so
    /// ports collide and pair), random parameters from small domains, random blocks.
    static func make(_ base: DesiredNodeConfig, _ rng: inout SplitMix64) -> DesiredNodeConfig {
        var c = base
        c.peers = []
        for i in 0..<12 where Bool.random(using: &rng) {
            let address = IPAddress("203.0.113.\(1 + i % 8)")!
            let port: UInt16? = [nil, 1790, 179].randomElement(using: &rng)!
            var p = PeerConfig(kind: [.global, .node].randomElement(using: &rng)!, address: address, port: port,
                               remoteAS: [64512, 65000].randomElement(using: &rng)!, localAS: 64512)
            p.passive = Bool.random(using: &rng)
            p.ttlSecurity = [nil, 1, 2].randomElement(using: &rng)!
            p.keepaliveTime = [nil, 10, 20].randomElement(using: &rng)!
            p.holdTime = [nil, 30].randomElement(using: &rng)!
            p.gracefulRestartTime = [nil, 120].randomElement(using: &rng)!
            p.nextHop = [.auto, .self, .keep].randomElement(using: &rng)!
            p.routeReflectorClient = Bool.random(using: &rng)
            p.numAllowedLocalAS = [nil, 0, 1].randomElement(using: &rng)!
            p.filters = [[], ["only-pods"]].randomElement(using: &rng)!
            p.sourceAddress = [nil, IPAddress("192.0.2.1")].randomElement(using: &rng)!
            p.reachableBy = [nil, IPAddress("192.0.2.254")].randomElement(using: &rng)!
            c.peers.append(p)
        }
        c.localBlocks = (0..<6).filter { _ in Bool.random(using: &rng) }.map { IPPrefix("100.64.\($0).0/26")! }
        return c
    }
}

@Suite struct ChangePlanPropertyTests {
    static let seeds: [UInt64] = Array(1...300)
    /// Parsed once: the random configurations only replace peers and blocks.
    static let base = Result { try PlanFixture.config() }

    @Test(arguments: seeds)
    func properties(_ seed: UInt64) throws {
        let base = try Self.base.get()
        var rng = SplitMix64(state: seed)
        let a = RandomConfigs.make(base, &rng)
        let b = RandomConfigs.make(base, &rng)

        // plan(a, a) is empty.
        #expect(ChangePlan.between(a, a).isEmpty, "seed \(seed)")

        // Applying the plan's removals, changes and additions to a's peers gives b's peers
        // (as multisets: a configuration may hold two peerings with the same key).
        let plan = ChangePlan.between(a, b)
        var peers = a.peers
        func removeOne(_ p: PeerConfig, _ what: String) {
            if let i = peers.firstIndex(of: p) { peers.remove(at: i) } else { Issue.record("seed \(seed): \(what) \(p.name) is not in the old set") }
        }
        for p in plan.removedPeers { removeOne(p, "removed") }
        for c in plan.changedPeers { removeOne(c.old, "changed") }
        peers += plan.changedPeers.map(\.new) + plan.addedPeers
        let order: (PeerConfig, PeerConfig) -> Bool = { "\($0)" < "\($1)" }
        #expect(peers.sorted(by: order) == b.peers.sorted(by: order), "seed \(seed)")

        // Unchanged peers appear nowhere; every reported change really differs.
        let unchanged = Set(a.peers).intersection(b.peers)
        let mentioned = plan.addedPeers + plan.removedPeers + plan.changedPeers.flatMap { [$0.old, $0.new] }
        #expect(unchanged.isDisjoint(with: mentioned), "seed \(seed)")
        for c in plan.changedPeers {
            #expect(!c.fields.isEmpty && c.fields.allSatisfy { $0.old != $0.new }, "seed \(seed)")
        }

        // Blocks: originate/withdraw and blackholes are the set differences.
        #expect(Set(plan.kernel.blackholesAdded) == Set(b.localBlocks).subtracting(a.localBlocks), "seed \(seed)")
        #expect(Set(plan.kernel.blackholesRemoved) == Set(a.localBlocks).subtracting(b.localBlocks), "seed \(seed)")
    }
}
