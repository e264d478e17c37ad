/// The daemon's kernel route writer against `InMemoryRouteTable` and `InMemoryTunnelDevices`:
/// learned routes become `via` routes (equal-cost paths one multipath route), local blocks
/// blackholes; a VXLAN pool's routes go `via <VTEP> dev vxlan.calico onlink` with the device,
/// neighbour and FDB entries in the reports; an IPIP pool on a kernel without ipip is skipped
/// with one clear error while the other pools are served; at start the routes already in the
/// kernel are kept until BGP converges or the grace time ends; refused routes are reported.
import Datastore
import Foundation
import Glibc
import Kernel
import Logging
import NetCore
import Speaker
import Synchronization
import Testing
@testable import Daemon

@Suite("Kernel route writer", .serialized)
struct KernelRouteWriterTests {
    static func p(_ s: String) -> IPPrefix { IPPrefix(s) ?? .v4(IPv4Prefix("0.0.0.0/0")!) }   // test literals
    static func a(_ s: String) -> IPAddress { IPAddress(s) ?? .v4(IPv4Address("0.0.0.0")!) }  // test literals

    static let pools = """
        apiVersion: projectcalico.org/v3
        kind: IPPool
        metadata:
          name: direct
        spec:
          cidr: 100.64.0.0/16
        ---
        apiVersion: projectcalico.org/v3
        kind: IPPool
        metadata:
          name: overlay
        spec:
          cidr: 100.65.0.0/16
          vxlanMode: Always
        ---
        apiVersion: projectcalico.org/v3
        kind: IPPool
        metadata:
          name: tunnel
        spec:
          cidr: 100.66.0.0/16
          ipipMode: Always
        """

    /// node-a's configuration: pools `direct` (Never), `overlay` (vxlanMode Always) and `tunnel`
    /// (ipipMode Always), block 100.64.1.0/26; node-b at 192.0.2.2 with its VTEP 100.65.2.0.
    static func config() throws -> NodeConfiguration {
        let dir = try TempDirectory("kw")
        try dir.write("store/cluster.yaml", Fixture.documents([Fixture.bgpConfiguration(mesh: false), pools]))
        try dir.write("store/nodes.yaml", Fixture.documents([
            KernelRouteFormTests.node("node-a", "192.0.2.1/24", vtep: "100.65.1.0", mac: "66:55:44:33:22:01"),
            KernelRouteFormTests.node("node-b", "192.0.2.2/24", vtep: "100.65.2.0", mac: "66:55:44:33:22:02"),
            Fixture.block("node-a", "100.64.1.0/26"),
        ]))
        return try ConfigLoader(datastore: .file(directory: "\(dir.path)/store"), nodeName: "node-a",
                                secretsDirectory: "\(dir.path)/secrets").load()
    }

    static let quiet = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }

    static func writer(_ table: InMemoryRouteTable, config: NodeConfiguration, grace: Double = 60,
                       tunnels: InMemoryTunnelDevices = InMemoryTunnelDevices(), logger: Logger = quiet,
                       settle: Double = 0.05, endOfRIBFromAll: @escaping @Sendable () -> Bool = { false },
                       converged: @escaping @Sendable () -> Bool = { true }) -> KernelRouteWriter {
        let options = KernelOptions(grace: grace, applyDelay: 0.01, settle: settle, routeTable: table, tunnelDevices: tunnels)
        return KernelRouteWriter(table: table, tunnels: tunnels, options: options, config: config.desired,
                                 local: KernelLocalNode(config.localNode), logger: logger,
                                 endOfRIBFromAll: endOfRIBFromAll, converged: converged)
    }

    static func kernel(_ table: InMemoryRouteTable) -> [String] { table.kernelRoutes.map(\.description).sorted() }

    @Test("learned routes → via (multipath for equal cost), local block → blackhole; withdraw removes")
    func desiredSet() throws {
        let table = InMemoryRouteTable()
        let w = Self.writer(table, config: try Self.config())
        w.start()
        defer { w.stop() }
        w.routesChanged([
            LocRIBChange(prefix: Self.p("100.64.2.0/26"), nextHops: [Self.a("192.0.2.2")], isLocal: false),
            LocRIBChange(prefix: Self.p("100.64.3.0/26"), nextHops: [Self.a("192.0.2.3"), Self.a("192.0.2.4")], isLocal: false),
            LocRIBChange(prefix: Self.p("100.64.1.0/26"), nextHops: [], isLocal: true),
        ])
        #expect(DaemonRunTests.waitUntil(5) { table.kernelRoutes.count == 3 }, "\(Self.kernel(table))")
        let routes = table.kernelRoutes
        let single = routes.first { $0.destination == Self.p("100.64.2.0/26") }
        #expect(single?.nextHops.map { "\($0.gateway.map { "\($0)" } ?? "-")" } == ["192.0.2.2"])
        let multi = routes.first { $0.destination == Self.p("100.64.3.0/26") }
        #expect(Set(multi?.nextHops.compactMap { $0.gateway.map { "\($0)" } } ?? []) == ["192.0.2.3", "192.0.2.4"])
        let hole = routes.first { $0.destination == Self.p("100.64.1.0/26") }
        #expect(hole?.type == .blackhole)
        #expect(routes.allSatisfy { $0.protocol == table.configuration.routeProtocol })

        w.routesChanged([LocRIBChange(prefix: Self.p("100.64.2.0/26"), nextHops: [], isLocal: false)])
        #expect(DaemonRunTests.waitUntil(5) { table.kernelRoutes.count == 2 }, "\(Self.kernel(table))")
        #expect(!table.kernelRoutes.contains { $0.destination == Self.p("100.64.2.0/26") })
        #expect(w.status.phase == "programming")
        #expect(w.status.programmed == 2)
    }

    @Test("a vxlanMode Always pool: via the remote VTEP dev vxlan.calico onlink, device, neighbour and FDB reported")
    func vxlanPool() throws {
        let table = InMemoryRouteTable()
        let tunnels = InMemoryTunnelDevices()
        let w = Self.writer(table, config: try Self.config(), tunnels: tunnels)
        // The simulated route table resolves names as the kernel would once the device exists.
        table.setInterfaces(["vxlan.calico": 100])
        w.start()
        defer { w.stop() }
        w.routesChanged([
            LocRIBChange(prefix: Self.p("100.65.2.0/26"), nextHops: [Self.a("192.0.2.2")], isLocal: false),
            LocRIBChange(prefix: Self.p("100.64.7.0/26"), nextHops: [Self.a("192.0.2.7")], isLocal: false),
        ])
        #expect(DaemonRunTests.waitUntil(5) { table.kernelRoutes.count == 3 }, "\(Self.kernel(table))")
        #expect(Self.kernel(table).contains("100.65.2.0/26 via 100.65.2.0 dev #100 onlink proto 201 metric 0"), "\(Self.kernel(table))")
        #expect(tunnels.interfaces["vxlan.calico"] == 100)
        let vxlan = try #require(tunnels.specs.last?.vxlan)
        #expect("\(vxlan.local)" == "192.0.2.1" && vxlan.mac.map { "\($0)" } == "66:55:44:33:22:01")
        let routes = w.routes
        #expect(routes.programmed.contains("100.65.2.0/26 via 100.65.2.0 dev vxlan.calico onlink proto 201 metric 0"), "\(routes.programmed)")
        #expect(routes.neighbours == ["100.65.2.0 lladdr 66:55:44:33:22:02 dev vxlan.calico PERMANENT"])
        #expect(routes.fdb == ["66:55:44:33:22:02 dev vxlan.calico dst 192.0.2.2 self permanent"])
        #expect(routes.status.devices.first?.hasPrefix("vxlan.calico (vxlan, #100)") == true, "\(routes.status.devices)")
        let text = ControlText.kernelRoutes(routes)
        #expect(text.contains("neighbours\n  100.65.2.0 lladdr") && text.contains("fdb\n  66:55:44:33:22:02"), "\(text)")
    }

    @Test("an ipipMode Always pool on a kernel without ipip: one clear error naming the pool; the other pools are served")
    func ipipPoolWithoutModule() throws {
        let table = InMemoryRouteTable()
        table.setInterfaces(["vxlan.calico": 100])
        let tunnels = InMemoryTunnelDevices(unsupportedKinds: ["ipip"])
        let lines = Mutex<[String]>([])
        let logger = Logger(label: "test") { StderrLogHandler(label: $0, level: LogLevelSetting(.info, pinned: true)) { line in
            lines.withLock { $0.append(line) }
        } }
        let w = Self.writer(table, config: try Self.config(), tunnels: tunnels, logger: logger)
        w.start()
        defer { w.stop() }
        w.routesChanged([
            LocRIBChange(prefix: Self.p("100.66.2.0/26"), nextHops: [Self.a("192.0.2.2")], isLocal: false),
            LocRIBChange(prefix: Self.p("100.65.2.0/26"), nextHops: [Self.a("192.0.2.2")], isLocal: false),
            LocRIBChange(prefix: Self.p("100.64.7.0/26"), nextHops: [Self.a("192.0.2.7")], isLocal: false),
        ])
        #expect(DaemonRunTests.waitUntil(5) { table.kernelRoutes.count == 3 }, "\(Self.kernel(table))")
        #expect(!table.kernelRoutes.contains { $0.destination == Self.p("100.66.2.0/26") })
        // More passes (a resync, another change) log nothing new.
        w.resync()
        w.routesChanged([LocRIBChange(prefix: Self.p("100.64.8.0/26"), nextHops: [Self.a("192.0.2.8")], isLocal: false)])
        #expect(DaemonRunTests.waitUntil(5) { table.kernelRoutes.count == 4 }, "\(Self.kernel(table))")
        let skipped = w.status.skippedPools
        #expect(skipped.map(\.name) == ["tunnel"])
        #expect(skipped.first?.skippedRoutes == 1)
        let reason = skipped.first?.reason ?? ""
        for part in ["IP pool tunnel (100.66.0.0/16) uses ipipMode Always and needs tunl0", "EOPNOTSUPP", "Unknown device type",
                     "modprobe ipip", "vxlanMode"] {
            #expect(reason.contains(part), "\(part) missing: \(reason)")
        }
        let errors = lines.withLock { $0 }.filter { $0.contains(" error ") }
        #expect(errors.count == 1, "exactly one error line: \(errors)")
        #expect(errors.first?.contains("IP pool tunnel") == true)
        let text = ControlText.status(DaemonStatus(speaker: Self.emptySpeakerStatus, kernel: w.status))
        #expect(text.contains("skipped pool tunnel (100.66.0.0/16), 1 route(s): IP pool tunnel"), "\(text)")
        #expect(text.contains("tunnel failure: create device tunl0 (ipip): Operation not supported"), "\(text)")
    }

    @Test("restart: routes already in the kernel are kept until BGP converges; then stale ones go")
    func keepsOldRoutesUntilConverged() throws {
        let config = try Self.config()
        let table = InMemoryRouteTable()
        // The previous swiftletd programmed two routes, then died.
        let before = Self.writer(table, config: config)
        before.start()
        before.routesChanged([
            LocRIBChange(prefix: Self.p("100.64.2.0/26"), nextHops: [Self.a("192.0.2.2")], isLocal: false),
            LocRIBChange(prefix: Self.p("100.64.9.0/26"), nextHops: [Self.a("192.0.2.9")], isLocal: false),
        ])
        #expect(DaemonRunTests.waitUntil(5) { table.kernelRoutes.count == 3 })
        before.stop()
        #expect(table.kernelRoutes.count == 3, "stop leaves the routes in place")
        table.scheduleResync()   // a new process knows nothing: it dumps first
        table.clearOperations()

        let ready = Mutex(false)
        let w = Self.writer(table, config: config, converged: { ready.withLock { $0 } })
        w.start()
        defer { w.stop() }
        w.routesChanged([LocRIBChange(prefix: Self.p("100.64.2.0/26"), nextHops: [Self.a("192.0.2.2")], isLocal: false)])
        usleep(500_000)
        #expect(table.operations.isEmpty, "nothing written while holding: \(table.operations)")
        #expect(table.kernelRoutes.count == 3)
        #expect(w.status.phase == "holding")
        #expect(w.status.desired == 2)

        ready.withLock { $0 = true }
        #expect(DaemonRunTests.waitUntil(5) { table.kernelRoutes.count == 2 }, "\(Self.kernel(table))")
        #expect(!table.kernelRoutes.contains { $0.destination == Self.p("100.64.9.0/26") })
        let writes = table.operations.map(\.description).filter { !$0.hasPrefix("dump") }
        #expect(writes == ["delete 100.64.9.0/26 via 192.0.2.9 proto 201 metric 0"], "only the stale route deleted, nothing re-added")
        #expect(w.status.phase == "programming")
    }

    @Test("restart: End-of-RIB from every peer ends the hold even while routes keep changing (no quiet second needed)")
    func endOfRIBEndsHoldUnderChurn() throws {
        let config = try Self.config()
        let table = InMemoryRouteTable()
        let eor = Mutex(false)
        // A settle time the churn below never leaves, and no time-based convergence at all.
        let w = Self.writer(table, config: config, settle: 5, endOfRIBFromAll: { eor.withLock { $0 } }, converged: { false })
        w.start()
        defer { w.stop() }
        let churn = Mutex(true)
        let feeder = Thread {
            var i = 0
            while churn.withLock({ $0 }) {
                w.routesChanged([LocRIBChange(prefix: Self.p("100.64.\(2 + i % 2).0/26"), nextHops: [Self.a("192.0.2.2")], isLocal: false)])
                i += 1
                usleep(20_000)
            }
        }
        feeder.start()
        defer { churn.withLock { $0 = false } }
        usleep(400_000)
        #expect(w.status.phase == "holding")
        #expect(table.operations.filter { !$0.description.hasPrefix("dump") }.isEmpty)
        eor.withLock { $0 = true }
        #expect(DaemonRunTests.waitUntil(3) { w.status.phase == "programming" }, "the hold did not end on End-of-RIB")
        #expect(DaemonRunTests.waitUntil(3) { table.kernelRoutes.contains { $0.destination == Self.p("100.64.2.0/26") } },
                "\(Self.kernel(table))")
    }

    @Test("restart: without convergence, the grace time ends the hold")
    func graceEndsHold() throws {
        let config = try Self.config()
        let table = InMemoryRouteTable()
        let before = Self.writer(table, config: config)
        before.start()
        before.routesChanged([LocRIBChange(prefix: Self.p("100.64.9.0/26"), nextHops: [Self.a("192.0.2.9")], isLocal: false)])
        #expect(DaemonRunTests.waitUntil(5) { table.kernelRoutes.count == 2 })
        before.stop()
        table.scheduleResync()

        let w = Self.writer(table, config: config, grace: 1.0, converged: { false })
        w.start()
        defer { w.stop() }
        usleep(400_000)
        #expect(table.kernelRoutes.count == 2, "kept during the grace time")
        #expect(DaemonRunTests.waitUntil(5) { table.kernelRoutes.count == 1 }, "\(Self.kernel(table))")
        #expect(table.kernelRoutes.first?.type == .blackhole)
    }

    @Test("a refused route is reported with the kernel's reason; the others are programmed")
    func refusedRoute() throws {
        let table = InMemoryRouteTable()
        table.refuse(Self.p("100.64.4.0/26"), .init(errno: ENETUNREACH, message: "Nexthop has invalid gateway"))
        let w = Self.writer(table, config: try Self.config())
        w.start()
        defer { w.stop() }
        w.routesChanged([
            LocRIBChange(prefix: Self.p("100.64.4.0/26"), nextHops: [Self.a("203.0.113.4")], isLocal: false),
            LocRIBChange(prefix: Self.p("100.64.5.0/26"), nextHops: [Self.a("192.0.2.5")], isLocal: false),
        ])
        #expect(DaemonRunTests.waitUntil(5) { w.status.failures == 1 && table.kernelRoutes.count == 2 })
        let routes = w.routes
        #expect(routes.failures.first?.route.hasPrefix("100.64.4.0/26") == true)
        #expect(routes.failures.first?.message.contains("ENETUNREACH") == true, "\(routes.failures)")
        #expect(ControlText.kernelRoutes(routes).contains("failed\n"))
    }

    @Test("control: kernel-routes request line")
    func requestLine() throws {
        #expect(try ControlRequest(line: "kernel-routes") == .kernelRoutes)
        #expect(ControlRequest.kernelRoutes.line == "kernel-routes\n")
    }

    static var emptySpeakerStatus: SpeakerStatus {
        let json = """
            {"routerID":"192.0.2.1","localAS":64512,"listenPort":179,"listenAddresses":[],"uptime":1,
             "peersByState":{},"establishedPeers":0,"totalPeers":0,"refusedConnections":0,"refusedByAddress":{},
             "ipv4Prefixes":0,"ipv6Prefixes":0,"lastErrors":[]}
            """
        return try! JSONDecoder().decode(SpeakerStatus.self, from: Data(json.utf8))   // test literal
    }
}
