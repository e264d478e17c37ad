/// The daemon's kernel side: creating the route writer (a `NetlinkRouteTable` and
/// `NetlinkTunnelDevices` in the daemon's network namespace unless the options inject them),
/// publishing this node's allocated VXLAN address and MAC into its Node resource, deciding when
/// BGP has converged after a start, and answering `kernel-routes`.
import Datastore
import Kernel
import Logging
import Speaker

extension Daemon {
    /// The writer for `options.kernel`, nil with `--no-kernel`. Not started.
    static func makeKernelWriter(_ options: DaemonOptions, _ config: NodeConfiguration, speaker: Speaker,
                                 logger: Logger) throws(DaemonError) -> KernelRouteWriter? {
        guard let k = options.kernel else { return nil }
        let table: any RouteTable
        if let injected = k.routeTable {
            table = injected
        } else {
            do {
                table = try NetlinkRouteTable(configuration: k.configuration)
            } catch {
                throw .system("kernel route table: \(error)")
            }
        }
        let tunnels: any TunnelDevices
        if let injected = k.tunnelDevices {
            tunnels = injected
        } else if k.routeTable != nil {
            // A simulated route table (tests) gets a simulated tunnel dataplane: never devices
            // in the namespace the test runs in.
            tunnels = InMemoryTunnelDevices()
        } else {
            do {
                tunnels = try NetlinkTunnelDevices()
            } catch {
                throw .system("kernel tunnel devices: \(error)")
            }
        }
        let writer = KernelRouteWriter(table: table, tunnels: tunnels, options: k, config: config.desired,
                                       local: KernelLocalNode(config.localNode), logger: logger,
                                       endOfRIBFromAll: { [weak speaker] in speaker.map { Daemon.allSentEndOfRIB($0.peers()) } ?? false }) { [weak speaker] in
            guard let speaker else { return false }
            return Daemon.converged(speaker.peers())
        }
        let datastore = options.datastore, node = options.nodeName
        writer.publisher = { local throws in try Daemon.publishTunnelSettings(local, node: node, datastore: datastore) }
        return writer
    }

    /// Writes this node's allocated VXLAN address and MAC into its Node resource (a fresh read,
    /// so nothing else in it is overwritten).
    static func publishTunnelSettings(_ local: KernelLocalNode, node name: String, datastore: StoreLocation) throws {
        let store = try datastore.open()
        guard var node = try store.list().resources.nodes.first(where: { $0.name == name }) else {
            throw DaemonError.invalidConfiguration(["Node \(name) is not in \(datastore)"])
        }
        node.ipv4VXLANTunnelAddr = node.ipv4VXLANTunnelAddr ?? local.vxlanTunnelAddress
        node.vxlanTunnelMACAddr = node.vxlanTunnelMACAddr ?? local.vxlanTunnelMAC
        try store.put(.node(node))
    }

    /// Every configured peer Established and done with its initial table: its End-of-RIB
    /// (RFC 4724 §2) arrived for every negotiated family, or — for a peer that sends none — it
    /// has been Established for `endOfRIBWait` seconds (true with no peers). BIRD, FRR, GoBGP
    /// and swiftletd send End-of-RIB right after their table, so the wait only matters for a peer
    /// that never does; it must be long enough that a slow peer's first UPDATE is not mistaken
    /// for "no routes" (that would delete routes it is about to announce again). The writer
    /// also waits until no route has changed for its settle time.
    static func converged(_ peers: [PeerStatus], endOfRIBWait: Double = Daemon.endOfRIBWait) -> Bool {
        peers.allSatisfy { $0.state == "Established" && (sentEndOfRIB($0) || $0.secondsInState >= endOfRIBWait) }
    }

    /// How long a peer that sends no End-of-RIB is given after Established.
    public static let endOfRIBWait: Double = 10

    /// Peers configured, every one Established with its End-of-RIB in.
    static func allSentEndOfRIB(_ peers: [PeerStatus]) -> Bool {
        !peers.isEmpty && peers.allSatisfy { $0.state == "Established" && sentEndOfRIB($0) }
    }

    /// The peer's End-of-RIB arrived for every unicast family the session negotiated.
    static func sentEndOfRIB(_ p: PeerStatus) -> Bool {
        let families = p.capabilities.filter { $0.hasSuffix("-unicast") }
        return !families.isEmpty && Set(families).isSubset(of: p.endOfRIBReceived ?? [])
    }

    /// The reply to `kernel-routes`.
    func kernelRoutes() -> KernelRoutes {
        kernel?.routes ?? KernelRoutes(status: .disabled, programmed: [], pending: [], failures: [], neighbours: [], fdb: [])
    }

    /// The reply to `status`: the speaker's and the kernel's.
    func daemonStatus() -> DaemonStatus {
        DaemonStatus(speaker: speaker.status(), kernel: kernel?.status ?? .disabled)
    }
}
