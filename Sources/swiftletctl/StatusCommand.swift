/// `swiftletctl status`: the daemon's BGP identity, listening socket, peer counts by state,
/// table sizes, its most recent errors, the kernel route writer's state and the datastore's.
import ArgumentParser
import Daemon
import Speaker

struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "status", abstract: "Show swiftletd's BGP status.")

    @OptionGroup var control: ControlOptions

    func run() throws {
        try control.run(.status, as: StatusReport.self, render: ControlText.status)
    }
}
