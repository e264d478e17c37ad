/// swiftletd programming the kernel of its namespace (proto 201, main table) from BGP: a route
/// BIRD announces in a pool without encapsulation appears as `via <BIRD>` within a second and
/// goes within a second of the withdrawal; the local block has its blackhole; a route added by
/// hand with another protocol is never touched; one of ours deleted by hand comes back on
/// SIGHUP; after kill -9 and a restart the learned route is never missing (polled throughout)
/// while a stale route of ours is removed once BGP has converged again. Tunnels: with a VXLAN,
/// an IPIP and a Never pool, BIRD's routes appear `via <VTEP> dev vxlan.calico onlink` (device,
/// neighbour and FDB entries as Calico's, the node's VXLAN address and MAC allocated and
/// published into the datastore, and a ping crosses the tunnel to a VTEP built by hand in BIRD's
/// namespace) and `via <BIRD>`; on a kernel without ipip the IPIP pool is reported in
/// `swiftletctl status` with the remedy while the other pools keep working.
import Daemon
import Foundation
import Glibc
import Speaker
import Testing

extension LabSuite {
    @Suite("swiftletd kernel routes", .serialized,
           .enabled(if: SwiftletBinaries.isAvailable, Comment(rawValue: SwiftletBinaries.reason)))
    struct SwiftletdKernelRouteTests {
        static let nodeAS: UInt32 = 64512, birdAS: UInt32 = 65001
        static let learned = "100.64.2.0/26", block = "100.64.1.0/26", stale = "100.64.9.0/26"

        /// swiftletd with kernel options, started in `namespace`; returns once `status` answers.
        static func start(_ lab: Lab, in namespace: Namespace, store: String, name: String) throws -> Swiftletd {
            guard let binary = SwiftletBinaries.swiftletd else { throw LabError(SwiftletBinaries.reason) }
            let socket = lab.path("node-1.sock")
            let p = try lab.process(in: namespace, [
                "env", "SWIFT_BACKTRACE=enable=no", binary, "--node", "node-1", "--datastore", "file:\(store)",
                "--control-socket", socket, "--pidfile", lab.path("node-1.pid"), "--secrets-dir", lab.path("secrets"),
                "--log-level", "debug", "--kernel-grace", "30", "--kernel-resync", "600",
            ], name: name)
            let d = Swiftletd(node: "node-1", process: p, socket: socket, datastore: store)
            try lab.waitUntilReady(p) { _ = try d.ctl(["status"], as: SpeakerStatus.self); return true }
            return d
        }

        /// `ip -n NS route show proto 201`, one route per line.
        static func ours(_ ns: Namespace) -> [String] {
            ((try? ns.ip(["route", "show", "proto", "201"])) ?? "").split(separator: "\n").map {
                $0.trimmingCharacters(in: .whitespaces)
            }
        }

        static func has(_ ns: Namespace, _ prefix: String, _ form: String) -> Bool {
            ours(ns).contains { $0.hasPrefix(prefix) || $0.hasPrefix("blackhole \(prefix)") ? $0.contains(form) : false }
        }

        static func phase(_ d: Swiftletd) -> String? { try? d.ctl(["routes", "--kernel"], as: KernelRoutes.self).status.phase }

        /// Seconds until `condition` holds (nil if not within `timeout`).
        static func timeUntil(_ timeout: Double, _ condition: () -> Bool) -> Double? {
            let start = Date()
            while Date().timeIntervalSince(start) < timeout {
                if condition() { return Date().timeIntervalSince(start) }
                usleep(20_000)
            }
            return nil
        }

        @Test("BIRD announces/withdraws → kernel route within a second; blackhole; foreign routes untouched; SIGHUP repairs; kill -9 restart keeps the route",
              .enabled(if: LabEnvironment.Daemon.bird.isAvailable, Comment(rawValue: LabEnvironment.Daemon.bird.reason)))
        func kernelRoutes() async throws {
            try await Lab.run { lab in
                let nodeNS = try lab.namespace("node")
                let birdNS = try lab.namespace("bird")
                try lab.link(birdNS, nodeNS, v4: ("192.0.2.1/24", "192.0.2.2/24"))
                let bird = try lab.bird(in: birdNS, config: Bird.config(PeerSetup(
                    routerID: "192.0.2.1", localAS: Self.birdAS, localV4: "192.0.2.1", localV6: "2001:db8:1::1",
                    neighbor: "192.0.2.2", neighborAS: Self.nodeAS, statics: [(Self.learned, "192.0.2.1")])))
                let store = try lab.datastore("node-1", [
                    CalicoYAML.bgpConfiguration(asNumber: Self.nodeAS, mesh: false),
                    CalicoYAML.node("node-1", v4: "192.0.2.2/24"),
                    CalicoYAML.pool("pods-v4", "100.64.0.0/16"),
                    CalicoYAML.block("node-1", Self.block),
                    CalicoYAML.peer("tor-bird", "192.0.2.1", asNumber: Self.birdAS),
                ])
                // Someone else's route (proto static), and the same prefix as ours in another table.
                try nodeNS.ip(["route", "add", "198.51.100.0/24", "via", "192.0.2.1", "proto", "static"])
                try nodeNS.ip(["route", "add", Self.learned, "via", "192.0.2.1", "proto", "static", "table", "100"])
                var node = try Self.start(lab, in: nodeNS, store: store, name: "swiftletd-1")

                let programming = Wait.until(timeout: .seconds(20)) { Self.phase(node) == "programming" }
                try #require(programming, Comment(rawValue: "kernel writer still \(Self.phase(node) ?? "?")\n\(node.evidence)"))
                let first = Wait.until(timeout: .seconds(5)) { Self.has(nodeNS, Self.learned, "via 192.0.2.1") }
                try #require(first, Comment(rawValue: "\(Self.ours(nodeNS))\n\(node.table(["routes", "--kernel"]))\n\(node.evidence)"))
                #expect(Self.has(nodeNS, Self.block, "blackhole"), Comment(rawValue: "\(Self.ours(nodeNS))"))
                print(node.table(["routes", "--kernel"]))

                // Withdraw and announce again: within a second each way.
                _ = try bird.birdc(["disable", "static4"])
                let gone = Self.timeUntil(3) { !Self.has(nodeNS, Self.learned, "via") }
                #expect(gone.map { $0 < 1 } == true, Comment(rawValue: "withdrawal took \(gone.map { "\($0) s" } ?? "too long"): \(Self.ours(nodeNS))"))
                _ = try bird.birdc(["enable", "static4"])
                let back = Self.timeUntil(3) { Self.has(nodeNS, Self.learned, "via 192.0.2.1") }
                #expect(back.map { $0 < 1 } == true, Comment(rawValue: "announcement took \(back.map { "\($0) s" } ?? "too long"): \(Self.ours(nodeNS))"))
                print("lab kernel: withdrawal in \(gone ?? -1) s, announcement in \(back ?? -1) s")

                // Deleted by hand: back after SIGHUP (resync).
                try nodeNS.ip(["route", "del", Self.learned, "proto", "201"])
                #expect(!Self.has(nodeNS, Self.learned, "via"))
                kill(node.process.pid, SIGHUP)
                let repaired = Wait.until(timeout: .seconds(3)) { Self.has(nodeNS, Self.learned, "via 192.0.2.1") }
                #expect(repaired, Comment(rawValue: "\(Self.ours(nodeNS))\n\(node.log.suffix(1500))"))

                // kill -9, a stale route of ours appears meanwhile, restart: the learned route is
                // never missing; the stale one goes once BGP has converged.
                kill(node.process.pid, SIGKILL)
                _ = Wait.until(timeout: .seconds(5)) { !node.process.isRunning }
                try nodeNS.ip(["route", "add", Self.stale, "via", "192.0.2.1", "proto", "201"])
                var missing: [String] = []
                let check = { (when: String) in
                    if !Self.has(nodeNS, Self.learned, "via 192.0.2.1") { missing.append(when) }
                }
                let down = Date()
                while Date().timeIntervalSince(down) < 0.5 { check("while down"); usleep(20_000) }
                node = try Self.start(lab, in: nodeNS, store: store, name: "swiftletd-2")
                check("after restart")
                #expect(Self.has(nodeNS, Self.stale, "via"), "a stale route is kept while holding")
                let again = Self.timeUntil(20) { check("while starting"); return Self.phase(node) == "programming" }
                #expect(again != nil, Comment(rawValue: "kernel writer still \(Self.phase(node) ?? "?")\n\(node.evidence)"))
                let staleGone = Self.timeUntil(5) { check("after converging"); return !Self.has(nodeNS, Self.stale, "via") }
                #expect(staleGone != nil, Comment(rawValue: "\(Self.ours(nodeNS))"))
                for _ in 0..<10 { check("after converging"); usleep(20_000) }
                #expect(missing.isEmpty, Comment(rawValue: "learned route missing: \(Set(missing))\n\(node.log.suffix(2000))"))

                // Other protocols' and other tables' routes never touched.
                let foreign = try nodeNS.ip(["route", "show", "198.51.100.0/24"])
                #expect(foreign.contains("proto static"), Comment(rawValue: foreign))
                let other = try nodeNS.ip(["route", "show", "table", "100"])
                #expect(other.contains(Self.learned), Comment(rawValue: other))
                node.process.stop()
                _ = bird
            }
        }

        /// A Node resource with VXLAN tunnel address and MAC (Calico writes these at start).
        static func vxlanNode(_ name: String, v4: String, vtep: String, mac: String) -> String {
            CalicoYAML.node(name, v4: v4) + "\n  ipv4VXLANTunnelAddr: \(vtep)\n  vxlanTunnelMACAddr: \"\(mac)\""
        }

        static func ipPool(_ name: String, _ cidr: String, _ mode: String) -> String {
            CalicoYAML.pool(name, cidr) + "\n  \(mode)"
        }

        @Test("pool route forms: vxlan via the VTEP on vxlan.calico (and a ping through it), Never direct, ipip without the module reported",
              .enabled(if: LabEnvironment.Daemon.bird.isAvailable, Comment(rawValue: LabEnvironment.Daemon.bird.reason)))
        func tunnelRouteForms() async throws {
            try await Lab.run { lab in
                let nodeNS = try lab.namespace("node")
                let birdNS = try lab.namespace("bird")
                let link = try lab.link(birdNS, nodeNS, v4: ("192.0.2.1/24", "192.0.2.2/24"))
                let direct = "100.64.2.0/26", overlay = "100.65.2.0/26", ipip = "100.66.2.0/26"
                let bird = try lab.bird(in: birdNS, config: Bird.config(PeerSetup(
                    routerID: "192.0.2.1", localAS: Self.birdAS, localV4: "192.0.2.1", localV6: "2001:db8:1::1",
                    neighbor: "192.0.2.2", neighborAS: Self.nodeAS,
                    statics: [(direct, "192.0.2.1"), (overlay, "192.0.2.1"), (ipip, "192.0.2.1")])))
                // BIRD stands for node-2: its address is the BGP next hop, its VTEP is 100.65.9.0.
                let store = try lab.datastore("node-1", [
                    CalicoYAML.bgpConfiguration(asNumber: Self.nodeAS, mesh: false),
                    // node-1 has no VXLAN address or MAC yet: swiftletd allocates and publishes them.
                    CalicoYAML.node("node-1", v4: "192.0.2.2/24"),
                    Self.vxlanNode("node-2", v4: "192.0.2.1/24", vtep: "100.65.9.0", mac: "66:55:44:33:22:09"),
                    CalicoYAML.pool("direct", "100.64.0.0/16"),
                    Self.ipPool("overlay", "100.65.0.0/16", "vxlanMode: Always"),
                    Self.ipPool("tunnel", "100.66.0.0/16", "ipipMode: Always"),
                    CalicoYAML.block("node-1", "100.65.1.0/26"),
                    CalicoYAML.peer("tor-bird", "192.0.2.1", asNumber: Self.birdAS),
                ])
                // With the ipip module the kernel gives every namespace a tunl0; without, none.
                let hasIPIP = (try? nodeNS.ip(["link", "show", "tunl0"])) != nil
                let node = try Self.start(lab, in: nodeNS, store: store, name: "swiftletd-tunnels")
                let programming = Wait.until(timeout: .seconds(20)) { Self.phase(node) == "programming" }
                try #require(programming, Comment(rawValue: "kernel writer still \(Self.phase(node) ?? "?")\n\(node.evidence)"))

                let vxlanForm = "via 100.65.9.0 dev vxlan.calico onlink"  // `ip route show proto 201` omits the proto
                let routed = Wait.until(timeout: .seconds(5)) {
                    Self.has(nodeNS, overlay, vxlanForm) && Self.has(nodeNS, direct, "via 192.0.2.1 dev")
                }
                try #require(routed, Comment(rawValue: "\(Self.ours(nodeNS))\n\(node.table(["routes", "--kernel"]))\n\(node.evidence)"))
                let device = try nodeNS.ip(["-d", "link", "show", "vxlan.calico"])
                for part in ["vxlan id 4096", "local 192.0.2.2 dev \(link.interfaceB)", "dstport 4789", "nolearning", "mtu 1450",
                             ",UP,"] {
                    #expect(device.contains(part), Comment(rawValue: "\(part) missing:\n\(device)"))
                }
                // The allocated MAC: random, locally administered unicast; published with the address.
                let mac = try #require(device.components(separatedBy: "link/ether ").dropFirst().first.map { String($0.prefix(17)) })
                let firstOctet = try #require(UInt8(mac.prefix(2), radix: 16))
                #expect(firstOctet & 0x03 == 0x02, Comment(rawValue: mac))
                let published = Wait.until(timeout: .seconds(5)) {
                    let files = (FileManager.default.enumerator(atPath: store)?.allObjects as? [String]) ?? []
                    let text = files.compactMap { try? String(contentsOfFile: "\(store)/\($0)", encoding: .utf8) }.joined()
                    return text.contains("ipv4VXLANTunnelAddr: \"100.65.1.0\"") && text.contains("vxlanTunnelMACAddr: \"\(mac)\"")
                }
                #expect(published, Comment(rawValue: "node-1's VXLAN address and MAC \(mac) not in the datastore\n\(node.log.suffix(1500))"))
                let address = try nodeNS.ip(["-4", "addr", "show", "dev", "vxlan.calico"])
                #expect(address.contains("inet 100.65.1.0/32"), Comment(rawValue: address))
                let neigh = try nodeNS.ip(["neigh", "show", "dev", "vxlan.calico"])
                #expect(neigh.contains("100.65.9.0 lladdr 66:55:44:33:22:09 PERMANENT"), Comment(rawValue: neigh))
                let fdb = try Command.check(["bridge", "-n", nodeNS.name, "fdb", "show", "dev", "vxlan.calico"])
                #expect(fdb.contains("66:55:44:33:22:09 dst 192.0.2.1 self permanent"), Comment(rawValue: fdb))

                // IPIP: routed through tunl0 where the kernel has it; else one clear error, in status.
                let status = try node.ctl(["status"], as: DaemonStatus.self).kernel
                if hasIPIP {
                    let viaTunl0 = Wait.until(timeout: .seconds(5)) { Self.has(nodeNS, ipip, "via 192.0.2.1 dev tunl0 onlink") }
                    #expect(viaTunl0, Comment(rawValue: "\(Self.ours(nodeNS))"))
                } else {
                    #expect(!Self.has(nodeNS, ipip, "via"), Comment(rawValue: "\(Self.ours(nodeNS))"))
                    let skipped = status.skippedPools.first { $0.name == "tunnel" }
                    let reason = skipped?.reason ?? ""
                    for part in ["IP pool tunnel (100.66.0.0/16) uses ipipMode Always and needs tunl0", "EOPNOTSUPP",
                                 "modprobe ipip", "vxlanMode"] {
                        #expect(reason.contains(part), Comment(rawValue: "\(part) missing: \(status.skippedPools)"))
                    }
                    #expect(skipped?.skippedRoutes == 1)
                    let text = node.table(["status"])
                    #expect(text.contains("skipped pool tunnel (100.66.0.0/16), 1 route(s)"), Comment(rawValue: text))
                    let errors = node.log.split(separator: "\n").filter { $0.contains(" error ") && $0.contains("tunl0") }
                    #expect(errors.count == 1, Comment(rawValue: "one error line for the pool: \(errors)"))
                }
                let routesText = node.table(["routes", "--kernel"])
                for part in ["\(overlay) \(vxlanForm) proto 201",
                             "device vxlan.calico (vxlan", "neighbours\n  100.65.9.0 lladdr 66:55:44:33:22:09",
                             "fdb\n  66:55:44:33:22:09 dev vxlan.calico dst 192.0.2.1"] {
                    #expect(routesText.contains(part), Comment(rawValue: "\(part) missing:\n\(routesText)"))
                }
                print(routesText)

                // The data path: BIRD's namespace gets node-2's VTEP by hand, and a ping from the
                // node to an address inside the overlay route crosses vxlan.calico both ways.
                for args in [
                    ["link", "add", "vxlan.calico", "address", "66:55:44:33:22:09", "type", "vxlan", "id", "4096", "dstport", "4789",
                     "dev", link.interfaceA, "local", "192.0.2.1", "nolearning"],
                    ["link", "set", "vxlan.calico", "up"],
                    ["addr", "add", "100.65.9.0/32", "dev", "vxlan.calico"],
                    ["addr", "add", "100.65.2.1/32", "dev", "lo"],
                    ["neigh", "replace", "100.65.1.0", "lladdr", mac, "dev", "vxlan.calico", "nud", "permanent"],
                    ["route", "add", "100.65.1.0/26", "via", "100.65.1.0", "dev", "vxlan.calico", "onlink"],
                ] { try birdNS.ip(args) }
                try Command.check(["bridge", "-n", birdNS.name, "fdb", "append", mac, "dev", "vxlan.calico",
                                   "dst", "192.0.2.2", "self", "permanent"])
                let ping = try nodeNS.exec(["ping", "-c", "3", "-i", "0.2", "-W", "2", "100.65.2.1"])
                #expect(ping.succeeded, Comment(rawValue: "\(ping.stdout)\(ping.stderr)"))
                print("lab vxlan ping: \(ping.stdout.split(separator: "\n").last ?? "")")
                node.process.stop()
                _ = bird
            }
        }
    }
}
