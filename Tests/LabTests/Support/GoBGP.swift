/// GoBGP 3 in a lab namespace: `gobgpd -f CONF -t toml --api-hosts=127.0.0.1:PORT -p
/// --pprof-disable`, driven with `gobgp -p PORT …` run inside the same namespace (its gRPC API
/// listens on that namespace's loopback). GoBGP has no static routes in its config file: the
/// statics are added with `gobgp global rib add` once it runs.
import Foundation
import NetCore

final class GoBGP: PeerDaemon {
    let kind = LabEnvironment.Daemon.gobgp
    let process: LabProcess
    let namespace: Namespace
    let apiPort: Int

    init(process: LabProcess, namespace: Namespace, apiPort: Int) {
        self.process = process; self.namespace = namespace; self.apiPort = apiPort
    }

    /// `gobgp -p PORT <arguments>` inside the daemon's namespace.
    func gobgp(_ arguments: [String]) throws -> String {
        let r = try namespace.exec(["gobgp", "-p", String(apiPort)] + arguments, timeout: 10)
        guard r.succeeded else { throw LabError("gobgp \(arguments.joined(separator: " ")): \(r.stderr)\(r.stdout)") }
        return r.stdout
    }

    func neighborState(_ neighbor: String) throws -> String {
        let j = try JSON.parse(try gobgp(["neighbor", neighbor, "-j"])) as? [String: Any]
        let state = (j?["state"] as? [String: Any])?["session_state"]
        if let s = state as? String { return s }
        // The API's enum: 1 idle … 6 established.
        let names = [1: "idle", 2: "connect", 3: "active", 4: "opensent", 5: "openconfirm", 6: "established"]
        return JSON.int(state).flatMap { names[$0] } ?? "unknown"
    }

    func neighborDetails(_ neighbor: String) throws -> String {
        try gobgp(["neighbor", neighbor])
    }

    func routes(_ afi: AFI) throws -> [LabRoute] {
        let j = try JSON.parse(try gobgp(["global", "rib", "-a", afi == .ipv4 ? "ipv4" : "ipv6", "-j"]))
        let table = j as? [String: Any] ?? [:]
        var out: [LabRoute] = []
        for prefix in table.keys.sorted() {
            for path in table[prefix] as? [[String: Any]] ?? [] {
                var r = LabRoute(prefix: prefix)
                for attr in path["attrs"] as? [[String: Any]] ?? [] {
                    switch JSON.int(attr["type"]) {
                    case 2:
                        let segments = attr["as_paths"] as? [[String: Any]] ?? []
                        r.asPath = segments.flatMap { ($0["asns"] as? [Any] ?? []).compactMap { JSON.int($0).map(UInt32.init) } }
                    case 3, 14:
                        if let nh = attr["nexthop"] as? String { r.nextHop = nh }
                    case 8:
                        r.communities = (attr["communities"] as? [Any] ?? []).compactMap(JSON.int).map {
                            "\($0 >> 16):\($0 & 0xFFFF)"
                        }
                    case 32:
                        r.largeCommunities = (attr["value"] as? [[String: Any]] ?? []).map {
                            "\(JSON.int($0["ASN"]) ?? -1):\(JSON.int($0["LocalData1"]) ?? -1):\(JSON.int($0["LocalData2"]) ?? -1)"
                        }
                    default: break
                    }
                }
                out.append(r)
            }
        }
        return out
    }

    /// Announces `prefix` from the daemon's global RIB.
    func announce(_ prefix: String, nextHop: String) throws {
        let family = prefix.contains(":") ? "ipv6" : "ipv4"
        _ = try gobgp(["global", "rib", "add", prefix, "nexthop", nextHop, "-a", family])
    }

    /// gobgpd config: one passive neighbor with IPv4 and IPv6 unicast and graceful restart.
    static func config(_ s: PeerSetup) -> String {
        """
        [global.config]
          as = \(s.localAS)
          router-id = "\(s.routerID)"
          port = 179
          local-address-list = ["0.0.0.0", "::"]

        [[neighbors]]
          [neighbors.config]
            neighbor-address = "\(s.neighbor)"
            peer-as = \(s.neighborAS)
          [neighbors.timers.config]
            hold-time = \(s.holdTime)
            keepalive-interval = \(max(1, s.holdTime / 3))
          [neighbors.transport.config]
            passive-mode = true
          # Graceful restart (helper) makes GoBGP send End-of-RIB.
          [neighbors.graceful-restart.config]
            enabled = true
            restart-time = 120
          [[neighbors.afi-safis]]
            [neighbors.afi-safis.config]
              afi-safi-name = "ipv4-unicast"
            [neighbors.afi-safis.mp-graceful-restart.config]
              enabled = true
          [[neighbors.afi-safis]]
            [neighbors.afi-safis.config]
              afi-safi-name = "ipv6-unicast"
            [neighbors.afi-safis.mp-graceful-restart.config]
              enabled = true

        """
    }
}

extension Lab {
    /// Starts gobgpd in `namespace` with `config` (TOML); returns once its API answers.
    func gobgp(in namespace: Namespace, config: String, apiPort: Int = 50151, name: String = "gobgp") throws -> GoBGP {
        let conf = try write("\(name).toml", config)
        let p = try process(in: namespace, [
            "gobgpd", "-f", conf, "-t", "toml", "--api-hosts=127.0.0.1:\(apiPort)", "-p", "--pprof-disable",
        ], name: name)
        let daemon = GoBGP(process: p, namespace: namespace, apiPort: apiPort)
        try waitUntilReady(p) { _ = try daemon.gobgp(["global"]); return true }
        return daemon
    }
}
