/// `swiftletctl reload`: asks swiftletd to re-read its datastore (as SIGHUP does) and prints
/// what changed, or every validation error (the running configuration is then kept; exit 1).
import ArgumentParser
import Daemon

struct ReloadCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "reload", abstract: "Re-read swiftletd's configuration (like SIGHUP).")

    @OptionGroup var control: ControlOptions

    func run() throws {
        var refused = false
        try control.run(.reload, as: ReloadResult.self) { r in
            refused = !r.applied
            return ControlText.reload(r)
        }
        if refused { throw ExitCode(1) }
    }
}
