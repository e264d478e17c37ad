/// `LogLevelSetting`: the daemon's current log level, shared by every logger it hands out, so a
/// reload that changes `logSeverityScreen` takes effect at once. `--log-level` pins it.
import Logging
import Synchronization

public final class LogLevelSetting: Sendable {
    private let state: Mutex<(level: Logger.Level, pinned: Bool)>

    /// `pinned`: the level came from the command line and the configuration may not change it.
    public init(_ level: Logger.Level, pinned: Bool = false) {
        state = Mutex((level, pinned))
    }

    public var level: Logger.Level { state.withLock { $0.level } }

    /// Applies a `logSeverityScreen` from the configuration unless the level is pinned.
    /// Returns the level now in force.
    @discardableResult
    public func applyConfigured(_ severity: String?) -> Logger.Level {
        state.withLock { s in
            if !s.pinned, let severity, let level = LogLevelSetting.level(calico: severity) { s.level = level }
            return s.level
        }
    }

    /// swift-log level names and Calico's logSeverityScreen values (Debug, Info, Warning, Error,
    /// Fatal, None), case-insensitive.
    public static func level(calico text: String) -> Logger.Level? {
        switch text.lowercased() {
        case "trace": .trace
        case "debug": .debug
        case "info": .info
        case "notice": .notice
        case "warning", "warn": .warning
        case "error": .error
        case "fatal", "critical", "none": .critical
        default: nil
        }
    }
}
