/// Capabilities as announced / received / negotiated (RFC 5492, 4760, 6793, 7911, 8654, 8950,
/// 4724, 9494, 9234), and the decode context handed to the wire layer.
import BGPWire
import NetCore
import Testing
@testable import BGPSession

@Suite("Capability negotiation")
struct CapabilityNegotiationTests {
    static func negotiate(_ ours: [Capability], _ theirs: [Capability]) -> NegotiatedCapabilities {
        .negotiate(announced: CapabilitySet(ours), received: CapabilitySet(theirs))
    }
    static let v4 = AddressFamily.ipv4Unicast, v6 = AddressFamily.ipv6Unicast

    @Test func impliedIPv4UnicastWhenNeitherSendsMultiprotocol() {
        #expect(Self.negotiate([.routeRefresh], []).families == [Self.v4])
    }

    @Test func multiprotocolIsTheIntersection() {
        #expect(Self.negotiate([.multiprotocol(Self.v4), .multiprotocol(Self.v6)], [.multiprotocol(Self.v6)]).families == [Self.v6])
        #expect(Self.negotiate([.multiprotocol(Self.v4), .multiprotocol(Self.v6)], []).families == [Self.v4])
        #expect(Self.negotiate([.multiprotocol(Self.v6)], []).families == [])
        #expect(Self.negotiate([.multiprotocol(Self.v6)], [.multiprotocol(Self.v4)]).families == [])
    }

    @Test func fourOctetASNeedsBothSides() {
        #expect(Self.negotiate([.fourOctetAS(65001)], [.fourOctetAS(65002)]).fourOctetAS)
        #expect(!Self.negotiate([.fourOctetAS(65001)], []).fourOctetAS)
        #expect(!Self.negotiate([], [.fourOctetAS(65002)]).fourOctetAS)
        #expect(Self.negotiate([.fourOctetAS(65001)], []).decodeContext.fourOctetAS == false)
    }

    @Test func routeRefreshAndExtendedMessageNeedBothSides() {
        let n = Self.negotiate([.routeRefresh, .enhancedRouteRefresh, .extendedMessage], [.routeRefresh, .extendedMessage])
        #expect(n.routeRefresh && !n.enhancedRouteRefresh && n.extendedMessage)
        #expect(n.decodeContext.maxMessageLength == 65535)
        #expect(Self.negotiate([.extendedMessage], []).decodeContext.maxMessageLength == 4096)
    }

    /// RFC 7911 §4: we receive where we announced receive and they announced send, and vice versa.
    @Test func addPathIsDirectional() {
        let we: [Capability] = [.multiprotocol(Self.v4), .multiprotocol(Self.v6),
                                .addPath([AddPathFamily(family: Self.v4, mode: .receive),
                                          AddPathFamily(family: Self.v6, mode: [.send, .receive])])]
        let they: [Capability] = [.multiprotocol(Self.v4), .multiprotocol(Self.v6),
                                  .addPath([AddPathFamily(family: Self.v4, mode: [.send, .receive]),
                                            AddPathFamily(family: Self.v6, mode: .receive)])]
        let n = Self.negotiate(we, they)
        #expect(n.addPathReceive == [Self.v4])
        #expect(n.addPathSend == [Self.v6])
        #expect(n.decodeContext.addPathReceive == [Self.v4])
        #expect(n.encodeContext.addPathReceive == [Self.v6])
        let mirrored = Self.negotiate(they, we)
        #expect(mirrored.addPathReceive == [Self.v6] && mirrored.addPathSend == [Self.v4])
    }

    @Test func addPathSameDirectionOrUnnegotiatedFamilyIsNothing() {
        let sendOnly: [Capability] = [.addPath([AddPathFamily(family: Self.v4, mode: .send)])]
        let n = Self.negotiate(sendOnly, sendOnly)
        #expect(n.addPathReceive.isEmpty && n.addPathSend.isEmpty)
        let v6Both: [Capability] = [.addPath([AddPathFamily(family: Self.v6, mode: [.send, .receive])])]
        #expect(Self.negotiate(v6Both, v6Both).addPathReceive.isEmpty)   // IPv6 not negotiated
    }

    @Test func extendedNextHopPerFamilyBoth() {
        let a = ExtendedNextHopEntry(family: Self.v4, nextHopAFI: .ipv6)
        let b = ExtendedNextHopEntry(family: AddressFamily(afi: .ipv4, safi: .multicast), nextHopAFI: .ipv6)
        #expect(Self.negotiate([.extendedNextHop([a, b])], [.extendedNextHop([a])]).extendedNextHop == [a])
        #expect(Self.negotiate([.extendedNextHop([a])], []).extendedNextHop.isEmpty)
    }

    @Test func gracefulRestartTakesThePeersTimeAndNegotiatedFamilies() {
        let ours = GracefulRestart(restartTime: 120, families: [.init(family: Self.v4, forwardingStatePreserved: false)])
        let theirs = GracefulRestart(restarting: true, restartTime: 90, families: [
            .init(family: Self.v4, forwardingStatePreserved: true), .init(family: Self.v6, forwardingStatePreserved: true)])
        let n = Self.negotiate([.gracefulRestart(ours)], [.gracefulRestart(theirs)])
        #expect(n.gracefulRestart?.restartTime == 90)
        #expect(n.gracefulRestart?.restarting == true)
        #expect(n.gracefulRestart?.families == [.init(family: Self.v4, forwardingStatePreserved: true)])
        #expect(Self.negotiate([], [.gracefulRestart(theirs)]).gracefulRestart == nil)
    }

    @Test func longLivedGracefulRestartBothSides() {
        let llgr = LongLivedGracefulRestart(families: [.init(family: Self.v4, forwardingStatePreserved: false, staleTime: 3600),
                                                       .init(family: Self.v6, forwardingStatePreserved: false, staleTime: 60)])
        let n = Self.negotiate([.longLivedGracefulRestart(llgr)], [.longLivedGracefulRestart(llgr)])
        #expect(n.longLivedGracefulRestart?.families.map(\.staleTime) == [3600])
        #expect(Self.negotiate([.longLivedGracefulRestart(llgr)], []).longLivedGracefulRestart == nil)
    }

    @Test func rolePairAndPeerFQDN() {
        let n = Self.negotiate([.role(.customer)], [.role(.provider), .fqdn(hostname: "node-2", domain: "example.net")])
        #expect(n.roles == NegotiatedCapabilities.RolePair(local: .customer, remote: .provider))
        #expect(n.peerFQDN == CapabilitySet.FQDN(hostname: "node-2", domain: "example.net"))
        #expect(Self.negotiate([], [.role(.provider)]).roles == nil)
    }

    @Test func capabilitySetRoundTripsCanonically() {
        let list: [Capability] = [.fourOctetAS(65001), .multiprotocol(Self.v6), .routeRefresh, .multiprotocol(Self.v4),
                                  .unknown(code: 200, value: [1, 2]), .addPath([AddPathFamily(family: Self.v4, mode: .receive)])]
        let set = CapabilitySet(list)
        #expect(set.capabilities == [.multiprotocol(Self.v4), .multiprotocol(Self.v6), .routeRefresh, .fourOctetAS(65001),
                                     .addPath([AddPathFamily(family: Self.v4, mode: .receive)]),
                                     .unknown(code: 200, value: [1, 2])])
        #expect(CapabilitySet(set.capabilities) == set)
    }

    @Test func sessionDecodeContextComesFromTheNegotiatedSet() {
        var c = Fixture.configuration()
        c.capabilities.addPath[Self.v4] = .receive
        c.capabilities.extendedMessage = true
        let open = Fixture.peerOpen { $0.capabilities += [.addPath([AddPathFamily(family: Self.v4, mode: .send)]), .extendedMessage] }
        let session = NegotiatedSession(peerOpen: open, configuration: c)
        // The fixture peer is eBGP (AS 65002 vs our 65001).
        var decode = DecodeContext(fourOctetAS: true, addPathReceive: [Self.v4], extendedMessage: true)
        decode.externalPeer = true
        var encode = EncodeContext(fourOctetAS: true, addPathReceive: [], extendedMessage: true)
        encode.externalPeer = true
        #expect(session.decodeContext == decode)
        #expect(session.encodeContext == encode)
    }
}
