/// BIRD 2 in a lab namespace: `bird -f -c CONF -s SOCK` (foreground, so the PID we keep is
/// BIRD's), queried with `birdc -s SOCK` (a Unix socket: no namespace needed to reach it).
import Foundation
import NetCore

final class Bird: PeerDaemon {
    let kind = LabEnvironment.Daemon.bird
    let process: LabProcess
    let socketPath: String

    init(process: LabProcess, socketPath: String) { self.process = process; self.socketPath = socketPath }

    /// `birdc -s SOCK <command words>`.
    func birdc(_ words: [String]) throws -> String {
        try Command.check(["birdc", "-s", socketPath] + words, timeout: 10)
    }

    /// The protocol name used for a neighbor in configs made by `config(_:)`.
    static func protocolName(_ neighbor: String) -> String {
        "peer_" + neighbor.map { $0.isLetter || $0.isNumber ? String($0) : "_" }.joined()
    }

    func neighborState(_ neighbor: String) throws -> String {
        let text = try neighborDetails(neighbor)
        for line in text.split(whereSeparator: \.isNewline) {
            let t = line.trimmingCharacters(in: .whitespaces)
            if t.hasPrefix("BGP state:") { return t.dropFirst("BGP state:".count).trimmingCharacters(in: .whitespaces) }
        }
        throw LabError("no BGP state in: \(text)")
    }

    func neighborDetails(_ neighbor: String) throws -> String {
        try birdc(["show", "protocols", "all", Bird.protocolName(neighbor)])
    }

    func routes(_ afi: AFI) throws -> [LabRoute] {
        let table = afi == .ipv4 ? "master4" : "master6"
        return Bird.parseRoutes(try birdc(["show", "route", "all", "table", table]))
    }

    /// Parses `show route all`: a line starting with a prefix opens a route, an indented
    /// "unicast [...]" line opens another route of the same prefix, tab-indented
    /// "BGP.x: value" lines are its attributes.
    static func parseRoutes(_ text: String) -> [LabRoute] {
        var routes: [LabRoute] = []
        var prefix = ""
        for rawLine in text.split(whereSeparator: \.isNewline) {
            let line = String(rawLine)
            if line.hasPrefix("BIRD ") || line.hasPrefix("Table ") || line.isEmpty { continue }
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            if let first = fields.first, !line.hasPrefix(" "), !line.hasPrefix("\t"), IPPrefix(first) != nil {
                prefix = String(first)
                routes.append(LabRoute(prefix: prefix))
            } else if line.hasPrefix(" "), !prefix.isEmpty, line.contains("[") {
                routes.append(LabRoute(prefix: prefix))
            } else if line.hasPrefix("\t"), !routes.isEmpty {
                let t = line.trimmingCharacters(in: .whitespaces)
                guard let colon = t.firstIndex(of: ":") else { continue }
                let key = String(t[..<colon])
                let value = t[t.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                let i = routes.count - 1
                switch key {
                case "BGP.next_hop": routes[i].nextHop = value.split(separator: " ").first.map(String.init)
                case "BGP.as_path": routes[i].asPath = value.split(separator: " ").compactMap { UInt32($0) }
                case "BGP.community": routes[i].communities = tuples(value).map { $0.joined(separator: ":") }
                case "BGP.large_community": routes[i].largeCommunities = tuples(value).map { $0.joined(separator: ":") }
                default: break
                }
            }
        }
        return routes
    }

    /// "(1,2) (3,4)" → [["1","2"],["3","4"]] (also for "(1, 2, 3)").
    private static func tuples(_ text: String) -> [[String]] {
        text.split(separator: ")").compactMap { part -> [String]? in
            guard let open = part.firstIndex(of: "(") else { return nil }
            return part[part.index(after: open)...].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        }
    }

    /// A config with one passive neighbor, IPv4 and IPv6 channels importing and exporting
    /// everything, and the statics as blackhole routes.
    static func config(_ s: PeerSetup) -> String {
        let statics4 = s.statics.filter { !$0.prefix.contains(":") }.map { "  route \($0.prefix) blackhole;" }
        let statics6 = s.statics.filter { $0.prefix.contains(":") }.map { "  route \($0.prefix) blackhole;" }
        let local = s.neighborIsV6 ? s.localV6 : s.localV4
        // iBGP peers are on the link itself (BIRD assumes multihop for iBGP; no IGP in the lab).
        let direct = s.isInternal ? "\n  direct;" : ""
        // Over an IPv6 session the IPv4 next hop must be named (and vice versa).
        let nh4 = s.neighborIsV6 ? " next hop address \(s.localV4);" : ""
        let nh6 = s.neighborIsV6 ? "" : " next hop address \(s.localV6);"
        return """
        router id \(s.routerID);
        log stderr all;
        protocol device { scan time 10; }
        protocol static static4 {
          ipv4;
        \(statics4.joined(separator: "\n"))
        }
        protocol static static6 {
          ipv6;
        \(statics6.joined(separator: "\n"))
        }
        protocol bgp \(protocolName(s.neighbor)) {
          local \(local) as \(s.localAS);
          neighbor \(s.neighbor) as \(s.neighborAS);
          passive on;\(direct)
          hold time \(s.holdTime);
          ipv4 { import all; export all;\(nh4) };
          ipv6 { import all; export all;\(nh6) };
        }

        """
    }
}

extension Lab {
    /// Starts BIRD 2 in `namespace` with `config`; returns once its control socket answers.
    func bird(in namespace: Namespace, config: String, name: String = "bird") throws -> Bird {
        let conf = try write("\(name).conf", config)
        let sock = path("\(name).ctl")
        let p = try process(in: namespace, ["bird", "-f", "-c", conf, "-s", sock], name: name)
        let bird = Bird(process: p, socketPath: sock)
        try waitUntilReady(p) { _ = try bird.birdc(["show", "status"]); return true }
        return bird
    }
}
