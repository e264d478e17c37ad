/// Applying UPDATEs: announcements and withdrawals (IPv4 and MP), ADD-PATH, RFC 7606
/// treat-as-withdraw, End-of-RIB, import checks and policy, maximum-prefix, and interning.
import BGPWire
import NetCore
import Testing
@testable import RIB

@Suite struct AdjRIBInTests {
    @Test func announceThenWithdrawIPv4() {
        var rib = makeRIB()
        let peer = addPeer(&rib, "198.51.100.2", asn: 65001)
        let outcome = rib.apply(announce(["203.0.113.0/24", "203.0.113.128/25"]), from: peer)
        #expect(Set(outcome.changed) == [.v4(p4("203.0.113.0/24")), .v4(p4("203.0.113.128/25"))])
        let best = rib.bestRoute(for: .v4(p4("203.0.113.0/24")))
        #expect(best?.nextHop == ip("198.51.100.2"))
        #expect(best?.attributes.localPref == 100)  // RFC 4271 §5.1.5 default for eBGP
        #expect(rib.acceptedPathCount(from: peer, family: .ipv4Unicast) == 2)
        let gone = rib.apply(withdraw(["203.0.113.0/24"]), from: peer)
        #expect(gone.changed == [.v4(p4("203.0.113.0/24"))])
        #expect(rib.bestRoute(for: .v4(p4("203.0.113.0/24"))) == nil)
        #expect(rib.locRIBCount(.ipv4Unicast) == 1)
    }

    @Test func announceThenWithdrawIPv6() {
        var rib = makeRIB()
        let peer = addPeer(&rib, "2001:db8:1::2", asn: 65001)
        let outcome = rib.apply(announce6(["2001:db8:100::/48"]), from: peer)
        #expect(outcome.changed == [.v6(p6("2001:db8:100::/48"))])
        #expect(rib.bestRoute(for: .v6(p6("2001:db8:100::/48")))?.nextHop == ip("2001:db8:1::2"))
        #expect(rib.apply(withdraw6(["2001:db8:100::/48"]), from: peer).changed.count == 1)
        #expect(rib.locRIBCount(.ipv6Unicast) == 0)
    }

    @Test func sameRouteAgainChangesNothing() {
        var rib = makeRIB()
        let peer = addPeer(&rib, "198.51.100.2", asn: 65001)
        _ = rib.apply(announce(["203.0.113.0/24"]), from: peer)
        #expect(rib.apply(announce(["203.0.113.0/24"]), from: peer).changed.isEmpty)
        #expect(rib.apply(withdraw(["198.51.100.0/24"]), from: peer).changed.isEmpty)
    }

    @Test func addPathKeepsEachPathID() {
        var rib = makeRIB()
        let peer = addPeer(&rib, "198.51.100.2", asn: 65001)
        _ = rib.apply(announce(["203.0.113.0/24"], nextHop: "198.51.100.7", path: [65001, 1], pathID: 7), from: peer)
        _ = rib.apply(announce(["203.0.113.0/24"], nextHop: "198.51.100.8", pathID: 8), from: peer)
        #expect(rib.routes(for: .v4(p4("203.0.113.0/24"))).count == 2)
        #expect(rib.acceptedPathCount(from: peer, family: .ipv4Unicast) == 2)
        #expect(rib.bestRoute(for: .v4(p4("203.0.113.0/24")))?.pathID == 8)  // shorter AS_PATH
        _ = rib.apply(withdraw(["203.0.113.0/24"], pathID: 8), from: peer)
        #expect(rib.bestRoute(for: .v4(p4("203.0.113.0/24")))?.pathID == 7)
        _ = rib.apply(withdraw(["203.0.113.0/24"], pathID: 7), from: peer)
        #expect(rib.routes(for: .v4(p4("203.0.113.0/24"))).isEmpty)
    }

    @Test func treatAsWithdrawRemovesEarlierPaths() {
        var rib = makeRIB()
        let peer = addPeer(&rib, "198.51.100.2", asn: 65001)
        _ = rib.apply(announce(["203.0.113.0/24"]), from: peer)
        var bad = announce(["203.0.113.0/24", "198.51.100.0/24"])
        bad.attributeErrors = [AttributeError(code: .origin, action: .treatAsWithdraw,
                                              notification: NotificationMessage(code: 3, subcode: 6), reason: "test")]
        let outcome = rib.apply(bad, from: peer)
        #expect(outcome.treatedAsWithdraw)
        #expect(outcome.changed == [.v4(p4("203.0.113.0/24"))])
        #expect(rib.locRIBCount(.ipv4Unicast) == 0)
    }

    @Test func endOfRIBIsReported() {
        var rib = makeRIB()
        let peer = addPeer(&rib, "198.51.100.2", asn: 65001)
        #expect(rib.apply(.endOfRIB(.ipv4Unicast), from: peer).endOfRIB == .ipv4Unicast)
        #expect(rib.apply(.endOfRIB(.ipv6Unicast), from: peer).endOfRIB == .ipv6Unicast)
    }

    @Test func updatesWithoutASessionAreIgnored() {
        var rib = makeRIB()
        let peer = rib.addPeer(PeerConfiguration(address: ip("198.51.100.2")))
        #expect(rib.apply(announce(["203.0.113.0/24"]), from: peer).changed.isEmpty)
    }

    @Test(arguments: [(0, [64512], false), (0, [65001], true), (1, [64512, 65001], true), (1, [64512, 64512], false)])
    func asLoopDetectionWithAllowance(allowed: Int, path: [UInt32], accepted: Bool) {
        var rib = makeRIB()
        let peer = addPeer(&rib, "198.51.100.2", asn: 65001) { $0.allowedLocalASOccurrences = allowed }
        let outcome = rib.apply(announce(["203.0.113.0/24"], path: path), from: peer)
        #expect((rib.locRIBCount(.ipv4Unicast) == 1) == accepted)
        #expect((outcome.rejected[.asLoop] != nil) == !accepted)
    }

    @Test func reflectionLoopsAreDropped() {
        var rib = makeRIB(clusterID: 0x0A00_0001)
        let peer = addPeer(&rib, "192.0.2.20")
        let own = rib.apply(announce(["203.0.113.0/24"], path: [], originatorID: localRouterID), from: peer)
        #expect(own.rejected[.originatorIsSelf] == 1)
        let cluster = rib.apply(announce(["203.0.113.0/24"], path: [], clusterList: [7, 0x0A00_0001]), from: peer)
        #expect(cluster.rejected[.clusterLoop] == 1)
        _ = rib.apply(announce(["203.0.113.0/24"], path: [], clusterList: [7]), from: peer)
        #expect(rib.locRIBCount(.ipv4Unicast) == 1)
    }

    @Test func importPolicyAcceptsRejectsAndModifies() {
        var rib = makeRIB()
        let pool = p4("203.0.113.0/24")
        let peer = addPeer(&rib, "198.51.100.2", asn: 65001) {
            $0.importPolicy = { prefix, attributes in
                guard case .v4(let p) = prefix, pool.contains(p) else { return .reject }
                var a = attributes
                a.localPref = 300
                return p.length == 26 ? .modify(a) : .accept
            }
        }
        let outcome = rib.apply(announce(["203.0.113.0/26", "203.0.113.64/26", "198.51.100.0/24", "203.0.113.128/25"]), from: peer)
        #expect(outcome.rejected[.policy] == 1)
        #expect(rib.locRIBCount(.ipv4Unicast) == 3)
        #expect(rib.bestRoute(for: .v4(p4("203.0.113.0/26")))?.attributes.localPref == 300)
        #expect(rib.bestRoute(for: .v4(p4("203.0.113.128/25")))?.attributes.localPref == 100)
    }

    @Test func maximumPrefixSignal() {
        var rib = makeRIB()
        let peer = addPeer(&rib, "198.51.100.2", asn: 65001) { $0.maximumPrefixes = 2 }
        #expect(rib.apply(announce(["203.0.113.0/26", "203.0.113.64/26"]), from: peer).maximumPrefixesExceeded == nil)
        let over = rib.apply(announce(["203.0.113.128/26"]), from: peer).maximumPrefixesExceeded
        #expect(over == MaximumPrefixesExceeded(family: .ipv4Unicast, limit: 2, count: 3))
        #expect(over?.notification == NotificationMessage(code: 6, subcode: 1, data: [0, 1, 1, 0, 0, 0, 2]))
    }

    @Test func sessionDownWithdrawsEverything() {
        var rib = makeRIB()
        let peer = addPeer(&rib, "198.51.100.2", asn: 65001)
        _ = rib.apply(announce(["203.0.113.0/24", "198.51.100.0/24"]), from: peer)
        _ = rib.apply(announce6(["2001:db8:100::/48"]), from: peer)
        #expect(rib.sessionDown(peer).count == 3)
        #expect(rib.locRIBCount(.ipv4Unicast) == 0 && rib.locRIBCount(.ipv6Unicast) == 0)
        #expect(rib.attributeTable.count == 0)
    }
}

@Suite struct InterningTests {
    @Test func routesShareOneSetAndTheLastWithdrawFreesIt() {
        var rib = makeRIB()
        let peer = addPeer(&rib, "198.51.100.2", asn: 65001)
        _ = rib.apply(announce(["203.0.113.0/26", "203.0.113.64/26", "203.0.113.128/26"]), from: peer)
        #expect(rib.attributeTable.count == 1)
        var received = AttributeSet(origin: .igp, asPath: asPath([65001]), nextHop: ip("198.51.100.2"), localPref: 100)
        let handle = rib.attributeTable.handle(of: received)
        #expect(handle != nil)
        // 3 Adj-RIB-In entries + 3 Loc-RIB selections.
        #expect(handle.map { rib.attributeTable.referenceCount($0) } == 6)
        _ = rib.apply(withdraw(["203.0.113.0/26", "203.0.113.64/26"]), from: peer)
        #expect(handle.map { rib.attributeTable.referenceCount($0) } == 2)
        _ = rib.apply(withdraw(["203.0.113.128/26"]), from: peer)
        #expect(rib.attributeTable.count == 0)
        #expect(handle.map { rib.attributeTable.referenceCount($0) } == 0)
        received.med = 1
        #expect(rib.attributeTable.handle(of: received) == nil)
    }

    @Test func tableReusesFreedSlots() {
        var table = AttributeTable()
        let a = table.intern(AttributeSet(med: 1))
        let b = table.intern(AttributeSet(med: 1))
        #expect(a == b && table.referenceCount(a) == 2)
        table.release(a)
        table.release(b)
        #expect(table.count == 0)
        let c = table.intern(AttributeSet(med: 2))
        #expect(c == a)
        #expect(table[c].med == 2)
    }

    @Test func originatedRoutesWinAndWithdraw() {
        var rib = makeRIB()
        let peer = addPeer(&rib, "198.51.100.2", asn: 65001)
        _ = rib.apply(announce(["203.0.113.0/26"], localPref: nil), from: peer)
        #expect(rib.originate(.v4(p4("203.0.113.0/26"))) == [.v4(p4("203.0.113.0/26"))])
        #expect(rib.bestRoute(for: .v4(p4("203.0.113.0/26")))?.source.isLocal == true)
        #expect(rib.withdrawOrigin(.v4(p4("203.0.113.0/26"))).count == 1)
        #expect(rib.bestRoute(for: .v4(p4("203.0.113.0/26")))?.source.peer == peer)
    }

    @Test func multipathSetForTheKernel() {
        var rib = makeRIB()
        let a = addPeer(&rib, "198.51.100.2", asn: 65001)
        let b = addPeer(&rib, "198.51.100.3", asn: 65001)
        _ = rib.apply(announce(["203.0.113.0/24"], nextHop: "198.51.100.2"), from: a)
        let second = rib.apply(announce(["203.0.113.0/24"], nextHop: "198.51.100.3"), from: b)
        #expect(second.changed == [.v4(p4("203.0.113.0/24"))])  // best kept, multipath grew
        let set = rib.multipathRoutes(for: .v4(p4("203.0.113.0/24")))
        #expect(set.compactMap(\.nextHop) == [ip("198.51.100.2"), ip("198.51.100.3")])
        _ = rib.apply(withdraw(["203.0.113.0/24"]), from: a)
        #expect(rib.multipathRoutes(for: .v4(p4("203.0.113.0/24"))).count == 1)
    }
}

/// `locRIBPrefixes` lists exactly the prefixes with a best path, both families.
@Suite struct LocRIBPrefixesTests {
    @Test func listsBestPathsOfBothFamilies() {
        var rib = makeRIB()
        let peer = addPeer(&rib, "198.51.100.2", asn: 65001)
        _ = rib.originate(.v6(p6("2001:db8:1::/122")))
        _ = rib.apply(announce(["203.0.113.0/24"]), from: peer)
        #expect(Set(rib.locRIBPrefixes) == [.v6(p6("2001:db8:1::/122")), .v4(p4("203.0.113.0/24"))])
        _ = rib.apply(withdraw(["203.0.113.0/24"]), from: peer)
        _ = rib.withdrawOrigin(.v6(p6("2001:db8:1::/122")))
        #expect(rib.locRIBPrefixes.isEmpty)
    }
}
