/// UPDATE generation (RFC 4271 §9.2): packing by attribute set within the negotiated size,
/// withdrawals, IPv6 MP_REACH/MP_UNREACH, ADD-PATH send, 2-octet AS sessions, End-of-RIB
/// (RFC 4724 §2), route refresh (RFC 2918, RFC 7313) and the pull budget. `drain` encodes
/// every message, checks its size and decodes it.
import BGPWire
import NetCore
import Testing
@testable import RIB

/// `n` distinct /32s in 100.64.0.0/10.
func hostPrefixes(_ n: Int) -> [String] {
    (0..<n).map { "100.64.\($0 / 256).\($0 % 256)/32" }
}

@Suite struct UpdatePackingTests {
    @Test func manyPrefixesOneAttributeSetFewMessages() {
        var rib = makeRIB()
        let a = addPeer(&rib, "198.51.100.2", asn: 65001)
        let b = addPeer(&rib, "198.51.100.3", asn: 65002)
        for chunk in stride(from: 0, to: 3000, by: 500) {
            _ = rib.apply(announce(Array(hostPrefixes(3000)[chunk..<chunk + 500])), from: a)
        }
        let messages = drain(&rib, b)
        let withNLRI = updates(messages).filter { !$0.nlri.isEmpty }
        // 3000 × 5 bytes of NLRI at about 4050 bytes per message: 4 messages.
        #expect(withNLRI.count == 4)
        #expect(Set(announced(messages)).count == 3000)
        #expect(updates(messages).compactMap(\.endOfRIBFamily) == [.ipv4Unicast, .ipv6Unicast])
        #expect(rib.advertisedCount(to: b, family: .ipv4Unicast) == 3000)

        _ = rib.sessionDown(a)
        let gone = drain(&rib, b)
        #expect(Set(withdrawn(gone)).count == 3000)
        #expect(updates(gone).count == 4)  // 3000 × 5 bytes in 4073-byte withdrawn fields
    }

    @Test func prefixesWithDifferentAttributesGoInSeparateMessages() {
        var rib = makeRIB()
        let a = addPeer(&rib, "198.51.100.2", asn: 65001)
        let b = addPeer(&rib, "198.51.100.3", asn: 65002)
        _ = rib.apply(announce(["203.0.113.0/26", "203.0.113.64/26"], med: 1), from: a)
        _ = rib.apply(announce(["203.0.113.128/26"], path: [65001, 7]), from: a)
        let withNLRI = updates(drain(&rib, b)).filter { !$0.nlri.isEmpty }
        #expect(withNLRI.map(\.nlri.count).sorted() == [1, 2])
    }

    @Test func ipv6InMPReachAndUnreach() {
        var rib = makeRIB()
        let a = addPeer(&rib, "2001:db8:1::2", asn: 65001)
        let b = addPeer(&rib, "2001:db8:1::3", asn: 65002) { $0.localIPv6LinkLocal = IPv6Address("fe80::1") }
        let prefixes = (0..<1500).map { "2001:db8:\(String($0, radix: 16))::/64" }
        _ = rib.apply(announce6(prefixes), from: a)
        let messages = drain(&rib, b)
        let reach = updates(messages).compactMap(\.mpReach)
        #expect(reach.count == 4)  // 1500 × 9 bytes
        #expect(reach.allSatisfy { $0.nextHopAddresses?.global == ip("2001:db8::1") && $0.nextHopAddresses?.linkLocal == IPv6Address("fe80::1") })
        #expect(Set(announced(messages)).count == 1500)
        #expect(updates(messages).last?.endOfRIBFamily == .ipv6Unicast)
        _ = rib.apply(withdraw6(prefixes), from: a)
        #expect(Set(withdrawn(drain(&rib, b))).count == 1500)
    }

    @Test func extendedMessagesHoldMore() {
        var rib = makeRIB()
        let context = EncodeContext(extendedMessage: true)
        let a = addPeer(&rib, "198.51.100.2", asn: 65001)
        let b = addPeer(&rib, "198.51.100.3", asn: 65002, context: context)
        _ = rib.apply(announce(hostPrefixes(3000)), from: a)
        #expect(updates(drain(&rib, b, context: context)).filter { !$0.nlri.isEmpty }.count == 1)
    }

    @Test func addPathSendCarriesPathIDs() {
        var rib = makeRIB()
        let context = EncodeContext(addPathReceive: [.ipv4Unicast])  // the send direction
        let a = addPeer(&rib, "198.51.100.2", asn: 65001)
        let b = addPeer(&rib, "198.51.100.3", asn: 65002, context: context)
        _ = rib.apply(announce(["203.0.113.0/24"]), from: a)
        let nlri = updates(drain(&rib, b, context: context)).flatMap { Array($0.nlri) }
        #expect(nlri == [NLRI(prefix: .v4(p4("203.0.113.0/24")), pathID: 1)])
    }

    @Test func twoOctetSessionGetsAS4Path() {
        var rib = makeRIB()
        let context = EncodeContext(fourOctetAS: false)
        let a = addPeer(&rib, "198.51.100.2", asn: 65001)
        let b = addPeer(&rib, "198.51.100.3", asn: 65002, context: context)
        _ = rib.apply(announce(["203.0.113.0/24"], path: [65001, 4_200_000_000]), from: a)
        let sent = updates(drain(&rib, b, context: context)).first { !$0.nlri.isEmpty }
        #expect(sent?.effectiveASPath == asPath([64512, 65001, 4_200_000_000]))
        #expect(sent?.as4Path != nil)
    }

    @Test func latestChangeWinsWhilePending() {
        var rib = makeRIB()
        let a = addPeer(&rib, "198.51.100.2", asn: 65001)
        let b = addPeer(&rib, "198.51.100.3", asn: 65002)
        _ = rib.apply(announce(["203.0.113.0/24"]), from: a)
        _ = rib.apply(announce(["203.0.113.0/24"], med: 5, origin: .incomplete), from: a)
        _ = rib.apply(withdraw(["203.0.113.0/24"]), from: a)
        let messages = drain(&rib, b)
        #expect(announced(messages).isEmpty && withdrawn(messages).isEmpty)
        #expect(updates(messages).map(\.endOfRIBFamily) == [.ipv4Unicast, .ipv6Unicast])
        #expect(rib.attributeTable.count == 0)
    }

    @Test func pullBudgetBoundsEachCall() {
        var rib = makeRIB()
        let a = addPeer(&rib, "198.51.100.2", asn: 65001)
        let b = addPeer(&rib, "198.51.100.3", asn: 65002)
        _ = rib.apply(announce(hostPrefixes(3000)), from: a)
        let first = rib.nextMessages(for: b, maxBytes: 4096)
        #expect(first.count == 1)
        #expect(first.allSatisfy { $0.encode(context: EncodeContext()).count <= 4096 })
        #expect(rib.hasPendingMessages(for: b))
        let small = rib.nextMessages(for: b, maxBytes: 100)  // always at least one message
        #expect(small.count == 1)
        let rest = drain(&rib, b)
        #expect(announced(first + small + rest).count == 3000)
    }

    @Test func endOfRIBAfterTheInitialTable() {
        var rib = makeRIB()
        _ = rib.originate(.v4(p4("10.244.1.0/26")))
        let b = addPeer(&rib, "198.51.100.3", asn: 65002, families: [.ipv4Unicast])
        let messages = updates(drain(&rib, b))
        #expect(messages.count == 2)
        #expect(messages.first?.nlri.count == 1)
        #expect(messages.last?.endOfRIBFamily == .ipv4Unicast)
    }
}

@Suite struct RouteRefreshTests {
    @Test func refreshResendsTheAdjRIBOut() {
        var rib = makeRIB()
        let a = addPeer(&rib, "198.51.100.2", asn: 65001)
        let b = addPeer(&rib, "198.51.100.3", asn: 65002)
        _ = rib.apply(announce(hostPrefixes(100)), from: a)
        _ = drain(&rib, b)
        #expect(!rib.hasPendingMessages(for: b))
        rib.routeRefreshRequested(by: b, family: .ipv4Unicast)
        let again = drain(&rib, b)
        #expect(Set(announced(again)).count == 100)
        #expect(again.allSatisfy { if case .update = $0 { true } else { false } })
    }

    @Test func enhancedRefreshIsFramedByBoRRAndEoRR() {
        var rib = makeRIB()
        let a = addPeer(&rib, "198.51.100.2", asn: 65001)
        let b = addPeer(&rib, "198.51.100.3", asn: 65002, enhancedRefresh: true)
        _ = rib.apply(announce6(["2001:db8:100::/48"]), from: a)
        _ = drain(&rib, b)
        rib.routeRefreshRequested(by: b, family: .ipv6Unicast)
        let again = drain(&rib, b)
        #expect(again.count == 3)
        #expect(again.first == .routeRefresh(RouteRefreshMessage(family: .ipv6Unicast, subtype: .beginning)))
        #expect(announced(again) == [.v6(p6("2001:db8:100::/48"))])
        #expect(again.last == .routeRefresh(RouteRefreshMessage(family: .ipv6Unicast, subtype: .end)))
    }
}

@Suite struct OversizedAttributesTests {
    @Test func attributesTooLargeForAnyMessageBecomeAWithdrawal() {
        var rib = makeRIB()
        let a = addPeer(&rib, "198.51.100.2", asn: 65001)
        let b = addPeer(&rib, "198.51.100.3", asn: 65002)
        _ = rib.apply(announce(["203.0.113.0/24"]), from: a)
        #expect(announced(drain(&rib, b)).count == 1)
        let huge = (0..<1100).map { Community(rawValue: UInt32($0)) }  // 4400 bytes
        _ = rib.apply(announce(["203.0.113.0/24"], communities: huge), from: a)
        let messages = drain(&rib, b)
        #expect(announced(messages).isEmpty)
        #expect(withdrawn(messages) == [.v4(p4("203.0.113.0/24"))])
        #expect(!rib.hasPendingMessages(for: b))
    }
}
