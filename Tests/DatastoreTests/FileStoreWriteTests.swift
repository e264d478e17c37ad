/// FileStore.put / delete: atomic files named `<kind>-<name>.yaml`, in-place edits of shared
/// files that keep the other documents' text, validation before anything is written.
import CalicoModel
import Foundation
import Testing
@testable import Datastore

@Suite struct FileStoreWriteTests {
    @Test func putAndDeleteRoundTrip() throws {
        let dir = try TempDirectory()
        defer { dir.removeAll() }
        try dir.write("cluster.yaml", Sample.cluster)
        let store = FileStore(directory: dir.path)
        let peerSet = try ResourceSet.load(path: "x", contents: Sample.peer("tor-a", "198.51.100.1"))
        let peer = try #require(peerSet.all.first)

        let r1 = try store.put(peer)
        #expect(dir.exists("bgppeer-tor-a.yaml"))
        #expect(try store.list().resources.bgpPeers.first == peerSet.bgpPeers.first)
        #expect(try store.list().revision == r1)

        // Replace it: the same file is rewritten.
        var changed = try #require(peerSet.bgpPeers.first)
        changed.asNumber = 65001
        changed.metadata.annotations["swiftlet.io/hold-time"] = "9s"
        changed.holdTime = 9
        let r2 = try store.put(.bgpPeer(changed))
        #expect(r2 == r1 + 1)
        #expect(try store.list().resources.bgpPeers == [changed])
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["bgppeer-tor-a.yaml", "cluster.yaml"])

        // Putting the same resource again changes nothing.
        #expect(try store.put(.bgpPeer(changed)) == r2)

        let r3 = try store.delete(kind: .bgpPeer, name: "tor-a")
        #expect(r3 == r2 + 1)
        #expect(!dir.exists("bgppeer-tor-a.yaml"))
        #expect(try store.list().resources.bgpPeers.isEmpty)
        #expect(throws: StoreError.self) { try store.delete(kind: .bgpPeer, name: "tor-a") }
    }

    @Test func deleteFromSharedFileKeepsOtherDocumentsVerbatim() throws {
        let dir = try TempDirectory()
        defer { dir.removeAll() }
        let text = "# cluster settings, hand-written\n" + Sample.cluster + "---\n# the peer\n" + Sample.peer("tor-a", "198.51.100.1")
        try dir.write("all.yaml", text)
        let store = FileStore(directory: dir.path)
        try store.delete(kind: .ipPool, name: "pods")
        let after = try #require(dir.contents("all.yaml"))
        #expect(after.contains("# cluster settings, hand-written"))
        #expect(after.contains("# the peer"))
        #expect(!after.contains("IPPool"))
        let set = try store.list().resources
        #expect(set.ipPools.isEmpty)
        #expect(set.bgpPeers.count == 1)
        #expect(set.bgpConfigurations.count == 1)
    }

    @Test func putReplacesDocumentInSharedFile() throws {
        let dir = try TempDirectory()
        defer { dir.removeAll() }
        try dir.write("all.yaml", Sample.cluster + "---\n# keep me\n" + Sample.node("node-1", "10.0.0.1"))
        let store = FileStore(directory: dir.path)
        var node = try #require(try store.list().resources.nodes.first)
        node.bgp?.asNumber = 65010
        try store.put(.node(node))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["all.yaml"])
        #expect(dir.contents("all.yaml")?.contains("# keep me") == false)   // that document was replaced
        #expect(dir.contents("all.yaml")?.contains("kind: \"IPPool\"") == false)   // the others kept verbatim
        #expect(try store.list().resources.nodes == [node])
    }

    @Test func listFilesAreRewrittenFromTheModel() throws {
        let dir = try TempDirectory()
        defer { dir.removeAll() }
        let list = """
            apiVersion: projectcalico.org/v3
            kind: NodeList
            items:
              - apiVersion: projectcalico.org/v3
                kind: Node
                metadata: {name: a}
                spec: {bgp: {ipv4Address: 10.0.0.1/24}}
              - apiVersion: projectcalico.org/v3
                kind: Node
                metadata: {name: b}
                spec: {bgp: {ipv4Address: 10.0.0.2/24}}

            """
        try dir.write("nodes.yaml", list)
        let store = FileStore(directory: dir.path)
        try store.delete(kind: .node, name: "a")
        #expect(try store.list().resources.nodes.map(\.name) == ["b"])
    }

    @Test func invalidPutWritesNothing() throws {
        let dir = try TempDirectory()
        defer { dir.removeAll() }
        try dir.write("cluster.yaml", Sample.cluster)
        let store = FileStore(directory: dir.path)
        var unknownFilter = BGPPeer(metadata: ObjectMeta(name: "tor-b"))
        unknownFilter.peerIP = PeerAddress("198.51.100.2")
        unknownFilter.asNumber = 65000
        unknownFilter.filters = ["missing"]
        #expect(throws: StoreError.self) { try store.put(.bgpPeer(unknownFilter)) }
        #expect(!dir.exists("bgppeer-tor-b.yaml"))
        // A filter still in use cannot be deleted.
        try dir.write("filter.yaml", Sample.filter)
        try dir.write("peer.yaml", Sample.peer("tor-a", "198.51.100.1", filter: "pods-only"))
        #expect(throws: StoreError.self) { try store.delete(kind: .bgpFilter, name: "pods-only") }
        #expect(dir.exists("filter.yaml"))
    }

    @Test func putRefusesWhileDirectoryIsInvalid() throws {
        let dir = try TempDirectory()
        defer { dir.removeAll() }
        try dir.write("bad.yaml", "kind: [")
        let store = FileStore(directory: dir.path)
        #expect(throws: StoreError.self) { try store.put(.node(CalicoNode(metadata: ObjectMeta(name: "n")))) }
    }
}
