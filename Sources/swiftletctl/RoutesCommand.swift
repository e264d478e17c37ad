/// `swiftletctl routes [PREFIX]`: the Loc-RIB with every path of each prefix — best (`*`) and
/// multipath (`+`) marked — next hop, AS path, communities and the peer it came from.
import ArgumentParser
import Daemon
import NetCore
import Speaker

struct RoutesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "routes", abstract: "Show swiftletd's routes (all, or one prefix).")

    @Argument(help: "Only this prefix (e.g. 100.64.1.0/26).")
    var prefix: String?

    @OptionGroup var control: ControlOptions

    func validate() throws {
        if let prefix, IPPrefix(prefix) == nil { throw ValidationError("\"\(prefix)\" is not a prefix (e.g. 100.64.1.0/26)") }
    }

    func run() throws {
        try control.run(.routes(prefix.flatMap { IPPrefix($0) }), as: [RouteStatus].self, render: ControlText.routes)
    }
}
