/// `StderrLogHandler`: swift-log lines on standard error, one per message, with the metadata
/// (the speaker puts the peer address there):
/// `2024-05-01T12:00:00.123Z info swiftlet.speaker: session established [peer=192.0.2.1]`.
import Foundation
import Logging
import Synchronization

public struct StderrLogHandler: LogHandler {
    public let label: String
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    private let setting: LogLevelSetting
    private let output: @Sendable (String) -> Void

    /// `output` receives whole lines (with the newline); tests capture it, the daemon writes to fd 2.
    public init(label: String, level: LogLevelSetting, output: @escaping @Sendable (String) -> Void = StderrLogHandler.writeToStandardError) {
        self.label = label
        self.setting = level
        self.output = output
    }

    /// The level is the shared setting's; setting it on one logger is ignored (one knob per daemon).
    public var logLevel: Logger.Level {
        get { setting.level }
        set {}
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var all = metadata
        if let provided = metadataProvider?.get() { all.merge(provided) { _, new in new } }
        if let extra = event.metadata { all.merge(extra) { _, new in new } }
        output(StderrLogHandler.format(level: event.level, label: label, message: event.message.description,
                                       metadata: all, time: Date()))
    }

    /// One log line (public for tests).
    public static func format(level: Logger.Level, label: String, message: String,
                              metadata: Logger.Metadata, time: Date) -> String {
        var line = "\(timestamp(time)) \(level) \(label): \(message)"
        if !metadata.isEmpty {
            line += " [" + metadata.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ") + "]"
        }
        return line + "\n"
    }

    private static let formatter: Mutex<ISO8601DateFormatter> = {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return Mutex(f)
    }()

    static func timestamp(_ date: Date) -> String { formatter.withLock { $0.string(from: date) } }

    /// One write(2) per line, so lines of concurrent loggers never interleave.
    public static let writeToStandardError: @Sendable (String) -> Void = { line in
        var bytes = Array(line.utf8)
        bytes.withUnsafeMutableBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let n = Foundation.write(2, buffer.baseAddress.map { $0 + offset }, buffer.count - offset)
                if n <= 0 { return }
                offset += n
            }
        }
    }
}
