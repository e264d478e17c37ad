/// A whole job, resources to file: the first run creates the file, an unchanged cluster leaves it
/// alone, a change replaces it, and an unknown node is an error naming it.
import CalicoModel
import Foundation
import Testing
@testable import Render

@Suite struct RenderJobTests {
    private let template = "{{#peers}}{{name}} {{address}} as {{remoteAS}}\n{{/peers}}"

    private func resources(_ peerAS: Int) throws -> ResourceSet {
        try ResourceSet.load(path: "job.yaml", contents: """
            apiVersion: projectcalico.org/v3
            kind: Node
            metadata:
              name: node-1
            spec:
              bgp:
                ipv4Address: 192.0.2.10/24
            ---
            apiVersion: projectcalico.org/v3
            kind: BGPPeer
            metadata:
              name: tor
            spec:
              peerIP: 198.51.100.1
              asNumber: \(peerAS)
            """)
    }

    @Test func rendersThenSkipsThenReplaces() throws {
        let dir = try Scratch("job")
        let out = "\(dir.path)/peers.txt"
        let job = RenderJob(template: try RenderTemplate(text: template, path: "t"), node: "node-1", secretsDirectory: dir.path,
                            writer: try ConfigWriter(destination: out, reloadCommand: "echo reloaded >> \(dir.path)/log"))
        #expect(try job.run(resources(65000)) == .written(path: out, created: true, checked: false, reloaded: true))
        #expect(dir.read("peers.txt") == "Global_198_51_100_1 198.51.100.1 as 65000\n")
        #expect(try job.run(resources(65000)) == .unchanged(path: out))
        #expect(try job.run(resources(65001)) == .written(path: out, created: false, checked: false, reloaded: true))
        #expect(dir.read("peers.txt") == "Global_198_51_100_1 198.51.100.1 as 65001\n")
        #expect(dir.read("log") == "reloaded\nreloaded\n")
    }

    @Test func unknownNodeIsAnErrorNamingIt() throws {
        let dir = try Scratch("jobnode")
        let job = RenderJob(template: try RenderTemplate(text: template, path: "t"), node: "node-9", secretsDirectory: dir.path,
                            writer: try ConfigWriter(destination: "\(dir.path)/peers.txt"))
        let error = #expect(throws: RenderError.self) { try job.run(resources(65000)) }
        #expect(error?.description == "node node-9: no Node resource named \"node-9\"")
        #expect(dir.entries.isEmpty, "nothing is written")
    }
}
