/// Loading a datastore directory: valid resources give the node's configuration; every error
/// is reported with file, document, field and value; passwords come from the secret files.
import Datastore
import Foundation
import Testing
@testable import Daemon

@Suite("Configuration loading")
struct ConfigLoaderTests {
    func loader(_ dir: TempDirectory, node: String = "node-1", secrets: String? = nil) -> ConfigLoader {
        ConfigLoader(datastore: .file(directory: "\(dir.path)/store"), nodeName: node,
                     secretsDirectory: secrets ?? "\(dir.path)/secrets")
    }

    @Test("a valid directory (nested, .yaml and .yml) gives the node's peers and blocks")
    func valid() throws {
        let dir = try TempDirectory()
        try dir.write("store/cluster.yaml", Fixture.documents([Fixture.bgpConfiguration(), Fixture.pool]))
        try dir.write("store/nodes/nodes.yml", Fixture.documents([
            Fixture.node("node-1", "192.0.2.11"), Fixture.node("node-2", "192.0.2.12"),
            Fixture.block("node-1", "100.64.1.0/26"),
        ]))
        try dir.write("store/ignored.txt", "not yaml at all: [")
        let config = try loader(dir).load()
        #expect(config.fileCount == 2)
        #expect(config.resourceCount == 5)
        #expect(config.desired.peers.map(\.name) == ["Mesh_192_0_2_12"])
        #expect(config.desired.localBlocks.map(\.description) == ["100.64.1.0/26"])
    }

    @Test("every error is reported with file, document, field path, value and reason")
    func everyError() throws {
        let dir = try TempDirectory()
        try dir.write("store/cluster.yaml", Fixture.documents([Fixture.bgpConfiguration(), Fixture.node("node-1", "192.0.2.11")]))
        try dir.write("store/bad.yaml", Fixture.documents([
            Fixture.pool.replacingOccurrences(of: "100.64.0.0/16", with: "100.64.0.0/33"),
            Fixture.peer("tor", "192.0.2.1", asNumber: 65000) + "\n  colour: blue",
        ]))
        do {
            _ = try loader(dir).load()
            Issue.record("an invalid directory was accepted")
        } catch {
            guard case .invalidConfiguration(let lines) = error else { Issue.record("\(error)"); return }
            #expect(lines.count >= 2)
            let cidr = lines.first { $0.contains("spec.cidr") }
            #expect(cidr?.contains("bad.yaml") == true)
            #expect(cidr?.contains("document 1") == true)
            #expect(cidr?.contains("100.64.0.0/33") == true)
            let field = lines.first { $0.contains("colour") }
            #expect(field?.contains("document 2") == true)
            #expect(error.description.contains("\(lines.count) error(s)"))
        }
    }

    @Test("an unknown node and a missing directory are errors")
    func unknownNodeAndMissingDirectory() throws {
        let dir = try TempDirectory()
        try dir.write("store/cluster.yaml", Fixture.documents([Fixture.bgpConfiguration(), Fixture.node("node-1", "192.0.2.11")]))
        #expect(throws: DaemonError.invalidConfiguration(["\(dir.path)/store: no Node resource named \"node-9\""])) {
            try loader(dir, node: "node-9").load()
        }
        let missing = ConfigLoader(datastore: .file(directory: "\(dir.path)/nope"), nodeName: "node-1", secretsDirectory: dir.path)
        do {
            _ = try missing.load()
            Issue.record("a missing directory was accepted")
        } catch {
            guard case .invalidConfiguration(let lines) = error else { Issue.record("\(error)"); return }
            #expect(lines.count == 1 && lines[0].contains("\(dir.path)/nope"))
            #expect(lines[0].lowercased().contains("no such file or directory"))
        }
    }

    @Test("passwords are read from <secrets>/<name>/<key>, one trailing newline dropped")
    func passwords() throws {
        let dir = try TempDirectory()
        try dir.write("store/all.yaml", Fixture.documents([
            Fixture.bgpConfiguration(mesh: false), Fixture.node("node-1", "192.0.2.11"),
            Fixture.peer("tor", "192.0.2.1", asNumber: 65000, secret: ("bgp-secrets", "tor")),
        ]))
        try dir.write("secrets/bgp-secrets/tor", "s3cret key\n")
        let config = try loader(dir).load()
        let peer = try #require(config.desired.peers.first)
        let path = try #require(peer.password?.path)
        #expect(path == "\(dir.path)/secrets/bgp-secrets/tor")
        #expect(config.passwords == [path: "s3cret key"])
        // …and reaches the speaker's peer as its TCP MD5 key.
        #expect(Daemon.speakerConfiguration(config).peers.map(\.password) == ["s3cret key"])
    }

    @Test("a missing, empty or over-long secret file refuses the configuration, naming the file")
    func badSecrets() throws {
        let dir = try TempDirectory()
        try dir.write("store/all.yaml", Fixture.documents([
            Fixture.bgpConfiguration(mesh: false), Fixture.node("node-1", "192.0.2.11"),
            Fixture.peer("tor-a", "192.0.2.1", asNumber: 65000, secret: ("s", "a")),
            Fixture.peer("tor-b", "192.0.2.2", asNumber: 65000, secret: ("s", "b")),
            Fixture.peer("tor-c", "192.0.2.3", asNumber: 65000, secret: ("s", "c")),
        ]))
        try dir.write("secrets/s/b", "\n")
        try dir.write("secrets/s/c", String(repeating: "k", count: 81))
        do {
            _ = try loader(dir).load()
            Issue.record("missing secrets were accepted")
        } catch {
            guard case .invalidConfiguration(let lines) = error else { Issue.record("\(error)"); return }
            #expect(lines.count == 3)
            #expect(lines[0].contains("cannot read \(dir.path)/secrets/s/a"))
            #expect(lines[1].contains("secrets/s/b is empty"))
            #expect(lines[2].contains("81 bytes"))
        }
    }

    @Test("--datastore: file:DIR works; etcd opens, and an unreachable one is reported as such")
    func datastoreLocation() throws {
        #expect(try StoreLocation.parse("file:/etc/calico") == .file(directory: "/etc/calico"))
        #expect(throws: StoreError.self) { try StoreLocation.parse("/etc/calico") }
        #expect(throws: StoreError.self) { try StoreLocation.parse("file:") }
        // Port 1 on loopback: nothing listens, the connection is refused at once.
        let etcd = ConfigLoader(datastore: try StoreLocation.parse("etcd:http://127.0.0.1:1"),
                                nodeName: "node-1", secretsDirectory: "/nonexistent")
        do {
            _ = try etcd.load()
            Issue.record("an unreachable etcd was listed")
        } catch {
            guard case .invalidConfiguration(let lines) = error else { Issue.record("\(error)"); return }
            #expect(lines.first?.contains("no etcd endpoint answered") == true)
        }
    }
}
