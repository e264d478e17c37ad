/// CI parses every configuration example under config/ (one directory per example).
import CalicoModel
import Foundation
import Testing

@Suite struct ConfigExamplesTests {
    static let configRoot = Fixtures.packageRoot.appendingPathComponent("config")

    static func examples() -> [String] {
        let dirs = (try? FileManager.default.contentsOfDirectory(atPath: configRoot.path)) ?? []
        // config/templates holds `swiftletctl render` templates, not resources (docs/render.md).
        return dirs.filter { d in
            guard d != "templates" else { return false }
            var isDir: ObjCBool = false
            return FileManager.default.fileExists(atPath: configRoot.appendingPathComponent(d).path, isDirectory: &isDir)
                && isDir.boolValue
        }.sorted()
    }

    static func load(_ example: String) throws -> ResourceSet {
        let dir = configRoot.appendingPathComponent(example)
        let files = Fixtures.files(under: dir) { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.map {
            SourceFile(path: "config/\(example)/\($0)", contents: Fixtures.read(dir.appendingPathComponent($0)) ?? "")
        }
        return try ResourceSet.load(files)
    }

    @Test func thereAreExamples() { #expect(Self.examples().count >= 2) }

    @Test(arguments: examples())
    func parsesAndEveryNodeComputes(_ example: String) throws {
        let set = try Self.load(example)
        #expect(!set.nodes.isEmpty)
        for node in set.nodes {
            let config = try DesiredNodeConfig.compute(resources: set, nodeName: node.name)
            #expect(!config.peers.isEmpty, "\(example): \(node.name) has no peers")
        }
    }

    @Test func meshExample() throws {
        let set = try Self.load("mesh")
        let c = try DesiredNodeConfig.compute(resources: set, nodeName: "node-1")
        #expect(c.peers.map(\.name) == ["Mesh_192_0_2_12", "Mesh_192_0_2_13"])
        #expect(c.peers.allSatisfy { $0.passive })
        #expect(c.localBlocks.map(\.description) == ["100.64.0.0/26"])
        let c3 = try DesiredNodeConfig.compute(resources: set, nodeName: "node-3")
        #expect(c3.peers.allSatisfy { !$0.passive })
    }

    @Test func torExampleUsesHoldTimeAnnotation() throws {
        let set = try Self.load("tor-ebgp")
        let c = try DesiredNodeConfig.compute(resources: set, nodeName: "node-1")
        #expect(c.peers.count == 2)
        #expect(c.peers.allSatisfy { $0.holdTime == 9 && !$0.isInternal })
    }
}
