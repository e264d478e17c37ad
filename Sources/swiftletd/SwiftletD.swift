/// swiftletd: the Swiftlet node routing daemon. A thin ArgumentParser front end: it turns the
/// command line into `DaemonOptions`, starts a `Daemon` and parks the main thread (Dispatch's
/// queues do the work). The work (configuration, speaker, control socket, signals) is in the
/// Daemon module.
import ArgumentParser
import Daemon
import Datastore
import Dispatch
import Foundation
import Glibc
import Logging

@main
struct SwiftletD: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "swiftletd",
        abstract: "Swiftlet node routing daemon: BGP for a node's pod blocks, configured by Calico v3 resources.",
        discussion: """
            Reads the Calico v3 resources from the datastore, computes this node's \
            peers and blocks, and runs its BGP sessions. It follows the datastore as it changes and \
            applies each change at once, touching only the sessions that changed; SIGHUP re-reads it \
            too (invalid content is reported and the running configuration kept); SIGTERM or SIGINT close every \
            session with a Cease carrying a shutdown message and exit 0, leaving the kernel routes in place. Routes learned over BGP and a blackhole per local block are programmed into the kernel (proto 201). `swiftletctl` talks to the \
            control socket.
            """)

    @Option(name: .long, help: "This node's name (its Calico Node resource).")
    var node: String

    @Option(name: .long, help: "Where the Calico resources are: file:DIR (YAML files, searched recursively) or etcd:URL[,URL…] (default: $SWIFTLET_DATASTORE).")
    var datastore: String?

    @Flag(name: .long, help: "Do not follow the datastore's changes; read it only at start, on SIGHUP and on `swiftletctl reload`.")
    var noWatch = false

    @Option(name: .long, help: "Where BGP password Secrets are mounted (<dir>/<secret>/<key>).")
    var secretsDir = DaemonOptions.defaultSecretsDirectory

    @Option(name: .long, help: "The control socket swiftletctl talks to.")
    var controlSocket = ControlProtocol.defaultSocketPath

    @Option(name: .long, help: "trace, debug, info, notice, warning, error or critical (default: the configuration's logSeverityScreen, else info).")
    var logLevel: String?

    @Option(name: .long, help: "Pidfile; a second swiftletd with the same pidfile refuses to start.")
    var pidfile = DaemonOptions.defaultPIDFile

    @Option(name: .long, help: "Kernel routing table swiftletd programs (default 254, main).")
    var kernelTable: UInt32 = 254

    @Option(name: .long, help: "rtm_protocol of swiftletd's kernel routes; it only ever changes routes of this protocol.")
    var routeProtocol: UInt8 = 201

    @Option(name: .long, help: "Seconds between full resyncs of the kernel routes (also on SIGHUP).")
    var kernelResync: Double = KernelOptions.defaultResyncInterval

    @Option(name: .long, help: "At start, the longest wait for BGP to converge before stale kernel routes are removed.")
    var kernelGrace: Double = KernelOptions.defaultGrace

    @Flag(name: .long, help: "Do not program kernel routes.")
    var noKernel = false

    func validate() throws {
        if routeProtocol <= 4 {
            throw ValidationError("--route-protocol \(routeProtocol): 0–4 are the kernel's own (unspec, redirect, kernel, boot, static); use a number of swiftletd's own, e.g. 201")
        }
        if kernelResync < 1 { throw ValidationError("--kernel-resync \(kernelResync): at least 1 second") }
        if kernelGrace < 0 { throw ValidationError("--kernel-grace \(kernelGrace): not negative") }
        if let logLevel, LogLevelSetting.level(calico: logLevel) == nil {
            throw ValidationError("--log-level \"\(logLevel)\": expected trace, debug, info, notice, warning, error or critical")
        }
    }

    func run() throws {
        let options: DaemonOptions
        guard let datastore = datastore ?? ProcessInfo.processInfo.environment[StoreLocation.environmentVariable],
              !datastore.isEmpty else {
            throw ValidationError("no datastore: pass --datastore file:DIR|etcd:URL or set \(StoreLocation.environmentVariable)")
        }
        do {
            options = DaemonOptions(
                nodeName: node, datastore: try StoreLocation.parse(datastore), secretsDirectory: secretsDir,
                controlSocket: controlSocket, logLevel: logLevel.flatMap(LogLevelSetting.level(calico:)),
                pidFile: pidfile.isEmpty ? nil : pidfile,
                kernel: noKernel ? nil : KernelOptions(table: kernelTable, routeProtocol: routeProtocol,
                                                       resyncInterval: kernelResync, grace: kernelGrace),
                watchDatastore: !noWatch)
        } catch {
            throw ValidationError(error.description)
        }
        let daemon: Daemon
        do {
            daemon = try Daemon(options: options, terminated: { code in Foundation.exit(code) })
        } catch {
            FileHandle.standardError.write(Data("swiftletd: \(error)\n".utf8))
            throw ExitCode(1)
        }
        withExtendedLifetime(daemon) { parkMainThread() }
    }

    /// What `dispatchMain()` does on Linux, without its cost: nothing runs on the main queue, so
    /// the main thread only has to stay out of the way with every asynchronous signal blocked
    /// (they stay pending for Dispatch's signalfd-based signal sources). dispatchMain gets there
    /// through pthread_exit, whose forced unwind of the main thread's stack reads the binary's
    /// unwind tables (~0.5 MB of .eh_frame_hdr/.eh_frame faulted in for good, docs/benchmarks.md
    /// "swiftletd at rest").
    private func parkMainThread() -> Never {
        var all = sigset_t()
        sigfillset(&all)
        pthread_sigmask(SIG_BLOCK, &all, nil)
        while true { sigsuspend(&all) }
    }
}
