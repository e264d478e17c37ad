/// swiftletd itself (the built binary, configured by a Calico-style datastore directory) in
/// network namespaces: eBGP over IPv4 with BIRD 2 and iBGP over IPv6 with FRR (sessions
/// Established, our pod blocks in their RIBs with the right next hop and AS path, their routes
/// in `swiftletctl routes`, the Cease with our shutdown message on SIGTERM), and a full mesh of
/// three swiftletd nodes on one bridge with Calico's passive/active rule.
import Daemon
import Foundation
import Glibc
import Speaker
import Testing

extension LabSuite {
    @Suite("swiftletd in the lab", .serialized,
           .enabled(if: SwiftletBinaries.isAvailable, Comment(rawValue: SwiftletBinaries.reason)))
    struct SwiftletdLabTests {
        static let nodeAS: UInt32 = 64512, birdAS: UInt32 = 65001
        static let block4 = "100.64.1.0/26", block6 = "2001:db8:100::/122"

        @Test("BIRD 2 over eBGP/IPv4 and FRR over iBGP/IPv6: sessions, routes both ways, SIGTERM Cease",
              .enabled(if: LabEnvironment.Daemon.bird.isAvailable && LabEnvironment.Daemon.frr.isAvailable,
                       Comment(rawValue: LabEnvironment.Daemon.bird.reason + LabEnvironment.Daemon.frr.reason)))
        func birdAndFRR() async throws {
            try await Lab.run { lab in
                let nodeNS = try lab.namespace("node")
                let birdNS = try lab.namespace("bird")
                let frrNS = try lab.namespace("frr")
                try lab.link(birdNS, nodeNS, v4: ("192.0.2.1/24", "192.0.2.2/24"), v6: ("2001:db8:1::1/64", "2001:db8:1::2/64"))
                try lab.link(frrNS, nodeNS, v6: ("2001:db8:2::1/64", "2001:db8:2::2/64"))
                let bird = try lab.bird(in: birdNS, config: Bird.config(PeerSetup(
                    routerID: "192.0.2.1", localAS: Self.birdAS, localV4: "192.0.2.1", localV6: "2001:db8:1::1",
                    neighbor: "192.0.2.2", neighborAS: Self.nodeAS, statics: [("198.51.100.0/24", "192.0.2.1")])))
                let frr = try lab.frr(in: frrNS, config: FRR.config(PeerSetup(
                    routerID: "203.0.113.1", localAS: Self.nodeAS, localV4: "203.0.113.1", localV6: "2001:db8:2::1",
                    neighbor: "2001:db8:2::2", neighborAS: Self.nodeAS, statics: [("2001:db8:ff::/48", "2001:db8:2::1")])))
                let store = try lab.datastore("node-1", [
                    CalicoYAML.bgpConfiguration(asNumber: Self.nodeAS, mesh: false),
                    CalicoYAML.node("node-1", v4: "192.0.2.2/24", v6: "2001:db8:2::2/64"),
                    CalicoYAML.pool("pods-v4", "100.64.0.0/16"), CalicoYAML.pool("pods-v6", "2001:db8:100::/48"),
                    CalicoYAML.block("node-1", Self.block4), CalicoYAML.block("node-1", Self.block6),
                    CalicoYAML.peer("tor-bird", "192.0.2.1", asNumber: Self.birdAS),
                    CalicoYAML.peer("rr-frr", "2001:db8:2::1", asNumber: Self.nodeAS),
                ])
                let node = try lab.swiftletd(in: nodeNS, node: "node-1", store: store)
                let start = ContinuousClock.now

                let up = Wait.until(timeout: .seconds(20)) {
                    bird.isEstablished("192.0.2.2") && frr.isEstablished("2001:db8:2::2")
                        && node.isEstablished("192.0.2.1") && node.isEstablished("2001:db8:2::1")
                }
                try #require(up, Comment(rawValue: "sessions not Established\n\(node.evidence)\n--- bird ---\n\((try? bird.neighborDetails("192.0.2.2")) ?? "")\n--- frr ---\n\(frr.log.suffix(2000))"))
                print("lab swiftletd: BIRD and FRR sessions Established after \(ContinuousClock.now - start)")
                #expect(node.peer("192.0.2.1")?.kind == .global)

                // Our blocks in the peers' RIBs: eBGP next hop self and our AS; iBGP next hop
                // self (our own routes), empty AS path.
                let atBird = bird.waitForRoute(Self.block4, timeout: .seconds(5)) {
                    $0.nextHop == "192.0.2.2" && $0.asPath == [Self.nodeAS]
                }
                #expect(atBird, Comment(rawValue: "BIRD: \(bird.route(Self.block4)?.description ?? "no route")\n\(node.evidence)"))
                let atFRR = frr.waitForRoute(Self.block6, timeout: .seconds(5)) {
                    $0.nextHop == "2001:db8:2::2" && $0.asPath.isEmpty
                }
                #expect(atFRR, Comment(rawValue: "FRR: \(frr.route(Self.block6)?.description ?? "no route")\n\(node.evidence)"))
                // A pool route never leaks the other way: nothing outside our pools reaches BIRD.
                #expect(bird.route("2001:db8:ff::/48") == nil || bird.route("2001:db8:ff::/48")?.asPath.first != Self.nodeAS)

                // Their routes in ours, through the control socket.
                let learned = Wait.until(timeout: .seconds(5)) {
                    let r4 = (try? node.routes("198.51.100.0/24")) ?? []
                    let r6 = (try? node.routes("2001:db8:ff::/48")) ?? []
                    return r4.contains { $0.best && $0.fromPeer == "192.0.2.1" && $0.nextHop == "192.0.2.1" && $0.asPath == "\(Self.birdAS)" }
                        && r6.contains { $0.best && $0.fromPeer == "2001:db8:2::1" && $0.asPath.isEmpty }
                }
                #expect(learned, Comment(rawValue: node.evidence))
                print(node.table(["peers"]))
                print(node.table(["routes"]))

                // SIGTERM: a Cease with our shutdown message, exit status 0, pidfile and socket gone.
                kill(node.process.pid, SIGTERM)
                let exited = Wait.until(timeout: .seconds(5)) { !node.process.isRunning }
                #expect(exited && node.process.exitStatus == 0, Comment(rawValue: "exit \(node.process.exitStatus ?? -1)\n\(node.log.suffix(2000))"))
                let message = "swiftletd on node-1 shutting down"
                let birdSaw = Wait.until(timeout: .seconds(5)) {
                    ((try? bird.neighborDetails("192.0.2.2")) ?? "").contains(message) || bird.log.contains(message)
                }
                #expect(birdSaw, Comment(rawValue: "BIRD: \((try? bird.neighborDetails("192.0.2.2")) ?? "")\n\(bird.log.suffix(1500))"))
                let frrSaw = Wait.until(timeout: .seconds(5)) {
                    ((try? frr.neighborDetails("2001:db8:2::2")) ?? "").contains(message) || frr.log.contains(message)
                }
                #expect(frrSaw, Comment(rawValue: "FRR: \(frr.log.suffix(1500))"))
                #expect(!FileManager.default.fileExists(atPath: node.socket))
                #expect(!FileManager.default.fileExists(atPath: lab.path("node-1.pid")))
            }
        }

        @Test("a BGPPeer password from a mounted Secret file: TCP MD5 session with BIRD 2",
              .enabled(if: LabEnvironment.Daemon.bird.isAvailable, Comment(rawValue: LabEnvironment.Daemon.bird.reason)))
        func md5FromSecretFile() async throws {
            try await Lab.run { lab in
                let nodeNS = try lab.namespace("node")
                let birdNS = try lab.namespace("bird")
                try lab.link(birdNS, nodeNS, v4: ("192.0.2.1/24", "192.0.2.2/24"))
                let key = "swiftlet-lab-md5-key"
                let bird = try lab.bird(in: birdNS, config: """
                    router id 192.0.2.1;
                    log stderr all;
                    protocol device { scan time 10; }
                    protocol bgp \(Bird.protocolName("192.0.2.2")) {
                      local 192.0.2.1 as \(Self.birdAS);
                      neighbor 192.0.2.2 as \(Self.nodeAS);
                      passive on;
                      password "\(key)";
                      ipv4 { import all; export all; };
                    }

                    """)
                // The Secret `bgp-secrets` mounted under the secrets directory, key `tor` (with
                // the trailing newline an editor leaves).
                try FileManager.default.createDirectory(atPath: lab.path("secrets/bgp-secrets"), withIntermediateDirectories: true)
                _ = try lab.write("secrets/bgp-secrets/tor", key + "\n")
                let store = try lab.datastore("node-1", [
                    CalicoYAML.bgpConfiguration(asNumber: Self.nodeAS, mesh: false),
                    CalicoYAML.node("node-1", v4: "192.0.2.2/24"),
                    CalicoYAML.pool("pods-v4", "100.64.0.0/16"), CalicoYAML.block("node-1", Self.block4),
                    CalicoYAML.peer("tor", "192.0.2.1", asNumber: Self.birdAS)
                        + "\n  password:\n    secretKeyRef:\n      name: bgp-secrets\n      key: tor",
                ])
                let node = try lab.swiftletd(in: nodeNS, node: "node-1", store: store)
                let up = Wait.until(timeout: .seconds(15)) { bird.isEstablished("192.0.2.2") && node.isEstablished("192.0.2.1") }
                #expect(up, Comment(rawValue: "\(node.evidence)\n--- bird ---\n\((try? bird.neighborDetails("192.0.2.2")) ?? "")"))
                #expect(bird.waitForRoute(Self.block4, timeout: .seconds(5)) { $0.nextHop == "192.0.2.2" })
            }
        }

        @Test("three swiftletd nodes in a full mesh: every pair Established, the smaller address passive; SIGHUP reloads")
        func fullMesh() async throws {
            try await Lab.run { lab in
                let names = ["node-1", "node-2", "node-3"]
                let addresses = ["192.0.2.11", "192.0.2.12", "192.0.2.13"]
                let blocks = ["100.64.0.0/26", "100.64.0.64/26", "100.64.0.128/26"]
                let namespaces = try names.map { try lab.namespace($0) }
                try lab.bridge(namespaces, addresses: addresses.map { "\($0)/24" })
                var resources = [CalicoYAML.bgpConfiguration(asNumber: Self.nodeAS, mesh: true),
                                 CalicoYAML.pool("pods", "100.64.0.0/16")]
                for i in names.indices {
                    resources += [CalicoYAML.node(names[i], v4: "\(addresses[i])/24"), CalicoYAML.block(names[i], blocks[i])]
                }
                let store = try lab.datastore("mesh", resources)
                // The passive sides (smaller addresses) first, so every active connect finds a listener.
                let nodes = try names.indices.map { try lab.swiftletd(in: namespaces[$0], node: names[$0], store: store) }
                let start = ContinuousClock.now
                let up = Wait.until(timeout: .seconds(20)) {
                    nodes.indices.allSatisfy { i in
                        addresses.indices.filter { $0 != i }.allSatisfy { nodes[i].isEstablished(addresses[$0]) }
                    }
                }
                try #require(up, Comment(rawValue: nodes.map(\.evidence).joined(separator: "\n")))
                print("lab swiftletd: three-node mesh Established after \(ContinuousClock.now - start)")

                for i in nodes.indices {
                    for j in addresses.indices where j != i {
                        let peer = nodes[i].peer(addresses[j])
                        #expect(peer?.kind == .mesh)
                        // Calico: in each pair the side whose address sorts lower is passive.
                        #expect(peer?.passive == (addresses[i] < addresses[j]), "\(names[i]) → \(addresses[j])")
                    }
                    // On the wire: the passive side only accepted (local port 179), the active side only connected.
                    let ss = try namespaces[i].exec(["ss", "-Htn", "state", "established"]).stdout
                    let connections = ss.split(whereSeparator: \.isNewline).map { $0.split(separator: " ", omittingEmptySubsequences: true) }
                    let accepted = connections.filter { $0.count >= 4 && $0[2].hasSuffix(":179") }.count
                    let initiated = connections.filter { $0.count >= 4 && $0[3].hasSuffix(":179") }.count
                    #expect(accepted == 2 - i && initiated == i, "\(names[i]): \(ss)")
                    // Every other node's block, learned from that node.
                    let routes = (try? nodes[i].routes()) ?? []
                    for j in blocks.indices where j != i {
                        #expect(routes.contains { $0.prefix == blocks[j] && $0.best && $0.nextHop == addresses[j] },
                                Comment(rawValue: "\(names[i]) lacks \(blocks[j])\n\(nodes[i].evidence)"))
                    }
                }
                print(nodes[1].table(["peers"]))

                // SIGHUP with an invalid file: every error logged, the running sessions kept.
                let connection = nodes[0].peer(addresses[1])?.connectionID
                _ = try lab.write("mesh-store/zz-bad.yaml", CalicoYAML.block("node-1", "100.64.0.193/26"))
                kill(nodes[0].process.pid, SIGHUP)
                let refused = Wait.until(timeout: .seconds(5)) { nodes[0].log.contains("reload refused") }
                #expect(refused && nodes[0].log.contains("zz-bad.yaml"), Comment(rawValue: nodes[0].log.suffix(2000).description))
                #expect(nodes[0].peer(addresses[1])?.connectionID == connection)
                // SIGHUP with a valid change: a new block of node-1 reaches the others; sessions untouched.
                _ = try lab.write("mesh-store/zz-bad.yaml", CalicoYAML.block("node-1", "100.64.0.192/26"))
                kill(nodes[0].process.pid, SIGHUP)
                let spread = Wait.until(timeout: .seconds(5)) {
                    [1, 2].allSatisfy { i in ((try? nodes[i].routes("100.64.0.192/26")) ?? []).contains { $0.nextHop == addresses[0] } }
                }
                #expect(spread, Comment(rawValue: nodes.map(\.evidence).joined(separator: "\n")))
                #expect(nodes[0].peer(addresses[1])?.connectionID == connection)
            }
        }
    }
}
