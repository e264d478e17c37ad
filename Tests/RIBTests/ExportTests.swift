/// Export rules (RFC 4271 §9.1.3, §5.1): eBGP and iBGP transforms, split horizon, RFC 1997
/// well-known communities, no iBGP-to-iBGP without reflection, the RFC 4456 client/non-client
/// matrix with ORIGINATOR_ID and CLUSTER_LIST, and the export policy.
import BGPWire
import NetCore
import Testing
@testable import RIB

@Suite struct ExportTransformTests {
    @Test func eBGPToEBGP() {
        var rib = makeRIB()
        let a = addPeer(&rib, "198.51.100.2", asn: 65001)
        let b = addPeer(&rib, "198.51.100.3", asn: 65002)
        _ = rib.apply(announce(["203.0.113.0/24"], med: 7), from: a)
        let sent = updates(drain(&rib, b)).first { !$0.nlri.isEmpty }
        #expect(sent?.asPath == asPath([64512, 65001]))
        #expect(sent?.nextHop == v4("192.0.2.1"))
        #expect(sent?.localPref == nil)
        #expect(sent?.med == nil)  // §5.1.4: a received MED is not passed to another AS
    }

    @Test func eBGPToIBGPKeepsNextHopAndSetsLocalPref() {
        var rib = makeRIB()
        let a = addPeer(&rib, "198.51.100.2", asn: 65001)
        let c = addPeer(&rib, "192.0.2.10")
        _ = rib.apply(announce(["203.0.113.0/24"]), from: a)
        let sent = updates(drain(&rib, c)).first { !$0.nlri.isEmpty }
        #expect(sent?.asPath == asPath([65001]))
        #expect(sent?.nextHop == v4("198.51.100.2"))
        #expect(sent?.localPref == 100)
    }

    @Test func locallyOriginatedGetsNextHopSelf() {
        var rib = makeRIB()
        let ibgp = addPeer(&rib, "192.0.2.10")
        let ebgp = addPeer(&rib, "198.51.100.3", asn: 65002) { $0.localAS = 64999 }
        _ = rib.originate(.v4(p4("10.244.1.0/26")), attributes: .locallyOriginated(communities: [Community(asn: 64512, value: 1)]))
        let toIBGP = updates(drain(&rib, ibgp)).first { !$0.nlri.isEmpty }
        #expect(toIBGP?.nextHop == v4("192.0.2.1") && toIBGP?.localPref == 100 && toIBGP?.asPath == .empty)
        #expect(toIBGP?.communities == [Community(asn: 64512, value: 1)])
        let toEBGP = updates(drain(&rib, ebgp)).first { !$0.nlri.isEmpty }
        #expect(toEBGP?.asPath == asPath([64999]))  // localASNumber override
    }

    /// One attribute set for an IPv4 and an IPv6 block: each family gets its own next hop self
    /// (the export transform is memoized per family, not only per attribute set).
    @Test func sameAttributesInBothFamiliesGetEachFamilysNextHop() throws {
        var rib = makeRIB()
        _ = rib.originate(.v4(p4("100.64.1.0/26")))
        _ = rib.originate(.v6(p6("2001:db8:1::/122")))
        // The session comes up after both blocks exist: the whole table is exported in one go.
        let ebgp = addPeer(&rib, "198.51.100.3", asn: 65002)
        let sent = updates(drain(&rib, ebgp))
        let v4Update = try #require(sent.first { !$0.nlri.isEmpty })
        #expect(v4Update.nextHop == v4("192.0.2.1"))
        let reach = try #require(sent.compactMap(\.mpReach).first { $0.family == .ipv6Unicast })
        #expect(reach.nextHop.count == 16 || reach.nextHop.count == 32)
        #expect(Array(reach.nextHop.prefix(16)) == IPv6Address("2001:db8::1")?.bytes)
    }

    @Test func splitHorizonAndWithdrawPropagation() {
        var rib = makeRIB()
        let a = addPeer(&rib, "198.51.100.2", asn: 65001)
        let b = addPeer(&rib, "198.51.100.3", asn: 65002)
        _ = rib.apply(announce(["203.0.113.0/24"]), from: a)
        #expect(announced(drain(&rib, a)).isEmpty)
        #expect(announced(drain(&rib, b)) == [.v4(p4("203.0.113.0/24"))])
        _ = rib.apply(withdraw(["203.0.113.0/24"]), from: a)
        #expect(withdrawn(drain(&rib, b)) == [.v4(p4("203.0.113.0/24"))])
        #expect(rib.advertisedCount(to: b, family: .ipv4Unicast) == 0)
    }

    @Test func iBGPRoutesAreNotSentToIBGPWithoutReflection() {
        var rib = makeRIB()
        let c1 = addPeer(&rib, "192.0.2.10")
        let c2 = addPeer(&rib, "192.0.2.11")
        let e = addPeer(&rib, "198.51.100.3", asn: 65002)
        _ = rib.apply(announce(["203.0.113.0/24"], path: []), from: c1)
        #expect(announced(drain(&rib, c2)).isEmpty)
        #expect(announced(drain(&rib, e)).count == 1)
    }

    /// (community, sent to iBGP, sent to eBGP)
    @Test(arguments: [(Community.noAdvertise, false, false), (Community.noExport, true, false),
                      (Community.noExportSubconfed, true, false), (Community(asn: 1, value: 1), true, true)])
    func wellKnownCommunities(community: Community, toInternal: Bool, toExternal: Bool) {
        var rib = makeRIB()
        let a = addPeer(&rib, "198.51.100.2", asn: 65001)
        let i = addPeer(&rib, "192.0.2.10")
        let e = addPeer(&rib, "198.51.100.3", asn: 65002)
        _ = rib.apply(announce(["203.0.113.0/24"], communities: [community]), from: a)
        #expect(!announced(drain(&rib, i)).isEmpty == toInternal)
        #expect(!announced(drain(&rib, e)).isEmpty == toExternal)
    }

    @Test func exportPolicyRejectsAndModifies() {
        var rib = makeRIB()
        let a = addPeer(&rib, "198.51.100.2", asn: 65001)
        let b = addPeer(&rib, "198.51.100.3", asn: 65002) {
            $0.exportPolicy = { prefix, attributes in
                guard prefix.length == 24 else { return .reject }
                var m = attributes
                m.communities.append(Community(asn: 9, value: 9))
                return .modify(m)
            }
        }
        _ = rib.apply(announce(["203.0.113.0/24", "198.51.100.0/25"]), from: a)
        let sent = updates(drain(&rib, b)).filter { !$0.nlri.isEmpty }
        #expect(sent.flatMap { $0.nlri.map(\.prefix) } == [.v4(p4("203.0.113.0/24"))])
        #expect(sent.first?.communities == [Community(asn: 9, value: 9)])
    }

    @Test func reconfigurationReExports() {
        var rib = makeRIB()
        let a = addPeer(&rib, "198.51.100.2", asn: 65001)
        let b = addPeer(&rib, "198.51.100.3", asn: 65002)
        _ = rib.apply(announce(["203.0.113.0/24"]), from: a)
        _ = drain(&rib, b)
        var config = rib.peerConfiguration(b)
        config?.exportPolicy = { _, _ in .reject }
        if let config { rib.reconfigurePeer(b, config) }
        #expect(withdrawn(drain(&rib, b)) == [.v4(p4("203.0.113.0/24"))])
    }
}

@Suite struct RouteReflectionTests {
    enum Kind: String, CaseIterable { case client, nonClient, external }

    /// RFC 4456 §6: (from, to, reflected?)
    static let matrix: [(Kind, Kind, Bool)] = [
        (.client, .client, true), (.client, .nonClient, true), (.client, .external, true),
        (.nonClient, .client, true), (.nonClient, .nonClient, false), (.nonClient, .external, true),
        (.external, .client, true), (.external, .nonClient, true), (.external, .external, true),
    ]

    static func peer(_ rib: inout RoutingInformationBase, _ kind: Kind, _ n: Int) -> PeerID {
        switch kind {
        case .client: addPeer(&rib, "192.0.2.\(10 + n)", client: true)
        case .nonClient: addPeer(&rib, "192.0.2.\(20 + n)")
        case .external: addPeer(&rib, "198.51.100.\(10 + n)", asn: ASN(UInt32(65010 + n)))
        }
    }

    @Test(arguments: 0..<matrix.count)
    func reflection(_ i: Int) {
        let (from, to, expected) = Self.matrix[i]
        var rib = makeRIB(clusterID: 0x0A00_0001)
        let source = Self.peer(&rib, from, 1)
        let target = Self.peer(&rib, to, 2)
        _ = rib.apply(announce(["203.0.113.0/24"], path: from == .external ? [65011] : []), from: source)
        let sent = updates(drain(&rib, target)).first { !$0.nlri.isEmpty }
        #expect((sent != nil) == expected, "\(from) → \(to)")
        if let sent, from != .external, to != .external {
            #expect(sent.originatorID == rid("192.0.2.\(from == .client ? 11 : 21)"))
            #expect(sent.clusterList == [0x0A00_0001])
        }
    }

    @Test func reflectionKeepsAnExistingOriginatorAndPrependsTheCluster() {
        var rib = makeRIB(clusterID: 0x0A00_0001)
        let client = addPeer(&rib, "192.0.2.11", client: true)
        let other = addPeer(&rib, "192.0.2.12", client: true)
        _ = rib.apply(announce(["203.0.113.0/24"], path: [], originatorID: rid("10.1.1.1"), clusterList: [5]), from: client)
        let sent = updates(drain(&rib, other)).first { !$0.nlri.isEmpty }
        #expect(sent?.originatorID == rid("10.1.1.1"))
        #expect(sent?.clusterList == [0x0A00_0001, 5])
    }
}
