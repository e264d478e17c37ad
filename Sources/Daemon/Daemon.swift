/// Daemon: the glue that makes one swiftletd process. It loads the node's configuration from a
/// `file:DIR` datastore (CalicoModel), reads BGP passwords from mounted Secrets, starts the
/// Speaker, serves the control socket (status, peers, routes, reload), reloads on SIGHUP and
/// shuts down with a Cease (RFC 8203 message) on SIGTERM/SIGINT. A pidfile (libbsd) keeps two
/// instances apart.
///
/// Owns: configuration loading and its error report, the control protocol and socket, signals,
/// the pidfile, the stderr log handler.
/// Never does: protocol rules or route decisions (Speaker, RIB), parsing Calico resources
/// (CalicoModel).
import CalicoModel
import Datastore
import Dispatch
import Foundation
import Logging
import Platform
import Speaker

/// One running swiftletd — the loaded configuration, the speaker, the control socket, the signal
/// sources and the pidfile, composed. Reload and shutdown run on the daemon's own serial queue;
/// the speaker keeps its own queue; control requests are answered off both.
public final class Daemon: @unchecked Sendable {
    // @unchecked: the `let`s are immutable; `running`, `control`, `signals`, `stopping`, `stopped`
    // are only touched on `queue` (or in init, before anything else can reach the object).
    public let options: DaemonOptions
    public let speaker: Speaker
    /// Programs the kernel's routes from BGP; nil with `--no-kernel`.
    public let kernel: KernelRouteWriter?
    let loader: ConfigLoader
    let logger: Logger
    let levels: LogLevelSetting
    let queue = DispatchQueue(label: "swiftlet.daemon")
    let pidFile: PIDFile?
    var running: NodeConfiguration
    /// The datastore's condition for `swiftletctl status` (on `queue`).
    var datastoreStatus: DatastoreStatus
    /// The datastore watch (nil with `watchDatastore` off or before start).
    var watch: WatchHandle?
    var control: ControlServer?
    var signals: [SignalSource] = []
    var stopping = false
    var stopped = false
    /// Called on the daemon queue once a SIGTERM/SIGINT shutdown has finished (swiftletd exits).
    let terminated: @Sendable (Int32) -> Void

    /// Takes the pidfile, loads and validates the configuration (every error reported), creates
    /// and starts the speaker, opens the control socket and, if asked, watches the signals.
    /// `output` receives log lines; `terminated` is called after a signal-driven shutdown
    /// (swiftletd exits there).
    public init(options: DaemonOptions, output: @escaping @Sendable (String) -> Void = StderrLogHandler.writeToStandardError,
                terminated: @escaping @Sendable (Int32) -> Void = { _ in }) throws(DaemonError) {
        self.options = options
        self.terminated = terminated
        levels = LogLevelSetting(options.logLevel ?? .info, pinned: options.logLevel != nil)
        let levels = levels
        let makeLogger = { (label: String) in Logger(label: label) { StderrLogHandler(label: $0, level: levels, output: output) } }
        var logger = makeLogger("swiftlet.daemon")
        logger[metadataKey: "node"] = .string(options.nodeName)
        self.logger = logger
        pidFile = try options.pidFile.map { (path) throws(DaemonError) in try PIDFile(path: path) }
        loader = ConfigLoader(datastore: options.datastore, nodeName: options.nodeName,
                              secretsDirectory: options.secretsDirectory)
        do {
            running = try loader.load()
        } catch {
            pidFile?.remove()
            throw error
        }
        datastoreStatus = DatastoreStatus(location: "\(options.datastore)", watching: options.watchDatastore,
                                          revision: running.revision)
        levels.applyConfigured(running.desired.logSeverity)
        var speakerLogger = makeLogger("swiftlet.speaker")
        speakerLogger[metadataKey: "node"] = .string(options.nodeName)
        speaker = Speaker(configuration: Daemon.speakerConfiguration(running), logger: speakerLogger,
                          queue: DispatchQueue(label: "swiftlet.speaker"))
        var kernelLogger = makeLogger("swiftlet.kernel")
        kernelLogger[metadataKey: "node"] = .string(options.nodeName)
        do {
            kernel = try Daemon.makeKernelWriter(options, running, speaker: speaker, logger: kernelLogger)
        } catch {
            pidFile?.remove()
            throw error
        }
        if let kernel {
            speaker.setRouteChangeHandler { kernel.routesChanged($0) }
            kernel.start()
        }
        do {
            try speaker.start()
        } catch {
            kernel?.stop()
            pidFile?.remove()
            throw .speaker("\(error)")
        }
        logger.info("started: \(Daemon.summary(running)) from \(options.datastore)")
        do {
            control = try ControlServer(path: options.controlSocket) { [weak self] line in
                self?.answer(line) ?? ControlCoding.encode(ControlReply<String>(error: "swiftletd is shutting down"))
            }
        } catch {
            kernel?.stop()
            speaker.shutdown(communication: "swiftletd on \(options.nodeName): cannot start") {}
            pidFile?.remove()
            throw error
        }
        if options.handleSignals { watchSignals() }
        queue.sync { followDatastore() }
    }

    static func speakerConfiguration(_ config: NodeConfiguration) -> SpeakerConfiguration {
        SpeakerConfiguration(node: config.desired, passwords: config.passwords)
    }

    /// "node node-1 AS 64512 router ID 192.0.2.11, 2 peer(s), 1 local block(s)".
    static func summary(_ config: NodeConfiguration) -> String {
        let d = config.desired
        let id = d.routerID.map { "\($0)" } ?? "(derived)"
        return "node \(d.nodeName) AS \(d.asNumber) router ID \(id), \(d.peers.count) peer(s), "
            + "\(d.localBlocks.count) local block(s), \(config.fileCount) file(s), \(config.resourceCount) resource(s)"
    }
}
