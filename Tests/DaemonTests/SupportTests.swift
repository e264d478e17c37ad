/// The daemon's small parts: log lines with metadata, the log level knob, the pidfile lock.
import Foundation
import Logging
import Synchronization
import Testing
@testable import Daemon

@Suite("Daemon support")
struct SupportTests {
    @Test("a log line carries the label, level, message and sorted metadata")
    func logLine() {
        let line = StderrLogHandler.format(level: .info, label: "swiftlet.speaker", message: "session established",
                                           metadata: ["peer": "192.0.2.1", "node": "node-1"],
                                           time: Date(timeIntervalSince1970: 0))
        #expect(line == "1970-01-01T00:00:00.000Z info swiftlet.speaker: session established [node=node-1 peer=192.0.2.1]\n")
        // RFC 3339 UTC with milliseconds, as ISO8601DateFormatter printed it (leap day, end of day).
        #expect(StderrLogHandler.timestamp(Date(timeIntervalSince1970: 1_709_251_199.987)) == "2024-02-29T23:59:59.987Z")
        #expect(StderrLogHandler.timestamp(Date(timeIntervalSince1970: 1_795_000_000.5)) == "2026-11-18T11:06:40.500Z")
    }

    @Test("the shared level filters, follows logSeverityScreen unless pinned")
    func levels() {
        let lines = Mutex<[String]>([])
        let setting = LogLevelSetting(.info)
        let logger = Logger(label: "t") { StderrLogHandler(label: $0, level: setting) { l in lines.withLock { $0.append(l) } } }
        logger.debug("hidden")
        logger.info("shown", metadata: ["peer": "192.0.2.1"])
        #expect(setting.applyConfigured("Debug") == .debug)
        logger.debug("now shown")
        #expect(lines.withLock { $0.count } == 2)
        #expect(lines.withLock { $0[0] }.hasSuffix("t: shown [peer=192.0.2.1]\n"))
        let pinned = LogLevelSetting(.warning, pinned: true)
        #expect(pinned.applyConfigured("Debug") == .warning)
        #expect(LogLevelSetting.level(calico: "Fatal") == .critical)
        #expect(LogLevelSetting.level(calico: "loud") == nil)
    }

    @Test("a second pidfile on the same path is refused with the holder's PID; removal frees it")
    func pidFile() throws {
        let dir = try TempDirectory("pid")
        let path = "\(dir.path)/swiftletd.pid"
        let first = try PIDFile(path: path)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.trimmingCharacters(in: .whitespacesAndNewlines) == "\(getpid())")
        #expect(throws: DaemonError.alreadyRunning(path: path, pid: getpid())) { _ = try PIDFile(path: path) }
        first.remove()
        #expect(!FileManager.default.fileExists(atPath: path))
        let second = try PIDFile(path: path)
        second.remove()
    }
}
