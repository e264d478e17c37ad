/// The daemon's kernel side: creating the route writer (a `NetlinkRouteTable` in the daemon's
/// network namespace unless the options inject one), deciding when BGP has converged after a
/// start, and answering `kernel-routes`.
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
        let settle = k.settle
        return KernelRouteWriter(table: table, options: k, config: config.desired, logger: logger) { [weak speaker] in
            guard let speaker else { return false }
            return Daemon.converged(speaker.peers(), settle: settle)
        }
    }

    /// Every configured peer Established and done with its initial table: its End-of-RIB
    /// (RFC 4724 §2) arrived for every negotiated family, or — for a peer that sends none — it
    /// has been Established for `settle` seconds (true with no peers). The writer also waits
    /// until no route has changed for `settle` seconds unless every peer sent its End-of-RIB.
    static func converged(_ peers: [PeerStatus], settle: Double) -> Bool {
        peers.allSatisfy { $0.state == "Established" && (sentEndOfRIB($0) || $0.secondsInState >= settle) }
    }

    /// The peer's End-of-RIB arrived for every unicast family the session negotiated.
    static func sentEndOfRIB(_ p: PeerStatus) -> Bool {
        let families = p.capabilities.filter { $0.hasSuffix("-unicast") }
        return !families.isEmpty && Set(families).isSubset(of: p.endOfRIBReceived ?? [])
    }

    /// The reply to `kernel-routes`.
    func kernelRoutes() -> KernelRoutes {
        kernel?.routes ?? KernelRoutes(status: .disabled, programmed: [], pending: [], failures: [])
    }

    /// The reply to `status`: the speaker's and the kernel's.
    func daemonStatus() -> DaemonStatus {
        DaemonStatus(speaker: speaker.status(), kernel: kernel?.status ?? .disabled)
    }
}
