/// The options every control-socket subcommand shares (`--socket`, `--json`), and the one call
/// that sends a request and prints the raw JSON or hands the decoded result to a table printer.
import ArgumentParser
import Daemon
import Foundation

struct ControlOptions: ParsableArguments {
    @Option(name: .long, help: "swiftletd's control socket.")
    var socket = ControlProtocol.defaultSocketPath

    @Flag(name: .long, help: "Print the daemon's JSON reply as it is.")
    var json = false

    /// Sends `request`; prints the raw reply with --json, else decodes it and calls `render`.
    /// An unreachable daemon or an error reply is printed to stderr with exit status 1.
    func run<Result: Codable & Sendable>(_ request: ControlRequest, as type: Result.Type,
                                         render: (Result) -> String) throws {
        let client = ControlClient(path: socket)
        do {
            let raw = try client.send(request)
            if json {
                print(String(decoding: raw, as: UTF8.self))
                _ = try ControlClient.decode(raw, as: type)   // still fail (exit 1) on an error reply
            } else {
                print(render(try ControlClient.decode(raw, as: type)), terminator: "")
            }
        } catch {
            FileHandle.standardError.write(Data("swiftletctl: \(error)\n".utf8))
            throw ExitCode(1)
        }
    }
}
