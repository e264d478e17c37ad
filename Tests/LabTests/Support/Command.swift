/// Runs a short-lived command (always under `timeout`, so a hung tool cannot hang the suite) and
/// captures its output. Long-running daemons go through `Lab.process` instead.
import Foundation
import Glibc

/// What a finished command printed and returned.
struct CommandResult: Sendable {
    var status: Int32
    var stdout: String
    var stderr: String
    var succeeded: Bool { status == 0 }
}

/// A lab step that failed, with the command and its output so the test log explains itself.
struct LabError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

enum Command {
    /// Runs `arguments` (looked up on PATH) and waits at most `timeout` seconds.
    static func run(_ arguments: [String], timeout: Int = 20) throws -> CommandResult {
        let dir = FileManager.default.temporaryDirectory
        let token = UUID().uuidString
        let outPath = dir.appendingPathComponent("swl-cmd-\(token).out").path
        let errPath = dir.appendingPathComponent("swl-cmd-\(token).err").path
        defer {
            unlink(outPath)
            unlink(errPath)
        }
        let out = open(outPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        let err = open(errPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        defer {
            if out >= 0 { close(out) }
            if err >= 0 { close(err) }
        }
        guard out >= 0, err >= 0 else { throw LabError("cannot create output files in \(dir.path)") }
        let pid = try Spawn.start("/usr/bin/timeout", ["-k", "2", String(timeout)] + arguments, output: out, errors: err)
        let status = Spawn.wait(pid)
        let stdout = (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? ""
        let stderr = (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? ""
        return CommandResult(status: status, stdout: stdout, stderr: stderr)
    }

    /// Runs `arguments` and throws, with the output, unless it exits 0.
    @discardableResult
    static func check(_ arguments: [String], timeout: Int = 20) throws -> String {
        let result = try run(arguments, timeout: timeout)
        guard result.succeeded else {
            throw LabError("`\(arguments.joined(separator: " "))` exited \(result.status): \(result.stderr)\(result.stdout)")
        }
        return result.stdout
    }

    /// The full path of `name` on PATH (plus the sbin directories and FRR's), or nil.
    static func which(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        let dirs = path.split(separator: ":").map(String.init) + ["/usr/sbin", "/sbin", "/usr/lib/frr"]
        for dir in dirs {
            let candidate = dir + "/" + name
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}
