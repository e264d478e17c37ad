/// The live-reconfiguration scenario (SwiftletdDatastoreLabTests.swift) on a real etcd v3
/// (Debian's etcd-server) instead of a directory: etcd runs in the bridge's namespace, the nodes
/// reach it over the lab segment (192.0.2.2:2379), the test writes with `swiftletctl --datastore
/// etcd:… apply/delete` from etcd's own loopback. The outage is etcd stopped for 30 s: nothing
/// may change; meanwhile an operator writes a change to an etcd the nodes cannot reach (etcd
/// started on its loopback only); when etcd is back on the segment every node catches up.
import Foundation
import Glibc
import Testing

/// etcd in `namespace`, its data kept across restarts.
final class EtcdLabStore: LabStore {
    static let segmentAddress = "192.0.2.2"
    let lab: Lab
    let namespace: Namespace
    let dataDirectory: String
    private var process: LabProcess?
    private var starts = 0

    var argument: String { "etcd:http://\(Self.segmentAddress):2379" }
    private var operatorStore: String { "etcd:http://127.0.0.1:2379" }

    init(lab: Lab, namespace: Namespace, resources: [String]) throws {
        self.lab = lab
        self.namespace = namespace
        dataDirectory = lab.path("etcd-data")
        try namespace.ip(["addr", "add", "\(Self.segmentAddress)/24", "dev", "br0"])
        try start(onSegment: true)
        try apply(resources.joined(separator: "\n---\n"))
    }

    /// Starts etcd listening on loopback and, with `onSegment`, on the lab segment too.
    private func start(onSegment: Bool) throws {
        starts += 1
        let clients = "http://127.0.0.1:2379" + (onSegment ? ",\(argument.dropFirst("etcd:".count))" : "")
        let p = try lab.process(in: namespace, [
            "etcd", "--name", "lab", "--data-dir", dataDirectory,
            "--listen-client-urls", clients, "--advertise-client-urls", "http://127.0.0.1:2379",
            "--listen-peer-urls", "http://127.0.0.1:2380", "--initial-advertise-peer-urls", "http://127.0.0.1:2380",
            "--initial-cluster", "lab=http://127.0.0.1:2380", "--log-level", "warn",
        ], name: "etcd-\(starts)")
        process = p
        try lab.waitUntilReady(p, timeout: .seconds(20)) {
            (try? namespace.exec(["etcdctl", "--endpoints", "http://127.0.0.1:2379", "endpoint", "health"], timeout: 5))?.succeeded == true
        }
    }

    private func stop() throws {
        guard let p = process else { return }
        kill(p.pid, SIGTERM)
        guard Wait.until(timeout: .seconds(10), { !p.isRunning }) else { throw LabError("etcd did not stop on SIGTERM") }
        process = nil
    }

    func apply(_ yaml: String) throws { try swiftletctlStore(operatorStore, ["apply"], input: yaml, in: namespace) }
    func delete(kind: String, name: String) throws { try swiftletctlStore(operatorStore, ["delete", kind, name], in: namespace) }
    func beginOutage() throws { try stop() }
    func applyDuringOutage(_ yaml: String) throws {
        try start(onSegment: false)
        try apply(yaml)
        try stop()
    }
    func endOutage() throws { try start(onSegment: true) }
}

extension LabSuite.SwiftletdDatastoreLabTests {
    @Test("etcd store: add a node, delete a peer, change a filter, etcd stopped 30 s — only what changed moves",
          .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/etcd"), "etcd (Debian etcd-server) is not installed"))
    func etcdStore() async throws {
        try await Lab.run { lab in
            try LiveReconfigurationScenario.run(lab, outage: .seconds(30)) { resources, switchNS in
                try EtcdLabStore(lab: lab, namespace: switchNS, resources: resources)
            }
        }
    }
}
