/// FileStore.watch: every kind of edit an operator or editor makes, with the change latency
/// measured (write returned → handler ran) and printed. Serialized: the latencies are timings.
import CalicoModel
import Dispatch
import Foundation
import Testing
@testable import Datastore

@Suite(.serialized) struct FileStoreWatchTests {
    /// A watched store over a fresh directory holding `files`.
    final class Fixture {
        let dir: TempDirectory
        let store: FileStore
        let queue = DispatchQueue(label: "store-test")
        let recorder = EventRecorder()
        var handle: WatchHandle?
        let initial: ResourceSet

        init(_ files: [String: String]) throws {
            dir = try TempDirectory()
            for (path, text) in files { try dir.write(path, text) }
            store = FileStore(directory: dir.path)
            let (set, revision) = try store.list()
            initial = set
            let recorder = self.recorder
            handle = store.watch(from: revision, on: queue) { recorder.record($0) }
            queue.sync {}   // the watch has started: inotify watches are in place
        }

        /// Runs `change`, waits for an event matching `match`, prints and returns the latency (ms).
        func measure(_ label: String, _ change: () throws -> Void,
                     until match: @escaping (StoreEvent) -> Bool = { $0.isChanged }) throws -> (StoreEvent, Double)? {
            let start = recorder.count
            try change()
            let written = DispatchTime.now()
            guard let (event, at) = recorder.wait(after: start, match) else { return nil }
            let ms = milliseconds(written, at)
            print("FileStore change latency (\(label)): \(String(format: "%.1f", ms)) ms")
            return (event, ms)
        }

        deinit {
            handle?.cancel()
            queue.sync {}
            dir.removeAll()
        }
    }

    @Test func startingWatchAtCurrentRevisionDeliversNothing() throws {
        let f = try Fixture(["cluster.yaml": Sample.cluster])
        usleep(150_000)
        #expect(f.recorder.count == 0)
    }

    @Test func writeIsDeliveredWithin100ms() throws {
        let f = try Fixture(["cluster.yaml": Sample.cluster])
        var latencies: [Double] = []
        for i in 1...5 {
            let result = try f.measure("new file \(i)") { try f.dir.write("node-\(i).yaml", Sample.node("node-\(i)", "10.0.0.\(i)")) }
            let (event, ms) = try #require(result)
            #expect(event.changedKeys == [Sample.key(.node, "node-\(i)")])
            #expect(event.snapshot?.nodes.count == i)
            #expect(ms < 1000)
            latencies.append(ms)
        }
        print("FileStore change latency over \(latencies.count) writes: max \(String(format: "%.1f", latencies.max() ?? 0)) ms")
    }

    @Test func revisionsIncrease() throws {
        let f = try Fixture(["cluster.yaml": Sample.cluster])
        _ = try f.measure("first") { try f.dir.write("a.yaml", Sample.node("a", "10.0.0.1")) }
        _ = try f.measure("second") { try f.dir.write("b.yaml", Sample.node("b", "10.0.0.2")) }
        let revisions = f.recorder.all.compactMap { e -> Int64? in if case .changed(_, let r, _) = e { r } else { nil } }
        #expect(revisions == [2, 3])
    }

    @Test func renameIntoPlaceIsSeen() throws {
        let f = try Fixture(["cluster.yaml": Sample.cluster, "node.yaml": Sample.node("node-1", "10.0.0.1")])
        let result = try f.measure("rename into place") { try f.dir.renameIntoPlace("node.yaml", Sample.node("node-1", "10.0.0.7")) }
        let (event, _) = try #require(result)
        #expect(event.changedKeys == [Sample.key(.node, "node-1")])
        #expect(event.snapshot?.nodes.first?.bgp?.ipv4Address?.description == "10.0.0.7/24")
    }

    @Test func newSubdirectoriesAreWatched() throws {
        let f = try Fixture(["cluster.yaml": Sample.cluster])
        let first = try f.measure("file in new subdirectory") { try f.dir.write("rack1/node-1.yaml", Sample.node("node-1", "10.0.0.1")) }
        #expect(first?.0.changedKeys == [Sample.key(.node, "node-1")])
        // A file written later into that subdirectory (its own watch now) and a nested one.
        let second = try f.measure("file in watched subdirectory") { try f.dir.write("rack1/node-2.yaml", Sample.node("node-2", "10.0.0.2")) }
        #expect(second?.0.changedKeys == [Sample.key(.node, "node-2")])
        let third = try f.measure("nested subdirectories") { try f.dir.write("a/b/c/node-3.yaml", Sample.node("node-3", "10.0.0.3")) }
        #expect(third?.0.changedKeys == [Sample.key(.node, "node-3")])
        // Removing a whole subdirectory removes its resources.
        let gone = try f.measure("subdirectory removed") { try f.dir.remove("rack1") }
        #expect(gone?.0.changedKeys == [Sample.key(.node, "node-1"), Sample.key(.node, "node-2")])
        #expect(gone?.0.snapshot?.nodes.map(\.name) == ["node-3"])
    }

    @Test func deletedFileRemovesItsResources() throws {
        let f = try Fixture(["cluster.yaml": Sample.cluster, "nodes.yaml": Sample.node("node-1", "10.0.0.1")])
        let result = try f.measure("file deleted") { try f.dir.remove("nodes.yaml") }
        let (event, _) = try #require(result)
        #expect(event.changedKeys == [Sample.key(.node, "node-1")])
        #expect(event.snapshot?.nodes.isEmpty == true)
        #expect(event.snapshot?.ipPools.count == 1)
    }

    @Test func invalidFileKeepsLastGoodStateUntilFixed() throws {
        let f = try Fixture(["cluster.yaml": Sample.cluster, "peer.yaml": Sample.peer("tor-a", "198.51.100.1")])
        let bad = try f.measure("invalid file", { try f.dir.write("peer.yaml", Sample.peer("tor-a", "300.1.1.1")) },
                                until: { if case .invalid = $0 { true } else { false } })
        let (event, _) = try #require(bad)
        guard case .invalid(let errors, let revision) = event else { Issue.record("not invalid"); return }
        #expect(revision == 1)   // the revision still in force
        let error = try #require(errors.first)
        #expect(error.file == f.dir.file("peer.yaml"))
        #expect(error.field == "spec.peerIP")
        #expect(error.value == "300.1.1.1")
        #expect(error.document == 1)
        #expect(!f.recorder.all.contains { $0.isChanged })   // nothing applied
        // The same invalid content again: reported once only.
        try f.dir.write("peer.yaml", Sample.peer("tor-a", "300.1.1.1"))
        usleep(150_000)
        #expect(f.recorder.count == 1)
        // Half-written YAML is invalid too, and then fixed.
        try f.dir.write("peer.yaml", "apiVersion: projectcalico.org/v3\nkind: BGPPeer\nmetadata: {name: tor-a\n")
        #expect(f.recorder.wait(after: 1) { $0.errors.contains { $0.reason.contains("YAML") } } != nil)
        let fixed = try f.measure("fixed") { try f.dir.write("peer.yaml", Sample.peer("tor-a", "198.51.100.2")) }
        #expect(fixed?.0.changedKeys == [Sample.key(.bgpPeer, "tor-a")])
        #expect(fixed?.0.snapshot?.bgpPeers.first?.peerIP?.description == "198.51.100.2")
    }

    @Test func invalidThenRestoredToTheStateInForceEndsTheRefusal() throws {
        let f = try Fixture(["cluster.yaml": Sample.cluster, "peer.yaml": Sample.peer("tor-a", "198.51.100.1")])
        _ = try f.measure("invalid file", { try f.dir.write("peer.yaml", Sample.peer("tor-a", "300.1.1.1")) },
                          until: { if case .invalid = $0 { true } else { false } })
        // Back to exactly the content in force: a `.changed` with no changed key, so a consumer
        // showing "invalid" knows the refusal is over.
        let restored = try f.measure("restored") { try f.dir.write("peer.yaml", Sample.peer("tor-a", "198.51.100.1")) }
        #expect(restored?.0.changedKeys == [])
        #expect(restored?.0.snapshot?.bgpPeers.first?.peerIP?.description == "198.51.100.1")
    }

    @Test func identicalRewriteProducesNoEvent() throws {
        let f = try Fixture(["cluster.yaml": Sample.cluster])
        try f.dir.write("cluster.yaml", Sample.cluster)
        try f.dir.renameIntoPlace("cluster.yaml", Sample.cluster)
        // Same resources with other formatting, and moved to another file.
        try f.dir.write("cluster.yaml", "# a comment\n" + Sample.cluster)
        usleep(200_000)
        #expect(f.recorder.count == 0)
        // The watch is still alive.
        let result = try f.measure("after identical rewrites") { try f.dir.write("n.yaml", Sample.node("n", "10.0.0.1")) }
        #expect(result != nil)
    }

    @Test func removedRootIsUnavailableThenRecovers() throws {
        let f = try Fixture(["cluster.yaml": Sample.cluster])
        _ = try f.measure("root removed", { f.dir.removeAll() },
                          until: { if case .unavailable = $0 { true } else { false } })
        #expect(!f.recorder.all.contains { $0.isChanged })   // never "everything deleted"
        try f.dir.write("cluster.yaml", Sample.cluster)
        try f.dir.write("node.yaml", Sample.node("node-1", "10.0.0.1"))
        let back = f.recorder.wait(after: 1, timeout: 3) { $0.isChanged }
        #expect(back?.0.changedKeys == [Sample.key(.node, "node-1")])
        #expect(f.recorder.all.contains { if case .recovered = $0 { true } else { false } })
    }

    @Test func watchFromOlderRevisionCatchesUp() throws {
        let dir = try TempDirectory()
        defer { dir.removeAll() }
        try dir.write("cluster.yaml", Sample.cluster)
        let store = FileStore(directory: dir.path)
        let (_, revision) = try store.list()
        try dir.write("node.yaml", Sample.node("node-1", "10.0.0.1"))
        let recorder = EventRecorder()
        let queue = DispatchQueue(label: "catch-up")
        let handle = store.watch(from: revision, on: queue) { recorder.record($0) }
        defer { handle.cancel(); queue.sync {} }
        let event = recorder.wait(after: 0) { $0.isChanged }
        #expect(event?.0.snapshot?.nodes.count == 1)
    }

    @Test func cancelStopsDelivery() throws {
        let f = try Fixture(["cluster.yaml": Sample.cluster])
        f.handle?.cancel()
        try f.dir.write("n.yaml", Sample.node("n", "10.0.0.1"))
        usleep(150_000)
        #expect(f.recorder.count == 0)
    }
}
