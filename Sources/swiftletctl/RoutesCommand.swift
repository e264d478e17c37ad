/// `swiftletctl routes [PREFIX]`: the Loc-RIB with every path of each prefix — best (`*`) and
/// multipath (`+`) marked — next hop, AS path, communities and the peer it came from.
/// `--kernel`: what swiftletd programmed into the kernel and every route that failed, and why.
import ArgumentParser
import Daemon
import NetCore
import Speaker

struct RoutesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "routes", abstract: "Show swiftletd's routes (all, or one prefix).")

    @Argument(help: "Only this prefix (e.g. 100.64.1.0/26).")
    var prefix: String?

    @Flag(name: .long, help: "Show the routes programmed into the kernel and those that failed.")
    var kernel = false

    @OptionGroup var control: ControlOptions

    func validate() throws {
        if kernel, prefix != nil { throw ValidationError("--kernel shows every kernel route; it takes no prefix") }
        if let prefix, IPPrefix(prefix) == nil { throw ValidationError("\"\(prefix)\" is not a prefix (e.g. 100.64.1.0/26)") }
    }

    func run() throws {
        if kernel { return try control.run(.kernelRoutes, as: KernelRoutes.self, render: ControlText.kernelRoutes) }
        try control.run(.routes(prefix.flatMap { IPPrefix($0) }), as: [RouteStatus].self, render: ControlText.routes)
    }
}
