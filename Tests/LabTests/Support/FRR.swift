/// FRR's bgpd (8.4) in a lab namespace without zebra or systemd:
/// `bgpd -f CONF -i PIDFILE -z ZSOCK --vty_socket DIR -Z -n -S -P 0 -u root -g root --log stdout`
/// (-Z no zebra, -n no kernel routes, -S no capability/user change, -P 0 no TCP vty), queried
/// with `vtysh --vty_socket DIR -c …` (Unix socket: reachable from outside the namespace).
import Foundation
import NetCore

final class FRR: PeerDaemon {
    let kind = LabEnvironment.Daemon.frr
    let process: LabProcess
    let vtyDirectory: String

    init(process: LabProcess, vtyDirectory: String) { self.process = process; self.vtyDirectory = vtyDirectory }

    /// `vtysh --vty_socket DIR -c COMMAND`.
    func vtysh(_ command: String) throws -> String {
        try Command.check(["vtysh", "--vty_socket", vtyDirectory, "-c", command], timeout: 10)
    }

    private func neighborJSON(_ neighbor: String) throws -> [String: Any] {
        let all = try JSON.parse(try vtysh("show bgp neighbors \(neighbor) json")) as? [String: Any]
        guard let n = all?[neighbor] as? [String: Any] else { throw LabError("FRR knows no neighbor \(neighbor)") }
        return n
    }

    func neighborState(_ neighbor: String) throws -> String {
        (try neighborJSON(neighbor)["bgpState"] as? String) ?? "?"
    }

    func neighborDetails(_ neighbor: String) throws -> String {
        try vtysh("show bgp neighbors \(neighbor)")
    }

    /// From the graceful-restart part of `show bgp neighbors X`:
    /// "End-of-RIB received: IPv4 Unicast, IPv6 Unicast" (first such line).
    func endOfRIBReceived(_ neighbor: String) throws -> Set<AFI>? {
        let text = try neighborDetails(neighbor)
        guard let line = text.split(whereSeparator: \.isNewline)
            .first(where: { $0.trimmingCharacters(in: .whitespaces).hasPrefix("End-of-RIB received:") }) else { return nil }
        var families: Set<AFI> = []
        if line.contains("IPv4 Unicast") { families.insert(.ipv4) }
        if line.contains("IPv6 Unicast") { families.insert(.ipv6) }
        return families
    }

    func routes(_ afi: AFI) throws -> [LabRoute] {
        let family = afi == .ipv4 ? "ipv4" : "ipv6"
        let top = try JSON.parse(try vtysh("show bgp \(family) unicast json")) as? [String: Any]
        let table = top?["routes"] as? [String: Any] ?? [:]
        var out: [LabRoute] = []
        for prefix in table.keys.sorted() {
            // The per-prefix view carries communities; the table view does not.
            let detail = try JSON.parse(try vtysh("show bgp \(family) unicast \(prefix) json")) as? [String: Any]
            for path in detail?["paths"] as? [[String: Any]] ?? [] {
                var r = LabRoute(prefix: prefix)
                let hops = path["nexthops"] as? [[String: Any]] ?? []
                r.nextHop = (hops.first { ($0["scope"] as? String) != "link-local" } ?? hops.first)?["ip"] as? String
                let aspath = (path["aspath"] as? [String: Any])?["string"] as? String ?? ""
                r.asPath = aspath.split(separator: " ").compactMap { UInt32($0) }
                let comm = (path["community"] as? [String: Any])?["string"] as? String ?? ""
                r.communities = comm.split(separator: " ").map(String.init)
                let large = (path["largeCommunity"] as? [String: Any])?["string"] as? String ?? ""
                r.largeCommunities = large.split(separator: " ").map(String.init)
                out.append(r)
            }
        }
        return out
    }

    /// bgpd config: one passive neighbor activated for IPv4 and IPv6 unicast, no policy
    /// required, the statics as `network` statements (no import check: nothing to resolve).
    static func config(_ s: PeerSetup) -> String {
        let n = s.neighbor
        let nets4 = s.statics.filter { !$0.prefix.contains(":") }.map { "  network \($0.prefix)" }
        let nets6 = s.statics.filter { $0.prefix.contains(":") }.map { "  network \($0.prefix)" }
        // Over an IPv4 session FRR would send an IPv4-mapped IPv6 next hop (::ffff:a.b.c.d);
        // name the global one, as an operator would.
        let nh6 = s.neighborIsV6 ? "" : "  neighbor \(n) route-map LAB-NH6 out\n"
        // Over an IPv6 session it would send NEXT_HOP 0.0.0.0 for IPv4 routes.
        let nh4 = s.neighborIsV6 ? "  neighbor \(n) route-map LAB-NH4 out\n" : ""
        return """
        frr defaults traditional
        hostname lab-frr
        log stdout informational
        !
        route-map LAB-NH6 permit 10
         set ipv6 next-hop global \(s.localV6)
        !
        route-map LAB-NH4 permit 10
         set ip next-hop \(s.localV4)
        !
        router bgp \(s.localAS)
         bgp router-id \(s.routerID)
         bgp log-neighbor-changes
         no bgp ebgp-requires-policy
         no bgp network import-check
         no bgp default ipv4-unicast
         neighbor \(n) remote-as \(s.neighborAS)
         neighbor \(n) passive
         neighbor \(n) timers 30 \(s.holdTime)
         !
         address-family ipv4 unicast
        \(nets4.joined(separator: "\n"))
          neighbor \(n) activate
        \(nh4) exit-address-family
         !
         address-family ipv6 unicast
        \(nets6.joined(separator: "\n"))
          neighbor \(n) activate
        \(nh6) exit-address-family
        !

        """
    }
}

extension Lab {
    /// Starts FRR's bgpd in `namespace` with `config`; returns once vtysh can reach it.
    func frr(in namespace: Namespace, config: String, name: String = "frr") throws -> FRR {
        let dir = path(name)
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let conf = try write("\(name)/bgpd.conf", config)
        let p = try process(in: namespace, [
            "bgpd", "-f", conf, "-i", "\(dir)/bgpd.pid", "-z", "\(dir)/zserv.api", "--vty_socket", dir,
            "-Z", "-n", "-S", "-P", "0", "-u", "root", "-g", "root", "--log", "stdout",
        ], name: name)
        let frr = FRR(process: p, vtyDirectory: dir)
        try waitUntilReady(p) { _ = try frr.vtysh("show bgp summary"); return true }
        return frr
    }
}
