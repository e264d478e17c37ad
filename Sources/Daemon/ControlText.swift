/// `ControlText`: the human forms of the control replies that `swiftletctl` prints without
/// `--json` — status as aligned key/value lines, peers like `birdc show protocols` /
/// `calicoctl node status`, routes with every path (`*` best, `+` multipath).
import Speaker

public enum ControlText {
    public static func status(_ s: SpeakerStatus) -> String {
        var lines = [
            "router ID      \(s.routerID)",
            "AS             \(s.localAS)",
        ]
        if let cluster = s.clusterID { lines.append("cluster ID     \(cluster) (route reflector)") }
        let addresses = s.listenAddresses.isEmpty ? "any" : s.listenAddresses.joined(separator: ", ")
        lines.append("listening      port \(s.listenPort) on \(addresses)")
        lines.append("uptime         \(TextTable.duration(s.uptime))")
        let states = s.peersByState.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
        lines.append("peers          \(s.establishedPeers)/\(s.totalPeers) established" + (states.isEmpty ? "" : " (\(states))"))
        lines.append("prefixes       \(s.ipv4Prefixes) IPv4, \(s.ipv6Prefixes) IPv6")
        if s.refusedConnections > 0 {
            let by = s.refusedByAddress.sorted { $0.key < $1.key }.map { "\($0.key) ×\($0.value)" }.joined(separator: ", ")
            lines.append("refused        \(s.refusedConnections) connection(s) from unconfigured addresses: \(by)")
        }
        if !s.lastErrors.isEmpty {
            lines.append("last errors")
            lines += s.lastErrors.map { "  \($0)" }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    public static func peers(_ peers: [PeerStatus]) -> String {
        guard !peers.isEmpty else { return "no peers configured\n" }
        var table = TextTable(["NAME", "PEER ADDRESS", "TYPE", "AS", "STATE", "SINCE", "RECV/ACC/ADV", "LAST ERROR"])
        for p in peers {
            let address = p.port == 179 ? p.address : "\(p.address) port \(p.port)"
            let state = p.passive && p.state != "Established" ? "\(p.state) (passive)" : p.state
            table.add([p.name, address, p.kind.rawValue, "\(p.remoteAS)", state,
                       "\(TextTable.time(p.since)) (\(TextTable.duration(p.secondsInState)))",
                       "\(p.prefixesReceived)/\(p.prefixesAccepted)/\(p.prefixesAdvertised)",
                       p.lastError ?? ""])
        }
        return table.text
    }

    public static func routes(_ routes: [RouteStatus]) -> String {
        guard !routes.isEmpty else { return "no routes\n" }
        var table = TextTable(["PREFIX", "", "NEXT HOP", "AS PATH", "FROM", "COMMUNITIES"])
        var previous: String?
        for r in routes {
            let mark = r.best ? "*" : r.multipath ? "+" : ""
            let from = r.fromPeer == "local" ? "local" : "\(r.fromPeer) (\(r.fromPeerName))"
            let communities = (r.communities + r.largeCommunities).joined(separator: " ")
            table.add([r.prefix == previous ? "" : r.prefix, mark, r.nextHop ?? "-",
                       r.asPath.isEmpty ? "-" : r.asPath, from, communities])
            previous = r.prefix
        }
        return table.text
    }

    public static func reload(_ r: ReloadResult) -> String {
        if r.applied {
            var text = r.changes.isEmpty ? "applied: no change\n" : "applied:\n" + r.changes.map { "  \($0)\n" }.joined()
            if let plan = r.plan, !plan.isEmpty { text += "plan:\n" + plan.map { "  \($0)\n" }.joined() }
            return text
        }
        return "refused, the running configuration is kept (\(r.errors.count) error(s)):\n" + r.errors.map { "  \($0)\n" }.joined()
    }
}
