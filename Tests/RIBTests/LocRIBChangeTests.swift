/// The pieces of the RIB's fast path: `locRIBChanges` (what the speaker hands its kernel
/// writer: each changed prefix once, with its multipath next hops, checked against
/// `multipathRoutes`), the `PrefixKey` table hash (equal prefixes hash alike, distinct ones
/// spread), and the Adj-RIB-Out's in-place staging when a prefix changes several times before
/// it is pulled (latest wins, references balanced).
import BGPWire
import NetCore
import Testing
@testable import RIB

@Suite struct LocRIBChangeTests {
    /// The next hops `multipathRoutes` reports, as the speaker computed them before.
    func expected(_ rib: RoutingInformationBase, _ prefix: IPPrefix) -> LocRIBChange {
        let paths = rib.multipathRoutes(for: prefix)
        return LocRIBChange(prefix: prefix, nextHops: paths.compactMap(\.nextHop), isLocal: paths.first?.source.isLocal ?? false)
    }

    @Test func eachPrefixOnceWithItsCurrentState() {
        var rib = makeRIB()
        let peer = addPeer(&rib, "198.51.100.2", asn: 65001)
        let a = IPPrefix.v4(p4("203.0.113.0/24")), b = IPPrefix.v4(p4("203.0.113.128/25"))
        _ = rib.apply(announce(["203.0.113.0/24", "203.0.113.128/25"]), from: peer)
        _ = rib.apply(withdraw(["203.0.113.128/25"]), from: peer)
        let changes = rib.locRIBChanges([a, b, a, b])
        #expect(changes.map(\.prefix) == [a, b])
        #expect(changes[0] == LocRIBChange(prefix: a, nextHops: [ip("198.51.100.2")], isLocal: false))
        #expect(changes[1] == LocRIBChange(prefix: b, nextHops: [], isLocal: false))  // unreachable now
        #expect(changes == [expected(rib, a), expected(rib, b)])
    }

    @Test func longListsAreDeduplicatedToo() {
        var rib = makeRIB()
        let peer = addPeer(&rib, "198.51.100.2", asn: 65001)
        let names = (0..<40).map { "100.64.\($0).0/24" }
        let outcome = rib.apply(announce(names), from: peer)
        #expect(outcome.changed.count == 40)
        // Past the short-list scan: a set drops the repeats, first occurrences keep their order.
        let changes = rib.locRIBChanges(outcome.changed + outcome.changed.reversed())
        #expect(changes.map(\.prefix) == outcome.changed)
        #expect(changes.allSatisfy { $0.nextHops == [ip("198.51.100.2")] && !$0.isLocal })
    }

    @Test func multipathLocalAndIPv6MatchMultipathRoutes() {
        var rib = makeRIB()
        let x = addPeer(&rib, "198.51.100.2", asn: 65001)
        let y = addPeer(&rib, "198.51.100.3", asn: 65001)
        let v6 = addPeer(&rib, "2001:db8:1::2", asn: 65001)
        _ = rib.apply(announce(["203.0.113.0/24"], nextHop: "198.51.100.2"), from: x)
        _ = rib.apply(announce(["203.0.113.0/24"], nextHop: "198.51.100.3"), from: y)
        _ = rib.apply(announce6(["2001:db8:100::/48"]), from: v6)
        let local = IPPrefix.v4(p4("192.0.2.0/26"))
        _ = rib.originate(local)
        let shared = IPPrefix.v4(p4("203.0.113.0/24")), six = IPPrefix.v6(p6("2001:db8:100::/48"))
        let changes = rib.locRIBChanges([shared, local, six, local])
        #expect(changes.count == 3)
        #expect(changes[0].nextHops.count == 2)  // both eBGP paths from AS 65001 are equal
        #expect(changes[1] == LocRIBChange(prefix: local, nextHops: [], isLocal: true))
        #expect(changes[2].nextHops == [ip("2001:db8:1::2")])
        #expect(changes == [expected(rib, shared), expected(rib, local), expected(rib, six)])
    }

    /// The Loc-RIB keeps non-zero ADD-PATH path IDs of best paths in a side table.
    @Test func bestPathIDsSurviveTheCompactLocRIB() {
        var rib = makeRIB()
        let peer = addPeer(&rib, "198.51.100.2", asn: 65001)
        let p = IPPrefix.v4(p4("203.0.113.0/24"))
        _ = rib.apply(announce(["203.0.113.0/24"], nextHop: "198.51.100.7", pathID: 7), from: peer)
        #expect(rib.bestRoute(for: p)?.pathID == 7)
        _ = rib.apply(announce(["203.0.113.0/24"], nextHop: "198.51.100.3", pathID: 3), from: peer)
        #expect(rib.bestRoute(for: p)?.pathID == 3)  // lowest path ID breaks the tie
        #expect(rib.multipathRoutes(for: p).map(\.pathID) == [3, 7])
        _ = rib.apply(withdraw(["203.0.113.0/24"], pathID: 3), from: peer)
        #expect(rib.bestRoute(for: p)?.pathID == 7)
        _ = rib.apply(withdraw(["203.0.113.0/24"], pathID: 7), from: peer)
        #expect(rib.bestRoute(for: p) == nil)
        _ = rib.apply(announce(["203.0.113.0/24"]), from: peer)  // no ADD-PATH: path ID 0
        #expect(rib.bestRoute(for: p)?.pathID == 0)
        #expect(rib.locRIBCount(.ipv4Unicast) == 1)
    }

    /// A prefix-dependent export policy inside one UPDATE: the memo answers only after the
    /// policy ran for each prefix, so rejected and rewritten prefixes stay so.
    @Test func exportPolicyDecidesEveryPrefixOfAnUpdate() {
        var rib = makeRIB()
        let feeder = addPeer(&rib, "198.51.100.2", asn: 65001)
        let rejected = p4("203.0.113.64/26"), rewritten = p4("203.0.113.128/26")
        let collector = addPeer(&rib, "203.0.113.9", asn: 65002) { config in
            config.exportPolicy = { prefix, attributes in
                if prefix == .v4(rejected) { return .reject }
                guard prefix == .v4(rewritten) else { return .accept }
                var modified = attributes
                modified.communities = [Community(asn: 65000, value: 42)]
                return .modify(modified)
            }
        }
        _ = drain(&rib, collector)
        let names = ["203.0.113.0/26", "203.0.113.64/26", "203.0.113.128/26", "203.0.113.192/26", "198.51.100.0/24"]
        _ = rib.apply(announce(names), from: feeder)
        let sent = drain(&rib, collector)
        var announced: [IPPrefix: [Community]] = [:]
        for case .update(let u) in sent { for n in u.nlri { announced[n.prefix] = u.communities ?? [] } }
        #expect(Set(announced.keys) == Set(names.map { IPPrefix.v4(p4($0)) }).subtracting([.v4(rejected)]))
        #expect(announced[.v4(rewritten)] == [Community(asn: 65000, value: 42)])
        #expect(announced[.v4(p4("203.0.113.192/26"))] == [])
        #expect(announced[.v4(p4("198.51.100.0/24"))] == [])
        #expect(rib.advertisedAttributes(to: collector, prefix: .v4(rejected)) == nil)
    }

    @Test func prefixKeysHashByValue() {
        let seeds = [0, 1, -1, 0x5eed_1234_abcd]
        for seed in seeds {
            #expect(PrefixKey(p4("10.0.0.0/8"))._rawHashValue(seed: seed) == PrefixKey(p4("10.1.2.3/8"))._rawHashValue(seed: seed))
            #expect(PrefixKey(p6("2001:db8::/32"))._rawHashValue(seed: seed)
                    == PrefixKey(p6("2001:db8::1/32"))._rawHashValue(seed: seed))
        }
        // Same address, different lengths, and sequential /24s: all distinct 64-bit hashes.
        var hashes = Set<Int>()
        for length in 8...32 { hashes.insert(PrefixKey(p4("100.64.0.0/\(length)"))._rawHashValue(seed: 7)) }
        for i in 0..<4096 {
            let p = IPv4Prefix(address: IPv4Address(rawValue: 0x6440_0000 | UInt32(i) << 8), length: 24)!
            hashes.insert(PrefixKey(p)._rawHashValue(seed: 7))
        }
        #expect(hashes.count == 25 + 4095)  // 100.64.0.0/24 is in both loops
        // A table keyed by them behaves as one keyed by the prefixes.
        var table: [PrefixKey<IPv4Prefix>: Int] = [:]
        for i in 0..<1000 { table[PrefixKey(IPv4Prefix(address: IPv4Address(rawValue: UInt32(i) << 12), length: 20)!)] = i }
        #expect(table.count == 1000)
        #expect(table[PrefixKey(p4("0.1.0.0/20"))] == 16)
    }

    @Test func repeatedChangesBeforeAPullKeepTheLatest() {
        var rib = makeRIB()
        let feeder = addPeer(&rib, "198.51.100.2", asn: 65001)
        let collector = addPeer(&rib, "203.0.113.9", asn: 65002)
        _ = drain(&rib, collector)
        let baseline = rib.attributeTable.count
        // Announced, withdrawn, announced again with the same and then other attributes, all
        // before the collector pulls: it sees one announcement with the last attributes.
        _ = rib.apply(announce(["192.0.2.0/24"], path: [65001, 1]), from: feeder)
        _ = rib.apply(withdraw(["192.0.2.0/24"]), from: feeder)
        _ = rib.apply(announce(["192.0.2.0/24"], path: [65001, 1]), from: feeder)
        _ = rib.apply(announce(["192.0.2.0/24"], path: [65001, 2]), from: feeder)
        let sent = drain(&rib, collector)
        #expect(sent.count == 1)
        guard case .update(let u)? = sent.first else { Issue.record("expected one UPDATE"); return }
        #expect(u.nlri.map(\.prefix) == [.v4(p4("192.0.2.0/24"))])
        #expect(u.asPath == asPath([64512, 65001, 2]))
        // Withdrawn twice before a pull: one withdrawal, and every handle but the live ones freed.
        _ = rib.apply(withdraw(["192.0.2.0/24"]), from: feeder)
        _ = rib.apply(announce(["192.0.2.0/24"], path: [65001, 3]), from: feeder)
        _ = rib.apply(withdraw(["192.0.2.0/24"]), from: feeder)
        let gone = drain(&rib, collector)
        #expect(gone.count == 1)
        guard case .update(let w)? = gone.first else { Issue.record("expected one UPDATE"); return }
        #expect(w.withdrawn.map(\.prefix) == [.v4(p4("192.0.2.0/24"))])
        #expect(rib.advertisedCount(to: collector, family: .ipv4Unicast) == 0)
        #expect(rib.attributeTable.count == baseline)
    }
}
