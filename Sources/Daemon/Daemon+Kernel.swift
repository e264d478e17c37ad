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

    /// Every configured peer Established for at least `settle` seconds (true with no peers).
    /// The speaker does not report a received End-of-RIB yet; the writer also waits until no
    /// route has changed for `settle` seconds, which the initial table transfer ends with.
    static func converged(_ peers: [PeerStatus], settle: Double) -> Bool {
        peers.allSatisfy { $0.state == "Established" && $0.secondsInState >= settle }
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
