/// The interop scenario run against each peer daemon: our speaker (SessionFSM + BGPWire over a
/// blocking socket in its own namespace) peers with the daemon over a veth link, over IPv4 or
/// IPv6, as eBGP or iBGP, and checks what both sides see.
import BGPSession
import BGPWire
import Foundation
import NetCore
import Testing

/// One session flavour of the scenario.
struct InteropCase: Sendable, CustomTestStringConvertible {
    var ipv6Session: Bool
    var iBGP: Bool
    var testDescription: String { "\(iBGP ? "iBGP" : "eBGP") over \(ipv6Session ? "IPv6" : "IPv4")" }

    static let all = [
        InteropCase(ipv6Session: false, iBGP: false), InteropCase(ipv6Session: false, iBGP: true),
        InteropCase(ipv6Session: true, iBGP: false), InteropCase(ipv6Session: true, iBGP: true),
    ]
}

/// The fixed facts of the scenario: addresses, ASes, prefixes, communities.
enum Interop {
    static let daemonV4 = "192.0.2.1", speakerV4 = "192.0.2.2"
    static let daemonV6 = "2001:db8::1", speakerV6 = "2001:db8::2"
    static let daemonAS: UInt32 = 65001, speakerEBGPAS: UInt32 = 65002
    static let daemonID = "192.0.2.1", speakerID = "192.0.2.2"
    /// Our pod blocks (Calico sizes: /26 and /122).
    static let block1 = "100.64.1.0/26", block2 = "100.64.2.0/26", block6 = "2001:db8:1::/122"
    /// What the daemon originates.
    static let static4 = "198.51.100.0/24", static6 = "2001:db8:ff::/48"
    static let communities = [Community(asn: 64512, value: 100), Community(asn: 64512, value: 200)]
    static let largeCommunity = LargeCommunity(64512, 1, 2)
    static let shutdownText = "swiftlet lab: maintenance window 42"

    static func setup(_ c: InteropCase) -> PeerSetup {
        PeerSetup(routerID: daemonID, localAS: daemonAS, localV4: daemonV4, localV6: daemonV6,
                  neighbor: c.ipv6Session ? speakerV6 : speakerV4,
                  neighborAS: c.iBGP ? daemonAS : speakerEBGPAS,
                  statics: [(static4, daemonV4), (static6, daemonV6)])
    }

    /// Our capabilities for the scenario: IPv4 and IPv6 unicast, route refresh (plain and
    /// enhanced), 4-octet AS and graceful restart (so every daemon sends End-of-RIB).
    static func capabilities(_ asn: ASN) -> CapabilitySet {
        var set = SessionConfiguration.defaultCapabilities(localAS: asn)
        set.multiprotocol = [.ipv4Unicast, .ipv6Unicast]
        set.gracefulRestart = GracefulRestart(restartTime: 120, families: [
            .init(family: .ipv4Unicast, forwardingStatePreserved: false),
            .init(family: .ipv6Unicast, forwardingStatePreserved: false),
        ])
        return set
    }

    /// Every capability BGPWire and BGPSession support, as one OPEN.
    static func everyCapability(_ asn: ASN, iBGP: Bool) -> CapabilitySet {
        var set = capabilities(asn)
        set.extendedNextHop = [ExtendedNextHopEntry(family: .ipv4Unicast, nextHopAFI: .ipv6)]
        set.extendedMessage = true
        if !iBGP { set.role = .customer }   // RFC 9234 roles are for eBGP sessions
        set.addPath = [.ipv4Unicast: [.receive], .ipv6Unicast: [.receive]]
        set.longLivedGracefulRestart = LongLivedGracefulRestart(families: [
            .init(family: .ipv4Unicast, forwardingStatePreserved: false, staleTime: 3600),
            .init(family: .ipv6Unicast, forwardingStatePreserved: false, staleTime: 3600),
        ])
        set.fqdn = CapabilitySet.FQDN(hostname: "swiftlet-lab", domain: "example.net")
        return set
    }

    /// Our two IPv4 blocks (NLRI field) and the IPv6 block (MP_REACH_NLRI), with communities.
    static func announcements(_ c: InteropCase, speakerAS: ASN) -> [UpdateMessage] {
        var common: [PathAttribute] = [
            .origin(.igp),
            .asPath(c.iBGP ? .empty : ASPath(segments: [ASPathSegment(type: .sequence, asns: [speakerAS])])),
        ]
        if c.iBGP { common.append(.localPref(100)) }
        common.append(.communities(communities))
        common.append(.largeCommunities([largeCommunity]))
        let v4 = UpdateMessage(attributes: common + [.nextHop(IPv4Address(speakerV4)!)],
                               nlri: NLRIList([NLRI(prefix: IPPrefix(block1)!), NLRI(prefix: IPPrefix(block2)!)],
                                              afi: .ipv4, addPath: false))
        let reach = MPReachNLRI(family: .ipv6Unicast, nextHop: IPv6Address(speakerV6)!.bytes,
                                nlri: .prefixes(NLRIList([NLRI(prefix: IPPrefix(block6)!)], afi: .ipv6, addPath: false)))
        let v6 = UpdateMessage(attributes: [.mpReachNLRI(reach)] + common)
        return [v4, v6]
    }

    static func withdrawal(_ prefix: String) -> UpdateMessage {
        UpdateMessage(withdrawn: NLRIList([NLRI(prefix: IPPrefix(prefix)!)], afi: .ipv4, addPath: false))
    }
}

/// Runs the scenario in a fresh lab. `start` starts the daemon in its namespace.
struct InteropRun {
    let lab: Lab
    let daemon: any PeerDaemon
    let speaker: TestSpeaker
    let c: InteropCase
    let neighbor: String

    /// Builds the two namespaces and the link, starts the daemon and connects our speaker.
    static func make(_ lab: Lab, _ c: InteropCase, capabilities: ((ASN) -> CapabilitySet)? = nil,
                     start: (Lab, Namespace, PeerSetup) throws -> any PeerDaemon) throws -> InteropRun {
        let peerNS = try lab.namespace("peer")
        let ourNS = try lab.namespace("swiftlet")
        try lab.link(peerNS, ourNS, v4: ("\(Interop.daemonV4)/24", "\(Interop.speakerV4)/24"),
                     v6: ("\(Interop.daemonV6)/64", "\(Interop.speakerV6)/64"))
        let setup = Interop.setup(c)
        let daemon = try start(lab, peerNS, setup)
        let ourAS = ASN(setup.neighborAS)
        var config = SessionConfiguration(localAS: ourAS, localIdentifier: RouterID(IPv4Address(Interop.speakerID)!),
                                          peerAS: ASN(Interop.daemonAS),
                                          capabilities: (capabilities ?? Interop.capabilities)(ourAS))
        config.allowAutomaticStart = false
        config.connectRetryTime = .seconds(2)
        let target = c.ipv6Session ? Interop.daemonV6 : Interop.daemonV4
        let source = c.ipv6Session ? Interop.speakerV6 : Interop.speakerV4
        let speaker = TestSpeaker(configuration: config) {
            try ourNS.connect(to: target, from: source, timeout: .seconds(3))
        }
        return InteropRun(lab: lab, daemon: daemon, speaker: speaker, c: c, neighbor: setup.neighbor)
    }

    /// A failure note with both sides' story.
    func evidence(_ what: String) -> Comment {
        let details = (try? daemon.neighborDetails(neighbor)) ?? "?"
        return Comment(rawValue: """
        \(what)
        --- speaker trace ---
        \(speaker.trace.suffix(30).joined(separator: "\n"))
        --- decode errors ---
        \(speaker.decodeErrors.joined(separator: "\n"))
        --- \(daemon.kind.rawValue) neighbor ---
        \(details.suffix(3000))
        --- \(daemon.kind.rawValue) log ---
        \(daemon.log.suffix(3000))
        """)
    }

    /// Starts our side and waits until both we and the daemon say Established.
    func establish() throws {
        speaker.start()
        try #require(speaker.establish(timeout: .seconds(15)), evidence("our FSM did not reach Established"))
        let up = Wait.until(timeout: .seconds(5)) {
            speaker.idle(for: .milliseconds(20))
            return daemon.isEstablished(neighbor)
        }
        try #require(up, evidence("\(daemon.kind.rawValue) does not show the session Established"))
    }

    /// Prints how long each step took (the suite must stay fast; this shows where time goes).
    func step(_ name: String, since start: inout ContinuousClock.Instant) {
        let now = ContinuousClock.now
        print("lab \(daemon.kind.rawValue) \(c.testDescription): \(name) \(now - start)")
        start = now
    }

    /// The whole scenario.
    func runAll() throws {
        var t = ContinuousClock.now
        try establish()
        step("established", since: &t)
        #expect(speaker.notificationsReceived.isEmpty, evidence("NOTIFICATION received"))
        let ourAS = UInt32(Interop.setup(c).neighborAS)

        // End-of-RIB from the daemon (after its initial table, including its statics).
        let eor = speaker.run(until: { $0.endOfRIB.isSuperset(of: [.ipv4Unicast, .ipv6Unicast]) }, timeout: .seconds(10))
        #expect(eor, evidence("no End-of-RIB for both families from \(daemon.kind.rawValue): got \(speaker.endOfRIB)"))

        step("End-of-RIB", since: &t)

        // The daemon's statics, decoded by us: next hop and AS path.
        speaker.run(until: { $0.route(Interop.static4) != nil && $0.route(Interop.static6) != nil }, timeout: .seconds(5))
        let expectedPath: [UInt32] = c.iBGP ? [] : [Interop.daemonAS]
        let r4 = speaker.route(Interop.static4)
        #expect(r4 != nil, evidence("\(Interop.static4) from the daemon not received"))
        if let r4 {
            let ok4 = r4.nextHop == IPAddress(Interop.daemonV4)
                || (speaker.negotiated?.capabilities.extendedNextHop.isEmpty == false && r4.nextHop == IPAddress(Interop.daemonV6))
            #expect(ok4, evidence("\(Interop.static4) next hop \(String(describing: r4.nextHop))"))
            #expect(r4.asPath == expectedPath, evidence("\(Interop.static4) AS path \(r4.asPath)"))
        }
        let r6 = speaker.route(Interop.static6)
        #expect(r6 != nil, evidence("\(Interop.static6) from the daemon not received"))
        if let r6 {
            #expect(r6.nextHop == IPAddress(Interop.daemonV6), evidence("\(Interop.static6) next hop \(String(describing: r6.nextHop))"))
            #expect(r6.asPath == expectedPath, evidence("\(Interop.static6) AS path \(r6.asPath)"))
        }

        // Our blocks, then our End-of-RIB for both families.
        for update in Interop.announcements(c, speakerAS: ASN(ourAS)) { speaker.send(update) }
        speaker.send(.endOfRIB(.ipv4Unicast))
        speaker.send(.endOfRIB(.ipv6Unicast))
        let ourPath: [UInt32] = c.iBGP ? [] : [ourAS]
        let wantCommunities = ["64512:100", "64512:200"]
        let wantLarge = ["64512:1:2"]
        for (prefix, hop) in [(Interop.block1, Interop.speakerV4), (Interop.block2, Interop.speakerV4),
                              (Interop.block6, Interop.speakerV6)] {
            let seen = Wait.until(timeout: .seconds(5)) {
                speaker.idle(for: .milliseconds(20))
                return daemon.route(prefix) != nil
            }
            let route = daemon.route(prefix)
            #expect(seen, evidence("\(prefix) not in \(daemon.kind.rawValue)'s RIB"))
            guard let route else { continue }
            #expect(IPAddress(route.nextHop ?? "") == IPAddress(hop), evidence("\(prefix) next hop in daemon: \(route)"))
            #expect(route.asPath == ourPath, evidence("\(prefix) AS path in daemon: \(route)"))
            #expect(route.communities.sorted() == wantCommunities, evidence("\(prefix) communities in daemon: \(route)"))
            #expect(route.largeCommunities == wantLarge, evidence("\(prefix) large communities in daemon: \(route)"))
        }

        if (try? daemon.endOfRIBReceived(neighbor)) ?? nil != nil {
            let seen = Wait.until(timeout: .seconds(3)) {
                speaker.idle(for: .milliseconds(20))
                return ((try? daemon.endOfRIBReceived(neighbor)) ?? nil) == [.ipv4, .ipv6]
            }
            #expect(seen, evidence("\(daemon.kind.rawValue) does not show our End-of-RIB for both families"))
        }
        step("our routes in the daemon's RIB", since: &t)

        // Withdraw one block: gone from the daemon's RIB within a second, the other stays.
        speaker.send(Interop.withdrawal(Interop.block2))
        let gone = Wait.until(timeout: .seconds(1), interval: .milliseconds(20)) {
            speaker.idle(for: .milliseconds(10))
            return daemon.route(Interop.block2) == nil
        }
        #expect(gone, evidence("\(Interop.block2) still in the daemon's RIB 1 s after the withdraw"))
        #expect(daemon.route(Interop.block1) != nil, evidence("\(Interop.block1) vanished with the other block"))

        step("withdraw", since: &t)

        // ROUTE-REFRESH from us: the daemon sends its table again.
        let before = speaker.updates.count
        speaker.requestRouteRefresh(.ipv4Unicast)
        let answered = speaker.run(until: { s in
            s.updates[before...].contains { u in u.nlri.contains { $0.prefix == IPPrefix(Interop.static4) } }
        }, timeout: .seconds(5))
        #expect(answered, evidence("no re-sent \(Interop.static4) after our ROUTE-REFRESH"))
        #expect(speaker.state == .established, evidence("session dropped after ROUTE-REFRESH"))

        step("route refresh", since: &t)

        // Cease/Administrative Shutdown with an RFC 8203 Shutdown Communication.
        speaker.stop(message: Interop.shutdownText)
        #expect(speaker.notificationsSent.last?.shutdownCommunication == Interop.shutdownText)
        var shownIn = ""
        let shown = Wait.until(timeout: .seconds(5)) {
            let sources = [("neighbor status", (try? daemon.neighborDetails(neighbor)) ?? ""), ("log", daemon.log)]
            for (source, text) in sources {
                if let line = text.split(whereSeparator: \.isNewline).first(where: { $0.contains(Interop.shutdownText) }) {
                    shownIn = "\(source): \(line.trimmingCharacters(in: .whitespaces))"
                    return true
                }
            }
            return false
        }
        #expect(shown, evidence("\(daemon.kind.rawValue) does not show the Shutdown Communication"))
        if shown { print("lab \(daemon.kind.rawValue) \(c.testDescription): shutdown communication in \(shownIn)") }
        #expect(speaker.decodeErrors.isEmpty, evidence("decode errors"))
        step("shutdown communication", since: &t)
    }

    /// Our OPEN with every capability we support is accepted: Established, no NOTIFICATION.
    func everyCapabilityAccepted() throws {
        try establish()
        speaker.idle(for: .seconds(1))
        #expect(speaker.notificationsReceived.isEmpty, evidence("NOTIFICATION received"))
        #expect(speaker.state == .established, evidence("session did not stay up"))
        #expect(speaker.decodeErrors.isEmpty, evidence("decode errors"))
        speaker.stop(message: "bye")
    }
}
