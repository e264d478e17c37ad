/// swiftletctl: the command-line front end of Swiftlet. Thin: each subcommand parses its
/// arguments and calls into a library module.
import ArgumentParser

@main
struct SwiftletCtl: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "swiftletctl",
        abstract: "Swiftlet control tool.",
        subcommands: [MRTCommand.self, CheckCommand.self, StatusCommand.self, PeersCommand.self, RoutesCommand.self, ReloadCommand.self, BenchCommand.self, RenderCommand.self, ApplyCommand.self, GetCommand.self, DeleteCommand.self])
}
