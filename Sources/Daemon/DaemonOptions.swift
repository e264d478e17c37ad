/// `DaemonOptions`: what swiftletd was started with (its command line, as values).
import Datastore
import Logging

public struct DaemonOptions: Sendable {
    public var nodeName: String
    public var datastore: StoreLocation
    /// Where BGP password Secrets are mounted (`<dir>/<secret>/<key>`).
    public var secretsDirectory: String
    public var controlSocket: String
    /// nil: the configuration's logSeverityScreen, else info.
    public var logLevel: Logger.Level?
    /// nil: no pidfile.
    public var pidFile: String?
    /// Watch SIGHUP (reload) and SIGTERM/SIGINT (shutdown). Off for in-process tests.
    public var handleSignals: Bool
    /// Follow the datastore's watch and apply each change as it happens (default); off: only
    /// at start, on SIGHUP and on `swiftletctl reload`.
    public var watchDatastore: Bool
    /// How routes are programmed into the kernel; nil: not at all (`--no-kernel`, and the
    /// default for in-process tests).
    public var kernel: KernelOptions?

    public static let defaultSecretsDirectory = "/etc/swiftlet/secrets"
    public static let defaultPIDFile = "/run/swiftlet/swiftletd.pid"

    public init(nodeName: String, datastore: StoreLocation, secretsDirectory: String = defaultSecretsDirectory,
                controlSocket: String = ControlProtocol.defaultSocketPath, logLevel: Logger.Level? = nil,
                pidFile: String? = nil, handleSignals: Bool = true, kernel: KernelOptions? = nil,
                watchDatastore: Bool = true) {
        self.watchDatastore = watchDatastore
        self.nodeName = nodeName; self.datastore = datastore; self.secretsDirectory = secretsDirectory
        self.controlSocket = controlSocket; self.logLevel = logLevel; self.pidFile = pidFile
        self.handleSignals = handleSignals; self.kernel = kernel
    }
}
