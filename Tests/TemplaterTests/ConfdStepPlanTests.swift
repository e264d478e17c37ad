/// Calico's multi-step confd tests replayed as change plans: each step's resources (as the golden
/// suite builds them) are computed and the plan between consecutive steps must reset, update live
/// or leave alone exactly what the step changed. Also the two inputs Calico checks only by peer
/// count (idle_peers, node_deletion). Skips with a message when the fixtures are absent.
import CalicoModel
import Foundation
import NetCore
import Testing
import Templater

@Suite struct ConfdStepPlanTests {
    static func config(_ r: GoldenRecipe) throws -> DesiredNodeConfig {
        try DesiredNodeConfig.compute(resources: GoldenInputs.resources(r), nodeName: r.node, secretsDirectory: "/secrets")
    }

    static func recipe(_ golden: String) throws -> GoldenRecipe {
        try #require(GoldenRecipes.special.first { $0.golden == golden } ?? GoldenRecipes.all().first { $0.golden == golden })
    }

    /// The plan between two compiled steps, with the Secrets of each as key files.
    static func plan(_ from: String, _ to: String) throws -> ChangePlan {
        let a = try recipe(from), b = try recipe(to)
        func keys(_ r: GoldenRecipe) -> [String: String] {
            Dictionary(uniqueKeysWithValues: r.secrets.map { ("/secrets/\($0.key)", $0.value) })
        }
        return ChangePlan.between(try config(a), try config(b), passwordKeys: .init(old: keys(a), new: keys(b)))
    }

    /// (from, to, expected plan lines): what each of Calico's steps changes, as Swiftlet applies it.
    static let steps: [(String, String, [String])] = [
        ("sourceaddr_gracefulrestart/step1", "sourceaddr_gracefulrestart/step2", [
            "peer reset: Node_172_17_0_6: source address 172.17.0.5 → none [reset: \(PeerField.sourceAddress.reason)]",
        ]),
        ("sourceaddr_gracefulrestart/step2", "sourceaddr_gracefulrestart/step3", [
            "peer updated live: Node_172_17_0_6: graceful restart time default → 10 s",
        ]),
        ("password/step4", "password/step5", [
            "peer reset: Node_10_24_0_2: password file /secrets/my-secrets-1/a (previous key) → file /secrets/my-secrets-1/a (new key) [reset: \(PeerField.password.reason)]",
            "peer reset: Node_10_24_0_3: password file /secrets/my-secrets-1/b (previous key) → file /secrets/my-secrets-1/b (new key) [reset: \(PeerField.password.reason)]",
        ]),
        ("password/step5", "password/step6", [
            "peer reset: Node_10_24_0_2: password file /secrets/my-secrets-1/a (previous key) → file /secrets/my-secrets-1/a (no key) [reset: \(PeerField.password.reason)]",
        ]),
        ("mesh/password/step2", "mesh/password/step3", ["Mesh_10_192_0_3", "Mesh_10_192_0_4", "Mesh_2001__102", "Mesh_2001__104"].map {
            "peer reset: \($0): password file /secrets/my-secrets-1/a (previous key) → file /secrets/my-secrets-1/a (new key) [reset: \(PeerField.password.reason)]"
        }),
        // node.kube-node-1's BGPConfiguration without listenPort: that node's port goes back to 179.
        ("explicit_peering/selectors", "explicit_peering/selectors/step2", ["Node_10_192_0_3", "Node_fd5f__3"].map {
            "peer reset: \($0): port 500 → 179 [reset: \(PeerField.port.reason)]"
        }),
        // node.kube-master's BGPConfiguration: listen port 180 and new communities.
        ("mesh/communities", "mesh/communities/step2", [
            "restart: listen port 177 → 180 (the listening sockets are rebound: every session restarts with a new RIB)",
            "re-announce: 192.168.0.0/16 communities 100:6532,5663:12,100:555:107 → 5663:12,50:50:5364",
            "re-announce: 192.168.221.64/26 communities 100:6532,5663:12,100:555:107 → 5663:12,50:50:5364",
            "re-announce: 192.168.221.192/26 communities 100:6532,5663:12,100:555:107 → 5663:12,50:50:5364",
            "re-announce: fd00:96::/112 communities 100:555:107 → 50:50:5364",
        ]),
        // Service IP advertisement is not implemented yet: removing the ranges changes nothing here.
        ("mesh/static-routes", "mesh/static-routes/step2", ["no changes"]),
        ("mesh/static-routes-exclude-node", "mesh/static-routes-exclude-node/step2", ["no changes"]),
    ]

    @Test func stepsAsChangePlans() throws {
        guard ConfdFixtures.available else { print(ConfdFixtures.skipMessage); return }
        for (from, to, lines) in Self.steps {
            let actual = try Self.plan(from, to).lines
            #expect(actual == lines, "\(from) → \(to): \(actual)")
        }
    }

    /// idle_peers: a global and a node-specific BGPPeer select the same node: one peering.
    @Test func idlePeersDeduplicate() throws {
        guard ConfdFixtures.available else { print(ConfdFixtures.skipMessage); return }
        let r = GoldenRecipe(golden: "-", input: "idle_peers", node: "node1", affinities: false)
        #expect(try Self.config(r).peers.count == 1)
    }

    /// node_deletion: four nodes peer by selector (node1 sees three); deleting node3 removes
    /// exactly its peering and touches nothing else.
    @Test func nodeDeletionRemovesOnePeer() throws {
        guard ConfdFixtures.available else { print(ConfdFixtures.skipMessage); return }
        var r = GoldenRecipe(golden: "-", input: "node_deletion", node: "node1", affinities: false)
        let before = try Self.config(r)
        r.edits = [.deleteNode("node3")]
        let after = try Self.config(r)
        #expect(before.peers.count == 3)
        #expect(after.peers.count == 2)
        let plan = ChangePlan.between(before, after)
        #expect(plan.lines == ["peer removed: Node_10_24_0_3 (10.24.0.3 AS 64512)"])
    }
}
