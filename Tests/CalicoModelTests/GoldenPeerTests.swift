/// Golden tests: the peers computed for kube-master must equal the `protocol bgp` blocks Calico
/// renders in compiled_templates/<scenario>/bird.cfg and bird6.cfg.
import CalicoModel
import Foundation
import NetCore
import Testing

@Suite struct GoldenPeerTests {
    /// Scenarios with both an input and a compiled output at the same path.
    static func scenarios() -> [String] {
        guard Fixtures.available else { return [] }
        let compiled = Fixtures.confdRoot.appendingPathComponent("compiled_templates")
        let inputs = Fixtures.confdRoot.appendingPathComponent("mock_data/calicoctl")
        return Fixtures.files(under: compiled) { $0.hasSuffix("/bird.cfg") }
            .map { String($0.dropLast("/bird.cfg".count)) }
            // A step2 input is a delta applied on top of step 1, not a whole cluster.
            .filter { !$0.hasSuffix("/step2") }
            .filter { FileManager.default.fileExists(atPath: inputs.appendingPathComponent("\($0)/input.yaml").path) }
    }

    /// Scenarios whose inputs use fields Swiftlet rejects as not supported yet (see FixtureInputTests).
    static let unsupported: Set<String> = [
        "bgpfilter/as_path_and_priority", "bgpfilter/communities_and_operations",
        "bgpfilter/kubevirt_live_migration", "bgpfilter/large_community", "bgpfilter/peer_type",
    ]

    static func expected(_ scenario: String) -> [BirdPeerBlock] {
        let dir = Fixtures.confdRoot.appendingPathComponent("compiled_templates/\(scenario)")
        return ["bird.cfg", "bird6.cfg"].flatMap { file in
            Fixtures.read(dir.appendingPathComponent(file)).map(BirdPeerBlock.parse) ?? []
        }
    }

    @Test func fixturesPresentOrSkipped() {
        if !Fixtures.available { print(Fixtures.skipMessage) }
    }

    @Test(arguments: scenarios())
    func peersMatchCalico(_ scenario: String) throws {
        guard !Self.unsupported.contains(scenario) else { return }
        let resources = try Fixtures.input(scenario)
        let config = try DesiredNodeConfig.compute(resources: resources, nodeName: "kube-master",
                                                   secretsDirectory: "/secrets")
        let ours = config.peers.map { BirdPeerBlock($0, nodeAS: config.asNumber) }.sorted { $0.name < $1.name }
        var theirs = Self.expected(scenario).sorted { $0.name < $1.name }
        // Calico renders a password only when it could read the Secret; ours always names the file.
        for i in theirs.indices where !theirs[i].password {
            if let mine = ours.first(where: { $0.name == theirs[i].name }), mine.password { theirs[i].password = true }
        }
        #expect(ours.map(\.description) == theirs.map(\.description), "scenario \(scenario)")
    }

    @Test func coversRequiredScenarios() {
        guard Fixtures.available else { return }
        let all = Set(Self.scenarios())
        for s in ["mesh/ipip-always", "explicit_peering/global", "explicit_peering/route_reflector"] {
            #expect(all.contains(s), "missing golden scenario \(s)")
        }
    }
}
