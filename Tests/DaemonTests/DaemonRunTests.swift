/// Two whole daemons in this process on loopback addresses (127.0.0.1 and 127.0.0.2, their own
/// ports), configured from one temporary datastore directory, talking to each other over BGP
/// and to the test over their control sockets: status, the mesh session, each other's blocks,
/// a refused reload that keeps the running configuration, a reload that adds a peer, and the
/// shutdown Cease with its message.
import Datastore
import Foundation
import Glibc
import Speaker
import Synchronization
import Testing
@testable import Daemon

@Suite("Daemon in process", .serialized)
struct DaemonRunTests {
    /// A daemon under test and the lines it logged.
    final class Running: Sendable {
        let daemon: Daemon
        let client: ControlClient
        let lines = LogLines()
        var log: String { lines.text }

        init(_ dir: TempDirectory, node: String, watch: Bool = false) throws {
            let lines = self.lines
            let options = DaemonOptions(nodeName: node, datastore: .file(directory: "\(dir.path)/store"),
                                        secretsDirectory: "\(dir.path)/secrets", controlSocket: "\(dir.path)/\(node).sock",
                                        logLevel: .debug, pidFile: "\(dir.path)/\(node).pid", handleSignals: false,
                                        watchDatastore: watch)
            daemon = try Daemon(options: options, output: { line in lines.append(line) })
            client = ControlClient(path: options.controlSocket, timeoutSeconds: 10)
        }

        func peers() throws -> [PeerStatus] { try client.call(.peers, as: [PeerStatus].self) }

        func datastore() -> DatastoreStatus? { (try? client.call(.status, as: StatusReport.self))?.datastore }

        func peer(_ address: String) -> PeerStatus? { (try? peers())?.first { $0.address == address } }

        func stop() {
            let done = DispatchSemaphore(value: 0)
            daemon.stop { done.signal() }
            _ = done.wait(timeout: .now() + 10)
        }
    }

    /// Log lines captured from a daemon.
    final class LogLines: Sendable {
        private let lines = Mutex<[String]>([])
        func append(_ line: String) { lines.withLock { $0.append(line) } }
        var text: String { lines.withLock { $0.joined() } }
    }

    static func waitUntil(_ seconds: Double, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition() { return true }
            usleep(50_000)
        }
        return condition()
    }

    /// Two free-looking ports (the kernel picks them; the tiny race is acceptable in a test).
    static func freePorts(_ n: Int) -> [UInt16] {
        (0..<n).map { _ in
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            defer { close(fd) }
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
            _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
            return UInt16(bigEndian: address.sin_port)
        }
    }

    static func datastore(_ dir: TempDirectory, ports: [UInt16]) throws {
        try dir.write("store/cluster.yaml", Fixture.documents([Fixture.bgpConfiguration(), Fixture.pool]))
        try dir.write("store/nodes.yaml", Fixture.documents([
            Fixture.node("node-a", "127.0.0.1"), Fixture.nodePort("node-a", ports[0]),
            Fixture.node("node-b", "127.0.0.2"), Fixture.nodePort("node-b", ports[1]),
            Fixture.block("node-a", "100.64.1.0/26"), Fixture.block("node-b", "100.64.2.0/26"),
        ]))
    }

    @Test("status, mesh session, routes, refused reload, reload adding a peer, shutdown Cease")
    func fullRun() throws {
        let dir = try TempDirectory("run")
        let ports = Self.freePorts(2)
        try Self.datastore(dir, ports: ports)
        // node-a (127.0.0.1, the smaller address) is the passive side: start it first.
        let a = try Running(dir, node: "node-a")
        defer { a.stop() }
        let b = try Running(dir, node: "node-b")
        defer { b.stop() }

        let status = try a.client.call(.status, as: SpeakerStatus.self)
        #expect(status.routerID == "127.0.0.1")
        #expect(status.localAS == 64512)
        #expect(status.listenPort == ports[0])

        let up = Self.waitUntil(15) { a.peer("127.0.0.2")?.state == "Established" && b.peer("127.0.0.1")?.state == "Established" }
        try #require(up, "mesh session not Established\n--- node-a ---\n\(a.log)\n--- node-b ---\n\(b.log)")
        #expect(a.peer("127.0.0.2")?.passive == true)
        #expect(b.peer("127.0.0.1")?.passive == false)
        #expect(a.peer("127.0.0.2")?.kind == .mesh)

        // Each learns the other's block, with the other's address as next hop.
        let learned = Self.waitUntil(5) {
            let routes = (try? a.client.call(.routes(.init("100.64.2.0/26")), as: [RouteStatus].self)) ?? []
            return routes.contains { $0.best && $0.nextHop == "127.0.0.2" && $0.fromPeer == "127.0.0.2" }
        }
        #expect(learned, "node-a did not learn 100.64.2.0/26 from node-b\n\(a.log)")

        // An invalid file: refused with every error, running configuration and session kept.
        let connection = a.peer("127.0.0.2")?.connectionID
        try dir.write("store/zz-bad.yaml", Fixture.documents([
            Fixture.peer("tor", "300.1.1.1", asNumber: 65000), Fixture.pool.replacingOccurrences(of: "name: pods", with: "name: pods2"),
        ]))
        let refused = try a.client.call(.reload, as: ReloadResult.self)
        #expect(!refused.applied)
        #expect(refused.errors.contains { $0.contains("zz-bad.yaml") && $0.contains("300.1.1.1") })
        #expect(a.log.contains("reload refused, keeping the running configuration"))
        #expect(a.daemon.runningConfiguration.desired.peers.count == 1)
        #expect(a.peer("127.0.0.2")?.state == "Established")
        #expect(a.peer("127.0.0.2")?.connectionID == connection)

        // A valid change: a third node joins the mesh; the existing session is not touched.
        dir.remove("store/zz-bad.yaml")
        try dir.write("store/node-c.yaml", Fixture.node("node-c", "127.0.0.3"))
        let applied = a.daemon.reload()
        #expect(applied.applied, "\(applied.errors)")
        #expect(applied.changes.contains { $0.contains("added") && $0.contains("Mesh_127_0_0_3") })
        // The change plan says the same, field by field, and names nothing else.
        #expect(applied.plan?.contains { $0.hasPrefix("peer added") && $0.contains("127.0.0.3") } == true, "\(applied.plan ?? [])")
        #expect(applied.plan?.contains { $0.contains("reset") || $0.hasPrefix("peer removed") } == false, "\(applied.plan ?? [])")
        let peers = try a.peers()
        #expect(peers.map(\.address).sorted() == ["127.0.0.2", "127.0.0.3"])
        #expect(a.peer("127.0.0.2")?.state == "Established")
        #expect(a.peer("127.0.0.2")?.connectionID == connection)

        // node-b stops: node-a hears the Cease with node-b's shutdown message (RFC 8203).
        b.stop()
        let ceased = Self.waitUntil(5) { a.peer("127.0.0.2")?.lastError?.contains("swiftletd on node-b shutting down") == true }
        #expect(ceased, "node-a's last error for node-b: \(a.peer("127.0.0.2")?.lastError ?? "none")")
        #expect(!FileManager.default.fileExists(atPath: "\(dir.path)/node-b.pid"))
        #expect(!FileManager.default.fileExists(atPath: "\(dir.path)/node-b.sock"))
    }

    @Test("an invalid datastore refuses to start, with every error, and leaves no pidfile")
    func refusesToStart() throws {
        let dir = try TempDirectory("run")
        try dir.write("store/all.yaml", Fixture.documents([
            Fixture.bgpConfiguration(), Fixture.node("node-a", "127.0.0.1"),
            Fixture.pool.replacingOccurrences(of: "100.64.0.0/16", with: "100.64.0.1/16"),
            Fixture.peer("tor", "192.0.2.1", asNumber: 99_999_999_999),
        ]))
        do {
            _ = try Running(dir, node: "node-a")
            Issue.record("an invalid datastore started")
        } catch let error as DaemonError {
            guard case .invalidConfiguration(let lines) = error else { Issue.record("\(error)"); return }
            #expect(lines.count >= 2, "\(lines)")
            #expect(lines.contains { $0.contains("spec.cidr") && $0.contains("100.64.0.1/16") })
            #expect(lines.contains { $0.contains("spec.asNumber") })
        }
        #expect(!FileManager.default.fileExists(atPath: "\(dir.path)/node-a.pid"))
        #expect(!FileManager.default.fileExists(atPath: "\(dir.path)/node-a.sock"))
    }

    @Test("a second daemon with the same pidfile refuses to start")
    func pidfileHeld() throws {
        let dir = try TempDirectory("run")
        try Self.datastore(dir, ports: Self.freePorts(2))
        let a = try Running(dir, node: "node-a")
        defer { a.stop() }
        #expect(throws: DaemonError.alreadyRunning(path: "\(dir.path)/node-a.pid", pid: getpid())) {
            _ = try Running(dir, node: "node-a")
        }
        #expect(try a.client.call(.status, as: SpeakerStatus.self).routerID == "127.0.0.1")
    }

    @Test("the daemon follows the datastore: a change applies without reload, unchanged sessions untouched, invalid content refused")
    func followsDatastore() throws {
        let dir = try TempDirectory("run")
        let ports = Self.freePorts(2)
        try Self.datastore(dir, ports: ports)
        let a = try Running(dir, node: "node-a", watch: true)
        defer { a.stop() }
        let b = try Running(dir, node: "node-b", watch: true)
        defer { b.stop() }
        let up = Self.waitUntil(15) { a.peer("127.0.0.2")?.state == "Established" }
        try #require(up, "mesh session not Established\n\(a.log)")
        let connection = a.peer("127.0.0.2")?.connectionID
        let start = try #require(a.datastore())
        #expect(start.state == .current && start.watching && start.changesApplied == 0)

        // A new Node: both daemons add the mesh peer by themselves, within a second of the write.
        let written = Date()
        try dir.write("store/node-c.yaml", Fixture.node("node-c", "127.0.0.3"))
        let added = Self.waitUntil(5) { (try? a.peers())?.contains { $0.address == "127.0.0.3" } == true }
        let latency = Date().timeIntervalSince(written)
        #expect(added, "node-a did not add node-c without a reload\n\(a.log)")
        #expect(latency < 1, "node-c was added \(latency) s after the write")
        #expect(Self.waitUntil(5) { (try? b.peers())?.contains { $0.address == "127.0.0.3" } == true })
        #expect(a.peer("127.0.0.2")?.connectionID == connection, "the unchanged session was reset")
        let changed = try #require(a.datastore())
        #expect(changed.changesApplied == 1 && changed.state == .current && changed.revision > start.revision)
        #expect(changed.lastChange.contains { $0.contains("added") && $0.contains("Mesh_127_0_0_3") })
        #expect(a.log.contains("datastore change applied"))

        // Invalid content: refused with its errors, the running configuration and session kept.
        try dir.write("store/zz-bad.yaml", Fixture.peer("tor", "300.1.1.1", asNumber: 65000))
        let refused = Self.waitUntil(5) { a.datastore()?.state == .invalid }
        #expect(refused, "\(a.log)")
        #expect(a.datastore()?.problems.contains { $0.contains("zz-bad.yaml") && $0.contains("300.1.1.1") } == true)
        #expect(a.daemon.runningConfiguration.desired.peers.count == 2)
        #expect(a.peer("127.0.0.2")?.connectionID == connection)

        // Fixed: current again, nothing applied twice.
        dir.remove("store/zz-bad.yaml")
        #expect(Self.waitUntil(5) { a.datastore()?.state == .current })
        #expect(a.datastore()?.changesApplied == 1)
        #expect(a.peer("127.0.0.2")?.connectionID == connection)
    }
}
