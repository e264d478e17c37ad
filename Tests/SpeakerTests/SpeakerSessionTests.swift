/// Two and three speakers in one process on loopback: sessions, route exchange, live
/// reconfiguration, shutdown communication, refusals, TCP MD5 and route reflection.
import Foundation
import NetCore
import Platform
import Testing
@testable import Speaker

@Suite(.serialized) struct SpeakerSessionTests {
    /// A (AS 64512) and B (AS 64513) over one IPv4 session, both connecting (collision).
    private func pair(passwordA: String? = nil, passwordB: String? = nil, v6: [String] = []) throws -> (Speaker, Speaker) {
        let a = try Harness.speaker("a", routerID: "192.0.2.1", asn: 64512,
                                    originated: ["10.0.1.0/26", "10.0.3.0/26"] + v6)
        let b = try Harness.speaker("b", routerID: "192.0.2.2", asn: 64513, originated: ["10.0.2.0/26"])
        Harness.add([Harness.peer(Harness.v4, b, asn: 64513, name: "b", password: passwordA)], to: a)
        Harness.add([Harness.peer(Harness.v4, a, asn: 64512, name: "a", password: passwordB)], to: b)
        return (a, b)
    }

    @Test func establishesAndExchangesRoutes() throws {
        let (a, b) = try pair()
        defer { Harness.stop(a, b) }
        #expect(Harness.wait { Harness.established(a, "b") && Harness.established(b, "a") })
        #expect(Harness.wait { Harness.route(b, "10.0.1.0/26") != nil })
        let v4 = try #require(Harness.route(b, "10.0.1.0/26"))
        #expect(v4.nextHop == "127.0.0.1")
        #expect(v4.fromPeer == "127.0.0.1")
        #expect(v4.asPath == "64512")
        #expect(Harness.wait { Harness.route(a, "10.0.2.0/26") != nil })
        let peer = try #require(Harness.peer(a, "b"))
        #expect(peer.capabilities.contains("ipv6-unicast"))
        #expect(peer.prefixesAccepted == 1)
        // Each side sends End-of-RIB after its initial table (RFC 4724 §2); the other records it
        // per family for the current session.
        #expect(Harness.wait { Harness.peer(a, "b")?.endOfRIBReceived == ["ipv4-unicast", "ipv6-unicast"] },
                "\(Harness.peer(a, "b")?.endOfRIBReceived ?? [])")
    }

    /// Both families over one IPv4 session, from attribute sets that are the same for both: each
    /// goes out with its own family's next hop (the RIB's export memo is keyed by family).
    @Test func exchangesIPv6RoutesOverTheIPv4Session() throws {
        let (a, b) = try pair(v6: ["2001:db8:1::/122"])
        defer { Harness.stop(a, b) }
        #expect(Harness.wait(4) { Harness.route(b, "2001:db8:1::/122") != nil })
        #expect(Harness.route(b, "2001:db8:1::/122")?.nextHop == "::1")
        #expect(Harness.route(b, "10.0.1.0/26")?.nextHop == "127.0.0.1")
    }

    @Test func withdrawAndReoriginateWithoutReset() throws {
        let (a, b) = try pair()
        defer { Harness.stop(a, b) }
        #expect(Harness.wait { Harness.route(b, "10.0.3.0/26") != nil })
        let before = try #require(Harness.peer(a, "b"))
        var c = a.currentConfiguration
        c.originated.removeAll { $0.prefix == IPPrefix("10.0.3.0/26") }
        c.originated.append(.init(IPPrefix("10.0.4.0/26")!, communities: [.standard(64512, 7)]))
        let report = a.apply(c)
        #expect(report.reset.isEmpty)
        #expect(Harness.wait { Harness.route(b, "10.0.3.0/26") == nil && Harness.route(b, "10.0.4.0/26") != nil })
        #expect(Harness.route(b, "10.0.4.0/26")?.communities == ["64512:7"])
        let after = try #require(Harness.peer(a, "b"))
        #expect(after.connectionID == before.connectionID)
        #expect(after.establishedCount == before.establishedCount)
    }

    @Test func addingAPeerLeavesTheSessionAlone() throws {
        let (a, b) = try pair()
        defer { Harness.stop(a, b) }
        #expect(Harness.wait { Harness.established(a, "b") })
        let before = try #require(Harness.peer(a, "b"))
        var c = a.currentConfiguration
        c.peers.append(PeerSettings(name: "nobody", address: Harness.v6, port: 9, remoteAS: 64999))
        let report = a.apply(c)
        #expect(report.added == ["nobody"])
        #expect(report.unchanged == ["b"])
        Thread.sleep(forTimeInterval: 0.3)
        let after = try #require(Harness.peer(a, "b"))
        #expect(after.state == "Established")
        #expect(after.connectionID == before.connectionID)
        #expect(after.since == before.since)
    }

    /// With a change plan (the daemon's Templater plan), the plan decides: naming our own AS as
    /// the peer's local AS changes nothing in the OPEN, so a plan that resets nobody keeps the
    /// session; a plan naming the peer resets it; a changed MD5 key always needs a new connection.
    @Test func thePlanDecidesWhichSessionsReset() throws {
        let (a, b) = try pair()
        defer { Harness.stop(a, b) }
        #expect(Harness.wait { Harness.established(a, "b") })
        let before = try #require(Harness.peer(a, "b"))
        var config = a.currentConfiguration
        for i in config.peers.indices where config.peers[i].name == "b" { config.peers[i].localAS = config.localAS }
        // The speaker alone would reset (localAS nil → 64512 differs as a value) …
        #expect(a.currentConfiguration.peers.first { $0.name == "b" }!.needsReset(toBecome: config.peers.first { $0.name == "b" }!))
        // … the plan says the effective AS did not change: updated live.
        let live = a.apply(config, resetting: [])
        #expect(live.reset.isEmpty && live.updatedLive == ["b"], "\(live)")
        Thread.sleep(forTimeInterval: 0.3)
        #expect(Harness.peer(a, "b")?.connectionID == before.connectionID)
        // A plan naming the peer resets it.
        config.peers[config.peers.firstIndex { $0.name == "b" }!].keepaliveTime = 20
        let reset = a.apply(config, resetting: [Harness.v4])
        #expect(reset.reset == ["b"], "\(reset)")
    }

    @Test func changingTheRemoteASResetsOnlyThatSession() throws {
        let (a, b) = try pair()
        let c6 = try Harness.speaker("c", routerID: "192.0.2.3", asn: 64514, addresses: [Harness.v6])
        defer { Harness.stop(a, b, c6) }
        a.queue.sync {}  // (no-op: makes sure `a` is idle before reading its port)
        Harness.add([Harness.peer(Harness.v6, c6, asn: 64514, name: "c")], to: a)
        Harness.add([Harness.peer(Harness.v6, a, asn: 64512, name: "a6")], to: c6)
        #expect(Harness.wait { Harness.established(a, "b") && Harness.established(a, "c") })
        let cBefore = try #require(Harness.peer(a, "c"))
        let bBefore = try #require(Harness.peer(b, "a"))
        var config = a.currentConfiguration
        for i in config.peers.indices where config.peers[i].name == "b" { config.peers[i].remoteAS = 65000 }
        let report = a.apply(config)
        #expect(report.reset == ["b"])
        // b sees its session reset. Its last error is first our Cease ("session parameters
        // changed"), then, as it reconnects, Bad Peer AS (we now expect AS 65000): either may be
        // current when polled, so check that the session b had is gone.
        #expect(Harness.wait {
            guard let now = Harness.peer(b, "a") else { return false }
            return now.connectionID != bBefore.connectionID || now.state != "Established"
        })
        let cAfter = try #require(Harness.peer(a, "c"))
        #expect(cAfter.connectionID == cBefore.connectionID)
        #expect(cAfter.state == "Established")
    }

    @Test func shutdownSendsTheCommunication() throws {
        let (a, b) = try pair()
        defer { Harness.stop(b) }
        #expect(Harness.wait { Harness.established(b, "a") })
        Harness.stop(a)
        #expect(Harness.wait { Harness.peer(b, "a")?.lastError?.contains("test over") == true })
        #expect(Harness.wait { Harness.route(b, "10.0.1.0/26") == nil })
    }

    @Test func unconfiguredAddressIsRefusedAndCounted() throws {
        let a = try Harness.speaker("a", routerID: "192.0.2.1", asn: 64512)
        defer { Harness.stop(a) }
        let port = a.status().listenPort
        let socket = try Socket(family: .ipv4)
        defer { socket.close() }
        try socket.bind(to: SocketAddress(IPAddress("127.0.0.2")!, port: 0))
        _ = try socket.connect(to: SocketAddress(Harness.v4, port: port))
        #expect(Harness.wait { a.status().refusedConnections >= 1 })
        #expect(a.status().refusedByAddress["127.0.0.2"] == 1)
    }

    @Test func md5WithMatchingKeysEstablishes() throws {
        let (a, b) = try pair(passwordA: "s3cret", passwordB: "s3cret")
        defer { Harness.stop(a, b) }
        #expect(Harness.wait { Harness.established(a, "b") && Harness.established(b, "a") })
    }

    /// R reflects between C1 (over IPv4) and C2 (over IPv6), all in AS 64512 (RFC 4456).
    @Test func routeReflectorReflectsBetweenClients() throws {
        let r = try Harness.speaker("r", routerID: "192.0.2.10", asn: 64512, addresses: [Harness.v4, Harness.v6],
                                    clusterID: "192.0.2.99")
        let c1 = try Harness.speaker("c1", routerID: "192.0.2.11", asn: 64512, originated: ["10.0.11.0/26"])
        let c2 = try Harness.speaker("c2", routerID: "192.0.2.12", asn: 64512, addresses: [Harness.v6])
        defer { Harness.stop(r, c1, c2) }
        Harness.add([Harness.peer(Harness.v4, c1, asn: 64512, name: "c1", rrClient: true),
                     Harness.peer(Harness.v6, c2, asn: 64512, name: "c2", rrClient: true)], to: r)
        Harness.add([Harness.peer(Harness.v4, r, asn: 64512, name: "r")], to: c1)
        Harness.add([Harness.peer(Harness.v6, r, asn: 64512, name: "r")], to: c2)
        #expect(Harness.wait { Harness.established(r, "c1") && Harness.established(r, "c2") })
        #expect(Harness.wait { Harness.route(c2, "10.0.11.0/26") != nil })
        let reflected = try #require(Harness.route(c2, "10.0.11.0/26"))
        #expect(reflected.originatorID == "192.0.2.11")
        #expect(reflected.clusterList == ["192.0.2.99"])
        #expect(reflected.nextHop == "127.0.0.1")
        #expect(reflected.fromPeer == "::1")
    }
}
