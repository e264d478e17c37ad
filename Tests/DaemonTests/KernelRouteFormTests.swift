/// The pure route-form decision for every pool mode (Never, ipipMode Always/CrossSubnet,
/// vxlanMode Always/CrossSubnet) to a remote node in this node's subnet and outside it, the
/// reasons a VXLAN route can have no form, and the two planning steps: the tunnel spec the
/// pools ask for (vxlan.calico with this node's MAC and VTEP, tunl0, one peer per remote VTEP)
/// and the routes left out, with the pool named, when a device could not be built. Last, the
/// allocation of this node's VXLAN address and MAC when its Node has none, and their publishing.
import CalicoModel
import Datastore
import Kernel
import Logging
import NetCore
import Synchronization
import Testing
@testable import Daemon

@Suite("Kernel route forms")
struct KernelRouteFormTests {
    static func a(_ s: String) -> IPAddress { IPAddress(s) ?? .v4(.zero) }                    // test literals
    static func p(_ s: String) -> IPPrefix { IPPrefix(s) ?? .v4(IPv4Prefix("0.0.0.0/0")!) }   // test literals

    static func pool(_ name: String, _ cidr: String, _ mode: String = "") -> String {
        """
        apiVersion: projectcalico.org/v3
        kind: IPPool
        metadata:
          name: \(name)
        spec:
          cidr: \(cidr)\(mode.isEmpty ? "" : "\n  \(mode)")
        """
    }

    static func node(_ name: String, _ address: String, vtep: String? = nil, mac: String? = nil) -> String {
        var s = """
            apiVersion: projectcalico.org/v3
            kind: Node
            metadata:
              name: \(name)
            spec:
              bgp:
                ipv4Address: \(address)
            """
        if let vtep { s += "\n  ipv4VXLANTunnelAddr: \(vtep)" }
        if let mac { s += "\n  vxlanTunnelMACAddr: \"\(mac)\"" }
        return s
    }

    /// node-a (192.0.2.1/24, this node) with node-b in its subnet, node-c and node-d outside it
    /// (node-d without a VTEP), and one pool per mode.
    static func config() throws -> NodeConfiguration {
        let dir = try TempDirectory("kf")
        try dir.write("store/cluster.yaml", Fixture.documents([
            Fixture.bgpConfiguration(mesh: false),
            pool("never", "100.64.0.0/16"),
            pool("ipip-always", "100.66.0.0/16", "ipipMode: Always"),
            pool("ipip-cross", "100.67.0.0/16", "ipipMode: CrossSubnet"),
            pool("vxlan-always", "100.65.0.0/16", "vxlanMode: Always"),
            pool("vxlan-cross", "100.68.0.0/16", "vxlanMode: CrossSubnet"),
        ]))
        try dir.write("store/nodes.yaml", Fixture.documents([
            node("node-a", "192.0.2.1/24", vtep: "100.65.1.0", mac: "66:55:44:33:22:01"),
            node("node-b", "192.0.2.2/24", vtep: "100.65.2.0", mac: "66:55:44:33:22:02"),
            node("node-c", "198.51.100.3/24", vtep: "100.65.3.0", mac: "66:55:44:33:22:03"),
            node("node-d", "198.51.100.4/24"),
            Fixture.block("node-a", "100.65.1.0/26"),
        ]))
        return try ConfigLoader(datastore: .file(directory: "\(dir.path)/store"), nodeName: "node-a",
                                secretsDirectory: "\(dir.path)/secrets").load()
    }

    static func form(_ c: DesiredNodeConfig, _ pool: String, _ hop: String) -> String {
        let p = c.pools.first { $0.name == pool }
        switch KernelRouteForm.decide(pool: p, nextHop: a(hop), local: c.ipv4Address, remoteNodes: c.remoteNodes) {
        case .success(let form): return form.description
        case .failure(let why): return "unroutable: \(why.reason)"
        }
    }

    @Test("every pool mode × remote node in / outside this node's subnet")
    func matrix() throws {
        let c = try Self.config().desired
        let same = "192.0.2.2", other = "198.51.100.3"
        let expected: [(String, String, String)] = [
            ("never", same, "via 192.0.2.2"),
            ("never", other, "via 198.51.100.3"),
            ("ipip-always", same, "via 192.0.2.2 dev tunl0 onlink"),
            ("ipip-always", other, "via 198.51.100.3 dev tunl0 onlink"),
            ("ipip-cross", same, "via 192.0.2.2"),
            ("ipip-cross", other, "via 198.51.100.3 dev tunl0 onlink"),
            ("vxlan-always", same, "via 100.65.2.0 dev vxlan.calico onlink"),
            ("vxlan-always", other, "via 100.65.3.0 dev vxlan.calico onlink"),
            ("vxlan-cross", same, "via 192.0.2.2"),
            ("vxlan-cross", other, "via 100.65.3.0 dev vxlan.calico onlink"),
        ]
        for (pool, hop, form) in expected {
            #expect(Self.form(c, pool, hop) == form, "\(pool) → \(hop)")
        }
        // Outside every pool: direct.
        let none = KernelRouteForm.decide(pool: nil, nextHop: Self.a(other), local: c.ipv4Address, remoteNodes: c.remoteNodes)
        #expect(none == .success(.direct(Self.a(other))))
    }

    @Test("a VXLAN route without a known VTEP has no form, and says why")
    func vxlanUnroutable() throws {
        let c = try Self.config().desired
        #expect(Self.form(c, "vxlan-always", "198.51.100.4") == "unroutable: node node-d (198.51.100.4) has no ipv4VXLANTunnelAddr yet")
        #expect(Self.form(c, "vxlan-always", "203.0.113.9")
            == "unroutable: next hop 203.0.113.9 is not the spec.bgp.ipv4Address of any Node resource, so its VXLAN tunnel endpoint is unknown")
        #expect(Self.form(c, "vxlan-cross", "192.0.2.77") == "via 192.0.2.77", "same subnet needs no VTEP")
    }

    @Test("plan: routes in their forms, vxlan.calico with this node's MAC/VTEP, one peer per remote VTEP, tunl0")
    func plan() throws {
        let config = try Self.config()
        let learned: [IPPrefix: [IPAddress]] = [
            Self.p("100.64.2.0/26"): [Self.a("192.0.2.2")],
            Self.p("100.65.2.0/26"): [Self.a("192.0.2.2")],
            Self.p("100.65.3.0/26"): [Self.a("198.51.100.3")],
            Self.p("100.65.4.0/26"): [Self.a("198.51.100.4")],
            Self.p("100.66.3.0/26"): [Self.a("198.51.100.3")],
            Self.p("100.67.2.0/26"): [Self.a("192.0.2.2")],
        ]
        let state = KernelDesiredRoutes.plan(learned: learned, config: config.desired, local: KernelLocalNode(config.localNode))
        let vxlan = try #require(state.tunnels.vxlan)
        #expect(vxlan.name == "vxlan.calico" && vxlan.vni == 4096 && vxlan.port == 4789)
        #expect("\(vxlan.local)" == "192.0.2.1" && vxlan.mac.map { "\($0)" } == "66:55:44:33:22:01" && vxlan.address.map { "\($0)" } == "100.65.1.0")
        #expect(state.tunnels.peers.map(\.description) == ["100.65.2.0 lladdr 66:55:44:33:22:02 via 192.0.2.2",
                                                           "100.65.3.0 lladdr 66:55:44:33:22:03 via 198.51.100.3"])
        #expect(state.tunnels.ipip.map { "\($0.name) \($0.local)" } == "tunl0 192.0.2.1")
        #expect(state.unroutable["vxlan-always"]?.count == 1)

        // All devices up: every route with a form is programmed.
        var up = TunnelStatus()
        for (name, index) in [("vxlan.calico", UInt32(5)), ("tunl0", UInt32(6))] {
            up.devices.append(TunnelDeviceStatus(name: name, kind: "", index: index, mtu: nil, mac: nil, up: true,
                                                 addresses: [], settings: "", created: true))
        }
        let (routes, skipped) = KernelDesiredRoutes.finish(state, tunnels: up)
        #expect(routes.map(\.description) == [
            "100.64.2.0/26 via 192.0.2.2",
            "100.65.2.0/26 via 100.65.2.0 dev vxlan.calico onlink",
            "100.65.3.0/26 via 100.65.3.0 dev vxlan.calico onlink",
            "100.66.3.0/26 via 198.51.100.3 dev tunl0 onlink",
            "100.67.2.0/26 via 192.0.2.2",
            "blackhole 100.65.1.0/26",
        ])
        #expect(skipped.map(\.name) == ["vxlan-always"])
        #expect(skipped.first?.reason.contains("node node-d (198.51.100.4) has no ipv4VXLANTunnelAddr yet") == true)
    }

    @Test("a single-address local block (blockSize 32 / 128) gets no blackhole: it is one pod's address")
    func singleAddressBlocksAreNotBlackholed() throws {
        var config = try Self.config()
        config.desired.localBlocks = [Self.p("100.65.1.0/26"), Self.p("100.64.9.7/32"), Self.p("2001:db8:1::5/128"),
                                      Self.p("2001:db8:2::/122")]
        let state = KernelDesiredRoutes.plan(learned: [:], config: config.desired, local: KernelLocalNode(config.localNode))
        let (routes, _) = KernelDesiredRoutes.finish(state, tunnels: TunnelStatus())
        #expect(routes.map(\.description).filter { $0.hasPrefix("blackhole") } == ["blackhole 100.65.1.0/26", "blackhole 2001:db8:2::/122"])
    }

    @Test("a BGPPeer's reachableBy becomes a host route to the peer via that gateway")
    func reachableByHostRoute() throws {
        var config = try Self.config()
        var tor = PeerConfig(kind: .global, address: Self.a("203.0.113.7"), port: nil, remoteAS: ASN(65000), localAS: ASN(64512))
        tor.reachableBy = Self.a("192.0.2.254")
        config.desired.peers = [tor]
        let state = KernelDesiredRoutes.plan(learned: [:], config: config.desired, local: KernelLocalNode(config.localNode))
        let (routes, _) = KernelDesiredRoutes.finish(state, tunnels: TunnelStatus())
        #expect(routes.map(\.description).contains("203.0.113.7/32 via 192.0.2.254"), "\(routes.map(\.description))")
    }

    @Test("finish: tunl0 cannot be built → the IPIP pools are skipped with the pool, the kernel feature and the remedy; the rest is served")
    func ipipBlocked() throws {
        let config = try Self.config()
        let learned: [IPPrefix: [IPAddress]] = [
            Self.p("100.64.2.0/26"): [Self.a("192.0.2.2")],
            Self.p("100.65.3.0/26"): [Self.a("198.51.100.3")],
            Self.p("100.66.3.0/26"): [Self.a("198.51.100.3")],
            Self.p("100.67.2.0/26"): [Self.a("192.0.2.2")],
            Self.p("100.67.3.0/26"): [Self.a("198.51.100.3")],
        ]
        let state = KernelDesiredRoutes.plan(learned: learned, config: config.desired, local: KernelLocalNode(config.localNode))
        var status = TunnelStatus()
        status.devices.append(TunnelDeviceStatus(name: "vxlan.calico", kind: "vxlan", index: 5, mtu: 1450, mac: nil, up: true,
                                                 addresses: [], settings: "", created: true))
        status.failures.append(TunnelFailure(device: "tunl0", kind: "ipip", operation: "create", what: "create device tunl0 (ipip)",
                                             errno: 95, extendedAck: "Unknown device type"))
        let (routes, skipped) = KernelDesiredRoutes.finish(state, tunnels: status)
        #expect(routes.map(\.description) == [
            "100.64.2.0/26 via 192.0.2.2",
            "100.65.3.0/26 via 100.65.3.0 dev vxlan.calico onlink",
            "100.67.2.0/26 via 192.0.2.2",
            "blackhole 100.65.1.0/26",
        ])
        #expect(skipped.map(\.name) == ["ipip-always", "ipip-cross"])
        #expect(skipped.map(\.skippedRoutes) == [1, 1])
        #expect(skipped.first?.reason == "IP pool ipip-always (100.66.0.0/16) uses ipipMode Always and needs tunl0: "
            + "create device tunl0 (ipip): Operation not supported (EOPNOTSUPP): Unknown device type (this kernel has no ipip "
            + "support: load the ipip module (modprobe ipip) or use vxlanMode for the pool); its routes are not programmed "
            + "(every other pool is served)")
        #expect(skipped.last?.reason.contains("its routes to nodes outside this node's subnet are not programmed") == true)
    }

    @Test("allocation: the first free address of this node's block in a VXLAN pool; a random locally administered MAC")
    func allocation() throws {
        var c = try Self.config().desired
        let first = try #require(KernelTunnelAllocation.vxlanAddress(c))
        #expect("\(first.address)" == "100.65.1.0" && "\(first.block)" == "100.65.1.0/26")
        c.remoteNodes[0].ipv4VXLANTunnelAddr = first.address   // taken by another node
        #expect(KernelTunnelAllocation.vxlanAddress(c).map { "\($0.address)" } == "100.65.1.1")
        c.localBlocks = []
        #expect(KernelTunnelAllocation.vxlanAddress(c) == nil, "no block yet: no address")
        var seen = Set<String>()
        for _ in 0..<32 {
            let mac = KernelTunnelAllocation.randomMAC()
            let bytes = mac.split(separator: ":").compactMap { UInt8($0, radix: 16) }
            #expect(bytes.count == 6 && bytes[0] & 0x02 == 0x02 && bytes[0] & 0x01 == 0, "\(mac)")
            seen.insert(mac)
        }
        #expect(seen.count == 32, "random MACs repeat: \(seen.count) distinct of 32")
    }

    @Test("a Node without VXLAN address and MAC: the writer allocates them, builds vxlan.calico with them and publishes them once")
    func allocateAndPublish() throws {
        var config = try Self.config()
        config.localNode?.ipv4VXLANTunnelAddr = nil
        config.localNode?.vxlanTunnelMACAddr = nil
        let table = InMemoryRouteTable()
        let tunnels = InMemoryTunnelDevices()
        let w = KernelRouteWriterTests.writer(table, config: config, tunnels: tunnels)
        let published = Mutex<[KernelLocalNode]>([])
        w.publisher = { local in published.withLock { $0.append(local) } }
        w.start()
        defer { w.stop() }
        #expect(DaemonRunTests.waitUntil(5) { tunnels.specs.last?.vxlan?.address != nil }, "\(tunnels.specs)")
        let spec = try #require(tunnels.specs.last?.vxlan)
        #expect(spec.address.map { "\($0)" } == "100.65.1.0")
        let sent = published.withLock { $0 }
        #expect(sent.count == 1)
        #expect(sent.first?.vxlanTunnelAddress == spec.address && sent.first?.vxlanTunnelMAC == spec.mac.map { "\($0)" })
        // A reload whose Node does not carry them (the write was lost): the same MAC, published again.
        let passes = tunnels.specs.count
        w.configure(config.desired, local: KernelLocalNode(config.localNode))
        #expect(DaemonRunTests.waitUntil(2) { tunnels.specs.count > passes })
        #expect(tunnels.specs.last?.vxlan?.mac == spec.mac)
        #expect(published.withLock { $0.count } == 2 && published.withLock { $0.last } == sent.first)
        // A reload whose Node carries them: nothing more to publish.
        var carried = config
        carried.localNode?.ipv4VXLANTunnelAddr = spec.address
        carried.localNode?.vxlanTunnelMACAddr = spec.mac.map { "\($0)" }
        let more = tunnels.specs.count
        w.configure(carried.desired, local: KernelLocalNode(carried.localNode))
        #expect(DaemonRunTests.waitUntil(2) { tunnels.specs.count > more })
        #expect(published.withLock { $0.count } == 2)
    }

    @Test("a publish that fails is logged once and retried on the next apply")
    func publishRetried() throws {
        var config = try Self.config()
        config.localNode?.ipv4VXLANTunnelAddr = nil
        config.localNode?.vxlanTunnelMACAddr = nil
        let table = InMemoryRouteTable()
        let tunnels = InMemoryTunnelDevices()
        let lines = Mutex<[String]>([])
        let logger = Logger(label: "test") { StderrLogHandler(label: $0, level: LogLevelSetting(.info, pinned: true)) { line in
            lines.withLock { $0.append(line) }
        } }
        let w = KernelRouteWriterTests.writer(table, config: config, tunnels: tunnels, logger: logger)
        struct Unavailable: Error, CustomStringConvertible { var description: String { "datastore unavailable" } }
        let attempts = Mutex(0)
        w.publisher = { _ in
            let n = attempts.withLock { $0 += 1; return $0 }
            if n < 3 { throw Unavailable() }
        }
        w.start()
        defer { w.stop() }
        #expect(DaemonRunTests.waitUntil(5) { attempts.withLock { $0 } >= 1 })
        w.resync()
        w.routesChanged([LocRIBChange(prefix: Self.p("100.64.2.0/26"), nextHops: [Self.a("192.0.2.2")], isLocal: false)])
        #expect(DaemonRunTests.waitUntil(5) { attempts.withLock { $0 } == 3 })
        w.flush()
        let errors = lines.withLock { $0 }.filter { $0.contains("could not publish") }
        #expect(errors.count == 1, "\(errors)")
        #expect(lines.withLock { $0 }.contains { $0.contains("published this node's VXLAN tunnel address and MAC in Node node-a") })
    }

    @Test("publishing writes the allocated address and MAC into this node's Node resource in the store, nothing else")
    func publishIntoStore() throws {
        let dir = try TempDirectory("kp")
        try dir.write("store/cluster.yaml", Fixture.documents([
            Fixture.bgpConfiguration(mesh: false), Self.pool("vxlan-always", "100.65.0.0/16", "vxlanMode: Always"),
        ]))
        try dir.write("store/nodes.yaml", Fixture.documents([Self.node("node-a", "192.0.2.1/24"), Fixture.block("node-a", "100.65.1.0/26")]))
        let location = StoreLocation.file(directory: "\(dir.path)/store")
        let loader = ConfigLoader(datastore: location, nodeName: "node-a", secretsDirectory: "\(dir.path)/secrets")
        #expect(try loader.load().localNode?.ipv4VXLANTunnelAddr == nil)
        let allocated = KernelLocalNode(vxlanTunnelAddress: IPv4Address("100.65.1.0"), vxlanTunnelMAC: "0a:55:44:33:22:01")
        try Daemon.publishTunnelSettings(allocated, node: "node-a", datastore: location)
        let node = try #require(try loader.load().localNode)
        #expect(node.ipv4VXLANTunnelAddr.map { "\($0)" } == "100.65.1.0" && node.vxlanTunnelMACAddr == "0a:55:44:33:22:01")
        #expect(node.bgp?.ipv4Address.map { "\($0)" } == "192.0.2.1/24", "the rest of the Node is kept")
        #expect(throws: (any Error).self) {
            try Daemon.publishTunnelSettings(allocated, node: "node-z", datastore: location)
        }
    }
}
