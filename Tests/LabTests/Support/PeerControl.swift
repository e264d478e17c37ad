/// What the swiftletd lab tests ask of a peer daemon beyond `PeerDaemon`: withdraw one of its
/// statics, ask us for a ROUTE-REFRESH (`reload in`, `clear bgp … soft in`, `softresetin`), and
/// count the UPDATEs it received from a neighbor (to see our Adj-RIB-Out sent again). GoBGP
/// cannot ask: its `softresetin` re-runs its import policy over its own Adj-RIB-In and sends no
/// ROUTE-REFRESH (server.go `softResetIn`).
/// Also the extra Calico resources those tests write (communities, route reflector clusters).
import Foundation
import NetCore

extension Bird {
    func withdrawStatic(_ prefix: String) throws {
        _ = try birdc(["disable", prefix.contains(":") ? "static6" : "static4"])
    }

    func requestRouteRefresh(_ neighbor: String, afi: AFI) throws {
        _ = try birdc(["reload", "in", Bird.protocolName(neighbor)])
    }

    /// The sum of "Import updates: received" over the protocol's channels.
    func updatesReceived(_ neighbor: String) throws -> Int {
        try neighborDetails(neighbor).split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { $0.hasPrefix("Import updates:") }
            .compactMap { Int($0.dropFirst("Import updates:".count).split(separator: " ").first ?? "") }
            .reduce(0, +)
    }
}

extension FRR {
    /// `vtysh` with several `-c` commands in one session (configuration changes).
    func vtysh(_ commands: [String]) throws -> String {
        try Command.check(["vtysh", "--vty_socket", vtyDirectory] + commands.flatMap { ["-c", $0] }, timeout: 10)
    }

    func withdrawStatic(_ prefix: String, localAS: UInt32) throws {
        let family = prefix.contains(":") ? "ipv6" : "ipv4"
        _ = try vtysh(["configure terminal", "router bgp \(localAS)", "address-family \(family) unicast", "no network \(prefix)"])
    }

    func requestRouteRefresh(_ neighbor: String, afi: AFI) throws {
        _ = try vtysh("clear bgp \(afi == .ipv4 ? "ipv4" : "ipv6") unicast \(neighbor) soft in")
    }

    func updatesReceived(_ neighbor: String) throws -> Int {
        let all = try JSON.parse(try vtysh("show bgp neighbors \(neighbor) json")) as? [String: Any]
        let stats = (all?[neighbor] as? [String: Any])?["messageStats"] as? [String: Any]
        guard let n = JSON.int(stats?["updatesRecv"]) else { throw LabError("FRR: no updatesRecv for \(neighbor)") }
        return n
    }

    /// `show bgp <afi> unicast PREFIX json`: the paths, as FRR prints them.
    func paths(_ prefix: String) throws -> [[String: Any]] {
        let family = prefix.contains(":") ? "ipv6" : "ipv4"
        let detail = try JSON.parse(try vtysh("show bgp \(family) unicast \(prefix) json")) as? [String: Any]
        return detail?["paths"] as? [[String: Any]] ?? []
    }
}

extension GoBGP {
    func withdrawStatic(_ prefix: String) throws {
        _ = try gobgp(["global", "rib", "del", prefix, "-a", prefix.contains(":") ? "ipv6" : "ipv4"])
    }

    func updatesReceived(_ neighbor: String) throws -> Int {
        let j = try JSON.parse(try gobgp(["neighbor", neighbor, "-j"])) as? [String: Any]
        let messages = ((j?["state"] as? [String: Any])?["messages"] as? [String: Any])?["received"] as? [String: Any]
        guard let n = JSON.int(messages?["update"]) else { throw LabError("GoBGP: no received update count for \(neighbor)") }
        return n
    }
}

extension CalicoYAML {
    /// The default BGPConfiguration with a named community and a prefixAdvertisement giving
    /// `cidr` (and everything inside it) that community and a literal one.
    static func bgpConfiguration(asNumber: UInt32, advertise cidr: String, communities: (named: String, literal: String)) -> String {
        bgpConfiguration(asNumber: asNumber, mesh: false) + """

          communities:
          - name: lab-tag
            value: "\(communities.named)"
          prefixAdvertisements:
          - cidr: \(cidr)
            communities:
            - lab-tag
            - "\(communities.literal)"
        """
    }

    /// A Node that is a route reflector with `clusterID`.
    static func reflectorNode(_ name: String, v4: String, clusterID: String) -> String {
        node(name, v4: v4) + "\n    routeReflectorClusterID: \(clusterID)"
    }

    /// A BGPPeer with extra spec lines (`ttlSecurity: 1`, `sourceAddress: None`, a password…).
    static func peer(_ name: String, _ address: String, asNumber: UInt32, spec extra: [String]) -> String {
        peer(name, address, asNumber: asNumber) + extra.map { "\n  \($0)" }.joined()
    }
}

extension Namespace {
    /// The kernel's TCP counter `name` (TcpExt, e.g. TCPMD5Failure, TCPMinTTLDrop) inside this
    /// namespace (`nstat -asz`: absolute values, the namespace's own counters).
    func tcpCounter(_ name: String) -> Int {
        guard let r = try? exec(["nstat", "-asz", "TcpExt\(name)"], timeout: 5), r.succeeded else { return -1 }
        for line in r.stdout.split(whereSeparator: \.isNewline) {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            if fields.count >= 2, fields[0] == "TcpExt\(name)" { return Int(fields[1]) ?? -1 }
        }
        return 0
    }
}

extension Swiftletd {
    /// How many log lines contain `text`.
    func logCount(_ text: String) -> Int { log.components(separatedBy: text).count - 1 }
}
