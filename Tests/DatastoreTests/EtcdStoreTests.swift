/// EtcdStore against a real etcd 3.4 (started per test on free loopback ports): list, put,
/// delete and their validation, the key layout, invalid values, watch latency, restart and
/// outage recovery, compaction, endpoint failover, user/password auth and TLS client certificates.
import CalicoModel
import Dispatch
import Foundation
import Testing
@testable import Datastore

/// One resource parsed from YAML.
func resource(_ yaml: String) throws -> Resource {
    let set = try ResourceSet.decode([SourceFile(path: "test", contents: yaml)])
    guard set.count == 1, let r = set.all.first else { throw EtcdTestError("expected one resource in \(yaml)") }
    return r
}

/// Runs `body` with a fresh etcd, removed afterwards whatever happens.
func withEtcd<T>(tls: Bool = false, _ body: (EtcdServer) throws -> T) throws -> T {
    let server = try EtcdServer(tls: tls)
    defer { server.remove() }
    return try body(server)
}

@Suite(.serialized, .enabled(if: EtcdTestEnvironment.hasEtcd, Comment(rawValue: EtcdTestEnvironment.missing)))
struct EtcdStoreTests {
    @Test func listPutDeleteAndValidation() throws {
        try withEtcd { etcd in
            let store = try EtcdStore(endpoints: [etcd.endpoint])
            let (empty, r0) = try store.list()
            #expect(empty.count == 0)
            #expect(r0 >= 1)

            let r1 = try store.put(try resource(Sample.node("node-1", "192.0.2.10")))
            #expect(r1 > r0)
            // One key per resource, Calico's naming, the value JSON.
            let raw = try etcd.ctl(["get", "/swiftlet/v3/projectcalico.org/nodes/node-1", "--print-value-only"])
            #expect(raw.hasPrefix("{\"apiVersion\":\"projectcalico.org/v3\",\"kind\":\"Node\""))

            // A peer naming a filter that is not there: refused, nothing written.
            let peer = try resource(Sample.peer("tor-a", "198.51.100.1", filter: "pods-only"))
            #expect {
                try store.put(peer)
            } throws: { error in
                guard case StoreError.invalid(let errors) = error else { return false }
                return errors.contains { $0.value == "pods-only" && $0.reason == "no BGPFilter with this name" }
            }
            #expect(try etcd.ctl(["get", "/swiftlet/v3/", "--prefix", "--keys-only"]).contains("bgppeers") == false)

            try store.put(try resource(Sample.filter))
            let r2 = try store.put(peer)
            let (set, listed) = try store.list()
            #expect(listed == r2)
            #expect(set.bgpPeers.map(\.metadata.name) == ["tor-a"])
            #expect(set.filter(named: "pods-only") != nil)
            #expect(set.origins[peer.key]?.file == "/swiftlet/v3/projectcalico.org/bgppeers/tor-a")

            // Identical content: nothing written, same revision.
            #expect(try store.put(peer) == r2)

            // The filter is in use: deleting it is refused.
            #expect(throws: StoreError.self) { try store.delete(kind: .bgpFilter, name: "pods-only") }
            #expect(try store.list().resources.bgpFilters.count == 1)

            let r3 = try store.delete(kind: .bgpPeer, name: "tor-a")
            #expect(r3 > r2)
            #expect(try store.list().resources.bgpPeers.isEmpty)
            #expect {
                try store.delete(kind: .bgpPeer, name: "tor-a")
            } throws: { error in
                if case StoreError.notFound(let key) = error { return key == Sample.key(.bgpPeer, "tor-a") }
                return false
            }
        }
    }

    @Test func invalidValuesAreReportedWithTheirKeyAndIgnored() throws {
        try withEtcd { etcd in
            let store = try EtcdStore(endpoints: [etcd.endpoint])
            // Values written by hand as YAML are read too; kinds Swiftlet does not read are ignored.
            try etcd.ctl(["put", "/swiftlet/v3/projectcalico.org/nodes/node-1", Sample.node("node-1", "192.0.2.10")])
            try etcd.ctl(["put", "/swiftlet/v3/projectcalico.org/felixconfigurations/default", "{\"kind\":\"FelixConfiguration\"}"])
            let (good, revision) = try store.list()
            #expect(good.nodes.map(\.name) == ["node-1"])

            let queue = DispatchQueue(label: "etcd-invalid")
            let events = EventRecorder()
            let handle = store.watch(from: revision, on: queue) { events.record($0) }
            defer { handle.cancel() }

            let badKey = "/swiftlet/v3/projectcalico.org/bgppeers/bad"
            try etcd.ctl(["put", badKey, "kind: BGPPeer\napiVersion: projectcalico.org/v3\nmetadata:\n  name: bad\nspec:\n  peerIP: not-an-ip\n"])
            let invalid = try #require(events.wait(after: 0, timeout: 5) { !$0.errors.isEmpty })
            guard case .invalid(let errors, let inForce) = invalid.0 else { Issue.record("\(invalid.0)"); return }
            #expect(inForce == revision)   // the last good state stays in force
            #expect(errors.allSatisfy { $0.file == badKey })
            #expect(errors.contains { $0.field == "spec.peerIP" })
            #expect(throws: StoreError.self) { try store.list() }

            // A value whose name differs from its key.
            let count = events.count
            try etcd.ctl(["put", badKey, Sample.peer("other", "198.51.100.7")])
            let mismatch = try #require(events.wait(after: count, timeout: 5) { !$0.errors.isEmpty })
            #expect(mismatch.0.errors.first?.reason == "the key names BGPPeer/bad but the value holds BGPPeer/other")

            // put repairs the broken key (the whole resulting set validates).
            let fixed = try resource(Sample.peer("bad", "198.51.100.8"))
            let after = events.count
            try store.put(fixed)
            let changed = try #require(events.wait(after: after, timeout: 5) { $0.isChanged })
            #expect(changed.0.changedKeys == [Sample.key(.bgpPeer, "bad")])
            #expect(changed.0.snapshot?.bgpPeers.first?.metadata.name == "bad")

            // A key outside the layout is an error naming it.
            try etcd.ctl(["put", "/swiftlet/v3/stray", "x"])
            #expect {
                try store.list()
            } throws: { error in
                guard case StoreError.invalid(let errors) = error else { return false }
                return errors.map(\.file) == ["/swiftlet/v3/stray"] && errors[0].reason.contains("not a Swiftlet resource key")
            }
        }
    }

    @Test func watchDeliversChangesQuickly() throws {
        try withEtcd { etcd in
            let store = try EtcdStore(endpoints: [etcd.endpoint])
            let writer = try EtcdStore(endpoints: [etcd.endpoint])
            try writer.put(try resource(Sample.node("node-1", "192.0.2.10")))
            let (_, revision) = try store.list()
            let queue = DispatchQueue(label: "etcd-latency")
            let events = EventRecorder()
            let handle = store.watch(from: revision, on: queue) { events.record($0) }
            defer { handle.cancel() }
            usleep(200_000)   // let the stream open: the first change below measures delivery, not connecting
            var latencies: [Double] = []
            for i in 1...5 {
                let before = events.count
                let start = DispatchTime.now()
                let rev = try writer.put(try resource(Sample.peer("peer-\(i)", "198.51.100.\(i)")))
                let hit = try #require(events.wait(after: before, timeout: 5) { $0.isChanged })
                guard case .changed(let snapshot, let r, let keys) = hit.0 else { return }
                #expect(r == rev)
                #expect(keys == [Sample.key(.bgpPeer, "peer-\(i)")])
                #expect(snapshot.bgpPeers.count == i)
                latencies.append(milliseconds(start, hit.1))
            }
            print("etcd watch latency (put via the gateway → handler ran), ms: \(latencies.map { String(format: "%.1f", $0) }.joined(separator: ", "))")
            #expect(latencies.allSatisfy { $0 < 1000 })
            #expect(events.all.allSatisfy { $0.isChanged })
        }
    }

    @Test func outageIsReportedAndCaughtUpAfterRestart() throws {
        try withEtcd { etcd in
            let store = try EtcdStore(endpoints: [etcd.endpoint])
            try store.put(try resource(Sample.node("node-1", "192.0.2.10")))
            let (_, revision) = try store.list()
            let queue = DispatchQueue(label: "etcd-outage")
            let events = EventRecorder()
            let handle = store.watch(from: revision, on: queue) { events.record($0) }
            defer { handle.cancel() }
            usleep(200_000)

            etcd.stop()
            let down = try #require(events.wait(after: 0, timeout: 5) { if case .unavailable = $0 { true } else { false } })
            guard case .unavailable(let reason) = down.0 else { return }
            #expect(reason.contains(etcd.endpoint))
            #expect(!store.health.isAvailable)

            // While the watch cannot reach it, etcd runs on another port and a resource changes.
            let original = etcd.clientPort
            try etcd.start(port: try freePort())
            let aside = try EtcdStore(endpoints: [etcd.endpoint])
            try aside.put(try resource(Sample.node("node-2", "192.0.2.11")))
            etcd.stop()

            // Back on its own port: recovered, then one `.changed` with exactly that difference.
            let marker = events.count
            try etcd.start(port: original)
            let back = try #require(events.wait(after: marker, timeout: 10) { $0.isChanged })
            let tail = Array(events.all[marker...])
            #expect(tail.first.map { if case .recovered = $0 { true } else { false } } == true)
            #expect(tail.filter(\.isChanged).count == 1)
            #expect(back.0.changedKeys == [Sample.key(.node, "node-2")])
            #expect(store.health.isAvailable)

            // The watch goes on from there.
            let again = events.count
            try store.put(try resource(Sample.node("node-3", "192.0.2.12")))
            let next = try #require(events.wait(after: again, timeout: 5) { $0.isChanged })
            #expect(next.0.changedKeys == [Sample.key(.node, "node-3")])
        }
    }

    @Test func restartOnTheSamePortDeliversLaterWritesOnce() throws {
        try withEtcd { etcd in
            let store = try EtcdStore(endpoints: [etcd.endpoint])
            let (_, revision) = try store.list()
            let queue = DispatchQueue(label: "etcd-resume")
            let events = EventRecorder()
            let handle = store.watch(from: revision, on: queue) { events.record($0) }
            defer { handle.cancel() }
            try store.put(try resource(Sample.node("node-1", "192.0.2.10")))
            _ = try #require(events.wait(after: 0, timeout: 5) { $0.isChanged })
            // Restart on the same port and data: the watch reconnects and sees later writes exactly once.
            etcd.stop()
            try etcd.start()
            let marker = events.count
            try store.put(try resource(Sample.node("node-2", "192.0.2.11")))
            let next = try #require(events.wait(after: marker, timeout: 10) { $0.isChanged })
            #expect(next.0.changedKeys == [Sample.key(.node, "node-2")])
            usleep(300_000)
            #expect(events.all[marker...].filter(\.isChanged).count == 1)
        }
    }

    @Test func droppedStreamResumesFromTheLastRevision() throws {
        try withEtcd { etcd in
            // The store reaches etcd through a relay that can break its connections; the
            // writer goes direct.
            let proxy = try EtcdTestProxy(targetPort: etcd.clientPort)
            defer { proxy.close() }
            let store = try EtcdStore(endpoints: [proxy.endpoint])
            let writer = try EtcdStore(endpoints: [etcd.endpoint])
            let (_, revision) = try store.list()
            let queue = DispatchQueue(label: "etcd-drop")
            let events = EventRecorder()
            let handle = store.watch(from: revision, on: queue) { events.record($0) }
            defer { handle.cancel() }
            try writer.put(try resource(Sample.node("node-1", "192.0.2.10")))
            _ = try #require(events.wait(after: 0, timeout: 5) { $0.isChanged })

            let before = proxy.connections
            proxy.dropConnections()
            try writer.put(try resource(Sample.node("node-2", "192.0.2.11")))
            try writer.put(try resource(Sample.node("node-3", "192.0.2.12")))
            let hit = try #require(events.wait(after: 0, timeout: 5) { $0.snapshot?.nodes.count == 3 })
            #expect(hit.0.snapshot?.nodes.map(\.name) == ["node-1", "node-2", "node-3"])
            usleep(200_000)
            // Resumed: one new connection (the watch stream again, no range), no outage reported,
            // and node-2 and node-3 each counted once across the events since the drop.
            #expect(proxy.connections == before + 1)
            #expect(events.all.allSatisfy { $0.isChanged })
            let keys = events.all[1...].flatMap(\.changedKeys)
            #expect(keys.sorted() == [Sample.key(.node, "node-2"), Sample.key(.node, "node-3")])
        }
    }

    @Test func compactedHistoryIsReListed() throws {
        try withEtcd { etcd in
            let store = try EtcdStore(endpoints: [etcd.endpoint])
            try store.put(try resource(Sample.node("node-1", "192.0.2.10")))
            let (_, revision) = try store.list()
            // Another writer moves on past `revision`, then etcd forgets that history. (The
            // store's own list stays at `revision`: that is the state the watch diffs against.)
            let writer = try EtcdStore(endpoints: [etcd.endpoint])
            try writer.put(try resource(Sample.node("node-2", "192.0.2.11")))
            let latest = try writer.delete(kind: .node, name: "node-1")
            try etcd.ctl(["compact", String(latest)])

            let queue = DispatchQueue(label: "etcd-compact")
            let events = EventRecorder()
            let handle = store.watch(from: revision, on: queue) { events.record($0) }
            defer { handle.cancel() }
            let hit = try #require(events.wait(after: 0, timeout: 5) { $0.isChanged })
            guard case .changed(let snapshot, let r, let keys) = hit.0 else { return }
            #expect(r == latest)
            #expect(keys == [Sample.key(.node, "node-1"), Sample.key(.node, "node-2")])
            #expect(snapshot.nodes.map(\.name) == ["node-2"])
        }
    }

    /// The round trip the failover, auth and TLS tests share: put node-1, list it, watch from
    /// that revision, `write` node-2 (through the store or etcdctl), and see exactly it arrive.
    static func putListWatch(_ store: EtcdStore, label: String, write: () throws -> Void) throws {
        try store.put(try resource(Sample.node("node-1", "192.0.2.10")))
        let (set, revision) = try store.list()
        #expect(set.nodes.count == 1)
        let queue = DispatchQueue(label: label)
        let events = EventRecorder()
        let handle = store.watch(from: revision, on: queue) { events.record($0) }
        defer { handle.cancel() }
        try write()
        let hit = try #require(events.wait(after: 0, timeout: 5) { $0.isChanged })
        #expect(hit.0.changedKeys == [Sample.key(.node, "node-2")])
    }

    @Test func failsOverToTheNextEndpoint() throws {
        try withEtcd { etcd in
            let dead = "http://127.0.0.1:\(try freePort())"
            let store = try EtcdStore(endpoints: [dead, etcd.endpoint])
            try Self.putListWatch(store, label: "etcd-failover") {
                try etcd.ctl(["put", "/swiftlet/v3/projectcalico.org/nodes/node-2", Sample.node("node-2", "192.0.2.11")])
            }

            // No endpoint at all: the error names each one.
            let nowhere = try EtcdStore(endpoints: [dead, "http://127.0.0.1:\(try freePort())"])
            #expect {
                try nowhere.list()
            } throws: { error in
                guard case StoreError.unavailable(let reason) = error else { return false }
                return reason.hasPrefix("no etcd endpoint answered") && reason.contains(dead)
            }
            #expect(!nowhere.health.isAvailable)
        }
    }

    @Test func watchStartedWhileEtcdIsDownRecovers() throws {
        let etcd = try EtcdServer()
        defer { etcd.remove() }
        let store = try EtcdStore(endpoints: [etcd.endpoint])
        try store.put(try resource(Sample.node("node-1", "192.0.2.10")))
        etcd.stop()
        let queue = DispatchQueue(label: "etcd-down")
        let events = EventRecorder()
        let handle = store.watch(from: 0, on: queue) { events.record($0) }
        defer { handle.cancel() }
        _ = try #require(events.wait(after: 0, timeout: 5) { if case .unavailable = $0 { true } else { false } })
        try etcd.start()
        let hit = try #require(events.wait(after: 0, timeout: 10) { $0.isChanged })
        #expect(hit.0.snapshot?.nodes.map(\.name) == ["node-1"])
        let kinds = events.all.map { e -> String in
            switch e {
            case .unavailable: "unavailable"
            case .recovered: "recovered"
            case .changed: "changed"
            case .invalid: "invalid"
            }
        }
        #expect(kinds == ["unavailable", "recovered", "changed"])
    }

    @Test func userAndPasswordAuthentication() throws {
        try withEtcd { etcd in
            try etcd.ctl(["user", "add", "root:secret-pw", "--interactive=false"])
            try etcd.ctl(["auth", "enable"])
            let anonymous = try EtcdStore(endpoints: [etcd.endpoint])
            #expect {
                try anonymous.list()
            } throws: { error in
                guard case StoreError.unavailable(let reason) = error else { return false }
                return reason.contains("ETCD_USERNAME")
            }
            let wrong = try EtcdStore(endpoints: [etcd.endpoint], options: EtcdOptions(username: "root", password: "nope"))
            #expect {
                try wrong.list()
            } throws: { error in
                guard case StoreError.unavailable(let reason) = error else { return false }
                return reason.contains("authentication as \"root\" refused")
            }

            let store = try EtcdStore(endpoints: [etcd.endpoint], options: EtcdOptions(username: "root", password: "secret-pw"))
            try Self.putListWatch(store, label: "etcd-auth") { try store.put(try resource(Sample.node("node-2", "192.0.2.11"))) }
            try etcd.ctl(["auth", "disable"], user: "root:secret-pw")
        }
    }

    @Test(.enabled(if: EtcdTestEnvironment.hasOpenSSL, "TLS test skipped: /usr/bin/openssl missing (apt-get install openssl)"))
    func tlsWithClientCertificates() throws {
        try withEtcd(tls: true) { etcd in
            let c = try #require(etcd.certificates)
            #expect(etcd.endpoint.hasPrefix("https://"))
            let store = try EtcdStore(endpoints: [etcd.endpoint],
                                      options: EtcdOptions(caFile: c.ca, certFile: c.clientCert, keyFile: c.clientKey))
            try Self.putListWatch(store, label: "etcd-tls") { try store.put(try resource(Sample.node("node-2", "192.0.2.11"))) }

            // Without the client certificate the server refuses the handshake; without the CA
            // the server's certificate is not trusted.
            for options in [EtcdOptions(caFile: c.ca), EtcdOptions(certFile: c.clientCert, keyFile: c.clientKey)] {
                let refused = try EtcdStore(endpoints: [etcd.endpoint], options: options)
                #expect(throws: StoreError.self) { try refused.list() }
            }
        }
    }

    @Test func transactionRefusesAStaleRead() throws {
        try withEtcd { etcd in
            let store = try EtcdStore(endpoints: [etcd.endpoint])
            try store.put(try resource(Sample.node("node-1", "192.0.2.10")))
            let key = store.layout.key(Sample.key(.node, "node-2"))
            let value = try resource(Sample.node("node-2", "192.0.2.11")).jsonText
            let other = try EtcdStore(endpoints: [etcd.endpoint])
            // Another key created after the read: the write based on it is refused.
            var stale = try store.range()
            try other.put(try resource(Sample.peer("tor-a", "198.51.100.1")))
            #expect(try store.transact(key, value: value, basedOn: stale) == nil)
            // Another key modified after the read: refused.
            stale = try store.range()
            try other.put(try resource(Sample.peer("tor-a", "198.51.100.2")))
            #expect(try store.transact(key, value: value, basedOn: stale) == nil)
            // The key itself deleted after the read: a delete based on the read is refused too.
            stale = try store.range()
            try other.delete(kind: .node, name: "node-1")
            #expect(try store.transact(store.layout.key(Sample.key(.node, "node-1")), value: nil, basedOn: stale) == nil)
            #expect(try store.list().resources.nodes.isEmpty)
            // A fresh read goes through.
            let fresh = try store.range()
            let revision = try #require(try store.transact(key, value: value, basedOn: fresh))
            #expect(revision == fresh.revision + 1)
            #expect(try store.list().resources.nodes.map(\.name) == ["node-2"])
        }
    }

    @Test func concurrentWriterIsNotLost() throws {
        try withEtcd { etcd in
            let store = try EtcdStore(endpoints: [etcd.endpoint])
            try store.put(try resource(Sample.node("node-1", "192.0.2.10")))
            // Two writers race on different keys; every write lands (the transaction retries
            // after re-reading when the other won), and each result validated as a whole.
            let group = DispatchGroup()
            let failures = EventRecorder()
            for w in 0..<2 {
                DispatchQueue.global().async(group: group) {
                    let writer = try? EtcdStore(endpoints: [etcd.endpoint])
                    for i in 0..<5 {
                        do {
                            try writer?.put(try resource(Sample.peer("w\(w)-\(i)", "198.51.100.\(w * 10 + i + 1)")))
                        } catch {
                            failures.record(.unavailable(reason: "\(error)"))
                        }
                    }
                }
            }
            group.wait()
            #expect(failures.all.isEmpty, "\(failures.all)")
            #expect(try store.list().resources.bgpPeers.count == 10)
        }
    }
}
