/// FileStore.list: recursive reading, ignored editor files, invalid and missing directories.
import CalicoModel
import Foundation
import Testing
@testable import Datastore

@Suite struct FileStoreListTests {
    @Test func listsEveryYAMLFileRecursively() throws {
        let dir = try TempDirectory()
        defer { dir.removeAll() }
        try dir.write("cluster.yaml", Sample.cluster)
        try dir.write("nodes/node-1.yaml", Sample.node("node-1", "10.0.0.1"))
        try dir.write("nodes/rack2/node-2.yml", Sample.node("node-2", "10.0.0.2"))
        try dir.write("peers/tor.yaml", Sample.peer("tor-a", "198.51.100.1", filter: "pods-only") + "---\n" + Sample.filter)
        // Editor and hidden files are not resources.
        try dir.write(".#cluster.yaml", "garbage: [")
        try dir.write("cluster.yaml~", "garbage: [")
        try dir.write(".cluster.yaml.swp", "garbage: [")
        try dir.write("#cluster.yaml#", "garbage: [")
        try dir.write(".hidden/node-9.yaml", Sample.node("node-9", "10.0.0.9"))
        try dir.write("README.md", "not yaml")

        let (set, revision) = try FileStore(directory: dir.path).list()
        #expect(set.nodes.map(\.name) == ["node-1", "node-2"])
        #expect(set.count == 6)
        #expect(set.origins[Sample.key(.bgpFilter, "pods-only")]?.file == dir.file("peers/tor.yaml"))
        #expect(set.origins[Sample.key(.bgpFilter, "pods-only")]?.document == 2)
        #expect(revision == 1)
    }

    @Test func revisionStaysWhenNothingChanged() throws {
        let dir = try TempDirectory()
        defer { dir.removeAll() }
        try dir.write("cluster.yaml", Sample.cluster)
        let store = FileStore(directory: dir.path)
        #expect(try store.list().revision == 1)
        #expect(try store.list().revision == 1)
        try dir.write("node.yaml", Sample.node("node-1", "10.0.0.1"))
        #expect(try store.list().revision == 2)
    }

    @Test func invalidDirectoryThrowsEveryError() throws {
        let dir = try TempDirectory()
        defer { dir.removeAll() }
        try dir.write("cluster.yaml", Sample.cluster)
        try dir.write("bad.yaml", Sample.peer("tor-a", "300.1.1.1"))
        #expect {
            try FileStore(directory: dir.path).list()
        } throws: { error in
            guard case StoreError.invalid(let errors) = error else { return false }
            return errors.contains { $0.file == dir.file("bad.yaml") && $0.field == "spec.peerIP" && $0.value == "300.1.1.1" }
        }
    }

    @Test func crossFileReferencesValidate() throws {
        let dir = try TempDirectory()
        defer { dir.removeAll() }
        try dir.write("peer.yaml", Sample.peer("tor-a", "198.51.100.1", filter: "pods-only"))
        try dir.write("filter.yaml", Sample.filter)
        let (set, _) = try FileStore(directory: dir.path).list()
        #expect(set.bgpPeers.first?.filters == ["pods-only"])
    }

    @Test func duplicatesAcrossFilesAreErrors() throws {
        let dir = try TempDirectory()
        defer { dir.removeAll() }
        try dir.write("a.yaml", Sample.node("node-1", "10.0.0.1"))
        try dir.write("b/a.yaml", Sample.node("node-1", "10.0.0.2"))
        #expect {
            try FileStore(directory: dir.path).list()
        } throws: { error in
            guard case StoreError.invalid(let errors) = error else { return false }
            return errors.contains { $0.reason.contains("duplicate") }
        }
    }

    @Test func missingDirectoryIsUnavailableNotEmpty() {
        #expect {
            try FileStore(directory: "/tmp/swiftlet-store-does-not-exist-\(getpid())").list()
        } throws: { error in
            if case StoreError.unavailable = error { true } else { false }
        }
    }
}
