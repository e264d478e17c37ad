/// swiftletd (the built binary) against each of BIRD 2, FRR and GoBGP, over eBGP/IPv4 and
/// iBGP/IPv6: the session reaches Established; our pod block is in the peer's RIB with the right
/// next hop, AS path and the communities of Calico's `communities` + `prefixAdvertisements`;
/// the peer's route is in `swiftletctl routes`; a ROUTE-REFRESH from the peer gets our
/// Adj-RIB-Out sent again; a withdraw propagates both ways within a second (our BlockAffinity
/// removed + SIGHUP; the peer's static withdrawn).
import Foundation
import Glibc
import NetCore
import Testing

/// One peer daemon and one session flavour.
struct SwiftletdPeerCase: Sendable, CustomTestStringConvertible {
    var daemon: LabEnvironment.Daemon
    var iBGPOverIPv6: Bool
    var testDescription: String { "\(daemon.rawValue) \(iBGPOverIPv6 ? "iBGP over IPv6" : "eBGP over IPv4")" }

    /// The installed daemons only (a missing one is left out, as the other suites skip).
    static let all: [SwiftletdPeerCase] = LabEnvironment.Daemon.allCases.filter(\.isAvailable).flatMap {
        [SwiftletdPeerCase(daemon: $0, iBGPOverIPv6: false), SwiftletdPeerCase(daemon: $0, iBGPOverIPv6: true)]
    }
}

extension LabSuite {
    @Suite("swiftletd against BIRD, FRR and GoBGP", .serialized,
           .enabled(if: SwiftletBinaries.isAvailable, Comment(rawValue: SwiftletBinaries.reason)))
    struct SwiftletdInteropTests {
        static let nodeAS: UInt32 = 64512, peerEBGPAS: UInt32 = 65001
        static let nodeV4 = "192.0.2.2", nodeV6 = "2001:db8:1::2", peerV4 = "192.0.2.1", peerV6 = "2001:db8:1::1"
        static let block4 = "100.64.1.0/26", block6 = "2001:db8:100::/122"
        static let static4 = "198.51.100.0/24", static6 = "2001:db8:ff::/48"
        static let communities = (named: "64512:100", literal: "64512:200")

        @Test("session, routes both ways with communities, route refresh, withdraw both ways within a second",
              arguments: SwiftletdPeerCase.all)
        func peer(_ c: SwiftletdPeerCase) async throws {
            let began = ContinuousClock.now
            try await Lab.run { lab in
                let nodeNS = try lab.namespace("node")
                let peerNS = try lab.namespace("peer")
                try lab.link(peerNS, nodeNS, v4: ("\(Self.peerV4)/24", "\(Self.nodeV4)/24"), v6: ("\(Self.peerV6)/64", "\(Self.nodeV6)/64"))
                let v6 = c.iBGPOverIPv6
                let peerAS = v6 ? Self.nodeAS : Self.peerEBGPAS
                let neighbor = v6 ? Self.nodeV6 : Self.nodeV4     // we, as the peer daemon sees us
                let peerAddress = v6 ? Self.peerV6 : Self.peerV4
                let afi: AFI = v6 ? .ipv6 : .ipv4
                let block = v6 ? Self.block6 : Self.block4
                let theirs = v6 ? Self.static6 : Self.static4
                let setup = PeerSetup(routerID: Self.peerV4, localAS: peerAS, localV4: Self.peerV4, localV6: Self.peerV6,
                                      neighbor: neighbor, neighborAS: Self.nodeAS,
                                      statics: [(Self.static4, Self.peerV4), (Self.static6, Self.peerV6)])
                let peer: any PeerDaemon
                switch c.daemon {
                case .bird: peer = try lab.bird(in: peerNS, config: Bird.config(setup))
                case .frr: peer = try lab.frr(in: peerNS, config: FRR.config(setup))
                case .gobgp:
                    let g = try lab.gobgp(in: peerNS, config: GoBGP.config(setup))
                    try g.announce(theirs, nextHop: peerAddress)
                    peer = g
                }

                let pool = v6 ? "2001:db8:100::/48" : "100.64.0.0/16"
                let resources = [
                    CalicoYAML.bgpConfiguration(asNumber: Self.nodeAS, advertise: pool, communities: Self.communities),
                    CalicoYAML.node("node-1", v4: "\(Self.nodeV4)/24", v6: "\(Self.nodeV6)/64"),
                    CalicoYAML.pool("pods", pool),
                    CalicoYAML.peer("peer", peerAddress, asNumber: peerAS),
                ]
                let store = try lab.datastore("node-1", resources)
                _ = try lab.write("node-1-store/block.yaml", CalicoYAML.block("node-1", block))
                let node = try lab.swiftletd(in: nodeNS, node: "node-1", store: store)

                let up = Wait.until(timeout: .seconds(15)) { peer.isEstablished(neighbor) && node.isEstablished(peerAddress) }
                try #require(up, Comment(rawValue: "not Established\n\(node.evidence)\n--- peer ---\n\((try? peer.neighborDetails(neighbor)) ?? "")\n\(peer.log.suffix(1500))"))

                // Our block at the peer: next hop = our address on the session; eBGP: our AS
                // prepended, iBGP: empty AS path; the communities of the prefixAdvertisement.
                let arrived = peer.waitForRoute(block, timeout: .seconds(5)) {
                    $0.nextHop == neighbor && $0.asPath == (v6 ? [] : [Self.nodeAS])
                        && $0.communities.contains(Self.communities.named) && $0.communities.contains(Self.communities.literal)
                }
                #expect(arrived, Comment(rawValue: "\(c): \(peer.route(block)?.description ?? "no route")\n\(node.evidence)"))

                // The peer's route in ours.
                let learned = Wait.until(timeout: .seconds(5)) {
                    ((try? node.routes(theirs)) ?? []).contains {
                        $0.best && $0.fromPeer == peerAddress && $0.asPath == (v6 ? "" : "\(peerAS)")
                    }
                }
                #expect(learned, Comment(rawValue: node.evidence))

                // Route refresh from the peer: our Adj-RIB-Out again (the peer counts new UPDATEs).
                // Not GoBGP: its `softresetin` never sends ROUTE-REFRESH (see PeerControl.swift).
                if c.daemon != .gobgp { try checkRouteRefresh(peer, neighbor, afi: afi, node: node, peerAddress: peerAddress, block: block) }

                // Withdraw, ours: the BlockAffinity removed, SIGHUP → gone at the peer within 1 s.
                try FileManager.default.removeItem(atPath: lab.path("node-1-store/block.yaml"))
                var clock = ContinuousClock.now
                kill(node.process.pid, SIGHUP)
                let gone = peer.waitForRoute(block, present: false, timeout: .seconds(1))
                let ourWithdraw = ContinuousClock.now - clock
                #expect(gone, Comment(rawValue: "\(c): still \(peer.route(block)?.description ?? "-") after \(ourWithdraw)\n\(node.evidence)"))

                // Withdraw, theirs: the static withdrawn → gone from our routes within 1 s.
                clock = ContinuousClock.now
                try withdrawStatic(peer, theirs, localAS: peerAS)
                let theirsGone = Wait.until(timeout: .seconds(1), interval: .milliseconds(50)) {
                    try node.routes(theirs).isEmpty
                }
                let theirWithdraw = ContinuousClock.now - clock
                #expect(theirsGone, Comment(rawValue: "\(c): \(theirs) still ours after \(theirWithdraw)\n\(node.evidence)"))
                #expect(node.peer(peerAddress)?.establishedCount == 1, Comment(rawValue: node.evidence))
                print("lab swiftletd vs \(c.testDescription): withdraw ours \(ourWithdraw), theirs \(theirWithdraw)")
            }
            print("lab swiftletd vs \(c.testDescription): \(ContinuousClock.now - began)")
        }

        /// The peer asks for a ROUTE-REFRESH; swiftletd logs it and sends its Adj-RIB-Out again
        /// (the peer's count of UPDATEs received grows), and the session stays up.
        private func checkRouteRefresh(_ peer: any PeerDaemon, _ neighbor: String, afi: AFI, node: Swiftletd,
                                       peerAddress: String, block: String) throws {
            let refreshesBefore = node.logCount("route refresh requested")
            let updatesBefore = try updatesReceived(peer, neighbor)
            try requestRouteRefresh(peer, neighbor, afi: afi)
            let refreshed = Wait.until(timeout: .seconds(5)) {
                let updates = try updatesReceived(peer, neighbor)
                return node.logCount("route refresh requested") > refreshesBefore && updates > updatesBefore
            }
            #expect(refreshed, Comment(rawValue: "updates \(updatesBefore) → \((try? updatesReceived(peer, neighbor)) ?? -1)\n\(node.evidence)"))
            #expect(peer.route(block) != nil, "our block still at the peer after the refresh")
            #expect(node.isEstablished(peerAddress))
        }

        private func updatesReceived(_ peer: any PeerDaemon, _ neighbor: String) throws -> Int {
            switch peer {
            case let b as Bird: try b.updatesReceived(neighbor)
            case let f as FRR: try f.updatesReceived(neighbor)
            case let g as GoBGP: try g.updatesReceived(neighbor)
            default: throw LabError("unknown peer daemon")
            }
        }

        private func requestRouteRefresh(_ peer: any PeerDaemon, _ neighbor: String, afi: AFI) throws {
            switch peer {
            case let b as Bird: try b.requestRouteRefresh(neighbor, afi: afi)
            case let f as FRR: try f.requestRouteRefresh(neighbor, afi: afi)
            default: throw LabError("unknown peer daemon")
            }
        }

        private func withdrawStatic(_ peer: any PeerDaemon, _ prefix: String, localAS: UInt32) throws {
            switch peer {
            case let b as Bird: try b.withdrawStatic(prefix)
            case let f as FRR: try f.withdrawStatic(prefix, localAS: localAS)
            case let g as GoBGP: try g.withdrawStatic(prefix)
            default: throw LabError("unknown peer daemon")
            }
        }
    }
}
