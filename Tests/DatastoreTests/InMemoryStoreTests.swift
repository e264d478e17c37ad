/// InMemoryStore: list, validated put/delete, synchronous events, simulated outages.
import CalicoModel
import Dispatch
import Testing
@testable import Datastore

@Suite struct InMemoryStoreTests {
    static func node(_ name: String) -> Resource {
        var n = CalicoNode(metadata: ObjectMeta(name: name))
        n.bgp = CalicoNode.BGPSpec()
        return .node(n)
    }

    @Test func listPutDeleteAndEvents() throws {
        let store = InMemoryStore([Self.node("a")])
        let (set, revision) = try store.list()
        #expect(set.nodes.map(\.name) == ["a"])
        #expect(revision == 1)

        let queue = DispatchQueue(label: "mem")
        let recorder = EventRecorder()
        let handle = store.watch(from: revision, on: queue) { recorder.record($0) }
        #expect(recorder.count == 0)

        #expect(try store.put(Self.node("b")) == 2)
        #expect(recorder.count == 1)   // delivered before put returned
        #expect(recorder.all.last?.changedKeys == [ResourceKey(kind: .node, name: "b")])

        #expect(try store.put(Self.node("b")) == 2)   // identical: no revision, no event
        #expect(recorder.count == 1)

        #expect(try store.delete(kind: .node, name: "a") == 3)
        #expect(recorder.all.last?.snapshot?.nodes.map(\.name) == ["b"])
        #expect(throws: StoreError.self) { try store.delete(kind: .node, name: "a") }

        store.simulate(.unavailable(reason: "etcd down"))
        store.simulate(.recovered)
        #expect(recorder.count == 4)

        handle.cancel()
        try store.put(Self.node("c"))
        #expect(recorder.count == 4)
    }

    @Test func invalidPutIsRefused() throws {
        let store = InMemoryStore()
        var peer = BGPPeer(metadata: ObjectMeta(name: "p"))
        peer.peerIP = PeerAddress("198.51.100.1")
        peer.filters = ["missing"]
        #expect(throws: StoreError.self) { try store.put(.bgpPeer(peer)) }
        #expect(try store.list().resources.count == 0)
    }

    @Test func watchFromOldRevisionCatchesUp() throws {
        let store = InMemoryStore()
        try store.put(Self.node("a"))
        let recorder = EventRecorder()
        let queue = DispatchQueue(label: "mem2")
        let handle = store.watch(from: 1, on: queue) { recorder.record($0) }
        defer { handle.cancel() }
        #expect(recorder.all.first?.snapshot?.nodes.count == 1)
    }

    @Test func putFromTheWatchQueueDoesNotDeadlock() throws {
        let store = InMemoryStore()
        let queue = DispatchQueue(label: "mem3")
        let recorder = EventRecorder()
        let handle = store.watch(from: 1, on: queue) { recorder.record($0) }
        defer { handle.cancel() }
        _ = try queue.sync { try store.put(Self.node("x")) }
        #expect(recorder.count == 1)
    }
}

@Suite struct StoreLocationTests {
    @Test func parsesFileAndEtcd() throws {
        #expect(try StoreLocation.parse("file:/etc/swiftlet") == .file(directory: "/etc/swiftlet"))
        #expect(try StoreLocation.parse("etcd:http://10.0.0.1:2379,https://10.0.0.2:2379")
            == .etcd(endpoints: ["http://10.0.0.1:2379", "https://10.0.0.2:2379"]))
        #expect(try StoreLocation.parse("file:/x").description == "file:/x")
        for bad in ["/etc/swiftlet", "file:", "etcd:", "etcd:10.0.0.1:2379", "consul:x"] {
            #expect(throws: StoreError.self) { try StoreLocation.parse(bad) }
        }
    }

    @Test func opensEachBackend() throws {
        #expect(try StoreLocation.parse("etcd:http://127.0.0.1:2379").open() is EtcdStore)
        #expect(try StoreLocation.parse("file:/tmp").open() is FileStore)
    }
}
