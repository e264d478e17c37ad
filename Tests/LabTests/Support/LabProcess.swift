/// A long-running child process of the test (a daemon), its PID and its log file. Stopping it
/// signals only that PID: SIGTERM, a grace period, then SIGKILL, and reaps it.
import Foundation
import Glibc

final class LabProcess {
    let name: String
    let arguments: [String]
    let logURL: URL
    let pid: pid_t
    private(set) var exitStatus: Int32?

    private init(name: String, arguments: [String], logURL: URL, pid: pid_t) {
        self.name = name; self.arguments = arguments; self.logURL = logURL; self.pid = pid
    }

    /// Starts `arguments` (looked up on PATH) with stdout and stderr written to `log`.
    static func start(_ arguments: [String], name: String, log: URL) throws -> LabProcess {
        guard let executable = arguments.first.flatMap(Command.which) else {
            throw LabError("cannot start \(name): \(arguments.first ?? "?") is not on PATH")
        }
        let fd = open(log.path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw LabError("cannot create \(log.path)") }
        defer { close(fd) }
        let pid = try Spawn.start(executable, Array(arguments.dropFirst()), output: fd)
        return LabProcess(name: name, arguments: arguments, logURL: log, pid: pid)
    }

    var isRunning: Bool {
        if exitStatus != nil { return false }
        exitStatus = Spawn.poll(pid)
        return exitStatus == nil
    }

    /// The log so far.
    var log: String { (try? String(contentsOf: logURL, encoding: .utf8)) ?? "" }

    /// SIGTERM, wait up to `grace`, then SIGKILL; reaps the process so no zombie is left.
    func stop(grace: Duration = .seconds(3)) {
        guard isRunning else { return }
        kill(pid, SIGTERM)
        let deadline = ContinuousClock.now + grace
        while isRunning, ContinuousClock.now < deadline { usleep(10_000) }
        if isRunning {
            print("lab: \(name) (pid \(pid)) ignored SIGTERM for \(grace); sending SIGKILL")
            kill(pid, SIGKILL)
            exitStatus = Spawn.wait(pid)
        }
    }

    deinit { stop() }
}

/// Polling with a deadline: lab state (a session, a route) appears asynchronously.
enum Wait {
    /// Calls `condition` every `interval` until it returns true or `timeout` passes; returns
    /// whether it became true. Errors from `condition` count as "not yet".
    @discardableResult
    static func until(timeout: Duration, interval: Duration = .milliseconds(100),
                      _ condition: () throws -> Bool) -> Bool {
        let deadline = ContinuousClock.now + timeout
        while true {
            if (try? condition()) == true { return true }
            if ContinuousClock.now >= deadline { return false }
            let ms = Int(interval.components.seconds) * 1000 + Int(interval.components.attoseconds / 1_000_000_000_000_000)
            usleep(UInt32(max(ms, 1)) * 1000)
        }
    }
}
