/// `StderrLogHandler`: swift-log lines on standard error, one per message, with the metadata
/// (the speaker puts the peer address there):
/// `2024-05-01T12:00:00.123Z info swiftlet.speaker: session established [peer=192.0.2.1]`.
import Foundation
import Glibc
import Logging

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

    /// RFC 3339 UTC with milliseconds, by hand from gmtime_r: an ISO8601DateFormatter would load
    /// ICU's calendar data into every daemon (about 6 MiB of resident pages) just to log.
    static func timestamp(_ date: Date) -> String {
        // Nearest millisecond (binary fractions: .987 is 0.98699…), carried into the seconds.
        let total = Int64((date.timeIntervalSince1970 * 1000).rounded())
        var whole = time_t(total >= 0 ? total / 1000 : (total - 999) / 1000)
        let millis = Int(total - Int64(whole) * 1000)
        var t = tm()
        gmtime_r(&whole, &t)
        func pad(_ v: Int, _ width: Int) -> String {
            let s = String(v)
            return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
        }
        return "\(pad(Int(t.tm_year) + 1900, 4))-\(pad(Int(t.tm_mon) + 1, 2))-\(pad(Int(t.tm_mday), 2))T"
            + "\(pad(Int(t.tm_hour), 2)):\(pad(Int(t.tm_min), 2)):\(pad(Int(t.tm_sec), 2)).\(pad(millis, 3))Z"
    }

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
