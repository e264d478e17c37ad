/// `ShellCommand`: runs an operator's `--check-command` / `--reload-command` with `/bin/sh -c`,
/// as confd does, and captures its standard output and error together (they are what the
/// operator needs to see when it fails).
import Foundation

struct ShellCommand {
    struct Result {
        /// The exit status, or minus the signal number when the command was killed.
        var status: Int32
        var output: String
        var succeeded: Bool { status == 0 }
    }

    let command: String

    func run() throws(RenderError) -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch {
            throw .commandNotStarted(command: command, reason: "\(error.localizedDescription)")
        }
        // Read to EOF before waiting: a command that fills the pipe would otherwise block forever.
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let status = process.terminationReason == .uncaughtSignal ? -process.terminationStatus : process.terminationStatus
        return Result(status: status, output: String(decoding: data, as: UTF8.self))
    }

    /// `text` as one shell word: single-quoted, with embedded single quotes closed and escaped.
    static func quote(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
