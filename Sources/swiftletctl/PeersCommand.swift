/// `swiftletctl peers`: one line per configured peer, like `birdc show protocols` and
/// `calicoctl node status`: name, address, type (mesh/global/node/rr-client), AS, state, since,
/// prefixes received/accepted/advertised, last error.
import ArgumentParser
import Daemon
import Speaker

struct PeersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "peers", abstract: "Show swiftletd's BGP peers.")

    @OptionGroup var control: ControlOptions

    func run() throws {
        try control.run(.peers, as: [PeerStatus].self, render: ControlText.peers)
    }
}
