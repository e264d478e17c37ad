/// Every `input.yaml` of Calico's confd fixtures is accepted, or rejected only because of fields
/// Swiftlet says it does not support yet. The expected outcome of each file is listed here.
import CalicoModel
import Foundation
import Testing

@Suite struct FixtureInputTests {
    /// Inputs rejected, and the field names that cause it (all "not supported yet").
    static let rejected: [String: Set<String>] = [
        "bgpfilter/as_path_and_priority/input.yaml": ["priority", "operations", "asPathPrefix"],
        "bgpfilter/communities_and_operations/input.yaml": ["communities", "operations"],
        "bgpfilter/kubevirt_live_migration/input.yaml": ["peerType", "priority", "operations", "communities", "asPathPrefix"],
        "bgpfilter/large_community/input.yaml": ["communities", "operations"],
        "bgpfilter/peer_type/input.yaml": ["peerType", "communities", "operations"],
        "local_bgp_peer/input.yaml": ["localWorkloadSelector"],
    ]

    static func inputs() -> [String] {
        guard Fixtures.available else { return [] }
        return Fixtures.files(under: Fixtures.confdRoot.appendingPathComponent("mock_data/calicoctl")) {
            $0.hasSuffix("input.yaml") && !$0.hasSuffix("kubectl-input.yaml")
        }
    }

    @Test(arguments: inputs())
    func acceptedOrSaysNotSupportedYet(_ relative: String) {
        let url = Fixtures.confdRoot.appendingPathComponent("mock_data/calicoctl/\(relative)")
        do {
            let set = try ResourceSet.load(path: relative, contents: Fixtures.read(url) ?? "")
            #expect(Self.rejected[relative] == nil, "\(relative) was expected to be rejected")
            print("fixture \(relative): accepted (\(set.count) resources)")
        } catch {
            let unsupported = Set(error.errors.map { $0.field.split(separator: ".").last.map(String.init) ?? "" })
            #expect(error.errors.allSatisfy { $0.reason == "field not supported yet by Swiftlet" }, "\(relative):\n\(error)")
            #expect(Self.rejected[relative] == unsupported, "\(relative): \(unsupported.sorted())")
            print("fixture \(relative): rejected, not supported yet: \(unsupported.sorted().joined(separator: ", "))")
        }
    }

    @Test func everyScenarioFolderHasBeenSeen() {
        guard Fixtures.available else { print(Fixtures.skipMessage); return }
        #expect(Self.inputs().count >= 50)
    }
}
