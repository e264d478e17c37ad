/// swiftletd (the built binary) and route reflection (RFC 4456): as the reflector (a Node with
/// `routeReflectorClusterID`) between a BIRD client and an FRR client, a pod block from BIRD reaches
/// FRR with ORIGINATOR_ID = BIRD's router ID and CLUSTER_LIST = our cluster ID; and as a client
/// of a BIRD reflector, it receives another BIRD client's route with ORIGINATOR_ID and
/// CLUSTER_LIST, and its own block reaches that client through the reflector.
import Foundation
import Testing

extension LabSuite {
    @Suite("swiftletd and route reflection", .serialized,
           .enabled(if: SwiftletBinaries.isAvailable && LabEnvironment.Daemon.bird.isAvailable,
                    Comment(rawValue: SwiftletBinaries.reason + LabEnvironment.Daemon.bird.reason)))
    struct SwiftletdReflectionTests {
        static let clusterAS: UInt32 = 64512
        static let clusterID = "203.0.113.250"
        /// Another node's pod block, announced by the BIRD client (Calico reflects pool routes only).
        static let otherBlock = "100.64.2.0/26"

        @Test("swiftletd reflects a BIRD client's route to an FRR client with ORIGINATOR_ID and CLUSTER_LIST",
              .enabled(if: LabEnvironment.Daemon.frr.isAvailable, Comment(rawValue: LabEnvironment.Daemon.frr.reason)))
        func reflector() async throws {
            let began = ContinuousClock.now
            try await Lab.run { lab in
                let nodeNS = try lab.namespace("node")
                let birdNS = try lab.namespace("bird")
                let frrNS = try lab.namespace("frr")
                try lab.link(birdNS, nodeNS, v4: ("192.0.2.1/24", "192.0.2.2/24"))
                try lab.link(frrNS, nodeNS, v4: ("198.51.100.1/24", "198.51.100.2/24"))
                let bird = try lab.bird(in: birdNS, config: Bird.config(PeerSetup(
                    routerID: "192.0.2.1", localAS: Self.clusterAS, localV4: "192.0.2.1", localV6: "2001:db8:9::1",
                    neighbor: "192.0.2.2", neighborAS: Self.clusterAS, statics: [(Self.otherBlock, "192.0.2.1")])))
                let frr = try lab.frr(in: frrNS, config: FRR.config(PeerSetup(
                    routerID: "198.51.100.1", localAS: Self.clusterAS, localV4: "198.51.100.1", localV6: "2001:db8:9::1",
                    neighbor: "198.51.100.2", neighborAS: Self.clusterAS)))
                let store = try lab.datastore("rr", [
                    CalicoYAML.bgpConfiguration(asNumber: Self.clusterAS, mesh: false),
                    CalicoYAML.reflectorNode("rr-1", v4: "192.0.2.2/24", clusterID: Self.clusterID),
                    CalicoYAML.pool("pods", "100.64.0.0/16"),
                    CalicoYAML.peer("bird", "192.0.2.1", asNumber: Self.clusterAS),
                    CalicoYAML.peer("frr", "198.51.100.1", asNumber: Self.clusterAS, spec: ["sourceAddress: None"]),
                ])
                let node = try lab.swiftletd(in: nodeNS, node: "rr-1", store: store)
                let up = Wait.until(timeout: .seconds(10)) {
                    node.isEstablished("192.0.2.1") && node.isEstablished("198.51.100.1")
                        && bird.isEstablished("192.0.2.2") && frr.isEstablished("198.51.100.2")
                }
                try #require(up, Comment(rawValue: node.evidence))
                #expect(node.peer("192.0.2.1")?.kind == .rrClient && node.peer("198.51.100.1")?.kind == .rrClient,
                        Comment(rawValue: node.table(["peers"])))

                var path: [String: Any] = [:]
                let reflected = Wait.until(timeout: .seconds(5)) {
                    guard let p = try frr.paths(Self.otherBlock).first else { return false }
                    path = p
                    return true
                }
                try #require(reflected, Comment(rawValue: "FRR lacks the route\n\(node.evidence)"))
                let originator = path["originatorId"] as? String
                let clusterList = ((path["clusterList"] as? [String: Any])?["list"] as? [String]) ?? (path["clusterList"] as? [String])
                #expect(originator == "192.0.2.1" && clusterList == [Self.clusterID],
                        Comment(rawValue: "FRR path: \(path)"))
                let hops = (path["nexthops"] as? [[String: Any]] ?? []).compactMap { $0["ip"] as? String }
                #expect(hops.contains("192.0.2.1"), "iBGP reflection keeps the next hop: \(hops)")
                #expect(((try? node.routes(Self.otherBlock)) ?? []).contains { $0.fromPeer == "192.0.2.1" && $0.best })
            }
            print("lab swiftletd as route reflector: \(ContinuousClock.now - began)")
        }

        @Test("swiftletd as a client of a BIRD route reflector gets another client's route")
        func client() async throws {
            let began = ContinuousClock.now
            try await Lab.run { lab in
                let rrNS = try lab.namespace("rr")
                let nodeNS = try lab.namespace("node")
                let otherNS = try lab.namespace("client")
                try lab.bridge([rrNS, nodeNS, otherNS], addresses: ["192.0.2.1/24", "192.0.2.2/24", "192.0.2.3/24"])
                let asn = Self.clusterAS
                _ = try lab.bird(in: rrNS, config: """
                    router id 192.0.2.1;
                    log stderr all;
                    protocol device { scan time 10; }
                    template bgp rrc {
                      local 192.0.2.1 as \(asn);
                      passive on;
                      direct;
                      rr client;
                      rr cluster id 192.0.2.1;
                      ipv4 { import all; export all; };
                    }
                    protocol bgp \(Bird.protocolName("192.0.2.2")) from rrc { neighbor 192.0.2.2 as \(asn); }
                    protocol bgp \(Bird.protocolName("192.0.2.3")) from rrc { neighbor 192.0.2.3 as \(asn); }

                    """, name: "bird-rr")
                let other = try lab.bird(in: otherNS, config: """
                    router id 192.0.2.3;
                    log stderr all;
                    protocol device { scan time 10; }
                    protocol static static4 { ipv4; route 203.0.113.0/26 blackhole; }
                    protocol bgp \(Bird.protocolName("192.0.2.1")) {
                      local 192.0.2.3 as \(asn);
                      neighbor 192.0.2.1 as \(asn);
                      direct;
                      connect delay time 1;
                      ipv4 { import all; export all; };
                    }

                    """, name: "bird-client")
                let store = try lab.datastore("node-1", [
                    CalicoYAML.bgpConfiguration(asNumber: asn, mesh: false),
                    CalicoYAML.node("node-1", v4: "192.0.2.2/24"),
                    CalicoYAML.pool("pods", "100.64.0.0/16"), CalicoYAML.block("node-1", "100.64.1.0/26"),
                    CalicoYAML.peer("rr", "192.0.2.1", asNumber: asn),
                ])
                let node = try lab.swiftletd(in: nodeNS, node: "node-1", store: store)
                let reflected = Wait.until(timeout: .seconds(15)) {
                    try node.routes("203.0.113.0/26").contains {
                        $0.best && $0.fromPeer == "192.0.2.1" && $0.nextHop == "192.0.2.3"
                            && $0.originatorID == "192.0.2.3" && $0.clusterList == ["192.0.2.1"]
                    }
                }
                #expect(reflected, Comment(rawValue: node.evidence))
                #expect(node.peer("192.0.2.1")?.kind == .global)
                // And ours reaches the other client through the reflector, next hop kept.
                #expect(other.waitForRoute("100.64.1.0/26", timeout: .seconds(5)) { $0.nextHop == "192.0.2.2" },
                        Comment(rawValue: "other client: \(other.route("100.64.1.0/26")?.description ?? "no route")\n\(node.evidence)"))
            }
            print("lab swiftletd as route reflector client: \(ContinuousClock.now - began)")
        }
    }
}
