/// Pod-to-pod traffic between two swiftletd nodes, end to end: two nodes on one L2 segment in
/// Calico's node-to-node mesh (iBGP, AS 64512; the BGP next hop is the other node itself), a
/// Calico-style pod on each (veth `cali<hash>`, proxy ARP for 169.254.1.1, `/32 dev cali…`),
/// the routes swiftletd learned and programmed carrying the pings:
/// - direct (pool with vxlanMode/ipipMode Never): `ping -c 3 -W 1` succeeds both ways over
///   `<block> via <other node>`, the pod's gateway answered by proxy ARP; with the other node's
///   block removed from the datastore and `swiftletctl reload` the route goes and the ping fails
///   (the segment's gateway does not forward); the block back, the ping works again;
/// - VXLAN (pool with vxlanMode Always, the nodes' tunnel address and MAC set in their Node
///   resources): the route is `via <VTEP> dev vxlan.calico onlink`, the ping succeeds, and the
///   vxlan.calico counters on both nodes prove the echoes went through the tunnel.
import Daemon
import Foundation
import Testing

extension LabSuite {
    @Suite("swiftletd pods", .serialized,
           .enabled(if: SwiftletBinaries.isAvailable, Comment(rawValue: SwiftletBinaries.reason)),
           .enabled(if: Command.which("ping") != nil, "needs ping (iputils-ping; scripts/lab-deps)"))
    struct SwiftletdPodTests {
        static let nodeAS: UInt32 = 64512
        static let names = ["node-1", "node-2"]
        static let addresses = ["192.0.2.11", "192.0.2.12"]

        /// The two nodes: namespaces on the segment, and the datastore directory both read.
        struct Cluster {
            let namespaces: [Namespace]
            let interfaces: [String]
            let store: String
        }

        /// Namespaces and segment for two nodes, and a datastore with `resources` plus one file
        /// per node block (`<store>/<node>-block.yaml`, so a test can remove one).
        static func cluster(_ lab: Lab, _ resources: [String], blocks: [String]) throws -> Cluster {
            let namespaces = try names.map { try lab.namespace($0) }
            let interfaces = try lab.podSegment(namespaces, addresses: addresses.map { "\($0)/24" }, gateway: "192.0.2.1/24")
            let store = try lab.datastore("pods", [CalicoYAML.bgpConfiguration(asNumber: nodeAS, mesh: true)] + resources)
            for (name, block) in zip(names, blocks) {
                _ = try lab.write("pods-store/\(name)-block.yaml", CalicoYAML.block(name, block) + "\n")
            }
            return Cluster(namespaces: namespaces, interfaces: interfaces, store: store)
        }

        /// Starts both daemons (node-1, the passive side of the mesh pair, first) and waits until
        /// the session is Established.
        static func start(_ lab: Lab, _ cluster: Cluster) throws -> [Swiftletd] {
            let nodes = try names.indices.map { try lab.swiftletd(in: cluster.namespaces[$0], node: names[$0], store: cluster.store) }
            let up = Wait.until(timeout: .seconds(20)) { nodes[0].isEstablished(addresses[1]) && nodes[1].isEstablished(addresses[0]) }
            try #require(up, Comment(rawValue: nodes.map(\.evidence).joined(separator: "\n")))
            return nodes
        }

        /// Waits until swiftletd on node `i` has programmed a route for `prefix` containing `form`.
        static func waitForRoute(_ cluster: Cluster, _ nodes: [Swiftletd], node i: Int, _ prefix: String, _ form: String) throws {
            let ok = Wait.until(timeout: .seconds(20)) { PodNetwork.swiftletRoute(cluster.namespaces[i], prefix)?.contains(form) == true }
            try #require(ok, Comment(rawValue: """
                \(names[i]) has no route "\(prefix) … \(form)": \(PodNetwork.swiftletRoutes(cluster.namespaces[i]))
                \(nodes[i].table(["routes", "--kernel"]))\(nodes[i].evidence)
                """))
        }

        @Test("direct pool: pod pings pod on the other node; the block withdrawn → the ping fails; back → it works again")
        func direct() async throws {
            try await Lab.run { lab in
                let blocks = ["100.64.1.0/26", "100.64.2.0/26"]
                let cluster = try Self.cluster(lab, [
                    PodYAML.pool("pods", "100.64.0.0/16", vxlan: false),
                    PodYAML.node(Self.names[0], v4: "\(Self.addresses[0])/24"),
                    PodYAML.node(Self.names[1], v4: "\(Self.addresses[1])/24"),
                ], blocks: blocks)
                let pods = try [
                    lab.pod("pod-1", on: cluster.namespaces[0], address: "100.64.1.2"),
                    lab.pod("pod-2", on: cluster.namespaces[1], address: "100.64.2.2"),
                ]
                let nodes = try Self.start(lab, cluster)
                try Self.waitForRoute(cluster, nodes, node: 0, blocks[1], "via \(Self.addresses[1]) dev \(cluster.interfaces[0])")
                try Self.waitForRoute(cluster, nodes, node: 1, blocks[0], "via \(Self.addresses[0]) dev \(cluster.interfaces[1])")

                let there = try pods[0].ping(pods[1].address)
                #expect(there.succeeded, Comment(rawValue: "\(pods[0]) → \(pods[1]): \(there)"))
                let back = try pods[1].ping(pods[0].address)
                #expect(back.succeeded, Comment(rawValue: "\(pods[1]) → \(pods[0]): \(back)"))
                print("lab pods: direct \(pods[0].name) → \(pods[1].name) \(there.received)/3, rtt avg \(there.averageRTT.map { "\($0) ms" } ?? "?"); back \(back.received)/3")
                // The pod's gateway was answered by proxy ARP: the cali interface's MAC.
                let neighbour = pods[0].gatewayNeighbour()
                #expect(neighbour.contains("lladdr ee:ee:ee:ee:ee:ee"), Comment(rawValue: "pod-1's neighbour 169.254.1.1: \(neighbour)"))

                // node-2's block leaves the datastore; node-2 reloads and withdraws it; node-1's
                // route goes, its default route leads to the gateway, which drops: no reply.
                try FileManager.default.removeItem(atPath: lab.path("pods-store/node-2-block.yaml"))
                let reload = try nodes[1].ctl(["reload"], as: ReloadResult.self)
                try #require(reload.applied, Comment(rawValue: "reload refused: \(reload.errors)"))
                let withdrawn = Wait.until(timeout: .seconds(10)) { PodNetwork.swiftletRoute(cluster.namespaces[0], blocks[1]) == nil }
                try #require(withdrawn, Comment(rawValue: "\(PodNetwork.swiftletRoutes(cluster.namespaces[0]))\n\(nodes[0].evidence)"))
                let refused = try pods[0].ping(pods[1].address)
                #expect(!refused.succeeded && refused.received == 0, Comment(rawValue: "with \(blocks[1]) withdrawn: \(refused)"))

                // The block back: the route returns and the ping works again (the failure was the route).
                _ = try lab.write("pods-store/node-2-block.yaml", CalicoYAML.block(Self.names[1], blocks[1]) + "\n")
                let restored = try nodes[1].ctl(["reload"], as: ReloadResult.self)
                try #require(restored.applied, Comment(rawValue: "reload refused: \(restored.errors)"))
                try Self.waitForRoute(cluster, nodes, node: 0, blocks[1], "via \(Self.addresses[1])")
                let again = try pods[0].ping(pods[1].address)
                #expect(again.succeeded, Comment(rawValue: "with \(blocks[1]) back: \(again)"))
            }
        }

        @Test("VXLAN pool: pod pings pod on the other node through vxlan.calico (its counters prove it)")
        func vxlan() async throws {
            try await Lab.run { lab in
                let blocks = ["100.65.1.0/26", "100.65.2.0/26"]
                let vteps = [("100.65.1.0", "02:73:77:6c:00:01"), ("100.65.2.0", "02:73:77:6c:00:02")]
                let cluster = try Self.cluster(lab, [
                    PodYAML.pool("pods-vxlan", "100.65.0.0/16", vxlan: true),
                    PodYAML.node(Self.names[0], v4: "\(Self.addresses[0])/24", vtep: vteps[0]),
                    PodYAML.node(Self.names[1], v4: "\(Self.addresses[1])/24", vtep: vteps[1]),
                ], blocks: blocks)
                let pods = try [
                    lab.pod("pod-1", on: cluster.namespaces[0], address: "100.65.1.2"),
                    lab.pod("pod-2", on: cluster.namespaces[1], address: "100.65.2.2"),
                ]
                let nodes = try Self.start(lab, cluster)
                try Self.waitForRoute(cluster, nodes, node: 0, blocks[1], "via \(vteps[1].0) dev vxlan.calico")
                try Self.waitForRoute(cluster, nodes, node: 1, blocks[0], "via \(vteps[0].0) dev vxlan.calico")
                #expect(PodNetwork.swiftletRoute(cluster.namespaces[0], blocks[1])?.contains("onlink") == true,
                        Comment(rawValue: "\(PodNetwork.swiftletRoutes(cluster.namespaces[0]))"))

                let before = cluster.namespaces.map { PodNetwork.counters($0, "vxlan.calico") }
                try #require(before.allSatisfy { $0 != nil }, "vxlan.calico exists on both nodes")
                let there = try pods[0].ping(pods[1].address)
                #expect(there.succeeded, Comment(rawValue: "\(pods[0]) → \(pods[1]): \(there)\n\(nodes[0].table(["routes", "--kernel"]))"))
                let after = cluster.namespaces.map { PodNetwork.counters($0, "vxlan.calico") }
                // Three echo requests out of node-1's tunnel into node-2's, three replies back.
                if let b1 = before[0], let b2 = before[1], let a1 = after[0], let a2 = after[1] {
                    #expect(a1.txPackets - b1.txPackets >= 3 && a2.rxPackets - b2.rxPackets >= 3,
                            "requests through the tunnel: node-1 \(b1) → \(a1), node-2 \(b2) → \(a2)")
                    #expect(a2.txPackets - b2.txPackets >= 3 && a1.rxPackets - b1.rxPackets >= 3,
                            "replies through the tunnel: node-2 \(b2) → \(a2), node-1 \(b1) → \(a1)")
                    print("lab pods: VXLAN \(pods[0].name) → \(pods[1].name) \(there.received)/3, rtt avg \(there.averageRTT.map { "\($0) ms" } ?? "?"); vxlan.calico node-1 \(b1) → \(a1), node-2 \(b2) → \(a2)")
                }
                let back = try pods[1].ping(pods[0].address)
                #expect(back.succeeded, Comment(rawValue: "\(pods[1]) → \(pods[0]): \(back)"))
            }
        }
    }
}
